"""Find the unquoted attributions of an article ("X said", "according to X") and whether each source is unnamed.

A fact-checker learns on whose authority a statement stands when nothing is quoted: "Sources close to the
administration revealed that ...", "according to people familiar with the discussions", "industry experts have
warned that ..." rest on people the reader cannot identify, while "Trump said" or "the ministry said" are on the
record. The anonymous_only check reads these records to tell a claim that only unnamed people support, and
unsupported_attribution to find outlets an article relays.

Each :class:`~crossfact.model.Attribution` holds the cue (a word of ``lang/en/attribution_cues.txt``, the quote
stage's vocabulary), the phrase naming the source (right after "according to" / "reported by", otherwise right
before the cue, back to clause punctuation or a clause word) and whether that source is ``anonymous``: a head
noun in ``anonymous_heads.txt`` without a name ("a senior official", "people familiar with the talks"), or a
role in ``role_heads.txt`` after an indefinite word ("a senator"). A named person, a pronoun for one, the voice of
a body ("a spokesman", ``spokesperson_heads.txt``) or a body on the record ("the ministry", ``source_heads.txt``)
is not anonymous. "The official added" counts as anonymous only when an unnamed official spoke earlier in the
article; "both executives said" after named executives is left out. Only phrases that are one or the other are
recorded, cues inside quotes are skipped, and no parser runs: rules only, regexes compiled once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from crossfact import lang
from crossfact.model import Article, Attribution
from crossfact.step import Step, setting

CUE_WORDS = lang.lines("attribution_cues")
SOURCE_AFTER = lang.words("source_after_cues")
ANONYMOUS_HEADS = lang.words("anonymous_heads")
SPOKES_HEADS = lang.words("spokesperson_heads")
ROLE_HEADS = lang.words("role_heads")
SOURCE_HEADS = lang.words("source_heads")
_SPEAKER_LABELS = lang.words("actor_labels")
_CLAUSE_WORDS = lang.words("clause_words")
_POST_MODIFIERS = lang.words("post_modifiers")
_LEADING_NOISE = lang.words("phrase_leading_noise")
_TRAILING_NOISE = lang.words("phrase_trailing_noise")
_DEFINITE = lang.words("definite_determiners")

# "said to be" is no attribution.
_CUE = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(re.escape(cue) for cue in sorted(CUE_WORDS, key=len, reverse=True))
    + r")(?![\w-])(?!(?<=said|says)\s+to\b)",
    re.IGNORECASE,
)
# Where the phrase naming a source ends: clause punctuation, a dash or a line break.
# (Sentence ends come from the split stage, so "U.S. officials" keeps its abbreviation.)
_BOUNDARY = re.compile(r"[,;:\n—–]")
_RELATIVE_OPENERS = frozenset({"who", "which", "speaking", "requesting", "asking"})
# A long phrase before a relative clause is a whole clause; its antecedent follows the last of these words.
_LONG_PHRASE = 6
_ANTECEDENT_AFTER = frozenset("from by with among to of".split())
# A source phrase of more words than this is a clause the rules misread, not a name.
_MAX_WORDS = 12
_INDEFINITE = frozenset("a an one another several some many two three four few".split())
_NAMED_PRONOUNS = frozenset({"he", "she"})
_WORD = re.compile(r"[^\s,;:()\[\]{}—–\"“”‘’']+(?:['’][^\s,;:()\[\]{}—–\"“”‘’']+)*")
_FAR = 1 << 62


def extract_attributions(article: Article) -> Iterator[Attribution]:
    """Yield the article's unquoted attributions whose source is clearly unnamed or clearly on the record, in
    text order."""
    text = article.text
    quoted = [(quote.start, quote.end) for quote in article.quotes]
    earlier_heads: list[tuple[int, frozenset[str]]] = [
        (quote.start, _stem(quote.speaker_text))
        for quote in article.quotes
        if quote.anonymous and quote.speaker_text
    ]
    for cue in _CUE.finditer(text):
        if any(q_start <= cue.start() < q_end for q_start, q_end in quoted):
            continue
        sentence = _sentence(article, cue.start())
        if cue.group().lower() in SOURCE_AFTER:
            phrase = _after(text, cue.end(), min(sentence[1], _next_quote(quoted, cue.end())))
        else:
            phrase = _before(text, max(sentence[0], _previous_quote(quoted, cue.start())), cue.start())
        if phrase is None:
            continue
        anonymous = _classify(article, phrase, earlier_heads)
        if anonymous is None:
            continue
        if anonymous:
            earlier_heads.append((phrase[0], _stem(text[phrase[0] : phrase[1]])))
        yield Attribution(
            article=article.id,
            start=min(cue.start(), phrase[0]),
            end=max(cue.end(), phrase[1]),
            cue=cue.group(),
            cue_start=cue.start(),
            cue_end=cue.end(),
            source_start=phrase[0],
            source_end=phrase[1],
            anonymous=anonymous,
        )


def _sentence(article: Article, position: int) -> tuple[int, int]:
    for sentence in article.sentences:
        if sentence.start <= position < sentence.end:
            return sentence.start, sentence.end
    return 0, len(article.text)


def _previous_quote(quoted: Sequence[tuple[int, int]], position: int) -> int:
    # The closing mark stands right after a quote's span: the phrase starts past it.
    return max((end + 1 for _, end in quoted if end <= position), default=0)


def _next_quote(quoted: Sequence[tuple[int, int]], position: int) -> int:
    return min((start - 1 for start, _ in quoted if start >= position), default=_FAR)


def _words(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _WORD.finditer(text, start, end)]


def _lower(text: str, word: tuple[int, int]) -> str:
    return text[word[0] : word[1]].lower().strip(".'’")


def _before(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Return the phrase right before a cue: back to clause punctuation or a clause word, noise trimmed."""
    # Another cue before this one ends the phrase: "the ministry reported a 3% rise ... compared".
    start = max([start, *(m.end() for m in _CUE.finditer(text, start, end))])
    segments = [start, *(m.end() for m in _BOUNDARY.finditer(text, start, end))]
    words = _words(text, segments[-1], end)
    if words and _lower(text, words[0]) in _RELATIVE_OPENERS and len(segments) >= 2:
        # "Sources, who asked not to be named, said" and "China, which has accused": the relative clause hangs
        # on the last noun phrase of the segment before it.
        words = _after_clause_word(text, _words(text, segments[-2], segments[-1] - 1))
        if len(words) > _LONG_PHRASE:
            prepositions = [i for i, word in enumerate(words) if _lower(text, word) in _ANTECEDENT_AFTER]
            words = words[prepositions[-1] + 1 :] if prepositions else words
        if words:
            words = [words[0], (words[-1][0], _end_before(text, end))]
    else:
        words = _after_clause_word(text, words)
    while words and _lower(text, words[0]) in _LEADING_NOISE:
        words = words[1:]
    while words and (_lower(text, words[-1]) in _TRAILING_NOISE or _lower(text, words[-1]).endswith("ly")):
        words = words[:-1]
    if not words or len(words) > _MAX_WORDS:
        return None
    return words[0][0], words[-1][1]


