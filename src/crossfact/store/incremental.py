"""The incremental run: the per-article steps run only for inputs the store has no current analysis of; the
cross-article steps then run over every article of the corpus.

An input is looked up by its key (a hash of everything the reader gave). A stored analysis is reused from the
first step whose fingerprint (pipeline version + that step's config) no longer matches: all of it when every step
matches, the later steps when only their config changed (a new ``reuse.num_perm`` re-runs the sketch, not
NER), the whole chain when the clean step changed. Everything else follows :func:`crossfact.pipeline.analyze`
step for step (the same reader loop, duplicate merging, counts, skips and cross-article steps), so the report
equals a run without a store over the same inputs, ids included.

This first slice recomputes every cross-article step from all stored articles on each run; joining new articles
to existing events, claims and families without re-clustering is issue 14's next step.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from crossfact.config import Config, config_to_dict, validate_config
from crossfact.engines import Executor
from crossfact.engines.local import LocalExecutor
from crossfact.model import Article, Corpus, Report, RunInfo, Skipped, StoreRun
from crossfact.pipeline import (
    Dedup,
    SkipLog,
    _items,
    _Tally,
    describe_components,
    plan_steps,
    run_chain,
    run_corpus_steps,
)
from crossfact.store.articles import Store
from crossfact.store.fingerprint import matching_steps, step_fingerprints
from crossfact.store.lock import LOCK_SUFFIX, writer_lock
from crossfact.store.records import decode, encode, input_key


@dataclass(frozen=True, slots=True)
class _Work:
    """One input on its way through the per-article steps: ``done`` steps of the plan are already applied to
    ``article``; ``first_run`` is the first step this run ran on it (None: all came from the store), and
    ``stored`` says whether the store held an analysis of it at all."""

    key: str
    item: Article
    article: Article
    done: int
    stored: bool = False
    first_run: int | None = None
    seconds: tuple[tuple[str, float], ...] = ()
    failure: str | None = None


def analyze_into(
    store: Store,
    inputs: Iterable[str | Path | Article],
    config: Config | None = None,
    executor: Executor | None = None,
    *,
    add: bool = False,
    on_article: Callable[[], None] | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
) -> Report:
    """Return the Report for ``inputs`` (with ``add``: for the store's corpus followed by ``inputs``), analysing
    only what the store lacks and saving each analysed article as it is made; the store's corpus becomes the
    report's. Adding an input the corpus already holds is a no-op, so a repeated ``add`` changes nothing.
    ``on_skip`` hears of each skipped input or article as it happens. The run holds the store's writer lock
    from reading the corpus to writing it back, waiting up to ``store.lock_timeout`` for another writer (StoreBusy
    past that)."""
    config = validate_config(config or Config())
    with writer_lock(store.path, timeout=config.store.lock_timeout):
        return _analyze_into(store, inputs, config, executor, add=add, on_article=on_article, on_skip=on_skip)


def _analyze_into(
    store: Store,
    inputs: Iterable[str | Path | Article],
    config: Config,
    executor: Executor | None,
    *,
    add: bool,
    on_article: Callable[[], None] | None,
    on_skip: Callable[[Skipped], None] | None,
) -> Report:
    from crossfact import __version__

    executor = executor or LocalExecutor(config.workers)
    plan = plan_steps(config)
    names = tuple(step.name for step in plan.article_steps)
    prints = step_fingerprints(config, plan.article_steps)
    cut = len(plan.before_dedup)
    began = time.perf_counter()
    tally = _Tally()
    skipped = SkipLog(on_skip)
    seconds: dict[str, float] = dict.fromkeys(names, 0.0)
    members: list[tuple[str, Article | Skipped]] = []
    outcome: Counter[str] = Counter()
    input_count = 0

    # The store's own files are no input, even when --out (where the store lives by default) is inside one.
    own = {
        Path(f"{store.path}{suffix}").resolve() for suffix in ("", "-wal", "-shm", "-journal", LOCK_SUFFIX)
    }

    def read() -> Iterator[Article | Skipped]:
        return (item for item in _items(inputs, config) if Path(item.path).resolve() not in own)

    def keyed() -> Iterator[tuple[str, Article | Skipped]]:
        if not add:
            for item in read():
                yield input_key(item), item
            return
        known: set[str] = set()
        for key, item in store.corpus():
            known.add(key)
            yield key, item
        for item in read():
            key = input_key(item)
            if key not in known:
                known.add(key)
                yield key, item

    def works() -> Iterator[_Work]:
        nonlocal input_count
        for key, item in keyed():
            input_count += 1
            members.append((key, item))
            if isinstance(item, Skipped):
                tally.add("read", "unreadable")
                skipped.add(item)
                continue
            tally.add("read", "passed")
            stored = store.analysis(key)
            depth = matching_steps(stored.fingerprints, prints) if stored is not None else 0
            if stored is not None and depth >= cut:
                yield _Work(key, item, stored.article, depth, stored=True)
            else:
                yield _Work(key, item, item, 0, stored=stored is not None)

    def finished(stream: Iterator[_Work], low: int, high: int) -> Iterator[_Work]:
        run = partial(_advance, config=config, names=names, low=low, high=high)
        for work in executor.map(run, stream):
            for name, spent in work.seconds:
                seconds[name] += spent
            if work.failure is not None:
                if on_article is not None:
                    on_article()
                tally.add("stages", "failed")
                skipped.add(Skipped(work.article.path, work.failure))
                continue
            yield replace(work, seconds=())

    dedup = Dedup(tally, skipped, on_article)
    merged = dedup.merged

    def deduplicated(stream: Iterator[_Work]) -> Iterator[_Work]:
        return (work for work in stream if dedup.keep(work.article))

    stream = works()
    if cut:
        stream = finished(stream, 0, cut)
    stream = deduplicated(stream)
    if cut < len(names):
        stream = finished(stream, cut, len(names))
    kept: list[Article] = []
    input_of: dict[str, str] = {}  # article id -> the input key of its stored analysis
    for work in stream:
        if on_article is not None:
            on_article()
        if work.first_run is None:
            outcome["reused"] += 1
        else:
            # Written as soon as it is made: a killed run keeps every article finished before it.
            store.save_analysis(work.key, work.item, work.article, prints)
            outcome["updated" if work.stored else "analysed"] += 1
        kept.append(work.article)
        input_of[work.article.id] = work.key
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
        store=StoreRun(
            path=str(store.path),
            reused=outcome["reused"],
            analysed=outcome["analysed"],
            updated=outcome["updated"],
            articles=store.count("analyses"),
        ),
    )
    report = Report(
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
    # The corpus, the config and the report's records in one transaction: the store describes one whole run.
    store.replace_corpus(members, {"config": encode(config)}, (report, input_of))
    return report


def stored_config(store: Store) -> Config:
    """Return the config the store's last run used, for adding to it (``crossfact add``, the workbench's form):
    its run-wide source and date are dropped, as they described that run's inputs, not the ones added now."""
    saved = store.setting("config")
    config = decode(Config, saved) if saved is not None else Config()
    return replace(config, read=replace(config.read, source=None, published=None))


def _advance(work: _Work, *, config: Config, names: tuple[str, ...], low: int, high: int) -> _Work:
    """Return ``work`` after the plan's steps ``[low, high)`` it has not had yet (none when the store had them)."""
    start = max(work.done, low)
    if start >= high:
        return work
    result = run_chain(work.article, config, steps=names[start:high])
    return replace(
        work,
        article=result.article,
        done=high,
        first_run=start if work.first_run is None else work.first_run,
        seconds=tuple(zip(names[start:high], result.seconds, strict=False)),
        failure=result.failure,
    )
