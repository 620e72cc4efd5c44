"""Article records in and out of a store: inputs as read, analysed articles with their step fingerprints, the
corpus the last report covered with that report's records (store/report.py), and the config it was made with.

Each analysed article is committed on its own as soon as its steps finish, so a killed run loses at most the
article in flight; the corpus and config are replaced in one transaction once the report is made, so a store
always describes one whole run. A run that writes holds the store's writer lock throughout (store/lock.py), so
a second writer starts from the corpus the first one left.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from crossfact import errors
from crossfact.model import Article, Report, Skipped
from crossfact.store import records, schema
from crossfact.store.report import write_report


@dataclass(frozen=True, slots=True)
class Analysis:
    """A stored analysed article (before merges, which belong to a run) and its steps' fingerprints."""

    article: Article
    fingerprints: tuple[tuple[str, str], ...]


class Store:
    """An open store file; use it as a context manager, or call :meth:`close`."""

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = Path(path)
        if not create and not self.path.is_file():
            raise errors.StoreError(errors.STORE_MISSING.format(path=self.path))
        self._db = schema.connect(self.path)

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the file (WAL contents are checkpointed into it)."""
        self._db.close()

    def analysis(self, key: str) -> Analysis | None:
        """Return the stored analysis of the input with ``key``, or None."""
        row = self._db.execute(
            "SELECT article, fingerprints FROM analyses WHERE input = ?", (key,)
        ).fetchone()
        if row is None:
            return None
        prints = tuple((name, value) for name, value in json.loads(row[1]))
        return Analysis(records.loads(Article, row[0]), prints)

    def save_analysis(
        self, key: str, item: Article, article: Article, fingerprints: Sequence[tuple[str, str]]
    ) -> None:
        """Store ``article`` (what the steps made of the input ``item``) in one transaction, replacing an older
        analysis of the same input."""
        with schema.transaction(self._db):
            self._save_input(key, item)
            self._db.execute(
                "INSERT OR REPLACE INTO analyses (input, fingerprints, article) VALUES (?, ?, ?)",
                (key, json.dumps([list(pair) for pair in fingerprints]), records.dumps(article)),
            )

    def corpus(self) -> Iterator[tuple[str, Article | Skipped]]:
        """Yield the inputs of the corpus the last report covered, in order, each with its key."""
        rows = self._db.execute(
            "SELECT inputs.key, inputs.kind, inputs.record FROM corpus JOIN inputs ON inputs.key = corpus.input"
            " ORDER BY corpus.seq"
        )
        for key, kind, text in rows:
            yield key, records.loads(Article, text) if kind == "article" else records.loads(Skipped, text)

    def replace_corpus(
        self,
        members: Iterable[tuple[str, Article | Skipped]],
        settings: dict[str, Any],
        report: tuple[Report, Mapping[str, str]] | None = None,
    ) -> None:
        """Make ``members`` the corpus and ``settings`` the stored settings, in one transaction; with ``report``
        (the Report and the input key of each of its articles), its records replace the stored report's."""
        with schema.transaction(self._db):
            self._db.execute("DELETE FROM corpus")
            for seq, (key, item) in enumerate(members):
                self._save_input(key, item)
                self._db.execute("INSERT INTO corpus (seq, input) VALUES (?, ?)", (seq, key))
            for name, value in settings.items():
                self._db.execute(
                    "INSERT OR REPLACE INTO settings (name, value) VALUES (?, ?)", (name, json.dumps(value))
                )
            if report is not None:
                write_report(self._db, *report)

    def setting(self, name: str) -> Any:
        """Return the stored setting ``name`` (the last run's ``config``, ...), or None."""
        row = self._db.execute("SELECT value FROM settings WHERE name = ?", (name,)).fetchone()
        return json.loads(row[0]) if row else None

    def count(self, table: str) -> int:
        """Return how many rows ``table`` holds ("analyses", "inputs" or "corpus")."""
        if table not in ("analyses", "inputs", "corpus"):
            raise ValueError(f"unknown store table {table!r}")
        return int(self._db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    def _save_input(self, key: str, item: Article | Skipped) -> None:
        kind = "article" if isinstance(item, Article) else "skipped"
        self._db.execute(
            "INSERT OR IGNORE INTO inputs (key, kind, record) VALUES (?, ?, ?)",
            (key, kind, records.dumps(item)),
        )
