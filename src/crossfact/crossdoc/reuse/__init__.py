"""Find which articles reuse which other articles' text, with the aligned passages, a score and a direction.

This is what turns "five outlets say X" into "one source, copied four times". The work is split by job, as
datatrove splits MinHash deduplication into signatures, buckets and clusters, so that no job holds all texts at
once:

1. per article (:mod:`crossfact.extract.sketch`): the text becomes a :class:`~crossfact.model.Sketch`, the
   MinHash of its word 3-gram shingles and the hashes of its shingles, content words and fingerprints (quoted
   words, multi-word names, numbers: :mod:`.fingerprints`), folded by the shared normalisation of
   :mod:`.tokens`. The sketch holds no text.
2. :mod:`.candidates`: candidate pairs from the sketches only, never all pairs: MinHash-LSH
   (``ReuseConfig.lsh_bands``), every pair that shares a fingerprint few articles hold, and every pair that
   shares several such rare content words.
3. :mod:`.passages`: each candidate is verified by aligning the two texts: near-exact sentences, verbatim
   fragments, paraphrased sentences and shared quotes.
4. :mod:`.copying`: the features of an aligned pair (quoted speech left out) and the fitted copy model, whose
   probability is the link score.
5. :mod:`.links`: the link decision, its kind and direction with evidence lines; :func:`find_reuse` runs 2–5.

A link between two articles depends on those two texts, their dates and the document frequencies of the
evidence they share (issue 12): words are weighted by their English background frequency (wordfreq,
:func:`.tokens.word_weight`), not by the batch's IDF, which moved links when 200 unrelated newswires joined. The
one cut that still grows with the batch is the stock-phrase one (``ReuseConfig.common_min_share``, from 250
articles up). Sentences or fragments made only of common shingles (stock phrases such as
"said in a statement") count for nothing, and quoted speech both texts print is never on its own a link.
Reprints of real news share only about 30 % of their word 3-grams (NEWS-COPY, Silcock et al. 2023),
hence the recall-first candidates and the paraphrase and word evidence; ``benchmarks/eval_reuse.py`` measures
all of it on METER and MSRP.
"""

from __future__ import annotations

from crossfact.crossdoc.reuse.candidates import CorpusStats, corpus_stats, find_candidates
from crossfact.crossdoc.reuse.copying import FEATURES, CopyModel, PairFeatures, copy_features, load_copy_model
from crossfact.crossdoc.reuse.fingerprints import Fingerprint, find_fingerprints, find_quotes
from crossfact.crossdoc.reuse.links import (
    AlignedPair,
    align_candidates,
    decide_direction,
    find_reuse,
    label_siblings,
    make_link,
)
from crossfact.crossdoc.reuse.passages import (
    KINDS,
    PairEvidence,
    Shares,
    compare_articles,
    sentence_similarity,
)
from crossfact.crossdoc.reuse.tokens import SKETCH_VERSION, STOP_WORDS, Token, is_content, stem, tokenize
from crossfact.model import Corpus
from crossfact.step import Step, setting

__all__ = [
    "FEATURES",
    "KINDS",
    "SKETCH_VERSION",
    "STEP",
    "STOP_WORDS",
    "AlignedPair",
    "CopyModel",
    "CorpusStats",
    "Fingerprint",
    "PairEvidence",
    "PairFeatures",
    "Shares",
    "Token",
    "align_candidates",
    "compare_articles",
    "copy_features",
    "corpus_stats",
    "decide_direction",
    "find_candidates",
    "find_fingerprints",
    "find_quotes",
    "find_reuse",
    "is_content",
    "label_siblings",
    "load_copy_model",
    "make_link",
    "sentence_similarity",
    "stem",
    "tokenize",
]

# The cross-article half: candidates from the sketches, each verified by aligning the two texts. The sketch step
# (crossfact.extract.sketch) must run with the same ReuseConfig; find_candidates checks version and num_perm.
STEP: Step[Corpus] = Step(
    "reuse",
    "corpus",
    setting("reuse", lambda corpus, config, resources: find_reuse(corpus.articles, config=config.reuse)),
    requires=("article.sketch", "article.text", "corpus.articles"),
    uses=("article.quotes",),
    assigns=("corpus.reuse",),
    section="reuse",
    method="minhash-lsh+alignment+copy-model",
)
