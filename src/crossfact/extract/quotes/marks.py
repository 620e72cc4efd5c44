"""Find the quotation marks of a text, tell them from apostrophes and pair them into outermost quotes."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from crossfact.extract.quotes.cues import CUE_AT_END

_MARK = re.compile(r"''|``|[\"“”„‟«»'‘’‚‛]")
_MARK_CHARS = frozenset("\"“”„‟«»'‘’‚‛`")
_INTRODUCERS = frozenset(",:;—–-(\n.!?…")
_BEFORE_OPENER = frozenset("([{<—–-/") | _MARK_CHARS
_AFTER_CLOSER = frozenset(".,;:!?)]}>—–-/…") | _MARK_CHARS
# ’90s, '16, 'em, 'til, rock 'n' roll: a single mark that starts a word but opens nothing.
_ELISION = re.compile(r"\d\d(?:s\b|\b)|(?:em|til|tis|twas|n)\b(?!['’]\w)", re.IGNORECASE)

DOUBLE, SINGLE = '"', "'"
OPEN, CLOSE, EITHER, WEAK = "open", "close", "either", "weak"


@dataclass(frozen=True, slots=True)
class Mark:
    """One quotation mark: where it stands, its family (DOUBLE, SINGLE) and role (OPEN, CLOSE, EITHER, WEAK)."""

    start: int
    end: int
    family: str
    role: str
    paragraph: int
    leads: bool  # the first thing on its line
    # What stands before it can introduce a whole statement: line start, ", " ": " "— " or a cue ("said “...").
    introduced: bool


def paragraph_starts(text: str) -> list[tuple[int, int]]:
    """Return (line start, first non-space offset) for every non-blank line, numbered like split's paragraphs."""
    starts = []
    position = 0
    for line in text.split("\n"):
        stripped = len(line) - len(line.lstrip())
        if stripped < len(line):
            starts.append((position, position + stripped))
        position += len(line) + 1
    return starts


def find_marks(text: str, paragraphs: Sequence[tuple[int, int]]) -> Iterator[Mark]:
    """Yield the quotation marks of ``text`` in order, apostrophes left out."""
    line_starts = [start for start, _ in paragraphs]
    for match in _MARK.finditer(text):
        kind = _classify(text, match.start(), match.end())
        if kind is None:
            continue
        paragraph = max(bisect_right(line_starts, match.start()) - 1, 0)
        leads = paragraphs[paragraph][1] == match.start() if paragraphs else False
        before = end_before_space(text, match.start())
        introduced = (
            leads
            or before == 0
            or text[before - 1] in _INTRODUCERS
            or CUE_AT_END.search(text, max(0, before - 30), before) is not None
        )
        yield Mark(match.start(), match.end(), kind[0], kind[1], paragraph, leads, introduced)


def _classify(text: str, start: int, end: int) -> tuple[str, str] | None:
    """Return (family, role) of the mark at ``text[start:end]``, or None for an apostrophe."""
    mark = text[start:end]
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if before == "=":
        return None  # an attribute value in leftover markup: tweet-id="7834..."
    can_open = not after.isspace() and (before.isspace() or before in _BEFORE_OPENER)
    can_close = not before.isspace() and (after.isspace() or after in _AFTER_CLOSER)
    if mark in ("“", "„", "‟", "«", "``"):
        return DOUBLE, CLOSE if mark == "“" and can_close and not can_open else OPEN
    if mark in ("”", "»"):
        return DOUBLE, OPEN if can_open and not can_close else CLOSE
    if mark in ('"', "''"):
        if can_open != can_close:
            return DOUBLE, OPEN if can_open else CLOSE
        return DOUBLE, EITHER
    if before.isalnum() and after.isalnum():
        return None  # Japan’s, we’ve, don't
    if can_open and not can_close:
        if mark == "’" or _ELISION.match(text, end):
            return None  # ’90s, 'em: a closing glyph or an elision at the start of a word
        return SINGLE, OPEN
    if mark in ("‘", "‚", "‛"):
        return None
    if can_close and not can_open:
        if start >= 2 and text[start - 2] in "'’" and before.isalpha():
            return None  # the second mark of rock 'n' roll
        # "the voters' concerns" and "'playing both sides' in" look alike; the pairing decides.
        return SINGLE, WEAK if before in "sS" and after.isspace() else CLOSE
    if not can_open and before in ".,!?…":
        return SINGLE, CLOSE  # ".’The" with the space lost
    return None


def pair_marks(marks: Sequence[Mark]) -> list[tuple[Mark, Mark]]:
    """Return the outermost (opening, closing) pairs in text order; unbalanced marks pair with nothing."""
    pairs: list[tuple[Mark, Mark]] = []
    stack: list[Mark] = []
    paragraph = -1
    for index, mark in enumerate(marks):
        if mark.paragraph != paragraph:
            stack = _carried(stack, marks, index, paragraph)
            paragraph = mark.paragraph
        open_at = _find(stack, mark.family)
        role = mark.role
        if role == EITHER:
            role = CLOSE if open_at is not None else OPEN
        elif role == WEAK:
            if open_at is None or _surer_close_follows(marks, index):
                continue
            role = CLOSE
        if role == OPEN:
            if open_at is not None:
                if mark.leads and stack[open_at].paragraph < mark.paragraph:
                    continue  # the quote runs on: a new paragraph repeats the opening mark
                del stack[open_at:]  # the earlier opener was never closed: it alone is lost
            stack.append(mark)
        elif open_at is not None:
            pairs.append((stack[open_at], mark))
            del stack[open_at:]
    pairs.sort(key=lambda pair: pair[0].start)
    outermost: list[tuple[Mark, Mark]] = []
    for pair in pairs:
        if not outermost or pair[0].start >= outermost[-1][1].end:
            outermost.append(pair)
    return outermost


def _find(stack: Sequence[Mark], family: str) -> int | None:
    for position in range(len(stack) - 1, -1, -1):
        if stack[position].family == family:
            return position
    return None


def _carried(stack: list[Mark], marks: Sequence[Mark], index: int, paragraph: int) -> list[Mark]:
    """Keep the openers that the paragraph starting at ``marks[index]`` continues (reopens or closes)."""
    if not stack:
        return stack
    current = marks[index].paragraph
    if current != paragraph + 1:
        return []
    kept = []
    # Only a quote that starts a statement runs on into the next paragraph; a stray mark inside a sentence
    # ("An “unbalanced mark") must not swallow the quote that opens the next paragraph.
    for opener in (opener for opener in stack if opener.introduced):
        first = next(
            (m for m in _same_paragraph(marks, index) if m.family == opener.family),
            None,
        )
        if first is not None and (first.leads or first.role != OPEN):
            kept.append(opener)
    return kept


def _same_paragraph(marks: Sequence[Mark], index: int) -> Iterator[Mark]:
    """Yield ``marks[index]`` and the marks after it in the same paragraph."""
    for position in range(index, len(marks)):
        if marks[position].paragraph != marks[index].paragraph:
            return
        yield marks[position]


def _surer_close_follows(marks: Sequence[Mark], index: int) -> bool:
    mark = marks[index]
    following = next((m for m in _same_paragraph(marks, index + 1) if m.family == mark.family), None)
    return following is not None and following.paragraph == mark.paragraph and following.role == CLOSE


def content_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Return ``(start, end)`` narrowed past whitespace and a ``,;:`` put before the closing mark."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end


def end_before_space(text: str, end: int) -> int:
    """Return ``end`` moved left past whitespace (``len(text[:end].rstrip())`` without the copy)."""
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end
