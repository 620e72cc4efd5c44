"""Story clustering on ECB+: crossfact's streaming clusterer against a batch TF-IDF + agglomerative baseline, one run.

What is measured. ``../shared/data/ecbplus/ecbplus_dev_docs.jsonl`` holds 462 news articles (``{doc, topic,
subtopic, text}``) in 20 topics. Each topic has two sub-topics, which are different events of the same kind
(two rehab check-ins by two actresses, two Klitschko title fights). The sub-topic is the gold story. The
topic is also scored, since a system that confuses topics is badly wrong. Data trap: each ``*ecbplus`` text
starts with its source URL and no ``*ecb`` text does, so that line alone would separate the sub-topics. It is
removed before anything sees the text. The text is tokenised with spaces before punctuation. Simple rules
re-attach punctuation so the NER sees prose: ``" ,"`` becomes ``","``, PTB quotes become ``"``, ``" 's"``
becomes ``"'s"``.

Articles and their features. Every document becomes an Article (``crossfact.read.make_article``) and goes through
the real per-article chain (``crossfact.pipeline.run_chain``: clean, split, spaCy NER behind the KB). If the
pipeline has no times stage yet, ``crossfact.extract.times.extract_times`` runs when importable. Per-document
failures are counted and printed; such a document simply has no times. ECB+ has no publication dates, so any
time evidence comes from the text (mostly the datelines of the ECB+ half).

Systems, all on the same pile (every topic mixed in one batch, as a real pile mixes unrelated stories).
- ``crossfact batch``: ``cluster_stories`` with ``StoriesConfig.method = "batch"`` (two-stage average link,
  :mod:`crossfact.crossdoc.stories_batch`), over a grid of its stage thresholds and stage-2 weights.
- ``crossfact stream``: the one-pass ``StoryClusterer`` over a grid of its threshold, on ``--orders`` seeded
  shuffles (a single pass depends on order); each document's score is averaged over the orders.
- ``baseline``: ``TfidfVectorizer(stop_words="english")`` fitted on all texts at once, then
  ``AgglomerativeClustering(metric="cosine", linkage=..., distance_threshold=t)``, average and complete link.

Cross-validation. The topics are split into 5 folds (sorted topic numbers, every fifth). For each fold, every
setting of every system (thresholds, weights, the baseline's linkage and threshold) is chosen on the training
topics and scored on the held-out topics. Clustering is unsupervised, so each setting clusters the whole pile
once; a document's B³ precision and recall are computed against the whole pile (a held-out document wrongly
joined to a training document counts), and the fold scores averages over its held-out documents only. Every
document is held out once; the CV figure is B³ F1 over all documents, each scored with its own fold's choice.
The baseline's headline is its better linkage (each linkage's threshold chosen by CV). In-sample (the best
setting on all topics) is shown beside it.

Small piles. A user's pile may hold five articles of one topic, like the seeds. Per topic, 10 seeded piles of
3-6 of its articles holding both sub-topics are each clustered alone, under the setting the topic's fold chose on
the whole pile (the baseline's TF-IDF fitted on the pile's own texts); the mean per-pile sub-topic B³ F1 is printed
under the headline, with all-in-one and singletons for scale.

Scores. Sub-topic B³ precision, recall and F1 (Bagga and Baldwin 1998, per-item averages) is the headline;
topic level and the adjusted Rand index (``sklearn.metrics.adjusted_rand_score``) are shown for the chosen
settings. Two sanity checks on the stream: adding articles one at a time gives the same result as
``cluster_stories``, and no earlier article changes story.

Run from the repository root: ``PYTHONPATH=src .venv/bin/python -m benchmarks.eval_stories [--orders N]
[--fast] [--json FILE]``. ``--fast`` takes every second topic and a smaller grid (CI). The full run takes a few
minutes, one of which is NER.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import importlib.util
import itertools
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from crossfact.config import Config, StoriesConfig
from crossfact.crossdoc.stories import StoryClusterer, arrival_key, cluster_stories
from crossfact.extract.sketch import story_features
from crossfact.model import Article, StoryFeatures
from crossfact.pipeline import ARTICLE_STEPS, run_chain
from crossfact.read import Meta, make_article

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "ecbplus" / "ecbplus_dev_docs.jsonl"
SCHEMA = "crossfact.eval.stories/2"
LEVELS = ("topic", "subtopic")
STREAM_THRESHOLDS = tuple(round(0.1 + 0.025 * step, 3) for step in range(13))  # 0.10 ... 0.40
BASELINE_THRESHOLDS = tuple(round(0.5 + 0.0125 * step, 4) for step in range(40))  # 0.50 ... 0.9875
BASELINE_LINKAGES = ("average", "complete")
# The batch grid: stage-2 actor and time weights, stage-1 (topic) and stage-2 (event) similarity thresholds.
BATCH_GRID = {
    "event_actor_weight": (0.5, 1.0),
    "event_time_weight": (0.4, 0.8, 1.2),
    "topic_threshold": (0.04, 0.05, 0.06),
    "event_threshold": (0.02, 0.03, 0.04, 0.05, 0.06),
}
FAST_BATCH_GRID = {
    "event_actor_weight": (0.5, 1.0),
    "event_time_weight": (0.4, 0.8),
    "topic_threshold": (0.04, 0.05, 0.06),
    "event_threshold": (0.03, 0.04, 0.05),
}
FOLDS = 5
# Small piles: per topic, SMALL_PILES_PER_TOPIC piles of 3-6 of its articles holding both sub-topics (seeded), the
# size of a user's pile like the five seeds; each is clustered alone.
SMALL_PILES_PER_TOPIC = 10
SMALL_PILE_SIZES = (3, 6)

_SPACE_BEFORE = re.compile(r" ([,.;:?!%)\]}])")
_CLITIC = re.compile(r" (n't|'s|'re|'ve|'ll|'d|'m)\b")
_SPACE_AFTER = re.compile(r"([(\[{$]) ")


@dataclass(frozen=True, slots=True)
class Document:
    """One ECB+ document: its name, gold topic and sub-topic, and its text (URL line removed, detokenised)."""

    name: str
    topic: str
    subtopic: str
    text: str


@dataclass(frozen=True, slots=True)
class Scores:
    """B³ precision, recall and F1 and the adjusted Rand index of one clustering against one gold level."""

    precision: float
    recall: float
    f1: float
    ari: float


@dataclass(frozen=True, slots=True)
class Outcome:
    """One clustering scored at both levels, with its number of clusters."""

    clusters: int
    topic: Scores
    subtopic: Scores


# -- data --------------------------------------------------------------------------------------------------------


def detokenise(text: str) -> str:
    """Return ECB+'s space-tokenised text with the spaces before punctuation and around clitics removed."""
    text = text.replace("`` ", '"').replace(" ''", '"')
    text = _SPACE_BEFORE.sub(r"\1", text)
    text = _CLITIC.sub(r"\1", text)
    return _SPACE_AFTER.sub(r"\1", text)


