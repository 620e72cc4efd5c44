"""Language data: word lists, lexicons and tables kept as data files under ``lang/<code>/``, loaded once.

An analyst extends a list (a cue word, a title, a currency) by editing a file, never code. Formats:

- ``NAME.txt``: one entry per line; blank lines and ``#`` comments are ignored (:func:`words`, :func:`lines`).
- ``NAME.tsv``: a header row, then tab-separated rows; ``#`` comment lines are ignored (:func:`table`,
  :func:`mapping` for two-column files).
- ``NAME.yaml``: anything nested (:func:`data`).

Every stage that needs a list reads it from here, so two stages never hold drifting copies of one list.

To try edited lists without touching the installed package, point the environment variable
``CROSSFACT_LANG_DIR`` at a directory laid out like this package (``en/currency_words.tsv`` ...): a file found
there replaces the packaged file of the same name. Lists are read once per process, when first used.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

DEFAULT = "en"
LANG_DIR_ENV = "CROSSFACT_LANG_DIR"


def _read(name: str, lang: str) -> str:
    override = os.environ.get(LANG_DIR_ENV)
    if override and Path(override, lang, name).is_file():
        return Path(override, lang, name).read_text(encoding="utf-8")
    file = resources.files("crossfact.lang").joinpath(lang, name)
    if not file.is_file():
        raise FileNotFoundError(f"no language data file '{lang}/{name}' in crossfact/lang")
    return file.read_text(encoding="utf-8")


def _content_lines(text: str) -> list[str]:
    out = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            out.append(stripped)
    return out


def alternation(words: Iterable[str]) -> str:
    """Join words into a regex alternation, longest first so "percentage points" wins over "percent"."""
    forms = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(form).replace(r"\ ", r"\s+") for form in forms)


@cache
def lines(name: str, lang: str = DEFAULT) -> tuple[str, ...]:
    """Return the entries of ``lang/NAME.txt`` in file order (comments and blank lines dropped)."""
    return tuple(_content_lines(_read(f"{name}.txt", lang)))


@cache
def words(name: str, lang: str = DEFAULT) -> frozenset[str]:
    """Return the entries of ``lang/NAME.txt`` as a set."""
    return frozenset(lines(name, lang))


@cache
def table(name: str, lang: str = DEFAULT) -> tuple[dict[str, str], ...]:
    """Return the rows of ``lang/NAME.tsv`` as dicts keyed by its header; empty cells are ``""``."""
    rows = [line.split("\t") for line in _raw_rows(_read(f"{name}.tsv", lang))]
    if not rows:
        return ()
    header = [cell.strip() for cell in rows[0]]
    out = []
    for number, cells in enumerate(rows[1:], start=2):
        if len(cells) > len(header):
            raise ValueError(
                f"lang/{lang}/{name}.tsv row {number}: {len(cells)} cells, header has {len(header)}"
            )
        padded = [cell.strip() for cell in cells] + [""] * (len(header) - len(cells))
        out.append(dict(zip(header, padded, strict=True)))
    return tuple(out)


@cache
def mapping(name: str, lang: str = DEFAULT) -> dict[str, str]:
    """Return a two-column ``lang/NAME.tsv`` as {first column: second column}."""
    rows = table(name, lang)
    out: dict[str, str] = {}
    for row in rows:
        key, value = list(row.values())[:2]
        out[key] = value
    return out


@cache
def data(name: str, lang: str = DEFAULT) -> Any:
    """Return the parsed contents of ``lang/NAME.yaml``."""
    return yaml.safe_load(_read(f"{name}.yaml", lang))


def _raw_rows(text: str) -> list[str]:
    # Tabs are significant in TSV, so only whole-line comments and blank lines are dropped.
    return [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
