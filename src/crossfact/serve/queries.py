"""Read the last report from a store for the workbench: pages of claims, events, findings, articles and reuse
links with their filters and sort orders, one article or claim with what its page shows, and full-text search.

Every value a user typed reaches SQLite as a bound parameter; only the fixed sort clauses below are pasted into
SQL. Records come back as the model's own dataclasses (decoded from the store's JSON), so the pages and the JSON
API build on the same objects ``report.json`` is made from.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal, TypeVar

from crossfact import errors
from crossfact.model import (
    Article,
    Claim,
    Conflict,
    Entity,
    Event,
    Family,
    Finding,
    Report,
    ReuseLink,
    Story,
    TimelineEntry,
)
from crossfact.report.summary import Counts
from crossfact.store.records import loads
from crossfact.store.report import read_run

T = TypeVar("T")
ClaimSort = Literal["status", "sources", "date"]
# Always ending in seq, so every order is total and pages never overlap or miss a row.
CLAIM_SORTS: dict[str, str] = {
    # conflicting -> single_source -> corroborated, the fewest independent sources first within a status.
    "status": "c.status_rank, c.independent_sources, c.seq",
    "sources": "c.independent_sources DESC, c.status_rank, c.seq",
    # Earliest first-reported claim first; claims of undated articles last.
    "date": "c.first_published IS NULL, c.first_published, c.seq",
}
# Markers FTS5 puts around a matched term in a snippet: control characters that the cleaned text does not hold,
# turned into <mark> after the rest is escaped (serve/views.py).
MATCH_START, MATCH_END = "\x02", "\x03"
# What SQLite says of a MATCH expression it cannot parse; any other error is a real failure.
_FTS_ERRORS = ("fts5:", "no such column", "unterminated string", "unknown special query")


class SearchSyntaxError(errors.CrossfactError):
    """A full-text query SQLite cannot parse; the message says how to write one."""


@dataclass(frozen=True, slots=True)
class ClaimFilter:
    """Which claims a view lists and in what order; an empty field does not filter."""

    status: tuple[str, ...] = ()
    kind: str | None = None
    article: str | None = None
    source: str | None = None  # the outlet of a supporting article
    event: str | None = None
    min_sources: int = 0
    sort: ClaimSort = "status"
    group: bool = True  # events in report order first, the sort inside each event


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """What the views show of an article without its text."""

    id: str
    name: str
    title: str | None
    source: str | None
    url: str | None
    published: str | None
    family: str | None

    @property
    def label(self) -> str:
        """Return the short name views link an article by: its outlet, else its name."""
        return self.source or self.name


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result: a claim or an article, with the matched words between the match markers."""

    kind: str
    ref: str
    title: str
    snippet: str


