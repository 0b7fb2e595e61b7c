"""Ingestion: a file, bytes or HTML page in, normalised release text plus metadata out.

Press releases reach us as plain-text copies, web pages and syndicated reposts. Each carries
chrome the extractors must not see (site headers, share buttons, syndication disclaimers,
media contacts) and metadata the record needs (headline, dateline, reference code, who
published it). This module separates the two, so every later stage reads only release prose.

Rules of the genre are data, not code: header lines, footers and contact blocks live in
``patterns/en/boilerplate.jsonl``; reference and dateline labels in ``ingest_metadata.jsonl``;
publishers, syndicators, month names and stop words in the other ``ingest_*.jsonl`` files.

Every character of the normalised text maps back to the text it came from through
:class:`OffsetMap`, so a span found downstream can be shown in the original file.
"""

from __future__ import annotations

import bisect
import html as html_lib
import re
import stat
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal
from urllib.parse import parse_qs, urlparse

from mirps_nlp.language import detect as detect_language
from mirps_nlp.patterns import available_languages, read_patterns

from .errors import InputError

Kind = Literal["text", "html"]

#: Above this size an input is still read, with a warning: releases are a few kB, so a
#: multi-megabyte file is probably a concatenation or a dump.
WARN_BYTES = 5 * 1024 * 1024
#: Hard cap: beyond it the input is refused with :class:`InputError` before decoding.
MAX_BYTES = 20 * 1024 * 1024

