"""Choose a baseline's score threshold on data and score it out of sample (grouped cross-validation).

A threshold chosen on the pairs it is scored on flatters a baseline. Each claims evaluation therefore prints the
cross-validated figure as its headline (threshold chosen on the other folds, applied to the held-out fold, the
held-out predictions pooled) and the in-sample "oracle" figure only as a labelled upper bound.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

Metric = Literal["f1", "accuracy"]


@dataclass(frozen=True, slots=True)
class Binary:
    """Counts and figures of a binary decision against gold."""

    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp else 0.0

    @property
    def accuracy(self) -> float:
        total = self.tp + self.fp + self.fn + self.tn
        return (self.tp + self.tn) / total if total else 0.0

    def as_dict(self) -> dict[str, float]:
        """Return the counts and the four figures (rounded to 4 places) as plain data."""
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "tn": self.tn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "accuracy": round(self.accuracy, 4),
        }


def score_binary(gold: Sequence[bool], predicted: Sequence[bool]) -> Binary:
    """Return the confusion counts of ``predicted`` against ``gold``."""
    g = np.asarray(gold, dtype=bool)
    p = np.asarray(predicted, dtype=bool)
    if g.shape != p.shape:
        raise ValueError(f"{g.size} gold labels but {p.size} predictions")
    return Binary(int((g & p).sum()), int((~g & p).sum()), int((g & ~p).sum()), int((~g & ~p).sum()))


def best_threshold(scores: Sequence[float], gold: Sequence[bool], *, metric: Metric) -> float:
    """Return the threshold ``t`` (predict positive when score ≥ t) with the best ``metric`` on these pairs.

    Every distinct score is a candidate, plus "above all" (predict nothing); ties go to the higher threshold.
    """
    s = np.asarray(scores, dtype=float)
    g = np.asarray(gold, dtype=bool)
    if s.size == 0:
        return float("inf")
    order = np.argsort(-s, kind="stable")
    s, g = s[order], g[order]
    # The cut after position i predicts the i+1 highest scores; only the last of a run of equal scores is a cut.
    last = np.r_[s[1:] != s[:-1], True]
    tp = np.cumsum(g)[last]
    fp = np.cumsum(~g)[last]
    positives, total = int(g.sum()), s.size
    fn = positives - tp
    if metric == "f1":
        values = np.where(tp > 0, 2 * tp / np.maximum(2 * tp + fp + fn, 1), 0.0)
        none = 0.0
    else:
        values = (tp + (total - positives - fp)) / total
        none = (total - positives) / total
    best = int(np.argmax(values))
    return float(s[last][best]) if values[best] > none else float("inf")


def cross_validate(
    scores: Sequence[float], gold: Sequence[bool], groups: Sequence[str], *, metric: Metric
) -> tuple[list[bool], dict[str, float]]:
    """Return held-out predictions (threshold fit on the other groups for each group) and each group's threshold."""
    s = np.asarray(scores, dtype=float)
    g = np.asarray(gold, dtype=bool)
    labels = np.asarray(groups, dtype=object)
    predicted = np.zeros(s.size, dtype=bool)
    thresholds = {}
    for group in sorted(set(groups)):
        held = labels == group
        threshold = best_threshold(s[~held].tolist(), g[~held].tolist(), metric=metric)
        thresholds[group] = threshold
        predicted[held] = s[held] >= threshold
    return predicted.tolist(), thresholds
