"""Turn each check-worthy statement of an article into a Fact: the clause, its predicate, roles and typed values.

A fact is the unit the cross-article steps group into events and claims, so it must say what is stated in a
form that compares across articles without the text: the predicate lemma ("sentence"), the roles it fills
(agent, patient, recipient, place, time, each pointing at the words, and at an entity mention when one fills
it), the attribution (a named speaker, an anonymous one, or the outlet itself), typed values (money, counts of
a named thing, durations, dates, ...) with the words stating them, and the clause's content lemmas.

Clauses come from spaCy's dependency parser (:mod:`crossfact.extract.clauses`); a clause is check-worthy when it
carries a value, a date, a quote or a named participant. A statement is read as a fact-checker sees it: a span
starts after a list mark, a heading label ("Bigger Defense Budgets Ahead: ...") and a heading glued on by
scraping ("... Economic DiplomacyThe unfolding scenario ..."); a fragment without a subject ("• Boosting space
cooperation", "Trade Tensions and Economic Uncertainty") and a sentence that only announces a list ("Several
critical elements are shaping this strategic recalibration:") give no fact. Without the parser model the named fallback
``facts:sentences`` makes one fact per check-worthy sentence, its kind from the trigger inventory
(:data:`EVENT_KINDS`, checked in that order, so "approved nearly $1 billion in military sales" is an approval,
not a sale) and no predicate. Actors hold a mention reference (``mention:START-END``) until
:func:`crossfact.crossdoc.link.link_entities` replaces it with the canonical entity id.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from itertools import pairwise
from typing import cast

from spacy.lang.en.stop_words import STOP_WORDS

from crossfact import lang
from crossfact.config import Config, EntitiesConfig
from crossfact.extract.clauses import Clause, ParsedSpan, Role, load_parser, parse_available, parse_clauses
from crossfact.model import (
    INCREMENT,
    UNSTATED_COUNT,
    Actor,
    Article,
    AttributionKind,
    Fact,
    FactKind,
    Quantity,
    Quote,
    Sentence,
    Slot,
    SlotRole,
    TimeExpr,
    Value,
)
from crossfact.step import Resources, Step

# Inventory of event kinds, in precedence order (lang/en/event_triggers.tsv says how it is read).
EVENT_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (row["kind"], re.compile(row["pattern"], re.IGNORECASE)) for row in lang.table("event_triggers")
)
FIGURE = "figure"
STATEMENT = "statement"
# A parsed clause with a named participant but no trigger from the inventory: its predicate says what happened.
EVENT = "event"
_ROLE_NAMES: dict[str, SlotRole] = {
    "agent": "agent",
    "patient": "patient",
    "recipient": "recipient",
    "place": "place",
    "attribution": "attribution",
}
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_PRONOUNS = frozenset({"he", "she", "him", "her", "it", "they", "them", "we", "i", "you", "this", "that"})
_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
_MIN_TERMS = 3
_NUMBER_WORDS = frozenset(row["word"] for row in lang.table("number_words"))
_MIN_CLAUSE_TERMS = 2
# A pronoun is resolved to the last person named before it, within this many characters (about two sentences):
# further back, a news text has usually named someone else in between. Not tuned.
_PRONOUN_REACH = 400
_WORD = re.compile(r"[^\W\d_]{2,}|\d+(?:[.,]\d+)*")
_INCREMENT_WORDS = lang.words("increment_words")
ACTOR_LABELS = lang.words("actor_labels")
_STOP = frozenset(STOP_WORDS)
# A sentence opening with a personal pronoun ("He also announced ...") acts through the last person named.
_PRONOUN_OPENING = re.compile(r"^(?:He|She|His|Her)\b")
# A list mark opening a span ("• Boosting ...", "- Heightened ..."): followed by a space, so "-5%" is no mark.
_LIST_MARK = re.compile(r"\s*(?:" + lang.alternation(lang.words("list_marks")) + r")\s+")
# A heading glued to the sentence after it: lower-case letters running straight into a capitalised sentence
# opener that a lower-case word follows ("Economic DiplomacyThe unfolding"). The span is cut there.
_GLUED = re.compile(
    r"(?<=[a-z]{3})(?P<opener>" + lang.alternation(lang.words("glued_openers")) + r")(?=\s+[a-z])"
)
# A heading label before a colon at a span's start ("Bigger Defense Budgets Ahead: To accommodate ..."): title
# case, at most this many words (the longest of the seeds' list labels, "A Shift in Regional Power Dynamics",
# has 6; a title-case headline ending in a quote, "Trump Announces ... Second Term: ‘We’ve ...'", has 12).
_LABEL = re.compile(r"(?P<label>[^:;,\"“”‘’\n]{1,80}?):\s+(?=[A-Z\"“‘'])")
_LABEL_WORD = re.compile(r"[^\W\d_][\w’'.&-]*")
_MAX_LABEL_WORDS = 6
_RECIPIENT_CUE = re.compile(r"\b(?:to|for|from|with|by)\s+(?:the\s+)?(?:\w+\s+){0,2}$", re.IGNORECASE)


def extract_facts(article: Article, *, config: EntitiesConfig | None = None) -> Iterator[Fact]:
    """Yield the article's facts in text order: one per check-worthy clause, or per sentence without a parser."""
    config = config or EntitiesConfig()
    if not parse_available(config):
        yield from _sentence_facts(article)
        return
    nlp = load_parser(config)
    pieces = [piece for sentence in article.sentences for piece in _pieces(article, sentence)]
    number = 0
    for parsed in parse_clauses(nlp, article.text, [(piece.start, piece.end) for piece in pieces]):
        sentence = pieces[parsed.index]
        if article.text[sentence.start : sentence.end].rstrip().endswith("?"):
            continue  # a question asserts nothing
        quotes = [q for q in article.quotes if q.start < sentence.end and sentence.start < q.end]
        if not quotes and _announces_list(article, sentence, parsed):
            continue
        clauses = parsed.clauses
        made = False
        for clause in clauses:
            if clause.fragment and not _has_quantity(article, clause.start, clause.end):
                continue  # "Expanding American energy exports to Japan": a list item, no one said to do it
            fact = _clause_fact(article, sentence, clause, quotes, number + 1, main=clause is clauses[0])
            if fact is not None:
                number += 1
                made = True
                yield fact
        # A fragment is a heading or list item: no closing stop, and no name at its start. The tagger misreads
        # some full sentences ("Michelle Wie chips Sunday during ...": "chips" a noun; MSRP lost 5 of 2000
        # sentences without the stop rule) and headlines (ECB+ topics 1-6 lost 11 of 537 gold-action
        # sentences without the name rule); a figure is worth checking even in a list item.
        fragment = (
            parsed.fragment
            and not _closed(article, sentence)
            and not _opens_with_name(article, sentence)
            and not _has_quantity(article, sentence.start, sentence.end)
        )
        if not made and (quotes or (not parsed.frame and not fragment and _stated(article, sentence))):
            # A sentence that states something no clause above carried keeps one fact for the whole sentence:
            # a quote and its cue ("'We will appeal,' he said."), a verbless headline, a passive report with
            # no named party. Claims are only as complete as their facts (MSRP: 6.7 % of sentences had none).
            number += 1
            kind = STATEMENT if quotes else EVENT
            predicate = clauses[0].predicate if clauses else None
            yield _sentence_fact(article, sentence, kind, 0, number, predicate=predicate)


