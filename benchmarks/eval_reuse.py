"""Text reuse on METER (derived or not, wholly/partially/non, candidates, direction) and paraphrase on MSRP.

**METER** (``../shared/data/meter/meter_dev.jsonl``, or ``--meter FILE``): 361 Press Association (PA) texts
and 473 newspaper articles written from them (``wholly``), partly from them (``partially``) or independently
(``non``). Preparation, following the corpus README's format traps:

- PA texts lose their wire format before anything is measured: the header block (dashed rules and the
  ``17:55 01/03/00: Page 1 (HHH) COURTS Chemists`` line, which repeats the catchline), the ``By ..., PA News``
  byline, the sign-off (``end<``, ``mfl<``, ``mf<``); ``<`` ends a paragraph and the 80-column lines of a
  paragraph are joined; TeX quotes ````…''`` become “…”; ``#`` before a digit becomes ``£``.
- Every text then runs crossfact's own per-article stages ``clean``, ``split``, ``entities`` (spaCy, or the
  rule fallback with ``--no-model``) and ``quantities``; the article ids are the METER ids.
- Dates: every record carries its story folder's date, and the corpus README says the newspaper articles
  appeared in the *next* day's papers. The main run dates PA texts on the folder date and newspaper articles
  one day later, as a reader with real publication dates would see them; a second run withholds all dates so
  that direction and score come from the texts alone.

All 834 texts go into one :func:`crossfact.crossdoc.reuse.find_reuse` call, exactly as a user's corpus would:
candidates from sketches (MinHash-LSH band settings plus rare fingerprints), then alignment of each candidate.

1. *Classification.* An article's reuse score is the largest ``score`` of its links to the PA texts of its
   own ``source_id`` (several versions per story; 0 without a link). ``derived`` (wholly + partially) versus
   ``non`` uses crossfact's family threshold (the copy model's fitted one; the threshold that puts two articles
   in one family); the ternary split adds a ``wholly`` threshold chosen on this data (best macro F1; there is
   no such threshold in crossfact). The baseline, in the same run, is plain word 3-gram containment of the
   article in the union of its story's PA texts (crossfact's tokenizer, every token), with its thresholds
   chosen on this same data — an optimistic baseline. For a like-for-like view crossfact's thresholds are also
   chosen on the data, and both are scored with 2-fold cross-validation over stories (thresholds chosen on
   one half of the ``source_id``s, scored on the other, both ways). Reported: accuracy, per-class P/R/F1,
   macro F1, for all articles and per domain (showbiz is small and more rewritten).
2. *Candidates.* Of all article–PA pairs of the same story with a derived article, the share that became
   candidates (pair recall), and the share of derived articles with at least one candidate PA text (article
   recall), per channel and together, against the number of candidate pairs and of all pairs.
3. *Direction.* Over the links between a derived article and a PA text of its story: the share that name the
   PA text as the source, the share that name the article, and the share left ``unknown``; with dates (decided
   by the dates, so correct by construction: a check of the plumbing) and with dates withheld (text evidence
   only: outlet credits and "today" → "yesterday" shifts between aligned passages).
4. Links between texts of different stories (``source_id``) are counted: there should be few.

**MSRP** (``../shared/data/msrp/msr_paraphrase_train.txt``, or ``--msrp FILE``): the sentence-paraphrase
decision that alignment uses (:func:`crossfact.crossdoc.reuse.sentence_similarity` ≥
``ReuseConfig.paraphrase_threshold``), with IDF from the file's own sentences (as crossfact takes it from the
analysed corpus). One line of the file holds two records (a missing line break); it is split back into two.
Reported: accuracy, precision, recall and F1 at the configured threshold, the best threshold on the file, and
5-fold cross-validated accuracy (threshold chosen on four folds); baselines in the same run: always
"paraphrase", and unweighted content-word Dice with its threshold chosen the same way.

5. *Copy model, cross-validated.* The copy model (``benchmarks/fit_copy_model.py``) refitted on each story fold
   and scored on the held-out stories, beside the containment baseline with its thresholds chosen on the same
   folds: the 2 halves above and 5 folds. Binary macro F1, the recall of partially and wholly derived articles
   on their own, and ternary macro F1 (METER's best reported ternary figure: Clough et al. 2002, 0.664).

Run from the repository root: ``.venv/bin/python -m benchmarks.eval_reuse [--no-model] [--json FILE]``.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from crossfact.config import Config, EntitiesConfig, ReuseConfig
from crossfact.crossdoc.families import family_threshold
from crossfact.crossdoc.reuse import (
    FEATURES,
    corpus_stats,
    find_candidates,
    find_reuse,
    is_content,
    load_copy_model,
    sentence_similarity,
    stem,
    tokenize,
)
from crossfact.extract.sketch import sketch_article
from crossfact.model import Article, ReuseLink
from crossfact.pipeline import run_chain
from crossfact.read import Meta, make_article

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_METER = ROOT.parent / "shared" / "data" / "meter" / "meter_dev.jsonl"
DEFAULT_MSRP = ROOT.parent / "shared" / "data" / "msrp" / "msr_paraphrase_train.txt"
SCHEMA = "crossfact.eval.reuse/1"
STAGES = ("clean", "split", "entities", "quotes", "quantities")
LABELS = ("non", "partially", "wholly")
BINARY = ("non", "derived")

Record = dict[str, Any]


# --- METER preparation ---------------------------------------------------------------------------------------

_RULE = re.compile(r"^\s*-{20,}\s*$")
_HEADER = re.compile(r"^\s*\d{1,2}:\d{2} \d{2}/\d{2}/\d{2}: Page \d+")
_SIGN_OFF = re.compile(r"^\s*(?:ends?|mfl?|mr)\s*<?\s*$", re.IGNORECASE)
_BYLINE = re.compile(r"^\s*By [^<\n]{0,80}, PA(?: News)?\b[^\n]*$", re.MULTILINE)
_POUND = re.compile(r"#(?=\d)")


def clean_pa(text: str) -> str:
    """Return a PA wire text without its header block, byline and sign-off, in plain paragraphs."""
    lines = text.split("\n")
    start = 0
    while start < len(lines) and (
        not lines[start].strip() or _RULE.match(lines[start]) or _HEADER.match(lines[start])
    ):
        start += 1
    lines = lines[start:]
    while lines and (not lines[-1].strip() or _SIGN_OFF.match(lines[-1])):
        lines.pop()
    body = _BYLINE.sub("", "\n".join(lines))
    paragraphs = [
        " ".join(line.strip() for line in part.split("\n") if line.strip()) for part in body.split("<")
    ]
    body = "\n\n".join(paragraph for paragraph in paragraphs if paragraph)
    return _POUND.sub("£", body.replace("``", "“").replace("''", "”"))


def read_meter(path: Path) -> list[Record]:
    """Return the METER records of the JSON-lines file."""
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def meter_articles(records: Sequence[Record], *, config: Config) -> list[Article]:
    """Return the records as analysed Articles (ids = METER ids), dated as the module docstring says."""
    articles = []
    for record in records:
        is_pa = record["role"] == "source"
        text = clean_pa(record["text"]) if is_pa else record["text"]
        published = date.fromisoformat(record["date"]) + (timedelta(0) if is_pa else timedelta(days=1))
        meta = Meta(source="PA" if is_pa else record["newspaper"], published=published.isoformat())
        article = replace(make_article(record["id"], text, meta), id=record["id"])
        articles.append(run_chain(article, config).article)
    return articles


# --- scoring helpers -----------------------------------------------------------------------------------------


def _prf(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> dict[str, Any]:
    per_class = {}
    for label in labels:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p == label)
        fp = sum(1 for g, p in zip(gold, predicted, strict=True) if p == label and g != label)
        fn = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[label] = {"p": round(precision, 3), "r": round(recall, 3), "f1": round(f1, 3), "n": tp + fn}
    accuracy = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p) / len(gold) if gold else 0.0
    macro = sum(entry["f1"] for entry in per_class.values()) / len(labels)
    return {"accuracy": round(accuracy, 3), "macro_f1": round(macro, 3), "classes": per_class, "n": len(gold)}


def _binary(label: str) -> str:
    return "non" if label == "non" else "derived"


def _classify(score: float, low: float, high: float) -> str:
    return "wholly" if score >= high else "partially" if score >= low else "non"


def _best_binary(scores: Sequence[float], gold: Sequence[str]) -> float:
    """Return the threshold with the best derived-vs-non macro F1 (ties: the lower threshold).

    Macro F1, not accuracy: with 78 % of the articles derived, the accuracy-best threshold of a small sample
    can fall to "everything is derived".
    """
    binary_gold = [_binary(g) for g in gold]
    best = (-1.0, 0.0)
    for threshold in sorted(set(scores)):
        predicted = ["derived" if s >= threshold else "non" for s in scores]
        macro = _prf(binary_gold, predicted, BINARY)["macro_f1"]
        if macro > best[0]:
            best = (macro, threshold)
    return best[1]


def _best_high(scores: Sequence[float], gold: Sequence[str], low: float) -> float:
    """Return the ``wholly`` threshold above ``low`` with the best ternary macro F1."""
    best = (-1.0, 1.01)
    for threshold in sorted({s for s in scores if s > low} | {1.01}):
        predicted = [_classify(s, low, threshold) for s in scores]
        macro = _prf(gold, predicted, LABELS)["macro_f1"]
        if macro > best[0]:
            best = (macro, threshold)
    return best[1]


def _best_pair(scores: Sequence[float], gold: Sequence[str]) -> tuple[float, float]:
    """Return the (partially, wholly) thresholds with the best ternary macro F1, over score quantiles."""
    ordered = sorted(scores)
    grid = sorted({ordered[min(len(ordered) - 1, int(q * len(ordered) / 80))] for q in range(80)} | {1.01})
    best = (-1.0, 0.0, 1.01)
    for low in grid:
        for high in grid:
            if high <= low:
                continue
            macro = _prf(gold, [_classify(s, low, high) for s in scores], LABELS)["macro_f1"]
            if macro > best[0]:
                best = (macro, low, high)
    return best[1], best[2]


@dataclass(frozen=True, slots=True)
class Scored:
    """One newspaper article with its gold label, domain, story and the two systems' scores."""

    id: str
    label: str
    domain: str
    story: str
    crossfact: float
    baseline: float


