"""Reuse between articles: sketches, candidates, aligned passages, scores, kinds and directions.

Real texts only: the five seed articles (read from ../shared/seeds) and the bundled demo corpus, analysed by
crossfact's own stages; hand-made articles are cut from their sentences.
"""

from __future__ import annotations

import pickle
from dataclasses import replace
from pathlib import Path

import pytest

from crossfact.cli import demo_corpus
from crossfact.config import Config, EntitiesConfig, ReuseConfig
from crossfact.crossdoc.families import family_threshold
from crossfact.crossdoc.reuse import (
    SKETCH_VERSION,
    align_candidates,
    corpus_stats,
    find_candidates,
    find_reuse,
    sentence_similarity,
    tokenize,
)
from crossfact.extract.sketch import add_sketch, sketch_article
from crossfact.model import Article, ReuseLink
from crossfact.pipeline import analyze
from crossfact.read import Meta, make_article
from crossfact.split import split_article

# The stages whose output the reuse sketch reads (text, sentences, mentions, quantities). The rule-based NER
# keeps this file fast; every assertion here also holds with the spaCy model (USE_MODEL = True, checked).
STAGES = ("clean", "split", "entities", "quantities")
USE_MODEL = False


def _analysed(path: Path) -> dict[str, Article]:
    report = analyze([path], Config(stages=STAGES, entities=EntitiesConfig(use_model=USE_MODEL)))
    return {_short(article.path): article for article in report.articles}


def _short(path: str) -> str:
    """Return "000" for a seed file, "01" for a demo file, "06a"/"06b" for the demo's JSONL lines."""
    name, _, line = path.partition("#L")
    return Path(name).name.split("_")[0] + ("ab"[int(line) - 1] if line else "")


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path) -> dict[str, Article]:
    """Seed articles by number: "000" ... "004"."""
    return _analysed(seeds_dir)


@pytest.fixture(scope="module")
def demo() -> dict[str, Article]:
    """Demo articles by manifest number: "01" ... "05", "06a", "06b", "07"."""
    return _analysed(demo_corpus())


@pytest.fixture(scope="module")
def seed_links(seeds: dict[str, Article]) -> tuple[ReuseLink, ...]:
    return find_reuse(list(seeds.values()))


@pytest.fixture(scope="module")
def demo_links(demo: dict[str, Article]) -> tuple[ReuseLink, ...]:
    return find_reuse(list(demo.values()))


def _link(links: tuple[ReuseLink, ...], first: Article, second: Article) -> ReuseLink | None:
    return next((link for link in links if {link.a, link.b} == {first.id, second.id}), None)


def _article(text: str, *, path: str = "hand-made.txt", source: str | None = None) -> Article:
    article = make_article(path, text, Meta(source=source))
    return split_article(article)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("The U.S. State Department", ["the", "usa", "state", "department"]),
        (
            "cut tariffs from 27.5% to 15 per cent",
            ["cut", "tariffs", "from", "27.5", "percent", "to", "15", "percent"],
        ),
        ("“We greatly appreciate this order”", ["we", "greatly", "appreciate", "this", "order"]),
        ("'We greatly appreciate this order'", ["we", "greatly", "appreciate", "this", "order"]),
        ("Japan’s high-stakes 40,000 tonnes", ["japan", "high", "stakes", "40000", "tonnes"]),
    ],
)
def test_reuse_tokenize_folds_marks_case_and_numbers(text: str, words: list[str]) -> None:
    tokens = tokenize(text)
    assert [token[0] for token in tokens] == words
    assert all(text[start:end] for _, start, end in tokens)


def test_reuse_sketch_is_compact_frozen_and_textless(seeds: dict[str, Article]) -> None:
    article = seeds["001"]
    sketch = sketch_article(article)
    assert sketch.article == article.id and sketch.version == SKETCH_VERSION
    assert len(sketch.minhash) == 4 * ReuseConfig().num_perm
    data = pickle.dumps(sketch)
    assert pickle.loads(data) == sketch and sketch == sketch_article(article)
    # No words of the article travel in the sketch, only hashes.
    assert b"Takwati" not in data and b"appreciate" not in data
    with pytest.raises(AttributeError):
        sketch.version = 2  # type: ignore[misc]
    assert add_sketch(article).sketch == sketch


def test_reuse_precomputed_sketches_give_the_same_links(
    seeds: dict[str, Article], seed_links: tuple[ReuseLink, ...]
) -> None:
    sketched = [add_sketch(article) for article in seeds.values()]
    assert find_reuse(sketched) == seed_links


def test_reuse_candidates_come_from_sketches_and_shared_fingerprints(seeds: dict[str, Article]) -> None:
    sketches = [sketch_article(article) for article in seeds.values()]
    candidates = find_candidates(sketches, stats=corpus_stats(sketches))
    pair = (seeds["001"].id, seeds["002"].id)
    assert "fingerprint" in candidates[pair]
    assert all(first != second for first, second in candidates)


