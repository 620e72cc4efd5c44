"""Shared by the report.html tests: an article text that tries every injection, and a small DOM parser.

The DOM is parsed from HTML text (what Chromium dumps after the script ran, or what render_html wrote) and
fails on any element closed where it was not opened.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from html.parser import HTMLParser

# An article that tries everything: a script, an event handler, tags that would close the page's own markup,
# and spans that start and end inside those tags and cross each other.
HOSTILE_TEXT = (
    'Officials said <script>document.title="pwned";document.body.setAttribute("data-pwned","script")</script>'
    " the deal was signed on Tuesday.\n\n"
    "A photo <img src=x onerror=\"document.body.setAttribute('data-pwned','img')\"> showed "
    '"the signing of the deal" & more </mark></span></details></section><!-- .\n\n'
    'He said "it is <b>done</b>" for €4.2 billion.'
)
HOSTILE_ID = "art-hostile"


def at(text: str, words: str, *, after: int = 0) -> tuple[int, int]:
    """Return the offsets of ``words`` in ``text`` (the first match at or after ``after``)."""
    start = text.index(words, after)
    return start, start + len(words)


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclasses.dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = dataclasses.field(default_factory=list)

    def text(self) -> str:
        return "".join(child if isinstance(child, str) else child.text() for child in self.children)

    def iter(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(self, tag: str | None = None, **attrs: str) -> list[Element]:
        return [
            element
            for element in self.iter()
            if (tag is None or element.tag == tag)
            and all(element.attrs.get(name.replace("_", "-")) == value for name, value in attrs.items())
        ]


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]
        self.unbalanced: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if self.stack[-1].tag != tag:
            self.unbalanced.append(f"</{tag}> closes <{self.stack[-1].tag}>")
            while len(self.stack) > 1 and self.stack[-1].tag != tag:
                self.stack.pop()
        if len(self.stack) > 1:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    assert builder.unbalanced == [], builder.unbalanced[:5]
    assert [element.tag for element in builder.stack] == ["#document"], "unclosed elements"
    return builder.root
