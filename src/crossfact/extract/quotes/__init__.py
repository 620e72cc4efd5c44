"""Find the direct quotes of an article, partial ones included, and who each is credited to.

A fact-checker learns what words a story puts in whose mouth, and which quotes rest on unnamed people only.

Quote marks. Double (“…”, "…", and ``''…''`` as LexisNexis writes them), single (‘…’, '…'), low (‚ „) and
guillemets (« »). Whether a mark opens or closes comes from its glyph and from what stands either side of it
(the left/right-flanking test of CommonMark, https://spec.commonmark.org/0.31.2/#left-flanking-delimiter-run),
so a misused ” before a word still opens. An apostrophe is never a quote mark: a single mark between two
letters (Japan’s, Trump's, we’ve), a ’ or ' starting a word (’90s, 'em, rock 'n' roll) and a ‘ after a letter
are skipped. A closing ' or ’ after an ``s`` and before a word (the voters' concerns, 'playing both sides' in)
closes only when no surer closing single mark follows in the paragraph. Marks pair on a stack; only outermost
pairs are quotes (a ‘…’ inside “…” belongs to the outer quote). A quote that starts a statement (at a line
start, after ``, : ; —`` or a sentence end, or right after a cue) may run over a paragraph break when the next
paragraph reopens it (the newswire convention: no closing mark at the end of the first paragraph, an opening
one at the start of the next) or closes it (seed 001). An unbalanced mark only loses its own candidate: a stray
opener is dropped at the next opener of its kind or at the paragraph end, a stray closer is skipped, and every
other pair stands (textacy's ``direct_quotations`` drops a whole document over one odd mark).

The span covers the quoted words without the marks, surrounding whitespace or the ``,;:`` that American style
puts before a closing mark. A quote is ``partial`` when a word of the writer's sentence stands right before it
("as a ‘fair and beneficial’ deal"), unless that word is the cue ("said “We ...”"). A short capitalised
phrase quoted after a possessive or a title word (MSNBC’s “Morning Joe”, his book “…”) is a title, a short
capitalised quote between two parts of a name (Robert C. "Bobby" Scott) a nickname and a quote after "so-called"
or "the word" a term: none is reported. Of the rest, only attributed speech or writing is reported (issue 13): a
quote with a speaker, or a full quote that runs as its own sentence (introduced at a line start or after ", : ;"
and ending its sentence); a partial quote only with a speaker (``QuotesConfig.partial``), so scare quotes ("the
notorious ‘carried interest’ loophole") are not quotes. Words in lang/en (title_leads, quoted_term_leads).

Speakers. A cue (said, stated, told, according to, reported by, likened, ... in :data:`CUE_WORDS`) is looked
for, with the words of all quotes masked out, in this order: a dash byline closing the line (“…” ― Name);
right after the quote in its sentence (“…,” Trump said / “…,” said a senior defense official, who spoke on
condition of anonymity); for the second part of an interrupted quote, the cue between the parts; before the
quote in its sentence, nearest cue first, or in the previous paragraph's last sentence when that ends with a
colon (Trump expressed his approval, stating:); a bare attribution sentence right after a quote that ends its
sentence (“…!” Trump said.); a sentence ending in an attribution right before a quote that opens its
sentence (..., Schiff said. “…”); and for a quote paragraph with no cue of its own, the speaker of the full
quote just before. Partial quotes look before, then after, in their sentence. The speaker is the noun phrase
next to the cue: an entity mention (PERSON, ORG, GPE, NORP from ``article.mentions``) ending that phrase makes
a named speaker; for a participle after a comma or a preposition (", stating", "by saying") and for a second
verb ("laughed and said") the subject of the main clause is used; a passive cue ("was described as") names
nobody. "he", "she" and "it" resolve to the subject of the nearest earlier sentence that has a fitting one,
"they" and "the official" to the nearest earlier unnamed speaker (with that head noun), "the president" to the
nearest person the text gave that title. An unnamed person ("a former Pentagon official", "sources close to
the administration", "one trade analyst") is ``anonymous``, with the descriptor and any ", who spoke on
condition of anonymity" clause as ``speaker_text``. Rules only, regexes compiled once; no parser runs.
``benchmarks/eval_quotes.py`` measures all this on PolNeAR against textacy, which needs spaCy's parser.

The package splits this by job: :mod:`.cues` holds the cue words and patterns, :mod:`.marks` finds and pairs
the quotation marks, :mod:`.kinds` tells partial quotes and titles, :mod:`.scene` masks the quotes and indexes
sentences and mentions, :mod:`.speakers` reads a speaker phrase, and :mod:`.attribution` tries the rules above.
"""

from __future__ import annotations

from collections.abc import Iterator

