"""Actor mentions as token ranges, with an occupancy index so that each token names at most one
actor (longest match first) while a few nested mentions ("U.S." inside "U.S. Department of
State") are kept on the side."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Collection
from dataclasses import dataclass, field
from itertools import chain
from operator import itemgetter
from typing import Any, NamedTuple

import numpy
from spacy.attrs import (
    IS_ALPHA,
    IS_SPACE,
    IS_UPPER,
    LIKE_EMAIL,
    LOWER,
    ORTH,
    SENT_START,
    SPACY,
)
from spacy.strings import hash_string  # type: ignore[attr-defined]  # a Cython function without stubs
from spacy.tokens import Doc

from mirps_nlp.extensions import ACTOR_SPANS


@dataclass
class Mention:
    start: int  # token index
    end: int  # token index, exclusive
    id: str
    kind: str  # "country" / "organization" / "person"
    nested: bool = False  # inside another mention; never blocks a token


@dataclass
class ActorInfo:
    """What we know of one distinct actor besides its mentions."""

    id: str
    kind: str
    name: str
    iso3: str | None = None
    acronym: str | None = None
    title: str | None = None
    affiliation: str | None = None
    wikidata: str | None = None
    roles: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "kind": self.kind,
            "name": self.name,
            "iso3": self.iso3,
            "acronym": self.acronym,
            "title": self.title,
            "affiliation": self.affiliation,
            "roles": list(self.roles),
            "wikidata": self.wikidata,
        }


class TokenView:
    """Plain lists (and numpy arrays) of the token attributes the rules read, built once per Doc.

    Creating a spaCy ``Token`` object costs more than the rule that reads it, and the actor and
    quote rules scan a release several times, so every attribute comes out of one
    ``Doc.to_array`` call and the words come from a process-wide hash -> string table through
    ``itemgetter`` (C speed; only words never seen before are looked up in the vocab).
    Candidate positions are found with numpy (:meth:`where_in`) rather than by a Python loop
    over every token. :func:`token_view` shares one view between the components of a Doc.
    """

    _ATTRS = (ORTH, LOWER, SPACY, SENT_START, IS_ALPHA, IS_SPACE, IS_UPPER, LIKE_EMAIL)

    def __init__(self, doc: Doc) -> None:
        n = len(doc)
        self.n = n
        cols = doc.to_array(list(self._ATTRS)).reshape(n, len(self._ATTRS)) if n else None
        if cols is None:
            cols = numpy.zeros((0, len(self._ATTRS)), dtype="uint64")
        self.orth = cols[:, 0]
        self.lower_ids = cols[:, 1]
        orth, lower = self.orth.tolist(), self.lower_ids.tolist()
        self.text: list[str] = _words(doc, orth)
        self.lower: list[str] = _words(doc, lower)
        self.shape = numpy.array(_spread(_SHAPES, orth), dtype=numpy.int8) if orth else numpy.zeros(0, numpy.int8)
        self.space: list[bool] = cols[:, 2].astype(bool).tolist()  # trailing whitespace
        # SENT_START is 1 / -1 / 0 (start / inside / unset); token 0 never counts as a boundary
        starts = cols[:, 3].astype("int64") == 1
        if n:
            starts[0] = False
        self.sent_start: list[bool] = starts.tolist()
        self.alpha: list[bool] = cols[:, 4].astype(bool).tolist()
        self.is_space_arr = cols[:, 5].astype(bool)
        self.is_space: list[bool] = self.is_space_arr.tolist()  # a whitespace token
        self.upper_arr = cols[:, 6].astype(bool)
        self.email_arr = cols[:, 7].astype(bool)
        self._doc_text: str | None = None

    def mask_in(self, words: Collection[str], lower: bool = False) -> numpy.ndarray:
        """Boolean array: is the token's text (or lower-case form) one of ``words``?"""
        column = self.lower_ids if lower else self.orth
        keys = _hash_array(words)
        if not len(keys) or not self.n:
            return numpy.zeros(self.n, dtype=bool)
        if len(keys) <= 3:
            mask = column == keys[0]
            for key in keys[1:]:
                mask |= column == key
            return mask
        pos = numpy.searchsorted(keys, column)
        pos[pos == len(keys)] = 0
        return keys[pos] == column

    def where_in(self, words: Collection[str], lower: bool = False) -> list[int]:
        """Positions whose text (or lower-case form) is one of ``words``, found by numpy."""
        if not self.n:
            return []
        return numpy.flatnonzero(self.mask_in(words, lower)).tolist()

    def span_text(self, start: int, end: int) -> str:
        """``doc[start:end].text`` from the words (a spaCy Span builds a Token per word)."""
        if start >= end:
            return ""
        text, space = self.text, self.space
        parts = [text[k] + (" " if space[k] else "") for k in range(start, end - 1)]
        parts.append(text[end - 1])
        return "".join(parts)

    @property
    def doc_text(self) -> str:
        """``doc.text``, rebuilt from the words (spaCy's property creates every Token)."""
        if self._doc_text is None:
            ws = _spread(("", " "), [int(s) for s in self.space])
            self._doc_text = "".join(chain.from_iterable(zip(self.text, ws, strict=True)))
        return self._doc_text


