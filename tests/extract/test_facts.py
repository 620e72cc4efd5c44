"""Facts: the same statement in other words gives the same kind and actors; idle sentences give none."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from crossfact.extract.facts import extract_facts
from crossfact.model import Article, Fact, Report
from crossfact.pipeline import analyze


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path) -> Report:
    return analyze([seeds_dir])


def _facts_of(report: Report, seed: str) -> tuple[Article, list[Fact]]:
    article = next(a for a in report.articles if Path(a.path).name.startswith(seed))
    return article, list(article.facts)


def _actor_names(report: Report, fact: Fact) -> dict[str, str]:
    names = {entity.id: entity.name for entity in report.entities}
    return {names[actor.entity]: actor.role for actor in fact.actors}


def _fact_with(report: Report, seed: str, words: str) -> Fact:
    article, facts = _facts_of(report, seed)
    return next(f for f in facts if words in article.text[f.start : f.end])


def test_facts_tariff_cut_in_two_wordings_has_one_kind_and_the_same_numbers(seeds: Report) -> None:
    cut_001 = _fact_with(seeds, "001", "cut import tariffs")
    cut_002 = _fact_with(seeds, "002", "slashed import tariffs")
    assert cut_001.kind == cut_002.kind == "cut_tariff"
    values = {
        fact.id: sorted(q.value for a in seeds.articles for q in a.quantities if q.id in fact.quantities)
        for fact in (cut_001, cut_002)
    }
    assert values[cut_001.id] == values[cut_002.id] == [15.0, 15.0, 27.5]


def test_facts_approval_beats_sale_and_pronoun_agent_is_resolved(seeds: Report) -> None:
    fact = _fact_with(seeds, "004", "He also announced that his administration has approved")
    assert fact.kind == "approve"
    assert _actor_names(seeds, fact)["Donald Trump"] == "agent"


def test_facts_block_names_its_agent(seeds: Report) -> None:
    fact = _fact_with(seeds, "004", "Former President Joe Biden blocked the deal")
    assert fact.kind == "block"
    assert _actor_names(seeds, fact) == {"Joe Biden": "agent"}


def test_facts_quote_only_sentence_is_a_statement(seeds: Report) -> None:
    article, facts = _facts_of(seeds, "004")
    quoted = [f for f in facts if f.quotes]
    assert quoted, "quotes are linked to the facts of their sentences"
    for fact in facts:
        assert fact.id.startswith(article.id) and article.text[fact.start : fact.end]


def test_facts_idle_sentence_gives_no_fact(seeds: Report) -> None:
    (article, _) = _facts_of(seeds, "002")
    idle = dataclasses.replace(
        article,
        text="The weather was mild on the coast.",
        sentences=(dataclasses.replace(article.sentences[0], start=0, end=34),),
        mentions=(),
        quantities=(),
        times=(),
        quotes=(),
    )
    assert list(extract_facts(idle)) == []


def test_facts_every_actor_is_an_entity_id(seeds: Report) -> None:
    ids = {entity.id for entity in seeds.entities}
    for article in seeds.articles:
        for fact in article.facts:
            assert all(actor.entity in ids for actor in fact.actors)
