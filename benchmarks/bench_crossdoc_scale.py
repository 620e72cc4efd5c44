"""How the cross-article steps grow with the corpus: 2 000, 4 000, 8 000 and 16 000 Reuters-21578 articles.

Each size runs in a fresh subprocess (``--size N``) so its peak RSS is its own. The per-article stages run first
(with the rule-based entity fallback, so that 16 000 articles take minutes, not an hour: the cross-article steps
see the same kind of compact outputs either way); the figures are the cross-article steps only, as
``analyze`` times them (the steps of ``pipeline.CORPUS_STEPS``: canonicalise, stories, reuse, families, events,
claims, quote-pairs, checks, timeline), and their growth per doubling of the corpus. Quadratic work would show
×4 per doubling; the target is ≤ ×2.3.

Run: ``python -m benchmarks.bench_crossdoc_scale [--sizes 2000,4000,8000,16000] [--json FILE]``.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks._bench import REUTERS, write_sample


def run_size(data: Path, size: int) -> dict[str, object]:
    """Analyse the first ``size`` records of ``data`` and return the cross-article timings and peak RSS."""
    from crossfact.config import Config, EntitiesConfig
    from crossfact.pipeline import CORPUS_STEPS, analyze

    with tempfile.TemporaryDirectory() as folder:
        sample = write_sample(data, size, Path(folder) / "sample.jsonl")
        began = time.perf_counter()
        report = analyze([sample], Config(entities=EntitiesConfig(use_model=False)))
        wall = time.perf_counter() - began
    timings = dict(report.run.timings)
    # The pipeline's own list of cross-article steps: a fixed list of per-article names went stale as steps
    # were added (attributions, sketch and features were counted as cross-article, reuse was not).
    corpus_steps = {step.name for step in CORPUS_STEPS}
    cross = {step: seconds for step, seconds in timings.items() if step in corpus_steps}
    return {
        "size": size,
        "articles": len(report.articles),
        "cross_seconds": round(sum(cross.values()), 3),
        "steps": cross,
        "wall_seconds": round(wall, 2),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "reuse_links": len(report.reuse),
        "families": len(report.families),
        "stories": len(report.stories),
        "claims": len(report.claims),
        "findings": len(report.findings),
    }


def main(argv: list[str] | None = None) -> int:
    """Run every size in its own process and print the growth table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=REUTERS)
    parser.add_argument("--sizes", default="2000,4000,8000,16000")
    parser.add_argument("--size", type=int, help="internal: run one size in this process")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    if args.size:
        print(json.dumps(run_size(args.data, args.size)))
        return 0
    results = []
    for size in (int(part) for part in args.sizes.split(",")):
        print(f"size {size} ...", file=sys.stderr, flush=True)
        output = subprocess.run(
            [
                sys.executable,
                "-m",
                "benchmarks.bench_crossdoc_scale",
                "--data",
                str(args.data),
                "--size",
                str(size),
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        results.append(json.loads(output.strip().splitlines()[-1]))
    print(f"{'articles':>9} {'cross s':>8} {'× prev':>7} {'RSS MiB':>8}  steps (s)")
    previous = None
    for result in results:
        growth = f"{result['cross_seconds'] / previous:7.2f}" if previous else "      -"
        steps = ", ".join(f"{k} {v:.2f}" for k, v in result["steps"].items())
        print(
            f"{result['articles']:>9} {result['cross_seconds']:>8.2f} {growth} {result['peak_rss_mib']:>8}  {steps}"
        )
        previous = float(result["cross_seconds"])
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
