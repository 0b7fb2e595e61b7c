"""mirps_figures: placeholder until the component lands (see the issue that fills it)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


class FigureExtractor:
    def __init__(self, nlp: Language, name: str = "mirps_figures") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        return doc


@Language.factory("mirps_figures")
def make_figures(nlp: Language, name: str) -> FigureExtractor:
    return FigureExtractor(nlp, name)
