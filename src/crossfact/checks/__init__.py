"""Checks: one module per finding kind, each a pure ``check(corpus) -> Iterator[Finding]``, listed in CHECKS."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from types import ModuleType

from crossfact.checks.base import Corpus
from crossfact.config import Config
from crossfact.model import Corpus as AnalysedCorpus
from crossfact.model import Finding
from crossfact.step import Resources, Step

from . import (
    anachronism,
    anonymous_only,
    garbled_name,
    internal_conflict,
    office_mismatch,
    quote_misattributed,
    quote_mutated,
    template_text,
    unsupported_attribution,
)

CHECKS: tuple[ModuleType, ...] = (
    template_text,
    garbled_name,
    anachronism,
    office_mismatch,
    quote_mutated,
    quote_misattributed,
    anonymous_only,
    unsupported_attribution,
    internal_conflict,
)


def run_checks(corpus: Corpus, checks: tuple[ModuleType, ...] = CHECKS) -> tuple[Finding, ...]:
    """Return the findings of every check, ordered by article, then evidence position, then kind."""
    found: dict[str, Finding] = {}
    for module in checks:
        check: Callable[[Corpus], Iterator[Finding]] = module.check
        for item in check(corpus):
            found.setdefault(item.id, item)
    order = {article.id: index for index, article in enumerate(corpus.articles)}
    return tuple(
        sorted(
            found.values(),
            key=lambda f: (order.get(f.article, -1), f.evidence[0].start if f.evidence else -1, f.kind, f.id),
        )
    )


def _build(config: Config, resources: Resources) -> Callable[[AnalysedCorpus], AnalysedCorpus]:
    def run(corpus: AnalysedCorpus) -> AnalysedCorpus:
        view = Corpus(
            corpus.articles,
            resources.kb,
            corpus.entities,
            reuse=corpus.reuse,
            families=corpus.families,
            claims=corpus.claims,
        )
        return replace(corpus, findings=run_checks(view))

    return run


STEP: Step[AnalysedCorpus] = Step(
    "checks",
    "corpus",
    _build,
    requires=(
        "article.quotes",
        "article.facts",
        "corpus.entities",
        "corpus.reuse",
        "corpus.families",
        "corpus.claims",
    ),
    assigns=("corpus.findings",),
    method=f"{len(CHECKS)}-kinds",
)
