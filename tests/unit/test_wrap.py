"""Rows of a line: rich's divide_line for ordinary lines, a regular expression for very long ones."""

from __future__ import annotations

import pytest
from rich._wrap import divide_line
from rich.cells import cell_len

from tui.widgets.wrap import LONG_LINE_CHARS, fast_row_breaks, row_breaks

from ..long_text import long_line

WIDTH = 77


def _rows(line: str, breaks: list[int]) -> list[str]:
    bounds = [0, *breaks, len(line)]
    return [line[start:end] for start, end in zip(bounds, bounds[1:])]


def test_ordinary_lines_wrap_as_rich_wraps_them():
    line = long_line(LONG_LINE_CHARS - 100)
    assert row_breaks(line, WIDTH) == divide_line(line, WIDTH, fold=True)


def test_a_long_line_of_prose_gets_the_same_rows_as_rich_would_give():
    line = long_line(200_000)
    assert fast_row_breaks(line, WIDTH) == divide_line(line, WIDTH, fold=True)
    ascii_line = line.replace("“", '"').replace("”", '"').replace("£", "L")
    assert ascii_line.isascii()
    assert fast_row_breaks(ascii_line, WIDTH) == divide_line(ascii_line, WIDTH, fold=True)


@pytest.mark.parametrize("line", [
    "中文字符" * 20_000,
    " ".join(["中文字符测试"] * 10_000),
    " ".join(["hello", "世界", "naïve", "e\u0301", "word", "\u3000", "tab\there"] * 3_000),
    " ".join(["👩\u200d💻", "ok", "❤\ufe0f", "🇺🇸"] * 5_000),
    "x" * 50_000,
    "word " + " " * 30_000 + "end",
], ids=["cjk", "cjk-words", "mixed", "emoji", "one-word", "spaces"])
def test_no_row_of_a_long_line_is_wider_than_the_view(line):
    rows = _rows(line, fast_row_breaks(line, WIDTH))
    assert "".join(rows) == line
    assert all(rows)
    for row in rows:
        assert cell_len(row.rstrip().replace("\t", " ")) <= WIDTH, row
    if "\u200d" in line:
        return  # emoji joined into one are measured apart at first: their rows may be shorter
    # Rows are filled: none but the last ends with room for the next row's first word.
    for row, following in zip(rows, rows[1:]):
        first_word = following.split()[0] if following.split() else following
        assert cell_len((row + first_word).replace("\t", " ")) > WIDTH or not row[-1:].isspace()
