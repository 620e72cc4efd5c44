"""What a handler resolves a match against: the article's reference date (its DCT, or a bound inferred from the
text), the tense around the match, the last day and quarter named (narrative time), and the year rules.

The year of a date written without one ("October 28th", "June", "Friday", "the third quarter") follows the
tense of the verb cue nearest to it in its clause, after HeidelTime's news strategy (Strötgen & Gertz, LREV
2013, 47(2), section 4.2), softened: the closest such date to the DCT, where a date on the side the tense rules
out (after the DCT in past-tense reporting, before it after "will") counts :attr:`TenseRules.weight` times as
far. So past-tense reporting takes the closest such date not after the DCT unless the coming one is much
nearer; "October 28th" said on 29 October 2025 is 2025-10-28. News reports what happened: a weekday and "the
weekend" go back unless a future cue ("will", "is to", "expected to", "scheduled", "next", "going to") governs
them, and a yearless quarter is taken as already reported. The cues are words, not a parse: no parse exists yet
when times run (the facts step parses later), and the cue window is measured in benchmarks/eval_times.py.
With an inferred anchor, which is only a lower bound, a yearless date takes the anchor's year: a date written
without its year is in the year of publication (AP style), and that year is not before the anchor's. Seed 000
thus reads "October 28th" as 2025-10-28 from "January 20, 2025".
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from crossfact.extract.times.lexicon import BE_FORMS, PAST_BE_FORMS, TENSE_CUES, Tense
from crossfact.extract.times.patterns import Found, candidates
from crossfact.extract.times.values import parse_full_date, safe_date
from crossfact.model import Anchor, Article, TimeType
from crossfact.split import split_text

if TYPE_CHECKING:
    from crossfact.kb import KB

# A word, with "to" after it ("plans to"), a negated auxiliary ("won't") or a clitic ("he'll" gives "'ll").
_RE_CUE = re.compile(r"[A-Za-z]+(?:n['’]t)?(?:\s+to)?|['’]ll")
# Where a clause ends, for TenseRules.clause: strong punctuation or a word that opens a subordinate or relative
# clause ("Bush told a news conference on Tuesday that the blockade might be extended"), and after an expression
# also a comma. Not "after", "before", "since", "until": as often prepositions ("since shortly after the Oct. 23
# slaying"); not a comma before an expression: lists ("stepped down as chairman, president and chief executive
# in March"). Both were measured: cutting there turned right values wrong on TempEval-3.
_RE_CLAUSE_BREAK = re.compile(
    r"[;:\u2013\u2014]|\b(?:that|which|who|whom|whose|when|where|because|while|although|though|if|but|whether"
    r"|unless)\b",
    re.IGNORECASE,
)
_RE_CLAUSE_BREAK_AFTER = re.compile(rf"{_RE_CLAUSE_BREAK.pattern}|,", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class TenseRules:
    """How the tense around an expression is read from cue words (see the module docstring).

    The defaults were chosen by cross-validation on TempEval-3 (benchmarks/eval_times.py, 144 rule sets: window
    40/60/100, modals future or not, "was expected to" past or not, clause / clause else window / window, weight
    1.5/2/3/1000). Four of five document folds chose these defaults (the fifth: modals future), as did tuning on
    TimeBank; tuning on AQUAINT chose window 100, weight 1.5, "was expected to" future. Value F1: 5-fold 0.785,
    across corpora 0.783, in-sample 0.786, against 0.782 for the v1 rules (window 60, modals future, no clause);
    by corpus v1 -> now TimeBank 0.798 -> 0.800, AQUAINT 0.750 -> 0.755. Of the 12 matched expressions whose
    value changed (11 moved earlier, 1 later), 1 was right before and 6 after."""

    # The nearest cue within this many characters on either side, in the sentence, decides.
    window: int = 60
    # Whether "would", "could", "might", "may", "must", "should", "can" count as future cues. They are as
    # often conditional or future-in-the-past of a report ("said they would look for ways around Wednesday's
    # ruling"), so by default they say nothing.
    modals: bool = False
    # Whether a future cue right after "was", "were", "had", "had been" is past ("had been due to expire Friday").
    past_marked: bool = True
    # Whether the window stops at the expression's clause (a comma, ";", "that", "when", ...).
    clause: bool = True
    # With ``clause``, whether a clause with no cue falls back to the whole window ("The vote took place on
    # March 3, officials said": "took" is no cue, the governing "said" is past the comma). Off: value F1 0.785
    # with it, 0.786 without; one of five folds chose it.
    fallback: bool = False
    # How many times as far a date on the side the tense rules out may be and still win (see closest). With 2,
    # "Feb. 10" in a past-tense sentence on 7 January is the coming 10 February (34 days x 2 < 331 days back).
    weight: float = 2.0


TENSE_RULES = TenseRules()


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

    def __init__(self, article: Article, kb: KB | None, rules: TenseRules = TENSE_RULES) -> None:
        self.text = article.text
        self.rules = rules
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
        """The tense of the verb cue nearest to the expression in its sentence (its clause with
        ``rules.clause``), or None."""
        rules = self.rules
        sentence_start, sentence_end = self.sentence(start)
        before = self.text[max(sentence_start, start - rules.window) : start]
        after = self.text[end : min(sentence_end, end + rules.window)]
        tense = self._nearest(before, after, clause=rules.clause)
        if tense is None and rules.clause and rules.fallback:
            tense = self._nearest(before, after, clause=False)
        return tense

    def _nearest(self, before: str, after: str, *, clause: bool) -> Tense | None:
        rules = self.rules
        if clause:
            before = _clause_before(before)
            # "On Tuesday, the league plans to ...": a fronted phrase, its comma does not close the clause.
            after = _clause_after(after, fronted=len(before.split()) <= 1)
        best: tuple[int, Tense] | None = None
        for position, tense in cues(before, modals=rules.modals, past_marked=rules.past_marked):
            best = (len(before) - position, tense)
        for position, tense in cues(after, modals=rules.modals, past_marked=rules.past_marked):
            if best is None or position < best[0]:
                best = (position, tense)
            break
        return best[1] if best else None

    def closest(self, options: list[int], ref: int, tense: Tense | None) -> int:
        """:func:`closest` with this context's tense weight."""
        return closest(options, ref, tense, weight=self.rules.weight)

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
        return options[self.closest(list(options), ref.toordinal(), self.tense(found.start, found.end))]

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
        return self.closest(options, current, tense) // per_year


