"""The hostile-input corpus (tests/hostile_corpus.py, issue 16): every input is analysed or skipped with a reason,
with no traceback, no hang and memory under a bound, each class counted."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from tests.conftest import ROOT

# Per input, and for the whole corpus (about 240 inputs, 45 s on a CI machine; a hang is what the cap catches).
MAX_SECONDS_PER_INPUT = 30.0
MAX_SECONDS = 420
# The whole run's peak, model included; the issue's bound for one input under the default limits is 2 GiB.
MAX_PEAK_MB = 1536


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, object]]:
    """Run the corpus in a fresh process (so its peak memory is the corpus's) and return one row per input."""
    folder = tmp_path_factory.mktemp("hostile")
    out = folder / "outcomes.jsonl"
    path = os.pathsep.join(filter(None, [str(ROOT / "src"), str(ROOT), os.environ.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-m", "tests.hostile_corpus", str(folder / "corpus"), str(out)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": path},
        capture_output=True,
        text=True,
        timeout=MAX_SECONDS,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def _counts(outcomes: list[dict[str, object]]) -> dict[str, Counter[str]]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for row in outcomes:
        count = counts[str(row["kind"])]
        count["inputs"] += 1
        if "traceback" in row:
            count["crash"] += 1
            continue
        count["analysed" if row["articles"] else "skipped"] += 1
        if not row["articles"] and not row["skipped"]:
            count["lost"] += 1
        if int(str(row["articles"])) < int(str(row["min_articles"])):
            count["records_lost"] += 1
        if float(str(row["seconds"])) > MAX_SECONDS_PER_INPUT:
            count["hang"] += 1
    return counts


@pytest.mark.issue(16)
def test_hostile_corpus_has_no_crash_hang_or_loss(outcomes: list[dict[str, object]]) -> None:
    counts = _counts(outcomes)
    table = "\n".join(f"{kind}: {dict(count)}" for kind, count in sorted(counts.items()))
    assert len(outcomes) >= 200, table
    bad = [row for row in outcomes if "traceback" in row]
    assert not bad, f"{bad[0]['path']}:\n{bad[0]['traceback']}\n{table}"
    for problem in ("lost", "records_lost", "hang"):
        assert sum(count[problem] for count in counts.values()) == 0, f"{problem}:\n{table}"


def test_hostile_corpus_skip_reasons_are_one_printable_line(outcomes: list[dict[str, object]]) -> None:
    for row in outcomes:
        for reason in row.get("skipped", []):  # type: ignore[attr-defined]
            assert reason.strip() and reason.isprintable(), (row["path"], reason)


@pytest.mark.issue(16)
def test_hostile_corpus_memory_stays_under_the_bound(outcomes: list[dict[str, object]]) -> None:
    peak = max(float(str(row["peak_mb"])) for row in outcomes)
    assert peak < MAX_PEAK_MB, f"peak {peak:.0f} MB"


def test_hostile_corpus_covers_every_class(outcomes: list[dict[str, object]]) -> None:
    kinds = {str(row["kind"]) for row in outcomes}
    for kind in ("surrogates", "dates", "names", "lone_cr", "latin1", "two_json", "huge", "warc_length"):
        assert kind in kinds
    for kind in ("gzip_bomb", "html_deep", "html_attrs", "binary", "empty", "fifo", "link_loop"):
        assert kind in kinds


# The whole corpus in one batch through the command line, as a user would run it. Measured on the CI machine: the
# reports together hold a few MB (the probe's unlimited batch wrote 684 MB of report.json alone).
MAX_REPORT_MB = 40


@pytest.fixture(scope="module")
def batch(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[subprocess.CompletedProcess[str], Path, list[Path]]:
    """Run ``crossfact analyze`` once over the whole corpus with the corpus's limits; return the finished
    process, the output folder and the corpus's inputs."""
    from crossfact.config import config_to_dict
    from tests.hostile_corpus import hostile_config, write_corpus

    folder = tmp_path_factory.mktemp("hostile-batch")
    inputs = list(write_corpus(folder / "corpus"))
    limits = {
        key: value for key, value in config_to_dict(hostile_config()).items() if key in ("read", "limits")
    }
    config = folder / "limits.json"
    config.write_text(json.dumps(limits), encoding="utf-8")
    out = folder / "out"
    path = os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))
    command = [sys.executable, "-m", "crossfact", "analyze", str(folder / "corpus"), "--out", str(out)]
    done = subprocess.run(
        [*command, "--config", str(config), "--no-store"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": path},
        capture_output=True,
        text=True,
        errors="backslashreplace",
        timeout=MAX_SECONDS,
        check=False,
    )
    return done, out, inputs


@pytest.mark.issue(16)
def test_hostile_batch_finishes_with_every_input_analysed_or_listed(
    batch: tuple[subprocess.CompletedProcess[str], Path, list[Path]],
) -> None:
    done, out, inputs = batch
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    seen = [article["path"] for article in report["articles"]]
    seen += [path for article in report["articles"] for path in article.get("merged", [])]
    seen += [skip["path"] for skip in report["skipped"]]

    def named(path: str) -> str:
        return os.fsencode(path).decode("utf-8", "replace")

    # Each input, or something read from inside it (a record, a directory's files), is in the report.
    missing = [p for p in inputs if not any(other.startswith(named(str(p))) for other in map(named, seen))]
    assert not missing, missing[:5]


@pytest.mark.issue(16)
def test_hostile_batch_stderr_and_reports_stay_bounded_and_printable(
    batch: tuple[subprocess.CompletedProcess[str], Path, list[Path]],
) -> None:
    done, out, inputs = batch
    lines = done.stderr.splitlines()
    assert all(line.isprintable() for line in lines), [line for line in lines if not line.isprintable()][:3]
    # Each line is crossfact's own, naming the file: no library's multi-line warning leaks through (warcio's
    # "WARNING: Record not followed by newline" did, three lines per damaged record).
    assert all(line.startswith("crossfact: ") for line in lines), [
        line for line in lines if not line.startswith("crossfact: ")
    ][:3]
    # One line per skipped input at most, plus the summary: thousands of skipped records of one file are one line.
    assert len(lines) < 4 * len(inputs), len(lines)
    size = sum(file.stat().st_size for file in out.iterdir() if file.name.startswith("report."))
    assert size < MAX_REPORT_MB * 2**20, size
