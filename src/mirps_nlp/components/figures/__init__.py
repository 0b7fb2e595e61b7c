"""mirps_figures: the numeric facts of a release ("more than 1.8 million people forcibly displaced").

Why rules and not a quantity parser: the genre states few figures but is full of numbers that
are not figures (years, dates, "VI Annual Meeting", "Cartagena +40", "E-002/24", phone numbers,
"COVID-19", "the next six months"). Generic parsers (quantulum3, Recognizers-Text) find the real
figures but bury them under those (precision ~0.2 on the seeds) and say nothing of *what* is
counted. This component scans tokens once, reads an amount (digits, number words, scale words,
currencies, percent), throws it away when its context says it is a label, a date or a duration,
and otherwise attaches its qualifier ("more than" -> ``more_than``), its counted noun phrase
with modifiers ("people who have been forcibly displaced" -> "people forcibly displaced"), its
scope ("in Central America and Mexico") and a rule-based category.

All words come from ``patterns/<lang>/figures_*.jsonl`` (see :mod:`.figures_lexicon`); the
per-doc work is one ``PhraseMatcher`` pass plus a linear token scan with dict lookups.

Vague amounts ("the millions of refugees") are left out by default; with
``keep_vague=True`` they are kept with ``value: None`` and a warning.

Ranges: "between 5 and 7 million people" gives two figures linked to each other, the lower
bound with ``at_least`` and the upper with ``up_to``. "from 5 to 7 million" is usually a change
over time and gives two unlinked figures (the scale word is shared in both cases).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from itertools import pairwise
from typing import Any

import numpy
from spacy.attrs import LOWER, PREFIX
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from mirps_nlp import extensions
from mirps_nlp.bounds import sentence_bounds
from mirps_nlp.components.actors.mentions import token_view
from mirps_nlp.components.base import MirpsComponent
from mirps_nlp.components.figures.counted import CountedReader
from mirps_nlp.components.figures.counted_head import HeadFirstReader
from mirps_nlp.components.figures.lexicon import FigureLexicon, load_lexicon, spelled_parser

# A number in one token ("24,000", "1.8", "1.800.000", "1,8"), built from the language's separators
# (``figures_formats.jsonl``): grouped thousands first, then a plain decimal, each format in turn.
_SUFFIX = r"(?P<suffix>[A-Za-z%]{1,3})?"


class NumberFormat:
    """Reads digits as the language writes them: "1.8 million" and "1,8 millones" are the same number.

    A separator followed by exactly three digits is a thousands separator ("1,500", "1.500" in a
    language that groups with both); otherwise it is the decimal mark of a format that has it.
    """

    def __init__(self, separators: tuple[tuple[str, str], ...]) -> None:
        grouped = [
            (rf"\d{{1,3}}(?:{re.escape(t)}\d{{3}})+(?:{re.escape(d)}\d+)?", t, d) for t, d in separators
        ]
        decimal = [(rf"\d+(?:{re.escape(d)}\d+)?", "", d) for d in dict.fromkeys(d for _, d in separators)]
        self._alternatives = [(re.compile(rf"^{pattern}$"), t, d) for pattern, t, d in grouped + decimal]
        number = "|".join(pattern for pattern, _, _ in grouped + decimal)
        self.amount = re.compile(rf"^(?P<num>{number}){_SUFFIX}$")
        self.range = re.compile(rf"^(?P<low>{number})[-–—](?P<high>{number}){_SUFFIX}$")
        self.thousands = frozenset(t for t, _ in separators)

    def value(self, num: str) -> Decimal | None:
        """The number ``num`` stands for, or None when no format reads it."""
        for pattern, thousands, decimal in self._alternatives:
            if pattern.match(num):
                text = num.replace(thousands, "") if thousands else num
                try:
                    return Decimal(text.replace(decimal, "."))
                except InvalidOperation:
                    return None
        return None

    def grouped(self, text: str) -> bool:
        """Does the token carry a thousands separator ("24,000")?"""
        return any(t in text for t in self.thousands)


_ENGLISH_FORMAT = NumberFormat(((",", "."),))
_AMOUNT_TOKEN = _ENGLISH_FORMAT.amount

CategoryClassifier = Callable[[str, dict[str, Any]], str | None]


@dataclass(frozen=True)
class Amount:
    """A number as read from tokens ``start:end`` (scale words included)."""

    start: int
    end: int
    value: Decimal
    spelled: bool  # written in words ("seven")
    scaled: bool  # a scale word followed ("1.8 million")
    plain: bool  # bare digits with no separator or decimal ("2023")
    unit: str | None = None  # glued unit: "20%"


@dataclass
class Found:
    """A figure while it is being built (token offsets)."""

    start: int
    end: int
    amount: Amount
    qualifier: str | None
    unit: str | None
    counted: str | None
    head: int | None  # token index of the counted head noun
    counted_end: int  # token after the counted phrase and its modifiers
    scope: str | None
    link: int | None = None  # offset (in this doc's figures) of the linked figure
    value_none: bool = False


def _hash_array(hashes: set[int]) -> numpy.ndarray:
    return numpy.array(sorted(hashes), dtype=numpy.uint64)


def _member(values: numpy.ndarray, table: numpy.ndarray) -> numpy.ndarray:
    """``values in table`` element-wise for a sorted ``table`` (a binary search: ``numpy.isin`` loops
    over the table when it is small, which costs more than a Python set lookup per token)."""
    if not len(table):
        return numpy.zeros(len(values), dtype=bool)
    at = numpy.minimum(numpy.searchsorted(table, values), len(table) - 1)
    return numpy.asarray(table[at] == values)


def _as_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


class FigureExtractor(MirpsComponent):
    """Finds figures and stores them in ``doc._.mirps_figures``.

    Args:
        nlp, name, lang, patterns: see :class:`~.base.MirpsComponent`.
        keep_vague: keep "millions of refugees" as a figure with ``value: None`` and a warning
            (default False: left out, as in the gold convention).
        context_window: tokens on each side that :func:`figure_context` returns.
    """

    pattern_files = (
        "figures_categories.jsonl",
        "figures_context.jsonl",
        "figures_formats.jsonl",
        "figures_nouns.jsonl",
        "figures_numbers.jsonl",
        "figures_qualifiers.jsonl",
        "figures_units.jsonl",
    )

    def __init__(
        self,
        nlp: Language,
        name: str = "mirps_figures",
        keep_vague: bool = False,
        context_window: int = 12,
        *,
        lang: str = "",
        patterns: str = "",
    ) -> None:
        self.keep_vague = keep_vague
        self.context_window = context_window
        super().__init__(nlp, name, lang=lang, patterns=patterns)

    def compile(self, nlp: Language) -> None:
        self.lex: FigureLexicon = load_lexicon(self.lang)
        # A later issue plugs a learned classifier in here; the rules stay the fallback.
        self.category_classifier: CategoryClassifier | None = None
        lex = self.lex
        self.format = NumberFormat(lex.separators)
        self.reader: CountedReader | HeadFirstReader = HeadFirstReader(lex) if lex.head_first else CountedReader(lex)
        self._parse_words = spelled_parser(lex.word_parser, lex.lang)
        # a currency glued to its digits ("BZ$1.2", "B/.500", "Q265"): one token the tokenizer leaves whole
        glued = sorted(lex.glued_prefixes, key=len, reverse=True)
        alternation = "|".join(re.escape(p) for p in glued)
        self._glued_token = re.compile(rf"^(?P<cur>{alternation})(?P<rest>\d.*)$") if glued else None
        self._glued_text = re.compile(rf"(?<![\w$./])(?:{alternation})\d") if glued else None
        self._range_from = lex.words("range_from")
        self._range_and = lex.words("range_and")
        self._range_to = lex.words("range_to")
        self._range_verb = lex.words("range_verb")
        self._range_skip = lex.words("range_skip")
        self._qualifier_links = lex.words("qualifier_link")
        self._date_links = lex.words("date_link")
        self._fraction_links = lex.words("fraction_link")  # "a quarter of a million"
        self._number_joins = lex.words("number_join")  # "one hundred and twenty"
        self._age_links = lex.words("age_link")  # "under the age of 18"
        self._denominator_links = [tuple(p.split()) for p in lex.words("denominator_link")]
        self._date_connectors = lex.words("date_connector")
        self._ratio_phrases = [tuple(p.split()) for p in lex.words("ratio_word") if " " in p]
        self._function = lex.words("function_word")
        self._time = lex.words("time_unit")
        self._months = lex.words("month")
        self._clock = lex.words("clock")
        self._ages = lex.words("age_noun")
        self._ratio = lex.words("ratio_word")
        self._multipliers = lex.words("multiplier")
        self._date_parts: set[int] = set()
        self._refs = lex.words("reference_noun")
        self._street = lex.words("street")
        self._phone = lex.words("phone_prefix")
        self._range_open = lex.words("range_open")
        self._range_join = lex.words("range_join")
        self._duration_mods = lex.words("duration_modifier")
        self._links = {" ".join(w.split()) for w in lex.words("conversion_link")}
        strings = nlp.vocab.strings
        self._digit_hashes = {strings.add(d) for d in "0123456789"}
        self._word_hashes = {
            strings.add(w) for w in {*lex.numbers, *lex.articles, *lex.scale_only, *lex.fractions}
        }
        self._month_hashes = {strings.add(w) for w in self._months}
        # the same hash sets as arrays: candidate tokens are found with numpy, not a Python loop
        self._digit_array = _hash_array(self._digit_hashes)
        self._word_array = _hash_array(self._word_hashes)
        self._month_array = _hash_array(self._month_hashes)
        self._article_array = _hash_array({strings.add(w) for w in lex.articles - set(lex.numbers)})
        self._after_article_array = _hash_array(
            {strings.add(w) for w in {*lex.scales, *lex.fractions, *lex.needs_article}}
        )
        self._matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._phrases: dict[str, dict[tuple[str, ...], str]] = {}
        self._labels: dict[int, str] = {}  # match id -> label, independent of the Doc's string store
        self._add_phrases(nlp, "QUAL_BEFORE", lex.qualifiers_before)
        self._add_phrases(nlp, "QUAL_AFTER", lex.qualifiers_after)
        self._add_phrases(nlp, "UNIT_PRE", lex.unit_prefixes)
        self._add_phrases(nlp, "UNIT_SUF", lex.unit_suffixes)
        self._add_phrases(nlp, "VAGUE", {p: p for p in lex.vague})

    def _add_phrases(self, nlp: Language, label: str, phrases: dict[str, str]) -> None:
        table: dict[tuple[str, ...], str] = {}
        docs = []
        for phrase, payload in phrases.items():
            doc = nlp.make_doc(phrase)
            table[tuple(t.lower_ for t in doc)] = payload
            docs.append(doc)
        self._phrases[label] = table
        self._labels[nlp.vocab.strings.add(label)] = label
        self._matcher.add(label, docs)

    # ------------------------------------------------------------------ per doc
    def annotate(self, doc: Doc) -> Doc:
        figures = extensions.items(doc, "mirps_figures")
        if not len(doc):
            return doc
        index = self._index_phrases(doc)
        # One pass over token attributes as arrays: no Token objects for the many plain words.
        attrs = doc.to_array([LOWER, PREFIX])
        lowers, firsts = attrs[:, 0], attrs[:, 1]
        words = _member(lowers, self._word_array)
        # an article starts an amount only before a scale word or a fraction: "a million", "a quarter of"
        follows = numpy.zeros(len(lowers), dtype=bool)
        follows[:-1] = _member(lowers[1:], self._after_article_array)
        words &= ~_member(lowers, self._article_array) | follows
        candidates = numpy.flatnonzero(words | _member(firsts, self._digit_array)).tolist()
        if self._glued_text is not None:
            candidates = sorted({*candidates, *self._glued_tokens(doc)})
        months = numpy.flatnonzero(_member(lowers, self._month_array)).tolist()
        self._date_parts = self._dates(doc, months) if months else set()
        found = self._scan(doc, index, candidates)
        self._link_conversions(doc, found)
        self._elided_nouns(doc, found)
        offset = len(figures)
        for item in found:
            figures.append(self._to_record(doc, item, offset))
        return doc

    def _glued_tokens(self, doc: Doc) -> list[int]:
        """Tokens that start with a currency glued to digits (one regex pass over the text)."""
        assert self._glued_text is not None
        out = []
        for m in self._glued_text.finditer(token_view(doc).doc_text):  # doc.text: a Token per word
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is not None and span[0].idx == m.start() and not span[0].text[0].isdigit():
                out.append(span[0].i)
        return out

    def _index_phrases(self, doc: Doc) -> dict[str, dict[int, tuple[int, str]]]:
        """Phrase matches keyed by their start token (``*_START``) and end token (``*_END``)."""
        index: dict[str, dict[int, tuple[int, str]]] = {}
        for match_id, start, end in self._matcher(doc):
            label = self._labels[match_id]
            payload = self._phrases[label].get(tuple(t.lower_ for t in doc[start:end]), "")
            by_start = index.setdefault(label + "_START", {})
            if start not in by_start or by_start[start][0] < end:
                by_start[start] = (end, payload)
            by_end = index.setdefault(label + "_END", {})
            if end not in by_end or by_end[end][0] > start:
                by_end[end] = (start, payload)
        if "UNIT_PRE_START" in index:
            self._release_currency_countries(doc, index["UNIT_PRE_START"])
        if "UNIT_SUF_START" in index:
            self._release_currency_countries(doc, index["UNIT_SUF_START"])
        return index

    def _dates(self, doc: Doc, months: list[int]) -> set[int]:
        """Day numbers chained to a month name: "14 and 15 November", "November 14 and 15, 2023"."""
        parts: set[int] = set()
        n = len(doc)
        for i in months:
            tok = doc[i]
            if not tok.is_title and not self.lex.lower_months:
                continue
            for step in (-1, 1):
                k = tok.i + step
                while 0 <= k < n and (
                    (doc[k].is_digit and len(doc[k].text) <= 2)
                    or doc[k].lower_ in self._date_connectors
                ):
                    if doc[k].is_digit:
                        parts.add(k)
                    k += step
        return parts

    def _scan(self, doc: Doc, index: dict[str, dict[int, tuple[int, str]]], candidates: list[int]) -> list[Found]:
        """Read an amount at each candidate token (a digit or a number word), left to right."""
        found: list[Found] = []
        vague = index.get("VAGUE_START", {})
        starts = sorted(set(candidates) | set(vague))
        done = 0  # tokens before this index belong to an earlier figure
        for i in starts:
            if i < done:
                continue
            if i in vague:
                end = vague[i][0]
                if self.keep_vague:
                    found.append(self._vague_figure(doc, i, end, index))
                done = end
                continue
            amounts = self._read_amount(doc, i)
            if not amounts:
                continue
            made = self._build(doc, amounts, index)
            found.extend(made)
            done = max([i + 1] + [a.end for a in amounts] + [f.end for f in made])
        return found

    # ------------------------------------------------------------------ reading numbers
    def _read_amount(self, doc: Doc, i: int) -> list[Amount]:
        """The amount(s) starting at token ``i``: one, two for a range ("5-7 million"), or none."""
        tok = doc[i]
        lex = self.lex
        low = tok.lower_
        first = tok.text[0]
        if first.isdigit():
            return self._read_digits(doc, i)
        if self._glued_token is not None and (glued := self._glued_token.match(tok.text)):
            return self._read_glued(doc, i, glued.group("cur"), glued.group("rest"))
        if self._parse_words is not None and (low in lex.numbers or low in lex.articles):
            return self._read_spelled(doc, i)
        if low in lex.fractions:
            return self._fraction_of_scale(doc, i, i)
        if low in lex.articles or low in lex.numbers:
            if low in lex.articles and i + 1 < len(doc):
                nxt = doc[i + 1].lower_
                if nxt in lex.fractions:  # "a quarter of a million", "a half million"
                    return self._fraction_of_scale(doc, i, i + 1)
                if nxt in lex.scales and nxt not in lex.short_scales:
                    return [self._scale(doc, Amount(i, i + 1, Decimal(1), True, False, False))]
                if nxt in lex.needs_article:
                    return [Amount(i, i + 2, Decimal(lex.numbers[nxt]), True, False, False)]
            if low not in lex.numbers or low in lex.scale_only or low in lex.needs_article:
                return []
            word_value = lex.numbers[low]
            end = i + 1
            # "twenty-four", "twenty four"
            if word_value >= 20 and word_value % 10 == 0 and end < len(doc):
                j = end + 1 if doc[end].text == "-" and not tok.whitespace_ else end
                if j < len(doc) and 0 < lex.numbers.get(doc[j].lower_, 0) < 10:
                    word_value += lex.numbers[doc[j].lower_]
                    end = j + 1
            return [self._scale(doc, Amount(i, end, Decimal(word_value), True, False, False))]
        return []

    def _read_glued(self, doc: Doc, i: int, currency: str, rest: str) -> list[Amount]:
        """"BZ$1.2 million", "B/.500,000", "Q265 mil": the currency is part of the amount's token."""
        m = self.format.amount.match(rest)
        if m is None or (m.group("suffix") is not None and m.group("suffix").lower() not in self.lex.scales):
            return []
        amount = self._digits_amount(doc, i, m.group("num"), m.group("suffix"))
        if amount is None:
            return []
        amount = self._scale(doc, replace(amount, unit=self.lex.glued_prefixes[currency], plain=False))
        if currency in self.lex.large_only and not amount.scaled and amount.value < 1000:
            return []  # "Q4 2024" is a quarter, "L2" a label
        return [amount]

    def _read_spelled(self, doc: Doc, i: int) -> list[Amount]:
        """Spelled numbers read by the language's parser ("ciento cincuenta mil", "dos millones"):
        the longest run of number words (and their joining words) that it accepts."""
        assert self._parse_words is not None
        lex = self.lex
        n = len(doc)
        k = i
        joins = lex.words("number_join")
        while k < n and (doc[k].lower_ in lex.numbers or doc[k].lower_ in lex.scales or (
            k > i and doc[k].lower_ in joins and k + 1 < n and doc[k + 1].lower_ in lex.numbers
        ) or (k == i and doc[k].lower_ in lex.articles)):
            k += 1
        for end in range(k, i, -1):
            words = [t.lower_ for t in doc[i:end]]
            if words[-1] in joins or (words[0] in lex.scale_only and end == i + 1):
                continue
            if len(words) == 1 and words[0] in lex.articles and words[0] not in lex.numbers:
                return []
            if end == i + 1 and words[0] in lex.scales and words[0] not in lex.numbers:
                return []
            value = self._parse_words(" ".join(words))
            if value is None:
                continue
            scaled = any(w in lex.scales for w in words)
            if words[-1] in lex.then_digits and end < n and doc[end].is_digit and len(doc[end].text) <= 3:
                value += int(doc[end].text)  # "mil 744"
                end += 1
            return [self._scale(doc, Amount(i, end, Decimal(value), True, scaled, False))]
        return []

    def _fraction_of_scale(self, doc: Doc, start: int, i: int) -> list[Amount]:
        """"half a million", "a quarter of a million", "a half million": a fraction of a scale word
        is an amount; a fraction of anything else ("a third of the funds", "half of them") is not."""
        lex = self.lex
        n = len(doc)
        j = i + 1
        if j < n and doc[j].lower_ in self._fraction_links:
            j += 1
        if j < n and doc[j].lower_ in lex.articles and doc[j].lower_ not in lex.scale_only:
            j += 1
        if j >= n or (j == i + 1 and doc[j].lower_ not in lex.scales):
            return []
        scale = doc[j].lower_
        if scale not in lex.scales or scale in lex.short_scales or lex.scales[scale] < 1000:
            return []
        value = Decimal(str(lex.fractions[doc[i].lower_])) * lex.scales[scale]
        return [self._scale(doc, Amount(start, j + 1, value, True, True, False))]

    def _read_digits(self, doc: Doc, i: int) -> list[Amount]:
        tok = doc[i]
        text = tok.text
        m = self.format.amount.match(text)
        if m is not None:
            amount = self._digits_amount(doc, i, m.group("num"), m.group("suffix"))
            if amount is None:
                return []
            return [self._scale(doc, amount)]
        r = self.format.range.match(text)
        if r is None:
            return []
        low = self._digits_amount(doc, i, r.group("low"), None)
        high = self._digits_amount(doc, i, r.group("high"), r.group("suffix"))
        if low is None or high is None:
            return []
        if all(a.plain and 1800 <= a.value <= 2100 for a in (low, high)) and r.group("suffix") is None:
            return []  # "2025-2026": a term, not a range of amounts
        return [low, self._scale(doc, high)]

    def _digits_amount(self, doc: Doc, i: int, num: str, suffix: str | None) -> Amount | None:
        if len(num) > 1 and num[0] == "0" and num[1] != ".":
            return None  # "0000", "007": codes and phone numbers
        value = self.format.value(num)
        if value is None:
            return None
        plain = num.isdigit()
        if suffix is None:
            return Amount(i, i + 1, value, False, False, plain)
        low = suffix.lower()
        if (low in self.lex.unit_suffixes and self.lex.unit_suffixes[low] == "%") or suffix == "%":
            return Amount(i, i + 1, value, False, False, plain, unit="%")
        if low in self.lex.scales:
            return Amount(i, i + 1, value * self.lex.scales[low], False, True, False)
        return None  # "77th", "10am", "3x"

    def _scale(self, doc: Doc, amount: Amount) -> Amount:
        """Multiply by the scale words that follow ("1.8 million", "two hundred and fifty")."""
        lex = self.lex
        j = amount.end
        value = amount.value
        scaled = amount.scaled
        n = len(doc)
        while j < n:
            tok = doc[j]
            low = tok.lower_
            if tok.text == "-" and j + 1 < n and not doc[j - 1].whitespace_ and doc[j + 1].lower_ in lex.scales:
                j += 1  # "1.8-million"
                continue
            if low not in lex.scales:
                break
            if low in lex.short_scales and (doc[j - 1].whitespace_ or amount.spelled):
                break  # "5 m" may be metres; "$5m" is glued
            value *= lex.scales[low]
            scaled = True
            j += 1
            if low in lex.then_digits and j < n and doc[j].is_digit and len(doc[j].text) <= 3:
                value += int(doc[j].text)  # "78 mil 600", "mil 744": a digit group after the scale word
                j += 1
            elif lex.scales[low] in (100, 1000) and j < n and self._parse_words is None:
                k = j + 1 if doc[j].lower_ in self._number_joins else j
                if k < n and doc[k].lower_ in lex.numbers and lex.numbers[doc[k].lower_] < lex.scales[low]:
                    extra = self._read_amount(doc, k)
                    if extra and not extra[0].scaled:
                        value += extra[0].value
                        j = extra[0].end
        if j == amount.end:
            return amount
        return replace(amount, end=j, value=value, scaled=scaled, plain=False)

    # ------------------------------------------------------------------ building figures
    def _build(self, doc: Doc, amounts: list[Amount], index: dict[str, dict[int, tuple[int, str]]]) -> list[Found]:
        n = len(doc)
        first = amounts[0]
        pair: list[Amount] = amounts
        is_range = len(amounts) == 2
        separate = False
        joint = first.end
        suffix = index.get("UNIT_SUF_START", {}).get(joint)
        if suffix is not None and suffix[0] < n and doc[suffix[0]].lower_ in self._range_join:
            joint = suffix[0]  # "between 15% and 25%": the unit written after each amount
        if not is_range and joint + 1 < n and doc[joint].lower_ in self._range_join:
            at = joint + 1
            if at + 1 < n and doc[at].lower_ in self._range_skip and doc[at + 1].text[:1].isdigit():
                at += 1  # "entre el 15 % y el 25 %": the article again before the upper bound
            pre = index.get("UNIT_PRE_START", {}).get(at)
            if pre is not None:
                at = pre[0]  # "between US$1 million and US$2 million"
            second = self._read_amount(doc, at) if at < n else []
            if len(second) == 1:
                if pre is not None and second[0].unit is None:
                    second = [replace(second[0], unit=pre[1])]
                join = doc[joint].lower_
                before = self._before_range(doc, first.start, index)
                opened = before is not None and doc[before].lower_ in self._range_open
                came_from = before is not None and doc[before].lower_ in self._range_from
                if came_from and before is not None and self._after_range_verb(doc, before):
                    came_from, opened = False, True  # "grants ranging from BZ$50,000 to BZ$200,000"
                if not self._range_compatible(first, second[0]):
                    pass  # "$12.4 million to 30 projects": two amounts of different things
                elif join in {"-", "–", "—"} or (join in self._range_and and opened) or (
                    join in self._range_to and not came_from
                ):
                    pair, is_range = [first, second[0]], True
                elif join in self._range_to and came_from:
                    pair, separate = [first, second[0]], True
        if len(pair) == 2:
            low, high = pair
            if not low.scaled and high.scaled:
                # "between 5 and 7 million": the scale word belongs to both; not "500,000 to 1.2 million"
                scale = self._shared_scale(doc, high)
                if scale and low.value < high.value / scale:
                    low = replace(low, value=low.value * scale, scaled=True, plain=False)
            if (low.unit or high.unit) and not (low.unit and high.unit):
                low, high = replace(low, unit=low.unit or high.unit), replace(high, unit=high.unit or low.unit)
            pair = [low, high]
            if any(self._rejected(doc, a, index, in_pair=True) for a in pair):
                return []
            if not separate and not (low.value < high.value):
                return []  # "301-0000", "2024-2023": not a range
        elif self._rejected(doc, first, index, in_pair=False):
            return []

        if is_range:
            return self._range_figures(doc, pair, index)
        return [f for f in (self._figure(doc, a, index) for a in pair) if f is not None]

    def _before_range(self, doc: Doc, start: int, index: dict[str, dict[int, tuple[int, str]]]) -> int | None:
        """The word before a first amount, past its currency and an article: "between [US$] 1",
        "entre [el] 70"."""
        pre = index.get("UNIT_PRE_END", {}).get(start)
        k = (pre[0] if pre is not None else start) - 1
        if k >= 0 and doc[k].lower_ in self._range_skip:
            k -= 1
        return k if k >= 0 else None

    def _after_range_verb(self, doc: Doc, k: int) -> bool:
        """Is the "from" at ``k`` the start of a span of values ("ranging from", "vary from") rather
        than of a change ("rose from 118,000 to 140,000": two figures)?"""
        return k > 0 and doc[k - 1].lower_ in self._range_verb

    def _range_compatible(self, low: Amount, high: Amount) -> bool:
        """Can two amounts joined by "to"/"and"/"-" be one range? Not when only the first is money
        or scaled ("$12.4 million to 30 projects") or when the second is smaller ("500 to 20 families")."""
        if low.unit and high.unit and low.unit != high.unit:
            return False
        if low.scaled and not high.scaled:
            return low.value < high.value
        return not ((low.unit or low.scaled) and not (high.unit or high.scaled) and high.value < low.value)

    def _shared_scale(self, doc: Doc, amount: Amount) -> int | None:
        for tok in doc[amount.start : amount.end]:
            if tok.lower_ in self.lex.scales:
                return self.lex.scales[tok.lower_]
        m = self.format.amount.match(doc[amount.start].text)
        if m and m.group("suffix") and m.group("suffix").lower() in self.lex.scales:
            return self.lex.scales[m.group("suffix").lower()]
        return None

    def _rejected(
        self, doc: Doc, a: Amount, index: dict[str, dict[int, tuple[int, str]]], in_pair: bool
    ) -> bool:
        """Is this number a year, a date, a time, a duration, a label, a code or a phone number?"""
        n = len(doc)
        s, e = a.start, a.end
        has_unit = a.unit is not None or s in index.get("UNIT_PRE_END", {}) or e in index.get("UNIT_SUF_START", {})
        # years and year ranges: "in 2023", "2024 Roadmap", "Agenda 2030", "2023-2024" (the commonest
        # case first: every check below rejects, so their order only changes the cost)
        if a.plain and not a.scaled and not has_unit and 1800 <= a.value <= 2100 and e - s == 1 and len(
            doc[s].text
        ) == 4:
            return True
        prev = doc[s - 1] if s > 0 else None
        nxt = doc[e] if e < n else None
        # glued to a code: "+40", "#5", "A-12", "RES/77"; followed by "/25", ":30"
        if prev is not None and not prev.whitespace_:
            if prev.text in {"+", "#", "№", "/", "\\", "-", "–", ".", ":"} and not in_pair:
                return True
            if prev.is_alpha and prev.text not in self.lex.unit_prefixes:
                return True
        glued = nxt is not None and not doc[e - 1].whitespace_
        code_marks = {"/", ":", ".", "\\"} if in_pair else {"/", ":", ".", "\\", "-", "–"}
        if glued and nxt is not None and nxt.text in code_marks and e + 1 < n and doc[e + 1].text[:1].isdigit():
            return True  # "301-0000", "2028/25", "10:30" (a valid range was read as a pair before)
        # dates: "24 January 2024", "January 24", "December 2019"
        if prev is not None and prev.lower_ in self._months:
            return True
        if nxt is not None and nxt.lower_ in self._months:
            return True
        if nxt is not None and nxt.lower_ in self._date_links and e + 1 < n and doc[e + 1].lower_ in self._months:
            return True
        if s in self._date_parts:
            return True  # "November 14 and 15", "27 and 28 June 2024"
        # ages: "under the age of 18", "aged 15"
        if prev is not None and (prev.lower_ in self._ages or (
            prev.lower_ in self._age_links and s > 1 and doc[s - 2].lower_ in self._ages
        )):
            return True
        # an age in apposition: "María, 34, kneads dough"
        if (
            prev is not None and prev.text == "," and nxt is not None and nxt.text == ","
            and s > 1 and doc[s - 2].is_title and not a.scaled and not has_unit
        ):
            return True
        # ratios: "one in three asylum-seekers", "4 out of 10"
        if s > 1 and prev is not None and prev.lower_ in self._ratio and (
            doc[s - 2].lower_ in self.lex.numbers or doc[s - 2].is_digit
        ):
            return True
        for phrase in self._denominator_links:  # "out of 10": a denominator, with or without a numerator
            if s > len(phrase) and tuple(t.lower_ for t in doc[s - len(phrase) : s]) == phrase:
                return True
        for phrase in self._ratio_phrases:  # "uno de cada cinco", "nine out of ten"
            k = s - len(phrase)
            if k > 0 and tuple(t.lower_ for t in doc[k:s]) == phrase and (
                doc[k - 1].lower_ in self.lex.numbers or doc[k - 1].is_digit
            ):
                return True
        # multipliers: "three times the 2019 level", "a 10-fold increase"
        hyphen_then = doc[e + 1].lower_ if nxt is not None and nxt.text == "-" and e + 1 < n else ""
        if nxt is not None and not has_unit and (nxt.lower_ in self._multipliers or hyphen_then in self._multipliers):
            return True
        # times: "10 a.m.", "at 3 pm"
        if nxt is not None and nxt.lower_ in self._clock and not has_unit:
            return True
        # durations: "every 12 months", "the next six months", "two consecutive years", "12-month"
        if not has_unit and self._duration_follows(doc, e):
            return True
        # labels: "Resolution 2028/25", "Article 22", "No. 5", "Goal 16"
        before = s - 1
        if before >= 0 and doc[before].text == "." and before > 0:
            before -= 1
        if before >= 0 and doc[before].lower_ in self._refs and not has_unit:
            return True
        # phone numbers and addresses
        if not a.spelled and self._after_phone_label(doc, s):
            return True  # "Tel: +507 …", "phone (507) …"
        if not a.spelled and not in_pair:
            if nxt is not None and nxt.text[:1].isdigit() and not a.scaled:
                return True  # "301 0000"
            if prev is not None and prev.text[:1].isdigit():
                return True
        if not a.spelled and not a.scaled and nxt is not None and nxt.is_title and any(
            doc[k].lower_ in self._street for k in range(e, min(n, e + 3))
        ):
            return True  # "1889 F Street NW"
        # footnotes and list labels: "(1)", "[2]", "1." at the start of a line
        if prev is not None and nxt is not None and prev.text in {"(", "["} and nxt.text in {")", "]"}:
            return True
        if doc[s].is_sent_start and nxt is not None and nxt.text in {".", ")"} and not a.scaled:
            return True
        # a number after a name is part of it: "Phase 2", "Windows 10" (unless it is clearly an amount)
        return bool(
            prev is not None
            and not a.scaled
            and not has_unit
            and prev.is_alpha
            and (prev.is_title or prev.is_upper)
            and not prev.is_sent_start
            and prev.lower_ not in self._function
            and s not in index.get("QUAL_BEFORE_END", {})
            and "," not in doc[s].text
        )

    def _after_phone_label(self, doc: Doc, s: int) -> bool:
        """Is the last word before token ``s`` (skipping digits and ":.()+", 4 tokens back) "Tel", "phone"…?"""
        for k in range(s - 1, max(-1, s - 5), -1):
            tok = doc[k]
            if tok.is_digit or tok.text in {":", ".", "(", ")", "+"}:
                continue
            return tok.lower_ in self._phone
        return False

    def _duration_follows(self, doc: Doc, e: int) -> bool:
        n = len(doc)
        j = e
        if j < n and doc[j].text in {"-", "–"} and not doc[j - 1].whitespace_:
            j += 1
        for _ in range(3):
            if j >= n:
                return False
            low = doc[j].lower_
            if low in self._time:
                return True
            if low not in self._duration_mods:
                return False
            j += 1
        return False

    def _figure(self, doc: Doc, a: Amount, index: dict[str, dict[int, tuple[int, str]]]) -> Found | None:
        core, end, unit = self._units(doc, a, index)
        qualifier, start = self._qualifier_before(doc, core, index)
        q_after = index.get("QUAL_AFTER_START", {}).get(end)
        if q_after is not None and qualifier is None:
            qualifier, end = q_after[1], q_after[0]
        counted = self.reader.read(doc, start, end, unit, core)
        if counted.name:
            return None  # a name: "17 Sustainable Development Goals"
        head = counted.head
        if qualifier is None and head is not None:
            q_after = index.get("QUAL_AFTER_START", {}).get(head + 1)
            if q_after is not None:
                qualifier = q_after[1]  # "150 commitments or more"
        if not self._plausible(doc, a, unit, head, qualifier, start, index):
            return None
        text_end = head + 1 if counted.direct and head is not None else end
        return Found(start, text_end, a, qualifier, unit, counted.text, head, max(counted.end, end), counted.scope)

    def _plausible(
        self,
        doc: Doc,
        a: Amount,
        unit: str | None,
        head: int | None,
        qualifier: str | None,
        start: int,
        index: dict[str, dict[int, tuple[int, str]]],
    ) -> bool:
        """Keep spelled numbers only with a known counted noun ("seven countries", not "two of")."""
        if unit is not None or a.scaled:
            return True
        if a.spelled:
            return head is not None  # "seven countries", "three lines of work"; not "two of them"
        if qualifier is not None and head is None:
            phrase = self._qualifier_phrase(doc, a.start, index)
            end = a.start
            while phrase and end > phrase[0] + 1 and doc[end - 1].lower_ in self._qualifier_links:
                end -= 1  # "hasta las 5": the phrase is "hasta"
            phrase_text = doc[phrase[0] : end].text.lower() if phrase else ""
            if phrase_text in self.lex.ambiguous_qualifiers and not self.format.grouped(doc[a.start].text):
                return False  # "children under 18", "over 10"
        return True

    def _units(
        self, doc: Doc, a: Amount, index: dict[str, dict[int, tuple[int, str]]]
    ) -> tuple[int, int, str | None]:
        start, end, unit = a.start, a.end, a.unit
        pre = index.get("UNIT_PRE_END", {}).get(a.start)
        if pre is not None:
            start, unit = pre[0], pre[1]
        elif unit is None and a.scaled and self._spaced_scaled_unit(doc, a.start) is not None:
            start, unit = a.start - 1, self._spaced_scaled_unit(doc, a.start)  # "L 60 million"
        suf = index.get("UNIT_SUF_START", {}).get(a.end)
        if suf is not None and (unit is None or unit == suf[1]):
            end, unit = suf[0], suf[1]
        return start, end, unit

    def _spaced_scaled_unit(self, doc: Doc, start: int) -> str | None:
        """A one-letter currency written apart from a scaled amount ("L 60 million", "Q 35 millones"),
        after a lower-case word or punctuation (not a label inside a name: "Annex L 2")."""
        if start < 1 or doc[start - 1].text not in self.lex.spaced_scaled:
            return None
        if start >= 2 and doc[start - 2].is_title and doc[start - 2].is_alpha:
            return None
        return self.lex.spaced_scaled[doc[start - 1].text]

    def _qualifier_before(
        self, doc: Doc, start: int, index: dict[str, dict[int, tuple[int, str]]]
    ) -> tuple[str | None, int]:
        q = self._qualifier_phrase(doc, start, index)
        if q is None:
            return None, start
        return q[1], q[0]

    def _qualifier_phrase(
        self, doc: Doc, start: int, index: dict[str, dict[int, tuple[int, str]]]
    ) -> tuple[int, str] | None:
        """The qualifier phrase ending at token ``start`` or before an article or a contraction
        that stands between it and the amount ("hasta un 40 %", "al menos el 30 %", "cercano al 7 %")."""
        ends = index.get("QUAL_BEFORE_END", {})
        q = ends.get(start)
        k = start
        while q is None and k > 0 and start - k < 2 and doc[k - 1].lower_ in self._qualifier_links:
            k -= 1
            q = ends.get(k)
        return q

    def _range_figures(
        self, doc: Doc, pair: list[Amount], index: dict[str, dict[int, tuple[int, str]]]
    ) -> list[Found]:
        """"between 5 and 7 million people": one figure, the lower bound with ``at_least`` (the gold
        convention); the upper bound is kept in the figure's text."""
        low, high = pair
        low_start, _, unit_low = self._units(doc, low, index)
        _, high_end, unit_high = self._units(doc, high, index)
        unit = unit_low or unit_high
        start = low_start
        skip = start > 1 and doc[start - 1].lower_ in self._range_skip
        if skip and doc[start - 2].lower_ in self._range_open:
            start -= 2  # "entre el 70 y 80 por ciento"
        elif start > 0 and doc[start - 1].lower_ in self._range_open:
            start -= 1
        elif start > 0 and doc[start - 1].lower_ in self._range_from and self._after_range_verb(doc, start - 1):
            start -= 1  # "ranging from US$3 million to US$5 million": the span of values, "from" included
        counted = self.reader.read(doc, start, high_end, unit)
        if counted.name:
            return []
        head = counted.head
        text_end = head + 1 if counted.direct and head is not None else high_end
        end = max(counted.end, high_end)
        return [Found(start, text_end, low, "at_least", unit, counted.text, head, end, counted.scope)]

    def _vague_figure(self, doc: Doc, s: int, e: int, index: dict[str, dict[int, tuple[int, str]]]) -> Found:
        counted = self.reader.read(doc, s, e, None)
        head = counted.head
        text_end = head + 1 if counted.direct and head is not None else e
        amount = Amount(s, e, Decimal(0), True, False, False)
        extensions.warn(doc, f"vague amount kept without a value: {doc[s:text_end].text!r}")
        return Found(s, text_end, amount, None, None, counted.text, head, max(counted.end, e), counted.scope,
                     value_none=True)

    # ------------------------------------------------------------------ links, categories, records
    def _link_conversions(self, doc: Doc, found: list[Found]) -> None:
        """"6.3 million euros (US$ 7.6 million)": two money figures, one fact."""
        for idx, item in enumerate(found):
            if item.link is not None:
                item.link = idx + item.link
        for idx in range(len(found) - 1):
            a, b = found[idx], found[idx + 1]
            if a.link is not None or b.link is not None:
                continue
            if not a.unit or not b.unit or a.unit == b.unit or "%" in (a.unit, b.unit):
                continue
            between = " ".join(doc[a.end : b.start].text.split())
            if between in self._links or between.lower() in self._links:
                a.link, b.link = idx + 1, idx
                if a.counted is None and b.counted is None and b.end < len(doc) and doc[b.end].text == ")":
                    # "6.3 million euros (US$ 7.6 million) in new contributions": read past the bracket
                    counted = self.reader.read(doc, b.start, b.end + 1, b.unit)
                    a.counted, a.scope = counted.text, a.scope or counted.scope
                if b.counted is None:
                    b.counted, b.scope = a.counted, a.scope

    def _elided_nouns(self, doc: Doc, found: list[Found]) -> None:
        """A bare number that repeats an earlier count of the same sentence counts the same thing:
        "more than 140,000 asylum claims in 2023, up from about 118,000"; "3,500 on Tuesday"."""
        _, sent_of = sentence_bounds(doc)
        for prev, item in pairwise(found):
            if (
                item.counted is None
                and item.unit is None
                and prev.unit is None
                and prev.counted is not None
                and not item.value_none
                and sent_of[prev.start] == sent_of[item.start]
            ):
                item.counted = prev.counted

    def rule_category(self, doc: Doc, item: Found) -> str:
        """The category from cue words (the fallback behind any learned classifier)."""
        if item.unit == "%":
            return "percent"
        if item.unit is not None:
            return "money"
        sent_start = sentence_start(doc, item.start)
        before = {t.lower_ for t in doc[max(sent_start, item.start - 4) : item.start]}
        after_end = min(len(doc), item.counted_end + 3)
        after = {t.lower_ for t in doc[item.counted_end : after_end]}
        counted_words = set((item.counted or "").lower().replace("-", " ").split()) | {
            (item.counted or "").lower()
        }
        head = doc[item.head].lower_ if item.head is not None else ""
        fields = {"before": before, "after": after, "counted": counted_words, "head": {head}}
        counted_text = (item.counted or "").lower()
        person = head in self.lex.person_heads
        # Cues in the figure itself and just before it first, then the words after it:
        # "displaced people" wins over "... seeking asylum" later in the sentence.
        for fields_now in (("before", "counted", "head"), ("after",)):
            for rule in self.lex.categories:
                if rule.person_only and not person:
                    continue
                for where in fields_now:
                    if where not in rule.where:
                        continue
                    if fields[where] & rule.cues:
                        return rule.category
                    if where == "counted" and any(p in counted_text for p in rule.phrases):
                        return rule.category
        return self.lex.heads.get(head) or "other"

    def _to_record(self, doc: Doc, item: Found, offset: int) -> dict[str, Any]:
        start_char = doc[item.start].idx
        end_tok = doc[item.end - 1]
        end_char = end_tok.idx + len(end_tok.text)
        category = self.rule_category(doc, item)
        if self.category_classifier is not None:
            context = figure_context(doc, start_char, end_char, self.context_window)
            learned = self.category_classifier(context, {"counted": item.counted, "unit": item.unit})
            category = learned or category
        confidence = 0.9
        if item.counted is None and item.unit is None:
            confidence = 0.6
        elif item.amount.spelled:
            confidence = 0.8
        return {
            "text": doc[item.start : item.end].text,  # (doc.text would rebuild the whole text)
            "value": None if item.value_none else _as_number(item.amount.value),
            "qualifier": item.qualifier,
            "counted": item.counted,
            "category": category,
            "unit": item.unit,
            "scope": item.scope,
            "linked_to": None if item.link is None else offset + item.link,
            "start": start_char,
            "end": end_char,
            "confidence": 0.5 if item.value_none else confidence,
        }

    # ------------------------------------------------------------------ actors
    def _release_currency_countries(self, doc: Doc, units: dict[int, tuple[int, str]]) -> None:
        """The "US" of "US $ 5 million" / "US dollars" is a currency, not the United States:
        drop country mentions the actors component found inside a currency phrase."""
        group = doc.spans.get(extensions.ACTOR_SPANS)
        if group is None or not len(group):
            return
        inside: set[int] = set()
        for start, (end, _unit) in units.items():
            if end - start > 1:
                inside.update(range(start, end))
        if not inside:
            return
        keep: list[Span] = []
        dropped: set[str] = set()
        for span in group:
            if span.label_ == "COUNTRY" and all(t.i in inside for t in span):
                dropped.add(span.id_)
            else:
                keep.append(span)
        if not dropped:
            return
        doc.spans[extensions.ACTOR_SPANS] = keep
        still = {s.id_ for s in keep}
        actors = doc._.mirps_actors
        if actors:
            doc._.mirps_actors = [a for a in actors if a.get("id") not in dropped or a.get("id") in still]


