"""The pipeline end to end on the seeds: clean texts, stage order, duplicates merged, batch equals one-by-one."""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import crossfact
from crossfact.config import Config
from crossfact.model import Article, Corpus
from crossfact.pipeline import (
    ARTICLE_STEPS,
    CORPUS_STEPS,
    analyze,
    check_step_order,
    plan_steps,
    run_chain,
    run_corpus_steps,
)
from crossfact.read import Meta, make_article, read_file, read_paths
from crossfact.report.json import report_to_dict
from crossfact.step import Resources, Step

PACKAGE = Path(crossfact.__file__).parent


def test_pipeline_seeds_give_five_clean_articles(seeds_dir: Path) -> None:
    report = analyze([seeds_dir])
    assert len(report.articles) == 5
    assert report.skipped == ()
    for article in report.articles:
        assert "< td >" not in article.text and "/tbody>" not in article.text
        assert "U.S.\n" not in article.text
        assert article.sentences
        for sentence in article.sentences:
            assert "\n" not in article.text[sentence.start : sentence.end]
    counts = dict(report.run.counts)
    assert counts["read"].passed == 5 and counts["dedup"].passed == 5


def test_pipeline_step_registry_matches_modules_on_disk() -> None:
    # Every step a module exports (STEP, or FEATURES_STEP for the story features) is registered, once.
    exported = {}
    for info in pkgutil.walk_packages([str(PACKAGE)], prefix="crossfact."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if name.endswith("STEP") and isinstance(value, Step):
                exported[id(value)] = f"{info.name}.{name}"
    registered = {id(step) for step in (*ARTICLE_STEPS, *CORPUS_STEPS)}
    assert sorted(exported[key] for key in registered if key in exported) == sorted(exported.values())
    assert registered <= set(exported)
    check_step_order()


def test_pipeline_step_names_are_unique() -> None:
    names = [step.name for step in (*ARTICLE_STEPS, *CORPUS_STEPS)]
    assert len(names) == len(set(names))


def _identity(config: Config, resources: Resources) -> Callable[[Article], Article]:
    return lambda article: article


def test_pipeline_step_order_check_rejects_a_read_before_write() -> None:
    bad = (Step("early", "article", _identity, requires=("article.sentences",), assigns=()), *ARTICLE_STEPS)
    with pytest.raises(ValueError, match=re.escape("stage 'early' reads ['article.sentences']")):
        check_step_order(bad, CORPUS_STEPS)


def test_pipeline_step_order_check_covers_corpus_fields() -> None:
    early = Step("early", "corpus", _identity, requires=("corpus.claims",), assigns=())
    with pytest.raises(ValueError, match=re.escape("stage 'early' reads ['corpus.claims']")):
        check_step_order(ARTICLE_STEPS, (early, *CORPUS_STEPS))


def test_pipeline_step_order_check_rejects_a_field_the_model_lacks() -> None:
    typo = Step("typo", "article", _identity, requires=("article.txet",), assigns=())
    with pytest.raises(ValueError, match="not a model field"):
        check_step_order((typo,), ())


def test_pipeline_a_corpus_step_changing_an_undeclared_field_raises(seeds_dir: Path) -> None:
    def build(config: Config, resources: Resources) -> Callable[[Corpus], Corpus]:
        return lambda corpus: replace(corpus, claims=(), articles=corpus.articles[::-1])

    sneaky = Step("sneaky", "corpus", build, requires=("corpus.articles",), assigns=("corpus.claims",))
    corpus = Corpus(tuple(a for a in read_paths([seeds_dir]) if isinstance(a, Article)))
    with pytest.raises(RuntimeError, match=re.escape("changed ['corpus.articles']")):
        run_corpus_steps(corpus, Config(), [sneaky])


def test_pipeline_duplicates_are_merged_before_the_nlp_steps(seeds_dir: Path, tmp_path: Path) -> None:
    seed = next(seeds_dir.glob("004_*.txt"))
    copy = tmp_path / "copy.txt"
    copy.write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    report = analyze([seed, copy])
    counts = dict(report.run.counts)
    # The entities step ran on one article only: dedup sits right after clean.
    assert counts["dedup"].dropped == (("duplicate", 1),)
    assert plan_steps(Config()).before_dedup == (ARTICLE_STEPS[0],)


def test_pipeline_merges_exact_duplicates_and_lists_them(seeds_dir: Path, tmp_path: Path) -> None:
    seed = next(seeds_dir.glob("004_*.txt"))
    copy = tmp_path / "copy_of_004.txt"
    copy.write_text(seed.read_text(encoding="utf-8").replace("\n", "\r\n") + "\n\n", encoding="utf-8")
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"text": seed.read_text(encoding="utf-8"), "source": "Feed"}) + "\n")
    report = analyze([seed, copy, feed])
    assert len(report.articles) == 1
    assert report.articles[0].merged == (str(copy), f"{feed}#L1")
    assert dict(report.run.counts)["dedup"].dropped == (("duplicate", 2),)


def test_pipeline_batch_equals_one_by_one(seeds_dir: Path) -> None:
    together = report_to_dict(analyze([seeds_dir]))["articles"]
    one_by_one = [report_to_dict(analyze([path]))["articles"][0] for path in sorted(seeds_dir.glob("*.txt"))]
    assert together == one_by_one


