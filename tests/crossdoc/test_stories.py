"""Stories: articles on one event share a story, two events of one kind do not, one-by-one equals batch, ids stay."""

from __future__ import annotations

import dataclasses
import random
from datetime import date, timedelta
from pathlib import Path

import pytest

from crossfact.config import StoriesConfig, load_config
from crossfact.crossdoc.stories import StoryClusterer, arrival_key, cluster_stories
from crossfact.extract.entities import extract_mentions
from crossfact.extract.sketch import story_features
from crossfact.model import Article, Story
from crossfact.pipeline import analyze
from crossfact.read import Meta, make_article
from crossfact.split import split_article

# Three real events of September 2023 and February 2023, told as wire copy would tell them: two earthquakes
# (the same kind of event, the hard case) and a central-bank decision. The facts are the reported ones.
EVENTS = {
    "morocco-1": "A magnitude 6.8 earthquake struck Morocco's High Atlas mountains late on Friday, killing more "
    "than 2,000 people, the Interior Ministry said. The epicentre was in Al Haouz province, about 70 kilometres "
    "south-west of Marrakesh. Most of the dead were in Al Haouz and Taroudant, where mud-brick villages "
    "collapsed. Buildings in the old city of Marrakesh were also damaged.",
    "morocco-2": "Rescuers dug through the rubble of mud-brick villages in Al Haouz on Sunday as the death toll "
    "from Morocco's earthquake rose above 2,100, the Interior Ministry said. King Mohammed VI declared three days "
    "of national mourning. The magnitude 6.8 quake struck the High Atlas late on Friday. Roads into the "
    "mountains south of Marrakesh were blocked by fallen rocks.",
    "morocco-3": "Spain and Britain sent search-and-rescue teams to Morocco after the earthquake in the High "
    "Atlas, which killed more than 2,100 people. Survivors in Al Haouz province slept in the open for a third "
    "night. Morocco said it had accepted offers of help from Spain, Britain, Qatar and the United Arab Emirates. "
    "King Mohammed VI visited the injured in a Marrakesh hospital.",
    "turkey-1": "A magnitude 7.8 earthquake struck southern Turkey near the Syrian border before dawn on Monday, "
    "toppling thousands of buildings in Gaziantep, Kahramanmaras and Hatay. Hours later a second quake of "
    "magnitude 7.5 hit the same region. The death toll in Turkey and Syria rose above 4,000 by Monday night. "
    "Rescuers searched the rubble in freezing rain.",
    "turkey-2": "President Recep Tayyip Erdogan declared a three-month state of emergency in ten provinces hit "
    "by Monday's earthquake, as the death toll in Turkey and Syria passed 5,000. The magnitude 7.8 quake struck "
    "near Gaziantep. Erdogan said 70 countries had offered help. In Hatay, rescuers pulled survivors from "
    "collapsed apartment blocks.",
    "turkey-3": "Rescuers in Hatay and Kahramanmaras pulled survivors from collapsed apartment blocks for a "
    "second day after the earthquake in southern Turkey, as the death toll in Turkey and Syria passed 7,000. "
    "President Recep Tayyip Erdogan declared a state of emergency in ten provinces. The magnitude 7.8 quake was "
    "the strongest to hit Turkey since 1939.",
    "ecb-1": "The European Central Bank raised its deposit rate to a record 4% on Thursday, its tenth "
    "consecutive increase, to fight inflation in the euro area. ECB President Christine Lagarde said rates had "
    "reached levels that would make a substantial contribution to bringing inflation back to target. The bank "
    "cut its growth forecasts for the euro zone.",
    "ecb-2": "Christine Lagarde signalled that the European Central Bank's rate increases may be over after the "
    "bank lifted its deposit rate to 4% on Thursday. It was the tenth rate rise in a row. Markets in Frankfurt "
    "read the decision as a dovish hike, and the euro fell against the dollar.",
    "ecb-3": "Euro zone bond yields fell after the European Central Bank raised its deposit rate to 4%, its "
    "tenth increase, and hinted that borrowing costs had peaked. ECB President Christine Lagarde said inflation "
    "was expected to remain too high for too long. Economists said the ECB would now hold rates.",
}


def _article(name: str, text: str, published: date | None = None, title: str | None = None) -> Article:
    article = dataclasses.replace(
        make_article(f"{name}.txt", text, Meta()), id=f"art-{name}", published=published, title=title
    )
    article = split_article(article)
    return dataclasses.replace(article, mentions=tuple(extract_mentions(article)))


