"""Add articles to a store from the workbench's form: :func:`save_upload` writes the uploaded files (and a pasted
page) into a new folder beside the store under names made safe, and :func:`add_folder` analyses that folder into
the store exactly as ``crossfact add STORE FOLDER`` does, saying for each upload what it added or why it added
nothing.

A browser's file name is never a path here: it only names the file inside the batch's own folder, after
:func:`safe_name` kept its last component and letters, digits, ``.``, ``-`` and ``_``. Each file is bounded by
``read.max_file_bytes`` of the store's config while it is copied, so an oversized upload is refused before it
reaches the disk in full, with the reader's own message.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import time
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Protocol

from crossfact import errors
from crossfact.config import Config, with_input_meta
from crossfact.model import Report
from crossfact.report import RENDERERS, write_report
from crossfact.serve.queries import open_db
from crossfact.store import Store, analyze_into, stored_config, writer_lock

# The name a pasted page is saved under (its sidecar, when a URL is given, is pasted.meta.json).
PASTED_NAME = "pasted.html"
# What a pasted page is called on the result page: the user gave it no file name.
PASTED_LABEL = "pasted page"
# A file name longer than this is cut before its suffixes (ext4 allows 255 bytes; a news file name is short).
NAME_CHARS = 100
# Copied in pieces of this size, so a 20 MB upload never sits in memory whole.
CHUNK = 1 << 20
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class UploadedFile(Protocol):
    """What an upload must offer (Starlette's UploadFile does): the client's file name and async reads."""

    filename: str | None

    async def read(self, size: int = -1) -> bytes: ...


@dataclass(frozen=True, slots=True)
class Saved:
    """One upload as it was saved, or refused before saving (``path`` None and ``refused`` the reason)."""

    upload: str  # the name the user gave it, shown escaped, never used as a path
    path: Path | None
    refused: str | None = None


@dataclass(frozen=True, slots=True)
class Entry:
    """What one upload did: the articles it added, the duplicates it was merged into, and each skip's reason."""

    upload: str
    added: tuple[str, ...] = ()
    merged_into: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()

    @property
    def unchanged(self) -> bool:
        """Return whether the upload changed nothing: the store already held this very input."""
        return not (self.added or self.merged_into or self.skipped)


@dataclass(frozen=True, slots=True)
class Addition:
    """The outcome of one add from the form: one entry per upload, the report's article count (None when every
    upload was refused and nothing ran) and the time."""

    folder: str
    entries: tuple[Entry, ...]
    articles: int | None
    seconds: float
    rewritten: tuple[str, ...]  # the report files beside the store that were rewritten

    @property
    def added(self) -> tuple[str, ...]:
        """Return the ids of every article added."""
        return tuple(article for entry in self.entries for article in entry.added)


def safe_name(name: str | None, *, taken: Iterable[str] = ()) -> str:
    """Return a file name for an upload called ``name`` by the browser: its last path component, letters,
    digits, ``.``, ``-`` and ``_`` only, no leading dot, at most :data:`NAME_CHARS` characters, and none of
    ``taken`` (a number is put in front of a repeated name)."""
    base = re.split(r"[/\\]", unicodedata.normalize("NFKC", name or ""))[-1]
    base = _UNSAFE.sub("_", base).lstrip(".") or "upload"
    if len(base) > NAME_CHARS:
        # Keep the suffixes (".jsonl.gz", ".meta.json"): they choose the reader and pair a sidecar.
        stem, dot, suffixes = base.partition(".")
        suffixes = suffixes[-(NAME_CHARS // 2) :]
        base = stem[: NAME_CHARS - len(suffixes) - 1] + dot + suffixes
    used = set(taken)
    candidate, number = base, 1
    while candidate in used:
        number += 1
        candidate = f"{number}-{base}"
    return candidate


def batch_folder(store_path: Path) -> Path:
    """Return a new, empty folder for one batch of uploads: ``<store>.uploads/<UTC time>-<random>`` beside the
    store, so every upload stays on disk next to the articles it became."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    folder = store_path.parent / f"{store_path.name}.uploads" / f"{stamp}-{secrets.token_hex(3)}"
    folder.mkdir(parents=True)
    return folder


async def save_upload(file: UploadedFile, folder: Path, *, limit: int, taken: Iterable[str] = ()) -> Saved:
    """Return the upload saved into ``folder`` under a safe name, or refused (nothing left on disk) when it is
    over ``limit`` bytes or empty."""
    upload = file.filename or "upload"
    path = folder / safe_name(upload, taken=taken)
    size = 0
    with path.open("xb") as out:
        while chunk := await file.read(CHUNK):
            size += len(chunk)
            if size > limit:
                break
            out.write(chunk)
    if size > limit:
        path.unlink()
        return Saved(upload, None, errors.UPLOAD_TOO_LARGE.format(limit=limit))
    if size == 0:
        path.unlink()
        return Saved(upload, None, errors.UPLOAD_EMPTY)
    return Saved(upload, path)


def save_pasted(html: str, folder: Path, *, url: str | None, limit: int) -> Saved:
    """Return the pasted page saved as ``pasted.html`` in ``folder`` (with a sidecar holding ``url`` when given),
    or refused when it is over ``limit`` bytes."""
    data = html.encode("utf-8")
    if len(data) > limit:
        return Saved(PASTED_LABEL, None, errors.UPLOAD_TOO_LARGE.format(limit=limit))
    path = folder / PASTED_NAME
    path.write_bytes(data)
    if url:
        sidecar = folder / f"{Path(PASTED_NAME).stem}.meta.json"
        sidecar.write_text(json.dumps({"url": url}), encoding="utf-8")
    return Saved(PASTED_LABEL, path)


def store_config(store_path: Path) -> Config:
    """Return the config an add to the store runs with (its last run's, as ``crossfact add`` takes it)."""
    with Store(store_path, create=False) as store:
        return stored_config(store)


def upload_config(config: Config, *, source: str | None, published: str | None) -> Config:
    """Return ``config`` with the outlet and date the form gave (as ``crossfact add --source --published``);
    raise ConfigError naming a date that is not ISO."""
    try:
        day = date.fromisoformat(published) if published else None
    except ValueError as e:
        raise errors.ConfigError(errors.UPLOAD_BAD_DATE.format(value=published)) from e
    return with_input_meta(config, source=source, published=day)


def add_folder(store_path: Path, folder: Path, saved: Iterable[Saved], config: Config) -> Addition:
    """Return what adding ``folder`` to the store did, upload by upload, after running the incremental analysis
    ``crossfact add`` runs and rewriting the report files that lie beside the store; raise StoreBusy (the batch
    folder removed) when another run kept the store past ``store.lock_timeout``."""
    saved = list(saved)
    began = time.perf_counter()
    if not any(item.path for item in saved):
        # Every upload was refused: nothing to analyse, and the batch folder holds nothing.
        folder.rmdir()
        entries = tuple(_entry(item, None, set()) for item in saved)
        return Addition(str(folder), entries, articles=None, seconds=0.0, rewritten=())
    try:
        # The writer lock of 'crossfact add' (store/lock.py): another add from this form, the CLI or another
        # server first finishes, and this one then adds to the corpus it left.
        with writer_lock(store_path, timeout=config.store.lock_timeout):
            db = open_db(store_path)
            try:
                before = {row[0] for row in db.execute("SELECT id FROM report_articles")}
            finally:
                db.close()
            with Store(store_path, create=False) as store:
                report = analyze_into(store, [folder], config, add=True)
            rewritten = _rewrite_reports(report, store_path.parent)
    except errors.StoreBusy:
        # Nothing was added: the uploads go too, so the form can simply be sent again.
        shutil.rmtree(folder)
        raise
    return Addition(
        folder=str(folder),
        entries=tuple(_entry(item, report, before) for item in saved),
        articles=len(report.articles),
        seconds=round(time.perf_counter() - began, 1),
        rewritten=tuple(str(path) for path in rewritten),
    )


def _entry(item: Saved, report: Report | None, before: set[str]) -> Entry:
    if item.path is None or report is None:
        return Entry(item.upload, skipped=(item.refused or "",))
    mine = str(item.path)

    def of_upload(path: str) -> bool:
        # A record of a JSONL, CSV or WARC file is named "<file>#L12" or "<file>#<record>".
        return path == mine or path.startswith(f"{mine}#")

    return Entry(
        item.upload,
        added=tuple(a.id for a in report.articles if a.id not in before and of_upload(a.path)),
        merged_into=tuple(a.id for a in report.articles if any(of_upload(path) for path in a.merged)),
        skipped=tuple(skip.reason for skip in report.skipped if of_upload(skip.path)),
    )


def _rewrite_reports(report: Report, out: Path) -> list[Path]:
    """Rewrite the report files already beside the store, so they keep describing the store's corpus."""
    formats = [name for name, (filename, _) in RENDERERS.items() if (out / filename).is_file()]
    return list(write_report(report, out, formats).values()) if formats else []
