"""Claims inside an event: paraphrases join, clashing values split into conflicting claims, sources by family."""

from __future__ import annotations

import hashlib
from dataclasses import replace

import pytest

from crossfact.config import ClaimsConfig
from crossfact.crossdoc.claims import build_claims
from crossfact.model import Article, Corpus, Entity, Event, Fact, FactRef, Family, Mention, Slot, Value


def _article(name: str, text: str) -> Article:
    return Article(
        id=name, path=f"{name}.txt", raw=text, raw_sha256=hashlib.sha256(text.encode()).hexdigest(), text=text
    )


def _fact(article: Article, predicate: str, value: tuple[str, str, float | str, str]) -> Fact:
    """A fact over the whole text with one value: (slot, kind, value or TIMEX3/record text, the words)."""
    slot, kind, number, words = value
    start = article.text.index(words)
    terms = tuple(sorted({w.strip(".,").lower() for w in article.text.split() if len(w) > 3}))
    return Fact(
        id=f"{article.id}-f1",
        article=article.id,
        start=0,
        end=len(article.text),
        kind="event",
        sentence_end=len(article.text),
        predicate=predicate,
        slots=(Slot("agent", 0, article.text.index(" ")),),
        values=(
            Value(
                slot,
                kind,
                number if isinstance(number, float) else 0.0,
                start,
                start + len(words),
                text_value=number if isinstance(number, str) else None,
            ),
        ),
        terms=terms,
    )


def _corpus(*pairs: tuple[str, str, str, tuple[str, str, float | str, str]]) -> Corpus:
    """One event holding one fact per (article id, text, predicate, value); every article its own family."""
    articles = []
    for name, text, predicate, value in pairs:
        article = _article(name, text)
        articles.append(replace(article, facts=(_fact(article, predicate, value),)))
    refs = tuple(FactRef(a.id, a.facts[0].id) for a in articles)
    event = Event("event-1", "test", "test", None, None, (), refs)
    families = tuple(Family(f"family-{a.id}", (a.id,)) for a in articles)
    # The first word of every sentence names one participant (the agent slot): the same person throughout.
    mentions = tuple(Mention(a.id, 0, a.text.index(" "), "PERSON") for a in articles)
    person = Entity("entity-1", articles[0].text.split()[0], "PERSON", mentions=mentions)
    return Corpus(tuple(articles), entities=(person,), families=families, events=(event,))


# Real sentences of the kind issue 11 lists (ECB+ dev topics 3 and 7, METER), one per side.
CONFLICTS = [
    (
        "money",
        ("Smith was fined £500 by magistrates.", "fine", ("money", "money", 500.0, "£500")),
        ("Smith was fined £5,000 by magistrates.", "fine", ("money", "money", 5000.0, "£5,000")),
    ),
    (
        "count",
        (
            "Peterson was sentenced to four consecutive life sentences.",
            "sentence",
            ("count:sentence", "count", 4.0, "four"),
        ),
        (
            "Peterson was sentenced to seven life sentences.",
            "sentence",
            ("count:sentence", "count", 7.0, "seven"),
        ),
    ),
    (
        "duration",
        (
            "Jurors deliberated for 30 hours before the verdict.",
            "deliberate",
            ("duration", "duration", 108000.0, "30 hours"),
        ),
        (
            "Jurors deliberated for 40 hours before the verdict.",
            "deliberate",
            ("duration", "duration", 144000.0, "40 hours"),
        ),
    ),
    (
        "date",
        (
            "The escape happened on Sunday, March 6, 2005.",
            "happen",
            ("date", "date", "2005-03-06", "March 6, 2005"),
        ),
        (
            "The escape happened on Monday, March 7, 2005.",
            "happen",
            ("date", "date", "2005-03-07", "March 7, 2005"),
        ),
    ),
    (
        "ordinal",
        ("Klitschko made the fifth defence of his title.", "make", ("ordinal", "ordinal", 5.0, "fifth")),
        ("Klitschko made the sixth defence of his title.", "make", ("ordinal", "ordinal", 6.0, "sixth")),
    ),
    (
        "record",
        (
            "Klitschko improved his record to 53-3 with the win.",
            "improve",
            ("record", "record", "53-3", "53-3"),
        ),
        (
            "Klitschko improved his record to 52-3 with the win.",
            "improve",
            ("record", "record", "52-3", "52-3"),
        ),
    ),
    (
        "tally",
        ("The senate passed the bill by a 27-12 vote.", "pass", ("tally", "tally", "27-12", "27-12")),
        ("The senate passed the bill by a 25-14 vote.", "pass", ("tally", "tally", "25-14", "25-14")),
    ),
]

