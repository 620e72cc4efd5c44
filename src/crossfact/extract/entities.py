"""Find who and what each article names, then merge the mentions into entities that hold across the corpus.

Per article, spaCy's statistical NER (``en_core_web_sm`` 3.8.0) tags the names (:func:`recognise`); a few
post-processing rules then adjust them (:func:`finish_mentions`, the ``RULES``, each a switch in
:class:`~crossfact.config.EntitiesConfig`). A rule is on by default only if it raised the mention F1 on a
MEANTIME corpus it was not chosen on (``benchmarks/eval_entities.py``, leave one corpus out): cutting a
possessive, the KB's type for a span that is exactly a KB name, and a full name's surname read as that person.
The KB entity ruler runs behind the model and can add the KB names the model missed, but that did not win, so
by default the KB only links the names the model found. Without the model a rule-based fallback runs: the KB
patterns plus capitalised-sequence patterns; the report names which one ran. Titles in front of a person
("US President") are kept as the mention's ``role``. Across articles, :func:`canonicalise_entities` links
mentions to KB entries, surnames to the full name used in the same article (or, if unique, the corpus), and
equal names to each other.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

from crossfact import lang
from crossfact.config import Config, EntitiesConfig
from crossfact.extract.model_input import model_text
from crossfact.kb import KB, load_kb
from crossfact.model import Article, Entity, Mention
from crossfact.step import Resources, Step

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# Labels kept as entities; numbers, dates and the like belong to the quantity and time extractors.
ENTITY_LABELS = lang.words("entity_labels")
RULES_BACKEND = "rules"

# Words that make a capitalised run an organisation in the fallback recogniser.
_ORG_WORDS = lang.words("org_words")
# "and" is no connector: "Northrop Grumman and Airbus" are two names.
_CONNECTORS = lang.words("name_connectors")
# Title words a name may carry; KB office titles are added to these when the recogniser is built.
_GENERIC_TITLES = lang.lines("titles")
_TITLE_MODIFIERS = (
    "(?:(?:"
    + "|".join(f"[{word[0].upper()}{word[0]}]{re.escape(word[1:])}" for word in lang.lines("title_modifiers"))
    + ")[- ])?"
)
# "Tokyo had requested" uses a capital for its government; "optimism in Tokyo" does not.
_GOVERNMENT_VERB = re.compile(rf"\s+(?:{'|'.join(lang.lines('government_verbs'))})\b")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


def _titles(kb: KB) -> tuple[str, ...]:
    titles = set(_GENERIC_TITLES)
    for entry in kb:
        titles.update(entry.titles)
    return tuple(sorted(titles, key=len, reverse=True))


@cache
def _role_patterns(titles: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Return (title just before a name, title at the start of an NER span) patterns."""
    alternatives = "|".join(re.escape(title) for title in titles)
    # Up to two capitalised qualifiers ("US", "Japanese", "U.S.") may precede the title itself; a word ending
    # in a full stop ("Steel. Former President") belongs to the previous sentence.
    before = re.compile(
        rf"{_TITLE_MODIFIERS}(?:(?!The\s)(?:[A-Z][\w-]*|(?:[A-Z]\.){{2,}})\s+){{0,2}}(?:{alternatives})\s+$"
    )
    leading = re.compile(rf"^{_TITLE_MODIFIERS}(?:{alternatives})\s+")
    return before, leading


def model_available(config: EntitiesConfig) -> bool:
    """Return whether the statistical NER model named in the config can be imported."""
    return config.use_model and importlib.util.find_spec(config.model) is not None


def describe_backend(config: EntitiesConfig) -> tuple[str, str | None]:
    """Return the entity component that will run and, if it is the fallback, why."""
    if model_available(config):
        return f"entities:spacy:{config.model}", None
    reason = "disabled in config" if not config.use_model else f"model package {config.model} not installed"
    return f"entities:{RULES_BACKEND}", reason