def load_documents(path: Path) -> list[Document]:
    """Return the documents of an ECB+ JSON-lines file. The URL line of ``*ecbplus`` documents is removed."""
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such file (is ../shared/data/ecbplus there?)")
    documents = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        text = record["text"]
        if record["doc"].endswith("ecbplus.xml"):
            # The data README's trap: the first line is the source URL, present only in the ECB+ half.
            text = text.split("\n", 1)[1] if "\n" in text else ""
        documents.append(Document(record["doc"], record["topic"], record["subtopic"], detokenise(text)))
    return documents


def prepare_articles(documents: Sequence[Document]) -> tuple[list[Article], str, Counter[str]]:
    """Return the documents as analysed Articles, a note on where their times came from, and time-extraction
    failures by exception type."""
    config = Config()
    extract: Callable[[Article], Any] | None = None
    if "times" in {step.name for step in ARTICLE_STEPS}:
        source = "pipeline times stage"
    elif importlib.util.find_spec("crossfact.extract.times") is not None:
        extract = importlib.import_module("crossfact.extract.times").extract_times
        source = "crossfact.extract.times.extract_times (not yet a pipeline stage)"
    else:
        source = "none (crossfact.extract.times absent)"
    failures: Counter[str] = Counter()
    articles = []
    for document in documents:
        article = run_chain(make_article(document.name, document.text, Meta()), config).article
        if extract is not None:
            try:
                article = dataclasses.replace(article, times=tuple(extract(article)))
            # The times module is under development: a crash there is counted and the document keeps no times.
            except Exception as e:
                failures[type(e).__name__] += 1
        articles.append(article)
    return articles, source, failures


