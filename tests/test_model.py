"""The model's vocabularies are the contract: each Literal lists exactly what its stage produces."""

from __future__ import annotations

from typing import get_args

from crossfact import clean
from crossfact.extract import facts
from crossfact.model import EditReason, FactKind


def test_model_fact_kinds_are_the_facts_stage_inventory() -> None:
    produced = {kind for kind, _ in facts.EVENT_KINDS} | {facts.FIGURE, facts.STATEMENT, facts.EVENT}
    assert set(get_args(FactKind)) == produced


def test_model_edit_reasons_are_the_clean_stage_reasons() -> None:
    reasons = {
        clean.WRAP,
        clean.MARKUP,
        clean.ENTITY,
        clean.TABLE,
        clean.BOILERPLATE,
        clean.SPACE,
        clean.WIRE,
        clean.LIMIT,
    }
    assert set(get_args(EditReason)) == reasons
