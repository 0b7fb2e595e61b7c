"""A token-pattern matcher that runs plain phrases in a ``PhraseMatcher``.

spaCy's ``Matcher`` tries every pattern's first token at every token of a Doc, so its cost
grows with the number of patterns: the chair triggers (about 200 patterns, most of them one
or two words) cost ten times the whole tokenizer. Most rows are plain phrases: every token
tests one attribute (``ORTH``, ``LOWER`` or ``LEMMA``) for equality with a string, with no
operator. Those go into one ``PhraseMatcher`` per attribute, which looks a token up in a hash
table whatever the number of phrases; only the patterns with operators, sets, regular
expressions or several attributes stay in the ``Matcher``. One-token patterns that test a set
of words ("LEMMA IN [...]") and then, say, a regular expression on another attribute are
found the same way: the set by a binary search over the Doc's attribute column, the other
tests only on those few tokens. The patterns left to the ``Matcher`` run only around their
anchors: when each of them has a bounded length and a required token that tests ``ORTH``,
``LOWER``, ``LEMMA`` or ``NORM`` against a word or an ``IN`` list, the ``Matcher`` (which builds
a ``Token`` for every word it reads, whatever its patterns) reads only the windows of the Doc
within one pattern length of a token that can be an anchor (found by a binary search over the
attribute column), and nothing when no such token occurs. The matches are the same: every
(key, start, end) the ``Matcher`` would find, each once, in order of start then end.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import numpy
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

__all__ = ["TokenMatcher", "pattern_anchor", "phrase_attr", "word_test"]

_PHRASE_ATTRS = ("ORTH", "LOWER", "LEMMA")
_ANCHOR_ATTRS = {"ORTH": "ORTH", "TEXT": "ORTH", "LOWER": "LOWER", "LEMMA": "LEMMA", "NORM": "NORM"}
_STRING_ATTRS = ("ORTH", "LOWER", "LEMMA", "NORM")

# One test of a one-token pattern: (attribute, "IN" / "NOT_IN" / "REGEX", hashes or a regex).
Test = tuple[str, str, Any]


def phrase_attr(pattern: list[dict[str, Any]]) -> str | None:
    """The attribute a pattern compares on every token when it is a plain phrase, else None.

    A plain phrase: each token is one ``{ATTR: "string"}`` on the same attribute, without an
    operator; a ``LOWER`` value must be lower case (the ``Matcher`` never matches "Hand" on
    ``LOWER``, a ``PhraseMatcher`` would lower-case it and match "hand").
    """
    attrs = set()
    for token in pattern:
        if len(token) != 1:
            return None
        ((attr, value),) = token.items()
        attr = attr.upper()
        if attr not in _PHRASE_ATTRS or not isinstance(value, str) or not value:
            return None
        if attr == "LOWER" and value.lower() != value:
            return None
        attrs.add(attr)
    return attrs.pop() if len(attrs) == 1 else None


def word_test(pattern: list[dict[str, Any]], vocab: Vocab) -> list[Test] | None:
    """A one-token pattern as tests, the first a set of words to look up, else None.

    The pattern must have no operator, test ``ORTH``, ``LOWER`` or ``LEMMA`` against a word or
    an ``IN`` list, and test nothing else than string attributes with a word, ``IN``,
    ``NOT_IN`` or ``REGEX`` (compared as the ``Matcher`` does: by hash, ``re.search``).
    """
    if len(pattern) != 1 or "OP" in pattern[0]:
        return None
    tests: list[Test] = []
    for attr, spec in pattern[0].items():
        if attr not in _STRING_ATTRS:
            return None
        if isinstance(spec, str):
            spec = {"IN": [spec]}
        if not isinstance(spec, dict) or len(spec) != 1:
            return None
        ((op, value),) = spec.items()
        if op in ("IN", "NOT_IN") and isinstance(value, list) and all(isinstance(v, str) for v in value):
            tests.append((attr, op, numpy.array(sorted({vocab.strings.add(v) for v in value}), dtype=numpy.uint64)))
        elif op == "REGEX" and isinstance(value, str):
            tests.append((attr, op, re.compile(value)))
        else:
            return None
    anchors = [k for k, (attr, op, _) in enumerate(tests) if op == "IN" and attr in _PHRASE_ATTRS]
    if not anchors:
        return None
    first = tests.pop(anchors[0])
    return [first, *tests]


def _in(column: numpy.ndarray, hashes: numpy.ndarray) -> numpy.ndarray:
    if not len(hashes):
        return numpy.zeros(len(column), dtype=bool)
    pos = numpy.minimum(numpy.searchsorted(hashes, column), len(hashes) - 1)
    return hashes[pos] == column


class TokenMatcher:
    """``Matcher``'s ``add`` and ``__call__`` for token patterns, plain phrases compiled apart."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self.matcher = Matcher(vocab)
        self.phrases: dict[str, PhraseMatcher] = {}
        self.word_tests: list[tuple[int, list[Test]]] = []  # (key hash, tests) of one-token patterns
        self._keys: set[str] = set()
        # where the Matcher's patterns can match: attribute -> the words one of their anchors has,
        # and the longest pattern; ``_anywhere`` when one pattern has no anchor or no bound
        self._anchor_words: dict[str, set[str]] = {}
        self._anchor_hashes: dict[str, numpy.ndarray] = {}
        self._reach = 0
        self._anywhere = False

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, key: str) -> bool:
        return key in self._keys

    def add(self, key: str, patterns: Iterable[list[dict[str, Any]]]) -> None:
        rest: list[list[dict[str, Any]]] = []
        docs: dict[str, list[Doc]] = {}
        for pattern in patterns:
            attr = phrase_attr(pattern)
            if attr is None:
                tests = word_test(pattern, self.vocab)
                if tests is None:
                    rest.append(pattern)
                else:
                    self.word_tests.append((self.vocab.strings.add(key), tests))
                continue
            words = [next(iter(token.values())) for token in pattern]
            lemmas = words if attr == "LEMMA" else None
            docs.setdefault(attr, []).append(Doc(self.vocab, words=words, lemmas=lemmas))
        for attr, phrase_docs in docs.items():
            if attr not in self.phrases:
                self.phrases[attr] = PhraseMatcher(self.vocab, attr=attr)
            self.phrases[attr].add(key, phrase_docs)
        if rest:
            self.matcher.add(key, rest)
            for pattern in rest:
                self._add_anchor(pattern)
        self._keys.add(key)

    def _add_anchor(self, pattern: list[dict[str, Any]]) -> None:
        """Note where ``pattern`` can match (see the module's docstring)."""
        found = pattern_anchor(pattern)
        if found is None:
            self._anywhere = True
            return
        attr, words, length = found
        self._anchor_words.setdefault(attr, set()).update(words)
        self._anchor_hashes[attr] = numpy.array(
            sorted({self.vocab.strings.add(w) for w in self._anchor_words[attr]}), dtype=numpy.uint64
        )
        self._reach = max(self._reach, length)

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        """(key hash, start, end) of every match, each once, by start then end then key."""
        found: set[tuple[int, int, int]] = set()
        if len(self.matcher):
            found.update(self._matcher_matches(doc))
        for attr, phrase_matcher in self.phrases.items():
            if attr == "LEMMA" and not doc.has_annotation("LEMMA"):
                continue
            found.update(phrase_matcher(doc))
        if self.word_tests and len(doc):
            found.update(self._word_matches(doc))
        return sorted(found, key=lambda m: (m[1], m[2], m[0]))

    def _matcher_matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        """The ``Matcher``'s matches, read only in the windows around anchors (when all its
        patterns have one and a bounded length)."""
        lemma_unset = "LEMMA" in self._anchor_hashes and not doc.has_annotation("LEMMA")
        if self._anywhere or lemma_unset or not len(doc):
            return self.matcher(doc)
        attrs = sorted(self._anchor_hashes)
        table = doc.to_array(list[int | str](attrs)).reshape(len(doc), len(attrs)).astype(numpy.uint64)
        anchored = numpy.zeros(len(doc), dtype=bool)
        for k, attr in enumerate(attrs):
            anchored |= _in(table[:, k], self._anchor_hashes[attr])
        out: list[tuple[int, int, int]] = []
        for lo, hi in _windows(numpy.flatnonzero(anchored).tolist(), self._reach, len(doc)):
            out.extend((key, lo + start, lo + end) for key, start, end in self.matcher(doc[lo:hi]))
        return out

    def _word_matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        attrs: list[int | str] = [*sorted({attr for _, tests in self.word_tests for attr, _, _ in tests})]
        table = doc.to_array(attrs).reshape(len(doc), len(attrs)).astype(numpy.uint64)
        columns = {attr: table[:, k] for k, attr in enumerate(attrs)}
        strings = doc.vocab.strings
        out = []
        for key, ((attr, _, hashes), *rest) in self.word_tests:
            for i in numpy.flatnonzero(_in(columns[attr], hashes)).tolist():
                if all(_passes(int(columns[a][i]), op, value, strings) for a, op, value in rest):
                    out.append((key, i, i + 1))
        return out


