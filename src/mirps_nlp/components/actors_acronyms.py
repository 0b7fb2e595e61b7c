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

from spacy.tokens import Doc

from mirps_nlp.components.actors_mentions import ActorInfo, Mention, MentionIndex
from mirps_nlp.gazetteer import Gazetteer, org_id

_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&\-]{1,9}$")
_ROMAN = re.compile(r"^[IVXLC]+$")
_CONNECTORS = frozenset({"of", "for", "and", "on", "the", "in", "to", "de", "del", "la", "el", "los", "las", "y",
                         "para", "sobre", "&", "-", "a"})
_POSSESSIVE = frozenset({"'s", "’s"})
_OPENERS = frozenset({"The", "This", "In", "On", "At", "During", "Through", "With", "For", "From", "By", "As",
                      "And", "Both", "Today", "Also", "Meanwhile", "Under", "Since", "After", "Before", "While"})


def is_acronym(text: str) -> bool:
    return bool(_ACRONYM.match(text)) and sum(c.isupper() for c in text) >= 2 and not _ROMAN.match(text)


def _capitalised(text: str) -> bool:
    return text[:1].isupper()


def _name_run_back(doc: Doc, end: int, index: MentionIndex) -> int:
    """Start of the capitalised name that ends just before ``end`` (connectors allowed inside,
    commas only in a list closed by "and": "Bureau of Population, Refugees, and Migration")."""
    i = end - 1
    start = end
    seen_and = False
    while i >= 0:
        tok = doc[i]
        owner = index.at(i)
        if owner is not None:
            # A country after "of" belongs to a body's name ("Ministry of Foreign Affairs of Guatemala").
            if owner.kind == "country" and owner.start > 0 and doc[owner.start - 1].lower_ in {"of", "de"}:
                i = owner.start - 1
                continue
            break
        if tok.text in _POSSESSIVE or tok.is_sent_start and not _capitalised(tok.text):
            break
        if _capitalised(tok.text) and tok.is_alpha or tok.text in {"-"}:
            start = i
        elif tok.lower_ in _CONNECTORS:
            seen_and = seen_and or tok.lower_ in {"and", "y"}
        elif tok.text == "," and seen_and and i > 0 and _capitalised(doc[i - 1].text):
            pass
        else:
            break
        if tok.is_sent_start:
            break
        i -= 1
    while start < end and (doc[start].lower_ in _CONNECTORS or doc[start].text in _OPENERS):
        start += 1
    return start


def _name_run_forward(doc: Doc, start: int, index: MentionIndex) -> int:
    i = start
    end = start
    while i < len(doc):
        tok = doc[i]
        if i > start and tok.is_sent_start or index.at(i) is not None and i > start:
            break
        if _capitalised(tok.text) and tok.is_alpha:
            end = i + 1
        elif tok.lower_ not in _CONNECTORS:
            break
        i += 1
    return end


def _head(doc: Doc, start: int, end: int) -> str:
    """The head word of a name: the last word before its first connector ("Interinstitutional
    Commission for the Protection of …" -> "Commission")."""
    head = doc[start].text
    for tok in doc[start:end]:
        if tok.lower_ in _CONNECTORS or tok.text == ",":
            break
        head = tok.text
    return head


def _reads_as_body(doc: Doc, start: int, end: int, gaz: Gazetteer) -> bool:
    head = _head(doc, start, end)
    return end - start >= 2 and head in gaz.word_class("org_head") and head not in gaz.word_class("non_actor_head")


def _body_start(doc: Doc, start: int, end: int, gaz: Gazetteer) -> int | None:
    """Where the body's name starts inside a capitalised run: the shortest tail that starts the
    run or follows "of (the)" and reads as a body ("Special Meeting on … of the Committee on
    Migration Affairs (CAM)" -> "Committee on Migration Affairs")."""
    starts = [start] + [i for i in range(start + 1, end) if doc[i - 1].lower_ in {"of", "the", "de", "del", "la"}
                        and doc[i].text[:1].isupper()]
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
    acr_text = doc[acronym].text
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
        later[tuple(t.text for t in doc[name[0] : name[1]])] = actor_id
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
        later[tuple(t.text for t in doc[name[0] : name[1]])] = actor_id
    if acr_owner is None and index.is_free(acronym, acronym + 1):
        index.add(Mention(acronym, acronym + 1, actor_id, "organization"))
    later[(acr_text,)] = actor_id


