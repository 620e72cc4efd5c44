"""Compare two statements without their text: the compact keys of a fact, pair features, a fitted pair model.

Events and claims both ask of two facts "do these belong together?": the same real-world happening (events) or
the same assertion (claims). Both answer with a logistic model over the same small set of pair features
(:data:`FEATURES`: shared content words weighted by rarity, same predicate, shared participants by role,
agreeing and clashing values and dates, same story, ...). The weights are fitted by
``benchmarks/fit_pair_models.py`` with cross-validation by topic (ECB+, events) and by fold (MSRP, claims) and
ship as ``crossdoc/models/*.json``; this module only reads them.

When the sentence encoder of :mod:`crossfact.crossdoc.similarity` runs, a key also carries the embedding of its
clause and of its sentence, and a model fitted with the extra feature :data:`EMBEDDING_FEATURE` ships as
``crossdoc/models/NAME.minilm.json``; :func:`pair_model_for` picks the model of the encoder that ran, and a task
with no model for that encoder keeps its lexical one (the fallback, with its reason).

Word rarity comes from ``wordfreq``'s English frequencies, not from the batch: a statement's weight must not
depend on which other articles the user happened to analyse with it.
"""

from __future__ import annotations

import json
import math
import operator
import re
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq
from spacy.lang.en.stop_words import STOP_WORDS
from wordfreq import zipf_frequency

from crossfact import errors
from crossfact.config import SimilarityConfig
from crossfact.crossdoc.similarity import LEXICAL, Encoding, choose_encoder
from crossfact.model import INCREMENT, UNSTATED_COUNT, Article, Fact, Value

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

# Feature names, in the order of the fitted weights.
FEATURES = (
    "terms_cosine",
    "terms_cover_min",
    "terms_cover_max",
    "same_predicate",
    "entities_jaccard",
    "role_match",
    "role_clash",
    "core_match",
    "value_match",
    "value_clash",
    "date_match",
    "date_clash",
    "same_story",
    "negation_differs",
    "length_ratio",
    "sentence_cover_min",
    "sentence_cover_max",
    "sentence_bigram_dice",
    "sentence_token_sort",
    "sentence_numbers_match",
    "sentence_numbers_clash",
    "sentence_length_gap",
    "sentence_unigram_f1",
    "sentence_lcs",
    "sentence_trigram_dice",
)
# Read after FEATURES by the models fitted with an encoder: the better of the cosines of the two clauses' and the
# two sentences' embeddings (the word-level features take the better of the two the same way).
EMBEDDING_FEATURE = "embedding_cosine"
_WORD = re.compile(r"\d+(?:[.,:]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)*")
_STOP = frozenset(STOP_WORDS)
# Relative difference under which two amounts are one figure rounded ("nearly $1 billion" / "$990 million");
# the real conflicts of the seeds and ECB+ differ by far more ($1 billion / $100.2 million, 30 / 40 hours).
ROUNDING = 0.10
# With a hedge ("about", "nearly", "more than") the tolerance widens to this.
HEDGED_ROUNDING = 0.25
# Kinds stated exactly: a win-loss record, knockouts, a rank, a vote tally, an age.
_EXACT_KINDS = frozenset({"record", "ordinal", "tally", "age"})


@dataclass(frozen=True, slots=True)
class WordProfile:
    """What the whole-sentence features read of one word sequence, made once per fact rather than once per
    pair: the sets and sums behind cover, Dice and number agreement (a fact takes part in many pairs; building
    them per pair was 40 % of a 300-article Reuters run)."""

    words: tuple[str, ...]
    content: frozenset[str]
    mass: float
    vocabulary: frozenset[str]
    bigrams: frozenset[tuple[str, str]]
    trigrams: frozenset[tuple[str, str, str]]
    numbers: frozenset[str]
    # The words sorted and joined: what rapidfuzz's token_sort_ratio compares.
    sorted_text: str


def word_profile(words: Sequence[str]) -> WordProfile:
    """Return the profile of a sequence of lower-case word tokens."""
    words = tuple(words)
    content = frozenset(w for w in words if w not in _STOP and not w[0].isdigit())
    return WordProfile(
        words=words,
        content=content,
        mass=sum(term_weight(w) for w in content) or 1.0,
        vocabulary=frozenset(words),
        bigrams=frozenset(pairwise(words)),
        trigrams=frozenset(zip(words, words[1:], words[2:], strict=False)),
        numbers=frozenset(w for w in words if w[0].isdigit()),
        sorted_text=" ".join(sorted(words)),
    )