from crossfact.config import QuotesConfig
from crossfact.extract.quotes.attribution import Attributor
from crossfact.extract.quotes.cues import CUE_WORDS
from crossfact.extract.quotes.kinds import is_nickname, is_partial, is_term, is_title, title_words
from crossfact.extract.quotes.marks import (
    CLOSE,
    DOUBLE,
    EITHER,
    OPEN,
    SINGLE,
    WEAK,
    Mark,
    content_span,
    find_marks,
    pair_marks,
    paragraph_starts,
)
from crossfact.extract.quotes.scene import SPEAKER_LABELS, Attribution, Found
from crossfact.extract.quotes.speakers import (
    ANONYMOUS_HEADS,
    ROLE_HEADS,
    SOURCE_HEADS,
    SPOKES_HEADS,
    speaks_for_body,
)
from crossfact.model import Article, Quote
from crossfact.step import Step, setting

__all__ = [
    "ANONYMOUS_HEADS",
    "CLOSE",
    "CUE_WORDS",
    "DOUBLE",
    "EITHER",
    "OPEN",
    "ROLE_HEADS",
    "SINGLE",
    "SOURCE_HEADS",
    "SPEAKER_LABELS",
    "SPOKES_HEADS",
    "STEP",
    "WEAK",
    "attribute_quotes",
    "extract_quotes",
    "speaks_for_body",
]


def extract_quotes(article: Article, *, config: QuotesConfig | None = None) -> Iterator[Quote]:
    """Yield the article's quotes in text order, each with its cue and speaker where the text gives them."""
    for quote, _ in attribute_quotes(article, config=config):
        yield quote


def attribute_quotes(
    article: Article, *, config: QuotesConfig | None = None
) -> Iterator[tuple[Quote, str | None]]:
    """Yield each reported quote with the name of the rule that found its speaker (None for a standalone quote):
    "tail", "lead", "byline", "continued", "next", "previous" or "inherited"."""
    config = config or QuotesConfig()
    text = article.text
    paragraphs = paragraph_starts(text)
    pairs = pair_marks(list(find_marks(text, paragraphs)))
    scene = Attributor(article, pairs, paragraphs)
    found: list[Found] = []
    reported = 0
    for index, (opening, closing) in enumerate(pairs):
        start, end = content_span(text, opening.end, closing.start)
        if not any(char.isalnum() for char in text[start:end]):
            continue
        partial = is_partial(text, scene.masked, opening)
        # Quoted words that are nobody's speech: a title, a nickname inside a name, a term being named.
        if (
            is_title(text, opening, start, end)
            or is_nickname(text, opening, closing, start, end)
            or is_term(text, opening)
        ):
            continue
        attribution = scene.attribute(index, partial, found)
        found.append(Found(opening, closing, partial, attribution))
        speaker = attribution.speaker if attribution else None
        if not _reported(text, opening, closing, start, end, partial, attribution, config):
            continue
        reported += 1
        yield (
            Quote(
                id=f"{article.id}-qt{reported}",
                article=article.id,
                start=start,
                end=end,
                speaker=None,
                speaker_text=text[speaker.start : speaker.end] if speaker else None,
                anonymous=speaker.anonymous if speaker else False,
                cue=attribution.cue if attribution else None,
                speaker_start=speaker.start if speaker else None,
                speaker_end=speaker.end if speaker else None,
                speaker_ref_start=speaker.ref_start if speaker else None,
                speaker_ref_end=speaker.ref_end if speaker else None,
                partial=partial,
            ),
            attribution.via if speaker and attribution else None,
        )


# Rules that credit a quote from outside its own sentence; a short capitalised phrase credited only this way is
# a subhead or a title ('All Bets Are Off.' under a paragraph that quoted someone), not a quote.
_DISTANT_RULES = frozenset({"inherited", "previous", "next"})


def _reported(
    text: str,
    opening: Mark,
    closing: Mark,
    start: int,
    end: int,
    partial: bool,
    attribution: Attribution | None,
    config: QuotesConfig,
) -> bool:
    """Whether quoted words are someone's speech or writing: attributed, or a whole sentence of their own."""
    speaker = attribution.speaker if attribution else None
    if partial:
        return config.partial == "all" or (config.partial == "attributed" and speaker is not None)
    if speaker is not None and attribution is not None:
        return attribution.via not in _DISTANT_RULES or not title_words(text[start:end])
    return config.standalone and _standalone(text, opening, closing, start, end)


def _standalone(text: str, opening: Mark, closing: Mark, start: int, end: int) -> bool:
    """Whether the quote runs as its own sentence: introduced (line start, ", : ;", a sentence end) and ending
    its sentence, and not a short capitalised phrase (a subhead or a title)."""
    if not opening.introduced or title_words(text[start:end]):
        return False
    after = closing.end
    while after < len(text) and text[after] in " \t":
        after += 1
    return text[end - 1] in ".!?…" or after >= len(text) or text[after] in "\n.!?…"


STEP: Step[Article] = Step(
    "quotes",
    "article",
    setting(
        "quotes", lambda article, config, resources: tuple(extract_quotes(article, config=config.quotes))
    ),
    requires=("article.text", "article.sentences", "article.mentions"),
    assigns=("article.quotes",),
    section="quotes",
)