_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
_TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})
_MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
#: File suffixes :func:`ingest_path` reads (others are sniffed for markup).
SUFFIXES = _HTML_SUFFIXES | _TEXT_SUFFIXES
# Formats people feed by mistake; named so the error says what to do instead.
_MAGIC = (
    (b"%PDF-", "a PDF file; convert it to text or HTML first"),
    (b"PK\x03\x04", "a ZIP or Office document; save it as text or HTML first"),
    (b"\xd0\xcf\x11\xe0", "an old Office document; save it as text or HTML first"),
    (b"{\\rtf", "an RTF document; save it as text first"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "gzip-compressed data; decompress it first"),
)
# Characters deleted from the text: invisible, never meaningful in a release, and they break
# token matching ("refu\u00adgee"). Lone surrogates only come from broken decoders.
_INVISIBLE = "\x00-\x08\x0e-\x1f\x7f-\x9f\u200b\u2060\ufeff\u00ad\ud800-\udfff"
# Visible words joined by single spaces: copied as they are, so one offset anchor covers them.
_PIECE = re.compile(rf"[^\s{_INVISIBLE}]+(?: [^\s{_INVISIBLE}]+)*")
_WHITESPACE = re.compile(r"\s")
_VISIBLE_CHAR = re.compile(rf"[^\s{_INVISIBLE}]")
_LINE_BREAK = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_FOLD = re.compile(rf"[\s{_INVISIBLE}]+")
_MARKDOWN_HEADING = re.compile(r"#{1,6}\s+")
_MARKDOWN_RULE = re.compile(r"^(?:-{3,}|\*{3,}|_{3,})$")
_HTML_SNIFF = re.compile(
    r"<(?:!doctype\s+html|html|head|body|p|div|br|span|h[1-6]|article|section|table|li|a\s)\b", re.I
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w:.-]+)""", re.I)
_TITLE_SEPARATOR = re.compile(r"\s+(?:\||::|-|–|—|»)\s+")
_WORD = re.compile(r"[^\W\d_]+")
_LONG_LINE = 400
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"\+?\(?\d[\d\s().-]{7,}\d")


# --------------------------------------------------------------------------- results


@dataclass
class OffsetMap:
    """Maps offsets in the normalised text back to offsets in the source text.

    ``anchors`` holds ``(norm_offset, source_offset)`` pairs, one wherever the difference
    between the two changes (a folded run of spaces, a dropped line); in between, offsets
    move in step. The source is the decoded file for text input and the text trafilatura
    extracted for HTML input (``source_kind``), since markup has no usable character offsets.
    """

    anchors: list[tuple[int, int]] = field(default_factory=list)
    text_length: int = 0
    source_length: int = 0
    source_kind: Literal["decoded", "extracted"] = "decoded"

    def __post_init__(self) -> None:
        self._norm = [a for a, _ in self.anchors]

    def to_source(self, offset: int) -> int:
        """Source offset of normalised ``offset``; monotonic and within ``[0, source_length]``."""
        offset = min(max(offset, 0), self.text_length)
        i = bisect.bisect_right(self._norm, offset) - 1
        if i < 0:
            return self.anchors[0][1] if self.anchors else 0
        norm, source = self.anchors[i]
        mapped = source + (offset - norm)
        if i + 1 < len(self.anchors):
            mapped = min(mapped, self.anchors[i + 1][1])
        return min(mapped, self.source_length)


@dataclass
class Ingested:
    """A release ready for the pipeline: normalised text plus what the chrome told us."""

    text: str
    title: str | None
    published: str | None
    publisher: str | None
    reference: str | None
    syndicated_by: str | None
    path: str | None = None
    url: str | None = None
    language: str = "en"
    warnings: list[str] = field(default_factory=list)
    offsets: OffsetMap | None = None


# --------------------------------------------------------------------------- data


def _read_jsonl(name: str) -> list[dict[str, Any]]:
    """The rows of ``name`` in every language folder, English first.

    Ingestion runs before the release's language is known (the language is read from the text
    it produces), and a release mixes them (a Spanish body under an English site header), so
    chrome and metadata rules of every language apply to every release."""
    languages = available_languages()
    return [row for lang in sorted(languages, key=lambda x: x != "en") for row in read_patterns(lang, name)]


def _line_key(text: str) -> str:
    """Comparison key for whole-line phrases: case, spacing and trailing punctuation ignored."""
    return _FOLD.sub(" ", text).strip().strip(":|·•.…-–— ").casefold()


@dataclass(frozen=True)
class _Rules:
    """The genre's chrome, compiled once from the pattern files."""

    header_exact: frozenset[str]
    header_publisher: dict[str, str]
    line_syndicator: dict[str, str]
    any_exact: frozenset[str]
    header_regex: tuple[re.Pattern[str], ...]
    any_regex: tuple[re.Pattern[str], ...]
    footer_prefix: tuple[str, ...]
    footer_contains: tuple[str, ...]
    footer_names: dict[str, tuple[str | None, bool]]
    contact_prefix: tuple[str, ...]
    contact_exact: frozenset[str]
    contact_line: tuple[re.Pattern[str], ...]
    references: tuple[re.Pattern[str], ...]
    dateline_labels: tuple[tuple[re.Pattern[str], int], ...]
    byline_label: re.Pattern[str]
    institution_line: re.Pattern[str]
    institution_word: re.Pattern[str]
    publisher_alias: dict[str, str]
    publisher_domain: tuple[tuple[str, str], ...]
    publisher_reference: tuple[tuple[re.Pattern[str], str], ...]
    url_reference_params: tuple[str, ...]
    syndicator_alias: dict[str, str]
    syndicator_domain: tuple[tuple[str, str], ...]
    month_number: dict[str, int]
    date_forms: tuple[re.Pattern[str], ...]
    yearless_date_tail: re.Pattern[str]
    credit_line: re.Pattern[str]
    wire_credit: re.Pattern[str]
    wire_syndicator: re.Pattern[str]
    syndication_line: re.Pattern[str]
    source_line: re.Pattern[str]
    copyright_holder: re.Pattern[str]
    original_publisher: re.Pattern[str]
    byline_outlet: re.Pattern[str]
    byline_place: re.Pattern[str]
    dateline_time: re.Pattern[str]
    field_label: re.Pattern[str]
    government_lines: tuple[re.Pattern[str], ...]
    country_name: dict[str, str]
    publisher_mention: re.Pattern[str]


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    lists: dict[str, list[Any]] = {
        k: []
        for k in (
            "header_exact",
            "any_exact",
            "header_regex",
            "any_regex",
            "footer_prefix",
            "footer_contains",
            "contact_prefix",
            "contact_exact",
            "contact_line",
        )
    }
    header_publisher: dict[str, str] = {}  # genre labels only one publisher uses ("Briefing Notes")
    line_syndicator: dict[str, str] = {}  # lines only one syndicator prints ("Origin: View original")
    # footer phrase -> (the syndicator it implies, whether it names the original publisher)
    footer_names: dict[str, tuple[str | None, bool]] = {}
    for row in _read_jsonl("boilerplate.jsonl"):
        kind, match = row["kind"], row["match"]
        if row.get("publisher") and match == "exact":
            header_publisher[_line_key(row["text"])] = row["publisher"]
        if row.get("syndicator") and match == "exact" and kind == "line":
            line_syndicator[_line_key(row["text"])] = row["syndicator"]
        if kind == "footer":
            footer_names[row["text"].casefold()] = (row.get("syndicator"), row.get("names") == "publisher")
        value = row.get("text") or row.get("pattern", "")
        if kind == "line":
            zone = row.get("zone", "any")
            if match == "exact":
                lists[f"{zone}_exact"].append(_line_key(value))
            else:
                lists[f"{zone}_regex"].append(re.compile(value, re.I))
        elif kind == "footer":
            lists["footer_prefix" if match == "prefix" else "footer_contains"].append(value.casefold())
        elif kind == "contact":
            if match == "exact":
                lists["contact_exact"].append(_line_key(value))
            else:
                lists["contact_prefix"].append(value.casefold())
        elif kind == "contact_line":
            lists["contact_line"].append(re.compile(value, re.I))
        else:
            raise ValueError(f"patterns/*/boilerplate.jsonl: unknown kind {kind!r}")

    metadata = _read_jsonl("ingest_metadata.jsonl")
    label = "|".join(r["pattern"] for r in metadata if r["kind"] == "reference_label")
    references = tuple(
        re.compile(r["pattern"].replace("{label}", f"(?:{label})"), re.I) for r in metadata if r["kind"] == "reference"
    )
    dateline_labels = tuple(
        (re.compile(r["pattern"], re.I), int(r.get("rank", 1))) for r in metadata if r["kind"] == "dateline_label"
    )

    def one(kind: str, flags: int = re.I) -> re.Pattern[str]:
        return re.compile("|".join(r["pattern"] for r in metadata if r["kind"] == kind) or "(?!)", flags)

    country_name: dict[str, str] = {}
    for row in _read_jsonl("countries.jsonl"):
        for alias in [row["name"], *row.get("aliases", [])]:
            country_name.setdefault(alias.casefold(), row["name"])
    country = rf"(?P<country>{_alternation(country_name)})"
    government_lines = tuple(
        re.compile(r["pattern"].replace("{country}", country), re.I) for r in metadata if r["kind"] == "government_line"
    )
    byline_label = re.compile("|".join(r["pattern"] for r in metadata if r["kind"] == "byline_label"), re.I)
    institution_line = re.compile("|".join(r["pattern"] for r in metadata if r["kind"] == "institution_line"), re.I)

    publisher_alias: dict[str, str] = {}
    publisher_domain: list[tuple[str, str]] = []
    publisher_reference: list[tuple[re.Pattern[str], str]] = []
    params: list[str] = []
    for row in _read_jsonl("ingest_publishers.jsonl"):
        for alias in [row["name"], *row.get("aliases", [])]:
            publisher_alias[_line_key(alias)] = row["name"]
        publisher_domain += [(d.casefold(), row["name"]) for d in row.get("domains", [])]
        if row.get("reference_pattern"):
            publisher_reference.append((re.compile(row["reference_pattern"]), row["name"]))
        if row.get("url_reference_param"):
            params.append(row["url_reference_param"])
    syndicator_alias: dict[str, str] = {}
    syndicator_domain: list[tuple[str, str]] = []
    for row in _read_jsonl("ingest_syndicators.jsonl"):
        for alias in [row["name"], *row.get("aliases", [])]:
            syndicator_alias[alias.casefold()] = row["name"]
            syndicator_alias[_line_key(alias)] = row["name"]
        syndicator_domain += [(d.casefold(), row["name"]) for d in row.get("domains", [])]

    month_number: dict[str, int] = {}
    for row in _read_jsonl("ingest_months.jsonl"):
        for name in row["names"]:
            month_number[name.casefold()] = row["month"]
    weekdays = [w for row in _read_jsonl("ingest_weekdays.jsonl") for w in row["names"]]
    plain_month = rf"(?:{_alternation(month_number)})"
    month = rf"(?P<m>{plain_month})\.?"
    weekday = rf"(?:(?:{_alternation(weekdays)})\.?,?\s+)?"
    day = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th|º|°)?"
    year = r"(?P<y>(?:19|20)\d\d)"
    date_forms = (
        # January 24, 2024 / Wednesday, Jan. 24 2024
        re.compile(rf"{weekday}{month}\s+{day},?\s+{year}\b", re.I),
        # 24 January 2024 / 24th of January, 2024 / 24 de enero de 2024
        re.compile(rf"{weekday}{day}\s+(?:of\s+|de\s+)?{month},?\s+(?:de\s+|del\s+)?{year}\b", re.I),
        # 2024-01-24 (ISO, also with a time part), 2024/01/24
        re.compile(r"(?<![\d/.-])(?P<y>(?:19|20)\d\d)(?P<s>[-/.])(?P<m>[01]?\d)(?P=s)(?P<d>[0-3]?\d)\b(?![/.-]\d)"),
        # 14/10/2023, 14.10.2023, 14-10-2023: day first, as outside the US; month first only
        # when the day cannot be a month (10/14/2023)
        re.compile(r"(?<![\d/.-])(?P<a>[0-3]?\d)(?P<s>[-/.])(?P<b>[01]?\d)(?P=s)(?P<y>(?:19|20)\d\d)\b(?![/.-]\d)"),
        re.compile(r"(?<![\d/.-])(?P<b>[01]?\d)(?P<s>[-/.])(?P<a>[1-3]\d)(?P=s)(?P<y>(?:19|20)\d\d)\b(?![/.-]\d)"),
    )
    # "GUATEMALA CITY, Oct 14 (Reuters) —": a wire dateline without a year
    yearless_date_tail = re.compile(
        rf",?\s*{weekday}(?:{plain_month}\.?\s+[0-3]?\d(?:st|nd|rd|th)?|[0-3]?\d(?:st|nd|rd|th)?\s+{plain_month}\.?)"
        r"\s*,?\s*$",
        re.I,
    )
    aliases = sorted(
        {a for row in _read_jsonl("ingest_publishers.jsonl") for a in [row["name"], *row.get("aliases", [])]}
    )
    return _Rules(
        header_exact=frozenset(lists["header_exact"]),
        header_publisher=header_publisher,
        line_syndicator=line_syndicator,
        any_exact=frozenset(lists["any_exact"]),
        header_regex=tuple(lists["header_regex"]),
        any_regex=tuple(lists["any_regex"]),
        footer_prefix=tuple(lists["footer_prefix"]),
        footer_contains=tuple(lists["footer_contains"]),
        footer_names=footer_names,
        contact_prefix=tuple(lists["contact_prefix"]),
        contact_exact=frozenset(lists["contact_exact"]),
        contact_line=tuple(lists["contact_line"]),
        references=references,
        dateline_labels=dateline_labels,
        byline_label=byline_label,
        institution_line=institution_line,
        institution_word=re.compile(
            "|".join(r["pattern"] for r in metadata if r["kind"] == "institution_word") or "(?!)"
        ),
        publisher_alias=publisher_alias,
        publisher_domain=tuple(publisher_domain),
        publisher_reference=tuple(publisher_reference),
        url_reference_params=tuple(params),
        syndicator_alias=syndicator_alias,
        syndicator_domain=tuple(syndicator_domain),
        month_number=month_number,
        date_forms=date_forms,
        yearless_date_tail=yearless_date_tail,
        credit_line=one("credit_line", 0),
        wire_credit=one("wire_credit", 0),
        wire_syndicator=one("wire_syndicator"),
        syndication_line=one("syndication_line"),
        source_line=one("source_line"),
        copyright_holder=one("copyright_holder"),
        original_publisher=one("original_publisher", 0),
        byline_outlet=one("byline_outlet", 0),
        byline_place=one("byline_place", 0),
        dateline_time=one("dateline_time"),
        field_label=one("field_label"),
        government_lines=government_lines,
        country_name=country_name,
        # Publisher names inside a sentence ("originally published by the OAS"); case matters
        # so that "oas" inside a word or a lower-case "ap" is never a name.
        publisher_mention=re.compile(rf"(?<!\w)(?:{_alternation(aliases)})(?!\w)"),
    )


# --------------------------------------------------------------------------- dates

