"""The per-article records of the cross-article steps: the reuse sketch and the story features.

Both are made per article by the steps ``sketch`` and ``features``; the cross-article steps read them instead of
the full texts, and neither is written into report.json.
"""

from __future__ import annotations

import dataclasses
import pickle
from datetime import date
from typing import Any

import pytest

from crossfact.config import Config, ReuseConfig, StoriesConfig
from crossfact.crossdoc.reuse import SKETCH_VERSION
from crossfact.crossdoc.stories import cluster_stories
from crossfact.extract.sketch import FEATURES_STEP, STEP, _hash, add_sketch, sketch_article, story_features
from crossfact.model import Anchor, StoryFeatures, TimeExpr
from crossfact.read import Meta, make_article
from crossfact.report.json import report_to_dict
from crossfact.split import split_article
from crossfact.step import load_resources

SENTENCE = (
    "Japan's defence ministry said on Tuesday it would buy 400 Tomahawk missiles from the United States, "
    "a purchase of about $2.35 billion."
)


def _article(text: str = SENTENCE) -> Any:
    return split_article(dataclasses.replace(make_article("hand-made.txt", text, Meta()), id="art-hand"))


def test_sketch_step_writes_a_compact_textless_sketch() -> None:
    article = STEP.build(Config(), load_resources(Config()))(_article())
    sketch = article.sketch
    assert sketch is not None and sketch.article == "art-hand" and sketch.version == SKETCH_VERSION
    assert len(sketch.minhash) == 4 * ReuseConfig().num_perm
    data = pickle.dumps(sketch)
    assert pickle.loads(data) == sketch and b"Tomahawk" not in data and b"missiles" not in data
    with pytest.raises(dataclasses.FrozenInstanceError):
        sketch.version = 2  # type: ignore[misc]
    assert add_sketch(_article()).sketch == sketch == sketch_article(_article())


def test_sketch_features_step_writes_the_story_features() -> None:
    article = FEATURES_STEP.build(Config(), load_resources(Config()))(_article())
    assert article.features == story_features(_article())
    assert isinstance(article.features, StoryFeatures) and article.features.article == "art-hand"
    assert not hasattr(article.features, "__dict__")  # slotted: compact per article


def test_sketch_stories_use_the_articles_own_features(seeds_report: Any) -> None:
    # The pipeline made the features per article with the run's StoriesConfig: the same as computed here.
    articles = seeds_report.articles
    assert all(article.features == story_features(article) for article in articles)
    bare = [dataclasses.replace(article, features=None) for article in articles]
    assert cluster_stories(articles) == cluster_stories(bare) == seeds_report.stories


def test_sketch_features_of_another_hash_size_are_refused(seeds_report: Any) -> None:
    article = seeds_report.articles[0]
    small = dataclasses.replace(
        article, features=story_features(article, config=StoriesConfig(n_features=2**10))
    )
    with pytest.raises(ValueError, match="n_features=1024"):
        cluster_stories([small])


def test_sketch_neither_record_is_written_into_the_report(seeds_report: Any) -> None:
    data = report_to_dict(seeds_report)
    assert all("sketch" not in article and "features" not in article for article in data["articles"])


def test_sketch_story_hash_is_the_hashing_vectorizer_column() -> None:
    from sklearn.feature_extraction.text import HashingVectorizer

    words = ["earthquake", "marrakesh", "lagarde", "deposit", "erdogan"]
    row = HashingVectorizer(n_features=2**20, alternate_sign=False, norm=None).transform([" ".join(words)])
    assert sorted(row.indices.tolist()) == sorted(_hash(word, 2**20) for word in words)


def test_sketch_story_reference_date_is_published_else_the_inferred_anchor() -> None:
    text = "The minister resigned on Tuesday."
    times = (
        TimeExpr(
            "t1", "art-x", 23, 30, "DATE", "2024-03-05", anchor=Anchor("inferred", day=date(2024, 3, 7))
        ),
    )
    undated = dataclasses.replace(make_article("x.txt", text, Meta()), id="art-x", times=times)
    assert story_features(undated).date == date(2024, 3, 7)
    dated = dataclasses.replace(undated, published=date(2024, 3, 8))
    assert story_features(dated).date == date(2024, 3, 8)
    assert story_features(dataclasses.replace(undated, times=())).date is None