def test_reuse_sketch_version_mismatch_is_an_error(seeds: dict[str, Article]) -> None:
    stale = replace(sketch_article(seeds["000"]), version=SKETCH_VERSION + 1)
    with pytest.raises(ValueError, match=seeds["000"].id):
        find_candidates([stale, sketch_article(seeds["001"])])


def test_reuse_seeds_001_and_002_share_quote_numbers_and_name(
    seeds: dict[str, Article], seed_links: tuple[ReuseLink, ...]
) -> None:
    first, second = seeds["001"], seeds["002"]
    link = _link(seed_links, first, second)
    assert link is not None and link.score >= family_threshold(ReuseConfig())
    evidence = "\n".join(link.evidence)
    assert "Sanai Takwati" in evidence and "from 27.5% to 15%" in evidence and "$2 billion" in evidence
    quoted = [
        (first.text[p.a.start : p.a.end], second.text[p.b.start : p.b.end])
        for p in link.passages
        if "greatly appreciate this order" in first.text[p.a.start : p.a.end]
    ]
    assert quoted and all("greatly appreciate this order" in text_b for _, text_b in quoted)
    # Nothing dates the seeds and neither text names the other's outlet: who copied whom stays open.
    assert link.direction == "unknown"


def test_reuse_seeds_on_the_same_topic_are_not_linked(
    seeds: dict[str, Article], seed_links: tuple[ReuseLink, ...]
) -> None:
    linked = {frozenset((link.a, link.b)) for link in seed_links}
    assert linked == {frozenset((seeds["001"].id, seeds["002"].id))}
    assert _link(seed_links, seeds["000"], seeds["004"]) is None


@pytest.mark.parametrize(
    ("source", "copy", "kind", "minimum"),
    [("01", "02", "verbatim", 0.9), ("01", "03", "paraphrase", 0.4), ("01", "04", "shared_quote", 0.2)],
)
def test_reuse_demo_family_links(
    demo: dict[str, Article],
    demo_links: tuple[ReuseLink, ...],
    source: str,
    copy: str,
    kind: str,
    minimum: float,
) -> None:
    link = _link(demo_links, demo[source], demo[copy])
    assert link is not None
    assert (link.a, link.b, link.direction) == (demo[source].id, demo[copy].id, "a->b")
    assert link.kind == kind and link.score >= minimum
    assert any(line.startswith("direction: a published 2025-03-11") for line in link.evidence)


def test_reuse_demo_altered_quote_is_a_passage(
    demo: dict[str, Article], demo_links: tuple[ReuseLink, ...]
) -> None:
    wire, tideline = demo["01"], demo["04"]
    link = _link(demo_links, wire, tideline)
    assert link is not None and "1 shared quote(s) with altered words" in link.evidence
    pairs = [(wire.text[p.a.start : p.a.end], tideline.text[p.b.start : p.b.end]) for p in link.passages]
    assert (
        "This contract gives the North Sea a second job: it will carry not only electricity but also clean "
        "hydrogen to Dutch industry",
        "This contract gives the North Sea a new job: it will carry cheap hydrogen to Dutch industry",
    ) in pairs


def test_reuse_demo_partial_quote_is_not_altered(
    demo: dict[str, Article], demo_links: tuple[ReuseLink, ...]
) -> None:
    # 03 quotes a fragment of 01's Kjærsgaard quote and the Verbeek quote with other marks: nothing mutated.
    link = _link(demo_links, demo["01"], demo["03"])
    assert link is not None and not any("altered" in line for line in link.evidence)
    fragments = [demo["03"].text[p.b.start : p.b.end] for p in link.passages]
    assert "the ships, the sites and the suppliers lined up" in fragments


def test_reuse_demo_copy_is_mostly_verbatim(
    demo: dict[str, Article], demo_links: tuple[ReuseLink, ...]
) -> None:
    link = _link(demo_links, demo["01"], demo["02"])
    assert link is not None
    assert "b names a's outlet 'North Sea Wire'" in "\n".join(link.evidence)
    copied = sum(p.b.end - p.b.start for p in link.passages if p.b.end - p.b.start > 100)
    assert copied > 0.8 * len(demo["02"].text)


@pytest.mark.parametrize("independent", ["05", "06a", "06b", "07"])
def test_reuse_demo_independent_reports_have_no_link(
    demo: dict[str, Article], demo_links: tuple[ReuseLink, ...], independent: str
) -> None:
    article = demo[independent]
    assert [link for link in demo_links if article.id in (link.a, link.b)] == []


def test_reuse_passages_point_into_cleaned_texts(
    demo: dict[str, Article], demo_links: tuple[ReuseLink, ...]
) -> None:
    texts = {article.id: article.text for article in demo.values()}
    for link in demo_links:
        assert 0.0 <= link.score <= 1.0 and link.passages
        for passage in link.passages:
            assert (passage.a.article, passage.b.article) == (link.a, link.b)
            assert 0 <= passage.a.start < passage.a.end <= len(texts[link.a])
            assert passage.b.text_in(texts[link.b]).strip()


def test_reuse_direction_from_outlet_credit_without_dates(demo: dict[str, Article]) -> None:
    undated = [replace(article, published=None, sketch=None) for article in demo.values()]
    link = _link(find_reuse(undated), demo["01"], demo["02"])
    assert link is not None and link.direction == "a->b"
    assert not any("published" in line for line in link.evidence)


