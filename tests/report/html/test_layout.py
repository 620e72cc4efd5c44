"""report.html's figures: the timeline's axis and lanes, the provenance graph's nodes and edges, families drawn
as one node on a large pile."""

from __future__ import annotations

import math

from crossfact.report.html.layout import (
    NO_FAMILY_COLOUR,
    NODE_GAP,
    PALETTE,
    GraphLink,
    TimelineItem,
    layout_graph,
    layout_provenance,
    layout_timeline,
)
from crossfact.report.html.view import ArticleRef


def _ref(article_id: str) -> ArticleRef:
    return ArticleRef(article_id, f"#article-{article_id}", f"Outlet {article_id}", article_id)


def test_layout_graph_places_only_linked_articles() -> None:
    refs = [_ref(article_id) for article_id in ("a1", "a2", "a3", "a4")]
    links = [GraphLink("a3", "a1", "verbatim", 0.9, True), GraphLink("a1", "a4", "odd_kind", 2.0, False)]
    graph = layout_graph(refs, links, families=["fam-1"], family_of={"a1": "fam-1", "a3": "fam-1"})
    assert graph is not None and graph.labels
    assert [node.ref.id for node in graph.nodes] == ["a1", "a3", "a4"]  # report order; a2 links nowhere
    assert [node.colour for node in graph.nodes] == [PALETTE[0], PALETTE[0], NO_FAMILY_COLOUR]
    directed, undirected = graph.edges
    assert directed.arrow and directed.tooltip.startswith("Outlet a3 → Outlet a1")
    assert (
        not undirected.arrow and undirected.kind == "other" and undirected.width == 4.0
    )  # score capped at 1
    for node in graph.nodes:
        assert 0 <= node.x <= graph.width and 0 <= node.y <= graph.height
    assert layout_graph(refs, []) is None


def test_layout_timeline_puts_overlapping_labels_in_lanes() -> None:
    items = [
        TimelineItem("2025-03-11", "Contract signed", "#claim-c1"),
        TimelineItem("2025-03-12", "Copies published", None),
        TimelineItem("XXXX-10-28", "A day in October", None),
    ]
    chart = layout_timeline(items)
    assert chart is not None
    assert [point.label for point in chart.points] == [
        "2025-03-11 Contract signed",
        "2025-03-12 Copies published",
    ]
    first, second = chart.points
    assert first.x < second.x and first.y != second.y  # a day apart: the labels would overlap on one lane
    assert first.href == "#claim-c1" and chart.ticks
    assert layout_timeline(items[2:]) is None


def _family_links() -> tuple[list[ArticleRef], list[GraphLink], list[tuple[str, list[str]]]]:
    """Two families of six and four articles, an article alone, and three links from the first to the second."""
    ids = [f"w{i}" for i in range(6)] + [f"r{i}" for i in range(4)] + ["x"]
    links = [GraphLink("w0", f"w{i}", "verbatim", 0.9, True) for i in range(1, 6)]
    links += [GraphLink("r0", f"r{i}", "paraphrase", 0.7, True) for i in range(1, 4)]
    links += [GraphLink(f"w{i}", f"r{i}", "shared_quote", 0.4, True) for i in range(1, 4)]
    links += [GraphLink("x", "w2", "shared_quote", 0.3, False)]
    families = [("fam-w", ids[:6]), ("fam-r", ids[6:10]), ("fam-x", ["x"])]
    return [_ref(article_id) for article_id in ids], links, families


def test_layout_provenance_draws_a_family_as_one_node_and_merges_its_links() -> None:
    refs, links, families = _family_links()
    figure = layout_provenance(refs, links, families=families)
    assert figure is not None and figure.collapsed
    shapes = {node.ref.id: (node.shape, node.count) for node in figure.graph.nodes}
    assert shapes == {"family:fam-w": ("family", 6), "family:fam-r": ("family", 4), "x": ("article", 1)}
    between = [edge for edge in figure.graph.edges if edge.count == 3]
    assert len(figure.graph.edges) == 2 and len(between) == 1
    assert between[0].arrow and between[0].tooltip.startswith(
        "Outlet w0 · 6 articles → Outlet r0 · 4 articles"
    )
    wire = figure.groups[0]
    assert [member.id for member in wire.members] == [f"w{i}" for i in range(6)]
    assert wire.origin.id == "w0" and wire.node.href == "#provenance-fam-w"


def test_layout_provenance_shows_a_common_source_as_its_own_node() -> None:
    refs, links, families = _family_links()
    siblings = [GraphLink(f"w{i}", f"w{i + 1}", "verbatim", 0.95, False, via="w0") for i in range(1, 5)]
    # Undated, or a copy dated with the named text: no source node, the family is named after its original.
    undated = layout_provenance(refs, [*links, *siblings], families=families)
    assert undated is not None and not [node for node in undated.graph.nodes if node.shape == "source"]
    published = {f"w{i}": "2025-11-03" if i == 0 else "2025-11-04" for i in range(6)}
    figure = layout_provenance(refs, [*links, *siblings], families=families, published=published)
    assert figure is not None
    source = next(node for node in figure.graph.nodes if node.shape == "source")
    assert source.ref.id == "w0" and source.ref.label == "common source: Outlet w0"
    family = next(node for node in figure.graph.nodes if node.ref.id == "family:fam-w")
    assert family.count == 5 and family.ref.label == "copies of Outlet w0 · 5 articles"
    # The family's own graph joins each member once (a forest), copy links before the sibling links.
    group = figure.groups[0]
    assert group.graph is not None and len(group.graph.edges) == 5 and group.hidden == 4


def test_layout_provenance_nodes_keep_apart_and_the_layout_repeats() -> None:
    refs, links, families = _family_links()
    # Twelve more loose pairs crowd the spring layout.
    extra = [_ref(f"p{i}") for i in range(24)]
    pairs = [GraphLink(f"p{i}", f"p{i + 1}", "verbatim", 0.8, True) for i in range(0, 24, 2)]
    first = layout_provenance([*refs, *extra], [*links, *pairs], families=families)
    again = layout_provenance([*refs, *extra], [*links, *pairs], families=families)
    assert first is not None and first == again
    nodes = first.graph.nodes
    for i, a in enumerate(nodes):
        assert a.radius <= a.x <= first.graph.width and a.radius <= a.y <= first.graph.height
        for b in nodes[i + 1 :]:
            assert math.hypot(a.x - b.x, a.y - b.y) >= a.radius + b.radius + NODE_GAP - 1


def test_layout_provenance_keeps_a_small_pile_on_the_circle() -> None:
    refs = [_ref("a1"), _ref("a2")]
    links = [GraphLink("a1", "a2", "verbatim", 0.9, True)]
    families = [("fam-1", ["a1", "a2"])]
    figure = layout_provenance(refs, links, families=families)
    assert figure is not None and not figure.collapsed and not figure.groups
    assert figure.graph == layout_graph(
        refs, links, families=["fam-1"], family_of={"a1": "fam-1", "a2": "fam-1"}
    )
    assert layout_provenance(refs, [], families=families) is None