@cache
def load_recogniser(config: EntitiesConfig, kb_files: tuple[str, ...]) -> Language:
    """Return the spaCy pipeline for NER: the model (or the rule-based fallback), then KB patterns for gaps."""
    import spacy

    kb = load_kb(kb_files)
    if model_available(config):
        module: Any = importlib.import_module(config.model)
        # Only ner feeds the entities, and it embeds its own tok2vec: the shared "tok2vec" component feeds only
        # the tagger and parser. Without it the entities of the seeds are identical and spaCy's NER runs about
        # 1.25 times as fast (the seeds six times over: 5.3 s against 6.7 s in one process).
        nlp: Language = module.load(
            exclude=["tok2vec", "parser", "lemmatizer", "tagger", "attribute_ruler", "senter"]
        )
    else:
        nlp = spacy.blank("en")
    # The KB patterns run after the model and only fill gaps: run first, "Canada" in the KB broke "Air Canada"
    # and "China" broke "China Eastern Airlines" (benchmarks/eval_entities.py: 50 strict false positives on
    # MEANTIME). A KB name still wins on an exact span through the relabelling in _mention.
    ruler = nlp.add_pipe("entity_ruler", config={"overwrite_ents": False, "validate": False})
    ruler.add_patterns(list(_kb_patterns(kb)))  # type: ignore[attr-defined]
    return nlp


def _kb_patterns(kb: KB) -> Iterator[dict[str, Any]]:
    for entry in kb:
        if entry.kind == "office":
            continue
        for alias in {entry.name, *entry.aliases}:
            yield {"label": entry.type, "pattern": alias, "id": entry.id}
        for demonym in entry.demonyms:
            yield {"label": "NORP", "pattern": demonym, "id": entry.id}


class Found(NamedTuple):
    """A span the recogniser tagged, before post-processing, and which part of it did (a ``SOURCES`` key)."""

    start: int
    end: int
    label: str
    kb_id: str | None
    source: str


# Where a span came from, and the config switch that lets spans of that source through (None: always).
SOURCES: dict[str, str | None] = {
    "model": None,
    "fallback": None,
    "kb": "kb_names",
    "kb-demonym": "kb_demonyms",
    "capitalised": "capitalised_runs",
}
# The post-processing rules, each a boolean of EntitiesConfig, in the order they apply. The ones that add
# spans the model did not find are the SOURCES switches above and ``surname_add``.
RULES = (
    "kb_names",
    "kb_demonyms",
    "capitalised_runs",
    "trim_article",
    "trim_possessive",
    "title_org",
    "title_trim",
    "title_person",
    "kb_relabel",
    "surname_relabel",
    "surname_relabel_place",
    "surname_add",
)
# A surname the model tagged as a place is a rule of its own (surname_relabel_place): "Garuda Indonesia" tagged
# PERSON would otherwise make every "Indonesia" a person.
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def extract_mentions(
    article: Article,
    *,
    config: EntitiesConfig | None = None,
    kb_files: tuple[str, ...] = (),
    kb: KB | None = None,
) -> Iterator[Mention]:
    """Yield the entity mentions of the article's cleaned text, in text order, with roles and KB ids.

    ``kb`` is the KB built from ``kb_files``, when the caller has it already.
    """
    config = config or EntitiesConfig()
    kb = kb if kb is not None else load_kb(kb_files)
    yield from finish_mentions(
        article.id, article.text, recognise(article.text, config, kb_files), config, kb
    )


