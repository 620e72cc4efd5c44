"""The timeline orders the corpus's calendar-dated events, each with its facts, articles and claim."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from crossfact.crossdoc.timeline import build_timeline, undated_facts
from tests.checks.test_anachronism_scaling import dated_sentence
from tests.scaling import MAX_RATIO, doubling_ratio


def _short(report: Any) -> dict[str, str]:
    """Article id -> "000" for a seed, "01" for a demo file, "06a"/"06b" for the demo's JSONL lines."""
    names = {}
    for article in report.articles:
        name, _, line = article.path.partition("#L")
        names[article.id] = Path(name).name.split("_")[0] + ("ab"[int(line) - 1] if line else "")
    return names


def test_timeline_orders_the_seed_events_with_their_articles(seeds_report: Any) -> None:
    names = _short(seeds_report)
    entries = [(e.when, sorted(names[a] for a in e.articles)) for e in seeds_report.timeline]
    tariff = entries.index(("2024-09", ["001"]))
    sworn_in = entries.index(("2025-01-20", ["000", "001"]))  # "sworn in on January 20, 2025", twice
    spending = entries.index(("2027", ["004"]))
    assert tariff < sworn_in < spending
    # "late 2024" is 2024 with mod END: after September 2024 in order, and said so in its label.
    late = seeds_report.timeline[tariff + 1]
    assert late.when == "2024" and late.label.startswith("(late) In a separate development, NATO announced")
    cut = seeds_report.timeline[tariff]
    assert cut.label.startswith("In September 2024, the administration decided to cut import tariffs")
    (ref,) = cut.facts
    article = next(a for a in seeds_report.articles if a.id == ref.article)
    fact = next(f for f in article.facts if f.id == ref.fact)
    assert "September 2024" in article.text[fact.start : fact.end]
    claim = next(c for c in seeds_report.claims if c.id == cut.claim)
    assert ref in claim.facts


def test_timeline_holds_only_calendar_dates_in_order(seeds_report: Any, demo_report: Any) -> None:
    for report in (seeds_report, demo_report):
        whens = [entry.when for entry in report.timeline]
        assert "PAST_REF" not in whens and not any(w.startswith("XXXX") for w in whens)
        years = [int(w[:4]) for w in whens]
        assert years == sorted(years)
        listed = {ref for entry in report.timeline for ref in entry.facts}
        undated = set(undated_facts(report.articles, report.timeline))
        assert listed.isdisjoint(undated)
        assert len(listed) + len(undated) == sum(len(a.facts) for a in report.articles)


def test_timeline_merges_one_date_stated_in_different_words(demo_report: Any) -> None:
    names = _short(demo_report)
    construction = [e for e in demo_report.timeline if e.when == "2027"]
    assert len(construction) == 1
    assert sorted(names[a] for a in construction[0].articles) == ["01", "02", "03", "04", "06a"]
    late = next(
        e
        for e in build_timeline(demo_report.articles, demo_report.claims, demo_report.events)
        if e.when == "2022-05"
    )
    assert sorted(names[a] for a in late.articles) == ["05", "06a"] and late.claim is not None


def test_timeline_is_the_same_when_built_again(seeds_report: Any) -> None:
    assert (
        build_timeline(seeds_report.articles, seeds_report.claims, seeds_report.events)
        == seeds_report.timeline
    )


@pytest.mark.issue(16)
def test_timeline_is_linear_in_a_sentence_full_of_dates() -> None:
    # One 200 kB sentence full of dates took 204 s: each date's context and label read the whole sentence.
    ratio = doubling_ratio(
        lambda n: (dated_sentence(n),), lambda articles: build_timeline(articles, (), ()), 2000, repeats=2
    )
    assert ratio < MAX_RATIO


def test_timeline_labels_a_long_sentence_by_its_start() -> None:
    (entry, *_) = build_timeline((dated_sentence(50),), (), ())
    assert entry.label.startswith("On 1 March 1990 the administration and Minister") and entry.label.endswith(
        "…"
    )
