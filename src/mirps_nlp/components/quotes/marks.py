"""Pairing quotation marks in a press release, in one linear pass per paragraph.

Real releases mix straight and curly marks in one quote (``"… change,” she noted``), use
guillemets, nest single quotes inside double ones, forget a closing mark, and are full of
apostrophes (``Panama's``, ``countries’``) that look like single quotes. The role of each
mark (opening or closing) is read from the characters around it first and from the glyph
only when the context is undecided, so a mis-typed curly mark still pairs. Quotations never
cross a paragraph: a mark still open at a paragraph's end is closed there, with a warning,
unless the next paragraph opens a quote again (the typographic convention for a quotation
that runs over several paragraphs).

Spanish writes dialogue with dashes instead of marks (``—Es un paso histórico —dijo la
canciller—. Seguiremos.``): where the language lists dialogue dashes, a paragraph that opens with
one is speech, the aside (a dash before a lower-case word, up to the next dash) is not, and the
words on either side of the aside are two quotations, as a split quote is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPEN, CLOSE, TOGGLE = 1, 2, 3

# Double marks and guillemets form one family; single marks only pair in paragraphs without
# double marks (elsewhere they are nested quotes or apostrophes, both part of the text).
_DOUBLE = re.compile(r"[\"“”„‟«»]")
_SINGLE = re.compile(r"['‘’‹›]")
_OPENING_GLYPHS = frozenset("“„‟«‘‹")
_CLOSING_GLYPHS = frozenset("”»’›")
_BEFORE_OPENING = frozenset("([{—–-/\u00a0") | _OPENING_GLYPHS | {'"', "'"}
_AFTER_CLOSING = frozenset(".,;:!?)]}…—–-/") | _CLOSING_GLYPHS | {'"', "'"}
_MAX_DEPTH = 4


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """One top-level quotation: ``start``/``end`` include the marks, ``text_*`` exclude them."""

    start: int
    end: int
    text_start: int
    text_end: int
    closed: bool = True
    continues: bool = False  # unclosed, and the next paragraph opens a quote: same speaker


@dataclass(slots=True)
class MarkScan:
    """What :func:`pair_quotes` found: quotations in order plus notes for the record's warnings."""

    quotes: list[QuoteSpan]
    warnings: list[str]