def recognise(text: str, config: EntitiesConfig, kb_files: tuple[str, ...] = ()) -> list[Found]:
    """Return every span the recogniser tags in ``text`` (model, KB ruler, fallback runs), before any rule."""
    nlp = load_recogniser(config, kb_files)
    fallback = not model_available(config)
    found: list[Found] = []
    for offset, doc in _docs(nlp, text, config.chunk_chars):
        for ent in doc.ents:
            # The ruler runs after the model and only fills gaps, so a span with a KB id is one the model
            # did not tag; the model's own spans carry no id. Without the model the ruler is the recogniser.
            source = (
                "model"
                if not ent.ent_id_
                else "fallback"
                if fallback
                else "kb-demonym"
                if ent.label_ == "NORP"
                else "kb"
            )
            found.append(
                Found(offset + ent.start_char, offset + ent.end_char, ent.label_, ent.ent_id_ or None, source)
            )
        if fallback:
            found.extend(
                Found(offset + start, offset + end, label, None, "capitalised")
                for start, end, label in _capitalised_runs(doc)
            )
    return sorted(found, key=lambda f: (f.start, f.end))


def finish_mentions(
    article_id: str, text: str, found: Iterable[Found], config: EntitiesConfig, kb: KB
) -> list[Mention]:
    """Return the mentions made from ``recognise``'s spans by the post-processing rules ``config`` turns on."""
    role_patterns = _role_patterns(_titles(kb))
    # A capitalised run takes in the title before a name ("Prime Minister Sanai Takwati"): cutting it is part
    # of the fallback's rule, not a correction of the model.
    run_rules = replace(config, title_trim=True, title_org=True)
    mentions: list[Mention] = []
    for span in found:
        switch = SOURCES[span.source]
        if span.label not in ENTITY_LABELS or (switch is not None and not getattr(config, switch)):
            continue
        rules = run_rules if span.source == "capitalised" else config
        mention = _mention(
            article_id, text, span.start, span.end, span.label, span.kb_id, role_patterns, kb, rules
        )
        if mention is not None:
            mentions.append(mention)
    return _consistent_surnames(article_id, text, mentions, config)


def _consistent_surnames(
    article_id: str, text: str, mentions: list[Mention], config: EntitiesConfig
) -> list[Mention]:
    """Return the mentions with every later use of a full name's surname read as that person.

    The model often types a bare surname differently from the full name ("Steve Jobs" ... "Jobs" as ORG) or
    misses it; half the PERSON misses on MEANTIME were such surnames (benchmarks/eval_entities.py).
    """
    if not (config.surname_relabel or config.surname_relabel_place or config.surname_add):
        return mentions
    surnames: dict[str, str | None] = {}
    for mention in mentions:
        words = text[mention.start : mention.end].split()
        if mention.label == "PERSON" and len(words) >= 2 and words[-1][:1].isupper():
            surnames.setdefault(words[-1], mention.kb_id)
    if not surnames:
        return mentions
    fixed = []
    covered = bytearray(len(text))
    for mention in mentions:
        surface = text[mention.start : mention.end]
        place = mention.label in _PLACE_LABELS
        if (
            (config.surname_relabel_place if place else config.surname_relabel)
            and surface in surnames
            and mention.label != "PERSON"
            and (mention.kb_id is None or mention.label == "ORG")
        ):
            mention = Mention(
                article_id, mention.start, mention.end, "PERSON", mention.role, surnames[surface]
            )
        covered[mention.start : mention.end] = b"\x01" * (mention.end - mention.start)
        fixed.append(mention)
    if config.surname_add:
        pattern = re.compile(r"\b(?:" + "|".join(re.escape(name) for name in surnames) + r")\b")
        for match in pattern.finditer(text):
            # A surname glued to another capitalised word is part of a longer name the model did not tag
            # ("Northrop Grumman", "Dow Jones"): not the person.
            if not any(covered[match.start() : match.end()]) and not _in_capitalised_run(text, match):
                fixed.append(
                    Mention(article_id, match.start(), match.end(), "PERSON", None, surnames[match.group()])
                )
    return sorted(fixed, key=lambda m: (m.start, m.end))


def _in_capitalised_run(text: str, match: re.Match[str]) -> bool:
    """Return whether the matched word has a capitalised word right before or after it on its line.

    A title or an abbreviation in front ("Mr. Jobs", "CEO Jobs") does not count: the surname still names the
    person.
    """
    before = re.search(r"([A-Z][\w&-]*)[ \t]+$", text[max(0, match.start() - 40) : match.start()])
    after = re.match(r"[ \t]+[A-Z&]", text[match.end() :])
    titled = before is not None and before.group(1) in _GENERIC_TITLES
    return (before is not None and not titled) or after is not None


