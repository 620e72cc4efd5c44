"""Recognise wire copy and the conventions its feed imposed, so the clean stage can undo them edit by edit.

Press Association copy (as in METER, 1999–2000) ends every paragraph with a ``<`` mark, writes the pound sign
as ``#`` ("#500" is £500) and quotation marks as ``` `` ``` and ``''``, opens with a header block (rules of
dashes around a slug line "12:02 12/07/99: Page 1 (HHH) COURTS Axe") and closes with a sign-off ("end", "mf").
The functions here only find those places; :mod:`crossfact.clean` turns them into logged edits.

Only a text recognised as wire copy (:func:`is_wire_copy`) gets the character replacements, so a "#1" in a
web page stays a number sign. Outside wire copy a ``#`` becomes £ only before an amount with a scale word
("#220 million": a newspaper reprinting PA copy), never before a bare number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from crossfact import lang

# A paragraph mark closes a line; "<<" or a tag's "<" is not one.
PARAGRAPH_MARK = "<"
_MARKED = re.compile(r"(?<![<>])<[ \t]*$")
_RULE = re.compile(r"^\s*-{20,}\s*$")
# The slug line of a PA take: time, date, page, priority code, category and catchline.
_SLUG = re.compile(r"^\s*\d{1,2}:\d{2} \d{2}/\d{2}/\d{2}: Page \d+ \(\w+\)")
# Wire copy needs two marked paragraphs, or one beside a slug line (a one-paragraph "snap"): a single line
# ending in "<" is no convention. On METER dev all 361 PA texts qualify and none of the 473 newspaper texts.
_MIN_MARKED = 2
_SLUG_WINDOW = 8

_MARKS = tuple(sorted(lang.table("wire_marks"), key=lambda row: -len(row["mark"])))
_AMOUNT = r"\d[\d,]*(?:\.\d+)?"
_SCALE = lang.alternation(
    [row["word"] for row in lang.table("scales")] + [row["letter"] for row in lang.table("scale_letters")]
)
_SCALED_AMOUNT = rf"(?={_AMOUNT}\s?(?:{_SCALE})\b)"


def is_wire_copy(lines: Sequence[str]) -> bool:
    """Return whether the text of ``lines`` carries wire paragraph marks (see the module docstring)."""
    marked = sum(1 for line in lines if _MARKED.search(line))
    if marked >= _MIN_MARKED:
        return True
    return marked == 1 and any(_SLUG.match(line) for line in lines[:_SLUG_WINDOW])


def furniture_lines(lines: Sequence[str]) -> Iterator[int]:
    """Yield the indexes of a wire text's header rules, slug lines and closing sign-off."""
    last = max((index for index, line in enumerate(lines) if line.strip()), default=-1)
    signoffs = lang.words("wire_signoffs")
    for index, line in enumerate(lines):
        header = _RULE.match(line) or (index < _SLUG_WINDOW and _SLUG.match(line))
        if header or (index == last and _MARKED.sub("", line).strip().lower() in signoffs):
            yield index


def paragraph_mark(line: str) -> int | None:
    """Return the offset of the paragraph mark closing ``line`` in wire copy, or None."""
    match = _MARKED.search(line)
    return match.start() if match else None


def mark_replacements(text: str, *, wire: bool) -> Iterator[tuple[int, int, str]]:
    """Yield ``(start, end, written)`` for each stand-in character of ``text``; outside wire copy, only a
    ``#`` before a scaled amount."""
    if not wire:
        for row in _MARKS:
            if row["where"] == "amount":
                pattern = re.escape(row["mark"]) + _SCALED_AMOUNT
                for match in re.finditer(pattern, text, re.IGNORECASE):
                    yield match.start(), match.end(), row["written"]
        return
    alternatives = [
        re.escape(row["mark"]) + (rf"(?={_AMOUNT})" if row["where"] == "amount" else "") for row in _MARKS
    ]
    written = {row["mark"]: row["written"] for row in _MARKS}
    for match in re.finditer("|".join(alternatives), text):
        yield match.start(), match.end(), written[match.group()]
