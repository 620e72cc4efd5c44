"""Find the statements inside a sentence with spaCy's dependency parser: clause spans, predicates and roles.

A sentence often states several things ("Jurors deliberated for 30 hours, and he was sentenced to four life
sentences, officials said"): each coordinated or reported clause becomes its own :class:`Clause`, with the
lemma of its main verb as predicate, its negation, the head phrases filling agent / patient / recipient / place,
and who it is attributed to (the subject of a reporting verb: "officials" above). Passive clauses put the
by-phrase in the agent role and the subject in the patient role, so "X sentenced Y" and "Y was sentenced by X"
fill the same roles. A verb whose object is a clause keeps it in its span ("the coming months will test whether
the U.S. can balance ..."); that clause is a statement of its own too, unless it is an embedded question. A
clause with no subject, its own or shared, and no finite verb is flagged a fragment ("Boosting space
cooperation", a list item or heading). The parser runs without NER (entities come from their own step); it is
loaded once per process. Without the model :func:`parse_available` is false and the facts step falls back to
whole sentences.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from crossfact import lang
from crossfact.config import EntitiesConfig
from crossfact.extract.model_input import model_text

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

# Dependency labels (ClearNLP, as spaCy's English models use them) of a verb that heads a clause of its own.
_CLAUSE_DEPS = frozenset({"ROOT", "conj", "ccomp", "parataxis"})
_SUBJECT = frozenset({"nsubj", "csubj", "expl"})
_PASSIVE_SUBJECT = frozenset({"nsubjpass", "csubjpass"})
_OBJECT = frozenset({"dobj", "attr", "oprd"})
# Dependents that, after a comma, hang a second proposition on a clause rather than complete it.
_ADJUNCT_DEPS = frozenset({"advcl", "appos", "npadvmod", "parataxis"})
# Penn tags of a finite verb (past, present, modal): a clause without one and without a subject is a fragment.
_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
# Penn tags of a wh-word ("what", "which", "who", "how"): opening an object clause, it makes it a question.
_WH_TAGS = frozenset({"WDT", "WP", "WP$", "WRB"})
# What a bare reporting frame ("an official stated:", "he claimed") holds besides its verb.
_FRAME_DEPS = frozenset({"nsubj", "aux", "advmod", "punct", "npadvmod", "neg", "cc"})
# A wire dateline ends at a dash within this many tokens ("NEW YORK, March 3 (Reuters) -": 8).
_DATELINE_TOKENS = 16
_DASHES = frozenset({"-", "--", "–", "—"})
_PARTICLES = lang.words("verb_particles")


@dataclass(frozen=True, slots=True)
class Role:
    """One role of a clause: the head token's phrase ``[start, end)`` in article offsets."""

    role: str
    start: int
    end: int
    head: int  # offset of the head token, to find the entity mention that holds it


@dataclass(frozen=True, slots=True)
class Clause:
    """A statement found in a sentence: its span, predicate lemma, negation, roles and attribution."""

    start: int
    end: int
    predicate: str
    negated: bool
    roles: tuple[Role, ...]
    reporter: Role | None  # the subject of the reporting verb that introduces the clause, if any
    terms: tuple[str, ...]
    lemmas: tuple[tuple[int, str], ...]  # (start offset, lower-case lemma) of each word of the clause
    fragment: bool = (
        False  # no subject and no finite verb: a list item or heading ("Boosting space cooperation")
    )


@dataclass(frozen=True, slots=True)
class ParsedSpan:
    """The clauses of one span given to :func:`parse_clauses`, and what the span is as a whole."""

    index: int  # of the span in the sequence given
    clauses: tuple[Clause, ...]
    frame: bool  # only a reporting frame ("A Trump administration official stated:")
    fragment: (
        bool  # no finite verb, no subject: a heading or list item ("Trade Tensions and Economic Uncertainty")
    )
    ends_at_verb: bool  # its main verb ends it ("the discussions also covered:"): its object is what follows


def parse_available(config: EntitiesConfig) -> bool:
    """Return whether the spaCy model with a parser can be imported."""
    return config.use_model and importlib.util.find_spec(config.model) is not None


@cache
def load_parser(config: EntitiesConfig) -> Language:
    """Return the spaCy pipeline for syntax: tagger, parser and lemmatizer of the configured model, no NER."""
    module: Any = importlib.import_module(config.model)
    nlp: Language = module.load(exclude=["ner"])
    return nlp


