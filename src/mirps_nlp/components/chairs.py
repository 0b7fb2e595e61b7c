"""mirps_chairs: placeholder until the component lands (see the issue that fills it)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


class ChairExtractor:
    def __init__(self, nlp: Language, name: str = "mirps_chairs") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        return doc


@Language.factory("mirps_chairs")
def make_chairs(nlp: Language, name: str) -> ChairExtractor:
    return ChairExtractor(nlp, name)
