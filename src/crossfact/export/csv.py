"""Export the report as CSV tables a spreadsheet opens cleanly: ``claims.csv``, ``conflicts.csv``,
``findings.csv``, ``articles.csv`` and ``reuse.csv``.

Every row that rests on text carries its evidence: the article id, its name and outlet, the start and end
offsets and the exact span text, so a fact-checker can filter a table and still see the words behind each row.
Files are UTF-8 with a byte-order mark (Excel otherwise reads them as the local code page), quoted by the csv
module, and a text cell that a spreadsheet would run as a formula is neutralised.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from crossfact.export.records import Records, ReportIndex, value_of
from crossfact.report import write_atomically
from crossfact.report.values import BASIS_TEXT, value_text

Cell = str | int | float | bool | None

# A spreadsheet runs a cell that starts with one of these as a formula ("=HYPERLINK(...)", "@SUM(...)", "-2+3");
# tab and carriage return are in the list because some spreadsheets strip them and then see the next
# character (OWASP, "CSV Injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

EVIDENCE = ("article", "article_name", "outlet", "start", "end", "text")


def neutralise(cell: Cell) -> Cell:
    """Return ``cell`` safe for a spreadsheet: text that would start a formula gets a leading apostrophe (shown
    by no spreadsheet, kept by all); numbers written as numbers are left alone, so ``-3`` stays a number."""
    if isinstance(cell, str) and cell.startswith(FORMULA_TRIGGERS):
        return "'" + cell
    if isinstance(cell, bool):
        return "true" if cell else "false"  # as report.json writes them, not Python's "True"
    return cell


def render_csv(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    """Return the CSV text of one table: a BOM, the header, then every row with its text cells neutralised."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if cell is None else neutralise(cell) for cell in row])
    return buffer.getvalue()


def write_csv(records: Records, out: Path) -> list[Path]:
    """Write the five tables into ``out`` and return their paths."""
    index = ReportIndex.of(records)
    tables = {
        "claims.csv": (CLAIM_HEADER, _claim_rows(records, index)),
        "conflicts.csv": (CONFLICT_HEADER, _conflict_rows(records, index)),
        "findings.csv": (FINDING_HEADER, _finding_rows(records, index)),
        "articles.csv": (ARTICLE_HEADER, _article_rows(records, index)),
        "reuse.csv": (REUSE_HEADER, _reuse_rows(records, index)),
    }
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for filename, (header, rows) in tables.items():
        path = out / filename
        write_atomically(path, render_csv(header, rows))
        written.append(path)
    return written


def _evidence(span: dict[str, Any], index: ReportIndex) -> list[Cell]:
    return [
        span["article"],
        index.name(span["article"]),
        index.outlet(span["article"]),
        span["start"],
        span["end"],
        span["text"],
    ]


# One row per supporting fact of a claim: a claim found in three articles has three rows with the same claim id,
# each with the sentence of its article as evidence; the row whose fact is the claim's statement comes first.
CLAIM_HEADER = (
    "claim",
    "status",
    "independent_sources",
    "anonymous_only",
    "kind",
    "event",
    "event_label",
    "statement",
    "values",
    "attributed_to",
    "fact",
    *EVIDENCE,
)


def _claim_rows(records: Records, index: ReportIndex) -> Iterator[list[Cell]]:
    for claim in records["claims"]:
        statement = claim["statement"]
        values = "; ".join(value_text(value_of(value)) for value in claim["values"])
        head: list[Cell] = [
            claim["id"],
            claim["status"],
            claim["independent_sources"],
            claim["anonymous_only"],
            claim["kind"],
            claim["event"],
            index.event_label(claim["event"]),
            statement["text"],
            values,
            "; ".join(claim["attributed_to"]),
        ]
        refs = sorted(
            claim["facts"],
            key=lambda ref: not _is_statement(index.facts.get(ref["fact"]), statement),
        )
        for ref in refs:
            fact = index.facts.get(ref["fact"])
            span = fact["sentence"] if fact else statement
            yield [*head, ref["fact"], *_evidence(span, index)]


