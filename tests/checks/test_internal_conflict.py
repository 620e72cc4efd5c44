"""internal_conflict fires when one article gives two values for one slot, silent on consistent articles."""

from __future__ import annotations

from typing import Any

import pytest

from crossfact.pipeline import analyze
from crossfact.read import Meta, make_article
from tests.conftest import assert_evidence_exact, findings_of

SIGNING = (
    "THE HAGUE, March 11 - The Dutch government on Tuesday signed a €4.2 billion contract with Hvidsand "
    "Energi and Jadewerk Wasserstoff to build an offshore hydrogen link to Eemshaven.\n\n"
    "The consortium will build a 500-megawatt electrolysis platform north of Schiermonnikoog. The Dutch "
    "state will pay 35% of the cost through a subsidy.\n\n"
)


def _words(report: Any, found: Any) -> list[str]:
    texts = {a.id: a.text for a in report.articles}
    return [texts[s.article][s.start : s.end] for s in found.evidence]


@pytest.mark.parametrize(
    "later",
    [
        # The same claim: same event, same actors, another figure.
        "Hvidsand Energi and Jadewerk Wasserstoff signed the €2.4 billion contract in The Hague after a "
        "tender that drew three bids.",
        # Another claim, but the same definite noun: "the €2.4 billion contract".
        "Critics in parliament say the €2.4 billion contract leaves too much of the risk with taxpayers.",
    ],
)
def test_internal_conflict_fires_on_a_contract_given_two_values(later: str) -> None:
    report = analyze([make_article("t.txt", SIGNING + later + "\n", Meta(published="2025-03-12"))])
    (found,) = findings_of(report, "internal_conflict")
    assert found.severity == "warning"
    assert _words(report, found) == ["€4.2 billion", "€2.4 billion"]
    assert "'€4.2 billion' and later '€2.4 billion'" in found.message
    assert_evidence_exact(report)


def test_internal_conflict_silent_when_figures_agree_or_are_different_things() -> None:
    text = SIGNING + (
        "Hvidsand Energi and Jadewerk Wasserstoff signed the €4.2 billion contract in The Hague. "
        "The €1.5 billion link to Wilhelmshaven that the cabinet is weighing is another project.\n"
    )
    report = analyze([make_article("t.txt", text, Meta(published="2025-03-12"))])
    assert findings_of(report, "internal_conflict") == []


def test_internal_conflict_silent_on_seeds_and_demo(seeds_report: Any, demo_report: Any) -> None:
    # Seed 001 cuts tariffs "from 27.5% to 15%" and 002 repeats 15%; the demo's 05 conflicts with other
    # articles (€2.4 billion vs €4.2 billion), not with itself.
    assert findings_of(seeds_report, "internal_conflict") == []
    assert findings_of(demo_report, "internal_conflict") == []