def _report(items: Sequence[Scored], system: str, low: float, high: float) -> dict[str, Any]:
    scores = [getattr(item, system) for item in items]
    gold = [item.label for item in items]
    ternary = [_classify(s, low, high) for s in scores]
    binary = ["derived" if s >= low else "non" for s in scores]
    return {
        "thresholds": {"partially": round(low, 4), "wholly": round(high, 4)},
        "binary": _prf([_binary(g) for g in gold], binary, BINARY),
        "ternary": _prf(gold, ternary, LABELS),
    }


def _cross_validated(items: Sequence[Scored], system: str) -> dict[str, Any]:
    """Score with thresholds chosen on the other half of the stories (2 folds by source_id, seed 0)."""
    stories = sorted({item.story for item in items})
    random.Random(0).shuffle(stories)
    halves = (set(stories[::2]), set(stories[1::2]))
    gold: list[str] = []
    ternary: list[str] = []
    binary: list[str] = []
    for held_out in halves:
        train = [item for item in items if item.story not in held_out]
        test = [item for item in items if item.story in held_out]
        train_scores = [getattr(item, system) for item in train]
        train_gold = [item.label for item in train]
        low_binary = _best_binary(train_scores, train_gold)
        low, high = _best_pair(train_scores, train_gold)
        for item in test:
            score = getattr(item, system)
            gold.append(item.label)
            ternary.append(_classify(score, low, high))
            binary.append("derived" if score >= low_binary else "non")
    return {
        "binary": _prf([_binary(g) for g in gold], binary, BINARY),
        "ternary": _prf(gold, ternary, LABELS),
    }


