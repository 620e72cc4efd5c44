"""One article as the attribution rules see it: text with its quotes masked out, sentences and speaker mentions."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from crossfact import lang
from crossfact.extract.quotes.marks import Mark
from crossfact.model import Article, Mention, Sentence

# Entity labels that can speak: people, organisations, governments by their place name ("China, which has
# accused ..."), and groups ("Democrats said").
SPEAKER_LABELS = lang.words("actor_labels")


@dataclass(frozen=True, slots=True)
class Speaker:
    """A speaker phrase (``start``-``end``) and the words that refer to it (``ref_*``: "he", "the official")."""

    start: int
    end: int
    ref_start: int
    ref_end: int
    anonymous: bool


@dataclass(frozen=True, slots=True)
class Attribution:
    """The cue of a quote, where it stands, the speaker it names and the rule that found it."""

    cue: str
    cue_start: int
    cue_end: int
    speaker: Speaker | None
    via: str  # tail, lead, ...: which rule found it


@dataclass(frozen=True, slots=True)
class Found:
    """A quote already attributed, which later quotes continue or inherit from."""

    opening: Mark
    closing: Mark
    partial: bool
    attribution: Attribution | None


class Scene:
    """One article's text with its quotes masked out, sentences, paragraphs and mentions, for attribution."""

    def __init__(
        self, article: Article, pairs: Sequence[tuple[Mark, Mark]], paragraphs: Sequence[tuple[int, int]]
    ) -> None:
        self.text = text = article.text
        self.pairs = pairs
        pieces = []
        position = 0
        for opening, closing in pairs:
            pieces.append(text[position : opening.start])
            pieces.append(" " * (closing.end - opening.start))
            position = closing.end
        pieces.append(text[position:])
        # Cue words and commas inside a quote belong to the speaker, not to the attribution.
        self.masked = "".join(pieces)
        self.regions = [(opening.start, closing.end) for opening, closing in pairs]
        self.region_starts = [start for start, _ in self.regions]
        self.sentences: Sequence[Sentence] = article.sentences or tuple(_line_sentences(text, paragraphs))
        self.sentence_starts = [sentence.start for sentence in self.sentences]
        self.mentions = sorted(
            (m for m in article.mentions if m.label in SPEAKER_LABELS and not self.quoted(m.start)),
            key=lambda m: (m.start, m.end),
        )
        self.mention_starts = [m.start for m in self.mentions]
        self.found: Sequence[Found] = ()

    # - places -

    def quoted(self, position: int) -> bool:
        """Return whether ``position`` lies inside a quote, marks included."""
        index = bisect_right(self.region_starts, position) - 1
        return index >= 0 and position < self.regions[index][1]

    def sentence(self, position: int) -> Sentence:
        """Return the sentence holding ``position``."""
        if not self.sentences:
            return Sentence(0, len(self.text), 0)
        return self.sentences[max(bisect_right(self.sentence_starts, position) - 1, 0)]

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        """Return the speaker mentions outside quotes that lie within ``start``-``end``."""
        low = bisect_left(self.mention_starts, start)
        high = bisect_left(self.mention_starts, end)
        return [m for m in self.mentions[low:high] if m.end <= end]

    def mention_at(self, start: int) -> Mention | None:
        """Return the speaker mention starting at ``start``, if one does."""
        index = bisect_left(self.mention_starts, start)
        return (
            self.mentions[index]
            if index < len(self.mentions) and self.mentions[index].start == start
            else None
        )


def last_match(pattern: re.Pattern[str], text: str, start: int, end: int) -> re.Match[str] | None:
    """Return the last match of ``pattern`` in ``text[start:end]``, or None."""
    last = None
    for last in pattern.finditer(text, start, end):  # noqa: B007 - only the last one is wanted
        pass
    return last


def _line_sentences(text: str, paragraphs: Sequence[tuple[int, int]]) -> Iterator[Sentence]:
    """One sentence per non-blank line, for an article that has not been split."""
    for number, (_, start) in enumerate(paragraphs):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        yield Sentence(start, start + len(text[start:end].rstrip()), number)
