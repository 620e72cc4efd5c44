"""The last report's cross-article records in a store: claims, events, conflicts, findings, families, reuse
links, entities, stories and the timeline, one row per record, with the columns the workbench filters and sorts
on, and a full-text index over claim statements and article titles and texts.

:func:`write_report` replaces them all inside the caller's transaction (the one that replaces the corpus), so the
rows always describe one whole run; :func:`read_run` gives back what the report said of the run. Article texts
are not copied: a report article points at the stored analysis it came from.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from itertools import chain
from typing import Any

from crossfact.model import Article, Report, RunInfo, Skipped
from crossfact.report.summary import STATUS_ORDER
from crossfact.store.records import decode, dumps, encode

# Emptied and refilled by every report, children before parents.
REPORT_TABLES = (
    "search",
    "timeline",
    "stories",
    "entities",
    "reuse",
    "families",
    "findings",
    "conflicts",
    "claim_articles",
    "claims",
    "events",
    "report_articles",
)
# The settings row holding the report's run record and skipped inputs.
REPORT_SETTING = "report"


def write_report(db: sqlite3.Connection, report: Report, inputs: Mapping[str, str]) -> None:
    """Replace the stored report records with ``report``'s; ``inputs`` maps each article id to the input key of
    its stored analysis. Call inside a transaction: every statement is a bulk ``executemany``."""
    for table in REPORT_TABLES:
        db.execute(f"DELETE FROM {table}")
    family_of = {article: family.id for family in report.families for article in family.articles}
    articles = {article.id: article for article in report.articles}
    db.executemany(
        "INSERT INTO report_articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (
                article.id,
                seq,
                inputs[article.id],
                article.name or article.path,
                article.title,
                article.source,
                article.url,
                article.published.isoformat() if article.published else None,
                family_of.get(article.id),
                json.dumps(list(article.merged)),
            )
            for seq, article in enumerate(report.articles)
        ),
    )
    db.executemany(
        "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?)",
        ((e.id, seq, e.label, e.kind, e.when, dumps(e)) for seq, e in enumerate(report.events)),
    )
    rank = {status: index for index, status in enumerate(STATUS_ORDER)}
    db.executemany(
        "INSERT INTO claims VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (
                claim.id,
                seq,
                claim.event,
                claim.status,
                rank[claim.status],
                claim.independent_sources,
                claim.kind,
                claim.statement.article,
                _text(articles, claim.statement.article, claim.statement.start, claim.statement.end),
                _first_published(articles, {ref.article for ref in claim.facts}),
                dumps(claim),
            )
            for seq, claim in enumerate(report.claims)
        ),
    )
    db.executemany(
        "INSERT INTO claim_articles VALUES (?, ?)",
        (
            (claim.id, article)
            for claim in report.claims
            for article in sorted({ref.article for ref in claim.facts} | {claim.statement.article})
        ),
    )
    db.executemany(
        "INSERT INTO conflicts VALUES (?, ?, ?, ?, ?)",
        ((c.id, seq, c.event, c.slot, dumps(c)) for seq, c in enumerate(report.conflicts)),
    )
    db.executemany(
        "INSERT INTO findings VALUES (?, ?, ?, ?, ?, ?)",
        ((f.id, seq, f.kind, f.severity, f.article, dumps(f)) for seq, f in enumerate(report.findings)),
    )
    db.executemany(
        "INSERT INTO families VALUES (?, ?, ?, ?)",
        ((f.id, seq, len(f.articles), dumps(f)) for seq, f in enumerate(report.families)),
    )
    db.executemany(
        "INSERT INTO reuse VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            (seq, link.a, link.b, link.kind, link.direction, link.score, dumps(link))
            for seq, link in enumerate(report.reuse)
        ),
    )
    db.executemany(
        "INSERT INTO entities VALUES (?, ?, ?, ?, ?)",
        ((e.id, seq, e.name, e.type, dumps(e)) for seq, e in enumerate(report.entities)),
    )
    db.executemany(
        "INSERT INTO stories VALUES (?, ?, ?, ?)",
        ((s.id, seq, s.label, dumps(s)) for seq, s in enumerate(report.stories)),
    )
    db.executemany(
        "INSERT INTO timeline VALUES (?, ?, ?, ?, ?)",
        ((seq, t.when, t.claim, t.event, dumps(t)) for seq, t in enumerate(report.timeline)),
    )
    labels = {event.id: event.label for event in report.events}
    db.executemany(
        "INSERT INTO search (kind, ref, title, body) VALUES (?, ?, ?, ?)",
        chain(
            (
                (
                    "claim",
                    claim.id,
                    labels.get(claim.event, ""),
                    _text(articles, claim.statement.article, claim.statement.start, claim.statement.end),
                )
                for claim in report.claims
            ),
            (("article", a.id, a.title or a.name or "", a.text) for a in report.articles),
        ),
    )
    run = {"run": encode(report.run), "skipped": encode(report.skipped)}
    db.execute(
        "INSERT OR REPLACE INTO settings (name, value) VALUES (?, ?)", (REPORT_SETTING, json.dumps(run))
    )


def read_run(db: sqlite3.Connection) -> tuple[RunInfo, tuple[Skipped, ...]] | None:
    """Return the run record and skipped inputs of the stored report, or None when the store holds no report
    (a store made before reports were stored, until its next run)."""
    row = db.execute("SELECT value FROM settings WHERE name = ?", (REPORT_SETTING,)).fetchone()
    if row is None:
        return None
    data: dict[str, Any] = json.loads(row[0])
    return decode(RunInfo, data["run"]), tuple(decode(Skipped, item) for item in data["skipped"])


def _text(articles: Mapping[str, Article], article: str, start: int, end: int) -> str:
    return articles[article].text[start:end] if article in articles else ""


def _first_published(articles: Mapping[str, Article], ids: set[str]) -> str | None:
    dates = [day for i in ids if i in articles and (day := articles[i].published) is not None]
    return min(dates).isoformat() if dates else None
