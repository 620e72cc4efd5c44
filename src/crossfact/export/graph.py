"""Export the provenance graph (who reused whose text) as GEXF for Gephi and as GraphML, through networkx's writers.

Nodes are the articles, with their name, title, outlet, date, URL and family as attributes; edges are the reuse
links, directed from the reused text to the article that reuses it when the direction is known (else from ``a``
to ``b``), with the score, kind, direction ("source->target" or "unknown"), the common text two siblings share
(``via``) and why the link was made. A fact-checker colours by ``family`` in Gephi to see which articles are one
source.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import networkx as nx  # type: ignore[import-untyped]

from crossfact.export.records import Records, ReportIndex
from crossfact.report import write_atomically

# XML 1.0 forbids these characters outright (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF), and
# ElementTree writes them unescaped, so a scraped title with ESC in it would make the whole file unreadable.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str | None) -> str:
    """Return ``text`` as an XML attribute value can hold it: "" for None, each illegal character as U+FFFD.
    The writers escape ``<``, ``&`` and quotes themselves."""
    return _XML_ILLEGAL.sub("\ufffd", text or "")


def provenance_graph(records: Records) -> Any:
    """Return the provenance graph of the records (a networkx DiGraph): articles as nodes, reuse links as
    directed edges."""
    index = ReportIndex.of(records)
    family_size = {family["id"]: len(family["articles"]) for family in records["families"]}
    graph = nx.DiGraph(name="crossfact provenance")
    for article in records["articles"]:
        family = index.family_of.get(article["id"], article["id"])
        graph.add_node(
            article["id"],
            label=xml_text(article["name"]),
            name=xml_text(article["name"]),
            title=xml_text(article["title"]),
            outlet=xml_text(article["source"]),
            date=xml_text(article["published"]),
            url=xml_text(article["url"]),
            family=family,
            family_size=family_size.get(family, 1),
        )
    for link in records["reuse"]:
        source, target = (link["b"], link["a"]) if link["direction"] == "b->a" else (link["a"], link["b"])
        graph.add_edge(
            source,
            target,
            score=float(link["score"]),
            kind=xml_text(link["kind"]),
            direction="unknown" if link["direction"] == "unknown" else "source->target",
            via=xml_text(link["via"]),
            passages=len(link["passages"]),
            why=xml_text(" | ".join(link["evidence"])),
        )
    return graph


def write_gexf(records: Records, out: Path) -> list[Path]:
    """Write ``provenance.gexf`` into ``out`` and return its path."""
    return [_write(out / "provenance.gexf", nx.generate_gexf, provenance_graph(records))]


def write_graphml(records: Records, out: Path) -> list[Path]:
    """Write ``provenance.graphml`` into ``out`` and return its path."""
    return [_write(out / "provenance.graphml", nx.generate_graphml, provenance_graph(records))]


def _write(path: Path, generate: Callable[..., Iterator[str]], graph: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, "\n".join(generate(graph)) + "\n")
    return path
