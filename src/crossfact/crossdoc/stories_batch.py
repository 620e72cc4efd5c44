"""Group a whole pile of articles into stories at once: topics first, then the events inside each topic.

:func:`group_articles` returns groups of article positions; :func:`crossfact.crossdoc.stories.cluster_stories`
turns them into :class:`~crossfact.model.Story` records when ``StoriesConfig.method`` is ``"batch"`` (the default
for a pile; the one-pass :class:`~crossfact.crossdoc.stories.StoryClusterer` stays for incremental runs).

Why two stages. Two happenings of one kind (two earthquakes, two rehab check-ins) share most of their words,
so one cosine over words cannot both keep a topic together and keep its events apart. Stage 1 joins articles
into topics by average link over the weighted mean of the content and actor cosines, with IDF over the whole
pile. Stage 2 recomputes IDF inside each topic cluster, ``log((1 + n) / (1 + df))`` without the usual ``+ 1``,
so a word every article of the topic uses weighs nothing, and what is left is what tells the events apart:
names, places, rare words, and the calendar keys (year, month, day) of the stated and published dates. Average
link on that similarity splits the topic into events.

Cost. A pile of at most ``exact_pairs`` articles is one dense block: every pair is compared. In a larger pile,
articles are compared only when they share one of their top content terms (a key held by more than
``block_key_docs`` articles is skipped): about ``n * candidate_terms`` postings. Average link never joins two
clusters unless some pair between them reaches the threshold, so it runs exactly inside each connected component
of the candidate pairs at ``topic_threshold``, dense and quadratic in the component's size only; a component
larger than ``max_block`` is cut at a higher threshold first. Stage 2 is quadratic in each topic's size.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped]
from scipy.cluster.hierarchy import fcluster, linkage  # type: ignore[import-untyped]
from scipy.sparse.csgraph import connected_components  # type: ignore[import-untyped]

from crossfact.config import StoriesConfig
from crossfact.model import StoryFeatures


def group_articles(features: Sequence[StoryFeatures], config: StoriesConfig) -> list[list[int]]:
    """Return the stories of ``features`` as lists of positions into it, each list ascending, ordered by first
    position. The result depends only on the order of ``features``."""
    if not features:
        return []
    content = _matrix(item.terms for item in features)
    actors = _matrix(item.actors for item in features)
    when = _matrix(item.when for item in features)
    topic_content = _normalise(_weigh(content, _idf(content, smooth=True)))
    topic_actors = _normalise(_weigh(actors, _idf(actors, smooth=True)))
    groups: list[list[int]] = []
    for block in _blocks(topic_content, topic_actors, config):
        for topic in _average_link(
            block, _topic_similarity(topic_content, topic_actors, block, config), config.topic_threshold
        ):
            groups.extend(_events(topic, (content, actors, when), features, config))
    return sorted((sorted(group) for group in groups), key=lambda group: group[0])


# -- stage 1: topics ---------------------------------------------------------------------------------------------


def _topic_similarity(
    content: sp.csr_matrix, actors: sp.csr_matrix, members: np.ndarray, config: StoriesConfig
) -> np.ndarray:
    weight = config.topic_actor_weight
    rows_c, rows_a = content[members], actors[members]
    dense: np.ndarray = ((rows_c @ rows_c.T) + weight * (rows_a @ rows_a.T)).toarray() / (1.0 + weight)
    return dense


def _blocks(content: sp.csr_matrix, actors: sp.csr_matrix, config: StoriesConfig) -> list[np.ndarray]:
    """Return the connected components of the candidate pairs whose topic similarity reaches the threshold."""
    n = content.shape[0]
    if n <= config.exact_pairs:
        # Small enough to compare every pair: no candidate pair can be missed. A tiny pile needs it: pile IDF
        # makes each article's top terms its own words (none of seed 000's top 30 was among the other four seeds'
        # top 30, so 000 was never compared, though its topic similarity to 001 is 0.33, above 0.05).
        return [np.arange(n)]
    keys = _salient(content, config.candidate_terms)
    # A key most articles share ("said") would make every pair a candidate and tells nothing.
    frequent = np.asarray(keys.sum(axis=0)).ravel() > config.block_key_docs
    keys = keys[:, ~frequent] if frequent.any() else keys
    pairs = sp.triu(keys @ keys.T, k=1).tocoo()
    rows, cols = pairs.row, pairs.col
    weight = config.topic_actor_weight
    similarity = (
        np.asarray(content[rows].multiply(content[cols]).sum(axis=1)).ravel()
        + weight * np.asarray(actors[rows].multiply(actors[cols]).sum(axis=1)).ravel()
    ) / (1.0 + weight)
    return _components(np.arange(n), rows, cols, similarity, config.topic_threshold, config.max_block)


def _components(
    members: np.ndarray,
    rows: np.ndarray,
    cols: np.ndarray,
    similarity: np.ndarray,
    threshold: float,
    limit: int,
) -> list[np.ndarray]:
    keep = similarity >= threshold
    rows, cols, similarity = rows[keep], cols[keep], similarity[keep]
    position = {int(member): index for index, member in enumerate(members)}
    local_rows = np.fromiter((position[int(r)] for r in rows), dtype=np.int64, count=len(rows))
    local_cols = np.fromiter((position[int(c)] for c in cols), dtype=np.int64, count=len(cols))
    graph = sp.coo_matrix((np.ones(len(rows)), (local_rows, local_cols)), shape=(len(members), len(members)))
    count, labels = connected_components(graph, directed=False)
    blocks: list[np.ndarray] = []
    for label in range(count):
        block = members[labels == label]
        if len(block) <= limit:
            blocks.append(block)
            continue
        # Too big for a dense block: cut it at a higher threshold (an approximation only piles this large see).
        inside = np.isin(rows, block) & np.isin(cols, block)
        higher = max(threshold * 1.5, threshold + 0.01)
        blocks.extend(_components(block, rows[inside], cols[inside], similarity[inside], higher, limit))
    return blocks


def _salient(matrix: sp.csr_matrix, top: int) -> sp.csr_matrix:
    """Return a 0/1 matrix marking each row's ``top`` highest-weighted columns (ties broken by column)."""
    rows: list[int] = []
    cols: list[int] = []
    for row in range(matrix.shape[0]):
        start, end = matrix.indptr[row], matrix.indptr[row + 1]
        ids, values = matrix.indices[start:end], matrix.data[start:end]
        chosen = ids[np.lexsort((ids, -values))[:top]]
        rows.extend([row] * len(chosen))
        cols.extend(chosen.tolist())
    return sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=matrix.shape)


