"""The copy decision: the shipped copy model, and public speech that never makes two outlets one source.

Hand-made articles in the manner of court reports (issue 12: on ECB+ topic 3 one courtroom sentence every
outlet heard tied independent reports into one family).
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from crossfact.cli import demo_corpus
from crossfact.config import Config, EntitiesConfig, ReuseConfig
from crossfact.crossdoc.families import build_families
from crossfact.crossdoc.reuse import FEATURES, align_candidates, find_reuse, load_copy_model
from crossfact.model import Article
from crossfact.pipeline import analyze, run_chain
from crossfact.read import Meta, make_article
from crossfact.split import split_article

QUOTE = "I will not bring dishonor to the decision to spare my life"

# Two outlets that sat in the same courtroom: the same words from the dock, everything else their own.
WIRE = (
    "A former soldier who shot two police officers during a bank robbery was sentenced on Friday to four "
    "consecutive life terms without the possibility of parole.\n\n"
    f"Standing before the judge, he said: “{QUOTE}.” Relatives of the officers wept in the gallery.\n\n"
    "Prosecutors had sought the death penalty, but the jury deadlocked after deliberating for two days. "
    "Defence lawyers argued that years of combat had left their client with untreated trauma."
)
LOCAL = (
    "The family of a slain patrolman said justice was only partly served when the gunman escaped a death "
    "sentence in the county courthouse yesterday afternoon.\n\n"
    f"“{QUOTE},” the defendant told the packed courtroom before deputies led him away in shackles.\n\n"
    "The widow of one officer, who has raised three children alone since the shooting, said she would never "
    "forgive him. Church groups held a candlelight vigil outside the building that evening."
)
# An outlet that rewrote the wire copy: the quote and the reporting around it.
REPRINT = (
    "A former soldier who shot two police officers during a bank robbery was sentenced on Friday to four "
    "consecutive life terms without any possibility of parole.\n\n"
    f"Standing before the judge, he said: “{QUOTE}.”\n\n"
    "Prosecutors had sought the death penalty, but the jury deadlocked after deliberating for two days."
)


# A statement read out in two paragraphs, printed the newswire way: no closing mark after the first paragraph.
STATEMENT = (
    "“The board has decided to close the Harwick plant at the end of the year, with the loss of 340 jobs. "
    "We have looked at every alternative and none of them would keep the site open.\n\n"
    "“Every worker will be offered a place at our other sites or a redundancy package above the legal "
    "minimum,” the company's chief executive, Lorna Abbott, said in a statement."
)
COUNCIL = (
    "Councillors in Harwick called an emergency meeting on Tuesday night after the town's largest employer "
    "announced that its bottling plant would shut.\n\n"
    f"{STATEMENT}\n\n"
    "The council leader said the closure would take millions out of the local economy and asked ministers to "
    "step in. Union officials are due to meet managers on Thursday."
)
RADIO = (
    "Staff at the bottling works heard the news at a meeting in the canteen, where several wept and one "
    "shouted at the managers who read it out.\n\n"
    f"{STATEMENT}\n\n"
    "Shop stewards will ballot members next week. A spokesman for the local MP called the decision a betrayal "
    "of families who had worked there for three generations."
)
COUNCIL_REPRINT = (
    "Councillors in Harwick called an emergency meeting on Tuesday night after the town's largest employer "
    "announced that its bottling plant would shut.\n\n"
    f"{STATEMENT}\n\n"
    "The council leader said the closure would take millions out of the local economy and urged ministers to "
    "step in."
)
QUOTES = Config(stages=("clean", "split", "entities", "quotes"), entities=EntitiesConfig(use_model=False))


def _article(text: str, path: str) -> Article:
    return split_article(make_article(path, text, Meta()))


def _quoted(text: str, path: str) -> Article:
    return run_chain(make_article(path, text, Meta()), QUOTES).article


def test_copying_a_statement_both_outlets_printed_is_no_copy_link() -> None:
    council, radio = _quoted(COUNCIL, "council.txt"), _quoted(RADIO, "radio.txt")
    # The quotes stage reads the two-paragraph statement as quoted speech (the first paragraph has no closing
    # mark, so pairs of quote marks alone would leave it as the writer's text).
    assert any(quote.end - quote.start > 150 for quote in council.quotes)
    assert find_reuse([council, radio]) == ()


def test_copying_the_report_around_a_statement_is_a_copy_link() -> None:
    council, radio = _quoted(COUNCIL, "council.txt"), _quoted(RADIO, "radio.txt")
    reprint = _quoted(COUNCIL_REPRINT, "reprint.txt")
    links = find_reuse([council, radio, reprint])
    assert {(link.a, link.b) for link in links} == {(council.id, reprint.id)}


def test_copying_the_same_courtroom_quote_is_no_copy_link() -> None:
    wire, local = _article(WIRE, "wire.txt"), _article(LOCAL, "local.txt")
    _, pairs = align_candidates([wire, local])
    aligned = list(pairs)
    # The two share the quote (a candidate, aligned as a shared quote) and nothing around it.
    assert aligned and any(kind == "shared_quote" for kind, _ in aligned[0].evidence.passages)
    assert not aligned[0].features.own_text
    assert find_reuse([wire, local]) == ()
    families = build_families([wire, local], ())
    assert len(families) == 2


def test_copying_the_text_around_a_quote_is_a_copy_link() -> None:
    wire, local, reprint = (
        _article(WIRE, "wire.txt"),
        _article(LOCAL, "local.txt"),
        _article(REPRINT, "reprint.txt"),
    )
    links = find_reuse([wire, local, reprint])
    assert {(link.a, link.b) for link in links} == {(wire.id, reprint.id)}
    families = build_families([wire, local, reprint], links)
    assert sorted(len(family.articles) for family in families) == [1, 2]


def test_copying_a_wire_story_printed_by_twelve_outlets_is_one_family() -> None:
    # Every shingle of the story is in all twelve texts: only shingles of common words may be stock phrases.
    texts = [f"{WIRE}\n\nReporting by the {desk} desk." for desk in "ABCDEFGHIJKL"]
    articles = [_article(text, f"outlet-{index}.txt") for index, text in enumerate(texts)]
    links = find_reuse(articles)
    assert len(links) == 66
    assert len(build_families(articles, links)) == 1


def test_copying_the_shipped_model_names_its_features_and_a_fitted_threshold() -> None:
    data = json.loads(
        resources.files("crossfact.crossdoc").joinpath("models", "copy.json").read_text(encoding="utf-8")
    )
    model = load_copy_model()
    assert data["features"] == list(FEATURES) and len(model.weights) == len(FEATURES)
    assert 0.0 < model.threshold < 1.0 and "METER dev" in model.fitted_on
    # A configured threshold still overrides the fitted one.
    wire, reprint = _article(WIRE, "wire.txt"), _article(REPRINT, "reprint.txt")
    assert find_reuse([wire, reprint], config=ReuseConfig(link_threshold=1.01)) == ()


@pytest.mark.issue(12)
def test_copying_links_do_not_change_when_unrelated_newswires_join(seeds_dir: Path, data_dir: Path) -> None:
    """Issue 12's stability test, at 200 newswires to stay fast (benchmarks/eval_reuse_stability.py runs 500
    with ECB+ topics 3 and 7 in the pile)."""
    config = Config(
        stages=("clean", "split", "entities", "quantities"), entities=EntitiesConfig(use_model=False)
    )
    pile = [*analyze([seeds_dir], config).articles, *analyze([demo_corpus()], config).articles]
    newswires = []
    with (data_dir / "reuters21578" / "reuters21578.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if record.get("text", "").strip():
                article = make_article(f"reuters-{record['id']}.txt", record["text"], Meta(source="Reuters"))
                newswires.append(run_chain(article, config).article)
            if len(newswires) == 200:
                break
    ids = {article.id for article in pile}
    alone = {(link.a, link.b): link.score for link in find_reuse(pile)}
    together = {
        (link.a, link.b): link.score
        for link in find_reuse([*pile, *newswires])
        if link.a in ids and link.b in ids
    }
    assert len(alone) >= 5 and together == alone