_STRINGS: dict[int, str] = {}  # hash -> string, shared by every Doc of the process
_MAX_STRINGS = 500_000
_HASHES: dict[frozenset[str], numpy.ndarray] = {}


def _words(doc: Doc, ids: list[int]) -> list[str]:
    """The string of every hash in ``ids``; the vocab is asked only for hashes never seen."""
    if not ids:
        return []
    try:  # usually every word was seen before: one C-level lookup, no set of the Doc's words
        return _spread(_STRINGS, ids)
    except KeyError:
        pass
    missing = set(ids).difference(_STRINGS)
    if missing:
        if len(_STRINGS) > _MAX_STRINGS:
            _STRINGS.clear()
            _SHAPES.clear()
            missing = set(ids)
        strings = doc.vocab.strings
        for h in missing:
            word = strings[h]
            _STRINGS[h] = word
            _SHAPES[h] = word_shape(word)
    return _spread(_STRINGS, ids)


# Word-shape bits, computed once per distinct word of the process (see ``TokenView.shape``).
CAPITALISED, NAME_LIKE, INITIAL = 1, 2, 4
_SHAPES: dict[int, int] = {}


def word_shape(word: str) -> int:
    """CAPITALISED (first letter upper), NAME_LIKE ("Ruiz", "Muñoz-Pogossian", "O'Neill": a
    capital, some lower-case, letters, hyphens and apostrophes only), INITIAL ("J.")."""
    if not word[:1].isupper():
        return 0
    bits = CAPITALISED
    if any(c.islower() for c in word) and all(c.isalpha() or c in "-'’" for c in word):
        bits |= NAME_LIKE
    if len(word) == 2 and word[1] == "." and word[0].isalpha():
        bits |= INITIAL
    return bits


def _hash_array(words: Collection[str]) -> numpy.ndarray:
    """Sorted uint64 hashes of ``words``; cached for the (long-lived) frozensets of the lexicons."""
    if isinstance(words, frozenset):
        cached = _HASHES.get(words)
        if cached is None:
            cached = _HASHES[words] = numpy.array(sorted({hash_string(w) for w in words}), dtype="uint64")
        return cached
    return numpy.array(sorted({hash_string(w) for w in words}), dtype="uint64")


def _spread(table: Any, indices: list[Any]) -> list[Any]:
    """``[table[i] for i in indices]`` at C speed."""
    if not indices:
        return []
    if len(indices) == 1:
        return [table[indices[0]]]
    return list(itemgetter(*indices)(table))


# Recent Docs and their views (the Doc is held so that its id cannot be reused while cached).
_VIEWS: OrderedDict[int, tuple[Doc, int, TokenView]] = OrderedDict()
_MAX_VIEWS = 64


def token_view(doc: Doc) -> TokenView:
    """The :class:`TokenView` of ``doc``, shared by the components that read it (built once)."""
    key = id(doc)
    cached = _VIEWS.get(key)
    if cached is not None and cached[0] is doc and cached[1] == len(doc):
        _VIEWS.move_to_end(key)
        return cached[2]
    view = TokenView(doc)
    _VIEWS[key] = (doc, len(doc), view)
    if len(_VIEWS) > _MAX_VIEWS:
        _VIEWS.popitem(last=False)
    return view


class ActorSpan(NamedTuple):
    """One span of ``doc.spans["mirps_actors"]`` as plain values."""

    start: int
    end: int
    label: str
    id: str
    start_char: int
    end_char: int


