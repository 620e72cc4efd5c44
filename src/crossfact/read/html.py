"""HTML input: the main text and metadata of a page, extracted by trafilatura, as one article."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from crossfact import errors
from crossfact.config import ReadConfig
from crossfact.model import Article
from crossfact.read.article import Item, Meta, make_article
from crossfact.read.decoding import read_document

SUFFIXES: tuple[str, ...] = (".html", ".htm", ".xhtml")


def read(path: Path, config: ReadConfig) -> Iterator[Item]:
    """Yield the one article of an HTML page."""
    yield article_from_html(str(path), read_document(path, config, html=True))


def article_from_html(path: str, html: str, *, url: str | None = None) -> Article:
    """Return the Article holding the main text and metadata of an HTML page (extracted by trafilatura)."""
    import trafilatura
    from trafilatura.settings import set_date_params

    try:
        document = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            # htmldate's extensive search guesses from any year on the page: a page with no date got 2024-01-01
            # from its "© 2024" footer (test_read_html_without_a_date_gets_none). For a timeline a wrong date is
            # worse than none, so only the page's date markup and its URL count.
            date_extraction_params=set_date_params(extensive=False),
        )
    except (ValueError, TypeError) as e:
        raise errors.ReadError(errors.BAD_HTML.format(reason=e)) from e
    if document is None:
        raise errors.ReadError(errors.HTML_NO_TEXT)
    fields = document if isinstance(document, dict) else document.as_dict()
    text = fields.get("text") or ""
    if not text.strip():
        raise errors.ReadError(errors.HTML_NO_TEXT)
    meta = Meta(
        source=fields.get("sitename"),
        url=fields.get("url") or url,
        title=fields.get("title"),
        published=fields.get("date"),
    )
    return make_article(path, text, meta)
