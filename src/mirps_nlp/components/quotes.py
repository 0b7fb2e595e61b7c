"""mirps_quotes: placeholder until the component lands (see the issue that fills it)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


class QuoteExtractor:
    def __init__(self, nlp: Language, name: str = "mirps_quotes") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        return doc


@Language.factory("mirps_quotes")
def make_quotes(nlp: Language, name: str) -> QuoteExtractor:
    return QuoteExtractor(nlp, name)
