"""Find the dates, times, durations and sets an article states and normalise them to TIMEX3 values.

Each :class:`~crossfact.model.TimeExpr` points at the exact words and carries a TIMEX3 (ISO-TimeML) ``type``
(DATE, TIME, DURATION, SET), ``value`` ("2025-01-20", "2024-09", "2025-W44", "1989-Q3", "P3Y", "PAST_REF",
"XXXX-10-28"), ``mod`` (START, MID, END, APPROX, LESS_THAN, MORE_THAN, EQUAL_OR_LESS, EQUAL_OR_MORE) and the
``anchor`` its value was computed from (a :class:`~crossfact.model.Anchor`; report.json writes it as a string):

- ``None``: the words give the value on their own ("January 20, 2025", "September 2024", "2027", "P3Y", "every
  week"), or nothing was there to resolve them against ("October 28th" → "XXXX-10-28").
- ``dct`` (in report.json ``"dct:YYYY-MM-DD"``): resolved against the article's publication date (DCT):
  "yesterday", "this week" (the DCT's ISO week), "last Friday", "October 28th", "recently" (PAST_REF).
- ``inferred`` (``"inferred:YYYY-MM-DD"``): the article has no DCT, so relative words are resolved against the
  latest full date it states outside a future-tense sentence ("sworn in on January 20, 2025"). That date is only
  a lower bound of the unknown DCT, so a report must say that such values are inferred.
- ``time`` (``"time:<id>"``): resolved against an earlier expression of the same article (narrative time): "a
  year earlier" after "the third quarter", "the following day" after "Aug. 7".
- ``kb`` (``"kb:<person id>/<office id> end"``, or ``start``): "his final weeks in office" resolved on the end
  of the office that the person named in the same sentence (a mention with a ``kb_id``) held, as the KB records
  it; for weeks the value is the month the tenure ended in ("2025-01" for Joe Biden), for days the day.

The year of a date written without one ("October 28th", "June", "Friday") follows the tense around it (see
:mod:`.context`). Not times: money and counts ("$100.2 million", "2,000 troops", "2000 troops"), model and list
numbers ("F-35", "No. 2", "Flight 2025"), percentages, ages ("32-year-old"), bare numbers. Years alone ("in 2025",
"2024 budgets") are DATEs. Spans leave out the prepositions before an expression ("in", "on", "by"), and keep
the determiners and modifiers that TimeBank puts inside a TIMEX3 ("the past three years", "late 2024", "at least
30 days"); "his final weeks in office" leaves out its "in" the same way.

The package, by job: :mod:`.lexicon` reads the word lists from ``crossfact/lang/en/`` (``months.tsv``,
``weekdays.tsv``, ``time_*``); :mod:`.patterns` finds the expressions; :mod:`.context` holds what they are
resolved against; :mod:`.dates`, :mod:`.relative`, :mod:`.durations` and :mod:`.tenure` resolve each kind;
:mod:`.values` builds the TIMEX3 values and :mod:`.resolve` runs the handlers in text order. Reading a value back
is :mod:`crossfact.timex`'s job. No model is loaded: full dates are read by python-dateutil's parser.
"""

from __future__ import annotations

from crossfact.extract.times.resolve import extract_times
from crossfact.model import Article
from crossfact.step import Step, setting

__all__ = ["STEP", "extract_times"]

STEP: Step[Article] = Step(
    "times",
    "article",
    setting("times", lambda article, config, resources: tuple(extract_times(article, kb=resources.kb))),
    requires=("article.text", "article.published", "article.sentences", "article.mentions"),
    assigns=("article.times",),
)