def find_acronym_actors(doc: Doc, index: MentionIndex, gaz: Gazetteer, infos: dict[str, ActorInfo]) -> None:
    later: dict[tuple[str, ...], str] = {}
    n = len(doc)
    for i in range(n):
        tok = doc[i]
        # "Long Name (ACR)"
        if tok.text == "(" and i + 2 < n and doc[i + 2].text == ")" and is_acronym(doc[i + 1].text) and i > 0:
            start = _name_run_back(doc, i, index)
            owner = index.at(i - 1)
            if owner is not None and owner.end == i and owner.kind == "organization":
                start = owner.start
            elif start < i:
                start = _body_start(doc, start, i, gaz) or i
            if start < i:
                _register(doc, index, infos, gaz, (start, i), i + 1, later)
        # "ACR, the Long Name"
        elif (
            is_acronym(tok.text)
            and i + 3 < n
            and doc[i + 1].text == ","
            and doc[i + 2].lower_ == "the"
            and _capitalised(doc[i + 3].text)
        ):
            owner = index.starting_at(i + 3)
            end = owner.end if owner is not None else _name_run_forward(doc, i + 3, index)
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
    for i, tok in enumerate(doc):
        for words, actor_id in by_first.get(tok.text, ()):
            end = i + len(words)
            if end <= len(doc) and tuple(t.text for t in doc[i:end]) == words and index.is_free(i, end):
                index.add(Mention(i, end, actor_id, "organization"))
                break


def _country_attached(doc: Doc, start: int, end: int, index: MentionIndex) -> Mention | None:
    """The state a body's name is tied to: "… of Belize" after it, "Guatemala's …" or "the
    Guatemalan …" before it."""
    n = len(doc)
    if end + 1 < n and doc[end].lower_ == "of":
        m = index.starting_at(end + 1)
        if m is not None and m.kind == "country":
            return m
    if start >= 2 and doc[start - 1].text in _POSSESSIVE:
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
    ministries = gaz.word_class("state_body_head")
    units = gaz.word_class("state_unit_head")
    for heads, is_ministry in ((ministries, True), (units, False)):
        for i in range(len(doc)):
            if doc[i].text in heads and index.at(i) is None and not index.blocked[i]:
                _state_body_at(doc, i, is_ministry, index, gaz, infos)


def _state_body_at(
    doc: Doc, i: int, is_ministry: bool, index: MentionIndex, gaz: Gazetteer, infos: dict[str, ActorInfo]
) -> None:
    n = len(doc)
    start = i
    while (
        start > 0
        and doc[start - 1].is_title
        and doc[start - 1].is_alpha
        and index.at(start - 1) is None
        and doc[start - 1].text not in _OPENERS
        and not doc[start].is_sent_start
    ):
        start -= 1
    end = _name_run_forward(doc, i, index) if i + 1 < n and doc[i + 1].lower_ in {"of", "for", "on"} else i + 1
    while end > i + 1 and doc[end - 1].lower_ in _CONNECTORS:
        end -= 1
    if not index.is_free(start, end):
        return
    country = _country_attached(doc, start, end, index)
    if is_ministry and country is None and end - start < 3:
        return  # "the Ministry announced": no name of its own
    if not is_ministry:
        tied_to_ministry = end + 2 < n and doc[end].lower_ == "of" and any(
            (m := index.starting_at(k)) is not None and m.id in infos and "Ministry" in infos[m.id].name
            for k in (end + 1, end + 2)
        )
        if country is None and not tied_to_ministry or start > 0 and doc[start - 1].lower_ in {"its", "their"}:
            return
    name = doc[start:end].text
    if country is not None:
        country_name = gaz.entries[country.id].name if country.id in gaz.entries else country.id
        name = f"{name} of {country_name}"
    actor_id = org_id(name)
    index.add(Mention(start, end, actor_id, "organization"))
    infos.setdefault(actor_id, ActorInfo(actor_id, "organization", name))
