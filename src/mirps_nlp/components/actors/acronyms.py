"""Organisations a release defines itself: "Long Name (ACR)", "ACR, the Long Name", and
ministries named with their state ("Guatemala's Ministry of Foreign Affairs").

A definition ties the two forms to one actor: the gazetteer's when either form is known
("National Commission for Refugee Assistance (COMAR)" -> org:COMAR), else a new ``org:ACR``.
The long name must read as a body (an organisation head word such as "Network", "Commission")
and not as an event, a text or a theme ("Global Refugee Forum (GRF)", "Gender-Based Violence
(GBV)"). Later bare uses of a new acronym or long name become mentions too.
"""

from __future__ import annotations

import re

import numpy
from spacy.tokens import Doc

from mirps_nlp.components.actors.mentions import ActorInfo, Mention, MentionIndex, TokenView
from mirps_nlp.gazetteer import Gazetteer, org_id

_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&\-]{1,9}$")
_ROMAN = re.compile(r"^[IVXLC]+$")


def is_acronym(text: str) -> bool:
    return bool(_ACRONYM.match(text)) and sum(c.isupper() for c in text) >= 2 and not _ROMAN.match(text)


def _capitalised(text: str) -> bool:
    return text[:1].isupper()


def _name_run_back(doc: Doc, end: int, index: MentionIndex, gaz: Gazetteer) -> int:
    """Start of the capitalised name that ends just before ``end`` (connectors allowed inside,
    commas only in a list closed by "and": "Bureau of Population, Refugees, and Migration")."""
    tv = index.tok
    connectors, openers = gaz.word_class("name_connector"), gaz.word_class("sentence_opener")
    i = end - 1
    start = end
    seen_and = False
    while i >= 0:
        owner = index.at(i)
        text = tv.text[i]
        if owner is not None:
            # A country after "of" belongs to a body's name ("Ministry of Foreign Affairs of Guatemala").
            link = gaz.word_class("complement_link")
            if owner.kind == "country" and owner.start > 0 and tv.lower[owner.start - 1] in link:
                i = owner.start - 1
                continue
            break
        if text in gaz.word_class("possessive_clitic") or (tv.sent_start[i] and not _capitalised(text)):
            break
        if (_capitalised(text) and tv.alpha[i]) or text == "-":
            start = i
        elif tv.lower[i] in connectors:
            seen_and = seen_and or (tv.lower[i] in gaz.word_class("name_list_and") and tv.alpha[i])
        elif text == "," and seen_and and i > 0 and _capitalised(tv.text[i - 1]):
            pass
        else:
            break
        if tv.sent_start[i]:
            break
        i -= 1
    while start < end and (tv.lower[start] in connectors or tv.text[start] in openers):
        start += 1
    return start


def _name_run_forward(doc: Doc, start: int, index: MentionIndex, gaz: Gazetteer) -> int:
    tv = index.tok
    i = start
    end = start
    while i < len(doc):
        if i > start and (tv.sent_start[i] or index.at(i) is not None):
            break
        if _capitalised(tv.text[i]) and tv.alpha[i]:
            end = i + 1
        elif tv.text[i] == "," and _comma_in_name(tv, i, gaz):
            pass  # "Department of Immigration, Refugees and Citizenship"
        elif tv.lower[i] not in gaz.word_class("name_connector"):
            break
        i += 1
    return end


def _comma_in_name(tv: TokenView, i: int, gaz: Gazetteer) -> bool:
    """A comma inside a name's list of capitalised words closed by "and": "Immigration,
    Refugees and Citizenship" (not the comma that ends the name)."""
    n = len(tv.text)
    closers = gaz.word_class("name_list_and")
    j = i
    while j < n and tv.text[j] == ",":
        k = j + 1
        if k < n and tv.lower[k] in closers:
            return True  # "…, Refugees, and Migration"
        while k < n and k - j <= 4 and _capitalised(tv.text[k]) and tv.alpha[k]:
            k += 1
        if k == j + 1 or k >= n:
            return False
        if tv.lower[k] in closers:
            return True
        j = k
    return False