# --- METER evaluation ----------------------------------------------------------------------------------------


def _containment(article: Article, sources: Sequence[Article], size: int = 3) -> float:
    def grams(text: str) -> set[tuple[str, ...]]:
        words = [token[0] for token in tokenize(text)]
        return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}

    own = grams(article.text)
    union: set[tuple[str, ...]] = set()
    for source in sources:
        union |= grams(source.text)
    return len(own & union) / len(own) if own else 0.0


def _story_scores(
    records: Sequence[Record], articles: Sequence[Article], links: Sequence[ReuseLink]
) -> list[Scored]:
    by_id = {article.id: article for article in articles}
    story_of = {record["id"]: record["source_id"] for record in records}
    pa_of: dict[str, list[str]] = defaultdict(list)
    for record in records:
        if record["role"] == "source":
            pa_of[record["source_id"]].append(record["id"])
    best: dict[str, float] = defaultdict(float)
    for link in links:
        for article_id, other in ((link.a, link.b), (link.b, link.a)):
            if other in pa_of.get(story_of[article_id], ()) and not article_id.startswith("PA/"):
                best[article_id] = max(best[article_id], link.score)
    items = []
    for record in records:
        if record["role"] != "derived":
            continue
        sources = [by_id[pa] for pa in pa_of.get(record["source_id"], ())]
        items.append(
            Scored(
                id=record["id"],
                label=record["label"],
                domain=record["domain"],
                story=record["source_id"],
                crossfact=best[record["id"]],
                baseline=_containment(by_id[record["id"]], sources),
            )
        )
    return items


