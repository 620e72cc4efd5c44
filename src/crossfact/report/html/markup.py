"""Safe HTML pieces for ``report.html``: article text with highlighted spans, checked links and anchor ids.

Article text is untrusted. Highlighted text is built by slicing the text at span offsets and escaping each
slice (:func:`mark_text`), never by pasting tags into the text; a link leaves the page only to an http(s)
address (:func:`safe_href`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from markupsafe import Markup, escape

from crossfact.report.json import SpanMismatch

# Kinds of highlighted span, outermost first when two start and end at the same offsets. ``fact`` is a sentence
# anchor (invisible until a link targets it).
MARK_KINDS = ("fact", "quote", "evidence", "speaker", "entity", "quantity", "time")

_CLASS_SAFE = re.compile(r"[^a-z0-9_-]")


@dataclass(frozen=True, slots=True)
class Mark:
    """A run ``[start, end)`` of a text to highlight: ``kind`` is one of :data:`MARK_KINDS` (the colour),
    ``title`` the tooltip and ``anchor`` an ``id`` for links (put on the first piece when the mark is split)."""

    start: int
    end: int
    kind: str
    title: str = ""
    anchor: str | None = None


def mark_text(text: str, marks: Iterable[Mark], *, start: int = 0, end: int | None = None) -> Markup:
    """Return ``text[start:end]`` as escaped HTML with every mark wrapped in an element.

    Marks may nest, overlap or coincide: a mark that crosses the end of another is closed and reopened around
    it (the reopened piece carries ``data-cont``), so the markup is always well nested and the text content
    of the result is exactly ``text[start:end]``. Marks are clipped to the window; empty ones are ignored.
    Raises :class:`SpanMismatch` for a mark that lies outside ``text``.
    """
    end = len(text) if end is None else end
    if not 0 <= start <= end <= len(text):
        raise SpanMismatch(f"window [{start}, {end}) lies outside a text of {len(text)} characters")
    order = {kind: rank for rank, kind in enumerate(MARK_KINDS)}
    clipped: list[Mark] = []
    for mark in marks:
        if not 0 <= mark.start <= mark.end <= len(text):
            raise SpanMismatch(f"{mark} lies outside a text of {len(text)} characters")
        lo, hi = max(mark.start, start), min(mark.end, end)
        if lo < hi:
            clipped.append(Mark(lo, hi, mark.kind, mark.title, mark.anchor))
    # Outer marks first: earlier start, then longer, then the kind order above.
    clipped.sort(key=lambda m: (m.start, -m.end, order.get(m.kind, len(order)), m.title))
    boundaries = sorted({start, end, *(m.start for m in clipped), *(m.end for m in clipped)})
    pieces: list[str] = []
    stack: list[Mark] = []
    anchored: set[str] = set()
    position, index = start, 0

    def open_tag(mark: Mark, *, cont: bool) -> str:
        tag = "span" if mark.kind == "fact" else "mark"
        kind = _CLASS_SAFE.sub("", mark.kind.lower())
        attrs = f' class="mk mk-{kind}"'
        if mark.anchor and not cont and mark.anchor not in anchored:
            anchored.add(mark.anchor)
            attrs += f' id="{escape(mark.anchor)}"'
        if mark.title:
            attrs += f' title="{escape(mark.title)}"'
        if cont:
            attrs += " data-cont"
        return f"<{tag}{attrs}>"

    def close_tag(mark: Mark) -> str:
        return "</span>" if mark.kind == "fact" else "</mark>"

    for boundary in boundaries:
        pieces.append(str(escape(text[position:boundary])))
        position = boundary
        ending = [i for i, mark in enumerate(stack) if mark.end == boundary]
        if ending:
            first = ending[0]
            reopen = sorted((m for m in stack[first:] if m.end != boundary), key=lambda m: -m.end)
            pieces.extend(close_tag(mark) for mark in reversed(stack[first:]))
            del stack[first:]
            for mark in reopen:
                pieces.append(open_tag(mark, cont=True))
                stack.append(mark)
        while index < len(clipped) and clipped[index].start == boundary:
            pieces.append(open_tag(clipped[index], cont=False))
            stack.append(clipped[index])
            index += 1
    return Markup("".join(pieces))


def safe_href(url: str | None) -> str | None:
    """Return ``url`` if it is an http(s) address a link may point at, else None (``javascript:`` and co.)."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def fragment(anchor: str) -> str:
    """Return ``#anchor`` percent-encoded for an ``href``."""
    return "#" + quote(anchor, safe="-._~:")


def article_anchor(article_id: str) -> str:
    """Return the ``id`` of an article's section (``report.html#article-<id>``)."""
    return f"article-{article_id}"


def fact_anchor(article_id: str, fact_id: str) -> str:
    """Return the ``id`` of a fact's sentence in its article's text (fact ids are unique per article)."""
    return f"fact-{article_id}-{fact_id}"


def claim_anchor(claim_id: str) -> str:
    """Return the ``id`` of a claim's row (``report.html#claim-<id>``)."""
    return f"claim-{claim_id}"


def finding_anchor(finding_id: str) -> str:
    """Return the ``id`` of a finding (``report.html#finding-<id>``)."""
    return f"finding-{finding_id}"