def _head(doc: Doc, start: int, end: int, gaz: Gazetteer) -> str:
    """The head word of a name: the last word before its first connector ("Interinstitutional
    Commission for the Protection of …" -> "Commission")."""
    head = doc[start].text
    for tok in doc[start:end]:
        if tok.lower_ in gaz.word_class("name_connector") or tok.text == ",":
            break
        head = tok.text
    return head


def _reads_as_body(doc: Doc, start: int, end: int, gaz: Gazetteer) -> bool:
    """A body's name, not an event, a text, a theme or a news agency ("Hemisphere Press Agency")."""
    head = _head(doc, start, end, gaz)
    return (
        end - start >= 2
        and head in gaz.word_class("org_head")
        and head not in gaz.word_class("non_actor_head")
        and not any(t.text in gaz.word_class("publisher_word") for t in doc[start:end])
    )


def _body_start(doc: Doc, start: int, end: int, gaz: Gazetteer) -> int | None:
    """Where the body's name starts inside a capitalised run: the shortest tail that starts the
    run or follows "of (the)" and reads as a body ("Special Meeting on … of the Committee on
    Migration Affairs (CAM)" -> "Committee on Migration Affairs")."""
    starts = [start] + [
        i
        for i in range(start + 1, end)
        if doc[i - 1].lower_ in gaz.word_class("body_start_link") and doc[i].text[:1].isupper()
    ]
    for i in sorted(starts, reverse=True):
        if _reads_as_body(doc, i, end, gaz):
            return i
    return None


def _register(
    doc: Doc,
    index: MentionIndex,
    infos: dict[str, ActorInfo],
    gaz: Gazetteer,
    name: tuple[int, int],
    acronym: int,
    later: dict[tuple[str, ...], str],
) -> None:
    """Tie the long name at ``name`` and the acronym token at ``acronym`` to one actor."""
    tv = index.tok
    acr_text = tv.text[acronym]
    name_owner = index.at(name[1] - 1)
    acr_owner = index.starting_at(acronym)
    if acr_owner is not None and acr_owner.kind != "organization":
        return
    if name_owner is not None and name_owner.kind == "organization" and name_owner.end == name[1]:
        actor_id = name_owner.id  # a known body newly abbreviated
    elif acr_owner is not None:
        actor_id = acr_owner.id  # a known acronym with a new long name
        if not _reads_as_body(doc, *name, gaz):
            return
        index.absorb(*name)
        if not index.is_free(*name):
            return
        index.add(Mention(name[0], name[1], actor_id, "organization"))
        later[tuple(tv.text[name[0] : name[1]])] = actor_id
    else:
        if not _reads_as_body(doc, *name, gaz):
            return
        index.absorb(*name)
        if not index.is_free(*name):
            return
        actor_id = gaz.by_acronym.get(acr_text) or org_id(acr_text)
        index.add(Mention(name[0], name[1], actor_id, "organization"))
        long_name = doc[name[0] : name[1]].text
        infos.setdefault(actor_id, ActorInfo(actor_id, "organization", long_name, acronym=acr_text))
        later[tuple(tv.text[name[0] : name[1]])] = actor_id
    if acr_owner is None and index.is_free(acronym, acronym + 1):
        index.add(Mention(acronym, acronym + 1, actor_id, "organization"))
    later[(acr_text,)] = actor_id


