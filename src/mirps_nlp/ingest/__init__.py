"""Ingestion: a file, bytes or HTML page in, normalised release text plus metadata out.

Press releases reach us as plain-text copies, web pages and syndicated reposts. Each carries
chrome the extractors must not see (site headers, share buttons, syndication disclaimers,
media contacts) and metadata the record needs (headline, dateline, reference code, who
published it). This package separates the two, so every later stage reads only release prose.

Rules of the genre are data, not code: header lines, footers and contact blocks live in
``patterns/en/boilerplate.jsonl``; reference and dateline labels in ``ingest_metadata.jsonl``;
publishers and syndicators in the other ``ingest_*.jsonl`` files; month and weekday names of
datelines are the date recogniser's (``dates_patterns.jsonl``).

Every character of the normalised text maps back to the text it came from through
:class:`OffsetMap`, so a span found downstream can be shown in the original file.
"""

from __future__ import annotations

import stat
from pathlib import Path

from mirps_nlp.errors import InputError
from mirps_nlp.ingest.boilerplate import _build
from mirps_nlp.ingest.decode import (
    _HTML_SUFFIXES,
    _MAGIC,
    _MARKDOWN_SUFFIXES,
    _SURROGATE,
    _TEXT_SUFFIXES,
    MAX_BYTES,
    SUFFIXES,
    WARN_BYTES,
    Kind,
    _check_not_binary,
    _check_size,
    _decode,
    _drop_surrogates,
    _looks_like_html,
    _read_capped,
    _xml_safe,
    check_regular_file,
)
from mirps_nlp.ingest.html import _ingest_html
from mirps_nlp.ingest.metadata import opening_dateline, standalone_dateline
from mirps_nlp.ingest.text import _VISIBLE_CHAR, Ingested, OffsetMap

__all__ = [
    "MAX_BYTES",
    "SUFFIXES",
    "WARN_BYTES",
    "Ingested",
    "Kind",
    "OffsetMap",
    "check_regular_file",
    "ingest_bytes",
    "ingest_html",
    "ingest_path",
    "ingest_text",
    "opening_dateline",
    "standalone_dateline",
]


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
