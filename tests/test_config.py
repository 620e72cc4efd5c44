"""Config files override only the keys they set; mistakes (unknown keys, wrong types, values out of range) are
one clear error naming the key."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from pathlib import Path

import pytest

from crossfact.config import RANGES, Config, config_to_dict, load_config, validate_config
from crossfact.errors import ConfigError
from crossfact.pipeline import analyze


def test_config_file_overrides_only_its_keys(tmp_path: Path) -> None:
    file = tmp_path / "crossfact.yaml"
    file.write_text("read:\n  source: Wire\n  published: 2025-03-11\nclean:\n  drop_boilerplate: false\n")
    config = load_config(file)
    assert config.read.source == "Wire" and config.read.published == date(2025, 3, 11)
    assert config.clean.drop_boilerplate is False
    assert config.clean.strip_markup is True and config.read.text_fields == Config().read.text_fields


def test_config_json_file_and_tuples(tmp_path: Path) -> None:
    file = tmp_path / "c.json"
    file.write_text('{"split": {"abbreviations": ["Fed."]}, "workers": 2}')
    config = load_config(file)
    assert config.split.abbreviations == ("Fed.",) and config.workers == 2
    assert config_to_dict(config)["split"] == {"abbreviations": ["Fed."]}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("read:\n  sourse: Wire\n", "unknown config key 'read.sourse'"),
        ("read: [1, 2]\n", "must be a mapping"),
        ("read: {source: [unclosed\n", "cannot be parsed"),
    ],
)
def test_config_errors_name_the_problem(tmp_path: Path, content: str, message: str) -> None:
    file = tmp_path / "bad.yaml"
    file.write_text(content)
    with pytest.raises(ConfigError, match=message):
        load_config(file)


def test_config_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "nope.yaml")


@pytest.mark.issue(16)
@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("entities:\n  chunk_chars: 0\n", "'entities.chunk_chars' must be at least 1, got 0"),
        ("entities:\n  chunk_chars: lots\n", "'entities.chunk_chars' must be an integer, got 'lots'"),
        ("workers: -2\n", "'workers' must be at least 1"),
        ("read:\n  text_fields: body\n", "'read.text_fields' must be a list of strings, got 'body'"),
        ("clean:\n  drop_boilerplate: sometimes\n", "'clean.drop_boilerplate' must be true or false"),
        ("stories:\n  threshold: 1.5\n", "'stories.threshold' must be between 0.0 and 1.0, got 1.5"),
        ("claims:\n  copy_same_name: 101\n", "'claims.copy_same_name' must be between 0.0 and 100.0"),
        ("stories:\n  threshold: .nan\n", "'stories.threshold' must be a number"),
        ("read:\n  published: '31 Feb'\n", "'read.published' must be an ISO date, got '31 Feb'"),
        ("read:\n  published: 2025-02-31\n", "cannot be parsed: day is out of range for month"),
        ("read:\n  max_record_chars: true\n", "'read.max_record_chars' must be an integer, got True"),
    ],
)
def test_config_a_bad_value_is_one_error_naming_its_key(tmp_path: Path, content: str, message: str) -> None:
    file = tmp_path / "bad.yaml"
    file.write_text(content)
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_config(file)


def test_config_values_of_the_right_type_and_range_pass(tmp_path: Path) -> None:
    file = tmp_path / "good.yaml"
    # An integer where a number is expected is fine; so is null where a field is optional.
    file.write_text("stories:\n  threshold: 0\nreuse:\n  link_threshold: null\nentities:\n  chunk_chars: 1\n")
    config = load_config(file)
    assert config.stories.threshold == 0 and config.entities.chunk_chars == 1
    assert validate_config(Config()) == Config()


def test_config_every_declared_range_names_a_numeric_field_whose_default_lies_in_it() -> None:
    for key, (low, high) in RANGES.items():
        value: object = Config()
        for part in key.split("."):
            value = getattr(value, part)
        assert isinstance(value, int | float) and not isinstance(value, bool), key
        assert (low is None or value >= low) and (high is None or value <= high), key


@pytest.mark.issue(16)
def test_config_analyze_rejects_a_bad_config_before_any_work(seeds_dir: Path) -> None:
    bad = dataclasses.replace(Config(), entities=dataclasses.replace(Config().entities, chunk_chars=0))
    with pytest.raises(ConfigError, match=r"entities\.chunk_chars"):
        analyze([seeds_dir], bad)
