"""Run the per-article chain in this process, or in a pool of local worker processes."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


class LocalExecutor:
    """Serial with ``workers=1``; otherwise a process pool fed a bounded window, so input is streamed."""

    def __init__(self, workers: int = 1, *, window: int = 64) -> None:
        if workers < 1:
            raise ValueError(f"workers must be 1 or more, got {workers}")
        if window < 1:
            raise ValueError(f"window must be 1 or more, got {window}")
        self.workers = workers
        self.window = window
        self.name = "local" if workers == 1 else f"local[{workers} processes]"

    def map(self, func: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """Yield ``func(item)`` for every item in input order; at most ``window × workers`` are in flight."""
        if self.workers == 1:
            yield from map(func, items)
            return
        limit = self.window * self.workers
        with ProcessPoolExecutor(max_workers=self.workers) as pool:
            pending: deque[Future[R]] = deque()
            for item in items:
                pending.append(pool.submit(func, item))
                if len(pending) >= limit:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