# What may follow a standalone dateline: a time and zone ("January 24, 2024 - 10:30 am EST").
_AFTER_DATELINE = re.compile(
    r"[\s,.|–—-]*(?:(?:at\s+)?\d{1,2}[:.h]\d\d(?:\s*[ap]\.?\s?m\.?)?(?:\s*[A-Z]{2,5})?)?[\s.]*$", re.I
)
_YEAR = re.compile(r"(?:19|20)\d\d")
_DATELINE_STOP = re.compile(r"\.\s+\S")
_DATELINE_TAIL_SEPARATOR = re.compile(r"\s*(?:^|\s)[-–—|]\s+")
# What ends a dateline that opens the first paragraph: "San Salvador, 12 December 2020 –".
# "GENEVA (24 January 2024) –", "…, 2024 (OAS) —", "…, 2024 /PRNewswire/ --"; Spanish ".–" and ".-"
_DATELINE_END = re.compile(
    r"\)?\.?\s*(?:\([^()\n]{1,40}\)\s*|/[^/\n]{1,30}/\s*)?\.?[–—―:|-]"
    r"|\s*\([^()\n]{1,40}\)\s+(?=[A-ZÁÉÍÓÚÑ])"  # Prensa Latina: "San José, 16 feb 2024 (PL) Autoridades"
)
# Function words a place name may contain ("Ciudad de Guatemala", "Port of Spain").
_PLACE_LOWER = frozenset({"de", "del", "la", "las", "los", "el", "y", "and", "of", "the", "da", "do"})
_NAME_LOWER = _PLACE_LOWER | {"for", "on", "in", "et", "des", "du"}


def _date_at(text: str, pos: int = 0, *, anchored: bool = True) -> tuple[str, int, int] | None:
    """First date expression in ``text`` (at ``pos`` if anchored): (ISO date, start, end)."""
    if not _YEAR.search(text, pos):  # every form has a year: most lines are out in one cheap scan
        return None
    rules = _rules()
    best: tuple[str, int, int] | None = None
    for form in rules.date_forms:
        m = form.match(text, pos) if anchored else form.search(text, pos)
        if not m or (best and m.start() >= best[1]):
            continue
        groups = m.groupdict()
        if "a" in groups:  # a numeric day-month pair: the form decides which is which
            day_number, raw_month = int(groups["a"]), groups["b"]
        else:
            day_number, raw_month = int(groups["d"]), groups["m"]
        month = int(raw_month) if raw_month.isdigit() else rules.month_number.get(raw_month.casefold(), 0)
        try:
            value = date(int(m.group("y")), month, day_number)
        except ValueError:  # 31 February is not a date, whatever the regex thinks
            continue
        best = (value.isoformat(), m.start(), m.end())
    return best


@dataclass
class _Dateline:
    """What a metadata line states: the release date, how far to trust it, who issued it."""

    published: str | None
    rank: int = 1  # 0 the originating body's date, 1 a dateline, 2 a repost, edit or embargo date
    publisher: str | None = None
    reference: str | None = None


def standalone_dateline(line: str) -> str | None:
    """The ISO date if the whole line is a dateline ("  January 24, 2024", "Published: 2024-01-24").

    A place may precede the date ("Washington, D.C., March 3, 2025") and a time may follow it.
    """
    found = _dateline(line)
    return found.published if found else None


def _dateline(line: str) -> _Dateline | None:
    """The metadata of a line that is only a dateline, or a row of header fields around one."""
    rules = _rules()
    text = _FOLD.sub(" ", line).strip()
    if " | " in text:
        return _metadata_row(text.split(" | "))
    pos, rank = 0, 1
    for label, label_rank in rules.dateline_labels:  # the longest label wins ("Originally published")
        m = label.match(text)
        if m and m.end() > pos:
            pos, rank = m.end(), label_rank
    time = rules.dateline_time.match(text, pos) if pos else None  # "Updated 3:45 PM EST, March 3, 2025"
    if time and _date_at(text, time.end()):
        pos = time.end()
    found = _date_at(text, pos)
    if found is None:
        found = _date_at(text, pos, anchored=False)
        if found is None or not _is_place(text[pos : found[1]]):
            return None
    iso, _, end = found
    if _AFTER_DATELINE.match(text, end):
        return _Dateline(iso, rank)
    tail = text[end:].strip(" ,")
    by = rules.byline_label.match(tail)
    if by and by.end() and len(tail.split()) <= 9 and _name_like(tail[by.end() :]):
        # "Published on 03 Mar 2025 by UNHCR"
        return _Dateline(iso, rank, publisher=_publisher_line(tail[by.end() :]))
    # "December 14, 2022 - Ottawa, Ontario - Global Affairs Canada": place and issuer after the date
    rest = _DATELINE_TAIL_SEPARATOR.split(tail)
    if rest and not rest[0]:
        rest = rest[1:]
    if rest and len(rest) <= 4 and all(part and _is_place(part) for part in rest):
        return _Dateline(iso, rank, publisher=next(filter(None, map(_publisher_line, rest)), None))
    return None


def _metadata_row(parts: list[str]) -> _Dateline | None:
    """A row of header fields split by "|", if every field is metadata or a short label.

    "January 3, 2024 | 11:20 AM CST | Updated 2 hours ago", "Americas | 14 October 2023",
    "Press Release | E-031/25 | March 3, 2025", "Source: IOM | 3 March 2025". A headline
    with a date glued on ("Belize Takes Over the MIRPS Presidency | March 3, 2025") is not one.
    """
    rules = _rules()
    row = _Dateline(None, 3)
    for part in parts:
        part = part.strip()
        if not part:
            continue
        dateline = _dateline(part)
        if dateline and dateline.published:
            if dateline.rank < row.rank:
                row.published, row.rank = dateline.published, dateline.rank
            row.publisher = row.publisher or dateline.publisher
            continue
        reference = _reference(part)
        if reference:
            row.reference = row.reference or reference
            continue
        publisher = _publisher_line(part)
        is_byline, named = _byline(part)
        if publisher or is_byline:
            row.publisher = row.publisher or publisher or named
            continue
        key = _line_key(part)
        words = len(part.split())
        if (
            words <= 4
            or key in rules.header_exact
            or key in rules.any_exact
            or (words <= 12 and _name_like(part) and rules.institution_word.search(part))
        ):
            continue
        return None
    if row.published is None and row.reference is None:
        return None
    if row.published is None:
        row.rank = 1
    return row


def opening_dateline(paragraph: str) -> str | None:
    """The ISO date of a dateline opening a paragraph: "San Salvador, 12 December 2020 – The…".

    Only a place (or nothing) may precede the date and a dash or colon must follow it, so a
    date inside a sentence ("launched in December 2019", "On 3 March 2025, ministers…") is
    never taken for the release date.
    """
    head = paragraph[:160]
    found = _date_at(head, 0, anchored=False)
    if found is None:
        return None
    iso, start, end = found
    if not _is_place(head[:start]):
        return None
    if _DATELINE_END.match(head, end):
        return iso
    # "Belmopan, January 25, 2024. The Government…": a full stop ends it only after a place
    if head[:start].rstrip().endswith(",") and _DATELINE_STOP.match(head, end):
        return iso
    return None


def _is_place(prefix: str) -> bool:
    """Could ``prefix`` be the place part of a dateline ("GENEVA, ", "Washington, D.C., ")?"""
    prefix = prefix.strip()
    if not prefix:
        return True
    prefix = prefix.rstrip(",/ (–—-")
    if len(prefix) > 60 or not prefix or any(c.isdigit() for c in prefix) or not prefix[0].isupper():
        return False
    # "Tegucigalpa, Honduras – December 7, 2022 –": dashes may separate the parts
    words = [w for w in re.split(r"[\s,/]+", prefix) if w.strip("–—-")]
    return all(not w or w[0].isupper() or w.casefold() in _PLACE_LOWER for w in words)


# --------------------------------------------------------------------------- decoding


