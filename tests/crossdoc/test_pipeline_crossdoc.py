"""The cross-article results users rely on, end to end through analyze(): reuse, families, claims."""

from __future__ import annotations

from pathlib import Path
from typing import Any


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


def test_seeds_tariff_cut_counts_one_independent_source(seeds_report: Any) -> None:
    names = _names(seeds_report)
    texts = {a.id: a.text for a in seeds_report.articles}
    (claim,) = [
        c
        for c in seeds_report.claims
        if "import tariffs" in c.statement.text_in(texts[c.statement.article])
        and any(value.kind == "percent" and value.value == 27.5 for value in c.values)
    ]
    assert {names[ref.article] for ref in claim.facts} == {"001", "002"}
    assert claim.independent_sources == 1 and claim.status == "single_source"


def test_demo_copy_and_rewrite_point_from_the_wire(demo_report: Any) -> None:
    names = {a.id: Path(a.path.split("#")[0]).name[:2] for a in demo_report.articles}
    links = {(names[link.a], names[link.b]): link for link in demo_report.reuse}
    assert links[("01", "02")].kind == "verbatim" and links[("01", "02")].direction == "a->b"
    assert links[("01", "03")].direction == "a->b"
    family_of = {a: family.id for family in demo_report.families for a in family.articles}
    wire = next(a for a, n in names.items() if n == "01")
    control = next(a.id for a in demo_report.articles if a.source == "Skagerrak Energy Monitor")
    assert family_of[wire] != family_of[control]
