"""Direct quotes and their speakers on PolNeAR dev: crossfact against textacy and a regex baseline, same run.

Data: ``../shared/data/polnear/dev`` (or ``--data DIR``), 84 news texts (2016 US election, 7 publishers) with
brat standoff attributions: ``Source``, ``Cue`` and ``Content`` spans tied together by ``Attribution`` events.
PolNeAR annotates every attribution (indirect speech, beliefs, reports); this benchmark measures the part a
quote extractor owns, the *direct* quotes.

Gold, precisely:

- One annotator per text: where a text has several ``<text>_<annotator>.ann`` files, the first in sorted file
  name order is scored. ``Discuss``/``Discard`` notes are ignored; ``Content2`` counts as ``Content``.
- A content's fragments (brat ``a b;c d``) are sorted, and fragments separated by whitespace only (PolNeAR cuts
  a content at every paragraph break) are merged into one *piece*. A piece is widened over quote marks that
  touch it, since some annotators leave the marks out.
- Quote marks in a piece are read with a rule of this script's own (not crossfact's): typographic double marks
  by glyph; a straight ``"``, two apostrophes or two backticks open after whitespace or an opening bracket and
  close otherwise; a single mark (``'``, ``‘``, ``’``) between two letters or digits is an apostrophe,
  otherwise ``'`` and ``‘`` open before a letter or digit after whitespace or a bracket, and ``'`` and ``’``
  close after a non-space. Marks pair on a stack per kind (double, single); a mark reopening its kind at the
  start of a line continues the quote (the newswire paragraph convention).
- Every outermost pair gives one *target*: the words between the marks, whitespace and a trailing ``,;:``
  trimmed. A content with no pair of marks is indirect speech and gives no target. A target is ``full`` when
  its pairs cover every letter and digit of the piece, ``partial`` when the piece also has the writer's words
  ("said Trump was “absolutely right”"). A content credited by two attributions is scored once.
- A target's gold speaker is the attribution's ``Source`` span(s); attributions without a source are left out
  of the speaker figures.

Figures, per system:

- recall strict: share of targets that a predicted quote matches exactly (both trimmed the same way);
  recall overlap: share that a predicted quote overlaps by at least one character; both split by full/partial.
- speaker: of the targets found (overlap) that have a gold source, the share whose best-overlapping prediction
  has a speaker span overlapping a gold source span. crossfact's span is its local attribution
  (``speaker_ref_start``/``speaker_ref_end``: "he" in "he said", not the earlier mention "he" was resolved
  to), which is what PolNeAR marks and what textacy returns. ``end-to-end`` is the same count over all targets
  with a source.
- precision any: share of predicted quotes that overlap some gold content of any attribution (direct or
  not); precision strict: share that equal a target exactly.

Systems, all on the same cleaned text (``clean_article`` + ``split_article``; offsets mapped back to the raw
text through the edit log):

- ``crossfact``: :func:`crossfact.extract.quotes.extract_quotes` after ``extract_mentions`` (spaCy NER with
  the KB ruler, the production configuration).
- ``textacy``: ``textacy.extract.triples.direct_quotations`` 0.13 over a full ``en_core_web_sm`` 3.8.0 parse.
  Its content spans include the marks; they are stripped before comparing. It raises ``ValueError`` and returns
  nothing for a document with an odd number of quote tokens; such documents are counted under ``bailed``.
  textacy installs beside spaCy 3.8 without changing any installed package (checked with ``pip install
  --dry-run``); when it is missing, its row is left out and the run says so.
- ``baseline``: the least a quote extractor does: a regex for text between double marks (“…” or "…") on one
  line, with the nearest PERSON mention of the same sentence as speaker.

Run from the repository root: ``.venv/bin/python -m benchmarks.eval_quotes [--data DIR] [--json FILE]``.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import importlib.util
import json
import re
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crossfact.clean import clean_article, raw_offset
from crossfact.config import EntitiesConfig
from crossfact.extract.entities import extract_mentions
from crossfact.extract.quotes import extract_quotes
from crossfact.model import Article
from crossfact.read import Meta, make_article
from crossfact.split import split_article

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "polnear" / "dev"
SCHEMA = "crossfact.eval.quotes/1"

Span = tuple[int, int]

_OPENING_GLYPHS = frozenset("“„‟«‘‚‛")
_CLOSING_GLYPHS = frozenset("”»’")
_STRAIGHT = frozenset({'"', "''", "``"})
_MARK = re.compile(r"''|``|[\"“”„‟«»'‘’‚‛]")
_MARK_CHARS = frozenset("\"“”„‟«»'‘’‚‛`")
_TRIM = " \t\n,;:"


@dataclass(frozen=True, slots=True)
class Target:
    """One gold direct quote: words between marks, with the source spans of its attribution."""

    doc: str
    start: int
    end: int
    kind: str  # full or partial
    sources: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Prediction:
    """One predicted quote (raw-text offsets) and its speaker span, if any."""

    start: int
    end: int
    speaker: Span | None


@dataclass(slots=True)
class Gold:
    """Everything the annotation of one text says that this benchmark scores."""

    doc: str
    raw: str
    annotator: str
    targets: list[Target] = field(default_factory=list)
    contents: list[Span] = field(default_factory=list)


@dataclass(slots=True)
class Scores:
    """Counts for one system over all documents; ratios are computed in :meth:`as_dict`."""

    system: str
    targets: int = 0
    full: int = 0
    partial: int = 0
    strict: int = 0
    overlap: int = 0
    strict_full: int = 0
    overlap_full: int = 0
    strict_partial: int = 0
    overlap_partial: int = 0
    with_source: int = 0
    found_with_source: int = 0
    speaker_correct: int = 0
    predictions: int = 0
    precise_any: int = 0
    precise_strict: int = 0
    bailed: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        def ratio(part: int, whole: int) -> float | None:
            return round(part / whole, 4) if whole else None

        return {
            **dataclasses.asdict(self),
            "recall_strict": ratio(self.strict, self.targets),
            "recall_overlap": ratio(self.overlap, self.targets),
            "recall_strict_full": ratio(self.strict_full, self.full),
            "recall_overlap_full": ratio(self.overlap_full, self.full),
            "recall_strict_partial": ratio(self.strict_partial, self.partial),
            "recall_overlap_partial": ratio(self.overlap_partial, self.partial),
            "speaker_accuracy": ratio(self.speaker_correct, self.found_with_source),
            "speaker_end_to_end": ratio(self.speaker_correct, self.with_source),
            "precision_any": ratio(self.precise_any, self.predictions),
            "precision_strict": ratio(self.precise_strict, self.predictions),
        }


# -- gold ----------------------------------------------------------------------------------------------------


def load_gold(data: Path) -> list[Gold]:
    """Return the scored annotation of every text under ``data`` (one annotator per text)."""
    golds = []
    for text_path in sorted((data / "text").glob("*.txt")):
        annotations = sorted((data / "attributions").glob(f"{text_path.stem}_*.ann"))
        if not annotations:
            continue
        raw = text_path.read_text(encoding="utf-8")
        gold = Gold(text_path.stem, raw, annotations[0].stem.rsplit("_", 1)[1])
        _read_ann(gold, annotations[0].read_text(encoding="utf-8"))
        golds.append(gold)
    return golds


def _read_ann(gold: Gold, ann: str) -> None:
    spans: dict[str, tuple[str, tuple[Span, ...]]] = {}
    events: list[dict[str, list[str]]] = []
    for line in ann.splitlines():
        fields = line.split("\t")
        if line.startswith("T") and len(fields) >= 2:
            label, _, offsets = fields[1].partition(" ")
            fragments = tuple(
                sorted(
                    (int(a), int(b)) for a, b in (part.split() for part in offsets.split(";") if part.strip())
                )
            )
            spans[fields[0]] = (label, fragments)
        elif line.startswith("E") and len(fields) >= 2:
            roles: dict[str, list[str]] = {}
            for argument in fields[1].split():
                role, _, ref = argument.partition(":")
                roles.setdefault(role.rstrip("0123456789"), []).append(ref)
            events.append(roles)
    for roles in events:
        sources = tuple(s for ref in roles.get("Source", []) if ref in spans for s in spans[ref][1])
        for ref in roles.get("Content", []):
            if ref not in spans:
                continue
            fragments = spans[ref][1]
            gold.contents.extend(fragments)
            for start, end, kind in _direct_quotes(gold.raw, fragments):
                gold.targets.append(Target(gold.doc, start, end, kind, sources))
    # Two attributions may share one content (a quote credited twice); score it once.
    unique = {(t.start, t.end): t for t in gold.targets}
    gold.targets = sorted(unique.values(), key=lambda t: (t.start, t.end))


def _pieces(raw: str, fragments: Sequence[Span]) -> Iterator[Span]:
    """Merge fragments split only by whitespace; widen each piece over quote marks touching it."""
    merged: list[list[int]] = []
    for start, end in fragments:
        if merged and not raw[merged[-1][1] : start].strip():
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    for start, end in merged:
        while start > 0 and raw[start - 1] in _MARK_CHARS and not _between_letters(raw, start - 1):
            start -= 1
        while end < len(raw) and raw[end] in _MARK_CHARS and not _between_letters(raw, end):
            end += 1
        yield start, end


def _between_letters(raw: str, position: int) -> bool:
    return 0 < position < len(raw) - 1 and raw[position - 1].isalnum() and raw[position + 1].isalnum()


def _direct_quotes(raw: str, fragments: Sequence[Span]) -> Iterator[tuple[int, int, str]]:
    for piece_start, piece_end in _pieces(raw, fragments):
        pairs = _gold_pairs(raw, piece_start, piece_end)
        covered = bytearray(piece_end - piece_start)
        segments = []
        for (open_start, open_end), (close_start, close_end) in pairs:
            covered[open_start - piece_start : close_end - piece_start] = b"\x01" * (close_end - open_start)
            start, end = _trimmed(raw, open_end, close_start)
            if start < end:
                segments.append((start, end))
        outside = any(
            raw[piece_start + i].isalnum() for i in range(piece_end - piece_start) if not covered[i]
        )
        for start, end in segments:
            yield start, end, "partial" if outside else "full"


def _gold_pairs(raw: str, start: int, end: int) -> list[tuple[Span, Span]]:
    """Pair the quote marks of ``raw[start:end]`` (the rule in the module docstring); outermost pairs only."""
    stack: list[tuple[str, Span]] = []
    pairs: list[tuple[Span, Span]] = []
    for match in _MARK.finditer(raw, start, end):
        mark, span = match.group(), match.span()
        role = _gold_role(raw, mark, span)
        if role is None:
            continue
        family = '"' if mark in _STRAIGHT or mark in "“”„‟«»" else "'"
        open_at = next((i for i in range(len(stack) - 1, -1, -1) if stack[i][0] == family), None)
        if role == "open":
            if open_at is not None:
                line_start = raw.rfind("\n", 0, span[0]) + 1
                if raw[stack[open_at][1][0] : span[0]].count("\n") and not raw[line_start : span[0]].strip():
                    continue  # reopened at a new paragraph: the same quote goes on
                del stack[open_at:]
            stack.append((family, span))
        elif open_at is not None:
            pairs.append((stack[open_at][1], span))
            del stack[open_at:]
    pairs.sort()
    outermost: list[tuple[Span, Span]] = []
    for pair in pairs:
        if not outermost or pair[0][0] >= outermost[-1][1][1]:
            outermost.append(pair)
    return outermost


def _gold_role(raw: str, mark: str, span: Span) -> str | None:
    before = raw[span[0] - 1] if span[0] else " "
    after = raw[span[1]] if span[1] < len(raw) else " "
    opens = before.isspace() or before in "([{—–-/" or before in _MARK_CHARS
    if mark in _STRAIGHT:
        return "open" if opens else "close"
    if mark in "“„‟«":
        return "open"
    if mark in "”»":
        return "close"
    if before.isalnum() and after.isalnum():
        return None
    if opens and after.isalnum():
        return "open" if mark != "’" else None
    if not before.isspace():
        return "close" if mark != "‘" else None
    return None


def _trimmed(raw: str, start: int, end: int) -> Span:
    while start < end and raw[start] in " \t\n":
        start += 1
    while end > start and raw[end - 1] in _TRIM:
        end -= 1
    return start, end


# -- systems -------------------------------------------------------------------------------------------------


def prepare(gold: Gold) -> Article:
    """Return the cleaned, split article with entity mentions, as the pipeline would hand it to quotes."""
    article = split_article(clean_article(make_article(f"{gold.doc}.txt", gold.raw, Meta())))
    return dataclasses.replace(article, mentions=tuple(extract_mentions(article, config=EntitiesConfig())))


def _to_raw(article: Article, start: int, end: int) -> Span:
    return raw_offset(article.edits, start), raw_offset(article.edits, max(end - 1, start)) + 1


def predict_crossfact(article: Article) -> list[Prediction]:
    predictions = []
    for quote in extract_quotes(article):
        speaker = None
        if quote.speaker_ref_start is not None and quote.speaker_ref_end is not None:
            speaker = _to_raw(article, quote.speaker_ref_start, quote.speaker_ref_end)
        predictions.append(Prediction(*_to_raw(article, quote.start, quote.end), speaker))
    return predictions


_BASELINE_QUOTE = re.compile(r"[“\"]([^”\"\n]+)[”\"]")


def predict_baseline(article: Article) -> list[Prediction]:
    """Text between double marks on one line; the nearest PERSON mention of the same sentence speaks."""
    predictions = []
    people = [m for m in article.mentions if m.label == "PERSON"]
    for match in _BASELINE_QUOTE.finditer(article.text):
        sentence = next(
            (
                s
                for s in article.sentences
                if s.start <= match.start() < s.end or s.start <= match.end() <= s.end
            ),
            None,
        )
        speaker = None
        if sentence is not None:
            near = [m for m in people if sentence.start <= m.start < sentence.end]
            if near:
                best = min(near, key=lambda m: min(abs(m.start - match.end()), abs(m.end - match.start())))
                speaker = _to_raw(article, best.start, best.end)
        predictions.append(Prediction(*_to_raw(article, match.start(1), match.end(1)), speaker))
    return predictions


def textacy_predictor() -> Callable[[Article], list[Prediction] | None] | None:
    """Return textacy's direct_quotations over a full spaCy parse, or None when textacy is not installed."""
    if importlib.util.find_spec("textacy") is None:
        return None
    import spacy

    triples: Any = importlib.import_module("textacy.extract.triples")
    nlp = spacy.load(EntitiesConfig().model)

    def predict(article: Article) -> list[Prediction] | None:
        doc = nlp(article.text)
        try:
            found = list(triples.direct_quotations(doc))
        except ValueError:  # "odd number of quotation marks": textacy gives up on the whole document
            return None
        predictions = []
        for triple in found:
            content = triple.content
            start = content[0].idx + (len(content[0]) if content[0].is_quote else 0)
            end = content[-1].idx if content[-1].is_quote else content[-1].idx + len(content[-1])
            speaker = None
            if triple.speaker:
                speaker = _to_raw(
                    article,
                    min(t.idx for t in triple.speaker),
                    max(t.idx + len(t) for t in triple.speaker),
                )
            predictions.append(Prediction(*_to_raw(article, start, end), speaker))
        return predictions

    return predict