def _pieces(article: Article, sentence: Sentence) -> Iterator[Sentence]:
    """Yield the spans of a sentence to read as statements: split where a heading was glued on, each from after
    its list mark and heading label, without surrounding space."""
    text = article.text
    cuts = [match.start() for match in _GLUED.finditer(text, sentence.start, sentence.end)]
    bounds = [sentence.start, *cuts, sentence.end]
    for start, end in pairwise(bounds):
        start = _skip_label(article, start, end)
        words = text[start:end]
        if words.strip():
            start += len(words) - len(words.lstrip())
            yield Sentence(start, start + len(words.strip()), sentence.paragraph)


def _skip_label(article: Article, start: int, end: int) -> int:
    """Return where the statement starts: after a list mark, then after a title-case heading label and colon
    that names nobody ("Esther Williams Dead: Technicolor Star Dies At Age 91" keeps its name)."""
    mark = _LIST_MARK.match(article.text, start, end)
    if mark:
        start = mark.end()
    label = _LABEL.match(article.text, start, end)
    if label and not any(
        m.label in ACTOR_LABELS and m.start < label.end("label") and start < m.end for m in article.mentions
    ):
        words = _LABEL_WORD.findall(label["label"])
        content = [word for word in words if word.lower() not in _STOP]
        if 0 < len(words) <= _MAX_LABEL_WORDS and content and all(word[0].isupper() for word in content):
            start = label.end()
    return start


