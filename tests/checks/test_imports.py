"""Checks read only the model, the KB, language data, the config and checks/base: never another stage's code."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import crossfact.checks

FORBIDDEN = (
    "crossfact.extract",
    "crossfact.crossdoc",
    "crossfact.clean",
    "crossfact.split",
    "crossfact.read",
    "crossfact.pipeline",
)
MODULES = sorted(Path(crossfact.checks.__file__).parent.glob("*.py"))


def _imported(path: Path) -> list[str]:
    """Return every module name the file imports, relative imports resolved against crossfact.checks."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = "crossfact.checks".rsplit(".", node.level - 1)[0]
                base = f"{package}.{base}" if base else package
            names.append(base)
            names.extend(f"{base}.{alias.name}" for alias in node.names)
    return names


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.stem)
def test_imports_checks_read_no_other_stage(path: Path) -> None:
    bad = [name for name in _imported(path) if any(name == f or name.startswith(f + ".") for f in FORBIDDEN)]
    assert bad == [], f"checks/{path.name} imports {bad}: move what it needs into model, lang or config"


def test_imports_the_rule_catches_a_stage_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from crossfact.extract.quotes import CUE_WORDS\nfrom crossfact import clean\nimport crossfact.split\n"
    )
    names = _imported(sample)
    assert "crossfact.extract.quotes" in names and "crossfact.clean" in names and "crossfact.split" in names


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.stem)
def test_imports_a_check_uses_no_other_checks_helpers(path: Path) -> None:
    # Shared reasoning lives in base and offices; what several checks need from the corpus is a model record
    # (quote pairs, attributions), made once by a step.
    if path.stem == "__init__":
        return
    kinds = {p.stem for p in MODULES} - {"__init__", "base", "offices"}
    used = {name.split(".")[2] for name in _imported(path) if name.startswith("crossfact.checks.")}
    assert used & kinds == set(), f"checks/{path.name} imports the check(s) {sorted(used & kinds)}"
