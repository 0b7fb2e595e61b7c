"""The figures component's word lists, read once from ``patterns/<lang>/figures_*.jsonl``.

Everything language-specific about figures lives in those files (number words, scale words,
qualifier phrases, currencies, time words, counted-noun heads, category cues) so that Spanish
("más de 1,8 millones de personas") is a new data directory, not new code. This module only
turns the rows into lookup tables; it holds no English.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from mirps_nlp.patterns import read_patterns, source_key

Row = dict[str, Any]


def read_jsonl(lang: str, filename: str) -> list[Row]:
    """Rows of ``patterns/<lang>/<filename>`` (see :func:`.common.read_patterns`)."""
    return read_patterns(lang, filename)


@dataclass(frozen=True)
class CategoryRule:
    """One category cue rule: the first rule whose cue appears in one of ``where`` wins."""

    category: str
    where: frozenset[str]
    cues: frozenset[str]
    phrases: tuple[str, ...]  # multi-word cues, matched against the joined lower-case words
    person_only: bool = False  # only when the counted head is a person noun ("beneficiaries")


@dataclass(frozen=True)
class FigureLexicon:
    """Lookup tables for one language (all keys lower-case)."""

    lang: str
    numbers: dict[str, int] = field(default_factory=dict)  # "seven" -> 7
    needs_article: frozenset[str] = frozenset()  # "a dozen"
    scales: dict[str, int] = field(default_factory=dict)  # "million" -> 10**6
    short_scales: frozenset[str] = frozenset()  # "m", "bn": only glued to digits or a currency
    articles: frozenset[str] = frozenset()  # "a", "an", "one" before a scale word
    fractions: dict[str, float] = field(default_factory=dict)  # "half" (a million)
    scale_only: frozenset[str] = frozenset()  # "one": a figure only with a scale word
    vague: tuple[str, ...] = ()  # "millions of"
    qualifiers_before: dict[str, str] = field(default_factory=dict)  # "more than" -> "more_than"
    qualifiers_after: dict[str, str] = field(default_factory=dict)  # "or more" -> "at_least"
    ambiguous_qualifiers: frozenset[str] = frozenset()  # "over", "under": also prepositions
    unit_prefixes: dict[str, str] = field(default_factory=dict)  # "US$" -> "USD"
    unit_suffixes: dict[str, str] = field(default_factory=dict)  # "euros" -> "EUR", "per cent" -> "%"
    context: dict[str, frozenset[str]] = field(default_factory=dict)  # kind -> words
    heads: dict[str, str | None] = field(default_factory=dict)  # "countries" -> "countries"
    person_heads: frozenset[str] = frozenset()  # "people", "families": who can benefit
    categories: tuple[CategoryRule, ...] = ()
    # number formats, in order of preference: (thousands separator, decimal mark)
    separators: tuple[tuple[str, str], ...] = ((",", "."),)
    word_parser: str | None = None  # "text2num": spelled numbers read by that library
    head_first: bool = False  # the counted noun comes before its modifiers ("personas desplazadas")
    then_digits: frozenset[str] = frozenset()  # scale words a digit group may follow: "78 mil 600"
    glued_prefixes: dict[str, str] = field(default_factory=dict)  # "Q" -> "GTQ", only glued to digits
    lower_months: bool = False  # month names are written lower-case ("4 y 5 de diciembre")
    large_only: frozenset[str] = frozenset()  # glued prefixes that need a large amount ("Q4" is a quarter)
    spaced_scaled: dict[str, str] = field(default_factory=dict)  # "L" -> "HNL" before "60 million" only

    def words(self, kind: str) -> frozenset[str]:
        """The context words of ``kind`` (empty when the language has none)."""
        return self.context.get(kind, frozenset())


def load_lexicon(lang: str = "en") -> FigureLexicon:
    """Build the tables for ``lang`` (cached: one read per process, language and patterns folder)."""
    return _load_lexicon(lang, source_key())


@cache
def _load_lexicon(lang: str, source: str) -> FigureLexicon:
    numbers: dict[str, int] = {}
    needs_article: set[str] = set()
    scales: dict[str, int] = {}
    short: set[str] = set()
    articles: set[str] = set()
    scale_only: set[str] = set()
    vague: list[str] = []
    fractions: dict[str, float] = {}
    then_digits: set[str] = set()
    for row in read_jsonl(lang, "figures_numbers.jsonl"):
        kind = row["kind"]
        if kind == "number":
            numbers[row["word"]] = int(row["value"])
            if row.get("needs_article"):
                needs_article.add(row["word"])
        elif kind == "scale":
            scales[row["word"]] = int(row["value"])
            if row.get("short"):
                short.add(row["word"])
            if row.get("then_digits"):
                then_digits.add(row["word"])
        elif kind == "article":
            articles.add(row["word"])
        elif kind == "scale_only":
            scale_only.add(row["word"])
        elif kind == "vague":
            vague.append(row["phrase"])
        elif kind == "fraction":
            fractions[row["word"]] = float(row["value"])

    before: dict[str, str] = {}
    after: dict[str, str] = {}
    ambiguous: set[str] = set()
    for row in read_jsonl(lang, "figures_qualifiers.jsonl"):
        target = before if row.get("position", "before") == "before" else after
        target[row["phrase"].lower()] = row["qualifier"]
        if row.get("ambiguous"):
            ambiguous.add(row["phrase"].lower())

    prefixes: dict[str, str] = {}
    suffixes: dict[str, str] = {}
    glued: dict[str, str] = {}
    large_only: set[str] = set()
    spaced_scaled: dict[str, str] = {}
    for row in read_jsonl(lang, "figures_units.jsonl"):
        if row.get("glued_only"):
            glued[row["phrase"]] = row["unit"]
            if row.get("large_only"):
                large_only.add(row["phrase"])
            if row.get("spaced_if_scaled"):
                spaced_scaled[row["phrase"]] = row["unit"]
            continue
        target = prefixes if row["position"] == "prefix" else suffixes
        target[row["phrase"]] = row["unit"]
    # every one-token prefix may also be glued to its digits: "BZ$1.2", "B/.500", "Q265"
    glued.update({p: u for p, u in prefixes.items() if " " not in p})

    separators: list[tuple[str, str]] = []
    word_parser: str | None = None
    head_first = False
    lower_months = False
    for row in read_jsonl(lang, "figures_formats.jsonl"):
        if row["kind"] == "separators":
            separators.append((row["thousands"], row["decimal"]))
        elif row["kind"] == "word_parser":
            word_parser = row["name"]
        elif row["kind"] == "noun_phrase":
            head_first = row["order"] == "head_first"
        elif row["kind"] == "months":
            lower_months = row["case"] == "lower"

    context = {
        row["kind"]: frozenset(w.lower() for w in row["words"]) for row in read_jsonl(lang, "figures_context.jsonl")
    }
    noun_rows = read_jsonl(lang, "figures_nouns.jsonl")
    heads = {row["head"].lower(): row.get("category") for row in noun_rows}
    person_heads = frozenset(row["head"].lower() for row in noun_rows if row.get("person"))
    categories = tuple(
        CategoryRule(
            category=row["category"],
            where=frozenset(row["where"]),
            cues=frozenset(c.lower() for c in row["cues"] if " " not in c),
            phrases=tuple(c.lower() for c in row["cues"] if " " in c),
            person_only=bool(row.get("person_only")),
        )
        for row in read_jsonl(lang, "figures_categories.jsonl")
    )
    return FigureLexicon(
        lang=lang,
        numbers=numbers,
        needs_article=frozenset(needs_article),
        scales=scales,
        short_scales=frozenset(short),
        articles=frozenset(articles),
        fractions=fractions,
        scale_only=frozenset(scale_only),
        vague=tuple(vague),
        qualifiers_before=before,
        qualifiers_after=after,
        ambiguous_qualifiers=frozenset(ambiguous),
        unit_prefixes=prefixes,
        unit_suffixes=suffixes,
        context=context,
        heads=heads,
        person_heads=person_heads,
        categories=categories,
        separators=tuple(separators) or ((",", "."),),
        word_parser=word_parser,
        head_first=head_first,
        then_digits=frozenset(then_digits),
        glued_prefixes=glued,
        large_only=frozenset(large_only),
        spaced_scaled=spaced_scaled,
        lower_months=lower_months,
    )


def spelled_parser(name: str | None, lang: str) -> Callable[[str], int | None] | None:
    """The reader of spelled numbers a language names in ``figures_formats.jsonl`` (None: the
    English-style tables of ``figures_numbers.jsonl`` compose them).

    ``text2num`` knows each language's number grammar ("ciento cincuenta mil", "veintitrés",
    "mil millones"), which word tables would have to spell out form by form.
    """
    if name is None:
        return None
    if name != "text2num":
        raise ValueError(f"patterns/{lang}/figures_formats.jsonl: unknown word parser {name!r}")
    from text_to_num import text2num

    def parse(words: str) -> int | None:
        try:
            return int(text2num(words, lang))
        except (ValueError, TypeError):
            return None

    return parse
