"""The one declared unit of the pipeline, for both halves: a :class:`Step` with what it requires and assigns.

A step names the model fields it reads (``requires``) and writes (``assigns``) as ``article.<field>`` (a field of
every :class:`~crossfact.model.Article`, written by a per-article step) or ``corpus.<field>`` (a field of the
:class:`~crossfact.model.Corpus` the cross-article steps pass along), and the :class:`~crossfact.config.Config`
section that configures it. ``build`` makes the step's function once from the config and the shared
:class:`Resources` (the KB, a loaded model), so nothing is loaded per article. ``pipeline.py`` checks the order of
the declared steps at start-up, as spaCy's ``Language.factory(requires=, assigns=)`` and ``pipe_analysis`` do,
and checks after each cross-article step that it changed only what it declared.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Generic, Literal, TypeVar

from crossfact.config import Config
from crossfact.kb import KB, load_kb

Scope = Literal["article", "corpus"]
T = TypeVar("T")

# What the reader fills in on every Article, before any step runs.
READER_ASSIGNS = tuple(
    f"article.{name}"
    for name in ("id", "path", "raw", "raw_sha256", "source", "url", "title", "published", "warnings", "name")
)
# What the cross-article half starts from: the analysed, deduplicated articles.
CORPUS_START = ("corpus.articles",)


@dataclass(frozen=True, slots=True)
class Resources:
    """What steps share and must load only once per process: the knowledge base."""

    kb: KB


def load_resources(config: Config) -> Resources:
    """Return the shared resources for this config (the shipped KB extended by ``config.kb_files``)."""
    return Resources(kb=load_kb(config.kb_files))


@dataclass(frozen=True, slots=True)
class Step(Generic[T]):
    """A pipeline step: ``build(config, resources)`` returns a function ``T -> T`` (an Article or a Corpus).

    ``component`` says what runs under a config and, when a fallback runs, why; by default it is
    ``"<name>:<method>"`` from ``method``.
    """

    name: str
    scope: Scope
    build: Callable[[Config, Resources], Callable[[T], T]]
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    section: str | None = None
    method: str = "rules"
    # Fields read when an earlier step made them, and worked without otherwise (families without reuse links:
    # every article is its own family). The order check still requires their makers to come first.
    uses: tuple[str, ...] = ()
    describe: Callable[[Config], tuple[str, str | None]] | None = field(default=None)

    def component(self, config: Config) -> tuple[str, str | None]:
        """Return the component that runs for this step under ``config`` and the reason for a fallback."""
        if self.describe is not None:
            return self.describe(config)
        return f"{self.name}:{self.method}", None


def setting(
    name: str, make: Callable[[T, Config, Resources], Any]
) -> Callable[[Config, Resources], Callable[[T], T]]:
    """Return a ``build`` for the common step that sets one field ``name`` to ``make(item, config, resources)``."""

    def build(config: Config, resources: Resources) -> Callable[[T], T]:
        def run(item: T) -> T:
            return replace(item, **{name: make(item, config, resources)})  # type: ignore[type-var]

        return run

    return build
