"""What a handler resolves a match against: the article's reference date (its DCT, or a bound inferred from the
text), the tense around the match, the last day and quarter named (narrative time), and the year rules.

The year of a date written without one ("October 28th", "June", "Friday", "the third quarter") follows the
tense of the verb cue nearest to it in its sentence, after HeidelTime's news strategy (Strötgen & Gertz, LREV
2013, 47(2), section 4.2), softened: the closest such date to the DCT, where a date on the side the tense rules
out (after the DCT in past-tense reporting, before it after "will") counts :data:`TENSE_WEIGHT` times as far.
So past-tense reporting takes the closest such date not after the DCT unless the coming one is much nearer;
"October 28th" said on 29 October 2025 is 2025-10-28. A weekday goes back unless a future cue is nearest, and a
yearless quarter is taken as already reported. With an inferred anchor, which is only a lower bound, a yearless
date takes the anchor's year: a date written without its year is in the year of publication (AP style), and
that year is not before the anchor's. Seed 000 thus reads "October 28th" as 2025-10-28 from "January 20, 2025".
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from crossfact.extract.times.lexicon import BE_FORMS, FUTURE_CUES, PAST_CUES, Tense
from crossfact.extract.times.patterns import Found, candidates
from crossfact.extract.times.values import parse_full_date, safe_date
from crossfact.model import Anchor, Article, TimeType
from crossfact.split import split_text

if TYPE_CHECKING:
    from crossfact.kb import KB

# The tense cue nearest to an expression within this many characters on either side decides its tense.
CUE_WINDOW = 60
# How many times as far a date on the side the tense rules out may be and still win (see closest). Measured on
# TempEval-3 TimeBank+AQUAINT (benchmarks/eval_times.py), value F1 at weights 1 / 2 / 3 / 5 / always-by-tense:
# 77.6 / 78.1 / 78.0 / 77.5 / 76.6 (window 60; windows 100 and 150 move each by at most 0.2). With 2, "Feb. 10"
# in a past-tense sentence on 7 January is the coming 10 February (34 days x 2 < 331 days back).
TENSE_WEIGHT = 2.0

_RE_CUE = re.compile(r"[A-Za-z']+(?:\s+to)?|['’]ll")


@dataclass(frozen=True, slots=True)
class Value:
    """What a handler makes of a match: the TIMEX3 type, value and mod, and the anchor it was computed from."""

    type: TimeType
    value: str
    mod: str | None = None
    anchor: Anchor | None = None
    day: date | None = None  # the day this expression names, for later narrative references
    quarter: tuple[int, int] | None = None  # the quarter it names, for "a year earlier" and "the quarter"


def time_anchor(time_id: str) -> Anchor:
    """The anchor of a value computed from the earlier expression ``time_id`` (narrative time)."""
    return Anchor("time", time=time_id)


class Context:
    """One article's text, candidates and reference date, and the narrative reference time while the handlers
    run through its candidates in text order."""

    def __init__(self, article: Article, kb: KB | None) -> None:
        self.text = article.text
        self.article = article
        self.kb = kb
        spans = article.sentences or tuple(split_text(article.text))
        self.sentence_starts = [sentence.start for sentence in spans]
        self.sentence_ends = [sentence.end for sentence in spans]
        self.found = candidates(self.text)
        self.ref: date | None = article.published
        self.inferred = False
        self.anchor: Anchor | None = Anchor("dct", day=article.published) if article.published else None
        if self.ref is None:
            bound = self._infer_bound()
            if bound is not None:
                self.ref, self.inferred, self.anchor = bound, True, Anchor("inferred", day=bound)
        self.last_day: tuple[date, str] | None = None
        self.last_quarter: tuple[tuple[int, int], str] | None = None

    def _infer_bound(self) -> date | None:
        """The latest full date the text states outside a future-tense context, or None."""
        latest: date | None = None
        for found in self.found:
            if found.rule != "full_date" or found.match.group("mod"):
                continue
            day = parse_full_date(self.text, found.match)
            if day is not None and self.tense(found.start, found.end) != "future":
                latest = day if latest is None or day > latest else latest
        return latest

    def sentence(self, position: int) -> tuple[int, int]:
        """The start and end of the sentence holding ``position`` (200 characters around it if none does)."""
        index = bisect.bisect_right(self.sentence_starts, position) - 1
        if index < 0 or self.sentence_ends[index] < position:
            return max(0, position - 200), min(len(self.text), position + 200)
        return self.sentence_starts[index], self.sentence_ends[index]

    def tense(self, start: int, end: int) -> Tense | None:
        """The tense of the verb cue nearest to the expression in its sentence, or None."""
        sentence_start, sentence_end = self.sentence(start)
        window_start = max(sentence_start, start - CUE_WINDOW)
        best: tuple[int, Tense] | None = None
        for position, tense in cues(self.text[window_start:start]):
            best = (start - window_start - position, tense)
        for position, tense in cues(self.text[end : min(sentence_end, end + CUE_WINDOW)]):
            if best is None or position < best[0]:
                best = (position, tense)
            break
        return best[1] if best else None

    def relative(
        self,
        type: TimeType,
        value: str,
        mod: str | None = None,
        *,
        day: date | None = None,
        quarter: tuple[int, int] | None = None,
    ) -> Value:
        """A value computed from the DCT (or the inferred bound): it carries that anchor."""
        return Value(type, value, mod, self.anchor, day, quarter)

    def pick_year(self, found: Found, month: int, day: int) -> int | None:
        """The year of a yearless month-day (the module docstring's rule), or None without an anchor."""
        ref = self.ref
        if ref is None:
            return None
        if self.inferred:
            return ref.year
        years = (ref.year - 1, ref.year, ref.year + 1)
        options = {d.toordinal(): d.year for d in (safe_date(year, month, day) for year in years) if d}
        return options[closest(list(options), ref.toordinal(), self.tense(found.start, found.end))]

    def pick_period_year(self, found: Found, index: int, per_year: int, rel: str | None) -> int | None:
        """The year of a yearless month (per_year=12), quarter (4) or half (2) numbered ``index`` from 1.

        "this June" is in the DCT's year, "last June" the latest June before the DCT's month and "next June" the
        first after it; otherwise :func:`closest` chooses by tense, except that a quarter or half is taken as
        already reported unless the text says it is to come (earnings news reports the last quarter)."""
        ref = self.ref
        if ref is None:
            return None
        if (self.inferred and rel is None) or rel in ("this", "current"):
            return ref.year
        current = ref.year * per_year + (ref.month - 1) * per_year // 12
        options = [year * per_year + index - 1 for year in (ref.year - 1, ref.year, ref.year + 1)]
        if rel in ("last", "past", "previous"):
            return max(option for option in options if option < current) // per_year
        if rel in ("next", "coming"):
            return min(option for option in options if option > current) // per_year
        tense = self.tense(found.start, found.end)
        if per_year < 12 and tense != "future":
            return max(option for option in options if option <= current) // per_year
        return closest(options, current, tense) // per_year


def cues(text: str) -> list[tuple[int, Tense]]:
    """The position and tense of each verb cue in ``text``, in order.

    Future: modals and words of plans ("will", "would", "must", "expected", "scheduled", "next", "to be"). Past:
    "was", "said", "ago", "last" and words in -ed, except a participle after a form of "be" ("must be
    returned"), where the modal before it decides."""
    found: list[tuple[int, Tense]] = []
    previous = ""
    for match in _RE_CUE.finditer(text):
        word = match.group(0).lower().replace("’", "'")
        first = word.split()[0]
        if first in FUTURE_CUES or word in FUTURE_CUES:
            found.append((match.start(), "future"))
        elif first in PAST_CUES or (len(first) > 4 and first.endswith("ed") and previous not in BE_FORMS):
            found.append((match.start(), "past"))
        previous = first
    return found


def closest(options: list[int], ref: int, tense: Tense | None) -> int:
    """The option nearest to ``ref``, where distance on the side the tense rules out counts :data:`TENSE_WEIGHT`
    times (past tense rules out what is after the DCT, a future cue what is before it). Ties go to the past."""

    def cost(option: int) -> tuple[float, int]:
        distance = float(abs(option - ref))
        if (tense == "past" and option > ref) or (tense == "future" and option < ref):
            distance *= TENSE_WEIGHT
        return distance, option - ref

    return min(options, key=cost)
