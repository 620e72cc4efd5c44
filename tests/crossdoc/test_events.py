"""Events are the same from one process to the next (labels and participants never depend on string hashing), and
two wordings of one assertion are one happening."""

from __future__ import annotations

import math
import os
import subprocess
import sys

from crossfact.config import EventsConfig
from crossfact.crossdoc.compare import FEATURES, FactKey, PairModel
from crossfact.crossdoc.events import score_pairs

# One fact naming two entities once each: their order in the event is a tie, broken by id, not by set order.
_SCRIPT = """
from crossfact.config import SimilarityConfig
from crossfact.crossdoc.events import build_events
from crossfact.model import Article, Corpus, Entity, Fact, Mention, Slot
text = "Klitschko stopped Thompson in Bern."
fact = Fact("a-f1", "a", 0, len(text), "event", sentence_end=len(text), predicate="stop",
            slots=(Slot("agent", 0, 9), Slot("patient", 18, 26)), terms=("klitschko", "stop", "thompson"))
article = Article("a", "a.txt", text, "x", text=text, facts=(fact,))
entities = tuple(Entity(f"ent-{name.lower()}", name, "PERSON", mentions=(Mention("a", s, e, "PERSON"),))
                 for name, s, e in (("Thompson", 18, 26), ("Klitschko", 0, 9)))
# Lexical: loading the sentence encoder in each of six processes would cost minutes and test nothing more.
(event,) = build_events(Corpus((article,), entities=entities), similarity=SimilarityConfig(encoder="lexical"))
print(event.label, *event.participants)
"""


def test_events_ties_do_not_depend_on_the_hash_seed() -> None:
    outputs = {
        subprocess.run(
            [sys.executable, "-c", _SCRIPT],
            check=True,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
        ).stdout
        for seed in range(6)
    }
    assert outputs == {"stop: Klitschko, Thompson ent-klitschko ent-thompson\n"}


def _key(article: str, words: str) -> FactKey:
    terms = {word: 5.0 for word in words.split()}
    return FactKey(
        article,
        f"{article}-f1",
        None,
        False,
        terms,
        math.sqrt(25.0 * len(terms)),
        {},
        frozenset(),
        (),
        None,
        None,
        tuple(words.split()),
        tuple(words.split()),
    )


def _model(name: str, bias: float) -> PairModel:
    return PairModel(name, (0.0,) * len(FEATURES), bias, 0.5, "test weights", 0.5)


def test_events_a_pair_the_claims_model_joins_scores_as_one_happening() -> None:
    # Two wordings of one fact that share the rare word "earplugs" (a blocking key) but little else.
    keys = [_key("a", "pill replace earplugs"), _key("b", "tablet substitute earplugs")]
    apart, paraphrase = _model("events", -6.0), _model("claims", 6.0)
    config = EventsConfig()
    [(_, _, alone)] = score_pairs(keys, config, apart)
    [(_, _, joined)] = score_pairs(keys, config, apart, paraphrase)
    assert alone < 0.01 and joined > 0.99
    # A claims model that does not join them leaves the events probability as it is.
    [(_, _, kept)] = score_pairs(keys, config, apart, _model("claims", -6.0))
    assert kept == alone


def _kind_of(*clauses: tuple[str, str]) -> str:
    """The kind of the one event made of one article's clauses, each (text, predicate)."""
    from crossfact.config import SimilarityConfig
    from crossfact.crossdoc.events import build_events
    from crossfact.model import Article, Corpus, Fact

    text = " ".join(sentence for sentence, _ in clauses)
    facts, start = [], 0
    for number, (sentence, predicate) in enumerate(clauses):
        end = start + len(sentence)
        words = tuple(sorted({w.strip(".,").lower() for w in sentence.split()}))
        facts.append(
            Fact(f"a-f{number}", "a", start, end, "event", sentence_start=start, sentence_end=end,
                 predicate=predicate, terms=words)
        )  # fmt: skip
        start = end + 1
    article = Article("a", "a.txt", text, "x", text=text, facts=tuple(facts))
    kinds = {event.kind for event in build_events(Corpus((article,)), config=EventsConfig(threshold=0.0),
                                                  similarity=SimilarityConfig(encoder="lexical"))}  # fmt: skip
    (kind,) = kinds
    return kind


def test_events_kind_is_the_commonest_predicate_that_names_a_happening() -> None:
    # Demo corpus: "be: the North Sea, Eemshaven" named a contract signing, "be" being its commonest predicate.
    kind = _kind_of(
        ("The Dutch government signed the TernLink contract.", "sign"),
        ("The TernLink contract is the largest of its kind.", "be"),
        ("The TernLink contract was a long time coming.", "be"),
    )
    assert kind == "sign"


def test_events_kind_is_a_generic_predicate_when_nothing_else_is_said() -> None:
    kind = _kind_of(("The TernLink contract is large.", "be"), ("The TernLink contract is new.", "be"))
    assert kind == "be"
