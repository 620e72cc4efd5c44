"""What the workbench pages show, built from the stored report's records: claim rows, a claim with its supporting
sentences and conflicting values, an article's "what is wrong here" digest with its marked text, and search hits.

Untrusted text (article text, titles, outlets, statements) stays a ``str`` that the templates escape, or becomes
Markup only through :func:`~crossfact.report.html.markup.mark_text`, which escapes every slice it wraps.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from markupsafe import Markup, escape

from crossfact.model import Article, Claim, Conflict, Family, Finding, ReuseLink
from crossfact.report.html.layout import Provenance
from crossfact.report.html.markup import Mark, fact_anchor, mark_text, safe_href
from crossfact.report.html.view import ArticleRef, provenance
from crossfact.report.values import BASIS_TEXT, value_text
from crossfact.serve.queries import MATCH_END, MATCH_START, ArticleRow, Hit

# The kind of mark a claim's sentence gets in an article (styled by serve.css).
CLAIM_MARK = "claim"


@dataclass(frozen=True, slots=True)
class ClaimRow:
    """One line of the claims list."""

    id: str
    event: str
    event_label: str
    status: str
    kind: str
    statement: str
    independent_sources: int
    values: tuple[str, ...]
    sources: tuple[ArticleRow, ...]


@dataclass(frozen=True, slots=True)
class Sentence:
    """A supporting sentence of a claim shown in its paragraph, the sentence marked."""

    article: ArticleRow
    fact: str
    anchor: str  # the id of the sentence on the article's page
    context: Markup


@dataclass(frozen=True, slots=True)
class Side:
    """One value of a conflict, with the article stating it and the words around it."""

    value: str
    article: ArticleRow | None
    context: Markup


@dataclass(frozen=True, slots=True)
class ConflictView:
    id: str
    slot: str
    basis: str
    sides: tuple[Side, ...]


@dataclass(frozen=True, slots=True)
class ClaimPage:
    row: ClaimRow
    anonymous_only: bool
    attributed_to: tuple[str, ...]
    families: tuple[tuple[str | None, tuple[ArticleRow, ...]], ...]
    sentences: tuple[Sentence, ...]
    conflicts: tuple[ConflictView, ...]


@dataclass(frozen=True, slots=True)
class Evidence:
    article: ArticleRow | None
    context: Markup


@dataclass(frozen=True, slots=True)
class FindingView:
    id: str
    kind: str
    severity: str
    message: str
    kb: str | None
    article: ArticleRow | None
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class ReuseRow:
    """A reuse link seen from one article: the other article, and whether it copied or was copied."""

    other: ArticleRow | None
    relation: str  # "copied from", "copied by", "shares text with"
    kind: str
    score: float


@dataclass(frozen=True, slots=True)
class SearchHit:
    kind: str
    href: str
    title: str
    snippet: Markup


def claim_rows(
    claims: Iterable[Claim],
    labels: Mapping[str, str],
    rows: Mapping[str, ArticleRow],
    texts: Mapping[str, str],
) -> list[ClaimRow]:
    """Return the list rows of ``claims``: event labels from ``labels``, supporting articles from ``rows``,
    statements sliced from ``texts``."""
    return [
        ClaimRow(
            id=claim.id,
            event=claim.event,
            event_label=labels.get(claim.event, claim.event),
            status=claim.status,
            kind=claim.kind,
            statement=claim_text(claim, texts),
            independent_sources=claim.independent_sources,
            values=tuple(value_text(value) for value in claim.values),
            sources=tuple(rows[a] for a in supporting(claim) if a in rows),
        )
        for claim in claims
    ]


def claim_text(claim: Claim, texts: Mapping[str, str]) -> str:
    """Return the claim's statement text (empty when its article's text is not at hand)."""
    text = texts.get(claim.statement.article, "")
    return text[claim.statement.start : claim.statement.end]


def supporting(claim: Claim) -> list[str]:
    """Return the ids of the articles stating ``claim``, in the order of its facts."""
    return list(dict.fromkeys([claim.statement.article, *(ref.article for ref in claim.facts)]))


def claim_page(
    claim: Claim,
    row: ClaimRow,
    articles: Mapping[str, Article],
    rows: Mapping[str, ArticleRow],
    conflicts: Sequence[Conflict],
) -> ClaimPage:
    """Return the claim page: sources by family, each supporting sentence marked in its paragraph, conflicts."""
    by_family: dict[str | None, list[ArticleRow]] = defaultdict(list)
    for article_id in supporting(claim):
        if article_id in rows:
            by_family[rows[article_id].family].append(rows[article_id])
    sentences = []
    for ref in claim.facts:
        article = articles.get(ref.article)
        fact = next((f for f in article.facts if f.id == ref.fact), None) if article else None
        if article is None or fact is None or ref.article not in rows:
            continue
        start, end = paragraph(article, fact.sentence_start, fact.sentence_end)
        marks = [Mark(fact.sentence_start, fact.sentence_end, CLAIM_MARK, f"states {claim.id}")]
        sentences.append(
            Sentence(
                rows[ref.article],
                fact.id,
                fact_anchor(article.id, fact.id),
                mark_text(article.text, marks, start=start, end=end),
            )
        )
    views = []
    for conflict in conflicts:
        sides = []
        for side in conflict.values:
            article = articles.get(side.article)
            context = Markup("")
            if article is not None:
                value = side.value
                start, end = paragraph(article, value.start, value.end)
                marks = [Mark(value.start, value.end, "evidence", value_text(value))]
                context = mark_text(article.text, marks, start=start, end=end)
            sides.append(Side(value_text(side.value), rows.get(side.article), context))
        views.append(ConflictView(conflict.id, conflict.slot, BASIS_TEXT[conflict.basis], tuple(sides)))
    return ClaimPage(
        row=row,
        anonymous_only=claim.anonymous_only,
        attributed_to=claim.attributed_to,
        families=tuple((family, tuple(members)) for family, members in by_family.items()),
        sentences=tuple(sentences),
        conflicts=tuple(views),
    )


def finding_views(
    findings: Iterable[Finding], articles: Mapping[str, Article], rows: Mapping[str, ArticleRow]
) -> list[FindingView]:
    """Return the findings with each piece of evidence marked in its sentence."""
    views = []
    for finding in findings:
        evidence = []
        for span in finding.evidence:
            article = articles.get(span.article)
            if article is None:
                continue
            start, end = paragraph(article, span.start, span.end)
            marks = [Mark(span.start, span.end, "evidence", finding.message)]
            evidence.append(
                Evidence(rows.get(span.article), mark_text(article.text, marks, start=start, end=end))
            )
        views.append(
            FindingView(
                finding.id,
                finding.kind,
                finding.severity,
                finding.message,
                finding.kb,
                rows.get(finding.article),
                tuple(evidence),
            )
        )
    return views


def article_text(article: Article, claim_facts: Mapping[str, str], findings: Iterable[Finding]) -> Markup:
    """Return the article's whole text marked: each sentence stating a claim (``claim_facts``: fact id to claim
    id, anchored for links from the claim page) and each piece of finding evidence."""
    marks = []
    for fact in article.facts:
        claim_id = claim_facts.get(fact.id)
        kind, title = (CLAIM_MARK, f"states {claim_id}") if claim_id else ("fact", "")
        marks.append(
            Mark(fact.sentence_start, fact.sentence_end, kind, title, fact_anchor(article.id, fact.id))
        )
    for finding in findings:
        for span in finding.evidence:
            if span.article == article.id:
                marks.append(Mark(span.start, span.end, "evidence", f"{finding.kind}: {finding.message}"))
    return mark_text(article.text, marks)


def reuse_rows(article_id: str, links: Iterable[ReuseLink], rows: Mapping[str, ArticleRow]) -> list[ReuseRow]:
    """Return the article's reuse links as who it copied and who copied it."""
    out = []
    for link in links:
        # report.html's reading of a direction: "a->b" means b reuses a.
        source, target = (link.b, link.a) if link.direction == "b->a" else (link.a, link.b)
        other = target if source == article_id else source
        if link.direction == "unknown":
            relation = "shares text with"
        else:
            relation = "copied from" if target == article_id else "copied by"
        out.append(ReuseRow(rows.get(other), relation, link.kind, link.score))
    return out


