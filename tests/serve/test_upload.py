"""Adding articles from the workbench's form: an upload is saved under a safe name beside the store and analysed
into it as ``crossfact add`` does, the result page says what each upload added or why not, oversized and empty
uploads are refused with the limit named, a form sent from another site is refused with a 403, and an add while
another run writes the store waits for it, then says the store is busy."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from httpx import Response

from crossfact.model import Report
from crossfact.serve import create_app
from crossfact.serve.upload import NAME_CHARS, safe_name
from crossfact.store import Store, writer_lock
from tests.serve.conftest import TestClient

ORIGIN = "http://127.0.0.1:8000"
ARTICLE = (
    "The mayor of Springfield said on Monday that the city will spend $3 million on forty new electric buses.\n\n"
    "The council approved the plan by nine votes to two, a spokesperson said.\n"
)
PAGE = (
    "<html><head><title>Bus plan approved</title></head><body><article><h1>Bus plan approved</h1>"
    "<p>Springfield's council approved on Monday a $3 million plan for forty new electric buses, the mayor "
    "said after the vote.</p><p>Deliveries start in the autumn, the transport office said.</p></article>"
    "</body></html>"
)


@pytest.fixture()
def store(served: tuple[Path, Report], tmp_path: Path) -> Path:
    """Return a copy of the demo store that a test may add to."""
    copy = tmp_path / "report" / "crossfact.db"
    copy.parent.mkdir()
    with sqlite3.connect(served[0]) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    return copy


@pytest.fixture()
def client(store: Path) -> Iterator[TestClient]:
    with TestClient(create_app(store), base_url=ORIGIN) as client:
        yield client


def _token(client: TestClient) -> str:
    page = client.get("/add")
    assert page.status_code == 200
    found = re.search(r'name="token" value="([^"]+)"', page.text)
    assert found is not None
    return found.group(1)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.split("<main>", 1)[1]))


def test_upload_safe_name_keeps_no_path_and_no_hidden_file() -> None:
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("C:\\Users\\me\\story one.txt") == "story_one.txt"
    assert safe_name(".bashrc") == "bashrc"
    assert safe_name("") == "upload" and safe_name("..") == "upload"
    assert safe_name("feed.jsonl.gz", taken={"feed.jsonl.gz"}) == "2-feed.jsonl.gz"
    long = safe_name("a" * 300 + ".meta.json")
    assert len(long) <= NAME_CHARS and long.endswith(".meta.json")


def test_upload_adds_the_article_and_the_views_show_it(client: TestClient, store: Path) -> None:
    before = client.get("/api/articles").json()["total"]
    answer = client.post(
        "/add",
        data={"token": _token(client), "source": "Springfield Shopper", "published": "2025-04-07"},
        files=[("files", ("../../bus plan.txt", ARTICLE.encode(), "text/plain"))],
        headers={"Origin": ORIGIN},
        follow_redirects=False,
    )
    assert answer.status_code == 303 and answer.headers["location"].startswith("/added/")
    page = client.get(answer.headers["location"])
    shown = _text(page.text)
    assert "../../bus plan.txt" in shown and "added Springfield Shopper" in shown
    # Saved under its own folder beside the store, never where the browser's name pointed.
    (saved,) = (store.parent / "crossfact.db.uploads").glob("*/bus_plan.txt")
    assert saved.read_text(encoding="utf-8") == ARTICLE
    articles = client.get("/api/articles", params={"limit": 500}).json()
    assert articles["total"] == before + 1
    (new,) = [a for a in articles["items"] if a["path"] == str(saved)]
    assert new["source"] == "Springfield Shopper" and new["published"] == "2025-04-07"
    assert new["id"] in client.get("/articles").text
    claims = client.get("/api/claims", params={"article": new["id"]}).json()
    assert claims["total"] >= 1
    # The same file again adds nothing, and the page says the store already holds it.
    again = client.post(
        "/add",
        data={"token": _token(client)},
        files=[("files", ("bus plan.txt", ARTICLE.encode(), "text/plain"))],
        headers={"Origin": ORIGIN},
    )
    assert "merged into it as a duplicate" in _text(again.text)
    assert client.get("/api/articles").json()["total"] == before + 1


def test_upload_pasted_page_keeps_its_url(client: TestClient) -> None:
    answer = client.post(
        "/add",
        data={"token": _token(client), "html": PAGE, "url": "https://news.example/bus-plan"},
        headers={"Origin": ORIGIN},
    )
    assert answer.status_code == 200 and "pasted page" in _text(answer.text)
    items = client.get("/api/articles", params={"limit": 500}).json()["items"]
    (pasted,) = [a for a in items if a["url"] == "https://news.example/bus-plan"]
    assert "forty new electric buses" in pasted["text"]


def _set_saved_config(store: Path, section: str, name: str, value: object) -> None:
    """Change one value of the config a store was made with (what its uploads are analysed with)."""
    with Store(store, create=False) as opened:
        saved = opened.setting("config")
    saved[section][name] = value
    with sqlite3.connect(store) as db:
        db.execute("UPDATE settings SET value = ? WHERE name = 'config'", (json.dumps(saved),))


def test_upload_refuses_oversized_and_empty_files_naming_the_limit(store: Path) -> None:
    # The config the store was made with bounds its uploads.
    _set_saved_config(store, "read", "max_file_bytes", 1000)
    with TestClient(create_app(store), base_url=ORIGIN) as client:
        answer = client.post(
            "/add",
            data={"token": _token(client)},
            files=[
                ("files", ("big.txt", b"word " * 400, "text/plain")),
                ("files", ("empty.txt", b"", "text/plain")),
            ],
            headers={"Origin": ORIGIN},
        )
        shown = _text(answer.text)
        assert "over the limit of 1000 bytes (config read.max_file_bytes)" in shown
        assert "upload is empty" in shown
    assert not list((store.parent / "crossfact.db.uploads").glob("*/*"))


@pytest.mark.parametrize(
    ("headers", "token", "message"),
    [
        ({"Origin": "https://attacker.example"}, True, "sent from another site (https://attacker.example)"),
        ({"Origin": "null"}, True, "sent from another site (null)"),
        ({"Referer": "https://attacker.example/page"}, True, "sent from another site"),
        ({"Origin": ORIGIN}, False, "token is missing or stale"),
    ],
)
def test_upload_from_another_site_is_refused(
    client: TestClient, headers: dict[str, str], token: bool, message: str
) -> None:
    data = {"token": _token(client) if token else "guessed"}
    before = client.get("/api/articles").json()["total"]
    answer = client.post(
        "/add", data=data, files=[("files", ("a.txt", ARTICLE.encode(), "text/plain"))], headers=headers
    )
    assert answer.status_code == 403 and message in _text(answer.text).replace("&#39;", "'")
    assert client.get("/api/articles").json()["total"] == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "choose one or more files to upload"),
        ({"html": PAGE, "published": "7 April"}, "is not an ISO date"),
        ({"html": PAGE, "url": "javascript:alert(1)"}, "give an http:// or https:// address"),
    ],
)
def test_upload_bad_form_is_a_400_naming_the_fix(
    client: TestClient, data: dict[str, str], message: str
) -> None:
    answer = client.post("/add", data={"token": _token(client), **data}, headers={"Origin": ORIGIN})
    assert answer.status_code == 400 and message in answer.text


@pytest.mark.issue(15)
def test_upload_while_another_run_writes_the_store_says_it_is_busy(store: Path) -> None:
    _set_saved_config(store, "store", "lock_timeout", 0.3)
    with TestClient(create_app(store), base_url=ORIGIN) as client:
        before = client.get("/api/articles").json()["total"]

        def send() -> Response:
            return client.post(
                "/add",
                data={"token": _token(client)},
                files=[("files", ("bus plan.txt", ARTICLE.encode(), "text/plain"))],
                headers={"Origin": ORIGIN},
            )

        # As 'crossfact add' holds it while it writes the store.
        with writer_lock(store, timeout=0):
            busy = send()
            # Pages are read while the store is being written.
            assert client.get("/api/articles").json()["total"] == before
        assert busy.status_code == 503 and busy.headers["retry-after"] == "60"
        shown = _text(busy.text)
        assert (
            f"The store is busy: another run (crossfact add, analyze or another upload) is writing {store}"
            in shown
        )
        assert "within 0.3 s (config store.lock_timeout). Nothing was added" in shown
        assert not list((store.parent / "crossfact.db.uploads").glob("*/*"))
        assert client.get("/api/articles").json()["total"] == before
        # Once the other run has finished, the same form adds the article.
        added = send()
        assert added.status_code == 200 and "added" in _text(added.text)
        assert client.get("/api/articles").json()["total"] == before + 1