# -- scoring -----------------------------------------------------------------------------------------------------


def b_cubed(gold: Sequence[str], predicted: Sequence[str]) -> tuple[float, float, float]:
    """Return B³ (precision, recall, F1): per item, the overlap of its gold and predicted clusters, averaged."""
    gold_members: dict[str, set[int]] = defaultdict(set)
    predicted_members: dict[str, set[int]] = defaultdict(set)
    for index, (g, p) in enumerate(zip(gold, predicted, strict=True)):
        gold_members[g].add(index)
        predicted_members[p].add(index)
    precision = recall = 0.0
    for g, p in zip(gold, predicted, strict=True):
        shared = len(gold_members[g] & predicted_members[p])
        precision += shared / len(predicted_members[p])
        recall += shared / len(gold_members[g])
    precision, recall = precision / len(gold), recall / len(gold)
    return precision, recall, 2 * precision * recall / (precision + recall)


def score(documents: Sequence[Document], predicted: Sequence[str]) -> Outcome:
    """Return the clustering ``predicted`` (a label per document) scored at topic and sub-topic level."""
    from sklearn.metrics import adjusted_rand_score  # type: ignore[import-untyped]

    levels = {}
    for level in LEVELS:
        gold = [getattr(document, level) for document in documents]
        precision, recall, f1 = b_cubed(gold, predicted)
        levels[level] = Scores(precision, recall, f1, float(adjusted_rand_score(gold, predicted)))
    return Outcome(len(set(predicted)), levels["topic"], levels["subtopic"])


# -- cross-validation --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Candidate:
    """One setting of one system and each document's sub-topic B³ precision and recall under it."""

    setting: str
    labels: tuple[str, ...]
    precision: np.ndarray
    recall: np.ndarray


@dataclass(frozen=True, slots=True)
class CrossValidated:
    """A system's CV figure, its in-sample best, the setting each fold chose, and the per-fold held-out F1."""

    f1: float
    precision: float
    recall: float
    in_sample: float
    in_sample_setting: str
    chosen: tuple[str, ...]
    fold_f1: tuple[float, ...]


