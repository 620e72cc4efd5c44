"""The batch story clusterer compares every pair of a small pile, whatever each article's top terms are."""

from __future__ import annotations

import dataclasses

from crossfact.config import StoriesConfig
from crossfact.crossdoc.stories_batch import group_articles
from crossfact.model import StoryFeatures


def _features(name: str, terms: dict[int, float], actor: str) -> StoryFeatures:
    return StoryFeatures(name, 1, None, None, None, tuple(sorted(terms.items())), ((actor, 1.0),), 1 << 20)


def test_group_articles_finds_two_events_when_every_top_term_is_an_articles_own() -> None:
    # Four reports on one topic (ten words all share), two events (ten words and a person each pair shares), and
    # 40 words of each report's own. In a pile this small, rarity makes every report's top 30 terms its own words, so
    # blocking on top terms alone would never compare any two of them.
    topic = {column: 5.0 for column in range(10)}
    events = [{100 + 10 * (n // 2) + column: 3.0 for column in range(10)} for n in range(4)]
    own = [{1000 * (n + 1) + column: 3.0 for column in range(40)} for n in range(4)]
    pile = [_features(f"art-{n}", topic | events[n] | own[n], f"person:{n // 2}") for n in range(4)]
    assert group_articles(pile, StoriesConfig()) == [[0, 1], [2, 3]]
    # With blocking forced on (as for a large pile) nothing would be compared at all.
    blocked = dataclasses.replace(StoriesConfig(), exact_pairs=0)
    assert group_articles(pile, blocked) == [[0], [1], [2], [3]]
