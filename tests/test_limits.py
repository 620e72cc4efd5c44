"""A stage that runs past its time budget skips that article with a reason, serially and in worker processes."""

from __future__ import annotations

import contextlib
import signal
import time
from dataclasses import replace
from functools import partial

import pytest

from crossfact import errors
from crossfact.config import Config, LimitsConfig
from crossfact.engines.local import LocalExecutor
from crossfact.limits import StageTimeout, can_interrupt, time_budget
from crossfact.model import Article
from crossfact.pipeline import run_chain
from crossfact.read import Meta, make_article

BUDGET = 0.3


def _spin(article: Article) -> Article:
    """A stage stuck in Python code on the article that says so (a runaway loop), quick on the others."""
    if "stuck" in article.raw:
        while True:
            pass
    return replace(article, text=article.raw)


def _swallowing(article: Article) -> Article:
    """A stage that catches every Exception, as careless code does: the budget must still end it."""
    while True:
        with contextlib.suppress(Exception):
            time.sleep(0.05)


def _config() -> Config:
    return Config(limits=LimitsConfig(stage_seconds=BUDGET))


def _articles() -> list[Article]:
    texts = ["The council met on Monday.", "The stuck article.", "The ferry sailed on Tuesday."]
    return [make_article(f"{i}.txt", text, Meta()) for i, text in enumerate(texts)]


def test_time_budget_interrupts_python_code_and_restores_the_handler() -> None:
    before = signal.getsignal(signal.SIGALRM)
    began = time.perf_counter()
    with pytest.raises(StageTimeout), time_budget(0.2):
        while True:
            pass
    assert time.perf_counter() - began < 2
    assert signal.getsignal(signal.SIGALRM) == before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_no_budget_when_zero() -> None:
    with time_budget(0):
        time.sleep(0.01)
    assert can_interrupt()


@pytest.mark.issue(16)
def test_a_stage_over_budget_skips_its_article_and_the_batch_goes_on() -> None:
    results = [run_chain(a, _config(), functions=(("spin", _spin),)) for a in _articles()]
    assert [r.failure is None for r in results] == [True, False, True]
    assert results[1].failure == errors.STAGE_TIMEOUT.format(stage="spin", seconds=BUDGET)


def test_a_stage_catching_every_exception_still_times_out() -> None:
    (article, *_) = _articles()
    result = run_chain(article, _config(), functions=(("swallowing", _swallowing),))
    assert result.failure is not None and "time budget" in result.failure


@pytest.mark.issue(16)
def test_the_budget_holds_in_local_worker_processes() -> None:
    chain = partial(run_chain, config=_config(), functions=(("spin", _spin),))
    results = list(LocalExecutor(2).map(chain, _articles()))
    assert [r.failure is None for r in results] == [True, False, True]
    assert "limits.stage_seconds" in (results[1].failure or "")
