"""A banner at the top of a screen while the database is read-only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

if TYPE_CHECKING:
    from textual import getters

    from ..app import NewsdeskApp


class StoreBanner(Static):
    """Hidden until the store goes read-only; then says why, on every screen."""

    if TYPE_CHECKING:
        app = getters.app(NewsdeskApp)  # for mypy: the app's own attributes

    DEFAULT_CSS = """
    StoreBanner { dock: top; height: auto; display: none; background: $error; color: $text;
        text-style: bold; padding: 0 1; }
    """

    def on_mount(self) -> None:
        self.refresh_state()

    def refresh_state(self) -> None:
        reason = self.app.store.read_only
        self.display = bool(reason)
        if reason:
            self.update(Text(f"READ-ONLY — {reason}"))