def parse_clauses(
    nlp: Language, text: str, spans: Sequence[tuple[int, int]], *, batch_size: int = 64
) -> Iterator[ParsedSpan]:
    """Yield the clauses of each ``[start, end)`` span of ``text`` (the sentences), with whether the span is
    only a reporting frame, a fragment without a subject, or ends at its main verb."""
    pieces = (model_text(text[start:end]) for start, end in spans)
    reporting = lang.words("reporting_verbs")
    for index, doc in enumerate(nlp.pipe(pieces, batch_size=batch_size)):
        roots = [token for token in doc if token.dep_ == "ROOT"]
        frame = all(
            root.lemma_.lower() in reporting and all(child.dep_ in _FRAME_DEPS for child in root.children)
            for root in roots
        )
        words = [token for token in doc if not (token.is_punct or token.is_space)]
        yield ParsedSpan(
            index=index,
            clauses=tuple(_clauses(doc, spans[index][0])),
            frame=bool(roots) and frame,
            fragment=bool(words) and _fragment(nlp(doc.text.lower()) if doc.text.isupper() else doc),
            ends_at_verb=bool(words) and words[-1].dep_ == "ROOT" and words[-1].pos_ in ("VERB", "AUX"),
        )


def _clauses(doc: Doc, offset: int) -> Iterator[Clause]:
    reporting = lang.words("reporting_verbs")
    heads = [token for token in doc if _heads_clause(token)]
    head_set = {token.i for token in heads}
    for head in heads:
        if head.lemma_.lower() in reporting and (
            any(child.i in head_set for child in head.children)
            or all(child.dep_ in _FRAME_DEPS for child in head.children)
        ):
            # "officials said [that ...]": the reported clause is the statement; a bare "an official stated:"
            # or "he claimed" before or after a quote states nothing itself.
            continue
        reporter = _reporter(head, reporting, offset)
        start, end = _extent(head, head_set)
        tokens = [token for token in doc[start:end] if not token.is_space]
        # Drop the clause's own conjunction ("and", "that"), never the one of a clause it holds: "As the
        # contract moves forward, the spotlight remains ..." keeps its "As" (seeds 000: without it, a
        # concession or a condition reads as a plain statement). A root with a mark is a misparsed
        # subordinate clause ("While many Japanese citizens support ..., apprehensions persist"): kept too.
        while tokens and (
            tokens[0].is_punct
            or tokens[0].dep_ == "cc"
            or (tokens[0].dep_ == "mark" and tokens[0].head == head and head.dep_ != "ROOT")
        ):
            tokens.pop(0)
        # ... and the conjunction left before the next coordinated clause ("a new agreement, and").
        while tokens and ((tokens[-1].is_punct and tokens[-1].text not in ")%") or tokens[-1].dep_ == "cc"):
            tokens.pop()
        cut = _dateline(tokens)
        dateline = (offset + tokens[0].idx, offset + tokens[cut].idx) if cut else (0, 0)
        tokens = tokens[cut:]
        if not tokens:
            continue
        yield Clause(
            start=offset + tokens[0].idx,
            end=offset + tokens[-1].idx + len(tokens[-1].text),
            predicate=_predicate(head),
            negated=any(child.dep_ == "neg" for child in head.children),
            # A dateline's place parses as a second subject ("THE HAGUE, March 11 - The Dutch government signed"):
            # it fills no role. (Other roles may lie before the span: a shared subject of a coordinated verb.)
            roles=tuple(role for role in _roles(head, offset) if not dateline[0] <= role.start < dateline[1]),
            reporter=reporter,
            terms=tuple(sorted({_term(t) for t in tokens if _is_term(t)})),
            lemmas=tuple((offset + t.idx, t.lemma_.lower()) for t in tokens),
            fragment=_subject(head) is None and not _finite_clause(head),
        )


def _predicate(head: Token) -> str:
    """Return the lemma of a clause's verb with its particles: "checked out of rehab" is ``check out``, not the
    ``check`` of "checked into rehab" (ECB+ topic 4: the two are different happenings)."""
    if head.pos_ != "VERB":
        return head.lemma_.lower()  # "was back in court": "be" is no phrasal verb
    particles = [
        child.lower_
        for child in head.children
        if child.i > head.i
        and (
            child.dep_ == "prt"
            or (
                child.dep_ in ("prep", "advmod")
                and child.lower_ in _PARTICLES
                and not any(grand.dep_ == "pobj" for grand in child.children)
            )
        )
    ]
    return " ".join([head.lemma_.lower(), *particles])


