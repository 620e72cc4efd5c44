"""Group articles into stories (articles about one event or development), one article at a time.

:class:`StoryClusterer` takes articles in arrival order. Each one joins the story it fits best or opens a new
story. Nothing already placed is clustered again, so an article keeps its story id once it has one.
:func:`cluster_stories` feeds a batch in a fixed order (publication date, then article id) and returns the
stories. An article's input is a small :class:`StoryFeatures` record that :func:`story_features` builds from
that article alone, so this part can run in any worker.

How an article is scored against a story. Two channels, each a TF-IDF cosine whose IDF is updated as articles
arrive. A stream cannot refit a global IDF for every article; Allan, Papka and Lavrenko ("On-line New Event
Detection and Tracking", SIGIR 1998) update it incrementally in the same way.

- content: words from scikit-learn's ``HashingVectorizer`` analyser (English stop words removed), hashed into a
  fixed space with the MurmurHash3 index that ``HashingVectorizer.transform`` uses, so memory stays bounded.
  The first sentences count twice because a news lead names the event (who, what, where).
- actors: entity mentions keyed by the KB id where one was linked, else by the normalised name. A person is
  keyed by surname, so "Lindsay Lohan" and "Lohan" meet.

The story side of a channel is the sum of its members' length-normalised count vectors, and the current IDF
weights both sides when they are compared. The score is the weighted mean of the channel cosines over the
channels that both sides have. Time then lowers the score; it never raises it, because two earthquakes can
happen on the same day. The article's reference date is its publication date, else the date its time
expressions were resolved against. The score is lowered by the article's gap in days to the story's nearest
dated member. If the best score reaches the threshold, the article joins that story. A story whose latest
publication date is more than ``max_gap_days`` from the article's publication date is not a candidate.
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import TypeVar

import numpy as np

from crossfact import lang
from crossfact.config import StoriesConfig
from crossfact.model import Article, Corpus, Story
from crossfact.split import split_text
from crossfact.step import Step, setting

K = TypeVar("K")
FEATURES_VERSION = 1
CHANNELS = ("content", "actors")
# Entity labels that name a participant or a place of an event (all the labels kept as entities); dates and
# numbers go to the time factor.
ACTOR_LABELS = lang.words("entity_labels")
# Words kept per article only for the story label, the most frequent first. They take no part in clustering.
_LABEL_WORDS_PER_ARTICLE = 12
_LABEL_NAMES = 2
_LABEL_WORDS = 3
_LABEL_MAX_CHARS = 90
_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_THE = re.compile(r"^the\s+", re.IGNORECASE)

# Messages for a config that cannot be used. They move to crossfact.errors with the others once stories is
# wired in; this module's owner may not edit that file.
BAD_THRESHOLD = "stories.threshold must be between 0 and 1, got {value}"
BAD_WEIGHTS = "stories.content_weight and stories.actor_weight must be >= 0 and not both 0, got {value}"
BAD_TIME = "stories.time_weight must be in [0, 1] and stories.time_scale_days > 0, got {weight} and {scale}"
BAD_POSITIVE = "stories.{key} must be a positive integer, got {value}"
FEATURES_MISMATCH = (
    "story features of {article} were built with n_features={built}, but this clusterer uses {used}: "
    "build them with the clusterer's StoriesConfig"
)


@dataclass(frozen=True, slots=True)
class StoryFeatures:
    """What story clustering keeps of one article: hashed word weights, actor keys and a reference date.

    ``date`` is the publication date, else a date taken from the article's time expressions. ``words``
    (hashed index, word) and ``names`` (actor key, fullest name given) are used only for story labels.
    """

    article: str
    published: date | None
    date: date | None
    title: str | None
    terms: tuple[tuple[int, float], ...]
    actors: tuple[tuple[str, float], ...]
    n_features: int
    words: tuple[tuple[int, str], ...] = ()
    names: tuple[tuple[str, str], ...] = ()
    version: int = FEATURES_VERSION


def story_features(article: Article, *, config: StoriesConfig | None = None) -> StoryFeatures:
    """Return the story-clustering features of one article, read from its title, cleaned text, mentions and times."""
    config = config or StoriesConfig()
    _check_config(config)
    analyse = _analyser()
    text = article.text
    title = article.title.strip() if article.title and article.title.strip() else None
    if title is not None and title not in text[: len(title) + 200]:
        text = f"{title}\n{text}"
    words = Counter(analyse(text))
    sentences = article.sentences or tuple(split_text(article.text))
    if sentences and config.lead_sentences:
        lead_end = sentences[min(len(sentences), config.lead_sentences) - 1].end
        words.update(analyse(article.text[:lead_end]))
    terms: Counter[int] = Counter()
    for word, count in words.items():
        terms[_hash(word, config.n_features)] += count
    actors: Counter[str] = Counter()
    names: dict[str, str] = {}
    for mention in article.mentions:
        if mention.label not in ACTOR_LABELS:
            continue
        surface = _THE.sub("", _POSSESSIVE.sub("", article.text[mention.start : mention.end]).strip())
        key = _actor_key(surface, mention.label, mention.kb_id)
        if key is None:
            continue
        actors[key] += 1
        if len(surface) > len(names.get(key, "")):
            names[key] = surface
    top_words = sorted(words.items(), key=lambda item: (-item[1], item[0]))[:_LABEL_WORDS_PER_ARTICLE]
    return StoryFeatures(
        article=article.id,
        published=article.published,
        date=_reference_date(article),
        title=title,
        terms=tuple(sorted(_sublinear(terms).items())),
        actors=tuple(sorted(_sublinear(actors).items())),
        n_features=config.n_features,
        words=tuple((_hash(word, config.n_features), word) for word, _ in top_words),
        names=tuple(sorted(names.items())),
    )


def cluster_stories(
    articles: Iterable[Article | StoryFeatures], *, config: StoriesConfig | None = None
) -> tuple[Story, ...]:
    """Return the stories of ``articles`` after feeding them to a :class:`StoryClusterer` by publication date,
    then article id, with undated articles after dated ones. Input order does not change the result."""
    config = config or StoriesConfig()
    features = [
        item if isinstance(item, StoryFeatures) else story_features(item, config=config) for item in articles
    ]
    clusterer = StoryClusterer(config=config)
    for item in sorted(features, key=arrival_key):
        clusterer.add(item)
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

    def __init__(self, *, config: StoriesConfig | None = None) -> None:
        self.config = config or StoriesConfig()
        _check_config(self.config)
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
        features = self._features(article)
        known = self._story_of.get(features.article)
        if known is not None:
            return known
        vectors = self._vectors(features, grow=True)
        for name, (ids, _) in vectors.items():
            if len(ids):
                self._channels[name].count(ids)
        best, best_score = self._best_story(features, vectors)
        story = best if best is not None and best_score >= self.config.threshold else self._open(features)
        self._join(story, features, vectors)
        return story.id

    def score(self, article: Article | StoryFeatures, story_id: str) -> float:
        """Return the score an article not yet added would get against a story now. Nothing is added, and keys
        that no added article has are left out."""
        features = self._features(article)
        return self._score(features, self._vectors(features, grow=False), self._by_id[story_id])

    def stories(self) -> tuple[Story, ...]:
        """Return the stories so far, in the order they were opened."""
        return tuple(Story(story.id, self._label(story), tuple(story.articles)) for story in self._stories)

    # -- scoring -------------------------------------------------------------------------------------------------

    def _features(self, article: Article | StoryFeatures) -> StoryFeatures:
        if not isinstance(article, StoryFeatures):
            return story_features(article, config=self.config)
        if article.n_features != self.config.n_features:
            raise ValueError(
                FEATURES_MISMATCH.format(
                    article=article.article, built=article.n_features, used=self.config.n_features
                )
            )
        return article

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
            hits.update(self._postings.get(key, [])[-self.config.postings_per_key :])
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
            return _shorten(story.title[1])
        keys = self._top_keys(story, "actors", lambda key: key in story.names)
        names = [story.names[key].most_common(1)[0][0] for key in keys[:_LABEL_NAMES]]
        in_names = {word.lower() for name in names for word in name.split()}
        ranked = self._top_keys(story, "content", lambda key: key in story.words)
        words = [story.words[key] for key in ranked if story.words[key] not in in_names]
        parts = (", ".join(names), ", ".join(words[:_LABEL_WORDS]))
        return _shorten(": ".join(part for part in parts if part) or story.id)

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


def _check_config(config: StoriesConfig) -> None:
    if not 0.0 <= config.threshold <= 1.0:
        raise ValueError(BAD_THRESHOLD.format(value=config.threshold))
    weights = (config.content_weight, config.actor_weight)
    if min(weights) < 0 or max(weights) <= 0:
        raise ValueError(BAD_WEIGHTS.format(value=weights))
    if not 0.0 <= config.time_weight <= 1.0 or config.time_scale_days <= 0:
        raise ValueError(BAD_TIME.format(weight=config.time_weight, scale=config.time_scale_days))
    for key in ("n_features", "candidate_terms", "max_gap_days", "postings_per_key", "scored_candidates"):
        if getattr(config, key) <= 0:
            raise ValueError(BAD_POSITIVE.format(key=key, value=getattr(config, key)))


@cache
def _analyser() -> Callable[[str], list[str]]:
    from sklearn.feature_extraction.text import HashingVectorizer  # type: ignore[import-untyped]

    analyser: Callable[[str], list[str]] = HashingVectorizer(
        stop_words="english", strip_accents="unicode"
    ).build_analyzer()
    return analyser


def _hash(word: str, n_features: int) -> int:
    """Return the column that ``HashingVectorizer(n_features=n_features)`` gives ``word``: abs(signed
    MurmurHash3, seed 0) mod n_features."""
    from sklearn.utils import murmurhash3_32  # type: ignore[import-untyped]

    return abs(int(murmurhash3_32(word, seed=0, positive=False))) % n_features


def _sublinear(counts: Mapping[K, int]) -> dict[K, float]:
    # 1 + log(tf), as in TfidfVectorizer(sublinear_tf=True): a word said ten times is not ten times the evidence.
    return {key: 1.0 + math.log(count) for key, count in counts.items()}


def _actor_key(surface: str, label: str, kb_id: str | None) -> str | None:
    if kb_id:
        return kb_id
    words = surface.replace(".", "").replace("’", "'").lower().split()
    if not words:
        return None
    # NER gives one name different labels in different articles ("Klitschko" as PERSON, NORP or ORG), so the
    # label is left out of the key. A person is keyed by surname.
    return f"name:{words[-1]}" if label == "PERSON" else f"name:{' '.join(words)}"


def _reference_date(article: Article) -> date | None:
    """Return the publication date. Failing that, return the date the article's times were resolved against,
    or else the latest full date it states. Either stands in for the unknown publication date as a lower
    bound, as in :mod:`crossfact.extract.times`."""
    if article.published is not None:
        return article.published
    inferred = {
        expression.anchor.removeprefix("inferred:")
        for expression in article.times
        if expression.anchor and expression.anchor.startswith("inferred:")
    }
    stated = {
        expression.value[:10]
        for expression in article.times
        if expression.type in ("DATE", "TIME")
        and expression.anchor is None
        and _FULL_DATE.match(expression.value)
    }
    for text in sorted(inferred or stated, reverse=True):
        with contextlib.suppress(ValueError):  # a TIMEX3 value such as 2025-02-30 is no calendar date
            return date.fromisoformat(text[:10])
    return None


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


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _LABEL_MAX_CHARS else text[: _LABEL_MAX_CHARS - 1].rstrip() + "…"


STEP: Step[Corpus] = Step(
    "stories",
    "corpus",
    setting(
        "stories", lambda corpus, config, resources: cluster_stories(corpus.articles, config=config.stories)
    ),
    requires=("article.text", "article.sentences", "article.mentions", "article.times", "corpus.entities"),
    assigns=("corpus.stories",),
    section="stories",
    method="stream-tfidf",
)