def _groups(stories: tuple[Story, ...]) -> set[frozenset[str]]:
    return {frozenset(story.articles) for story in stories}


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path) -> dict[str, Article]:
    """The five seeds through the real pipeline (NER, times), keyed by their number "000" ... "004"."""
    return {Path(article.path).name[:3]: article for article in analyze([seeds_dir]).articles}


@pytest.fixture(scope="module")
def events() -> dict[str, Article]:
    return {name: _article(name, text) for name, text in EVENTS.items()}


def _story_of(stories: tuple[Story, ...]) -> dict[str, str]:
    return {article: story.id for story in stories for article in story.articles}


# -- the seeds ---------------------------------------------------------------------------------------------------
#
# What the five seeds report, read by hand:
# - 001 and 002: Trump tells Japan's new Prime Minister ("Sanai Takwati", a garbled Sanae Takaichi) "we've
#   received your orders for very large amounts of new military hardware" and calls it a "fair deal". It is one
#   event, with the same quotes.
# - 000: the State Department/DSCA approve a $100.2 million Aegis destroyer maintenance sale. The article
#   reports the same "October 28th" announcement by Trump of Japan's order. That is the same development in
#   the same days, so the same story.
# - 004: Trump meets Prime Minister Shigeru Ishiba at the White House and nearly $1 billion of sales is approved
#   "this week". It is an earlier meeting (February 2025) with another prime minister: another event.
# - 003: an explainer on Japan weighing US arms purchases as leverage in coming tariff talks. No meeting, no
#   announcement, no date. It belongs to the broad development (US–Japan arms and trade in 2025) but to none of
#   the events above.
# So at crossfact's event granularity (ECB+ sub-topics), the stories are {000, 001, 002}, {003} and {004}.


@pytest.mark.parametrize("method", ["batch", "stream"])
def test_stories_seeds_same_announcement_is_one_story(seeds: dict[str, Article], method: str) -> None:
    story_of = _story_of(cluster_stories(seeds.values(), config=StoriesConfig(method=method)))
    assert story_of[seeds["000"].id] == story_of[seeds["001"].id] == story_of[seeds["002"].id]


@pytest.mark.xfail(
    strict=True,
    reason="five undated articles on one topic give the streaming IDF no contrast: Japan, Trump and defence "
    "words weigh almost as much as the names that tell the events apart (Ishiba vs Takaichi), so 003 and 004 "
    "join the October story at the ECB+-tuned threshold. A background document-frequency table would fix this. "
    "The batch method (default) puts all five in one story too: inside this one small topic the stage-2 "
    "similarities of 003 and 004 to 000-002 (about 0.06) reach the event threshold 0.04, which ECB+ small piles "
    "of 3-6 articles also prefer (benchmarks/eval_stories.py); splitting them needs 0.10, which costs 0.08 there.",
)
def test_stories_seeds_other_meeting_and_explainer_are_other_stories(seeds: dict[str, Article]) -> None:
    story_of = _story_of(cluster_stories(seeds.values()))
    assert story_of[seeds["004"].id] != story_of[seeds["001"].id]
    assert story_of[seeds["003"].id] != story_of[seeds["001"].id]


def test_stories_seeds_label_names_the_story(seeds: dict[str, Article]) -> None:
    stories = cluster_stories(seeds.values())
    (story,) = [story for story in stories if seeds["001"].id in story.articles]
    assert "Japan" in story.label or "japan" in story.label
    assert 0 < len(story.label) <= 90


# -- two events of one kind, and another kind ----------------------------------------------------------------


def test_stories_two_earthquakes_and_a_rate_decision_stay_apart(events: dict[str, Article]) -> None:
    stories = cluster_stories(events.values())
    expected = {
        frozenset(f"art-{name}" for name in EVENTS if name.startswith(prefix))
        for prefix in ("morocco", "turkey", "ecb")
    }
    assert _groups(stories) == expected


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_stories_events_do_not_depend_on_input_order(events: dict[str, Article], seed: int) -> None:
    shuffled = list(events.values())
    random.Random(seed).shuffle(shuffled)
    assert cluster_stories(shuffled) == cluster_stories(events.values())


