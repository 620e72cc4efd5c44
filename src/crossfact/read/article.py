"""Make an Article from a document's text and the metadata (:class:`Meta`) found for it, dates parsed."""

from __future__ import annotations

import hashlib
import re
import warnings
from dataclasses import dataclass, replace
from datetime import date, datetime

from dateutil import parser as date_parser

from crossfact import errors, lang
from crossfact.model import Article, Skipped

Item = Article | Skipped

# A lone surrogate (JSON allows "\\ud800") cannot be written as UTF-8: writing the report would fail on it.
_SURROGATE = re.compile("[\ud800-\udfff]")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:$|[T ])")
_WIRE_DATE = re.compile(r"^(\d{1,2})-([A-Za-z]{3})-(\d{4})\b")
# Wire dates name the month in three letters ("26-FEB-1987").
_MONTHS = {name: int(number) for name, number in lang.mapping("months").items() if len(name) == 3}


@dataclass(frozen=True, slots=True)
class Meta:
    """Metadata found for one article; ``None`` fields are unknown."""

    source: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None

    def over(self, other: Meta) -> Meta:
        """Return this metadata with its gaps filled from ``other``."""
        return Meta(
            source=self.source or other.source,
            url=self.url or other.url,
            title=self.title or other.title,
            published=self.published or other.published,
        )


def make_article(path: str, raw: str, meta: Meta) -> Article:
    """Return an Article for ``raw`` text; its id is derived from the content so reruns give the same id."""
    raw, replaced = visible_text(raw.replace("\r\n", "\n").replace("\r", "\n"))
    meta, meta_replaced = _visible_meta(meta)
    digest = hashlib.sha256(raw.encode("utf-8")).hexdigest()
    warnings: tuple[str, ...] = ()
    if replaced or meta_replaced:
        warnings = (errors.SURROGATES_REPLACED.format(count=replaced + meta_replaced),)
    try:
        published = parse_date(meta.published)
    except errors.ReadError as e:
        published, warnings = None, (*warnings, str(e))
    return Article(
        id=f"art-{digest[:12]}",
        path=path,
        raw=raw,
        raw_sha256=digest,
        text=raw,
        source=meta.source,
        url=meta.url,
        title=meta.title,
        published=published,
        warnings=warnings,
    )


def apply_meta(article: Article, meta: Meta) -> Article:
    """Return ``article`` with the fields ``meta`` knows put over its own; a bad date becomes a warning."""
    published, warnings = article.published, article.warnings
    meta, replaced = _visible_meta(meta)
    if replaced:
        warnings = (*warnings, errors.SURROGATES_REPLACED.format(count=replaced))
    if meta.published:
        try:
            published = parse_date(meta.published)
        except errors.ReadError as e:
            warnings = (*warnings, str(e))
    return replace(
        article,
        warnings=warnings,
        source=meta.source or article.source,
        url=meta.url or article.url,
        title=meta.title or article.title,
        published=published,
    )


def visible_text(text: str) -> tuple[str, int]:
    """Return ``text`` with each lone surrogate replaced by U+FFFD (visible, and writable as UTF-8), and how many
    were replaced."""
    return _SURROGATE.subn("\ufffd", text)


def _visible_meta(meta: Meta) -> tuple[Meta, int]:
    fields = [visible_text(value) if value is not None else (None, 0) for value in _fields(meta)]
    source, url, title, published = (value for value, _ in fields)
    return Meta(source=source, url=url, title=title, published=published), sum(count for _, count in fields)


def _fields(meta: Meta) -> tuple[str | None, str | None, str | None, str | None]:
    return meta.source, meta.url, meta.title, meta.published


def parse_date(value: str | None) -> date | None:
    """Return the calendar date ``value`` names, or None if it is blank; raise ReadError if it names none."""
    if not value or not value.strip():
        return None
    text = value.strip()
    wire = _WIRE_DATE.match(text)
    try:
        if wire and wire.group(2).lower() in _MONTHS:
            # Wire dates ("26-FEB-1987 15:01:01.79", Reuters) often carry trailing codes dateutil rejects.
            return date(int(wire.group(3)), _MONTHS[wire.group(2).lower()], int(wire.group(1)))
        if _ISO_DATE.match(text):
            return date.fromisoformat(text[:10])
        # Two fixed defaults keep parsing deterministic (a value missing its day gets the 1st, never today's)
        # and show whether the year came from the value: dateutil reads "Tuesday" as 2000-01-04 otherwise.
        with warnings.catch_warnings():
            # Time-zone names dateutil does not know only matter for the time, which is dropped.
            warnings.simplefilter("ignore", date_parser.UnknownTimezoneWarning)
            parsed = date_parser.parse(text, default=datetime(2000, 1, 1)).date()
            other = date_parser.parse(text, default=datetime(2004, 1, 1)).date()
    except (ValueError, OverflowError) as e:
        raise errors.ReadError(errors.BAD_DATE.format(value=value)) from e
    if parsed.year != other.year:
        raise errors.ReadError(errors.BAD_DATE.format(value=value))
    return parsed
