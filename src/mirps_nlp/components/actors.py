"""mirps_actors: placeholder until the component lands (see the issue that fills it)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


class ActorRecognizer:
    def __init__(self, nlp: Language, name: str = "mirps_actors") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        return doc


@Language.factory("mirps_actors")
def make_actors(nlp: Language, name: str) -> ActorRecognizer:
    return ActorRecognizer(nlp, name)
