"""The record contract (``../shared/RECORDS.md``, schema_version "1") as pydantic models.

These models are the one schema: the CLI prints them, the sinks store them, ``mirps-nlp
schema`` exports their JSON Schema. Field names of the contract are fixed; extra fields
(``roles``, ``confidence``, ``linked_to`` …) only ever add information.
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
    """Base: forbid unknown fields so a typo in a component fails loudly in tests."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Located(Record):
    """Provenance shared by every extracted item."""

    start: int = Field(ge=0, description="character offset into the normalised text")
    end: int = Field(ge=0)
    sentence: int = Field(ge=0, description="0-based index of the sentence")

    @model_validator(mode="after")
    def _ordered(self) -> Located:
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


class Span(Record):
    """One place an actor is named."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class Actor(Record):
    id: str
    kind: ActorKind
    name: str
    iso3: str | None = None
    acronym: str | None = None
    title: str | None = None
    affiliation: str | None = None
    roles: list[str] = Field(
        default_factory=list,
        description="MIRPS roles the release states: member_state, support_platform, technical_secretariat",
    )
    wikidata: str | None = None
    mentions: list[Span] = Field(default_factory=list)

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
    text: str
    speaker: str | None = None
    speaker_name: str | None = None
    speaker_title: str | None = None
    speaker_affiliation: str | None = None
    cue: str | None = None
    partial: bool = False
    confidence: float | None = Field(default=None, ge=0, le=1)


class Figure(Located):
    text: str
    value: float | None
    qualifier: Qualifier | None = None
    counted: str | None = None
    category: FigureCategory = "other"
    unit: str | None = None
    scope: str | None = None
    linked_to: int | None = Field(
        default=None, description="index of another figure stating the same fact (a converted amount)"
    )
    confidence: float | None = Field(default=None, ge=0, le=1)


class ChairTransfer(Located):
    body: str
    office: Office
    from_: str | None = Field(default=None, alias="from")
    to: str | None = None
    term: str | None = None
    status: TransferStatus = "completed"
    date: IsoDate | None = None
    confidence: float | None = Field(default=None, ge=0, le=1)


class ChairTerm(Located):
    body: str
    office: Office
    holder: str
    term: str | None = None
    status: TermStatus | None = None


class Meeting(Located):
    name: str
    ordinal: int | None = None
    body: str | None = None
    place: str | None = None
    date: IsoDate | None = None


class Document(Located):
    name: str
    kind: DocumentKind = "other"
    action: DocumentAction = "mentioned"


class Source(Record):
    path: str | None = None
    url: str | None = None
    publisher: str | None = None
    reference: str | None = None
    syndicated_by: str | None = None
    input_id: str | None = Field(default=None, description="the caller's id (a JSONL input line's `id`)")


class CopyRef(Record):
    """Another copy of the same release (a syndicated repost, other boilerplate, a light edit)."""

    id: str = Field(description="the copy's own release id")
    source: Source = Field(default_factory=Source)
    similarity: float = Field(ge=0, le=1, description="estimated Jaccard similarity of word 3-grams; 1 for equal text")


class Release(Record):
    schema_version: Literal["1"] = SCHEMA_VERSION
    id: str = Field(pattern=r"^[0-9a-f]{16}$")
    source: Source = Field(default_factory=Source)
    title: str | None = None
    published: IsoDate | None = None
    language: str = "en"
    actors: list[Actor] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    chair_transfers: list[ChairTransfer] = Field(default_factory=list)
    chair_terms: list[ChairTerm] = Field(default_factory=list)
    meetings: list[Meeting] = Field(default_factory=list)
    documents: list[Document] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    copy_of: str | None = Field(
        default=None, description="batch: id of the canonical release this record is a copy of"
    )
    copies: list[CopyRef] = Field(
        default_factory=list, description="batch, canonical records: the other copies of this release found"
    )
    text: str | None = Field(default=None, description="the normalised text (with --include-text)")

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
        return self.model_dump(mode="json", by_alias=True, exclude=exclude)


def json_schema() -> dict[str, Any]:
    """JSON Schema of a release record (committed as ``schema/release.schema.json``)."""
    return Release.model_json_schema(by_alias=True)