def _dateline(tokens: Sequence[Token]) -> int:
    """Return how many tokens a wire dateline takes at the start of a clause ("THE HAGUE, March 11 (North Sea
    Wire) -", "WASHINGTON (Reuters) -"), 0 without one: a place in capitals, no verb, then a dash. The clause
    is the statement a claim shows; the dateline says where the wire filed it, and its date is the story's."""
    first = tokens[0] if tokens else None
    if first is None or not (first.is_alpha and first.is_upper and len(first.text) > 1):
        return 0
    for index, token in enumerate(tokens[: _DATELINE_TOKENS + 1]):
        if token.pos_ in ("VERB", "AUX"):
            return 0
        # Spaced on both sides: "US-China talks" is one compound, split by the tokenizer, not a dateline.
        if token.text in _DASHES and token.whitespace_ and tokens[index - 1].whitespace_:
            return index + 1 if index + 1 < len(tokens) else 0
    return 0


def _heads_clause(token: Token) -> bool:
    if token.pos_ not in ("VERB", "AUX"):
        return False
    if token.dep_ == "ROOT":
        return True
    if token.dep_ == "conj":
        # A coordinated verb is its own statement only with a subject of its own or beside a clause head.
        return token.head.pos_ in ("VERB", "AUX") and _heads_clause(token.head)
    if token.dep_ == "parataxis":
        return token.head.pos_ in ("VERB", "AUX")
    if token.dep_ == "ccomp":
        # A clause that is a verb's object is a statement of its own ("officials said [that ...]", "found [that
        # ...]"), unless it is an embedded question, which asserts nothing: it completes the clause whose object
        # it is ("the coming months will test [whether the U.S. can balance ...]"). Merging every object
        # clause of a non-reporting verb instead cost MSRP 7 pairs ("concluded that", "expect").
        return token.head.pos_ in ("VERB", "AUX") and not _question(token)
    return False


def _question(head: Token) -> bool:
    """Return whether a clause is an embedded question: opened by "whether"/"if" or by a wh-word."""
    first = head.left_edge
    return first.tag_ in _WH_TAGS or any(
        child.dep_ == "mark" and child.lower_ in lang.words("question_conjunctions")
        for child in head.children
    )


def _extent(head: Token, heads: set[int]) -> tuple[int, int]:
    """Return the token range of the head's subtree, cut before the first coordinated or reported clause."""
    start, end = head.left_edge.i, head.right_edge.i + 1
    reporting = head.lemma_.lower() in lang.words("reporting_verbs")
    for child in head.children:
        if child.i in heads and child.i > head.i and (reporting or child.dep_ != "ccomp"):
            # A reporting verb's clause is the statement; any other verb keeps its object clause, which is
            # also a statement of its own: "the murder scenes showed [that the killer was methodical]" is no
            # statement cut at "showed" (MSRP 1000 pairs: accuracy 0.704 -> 0.705).
            end = min(end, child.left_edge.i)
        elif child.i in heads and child.i < head.i:
            start = max(start, child.right_edge.i + 1)
        elif child.i > head.i and child.dep_ in _ADJUNCT_DEPS and _after_comma(child):
            # ", framing the deal as fair", ", a move aimed at ...": a trailing adjunct states something else.
            end = min(end, child.left_edge.i - 1)
    return start, max(end, head.i + 1)


def _after_comma(token: Token) -> bool:
    first = token.left_edge.i
    return first > 0 and token.doc[first - 1].text in (",", ";", "—", "–", "--")


def _phrase(token: Token, offset: int, role: str) -> Role:
    # The head noun with its pre-modifiers ("four consecutive life sentences"), not its relative clauses.
    left = token.left_edge
    return Role(role, offset + left.idx, offset + token.idx + len(token.text), offset + token.idx)


