"""The command line end to end, as a user runs it: outputs, stderr lines and exit codes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from crossfact.report.json import validate_report
from tests.conftest import assert_spans_hold


def _crossfact(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "crossfact", *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def test_cli_analyze_seeds_writes_a_valid_report(seeds_dir: Path, tmp_path: Path) -> None:
    result = _crossfact("analyze", str(seeds_dir), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    data = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    validate_report(data)
    assert_spans_hold(data)
    assert len(data["articles"]) == 5
    assert (tmp_path / "out" / "report.md").is_file()
    assert result.stderr == ""


def test_cli_bad_inputs_are_named_on_stderr_and_the_batch_goes_on(seeds_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02garbage" * 10)
    (tmp_path / "feed.jsonl").write_text('{"text": "A good record about the port."}\n{"text": broken\n')
    seed = next(seeds_dir.glob("000_*.txt"))
    result = _crossfact(
        "analyze", str(tmp_path), str(seed), "--out", str(tmp_path / "out"), "--format", "json"
    )
    assert result.returncode == 0
    lines = result.stderr.splitlines()
    assert f"crossfact: skipped {tmp_path / 'binary.txt'}: file looks binary" in lines[0]
    assert lines[1].startswith(f"crossfact: skipped {tmp_path / 'feed.jsonl'}:2: malformed JSON")
    data = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert len(data["articles"]) == 2
    assert {(s["path"], s["line"]) for s in data["skipped"]} == {
        (str(tmp_path / "binary.txt"), None),
        (str(tmp_path / "feed.jsonl"), 2),
    }
    assert not (tmp_path / "out" / "report.md").exists()


def test_cli_nothing_readable_exits_2(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = _crossfact("analyze", str(tmp_path), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "file is empty" in result.stderr
    assert "nothing could be analysed" in result.stderr


@pytest.mark.issue(16)
def test_cli_nothing_analysed_still_writes_the_report_with_its_skips(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    result = _crossfact("analyze", str(tmp_path / "in"), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    data = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    validate_report(data)
    assert data["articles"] == []
    assert [(Path(skip["path"]).name, skip["reason"]) for skip in data["skipped"]] == [
        ("empty.txt", "file is empty")
    ]
    # The store's writer lock file stays, empty, beside it (store/lock.py says why).
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == [
        "crossfact.db",
        "crossfact.db.lock",
        "report.html",
        "report.json",
        "report.md",
    ]


@pytest.mark.issue(16)
def test_cli_unwritable_out_fails_at_start_with_one_line(seeds_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("not a directory")
    result = _crossfact("analyze", str(seeds_dir), "--out", str(tmp_path / "a-file" / "out"))
    assert result.returncode == 1
    assert result.stderr.startswith(
        f"crossfact: error: --out {tmp_path / 'a-file' / 'out'}: cannot write a report there"
    )
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr


@pytest.mark.issue(16)
def test_cli_bad_config_value_fails_at_start_with_one_line(seeds_dir: Path, tmp_path: Path) -> None:
    config = tmp_path / "c.yaml"
    config.write_text("entities:\n  chunk_chars: 0\n")
    result = _crossfact("analyze", str(seeds_dir), "--out", str(tmp_path / "out"), "--config", str(config))
    assert result.returncode == 1
    assert result.stderr == "crossfact: error: config key 'entities.chunk_chars' must be at least 1, got 0\n"
    assert not (tmp_path / "out").exists()


def test_cli_record_ids_name_the_articles(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        '{"id": "PA/courts/axe1", "text": "A drifter who killed three friends was jailed for life today."}\n'
        '{"title": "Port deal signed", "text": "The council signed the port deal on Monday."}\n',
        encoding="utf-8",
    )
    result = _crossfact("analyze", str(feed), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    data = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert [(article["name"], article["path"]) for article in data["articles"]] == [
        ("PA/courts/axe1", f"{feed}#L1"),
        ("Port deal signed", f"{feed}#L2"),
    ]
    markdown = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "| PA/courts/axe1 |" in markdown
    assert "PA/courts/axe1" in (tmp_path / "out" / "report.html").read_text(encoding="utf-8")


def test_cli_usage_errors_exit_1(tmp_path: Path) -> None:
    assert _crossfact("analyze", "--out", str(tmp_path)).returncode == 1
    bad_format = _crossfact("analyze", str(tmp_path), "--out", str(tmp_path), "--format", "pdf")
    assert bad_format.returncode == 1 and "choose from json, md" in bad_format.stderr
    missing_kb = _crossfact(
        "analyze", str(tmp_path), "--out", str(tmp_path), "--kb", str(tmp_path / "no.yaml")
    )
    assert missing_kb.returncode == 1 and "no.yaml does not exist" in missing_kb.stderr


def test_cli_metadata_flags_apply_to_every_input(seeds_dir: Path, tmp_path: Path) -> None:
    seed = next(seeds_dir.glob("003_*.txt"))
    args = (
        "analyze",
        str(seed),
        "--out",
        str(tmp_path),
        "--source",
        "Some Outlet",
        "--published",
        "2025-10-29",
    )
    assert _crossfact(*args).returncode == 0
    article = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["articles"][0]
    assert (article["source"], article["published"]) == ("Some Outlet", "2025-10-29")


def test_cli_demo_prints_where_the_report_is(tmp_path: Path) -> None:
    result = _crossfact("demo", "--out", str(tmp_path / "demo"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert str(tmp_path / "demo" / "report.json") in result.stdout
    data = json.loads((tmp_path / "demo" / "report.json").read_text(encoding="utf-8"))
    validate_report(data)
    assert len(data["articles"]) == 8


def test_cli_hostile_names_and_surrogates_neither_crash_nor_reach_the_terminal_raw(
    seeds_dir: Path, tmp_path: Path
) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "clear\x1b[2Jscreen.bin").write_bytes(b"x")
    (inputs / "forged\ncrossfact: all good.bin").write_bytes(b"x")
    (inputs / os.fsdecode(b"caf\xe9.txt")).write_text(next(seeds_dir.glob("000_*.txt")).read_text())
    (inputs / "feed.jsonl").write_text(
        '{"text": "The port \\ud800 reopened on Monday, the operator said.", "title": "Port \\udc00"}\n'
    )
    result = _crossfact("analyze", str(inputs), "--out", str(tmp_path / "out"), "--format", "json,md,html")
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stderr
    assert "clear\\x1b[2Jscreen.bin" in result.stderr
    assert all(line.startswith("crossfact: skipped ") for line in result.stderr.splitlines())
    data = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert {article["path"].rsplit("/", 1)[1] for article in data["articles"]} >= {"caf\ufffd.txt"}
    assert any(article["title"] == "Port \ufffd" for article in data["articles"])


def test_terminal_safe_escapes_control_characters_and_keeps_letters() -> None:
    from crossfact.cli import terminal_safe

    assert terminal_safe("a\x1b[2Jb\nc\td\u202e é") == "a\\x1b[2Jb\\nc\\td\\u202e é"


@pytest.mark.issue(15)
def test_cli_analyze_ends_with_a_summary(seeds_dir: Path, tmp_path: Path) -> None:
    result = _crossfact("analyze", str(seeds_dir), "--out", str(tmp_path / "out"), "--format", "json")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == str(tmp_path / "out" / "report.json")
    # Counts share one right-aligned column, as wide as the largest count.
    assert any(re.fullmatch(r"Articles analysed +5  \(from 5 inputs\)", line) for line in lines)
    assert any(
        re.fullmatch(r"Claims +\d+  \(\d+ conflicting, \d+ single-source, \d+ corroborated\)", line)
        for line in lines
    )
    assert any(line.startswith("Findings") and "anonymous_only" in line for line in lines)
    assert any(re.fullmatch(r"Families +4\b.*", line) for line in lines)


@pytest.mark.issue(15)
def test_cli_export_csv_of_a_planted_formula_title_opens_as_text(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        json.dumps(
            {
                "title": '=HYPERLINK("http://evil.example","Read more")',
                "source": "@Outlet <b>&</b>",
                "text": "The council approved the harbour budget of $2 million on Monday, the mayor said.",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    assert (
        _crossfact("analyze", str(feed), "--out", str(tmp_path / "out"), "--format", "json").returncode == 0
    )
    result = _crossfact(
        "export", str(tmp_path / "out" / "report.json"), "--to", "csv", "--out", str(tmp_path / "csv")
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == str(tmp_path / "csv" / "claims.csv")
    raw = (tmp_path / "csv" / "articles.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert '\'=HYPERLINK(""http://evil.example"",""Read more"")' in text
    assert ",'@Outlet <b>&</b>," in text


@pytest.mark.issue(15)
@pytest.mark.parametrize("to", ["gexf", "graphml", "claimreview"])
def test_cli_export_graph_and_claimreview(seeds_report_json: Path, tmp_path: Path, to: str) -> None:
    result = _crossfact("export", str(seeds_report_json), "--to", to, "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    paths = [Path(line) for line in result.stdout.splitlines()]
    assert paths and all(path.is_file() for path in paths)


@pytest.mark.issue(15)
def test_cli_export_usage_errors_exit_1(seeds_report_json: Path, tmp_path: Path) -> None:
    report = str(seeds_report_json)
    bad = _crossfact("export", report, "--to", "xlsx", "--out", str(tmp_path))
    assert bad.returncode == 1 and "--to 'xlsx': choose from csv, gexf, graphml, claimreview" in bad.stderr
    claims = _crossfact("export", report, "--to", "csv", "--claims", "claim-1", "--out", str(tmp_path))
    assert claims.returncode == 1 and "--claims selects the claims of --to claimreview only" in claims.stderr
    unknown = _crossfact(
        "export", report, "--to", "claimreview", "--claims", "claim-nope", "--out", str(tmp_path)
    )
    assert unknown.returncode == 1 and "no claim claim-nope in this report" in unknown.stderr
    missing = _crossfact("export", str(tmp_path / "no.json"), "--to", "csv", "--out", str(tmp_path))
    assert missing.returncode == 1 and "does not exist" in missing.stderr
    assert not list(tmp_path.glob("*.csv"))


def test_cli_analyze_keeps_a_store_in_out_and_add_extends_it(seeds_dir: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    for index, seed in enumerate(sorted(seeds_dir.glob("*.txt"))):
        (first if index < 3 else second).joinpath(seed.name).write_bytes(seed.read_bytes())
    out = tmp_path / "out"
    result = _crossfact("analyze", str(first), "--out", str(out), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert (out / "crossfact.db").is_file()
    result = _crossfact("add", str(out / "crossfact.db"), str(second), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    validate_report(data)
    assert len(data["articles"]) == 5
    assert data["run"]["store"] | {"path": ""} == {
        "path": "",
        "reused": 3,
        "analysed": 2,
        "updated": 0,
        "articles": 5,
    }


def test_cli_add_to_a_missing_store_is_one_clear_line(tmp_path: Path, seeds_dir: Path) -> None:
    result = _crossfact("add", str(tmp_path / "nowhere.db"), str(seeds_dir))
    assert result.returncode == 1
    assert result.stderr.strip() == f"crossfact: error: {tmp_path / 'nowhere.db'}: no such store; " + (
        f"make one with 'crossfact analyze PATH... --store {tmp_path / 'nowhere.db'}'"
    )
    assert not (tmp_path / "nowhere.db").exists()


@pytest.mark.parametrize("where", ["missing.db", "notes.txt", None])
def test_cli_serve_without_a_store_is_one_clear_line(tmp_path: Path, where: str | None) -> None:
    (tmp_path / "notes.txt").write_text("not a store\n" * 50)
    args = ("serve", str(tmp_path / where)) if where else ("serve",)
    # Run from tmp_path (where the default store is looked for) with the same crossfact as this test imports.
    paths = os.environ.get("PYTHONPATH", "").split(os.pathsep)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(str(Path(path).resolve()) for path in paths if path)}
    result = subprocess.run(
        [sys.executable, "-m", "crossfact", *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
    )
    assert result.returncode == 1 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    expected = {
        "missing.db": "no such store",
        "notes.txt": "not a crossfact store",
        None: "no store given and crossfact-report/crossfact.db does not exist",
    }[where]
    assert expected in lines[0]


def test_cli_serve_without_the_web_packages_names_the_extra(tmp_path: Path) -> None:
    # The base install has no FastAPI: the command line imports without it, and 'serve' says what to install.
    script = (
        "import sys; sys.modules['fastapi'] = None; sys.modules['uvicorn'] = None\n"
        "from crossfact.cli import main\n"
        "from crossfact.store import Store\n"
        f"Store({str(tmp_path / 'c.db')!r}).close()\n"
        f"sys.exit(main(['serve', {str(tmp_path / 'c.db')!r}]))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "pip install 'crossfact[serve]'" in result.stderr and "Traceback" not in result.stderr