def test_reuse_direction_from_time_words_without_dates(demo: dict[str, Article]) -> None:
    wire = demo["01"].text.replace("on Tuesday signed", "today signed")
    paper = wire[: wire.index("Prime Minister Dick Schoof")].replace("today signed", "yesterday signed")
    links = find_reuse([_article(paper, path="paper.txt"), _article(wire, path="wire.txt")])
    assert len(links) == 1 and links[0].direction == "b->a"
    assert "direction: aligned passages say 'today' in b where a says 'yesterday'" in links[0].evidence


def test_reuse_containment_alone_does_not_decide_direction(demo: dict[str, Article]) -> None:
    # A cut-down copy and a wire snap that the article expands look alike: no direction without other evidence.
    wire = demo["01"].text
    cut_down = wire[: wire.index("Prime Minister Dick Schoof")]
    links = find_reuse([_article(cut_down, path="cut.txt"), _article(wire, path="wire.txt")])
    assert len(links) == 1 and links[0].direction == "unknown"
    assert any(line.startswith("100% of a is found in b") for line in links[0].evidence)


def test_reuse_verbatim_survives_quote_marks_spacing_and_a_small_edit(demo: dict[str, Article]) -> None:
    sentence = (
        '"This contract gives the North Sea a second job: it will carry not only electricity but also clean '
        'hydrogen to Dutch industry," ministry spokeswoman Marloes Verbeek said after the signing.'
    )
    edited = (
        "“This contract gives the North Sea a second job:  it will carry not only electricity but also clean "
        "hydrogen to Dutch industry,” ministry spokeswoman Marloes Verbeek said after the ceremony."
    )
    filler = "The ministry did not name the losing bidders."
    articles = [_article(f"{sentence} {filler}"), _article(f"{edited}", path="other.txt")]
    _, pairs = align_candidates(articles)
    (pair,) = pairs
    assert any(p.score >= 0.85 and p.b.end - p.b.start > 150 for _, p in pair.evidence.passages)
    # Aligned, but the two share only the spokeswoman's words and their attribution: public speech, no link.
    assert not pair.features.own_text and find_reuse(articles) == ()


@pytest.mark.parametrize(("years", "linked"), [(("2027", "2031"), True), (("2028", "2032"), False)])
def test_reuse_same_words_with_other_numbers_are_no_copy(
    demo: dict[str, Article], years: tuple[str, str], linked: bool
) -> None:
    # The same sentence with other years states other facts: a template, not a copy.
    sentence = "Construction is due to start in {}, and the first hydrogen should reach Eemshaven in {}."
    first = _article(sentence.format("2027", "2031") + " " + demo["05"].text.split("\n")[0], path="1.txt")
    second = _article(sentence.format(*years) + " " + demo["06b"].text.split("\n")[0], path="2.txt")
    assert bool(find_reuse([first, second])) is linked


def test_reuse_stock_sentence_is_no_evidence(seeds: dict[str, Article], demo: dict[str, Article]) -> None:
    stock = "The announcement was made in a statement on Tuesday."
    independent = (seeds["000"], seeds["003"], seeds["004"], demo["05"], demo["06a"], demo["06b"], demo["07"])
    bodies = [article.text[article.sentences[1].start : article.sentences[3].end] for article in independent]
    articles = [_article(f"{body}\n\n{stock}", path=f"{index}.txt") for index, body in enumerate(bodies)]
    assert find_reuse(articles) == ()


@pytest.mark.parametrize(
    ("first", "second", "paraphrase"),
    [
        (
            "Prime Minister Dick Schoof attended the ceremony in The Hague.",
            "The signing was attended by Prime Minister Dick Schoof.",
            True,
        ),
        (
            "The contract was awarded after a tender that drew three bids.",
            "The tender drew three bids.",
            True,
        ),
        (
            "Prime Minister Dick Schoof attended the ceremony in The Hague.",
            "Construction is due to start in 2027, and the first hydrogen should reach Eemshaven in 2031.",
            False,
        ),
    ],
)
def test_reuse_sentence_similarity_decides_paraphrase(first: str, second: str, paraphrase: bool) -> None:
    score = sentence_similarity([t[0] for t in tokenize(first)], [t[0] for t in tokenize(second)])
    assert (score >= ReuseConfig().paraphrase_threshold) is paraphrase


def test_reuse_two_copies_of_the_wire_are_siblings_via_it(
    demo: dict[str, Article], demo_links: tuple[ReuseLink, ...]
) -> None:
    # 02 and 03 both rewrite the wire original 01: their link is labelled as two copies of 01, not as one
    # copying the other; 01's own links to them are copies.
    wire, first, second = demo["01"], demo["02"], demo["03"]
    siblings = _link(demo_links, first, second)
    assert siblings is not None and siblings.via == wire.id
    assert any(line.startswith(f"siblings: both reuse {wire.id}") for line in siblings.evidence)
    for copy in (first, second):
        link = _link(demo_links, wire, copy)
        assert link is not None and link.via is None