# -- scoring -------------------------------------------------------------------------------------------------


def _normalised(raw: str, start: int, end: int) -> Span:
    return _trimmed(raw, start, end)


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def score(scores: Scores, gold: Gold, predictions: Sequence[Prediction]) -> None:
    """Add one document's counts to ``scores``."""
    predicted = [(_normalised(gold.raw, p.start, p.end), p) for p in predictions]
    exact = {span for span, _ in predicted}
    targets = {(t.start, t.end) for t in gold.targets}
    for target in gold.targets:
        span = (target.start, target.end)
        scores.targets += 1
        setattr(scores, target.kind, getattr(scores, target.kind) + 1)
        best = max(predicted, key=lambda item: _overlap(item[0], span), default=None)
        found = best is not None and _overlap(best[0], span) > 0
        if span in exact:
            scores.strict += 1
            setattr(scores, f"strict_{target.kind}", getattr(scores, f"strict_{target.kind}") + 1)
        if found:
            scores.overlap += 1
            setattr(scores, f"overlap_{target.kind}", getattr(scores, f"overlap_{target.kind}") + 1)
        if target.sources:
            scores.with_source += 1
            if found and best is not None:
                scores.found_with_source += 1
                speaker = best[1].speaker
                if speaker is not None and any(_overlap(speaker, source) for source in target.sources):
                    scores.speaker_correct += 1
    for span, _ in predicted:
        scores.predictions += 1
        scores.precise_any += any(_overlap(span, content) for content in gold.contents)
        scores.precise_strict += span in targets


