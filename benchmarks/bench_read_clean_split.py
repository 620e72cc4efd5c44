"""Throughput and peak memory of crossfact's read + clean + split stages on Reuters-21578, against a baseline.

What is measured, on the 19,043 Reuters-21578 newswires in ``../shared/data/reuters21578/reuters21578.jsonl``
(or ``--data PATH``, the first ``--limit N`` records only if given):

- ``baseline``: the least any reader of this file must do. ``json.loads`` per line, take ``text``,
  ``str.split()`` it into words and split sentences with one regex, ``(?<=[.!?])\\s+``. Nothing is kept.
- ``crossfact w=1``: ``crossfact.pipeline.analyze([path], Config(workers=1))``, serial in one process: read
  (JSON, metadata, date parsing, content hash), clean (with its edit log), split, then duplicate merging. The
  returned Report holds every article (raw and cleaned text, edits, sentences) in memory, as the API promises.
- ``crossfact w=2``: the same with ``workers=2`` (LocalExecutor, a pool of two worker processes).

Every run of a variant happens in a fresh subprocess (``--variant``), so each peak RSS is its own: the
subprocess reads ``getrusage(RUSAGE_SELF).ru_maxrss`` (its own peak) and ``RUSAGE_CHILDREN`` (the largest
reaped worker) at its end and prints JSON. A fresh process per run matters for the workers too: they are forked,
and a fork of a process that already held one Report would report that memory as its own. Timing covers the
``analyze`` call (or the baseline loop) only, not interpreter start-up or imports. With ``--repeat N`` the
variants run N times each, in turn, and the best time and the highest peak RSS are reported.

How to read the table: ``articles/s`` counts input records per second and ``MB/s`` input bytes (10^6) per
second. The first ``× base`` is crossfact_time / baseline_time, so 20 means crossfact takes 20 times as long as
the bare minimum. ``RSS MiB`` is the peak RSS of the process that called ``analyze`` (it holds the Report),
``worker MiB`` the peak of the largest worker process, and the second ``× base`` is ``RSS MiB`` over the
baseline's; with two workers the machine held at most RSS + 2 × worker at once. The 2-worker speed-up is
time(w=1) / time(w=2); above 1 the pool pays off, and it cannot exceed 2. The stage seconds are crossfact's own
per-stage timings from the best serial run. The sanity lines show that the work was real: records read, articles
analysed, duplicates merged (Reuters repeats some texts; the distinct raw texts give the expected count),
skipped records, total sentences, and whether the serial and 2-worker runs gave the same articles. The exit code
is 1 when a sanity check fails.

Run from the repository root: ``.venv/bin/python -m benchmarks.bench_read_clean_split [--limit N]
[--repeat N] [--json FILE]``.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "reuters21578" / "reuters21578.jsonl"
MODULE = "benchmarks.bench_read_clean_split"
SCHEMA = "crossfact.bench.read_clean_split/1"
VARIANTS: tuple[tuple[str, str, int], ...] = (
    ("baseline", "baseline", 1),
    ("crossfact w=1", "crossfact", 1),
    ("crossfact w=2", "crossfact", 2),
)
# The one simple sentence rule the baseline gets; crossfact's splitter also handles abbreviations and quotes.
_BASELINE_SENTENCE = re.compile(r"(?<=[.!?])\s+")
# The timed steps analyze() reports that belong to read+clean+split; any other step it reports (a later stage
# added to the pipeline) is named under the table, because the figures then cover more than these three.
MEASURED_STEPS = frozenset(
    {
        "read",
        "clean",
        "split",
        "canonicalise",
        "reuse",
        "families",
        "stories",
        "claims",
        "checks",
        "timeline",
        "total",
    }
)
# The per-article stages this benchmark times; the later stages (NER, quantities, facts) have their own.
STAGES = ("clean", "split")
# ru_maxrss is in kilobytes on Linux and in bytes on macOS.
_RSS_UNIT = 1 if sys.platform == "darwin" else 1024
_MIB = 1024 * 1024
_MB = 1_000_000


@dataclass(slots=True)
class VariantResult:
    """What one variant measured in its own subprocess."""

    variant: str
    workers: int
    seconds: float  # best of the repeats
    all_seconds: list[float]  # every run, in order
    input_bytes: int
    records: int  # non-blank lines in the input
    articles: int  # articles analysed (crossfact: after merging duplicates)
    skipped: int
    duplicates: int  # inputs merged into an earlier article with the same content
    sentences: int
    words: int = 0  # baseline only
    distinct_texts: int = 0  # baseline only, counted outside the timed loop: texts that differ in words
    edits: int = 0  # crossfact only: clean-stage edits
    skip_reasons: dict[str, int] = field(default_factory=dict)
    stage_seconds: dict[str, float] = field(default_factory=dict)  # crossfact's own timings, best run
    executor: str = ""
    components: list[str] = field(default_factory=list)  # crossfact's run.components: what analyze() ran
    fingerprint: str = ""  # digest of (article id, sentence count) pairs, to compare the crossfact runs
    rss_import_bytes: int = 0  # peak RSS after the imports, before any timed work
    rss_self_bytes: int = 0
    rss_children_bytes: int = 0  # the largest reaped child (a worker process); 0 when serial


# -- the variants, each run inside its own subprocess -------------------------------------------------------


def run_baseline(path: Path) -> VariantResult:
    """Return the baseline's figures for one run: json.loads, str.split and one regex per article."""
    rss_import = _peak_rss()
    articles = skipped = words = sentences = records = 0
    began = time.perf_counter()
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            if not line.strip():
                continue
            records += 1
            text = json.loads(line).get("text") or ""
            if not text.strip():
                skipped += 1
                continue
            articles += 1
            words += len(text.split())
            sentences += len(_BASELINE_SENTENCE.split(text.strip()))
    seconds = time.perf_counter() - began
    distinct = _count_distinct_texts(path)
    return VariantResult(
        variant="baseline",
        workers=1,
        seconds=seconds,
        all_seconds=[seconds],
        input_bytes=path.stat().st_size,
        records=records,
        articles=articles,
        skipped=skipped,
        duplicates=articles - distinct,
        sentences=sentences,
        words=words,
        distinct_texts=distinct,
        rss_import_bytes=rss_import,
        rss_self_bytes=_peak_rss(),
        rss_children_bytes=_peak_rss_children(),
    )


