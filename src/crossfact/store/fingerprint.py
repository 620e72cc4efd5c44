"""Fingerprints of the per-article steps: what a stored analysis was made with, so a changed step is re-run.

Each step's fingerprint chains the previous one's with the step's name, the component that runs (a fallback is
another component), and its config section; the first starts from the pipeline version (the package version and
a digest of the package's code and language/KB data, so an edit in a source tree counts as a new version) and
the contents of the extra KB files. A stored article whose first k fingerprints match the plan's was made by the
same first k steps: only the steps after them run again. The reader's own settings need no fingerprint: what
the reader gave is the input key itself.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from crossfact.config import Config, config_to_dict
from crossfact.model import Article
from crossfact.step import Step


def step_fingerprints(config: Config, steps: Sequence[Step[Article]]) -> tuple[tuple[str, str], ...]:
    """Return ``(step name, fingerprint)`` for each per-article step of the plan, in order."""
    from crossfact import __version__

    sections = config_to_dict(config)
    previous = _digest([__version__, package_digest(), _kb_digest(config.kb_files)])
    prints: list[tuple[str, str]] = []
    for step in steps:
        settings = sections.get(step.section) if step.section else None
        previous = _digest([previous, step.name, list(step.component(config)), settings])
        prints.append((step.name, previous))
    return tuple(prints)


def matching_steps(stored: Sequence[Sequence[str]], planned: Sequence[tuple[str, str]]) -> int:
    """Return how many leading steps of ``planned`` a stored analysis already ran with the same fingerprint."""
    count = 0
    for (name, print_), (stored_name, stored_print) in zip(planned, stored, strict=False):
        if name != stored_name or print_ != stored_print:
            break
        count += 1
    return count


@cache
def package_digest() -> str:
    """Return a digest of every file of the installed crossfact package (code, language data, KB data)."""
    root = Path(str(resources.files("crossfact")))
    digest = hashlib.sha256()
    for file in sorted(root.rglob("*")):
        if file.is_file() and "__pycache__" not in file.parts and file.suffix not in (".pyc", ".db"):
            digest.update(file.relative_to(root).as_posix().encode())
            digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()


def _kb_digest(files: Sequence[str]) -> list[str]:
    # A missing file is left to the KB loader, which names it; here it only changes the fingerprint.
    return [
        hashlib.sha256(Path(file).read_bytes()).hexdigest() if Path(file).is_file() else f"missing:{file}"
        for file in files
    ]


def _digest(parts: Any) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()
