"""The actor gazetteer: countries, organisations, titles and word classes, loaded from data.

Everything language-specific lives in ``patterns/<lang>/`` as JSONL (``countries.jsonl``,
``organizations.jsonl``, ``person_titles.jsonl``, ``actor_*.jsonl``) so that a reviewer edits
data, not code, and a Spanish gazetteer is a new folder. This module only reads and types it;
:mod:`mirps_nlp.components.actors` turns it into matchers once per pipeline.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from mirps_nlp.patterns import read_patterns, source_key

_SLUG_DROP = re.compile(r"[^a-z0-9]+")
_KEY_DROP = re.compile(r"[^A-Z0-9]+")


@dataclass(frozen=True)
class ContextAlias:
    """A short name that denotes the actor only where ``requires`` is named in the same release
    ("the Platform" is the MIRPS Support Platform in a release that names it)."""

    text: str
    requires: tuple[str, ...]  # any one of these actor ids


@dataclass(frozen=True)
class ActorEntry:
    """One country or organisation of the gazetteer."""

    id: str
    kind: str
    name: str
    iso3: str | None = None
    acronym: str | None = None
    wikidata: str | None = None
    country: str | None = None  # ISO3 of the state a national body belongs to
    parent: str | None = None
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    context_aliases: tuple[ContextAlias, ...] = ()
    # "United Nations" names the body only on its own ("the UN said"), not as the first word of
    # an office, agency or text ("UN refugee chief", "UN Guiding Principles").
    standalone_only: bool = False

    def surface_forms(self) -> tuple[str, ...]:
        """Canonical name, acronym and aliases, without duplicates."""
        forms = [self.name, *(a for a in (self.acronym,) if a), *self.aliases]
        return tuple(dict.fromkeys(forms))


@dataclass(frozen=True)
class TitleEntry:
    """A title word or phrase: ``head`` ("Minister"), ``modifier`` ("Deputy"), ``honorific``
    ("Mr.") or ``office`` (a full title that names its body, "Deputy High Commissioner for
    Refugees" -> org:UNHCR; ``absorbs`` lists bodies whose name prefixes it without being the
    affiliation, "United Nations" in "United Nations Deputy High Commissioner for Refugees"), or
    ``relative`` (a clause after a name that gives its role: "X, who heads the OAS Department
    of …," -> ``role`` "Head"), or ``peer`` (a head that means "the same office elsewhere":
    "her Costa Rican counterpart, Name" takes the title of the person named before, without
    that person's state)."""

    text: str
    type: str
    affiliation: str | None = None
    absorbs: tuple[str, ...] = ()
    role: str | None = None  # ``relative`` entries: the title a clause implies ("who heads" -> "Head")


@dataclass(frozen=True)
class Gazetteer:
    entries: dict[str, ActorEntry]
    titles: tuple[TitleEntry, ...]
    words: dict[str, frozenset[str]]
    blockers: tuple[tuple[str, str], ...]
    first_names: frozenset[str]
    lang: str = "en"
    by_acronym: dict[str, str] = field(default_factory=dict)

    def word_class(self, name: str) -> frozenset[str]:
        return self.words.get(name, frozenset())


def _rows(lang: str, filename: str) -> list[dict[str, Any]]:
    return read_patterns(lang, filename)


def _entry(row: dict[str, Any], kind: str) -> ActorEntry:
    return ActorEntry(
        id=row["id"],
        kind=kind,
        name=row["name"],
        iso3=row.get("iso3"),
        acronym=row.get("acronym"),
        wikidata=row.get("wikidata"),
        country=row.get("country"),
        parent=row.get("parent"),
        aliases=tuple(row.get("aliases") or ()),
        demonyms=tuple(row.get("demonyms") or ()),
        context_aliases=tuple(
            ContextAlias(c["text"], tuple(c["requires"]) if isinstance(c["requires"], list) else (c["requires"],))
            for c in row.get("context_aliases") or ()
        ),
        standalone_only=bool(row.get("standalone_only")),
    )


def load_gazetteer(lang: str = "en") -> Gazetteer:
    """Read the gazetteer of ``lang`` once per process and patterns folder."""
    return _load_gazetteer(lang, source_key())


@lru_cache(maxsize=4)
def _load_gazetteer(lang: str, source: str) -> Gazetteer:
    entries: dict[str, ActorEntry] = {}
    for row in _rows(lang, "countries.jsonl"):
        entries[row["id"]] = _entry(row, "country")
    for row in _rows(lang, "organizations.jsonl"):
        entries[row["id"]] = _entry(row, "organization")
    titles = tuple(
        TitleEntry(r["text"], r["type"], r.get("affiliation"), tuple(r.get("absorbs") or ()), r.get("role"))
        for r in _rows(lang, "person_titles.jsonl")
    )
    words = {r["class"]: frozenset(r["words"]) for r in _rows(lang, "actor_lexicon.jsonl")}
    blockers = tuple((r["text"], r["reason"]) for r in _rows(lang, "actor_blockers.jsonl"))
    first_names = frozenset(r["name"] for r in _rows(lang, "actor_first_names.jsonl"))
    by_acronym = {e.acronym: e.id for e in entries.values() if e.acronym}
    # one-word aliases too ("IADB"), for e-mail domains and acronyms written differently
    for e in entries.values():
        if e.kind == "organization":
            for form in e.aliases:
                if form.isalnum() and form.isupper():
                    by_acronym.setdefault(form, e.id)
    return Gazetteer(entries, titles, words, blockers, first_names, lang, by_acronym)


# Letters that NFKD does not decompose into a base letter plus accents.
_UNDECOMPOSED = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ß": "ss",
        "đ": "d",
        "Đ": "D",
        "ł": "l",
        "Ł": "L",
        "þ": "th",
        "Þ": "Th",
        "ı": "i",
    }
)


def ascii_fold(text: str) -> str:
    """ASCII for ids: accents dropped, and ø, æ, ß… spelled out rather than lost."""
    return unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED)).encode("ascii", "ignore").decode()


def person_id(name: str) -> str:
    """``person:first-last``: lower-case ASCII, words joined by hyphens."""
    slug = _SLUG_DROP.sub("-", ascii_fold(name).lower()).strip("-")
    return f"person:{slug or 'unknown'}"


def org_id(name_or_acronym: str) -> str:
    """``org:KEY``: upper-case ASCII, runs of other characters as ``_``, "the" dropped."""
    words = [w for w in ascii_fold(name_or_acronym).split() if w.lower() != "the"]
    key = _KEY_DROP.sub("_", " ".join(words).upper()).strip("_")
    return f"org:{key or 'UNKNOWN'}"
