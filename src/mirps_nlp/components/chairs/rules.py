"""The chair grammar as typed rows: one schema per ``patterns/<lang>/chair_*.jsonl`` file.

Every row is validated when the component is built, and a bad row is an error that names its
``file:line``. The files and their rows:

``chair_triggers.jsonl`` — two kinds of row.

* a **frame trigger** (``kind`` is a frame: give, receive, noun, elect, as, held_by, lead, end,
  rotate, followed_by, succeed_verb, falls_to): the words that open the frame, as ``phrases``
  (word forms, matched on ``LOWER``), ``lemmas`` (space-separated lemmas, matched on ``LEMMA``
  when the pipeline has a lemmatizer) and/or a raw spaCy ``pattern``; ``slots`` says where each
  role sits relative to the trigger (``giver``, ``receiver``, ``holder``, ``office``, ``body``,
  ``term``, ``date`` -> ``subject``, ``object``, ``to``, ``from``, ``by``, ``of``, ``before``,
  ``after``), and it must agree with the frame's layout (:data:`FRAME_SLOTS`); ``status`` is the
  status the words imply (``current``, ``completed``, ``incoming``; a future marker or a
  future verb form makes a handover ``planned`` and a holding ``incoming``).
* a **word class** (any other ``kind``, with ``words``): the function words the frames read for
  their slots ("to" / "a", "by" / "por", "from" / "de manos de"), fillers, status words, term
  words, semester words. A word may hold spaces ("de manos de"): it then matches token by token.

``chair_offices.jsonl`` — ``office`` (``pro_tempore_presidency``, ``chair`` or null when the
body decides), ``phrases``, ``standalone`` (false: only as the object of a chair verb: "the
helm"), ``permanent`` (true: a permanent presidency, which never rotates and is no chair term).

``chair_bodies.jsonl`` — ``body`` (its canonical English name, whatever the language), ``actor``
(the gazetteer id that names it), ``office`` (its chair's office), ``members`` (ISO3), ``names``
(case-insensitive), ``exact_names`` (case-sensitive), ``anaphor`` ("the mechanism").

``chair_demonyms.jsonl`` — ``iso3`` and the ``words`` that name a country's people or government
("Panamanian", "panameña"): "the Spanish Presidency", "the Panamanian minister handed over".
"""

from __future__ import annotations

from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from mirps_nlp.patterns import read_patterns

Frame = Literal[
    "give",
    "receive",
    "noun",
    "elect",
    "as",
    "held_by",
    "lead",
    "end",
    "rotate",
    "followed_by",
    "succeed_verb",
    "falls_to",
]
FRAMES: frozenset[str] = frozenset(Frame.__args__)  # type: ignore[attr-defined]
Role = Literal["giver", "receiver", "holder", "office", "body", "term", "date"]
Place = Literal["subject", "object", "to", "from", "by", "of", "before", "after"]
Status = Literal["current", "completed", "incoming"]
Office = Literal["pro_tempore_presidency", "chair"]

# Where each frame finds its roles; a row may state a subset (its own words), never another layout.
FRAME_SLOTS: dict[str, dict[str, frozenset[str]]] = {
    "give": {
        "giver": frozenset({"subject", "by", "from"}),
        "office": frozenset({"object", "before"}),
        "receiver": frozenset({"to"}),
        "term": frozenset({"after"}),
        "date": frozenset({"after"}),
    },
    "receive": {
        "receiver": frozenset({"subject", "by"}),
        "office": frozenset({"object", "before"}),
        "giver": frozenset({"from"}),
        "term": frozenset({"after"}),
        "date": frozenset({"after"}),
    },
    "noun": {
        "office": frozenset({"of"}),
        "giver": frozenset({"from", "before"}),
        "receiver": frozenset({"to"}),
        "term": frozenset({"after"}),
    },
    "elect": {
        "receiver": frozenset({"subject", "object"}),
        "office": frozenset({"after"}),
        "term": frozenset({"after"}),
    },
    "as": {"holder": frozenset({"before", "after"}), "office": frozenset({"after"}), "term": frozenset({"after"})},
    "held_by": {"office": frozenset({"before"}), "holder": frozenset({"after"}), "term": frozenset({"after"})},
    "lead": {"holder": frozenset({"subject"}), "office": frozenset({"object", "before"}), "term": frozenset({"after"})},
    "end": {"holder": frozenset({"subject"}), "office": frozenset({"object"}), "term": frozenset({"after"})},
    "rotate": {"office": frozenset({"before"}), "holder": frozenset({"after"})},
    "followed_by": {"giver": frozenset({"before"}), "receiver": frozenset({"after"}), "office": frozenset({"before"})},
    "succeed_verb": {
        "receiver": frozenset({"subject"}),
        "giver": frozenset({"object"}),
        "office": frozenset({"after", "before"}),
        "term": frozenset({"after"}),
    },
    "falls_to": {
        "office": frozenset({"subject", "object", "before"}),
        "holder": frozenset({"to"}),
        "term": frozenset({"after", "before"}),
    },
}


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note: str | None = None


