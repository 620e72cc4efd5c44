"""report.html: one self-contained page, checked as HTML and in a real headless Chromium.

The browser tests serve the page from a real ``http.server`` on 127.0.0.1 and run Debian's Chromium on it
(``--dump-dom`` after the page's script ran, with ``--screenshot`` in the same run), reading its console from
``--enable-logging=stderr``. Chromium is started three times for the whole module.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import math
import re
import shutil
import struct
import subprocess
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import date
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from crossfact.cli import demo_corpus
from crossfact.model import (
    Article,
    Claim,
    Conflict,
    ConflictValue,
    Event,
    Fact,
    FactRef,
    Family,
    Finding,
    Mention,
    PassagePair,
    Quantity,
    Quote,
    Report,
    ReuseLink,
    RunInfo,
    Sentence,
    Skipped,
    Span,
    Story,
    TimelineEntry,
    Value,
)
from crossfact.pipeline import analyze
from crossfact.report import RENDERERS, write_report
from crossfact.report.html import render_html
from tests.conftest import chromium
from tests.report.html.pages import HOSTILE_ID, HOSTILE_TEXT, Element, parse
from tests.report.html.pages import at as _at
from tests.report.html.wire import write_wire_pile

SCREENSHOT = Path("/tmp/crossfact-report.png")
PAGE_TITLE = "crossfact report"


def _hostile_article() -> Article:
    text = HOSTILE_TEXT
    first_end = text.index("Tuesday.") + len("Tuesday.")
    second_start = text.index("A photo")
    second_end = text.index("<!-- .") + len("<!-- .")
    third_start = text.index("He said")
    sentences = (
        Sentence(0, first_end, 0),
        Sentence(second_start, second_end, 1),
        Sentence(third_start, len(text), 2),
    )
    script = _at(text, '<script>document.title="pwned"')
    inside = _at(text, 'title="pwned";document.body')
    onerror = _at(text, "<img src=x onerror=")
    # The quote starts inside the <img> mention and ends inside the planted "</mark>": it crosses both.
    quote_start, quote_end = text.index("x onerror"), text.index("</mark>") + 3
    money = _at(text, "€4.2 billion")
    return Article(
        id=HOSTILE_ID,
        path='/tmp/"><script>document.title="pwned-path"</script>.txt',
        raw=text,
        raw_sha256="0" * 64,
        text=text,
        source="Evil <b>Outlet</b>",
        url="javascript:document.title='pwned-url'",
        title="<img src=x onerror=\"document.title='pwned-title'\">",
        published=date(2025, 3, 12),
        sentences=sentences,
        mentions=(
            Mention(HOSTILE_ID, *script, label="ORG"),
            Mention(HOSTILE_ID, *inside, label="PERSON"),
            Mention(HOSTILE_ID, *onerror, label="GPE"),
        ),
        quantities=(Quantity(f"{HOSTILE_ID}-q1", HOSTILE_ID, *money, kind="money", value=4.2e9, unit="EUR"),),
        quotes=(
            Quote(
                f"{HOSTILE_ID}-u1",
                HOSTILE_ID,
                quote_start,
                quote_end,
                speaker=None,
                speaker_text='"><script>x</script>',
                anonymous=True,
                cue="showed",
            ),
        ),
        facts=(
            Fact(f"{HOSTILE_ID}-f1", HOSTILE_ID, 0, first_end, kind="sign"),
            Fact(f"{HOSTILE_ID}-f2", HOSTILE_ID, third_start, len(text), kind="figure"),
        ),
    )


def _date(start: int, value: str) -> Value:
    return Value("date", "date", 0.0, start, start + 4, text_value=value)


def _enriched(report: Report) -> Report:
    """The demo report with the hostile article added and every cross-article section filled by hand, so the
    page shows claims, findings, reuse, families, stories and a timeline before the stages that make them land."""
    hostile = _hostile_article()
    articles = (*report.articles, hostile)
    wire, copy, rewrite, garbled, anachronism = report.articles[:5]
    others = [article for article in articles if article.id not in {wire.id, copy.id, rewrite.id}]
    families = (
        Family("fam-1", (wire.id, copy.id, rewrite.id)),
        *(Family(f"fam-{i}", (article.id,)) for i, article in enumerate(others, start=2)),
    )

    def first_fact(article: Article) -> FactRef:
        return FactRef(article.id, article.facts[0].id)

    def sentence(article: Article, index: int) -> Span:
        return Span(article.id, article.sentences[index].start, article.sentences[index].end)

    mention = garbled.mentions[0]
    person = next((m for m in anachronism.mentions if m.label == "PERSON"), anachronism.mentions[0])
    evidence_a = Span(hostile.id, hostile.mentions[0].start, hostile.mentions[0].end)
    evidence_b = Span(hostile.id, hostile.mentions[1].start, hostile.mentions[1].end)
    reuse = (
        ReuseLink(
            wire.id,
            copy.id,
            0.93,
            "verbatim",
            "a->b",
            (PassagePair(sentence(wire, 0), sentence(copy, 0), 0.9),),
            ("published 2025-03-11 < 2025-03-12",),
        ),
        ReuseLink(rewrite.id, wire.id, 0.62, "paraphrase", "b->a", (), ("shared rare name 'TernLink'",)),
        ReuseLink(copy.id, rewrite.id, 0.35, "shared_quote", "unknown"),
        ReuseLink(hostile.id, anachronism.id, 0.2, "paraphrase", "a->b"),
    )

    def statement(article: Article) -> Span:
        fact = article.facts[0]
        return Span(article.id, fact.start, fact.end)

    events = (
        Event("e1", "sign: TernLink (2025-03-11)", "sign", "2025-03-11", None, (), ()),
        Event("e2", "plan: <b>second link</b>", "plan", None, None, (), ()),
    )
    contract = Value("money", "money", 4.2e9, 0, 0, "EUR")
    claims = (
        Claim(
            "c1",
            "e1",
            statement(wire),
            "sign",
            (first_fact(wire), first_fact(copy), first_fact(rewrite), first_fact(hostile)),
            (),
            (contract,),
            2,
            ("Dutch government",),
            "corroborated",
            False,
        ),
        Claim(
            "c2",
            "e1",
            statement(anachronism),
            "sign",
            (first_fact(anachronism), first_fact(wire)),
            (),
            (),
            2,
            (),
            "conflicting",
            False,
        ),
        Claim(
            "c3",
            "e2",
            statement(report.articles[6]),
            "plan",
            (first_fact(report.articles[6]),),
            (),
            (),
            1,
            (),
            "single_source",
            True,
        ),
    )
    fact_a, fact_b = anachronism.facts[0], wire.facts[0]
    conflicts = (
        Conflict(
            "x-conflict",
            "e1",
            "date",
            ("c2", "c1"),
            (
                ConflictValue(
                    anachronism.id,
                    Value("date", "date", 0.0, fact_a.start, fact_a.start + 4, text_value="2024-11-02"),
                ),
                ConflictValue(
                    wire.id,
                    Value("date", "date", 0.0, fact_b.start, fact_b.start + 4, text_value="2025-03-11"),
                ),
            ),
        ),
    )
    findings = (
        Finding(
            "x1",
            "anachronism",
            "error",
            f"{person.label} named in an office before taking it",
            anachronism.id,
            (Span(anachronism.id, person.start, person.end),),
            "person:demo",
        ),
        Finding(
            "x2",
            "garbled_name",
            "warning",
            "a known name is misspelt",
            garbled.id,
            (Span(garbled.id, mention.start, mention.end),),
        ),
        Finding(
            "x3",
            "template_text",
            "info",
            "markup <script> left in the text",
            hostile.id,
            (evidence_a, evidence_b, Span(hostile.id, *_at(HOSTILE_TEXT, "<b>done</b>"))),
        ),
    )
    timeline = (
        TimelineEntry(
            "2025-03-11", "Contract for TernLink signed", (first_fact(wire),), (wire.id, copy.id), "c1"
        ),
        TimelineEntry("2024-09", "Talks <script>began</script>", (), (anachronism.id,)),
        TimelineEntry("2027", "Platform due to start", (), (wire.id,)),
        TimelineEntry("2025-03-12", "Copies published", (), (copy.id, rewrite.id)),
        TimelineEntry("XXXX-10-28", "A day in October", (), (garbled.id,)),
    )
    run = dataclasses.replace(
        report.run,
        fallbacks=(("entities", "model <missing>: rules used"),),
        inputs=report.run.inputs + 2,
    )
    return dataclasses.replace(
        report,
        articles=articles,
        skipped=(
            Skipped("/data/<script>bad</script>.bin", "file looks binary"),
            Skipped("feed.jsonl", "malformed", 3),
        ),
        run=run,
        reuse=reuse,
        families=families,
        stories=(Story("s1", "TernLink <contract>", tuple(article.id for article in articles)),),
        events=events,
        claims=claims,
        conflicts=conflicts,
        findings=findings,
        timeline=timeline,
    )


def _counts_shown(dom: Element) -> dict[str, Any]:
    """Return the summary numbers by their data attribute: ``data-count-x`` or (``data-count-x``, category)."""
    shown: dict[str, Any] = {}
    for element in dom.iter():
        for name, value in element.attrs.items():
            if name.startswith("data-count-"):
                key = name.removeprefix("data-count-")
                if value:
                    shown.setdefault(key, {})[value] = int(element.text())
                else:
                    shown[key] = int(element.text())
    return shown


def _counts_expected(data: dict[str, Any]) -> dict[str, Any]:
    statuses = Counter(claim["status"] for claim in data["claims"])
    return {
        **{
            key: len(data[key])
            for key in ("articles", "families", "stories", "claims", "findings", "entities")
        },
        **{
            key: len(data[key])
            for key in ("skipped", "quantities", "times", "quotes", "facts", "reuse", "timeline")
        },
        "inputs": data["run"]["inputs"],
        "merged": sum(len(article["merged"]) for article in data["articles"]),
        "claims-status": {
            status: statuses[status] for status in ("corroborated", "single_source", "conflicting")
        },
        **({"findings-kind": dict(Counter(f["kind"] for f in data["findings"]))} if data["findings"] else {}),
        **(
            {"findings-severity": dict(Counter(f["severity"] for f in data["findings"]))}
            if data["findings"]
            else {}
        ),
    }


# ---------------------------------------------------------------------------------------------------------
# Unit tests: no browser.


def test_render_is_a_registered_format(tmp_path: Path) -> None:
    assert RENDERERS["html"][0] == "report.html"
    report = Report((), (), RunInfo("0", (), (), (), (), 0))
    written = write_report(report, tmp_path, ["html"])
    assert written["html"].read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_render_empty_report_renders_a_complete_page() -> None:
    report = Report((), (), RunInfo("0.1.0", (), (), (), (), 0))
    dom = parse(render_html(report))
    shown = _counts_shown(dom)
    assert shown["articles"] == shown["claims"] == shown["findings"] == shown["skipped"] == 0
    assert shown["claims-status"] == {"corroborated": 0, "single_source": 0, "conflicting": 0}
    assert "No article could be analysed." in dom.text()


def test_render_untrusted_text_is_escaped_everywhere(demo_report: Report) -> None:
    html = render_html(_enriched(demo_report))
    dom = parse(html)
    assert len(dom.find_all("script")) == 1 and not dom.find_all("img")
    assert not [element for element in dom.find_all("b") if element.text() in ("Outlet", "done")]
    assert not [e for e in dom.iter() for name in e.attrs if name.startswith("on")]
    assert "javascript:" not in " ".join(e.attrs.get("href", "") for e in dom.iter())
    (section,) = dom.find_all("section", id=f"article-{HOSTILE_ID}")
    assert section.find_all("div", **{"class": "text"})[0].text() == HOSTILE_TEXT
    assert "<img src=x onerror=\"document.title='pwned-title'\">" in section.find_all("h3")[0].text()
    assert "Talks <script>began</script>" in dom.text()


def test_render_page_names_no_external_resource(demo_report: Report) -> None:
    html = render_html(_enriched(demo_report))
    dom = parse(html)
    assert not [e for e in dom.iter() if "src" in e.attrs or "srcset" in e.attrs]
    assert [e.attrs["href"] for e in dom.find_all("link")] == ["data:,"]
    assert all(ref.startswith("#arrow-") for ref in re.findall(r"url\(([^)]*)\)", html))
    assert "@import" not in html and "@font-face" not in html


def test_render_every_internal_link_has_a_target(demo_report: Report) -> None:
    dom = parse(render_html(_enriched(demo_report)))
    ids = [element.attrs["id"] for element in dom.iter() if "id" in element.attrs]
    assert len(ids) == len(set(ids))
    links = {e.attrs["href"][1:] for e in dom.iter() if e.attrs.get("href", "").startswith("#")}
    assert links - set(ids) == set()
    assert {f"claim-{c}" for c in ("c1", "c2", "c3")} | {f"article-{HOSTILE_ID}"} <= links


def test_render_content_security_policy_allows_exactly_the_page_assets(demo_report: Report) -> None:
    html = render_html(demo_report)
    policy = parse(html).find_all("meta", http_equiv="Content-Security-Policy")[0].attrs["content"]
    for tag, directive in (("style", "style-src"), ("script", "script-src")):
        (body,) = re.findall(rf"<{tag}>(.*?)</{tag}>", html, re.S)
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"{directive} 'sha256-{digest}'" in policy
    assert "default-src 'none'" in policy and "unsafe" not in policy


def test_render_large_corpus_keeps_article_texts_collapsed() -> None:
    sentence = "The ministry said on Tuesday that the port of Eemshaven would receive €4.2 billion. "
    text = sentence * 10
    articles = tuple(
        Article(
            id=f"a{i:04d}",
            path=f"feed.jsonl#L{i}",
            raw=text,
            raw_sha256=f"{i:064d}",
            text=text,
            source=f"Outlet {i % 37}",
            mentions=tuple(
                Mention(f"a{i:04d}", k * len(sentence) + 46, k * len(sentence) + 55, "GPE") for k in range(10)
            ),
        )
        for i in range(1000)
    )
    started = time.perf_counter()
    # The full page, not the digest a corpus this large gets by default (report.html_full_limit).
    full = RunInfo("0", (), (), (), (), 1000, config={"report": {"html_full_limit": 1000}})
    html = render_html(Report(articles, (), full))
    elapsed = time.perf_counter() - started
    dom = parse(html)
    texts = dom.find_all("details", **{"class": "article-text"})
    assert len(texts) == 1000 and not [d for d in texts if "open" in d.attrs]
    assert elapsed < 10, f"rendering 1000 articles took {elapsed:.1f} s"


# ---------------------------------------------------------------------------------------------------------
# In a real browser.


@dataclasses.dataclass
class BrowserRun:
    dom: Element
    console: list[str]
    requests: list[str]


class _Server(ThreadingHTTPServer):
    requests: list[str]


class _Handler(SimpleHTTPRequestHandler):
    server: _Server

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        self.server.requests.append(f"{self.command} {self.path} {code}")

    def log_message(self, format: str, *args: Any) -> None:  # quiet: the test reads .requests instead
        pass


@pytest.fixture(scope="module")
def demo_report() -> Report:
    return analyze([demo_corpus()])


@pytest.fixture(scope="module")
def site(demo_report: Report, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site")
    write_report(demo_report, root / "demo", ["json", "html"])
    write_report(_enriched(demo_report), root / "enriched", ["json", "html"])
    return root


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[_Server]:
    def handler(*args: Any) -> _Handler:
        return _Handler(*args, directory=str(site))

    httpd = _Server(("127.0.0.1", 0), handler)
    httpd.requests = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("chromium-profile")


def _browse(server: _Server, profile: Path, page: str, *, screenshot: Path | None = None) -> BrowserRun:
    """Load ``page`` in headless Chromium; return the DOM after scripts ran, console lines and requests."""
    before = len(server.requests)
    url = f"http://127.0.0.1:{server.server_address[1]}/{page}"
    # Chromium writes the screenshot and dumps the DOM in one run; the DOM is always dumped.
    action = (
        [f"--screenshot={screenshot}", "--window-size=1280,2000", "--hide-scrollbars"] if screenshot else []
    )
    result = subprocess.run(
        [
            chromium("the HTML report"),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            f"--user-data-dir={tempfile.mkdtemp(dir=profile)}",  # fresh: nothing cached from earlier runs
            "--enable-logging=stderr",
            "--v=0",
            *action,
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    console = [line for line in result.stderr.splitlines() if ":CONSOLE" in line]
    return BrowserRun(parse(result.stdout), console, server.requests[before:])


@pytest.fixture(scope="module")
def enriched_run(server: _Server, profile: Path) -> BrowserRun:
    # Opened at a fact sentence of the hostile article: the page's script must unfold that article's text.
    return _browse(server, profile, f"enriched/report.html#fact-{HOSTILE_ID}-{HOSTILE_ID}-f2")


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture(scope="module")
def demo_run(server: _Server, profile: Path, screenshots: Path) -> BrowserRun:
    return _browse(server, profile, "demo/report.html", screenshot=screenshots / "demo.png")


@pytest.mark.parametrize("name", ["demo", "enriched"])
def test_render_page_loads_without_console_messages(name: str, request: pytest.FixtureRequest) -> None:
    run: BrowserRun = request.getfixturevalue(f"{name}_run")
    assert run.console == []  # no error, no CSP violation, no log line at all
    assert run.dom.find_all("title")[0].text() == PAGE_TITLE


@pytest.mark.parametrize("name", ["demo", "enriched"])
def test_render_page_makes_no_request_but_the_page(name: str, request: pytest.FixtureRequest) -> None:
    run: BrowserRun = request.getfixturevalue(f"{name}_run")
    assert run.requests == [f"GET /{name}/report.html 200"]


def test_render_planted_script_and_onerror_do_not_run(enriched_run: BrowserRun) -> None:
    dom = enriched_run.dom
    (body,) = dom.find_all("body")
    assert "data-pwned" not in body.attrs
    assert dom.find_all("title")[0].text() == PAGE_TITLE
    assert len(dom.find_all("script")) == 1 and dom.find_all("img") == []
    assert not [e for e in dom.iter() for name in e.attrs if name.startswith("on")]
    (section,) = dom.find_all("section", id=f"article-{HOSTILE_ID}")
    assert '<script>document.title="pwned"' in section.text()
    assert "<img src=x onerror=" in section.text()


def test_render_article_texts_survive_marking_in_the_browser(enriched_run: BrowserRun, site: Path) -> None:
    data = json.loads((site / "enriched" / "report.json").read_text(encoding="utf-8"))
    for article in data["articles"]:
        (section,) = enriched_run.dom.find_all("section", id=f"article-{article['id']}")
        (text,) = section.find_all("div", **{"class": "text"})
        assert text.text() == article["text"], article["id"]
    (hostile,) = enriched_run.dom.find_all("section", id=f"article-{HOSTILE_ID}")
    assert [m.text() for m in hostile.find_all("mark", **{"class": "mk mk-quantity"})] == ["€4.2 billion"]
    assert hostile.find_all("span", id=f"fact-{HOSTILE_ID}-{HOSTILE_ID}-f2")


@pytest.mark.parametrize("name", ["demo", "enriched"])
def test_render_summary_counts_equal_report_json(
    name: str, site: Path, request: pytest.FixtureRequest
) -> None:
    run: BrowserRun = request.getfixturevalue(f"{name}_run")
    data = json.loads((site / name / "report.json").read_text(encoding="utf-8"))
    shown = _counts_shown(run.dom)
    assert shown == _counts_expected(data)
    if name == "enriched":
        assert shown["claims-status"] == {"corroborated": 1, "single_source": 1, "conflicting": 1}
        assert shown["findings-kind"] == {"anachronism": 1, "garbled_name": 1, "template_text": 1}


def test_render_link_target_unfolds_its_article(enriched_run: BrowserRun) -> None:
    opened = [
        d for d in enriched_run.dom.find_all("details", **{"class": "article-text"}) if "open" in d.attrs
    ]
    assert len(opened) == 1
    (section,) = enriched_run.dom.find_all("section", id=f"article-{HOSTILE_ID}")
    assert opened[0] in section.iter()


def test_render_findings_show_evidence_in_context(enriched_run: BrowserRun) -> None:
    (finding,) = enriched_run.dom.find_all("article", id="finding-x3")
    quotes = finding.find_all("blockquote")
    # Two evidence spans in the first sentence share one context; the third is in the last sentence.
    assert len(quotes) == 2
    # The two spans cross: the first holds the start of the second, which goes on in a second piece.
    assert [m.text() for m in quotes[0].find_all("mark")] == [
        '<script>document.title="pwned"',
        'title="pwned"',
        ";document.body",
    ]
    assert "Officials said" in quotes[0].text() and "Tuesday." in quotes[0].text()
    assert [m.text() for m in quotes[1].find_all("mark")] == ["<b>done</b>"]


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is no PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_render_demo_screenshot(demo_run: BrowserRun, screenshots: Path, tmp_path: Path) -> None:
    """The demo report as a person sees it, in tmp_path and in /tmp/crossfact-report.png."""
    assert _png_size(screenshots / "demo.png") == (1280, 2000)
    for target in (tmp_path / "report.png", SCREENSHOT):
        shutil.copyfile(screenshots / "demo.png", target)
    assert demo_run.console == []


def test_render_filled_in_page_screenshot(server: _Server, profile: Path, tmp_path: Path) -> None:
    """The page with claims, findings, graph and timeline filled in, in tmp_path and beside the demo's."""
    png = tmp_path / "enriched.png"
    run = _browse(server, profile, "enriched/report.html", screenshot=png)
    assert run.console == []
    assert run.requests == ["GET /enriched/report.html 200"]
    assert _png_size(png) == (1280, 2000)
    shutil.copyfile(png, SCREENSHOT.with_name("crossfact-report-enriched.png"))


