"""ClaimReview drafts: the statement and where it appeared, and never a verdict crossfact made up."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from crossfact import errors
from crossfact.export.claimreview import PLACEHOLDER, write_claimreview
from crossfact.export.records import records_of


def _placeholders(data: Any) -> list[str]:
    if isinstance(data, dict):
        return [text for value in data.values() for text in _placeholders(value)]
    if isinstance(data, list):
        return [text for value in data for text in _placeholders(value)]
    return [data] if isinstance(data, str) and data.startswith(PLACEHOLDER) else []


def test_claimreview_drafts_every_conflicting_and_single_source_claim(
    demo_report: Any, tmp_path: Path
) -> None:
    records = records_of(demo_report)
    written = write_claimreview(records, tmp_path)
    expected = [c for c in records["claims"] if c["status"] in ("conflicting", "single_source")]
    assert [path.name for path in written] == [f"{claim['id']}.jsonld" for claim in expected]
    assert all(path.parent == tmp_path / "claimreview" for path in written)


def test_claimreview_follows_the_schema_org_shape(demo_report: Any, tmp_path: Path) -> None:
    records = records_of(demo_report)
    conflicting = next(c for c in records["claims"] if c["status"] == "conflicting")
    (path,) = write_claimreview(records, tmp_path, claims=[conflicting["id"]])
    review = json.loads(path.read_text(encoding="utf-8"))
    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == conflicting["statement"]["text"]
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    urls = {a["id"]: a["url"] for a in records["articles"]}
    cited = {ref["article"] for ref in conflicting["facts"]}
    assert {work["url"] for work in item["appearance"]} == {urls[article] for article in cited}
    for work in item["appearance"]:
        assert work["@type"] == "CreativeWork" and work["publisher"]["@type"] == "Organization"
    dates = [work["datePublished"] for work in item["appearance"]]
    assert dates == sorted(dates) and item["firstAppearance"] == item["appearance"][0]
    assert review["author"]["@type"] == "Organization"
    assert review["reviewRating"]["@type"] == "Rating"


def test_claimreview_leaves_the_verdict_and_reviewer_to_a_human(demo_report: Any, tmp_path: Path) -> None:
    records = records_of(demo_report)
    for path in write_claimreview(records, tmp_path):
        review = json.loads(path.read_text(encoding="utf-8"))
        rating = review["reviewRating"]
        assert all(rating[key].startswith(PLACEHOLDER) for key in rating if key != "@type")
        assert review["author"]["name"].startswith(PLACEHOLDER)
        assert review["url"].startswith(PLACEHOLDER) and review["datePublished"].startswith(PLACEHOLDER)
        assert not any(word in json.dumps(rating).lower() for word in ("false", "true", "misleading"))


def test_claimreview_article_without_url_gets_a_placeholder_not_a_path(
    seeds_report: Any, tmp_path: Path
) -> None:
    records = records_of(seeds_report)
    (path, *_) = write_claimreview(records, tmp_path)
    review = json.loads(path.read_text(encoding="utf-8"))
    (work,) = review["itemReviewed"]["appearance"]
    assert work["url"].startswith(PLACEHOLDER) and "../" not in work["url"]
    assert _placeholders(review)


def test_claimreview_selected_claims_in_order_and_unknown_ids_named(demo_report: Any, tmp_path: Path) -> None:
    records = records_of(demo_report)
    second, first = records["claims"][0]["id"], records["claims"][1]["id"]
    assert [p.stem for p in write_claimreview(records, tmp_path, claims=[first, second, first])] == [
        first,
        second,
    ]
    with pytest.raises(errors.ConfigError, match="no claim claim-000000000000"):
        write_claimreview(records, tmp_path, claims=[first, "claim-000000000000"])


def test_claimreview_hostile_statement_stays_inert_inside_a_script_element(
    demo_report: Any, tmp_path: Path
) -> None:
    records = copy.deepcopy(records_of(demo_report))
    claim = records["claims"][0]
    claim["statement"]["text"] = 'Officials said </script><script>alert(1)</script> & "more"'
    claim["id"] = "../../escaped"
    (path,) = write_claimreview(records, tmp_path, claims=["../../escaped"])
    assert path.parent == tmp_path / "claimreview"
    text = path.read_text(encoding="utf-8")
    assert "</script>" not in text and "<" not in text
    assert json.loads(text)["claimReviewed"] == claim["statement"]["text"]
