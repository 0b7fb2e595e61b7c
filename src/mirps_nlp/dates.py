"""Dates in a release, resolved against its published date.

Releases date events relative to the day they were issued ("today approved", "concluded …
yesterday", "on Thursday"), so a date is only as good as its anchor: the release's
published date (``doc._.mirps_published``). Without it a relative date stays ``None`` and
the reason is kept, so the caller can put it into the record's warnings instead of guessing.

Finding the expressions is a spaCy ``Matcher`` over token patterns loaded from
``patterns/<lang>/dates_patterns.jsonl``; resolving them is dateparser with the anchor as
its (naive) relative base, except weekdays, whose press-release reading dateparser gets
wrong (see :func:`resolve_relative_date`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

Precision = Literal["day", "month", "year", "period"]
Prefer = Literal["past", "future"]

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def read_patterns(lang: str, filename: str) -> list[dict[str, Any]]:
    """The JSON lines of a pattern file shipped in ``mirps_nlp/patterns/<lang>/``."""
    text = resources.files("mirps_nlp").joinpath("patterns", lang, filename).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@dataclass(frozen=True)
class DateMention:
    """One date expression: where it is, how precise it is, and what it resolved to."""

    start: int  # token offsets into the Doc
    end: int
    start_char: int
    end_char: int
    text: str
    label: str
    precision: Precision
    relative: bool
    value: str | None  # YYYY-MM-DD, or None when it could not be resolved
    reason: str | None = None  # why ``value`` is None

    @property
    def is_day(self) -> bool:
        return self.precision == "day"


def _as_date(base: str | date | datetime | None) -> date | None:
    if base is None or base == "":
        return None
    if isinstance(base, datetime):
        return base.date()
    if isinstance(base, date):
        return base
    try:
        return date.fromisoformat(str(base)[:10])
    except ValueError:
        return None


def resolve_relative_date(
    expression: str, base: str | date | datetime | None, prefer: Prefer = "past"
) -> str | None:
    """``expression`` ("yesterday", "on Thursday", "24 January 2024") as ``YYYY-MM-DD``.

    ``base`` is the anchor (the published date). A weekday is resolved here, not by
    dateparser: a release issued on a Thursday that says "on Thursday" means that same day,
    where dateparser (preferring the past) answers the Thursday a week earlier.
    Returns ``None`` when the expression needs an anchor and has none, or does not parse.
    """
    return _resolve(" ".join(expression.split()), _as_date(base), prefer)


@lru_cache(maxsize=4096)
def _resolve(expression: str, anchor: date | None, prefer: Prefer) -> str | None:
    words = expression.lower().split()
    weekday = next((w for w in words if w in _WEEKDAYS), None)
    if weekday is not None:
        if anchor is None:
            return None
        target = _WEEKDAYS.index(weekday)
        if prefer == "future" or "next" in words:
            delta = (target - anchor.weekday()) % 7 or (7 if "next" in words else 0)
            return (anchor + timedelta(days=delta)).isoformat()
        delta = (anchor.weekday() - target) % 7 or (7 if "last" in words or "past" in words else 0)
        return (anchor - timedelta(days=delta)).isoformat()
    import dateparser  # imported lazily: it costs ~0.2 s and most Docs never need it

    settings: dict[str, Any] = {"PREFER_DATES_FROM": prefer, "RETURN_AS_TIMEZONE_AWARE": False}
    if anchor is not None:
        settings["RELATIVE_BASE"] = datetime(anchor.year, anchor.month, anchor.day)
    parsed = dateparser.parse(expression, languages=["en"], settings=settings)
    if parsed is None:
        return None
    if anchor is None and not _states_year(expression):
        return None  # dateparser would silently anchor it to the machine's clock
    return parsed.date().isoformat()


def _states_year(expression: str) -> bool:
    return any(len(w) == 4 and w.isdigit() for w in expression.replace(",", " ").split())


class DateFinder:
    """Finds date expressions in a Doc and resolves them against its published date.

    Build it once per component (it compiles a ``Matcher``); calling it is cheap.
    """

    def __init__(self, vocab: Vocab, lang: str = "en") -> None:
        rows = read_patterns(lang, "dates_patterns.jsonl")
        lexicons = {r["name"]: r["words"] for r in rows if r["kind"] == "words"}
        self.future_markers = frozenset(lexicons.get("future_marker", ()))
        self.matcher = Matcher(vocab)
        self.kinds: dict[str, tuple[Precision, bool]] = {}
        for n, row in enumerate(r for r in rows if r["kind"] == "pattern"):
            key = f"{row['label']}#{n}"
            self.kinds[key] = (row["precision"], bool(row.get("relative")))
            self.matcher.add(key, [_expand(row["pattern"], lexicons)])

    def __call__(self, doc: Doc, published: str | None = None) -> list[DateMention]:
        """Every date expression of ``doc`` in order, longest match wins."""
        anchor = published if published is not None else getattr(doc._, "mirps_published", None)
        spans = []
        for match_id, start, end in self.matcher(doc):
            key = doc.vocab.strings[match_id]
            spans.append(Span(doc, start, end, label=key))
        mentions = []
        for span in filter_spans(spans):
            precision, relative = self.kinds[span.label_]
            mentions.append(self._mention(span, precision, relative, anchor))
        return mentions

    def _mention(self, span: Span, precision: Precision, relative: bool, anchor: str | None) -> DateMention:
        text = span.text
        label = span.label_.split("#", 1)[0]
        expression = text
        if label == "YEAR":  # "in 2023": keep the year, drop the preposition
            expression = span[-1].text
            text_start = span[-1].idx
        else:
            text_start = span.start_char
        value: str | None = None
        reason: str | None = None
        if precision == "year":
            value = None
        else:
            prefer: Prefer = "future" if self._future(span) else "past"
            value = resolve_relative_date(expression, anchor, prefer)
            if value is None:
                if _as_date(anchor) is None and (relative or not _states_year(expression)):
                    reason = f"date {text!r} not resolved: the release has no published date to anchor it"
                else:
                    reason = f"date {text!r} could not be parsed"
        return DateMention(
            start=span.start if label != "YEAR" else span.end - 1,
            end=span.end,
            start_char=text_start,
            end_char=span.end_char,
            text=span.doc.text[text_start : span.end_char],
            label=label,
            precision=precision,
            relative=relative,
            value=value,
            reason=reason,
        )

    def _future(self, span: Span) -> bool:
        """Is the sentence future-tense before the date ("will meet on Thursday")?"""
        sent_start = span.sent.start if span.doc.has_annotation("SENT_START") else max(0, span.start - 12)
        return any(t.lower_ in self.future_markers for t in span.doc[sent_start : span.end])


def _expand(pattern: list[dict[str, Any]], lexicons: dict[str, list[str]]) -> list[dict[str, Any]]:
    """Replace ``{"IN": "@name"}`` with the named word list, so lexicons live in one place."""
    out = []
    for token in pattern:
        token = dict(token)
        for attr, value in list(token.items()):
            if isinstance(value, dict) and isinstance(value.get("IN"), str) and value["IN"].startswith("@"):
                token[attr] = {**value, "IN": lexicons[value["IN"][1:]]}
        out.append(token)
    return out


def first_day_date(mentions: list[DateMention], limit_char: int | None = None) -> DateMention | None:
    """The first day-precise date (resolved or not) before ``limit_char``: a release's lede date."""
    for mention in mentions:
        if limit_char is not None and mention.start_char >= limit_char:
            break
        if mention.is_day:
            return mention
    return None