def _classification(items: Sequence[Scored], config: ReuseConfig) -> dict[str, Any]:
    gold = [item.label for item in items]
    crossfact_scores = [item.crossfact for item in items]
    baseline_scores = [item.baseline for item in items]
    low = family_threshold(config)
    high = _best_high(crossfact_scores, gold, low)
    fitted_low, fitted_high = _best_pair(crossfact_scores, gold)
    fitted_binary = _best_binary(crossfact_scores, gold)
    base_low, base_high = _best_pair(baseline_scores, gold)
    base_binary = _best_binary(baseline_scores, gold)
    result: dict[str, Any] = {
        "crossfact (family threshold)": _report(items, "crossfact", low, high),
        "crossfact (thresholds fit on dev)": _report(items, "crossfact", fitted_low, fitted_high),
        "baseline 3-gram containment (fit on dev)": _report(items, "baseline", base_low, base_high),
    }
    for name, system, threshold in (
        ("crossfact (thresholds fit on dev)", "crossfact", fitted_binary),
        ("baseline 3-gram containment (fit on dev)", "baseline", base_binary),
    ):
        result[name]["binary"] = _report(items, system, threshold, 1.01)["binary"]
        result[name]["thresholds"]["binary"] = round(threshold, 4)
    result["crossfact (2-fold CV by story)"] = _cross_validated(items, "crossfact")
    result["baseline (2-fold CV by story)"] = _cross_validated(items, "baseline")
    by_domain = {}
    for domain in sorted({item.domain for item in items}):
        subset = [item for item in items if item.domain == domain]
        by_domain[domain] = {
            "crossfact (configured)": _report(subset, "crossfact", low, high),
            "baseline (fit on all dev)": _report(subset, "baseline", base_low, base_high),
        }
    result["by_domain"] = by_domain
    return result


def _candidate_recall(
    records: Sequence[Record], articles: Sequence[Article], config: ReuseConfig
) -> dict[str, Any]:
    began = time.perf_counter()
    sketches = [sketch_article(article, config=config) for article in articles]
    sketch_seconds = time.perf_counter() - began
    began = time.perf_counter()
    stats = corpus_stats(sketches)
    candidates = find_candidates(sketches, config=config, stats=stats)
    candidate_seconds = time.perf_counter() - began
    by_channel: dict[str, set[frozenset[str]]] = defaultdict(set)
    for pair, reasons in candidates.items():
        for reason in reasons:
            by_channel[reason].add(frozenset(pair))
        by_channel["all"].add(frozenset(pair))
    story_pa: dict[str, list[str]] = defaultdict(list)
    for record in records:
        if record["role"] == "source":
            story_pa[record["source_id"]].append(record["id"])
    derived = [
        (record["id"], pa)
        for record in records
        if record["role"] == "derived" and record["label"] != "non"
        for pa in story_pa.get(record["source_id"], ())
    ]
    channels = {}
    for channel, pairs in sorted(by_channel.items()):
        hits = [frozenset(pair) in pairs for pair in derived]
        found_articles: dict[str, bool] = defaultdict(bool)
        for (article_id, _), hit in zip(derived, hits, strict=True):
            found_articles[article_id] |= hit
        channels[channel] = {
            "candidate_pairs": len(pairs),
            "pair_recall": round(sum(hits) / len(hits), 3),
            "article_recall": round(sum(found_articles.values()) / len(found_articles), 3),
        }
    count = len(articles)
    sizes = [len(s.minhash) + len(s.shingles) + len(s.words) + len(s.fingerprints) for s in sketches]
    return {
        "texts": count,
        "all_pairs": count * (count - 1) // 2,
        "derived_pairs": len(derived),
        "channels": channels,
        "sketch_bytes_mean": round(sum(sizes) / len(sizes)),
        "text_chars_mean": round(sum(len(a.text) for a in articles) / count),
        "seconds": {"sketch": round(sketch_seconds, 2), "candidates": round(candidate_seconds, 2)},
    }


