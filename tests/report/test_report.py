"""Writing reports: each file appears whole or not at all, and an unwritable --out is known before a run."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

import pytest

from crossfact import report as report_module
from crossfact.errors import ConfigError
from crossfact.model import Report, RunInfo
from crossfact.report import check_writable, write_report

_EMPTY = Report((), (), RunInfo("0", (), (), (), (), 0))


def test_report_writes_each_format_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    written = write_report(_EMPTY, tmp_path / "out", ["json", "md", "html"])
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == [
        "report.html",
        "report.json",
        "report.md",
    ]
    assert all(path.stat().st_size > 0 for path in written.values())


@pytest.mark.issue(16)
def test_report_a_renderer_crash_leaves_the_previous_report_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_report(_EMPTY, tmp_path, ["json"])
    before = (tmp_path / "report.json").read_text(encoding="utf-8")

    def broken(report: Report, file: TextIO) -> None:
        file.write('{"half": ')
        raise RuntimeError("renderer failed")

    monkeypatch.setitem(report_module.RENDERERS, "json", ("report.json", broken))
    with pytest.raises(RuntimeError):
        write_report(_EMPTY, tmp_path, ["json"])
    assert (tmp_path / "report.json").read_text(encoding="utf-8") == before
    assert [path.name for path in tmp_path.iterdir()] == ["report.json"]


def test_report_check_writable_accepts_a_new_or_existing_directory(tmp_path: Path) -> None:
    check_writable(tmp_path)
    check_writable(tmp_path / "new" / "dir")
    assert (tmp_path / "new" / "dir").is_dir()
    assert list((tmp_path / "new" / "dir").iterdir()) == []


@pytest.mark.issue(16)
def test_report_check_writable_names_the_path_that_cannot_be_written(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("not a directory")
    with pytest.raises(ConfigError, match="cannot write a report there"):
        check_writable(tmp_path / "a-file" / "out")
