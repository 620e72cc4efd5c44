"""Resolve "his final weeks in office" and the like on the tenure, recorded in the KB, of the person named in
the same sentence: the value is the tenure's end (or start) at the phrase's unit, anchored on that tenure."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Literal

from crossfact.extract.times.context import Context, Value
from crossfact.extract.times.patterns import Found
from crossfact.extract.times.values import unit_of
from crossfact.model import Anchor, Mention

if TYPE_CHECKING:
    from crossfact.kb import KB, Tenure


def tenure(context: Context, found: Found) -> Value | None:
    """ "his final weeks in office": the end (or start) of the KB tenure of the person the sentence names."""
    match = found.match
    mention = _person_in_sentence(context, found)
    if mention is None or mention.kb_id is None:
        return None
    kb = context.kb
    if kb is None:
        from crossfact.kb import load_kb  # read only when a tenure phrase meets a linked person

        kb = context.kb = load_kb()
    if kb.get(mention.kb_id) is None:
        return None
    edge: Literal["start", "end"] = (
        "start" if match.group("edge") in ("first", "opening", "early", "initial") else "end"
    )
    tenure = _pick_tenure(kb, mention, edge, context.ref)
    when = None if tenure is None else tenure.start if edge == "start" else tenure.end
    if tenure is None or when is None:
        return None
    unit = unit_of(match.group("unit"))
    if unit in ("day", "hour"):
        value, mod = when.isoformat(), None
    elif unit == "week":
        value, mod = f"{when.year}-{when.month:02d}", None
    else:
        value, mod = str(when.year), edge.upper()
    anchor = Anchor("kb", person=mention.kb_id, office=tenure.office, edge=edge)
    return Value("DATE", value, mod, anchor, day=when if unit == "day" else None)


def _person_in_sentence(context: Context, found: Found) -> Mention | None:
    """The KB-linked person named in the expression's sentence: the nearest before it, else the first."""
    sentence_start, sentence_end = context.sentence(found.start)
    people = [
        mention
        for mention in context.article.mentions
        if mention.kb_id
        and mention.kb_id.startswith("person:")
        and sentence_start <= mention.start
        and mention.end <= sentence_end
    ]
    before = [mention for mention in people if mention.end <= found.start]
    if before:
        return max(before, key=lambda mention: mention.start)
    return min(people, key=lambda mention: mention.start) if people else None


def _pick_tenure(kb: KB, mention: Mention, edge: str, ref: date | None) -> Tenure | None:
    """The tenure "his final weeks in office" most likely means: in the office the mention's role names when it
    names one ("Former President"), and of those the latest one that had ended (begun, for "his first weeks")
    by ``ref`` when it is known."""
    tenures = kb.tenures(str(mention.kb_id))
    if mention.role:
        role = re.sub(
            r"(?i)^(?:former|ex-|then-|late|outgoing|incoming|sitting|current)\s*", "", mention.role
        )
        offices = {office.id for office in kb.offices_for_title(role)} if role else set()
        tenures = [tenure for tenure in tenures if tenure.office in offices] or tenures
    if edge == "end":
        ended = [
            tenure for tenure in tenures if tenure.end is not None and (ref is None or tenure.end <= ref)
        ]
        return max(ended, key=lambda tenure: tenure.end or tenure.start, default=None)
    begun = [tenure for tenure in tenures if ref is None or tenure.start <= ref]
    return max(begun, key=lambda tenure: tenure.start, default=None)
