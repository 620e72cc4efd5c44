"""Events are the same from one process to the next (labels and participants never depend on string hashing), and
two wordings of one assertion are one happening, and an event is called by the statement of its best-supported
claim."""

from __future__ import annotations

import math
import os
import subprocess
import sys

import pytest

from crossfact.config import EventsConfig
from crossfact.crossdoc.compare import FEATURES, FactKey, PairModel
from crossfact.crossdoc.events import label_events, score_pairs, shorten
from crossfact.model import Article, Claim, Corpus, Event, FactRef, Report, Span

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


def _claim(event: str, start: int, end: int, *, sources: int, facts: int) -> Claim:
    refs = tuple(FactRef("a", f"a-f{n}") for n in range(facts))
    status = "corroborated" if sources > 1 else "single_source"
    return Claim(
        f"claim-{start}", event, Span("a", start, end), "say", refs, (), (), sources, (), status, False
    )


@pytest.mark.issue(15)
def test_events_label_is_the_statement_of_the_best_supported_claim() -> None:
    text = (
        "The port will spend €12 million on a new quay. The council met on Tuesday. "
        "Ferries will dock there from May."
    )
    article = Article("a", "a.txt", text, "x", text=text)
    event = Event("event-1", "be: no named participant", "be", None, None, (), ())
    lonely = Event("event-2", "say: Verhagen", "say", None, None, ("ent-verhagen",), ())
    claims = (
        _claim("event-1", 47, 73, sources=1, facts=4),  # stated often, by one family
        _claim("event-1", 0, 45, sources=2, facts=2),  # two independent sources
        _claim("event-1", 75, 107, sources=2, facts=1),
    )
    corpus = Corpus((article,), events=(event, lonely), claims=claims)
    labelled, kept = label_events(corpus, max_chars=90)
    assert labelled.label == "The port will spend €12 million on a new quay"
    assert (labelled.id, labelled.kind) == ("event-1", "be")
    # An event no claim was made of keeps its kind and participants.
    assert kept == lonely


def test_events_label_is_cut_at_a_word_on_one_line() -> None:
    statement = "Hvidsand Energi and Jadewerk Wasserstoff, the companies\nbuilding TernLink, did not respond to requests"
    assert shorten(statement, 60) == "Hvidsand Energi and Jadewerk Wasserstoff, the companies…"
    assert shorten(statement, 200) == " ".join(statement.split())
    # One word longer than the limit is cut inside it rather than lost.
    assert shorten("Donaudampfschifffahrtsgesellschaftskapitän", 12) == "Donaudampfs…"


def test_events_labels_of_the_demo_name_what_happened(demo_report: Report) -> None:
    texts = {article.id: article.text for article in demo_report.articles}
    for event in demo_report.events:
        claims = [claim for claim in demo_report.claims if claim.event == event.id]
        best = max(claims, key=lambda claim: (claim.independent_sources, len(claim.facts)))
        assert event.label == shorten(best.statement.text_in(texts[best.statement.article]), 90)
        assert len(event.label) <= 90 and not event.label.startswith(f"{event.kind}: ")
