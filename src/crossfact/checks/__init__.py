"""Checks: one module per finding kind, each a pure ``check(corpus) -> Iterator[Finding]``, listed in CHECKS."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from types import ModuleType

from crossfact.checks.base import Corpus
from crossfact.model import Finding

from . import anachronism, garbled_name, office_mismatch, template_text

CHECKS: tuple[ModuleType, ...] = (template_text, garbled_name, anachronism, office_mismatch)


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
