"""Sentence boundaries for press releases, with no statistical model.

spaCy's ``sentencizer`` splits on punctuation only, so a headline or a dateline without a
full stop runs into the next paragraph, and a closing quotation mark after a full stop
(``… change.” she noted``) confuses it. This component starts a sentence at every line
break and after sentence-final punctuation (optionally followed by closing quotes or
brackets) when the next word can open a sentence. When a parser runs after it, the parser
keeps these boundaries.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

_FINAL = frozenset({".", "!", "?", "…", "...", ":"})
_CLOSERS = frozenset({'"', "”", "’", "'", ")", "]", "»"})


class SentenceSegmenter:
    """Rule-based sentence boundaries: line breaks and final punctuation."""

    def __init__(self, name: str = "mirps_sentences", split_on_colon: bool = False) -> None:
        self.name = name
        self.final = _FINAL if split_on_colon else _FINAL - {":"}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        starts = [False] * len(doc)
        starts[0] = True
        after_final = False  # the previous non-closer token ended a sentence
        for i, token in enumerate(doc):
            text = token.text
            if i:
                prev = doc[i - 1]
                if ("\n" in prev.text and prev.is_space) or (after_final and text not in _CLOSERS and _can_open(text)):
                    starts[i] = True
            if token.is_space:
                continue
            if text in self.final:
                after_final = True
            elif text in _CLOSERS and after_final:
                pass  # ``.”`` still ends the sentence after the closing mark
            else:
                after_final = False
        for token, start in zip(doc, starts, strict=True):
            # A whitespace-only token never opens a sentence: it belongs to the one before.
            token.is_sent_start = start and not (token.is_space and token.i > 0)
        return doc


def _can_open(text: str) -> bool:
    first = text[0]
    return first.isupper() or first.isdigit() or first in "\"“‘'(«[¿¡"


@Language.factory("mirps_sentences", default_config={"split_on_colon": False})
def make_sentences(nlp: Language, name: str, split_on_colon: bool) -> SentenceSegmenter:
    return SentenceSegmenter(name=name, split_on_colon=split_on_colon)
