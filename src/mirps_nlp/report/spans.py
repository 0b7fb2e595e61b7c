"""A release's extracted spans laid over its text, displaCy-style, as HTML.

Every item of a record that has offsets (actor mentions, quotes, figures, chair transfers and
terms, meetings, documents) becomes a :class:`MarkedSpan`. Overlapping spans are stacked as
underlines on levels, as displaCy's span renderer does, so a figure inside a quote inside a
handover sentence shows all three. Each sentence is wrapped in ``<span class="sent" id="sN">``
with ``N`` the record's own sentence index, so ``release.html#s14`` lands on (and, through the
stylesheet's ``:target`` rule, highlights) the sentence an item cites.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from markupsafe import Markup, escape

from mirps_nlp.report.colors import LABEL_OF_TYPE, SPAN_LABELS

#: Underline levels drawn; deeper overlaps share the last level (rare: four nested spans).
MAX_LEVELS = 5


@dataclass(frozen=True)
class MarkedSpan:
    start: int
    end: int
    label: str
    record_type: str
    index: int  # the item's position in its record list
    summary: str  # one line for the tooltip

    @property
    def key(self) -> str:
        """The id of the item's row in the record beside the text."""
        return f"{self.record_type}-{self.index}"


def _summary(record_type: str, item: Mapping[str, Any]) -> str:
    if record_type == "quotes":
        return f"quote by {item.get('speaker_name') or item.get('speaker') or 'unknown speaker'}"
    if record_type == "figures":
        value = item.get("value")
        shown = "?" if value is None else f"{value:g}"
        return f"figure {shown} {item.get('unit') or ''} {item.get('counted') or ''}".strip()
    if record_type == "chair_transfers":
        return (
            f"{item.get('body')} {item.get('office')}: {item.get('from') or '?'} to {item.get('to') or '?'}"
            f" ({item.get('status')}{', ' + str(item['term']) if item.get('term') else ''})"
        )
    if record_type == "chair_terms":
        return f"{item.get('body')} {item.get('office')} held by {item.get('holder')} ({item.get('status') or '-'})"
    if record_type == "meetings":
        return f"meeting: {item.get('name')}"
    if record_type == "documents":
        return f"{item.get('kind')} {item.get('action')}: {item.get('name')}"
    return record_type


def release_spans(record: Mapping[str, Any]) -> list[MarkedSpan]:
    """Every span of a release record (a ``Release.to_json_dict()`` dict), in text order."""
    spans: list[MarkedSpan] = []
    for index, actor in enumerate(record.get("actors") or []):
        label = str(actor.get("kind", "")).upper()
        if label not in SPAN_LABELS:
            continue
        summary = f"{actor.get('name')} ({actor.get('id')})"
        spans.extend(
            MarkedSpan(m["start"], m["end"], label, "actors", index, summary) for m in actor.get("mentions") or []
        )
    for record_type, label in LABEL_OF_TYPE.items():
        for index, item in enumerate(record.get(record_type) or []):
            spans.append(MarkedSpan(item["start"], item["end"], label, record_type, index, _summary(record_type, item)))
    spans = [span for span in spans if span.end > span.start]
    spans.sort(key=lambda s: (s.start, -s.end, s.label))
    return spans


def assign_levels(spans: Sequence[MarkedSpan]) -> list[int]:
    """An underline level per span (spans sorted by start): the lowest level free over its extent."""
    levels: list[int] = []
    ends_at_level: list[int] = []  # the end of the span last placed on each level
    for span in spans:
        level = next((lv for lv, end in enumerate(ends_at_level) if end <= span.start), len(ends_at_level))
        if level == len(ends_at_level):
            ends_at_level.append(span.end)
        else:
            ends_at_level[level] = span.end
        levels.append(min(level, MAX_LEVELS - 1))
    return levels


