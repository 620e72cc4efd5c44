"""Time expressions on TempEval-3 (TimeBank 1.2 + AQUAINT): crossfact against dateparser, in the same run.

Data: the 256 TimeML files in ``../shared/data/tempeval3/{TimeBank,AQUAINT}`` (``--data DIR``). Only the TIMEX3
elements inside ``<TEXT>`` are scored; the document creation time (DCT) is the TIMEX3 ``tid="t0"`` inside
``<DCT>``, and both systems resolve relative expressions against it (its date part). Each system reads the plain
text of ``<TEXT>`` (the markup removed, character offsets kept).

Figures, the TempEval-3 way (UzZaman et al., SemEval 2013, section 4):

- strict span: precision, recall and F1 of system spans equal to gold spans (same start and end character);
- relaxed span: a system span that overlaps a gold span matches it (one-to-one, first overlap in text order);
- value F1: over the relaxed matches, a match counts when the TIMEX3 ``value`` is the same string; precision is
  over all system expressions and recall over all gold ones, so a missed or spurious span costs here too;
- value accuracy: the share of relaxed matches whose value is right (how good normalisation is once found);
- type accuracy: the same for ``type`` (DATE, TIME, DURATION, SET).

Systems:

- ``crossfact``: :func:`crossfact.extract.times.extract_times` on an Article whose text is the ``<TEXT>`` content
  and whose ``published`` is the DCT date. No entity mentions are given (TempEval has none to give).
- ``dateparser``: ``dateparser.search.search_dates(text, languages=["en"], settings={"RELATIVE_BASE": dct,
  "PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False})``, the search mode of the maintained parser
  crossfact builds on. Its found strings are located in the text left to right; each becomes a DATE whose value is
  the day found (the month for a string that names no day, the year for a bare year: dateparser fills missing
  parts with the DCT's, so a string with no digit and no weekday or month name also becomes a day).

Cross-validation (issue 13): how the tense around a weekday, "the weekend" or a yearless date is read
(:class:`crossfact.extract.times.context.TenseRules`: cue window, whether modals count as future, whether "was
expected to" is past, whether the window stops at the clause, how far the ruled-out side may win) is chosen on
held-out documents. Every rule set of :data:`GRID` is run on every document; then (1) 5-fold by document (fold =
position in the sorted file list modulo 5): the set with the best value F1 on four folds scores the fifth, the
held-out counts pooled: this is the headline; (2) across corpora: chosen on TimeBank, scored on AQUAINT, and the
other way round, pooled. The in-sample figure (the shipped defaults, on all documents) is printed beside it. The
before/after lines compare the v1 cue rules (:data:`BEFORE`) with the shipped ones per corpus, and list how many
matched expressions changed value, in which direction, and how many were right before and after.

Reference points published on the TE3 *platinum* test set (not this set): HeidelTime about 81 strict-span F1
and 78 value F1. Run from the repository root::

    .venv/bin/python -m benchmarks.eval_times [--data DIR] [--fast] [--no-baseline] [--json FILE]
    .venv/bin/python -m benchmarks.eval_times --errors 40      # also list the commonest misses and spurious hits

``--fast`` scores every fourth document (64 of 256), the same grid, folds and scorer (for CI).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from crossfact.extract.times import extract_times
from crossfact.extract.times.context import TENSE_RULES, TenseRules
from crossfact.model import Article
from crossfact.timex import day as timex_day

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "tempeval3"
SCHEMA = "crossfact.bench.eval_times/1"


@dataclass(frozen=True, slots=True)
class Timex:
    """One time expression: character offsets into the document's text, type and TIMEX3 value."""

    start: int
    end: int
    type: str
    value: str


@dataclass(frozen=True, slots=True)
class Document:
    name: str
    text: str
    dct: date
    gold: tuple[Timex, ...]
    corpus: str  # the folder the file is in (TimeBank, AQUAINT)