def find_acronym_actors(doc: Doc, index: MentionIndex, gaz: Gazetteer, infos: dict[str, ActorInfo]) -> None:
    tv = index.tok
    later: dict[tuple[str, ...], str] = {}
    n = len(doc)
    # candidates: an opening bracket, or an upper-case token followed by a comma
    comma = tv.mask_in({","})
    upper_then_comma = numpy.flatnonzero(tv.upper_arr[:-1] & comma[1:]).tolist() if n > 1 else []
    candidates = sorted({*tv.where_in({"("}), *upper_then_comma})
    for i in candidates:
        text = tv.text[i]
        # "Long Name (ACR)"
        # (also "(RAS, for its Spanish initials)")
        if text == "(" and i + 2 < n and tv.text[i + 2] in {")", ",", ";"} and is_acronym(tv.text[i + 1]) and i > 0:
            start = _name_run_back(doc, i, index, gaz)
            owner = index.at(i - 1)
            if owner is not None and owner.end == i and owner.kind == "organization":
                start = owner.start
            elif start < i:
                start = _body_start(doc, start, i, gaz) or i
            if start < i:
                _register(doc, index, infos, gaz, (start, i), i + 1, later)
        # "ACR, the Long Name"
        elif (
            i + 3 < n
            and tv.text[i + 1] == ","
            and is_acronym(text)
            and tv.text[i + 1] == ","
            and tv.lower[i + 2] in gaz.word_class("article")
            and _capitalised(tv.text[i + 3])
        ):
            owner = index.starting_at(i + 3)
            end = owner.end if owner is not None else _name_run_forward(doc, i + 3, index, gaz)
            if owner is None and end > i + 3 and not _reads_as_body(doc, i + 3, end, gaz):
                end = i + 3
            if end > i + 3:
                _register(doc, index, infos, gaz, (i + 3, end), i, later)
    if later:
        _later_mentions(doc, index, later)


def _later_mentions(doc: Doc, index: MentionIndex, later: dict[tuple[str, ...], str]) -> None:
    """Bare uses of a newly defined acronym or long name, one pass over the tokens."""
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for words, actor_id in later.items():
        by_first.setdefault(words[0], []).append((words, actor_id))
    for options in by_first.values():
        options.sort(key=lambda o: -len(o[0]))
    tv = index.tok
    for i in tv.where_in(by_first):
        for words, actor_id in by_first.get(tv.text[i], ()):
            end = i + len(words)
            if end <= len(tv.text) and tuple(tv.text[i:end]) == words and index.is_free(i, end):
                index.add(Mention(i, end, actor_id, "organization"))
                break


def _country_attached(doc: Doc, start: int, end: int, index: MentionIndex, gaz: Gazetteer) -> Mention | None:
    """The state a body's name is tied to: "… of Belize" after it, "Guatemala's …" or "the
    Guatemalan …" before it."""
    tv = index.tok
    n = len(doc)
    if end + 1 < n and tv.lower[end] in gaz.word_class("complement_link"):
        m = index.starting_at(end + 1)
        if m is not None and m.kind == "country":
            return m
    if start >= 2 and tv.text[start - 1] in gaz.word_class("possessive_clitic"):
        m = index.ending_at(start - 2)
        if m is not None and m.kind == "country":
            return m
    if start >= 1:
        m = index.ending_at(start - 1)
        if m is not None and m.kind == "country":
            return m
    return None


def find_state_bodies(doc: Doc, index: MentionIndex, gaz: Gazetteer, infos: dict[str, ActorInfo]) -> None:
    """National bodies named without an acronym.

    A ministry is always one ("the Ministry of Immigration"; "Guatemala's Ministry of Foreign
    Affairs" is named "Ministry of Foreign Affairs of Guatemala"). A department, office or
    directorate is one only when tied to a state or a ministry ("the Refugees Department of
    Belize", "the Refugees Department of the Ministry of Immigration"): an international body's
    units ("its Department of Access to Rights") are not actors.
    """
    tv = index.tok
    ministries = gaz.word_class("state_body_head")
    units = gaz.word_class("state_unit_head")
    for heads, is_ministry in ((ministries, True), (units, False)):
        for i in tv.where_in(heads):
            if index.at(i) is None and not index.blocked[i]:
                _state_body_at(doc, i, is_ministry, index, gaz, infos)
    _portfolio_ministries(doc, index, gaz, infos)


