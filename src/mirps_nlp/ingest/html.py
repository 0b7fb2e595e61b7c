"""Web pages: the main text and page metadata through trafilatura (lxml as the fallback), then
the same line classification as plain text.
"""

from __future__ import annotations

import html as html_lib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import parse_qs, urlparse

from mirps_nlp.errors import InputError
from mirps_nlp.ingest.boilerplate import _build, _loose
from mirps_nlp.ingest.metadata import _TITLE_SEPARATOR, _canonical_publisher, _publisher_from_reference, _publisher_line
from mirps_nlp.ingest.rules import _line_key, _rules
from mirps_nlp.ingest.text import _FOLD, Ingested

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
