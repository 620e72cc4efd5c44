"""A wire pile written for the provenance-graph tests: one agency story, twenty outlets' lightly edited copies
of it, a radio report of the same vote in its own words (quoting the same speaker) with one outlet's copy of
that report, and three reports of other events written independently."""

from __future__ import annotations

import json
from pathlib import Path

WIRE_SOURCE = "Northern Wire Agency"
WIRE = [
    "The regional council of Valdmark approved on Monday a plan to rebuild the Osterbrook rail bridge, "
    "closed since a barge struck one of its piers in January.",
    "Council leader Hanne Lindqvist said the work would cost 48 million kroner and take fourteen months.",
    '"The bridge carries nine thousand commuters a day, and every week it stays shut costs the valley dearly," '
    "Lindqvist told reporters after the vote.",
    "The plan passed by 31 votes to 12, with the Green group voting against over the felling of riverside trees.",
    "Engineers from the firm Brandt & Holm will replace the damaged pier and strengthen the two beside it.",
    "Replacement buses between Osterbrook and Kellby will keep running until the bridge reopens.",
    "The barge's owner, Sundvik Shipping, has agreed to pay 11 million kroner towards the repairs.",
]
# Twenty outlets that run the agency's story with a line of their own in front and a word changed here and there.
OUTLETS = [
    "Valdmark Courier",
    "Osterbrook Post",
    "Kellby Herald",
    "River Valley News",
    "The Morning Ledger",
    "Coastal Times",
    "North Star Daily",
    "Harbour Gazette",
    "Evening Standard of Lund",
    "Hillside Chronicle",
    "Metro Dispatch",
    "The Weekly Bell",
    "Capital Observer",
    "Lakeside Tribune",
    "Fjord Journal",
    "Granite Press",
    "Westmark Examiner",
    "Pine County Record",
    "Southern Sentinel",
    "Bay Area Bulletin",
]
RADIO_SOURCE = "Valdmark Radio"
RADIO = (
    "Valdmark's councillors voted on Monday evening to rebuild the damaged Osterbrook crossing, ending months of "
    "argument over who should pay. "
    '"The bridge carries nine thousand commuters a day, and every week it stays shut costs the valley dearly," '
    "Lindqvist told reporters after the vote. "
    "Our reporter Sofie Brandt counted several dozen residents outside the town hall cheering the result, while "
    "a handful of protesters held banners asking the council to spare the willows along the bank. "
    "The rebuilding firm has not yet published a timetable for closing the riverside footpath."
)
RADIO_COPY_SOURCE = "Kellby Community Online"
INDEPENDENT = [
    (
        "Kellby Herald Sport",
        "Kellby Rovers beat Sundvik United three goals to one on Saturday in front of a record crowd of 6,200. "
        "Striker Mateo Arnesen scored twice before half time, and goalkeeper Per Dahl saved a late penalty. "
        "The win lifts Rovers to second place in the northern league.",
    ),
    (
        "Granite Press Culture",
        "The Lund city museum will reopen its textile hall in April after a two-year restoration costing "
        "3.5 million kroner. Curator Ingrid Falk said 140 tapestries had been cleaned by hand. Entry to the "
        "hall will be free for the first month.",
    ),
    (
        "Coastal Times Weather",
        "Forecasters expect the first snow of the winter on the coast by Thursday, with up to twenty centimetres "
        "on higher ground. The roads authority has put gritting crews on standby from Wednesday night. Ferries "
        "to the outer islands may be cancelled if winds pass 20 metres per second.",
    ),
]


def _copy(index: int, outlet: str) -> str:
    lead = f"{outlet} staff and agencies report from the council chamber."
    sentences = list(WIRE)
    # A light edit each: one word swapped, a sentence dropped for a few, so no two copies are byte-identical.
    sentences[1] = sentences[1].replace("would cost", "will cost" if index % 2 else "would cost")
    if index % 3 == 0:
        sentences = sentences[:-1]
    if index % 4 == 1:
        sentences[4] = sentences[4].replace("strengthen", "reinforce")
    return lead + " " + " ".join(sentences) + f" Readers can send questions about the works to {outlet}."


def write_wire_pile(folder: Path) -> list[str]:
    """Write the 26 articles into ``folder`` (text files with their metadata); return the outlets, wire first."""
    folder.mkdir(parents=True, exist_ok=True)

    def write(name: str, text: str, source: str, published: str, title: str) -> None:
        (folder / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
        meta = {"source": source, "published": published, "title": title}
        (folder / f"{name}.meta.json").write_text(json.dumps(meta), encoding="utf-8")

    write("00_wire", " ".join(WIRE), WIRE_SOURCE, "2025-11-03", "Valdmark council approves bridge rebuild")
    for index, outlet in enumerate(OUTLETS, start=1):
        day = 3 + index % 2
        write(
            f"{index:02d}_copy",
            _copy(index, outlet),
            outlet,
            f"2025-11-0{day}",
            "Osterbrook bridge to be rebuilt",
        )
    write("25_radio", RADIO, RADIO_SOURCE, "2025-11-03", "Councillors vote to rebuild Osterbrook crossing")
    copy = "From our partners at Valdmark Radio. " + RADIO
    write("26_radio_copy", copy, RADIO_COPY_SOURCE, "2025-11-04", "Councillors vote to rebuild crossing")
    for index, (outlet, text) in enumerate(INDEPENDENT, start=30):
        write(f"{index:02d}_other", text, outlet, "2025-11-05", f"{outlet} report")
    return [WIRE_SOURCE, *OUTLETS, RADIO_SOURCE, RADIO_COPY_SOURCE, *(outlet for outlet, _ in INDEPENDENT)]
