"""Cross-document event coreference on ECB+ dev (topics 1–22), measured through crossfact's report, beside TF-IDF.

Data (``--data``, default ``../shared/data``): ``ecbplus/ecbplus_dev_docs.jsonl`` (the texts) and
``ecbplus/ecbplus_dev_events.jsonl`` (the gold mentions, one line per document in the same order; ``start/end``
index that document's tokenised ``text``; ``chain`` is a cross-document chain id, ``<doc>#…`` for a chain inside
one document, or null).

Input. Each ``*ecbplus`` text loses its first line (the source URL, which alone separates the sub-topics: the data
README's trap) and every text is lightly detokenised (``benchmarks.eval_stories.detokenise``) so the NER sees
prose. All documents of one topic go into one ``crossfact.pipeline.analyze`` call, as one pile.

Alignment of the gold to crossfact's text. Gold offsets index the tokenised text; crossfact reports offsets into
its own cleaned text. The non-whitespace characters of the two texts are aligned with
``difflib.SequenceMatcher`` (detokenising and cleaning move spaces and swap PTB quotes; nearly every other
character survives). A gold mention is aligned when its first and last non-space characters both map; the
counts of mentions that do not (and of aligned ones that fall in no crossfact sentence) are printed.

Population. A fact "carries a gold action" when the crossfact sentence holding it (v2: the fact's ``sentence``
span; v1: the article sentence holding the fact's start) contains an aligned mention whose type starts with
``ACTION_`` or ``NEG_ACTION_``. Scored: every pair of such facts from different documents of one topic.
Gold positive: the two sentences share a cross-document action chain. Predicted positive (crossfact): the two
facts are in one report ``events`` record (v1 fallback: in one claim). Pairwise precision, recall and F1, pooled
over topics. A second, end-to-end view scores pairs of gold-action *sentences* from different documents (a pair
is predicted positive when some fact of one and some fact of the other share an event), so that a sentence
without any fact counts as missed; its coverage line says how many gold-action sentences hold a fact.

A third view scores claims, not events: pairs of facts from different documents whose *own span* (the clause)
holds an aligned gold action mention; gold positive when the two clauses share a cross-document action chain
(both report the same action: "sentenced ... to life" / "was given four life sentences"); predicted positive
when one report ``claims`` record holds both. It is the corroboration question a fact-checker asks (do these
outlets state the same thing?) on gold nobody tuned the claims model for (it is fitted on MSRP). Its baseline
is the TF-IDF cosine of the two clauses (the same vectoriser).

Baseline, same run, same pairs: TF-IDF cosine between the two sentences (``TfidfVectorizer(stop_words=
"english")`` fitted on all sentences of the topic's cleaned texts), positive when cosine ≥ t. The headline is t
chosen by leave-one-topic-out cross-validation (best F1 on the other topics, applied to the held-out topic,
predictions pooled); the threshold chosen on all topics at once is printed as the "oracle" figure, an upper bound.

Similarity. crossfact runs with the sentence similarity the config picks (``similarity.encoder``, "auto": minilm
when the ``similarity`` extra is installed) and the output names the events model that ran and, for the lexical
fallback, why. ``--similarity lexical,minilm`` runs crossfact once per setting on the same pairs, one table each.

Run from the repository root:
``PYTHONPATH=src python -m benchmarks.eval_events [--limit N] [--similarity auto|lexical|minilm[,...]] [--json FILE]``.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import combinations
from pathlib import Path
from typing import Any

from benchmarks._report_access import ReportView, SpanView, analyze_to_view
from benchmarks._thresholds import best_threshold, cross_validate, score_binary
from benchmarks.eval_stories import detokenise
from crossfact.config import Config, SimilarityConfig
from crossfact.crossdoc.compare import describe_pair_model
from crossfact.crossdoc.similarity import MINILM, load_encoder
from crossfact.read import Meta, make_article

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"
SCHEMA = "crossfact.eval.events/1"
FOLDS = 5
# The CI subset (--fast): the six smallest topics by text (166 kB together), three folds.
FAST_TOPICS = ("7", "10", "11", "14", "20", "22")
FAST_FOLDS = 3
ACTION_PREFIXES = ("ACTION_", "NEG_ACTION_")

CLAUSES_TITLE = (
    "Clause pairs (claims: a fact's own span holds the gold action; one claim vs one action chain)"
)
SentenceKey = tuple[str, int, int]  # (document name, start, end) of a crossfact sentence


@dataclass(frozen=True, slots=True)
class Document:
    """One ECB+ document: the text given to crossfact and its gold action mentions in the original offsets."""

    name: str
    topic: str
    original: str  # the tokenised text the gold offsets index
    cut: int  # characters removed from the front (the URL line) before detokenising
    text: str  # what crossfact reads
    actions: tuple[tuple[int, int, str | None], ...]  # (start, end, cross-document chain or None)


@dataclass(slots=True)
class Alignment:
    """Counts of gold action mentions that could or could not be placed in crossfact's sentences."""

    mentions: int = 0
    unaligned: int = 0
    changed_text: int = 0  # aligned, but the cleaned text at the mapped offsets differs beyond spaces
    outside_sentences: int = 0
    examples: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Pairs:
    """Scored pairs of one view (facts or sentences): gold, crossfact's decision, baseline cosine, topic."""

    gold: list[bool] = field(default_factory=list)
    crossfact: list[bool] = field(default_factory=list)
    cosine: list[float] = field(default_factory=list)
    topic: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Views:
    """The three scored views: fact pairs by event, gold-action sentence pairs, and clause pairs by claim."""

    facts: Pairs = field(default_factory=Pairs)
    sentences: Pairs = field(default_factory=Pairs)
    clauses: Pairs = field(default_factory=Pairs)


