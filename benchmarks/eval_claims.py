"""Paraphrase on MSRP through crossfact's claims (one claim holds both sentences), beside TF-IDF cosine.

Data (``--data``, default ``../shared/data``): ``msrp/msr_paraphrase_train.txt``, read with
``benchmarks.eval_reuse.read_msrp`` (UTF-8 with BOM, tab-separated; one line of the file holds two records and is
split back into two, so the file gives 3,676 pairs, not the 4,076 of the full MSRP training set).

Input. Every sentence becomes one article, and the pairs go to ``crossfact.pipeline.analyze`` in batches of
``--batch`` pairs (default 100, so 200 articles a call): sentences of different pairs are different articles of one
pile, as a user's pile would hold unrelated sentences too. Every article gets its own ``source``
(``msrp-<pair>-<a|b>``) so that no two articles share an outlet; reuse links and families still run as usual
(they decide independent counts, not whether two facts form one claim). Two identical sentences in one batch
are one article after crossfact's dedup; the count of such sentences is printed, and a pair whose two sentences
are one article counts as predicted paraphrase when that article has a fact in some claim.

Decision. A pair is predicted a paraphrase when ONE report ``claims`` record holds a fact of each sentence (the
``facts`` refs, ``{article, fact}``, the same in ``crossfact.report/1`` and ``/2``). Reported: accuracy,
precision, recall and F1 on the paraphrase class, and coverage (the share of sentences with at least one fact: a
sentence without a fact can never be in a claim).

Baseline, same run, same pairs: TF-IDF cosine of the two sentences (``TfidfVectorizer`` fitted on all evaluated
sentences, no labels), paraphrase when cosine ≥ t. Headline: t chosen by 5-fold cross-validation (folds from a
seeded shuffle of the pairs; best accuracy on four folds, applied to the fifth, predictions pooled). The
threshold chosen on all pairs is printed as the "oracle" figure; "always paraphrase" for scale.

Similarity. crossfact runs with the sentence similarity the config picks (``similarity.encoder``, "auto": minilm
when the ``similarity`` extra is installed); the output names the claims and events models that ran and, for the
lexical fallback, why. ``--similarity lexical,minilm`` runs crossfact once per setting on the same pairs, one row
each, beside the same baseline.

Run from the repository root:
``PYTHONPATH=src python -m benchmarks.eval_claims [--limit N] [--similarity auto|lexical|minilm[,...]] [--json FILE]``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from benchmarks._report_access import analyze_to_view
from benchmarks._thresholds import best_threshold, cross_validate, score_binary
from benchmarks.eval_reuse import read_msrp
from crossfact.config import Config, SimilarityConfig
from crossfact.crossdoc.compare import describe_pair_model
from crossfact.crossdoc.similarity import MINILM, load_encoder
from crossfact.read import Meta, make_article

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"
SCHEMA = "crossfact.eval.claims/1"
FOLDS = 5
SEED = 0
FAST_PAIRS = 300


def run_crossfact(
    pairs: Sequence[tuple[int, str, str]], *, batch: int, config: Config
) -> tuple[list[bool], dict[str, Any]]:
    """Return crossfact's paraphrase decision for every pair and the counts behind it (coverage, merges, schema)."""
    predicted: list[bool] = []
    sentences = with_fact = merged_pairs = merged_sentences = claims = multi = 0
    schemas: set[str] = set()
    for first in range(0, len(pairs), batch):
        chunk = pairs[first : first + batch]
        articles = []
        for offset, (_, text_a, text_b) in enumerate(chunk):
            index = first + offset
            for side, text in (("a", text_a), ("b", text_b)):
                name = f"msrp-{index}-{side}"
                articles.append(make_article(name, text, Meta(source=name)))
        view = analyze_to_view(articles, config)
        schemas.add(view.schema_note)
        by_path = view.article_by_path()
        merged_sentences += sum(len(article.merged) for article in view.articles.values())
        facts_of: dict[str, set[tuple[str, str]]] = {}
        for key in view.facts:
            facts_of.setdefault(key[0], set()).add(key)
        claims_of = view.claims_of()
        claims += len(view.claims)
        multi += sum(1 for claim in view.claims if len({article for article, _ in claim.facts}) > 1)
        for offset in range(len(chunk)):
            ids = [by_path.get(f"msrp-{first + offset}-{side}") for side in ("a", "b")]
            held = []
            for article in ids:
                sentences += 1
                keys = facts_of.get(article, set()) if article else set()
                with_fact += bool(keys)
                held.append(set().union(*(claims_of.get(key, set()) for key in keys)) if keys else set())
            if ids[0] is not None and ids[0] == ids[1]:
                merged_pairs += 1
            predicted.append(bool(held[0] & held[1]))
        print(f"  pairs {first + len(chunk)}/{len(pairs)}", file=sys.stderr)
    counts = {
        "sentences": sentences,
        "with_fact": with_fact,
        "coverage": round(with_fact / sentences, 4) if sentences else 0.0,
        "pairs_one_article": merged_pairs,
        "sentences_merged_by_dedup": merged_sentences,
        "claims": claims,
        "claims_over_two_or_more_articles": multi,
        "report_schema": sorted(schemas),
    }
    return predicted, counts