def _filler(token: Token, offset: int, role: str) -> Iterator[Role]:
    """Yield the role on the phrase headed by ``token`` and on each appositive of it: "Heavyweight Champion,
    Wladimir Klitschko, easily dismantled ..." names its agent twice, and the name is what other articles use
    (ECB+ topic 7: read as the title alone, Klitschko's record clashed with Klitschko's)."""
    yield _phrase(token, offset, role)
    for child in token.children:
        # After the head only: a dateline before a sentence ("THE HAGUE, March 11 - The Dutch government ...")
        # parses as an appositive too.
        if child.dep_ == "appos" and child.pos_ == "PROPN" and child.i > token.i:
            yield _phrase(child, offset, role)


def _roles(head: Token, offset: int) -> Iterator[Role]:
    passive = any(child.dep_ in _PASSIVE_SUBJECT or child.dep_ == "auxpass" for child in head.children)
    subject = _subject(head)
    for child in head.children:
        dep = child.dep_
        if dep in _SUBJECT or dep in _PASSIVE_SUBJECT:
            yield from _filler(child, offset, "patient" if passive else "agent")
        elif dep in _OBJECT:
            yield from _filler(child, offset, "patient")
        elif dep == "dative":
            yield from _filler(child, offset, "recipient")
        elif dep == "agent":  # "by X" of a passive verb
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    yield from _filler(grandchild, offset, "agent")
        elif dep == "prep":
            role = _prep_role(child.lemma_.lower())
            for grandchild in child.children:
                if role and grandchild.dep_ == "pobj":
                    yield from _filler(grandchild, offset, role)
    if subject is not None and head.dep_ == "conj" and not any(c.dep_ in _SUBJECT for c in head.children):
        # "He was convicted and sentenced": the shared subject fills the coordinated verb's role too.
        yield from _filler(subject, offset, "patient" if passive else "agent")


def _fragment(doc: Doc) -> bool:
    """Return whether a parsed span has no finite verb and no subject. An all-capitals span is parsed again in
    lower case: the tagger reads capitals as names ("FALLOUT CONTINUES AFTER BRAZEN ESCAPE", ECB+ 3). A root
    infinitive is a headline's future ("To Check Into Different Rehab Centre", ECB+ 1), not a list item."""
    roots = [token for token in doc if token.dep_ == "ROOT"]
    infinitive = any(child.tag_ == "TO" and child.dep_ == "aux" for root in roots for child in root.children)
    return (
        not infinitive and not any(_finite(t) for t in doc) and all(_subject(root) is None for root in roots)
    )


def _finite(token: Token) -> bool:
    return token.tag_ in _FINITE_TAGS or "Fin" in token.morph.get("VerbForm", [])


def _finite_clause(head: Token) -> bool:
    """Return whether the clause's verb, or the first verb it is coordinated with, is finite or has a finite
    auxiliary ("was convicted and sentenced": "sentenced" shares "was")."""
    node = head
    while node.dep_ == "conj" and node.head is not node:
        node = node.head
    return _finite(node) or any(_finite(child) for child in node.children if child.dep_ in ("aux", "auxpass"))


def _subject(head: Token) -> Token | None:
    node = head
    while node.dep_ == "conj" and node.head is not node:
        node = node.head
    for child in node.children:
        if child.dep_ in _SUBJECT or child.dep_ in _PASSIVE_SUBJECT:
            return child
    return None


def _prep_role(preposition: str) -> str | None:
    if preposition in lang.words("place_prepositions"):
        return "place"
    if preposition in ("to", "for"):
        return "recipient"
    return None


def _reporter(head: Token, reporting: frozenset[str], offset: int) -> Role | None:
    """Return the subject of the reporting verb that governs this clause ("officials" in "officials said ...")."""
    node = head
    while node.dep_ == "conj" and node.head is not node:
        node = node.head
    if node.dep_ in ("ccomp", "parataxis") and node.head.lemma_.lower() in reporting:
        for child in node.head.children:
            if child.dep_ in _SUBJECT:
                return _phrase(child, offset, "attribution")
    for token in head.subtree:
        # "according to police": a prepositional attribution inside the clause itself.
        if (
            token.lower_ == "according"
            and token.i + 1 < len(token.doc)
            and token.doc[token.i + 1].lower_ == "to"
        ):
            for child in token.doc[token.i + 1].children:
                if child.dep_ == "pobj":
                    return _phrase(child, offset, "attribution")
    return None


def _is_term(token: Token) -> bool:
    return (token.is_alpha and not token.is_stop and len(token.text) > 1) or token.like_num


def _term(token: Token) -> str:
    return token.lemma_.lower()