# -- stage 2: events inside a topic ------------------------------------------------------------------------------


def _events(
    topic: np.ndarray,
    channels: tuple[sp.csr_matrix, sp.csr_matrix, sp.csr_matrix],
    features: Sequence[StoryFeatures],
    config: StoriesConfig,
) -> list[list[int]]:
    if len(topic) < 2:
        return [topic.tolist()]
    weights = (1.0, config.event_actor_weight, config.event_time_weight)
    similarity = np.zeros((len(topic), len(topic)))
    for weight, matrix in zip(weights, channels, strict=True):
        if weight <= 0:
            continue
        rows = matrix[topic]
        weighed = _weigh(rows, _idf(rows, smooth=False))
        local = _normalise(weighed)
        channel = (local @ local.T).toarray()
        # An article all of whose keys every member has (a copy in a small topic) has nothing that sets it
        # apart: it counts as like every member that has keys in this channel, not unlike them.
        has_keys = np.diff(rows.indptr) > 0
        shared_only = has_keys & _zero_rows(weighed)
        if shared_only.any():
            channel[np.ix_(shared_only, has_keys)] = 1.0
            channel[np.ix_(has_keys, shared_only)] = 1.0
        similarity += weight * channel
    similarity /= sum(weights)
    published = [features[position].published for position in topic.tolist()]
    for i, j in itertools.combinations(range(len(topic)), 2):
        # Reports published further apart than the stories window are not one event, whatever their words.
        first, second = published[i], published[j]
        if first is not None and second is not None and abs((first - second).days) > config.max_gap_days:
            similarity[i, j] = similarity[j, i] = 0.0
    return [group.tolist() for group in _average_link(topic, similarity, config.event_threshold)]


def _zero_rows(matrix: sp.csr_matrix) -> np.ndarray:
    zero: np.ndarray = np.asarray(abs(matrix).sum(axis=1)).ravel() == 0
    return zero


# -- helpers -----------------------------------------------------------------------------------------------------


def _average_link(members: np.ndarray, similarity: np.ndarray, threshold: float) -> list[np.ndarray]:
    """Return the clusters of average-link agglomeration that joins while the mean similarity reaches
    ``threshold``, in order of first member."""
    if len(members) < 2:
        return [members]
    distance = np.clip(1.0 - similarity, 0.0, None)
    condensed = distance[np.triu_indices(len(members), k=1)]
    labels = fcluster(linkage(condensed, method="average"), t=1.0 - threshold, criterion="distance")
    clusters: dict[int, list[int]] = {}
    for label, member in zip(labels.tolist(), members.tolist(), strict=True):
        clusters.setdefault(label, []).append(member)
    return [np.asarray(cluster) for cluster in sorted(clusters.values(), key=lambda cluster: cluster[0])]


def _matrix(rows: Iterable[tuple[tuple[object, float], ...]]) -> sp.csr_matrix:
    vocabulary: dict[object, int] = {}
    row_ids: list[int] = []
    col_ids: list[int] = []
    values: list[float] = []
    count = 0
    for row, pairs in enumerate(rows):
        count = row + 1
        for key, value in pairs:
            row_ids.append(row)
            col_ids.append(vocabulary.setdefault(key, len(vocabulary)))
            values.append(value)
    return sp.csr_matrix((values, (row_ids, col_ids)), shape=(count, max(len(vocabulary), 1)))


def _idf(matrix: sp.csr_matrix, *, smooth: bool) -> np.ndarray:
    # smooth: scikit-learn's smoothed IDF (+1, so no key weighs nothing), over the pile. Without it, over one
    # topic: a key every member has weighs zero, which is the point of stage 2.
    n = matrix.shape[0]
    df = np.bincount(matrix.indices, minlength=matrix.shape[1])
    idf: np.ndarray = np.log((1 + n) / (1 + df)) + (1.0 if smooth else 0.0)
    return idf


def _weigh(matrix: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    return sp.csr_matrix(matrix.multiply(idf[np.newaxis, :]))


def _normalise(matrix: sp.csr_matrix) -> sp.csr_matrix:
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ matrix)