# Recent actor span groups and their rows (the group is held so that its id cannot be reused).
_SPAN_ROWS: OrderedDict[int, tuple[Any, int, list[ActorSpan]]] = OrderedDict()


def actor_span_rows(doc: Doc, written: list[Any] | None = None) -> list[ActorSpan]:
    """The spans of ``doc.spans["mirps_actors"]``, in the group's order, as :class:`ActorSpan`
    rows read once per group: chairs, events, quotes and the records all read them, and each
    ``Span`` object costs a few ``Token`` objects to build. A group that is replaced or grows is
    read again. ``written``: the ``Span`` objects the group was just made of (read instead of the
    group, whose every iteration builds new ones)."""
    if ACTOR_SPANS not in doc.spans:
        return []
    group = doc.spans[ACTOR_SPANS]
    key = id(group)
    cached = _SPAN_ROWS.get(key)
    if cached is not None and cached[0] is group and cached[1] == len(group):
        _SPAN_ROWS.move_to_end(key)
        return cached[2]
    spans = written if written is not None and len(written) == len(group) else group
    rows = [ActorSpan(s.start, s.end, s.label_, s.id_, s.start_char, s.end_char) for s in spans]
    _SPAN_ROWS[key] = (group, len(group), rows)
    if len(_SPAN_ROWS) > _MAX_VIEWS:
        _SPAN_ROWS.popitem(last=False)
    return rows


class MentionIndex:
    """The mentions of one Doc; ``owner[i]`` is the top-level mention covering token i."""

    def __init__(self, doc: Doc) -> None:
        n_tokens = len(doc)
        self.tok = token_view(doc)
        self.mentions: list[Mention] = []
        self.owner: list[Mention | None] = [None] * n_tokens
        self.blocked: list[bool] = [False] * n_tokens  # tokens of non-actors (events, places…)

    def is_free(self, start: int, end: int) -> bool:
        if start >= 0 and end <= len(self.owner):  # list slices: C speed, no per-token Python
            owner = self.owner[start:end]
            return owner.count(None) == len(owner) and True not in self.blocked[start:end]
        return all(self.owner[i] is None and not self.blocked[i] for i in range(start, end))

    def add(self, mention: Mention) -> bool:
        """Add a top-level mention if its tokens are free; nested ones always go in."""
        if mention.nested:
            self.mentions.append(mention)
            return True
        if not self.is_free(mention.start, mention.end):
            return False
        self.mentions.append(mention)
        if 0 <= mention.start <= mention.end <= len(self.owner):
            self.owner[mention.start : mention.end] = [mention] * (mention.end - mention.start)
        else:
            for i in range(mention.start, mention.end):
                self.owner[i] = mention
        return True

    def absorb(self, start: int, end: int) -> None:
        """Turn the top-level mentions inside [start, end) into nested ones, freeing their tokens
        for an enclosing name ("Honduras" in "Secretariat of Human Rights of Honduras")."""
        for m in self.mentions:
            if not m.nested and start <= m.start and m.end <= end:
                m.nested = True
                for i in range(m.start, m.end):
                    self.owner[i] = None

    def block(self, start: int, end: int) -> None:
        for i in range(start, end):
            self.blocked[i] = True

    def remove(self, mention: Mention) -> None:
        self.mentions = [m for m in self.mentions if m is not mention]
        for i in range(mention.start, mention.end):
            if self.owner[i] is mention:
                self.owner[i] = None

    def remove_all(self, mentions: list[Mention]) -> None:
        """Remove many mentions in one pass (one ``remove`` each is quadratic on long texts)."""
        gone = {id(m) for m in mentions}
        self.mentions = [m for m in self.mentions if id(m) not in gone]
        for mention in mentions:
            for i in range(mention.start, mention.end):
                if self.owner[i] is mention:
                    self.owner[i] = None

    def at(self, i: int) -> Mention | None:
        return self.owner[i] if 0 <= i < len(self.owner) else None

    def starting_at(self, i: int) -> Mention | None:
        m = self.at(i)
        return m if m is not None and m.start == i else None

    def ending_at(self, i: int) -> Mention | None:
        """The mention whose last token is ``i``."""
        m = self.at(i)
        return m if m is not None and m.end == i + 1 else None

    def ids(self) -> set[str]:
        return {m.id for m in self.mentions}
