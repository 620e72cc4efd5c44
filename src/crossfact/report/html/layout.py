"""Geometry of the ``report.html`` figures: the provenance graph on a circle and the timeline on a time axis.

The layout reads plain records (article links, reuse links, dated items), never the Report, and returns SVG
coordinates rounded for the page.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from crossfact.timex import fractional_year

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
NO_FAMILY_COLOUR = "#7f8c8d"
REUSE_COLOURS = {
    "verbatim": "#c0392b",
    "paraphrase": "#d35400",
    "shared_quote": "#8e44ad",
    "other": "#555555",
}
# Above this many nodes the graph drops its text labels (tooltips and links stay): they would overlap.
GRAPH_LABEL_LIMIT = 60


class Linked(Protocol):
    """What a graph node needs of an article: its id, the link to its section, a label and a tooltip."""

    @property
    def id(self) -> str: ...
    @property
    def href(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def tooltip(self) -> str: ...


@dataclass(frozen=True, slots=True)
class GraphLink:
    """A reuse link to draw: from the article reused (``source``) to the one reusing it, when ``directed``."""

    source: str
    target: str
    kind: str
    score: float
    directed: bool


@dataclass(frozen=True, slots=True)
class Node:
    ref: Linked
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
class TimelineItem:
    """A timeline entry to place: its TIMEX3 ``when``, its label and where its text links to (if anywhere)."""

    when: str
    label: str
    href: str | None


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


def layout_graph(
    articles: Sequence[Linked],
    links: Sequence[GraphLink],
    *,
    families: Sequence[str] = (),
    family_of: Mapping[str, str] | None = None,
) -> Graph | None:
    """Return the provenance graph: the ``articles`` that take part in a link on a circle (in the given order,
    clockwise from the top), coloured by family (``families`` in report order), or None when nothing links."""
    family_of = family_of or {}
    refs = {ref.id: ref for ref in articles}
    involved = {link.source for link in links} | {link.target for link in links}
    ids = [ref.id for ref in articles if ref.id in involved]
    if not ids:
        return None
    labels = len(ids) <= GRAPH_LABEL_LIMIT
    # Nodes at least 30 px apart along the circle; room beside it for a 26-character label, above and below
    # for one line.
    radius = max(120.0, 30.0 * len(ids) / (2 * math.pi))
    margin_x, margin_y = (180.0, 30.0) if labels else (20.0, 20.0)
    centre_x, centre_y = radius + margin_x, radius + margin_y
    family_colour = {family: PALETTE[i % len(PALETTE)] for i, family in enumerate(families)}
    position: dict[str, tuple[float, float]] = {}
    nodes: list[Node] = []
    for i, article_id in enumerate(ids):
        angle = -math.pi / 2 + 2 * math.pi * i / len(ids)
        x, y = centre_x + radius * math.cos(angle), centre_y + radius * math.sin(angle)
        position[article_id] = (x, y)
        family = family_of.get(article_id)
        colour = family_colour.get(family, NO_FAMILY_COLOUR) if family else NO_FAMILY_COLOUR
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
    for link in links:
        source, target = link.source, link.target
        if source not in position or target not in position or source == target:
            continue
        (x1, y1), (x2, y2) = position[source], position[target]
        length = math.hypot(x2 - x1, y2 - y1) or 1.0
        dx, dy = (x2 - x1) / length, (y2 - y1) / length
        # Stop short of the target circle so the arrowhead stays visible.
        shorten = node_radius + (6.0 if link.directed else 0.0)
        tooltip = (
            f"{refs[source].label} → {refs[target].label}"
            if link.directed
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
                link.directed,
                f"{tooltip}: {link.kind}, score {link.score:.2f}",
            )
        )
    return Graph(round(2 * centre_x, 1), round(2 * centre_y, 1), tuple(nodes), tuple(edges), labels)


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


def layout_timeline(items: Sequence[TimelineItem]) -> TimelineChart | None:
    """Return the timeline chart: dated ``items`` on a horizontal axis with their labels in lanes below it so
    none overlap, or None when no item has a calendar date (see :func:`crossfact.timex.fractional_year`)."""
    placed = [(fractional_year(item.when), item) for item in items]
    dated = [(year, item) for year, item in placed if year is not None]
    if not dated:
        return None
    lo, hi = min(year for year, _ in dated), max(year for year, _ in dated)
    pad = max((hi - lo) * 0.05, 1 / 24)
    lo, hi = lo - pad, hi + pad
    width, x0, x1, axis_y = 1000.0, 40.0, 960.0, 40.0
    lanes: list[float] = []
    points = []
    for year, item in sorted(dated, key=lambda pair: (pair[0], pair[1].label)):
        x = x0 + (year - lo) / (hi - lo) * (x1 - x0)
        label = item.label if len(item.label) <= 48 else item.label[:47] + "…"
        text = f"{item.when} {label}"
        # About 6.2 px per character at the 11 px label size; a label may run past x1 into the right margin.
        label_end = x + 10 + 6.2 * len(text)
        lane = next((i for i, last in enumerate(lanes) if last < x), len(lanes))
        if lane == len(lanes):
            lanes.append(label_end)
        else:
            lanes[lane] = label_end
        tooltip = f"{item.when}: {item.label}"
        points.append(TimelinePoint(round(x, 1), axis_y + 26 + 20 * lane, text, tooltip, item.href))
    ticks = tuple((round(x0 + (t - lo) / (hi - lo) * (x1 - x0), 1), label) for t, label in _ticks(lo, hi))
    height = axis_y + 26 + 20 * len(lanes) + 10
    return TimelineChart(
        width + max(0.0, max(lanes) - width + 10), height, axis_y, x0, x1, ticks, tuple(points)
    )