def figure_context(doc: Doc, start_char: int, end_char: int, window: int = 12) -> str:
    """The words around a figure inside its sentence: the input a learned category classifier
    sees ("financed by Spain, benefiting more than 24,000 displaced people across …")."""
    text = token_view(doc).doc_text  # doc.text and Span.text build a Token per word
    span = doc.char_span(start_char, end_char, alignment_mode="expand")
    if span is None:
        return text[max(0, start_char - 80) : end_char + 80]
    lo = sentence_start(doc, span.start, window)
    bounds, sent_of = sentence_bounds(doc)
    sentence_end = bounds[sent_of[span.end - 1]][1] if bounds else len(doc)
    hi = max(span.end, min(sentence_end, span.end + window))
    first, final = doc[max(lo, span.start - window)], doc[hi - 1]
    return text[first.idx : final.idx + len(final)]


def sentence_start(doc: Doc, i: int, limit: int = 80) -> int:
    """The first token of token ``i``'s sentence, at most ``limit`` tokens back (from the per-Doc
    cache of :func:`.common.sentence_bounds`: ``token.sent`` builds a Span per call)."""
    bounds, sent_of = sentence_bounds(doc)
    if not bounds:
        return i
    return max(bounds[sent_of[i]][0], i - limit)


@Language.factory(
    "mirps_figures",
    default_config={"keep_vague": False, "context_window": 12, "lang": "", "patterns": ""},
    assigns=["doc._.mirps_figures"],
)
def make_figures(
    nlp: Language, name: str, keep_vague: bool, context_window: int, lang: str, patterns: str
) -> FigureExtractor:
    return FigureExtractor(
        nlp, name, keep_vague=keep_vague, context_window=context_window, lang=lang, patterns=patterns
    )
