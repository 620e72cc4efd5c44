"""The bundled demo corpus carries the phenomena it is documented to carry (see demo/MANIFEST.md)."""

from __future__ import annotations

from crossfact.cli import demo_corpus
from crossfact.pipeline import analyze


def test_demo_corpus_has_html_jsonl_and_text_inputs() -> None:
    report = analyze([demo_corpus()])
    suffixes = {article.path.rsplit(".", 1)[-1].split("#")[0] for article in report.articles}
    assert suffixes == {"txt", "html", "jsonl"}
    assert all(article.source and article.published for article in report.articles)
    assert (demo_corpus().parent / "MANIFEST.md").is_file()


def test_demo_scraped_article_is_cleaned() -> None:
    report = analyze([demo_corpus()])
    (scraped,) = [a for a in report.articles if a.path.endswith("07_scraped_coastline_times.txt")]
    assert "the U.S. Energy Department" in scraped.text
    for debris in ("< td >", "/tbody>", "---|", "Coastline Times, Rotterdam", "Share this article"):
        assert debris not in scraped.text
    assert {edit.reason for edit in scraped.edits} >= {"boilerplate", "table", "wrap"}


def test_demo_clean_articles_need_no_repairs_beyond_whitespace() -> None:
    report = analyze([demo_corpus()])
    for article in report.articles:
        if "07_scraped" not in article.path:
            assert {edit.reason for edit in article.edits} <= {"space"}, article.path
