"""Wire-copy conventions undone by the clean stage: PA's paragraph marks, "#" for £, its quotes, header block
and sign-off, each an edit in the log; text that is not wire copy is left as written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crossfact.clean import WIRE, clean_text
from crossfact.clean.wire import is_wire_copy
from crossfact.config import CleanConfig
from crossfact.model import Edit

# A PA take laid out as METER holds them (header block, "<" paragraph marks, "#" for £, `` '' quotes, sign-off);
# the story is written for this test.
PA_TAKE = (
    "  " + "-" * 72 + "\n\n  " + "-" * 72 + "\n\n"
    "                   12:02 12/07/99: Page 1 (HHH) COURTS Fraud\n"
    "  " + "-" * 72 + "\n"
    "BANK CLERK JAILED FOR #270,000 FRAUD<\n"
    "By A Reporter, PA News<\n"
    "A bank clerk who stole more than #270,000 from her employer was jailed for\n"
    "three years today.<\n"
    "The judge said: ``You betrayed the trust placed in you.''<\n"
    "She was also ordered to pay #1,500 costs.<\n"
    "mf<"
)
PA_CLEANED = (
    "BANK CLERK JAILED FOR £270,000 FRAUD\n\n"
    "By A Reporter, PA News\n\n"
    "A bank clerk who stole more than £270,000 from her employer was jailed for three years today.\n\n"
    "The judge said: “You betrayed the trust placed in you.”\n\n"
    "She was also ordered to pay £1,500 costs."
)


def _rebuild_raw(text: str, edits: tuple[Edit, ...]) -> str:
    pieces, position = [], 0
    for edit in edits:
        pieces += [text[position : edit.start], edit.raw]
        position = edit.end
    pieces.append(text[position:])
    return "".join(pieces)


def test_wire_pa_take_is_cleaned_into_paragraphs_with_pounds() -> None:
    text, edits = clean_text(PA_TAKE)
    assert text == PA_CLEANED
    assert _rebuild_raw(text, edits) == PA_TAKE
    wire_edits = [edit for edit in edits if edit.reason == WIRE]
    assert {edit.raw for edit in wire_edits} >= {"#", "<\n", "``", "''"}
    # Every edit points at what it replaced: "£" in the cleaned text stands where "#" stood in the raw text.
    for edit in wire_edits:
        assert PA_TAKE[edit.raw_start : edit.raw_end] == edit.raw


def test_wire_conventions_can_be_switched_off() -> None:
    text, _ = clean_text(PA_TAKE, config=CleanConfig(wire_conventions=False))
    assert "#270,000" in text and "<" in text


@pytest.mark.parametrize(
    "raw",
    [
        "Fans voted the single #1 for a third week.\nIt sold 40,000 copies.",
        "Use the tag #MeToo when you post.\n\nThe campaign began in 2017.",
        "The index rose when x < 3.\nIt fell when y > 4.",
        "Prices of #2 pencils rose by 3 per cent.",
    ],
)
def test_wire_text_that_is_not_wire_copy_keeps_its_marks(raw: str) -> None:
    text, edits = clean_text(raw)
    assert not is_wire_copy(raw.split("\n"))
    assert [edit for edit in edits if edit.reason == WIRE] == []
    assert text.count("#") == raw.count("#") and text.count("<") == raw.count("<")


def test_wire_hash_before_a_scaled_amount_is_pounds_outside_wire_copy() -> None:
    # A newspaper reprinting PA copy kept its "#" (METER dev has one such article).
    text, edits = clean_text("The annual bill to the NHS amounts to #220 million a year.")
    assert text == "The annual bill to the NHS amounts to £220 million a year."
    assert [(edit.raw, edit.reason) for edit in edits] == [("#", WIRE)]


def test_wire_one_marked_line_without_a_slug_is_no_wire_copy() -> None:
    assert not is_wire_copy(["The council met on Monday.<", "It approved #3 of the plans."])


def test_wire_meter_pa_texts_lose_every_mark_and_keep_their_amounts(data_dir: Path) -> None:
    meter = data_dir / "meter" / "meter_dev.jsonl"
    if not meter.is_file():
        pytest.skip(f"METER dev not found at {meter}")
    records = [json.loads(line) for line in meter.read_text(encoding="utf-8").splitlines()[:60]]
    pa = [record["text"] for record in records if record["role"] == "source"]
    assert pa
    for raw in pa:
        text, edits = clean_text(raw)
        assert "<" not in text and "#" not in text and "------" not in text
        assert raw.count("#") == text.count("£")
        assert not text.lower().endswith(("\nend", "\nmf", "\nmfl"))
        assert _rebuild_raw(text, edits) == raw
