"""Turn an article's candidate matches into TimeExprs: each rule's handler resolves its match in text order, and
the narrative reference time (the last day and quarter named) moves along."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from crossfact.extract.times import dates, durations, relative, tenure
from crossfact.extract.times.context import TENSE_RULES, Context, TenseRules, Value
from crossfact.extract.times.patterns import Found
from crossfact.model import Article, TimeExpr

if TYPE_CHECKING:
    from crossfact.kb import KB

Handler = Callable[[Context, Found], Value | None]
# One handler per rule of patterns.RULES, by rule name.
HANDLERS: dict[str, Handler] = {
    "tenure": tenure.tenure,
    "full_date": dates.full_date,
    "time_of_day": relative.time_of_day,
    "month_day": dates.month_day,
    "holiday": dates.holiday,
    "month": dates.month,
    "decade": dates.decade,
    "year": dates.year,
    "spelled_year": dates.spelled_year,
    "quarter": dates.quarter,
    "season": dates.season,
    "narrative": relative.narrative,
    "year_ago_adjective": dates.year_ago_adjective,
    "relative_unit": relative.relative_unit,
    "unit_end": relative.unit_end,
    "day_word": relative.day_word,
    "weekday": relative.weekday,
    "day_part": relative.day_part,
    "set": durations.set_,
    "duration": durations.duration,
    "ref_word": relative.ref_word,
}


def extract_times(
    article: Article, *, kb: KB | None = None, rules: TenseRules = TENSE_RULES
) -> Iterator[TimeExpr]:
    """Yield the time expressions of ``article.text`` in text order, normalised against ``article.published``
    (or a bound inferred from the text), with ids ``<article id>-t1``, ``-t2``, ...

    ``kb`` resolves "his final weeks in office" against the tenures of the person a same-sentence mention links
    to; without it the shipped KB is read (once per process) when such a phrase and a linked mention occur.
    ``rules`` says how the tense around an expression is read (benchmarks/eval_times.py tries others).
    """
    if not article.text.strip():
        return
    for number, (found, value) in enumerate(_resolve(Context(article, kb, rules)), 1):
        yield TimeExpr(
            id=f"{article.id}-t{number}",
            article=article.id,
            start=found.start,
            end=found.end,
            type=value.type,
            value=value.value,
            mod=value.mod,
            anchor=value.anchor,
        )


def _resolve(context: Context) -> Iterator[tuple[Found, Value]]:
    number = 0
    for found in context.found:
        value = HANDLERS[found.rule](context, found)
        if value is None:
            continue
        number += 1
        time_id = f"{context.article.id}-t{number}"
        if value.day is not None:
            context.last_day = (value.day, time_id)
        if value.quarter is not None:
            context.last_quarter = (value.quarter, time_id)
        yield found, value
