"""A near-verbatim copy that changed a figure: found whoever the statement is about; templates and rewordings
of the same figure are not."""

from __future__ import annotations

import pytest

from crossfact.crossdoc.copy_edits import changed_values
from crossfact.model import Value


def _value(text: str, words: str, slot: str, kind: str, number: float, unit: str | None = None) -> Value:
    start = text.index(words)
    return Value(slot, kind, number, start, start + len(words), unit=unit)


def _changed(
    a: str, values_a: tuple[Value, ...], b: str, values_b: tuple[Value, ...]
) -> list[tuple[str, str]]:
    pairs = changed_values(a, 0, values_a, b, 0, values_b, similarity=0.8, min_words=8, same_name=80.0)
    return [(a[x.start : x.end], b[y.start : y.end]) for x, y in pairs]


@pytest.mark.issue(11)
def test_copy_edits_a_changed_count_in_a_copied_clause() -> None:
    a = "he had met two men at the races who wanted to know if he would throw games"
    b = "he had met seven men at the races who wanted to know if he would throw games"
    found = _changed(
        a,
        (_value(a, "two men", "count:man", "count", 2.0),),
        b,
        (_value(b, "seven men", "count:man", "count", 7.0),),
    )
    assert found == [("two men", "seven men")]


@pytest.mark.issue(11)
def test_copy_edits_only_the_changed_one_of_several_figures() -> None:
    a = "She was ordered to pay £400 compensation to one officer and £250 costs"
    b = "She was ordered to pay £4000 compensation to one officer and £250 costs, by July 30"
    values_a = (
        _value(a, "£400", "money", "money", 400.0, "GBP"),
        _value(a, "£250", "money", "money", 250.0, "GBP"),
    )
    values_b = (
        _value(b, "£4000", "money", "money", 4000.0, "GBP"),
        _value(b, "£250", "money", "money", 250.0, "GBP"),
    )
    assert _changed(a, values_a, b, values_b) == [("£400", "£4000")]


@pytest.mark.issue(11)
def test_copy_edits_silent_on_a_template_filled_with_other_names() -> None:
    a = "Shares of Acme Mining rose 5 percent on Monday after the results"
    b = "Shares of Bolt Energy rose 7 percent on Monday after the results"
    assert (
        _changed(
            a,
            (_value(a, "5 percent", "percent", "percent", 5.0),),
            b,
            (_value(b, "7 percent", "percent", "percent", 7.0),),
        )
        == []
    )


@pytest.mark.issue(11)
def test_copy_edits_silent_when_the_figure_is_only_written_differently() -> None:
    a = "The club paid £1.2 million for the striker last summer"
    b = "The club paid £1,200,000 for the striker last summer"
    values_a = (_value(a, "£1.2 million", "money", "money", 1_200_000.0, "GBP"),)
    values_b = (_value(b, "£1,200,000", "money", "money", 1_200_000.0, "GBP"),)
    assert _changed(a, values_a, b, values_b) == []


@pytest.mark.issue(11)
def test_copy_edits_silent_on_two_different_statements_with_figures() -> None:
    a = "The council said it would cut 40 jobs next year"
    b = "Unions warned that 400 workers could strike over pay in the spring"
    values_a = (_value(a, "40 jobs", "count:job", "count", 40.0),)
    values_b = (_value(b, "400 workers", "count:worker", "count", 400.0),)
    assert _changed(a, values_a, b, values_b) == []


@pytest.mark.issue(11)
def test_copy_edits_read_an_untyped_number_as_its_typed_twin() -> None:
    # The wire wrote "Jones 54," (no comma, so no age was read); the copy wrote "Jones, 74,".
    a = "Jones 54, of North Road, Leeds, is charged with supplying the drug to an undercover reporter"
    b = "Jones, 74, of North Road, Leeds, is charged with supplying the drug to an undercover reporter"
    found = changed_values(
        a,
        0,
        (),
        b,
        0,
        (_value(b, "74", "age:jones", "age", 74.0),),
        similarity=0.8,
        min_words=8,
        same_name=80.0,
    )
    assert [(a[x.start : x.end], x.slot, x.value, b[y.start : y.end]) for x, y in found] == [
        ("54", "age:jones", 54.0, "74")
    ]


@pytest.mark.issue(11)
def test_copy_edits_keep_the_scale_of_the_typed_twin() -> None:
    a = "The council paid £1.2 million for the old bus depot on the ring road last year"
    b = "The council paid 1.5 million for the old bus depot on the ring road last year"
    found = _changed(a, (_value(a, "£1.2 million", "money", "money", 1_200_000.0, "GBP"),), b, ())
    assert found == [("£1.2 million", "1.5")]
    pairs = changed_values(
        a,
        0,
        (_value(a, "£1.2 million", "money", "money", 1_200_000.0, "GBP"),),
        b,
        0,
        (),
        similarity=0.8,
        min_words=8,
        same_name=80.0,
    )
    assert pairs[0][1].value == pytest.approx(1_500_000.0) and pairs[0][1].unit == "GBP"


@pytest.mark.issue(11)
def test_copy_edits_silent_when_neither_number_is_typed_or_the_kind_is_a_date() -> None:
    a = "Over the next 24 hours he then visited the two farms to the north of the village"
    b = "Over the next 48 hours he then visited the two farms to the north of the village"
    assert _changed(a, (), b, ()) == []
    c = "The ferry sank in 1994 off the coast after the storm that hit the islands that week"
    d = "The ferry sank in 1995 off the coast after the storm that hit the islands that week"
    date = Value("date", "date", 1994.0, c.index("1994"), c.index("1994") + 4, text_value="1994")
    assert _changed(c, (date,), d, ()) == []
