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


def _reads_as_body(doc: Doc, start: int, end: int, gaz: Gazetteer) -> bool:
    words = {t.text for t in doc[start:end]}
    return (
        end - start >= 2
        and bool(words & gaz.word_class("org_head"))
        and not words & gaz.word_class("non_actor_head")
    )


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
        if not _reads_as_body(doc, *name, gaz) or not index.is_free(*name):
            return
        index.add(Mention(name[0], name[1], actor_id, "organization"))
        later[tuple(t.text for t in doc[name[0] : name[1]])] = actor_id
    else:
        if not _reads_as_body(doc, *name, gaz) or not index.is_free(*name):
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


def find_state_bodies(doc: Doc, index: MentionIndex, gaz: Gazetteer, infos: dict[str, ActorInfo]) -> None:
    """ "Guatemala's Ministry of Foreign Affairs", "the Ministry of Foreign Affairs of Belize":
    a ministry named with its state is an organisation, named "Ministry of X of <Country>"."""
    heads = gaz.word_class("state_body_head")
    n = len(doc)
    for i in range(n):
        if doc[i].text not in heads or index.at(i) is not None:
            continue
        start = i - 1 if i > 0 and doc[i - 1].text == "Foreign" else i
        end = _name_run_forward(doc, i, index) if i + 1 < n and doc[i + 1].lower_ in {"of", "for"} else i + 1
        country = None
        # "of Belize" right after the ministry's own name
        if end + 1 < n and doc[end].lower_ == "of":
            m = index.starting_at(end + 1)
            if m is not None and m.kind == "country":
                country = m
        if country is None and start >= 2 and doc[start - 1].text in {"'s", "’s"}:
            m = index.ending_at(start - 2)
            if m is not None and m.kind == "country":
                country = m
        if country is None and start >= 1:
            m = index.ending_at(start - 1)
            if m is not None and m.kind == "country":
                country = m
        if country is None or not index.is_free(start, end):
            continue
        country_name = gaz.entries[country.id].name if country.id in gaz.entries else country.id
        name = f"{doc[start:end].text} of {country_name}"
        actor_id = org_id(name)
        index.add(Mention(start, end, actor_id, "organization"))
        infos.setdefault(actor_id, ActorInfo(actor_id, "organization", name))
