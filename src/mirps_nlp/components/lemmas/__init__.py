"""mirps_lemmas: lemmas for the words our grammar names, so a rule says ``LEMMA: transfer`` once.

spaCy's own lookup lemmatizer reads the whole table of ``spacy-lookups-data`` (Spanish: about
eight seconds) and sets lemmas token by token in Python, which costs several times the
tokenizer. Our grammar needs the lemmas of a few hundred words, so ``scripts/build_lemmas.py``
ships just those rows (``patterns/<lang>/lemmas.jsonl``, forms from the same tables), and this
component sets every token's lemma from its lower-case form with array operations: the forms
it knows get their lemma, every other word is its own lemma (lower-cased), so ``LEMMA`` and
``LOWER`` agree on words the table does not list.
"""

from __future__ import annotations

import numpy
from spacy.attrs import LEMMA, LOWER
from spacy.language import Language
from spacy.tokens import Doc

from mirps_nlp.components.base import MirpsComponent
from mirps_nlp.patterns import read_patterns


class LookupLemmas(MirpsComponent):
    """Set ``token.lemma_`` from ``patterns/<lang>/lemmas.jsonl`` (generated), vectorised.

    Args: see :class:`~.base.MirpsComponent`.
    """

    pattern_files = ("lemmas.jsonl",)

    def __init__(self, nlp: Language, name: str = "mirps_lemmas", *, lang: str = "", patterns: str = "") -> None:
        super().__init__(nlp, name, lang=lang, patterns=patterns)

    def compile(self, nlp: Language) -> None:
        strings = nlp.vocab.strings
        # Strings added here, outside any memory zone, stay for the pipeline's life.
        pairs = [
            (strings.add(form), strings.add(row["lemma"]))
            for row in read_patterns(self.lang, "lemmas.jsonl")
            for form in row["forms"]
        ]
        order = sorted(pairs)
        self.forms = numpy.array([f for f, _ in order], dtype=numpy.uint64)
        self.lemmas = numpy.array([lemma for _, lemma in order], dtype=numpy.uint64)

    def annotate(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        lower = doc.to_array([LOWER]).reshape(-1)
        lemma = lower.copy()
        if len(self.forms):
            where = numpy.searchsorted(self.forms, lower)
            where[where >= len(self.forms)] = 0
            known = self.forms[where] == lower
            lemma[known] = self.lemmas[where[known]]
        doc.from_array([LEMMA], lemma.reshape(-1, 1))  # type: ignore[arg-type]  # uint64 hashes; thinc types Ints2d as int32
        return doc


@Language.factory("mirps_lemmas", default_config={"lang": "", "patterns": ""}, assigns=["token.lemma"])
def make_lemmas(nlp: Language, name: str, lang: str, patterns: str) -> LookupLemmas:
    return LookupLemmas(nlp, name, lang=lang, patterns=patterns)