def run_crossfact(path: Path, *, workers: int) -> VariantResult:
    """Return the figures of one ``crossfact.pipeline.analyze`` run with ``workers`` processes."""
    from crossfact.config import Config
    from crossfact.pipeline import analyze

    rss_import = _peak_rss()
    began = time.perf_counter()
    report = analyze([path], Config(workers=workers, stages=STAGES))
    seconds = time.perf_counter() - began
    counts = dict(report.run.counts)
    dedup = counts.get("dedup")
    duplicates = dict(dedup.dropped).get("duplicate", 0) if dedup else 0
    digest = hashlib.sha256()
    for article in report.articles:
        digest.update(f"{article.id}:{len(article.sentences)}:{len(article.text)}\n".encode())
    return VariantResult(
        variant="crossfact",
        workers=workers,
        seconds=seconds,
        all_seconds=[seconds],
        input_bytes=path.stat().st_size,
        records=report.run.inputs,
        articles=len(report.articles),
        skipped=len(report.skipped),
        duplicates=duplicates,
        sentences=sum(len(article.sentences) for article in report.articles),
        edits=sum(len(article.edits) for article in report.articles),
        skip_reasons=dict(Counter(skip.reason for skip in report.skipped).most_common()),
        stage_seconds=dict(report.run.timings),
        executor=report.run.executor,
        components=list(report.run.components),
        fingerprint=digest.hexdigest()[:16],
        rss_import_bytes=rss_import,
        rss_self_bytes=_peak_rss(),
        rss_children_bytes=_peak_rss_children(),
    )


def _count_distinct_texts(path: Path) -> int:
    # The same rule as crossfact's duplicate merging (words joined by single spaces), but on the raw text.
    seen: set[str] = set()
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            if line.strip():
                text = json.loads(line).get("text") or ""
                if text.strip():
                    seen.add(hashlib.sha256(" ".join(text.split()).encode()).hexdigest())
    return len(seen)


def _peak_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * _RSS_UNIT


def _peak_rss_children() -> int:
    # The largest single child that has been waited for: the pool joins its workers when analyze() ends.
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * _RSS_UNIT


# -- the driver: one subprocess per variant, then the table --------------------------------------------------


