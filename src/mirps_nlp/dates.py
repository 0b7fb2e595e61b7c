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

from bisect import bisect_right
from dataclasses import astuple, dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any, Literal

import numpy
from spacy.attrs import IS_DIGIT, LENGTH, LOWER
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

from mirps_nlp.components.common import read_patterns, sentence_bounds

Precision = Literal["day", "month", "year", "period"]
Prefer = Literal["past", "future"]

_KEPT = "mirps_dates"  # doc.user_data key: date mentions handed from mirps_chairs to mirps_events
_REACH = 5  # tokens a date pattern reaches around its anchor word ("on the 24th of January , 2024")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


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


def resolve_relative_date(expression: str, base: str | date | datetime | None, prefer: Prefer = "past") -> str | None:
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
        anchors = [w for name in ("month", "weekday", "relative_day", "relative_unit") for w in lexicons.get(name, ())]
        self.anchor_hashes = numpy.array([vocab.strings.add(w) for w in anchors], dtype=numpy.uint64)
        self.matcher = Matcher(vocab)
        self.kinds: dict[str, tuple[Precision, bool]] = {}
        self.drops: dict[str, frozenset[int]] = {}
        for n, row in enumerate(r for r in rows if r["kind"] == "pattern"):
            key = f"{row['label']}#{n}"
            self.kinds[key] = (row["precision"], bool(row.get("relative")))
            self.drops[key] = frozenset(row.get("drop", ()))
            self.matcher.add(key, [_expand(row["pattern"], lexicons)])

    def __call__(self, doc: Doc, published: str | None = None, keep: bool = False) -> list[DateMention]:
        """Every date expression of ``doc`` in order, longest match wins.

        ``keep=True`` leaves the result on the Doc (as plain tuples, msgpack-safe) for the next
        component, which reads it with :meth:`take` instead of matching again.
        """
        anchor = published if published is not None else getattr(doc._, "mirps_published", None)
        mentions = self._find(doc, anchor)
        if keep:
            doc.user_data[_KEPT] = {"anchor": anchor, "n": len(doc), "mentions": [astuple(m) for m in mentions]}
        return mentions

    def take(self, doc: Doc) -> list[DateMention]:
        """The mentions a previous component kept on ``doc`` (removed from it), else a fresh search."""
        anchor = getattr(doc._, "mirps_published", None)
        kept = doc.user_data.pop(_KEPT, None)
        if kept is not None and kept["anchor"] == anchor and kept["n"] == len(doc):
            return [DateMention(*row) for row in kept["mentions"]]
        return self._find(doc, anchor)

    def _find(self, doc: Doc, anchor: str | None) -> list[DateMention]:
        spans = []
        for window in self._windows(doc):
            for match_id, s, e in self.matcher(window):  # a Matcher on a Span reports Span offsets
                start, end = window.start + s, window.start + e
                if any(len(t) == 4 and t.is_digit and not 1900 <= int(t.text) <= 2099 for t in doc[start:end]):
                    continue  # "on 10 December 3000" is not a date we can use
                spans.append(Span(doc, start, end, label=doc.vocab.strings[match_id]))
        if not spans:
            return []
        sent_starts = [lo for lo, _ in sentence_bounds(doc)[0]]
        mentions = []
        for span in filter_spans(spans):
            precision, relative = self.kinds[span.label_]
            lo = sent_starts[bisect_right(sent_starts, span.start) - 1]
            mentions.append(self._mention(span, precision, relative, anchor, lo))
        return mentions

    def _windows(self, doc: Doc) -> list[Span]:
        """Small windows around the words every date pattern contains (a month, a weekday,
        "today", a year): the Matcher's set predicates are slow to run over a whole release."""
        n = len(doc)
        if not n:
            return []
        attrs = doc.to_array([LOWER, IS_DIGIT, LENGTH])
        hits = numpy.isin(attrs[:, 0], self.anchor_hashes) | ((attrs[:, 1] == 1) & (attrs[:, 2] == 4))
        ranges: list[tuple[int, int]] = []
        for i in numpy.flatnonzero(hits).tolist():
            lo, hi = max(0, i - _REACH), min(n, i + _REACH + 1)
            if ranges and lo <= ranges[-1][1]:
                ranges[-1] = (ranges[-1][0], hi)
            else:
                ranges.append((lo, hi))
        return [doc[lo:hi] for lo, hi in ranges]

    def _mention(
        self, span: Span, precision: Precision, relative: bool, anchor: str | None, sent_start: int
    ) -> DateMention:
        key = span.label_
        label = key.split("#", 1)[0]
        if label == "YEAR":  # "in 2023": keep the year, drop the preposition
            span = span[-1:]
        text = span.text  # never doc.text: it is rebuilt from every token on each access
        # a range ("November 14 and 15, 2023") is dated by its first day
        expression = " ".join(t.text for k, t in enumerate(span) if k not in self.drops.get(key, ()))
        text_start = span.start_char
        value: str | None = None
        reason: str | None = None
        if precision == "year":
            value = None
        else:
            future = any(t.lower_ in self.future_markers for t in span.doc[sent_start : span.end])
            prefer: Prefer = "future" if future else "past"
            if precision == "month":
                expression = f"1 {expression}"  # "December 2019" stands for the month, not the anchor's day
            value = resolve_relative_date(expression, anchor, prefer)
            if value is None:
                if _as_date(anchor) is None and (relative or not _states_year(expression)):
                    reason = f"date {text!r} not resolved: the release has no published date to anchor it"
                else:
                    reason = f"date {text!r} could not be parsed"
        return DateMention(
            start=span.start,
            end=span.end,
            start_char=text_start,
            end_char=span.end_char,
            text=text,
            label=label,
            precision=precision,
            relative=relative,
            value=value,
            reason=reason,
        )


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
