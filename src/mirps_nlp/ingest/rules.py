"""The genre's rules as ingest reads them: the ``boilerplate`` and ``ingest_*`` tables and the calendar
words of ``dates_patterns.jsonl``, of every language folder, compiled once into the regular
expressions and sets :class:`_Rules` holds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from mirps_nlp.ingest.text import _FOLD

# --------------------------------------------------------------------------- data


def _read_jsonl(name: str) -> list[dict[str, Any]]:
    """The rows of ``name`` in every language folder, English first.

    Ingestion runs before the release's language is known (the language is read from the text
    it produces), and a release mixes them (a Spanish body under an English site header), so
    chrome and metadata rules of every language apply to every release."""
    # Imported here: `mirps_nlp.ingest.language` (the CLI's --help) must not pay for the schemas.
    from mirps_nlp.patterns import available_languages, read_patterns

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
    masthead_word: re.Pattern[str]
    place_word: re.Pattern[str]
    name_word: re.Pattern[str]
    publisher_alias: dict[str, str]
    publisher_domain: tuple[tuple[str, str], ...]
    publisher_reference: tuple[tuple[re.Pattern[str], str], ...]
    url_reference_params: tuple[str, ...]
    syndicator_alias: dict[str, str]
    syndicator_domain: tuple[tuple[str, str], ...]
    month_number: dict[str, int]
    date_forms: tuple[re.Pattern[str], ...]
    yearless_date_tail: re.Pattern[str]
    short_date: re.Pattern[str]
    syndication_header: re.Pattern[str]
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
    government_lines: tuple[_CountryPattern, ...]
    country_name: dict[str, str]
    publisher_mention: re.Pattern[str]


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


class _CountryPattern:
    """A ``{country}`` pattern compiled only when a line could match it.

    The alternation of every country name and alias (some 750) costs about 0.05 s to compile
    per pattern, and most releases never hold a line it matches. ``match`` first tries the same
    pattern with ``{country}`` standing for any run of as many characters as a name may have (a
    superset: no line it refuses can match the full pattern), so the answer is the full
    pattern's, always; the run is bounded, so the gate costs no more than the full pattern.
    """

    def __init__(self, pattern: str, country: str, lengths: tuple[int, int], flags: int) -> None:
        self._full_source = pattern.replace("{country}", country)
        self._flags = flags
        any_name = rf"(?P<country>[\s\S]{{{lengths[0]},{lengths[1]}}}?)"
        self._gate = re.compile(pattern.replace("{country}", any_name), flags)
        self._full: re.Pattern[str] | None = None

    def match(self, text: str) -> re.Match[str] | None:
        if self._gate.match(text) is None:
            return None
        if self._full is None:
            self._full = re.compile(self._full_source, self._flags)
        return self._full.match(text)


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
    lengths = (min(map(len, country_name), default=0), max(map(len, country_name), default=0))
    government_lines = tuple(
        _CountryPattern(r["pattern"], country, lengths, re.I) for r in metadata if r["kind"] == "government_line"
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

    # calendar words are the date recogniser's (dates_patterns.jsonl), of every language
    calendar = [r for r in _read_jsonl("dates_patterns.jsonl") if r["kind"] in ("numbers", "words")]
    month_number = {w.casefold(): n for r in calendar if r["name"] == "month_number" for w, n in r["values"].items()}
    weekdays = [w for r in calendar if r["name"] in ("weekday", "weekday_abbreviation") for w in r["words"]]
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
    # "Bogotá (sep. 10/24).": a month abbreviation, the day and a two-digit (or full) year
    short_date = re.compile(rf"\(\s*{month}\s*(?P<d>[0-3]?\d)\s*/\s*(?P<y>\d\d(?:\d\d)?)\s*\)", re.I)
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
        place_word=one("place_word"),
        name_word=re.compile(
            "|".join(r["pattern"] for r in metadata if r["kind"] in ("place_word", "name_word")) or "(?!)", re.I
        ),
        masthead_word=re.compile(
            "|".join(r["pattern"] for r in metadata if r["kind"] == "masthead_word") or "(?!)"
        ),
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
        short_date=short_date,
        syndication_header=one("syndication_header"),
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
