"""internal_conflict fires when one article gives two values for one slot, silent on consistent articles."""

from __future__ import annotations

from typing import Any

import pytest

from crossfact.checks import internal_conflict
from crossfact.config import ChecksConfig, InternalConflictConfig
from tests.checks.helpers import article_of, check_findings, corpus_of, words
from tests.conftest import findings_of

CLAIMS = ("canonicalise", "stories", "families", "events", "claims")

SIGNING = (
    "THE HAGUE, March 11 - The Dutch government on Tuesday signed a €4.2 billion contract with Hvidsand "
    "Energi and Jadewerk Wasserstoff to build an offshore hydrogen link to Eemshaven.\n\n"
    "The consortium will build a 500-megawatt electrolysis platform north of Schiermonnikoog. The Dutch "
    "state will pay 35% of the cost through a subsidy.\n\n"
)


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
    corpus = corpus_of(article_of(SIGNING + later + "\n", published="2025-03-12"), through=CLAIMS)
    (found,) = check_findings(internal_conflict, corpus)
    assert found.severity == "warning"
    assert words(corpus, found) == ["€4.2 billion", "€2.4 billion"]
    assert "'€4.2 billion' and later '€2.4 billion'" in found.message


def test_internal_conflict_silent_when_figures_agree_or_are_different_things() -> None:
    text = SIGNING + (
        "Hvidsand Energi and Jadewerk Wasserstoff signed the €4.2 billion contract in The Hague. "
        "The €1.5 billion link to Wilhelmshaven that the cabinet is weighing is another project.\n"
    )
    corpus = corpus_of(article_of(text, published="2025-03-12"), through=CLAIMS)
    assert check_findings(internal_conflict, corpus) == []


def test_internal_conflict_rounding_comes_from_the_config() -> None:
    later = (
        "Critics in parliament say the €4.0 billion contract leaves too much of the risk with taxpayers.\n"
    )
    corpus = corpus_of(article_of(SIGNING + later, published="2025-03-12"), through=CLAIMS)
    assert check_findings(internal_conflict, corpus) == []  # within 10 %: the same figure rounded
    strict = ChecksConfig(internal_conflict=InternalConflictConfig(rounding=0.01))
    (found,) = check_findings(internal_conflict, corpus, strict)
    assert words(corpus, found) == ["€4.2 billion", "€4.0 billion"]


def test_internal_conflict_silent_on_seeds_and_demo(seeds_report: Any, demo_report: Any) -> None:
    # Seed 001 cuts tariffs "from 27.5% to 15%" and 002 repeats 15%; the demo's 05 conflicts with other
    # articles (€2.4 billion vs €4.2 billion), not with itself.
    assert findings_of(seeds_report, "internal_conflict") == []
    assert findings_of(demo_report, "internal_conflict") == []
