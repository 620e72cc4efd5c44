"""The reference knowledge base: people with the offices they held and when, offices, organisations and places.

Checks that need world knowledge (an act dated before its actor held the office named, a garbled name of a
known person) read it only from here, so every such finding can name the KB entry behind it. A starter KB ships
in ``crossfact/kb/*.yaml``; users add their own files with ``--kb FILE`` (YAML or CSV). A user entry whose id
exists already extends it: a new ``name`` replaces the old one (which stays an alias), other single values
replace, aliases/titles/demonyms are added, and tenures given for an office replace the tenures the entry had in
that office (tenures in other offices stay). A malformed file raises one :class:`~crossfact.errors.KBError`
that names the file and the line.

YAML format, with top-level lists ``people``, ``offices``, ``organisations`` and ``places``::

    offices:
      - id: office:japan-prime-minister   # kind prefix, then a lower-case slug
        name: Prime Minister of Japan
        titles: [Prime Minister, PM]       # the words before a holder's name in text
        country: place:japan
    people:
      - id: person:sanae-takaichi
        name: Sanae Takaichi
        aliases: [Takaichi]
        tenures:
          - {office: office:japan-prime-minister, start: 2025-10-21}   # no end: still in office
    organisations:
      - {id: org:dsca, name: Defense Security Cooperation Agency, aliases: [DSCA], country: place:united-states}
    places:
      - {id: place:japan, name: Japan, demonyms: [Japanese]}
      - {id: place:tokyo, name: Tokyo, country: place:japan, stands_for: place:japan}

Fields: every entry has ``id`` and ``name`` (``name`` may be left out only when extending an existing id),
optionally ``type`` (PERSON, NORP, FAC, ORG, GPE, LOC or TITLE; by default PERSON, TITLE, ORG, GPE by kind) and
``aliases``. People add ``tenures``; offices ``titles`` and ``country``; organisations ``country``; places
``country``, ``demonyms`` and ``stands_for`` (the place a capital or building speaks for: "Tokyo said").

Dates are ``YYYY-MM-DD``. ``start`` is the first day in office and ``end`` the last; where power passes during
a day (US presidents at noon on 20 January) that day is the outgoing holder's ``end`` and the incoming holder's
``start``, and :meth:`KB.holders` returns both for it, the incoming one first.

CSV format: a header row naming some of the columns ``kind,id,name,type,aliases,country,titles,demonyms,
stands_for,office,start,end,acting`` (``kind`` and ``id`` are required), then one row per entry, where
``kind`` is person, office, org or place and list columns separate their items with ``;``. A person takes one
row per tenure (``office,start,end,acting``; ``acting`` true for an acting holder); rows with the same id are
one entry. The example rows are invented, except that Rob Jetten gains an alias::

    kind,id,name,aliases,country,office,start,end,acting
    office,office:example-harbour-master,Harbour Master of Example Port,,place:netherlands,,,,
    person,person:anna-example,Anna Example,Example,,office:example-harbour-master,2019-03-01,2023-02-28,
    person,person:anna-example,,,,office:example-harbour-master,2023-03-01,2023-04-01,true
    person,person:rob-jetten,,R. Jetten,,,,,
"""

from __future__ import annotations

import csv
import functools
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import NoReturn

import yaml
from rapidfuzz import fuzz, process

from crossfact import errors
from crossfact.errors import KBError

