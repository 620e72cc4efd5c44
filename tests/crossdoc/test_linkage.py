"""Average linkage: clusters hold together as a whole, never through a chain of pairwise links."""

from __future__ import annotations

from crossfact.crossdoc.linkage import average_linkage


def test_linkage_does_not_chain_through_one_strong_link() -> None:
    # 0-1 and 2-3 are tight pairs; one bridge 1-2 must not make the four one cluster.
    scores = [(0, 1, 0.9), (2, 3, 0.9), (1, 2, 0.8)]
    assert average_linkage(4, scores, threshold=0.5) == [0, 0, 2, 2]


def test_linkage_joins_a_cluster_that_holds_together() -> None:
    scores = [(0, 1, 0.9), (0, 2, 0.8), (1, 2, 0.7), (2, 3, 0.2)]
    assert average_linkage(4, scores, threshold=0.5) == [0, 0, 0, 3]


def test_linkage_respects_cannot_link() -> None:
    scores = [(0, 1, 0.99)]
    assert average_linkage(2, scores, threshold=0.5, cannot_link=[(0, 1)]) == [0, 1]


def test_linkage_result_does_not_depend_on_input_order() -> None:
    scores = [(0, 1, 0.9), (2, 3, 0.9), (1, 2, 0.8), (0, 3, 0.6), (4, 0, 0.55)]
    assert average_linkage(5, scores, threshold=0.5) == average_linkage(5, scores[::-1], threshold=0.5)