@cache
def _sentence_pipeline(lang: str) -> Any:
    """The tokenizer and sentence component extraction used, and nothing else (no rules, no models)."""
    import spacy

    from mirps_nlp.components.sentences import make_sentences  # noqa: F401  (registers the factory)
    from mirps_nlp.patterns import available_languages
    from mirps_nlp.pipeline import RULES_MAX_LENGTH

    nlp = spacy.blank(lang if lang in available_languages() else "en")
    nlp.max_length = RULES_MAX_LENGTH
    nlp.add_pipe("mirps_sentences")
    return nlp


def sentence_starts(text: str, lang: str | None) -> list[int]:
    """Character offsets where the release's sentences start, as extraction counted them."""
    from mirps_nlp.normalize import sentence_starts as starts_of_doc

    return starts_of_doc(_sentence_pipeline(lang or "en")(text))


def _segment_style(active: Iterable[tuple[MarkedSpan, int]]) -> str:
    layers = sorted(active, key=lambda pair: pair[1])
    colours = [SPAN_LABELS[span.label].colour for span, _ in layers]
    images = ", ".join(f"linear-gradient({colour},{colour})" for colour in colours)
    positions = ", ".join(f"0 calc(100% - {level * 5}px)" for _, level in layers)
    depth = max(level for _, level in layers) + 1
    return f"background-image:{images};background-position:{positions};padding-bottom:{depth * 5}px"


def render_text(text: str, spans: Sequence[MarkedSpan], starts: Sequence[int]) -> Markup:
    """The text as HTML: sentences wrapped and numbered, spans underlined with a label at their start.

    ``spans`` must be sorted by start (as :func:`release_spans` returns them); ``starts`` are the
    sentence starts (:func:`sentence_starts`).
    """
    levels = assign_levels(spans)
    starts = sorted(set(starts) | {0})
    # A sentence's trailing whitespace (the paragraph break after it) stays outside its wrapper,
    # so the highlighted sentence ends at its last character.
    ends = [len(text[start:end].rstrip()) + start for start, end in zip(starts, [*starts[1:], len(text)], strict=True)]
    cuts = {0, len(text), *starts, *ends}
    for span in spans:
        cuts.update((min(span.start, len(text)), min(span.end, len(text))))
    boundaries = sorted(cuts)
    opening: dict[int, list[int]] = {}
    for number, span in enumerate(spans):
        opening.setdefault(span.start, []).append(number)
    active: dict[int, int] = {}  # span number -> level, for spans covering the current segment
    out: list[str] = []
    sentence = -1
    is_open = False
    for left, right in itertools.pairwise(boundaries):
        at_sentence = bisect.bisect_right(starts, left) - 1
        inside = left < ends[at_sentence]
        if is_open and (at_sentence != sentence or not inside):
            out.append("</span>")
            is_open = False
        if inside and not is_open:
            sentence = at_sentence
            out.append(f'<span class="sent" id="s{sentence}">')
            is_open = True
        for number in [n for n in active if spans[n].end <= left]:
            del active[number]
        for number in opening.get(left, ()):
            span = spans[number]
            active[number] = levels[number]
            if span.record_type != "actors":
                colour = SPAN_LABELS[span.label].colour
                out.append(
                    f'<span class="tag" style="background:{colour}" data-item="{span.key}">{span.label.lower()}</span>'
                )
        chunk = escape(text[left:right])
        if not active or not inside:
            out.append(str(chunk))
            continue
        pairs = [(spans[n], level) for n, level in active.items()]
        items = " ".join(dict.fromkeys(s.key for s, _ in pairs))
        labels = " ".join(dict.fromkeys(s.label for s, _ in pairs))
        title = escape("\n".join(dict.fromkeys(s.summary for s, _ in pairs)))
        out.append(
            f'<span class="seg" style="{_segment_style(pairs)}" data-items="{items}" data-labels="{labels}"'
            f' title="{title}">{chunk}</span>'
        )
    if is_open:
        out.append("</span>")
    return Markup("".join(out))
