"""A token-pattern matcher that runs plain phrases in a ``PhraseMatcher``.

spaCy's ``Matcher`` tries every pattern's first token at every token of a Doc, so its cost
grows with the number of patterns: the chair triggers (about 200 patterns, most of them one
or two words) cost ten times the whole tokenizer. Most rows are plain phrases: every token
tests one attribute (``ORTH``, ``LOWER`` or ``LEMMA``) for equality with a string, with no
operator. Those go into one ``PhraseMatcher`` per attribute, which looks a token up in a hash
table whatever the number of phrases; only the patterns with operators, sets, regular
expressions or several attributes stay in the ``Matcher``. The matches are the same: every
(key, start, end) the ``Matcher`` would find, each once, in order of start then end.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

__all__ = ["TokenMatcher", "phrase_attr"]

_PHRASE_ATTRS = ("ORTH", "LOWER", "LEMMA")


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


class TokenMatcher:
    """``Matcher``'s ``add`` and ``__call__`` for token patterns, plain phrases compiled apart."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self.matcher = Matcher(vocab)
        self.phrases: dict[str, PhraseMatcher] = {}
        self._keys: set[str] = set()

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
                rest.append(pattern)
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
        self._keys.add(key)

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        """(key hash, start, end) of every match, each once, by start then end then key."""
        found: set[tuple[int, int, int]] = set()
        if len(self.matcher):
            found.update(self.matcher(doc))
        for attr, phrase_matcher in self.phrases.items():
            if attr == "LEMMA" and not doc.has_annotation("LEMMA"):
                continue
            found.update(phrase_matcher(doc))
        return sorted(found, key=lambda m: (m[1], m[2], m[0]))
