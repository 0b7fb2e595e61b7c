"""Sentence boundaries for press releases, with no statistical model.

spaCy's ``sentencizer`` splits on punctuation only, so a headline or a dateline without a
full stop runs into the next paragraph, and a closing quotation mark after a full stop
(``… change.” she noted``) confuses it. This component starts a sentence at every line
break and after sentence-final punctuation (optionally followed by closing quotes or
brackets) when the next word can open a sentence. When a parser runs after it, the parser
keeps these boundaries.

It works on the Doc's attribute arrays (no Token objects), because it runs on every token of
every release: the rules are the same as a token-by-token scan, expressed with numpy.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy
from spacy.attrs import IS_SPACE, ORTH, PREFIX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from mirps_nlp.components.base import MirpsComponent
from mirps_nlp.patterns import read_patterns

#: The row file of sentence punctuation: ``final``, ``colon``, ``closer`` and ``opener`` marks.
MARKS_FILE = "sentence_marks.jsonl"


class SentenceSegmenter(MirpsComponent):
    """Rule-based sentence boundaries: line breaks and final punctuation (the marks of
    ``patterns/<lang>/sentence_marks.jsonl``).

    Args:
        split_on_colon: a colon ends a sentence too (default False).
        nlp, name, lang, patterns: see :class:`~.base.MirpsComponent`.
    """

    pattern_files = (MARKS_FILE,)

    def __init__(
        self,
        nlp: Language,
        name: str = "mirps_sentences",
        split_on_colon: bool = False,
        *,
        lang: str = "",
        patterns: str = "",
    ) -> None:
        self.split_on_colon = split_on_colon
        super().__init__(nlp, name, lang=lang, patterns=patterns)

    def compile(self, nlp: Language) -> None:
        marks = {row["kind"]: row["marks"] for row in read_patterns(self.lang, MARKS_FILE)}
        final = set(marks.get("final", ())) | (set(marks.get("colon", ())) if self.split_on_colon else set())
        closers = marks.get("closer", ())
        self.openers = frozenset(marks.get("opener", ()))
        strings = nlp.vocab.strings
        self.final = numpy.array(sorted(strings.add(t) for t in final), dtype=numpy.uint64)
        self.closers = numpy.array(sorted(strings.add(t) for t in closers), dtype=numpy.uint64)
        self.strings = strings
        self._opens: dict[int, bool] = {}  # first-character hash -> can open a sentence
        self._newline: dict[int, bool] = {}  # whitespace-token hash -> holds a line break

    def annotate(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n:
            return doc
        attrs = doc.to_array([ORTH, PREFIX, IS_SPACE])
        orth, prefix, is_space = attrs[:, 0], attrs[:, 1], attrs[:, 2].astype(bool)
        final = numpy.isin(orth, self.final)
        closer = numpy.isin(orth, self.closers)
        # The state after each token: did the last word that was neither space nor closer end
        # a sentence? (``.”`` still ends it after the closing mark; spaces carry it over.)
        event = ~is_space & ~closer
        last_event = numpy.maximum.accumulate(numpy.where(event, numpy.arange(n), -1))
        after_final = numpy.where(last_event >= 0, final[numpy.maximum(last_event, 0)], False)
        line_break = numpy.zeros(n, dtype=bool)
        if is_space.any():
            line_break[is_space] = self._lookup(orth[is_space], self._has_newline)
        can_open = self._lookup(prefix, self._can_open)
        starts = numpy.zeros(n, dtype=bool)
        starts[1:] = line_break[:-1] | (after_final[:-1] & ~closer[1:] & can_open[1:])
        starts &= ~is_space  # whitespace belongs to the sentence before
        starts[0] = True
        values = numpy.where(starts, 1, -1).astype(numpy.uint64).reshape(-1, 1)
        doc.from_array([SENT_START], values)  # type: ignore[arg-type]
        return doc

    @staticmethod
    def _lookup(hashes: numpy.ndarray, test: Callable[[int], bool]) -> numpy.ndarray:
        """Apply a cached per-string test to each distinct hash only, then spread it back."""
        distinct, inverse = numpy.unique(hashes, return_inverse=True)
        return numpy.array([test(int(h)) for h in distinct], dtype=bool)[inverse]

    def _has_newline(self, orth: int) -> bool:
        known = self._newline.get(orth)
        if known is None:
            known = self._newline[orth] = "\n" in self.strings[orth]
        return known

    def _can_open(self, prefix: int) -> bool:
        known = self._opens.get(prefix)
        if known is None:
            first = self.strings[prefix][:1]
            # Not a digit: "resolution AG/RES. 2941" and "No. 45" go on; press style spells out
            # a number that opens a sentence.
            known = self._opens[prefix] = bool(first) and (first.isupper() or first in self.openers)
        return known


@Language.factory(
    "mirps_sentences",
    default_config={"split_on_colon": False, "lang": "", "patterns": ""},
    assigns=["token.is_sent_start"],
)
def make_sentences(nlp: Language, name: str, split_on_colon: bool, lang: str, patterns: str) -> SentenceSegmenter:
    return SentenceSegmenter(nlp, name=name, split_on_colon=split_on_colon, lang=lang, patterns=patterns)