KINDS = ("person", "office", "org", "place")
SECTIONS = {
    "people": "person",
    "offices": "office",
    "organisations": "org",
    "organizations": "org",
    "places": "place",
}
# spaCy's OntoNotes labels for names, plus TITLE (CoreNLP's label) for offices, which are not named entities.
TYPES = ("PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "TITLE")
DEFAULT_TYPES = {"person": "PERSON", "office": "TITLE", "org": "ORG", "place": "GPE"}
FIELDS = {
    "person": ("id", "name", "type", "aliases", "tenures"),
    "office": ("id", "name", "type", "aliases", "titles", "country"),
    "org": ("id", "name", "type", "aliases", "country"),
    "place": ("id", "name", "type", "aliases", "country", "demonyms", "stands_for"),
}
TENURE_FIELDS = ("office", "start", "end", "acting")
CSV_COLUMNS = (
    "kind",
    "id",
    "name",
    "type",
    "aliases",
    "country",
    "titles",
    "demonyms",
    "stands_for",
    "office",
    "start",
    "end",
    "acting",
)
CSV_REQUIRED = ("kind", "id")

# Fuzzy person-name matching (name_score), measured by tests/test_kb.py::test_kb_fuzzy_sweep on 49 garbled or
# variant spellings of KB people (the seeds' "Sanai Takwati", the demo's "Dick Schooff", "Olaf Schultz",
# "Wolodymyr Selenskyj", ...) against 237 names that must not match: 67 real people outside the KB who share a
# name part with someone in it (Hunter Biden, Shintaro Abe, Kim Jong Il, ...) and each KB person's names
# against all other KB people. Best F1, each scorer at its own best threshold: name_score 0.980 (P 0.961,
# R 1.000); fuzz.token_sort_ratio 0.938, fuzz.ratio 0.929, fuzz.WRatio 0.929, Jaro-Winkler 0.907.
# name_score keeps R 1.000 and P 0.961 for any threshold in (72.7, 74.1]: 74.1 is "Sanai Takwati" -> Sanae
# Takaichi, the heaviest garbling in the set, and 72.7 the strongest negative below it ("Olaf Kolzig").
# Raising the threshold loses the seed's garbling first (at 75: R 0.980; at 90: P 1.000, R 0.816). The two
# negatives above it, "Lee Jae-yong" (88.0 to Lee Jae-myung) and "John Kelly" (80.0 to John Kerry), are at
# typo distance, which no threshold separates: the garbled-name check must also confirm role and date.
FUZZY_THRESHOLD = 73.5
# A garbling keeps a name's shape: as many words, each within this many letters of the length of the word it
# stands for and at least this similar to it (fuzz.ratio). This is what keeps relatives and namesakes out: a
# whole word differs (Hunter/Joe Biden, Kim Jong Il/Un) or its length does (Shintaro/Shinzo Abe,
# Nobusuke/Nobuo Kishi, Bidenko/Biden). In the same sweep: no length rule, best F1 0.939; slack 2, 0.942;
# slack 0, 0.537; word ratio floor 60, 0.948 (40 changes nothing); neither rule, 0.939.
NAME_WORD_LENGTH_SLACK = 1
NAME_WORD_MIN_RATIO = 50.0

_YAML_TAG_NULL = "tag:yaml.org,2002:null"
_ID = re.compile(r"^(person|office|org|place):[a-z0-9][a-z0-9._-]*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TRUE = frozenset({"true", "yes", "1"})
_FALSE = frozenset({"false", "no", "0"})
_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})
# Dots go ("U.S." = "US", "J.D." = "JD"); dashes and other punctuation become spaces ("Indo-Pacific",
# "Moon Jae-in", "Washington, D.C."); the apostrophe stays ("People's Republic").
_PUNCT = re.compile(r"[^\w\s']|_")
_HOW_RANK = {"exact": 0, "alias": 1, "demonym": 2, "fuzzy": 3}


@dataclass(frozen=True, slots=True)
class Tenure:
    """One term in one office: from ``start`` to ``end`` (the last day), ``end`` None while still in office."""

    office: str
    start: date
    end: date | None = None
    acting: bool = False
    origin: str = field(default="", compare=False)

    def covers(self, on: date) -> bool:
        """Return whether the person held the office on the day ``on`` (start and end days included)."""
        return self.start <= on and (self.end is None or on <= self.end)


@dataclass(frozen=True, slots=True)
class KBEntry:
    """A person, office, organisation or place, with every name it goes by and where it was read from."""

    id: str
    kind: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    tenures: tuple[Tenure, ...] = ()
    country: str | None = None
    titles: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    stands_for: str | None = None
    origin: str = field(default="", compare=False)