@dataclass(slots=True)
class Score:
    """Counts for one system, summed over documents; the figures are derived from them."""

    system: int = 0
    gold: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0
    type: int = 0
    seconds: float = 0.0
    misses: Counter[str] = field(default_factory=Counter)
    spurious: Counter[str] = field(default_factory=Counter)
    wrong_values: Counter[str] = field(default_factory=Counter)

    def figures(self) -> dict[str, float]:
        return {
            "strict_precision": _ratio(self.strict, self.system),
            "strict_recall": _ratio(self.strict, self.gold),
            "strict_f1": _f1(self.strict, self.system, self.gold),
            "relaxed_precision": _ratio(self.relaxed, self.system),
            "relaxed_recall": _ratio(self.relaxed, self.gold),
            "relaxed_f1": _f1(self.relaxed, self.system, self.gold),
            "value_f1": _f1(self.value, self.system, self.gold),
            "value_accuracy": _ratio(self.value, self.relaxed),
            "type_accuracy": _ratio(self.type, self.relaxed),
        }


def read_documents(folder: Path, *, limit: int | None = None) -> list[Document]:
    """Every ``*.tml`` under ``folder`` (sorted by path), or the first ``limit`` of them."""
    paths = sorted(folder.rglob("*.tml"))
    if not paths:
        raise SystemExit(
            f"eval_times: no .tml files under {folder}; pass --data DIR (see ../shared/data/README.md)"
        )
    return [read_tml(path) for path in paths[:limit]]


def read_tml(path: Path) -> Document:
    """The plain text of a TimeML file's <TEXT>, its gold TIMEX3 with offsets into that text, and its DCT."""
    root = ElementTree.parse(path).getroot()
    dct_node = root.find("DCT/TIMEX3")
    body = root.find("TEXT")
    dct = timex_day(str(dct_node.get("value"))) if dct_node is not None else None
    if dct is None or body is None:
        raise SystemExit(f"eval_times: {path} has no <DCT><TIMEX3> with a day value or no <TEXT>")
    parts: list[str] = []
    gold: list[Timex] = []

    def walk(node: ElementTree.Element) -> None:
        start = sum(len(part) for part in parts)
        parts.append(node.text or "")
        for child in node:
            walk(child)
            parts.append(child.tail or "")
        if node.tag == "TIMEX3":
            end = sum(len(part) for part in parts)
            gold.append(Timex(start, end, str(node.get("type")), str(node.get("value"))))

    walk(body)
    return Document(path.name, "".join(parts), dct, tuple(gold), path.parent.name)


def run_crossfact(document: Document, rules: TenseRules = TENSE_RULES) -> list[Timex]:
    article = Article(
        id=document.name,
        path=document.name,
        raw=document.text,
        raw_sha256="",
        text=document.text,
        published=document.dct,
    )
    return [
        Timex(time.start, time.end, time.type, time.value) for time in extract_times(article, rules=rules)
    ]


def run_dateparser(document: Document) -> list[Timex]:
    # Imported here: only the baseline needs it. dateparser ships no type hints.
    from dateparser.search import search_dates  # type: ignore[import-untyped]

    base = datetime(document.dct.year, document.dct.month, document.dct.day)
    settings: Any = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    found = search_dates(document.text, languages=["en"], settings=settings) or []
    result: list[Timex] = []
    position = 0
    for text, moment in found:
        start = document.text.find(text, position)
        if start < 0:
            continue
        position = start + len(text)
        result.append(Timex(start, position, "DATE", _dateparser_value(text, moment)))
    return result