def _docs(nlp: Language, text: str, chunk_chars: int) -> Iterator[tuple[int, Doc]]:
    """Yield (offset, doc) for paragraph-aligned chunks of ``text`` no longer than ``chunk_chars``."""
    chunks: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + chunk_chars)
        if end < len(text):
            cut = text.rfind("\n", start, end)
            end = cut + 1 if cut > start else end
        chunks.append((start, text[start:end]))
        start = end
    offsets = [offset for offset, _ in chunks]
    # One chunk at a time: nlp.pipe's default batch of 1 000 texts held every chunk's Doc and tensors at once, so
    # memory grew with the article (a 1 MB text of one-letter lines took 8.1 GB, issue 16); one chunk of
    # chunk_chars bounds it.
    docs = nlp.pipe((model_text(chunk) for _, chunk in chunks), batch_size=1)
    yield from zip(offsets, docs, strict=True)


def _mention(
    article_id: str,
    text: str,
    start: int,
    end: int,
    label: str,
    kb_id: str | None,
    role_patterns: tuple[re.Pattern[str], re.Pattern[str]],
    kb: KB,
    config: EntitiesConfig,
) -> Mention | None:
    article_word = re.match(r"(?:a|an)\s+", text[start:end])
    if config.trim_article and article_word and label != "PERSON":
        start += article_word.end()  # "a Voice of America report": the article is no part of the name
    surface = text[start:end]
    possessive = _POSSESSIVE.search(surface)
    if config.trim_possessive and possessive and possessive.start() > 0:
        end -= len(possessive.group())
    role = None
    before, leading = role_patterns
    inner = leading.match(text[start:end])
    if inner is not None and inner.end() < end - start:
        rest = text[start + inner.end() : end].split()
        # A title inside the span is not part of the name ("President Trump"); the model sometimes calls a
        # titled name an organisation ("Spokeswoman Sandy Angers"), which the title settles as a person.
        if any(word.lower().strip(".,") in _ORG_WORDS for word in rest):
            if config.title_org:
                label = "ORG"  # "General Motors Corporation": the "title" is part of a company's name
        elif label == "PERSON":
            if config.title_trim:
                start += inner.end()
        elif config.title_person and label == "ORG" and len(rest) >= 2 and all(w[:1].isupper() for w in rest):
            start += inner.end()
            label = "PERSON"
    if kb_id is None:
        kb_id, kb_label = _kb_exact(kb, text[start:end], label)
        # Linking always happens; whether the KB's type replaces the model's label is a rule of its own.
        if config.kb_relabel:
            label = kb_label
    if label == "PERSON":
        line_start = text.rfind("\n", 0, start) + 1
        window = text[max(line_start, start - 80) : start]
        title = before.search(window)
        if title is not None:
            role = window[title.start() :].strip()
    if label in ("GPE", "LOC") and kb_id is not None:
        entry = kb.get(kb_id)
        if entry is not None and entry.stands_for and _GOVERNMENT_VERB.match(text, end):
            kb_id, label, role = entry.stands_for, "GPE", "government"
    if end <= start or not text[start:end].strip():
        return None
    return Mention(article_id, start, end, label, role, kb_id)


_LABEL_FOR_KIND = {"person": "PERSON", "org": "ORG"}


def _kb_exact(kb: KB, surface: str, label: str) -> tuple[str | None, str]:
    """Return the KB id and label for a span whose exact words are a KB name, or (None, label)."""
    matches = [m for m in kb.lookup(surface, fuzzy=False) if m.entry.kind != "office"]
    if len({m.entry.id for m in matches}) != 1:
        return None, label
    match = matches[0]
    if match.how == "demonym":
        return match.entry.id, "NORP"
    # A KB name wins over the model's label on the same words ("Ryanair" is no person).
    return match.entry.id, _LABEL_FOR_KIND.get(match.entry.kind, match.entry.type)