class TriggerRow(_Row):
    """Words that open a frame, and where the frame's roles sit."""

    kind: Frame
    phrases: list[str] = Field(default_factory=list)
    lemmas: list[str] = Field(default_factory=list)
    pattern: list[dict[str, Any]] | None = None
    slots: dict[Role, Place] = Field(default_factory=dict)
    status: Status | None = None

    @model_validator(mode="after")
    def _check(self) -> TriggerRow:
        if not (self.phrases or self.lemmas or self.pattern):
            raise ValueError("a trigger needs phrases, lemmas or a pattern")
        layout = FRAME_SLOTS[self.kind]
        for role, place in self.slots.items():
            if role not in layout or place not in layout[role]:
                raise ValueError(f"frame {self.kind!r} has no slot {role}={place}")
        return self


class WordRow(_Row):
    """A class of function words the frames read ("to", "by", fillers, status words)."""

    kind: str
    words: list[str] = Field(min_length=1)
    status: Status | None = None
    half: Literal["first", "second"] | None = None  # semester words: "primer semestre" -> first
    offset: int | None = None  # relative years: "this year" 0, "next year" 1 (against the dateline)

    @model_validator(mode="after")
    def _check(self) -> WordRow:
        if self.kind in FRAMES:
            raise ValueError(f"{self.kind!r} is a frame: give it phrases, lemmas or a pattern")
        return self


class OfficeRow(_Row):
    office: Office | None
    phrases: list[str] = Field(min_length=1)
    standalone: bool = True
    permanent: bool = False


class BodyRow(_Row):
    body: str | None
    names: list[str] = Field(min_length=1)
    actor: str | None = None
    office: Office | None = None
    members: list[str] = Field(default_factory=list)
    exact_names: list[str] = Field(default_factory=list)
    anaphor: bool = False
    office_fixed: bool = False  # the body's office whatever the text calls it
    # a chair held for a calendar year: "will assume the chair in January 2027" states the term 2027
    # (ChairContext.start_term); a six-month rotation is not read this way (corpus gold g05, v07)
    rotation: Literal["year"] | None = None


class DemonymRow(_Row):
    iso3: str = Field(pattern=r"^[A-Z]{3}$")
    words: list[str] = Field(min_length=1)


RowT = TypeVar("RowT", bound=BaseModel)


def read_rows(lang: str, filename: str, model: type[RowT] | None = None) -> list[Any]:
    """The validated rows of ``patterns/<lang>/<filename>``; a bad row raises with ``file:line``.

    ``model`` None reads ``chair_triggers.jsonl``, whose rows are a frame trigger or a word
    class. A file a language does not have is an empty table.
    """
    return read_patterns(lang, filename, model or trigger_or_word)


def trigger_or_word(data: Any) -> TriggerRow | WordRow:
    """A row of ``chair_triggers.jsonl``: a frame trigger when its kind is a frame, else a word class."""
    if isinstance(data, dict) and data.get("kind") in FRAMES:
        return TriggerRow.model_validate(data)
    return WordRow.model_validate(data)


#: The row model of each chair file (the other files' are in :mod:`mirps_nlp.patterns.schema`).
ROW_MODELS: dict[str, Any] = {
    "chair_triggers.jsonl": trigger_or_word,
    "chair_offices.jsonl": OfficeRow,
    "chair_bodies.jsonl": BodyRow,
    "chair_demonyms.jsonl": DemonymRow,
}


def trigger_patterns(row: TriggerRow) -> tuple[list[list[dict[str, Any]]], list[list[dict[str, Any]]]]:
    """(patterns on word forms, patterns on lemmas) of a trigger row.

    Forms (``phrases``, and each lemma as a form of itself) always run; the lemma patterns run
    only on a Doc whose lemmas are set (spaCy refuses a LEMMA pattern on a Doc without them),
    so a pipeline without a lemmatizer still reads every listed form.
    """
    forms: list[list[dict[str, Any]]] = [[{"LOWER": w} for w in p.lower().split()] for p in row.phrases]
    lemmas: list[list[dict[str, Any]]] = []
    for phrase in row.lemmas:
        words = phrase.split()
        forms.append([{"LOWER": w.lower()} for w in words])
        lemmas.append([{"LEMMA": w} for w in words])
    if row.pattern is not None:
        (lemmas if _uses_lemma(row.pattern) else forms).append(row.pattern)
    return forms, lemmas


def _uses_lemma(pattern: list[dict[str, Any]]) -> bool:
    return any("LEMMA" in token for token in pattern)
