"""Write a claim's statement the way a reader can take it alone, for every renderer (HTML, Markdown, the app, CSV,
ClaimReview).

A statement is its fact's clause, exact words of one article. A clause that shares its subject with an earlier
clause of the sentence ("Nichols then took her gun, went to the chambers of Judge Barnes") starts without it:
"went to the chambers ..." does not say who. The renderers then lead it with the subject in square brackets, the
way an editor marks words added to a quotation: "[Nichols] went to the chambers ...". The subject's words are the
fact's own agent slot, from the same sentence; the span in report.json stays the clause alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from crossfact.model import Claim


def readable_statement(statement: str, start: int, agents: Iterable[tuple[int, str]]) -> str:
    """Return ``statement`` (starting at offset ``start``) led by ``[agent]`` when an agent, given as (end
    offset, words), stands before it; the nearest one when several do."""
    before = [(end, words) for end, words in agents if end <= start]
    if not before:
        return statement
    _, words = max(before)
    return f"[{' '.join(words.split())}] {statement}"


def claim_statement(claim: Claim, text: str) -> str:
    """Return the readable statement of ``claim``; ``text`` is its statement article's text."""
    agents = ((slot.end, text[slot.start : slot.end]) for slot in claim.slots if slot.role == "agent")
    return readable_statement(claim.statement.text_in(text), claim.statement.start, agents)


def claim_record_statement(claim: Mapping[str, Any]) -> str:
    """Return the readable statement of a claim record of report.json."""
    statement = claim["statement"]
    agents = ((slot["end"], slot["text"]) for slot in claim.get("slots", {}).get("agent", ()))
    return readable_statement(statement["text"], statement["start"], agents)
