"""Order the corpus's dated events in time, each with the facts and articles that state it and its claim.

What a reader learns: what happened (or is due) when, and on whose word: "2024-09: the administration cut
import tariffs on Japanese cars (001)", "2025-01-20: Trump sworn in (000, 001)", "2027: Japan doubles defence
spending (004)".

An entry is a calendar date: a DATE time expression whose TIMEX3 ``value`` names a year, month, day, quarter,
ISO week or season (2024, 2024-09, 2025-01-20, 2025-Q1, 2025-W11, 2025-SU). Relative and vague values
(PAST_REF, PRESENT_REF, FUTURE_REF), durations, sets and dates without a year (XXXX-10-28) place nothing on a
calendar and are left out. ``when`` is the TIMEX3 value; a ``mod`` ("late 2024" is 2024 with mod END) is
spelt into the ``label`` ("(late) ...") and narrows the ordering, and expressions with different mods are
different entries.

Entries come from two places:

- facts: the facts of one event with the same value (and mod) are one entry, whichever articles state them;
  its ``event`` is that event, its ``claim`` the claim of its first fact, its ``facts`` those facts.
- dated sentences the fact stage found no event in ("Construction is due to start in 2027"; "Trump, who was
  ... sworn in on January 20, 2025"): each joins an entry with the same value and mod whose words near the
  date share at least :data:`SHARED_WORDS` content words with its own, else starts one with no claim and no
  facts. Such an entry still lists its articles.

The ``label`` is the first stating sentence, shortened: it reads as the event, where a claim summary
("cut_tariff: Japan, United States — percent 15 %") reads as an index.

Undated facts are not in the timeline: a fact is undated exactly when no entry lists it; :func:`undated_facts`
returns them for a renderer that wants to list them apart.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

from crossfact.model import Article, Claim, Corpus, Event, FactRef, TimeExpr, TimelineEntry
from crossfact.step import Step, setting
from crossfact.timex import is_calendar_date, order_key

# Two mentions of one date are the same event when the content words (spaCy's stop words out) within
# WINDOW_WORDS of each date share at least SHARED_WORDS, or at least half of the words of a sentence that has
# few ("The first hydrogen is due in 2031." has only "hydrogen"). Measured on the demo, whose 2027 and 2031
# sentences are worded differently in every outlet: "Construction is due to start in 2027" (01) shares
# "construction" and "start" with "Construction is planned to start in 2027" (04), and "hydrogen" and
# "eemshaven" with "Work ... is scheduled to begin in 2027, and Eemshaven should receive its first hydrogen"
# (03); the seeds' two "sworn in on January 20, 2025" share three (trump, reelected, sworn). A single shared
# word in a longer context (the story's "hydrogen", "Japan") would merge unrelated events of the same year.
SHARED_WORDS = 2
WINDOW_WORDS = 8
LABEL_CHARS = 110

_MOD_WORDS = {
    "START": "early",
    "MID": "mid",
    "END": "late",
    "APPROX": "about",
    "LESS_THAN": "before",
    "MORE_THAN": "after",
    "EQUAL_OR_LESS": "by",
    "EQUAL_OR_MORE": "from",
    "BEFORE": "before",
    "AFTER": "after",
    "ON_OR_BEFORE": "by",
    "ON_OR_AFTER": "from",
}
_CONTEXT_WORD = re.compile(r"[^\W\d_]{3,}")
_CALENDAR_WORDS = frozenset(
    "january february march april may june july august september october november december monday tuesday "
    "wednesday thursday friday saturday sunday year years month months week weeks day days".split()
)


@dataclass(slots=True)
class _Entry:
    when: str
    mod: str | None
    claim: str | None
    label: str
    event: str | None = None
    facts: list[FactRef] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    context: set[str] = field(default_factory=set)

    def add(self, article: str, fact: FactRef | None, context: set[str]) -> None:
        if fact is not None and fact not in self.facts:
            self.facts.append(fact)
        if article not in self.articles:
            self.articles.append(article)
        self.context |= context


# Entries of one date a dated sentence may join: the most recent ones only, so that a corpus where thousands
# of sentences name "1987" stays linear (benchmarks/bench_crossdoc_scale.py).
JOIN_CANDIDATES = 64


def build_timeline(
    articles: Sequence[Article], claims: Sequence[Claim], events: Sequence[Event] = ()
) -> tuple[TimelineEntry, ...]:
    """Return the dated entries of the corpus in time order (see the module docstring for what an entry is)."""
    claim_of = {(ref.article, ref.fact): claim.id for claim in claims for ref in claim.facts}
    event_of = {(ref.article, ref.fact): event.id for event in events for ref in event.facts}
    entries: list[_Entry] = []
    by_key: dict[tuple[str, str, str | None], _Entry] = {}
    dated_in_facts: set[tuple[str, str]] = set()
    for article in articles:
        times = {time.id: time for time in article.times}
        sentences = _Sentences(article)
        for fact in article.facts:
            for time in (times[t] for t in dict.fromkeys(fact.times) if t in times):
                if not is_calendar_date(time):
                    continue
                dated_in_facts.add((article.id, time.id))
                claim = claim_of.get((article.id, fact.id))
                event = event_of.get((article.id, fact.id))
                key = (event or claim or f"{article.id}/{fact.id}", time.value, time.mod)
                entry = by_key.get(key)
                if entry is None:
                    label = _label(article.text, fact.start, fact.end, time.mod)
                    entry = by_key[key] = _Entry(time.value, time.mod, claim, label, event)
                    entries.append(entry)
                entry.add(article.id, FactRef(article.id, fact.id), _context(article, time, sentences))
    by_date: dict[tuple[str, str | None], list[_Entry]] = {}
    for entry in entries:
        by_date.setdefault((entry.when, entry.mod), []).append(entry)
    for article in articles:
        sentences = _Sentences(article)
        for time in article.times:
            if not is_calendar_date(time) or (article.id, time.id) in dated_in_facts:
                continue
            context = _context(article, time, sentences)
            same_date = by_date.setdefault((time.value, time.mod), [])
            entry = _joinable(same_date, time, context)
            if entry is None:
                start, end = sentences.around(time.start)
                entry = _Entry(time.value, time.mod, None, _label(article.text, start, end, time.mod))
                entries.append(entry)
                same_date.append(entry)
            entry.add(article.id, None, context)
    order = {article.id: index for index, article in enumerate(articles)}
    ordered = sorted(entries, key=lambda e: (*order_key(e.when, e.mod), e.label))
    return tuple(
        TimelineEntry(
            e.when,
            e.label,
            tuple(sorted(e.facts, key=lambda ref: order[ref.article])),
            tuple(sorted(e.articles, key=order.__getitem__)),
            e.claim,
            e.event,
        )
        for e in ordered
    )


def undated_facts(articles: Iterable[Article], timeline: Sequence[TimelineEntry]) -> tuple[FactRef, ...]:
    """Return the facts no timeline entry lists, in article order."""
    listed = {ref for entry in timeline for ref in entry.facts}
    return tuple(
        FactRef(article.id, fact.id)
        for article in articles
        for fact in article.facts
        if FactRef(article.id, fact.id) not in listed
    )


class _Sentences:
    """An article's sentences, searched by position in log time (a scan per time expression was quadratic in an
    article full of dates, issue 16)."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self.starts = [sentence.start for sentence in article.sentences]

    def around(self, position: int) -> tuple[int, int]:
        """Return the bounds of the first sentence holding ``position``, or of a window around it."""
        sentences = self.article.sentences
        # Sentences are in text order and do not overlap: the holder, if any, is the last starting at or before.
        index = bisect_right(self.starts, position) - 1
        if index >= 0 and sentences[index].start <= position < sentences[index].end:
            return sentences[index].start, sentences[index].end
        text = self.article.text
        return max(0, position - LABEL_CHARS // 2), min(len(text), position + LABEL_CHARS // 2)


def _label(text: str, start: int, end: int, mod: str | None) -> str:
    flat = _flat_head(text, start, end, LABEL_CHARS)
    if len(flat) > LABEL_CHARS:
        cut = flat.rfind(" ", 0, LABEL_CHARS - 1)
        flat = flat[: cut if cut > LABEL_CHARS // 2 else LABEL_CHARS - 1] + "…"
    word = _MOD_WORDS.get(mod or "")
    return f"({word}) {flat}" if word else flat


@cache
def _stop_words() -> frozenset[str]:
    # spaCy's English list, the one the entity stage's tokenizer uses; imported here so that a run on the
    # rule-based fallback pays for it only when a timeline is built.
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def _flat_head(text: str, start: int, end: int, need: int) -> str:
    """Return ``text[start:end]`` with whitespace runs as one space, whole or at least its first ``need + 1``
    characters; only a head of the sentence is read, so labels cost the same in a 200 kB sentence."""
    size = 2 * need
    while True:
        words = text[start : min(end, start + size)].split()
        if start + size >= end:
            return " ".join(words)
        flat = " ".join(words[:-1])  # the last word may be cut off
        if len(flat) > need:
            return flat
        size *= 2


def _context(article: Article, time: TimeExpr, sentences: _Sentences) -> set[str]:
    """Return the content words within WINDOW_WORDS of the time expression, in its sentence."""
    start, end = sentences.around(time.start)
    text = article.text
    before = _words_before(text, start, time.start)
    after = _words_after(text, time.end, end)
    stop = _stop_words()
    return {
        word.lower()
        for word in (*before, *after)
        if word.lower() not in stop and word.lower() not in _CALENDAR_WORDS
    }


# Words are searched in a window that doubles until it holds enough of them: the whole sentence at every time
# expression was quadratic in a sentence full of dates (200 kB: 204 s, issue 16).
_FIRST_WINDOW = 256


def _words_before(text: str, start: int, end: int) -> list[str]:
    """Return the last WINDOW_WORDS context words of ``text[start:end]``."""
    size = _FIRST_WINDOW
    while True:
        begin = max(start, end - size)
        words = _CONTEXT_WORD.findall(text, begin, end)
        # One more word than needed: the first may be cut off by the window.
        if begin == start or len(words) > WINDOW_WORDS:
            return words[-WINDOW_WORDS:]
        size *= 2


def _words_after(text: str, start: int, end: int) -> list[str]:
    """Return the first WINDOW_WORDS context words of ``text[start:end]``."""
    size = _FIRST_WINDOW
    while True:
        stop = min(end, start + size)
        words = _CONTEXT_WORD.findall(text, start, stop)
        if stop == end or len(words) > WINDOW_WORDS:
            return words[:WINDOW_WORDS]
        size *= 2


def _joinable(entries: Sequence[_Entry], time: TimeExpr, context: set[str]) -> _Entry | None:
    best: tuple[int, _Entry] | None = None
    for entry in entries[-JOIN_CANDIDATES:]:
        shared = len(entry.context & context)
        enough = shared >= SHARED_WORDS or (shared and 2 * shared >= len(context))
        if enough and (best is None or shared > best[0]):
            best = (shared, entry)
    return best[1] if best else None


STEP: Step[Corpus] = Step(
    "timeline",
    "corpus",
    setting(
        "timeline",
        lambda corpus, config, resources: build_timeline(corpus.articles, corpus.claims, corpus.events),
    ),
    requires=("article.times", "article.facts", "corpus.events", "corpus.claims"),
    assigns=("corpus.timeline",),
    method="dated-facts",
)
