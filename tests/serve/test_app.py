"""The workbench app over a real store: filters really filter, pages cover every claim once, a claim shows each
supporting sentence in its article, search finds statements and refuses malformed queries with a 400, the API
returns the report's own records, the provenance page draws a wire family as one node, and untrusted text stays
inert on every page."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape

from crossfact import errors
from crossfact.model import Report
from crossfact.report.json import report_to_dict
from crossfact.report.summary import STATUS_ORDER
from crossfact.serve import create_app
from crossfact.serve.app import MAX_LIMIT, PAGE_SIZE
from crossfact.store import Store, analyze_into
from crossfact.store.schema import MIGRATIONS
from tests.report.html.wire import write_wire_pile
from tests.serve.conftest import HOSTILE_SOURCE, HOSTILE_TITLE, TestClient


@pytest.fixture(scope="module")
def report(served: tuple[Path, Report]) -> Report:
    return served[1]


def _all(client: TestClient, url: str, **params: Any) -> list[dict[str, Any]]:
    """Return every item of an API listing, page by page."""
    items: list[dict[str, Any]] = []
    while True:
        page = client.get(url, params={**params, "offset": len(items), "limit": 7}).json()
        items.extend(page["items"])
        if not page["items"]:
            assert len(items) == page["total"]
            return items


def _statement_article(report: Report, claim_id: str) -> str:
    return next(claim.statement.article for claim in report.claims if claim.id == claim_id)


@pytest.mark.parametrize("key", ["claims", "events", "findings", "articles", "reuse"])
def test_app_api_returns_the_reports_own_records(client: TestClient, report: Report, key: str) -> None:
    expected = report_to_dict(report)[key]
    params = {"group": "none", "sort": "status"} if key == "claims" else {}
    got = _all(client, f"/api/{key}", **params)
    if key == "claims":  # the API sorts claims for triage; the records themselves are the report's
        expected = sorted(expected, key=lambda c: c["id"])
        got = sorted(got, key=lambda c: c["id"])
    assert got == expected


@pytest.mark.parametrize("status", STATUS_ORDER)
def test_app_status_filter_returns_only_that_status(client: TestClient, report: Report, status: str) -> None:
    claims = _all(client, "/api/claims", status=status)
    assert {claim["status"] for claim in claims} <= {status}
    assert len(claims) == sum(1 for claim in report.claims if claim.status == status)
    page = client.get("/claims", params={"status": status}).text
    rows = page.count('<tr class="claim" data-status=')
    assert rows == min(len(claims), PAGE_SIZE)
    assert page.count(f'<tr class="claim" data-status="{status}">') == rows


def test_app_other_claim_filters_select_what_they_name(client: TestClient, report: Report) -> None:
    outlet_of = {article.id: article.source for article in report.articles}
    kind = report.claims[0].kind
    article = report.claims[0].statement.article
    for params, wanted in (
        ({"kind": kind}, {c.id for c in report.claims if c.kind == kind}),
        (
            {"article": article},
            {c.id for c in report.claims if article in {c.statement.article, *(r.article for r in c.facts)}},
        ),
        (
            {"source": "Polder Review"},
            {
                c.id
                for c in report.claims
                if "Polder Review"
                in {outlet_of[a] for a in {c.statement.article, *(r.article for r in c.facts)}}
            },
        ),
        ({"min_sources": "2"}, {c.id for c in report.claims if c.independent_sources >= 2}),
    ):
        assert wanted, params
        assert {claim["id"] for claim in _all(client, "/api/claims", **params)} == wanted, params


def test_app_claim_pages_are_disjoint_and_cover_every_claim(client: TestClient, report: Report) -> None:
    seen: list[str] = []
    for offset in range(0, len(report.claims) + 5, 5):
        page = client.get("/api/claims", params={"offset": offset, "limit": 5}).json()
        seen.extend(claim["id"] for claim in page["items"])
    assert sorted(seen) == sorted(claim.id for claim in report.claims)
    assert client.get("/api/claims", params={"limit": 10**6}).json()["limit"] == MAX_LIMIT
    # The HTML pager too: page 2 continues where page 1 stopped.
    first, second = (client.get("/claims", params={"page": n}).text for n in (1, 2))
    ids = [claim["id"] for claim in _all(client, "/api/claims")]
    assert (
        f'href="/claims/{ids[PAGE_SIZE - 1]}"' in first
        and f'href="/claims/{ids[PAGE_SIZE - 1]}"' not in second
    )
    assert f'href="/claims/{ids[PAGE_SIZE]}"' in second and f'href="/claims/{ids[PAGE_SIZE]}"' not in first


def test_app_claim_sorts_order_what_they_say(client: TestClient, report: Report) -> None:
    published = {a.id: a.published.isoformat() for a in report.articles if a.published}
    by_status = _all(client, "/api/claims", sort="status", group="none")
    ranks = [STATUS_ORDER.index(claim["status"]) for claim in by_status]
    assert ranks == sorted(ranks) and ranks[0] == 0  # the demo has a conflict: it comes first
    by_sources = _all(client, "/api/claims", sort="sources", group="none")
    counts = [claim["independent_sources"] for claim in by_sources]
    assert counts == sorted(counts, reverse=True)
    by_date = _all(client, "/api/claims", sort="date", group="none")
    firsts = [min(published[ref["article"]] for ref in claim["facts"]) for claim in by_date]
    assert firsts == sorted(firsts)


def test_app_claim_page_marks_each_supporting_sentence_in_its_article(
    client: TestClient, report: Report
) -> None:
    articles = {article.id: article for article in report.articles}
    conflict = report.conflicts[0]
    claim = next(claim for claim in report.claims if claim.id == conflict.claims[0])
    page = client.get(f"/claims/{claim.id}").text
    assert page.count('class="mk mk-claim"') == len(claim.facts)
    for ref in claim.facts:
        article = articles[ref.article]
        fact = next(fact for fact in article.facts if fact.id == ref.fact)
        sentence = article.text[fact.sentence_start : fact.sentence_end]
        assert f'title="states {claim.id}">{escape(sentence)}</mark>' in page
        assert f'href="/articles/{ref.article}#fact-{ref.article}-{ref.fact}"' in page
    # The conflicting values side by side, each with the article that states it.
    for side in conflict.values:
        assert escape(articles[side.article].text[side.value.start : side.value.end]) in page
        assert f'href="/articles/{side.article}"' in page
    # And the article page carries the anchor the link points at.
    ref = claim.facts[0]
    assert f'id="fact-{ref.article}-{ref.fact}"' in client.get(f"/articles/{ref.article}").text


def test_app_article_digest_lists_its_findings_doubtful_claims_and_reuse(
    client: TestClient, report: Report
) -> None:
    finding = next(f for f in report.findings if f.kind == "garbled_name")
    article = finding.article
    page = client.get(f"/articles/{article}").text
    digest = page[page.index('id="digest"') : page.index("<h3>Text</h3>")]
    for item in report.findings:
        assert (escape(item.message) in digest) == (item.article == article)
    for claim in report.claims:
        stated = article in {claim.statement.article, *(ref.article for ref in claim.facts)}
        doubtful = claim.status in ("conflicting", "single_source")
        assert (f'href="/claims/{claim.id}"' in digest) == (stated and doubtful), claim.id
    links = [link for link in report.reuse if article in (link.a, link.b)]
    assert links, "the demo's garbled-name article copies the wire story"
    for link in links:
        other = link.b if link.a == article else link.a
        assert f'href="/articles/{other}"' in digest
    assert "copied from" in digest


def test_app_findings_filter_by_kind_and_article(client: TestClient, report: Report) -> None:
    kind = report.findings[0].kind
    page = client.get("/findings", params={"kind": kind}).text
    assert page.count("data-kind=") == sum(1 for f in report.findings if f.kind == kind)
    assert page.count(f'data-kind="{kind}"') == page.count("data-kind=")
    article = report.findings[-1].article
    found = _all(client, "/api/findings", article=article)
    assert {f["id"] for f in found} == {f.id for f in report.findings if f.article == article}


def test_app_search_finds_a_claim_by_a_word_of_its_statement(client: TestClient, report: Report) -> None:
    claim = next(c for c in report.claims if "Schiermonnikoog" in _text(report, c.id))
    page = client.get("/search", params={"q": "schiermonnikoog"})
    assert page.status_code == 200
    assert f'href="/claims/{claim.id}"' in page.text
    assert "<mark>Schiermonnikoog</mark>" in page.text
    assert 'href="/articles/' in page.text  # article texts are searched too
    # A figure, quoted as the help says.
    assert client.get("/search", params={"q": '"4.2 billion"'}).status_code == 200


@pytest.mark.parametrize("query", ['"unbalanced', "AND", "hydrogen AND", "€4.2", "nosuchcolumn:word"])
def test_app_search_malformed_query_is_a_400_saying_how_to_write_one(client: TestClient, query: str) -> None:
    response = client.get("/search", params={"q": query})
    assert response.status_code == 400
    assert "is not valid full-text syntax" in response.text and "double quotes" in response.text


def _text(report: Report, claim_id: str) -> str:
    claim = next(c for c in report.claims if c.id == claim_id)
    article = next(a for a in report.articles if a.id == claim.statement.article)
    return article.text[claim.statement.start : claim.statement.end]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/claims?status=bogus", "status 'bogus': choose from conflicting, single_source, corroborated"),
        ("/claims?min_sources=two", "min_sources 'two': give a whole number of at least 0"),
        ("/claims?sort=random", "sort 'random': choose from status, sources, date"),
        ("/api/claims?status=bogus", "status 'bogus'"),
    ],
)
def test_app_bad_filter_value_is_a_400_naming_it(client: TestClient, url: str, message: str) -> None:
    response = client.get(url)
    assert response.status_code == 400
    shown = response.json()["detail"] if url.startswith("/api/") else response.text
    assert (message if url.startswith("/api/") else str(escape(message))) in shown


def test_app_unknown_claim_or_article_is_a_404(client: TestClient) -> None:
    assert client.get("/claims/claim-nope").status_code == 404
    assert client.get("/articles/art-nope").status_code == 404
    assert client.get("/api/nothing").status_code == 404


def test_app_untrusted_text_stays_inert_on_every_page(client: TestClient, report: Report) -> None:
    hostile = next(article for article in report.articles if article.source == HOSTILE_SOURCE)
    claims = [claim.id for claim in report.claims if hostile.id in {ref.article for ref in claim.facts}]
    assert claims, "the hostile article states claims"
    urls = [
        "/",
        "/claims",
        f"/claims?article={hostile.id}",
        *(f"/claims/{claim}" for claim in claims),
        "/articles",
        f"/articles/{hostile.id}",
        "/findings",
        "/search?q=ferry",
        "/search?q=harbour",
        f"/claims?source={HOSTILE_SOURCE}",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.text
        assert "<script>alert" not in page and "<img" not in page and "<b onmouseover" not in page, url
        assert 'href="javascript:' not in page, url
        assert "default-src 'none'" in response.headers["content-security-policy"]
    article_page = client.get(f"/articles/{hostile.id}").text
    assert str(escape(HOSTILE_TITLE)) in article_page  # shown, as text
    assert str(escape(HOSTILE_SOURCE)) in article_page
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;" in article_page


def test_app_refuses_a_missing_file_or_one_that_is_no_store(tmp_path: Path) -> None:
    with pytest.raises(errors.StoreError, match="no such store"):
        create_app(tmp_path / "missing.db")
    other = tmp_path / "notes.db"
    other.write_text("not a database\n" * 100)
    with pytest.raises(errors.StoreError, match="not a crossfact store"):
        create_app(other)


def test_app_store_from_before_reports_says_it_holds_none(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("CREATE TABLE schema_version (version INTEGER NOT NULL, written_by TEXT NOT NULL)")
    db.execute("INSERT INTO schema_version VALUES (1, '0.1.0')")
    for statement in MIGRATIONS[0]:
        db.execute(statement)
    db.close()
    with TestClient(create_app(path)) as client:
        assert 'id="no-report"' in client.get("/").text
        assert client.get("/api/claims").json() == {"total": 0, "offset": 0, "limit": 50, "items": []}
    with Store(path) as store:  # migrated by the app, usable by the next run
        assert store.count("corpus") == 0


@pytest.fixture(scope="module")
def wire_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Report]]:
    """A store of a wire story copied by twenty outlets, the wire's outlet name carrying markup."""
    folder = tmp_path_factory.mktemp("wire")
    write_wire_pile(folder)
    meta = json.loads((folder / "00_wire.meta.json").read_text(encoding="utf-8"))
    (folder / "00_wire.meta.json").write_text(
        json.dumps({**meta, "source": HOSTILE_SOURCE}), encoding="utf-8"
    )
    path = folder / "crossfact.db"
    with Store(path) as store:
        report = analyze_into(store, [folder])
    with TestClient(create_app(path)) as client:
        yield client, report


def test_app_provenance_draws_the_wire_family_as_one_node_that_opens(
    wire_client: tuple[TestClient, Report],
) -> None:
    client, report = wire_client
    wire = next(family for family in report.families if len(family.articles) == 21)
    page = client.get("/provenance")
    assert page.status_code == 200 and '<a href="/provenance">Provenance</a>' in page.text
    nodes = re.findall(r'<a href="([^"]*)" class="family-node" data-family="([^"]*)">', page.text)
    assert (f"#provenance-{wire.id}", wire.id) in nodes and len(nodes) == 2
    members = page.text.split(f'id="provenance-{wire.id}"')[1].split("</ul>")[0]
    assert sorted(re.findall(r'href="/articles/([^"]+)"', members)) == sorted(wire.articles)
    assert str(escape(HOSTILE_SOURCE)) in page.text and HOSTILE_SOURCE not in page.text


def test_app_provenance_of_the_demo_draws_each_article(client: TestClient, report: Report) -> None:
    page = client.get("/provenance").text
    linked = {link.a for link in report.reuse} | {link.b for link in report.reuse}
    assert 'class="family-node"' not in page  # four linked articles: small enough to draw one by one
    assert set(re.findall(r'<a href="/articles/([^"]+)"><circle', page)) == linked