def _direction(records: Sequence[Record], links: Sequence[ReuseLink]) -> dict[str, Any]:
    record_of = {record["id"]: record for record in records}
    counts: Counter[str] = Counter()
    for link in links:
        first, second = record_of[link.a], record_of[link.b]
        if first["source_id"] != second["source_id"] or first["role"] == second["role"]:
            continue
        article, pa = (first, second) if first["role"] == "derived" else (second, first)
        if article["label"] == "non":
            continue
        source = link.a if link.direction == "a->b" else link.b if link.direction == "b->a" else None
        counts[
            "unknown" if source is None else "pa_is_source" if source == pa["id"] else "article_is_source"
        ] += 1
    total = sum(counts.values())
    return {
        "links": total,
        **{
            key: round(counts[key] / total, 3) if total else 0.0
            for key in ("pa_is_source", "article_is_source", "unknown")
        },
    }


def _cross_story(
    records: Sequence[Record], links: Sequence[ReuseLink], config: ReuseConfig
) -> dict[str, int]:
    story = {record["id"]: record["source_id"] for record in records}
    across = [link for link in links if story[link.a] != story[link.b]]
    return {
        "links": len(links),
        "links_across_stories": len(across),
        "confident_across_stories": sum(1 for link in across if link.score >= family_threshold(config)),
    }


def evaluate_meter(path: Path, *, use_model: bool, config: ReuseConfig) -> dict[str, Any]:
    """Return every METER figure described in the module docstring."""
    records = read_meter(path)
    began = time.perf_counter()
    pipeline_config = Config(entities=EntitiesConfig(use_model=use_model), stages=STAGES, reuse=config)
    articles = meter_articles(records, config=pipeline_config)
    chain_seconds = time.perf_counter() - began
    candidates = _candidate_recall(records, articles, config)
    began = time.perf_counter()
    links = find_reuse(articles, config=config)
    reuse_seconds = time.perf_counter() - began
    undated = [replace(article, published=None, sketch=None) for article in articles]
    began = time.perf_counter()
    undated_links = find_reuse(undated, config=config)
    undated_seconds = time.perf_counter() - began
    items = _story_scores(records, articles, links)
    undated_items = _story_scores(records, undated, undated_links)
    return {
        "copy_model_cross_validated": _copy_model_folds(records, articles, items, config),
        "texts": len(records),
        "articles": len(items),
        "classification": _classification(items, config),
        "classification_dates_withheld": _classification(undated_items, config)[
            "crossfact (family threshold)"
        ],
        "candidates": candidates,
        "direction": {
            "with_dates": _direction(records, links),
            "dates_withheld": _direction(records, undated_links),
        },
        "links": _cross_story(records, links, config),
        "seconds": {
            "per_article_stages": round(chain_seconds, 1),
            "find_reuse": round(reuse_seconds, 1),
            "find_reuse_undated": round(undated_seconds, 1),
        },
    }


