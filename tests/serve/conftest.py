"""A store made by the real pipeline from the bundled demo corpus plus one hostile article, shared by the
workbench tests (the run takes a few seconds, once per session)."""

from __future__ import annotations

import json
import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from crossfact.cli import demo_corpus
from crossfact.model import Report
from crossfact.serve import create_app
from crossfact.store import Store, analyze_into

with warnings.catch_warnings():
    # starlette 1.x asks for httpx2 in its TestClient; httpx 0.29 is what the test extra pins.
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient` is deprecated")
    from fastapi.testclient import TestClient

# An article whose every field a page shows holds markup, quotes and a script URL.
HOSTILE_TITLE = 'Ferry <script>alert("title")</script> row\'s "end" & <b onmouseover=alert(2)>more</b>'
HOSTILE_SOURCE = "Harbour <img src=x onerror=alert(3)> Gazette"
HOSTILE_URL = "javascript:alert(4)"
HOSTILE_TEXT = (
    "Eemshaven harbour master Joost Verhagen said on Tuesday the port will spend €12 million on a new quay "
    'for the <script>alert("text")</script> hydrogen ships.\n\n'
    "\"We <img src=x onerror=alert(5)> are ready,\" Verhagen told the 'Harbour' board in Groningen.\n"
)


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Report]]:
    """Return the store file and the Report its last run made."""
    root = tmp_path_factory.mktemp("serve")
    corpus = root / "corpus"
    shutil.copytree(demo_corpus(), corpus)
    (corpus / "99_hostile.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    meta = {"source": HOSTILE_SOURCE, "url": HOSTILE_URL, "title": HOSTILE_TITLE, "published": "2025-03-12"}
    (corpus / "99_hostile.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    path = root / "crossfact.db"
    with Store(path) as store:
        report = analyze_into(store, [corpus])
    yield path, report


@pytest.fixture(scope="module")
def client(served: tuple[Path, Report]) -> Iterator[TestClient]:
    """Return a test client of the app over the shared demo store (a module may define its own)."""
    with TestClient(create_app(served[0])) as client:
        yield client