def item_scores(gold: Sequence[str], predicted: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Return each item's B³ precision and recall against the whole clustering (arrays in item order)."""
    gold_members: dict[str, set[int]] = defaultdict(set)
    predicted_members: dict[str, set[int]] = defaultdict(set)
    for index, (g, p) in enumerate(zip(gold, predicted, strict=True)):
        gold_members[g].add(index)
        predicted_members[p].add(index)
    shared = [len(gold_members[g] & predicted_members[p]) for g, p in zip(gold, predicted, strict=True)]
    precision = np.array([n / len(predicted_members[p]) for n, p in zip(shared, predicted, strict=True)])
    recall = np.array([n / len(gold_members[g]) for n, g in zip(shared, gold, strict=True)])
    return precision, recall


def candidate(documents: Sequence[Document], setting: str, labels: Sequence[str]) -> Candidate:
    """Return one setting's clustering with its per-document sub-topic B³ scores."""
    precision, recall = item_scores([d.subtopic for d in documents], labels)
    return Candidate(setting, tuple(labels), precision, recall)


def _f1(precision: np.ndarray, recall: np.ndarray, mask: np.ndarray) -> float:
    p, r = float(precision[mask].mean()), float(recall[mask].mean())
    return 2 * p * r / (p + r) if p + r else 0.0


def topic_folds(documents: Sequence[Document], folds: int = FOLDS) -> list[list[str]]:
    """Return the topics split into ``folds`` groups: sorted by number, every ``folds``-th topic together."""
    topics = sorted({d.topic for d in documents}, key=lambda topic: (len(topic), topic))
    return [topics[start::folds] for start in range(folds)]


def cross_validate(
    documents: Sequence[Document], candidates: Sequence[Candidate], folds: Sequence[Sequence[str]]
) -> CrossValidated:
    """Return the leave-topics-out figure: per fold, the setting best on the training topics, scored on the
    held-out topics; every document scored under its own fold's choice."""
    topics = np.array([d.topic for d in documents])
    everything = np.ones(len(documents), dtype=bool)
    precision = np.zeros(len(documents))
    recall = np.zeros(len(documents))
    chosen = []
    fold_f1 = []
    for fold in folds:
        held = np.isin(topics, list(fold))
        best = max(candidates, key=lambda c: _f1(c.precision, c.recall, ~held))
        chosen.append(best.setting)
        precision[held], recall[held] = best.precision[held], best.recall[held]
        fold_f1.append(_f1(best.precision, best.recall, held))
    top = max(candidates, key=lambda c: _f1(c.precision, c.recall, everything))
    return CrossValidated(
        f1=_f1(precision, recall, everything),
        precision=float(precision.mean()),
        recall=float(recall.mean()),
        in_sample=_f1(top.precision, top.recall, everything),
        in_sample_setting=top.setting,
        chosen=tuple(chosen),
        fold_f1=tuple(fold_f1),
    )


# -- systems -----------------------------------------------------------------------------------------------------


def batch_candidates(
    documents: Sequence[Document], features: Sequence[StoryFeatures], grid: dict[str, tuple[float, ...]]
) -> list[Candidate]:
    """Return crossfact's batch clustering under every setting of ``grid`` (the real ``cluster_stories``)."""
    ids = [item.article for item in features]
    return [
        candidate(documents, name, _labels(ids, cluster_stories(features, config=config)))
        for name, config in batch_settings(grid).items()
    ]


def batch_settings(grid: dict[str, tuple[float, ...]]) -> dict[str, StoriesConfig]:
    """Return every setting of ``grid`` by name, as a batch ``StoriesConfig``."""
    base = StoriesConfig(method="batch")
    out = {}
    for values in itertools.product(*grid.values()):
        settings = dict(zip(grid, values, strict=True))
        name = " ".join(f"{key}={value}" for key, value in settings.items())
        out[name] = dataclasses.replace(base, **settings)  # type: ignore[arg-type]
    return out


def stream_candidates(
    documents: Sequence[Document], features: Sequence[StoryFeatures], orders: int
) -> list[Candidate]:
    """Return the stream under every threshold: per document, B³ averaged over ``orders`` seeded shuffles (the
    deterministic order when ``orders`` is 0)."""
    ids = [item.article for item in features]
    out = []
    for threshold in STREAM_THRESHOLDS:
        config = StoriesConfig(method="stream", threshold=threshold)
        runs = []
        for seed in range(orders):
            order = list(features)
            random.Random(seed).shuffle(order)
            clusterer = StoryClusterer(config=config)
            for item in order:
                clusterer.add(item)
            runs.append(_labels(ids, clusterer.stories()))
        if not runs:
            runs.append(_labels(ids, cluster_stories(features, config=config)))
        scores = [item_scores([d.subtopic for d in documents], labels) for labels in runs]
        precision = np.mean([p for p, _ in scores], axis=0)
        recall = np.mean([r for _, r in scores], axis=0)
        out.append(Candidate(f"threshold={threshold}", tuple(runs[0]), precision, recall))
    return out


def _labels(ids: Sequence[str], stories: Sequence[Any]) -> list[str]:
    story_of = {article: story.id for story in stories for article in story.articles}
    return [story_of[article] for article in ids]


def baseline_matrix(documents: Sequence[Document]) -> np.ndarray:
    """Return the TF-IDF matrix of all texts, fitted in one batch (the baseline's representation)."""
    from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]

    matrix: np.ndarray = (
        TfidfVectorizer(stop_words="english").fit_transform([d.text for d in documents]).toarray()
    )
    return matrix