def cross_validated_run(
    pairs: Sequence[tuple[int, str, str]], folds: Sequence[str], *, batch: int, config: Config
) -> list[bool]:
    """Return crossfact's decision for every pair, each fold analysed with a claims pair model fitted (as
    ``benchmarks/fit_pair_models.py`` fits the shipped one) on the other folds only."""
    import numpy as np

    from benchmarks.fit_pair_models import _best_threshold, _fit, claim_features, copy_shipped, write_model

    component, _ = describe_pair_model("claims", config.similarity)
    encoding = component.rsplit(":", 1)[-1]
    encoder = load_encoder(config.similarity) if encoding == MINILM else None
    x, y, mask = claim_features(pairs, batch, encoder)
    labels = np.array(folds)
    predicted = [False] * len(pairs)
    with tempfile.TemporaryDirectory() as scratch:
        for fold in sorted(set(folds)):
            train = (labels != fold) & mask
            model = _fit(x[train], y[train])
            threshold = _best_threshold(model.predict_proba(x[train])[:, 1], y[train], "accuracy")
            # One folder per fold: load_pair_model caches by folder, and the events models stay the shipped ones.
            directory = Path(scratch) / f"fold-{fold}"
            directory.mkdir()
            copy_shipped("events", directory)
            write_model(
                "claims", model, threshold, f"MSRP train without fold {fold}", {}, encoding, directory
            )
            held = [index for index, name in enumerate(folds) if name == fold]
            fold_config = replace(config, similarity=replace(config.similarity, models_dir=str(directory)))
            decisions, _ = run_crossfact([pairs[i] for i in held], batch=batch, config=fold_config)
            for index, decision in zip(held, decisions, strict=True):
                predicted[index] = decision
    return predicted


def tfidf_cosines(pairs: Sequence[tuple[int, str, str]]) -> list[float]:
    """Return the TF-IDF cosine of each pair's sentences, the vectorizer fitted on all the sentences."""
    from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]

    vectorizer = TfidfVectorizer()
    matrix = vectorizer.fit_transform([text for _, a, b in pairs for text in (a, b)])
    return [float(matrix[2 * i].multiply(matrix[2 * i + 1]).sum()) for i in range(len(pairs))]


def _folds(count: int) -> list[str]:
    order = list(range(count))
    random.Random(SEED).shuffle(order)
    folds = [""] * count
    for rank, index in enumerate(order):
        folds[index] = str(rank % FOLDS)
    return folds


