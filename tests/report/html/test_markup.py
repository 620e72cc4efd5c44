"""report.html's escaping pieces: marked text stays the text, escaped and well nested; links only to the web."""

from __future__ import annotations

import random

import pytest

from crossfact.report.html import Mark, mark_text, safe_href
from crossfact.report.json import SpanMismatch
from tests.report.html.pages import HOSTILE_TEXT, parse


@pytest.mark.parametrize(
    ("text", "marks", "expected"),
    [
        ("a<b>&\"c'", [], "a&lt;b&gt;&amp;&#34;c&#39;"),
        (
            "<script>x</script>",
            [Mark(0, 8, "entity", 'T "1" <i>')],
            (
                '<mark class="mk mk-entity" title="T &#34;1&#34; &lt;i&gt;">&lt;script&gt;</mark>x&lt;/script&gt;'
            ),
        ),
        # nested: the entity sits inside the quote
        (
            "abcdefghij",
            [Mark(2, 5, "entity"), Mark(0, 10, "quote")],
            ('<mark class="mk mk-quote">ab<mark class="mk mk-entity">cde</mark>fghij</mark>'),
        ),
        # crossing: b starts inside a and ends after it, so b is split and its second piece marked data-cont
        (
            "abcdefgh",
            [Mark(0, 5, "entity"), Mark(3, 8, "time")],
            (
                '<mark class="mk mk-entity">abc<mark class="mk mk-time">de</mark></mark>'
                '<mark class="mk mk-time" data-cont>fgh</mark>'
            ),
        ),
        # same offsets: the kind order decides which is outside; empty marks vanish
        (
            "abc",
            [Mark(0, 3, "time"), Mark(0, 3, "quote"), Mark(1, 1, "entity")],
            ('<mark class="mk mk-quote"><mark class="mk mk-time">abc</mark></mark>'),
        ),
        # a fact is an anchor span; its id goes on the first piece only
        (
            "abcdef",
            [Mark(0, 4, "fact", anchor="f-1"), Mark(2, 6, "entity")],
            (
                '<span class="mk mk-fact" id="f-1">ab<mark class="mk mk-entity">cd</mark></span>'
                '<mark class="mk mk-entity" data-cont>ef</mark>'
            ),
        ),
    ],
)
def test_markup_mark_text_escapes_nests_and_splits(text: str, marks: list[Mark], expected: str) -> None:
    assert str(mark_text(text, marks)) == expected


def test_markup_mark_text_keeps_the_text_and_nests_for_any_overlap() -> None:
    generator = random.Random(7)
    kinds = ("entity", "quantity", "time", "quote", "speaker", "evidence", "fact")
    text = HOSTILE_TEXT
    for _ in range(300):
        marks = []
        for _ in range(generator.randint(0, 12)):
            start = generator.randint(0, len(text))
            end = generator.randint(start, min(len(text), start + 60))
            marks.append(Mark(start, end, generator.choice(kinds), text[start:end], f"a{start}-{end}"))
        lo = generator.randint(0, len(text))
        hi = generator.randint(lo, len(text))
        html = str(mark_text(text, marks, start=lo, end=hi))
        dom = parse(f"<div>{html}</div>")  # asserts every element is closed where it was opened
        assert dom.text() == text[lo:hi]
        ids = [element.attrs["id"] for element in dom.iter() if "id" in element.attrs]
        assert len(ids) == len(set(ids))
        assert "<script" not in html and "<img" not in html


def test_markup_mark_text_rejects_a_span_outside_the_text() -> None:
    with pytest.raises(SpanMismatch):
        mark_text("short", [Mark(2, 9, "entity")])
    with pytest.raises(SpanMismatch):
        mark_text("short", [], start=3, end=9)


@pytest.mark.parametrize(
    ("url", "href"),
    [
        ("https://example.org/a?b=1", "https://example.org/a?b=1"),
        ("HTTP://example.org", "HTTP://example.org"),
        ("javascript:alert(1)", None),
        (" JavaScript:alert(1)", None),
        ("data:text/html,<script>x</script>", None),
        ("//example.org/no-scheme", None),
        (None, None),
    ],
)
def test_markup_safe_href_links_only_web_addresses(url: str | None, href: str | None) -> None:
    assert safe_href(url) == href