def _closed(article: Article, sentence: Sentence) -> bool:
    return article.text[sentence.start : sentence.end].rstrip("\"'”’ )").endswith((".", "!"))


def _has_quantity(article: Article, start: int, end: int) -> bool:
    return any(start <= q.start and q.end <= end for q in article.quantities)


def _opens_with_name(article: Article, sentence: Sentence) -> bool:
    """Return whether a span opens with a named participant: a headline ("Ellen DeGeneres To Host 86th Oscars",
    "Texas prisoner captured after week on the run"), where a list item opens with its verb or names nobody."""
    return any(m.label in ACTOR_LABELS and m.start == sentence.start for m in article.mentions)


def _announces_list(article: Article, sentence: Sentence, parsed: ParsedSpan) -> bool:
    """Return whether a sentence only announces what follows its colon: no figure, no date, and it names nobody
    or its verb ends it ("Several critical elements are shaping this strategic recalibration:")."""
    if not article.text[sentence.start : sentence.end].rstrip().endswith(":"):
        return False
    if _has_quantity(article, sentence.start, sentence.end) or any(
        t.type == "DATE" and _inside(t.start, t.end, sentence) for t in article.times
    ):
        return False
    named = any(m.label in ACTOR_LABELS and _inside(m.start, m.end, sentence) for m in article.mentions)
    return not named or parsed.ends_at_verb


def _clause_fact(
    article: Article,
    sentence: Sentence,
    clause: Clause,
    quotes: list[Quote],
    number: int,
    *,
    main: bool,
) -> Fact | None:
    inside = Sentence(clause.start, clause.end, sentence.paragraph)
    quantities = [q for q in article.quantities if _inside(q.start, q.end, inside)]
    times = [t for t in article.times if _inside(t.start, t.end, inside)]
    slots = [slot for role in clause.roles if (slot := _slot(article, role)) is not None]
    mentions = {(m.start, m.end) for m in article.mentions if m.label in ACTOR_LABELS}
    named = [slot for slot in slots if (slot.start, slot.end) in mentions]
    in_quote = [q for q in quotes if q.start <= clause.start and clause.end <= q.end]
    # Check-worthy: a value, a date, a quote or a named participant; or the sentence's first clause when it
    # states something of someone ("The council approved the budget"): a subject that is no pronoun and three
    # content words. Without that last rule a third of MSRP's news sentences gave no fact at all.
    stated = (
        main
        and len(clause.terms) >= _MIN_TERMS
        and any(
            r.role == "agent" and article.text[r.start : r.end].lower() not in _PRONOUNS for r in clause.roles
        )
    )
    if not (quantities or any(t.type == "DATE" for t in times) or in_quote or named or stated):
        return None
    if not quantities and len(clause.terms) < _MIN_CLAUSE_TERMS:
        return None  # "I know", "it is": a clause of one content word asserts nothing to check
    values = list(_values(article, quantities, times, dict(clause.lemmas)))
    date = next((t for t in times if t.type == "DATE"), None)
    if date is not None:
        slots.append(Slot("time", date.start, date.end))
    attribution, source = _attribution(article, clause, in_quote, mentions)
    if source is not None:
        slots.append(source)
    kind, _ = _kind(article.text[clause.start : clause.end])
    if kind is None:
        kind = FIGURE if quantities else STATEMENT if in_quote else EVENT
    return Fact(
        id=f"{article.id}-f{number}",
        article=article.id,
        start=clause.start,
        end=clause.end,
        kind=cast(FactKind, kind),
        actors=tuple(_slot_actors(article, slots)),
        quantities=tuple(q.id for q in quantities),
        times=tuple(t.id for t in times),
        quotes=tuple(q.id for q in in_quote),
        sentence_start=sentence.start,
        sentence_end=sentence.end,
        predicate=clause.predicate,
        negated=clause.negated,
        slots=tuple(slots),
        values=tuple(values),
        attribution=attribution,
        terms=clause.terms,
    )


