"""The record contract (schema_version "1") as pydantic models.

These models are the one schema: the CLI prints them, the sinks store them, ``mirps-nlp
schema`` exports their JSON Schema and ``docs/records.md`` is written from them
(``scripts/build_records_doc.py``). Every field carries a description. Field names of the
contract are fixed; extra fields (``roles``, ``confidence``, ``linked_to`` …) only ever add
information. ``model_dump()`` gives the contract's names (``from``, not ``from_``) with or
without ``by_alias=True``; Python code reads ``transfer.from_``.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

SCHEMA_VERSION: Literal["1"] = "1"

ActorKind = Literal["country", "organization", "person"]
Qualifier = Literal["more_than", "less_than", "about", "at_least", "up_to", "exactly"]
Office = Literal["pro_tempore_presidency", "chair"]
TransferStatus = Literal["completed", "planned", "elected"]
TermStatus = Literal["current", "completed", "incoming"]
DocumentKind = Literal["declaration", "charter", "roadmap", "plan", "compact", "other"]
DocumentAction = Literal["adopted", "approved", "agreed", "mentioned"]
FigureCategory = Literal[
    "displaced_people",
    "refugees_asylum",
    "commitments",
    "beneficiaries",
    "countries",
    "money",
    "percent",
    "other",
]

_ACTOR_ID = re.compile(r"^(country:[A-Z]{3}|org:[A-Z0-9_]+|person:[a-z0-9-]+)$")
_ISO3 = re.compile(r"^[A-Z]{3}$")


def _check_iso_date(value: str) -> str:
    date.fromisoformat(value)  # the pattern lets 2024-02-30 through; the calendar does not
    return value


IsoDate = Annotated[
    str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD"), AfterValidator(_check_iso_date)
]


class Record(BaseModel):
    """Base: forbid unknown fields so a typo in a component fails loudly in tests; dump the
    contract's names (aliases) by default, accept both the alias and the Python name."""

    model_config = ConfigDict(extra="forbid", validate_by_name=True, validate_by_alias=True, serialize_by_alias=True)


class Located(Record):
    """Provenance shared by every extracted item."""

    start: int = Field(ge=0, description="Character offset into the normalised text where the item begins.")
    end: int = Field(ge=0, description="Character offset just past the item: text[start:end] is its own words.")
    sentence: int = Field(ge=0, description="0-based index of the sentence the item was found in.")

    @model_validator(mode="after")
    def _ordered(self) -> Located:
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


class Span(Record):
    """One place an actor is named."""

    start: int = Field(ge=0, description="Character offset into the normalised text where the mention begins.")
    end: int = Field(ge=0, description="Character offset just past the mention.")
    text: str = Field(description="The mention as written (text[start:end]).")


class Actor(Record):
    """A country, organisation or person the release names, once, with every mention."""

    id: str = Field(
        description="Stable id: country:ISO3 (country:PAN), org:KEY (org:UNHCR, org:MIRPS) or person:slug "
        "(person:kelly-clements)."
    )
    kind: ActorKind = Field(description="country, organization or person.")
    name: str = Field(description='Canonical name ("Belize", "United Nations High Commissioner for Refugees").')
    iso3: str | None = Field(default=None, description="Countries: the ISO 3166-1 alpha-3 code.")
    acronym: str | None = Field(default=None, description='Organisations: the acronym ("UNHCR", "OAS", "IDB").')
    title: str | None = Field(
        default=None, description='Persons: their title or role as written ("OAS Secretary General").'
    )
    affiliation: str | None = Field(
        default=None, description="Persons: the actor id of the country or organisation they speak for."
    )
    roles: list[str] = Field(
        default_factory=list,
        description="MIRPS roles the release states: member_state, support_platform, technical_secretariat.",
    )
    wikidata: str | None = Field(default=None, description="Wikidata item id (Q804) where the gazetteer knows it.")
    mentions: list[Span] = Field(default_factory=list, description="Every place the actor is named.")

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not _ACTOR_ID.match(value):
            raise ValueError(f"actor id {value!r} is not country:ISO3, org:KEY or person:slug")
        return value

    @field_validator("iso3")
    @classmethod
    def _iso3_shape(cls, value: str | None) -> str | None:
        if value is not None and not _ISO3.match(value):
            raise ValueError(f"iso3 {value!r} is not three capital letters")
        return value


