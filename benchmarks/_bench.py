"""What the speed benchmarks share: the Reuters-21578 file, its first records, and the end of a run (checks
printed, figures written, the exit code)."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

REUTERS = (
    Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "reuters21578" / "reuters21578.jsonl"
)


def first_records(data: Path, count: int) -> list[str]:
    """Return the first ``count`` lines of the JSON-lines file ``data``, line ends kept."""
    with data.open(encoding="utf-8") as source:
        return list(itertools.islice(source, count))


def write_sample(data: Path, count: int, path: Path) -> Path:
    """Write the first ``count`` records of ``data`` to ``path`` and return ``path``."""
    path.write_text("".join(first_records(data, count)), encoding="utf-8")
    return path


def finish(result: dict[str, Any], json_path: Path | None) -> int:
    """Print each of ``result["checks"]``, write ``result`` to ``json_path`` if given; return 0 if all hold."""
    for name, ok in result["checks"].items():
        print(f"{'ok  ' if ok else 'FAIL'} {name}")
    if json_path:
        json_path.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0 if all(result["checks"].values()) else 1
