"""Executors: they schedule the per-article chain over articles and never name a stage.

:func:`open_executor` turns the command line's ``--engine`` choice into one: ``local`` (this process or a pool of
local processes, :mod:`crossfact.engines.local`) or ``ray`` (Ray tasks on a local Ray or a cluster,
:mod:`crossfact.engines.ray`, which alone imports Ray).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Protocol, TypeVar

from crossfact import errors

T = TypeVar("T")
R = TypeVar("R")

ENGINES = ("local", "ray")


class Executor(Protocol):
    """Anything that maps a picklable function over items and yields the results in input order."""

    name: str

    def map(self, func: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """Yield ``func(item)`` for every item, in the order of ``items``."""
        ...


@contextmanager
def open_executor(engine: str, *, workers: int | None, address: str | None = None) -> Iterator[Executor]:
    """Yield the executor named by ``engine``, started, and stop it afterwards; raise ConfigError on an unknown
    engine and EngineError when Ray is missing or its cluster cannot be reached.

    ``workers``: local processes, or the CPUs of a local Ray (None: 1 process locally, every CPU for Ray);
    ``address``: the Ray cluster to join instead of starting one.
    """
    if engine not in ENGINES:
        raise errors.ConfigError(errors.ENGINE_UNKNOWN.format(engine=engine, known=", ".join(ENGINES)))
    if engine == "local":
        if address is not None:
            raise errors.ConfigError(errors.ENGINE_ADDRESS_WITHOUT_RAY)
        from crossfact.engines.local import LocalExecutor

        yield LocalExecutor(workers or 1)
        return
    from crossfact.engines.ray import RayExecutor

    with RayExecutor(workers, address=address) as executor:
        yield executor