@dataclass(frozen=True, slots=True)
class Match:
    """A KB entry found for a name: ``score`` 0–100, ``how`` exact, alias, demonym or fuzzy."""

    entry: KBEntry
    score: float
    how: str


def name_key(text: str) -> str:
    """Return the form names are compared in: no accents, dots, dashes or case, and no leading "the"."""
    text = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    text = "".join(char for char in text if not unicodedata.combining(char)).replace(".", "")
    words = _PUNCT.sub(" ", text).casefold().split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def name_score(name: str, other: str) -> float:
    """Return how likely ``name`` is a spelling or garbling of ``other``, 0–100: fuzz.ratio of the normalised
    names, or 0 unless both have as many words and each word pair keeps the shape rules above."""
    return _score_keys(name_key(name), name_key(other))


def _score_keys(key: str, other: str) -> float:
    if key == other:
        return 100.0
    words, other_words = key.split(), other.split()
    if len(words) != len(other_words) or len(words) < 2:
        return 0.0  # one-word names are too short to tell a garbling from another name ("Abe", "Kono", "Kim")
    for word, other_word in zip(words, other_words, strict=True):
        if abs(len(word) - len(other_word)) > NAME_WORD_LENGTH_SLACK:
            return 0.0
        if fuzz.ratio(word, other_word) < NAME_WORD_MIN_RATIO:
            return 0.0
    return float(fuzz.ratio(key, other))