AGREEMENTS = [
    (
        "money within rounding and hedge",
        ("Congress approved nearly $1 billion in sales.", "approve", ("money", "money", 1e9, "$1 billion")),
        ("Congress approved $990 million in sales.", "approve", ("money", "money", 9.9e8, "$990 million")),
    ),
    (
        "count the same",
        ("Peterson got four life sentences.", "get", ("count:sentence", "count", 4.0, "four")),
        ("Peterson got 4 life sentences.", "get", ("count:sentence", "count", 4.0, "4")),
    ),
    (
        "coarser date holds the finer",
        ("The escape happened in March 2005.", "happen", ("date", "date", "2005-03", "March 2005")),
        ("The escape happened on March 6, 2005.", "happen", ("date", "date", "2005-03-06", "March 6, 2005")),
    ),
    (
        "record the same",
        ("Klitschko improved his record to 53-3.", "improve", ("record", "record", "53-3", "53-3")),
        (
            "Klitschko improved his record to 53-3 on Saturday.",
            "improve",
            ("record", "record", "53-3", "53-3"),
        ),
    ),
]


@pytest.mark.issue(11)
@pytest.mark.parametrize(("kind", "first", "second"), CONFLICTS, ids=[case[0] for case in CONFLICTS])
def test_claims_conflict_fires_on_incompatible_values(kind: str, first: tuple, second: tuple) -> None:  # type: ignore[type-arg]
    corpus = _corpus(("a", *first), ("b", *second))
    claims, conflicts = build_claims(corpus)
    assert len(claims) == 2
    assert all(claim.status == "conflicting" for claim in claims)
    (conflict,) = conflicts
    assert conflict.slot == first[2][0]
    texts = sorted(
        corpus.articles[0 if side.article == "a" else 1].text[side.value.start : side.value.end]
        for side in conflict.values
    )
    assert texts == sorted([first[2][3], second[2][3]])


@pytest.mark.issue(11)
@pytest.mark.parametrize(("name", "first", "second"), AGREEMENTS, ids=[case[0] for case in AGREEMENTS])
def test_claims_conflict_silent_on_compatible_values(name: str, first: tuple, second: tuple) -> None:  # type: ignore[type-arg]
    claims, conflicts = build_claims(_corpus(("a", *first), ("b", *second)))
    assert conflicts == ()
    assert all(claim.status != "conflicting" for claim in claims)


@pytest.mark.issue(11)
def test_claims_different_predicates_never_conflict() -> None:
    corpus = _corpus(
        ("a", "Smith was fined £500 by magistrates.", "fine", ("money", "money", 500.0, "£500")),
        ("b", "Smith was ordered to pay £50 costs.", "order", ("money", "money", 50.0, "£50")),
    )
    assert build_claims(corpus)[1] == ()


@pytest.mark.issue(11)
def test_claims_count_families_not_articles() -> None:
    text = "Peterson was sentenced to four consecutive life sentences on Friday."
    value = ("count:sentence", "count", 4.0, "four")
    corpus = _corpus(
        ("a", text, "sentence", value), ("b", text, "sentence", value), ("c", text, "sentence", value)
    )
    one_family = Corpus(
        corpus.articles, families=(Family("family-x", ("a", "b", "c")),), events=corpus.events
    )
    (claim,) = build_claims(one_family)[0]
    assert claim.independent_sources == 1 and claim.status == "single_source"
    (claim,) = build_claims(corpus)[0]
    assert claim.independent_sources == 3 and claim.status == "corroborated"
    assert claim.statement.text_in(corpus.articles[0].text) == text


@pytest.mark.issue(11)
def test_claims_one_articles_two_figures_are_no_conflict_between_sources() -> None:
    # Two values of one article are the internal_conflict check's business, not a disagreement of sources.
    first = ("Smith was fined £500 by magistrates.", "fine", ("money", "money", 500.0, "£500"))
    second = ("Smith was fined £5,000 by magistrates.", "fine", ("money", "money", 5000.0, "£5,000"))
    corpus = _corpus(("a", *first), ("b", *second))
    facts = (corpus.articles[0].facts[0], replace(corpus.articles[1].facts[0], id="a-f2", article="a"))
    merged = replace(corpus.articles[0], facts=facts)
    refs = tuple(FactRef("a", fact.id) for fact in facts)
    event = replace(corpus.events[0], facts=refs)
    one_article = Corpus((merged,), families=(Family("family-a", ("a",)),), events=(event,))
    claims, conflicts = build_claims(one_article)
    assert len(claims) == 2 and conflicts == ()