@dataclass(frozen=True, slots=True)
class FactKey:
    """What the pair features read of one fact: its terms with weights, roles as entity keys, values, story."""

    article: str
    fact: str
    # The verb of the fact's predicate; its particles apart ("check out": "check", "out"). The pair features
    # compare verbs: with the particles in, ECB+ event F1 fell from 0.634 to 0.612 (models fitted on verbs).
    predicate: str | None
    negated: bool
    terms: Mapping[str, float]
    norm: float
    roles: Mapping[str, frozenset[str]]
    entities: frozenset[str]
    values: tuple[Value, ...]
    story: str | None
    family: str | None
    # The fact's clause and the sentence holding it, as lower-case word tokens in order. The word-level
    # features take the better of the two: a reader's "same statement" is sometimes the clause (a quote
    # repeated inside different sentences), sometimes the whole sentence (MSRP's pairs).
    words: tuple[str, ...] = ()
    sentence_words: tuple[str, ...] = ()
    particles: str = ""
    # The embeddings of the clause and of the sentence, when a sentence encoder ran (unit length, float32).
    vector: NDArray[np.float32] | None = field(default=None, compare=False)
    sentence_vector: NDArray[np.float32] | None = field(default=None, compare=False)
    # ``words`` and ``sentence_words`` profiled once (fact_key makes them; made on use when absent).
    clause_profile: WordProfile | None = field(default=None, compare=False)
    sentence_profile: WordProfile | None = field(default=None, compare=False)

    def profiles(self) -> tuple[WordProfile, WordProfile]:
        """Return the profiles of the clause's and the sentence's words (the clause's when no sentence)."""
        clause = self.clause_profile or word_profile(self.words)
        sentence = self.sentence_profile or (
            word_profile(self.sentence_words) if self.sentence_words else clause
        )
        return clause, sentence


@cache
def term_weight(term: str) -> float:
    """Return how much a shared word says: 1 for the commonest English words up to 8 for unseen ones."""
    return 1.0 + max(0.0, 7.0 - zipf_frequency(term, "en"))


def fact_key(
    article: Article,
    fact: Fact,
    entity_of: Mapping[tuple[str, int, int], str],
    *,
    story: str | None = None,
    family: str | None = None,
    vectors: tuple[NDArray[np.float32], NDArray[np.float32]] | None = None,
) -> FactKey:
    """Return the compact key of ``fact``; ``entity_of`` maps (article, start, end) of a mention to its entity,
    ``vectors`` are the embeddings of the fact's clause and sentence when an encoder ran."""
    terms = {term: term_weight(term) for term in fact.terms}
    roles: dict[str, set[str]] = {}
    for slot in fact.slots:
        if slot.role in ("attribution", "time"):
            continue
        entity = entity_of.get((article.id, slot.start, slot.end))
        # Without an entity, a role is its head word (a slot's phrase ends at its head): "a significant order"
        # and "a major order" fill the patient role alike.
        key = entity or " ".join(article.text[slot.start : slot.end].lower().split()[-1:])
        roles.setdefault(slot.role, set()).add(key)
    entities = frozenset(
        entity
        for slot in fact.slots
        if slot.role != "attribution" and (entity := entity_of.get((article.id, slot.start, slot.end)))
    )
    words = tuple(_WORD.findall(article.text[fact.start : fact.end].lower()))
    sentence_words = tuple(_WORD.findall(article.text[fact.sentence_start : fact.sentence_end].lower()))
    clause_profile = word_profile(words)
    verb, _, particles = (fact.predicate or "").partition(" ")
    return FactKey(
        article=article.id,
        fact=fact.id,
        predicate=verb or None,
        particles=particles,
        negated=fact.negated,
        terms=terms,
        norm=math.sqrt(sum(weight * weight for weight in terms.values())) or 1.0,
        roles={role: frozenset(keys) for role, keys in roles.items()},
        entities=entities,
        values=fact.values,
        story=story,
        family=family,
        words=words,
        sentence_words=sentence_words,
        vector=vectors[0] if vectors else None,
        sentence_vector=vectors[1] if vectors else None,
        clause_profile=clause_profile,
        sentence_profile=word_profile(sentence_words) if sentence_words else clause_profile,
    )