# -- data --------------------------------------------------------------------------------------------------------


def load_documents(data: Path) -> list[Document]:
    """Return the ECB+ dev documents with their gold action mentions (the two files are read line by line)."""
    docs_path = data / "ecbplus" / "ecbplus_dev_docs.jsonl"
    events_path = data / "ecbplus" / "ecbplus_dev_events.jsonl"
    for path in (docs_path, events_path):
        if not path.is_file():
            raise FileNotFoundError(f"{path}: no such file (pass --data DIR holding ecbplus/)")
    documents = []
    with docs_path.open(encoding="utf-8") as docs, events_path.open(encoding="utf-8") as events:
        for doc_line, events_line in zip(docs, events, strict=True):
            record, gold = json.loads(doc_line), json.loads(events_line)
            if record["doc"] != gold["doc"]:
                raise ValueError(
                    f"{events_path}: line for {gold['doc']} faces {record['doc']} in the docs file"
                )
            original = record["text"]
            cut = 0
            if record["doc"].endswith("ecbplus.xml") and "\n" in original:
                cut = original.index("\n") + 1  # the URL line (data README, format traps)
            actions = tuple(
                (int(m["start"]), int(m["end"]), _cross_chain(m.get("chain")))
                for m in gold["mentions"]
                if str(m["type"]).startswith(ACTION_PREFIXES)
            )
            documents.append(
                Document(
                    record["doc"], str(record["topic"]), original, cut, detokenise(original[cut:]), actions
                )
            )
    return documents


def _cross_chain(chain: str | None) -> str | None:
    # "<doc>#…" chains live inside one document; only cross-document chains make a gold positive.
    return chain if chain and "#" not in chain else None


