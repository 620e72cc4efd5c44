"""HTML input: the main text and metadata of a page, extracted by trafilatura, as one article."""

from __future__ import annotations

import re
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
    yield article_from_html(str(path), read_document(path, config, html=True), config=config)


def article_from_html(
    path: str, html: str, *, url: str | None = None, config: ReadConfig | None = None
) -> Article:
    """Return the Article holding the main text and metadata of an HTML page (extracted by trafilatura); raise
    ReadError if the page is over ``config``'s element, depth or attribute limits."""
    import trafilatura
    from trafilatura.settings import set_date_params

    check_html(html, config or ReadConfig())
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


# Elements that never have an end tag, or whose end tag is optional (HTML standard, 13.1.2.4): they do not
# deepen the nesting count.
_NO_DEPTH = frozenset(
    "area base br col embed hr img input link meta source track wbr "
    "p li dt dd option optgroup tr td th thead tbody tfoot colgroup rb rt rp caption".split()
)
# Elements whose content is text, not markup ("a<b" in a script is no tag).
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "noscript"})
_TAG_NAME = re.compile(r"/?\s*([A-Za-z][A-Za-z0-9:_-]*)")
_ATTRIBUTE = re.compile(r"""[^\s"'=/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"']*))?""")


def check_html(html: str, config: ReadConfig) -> None:
    """Raise ReadError if the page has more elements, deeper nesting or more attributes on one element than
    ``config`` allows.

    A scan of the tags, linear in the page and stopped at the first limit passed, run before trafilatura
    builds a tree: its memory and time grow with the elements (issue 16: 18 GB for a page of very many
    paragraphs) and faster than linearly with one element's attributes (64 000 took 45 s).
    """
    elements = depth = 0
    position = html.find("<")
    while position >= 0:
        if html.startswith("<!--", position):
            end = html.find("-->", position + 4)
            position = html.find("<", end + 3) if end >= 0 else -1
            continue
        end = html.find(">", position + 1)
        if end < 0:
            break
        name = _TAG_NAME.match(html, position + 1, end)
        if name is None:  # "<!DOCTYPE", "<?xml", or a lone "<" in text
            position = html.find("<", position + 1)
            continue
        tag = name.group(1).lower()
        if html[position + 1 : name.start(1)].strip() == "/":
            depth = max(0, depth - (tag not in _NO_DEPTH))
            position = html.find("<", end + 1)
            continue
        elements += 1
        if elements > config.max_html_elements:
            raise _too_complex(f"more than {config.max_html_elements:,} elements", "max_html_elements")
        attributes = len(_ATTRIBUTE.findall(html, name.end(), end))
        if attributes > config.max_html_attributes:
            limit = config.max_html_attributes
            raise _too_complex(
                f"a <{tag}> with {attributes:,} attributes, over {limit:,}", "max_html_attributes"
            )
        if tag not in _NO_DEPTH and html[end - 1] != "/":
            depth += 1
            if depth > config.max_html_depth:
                raise _too_complex(f"elements nested over {config.max_html_depth:,} deep", "max_html_depth")
        if tag in _RAW_TEXT:
            close = _find_close(html, tag, end + 1)
            depth = max(0, depth - 1)
            position = html.find("<", close + 1) if close >= 0 else -1
            continue
        position = html.find("<", end + 1)


def _find_close(html: str, tag: str, start: int) -> int:
    """Return where the end tag of a raw-text element opened before ``start`` begins, or -1."""
    match = re.compile(rf"</{tag}\b", re.IGNORECASE).search(html, start)
    return match.start() if match else -1


def _too_complex(what: str, key: str) -> errors.ReadError:
    return errors.ReadError(errors.HTML_TOO_COMPLEX.format(what=what, key=key))