def open_db(path: Path) -> sqlite3.Connection:
    """Return a read-only connection to the store at ``path`` (one per request: connections stay in a thread)."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA query_only = ON")
    return db


def has_report(db: sqlite3.Connection) -> bool:
    """Return whether the store holds a report (a store migrated from before reports were stored does not)."""
    return read_run(db) is not None


def counts(db: sqlite3.Connection) -> Counts:
    """Return the summary numbers of the stored report (report/summary.py's rows are made from them)."""
    stored = read_run(db)
    inputs, skipped = (stored[0].inputs, len(stored[1])) if stored else (0, 0)
    return Counts(
        articles=_scalar(db, "SELECT count(*) FROM report_articles"),
        inputs=inputs,
        skipped=skipped,
        statuses=dict(db.execute("SELECT status, count(*) FROM claims GROUP BY status").fetchall()),
        conflicts=_scalar(db, "SELECT count(*) FROM conflicts"),
        kinds=dict(db.execute("SELECT kind, count(*) FROM findings GROUP BY kind").fetchall()),
        families=_scalar(db, "SELECT count(*) FROM families"),
        shared_families=_scalar(db, "SELECT count(*) FROM families WHERE size > 1"),
        reuse=_scalar(db, "SELECT count(*) FROM reuse"),
    )


def claims(
    db: sqlite3.Connection, claim_filter: ClaimFilter, *, offset: int, limit: int
) -> tuple[list[Claim], int]:
    """Return one page of the claims ``claim_filter`` selects, in its order, and how many it selects in all."""
    where, params = _claim_where(claim_filter)
    order = ("coalesce(e.seq, -1), " if claim_filter.group else "") + CLAIM_SORTS[claim_filter.sort]
    rows = db.execute(
        f"SELECT c.record FROM claims c LEFT JOIN events e ON e.id = c.event WHERE {where}"
        f" ORDER BY {order} LIMIT ? OFFSET ?",
        (*params, limit, offset),
    )
    total = _scalar(db, f"SELECT count(*) FROM claims c WHERE {where}", params)
    return [loads(Claim, row[0]) for row in rows], total


def claim(db: sqlite3.Connection, claim_id: str) -> Claim | None:
    """Return the claim with this id, or None."""
    return _one(db, Claim, "SELECT record FROM claims WHERE id = ?", claim_id)


def claim_facets(db: sqlite3.Connection) -> dict[str, list[str]]:
    """Return the values the claim filters offer: kinds, outlets and events (id, label) present in the report."""
    return {
        "kinds": [row[0] for row in db.execute("SELECT DISTINCT kind FROM claims ORDER BY kind")],
        "sources": [
            row[0]
            for row in db.execute(
                "SELECT DISTINCT source FROM report_articles WHERE source IS NOT NULL ORDER BY source"
            )
        ],
    }


def events(db: sqlite3.Connection, *, offset: int, limit: int) -> tuple[list[Event], int]:
    """Return one page of the events in report order, and how many there are."""
    rows = db.execute("SELECT record FROM events ORDER BY seq LIMIT ? OFFSET ?", (limit, offset))
    return [loads(Event, row[0]) for row in rows], _scalar(db, "SELECT count(*) FROM events")


def event_labels(db: sqlite3.Connection, ids: Iterable[str]) -> dict[str, str]:
    """Return the label of each event of ``ids`` the report holds."""
    wanted = sorted(set(ids))
    rows = db.execute(f"SELECT id, label FROM events WHERE id IN ({_marks(wanted)})", wanted)
    return dict(rows.fetchall())


def conflicts_of(db: sqlite3.Connection, claim_id: str, event: str) -> list[Conflict]:
    """Return the conflicts the claim takes part in (they belong to its event)."""
    rows = db.execute("SELECT record FROM conflicts WHERE event = ? ORDER BY seq", (event,))
    found = (loads(Conflict, row[0]) for row in rows)
    return [conflict for conflict in found if claim_id in conflict.claims]


def findings(
    db: sqlite3.Connection, *, kind: str | None, article: str | None, offset: int, limit: int
) -> tuple[list[Finding], int]:
    """Return one page of the findings of ``kind`` in ``article`` (None: any), in report order, and the total."""
    where, params = _where((("kind = ?", kind), ("article = ?", article)))
    rows = db.execute(
        f"SELECT record FROM findings WHERE {where} ORDER BY seq LIMIT ? OFFSET ?", (*params, limit, offset)
    )
    total = _scalar(db, f"SELECT count(*) FROM findings WHERE {where}", params)
    return [loads(Finding, row[0]) for row in rows], total


def finding_kinds(db: sqlite3.Connection) -> list[str]:
    """Return the finding kinds present in the report."""
    return [row[0] for row in db.execute("SELECT DISTINCT kind FROM findings ORDER BY kind")]


def reuse(
    db: sqlite3.Connection, *, article: str | None, offset: int, limit: int
) -> tuple[list[ReuseLink], int]:
    """Return one page of the reuse links (those touching ``article`` when given), and the total."""
    where, params = ("a = ? OR b = ?", (article, article)) if article else ("1", ())
    rows = db.execute(
        f"SELECT record FROM reuse WHERE {where} ORDER BY seq LIMIT ? OFFSET ?", (*params, limit, offset)
    )
    total = _scalar(db, f"SELECT count(*) FROM reuse WHERE {where}", params)
    return [loads(ReuseLink, row[0]) for row in rows], total


def families(db: sqlite3.Connection) -> list[Family]:
    """Return every family in report order."""
    return [loads(Family, row[0]) for row in db.execute("SELECT record FROM families ORDER BY seq")]


def article_rows(
    db: sqlite3.Connection, ids: Iterable[str] | None = None, *, offset: int = 0, limit: int = -1
) -> list[ArticleRow]:
    """Return the articles of ``ids`` (None: a page of all of them), in report order."""
    columns = "id, name, title, source, url, published, family"
    if ids is None:
        rows = db.execute(
            f"SELECT {columns} FROM report_articles ORDER BY seq LIMIT ? OFFSET ?", (limit, offset)
        )
    else:
        wanted = sorted(set(ids))
        rows = db.execute(
            f"SELECT {columns} FROM report_articles WHERE id IN ({_marks(wanted)}) ORDER BY seq", wanted
        )
    return [ArticleRow(*row) for row in rows]


def article_total(db: sqlite3.Connection) -> int:
    """Return how many articles the report holds."""
    return _scalar(db, "SELECT count(*) FROM report_articles")


def articles(db: sqlite3.Connection, ids: Sequence[str]) -> dict[str, Article]:
    """Return the analysed articles of ``ids`` as the report holds them (with the inputs merged into them)."""
    wanted = sorted(set(ids))
    rows = db.execute(
        "SELECT r.id, r.merged, a.article FROM report_articles r JOIN analyses a ON a.input = r.input"
        f" WHERE r.id IN ({_marks(wanted)})",
        wanted,
    )
    return {
        article_id: replace(loads(Article, record), merged=tuple(json.loads(merged)))
        for article_id, merged, record in rows
    }


def report(db: sqlite3.Connection) -> Report | None:
    """Return the stored report as a whole Report (the one its run wrote to report.json), or None when the store
    holds no report; the exports of the web app are made from it."""
    stored = read_run(db)
    if stored is None:
        return None
    ids = [row[0] for row in db.execute("SELECT id FROM report_articles ORDER BY seq")]
    found = articles(db, ids)

    def table(cls: type[T], name: str) -> tuple[T, ...]:
        # ``name`` is one of the fixed table names below, never user input.
        return tuple(loads(cls, row[0]) for row in db.execute(f"SELECT record FROM {name} ORDER BY seq"))

    return Report(
        articles=tuple(found[article_id] for article_id in ids),
        skipped=stored[1],
        run=stored[0],
        entities=table(Entity, "entities"),
        reuse=table(ReuseLink, "reuse"),
        families=table(Family, "families"),
        stories=table(Story, "stories"),
        events=table(Event, "events"),
        claims=table(Claim, "claims"),
        conflicts=table(Conflict, "conflicts"),
        findings=table(Finding, "findings"),
        timeline=table(TimelineEntry, "timeline"),
    )


def texts(db: sqlite3.Connection, ids: Iterable[str]) -> dict[str, str]:
    """Return the cleaned text of each article of ``ids``, read without decoding the whole analysis."""
    wanted = sorted(set(ids))
    rows = db.execute(
        "SELECT r.id, json_extract(a.article, '$.text') FROM report_articles r"
        f" JOIN analyses a ON a.input = r.input WHERE r.id IN ({_marks(wanted)})",
        wanted,
    )
    return dict(rows.fetchall())


def search(db: sqlite3.Connection, query: str, *, limit: int) -> list[Hit]:
    """Return the claims and articles that match the FTS5 ``query``, best first, with a snippet each.

    Raises SearchSyntaxError naming the query when SQLite cannot parse it.
    """
    try:
        rows = db.execute(
            "SELECT kind, ref, title, snippet(search, 3, ?, ?, '…', 16) FROM search WHERE search MATCH ?"
            " ORDER BY rank LIMIT ?",
            (MATCH_START, MATCH_END, query, limit),
        ).fetchall()
    except sqlite3.OperationalError as e:
        if not str(e).startswith(_FTS_ERRORS):
            raise
        raise SearchSyntaxError(errors.SEARCH_SYNTAX.format(query=query, reason=e)) from e
    return [Hit(*row) for row in rows]


def _claim_where(claim_filter: ClaimFilter) -> tuple[str, tuple[Any, ...]]:
    status = claim_filter.status
    clauses: list[tuple[str, Any]] = [
        ("c.kind = ?", claim_filter.kind),
        ("c.event = ?", claim_filter.event),
        (
            "EXISTS (SELECT 1 FROM claim_articles ca WHERE ca.claim = c.id AND ca.article = ?)",
            claim_filter.article,
        ),
        (
            "EXISTS (SELECT 1 FROM claim_articles ca JOIN report_articles r ON r.id = ca.article"
            " WHERE ca.claim = c.id AND r.source = ?)",
            claim_filter.source,
        ),
        ("c.independent_sources >= ?", claim_filter.min_sources or None),
    ]
    where, params = _where(clauses)
    if status:
        where += f" AND c.status IN ({_marks(status)})"
        params = (*params, *status)
    return where, params


def _where(clauses: Iterable[tuple[str, Any]]) -> tuple[str, tuple[Any, ...]]:
    used = [(clause, value) for clause, value in clauses if value is not None]
    return " AND ".join(["1", *(f"({clause})" for clause, _ in used)]), tuple(
        value for clause, value in used for _ in range(clause.count("?"))
    )


def _marks(values: Sequence[Any]) -> str:
    return ", ".join("?" * len(values))


def _scalar(db: sqlite3.Connection, sql: str, params: Sequence[Any] = ()) -> int:
    return int(db.execute(sql, params).fetchone()[0])


def _one(db: sqlite3.Connection, cls: type[T], sql: str, key: str) -> T | None:
    row = db.execute(sql, (key,)).fetchone()
    return loads(cls, row[0]) if row else None
