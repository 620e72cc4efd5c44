"""Group articles into stories (articles about one event or development): a pile at once, or one at a time.

:func:`cluster_stories` groups a pile with the two-stage batch clusterer of
:mod:`crossfact.crossdoc.stories_batch` (``StoriesConfig.method = "batch"``, the default), or streams it
through :class:`StoryClusterer` (``"stream"``), the path for incremental runs where earlier decisions must hold.
On ECB+ (leave-topics-out CV) the batch clusterer beats a TF-IDF + agglomerative baseline; the stream does not.

:class:`StoryClusterer` takes articles in arrival order. Each one joins the story it fits best or opens a new
story. Nothing already placed is clustered again, so an article keeps its story id once it has one. With
``method="stream"``, :func:`cluster_stories` feeds a batch in a fixed order (publication date, then article id)
and returns the stories. An article's input is its small :class:`~crossfact.model.StoryFeatures` record, which
the per-article step ``features`` (:func:`crossfact.extract.sketch.story_features`) builds from that article alone in any
worker; an article without it (one passed in bare) has it computed here.

How an article is scored against a story. Two channels, each a TF-IDF cosine whose IDF is updated as articles
arrive. A stream cannot refit a global IDF for every article; Allan, Papka and Lavrenko ("On-line New Event
Detection and Tracking", SIGIR 1998) update it incrementally in the same way.

- content: the article's hashed content words, so memory stays bounded. The first sentences count twice
  because a news lead names the event (who, what, where).
- actors: entity mentions keyed by the KB id where one was linked, else by the normalised name.

The story side of a channel is the sum of its members' length-normalised count vectors, and the current IDF
weights both sides when they are compared. The score is the weighted mean of the channel cosines over the
channels that both sides have. Time then lowers the score; it never raises it, because two earthquakes can
happen on the same day. The article's reference date is its publication date, else the date its time
expressions were resolved against. The score is lowered by the article's gap in days to the story's nearest
dated member. If the best score reaches the threshold, the article joins that story. A story whose latest
publication date is more than ``max_gap_days`` from the article's publication date is not a candidate, and each
key offers only its ``IndexConfig.postings_per_key`` most recent stories.
"""

from __future__ import annotations

import bisect
import hashlib
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from crossfact import errors
from crossfact.config import IndexConfig, StoriesConfig
from crossfact.crossdoc.stories_batch import group_articles
from crossfact.extract.sketch import story_features
from crossfact.model import Article, Corpus, Story, StoryFeatures
from crossfact.step import Step, setting

CHANNELS = ("content", "actors")


def cluster_stories(
    articles: Iterable[Article | StoryFeatures],
    *,
    config: StoriesConfig | None = None,
    index: IndexConfig | None = None,
) -> tuple[Story, ...]:
    """Return the stories of ``articles``. With ``config.method == "batch"`` (the default) the whole pile is
    grouped at once (:mod:`crossfact.crossdoc.stories_batch`); with ``"stream"`` the articles are fed to a
    :class:`StoryClusterer` by publication date, then article id, with undated articles after dated ones.
    Input order does not change the result.

    An article's ``features`` are used when present, else computed from its text with ``config``.
    """
    config = config or StoriesConfig()
    clusterer = StoryClusterer(config=config, index=index)
    features = sorted((clusterer.features_of(item) for item in articles), key=arrival_key)
    if config.method == "stream":
        for item in features:
            clusterer.add(item)
        return clusterer.stories()
    # Batch: the groups are decided on the whole pile; the clusterer only keeps the books (ids, labels), each
    # story opened by its first member in arrival order.
    opener: dict[int, str] = {}
    for group in group_articles(features, config):
        for position in group:
            opener[position] = features[group[0]].article
    for position, item in enumerate(features):
        clusterer.place(
            item, clusterer.story_of(opener[position]) if opener[position] != item.article else None
        )
    return clusterer.stories()


def arrival_key(features: StoryFeatures) -> tuple[bool, date, str]:
    """Return the sort key of :func:`cluster_stories`: dated articles first, by date, then by article id."""
    return (features.published is None, features.published or date.min, features.article)


