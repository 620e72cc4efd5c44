"""Run the per-article chain as Ray tasks over batches of articles, on a local Ray or on an existing cluster.

:class:`RayExecutor` maps the same picklable function the local engine maps (``pipeline.run_chain`` bound to a
config), so the report is the local engine's. Each task takes a batch of articles, not one, so scheduling and
moving results cost per batch; the chain's functions are built once per worker process, not per task
(``pipeline._built`` is a per-process cache keyed by the config, and Ray keeps its worker processes between
tasks). A bounded number of batches is in flight, so input is read as the results are consumed and the driver
holds no more than the window.

``ray`` is imported only in this module, inside its functions: crossfact runs without the ``ray`` extra, and
``--engine ray`` without it is one error naming ``pip install 'crossfact[ray]'``.
"""

from __future__ import annotations

import logging
import os
import socket
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from crossfact import errors

T = TypeVar("T")
R = TypeVar("R")

# Articles per task. Not tuned: 32 Reuters articles take about 1.5 s of the chain on one core
# (benchmarks/bench_engines.py, 47.7 s for 987), far above a task's scheduling, and 1 000 articles still make
# 31 tasks to share out; larger batches would leave CPUs idle at the end of a run.
BATCH = 32
# Batches in flight per CPU of the cluster: two keep every CPU busy while the driver collects a result (not
# tuned); this bounds what the driver holds at 2 × 32 articles per CPU.
WINDOW = 2
# How long to wait for a TCP answer at --ray-address before calling it unreachable. Without this check
# ray.init(address=...) retries a closed port for minutes (measured: still waiting after 120 s with Ray 2.60).
CONNECT_SECONDS = 5.0


def _import_ray() -> Any:
    """Return the ``ray`` module, or raise EngineError naming the extra to install."""
    try:
        import ray
    except ImportError as e:
        raise errors.EngineError(errors.RAY_NEEDS_EXTRA) from e
    return ray


def _run_batch(func: Callable[[T], R], items: list[T]) -> list[R]:
    """Return ``func(item)`` for every item of one batch, in order (the body of one Ray task)."""
    return [func(item) for item in items]


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def check_address(address: str, *, seconds: float = CONNECT_SECONDS) -> None:
    """Raise EngineError unless ``address`` is 'auto' or a HOST:PORT (optionally ray://) where something
    answers within ``seconds``."""
    if address == "auto":
        return
    host, _, port_text = address.removeprefix("ray://").rpartition(":")
    host = host.strip("[]")
    if not host or not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise errors.EngineError(errors.RAY_ADDRESS_BAD.format(address=address))
    try:
        with socket.create_connection((host, int(port_text)), timeout=seconds):
            pass
    except OSError as e:
        reason = e.strerror or type(e).__name__
        raise errors.EngineError(
            errors.RAY_UNREACHABLE.format(address=address, host=host, port=port_text, reason=reason)
        ) from e


class RayExecutor:
    """Maps a function over items as Ray tasks over batches; use it as a context manager.

    Without ``address`` it starts a local Ray with ``workers`` CPUs (all of this machine's when None) and shuts
    it down on exit; with ``address`` ('auto', HOST:PORT or ray://HOST:PORT) it joins that cluster and leaves
    it running. A Ray this process had already started is used as it is and left running.
    """

    def __init__(
        self,
        workers: int | None = None,
        *,
        address: str | None = None,
        batch: int = BATCH,
        window: int = WINDOW,
    ) -> None:
        if workers is not None and workers < 1:
            raise ValueError(f"workers must be 1 or more, got {workers}")
        if batch < 1:
            raise ValueError(f"batch must be 1 or more, got {batch}")
        if window < 1:
            raise ValueError(f"window must be 1 or more, got {window}")
        self._ray = _import_ray()
        self.workers = workers
        self.address = address
        self.batch = batch
        self.window = window
        self.cpus = 0
        self.name = "ray"
        self._owned = False
        self._task: Any = None

    def __enter__(self) -> RayExecutor:
        self.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def start(self) -> None:
        """Start or join Ray (once); raise EngineError when the cluster at ``address`` cannot be reached."""
        if self._task is not None:
            return
        ray = self._ray
        if self.address is not None:
            check_address(self.address)
        if not ray.is_initialized():
            if self.address is None:
                self._start_local(ray)
            else:
                try:
                    ray.init(address=self.address, log_to_driver=False, logging_level=logging.WARNING)
                except (ConnectionError, RuntimeError) as e:
                    first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
                    raise errors.EngineError(
                        errors.RAY_CONNECT_FAILED.format(address=self.address, reason=first)
                    ) from e
        self.cpus = int(ray.cluster_resources().get("CPU", 0)) or 1
        self.name = f"ray[{self.cpus} CPU{'s' if self.cpus != 1 else ''}]"
        self._task = ray.remote(num_cpus=1)(_run_batch)

    def _start_local(self, ray: Any) -> None:
        # The workers must import the crossfact this driver runs (a checkout, say), not another one installed in
        # the environment: the report must be the local engine's. Ray's processes inherit the environment of
        # ray.init, so PYTHONPATH names this package's folder while they start. (A runtime_env with the same
        # variable works too, but its workers are not prestarted: +1.5 s to the first task, measured.)
        import crossfact

        here = str(Path(crossfact.__file__).resolve().parent.parent)
        before = os.environ.get("PYTHONPATH")
        os.environ["PYTHONPATH"] = os.pathsep.join(part for part in (here, before) if part)
        try:
            ray.init(
                num_cpus=self.workers,
                include_dashboard=False,
                log_to_driver=False,
                logging_level=logging.WARNING,
            )
        finally:
            if before is None:
                del os.environ["PYTHONPATH"]
            else:
                os.environ["PYTHONPATH"] = before
        self._owned = True

    def close(self) -> None:
        """Shut down the Ray this executor started; a cluster it joined keeps running."""
        if self._owned:
            self._ray.shutdown()
            self._owned = False
        self._task = None

    def map(self, func: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """Yield ``func(item)`` for every item in input order; at most ``window`` batches per CPU are in flight."""
        self.start()
        ray = self._ray
        shared = ray.put(func)  # sent to the object store once, not with every batch
        limit = self.window * self.cpus
        pending: deque[Any] = deque()
        try:
            for batch in _batches(items, self.batch):
                pending.append(self._task.remote(shared, batch))
                if len(pending) >= limit:
                    yield from ray.get(pending.popleft())
            while pending:
                yield from ray.get(pending.popleft())
        except ray.exceptions.RayError as e:
            lines = [line for line in str(e).splitlines() if line.strip()]
            raise errors.EngineError(errors.RAY_TASK_FAILED.format(reason=lines[-1] if lines else e)) from e