def _dateparser_value(text: str, moment: datetime) -> str:
    if re.fullmatch(r"\s*(?:1[6-9]|20)\d\d\s*", text):
        return str(moment.year)
    lowered = text.lower()
    names_day = re.search(r"\d|day|today|yesterday|tomorrow|ago|mon|tue|wed|thu|fri|sat|sun", lowered)
    names_month = re.search(r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|month", lowered)
    if names_month and not re.search(r"\b\d{1,2}(?:st|nd|rd|th)?\b", lowered):
        return f"{moment.year}-{moment.month:02d}"
    if not names_day and re.search(r"year", lowered):
        return str(moment.year)
    return moment.date().isoformat()


def score(documents: Iterable[Document], system: Callable[[Document], list[Timex]]) -> Score:
    total = Score()
    for document in documents:
        started = time.perf_counter()
        found = system(document)
        total.seconds += time.perf_counter() - started
        _score_document(document, found, total)
    return total


def _score_document(document: Document, found: list[Timex], total: Score) -> None:
    total.system += len(found)
    total.gold += len(document.gold)
    spans = {(gold.start, gold.end) for gold in document.gold}
    total.strict += sum((timex.start, timex.end) in spans for timex in found)
    used: set[int] = set()
    matched: set[int] = set()
    for index, timex in enumerate(found):
        for gold_index, gold in enumerate(document.gold):
            if gold_index in used or gold.end <= timex.start or timex.end <= gold.start:
                continue
            used.add(gold_index)
            matched.add(index)
            total.relaxed += 1
            total.value += timex.value == gold.value
            total.type += timex.type == gold.type
            if timex.value != gold.value:
                key = f"{document.text[timex.start : timex.end]!r} {timex.value} ≠ {gold.value} (DCT {document.dct})"
                total.wrong_values[key] += 1
            break
    for gold_index, gold in enumerate(document.gold):
        if gold_index not in used:
            total.misses[f"{document.text[gold.start : gold.end].lower()!r} {gold.type}"] += 1
    for index, timex in enumerate(found):
        if index not in matched:
            total.spurious[f"{document.text[timex.start : timex.end].lower()!r} {timex.type}"] += 1


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _f1(hits: int, system: int, gold: int) -> float:
    precision, recall = _ratio(hits, system), _ratio(hits, gold)
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _table(results: dict[str, Score]) -> str:
    columns = (
        "strict P",
        "strict R",
        "strict F1",
        "relax F1",
        "value F1",
        "value acc",
        "type acc",
        "seconds",
    )
    keys = (
        "strict_precision",
        "strict_recall",
        "strict_f1",
        "relaxed_f1",
        "value_f1",
        "value_accuracy",
        "type_accuracy",
    )
    lines = [f"{'system':<12}" + "".join(f"{name:>11}" for name in columns)]
    for name, result in results.items():
        figures = result.figures()
        cells = "".join(f"{100 * figures[key]:>11.1f}" for key in keys)
        lines.append(f"{name:<12}{cells}{result.seconds:>11.2f}")
    return "\n".join(lines)


# The rule sets cross-validation chooses from; the shipped defaults come first, so they win ties.
GRID: tuple[TenseRules, ...] = tuple(
    dict.fromkeys(
        [
            TENSE_RULES,
            *(
                TenseRules(
                    window=window,
                    modals=modals,
                    past_marked=marked,
                    clause=clause,
                    fallback=fallback,
                    weight=weight,
                )
                for window in (40, 60, 100)
                for modals in (False, True)
                for marked in (False, True)
                for clause, fallback in ((False, False), (True, False), (True, True))
                for weight in (1.5, 2.0, 3.0, 1000.0)
            ),
        ]
    )
)
# The v1 rules (before issue 13): the nearest cue within 60 characters in the sentence, modals future.
BEFORE = TenseRules(window=60, modals=True, past_marked=False, clause=False, fallback=False, weight=2.0)
FOLDS = 5
FAST_EVERY = 4


@dataclass(frozen=True, slots=True)
class Counts:
    """What value F1 needs from one document: system and gold expressions and right values."""

    system: int
    gold: int
    value: int


def _counts(document: Document, found: list[Timex]) -> Counts:
    total = Score()
    _score_document(document, found, total)
    return Counts(total.system, total.gold, total.value)


def _value_f1(counts: Iterable[Counts]) -> float:
    items = list(counts)
    return _f1(sum(c.value for c in items), sum(c.system for c in items), sum(c.gold for c in items))


def _choose(table: dict[TenseRules, list[Counts]], train: Sequence[int]) -> TenseRules:
    """The rule set of the grid with the best pooled value F1 on the ``train`` documents (first wins ties)."""
    return max(GRID, key=lambda rules: _value_f1(table[rules][index] for index in train))


def _cross_validate(
    table: dict[TenseRules, list[Counts]], splits: Sequence[tuple[Sequence[int], Sequence[int]]]
) -> tuple[float, list[TenseRules]]:
    """The pooled held-out value F1 over ``splits`` (train, test) and the rule set each split chose."""
    held_out: list[Counts] = []
    chosen: list[TenseRules] = []
    for train, test in splits:
        rules = _choose(table, train)
        chosen.append(rules)
        held_out.extend(table[rules][index] for index in test)
    return _value_f1(held_out), chosen


def _describe(rules: TenseRules) -> str:
    return (
        f"window {rules.window}, modals {'future' if rules.modals else 'no cue'}, "
        f"was-expected-to {'past' if rules.past_marked else 'future'}, "
        f"{('clause, else window' if rules.fallback else 'clause') if rules.clause else 'window'}, "
        f"weight {rules.weight:g}"
    )


@dataclass(slots=True)
class Changes:
    """Matched expressions whose value the shipped rules change from :data:`BEFORE`'s, by direction."""

    earlier: Counter[str] = field(default_factory=Counter)
    later: Counter[str] = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)

    def add(self, document: Document, before: Timex, after: Timex) -> None:
        gold = next((g for g in document.gold if g.end > after.start and after.end > g.start), None)
        if gold is None:
            return
        side = self.later if after.value > before.value else self.earlier
        side["changed"] += 1
        side["right_before"] += before.value == gold.value
        side["right_after"] += after.value == gold.value
        if len(self.examples) < 12:
            words = document.text[after.start : after.end]
            self.examples.append(
                f"{words!r} {before.value} -> {after.value}, gold {gold.value} (DCT {document.dct:%a %Y-%m-%d})"
            )


