"""The reporting cues that introduce a quote (said, told, according to, ...), read from lang/en, as regexes."""

from __future__ import annotations

import re

from crossfact import lang

# Reporting verbs and phrases, and the verbs that frame someone's words as they quote them: lang/en data, shared
# with the attributions stage.
CUE_WORDS = lang.lines("attribution_cues")
# Sentence and headline case: "Said Ellis: “…”", "Trump Announces ...: ‘…’". "States" is a noun.
_CAPITALISED_CUES = tuple(
    word.capitalize()
    for word in CUE_WORDS
    if (word.endswith("s") or word in ("said", "added", "asked", "wrote", "told", "according to"))
    and word != "states"
)
_CUE_ALTERNATION = "|".join(
    sorted({*CUE_WORDS, *_CAPITALISED_CUES, r"states(?=\s+that\b)"}, key=len, reverse=True)
)
# "continued to", "said to be" are not attributions; "so-called" is no cue.
CUE = re.compile(
    rf"(?<![\w-])(?:{_CUE_ALTERNATION})(?![\w-])(?!(?:(?<=said)|(?<=says)|(?<=continued))\s+to\b)"
)
CUE_AT_END = re.compile(rf"(?<![\w-])(?:{_CUE_ALTERNATION})$")
# An attribution names its source after these cues ("according to VOA"); the rest name it before or after.
SOURCE_AFTER = lang.words("source_after_cues")
# Cues whose object is not the speaker: "told reporters", "accused Trump of", "called it".
NO_INVERSION = frozenset(
    """told tells telling asked asks accused accuses accusing called calls calling cited cites citing described
    describes describing urged urges urging wondered questioned condemned condemns criticized criticizes
    criticised criticises denounced denounces denouncing dismissed dismisses praised praises lauded hailed
    likened likens compared compares comparing attacked attacks slammed slams blasted blasts mocked mocks labeled
    labelled branded dubbed termed characterized characterised decried proclaimed touted touts""".split()
) | {"put it"}

# How far from its marks a quote's cue and speaker may stand, in characters. PolNeAR's longest attribution
# between a quote and its cue ("“…,” Leonard E. Burman, director of ... University, said") is under 300; the cap
# keeps a run-on sentence with many quotes linear.
REACH_CHARS = 600
# "was described as “…”": an auxiliary before a past participle makes the cue passive.
PASSIVE_AUXILIARIES = frozenset({"is", "are", "was", "were", "be", "been", "being"})
# Participles whose subject is the main clause's: "..., stating", "by saying", "after calling".
PARTICIPLE_LEADS = frozenset("by after before while when in without on upon since".split())
