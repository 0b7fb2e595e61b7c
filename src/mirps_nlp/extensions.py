"""Every ``Doc._`` extension mirps-nlp uses, declared once and idempotently.

Extensions hold only msgpack-safe values (str, int, float, bool, None, lists and dicts of
them) so that Docs survive ``nlp.pipe(..., n_process>1)``, where spaCy ships them between
processes as bytes. Records (pydantic objects) are built from these values by
:mod:`mirps_nlp.normalize`, never stored on the Doc.

The contract between components:

``doc.spans[ACTOR_SPANS]``
    every actor mention as a Span; ``span.label_`` is the actor kind upper-cased
    (``COUNTRY``, ``ORGANIZATION``, ``PERSON``) and ``span.id_`` the actor id.
``doc.spans[DATE_SPANS]`` (``"mirps_dates"``, written by the ``mirps_dates`` component)
    every date expression as a Span, in order and not overlapping; ``span.label_`` is the
    pattern's label (``DATE``, ``YEAR``, ``FIXED_DAY`` ...) and ``span._.mirps_date`` a dict
    ``precision`` (``day``, ``month``, ``year``, ``period``), ``relative`` (bool), ``value``
    (``YYYY-MM-DD``, or None when unresolved) and ``reason`` (why ``value`` is None). The
    components that read dates (chairs, events) take them from here: one recogniser per Doc.
``doc._.mirps_actors``
    one dict per distinct actor: ``id, kind, name, iso3, acronym, title, affiliation, roles``
    (mentions are read from the span group).
``doc._.mirps_quotes`` / ``mirps_figures`` / ``mirps_chair_transfers`` / ``mirps_chair_terms`` /
``mirps_meetings`` / ``mirps_documents``
    one dict per item with the field names of :mod:`mirps_nlp.records` (a transfer uses the
    key ``"from"``) and ``start``/``end`` character offsets into ``doc.text``; the sentence
    index is derived later from ``start``.
``doc._.mirps_published``
    the release date (``YYYY-MM-DD``) set by the caller before the pipeline runs, the anchor
    for relative dates ("today", "yesterday").
``doc._.mirps_dateline_place``
    the place of a dateline that ingestion took out of the text as a line of its own ("Quito,
    30 de junio de 2028" -> "Quito"), or None: where a meeting reported that day was held.
``doc._.mirps_warnings``
    human-readable notes on what a component was unsure of; at most ``MAX_ALIKE`` of one kind
    (the same sentence with other numbers or quoted words), the rest counted in
``doc._.mirps_warning_counts``
    warnings seen per kind, so the record can say how many were left out.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Doc, Span

ACTOR_SPANS = "mirps_actors"
DATE_SPANS = "mirps_dates"
#: The Span extension holding what a date span resolved to (see the module docstring).
DATE_INFO = "mirps_date"

LIST_EXTENSIONS: tuple[str, ...] = (
    "mirps_actors",
    "mirps_quotes",
    "mirps_figures",
    "mirps_chair_transfers",
    "mirps_chair_terms",
    "mirps_meetings",
    "mirps_documents",
    "mirps_warnings",
)
VALUE_EXTENSIONS: tuple[str, ...] = ("mirps_published", "mirps_dateline_place", "mirps_warning_counts")
#: Warnings of one kind kept in a record; 20,000 unbalanced quotation marks make one line, not 20,000.
MAX_ALIKE = 3
_VARIABLE_PARTS = re.compile(r"\d+|'[^']*'|\"[^\"]*\"")


def register_extensions() -> None:
    """Declare the extensions; safe to call any number of times."""
    # default=None, never default=[]: a mutable default would be shared by every Doc.
    for name in LIST_EXTENSIONS + VALUE_EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    if not Span.has_extension(DATE_INFO):
        Span.set_extension(DATE_INFO, default=None)


def items(doc: Doc, name: str) -> list[Any]:
    """The list stored in extension ``name``, created empty on first use."""
    value = getattr(doc._, name)
    if value is None:
        value = []
        setattr(doc._, name, value)
    return value


def warn(doc: Doc, message: str) -> None:
    """Record a warning on the Doc; it ends up in ``Release.warnings``.

    Repeats are dropped and only ``MAX_ALIKE`` warnings of one kind are kept, so the cost and
    the record stay small whatever the input; :func:`left_out_warnings` reports the rest.
    """
    warnings = items(doc, "mirps_warnings")
    counts = doc._.mirps_warning_counts
    if counts is None:
        counts = {}
        doc._.mirps_warning_counts = counts
    kind = warning_kind(message)
    seen = counts.get(kind, 0)
    if seen < MAX_ALIKE:
        if message in warnings:
            return
        warnings.append(message)
    counts[kind] = seen + 1


def warning_kind(message: str) -> str:
    """A warning with its numbers and quoted words blanked: warnings alike share a kind."""
    return _VARIABLE_PARTS.sub("#", message)


def left_out_warnings(counts: dict[str, int] | None) -> list[str]:
    """One sentence per kind of warning that was capped, saying how many were left out."""
    return [
        f'{count - MAX_ALIKE:,} more warnings of the kind "{kind.rstrip(".")}" were left out.'
        for kind, count in (counts or {}).items()
        if count > MAX_ALIKE
    ]


register_extensions()
