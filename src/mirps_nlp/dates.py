"""Dates in a release, resolved against its published date.

Releases date events relative to the day they were issued ("today approved", "concluded …
yesterday", "on Thursday"), so a date is only as good as its anchor: the release's
published date (``doc._.mirps_published``). Without it a relative date stays ``None`` and
the reason is kept, so the caller can put it into the record's warnings instead of guessing.

The expressions are token patterns in spaCy's ``Matcher`` syntax, loaded from
``patterns/<lang>/dates_patterns.jsonl``. They are not run by a ``Matcher``: its set
predicates (``{"LOWER": {"IN": [...]}}``) cost microseconds per token, and dates are looked
for in every release. :class:`TokenPatterns` compiles them once into regular expressions
over a string with one symbol per token (each lexicon word its own symbol), so finding every
date in a Doc is one vectorised lookup plus a scan of a string as long as the Doc. Resolving
them is dateparser with the anchor as its (naive) relative base, called once per distinct
expression (cached), except weekdays, whose press-release reading dateparser gets wrong (see
:func:`resolve_relative_date`).

The ``mirps_dates`` component (:mod:`mirps_nlp.components.dates`) runs :class:`DateFinder` once
per Doc and writes the mentions to ``doc.spans["mirps_dates"]`` (:func:`write_date_spans`); the
components that need dates (chairs, events) read them back with :func:`date_mentions`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any, Literal, NamedTuple

import numpy
from spacy.attrs import IS_ALPHA, IS_DIGIT, LENGTH, LOWER
from spacy.tokens import Doc
from spacy.vocab import Vocab

from mirps_nlp.bounds import sentence_bounds
from mirps_nlp.extensions import DATE_SPANS
from mirps_nlp.patterns import read_patterns, source_key

Precision = Literal["day", "month", "year", "period"]
Prefer = Literal["past", "future"]

class DateMention(NamedTuple):
    """One date expression: where it is, how precise it is, and what it resolved to.

    On the Doc it is a Span of ``doc.spans["mirps_dates"]`` (see :func:`write_date_spans`).
    """

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
    expression: str, base: str | date | datetime | None, prefer: Prefer = "past", lang: str = "en"
) -> str | None:
    """``expression`` ("yesterday", "on Thursday", "24 January 2024") as ``YYYY-MM-DD``.

    ``base`` is the anchor (the published date). Calendar dates ("24 January 2024",
    "December 10", "2024-01-24"), weekdays and "today"/"yesterday" are read here from the
    calendar words of ``patterns/<lang>/dates_patterns.jsonl``; only what is left ("last
    week", "this year") goes to dateparser, which costs milliseconds per call. A weekday is
    never left to dateparser: a release issued on a Thursday that says "on Thursday" means
    that same day, where dateparser (preferring the past) answers the Thursday a week earlier.
    Returns ``None`` when the expression needs an anchor and has none, or does not parse.
    """
    return _resolve(" ".join(expression.split()), _as_date(base), prefer, lang, source_key())


@dataclass(frozen=True)
class _Calendar:
    """Calendar words of one language: month numbers, weekdays in order, day offsets."""

    months: dict[str, int]
    weekdays: tuple[str, ...]
    day_offsets: dict[str, int]
    fillers: frozenset[str]
    next_words: frozenset[str]  # "next Thursday", "el próximo martes"
    last_words: frozenset[str]  # "last Thursday", "el pasado martes", "el martes pasado"
    #: "last year" -> ("year", -1): the published date shifted by whole periods, as dateparser reads it
    period_offsets: dict[str, tuple[str, int]]


@lru_cache(maxsize=8)
def _calendar(lang: str, source: str = "") -> _Calendar:
    rows = read_patterns(lang, "dates_patterns.jsonl")
    words = {r["name"]: r["words"] for r in rows if r["kind"] == "words"}
    numbers = {r["name"]: r["values"] for r in rows if r["kind"] == "numbers"}
    return _Calendar(
        months=dict(numbers.get("month_number", {})),
        weekdays=tuple(words.get("weekday", ())),
        day_offsets=dict(numbers.get("relative_day_offset", {})),
        fillers=frozenset(words.get("calendar_filler", ())),
        next_words=frozenset(words.get("relative_next", ())),
        last_words=frozenset(words.get("relative_last", ())),
        period_offsets={
            phrase: (unit, offset)
            for unit in ("week", "month", "year")
            for phrase, offset in numbers.get(f"relative_{unit}_offset", {}).items()
        },
    )


_NOT_CALENDAR = "not a calendar date"
_FUTURE_VERB_AFTER = 4  # tokens after a date in which a future verb still governs it
_FUTURE_VERB_BEFORE = 5  # … and before it
_LEADING_NUMBER = re.compile(r"\d*")


@lru_cache(maxsize=4096)
def _resolve(expression: str, anchor: date | None, prefer: Prefer, lang: str, source: str) -> str | None:
    calendar = _calendar(lang, source)
    words = expression.lower().replace(",", " ").split()
    weekday = next((w for w in words if w in calendar.weekdays), None)
    if weekday is not None:
        # "Friday, 26 June 2015", "este viernes 26 de junio": the calendar date says which Friday
        dated = _calendar_date([w for w in words if w != weekday], anchor, prefer, calendar)
        if dated is not _NOT_CALENDAR:
            return dated
        if anchor is None:
            return None
        target = calendar.weekdays.index(weekday) % 7
        ahead = any(w in calendar.next_words for w in words)
        back = any(w in calendar.last_words for w in words)
        if prefer == "future" or ahead:
            delta = (target - anchor.weekday()) % 7 or (7 if ahead else 0)
            return (anchor + timedelta(days=delta)).isoformat()
        delta = (anchor.weekday() - target) % 7 or (7 if back else 0)
        return (anchor - timedelta(days=delta)).isoformat()
    simple = _calendar_date(words, anchor, prefer, calendar)
    if simple is not _NOT_CALENDAR:
        return simple
    period = calendar.period_offsets.get(" ".join(words))
    if period is not None:  # "this year", "la semana pasada": dateparser's answer without its ~0.3 s first call
        return None if anchor is None else _shift_period(anchor, *period).isoformat()
    import dateparser  # imported lazily: it costs ~0.2 s and most Docs never need it

    settings: dict[str, Any] = {"PREFER_DATES_FROM": prefer, "RETURN_AS_TIMEZONE_AWARE": False}
    if anchor is not None:
        settings["RELATIVE_BASE"] = datetime(anchor.year, anchor.month, anchor.day)
    parsed = dateparser.parse(expression, languages=[lang], settings=settings)
    if parsed is None:
        return None
    if anchor is None and not _states_year(expression):
        return None  # dateparser would silently anchor it to the machine's clock
    return parsed.date().isoformat()


def _calendar_date(words: list[str], anchor: date | None, prefer: Prefer, calendar: _Calendar) -> str | None:
    """A day-month[-year] date, an ISO date or a relative day read without dateparser;
    ``_NOT_CALENDAR`` (for dateparser) when the words are anything else."""
    phrase = " ".join(w for w in words if w != ".")
    # "this morning", "esta mañana", "en la víspera" are looked up whole
    words = [phrase] if phrase in calendar.day_offsets else [w for w in words if w not in calendar.fillers and w != "."]
    if len(words) == 1 and words[0] in calendar.day_offsets:
        if anchor is None:
            return None
        return (anchor + timedelta(days=calendar.day_offsets[words[0]])).isoformat()
    if len(words) == 1 and len(words[0]) == 10 and words[0][4] == "-":
        try:
            return date.fromisoformat(words[0]).isoformat()
        except ValueError:
            return None
    month = day = year = None
    for word in words:
        # "24th", "1º", and a day range written as one token ("4–5"): its first day
        number = _LEADING_NUMBER.match(word).group() if word[:1].isdigit() else word  # type: ignore[union-attr]
        if word in calendar.months and month is None:
            month = calendar.months[word]
        elif number.isdigit() and len(number) == 4 and year is None:
            year = int(number)
        elif number.isdigit() and len(number) <= 2 and day is None:
            day = int(number)
        else:
            return _NOT_CALENDAR
    if month is None or day is None:
        return _NOT_CALENDAR
    if year is not None:
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return None
    found = nearest_day(month, day, anchor, prefer)
    return found.isoformat() if found else None


def nearest_day(month: int, day: int, anchor: date | None, prefer: Prefer) -> date | None:
    """The day-month nearest ``anchor`` in the reading's direction ("10 December" in a January
    release looks back a year; announced for later, it looks ahead)."""
    if anchor is None:
        return None
    try:
        in_year = date(anchor.year, month, day)
    except ValueError:
        return None
    if prefer == "past" and in_year > anchor:
        return _shift_year(in_year, -1)
    if prefer == "future" and in_year < anchor:
        return _shift_year(in_year, 1)
    return in_year


def _shift_year(day: date, years: int) -> date | None:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return None


def _shift_period(day: date, unit: str, offset: int) -> date:
    """``day`` moved by whole weeks, months or years; a day the target month lacks becomes its
    last day (31 March less a month is 28 or 29 February), as dateparser's relativedelta does."""
    if unit == "week":
        return day + timedelta(weeks=offset)
    months = day.year * 12 + day.month - 1 + offset * (12 if unit == "year" else 1)
    year, month = divmod(months, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def _states_year(expression: str) -> bool:
    return any(len(w) == 4 and w.isdigit() for w in expression.replace(",", " ").split())


class TokenPatterns:
    """Token patterns in the ``Matcher`` subset dates need, compiled to regular expressions
    over one symbol per token.

    A pattern token may test ``LOWER`` or ``ORTH`` (a string or ``{"IN": [...]}``; ``ORTH``
    only for words that are their own lower case, such as punctuation), ``IS_DIGIT`` with an
    optional ``LENGTH``, and carry ``OP`` ``?``, ``*`` or ``+``. Every word a pattern names
    gets its own symbol; any other digit token a symbol for its length; anything else ``x``.
    """

    _OTHER = ord("x")
    _WORD_BASE = 0xE000  # private-use code points: one per lexicon word
    _DIGIT_BASE = 0xF000  # one per length of an unlisted digit token

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self.words: dict[str, str] = {}
        self.patterns: list[tuple[str, re.Pattern[str]]] = []
        self._keys = numpy.zeros(0, dtype=numpy.uint64)
        self._symbols = numpy.zeros(0, dtype=numpy.uint32)

    def add(self, key: str, pattern: list[dict[str, Any]]) -> None:
        """Compile one pattern (words first, so that every word has its symbol)."""
        known = len(self.words)
        for token in pattern:
            for attr in ("LOWER", "ORTH"):
                for word in _values(token.get(attr)):
                    if attr == "ORTH" and word.lower() != word:
                        raise ValueError(f"date pattern {key}: ORTH {word!r} is not lower case")
                    self._symbol(word.lower())
        if len(self.words) != known:
            self._index_words()
        regex = "".join(self._token_regex(token) for token in pattern)
        self.patterns.append((key, re.compile(regex)))

    def _symbol(self, word: str) -> str:
        if word not in self.words:
            self.words[word] = chr(self._WORD_BASE + len(self.words))
            self.vocab.strings.add(word)
        return self.words[word]

    def _index_words(self) -> None:
        """The words' hashes sorted, with their symbols (once per pattern, not once per word:
        rebuilding per word made compiling quadratic, a third of a second at start-up)."""
        self._keys = numpy.array([self.vocab.strings[w] for w in self.words], dtype=numpy.uint64)
        self._symbols = numpy.array([ord(s) for s in self.words.values()], dtype=numpy.uint32)
        by_key = numpy.argsort(self._keys)
        self._keys, self._symbols = self._keys[by_key], self._symbols[by_key]

    def _token_regex(self, token: dict[str, Any]) -> str:
        symbols: set[str] | None = None
        for attr in ("LOWER", "ORTH"):
            if attr in token:
                chosen = {self.words[w.lower()] for w in _values(token[attr])}
                symbols = chosen if symbols is None else symbols & chosen
        if token.get("IS_DIGIT"):
            length = token.get("LENGTH")
            listed = {sym for w, sym in self.words.items() if w.isdigit() and (length is None or len(w) == length)}
            lengths = range(1, 10) if length is None else (length,)
            digits = listed | {chr(self._DIGIT_BASE + n) for n in lengths}
            symbols = digits if symbols is None else symbols & digits
        if symbols is None:
            raise ValueError(f"date pattern token {token} tests nothing this compiler knows")
        body = "[" + "".join(re.escape(c) for c in sorted(symbols)) + "]"
        op = token.get("OP", "")
        if op not in {"", "?", "*", "+"}:
            raise ValueError(f"date pattern operator {op!r} is not supported")
        return body + op

    def symbols(self, doc: Doc, attrs: numpy.ndarray | None = None) -> str:
        """One symbol per token of ``doc`` (a string exactly ``len(doc)`` long); ``attrs`` is
        ``doc.to_array([LOWER, IS_DIGIT, LENGTH])`` when the caller has it already."""
        n = len(doc)
        if not n:
            return ""
        if attrs is None:
            attrs = doc.to_array([LOWER, IS_DIGIT, LENGTH])
        codes = numpy.full(n, self._OTHER, dtype=numpy.uint32)
        digits = (attrs[:, 1] == 1) & (attrs[:, 2] < 10)
        codes[digits] = self._DIGIT_BASE + attrs[digits, 2].astype(numpy.uint32)
        if len(self._keys):
            pos = numpy.minimum(numpy.searchsorted(self._keys, attrs[:, 0]), len(self._keys) - 1)
            listed = self._keys[pos] == attrs[:, 0]
            codes[listed] = self._symbols[pos[listed]]
        return codes.astype("<u4").tobytes().decode("utf-32-le")

    def __call__(self, doc: Doc, attrs: numpy.ndarray | None = None) -> list[tuple[str, int, int]]:
        """(key, start, end) of every match, leftmost-longest per pattern."""
        return self.find(self.symbols(doc, attrs))

    def find(self, symbols: str) -> list[tuple[str, int, int]]:
        """(key, start, end) of every match in a string made by :meth:`symbols`."""
        return [(key, m.start(), m.end()) for key, regex in self.patterns for m in regex.finditer(symbols)]

    def digit_symbol(self, length: int) -> str:
        """The symbol of an unlisted digit token of ``length`` characters."""
        return chr(self._DIGIT_BASE + length)


def _values(spec: Any) -> list[str]:
    if spec is None:
        return []
    if isinstance(spec, str):
        return [spec]
    if isinstance(spec, dict) and isinstance(spec.get("IN"), list):
        return [str(v) for v in spec["IN"]]
    raise ValueError(f"unsupported date pattern value {spec!r}")


class DateFinder:
    """Finds date expressions in a Doc and resolves them against its published date.

    Build it once per component (it compiles the patterns); calling it is cheap.
    """

    def __init__(self, vocab: Vocab, lang: str = "en") -> None:
        self.lang = lang
        rows = read_patterns(lang, "dates_patterns.jsonl")
        lexicons = {r["name"]: r["words"] for r in rows if r["kind"] == "words"}
        lexicons["day_range"] = _day_ranges(lexicons.get("day_range_joiner", ()))
        self.future_markers = frozenset(lexicons.get("future_marker", ()))
        # "el pasado 14 de enero", "el próximo 3 de mayo": the word before a date states its side
        self.side_words = {w: "past" for w in lexicons.get("relative_last", ())} | {
            w: "future" for w in lexicons.get("relative_next", ())
        }
        self.future_hashes = sorted_hashes(vocab, self.future_markers)
        # "se celebrará", "asumirán": a verb form that marks the future by its ending
        self.future_suffixes = tuple(lexicons.get("future_suffix", ()))
        self.matcher = TokenPatterns(vocab)
        self.kinds: dict[str, tuple[Precision, bool]] = {}
        self.drops: dict[str, frozenset[int]] = {}
        self.fixed_days: dict[str, tuple[int, int]] = {}  # "World Refugee Day" -> (6, 20)
        self.tense: dict[str, Prefer] = {}  # a pattern whose verb states its tense ("opened Monday")
        patterns = [r for r in rows if r["kind"] == "pattern"]
        for row in rows:
            if row["kind"] == "fixed_day":
                for phrase in row["phrases"]:
                    patterns.append(
                        {
                            "label": "FIXED_DAY",
                            "precision": "day",
                            "relative": True,
                            "pattern": [{"LOWER": word} for word in phrase.lower().split()],
                            "day": (row["month"], row["day"]),
                        }
                    )
        for n, row in enumerate(patterns):
            key = f"{row['label']}#{n}"
            self.kinds[key] = (row["precision"], bool(row.get("relative")))
            self.drops[key] = frozenset(row.get("drop", ()))
            if "day" in row:
                self.fixed_days[key] = row["day"]
            if row.get("prefer"):
                self.tense[key] = row["prefer"]
            self.matcher.add(key, _expand(row["pattern"], lexicons))

    def __call__(self, doc: Doc, published: str | None = None) -> list[DateMention]:
        """Every date expression of ``doc`` in order, longest match wins; relative dates are
        resolved against ``published``, else the Doc's ``mirps_published``."""
        anchor = published if published is not None else getattr(doc._, "mirps_published", None)
        return self._find(doc, anchor)

    def _find(self, doc: Doc, anchor: str | None) -> list[DateMention]:
        if not len(doc):
            return []
        attrs = doc.to_array([LOWER, IS_DIGIT, LENGTH])
        symbols = self.matcher.symbols(doc, attrs)
        year = self.matcher.digit_symbol(4)
        found = []
        for key, start, end in self.matcher.find(symbols):
            years = [start + k for k, c in enumerate(symbols[start:end]) if c == year]
            if any(not 1900 <= int(doc[k].text) <= 2099 for k in years):
                continue  # "on 10 December 3000" is not a date we can use
            found.append((key, start, end))
        if not found:
            return []
        bounds = sentence_bounds(doc)[0]
        sent_starts = [lo for lo, _ in bounds]
        future_at: list[int] | None = None
        future_verbs: list[int] = []
        mentions = []
        for key, start, end in longest_matches(found):
            precision, relative = self.kinds[key]
            future = False
            if precision != "year":
                if future_at is None:
                    future_at = positions_of(attrs[:, 0], self.future_hashes)
                    future_verbs = self._future_verbs(doc)
                n = bisect_right(sent_starts, start) - 1
                lo, hi = bounds[n]
                k = bisect_right(future_at, lo - 1)
                future = k < len(future_at) and future_at[k] < end
                # a future verb governs a date next to it: "se celebrará el martes", "el 5 de octubre se
                # celebrará"; not one clauses away ("que ejercerá durante 2024, … celebrada el jueves")
                k = bisect_right(future_verbs, max(lo, start - _FUTURE_VERB_BEFORE) - 1)
                future = future or (k < len(future_verbs) and future_verbs[k] < min(hi, end + _FUTURE_VERB_AFTER))
                if key in self.tense:
                    future = self.tense[key] == "future"
                elif start > lo and doc[start - 1].lower_ in self.side_words:
                    # a sentence's "convocada" does not put "el pasado 14 de enero" in the future
                    future = self.side_words[doc[start - 1].lower_] == "future"
            mentions.append(self._mention(doc, key, start, end, precision, relative, anchor, future))
        return mentions

    def _future_verbs(self, doc: Doc) -> list[int]:
        """Verbs whose ending puts them in the future ("celebrará", "asumirán")."""
        if not self.future_suffixes:
            return []
        if not len(doc):
            return []
        # one attribute array instead of a Token object per word (a Spanish release has thousands)
        cols = doc.to_array([LOWER, LENGTH, IS_ALPHA])
        strings = doc.vocab.strings
        candidates = numpy.flatnonzero((cols[:, 1] > 4) & (cols[:, 2] != 0)).tolist()
        lowers = cols[:, 0].tolist()
        return [i for i in candidates if strings[lowers[i]].endswith(self.future_suffixes)]

    def _mention(
        self,
        doc: Doc,
        key: str,
        start: int,
        end: int,
        precision: Precision,
        relative: bool,
        anchor: str | None,
        future: bool,
    ) -> DateMention:
        label = key.split("#", 1)[0]
        if label == "YEAR":  # "in 2023": keep the year, drop the preposition
            start = end - 1
        span = doc[start:end]
        text = span.text  # never doc.text: it is rebuilt from every token on each access
        value: str | None = None
        reason: str | None = None
        if key in self.fixed_days:  # "on World Refugee Day": 20 June of the year it is read in
            month, day = self.fixed_days[key]
            found = nearest_day(month, day, _as_date(anchor), "future" if future else "past")
            value = found.isoformat() if found else None
            if value is None:
                reason = f"date {text!r} not resolved: the release has no published date to anchor it"
        elif precision != "year":
            # a range ("November 14 and 15, 2023") is dated by its first day
            drops = self.drops.get(key, ())
            expression = " ".join(t.text for k, t in enumerate(span) if k not in drops)
            prefer: Prefer = "future" if future else "past"
            if precision == "month":
                expression = f"1 {expression}"  # "December 2019" stands for the month, not the anchor's day
            value = resolve_relative_date(expression, anchor, prefer, self.lang)
            if value is None:
                if _as_date(anchor) is None and (relative or not _states_year(expression)):
                    reason = f"date {text!r} not resolved: the release has no published date to anchor it"
                else:
                    reason = f"date {text!r} could not be parsed"
        return DateMention(
            start=start,
            end=end,
            start_char=span.start_char,
            end_char=span.end_char,
            text=text,
            label=label,
            precision=precision,
            relative=relative,
            value=value,
            reason=reason,
        )


def sorted_hashes(vocab: Vocab, words: Any) -> numpy.ndarray:
    """The string hashes of ``words``, sorted, for :func:`positions_of`."""
    return numpy.array(sorted({vocab.strings.add(w) for w in words}), dtype=numpy.uint64)


def positions_of(values: numpy.ndarray, hashes: numpy.ndarray) -> list[int]:
    """Indices of ``values`` (e.g. a Doc's LOWER column) that are in the sorted ``hashes``:
    a binary search, several times cheaper than ``numpy.isin`` on arrays this small."""
    if not len(hashes) or not len(values):
        return []
    values = values.reshape(-1)
    pos = numpy.minimum(numpy.searchsorted(hashes, values), len(hashes) - 1)
    return numpy.flatnonzero(hashes[pos] == values).tolist()


def longest_matches(matches: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Non-overlapping matches, longest first then earliest (as ``filter_spans``), in order."""
    kept: list[tuple[str, int, int]] = []
    taken: set[int] = set()
    for key, start, end in sorted(matches, key=lambda m: (m[1] - m[2], m[1])):
        if not taken.intersection(range(start, end)):
            kept.append((key, start, end))
            taken.update(range(start, end))
    return sorted(kept, key=lambda m: m[1])


def _day_ranges(joiners: Any) -> list[str]:
    """Two days written as one token ("4–5", "7-8"): a multi-day event dated by its first day."""
    return [f"{a}{j}{b}" for j in joiners for a in range(1, 31) for b in range(a + 1, min(a + 8, 32))]


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


def month_numbers(lang: str) -> dict[str, int]:
    """Month words (lower case, abbreviations included) -> month number, from the ``month_number``
    row of ``dates_patterns.jsonl``: the one month table every component reads."""
    return dict(_calendar(lang).months)


def future_markers(lang: str) -> frozenset[str]:
    """The words that put a date in the future ("next", "upcoming", "próximo"), from the
    ``future_marker`` row of ``dates_patterns.jsonl``."""
    rows = read_patterns(lang, "dates_patterns.jsonl")
    return frozenset(w for r in rows if r["kind"] == "words" and r["name"] == "future_marker" for w in r["words"])


def write_date_spans(doc: Doc, mentions: list[DateMention]) -> None:
    """Put ``mentions`` on the Doc as ``doc.spans["mirps_dates"]``: ``span.label_`` is the
    pattern's label and ``span._.mirps_date`` holds the rest (msgpack-safe)."""
    spans = []
    for m in mentions:
        span = doc[m.start : m.end]
        span.label_ = m.label
        span._.mirps_date = {"precision": m.precision, "relative": m.relative, "value": m.value, "reason": m.reason}
        spans.append(span)
    doc.spans[DATE_SPANS] = spans


def date_mentions(doc: Doc) -> list[DateMention]:
    """The date mentions the ``mirps_dates`` component wrote on ``doc``, in order."""
    if DATE_SPANS not in doc.spans:
        return []
    mentions = []
    for span in doc.spans[DATE_SPANS]:
        info = span._.mirps_date
        mentions.append(
            DateMention(
                start=span.start,
                end=span.end,
                start_char=span.start_char,
                end_char=span.end_char,
                text=span.text,
                label=span.label_,
                precision=info["precision"],
                relative=info["relative"],
                value=info["value"],
                reason=info["reason"],
            )
        )
    return mentions


def first_day_date(mentions: list[DateMention], limit_char: int | None = None) -> DateMention | None:
    """The first day-precise date (resolved or not) before ``limit_char``: a release's lede date."""
    for mention in mentions:
        if limit_char is not None and mention.start_char >= limit_char:
            break
        if mention.is_day:
            return mention
    return None