def _one_event(
    texts: dict[str, str],
    predicate: str,
    slot: Slot,
    values: dict[str, tuple[Value, ...]],
    terms: tuple[str, ...],
) -> Corpus:
    """One event holding one fact per article: its first sentence, with the given slot, values and terms."""
    articles = []
    for name, text in texts.items():
        end = text.index(".") + 1
        fact = Fact(
            id=f"{name}-f1",
            article=name,
            start=0,
            end=end,
            kind="event",
            sentence_end=end,
            predicate=predicate,
            slots=(slot,),
            values=values[name],
            terms=terms,
        )
        articles.append(replace(_article(name, text), facts=(fact,)))
    refs = tuple(FactRef(a.id, a.facts[0].id) for a in articles)
    families = tuple(Family(f"family-{a.id}", (a.id,)) for a in articles)
    return Corpus(
        tuple(articles), families=families, events=(Event("event-1", "test", "test", None, None, (), refs),)
    )


def _money(text: str, words: str, number: float) -> Value:
    return Value("money", "money", number, text.index(words), text.index(words) + len(words), unit="GBP")


@pytest.mark.issue(11)
def test_claims_copy_with_a_changed_figure_conflicts_without_a_named_participant() -> None:
    """A newspaper repeats the wire's clause but changes a figure: a conflict, although "he" names nobody."""
    texts = {
        "wire": "Fifteen minutes later he came into the room and hit the officer. Hobbs denies assault.",
        "paper": "Ten minutes later he came into the room and hit the officer. Hobbs denies assault.",
    }
    values = {
        name: (Value("duration", "duration", 60.0 * minutes, 0, len(text.split()[0]) + 8, unit="s"),)
        for (name, text), minutes in zip(texts.items(), (15, 10), strict=True)
    }
    he = texts["wire"].index("he ")
    corpus = _one_event(
        texts, "come", Slot("agent", he, he + 2), values, ("minutes", "later", "came", "room", "officer")
    )
    # Both articles name the defendant elsewhere: a copy of one story, not a template about two.
    mentions = tuple(
        Mention(a.id, a.text.index("Hobbs"), a.text.index("Hobbs") + 5, "PERSON") for a in corpus.articles
    )
    corpus = replace(corpus, entities=(Entity("entity-hobbs", "Hobbs", "PERSON", mentions=mentions),))
    claims, conflicts = build_claims(corpus)
    assert [conflict.slot for conflict in conflicts] == ["duration"]
    assert {value.article for value in conflicts[0].values} == {"wire", "paper"}
    assert conflicts[0].basis == "copy_edit"
    assert sorted(claim.status for claim in claims) == ["conflicting", "conflicting"]
    # The same two sentences in articles that name nobody in common: a template, no conflict.
    _, unrelated = build_claims(replace(corpus, entities=()))
    assert unrelated == ()


@pytest.mark.issue(11)
def test_claims_one_changed_figure_of_two_makes_two_claims() -> None:
    """ "£400 compensation and £250 costs" / "£4,000 compensation and £250 costs": the shared £250 does not make
    them one assertion; the same two figures twice are one."""
    texts = {
        "a": "She was ordered to pay £400 compensation and £250 costs.",
        "b": "She was ordered to pay £4,000 compensation and £250 costs.",
        "c": "She was ordered to pay £400 compensation and £250 costs.",
    }
    values = {
        name: (_money(text, amount, number), _money(text, "£250", 250.0))
        for (name, text), (amount, number) in zip(
            texts.items(), (("£400", 400.0), ("£4,000", 4000.0), ("£400", 400.0)), strict=True
        )
    }
    corpus = _one_event(texts, "order", Slot("patient", 0, 3), values, ("ordered", "compensation", "costs"))
    claims, _ = build_claims(corpus)
    assert sorted(sorted(ref.article for ref in claim.facts) for claim in claims) == [["a", "c"], ["b"]]


def _pile(*texts: str) -> Corpus:
    """The report of ``texts``, each its own article, through the whole pipeline."""
    from crossfact.pipeline import analyze
    from crossfact.read import Meta, make_article

    return analyze([make_article(f"outlet{n}.txt", text, Meta()) for n, text in enumerate(texts)])


