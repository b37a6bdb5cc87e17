"""Keys that arrive in one burst (a paste, a macro, typing just after start-up) go where the
first of them sent the focus: typed into the search box, never run as commands."""

from __future__ import annotations

from textual import events
from textual.keys import _character_to_key
from textual.widgets import Input

from tui.screens.claims import ClaimsScreen
from tui.screens.library import LibraryScreen

SIZE = (120, 40)


def burst(app, characters: str) -> None:
    """Queue every key at once, as a terminal delivers a paste or a fast typist's keys."""
    for character in characters:
        app.post_message(events.Key(_character_to_key(character), character))


async def test_library_search_typed_in_one_burst_stays_in_the_box(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        read_before = set(app.store.read_uris())
        burst(app, "/Cuba rover")
        await pilot.pause(0.3)
        assert isinstance(app.screen, LibraryScreen)  # C did not open the claims screen
        assert app.screen.query_one("#search", Input).value == "Cuba rover"
        assert set(app.store.read_uris()) == read_before  # r did not toggle read state


async def test_claims_search_typed_in_one_burst_stays_in_the_box(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("C")
        await pilot.pause()
        assert isinstance(app.screen, ClaimsScreen)
        burst(app, "/vqC")
        await pilot.pause(0.3)
        assert isinstance(app.screen, ClaimsScreen)
        assert app.screen.query_one("#claims-search", Input).value == "vqC"
