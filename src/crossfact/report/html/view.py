"""The view of ``report.html``: a Report turned into plain, ordered, linked records the template walks through.

This is the one module of the page that knows the Report's shape. Every record holds only strings, numbers
and other records: untrusted text stays a ``str`` (Jinja escapes it) or is pre-rendered by
:func:`~crossfact.report.html.markup.mark_text` into Markup with its spans highlighted.
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from markupsafe import Markup

from crossfact.config import ReportConfig
from crossfact.model import (
    Article,
    Claim,
    Edit,
    Fact,
    Family,
    Finding,
    Report,
    ReuseLink,
    Span,
    Story,
    TimelineEntry,
)
from crossfact.report.html.layout import (
    GraphLink,
    Linked,
    Provenance,
    TimelineChart,
    TimelineItem,
    layout_provenance,
    layout_timeline,
)
from crossfact.report.html.markup import (
    Mark,
    article_anchor,
    claim_anchor,
    fact_anchor,
    finding_anchor,
    fragment,
    mark_text,
    safe_href,
)
from crossfact.report.json import SpanMismatch
from crossfact.report.values import BASIS_TEXT, value_text
from crossfact.timex import fractional_year

# The legend of highlighted spans, in the order shown; ``fact`` marks are invisible anchors, so not listed.
LEGEND = (
    ("entity", "entity mention"),
    ("quantity", "quantity"),
    ("time", "time expression"),
    ("quote", "quoted words"),
    ("speaker", "quote speaker"),
    ("evidence", "finding evidence"),
)
SEVERITIES = ("error", "warning", "info")
CLAIM_STATUSES = ("corroborated", "single_source", "conflicting")
# Characters of context shown on either side of a finding's evidence when its sentence is longer, or unknown.
CONTEXT_CHARS = 240
# Rows of the entity index; the rest stay in report.json, and the page says how many are not shown.
ENTITY_ROWS = 1000
# A digest page (more articles than report.html_full_limit) lists at most this many statements per claim and
# evidence spans per finding, and this many member links per family or story row, each with the count of the rest:
# a claim repeated by 300 articles is otherwise a 90 kB row, and the page's size must not grow with the corpus.
DIGEST_STATEMENTS = 10
DIGEST_EVIDENCE = 10
DIGEST_MEMBERS = 20
# The id of the digest's banner: a link to a record the digest leaves out (an article, a family, a claim) points
# at the banner, which says where to see it, so every link of the page still lands somewhere.
DIGEST_ANCHOR = "digest"
# The provenance graph of a digest draws at most this many members of each family (its node and its member list),
# and at most five times html_digest_rows reuse links: a 118-article Reuters family alone listed 118 members and
# their links (the provenance section was 0.8 MB of a 2.8 MB digest at 1 000 articles before this cap).
DIGEST_GRAPH_MEMBERS = 30
# The characters of article text a digest shows at most, over all its articles: 4.5 bytes of page per character
# once highlighted (300 Reuters articles, 289k characters, 1.29 MB). With the per-list caps this bounds the
# page's size even when the articles are very long.
DIGEST_TEXT_CHARS = 1_500_000


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """A link to an article section: its id, a short label (outlet or title) and a tooltip."""

    id: str
    href: str
    label: str
    tooltip: str


@dataclass(frozen=True, slots=True)
class Count:
    """One number of the summary; ``key`` becomes the ``data-count-<key>`` attribute of the number."""

    key: str
    label: str
    value: int


@dataclass(frozen=True, slots=True)
class Breakdown:
    """A number per category (claims by status, findings by kind); ``key`` names the data attribute."""

    key: str
    items: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class FactView:
    article: ArticleRef
    fact_id: str
    href: str
    sentence: str | None  # None: the fact is not in the report


@dataclass(frozen=True, slots=True)
class ClaimView:
    anchor: str
    id: str
    kind: str
    summary: str
    values: tuple[str, ...]
    event: str  # the label of the event the claim belongs to
    # Each conflict of the claim: its slot, why the claims were compared, and side by side every value with the
    # article stating it.
    conflicts: tuple[tuple[str, str, tuple[tuple[str, ArticleRef], ...]], ...]
    status: str
    independent_sources: int
    anonymous_only: bool
    # The supporting articles grouped by family (None: the article is in no family).
    families: tuple[tuple[str | None, tuple[ArticleRef, ...]], ...]
    facts: tuple[FactView, ...]
    hidden_facts: int = 0  # statements a digest does not list (their sources are not listed either)


@dataclass(frozen=True, slots=True)
class EvidenceView:
    article: ArticleRef
    context: Markup


@dataclass(frozen=True, slots=True)
class FindingView:
    anchor: str
    id: str
    severity: str
    message: str
    kb: str | None
    article: ArticleRef | None
    evidence: tuple[EvidenceView, ...]
    hidden_evidence: int = 0  # evidence spans a digest does not show


@dataclass(frozen=True, slots=True)
class ArticleView:
    anchor: str
    id: str
    title: str | None
    name: str  # what the article is called: record id, title, headline line or file name
    source: str | None
    url: str | None
    path: str
    merged: tuple[str, ...]
    warnings: tuple[str, ...]
    length: int  # characters of the cleaned text
    ref: ArticleRef
    href: str | None  # the URL when a link may point at it (see safe_href)
    published: str | None
    family: str | None
    family_href: str  # the family's row, or the digest's banner when a digest does not list the family
    stories: tuple[str, ...]
    counts: tuple[str, ...]  # "3 quotes", "1 fact", ...
    findings: tuple[tuple[str, str, str], ...]  # (href, severity, kind)
    claims: tuple[tuple[str, str, str], ...]  # (href, claim id, status)
    marked: Markup
    search: str


@dataclass(frozen=True, slots=True)
class ReuseView:
    source: ArticleRef  # the article reused (the earlier one when the direction is known)
    target: ArticleRef
    directed: bool
    kind: str
    score: float
    evidence: tuple[str, ...]
    a: str
    b: str
    passages: tuple[tuple[Markup, Markup, float], ...]  # (passage in a, passage in b, score)


@dataclass(frozen=True, slots=True)
class TimelineRow:
    when: str
    label: str
    claim: str | None
    articles: tuple[ArticleRef, ...]
    claim_href: str | None
    placed: bool  # on the chart's time axis (its year is known)


@dataclass(frozen=True, slots=True)
class EditRow:
    article: ArticleRef
    reason: str
    raw: str
    text: str


@dataclass(frozen=True, slots=True)
class SkippedRow:
    path: str
    line: int | None
    reason: str


@dataclass(frozen=True, slots=True)
class StageRow:
    stage: str
    seen: int
    passed: int
    dropped: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class RunView:
    version: str
    executor: str
    inputs: int
    components: tuple[str, ...]
    fallbacks: tuple[tuple[str, str], ...]
    timings: tuple[tuple[str, float], ...]
    stages: tuple[StageRow, ...]
    config_json: str


@dataclass(frozen=True, slots=True)
class Digest:
    """What a digest page leaves out of a large corpus, and where to see all of it."""

    limit: int  # report.html_full_limit
    left_out: tuple[tuple[str, int], ...]  # (what, how many of it the page does not show), only the non-zero
    single_source: int  # single-source claims of the corpus (the page lists the most repeated ones)
    more: Mapping[str, int]  # records not listed, per list: "findings-<kind>", "family-<id>", "story-<id>"
    store: str | None  # the store 'crossfact serve' browses, when the run kept one
    graph_members: int = DIGEST_GRAPH_MEMBERS


@dataclass(frozen=True, slots=True)
class Page:
    """Everything the template shows, already ordered and linked."""

    counts: tuple[Count, ...]
    breakdowns: tuple[Breakdown, ...]
    inputs: int
    merged: int
    claims: tuple[ClaimView, ...]
    findings: tuple[tuple[str, tuple[FindingView, ...]], ...]
    articles: tuple[ArticleView, ...]
    graph: Provenance | None
    reuse: tuple[ReuseView, ...]
    families: tuple[tuple[str, tuple[ArticleRef, ...]], ...]
    stories: tuple[tuple[str, str, tuple[ArticleRef, ...]], ...]
    timeline: TimelineChart | None
    timeline_rows: tuple[TimelineRow, ...]
    entities: tuple[tuple[str, str, str, str, int, int], ...]
    entities_hidden: int
    edit_counts: tuple[tuple[str, int], ...]
    edits: tuple[EditRow, ...]
    skipped: tuple[SkippedRow, ...]
    run: RunView
    legend: tuple[tuple[str, str], ...] = LEGEND
    digest: Digest | None = None  # None: the full page

    def count(self, key: str) -> int:
        """Return the summary number called ``key`` ("articles", "findings", ...)."""
        return next(count.value for count in self.counts if count.key == key)


def _label(article: Article) -> str:
    return article.source or article.name or PurePath(article.path).name or article.id


def _ref(article: Article) -> ArticleRef:
    tooltip = " · ".join(
        part
        for part in (
            article.id,
            article.name,
            article.published.isoformat() if article.published else None,
        )
        if part
    )
    return ArticleRef(article.id, fragment(article_anchor(article.id)), _label(article), tooltip)


def _plural(count: int, singular: str, plural: str | None = None) -> str:
    return f"{count} {singular if count == 1 else plural or singular + 's'}"


def _visible(text: str) -> str:
    """Return ``text`` with line breaks and tabs shown (↵, →) and a run of only spaces as ␣, for the edit log."""
    if text and not text.strip(" "):
        return "␣" * len(text)
    return text.replace("\r", "␍").replace("\n", "↵").replace("\t", "→")


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def _entity_marks(report: Report) -> dict[str, list[Mark]]:
    """Return the marks of every canonical entity mention, per article id (one pass over the entities)."""
    marks: dict[str, list[Mark]] = defaultdict(list)
    for entity in report.entities:
        for mention in entity.mentions:
            role = f" ({mention.role})" if mention.role else ""
            title = f"{entity.type}: {entity.name}{role}"
            marks[mention.article].append(Mark(mention.start, mention.end, "entity", title))
    return marks


def _article_marks(article: Article, entity_marks: Sequence[Mark], findings: Sequence[Finding]) -> list[Mark]:
    """Return every span of ``article`` to highlight: mentions, quantities, times, quotes, facts, evidence.

    Mentions come from the canonical entities (with the entity's name as tooltip), and from the article's own
    mentions where no entity covers them.
    """
    marks = list(entity_marks)
    covered = {(mark.start, mark.end) for mark in entity_marks}
    for mention in article.mentions:
        if (mention.start, mention.end) not in covered:
            marks.append(Mark(mention.start, mention.end, "entity", mention.label))
    for quantity in article.quantities:
        title = f"{quantity.kind}: {_number(quantity.value)}"
        if quantity.upper is not None:
            title += f"–{_number(quantity.upper)}"
        if quantity.unit:
            title += f" {quantity.unit}"
        if quantity.approx:
            title += f" (approx.: {quantity.approx})"
        marks.append(Mark(quantity.start, quantity.end, "quantity", title))
    for time in article.times:
        title = f"{time.type} {time.value}" + (f" ({time.mod})" if time.mod else "")
        marks.append(Mark(time.start, time.end, "time", title))
    for item in article.quotes:
        speaker = item.speaker_text or "unknown speaker"
        title = f"quote by {speaker}" + (" (anonymous)" if item.anonymous else "")
        marks.append(Mark(item.start, item.end, "quote", title))
        if item.speaker_start is not None and item.speaker_end is not None:
            marks.append(Mark(item.speaker_start, item.speaker_end, "speaker", f"speaker of {item.id}"))
    for fact in article.facts:
        marks.append(
            Mark(
                fact.start, fact.end, "fact", f"fact {fact.id}: {fact.kind}", fact_anchor(article.id, fact.id)
            )
        )
    for finding in findings:
        for span in finding.evidence:
            if span.article == article.id:
                title = f"{finding.severity} {finding.kind}: {finding.message}"
                marks.append(Mark(span.start, span.end, "evidence", title))
    return marks


def _context_window(article: Article, span: Span) -> tuple[int, int]:
    """Return the sentence(s) around ``span``, cut to at most CONTEXT_CHARS on either side of it."""
    lo, hi = span.start, span.end
    sentences = [s for s in article.sentences if s.start <= lo < s.end or (s.start < hi and s.end > lo)]
    if sentences:
        start, end = min(s.start for s in sentences), max(s.end for s in sentences)
    else:
        start, end = lo - CONTEXT_CHARS // 2, hi + CONTEXT_CHARS // 2
    text = article.text
    start, end = max(start, 0), min(end, len(text))
    if start < lo - CONTEXT_CHARS:  # cut a long sentence at a word boundary
        space = text.find(" ", lo - CONTEXT_CHARS, lo)
        start = space + 1 if space != -1 else lo - CONTEXT_CHARS
    if end > hi + CONTEXT_CHARS:
        space = text.rfind(" ", hi, hi + CONTEXT_CHARS)
        end = space if space != -1 else hi + CONTEXT_CHARS
    return min(start, lo), max(end, hi)


def _evidence(
    finding: Finding,
    articles: dict[str, Article],
    refs: Mapping[str, ArticleRef],
    *,
    limit: int | None = None,
) -> tuple[EvidenceView, ...]:
    """Group a finding's evidence (its first ``limit`` spans) by article and sentence window, each window shown
    once with its spans marked."""
    views: list[EvidenceView] = []
    by_article: dict[str, list[Span]] = defaultdict(list)
    for span in finding.evidence[:limit]:
        if span.article not in articles:
            raise SpanMismatch(f"finding {finding.id} points into unknown article {span.article}")
        by_article[span.article].append(span)
    for article_id, spans in by_article.items():
        article = articles[article_id]
        windows: list[tuple[int, int, list[Span]]] = []
        for span in sorted(spans, key=lambda s: (s.start, s.end)):
            start, end = _context_window(article, span)
            if windows and start < windows[-1][1]:
                last = windows[-1]
                windows[-1] = (last[0], max(last[1], end), [*last[2], span])
            else:
                windows.append((start, end, [span]))
        for start, end, window_spans in windows:
            marks = [Mark(s.start, s.end, "evidence") for s in window_spans]
            body = mark_text(article.text, marks, start=start, end=end)
            prefix = Markup("… ") if start > 0 else Markup("")
            suffix = Markup(" …") if end < len(article.text) else Markup("")
            views.append(EvidenceView(refs[article_id], prefix + body + suffix))
    return tuple(views)


def provenance(
    refs: Sequence[Linked],
    reuse: Sequence[ReuseLink],
    families: Sequence[Family],
    *,
    published: Mapping[str, str] | None = None,
) -> Provenance | None:
    """Return the provenance figure of the reuse links among the articles of ``refs`` (report order), families
    collapsed on a large pile (see :func:`layout_provenance`); report.html and the workbench both draw it."""
    links = tuple(
        GraphLink(source, target, link.kind, link.score, link.direction != "unknown", link.via)
        for link in reuse
        for source, target in [(link.b, link.a) if link.direction == "b->a" else (link.a, link.b)]
    )
    return layout_provenance(
        refs,
        links,
        families=[(family.id, family.articles) for family in families],
        published=published,
    )


def _reuse_views(
    links: Sequence[ReuseLink], refs: dict[str, ArticleRef], articles: dict[str, Article]
) -> tuple[ReuseView, ...]:
    views = []
    for link in links:
        if link.a not in refs or link.b not in refs:
            raise SpanMismatch(f"reuse link {link.a}–{link.b} names an unknown article")
        source, target = (link.b, link.a) if link.direction == "b->a" else (link.a, link.b)
        passages = tuple(
            (
                mark_text(articles[pair.a.article].text, (), start=pair.a.start, end=pair.a.end),
                mark_text(articles[pair.b.article].text, (), start=pair.b.start, end=pair.b.end),
                pair.score,
            )
            for pair in link.passages
        )
        views.append(
            ReuseView(
                refs[source],
                refs[target],
                link.direction != "unknown",
                link.kind,
                link.score,
                link.evidence,
                link.a,
                link.b,
                passages,
            )
        )
    return tuple(views)


def _run_view(report: Report) -> RunView:
    run = report.run
    return RunView(
        version=run.version,
        executor=run.executor,
        inputs=run.inputs,
        components=run.components,
        fallbacks=run.fallbacks,
        timings=run.timings,
        stages=tuple(StageRow(stage, count.seen, count.passed, count.dropped) for stage, count in run.counts),
        config_json=json.dumps(run.config, ensure_ascii=False, indent=1, default=str),
    )


def build_page(report: Report) -> Page:
    """Return the view of ``report`` that ``report.html`` shows: ordered, linked and with spans marked; a digest
    (see :func:`_select`) when the corpus has more articles than ``report.html_full_limit``.

    Raises :class:`SpanMismatch` when a span or a link points outside the report's articles.
    """
    settings = report_settings(report)
    if len(report.articles) <= settings.html_full_limit:
        return _build(report, None)
    return _build(report, _select(report, settings))


def report_settings(report: Report) -> ReportConfig:
    """Return the ``report`` settings of the run that made ``report`` (the defaults where its config has none)."""
    given = report.run.config.get("report")
    if not isinstance(given, dict):
        return ReportConfig()
    known = {item.name for item in dataclasses.fields(ReportConfig)}
    return dataclasses.replace(ReportConfig(), **{key: value for key, value in given.items() if key in known})


@dataclass(frozen=True, slots=True)
class _Selection:
    """The records a digest page shows, each list already cut to its cap."""

    claims: frozenset[str]
    findings: tuple[Finding, ...]
    graph_families: tuple[Family, ...]  # drawn in the provenance graph, each cut to DIGEST_GRAPH_MEMBERS
    graph_links: tuple[ReuseLink, ...]
    reuse: tuple[ReuseLink, ...]  # listed in the reuse table
    families: tuple[Family, ...]
    stories: tuple[Story, ...]
    timeline: tuple[TimelineEntry, ...]
    articles: frozenset[str]
    digest: Digest


def _articles_of(claim: Claim) -> int:
    return len({ref.article for ref in claim.facts})


def _select(report: Report, settings: ReportConfig) -> _Selection:
    """Return what the digest of a large corpus shows: every conflicting claim (up to five times
    ``html_digest_rows``), the most-corroborated claims, the single-source claims repeated by most articles,
    the first findings of each kind, the largest families and stories with the reuse links inside them, the
    timeline entries of shown claims first, and the articles all these point at (those of conflicting claims and
    findings first), up to ``html_digest_articles``."""
    rows = settings.html_digest_rows
    by_status: dict[str, list[Claim]] = defaultdict(list)
    for claim in report.claims:
        by_status[claim.status].append(claim)
    conflicting = by_status["conflicting"][: 5 * rows]
    corroborated = sorted(
        by_status["corroborated"], key=lambda c: (-c.independent_sources, -_articles_of(c), c.id)
    )[:rows]
    # A claim many articles repeat from one source is the first a fact-checker traces back.
    single = sorted(by_status["single_source"], key=lambda c: (-_articles_of(c), -len(c.facts), c.id))[:rows]
    claims = [*conflicting, *corroborated, *single]

    severity_rank = {severity: rank for rank, severity in enumerate(SEVERITIES)}
    by_kind: dict[str, list[Finding]] = defaultdict(list)
    for finding in sorted(report.findings, key=lambda f: (f.kind, severity_rank.get(f.severity, 9), f.id)):
        by_kind[finding.kind].append(finding)
    findings = [finding for group in by_kind.values() for finding in group[:rows]]
    more = {f"findings-{kind}": len(group) - rows for kind, group in by_kind.items() if len(group) > rows}

    families = sorted(report.families, key=lambda f: (-len(f.articles), f.id))[:rows]
    graph_families = tuple(Family(f.id, f.articles[:DIGEST_GRAPH_MEMBERS]) for f in families)
    members = {article_id for family in families for article_id in family.articles}
    drawn = {article_id for family in graph_families for article_id in family.articles}
    inside = [link for link in report.reuse if link.a in members and link.b in members]
    graph_links = tuple([link for link in inside if link.a in drawn and link.b in drawn][: 5 * rows])
    reuse = tuple(sorted(inside, key=lambda link: -link.score)[:rows])
    stories = sorted(report.stories, key=lambda s: (-len(s.articles), s.id))[:rows]
    more.update((f"family-{f.id}", len(f.articles) - DIGEST_MEMBERS) for f in families)
    more.update((f"story-{s.id}", len(s.articles) - DIGEST_MEMBERS) for s in stories)
    shown_claims = {claim.id for claim in claims}
    timeline = sorted(report.timeline, key=lambda entry: entry.claim not in shown_claims)[:rows]

    # The articles the shown records point at, the most needed first.
    wanted: list[str] = []
    for claim in conflicting:
        wanted.extend(ref.article for ref in claim.facts[:DIGEST_STATEMENTS])
    for finding in findings:
        wanted.extend([finding.article] if finding.article else [])
        wanted.extend(span.article for span in finding.evidence[:DIGEST_EVIDENCE])
    for claim in [*corroborated, *single]:
        wanted.extend(ref.article for ref in claim.facts[:DIGEST_STATEMENTS])
    for link in reuse:
        wanted.extend((link.a, link.b))
    for entry in timeline:
        wanted.extend(entry.articles)
    for group in [*(family.articles for family in families), *(story.articles for story in stories)]:
        wanted.extend(group[:DIGEST_MEMBERS])
    length = {article.id: len(article.text) for article in report.articles}
    shown: set[str] = set()
    chars = 0
    for article_id in dict.fromkeys(wanted):
        if len(shown) >= settings.html_digest_articles:
            break
        if article_id in length and chars + length[article_id] <= DIGEST_TEXT_CHARS:
            shown.add(article_id)
            chars += length[article_id]

    changed = sum(1 for article in report.articles for edit in article.edits if edit.reason != "space")
    shown_edits = min(
        rows,
        sum(
            1
            for article in report.articles
            if article.id in shown
            for e in article.edits
            if e.reason != "space"
        ),
    )
    left_out = (
        ("articles", len(report.articles) - len(shown)),
        ("claims", len(report.claims) - len(claims)),
        ("findings", len(report.findings) - len(findings)),
        ("reuse links", len(report.reuse) - len(reuse)),
        ("families", len(report.families) - len(families)),
        ("stories", len(report.stories) - len(stories)),
        ("timeline entries", len(report.timeline) - len(timeline)),
        ("cleaning edits", changed - shown_edits),
        ("skipped inputs", max(0, len(report.skipped) - rows)),
    )
    digest = Digest(
        limit=settings.html_full_limit,
        left_out=tuple((what, count) for what, count in left_out if count > 0),
        single_source=len(by_status["single_source"]),
        more={key: count for key, count in more.items() if count > 0},
        store=report.run.store.path if report.run.store else None,
    )
    return _Selection(
        frozenset(shown_claims),
        tuple(findings),
        graph_families,
        graph_links,
        reuse,
        tuple(families),
        tuple(stories),
        tuple(timeline),
        frozenset(shown),
        digest,
    )


def _build(report: Report, chosen: _Selection | None) -> Page:
    """Return the page of ``report``: all of it, or the records ``chosen`` for a digest."""
    articles = {article.id: article for article in report.articles}
    refs = {article.id: _ref(article) for article in report.articles}
    if chosen is not None:
        # An article the digest does not show links to the banner, which says where to read it.
        refs = {
            article_id: ref
            if article_id in chosen.articles
            else ArticleRef(ref.id, fragment(DIGEST_ANCHOR), ref.label, f"{ref.tooltip} · not in this digest")
            for article_id, ref in refs.items()
        }
    rows = report_settings(report).html_digest_rows
    family_of = {article_id: family.id for family in report.families for article_id in family.articles}
    stories_of: dict[str, list[str]] = defaultdict(list)
    for story in report.stories:
        for article_id in story.articles:
            stories_of[article_id].append(story.label or story.id)
    facts: dict[tuple[str, str], Fact] = {
        (article.id, fact.id): fact for article in report.articles for fact in article.facts
    }

    def ref_of(article_id: str) -> ArticleRef:
        return refs.get(article_id) or ArticleRef(
            article_id, fragment(article_anchor(article_id)), article_id, ""
        )

    claims = []
    claims_of: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    event_label = {event.id: event.label for event in report.events}
    event_rank = {event.id: rank for rank, event in enumerate(report.events)}
    conflicts_of: dict[str, list[tuple[str, str, tuple[tuple[str, ArticleRef], ...]]]] = defaultdict(list)
    for conflict in report.conflicts:
        sides = tuple((value_text(side.value), ref_of(side.article)) for side in conflict.values)
        for claim_id in conflict.claims:
            conflicts_of[claim_id].append((conflict.slot, BASIS_TEXT[conflict.basis], sides))
    # Grouped by event, and inside an event what needs checking first: conflicting, single source, corroborated.
    status_rank = {"conflicting": 0, "single_source": 1, "corroborated": 2}
    shown_claims = [c for c in report.claims if c.id in chosen.claims] if chosen else report.claims
    ordered = sorted(
        shown_claims, key=lambda c: (event_rank.get(c.event, len(event_rank)), status_rank.get(c.status, 3))
    )
    for claim in ordered:
        fact_views = []
        by_family: dict[tuple[str | None, str], list[ArticleRef]] = {}
        listed = claim.facts[:DIGEST_STATEMENTS] if chosen else claim.facts
        for item in listed:
            fact = facts.get((item.article, item.fact))
            sentence = articles[item.article].text[fact.start : fact.end] if fact else None
            fact_shown = fact is not None and (chosen is None or item.article in chosen.articles)
            href = fragment(fact_anchor(item.article, item.fact)) if fact_shown else ref_of(item.article).href
            fact_views.append(FactView(ref_of(item.article), item.fact, href, sentence))
            family = family_of.get(item.article)
            group = by_family.setdefault((family, "" if family else item.article), [])
            if all(ref.id != item.article for ref in group):
                group.append(ref_of(item.article))
            entry = (fragment(claim_anchor(claim.id)), claim.id, claim.status)
            if entry not in claims_of[item.article]:
                claims_of[item.article].append(entry)
        families = tuple((family, tuple(group)) for (family, _), group in by_family.items())
        claims.append(
            ClaimView(
                claim_anchor(claim.id),
                claim.id,
                claim.kind,
                articles[claim.statement.article].text[claim.statement.start : claim.statement.end],
                tuple(value_text(value) for value in claim.values),
                event_label.get(claim.event, claim.event),
                tuple(conflicts_of.get(claim.id, ())),
                claim.status,
                claim.independent_sources,
                claim.anonymous_only,
                families,
                tuple(fact_views),
                len(claim.facts) - len(listed),
            )
        )

    shown_findings = chosen.findings if chosen else report.findings
    findings_of: dict[str, list[Finding]] = defaultdict(list)
    for finding in shown_findings:
        findings_of[finding.article].append(finding)
        for span in finding.evidence:
            if span.article != finding.article:
                findings_of[span.article].append(finding)
    severity_rank = {severity: rank for rank, severity in enumerate(SEVERITIES)}
    grouped: dict[str, list[FindingView]] = defaultdict(list)
    evidence_limit = DIGEST_EVIDENCE if chosen else None
    for finding in sorted(shown_findings, key=lambda f: (f.kind, severity_rank.get(f.severity, 9), f.id)):
        grouped[finding.kind].append(
            FindingView(
                finding_anchor(finding.id),
                finding.id,
                finding.severity,
                finding.message,
                finding.kb,
                ref_of(finding.article) if finding.article else None,
                _evidence(finding, articles, refs, limit=evidence_limit),
                len(finding.evidence[evidence_limit:]) if evidence_limit else 0,
            )
        )

    entity_marks = _entity_marks(report)
    shown_families = {family.id for family in chosen.families} if chosen else None
    shown_articles = [a for a in report.articles if a.id in chosen.articles] if chosen else report.articles
    article_views = []
    for article in shown_articles:
        family = family_of.get(article.id)
        own_findings = findings_of.get(article.id, [])
        article_counts = (
            _plural(len({(m.start, m.end) for m in article.mentions}), "entity mention"),
            _plural(len(article.quantities), "quantity", "quantities"),
            _plural(len(article.times), "time expression"),
            _plural(len(article.quotes), "quote"),
            _plural(len(article.facts), "fact"),
            _plural(len(article.edits), "cleaning edit"),
        )
        published = article.published.isoformat() if article.published else None
        search = " ".join(
            part for part in (article.id, article.source, article.name, article.title, article.path) if part
        )
        article_views.append(
            ArticleView(
                anchor=article_anchor(article.id),
                id=article.id,
                title=article.title,
                name=article.name or PurePath(article.path).name,
                source=article.source,
                url=article.url,
                path=article.path,
                merged=article.merged,
                warnings=article.warnings,
                length=len(article.text),
                ref=refs[article.id],
                href=safe_href(article.url),
                published=published,
                family=family,
                family_href=fragment(
                    f"family-{family}"
                    if shown_families is None or family in shown_families
                    else DIGEST_ANCHOR
                ),
                stories=tuple(stories_of.get(article.id, ())),
                counts=article_counts,
                findings=tuple(
                    (fragment(finding_anchor(f.id)), f.severity, f.kind) for f in dict.fromkeys(own_findings)
                ),
                claims=tuple(claims_of.get(article.id, ())),
                marked=mark_text(
                    article.text, _article_marks(article, entity_marks[article.id], own_findings)
                ),
                search=search.lower(),
            )
        )

    def claim_href(claim_id: str | None) -> str | None:
        if claim_id is None:
            return None
        return fragment(
            claim_anchor(claim_id) if chosen is None or claim_id in chosen.claims else DIGEST_ANCHOR
        )

    timeline_rows = tuple(
        TimelineRow(
            entry.when,
            entry.label,
            entry.claim,
            tuple(ref_of(article_id) for article_id in entry.articles),
            claim_href(entry.claim),
            fractional_year(entry.when) is not None,
        )
        for entry in sorted(chosen.timeline if chosen else report.timeline, key=lambda e: (e.when, e.label))
    )
    # A point of the chart links to its claim, else to the first article that dates it.
    timeline_items = tuple(
        TimelineItem(row.when, row.label, row.claim_href or (row.articles[0].href if row.articles else None))
        for row in timeline_rows
    )

    entity_rows = sorted(report.entities, key=lambda e: (-len(e.mentions), e.name.lower(), e.id))
    entities = tuple(
        (
            entity.name,
            entity.type,
            ", ".join(entity.aliases),
            entity.kb_id or "",
            len(entity.mentions),
            len({mention.article for mention in entity.mentions}),
        )
        for entity in entity_rows[:ENTITY_ROWS]
    )

    edit_counts = Counter(edit.reason for article in report.articles for edit in article.edits)
    edits = tuple(
        EditRow(
            refs[article.id],
            edit.reason,
            _visible(_shown_raw(edit)),
            _visible(article.text[edit.start : edit.end]),
        )
        for article in shown_articles
        for edit in article.edits
        if edit.reason != "space"
    )
    if chosen:
        edits = edits[:rows]

    members = DIGEST_MEMBERS if chosen else None
    statuses: Counter[str] = Counter(claim.status for claim in report.claims)
    kinds: Counter[str] = Counter(finding.kind for finding in report.findings)
    severities: Counter[str] = Counter(finding.severity for finding in report.findings)
    counts = (
        Count("articles", "articles", len(report.articles)),
        Count("families", "families", len(report.families)),
        Count("stories", "stories", len(report.stories)),
        Count("claims", "claims", len(report.claims)),
        Count("findings", "findings", len(report.findings)),
        Count("entities", "entities", len(report.entities)),
        Count("skipped", "skipped inputs", len(report.skipped)),
        Count("quantities", "quantities", sum(len(a.quantities) for a in report.articles)),
        Count("times", "times", sum(len(a.times) for a in report.articles)),
        Count("quotes", "quotes", sum(len(a.quotes) for a in report.articles)),
        Count("facts", "facts", sum(len(a.facts) for a in report.articles)),
        Count("reuse", "reuse links", len(report.reuse)),
        Count("timeline", "timeline entries", len(report.timeline)),
    )
    breakdowns = (
        Breakdown("claims-status", tuple((status, statuses.get(status, 0)) for status in CLAIM_STATUSES)),
        Breakdown("findings-kind", tuple(sorted(kinds.items()))),
        Breakdown("findings-severity", tuple((s, severities[s]) for s in SEVERITIES if s in severities)),
    )
    return Page(
        counts=counts,
        breakdowns=breakdowns,
        inputs=report.run.inputs,
        merged=sum(len(article.merged) for article in report.articles),
        claims=tuple(claims),
        findings=tuple((kind, tuple(views)) for kind, views in grouped.items()),
        articles=tuple(article_views),
        graph=provenance(
            [refs[article.id] for article in report.articles],
            chosen.graph_links if chosen else report.reuse,
            chosen.graph_families if chosen else report.families,
            published={a.id: a.published.isoformat() for a in report.articles if a.published},
        ),
        reuse=_reuse_views(chosen.reuse if chosen else report.reuse, refs, articles),
        families=tuple(
            (f.id, tuple(ref_of(a) for a in f.articles[:members]))
            for f in (chosen.families if chosen else report.families)
        ),
        stories=tuple(
            (s.id, s.label, tuple(ref_of(a) for a in s.articles[:members]))
            for s in (chosen.stories if chosen else report.stories)
        ),
        timeline=layout_timeline(timeline_items),
        timeline_rows=timeline_rows,
        entities=entities,
        entities_hidden=max(0, len(report.entities) - ENTITY_ROWS),
        edit_counts=tuple(sorted(edit_counts.items())),
        edits=edits,
        skipped=tuple(
            SkippedRow(skip.path, skip.line, skip.reason)
            for skip in report.skipped[: rows if chosen else None]
        ),
        run=_run_view(report),
        digest=chosen.digest if chosen else None,
    )


# The text cut past limits.article_chars can be megabytes: the page shows its start and its length.
_LIMIT_SHOWN = 300


def _shown_raw(edit: Edit) -> str:
    if edit.reason == "limit" and len(edit.raw) > _LIMIT_SHOWN:
        return f"{edit.raw[:_LIMIT_SHOWN]}… ({len(edit.raw):,} characters cut)"
    return edit.raw
