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
phrase quoted after a possessive or "titled" (MSNBC’s “Morning Joe”) is a title and no quote.

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
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from crossfact import lang
from crossfact.model import Article, Mention, Quote, Sentence
from crossfact.step import Step, setting

# Entity labels that can speak: people, organisations, governments by their place name ("China, which has
# accused ..."), and groups ("Democrats said").
SPEAKER_LABELS = lang.words("actor_labels")

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
_CUE = re.compile(
    rf"(?<![\w-])(?:{_CUE_ALTERNATION})(?![\w-])(?!(?:(?<=said)|(?<=says)|(?<=continued))\s+to\b)"
)
_CUE_AT_END = re.compile(rf"(?<![\w-])(?:{_CUE_ALTERNATION})$")
# An attribution names its source after these cues ("according to VOA"); the rest name it before or after.
_SOURCE_AFTER = lang.words("source_after_cues")
# Cues whose object is not the speaker: "told reporters", "accused Trump of", "called it".
_NO_INVERSION = frozenset(
    """told tells telling asked asks accused accuses accusing called calls calling cited cites citing described
    describes describing urged urges urging wondered questioned condemned condemns criticized criticizes
    criticised criticises denounced denounces denouncing dismissed dismisses praised praises lauded hailed
    likened likens compared compares comparing attacked attacks slammed slams blasted blasts mocked mocks labeled
    labelled branded dubbed termed characterized characterised decried proclaimed touted touts""".split()
) | {"put it"}

_MARK = re.compile(r"''|``|[\"“”„‟«»'‘’‚‛]")
_MARK_CHARS = frozenset("\"“”„‟«»'‘’‚‛`")
_INTRODUCERS = frozenset(",:;—–-(\n.!?…")
_BEFORE_OPENER = frozenset("([{<—–-/") | _MARK_CHARS
_AFTER_CLOSER = frozenset(".,;:!?)]}>—–-/…") | _MARK_CHARS
# ’90s, '16, 'em, 'til, rock 'n' roll: a single mark that starts a word but opens nothing.
_ELISION = re.compile(r"\d\d(?:s\b|\b)|(?:em|til|tis|twas|n)\b(?!['’]\w)", re.IGNORECASE)

# A capitalised phrase of up to this many words quoted after a possessive or "titled" names a show, book or
# film (MSNBC’s “Morning Joe”, CBS's "Face the Nation"), not someone's words. Capitals alone say nothing: a
# headline capitalises its quotes too (‘A Disgrace’), and nicknames are quoted words (“Miss Piggy”). On
# PolNeAR dev (benchmarks/eval_quotes.py) this drops 19 predictions outside any gold content and 2 inside;
# capitals alone drop 34 outside and 34 inside. Raising the word cap trades the same way.
_TITLE_LEAD = re.compile(r"(?:\w['’]s?|\b(?:his|her|their|its|titled|entitled))\s*$")
_TITLE_MAX_WORDS = 5
_TITLE_SMALL_WORDS = frozenset("a an the of and or in on at to for with by from is are as vs".split())

DOUBLE, SINGLE = '"', "'"
OPEN, CLOSE, EITHER, WEAK = "open", "close", "either", "weak"

_WORD = re.compile(r"[^\s,;:()\[\]{}—–]+")
_BOUNDARY_PUNCT = re.compile(r"[,;:()\[\]{}—–…]|(?<!\w)-(?!\w)")
_BOUNDARY_WORDS = lang.words("clause_words")
_RELATIVES = frozenset({"which", "who", "that"})
_PRONOUNS = frozenset({"he", "she", "they", "it", "i", "we", "you"})
_LEADING_NOISE = lang.words("phrase_leading_noise")
_TRAILING_NOISE = lang.words("phrase_trailing_noise")
_PREPOSITIONS = frozenset(
    "with to of by from for at in on against about between among toward towards under over into onto upon "
    "than like including via without within after before behind near per across around through during "
    "despite amid".split()
)
_DETERMINERS = frozenset(
    "a an the one two three four five several some many most another other this that these those his her "
    "their its our my your both all each any no".split()
)
_PHRASE_STARTERS = _DETERMINERS | _PRONOUNS | _RELATIVES
# Unnamed people ("a senior defense official"), the voices of bodies ("a Treasury spokesman"), titles and roles
# ("the president", "a senator") and sources that are no people ("the ministry", "the report"): lang/en data,
# shared with the attributions stage.
ANONYMOUS_HEADS = lang.words("anonymous_heads")
SPOKES_HEADS = lang.words("spokesperson_heads")
ROLE_HEADS = lang.words("role_heads")
SOURCE_HEADS = lang.words("source_heads")
# Words after a head noun that start its modifier: "sources close to", "people familiar with".
_POST_MODIFIERS = lang.words("post_modifiers")