def align_offsets(source: str, target: str) -> dict[int, int]:
    """Return a map from positions of non-space characters of ``source`` to their positions in ``target``."""
    a_positions = [i for i, ch in enumerate(source) if not ch.isspace()]
    b_positions = [i for i, ch in enumerate(target) if not ch.isspace()]
    a_text = "".join(source[i] for i in a_positions)
    b_text = "".join(target[i] for i in b_positions)
    mapping = {}
    matcher = difflib.SequenceMatcher(None, a_text, b_text, autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            mapping[a_positions[block.a + k]] = b_positions[block.b + k]
    return mapping


def locate_actions(
    document: Document,
    text: str,
    sentences: Sequence[tuple[int, int]],
    alignment: Alignment,
    positions: list[tuple[int, str | None]] | None = None,
) -> dict[tuple[int, int], set[str | None]]:
    """Return the gold chains of each crossfact sentence that holds an action mention (None: no cross chain);
    ``positions``, when given, receives each placed mention's first character in ``text`` and its chain."""
    mapping = align_offsets(document.original[document.cut :], text)
    found: dict[tuple[int, int], set[str | None]] = {}
    for start, end, chain in document.actions:
        alignment.mentions += 1
        first, last = _first_last(document.original, start, end)
        if (
            first is None
            or last is None
            or first - document.cut not in mapping
            or last - document.cut not in mapping
        ):
            alignment.unaligned += 1
            if len(alignment.examples) < 5:
                alignment.examples.append(f"{document.name}:{start}-{end} {document.original[start:end]!r}")
            continue
        begin, finish = mapping[first - document.cut], mapping[last - document.cut] + 1
        if _squeeze(text[begin:finish]) != _squeeze(document.original[start:end]):
            alignment.changed_text += 1
        sentence = next(((s, e) for s, e in sentences if s <= begin < e), None)
        if sentence is None:
            alignment.outside_sentences += 1
            continue
        found.setdefault(sentence, set()).add(chain)
        if positions is not None:
            positions.append((begin, chain))
    return found


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _first_last(text: str, start: int, end: int) -> tuple[int | None, int | None]:
    inside = [i for i in range(start, min(end, len(text))) if not text[i].isspace()]
    return (inside[0], inside[-1]) if inside else (None, None)


# -- one topic ---------------------------------------------------------------------------------------------------


def evaluate_topic(
    documents: Sequence[Document],
    config: Config,
    alignment: Alignment,
    views: Views,
) -> dict[str, Any]:
    """Run crossfact on one topic's pile, add its scored pairs to the views and return the topic's counts."""
    from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]

    topic = documents[0].topic
    articles = [make_article(document.name, document.text, Meta()) for document in documents]
    view = analyze_to_view(articles, config)
    by_path = view.article_by_path()
    by_article = {by_path[document.name]: document for document in documents if document.name in by_path}

    # Gold chains of every crossfact sentence holding an action mention, keyed by document and offsets.
    gold: dict[SentenceKey, set[str | None]] = {}
    all_sentences: list[SentenceKey] = []
    positions: dict[str, list[tuple[int, str | None]]] = {}
    for article_id, document in by_article.items():
        article = view.articles[article_id]
        all_sentences.extend((document.name, s, e) for s, e in article.sentences)
        placed = positions.setdefault(article_id, [])
        for (s, e), chains in locate_actions(
            document, article.text, article.sentences, alignment, placed
        ).items():
            gold[(document.name, s, e)] = chains

    texts = {
        (document.name, s, e): view.articles[article_id].text[s:e]
        for article_id, document in by_article.items()
        for s, e in view.articles[article_id].sentences
    }
    vectorizer = TfidfVectorizer(stop_words="english")
    matrix = vectorizer.fit_transform([texts[key] for key in all_sentences])
    row = {key: index for index, key in enumerate(all_sentences)}

    def cosine(a: SentenceKey, b: SentenceKey) -> float:
        return float(matrix[row[a]].multiply(matrix[row[b]]).sum())

    events_of = view.events_of()
    carried = []  # (fact key, its sentence key) for facts whose sentence carries a gold action
    for key, fact in view.facts.items():
        holder = by_article.get(fact.span.article)
        if holder is None:
            continue
        sentence_key = _sentence_key(holder.name, fact.sentence, view)
        if sentence_key in gold:
            carried.append((key, sentence_key))
    for (key_a, sent_a), (key_b, sent_b) in combinations(carried, 2):
        if sent_a[0] == sent_b[0]:
            continue
        views.facts.gold.append(_shares_chain(gold[sent_a], gold[sent_b]))
        views.facts.crossfact.append(bool(events_of.get(key_a, set()) & events_of.get(key_b, set())))
        views.facts.cosine.append(cosine(sent_a, sent_b))
        views.facts.topic.append(topic)

    # Clauses: a fact's own span holding a gold action; one claim predicted against a shared action chain.
    claims_of = view.claims_of()
    clause_chains = []
    for key, fact in view.facts.items():
        chains = {
            chain
            for begin, chain in positions.get(fact.span.article, ())
            if fact.span.start <= begin < fact.span.end
        }
        if chains:
            clause_chains.append((key, fact.span, chains))
    clause_matrix = vectorizer.transform([span.text for _, span, _ in clause_chains])
    for (a, (key_a, span_a, chains_a)), (b, (key_b, span_b, chains_b)) in combinations(
        enumerate(clause_chains), 2
    ):
        if span_a.article == span_b.article:
            continue
        views.clauses.gold.append(_shares_chain(chains_a, chains_b))
        views.clauses.crossfact.append(bool(claims_of.get(key_a, set()) & claims_of.get(key_b, set())))
        views.clauses.cosine.append(float(clause_matrix[a].multiply(clause_matrix[b]).sum()))
        views.clauses.topic.append(topic)

    # End-to-end: pairs of gold-action sentences; a sentence's events are those of the facts it holds.
    sentence_events: dict[SentenceKey, set[str]] = {key: set() for key in gold}
    with_fact: set[SentenceKey] = set()
    for key, sentence_key in carried:
        with_fact.add(sentence_key)
        sentence_events[sentence_key] |= events_of.get(key, set())
    for sent_a, sent_b in combinations(sorted(gold), 2):
        if sent_a[0] == sent_b[0]:
            continue
        views.sentences.gold.append(_shares_chain(gold[sent_a], gold[sent_b]))
        views.sentences.crossfact.append(bool(sentence_events[sent_a] & sentence_events[sent_b]))
        views.sentences.cosine.append(cosine(sent_a, sent_b))
        views.sentences.topic.append(topic)
    return {
        "topic": topic,
        "documents": len(documents),
        "articles": len(view.articles),
        "facts": len(view.facts),
        "events": len(view.events),
        "gold_action_sentences": len(gold),
        "gold_action_sentences_with_fact": len(with_fact),
        "facts_carrying_action": len(carried),
        "schema": view.schema_note,
    }


