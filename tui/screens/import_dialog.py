"""`i` in the library: ask what to import (web pages, feeds, files or folders)."""

from __future__ import annotations

import shlex

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


def split_sources(value: str) -> list[str]:
    """What was typed, as sources: separated by spaces; a path with spaces in quotes."""
    try:
        return shlex.split(value)
    except ValueError:  # an unclosed quote: take the words as they are
        return value.split()


class ImportDialog(ModalScreen[list[str] | None]):
    """One line: URLs, feed URLs or paths; enter imports, escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="import.cancel")]
    DEFAULT_CSS = """
    ImportDialog { align: center middle; }
    ImportDialog > Vertical { width: 90; max-width: 100%; height: auto;
        border: round $accent; background: $panel; padding: 0 1; }
    ImportDialog .hint { color: $text-muted; }
    """

    def __init__(self, folder: str) -> None:
        super().__init__()
        self._folder = folder

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Import"
            yield Input(placeholder="https://… page or feed, or a file or folder", id="sources")
            yield Static(Text(f"several: separated by spaces · saved as Markdown in "
                              f"{self._folder}\nenter import · escape cancel"), classes="hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        sources = split_sources(event.value)
        self.dismiss(sources or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
