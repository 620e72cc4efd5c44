"""Does a reuse link depend on unrelated articles in the batch? Links among a pile, alone and with 500 others.

The pile: the seeds (``../shared/seeds``), the demo corpus and ECB+ dev topics 3 and 7 (``ecbplus_dev_docs.jsonl``,
URL line removed and detokenised as in ``benchmarks.eval_stories``). The unrelated articles: the first
``--extra`` (default 500) Reuters-21578 newswires of 1987 (``reuters21578.jsonl``). Every text runs crossfact's
per-article stages (clean, split, entities, quantities, sketch); then :func:`crossfact.crossdoc.reuse.find_reuse`
runs on the pile alone and on the pile plus the newswires. Reported: the links among the pile's articles that
appear, disappear or cross the family threshold when the newswires are added (issue 12: "adding 500 unrelated
articles changes no link among the others"), and the seconds each run took.

Also reported: the families of ECB+ dev topics 3 and 7, each analysed alone, with each document's outlet (the
web domain of its URL line; the ``ecb`` half has none), and the pairs that share quotes and nothing else.

Measured (spaCy NER, 500 newswires), before issue 12's stability work (words weighted by the batch IDF): 63
links among the pile alone, 23 more with the newswires, largest score change of a kept link 0.19; ECB+ topic 3
in 6 families and topic 7 in 9 when each is analysed alone, but 4 and 3 once the newswires join (the IDF of a
small batch discounts the event's own vocabulary, a big one does not). After (wordfreq weights, quotes and their
attribution sentences left out, copy model on aligned text): 78 links alone, 1 more with the newswires (7_1ecbplus
7_6ecbplus, through the stock-phrase cut, ``ReuseConfig.common_min_share``, which grows with the batch from 250
articles), largest change 0.11; with 200 newswires nothing changes (tests/crossdoc/test_reuse_copying.py). ECB+
topic 3 in 8 families, topic 7 in 4 (its two events apart, each one family, 2 documents alone); quote-only pairs
3_1ecb-3_8ecb and 3_5ecb-3_8ecb.

Run from the repository root: ``PYTHONPATH=src python -m benchmarks.eval_reuse_stability [--extra N] [--no-model]``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from benchmarks.eval_stories import load_documents
from crossfact.cli import demo_corpus
from crossfact.config import Config, EntitiesConfig
from crossfact.crossdoc.families import build_families, family_threshold
from crossfact.crossdoc.reuse import align_candidates, find_reuse
from crossfact.model import Article
from crossfact.pipeline import analyze, run_chain
from crossfact.read import Meta, make_article

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
SEEDS = ROOT.parent / "shared" / "seeds"
STAGES = ("clean", "split", "entities", "quotes", "quantities", "sketch")


def pile(config: Config) -> list[Article]:
    """Return the seeds, the demo corpus and ECB+ dev topics 3 and 7 as analysed articles."""
    articles = list(analyze([SEEDS], config).articles) + list(analyze([demo_corpus()], config).articles)
    for document in load_documents(DATA / "ecbplus" / "ecbplus_dev_docs.jsonl"):
        if document.topic in ("3", "7"):
            article = replace(make_article(document.name, document.text, Meta()), id=document.name)
            articles.append(run_chain(article, config).article)
    return articles


def outlets() -> dict[str, str]:
    """Return the outlet (web domain of the URL line) of each ECB+ dev document of topics 3 and 7 that has one."""
    found = {}
    with (DATA / "ecbplus" / "ecbplus_dev_docs.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            first = record["text"].split("\n", 1)[0].replace(" ", "")
            match = re.match(r"https?://(?:www\.)?([^/]+)", first)
            if record["topic"] in ("3", "7") and match:
                found[record["doc"]] = match.group(1)
    return found


def ecb_families(articles: Sequence[Article], config: Config) -> dict[str, Any]:
    """Return, for ECB+ dev topics 3 and 7 each analysed alone, the families (members with outlets) and the
    candidate pairs that share quotes and nothing else (never links)."""
    names = outlets()
    result: dict[str, Any] = {}
    for topic in ("3", "7"):
        members = [
            article for article in articles if article.id.split("_")[0] == topic and "ecb" in article.id
        ]
        links = find_reuse(members, config=config.reuse)
        families = build_families(members, links, config=config.reuse)
        _, pairs = align_candidates(members, config=config.reuse)
        result[topic] = {
            "documents": len(members),
            "links": len(links),
            "families": [
                [f"{member} ({names.get(member, 'no URL')})" for member in family.articles]
                for family in families
            ],
            "quote_only": [f"{pair.a} {pair.b}" for pair in pairs if not pair.features.own_text],
        }
    return result


def newswires(count: int, config: Config) -> list[Article]:
    """Return the first ``count`` Reuters-21578 newswires with a text, analysed."""
    articles = []
    with (DATA / "reuters21578" / "reuters21578.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if not record.get("text", "").strip():
                continue
            article = make_article(f"reuters-{record['id']}", record["text"], Meta(source="Reuters"))
            articles.append(run_chain(replace(article, id=f"reuters-{record['id']}"), config).article)
            if len(articles) == count:
                break
    return articles


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    parser.add_argument("--extra", type=int, default=500)
    parser.add_argument("--no-model", action="store_true", help="rule-based NER instead of spaCy (faster)")
    args = parser.parse_args(argv)
    config = Config(stages=STAGES, entities=EntitiesConfig(use_model=not args.no_model))
    articles = pile(config)
    extra = newswires(args.extra, config)
    threshold = family_threshold(config.reuse)
    began = time.perf_counter()
    alone = {(link.a, link.b): link.score for link in find_reuse(articles, config=config.reuse)}
    alone_seconds = time.perf_counter() - began
    began = time.perf_counter()
    ids = {article.id for article in articles}
    together = {
        (link.a, link.b): link.score
        for link in find_reuse([*articles, *extra], config=config.reuse)
        if link.a in ids and link.b in ids
    }
    together_seconds = time.perf_counter() - began
    appeared = sorted(set(together) - set(alone))
    disappeared = sorted(set(alone) - set(together))
    crossed = sorted(
        pair
        for pair in set(alone) & set(together)
        if (alone[pair] >= threshold) != (together[pair] >= threshold)
    )
    print(
        f"pile {len(articles)} articles, {len(alone)} links; with {len(extra)} Reuters newswires: "
        f"{len(appeared)} links appear, {len(disappeared)} disappear, {len(crossed)} cross the family threshold "
        f"({threshold}); seconds {alone_seconds:.1f} / {together_seconds:.1f}"
    )
    for name, pairs, scores in (("appears", appeared, together), ("disappears", disappeared, alone)):
        for pair in pairs:
            print(f"  {name}: {pair[0]} {pair[1]} score {scores[pair]}")
    changed = max((abs(alone[pair] - together[pair]) for pair in set(alone) & set(together)), default=0.0)
    print(f"  largest score change of a kept link: {changed:.4f}")
    for topic, entry in ecb_families(articles, config).items():
        print(
            f"ECB+ dev topic {topic} alone: {entry['documents']} documents, {entry['links']} links, "
            f"{len(entry['families'])} families"
        )
        for family in entry["families"]:
            if len(family) > 1:
                print("  family: " + ", ".join(family))
        print(f"  alone: {sum(len(family) == 1 for family in entry['families'])} documents")
        for pair in entry["quote_only"]:
            print(f"  quote-only pair (no link): {pair}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
