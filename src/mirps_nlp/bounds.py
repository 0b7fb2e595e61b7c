"""Sentence bounds computed once per Doc, for every component (and the date recogniser).

``doc.sents`` and ``span.sent`` build new Span objects on every call; a component that asks
for a sentence per candidate pays for it many times over. ``sentence_bounds`` reads the
boundary array once per Doc and caches plain lists in ``doc.user_data``.
"""

from __future__ import annotations

import bisect

import numpy
from spacy.attrs import SENT_START
from spacy.tokens import Doc

__all__ = ["sentence_bounds", "sentence_of_char"]

_BOUNDS_KEY = "mirps_sentence_bounds"
_CHAR_STARTS_KEY = "mirps_sentence_char_starts"


def sentence_bounds(doc: Doc) -> tuple[list[tuple[int, int]], list[int]]:
    """(start, end) token offsets of every sentence, and each token's sentence index.

    Computed from the boundary array in one pass and cached on the Doc: call it freely.
    """
    cached = doc.user_data.get(_BOUNDS_KEY)
    if cached is not None and cached[2] == len(doc):
        return cached[0], cached[1]
    n = len(doc)
    if not n:
        bounds: list[tuple[int, int]] = []
        sent_of: list[int] = []
    elif not doc.has_annotation("SENT_START"):
        bounds, sent_of = [(0, n)], [0] * n
    else:
        flags = doc.to_array([SENT_START]).reshape(-1)
        flags[0] = 1
        starts = numpy.flatnonzero(flags == 1).tolist()
        bounds = list(zip(starts, [*starts[1:], n], strict=True))
        sent_of = (numpy.cumsum(flags == 1) - 1).tolist()
    doc.user_data[_BOUNDS_KEY] = (bounds, sent_of, n)
    return bounds, sent_of


def sentence_of_char(doc: Doc, char_offset: int) -> tuple[int, int]:
    """Token bounds (start, end) of the sentence holding a character offset."""
    bounds, _ = sentence_bounds(doc)
    if not bounds:
        return 0, 0
    # Cached beside the bounds: rebuilt per call, this made long texts cost quadratic time.
    cached = doc.user_data.get(_CHAR_STARTS_KEY)
    if cached is None or cached[0] is not bounds:
        cached = (bounds, [doc[start].idx for start, _ in bounds])
        doc.user_data[_CHAR_STARTS_KEY] = cached
    return bounds[max(bisect.bisect_right(cached[1], char_offset) - 1, 0)]
