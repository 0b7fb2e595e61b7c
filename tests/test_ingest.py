"""Ingestion: decoding, boilerplate, metadata, HTML extraction and offsets back to the source."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mirps_nlp import ingest
from mirps_nlp.errors import InputError
from mirps_nlp.ingest import (
    Ingested,
    decode,
    ingest_bytes,
    ingest_html,
    ingest_path,
    ingest_text,
    opening_dateline,
    rules,
    standalone_dateline,
)

DATA = Path(__file__).parent / "data" / "ingest"
BODY = (
    "The governments of Belize, Costa Rica, El Salvador, Guatemala, Honduras, Mexico and Panama "
    "today approved a roadmap for 2024 that reflects their commitment to redouble efforts."
)
BODY2 = "The MIRPS Support Platform was launched in December 2019 to support the efforts of the MIRPS countries."


def assert_offsets_point_home(result: Ingested, source: str) -> None:
    """Every visible character of the text maps to the same character in the source."""
    assert result.offsets is not None
    for i, char in enumerate(result.text):
        if not char.isspace():
            assert source[result.offsets.to_source(i)] == char, (i, char)


# --------------------------------------------------------------------------- seeds


def test_seed_000_oas_release(seeds_dir: Path) -> None:
    path = seeds_dir / "000_07254fd90644d842.txt"
    result = ingest_path(path)
    assert result.title == (
        "Central America, Mexico, and the International Community Approve the 2024 Roadmap "
        "to Seek Joint Solutions for refugees"
    )
    assert result.published == "2024-01-24"
    assert (result.reference, result.publisher, result.syndicated_by) == ("E-002/24", "OAS", None)
    assert result.text.startswith(result.title + "\n\n")
    assert "Media Center" not in result.text
    assert not re.search(r"^Press Release$", result.text, re.M)
    assert "Reference:" not in result.text
    assert "January 24, 2024" not in result.text
    assert "About the MIRPS Support Platform:" in result.text
    assert result.language == "en" and result.warnings == []
    assert result.path == str(path)
    assert_offsets_point_home(result, path.read_text(encoding="utf-8"))


def test_seed_002_syndicated_copy(seeds_dir: Path) -> None:
    path = seeds_dir / "002_b4751ba577fa868e.txt"
    result = ingest_path(path)
    assert result.title == "Central America, Mexico Pledge to Boost Refugee Protections"
    assert result.published is None  # E-079/25 hints at 2025, but a date is never invented
    assert (result.reference, result.publisher, result.syndicated_by) == ("E-079/25", "OAS", "Mirage News")
    assert result.text.startswith(result.title + "\n\nThe seven countries")
    assert "Public Release" not in result.text and "View in full here" not in result.text
    assert "Mirage" not in result.text
    assert "About the MIRPS:" in result.text and "About the MIRPS Support Platform:" in result.text
    assert "Technica lSecretariat" in result.text  # typos are the source's, not ours to fix
    assert result.text.endswith("of the Platform.")
    assert_offsets_point_home(result, path.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- datelines


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("\u00a0\u00a0January 24, 2024", "2024-01-24"),
        ("January 24, 2024", "2024-01-24"),
        ("Jan. 24, 2024", "2024-01-24"),
        ("Wednesday, January 24, 2024", "2024-01-24"),
        ("24 January 2024", "2024-01-24"),
        ("24th of January, 2024", "2024-01-24"),
        ("2024-01-24", "2024-01-24"),
        ("Published: 24 January 2024", "2024-01-24"),
        ("Date: March 3, 2025", "2025-03-03"),
        ("Washington, D.C., March 3, 2025", "2025-03-03"),
        ("Guatemala City, 22 January 2021", "2021-01-22"),
        ("Madrid, 29 June 2021", "2021-06-29"),
        ("January 24, 2024 - 10:30 am EST", "2024-01-24"),
        ("Nov. 10, 2021, 6:42 a.m.", "2021-11-10"),
        ("January 3, 2024 | 11:20 AM CST | Updated 2 hours ago", "2024-01-03"),
        ("Americas | 14 October 2023", "2023-10-14"),
        ("Published March 19, 2025", "2025-03-19"),
        ("December 14, 2022 - Ottawa, Ontario - Global Affairs Canada", "2022-12-14"),
        ("January 24, 2024 - Ministers met in Panama", None),
        ("24 de enero de 2024", "2024-01-24"),
        ("Ciudad de Panamá, 24 de enero de 2024", "2024-01-24"),
        ("September 31, 2024", None),  # not a calendar date
        ("The roadmap for 2024", None),
        ("launched in December 2019", None),
        ("Held on January 24, 2024 in Panama City", None),
        ("Central America, Mexico Pledge to Boost Refugee Protections", None),
    ],
)
def test_standalone_dateline(line: str, expected: str | None) -> None:
    assert standalone_dateline(line) == expected


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("San Salvador, 12 December 2020 – The seven countries met.", "2020-12-12"),
        ("Washington, D.C., March 3, 2025 - The OAS Permanent Council met.", "2025-03-03"),
        ("GENEVA, 17 December 2019 (UNHCR) – Governments today launched a platform.", "2019-12-17"),
        ("PANAMA CITY — January 24, 2024 — Ministers met.", "2024-01-24"),
        ("January 24, 2024 – Ministers met in Panama.", "2024-01-24"),
        ("Ciudad de Guatemala, 22 de enero de 2021 – El Gobierno asumió.", "2021-01-22"),
        ("Belmopan, January 25, 2024. The Government of Belize has assumed the presidency.", "2024-01-25"),
        ("GENEVA (24 January 2024) – UNHCR welcomed the pledges.", "2024-01-24"),
        ("Tegucigalpa, Honduras – December 7, 2022 – Panama assumed today the presidency.", "2022-12-07"),
        ("PANAMA CITY, Panama, January 24, 2024 /PRNewswire/ -- Ministers met.", "2024-01-24"),
        ("On 3 March 2025, ministers met in Washington.", None),
        ("On 3 March 2025. Ministers met in Washington.", None),
        ("The MIRPS Support Platform was launched in December 2019 – a milestone.", None),
        ("Delegations met on November 8, 2019 - the second meeting.", None),
    ],
)
def test_opening_dateline(paragraph: str, expected: str | None) -> None:
    assert opening_dateline(paragraph) == expected


@pytest.mark.parametrize(
    ("text", "published"),
    [
        (f"Headline of the release\n\nJanuary 24, 2024\n\n{BODY}", "2024-01-24"),
        (f"Headline of the release\n\n24 January 2024\n\n{BODY}", "2024-01-24"),
        (f"Headline of the release\n\nSan Salvador, 12 December 2020 – {BODY}", "2020-12-12"),
        (f"Headline of the release\n\nWashington, D.C., March 3, 2025 - {BODY}", "2025-03-03"),
        (f"Headline of the release\n\n2024-01-24\n\n{BODY}", "2024-01-24"),
        (f"Headline of the release\n\n{BODY}\n\n{BODY2}", None),  # dates in sentences are not datelines
        (f"Headline of the release\n\n{BODY}\n\nOn 3 March 2025 – ministers met.", None),
    ],
)
def test_published_only_from_datelines(text: str, published: str | None) -> None:
    result = ingest_text(text)
    assert result.published == published
    assert result.title == "Headline of the release"


def test_opening_dateline_paragraph_stays_in_text() -> None:
    result = ingest_text(f"Headline of the release\n\nSan Salvador, 12 December 2020 – {BODY}")
    assert result.text == f"Headline of the release\n\nSan Salvador, 12 December 2020 – {BODY}"


def test_standalone_dateline_is_removed() -> None:
    result = ingest_text(f"Headline of the release\n\n  January 24, 2024\n\n{BODY}")
    assert result.text == f"Headline of the release\n\n{BODY}"


# --------------------------------------------------------------------------- boilerplate


@pytest.mark.parametrize(
    "header",
    [
        "Media Center\n\nPress Release\n\n\n",
        "MEDIA CENTER\nPRESS RELEASE\n",
        "Press Releases\n\n",
        "News\n",
        "Home > Media Center > Press Releases\n\n",
        "Home » News » Press releases\n",
        "Skip to main content\nShare this\nPrint\n",
        "News release\n\n",
        "Briefing Notes\n\n",
        "Central America Now | World | Migration\n\n",
        "HEMISPHERE | MIGRATION\n\n",
        "WORLD NEWS\n",
    ],
)
def test_site_headers_are_dropped(header: str) -> None:
    result = ingest_text(f"{header}Headline of the release\n\n{BODY}")
    assert result.title == "Headline of the release"
    assert result.text == f"Headline of the release\n\n{BODY}"


@pytest.mark.parametrize(
    ("byline", "publisher"),
    [
        ("OAS", "OAS"),
        ("UNHCR", "UNHCR"),
        ("UNHCR, the UN Refugee Agency", "UNHCR"),
        ("UNHCR - The UN Refugee Agency", "UNHCR"),
        ("Organization of American States", "OAS"),
        ("Source: OAS", "OAS"),
    ],
)
def test_byline_after_headline_is_the_publisher(byline: str, publisher: str) -> None:
    result = ingest_text(f"Headline of the release\n\n{byline}\n\n{BODY}")
    assert result.publisher == publisher
    assert result.text == f"Headline of the release\n\n{BODY}"


@pytest.mark.parametrize(
    ("byline", "publisher"),
    [
        # a government issuer is named as its government, as in the gold
        ("Ministry of Foreign Affairs of Guatemala\nPress Release", "Government of Guatemala"),
        ("Government of Spain - Ministry of Foreign Affairs, European Union and Cooperation", "Government of Spain"),
        ("SICA General Secretariat", "SICA"),
        ("Guatemalan Institute of Migration", "Guatemalan Institute of Migration"),
        ("UNHCR - The UN Refugee Agency\nNews release", "UNHCR"),
    ],
)
def test_institution_line_before_headline_is_the_publisher(byline: str, publisher: str) -> None:
    result = ingest_text(f"{byline}\n\nHeadline of the release\n\nMadrid, 29 June 2021\n\n{BODY}")
    assert result.publisher == publisher
    assert result.title == "Headline of the release"
    assert result.published == "2021-06-29"
    assert result.text == f"Headline of the release\n\n{BODY}"


def test_headline_ending_in_its_source_is_the_title() -> None:
    text = f"Briefing notes\n\nHonduras: new law marks a turning point for displaced people – UNHCR\n\n{BODY}"
    result = ingest_text(text)
    assert result.title == "Honduras: new law marks a turning point for displaced people – UNHCR"
    assert result.publisher == "UNHCR"  # from the genre label "Briefing notes"


def test_institution_headline_without_byline_stays_the_title() -> None:
    result = ingest_text(f"Government of Canada Announces Support for the MIRPS\n\n{BODY}")
    assert result.title == "Government of Canada Announces Support for the MIRPS"
    assert result.publisher is None


@pytest.mark.parametrize(
    ("line", "reference", "publisher"),
    [
        ("Reference: E-002/24", "E-002/24", "OAS"),
        ("Reference E-079/25", "E-079/25", "OAS"),
        ("Press Release 0417/22", "0417/22", None),
        ("Communiqué SG-SICA/COM/045/2024", "SG-SICA/COM/045/2024", None),
        ("Press Release No. 114-2021", "114-2021", None),
        ("Boletín de Prensa Nro. 087-2028", "087-2028", None),  # Ecuador's foreign ministry
        ("Comunicado N.° 377", "377", None),
        ("NOTA DE PRENSA 0912-2027", "0912-2027", None),
        ("Comunicado 088", "088", None),
    ],
)
def test_reference_lines(line: str, reference: str, publisher: str | None) -> None:
    head = "Headline of the release"
    for text in (f"{head}\n\n{line}\n\n{BODY}", f"{head}\n\n{BODY}\n\n{line}"):
        result = ingest_text(text)
        assert (result.reference, result.publisher) == (reference, publisher)
        assert result.text == f"Headline of the release\n\n{BODY}"


@pytest.mark.parametrize(
    "footer",
    [
        "/Public Release. This material from the originating organization/author(s) might be of the "
        "point-in-time nature, and edited for clarity, style and length. Mirage.News does not take "
        "institutional positions or sides.View in full here.",
        "/Public Release. This material from the originating organization/author(s) might be of the "
        "point-in-time nature.\n\nMirage.News does not take institutional positions.\n\nView in full here.",
    ],
)
def test_syndication_footer(footer: str) -> None:
    result = ingest_text(f"Headline of the release\n\n{BODY}\n\n{footer}")
    assert result.syndicated_by == "Mirage News"
    assert result.text == f"Headline of the release\n\n{BODY}"


@pytest.mark.parametrize(
    "contact",
    [
        "For more information, please contact:\nJane Doe, Press Officer\njdoe@example.org\n+1 202 555 0100",
        "For more information on this topic, please contact:\n"
        "In Panama City, UNHCR press office, +507 6123 4567\n"
        "In Geneva, Matteo Ruiz, ruizl@unhcr.org, +41 79 555 01 23",
        "For further information, please contact the OAS Department of Press and Communication, "
        "1889 F St. N.W., Washington, D.C. 20006, Tel. +1 (202) 370-5000.",
        "Media contacts:\n\nJohn Smith\nsmithj@unhcr.org",
        "Press and Communication Unit, SG-SICA\nFinal Boulevard, Antiguo Cuscatlán, El Salvador\nTel. (503) 2248-8800",
        "Share this\nPrint\nEmail\nTags: refugees, MIRPS",
        "Associated links\n- Canada's Feminist International Assistance Policy\n"
        "- Canada's response to the situation in Central America and Mexico",
        "Communications Directorate / Ministry of Foreign Affairs",
        "Communications Department / Guatemalan Institute of Migration",
        "Communications Department\nGuatemalan Institute of Migration",
        "© 2021 Hemisphere Press Agency. All rights reserved.",
        "(Reporting by Meridian News staff; Editing by the Americas desk)",
        "Additional reporting by Andes Wire correspondents in Bogotá and Caracas.",
        "Contact the newsroom: 2222-0101 (Costa Rica) | Follow us for updates.",
    ],
)
def test_contact_and_share_lines_are_dropped(contact: str) -> None:
    result = ingest_text(f"Headline of the release\n\n{BODY}\n\n{contact}")
    assert result.text == f"Headline of the release\n\n{BODY}"


def test_contact_block_stops_at_a_section_heading() -> None:
    text = f"Headline\n\n{BODY}\n\nMedia contact:\nJane Doe\n\nAbout the MIRPS:\n\n{BODY2}"
    assert ingest_text(text).text == f"Headline\n\n{BODY}\n\nAbout the MIRPS:\n\n{BODY2}"


def test_boilerplate_words_inside_the_body_are_kept() -> None:
    text = f"Headline\n\n{BODY}\n\nNews\n\n{BODY2}"  # "News" is a header only before the body
    assert ingest_text(text).text == text


# --------------------------------------------------------------------------- normalisation


def test_whitespace_folding_and_paragraphs() -> None:
    source = "Headline  of\tthe release \r\n\r\n\r\n  First   line of a paragraph\r\nsecond line\r\n\r\nNext\u00a0one "
    result = ingest_text(source)
    assert result.text == "Headline of the release\n\nFirst line of a paragraph\nsecond line\n\nNext one"
    assert_offsets_point_home(result, source)


def test_genre_characters_are_kept_and_nfc_applied() -> None:
    source = "Cartagena +40 \u2014 \u201cquoted\u201d \u2026 Zu\u0301niga\n\nSecond paragraph."
    result = ingest_text(source)
    assert result.text == "Cartagena +40 \u2014 \u201cquoted\u201d \u2026 Z\u00faniga\n\nSecond paragraph."


def test_invisible_characters_are_removed() -> None:
    result = ingest_text("Headline\n\nRefu\u00adgee\u200b protection\ufeff matters.")
    assert result.text == "Headline\n\nRefugee protection matters."


def test_markdown_heading_marker_is_not_part_of_the_title(tmp_path: Path) -> None:
    path = tmp_path / "release.md"
    path.write_text(f"# Headline of the release\n\n{BODY}\n", encoding="utf-8")
    result = ingest_path(path)
    assert result.title == "Headline of the release"
    assert result.text == f"Headline of the release\n\n{BODY}"
    assert_offsets_point_home(result, path.read_text(encoding="utf-8"))


def test_no_headline_gives_a_warning() -> None:
    long_paragraph = " ".join([BODY] * 3)
    result = ingest_text(long_paragraph)
    assert result.title is None
    assert any("headline" in w for w in result.warnings)


def test_spanish_release_is_tagged() -> None:
    text = (
        "Los países del MIRPS aprueban la Declaración de Heredia\n\n"
        "Ciudad de Panamá, 24 de enero de 2024 – Los gobiernos de Belice, Costa Rica y Panamá aprobaron "
        "una hoja de ruta para el año que refleja su compromiso con la protección de las personas "
        "desplazadas en la región, según informó la Secretaría Técnica del mecanismo."
    )
    result = ingest_text(text)
    assert result.language == "es"
    assert result.published == "2024-01-24"


def test_english_release_mentioning_spanish_names_stays_english(seeds_dir: Path) -> None:
    assert ingest_path(seeds_dir / "000_07254fd90644d842.txt").language == "en"


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  ", b"\xef\xbb\xbf", b"\xef\xbb\xbf  \n"])
def test_empty_input(data: bytes) -> None:
    with pytest.raises(InputError, match="is empty"):
        ingest_bytes(data, name="<stdin>")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Headline\x00\x01\x02\x03 body", "binary"),
        (bytes(range(256)) * 4, "binary"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
    ],
)
def test_binary_input_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        ingest_bytes(data, name="release.txt")


def test_cp1252_falls_back_with_a_warning() -> None:
    result = ingest_bytes(b"Headline\r\n\r\nShe said \x93quoted\x94 \x96 and left.", name="<stdin>")
    assert result.text == "Headline\n\nShe said \u201cquoted\u201d \u2013 and left."
    assert any("cp1252" in w for w in result.warnings)


def test_utf8_bom_is_dropped_without_warning() -> None:
    result = ingest_bytes("\ufeffHeadline\n\nBody with “quotes”.".encode(), name="<stdin>")
    assert result.text == "Headline\n\nBody with “quotes”."
    assert result.title == "Headline" and result.warnings == []


def test_utf16_with_bom() -> None:
    result = ingest_bytes("Headline\n\nBody text.".encode("utf-16"), name="<stdin>")
    assert result.text == "Headline\n\nBody text."


def test_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="directory"):
        ingest_path(tmp_path)


def test_missing_path_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        ingest_path(tmp_path / "nope.txt")


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(InputError, match=r"empty\.txt: is empty"):
        ingest_path(path)


def test_only_boilerplate_is_refused() -> None:
    with pytest.raises(InputError, match="no release text"):
        ingest_text("Media Center\n\nPress Release\n\nShare this\n")


def test_five_megabytes_give_a_record_with_a_warning() -> None:
    paragraph = (BODY + " ") * 4 + "\n\n"
    data = ("Headline of a long file\n\n" + paragraph * (5_400_000 // len(paragraph))).encode()
    result = ingest_bytes(data, name="big.txt")
    assert result.title == "Headline of a long file"
    assert len(result.text) > 5_000_000
    assert any("MB" in w for w in result.warnings)


def test_over_the_hard_cap_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(decode, "MAX_BYTES", 1000)
    monkeypatch.setattr(ingest, "MAX_BYTES", 1000)
    with pytest.raises(InputError, match="limit"):
        ingest_bytes(b"x" * 1001, name="<stdin>")
    path = tmp_path / "big.txt"
    path.write_bytes(b"y" * 1001)
    with pytest.raises(InputError, match="limit"):
        ingest_path(path)


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><p>Unclosed <b>text",
        "<html><body></body></html>",
        "<p>",
        "<html><head><title>Only a title</title></head></html>",
        "<?xml version='1.0' encoding='utf-8'?><html><body><p>Declared encoding</p></body></html>",
        "<html><body><script>var x = 1;</script><p>Text after a script</p>",
        "<<<>>><html <body <p>mangled",
    ],
)
def test_broken_html_gives_a_record_or_a_clear_error(html: str) -> None:
    try:
        result = ingest_html(html)
    except InputError as error:
        assert str(error).startswith("input: ")
        return
    assert result.text.strip()
    assert not re.search(r"<(?:html|body|p|b|script)\b", result.text)


def test_broken_html_keeps_its_text() -> None:
    result = ingest_text("<html><body><p>Unclosed <b>text")
    assert "Unclosed text" in result.text


# --------------------------------------------------------------------------- HTML pages


def test_oas_page_keeps_the_body_and_drops_the_chrome() -> None:
    result = ingest_path(DATA / "oas_press_release.html")
    assert result.title == "Member States of the MIRPS Agree on a Joint Plan for Reception of Returnees"
    assert result.text.startswith(result.title + "\n\nThe member States of the Comprehensive")
    assert result.published == "2025-03-03"
    assert (result.reference, result.publisher, result.syndicated_by) == ("E-031/25", "OAS", None)
    chrome_lines = ("Media Center", "About the OAS", "Share this", "All rights", "Español", "Reference")
    for chrome in chrome_lines:
        assert chrome not in result.text
    assert "launched in December 2019" in result.text
    assert result.text.count("\n\n") == 3  # headline + three paragraphs
    assert result.offsets is not None and result.offsets.source_kind == "extracted"


def test_unhcr_page_keeps_the_body_and_drops_the_chrome() -> None:
    result = ingest_path(DATA / "unhcr_news.html")
    assert result.title == "Costa Rica hands MIRPS presidency to El Salvador"
    assert result.published == "2025-12-04"
    assert result.publisher == "UNHCR"
    assert result.text.startswith(result.title + "\n\nSAN JOSÉ, Costa Rica – Costa Rica today handed")
    assert "“Regional cooperation is not optional" in result.text
    assert "El Salvador will lead the mechanism in 2026" in result.text
    for chrome in ("cookie", "Donate", "Related news", "Privacy", "please contact", "unhcr.org", "Skip to"):
        assert chrome not in result.text


def test_html_metadata_from_url_and_site_name() -> None:
    html = (DATA / "oas_press_release.html").read_text(encoding="utf-8")
    html = html.replace("<p>Reference: E-031/25</p>", "")
    result = ingest_html(html, url="https://www.oas.org/en/media_center/press_release.asp?sCodigo=E-031/25")
    assert (result.reference, result.publisher) == ("E-031/25", "OAS")
    assert result.url is not None and result.url.startswith("https://www.oas.org/")
    syndicated = ingest_html(
        "<html><head><meta property='og:site_name' content='Mirage News'>"
        "<title>Headline | Mirage News</title>"
        f"</head><body><article><h1>Headline</h1><p>{BODY}</p><p>{BODY2}</p></article></body></html>"
    )
    assert syndicated.syndicated_by == "Mirage News"
    assert syndicated.title == "Headline"
    assert syndicated.publisher is None


def test_html_bytes_with_declared_latin1_charset() -> None:
    page = (
        "<html><head><meta charset='iso-8859-1'><title>Zúñiga visits Panamá</title></head>"
        f"<body><article><h1>Zúñiga visits Panamá</h1><p>{BODY}</p><p>{BODY2}</p></article></body></html>"
    )
    result = ingest_bytes(page.encode("latin-1"), name="page.html")
    assert result.title == "Zúñiga visits Panamá"
    assert any("iso-8859-1" in w for w in result.warnings)


@pytest.mark.parametrize(
    ("text", "is_html"),
    [
        ("<!DOCTYPE html><html><body><p>Text</p></body></html>", True),
        ("<div><p>One</p><p>Two</p></div>", True),
        ("Ministers met. 3 < 4 and 5 > 2 are not markup.", False),
        (f"Headline\n\n{BODY}", False),
    ],
)
def test_markup_is_sniffed(text: str, is_html: bool) -> None:
    result = ingest_text(text)
    assert (result.offsets is not None and result.offsets.source_kind == "extracted") == is_html
    assert ("<" in result.text) == ("3 < 4" in text)


# --------------------------------------------------------------------------- offsets & robustness


def test_offset_map_with_dropped_lines_maps_exactly() -> None:
    source = (
        "Media Center\n\nPress Release\n\n\nHeadline\n\n  January 24, 2024\n\nBody  text\there.\n\nReference: E-1/24"
    )
    result = ingest_text(source)
    assert result.text == "Headline\n\nBody text here."
    assert_offsets_point_home(result, source)
    assert result.offsets is not None
    start = result.text.index("Body")
    assert source[result.offsets.to_source(start) : result.offsets.to_source(start + 4)] == "Body"
    assert result.offsets.to_source(len(result.text)) <= len(source)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.text(min_size=0, max_size=80),
            st.sampled_from(
                [
                    "Media Center",
                    "Press Release",
                    "OAS",
                    "  January 24, 2024",
                    "Reference: E-002/24",
                    "/Public Release. Mirage.News",
                    "For more information, please contact:",
                    "\r\n",
                    "\t",
                    "San Salvador, 12 December 2020 – text",
                    "<p>",
                    "</b>",
                    "\u00a0",
                    "\u200b",
                    "e\u0301",
                    "jdoe@example.org",
                    "+1 202 555 0100",
                    "Home > News",
                    "\x93",
                    "\ud800",
                ]
            ),
        ),
        max_size=25,
    )
)
def test_ingest_text_never_raises_anything_but_input_error(parts: list[str]) -> None:
    source = "\n".join(parts)
    try:
        result = ingest_text(source)
    except InputError:
        return
    assert result.offsets is not None
    mapped = [result.offsets.to_source(i) for i in range(len(result.text) + 1)]
    assert mapped == sorted(mapped)
    source_length = result.offsets.source_length
    assert all(0 <= m <= source_length for m in mapped)
    assert "\n\n\n" not in result.text and result.text == result.text.strip()
    if result.offsets.source_kind == "decoded":
        text_source = source.removeprefix("\ufeff")
        assert source_length == len(text_source)
        for i, char in enumerate(result.text):
            if not char.isspace() and mapped[i] < source_length and char.isascii():
                assert text_source[mapped[i]] == char


# --------------------------------------------------------------------------- data files


@pytest.mark.parametrize(
    "name",
    [
        "boilerplate.jsonl",
        "ingest_metadata.jsonl",
        "ingest_publishers.jsonl",
        "ingest_syndicators.jsonl",
    ],
)
def test_pattern_files_are_valid(name: str) -> None:
    text = resources.files("mirps_nlp").joinpath("patterns", "en", name).read_text(encoding="utf-8")
    for line in text.splitlines():
        row = json.loads(line)
        assert isinstance(row, dict)
        if "pattern" in row:
            re.compile(row["pattern"])
    rules._rules.cache_clear()
    assert rules._rules().header_exact


def test_headline_wrapped_over_two_lines() -> None:
    result = ingest_text(f"Central America, Mexico Pledge\nto Boost Refugee Protections\n\n{BODY}")
    assert result.title == "Central America, Mexico Pledge to Boost Refugee Protections"
    assert result.text.startswith("Central America, Mexico Pledge\nto Boost Refugee Protections\n\n")


def test_html_title_with_an_unknown_site_suffix_is_the_visible_headline() -> None:
    page = (
        "<html><head><title>Spain strengthens its support for the MIRPS Fund - Some Ministry Portal</title>"
        f"</head><body><article><h1>Spain strengthens its support for the MIRPS Fund</h1><p>{BODY}</p>"
        f"<p>{BODY2}</p></article></body></html>"
    )
    result = ingest_html(page)
    assert result.title == "Spain strengthens its support for the MIRPS Fund"
    assert result.text.count("Spain strengthens") == 1


@pytest.mark.parametrize(
    ("lines", "publisher"),
    [
        ("Stories\n\nHeadline of the story\n\nA standfirst that sums the story up.\n\nBy UNHCR staff", "UNHCR"),
        ("Headline of the story\n\nBy Jane Doe", None),
        ("Headline of the story\n\nSource: UNHCR", "UNHCR"),
    ],
)
def test_bylines_are_dropped(lines: str, publisher: str | None) -> None:
    result = ingest_text(f"{lines}\n\n{BODY}")
    assert result.title == "Headline of the story"
    assert result.publisher == publisher
    assert "By " not in result.text and "Source:" not in result.text
    assert result.text.endswith(BODY)


def test_headline_starting_with_by_is_the_title() -> None:
    result = ingest_text(f"By the Numbers: Displacement in Central America\n\n{BODY}")
    assert result.title == "By the Numbers: Displacement in Central America"


def test_sentence_starting_with_by_is_kept() -> None:
    text = f"Headline\n\n{BODY}\n\nBy 2026, the countries will have doubled their commitments to refugees."
    assert ingest_text(text).text == text


def test_institution_named_without_a_leading_keyword() -> None:
    text = (
        "Guatemalan Institute of Migration\nPress Release No. 114-2021\n\n"
        "MIRPS countries share practices to protect returnees\n\n"
        f"Guatemala City, August 12, 2021. {BODY}"
    )
    result = ingest_text(text)
    assert result.publisher == "Guatemalan Institute of Migration"
    assert (result.reference, result.published) == ("114-2021", "2021-08-12")
    assert result.title == "MIRPS countries share practices to protect returnees"


def test_last_paragraph_naming_an_office_in_a_sentence_is_kept() -> None:
    text = f"Headline\n\n{BODY}\n\nThe Ministry of Foreign Affairs thanked the donors."
    assert ingest_text(text).text == text


def test_all_caps_headline_is_not_a_section_label() -> None:
    result = ingest_text(f"MIRPS MEETS IN PANAMA\n\n{BODY}")
    assert result.title == "MIRPS MEETS IN PANAMA"


@pytest.mark.parametrize(
    ("line", "reference"),
    [
        ("Communiqué No. 432", "432"),
        ("Press Release No. 023", "023"),
        ("Press Release 231", "231"),
        ("Press Release 2025", None),
    ],
)
def test_running_number_is_a_reference(line: str, reference: str | None) -> None:
    result = ingest_text(f"{line}\nUnofficial translation\n\nHeadline\n\n{BODY}")
    assert result.reference == reference
    if reference is not None:
        assert result.text == f"Headline\n\n{BODY}"


# --------------------------------------------------------------------------- unseen layouts
# Header and footer shapes of the genre beyond the corpus (invented lines, real layouts): the
# metadata a release carries must come out whatever chrome surrounds the headline.

HEAD = "Regional partners pledge new support for displaced families in Central America"
_META = ("title", "published", "reference", "publisher", "syndicated_by")


def _layout(header: str, footer: str = "", body: str = BODY) -> str:
    text = f"{header}\n\n{body}\n\n{BODY2}"
    return f"{text}\n\n{footer}" if footer else text


LAYOUTS: list[tuple[str, str, dict[str, str | None]]] = [
    # --- OAS
    (
        "oas-reference-in-header",
        _layout(f"OAS - Organization of American States\n\nPress Release\n\n{HEAD}\n\nMarch 3, 2025", "E-031/25"),
        {"published": "2025-03-03", "reference": "E-031/25", "publisher": "OAS"},
    ),
    (
        "oas-row-with-date-and-reference",
        _layout(f"Press Release | E-031/25 | March 3, 2025\n\n{HEAD}"),
        {"published": "2025-03-03", "reference": "E-031/25", "publisher": "OAS"},
    ),
    (
        "oas-press-release-no-code",
        _layout(f"Press Release No. 024/2023\n\n{HEAD}\n\nWashington, D.C., 3 Mar 2023"),
        {"published": "2023-03-03", "reference": "024/2023"},
    ),
    # --- UNHCR
    (
        "unhcr-briefing-short-month",
        _layout(f"Briefing Notes\n\n{HEAD}\n\n3 Mar 2025"),
        {"published": "2025-03-03", "publisher": "UNHCR"},
    ),
    (
        "unhcr-posted-on",
        _layout(f"News release\n\n{HEAD}\n\nPosted on 3 March 2025"),
        {"published": "2025-03-03"},
    ),
    (
        "unhcr-news-comment-by-line",
        _layout(f"News comment\n\n{HEAD}\n\nPublished on 03 Mar 2025 by UNHCR"),
        {"published": "2025-03-03", "publisher": "UNHCR"},
    ),
    (
        "unhcr-dateline-in-parentheses",
        f"{HEAD}\n\nGENEVA (3 March 2025) – {BODY}",
        {"published": "2025-03-03"},
    ),
    (
        "unhcr-story-with-author-and-date",
        _layout(f"Stories\n\n{HEAD}\n\nBy Jane Doe in Tapachula, Mexico | 3 March 2025"),
        {"published": "2025-03-03"},
    ),
    # --- US Department of State
    (
        "state-media-note-spokesperson-first",
        _layout(f"Media Note\n\nOffice of the Spokesperson\n\nMarch 3, 2025\n\n{HEAD}"),
        {"published": "2025-03-03", "publisher": "U.S. Department of State"},
    ),
    (
        "state-media-note-after-headline",
        _layout(f"{HEAD}\n\nMedia Note\n\nOffice of the Spokesperson\n\nMar. 3, 2025"),
        {"published": "2025-03-03", "publisher": "U.S. Department of State"},
    ),
    (
        "state-media-note-reference",
        _layout(f"Media Note 2023/0412\n\n{HEAD}\n\nSept. 14, 2023"),
        {"published": "2023-09-14", "reference": "2023/0412"},
    ),
    (
        "state-press-statement",
        _layout(f"Press Statement\n\n{HEAD}\n\nSeptember 14, 2023"),
        {"published": "2023-09-14"},
    ),
    # --- Global Affairs Canada
    (
        "gac-from-label-and-dateline",
        _layout(
            f"Statement\n\n{HEAD}\n\nFrom: Global Affairs Canada\n\nStatement\n\n"
            "March 3, 2025 – Ottawa, Ontario – Global Affairs Canada"
        ),
        {"published": "2025-03-03", "publisher": "Global Affairs Canada"},
    ),
    (
        "gac-news-release-footer-contacts",
        _layout(
            f"News release\n\n{HEAD}\n\nMarch 3, 2025 - Ottawa, Ontario - Global Affairs Canada",
            "Contacts\n\nMedia Relations Office\nGlobal Affairs Canada\n343-203-7700\nmedia@international.gc.ca",
        ),
        {"published": "2025-03-03", "publisher": "Global Affairs Canada"},
    ),
    # --- European Commission / ECHO
    (
        "ec-press-release-code-footer",
        _layout(f"European Commission - Press release\n\n{HEAD}\n\nBrussels, 3 March 2025", "IP/25/1234"),
        {"published": "2025-03-03", "reference": "IP/25/1234", "publisher": "European Commission"},
    ),
    (
        "echo-news-row",
        _layout(f"News article | 3 March 2025 | European Civil Protection and Humanitarian Aid Operations\n\n{HEAD}"),
        {"published": "2025-03-03"},
    ),
    (
        "eu-dotted-date",
        _layout(f"{HEAD}\n\nBrussels, 03.03.2025"),
        {"published": "2025-03-03"},
    ),
    # --- Mexico SRE
    (
        "sre-running-number-no-label",
        _layout(f"Secretaría de Relaciones Exteriores | Gobierno de México\n\nPress Release 085\n\n{HEAD}"),
        {"reference": "085", "publisher": "Government of Mexico"},  # a running number (k06 'Press Release 231')
    ),
    (
        "sre-communique-running-number",
        _layout(f"Communiqué No. 432\n\nUnofficial translation\n\n{HEAD}\n\nMexico City, 3 March 2025."),
        {"published": "2025-03-03", "reference": "432"},
    ),
    (
        "sre-comunicado-code",
        _layout(f"Comunicado No. SRE-085\n\n{HEAD}"),
        {"reference": "SRE-085"},
    ),
    # --- IOM
    (
        "iom-press-release-opening-dateline",
        f"IOM\n\nPress Release\n\n{HEAD}\n\nGuatemala City, 3 March 2025 – {BODY}",
        {"published": "2025-03-03", "publisher": "IOM"},
    ),
    (
        "iom-source-and-date-row",
        _layout(f"{HEAD}\n\nSource: IOM | 3 March 2025"),
        {"published": "2025-03-03", "publisher": "IOM"},
    ),
    # --- news sites and wires
    (
        "wire-section-row-and-updated-row",
        _layout(f"Site | World | Migration\n\n{HEAD}\n\nJanuary 3, 2024 | 11:20 AM CST | Updated 2 hours ago"),
        {"published": "2024-01-03"},
    ),
    (
        "wire-section-and-date-row",
        _layout(f"Americas | 14 October 2023\n\n{HEAD}"),
        {"published": "2023-10-14"},
    ),
    (
        "wire-dateline-without-year",
        f"WORLD NEWS\n\n{HEAD}\n\nGUATEMALA CITY, Oct 14 (Reuters) — {BODY}",
        {"published": None, "publisher": "Reuters"},
    ),
    (
        "wire-dateline-without-year-but-published-line",
        f"{HEAD}\n\nPublished: 14/10/2023\n\nGUATEMALA CITY, Oct 14 (Andes Wire) — {BODY}",
        {"published": "2023-10-14", "publisher": "Andes Wire"},
    ),
    (
        "wire-ap-dateline",
        f"LATIN AMERICA\n\n{HEAD}\n\nTEGUCIGALPA, Honduras (AP) — {BODY}",
        {"published": None, "publisher": "AP"},
    ),
    (
        "wire-efe-credit-line",
        _layout(f"{HEAD}\n\nDate: 2025-03-03", "— EFE"),
        {"published": "2025-03-03", "publisher": "EFE"},
    ),
    (
        "wire-byline-with-agency",
        _layout(f"{HEAD}\n\nBy Jane Doe, Hemisphere Press Agency\n\nMarch 3, 2025"),
        {"published": "2025-03-03", "publisher": "Hemisphere Press Agency"},
    ),
    (
        "wire-acronym-expanded-by-copyright",
        f"{HEAD}\n\nPANAMA CITY (HPA) — {BODY}\n\n© 2025 Hemisphere Press Agency. All rights reserved.",
        {"publisher": "Hemisphere Press Agency"},
    ),
    (
        "wire-breadcrumb-two-levels",
        _layout(f"News › Americas\n\n{HEAD}\n\nMarch 3, 2025"),
        {"published": "2025-03-03"},
    ),
    (
        "wire-breadcrumb-slashes",
        _layout(f"Home / News / Press releases\n\n{HEAD}\n\n3 March 2025"),
        {"published": "2025-03-03"},
    ),
    (
        "news-site-date-time-row",
        _layout(f"{HEAD}\n\nTuesday 3 March 2025 14:32 GMT"),
        {"published": "2025-03-03"},
    ),
    (
        "dateline-with-dashes",
        f"{HEAD}\n\nTegucigalpa, Honduras – December 7, 2022 – {BODY}",
        {"published": "2022-12-07"},
    ),
    (
        "dateline-only-place-line",
        f"WASHINGTON, D.C.\n\n{HEAD}\n\n{BODY}",
        {"published": None},
    ),
    (
        "dateline-place-line-mixed-case",
        _layout(f"Tegucigalpa, Honduras\n\n{HEAD}\n\nDecember 7, 2022"),
        {"published": "2022-12-07"},
    ),
    (
        "for-immediate-release-dash-date",
        _layout(f"FOR IMMEDIATE RELEASE – March 3, 2025\n\n{HEAD}"),
        {"published": "2025-03-03"},
    ),
    (
        "us-month-first-numeric-date",
        _layout(f"{HEAD}\n\nPosted: 10/14/2023"),
        {"published": "2023-10-14"},
    ),
    (
        "for-immediate-release-with-date",
        _layout(f"FOR IMMEDIATE RELEASE\n\n{HEAD}\n\nMarch 3, 2025"),
        {"published": "2025-03-03"},
    ),
    (
        "for-immediate-release-dated",
        _layout(f"For Immediate Release: March 3, 2025\n\n{HEAD}"),
        {"published": "2025-03-03"},
    ),
    (
        "embargoed-until",
        _layout(f"Embargoed until 00:01 GMT, 3 March 2025\n\n{HEAD}"),
        {"published": "2025-03-03"},
    ),
    (
        "embargo-line-and-dateline",
        _layout(f"EMBARGOED UNTIL 10:00 CET, 4 MARCH 2025\n\n{HEAD}\n\nGeneva, 3 March 2025"),
        {"published": "2025-03-03"},
    ),
    (
        "joint-press-release-label",
        _layout(f"Joint Press Release\n\n{HEAD}\n\n3rd March, 2025"),
        {"published": "2025-03-03"},
    ),
    (
        "fact-sheet-label",
        _layout(f"Fact Sheet\n\n{HEAD}\n\nMarch 3rd, 2025"),
        {"published": "2025-03-03"},
    ),
    (
        "updated-before-published",
        _layout(f"{HEAD}\n\nLast updated: 5 March 2025\nPublished: 3 March 2025"),
        {"published": "2025-03-03"},
    ),
    (
        "headline-with-site-suffix",
        _layout(f"{HEAD} | UNHCR\n\n3 March 2025"),
        {"title": HEAD, "published": "2025-03-03", "publisher": "UNHCR"},
    ),
    # --- syndication
    (
        "reliefweb-footer",
        _layout(
            HEAD,
            "Source: UNHCR\nPosted: 5 Mar 2025\nOriginally published: 3 Mar 2025\nOrigin: View original",
        ),
        {"published": "2025-03-03", "publisher": "UNHCR", "syndicated_by": "ReliefWeb"},
    ),
    (
        "reliefweb-header-rows",
        _layout(
            f"Relief Web\n\nNews and Press Release\n\n{HEAD}\n\nSource: IOM\n\nPosted: 5 Mar 2025\n\n"
            "Originally published: 3 Mar 2025"
        ),
        {"published": "2025-03-03", "publisher": "IOM", "syndicated_by": "ReliefWeb"},
    ),
    (
        "originally-published-by",
        _layout(f"{HEAD}\n\nMarch 3, 2025", "This article was originally published by UNHCR."),
        {"published": "2025-03-03", "publisher": "UNHCR"},
    ),
    (
        "republished-from",
        _layout(f"{HEAD}\n\n3 March 2025", "Republished from the Organization of American States website."),
        {"publisher": "OAS"},
    ),
    (
        "pr-newswire-dateline",
        f"{HEAD}\n\nWASHINGTON, March 3, 2025 /PRNewswire/ -- {BODY}",
        {"published": "2025-03-03", "syndicated_by": "PR Newswire"},
    ),
    (
        "via-pr-newswire",
        _layout(f"{HEAD}\n\nMarch 3, 2025", "SOURCE HIAS\n\nvia PR Newswire"),
        {"published": "2025-03-03", "syndicated_by": "PR Newswire"},
    ),
    (
        "mirage-footer-still-works",
        _layout(
            f"{HEAD}\n\nMarch 3, 2025",
            "/Public Release. This material from the originating organization/author(s) might be of the "
            "point-in-time nature. View in full here.",
        ),
        {"published": "2025-03-03", "syndicated_by": "Mirage News"},
    ),
    (
        "reliefweb-fields-on-two-lines",
        _layout(
            f"ReliefWeb\n\nReport\n\nGuatemala + 2 more\n\n{HEAD}\n\nFormat\nNews and Press Release\nSource\nUNHCR\n"
            "Posted\n5 Mar 2025\nOriginally published\n3 Mar 2025\nOrigin\nView original"
        ),
        {"published": "2025-03-03", "publisher": "UNHCR", "syndicated_by": "ReliefWeb"},
    ),
    (
        "wire-read-time-under-byline",
        f"LATIN AMERICA\n\n{HEAD}\n\nBy Jane Doe and John Roe\n\n3 min read\n\nTEGUCIGALPA, Oct 14 (Reuters) - {BODY}",
        {"published": None, "publisher": "Reuters"},
    ),
    (
        "iom-label-with-qualifier",
        f"News - Local\n\n{HEAD}\n\n03 March 2025\n\nGuatemala City – {BODY}",
        {"published": "2025-03-03"},
    ),
    (
        "one-word-section-and-updated-time",
        _layout(f"Americas\n\n{HEAD}\n\nUpdated 3:45 PM EST, March 3, 2025"),
        {"published": "2025-03-03"},
    ),
    # --- governments named by a ministry
    (
        "ministry-byline-names-the-government",
        _layout(f"Ministry of Foreign Affairs of Guatemala\n\n{HEAD}\n\nGuatemala City, 3 March 2025"),
        {"published": "2025-03-03", "publisher": "Government of Guatemala"},
    ),
    (
        "government-press-office",
        _layout(f"GOVERNMENT OF BELIZE PRESS OFFICE\n\n{HEAD}\n\nBelmopan, March 3, 2025"),
        {"published": "2025-03-03", "publisher": "Government of Belize"},
    ),
]


@pytest.mark.parametrize(("source", "expected"), [c[1:] for c in LAYOUTS], ids=[c[0] for c in LAYOUTS])
def test_metadata_of_unseen_layouts(source: str, expected: dict[str, str | None]) -> None:
    result = ingest_text(source)
    expected = {"title": HEAD, **expected}
    got = {name: getattr(result, name) for name in _META if name in expected}
    assert got == expected
    assert BODY in result.text and (BODY2 in result.text) == (BODY2 in source)
    assert result.text.startswith(HEAD)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # a short sentence-case headline copied with its site name is still the headline
        (
            f"Belize takes over the MIRPS | UNHCR\n\n{BODY}",
            {"title": "Belize takes over the MIRPS", "publisher": "UNHCR"},
        ),
        # an acronym in the first sentence is not a wire credit
        (
            f"{HEAD}\n\nThe Organization of American States (OAS) – together with UNHCR – {BODY}",
            {"title": HEAD, "publisher": None},
        ),
        # a date inside a headline or a sentence is not the release date
        (f"MIRPS ministers meet in Panama on 3 March 2025\n\n{BODY}", {"published": None}),
        (f"{HEAD}\n\n{BODY}\n\nOn 14/10/2023 the ministers met again in Panama City.", {"published": None}),
        # an epigraph's attribution is not a wire credit
        (f"{HEAD}\n\n{BODY}\n\n— Filippo Grandi", {"publisher": None}),
        # a two-word headline over a short first paragraph is not a section label
        (f"Joint Declaration\n\nThe ministers met today in Panama City.\n\n{BODY}", {"title": "Joint Declaration"}),
        # a place-only line is only a label above a headline
        (f"Washington, D.C.\n\n{HEAD}\n\n{BODY}", {"title": HEAD}),
        # an author writing from a country: the country is not the publisher
        (f"{HEAD}\n\nBy Jane Doe, Panama\n\n{BODY}", {"publisher": None}),
    ],
)
def test_metadata_rules_do_not_misfire(source: str, expected: dict[str, str | None]) -> None:
    result = ingest_text(source)
    assert {name: getattr(result, name) for name in expected} == expected
    assert BODY in result.text


def test_a_sentence_starting_like_a_footer_keeps_the_release() -> None:
    text = f"{HEAD}\n\nOriginally published by UNHCR in 2019, the report found gaps.\n\n{BODY}"
    assert ingest_text(text).text == text


def test_photo_captions_are_kept_as_paragraphs() -> None:
    """Captions are where the genre names people: the extractor must not drop them with the image."""
    html = (
        "<html><head><title>Ministers meet</title></head><body><article><h1>Ministers meet in Belmopan</h1>"
        "<p>Delegations of the seven MIRPS countries met today in Belmopan to agree on common standards "
        "for the protection of children on the move, with the support of UNHCR and the OAS.</p>"
        "<figure><img src='a.jpg'><figcaption>Ana Ruiz, Vice Minister of Costa Rica, at the opening "
        "session.</figcaption></figure>"
        "<p>The meeting closed with a joint work plan for the coming year and a call for more support.</p>"
        "</article></body></html>"
    )
    ingested = ingest_html(html)
    assert "Ana Ruiz, Vice Minister of Costa Rica, at the opening session." in ingested.text


@pytest.mark.parametrize(
    ("header", "publisher"),
    [
        # an issuer's masthead in capitals above a genre label
        ("GENERAL SECRETARIAT OF THE CARIBBEAN FORUM\nPress release", "GENERAL SECRETARIAT OF THE CARIBBEAN FORUM"),
        # a masthead in capitals that names no institution, above a section row
        ("REGIONAL INTEGRATION AND TRADE PROGRAMME\nDirectorate | News", "Regional Integration And Trade Programme"),
        # a news agency's name and its description
        ("Prensa Latina\nLatin American News Agency", "Prensa Latina"),
    ],
)
def test_masthead_above_the_headline_is_not_the_title(header: str, publisher: str) -> None:
    result = ingest_text(f"{header}\n\nHeadline of the release\n\nLima, 3 March 2025.- {BODY}")
    assert result.title == "Headline of the release"
    assert result.published == "2025-03-03"
    assert result.publisher == publisher


@pytest.mark.parametrize(
    ("masthead", "headline", "dateline"),
    [
        # a site's name with a masthead word, above a longer headline
        (
            "Caribbean Wire Notes",
            "Belize hands the MIRPS presidency to Panama at a ceremony in Belmopan",
            "Belmopan, 5 December 2025.- ",
        ),
        # a short name and its motto after a dash, then a genre label, then the headline
        (
            "RNH – La voz de todos los hondureños\nComunicado de prensa",
            "Honduras recibe la presidencia pro tempore del SICA en una ceremonia en Tegucigalpa",
            "Tegucigalpa, 2 de enero de 2027.- ",
        ),
        (
            "Sala de Prensa Regional",
            "Costa Rica entrega a El Salvador la presidencia de la CRM tras un año",
            "San José, 20 de noviembre de 2026.- ",
        ),
    ],
)
def test_site_masthead_over_a_longer_headline_is_not_the_title(masthead: str, headline: str, dateline: str) -> None:
    result = ingest_text(f"{masthead}\n\n{headline}\n\n{dateline}{BODY}")
    assert result.title == headline
    assert masthead.split("\n")[0] not in result.text


def test_short_headline_over_a_longer_deck_stays_the_title() -> None:
    deck = "The country will lead the regional framework during 2026 and host its annual meeting in the capital"
    result = ingest_text(f"Panama Hands Over the Forum\n\n{deck}\n\nPanama City, 5 December 2025.- {BODY}")
    assert result.title == "Panama Hands Over the Forum"


def test_headline_in_capitals_stays_the_title() -> None:
    result = ingest_text(f"BELIZE ASSUMES THE PRESIDENCY OF THE FORUM\n\n{BODY}")
    assert result.title == "BELIZE ASSUMES THE PRESIDENCY OF THE FORUM"


def test_a_postal_address_line_is_not_release_text() -> None:
    address = "Avenida Reforma 12-30, Zona 10, Guatemala City, Guatemala"
    result = ingest_text(f"Headline of the release\n\n{BODY}\n\nPress Office | Ministry of Foreign Affairs\n{address}")
    assert "Avenida" not in result.text
    assert result.text.startswith("Headline of the release")


def test_dateline_month_and_weekday_words_are_the_date_recogniser_s() -> None:
    """Ingest reads calendar words from dates_patterns.jsonl (every language), so a Spanish
    abbreviation the recogniser knows ("1 dic") dates a wire dateline and gives its credit."""
    result = ingest_text(
        "Honduras traspasa la presidencia\n\nTegucigalpa, 1 dic (EFE).- Honduras traspasó este jueves a "
        "Panamá la Presidencia Pro Tempore del MIRPS, informaron fuentes oficiales."
    )
    assert result.publisher == "EFE"
    assert rules._rules().month_number["dic"] == 12
    assert standalone_dateline("Wed, Jan. 24, 2024") == "2024-01-24"  # an English weekday abbreviation
    assert standalone_dateline("miércoles, 24 de enero de 2024") == "2024-01-24"


@pytest.mark.parametrize(
    ("text", "place"),
    [
        (f"Headline of the release\n\nQuito, 30 de junio de 2028\n\n{BODY}", "Quito"),
        (f"Headline of the release\n\nWashington, D.C., March 3, 2025\n\n{BODY}", "Washington, D.C."),
        (f"Headline of the release\n\nSan José, Costa Rica, 5 de junio de 2023.\n\n{BODY}", "San José, Costa Rica"),
        (f"Headline of the release\n\n24 January 2024\n\n{BODY}", None),  # a date with no place
        (f"Headline of the release\n\nMartes, 4 de abril de 2028\n\n{BODY}", None),  # a weekday is no place
        (f"Headline of the release\n\nSan Salvador, 12 December 2020 – {BODY}", "San Salvador"),  # kept in the text
    ],
)
def test_dateline_place_of_a_dateline_line(text: str, place: str | None) -> None:
    """A dateline on a line of its own leaves the text; its place is kept for the meeting reader."""
    assert ingest_text(text).dateline_place == place


@pytest.mark.parametrize(
    ("opening", "published", "place"),
    [
        ("Tegucigalpa, 30 de junio de 2028. La Cancillería informó hoy", "2028-06-30", "Tegucigalpa"),
        ("Santo Domingo, 30 de junio de 2028 (SG-SICA). La República Dominicana", "2028-06-30", "Santo Domingo"),
        ("Quito, 3 de mayo de 2027 (Andes). El Ecuador", "2027-05-03", "Quito"),
        ("Bogotá (sep. 10/24). El canciller recibió este martes", "2024-09-10", "Bogotá"),
        ("Medellín (ene. 3/2027). La viceministra", "2027-01-03", "Medellín"),
        ("CIUDAD DE GUATEMALA (EFE).- Guatemala entregó este jueves", None, "CIUDAD DE GUATEMALA"),
        ("Panamá, 12 may (Prensa Latina) Panamá entregó hoy", None, "Panamá"),
        ("Lima.- Colombia traspasó este lunes a Ecuador", None, "Lima"),
        ("BELMOPAN – Belize assumed the presidency", None, "BELMOPAN"),
        ("Managua, 4 jun (EFE).- El Gobierno", None, "Managua"),
        ("The Government of Panama – through its ministry – said", None, None),  # a sentence, not a dateline
        ("En Tegucigalpa, los cancilleres acordaron", None, None),
        ("Honduras (HND) recibió la presidencia", None, None),
    ],
)
def test_opening_dateline_date_and_place(opening: str, published: str | None, place: str | None) -> None:
    """An opening dateline gives the release date and the place it was written from (issue 13)."""
    result = ingest_text(f"Título de la nota\n\n{opening} la Presidencia Pro Tempore del organismo regional.")
    assert (result.published, result.dateline_place) == (published, place)


def test_dateline_in_the_second_paragraph() -> None:
    """Under a header taken for the headline, the dateline opens the second paragraph."""
    result = ingest_text(
        "Comunicado conjunto ACNUR – OIM\n\nFlujos inversos por el Darién: piden respuestas\n\n"
        f"Ciudad de Panamá, 4 de marzo de 2026 – {BODY}"
    )
    assert (result.published, result.dateline_place) == ("2026-03-04", "Ciudad de Panamá")


def test_syndication_header_dates_the_release() -> None:
    """Public's header sentence names the originating body and its date, and is not release text."""
    result = ingest_text(
        "Andean Community published this content on 7 July 2026 and is solely responsible for the information "
        "contained herein. Distributed by Public on 7 July 2026 at 15:02 UTC.\n\nEcuador asume la presidencia\n\n"
        f"Lima.- {BODY}"
    )
    assert (result.published, result.publisher, result.syndicated_by) == ("2026-07-07", "Andean Community", "Public")
    assert "published this content" not in result.text


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("22:19 h - Mar, 4 Abr 2028", "2028-04-04"),
        ("August 9, 2024 7:31 PM GMT-4", "2024-08-09"),
        ("14/03/2029 09:45 (GMT-6) Honduras asume", None),
        ("22:19 h - Honduras asume", None),
        ("07/12/2022 16:20 (GMT-6)", "2022-12-07"),  # a wire's time with its zone in brackets
        ("3 de marzo de 2025, 10:05 (hora de Panamá)", None),  # a bracket that is no zone
        ("07/12/2022 16:20 (GMT-6) Honduras asume", None),
    ],
)
def test_standalone_dateline_with_clock(line: str, expected: str | None) -> None:
    assert standalone_dateline(line) == expected


