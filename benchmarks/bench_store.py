"""What a store saves when a corpus grows: a run over 950 + 50 new articles against one run over all 1,000.

On the first ``--limit`` (1,000) records of Reuters-21578 (``../shared/data/reuters21578/reuters21578.jsonl``), in
one process, after one warm-up analysis that loads the spaCy model (so no variant pays for it):

- ``one-shot``: ``crossfact.pipeline.analyze`` over all records, no store (the baseline).
- ``store first``: ``analyze_into`` a fresh store over the first ``limit - new`` records.
- ``add``: ``analyze_into(..., add=True)`` of the ``new`` (50) last records to that store, as ``crossfact add``.
- ``analyze again``: a copy of the store after the first run, then ``analyze_into`` over all records, as
  ``crossfact analyze ALL --store`` (it reads the 950 again and finds them stored).

The ratio of each second run to the one-shot run is the figure that matters: below 1 the store pays off. Its
per-article and cross-article seconds come from the report's own timings; this slice recomputes every
cross-article step over the whole corpus, so that part does not shrink. The sanity checks: both second runs
analysed exactly the new articles and their reports equal the one-shot report (timings and the store tally
aside); the exit code is 1 otherwise.

Run from the repository root: ``.venv/bin/python -m benchmarks.bench_store [--limit N] [--new N] [--json FILE]``.
"""

from __future__ import annotations

import argparse
import dataclasses
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks._bench import REUTERS, finish, first_records
from crossfact.model import Report
from crossfact.pipeline import analyze
from crossfact.report.json import report_to_dict
from crossfact.store import Store, analyze_into

SCHEMA = "crossfact.bench.store/1"
# Per-article steps, as named in run.timings; the rest of the timings (but "total") are cross-article steps.
ARTICLE_TIMINGS = (
    "clean",
    "split",
    "entities",
    "quotes",
    "attributions",
    "quantities",
    "times",
    "facts",
    "sketch",
    "features",
)


def _comparable(report: Report) -> dict[str, Any]:
    data = report_to_dict(report)
    run = dict(data.pop("run"))
    run.pop("timings")
    run.pop("store", None)
    return {**data, "run": run}


def _split(report: Report) -> dict[str, float]:
    timings = dict(report.run.timings)
    article = sum(value for name, value in timings.items() if name in ARTICLE_TIMINGS)
    corpus = sum(value for name, value in timings.items() if name not in ARTICLE_TIMINGS and name != "total")
    return {"article_steps_s": round(article, 2), "corpus_steps_s": round(corpus, 2)}


def run(data: Path, limit: int, new: int, work: Path) -> dict[str, Any]:
    """Return the timings, ratios and sanity checks of the four runs (see the module docstring)."""
    lines = first_records(data, limit)
    old_file, new_file = work / "first.jsonl", work / "new.jsonl"
    old_file.write_text("".join(lines[: limit - new]), encoding="utf-8")
    new_file.write_text("".join(lines[limit - new :]), encoding="utf-8")
    warm = work / "warm.jsonl"
    warm.write_text(lines[0], encoding="utf-8")
    analyze([warm])

    results: dict[str, Any] = {}

    def timed(name: str, call: Any) -> Report:
        began = time.perf_counter()
        report: Report = call()
        results[name] = {"wall_s": round(time.perf_counter() - began, 2), **_split(report)}
        if report.run.store is not None:
            results[name]["store"] = {
                key: value for key, value in dataclasses.asdict(report.run.store).items() if key != "path"
            }
        return report

    one_shot = timed("one-shot", lambda: analyze([old_file, new_file]))
    with Store(work / "corpus.db") as store:
        timed("store first", lambda: analyze_into(store, [old_file]))
    shutil.copy(work / "corpus.db", work / "again.db")
    with Store(work / "corpus.db") as store:
        added = timed("add", lambda: analyze_into(store, [new_file], add=True))
    with Store(work / "again.db") as store:
        again = timed("analyze again", lambda: analyze_into(store, [old_file, new_file]))
    base = results["one-shot"]["wall_s"]
    for name in ("store first", "add", "analyze again"):
        results[name]["ratio_to_one_shot"] = round(results[name]["wall_s"] / base, 3)
    expected = _comparable(one_shot)
    checks = {
        "add_equals_one_shot": _comparable(added) == expected,
        "again_equals_one_shot": _comparable(again) == expected,
        "add_analysed_only_new": added.run.store is not None and added.run.store.analysed <= new,
        "again_analysed_only_new": again.run.store is not None and again.run.store.analysed <= new,
    }
    return {
        "schema": SCHEMA,
        "records": limit,
        "new": new,
        "articles": len(one_shot.articles),
        "store_mb": round((work / "corpus.db").stat().st_size / 1e6, 1),
        "runs": results,
        "checks": checks,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print a table (and write --json); return 1 if a sanity check fails."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=REUTERS)
    parser.add_argument("--limit", type=int, default=1000)
    parser.add_argument("--new", type=int, default=50)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    if not 0 < args.new < args.limit:
        parser.error(f"--new must be between 1 and --limit - 1, got {args.new}")
    with tempfile.TemporaryDirectory(prefix="bench-store-") as work:
        result = run(args.data, args.limit, args.new, Path(work))
    print(f"{result['records']} records ({result['articles']} articles), {result['new']} new; ", end="")
    print(f"store {result['store_mb']} MB")
    print(f"{'run':<15}{'wall s':>9}{'article s':>11}{'corpus s':>10}{'× one-shot':>12}  store")
    for name, row in result["runs"].items():
        ratio = row.get("ratio_to_one_shot", 1.0)
        store = row.get("store", "")
        print(
            f"{name:<15}{row['wall_s']:>9.1f}{row['article_steps_s']:>11.1f}{row['corpus_steps_s']:>10.1f}"
            f"{ratio:>12.3f}  {store}"
        )
    return finish(result, args.json)


if __name__ == "__main__":
    sys.exit(main())
