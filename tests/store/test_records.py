"""Stored records come back exactly as the steps made them: every field of real analysed articles, types included."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from crossfact.config import Config
from crossfact.model import Article, Report, Skipped, Value
from crossfact.pipeline import analyze
from crossfact.store import records

# The fields the per-article steps fill in; each must be non-empty on some seed for the round trip to test it.
ANALYSED_FIELDS = (
    "text",
    "edits",
    "sentences",
    "mentions",
    "quantities",
    "times",
    "quotes",
    "facts",
    "sketch",
    "features",
    "attributions",
    "name",
    "published",
    "source",
)


@pytest.fixture(scope="module")
def seeds_report(seeds_dir: Path) -> Report:
    # Metadata as a user gives it on the command line, so the dated fields are filled in too.
    read = dataclasses.replace(Config().read, source="Example Wire", published=date(2025, 10, 28))
    return analyze([seeds_dir], Config(read=read))


def _assert_identical(left: Any, right: Any, where: str = "article") -> None:
    """Assert equal values of the same types all the way down (3 == 3.0, but the report would print them apart)."""
    assert type(left) is type(right), where
    if dataclasses.is_dataclass(left):
        for field in dataclasses.fields(left):
            _assert_identical(getattr(left, field.name), getattr(right, field.name), f"{where}.{field.name}")
    elif isinstance(left, tuple):
        assert len(left) == len(right), where
        for index, (a, b) in enumerate(zip(left, right, strict=True)):
            _assert_identical(a, b, f"{where}[{index}]")
    else:
        assert left == right, where


def test_records_round_trip_every_field_of_analysed_seed_articles(seeds_report: Report) -> None:
    for article in seeds_report.articles:
        back = records.loads(Article, records.dumps(article))
        assert back == article
        _assert_identical(back, article, article.id)
    for name in ANALYSED_FIELDS:
        assert any(getattr(article, name) for article in seeds_report.articles), name
    # Nested records with optional parts: a time anchored on the publication date, a fact with values.
    assert any(time.anchor and time.anchor.day for a in seeds_report.articles for time in a.times)
    assert any(fact.values and fact.actors for a in seeds_report.articles for fact in a.facts)


def test_records_keep_whole_floats_and_ints_apart() -> None:
    values = (Value("count", "count", 3, 0, 5), Value("money", "money", 3.0, 0, 5, unit="USD", upper=4.5))
    back = records.loads(tuple[Value, ...], records.dumps(values))
    _assert_identical(back, values, "values")


def test_records_round_trip_a_skip_and_the_config() -> None:
    skip = Skipped("feed.jsonl", "line 3: not valid JSON", line=3)
    assert records.loads(Skipped, records.dumps(skip)) == skip
    config = Config(kb_files=("extra.yaml",))
    config = dataclasses.replace(config, read=dataclasses.replace(config.read, published=date(2025, 10, 28)))
    assert records.loads(Config, records.dumps(config)) == config


def test_records_input_key_follows_text_and_metadata(seeds_report: Report) -> None:
    article = seeds_report.articles[0]
    read = Article(article.id, article.path, article.raw, article.raw_sha256, text=article.raw)
    assert records.input_key(read) == records.input_key(dataclasses.replace(read))
    assert records.input_key(read) != records.input_key(dataclasses.replace(read, published=date(2025, 1, 1)))
    assert records.input_key(read) != records.input_key(dataclasses.replace(read, raw=read.raw + " Extra."))