class Quote(Located):
    """A direct quotation; its offsets cover the quotation marks too."""

    text: str = Field(description="The words inside the quotation marks, without the marks.")
    speaker: str | None = Field(default=None, description="Actor id of the speaker (a person: id where one is named).")
    speaker_name: str | None = Field(
        default=None, description='The speaker\'s name as resolved ("Kelly Clements" even where the text says "she").'
    )
    speaker_title: str | None = Field(default=None, description='The speaker\'s title ("Minister of Government").')
    speaker_affiliation: str | None = Field(
        default=None, description="Actor id of the country or organisation the speaker speaks for."
    )
    cue: str | None = Field(default=None, description='The attribution verb as written ("stated", "noted", "said").')
    partial: bool = Field(default=False, description="True for a fragment quoted inside a reported sentence.")
    confidence: float | None = Field(default=None, ge=0, le=1, description="How sure the speaker attribution is (0-1).")


class Figure(Located):
    """A numeric fact: a count, an amount of money, a percentage. Years, dates, ordinals,
    durations and reference numbers are not figures."""

    text: str = Field(description='The figure\'s own words ("more than 1.8 million people").')
    value: float | None = Field(description="The number (1800000); null for a vague amount kept on request.")
    qualifier: Qualifier | None = Field(
        default=None, description="more_than, less_than, about, at_least, up_to or exactly, as the text hedges it."
    )
    counted: str | None = Field(
        default=None, description='What is counted, as a short noun phrase ("people forcibly displaced").'
    )
    category: FigureCategory = Field(default="other", description="The kind of fact counted (one of the values).")
    unit: str | None = Field(default=None, description='Currency code (USD) or "%" where relevant.')
    scope: str | None = Field(default=None, description='Where or whom it covers ("Central America and Mexico").')
    linked_to: int | None = Field(
        default=None, description="Index of another figure stating the same fact (a converted amount)."
    )
    confidence: float | None = Field(default=None, ge=0, le=1, description="How sure the category is (0-1).")


class ChairTransfer(Located):
    """A handover of a chair or rotating presidency."""

    body: str = Field(description='The body whose chair moves ("MIRPS", "MIRPS Support Platform", "SICA").')
    office: Office = Field(
        description="pro_tempore_presidency (Pro Tempore Chair, Pro-tempore Presidency, PPT) or chair."
    )
    from_: str | None = Field(default=None, alias="from", description="Actor id of the outgoing holder.")
    to: str | None = Field(default=None, description="Actor id of the incoming holder.")
    term: str | None = Field(default=None, description='The incoming holder\'s term ("2026") where the text states it.')
    status: TransferStatus = Field(
        default="completed",
        description="completed (it happened), planned (announced for later) or elected (a first holder chosen).",
    )
    date: IsoDate | None = Field(
        default=None, description="When the handover happened (YYYY-MM-DD), relative dates resolved against published."
    )
    confidence: float | None = Field(default=None, ge=0, le=1, description="How sure the reading is (0-1).")


class ChairTerm(Located):
    """Who holds or held a chair, and when; a handover's giver and receiver each get one."""

    body: str = Field(description="The body whose chair it is (as in ChairTransfer).")
    office: Office = Field(description="pro_tempore_presidency or chair (as in ChairTransfer).")
    holder: str = Field(description="Actor id of the holder.")
    term: str | None = Field(default=None, description='The term ("2023", "2024-2025") where the text states it.')
    status: TermStatus | None = Field(default=None, description="current, completed or incoming.")


class Meeting(Located):
    """A meeting the release reports."""

    name: str = Field(description='The meeting\'s name ("VI Annual Meeting of the MIRPS").')
    ordinal: int | None = Field(default=None, description="Its number in the series (6 for the VI Annual Meeting).")
    body: str | None = Field(default=None, description='The body that meets ("MIRPS").')
    place: str | None = Field(default=None, description="Where it was held, as written.")
    date: IsoDate | None = Field(default=None, description="When it was held (its first day), YYYY-MM-DD.")


class Document(Located):
    """A declaration, charter, plan or other instrument the release names (once per instrument)."""

    name: str = Field(description='The instrument\'s name ("Panama City Declaration").')
    kind: DocumentKind = Field(default="other", description="declaration, charter, roadmap, plan, compact or other.")
    action: DocumentAction = Field(
        default="mentioned", description="adopted, approved, agreed, or mentioned (only named)."
    )


