"""Find the files to read under paths, directories and globs, and the metadata sidecar that goes with each."""

from __future__ import annotations

import errno
import glob
import json
import os
import stat
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
    each one that is not of a kind in ``suffixes``, each orphan sidecar, each entry that is no regular file or
    cannot be opened, and each path that matches nothing."""
    candidate = Path(path)
    try:
        status = candidate.stat()
    except OSError as e:
        status = None
        if not isinstance(e, FileNotFoundError | NotADirectoryError) or candidate.is_symlink():
            # The path exists (as a dangling or looping link, or behind a directory it may not enter).
            yield Skipped(path, _os_reason(e, candidate))
            return
    if status is not None and stat.S_ISDIR(status.st_mode):
        found = False
        files, skipped = _walk(candidate)
        yield from skipped
        for file in sorted(files):
            if is_sidecar(file):
                if not _has_partner(file, suffixes=suffixes):
                    yield Skipped(str(file), errors.ORPHAN_SIDECAR.format(base=_sidecar_base(file)))
                continue
            if suffix_of(file, suffixes) is None:
                yield Skipped(str(file), errors.UNSUPPORTED_SUFFIX.format(suffix=suffix_label(file)))
                continue
            found = True
            yield file
        if not found and not any(skip.path == path for skip in skipped):
            yield Skipped(path, errors.NO_READABLE_FILE)
    elif status is not None and stat.S_ISREG(status.st_mode):
        yield candidate
    elif status is not None:
        yield Skipped(path, errors.NOT_REGULAR_FILE.format(kind=_special_kind(status.st_mode)))
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


def _walk(root: Path) -> tuple[list[Path], list[Skipped]]:
    """Return the regular files under ``root`` (hidden names left out) and a Skipped for every other entry:
    FIFOs, sockets, devices, dangling links, and directories that cannot be listed or were already walked."""
    files: list[Path] = []
    skipped: list[Skipped] = []
    # A directory is walked once by its device and inode, so a symlink loop (a/b -> a) ends.
    walked: set[tuple[int, int]] = set()
    pending = [root]
    while pending:
        directory = pending.pop()
        try:
            status = directory.stat()
            if (status.st_dev, status.st_ino) in walked:
                skipped.append(Skipped(str(directory), errors.DIRECTORY_WALKED))
                continue
            walked.add((status.st_dev, status.st_ino))
            with os.scandir(directory) as entries:
                listed = [(entry.name, Path(entry.path)) for entry in entries]
        except OSError as e:
            skipped.append(Skipped(str(directory), _os_reason(e, directory)))
            continue
        for name, entry in listed:
            # Hidden files and directories (.git, .DS_Store, editor swap files) are no articles.
            if name.startswith("."):
                continue
            try:
                mode = entry.stat().st_mode
            except OSError as e:
                skipped.append(Skipped(str(entry), _os_reason(e, entry)))
                continue
            if stat.S_ISDIR(mode):
                pending.append(entry)
            elif stat.S_ISREG(mode):
                files.append(entry)
            else:
                skipped.append(Skipped(str(entry), errors.NOT_REGULAR_FILE.format(kind=_special_kind(mode))))
    return files, skipped


def _special_kind(mode: int) -> str:
    kinds = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"))
    return next((name for test, name in kinds if test(mode)), "a device" if stat.S_ISBLK(mode) else "special")


def _os_reason(error: OSError, path: Path) -> str:
    """Return why ``path`` cannot be used, in one line: a dangling link, a link loop, or the system's message."""
    if path.is_symlink() and isinstance(error, FileNotFoundError):
        return errors.DANGLING_LINK
    if error.errno == errno.ELOOP:
        return errors.LINK_LOOP
    return errors.UNREADABLE_PATH.format(reason=error.strerror or error)


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
