"""Find each quote's cue and speaker by trying the attribution rules of the package docstring in order."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from crossfact.extract.quotes.cues import (
    CUE,
    NO_INVERSION,
    PARTICIPLE_LEADS,
    PASSIVE_AUXILIARIES,
    REACH_CHARS,
    SOURCE_AFTER,
)
from crossfact.extract.quotes.marks import Mark, end_before_space
from crossfact.extract.quotes.scene import Attribution, Found, Speaker, last_match
from crossfact.extract.quotes.speakers import LAST_WORD, WORD, SpeakerReader

# "“…” ― Christina Lastra": the roundup byline.
_DASH_BYLINE = re.compile(r"[ \t\u00a0]*([―—–])[ \t\u00a0]*([^\n―—–]{1,80}?)[ \t\u00a0.]*(?=\n|$)")


class Attributor(SpeakerReader):
    """A scene that attributes its quotes one by one, in text order, each rule reading the speaker it finds."""

    # - rules -

    def attribute(self, index: int, partial: bool, found: Sequence[Found]) -> Attribution | None:
        """Return the cue and speaker of quote ``index``, trying the rules of the package docstring in order."""
        self.found = found
        opening, closing = self.pairs[index]
        if partial:
            return self._from_lead(opening, anywhere=True) or self._from_tail(closing, anywhere=True)
        return (
            self._from_byline(closing)
            or self._from_tail(closing, anywhere=False)
            or self._continued(opening)
            or self._from_lead(opening, anywhere=False)
            or self._from_next_sentence(closing)
            or self._from_previous_sentence(opening)
            or self._inherited(opening)
        )

    def _tail_end(self, closing: Mark) -> int:
        end = self.sentence(closing.start).end
        following = bisect_left(self.region_starts, closing.end)
        if following < len(self.regions):
            end = min(end, self.regions[following][0])
        line_end = self.text.find("\n", closing.end, closing.end + REACH_CHARS)
        return min(end, line_end if line_end >= 0 else end, closing.end + REACH_CHARS)

    def _from_byline(self, closing: Mark) -> Attribution | None:
        """“…” ― Martha Aguilar: a dash and a name closing the line."""
        byline = _DASH_BYLINE.match(self.text, closing.end)
        if byline is None:
            return None
        words = self._trim(self._words(byline.start(2), byline.end(2)))
        if not words or len(words) > 6:
            return None
        speaker = self._speaker(words[0][0], words[-1][1])
        if speaker is None:
            return None
        return Attribution(byline.group(1), byline.start(1), byline.end(1), speaker, "tail")

    def _from_tail(self, closing: Mark, *, anywhere: bool) -> Attribution | None:
        end = self._tail_end(closing)
        for number, cue in enumerate(CUE.finditer(self.masked, closing.end, end)):
            # "“…,” Leonard E. Burman, director of ... University, said" is long; a whole clause is not.
            if number == 3 or (
                not anywhere and len(WORD.findall(self.masked, closing.end, cue.start())) > 30
            ):
                return None
            attribution = self._attribution(
                cue, zone_start=closing.end, region_end=end, via="tail", appositive_first=True
            )
            if attribution is not None:
                return attribution
        return None

    def _continued(self, opening: Mark) -> Attribution | None:
        """The second part of an interrupted quote: “…,” said one trade analyst, “…”."""
        if not self.found:
            return None
        previous = self.found[-1]
        attribution = previous.attribution
        if (
            attribution is None
            or attribution.via != "tail"
            or previous.closing.paragraph != opening.paragraph
            or not previous.closing.end <= attribution.cue_start < opening.start
        ):
            return None
        return Attribution(
            attribution.cue, attribution.cue_start, attribution.cue_end, attribution.speaker, "continued"
        )

    def _lead_start(self, position: int) -> int:
        line_start = self.text.rfind("\n", max(0, position - REACH_CHARS), position) + 1
        return max(self.sentence(position).start, line_start, position - REACH_CHARS)

    def _from_lead(self, opening: Mark, *, anywhere: bool) -> Attribution | None:
        start = self._lead_start(opening.start)
        end = opening.start
        if not anywhere and opening.leads:
            # "Trump expressed his approval, stating:" and the quote as the next paragraph.
            previous_end = end_before_space(self.text, start)
            if previous_end == 0 or self.text[previous_end - 1] != ":":
                return None
            start, end = self.sentence(previous_end - 1).start, previous_end
        cues = list(CUE.finditer(self.masked, start, end))
        for cue in reversed(cues):  # the nearest cue first: "Sanders said, going on to say that ... “…”"
            attribution = self._attribution(
                cue, zone_start=start, region_end=end, via="lead", appositive_first=False
            )
            if attribution is not None:
                return attribution
        return None

    def _from_next_sentence(self, closing: Mark) -> Attribution | None:
        """“…!” Trump said. The splitter ends the sentence at the mark; the attribution follows."""
        sentence = self.sentence(closing.start)
        if (
            self.text[closing.start - 1 : closing.start] not in (".", "!", "?", "…")
            or sentence.end > closing.end
        ):
            return None
        index = bisect_right(self.sentence_starts, closing.start)
        if index >= len(self.sentences) or self.sentences[index].paragraph != sentence.paragraph:
            return None
        following = self.sentences[index]
        cue = CUE.search(self.masked, following.start, following.end)
        if cue is None or cue.group().lower() in SOURCE_AFTER:
            return None
        if len(WORD.findall(self.masked, following.start, cue.start())) > 4:
            return None
        return self._attribution(
            cue, zone_start=following.start, region_end=following.end, via="next", appositive_first=True
        )

    def _from_previous_sentence(self, opening: Mark) -> Attribution | None:
        """..., Schiff said. “…” — a quote opening its sentence after a sentence that ends in an attribution."""
        start = self._lead_start(opening.start)
        if any(char.isalnum() for char in self.masked[start : opening.start]):
            return None
        index = bisect_right(self.sentence_starts, opening.start) - 1
        if index <= 0 or self.sentences[index - 1].paragraph != self.sentences[index].paragraph:
            return None
        previous = self.sentences[index - 1]
        cue = last_match(CUE, self.masked, previous.start, previous.end)
        if cue is None or len(WORD.findall(self.masked, cue.end(), previous.end)) > 5:
            return None
        return self._attribution(
            cue, zone_start=previous.start, region_end=previous.end, via="previous", appositive_first=False
        )

    def _inherited(self, opening: Mark) -> Attribution | None:
        """A paragraph that is a quote with no cue continues the full quote just before it."""
        if not self.found or not opening.leads:
            return None
        previous = self.found[-1]
        attribution = previous.attribution
        if previous.partial or attribution is None or attribution.speaker is None:
            return None
        if opening.paragraph - previous.closing.paragraph > 1:
            return None
        return Attribution(
            attribution.cue, attribution.cue_start, attribution.cue_end, attribution.speaker, "inherited"
        )

    # - speaker phrases -

    def _attribution(
        self, cue: re.Match[str], *, zone_start: int, region_end: int, via: str, appositive_first: bool
    ) -> Attribution | None:
        word = cue.group()
        zone = self.masked[zone_start : cue.start()]
        last = LAST_WORD.search(zone)
        speaker: Speaker | None
        if word.lower() in SOURCE_AFTER:
            speaker = self._source_after(cue.end(), region_end)
        elif not any(char.isalnum() for char in zone):
            inverts = not word.endswith("ing") and word.lower() not in NO_INVERSION
            speaker = self._inverted(cue.end(), region_end) if inverts else None
        elif (word.endswith("ing") and zone.rstrip().endswith(",")) or (
            last is not None
            and (
                (word.endswith("ing") and last.group(1).lower() in PARTICIPLE_LEADS)
                or last.group(1).lower() in ("and", "but")  # "I laughed and said, “…”"
            )
        ):
            speaker = self._main_subject(cue.start())
        elif not word.endswith(("ing", "s")) and self._passive(zone_start, cue.start()):
            speaker = None  # "was described as “…”": the subject is what is described, not who speaks
        else:
            speaker = self._before(zone_start, cue.start(), appositive_first=appositive_first)
        if speaker is None:
            return None
        return Attribution(word, cue.start(), cue.end(), speaker, via)

    def _passive(self, start: int, end: int) -> bool:
        words = [
            word for word in self._words(max(start, end - 40), end) if not self._lower(word).endswith("ly")
        ]
        return bool(words) and self._lower(words[-1]) in PASSIVE_AUXILIARIES