def _changes(documents: Sequence[Document]) -> Changes:
    changes = Changes()
    for document in documents:
        before = {(t.start, t.end): t for t in run_crossfact(document, BEFORE)}
        for after in run_crossfact(document, TENSE_RULES):
            old = before.get((after.start, after.end))
            if old is not None and old.value != after.value:
                changes.add(document, old, after)
    return changes


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with TimeML .tml files")
    parser.add_argument("--limit", type=int, default=None, help="score the first N files only")
    parser.add_argument("--fast", action="store_true", help=f"every {FAST_EVERY}th document only (CI)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the dateparser baseline (slow)")
    parser.add_argument(
        "--errors", type=int, default=0, help="list the N commonest misses, spurious, wrong values"
    )
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this file")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    documents = read_documents(args.data, limit=args.limit)
    if args.fast:
        documents = documents[::FAST_EVERY]
    corpora = sorted({document.corpus for document in documents})
    table = {rules: [_counts(d, run_crossfact(d, rules)) for d in documents] for rules in GRID}
    everything = range(len(documents))
    folds = [[i for i in everything if i % FOLDS != k] for k in range(FOLDS)]
    kfold, kfold_chosen = _cross_validate(
        table, [(train, [i for i in everything if i % FOLDS == k]) for k, train in enumerate(folds)]
    )
    by_corpus = {c: [i for i in everything if documents[i].corpus == c] for c in corpora}
    rotation = [(by_corpus[a], by_corpus[b]) for a in corpora for b in corpora if a != b]
    cross_corpus, corpus_chosen = _cross_validate(table, rotation) if len(corpora) > 1 else (None, [])
    in_sample = _value_f1(table[TENSE_RULES])
    best_in_sample = _choose(table, list(everything))
    baseline_results = {}
    if not args.no_baseline:
        baseline_results = {c: score([documents[i] for i in by_corpus[c]], run_dateparser) for c in corpora}
    baseline = (
        _f1(*(sum(getattr(r, key) for r in baseline_results.values()) for key in ("value", "system", "gold")))
        if baseline_results
        else None
    )
    folds_text = (
        f"{FOLDS}-fold by document over {len(documents)} documents ({', '.join(corpora)}); tense rules chosen "
        f"on 4 folds from {len(GRID)} by value F1, held-out counts pooled"
    )
    headline = {
        "metric": "value_f1",
        "crossfact": round(kfold, 4),
        "baseline": None if baseline is None else round(baseline, 4),
        "in_sample": round(in_sample, 4),
        "folds": folds_text,
    }
    baseline_text = "n/a" if baseline is None else f"{baseline:.3f}"
    print(
        f"headline: TIMEX3 value F1 cross-validated {kfold:.3f} (in-sample {in_sample:.3f}); "
        f"dateparser {baseline_text} on the same documents"
    )
    print(f"  folds: {folds_text}")
    if cross_corpus is not None:
        print(f"  across corpora (tune on one, score the other, pooled): {cross_corpus:.3f}")
    gold = sum(len(document.gold) for document in documents)
    print(f"\nTempEval-3 {' + '.join(corpora)}: {len(documents)} documents, {gold} gold TIMEX3 in <TEXT>")
    results = {"crossfact": score(documents, run_crossfact)}
    if baseline_results:
        total = Score()
        for result in baseline_results.values():
            for key in ("system", "gold", "strict", "relaxed", "value", "type", "seconds"):
                setattr(total, key, getattr(total, key) + getattr(result, key))
        results["dateparser"] = total
    print(_table(results))
    print("(published on the TE3 platinum test set: HeidelTime ~81 strict-span F1, ~78 value F1)")
    print("\nvalue F1 per corpus: v1 cue rules (before) / shipped rules (after) / dateparser")
    per_corpus: dict[str, dict[str, float | None]] = {}
    for corpus in corpora:
        indices = by_corpus[corpus]
        before = _value_f1(table[BEFORE][i] for i in indices) if BEFORE in table else None
        after = _value_f1(table[TENSE_RULES][i] for i in indices)
        base = baseline_results[corpus].figures()["value_f1"] if corpus in baseline_results else None
        per_corpus[corpus] = {"before": before, "after": after, "dateparser": base}
        cells = " / ".join("n/a" if v is None else f"{v:.3f}" for v in (before, after, base))
        print(f"  {corpus:<10} {cells}   ({len(indices)} documents)")
    print("\nrules chosen by each split:")
    for k, rules in enumerate(kfold_chosen):
        print(f"  fold {k}: {_describe(rules)}")
    for (train, _), rules in zip(rotation, corpus_chosen, strict=True):
        name = documents[train[0]].corpus
        print(f"  tuned on {name}: {_describe(rules)}")
    print(f"  in-sample best: {_describe(best_in_sample)} ({_value_f1(table[best_in_sample]):.3f})")
    print(f"  shipped: {_describe(TENSE_RULES)}")
    changes = _changes(documents)
    print("\nmatched expressions whose value changed, v1 cue rules -> shipped rules:")
    for name, side in (("moved earlier", changes.earlier), ("moved later", changes.later)):
        print(
            f"  {name}: {side['changed']}; right before {side['right_before']}, right after {side['right_after']}"
        )
    for line in changes.examples:
        print(f"    {line}")
    if args.errors:
        result = results["crossfact"]
        for title, counter in (
            ("misses", result.misses),
            ("spurious", result.spurious),
            ("wrong values", result.wrong_values),
        ):
            print(f"\ncrossfact {title} ({sum(counter.values())}):")
            for key, count in counter.most_common(args.errors):
                print(f"{count:>5}  {key}")
    if args.json is not None:
        summary = {
            "schema": SCHEMA,
            "headline": headline,
            "data": str(args.data),
            "fast": args.fast,
            "documents": len(documents),
            "gold": gold,
            "cross_corpus_value_f1": cross_corpus,
            "per_corpus_value_f1": per_corpus,
            "rules_chosen": {
                "folds": [_describe(rules) for rules in kfold_chosen],
                "corpora": [_describe(rules) for rules in corpus_chosen],
                "shipped": _describe(TENSE_RULES),
            },
            "changed_values": {"earlier": dict(changes.earlier), "later": dict(changes.later)},
            "systems": {
                name: {
                    **result.figures(),
                    **{
                        key: value
                        for key, value in asdict(result).items()
                        if key not in ("misses", "spurious", "wrong_values")
                    },
                }
                for name, result in results.items()
            },
        }
        args.json.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