def run_baseline(matrix: np.ndarray, linkage: str, threshold: float) -> list[str]:
    """Return the labels of agglomerative clustering on TF-IDF cosine distance cut at ``threshold``."""
    from sklearn.cluster import AgglomerativeClustering  # type: ignore[import-untyped]

    model = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage=linkage, distance_threshold=threshold
    )
    return [str(label) for label in model.fit_predict(matrix)]


# -- small piles -------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SmallPiles:
    """Mean per-pile sub-topic B³ F1 on small piles, each clustered alone: crossfact batch and the baseline under
    each held-out topic's fold choice, crossfact under its in-sample setting, and two trivial references."""

    piles: int
    crossfact: float
    baseline: float
    in_sample: float
    all_in_one: float
    singletons: float


def small_piles(documents: Sequence[Document], seed: int = 0) -> list[list[int]]:
    """Return seeded piles of 3-6 document positions, SMALL_PILES_PER_TOPIC per topic, each holding both of its
    topic's sub-topics."""
    rng = random.Random(seed)
    piles = []
    for topic in sorted({d.topic for d in documents}, key=lambda topic: (len(topic), topic)):
        members = [index for index, d in enumerate(documents) if d.topic == topic]
        if len({documents[index].subtopic for index in members}) < 2:
            continue
        for _ in range(SMALL_PILES_PER_TOPIC):
            size = min(rng.randint(*SMALL_PILE_SIZES), len(members))
            pick = rng.sample(members, size)
            while len({documents[index].subtopic for index in pick}) < 2:
                pick = rng.sample(members, size)
            piles.append(pick)
    return piles


def score_small_piles(
    documents: Sequence[Document],
    features: Sequence[StoryFeatures],
    folds: Sequence[Sequence[str]],
    batch: tuple[CrossValidated, dict[str, StoriesConfig]],
    baseline: tuple[CrossValidated, str],
) -> SmallPiles:
    """Return the small-pile figures: each pile is clustered alone under the setting its topic's fold chose on the
    whole pile's training topics (the baseline's TF-IDF is fitted on the pile's own texts)."""
    (batch_result, configs), (baseline_result, linkage) = batch, baseline
    fold_of = {topic: number for number, fold in enumerate(folds) for topic in fold}
    scores: dict[str, list[float]] = defaultdict(list)
    for pile in small_piles(documents):
        gold = [documents[index].subtopic for index in pile]
        items = [features[index] for index in pile]
        ids = [item.article for item in items]
        fold = fold_of[documents[pile[0]].topic]
        for name, setting in (
            ("crossfact", batch_result.chosen[fold]),
            ("in_sample", batch_result.in_sample_setting),
        ):
            scores[name].append(
                b_cubed(gold, _labels(ids, cluster_stories(items, config=configs[setting])))[2]
            )
        threshold = float(baseline_result.chosen[fold].rsplit("t=", 1)[1])
        matrix = baseline_matrix([documents[index] for index in pile])
        scores["baseline"].append(b_cubed(gold, run_baseline(matrix, linkage, threshold))[2])
        scores["all_in_one"].append(b_cubed(gold, ["one"] * len(pile))[2])
        scores["singletons"].append(b_cubed(gold, [str(index) for index in pile])[2])
    return SmallPiles(
        len(scores["crossfact"]), **{name: float(np.mean(values)) for name, values in scores.items()}
    )


