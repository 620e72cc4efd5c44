"""Write a typed value the way a reader writes it, for every renderer (HTML, Markdown, CSV)."""

from __future__ import annotations

from crossfact.model import INCREMENT, UNSTATED_COUNT, ConflictBasis, Value

# What a reader is told of why two claims with clashing values were compared at all (model.Conflict.basis).
BASIS_TEXT: dict[ConflictBasis, str] = {
    "same_statement": "same participant and predicate",
    "copy_edit": "one article repeats the other's words with a different figure",
}

_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def value_text(value: Value) -> str:
    """Return a value as a reader writes it: "4.2 billion EUR", "27.5 %", "2025-10-28", "4 sentence"."""
    if value.text_value is not None:
        return value.text_value
    if value.approx == UNSTATED_COUNT:
        return value.unit or value.kind  # "life": the words state no count
    number = _number(value.value)
    if value.kind == "money":
        for scale, word in _SCALES:
            if abs(value.value) >= scale:
                number = f"{_number(value.value / scale)} {word}"
                break
    # A count names what it counts ("count:sentence" → "4 sentence"); other kinds carry their unit.
    unit = value.slot.partition(":")[2] or value.unit if value.kind == "count" else value.unit
    hedge = "+" if value.approx == INCREMENT else f"{value.approx} " if value.approx else ""
    return f"{hedge}{number}{' ' + unit if unit else ''}"


def _number(number: float) -> str:
    return f"{number:,.2f}".rstrip("0").rstrip(".")