def speaks_for_body(head: str) -> bool:
    """Return whether a speaker phrase is the voice of a body ("a Treasury spokesman", "a spokesman for PT
    Tambang Timah", "a spokesman"): on the record for that body, so not an anonymous source."""
    # Wire copy writes "a spokesman said" for the company or ministry the story is about: the voice of that
    # body even when the sentence does not repeat its name (500-article Reuters review: 3 of 20 findings).
    return head in SPOKES_HEADS


# How far from its marks a quote's cue and speaker may stand, in characters. PolNeAR's longest attribution
# between a quote and its cue ("“…,” Leonard E. Burman, director of ... University, said") is under 300; the cap
# keeps a run-on sentence with many quotes linear.
_REACH_CHARS = 600
# How far back "he said" looks for its antecedent (sentences, characters) and "the official" or "they" (quotes).
_PRONOUN_REACH = 12
_PRONOUN_REACH_CHARS = 3000
_REACH_QUOTES = 50
_PASSIVE_AUXILIARIES = frozenset({"is", "are", "was", "were", "be", "been", "being"})
_DEFINITE = lang.words("definite_determiners")
# Participles whose subject is the main clause's: "..., stating", "by saying", "after calling".
_PARTICIPLE_LEADS = frozenset("by after before while when in without on upon since".split())
# "“…” ― Christina Lastra": the roundup byline.
_DASH_BYLINE = re.compile(r"[ \t\u00a0]*([―—–])[ \t\u00a0]*([^\n―—–]{1,80}?)[ \t\u00a0.]*(?=\n|$)")
_NOT_INVERTED_HEAD = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tonight earlier later "
    "january february march april may june july august september october november december".split()
)
_INVERTED_STOP = re.compile(
    r"[,;:()\[\]—–\"“”‘’'«»]|\s(?:in|on|at|during|after|before|when|while|because|via|adding|noting|"
    r"according)\s|\.(?=\s|$)"
)
_SOURCE_STOP = re.compile(r"[,;:(\"“”‘’']|\.(?=\s|$)")
_SUBJECT_PRONOUN = re.compile(r"\b(?:[Hh]e|[Ss]he|[Tt]hey)\b")
_CAPITALISED_RUN = re.compile(r"(?:[A-Z][\w.’'-]*)(?:\s+[A-Z][\w.’'-]*){0,3}")
_OF_PLACE = re.compile(r"\s+(?:of|from|at)\s+(?:the\s+)?")
_LAST_WORD = re.compile(r"(\w+)\W*$")
_ANONYMITY = re.compile(
    r",\s+(?:who|speaking|requesting|asking|because)\b[^,.;:\n\"“”‘’']{0,160}",
)
_ANONYMITY_WORDS = re.compile(
    r"anonym|not authori[sz]ed|not permitted|not allowed|be (?:named|identified)|publicly", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class _Mark:
    start: int
    end: int
    family: str
    role: str
    paragraph: int
    leads: bool  # the first thing on its line
    # What stands before it can introduce a whole statement: line start, ", " ": " "— " or a cue ("said “...").
    introduced: bool


@dataclass(frozen=True, slots=True)
class _Speaker:
    start: int
    end: int
    ref_start: int
    ref_end: int
    anonymous: bool


@dataclass(frozen=True, slots=True)
class _Attribution:
    cue: str
    cue_start: int
    cue_end: int
    speaker: _Speaker | None
    via: str  # tail, lead, ...: which rule found it


@dataclass(frozen=True, slots=True)
class _Found:
    opening: _Mark
    closing: _Mark
    partial: bool
    attribution: _Attribution | None


def extract_quotes(article: Article) -> Iterator[Quote]:
    """Yield the article's quotes in text order, each with its cue and speaker where the text gives them."""
    text = article.text
    paragraphs = _paragraph_starts(text)
    pairs = _pair_marks(list(_marks(text, paragraphs)))
    scene = _Scene(article, pairs, paragraphs)
    found: list[_Found] = []
    for index, (opening, closing) in enumerate(pairs):
        start, end = _content(text, opening.end, closing.start)
        if not any(char.isalnum() for char in text[start:end]):
            continue
        partial = scene.is_partial(opening)
        if (
            partial
            and _TITLE_LEAD.search(text, max(0, opening.start - 40), opening.start)
            and _is_title(text[start:end])
        ):
            continue
        attribution = scene.attribute(index, partial, found)
        found.append(_Found(opening, closing, partial, attribution))
        speaker = attribution.speaker if attribution else None
        yield Quote(
            id=f"{article.id}-qt{len(found)}",
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
        )


# -- marks -------------------------------------------------------------------------------------------------


def _paragraph_starts(text: str) -> list[tuple[int, int]]:
    """Return (line start, first non-space offset) for every non-blank line, numbered like split's paragraphs."""
    starts = []
    position = 0
    for line in text.split("\n"):
        stripped = len(line) - len(line.lstrip())
        if stripped < len(line):
            starts.append((position, position + stripped))
        position += len(line) + 1
    return starts


def _marks(text: str, paragraphs: Sequence[tuple[int, int]]) -> Iterator[_Mark]:
    line_starts = [start for start, _ in paragraphs]
    for match in _MARK.finditer(text):
        kind = _classify(text, match.start(), match.end())
        if kind is None:
            continue
        paragraph = max(bisect_right(line_starts, match.start()) - 1, 0)
        leads = paragraphs[paragraph][1] == match.start() if paragraphs else False
        before = _end_before_space(text, match.start())
        introduced = (
            leads
            or before == 0
            or text[before - 1] in _INTRODUCERS
            or _CUE_AT_END.search(text, max(0, before - 30), before) is not None
        )
        yield _Mark(match.start(), match.end(), kind[0], kind[1], paragraph, leads, introduced)


def _classify(text: str, start: int, end: int) -> tuple[str, str] | None:
    """Return (family, role) of the mark at ``text[start:end]``, or None for an apostrophe."""
    mark = text[start:end]
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if before == "=":
        return None  # an attribute value in leftover markup: tweet-id="7834..."
    can_open = not after.isspace() and (before.isspace() or before in _BEFORE_OPENER)
    can_close = not before.isspace() and (after.isspace() or after in _AFTER_CLOSER)
    if mark in ("“", "„", "‟", "«", "``"):
        return DOUBLE, CLOSE if mark == "“" and can_close and not can_open else OPEN
    if mark in ("”", "»"):
        return DOUBLE, OPEN if can_open and not can_close else CLOSE
    if mark in ('"', "''"):
        if can_open != can_close:
            return DOUBLE, OPEN if can_open else CLOSE
        return DOUBLE, EITHER
    if before.isalnum() and after.isalnum():
        return None  # Japan’s, we’ve, don't
    if can_open and not can_close:
        if mark == "’" or _ELISION.match(text, end):
            return None  # ’90s, 'em: a closing glyph or an elision at the start of a word
        return SINGLE, OPEN
    if mark in ("‘", "‚", "‛"):
        return None
    if can_close and not can_open:
        if start >= 2 and text[start - 2] in "'’" and before.isalpha():
            return None  # the second mark of rock 'n' roll
        # "the voters' concerns" and "'playing both sides' in" look alike; the pairing decides.
        return SINGLE, WEAK if before in "sS" and after.isspace() else CLOSE
    if not can_open and before in ".,!?…":
        return SINGLE, CLOSE  # ".’The" with the space lost
    return None


def _pair_marks(marks: Sequence[_Mark]) -> list[tuple[_Mark, _Mark]]:
    """Return the outermost (opening, closing) pairs in text order; unbalanced marks pair with nothing."""
    pairs: list[tuple[_Mark, _Mark]] = []
    stack: list[_Mark] = []
    paragraph = -1
    for index, mark in enumerate(marks):
        if mark.paragraph != paragraph:
            stack = _carried(stack, marks, index, paragraph)
            paragraph = mark.paragraph
        open_at = _find(stack, mark.family)
        role = mark.role
        if role == EITHER:
            role = CLOSE if open_at is not None else OPEN
        elif role == WEAK:
            if open_at is None or _surer_close_follows(marks, index):
                continue
            role = CLOSE
        if role == OPEN:
            if open_at is not None:
                if mark.leads and stack[open_at].paragraph < mark.paragraph:
                    continue  # the quote runs on: a new paragraph repeats the opening mark
                del stack[open_at:]  # the earlier opener was never closed: it alone is lost
            stack.append(mark)
        elif open_at is not None:
            pairs.append((stack[open_at], mark))
            del stack[open_at:]
    pairs.sort(key=lambda pair: pair[0].start)
    outermost: list[tuple[_Mark, _Mark]] = []
    for pair in pairs:
        if not outermost or pair[0].start >= outermost[-1][1].end:
            outermost.append(pair)
    return outermost


def _find(stack: Sequence[_Mark], family: str) -> int | None:
    for position in range(len(stack) - 1, -1, -1):
        if stack[position].family == family:
            return position
    return None


def _carried(stack: list[_Mark], marks: Sequence[_Mark], index: int, paragraph: int) -> list[_Mark]:
    """Keep the openers that the paragraph starting at ``marks[index]`` continues (reopens or closes)."""
    if not stack:
        return stack
    current = marks[index].paragraph
    if current != paragraph + 1:
        return []
    kept = []
    # Only a quote that starts a statement runs on into the next paragraph; a stray mark inside a sentence
    # ("An “unbalanced mark") must not swallow the quote that opens the next paragraph.
    for opener in (opener for opener in stack if opener.introduced):
        first = next(
            (m for m in _same_paragraph(marks, index) if m.family == opener.family),
            None,
        )
        if first is not None and (first.leads or first.role != OPEN):
            kept.append(opener)
    return kept


def _same_paragraph(marks: Sequence[_Mark], index: int) -> Iterator[_Mark]:
    """Yield ``marks[index]`` and the marks after it in the same paragraph."""
    for position in range(index, len(marks)):
        if marks[position].paragraph != marks[index].paragraph:
            return
        yield marks[position]


def _surer_close_follows(marks: Sequence[_Mark], index: int) -> bool:
    mark = marks[index]
    following = next((m for m in _same_paragraph(marks, index + 1) if m.family == mark.family), None)
    return following is not None and following.paragraph == mark.paragraph and following.role == CLOSE


def _is_title(words: str) -> bool:
    """Whether quoted words look like a title: at most a few words, each capitalised or a small word."""
    tokens = words.rstrip(".!?,").split()
    if not tokens or len(tokens) > _TITLE_MAX_WORDS:
        return False
    return all(token[0].isupper() or token[0].isdigit() or token in _TITLE_SMALL_WORDS for token in tokens)


def _content(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end


# -- speakers ----------------------------------------------------------------------------------------------


class _Scene:
    """One article's text with its quotes masked out, sentences, paragraphs and mentions, for attribution."""

    def __init__(
        self, article: Article, pairs: Sequence[tuple[_Mark, _Mark]], paragraphs: Sequence[tuple[int, int]]
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
        self.found: Sequence[_Found] = ()

    # - places -

    def quoted(self, position: int) -> bool:
        index = bisect_right(self.region_starts, position) - 1
        return index >= 0 and position < self.regions[index][1]

    def sentence(self, position: int) -> Sentence:
        if not self.sentences:
            return Sentence(0, len(self.text), 0)
        return self.sentences[max(bisect_right(self.sentence_starts, position) - 1, 0)]

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        low = bisect_left(self.mention_starts, start)
        high = bisect_left(self.mention_starts, end)
        return [m for m in self.mentions[low:high] if m.end <= end]

    def mention_at(self, start: int) -> Mention | None:
        index = bisect_left(self.mention_starts, start)
        return (
            self.mentions[index]
            if index < len(self.mentions) and self.mentions[index].start == start
            else None
        )

    def is_partial(self, opening: _Mark) -> bool:
        line_start = self.text.rfind("\n", max(0, opening.start - _REACH_CHARS), opening.start) + 1
        end = max(_end_before_space(self.text, opening.start), line_start)
        if end == line_start or not self.text[end - 1].isalnum():
            return False
        # "said “We are ...”": a cue right before the mark introduces a whole quote.
        return _CUE_AT_END.search(self.masked, max(line_start, end - 30), end) is None

    # - rules -

    def attribute(self, index: int, partial: bool, found: Sequence[_Found]) -> _Attribution | None:
        """Return the cue and speaker of quote ``index``, trying the rules of the module docstring in order."""
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

    def _tail_end(self, closing: _Mark) -> int:
        end = self.sentence(closing.start).end
        following = bisect_left(self.region_starts, closing.end)
        if following < len(self.regions):
            end = min(end, self.regions[following][0])
        line_end = self.text.find("\n", closing.end, closing.end + _REACH_CHARS)
        return min(end, line_end if line_end >= 0 else end, closing.end + _REACH_CHARS)

    def _from_byline(self, closing: _Mark) -> _Attribution | None:
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
        return _Attribution(byline.group(1), byline.start(1), byline.end(1), speaker, "tail")

    def _from_tail(self, closing: _Mark, *, anywhere: bool) -> _Attribution | None:
        end = self._tail_end(closing)
        for number, cue in enumerate(_CUE.finditer(self.masked, closing.end, end)):
            # "“…,” Leonard E. Burman, director of ... University, said" is long; a whole clause is not.
            if number == 3 or (
                not anywhere and len(_WORD.findall(self.masked, closing.end, cue.start())) > 30
            ):
                return None
            attribution = self._attribution(
                cue, zone_start=closing.end, region_end=end, via="tail", appositive_first=True
            )
            if attribution is not None:
                return attribution
        return None

    def _continued(self, opening: _Mark) -> _Attribution | None:
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
        return _Attribution(
            attribution.cue, attribution.cue_start, attribution.cue_end, attribution.speaker, "continued"
        )

    def _lead_start(self, position: int) -> int:
        line_start = self.text.rfind("\n", max(0, position - _REACH_CHARS), position) + 1
        return max(self.sentence(position).start, line_start, position - _REACH_CHARS)

    def _from_lead(self, opening: _Mark, *, anywhere: bool) -> _Attribution | None:
        start = self._lead_start(opening.start)
        end = opening.start
        if not anywhere and opening.leads:
            # "Trump expressed his approval, stating:" and the quote as the next paragraph.
            previous_end = _end_before_space(self.text, start)
            if previous_end == 0 or self.text[previous_end - 1] != ":":
                return None
            start, end = self.sentence(previous_end - 1).start, previous_end
        cues = list(_CUE.finditer(self.masked, start, end))
        for cue in reversed(cues):  # the nearest cue first: "Sanders said, going on to say that ... “…”"
            attribution = self._attribution(
                cue, zone_start=start, region_end=end, via="lead", appositive_first=False
            )
            if attribution is not None:
                return attribution
        return None

    def _from_next_sentence(self, closing: _Mark) -> _Attribution | None:
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
        cue = _CUE.search(self.masked, following.start, following.end)
        if cue is None or cue.group().lower() in _SOURCE_AFTER:
            return None
        if len(_WORD.findall(self.masked, following.start, cue.start())) > 4:
            return None
        return self._attribution(
            cue, zone_start=following.start, region_end=following.end, via="next", appositive_first=True
        )

    def _from_previous_sentence(self, opening: _Mark) -> _Attribution | None:
        """..., Schiff said. “…” — a quote opening its sentence after a sentence that ends in an attribution."""
        start = self._lead_start(opening.start)
        if any(char.isalnum() for char in self.masked[start : opening.start]):
            return None
        index = bisect_right(self.sentence_starts, opening.start) - 1
        if index <= 0 or self.sentences[index - 1].paragraph != self.sentences[index].paragraph:
            return None
        previous = self.sentences[index - 1]
        cue = _last_match(_CUE, self.masked, previous.start, previous.end)
        if cue is None or len(_WORD.findall(self.masked, cue.end(), previous.end)) > 5:
            return None
        return self._attribution(
            cue, zone_start=previous.start, region_end=previous.end, via="previous", appositive_first=False
        )

    def _inherited(self, opening: _Mark) -> _Attribution | None:
        """A paragraph that is a quote with no cue continues the full quote just before it."""
        if not self.found or not opening.leads:
            return None
        previous = self.found[-1]
        attribution = previous.attribution
        if previous.partial or attribution is None or attribution.speaker is None:
            return None
        if opening.paragraph - previous.closing.paragraph > 1:
            return None
        return _Attribution(
            attribution.cue, attribution.cue_start, attribution.cue_end, attribution.speaker, "inherited"
        )

    # - speaker phrases -

    def _attribution(
        self, cue: re.Match[str], *, zone_start: int, region_end: int, via: str, appositive_first: bool
    ) -> _Attribution | None:
        word = cue.group()
        zone = self.masked[zone_start : cue.start()]
        last = _LAST_WORD.search(zone)
        speaker: _Speaker | None
        if word.lower() in _SOURCE_AFTER:
            speaker = self._source_after(cue.end(), region_end)
        elif not any(char.isalnum() for char in zone):
            inverts = not word.endswith("ing") and word.lower() not in _NO_INVERSION
            speaker = self._inverted(cue.end(), region_end) if inverts else None
        elif (word.endswith("ing") and zone.rstrip().endswith(",")) or (
            last is not None
            and (
                (word.endswith("ing") and last.group(1).lower() in _PARTICIPLE_LEADS)
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
        return _Attribution(word, cue.start(), cue.end(), speaker, via)

    def _passive(self, start: int, end: int) -> bool:
        words = [
            word for word in self._words(max(start, end - 40), end) if not self._lower(word).endswith("ly")
        ]
        return bool(words) and self._lower(words[-1]) in _PASSIVE_AUXILIARIES

    def _before(self, start: int, end: int, *, appositive_first: bool, depth: int = 0) -> _Speaker | None:
        """Return the speaker named by the words just before a cue (``text[start:end]``)."""
        end = self._without_trailing_noise(start, end)
        if self.masked[start:end].endswith(","):
            # A parenthetical between subject and cue: "Flynn, a top Trump surrogate, said" (after a quote, the
            # subject comes first); "Analysts, however, have noted"; "Another critic, Laurence H. Tribe, likened".
            if appositive_first:
                cut = self.masked.find(",", start, end - 1)
                end = cut if cut >= 0 else end - 1
            else:
                cut = self.masked.rfind(",", start, end - 1)
                if cut < 0:
                    return None
                named = self._named_person(cut + 1, end - 1)
                if named is not None:
                    return named
                end = cut
            end = self._without_trailing_noise(start, end)
        words = self._words(start, end)
        if words and self._lower(words[-1]) in _RELATIVES:
            # "China, which has accused ...": the speaker is what the relative pronoun stands for.
            if depth or len(words) < 2:
                return None
            ref = words[-1]
            antecedent_end = _end_before_space(self.masked, ref[0])
            if self.masked[antecedent_end - 1 : antecedent_end] == ",":
                antecedent_end -= 1
            speaker = self._before(start, antecedent_end, appositive_first=False, depth=1)
            return None if speaker is None else dataclasses.replace(speaker, ref_start=ref[0], ref_end=ref[1])
        if words and self._lower(words[-1]) in _PRONOUNS:
            return self._speaker(*words[-1])
        boundary = _last_match(_BOUNDARY_PUNCT, self.masked, start, end)
        if boundary is not None:
            words = [word for word in words if word[0] >= boundary.end()]
        boundaries = _BOUNDARY_WORDS | _PREPOSITIONS if depth else _BOUNDARY_WORDS
        # The shortest phrase after a boundary word first: "what they described", then longer ones ("the former
        # secretary of state and current Democratic presidential nominee said").
        cuts = [i + 1 for i, word in enumerate(words[:-1]) if self._lower(word) in boundaries]
        # Failing those, the phrase from a determiner on: "meddling the California congressman said".
        determiners = [i for i, word in enumerate(words) if i and self._lower(word) in _DETERMINERS]
        for cut in [*reversed(cuts), 0, *reversed(determiners)]:
            phrase = self._trim(words[cut:])
            speaker = self._speaker(phrase[0][0], phrase[-1][1]) if phrase else None
            if speaker is not None:
                return speaker
        return None

    def _inverted(self, start: int, end: int) -> _Speaker | None:
        """Return the speaker named after the cue: “…,” said a senior defense official, who ..."""
        while start < end and self.text[start].isspace():
            start += 1
        stop = _INVERTED_STOP.search(self.text, start, end)
        phrase_end = stop.start() if stop else end
        for mention in self.mentions_in(start, min(end, start + 80)):
            # "said Mr. Burman": a name may run past the full stop of an abbreviated title.
            if len(_WORD.findall(self.text, start, mention.start)) <= 3:
                phrase_end = max(phrase_end, mention.end)
            break
        words = self._trim(self._words(start, phrase_end))
        if not words or words[0][0] != start:
            return None
        first = self.text[words[0][0] : words[0][1]]
        if self._named(start, words[-1][1]) is None and (
            first.lower() in _NOT_INVERTED_HEAD
            or not (first[0].isupper() or first.lower() in _DETERMINERS or first.lower() in ANONYMOUS_HEADS)
        ):
            return None
        return self._speaker(words[0][0], words[-1][1])

    def _source_after(self, start: int, end: int) -> _Speaker | None:
        """Return the outlet or person after "according to" / "reported by"."""
        stop = _SOURCE_STOP.search(self.text, start, end)
        phrase_end = stop.start() if stop else end
        mentions = self.mentions_in(start, phrase_end)
        if mentions:
            return _Speaker(mentions[0].start, mentions[0].end, mentions[0].start, mentions[0].end, False)
        words = self._trim(self._words(start, phrase_end))
        return self._speaker(words[0][0], words[-1][1]) if words else None

    def _main_subject(self, cue_start: int) -> _Speaker | None:
        """For ", stating" / "by saying": the subject of the sentence's main clause."""
        sentence_start = min(self.sentence(cue_start).start, cue_start)
        candidates = [(m.start, m.end) for m in self.mentions_in(sentence_start, cue_start)]
        candidates += [
            (p.start(), p.end()) for p in _SUBJECT_PRONOUN.finditer(self.masked, sentence_start, cue_start)
        ]
        for start, end in sorted(candidates):
            if self._subject_like(start):
                return self._speaker(start, end)
        # A name the recogniser missed, opening the sentence: "Dean, a former ... chairman, ..., tweeting, “…”".
        opening = _CAPITALISED_RUN.match(self.masked, sentence_start, cue_start)
        if opening is not None and self.masked[opening.end() : opening.end() + 1] in (",", " "):
            return self._speaker(opening.start(), opening.end())
        return None

    def _named_person(self, start: int, end: int) -> _Speaker | None:
        words = self._trim(self._words(start, end))
        if not words:
            return None
        mention = self._named(words[0][0], words[-1][1])
        if mention is None or mention.label != "PERSON":
            return None
        return _Speaker(mention.start, mention.end, mention.start, mention.end, False)

    def _named(self, start: int, end: int) -> Mention | None:
        """Return the entity mention that ends the phrase ``text[start:end]``, if one does."""
        mentions = [m for m in self.mentions_in(start, end + 1) if m.start < end]
        if not mentions or self.text[mentions[-1].end : end].strip(" ,") != "":
            return None
        last = mentions[-1]
        if last.label != "PERSON":
            # "Gov. Earl Ray Tomblin of West Virginia": the person, not the place.
            for mention in mentions[:-1]:
                if mention.label == "PERSON" and _OF_PLACE.fullmatch(self.text, mention.end, last.start):
                    return mention
        return last

    def _speaker(self, start: int, end: int) -> _Speaker | None:
        """Classify the phrase ``text[start:end]``: pronoun, named mention, anonymous or other descriptor."""
        lower = self.text[start:end].lower()
        if lower in _PRONOUNS:
            return self._resolve_pronoun(lower, start, end)
        mention = self._named(start, end)
        if mention is not None:
            return _Speaker(mention.start, mention.end, mention.start, mention.end, False)
        spans = self._words(start, end)
        words = [self.text[s:e].lower().strip(".'’") for s, e in spans]
        if not words:
            return None
        head = words[0]
        for word in words[1:]:
            if word in _POST_MODIFIERS:
                break
            head = word
        has_mention = bool(self.mentions_in(start, end))
        definite = words[0] in _DEFINITE
        if speaks_for_body(head):
            return _Speaker(start, end, start, end, False)
        if head in ANONYMOUS_HEADS or (head in ROLE_HEADS and words[0] in _DETERMINERS and not definite):
            if definite and not has_mention:
                earlier = self._earlier_unnamed(head)
                if earlier is not None:
                    return _Speaker(earlier.start, earlier.end, start, end, True)
            end = self._with_anonymity_clause(end)
            return _Speaker(start, end, start, end, True)
        if head in ROLE_HEADS and definite:
            person = self._person_with_role(head, start)
            if person is not None:
                return _Speaker(person.start, person.end, start, end, False)
        if words[0] in _DETERMINERS or head in SOURCE_HEADS or has_mention:
            return _Speaker(start, end, start, end, False)
        if len(spans) <= 4 and all(self.text[s].isupper() for s, _ in spans):
            return _Speaker(start, end, start, end, False)  # a name the recogniser missed
        return None

    def _person_with_role(self, head: str, position: int) -> Mention | None:
        for mention in reversed(self.mentions[: bisect_left(self.mention_starts, position)]):
            if mention.label == "PERSON" and mention.role and head in mention.role.lower():
                return mention
        return None

    def _with_anonymity_clause(self, end: int) -> int:
        clause = _ANONYMITY.match(self.text, end)
        if clause is None or not _ANONYMITY_WORDS.search(clause.group()):
            return end
        return end + len(clause.group().rstrip())

    def _earlier_unnamed(self, head: str) -> _Speaker | None:
        stem = head.rstrip("s")
        for item in reversed(self.found[-_REACH_QUOTES:]):
            speaker = item.attribution.speaker if item.attribution else None
            if speaker is None or not speaker.anonymous:
                continue
            words = [w.lower().strip(".,'’") for w in self.text[speaker.start : speaker.end].split()]
            if any(word.rstrip("s") == stem for word in words):
                return speaker
        return None

    def _resolve_pronoun(self, pronoun: str, start: int, end: int) -> _Speaker:
        """Resolve "he"/"she"/"it"/"they" to the nearest fitting earlier subject; else keep the pronoun."""
        if pronoun in ("he", "she", "it"):
            # The subject of the nearest sentence that has one: "Ishiba met Trump. He said" is Ishiba.
            labels = {"PERSON"} if pronoun != "it" else {"ORG", "GPE"}
            sentence = max(bisect_right(self.sentence_starts, start) - 1, 0)
            limit = start
            floor = start - _PRONOUN_REACH_CHARS
            for index in range(sentence, max(sentence - _PRONOUN_REACH, -1), -1):
                sentence_start = max(self.sentences[index].start if self.sentences else 0, floor)
                for mention in self.mentions_in(sentence_start, limit):
                    if mention.label in labels and self._subject_like(mention.start):
                        return _Speaker(mention.start, mention.end, start, end, False)
                limit = sentence_start
                if limit <= floor:
                    break
        elif pronoun == "they":
            for item in reversed(self.found[-_REACH_QUOTES:]):
                speaker = item.attribution.speaker if item.attribution else None
                if speaker is not None and speaker.anonymous and speaker.end <= start:
                    return _Speaker(speaker.start, speaker.end, start, end, True)
        return _Speaker(start, end, start, end, False)

    def _subject_like(self, start: int) -> bool:
        """Whether the words at ``start`` are not the object of a preposition ("with Prime Minister X")."""
        line_start = self.text.rfind("\n", max(0, start - _REACH_CHARS), start) + 1
        before = self.text[max(line_start, start - _REACH_CHARS) : start].rstrip()
        mention = self.mention_at(start)
        if mention is not None and mention.role and before.endswith(mention.role):
            before = before[: -len(mention.role)]
        previous = _LAST_WORD.search(before)
        return previous is None or previous.group(1).lower() not in _PREPOSITIONS

    # - words -

    def _words(self, start: int, end: int) -> list[tuple[int, int]]:
        return [(match.start(), match.end()) for match in _WORD.finditer(self.masked, start, end)]

    def _lower(self, span: tuple[int, int]) -> str:
        return self.masked[span[0] : span[1]].lower().rstrip(".")

    def _is_noise(self, span: tuple[int, int]) -> bool:
        word = self._lower(span)
        return word in _TRAILING_NOISE or (word.endswith("ly") and self.masked[span[0]].islower())

    def _without_trailing_noise(self, start: int, end: int) -> int:
        """Return ``end`` moved left past whitespace, auxiliaries, -ly adverbs ("has also", "recently") and a
        bracketed aside ("Rep. Jim Jordan (R-Ohio)")."""
        while True:
            end = start + len(self.masked[start:end].rstrip())
            if self.masked[start:end].endswith(")") and self.masked.rfind("(", start, end) >= 0:
                end = self.masked.rfind("(", start, end)
                continue
            words = self._words(start, end)
            if not words or words[-1][1] != end or not self._is_noise(words[-1]):
                return end
            end = words[-1][0]

    def _trim(self, words: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Drop leading prepositions and conjunctions and trailing noise; [] unless a speaker phrase is left."""
        while words and self._lower(words[0]) in _LEADING_NOISE:
            words = words[1:]
        while words and self._is_noise(words[-1]):
            words = words[:-1]
        if not words or len(words) > 10 or all(self._lower(word) in _DETERMINERS for word in words):
            return []
        first = self.masked[words[0][0] : words[0][1]]
        if first.lower() in _PRONOUNS and len(words) > 1:
            return []  # "He smiled and said": a clause, not a noun phrase
        if not (
            first[0].isupper()
            or first.lower() in _PHRASE_STARTERS
            or any(
                self._lower(word) in ANONYMOUS_HEADS or self._lower(word) in SOURCE_HEADS for word in words
            )
        ):
            return []
        return words


def _end_before_space(text: str, end: int) -> int:
    """Return ``end`` moved left past whitespace (``len(text[:end].rstrip())`` without the copy)."""
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


def _last_match(pattern: re.Pattern[str], text: str, start: int, end: int) -> re.Match[str] | None:
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


STEP: Step[Article] = Step(
    "quotes",
    "article",
    setting("quotes", lambda article, config, resources: tuple(extract_quotes(article))),
    requires=("article.text", "article.sentences", "article.mentions"),
    assigns=("article.quotes",),
)
