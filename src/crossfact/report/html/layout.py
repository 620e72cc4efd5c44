"""Geometry of the ``report.html`` figures: the provenance graph and the timeline on a time axis.

The provenance graph of a small pile puts each article on a circle; a larger pile draws each family as one node
(its members listed beside the graph, with a small graph of their own), common sources as their own nodes, and
merges the links between two nodes into one edge, placed by a seeded spring layout. The layout reads plain
records (article links, reuse links, dated items), never the Report, and returns SVG coordinates rounded for
the page; the workbench's ``/provenance`` page draws the same records.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import networkx as nx  # type: ignore[import-untyped]

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
# Up to this many linked articles every article is its own node on a circle, as before families were collapsed:
# the seeds (2 linked articles) and the demo (4) read well that way, and a family of two drawn as one node would
# hide the only link there is. Above it (a wire story copied by 20 outlets is a hairball of 21 nodes and up to 210
# links on a circle, issue 15) each family becomes one node.
EXPAND_LIMIT = 8
# The spring layout's seed: the same pile gives the same picture on every run.
LAYOUT_SEED = 15
# Room between two node circles of the collapsed graph: one 11 px label line below each, plus air.
NODE_GAP = 48.0
# Labels of the collapsed graph are cut to this many characters (about 6.2 px each at 11 px).
NODE_LABEL_CHARS = 30


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
    # The common text both ends copy, when this links two siblings rather than a copy and its original.
    via: str | None = None


@dataclass(frozen=True, slots=True)
class GroupRef:
    """A node that stands for more than one article (a family) or for a common source: what it links to."""

    id: str
    href: str
    label: str
    tooltip: str


@dataclass(frozen=True, slots=True)
class Node:
    ref: Linked
    x: float
    y: float
    colour: str
    family: str | None
    label_x: float
    label_y: float
    anchor: str  # SVG text-anchor: start, middle or end
    shape: str = "article"  # "article" (a circle), "family" (a ringed circle) or "source" (a diamond)
    radius: float = 8.0
    count: int = 1  # the articles a family node stands for


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
    count: int = 1  # reuse links merged into this edge; shown beside its middle when above one
    label_x: float = 0.0
    label_y: float = 0.0


@dataclass(frozen=True, slots=True)
class Graph:
    """The provenance graph: its nodes (articles on a circle, or families, sources and articles placed by a
    spring layout) and its edges."""

    width: float
    height: float
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    labels: bool
    label_chars: int = 26  # labels are cut to this many characters


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


@dataclass(frozen=True, slots=True)
class InnerLink:
    """A reuse link between two members of one family, listed when the family is opened."""

    source: Linked
    target: Linked
    kind: str
    score: float
    directed: bool
    via: Linked | None


@dataclass(frozen=True, slots=True)
class FamilyGroup:
    """A family drawn as one node: its members, its common source and the links among them."""

    id: str
    anchor: str  # the id of the element listing its members
    node: Linked  # what the family's node shows and links to
    origin: Linked  # the article the family is named after: its common source, original or earliest member
    source: Linked | None  # the common source drawn as its own node, if the links name one
    members: tuple[Linked, ...]
    links: tuple[InnerLink, ...]
    graph: Graph | None  # the members on a circle joined by their backbone links (see ``_backbone``)
    hidden: int  # links listed but not drawn in ``graph``


@dataclass(frozen=True, slots=True)
class Provenance:
    """The provenance figure: the graph, and the families it collapsed into one node each (none when small)."""

    graph: Graph
    collapsed: bool
    groups: tuple[FamilyGroup, ...]


def layout_provenance(
    articles: Sequence[Linked],
    links: Sequence[GraphLink],
    *,
    families: Sequence[tuple[str, Sequence[str]]] = (),
    published: Mapping[str, str] | None = None,
    anchor: Callable[[str], str] = lambda family: f"provenance-{family}",
) -> Provenance | None:
    """Return the provenance figure of ``articles`` linked by ``links``, or None when nothing links.

    Up to :data:`EXPAND_LIMIT` linked articles it is :func:`layout_graph`'s circle. Above it each family of two or
    more (``families``: id and member ids, in report order) is one node linking to ``#anchor(family id)``, a
    common source its members' links name (``GraphLink.via``) is a node of its own, and the links between two
    nodes are one edge. ``published`` (ISO dates by article id) picks a family's earliest member to name it by.
    """
    family_ids = [family for family, _ in families]
    family_of = {article_id: family for family, members in families for article_id in members}
    involved = {link.source for link in links} | {link.target for link in links}
    linked = [ref for ref in articles if ref.id in involved]
    if not linked:
        return None
    if len(linked) <= EXPAND_LIMIT:
        graph = layout_graph(articles, links, families=family_ids, family_of=family_of)
        return Provenance(graph, False, ()) if graph else None
    refs = {ref.id: ref for ref in articles}
    published = published or {}
    family_colour = {family: PALETTE[i % len(PALETTE)] for i, family in enumerate(family_ids)}
    # Which node each linked article is drawn in: its family's, its own (a common source, an article alone).
    node_of: dict[str, str] = {}
    node_refs: dict[str, tuple[Linked, str, str | None, int]] = {}  # ref, shape, family, members
    groups: list[FamilyGroup] = []
    for family, member_ids in families:
        members = [refs[a] for a in member_ids if a in refs]
        if len(members) < 2 or not any(member.id in involved for member in members):
            continue
        inside = [link for link in links if link.source in member_ids and link.target in member_ids]
        source = _common_source(inside, member_ids, refs, published)
        origin = source or _origin(members, inside, published)
        rest = [member for member in members if member is not source]
        shown: Linked = origin
        if source is not None:
            node_of[source.id] = source.id
            node_refs[source.id] = (
                GroupRef(
                    source.id,
                    source.href,
                    f"common source: {source.label}",
                    f"{source.tooltip} · the text the other members of family {family} copy",
                ),
                "source",
                family,
                1,
            )
        if len(rest) >= 2:
            node_id = f"family:{family}"
            label = f"{'copies of ' if source else ''}{origin.label} · {len(rest)} articles"
            tooltip = (
                f"family {family}: {len(members)} articles, named after {origin.label}; click to list them"
            )
            shown = GroupRef(node_id, "#" + anchor(family), label, tooltip)
            node_refs[node_id] = (shown, "family", family, len(rest))
            node_of.update((member.id, node_id) for member in rest)
        else:
            node_of.update((member.id, member.id) for member in rest)
            node_refs.update((member.id, (member, "article", family, 1)) for member in rest)
        groups.append(
            _family_group(family, anchor(family), shown, members, inside, origin, source, refs, family_ids)
        )
    for ref in linked:
        if ref.id not in node_of:
            node_of[ref.id] = ref.id
            node_refs[ref.id] = (ref, "article", family_of.get(ref.id), 1)
    # Nodes in report order of their first article, so the same pile gives the same layout.
    order = list(dict.fromkeys(node_of[ref.id] for ref in linked))
    merged: dict[tuple[str, str], list[GraphLink]] = {}
    for link in links:
        if link.source not in node_of or link.target not in node_of:
            continue
        u, v = node_of[link.source], node_of[link.target]
        if u != v:
            key = (u, v) if order.index(u) < order.index(v) else (v, u)
            merged.setdefault(key, []).append(link)
    radius = {node: 8.0 + 3.0 * math.sqrt(node_refs[node][3] - 1) for node in order}
    position = _spring(order, radius, {key: len(group) for key, group in merged.items()})
    labels = len(order) <= GRAPH_LABEL_LIMIT
    nodes = []
    for node in order:
        ref, shape, in_family, count = node_refs[node]
        x, y = position[node]
        colour = family_colour.get(in_family, NO_FAMILY_COLOUR) if in_family else NO_FAMILY_COLOUR
        label_y = round(y + radius[node] + 14, 1)
        nodes.append(
            Node(ref, x, y, colour, in_family, x, label_y, "middle", shape, round(radius[node], 1), count)
        )
    edges = [
        _merged_edge(u, v, group, node_of, node_refs, position, radius) for (u, v), group in merged.items()
    ]
    width = max(x for x, _ in position.values()) + 20 + (4 * NODE_LABEL_CHARS if labels else 0)
    height = max(y + radius[node] for node, (_, y) in position.items()) + 30
    return Provenance(
        Graph(round(width, 1), round(height, 1), tuple(nodes), tuple(edges), labels, NODE_LABEL_CHARS),
        True,
        tuple(groups),
    )


def _common_source(
    inside: Sequence[GraphLink],
    member_ids: Sequence[str],
    refs: Mapping[str, Linked],
    published: Mapping[str, str],
) -> Linked | None:
    """Return the member most sibling links of a family name as their common text, when it is named by at least
    half of them and was published before every other member; else None (no one text stands out, and a node for
    one of several would mislead). The date is required because the reuse step names as "via" whichever copy
    explains two others best: in a wire pile of 20 lightly edited copies it named a same-day copy, not the wire."""
    vias = Counter(link.via for link in inside if link.via is not None)
    if not vias:
        return None
    via, count = vias.most_common(1)[0]
    if via not in member_ids or via not in refs or 2 * count < vias.total():
        return None
    when = published.get(via)
    others = [published.get(member) for member in member_ids if member != via]
    if when is None or any(other is None or other <= when for other in others):
        return None
    return refs[via]


def _origin(members: Sequence[Linked], inside: Sequence[GraphLink], published: Mapping[str, str]) -> Linked:
    """Return the member a family is named after: the one others copy and that copies none, else the earliest."""
    copied = Counter(link.source for link in inside if link.directed)
    copying = {link.target for link in inside if link.directed}
    originals = [m for m in members if copied[m.id] and m.id not in copying]
    if originals:
        return max(originals, key=lambda m: copied[m.id])  # max keeps the first of a tie: report order
    dated = [m for m in members if m.id in published]
    return min(dated, key=lambda m: published[m.id]) if dated else members[0]


def _family_group(
    family: str,
    anchor: str,
    node: Linked,
    members: Sequence[Linked],
    inside: Sequence[GraphLink],
    origin: Linked,
    source: Linked | None,
    refs: Mapping[str, Linked],
    family_ids: Sequence[str],
) -> FamilyGroup:
    drawn = _backbone(inside)
    graph = layout_graph(members, drawn, families=family_ids, family_of={m.id: family for m in members})
    listed = tuple(
        InnerLink(
            refs[link.source],
            refs[link.target],
            link.kind,
            link.score,
            link.directed,
            refs.get(link.via) if link.via else None,
        )
        for link in inside
    )
    return FamilyGroup(
        family, anchor, node, origin, source, tuple(members), listed, graph, len(inside) - len(drawn)
    )


def _backbone(inside: Sequence[GraphLink]) -> list[GraphLink]:
    """Return the links a family's own graph draws: a maximum spanning forest preferring copy links over sibling
    links, directed links over undirected ones, then the higher score. Twenty copies of one text are up to 210
    links, a hairball again; the forest keeps one line into each member, its likeliest original."""
    graph = nx.Graph()
    for index, link in enumerate(inside):
        weight = link.score + (2.0 if link.via is None else 0.0) + (1.0 if link.directed else 0.0)
        if not graph.has_edge(link.source, link.target) or graph[link.source][link.target]["weight"] < weight:
            graph.add_edge(link.source, link.target, weight=weight, index=index)
    forest = nx.maximum_spanning_tree(graph, algorithm="kruskal")
    return [inside[i] for i in sorted(index for _, _, index in forest.edges(data="index"))]


def _spring(
    order: Sequence[str], radius: Mapping[str, float], weights: Mapping[tuple[str, str], int]
) -> dict[str, tuple[float, float]]:
    """Return pixel positions for the nodes: a seeded spring layout, then pushed apart until no two node circles
    come closer than :data:`NODE_GAP`, then moved into the first quadrant with a margin."""
    graph = nx.Graph()
    graph.add_nodes_from(order)
    for (u, v), count in weights.items():
        graph.add_edge(u, v, weight=1.0 + math.log(count))
    raw = nx.spring_layout(graph, seed=LAYOUT_SEED, iterations=200, weight="weight")
    # About 110 px per node along each side of the square: a spring layout of n nodes spreads them over it.
    scale = 110.0 * math.sqrt(len(order)) / 2
    points = {node: [float(raw[node][0]) * scale, float(raw[node][1]) * scale] for node in order}
    for _ in range(300):
        moved = False
        for i, u in enumerate(order):
            for j in range(i + 1, len(order)):
                v = order[j]
                need = radius[u] + radius[v] + NODE_GAP
                dx, dy = points[v][0] - points[u][0], points[v][1] - points[u][1]
                distance = math.hypot(dx, dy)
                if distance >= need:
                    continue
                if distance < 1e-6:  # on top of each other: part them along a direction fixed by the pair
                    angle = 2.399963 * (i + j)
                    dx, dy, distance = math.cos(angle), math.sin(angle), 1.0
                push = (need - distance) / 2 + 0.5
                points[u][0] -= dx / distance * push
                points[u][1] -= dy / distance * push
                points[v][0] += dx / distance * push
                points[v][1] += dy / distance * push
                moved = True
        if not moved:
            break
    # Room to the left for half a label (labels are centred under their node), above for the biggest node.
    left = min(x - radius[node] for node, (x, _) in points.items()) - 20 - 3.1 * NODE_LABEL_CHARS
    top = min(y - radius[node] for node, (_, y) in points.items()) - 20
    return {node: (round(x - left, 1), round(y - top, 1)) for node, (x, y) in points.items()}


def _merged_edge(
    u: str,
    v: str,
    group: Sequence[GraphLink],
    node_of: Mapping[str, str],
    node_refs: Mapping[str, tuple[Linked, str, str | None, int]],
    position: Mapping[str, tuple[float, float]],
    radius: Mapping[str, float],
) -> Edge:
    """Return one edge for the links between nodes ``u`` and ``v``: an arrow when they all point one way."""
    ways = {(node_of[link.source], node_of[link.target]) for link in group if link.directed}
    directed = len(ways) == 1 and all(link.directed for link in group)
    source, target = next(iter(ways)) if directed else (u, v)
    kinds = Counter(link.kind for link in group)
    kind = min(kinds, key=lambda k: (-kinds[k], list(REUSE_COLOURS).index(k) if k in REUSE_COLOURS else 99))
    (x1, y1), (x2, y2) = position[source], position[target]
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    dx, dy = (x2 - x1) / length, (y2 - y1) / length
    start, stop = radius[source] + 2, radius[target] + 2 + (6.0 if directed else 0.0)
    names = f"{node_refs[source][0].label} {'→' if directed else '—'} {node_refs[target][0].label}"
    counts = ", ".join(
        f"{count} {name}" for name, count in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    best = max(link.score for link in group)
    tooltip = (
        f"{names}{'' if directed else ' (direction unknown or mixed)'}: {len(group)} reuse "
        f"link{'s' if len(group) != 1 else ''} ({counts}), best score {best:.2f}"
    )
    return Edge(
        round(x1 + dx * start, 1),
        round(y1 + dy * start, 1),
        round(x2 - dx * stop, 1),
        round(y2 - dy * stop, 1),
        kind if kind in REUSE_COLOURS else "other",
        # Thicker for more links: 1.5 px for one, 6 px from 16 on.
        round(min(6.0, 1.5 + 1.5 * math.log2(len(group))), 2),
        directed,
        tooltip,
        len(group),
        round((x1 + x2) / 2 + 4, 1),
        round((y1 + y2) / 2 - 4, 1),
    )


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
