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
def test_facts_a_part_of_a_count_counts_the_same_thing() -> None:
    values = _values_of("The champion landed 148 of 402 punches over the twelve rounds.")
    assert ("count:punch", "148", None) in values and ("count:punch", "402 punches", None) in values


@pytest.mark.issue(11)
def test_facts_a_difference_is_no_total() -> None:
    (sooner,) = [
        v for v in _values_of("He won the fight five rounds sooner than in 2008.") if "round" in v[0]
    ]
    assert sooner[2] == INCREMENT


@pytest.mark.issue(11)
def test_facts_an_appositive_age_is_slotted_by_whose_age() -> None:
    slots = {slot: words for slot, words, _ in _values_of("Police named Ian Brown, 36, and Peter Smith, 51.")}
    assert slots == {"age:brown": "36", "age:smith": "51"}


def _statements(text: str) -> list[str]:
    """The statement (span text) of every fact of ``text``, analysed alone."""
    report = analyze([dataclasses.replace(make_article("one.txt", text, Meta()), id="art-one")])
    article = report.articles[0]
    return [article.text[f.start : f.end] for f in article.facts]


@pytest.mark.issue(11)
def test_facts_a_glued_heading_is_cut_off_the_statement() -> None:
    # Seed 003: the scraper lost the break after "Conclusion: ... Economic Diplomacy".
    statements = _statements(
        "Conclusion: Reflecting on Japan’s Dual Pursuit of Security Enhancement and Economic DiplomacyThe "
        "unfolding scenario where Japan contemplates substantial purchases of American military equipment "
        "encapsulates a nuanced strategy."
    )
    assert statements == [
        "The unfolding scenario where Japan contemplates substantial purchases of American military equipment "
        "encapsulates a nuanced strategy"
    ]


@pytest.mark.issue(11)
def test_facts_a_brand_written_in_camel_case_is_no_glued_heading() -> None:
    (statement,) = _statements("Peter Smith updated his LinkedIn profile in March 2024.")
    assert statement == "Peter Smith updated his LinkedIn profile in March 2024"


@pytest.mark.issue(11)
def test_facts_a_list_mark_and_a_heading_label_are_not_part_of_the_statement() -> None:
    # Seed 003's list items: "- Label: sentence".
    (statement,) = _statements(
        "- Bigger Defense Budgets Ahead: To accommodate these acquisitions, Tokyo is likely to increase its "
        "defense expenditure beyond recent levels."
    )
    assert statement.startswith("To accommodate these acquisitions, Tokyo is likely to increase")


@pytest.mark.issue(11)
def test_facts_a_headline_with_a_colon_keeps_its_words() -> None:
    # Seed 001's title: twelve title-case words before the colon are a headline, not a label.
    statements = _statements(
        "Trump Announces Major US-Japan Defense Deal as He Begins Second Term: ‘We’ve Received Your Orders "
        "for Very Large Amounts of New Military Hardware’"
    )
    assert statements and statements[0].startswith("Trump Announces Major US-Japan Defense Deal")


@pytest.mark.issue(11)
def test_facts_list_items_without_a_verb_or_subject_give_no_statement() -> None:
    # Seed 004: a heading, then bullets after "... the Trump-Ishiba discussions also covered:".
    text = (
        "Discussions on Trade, Energy, and Technology\n\n"
        "• Increased Japanese investments in the US\n"
        "• Expanding American energy exports to Japan\n"
        "• Developing critical technologies like artificial intelligence (AI) and semiconductors\n"
    )
    assert _statements(text) == []


@pytest.mark.issue(11)
def test_facts_a_list_item_that_is_a_sentence_is_kept_without_its_mark() -> None:
    assert _statements("• Japan increased its investments in the United States by $5 billion.") == [
        "Japan increased its investments in the United States by $5 billion"
    ]


@pytest.mark.issue(11)
def test_facts_a_title_case_headline_whose_verb_the_tagger_misses_is_kept() -> None:
    # ECB+ 1: the tagger reads "Checks" as a noun, but the headline names someone and states what she did.
    assert _statements("Tara Reid Checks Into Promises Treatment Center") == [
        "Tara Reid Checks Into Promises Treatment Center"
    ]


