"""Run the analysis: read inputs, map the per-article steps through an executor, then the cross-article steps.

Both halves are declared :class:`~crossfact.step.Step`s, listed once here in pipeline order
(:data:`ARTICLE_STEPS`, :data:`CORPUS_STEPS`). :func:`plan_steps` builds the plan for a config and checks at
start-up that every field a step requires is assigned by the reader or an earlier step; duplicates are merged as
soon as the cleaned text exists, so they never pay for the NLP chain. Engines only schedule.
"""

from __future__ import annotations

import dataclasses
import hashlib
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from crossfact import checks, clean, errors, split
from crossfact.config import Config, config_to_dict, validate_config
from crossfact.crossdoc import claims, events, families, link, quote_pairs, reuse, stories, timeline
from crossfact.engines import Executor
from crossfact.engines.local import LocalExecutor
from crossfact.extract import attributions, entities, facts, quantities, quotes, sketch, times
from crossfact.limits import StageTimeout, time_budget
from crossfact.model import Article, Corpus, Report, RunInfo, Skipped, StageCount
from crossfact.read import read_paths
from crossfact.step import CORPUS_START, READER_ASSIGNS, Resources, Step, load_resources

ARTICLE_STEPS: tuple[Step[Article], ...] = (
    clean.STEP,
    split.STEP,
    entities.STEP,
    quotes.STEP,
    attributions.STEP,
    quantities.STEP,
    times.STEP,
    facts.STEP,
    sketch.STEP,
    sketch.FEATURES_STEP,
)
CORPUS_STEPS: tuple[Step[Corpus], ...] = (
    link.STEP,
    stories.STEP,
    reuse.STEP,
    families.STEP,
    events.STEP,
    claims.STEP,
    events.LABEL_STEP,
    quote_pairs.STEP,
    checks.STEP,
    timeline.STEP,
)
# Duplicates are found on the cleaned text, right after the first step that assigns it.
DEDUP_REQUIRES = ("article.text",)


@dataclass(frozen=True, slots=True)
class Plan:
    """The steps one config runs: per-article steps before and after dedup, then the cross-article steps.

    ``not_run`` names each cross-article step left out because a per-article step it needs was not selected.
    """

    before_dedup: tuple[Step[Article], ...]
    after_dedup: tuple[Step[Article], ...]
    corpus: tuple[Step[Corpus], ...]
    not_run: tuple[tuple[str, str], ...] = ()

    @property
    def article_steps(self) -> tuple[Step[Article], ...]:
        """Return every per-article step of the plan, in order."""
        return (*self.before_dedup, *self.after_dedup)


def plan_steps(config: Config) -> Plan:
    """Return the plan for ``config``; raise ConfigError on an unknown stage name or a read before a write."""
    selected = ARTICLE_STEPS
    if config.stages:
        known = [step.name for step in ARTICLE_STEPS]
        unknown = sorted(set(config.stages) - set(known))
        if unknown:
            raise errors.ConfigError(errors.STEP_UNKNOWN.format(unknown=unknown, known=known))
        selected = tuple(step for step in ARTICLE_STEPS if step.name in config.stages)
    try:
        check_step_order(selected, ())
    except ValueError as e:
        raise errors.ConfigError(str(e)) from e
    # A cross-article step runs when what it requires is made: a benchmark of read+clean+split times no more.
    made = set(READER_ASSIGNS) | set(CORPUS_START) | {name for step in selected for name in step.assigns}
    corpus: list[Step[Corpus]] = []
    not_run: list[tuple[str, str]] = []
    for step in CORPUS_STEPS:
        missing = [name for name in step.requires if name not in made]
        if missing:
            not_run.append((step.name, f"needs {', '.join(missing)}"))
            continue
        corpus.append(step)
        made.update(step.assigns)
    check_step_order(selected, corpus)
    cut = _dedup_point(selected)
    return Plan(selected[:cut], selected[cut:], tuple(corpus), tuple(not_run))


def check_step_order(
    article_steps: Iterable[Step[Article]] = ARTICLE_STEPS,
    corpus_steps: Iterable[Step[Corpus]] = CORPUS_STEPS,
) -> None:
    """Raise ValueError if a step requires or uses a field that neither the reader nor an earlier step
    assigns, or names a field the model does not have."""
    fields = {
        "article": {f.name for f in dataclasses.fields(Article)},
        "corpus": {f.name for f in dataclasses.fields(Corpus)},
    }
    made = set(READER_ASSIGNS) | set(CORPUS_START)
    steps: list[Step[Any]] = [*article_steps, *corpus_steps]
    later = {name for step in steps for name in step.assigns}
    for step in steps:
        for name in (*step.requires, *step.uses, *step.assigns):
            scope, _, attribute = name.partition(".")
            if attribute not in fields.get(scope, set()):
                raise ValueError(f"step '{step.name}' names {name!r}, which is not a model field")
        missing = [name for name in step.requires if name not in made]
        missing += [name for name in step.uses if name not in made and name in later]
        if missing:
            raise ValueError(errors.STEP_ORDER.format(step=step.name, missing=missing))
        made.update(step.assigns)