def _decode(data: bytes, label: str, warnings: list[str], kind: Kind | None) -> str:
    """UTF-8 (BOM or not); a UTF-8 file with a few bad bytes is decoded span by span; else the
    page's declared charset, else cp1252, with a warning.

    Why spans: one stray Windows byte in an otherwise UTF-8 file must not turn every other
    accented name into mojibake, which a whole-file cp1252 fallback would.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise InputError(f"{label}: has a UTF-16 byte-order mark but is not valid UTF-16") from error
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):
        return _decode_utf8_spans(data, warnings)
    if kind != "text":
        declared = _META_CHARSET.search(data[:4096])
        if declared:
            try:
                text = data.decode(declared.group(1).decode("ascii"))
                warnings.append(f"input is not UTF-8; decoded as {declared.group(1).decode('ascii')}")
                return text
            except (LookupError, UnicodeDecodeError):
                pass
    try:
        text = data.decode("cp1252")
        warnings.append("input is not UTF-8; decoded as cp1252 (Windows-1252)")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        warnings.append("input is not UTF-8 or cp1252; decoded as Latin-1, some characters may be wrong")
    return text


def _mostly_utf8(data: bytes) -> bool:
    """The file holds valid multi-byte UTF-8 and few invalid bytes: a UTF-8 file with damage."""
    text = data.decode("utf-8", errors="surrogateescape")
    escaped = len(_ESCAPED_BYTE.findall(text))
    valid_non_ascii = sum(1 for char in text if char > "\x7f") - escaped
    return valid_non_ascii > 0 and escaped <= max(16, valid_non_ascii)


_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")


def _decode_utf8_spans(data: bytes, warnings: list[str]) -> str:
    """Decode as UTF-8, each invalid byte as cp1252 (Latin-1 where cp1252 has no character)."""
    text = data.decode("utf-8", errors="surrogateescape")
    lines: list[int] = []
    cursor = [0, 1]  # (offset, line there): matches come in order, so counting stays linear

    def legacy(match: re.Match[str]) -> str:
        byte = bytes([ord(match.group()) - 0xDC00])
        cursor[1] += text.count("\n", cursor[0], match.start())
        cursor[0] = match.start()
        lines.append(cursor[1])
        try:
            return byte.decode("cp1252")
        except UnicodeDecodeError:
            return byte.decode("latin-1")

    decoded = _ESCAPED_BYTE.sub(legacy, text)
    where = sorted(set(lines))
    shown = ", ".join(str(n) for n in where[:5]) + (f" and {len(where) - 5} more" if len(where) > 5 else "")
    warnings.append(
        f"{len(lines)} byte(s) on line{'s' if len(where) > 1 else ''} {shown} are not valid UTF-8; "
        "decoded those bytes as cp1252 (Windows-1252), the rest as UTF-8"
    )
    return decoded


_SURROGATE = re.compile("[\ud800-\udfff]")


def _drop_surrogates(text: str, warnings: list[str]) -> str:
    """Lone surrogates (broken UTF-16) make parsers stop at them; delete them and say so."""
    found = _SURROGATE.findall(text)
    if not found:
        return text
    first = _SURROGATE.search(text)
    line = text.count("\n", 0, first.start() if first else 0) + 1
    warnings.append(
        f"{len(found)} lone surrogate character(s) (broken UTF-16), the first on line {line}, were removed"
    )
    return _SURROGATE.sub("", text)


_XML_FORBIDDEN = re.compile(r"[\x00-\x08\x0e-\x1f]")
_XML_LINE_BREAK = re.compile(r"[\x0b\x0c]")


def _xml_safe(html: str) -> str:
    """lxml refuses control characters in element text; they are invisible (or line breaks) anyway."""
    return _XML_LINE_BREAK.sub("\n", _XML_FORBIDDEN.sub("", html))


def _check_not_binary(text: str, label: str) -> None:
    sample = text[:65536]
    if "\x00" in sample:
        raise InputError(f"{label}: looks like binary data (contains NUL bytes), not a press release")
    controls = len(_CONTROL.findall(sample))
    if controls > max(8, len(sample) // 100):
        raise InputError(f"{label}: looks like binary data ({controls} control characters), not text")


def _check_size(size: int, label: str, warnings: list[str]) -> None:
    if size > MAX_BYTES:
        raise InputError(
            f"{label}: {size / 1e6:.1f} MB is over the {MAX_BYTES / 1e6:.0f} MB limit for one release; "
            "split it into separate releases"
        )
    if size > WARN_BYTES:
        warnings.append(f"input is {size / 1e6:.1f} MB, far longer than a press release; is it one release?")


def _looks_like_html(text: str) -> bool:
    head = text[:5000]
    stripped = head.lstrip().lower()
    if stripped.startswith(("<!doctype html", "<html", "<?xml")) and "<" in stripped[1:]:
        return True
    return len(_HTML_SNIFF.findall(head)) >= 3


# --------------------------------------------------------------------------- text -> lines


@dataclass
class _Line:
    """One source line: ``source[start:end]``, plus its folded text for classification."""

    start: int
    end: int
    key_text: str
    markdown_skip: int = 0  # leading characters to drop (a Markdown "## " marker)


def _lines(source: str, markdown: bool) -> Iterator[_Line]:
    start = 0
    breaks = list(_LINE_BREAK.finditer(source))
    ends = [(m.start(), m.end()) for m in breaks] + [(len(source), len(source))]
    for end, next_start in ends:
        raw = source[start:end]
        # Long lines are body paragraphs: classification only looks at their start and at
        # footer phrases, so they skip the folding that headers and datelines need.
        folded = raw.strip() if len(raw) > _LONG_LINE else _FOLD.sub(" ", raw).strip()
        skip = 0
        if markdown and folded:
            lead = len(raw) - len(raw.lstrip())
            heading = _MARKDOWN_HEADING.match(raw, lead)
            if heading:
                skip = heading.end()
                folded = _FOLD.sub(" ", raw[skip:]).strip()
            elif _MARKDOWN_RULE.match(folded):
                folded = ""
        if len(raw) <= _LONG_LINE and not unicodedata.is_normalized("NFC", folded):
            folded = unicodedata.normalize("NFC", folded)
        yield _Line(start, end, folded, skip)
        start = next_start


@dataclass
class _Found:
    """Metadata gathered while reading the lines."""

    title: str | None = None
    title_line: int | None = None
    published: str | None = None
    published_rank: int = 9  # see _Dateline.rank: a better-ranked date replaces a worse one
    publisher: str | None = None
    reference: str | None = None
    syndicated_by: str | None = None
    publisher_hint: str | None = None
    original_publisher: str | None = None  # "This article was originally published by …"
    credit: str | None = None  # a wire agency: "MEXICO CITY, Jan 3 (Meridian News) -", "— EFE"
    copyright_holder: str | None = None  # "© 2021 Hemisphere Press Agency.": spells out "(HPA)"
    site_publisher: str | None = None  # "Headline | UNHCR"
    warnings: list[str] = field(default_factory=list)

    def offer_date(self, iso: str | None, rank: int) -> None:
        """Keep ``iso`` unless a date of better rank was already found."""
        if iso and rank < self.published_rank:
            self.published, self.published_rank = iso, rank


def _classify(lines: list[_Line], known_title: str | None) -> tuple[list[int | None], _Found, bool]:
    """Decide which lines are release text.

    Returns the kept line indices in order, with ``None`` marking a paragraph break where
    lines were dropped, the metadata found, and whether the known title must be prepended
    (HTML pages whose extracted body does not repeat the headline).
    """
    rules = _rules()
    found = _Found()
    kept: list[int | None] = []
    state = "header"  # header -> after_title -> body
    first_body = True
    body_lines = 0  # kept lines after the headline; bylines only sit among the first few
    contact_block = 0  # lines still to inspect as part of a "For more information…" block
    prepend_title = False
    title_key = _loose(known_title) if known_title else None
    pending_label: str | None = None  # a field name whose value is on the next line

    for index, line in enumerate(lines):
        text = line.key_text
        if not text:
            kept.append(None)
            continue
        key = _line_key(text) if len(text) <= _LONG_LINE else ""
        lowered = text.casefold()

        # Syndication footer: this line and everything after it go.
        if lowered.startswith(rules.footer_prefix) or any(f in lowered for f in rules.footer_contains):
            _read_footer(lines, index, found)
            break

        if pending_label:
            # "Posted" / "5 Mar 2025": a field whose value sits on the next line
            joined, pending_label = f"{pending_label}: {text}", None
            dateline = _dateline(joined) if len(joined) <= 160 else None
            if (dateline and dateline.published) or _metadata_line(joined, _line_key(joined), found):
                if dateline:
                    found.offer_date(dateline.published, dateline.rank)
                kept.append(None)
                continue
        if len(text) <= 40 and rules.field_label.match(text):
            pending_label = text.rstrip(": ")
            kept.append(None)
            continue

        reference = _reference(text)
        if reference:
            found.reference = found.reference or reference
            kept.append(None)
            continue
        # In the body only a short line that is nothing but a date counts as the dateline.
        dateline = _dateline(text) if len(text) <= 160 else None
        if dateline and (state != "body" or len(text) < 60):
            found.offer_date(dateline.published, dateline.rank)
            found.reference = found.reference or dateline.reference
            # "July 14, 2022 - Ottawa, Ontario - Global Affairs Canada" names the issuer too
            found.publisher = found.publisher or dateline.publisher
            kept.append(None)
            continue
        if key and _metadata_line(text, key, found):
            kept.append(None)
            continue
        if key in rules.any_exact or any(r.search(text) for r in rules.any_regex):
            copyright_holder = rules.copyright_holder.match(text)
            if copyright_holder:
                found.copyright_holder = copyright_holder.group("name").strip()
            kept.append(None)
            continue
        if any(r.match(text) for r in rules.contact_line):
            # A phone or e-mail line ends a contact block whose name and address lines sit
            # right above it: "Press and Communication Unit, SG-SICA" / "Final Boulevard…".
            back = len(kept) - 1
            while back >= 0 and _address_like(kept, back, lines):  # one entry per line so far
                kept[back] = None
                back -= 1
            kept.append(None)
            continue
        if key in rules.contact_exact or lowered.startswith(rules.contact_prefix):
            contact_block = 12
            kept.append(None)
            continue
        if contact_block:
            # Names, e-mails and phone numbers under a contact heading; a section heading
            # ("About the MIRPS:") or a real paragraph ends the block.
            contact_block -= 1
            words = len(text.split())
            short = words <= 8 and not text.endswith(":")
            link = words <= 20 and text.startswith(("- ", "* ", "• "))  # "Associated links" lists
            if _EMAIL.search(text) or _PHONE.search(text) or short or link:
                kept.append(None)
                continue
            contact_block = 0

        if body_lines < 3:
            is_byline, named = _byline(text)
            if is_byline:  # an author line, not release text
                found.publisher = found.publisher or named
                kept.append(None)
                continue

        if state != "body":
            # Bylines first: "Secretariat of Foreign Affairs | Government of Mexico" also looks
            # like a row of section labels.
            publisher = _publisher_line(text)
            if publisher is None and state == "header":
                publisher = _institution_byline(lines, index) or _masthead(lines, index)
            if publisher:
                found.publisher = found.publisher or publisher
                kept.append(None)
                continue
            site_named = state == "header" and _split_site_suffix(text)[1] is not None
            if not site_named and (key in rules.header_exact or any(r.search(text) for r in rules.header_regex)):
                found.publisher_hint = found.publisher_hint or rules.header_publisher.get(key)
                kept.append(None)
                continue
            if state == "header" and _section_label(lines, index):
                kept.append(None)
                continue
            if state == "after_title" and found.title_line == index - 1 and text[0].islower():
                # a headline wrapped over two lines: "Central America, Mexico Pledge\nto Boost…"
                found.title = f"{found.title} {text}"
                found.title_line = index
                kept.append(index)
                continue
            if state == "header":
                if title_key is not None:
                    if _same_headline(text, title_key):
                        found.title, found.title_line = text, index
                        kept.append(index)
                        state = "after_title"
                        continue
                    prepend_title = True
                    found.title = known_title
                    state = "body"
                elif _title_like(text):
                    # "Headline | UNHCR": a page title copied with its site name
                    found.title, found.site_publisher = _split_site_suffix(text)
                    found.title_line = index
                    kept.append(index)
                    state = "after_title"
                    continue
                else:
                    state = "body"
            else:
                state = "body"

        body_lines += 1
        if first_body:
            first_body = False
            # An earlier dateline wins, unless it only dated a repost, edit or embargo.
            found.offer_date(opening_dateline(text), 1)
            found.credit = _wire_credit(text)
            wire = rules.wire_syndicator.search(text, 0, 200)
            if wire:  # "WASHINGTON, March 3, 2025 /PRNewswire/ --"
                found.syndicated_by = found.syndicated_by or rules.syndicator_alias.get(_line_key(wire.group("name")))
        kept.append(index)

    _drop_signature(kept, lines, found.title_line)
    if found.title is None and known_title:
        found.title, prepend_title = known_title, True
    return kept, found, prepend_title


def _read_footer(lines: list[_Line], index: int, found: _Found) -> None:
    """Who syndicated or first published a release, from the footer that starts at ``index``."""
    rules = _rules()
    text = lines[index].key_text
    lowered = text.casefold()
    implied: str | None = None
    names_publisher = False
    for phrase, (syndicator, names) in rules.footer_names.items():
        if lowered.startswith(phrase) or phrase in lowered:
            implied, names_publisher = syndicator, names
            break
    # The footer is short; its first lines name the syndicator ("Mirage.News does not take…").
    tail = " ".join(ln.key_text for ln in lines[index : index + 12])[:2000].casefold()
    for alias, name in rules.syndicator_alias.items():
        if alias in tail:
            found.syndicated_by = name
            break
    found.syndicated_by = found.syndicated_by or implied
    if names_publisher:
        found.original_publisher = _named_publisher(text[:300])


def _named_publisher(text: str) -> str | None:
    """The publisher a sentence names: "…originally published by the OAS", "Republished from X"."""
    rules = _rules()
    known = rules.publisher_mention.search(text)
    if known:
        return rules.publisher_alias.get(_line_key(known.group()), known.group())
    named = rules.original_publisher.search(text)
    return named.group("name").strip() if named else None


def _metadata_line(text: str, key: str, found: _Found) -> bool:
    """Read a line that only carries metadata (syndicator, source, wire credit); True drops it."""
    rules = _rules()
    syndicator = rules.line_syndicator.get(key) or (rules.syndicator_alias.get(key) if len(text) <= 40 else None)
    if syndicator is None and len(text) <= 60:
        via = rules.syndication_line.match(text)  # "via PR Newswire"
        syndicator = rules.syndicator_alias.get(_line_key(via.group("name"))) if via else None
    if syndicator:
        found.syndicated_by = found.syndicated_by or syndicator
        return True
    if len(text) > 100:
        return False
    source = rules.source_line.match(text)  # "Source: UNHCR" under a repost
    publisher = _publisher_line(source.group("name")) if source else None
    if publisher:
        found.publisher = found.publisher or publisher
        return True
    credit = rules.credit_line.match(text)  # "— EFE" closing a wire story
    publisher = _publisher_line(credit.group("name")) if credit else None
    if publisher:
        found.credit = found.credit or publisher
        return True
    return False


def _split_site_suffix(title: str) -> tuple[str, str | None]:
    """ "Headline | UNHCR" -> ("Headline", "UNHCR"): a known publisher after a bar is the site.

    Only a bar: a dash before a source is part of the genre's headline ("… – UNHCR").
    """
    head, bar, site = title.rpartition(" | ")
    if bar and len(head.split()) >= 3 and not _name_like(head):
        publisher = _publisher_line(site)
        if publisher:
            return head.strip(), publisher
    return title, None


def _wire_credit(paragraph: str) -> str | None:
    """The agency a wire dateline credits: "GUATEMALA CITY, Oct 14 (Reuters) —" -> "Reuters".

    Only a place (with or without a date) may precede the credit, so a parenthesis inside a
    sentence ("the Organization of American States (OAS) – a…") is never taken for one.
    """
    rules = _rules()
    head = paragraph[:200]
    m = rules.wire_credit.search(head)
    if not m or m.start() > 120:
        return None
    prefix = head[: m.start()]
    full_date = _date_at(prefix, 0, anchored=False)
    yearless = None if full_date else rules.yearless_date_tail.search(prefix)
    dated = bool(full_date or yearless)
    if full_date:
        prefix = prefix[: full_date[1]]
    elif yearless:
        prefix = prefix[: yearless.start()]
    name = m.group("name").strip()
    if not _is_place(prefix) or not name[:1].isupper() or len(name.split()) > 5:
        return None
    # Wire datelines write the place in capitals ("PANAMA CITY (Andes Wire) —") or date it; a
    # sentence's acronym ("The Organization of American States (OAS) – …") does neither.
    first = prefix.split()[0] if prefix.split() else ""
    if not dated and first and not first.isupper():
        return None
    return _publisher_line(name) or (name if _name_like(name) else None)


def _expand_acronym(acronym: str, found: _Found, text: str) -> str:
    """ "HPA" -> "Hemisphere Press Agency", from the copyright line or a "Name (HPA)" in the text."""
    if not (2 <= len(acronym) <= 6 and acronym.isupper() and acronym.isalpha()):
        return acronym
    candidates = [found.copyright_holder] if found.copyright_holder else []
    spelled = re.search(rf"((?:[A-Z][\w'’-]*\s+(?:[a-z]{{1,3}}\s+)?){{2,8}})\(\s*{re.escape(acronym)}\s*\)", text)
    if spelled:
        candidates.append(spelled.group(1).strip())
    for name in candidates:
        if "".join(w[0] for w in name.split() if w[0].isupper()) == acronym:
            return name
    return acronym


def _canonical_publisher(name: str | None) -> str | None:
    """A publisher's short name: aliases resolved, a ministry named as its government.

    "Ministry of Foreign Affairs of Guatemala" -> "Government of Guatemala", as the gold names
    government issuers; agencies and institutes keep their own names.
    """
    if not name:
        return None
    rules = _rules()
    known = rules.publisher_alias.get(_line_key(name))
    if known:
        return known
    for pattern in rules.government_lines:
        m = pattern.match(name.strip())
        if m:
            return "Government of " + rules.country_name[m.group("country").casefold()]
    return name


def _drop_signature(kept: list[int | None], lines: list[_Line], title_line: int | None) -> None:
    """Drop a closing sign-off naming the issuing office.

    "Communications Directorate / Ministry of Foreign Affairs", or the same over two lines:
    a last paragraph of at most four short lines of capitalised names, one naming an office.
    """
    rules = _rules()
    block: list[int] = []
    for position in range(len(kept) - 1, -1, -1):
        index = kept[position]
        if index is None:
            if block:
                break
            continue
        if index == title_line or len(block) == 4:
            return
        block.append(position)
    office = False
    for position in block:
        text = lines[kept[position] or 0].key_text
        parts = [p for p in re.split(r"\s[/|–—-]\s|,\s", text) if p]
        if len(text.split()) > 12 or text.endswith((".", "!", "?", ":", '"', "”")):
            return
        if not all(_name_like(p) for p in parts):
            return
        office = office or bool(rules.institution_word.search(text))
    if office:
        for position in block:
            kept[position] = None


def _address_like(kept: list[int | None], position: int, lines: list[_Line]) -> bool:
    index = kept[position]
    if index is None:
        return False
    text = lines[index].key_text
    return len(text.split()) <= 15 and not text.endswith((".", "!", "?", '"', "”", ":", "»"))


_SHARED_HEADLINE_WORDS = 6


def _same_headline(line: str, title_key: str) -> bool:
    """Is ``line`` the page's headline, perhaps without the site suffix its <title> carries?"""
    key = _loose(line)
    if key == title_key:
        return True
    if len(key) >= 15 and len(key) >= len(title_key) // 2 and (title_key.startswith(key) or title_key.endswith(key)):
        return True
    # the <h1> in full, the og:title shortened ("… de la CRM" for "… de la Conferencia Regional sobre Migración")
    a, b = key.split(), title_key.split()
    common = next((n for n, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return common >= _SHARED_HEADLINE_WORDS and common * 3 >= 2 * min(len(a), len(b))


def _loose(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFC", text).casefold() if c.isalnum())


def _reference(text: str) -> str | None:
    if len(text) > 80:
        return None
    for pattern in _rules().references:
        m = pattern.match(text)
        if m:
            return m.group("ref")
    return None


def _publisher_line(text: str) -> str | None:
    """The publisher named by a byline line ("OAS", "UNHCR, the UN Refugee Agency", "Source: OAS")."""
    if len(text) > 100:
        return None
    rules = _rules()
    label = rules.byline_label.match(text)
    if label and label.end():
        text = text[label.end() :]
    key = _line_key(text)
    if key in rules.publisher_alias:
        return rules.publisher_alias[key]
    parts = _TITLE_SEPARATOR.split(text)
    # "UNHCR - The UN Refugee Agency", "Secretariat of… | Government of Mexico", but not a
    # headline ending in its source: "Honduras: new law marks a turning point – UNHCR"
    if len(parts) > 1 and all(
        len(p.split()) <= 8 and (_name_like(p) or _line_key(p) in rules.header_exact) for p in parts
    ):
        for part in parts:
            if _line_key(part) in rules.publisher_alias:
                return rules.publisher_alias[_line_key(part)]
    return None


def _institution_byline(lines: list[_Line], index: int) -> str | None:
    """The publisher named by a header line such as "Ministry of Foreign Affairs of Guatemala".

    Such a line could also open a headline ("Government of Canada Announces…"), so it only
    counts as a byline when another headline-like line follows it before the body.
    """
    rules = _rules()
    text = lines[index].key_text
    if len(text.split()) > 15 or text.endswith("."):
        return None
    # "GENERAL SECRETARIAT OF THE ANDEAN COMMUNITY": a masthead in capitals reads as its title case
    named_as = text.title() if text.isupper() else text
    named = rules.institution_line.match(text) or (
        len(text.split()) <= 10 and rules.institution_word.search(named_as) and _name_like(named_as)
    )
    if not named:
        return None
    if _headline_follows(lines, index):
        # "Government of Spain - Ministry of Foreign Affairs…": the first part names it
        return _TITLE_SEPARATOR.split(text)[0].strip() or None
    return None


def _masthead(lines: list[_Line], index: int) -> str | None:
    """An issuer's name in capitals above a section label and the headline:
    "MESOAMERICA INTEGRATION AND DEVELOPMENT PROJECT" / "Executive Direction | News" / headline."""
    text = lines[index].key_text
    if not (text.isupper() and 2 <= len(text.split()) <= 10 and _name_like(text.title())):
        return None
    following = next((line.key_text for line in lines[index + 1 : index + 4] if line.key_text), "")
    if not (following and _is_header_chrome(following) and _headline_follows(lines, index)):
        return None
    return text.title()


def _headline_follows(lines: list[_Line], index: int, min_words: int = 1) -> bool:
    """Is the next line that is not header chrome a headline (and not another byline)?"""
    rules = _rules()
    for line in lines[index + 1 : index + 12]:
        following = line.key_text
        if not following or _is_header_chrome(following):
            continue
        if len(following.split()) < min_words or (min_words > 1 and following.endswith(".")):
            return False
        if any(g.match(following) for g in rules.government_lines) and len(following.split()) <= 8:
            continue  # a byline of two lines: "Ministerio de Relaciones Exteriores" / "República de Guatemala"
        return _title_like(following) and not rules.institution_line.match(following)
    return False


def _section_label(lines: list[_Line], index: int) -> bool:
    """A label above the headline: a site section ("WORLD NEWS") or a dateline's place alone
    ("Washington, D.C.", "Tegucigalpa, Honduras")."""
    text = lines[index].key_text
    words = len(text.split())
    if (text.isupper() and words <= 3) or (words <= 5 and _place_line(text)) or _label_row(text):
        return _headline_follows(lines, index)
    # "Americas", "Migration": a section name of a word or two over a longer headline
    return words <= 2 and text[0].isupper() and text[-1].isalpha() and _headline_follows(lines, index, 4)


def _label_row(text: str) -> bool:
    """ "News - Local", "Press Releases | 2025": a genre label with a short qualifier."""
    rules = _rules()
    parts = _TITLE_SEPARATOR.split(text)
    return len(parts) > 1 and _line_key(parts[0]) in rules.header_exact and all(len(p.split()) <= 3 for p in parts)


def _place_line(text: str) -> bool:
    """ "Tegucigalpa, Honduras", "Washington, D.C.": a city, then its country or state code."""
    place, comma, last = text.rstrip(" .,–—-").rpartition(",")
    last = last.strip()
    return bool(
        comma
        and _is_place(place)
        and (last.casefold() in _rules().country_name or re.fullmatch(r"(?:[A-Z]\.){1,3}[A-Z]?\.?", last))
    )


def _name_like(text: str) -> bool:
    """Capitalised words and the function words of names ("Guatemalan Institute of Migration")."""
    words = re.split(r"[\s,]+", text.strip())
    return all(not w or w[0].isupper() or w.casefold() in _NAME_LOWER for w in words)


def _byline(text: str) -> tuple[bool, str | None]:
    """Is ``text`` a byline ("By UNHCR staff", "Source: OAS"), and which publisher does it name?"""
    rules = _rules()
    label = rules.byline_label.match(text)
    if not label or not label.end() or not text[0].isupper() or len(text.split()) > 12:
        return False, None
    words = text[label.end() :].split()
    for size in range(min(len(words), 6), 0, -1):  # "UNHCR staff" -> UNHCR
        name = rules.publisher_alias.get(_line_key(" ".join(words[:size])))
        if name:
            return True, name
    rest = text[label.end() :]
    if ":" in rest:  # a headline such as "By the Numbers: Displacement…"
        return False, None
    outlet = rules.byline_outlet.match(rest)
    if outlet:
        # "By Jane Doe, Hemisphere Press Agency": an author, then the outlet that published it
        author = rules.byline_place.sub("", outlet.group("author"))
        name = outlet.group("outlet").strip()
        if (
            _is_author(author)
            and len(name.split()) <= 5
            and _name_like(name)
            and not rules.byline_place.search(name)
            and name.casefold() not in rules.country_name
        ):
            return True, _publisher_line(name) or name
    # An author's name ("By Jane Doe", "By Jane Doe in Tapachula, Mexico")
    return _is_author(rules.byline_place.sub("", rest)), None


def _is_author(text: str) -> bool:
    """One to three people's names: "Jane Doe", "Jane Doe and John Roe"."""
    words = text.split()
    return 1 <= len(words) <= 7 and _name_like(text) and not any(c.isdigit() for c in text)


def _is_header_chrome(text: str) -> bool:
    """A header line that is never release text: site section, dateline, reference, byline."""
    rules = _rules()
    key = _line_key(text)
    return bool(
        key in rules.header_exact
        or key in rules.any_exact
        or any(r.search(text) for r in rules.header_regex)
        or _reference(text)
        or standalone_dateline(text)
        or _publisher_line(text)
    )


def _title_like(text: str) -> bool:
    """Could this first line be a headline rather than a body paragraph?"""
    words = len(text.split())
    if words > 40 or len(text) > 300 or opening_dateline(text):
        return False
    return not (text.endswith(".") and words > 25)


# --------------------------------------------------------------------------- assembly


def _assemble(
    source: str,
    lines: list[_Line],
    kept: list[int | None],
    title_prefix: str | None,
    line_is_paragraph: bool = False,
) -> tuple[str, list[tuple[int, int]]]:
    """Join kept lines (NFC, spaces folded) and record offset anchors."""
    parts: list[str] = []
    anchors: list[tuple[int, int]] = []
    length = 0
    delta: int | None = None  # source offset minus text offset of the current anchor

    def emit(chunk: str, source_start: int) -> None:
        nonlocal length, delta
        if delta != source_start - length:
            anchors.append((length, source_start))
            delta = source_start - length
        parts.append(chunk)
        length += len(chunk)

    if title_prefix:
        parts.append(title_prefix)
        anchors.append((0, 0))
        length = len(title_prefix)
        delta = None

    pending_break = ""
    need_break = bool(parts)
    for index in kept:
        if index is None:
            if need_break:
                pending_break = "\n\n"
            continue
        line = lines[index]
        if need_break:
            separator = pending_break or ("\n\n" if line_is_paragraph else "\n")
            parts.append(separator)
            length += len(separator)
        pending_break = ""
        need_break = True
        cursor = line.start + line.markdown_skip
        first = True
        for run in _PIECE.finditer(source, cursor, line.end):
            if not first and _WHITESPACE.search(source, cursor, run.start()):
                emit(" ", cursor)
            chunk = run.group()
            if not chunk.isascii() and not unicodedata.is_normalized("NFC", chunk):
                chunk = unicodedata.normalize("NFC", chunk)
            emit(chunk, run.start())
            cursor = run.end()
            first = False
    return "".join(parts), anchors


def _language(text: str) -> str:
    """The body's language (see :mod:`mirps_nlp.language`)."""
    return detect_language(text).lang


def _build(
    source: str,
    *,
    label: str,
    path: str | None,
    url: str | None,
    warnings: list[str],
    markdown: bool = False,
    known_title: str | None = None,
    source_kind: Literal["decoded", "extracted"] = "decoded",
) -> tuple[Ingested, _Found]:
    lines = list(_lines(source, markdown))
    kept, found, prepend = _classify(lines, known_title)
    title_prefix = found.title if prepend else None
    # trafilatura writes one block element per line: each is a paragraph
    text, anchors = _assemble(source, lines, kept, title_prefix, line_is_paragraph=source_kind == "extracted")
    if not text.strip():
        raise InputError(f"{label}: has no release text once site headers and footers are removed")
    # A footer naming the originating body beats the header; a wire credit comes next, and the
    # genre label ("Briefing Notes") or a site name glued to the headline only when nothing else does.
    publisher = found.original_publisher or found.publisher
    if publisher is None and found.reference:
        publisher = _publisher_from_reference(found.reference)
    if publisher is None and found.credit:
        publisher = _expand_acronym(found.credit, found, text)
    publisher = _canonical_publisher(publisher or found.publisher_hint or found.site_publisher)
    if found.title is None:
        warnings.append("no headline found: the release starts with a body paragraph")
    offsets = OffsetMap(anchors, len(text), len(source), source_kind)
    result = Ingested(
        text=text,
        title=found.title,
        published=found.published,
        publisher=publisher,
        reference=found.reference,
        syndicated_by=found.syndicated_by,
        path=path,
        url=url,
        language=_language(text),
        warnings=warnings,
        offsets=offsets,
    )
    return result, found


def _publisher_from_reference(reference: str) -> str | None:
    for pattern, name in _rules().publisher_reference:
        if pattern.match(reference):
            return name
    return None


# --------------------------------------------------------------------------- public API


def ingest_path(path: str | Path) -> Ingested:
    """Read a release from a ``.txt``, ``.md``, ``.html`` or ``.htm`` file."""
    p = Path(path)
    label = str(p)
    try:
        try:
            info = p.stat()
        except FileNotFoundError:
            raise InputError(f"{label}: no such file") from None
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{label}: is a directory, not a file (use `mirps-nlp batch` for folders)")
        check_regular_file(label, info.st_mode)
        if info.st_size > MAX_BYTES:
            _check_size(info.st_size, label, [])
        data = _read_capped(p)
    except OSError as error:
        raise InputError(f"{label}: cannot be read ({error.strerror or error})") from error
    suffix = p.suffix.casefold()
    kind: Kind | None = "html" if suffix in _HTML_SUFFIXES else "text" if suffix in _TEXT_SUFFIXES else None
    markdown = suffix in _MARKDOWN_SUFFIXES
    return _ingest(data, label=label, path=str(path), url=None, kind=kind, markdown=markdown)


def check_regular_file(label: str, mode: int) -> None:
    """Refuse FIFOs, sockets and devices before opening them: reading one can block forever."""
    if stat.S_ISREG(mode):
        return
    what = (
        "a named pipe (FIFO)" if stat.S_ISFIFO(mode)
        else "a socket" if stat.S_ISSOCK(mode)
        else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "not a regular file"
    )
    raise InputError(f"{label}: is {what}, not a regular file; save the release to a file first")


def _read_capped(path: Path) -> bytes:
    """Read at most one byte past the limit, so a file that grows while read is still refused."""
    with path.open("rb") as handle:
        data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        _check_size(len(data), str(path), [])
    return data


def ingest_bytes(
    data: bytes,
    *,
    name: str | None = None,
    path: str | None = None,
    url: str | None = None,
    kind: Kind | None = None,
) -> Ingested:
    """Read a release from raw bytes (stdin, an HTTP body); ``kind`` None sniffs for markup."""
    label = name or path or url or "input"
    if kind is None and name:
        suffix = Path(name).suffix.casefold()
        kind = "html" if suffix in _HTML_SUFFIXES else "text" if suffix in _TEXT_SUFFIXES else None
    return _ingest(data, label=label, path=path, url=url, kind=kind, markdown=False)


def _ingest(
    data: bytes, *, label: str, path: str | None, url: str | None, kind: Kind | None, markdown: bool
) -> Ingested:
    warnings: list[str] = []
    _check_size(len(data), label, warnings)
    if not data.strip():
        raise InputError(f"{label}: is empty")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"{label}: looks like {what}, not a press release")
    if b"\x00" in data[:65536] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{label}: looks like binary data (contains NUL bytes), not a press release")
    text = _decode(data, label, warnings, kind)
    return _ingest_str(text, label=label, path=path, url=url, kind=kind, warnings=warnings, markdown=markdown)


def ingest_text(text: str, *, path: str | None = None, url: str | None = None, kind: Kind | None = None) -> Ingested:
    """Read a release from a string; ``kind`` None treats it as HTML if it looks like markup."""
    warnings: list[str] = []
    label = path or url or "input"
    _check_size(len(text), label, warnings)
    return _ingest_str(text, label=label, path=path, url=url, kind=kind, warnings=warnings, markdown=False)


def _ingest_str(
    text: str,
    *,
    label: str,
    path: str | None,
    url: str | None,
    kind: Kind | None,
    warnings: list[str],
    markdown: bool,
) -> Ingested:
    if text.startswith("\ufeff"):
        text = text[1:]
    if not _VISIBLE_CHAR.search(text):
        raise InputError(f"{label}: is empty")
    _check_not_binary(text, label)
    if kind == "html" or (kind is None and _looks_like_html(text)):
        text = _xml_safe(_drop_surrogates(text, warnings))
        return _ingest_html(text, label=label, path=path, url=url, warnings=warnings)
    if _SURROGATE.search(text):
        # Plain text keeps its offsets: normalisation deletes the surrogates with the invisibles.
        _drop_surrogates(text, warnings)
    result, _ = _build(text, label=label, path=path, url=url, warnings=warnings, markdown=markdown)
    return result


def ingest_html(html: str, *, path: str | None = None, url: str | None = None) -> Ingested:
    """Read a release from an HTML page: main text and metadata via trafilatura."""
    warnings: list[str] = []
    label = path or url or "input"
    _check_size(len(html), label, warnings)
    html = _drop_surrogates(html, warnings)
    if not html.strip():
        raise InputError(f"{label}: is empty")
    _check_not_binary(html, label)
    return _ingest_html(_xml_safe(html), label=label, path=path, url=url, warnings=warnings)


# --------------------------------------------------------------------------- HTML


@dataclass
class _PageMeta:
    text: str = ""
    title: str | None = None
    date: str | None = None
    sitename: str | None = None
    hostname: str | None = None


def _captions_as_paragraphs(html: str) -> str:
    """Photo captions name people ("Ana Ruiz, Vice Minister of Costa Rica, at the opening"),
    but extractors drop ``<figure>`` with its image: keep each caption as a paragraph."""
    if "figcaption" not in html.lower():
        return html
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
        captions = root.xpath("//figure[figcaption]")
        for figure in captions:
            paragraph = lxml.html.Element("p")
            paragraph.text = " ".join(figure.xpath("string(.//figcaption)").split())
            paragraph.tail = figure.tail
            figure.getparent().replace(figure, paragraph)
        return lxml.html.tostring(root, encoding="unicode") if captions else html
    # Markup lxml cannot rebuild: the page is still extracted, only without its captions.
    except Exception:  # noqa: BLE001
        return html


def _trafilatura(html: str, url: str | None, warnings: list[str]) -> _PageMeta:
    import trafilatura  # heavy import, only paid for HTML input

    html = _captions_as_paragraphs(html)
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_formatting=False,
            include_links=False,
            # Dates only from markup and URL: a full-text search would take "launched in
            # December 2019" for the publication date.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    # A third-party parser on arbitrary markup: a warning, never a traceback.
    except Exception as error:  # noqa: BLE001
        warnings.append(f"HTML extraction failed ({type(error).__name__}); used the page's plain text")
        return _PageMeta()
    if doc is None:
        return _PageMeta()
    get = doc.get if isinstance(doc, dict) else lambda name: getattr(doc, name, None)
    return _PageMeta(
        text=get("text") or "",
        title=get("title"),
        date=get("date"),
        sitename=get("sitename"),
        hostname=get("hostname"),
    )


_BLOCK_TAGS = (
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "section",
    "article",
    "blockquote",
    "pre",
    "header",
    "footer",
    "dd",
    "dt",
    "td",
    "th",
)


def _lxml_text(html: str) -> str:
    """Plain text of a page with one line per block element; the fallback when trafilatura finds nothing."""
    import lxml.html
    from lxml.etree import ParserError

    try:
        root = lxml.html.document_fromstring(html)
    except (ParserError, ValueError):
        return ""
    for bad in root.xpath("//script|//style|//noscript|//nav|//template|//head"):
        bad.drop_tree()
    for element in root.iter(*_BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
        if element.tag != "br":
            element.text = "\n" + (element.text or "")
    try:
        return str(root.text_content())
    except ValueError:
        return ""


def _ingest_html(html: str, *, label: str, path: str | None, url: str | None, warnings: list[str]) -> Ingested:
    rules = _rules()
    meta = _trafilatura(html, url, warnings)
    text = meta.text
    if not text.strip():
        text = _lxml_text(html)
        if text.strip():
            warnings.append("trafilatura found no main text; used the page's whole text content")
    if not text.strip():
        raise InputError(f"{label}: HTML page has no readable text")

    sitename = (meta.sitename or "").strip() or None
    if sitename and meta.title and _loose(sitename) == _loose(meta.title):
        sitename = None  # trafilatura took the wrong half of "<headline> - <site>"
    if sitename and " " not in sitename and "." in sitename:  # trafilatura falls back to the host name
        meta.hostname = meta.hostname or sitename
        sitename = None
    title = _clean_title(meta.title, sitename) if meta.title else None
    result, _ = _build(
        text, label=label, path=path, url=url, warnings=warnings, known_title=title, source_kind="extracted"
    )
    if result.published is None and meta.date and re.fullmatch(r"\d{4}-\d\d-\d\d", meta.date):
        result.published = meta.date

    host = (meta.hostname or (urlparse(url).hostname if url else None) or "").casefold()
    if sitename and result.syndicated_by is None:
        result.syndicated_by = rules.syndicator_alias.get(sitename.casefold())
    if result.syndicated_by is None and host:
        result.syndicated_by = _by_domain(host, rules.syndicator_domain)
    if result.publisher is None and sitename and result.syndicated_by is None:
        result.publisher = _publisher_line(sitename) or (sitename if len(sitename) <= 100 else None)
    if result.publisher is None and host:
        result.publisher = _by_domain(host, rules.publisher_domain)
    if result.publisher is None:
        result.publisher = _site_in_title(html)
    if result.reference is None and url:
        query = parse_qs(urlparse(url).query)
        for param in rules.url_reference_params:
            if query.get(param):
                result.reference = query[param][0]
                break
        if result.reference and result.publisher is None:
            result.publisher = _publisher_from_reference(result.reference)
    result.publisher = _canonical_publisher(result.publisher)
    return result


_HTML_TITLE = re.compile(r"<title[^>]*>([^<]{1,400})</title>", re.I)


def _site_in_title(html: str) -> str | None:
    """The issuer a page's <title> names after its headline.

    "<headline> - United States Department of State", "<headline> | Presidency of the Republic
    of Costa Rica" (trafilatura hands back the headline alone, so the raw tag is read).
    """
    m = _HTML_TITLE.search(html, 0, 100_000)
    if not m:
        return None
    parts = _TITLE_SEPARATOR.split(_FOLD.sub(" ", html_lib.unescape(m.group(1))).strip())
    if len(parts) < 2:
        return None
    for part in (parts[-1], parts[0]):
        name = _publisher_line(part)
        if name is None and _canonical_publisher(part) != part:
            name = _canonical_publisher(part)  # a government: "Presidency of the Republic of Costa Rica"
        if name:
            return name
    return None


def _by_domain(host: str, table: Iterable[tuple[str, str]]) -> str | None:
    host = host.removeprefix("www.")
    for domain, name in table:
        if host == domain or host.endswith("." + domain):
            return name
    return None


def _clean_title(title: str, sitename: str | None) -> str | None:
    """Drop site names and section labels glued to a page title ("OAS :: Press Releases :: X")."""
    rules = _rules()
    title = _FOLD.sub(" ", unicodedata.normalize("NFC", title)).strip()
    parts = _TITLE_SEPARATOR.split(title)
    chrome = {_line_key(sitename)} if sitename else set()

    def is_chrome(part: str) -> bool:
        key = _line_key(part)
        return (
            key in chrome
            or key in rules.header_exact
            or key in rules.publisher_alias
            or part.casefold() in rules.syndicator_alias
        )

    if len(parts) > 1:
        separators = _TITLE_SEPARATOR.findall(title)
        start, end = 0, len(parts)
        while start < end - 1 and is_chrome(parts[start]):
            start += 1
        while end - 1 > start and is_chrome(parts[end - 1]):
            end -= 1
        title = parts[start]
        for i in range(start + 1, end):
            title += separators[i - 1] + parts[i]
    return title or None
