"""Read the speaker from the words beside a cue: a named mention, an unnamed descriptor or a resolved pronoun."""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left, bisect_right

from crossfact import lang
from crossfact.extract.quotes.cues import REACH_CHARS
from crossfact.extract.quotes.marks import end_before_space
from crossfact.extract.quotes.scene import Scene, Speaker, last_match
from crossfact.model import Mention

WORD = re.compile(r"[^\s,;:()\[\]{}—–]+")
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


# How far back "he said" looks for its antecedent (sentences, characters) and "the official" or "they" (quotes).
_PRONOUN_REACH = 12
_PRONOUN_REACH_CHARS = 3000
_REACH_QUOTES = 50
_DEFINITE = lang.words("definite_determiners")
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
LAST_WORD = re.compile(r"(\w+)\W*$")
_ANONYMITY = re.compile(
    r",\s+(?:who|speaking|requesting|asking|because)\b[^,.;:\n\"“”‘’']{0,160}",
)
_ANONYMITY_WORDS = re.compile(
    r"anonym|not authori[sz]ed|not permitted|not allowed|be (?:named|identified)|publicly", re.IGNORECASE
)


class SpeakerReader(Scene):
    """A scene that reads speaker phrases: named, anonymous, a role, or a pronoun resolved backwards."""

    def _before(self, start: int, end: int, *, appositive_first: bool, depth: int = 0) -> Speaker | None:
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
            antecedent_end = end_before_space(self.masked, ref[0])
            if self.masked[antecedent_end - 1 : antecedent_end] == ",":
                antecedent_end -= 1
            speaker = self._before(start, antecedent_end, appositive_first=False, depth=1)
            return None if speaker is None else dataclasses.replace(speaker, ref_start=ref[0], ref_end=ref[1])
        if words and self._lower(words[-1]) in _PRONOUNS:
            return self._speaker(*words[-1])
        boundary = last_match(_BOUNDARY_PUNCT, self.masked, start, end)
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

    def _inverted(self, start: int, end: int) -> Speaker | None:
        """Return the speaker named after the cue: “…,” said a senior defense official, who ..."""
        while start < end and self.text[start].isspace():
            start += 1
        stop = _INVERTED_STOP.search(self.text, start, end)
        phrase_end = stop.start() if stop else end
        for mention in self.mentions_in(start, min(end, start + 80)):
            # "said Mr. Burman": a name may run past the full stop of an abbreviated title.
            if len(WORD.findall(self.text, start, mention.start)) <= 3:
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

    def _source_after(self, start: int, end: int) -> Speaker | None:
        """Return the outlet or person after "according to" / "reported by"."""
        stop = _SOURCE_STOP.search(self.text, start, end)
        phrase_end = stop.start() if stop else end
        mentions = self.mentions_in(start, phrase_end)
        if mentions:
            return Speaker(mentions[0].start, mentions[0].end, mentions[0].start, mentions[0].end, False)
        words = self._trim(self._words(start, phrase_end))
        return self._speaker(words[0][0], words[-1][1]) if words else None

    def _main_subject(self, cue_start: int) -> Speaker | None:
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

    def _named_person(self, start: int, end: int) -> Speaker | None:
        words = self._trim(self._words(start, end))
        if not words:
            return None
        mention = self._named(words[0][0], words[-1][1])
        if mention is None or mention.label != "PERSON":
            return None
        return Speaker(mention.start, mention.end, mention.start, mention.end, False)

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

    def _speaker(self, start: int, end: int) -> Speaker | None:
        """Classify the phrase ``text[start:end]``: pronoun, named mention, anonymous or other descriptor."""
        lower = self.text[start:end].lower()
        if lower in _PRONOUNS:
            return self._resolve_pronoun(lower, start, end)
        mention = self._named(start, end)
        if mention is not None:
            return Speaker(mention.start, mention.end, mention.start, mention.end, False)
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
            return Speaker(start, end, start, end, False)
        if head in ANONYMOUS_HEADS or (head in ROLE_HEADS and words[0] in _DETERMINERS and not definite):
            if definite and not has_mention:
                earlier = self._earlier_unnamed(head)
                if earlier is not None:
                    return Speaker(earlier.start, earlier.end, start, end, True)
            end = self._with_anonymity_clause(end)
            return Speaker(start, end, start, end, True)
        if head in ROLE_HEADS and definite:
            person = self._person_with_role(head, start)
            if person is not None:
                return Speaker(person.start, person.end, start, end, False)
        if words[0] in _DETERMINERS or head in SOURCE_HEADS or has_mention:
            return Speaker(start, end, start, end, False)
        if len(spans) <= 4 and all(self.text[s].isupper() for s, _ in spans):
            return Speaker(start, end, start, end, False)  # a name the recogniser missed
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

    def _earlier_unnamed(self, head: str) -> Speaker | None:
        stem = head.rstrip("s")
        for item in reversed(self.found[-_REACH_QUOTES:]):
            speaker = item.attribution.speaker if item.attribution else None
            if speaker is None or not speaker.anonymous:
                continue
            words = [w.lower().strip(".,'’") for w in self.text[speaker.start : speaker.end].split()]
            if any(word.rstrip("s") == stem for word in words):
                return speaker
        return None

    def _resolve_pronoun(self, pronoun: str, start: int, end: int) -> Speaker:
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
                        return Speaker(mention.start, mention.end, start, end, False)
                limit = sentence_start
                if limit <= floor:
                    break
        elif pronoun == "they":
            for item in reversed(self.found[-_REACH_QUOTES:]):
                speaker = item.attribution.speaker if item.attribution else None
                if speaker is not None and speaker.anonymous and speaker.end <= start:
                    return Speaker(speaker.start, speaker.end, start, end, True)
        return Speaker(start, end, start, end, False)

    def _subject_like(self, start: int) -> bool:
        """Whether the words at ``start`` are not the object of a preposition ("with Prime Minister X")."""
        line_start = self.text.rfind("\n", max(0, start - REACH_CHARS), start) + 1
        before = self.text[max(line_start, start - REACH_CHARS) : start].rstrip()
        mention = self.mention_at(start)
        if mention is not None and mention.role and before.endswith(mention.role):
            before = before[: -len(mention.role)]
        previous = LAST_WORD.search(before)
        return previous is None or previous.group(1).lower() not in _PREPOSITIONS

    # - words -

    def _words(self, start: int, end: int) -> list[tuple[int, int]]:
        return [(match.start(), match.end()) for match in WORD.finditer(self.masked, start, end)]

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
