"""Helper for the linear-time tests (issue 16): how much longer a step takes when its input doubles."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import Any

# A linear step takes about 2x when its input doubles, a quadratic one 4x. 3 leaves room for noise; each size is
# timed a few times and the fastest run counts. The time is the process's CPU time, not the wall clock: on a
# loaded 2-core machine (other jobs beside the suite) wall-clock ratios of linear steps reached 3.8-4.0.
MAX_RATIO = 3.0


def doubling_ratio(
    make: Callable[[int], Any], work: Callable[[Any], object], size: int, *, repeats: int = 3
) -> float:
    """Return the time ``work`` takes on ``make(2 * size)`` over its time on ``make(size)``, best of ``repeats``."""

    def best(n: int) -> float:
        data = make(n)
        times = []
        for _ in range(repeats):
            gc.collect()
            began = time.process_time()
            work(data)
            times.append(time.process_time() - began)
        return min(times)

    best(size)  # warm caches (compiled patterns, loaded lists) before timing
    return best(2 * size) / best(size)
