"""Find the files to read under paths, directories and globs, and the metadata sidecar that goes with each."""

from __future__ import annotations

import glob
import json
from collections.abc import Iterator
from pathlib import Path

from crossfact import errors
from crossfact.config import ReadConfig
from crossfact.model import Skipped
from crossfact.read.article import Meta
from crossfact.read.records import lower_keys, meta_from_record

SIDECAR_SUFFIX = ".meta.json"
_GLOB_CHARS = frozenset("*?[")


def expand(path: str, *, suffixes: tuple[str, ...]) -> Iterator[Path | Skipped]:
    """Yield each file to read under ``path`` (a file, directory or glob), in sorted order, and a Skipped for
    each one that is not of a kind in ``suffixes``, each orphan sidecar and each path that matches nothing."""
    candidate = Path(path)
    if candidate.is_dir():
        found = False
        for file in sorted(candidate.rglob("*")):
            relative = file.relative_to(candidate)
            if any(part.startswith(".") for part in relative.parts) or not file.is_file():
                continue
            if is_sidecar(file):
                if not _has_partner(file, suffixes=suffixes):
                    yield Skipped(str(file), errors.ORPHAN_SIDECAR.format(base=_sidecar_base(file)))
                continue
            if suffix_of(file, suffixes) is None:
                yield Skipped(str(file), errors.UNSUPPORTED_SUFFIX.format(suffix=suffix_label(file)))
                continue
            found = True
            yield file
        if not found:
            yield Skipped(path, errors.NO_READABLE_FILE)
    elif candidate.is_file():
        yield candidate
    elif _GLOB_CHARS & set(path):
        matches = sorted(glob.glob(path, recursive=True))
        if not matches:
            yield Skipped(path, errors.PATH_NOT_FOUND)
        # dir/** matches dir itself and every file under it: each file is read once.
        seen: set[str] = set()
        for match in matches:
            file = Path(match)
            # A glob such as dir/* matches sidecars too; they travel with their article, not on their own.
            if file.is_file() and is_sidecar(file):
                if not _has_partner(file, suffixes=suffixes) and match not in seen:
                    seen.add(match)
                    yield Skipped(match, errors.ORPHAN_SIDECAR.format(base=_sidecar_base(file)))
                continue
            for item in expand(match, suffixes=suffixes):
                key = item.path if isinstance(item, Skipped) else str(item)
                if key not in seen:
                    seen.add(key)
                    yield item
    else:
        yield Skipped(path, errors.PATH_NOT_FOUND)


def suffix_of(path: Path, suffixes: tuple[str, ...]) -> str | None:
    """Return the longest of ``suffixes`` that the name of ``path`` ends with, ignoring case and a ``.gz``."""
    name = path.name.lower().removesuffix(".gz")
    # Longest first, so that "a.xhtml" loses ".xhtml" and not ".html".
    return next((suffix for suffix in sorted(suffixes, key=len, reverse=True) if name.endswith(suffix)), None)


def suffix_label(path: Path) -> str:
    """Return the suffix of ``path`` as an error message names it (all its suffixes, or its name)."""
    return "".join(path.suffixes) or path.name


def is_sidecar(path: Path) -> bool:
    """Return whether ``path`` is a metadata sidecar (``NAME.meta.json``) rather than an article."""
    return path.name.endswith(SIDECAR_SUFFIX)


def read_sidecar(path: Path, config: ReadConfig, *, suffixes: tuple[str, ...]) -> Meta:
    """Return the metadata in the sidecar of ``path``, or empty Meta if it has none; raise ReadError if the
    sidecar cannot be read."""
    for sidecar in _sidecar_paths(path, suffixes=suffixes):
        if sidecar.is_file():
            try:
                data = json.loads(sidecar.read_text(encoding="utf-8-sig"))
            except (OSError, ValueError, RecursionError) as e:
                # ValueError covers both malformed JSON and bytes that are not UTF-8.
                raise errors.ReadError(errors.BAD_SIDECAR.format(sidecar=sidecar, reason=e)) from e
            if not isinstance(data, dict):
                raise errors.ReadError(errors.BAD_SIDECAR.format(sidecar=sidecar, reason="not a JSON object"))
            return meta_from_record(lower_keys(data), config)
    return Meta()


def _sidecar_base(sidecar: Path) -> str:
    return sidecar.name[: -len(SIDECAR_SUFFIX)]


def _sidecar_paths(path: Path, *, suffixes: tuple[str, ...]) -> tuple[Path, Path]:
    """Return where the sidecar of ``path`` may be: ``NAME.txt.meta.json`` first, then ``NAME.meta.json``."""
    name = path.name[:-3] if path.name.lower().endswith(".gz") else path.name
    suffix = suffix_of(path, suffixes)
    stem = name[: -len(suffix)] if suffix else name
    return path.with_name(path.name + SIDECAR_SUFFIX), path.with_name(stem + SIDECAR_SUFFIX)


def _has_partner(sidecar: Path, *, suffixes: tuple[str, ...]) -> bool:
    siblings = sidecar.parent.glob(glob.escape(_sidecar_base(sidecar)) + "*")
    return any(
        file.is_file()
        and not is_sidecar(file)
        and suffix_of(file, suffixes) is not None
        and sidecar in _sidecar_paths(file, suffixes=suffixes)
        for file in siblings
    )