def _slot(article: Article, role: Role) -> Slot | None:
    """Return the role as a Slot on the entity mention holding its head word, or on the head phrase; a place
    must be a named place ("in September" is a time, "in US weapons" no place)."""
    for mention in article.mentions:
        if mention.start <= role.head < mention.end and mention.label in ACTOR_LABELS | _PLACE_LABELS:
            if role.role == "place" and mention.label not in _PLACE_LABELS:
                return None
            return Slot(_ROLE_NAMES.get(role.role, "agent"), mention.start, mention.end)
    if role.role == "place":
        return None
    words = article.text[role.start : role.end].strip().lower()
    if words in _PERSON_PRONOUNS:
        earlier = [m for m in article.mentions if m.label == "PERSON" and m.end <= role.start]
        if earlier and role.start - earlier[-1].end < _PRONOUN_REACH:
            return Slot(_ROLE_NAMES.get(role.role, "agent"), earlier[-1].start, earlier[-1].end)
    return Slot(_ROLE_NAMES.get(role.role, "agent"), role.start, role.end)


def _slot_actors(article: Article, slots: list[Slot]) -> Iterator[Actor]:
    mentions = {(m.start, m.end): m for m in article.mentions if m.label in ACTOR_LABELS}
    seen: set[tuple[int, int]] = set()
    for slot in slots:
        key = (slot.start, slot.end)
        if key in mentions and key not in seen and slot.role != "attribution":
            seen.add(key)
            yield Actor(slot.role, mentions[key].start, mentions[key].end)


def _attribution(
    article: Article, clause: Clause, quotes: list[Quote], mentions: set[tuple[int, int]]
) -> tuple[AttributionKind, Slot | None]:
    """Return who the clause rests on: its quote's speaker, its reporting verb's subject, or the outlet."""
    for quote in quotes:
        if quote.speaker_start is not None and quote.speaker_end is not None:
            kind: AttributionKind = "anonymous" if quote.anonymous else "named"
            return kind, Slot("attribution", quote.speaker_start, quote.speaker_end)
    if clause.reporter is None:
        return "outlet", None
    slot = _slot(article, clause.reporter)
    if slot is None:
        return "outlet", None
    if (slot.start, slot.end) in mentions:
        return "named", Slot("attribution", slot.start, slot.end)
    head = article.text[clause.reporter.head : slot.end].split()
    anonymous = bool(head) and head[-1].lower().strip(".,") in lang.words("anonymous_heads")
    return ("anonymous" if anonymous else "named"), Slot("attribution", slot.start, slot.end)


# A number that is part of the count after it: "178 of 369 punches", "9 of 12 jurors" (searched up to its start).
_PART_OF = re.compile(r"(?<![\d.,])(?P<number>\d{1,3}(?:,\d{3})*|\d+)[ \t]+of[ \t]+\Z")
# The name or noun an age follows: "Peter Smith, 51", "Walker, aged 74" (searched up to the age's start).
_AGE_HOLDER = re.compile(r"(?P<holder>[^\W\d_][\w'’-]*),[ \t](?:aged[ \t])?\Z")


