"""Shared fixtures: where the real corpora live, and a check that every span of a report is honest."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent


def chromium(what: str) -> str:
    """Return the Chromium executable, failing the test with how to install it when it is missing; ``what`` names
    what the test checks in a real browser."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.fail(
            f"Chromium is missing, and {what} is tested in a real browser: run `make test`, which "
            "installs it (apt-get install chromium)"
        )
    return path


SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The five real seed articles (read from ../shared, never copied into the repo)."""
    path = SHARED / "seeds"
    if not path.is_dir():
        pytest.fail(f"seed articles not found at {path}: CI runs with ../shared beside the checkout")
    return path


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The external evaluation sets in ../shared/data."""
    return SHARED / "data"


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    """Small documents written for the tests (HTML pages, feeds, broken files)."""
    return FIXTURES


def seed_path(seeds_dir: Path, number: str) -> Path:
    """Return the seed file whose name starts with ``number`` ("000" ... "004")."""
    return next(seeds_dir.glob(f"{number}_*.txt"))


def iter_spans(data: Any) -> Any:
    """Yield every dict in ``data`` that has the shape of a span (article, start, end, text)."""
    if isinstance(data, dict):
        if {"article", "start", "end", "text"} <= data.keys():
            yield data
        for value in data.values():
            yield from iter_spans(value)
    elif isinstance(data, list):
        for value in data:
            yield from iter_spans(value)


def assert_spans_hold(report: dict[str, Any]) -> int:
    """Assert ``text == article.text[start:end]`` for every span of a report dict; return how many."""
    texts = {article["id"]: article["text"] for article in report["articles"]}
    count = 0
    for span in iter_spans({key: value for key, value in report.items() if key != "articles"}):
        assert span["text"] == texts[span["article"]][span["start"] : span["end"]], span
        count += 1
    for article in report["articles"]:
        for edit in article["edits"]:
            assert edit["text"] == article["text"][edit["start"] : edit["end"]]
            count += 1
    return count


@pytest.fixture(scope="session")
def seeds_report(seeds_dir: Path) -> Any:
    """The Report of the five seeds, analysed once per test session."""
    from crossfact.pipeline import analyze

    return analyze([seeds_dir])


@pytest.fixture(scope="session")
def demo_report() -> Any:
    """The Report of the bundled demo corpus, analysed once per test session."""
    from crossfact.cli import demo_corpus
    from crossfact.pipeline import analyze

    return analyze([demo_corpus()])


def findings_of(report: Any, kind: str, file_prefix: str | None = None) -> list[Any]:
    """Return the report's findings of one kind, in articles whose file name starts with ``file_prefix``."""
    paths = {article.id: Path(article.path.split("#")[0]).name for article in report.articles}
    return [
        f
        for f in report.findings
        if f.kind == kind and (file_prefix is None or paths[f.article].startswith(file_prefix))
    ]


def assert_evidence_exact(report: Any) -> None:
    """Assert every finding's evidence lies inside its article and is not empty."""
    texts = {article.id: article.text for article in report.articles}
    for item in report.findings:
        assert item.evidence, item
        for span in item.evidence:
            assert 0 <= span.start < span.end <= len(texts[span.article]), item


@pytest.fixture(scope="session")
def seeds_report_json(seeds_report: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds' report.json, written once per test session (what `crossfact export` reads)."""
    from crossfact.report.json import render_json

    path = tmp_path_factory.mktemp("seeds-report") / "report.json"
    path.write_text(render_json(seeds_report), encoding="utf-8")
    return path