class KB:
    """Entries by id, with an index from every normalised name to the entries it names, built once."""

    __slots__ = ("_by_key", "_entries", "_fuzzy_ids", "_fuzzy_keys", "_holdings", "_titles", "sources")

    def __init__(self, entries: Iterable[KBEntry], *, sources: Sequence[str] = ()) -> None:
        self._entries: dict[str, KBEntry] = {}
        for entry in entries:
            if entry.id in self._entries:
                first = self._entries[entry.id].origin
                _fail(entry.origin, errors.KB_DUPLICATE_ID.format(id=entry.id, first=first))
            self._entries[entry.id] = entry
        self.sources = tuple(sources)
        _validate(self._entries)
        self._by_key: dict[str, list[tuple[str, str, bool]]] = {}
        self._titles: dict[str, list[str]] = {}
        self._holdings: dict[str, list[tuple[Tenure, str]]] = {}
        fuzzy: dict[str, str] = {}  # a person's name or alias of two words or more -> the person's id
        for entry in self._entries.values():
            self._index(entry, fuzzy)
        self._fuzzy_keys = list(fuzzy)
        self._fuzzy_ids = list(fuzzy.values())

    def _index(self, entry: KBEntry, fuzzy: dict[str, str]) -> None:
        names = [(entry.name, "exact"), *((alias, "alias") for alias in entry.aliases)]
        names += [(demonym, "demonym") for demonym in entry.demonyms]
        for text, how in names:
            key = name_key(text)
            hits = self._by_key.setdefault(key, [])
            if not any(hit[0] == entry.id for hit in hits):
                hits.append((entry.id, how, _is_acronym(text)))
            if entry.kind == "person" and len(key.split()) >= 2:
                fuzzy.setdefault(key, entry.id)
        if entry.kind == "office":
            for text in (entry.name, *entry.aliases, *entry.titles):
                ids = self._titles.setdefault(name_key(text), [])
                if entry.id not in ids:
                    ids.append(entry.id)
        for tenure in entry.tenures:
            self._holdings.setdefault(tenure.office, []).append((tenure, entry.id))

    def __iter__(self) -> Iterator[KBEntry]:
        return iter(self._entries.values())

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, id: object) -> bool:
        return id in self._entries

    def __getitem__(self, id: str) -> KBEntry:
        return self._entries[id]

    def __repr__(self) -> str:
        return f"KB({len(self._entries)} entries from {len(self.sources)} files)"

    def get(self, id: str) -> KBEntry | None:
        """Return the entry with this id, or None."""
        return self._entries.get(id)

    def lookup(
        self, name: str, *, kind: str | None = None, fuzzy: bool = True, threshold: float = FUZZY_THRESHOLD
    ) -> list[Match]:
        """Return the entries ``name`` names, best first: by name, alias or demonym (score 100), or else, for
        people only, by a name or alias of two words or more that :func:`name_score` puts at ``threshold`` or up.

        Case, dots ("U.S."), dashes, accents and a leading "the" do not matter, except that an all-capital alias
        ("US", "AP") matches only a name that is not all lower case.
        """
        key = name_key(name)
        lower = not any(char.isupper() for char in name)
        matches = [
            Match(self._entries[id], 100.0, how)
            for id, how, acronym in self._by_key.get(key, ())
            if not (acronym and lower) and (kind is None or self._entries[id].kind == kind)
        ]
        if matches or not fuzzy or kind not in (None, "person") or len(key.split()) < 2:
            return sorted(matches, key=lambda match: (_HOW_RANK[match.how], match.entry.id))
        return self._fuzzy(key, threshold)

    def _fuzzy(self, key: str, threshold: float) -> list[Match]:
        best: dict[str, float] = {}
        # fuzz.ratio bounds name_score from above, so the C scorer picks candidates and the word rule filters.
        for candidate, _, index in process.extract(
            key, self._fuzzy_keys, scorer=fuzz.ratio, score_cutoff=threshold, limit=None
        ):
            score = _score_keys(key, candidate)
            id = self._fuzzy_ids[index]
            if score >= threshold and score > best.get(id, 0.0):
                best[id] = score
        ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))
        return [Match(self._entries[id], round(score, 1), "fuzzy") for id, score in ranked]

    def similarity(self, name: str, id: str) -> float:
        """Return how close ``name`` is to the entry's name or any of its aliases, 0–100 (:func:`name_score`).

        A check that knows who should be meant (the holder of the office named, on that date) can compare with
        that one entry instead of searching the whole KB."""
        entry = self._entries[id]
        return max(name_score(name, text) for text in (entry.name, *entry.aliases))

    def holders(self, office_id: str, on: date) -> list[KBEntry]:
        """Return the people who held the office on the day ``on``: one, or on a handover day the incoming holder
        first and the outgoing one second; an empty list when the KB knows no holder for that day."""
        if self._entries.get(office_id) is None or self._entries[office_id].kind != "office":
            raise KeyError(office_id)
        covering = sorted(
            (tenure for tenure in self._holdings.get(office_id, ()) if tenure[0].covers(on)),
            key=lambda tenure: tenure[0].start,
            reverse=True,
        )
        return [self._entries[id] for id in dict.fromkeys(id for _, id in covering)]

    def tenures(self, person_id: str, office_id: str | None = None) -> list[Tenure]:
        """Return the person's tenures, oldest first, only those in ``office_id`` when it is given."""
        return [tenure for tenure in self._entries[person_id].tenures if office_id in (None, tenure.office)]

    def offices_for_title(self, title: str, *, country: str | None = None) -> list[KBEntry]:
        """Return the offices a title names ("Prime Minister", "PM", "Prime Minister of Japan", "Japanese Prime
        Minister", "Japan's PM", "U.S. President"), only those of ``country`` (a place id) when it is given."""
        key = name_key(title)
        lower = not any(char.isupper() for char in title)
        ids = list(self._titles.get(key, ()))
        if not ids:
            ids = self._titled_with_place(key, lower)
        offices = [self._entries[id] for id in ids]
        return sorted(
            (office for office in offices if country is None or office.country == country),
            key=lambda office: office.id,
        )

    def _titled_with_place(self, key: str, lower: bool) -> list[str]:
        """Office ids for "<place or demonym> <title>" and "<title> of <place>"."""
        words = key.split()
        splits = [(" ".join(words[:cut]), " ".join(words[cut:])) for cut in range(1, len(words))]
        splits = [(place.removesuffix("'s"), rest) for place, rest in splits]
        if " of " in key:
            rest, place = key.rsplit(" of ", 1)
            splits.append((name_key(place), rest))  # "of the Netherlands"
        for place_key, title_key in splits:
            places = {
                id
                for id, _, acronym in self._by_key.get(place_key, ())
                if self._entries[id].kind == "place" and not (acronym and lower)
            }
            ids = [id for id in self._titles.get(title_key, ()) if self._entries[id].country in places]
            if ids:
                return ids
        return []