@pytest.mark.parametrize(("gap_days", "together"), [(3, True), (200, False)])
def test_stories_publication_dates_far_apart_split_a_story(
    events: dict[str, Article], gap_days: int, together: bool
) -> None:
    # The same report published twice: only the time window can tell the two apart.
    first = dataclasses.replace(events["morocco-1"], id="art-first", published=date(2023, 9, 9))
    later = dataclasses.replace(
        events["morocco-1"], id="art-later", published=date(2023, 9, 9) + timedelta(days=gap_days)
    )
    story_of = _story_of(cluster_stories([first, later]))
    assert (story_of["art-first"] == story_of["art-later"]) is together


def test_stories_label_is_the_earliest_title_else_names_and_words(events: dict[str, Article]) -> None:
    titled = [
        dataclasses.replace(events["ecb-2"], title="Lagarde hints ECB is done", published=date(2023, 9, 15)),
        dataclasses.replace(events["ecb-1"], title="ECB raises rates to record", published=date(2023, 9, 14)),
    ]
    (story,) = cluster_stories(titled)
    assert story.label == "ECB raises rates to record"
    labels = {story.label for story in cluster_stories(events.values())}
    assert any("Marrakesh" in label or "Al Haouz" in label for label in labels)
    assert any("Erdogan" in label or "Hatay" in label for label in labels)


# -- the batch clusterer: two happenings of one kind ------------------------------------------------------------
#
# Two train derailments and two rehab check-ins, written for these tests: each pair shares its kind's words
# ("derailed", "carriages", "rehab"), and only dates, places, names and numbers tell the happenings apart.
SAME_KIND = {
    "derail-a1": "A passenger train derailed near Carlisle on 12 March 2019, injuring 14 people. Network Rail said "
    "three carriages left the tracks after a landslip. The Carlisle line will stay closed until Friday.",
    "derail-a2": "Fourteen people were hurt when a train came off the tracks outside Carlisle on 12 March 2019. "
    "Investigators blamed a landslip; Network Rail said the three derailed carriages would be lifted on Thursday.",
    "derail-a3": "The Carlisle derailment of 12 March 2019 left 14 passengers injured. Network Rail is clearing "
    "the landslip that pushed three carriages off the tracks north of the city.",
    "derail-b1": "A freight train derailed in the Brecon Beacons on 3 August 2021, spilling diesel into the River "
    "Usk. Natural Resources Wales said 20 wagons came off the tracks; no one was hurt.",
    "derail-b2": "Twenty wagons of a freight train left the tracks in the Brecon Beacons on 3 August 2021. Diesel "
    "leaked into the River Usk, and Natural Resources Wales said fish had died downstream.",
    "derail-b3": "Engineers lifted the 20 derailed wagons from the Brecon Beacons line after the 3 August 2021 "
    "accident. Natural Resources Wales is still testing the River Usk for diesel.",
    "rehab-a1": "Actress Tara Reid checked into Promises Treatment Center in Malibu on 15 January 2008, her "
    "publicist said. Reid, 32, asked for privacy during her stay in rehab.",
    "rehab-a2": "Tara Reid entered rehab at Promises in Malibu on 15 January 2008. Her publicist said the "
    "32-year-old actress had the support of her family.",
    "rehab-b1": "Lindsay Lohan checked into the Betty Ford Center in Rancho Mirage on 2 May 2013 to begin a "
    "90-day rehab stay ordered by a Los Angeles judge.",
    "rehab-b2": "Lohan, 26, arrived at the Betty Ford Center in Rancho Mirage on 2 May 2013 for 90 days of court "
    "ordered rehab, her lawyer said.",
}


@pytest.fixture(scope="module")
def same_kind() -> dict[str, Article]:
    from crossfact.extract.times import extract_times

    articles = {}
    for name, text in SAME_KIND.items():
        article = _article(name, text)
        articles[name] = dataclasses.replace(article, times=tuple(extract_times(article)))
    return articles


def test_stories_batch_keeps_two_happenings_of_one_kind_apart_and_joins_each(
    same_kind: dict[str, Article],
) -> None:
    stories = cluster_stories(same_kind.values())
    expected = {
        frozenset(f"art-{name}" for name in SAME_KIND if name.startswith(prefix))
        for prefix in ("derail-a", "derail-b", "rehab-a", "rehab-b")
    }
    assert _groups(stories) == expected


def test_stories_batch_features_carry_the_stated_dates(same_kind: dict[str, Article]) -> None:
    when = dict(story_features(same_kind["derail-b1"]).when)
    assert {"y:2021", "m:2021-08", "d:2021-08-03"} <= set(when)


def test_stories_batch_joins_copies_and_splits_them_only_by_publication_window(
    events: dict[str, Article],
) -> None:
    copies = [
        dataclasses.replace(events["ecb-1"], id=f"art-copy-{day}", published=date(2023, 9, day))
        for day in (14, 15)
    ]
    assert len(cluster_stories(copies)) == 1


