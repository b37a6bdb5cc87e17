"""A DataTable that holds only the rows someone has come near.

A library of 10,000 articles as 10,000 DataTable rows costs seconds to build and
again on every search keystroke. `WindowedTable` is given the row count and a
function that makes row N; it adds the first `FIRST_ROWS` (at least two screens)
and then, as the cursor or the scroll position comes within `AHEAD_ROWS` of the
last row added, the next ones. Jumping to the bottom (ctrl+end) adds the rest.
Everything else (keys, cursor, row keys, selection) is DataTable's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.widgets import DataTable

FIRST_ROWS = 60  # rows added at least: a tall screen and more (~5 ms)
AHEAD_ROWS = 30  # rows kept ready below the cursor and below the viewport

RowMaker = Callable[[int], tuple[Sequence[object], str]]  # row index -> (cells, key)


class WindowedTable(DataTable):
    _total = 0
    _make_row: RowMaker | None = None
    _filling = False

    def set_rows(self, total: int, make_row: RowMaker, cursor_row: int = 0) -> None:
        """Show `total` rows, made on demand by `make_row`; the cursor goes to
        `cursor_row` (kept within the rows)."""
        self._total, self._make_row = 0, None  # clear() scrolls to the top: no rows wanted
        self.clear()
        # clear() keeps each column as wide as its widest cell ever was: after a resize
        # to fewer columns, Date, Words and the counts would sit off-screen.
        for column in self.columns.values():
            column.content_width = column.label.cell_len
        self._total, self._make_row = total, make_row
        self._fill(max(FIRST_ROWS, self.size.height + AHEAD_ROWS, cursor_row + AHEAD_ROWS))
        if self.row_count:
            self.move_cursor(row=min(cursor_row, self.row_count - 1))

    @property
    def total_rows(self) -> int:
        """Every row there is, added to the table or not yet."""
        return self._total

    def _fill(self, upto: int) -> None:
        # Adding a row can move the cursor or the scroll, which asks for rows again.
        if self._filling:
            return
        self._filling = True
        try:
            upto = min(upto, self._total)
            make = self._make_row
            while self.row_count < upto and make is not None:
                cells, key = make(self.row_count)
                self.add_row(*cells, key=key)
        finally:
            self._filling = False

    def ensure_row(self, row: int) -> None:
        """Rows up to `row` (and `AHEAD_ROWS` beyond) exist."""
        if row + AHEAD_ROWS > self.row_count:
            self._fill(row + AHEAD_ROWS + FIRST_ROWS)

    def watch_cursor_coordinate(self, old_coordinate, new_coordinate) -> None:
        super().watch_cursor_coordinate(old_coordinate, new_coordinate)
        self.ensure_row(new_coordinate.row)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self.ensure_row(int(new_value) + self.size.height)

    def action_scroll_bottom(self) -> None:
        self._fill(self._total)
        super().action_scroll_bottom()
