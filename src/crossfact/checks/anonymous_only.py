"""Flag claims whose only support is unnamed sources, and articles whose every quote is from an unnamed person.

What a fact-checker learns: nobody on the record stands behind the claim. "'This is a deal that reflects years
of backroom negotiations ...,' said a senior defense official, who spoke on condition of anonymity" or "Sources
close to the ministry said ..." may be true, but it cannot be checked against a named person or body, and
the reader cannot weigh the source's interest. The claim is reported once in every article that states it on
unnamed authority, with the anonymous quotes and descriptors as evidence.

A claim is anonymous-only when every attribution its facts carry is anonymous: its quotes (the claims'
``anonymous_only``, which looks at quotes alone) and also the unquoted attributions in its sentences, found
here with the quote stage's vocabulary (:data:`~crossfact.extract.quotes.CUE_WORDS`, ``ANONYMOUS_HEADS``,
``SOURCE_HEADS``): "Sources close to the administration revealed that ...", "according to people familiar with
the discussions", "industry experts have warned that ...". A named speaker ("Trump said"), a body on the record
("the ministry said") or a named outlet anywhere in the claim clears it; a sentence with no attribution at all
(the writer's own voice) neither clears nor flags it. "The official added" counts as anonymous only when an
unnamed official spoke earlier in the article; "both executives said" after named executives does not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from crossfact.checks.base import Corpus, finding
from crossfact.extract.quotes import (
    ANONYMOUS_HEADS,
    CUE_WORDS,
    ROLE_HEADS,
    SOURCE_HEADS,
    speaks_for_body,
)
from crossfact.model import Article, Claim, Fact, Finding, Quote, Span

KIND = "anonymous_only"

# An article quoting only unnamed people is flagged from this many attributed quotes on: one anonymous quote in
# a story is ordinary (the demo's 06b has one, and says so in its claims); two with no named voice at all make
# the whole text rest on people the reader cannot identify.
MIN_ANONYMOUS_QUOTES = 2

_CUE = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(re.escape(cue) for cue in sorted(CUE_WORDS, key=len, reverse=True))
    + r")(?![\w-])(?!(?<=said|says)\s+to\b)",
    re.IGNORECASE,
)
SOURCE_AFTER = frozenset({"according to", "reported by"})
# Where the phrase naming a source ends: clause punctuation, a dash or a line break.
# (Sentence ends come from the split stage, so "U.S. officials" keeps its abbreviation.)
_BOUNDARY = re.compile(r"[,;:\n—–]")
_CLAUSE_WORDS = frozenset(
    "that and but or while as because when where whereas although though if since so after before once "
    "until whom whose how why what".split()
)
# Words after a head noun that open its modifier: "sources close to", "people familiar with", "a senior official
# who spoke on condition of anonymity", "a person briefed on the talks".
_POST_MODIFIERS = frozenset(
    "close familiar with in at from of who for on inside within to involved briefed knowledgeable based near "
    "which speaking requesting asking than among across under".split()
)
_RELATIVE_OPENERS = frozenset({"who", "which", "speaking", "requesting", "asking"})
_LEADING_NOISE = frozenset("and but so meanwhile however yet also even then now still with among by".split())
# A long phrase before a relative clause is a whole clause; its antecedent follows the last of these words.
_LONG_PHRASE = 6
_ANTECEDENT_AFTER = frozenset("from by with among to of".split())
_TRAILING_NOISE = frozenset(
    "have has had also is was were are been be being will would could may might can did does do not never "
    "then again already still later earlier further too just reportedly both all".split()
)
_INDEFINITE = frozenset("a an one another several some many two three four few".split())
_DEFINITE = frozenset("the this that these those both".split())
_NAMED_PRONOUNS = frozenset({"he", "she"})
_SPEAKER_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_WORD = re.compile(r"[^\s,;:()\[\]{}—–\"“”‘’']+(?:['’][^\s,;:()\[\]{}—–\"“”‘’']+)*")
_FAR = 1 << 62


@dataclass(frozen=True, slots=True)
class Attribution:
    """An unquoted "X said" / "according to X" in a sentence: the words naming X, the cue, and whether X is
    an unnamed person (``anonymous``) or a named person or on-record body."""

    cue: str
    cue_start: int
    cue_end: int
    source_start: int
    source_end: int
    anonymous: bool

    def span(self, article: str) -> Span:
        """Return the span covering the source phrase and its cue ("Sources close to the ministry said")."""
        return Span(article, min(self.cue_start, self.source_start), max(self.cue_end, self.source_end))


def check(corpus: Corpus) -> Iterator[Finding]:
    """Yield a finding per article stating an anonymous-only claim, and per article quoting only unnamed people."""
    facts = {(article.id, fact.id): (article, fact) for article in corpus.articles for fact in article.facts}
    attributions = {
        article.id: list(find_attributions(article, 0, len(article.text))) for article in corpus.articles
    }
    for claim in corpus.claims:
        yield from _claim_findings(claim, facts, attributions)
    for article in corpus.articles:
        yield from _all_quotes_anonymous(article)


def _claim_findings(
    claim: Claim,
    facts: dict[tuple[str, str], tuple[Article, Fact]],
    attributions: dict[str, list[Attribution]],
) -> Iterator[Finding]:
    per_article: dict[str, list[tuple[bool, list[Span], str]]] = {}
    for ref in claim.facts:
        if (ref.article, ref.fact) not in facts:
            continue
        article, fact = facts[(ref.article, ref.fact)]
        per_article.setdefault(article.id, []).extend(_support(article, fact, attributions[article.id]))
    support = [item for items in per_article.values() for item in items]
    if not support or not all(anonymous for anonymous, _, _ in support):
        return
    sourced = [article_id for article_id, items in per_article.items() if items]
    for article_id in sourced:
        items = per_article[article_id]
        descriptors = list(dict.fromkeys(words for _, _, words in items))
        named = ", ".join(f"'{words}'" for words in descriptors[:3])
        more = f" and {len(descriptors) - 3} more" if len(descriptors) > 3 else ""
        others = len(sourced) - 1
        also = f" (as in {others} other article{'s' if others > 1 else ''})" if others else ""
        yield finding(
            KIND,
            "warning",
            f"claim rests only on unnamed sources{also}: {named}{more}; no named person or body confirms it",
            article_id,
            [span for _, spans, _ in items for span in spans],
        )


def _support(
    article: Article, fact: Fact, attributions: list[Attribution]
) -> Iterator[tuple[bool, list[Span], str]]:
    """Yield (anonymous, evidence, descriptor words) for each attribution of the fact: quotes, then unquoted."""
    quotes = {quote.id: quote for quote in article.quotes}
    speakers: list[tuple[int, int]] = []
    for quote_id in fact.quotes:
        quote = quotes.get(quote_id)
        if quote is None:
            continue
        spans = [Span(article.id, quote.start, quote.end), *_speaker_spans(article, quote)]
        speakers.extend((span.start, span.end) for span in spans[1:])
        words = quote.speaker_text or "no speaker given"
        yield quote.anonymous, spans, words
    for attribution in attributions:
        # The attribution may stand outside the clause it sources ("Sources ... revealed that <clause>").
        if not (fact.sentence_start <= attribution.cue_start < fact.sentence_end):
            continue
        if any(start < attribution.source_end and attribution.source_start < end for start, end in speakers):
            continue  # the attribution of a quote already counted
        span = attribution.span(article.id)
        words = article.text[attribution.source_start : attribution.source_end]
        yield attribution.anonymous, [span], " ".join(words.split())


def _speaker_spans(article: Article, quote: Quote) -> list[Span]:
    spans = []
    if quote.speaker_start is not None and quote.speaker_end is not None:
        spans.append(Span(article.id, quote.speaker_start, quote.speaker_end))
    if quote.speaker_ref_start is not None and quote.speaker_ref_end is not None:
        spans.append(Span(article.id, quote.speaker_ref_start, quote.speaker_ref_end))
    return spans


def _all_quotes_anonymous(article: Article) -> Iterator[Finding]:
    attributed = [quote for quote in article.quotes if quote.speaker_text is not None]
    if len(attributed) < MIN_ANONYMOUS_QUOTES or not all(quote.anonymous for quote in attributed):
        return
    descriptors = list(dict.fromkeys(" ".join((q.speaker_text or "").split()) for q in attributed))
    named = ", ".join(f"'{words}'" for words in descriptors[:3])
    yield finding(
        KIND,
        "warning",
        f"all {len(attributed)} attributed quotes in this article come from unnamed people: {named}",
        article.id,
        [
            span
            for quote in attributed
            for span in (Span(article.id, quote.start, quote.end), *_speaker_spans(article, quote))
        ],
    )


# -- unquoted attributions ---------------------------------------------------------------------------------------


def find_attributions(article: Article, start: int, end: int) -> Iterator[Attribution]:
    """Yield the unquoted attributions whose cue lies in ``article.text[start:end]``, in text order.

    Only phrases this module can classify are yielded: an unnamed person (anonymous), or a named person, a
    pronoun for one, or a body on the record (not anonymous). Cues inside quotes are skipped.
    """
    text = article.text
    quoted = [(quote.start, quote.end) for quote in article.quotes]
    earlier_heads: list[tuple[int, frozenset[str]]] = [
        (quote.start, _stem(quote.speaker_text))
        for quote in article.quotes
        if quote.anonymous and quote.speaker_text
    ]
    for cue in _CUE.finditer(text, start, end):
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
        yield Attribution(cue.group(), cue.start(), cue.end(), phrase[0], phrase[1], anonymous)


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
    if not words or len(words) > 12:
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
    if not words or len(words) > 12:
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
    if speaks_for_body(head):
        return False
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
