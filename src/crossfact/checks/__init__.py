"""Checks: one module per finding kind, each a pure ``check(corpus, kb, config) -> Iterator[Finding]``, listed
in CHECKS.

A new finding kind is ``checks/<kind>.py`` (a ``KIND`` and a ``check``), one line in :data:`CHECKS`, a section in
:class:`~crossfact.config.ChecksConfig` if it has a tuned value, and ``tests/checks/test_<kind>.py``; the
registry test compares CHECKS with the modules on disk.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from types import ModuleType

from crossfact.config import ChecksConfig, Config
from crossfact.kb import KB
from crossfact.model import Corpus, Finding
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


def run_checks(
    corpus: Corpus,
    kb: KB,
    config: ChecksConfig,
    checks: tuple[ModuleType, ...] = CHECKS,
) -> tuple[Finding, ...]:
    """Return the findings of every check, ordered by article, then evidence position, then kind."""
    found: dict[str, Finding] = {}
    for module in checks:
        check: Callable[[Corpus, KB, ChecksConfig], Iterator[Finding]] = module.check
        for item in check(corpus, kb, config):
            found.setdefault(item.id, item)
    order = {article.id: index for index, article in enumerate(corpus.articles)}
    return tuple(
        sorted(
            found.values(),
            key=lambda f: (order.get(f.article, -1), f.evidence[0].start if f.evidence else -1, f.kind, f.id),
        )
    )


def _build(config: Config, resources: Resources) -> Callable[[Corpus], Corpus]:
    def run(corpus: Corpus) -> Corpus:
        return replace(corpus, findings=run_checks(corpus, resources.kb, config.checks))

    return run


STEP: Step[Corpus] = Step(
    "checks",
    "corpus",
    _build,
    requires=(
        "article.quotes",
        "article.attributions",
        "article.facts",
        "corpus.entities",
        "corpus.reuse",
        "corpus.families",
        "corpus.claims",
        "corpus.quote_pairs",
    ),
    assigns=("corpus.findings",),
    section="checks",
    method=f"{len(CHECKS)}-kinds",
)
