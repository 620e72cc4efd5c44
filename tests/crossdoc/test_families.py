"""Families: every article in exactly one group of articles that are not independent, with stable ids."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from crossfact.cli import demo_corpus
from crossfact.config import Config, EntitiesConfig, ReuseConfig
from crossfact.crossdoc.families import build_families, family_id, provenance_graph
from crossfact.crossdoc.reuse import find_reuse
from crossfact.model import Article, Family, ReuseLink
from crossfact.pipeline import analyze

STAGES = ("clean", "split", "entities", "quantities")


def _analysed(path: Path) -> dict[str, Article]:
    report = analyze([path], Config(stages=STAGES, entities=EntitiesConfig(use_model=False)))
    return {_short(article.path): article for article in report.articles}


def _short(path: str) -> str:
    """Return "000" for a seed file, "01" for a demo file, "06a"/"06b" for the demo's JSONL lines."""
    name, _, line = path.partition("#L")
    return Path(name).name.split("_")[0] + ("ab"[int(line) - 1] if line else "")


def _families(articles: dict[str, Article]) -> tuple[tuple[Family, ...], tuple[ReuseLink, ...]]:
    ordered = list(articles.values())
    links = find_reuse(ordered)
    return build_families(ordered, links), links


def _groups(families: tuple[Family, ...], articles: dict[str, Article]) -> set[frozenset[str]]:
    name = {article.id: short for short, article in articles.items()}
    return {frozenset(name[member] for member in family.articles) for family in families}


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path) -> dict[str, Article]:
    return _analysed(seeds_dir)


@pytest.fixture(scope="module")
def demo() -> dict[str, Article]:
    return _analysed(demo_corpus())


def test_families_seeds_001_002_together_others_alone(seeds: dict[str, Article]) -> None:
    families, _ = _families(seeds)
    assert _groups(families, seeds) == {
        frozenset({"001", "002"}),
        frozenset({"000"}),
        frozenset({"003"}),
        frozenset({"004"}),
    }


def test_families_demo_wire_family_and_independent_reports(demo: dict[str, Article]) -> None:
    families, _ = _families(demo)
    assert _groups(families, demo) == {
        frozenset({"01", "02", "03", "04"}),
        frozenset({"05"}),
        frozenset({"06a"}),
        frozenset({"06b"}),
        frozenset({"07"}),
    }


@pytest.mark.parametrize("corpus", ["seeds", "demo"])
def test_families_cover_every_article_once_in_input_order(
    corpus: str, request: pytest.FixtureRequest
) -> None:
    articles: dict[str, Article] = request.getfixturevalue(corpus)
    families, _ = _families(articles)
    members = [member for family in families for member in family.articles]
    ids = [article.id for article in articles.values()]
    assert sorted(members) == sorted(ids)
    position = {article_id: index for index, article_id in enumerate(ids)}
    for family in families:
        assert [position[m] for m in family.articles] == sorted(position[m] for m in family.articles)
        assert family.id == family_id(family.articles)


def test_families_ids_are_stable_for_the_same_input(demo: dict[str, Article]) -> None:
    families, _ = _families(demo)
    shuffled = list(demo.values())
    random.Random(7).shuffle(shuffled)
    again = build_families(shuffled, find_reuse(shuffled))
    assert {family.id for family in again} == {family.id for family in families}
    assert family_id(["b", "a"]) == family_id(["a", "b"]) != family_id(["a", "c"])


def test_families_ignore_weak_links_and_unknown_articles(demo: dict[str, Article]) -> None:
    articles = list(demo.values())
    wire, copy = articles[0], articles[1]
    weak = ReuseLink(a=wire.id, b=copy.id, score=0.05, kind="paraphrase", direction="a->b")
    stranger = ReuseLink(a=wire.id, b="art-elsewhere", score=0.9, kind="verbatim", direction="a->b")
    families = build_families(articles, [weak, stranger], config=ReuseConfig())
    assert all(len(family.articles) == 1 for family in families) and len(families) == len(articles)


def test_families_provenance_graph_points_from_source_to_copy(demo: dict[str, Article]) -> None:
    _, links = _families(demo)
    graph = provenance_graph(links, articles=[article.id for article in demo.values()])
    assert graph.has_edge(demo["01"].id, demo["02"].id) and not graph.has_edge(demo["02"].id, demo["01"].id)
    assert graph.has_edge(demo["01"].id, demo["04"].id)
    assert graph.edges[demo["01"].id, demo["02"].id]["kind"] == "verbatim"
    assert graph.degree(demo["06a"].id) == 0
    unknown = [link for link in links if link.direction == "unknown"]
    for link in unknown:
        assert graph.has_edge(link.a, link.b) and graph.has_edge(link.b, link.a)
