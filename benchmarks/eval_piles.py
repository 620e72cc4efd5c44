"""A markdown sample of crossfact's claims on real piles (ECB+ topics 3 and 7, the seeds), for reading by hand.

It does not score. For each pile it runs ``crossfact.pipeline.analyze`` once and writes, to ``--out``, the pile's
claim counts by status and ``--per-pile`` claims (default 20) drawn with a fixed seed (``--seed``): the
statement (``crossfact.report/2``) or summary (v1), status, independent sources, values, the event, every
supporting fact with its sentence, article, source and family, and any conflict the claim is part of. Each claim
ends with four boxes a reader ticks: statement, grouping, status, independent count.

Piles: every ECB+ topic in ``--topics`` (default ``3,7``) from ``ecbplus/ecbplus_dev_docs.jsonl`` under
``--data`` (URL line removed and detokenised, as in ``benchmarks.eval_stories``), and the articles under
``--seeds`` (default ``../shared/seeds``) as the CLI would read them.

Run from the repository root: ``PYTHONPATH=src python -m benchmarks.eval_piles --out piles.md``.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

from benchmarks._report_access import ClaimView, EventView, ReportView, analyze_to_view, read_report
from benchmarks.eval_stories import load_documents
from crossfact.config import Config
from crossfact.read import Meta, make_article

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"
DEFAULT_SEEDS = ROOT.parent / "shared" / "seeds"
STATUS_ORDER = ("conflicting", "single_source", "corroborated")


def ecb_pile(data: Path, topic: str, config: Config) -> ReportView:
    """Return the report view of one ECB+ topic analysed as one pile."""
    documents = [d for d in load_documents(data / "ecbplus" / "ecbplus_dev_docs.jsonl") if d.topic == topic]
    if not documents:
        raise ValueError(f"ECB+ topic {topic!r}: no documents in {data / 'ecbplus'}")
    return analyze_to_view([make_article(d.name, d.text, Meta()) for d in documents], config)


def seeds_pile(seeds: Path, config: Config) -> ReportView:
    """Return the report view of the seed articles, read from their folder as the CLI reads it."""
    from crossfact.pipeline import analyze
    from crossfact.report.json import report_to_dict

    if not seeds.is_dir():
        raise FileNotFoundError(f"{seeds}: no such folder (pass --seeds DIR)")
    return read_report(report_to_dict(analyze([seeds], config)))


def render_pile(name: str, view: ReportView, *, count: int, seed: int) -> list[str]:
    """Return the markdown section of one pile: its counts and ``count`` claims drawn with ``seed``."""
    statuses = Counter(claim.status for claim in view.claims)
    chosen = sorted(random.Random(seed).sample(range(len(view.claims)), min(count, len(view.claims))))
    conflicts_of: dict[str, list[str]] = {}
    for conflict in view.conflicts:
        values = " vs ".join(
            f"{value.value}{' ' + value.unit if value.unit else ''}"
            + (f" ({value.span.article}: “{value.span.text}”)" if value.span else "")
            for value in conflict.values
        )
        for claim in conflict.claims:
            conflicts_of.setdefault(claim, []).append(f"{conflict.slot}: {values}")
    events = {event.id: event for event in view.events}
    lines = [
        f"## {name}",
        "",
        f"Report: {view.schema_note}. {len(view.articles)} articles, {len(view.facts)} facts, "
        f"{len(view.events)} events, {len(view.claims)} claims ("
        + ", ".join(
            f"{status} {statuses[status]}"
            for status in (*STATUS_ORDER, *sorted(set(statuses) - set(STATUS_ORDER)))
        )
        + f"), {len(view.conflicts)} conflicts. Sample: {len(chosen)} claims, seed {seed}.",
        "",
    ]
    for number, index in enumerate(chosen, 1):
        lines += _render_claim(number, view.claims[index], view, events, conflicts_of)
    return lines


def _render_claim(
    number: int,
    claim: ClaimView,
    view: ReportView,
    events: Mapping[str, EventView],
    conflicts_of: dict[str, list[str]],
) -> list[str]:
    statement = claim.statement.text if claim.statement else claim.summary
    event = events.get(claim.event) if claim.event else None
    lines = [
        f"### {number}. `{claim.id}` — {claim.status}, independent sources {claim.independent_sources}",
        "",
        f"- **Statement:** {_one_line(statement)}",
    ]
    if claim.statement is None:
        lines.append("  (v1 report: a summary, no statement span)")
    if event is not None:
        lines.append(f"- **Event:** `{claim.event}` {event.label}")
    if claim.values:
        lines.append(f"- **Values:** {', '.join(claim.values)}")
    families = sorted({view.family_of.get(article, "?") for article, _ in claim.facts})
    lines.append(f"- **Supporting facts** ({len(claim.facts)}; families {', '.join(families)}):")
    for key in claim.facts:
        fact = view.facts.get(key)
        article = view.articles.get(key[0])
        where = f"`{key[0]}`"
        if article is not None:
            family = view.family_of.get(key[0], "?")
            where += f" ({article.source or 'no source'}; {Path(article.path).name}; family {family})"
        if fact is None:
            lines.append(f"  - {where}: fact `{key[1]}` not in the report's facts")
            continue
        text = fact.span.text
        lines.append(f"  - {where}: “{_one_line(text)}”")
        if fact.sentence.text and fact.sentence.text != text:
            lines.append(f"    sentence: “{_one_line(fact.sentence.text)}”")
    for conflict in conflicts_of.get(claim.id, []):
        lines.append(f"- **Conflict:** {conflict}")
    lines += [
        "",
        "Hand marks: [ ] statement right · [ ] grouping right · [ ] status right · [ ] independent count right",
        "",
    ]
    return lines


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="markdown file to write")
    parser.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help="folder holding ecbplus/ (../shared/data)"
    )
    parser.add_argument(
        "--seeds", type=Path, default=DEFAULT_SEEDS, help="folder of seed articles (../shared/seeds)"
    )
    parser.add_argument(
        "--topics", default="3,7", help="comma-separated ECB+ topics (default 3,7; empty for none)"
    )
    parser.add_argument("--no-seeds", action="store_true", help="leave the seeds pile out")
    parser.add_argument("--per-pile", type=int, default=20, help="claims sampled per pile (default 20)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the sample")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Analyse each pile and write the markdown sample; return the exit code."""
    args = _parse_args(argv)
    config = Config()
    piles: list[tuple[str, ReportView]] = []
    for topic in filter(None, args.topics.split(",")):
        piles.append((f"ECB+ topic {topic}", ecb_pile(args.data, topic, config)))
    if not args.no_seeds:
        piles.append((f"Seeds ({args.seeds.name})", seeds_pile(args.seeds, config)))
    lines = [
        "# Claims on real piles, for reading by hand",
        "",
        "For each claim, tick a box when it is right: the statement says what the supporting sentences claim; the "
        "grouping puts together only sentences that assert the same thing (and leaves none of the pile's same "
        "assertions out, as far as the reader can see); the status fits (conflicting / single source / "
        "corroborated); the independent count equals the number of independent outlets among the supporters.",
        "",
    ]
    for name, view in piles:
        lines += render_pile(name, view, count=args.per_pile, seed=args.seed)
        print(f"{name}: {len(view.claims)} claims, {view.schema_note}", file=sys.stderr)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
