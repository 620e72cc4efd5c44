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

Reference points published on the TE3 *platinum* test set (not this set): HeidelTime about 81 strict-span F1
and 78 value F1. Run from the repository root::

    .venv/bin/python -m benchmarks.eval_times [--data DIR] [--limit N] [--no-baseline] [--json FILE]
    .venv/bin/python -m benchmarks.eval_times --errors 40      # also list the commonest misses and spurious hits
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
    return Document(path.name, "".join(parts), dct, tuple(gold))


def run_crossfact(document: Document) -> list[Timex]:
    article = Article(
        id=document.name,
        path=document.name,
        raw=document.text,
        raw_sha256="",
        text=document.text,
        published=document.dct,
    )
    return [Timex(time.start, time.end, time.type, time.value) for time in extract_times(article)]


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


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with TimeML .tml files")
    parser.add_argument("--limit", type=int, default=None, help="score the first N files only")
    parser.add_argument("--no-baseline", action="store_true", help="skip the dateparser baseline (slow)")
    parser.add_argument(
        "--errors", type=int, default=0, help="list the N commonest misses, spurious, wrong values"
    )
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this file")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    documents = read_documents(args.data, limit=args.limit)
    systems: dict[str, Callable[[Document], list[Timex]]] = {"crossfact": run_crossfact}
    if not args.no_baseline:
        systems["dateparser"] = run_dateparser
    results = {name: score(documents, system) for name, system in systems.items()}
    gold = sum(len(document.gold) for document in documents)
    print(f"TempEval-3 TimeBank + AQUAINT: {len(documents)} documents, {gold} gold TIMEX3 in <TEXT>")
    print(_table(results))
    print("(published on the TE3 platinum test set: HeidelTime ~81 strict-span F1, ~78 value F1)")
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
            "data": str(args.data),
            "documents": len(documents),
            "gold": gold,
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
