"""MIRPS roles the release states: member states, Support Platform members, Technical Secretariat.

Read from the sentences that list them ("The MIRPS includes Belize, Costa Rica, …", "the Support
Platform is comprised of Argentina, …, the Inter-American Development Bank (IDB)", "UNHCR and
the OAS serve as the MIRPS Technical Secretariat"): a body, then a membership word, then a list
of actors joined only by commas, "and", "the" and acronym brackets.
"""

from __future__ import annotations

from spacy.tokens import Doc

from mirps_nlp.bounds import sentence_bounds
from mirps_nlp.components.actors.mentions import Mention, MentionIndex, TokenView
from mirps_nlp.gazetteer import Gazetteer

MIRPS = "org:MIRPS"
PLATFORM = "org:MIRPS_SUPPORT_PLATFORM"
_BODY_ROLE = {MIRPS: ("member_state", {"country"}), PLATFORM: ("support_platform", {"country", "organization"})}


def assign_roles(doc: Doc, index: MentionIndex, gaz: Gazetteer) -> dict[str, set[str]]:
    """Actor id -> roles stated in the release."""
    roles: dict[str, set[str]] = {}
    triggers = gaz.word_class("membership_trigger")
    secretariat = gaz.word_class("secretariat_word")
    alongside = gaz.word_class("alongside_word")
    ordered = sorted((m for m in index.mentions if not m.nested and m.kind != "person"), key=lambda m: m.start)
    if not ordered:
        return roles
    bounds, sent_of = sentence_bounds(doc)
    by_sentence: dict[int, list[Mention]] = {}
    for m in ordered:
        by_sentence.setdefault(sent_of[m.start], []).append(m)
    for k, mentions in by_sentence.items():
        start, end = bounds[k]
        _membership(index.tok, mentions, triggers, gaz.word_class("list_glue"), roles)
        _secretariat(index.tok, start, end, mentions, secretariat, alongside, roles)
    return roles


def _membership(
    tv: TokenView, mentions: list[Mention], triggers: frozenset[str], glue: frozenset[str], roles: dict[str, set[str]]
) -> None:
    for k, body in enumerate(mentions):
        if body.id not in _BODY_ROLE:
            continue
        role, kinds = _BODY_ROLE[body.id]
        rest = mentions[k + 1 :]
        if not rest:
            continue
        gap = range(body.end, rest[0].start)
        if not any(tv.text[k] in triggers or tv.lower[k] in triggers for k in gap):
            continue
        previous = None
        for m in rest:
            if previous is not None and not all(tv.lower[k] in glue for k in range(previous.end, m.start)):
                break
            if m.id in _BODY_ROLE:
                break
            if m.kind in kinds:
                roles.setdefault(m.id, set()).add(role)
            previous = m


def _secretariat(
    tv: TokenView,
    start: int,
    end: int,
    mentions: list[Mention],
    secretariat: frozenset[str],
    alongside: frozenset[str],
    roles: dict[str, set[str]],
) -> None:
    anchor = next((k for k in range(start, end) if tv.lower[k] in secretariat), None)
    if anchor is None:
        return
    for m in mentions:
        if m.id in _BODY_ROLE or m.kind != "organization":
            continue
        before = m.end <= anchor
        after = m.start > anchor and any(tv.lower[k] in alongside for k in range(anchor, m.start))
        if before or after:
            roles.setdefault(m.id, set()).add("technical_secretariat")
