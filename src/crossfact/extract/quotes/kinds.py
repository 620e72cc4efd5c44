"""Tell a partial quote from a full one, and a quoted title from a quote."""

from __future__ import annotations

import re

from crossfact.extract.quotes.cues import CUE_AT_END, REACH_CHARS
from crossfact.extract.quotes.marks import Mark, end_before_space

# A capitalised phrase of up to this many words quoted after a possessive or "titled" names a show, book or
# film (MSNBC’s “Morning Joe”, CBS's "Face the Nation"), not someone's words. Capitals alone say nothing: a
# headline capitalises its quotes too (‘A Disgrace’), and nicknames are quoted words (“Miss Piggy”). On
# PolNeAR dev (benchmarks/eval_quotes.py) this drops 19 predictions outside any gold content and 2 inside;
# capitals alone drop 34 outside and 34 inside. Raising the word cap trades the same way.
_TITLE_LEAD = re.compile(r"(?:\w['’]s?|\b(?:his|her|their|its|titled|entitled))\s*$")
_TITLE_MAX_WORDS = 5
_TITLE_SMALL_WORDS = frozenset("a an the of and or in on at to for with by from is are as vs".split())


def is_partial(text: str, masked: str, opening: Mark) -> bool:
    """Return whether a word of the writer's sentence stands right before the quote ("as a ‘fair’ deal").

    ``masked`` is ``text`` with every quote blanked out, so that a cue inside an earlier quote does not count.
    """
    line_start = text.rfind("\n", max(0, opening.start - REACH_CHARS), opening.start) + 1
    end = max(end_before_space(text, opening.start), line_start)
    if end == line_start or not text[end - 1].isalnum():
        return False
    # "said “We are ...”": a cue right before the mark introduces a whole quote.
    return CUE_AT_END.search(masked, max(line_start, end - 30), end) is None


def is_title(text: str, opening: Mark, start: int, end: int) -> bool:
    """Return whether the quoted words ``text[start:end]`` name a show, book or film (MSNBC’s “Morning Joe”)."""
    return _TITLE_LEAD.search(text, max(0, opening.start - 40), opening.start) is not None and _title_words(
        text[start:end]
    )


def _title_words(words: str) -> bool:
    """Whether quoted words look like a title: at most a few words, each capitalised or a small word."""
    tokens = words.rstrip(".!?,").split()
    if not tokens or len(tokens) > _TITLE_MAX_WORDS:
        return False
    return all(token[0].isupper() or token[0].isdigit() or token in _TITLE_SMALL_WORDS for token in tokens)
