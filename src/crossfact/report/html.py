"""Render a Report as ``report.html``: one self-contained page a fact-checker can read offline.

The page shows a summary, the claims with their sources, the findings with their evidence in context, every
article with its spans highlighted, a provenance graph, a timeline, the cleaning edits, the skipped inputs and
the run. It makes no network request: CSS, SVG and a little JavaScript are inline, and a Content-Security-Policy
allows only those (by hash), so even a markup bug could not make untrusted article text run.

Article text is untrusted. Every piece of it is escaped; highlighted text is built by slicing ``article.text``
at span offsets and escaping each slice (:func:`mark_text`), never by pasting tags into the text.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import PurePath
from urllib.parse import quote, urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from crossfact.model import Article, Claim, Fact, Finding, Report, ReuseLink, Span, TimelineEntry
from crossfact.report.json import SpanMismatch

# Kinds of highlighted span, outermost first when two start and end at the same offsets. The legend shows them
# in this order; ``fact`` is a sentence anchor (invisible until a link targets it), so it has no legend entry.
MARK_KINDS = ("fact", "quote", "evidence", "speaker", "entity", "quantity", "time")
LEGEND = (
    ("entity", "entity mention"),
    ("quantity", "quantity"),
    ("time", "time expression"),
    ("quote", "quoted words"),
    ("speaker", "quote speaker"),
    ("evidence", "finding evidence"),
)
SEVERITIES = ("error", "warning", "info")
CLAIM_STATUSES = ("corroborated", "single_source", "conflicting")
# Characters of context shown on either side of a finding's evidence when its sentence is longer, or unknown.
CONTEXT_CHARS = 240
# Family colours of the provenance graph (ColorBrewer "Dark2" without its grey, then three of "Paired": all
# readable on white); families beyond ten reuse them, and the node tooltip names the family anyway. Grey is
# kept for articles in no family.
PALETTE = (
    "#1b9e77",
    "#d95f02",
    "#7570b3",
    "#e7298a",
    "#66a61e",
    "#e6ab02",
    "#a6761d",
    "#1f78b4",
    "#b15928",
    "#6a3d9a",
)
REUSE_COLOURS = {
    "verbatim": "#c0392b",
    "paraphrase": "#d35400",
    "shared_quote": "#8e44ad",
    "other": "#555555",
}
# Above this many nodes the graph drops its text labels (tooltips and links stay): they would overlap.
GRAPH_LABEL_LIMIT = 60
# Rows of the entity index; the rest stay in report.json, and the page says how many are not shown.
ENTITY_ROWS = 1000

_TIMEX_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
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


def timex_year(value: str) -> float | None:
    """Return a TIMEX3 date ``value`` as a fractional year (2025-07-02 → ≈2025.503), or None when its year is
    unknown ("XXXX-10-28") or it is no calendar date ("PRESENT_REF", "P3Y")."""
    match = _TIMEX_DATE.match(value)
    if not match:
        return None
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if match.group(3) else None
    if month is not None and not 1 <= month <= 12:
        month = None
    if month is None:
        return year + 0.5 if len(value) == 4 else float(year)
    fraction = (month - 1) / 12 + ((min(day, 31) - 1) / 31 / 12 if day else 1 / 24)
    return year + fraction


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


# ---------------------------------------------------------------------------------------------------------
# The view: plain records the template walks through. Everything untrusted stays a str (escaped by Jinja) or
# is pre-rendered by mark_text into Markup.


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """A link to an article section: its id, a short label (outlet or title) and a tooltip."""

    id: str
    href: str
    label: str
    tooltip: str


@dataclass(frozen=True, slots=True)
class Count:
    """One number of the summary; ``key`` becomes the ``data-count-<key>`` attribute of the number."""

    key: str
    label: str
    value: int


@dataclass(frozen=True, slots=True)
class Breakdown:
    """A number per category (claims by status, findings by kind); ``key`` names the data attribute."""

    key: str
    items: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class FactView:
    article: ArticleRef
    fact_id: str
    href: str
    sentence: str | None


@dataclass(frozen=True, slots=True)
class ClaimView:
    anchor: str
    claim: Claim
    # The supporting articles grouped by family (None: the article is in no family).
    families: tuple[tuple[str | None, tuple[ArticleRef, ...]], ...]
    facts: tuple[FactView, ...]


@dataclass(frozen=True, slots=True)
class EvidenceView:
    article: ArticleRef
    context: Markup


@dataclass(frozen=True, slots=True)
class FindingView:
    anchor: str
    finding: Finding
    article: ArticleRef | None
    evidence: tuple[EvidenceView, ...]


@dataclass(frozen=True, slots=True)
class ArticleView:
    anchor: str
    article: Article
    ref: ArticleRef
    href: str | None
    published: str | None
    family: str | None
    stories: tuple[str, ...]
    counts: tuple[str, ...]  # "3 quotes", "1 fact", ...
    findings: tuple[tuple[str, str, str], ...]  # (href, severity, kind)
    claims: tuple[tuple[str, str, str], ...]  # (href, claim id, status)
    marked: Markup
    search: str


@dataclass(frozen=True, slots=True)
class Node:
    ref: ArticleRef
    x: float
    y: float
    colour: str
    family: str | None
    label_x: float
    label_y: float
    anchor: str  # SVG text-anchor: start or end


@dataclass(frozen=True, slots=True)
class Edge:
    x1: float
    y1: float
    x2: float
    y2: float
    kind: str  # the reuse kind, or "other": picks colour and arrowhead marker
    width: float
    arrow: bool
    tooltip: str


@dataclass(frozen=True, slots=True)
class Graph:
    """The provenance graph laid out on a circle: articles with reuse links in report order, clockwise."""

    width: float
    height: float
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    labels: bool


@dataclass(frozen=True, slots=True)
class ReuseView:
    link: ReuseLink
    source: ArticleRef  # the article reused (the earlier one when the direction is known)
    target: ArticleRef
    directed: bool
    passages: tuple[tuple[Markup, Markup, float], ...]


@dataclass(frozen=True, slots=True)
class TimelinePoint:
    x: float
    y: float
    label: str
    tooltip: str
    href: str | None


@dataclass(frozen=True, slots=True)
class TimelineChart:
    width: float
    height: float
    axis_y: float
    x0: float
    x1: float
    ticks: tuple[tuple[float, str], ...]
    points: tuple[TimelinePoint, ...]


@dataclass(frozen=True, slots=True)
class TimelineRow:
    entry: TimelineEntry
    articles: tuple[ArticleRef, ...]
    claim_href: str | None
    placed: bool


@dataclass(frozen=True, slots=True)
class EditRow:
    article: ArticleRef
    reason: str
    raw: str
    text: str


@dataclass(frozen=True, slots=True)
class Page:
    """Everything the template shows, already ordered and linked."""

    counts: tuple[Count, ...]
    breakdowns: tuple[Breakdown, ...]
    inputs: int
    merged: int
    claims: tuple[ClaimView, ...]
    findings: tuple[tuple[str, tuple[FindingView, ...]], ...]
    articles: tuple[ArticleView, ...]
    graph: Graph | None
    reuse: tuple[ReuseView, ...]
    families: tuple[tuple[str, tuple[ArticleRef, ...]], ...]
    stories: tuple[tuple[str, str, tuple[ArticleRef, ...]], ...]
    timeline: TimelineChart | None
    timeline_rows: tuple[TimelineRow, ...]
    entities: tuple[tuple[str, str, str, str, int, int], ...]
    entities_hidden: int
    edit_counts: tuple[tuple[str, int], ...]
    edits: tuple[EditRow, ...]
    legend: tuple[tuple[str, str], ...] = LEGEND

    def count(self, key: str) -> int:
        """Return the summary number called ``key`` ("articles", "findings", ...)."""
        return next(count.value for count in self.counts if count.key == key)


def _label(article: Article) -> str:
    return article.source or article.title or PurePath(article.path).name or article.id


def _ref(article: Article) -> ArticleRef:
    tooltip = " · ".join(
        part
        for part in (
            article.id,
            article.title,
            article.published.isoformat() if article.published else None,
        )
        if part
    )
    return ArticleRef(article.id, fragment(article_anchor(article.id)), _label(article), tooltip)


def _plural(count: int, singular: str, plural: str | None = None) -> str:
    return f"{count} {singular if count == 1 else plural or singular + 's'}"


def _visible(text: str) -> str:
    """Return ``text`` with line breaks and tabs shown (↵, →) and a run of only spaces as ␣, for the edit log."""
    if text and not text.strip(" "):
        return "␣" * len(text)
    return text.replace("\r", "␍").replace("\n", "↵").replace("\t", "→")


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def _entity_marks(report: Report) -> dict[str, list[Mark]]:
    """Return the marks of every canonical entity mention, per article id (one pass over the entities)."""
    marks: dict[str, list[Mark]] = defaultdict(list)
    for entity in report.entities:
        for mention in entity.mentions:
            role = f" ({mention.role})" if mention.role else ""
            title = f"{entity.type}: {entity.name}{role}"
            marks[mention.article].append(Mark(mention.start, mention.end, "entity", title))
    return marks


def _article_marks(article: Article, entity_marks: Sequence[Mark], findings: Sequence[Finding]) -> list[Mark]:
    """Return every span of ``article`` to highlight: mentions, quantities, times, quotes, facts, evidence.

    Mentions come from the canonical entities (with the entity's name as tooltip), and from the article's own
    mentions where no entity covers them.
    """
    marks = list(entity_marks)
    covered = {(mark.start, mark.end) for mark in entity_marks}
    for mention in article.mentions:
        if (mention.start, mention.end) not in covered:
            marks.append(Mark(mention.start, mention.end, "entity", mention.label))
    for quantity in article.quantities:
        title = f"{quantity.kind}: {_number(quantity.value)}"
        if quantity.upper is not None:
            title += f"–{_number(quantity.upper)}"
        if quantity.unit:
            title += f" {quantity.unit}"
        if quantity.approx:
            title += f" (approx.: {quantity.approx})"
        marks.append(Mark(quantity.start, quantity.end, "quantity", title))
    for time in article.times:
        title = f"{time.type} {time.value}" + (f" ({time.mod})" if time.mod else "")
        marks.append(Mark(time.start, time.end, "time", title))
    for item in article.quotes:
        speaker = item.speaker_text or "unknown speaker"
        title = f"quote by {speaker}" + (" (anonymous)" if item.anonymous else "")
        marks.append(Mark(item.start, item.end, "quote", title))
        if item.speaker_start is not None and item.speaker_end is not None:
            marks.append(Mark(item.speaker_start, item.speaker_end, "speaker", f"speaker of {item.id}"))
    for fact in article.facts:
        marks.append(
            Mark(
                fact.start, fact.end, "fact", f"fact {fact.id}: {fact.kind}", fact_anchor(article.id, fact.id)
            )
        )
    for finding in findings:
        for span in finding.evidence:
            if span.article == article.id:
                title = f"{finding.severity} {finding.kind}: {finding.message}"
                marks.append(Mark(span.start, span.end, "evidence", title))
    return marks


def _context_window(article: Article, span: Span) -> tuple[int, int]:
    """Return the sentence(s) around ``span``, cut to at most CONTEXT_CHARS on either side of it."""
    lo, hi = span.start, span.end
    sentences = [s for s in article.sentences if s.start <= lo < s.end or (s.start < hi and s.end > lo)]
    if sentences:
        start, end = min(s.start for s in sentences), max(s.end for s in sentences)
    else:
        start, end = lo - CONTEXT_CHARS // 2, hi + CONTEXT_CHARS // 2
    text = article.text
    start, end = max(start, 0), min(end, len(text))
    if start < lo - CONTEXT_CHARS:  # cut a long sentence at a word boundary
        space = text.find(" ", lo - CONTEXT_CHARS, lo)
        start = space + 1 if space != -1 else lo - CONTEXT_CHARS
    if end > hi + CONTEXT_CHARS:
        space = text.rfind(" ", hi, hi + CONTEXT_CHARS)
        end = space if space != -1 else hi + CONTEXT_CHARS
    return min(start, lo), max(end, hi)


def _evidence(finding: Finding, articles: dict[str, Article]) -> tuple[EvidenceView, ...]:
    """Group a finding's evidence by article and sentence window, each window shown once with its spans marked."""
    views: list[EvidenceView] = []
    by_article: dict[str, list[Span]] = defaultdict(list)
    for span in finding.evidence:
        if span.article not in articles:
            raise SpanMismatch(f"finding {finding.id} points into unknown article {span.article}")
        by_article[span.article].append(span)
    for article_id, spans in by_article.items():
        article = articles[article_id]
        windows: list[tuple[int, int, list[Span]]] = []
        for span in sorted(spans, key=lambda s: (s.start, s.end)):
            start, end = _context_window(article, span)
            if windows and start < windows[-1][1]:
                last = windows[-1]
                windows[-1] = (last[0], max(last[1], end), [*last[2], span])
            else:
                windows.append((start, end, [span]))
        for start, end, window_spans in windows:
            marks = [Mark(s.start, s.end, "evidence") for s in window_spans]
            body = mark_text(article.text, marks, start=start, end=end)
            prefix = Markup("… ") if start > 0 else Markup("")
            suffix = Markup(" …") if end < len(article.text) else Markup("")
            views.append(EvidenceView(_ref(article), prefix + body + suffix))
    return tuple(views)


def _layout_graph(report: Report, refs: dict[str, ArticleRef], family_of: dict[str, str]) -> Graph | None:
    """Lay the articles that take part in reuse on a circle (report order, clockwise from the top)."""
    involved = {link.a for link in report.reuse} | {link.b for link in report.reuse}
    ids = [article.id for article in report.articles if article.id in involved]
    if not ids:
        return None
    labels = len(ids) <= GRAPH_LABEL_LIMIT
    # Nodes at least 30 px apart along the circle; room beside it for a 26-character label, above and below
    # for one line.
    radius = max(120.0, 30.0 * len(ids) / (2 * math.pi))
    margin_x, margin_y = (180.0, 30.0) if labels else (20.0, 20.0)
    centre_x, centre_y = radius + margin_x, radius + margin_y
    family_colour = {family.id: PALETTE[i % len(PALETTE)] for i, family in enumerate(report.families)}
    position: dict[str, tuple[float, float]] = {}
    nodes: list[Node] = []
    for i, article_id in enumerate(ids):
        angle = -math.pi / 2 + 2 * math.pi * i / len(ids)
        x, y = centre_x + radius * math.cos(angle), centre_y + radius * math.sin(angle)
        position[article_id] = (x, y)
        family = family_of.get(article_id)
        colour = family_colour.get(family, "#7f8c8d") if family else "#7f8c8d"
        label_x = centre_x + (radius + 14) * math.cos(angle)
        label_y = centre_y + (radius + 14) * math.sin(angle)
        nodes.append(
            Node(
                refs[article_id],
                round(x, 1),
                round(y, 1),
                colour,
                family,
                round(label_x, 1),
                round(label_y + 4, 1),
                "start" if math.cos(angle) >= -1e-9 else "end",
            )
        )
    edges: list[Edge] = []
    node_radius = 8.0
    for link in report.reuse:
        if link.a not in position or link.b not in position or link.a == link.b:
            continue
        source, target = (link.b, link.a) if link.direction == "b->a" else (link.a, link.b)
        (x1, y1), (x2, y2) = position[source], position[target]
        length = math.hypot(x2 - x1, y2 - y1) or 1.0
        dx, dy = (x2 - x1) / length, (y2 - y1) / length
        arrow = link.direction != "unknown"
        # Stop short of the target circle so the arrowhead stays visible.
        shorten = node_radius + (6.0 if arrow else 0.0)
        tooltip = (
            f"{refs[source].label} → {refs[target].label}"
            if arrow
            else f"{refs[source].label} — {refs[target].label} (direction unknown)"
        )
        edges.append(
            Edge(
                round(x1 + dx * node_radius, 1),
                round(y1 + dy * node_radius, 1),
                round(x2 - dx * shorten, 1),
                round(y2 - dy * shorten, 1),
                link.kind if link.kind in REUSE_COLOURS else "other",
                round(1.0 + 3.0 * max(0.0, min(1.0, link.score)), 2),
                arrow,
                f"{tooltip}: {link.kind}, score {link.score:.2f}",
            )
        )
    return Graph(round(2 * centre_x, 1), round(2 * centre_y, 1), tuple(nodes), tuple(edges), labels)


def _reuse_views(
    report: Report, refs: dict[str, ArticleRef], articles: dict[str, Article]
) -> tuple[ReuseView, ...]:
    views = []
    for link in report.reuse:
        if link.a not in refs or link.b not in refs:
            raise SpanMismatch(f"reuse link {link.a}–{link.b} names an unknown article")
        source, target = (link.b, link.a) if link.direction == "b->a" else (link.a, link.b)
        passages = tuple(
            (
                mark_text(articles[pair.a.article].text, (), start=pair.a.start, end=pair.a.end),
                mark_text(articles[pair.b.article].text, (), start=pair.b.start, end=pair.b.end),
                pair.score,
            )
            for pair in link.passages
        )
        views.append(ReuseView(link, refs[source], refs[target], link.direction != "unknown", passages))
    return tuple(views)


def _ticks(lo: float, hi: float) -> list[tuple[float, str]]:
    """Return axis ticks (fractional year, label) between ``lo`` and ``hi``: years, or months for short spans."""
    if hi - lo >= 2:
        step = max(1, math.ceil((hi - lo) / 12))
        first = math.ceil(lo)
        return [(float(year), str(year)) for year in range(first, math.floor(hi) + 1, step)]
    ticks = []
    month = math.ceil(lo * 12)
    step = max(1, math.ceil(hi - lo))  # at most about 12 monthly ticks
    while month / 12 <= hi:
        year, index = divmod(month, 12)
        ticks.append((month / 12, f"{year}-{index + 1:02d}"))
        month += step
    return ticks


def _layout_timeline(rows: Sequence[TimelineRow]) -> TimelineChart | None:
    """Place dated timeline entries on a horizontal axis; labels go into lanes below it so none overlap."""
    placed = [(timex_year(row.entry.when), row) for row in rows]
    dated = [(year, row) for year, row in placed if year is not None]
    if not dated:
        return None
    lo, hi = min(year for year, _ in dated), max(year for year, _ in dated)
    pad = max((hi - lo) * 0.05, 1 / 24)
    lo, hi = lo - pad, hi + pad
    width, x0, x1, axis_y = 1000.0, 40.0, 960.0, 40.0
    lanes: list[float] = []
    points = []
    for year, row in sorted(dated, key=lambda item: (item[0], item[1].entry.label)):
        x = x0 + (year - lo) / (hi - lo) * (x1 - x0)
        label = row.entry.label if len(row.entry.label) <= 48 else row.entry.label[:47] + "…"
        text = f"{row.entry.when} {label}"
        # About 6.2 px per character at the 11 px label size; a label may run past x1 into the right margin.
        label_end = x + 10 + 6.2 * len(text)
        lane = next((i for i, last in enumerate(lanes) if last < x), len(lanes))
        if lane == len(lanes):
            lanes.append(label_end)
        else:
            lanes[lane] = label_end
        href = row.claim_href or (row.articles[0].href if row.articles else None)
        tooltip = f"{row.entry.when}: {row.entry.label}"
        points.append(TimelinePoint(round(x, 1), axis_y + 26 + 20 * lane, text, tooltip, href))
    ticks = tuple((round(x0 + (t - lo) / (hi - lo) * (x1 - x0), 1), label) for t, label in _ticks(lo, hi))
    height = axis_y + 26 + 20 * len(lanes) + 10
    return TimelineChart(
        width + max(0.0, max(lanes) - width + 10), height, axis_y, x0, x1, ticks, tuple(points)
    )


def build_page(report: Report) -> Page:
    """Return the view of ``report`` that ``report.html`` shows: ordered, linked and with spans marked."""
    articles = {article.id: article for article in report.articles}
    refs = {article.id: _ref(article) for article in report.articles}
    family_of = {article_id: family.id for family in report.families for article_id in family.articles}
    stories_of: dict[str, list[str]] = defaultdict(list)
    for story in report.stories:
        for article_id in story.articles:
            stories_of[article_id].append(story.label or story.id)
    facts: dict[tuple[str, str], Fact] = {
        (article.id, fact.id): fact for article in report.articles for fact in article.facts
    }

    def ref_of(article_id: str) -> ArticleRef:
        return refs.get(article_id) or ArticleRef(
            article_id, fragment(article_anchor(article_id)), article_id, ""
        )

    claims = []
    claims_of: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for claim in report.claims:
        fact_views = []
        by_family: dict[tuple[str | None, str], list[ArticleRef]] = {}
        for item in claim.facts:
            fact = facts.get((item.article, item.fact))
            sentence = articles[item.article].text[fact.start : fact.end] if fact else None
            href = fragment(fact_anchor(item.article, item.fact)) if fact else ref_of(item.article).href
            fact_views.append(FactView(ref_of(item.article), item.fact, href, sentence))
            family = family_of.get(item.article)
            group = by_family.setdefault((family, "" if family else item.article), [])
            if all(ref.id != item.article for ref in group):
                group.append(ref_of(item.article))
            entry = (fragment(claim_anchor(claim.id)), claim.id, claim.status)
            if entry not in claims_of[item.article]:
                claims_of[item.article].append(entry)
        families = tuple((family, tuple(group)) for (family, _), group in by_family.items())
        claims.append(ClaimView(claim_anchor(claim.id), claim, families, tuple(fact_views)))

    findings_of: dict[str, list[Finding]] = defaultdict(list)
    for finding in report.findings:
        findings_of[finding.article].append(finding)
        for span in finding.evidence:
            if span.article != finding.article:
                findings_of[span.article].append(finding)
    severity_rank = {severity: rank for rank, severity in enumerate(SEVERITIES)}
    grouped: dict[str, list[FindingView]] = defaultdict(list)
    for finding in sorted(report.findings, key=lambda f: (f.kind, severity_rank.get(f.severity, 9), f.id)):
        grouped[finding.kind].append(
            FindingView(
                finding_anchor(finding.id),
                finding,
                ref_of(finding.article) if finding.article else None,
                _evidence(finding, articles),
            )
        )

    entity_marks = _entity_marks(report)
    article_views = []
    for article in report.articles:
        own_findings = findings_of.get(article.id, [])
        article_counts = (
            _plural(len({(m.start, m.end) for m in article.mentions}), "entity mention"),
            _plural(len(article.quantities), "quantity", "quantities"),
            _plural(len(article.times), "time expression"),
            _plural(len(article.quotes), "quote"),
            _plural(len(article.facts), "fact"),
            _plural(len(article.edits), "cleaning edit"),
        )
        published = article.published.isoformat() if article.published else None
        search = " ".join(part for part in (article.id, article.source, article.title, article.path) if part)
        article_views.append(
            ArticleView(
                article_anchor(article.id),
                article,
                refs[article.id],
                safe_href(article.url),
                published,
                family_of.get(article.id),
                tuple(stories_of.get(article.id, ())),
                article_counts,
                tuple(
                    (fragment(finding_anchor(f.id)), f.severity, f.kind) for f in dict.fromkeys(own_findings)
                ),
                tuple(claims_of.get(article.id, ())),
                mark_text(article.text, _article_marks(article, entity_marks[article.id], own_findings)),
                search.lower(),
            )
        )

    timeline_rows = tuple(
        TimelineRow(
            entry,
            tuple(ref_of(article_id) for article_id in entry.articles),
            fragment(claim_anchor(entry.claim)) if entry.claim else None,
            timex_year(entry.when) is not None,
        )
        for entry in sorted(report.timeline, key=lambda e: (e.when, e.label))
    )

    entity_rows = sorted(report.entities, key=lambda e: (-len(e.mentions), e.name.lower(), e.id))
    entities = tuple(
        (
            entity.name,
            entity.type,
            ", ".join(entity.aliases),
            entity.kb_id or "",
            len(entity.mentions),
            len({mention.article for mention in entity.mentions}),
        )
        for entity in entity_rows[:ENTITY_ROWS]
    )

    edit_counts = Counter(edit.reason for article in report.articles for edit in article.edits)
    edits = tuple(
        EditRow(
            refs[article.id], edit.reason, _visible(edit.raw), _visible(article.text[edit.start : edit.end])
        )
        for article in report.articles
        for edit in article.edits
        if edit.reason != "space"
    )

    statuses: Counter[str] = Counter(claim.status for claim in report.claims)
    kinds: Counter[str] = Counter(finding.kind for finding in report.findings)
    severities: Counter[str] = Counter(finding.severity for finding in report.findings)
    counts = (
        Count("articles", "articles", len(report.articles)),
        Count("families", "families", len(report.families)),
        Count("stories", "stories", len(report.stories)),
        Count("claims", "claims", len(report.claims)),
        Count("findings", "findings", len(report.findings)),
        Count("entities", "entities", len(report.entities)),
        Count("skipped", "skipped inputs", len(report.skipped)),
        Count("quantities", "quantities", sum(len(a.quantities) for a in report.articles)),
        Count("times", "times", sum(len(a.times) for a in report.articles)),
        Count("quotes", "quotes", sum(len(a.quotes) for a in report.articles)),
        Count("facts", "facts", sum(len(a.facts) for a in report.articles)),
        Count("reuse", "reuse links", len(report.reuse)),
        Count("timeline", "timeline entries", len(report.timeline)),
    )
    breakdowns = (
        Breakdown("claims-status", tuple((status, statuses.get(status, 0)) for status in CLAIM_STATUSES)),
        Breakdown("findings-kind", tuple(sorted(kinds.items()))),
        Breakdown("findings-severity", tuple((s, severities[s]) for s in SEVERITIES if s in severities)),
    )
    return Page(
        counts=counts,
        breakdowns=breakdowns,
        inputs=report.run.inputs,
        merged=sum(len(article.merged) for article in report.articles),
        claims=tuple(claims),
        findings=tuple((kind, tuple(views)) for kind, views in grouped.items()),
        articles=tuple(article_views),
        graph=_layout_graph(report, refs, family_of),
        reuse=_reuse_views(report, refs, articles),
        families=tuple((f.id, tuple(ref_of(a) for a in f.articles)) for f in report.families),
        stories=tuple((s.id, s.label, tuple(ref_of(a) for a in s.articles)) for s in report.stories),
        timeline=_layout_timeline(timeline_rows),
        timeline_rows=timeline_rows,
        entities=entities,
        entities_hidden=max(0, len(report.entities) - ENTITY_ROWS),
        edit_counts=tuple(sorted(edit_counts.items())),
        edits=edits,
    )


def _asset(name: str) -> str:
    return resources.files("crossfact").joinpath(f"report/templates/{name}").read_text(encoding="utf-8")


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("crossfact", "report/templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(report: Report) -> str:
    """Return ``report.html`` text for the report: one page, no network requests, untrusted text escaped."""
    css, script = _asset("report.css"), _asset("report.js")
    # Only the page's own style and script may run (CSP by hash); images only from data: (the empty favicon
    # that stops the browser from asking the network for /favicon.ico).
    policy = (
        f"default-src 'none'; style-src {_csp_hash(css)}; script-src {_csp_hash(script)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    template = _environment().get_template("report.html.j2")
    return template.render(
        page=build_page(report),
        run=report.run,
        skipped=report.skipped,
        config_json=json.dumps(report.run.config, ensure_ascii=False, indent=1, default=str),
        reuse_colours=REUSE_COLOURS,
        css=Markup(css),
        script=Markup(script),
        policy=policy,
        fragment=fragment,
        article_anchor=article_anchor,
    )