def run_variant_subprocess(path: Path, *, kind: str, workers: int) -> VariantResult:
    """Run one variant once in a fresh interpreter and return what it printed."""
    command = [
        sys.executable,
        "-m",
        MODULE,
        "--variant",
        kind,
        "--workers",
        str(workers),
        "--data",
        str(path),
    ]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"variant {kind} (workers={workers}) failed:\n{done.stderr.strip()}")
    return VariantResult(**json.loads(done.stdout.strip().splitlines()[-1]))


def combine(runs: Sequence[VariantResult]) -> VariantResult:
    """Return the best run (shortest time) with every run's time and the highest peak RSS of them all."""
    best = min(runs, key=lambda run: run.seconds)
    best.all_seconds = [run.seconds for run in runs]
    best.rss_import_bytes = max(run.rss_import_bytes for run in runs)
    best.rss_self_bytes = max(run.rss_self_bytes for run in runs)
    best.rss_children_bytes = max(run.rss_children_bytes for run in runs)
    return best


def summarise(
    results: dict[str, VariantResult], *, data: Path, limit: int | None, repeat: int
) -> dict[str, Any]:
    """Return the figures as JSON-ready data: per variant, ratios to the baseline, speed-up and sanity."""
    baseline = results["baseline"]
    serial, parallel = results["crossfact w=1"], results["crossfact w=2"]
    variants: dict[str, Any] = {}
    for name, result in results.items():
        variants[name] = {
            **asdict(result),
            "articles_per_s": result.records / result.seconds,
            "mb_per_s": result.input_bytes / _MB / result.seconds,
            "time_ratio": result.seconds / baseline.seconds,
            "rss_self_mib": result.rss_self_bytes / _MIB,
            "rss_worker_mib": result.rss_children_bytes / _MIB,
            "rss_ratio": result.rss_self_bytes / baseline.rss_self_bytes,
        }
    accounted = serial.articles + serial.duplicates + serial.skipped
    return {
        "schema": SCHEMA,
        "data": str(data),
        "limit": limit,
        "repeat": repeat,
        "python": sys.version.split()[0],
        "variants": variants,
        "speedup_2_workers": serial.seconds / parallel.seconds,
        "sanity": {
            "records": baseline.records,
            "analysed": serial.articles,
            "duplicates_merged": serial.duplicates,
            "skipped": serial.skipped,
            "all_inputs_accounted": accounted == serial.records == baseline.records,
            "serial_equals_parallel": serial.fingerprint == parallel.fingerprint,
            "sentences_crossfact": serial.sentences,
            "sentences_baseline": baseline.sentences,
            "distinct_raw_texts": baseline.distinct_texts,
        },
    }


def format_table(summary: dict[str, Any]) -> str:
    """Return the figures as a plain-text table with the sanity figures under it."""
    variants = summary["variants"]
    base = variants["baseline"]
    sanity = summary["sanity"]
    lines = [
        f"read+clean+split on {Path(summary['data']).name}: {base['records']} records, "
        f"{base['input_bytes'] / _MB:.1f} MB, best of {summary['repeat']} "
        f"(Python {summary['python']})",
        "",
        f"{'variant':<15}{'time s':>9}{'articles/s':>12}{'MB/s':>8}{'× base':>9}"
        f"{'RSS MiB':>10}{'worker MiB':>12}{'× base':>9}",
    ]
    for name, row in variants.items():
        worker = f"{row['rss_worker_mib']:.0f}" if row["workers"] > 1 else "-"
        lines.append(
            f"{name:<15}{row['seconds']:>9.2f}{row['articles_per_s']:>12,.0f}{row['mb_per_s']:>8.2f}"
            f"{row['time_ratio']:>9.1f}{row['rss_self_mib']:>10.0f}{worker:>12}{row['rss_ratio']:>9.1f}"
        )
    serial = variants["crossfact w=1"]
    stages = dict(serial["stage_seconds"])
    total = stages.pop("total", 0.0)
    parts = ", ".join(f"{name} {seconds:.2f}" for name, seconds in stages.items())
    lines += [
        "",
        f"2-worker speed-up: {summary['speedup_2_workers']:.2f}× (w=1 time / w=2 time)",
        f"serial stage seconds: {parts}, read + merge + rest {total - sum(stages.values()):.2f} "
        f"(of {total:.2f})",
        f"components that ran: {', '.join(serial['components'])}",
        f"peak RSS after imports: baseline {base['rss_import_bytes'] / _MIB:.0f} MiB, "
        f"crossfact {serial['rss_import_bytes'] / _MIB:.0f} MiB",
        "",
        f"sanity: {sanity['records']} records read; crossfact analysed {sanity['analysed']}, "
        f"merged {sanity['duplicates_merged']} duplicates, skipped {sanity['skipped']} "
        f"(all accounted for: {_yes(sanity['all_inputs_accounted'])})",
        f"        distinct raw texts (baseline, by words): {sanity['distinct_raw_texts']}",
        f"        sentences: crossfact {sanity['sentences_crossfact']:,}, "
        f"baseline regex {sanity['sentences_baseline']:,}; clean edits: {serial['edits']:,}",
        f"        serial and 2-worker runs give the same articles: {_yes(sanity['serial_equals_parallel'])}",
    ]
    for reason, count in serial["skip_reasons"].items():
        lines.append(f"        skipped {count}: {reason}")
    extra = [name for name in serial["stage_seconds"] if name not in MEASURED_STEPS]
    if extra:
        lines.append(
            f"note: analyze() also ran {', '.join(extra)}; the figures cover more than read+clean+split"
        )
    return "\n".join(lines)


