"""Flag scraping debris and template residue in an article.

What a fact-checker learns: the page was scraped badly. Figures that sat in a flattened table were dropped from
the analysed text (the clean stage's edit log keeps them), an outlet banner was cut off, or residue the clean stage
could not repair is still in the text ("DiplomacyThe unfolding", "{{headline}}"), so the words around it deserve
a look at the original page before they are quoted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from crossfact import lang
from crossfact.checks.base import finding
from crossfact.config import ChecksConfig
from crossfact.kb import KB
from crossfact.model import Article, Corpus, Edit, EditReason, Finding, Span

KIND = "template_text"
# The clean stage's edit reasons that mean scraping debris was removed, and page furniture kept out.
_DEBRIS: frozenset[EditReason] = frozenset({"table", "markup"})
_FURNITURE: frozenset[EditReason] = frozenset({"boilerplate"})
_EXCERPT = 80
# A heading glued to the next sentence ("…Economic DiplomacyThe unfolding scenario…"): lower-case letters
# running straight into a capitalised word that opens sentences (lang/en/glued_openers.txt, which the facts
# step reads to cut the span there), itself followed by a lower-case word.
_GLUED = re.compile(
    r"\b[A-Za-z]*[a-z]{3}(?:" + lang.alternation(lang.words("glued_openers")) + r")(?=\s+[a-z])"
)
_PLACEHOLDER = re.compile(
    r"\{\{[^{}\n]{0,60}\}\}|\[(?:INSERT|TBD|TK|PLACEHOLDER)[^\]\n]{0,60}\]|\blorem ipsum\b|\[object Object\]",
    re.IGNORECASE,
)


def check(corpus: Corpus, kb: KB, config: ChecksConfig) -> Iterator[Finding]:
    """Yield a finding per block of removed debris and per piece of residue left in each article."""
    for article in corpus.articles:
        yield from _removed_blocks(article, config.template_text.block_gap)
        yield from _residue(article)


def _blocks(edits: tuple[Edit, ...], reasons: frozenset[EditReason], gap: int) -> Iterator[list[Edit]]:
    block: list[Edit] = []
    for edit in edits:
        if edit.reason not in reasons:
            continue
        if block and edit.raw_start - block[-1].raw_end > gap:
            yield block
            block = []
        block.append(edit)
    if block:
        yield block


def _near_sentence(article: Article, offset: int) -> Span | None:
    """Return the sentence at or right after ``offset`` (or the last one before it) as evidence."""
    after = [s for s in article.sentences if s.end > offset]
    sentence = after[0] if after else (article.sentences[-1] if article.sentences else None)
    return Span(article.id, sentence.start, sentence.end) if sentence else None


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _EXCERPT else flat[: _EXCERPT - 1] + "…"


def _removed_blocks(article: Article, gap: int) -> Iterator[Finding]:
    for block in _blocks(article.edits, _DEBRIS, gap):
        span = _near_sentence(article, block[0].start)
        if span is None:
            continue
        removed = "".join(edit.raw for edit in block)
        yield finding(
            KIND,
            "warning",
            f"scraped table or markup debris was removed next to this sentence ({len(removed)} characters: "
            f"'{_excerpt(removed)}'); figures in it are not analysed",
            article.id,
            [span],
        )
    for block in _blocks(article.edits, _FURNITURE, gap):
        span = _near_sentence(article, block[0].start)
        if span is None:
            continue
        removed = "".join(edit.raw for edit in block)
        yield finding(
            KIND,
            "info",
            f"page furniture was kept out of the text before this sentence: '{_excerpt(removed)}'",
            article.id,
            [span],
        )


def _residue(article: Article) -> Iterator[Finding]:
    for pattern, what in (
        (_GLUED, "a heading glued to the next sentence"),
        (_PLACEHOLDER, "template residue"),
    ):
        for match in pattern.finditer(article.text):
            yield finding(
                KIND,
                "warning",
                f"{what} left in the text: '{_excerpt(match.group())}'",
                article.id,
                [Span(article.id, match.start(), match.end())],
            )