def _after_clause_word(text: str, words: list[tuple[int, int]]) -> list[tuple[int, int]]:
    clause = [i for i, word in enumerate(words) if _lower(text, word) in _CLAUSE_WORDS]
    return words[clause[-1] + 1 :] if clause else words


def _end_before(text: str, end: int) -> int:
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


def _after(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Return the phrase right after "according to" / "reported by", up to clause punctuation."""
    stop = _BOUNDARY.search(text, start, end)
    words = _words(text, start, stop.start() if stop else end)
    clause = [i for i, word in enumerate(words) if i and _lower(text, word) in _CLAUSE_WORDS - {"that"}]
    if clause:
        words = words[: clause[0]]
    if not words or len(words) > _MAX_WORDS:
        return None
    last_start, last_end = words[-1]
    if text[last_end - 1] == "." and "." not in text[last_start : last_end - 1]:
        last_end -= 1  # the sentence's full stop, not an abbreviation's
    return words[0][0], last_end


def _classify(
    article: Article, phrase: tuple[int, int], earlier: list[tuple[int, frozenset[str]]]
) -> bool | None:
    """Return True for an unnamed person, False for a named one or a body on the record, None if unclear."""
    text = article.text
    words = _words(text, *phrase)
    lowered = [_lower(text, word) for word in words]
    if len(lowered) == 1 and lowered[0] in _NAMED_PRONOUNS:
        return False
    head_index = 0
    for index in range(1, len(lowered)):
        if lowered[index] in _POST_MODIFIERS:
            break
        head_index = index
    head = lowered[head_index]
    mentions = [
        m
        for m in article.mentions
        if phrase[0] <= m.start and m.end <= phrase[1] and m.label in _SPEAKER_LABELS
    ]
    head_named = any(m.start <= words[head_index][0] < m.end for m in mentions)
    unnamed = head in ANONYMOUS_HEADS or (head in ROLE_HEADS and lowered[0] in _INDEFINITE)
    if head in SPOKES_HEADS:
        return False  # the voice of a body, on the record for it
    if unnamed and not head_named:
        if lowered[0] in _DEFINITE:
            # "the official added": anonymous only if an unnamed official spoke before.
            stem = head.rstrip("s")
            return True if any(pos < phrase[0] and stem in heads for pos, heads in earlier) else None
        return True
    if mentions:
        return False
    if head in SOURCE_HEADS and lowered[0] not in _INDEFINITE:
        return False  # "the ministry said", "the Pentagon's statement": a body on the record
    return None


def _stem(words: str) -> frozenset[str]:
    return frozenset(word.lower().strip(".,'’").rstrip("s") for word in words.split())


STEP: Step[Article] = Step(
    "attributions",
    "article",
    setting("attributions", lambda article, config, resources: tuple(extract_attributions(article))),
    requires=("article.text", "article.sentences", "article.mentions", "article.quotes"),
    assigns=("article.attributions",),
)
