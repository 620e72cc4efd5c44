"""Average-linkage clustering over a sparse graph of pair probabilities, with cannot-link pairs.

Single linkage (joining whatever a path of pairwise links joins) chains: two fights of one boxer join through a
sentence that mentions both. Average linkage joins two clusters only when the mean probability over *all* their
cross pairs reaches the threshold, a pair never scored counting as 0, so a cluster must hold together as a whole.
Only scored pairs are stored, so the cost follows the number of candidate pairs, not the square of the items.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable


def average_linkage(
    size: int,
    scores: Iterable[tuple[int, int, float]],
    *,
    threshold: float,
    cannot_link: Iterable[tuple[int, int]] = (),
    unscored_as_zero: bool = True,
) -> list[int]:
    """Return a cluster label per item ``0..size-1`` (labels are the smallest member of each cluster).

    ``scores`` are (i, j, probability) of the scored pairs; ``cannot_link`` pairs never end in one cluster.
    With ``unscored_as_zero`` false the mean runs over the scored cross pairs only: looser, for inputs where
    candidate blocking leaves many true pairs unscored.
    """
    members: dict[int, list[int]] = {i: [i] for i in range(size)}
    sums: dict[int, dict[int, float]] = {i: {} for i in range(size)}
    scored: dict[int, dict[int, int]] = {i: {} for i in range(size)}
    forbidden: dict[int, set[int]] = {i: set() for i in range(size)}
    for i, j in cannot_link:
        if i != j:
            forbidden[i].add(j)
            forbidden[j].add(i)
    for i, j, p in scores:
        if i == j:
            continue
        sums[i][j] = sums[i].get(j, 0.0) + p
        sums[j][i] = sums[j].get(i, 0.0) + p
        scored[i][j] = scored[j][i] = scored[i].get(j, 0) + 1

    def mean(a: int, b: int) -> float:
        pairs = len(members[a]) * len(members[b]) if unscored_as_zero else scored[a].get(b, 0)
        return sums[a].get(b, 0.0) / pairs if pairs else 0.0

    heap: list[tuple[float, int, int]] = []
    for i, row in sums.items():
        for j, total in row.items():
            if i < j and total >= threshold:
                heapq.heappush(heap, (-total, i, j))
    alive = set(members)
    while heap:
        negative, a, b = heapq.heappop(heap)
        if a not in alive or b not in alive:
            continue
        current = mean(a, b)
        if abs(-negative - current) > 1e-12:
            continue  # a stale entry: the pair was pushed again with its current mean
        if current < threshold or forbidden[a] & set(members[b]):
            continue
        keep, gone = (a, b) if a < b else (b, a)
        members[keep].extend(members.pop(gone))
        forbidden[keep] |= forbidden.pop(gone)
        alive.discard(gone)
        row = sums.pop(gone)
        row.pop(keep, None)
        sums[keep].pop(gone, None)
        counted = scored.pop(gone)
        counted.pop(keep, None)
        scored[keep].pop(gone, None)
        for other, total in row.items():
            sums[keep][other] = sums[keep].get(other, 0.0) + total
            sums[other].pop(gone, None)
            sums[other][keep] = sums[keep][other]
            scored[keep][other] = scored[keep].get(other, 0) + counted.get(other, 0)
            scored[other].pop(gone, None)
            scored[other][keep] = scored[keep][other]
        for other in sums[keep]:
            value = mean(keep, other)
            if value >= threshold:
                heapq.heappush(heap, (-value, min(keep, other), max(keep, other)))
    labels = [0] * size
    for items in members.values():
        label = min(items)
        for item in items:
            labels[item] = label
    return labels
