"""The data model every crossfact stage reads and writes.

Per-article records carry offsets into their article's cleaned ``text``; the words behind a record are never
stored beside it but sliced from that text, so ``text == article.text[start:end]`` holds by construction.
This module imports nothing from the rest of the package.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Severity = Literal["info", "warning", "error"]
Direction = Literal["a->b", "b->a", "unknown"]
ClaimStatus = Literal["corroborated", "single_source", "conflicting"]
# Why the clean stage changed the text (``Edit.reason``): the template_text check reports table, markup and
# boilerplate edits as scraping debris.
EditReason = Literal["wrap", "markup", "entity", "table", "boilerplate", "space", "wire", "limit"]
# The kind of happening a fact states (``Fact.kind``): an event kind from the facts stage's trigger inventory,
# ``event`` (a clause with a named participant but no trigger: its predicate says what happened), or ``figure``
# (only a number) or ``statement`` (only a quote), which no happening ties to one slot.
FactKind = Literal[
    "cut_tariff",
    "raise_tariff",
    "raise_spending",
    "cut_spending",
    "approve",
    "block",
    "sign",
    "purchase",
    "sell",
    "contract",
    "meet",
    "announce",
    "claim",
    "event",
    "figure",
    "statement",
]
# What a Quantity states; extract/quantities.py and extract/typed_values.py say how each is read.
QuantityKind = Literal[
    "money",
    "percent",
    "percent_point",
    "count",
    "number",
    "multiplier",
    "change",
    "ordinal",
    "record",
    "tally",
    "duration",
    "sentence",
    "age",
]


@dataclass(frozen=True, slots=True)
class Span:
    """A run of characters ``[start, end)`` in one article's cleaned text."""

    article: str
    start: int
    end: int

    def text_in(self, text: str) -> str:
        """Return the words this span points at in ``text`` (the article's cleaned text)."""
        return text[self.start : self.end]


