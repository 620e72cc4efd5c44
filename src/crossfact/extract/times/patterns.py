"""Find where time expressions are: one regular expression per kind of expression, run only near the words
that can anchor it, and the longest matches kept without overlaps.

Every rule is compiled once at import and run over the ASCII-lowercased text (case-insensitive matching makes
Python's ``re`` about twice as slow), and only in windows around the words that can anchor it (a month name, a
unit, a four-digit year, ...), which :func:`candidates` finds in one pass. Month, weekday and holiday names are
then checked to be capitalised in the original text by the rule's ``accept`` function. The vocabularies come from
:mod:`.lexicon`; what a match means is decided in :mod:`.resolve` and the handler modules.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from crossfact.extract.times.lexicon import (
    COUNT_NOUNS,
    DAY_WORDS,
    HOLIDAYS,
    ID_WORDS,
    MONTH_ABBREVIATIONS,
    MONTH_NAMES,
    MONTHS,
    ONES,
    ORDINALS,
    REFERENCES,
    SEASONS,
    SET_ADVERBS,
    SPAN_HEDGES,
    TEENS,
    TENS,
    UNITS,
    VAGUE_NUMBERS,
    WEEKDAYS,
    YEAR_PREPOSITIONS,
    alternation,
)

# --- regular expressions ----------------------------------------------------------------------------------------
# Rules match the ASCII-lowercased text (see candidates); names that must be capitalised are checked against
# the original text by the rule's accept function.

# A three-letter abbreviation needs its dot ("Jan.") except before a day number ("Jan 20"): alone, "mar",
# "jun" or "dec" are as often other words. A longer one ("Sept") may drop it anywhere.
_SHORT_MONTHS = tuple(name for name in MONTH_ABBREVIATIONS if len(name) == 3)
_MONTH_FULL = (
    rf"(?:{'|'.join(MONTH_NAMES)}"
    + "".join(rf"|{name}\.?" for name in MONTH_ABBREVIATIONS if len(name) > 3)
    + "".join(rf"|{name}\." for name in _SHORT_MONTHS)
    + r")(?![a-z])"
)
_MONTH_ANY = rf"(?:{_MONTH_FULL}|(?:{'|'.join(_SHORT_MONTHS)})(?![a-z.]))"
_WEEKDAY = rf"(?:{'|'.join(WEEKDAYS)})"
# "the twenties" ... "the nineties", from "twenty" ... "ninety".
_DECADE_WORDS = tuple(word[:-1] + "ies" for word in TENS)


# "current account", "current prices": economic terms, no references to the present.
_NOT_CURRENT = r"(?!\s+(?:account|affairs|events|flows?|prices|dollars)\b)"


def _references(value: str) -> str:
    phrases = (phrase for phrase, ref in REFERENCES.items() if ref == value)
    return alternation(phrases, after={"current": _NOT_CURRENT})


_DAY = r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[6-9][0-9][0-9]|20[0-9][0-9])"
_NUM_WORD = (
    rf"(?:(?:{'|'.join(TENS)})(?:[- ](?:{'|'.join(ONES)}))?|{'|'.join(TEENS)}|{'|'.join(ONES)}"
    r"|a\s+hundred|a\s+dozen|dozen|hundred|a|an)"
)
_NUM = (
    rf"(?:\d{{1,3}}(?:,\d{{3}})*(?:\.\d+)?(?:\s+1/2)?|{_NUM_WORD}(?:\s+and\s+a\s+half)?|a\s+couple\s+of|"
    rf"{alternation(VAGUE_NUMBERS)})"
)
# A unit and the stem its plural adds "s" to ("centurie" of "centuries"); the patterns add the "s".
_UNIT = rf"(?:{alternation(dict.fromkeys(stem for unit in UNITS.values() for stem in (unit.name, unit.plural[:-1])))})"
_NOT_THE = r"(?!\s+the\b)"
# The hedges TimeBank puts inside a duration's span (lang/en/time_hedges.tsv); "over" only where it is not a
# preposition before "the" ("over the past decade").
_HEDGE = rf"(?P<hedge>{alternation(SPAN_HEDGES, after={'over': _NOT_THE})})\s+"
# A modifier before a date: "late 2024", "early June", "mid-November", "the end of 1990", "earlier this year".
_MOD = (
    r"(?:(?P<mod>the\s+(?:end|beginning|start|middle|close)\s+of(?:\s+the)?|(?:the\s+)?(?:early|late|mid)"
    r"|middle|earlier|later|around|roughly|approximately)(?:\s+|-))?"
)
_START = r"(?<![\w$€£¥#/'’-])"  # an expression starts a word and is not part of an amount or a code
_END = r"(?![\w%])"


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.VERBOSE)


_RE_TENURE = _rx(
    rf"""{_START}(?P<possessive>his|her|their)\s+
    (?P<edge>final|last|closing|waning|dying|first|opening|early|initial)\s+
    (?:(?P<num>{_NUM})\s+)?(?P<unit>days?|weeks?|months?|years?|hours?)\s+
    (?P<scope>in\s+office|in\s+power|at\s+the\s+helm
      |as\s+[a-z][a-z .-]{{2,40}}?(?=[,.;]|\s+(?:in|to|when|before|after|and|on|by)\b)
      |of\s+(?:his|her|their)\s+(?:presidency|term|tenure|premiership|administration|time\s+in\s+office|rule
                                  |government))"""
)
_RE_FULL_DATE = _rx(
    rf"""{_START}{_MOD}(?:{_WEEKDAY},?\s+)?
    (?: (?P<md>(?P<m1>{_MONTH_ANY})\s+{_DAY}(?:,\s*|\s+){_YEAR})
      | (?P<dm>(?:the\s+)?{_DAY}\s+(?:of\s+)?(?P<m2>{_MONTH_ANY}),?\s+{_YEAR})
      | (?P<iso>{_YEAR}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01]))
      | (?P<us>(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12][0-9]|3[01])/{_YEAR})
    ){_END}(?![.,/-]\d)"""
)
_RE_TIME_OF_DAY = _rx(
    rf"""{_START}(?:(?P<hedge>around|approximately|roughly)\s+)?
    (?: (?P<hour>1[0-2]|0?[1-9])(?::(?P<minute>[0-5][0-9]))?\s*(?P<ampm>[ap]\.\s?m\b\.?|[ap]m\b)
      | (?P<hour24>[01]?[0-9]|2[0-3]):(?P<minute24>[0-5][0-9])(?![\d:])
      | (?P<named>noon|midnight|midday) )
    (?:\s+(?P<tz>[ecmp][sd]t|gmt|utc|et|pt|local\s+time)\b)?
    (?:,?\s+(?:on\s+)?(?P<day>{_WEEKDAY}|today|yesterday|tomorrow|{_MONTH_ANY}\s+{_DAY}(?!\d)))?"""
)
_RE_MONTH_DAY = _rx(
    rf"""{_START}{_MOD}(?:{_WEEKDAY},?\s+)?
    (?: (?P<month>{_MONTH_ANY})\s+(?P<day>{_DAY})
      | (?:the\s+)?(?P<day2>{_DAY})\s+(?:of\s+)?(?P<month2>{_MONTH_FULL}) )
    (?![\w%]|[.,:]\d|,?\s+\d)"""
)
_RE_HOLIDAY = _rx(
    rf"""{_START}(?:(?P<rel>this|last|next|past)\s+)?
    (?P<holiday>{alternation(HOLIDAYS)})
    (?:,?\s+(?P<year>{_YEAR}))?{_END}"""
)
_RE_MONTH = _rx(
    rf"""{_START}{_MOD}(?:(?P<rel>this|last|next|past|coming|previous|that)\s+)?
    (?P<month>{_MONTH_FULL})
    (?:,?\s+(?:of\s+)?(?P<year>{_YEAR}))?{_END}(?![.,]\d)"""
)
_RE_DECADE = _rx(
    rf"""{_START}(?P<the>the\s+)?{_MOD}
    (?:(?P<year>1[6-9][0-9]0|20[0-9]0)s|['’](?P<short>[0-9]0)s
      |(?P<word>{"|".join(_DECADE_WORDS)}))(?!\w)"""
)
_RE_YEAR = _rx(
    rf"""{_START}{_MOD}
    (?P<lead>(?:fiscal(?:\s+year)?|(?:the\s+)?(?:calendar|fiscal|school|model)\s+year|(?:the\s+)?year|fy)\s*)?
    (?P<year>{_YEAR})(?![\d%]|[.,:/-]\d|\s*(?:%|percent|per\s*cent|-year))"""
)
_RE_SPELLED_YEAR = _rx(
    rf"""{_START}(?P<lead>the\s+year\s+)?
    (?: nineteen[\s-]+(?P<rest>(?:{"|".join(TENS)})(?:[\s-](?:{"|".join(ONES)}))?|{"|".join(TEENS)}
                              |o[\s-](?:{"|".join(ONES)})|hundred)
      | two\s+thousand(?:\s+(?:and\s+)?(?P<small>{"|".join(TEENS)}|{"|".join(ONES)}))? )(?![\w-])"""
)
_RE_QUARTER = _rx(
    rf"""{_START}(?:the\s+)?
    (?: (?P<q>q[1-4]|[1-4]q)
      | (?:(?:fiscal|calendar)\s+)?(?P<ord>{alternation(ORDINALS)})
        [\s-]+(?:fiscal\s+)?(?P<part>quarter|half)(?!s)
      | (?P<rel>latest|current|this|last|previous|preceding|past|next|coming|same|comparable|year-earlier
          |year-ago|most\s+recent|recent)[\s-]+(?P<relpart>quarter|half)(?!s)
      | (?P<bare>quarter)(?![s\w-]) )
    (?:(?:,?\s+(?:of\s+)?(?:fiscal\s+)?|\s+)(?P<year>{_YEAR}))?{_END}"""
)
_RE_SEASON = _rx(
    rf"""{_START}{_MOD}(?:(?P<rel>this|last|next|past|coming|that|the)\s+)?
    (?P<season>{alternation(SEASONS)})
    (?:,?\s+(?:of\s+)?(?P<year>{_YEAR}))?(?!\w|\s+of\b(?!\s+\d))"""
)
# "ten days before" is a DURATION and a signal in TimeML ("before" stays outside), "ten days earlier" a DATE.
_RE_NARRATIVE = _rx(
    rf"""{_START}(?:(?P<hedge>about|around|nearly|almost|more\s+than|some)\s+)?
    (?P<num>{_NUM})[\s-]+(?P<unit>{_UNIT})s?\s+
    (?P<dir>ago|earlier|later|prior|from\s+now|hence)(?!\w)"""
)
_RE_YEAR_AGO_ADJ = _rx(
    rf"""{_START}(?P<det>the\s+)?(?P<core>year[-\s](?:earlier|ago))
    (?P<noun>\s+(?:quarter|period|half|month|year))?{_END}"""
)
_RE_RELATIVE_UNIT = _rx(
    rf"""{_START}{_MOD}
    (?P<rel>this|last|next|the\s+current|current|the\s+previous|the\s+prior|the\s+preceding|the\s+following
      |the\s+same|that|the\s+coming|the\s+latest|the\s+next)\s+
    (?P<unit>day|week|weekend|month|year|decade|century|period)(?![s\w-])"""
)
_RE_UNIT_END = _rx(
    rf"""{_START}(?:(?P<mod>(?:the\s+)?(?:end|beginning|start|middle|close)\s+of\s+the)\s+)?
    (?P<unit>year|month|week|quarter)(?P<end>[-\s]end|['’]s\s+end)?(?![\w-])"""
)
_RE_DAY_WORD = _rx(
    rf"""{_START}(?:(?P<mod>early|late|earlier|later)\s+)?
    (?P<word>{alternation(DAY_WORDS)})
    (?:\s+(?P<part>morning|afternoon|evening|night))?(?![\w-])"""
)
_RE_WEEKDAY = _rx(
    rf"""{_START}(?:(?P<mod>early|late|earlier|later)\s+)?(?:(?P<rel>last|next|this|coming|past)\s+)?
    (?P<weekday>{_WEEKDAY})(?P<plural>s)?
    (?:\s+(?P<part>morning|afternoon|evening|night))?{_END}"""
)
_RE_DAY_PART = _rx(
    rf"""{_START}(?P<mod>mid-?|early|late)?(?P<part>morning|afternoon|evening)\s+
    (?P<dayword>yesterday|today|tomorrow)(?![\w-])"""
)
_RE_DURATION = _rx(
    rf"""{_START}(?:{_HEDGE})?
    (?:(?P<det>the|a|an|another)\s+)?
    (?:(?P<rel>past|last|next|first|previous|coming|following|final|latest|remaining|initial|recent|ensuing
      |preceding)\s+)?
    (?:(?P<num>{_NUM})
       (?:\s+(?P<extra>more|additional|straight|consecutive|full|long|trading|business|calendar|working|extra
         |fiscal))?
       [\s-]+)?
    (?P<unit>{_UNIT})(?P<plural>s)?(?P<orso>\s+or\s+so)?
    (?![\w-]|\s+(?:old|of\s+age|of)\b)"""
)
_RE_SET = _rx(
    rf"""{_START}
    (?: (?P<every>every|each)\s+(?:(?P<other>other)\s+)?(?:(?P<num>{_NUM})\s+)?
        (?P<unit>{_UNIT}|morning|evening|afternoon|{_WEEKDAY}|{_MONTH_FULL}|{alternation(SEASONS)})s?
      | (?P<adverb>{alternation(SET_ADVERBS)})
      | (?P<per>per|a|an)\s+(?P<perunit>second|minute|hour|day|night|week|month|year|quarter)
    ){_END}(?!-)"""
)
_RE_REF = _rx(
    rf"""{_START}(?:
      (?P<present>{_references("PRESENT_REF")})
    | (?P<past>{_references("PAST_REF")}
        |(?:just\s+|only\s+)?(?:days|weeks|months|years|decades)\s+(?:prior|earlier|before|ago))
    | (?P<future>{_references("FUTURE_REF")})
    ){_END}(?!-)"""
)
_RE_WORD_BEFORE = re.compile(r"([\w.#]+)\s*$")
_RE_WORD_AFTER = re.compile(r"\s*([A-Za-z]+)")
_RE_AMOUNT_BEFORE = re.compile(
    r"(?:\d|\b(?:million|billion|trillion|thousand|percent|times|once|twice|thrice|dollars|cents))\W{0,3}$",
    re.IGNORECASE,
)
# One pass over the lowercased text finds the words that can anchor a rule (see candidates).
_RE_TOKEN = re.compile(r"[a-z]+|\d+(?::\d\d)?")
_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


# --- candidates -------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Found:
    """A candidate match of one rule, before overlaps are resolved; ``match`` is over the lowercased text."""

    start: int
    end: int
    rank: int
    match: re.Match[str]

    @property
    def rule(self) -> str:
        """The name of the rule that matched."""
        return RULES[self.rank].name


def _always(text: str, match: re.Match[str]) -> bool:
    return True


def _capitalised(text: str, match: re.Match[str], *groups: str) -> bool:
    """True when every named group that matched starts with a capital letter in the original text."""
    return all(match.start(group) < 0 or text[match.start(group)].isupper() for group in groups)


def _accept_full_date(text: str, match: re.Match[str]) -> bool:
    return _capitalised(text, match, "m1", "m2")


def _accept_month_day(text: str, match: re.Match[str]) -> bool:
    return _capitalised(text, match, "month", "month2")


def _accept_month(text: str, match: re.Match[str]) -> bool:
    """Month names are capitalised; "May" and "March" alone are verbs or names unless a date word precedes."""
    if not _capitalised(text, match, "month"):
        return False
    if match.group("month") not in ("may", "march") or match.group("year") or match.group("mod"):
        return True
    if match.group("rel"):
        return True
    before = text[max(0, match.start() - 12) : match.start()].lower().split()
    return bool(before) and before[-1] in YEAR_PREPOSITIONS | {
        "early",
        "late",
        "mid",
        "and",
        "or",
        "between",
    }


def _accept_weekday(text: str, match: re.Match[str]) -> bool:
    return _capitalised(text, match, "weekday")


def _accept_holiday(text: str, match: re.Match[str]) -> bool:
    return _capitalised(text, match, "holiday")


def _accept_time_of_day(text: str, match: re.Match[str]) -> bool:
    """A time zone is written in capitals ("EST"); a weekday or month after the time is capitalised."""
    if match.group("tz") and match.group("tz") != "local time" and not _capitalised(text, match, "tz"):
        return False
    day = match.group("day")
    return not day or day in ("today", "yesterday", "tomorrow") or _capitalised(text, match, "day")


def _accept_spelled_year(text: str, match: re.Match[str]) -> bool:
    if match.group("lead"):
        return True
    before = text[max(0, match.start() - 12) : match.start()].lower().split()
    return bool(before) and before[-1] in YEAR_PREPOSITIONS


def _accept_set(text: str, match: re.Match[str]) -> bool:
    """ "a year" is a SET only after an amount or a frequency ("$5 million a year", "twice a week")."""
    unit = match.group("unit")
    if unit and (unit in WEEKDAYS or unit.rstrip(".") in MONTHS):
        return _capitalised(text, match, "unit")
    if match.group("per") in ("a", "an"):
        return bool(_RE_AMOUNT_BEFORE.search(text, max(0, match.start() - 40), match.start()))
    return True


def _accept_duration(text: str, match: re.Match[str]) -> bool:
    return bool(match.group("num") or match.group("rel") or match.group("plural") or match.group("det"))


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule: its pattern (over lowercased text), a check on the original text, the words that can anchor
    it and how far before (``back``) and after (``forward``) such a word a match of the rule can reach."""

    name: str
    pattern: re.Pattern[str]
    accept: Callable[[str, re.Match[str]], bool]
    triggers: tuple[str, ...]
    back: int
    forward: int


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def _last_words(phrases: Sequence[str]) -> tuple[str, ...]:
    return tuple(phrase.split()[-1] for phrase in phrases)


def _longest_word(phrase: str) -> str:
    """The longest word of a name (the first of equals), as the token scanner splits it: a rare word ("year" of
    "new year's"), so that common words like "new" and "day" open no windows."""
    words: list[str] = re.findall(r"[a-z]+", phrase)
    return max(words, key=len)


_UNIT_WORDS = tuple(word for unit in UNITS.values() for word in (unit.name, unit.plural))
_MONTH_WORDS = tuple(MONTHS)
_HOLIDAY_WORDS = tuple(dict.fromkeys(_longest_word(name) for name in HOLIDAYS))
_REF_WORDS = (*_last_words(tuple(REFERENCES)), *_words("days weeks months years decades"))
_WEEKDAY_WORDS = tuple(word for name in WEEKDAYS for word in (name, name + "s"))
# Triggers "#year" and "#decade" stand for number tokens that look like a year or a decade (_number_triggers).
RULES: tuple[Rule, ...] = (
    Rule("tenure", _RE_TENURE, _always, _UNIT_WORDS, 40, 90),
    Rule("full_date", _RE_FULL_DATE, _accept_full_date, ("#year",), 70, 30),
    Rule(
        "time_of_day",
        _RE_TIME_OF_DAY,
        _accept_time_of_day,
        _words("am pm m noon midnight midday #clock"),
        30,
        50,
    ),
    Rule("month_day", _RE_MONTH_DAY, _accept_month_day, _MONTH_WORDS, 60, 30),
    Rule("holiday", _RE_HOLIDAY, _accept_holiday, _HOLIDAY_WORDS, 20, 30),
    Rule("month", _RE_MONTH, _accept_month, _MONTH_WORDS, 50, 30),
    Rule("decade", _RE_DECADE, _always, ("#decade", *_DECADE_WORDS), 40, 25),
    Rule("year", _RE_YEAR, _always, ("#year",), 50, 25),
    Rule("spelled_year", _RE_SPELLED_YEAR, _accept_spelled_year, _words("nineteen thousand"), 25, 40),
    Rule("quarter", _RE_QUARTER, _always, _words("quarter half q"), 50, 35),
    Rule("season", _RE_SEASON, _always, tuple(SEASONS), 50, 30),
    Rule("narrative", _RE_NARRATIVE, _always, _words("ago earlier later prior now hence"), 70, 25),
    Rule("year_ago_adjective", _RE_YEAR_AGO_ADJ, _always, _words("earlier ago"), 20, 25),
    Rule(
        "relative_unit",
        _RE_RELATIVE_UNIT,
        _always,
        _words("day week weekend month year decade century period"),
        50,
        25,
    ),
    Rule("unit_end", _RE_UNIT_END, _always, _words("year month week quarter"), 40, 25),
    Rule(
        "day_word",
        _RE_DAY_WORD,
        _always,
        _last_words(tuple(DAY_WORDS)),
        30,
        30,
    ),
    Rule("weekday", _RE_WEEKDAY, _accept_weekday, _WEEKDAY_WORDS, 25, 30),
    Rule("day_part", _RE_DAY_PART, _always, _words("yesterday today tomorrow"), 30, 25),
    Rule("set", _RE_SET, _accept_set, (*_words("every each per"), *SET_ADVERBS, *_UNIT_WORDS), 15, 50),
    Rule("duration", _RE_DURATION, _accept_duration, _UNIT_WORDS, 80, 30),
    Rule("ref_word", _RE_REF, _always, _REF_WORDS, 30, 25),
)


def _index_triggers(rules: Sequence[Rule]) -> dict[str, tuple[int, ...]]:
    """Each trigger word with the ranks of the rules it can anchor."""
    index: dict[str, tuple[int, ...]] = {}
    for rank, rule in enumerate(rules):
        for word in rule.triggers:
            index[word] = (*index.get(word, ()), rank)
    return index


TRIGGERS = _index_triggers(RULES)


def number_triggers(token: str) -> tuple[int, ...]:
    """The rules a number token can anchor: a year ("2025"), a decade ("1990" of "1990s", "80" of "'80s"), a
    clock time ("10:35")."""
    if ":" in token:
        return TRIGGERS["#clock"]
    ranks: tuple[int, ...] = ()
    if len(token) == 4 and "1600" <= token <= "2099":
        ranks = TRIGGERS["#year"]
    if len(token) in (2, 4) and token.endswith("0"):
        ranks = (*ranks, *TRIGGERS["#decade"])
    return ranks


def candidates(text: str, *, full_scan: bool = False) -> list[Found]:
    """Every rule's accepted matches, then the longest first without overlaps (earlier, then rule order, break
    ties), in text order.

    Each rule runs only in windows around the words that can anchor it (its ``triggers``), from ``back``
    characters before such a word to ``forward`` after it, merged and stretched to whole words; ``full_scan``
    runs every rule over the whole text instead (tests check that both give the same). On the 256 TempEval-3
    documents (2 KB each on average) this takes candidate finding from 4.1 ms to 0.7 ms per document, and the
    whole of :func:`~crossfact.extract.times.extract_times` to 1.2 ms.
    """
    lowered = text.translate(_LOWER)
    windows: list[list[list[int]]] = [[] for _ in RULES]
    if full_scan:
        windows = [[[0, len(text)]] for _ in RULES]
    else:
        for token in _RE_TOKEN.finditer(lowered):
            word = token.group()
            ranks = TRIGGERS.get(word) or (number_triggers(word) if word[0].isdigit() else ())
            for rank in ranks:
                rule = RULES[rank]
                start, end = max(0, token.start() - rule.back), token.end() + rule.forward
                spans = windows[rank]
                if spans and start <= spans[-1][1]:
                    spans[-1][1] = end
                else:
                    spans.append([start, end])
    found: list[Found] = []
    for rank, rule in enumerate(RULES):
        for start, end in windows[rank]:
            space = lowered.find(" ", end)
            end = len(text) if space < 0 else space
            for match in rule.pattern.finditer(lowered, start, end):
                span_start, span_end = _span(text, rule.name, match)
                if span_end > span_start and rule.accept(text, match):
                    found.append(Found(span_start, span_end, rank, match))
    found.sort(key=lambda item: (item.start - item.end, item.start, item.rank))
    chosen: list[Found] = []
    starts: list[int] = []
    for item in found:
        index = bisect.bisect_right(starts, item.start)
        if index and chosen[index - 1].end > item.start:
            continue
        if index < len(chosen) and chosen[index].start < item.end:
            continue
        chosen.insert(index, item)
        starts.insert(index, item.start)
    return chosen


def _span(text: str, rule: str, match: re.Match[str]) -> tuple[int, int]:
    """The words of a match that TimeBank puts inside the TIMEX3: no determiner before an adjective ("the
    third-quarter loss", "a 16-hour flight", "the year-ago period"), none before "coming" ("in the coming
    weeks"), and no sentence-final full stop after "p.m." (the full stop ends the sentence)."""
    start, end = match.start(), match.end()
    if rule == "duration" and match.group("det") and match.group("num") and not match.group("plural"):
        if "-" in text[match.end("num") : match.start("unit")]:
            start = match.start("num")
    elif rule == "duration" and match.group("rel") == "coming":
        start = match.start("rel")
    elif rule == "quarter" and match.group("ord") and "-" in text[match.end("ord") : match.start("part")]:
        start = match.start("ord")
    elif rule == "year_ago_adjective" and match.group("det") and not match.group("noun"):
        start = match.start("core")
    elif rule == "time_of_day" and match.group("ampm") and text.endswith(".", start, end):
        after = text[end : end + 2]
        if not after.strip() or after[1:2].isupper() or after.startswith("\n"):
            end -= 1
    while end > start and text[end - 1] in " \t\n,":
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return start, end


# --- text checks the handlers share ------------------------------------------------------------------------------


def preceded_by(text: str, start: int, words: Sequence[str]) -> bool:
    """Whether the word just before ``start`` is one of ``words`` (lower case)."""
    match = _RE_WORD_BEFORE.search(text, max(0, start - 20), start)
    return match is not None and match.group(1).lower() in words


def sentence_initial(text: str, start: int) -> bool:
    """Whether ``start`` opens a sentence (or a quote or a line), where a capital says nothing."""
    before = text[max(0, start - 3) : start].rstrip(" \t\"“‘'(")
    return not before or before[-1] in ".!?\n:"


def looks_like_year(text: str, found: Found) -> bool:
    """False for a four-digit number that counts something ("2000 troops") or names something ("No. 2025")."""
    before = _RE_WORD_BEFORE.search(text, max(0, found.start - 16), found.start)
    if before and before.group(1).lower() in ID_WORDS:
        return False
    after = _RE_WORD_AFTER.match(text, found.end, found.end + 24)
    return not (after and after.group(1).lower() in COUNT_NOUNS)


def looks_like_score(text: str, found: Found) -> bool:
    """A bare "H:MM" that is a ratio or a score ("won 3:15", "a 2:30 ratio") rather than a clock time."""
    before = text[max(0, found.start - 12) : found.start].lower()
    return any(word in before for word in ("ratio", "score", "won", "lost", "beat", "verse", "chapter"))


def next_word(text: str, end: int) -> str:
    """The lower-cased word that follows ``end`` (within 20 characters), or ""."""
    match = _RE_WORD_AFTER.match(text, end, end + 20)
    return match.group(1).lower() if match else ""
