"""Span labels and their colours, shared by the HTML report and spaCy's displaCy.

Registered under spaCy's ``spacy_displacy_colors`` entry point (pyproject.toml), so
``displacy.render(doc, style="span", options={"spans_key": "mirps_actors"})`` colours our labels
with no ``colors`` option. spaCy imports every such entry point whenever displaCy renders, so this
module imports nothing but the standard library.

Actor mentions keep the labels of ``doc.spans["mirps_actors"]`` (``COUNTRY``, ``ORGANIZATION``,
``PERSON``); ``PERSON`` keeps spaCy's own colour, so a model's entities look as they always did.
"""

from __future__ import annotations

from typing import NamedTuple


class SpanLabel(NamedTuple):
    colour: str
    record_type: str  # the record list the span comes from
    description: str  # the legend's text


#: Label -> colour, record type and legend text, in legend order.
SPAN_LABELS: dict[str, SpanLabel] = {
    "COUNTRY": SpanLabel("#feca74", "actors", "a country named"),
    "ORGANIZATION": SpanLabel("#7aecec", "actors", "an organisation or body named"),
    "PERSON": SpanLabel("#aa9cfc", "actors", "a person named"),
    "QUOTE": SpanLabel("#c5e1a5", "quotes", "a direct quotation (the speaker is in the record)"),
    "FIGURE": SpanLabel("#ffab91", "figures", "a figure: a number with what it counts"),
    "CHAIR_TRANSFER": SpanLabel("#f48fb1", "chair_transfers", "a chair handed over (giver to receiver)"),
    "CHAIR_TERM": SpanLabel("#ce93d8", "chair_terms", "a chair held, ended or to come"),
    "MEETING": SpanLabel("#90caf9", "meetings", "a meeting"),
    "DOCUMENT": SpanLabel("#bcaaa4", "documents", "a declaration, plan or other document"),
}

#: Record type -> the label its items get (actors get their kind's label instead).
LABEL_OF_TYPE: dict[str, str] = {
    label.record_type: name for name, label in SPAN_LABELS.items() if label.record_type != "actors"
}


def span_colors() -> dict[str, str]:
    """``{label: colour}`` for displaCy (the ``spacy_displacy_colors`` entry point)."""
    return {name: label.colour for name, label in SPAN_LABELS.items()}