class StoryClusterer:
    """Put each added article into the best-matching earlier story or a new one. No decision is ever revisited.

    Feed articles with :meth:`add` (an :class:`~crossfact.model.Article` or its :class:`StoryFeatures`) and read
    the stories so far with :meth:`stories`. The same articles in the same order always give the same stories.
    A story's id comes from the article that opened it.
    """

    def __init__(self, *, config: StoriesConfig | None = None, index: IndexConfig | None = None) -> None:
        self.config = config or StoriesConfig()
        self.config.check()
        self.postings_per_key = (index or IndexConfig()).postings_per_key
        if self.postings_per_key <= 0:
            raise ValueError(errors.STORIES_BAD_POSTINGS.format(value=self.postings_per_key))
        weights = (self.config.content_weight, self.config.actor_weight)
        self._channels = {name: _Channel(weight) for name, weight in zip(CHANNELS, weights, strict=True)}
        self._stories: list[_Story] = []
        self._by_id: dict[str, _Story] = {}
        self._story_of: dict[str, str] = {}
        # Candidate stories come from an inverted index: (channel, key id) -> the stories whose members were
        # indexed under that key. A member is indexed by its top content terms and all its actors.
        self._postings: dict[tuple[str, int], list[int]] = defaultdict(list)

    def __len__(self) -> int:
        return len(self._stories)

    def story_of(self, article_id: str) -> str:
        """Return the story id given to an added article."""
        return self._story_of[article_id]

    def add(self, article: Article | StoryFeatures) -> str:
        """Put the article into a story and return that story's id. Adding the same article again changes nothing."""

        def nearest(features: StoryFeatures, vectors: _Vectors) -> _Story:
            best, best_score = self._best_story(features, vectors)
            return best if best is not None and best_score >= self.config.threshold else self._open(features)

        return self._settle(article, nearest)

    def place(self, article: Article | StoryFeatures, story_id: str | None) -> str:
        """Put the article into the given story, or a new one when ``story_id`` is None, and return the story's
        id: the batch clusterer decides, this keeps the books."""

        def given(features: StoryFeatures, vectors: _Vectors) -> _Story:
            return self._open(features) if story_id is None else self._by_id[story_id]

        return self._settle(article, given)

    def _settle(
        self, article: Article | StoryFeatures, choose: Callable[[StoryFeatures, _Vectors], _Story]
    ) -> str:
        """Count the article's terms, put it into the story ``choose`` picks and return that story's id (an
        article already placed keeps its story)."""
        features = self.features_of(article)
        known = self._story_of.get(features.article)
        if known is not None:
            return known
        vectors = self._vectors(features, grow=True)
        for name, (ids, _) in vectors.items():
            if len(ids):
                self._channels[name].count(ids)
        story = choose(features, vectors)
        self._join(story, features, vectors)
        return story.id

    def score(self, article: Article | StoryFeatures, story_id: str) -> float:
        """Return the score an article not yet added would get against a story now. Nothing is added, and keys
        that no added article has are left out."""
        features = self.features_of(article)
        return self._score(features, self._vectors(features, grow=False), self._by_id[story_id])

    def stories(self) -> tuple[Story, ...]:
        """Return the stories so far, in the order they were opened."""
        return tuple(Story(story.id, self._label(story), tuple(story.articles)) for story in self._stories)

    # -- scoring -------------------------------------------------------------------------------------------------

    def features_of(self, article: Article | StoryFeatures) -> StoryFeatures:
        """Return the story features of an article (its own, else computed from its text) or the features
        given; raise ValueError when they were built for another hash size."""
        if isinstance(article, StoryFeatures):
            features = article
        elif article.features is not None:
            features = article.features
        else:
            return story_features(article, config=self.config)
        if features.n_features != self.config.n_features:
            raise ValueError(
                errors.STORIES_FEATURES_MISMATCH.format(
                    article=features.article, built=features.n_features, used=self.config.n_features
                )
            )
        return features

    def _vectors(self, features: StoryFeatures, *, grow: bool) -> _Vectors:
        return {
            "content": self._channels["content"].vector(features.terms, grow=grow),
            "actors": self._channels["actors"].vector(features.actors, grow=grow),
        }

    def _best_story(self, features: StoryFeatures, vectors: _Vectors) -> tuple[_Story | None, float]:
        # Each key offers only its most recently opened stories, and only the stories sharing the most keys are
        # scored: a key in thousands of stories ("mln", "United States") discriminates nothing, and without
        # these bounds the work per article grows with the corpus (benchmarks/bench_crossdoc_scale.py).
        hits: Counter[int] = Counter()
        for key in self._salient(vectors):
            hits.update(self._postings.get(key, [])[-self.postings_per_key :])
        shortlist = sorted(hits, key=lambda order: (-hits[order], order))[: self.config.scored_candidates]
        best: _Story | None = None
        best_score = -1.0
        # In opening order, so that of two equal scores the older story wins, whatever the set order is.
        for order in sorted(shortlist):
            story = self._stories[order]
            if not self._in_window(features.published, story.last_published):
                continue
            score = self._score(features, vectors, story)
            if score > best_score:
                best, best_score = story, score
        return best, best_score

    def _salient(self, vectors: _Vectors) -> list[tuple[str, int]]:
        """Return the keys an article is indexed and looked up by: its top content terms by TF-IDF, and every
        actor it names."""
        ids, values = vectors["content"]
        weights = values * self._channels["content"].idf(ids)
        # Highest weight first. The key id breaks ties, so the choice is deterministic.
        top = np.lexsort((ids, -weights))[: self.config.candidate_terms]
        return [("content", int(ids[i])) for i in top] + [("actors", int(i)) for i in vectors["actors"][0]]

    def _in_window(self, published: date | None, last: date | None) -> bool:
        if published is None or last is None:
            return True
        return abs((published - last).days) <= self.config.max_gap_days

    def _score(self, features: StoryFeatures, vectors: _Vectors, story: _Story) -> float:
        """Return the weighted mean of the channel cosines, multiplied by the time factor."""
        total = weights = 0.0
        for name, channel in self._channels.items():
            ids, values = vectors[name]
            summed = story.sums[name]
            if channel.weight <= 0 or not len(ids) or not summed.values:
                continue
            total += channel.weight * _cosine(channel, ids, values, *summed.arrays())
            weights += channel.weight
        if not weights:
            return 0.0
        return total / weights * self._time_factor(features.date, story.dates)

    def _time_factor(self, day: date | None, dates: list[date]) -> float:
        """Return 1 when the article or the story has no date. Otherwise the factor falls towards
        ``1 - time_weight`` as the gap grows: ``1 - time_weight * (1 - exp(-gap / time_scale_days))``, where gap
        is the days to the story's nearest dated member."""
        if day is None or not dates or self.config.time_weight <= 0:
            return 1.0
        at = bisect.bisect_left(dates, day)
        gap = min(abs((dates[i] - day).days) for i in (at - 1, at) if 0 <= i < len(dates))
        return 1.0 - self.config.time_weight * (1.0 - math.exp(-gap / self.config.time_scale_days))

    # -- bookkeeping ---------------------------------------------------------------------------------------------

    def _open(self, features: StoryFeatures) -> _Story:
        digest = hashlib.sha1(features.article.encode("utf-8")).hexdigest()[:12]
        story = _Story(id=f"story-{digest}", order=len(self._stories))
        self._stories.append(story)
        self._by_id[story.id] = story
        return story

    def _join(self, story: _Story, features: StoryFeatures, vectors: _Vectors) -> None:
        story.articles.append(features.article)
        self._story_of[features.article] = story.id
        for name, (ids, values) in vectors.items():
            if len(ids):
                story.sums[name].add(ids, values)
        for key in self._salient(vectors):
            postings = self._postings[key]
            if not postings or postings[-1] != story.order:
                postings.append(story.order)
        if features.published is not None and (
            story.last_published is None or features.published > story.last_published
        ):
            story.last_published = features.published
        if features.date is not None:
            bisect.insort(story.dates, features.date)
        if features.title is not None:
            titled = (features.published, features.title)
            if story.title is None or _earlier(titled[0], story.title[0]):
                story.title = titled
        for actor, name in features.names:
            story.names.setdefault(actor, Counter())[name] += 1
        for index, word in features.words:
            story.words.setdefault(index, word)

    def _label(self, story: _Story) -> str:
        """Return the earliest title in the story. Without one, return the top names and words by TF-IDF."""
        if story.title is not None:
            return _shorten(story.title[1], self.config.label_max_chars)
        keys = self._top_keys(story, "actors", lambda key: key in story.names)
        names = [story.names[key].most_common(1)[0][0] for key in keys[: self.config.label_names]]
        in_names = {word.lower() for name in names for word in name.split()}
        ranked = self._top_keys(story, "content", lambda key: key in story.words)
        words = [story.words[key] for key in ranked if story.words[key] not in in_names]
        parts = (", ".join(names), ", ".join(words[: self.config.label_words]))
        return _shorten(": ".join(part for part in parts if part) or story.id, self.config.label_max_chars)

    def _top_keys(self, story: _Story, name: str, keep: Callable[[object], bool]) -> list[object]:
        """Return the story's keys in one channel that ``keep`` accepts, highest summed TF-IDF first."""
        channel = self._channels[name]
        ids, values = story.sums[name].arrays()
        weights = values * channel.idf(ids)
        keys = [channel.keys[int(ids[i])] for i in np.lexsort((ids, -weights))]
        return [key for key in keys if keep(key)]


