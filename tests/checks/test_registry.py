"""Every check module on disk is registered in CHECKS, and a new finding kind needs only its module, one line in
CHECKS and its test: nothing else (renderers, engines, the schema) knows the kinds."""

from __future__ import annotations

import importlib.util
import inspect
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

import crossfact.checks
from crossfact.checks import CHECKS, run_checks
from crossfact.config import ChecksConfig, Config, config_to_dict
from crossfact.kb import load_kb
from crossfact.model import Corpus, Report, RunInfo
from crossfact.report.html import render_html
from crossfact.report.json import report_to_dict, validate_report
from tests.checks.helpers import article_of, corpus_of

# Modules of checks/ that are not finding kinds: the registry, the shared helpers, and the tenure reasoning
# that anachronism, office_mismatch and garbled_name share.
HELPERS = {"__init__", "base", "offices"}

NEW_CHECK = '''
"""Flag a sentence that shouts: three words in capitals in a row (a test of the finding-kind recipe)."""

import re
from collections.abc import Iterator

from crossfact.checks.base import finding
from crossfact.config import ChecksConfig
from crossfact.kb import KB
from crossfact.model import Corpus, Finding, Span

KIND = "shouting"
_SHOUT = re.compile(r"\\b[A-Z]{2,}(?:\\s+[A-Z]{2,}){2,}\\b")


def check(corpus: Corpus, kb: KB, config: ChecksConfig) -> Iterator[Finding]:
    """Yield a finding per run of three or more capitalised words."""
    for article in corpus.articles:
        for match in _SHOUT.finditer(article.text):
            yield finding(KIND, "info", "the text shouts", article.id, [Span(article.id, match.start(), match.end())])
'''


def test_registry_lists_every_check_module_on_disk() -> None:
    folder = Path(crossfact.checks.__file__).parent
    on_disk = {path.stem for path in folder.glob("*.py")} - HELPERS
    assert {module.__name__.rsplit(".", 1)[-1] for module in CHECKS} == on_disk
    for module in CHECKS:
        assert module.__name__.rsplit(".", 1)[-1] == module.KIND
        assert list(inspect.signature(module.check).parameters) == ["corpus", "kb", "config"]


@contextmanager
def _loaded(path: Path, name: str) -> Iterator[ModuleType]:
    """Import the module file at ``path`` as ``name`` for the duration of the block."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules[name]


def test_registry_a_new_finding_kind_is_one_module_and_one_line(tmp_path: Path) -> None:
    path = tmp_path / "shouting.py"
    path.write_text(NEW_CHECK, encoding="utf-8")
    with _loaded(path, "shouting") as shouting:
        registry = (*CHECKS, shouting)  # the one line a new kind adds to CHECKS
        corpus = corpus_of(article_of("The minister said the deal was DONE AND DUSTED on Monday.\n"))
        findings = run_checks(corpus, load_kb(), ChecksConfig(), registry)
        (found,) = [f for f in findings if f.kind == "shouting"]
        text = corpus.articles[0].text
        assert text[found.evidence[0].start : found.evidence[0].end] == "DONE AND DUSTED"
        # The report, its schema and the renderers take the new kind as it is.
        run = RunInfo("test", (), (), (), (), 1, config=config_to_dict(Config()))
        report = Report(corpus.articles, (), run, findings=findings)
        data = report_to_dict(report)
        validate_report(data)
        assert [f["kind"] for f in data["findings"]] == ["shouting"]
        page = render_html(report)
        assert "shouting" in page and "the text shouts" in page


def test_registry_checks_run_on_an_empty_corpus() -> None:
    assert run_checks(Corpus(()), load_kb(), ChecksConfig()) == ()
