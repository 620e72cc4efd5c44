"""Config files override only the keys they set; mistakes are clear errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from crossfact.config import Config, config_to_dict, load_config
from crossfact.errors import ConfigError


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