def load_kb(paths: Iterable[str | Path] = (), *, builtin: bool = True) -> KB:
    """Return the KB of the shipped files (unless ``builtin`` is false) extended by the files at ``paths``, in
    order. Each stage may call this: the result is cached until one of the files changes."""
    files = tuple(Path(file) for file in paths)
    if builtin and not files:
        return _builtin_kb()
    try:
        stamps = tuple((str(path.resolve()), path.stat().st_mtime_ns, path.stat().st_size) for path in files)
    except OSError:
        return _load(files, builtin)  # a missing file: reading it raises the KBError that says so
    return _load_stamped(stamps, files, builtin)


@functools.lru_cache(maxsize=8)
def _load_stamped(stamps: tuple[tuple[str, int, int], ...], files: tuple[Path, ...], builtin: bool) -> KB:
    return _load(files, builtin)


def _load(files: tuple[Path, ...], builtin: bool) -> KB:
    entries: dict[str, KBEntry] = {entry.id: entry for entry in _builtin_kb()} if builtin else {}
    sources = list(_builtin_kb().sources) if builtin else []
    for path in files:
        seen: dict[str, str] = {}
        for draft in _read_file(path):
            if draft.id in seen:
                _fail(draft.origin, errors.KB_DUPLICATE_ID.format(id=draft.id, first=seen[draft.id]))
            seen[draft.id] = draft.origin
            entries[draft.id] = _merge(entries.get(draft.id), draft)
        sources.append(str(path))
    return KB(entries.values(), sources=sources)


@functools.cache
def _builtin_kb() -> KB:
    entries: list[KBEntry] = []
    sources: list[str] = []
    folder = resources.files("crossfact") / "kb"
    for item in sorted(folder.iterdir(), key=lambda item: item.name):
        if item.name.endswith(".yaml"):
            origin = f"crossfact/kb/{item.name}"
            entries += (_merge(None, draft) for draft in _read_yaml(origin, item.read_text(encoding="utf-8")))
            sources.append(origin)
    return KB(entries, sources=sources)  # a duplicate id across the shipped files is an error here


# --- reading files --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Draft:
    """An entry as one file gives it: None or empty where the file says nothing."""

    id: str
    kind: str
    origin: str
    name: str | None = None
    type: str | None = None
    aliases: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)
    country: str | None = None
    stands_for: str | None = None
    tenures: list[Tenure] = field(default_factory=list)


def _read_file(path: Path) -> list[_Draft]:
    where = str(path)
    if not path.is_file():
        raise KBError(errors.KB_MISSING, path=where)
    suffix = path.suffix.lower()
    if suffix not in (".yaml", ".yml", ".csv"):
        raise KBError(errors.KB_UNSUPPORTED_SUFFIX.format(suffix=path.suffix), path=where)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = path.read_bytes()[: e.start].count(b"\n") + 1
        raise KBError(errors.KB_UNDECODABLE.format(reason=e.reason), path=where, line=line) from e
    return _read_csv(where, text) if suffix == ".csv" else list(_read_yaml(where, text))


