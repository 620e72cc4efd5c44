"""Every check module on disk is registered in CHECKS, and every registered one has a KIND and a check()."""

from __future__ import annotations

from pathlib import Path

import crossfact.checks
from crossfact.checks import CHECKS

HELPERS = {"__init__", "base", "offices"}


def test_registry_lists_every_check_module_on_disk() -> None:
    folder = Path(crossfact.checks.__file__).parent
    on_disk = {path.stem for path in folder.glob("*.py")} - HELPERS
    assert {module.__name__.rsplit(".", 1)[-1] for module in CHECKS} == on_disk
    for module in CHECKS:
        assert module.__name__.rsplit(".", 1)[-1] == module.KIND
        assert callable(module.check)
