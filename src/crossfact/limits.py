"""Bounds on the work one article may cost: a time budget for each per-article stage.

:func:`time_budget` arms a one-shot ``SIGALRM`` timer (``signal.setitimer``) around a stage and turns its expiry
into :class:`StageTimeout`, which the pipeline reports as that article skipped with a reason; the batch goes on.
It works wherever the stage runs in a process's main thread: the serial run and every ``LocalExecutor`` worker
process (a process pool runs its tasks in each worker's main thread).

What it can interrupt: Python code, which is where a runaway stage spends its time (a scan per match, a loop per
token). What it cannot: a single call into C that does not return to the interpreter (one ``re`` match, one spaCy
or lxml call) is interrupted only when it returns, so input limits (crossfact.config.LimitsConfig,
ReadConfig's HTML and size caps) bound those calls. Off the main thread (a web server's worker thread), and where
``setitimer`` does not exist (Windows), no budget is armed and stages run to the end.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class StageTimeout(BaseException):
    """A stage ran past its time budget on one article.

    A BaseException, like KeyboardInterrupt, so a stage's own ``except Exception`` cannot swallow it.
    """


def can_interrupt() -> bool:
    """Return whether a time budget can be armed here (the main thread of a process with ``setitimer``)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Run the body with ``seconds`` to finish, else raise StageTimeout in it; no budget if ``seconds <= 0``
    or :func:`can_interrupt` is false."""
    if seconds <= 0 or not can_interrupt():
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise StageTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
        finally:
            signal.signal(signal.SIGALRM, previous)
