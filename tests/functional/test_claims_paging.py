"""The claims screen at a desk's volume: rows are made a page at a time, filters see all."""

from __future__ import annotations

import uuid

from textual.widgets import Static

from tui.core.anchoring import make_selector
from tui.core.records import STATUSES, Annotation, now_iso
from tui.core.store import Store
from tui.screens.claims import PAGE_ROWS, ClaimsScreen, PagedTable

from .conftest import wait_for

TEXT = " ".join(f"Officials counted {n:04} ferry passengers in Dover." for n in range(40))
CLAIMS = 1000


def many_claims(db) -> None:
    stamp, claims = now_iso(), []
    for n in range(CLAIMS):
        start = (n % 40) * 50
        selector = make_selector(TEXT, start, start + 49)
        claims.append(Annotation(
            id=str(uuid.uuid4()), uri=f"file:///desk/report-{n // 10}.txt", selector=selector,
            status=STATUSES[n % 4], note="the odd one" if n == 937 else f"note {n}",
            created=stamp, modified=stamp, tagged_quote=selector.exact, rev=1))
    Store(db).insert(claims)


async def test_a_thousand_claims_open_a_page_at_a_time_and_filter_in_full(make_app, tmp_path):
    db = tmp_path / "newsdesk.json"
    many_claims(db)
    app = make_app(db=db)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        app.action_claims()
        await wait_for(pilot, lambda: isinstance(app.screen, ClaimsScreen)
                       and bool(app.screen.query("#claims-title")))
        await pilot.pause()
        screen = app.screen
        table = screen.query_one("#claims", PagedTable)
        title = screen.query_one("#claims-title", Static)
        assert f"{CLAIMS} shown of {CLAIMS}" in str(title.render())
        assert table.row_count == PAGE_ROWS, "only a page of rows is made"
        for _ in range(PAGE_ROWS):  # the cursor walks down: the next page is there in time
            await pilot.press("j")
        assert table.cursor_row == PAGE_ROWS and table.row_count > PAGE_ROWS + 1
        await pilot.press("ctrl+end")
        assert table.row_count == CLAIMS and table.cursor_row == CLAIMS - 1

        await pilot.press("ctrl+home", "s")  # verified: a quarter, from memory
        assert f"{CLAIMS // 4} shown of {CLAIMS}" in str(title.render())
        assert table.row_count == PAGE_ROWS
        await pilot.press("s", "s", "s", "s", "slash", *"odd one")
        assert "1 shown of" in str(title.render()) and table.row_count == 1
        assert screen.current_claim().note == "the odd one", "found beyond the first page"