def _dedup_point(steps: tuple[Step[Article], ...]) -> int:
    made = set(READER_ASSIGNS)
    for index, step in enumerate(steps):
        made.update(step.assigns)
        if all(name in made for name in DEDUP_REQUIRES):
            return index + 1
    return 0


@lru_cache(maxsize=4)
def _built(config: Config, names: tuple[str, ...]) -> tuple[Callable[[Article], Article], ...]:
    """Return the per-article functions of the named steps, built once per process with the shared resources."""
    resources = load_resources(config)
    by_name = {step.name: step for step in ARTICLE_STEPS}
    return tuple(by_name[name].build(config, resources) for name in names)


@dataclass(frozen=True, slots=True)
class ChainResult:
    """One article after a run of per-article steps, with how long each step took on it, or why one failed."""

    article: Article
    seconds: tuple[float, ...]
    failure: str | None = None


def run_chain(
    article: Article,
    config: Config,
    *,
    steps: tuple[str, ...] | None = None,
    functions: tuple[tuple[str, Callable[[Article], Article]], ...] | None = None,
) -> ChainResult:
    """Return the article after the named per-article steps (all the config's, by default), with per-step
    timings; a step that raises on this article ends its chain with the failure recorded, so one odd document
    never stops the batch. ``functions`` runs given (name, function) pairs instead."""
    if functions is None:
        names = steps if steps is not None else tuple(step.name for step in plan_steps(config).article_steps)
        functions = tuple(zip(names, _built(config, names), strict=True))
    seconds: list[float] = []
    budget = config.limits.stage_seconds
    for name, function in functions:
        began = time.perf_counter()
        try:
            # The timer's expiry can land just after the stage returns, so it is caught here too.
            with time_budget(budget):
                article = function(article)
        except StageTimeout:
            failure = errors.STAGE_TIMEOUT.format(stage=name, seconds=budget)
            return ChainResult(article, tuple(seconds), failure)
        except (
            Exception
        ) as e:  # the per-document boundary: the article is reported as skipped, with the reason
            failure = errors.STAGE_FAILED.format(stage=name, error=f"{type(e).__name__}: {e}")
            return ChainResult(article, tuple(seconds), failure)
        seconds.append(time.perf_counter() - began)
    return ChainResult(article, tuple(seconds))


@dataclass(slots=True)
class _Tally:
    """Counts of what each step saw, passed and dropped, gathered while the run streams."""

    counts: dict[str, Counter[str]] = field(default_factory=dict)

    def add(self, step: str, outcome: str) -> None:
        self.counts.setdefault(step, Counter())[outcome] += 1

    def freeze(self) -> tuple[tuple[str, StageCount], ...]:
        frozen = []
        for step, counter in self.counts.items():
            dropped = tuple(sorted((k, v) for k, v in counter.items() if k != "passed"))
            seen = sum(counter.values())
            frozen.append((step, StageCount(seen=seen, passed=counter["passed"], dropped=dropped)))
        return tuple(frozen)


def analyze(
    inputs: Iterable[str | Path | Article],
    config: Config | None = None,
    executor: Executor | None = None,
    *,
    on_article: Callable[[], None] | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
) -> Report:
    """Return the Report for the articles read from ``inputs`` (paths, directories, globs or Articles);
    ``on_skip`` hears of each skipped input or article as it happens."""
    from crossfact import __version__

    config = validate_config(config or Config())
    executor = executor or LocalExecutor(config.workers)
    plan = plan_steps(config)
    began = time.perf_counter()
    tally = _Tally()
    skipped = SkipLog(on_skip)
    seconds: dict[str, float] = {step.name: 0.0 for step in plan.article_steps}
    input_count = 0

    def articles() -> Iterator[Article]:
        nonlocal input_count
        for item in _items(inputs, config):
            input_count += 1
            if isinstance(item, Skipped):
                tally.add("read", "unreadable")
                skipped.add(item)
            else:
                tally.add("read", "passed")
                yield item

    def finished(results: Iterator[ChainResult], steps: tuple[Step[Article], ...]) -> Iterator[Article]:
        for result in results:
            for step, spent in zip(steps, result.seconds, strict=False):
                seconds[step.name] += spent
            if result.failure is not None:
                if on_article is not None:
                    on_article()
                tally.add("stages", "failed")
                skipped.add(Skipped(result.article.path, result.failure))
                continue
            yield result.article

    dedup = Dedup(tally, skipped, on_article)
    merged = dedup.merged

    def deduplicated(cleaned: Iterator[Article]) -> Iterator[Article]:
        return (article for article in cleaned if dedup.keep(article))

    stream: Iterator[Article] = articles()
    if plan.before_dedup:
        names = tuple(step.name for step in plan.before_dedup)
        stream = finished(
            executor.map(partial(run_chain, config=config, steps=names), stream), plan.before_dedup
        )
    stream = deduplicated(stream)
    if plan.after_dedup:
        names = tuple(step.name for step in plan.after_dedup)
        stream = finished(
            executor.map(partial(run_chain, config=config, steps=names), stream), plan.after_dedup
        )
    kept: list[Article] = []
    for article in stream:
        if on_article is not None:
            on_article()
        kept.append(article)
    # A duplicate can arrive after its first copy left for the later steps: apply the merges at the end.
    kept = [
        replace(article, merged=tuple(merged[article.id])) if article.id in merged else article
        for article in kept
    ]

    corpus, corpus_seconds = run_corpus_steps(Corpus(tuple(kept)), config, plan.corpus)
    timings = (
        *((name, round(spent, 4)) for name, spent in seconds.items()),
        *corpus_seconds,
        ("total", round(time.perf_counter() - began, 4)),
    )
    components, fallbacks = describe_components(config)
    run = RunInfo(
        version=__version__,
        components=components,
        fallbacks=fallbacks,
        timings=timings,
        counts=tally.freeze(),
        inputs=input_count,
        executor=executor.name,
        config=config_to_dict(config),
    )
    return Report(
        articles=corpus.articles,
        skipped=tuple(skipped.items),
        run=run,
        entities=corpus.entities,
        reuse=corpus.reuse,
        stories=corpus.stories,
        families=corpus.families,
        events=corpus.events,
        claims=corpus.claims,
        conflicts=corpus.conflicts,
        findings=corpus.findings,
        timeline=corpus.timeline,
    )