def pattern_anchor(pattern: list[dict[str, Any]]) -> tuple[str, list[str], int] | None:
    """(attribute, words, longest length) of a pattern whose first required token with a word
    test on ``ORTH``/``TEXT``/``LOWER``/``LEMMA``/``NORM`` every match holds, or None (no such
    token, or an operator that repeats a token: ``*``, ``+`` or a ``{n,m}`` quantifier)."""
    anchor: tuple[str, list[str]] | None = None
    length = 0
    for token in pattern:
        op = next((v for k, v in token.items() if k.upper() == "OP"), None)
        if op not in (None, "!", "?", "1"):
            return None  # a repeated token: no bound on the length
        length += 1
        if anchor is not None or op not in (None, "1"):
            continue
        for key, spec in token.items():
            attr = _ANCHOR_ATTRS.get(key.upper())
            if attr is None:
                continue
            if isinstance(spec, str):
                anchor = (attr, [spec])
            elif isinstance(spec, dict) and set(spec) == {"IN"} and all(isinstance(v, str) for v in spec["IN"]):
                anchor = (attr, list(spec["IN"]))
            if anchor is not None:
                break
    return (anchor[0], anchor[1], length) if anchor is not None else None


def _windows(anchors: list[int], reach: int, n: int) -> list[tuple[int, int]]:
    """The token ranges within ``reach`` - 1 tokens before and ``reach`` after each anchor (a
    match of at most ``reach`` tokens that holds the anchor lies inside), overlapping ones merged."""
    out: list[tuple[int, int]] = []
    for p in anchors:
        lo, hi = max(0, p - reach + 1), min(n, p + reach)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _passes(value: int, op: str, expected: Any, strings: Any) -> bool:
    if op == "REGEX":
        return bool(expected.search(strings[value]))
    found = bool(len(expected)) and bool(_in(numpy.array([value], dtype=numpy.uint64), expected)[0])
    return found if op == "IN" else not found