def _read_yaml(path: str, text: str) -> Iterator[_Draft]:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        reason = " ".join(part for part in (e.context, e.problem) if part)
        raise KBError(
            errors.KB_BAD_YAML.format(reason=reason), path=path, line=mark.line + 1 if mark else None
        ) from e
    except yaml.YAMLError as e:
        raise KBError(errors.KB_BAD_YAML.format(reason=e), path=path) from e
    if root is None or _is_null(root):
        return
    sections = ", ".join(SECTIONS)
    if not isinstance(root, yaml.MappingNode):
        _fail_at(path, root, errors.KB_NOT_MAPPING.format(sections=sections, found=_describe(root)))
    for key_node, value_node in root.value:
        section = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if section not in SECTIONS:
            unknown = errors.KB_UNKNOWN_SECTION.format(section=section, sections=sections)
            _fail_at(path, key_node, unknown)
        if _is_null(value_node):
            continue
        if not isinstance(value_node, yaml.SequenceNode):
            _fail_at(path, value_node, errors.KB_SECTION_NOT_LIST.format(section=section))
        for item in value_node.value:
            yield _draft_from_node(path, SECTIONS[section], item)


def _draft_from_node(path: str, kind: str, node: yaml.Node) -> _Draft:
    if not isinstance(node, yaml.MappingNode):
        _fail_at(path, node, errors.KB_ENTRY_NOT_MAPPING.format(found=_describe(node)))
    fields = _fields(path, node, FIELDS[kind], kind)
    if "id" not in fields:
        _fail_at(path, node, errors.KB_MISSING_FIELD.format(kind=kind, field="id"))
    id = _text(path, fields["id"], "id")
    _check_id(f"{path}:{_line(fields['id'])}", id, kind)
    draft = _Draft(id=id, kind=kind, origin=f"{path}:{_line(node)}")
    for name in ("name", "type", "country", "stands_for"):
        if name in fields:
            setattr(draft, name, _text(path, fields[name], name))
    if draft.type is not None:
        _check_type(f"{path}:{_line(fields['type'])}", draft.type)
    for name in ("aliases", "titles", "demonyms"):
        if name in fields:
            setattr(draft, name, _texts(path, fields[name], name))
    if "tenures" in fields and not _is_null(fields["tenures"]):
        tenures = fields["tenures"]
        if not isinstance(tenures, yaml.SequenceNode):
            _fail_at(path, tenures, errors.KB_TENURE_NOT_MAPPING)
        draft.tenures = [_tenure_from_node(path, item) for item in tenures.value]
    return draft


def _tenure_from_node(path: str, node: yaml.Node) -> Tenure:
    if not isinstance(node, yaml.MappingNode):
        _fail_at(path, node, errors.KB_TENURE_NOT_MAPPING)
    fields = _fields(path, node, TENURE_FIELDS, "tenure")
    for name in ("office", "start"):
        if name not in fields:
            _fail_at(path, node, errors.KB_MISSING_FIELD.format(kind="tenure", field=name))
    values = {name: None if _is_null(value) else _text(path, value, name) for name, value in fields.items()}
    return _tenure(f"{path}:{_line(node)}", values)


def _fields(path: str, node: yaml.MappingNode, known: Sequence[str], kind: str) -> dict[str, yaml.Node]:
    fields: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        name = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if not isinstance(name, str) or name not in known:
            message = errors.KB_UNKNOWN_FIELD.format(field=name, kind=kind, fields=", ".join(known))
            _fail_at(path, key_node, message)
        if name in fields:
            _fail_at(path, key_node, errors.KB_DUPLICATE_FIELD.format(field=name))
        fields[name] = value_node
    return fields


def _text(path: str, node: yaml.Node, name: str) -> str:
    if not isinstance(node, yaml.ScalarNode) or _is_null(node) or not node.value.strip():
        _fail_at(path, node, errors.KB_NOT_TEXT.format(field=name, found=_describe(node)))
    return str(node.value).strip()


def _texts(path: str, node: yaml.Node, name: str) -> list[str]:
    if _is_null(node):
        return []
    if isinstance(node, yaml.ScalarNode):
        return [_text(path, node, name)]
    if not isinstance(node, yaml.SequenceNode):
        _fail_at(path, node, errors.KB_NOT_TEXT_LIST.format(field=name))
    return [_text(path, item, name) for item in node.value]