# -- state -------------------------------------------------------------------------------------------------------

_Vectors = dict[str, tuple[np.ndarray, np.ndarray]]


@dataclass(slots=True)
class _Channel:
    """One channel's vocabulary (key -> dense id) and document frequencies, updated as articles arrive."""

    weight: float
    ids: dict[object, int] = field(default_factory=dict)
    keys: list[object] = field(default_factory=list)
    df: np.ndarray = field(default_factory=lambda: np.zeros(1024))
    docs: int = 0
    # A dense row that holds the article's weights while the article is compared with stories.
    scratch: np.ndarray = field(default_factory=lambda: np.zeros(1024))

    def vector(self, pairs: Iterable[tuple[object, float]], *, grow: bool) -> tuple[np.ndarray, np.ndarray]:
        """Return (ids, values) for an article's key/value pairs. Unseen keys are added when ``grow`` is true
        and dropped otherwise."""
        ids: list[int] = []
        values: list[float] = []
        for key, value in pairs:
            index = self.ids.get(key)
            if index is None:
                if not grow:
                    continue
                index = self.ids[key] = len(self.keys)
                self.keys.append(key)
            ids.append(index)
            values.append(value)
        if len(self.keys) > len(self.df):
            size = max(len(self.keys), 2 * len(self.df))
            self.df = np.concatenate([self.df, np.zeros(size - len(self.df))])
            self.scratch = np.zeros(size)
        return np.asarray(ids, dtype=np.int64), np.asarray(values, dtype=np.float64)

    def count(self, ids: np.ndarray) -> None:
        self.docs += 1
        self.df[ids] += 1

    def idf(self, ids: np.ndarray) -> np.ndarray:
        # The smoothed IDF of scikit-learn's TfidfVectorizer(smooth_idf=True): never zero, and defined for a
        # key no article has yet.
        idf: np.ndarray = np.log((1 + self.docs) / (1 + self.df[ids])) + 1.0
        return idf


