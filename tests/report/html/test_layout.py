"""report.html's figures: the timeline's axis and lanes, the provenance graph's nodes and edges."""

from __future__ import annotations

from crossfact.report.html.layout import (
    NO_FAMILY_COLOUR,
    PALETTE,
    GraphLink,
    TimelineItem,
    layout_graph,
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
