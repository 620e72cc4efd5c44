"""The provenance graph as GEXF and GraphML: read back with networkx, it holds the articles, their families and
who reused whom, and hostile names stay text."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from crossfact.export.graph import provenance_graph, write_gexf, write_graphml
from crossfact.export.records import records_of

READERS = {"gexf": (write_gexf, nx.read_gexf), "graphml": (write_graphml, nx.read_graphml)}


@pytest.mark.parametrize("to", READERS)
def test_graph_reads_back_with_articles_families_and_directed_reuse(
    demo_report: Any, tmp_path: Path, to: str
) -> None:
    write, read = READERS[to]
    records = records_of(demo_report)
    (path,) = write(records, tmp_path)
    graph = read(path)
    assert graph.is_directed()
    assert set(graph.nodes) == {article["id"] for article in records["articles"]}
    by_outlet = {data["outlet"]: node for node, data in graph.nodes(data=True)}
    wire, herald = by_outlet["North Sea Wire"], by_outlet["Harbour Herald"]
    assert graph.nodes[wire]["date"] == "2025-03-11"
    assert graph.nodes[wire]["family"] == graph.nodes[herald]["family"]
    assert graph.nodes[by_outlet["Polder Review"]]["family"] != graph.nodes[wire]["family"]
    # The wire story's text is reused by the Harbour Herald: the edge points from the original to the copy.
    assert graph.has_edge(wire, herald) and not graph.has_edge(herald, wire)
    edge = graph.edges[wire, herald]
    assert edge["direction"] == "source->target" and float(edge["score"]) > 0.9
    assert graph.number_of_edges() == len(records["reuse"])
    siblings = [data for _, _, data in graph.edges(data=True) if data["via"]]
    assert [data["via"] for data in siblings] == [wire]


@pytest.mark.parametrize("to", READERS)
def test_graph_hostile_names_stay_text(seeds_report: Any, tmp_path: Path, to: str) -> None:
    write, read = READERS[to]
    records = copy.deepcopy(records_of(seeds_report))
    hostile = '<script>alert("x")</script> & ]]><!-- \x1b[2J \x00'
    records["articles"][0]["name"] = hostile
    records["articles"][0]["source"] = 'Outlet" onerror="alert(1)'
    (path,) = write(records, tmp_path)
    text = path.read_text(encoding="utf-8")
    assert "<script>" not in text and "\x1b" not in text and "\x00" not in text
    node = read(path).nodes[records["articles"][0]["id"]]
    assert node["name"] == '<script>alert("x")</script> & ]]><!-- \ufffd[2J \ufffd'
    assert node["outlet"] == 'Outlet" onerror="alert(1)'


def test_graph_keeps_the_unknown_direction_of_two_siblings(demo_report: Any) -> None:
    graph = provenance_graph(records_of(demo_report))
    unknown = [data for _, _, data in graph.edges(data=True) if data["direction"] == "unknown"]
    assert len(unknown) == 2
