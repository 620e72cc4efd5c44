"""The rare evidence of one article: quotes, multi-word names and numbers an independent writer would not repeat.

The per-article sketch keeps their hashes (so candidates come from shared fingerprints few articles hold) and
the alignment of a pair finds them again to name them in a link's evidence lines.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations

from crossfact import lang
from crossfact.config import ReuseConfig
from crossfact.crossdoc.reuse.tokens import is_content, tokenize
from crossfact.model import Article

_QUOTE_PATTERNS = (
    re.compile(r"“([^“”]{10,1200}?)”", re.DOTALL),
    re.compile(r'(?<![\w"])"([^"\n]{10,600}?(?:\n[^"\n]{0,600}?){0,2})"(?!\w)'),
    # Single marks are also apostrophes ("Japan’s"): a quote opens before a word and closes after one.
    re.compile(r"(?<!\w)‘(?=\w)(.{10,1200}?)(?<=[\w.,!?])’(?!\w)", re.DOTALL),
    re.compile(
        r"(?<![\w'])'(?=[A-Za-z])([^'\n]{10,600}?(?:[^\W_]'[^\W_][^'\n]{0,600}?)*(?:\n\n?[^'\n]{0,600}?)?)"
        r"(?<=[\w.,!?])'(?![A-Za-z])",
        re.DOTALL,
    ),
)
_NAME_LABELS = lang.words("entity_labels")
# Without entity mentions (the entity stage did not run), a multi-word name is a run of capitalised words.
_CAPITALISED_RUN = re.compile(r"(?<![\w.])[A-Z][a-z]+(?:[ -][A-Z][a-z]+)+")
_NUMBER_KINDS = frozenset({"money", "percent", "percent_point", "count", "number"})


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """One piece of rare evidence in one article: its kind, its hash key and the words that show it."""

    kind: str  # quote, name, number
    key: str
    label: str
    start: int
    end: int


def find_fingerprints(article: Article, *, config: ReuseConfig | None = None) -> list[Fingerprint]:
    """Return the article's fingerprints: quotes (whole, head, tail), multi-word names and numbers."""
    config = config or ReuseConfig()
    found: list[Fingerprint] = []
    text = article.text
    for start, end in find_quotes(text):
        words = [token[0] for token in tokenize(text[start:end])]
        if len(words) < config.quote_min_words:
            continue
        label = text[start:end]
        found.append(Fingerprint("quote", "q:" + " ".join(words), label, start, end))
        head, tail = " ".join(words[:4]), " ".join(words[-4:])
        found.append(Fingerprint("quote", "qh:" + head, label, start, end))
        found.append(Fingerprint("quote", "qt:" + tail, label, start, end))
    names = [(m.start, m.end) for m in article.mentions if m.label in _NAME_LABELS]
    if not article.mentions:
        names = [(m.start(), m.end()) for m in _CAPITALISED_RUN.finditer(text)]
    for start, end in names:
        words = [token[0] for token in tokenize(text[start:end])]
        if len(words) >= 2 and sum(is_content(word) for word in words) >= 2:
            found.append(Fingerprint("name", "n:" + " ".join(words), text[start:end], start, end))
    found.extend(_number_fingerprints(article))
    return found


def find_quotes(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) of the words inside each pair of quote marks (“…”, "…", ‘…’, '…')."""
    spans: list[tuple[int, int]] = []
    for pattern in _QUOTE_PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span(1)
            if not any(start < e and s < end for s, e in spans):
                spans.append((start, end))
    return sorted(spans)


def _number_key(kind: str, value: float, unit: str | None) -> str:
    return f"{kind}:{value:g}:{unit or ''}"


def _significant_digits(value: float) -> int:
    """Return how many significant digits a value is written with: 3 for 27.5 and 100.2e6, 2 for 1.5e6."""
    mantissa = f"{abs(value):.6e}".split("e")[0]
    return len(mantissa.replace(".", "").rstrip("0")) if value else 0


def _number_fingerprints(article: Article) -> Iterator[Fingerprint]:
    """Yield the numbers an independent writer would be unlikely to repeat by chance: a change ("from 27.5% to
    15%"), a sum of money or a percentage ("$2 billion"), another amount with three or more significant digits
    ("40,500 tonnes"), two amounts in one sentence. Common ones are left out by their document frequency."""
    by_id = {quantity.id: quantity for quantity in article.quantities}
    text = article.text
    starts = [sentence.start for sentence in article.sentences]
    in_sentence: dict[int, dict[str, str]] = {}
    for quantity in article.quantities:
        label = text[quantity.start : quantity.end]
        if quantity.kind == "change" and quantity.change_from in by_id and quantity.change_to in by_id:
            before, after = by_id[quantity.change_from], by_id[quantity.change_to]
            key = f"c:{_number_key(before.kind, before.value, before.unit)}>"
            key += _number_key(after.kind, after.value, after.unit)
            yield Fingerprint("number", key, label, quantity.start, quantity.end)
            continue
        if quantity.kind not in _NUMBER_KINDS:
            continue
        key = _number_key(quantity.kind, quantity.value, quantity.unit)
        if quantity.kind in ("money", "percent") or _significant_digits(quantity.value) >= 3:
            yield Fingerprint("number", "v:" + key, label, quantity.start, quantity.end)
        sentence = bisect.bisect_right(starts, quantity.start) - 1
        in_sentence.setdefault(sentence, {}).setdefault(key, label)
    for found in in_sentence.values():
        for first, second in combinations(sorted(found), 2):
            yield Fingerprint("number", f"p:{first}+{second}", f"{found[first]} + {found[second]}", 0, 0)
