"""Group articles into families: articles that are not independent of each other, because one reuses another.

A fact-checker counts families, not articles: five outlets that print one wire story are one source. The
provenance graph (:func:`provenance_graph`) holds every reuse link as a directed edge from source to copy;
:func:`build_families` takes the connected components of the confident links
(copy-model probability at least the model's fitted threshold, or ``ReuseConfig.family_threshold`` when
set), so every article is in exactly one family, alone if it reuses
nothing and nothing reuses it. A family's id is derived from its sorted member ids, so the same input always
gives the same ids.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

import networkx as nx  # type: ignore[import-untyped]

from crossfact.config import ReuseConfig
from crossfact.crossdoc.reuse.copying import load_copy_model
from crossfact.model import Article, Corpus, Family, ReuseLink
from crossfact.step import Step, setting


def provenance_graph(links: Iterable[ReuseLink], *, articles: Iterable[str] = ()) -> nx.DiGraph:
    """Return the reuse links as a directed graph from source to copy, one node per article.

    A link of unknown direction becomes two edges, one each way. Every edge carries the link's ``score``,
    ``kind``, ``direction`` and ``evidence``; ``articles`` adds nodes for articles without links.
    """
    graph = nx.DiGraph()
    graph.add_nodes_from(articles)
    for link in links:
        attributes = {
            "score": link.score,
            "kind": link.kind,
            "direction": link.direction,
            "evidence": link.evidence,
        }
        if link.direction in ("a->b", "unknown"):
            graph.add_edge(link.a, link.b, **attributes)
        if link.direction in ("b->a", "unknown"):
            graph.add_edge(link.b, link.a, **attributes)
    return graph


def build_families(
    articles: Sequence[Article], links: Iterable[ReuseLink], *, config: ReuseConfig | None = None
) -> tuple[Family, ...]:
    """Return one family per group of articles joined by confident reuse links, in order of first member.

    Members are listed in input order; links naming articles outside ``articles`` are ignored.
    """
    config = config or ReuseConfig()
    threshold = family_threshold(config)
    order = {article.id: index for index, article in enumerate(articles)}
    confident = [link for link in links if link.score >= threshold and link.a in order and link.b in order]
    graph = provenance_graph(confident, articles=order)
    groups = [sorted(component, key=order.__getitem__) for component in nx.weakly_connected_components(graph)]
    groups.sort(key=lambda members: order[members[0]])
    return tuple(Family(id=family_id(members), articles=tuple(members)) for members in groups)


def family_threshold(config: ReuseConfig) -> float:
    """Return the link score from which two articles are one family: the configured one, else the copy model's."""
    if config.family_threshold is not None:
        return config.family_threshold
    return load_copy_model().threshold


def family_id(members: Iterable[str]) -> str:
    """Return the stable id of the family with these member article ids (order does not matter)."""
    digest = hashlib.sha1("\n".join(sorted(members)).encode("utf-8")).hexdigest()[:10]
    return f"fam-{digest}"


STEP: Step[Corpus] = Step(
    "families",
    "corpus",
    setting(
        "families",
        lambda corpus, config, resources: build_families(corpus.articles, corpus.reuse, config=config.reuse),
    ),
    requires=("corpus.articles",),
    uses=("corpus.reuse",),
    assigns=("corpus.families",),
    section="reuse",
    method="provenance-graph",
)