# -- checks ------------------------------------------------------------------------------------------------------


def check_streaming(features: Sequence[StoryFeatures], config: StoriesConfig) -> tuple[bool, bool]:
    """Return (one-at-a-time equals cluster_stories, no earlier article ever changed story) for the fixed order."""
    config = dataclasses.replace(config, method="stream")
    batch = cluster_stories(features, config=config)
    clusterer = StoryClusterer(config=config)
    given: dict[str, str] = {}
    stable = True
    for item in sorted(features, key=arrival_key):
        given[item.article] = clusterer.add(item)
        if len(given) % 50 == 0:
            stable &= all(clusterer.story_of(article) == story for article, story in given.items())
    stable &= all(clusterer.story_of(article) == story for article, story in given.items())
    return clusterer.stories() == batch, stable


# -- report ------------------------------------------------------------------------------------------------------


def _row(name: str, outcome: Outcome) -> str:
    t, s = outcome.topic, outcome.subtopic
    return (
        f"{name:<44} {outcome.clusters:>4}  {t.precision:.3f} {t.recall:.3f} {t.f1:.3f} {t.ari:.3f}   "
        f"{s.precision:.3f} {s.recall:.3f} {s.f1:.3f} {s.ari:.3f}"
    )


HEADER = (
    f"{'system (in-sample setting)':<44} {'n':>4}  {'topic B³ P / R / F1 / ARI':<27}   "
    f"{'sub-topic B³ P / R / F1 / ARI'}\n" + "-" * 110
)


