"""Open a store file: SQLite in WAL mode, its schema version checked and older layouts migrated in place.

The ``schema_version`` table holds one row: the layout version and the crossfact that wrote it. Each entry of
:data:`MIGRATIONS` takes a store from one version to the next inside one transaction, so a store is always at
exactly one version. A store written by a newer crossfact is refused, never guessed at.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from crossfact import errors

# Migration N (0-based) takes a store from version N to N + 1; SCHEMA_VERSION is the version after the last.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        # Every input as the reader gave it (an Article before any step, or a Skipped), by input key.
        "CREATE TABLE inputs (key TEXT PRIMARY KEY, kind TEXT NOT NULL, record TEXT NOT NULL)",
        # The analysed Article of an input, with the fingerprint of each per-article step that made it.
        "CREATE TABLE analyses ("
        " input TEXT PRIMARY KEY REFERENCES inputs(key),"
        " fingerprints TEXT NOT NULL,"
        " article TEXT NOT NULL)",
        # The corpus the last report covered: its inputs in order (an input given twice is there twice).
        "CREATE TABLE corpus (seq INTEGER PRIMARY KEY, input TEXT NOT NULL REFERENCES inputs(key))",
        # The effective config of the last run, so 'crossfact add' analyses new articles the same way.
        "CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ),
    (
        # The cross-article records of the last report, one row per record: ``record`` is the model record as
        # records.dumps writes it, the other columns are what the workbench filters and sorts on. All of them
        # are replaced together with the corpus (store/report.py), so they always describe one whole run.
        # The report's articles in order: the stored analysis they came from (``input``) and their family.
        "CREATE TABLE report_articles ("
        " id TEXT PRIMARY KEY, seq INTEGER NOT NULL, input TEXT NOT NULL, name TEXT NOT NULL, title TEXT,"
        " source TEXT, url TEXT, published TEXT, family TEXT, merged TEXT NOT NULL)",
        "CREATE INDEX report_articles_by_source ON report_articles (source)",
        "CREATE TABLE events ("
        " id TEXT PRIMARY KEY, seq INTEGER NOT NULL, label TEXT NOT NULL, kind TEXT NOT NULL, happened TEXT,"
        " record TEXT NOT NULL)",
        # status_rank orders conflicting (0), single_source (1), corroborated (2); statement is the text of the
        # representative clause; first_published the earliest publication date of a supporting article.
        "CREATE TABLE claims ("
        " id TEXT PRIMARY KEY, seq INTEGER NOT NULL, event TEXT NOT NULL, status TEXT NOT NULL,"
        " status_rank INTEGER NOT NULL, independent_sources INTEGER NOT NULL, kind TEXT NOT NULL,"
        " article TEXT NOT NULL, statement TEXT NOT NULL, first_published TEXT, record TEXT NOT NULL)",
        "CREATE INDEX claims_by_event ON claims (event)",
        # Which articles state each claim (the articles of its facts), for "claims of this article/outlet".
        "CREATE TABLE claim_articles ("
        " claim TEXT NOT NULL, article TEXT NOT NULL, PRIMARY KEY (claim, article)) WITHOUT ROWID",
        "CREATE INDEX claim_articles_by_article ON claim_articles (article)",
        "CREATE TABLE conflicts ("
        " id TEXT PRIMARY KEY, seq INTEGER NOT NULL, event TEXT NOT NULL, slot TEXT NOT NULL,"
        " record TEXT NOT NULL)",
        "CREATE INDEX conflicts_by_event ON conflicts (event)",
        "CREATE TABLE findings ("
        " id TEXT PRIMARY KEY, seq INTEGER NOT NULL, kind TEXT NOT NULL, severity TEXT NOT NULL,"
        " article TEXT NOT NULL, record TEXT NOT NULL)",
        "CREATE INDEX findings_by_article ON findings (article)",
        "CREATE TABLE families (id TEXT PRIMARY KEY, seq INTEGER NOT NULL, size INTEGER NOT NULL, record TEXT NOT NULL)",
        "CREATE TABLE reuse ("
        " seq INTEGER PRIMARY KEY, a TEXT NOT NULL, b TEXT NOT NULL, kind TEXT NOT NULL,"
        " direction TEXT NOT NULL, score REAL NOT NULL, record TEXT NOT NULL)",
        "CREATE INDEX reuse_by_a ON reuse (a)",
        "CREATE INDEX reuse_by_b ON reuse (b)",
        "CREATE TABLE entities ("
        " id TEXT PRIMARY KEY, seq INTEGER NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL, record TEXT NOT NULL)",
        "CREATE TABLE stories (id TEXT PRIMARY KEY, seq INTEGER NOT NULL, label TEXT NOT NULL, record TEXT NOT NULL)",
        "CREATE TABLE timeline ("
        " seq INTEGER PRIMARY KEY, happened TEXT NOT NULL, claim TEXT, event TEXT, record TEXT NOT NULL)",
        # Full-text search over claim statements (kind 'claim') and article titles and texts (kind 'article');
        # ``ref`` is the claim or article id. remove_diacritics: "Zurich" finds "Zürich".
        "CREATE VIRTUAL TABLE search USING fts5("
        " kind UNINDEXED, ref UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 2')",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)


def connect(path: Path) -> sqlite3.Connection:
    """Return a connection to the store at ``path`` (made if missing), migrated to :data:`SCHEMA_VERSION`;
    raise StoreError naming the file if it is not a store or was written by a newer crossfact."""
    try:
        db = sqlite3.connect(path, isolation_level=None)
    except sqlite3.Error as e:
        raise errors.StoreError(errors.STORE_NOT_A_STORE.format(path=path, reason=e)) from e
    try:
        # WAL: readers never block the writer, and a commit is one append to the log. synchronous=NORMAL keeps
        # every committed article through a killed process (only a power cut can lose the last commits).
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA foreign_keys=ON")
        migrate(db, path)
    except sqlite3.DatabaseError as e:
        db.close()
        raise errors.StoreError(errors.STORE_NOT_A_STORE.format(path=path, reason=e)) from e
    except errors.StoreError:
        db.close()
        raise
    return db


def schema_version(db: sqlite3.Connection) -> int:
    """Return the layout version of the open store (0 for an empty file)."""
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "schema_version" not in tables:
        return 0
    row = db.execute("SELECT version FROM schema_version").fetchone()
    return int(row[0]) if row else 0


def migrate(db: sqlite3.Connection, path: Path) -> int:
    """Bring the store up to :data:`SCHEMA_VERSION`, one transaction per migration; return the version found."""
    from crossfact import __version__

    found = schema_version(db)
    if found > SCHEMA_VERSION:
        raise errors.StoreError(errors.STORE_NEWER.format(path=path, found=found, supported=SCHEMA_VERSION))
    if found == 0:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        if tables:
            reason = f"it holds other tables: {', '.join(sorted(tables))}"
            raise errors.StoreError(errors.STORE_NOT_A_STORE.format(path=path, reason=reason))
    for version in range(found, SCHEMA_VERSION):
        with transaction(db):
            if version == 0:
                db.execute("CREATE TABLE schema_version (version INTEGER NOT NULL, written_by TEXT NOT NULL)")
                db.execute("INSERT INTO schema_version VALUES (0, ?)", (__version__,))
            for statement in MIGRATIONS[version]:
                db.execute(statement)
            db.execute("UPDATE schema_version SET version = ?, written_by = ?", (version + 1, __version__))
    return found


@contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Run the block as one transaction: committed whole at its end, rolled back whole on an exception."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
