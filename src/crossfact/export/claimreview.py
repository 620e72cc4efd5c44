"""Export schema.org ``ClaimReview`` JSON-LD drafts for the claims a fact-checker selects, one file per claim.

A draft holds what crossfact knows: the claim's statement (``claimReviewed``) and the articles it appears in,
with their URLs, headlines, outlets and dates (``itemReviewed.appearance``, earliest first, the first also as
``firstAppearance``). What only a fact-checker can say is left as an explicit placeholder: the verdict
(``reviewRating``), the reviewer (``author``), the review's URL and publication date. crossfact never writes a
verdict: a claim's status (single-source, conflicting) says how it is sourced, not whether it is true.

One file per claim, ``claimreview/<claim id>.jsonld``, because each review is published on its own page inside
one ``<script type="application/ld+json">``: a fact-checker edits and publishes the drafts one at a time.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from crossfact import errors
from crossfact.export.records import Records, ReportIndex
from crossfact.report import write_atomically

# Every value a fact-checker must write before publishing starts with this, so a search finds them all and a
# validator rejects a draft published unfilled (none of them is a URL, a date or a number).
PLACEHOLDER = "TO FILL:"

# Claims exported when none are selected: those a fact-checker looks at first.
DEFAULT_STATUSES = ("conflicting", "single_source")

# A draft is pasted into a page's <script type="application/ld+json">: a statement holding "</script>" or "<!--"
# must not end or comment out that block, so these are written as JSON escapes (the JSON value is unchanged).
_HTML_SENSITIVE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9_.-]|^\.")


def select_claims(records: Records, ids: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """Return the claims with these ids, in the order given, or every conflicting and single-source claim.

    Raises ConfigError naming the ids that are not in the records.
    """
    if ids is None:
        return [claim for claim in records["claims"] if claim["status"] in DEFAULT_STATUSES]
    by_id = {claim["id"]: claim for claim in records["claims"]}
    unknown = [claim_id for claim_id in ids if claim_id not in by_id]
    if unknown:
        raise errors.ConfigError(errors.EXPORT_UNKNOWN_CLAIMS.format(ids=", ".join(unknown)))
    return [by_id[claim_id] for claim_id in dict.fromkeys(ids)]


def claim_review(claim: dict[str, Any], index: ReportIndex) -> dict[str, Any]:
    """Return the ClaimReview draft of one claim record, with placeholders where a human must decide."""
    cited = dict.fromkeys(ref["article"] for ref in claim["facts"])
    articles = [index.articles[article] for article in cited if article in index.articles]
    # Undated articles last; among dated ones the earliest is the first appearance crossfact knows of.
    articles.sort(key=lambda article: (article["published"] is None, article["published"] or ""))
    appearances = [_appearance(article) for article in articles]
    item: dict[str, Any] = {"@type": "Claim", "appearance": appearances}
    if appearances:
        item["firstAppearance"] = appearances[0]
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": claim["statement"]["text"],
        "itemReviewed": item,
        "author": {"@type": "Organization", "name": f"{PLACEHOLDER} the fact-checking organisation"},
        "reviewRating": {
            "@type": "Rating",
            "alternateName": f"{PLACEHOLDER} the verdict, in the fact-checker's own words",
            "ratingValue": f"{PLACEHOLDER} the rating on your scale, or remove it",
            "bestRating": f"{PLACEHOLDER} the best rating on your scale, or remove it",
            "worstRating": f"{PLACEHOLDER} the worst rating on your scale, or remove it",
        },
        "url": f"{PLACEHOLDER} the URL of the published review",
        "datePublished": f"{PLACEHOLDER} the publication date of the review (YYYY-MM-DD)",
        "identifier": claim["id"],
    }


def render_claim_review(review: dict[str, Any]) -> str:
    """Return the JSON-LD text of a draft, safe to paste inside an HTML script element."""
    text = json.dumps(review, ensure_ascii=False, indent=2)
    return "".join(_HTML_SENSITIVE.get(ch, ch) for ch in text) + "\n"


def _appearance(article: dict[str, Any]) -> dict[str, Any]:
    work: dict[str, Any] = {
        "@type": "CreativeWork",
        "url": article["url"] or f"{PLACEHOLDER} the URL where {article['name']} was published",
        "headline": article["title"] or article["name"],
    }
    if article["published"]:
        work["datePublished"] = article["published"]
    if article["source"]:
        work["publisher"] = {"@type": "Organization", "name": article["source"]}
    return work


def write_claimreview(records: Records, out: Path, *, claims: Sequence[str] | None = None) -> list[Path]:
    """Write ``claimreview/<claim id>.jsonld`` into ``out`` for each selected claim and return the paths."""
    index = ReportIndex.of(records)
    selected = select_claims(records, claims)
    folder = out / "claimreview"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for claim in selected:
        # Ids come from the file being exported: one that is not a plain name cannot pick where it is written.
        path = folder / f"{_UNSAFE_NAME.sub('_', claim['id'])}.jsonld"
        write_atomically(path, render_claim_review(claim_review(claim, index)))
        written.append(path)
    return written