def _read_csv(path: str, text: str) -> list[_Draft]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    drafts: dict[str, _Draft] = {}
    try:
        header = [column.strip() for column in next(reader, [])]
        for column in header:
            if column not in CSV_COLUMNS:
                message = errors.KB_CSV_UNKNOWN_COLUMN.format(column=column, columns=",".join(CSV_COLUMNS))
                raise KBError(message, path=path, line=1)
        for column in CSV_REQUIRED:
            if column not in header:
                message = errors.KB_CSV_MISSING_COLUMN.format(column=column, columns=",".join(CSV_REQUIRED))
                raise KBError(message, path=path, line=1)
        for row in reader:
            if not any(value.strip() for value in row):
                continue
            origin = f"{path}:{reader.line_num}"
            if len(row) != len(header):
                _fail(origin, errors.KB_CSV_FIELD_COUNT.format(count=len(row), expected=len(header)))
            draft = _draft_from_row(origin, dict(zip(header, (value.strip() for value in row), strict=True)))
            if draft.id in drafts:
                _absorb(drafts[draft.id], draft)
            else:
                drafts[draft.id] = draft
    except csv.Error as e:
        raise KBError(errors.KB_BAD_CSV.format(reason=e), path=path, line=reader.line_num) from e
    return list(drafts.values())


def _draft_from_row(origin: str, row: dict[str, str]) -> _Draft:
    kind = row["kind"]
    if kind not in KINDS:
        _fail(origin, errors.KB_CSV_BAD_KIND.format(kind=kind, kinds=", ".join(KINDS)))
    allowed = set(FIELDS[kind]) | (set(TENURE_FIELDS) if kind == "person" else set())
    for column, value in row.items():
        if value and column not in allowed | {"kind"}:
            _fail(origin, errors.KB_CSV_FIELD_FOR_KIND.format(field=column, kind=kind))
    if not row["id"]:
        _fail(origin, errors.KB_MISSING_FIELD.format(kind=kind, field="id"))
    _check_id(origin, row["id"], kind)
    draft = _Draft(id=row["id"], kind=kind, origin=origin)
    for name in ("name", "type", "country", "stands_for"):
        setattr(draft, name, row.get(name) or None)
    if draft.type is not None:
        _check_type(origin, draft.type)
    for name in ("aliases", "titles", "demonyms"):
        setattr(draft, name, [item.strip() for item in row.get(name, "").split(";") if item.strip()])
    tenure = {name: row.get(name) or None for name in TENURE_FIELDS}
    if any(tenure.values()):
        for name in ("office", "start"):
            if not tenure[name]:
                _fail(origin, errors.KB_MISSING_FIELD.format(kind="tenure", field=name))
        draft.tenures = [_tenure(origin, tenure)]
    return draft


def _absorb(draft: _Draft, row: _Draft) -> None:
    """Add a later CSV row of the same id to its draft; single values must agree."""
    for name in ("name", "type", "country", "stands_for"):
        first, value = getattr(draft, name), getattr(row, name)
        if first is not None and value is not None and first != value:
            message = errors.KB_CONFLICTING_VALUE.format(id=draft.id, field=name, first=first, value=value)
            _fail(row.origin, message)
        setattr(draft, name, first if first is not None else value)
    for name in ("aliases", "titles", "demonyms", "tenures"):
        getattr(draft, name).extend(getattr(row, name))


def _tenure(origin: str, values: dict[str, str | None]) -> Tenure:
    start = _date(origin, "start", values["start"])
    end = _date(origin, "end", values["end"]) if values.get("end") else None
    acting_text = (values.get("acting") or "false").lower()
    if acting_text not in _TRUE | _FALSE:
        _fail(origin, errors.KB_BAD_BOOL.format(field="acting", value=values["acting"]))
    office = str(values["office"])
    if end is not None and end < start:
        _fail(origin, errors.KB_TENURE_ENDS_BEFORE_START.format(office=office, start=start, end=end))
    return Tenure(office, start, end, acting_text in _TRUE, origin)