def _cv_row(name: str, result: CrossValidated) -> str:
    folds = " ".join(f"{f1:.3f}" for f1 in result.fold_f1)
    return (
        f"{name:<26} CV F1 {result.f1:.3f} (P {result.precision:.3f} R {result.recall:.3f})  "
        f"in-sample {result.in_sample:.3f}  folds {folds}"
    )


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="ECB+ JSON-lines file")
    parser.add_argument("--orders", type=int, default=20, help="seeded shuffles per stream threshold")
    parser.add_argument("--fast", action="store_true", help="every second topic, smaller grid, 2 orders (CI)")
    parser.add_argument("--json", type=Path, default=None, help="write every figure here as JSON")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the evaluation, print the headline first, then the details; optionally write JSON; return the exit
    code."""
    args = _parse_args(argv)
    documents = load_documents(args.data)
    grid = BATCH_GRID
    orders = args.orders
    if args.fast:
        keep = sorted({d.topic for d in documents}, key=lambda topic: (len(topic), topic))[::2]
        documents = [d for d in documents if d.topic in keep]
        grid = FAST_BATCH_GRID
        orders = min(orders, 2)
    print(f"preparing {len(documents)} ECB+ documents (NER, times) ...", file=sys.stderr, flush=True)
    began = time.perf_counter()
    articles, time_source, time_failures = prepare_articles(documents)
    prepare_seconds = time.perf_counter() - began
    features = [story_features(article, config=StoriesConfig()) for article in articles]
    folds = topic_folds(documents)

    began = time.perf_counter()
    batch = batch_candidates(documents, features, grid)
    batch_seconds = (time.perf_counter() - began) / len(batch)
    stream = stream_candidates(documents, features, orders)
    matrix = baseline_matrix(documents)
    baselines = {
        linkage: [
            candidate(documents, f"{linkage} t={t}", run_baseline(matrix, linkage, t))
            for t in BASELINE_THRESHOLDS
        ]
        for linkage in BASELINE_LINKAGES
    }
    results = {
        "crossfact batch": cross_validate(documents, batch, folds),
        "crossfact stream": cross_validate(documents, stream, folds),
        **{f"baseline {linkage}": cross_validate(documents, c, folds) for linkage, c in baselines.items()},
        "baseline, linkage by CV": cross_validate(
            documents, [c for cs in baselines.values() for c in cs], folds
        ),
    }
    crossfact = results["crossfact batch"]
    baseline_name = max((f"baseline {linkage}" for linkage in BASELINE_LINKAGES), key=lambda n: results[n].f1)
    baseline = results[baseline_name]
    fold_note = (
        f"{FOLDS} folds over the {sum(map(len, folds))} topics (every {FOLDS}th topic held out), all topics "
        f"clustered as one pile; settings chosen on training topics, sub-topic B3 F1 on held-out documents"
    )
    headline = {
        "metric": "subtopic_b3_f1",
        "crossfact": round(crossfact.f1, 4),
        "baseline": round(baseline.f1, 4),
        "in_sample": round(crossfact.in_sample, 4),
        "folds": fold_note + ("; --fast: every second topic" if args.fast else ""),
    }
    print(
        f"HEADLINE sub-topic B³ F1, {FOLDS}-fold CV over topics: crossfact {crossfact.f1:.3f} "
        f"(in-sample {crossfact.in_sample:.3f}) vs {baseline_name} {baseline.f1:.3f} "
        f"(in-sample {baseline.in_sample:.3f})"
    )
    print(f"folds: {headline['folds']}")
    small = score_small_piles(
        documents,
        features,
        folds,
        (crossfact, batch_settings(grid)),
        (baseline, baseline_name.removeprefix("baseline ")),
    )
    print(
        f"small piles ({small.piles} piles of {SMALL_PILE_SIZES[0]}-{SMALL_PILE_SIZES[1]} articles of one topic, both "
        f"sub-topics, each clustered alone), mean sub-topic B³ F1 under each fold's choice: crossfact "
        f"{small.crossfact:.3f} (in-sample setting {small.in_sample:.3f}) vs {baseline_name} {small.baseline:.3f}; "
        f"all in one {small.all_in_one:.3f}, singletons {small.singletons:.3f}\n"
    )
    print(f"prepared {len(documents)} documents in {prepare_seconds:.0f} s; times from: {time_source}")
    if time_failures:
        print(f"time extraction failed on {sum(time_failures.values())} documents: {dict(time_failures)}")
    print(f"fold topics: {folds}\n")
    for name, result in results.items():
        print(_cv_row(name, result))
    print()
    for name, result in results.items():
        print(f"{name}: chosen per fold: {' | '.join(result.chosen)}")
    print("\nin-sample best setting of each system, both levels")
    print(HEADER)
    by_setting = {c.setting: c for c in [*batch, *stream, *(c for cs in baselines.values() for c in cs)]}
    outcomes = {}
    for name, result in results.items():
        outcomes[name] = score(documents, by_setting[result.in_sample_setting].labels)
        print(_row(f"{name} ({result.in_sample_setting})", outcomes[name]))
    print(
        f"\ncrossfact batch: {batch_seconds:.2f} s per clustering of all {len(features)} articles "
        f"(grid of {len(batch)} settings)"
    )
    equal, stable = check_streaming(features, StoriesConfig())
    print(f"stream: one-at-a-time equals cluster_stories: {equal}; earlier articles never moved: {stable}")

    figures: dict[str, Any] = {
        "headline": headline,
        "schema": SCHEMA,
        "documents": len(documents),
        "fast": args.fast,
        "orders": orders,
        "times": time_source,
        "time_failures": dict(time_failures),
        "folds": folds,
        "small_piles": dataclasses.asdict(small),
        "systems": {name: dataclasses.asdict(result) for name, result in results.items()},
        "in_sample_outcomes": {name: dataclasses.asdict(outcome) for name, outcome in outcomes.items()},
        "streaming_equal": equal,
        "streaming_stable": stable,
    }
    if args.json is not None:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0 if equal and stable else 1


if __name__ == "__main__":
    sys.exit(main())
