"""Metadata lines: datelines (standalone or opening the first paragraph), reference codes,
publishers, syndicators, bylines and wire credits, gathered into :class:`_Found`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from mirps_nlp.ingest.rules import _line_key, _rules
from mirps_nlp.ingest.text import _FOLD

_TITLE_SEPARATOR = re.compile(r"\s+(?:\||::|-|–|—|»)\s+")


# --------------------------------------------------------------------------- dates

# What may follow a standalone dateline: a time and zone, bare or in brackets ("January 24, 2024 -
# 10:30 am EST", "07/12/2022 16:20 (GMT-6)").
_AFTER_DATELINE = re.compile(
    r"[\s,.|–—-]*(?:(?:at\s+)?\d{1,2}[:.h]\d\d(?:\s*[ap]\.?\s?m\.?)?(?:\s*\(?[A-Z]{2,5}(?:[+-]\d{1,2}(?::?\d\d)?)?\)?)?)?[\s.]*$",
    re.I,
)
_LEADING_TIME = re.compile(r"\d{1,2}[:.]\d\d\s*(?:h|hrs?\.?)?\s*[-–—|,]\s*", re.I)
_YEAR = re.compile(r"(?:19|20)\d\d")
_DATELINE_STOP = re.compile(r"\.\s+\S")
_DATELINE_TAIL_SEPARATOR = re.compile(r"\s*(?:^|\s)[-–—|]\s+")
# What ends a dateline that opens the first paragraph: "San Salvador, 12 December 2020 –".
# "GENEVA (24 January 2024) –", "…, 2024 (OAS) —", "…, 2024 /PRNewswire/ --"; Spanish ".–" and ".-"
_DATELINE_END = re.compile(
    r"\)?\.?\s*(?:\([^()\n]{1,40}\)\s*|/[^/\n]{1,30}/\s*)?\.?[–—―:|-]"
    r"|\s*\([^()\n]{1,40}\)\.?\s+(?=[A-ZÁÉÍÓÚÑ])"  # Prensa Latina: "San José, 16 feb 2024 (PL) Autoridades"
)


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
    place: str | None = None  # "Quito, 30 de junio de 2028": the city the release is written from


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
    clock = None if pos else _LEADING_TIME.match(text)  # "22:19 h - Mar, 4 Abr 2028"
    if clock and _date_at(text, clock.end()):
        pos = clock.end()
    found = _date_at(text, pos)
    if found is None:
        found = _date_at(text, pos, anchored=False)
        if found is None or not _is_place(text[pos : found[1]]):
            return None
    iso, start, end = found
    place = _place_part(text[pos:start])
    if _AFTER_DATELINE.match(text, end):
        return _Dateline(iso, rank, place=place)
    tail = text[end:].strip(" ,")
    by = rules.byline_label.match(tail)
    if by and by.end() and len(tail.split()) <= 9 and _name_like(tail[by.end() :]):
        # "Published on 03 Mar 2025 by UNHCR"
        return _Dateline(iso, rank, publisher=_publisher_line(tail[by.end() :]), place=place)
    # "December 14, 2022 - Ottawa, Ontario - Global Affairs Canada": place and issuer after the date
    rest = _DATELINE_TAIL_SEPARATOR.split(tail)
    if rest and not rest[0]:
        rest = rest[1:]
    if rest and len(rest) <= 4 and all(part and _is_place(part) for part in rest):
        return _Dateline(iso, rank, publisher=next(filter(None, map(_publisher_line, rest)), None), place=place)
    return None


def _place_part(prefix: str) -> str | None:
    """The place before a dateline's date ("Quito, ", "San José, Costa Rica, "), or None."""
    place = prefix.strip().rstrip(",/ (–—-").strip()
    return place if place and _is_place(place) else None


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
    found = opening(paragraph)
    return found.published if found else None