def _portfolio_ministries(doc: Doc, index: MentionIndex, gaz: Gazetteer, infos: dict[str, ActorInfo]) -> None:
    """ "the Foreign Ministry said", "the interior ministry said": a ministry named by its
    portfolio alone (``ministry_portfolio`` words before a ``portfolio_head``), with no state
    written next to it, is a body of its own ("Foreign Ministry"); "the Ministry" alone is not."""
    tv = index.tok
    portfolios = gaz.word_class("ministry_portfolio")
    for i in tv.where_in(gaz.word_class("portfolio_head"), lower=True):
        if index.at(i) is not None or index.blocked[i]:
            continue
        start = i
        while start > 0 and tv.lower[start - 1] in portfolios and index.at(start - 1) is None:
            start -= 1
        if start == i or not index.is_free(start, i + 1):
            continue
        if i + 1 < len(doc) and tv.lower[i + 1] in gaz.word_class("portfolio_attribute_follow"):
            continue  # "a foreign ministry official said": the ministry only describes the official
        # the name as written, a state before it left out ("Mexico's interior ministry" is
        # "interior ministry"); two states' ministries keep theirs apart in the key
        name = doc[start : i + 1].text
        actor_id = org_id(name)
        country = _country_attached(doc, start, i + 1, index, gaz)
        if actor_id in infos and country is not None:
            actor_id = org_id(f"{name} of {country.id.split(':', 1)[-1]}")
        index.add(Mention(start, i + 1, actor_id, "organization"))
        infos.setdefault(actor_id, ActorInfo(actor_id, "organization", name))


def _unit_of_international_body(tv: TokenView, start: int, end: int, index: MentionIndex, gaz: Gazetteer) -> bool:
    """A body's name right before ("OAS Department of …", "UNHCR's Office of …") or after
    ("… of the OAS") that is not a national body: the unit belongs to it."""
    def international(m: Mention | None) -> bool:
        if m is None or m.kind != "organization":
            return False
        entry = gaz.entries.get(m.id)
        return entry is not None and entry.country is None

    k = start - 1
    if k >= 0 and tv.text[k] in gaz.word_class("possessive_clitic"):
        k -= 1
    if k >= 0 and international(index.ending_at(k)):
        return True
    q = end + 1 if end < len(tv.text) and tv.lower[end] in gaz.word_class("complement_link") else -1
    if 0 <= q < len(tv.text) and tv.lower[q] in gaz.word_class("article"):
        q += 1
    return 0 <= q < len(tv.text) and international(index.starting_at(q))


def _listed_portfolios(tv: TokenView, end: int, index: MentionIndex, gaz: Gazetteer) -> int:
    """ "Ministry of Foreign Affairs, European Union and Cooperation": a ministry's portfolios listed
    after a comma and closed by "and" belong to its name; a list of states after it does not."""
    n = len(tv.text)
    if not (end + 3 < n and tv.text[end] == ","):
        return end
    k, saw_and = end + 1, False
    while k < n and ((tv.text[k].istitle() and tv.alpha[k]) or tv.lower[k] in gaz.word_class("list_and")):
        mention = index.at(k)
        if mention is not None and mention.kind == "country":
            return end  # "the Ministry of Foreign Affairs, Panama and Costa Rica agreed"
        saw_and = saw_and or tv.lower[k] in gaz.word_class("list_and")
        k += 1
    last_free = k > end + 1 and index.at(k - 1) is None and tv.lower[k - 1] not in gaz.word_class("list_and")
    return k if saw_and and last_free else end