def _claims_stating(report: Corpus, words: str) -> list[tuple[str, int, set[str]]]:
    """(statement, independent sources, articles) of every claim with a supporting clause holding ``words``."""
    texts = {article.id: article.text for article in report.articles}
    facts = {(article.id, fact.id): fact for article in report.articles for fact in article.facts}
    found = []
    for claim in report.claims:
        clauses = [
            texts[r.article][facts[(r.article, r.fact)].start : facts[(r.article, r.fact)].end]
            for r in claim.facts
        ]
        if any(words in clause for clause in clauses):
            statement = texts[claim.statement.article][claim.statement.start : claim.statement.end]
            found.append((statement, claim.independent_sources, {r.article for r in claim.facts}))
    return found


def test_claims_one_proposition_told_with_more_detail_is_one_claim_shown_as_what_all_state() -> None:
    report = _pile(
        "Councillor Helen Carver opened the Dunmore harbour bridge on Friday, two years after a funding dispute"
        " with the regional council halted the work. Traffic on the coast road is expected to fall by a third."
        " Fishermen complained that the new span leaves too little room for larger boats. The contractor,"
        " Brennan Civil, said the final cost was within the revised budget. A toll will not be charged until"
        " next April.",
        "On Friday morning Helen Carver finally opened the harbour bridge at Dunmore to traffic. The ceremony"
        " drew a crowd of several hundred people despite heavy rain. Local schools were given the afternoon off"
        " for the occasion. Shopkeepers on Quay Street hope the crossing will bring back summer visitors. The"
        " old ferry will keep running at weekends until the end of the season.",
    )
    [(statement, sources, articles)] = _claims_stating(report, "opened")
    # The clause the other source states too, without the funding dispute only one of them reports.
    assert statement == "Councillor Helen Carver opened the Dunmore harbour bridge on Friday"
    assert (sources, len(articles)) == (2, 2)


def test_claims_checking_out_is_not_checking_in() -> None:
    report = _pile(
        "The singer Mara Lindqvist checked into the Alder Grove clinic in Harwick on Tuesday. Her tour dates for"
        " the spring have been postponed, her label said.",
        "The singer Mara Lindqvist checked out of the Alder Grove clinic in Harwick on Tuesday. Fans had gathered"
        " outside the gates with flowers and handwritten cards.",
    )
    found = _claims_stating(report, "checked")
    assert len(found) == 2 and all(sources == 1 for _, sources, _ in found)


def test_claims_two_clauses_of_one_copied_sentence_stay_two_claims() -> None:
    # Every copy of the sentence gives its two clauses the same sentence-level features; even a model that
    # joined everything (threshold 0) must keep "went down" and "stopped the fight" apart.
    text = "The challenger went down in the fourth round, and referee Ana Ortiz stopped the fight."
    cut = text.index(", and")
    articles = []
    for name in ("wire", "paper"):
        article = _article(name, text)
        facts = tuple(
            Fact(
                id=f"{name}-f{n}",
                article=name,
                start=start,
                end=end,
                kind="event",
                sentence_start=0,
                sentence_end=len(text),
                predicate=predicate,
                terms=tuple(sorted({w.strip(".,").lower() for w in text[start:end].split() if len(w) > 3})),
            )
            for n, (start, end, predicate) in enumerate(
                ((0, cut, "go down"), (cut + 6, len(text) - 1, "stop"))
            )
        )
        articles.append(replace(article, facts=facts))
    refs = tuple(FactRef(a.id, f.id) for a in articles for f in a.facts)
    corpus = Corpus(
        tuple(articles),
        families=tuple(Family(f"family-{a.id}", (a.id,)) for a in articles),
        events=(Event("event-1", "test", "test", None, None, (), refs),),
    )
    claims, _ = build_claims(corpus, config=ClaimsConfig(threshold=0.0))
    for claim in claims:
        assert len({(ref.article, ref.fact[-2:]) for ref in claim.facts}) == len(claim.facts)
        assert len({ref.fact[-2:] for ref in claim.facts}) == 1  # one clause, copied: never both clauses


def test_claims_figures_recurring_in_one_article_do_not_join_its_statements() -> None:
    report = _pile(
        "The jury deliberated for four days. Inside the jury room, the three holdouts told the other nine jurors"
        " that they would never vote for a death sentence. On the last day the nine jurors asked the three"
        " holdouts how many more victims it would take. The judge then declared a mistrial."
    )
    told, asked = _claims_stating(report, "told"), _claims_stating(report, "asked")
    assert len(told) == len(asked) == 1 and told[0][0] != asked[0][0]