def pair_quotes(text: str, dialogue_dashes: frozenset[str] = frozenset()) -> MarkScan:
    """Every top-level quotation in ``text``; linear in the length of the text.

    ``dialogue_dashes``: the marks that open a line of dialogue in the release's language
    (none in English, where a paragraph opening with a dash is a byline or a list item).
    """
    quotes: list[QuoteSpan] = []
    warnings: list[str] = []
    doubles = [m.start() for m in _DOUBLE.finditer(text)]
    singles = [m.start() for m in _SINGLE.finditer(text)]
    paragraphs = _paragraphs(text)
    di = si = 0
    for index, (p_start, p_end) in enumerate(paragraphs):
        p_doubles: list[int] = []
        while di < len(doubles) and doubles[di] < p_end:
            if doubles[di] >= p_start:
                p_doubles.append(doubles[di])
            di += 1
        p_singles: list[int] = []
        while si < len(singles) and singles[si] < p_end:
            if singles[si] >= p_start:
                p_singles.append(singles[si])
            si += 1
        next_opens = index + 1 < len(paragraphs) and _opens_quote(text, paragraphs[index + 1])
        mid = _dialogue_after_sentence(text, p_start, p_end, dialogue_dashes) if dialogue_dashes else None
        if dialogue_dashes and _opens_dialogue(text, p_start, p_end, dialogue_dashes):
            quotes.extend(_dialogue(text, p_start, p_end, dialogue_dashes))
        elif mid is not None and not any(d > mid for d in p_doubles):
            # "Rosaura ahorra para traer a su madre. —Todavía sueño con mi casa —dice—, pero …"
            head = [d for d in p_doubles if d < mid]
            if head:
                _pair_paragraph(text, head, p_start, mid, False, quotes, warnings, strict=False)
            quotes.extend(_dialogue(text, mid, p_end, dialogue_dashes))
        elif p_doubles:
            _pair_paragraph(text, p_doubles, p_start, p_end, next_opens, quotes, warnings, strict=False)
        elif p_singles:
            _pair_paragraph(text, p_singles, p_start, p_end, False, quotes, None, strict=True)
    return MarkScan(quotes, warnings)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty line, trailing whitespace excluded."""
    out: list[tuple[int, int]] = []
    start = 0
    size = len(text)
    while start <= size:
        nl = text.find("\n", start)
        end = size if nl < 0 else nl
        s, e = start, end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
        if nl < 0:
            break
        start = nl + 1
    return out


def _opens_dialogue(text: str, p_start: int, p_end: int, dashes: frozenset[str]) -> bool:
    """``—Texto``: a dash glued to the first word of the paragraph (``— item`` is a list)."""
    first = text[p_start + 1] if p_end - p_start > 2 else " "
    return text[p_start] in dashes and (first.isalnum() or first in "¿¡«“\"")


def _dialogue_after_sentence(text: str, p_start: int, p_end: int, dashes: frozenset[str]) -> int | None:
    """Where a line of dialogue opens after a sentence of narration in the same paragraph: a dash
    after ". " glued to a capital or an opening mark, with a further dash (the aside) after it."""
    for j in range(p_start + 2, p_end - 2):
        if (
            text[j] in dashes
            and text[j - 1] == " "
            and text[j - 2] in ".!?"
            and (text[j + 1].isupper() or text[j + 1] in "¿¡")
            and any(text[k] in dashes for k in range(j + 2, p_end))
        ):
            return j
    return None


def _dialogue(text: str, p_start: int, p_end: int, dashes: frozenset[str]) -> list[QuoteSpan]:
    """The spoken parts of a dialogue paragraph: ``—A —dijo X—. B`` gives A and B."""
    out: list[QuoteSpan] = []
    seg, mark = p_start + 1, p_start
    while seg < p_end:
        aside = -1
        for j in range(seg + 1, p_end - 1):
            # an aside opens with a dash after a space, glued to a lower-case word: " —dijo"
            if text[j] in dashes and text[j - 1].isspace() and text[j + 1].isalpha() and text[j + 1].islower():
                aside = j
                break
        end = aside if aside >= 0 else p_end
        while end > seg and (text[end - 1].isspace() or (aside >= 0 and text[end - 1] == ",")):
            end -= 1
        if aside < 0 and end - seg > 1 and text[end - 1] == "." and text[end - 2] != ".":
            end -= 1  # the paragraph's full stop closes the line, not the words ("… —dijo—. B." gives "B")
        if end > seg and any(c.isalnum() for c in text[seg:end]):
            out.append(QuoteSpan(mark, end, seg, end))
        if aside < 0:
            break
        close = aside + 1
        while close < p_end and text[close] not in dashes:
            close += 1
        seg = close + 1
        while seg < p_end and (text[seg].isspace() or text[seg] in ".,;:"):
            seg += 1
        mark = seg
    return out


def _opens_quote(text: str, paragraph: tuple[int, int]) -> bool:
    first = text[paragraph[0]]
    return first in _OPENING_GLYPHS or first == '"'


def mark_role(text: str, i: int, lo: int, hi: int, strict: bool = False) -> int:
    """OPEN, CLOSE, TOGGLE (a straight mark the context cannot decide) or 0 (not a mark).

    ``strict`` is for single marks: one between two letters or digits is an apostrophe
    (``don't``, ``Panama’s``), never a quotation mark.
    """
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < hi else " "
    if strict and before.isalnum() and after.isalnum():
        return 0
    left_flank = before.isspace() or before in _BEFORE_OPENING
    right_flank = after.isspace() or after in _AFTER_CLOSING
    can_open = left_flank and not after.isspace()
    can_close = not before.isspace() and right_flank
    if strict and can_open and not (after.isalnum() or after in "¿¡…"):
        can_open = False
    if can_open and not can_close:
        return OPEN
    if can_close and not can_open:
        return CLOSE
    glyph = text[i]
    if glyph in _OPENING_GLYPHS:
        return OPEN
    if glyph in _CLOSING_GLYPHS:
        return CLOSE
    return 0 if strict else TOGGLE


def _pair_paragraph(
    text: str,
    marks: list[int],
    p_start: int,
    p_end: int,
    next_opens: bool,
    quotes: list[QuoteSpan],
    warnings: list[str] | None,
    strict: bool,
) -> None:
    """Stack pairing of the marks of one paragraph; appends its top-level quotations."""
    stack: list[int] = []
    pairs: list[tuple[int, int, int]] = []  # (open, close, depth)
    for pos in marks:
        role = mark_role(text, pos, p_start, p_end, strict=strict)
        if role == 0:
            continue
        if role == TOGGLE:
            role = CLOSE if stack else OPEN
        if role == OPEN:
            if len(stack) < _MAX_DEPTH:
                stack.append(pos)
        elif stack:
            opened = stack.pop()
            pairs.append((opened, pos, len(stack)))
        elif warnings is not None:
            warnings.append(f"quotes: closing quotation mark without an opening one at character {pos}")
    top = [(o, c) for o, c, depth in pairs if depth == 0]
    closed_spans = [QuoteSpan(o, c + 1, o + 1, c) for o, c in top]
    if stack and (warnings is not None or not strict):
        unclosed = stack[0]
        inner = [o for o, _c, depth in pairs if depth >= 1 and o > unclosed]
        if inner:
            # ``“A. “B,” she said.``: the first quote lost its closing mark; it ends where the next opens.
            stop = min(inner)
            closed_spans.extend(QuoteSpan(o, c + 1, o + 1, c) for o, c, depth in pairs if depth == 1)
            end = stop
            while end > unclosed + 1 and text[end - 1].isspace():
                end -= 1
            closed_spans.append(QuoteSpan(unclosed, end, unclosed + 1, end, closed=False))
            if warnings is not None:
                warnings.append(
                    f"quotes: unclosed quotation mark at character {unclosed}, closed before the next quotation"
                )
        else:
            closed_spans.append(
                QuoteSpan(unclosed, p_end, unclosed + 1, p_end, closed=False, continues=next_opens)
            )
            if warnings is not None and not next_opens:
                warnings.append(
                    f"quotes: unclosed quotation mark at character {unclosed}, closed at the paragraph end"
                )
    closed_spans.sort(key=lambda q: q.start)
    for span in closed_spans:
        if span.text_end > span.text_start and text[span.text_start : span.text_end].strip():
            quotes.append(span)