def _values(
    article: Article, quantities: list[Quantity], times: list[TimeExpr], lemmas: dict[int, str] | None = None
) -> Iterator[Value]:
    """Yield the typed values of a statement: its quantities, each with the slot it measures, then its dates.

    A slot names what a value measures, so that two statements' values are compared only when they measure the
    same thing: "count:sentence" for "seven life sentences", "ordinal:defence" for "fifth title defence",
    "record:W-L" for "53-3". ``lemmas`` maps a word's offset to its lemma, when a parse gave them.
    """
    for quantity in quantities:
        slot: str = quantity.kind
        unit = (quantity.unit or "").lower()
        if quantity.kind == "count" and unit:
            # The thing counted, as a lemma: "seven life sentences" and "four sentences" both count "sentence".
            unit_at = article.text.rfind(quantity.unit or "", quantity.start, quantity.end)
            slot = f"count:{(lemmas or {}).get(unit_at, unit)}"
        elif quantity.kind in ("ordinal", "record", "sentence") and unit:
            slot = f"{quantity.kind}:{unit}"
        elif quantity.kind == "age" and (
            holder := _AGE_HOLDER.search(article.text, max(0, quantity.start - 48), quantity.start)
        ):
            # Whose age: "Ian Brown, 36, and Peter Smith, 51" states two ages, each compared with the same
            # person's age elsewhere ("age:smith"), never with the other's.
            slot = f"age:{holder['holder'].lower()}"
        parts = quantity.parts
        approx = quantity.approx
        if quantity.kind == "sentence" and not _states_count(article.text[quantity.start : quantity.end]):
            # "sentenced to life in prison" says nothing of how many life terms: it agrees with any count.
            approx = UNSTATED_COUNT
        elif _increment(article.text, quantity.start, quantity.end):
            approx = INCREMENT
        yield Value(
            slot=slot,
            kind=quantity.kind,
            value=quantity.value,
            start=quantity.start,
            end=quantity.end,
            unit=quantity.unit,
            approx=approx,
            upper=quantity.upper,
            text_value="-".join(f"{part:g}" for part in parts) if parts else None,
        )
        part = _PART_OF.search(article.text, max(0, quantity.start - 24), quantity.start)
        if quantity.kind == "count" and slot != "count" and part is not None:
            # "landing 178 of 369 punches" states 178 punches too: the part is a count of the same thing, and a
            # report of "178 punches" landed agrees with it (ECB+ topic 7).
            number = float(part["number"].replace(",", ""))
            yield Value(slot, "count", number, part.start("number"), part.end("number"), unit=quantity.unit)
    yield from _date_values(times)


def _date_values(times: list[TimeExpr]) -> Iterator[Value]:
    for time in times:
        if time.type == "DATE" and time.value and not time.value.startswith(("PRESENT", "PAST", "FUTURE")):
            yield Value("date", "date", 0.0, time.start, time.end, text_value=time.value)


def _increment(text: str, start: int, end: int) -> bool:
    """Return whether the word before a number or one of the two after it makes it an increment ("two extra")."""
    before = _WORD.findall(text[max(0, start - 24) : start])[-1:]
    after = _WORD.findall(text[start : max(end, start + 40)])[1:3]
    return any(word.lower() in _INCREMENT_WORDS for word in (*before, *after))


def _states_count(text: str) -> bool:
    words = _WORD.findall(text.lower())
    return any(word[0].isdigit() or (word in _NUMBER_WORDS and word != "one") for word in words)


def _stated(article: Article, sentence: Sentence) -> bool:
    # Numbers do not count: a dateline ("Nov. 30, 2009", "7:15 a.m. Dec. 7") states nothing by itself.
    words = _WORD.findall(article.text[sentence.start : sentence.end])
    return sum(1 for word in words if word.lower() not in _STOP and not word[0].isdigit()) >= _MIN_TERMS