def _copy_model_folds(
    records: Sequence[Record], articles: Sequence[Article], items: Sequence[Scored], config: ReuseConfig
) -> dict[str, Any]:
    """Return the copy model refitted per fold beside the containment baseline on the same story folds.

    The features are the shipped model's (those with a weight); the folds are eval_reuse's 2 halves and
    fit_copy_model's 5 folds, by story, seed 0. Each fold's model and thresholds come from the other folds.
    """
    # Imported here: fit_copy_model imports this module's METER helpers.
    from benchmarks.fit_copy_model import binary_figures, cross_validate, make_rows, meter_pairs, story_folds

    model = load_copy_model()
    columns = [index for index, weight in enumerate(model.weights) if weight]
    rows = make_rows(records, meter_pairs(list(records), articles, config))
    baseline = {item.id: item.baseline for item in items}
    result: dict[str, Any] = {"features": [FEATURES[index] for index in columns]}
    for folds in (2, 5):
        ternary: dict[str, str] = {}
        _, derived = cross_validate(rows, folds, columns, ternary=ternary)
        ids = sorted(derived)
        copy_figures = binary_figures(rows, derived)
        copy_figures["ternary"] = _prf([rows.label[i] for i in ids], [ternary[i] for i in ids], LABELS)
        base_derived: dict[str, bool] = {}
        base_ternary: dict[str, str] = {}
        for held_out in story_folds(sorted({rows.story[i] for i in ids}), folds):
            train = [item for item in items if item.story not in held_out]
            train_scores = [item.baseline for item in train]
            train_gold = [item.label for item in train]
            low_binary = _best_binary(train_scores, train_gold)
            low, high = _best_pair(train_scores, train_gold)
            for item in items:
                if item.story in held_out:
                    base_derived[item.id] = baseline[item.id] >= low_binary
                    base_ternary[item.id] = _classify(baseline[item.id], low, high)
        base_figures = binary_figures(rows, base_derived)
        base_figures["ternary"] = _prf([rows.label[i] for i in ids], [base_ternary[i] for i in ids], LABELS)
        result[f"{folds}-fold"] = {"copy model": copy_figures, "baseline 3-gram containment": base_figures}
    return result


# --- MSRP ----------------------------------------------------------------------------------------------------


def read_msrp(path: Path) -> list[tuple[int, str, str]]:
    """Return (label, sentence 1, sentence 2) triples, splitting the one line that holds two records."""
    pairs = []
    with path.open(encoding="utf-8-sig") as lines:
        next(lines)
        for line in lines:
            fields = line.rstrip("\n").split("\t")
            while len(fields) >= 5:
                label, _, _, first, second = fields[:5]
                if len(fields) > 5:  # "...sentence.0" + next record: the label digit is glued on
                    fields = [second[-1], *fields[5:]]
                    second = second[:-1]
                else:
                    fields = []
                pairs.append((int(label), first, second))
    return pairs


def _msrp_figures(
    pairs: Sequence[tuple[int, str, str]], scores: Sequence[float], threshold: float | None
) -> dict[str, Any]:
    gold = [label for label, _, _ in pairs]

    def at(t: float, indices: Iterable[int]) -> tuple[int, int, int, int]:
        tp = fp = fn = tn = 0
        for index in indices:
            predicted = scores[index] >= t
            tp += predicted and gold[index] == 1
            fp += predicted and gold[index] == 0
            fn += not predicted and gold[index] == 1
            tn += not predicted and gold[index] == 0
        return tp, fp, fn, tn

    def best(indices: list[int]) -> float:
        candidates = sorted({round(scores[i], 3) for i in indices})
        return max(candidates, key=lambda t: (sum(at(t, indices)[::3]), -t))

    everything = list(range(len(pairs)))
    fitted = best(everything)
    chosen = fitted if threshold is None else threshold
    tp, fp, fn, tn = at(chosen, everything)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    order = list(range(len(pairs)))
    random.Random(0).shuffle(order)
    correct = 0
    for fold in range(5):
        test = order[fold::5]
        train = [i for k, i in enumerate(order) if k % 5 != fold]
        t = best(train)
        correct += sum(at(t, test)[::3])
    return {
        "threshold": round(chosen, 3),
        "accuracy": round((tp + tn) / len(pairs), 3),
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(2 * precision * recall / (precision + recall), 3) if precision + recall else 0.0,
        "best_threshold_on_file": fitted,
        "cv5_accuracy": round(correct / len(pairs), 3),
    }


