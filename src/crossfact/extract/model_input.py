"""The text a spaCy model is given: the article's text with the same length and offsets, made safe to tokenize.

spaCy's tokenizer splits a run of characters without whitespace by peeling prefixes, suffixes and infixes off one
at a time, copying the rest each time: quadratic in the run's length. A 40 000-character run of punctuation took
2.6 s, and the probe's 190 000 characters 123 s (issue 16). No word is 1 000 characters long, so a space replaces
every 1 000th character of a longer run; offsets stay those of the article, and only such runs change.
"""

from __future__ import annotations

import re

# The longest run of non-space characters spaCy is given whole. The longest real tokens are URLs of a few hundred
# characters; a run of 1 000 costs the tokenizer about 2 ms, so the cost per character stays constant.
MAX_RUN = 1000
# Only at the start of a run (no non-space before it), so a run is tried once: linear in the text.
_LONG_RUN = re.compile(rf"(?<!\S)\S{{{MAX_RUN},}}+")


def model_text(text: str) -> str:
    """Return ``text`` with a space in place of every MAX_RUN-th character of each longer whitespace-free run."""
    return _LONG_RUN.sub(_break_run, text)


def _break_run(match: re.Match[str]) -> str:
    chars = list(match.group())
    for index in range(MAX_RUN - 1, len(chars), MAX_RUN):
        chars[index] = " "
    return "".join(chars)
