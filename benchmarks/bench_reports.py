"""How the reports grow with the corpus: report.json (streamed vs the old ``indent=1`` encoding) and report.html
(digest vs full page) on 250, 1 000 and 4 000 Reuters-21578 articles.

For each size the corpus is analysed once (rule-based entities, as in ``bench_crossdoc_scale``: the reports'
shape, not NER quality, is measured), then in the same process:

- report.json written the old way (``json.dumps(report_to_dict(report), indent=1)``, Python's pure-Python
  encoder) and the streamed way (:func:`crossfact.report.json.write_json`, the C encoder record by record): time
  of each, their ratio, the file size, and the peak Python memory of each (``tracemalloc``, a separate pass, so
  the timings are not slowed by it); the two files must parse to the same data;
- report.html as the full page and as the digest of the same report (``report.html_full_limit`` set above or
  below the corpus): size, render time, and the time headless Chromium takes to load the page and dump its DOM.

Run: ``python -m benchmarks.bench_reports [--sizes 250,1000,4000] [--json FILE] [--no-browser]``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks._bench import REUTERS, write_sample

# Chromium is given this long to load one page; the issue measured 39 s for the full 4 000-article page.
BROWSER_TIMEOUT = 900


def _analyse(data: Path, size: int) -> Any:
    from crossfact.config import Config, EntitiesConfig
    from crossfact.pipeline import analyze

    with tempfile.TemporaryDirectory() as folder:
        sample = write_sample(data, size, Path(folder) / "sample.jsonl")
        return analyze([sample], Config(entities=EntitiesConfig(use_model=False)))


def _timed(write: Callable[[Path], None], path: Path) -> tuple[float, float]:
    """Return (seconds, peak MiB of Python allocations) of ``write(path)``, each from its own pass."""
    began = time.perf_counter()
    write(path)
    seconds = time.perf_counter() - began
    tracemalloc.start()
    write(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak / 2**20


def _chromium_seconds(page: Path, profile: Path) -> float | None:
    """Return the seconds headless Chromium takes to load ``page`` and dump its DOM (None: no Chromium)."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        return None
    began = time.perf_counter()
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-extensions",
            f"--user-data-dir={tempfile.mkdtemp(dir=profile)}",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        check=True,
        timeout=BROWSER_TIMEOUT,
    )
    return round(time.perf_counter() - began, 2)


def _with_limit(report: Any, limit: int) -> Any:
    config = {
        **report.run.config,
        "report": {**report.run.config.get("report", {}), "html_full_limit": limit},
    }
    return dataclasses.replace(report, run=dataclasses.replace(report.run, config=config))


def measure(data: Path, size: int, *, browser: bool) -> dict[str, Any]:
    """Analyse the first ``size`` records of ``data`` and return the report figures of that corpus."""
    from crossfact.report import atomic_file
    from crossfact.report.html import render_html
    from crossfact.report.json import report_to_dict, write_json

    report = _analyse(data, size)
    result: dict[str, Any] = {"size": size, "articles": len(report.articles)}
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)

        def old(path: Path) -> None:
            path.write_text(
                json.dumps(report_to_dict(report), ensure_ascii=False, indent=1), encoding="utf-8"
            )

        def new(path: Path) -> None:
            with atomic_file(path) as file:
                write_json(report, file)

        old_seconds, old_peak = _timed(old, root / "old.json")
        new_seconds, new_peak = _timed(new, root / "new.json")
        with (root / "old.json").open(encoding="utf-8") as a, (root / "new.json").open(encoding="utf-8") as b:
            same = json.load(a) == json.load(b)
        result["json"] = {
            "old_mb": round((root / "old.json").stat().st_size / 1e6, 2),
            "new_mb": round((root / "new.json").stat().st_size / 1e6, 2),
            "old_seconds": round(old_seconds, 2),
            "new_seconds": round(new_seconds, 2),
            "speedup": round(old_seconds / new_seconds, 2),
            "old_peak_mib": round(old_peak, 1),
            "new_peak_mib": round(new_peak, 1),
            "same_data": same,
        }
        profile = root / "profile"
        profile.mkdir()
        pages: dict[str, Any] = {}
        for kind, limit in (("full", sys.maxsize), ("digest", 0)):
            began = time.perf_counter()
            html = render_html(_with_limit(report, limit))
            seconds = time.perf_counter() - began
            page = root / f"{kind}.html"
            page.write_text(html, encoding="utf-8")
            pages[kind] = {
                "mb": round(page.stat().st_size / 1e6, 2),
                "render_seconds": round(seconds, 2),
                "chromium_seconds": _chromium_seconds(page, profile) if browser else None,
            }
        result["html"] = pages
    return result


def main(argv: list[str] | None = None) -> int:
    """Measure every size and print one line per size (and the JSON with --json)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=REUTERS)
    parser.add_argument("--sizes", default="250,1000,4000")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--no-browser", action="store_true", help="Skip the Chromium load times.")
    args = parser.parse_args(argv)
    results = []
    for size in (int(part) for part in args.sizes.split(",")):
        result = measure(args.data, size, browser=not args.no_browser)
        results.append(result)
        j, full, digest = result["json"], result["html"]["full"], result["html"]["digest"]
        print(
            f"{result['articles']:>6} articles | json {j['new_mb']} MB (indent=1: {j['old_mb']} MB), "
            f"streamed ×{j['speedup']} faster ({j['old_seconds']} s → {j['new_seconds']} s), "
            f"peak {j['old_peak_mib']} → {j['new_peak_mib']} MiB, same data: {j['same_data']} | "
            f"html full {full['mb']} MB, Chromium {full['chromium_seconds']} s; "
            f"digest {digest['mb']} MB, Chromium {digest['chromium_seconds']} s",
            flush=True,
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
