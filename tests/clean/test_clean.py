"""The clean stage on real scraped text: repairs made, debris gone, prose kept, offsets mapping back to raw."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crossfact.clean import BOILERPLATE, MARKUP, SPACE, TABLE, WRAP, clean_article, clean_text, raw_offset
from crossfact.model import Article, Edit
from crossfact.read import Meta, make_article, read_file
from tests.conftest import seed_path


def _raw(seeds_dir: Path, number: str) -> str:
    (article,) = read_file(seed_path(seeds_dir, number))
    assert not isinstance(article, type(None))
    return article.raw  # type: ignore[union-attr]


def _rebuild_raw(text: str, edits: tuple[Edit, ...]) -> str:
    pieces, position = [], 0
    for edit in edits:
        pieces += [text[position : edit.start], edit.raw]
        position = edit.end
    pieces.append(text[position:])
    return "".join(pieces)


def test_clean_seed_000_joins_lines_broken_after_us(seeds_dir: Path) -> None:
    raw = _raw(seeds_dir, "000")
    text, edits = clean_text(raw)
    assert text.startswith("The U.S. State Department has approved a potential $100.2 million contract")
    assert "of the U.S. Department of Defense announced the decision" in text
    assert "On October 28th, U.S. President Donald Trump disclosed" in text
    assert "U.S.\n" not in text
    assert [edit.raw for edit in edits if edit.reason == WRAP] == ["\n", "\n", "\n"]
    # Lines that end a sentence stay separate paragraphs.
    assert "Japan as a regional ally.\nTokyo had previously requested" in text


def test_clean_seed_003_strips_table_debris_and_keeps_prose(seeds_dir: Path) -> None:
    raw = _raw(seeds_dir, "003")
    text, edits = clean_text(raw)
    for debris in (
        "< td >",
        "< / th >",
        "/tbody>",
        "/table>",
        "---|",
        "| . . .",
        "Driving Factor | Expected",
    ):
        assert debris not in text, debris
    # The prose before, between and after the flattened tables stays, word for word.
    assert "Several critical elements are shaping this strategic recalibration:" in text
    assert "- Heightened Regional Threats: Persistent provocations from North Korea" in text
    assert text.splitlines()[-1].startswith("Conclusion: Reflecting on Japan’s Dual Pursuit")
    assert text.endswith("complex international commerce environments moving forward.")
    dropped = "".join(edit.raw for edit in edits if edit.reason == TABLE)
    assert "F-35 Lightning II Fighter Jets" in dropped and "Export Value (Billion USD)" in dropped


def test_clean_seed_002_drops_outlet_banner_but_records_it(seeds_dir: Path) -> None:
    raw = _raw(seeds_dir, "002")
    text, edits = clean_text(raw)
    assert text.startswith("U.S.-Japan Defense Agreement Marks Major Breakthrough")
    assert "Miami News" not in text
    banner = [edit.raw for edit in edits if edit.reason == BOILERPLATE]
    assert banner == ["Miami News, KMIA\n", "World News\n\n"]


@pytest.mark.parametrize("number", ["000", "001", "002", "003", "004"])
def test_clean_edit_log_rebuilds_the_raw_text_exactly(seeds_dir: Path, number: str) -> None:
    raw = _raw(seeds_dir, number)
    text, edits = clean_text(raw)
    assert _rebuild_raw(text, edits) == raw
    for edit in edits:
        assert raw[edit.raw_start : edit.raw_end] == edit.raw


@pytest.mark.parametrize("number", ["000", "003"])
def test_clean_offsets_map_back_to_the_same_words_in_raw(seeds_dir: Path, number: str) -> None:
    raw = _raw(seeds_dir, number)
    text, edits = clean_text(raw)
    for word in ("Japan", "Tokyo", "defense"):
        start = text.find(word)
        while start >= 0:
            raw_start = raw_offset(edits, start)
            assert raw[raw_start : raw_start + len(word)] == word
            start = text.find(word, start + 1)


def test_clean_keeps_typographic_quotes_and_dashes(seeds_dir: Path) -> None:
    raw = _raw(seeds_dir, "000")
    text, _ = clean_text(raw)
    assert "‘fair and beneficial’" in text
    assert "Trump’s approach—characterized" in text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # Column-wrapped wire copy (Reuters style): joined within paragraphs, indentation opens a paragraph.
        (
            "Showers continued throughout the week in\nthe Bahia cocoa zone, alleviating the drought since\n"
            "early January and improving prospects for the coming crop,\nComissaria Smith said.\n"
            "    The dry period means the crop will be late this year.\n",
            "Showers continued throughout the week in the Bahia cocoa zone, alleviating the drought since "
            "early January and improving prospects for the coming crop, Comissaria Smith said.\n"
            "The dry period means the crop will be late this year.",
        ),
        ("A stray<br>break and&nbsp;an entity.", "A stray break and an entity."),
        ("Words  with \u00a0 odd   spacing.\u200b", "Words with odd spacing."),
        ("One paragraph.\n\n\n\nAnother paragraph.", "One paragraph.\n\nAnother paragraph."),
    ],
)
def test_clean_repairs(raw: str, expected: str) -> None:
    text, edits = clean_text(raw)
    assert text == expected
    assert _rebuild_raw(text, edits) == raw


@pytest.mark.parametrize(
    "raw",
    [
        "Headline Of The Story\n\nThe first paragraph ends here.\nThe second one starts here.",
        "Trade Tensions and Economic Uncertainty\n\nTrump has imposed tariffs on multiple countries.",
        "Prices rose 5% | analysts said the rise was small.",
        "He moved to the U.S.\n\nThe next paragraph starts here.",
    ],
)
def test_clean_leaves_clean_text_alone(raw: str) -> None:
    text, edits = clean_text(raw)
    assert text == raw
    assert edits == ()


def test_clean_drops_stock_boilerplate_lines() -> None:
    raw = "The council approved the budget on Monday.\nAdvertisement\nIt will take effect in May.\n© 2025 Some Outlet"
    text, edits = clean_text(raw)
    assert text == "The council approved the budget on Monday.\nIt will take effect in May."
    assert {edit.reason for edit in edits} == {BOILERPLATE}


def test_clean_markup_glued_between_words_leaves_a_space() -> None:
    text, edits = clean_text("MILITARY readiness< / td >Improved combat")
    assert text == "MILITARY readiness Improved combat"
    assert [edit.reason for edit in edits] == [MARKUP]


def test_clean_records_whitespace_edits_as_space() -> None:
    _, edits = clean_text("  Indented line.   ")
    assert {edit.reason for edit in edits} == {SPACE}


@pytest.mark.issue(13)
@pytest.mark.parametrize(
    ("name", "title", "raw", "expected"),
    [
        ("PA/courts/axe1", "Axe killer jailed", "AXE KILLER JAILED\nA drifter was jailed.", "PA/courts/axe1"),
        (None, "Axe killer jailed", "AXE KILLER JAILED\nA drifter was jailed.", "Axe killer jailed"),
        (
            None,
            None,
            "AXE KILLER JAILED<\nBy A Reporter, PA News<\nA drifter was jailed.<",
            "AXE KILLER JAILED",
        ),
        # A text that opens with a paragraph has no headline line: the file name is all that names it.
        (
            None,
            None,
            "A drifter who killed three friends was jailed for life today.\nHe is 32.",
            "feed.jsonl#L16",
        ),
        (None, None, "One line without a full stop", "feed.jsonl#L16"),
    ],
)
def test_clean_names_the_article_by_id_title_headline_or_file(
    name: str | None, title: str | None, raw: str, expected: str
) -> None:
    article = Article("art-1", "data/feed.jsonl#L16", raw, "0" * 64, title=title, name=name)
    cleaned = clean_article(article)
    assert cleaned.name == expected
    assert cleaned.path == "data/feed.jsonl#L16"


@pytest.mark.issue(16)
def test_clean_cuts_a_text_over_the_limit_at_a_paragraph_break_and_keeps_the_rest() -> None:
    paragraph = "The council approved the budget on Monday after a long debate.\n"
    raw = paragraph * 40
    text, edits = clean_text(raw, max_chars=1000)
    assert len(text) <= 1000 and text.endswith("debate.")
    assert edits[-1].reason == "limit" and edits[-1].start == edits[-1].end == len(text)
    assert _rebuild_raw(text, edits) == raw  # nothing is lost: the cut text is in the edit log


def test_clean_article_over_the_limit_warns_naming_the_limit() -> None:
    article = make_article("long.txt", "One line of the report.\n" * 100, Meta())
    cleaned = clean_article(article, max_chars=500)
    assert any("limits.article_chars" in warning for warning in cleaned.warnings)
    assert clean_article(article, max_chars=100_000).warnings == ()


def test_clean_cuts_a_text_without_breaks_at_the_limit() -> None:
    text, edits = clean_text("x" * 5000, max_chars=1000)
    assert text == "x" * 1000 and edits[-1].raw == "x" * 4000


# Pieces of scraped text the cleaner repairs, mixed with arbitrary characters.
_SCRAPED = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "U.S.\n",
                "<p>",
                "</td>",
                "&amp;",
                "&#8217;",
                " | ",
                "---|---\n",
                "\n\n\n",
                "  ",
                "\u00a0",
                "\t",
                "Advertisement\n",
                "said the minister.\n",
                "Miami News\n",
                "\u200b",
                "\r\n",
                "“",
                "”",
            ]
        ),
        st.text(max_size=12),
    ),
    max_size=60,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(raw=_SCRAPED, limit=st.one_of(st.none(), st.integers(min_value=1, max_value=300)))
def test_clean_edits_rebuild_the_raw_text_and_offsets_map_inside_it(raw: str, limit: int | None) -> None:
    text, edits = clean_text(raw, max_chars=limit)
    assert _rebuild_raw(text, edits) == raw
    for edit in edits:
        assert 0 <= edit.start <= edit.end <= len(text) and raw[edit.raw_start : edit.raw_end] == edit.raw
    mapped = [raw_offset(edits, offset) for offset in range(len(text) + 1)]
    assert mapped == sorted(mapped) and all(0 <= offset <= len(raw) for offset in mapped)