def _sentence_key(name: str, sentence: SpanView, view: ReportView) -> SentenceKey:
    """Return the key of the crossfact sentence holding a fact's sentence span (v2 spans may differ slightly)."""
    for start, end in view.articles[sentence.article].sentences:
        if start <= sentence.start < end:
            return (name, start, end)
    return (name, sentence.start, sentence.end)


def _shares_chain(a: set[str | None], b: set[str | None]) -> bool:
    return bool((a & b) - {None})


# -- scoring -----------------------------------------------------------------------------------------------------


def score_view(pairs: Pairs) -> dict[str, Any]:
    """Return crossfact's and the baseline's (cross-validated and oracle) figures on one view's pairs."""
    crossfact = score_binary(pairs.gold, pairs.crossfact)
    figures: dict[str, Any] = {
        "pairs": len(pairs.gold),
        "positives": sum(pairs.gold),
        "crossfact": crossfact.as_dict(),
    }
    if len(set(pairs.topic)) >= 2:
        predicted, thresholds = cross_validate(pairs.cosine, pairs.gold, pairs.topic, metric="f1")
        figures["baseline_cv"] = score_binary(pairs.gold, predicted).as_dict()
        figures["baseline_cv_thresholds"] = {topic: round(t, 4) for topic, t in thresholds.items()}
    oracle = best_threshold(pairs.cosine, pairs.gold, metric="f1")
    figures["baseline_oracle"] = score_binary(pairs.gold, [c >= oracle for c in pairs.cosine]).as_dict()
    figures["baseline_oracle_threshold"] = round(oracle, 4)
    figures["all_same_event"] = score_binary(pairs.gold, [True] * len(pairs.gold)).as_dict()
    return figures


def _row(name: str, figures: dict[str, Any] | None) -> str:
    if figures is None:
        return f"{name:<46} {'n/a (needs 2+ topics)':>30}"
    return (
        f"{name:<46} {figures['precision']:>7.3f} {figures['recall']:>7.3f} {figures['f1']:>7.3f}"
        f" {figures['tp']:>7} {figures['fp']:>8} {figures['fn']:>7}"
    )