class Source(Record):
    """Where a release came from."""

    path: str | None = Field(default=None, description="The file it was read from.")
    url: str | None = Field(default=None, description="The address it was fetched from or that its input line names.")
    publisher: str | None = Field(default=None, description='Who issued it ("OAS", "UNHCR"), where the text says.')
    reference: str | None = Field(default=None, description='The press-release number ("E-002/24").')
    syndicated_by: str | None = Field(default=None, description='A site that reposted it ("Mirage News").')
    input_id: str | None = Field(default=None, description="The caller's id (a JSONL input line's `id`).")


class CopyRef(Record):
    """Another copy of the same release (a syndicated repost, other boilerplate, a light edit)."""

    id: str = Field(description="The copy's own release id.")
    source: Source = Field(default_factory=Source, description="Where the copy came from.")
    similarity: float = Field(
        ge=0, le=1, description="Estimated Jaccard similarity of word 3-grams; 1 for equal text."
    )


class Release(Record):
    """One press release: its metadata and everything extracted from it."""

    schema_version: Literal["1"] = Field(
        default=SCHEMA_VERSION, description='The contract\'s version ("1"); a breaking change bumps it.'
    )
    id: str = Field(
        pattern=r"^[0-9a-f]{16}$",
        description="Stable id: the first 16 hex digits of the sha256 of the normalised text.",
    )
    source: Source = Field(default_factory=Source, description="Where the release came from.")
    title: str | None = Field(default=None, description="The headline.")
    published: IsoDate | None = Field(
        default=None, description="Release date (YYYY-MM-DD) from the text or metadata; never invented."
    )
    language: str = Field(default="en", description="Language of the body (ISO 639-1: en, es).")
    actors: list[Actor] = Field(default_factory=list, description="Each distinct actor once, with all its mentions.")
    quotes: list[Quote] = Field(default_factory=list, description="Direct quotations in order of appearance.")
    figures: list[Figure] = Field(default_factory=list, description="Numeric facts in order of appearance.")
    chair_transfers: list[ChairTransfer] = Field(
        default_factory=list, description="Handovers of a chair or presidency."
    )
    chair_terms: list[ChairTerm] = Field(default_factory=list, description="Who holds or held a chair, and when.")
    meetings: list[Meeting] = Field(default_factory=list, description="Meetings the release reports.")
    documents: list[Document] = Field(
        default_factory=list, description="Declarations, charters, plans and other instruments named."
    )
    warnings: list[str] = Field(
        default_factory=list, description="What the extractor was unsure of or could not read, one sentence each."
    )
    copy_of: str | None = Field(
        default=None, description="Batch: id of the canonical release this record is a copy of."
    )
    copies: list[CopyRef] = Field(
        default_factory=list, description="Batch, canonical records: the other copies of this release found."
    )
    text: str | None = Field(
        default=None, description="The normalised text the offsets index (only with --include-text)."
    )

    @model_validator(mode="after")
    def _offsets_inside_text(self) -> Release:
        """Every offset must index the normalised text, and a mention must be its own words."""
        if self.text is None:
            return self
        size = len(self.text)
        located: list[Located] = [
            *self.quotes,
            *self.figures,
            *self.chair_transfers,
            *self.chair_terms,
            *self.meetings,
            *self.documents,
        ]
        for item in located:
            if item.end > size:
                raise ValueError(f"{type(item).__name__} offsets {item.start}:{item.end} exceed the text ({size})")
        for actor in self.actors:
            for span in actor.mentions:
                if span.end > size or self.text[span.start : span.end] != span.text:
                    raise ValueError(f"mention {span.text!r} of {actor.id} does not match the text at {span.start}")
        return self

    def to_json_dict(self, include_text: bool = False) -> dict[str, Any]:
        """The record as the contract prints it (``from`` not ``from_``)."""
        exclude = None if include_text else {"text"}
        return self.model_dump(mode="json", exclude=exclude)


def json_schema() -> dict[str, Any]:
    """JSON Schema of a release record (committed as ``schema/release.schema.json``)."""
    return Release.model_json_schema(by_alias=True)