def search_hits(hits: Iterable[Hit]) -> list[SearchHit]:
    """Return the hits with their snippets escaped and the matched words in ``<mark>``."""
    return [
        SearchHit(
            hit.kind,
            f"/claims/{hit.ref}" if hit.kind == "claim" else f"/articles/{hit.ref}",
            hit.title,
            snippet_markup(hit.snippet),
        )
        for hit in hits
    ]


def snippet_markup(snippet: str) -> Markup:
    """Return an FTS5 snippet as HTML: every piece escaped, the pieces between the match markers in ``<mark>``
    (a marker out of turn is dropped, so the tags always pair)."""
    pieces: list[str] = []
    inside = False
    buffer = ""
    for char in snippet:
        if char in (MATCH_START, MATCH_END):
            if (char == MATCH_START) != inside:
                pieces.append(str(escape(buffer)))
                buffer = ""
                pieces.append("<mark>" if not inside else "</mark>")
                inside = not inside
            continue
        buffer += char
    pieces.append(str(escape(buffer)))
    if inside:
        pieces.append("</mark>")
    return Markup("".join(pieces))


def paragraph(article: Article, start: int, end: int) -> tuple[int, int]:
    """Return the bounds of the paragraph(s) holding ``[start, end)``, or of the span itself when the article
    has no sentences."""
    inside = [s for s in article.sentences if s.start < max(end, start + 1) and s.end > start]
    if not inside:
        return start, end
    numbers = {s.paragraph for s in inside}
    same = [s for s in article.sentences if s.paragraph in numbers]
    return min(start, *(s.start for s in same)), max(end, *(s.end for s in same))


def link_url(url: str | None) -> str | None:
    """Return the article's URL when a page may link to it (http or https only)."""
    return safe_href(url)


def provenance_figure(
    rows: Sequence[ArticleRow], links: Sequence[ReuseLink], families: Sequence[Family]
) -> Provenance | None:
    """Return report.html's provenance figure for the stored links, its article nodes linking to article pages."""
    refs = [
        ArticleRef(
            row.id,
            f"/articles/{quote(row.id, safe='')}",
            row.label,
            " · ".join(part for part in (row.id, row.name, row.published) if part),
        )
        for row in rows
    ]
    published = {row.id: row.published for row in rows if row.published}
    return provenance(refs, links, families, published=published)
