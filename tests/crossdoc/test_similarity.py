"""The optional sentence encoder: it really embeds, it is chosen by config, and its absence is a named fallback."""

from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from crossfact import errors
from crossfact.config import Config, SimilarityConfig
from crossfact.crossdoc.compare import (
    EMBEDDING_FEATURE,
    FEATURES,
    describe_pair_model,
    has_pair_model,
    load_pair_model,
    pair_model_for,
)
from crossfact.crossdoc.events import model_keys
from crossfact.crossdoc.similarity import LEXICAL, MINILM, choose_encoder, load_encoder
from crossfact.model import Corpus
from crossfact.pipeline import analyze, describe_components

INSTALLED = choose_encoder(SimilarityConfig(encoder=MINILM)).encoder == MINILM
needs_minilm = pytest.mark.skipif(not INSTALLED, reason="the similarity extra is not installed")


@needs_minilm
def test_minilm_puts_a_paraphrase_closer_than_an_unrelated_sentence() -> None:
    encoder = load_encoder(SimilarityConfig(encoder=MINILM))
    assert encoder is not None
    order, paraphrase, unrelated = encoder.encode(
        [
            "Japan has placed a major order for Boeing aircraft.",
            "Tokyo ordered a large number of planes from Boeing.",
            "Heavy rain flooded the streets of Oslo on Sunday.",
        ]
    )
    assert order.dtype == np.float32 and order.shape == (384,)
    assert abs(float(np.linalg.norm(order)) - 1.0) < 1e-4
    assert float(order @ paraphrase) > float(order @ unrelated) + 0.3


@needs_minilm
def test_minilm_encodes_a_text_once_for_events_and_claims() -> None:
    encoder = load_encoder(SimilarityConfig(encoder=MINILM))
    assert encoder is not None
    text = "The court sentenced him to six years in prison for the escape."
    first = encoder.encode([text])[0]
    encoded = encoder.encoded
    again = encoder.encode([text, text])
    assert encoder.encoded == encoded
    assert all(np.array_equal(first, vector) for vector in again)


@needs_minilm
def test_minilm_keys_carry_vectors_and_the_report_says_minilm_ran(seeds_dir: Path) -> None:
    config = Config(similarity=SimilarityConfig(encoder=MINILM))
    report = analyze([seeds_dir], config)
    for name in ("events", "claims"):
        model, reason = pair_model_for(name, config.similarity)
        component = f"{name}:pair-model+average-linkage:{model.encoder}"
        assert component in report.run.components
        assert dict(report.run.fallbacks).get(component) == reason
        corpus = Corpus(report.articles, entities=report.entities, stories=report.stories)
        _, keys = model_keys(corpus, name, config.similarity)
        assert all((key.vector is not None) == model.embedding for key in keys)


def test_lexical_config_yields_no_vectors_and_names_the_fallback(seeds_dir: Path) -> None:
    config = Config(similarity=SimilarityConfig(encoder=LEXICAL))
    report = analyze([seeds_dir], config)
    corpus = Corpus(report.articles, entities=report.entities, stories=report.stories)
    for name in ("events", "claims"):
        model, keys = model_keys(corpus, name, config.similarity)
        assert model.encoder == LEXICAL and keys
        assert all(key.vector is None and key.sentence_vector is None for key in keys)
        component = f"{name}:pair-model+average-linkage:lexical"
        assert dict(report.run.fallbacks)[component] == errors.SIMILARITY_SET_LEXICAL
    assert load_encoder(config.similarity) is None


def test_minilm_requested_but_not_installed_falls_back_with_the_reason(
    seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # None in sys.modules is how Python blocks an import: find_spec and import both see the package missing.
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)
    config = Config(similarity=SimilarityConfig(encoder=MINILM))
    choice = choose_encoder(config.similarity)
    assert choice.encoder == LEXICAL
    assert choice.reason is not None and "sentence_transformers" in choice.reason
    assert "crossfact[similarity]" in choice.reason
    _, fallbacks = describe_components(config)
    assert dict(fallbacks)["claims:pair-model+average-linkage:lexical"] == choice.reason
    report = analyze([seeds_dir], config)
    assert "events:pair-model+average-linkage:lexical" in report.run.components
    assert dict(report.run.fallbacks)["events:pair-model+average-linkage:lexical"] == choice.reason


def test_an_unknown_encoder_is_a_config_error_naming_the_choices() -> None:
    with pytest.raises(errors.ConfigError, match=r"'bert'.*auto, minilm, lexical"):
        choose_encoder(SimilarityConfig(encoder="bert"))


@pytest.mark.parametrize("name", ["events", "claims"])
def test_shipped_models_list_the_features_this_code_computes(name: str) -> None:
    folder = resources.files("crossfact.crossdoc").joinpath("models")
    lexical = json.loads(folder.joinpath(f"{name}.json").read_text(encoding="utf-8"))
    assert lexical["features"] == list(FEATURES)
    assert load_pair_model(name).encoder == LEXICAL
    if has_pair_model(name, MINILM):
        minilm = json.loads(folder.joinpath(f"{name}.minilm.json").read_text(encoding="utf-8"))
        assert minilm["features"] == [*FEATURES, EMBEDDING_FEATURE]
        assert len(minilm["weights"]) == len(minilm["features"])
        assert load_pair_model(name, MINILM).embedding
    elif INSTALLED:
        # minilm did not pay on this task: the lexical model runs, and the report says why.
        component, reason = describe_pair_model(name, SimilarityConfig(encoder=MINILM))
        assert component.endswith(":lexical")
        assert reason is not None and f"no {name} pair model fitted with minilm ships" in reason