def test_pipeline_accepts_articles_as_well_as_paths(seeds_dir: Path) -> None:
    (article,) = read_file(next(seeds_dir.glob("002_*.txt")))
    assert isinstance(article, crossfact.model.Article)
    article = replace(article, source="Miami News")
    report = crossfact.analyze([article, next(seeds_dir.glob("003_*.txt"))])
    assert [a.source for a in report.articles] == ["Miami News", None]
    assert report.articles[0].text.startswith("U.S.-Japan Defense Agreement")


def test_pipeline_text_emptied_by_cleaning_is_skipped_with_reason(tmp_path: Path) -> None:
    only_table = tmp_path / "table.txt"
    only_table.write_text("Item | Value |\n---|---|\nContract | 5 |\n", encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text("The council approved the budget on Monday.\n", encoding="utf-8")
    report = analyze([tmp_path])
    assert [a.path for a in report.articles] == [str(good)]
    assert [(s.path, s.reason) for s in report.skipped] == [
        (str(only_table), crossfact.errors.NOTHING_LEFT_AFTER_CLEAN)
    ]


def test_pipeline_runs_only_the_stages_asked_for(seeds_dir: Path) -> None:
    report = analyze([seeds_dir], Config(stages=("clean", "split")))
    # The cross-article steps fed by later stages do not run either; every article is its own family.
    assert report.run.components == ("read", "clean:rules", "split:rules", "families:provenance-graph")
    assert {name for name, _ in plan_steps(Config(stages=("clean", "split"))).not_run} >= {"claims", "checks"}
    assert len(report.families) == 5 and not report.entities and not report.claims
    assert all(article.sentences and not article.mentions for article in report.articles)


@pytest.mark.parametrize(
    ("stages", "message"),
    [(("clean", "nope"), "unknown stage"), (("split",), "stage 'split' reads \\['article.text'\\]")],
)
def test_pipeline_rejects_a_bad_stage_selection(
    seeds_dir: Path, stages: tuple[str, ...], message: str
) -> None:
    with pytest.raises(crossfact.errors.ConfigError, match=message):
        analyze([seeds_dir], Config(stages=stages))


def test_pipeline_a_stage_failing_on_one_article_skips_only_that_article(seeds_dir: Path) -> None:
    def fussy(article: crossfact.model.Article) -> crossfact.model.Article:
        if "Sanai Takwati" in article.text:
            raise ValueError("cannot handle this text")
        return article

    resources = Resources(kb=crossfact.kb.load_kb())
    functions = (
        *((step.name, step.build(Config(), resources)) for step in ARTICLE_STEPS[:2]),
        ("fussy", fussy),
    )
    results = [
        run_chain(a, Config(), functions=functions) for a in read_paths([seeds_dir]) if isinstance(a, Article)
    ]
    failed = [r for r in results if r.failure]
    assert len(failed) == 2 and len(results) == 5
    assert failed[0].failure == (
        "stage 'fussy' failed on this article (ValueError: cannot handle this text); please report it with the file"
    )


# Words and marks of news text in random order: names, titles, quotes, dates, figures, abbreviations, breaks.
_NEWS = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "Prime Minister Dick Schoof",
                "the U.S.",
                "said",
                '"',
                "“",
                "”",
                "on 3 March 2025",
                "$5 million",
                "Mr. Jones",
                ".",
                ",",
                "\n",
                "\n\n",
                " ",
                "last week",
                "Brussels",
                "40%",
                "(",
                ")",
                "'s",
                "—",
            ]
        ),
        st.text(max_size=6),
    ),
    min_size=1,
    max_size=50,
).map(" ".join)


@settings(max_examples=25, deadline=None)
@given(raw=_NEWS)
def test_every_span_of_any_text_lies_inside_the_cleaned_text(raw: str) -> None:
    article = make_article("random.txt", raw, Meta())
    result = run_chain(article, Config())
    assert result.failure is None, result.failure
    analysed = result.article
    length = len(analysed.text)
    spans = [
        *analysed.sentences,
        *analysed.mentions,
        *analysed.quantities,
        *analysed.times,
        *analysed.quotes,
        *analysed.facts,
        *analysed.attributions,
    ]
    for span in spans:
        assert 0 <= span.start <= span.end <= length, span


@pytest.mark.issue(16)
def test_analyze_reports_each_skip_as_it_happens(tmp_path: Path) -> None:
    first = tmp_path / "a_first.txt"
    first.write_text("The council approved the harbour budget on Monday, the mayor said.\n", encoding="utf-8")
    (tmp_path / "b_empty.txt").write_text("", encoding="utf-8")
    last = tmp_path / "c_last.txt"
    last.write_text("The port authority opened a second ferry terminal in the spring.\n", encoding="utf-8")
    events: list[str] = []
    report = analyze(
        [str(first), str(tmp_path / "b_empty.txt"), str(last)],
        Config(),
        on_article=lambda: events.append("article"),
        on_skip=lambda skip: events.append(f"skip {Path(skip.path).name}"),
    )
    assert [Path(skip.path).name for skip in report.skipped] == ["b_empty.txt"]
    # The empty file is heard of while the run goes on, before the last article is done, not after the run.
    assert "skip b_empty.txt" in events
    assert events.index("skip b_empty.txt") < len(events) - 1