def evaluate_msrp(path: Path, *, config: ReuseConfig) -> dict[str, Any]:
    """Return the paraphrase-decision figures on MSRP and the baselines."""
    pairs = read_msrp(path)
    sentences = {sentence for _, first, second in pairs for sentence in (first, second)}
    df: Counter[str] = Counter()
    for sentence in sentences:
        df.update({stem(token[0]) for token in tokenize(sentence) if is_content(token[0])})
    count = len(sentences)
    idf = {word: math.log((count + 1) / (n + 1)) + 1.0 for word, n in df.items()}

    def words(sentence: str) -> list[str]:
        return [token[0] for token in tokenize(sentence)]

    weighted = [sentence_similarity(words(first), words(second), idf) for _, first, second in pairs]
    plain = [sentence_similarity(words(first), words(second)) for _, first, second in pairs]
    positives = sum(label for label, _, _ in pairs)
    majority_precision = positives / len(pairs)
    return {
        "pairs": len(pairs),
        "positives": positives,
        "crossfact (configured threshold)": _msrp_figures(pairs, weighted, config.paraphrase_threshold),
        "baseline unweighted Dice (fit on file)": _msrp_figures(pairs, plain, None),
        "baseline always paraphrase": {
            "accuracy": round(majority_precision, 3),
            "precision": round(majority_precision, 3),
            "recall": 1.0,
            "f1": round(2 * majority_precision / (majority_precision + 1), 3),
        },
    }


# --- output --------------------------------------------------------------------------------------------------


