"""The compact per-article records the cross-article steps work on: the reuse sketch and the story features.

Both are computed here, one article at a time in any worker, so that the reuse search and story clustering
never need every full text at once:

- :func:`sketch_article` (the step ``sketch``, configured by ``ReuseConfig``) reduces the cleaned text to a
  :class:`~crossfact.model.Sketch`: the MinHash of its word shingles and the hashes of its shingles, content
  words and fingerprints (quotes, multi-word names, numbers), normalised as
  :mod:`crossfact.crossdoc.reuse.tokens` folds them. No text travels in it.
- :func:`story_features` (the step ``features``, configured by ``StoriesConfig``) gives the
  :class:`~crossfact.model.StoryFeatures` that :mod:`crossfact.crossdoc.stories` clusters: content words from
  scikit-learn's ``HashingVectorizer`` analyser (stop words removed, the lead sentences counted twice), hashed
  into a fixed space with the MurmurHash3 column ``HashingVectorizer.transform`` uses; actor keys from the
  entity mentions (the KB id where one was linked, else the normalised name, a person by surname, so
  "Lindsay Lohan" and "Lohan" meet); a reference date; calendar keys of the stated and published dates; and a
  few words and names kept for story labels.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date
from functools import cache, partial
from typing import TypeVar

import numpy as np
from datasketch import MinHash  # type: ignore[import-untyped]

from crossfact import lang, timex
from crossfact.config import Config, ReuseConfig, StoriesConfig
from crossfact.crossdoc.reuse.fingerprints import find_fingerprints
from crossfact.crossdoc.reuse.tokens import (
    SKETCH_VERSION,
    hash_key,
    is_content,
    pack,
    shingles,
    stem,
    tokenize,
)
from crossfact.model import Article, Sketch, StoryFeatures
from crossfact.split import split_text
from crossfact.step import Resources, Step

K = TypeVar("K")
FEATURES_VERSION = 2
# Entity labels that name a participant or a place of an event; dates and numbers go to the time factor.
ACTOR_LABELS = lang.words("entity_labels")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_THE = re.compile(r"^the\s+", re.IGNORECASE)
# A TIMEX3 calendar value with its year ("2008", "2008-09", "2008-09-13T12:00"), or a month and day without one.
_CALENDAR = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
_MONTH_DAY = re.compile(r"^XXXX-(\d{2})-(\d{2})")


# -- the reuse sketch ----------------------------------------------------------------------------------------


def sketch_article(article: Article, *, config: ReuseConfig | None = None) -> Sketch:
    """Return the article's reuse sketch: MinHash and hashes of shingles, words and fingerprints, no text."""
    config = config or ReuseConfig()
    tokens = tokenize(article.text)
    words = [token[0] for token in tokens]
    shingled = set(shingles(words, config.shingle_words))
    minhash = MinHash(num_perm=config.num_perm, seed=config.seed, hashfunc=_identity)
    if shingled:
        minhash.update_batch(sorted(shingled))
    content = {hash_key(stem(word)) for word in words if is_content(word)}
    fingerprints = {hash_key(fingerprint.key) for fingerprint in find_fingerprints(article, config=config)}
    return Sketch(
        article=article.id,
        version=SKETCH_VERSION,
        tokens=len(tokens),
        minhash=np.asarray(minhash.hashvalues, dtype="<u4").tobytes(),
        shingles=pack(shingled),
        words=pack(content),
        fingerprints=pack(fingerprints),
    )


def add_sketch(article: Article, *, config: ReuseConfig | None = None) -> Article:
    """Return the article with its reuse sketch set."""
    return replace(article, sketch=sketch_article(article, config=config))


def _identity(value: int) -> int:
    # Shingles are hashed once, by hash_key; MinHash gets the hash values themselves.
    return value


# -- the story features --------------------------------------------------------------------------------------


def story_features(article: Article, *, config: StoriesConfig | None = None) -> StoryFeatures:
    """Return the story-clustering features of one article, read from its title, cleaned text, mentions and times."""
    config = config or StoriesConfig()
    config.check()
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
    top_words = sorted(words.items(), key=lambda item: (-item[1], item[0]))[: config.label_words_per_article]
    return StoryFeatures(
        article=article.id,
        version=FEATURES_VERSION,
        published=article.published,
        date=_reference_date(article),
        title=title,
        terms=tuple(sorted(_sublinear(terms).items())),
        actors=tuple(sorted(_sublinear(actors).items())),
        n_features=config.n_features,
        words=tuple((_hash(word, config.n_features), word) for word, _ in top_words),
        names=tuple(sorted(names.items())),
        when=tuple((key, 1.0) for key in sorted(_time_keys(article))),
    )


def add_features(article: Article, *, config: StoriesConfig | None = None) -> Article:
    """Return the article with its story features set."""
    return replace(article, features=story_features(article, config=config))


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


def _time_keys(article: Article) -> set[str]:
    """Return the calendar keys of the article's publication date and stated dates and times: the year, the
    month and the day each one gives ("y:2008", "m:2008-09", "d:2008-09-13"), or "md:09-13" without a year.
    Two happenings of one kind (two earthquakes) are told apart most reliably by when they happened."""
    values = [expression.value for expression in article.times if expression.type in ("DATE", "TIME")]
    if article.published is not None:
        values.append(article.published.isoformat())
    keys: set[str] = set()
    for value in values:
        if found := _CALENDAR.match(value):
            year, month, day = found.groups()
            keys.add(f"y:{year}")
            if month:
                keys.add(f"m:{year}-{month}")
                if day:
                    keys.add(f"d:{year}-{month}-{day}")
        elif found := _MONTH_DAY.match(value):
            keys.add(f"md:{found.group(1)}-{found.group(2)}")
    return keys


def _reference_date(article: Article) -> date | None:
    """Return the publication date. Failing that, return the date the article's times were resolved against,
    or else the latest full date it states. Either stands in for the unknown publication date as a lower
    bound, as in :mod:`crossfact.extract.times`."""
    if article.published is not None:
        return article.published
    inferred = {
        expression.anchor.day
        for expression in article.times
        if expression.anchor and expression.anchor.kind == "inferred" and expression.anchor.day
    }
    stated = {
        day
        for expression in article.times
        if expression.type in ("DATE", "TIME")
        and expression.anchor is None
        and (day := timex.day(expression.value)) is not None
    }
    return max(inferred or stated, default=None)


# -- the steps -----------------------------------------------------------------------------------------------


def _build_sketch(config: Config, resources: Resources) -> Callable[[Article], Article]:
    return partial(add_sketch, config=config.reuse)


def _build_features(config: Config, resources: Resources) -> Callable[[Article], Article]:
    config.stories.check()
    return partial(add_features, config=config.stories)


# The sketch holds no text, only hashes; the reuse search reads it with the same ReuseConfig (it checks the
# sketch's version and MinHash size).
STEP: Step[Article] = Step(
    "sketch",
    "article",
    _build_sketch,
    requires=("article.text", "article.sentences", "article.mentions", "article.quantities"),
    assigns=("article.sketch",),
    section="reuse",
    method="minhash+fingerprints",
)
# The story features: what the stories step clusters instead of the full text.
FEATURES_STEP: Step[Article] = Step(
    "features",
    "article",
    _build_features,
    requires=("article.text", "article.sentences", "article.mentions", "article.times"),
    assigns=("article.features",),
    section="stories",
    method="hashed-tfidf+actors",
)