# ---------------------------------------------------------------------------------------------------------
# A wire story copied by twenty outlets: each family is one node of the provenance graph, opened by a click.

HOSTILE_OUTLET = 'Northern <script>alert("outlet")</script> Wire <img src=x onerror=alert(6)>'


@pytest.fixture(scope="module")
def wire_report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    folder = tmp_path_factory.mktemp("wire")
    write_wire_pile(folder)
    meta = json.loads((folder / "00_wire.meta.json").read_text(encoding="utf-8"))
    (folder / "00_wire.meta.json").write_text(
        json.dumps({**meta, "source": HOSTILE_OUTLET}), encoding="utf-8"
    )
    return analyze([folder])


def _main_graph(dom: Element) -> Element:
    return dom.find_all("section", id="provenance")[0].find_all("svg")[0]


def test_render_wire_family_is_one_node_listing_all_its_members(wire_report: Report) -> None:
    wire = next(family for family in wire_report.families if len(family.articles) == 21)
    dom = parse(render_html(wire_report))
    graph = _main_graph(dom)
    families = graph.find_all("a", **{"class": "family-node"})
    assert len(families) == 2  # the wire's 21 articles and the radio report with its copy, not 23 nodes
    node = next(a for a in families if a.attrs["data-family"] == wire.id)
    assert node.attrs["href"] == f"#provenance-{wire.id}"
    # The wire is drawn as the family's common source when the sibling links name it (a diamond of its own),
    # and the node counts the copies; otherwise the node counts all 21.
    sources = graph.find_all("a", **{"class": "source-node"})
    counted = [int(text.text()) for text in node.find_all("text", **{"class": "node-count"})]
    assert counted == [21 - len(sources)] and len(sources) <= 1
    assert HOSTILE_OUTLET in (sources[0] if sources else node).text()  # named after the wire, outlet escaped
    assert not graph.find_all("script") and not graph.find_all("img")
    members = dom.find_all("details", id=f"provenance-{wire.id}")[0].find_all("ul", **{"class": "members"})[0]
    hrefs = [a.attrs["href"] for a in members.find_all("a")]
    assert sorted(hrefs) == sorted(f"#article-{article_id}" for article_id in wire.articles)