@dataclass(slots=True)
class _Sum:
    """The sum of a story's members' length-normalised vectors in one channel, indexed by channel key id."""

    values: dict[int, float] = field(default_factory=dict)
    _arrays: tuple[np.ndarray, np.ndarray] | None = None

    def add(self, ids: np.ndarray, values: np.ndarray) -> None:
        norm = float(np.sqrt(values @ values))
        for index, value in zip(ids.tolist(), (values / norm).tolist(), strict=True):
            self.values[index] = self.values.get(index, 0.0) + value
        self._arrays = None

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        if self._arrays is None:
            ids = np.fromiter(self.values.keys(), dtype=np.int64, count=len(self.values))
            values = np.fromiter(self.values.values(), dtype=np.float64, count=len(self.values))
            self._arrays = (ids, values)
        return self._arrays


@dataclass(slots=True)
class _Story:
    """One story: its members, per-channel sums, dates, and the parts of its label."""

    id: str
    order: int
    articles: list[str] = field(default_factory=list)
    sums: dict[str, _Sum] = field(default_factory=lambda: {name: _Sum() for name in CHANNELS})
    last_published: date | None = None
    dates: list[date] = field(default_factory=list)
    title: tuple[date | None, str] | None = None
    names: dict[object, Counter[str]] = field(default_factory=dict)
    words: dict[object, str] = field(default_factory=dict)


# -- helpers -----------------------------------------------------------------------------------------------------


def _cosine(
    channel: _Channel, ids: np.ndarray, values: np.ndarray, story_ids: np.ndarray, story_values: np.ndarray
) -> float:
    """Return the cosine of the article and story vectors, both weighted by the channel's current IDF."""
    weights = values * channel.idf(ids)
    story_weights = story_values * channel.idf(story_ids)
    norm = float(np.sqrt(weights @ weights)) * float(np.sqrt(story_weights @ story_weights))
    if norm == 0:
        return 0.0
    scratch = channel.scratch
    scratch[ids] = weights
    dot = float(scratch[story_ids] @ story_weights)
    scratch[ids] = 0.0
    return dot / norm


def _earlier(a: date | None, b: date | None) -> bool:
    return a is not None and (b is None or a < b)


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


STEP: Step[Corpus] = Step(
    "stories",
    "corpus",
    setting(
        "stories",
        lambda corpus, config, resources: cluster_stories(
            corpus.articles, config=config.stories, index=config.index
        ),
    ),
    requires=("article.features", "corpus.articles"),
    assigns=("corpus.stories",),
    section="stories",
    method="two-stage-average-link",
)