def _yes(flag: bool) -> str:
    return "yes" if flag else "NO"


@contextmanager
def _input_file(data: Path, limit: int | None) -> Iterator[Path]:
    """Yield ``data``, or a temporary copy of its first ``limit`` non-blank lines (made before any timing)."""
    if limit is None:
        yield data
        return
    with tempfile.TemporaryDirectory(prefix="crossfact-bench-") as directory:
        path = Path(directory) / f"{data.stem}.first{limit}.jsonl"
        with data.open("rb") as source, path.open("wb") as target:
            target.writelines(itertools.islice((line for line in source if line.strip()), limit))
        yield path


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog=f"python -m {MODULE}",
        description="Measure crossfact's read+clean+split throughput and peak RSS against a bare baseline.",
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="JSONL file (default: Reuters-21578)")
    parser.add_argument("--limit", type=int, default=None, help="use only the first N records")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="runs per variant, each in a fresh process; the best is reported",
    )
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this file")
    parser.add_argument(
        "--variant",
        choices=("baseline", "crossfact"),
        default=None,
        help="internal: run one variant in this process and print its figures as JSON",
    )
    parser.add_argument("--workers", type=int, default=1, help="with --variant crossfact: worker processes")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        parser.error(f"--data {args.data}: no such file (the Reuters set lives in ../shared/data)")
    if args.limit is not None and args.limit < 1:
        parser.error(f"--limit must be 1 or more, got {args.limit}")
    if args.repeat < 1:
        parser.error(f"--repeat must be 1 or more, got {args.repeat}")
    if args.workers < 1:
        parser.error(f"--workers must be 1 or more, got {args.workers}")
    args.data = args.data.resolve()
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark (or, with ``--variant``, one variant of it); return the exit code."""
    args = _parse_args(argv)
    with _input_file(args.data, args.limit) as path:
        if args.variant == "baseline":
            print(json.dumps(asdict(run_baseline(path))))
            return 0
        if args.variant == "crossfact":
            print(json.dumps(asdict(run_crossfact(path, workers=args.workers))))
            return 0
        runs: dict[str, list[VariantResult]] = {name: [] for name, _, _ in VARIANTS}
        # Round-robin, so a slow spell on the machine hits every variant rather than one.
        for number in range(1, args.repeat + 1):
            for name, kind, workers in VARIANTS:
                print(f"run {number}/{args.repeat}: {name} ...", file=sys.stderr, flush=True)
                runs[name].append(run_variant_subprocess(path, kind=kind, workers=workers))
    results = {name: combine(found) for name, found in runs.items()}
    summary = summarise(results, data=args.data, limit=args.limit, repeat=args.repeat)
    print(format_table(summary))
    if args.json is not None:
        args.json.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    sanity = summary["sanity"]
    return 0 if sanity["all_inputs_accounted"] and sanity["serial_equals_parallel"] else 1


if __name__ == "__main__":
    sys.exit(main())