def test_render_wire_graph_is_the_same_on_every_render(wire_report: Report) -> None:
    first, second = (_main_graph(parse(render_html(wire_report))) for _ in range(2))
    assert first == second
    circles = [c for c in first.find_all("circle") if "stroke-dasharray" not in c.attrs]
    centres = [(float(c.attrs["cx"]), float(c.attrs["cy"]), float(c.attrs["r"])) for c in circles]
    for i, (x, y, r) in enumerate(centres):
        for x2, y2, r2 in centres[i + 1 :]:
            assert math.hypot(x - x2, y - y2) > r + r2 + 20  # nodes and their label lines stay apart


def test_render_two_article_pile_draws_each_article_as_before() -> None:
    texts = ["The council approved the bridge plan on Monday after a long debate in the chamber hall."] * 2
    articles = tuple(
        Article(f"a{i}", f"a{i}.txt", text, hashlib.sha256(text.encode()).hexdigest(), text, f"Outlet {i}")
        for i, text in enumerate(texts)
    )
    link = ReuseLink("a0", "a1", 0.9, "verbatim", "a->b")
    html = render_html(
        Report(
            articles,
            (),
            RunInfo("0", (), (), (), (), 2),
            reuse=(link,),
            families=(Family("f", ("a0", "a1")),),
        )
    )
    graph = _main_graph(parse(html))
    assert [a.attrs["href"] for a in graph.find_all("a")] == ["#article-a0", "#article-a1"]
    assert [line.attrs.get("marker-end") for line in graph.find_all("line")] == ["url(#arrow-verbatim)"]
    assert 'class="family-group"' not in html


def test_render_wire_family_node_opens_its_members_in_the_browser(
    wire_report: Report, site: Path, server: _Server, profile: Path
) -> None:
    wire = next(family for family in wire_report.families if len(family.articles) == 21)
    write_report(wire_report, site / "wire", ["html"])
    started = time.perf_counter()
    # Following the family node's link, as a click does: the page's script opens the member list.
    run = _browse(server, profile, f"wire/report.html#provenance-{wire.id}")
    assert time.perf_counter() - started < 20
    assert run.console == []
    (members,) = run.dom.find_all("details", id=f"provenance-{wire.id}")
    assert "open" in members.attrs
    assert len(members.find_all("ul", **{"class": "members"})[0].find_all("li")) == 21
