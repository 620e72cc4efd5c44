"""Every format module on disk is registered in FORMATS, and a new format needs one module and one registry line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import crossfact.read
from crossfact.config import ReadConfig
from crossfact.model import Article, Skipped
from crossfact.read import FORMATS, Item, Meta, make_article, read_file, read_paths
from tests.read.helpers import GOOD_TEXT, read_all, write

HELPERS = {"__init__", "article", "decoding", "paths", "records"}


def test_registry_lists_every_format_module_on_disk() -> None:
    folder = Path(crossfact.read.__file__).parent
    on_disk = {path.stem for path in folder.glob("*.py")} - HELPERS
    assert {module.__name__.rsplit(".", 1)[-1] for module in FORMATS} == on_disk
    for module in FORMATS:
        assert callable(module.read)
        assert module.SUFFIXES
        assert all(suffix.startswith(".") and suffix == suffix.lower() for suffix in module.SUFFIXES)


def test_registry_gives_each_suffix_to_one_format() -> None:
    suffixes = [suffix for module in FORMATS for suffix in module.SUFFIXES]
    assert len(suffixes) == len(set(suffixes))


def _xyz_format() -> ModuleType:
    """Return a format module written at test time: ``.xyz`` files hold one article, its title on line one."""
    module = ModuleType("crossfact.read.xyz")

    def read(path: Path, config: ReadConfig) -> Iterator[Item]:
        title, _, text = path.read_text(encoding="utf-8").partition("\n")
        yield make_article(str(path), text, Meta(title=title))

    module.SUFFIXES = (".xyz",)
    module.read = read
    return module


def test_a_new_format_needs_one_module_and_one_registry_line(tmp_path: Path) -> None:
    path = write(tmp_path / "in" / "notice.xyz", "Ferry notice\n" + GOOD_TEXT)
    write(tmp_path / "in" / "notice.meta.json", '{"source": "Harbour office"}')
    write(tmp_path / "in" / "b.txt", GOOD_TEXT + "B")
    registry = (*FORMATS, _xyz_format())

    # Without the registry line the file is refused and its sidecar has no partner; with it, both are read.
    _, refused = read_all(tmp_path / "in")
    assert [(Path(skip.path).name, skip.reason.split(" ")[0]) for skip in refused] == [
        ("notice.meta.json", "metadata"),
        ("notice.xyz", "unsupported"),
    ]
    items = list(read_paths(tmp_path / "in", formats=registry))
    articles = [item for item in items if isinstance(item, Article)]
    assert [item for item in items if isinstance(item, Skipped)] == []
    assert [Path(article.path).name for article in articles] == ["b.txt", "notice.xyz"]
    notice = articles[1]
    assert (notice.title, notice.source, notice.raw) == ("Ferry notice", "Harbour office", GOOD_TEXT)
    assert list(read_file(path, formats=registry)) == [notice]