@dataclass(frozen=True, slots=True)
class Edit:
    """One change the clean stage made: raw ``[raw_start, raw_end)`` became cleaned ``[start, end)``.

    ``raw`` keeps the original characters so that nothing the user gave is lost, even when an edit drops them
    (``start == end``) from the analysed text.
    """

    start: int
    end: int
    raw_start: int
    raw_end: int
    raw: str
    reason: EditReason


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the cleaned text; ``paragraph`` is the index of the paragraph that holds it."""

    start: int
    end: int
    paragraph: int


@dataclass(frozen=True, slots=True)
class Mention:
    """One place where an entity is named: its NER label, the title the text gives it as ``role`` ("Prime
    Minister", kept apart from the name), and the KB entry a KB pattern matched, if any."""

    article: str
    start: int
    end: int
    label: str
    role: str | None = None
    kb_id: str | None = None


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, organisation or place, canonical across the corpus."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    kb_id: str | None = None
    mentions: tuple[Mention, ...] = ()


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number the text states: money, percent, count, ... with its value in base units.

    A range ("$1-2 billion") has ``value`` as its lower and ``upper`` as its upper bound. A change ("from 27.5%
    to 15%") is its own Quantity of kind ``change`` whose ``change_from``/``change_to`` name the two parts. A
    record or a tally ("52-3", "voted 272-219") has ``value`` its first number and ``parts`` all of them.
    """

    id: str
    article: str
    start: int
    end: int
    kind: QuantityKind
    value: float
    unit: str | None = None
    approx: str | None = None
    upper: float | None = None
    change_from: str | None = None
    change_to: str | None = None
    parts: tuple[float, ...] | None = None


# TIMEX3 types (ISO-TimeML): a calendar date or period, a time of day, a length of time, a recurrence.
TimeType = Literal["DATE", "TIME", "DURATION", "SET"]
AnchorKind = Literal["dct", "inferred", "time", "kb"]


@dataclass(frozen=True, slots=True)
class Anchor:
    """What a relative time expression's value was computed from.

    ``dct``: the publication date ``day``. ``inferred``: ``day`` is the latest full date the article states,
    a lower bound of its unknown publication date. ``time``: the earlier time expression ``time`` (an id) of the
    same article. ``kb``: the ``edge`` of ``person``'s tenure in ``office``, as the KB records it.
    """

    kind: AnchorKind
    day: date | None = None
    time: str | None = None
    person: str | None = None
    office: str | None = None
    edge: Literal["start", "end"] | None = None


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """A time expression normalised to a TIMEX3 ``value``; ``anchor`` is None when the words give the value on
    their own (or nothing was there to resolve them against)."""

    id: str
    article: str
    start: int
    end: int
    type: TimeType
    value: str
    mod: str | None = None
    anchor: Anchor | None = None


@dataclass(frozen=True, slots=True)
class Quote:
    """Quoted words (the span covers the words, not the marks) and who they are credited to.

    ``speaker_start``/``speaker_end`` point at the words naming the speaker (``speaker_text`` is that slice):
    an entity mention, so a cross-article step can set ``speaker`` to its entity id, or an unnamed descriptor
    ("a senior defense official"). When the attribution itself says "he" or "the official", they point at the
    earlier words it was resolved to, and ``speaker_ref_start``/``speaker_ref_end`` keep the local words.
    ``partial`` marks a quoted fragment inside the writer's own sentence ("a ‘fair and beneficial’ deal").
    """

    id: str
    article: str
    start: int
    end: int
    speaker: str | None
    speaker_text: str | None
    anonymous: bool
    cue: str | None
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_ref_start: int | None = None
    speaker_ref_end: int | None = None
    partial: bool = False


@dataclass(frozen=True, slots=True)
class Attribution:
    """An unquoted "X said" / "according to X": the cue, the words naming the source X, and whether X is unnamed.

    ``start``/``end`` cover the source phrase and its cue together ("Sources close to the ministry said",
    "according to people familiar with the discussions"); ``cue_start``/``cue_end`` the cue as written
    (``cue``) and ``source_start``/``source_end`` the phrase naming the source. ``anonymous`` is True for an
    unnamed person ("a senior official", "people familiar with the talks") and False for a named person, a
    pronoun for one, or a body on the record ("the ministry said"); phrases that are neither are not recorded.
    """

    article: str
    start: int
    end: int
    cue: str
    cue_start: int
    cue_end: int
    source_start: int
    source_end: int
    anonymous: bool


@dataclass(frozen=True, slots=True)
class Actor:
    """An entity taking part in a fact, with its role (agent, recipient, ...).

    ``start``/``end`` are the offsets of the mention that names it; ``entity`` is the canonical entity id once
    the cross-article canonicalise step has linked that mention (None before).
    """

    role: str
    start: int
    end: int
    entity: str | None = None


SlotRole = Literal["agent", "patient", "recipient", "place", "time", "attribution"]
# Who a statement rests on: a named speaker, an unnamed one ("officials said"), or the outlet itself.
AttributionKind = Literal["named", "anonymous", "outlet"]


@dataclass(frozen=True, slots=True)
class Slot:
    """A participant of a statement: the words filling one role of its predicate.

    ``start``/``end`` are the words of the role's head phrase; when an entity mention fills the role they are
    exactly that mention's offsets, so a cross-article step can look its entity up.
    """

    role: SlotRole
    start: int
    end: int


# The ``approx`` of a value whose words state no count ("sentenced to life in prison"): it agrees with any count.
UNSTATED_COUNT = "unstated"
# The ``approx`` of a value that adds to a total the words do not give ("two extra life sentences", "another 20
# troops"): it contradicts no total.
INCREMENT = "increment"


@dataclass(frozen=True, slots=True)
class Value:
    """A typed value a statement carries, normalised, with the words that state it.

    ``slot`` says what the value measures, so that two statements' values compare only when they measure the
    same thing: the kind, and for counts the thing counted ("count:sentence" for "four life sentences").
    ``value`` is in base units (a number, or for a date the TIMEX3 value in ``text_value``); ``upper`` closes a
    range; ``text_value`` carries values that are not one number ("53-3" records, "2025-10-28" dates).
    """

    slot: str
    kind: str
    value: float
    start: int
    end: int
    unit: str | None = None
    approx: str | None = None
    upper: float | None = None
    text_value: str | None = None


@dataclass(frozen=True, slots=True)
class Fact:
    """One check-worthy statement: the clause that states it, its predicate, participants and typed values.

    ``start``/``end`` cover the clause, ``sentence_start``/``sentence_end`` the sentence that holds it.
    ``terms`` are the clause's content-word lemmas (lower case, sorted, unique), the compact form cross-article
    steps compare without reading text. ``kind`` is the coarse kind of happening (the predicate's event class,
    or ``figure``/``statement`` when a clause has only a number or a quote). ``actors``, ``quantities``,
    ``times`` and ``quotes`` point at the records of the article that lie in the clause.
    """

    id: str
    article: str
    start: int
    end: int
    kind: FactKind
    actors: tuple[Actor, ...] = ()
    quantities: tuple[str, ...] = ()
    times: tuple[str, ...] = ()
    quotes: tuple[str, ...] = ()
    sentence_start: int = 0
    sentence_end: int = 0
    predicate: str | None = None
    negated: bool = False
    slots: tuple[Slot, ...] = ()
    values: tuple[Value, ...] = ()
    attribution: AttributionKind = "outlet"
    terms: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Sketch:
    """What the reuse search needs from one article, without its text: compact, frozen and versioned.

    ``minhash`` holds the MinHash hash values of the article's word shingles and ``shingles``, ``words`` and
    ``fingerprints`` the sorted 32-bit hashes of its shingles, content words and rare-evidence keys (quotes,
    multi-word names, number pairs), each packed as little-endian unsigned 32-bit integers.
    ``crossfact.crossdoc.reuse`` writes and reads them; ``version`` changes whenever their meaning does.
    """

    article: str
    version: int
    tokens: int
    minhash: bytes
    shingles: bytes
    words: bytes
    fingerprints: bytes


@dataclass(frozen=True, slots=True)
class StoryFeatures:
    """What story clustering keeps of one article: hashed word weights, actor keys and a reference date.

    ``terms`` (hashed word index, sublinear weight) and ``actors`` (actor key, weight) are what is compared;
    ``date`` is the publication date, else a date taken from the article's time expressions. ``words``
    (hashed index, word) and ``names`` (actor key, fullest name given) are used only for story labels;
    ``when`` holds the calendar keys (year, month, day) the batch clusterer compares.
    ``crossfact.extract.sketch`` writes them; ``version`` changes whenever their meaning does.
    """

    article: str
    version: int
    published: date | None
    date: date | None
    title: str | None
    terms: tuple[tuple[int, float], ...]
    actors: tuple[tuple[str, float], ...]
    n_features: int
    words: tuple[tuple[int, str], ...] = ()
    names: tuple[tuple[str, str], ...] = ()
    # Time keys ("y:2008", "m:2008-09", "d:2008-09-13") of the publication date and the stated dates.
    when: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True, slots=True)
class Article:
    """One input document, before and after cleaning, with everything the per-article stages found in it.

    ``raw`` is the text as read (after HTML extraction), ``text`` the cleaned text every span points into, and
    ``edits`` the log that maps one onto the other. ``merged`` lists inputs with the same content that were
    folded into this article; ``warnings`` holds what the reader could not use (an unparsable date, ...).
    """

    id: str
    path: str
    raw: str
    raw_sha256: str
    text: str = ""
    source: str | None = None
    url: str | None = None
    title: str | None = None
    published: date | None = None
    edits: tuple[Edit, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    merged: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    times: tuple[TimeExpr, ...] = ()
    quotes: tuple[Quote, ...] = ()
    facts: tuple[Fact, ...] = ()
    sketch: Sketch | None = None
    features: StoryFeatures | None = None
    attributions: tuple[Attribution, ...] = ()
    # What the article is called in every view: a record's id, else its title, else its headline line, else
    # its file name (set by the reader and the clean stage); ``path`` stays the locator ("feed.jsonl#L16").
    name: str | None = None


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that could not be read, and why; ``line`` is set when one record of a file failed."""

    path: str
    reason: str
    line: int | None = None


@dataclass(frozen=True, slots=True)
class PassagePair:
    """Two aligned passages, one in each article of a reuse link."""

    a: Span
    b: Span
    score: float


@dataclass(frozen=True, slots=True)
class ReuseLink:
    """Evidence that one article reuses the text of another."""

    a: str
    b: str
    score: float
    kind: str
    direction: Direction
    passages: tuple[PassagePair, ...] = ()
    # Why the link and its direction were decided, one line each ("shared rare name 'Sanai Takwati'",
    # "published 2025-03-11 < 2025-03-12").
    evidence: tuple[str, ...] = ()
    # The article both reuse when this link joins two copies of one common text (siblings, not a copy of each
    # other): the id of that text, else None.
    via: str | None = None


@dataclass(frozen=True, slots=True)
class Family:
    """Articles that are not independent of each other."""

    id: str
    articles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Story:
    """Articles about the same event or development."""

    id: str
    label: str
    articles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FactRef:
    """A pointer to one fact of one article."""

    article: str
    fact: str


@dataclass(frozen=True, slots=True)
class Event:
    """Facts of several articles about one real-world happening (kind of happening, participants, time, place).

    ``kind`` is the predicate most of its facts share, ``when`` the TIMEX3 value most of its dated facts give,
    ``where`` the place most often named, ``participants`` the entity ids filling its facts' roles. ``label`` is
    the statement of its best-supported claim, shortened (without claims: its kind and top participants).
    """

    id: str
    label: str
    kind: str
    when: str | None
    where: str | None
    participants: tuple[str, ...]
    facts: tuple[FactRef, ...]


@dataclass(frozen=True, slots=True)
class Claim:
    """Facts of one event that assert the same thing, shown as one representative statement from the text.

    ``statement`` is the clause of the representative fact; ``slots`` and ``values`` are that fact's, with
    offsets into the statement's article. ``independent_sources`` counts the families among the supporting
    articles (five copies of one wire story are one source); ``attributed_to`` names whom the articles credit.
    """

    id: str
    event: str
    statement: Span
    kind: str
    facts: tuple[FactRef, ...]
    slots: tuple[Slot, ...]
    values: tuple[Value, ...]
    independent_sources: int
    attributed_to: tuple[str, ...]
    status: ClaimStatus
    anonymous_only: bool


# Why two claims are taken to state the same thing when their values clash (crossdoc/claims.py).
ConflictBasis = Literal["same_statement", "copy_edit"]


@dataclass(frozen=True, slots=True)
class ConflictValue:
    """One side of a conflict: a value as one article states it."""

    article: str
    value: Value


@dataclass(frozen=True, slots=True)
class Conflict:
    """Claims of one event whose same slot carries incompatible values, beyond rounding and hedges; ``basis``
    says why the two are one statement: they share a participant and predicate ("same_statement"), or one
    article repeats the other's words and changed the figure ("copy_edit")."""

    id: str
    event: str
    slot: str
    claims: tuple[str, ...]
    values: tuple[ConflictValue, ...]
    basis: ConflictBasis = "same_statement"


@dataclass(frozen=True, slots=True)
class Finding:
    """Something wrong inside an article, with the words that show it."""

    id: str
    kind: str
    severity: Severity
    message: str
    article: str
    evidence: tuple[Span, ...]
    kb: str | None = None


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """A dated happening with its facts, the articles that state it, its event and the claim of its first fact."""

    when: str
    label: str
    facts: tuple[FactRef, ...]
    articles: tuple[str, ...]
    claim: str | None = None
    event: str | None = None


@dataclass(frozen=True, slots=True)
class QuoteRef:
    """A pointer to one quote of one article."""

    article: str
    quote: str


@dataclass(frozen=True, slots=True)
class WordChange:
    """Where one version of a quote departs from another, with a word of context either side: characters
    ``[start, end)`` of the first version's article became ``[other_start, other_end)`` of the other's (an empty
    range where words were only added or dropped)."""

    start: int
    end: int
    other_start: int
    other_end: int


@dataclass(frozen=True, slots=True)
class QuotePair:
    """Two quotes in different articles whose words are largely the same (``similarity``: the share of the
    shorter quote's words that their longest common subsequence covers).

    ``same_speaker`` says whether both credit the same speaker (entity, or the same name). ``changes`` reads
    ``a`` against ``b`` (``start``/``end`` in a's article, ``other_start``/``other_end`` in b's) and
    ``changes_back`` ``b`` against ``a`` (a word diff is not symmetric when words repeat); both are empty when the
    two are the same quote up to marks, case, excerpting and cuts the text marks as such.
    """

    a: QuoteRef
    b: QuoteRef
    similarity: float
    same_speaker: bool
    changes: tuple[WordChange, ...] = ()
    changes_back: tuple[WordChange, ...] = ()


@dataclass(frozen=True, slots=True)
class Corpus:
    """What the cross-article steps pass along: the analysed articles and every record made across them.

    Each cross-article step returns a copy with only the fields it declares in ``assigns`` replaced.
    """

    articles: tuple[Article, ...]
    entities: tuple[Entity, ...] = ()
    reuse: tuple[ReuseLink, ...] = ()
    families: tuple[Family, ...] = ()
    stories: tuple[Story, ...] = ()
    events: tuple[Event, ...] = ()
    claims: tuple[Claim, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    findings: tuple[Finding, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    quote_pairs: tuple[QuotePair, ...] = ()


@dataclass(frozen=True, slots=True)
class StageCount:
    """What one stage saw, passed on and dropped (with a count per reason)."""

    seen: int = 0
    passed: int = 0
    dropped: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True, slots=True)
class StoreRun:
    """What a run with a store did: the file, and how many articles it reused, analysed anew, or updated (ran
    again only the steps whose config or version changed); ``articles`` counts the analyses the store holds."""

    path: str
    reused: int
    analysed: int
    updated: int
    articles: int


@dataclass(frozen=True, slots=True)
class RunInfo:
    """How the report was made: version, components, fallbacks, timings, counts and the effective config."""

    version: str
    components: tuple[str, ...]
    fallbacks: tuple[tuple[str, str], ...]
    timings: tuple[tuple[str, float], ...]
    counts: tuple[tuple[str, StageCount], ...]
    inputs: int
    executor: str = "local"
    config: dict[str, object] = field(default_factory=dict)
    store: StoreRun | None = None


@dataclass(frozen=True, slots=True)
class Report:
    """Everything one analysis found, in the shape of ``report.json``."""

    articles: tuple[Article, ...]
    skipped: tuple[Skipped, ...]
    run: RunInfo
    entities: tuple[Entity, ...] = ()
    reuse: tuple[ReuseLink, ...] = ()
    families: tuple[Family, ...] = ()
    stories: tuple[Story, ...] = ()
    events: tuple[Event, ...] = ()
    claims: tuple[Claim, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    findings: tuple[Finding, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