def cues(text: str, *, modals: bool = False, past_marked: bool = True) -> list[tuple[int, Tense]]:
    """The position and tense of each verb cue in ``text``, in order (lang/en/time_tense_cues.tsv).

    Future: words of plans ("will", "expected", "scheduled", "next", "to be"), and modals ("would", "must")
    when ``modals``. Past: "was", "said", "ago", "last" and words in -ed, except a participle after a form of
    "be" ("must be returned"), where the modal before it decides; with ``past_marked`` a future cue after "was",
    "were", "had" or "had been" is past ("was expected to")."""
    found: list[tuple[int, Tense]] = []
    previous, before_previous = "", ""
    for match in _RE_CUE.finditer(text):
        word = match.group(0).lower().replace("’", "'")
        first = word.split()[0]
        kind = TENSE_CUES.get(word) or TENSE_CUES.get(first)
        if kind == "modal" and modals:
            kind = "future"
        if (
            kind == "future"
            and past_marked
            and (previous in PAST_BE_FORMS or (previous == "been" and before_previous == "had"))
        ):
            kind = "past"
        if kind == "future":
            found.append((match.start(), "future"))
        elif kind == "past" or (
            kind is None and len(first) > 4 and first.endswith("ed") and previous not in BE_FORMS
        ):
            found.append((match.start(), "past"))
        previous, before_previous = first, previous
    return found


def _clause_before(text: str) -> str:
    """The part of ``text`` (what precedes an expression) after the last clause break in it."""
    end = max((match.end() for match in _RE_CLAUSE_BREAK.finditer(text)), default=0)
    return text[end:]


def _clause_after(text: str, *, fronted: bool) -> str:
    """The part of ``text`` (what follows an expression) before the first clause break in it; when the
    expression is ``fronted``, a comma right after it closes the fronted phrase, not the clause."""
    for match in _RE_CLAUSE_BREAK_AFTER.finditer(text):
        if fronted and match.group(0) == "," and not text[: match.start()].strip():
            continue
        return text[: match.start()]
    return text


def closest(options: list[int], ref: int, tense: Tense | None, *, weight: float = TENSE_RULES.weight) -> int:
    """The option nearest to ``ref``, where distance on the side the tense rules out counts ``weight`` times
    (past tense rules out what is after the DCT, a future cue what is before it). Ties go to the past."""

    def cost(option: int) -> tuple[float, int]:
        distance = float(abs(option - ref))
        if (tense == "past" and option > ref) or (tense == "future" and option < ref):
            distance *= weight
        return distance, option - ref

    return min(options, key=cost)