def fact_texts(article: Article, fact: Fact) -> tuple[str, str]:
    """Return the texts an encoder embeds for ``fact``: its clause and the sentence holding it."""
    return article.text[fact.start : fact.end], article.text[fact.sentence_start : fact.sentence_end]


def pair_features(a: FactKey, b: FactKey, *, embedding: bool = False) -> list[float]:
    """Return the features of a pair of facts, in the order of :data:`FEATURES`, then with ``embedding`` the
    :data:`EMBEDDING_FEATURE` (both keys must carry vectors)."""
    shared = a.terms.keys() & b.terms.keys()
    mass_a = sum(a.terms.values()) or 1.0
    mass_b = sum(b.terms.values()) or 1.0
    shared_mass = sum(a.terms[t] for t in shared)
    union = a.entities | b.entities
    roles = a.roles.keys() & b.roles.keys()
    role_match = sum(1 for role in roles if a.roles[role] & b.roles[role])
    value_match, value_clash, date_match, date_clash = _value_agreement(a.values, b.values)
    return [
        sum(a.terms[t] * b.terms[t] for t in shared) / (a.norm * b.norm),
        min(shared_mass / mass_a, shared_mass / mass_b),
        max(shared_mass / mass_a, shared_mass / mass_b),
        float(a.predicate is not None and a.predicate == b.predicate),
        len(a.entities & b.entities) / len(union) if union else 0.0,
        float(role_match),
        float(len(roles) - role_match),
        # The same proposition: one predicate, and every role both fill is filled alike ("Japan placed an
        # order" in two wordings, whatever else each clause adds).
        float(
            a.predicate is not None
            and a.predicate == b.predicate
            and role_match > 0
            and role_match == len(roles)
        ),
        float(min(value_match, 3)),
        float(min(value_clash, 3)),
        float(min(date_match, 2)),
        float(min(date_clash, 2)),
        float(a.story is not None and a.story == b.story),
        float(a.negated != b.negated),
        min(len(a.terms), len(b.terms)) / max(len(a.terms), len(b.terms), 1),
        *_word_features(a, b),
        *([embedding_cosine(a, b)] if embedding else []),
    ]


def embedding_cosine(a: FactKey, b: FactKey) -> float:
    """Return the better of the clause and the sentence embedding cosines of two keys that carry vectors."""
    if a.vector is None or b.vector is None or a.sentence_vector is None or b.sentence_vector is None:
        raise ValueError(f"facts {a.fact} of {a.article} and {b.fact} of {b.article}: no vectors to compare")
    return max(float(a.vector @ b.vector), float(a.sentence_vector @ b.sentence_vector))


def covered(a: FactKey, b: FactKey) -> float:
    """Return the share of ``a``'s clause, its content words weighted by rarity, that ``b``'s sentence states."""
    clause, _ = a.profiles()
    _, sentence = b.profiles()
    return sum(term_weight(w) for w in clause.content & sentence.content) / clause.mass


def _word_features(a: FactKey, b: FactKey) -> list[float]:
    """Return the word-level features, each the better of clause against clause and sentence against sentence
    (the length gap the smaller); numbers are compared inside the clauses only."""
    clause_a, sentence_a = a.profiles()
    clause_b, sentence_b = b.profiles()
    clauses = _sentence_features(clause_a, clause_b)
    sentences = _sentence_features(sentence_a, sentence_b)
    numbers = (FEATURES.index("sentence_numbers_match"), FEATURES.index("sentence_numbers_clash"))
    gap = FEATURES.index("sentence_length_gap") - FEATURES.index("sentence_cover_min")
    out = [max(x, y) for x, y in zip(clauses, sentences, strict=True)]
    out[gap] = min(clauses[gap], sentences[gap])
    for index in numbers:
        local = index - FEATURES.index("sentence_cover_min")
        out[local] = clauses[local]
    return out


