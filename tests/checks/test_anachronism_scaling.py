"""anachronism costs the same per dated fact however long the sentence holding the facts is (issue 16)."""

from __future__ import annotations

import pytest

from crossfact.checks import anachronism
from crossfact.config import ChecksConfig
from crossfact.kb import load_kb
from crossfact.model import Article, Corpus, Fact, Mention, Sentence, TimeExpr
from tests.scaling import MAX_RATIO, doubling_ratio


def dated_sentence(count: int) -> Article:
    """Return an article of one sentence holding ``count`` dates, each the time of its own fact, with a
    "the administration" phrase and a titled name between them (what the check looks for in a sentence)."""
    parts: list[str] = []
    times: list[TimeExpr] = []
    mentions: list[Mention] = []
    position = len("On ")
    for i in range(count):
        date = f"{1 + i % 28} March {1990 + i % 30}"
        times.append(
            TimeExpr(
                f"t{i}", "a", position, position + len(date), "DATE", f"{1990 + i % 30}-03-{1 + i % 28:02d}"
            )
        )
        name = "Minister Jan Peters"
        part = f"{date} the administration and {name}"
        start = position + len(part) - len("Jan Peters")
        mentions.append(Mention("a", start, start + len("Jan Peters"), "PERSON", role="Minister"))
        parts.append(part)
        position += len(part) + 2
    text = "On " + ", ".join(parts) + " met."
    facts = tuple(Fact(f"f{i}", "a", 0, len(text), "approve", times=(f"t{i}",)) for i in range(count))
    return Article(
        "a",
        "a.txt",
        text,
        "",
        text,
        sentences=(Sentence(0, len(text), 0),),
        times=tuple(times),
        mentions=tuple(mentions),
        facts=facts,
    )


@pytest.mark.issue(16)
def test_anachronism_is_linear_in_a_sentence_full_of_dates() -> None:
    kb = load_kb()
    config = ChecksConfig()
    ratio = doubling_ratio(
        lambda n: Corpus((dated_sentence(n),)),
        lambda corpus: list(anachronism.check(corpus, kb, config)),
        1000,
        repeats=2,
    )
    assert ratio < MAX_RATIO
