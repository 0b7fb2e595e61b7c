"""mirps_dates: every date expression of a release, found once and resolved against its date.

The recogniser is :class:`mirps_nlp.dates.DateFinder` (token patterns of
``patterns/<lang>/dates_patterns.jsonl``, resolved against ``doc._.mirps_published``); this
component runs it once per Doc and writes the mentions to ``doc.spans["mirps_dates"]``, with
what each resolved to in ``span._.mirps_date`` (the contract in :mod:`mirps_nlp.extensions`).
The chair and event components read them with :func:`mirps_nlp.dates.date_mentions` instead of
matching again, so a Doc has one set of dates whichever component asks.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from mirps_nlp.components.base import MirpsComponent
from mirps_nlp.dates import DateFinder, write_date_spans


class DateRecognizer(MirpsComponent):
    """Write ``doc.spans["mirps_dates"]`` (see the module docstring).

    Args: see :class:`~.base.MirpsComponent`.
    """

    pattern_files = ("dates_patterns.jsonl",)

    def __init__(self, nlp: Language, name: str = "mirps_dates", *, lang: str = "", patterns: str = "") -> None:
        super().__init__(nlp, name, lang=lang, patterns=patterns)

    def compile(self, nlp: Language) -> None:
        self.finder = DateFinder(nlp.vocab, self.lang)

    def annotate(self, doc: Doc) -> Doc:
        write_date_spans(doc, self.finder(doc))
        return doc


@Language.factory(
    "mirps_dates",
    default_config={"lang": "", "patterns": ""},
    assigns=["doc.spans", "span._.mirps_date"],
)
def make_dates(nlp: Language, name: str, lang: str, patterns: str) -> DateRecognizer:
    return DateRecognizer(nlp, name, lang=lang, patterns=patterns)
