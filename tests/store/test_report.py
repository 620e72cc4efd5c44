"""A store keeps the last report's cross-article records: written with the corpus in one transaction, replaced
(never appended) by the next run, searchable, and added to a store of the older layout by its migration."""

from __future__ import annotations

import json
import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from crossfact.model import Claim, Event, Finding, Report, ReuseLink
from crossfact.store import SCHEMA_VERSION, Store, analyze_into
from crossfact.store.records import loads
from crossfact.store.report import REPORT_TABLES, read_run
from crossfact.store.schema import MIGRATIONS, schema_version

# The layout of version 1 exactly as it shipped, so the test keeps describing old stores if MIGRATIONS[0] is
# ever touched by mistake.
VERSION_1 = (
    "CREATE TABLE inputs (key TEXT PRIMARY KEY, kind TEXT NOT NULL, record TEXT NOT NULL)",
    "CREATE TABLE analyses ( input TEXT PRIMARY KEY REFERENCES inputs(key), fingerprints TEXT NOT NULL,"
    " article TEXT NOT NULL)",
    "CREATE TABLE corpus (seq INTEGER PRIMARY KEY, input TEXT NOT NULL REFERENCES inputs(key))",
    "CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
)


def _rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    db = sqlite3.connect(path)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def test_report_version_1_store_is_migrated_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE schema_version (version INTEGER NOT NULL, written_by TEXT NOT NULL)")
    db.execute("INSERT INTO schema_version VALUES (1, '0.1.0')")
    for statement in VERSION_1:
        db.execute(statement)
    db.execute("INSERT INTO settings VALUES ('config', ?)", (json.dumps({"workers": 1}),))
    db.close()
    began = time.perf_counter()
    with Store(path) as store:
        assert store.setting("config") == {"workers": 1}
    assert time.perf_counter() - began < 1.0  # only empty tables are made
    db = sqlite3.connect(path)
    assert schema_version(db) == SCHEMA_VERSION == len(MIGRATIONS)
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    assert set(REPORT_TABLES) <= tables
    assert read_run(db) is None  # no report until the next run
    db.close()


@pytest.fixture(scope="module")
def two_runs(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Report]]:
    root = tmp_path_factory.mktemp("report-store")
    first = root / "first"
    shutil.copytree(seeds_dir, first)
    path = root / "crossfact.db"
    reports: list[Report] = []
    with Store(path) as store:
        reports.append(analyze_into(store, [first]))
        for seed in sorted(first.glob("*.txt"))[2:]:
            seed.unlink()
        reports.append(analyze_into(store, [first]))
    return path, reports


def test_report_rows_are_the_last_reports_records(two_runs: tuple[Path, list[Report]]) -> None:
    path, reports = two_runs
    first, last = reports
    assert len(last.articles) < len(first.articles)
    # Replaced, not appended: exactly the last report's records, in its order.
    for table, cls, records in (
        ("claims", Claim, last.claims),
        ("events", Event, last.events),
        ("findings", Finding, last.findings),
        ("reuse", ReuseLink, last.reuse),
    ):
        stored = [loads(cls, row[0]) for row in _rows(path, f"SELECT record FROM {table} ORDER BY seq")]
        assert stored == list(records), table
    ids = [row[0] for row in _rows(path, "SELECT id FROM report_articles ORDER BY seq")]
    assert ids == [article.id for article in last.articles]
    searchable = _rows(path, "SELECT count(*) FROM search")[0][0]
    assert searchable == len(last.claims) + len(last.articles)


def test_report_claim_columns_match_the_claim(two_runs: tuple[Path, list[Report]]) -> None:
    path, reports = two_runs
    report = reports[-1]
    texts = {article.id: article.text for article in report.articles}
    rows = _rows(path, "SELECT id, status, independent_sources, kind, statement, record FROM claims")
    assert rows
    for claim_id, status, sources, kind, statement, record in rows:
        claim = loads(Claim, str(record))
        span = claim.statement
        assert (claim_id, status, sources, kind) == (
            claim.id,
            claim.status,
            claim.independent_sources,
            claim.kind,
        )
        assert statement == texts[span.article][span.start : span.end]


def test_report_search_finds_a_claim_by_a_word_of_its_statement(two_runs: tuple[Path, list[Report]]) -> None:
    path, _ = two_runs
    claim_id, statement = _rows(path, "SELECT id, statement FROM claims ORDER BY length(statement) DESC")[0]
    word = max(str(statement).split(), key=len).strip(".,;:\"'()")
    db = sqlite3.connect(path)
    hits = db.execute(
        "SELECT ref FROM search WHERE search MATCH ? AND kind = 'claim'", (f'"{word}"',)
    ).fetchall()
    db.close()
    assert (claim_id,) in hits
