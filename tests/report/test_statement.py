"""A claim's statement as a reader takes it alone: a clause sharing its subject gets it in square brackets."""

from __future__ import annotations

from crossfact.model import Claim, Report
from crossfact.pipeline import analyze
from crossfact.read import Meta, make_article
from crossfact.report.statement import claim_statement

TEXT = (
    "Deputies said the prisoner Carl Dorsey grabbed a guard's pistol at the Lakeview courthouse on Monday, ran to"
    " the parking garage and drove off in a stolen van. Dorsey was caught two hours later near Millbrook."
)


def _report() -> Report:
    return analyze([make_article("courthouse.txt", TEXT, Meta())])


def _claim_starting(report: Report, words: str) -> tuple[Claim, str]:
    text = report.articles[0].text
    (claim,) = [c for c in report.claims if c.statement.text_in(text).startswith(words)]
    return claim, text


def test_statement_of_a_clause_sharing_its_subject_leads_with_the_subject_in_brackets() -> None:
    claim, text = _claim_starting(_report(), "ran to the parking garage")
    assert claim_statement(claim, text).startswith("[Carl Dorsey] ran to the parking garage")
    # The span itself stays the clause: exact words of the article, nothing added.
    assert claim.statement.text_in(text).startswith("ran to")


def test_statement_with_its_own_subject_is_its_words() -> None:
    claim, text = _claim_starting(_report(), "Dorsey was caught")
    assert claim_statement(claim, text) == claim.statement.text_in(text)
