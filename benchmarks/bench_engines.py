"""Local and Ray engines on the same articles: wall time of each against one local process, in one run.

On the first ``--limit`` (300) records of Reuters-21578 (``../shared/data/reuters21578/reuters21578.jsonl``),
after one warm-up analysis in this process that loads the spaCy model, ``crossfact.pipeline.analyze`` runs with:

- ``local 1``: ``LocalExecutor(1)``, everything in this process (the baseline);
- ``local 2``: ``LocalExecutor(2)``, a pool of two processes (each loads spaCy once, counted in its time);
- ``ray 2``: ``RayExecutor(2)``, a local Ray with 2 CPUs, tasks of 32 articles (each worker loads spaCy once,
  counted); starting Ray itself is timed apart (``start s``), as a cluster would be running already.

The yardstick of issue 14's throughput target is spaCy alone: ``spacy sm`` is the configured model
(``en_core_web_sm``) loaded with every component (tok2vec, tagger, parser, attribute_ruler, lemmatizer, ner),
``list(nlp.pipe(texts))`` over the cleaned texts of the same articles, loaded and warmed up untimed; ``speed vs
spacy`` is its wall time over each run's (above 1: the whole crossfact analysis is faster than spaCy's default
pipeline alone; the target is 1.3).

``× local 1`` is each wall time over the baseline's; ``article phase`` is the wall time before the cross-article
steps (wall minus their seconds), the part an engine can speed up. The run fails (exit 1) unless every report
equals the baseline's (timings and the engine's name aside).

Run from the repository root: ``.venv/bin/python -m benchmarks.bench_engines [--limit N] [--json FILE]``; it
needs the ``ray`` extra.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks._bench import REUTERS, finish, first_records
from crossfact.engines import Executor
from crossfact.engines.local import LocalExecutor
from crossfact.engines.ray import RayExecutor
from crossfact.model import Report
from crossfact.pipeline import CORPUS_STEPS, analyze
from crossfact.report.json import report_to_dict

SCHEMA = "crossfact.bench.engines/1"
CORPUS_TIMINGS = {step.name for step in CORPUS_STEPS}


def _comparable(report: Report) -> dict[str, Any]:
    data = report_to_dict(report)
    run = {key: value for key, value in data["run"].items() if key not in ("timings", "executor", "config")}
    return {**data, "run": run}


def _timed(executor: Executor, inputs: Path) -> tuple[Report, dict[str, Any]]:
    began = time.perf_counter()
    report = analyze([inputs], executor=executor)
    wall = time.perf_counter() - began
    corpus = sum(value for name, value in report.run.timings if name in CORPUS_TIMINGS)
    row = {
        "engine": report.run.executor,
        "wall_s": round(wall, 2),
        "article_phase_s": round(wall - corpus, 2),
    }
    return report, row


def _spacy_seconds(texts: list[str]) -> float:
    """Return the wall seconds of the configured spaCy model's whole default pipeline over ``texts``."""
    import importlib

    from crossfact.config import EntitiesConfig

    nlp = importlib.import_module(EntitiesConfig().model).load()
    list(nlp.pipe(texts[:20]))
    began = time.perf_counter()
    list(nlp.pipe(texts))
    return time.perf_counter() - began


def run(data: Path, limit: int, work: Path) -> dict[str, Any]:
    """Return the wall times, ratios and the parity check of the three engines (see the module docstring)."""
    lines = first_records(data, limit)
    inputs, warm = work / "articles.jsonl", work / "warm.jsonl"
    inputs.write_text("".join(lines), encoding="utf-8")
    warm.write_text(lines[0], encoding="utf-8")
    analyze([warm])

    rows: dict[str, dict[str, Any]] = {}
    base, rows["local 1"] = _timed(LocalExecutor(1), inputs)
    pooled, rows["local 2"] = _timed(LocalExecutor(2), inputs)
    began = time.perf_counter()
    with RayExecutor(2) as ray_executor:
        started = time.perf_counter() - began
        on_ray, rows["ray 2"] = _timed(ray_executor, inputs)
    rows["ray 2"]["start_s"] = round(started, 2)
    spacy_s = _spacy_seconds([article.text for article in base.articles])
    for row in rows.values():
        row["speed_vs_spacy"] = round(spacy_s / row["wall_s"], 3)
        row["ratio_wall"] = round(row["wall_s"] / rows["local 1"]["wall_s"], 3)
        row["ratio_article_phase"] = round(row["article_phase_s"] / rows["local 1"]["article_phase_s"], 3)
    expected = _comparable(base)
    checks = {
        "local_2_equals_local_1": _comparable(pooled) == expected,
        "ray_2_equals_local_1": _comparable(on_ray) == expected,
    }
    return {
        "schema": SCHEMA,
        "records": limit,
        "articles": len(base.articles),
        "spacy_sm_s": round(spacy_s, 2),
        "runs": rows,
        "checks": checks,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print a table (and write --json); return 1 if a report differs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=REUTERS)
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    if args.limit < 1:
        parser.error(f"--limit must be 1 or more, got {args.limit}")
    with tempfile.TemporaryDirectory(prefix="bench-engines-") as work:
        result = run(args.data, args.limit, Path(work))
    print(
        f"{result['records']} records ({result['articles']} articles); spaCy sm whole pipeline alone "
        f"{result['spacy_sm_s']:.1f} s"
    )
    print(
        f"{'run':<9}{'engine':<20}{'wall s':>8}{'× local 1':>11}{'speed vs spacy':>16}{'article phase s':>17}"
        f"{'× local 1':>11}  start s"
    )
    for name, row in result["runs"].items():
        print(
            f"{name:<9}{row['engine']:<20}{row['wall_s']:>8.1f}{row['ratio_wall']:>11.3f}"
            f"{row['speed_vs_spacy']:>16.3f}{row['article_phase_s']:>17.1f}{row['ratio_article_phase']:>11.3f}"
            f"  {row.get('start_s', '')}"
        )
    return finish(result, args.json)


if __name__ == "__main__":
    sys.exit(main())