def evaluate(data: Path, *, limit: int | None = None) -> tuple[list[Scores], dict[str, Any]]:
    """Score every system on the PolNeAR texts under ``data``; return the scores and facts about the run."""
    golds = load_gold(data)[:limit]
    articles = [prepare(gold) for gold in golds]
    systems: list[tuple[str, Callable[[Article], list[Prediction] | None]]] = [
        ("crossfact", predict_crossfact),
        ("baseline", predict_baseline),
    ]
    notes = []
    textacy = textacy_predictor()
    if textacy is None:
        notes.append("textacy is not installed: its row is missing (pip install textacy==0.13.0)")
    else:
        systems.insert(1, ("textacy", textacy))
    results = []
    for name, predict in systems:
        scores = Scores(name)
        started = time.perf_counter()
        outputs = [predict(article) for article in articles]
        scores.seconds = round(time.perf_counter() - started, 3)
        for gold, output in zip(golds, outputs, strict=True):
            if output is None:
                scores.bailed += 1
            score(scores, gold, output or [])
        results.append(scores)
    run = {
        "documents": len(golds),
        "annotators": sorted({gold.annotator for gold in golds}),
        "contents": sum(len(gold.contents) for gold in golds),
        "notes": notes,
    }
    return results, run


def _percent(value: float | None) -> str:
    return "   –" if value is None else f"{100 * value:5.1f}"