def _row(name: str, figures: dict[str, Any]) -> str:
    return (
        f"{name:<48} {figures['accuracy']:>6.3f} {figures['precision']:>6.3f} {figures['recall']:>6.3f}"
        f" {figures['f1']:>6.3f}"
    )


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help="folder holding msrp/ (../shared/data)"
    )
    parser.add_argument("--limit", type=int, default=None, help="only the first N pairs (quick look)")
    parser.add_argument("--batch", type=int, default=100, help="pairs per analyze() call (default 100)")
    parser.add_argument(
        "--similarity",
        default="auto",
        help="comma-separated similarity.encoder settings, one crossfact run each (auto, lexical, minilm)",
    )
    parser.add_argument(
        "--fast",
        action="store_true",
        help=f"the CI subset: the first {FAST_PAIRS} pairs, cross-validated run only (no in-sample run)",
    )
    parser.add_argument("--json", type=Path, default=None, help="write every figure here as JSON")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the evaluation, print the table and write the JSON; return the exit code."""
    args = _parse_args(argv)
    if args.batch < 1:
        print(f"--batch {args.batch}: give at least 1 pair per call", file=sys.stderr)
        return 1
    path = args.data / "msrp" / "msr_paraphrase_train.txt"
    if not path.is_file():
        print(f"{path}: no such file (pass --data DIR holding msrp/)", file=sys.stderr)
        return 1
    limit = FAST_PAIRS if args.fast and args.limit is None else args.limit
    pairs = read_msrp(path)[:limit] if limit else read_msrp(path)
    gold = [label == 1 for label, _, _ in pairs]
    folds = _folds(len(pairs))
    settings = [setting.strip() for setting in args.similarity.split(",")]
    began = time.perf_counter()
    first_config = Config(similarity=SimilarityConfig(encoder=settings[0]))
    cv = score_binary(gold, cross_validated_run(pairs, folds, batch=args.batch, config=first_config))
    cv_seconds = round(time.perf_counter() - began, 1)
    runs: dict[str, dict[str, Any]] = {}
    counts: dict[str, Any] = {"report_schema": []}
    for setting in [] if args.fast else settings:
        config = Config(similarity=SimilarityConfig(encoder=setting))
        components = [describe_pair_model(name, config.similarity) for name in ("events", "claims")]
        began = time.perf_counter()
        predicted, counts = run_crossfact(pairs, batch=args.batch, config=config)
        runs[setting] = {
            **score_binary(gold, predicted).as_dict(),
            **counts,
            "seconds": round(time.perf_counter() - began, 1),
            "similarity": {
                "setting": setting,
                "components": [name for name, _ in components],
                "fallbacks": {name: reason for name, reason in components if reason},
            },
        }
    cosines = tfidf_cosines(pairs)
    cv_predicted, thresholds = cross_validate(cosines, gold, folds, metric="accuracy")
    oracle = best_threshold(cosines, gold, metric="accuracy")
    baseline_cv = score_binary(gold, cv_predicted)
    in_sample = next(iter(runs.values()), None)
    figures: dict[str, Any] = {
        "schema": SCHEMA,
        "headline": {
            "metric": "accuracy",
            "crossfact": round(cv.accuracy, 4),
            "baseline": round(baseline_cv.accuracy, 4),
            "in_sample": in_sample["accuracy"] if in_sample else None,
            "folds": f"{FOLDS} folds over pairs (seeded shuffle); crossfact's claims model refitted per fold, "
            "the baseline's threshold chosen per fold",
        },
        "pairs": len(pairs),
        "positives": sum(gold),
        "crossfact_cv": {**cv.as_dict(), "seconds": cv_seconds},
        "crossfact": in_sample,
        **({"crossfact_by_similarity": runs} if len(runs) > 1 else {}),
        "baseline_cv": baseline_cv.as_dict(),
        "baseline_cv_thresholds": {fold: round(t, 4) for fold, t in thresholds.items()},
        "baseline_oracle": score_binary(gold, [c >= oracle for c in cosines]).as_dict(),
        "baseline_oracle_threshold": round(oracle, 4),
        "always_paraphrase": score_binary(gold, [True] * len(gold)).as_dict(),
    }
    header = f"{'system':<48} {'acc':>6} {'P':>6} {'R':>6} {'F1':>6}"
    lines = [
        f"headline: crossfact accuracy {cv.accuracy:.3f} ({FOLDS}-fold CV, claims model refitted per fold) "
        f"vs TF-IDF cosine {baseline_cv.accuracy:.3f} (same folds)"
        + (f"; in-sample (shipped model) {in_sample['accuracy']:.3f}" if in_sample else ""),
        f"MSRP train: {len(pairs)} pairs, {sum(gold)} paraphrases"
        + (f"; report measured: {'; '.join(counts['report_schema'])}" if runs else ""),
        *(
            f"similarity.encoder {run['similarity']['setting']}: {', '.join(run['similarity']['components'])}"
            + "".join(
                f"; {name} fallback: {reason}" for name, reason in run["similarity"]["fallbacks"].items()
            )
            for run in runs.values()
        ),
        *(
            [
                f"coverage: {counts['with_fact']} of {counts['sentences']} sentences produced a fact "
                f"({counts['coverage']:.1%}); claims {counts['claims']}, over 2+ articles "
                f"{counts['claims_over_two_or_more_articles']}; pairs whose sentences dedup merged: "
                f"{counts['pairs_one_article']}"
            ]
            if runs
            else []
        ),
        "",
        header,
        "-" * len(header),
        _row(f"crossfact {settings[0]}, {FOLDS}-fold CV (model refitted)", cv.as_dict()),
        *(
            _row(
                f"crossfact {run['similarity']['components'][1].split(':')[-1]} in-sample (shipped model)",
                run,
            )
            for run in runs.values()
        ),
        _row(f"baseline TF-IDF cosine, {FOLDS}-fold CV", figures["baseline_cv"]),
        _row(f"baseline oracle threshold {oracle:.3f} (upper bound)", figures["baseline_oracle"]),
        _row("always paraphrase", figures["always_paraphrase"]),
        "",
        "; ".join(
            [f"crossfact CV {cv_seconds:.0f} s"]
            + [f"crossfact (similarity {name}) {run['seconds']:.0f} s" for name, run in runs.items()]
        ),
    ]
    print("\n".join(lines))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