# -- the streaming contract ----------------------------------------------------------------------------------


STREAM = StoriesConfig(method="stream")


def test_stories_one_by_one_equals_the_stream_method(
    seeds: dict[str, Article], events: dict[str, Article]
) -> None:
    articles = [*seeds.values(), *events.values()]
    clusterer = StoryClusterer()
    for features in sorted((story_features(a) for a in articles), key=arrival_key):
        clusterer.add(features)
    assert clusterer.stories() == cluster_stories(articles, config=STREAM)


@pytest.mark.parametrize("config", [StoriesConfig(), STREAM], ids=["batch", "stream"])
def test_stories_both_methods_keep_the_earthquakes_apart(
    events: dict[str, Article], config: StoriesConfig
) -> None:
    stories = cluster_stories(events.values(), config=config)
    story_of = _story_of(stories)
    assert story_of["art-morocco-1"] == story_of["art-morocco-3"] != story_of["art-turkey-1"]


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_stories_adding_never_moves_an_earlier_article(
    seeds: dict[str, Article], events: dict[str, Article], seed: int
) -> None:
    articles = [*seeds.values(), *events.values()]
    random.Random(seed).shuffle(articles)
    clusterer = StoryClusterer()
    given: dict[str, str] = {}
    for article in articles:
        given[article.id] = clusterer.add(article)
        assert {article_id: clusterer.story_of(article_id) for article_id in given} == given
        assert {story.id for story in clusterer.stories()} == set(given.values())


def test_stories_ids_are_stable_and_come_from_the_opening_article(events: dict[str, Article]) -> None:
    first = cluster_stories(events.values())
    again = cluster_stories(reversed(list(events.values())))
    assert first == again
    assert len({story.id for story in first}) == len(first)
    for story in first:
        assert story.id.startswith("story-") and len(story.id) == len("story-") + 12
    # The story opened by an article keeps its id whatever comes later.
    clusterer = StoryClusterer()
    opened = clusterer.add(events["turkey-1"])
    for name in ("morocco-1", "turkey-2", "ecb-1"):
        clusterer.add(events[name])
    assert clusterer.story_of("art-turkey-1") == opened == clusterer.story_of("art-turkey-2")


def test_stories_adding_an_article_twice_changes_nothing(events: dict[str, Article]) -> None:
    clusterer = StoryClusterer()
    story_id = clusterer.add(events["ecb-1"])
    before = clusterer.stories()
    assert clusterer.add(events["ecb-1"]) == story_id
    assert clusterer.stories() == before
    assert clusterer.score(events["ecb-2"], story_id) > clusterer.score(events["morocco-2"], story_id)


# -- features and configuration ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"threshold": 1.5}, "threshold must be between 0 and 1"),
        ({"content_weight": 0.0, "actor_weight": 0.0}, "not both 0"),
        ({"time_weight": 2.0}, "time_weight must be in"),
        ({"n_features": 0}, "n_features must be a positive integer"),
        ({"method": "online"}, "method must be"),
    ],
)
def test_stories_bad_config_is_a_clear_error(changes: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        StoryClusterer(config=dataclasses.replace(StoriesConfig(), **changes))


def test_stories_features_from_another_hash_size_are_refused(events: dict[str, Article]) -> None:
    features = story_features(events["ecb-1"], config=StoriesConfig(n_features=2**10))
    with pytest.raises(ValueError, match="n_features=1024"):
        StoryClusterer().add(features)


def test_stories_config_file_sets_the_stories_section(tmp_path: Path) -> None:
    file = tmp_path / "crossfact.yaml"
    file.write_text("stories:\n  threshold: 0.3\n  max_gap_days: 7\n")
    config = load_config(file)
    assert config.stories.threshold == 0.3 and config.stories.max_gap_days == 7
    assert config.stories.actor_weight == StoriesConfig().actor_weight


def test_stories_an_article_with_nothing_to_compare_opens_its_own_story(events: dict[str, Article]) -> None:
    empty = dataclasses.replace(make_article("empty.txt", "It was and is.", Meta()), id="art-empty")
    clusterer = StoryClusterer()
    clusterer.add(events["ecb-1"])
    story_id = clusterer.add(empty)
    assert clusterer.story_of("art-ecb-1") != story_id
    assert clusterer.stories()[-1] == Story(story_id, story_id, ("art-empty",))