def _sentence_facts(article: Article) -> Iterator[Fact]:
    """Yield one Fact per check-worthy sentence: the fallback when no parser model is installed."""
    number = 0
    for sentence in (piece for whole in article.sentences for piece in _pieces(article, whole)):
        text = article.text[sentence.start : sentence.end]
        kind, trigger = _kind(text)
        if kind is None:
            if any(_inside(q.start, q.end, sentence) for q in article.quantities):
                kind = FIGURE
            elif any(q.start < sentence.end and sentence.start < q.end for q in article.quotes):
                kind = STATEMENT
            else:
                continue
        number += 1
        yield _sentence_fact(article, sentence, kind, trigger, number)


def _sentence_fact(
    article: Article,
    sentence: Sentence,
    kind: str,
    trigger: int,
    number: int,
    *,
    predicate: str | None = None,
) -> Fact:
    quantities = [q for q in article.quantities if _inside(q.start, q.end, sentence)]
    times = [t for t in article.times if _inside(t.start, t.end, sentence)]
    text = article.text[sentence.start : sentence.end]
    return Fact(
        id=f"{article.id}-f{number}",
        article=article.id,
        start=sentence.start,
        end=sentence.end,
        kind=cast(FactKind, kind),  # the inventory's kinds are model.FactKind (tests/test_model.py)
        actors=tuple(_actors(article, sentence, trigger)),
        quantities=tuple(q.id for q in quantities),
        times=tuple(t.id for t in times),
        quotes=tuple(q.id for q in article.quotes if q.start < sentence.end and sentence.start < q.end),
        sentence_start=sentence.start,
        sentence_end=sentence.end,
        predicate=predicate,
        values=tuple(_values(article, quantities, times)),
        terms=tuple(sorted({word.lower() for word in _WORD.findall(text) if word.lower() not in _STOP})),
    )


def _kind(text: str) -> tuple[str | None, int]:
    for kind, pattern in EVENT_KINDS:
        match = pattern.search(text)
        if match:
            return kind, match.start()
    return None, 0


def _inside(start: int, end: int, sentence: Sentence) -> bool:
    return sentence.start <= start and end <= sentence.end


def _actors(article: Article, sentence: Sentence, trigger: int) -> Iterator[Actor]:
    seen: set[tuple[int, int]] = set()
    trigger_at = sentence.start + trigger
    has_agent = False
    for mention in article.mentions:
        if mention.label not in ACTOR_LABELS or not _inside(mention.start, mention.end, sentence):
            continue
        ref = (mention.start, mention.end)
        if ref in seen:
            continue
        seen.add(ref)
        if mention.start < trigger_at:
            role = "agent"
            has_agent = True
        elif _RECIPIENT_CUE.search(article.text[max(sentence.start, mention.start - 40) : mention.start]):
            role = "recipient"
        else:
            role = "other"
        yield Actor(role, mention.start, mention.end)
    if not has_agent and _PRONOUN_OPENING.match(article.text[sentence.start : sentence.end]):
        earlier = [m for m in article.mentions if m.label == "PERSON" and m.end <= sentence.start]
        if earlier and (earlier[-1].start, earlier[-1].end) not in seen:
            yield Actor("agent", earlier[-1].start, earlier[-1].end)


def _build(config: Config, resources: Resources) -> Callable[[Article], Article]:
    if parse_available(config.entities):
        load_parser(config.entities)  # load the model once, before the first article

    def run(article: Article) -> Article:
        return replace(article, facts=tuple(extract_facts(article, config=config.entities)))

    return run


STEP: Step[Article] = Step(
    "facts",
    "article",
    _build,
    requires=(
        "article.sentences",
        "article.mentions",
        "article.quantities",
        "article.times",
        "article.quotes",
    ),
    assigns=("article.facts",),
    section="entities",
    describe=lambda config: (
        ("facts:spacy-parser", None)
        if parse_available(config.entities)
        else ("facts:sentences", "no parser: spaCy model not installed or disabled")
    ),
)
