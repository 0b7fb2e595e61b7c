"""Which lines are release text: headers, footers, contact blocks, share buttons and signatures
are dropped (:func:`_classify`), the rest assembled into an :class:`Ingested` (:func:`_build`).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

from mirps_nlp.errors import InputError
from mirps_nlp.ingest.language import detect as detect_language
from mirps_nlp.ingest.metadata import (
    _TITLE_SEPARATOR,
    _byline,
    _canonical_publisher,
    _dateline,
    _expand_acronym,
    _Found,
    _is_place,
    _metadata_line,
    _name_like,
    _named_publisher,
    _publisher_from_reference,
    _publisher_line,
    _reference,
    _split_site_suffix,
    _wire_credit,
    opening,
    opening_dateline,
    standalone_dateline,
)
from mirps_nlp.ingest.rules import _line_key, _rules
from mirps_nlp.ingest.text import _LONG_LINE, Ingested, OffsetMap, _assemble, _Line, _lines

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"\+?\(?\d[\d\s().-]{7,}\d")


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
    opened = False  # an opening dateline was read from a body paragraph
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

        header = rules.syndication_header.match(text) if state == "header" else None
        if header:
            # "COMAR published this content on 06 March 2024 and is solely responsible … Distributed by Public"
            found.offer_date(standalone_dateline(header.group("date")), 0)
            found.publisher = found.publisher or header.group("name").strip()
            found.syndicated_by = found.syndicated_by or header.group("syndicator")
            kept.append(None)
            continue
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
        if dateline and (state != "body" or len(text) < 60 or body_lines < 3):
            found.offer_date(dateline.published, dateline.rank)
            found.reference = found.reference or dateline.reference
            found.dateline_place = found.dateline_place or dateline.place
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
            if state == "header" and title_key is None and _site_masthead(lines, index):
                kept.append(None)  # "UNHCR Briefing Notes" over the headline: the site, not the title
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
        if first_body or (body_lines == 2 and not opened):
            # An earlier dateline wins, unless it only dated a repost, edit or embargo. The
            # second paragraph may hold it under a subheading or a header taken for the headline.
            dateline = opening(text)
            if dateline:
                opened = True
                found.offer_date(dateline.published, 1)
                found.dateline_place = found.dateline_place or dateline.place
        if first_body:
            first_body = False
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
    if not (named or _over_its_secretariat(lines, index, named_as)):
        return None
    if _headline_follows(lines, index):
        # "Government of Spain - Ministry of Foreign Affairs…": the first part names it
        return _TITLE_SEPARATOR.split(text)[0].strip() or None
    return None


def _over_its_secretariat(lines: list[_Line], index: int, text: str) -> bool:
    """The page's first line names a body right above its secretariat, a byline of two lines:
    "Regional Conference on Migration" / "Technical Secretariat" (not a headline: it opens the page
    and the line under it, in the same block, is an institution's name)."""
    if index + 1 >= len(lines) or any(line.key_text for line in lines[:index]):
        return False
    below = lines[index + 1].key_text
    return bool(below and _short_institution_line(below) and len(text.split()) <= 8 and _name_like(text))


def _short_institution_line(text: str) -> bool:
    """A short line naming an institution, a byline's second line ("Technical Secretariat",
    "Secretaría General", "República Oriental del Uruguay")."""
    return len(text.split()) <= 6 and bool(_rules().institution_line.match(text)) and _name_like(text)


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
        if _short_institution_line(following):
            continue  # "República Oriental del Uruguay", "Secretaría General": the byline's second line
        if len(following.split()) < min_words or (min_words > 1 and following.endswith(".")):
            return False
        if any(g.match(following) for g in rules.government_lines) and len(following.split()) <= 8:
            continue  # a byline of two lines: "Ministerio de Relaciones Exteriores" / "República de Guatemala"
        return _title_like(following) and not rules.institution_line.match(following)
    return False


_MASTHEAD_SEPARATOR = re.compile(r"\s+[|–—·-]\s+")


def _site_masthead(lines: list[_Line], index: int) -> bool:
    """A site's name above the headline, not the headline: "UNHCR Briefing Notes", "Central
    America News Desk" (a name with a masthead word), "AGN – Agencia Guatemalteca de Noticias",
    "OEA – Más derechos para más gente" (a short name, then its expansion or motto); only when a
    clearly longer headline follows before the body."""
    text = lines[index].key_text
    words = text.split()
    if not words or len(words) > 12 or any(c.isdigit() for c in text) or text[-1] in ".!?:;,":
        return False
    parts = _MASTHEAD_SEPARATOR.split(text)
    named = (len(parts) == 2 and len(parts[0].split()) <= 3 and _name_like(parts[0])) or (
        _name_like(text) and _rules().masthead_word.search(text) is not None
    )
    return bool(named) and _headline_follows(lines, index, min_words=len(words) + 3)


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


def _language(text: str) -> str:
    """The body's language (see :mod:`mirps_nlp.ingest.language`)."""
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
        dateline_place=found.dateline_place,
        path=path,
        url=url,
        language=_language(text),
        warnings=warnings,
        offsets=offsets,
    )
    return result, found
