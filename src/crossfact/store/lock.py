"""One writer at a time per store: :func:`writer_lock` holds an exclusive lock on ``STORE.lock`` beside the store
file for the whole of a run that writes it (read the corpus, analyse, write the corpus and the report's records).

A run reads the store's corpus, analyses, and writes a corpus back; SQLite serialises each write but not that
whole read-analyse-write, so two adds that overlap would each write a corpus lacking the other's articles. The
second writer therefore waits here, up to ``store.lock_timeout`` seconds, and then reads the corpus the first one
left. Readers (the workbench's pages, ``crossfact export``) never take the lock: WAL lets them read while a run
writes.

The lock is ``flock(2)`` on its own file, as the ``filelock`` package (virtualenv's, tox's) does on POSIX, rather
than a file whose existence is the lock (git's ``index.lock``): the kernel drops it when the process ends, even on
SIGKILL, so a killed run never leaves a stale lock behind. An SQLite transaction cannot stand in for it: a run
commits each analysed article on its own, so a killed run keeps them, and must not hold one transaction open
for minutes. The lock file is left in place after a run (removing it would let a waiter lock a file that is no
longer the lock). ``flock`` locks belong to an open file, so two threads of one process (the workbench's add
form) exclude each other too.

Without ``fcntl`` (Windows) no file lock is taken: runs of one process still wait for each other (a lock per
store inside the process, with the same timeout), but two processes writing one store are not kept apart, as
before this lock existed; run one ``crossfact add`` at a time there.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from crossfact import errors

try:
    import fcntl
except ImportError:  # Windows: see the module docstring
    fcntl = None  # type: ignore[assignment]

# Appended to the store's file name: crossfact.db -> crossfact.db.lock.
LOCK_SUFFIX = ".lock"
# How often a waiting writer tries again. flock has no timeout of its own; filelock polls every 0.05 s. A run
# holds the lock for seconds at least (one article over the demo store: ~4 s), so 0.1 s adds nothing noticeable.
POLL_SECONDS = 0.1

_in_process: dict[Path, threading.Lock] = {}
_in_process_guard = threading.Lock()
# The stores whose lock this thread holds, so a block inside another (the CLI holds the lock over the analysis,
# which takes it too, and over writing the report files) keeps it rather than waiting for itself.
_held = threading.local()


def lock_path(store_path: str | Path) -> Path:
    """Return the lock file of the store at ``store_path``: ``STORE.lock`` beside it."""
    path = Path(store_path)
    return path.with_name(f"{path.name}{LOCK_SUFFIX}")


@contextmanager
def writer_lock(
    store_path: str | Path, *, timeout: float, on_wait: Callable[[], None] | None = None
) -> Iterator[None]:
    """Hold the store's writer lock for the block; when another run holds it, call ``on_wait`` once and wait up
    to ``timeout`` seconds, then raise StoreBusy naming the store. The lock is released however the block ends;
    inside a block of the same thread that holds it already, it is simply kept."""
    key = Path(store_path).resolve()
    held: set[Path] = _held.__dict__.setdefault("stores", set())
    if key in held:
        yield
        return
    taking = _file_lock if fcntl is not None else _thread_lock
    with taking(Path(store_path), timeout=timeout, on_wait=on_wait):
        held.add(key)
        try:
            yield
        finally:
            held.discard(key)


@contextmanager
def _file_lock(store_path: Path, *, timeout: float, on_wait: Callable[[], None] | None) -> Iterator[None]:
    path = lock_path(store_path)
    try:
        # os.open makes a descriptor no program started later inherits (PEP 446); it is closed on every path.
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as e:
        raise errors.StoreError(errors.STORE_LOCK_FAILED.format(path=path, reason=e)) from e
    try:
        _acquire(fd, store_path, timeout=timeout, on_wait=on_wait)
        try:
            yield
        finally:
            # Unlocked explicitly, not only by close: a worker forked while the lock was held shares this open
            # file, and closing our descriptor alone would leave the lock held until that worker exits.
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _acquire(fd: int, store_path: Path, *, timeout: float, on_wait: Callable[[], None] | None) -> None:
    deadline = time.monotonic() + timeout
    told = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        except OSError as e:  # ENOLCK: a file system without locks (an old NFS mount)
            raise errors.StoreError(
                errors.STORE_LOCK_FAILED.format(path=lock_path(store_path), reason=e)
            ) from e
        if time.monotonic() >= deadline:
            raise errors.StoreBusy(str(store_path), timeout)
        if not told and on_wait is not None:
            on_wait()
        told = True
        time.sleep(POLL_SECONDS)


@contextmanager
def _thread_lock(store_path: Path, *, timeout: float, on_wait: Callable[[], None] | None) -> Iterator[None]:
    """Without fcntl: keep the runs of this process apart, one lock per store file."""
    with _in_process_guard:
        lock = _in_process.setdefault(store_path.resolve(), threading.Lock())
    if not lock.acquire(blocking=False):
        if on_wait is not None:
            on_wait()
        if not lock.acquire(timeout=timeout):
            raise errors.StoreBusy(str(store_path), timeout)
    try:
        yield
    finally:
        lock.release()