def _capitalised_runs(doc: Doc) -> list[tuple[int, int, str]]:
    """Return (start, end, label) of runs of capitalised words no tagged span covers (the no-model fallback)."""
    covered = bytearray(len(doc))
    for ent in doc.ents:
        covered[ent.start : ent.end] = b"\x01" * (ent.end - ent.start)
    found: list[tuple[int, int, str]] = []
    run: list[Any] = []

    def close() -> None:
        while run and run[-1].lower_ in _CONNECTORS:
            run.pop()
        if len(run) >= 2:
            label = "ORG" if any(token.lower_ in _ORG_WORDS for token in run) else "PERSON"
            found.append((run[0].idx, run[-1].idx + len(run[-1].text), label))
        run.clear()

    previous = ""
    for token in doc:
        sentence_start = previous in {"", ".", "!", "?", "\n", "“", '"'}
        previous = token.text
        # A capital opening a sentence says nothing about a name, unless a run is under way or the next word is
        # capitalised too ("Ford Motor Company said").
        following = doc[token.i + 1] if token.i + 1 < len(doc) else None
        continues = following is not None and following.is_alpha and following.text[:1].isupper()
        capitalised = (
            token.is_alpha and token.text[:1].isupper() and (not sentence_start or bool(run) or continues)
        )
        if not covered[token.i] and (capitalised or (run and token.lower_ in _CONNECTORS)):
            run.append(token)
        else:
            close()
    close()
    return found


# -- across articles -------------------------------------------------------------------------------------


def _normalise(name: str) -> str:
    name = name.replace("’", "'").replace(".", "")
    name = re.sub(r"^(?:the)\s+", "", name.strip(), flags=re.IGNORECASE)
    return " ".join(name.lower().split())


def _group(label: str) -> str:
    # NORP ("Japanese") is kept apart from the place it derives from; every other label is one group, because
    # the small model often types one name PERSON in one sentence and ORG in the next ("Hvidsand Energi").
    return "NORP" if label == "NORP" else ""


def canonicalise_entities(articles: Sequence[Article], *, kb: KB | None = None) -> tuple[Entity, ...]:
    """Return corpus-wide entities built from every article's mentions, each with all its mentions."""
    kb = kb or load_kb()
    texts = {article.id: article.text for article in articles}
    keyed: list[tuple[tuple[str, ...], Mention]] = []
    for article in articles:
        keyed.extend(_keys_for_article(article, kb))
    keyed = _resolve_surnames(keyed, texts)
    members: dict[tuple[str, ...], list[Mention]] = defaultdict(list)
    for key, mention in keyed:
        members[key].append(mention)
    entities = [_entity(key, mentions, texts, kb) for key, mentions in members.items()]
    return tuple(sorted(entities, key=lambda entity: (-len(entity.mentions), entity.name, entity.id)))


def _keys_for_article(article: Article, kb: KB) -> Iterator[tuple[tuple[str, ...], Mention]]:
    for mention in article.mentions:
        surface = article.text[mention.start : mention.end]
        kb_id = mention.kb_id or _kb_link(surface, mention.label, kb)
        group = _group(mention.label)
        if kb_id is not None:
            yield ("kb", kb_id, "NORP" if group == "NORP" else ""), _with_kb(mention, kb_id)
        else:
            yield ("name", group, _normalise(surface)), mention


def _with_kb(mention: Mention, kb_id: str) -> Mention:
    if mention.kb_id == kb_id:
        return mention
    return Mention(mention.article, mention.start, mention.end, mention.label, mention.role, kb_id)


_KIND_FOR_LABEL = {
    "PERSON": "person",
    "ORG": "org",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "place",
}