@pytest.mark.parametrize(
    ("header", "publisher", "syndicated_by"),
    [
        ("12/21/2026 | Press release | Distributed by Public on 12/21/2026 09:40", None, None),
        ("ACNUR Guatemala\nHistorias", "UNHCR", None),  # a country office of a known publisher
        ("ACNUR - Agencia de la ONU para los Refugiados\nSesiones informativas", "UNHCR", None),
        ("Comunicado de prensa conjunto OIM – ACNUR", None, None),
        ("ReliefWeb\nFuente: NRC\nOrigen: Ver original", None, "ReliefWeb"),
        (
            "Ministerio de Relaciones Exteriores\nRepública Oriental del Uruguay",
            "Ministerio de Relaciones Exteriores",
            None,
        ),
        ("Comunidad Andina\nSecretaría General", ..., None),  # publisher: not read yet (the unit, not the body)
    ],
)
def test_spanish_and_aggregator_header_lines_are_not_the_headline(
    header: str, publisher: object, syndicated_by: str | None
) -> None:
    result = ingest_text(f"{header}\n\nTitular del comunicado de prensa\n\n{BODY}")
    assert result.title == "Titular del comunicado de prensa"
    assert result.text == f"Titular del comunicado de prensa\n\n{BODY}"
    assert result.syndicated_by == syndicated_by
    if publisher is not ...:
        assert result.publisher == publisher


def test_a_comunicado_with_a_year_alone_is_no_reference() -> None:
    assert ingest.metadata._reference("Comunicado 2024") is None


def test_a_body_over_its_secretariat_is_a_two_line_byline() -> None:
    text = (
        "Quito Process\nTechnical Secretariat\n\nPress Release\n\nChile Hands the Quito Process to Peru\n\n"
        "Santiago, Chile, 4 March 2027. Peru received the presidency of the Quito Process on Wednesday."
    )
    result = ingest_text(text)
    assert result.title == "Chile Hands the Quito Process to Peru"
    assert result.published == "2027-03-04"
    assert result.publisher == "Quito Process"
    # a headline with an institution line under it stays the headline
    headline = ingest_text(
        "Peru Receives the Quito Process\nMinistry of Foreign Affairs\n\n"
        "Lima, 4 March 2027. Peru received the presidency on Wednesday."
    )
    assert headline.title == "Peru Receives the Quito Process"
