"""The workbench clicked through in headless Chromium, as a fact-checker would: the real app served by uvicorn on a
free localhost port over a copy of the demo store; claims filtered to "conflicting" through the filter form and
its script, a claim opened and followed to its article with the sentence highlighted, an article uploaded
through the form and found in the article list; no console message on any page, and markup planted in an
uploaded article's text, title, URL and outlet stays text: no dialog, no script run, no event attribute."""

from __future__ import annotations

import json
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import pytest
import uvicorn

from crossfact.model import Report
from crossfact.serve import create_app
from tests.serve.browser import Browser

# Markup an uploaded article carries in every field a page shows; any of it running sets window.pwned or opens
# a dialog.
PLANTED_TITLE = 'Tram <script>window.pwned="title";alert("title")</script> fares <b onclick=alert(1)>rise</b>'
PLANTED_SOURCE = "Canal <img src=x onerror=\"window.pwned='outlet';alert(2)\"> Courier"
PLANTED_URL = "javascript:window.pwned='url';alert(3)"
PLANTED_TEXT = (
    "The Utrecht transport authority said on Monday that tram fares will rise by 8 percent in April "
    '<script>window.pwned="text";alert("text")</script> for all riders.\n\n'
    "Spokesperson Anouk de Vries said <img src=x onerror=\"window.pwned='img';alert(5)\"> the rise pays for "
    'new trams, <a href="javascript:alert(6)">details</a>.\n'
)
# Every element attribute name in the page that starts with "on", and every javascript: link.
EVENT_ATTRIBUTES = (
    "[...document.querySelectorAll('*')].flatMap(e => [...e.attributes].map(a => a.name))"
    ".filter(name => name.startsWith('on'))"
)
SCRIPT_LINKS = "[...document.querySelectorAll('[href], [src], [action]')].map(e => e.getAttribute('href') ||"
SCRIPT_LINKS += " e.getAttribute('src') || e.getAttribute('action')).filter(v => /^\\s*javascript:/i.test(v))"


@pytest.fixture(scope="module")
def base_url(served: tuple[Path, Report], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start the app over a copy of the demo store (uploads change it) and return its address."""
    copy = tmp_path_factory.mktemp("browser-store") / "crossfact.db"
    with sqlite3.connect(served[0]) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_app(copy, allowed_hosts=["127.0.0.1", "localhost"])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    chromium = Browser(tmp_path_factory.mktemp("chromium-profile"))
    yield chromium
    chromium.close()


@pytest.fixture(scope="module")
def uploaded(base_url: str, browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Upload an article with planted markup through the form; return the result page's path and outcome."""
    folder = tmp_path_factory.mktemp("to-upload")
    article = folder / "tram fares.txt"
    article.write_text(PLANTED_TEXT, encoding="utf-8")
    sidecar = folder / "tram fares.meta.json"
    sidecar.write_text(json.dumps({"title": PLANTED_TITLE, "url": PLANTED_URL}), encoding="utf-8")
    browser.navigate(f"{base_url}/add")
    browser.set_files("input[type=file]", [article, sidecar])
    browser.evaluate(f"document.querySelector('input[name=source]').value = {json.dumps(PLANTED_SOURCE)}")
    browser.act("document.querySelector('form.add button[type=submit]').click()")
    return {
        "path": browser.evaluate("location.pathname"),
        "outcome": browser.evaluate("document.querySelector('table.added').innerText"),
        "added": browser.evaluate("document.querySelector('.outcome-added .mono').textContent"),
    }


def test_browser_filter_to_conflicting_open_a_claim_and_its_sentence(
    base_url: str, browser: Browser, served: tuple[Path, Report]
) -> None:
    report = served[1]
    browser.navigate(f"{base_url}/claims")
    # Choosing a status submits the filter form at once (serve.js), as a person picking from the list sees.
    browser.act(
        "const s = document.querySelector('select[name=status]'); s.value = 'conflicting';"
        " s.dispatchEvent(new Event('change'))"
    )
    assert "status=conflicting" in browser.evaluate("location.search")
    statuses = browser.evaluate("[...document.querySelectorAll('tr.claim')].map(r => r.dataset.status)")
    assert statuses and set(statuses) == {"conflicting"}
    assert len(statuses) == sum(1 for claim in report.claims if claim.status == "conflicting")

    claim_id = browser.evaluate("document.querySelector('tr.claim a.mono').textContent")
    browser.act("document.querySelector('tr.claim a.mono').click()")
    assert browser.evaluate("location.pathname") == f"/claims/{claim_id}"
    assert claim_id in browser.evaluate("document.querySelector('h2').textContent")

    browser.act(
        "[...document.querySelectorAll('.support a')].find(a => a.textContent === 'open in the article').click()"
    )
    anchor = unquote(browser.evaluate("location.hash"))[1:]
    # The sentence the link points at is the highlighted target, and holds the fact's own sentence.
    target = browser.evaluate(
        "(() => { const e = document.querySelector(':target');"
        " return e && {id: e.id, cls: e.className, text: e.textContent}; })()"
    )
    assert target is not None and target["id"] == anchor
    assert "mk-claim" in target["cls"]
    article_id = browser.evaluate("location.pathname").rsplit("/", 1)[1]
    article = next(a for a in report.articles if a.id == article_id)
    fact = next(f for f in article.facts if anchor == f"fact-{article.id}-{f.id}")
    assert target["text"] == article.text[fact.sentence_start : fact.sentence_end]
    claim = next(c for c in report.claims if c.id == claim_id)
    assert any(ref.fact == fact.id and ref.article == article.id for ref in claim.facts)
    assert browser.messages == []


def test_browser_upload_adds_the_article_to_the_list(
    base_url: str, browser: Browser, uploaded: dict[str, str]
) -> None:
    assert uploaded["path"].startswith("/added/")
    assert "tram fares.txt" in uploaded["outcome"] and "added" in uploaded["outcome"]
    browser.navigate(f"{base_url}/articles")
    links = browser.evaluate("[...document.querySelectorAll('main td a')].map(a => a.getAttribute('href'))")
    assert f"/articles/{uploaded['added']}" in links
    assert PLANTED_TITLE in browser.evaluate("document.querySelector('main').innerText")
    assert browser.messages == []


@pytest.mark.parametrize("page", ["articles", "article", "claims", "search", "added"])
def test_browser_planted_markup_stays_inert(
    base_url: str, browser: Browser, uploaded: dict[str, str], page: str
) -> None:
    url = {
        "articles": "/articles",
        "article": f"/articles/{uploaded['added']}",
        "claims": f"/claims?article={uploaded['added']}",
        "search": "/search?q=tram",
        "added": uploaded["path"],
    }[page]
    browser.navigate(base_url + url)
    assert browser.evaluate("window.pwned === undefined")
    assert browser.dialogs == []
    assert browser.evaluate(EVENT_ATTRIBUTES) == []
    assert browser.evaluate(SCRIPT_LINKS) == []
    assert browser.evaluate("[...document.scripts].map(s => s.getAttribute('src'))") == ["/static/serve.js"]
    assert browser.messages == []
    if page == "article":
        shown = browser.evaluate("document.querySelector('main').innerText")
        assert "<script>window.pwned=" in shown and PLANTED_SOURCE in shown
