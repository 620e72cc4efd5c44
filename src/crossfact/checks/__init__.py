"""Checks: one module per finding kind, each a pure ``check(corpus) -> Iterator[Finding]``, listed in CHECKS."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from types import ModuleType

from crossfact.checks.base import Corpus
from crossfact.model import Finding

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
