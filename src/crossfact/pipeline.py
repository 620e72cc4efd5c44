"""Run the analysis: read inputs, map the per-article stages through an executor, then build the Report.

The per-article stages are listed once in :data:`STAGES`, each declaring the Article fields it reads and writes;
:func:`check_stage_order` verifies at start-up that every field is written before it is read.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from crossfact import errors
from crossfact.checks import run_checks
from crossfact.checks.base import Corpus
from crossfact.clean import clean_article
from crossfact.config import Config, config_to_dict
from crossfact.crossdoc.align import align_claims
from crossfact.crossdoc.families import build_families
from crossfact.crossdoc.link import link_entities
from crossfact.crossdoc.reuse import READS as REUSE_READS
from crossfact.crossdoc.reuse import add_sketch, find_reuse
from crossfact.crossdoc.stories import cluster_stories
from crossfact.crossdoc.timeline import build_timeline
from crossfact.engines import Executor
from crossfact.engines.local import LocalExecutor
from crossfact.extract.entities import canonicalise_entities, describe_backend, extract_mentions
from crossfact.extract.facts import extract_facts
from crossfact.extract.quantities import extract_quantities
from crossfact.extract.quotes import extract_quotes
from crossfact.extract.times import extract_times
from crossfact.kb import load_kb
from crossfact.model import (
    Article,
    Claim,
    Entity,
    Family,
    Finding,
    Report,
    ReuseLink,
    RunInfo,
    Skipped,
    StageCount,
    Story,
    TimelineEntry,
)
from crossfact.read import read_paths
from crossfact.split import split_article

# What the reader fills in on every Article.
READER_WRITES = ("id", "path", "raw", "raw_sha256", "source", "url", "title", "published", "warnings")


@dataclass(frozen=True, slots=True)
class Stage:
    """A per-article stage: a pure function of one Article (and the config) and the fields it touches."""

    name: str
    run: Callable[[Article, Config], Article]
    reads: tuple[str, ...]
    writes: tuple[str, ...]
    # What runs for this stage under a config, and why a fallback runs if it does.
    describe: Callable[[Config], tuple[str, str | None]] = field(default=lambda config: ("", None))


def _fixed(component: str) -> Callable[[Config], tuple[str, str | None]]:
    return lambda config: (component, None)


def _clean(article: Article, config: Config) -> Article:
    return clean_article(article, config=config.clean)


def _split(article: Article, config: Config) -> Article:
    return split_article(article, config=config.split)


def _entities(article: Article, config: Config) -> Article:
    mentions = extract_mentions(article, config=config.entities, kb_files=config.kb_files)
    return replace(article, mentions=tuple(mentions))


def _quotes(article: Article, config: Config) -> Article:
    return replace(article, quotes=tuple(extract_quotes(article)))


def _quantities(article: Article, config: Config) -> Article:
    return replace(article, quantities=tuple(extract_quantities(article)))


def _times(article: Article, config: Config) -> Article:
    return replace(article, times=tuple(extract_times(article, kb=load_kb(config.kb_files))))


def _sketch(article: Article, config: Config) -> Article:
    return add_sketch(article, config=config.reuse)


def _facts(article: Article, config: Config) -> Article:
    return replace(article, facts=tuple(extract_facts(article)))


STAGES: tuple[Stage, ...] = (
    Stage("clean", _clean, reads=("raw",), writes=("text", "edits"), describe=_fixed("clean:rules")),
    Stage("split", _split, reads=("text",), writes=("sentences",), describe=_fixed("split:rules")),
    Stage(
        "entities",
        _entities,
        reads=("text",),
        writes=("mentions",),
        describe=lambda config: describe_backend(config.entities),
    ),
    Stage(
        "quotes",
        _quotes,
        reads=("text", "sentences", "mentions"),
        writes=("quotes",),
        describe=_fixed("quotes:rules"),
    ),
    Stage(
        "quantities",
        _quantities,
        reads=("text",),
        writes=("quantities",),
        describe=_fixed("quantities:rules"),
    ),
    Stage(
        "times",
        _times,
        reads=("text", "published", "sentences", "mentions"),
        writes=("times",),
        describe=_fixed("times:rules"),
    ),
    Stage(
        "facts",
        _facts,
        reads=("sentences", "mentions", "quantities", "times", "quotes"),
        writes=("facts",),
        describe=_fixed("facts:triggers"),
    ),
    Stage(
        "reuse",
        _sketch,
        reads=REUSE_READS,
        writes=("sketch",),
        describe=_fixed("reuse:minhash-lsh+fingerprints"),
    ),
)


def active_stages(config: Config) -> tuple[Stage, ...]:
    """Return the stages this config runs, in pipeline order; raise ConfigError on an unknown name."""
    if not config.stages:
        return STAGES
    known = {stage.name for stage in STAGES}
    unknown = sorted(set(config.stages) - known)
    if unknown:
        raise errors.ConfigError(f"unknown stage(s) {unknown}; stages are {[stage.name for stage in STAGES]}")
    return tuple(stage for stage in STAGES if stage.name in config.stages)


def check_stage_order(stages: Iterable[Stage] = STAGES) -> None:
    """Raise ValueError if a stage reads a field that neither the reader nor an earlier stage writes."""
    written = set(READER_WRITES)
    for stage in stages:
        missing = [name for name in stage.reads if name not in written]
        if missing:
            raise ValueError(f"stage '{stage.name}' reads {missing} before any stage writes them")
        written.update(stage.writes)


@dataclass(frozen=True, slots=True)
class ChainResult:
    """One article after the per-article chain, with how long each stage took on it, or why a stage failed."""

    article: Article
    seconds: tuple[float, ...]
    failure: str | None = None


def run_chain(article: Article, config: Config, *, stages: tuple[Stage, ...] | None = None) -> ChainResult:
    """Return the article after every active stage, with per-stage timings; a stage that raises on this
    article ends its chain with the failure recorded, so one odd document never stops the batch."""
    seconds: list[float] = []
    for stage in stages if stages is not None else active_stages(config):
        began = time.perf_counter()
        try:
            article = stage.run(article, config)
        except (
            Exception
        ) as e:  # the per-document boundary: the article is reported as skipped, with the reason
            failure = errors.STAGE_FAILED.format(stage=stage.name, error=f"{type(e).__name__}: {e}")
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
) -> Report:
    """Return the Report for the articles read from ``inputs`` (paths, directories, globs or Articles)."""
    from crossfact import __version__

    config = config or Config()
    executor = executor or LocalExecutor(config.workers)
    stages = active_stages(config)
    try:
        check_stage_order(stages)
    except ValueError as e:
        raise errors.ConfigError(str(e)) from e
    began = time.perf_counter()
    tally = _Tally()
    skipped: list[Skipped] = []
    input_count = 0

    def articles() -> Iterator[Article]:
        nonlocal input_count
        for item in _items(inputs, config):
            input_count += 1
            if isinstance(item, Skipped):
                tally.add("read", "unreadable")
                skipped.append(item)
            else:
                tally.add("read", "passed")
                yield item

    stage_seconds = [0.0] * len(stages)
    kept: dict[str, Article] = {}
    by_content: dict[str, str] = {}
    for result in executor.map(partial(run_chain, config=config), articles()):
        for index, seconds in enumerate(result.seconds):
            stage_seconds[index] += seconds
        article = result.article
        if on_article is not None:
            on_article()
        if result.failure is not None:
            tally.add("stages", "failed")
            skipped.append(Skipped(article.path, result.failure))
            continue
        if not article.text.strip():
            tally.add("clean", "no_text_left")
            skipped.append(Skipped(article.path, errors.NOTHING_LEFT_AFTER_CLEAN))
            continue
        tally.add("clean", "passed")
        content_key = _content_key(article.text)
        if content_key in by_content:
            first = kept[by_content[content_key]]
            kept[first.id] = replace(first, merged=(*first.merged, article.path))
            tally.add("dedup", "duplicate")
            continue
        tally.add("dedup", "passed")
        by_content[content_key] = article.id
        kept[article.id] = article

    cross = _cross_article(tuple(kept.values()), config)
    timings = (
        *((stage.name, round(seconds, 4)) for stage, seconds in zip(stages, stage_seconds, strict=True)),
        *cross.timings,
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
        articles=cross.articles,
        skipped=tuple(skipped),
        run=run,
        entities=cross.entities,
        reuse=cross.reuse,
        stories=cross.stories,
        families=cross.families,
        claims=cross.claims,
        findings=cross.findings,
        timeline=cross.timeline,
    )


@dataclass(slots=True)
class _CrossArticle:
    """What the cross-article steps add, with how long each step took."""

    articles: tuple[Article, ...]
    entities: tuple[Entity, ...] = ()
    reuse: tuple[ReuseLink, ...] = ()
    stories: tuple[Story, ...] = ()
    families: tuple[Family, ...] = ()
    claims: tuple[Claim, ...] = ()
    findings: tuple[Finding, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    timings: list[tuple[str, float]] = field(default_factory=list)


def _cross_article(articles: tuple[Article, ...], config: Config) -> _CrossArticle:
    """Run the steps that look across articles; each works on compact per-article outputs."""
    out = _CrossArticle(articles)
    clock = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        out.timings.append((step, round(now - clock, 4)))
        clock = now

    kb = load_kb(config.kb_files)
    ran = {stage.name for stage in active_stages(config)}
    # A step runs when the per-article stage that feeds it ran: a benchmark of read+clean+split times no more.
    if "entities" in ran:
        out.entities = canonicalise_entities(articles, kb=kb)
        out.articles = link_entities(articles, out.entities)
        lap("canonicalise")
        out.stories = cluster_stories(out.articles, config=config.stories)
        lap("stories")
    if "reuse" in ran:
        out.reuse = find_reuse(out.articles, config=config.reuse)
        lap("reuse-pairs")
    # Without reuse links every article is its own family: nothing says two are dependent.
    out.families = build_families(out.articles, out.reuse, config=config.reuse)
    lap("families")
    if "facts" in ran:
        out.claims = align_claims(out.articles, out.families, out.entities)
        lap("claims")
        corpus = Corpus(
            out.articles, kb, out.entities, reuse=out.reuse, families=out.families, claims=out.claims
        )
        out.findings = run_checks(corpus)
        lap("checks")
        out.timeline = build_timeline(out.articles, out.claims)
        lap("timeline")
    return out


def describe_components(config: Config) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """Return the components this config runs and the fallbacks among them, each with its reason."""
    described = [stage.describe(config) for stage in active_stages(config)]
    ran = {stage.name for stage in active_stages(config)}
    components = (
        "read",
        *(name for name, _ in described),
        *(("canonicalise:kb+names", "stories:stream-tfidf") if "entities" in ran else ()),
        "families:provenance-graph",
        *(("claims:align", "checks", "timeline") if "facts" in ran else ()),
    )
    fallbacks = tuple((name, reason) for name, reason in described if reason)
    return components, fallbacks


def _items(inputs: Iterable[str | Path | Article], config: Config) -> Iterator[Article | Skipped]:
    paths: list[str | Path] = []
    for item in inputs:
        if isinstance(item, Article):
            if paths:
                yield from read_paths(paths, config=config.read)
                paths = []
            yield item
        else:
            paths.append(item)
    if paths:
        yield from read_paths(paths, config=config.read)


def _content_key(text: str) -> str:
    # Whitespace differences do not make a different article: compare the words only.
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()