@dataclass(slots=True)
class SkipLog:
    """The skipped inputs of a run, each also handed to ``on_skip`` when it happens (the CLI prints it at once,
    so a long run shows its bad inputs before it ends)."""

    on_skip: Callable[[Skipped], None] | None = None
    items: list[Skipped] = field(default_factory=list)

    def add(self, item: Skipped) -> None:
        """Record ``item`` and pass it on."""
        self.items.append(item)
        if self.on_skip is not None:
            self.on_skip(item)


@dataclass(slots=True)
class Dedup:
    """Drops cleaned articles left empty and copies of an earlier article's text, keeping the tally, the skips
    and the merges (first article id -> paths of its copies) that say so."""

    tally: _Tally
    skipped: SkipLog
    on_article: Callable[[], None] | None = None
    merged: dict[str, list[str]] = field(default_factory=dict)
    first_with: dict[str, str] = field(default_factory=dict)

    def keep(self, article: Article) -> bool:
        """Return whether ``article`` goes on to the later steps, recording why when it does not."""
        if not article.text.strip():
            if self.on_article is not None:
                self.on_article()
            self.tally.add("clean", "no_text_left")
            self.skipped.add(Skipped(article.path, errors.NOTHING_LEFT_AFTER_CLEAN))
            return False
        self.tally.add("clean", "passed")
        key = _content_key(article.text)
        if key in self.first_with:
            if self.on_article is not None:
                self.on_article()
            self.merged.setdefault(self.first_with[key], []).append(article.path)
            self.tally.add("dedup", "duplicate")
            return False
        self.tally.add("dedup", "passed")
        self.first_with[key] = article.id
        return True


def run_corpus_steps(
    corpus: Corpus,
    config: Config,
    steps: Iterable[Step[Corpus]],
    *,
    resources: Resources | None = None,
) -> tuple[Corpus, tuple[tuple[str, float], ...]]:
    """Return the corpus after the cross-article steps, with how long each took; a step that changes a field
    it did not declare is a programming error and raises RuntimeError."""
    resources = resources or load_resources(config)
    timings: list[tuple[str, float]] = []
    for step in steps:
        began = time.perf_counter()
        before = corpus
        corpus = step.build(config, resources)(corpus)
        changed = [
            f"corpus.{f.name}"
            for f in dataclasses.fields(Corpus)
            if getattr(corpus, f.name) is not getattr(before, f.name)
            and f"corpus.{f.name}" not in step.assigns
        ]
        if changed:
            raise RuntimeError(errors.STEP_UNDECLARED.format(step=step.name, fields=changed))
        timings.append((step.name, round(time.perf_counter() - began, 4)))
    return corpus, tuple(timings)


def describe_components(config: Config) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """Return the components this config runs and the fallbacks among them, each with its reason."""
    plan = plan_steps(config)
    steps: list[Step[Any]] = [*plan.article_steps, *plan.corpus]
    described = [step.component(config) for step in steps]
    components = ("read", *(name for name, _ in described))
    fallbacks = tuple((name, reason) for name, reason in described if reason)
    return components, fallbacks


def _items(inputs: Iterable[str | Path | Article], config: Config) -> Iterator[Article | Skipped]:
    paths: list[str | Path] = []
    for item in inputs:
        if isinstance(item, Article):
            if paths:
                yield from read_paths(paths, config=config.read, seconds=config.limits.stage_seconds)
                paths = []
            yield item
        else:
            paths.append(item)
    if paths:
        yield from read_paths(paths, config=config.read, seconds=config.limits.stage_seconds)


def _content_key(text: str) -> str:
    # Whitespace differences do not make a different article: compare the words only.
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()