def _state_body_at(
    doc: Doc, i: int, is_ministry: bool, index: MentionIndex, gaz: Gazetteer, infos: dict[str, ActorInfo]
) -> None:
    tv = index.tok
    n = len(doc)
    start = i
    while (
        start > 0
        and tv.text[start - 1].istitle()
        and tv.alpha[start - 1]
        and index.at(start - 1) is None
        and tv.text[start - 1] not in gaz.word_class("sentence_opener")
        and not tv.sent_start[start]
    ):
        start -= 1
    head_end = i + 1
    while head_end < n and tv.text[head_end] in gaz.word_class("head_suffix"):
        head_end += 1  # "Directorate General of Migration"
    has_complement = head_end < n and tv.lower[head_end] in gaz.word_class("body_complement")
    end = _name_run_forward(doc, head_end, index, gaz) if has_complement else head_end
    heads = gaz.word_class("org_head")
    for k in range(head_end + 1, end - 1):
        # "the Institute for Women and the Office of the Ombudsman": two bodies, not one name
        nxt = k + 2 if tv.lower[k + 1] in gaz.word_class("article") else k + 1
        if tv.lower[k] in gaz.word_class("name_list_and") and nxt < end and tv.text[nxt] in heads:
            end = k
            break
    while end > head_end and tv.lower[end - 1] in gaz.word_class("name_connector"):
        end -= 1
    if is_ministry and end > head_end:
        listed = _listed_portfolios(tv, end, index, gaz)
        inside = [m for m in index.mentions if not m.nested and end < m.start and m.end <= listed]
        index.remove_all(inside)  # "European Union" there is a portfolio, not the EU
        end = listed
    has_complement = end > head_end + 1
    if not index.is_free(start, end):
        return
    country = _country_attached(doc, start, end, index, gaz)
    if is_ministry and country is None and end - i < 3:
        return  # "the Ministry announced", an address's "Cancillería": no name of its own
    if country is None and tv.text[i] in gaz.word_class("owned_unit_head") and start >= 2:
        # "the IDB's Migration Grant Facility": a named fund of a named body
        owner = index.ending_at(start - 2) if tv.text[start - 1] in gaz.word_class("possessive_clitic") else None
        if owner is not None and owner.kind == "organization" and start < i:
            country = owner
    if start > 0 and tv.lower[start - 1] in gaz.word_class("possessive_pronoun"):
        return  # "its Department of Access to Rights": a unit of a body named before
    if country is None and _unit_of_international_body(tv, start, end, index, gaz):
        return  # "the OAS Department of Social Inclusion", "the Office of … of the OAS"
    if not is_ministry and country is None and has_complement:
        # "the Department of Migration", "the Institute for Women": a body by its own name,
        # unless it completes a title ("Director of the Department of Social Inclusion")
        k = start - 1 if start > 0 and tv.lower[start - 1] in gaz.word_class("article") else start
        if k > 0 and tv.lower[k - 1] in gaz.word_class("title_complement"):
            return
    elif not is_ministry:
        tied_to_ministry = (
            end + 2 < n
            and tv.lower[end] in gaz.word_class("complement_link")
            and any(
                (m := index.starting_at(k)) is not None and m.id in infos and "Ministry" in infos[m.id].name
                for k in (end + 1, end + 2)
            )
        )
        if country is None and not tied_to_ministry:
            return
    written = doc[start:end].text
    name = written
    link = sorted(gaz.word_class("state_name_link"))  # "of": "Ministry of Security of Panama"
    if country is not None and country.kind == "country" and link:
        country_name = gaz.entries[country.id].name if country.id in gaz.entries else country.id
        name = f"{written} {link[0]} {country_name}"
    # The key leaves the state out, as the name is written ("Guatemala's Ministry of Foreign
    # Affairs" -> org:MINISTRY_OF_FOREIGN_AFFAIRS); two states' ministries keep theirs apart.
    actor_id = org_id(written)
    if actor_id in infos and infos[actor_id].name != name:
        actor_id = org_id(name)
    index.add(Mention(start, end, actor_id, "organization"))
    infos.setdefault(actor_id, ActorInfo(actor_id, "organization", name))
