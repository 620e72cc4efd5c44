"""Claims: the same fact across articles is one claim that counts families, not articles; conflicts show."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from crossfact.crossdoc.align import align_claims
from crossfact.model import Claim, Family


def _ids(report: Any) -> dict[str, str]:
    return {Path(article.path.split("#")[0]).name[:3]: article.id for article in report.articles}


def _claim_with(report: Any, claims: tuple[Claim, ...], prefix: str, words: str) -> Claim:
    article = next(a for a in report.articles if Path(a.path).name.startswith(prefix))
    fact = next(f for f in article.facts if words in article.text[f.start : f.end])
    return next(c for c in claims if any(ref.fact == fact.id for ref in c.facts))


def test_align_tariff_cut_is_one_claim_of_one_family(seeds_report: Any) -> None:
    ids = _ids(seeds_report)
    families = [Family("family-a", (ids["001"], ids["002"]))] + [
        Family(f"family-{key}", (ids[key],)) for key in ("000", "003", "004")
    ]
    claims = align_claims(seeds_report.articles, families, seeds_report.entities)
    claim = _claim_with(seeds_report, claims, "001", "cut import tariffs")
    assert claim is _claim_with(seeds_report, claims, "002", "slashed import tariffs")
    assert claim.kind == "cut_tariff" and claim.independent_sources == 1
    assert claim.status == "single_source"
    assert {"percent 27.5 %", "percent 15 %"} <= set(claim.values)


def test_align_same_claim_in_independent_articles_is_corroborated(seeds_report: Any) -> None:
    singletons = [Family(f"family-{a.id}", (a.id,)) for a in seeds_report.articles]
    claims = align_claims(seeds_report.articles, singletons, seeds_report.entities)
    claim = _claim_with(seeds_report, claims, "001", "cut import tariffs")
    assert claim.independent_sources == 2 and claim.status == "corroborated"


def test_align_different_amounts_for_one_contract_conflict(demo_report: Any) -> None:
    claim = _claim_with(demo_report, demo_report.claims, "05_", "signed the €2.4 billion contract")
    assert claim.status == "conflicting"
    assert any("conflict: money: EUR 2.4 billion" in value for value in claim.values)
    wire = _claim_with(demo_report, demo_report.claims, "01_", "signed a €4.2 billion contract")
    assert wire is claim


def test_align_unrelated_facts_stay_apart(seeds_report: Any) -> None:
    claims = seeds_report.claims
    block = _claim_with(seeds_report, claims, "004", "Former President Joe Biden blocked the deal")
    tariff = _claim_with(seeds_report, claims, "001", "cut import tariffs")
    assert block is not tariff and block.kind == "block"


def test_align_claim_ids_are_stable(seeds_report: Any) -> None:
    again = align_claims(seeds_report.articles, seeds_report.families, seeds_report.entities)
    assert [c.id for c in again] == [c.id for c in seeds_report.claims]
