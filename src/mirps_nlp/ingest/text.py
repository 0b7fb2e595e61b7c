"""Text to lines and back: the release as lines to classify, the kept lines joined into the
normalised text, and the :class:`OffsetMap` that leads every character of it back to the source.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

# Characters deleted from the text: invisible, never meaningful in a release, and they break
# token matching ("refu\u00adgee"). Lone surrogates only come from broken decoders.
_INVISIBLE = "\x00-\x08\x0e-\x1f\x7f-\x9f\u200b\u2060\ufeff\u00ad\ud800-\udfff"
# Visible words joined by single spaces: copied as they are, so one offset anchor covers them.
_PIECE = re.compile(rf"[^\s{_INVISIBLE}]+(?: [^\s{_INVISIBLE}]+)*")
_WHITESPACE = re.compile(r"\s")
_VISIBLE_CHAR = re.compile(rf"[^\s{_INVISIBLE}]")
_LINE_BREAK = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_FOLD = re.compile(rf"[\s{_INVISIBLE}]+")
_MARKDOWN_HEADING = re.compile(r"#{1,6}\s+")
_MARKDOWN_RULE = re.compile(r"^(?:-{3,}|\*{3,}|_{3,})$")
_LONG_LINE = 400


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
    dateline_place: str | None = None  # "Quito, 30 de junio de 2028" on a line of its own: "Quito"
    path: str | None = None
    url: str | None = None
    language: str = "en"
    warnings: list[str] = field(default_factory=list)
    offsets: OffsetMap | None = None


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
