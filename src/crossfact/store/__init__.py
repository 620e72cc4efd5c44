"""The embedded store: one SQLite file (WAL) holding every input, each analysed article keyed by its input and
the fingerprints of the steps that made it, and the corpus of the last report, so a run with more inputs
analyses only what is new.

:mod:`~crossfact.store.schema` opens a file and migrates its layout, :mod:`~crossfact.store.records` turns model
records into JSON and back without loss, :mod:`~crossfact.store.fingerprint` says what a stored analysis was made
with, :mod:`~crossfact.store.articles` reads and writes the tables, :mod:`~crossfact.store.incremental` runs
an analysis against a store, and :mod:`~crossfact.store.lock` keeps two runs from writing one store at once.
"""

from __future__ import annotations

from crossfact.store.articles import Store
from crossfact.store.incremental import analyze_into, stored_config
from crossfact.store.lock import writer_lock
from crossfact.store.schema import SCHEMA_VERSION

__all__ = ["SCHEMA_VERSION", "Store", "analyze_into", "stored_config", "writer_lock"]