@pytest.mark.issue(11)
def test_facts_a_coordinated_verb_sharing_its_auxiliary_is_no_fragment() -> None:
    statements = _statements(
        "Peter Smith was convicted of fraud in 2009 and sentenced to six years in prison."
    )
    assert any(s.startswith("sentenced to six years") or "sentenced to six years" in s for s in statements)


@pytest.mark.issue(11)
def test_facts_a_clause_that_is_a_verbs_object_stays_in_its_statement() -> None:
    # Seed 000: the clause was cut at "will test", its object lost to a statement of its own.
    assert _statements(
        "With global powers watching closely, the coming months will test whether the U.S. can balance its "
        "commitment to allies with the need to address domestic challenges."
    ) == [
        "With global powers watching closely, the coming months will test whether the U.S. can balance its "
        "commitment to allies with the need to address domestic challenges"
    ]


@pytest.mark.issue(11)
def test_facts_a_reported_clause_is_still_a_statement_of_its_own() -> None:
    (statement,) = _statements(
        "Pentagon officials said that Japan had placed a large order for American weapons."
    )
    assert statement == "Japan had placed a large order for American weapons"


@pytest.mark.issue(11)
@pytest.mark.parametrize(
    "text",
    [
        "Several critical elements are shaping this strategic recalibration:",
        "According to a Voice of America (VOA) report, the Trump-Ishiba discussions also covered:",
    ],
)
def test_facts_a_sentence_that_only_announces_a_list_gives_no_statement(text: str) -> None:
    assert _statements(text) == []


@pytest.mark.issue(11)
def test_facts_a_sentence_before_a_colon_that_states_a_figure_is_kept() -> None:
    (statement,) = _statements("The Ministry of Defense reported a 3% rise in its 2024 budget:")
    assert "3% rise" in statement


@pytest.mark.issue(11)
def test_facts_a_subordinate_clause_keeps_its_conjunction_and_a_trailing_and_is_dropped() -> None:
    # Seed 000 / 001: "the contract moves forward, ..." read as a plain statement; "a new agreement, and".
    assert _statements("As the contract moves forward, the spotlight remains on Trump’s leadership.") == [
        "As the contract moves forward, the spotlight remains on Trump’s leadership"
    ]
    assert _statements("Trump said Japan is entering into a new agreement, and it is truly a fair deal.")[
        0
    ] == ("Japan is entering into a new agreement")


@pytest.mark.issue(11)
def test_facts_a_that_clause_is_kept_in_its_verbs_statement_and_stated_on_its_own() -> None:
    # MSRP 770: "the murder scenes showed" was a statement cut at its verb.
    statements = _statements("The murder scenes showed that Eric Rudolph had planned the attacks for months.")
    assert statements == [
        "The murder scenes showed that Eric Rudolph had planned the attacks for months",
        "Eric Rudolph had planned the attacks for months",
    ]


def _agents(text: str) -> list[str]:
    """The words filling the agent slot of every fact of ``text``, analysed alone."""
    report = analyze([dataclasses.replace(make_article("one.txt", text, Meta()), id="art-one")])
    article = report.articles[0]
    return [article.text[s.start : s.end] for f in article.facts for s in f.slots if s.role == "agent"]


def test_facts_a_wire_dateline_is_not_part_of_the_statement_nor_its_agent() -> None:
    text = (
        "THE HAGUE, March 11 (North Sea Wire) - The Dutch government on Tuesday signed a contract with a "
        "consortium to build the pipeline."
    )
    (statement,) = _statements(text)
    assert statement.startswith("The Dutch government on Tuesday signed")
    assert _agents(text) == ["The Dutch government"]


def test_facts_a_hyphenated_compound_in_capitals_is_no_dateline() -> None:
    (statement,) = _statements("US-China talks resumed on Monday in Geneva.")
    assert statement.startswith("US-China talks resumed")
