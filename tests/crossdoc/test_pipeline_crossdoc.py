"""The cross-article results users rely on, end to end through analyze(): reuse, families, claims."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


def _names(report: Any) -> dict[str, str]:
    return {article.id: Path(article.path.split("#")[0]).name[:3] for article in report.articles}


def test_seeds_strongest_reuse_is_001_002_with_passages(seeds_report: Any) -> None:
    names = _names(seeds_report)
    strongest = max(seeds_report.reuse, key=lambda link: link.score)
    assert {names[strongest.a], names[strongest.b]} == {"001", "002"}
    assert strongest.passages
    texts = {a.id: a.text for a in seeds_report.articles}
    assert any(
        "We greatly appreciate this order" in texts[p.a.article][p.a.start : p.a.end]
        for p in strongest.passages
    )


def test_seeds_families_join_001_002_only(seeds_report: Any) -> None:
    names = _names(seeds_report)
    families = sorted(sorted(names[a] for a in family.articles) for family in seeds_report.families)
    assert families == [["000"], ["001", "002"], ["003"], ["004"]]


def _claim_holding(report: Any, seed: str, words: str) -> Any:
    names = _names(report)
    texts = {a.id: a.text for a in report.articles}
    facts = {(a.id, f.id): f for a in report.articles for f in a.facts}
    for claim in report.claims:
        for ref in claim.facts:
            fact = facts[(ref.article, ref.fact)]
            if names[ref.article] == seed and words in texts[ref.article][fact.start : fact.end]:
                return claim
    raise AssertionError(f"no claim holds {words!r} of {seed}")


@pytest.mark.issue(11)
def test_seeds_tariff_cut_is_one_claim_with_one_independent_source(seeds_report: Any) -> None:
    # 001 and 002 state the cut in other words ("decided to cut" / "had slashed"); 002 copies 001 (one family).
    names = _names(seeds_report)
    claim = _claim_holding(seeds_report, "001", "cut import tariffs")
    assert claim is _claim_holding(seeds_report, "002", "slashed import tariffs")
    assert {names[ref.article] for ref in claim.facts} == {"001", "002"}
    assert claim.independent_sources == 1 and claim.status == "single_source"


@pytest.mark.issue(11)
def test_seeds_japan_order_claim_counts_the_articles_that_report_it(seeds_report: Any) -> None:
    # 000 and 001 both report that Japan placed an order; 003's "is actively exploring the acquisition" does not.
    names = _names(seeds_report)
    claim = _claim_holding(seeds_report, "001", "Japan had placed a major order")
    assert claim is _claim_holding(seeds_report, "000", "Japan had placed a significant order")
    assert "003" not in {names[ref.article] for ref in claim.facts}
    assert claim.independent_sources == 2 and claim.status == "corroborated"


def test_demo_copy_and_rewrite_point_from_the_wire(demo_report: Any) -> None:
    names = {a.id: Path(a.path.split("#")[0]).name[:2] for a in demo_report.articles}
    links = {(names[link.a], names[link.b]): link for link in demo_report.reuse}
    assert links[("01", "02")].kind == "verbatim" and links[("01", "02")].direction == "a->b"
    assert links[("01", "03")].direction == "a->b"
    family_of = {a: family.id for family in demo_report.families for a in family.articles}
    wire = next(a for a, n in names.items() if n == "01")
    control = next(a.id for a in demo_report.articles if a.source == "Skagerrak Energy Monitor")
    assert family_of[wire] != family_of[control]


@pytest.mark.issue(11)
def test_demo_contract_value_conflict_is_reported_side_by_side(demo_report: Any) -> None:
    # 05 (Polder Review) says the contract is worth €2.4 billion; the wire family says €4.2 billion.
    texts = {a.id: a.text for a in demo_report.articles}
    (conflict,) = [c for c in demo_report.conflicts if c.slot == "money"]
    words = {texts[side.article][side.value.start : side.value.end] for side in conflict.values}
    assert words == {"€4.2 billion", "€2.4 billion"}
    statuses = {c.id: c.status for c in demo_report.claims}
    assert all(statuses[claim] == "conflicting" for claim in conflict.claims)