def _is_statement(fact: dict[str, Any] | None, statement: dict[str, Any]) -> bool:
    return (
        fact is not None
        and fact["article"] == statement["article"]
        and fact["sentence"]["start"] <= statement["start"] < fact["sentence"]["end"]
    )


# One row per side of a conflict: the value that article states, with the words that state it.
CONFLICT_HEADER = (
    "conflict",
    "event",
    "event_label",
    "slot",
    "why_compared",
    "claims",
    "value",
    "number",
    "unit",
    *EVIDENCE,
)


def _conflict_rows(records: Records, index: ReportIndex) -> Iterator[list[Cell]]:
    for conflict in records["conflicts"]:
        for value in conflict["values"]:
            number = value["value"] if isinstance(value["value"], int | float) else None
            yield [
                conflict["id"],
                conflict["event"],
                index.event_label(conflict["event"]),
                conflict["slot"],
                BASIS_TEXT.get(conflict["basis"], conflict["basis"]),
                "; ".join(conflict["claims"]),
                value_text(value_of(value)),
                number,
                value["unit"],
                *_evidence(value["span"], index),
            ]


# One row per evidence span of a finding (most findings have one).
FINDING_HEADER = ("finding", "kind", "severity", "message", "kb", *EVIDENCE)


def _finding_rows(records: Records, index: ReportIndex) -> Iterator[list[Cell]]:
    for finding in records["findings"]:
        head: list[Cell] = [
            finding["id"],
            finding["kind"],
            finding["severity"],
            finding["message"],
            finding["kb"],
        ]
        for span in finding["evidence"]:
            yield [*head, *_evidence(span, index)]


ARTICLE_HEADER = (
    "article",
    "name",
    "outlet",
    "title",
    "published",
    "url",
    "path",
    "family",
    "family_size",
    "story",
    "characters",
    "sentences",
    "claims",
    "findings",
    "raw_sha256",
)


def _article_rows(records: Records, index: ReportIndex) -> Iterator[list[Cell]]:
    family_size = {family["id"]: len(family["articles"]) for family in records["families"]}
    story_of = {article: story["id"] for story in records["stories"] for article in story["articles"]}
    claims = Counter(
        ref["article"] for claim in records["claims"] for ref in _unique_articles(claim["facts"])
    )
    findings = Counter(finding["article"] for finding in records["findings"])
    for article in records["articles"]:
        family = index.family_of.get(article["id"])
        yield [
            article["id"],
            article["name"],
            article["source"],
            article["title"],
            article["published"],
            article["url"],
            article["path"],
            family,
            family_size.get(family or "", 1),
            story_of.get(article["id"]),
            len(article["text"]),
            len(article["sentences"]),
            claims[article["id"]],
            findings[article["id"]],
            article["raw_sha256"],
        ]


def _unique_articles(refs: list[dict[str, str]]) -> list[dict[str, str]]:
    seen: dict[str, dict[str, str]] = {}
    for ref in refs:
        seen.setdefault(ref["article"], ref)
    return list(seen.values())


# One row per passage pair of a reuse link (a link with no passage has one row with empty passage cells).
# ``direction`` "a->b" reads "b reuses a"; ``via`` names the common text two siblings both reuse.
REUSE_HEADER = (
    "a",
    "a_name",
    "a_outlet",
    "b",
    "b_name",
    "b_outlet",
    "score",
    "kind",
    "direction",
    "via",
    "why",
    "passage_score",
    "a_start",
    "a_end",
    "a_text",
    "b_start",
    "b_end",
    "b_text",
)


def _reuse_rows(records: Records, index: ReportIndex) -> Iterator[list[Cell]]:
    for link in records["reuse"]:
        head: list[Cell] = [
            link["a"],
            index.name(link["a"]),
            index.outlet(link["a"]),
            link["b"],
            index.name(link["b"]),
            index.outlet(link["b"]),
            link["score"],
            link["kind"],
            link["direction"],
            link["via"],
            " | ".join(link["evidence"]),
        ]
        if not link["passages"]:
            yield [*head, None, None, None, None, None, None, None]
        for passage in link["passages"]:
            a, b = passage["a"], passage["b"]
            yield [*head, passage["score"], a["start"], a["end"], a["text"], b["start"], b["end"], b["text"]]
