"""mirps_events: placeholder until the component lands (see the issue that fills it)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


class EventExtractor:
    def __init__(self, nlp: Language, name: str = "mirps_events") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        return doc


@Language.factory("mirps_events")
def make_events(nlp: Language, name: str) -> EventExtractor:
    return EventExtractor(nlp, name)
