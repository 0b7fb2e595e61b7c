"""Doc -> :class:`~mirps_nlp.records.Release`: pure functions over what the components left.

Components store plain values on the Doc (see :mod:`mirps_nlp.extensions`); this module
adds what every item shares (its sentence index, an actor's mentions) and validates the
whole record against the schema. It never looks at the text for new information.
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Iterable
from typing import Any

from spacy.tokens import Doc

from mirps_nlp import extensions
from mirps_nlp.bounds import sentence_bounds
from mirps_nlp.components.actors.mentions import actor_span_rows, token_view
from mirps_nlp.extensions import ACTOR_SPANS
from mirps_nlp.ingest import Ingested
from mirps_nlp.records import (
    Actor,
    ChairTerm,
    ChairTransfer,
    Document,
    Figure,
    Meeting,
    Quote,
    Release,
    Source,
    Span,
)

LOCATED_LISTS: dict[str, type[Any]] = {
    "quotes": Quote,
    "figures": Figure,
    "chair_transfers": ChairTransfer,
    "chair_terms": ChairTerm,
    "meetings": Meeting,
    "documents": Document,
}


def release_id(text: str) -> str:
    """First 16 hex characters of the sha256 of the normalised text (the contract's id)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def sentence_starts(doc: Doc) -> list[int]:
    """Character offsets where sentences start (one sentence when none are set)."""
    bounds, _ = sentence_bounds(doc)
    return [doc[start].idx for start, _ in bounds] or [0]


def sentence_index(starts: list[int], offset: int) -> int:
    return max(bisect.bisect_right(starts, offset) - 1, 0)


def actors_from_doc(doc: Doc) -> list[Actor]:
    """One Actor per dict in ``doc._.mirps_actors``, mentions gathered from the span group."""
    mentions: dict[str, list[Span]] = {}
    if ACTOR_SPANS in doc.spans:
        text = token_view(doc).doc_text  # span.text would build a Token per word
        found = [(s.start_char, s.end_char, s.id) for s in actor_span_rows(doc)]
        for start, end, actor in sorted(found, key=lambda s: (s[0], s[1])):
            mentions.setdefault(actor, []).append(Span(start=start, end=end, text=text[start:end]))
    actors = []
    for data in doc._.mirps_actors or []:
        fields = {key: value for key, value in data.items() if key != "mentions"}
        actors.append(Actor(**fields, mentions=_unique_spans(mentions.get(data["id"], []))))
    return actors


def _unique_spans(spans: Iterable[Span]) -> list[Span]:
    seen: set[tuple[int, int]] = set()
    unique = []
    for span in spans:
        if (span.start, span.end) not in seen:
            seen.add((span.start, span.end))
            unique.append(span)
    return unique


def reconcile_speakers(actors: list[Actor], quotes: list[Quote]) -> list[Actor]:
    """Every quoted person is an actor: a speaker the quote component named without an actor
    record (a name only seen in the attribution) joins the actors, so ids always resolve."""
    known = {actor.id for actor in actors}
    added: list[Actor] = []
    for quote in quotes:
        if quote.speaker and quote.speaker.startswith("person:") and quote.speaker not in known and quote.speaker_name:
            known.add(quote.speaker)
            added.append(
                Actor(
                    id=quote.speaker,
                    kind="person",
                    name=quote.speaker_name,
                    title=quote.speaker_title,
                    affiliation=quote.speaker_affiliation if quote.speaker_affiliation in known else None,
                )
            )
    return [*actors, *added]


def located_items(doc: Doc, name: str, model: type[Any], starts: list[int]) -> list[Any]:
    """Validated items of one type, in order of appearance, each with its sentence index."""
    raw = sorted(getattr(doc._, f"mirps_{name}") or [], key=lambda item: (item["start"], item["end"]))
    return [model(**{**item, "sentence": sentence_index(starts, item["start"])}) for item in raw]


def to_release(doc: Doc, ingested: Ingested, *, input_id: str | None = None, include_text: bool = False) -> Release:
    """Build and validate the release record from a processed Doc and its ingestion metadata."""
    starts = sentence_starts(doc)
    lists = {name: located_items(doc, name, model, starts) for name, model in LOCATED_LISTS.items()}
    text = token_view(doc).doc_text  # doc.text would build a Token per word, twice
    fields: dict[str, Any] = dict(
        id=release_id(text),
        source=Source(
            path=ingested.path,
            url=ingested.url,
            publisher=ingested.publisher,
            reference=ingested.reference,
            syndicated_by=ingested.syndicated_by,
            input_id=input_id,
        ),
        title=ingested.title,
        published=ingested.published,
        language=ingested.language,
        actors=reconcile_speakers(actors_from_doc(doc), lists["quotes"]),
        warnings=[
            *ingested.warnings,
            *(doc._.mirps_warnings or []),
            *extensions.left_out_warnings(doc._.mirps_warning_counts),
        ],
        text=text,  # validates every offset against the text it indexes
        **lists,
    )
    release = Release.model_validate(fields)
    if not include_text:
        release.text = None
    return release
