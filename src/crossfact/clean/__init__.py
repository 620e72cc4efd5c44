"""Repair what scrapers break in article text, logging every edit so cleaned offsets map back to the raw input.

Repairs: lines hard-wrapped mid-sentence (by a column width or by a naive splitter that broke after "U.S."),
HTML tags and entities left in the text, flattened tables (pipes, ``---|---`` rows, stray ``< td >``),
unfinished ``| . . .`` tails, outlet banners and stock boilerplate lines, wire-copy conventions (PA's ``<``
paragraph marks, ``#`` for £, header block and sign-off: :mod:`crossfact.clean.wire`), and odd or repeated
whitespace. Typographic quotes and dashes are kept as written: they are evidence, and they tell apostrophes from quotes.

Every repair is an :class:`~crossfact.model.Edit` holding the raw characters it replaced, so text dropped from
the analysed text (a banner, a table) stays in the report and later checks can flag it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import partial
from pathlib import PurePath
from statistics import median

from crossfact import errors, lang
from crossfact.clean import wire
from crossfact.config import CleanConfig, Config
from crossfact.model import Article, Edit, EditReason
from crossfact.step import Resources, Step

# Reasons recorded in the edit log (the model's EditReason); the template_text check reads them.
WRAP: EditReason = "wrap"
MARKUP: EditReason = "markup"
ENTITY: EditReason = "entity"
TABLE: EditReason = "table"
BOILERPLATE: EditReason = "boilerplate"
SPACE: EditReason = "space"
WIRE: EditReason = "wire"
# The text past LimitsConfig.article_chars, kept in the edit log (issue 16).
LIMIT: EditReason = "limit"

# Abbreviations after which a line break is a scraper's mistake, not a sentence end: a naive splitter broke
# seed 000 after "U.S." twice ("The U.S.⏎State Department", "U.S.⏎President Donald Trump"). The splitter reads
# the same file (lang/en/abbreviations.tsv, column "wrap").
WRAP_ABBREVIATIONS = frozenset(
    row["abbreviation"] for row in lang.table("abbreviations") if row["wrap"] == "yes"
)

_TAG_NAMES = (
    "a|abbr|b|blockquote|body|br|caption|div|em|font|h[1-6]|head|hr|html|i|img|li|meta|nav|ol|p|script|"
    "section|small|span|strong|style|sub|sup|table|tbody|td|tfoot|th|thead|tr|u|ul"
)
# A tag as scrapers leave it, often with spaces inside ("< / th >") or with its "<" lost ("/tbody>").
_TAG = re.compile(
    rf"<\s*/?\s*(?:{_TAG_NAMES})\b[^<>\n]{{0,200}}?\s*/?\s*>|(?<![\w<])/\s*(?:{_TAG_NAMES})\s*>",
    re.IGNORECASE,
)
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});")
_TABLE_RULE = re.compile(r"^\s*\|?(?:\s*:?-{3,}:?\s*\|)+\s*(?::?-{3,}:?\s*)?$")
_UNFINISHED_TAIL = re.compile(r"\s*\|\s*(?:\.\s*){2,}$|\s*\|\s*$")
_ODD_SPACE = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACE_RUN = re.compile(r"[ \u00a0\u2000-\u200a\u202f\u205f\u3000\t]{2,}")
_BLANK_RUN = re.compile(r"\n(?:[ \t]*\n){2,}")
_TERMINAL = tuple('.!?:;"”’)]…')
_LIST_ITEM = re.compile(r"^\s*(?:[-*•–—]|\d{1,2}[.)])\s+")
_WORD = re.compile(r"\w+")
_SENTENCE_MARK = re.compile(r"[.!?]")

# Whole lines that are site furniture rather than reporting. Matched case-insensitively against the line.
_BOILERPLATE_LINE = re.compile(
    r"^(?:advertisement|advertising|sponsored(?: content)?|skip to (?:main )?content|"
    r"(?:click|tap) here\b.*|read more\b.{0,80}|related(?: articles| stories| coverage)?:?|"
    r"share (?:this|on)\b.{0,60}|follow us\b.{0,60}|sign up\b.{0,80}|subscribe\b.{0,80}|"
    r"(?:©|\(c\)|copyright)\s.{0,120}|all rights reserved\.?|.{0,80}\ball rights reserved\.?|"
    r"this (?:site|website) uses cookies\b.{0,120}|accept (?:all )?cookies)$",
    re.IGNORECASE,
)
# An outlet banner is a block of at least two short lines at the very top ("Miami News, KMIA" / "World News"
# in seed 002): a headline is one line, so a lone short first line is left alone.
_BANNER_MAX_WORDS = 5
_BANNER_MIN_LINES = 2
# A table cell with this many words and a sentence mark is prose that a flattened table swallowed.
_PROSE_MIN_WORDS = 10
# A text is column-wrapped when most lines are of similar, bounded length (Reuters wraps near 70, METER at 80).
_WRAP_MAX_WIDTH = 100
_WRAP_MIN_MEDIAN = 35
_WRAP_MIN_LINES = 4
_WRAP_FULL_LINE = 0.75
# A headline is one line of at most this many characters: the seeds' longest runs 150, and METER PA
# headlines ("TRIPLE AXE KILLER JAILED FOR LIFE") are far shorter; a longer first line is a paragraph.
_HEADLINE_MAX_CHARS = 200


@dataclass(frozen=True, slots=True)
class _Op:
    """Replace raw ``[start, end)`` with ``text``."""

    start: int
    end: int
    text: str
    reason: EditReason


@dataclass(frozen=True, slots=True)
class _Line:
    start: int
    end: int  # excludes the newline
    text: str


def clean_article(
    article: Article, *, config: CleanConfig | None = None, max_chars: int | None = None
) -> Article:
    """Return the article with ``text`` cleaned from ``raw``, ``edits`` logging every change, and its ``name``; a
    raw text over ``max_chars`` is cut at a paragraph break, with a warning saying so."""
    text, edits = clean_text(article.raw, config=config, max_chars=max_chars)
    name = article.name or article.title or headline(text) or PurePath(article.path).name or article.id
    if edits and edits[-1].reason == LIMIT:
        cut = errors.ARTICLE_CUT.format(size=len(article.raw), limit=max_chars, cut=edits[-1].raw_start)
        return replace(article, text=text, edits=edits, name=name, warnings=(*article.warnings, cut))
    return replace(article, text=text, edits=edits, name=name)


def headline(text: str) -> str | None:
    """Return the first line of a cleaned text when it reads as a headline (short, no closing full stop)."""
    first = text.split("\n", 1)[0].strip()
    if not first or len(first) > _HEADLINE_MAX_CHARS or first.endswith("."):
        return None
    if "\n" not in text:
        return None
    return first


def clean_text(
    raw: str, *, config: CleanConfig | None = None, max_chars: int | None = None
) -> tuple[str, tuple[Edit, ...]]:
    """Return the cleaned text of ``raw`` and the edits that turn one into the other; past ``max_chars``, the
    text ends at the last paragraph break before it and one edit (reason "limit") holds the rest."""
    config = config or CleanConfig()
    whole = raw
    if max_chars is not None and len(raw) > max_chars:
        raw = raw[: _cut_point(raw, max_chars)]
    lines = _lines(raw)
    dropped: set[int] = set()
    ops: list[_Op] = []
    if config.wire_conventions:
        ops.extend(_wire_ops(raw, lines, dropped))
    if config.drop_boilerplate:
        ops.extend(_boilerplate_ops(raw, lines, dropped))
    if config.strip_markup:
        ops.extend(_table_ops(raw, lines, dropped))
        ops.extend(_markup_ops(raw))
    if config.join_wrapped_lines:
        ops.extend(_wrap_ops(raw, lines, dropped))
    ops.extend(_space_ops(raw, lines))
    if len(whole) > len(raw):
        # The repairs above saw only the kept head, so none reaches past the cut.
        ops.append(_Op(len(raw), len(whole), "", LIMIT))
    return _apply(whole, ops)


def _cut_point(raw: str, limit: int) -> int:
    """Return where to cut ``raw`` to at most ``limit`` characters: after the last line break, else the last
    space, in the second half of the limit; else at the limit itself (a text without either)."""
    for mark in ("\n", " "):
        at = raw.rfind(mark, limit // 2, limit)
        if at >= 0:
            return at + 1
    return limit


def raw_offset(edits: tuple[Edit, ...], offset: int) -> int:
    """Return the raw-input offset of cleaned ``offset`` (an offset inside an edit maps to the edit's start)."""
    shift = 0
    for edit in edits:
        if offset < edit.start:
            break
        if offset < edit.end:
            return edit.raw_start
        shift = edit.raw_end - edit.end
    return offset + shift


def _lines(raw: str) -> list[_Line]:
    lines = []
    start = 0
    for piece in raw.split("\n"):
        lines.append(_Line(start, start + len(piece), piece))
        start += len(piece) + 1
    return lines


def _drop_line(raw: str, line: _Line, reason: EditReason) -> _Op:
    """Return the op dropping ``line`` with the blank lines after it, so no gap of blank lines is left."""
    end = line.end
    while end < len(raw) and raw[end] == "\n":
        end += 1
        following = raw.find("\n", end)
        rest = raw[end : following if following >= 0 else len(raw)]
        if rest.strip():
            break
        end += len(rest)
    if end >= len(raw) and not raw[line.end :].strip():
        # The last line: take the breaks before it instead, so the text does not end in blank lines.
        start = len(raw[: line.start].rstrip())
        return _Op(start, len(raw), "", reason)
    return _Op(line.start, end, "", reason)


def _wire_ops(raw: str, lines: list[_Line], dropped: set[int]) -> Iterator[_Op]:
    texts = [line.text for line in lines]
    is_wire = wire.is_wire_copy(texts)
    if is_wire:
        for index in wire.furniture_lines(texts):
            dropped.add(index)
            yield _drop_line(raw, lines[index], WIRE)
        for index, line in enumerate(lines):
            mark = wire.paragraph_mark(line.text)
            if mark is None or index in dropped:
                continue
            start = line.start + mark
            following = index + 1
            if following < len(lines) and following not in dropped and lines[following].text.strip():
                # "today.<⏎Alan Hobbs" ends a paragraph: the mark and the line break become a blank line.
                yield _Op(start, line.end + 1, "\n\n", WIRE)
            else:
                yield _Op(start, line.end, "", WIRE)
    for start, end, written in wire.mark_replacements(raw, wire=is_wire):
        yield _Op(start, end, written, WIRE)


def _boilerplate_ops(raw: str, lines: list[_Line], dropped: set[int]) -> Iterator[_Op]:
    banner: list[int] = []
    for index, line in enumerate(lines):
        stripped = line.text.strip()
        if not stripped:
            if banner:
                break
            continue
        if len(_WORD.findall(stripped)) > _BANNER_MAX_WORDS or stripped.endswith((".", "!", "?", '"', "”")):
            banner = []
            break
        banner.append(index)
    rest_has_text = any(line.text.strip() for line in lines[(banner[-1] + 1 if banner else 0) :])
    if len(banner) >= _BANNER_MIN_LINES and rest_has_text:
        for index in banner:
            dropped.add(index)
            yield _drop_line(raw, lines[index], BOILERPLATE)
    for index, line in enumerate(lines):
        if index not in dropped and _BOILERPLATE_LINE.match(line.text.strip()):
            dropped.add(index)
            yield _drop_line(raw, line, BOILERPLATE)


def _is_prose(cell: str) -> bool:
    words = _WORD.findall(_TAG.sub(" ", cell))
    return len(words) >= _PROSE_MIN_WORDS and bool(_SENTENCE_MARK.search(cell))


def _is_row(lines: list[_Line], index: int) -> bool:
    text = lines[index].text
    if text.count("|") >= 2 or text.rstrip().endswith("|") or _TABLE_RULE.match(text):
        return True
    # One pipe makes a row only beside other rows or with cell tags in it ("PROCUREMENT | < td >Improved").
    neighbours = [lines[i].text for i in (index - 1, index + 1) if 0 <= i < len(lines)]
    return "|" in text and (bool(_TAG.search(text)) or any(n.count("|") >= 2 for n in neighbours))


def _table_ops(raw: str, lines: list[_Line], dropped: set[int]) -> Iterator[_Op]:
    for index, line in enumerate(lines):
        if index in dropped or "|" not in line.text or not _is_row(lines, index):
            continue
        if _TABLE_RULE.match(line.text):
            dropped.add(index)
            yield _drop_line(raw, line, TABLE)
            continue
        # Keep the prose a flattened row swallowed (seed 003's closing paragraph follows "| /table>").
        cells: list[tuple[int, int]] = []
        position = 0
        for cell in line.text.split("|"):
            cells.append((position, position + len(cell)))
            position += len(cell) + 1
        prose = [(a, b) for a, b in cells if _is_prose(line.text[a:b])]
        if not prose:
            dropped.add(index)
            yield _drop_line(raw, line, TABLE)
            continue
        first = prose[0][0]
        first += len(line.text[first:]) - len(line.text[first:].lstrip())
        while match := _TAG.match(line.text, first):
            first = match.end() + len(line.text[match.end() :]) - len(line.text[match.end() :].lstrip())
        last = prose[-1][1]
        last -= len(line.text[:last]) - len(line.text[:last].rstrip())
        if first > 0:
            yield _Op(line.start, line.start + first, "", TABLE)
        if last < len(line.text):
            yield _Op(line.start + last, line.end, "", TABLE)


def _markup_ops(raw: str) -> Iterator[_Op]:
    for match in _TAG.finditer(raw):
        start, end = match.span()
        before = raw[start - 1] if start else " "
        after = raw[end] if end < len(raw) else " "
        # A tag glued between two words stood for a break; dropping it must not weld the words together.
        glue = " " if before.isalnum() and after.isalnum() else ""
        if before.isspace():
            # Take the spaces after the tag too, so "word < td > word" leaves one space, not two.
            while end < len(raw) and raw[end] in " \t":
                end += 1
        yield _Op(start, end, glue, MARKUP)
    for match in _ENTITY.finditer(raw):
        decoded = _ODD_SPACE.sub(" ", html.unescape(match.group()))
        if decoded != match.group():
            yield _Op(match.start(), match.end(), decoded, ENTITY)


def _is_column_wrapped(lines: list[_Line]) -> tuple[bool, int]:
    lengths = [len(line.text.rstrip()) for line in lines if line.text.strip()]
    if len(lengths) < _WRAP_MIN_LINES or max(lengths) > _WRAP_MAX_WIDTH:
        return False, 0
    width = sorted(lengths)[int(0.9 * (len(lengths) - 1))]
    return median(lengths) >= _WRAP_MIN_MEDIAN, width


def _wrap_ops(raw: str, lines: list[_Line], dropped: set[int]) -> Iterator[_Op]:
    wrapped, width = _is_column_wrapped(lines)
    for index in range(len(lines) - 1):
        if index in dropped or index + 1 in dropped:
            continue
        line, following = lines[index].text.rstrip(), lines[index + 1].text
        if not line.strip() or not following.strip() or _LIST_ITEM.match(following):
            continue
        if _should_join(line, following, wrapped=wrapped, width=width):
            newline = lines[index].end
            head = following.lstrip()
            hyphenated = line.endswith("-") and line[-2:-1].isalpha() and head[:1].islower()
            yield _Op(newline, newline + 1, "" if hyphenated else " ", WRAP)


def _should_join(line: str, following: str, *, wrapped: bool, width: int) -> bool:
    # An indented next line opens a paragraph in wire copy (Reuters indents with four spaces).
    indented = following[:1] in (" ", "\t")
    head = following.lstrip()
    last_word = line.rsplit(None, 1)[-1].lower()
    if last_word in WRAP_ABBREVIATIONS and (head[:1].isupper() or head[:1].isdigit()):
        return not indented
    if not line.endswith(_TERMINAL) and head[:1].islower():
        return True
    if wrapped and not indented:
        # In column-wrapped text a full line was broken by width; a short one ended its paragraph.
        return len(line) >= _WRAP_FULL_LINE * width or not line.endswith(_TERMINAL)
    return False


def _space_ops(raw: str, lines: list[_Line]) -> Iterator[_Op]:
    for line in lines:
        text = line.text
        lead = len(text) - len(text.lstrip(" \t\u00a0\u3000\u2000\u2001\u2002\u2003\u2009\u202f"))
        if lead:
            yield _Op(line.start, line.start + lead, "", SPACE)
        trail = len(text) - len(text.rstrip())
        if trail and trail < len(text) - lead + trail:
            yield _Op(line.end - trail, line.end, "", SPACE)
        body_start, body_end = line.start + lead, line.end - trail
        for match in _SPACE_RUN.finditer(raw, body_start, body_end):
            yield _Op(match.start(), match.end(), " ", SPACE)
        for match in _ODD_SPACE.finditer(raw, body_start, body_end):
            yield _Op(match.start(), match.end(), " ", SPACE)
        for match in _ZERO_WIDTH.finditer(raw, body_start, body_end):
            yield _Op(match.start(), match.end(), "", SPACE)
    for match in _BLANK_RUN.finditer(raw):
        yield _Op(match.start(), match.end(), "\n\n", SPACE)
    leading = len(raw) - len(raw.lstrip())
    if leading:
        yield _Op(0, leading, "", SPACE)
    trailing = len(raw) - len(raw.rstrip())
    if trailing and trailing < len(raw):
        yield _Op(len(raw) - trailing, len(raw), "", SPACE)


def _apply(raw: str, ops: list[_Op]) -> tuple[str, tuple[Edit, ...]]:
    # Sweep by start: an earlier, longer op (a dropped line) wins over the smaller ones inside it.
    ops.sort(key=lambda op: (op.start, -(op.end - op.start)))
    pieces: list[str] = []
    edits: list[Edit] = []
    position = 0
    length = 0
    for op in ops:
        if op.start == op.end and not op.text:
            continue
        if op.start < position:
            last = edits[-1] if edits else None
            if last and op.end > position and not op.text and last.start == last.end:
                # Two overlapping deletions (a dropped last line reaching back over a dropped row): unite them.
                edits[-1] = replace(last, raw_end=op.end, raw=raw[last.raw_start : op.end])
                position = op.end
            continue
        if op.text == raw[op.start : op.end]:
            continue
        kept = raw[position : op.start]
        pieces.append(kept)
        length += len(kept)
        pieces.append(op.text)
        edits.append(Edit(length, length + len(op.text), op.start, op.end, raw[op.start : op.end], op.reason))
        length += len(op.text)
        position = op.end
    pieces.append(raw[position:])
    return "".join(pieces), tuple(edits)


def _build(config: Config, resources: Resources) -> Callable[[Article], Article]:
    return partial(clean_article, config=config.clean, max_chars=config.limits.article_chars)


STEP: Step[Article] = Step(
    "clean",
    "article",
    _build,
    requires=("article.raw",),
    assigns=("article.text", "article.edits", "article.name", "article.warnings"),
    section="clean",
)