def _sentence_features(a: WordProfile, b: WordProfile) -> list[float]:
    """Return the whole-sentence features: weighted word cover, bigram Dice, word-order similarity, numbers."""
    shared = sum(term_weight(w) for w in a.content & b.content)
    return [
        min(shared / a.mass, shared / b.mass),
        max(shared / a.mass, shared / b.mass),
        _dice(a.bigrams, b.bigrams),
        # token_sort_ratio of the joined words, with each side's sorting done once.
        fuzz.ratio(a.sorted_text, b.sorted_text) / 100.0,
        float(bool(a.numbers) and a.numbers == b.numbers),
        # A clash needs a number on each side the other lacks: "from 27.5% to 15%" against "in September 2024,
        # from 27.5% to 15%" adds a year, it changes nothing.
        float(bool(a.numbers - b.numbers) and bool(b.numbers - a.numbers)),
        abs(len(a.words) - len(b.words)) / max(len(a.words), len(b.words), 1),
        _dice(a.vocabulary, b.vocabulary),
        LCSseq.normalized_similarity(a.words, b.words),
        _dice(a.trigrams, b.trigrams),
    ]


def _dice(a: AbstractSet[Any], b: AbstractSet[Any]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 0.0


def _value_agreement(a: Sequence[Value], b: Sequence[Value]) -> tuple[int, int, int, int]:
    """Return how many value slots the two facts share with agreeing and with clashing values, then dates."""
    value_match = value_clash = date_match = date_clash = 0
    slots = {v.slot for v in a} & {v.slot for v in b}
    for slot in slots:
        left = [v for v in a if v.slot == slot]
        right = [v for v in b if v.slot == slot]
        agree = any(compatible(x, y) for x in left for y in right)
        if slot == "date":
            date_match += agree
            date_clash += not agree
        else:
            value_match += agree
            value_clash += not agree
    return value_match, value_clash, date_match, date_clash


def compatible(a: Value, b: Value) -> bool:
    """Return whether two values of one slot can state the same thing (equal within rounding and hedges)."""
    if a.text_value is not None or b.text_value is not None:
        if a.kind == "date" and b.kind == "date" and a.text_value and b.text_value:
            return dates_agree(a.text_value, b.text_value)
        return a.text_value == b.text_value
    if UNSTATED_COUNT in (a.approx, b.approx) or INCREMENT in (a.approx, b.approx):
        return True  # "sentenced to life" states no count of life terms; "two extra" no total
    if a.unit != b.unit and a.kind == "money":
        return True  # different currencies are not compared: no exchange rates here
    low_a, high_a = a.value, a.upper if a.upper is not None else a.value
    low_b, high_b = b.value, b.upper if b.upper is not None else b.value
    if low_a <= high_b and low_b <= high_a:
        return True  # ranges overlap
    if a.kind in _EXACT_KINDS and not (a.approx or b.approx):
        return False  # no one rounds a record, a rank or an age: 47 KOs and 46 KOs differ
    tolerance = HEDGED_ROUNDING if (a.approx or b.approx) else ROUNDING
    gap = min(abs(low_a - high_b), abs(low_b - high_a))
    scale = max(abs(low_a), abs(low_b), abs(high_a), abs(high_b), 1e-9)
    return gap / scale <= tolerance


def dates_agree(a: str, b: str) -> bool:
    """Return whether two TIMEX3 values can name the same time: no part that both state differs.

    A coarser date agrees with every finer date inside it ("2025" / "2025-10"); a part the text left open
    (``X``: "yesterday" with no publication date is XXXX-XX-XX, "Monday" XXXX-WXX-1) agrees with anything; a
    week, a quarter or a season and a calendar month cannot be compared but by their years. Counting open dates
    as clashes split 16 of 600 MSRP paraphrase pairs ("presented yesterday" / "presented Monday").
    """
    year_a, year_b = a[:4], b[:4]
    if "X" not in year_a and "X" not in year_b and year_a != year_b:
        return False
    rest_a, rest_b = a[4:], b[4:]
    form_a, form_b = rest_a[1:2], rest_b[1:2]  # a digit for a month, W, Q or a season's letters, X when open
    comparable = form_a == form_b or (form_a + form_b).isdigit() or "X" in (form_a, form_b)
    if form_a and form_b and not comparable:
        return True  # a month, a week, a quarter or a season against another of these: only years compare
    return all(x == y or "X" in (x, y) for x, y in zip(rest_a, rest_b, strict=False))


@dataclass(frozen=True, slots=True)
class PairModel:
    """A fitted logistic model over :data:`FEATURES` (and :data:`EMBEDDING_FEATURE` when fitted with an encoder),
    with its decision threshold and where it came from."""

    name: str
    weights: tuple[float, ...]
    bias: float
    threshold: float
    fitted_on: str
    # The threshold of average linkage over the pair probabilities, chosen on clusters (a mean over all cross
    # pairs of two clusters runs lower than one pair's probability); the pair threshold when none was fitted.
    linkage_threshold: float
    # Whether average linkage counts a pair the candidates never scored as probability 0 (see linkage.py).
    linkage_unscored_as_zero: bool = True
    # The encoder whose vectors the model reads ("lexical": none).
    encoder: Encoding = LEXICAL

    @property
    def embedding(self) -> bool:
        """Return whether the model reads :data:`EMBEDDING_FEATURE` (pass it to :func:`pair_features`)."""
        return self.encoder != LEXICAL

    @property
    def width(self) -> int:
        """Return how many features the model reads (the first of :func:`pair_features`)."""
        return len(self.weights)

    def probability(self, features: Sequence[float]) -> float:
        """Return the model's probability that the pair belongs together."""
        if len(features) != len(self.weights):
            raise ValueError(f"{len(features)} features for a model of {len(self.weights)}")
        z = self.bias + sum(map(operator.mul, self.weights, features))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def pair_model_file(name: str, encoder: Encoding = LEXICAL) -> str:
    """Return the file name of the pair model ``name`` for ``encoder``: NAME.json, or NAME.ENCODER.json."""
    return f"{name}.json" if encoder == LEXICAL else f"{name}.{encoder}.json"


def has_pair_model(name: str, encoder: Encoding, directory: str | None = None) -> bool:
    """Return whether a pair model ``name`` fitted with ``encoder`` is in ``directory`` (default: shipped)."""
    if directory is not None:
        return (Path(directory) / pair_model_file(name, encoder)).is_file()
    return resources.files("crossfact.crossdoc").joinpath("models", pair_model_file(name, encoder)).is_file()


def pair_model_for(name: str, config: SimilarityConfig) -> tuple[PairModel, str | None]:
    """Return the pair model ``name`` for the encoder this config runs, and why the lexical one runs if it does:
    the encoder is off or missing, or no model was fitted with it because it did not pay on the dev data."""
    choice = choose_encoder(config)
    directory = config.models_dir
    if choice.encoder == LEXICAL:
        return load_pair_model(name, LEXICAL, directory), choice.reason
    if not has_pair_model(name, choice.encoder, directory):
        reason = errors.SIMILARITY_NO_MODEL.format(task=name, encoder=choice.encoder)
        return load_pair_model(name, LEXICAL, directory), reason
    return load_pair_model(name, choice.encoder, directory), None


def describe_pair_model(name: str, config: SimilarityConfig) -> tuple[str, str | None]:
    """Return the component of step ``name`` (its pair model and the encoder it reads) and the fallback reason."""
    model, reason = pair_model_for(name, config)
    return f"{name}:pair-model+average-linkage:{model.encoder}", reason


@cache
def load_pair_model(name: str, encoder: Encoding = LEXICAL, directory: str | None = None) -> PairModel:
    """Return the pair model ``name`` ("events" or "claims") fitted with ``encoder``, from ``directory`` or else
    the shipped ``crossdoc/models/`` (:func:`pair_model_file`)."""
    file = pair_model_file(name, encoder)
    if directory is not None:
        text = (Path(directory) / file).read_text(encoding="utf-8")
    else:
        text = resources.files("crossfact.crossdoc").joinpath("models", file).read_text(encoding="utf-8")
    data = json.loads(text)
    expected = [*FEATURES, EMBEDDING_FEATURE] if encoder != LEXICAL else list(FEATURES)
    if list(data["features"]) != expected:
        raise ValueError(
            f"pair model {file}: fitted on features {data['features']}, this code has {expected}"
        )
    return PairModel(
        name=name,
        weights=tuple(float(w) for w in data["weights"]),
        bias=float(data["bias"]),
        threshold=float(data["threshold"]),
        fitted_on=str(data["fitted_on"]),
        linkage_threshold=float(data.get("linkage_threshold", data["threshold"])),
        linkage_unscored_as_zero=bool(data.get("linkage_unscored_as_zero", True)),
        encoder=encoder,
    )
