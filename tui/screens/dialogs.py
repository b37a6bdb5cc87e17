"""Small modal dialogs: a multi-line note, a list of tags."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static, TextArea


class NoteDialog(ModalScreen[str | None]):
    """Edit a note; ctrl+s saves, escape cancels. Returns the text, or None if cancelled."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="note.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="note.cancel"),
    ]
    DEFAULT_CSS = """
    NoteDialog { align: center middle; }
    NoteDialog > Vertical { width: 80; height: 20; border: round $accent; background: $panel;
        padding: 0 1; }
    NoteDialog TextArea { height: 1fr; }
    NoteDialog .hint { color: $text-muted; }
    """

    def __init__(self, title: str, text: str = "", context: str = ""):
        super().__init__()
        self._heading = title
        self._initial_text = text
        self._quote_text = context

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self._heading
            if self._quote_text:
                yield Static(Text(self._quote_text, style="italic"), classes="hint")
            yield TextArea(self._initial_text, id="note-text", soft_wrap=True, show_line_numbers=False)
            yield Static(Text("ctrl+s save · escape cancel"), classes="hint")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)


class TagsDialog(ModalScreen[list[str] | None]):
    """Edit free tags, comma-separated; enter saves, escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="tags.cancel")]
    DEFAULT_CSS = """
    TagsDialog { align: center middle; }
    TagsDialog > Vertical { width: 70; height: auto; border: round $accent; background: $panel;
        padding: 0 1; }
    TagsDialog .hint { color: $text-muted; }
    """

    def __init__(self, tags: list[str], title: str = "Tags"):
        super().__init__()
        self._initial_tags = tags
        self._heading = title

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self._heading
            yield Input(", ".join(self._initial_tags), placeholder="e.g. troops, casualties", id="tags")
            yield Static(Text("comma-separated · enter save · escape cancel"), classes="hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        tags = [t.strip() for t in event.value.split(",") if t.strip()]
        self.dismiss(list(dict.fromkeys(tags)))

    def action_cancel(self) -> None:
        self.dismiss(None)
