"""The reader's layout: the side panel (claim and entities) shown or hidden, and the
article kept to a readable measure however wide the terminal is.

The panel is shown when the article still gets ARTICLE_MIN_COLUMNS beside it, so
an 80-column terminal reads the article at full width; `p` shows or hides it
whatever the width, and that choice holds for the rest of the session (every
reader opened after follows it) and across resizes. The article's lines are at
most `max_width` columns (config, default DEFAULT_MAX_WIDTH): at 200 columns a
line of 150 characters is hard to follow back to its start.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding

from ..mixins import ScreenMixin

SIDE_PANEL_COLUMNS = 42  # #reader-side's width in newsdesk.tcss, border included
ARTICLE_MIN_COLUMNS = 60  # the panel is shown by default only when the article keeps this


class SidePanelLayout(ScreenMixin):
    """Mixin for the reader screen: `p` toggles the side panel; resizes keep the layout."""

    if TYPE_CHECKING:
        def _update_status(self) -> None: ...  # the reader's

    PANEL_BINDINGS = [
        Binding("p", "toggle_panel", "Panel", show=False, id="reader.panel",
                tooltip="Side panel (claim, entities, labels): shown / hidden"),
    ]

    def _panel_wanted(self) -> bool:
        chosen = getattr(self.app, "reader_panel_choice", None)
        if chosen is not None:
            return chosen
        return self.app.size.width - SIDE_PANEL_COLUMNS >= ARTICLE_MIN_COLUMNS

    def apply_layout(self) -> None:
        """Panel shown or hidden as wanted; the article capped at the configured measure."""
        side = self.query_one("#reader-side")
        wanted = self._panel_wanted()
        if side.display != wanted:
            side.display = wanted
            self._update_status()
        self.query_one("#article").styles.max_width = self.app.settings.max_width

    def on_resize(self, _event) -> None:
        self.apply_layout()

    def show_panel(self) -> None:
        """Before focusing something in the panel (e, l): it must be on screen."""
        side = self.query_one("#reader-side")
        if not side.display:
            self.app.reader_panel_choice = True
            side.display = True
            self._update_status()

    def action_toggle_panel(self) -> None:
        side = self.query_one("#reader-side")
        self.app.reader_panel_choice = not side.display
        side.display = self.app.reader_panel_choice
        if not side.display and side.has_focus_within:
            self.query_one("#article").focus()
        self._update_status()
        self.notify("Side panel shown" if side.display else "Side panel hidden (p shows it)",
                    timeout=2)