def _kb_link(surface: str, label: str, kb: KB) -> str | None:
    kind = _KIND_FOR_LABEL.get(label)
    if kind is None:
        return None
    # The KB files some unions (the EU) as places typed ORG, so an ORG mention may link to either kind.
    ids = {
        match.entry.id
        for match in kb.lookup(surface, fuzzy=False)
        if match.entry.kind == kind or (label == "ORG" and match.entry.type == "ORG")
    }
    return next(iter(ids)) if len(ids) == 1 else None


def _resolve_surnames(
    keyed: list[tuple[tuple[str, ...], Mention]], texts: dict[str, str]
) -> list[tuple[tuple[str, ...], Mention]]:
    """Point one-word person names at the full name with that last word (same article first, then corpus).

    A one-word name the tagger labels otherwise in some sentences ("Klitschko" as NORP) counts as a person
    when the corpus labels that word PERSON more often than anything else."""
    by_surname_article: dict[tuple[str, str], set[tuple[str, ...]]] = defaultdict(set)
    by_surname_corpus: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    for _, mention in keyed:
        surface = _normalise(texts[mention.article][mention.start : mention.end])
        labels[surface][mention.label] += 1
    for key, mention in keyed:
        if mention.label != "PERSON":
            continue
        words = _normalise(texts[mention.article][mention.start : mention.end]).split()
        if len(words) >= 2:
            by_surname_article[(mention.article, words[-1])].add(key)
            by_surname_corpus[words[-1]].add(key)
    resolved = []
    for key, mention in keyed:
        words = _normalise(texts[mention.article][mention.start : mention.end]).split()
        person = mention.label == "PERSON" or (
            len(words) == 1 and labels[words[0]].most_common(1)[0][0] == "PERSON"
        )
        if person and key[0] == "name" and len(words) == 1:
            local = by_surname_article.get((mention.article, words[0]), set())
            corpus = by_surname_corpus.get(words[0], set())
            candidates = local if local else corpus
            if len(candidates) == 1:
                key = next(iter(candidates))
        resolved.append((key, mention))
    return resolved


def _entity(key: tuple[str, ...], mentions: list[Mention], texts: dict[str, str], kb: KB) -> Entity:
    surfaces = [texts[m.article][m.start : m.end] for m in mentions]
    labels = Counter(m.label for m in mentions)
    kb_id = key[1] if key[0] == "kb" else None
    entry = kb.get(kb_id) if kb_id else None
    if entry is not None and key[2] != "NORP":
        name, entity_type = entry.name, entry.type
    else:
        counts = Counter(surfaces)
        # The fullest form used is the name: "Donald Trump" over "Trump", then the most frequent.
        name = max(counts, key=lambda surface: (len(surface.split()), counts[surface], surface))
        entity_type = labels.most_common(1)[0][0]
    digest = hashlib.sha1("|".join(key).encode("utf-8")).hexdigest()[:10]
    ordered = sorted(mentions, key=lambda m: (m.article, m.start))
    return Entity(
        id=f"ent-{digest}",
        name=name,
        type=entity_type,
        aliases=tuple(sorted(set(surfaces) - {name})),
        kb_id=kb_id,
        mentions=tuple(ordered),
    )


def mention_texts(article: Article) -> Iterable[str]:
    """Return the surface text of each mention of the article (a helper for tests and reports)."""
    return [article.text[m.start : m.end] for m in article.mentions]


def _build(config: Config, resources: Resources) -> Callable[[Article], Article]:
    load_recogniser(config.entities, config.kb_files)  # load the model once, before the first article

    def run(article: Article) -> Article:
        mentions = extract_mentions(
            article, config=config.entities, kb_files=config.kb_files, kb=resources.kb
        )
        return replace(article, mentions=tuple(mentions))

    return run


STEP: Step[Article] = Step(
    "entities",
    "article",
    _build,
    requires=("article.text",),
    assigns=("article.mentions",),
    section="entities",
    describe=lambda config: describe_backend(config.entities),
)
