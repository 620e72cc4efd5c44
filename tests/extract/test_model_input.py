"""The text spaCy is given keeps every offset, and the steps that run spaCy stay linear on long runs (issue 16)."""

from __future__ import annotations

import pytest

from crossfact.config import EntitiesConfig
from crossfact.extract.clauses import load_parser, parse_clauses
from crossfact.extract.entities import recognise
from crossfact.extract.model_input import MAX_RUN, model_text
from tests.scaling import MAX_RATIO, doubling_ratio

SENTENCE = "The minister said the deal was signed in Brussels. "


def test_model_text_keeps_length_and_real_words() -> None:
    text = SENTENCE + "!?" * 3000 + " " + SENTENCE
    given = model_text(text)
    assert len(given) == len(text)
    assert given.startswith(SENTENCE) and given.endswith(SENTENCE)
    assert max(len(run) for run in given.split()) <= MAX_RUN


def test_model_text_leaves_ordinary_text_and_long_urls_alone() -> None:
    text = SENTENCE + "https://example.org/" + "a" * 500 + " " + SENTENCE
    assert model_text(text) == text


def test_entities_still_found_after_a_long_punctuation_run() -> None:
    text = "!?.,;:-" * 2000 + "\n" + "Angela Merkel visited Paris on Monday.\n"
    labels = {(text[f.start : f.end], f.label) for f in recognise(text, EntitiesConfig())}
    assert ("Angela Merkel", "PERSON") in labels and ("Paris", "GPE") in labels


@pytest.mark.issue(16)
def test_entities_are_linear_on_a_long_punctuation_run() -> None:
    # 47k/95k/190k characters of punctuation took 9/33/123 s: spaCy's tokenizer is quadratic in a run.
    config = EntitiesConfig()
    ratio = doubling_ratio(
        lambda n: SENTENCE + "!?.,;:-" * n + "\n", lambda text: recognise(text, config), 6000, repeats=2
    )
    assert ratio < MAX_RATIO


@pytest.mark.issue(16)
def test_clauses_are_linear_on_a_long_punctuation_run() -> None:
    nlp = load_parser(EntitiesConfig())
    ratio = doubling_ratio(
        lambda n: SENTENCE + "!?.,;:-" * n,
        lambda text: list(parse_clauses(nlp, text, [(0, len(text))])),
        6000,
        repeats=2,
    )
    assert ratio < MAX_RATIO
