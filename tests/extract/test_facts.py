"""Facts: one per check-worthy clause, with predicate, roles, attribution and typed values; idle text gives none."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from crossfact.crossdoc.compare import compatible
from crossfact.extract.facts import extract_facts
from crossfact.model import INCREMENT, Article, Fact, Report, Value
from crossfact.pipeline import analyze
from crossfact.read import Meta, make_article


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


def test_facts_reported_clause_is_the_statement_and_its_reporter_the_attribution(seeds: Report) -> None:
    # "He also announced that his administration has approved nearly $1 billion in military sales to Tokyo"
    article, _ = _facts_of(seeds, "004")
    fact = _fact_with(seeds, "004", "has approved nearly $1 billion")
    assert fact.kind == "approve" and fact.predicate == "approve"
    assert article.text[fact.start : fact.end].startswith("his administration has approved")
    assert fact.attribution == "named"
    (source,) = [slot for slot in fact.slots if slot.role == "attribution"]
    assert article.text[source.start : source.end] == "Donald Trump"  # "He", resolved
    (money,) = [value for value in fact.values if value.kind == "money"]
    assert (money.value, money.approx, article.text[money.start : money.end]) == (
        1e9,
        "nearly",
        "nearly $1 billion",
    )


def test_facts_a_sentence_of_two_clauses_gives_two_facts(seeds: Report) -> None:
    article, facts = _facts_of(seeds, "001")
    sentence = next(
        f for f in facts if "We are entering into a new agreement" in article.text[f.start : f.end]
    )
    same = [f for f in facts if f.sentence_start == sentence.sentence_start]
    assert len(same) >= 2
    assert all(article.text[f.start : f.end] in article.text[f.sentence_start : f.sentence_end] for f in same)


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


@pytest.mark.parametrize("text", ["What happens next for the deal?", "Click here to read more."])
def test_facts_idle_sentence_gives_no_fact(seeds: Report, text: str) -> None:
    (article, _) = _facts_of(seeds, "002")
    idle = dataclasses.replace(
        article,
        text=text,
        sentences=(dataclasses.replace(article.sentences[0], start=0, end=len(text)),),
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


def _values_of(text: str) -> list[tuple[str, str, str | None]]:
    """(slot, words, approx) of every value of the facts of ``text``, analysed alone."""
    report = analyze([dataclasses.replace(make_article("one.txt", text, Meta()), id="art-one")])
    article = report.articles[0]
    return [(v.slot, article.text[v.start : v.end], v.approx) for f in article.facts for v in f.values]


@pytest.mark.issue(11)
def test_facts_an_added_count_is_an_increment_and_agrees_with_any_total() -> None:
    # ECB+ 3_10ecbplus / 3_9ecbplus: "two extra life sentences" on top of one; "serving three life sentences".
    (extra,) = [
        v for v in _values_of("He was given two extra life sentences in 1999.") if v[0].startswith("sent")
    ]
    assert extra[2] == INCREMENT
    (total,) = [v for v in _values_of("Comeaux is serving three life sentences.") if v[0].startswith("sent")]
    assert total[2] is None
    added = Value("sentence:life", "sentence", 2.0, 0, 1, unit="life", approx=INCREMENT)
    assert compatible(added, Value("sentence:life", "sentence", 3.0, 0, 1, unit="life"))
    total_only = dataclasses.replace(added, approx=None)
    assert not compatible(total_only, Value("sentence:life", "sentence", 3.0, 0, 1, unit="life"))


@pytest.mark.issue(11)
def test_facts_an_appositive_age_is_slotted_by_whose_age() -> None:
    slots = {slot: words for slot, words, _ in _values_of("Police named Ian Brown, 36, and Peter Smith, 51.")}
    assert slots == {"age:brown": "36", "age:smith": "51"}