def opening(paragraph: str) -> _Dateline | None:
    """The date and place of a dateline opening a paragraph, or None.

    "Tegucigalpa, 30 de junio de 2028. La…" (date and place), "Santo Domingo, 30 de junio de
    2028 (SG-SICA). La…", "Bogotá (sep. 10/24). El…"; a dateline without a year gives its place
    only: "CIUDAD DE GUATEMALA (EFE).- …", "Panamá, 12 may (Prensa Latina) Panamá…", "Lima.- …".
    """
    head = paragraph[:160]
    found = _date_at(head, 0, anchored=False)
    if found is None:
        return _short_dated(head) or _undated_opening(head)
    iso, start, end = found
    if head[:start].strip() and not head[:start].rstrip().endswith((",", "(", "–", "—", "-")):
        # "Santo Domingo, 30 de junio": the weekday the date read ("Domingo") ends the place
        word = re.match(r"\S+\s*", head[start:])
        later = _date_at(head, start + word.end()) if word else None
        if later is None or not head[start : later[1]].rstrip().endswith(","):
            return None
        iso, start, end = later
    if not _is_place(head[:start]):
        return None
    place = _place_part(head[:start])
    if _DATELINE_END.match(head, end):
        return _Dateline(iso, place=place)
    # "Belmopan, January 25, 2024. The Government…": a full stop ends it only after a place
    if head[:start].rstrip().endswith(",") and _DATELINE_STOP.match(head, end):
        return _Dateline(iso, place=place)
    return None


_SHORT_END = re.compile(r"\.?\s*[–—―:-]|\.?\s+(?=[A-ZÁÉÍÓÚÑ])")


def _short_dated(head: str) -> _Dateline | None:
    """ "Bogotá (sep. 10/24). El canciller…": a place, then month, day and year in brackets."""
    rules = _rules()
    m = rules.short_date.search(head, 0, 80)
    if not m or not _place_part(head[: m.start()]) or not _SHORT_END.match(head, m.end()):
        return None
    month = rules.month_number.get(m.group("m").casefold(), 0)
    year = int(m.group("y")) + (2000 if len(m.group("y")) == 2 else 0)
    try:
        iso = date(year, month, int(m.group("d"))).isoformat()
    except ValueError:
        return None
    return _Dateline(iso, place=_place_part(head[: m.start()]))


# A place-only dateline ends in a dash glued to a full stop ("Lima.- ", "(EFE).-"), in a wire
# credit before a dash or a capital ("(Prensa Latina) Panamá…"), or, after a place in capitals,
# in a dash set off by spaces ("BELMOPAN – ").
_UNDATED_END = re.compile(
    r"(?P<credit>\s*\([^()\n]{1,40}\))?(?:\.[–—―-]+\s*|\s+[–—―-]+\s+|(?<=\))\.?\s+(?=[A-ZÁÉÍÓÚÑ]))"
)


def _undated_opening(head: str) -> _Dateline | None:
    """The place of a dateline without a year: "CIUDAD DE GUATEMALA (EFE).-", "Lima.-"."""
    rules = _rules()
    for m in _UNDATED_END.finditer(head, 0, 90):
        prefix = head[: m.start()]
        yearless = rules.yearless_date_tail.search(prefix)
        if yearless:  # "Panamá, 12 may (Prensa Latina)"
            prefix = prefix[: yearless.start()]
        place = _place_part(prefix)
        if not place or len(place.split()) > 5:
            return None
        spaced_dash = not m.group("credit") and not head[m.start() :].startswith(".")
        if spaced_dash and not (place.isupper() or yearless):
            return None  # "The Government of Panama – through…" is a sentence, not a dateline
        return _Dateline(None, place=place)
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
    # the function words a place name may contain ("Ciudad de Guatemala", "Port of Spain"): rows
    place_word = _rules().place_word
    return all(not w or w[0].isupper() or place_word.fullmatch(w) for w in words)


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
    dateline_place: str | None = None  # the place of the first dateline line ingestion dropped
    warnings: list[str] = field(default_factory=list)

    def offer_date(self, iso: str | None, rank: int) -> None:
        """Keep ``iso`` unless a date of better rank was already found."""
        if iso and rank < self.published_rank:
            self.published, self.published_rank = iso, rank


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
    head, _, country = key.partition(" ")
    if head in rules.publisher_alias and country in rules.country_name:
        return rules.publisher_alias[head]  # a country office: "ACNUR Costa Rica", "IOM Guatemala"
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


def _name_like(text: str) -> bool:
    """Capitalised words and the function words of names ("Guatemalan Institute of Migration")."""
    words = re.split(r"[\s,]+", text.strip())
    name_word = _rules().name_word
    return all(not w or w[0].isupper() or name_word.fullmatch(w) for w in words)


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


def _publisher_from_reference(reference: str) -> str | None:
    for pattern, name in _rules().publisher_reference:
        if pattern.match(reference):
            return name
    return None
