"""One pydantic row model per kind of pattern file: what a row of ``patterns/<lang>/<file>`` may say.

:func:`~mirps_nlp.patterns.read_patterns` checks every row of a file listed in :data:`ROW_MODELS`
as it reads it, so a misspelt key or a wrong type is an error naming ``file:line`` when the
pipeline loads, not a rule that silently never fires. The chair files have their richer models
(frames and slots) in :mod:`mirps_nlp.components.chairs.rules`, which validates them as it compiles.
Rows are still handed to the components as plain dicts: the models check, they do not convert.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Words = list[str]
ISO3 = Field(pattern=r"^[A-Z]{3}$")
CATEGORY = Literal["beneficiaries", "commitments", "countries", "displaced_people", "refugees_asylum"]


class Row(BaseModel):
    """Every row: no key the readers do not know; ``note`` says why a row exists."""

    model_config = ConfigDict(extra="forbid", strict=True)
    note: str | None = None


class WordClassRow(Row):
    """A named class of words a rule reads (``actor_lexicon``, ``quote_words``: ``class``)."""

    class_: str = Field(alias="class", min_length=1)
    words: Words  # may be empty: the language has no such words ("es" puts no adjective after a name)


class KindWordsRow(Row):
    """A class of words named by ``kind`` (``figures_context``)."""

    kind: str = Field(min_length=1)
    words: Words


class WordRow(Row):
    """One word (``quote_motto_heads``, ``quote_name_particles``, ...)."""

    word: str = Field(min_length=1)


class ActorBlockerRow(Row):
    """A name that is not an actor although it holds one ("Panama City", "Brazil Plan of Action")."""

    text: str = Field(min_length=1)
    reason: Literal["document", "event", "generic body", "place", "publisher", "region"]


class CountryAliasRow(Row):
    """Extra or dropped names of a country in one language."""

    iso3: str = ISO3
    name: str | None = None
    aliases: Words = Field(default_factory=list)
    demonyms: Words = Field(default_factory=list)
    drop: Words = Field(default_factory=list)
    wikidata: str | None = None


class FirstNameRow(Row):
    name: str = Field(min_length=1)


class CountryRow(Row):
    id: str = Field(pattern=r"^country:[A-Z]{3}$")
    kind: Literal["country"]
    name: str
    iso2: str = Field(pattern=r"^[A-Z]{2}$")
    iso3: str = ISO3
    aliases: Words
    demonyms: Words
    wikidata: str | None


class ContextAlias(Row):
    text: str
    requires: str | Words


class OrganizationRow(Row):
    id: str = Field(pattern=r"^org:")
    name: str
    acronym: str | None
    aliases: Words
    context_aliases: list[ContextAlias] = Field(default_factory=list)
    country: str | None = None
    parent: str | None = None
    standalone_only: bool = False
    wikidata: str | None = None


class PersonTitleRow(Row):
    text: str = Field(min_length=1)
    type: Literal["head", "honorific", "modifier", "office", "peer", "relative", "suffix"]
    affiliation: str | None = None
    absorbs: Words = Field(default_factory=list)
    role: str | None = None


class BoilerplateRow(Row):
    """A line of site chrome or contact details that is not the release."""

    kind: Literal["contact", "contact_line", "footer", "line"]
    match: Literal["contains", "exact", "prefix", "regex"]
    zone: Literal["any", "header"] | None = None
    text: str | None = None
    pattern: str | None = None
    names: str | None = None
    publisher: str | None = None
    syndicator: str | None = None

    @model_validator(mode="after")
    def _has_something_to_match(self) -> BoilerplateRow:
        if self.text is None and self.pattern is None:
            raise ValueError("a boilerplate row needs 'text' or 'pattern'")
        return self


class DatesRow(Row):
    """Calendar words, number tables, fixed days and token patterns of dates."""

    kind: Literal["fixed_day", "numbers", "pattern", "words"]
    name: str | None = None
    words: Words | None = None
    values: dict[str, int] | None = None
    label: str | None = None
    precision: Literal["day", "month", "period", "year"] | None = None
    pattern: list[dict[str, Any]] | None = None
    drop: list[int] | Words | None = None
    relative: bool | None = None
    prefer: Literal["past"] | None = None
    month: int | None = Field(default=None, ge=1, le=12)
    day: int | None = Field(default=None, ge=1, le=31)
    phrases: Words | None = None

    @model_validator(mode="after")
    def _kind_fields(self) -> DatesRow:
        needed = {"words": ("name", "words"), "numbers": ("name", "values"), "pattern": ("pattern",)}
        missing = [f for f in needed.get(self.kind, ()) if getattr(self, f) is None]
        if missing:
            raise ValueError(f"a {self.kind!r} row needs {', '.join(missing)}")
        return self


class EventDocumentRow(Row):
    kind: str = Field(min_length=1)
    words: Words
    doc_kind: str | None = None
    action: str | None = None


class EventMeetingRow(Row):
    kind: str = Field(min_length=1)
    words: Words | None = None
    values: dict[str, int] | None = None
    body: str | None = None
    names: Words | None = None
    capitals: dict[str, str] | None = None  # kind "capital": ISO3 -> the capital as the language writes it


class FigureCategoryRow(Row):
    category: CATEGORY
    where: Words
    cues: Words
    person_only: bool = False


class FigureFormatRow(Row):
    kind: Literal["months", "noun_phrase", "separators", "word_parser"]
    thousands: str | None = None
    decimal: str | None = None
    order: Literal["head_first", "head_last"] | None = None
    name: Literal["text2num"] | None = None
    case: Literal["lower"] | None = None


class FigureNounRow(Row):
    head: str = Field(min_length=1)
    category: CATEGORY | None
    person: bool


class FigureNumberRow(Row):
    kind: Literal["article", "fraction", "number", "scale", "scale_only", "vague"]
    word: str | None = None
    phrase: str | None = None
    value: int | float | None = None
    needs_article: bool = False
    short: bool = False
    then_digits: bool = False


class FigureQualifierRow(Row):
    phrase: str = Field(min_length=1)
    qualifier: Literal["about", "at_least", "exactly", "less_than", "more_than", "up_to"]
    position: Literal["after", "before"]
    ambiguous: bool


class FigureUnitRow(Row):
    phrase: str = Field(min_length=1)
    unit: str = Field(min_length=1)
    position: Literal["prefix", "suffix"]
    glued_only: bool = False
    large_only: bool = False
    spaced_if_scaled: bool = False  # also written apart before a scaled amount: "L 60 million"


class MetadataRow(Row):
    kind: str = Field(min_length=1)
    pattern: str
    rank: int | None = None


class SyndicatorRow(Row):
    """A wire service or aggregator that republishes releases."""

    name: str
    aliases: Words
    domains: Words


class PublisherRow(SyndicatorRow):
    """A publisher, with how its reference numbers are written."""

    kind: Literal["agency"] | None = None
    reference_pattern: str | None = None
    url_reference_param: str | None = None


class LanguageRow(Row):
    words: Words = Field(min_length=1)


class LemmaRow(Row):
    lemma: str = Field(min_length=1)
    forms: Words  # generated by scripts/build_lemmas.py: empty when the tables list no other form


class SentenceMarkRow(Row):
    """Punctuation that ends a sentence, stays in it after the end, or may open the next."""

    kind: Literal["final", "colon", "closer", "opener"]
    marks: Words = Field(min_length=1)


class QuoteCueRow(Row):
    lemma: str = Field(min_length=1)
    forms: Words
    kind: Literal["characterize", "source", "speech"]
    by_lemma: bool = False


class QuotePronounRow(Row):
    form: str = Field(min_length=1)
    refers: Literal["body", "collective", "group", "person", "state"]
    gender: Literal["f", "m"] | None = None


class QuoteTitleRow(Row):
    word: str = Field(min_length=1)
    role: Literal["head", "honorific", "modifier"]
    same_as: Words = Field(default_factory=list)


#: The row model of each pattern file (chair files: see ``chairs_rules.ROW_MODELS``).
ROW_MODELS: dict[str, type[Row]] = {
    "actor_blockers.jsonl": ActorBlockerRow,
    "actor_country_aliases.jsonl": CountryAliasRow,
    "actor_first_names.jsonl": FirstNameRow,
    "actor_lexicon.jsonl": WordClassRow,
    "boilerplate.jsonl": BoilerplateRow,
    "countries.jsonl": CountryRow,
    "dates_patterns.jsonl": DatesRow,
    "event_documents.jsonl": EventDocumentRow,
    "event_meetings.jsonl": EventMeetingRow,
    "figures_categories.jsonl": FigureCategoryRow,
    "figures_context.jsonl": KindWordsRow,
    "figures_formats.jsonl": FigureFormatRow,
    "figures_nouns.jsonl": FigureNounRow,
    "figures_numbers.jsonl": FigureNumberRow,
    "figures_qualifiers.jsonl": FigureQualifierRow,
    "figures_units.jsonl": FigureUnitRow,
    "ingest_metadata.jsonl": MetadataRow,
    "ingest_publishers.jsonl": PublisherRow,
    "ingest_syndicators.jsonl": SyndicatorRow,
    "language.jsonl": LanguageRow,
    "lemmas.jsonl": LemmaRow,
    "organizations.jsonl": OrganizationRow,
    "person_titles.jsonl": PersonTitleRow,
    "quote_cues.jsonl": QuoteCueRow,
    "quote_motto_heads.jsonl": WordRow,
    "quote_name_particles.jsonl": WordRow,
    "quote_not_name_words.jsonl": WordRow,
    "quote_pronouns.jsonl": QuotePronounRow,
    "quote_titles.jsonl": QuoteTitleRow,
    "quote_words.jsonl": WordClassRow,
    "sentence_marks.jsonl": SentenceMarkRow,
}