def _table(title: str, figures: dict[str, Any], decided: str = "same event") -> list[str]:
    header = f"{'system':<46} {'P':>7} {'R':>7} {'F1':>7} {'tp':>7} {'fp':>8} {'fn':>7}"
    return [
        f"{title}: {figures['pairs']} pairs, {figures['positives']} gold positive",
        header,
        "-" * len(header),
        _row(f"crossfact ({decided} in the report)", figures["crossfact"]),
        _row("baseline TF-IDF cosine, leave-one-topic-out", figures.get("baseline_cv")),
        _row(
            f"baseline oracle threshold {figures['baseline_oracle_threshold']:.3f} (upper bound)",
            figures["baseline_oracle"],
        ),
        _row("every pair the same event (for scale)", figures["all_same_event"]),
        "",
    ]


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help="folder holding ecbplus/ (../shared/data)"
    )
    parser.add_argument(
        "--limit", type=int, default=None, help="only the first N topics (quick look; CV needs 2)"
    )
    parser.add_argument("--topics", default=None, help="comma-separated topic numbers (instead of --limit)")
    parser.add_argument(
        "--similarity",
        default="auto",
        help="comma-separated similarity.encoder settings, one crossfact run each (auto, lexical, minilm)",
    )
    parser.add_argument(
        "--fast",
        action="store_true",
        help=f"the CI subset: topics {','.join(FAST_TOPICS)}, {FAST_FOLDS} folds, cross-validated run only",
    )
    parser.add_argument("--json", type=Path, default=None, help="write every figure here as JSON")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the evaluation once per similarity setting, print the tables and write the JSON; return the exit code."""
    args = _parse_args(argv)
    documents = load_documents(args.data)
    order = sorted({document.topic for document in documents}, key=lambda topic: (len(topic), topic))
    topics = args.topics.split(",") if args.topics else order[: args.limit] if args.limit else order
    topics = list(FAST_TOPICS) if args.fast and not args.topics and not args.limit else topics
    if len(topics) < 2:
        print("give at least 2 topics: the headline is cross-validated over topics", file=sys.stderr)
        return 1
    settings = [setting.strip() for setting in args.similarity.split(",")]
    config = Config(similarity=SimilarityConfig(encoder=settings[0]))
    began = time.perf_counter()
    folds = min(FAST_FOLDS if args.fast else FOLDS, len(topics))
    cv_views = cross_validated(args.data, documents, topics, config, folds)
    cv = {
        "facts": score_view(cv_views.facts),
        "sentences": score_view(cv_views.sentences),
        "clauses": score_view(cv_views.clauses),
    }
    cv_seconds = round(time.perf_counter() - began, 1)
    runs: dict[str, dict[str, Any]] = {}
    printed: list[str] = []
    for setting in [] if args.fast else settings:
        figures, lines = evaluate(documents, topics, Config(similarity=SimilarityConfig(encoder=setting)))
        runs[setting] = figures
        printed.extend(lines)
    in_sample = next(iter(runs.values()), None)
    headline = {
        "metric": "fact-pair F1",
        "crossfact": cv["facts"]["crossfact"]["f1"],
        "baseline": cv["facts"].get("baseline_cv", {}).get("f1"),
        "in_sample": in_sample["facts"]["crossfact"]["f1"] if in_sample else None,
        "folds": f"{folds} folds over {len(topics)} topics, events model and linkage refitted per fold; "
        "the TF-IDF baseline's threshold chosen leave-one-topic-out",
    }
    print(
        f"headline: crossfact fact-pair F1 {headline['crossfact']:.3f} ({folds}-fold CV over topics, events "
        f"model refitted per fold) vs TF-IDF cosine {headline['baseline'] or 0:.3f} (same pairs)"
        + (f"; in-sample (shipped model) {headline['in_sample']:.3f}" if in_sample else "")
        + f"; {cv_seconds:.0f} s"
    )
    print("\n".join(_table("Fact pairs, cross-validated", cv["facts"])))
    print("\n".join(_table("Sentence pairs, cross-validated", cv["sentences"])))
    print("\n".join(_table(CLAUSES_TITLE + ", cross-validated", cv["clauses"], "same claim")))
    print("\n".join(printed))
    if args.json:
        data: dict[str, Any] = {
            "schema": SCHEMA,
            "headline": headline,
            "cross_validated": cv,
            "topics": topics,
        }
        if in_sample:
            data.update(in_sample)
            data["headline"] = headline
            if len(runs) > 1:
                data["by_similarity"] = runs
        args.json.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return 0


def cross_validated(
    data: Path, documents: Sequence[Document], topics: Sequence[str], config: Config, folds: int = FOLDS
) -> Views:
    """Return the fact and sentence pairs of the topics, each fold of topics analysed with an events model (pair
    model and linkage setting) fitted, as ``benchmarks/fit_pair_models.py`` fits the shipped one, on the other
    folds only."""
    import numpy as np

    from benchmarks.fit_pair_models import (
        _best_threshold,
        _fit,
        copy_shipped,
        event_pairs,
        write_events_model,
    )

    component, _ = describe_pair_model("events", config.similarity)
    encoding = component.rsplit(":", 1)[-1]
    encoder = load_encoder(config.similarity) if encoding == MINILM else None
    x, y, groups, per_topic = event_pairs(data, None, encoder, only=topics)
    fold_of = {topic: str(rank % folds) for rank, topic in enumerate(topics)}
    pair_folds = np.array([fold_of[topic] for topic in groups])
    views, alignment = Views(), Alignment()
    with tempfile.TemporaryDirectory() as scratch:
        for fold in sorted(set(fold_of.values())):
            train = pair_folds != fold
            model = _fit(x[train], y[train])
            threshold = _best_threshold(model.predict_proba(x[train])[:, 1], y[train], "f1")
            directory = (
                Path(scratch) / f"fold-{fold}"
            )  # one folder per fold: load_pair_model caches by folder
            directory.mkdir()
            copy_shipped("claims", directory)
            training = [item for item in per_topic if fold_of[item[0]] != fold]
            write_events_model(
                model, threshold, training, f"ECB+ topics without fold {fold}", {}, encoding, directory
            )
            fold_config = replace(config, similarity=replace(config.similarity, models_dir=str(directory)))
            for topic in topics:
                if fold_of[topic] == fold:
                    pile = [document for document in documents if document.topic == topic]
                    evaluate_topic(pile, fold_config, alignment, views)
    return views


def evaluate(
    documents: Sequence[Document], topics: Sequence[str], config: Config
) -> tuple[dict[str, Any], list[str]]:
    """Return the figures of crossfact under ``config`` and the baseline on the topics, and the printed lines."""
    component, reason = describe_pair_model("events", config.similarity)
    alignment = Alignment()
    views = Views()
    per_topic = []
    began = time.perf_counter()
    for topic in topics:
        pile = [document for document in documents if document.topic == topic]
        if not pile:
            print(f"topic {topic}: no documents, skipped", file=sys.stderr)
            continue
        per_topic.append(evaluate_topic(pile, config, alignment, views))
        print(f"topic {topic}: {len(pile)} documents, {per_topic[-1]['facts']} facts", file=sys.stderr)
    seconds = time.perf_counter() - began
    gold_sentences = sum(item["gold_action_sentences"] for item in per_topic)
    covered = sum(item["gold_action_sentences_with_fact"] for item in per_topic)
    figures: dict[str, Any] = {
        "schema": SCHEMA,
        "report_schema": sorted({item["schema"] for item in per_topic}),
        "similarity": {"setting": config.similarity.encoder, "component": component, "fallback": reason},
        "topics": [item["topic"] for item in per_topic],
        "alignment": {
            "action_mentions": alignment.mentions,
            "unaligned": alignment.unaligned,
            "changed_text": alignment.changed_text,
            "outside_sentences": alignment.outside_sentences,
            "examples": alignment.examples,
        },
        "coverage": {"gold_action_sentences": gold_sentences, "with_fact": covered},
        "facts": score_view(views.facts),
        "sentences": score_view(views.sentences),
        "clauses": score_view(views.clauses),
        "per_topic": per_topic,
        "seconds": round(seconds, 1),
    }
    lines = [
        f"ECB+ dev, topics {','.join(figures['topics'])}; report measured: {'; '.join(figures['report_schema'])}",
        f"similarity.encoder {config.similarity.encoder}: {component}"
        + (f" (lexical fallback: {reason})" if reason else ""),
        f"gold action mentions {alignment.mentions}: {alignment.unaligned} not aligned to crossfact's text, "
        f"{alignment.changed_text} aligned onto other characters, "
        f"{alignment.outside_sentences} outside every crossfact sentence",
        f"coverage: {covered} of {gold_sentences} gold-action sentences hold a fact"
        f" ({covered / gold_sentences if gold_sentences else 0:.1%})",
        "",
        *_table("Fact pairs (headline)", figures["facts"]),
        *_table(
            "Sentence pairs (end to end, a sentence without facts counts as missed)", figures["sentences"]
        ),
        *_table(CLAUSES_TITLE, figures["clauses"], "same claim"),
        f"{seconds:.0f} s",
        "",
    ]
    return figures, lines


if __name__ == "__main__":
    sys.exit(main())