def format_table(summary: dict[str, Any]) -> str:
    """Return the figures as plain-text tables."""
    lines: list[str] = []
    meter = summary.get("meter")
    if meter:
        lines.append(
            f"METER dev: {meter['articles']} newspaper articles, {meter['texts']} texts in one corpus"
        )
        lines.append(
            f"{'system':44s} {'bin acc':>7s} {'bin mF1':>7s} {'ter acc':>7s} {'ter mF1':>7s}  thresholds"
        )
        rows = dict(meter["classification"])
        rows["crossfact, dates withheld (configured)"] = meter["classification_dates_withheld"]
        for name, entry in rows.items():
            if name == "by_domain":
                continue
            thresholds = entry.get("thresholds", {})
            lines.append(
                f"{name:44s} {entry['binary']['accuracy']:7.3f} {entry['binary']['macro_f1']:7.3f} "
                f"{entry['ternary']['accuracy']:7.3f} {entry['ternary']['macro_f1']:7.3f}  "
                + " ".join(f"{k}={v}" for k, v in thresholds.items())
            )
        lines.append("per class (crossfact configured | baseline fit on dev), P/R/F1:")
        ours = meter["classification"]["crossfact (family threshold)"]
        base = meter["classification"]["baseline 3-gram containment (fit on dev)"]
        for task, labels in (("binary", BINARY), ("ternary", LABELS)):
            for label in labels:
                a, b = ours[task]["classes"][label], base[task]["classes"][label]
                lines.append(
                    f"  {task:8s} {label:10s} n={a['n']:4d}  {a['p']:.3f}/{a['r']:.3f}/{a['f1']:.3f}"
                    f"  |  {b['p']:.3f}/{b['r']:.3f}/{b['f1']:.3f}"
                )
        for domain, entry in meter["classification"]["by_domain"].items():
            for name, figures in entry.items():
                lines.append(
                    f"  {domain:8s} {name:26s} binary acc {figures['binary']['accuracy']:.3f} "
                    f"mF1 {figures['binary']['macro_f1']:.3f}  ternary acc {figures['ternary']['accuracy']:.3f} "
                    f"mF1 {figures['ternary']['macro_f1']:.3f}"
                )
        candidates = meter["candidates"]
        lines.append(
            f"candidates: {candidates['channels']['all']['candidate_pairs']} of {candidates['all_pairs']} pairs; "
            f"{candidates['derived_pairs']} derived article-PA pairs; sketch {candidates['sketch_bytes_mean']} B "
            f"per text (text {candidates['text_chars_mean']} chars)"
        )
        for channel, figures in candidates["channels"].items():
            lines.append(
                f"  {channel:12s} pairs {figures['candidate_pairs']:6d}  pair recall {figures['pair_recall']:.3f}"
                f"  article recall {figures['article_recall']:.3f}"
            )
        for name, figures in meter["direction"].items():
            lines.append(
                f"direction {name:14s} links {figures['links']:4d}  PA source {figures['pa_is_source']:.3f}  "
                f"article source {figures['article_is_source']:.3f}  unknown {figures['unknown']:.3f}"
            )
        for folds, entry in meter["copy_model_cross_validated"].items():
            if folds == "features":
                continue
            for name, figures in entry.items():
                lines.append(
                    f"{folds} CV by story, {name:28s} binary acc {figures['accuracy']:.3f} mF1 "
                    f"{figures['macro_f1']:.3f}  partially R {figures['partially_recall']:.3f}  wholly R "
                    f"{figures['wholly_recall']:.3f}  ternary mF1 {figures['ternary']['macro_f1']:.3f}"
                )
        links = meter["links"]
        lines.append(
            f"links: {links['links']}, across stories {links['links_across_stories']} "
            f"(confident {links['confident_across_stories']}); seconds {meter['seconds']}"
        )
    msrp = summary.get("msrp")
    if msrp:
        lines.append(f"MSRP train: {msrp['pairs']} pairs, {msrp['positives']} paraphrases")
        for name, figures in msrp.items():
            if isinstance(figures, dict):
                extra = (
                    f"  threshold {figures['threshold']}  cv5 acc {figures['cv5_accuracy']:.3f}"
                    if "threshold" in figures
                    else ""
                )
                lines.append(
                    f"  {name:40s} acc {figures['accuracy']:.3f}  P {figures['precision']:.3f}  "
                    f"R {figures['recall']:.3f}  F1 {figures['f1']:.3f}{extra}"
                )
    return "\n".join(lines)


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    parser.add_argument("--meter", type=Path, default=DEFAULT_METER)
    parser.add_argument("--msrp", type=Path, default=DEFAULT_MSRP)
    parser.add_argument("--no-model", action="store_true", help="rule-based NER instead of spaCy (faster)")
    parser.add_argument("--skip-meter", action="store_true")
    parser.add_argument("--skip-msrp", action="store_true")
    parser.add_argument(
        "--fast", action="store_true", help="the CI subset: METER only, with the rule-based NER (--no-model)"
    )
    parser.add_argument("--json", type=Path, default=None, help="also write every figure to this file")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    config = ReuseConfig()
    summary: dict[str, Any] = {"schema": SCHEMA, "config": {"reuse": _plain(config)}}
    if not args.skip_meter:
        summary["meter"] = evaluate_meter(
            args.meter, use_model=not (args.no_model or args.fast), config=config
        )
        summary["headline"] = _headline(summary["meter"])
        print(_headline_line(summary["headline"]))
    if not args.skip_msrp and not args.fast:
        summary["msrp"] = evaluate_msrp(args.msrp, config=config)
    print(format_table(summary))
    if args.json is not None:
        args.json.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return 0


def _headline(meter: dict[str, Any]) -> dict[str, Any]:
    """Return the gate's headline: the copy model's binary macro F1 refitted per fold (5 folds by story)."""
    folds = meter["copy_model_cross_validated"]["5-fold"]
    return {
        "metric": "derived-vs-not macro F1",
        "crossfact": folds["copy model"]["macro_f1"],
        "baseline": folds["baseline 3-gram containment"]["macro_f1"],
        "in_sample": meter["classification"]["crossfact (family threshold)"]["binary"]["macro_f1"],
        "folds": "5 folds over METER stories: the copy model and both thresholds refitted on the other folds",
    }


def _headline_line(headline: dict[str, Any]) -> str:
    return (
        f"headline: crossfact derived-vs-not macro F1 {headline['crossfact']:.3f} (5-fold CV by story, copy model "
        f"refitted) vs 3-gram containment {headline['baseline']:.3f} (same folds); in-sample (shipped model, "
        f"family threshold) {headline['in_sample']:.3f}"
    )


def _plain(config: ReuseConfig) -> dict[str, Any]:
    return {name: getattr(config, name) for name in config.__dataclass_fields__}


if __name__ == "__main__":
    sys.exit(main())