def _date(origin: str, name: str, value: str | None) -> date:
    text = value or ""
    if _DATE.match(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass  # "2024-02-30": the same message as any other non-date
    _fail(origin, errors.KB_BAD_DATE.format(field=name, value=text))


# --- merging and validating -------------------------------------------------------------------------------------


def _merge(existing: KBEntry | None, draft: _Draft) -> KBEntry:
    """Return the entry ``draft`` defines, or ``existing`` extended by it (see the module docstring)."""
    if existing is None:
        if draft.name is None:
            _fail(draft.origin, errors.KB_MISSING_NAME.format(id=draft.id))
        return KBEntry(
            id=draft.id,
            kind=draft.kind,
            name=draft.name,
            type=draft.type or DEFAULT_TYPES[draft.kind],
            aliases=_unique(draft.aliases, drop=draft.name),
            tenures=tuple(sorted(draft.tenures, key=_tenure_order)),
            country=draft.country,
            titles=_unique(draft.titles),
            demonyms=_unique(draft.demonyms),
            stands_for=draft.stands_for,
            origin=draft.origin,
        )
    name = draft.name or existing.name
    replaced = {tenure.office for tenure in draft.tenures}
    tenures = [tenure for tenure in existing.tenures if tenure.office not in replaced] + draft.tenures
    return KBEntry(
        id=existing.id,
        kind=existing.kind,
        name=name,
        type=draft.type or existing.type,
        aliases=_unique([existing.name, *existing.aliases, *draft.aliases], drop=name),
        tenures=tuple(sorted(tenures, key=_tenure_order)),
        country=draft.country or existing.country,
        titles=_unique([*existing.titles, *draft.titles]),
        demonyms=_unique([*existing.demonyms, *draft.demonyms]),
        stands_for=draft.stands_for or existing.stands_for,
        origin=f"{existing.origin}, {draft.origin}",
    )


def _validate(entries: dict[str, KBEntry]) -> None:
    """Raise KBError at the first reference to an id that is missing or of the wrong kind."""

    def check(origin: str, name: str, value: str | None, kind: str) -> None:
        target = entries.get(value) if value is not None else None
        if value is not None and (target is None or target.kind != kind):
            _fail(origin, errors.KB_UNKNOWN_REFERENCE.format(field=name, value=value, kind=kind))

    for entry in entries.values():
        check(entry.origin, "country", entry.country, "place")
        check(entry.origin, "stands_for", entry.stands_for, "place")
        for tenure in entry.tenures:
            check(tenure.origin or entry.origin, "office", tenure.office, "office")


# --- small helpers ----------------------------------------------------------------------------------------------


def _is_acronym(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    return len(letters) >= 2 and all(char.isupper() for char in letters)


def _unique(items: Iterable[str], *, drop: str | None = None) -> tuple[str, ...]:
    return tuple(item for item in dict.fromkeys(items) if item != drop)


def _tenure_order(tenure: Tenure) -> tuple[date, str]:
    return (tenure.start, tenure.office)


def _check_id(origin: str, id: str, kind: str) -> None:
    if not _ID.match(id) or not id.startswith(f"{kind}:"):
        _fail(origin, errors.KB_BAD_ID.format(id=id, kind=kind))


def _check_type(origin: str, type: str) -> None:
    if type not in TYPES:
        _fail(origin, errors.KB_BAD_TYPE.format(type=type, types=", ".join(TYPES)))


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == _YAML_TAG_NULL


def _describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return "nothing" if _is_null(node) else f"'{node.value}'"


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _fail_at(path: str, node: yaml.Node, message: str) -> NoReturn:
    raise KBError(message, path=path, line=_line(node))


def _fail(origin: str, message: str) -> NoReturn:
    """Raise KBError at ``origin`` ("file:line", or several of them, the last being the latest source)."""
    last = origin.rsplit(", ", 1)[-1]
    path, _, line = last.rpartition(":")
    if path and line.isdigit():
        raise KBError(message, path=path, line=int(line))
    raise KBError(message, path=last)
