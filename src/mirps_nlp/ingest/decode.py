"""Bytes to text: size caps, formats refused by their magic bytes, encoding detection, and the
characters an XML parser or a tokenizer must never see.
"""

from __future__ import annotations

import re
import stat
from pathlib import Path
from typing import Literal

from mirps_nlp.errors import InputError

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
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_HTML_SNIFF = re.compile(
    r"<(?:!doctype\s+html|html|head|body|p|div|br|span|h[1-6]|article|section|table|li|a\s)\b", re.I
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w:.-]+)""", re.I)


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