def print_table(results: Sequence[Scores], run: dict[str, Any]) -> None:
    first = results[0]
    print(
        f"PolNeAR dev: {run['documents']} texts, {run['contents']} gold content fragments, "
        f"{first.targets} direct-quote targets ({first.full} full, {first.partial} partial), "
        f"{first.with_source} with a gold source"
    )
    header = (
        f"{'system':<10} {'R strict':>8} {'R overlap':>9} {'full s/o':>13} {'partial s/o':>13} "
        f"{'speaker':>7} {'spk e2e':>7} {'P any':>6} {'P strict':>8} {'quotes':>6} {'bailed':>6} {'seconds':>7}"
    )
    print(header)
    print("-" * len(header))
    for scores in results:
        row = scores.as_dict()
        print(
            f"{scores.system:<10} {_percent(row['recall_strict']):>8} {_percent(row['recall_overlap']):>9} "
            f"{_percent(row['recall_strict_full'])}/{_percent(row['recall_overlap_full']):>7} "
            f"{_percent(row['recall_strict_partial'])}/{_percent(row['recall_overlap_partial']):>7} "
            f"{_percent(row['speaker_accuracy']):>7} {_percent(row['speaker_end_to_end']):>7} "
            f"{_percent(row['precision_any']):>6} {_percent(row['precision_strict']):>8} "
            f"{scores.predictions:>6} {scores.bailed:>6} {scores.seconds:>7.2f}"
        )
    for note in run["notes"]:
        print(f"note: {note}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0] if __doc__ else None)
    parser.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help="PolNeAR split folder (text/, attributions/)"
    )
    parser.add_argument("--limit", type=int, default=None, help="score only the first N texts")
    parser.add_argument("--json", type=Path, default=None, help="also write every figure to this JSON file")
    args = parser.parse_args(argv)
    if not (args.data / "text").is_dir() or not (args.data / "attributions").is_dir():
        print(
            f"error: {args.data} has no text/ and attributions/ folders (PolNeAR split expected)",
            file=sys.stderr,
        )
        return 1
    results, run = evaluate(args.data, limit=args.limit)
    print_table(results, run)
    if args.json is not None:
        payload = {"schema": SCHEMA, "data": str(args.data), **run, "systems": [s.as_dict() for s in results]}
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
