"""Executors: they schedule the per-article chain over articles and never name a stage."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class Executor(Protocol):
    """Anything that maps a picklable function over items and yields the results in input order."""

    name: str

    def map(self, func: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """Yield ``func(item)`` for every item, in the order of ``items``."""
        ...
