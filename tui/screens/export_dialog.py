"""Exports from the command palette: ask where, ask before replacing, write, report.

The palette offers each format under its own default name in the current folder
(so two exports never overwrite each other). The user may edit the name. Whatever
is already at that name — a file, or a symlink, even a dangling one — is replaced
only after a yes, and a symlink is then replaced by the new file, never written
through (a link planted under the default name cannot redirect the export). A
folder, device or FIFO is refused. Every outcome is one notification naming the
file; a failure never stops the app.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ..core.articles import display_path
from ..core.atomic import atomic_write_new
from ..core.paths import NotWritable, existing_entry
from ..core.store import StoreError

ADVICE = "choose another file name"


def current_folder() -> Path:
    """The current folder, or "." when it has been deleted (writing there then fails,
    with a notification)."""
    try:
        return Path.cwd()
    except OSError:
        return Path(".")


class ExportPathDialog(ModalScreen[Path | None]):
    """Edit the file to export to; enter exports, escape cancels. Returns the path or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="export.cancel")]
    DEFAULT_CSS = """
    ExportPathDialog { align: center middle; }
    ExportPathDialog > Vertical { width: 90; max-width: 100%; height: auto; border: round $accent;
        background: $panel; padding: 0 1; }
    ExportPathDialog .hint { color: $text-muted; }
    """

    def __init__(self, label: str, default: Path):
        super().__init__()
        self._label = label
        self._default = default

    def compose(self) -> ComposeResult:
        # A folder whose name does not survive sanitizing is left out of the editable
        # text (the name is then relative to it) rather than shown altered.
        full = str(self._default)
        value = full if display_path(full) == full else self._default.name
        with Vertical() as box:
            box.border_title = "Export claims"
            yield Static(Text(f"{self._label}, to the file:"))
            yield Input(value, id="export-path", select_on_focus=False)
            yield Static(Text(f"relative names are in {display_path(current_folder())}"),
                         classes="hint")
            yield Static(Text("enter export · escape cancel"), classes="hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.dismiss(Path(event.value.strip()).expanduser())

    def action_cancel(self) -> None:
        self.dismiss(None)


class ReplaceDialog(ModalScreen[bool]):
    """Ask before an export replaces what is at its name: y replaces, n or escape keeps it."""

    BINDINGS = [
        Binding("y", "answer(True)", "Replace", id="replace.yes"),
        Binding("n,escape", "answer(False)", "Keep", id="replace.no"),
    ]
    DEFAULT_CSS = """
    ReplaceDialog { align: center middle; }
    ReplaceDialog > Vertical { width: 90; max-width: 100%; height: auto; border: round $warning;
        background: $panel; padding: 0 1; }
    """

    def __init__(self, path: Path, link_to: str):
        super().__init__()
        self._path = path
        self._link_to = link_to

    def question(self) -> Text:
        name = display_path(self._path)
        if self._link_to:
            return Text(f"{name} exists — a symlink to {display_path(self._link_to)}, which is "
                        "left as it is: the link itself is replaced — replace it? y / n")
        return Text(f"{name} exists — replace it? y / n")

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Replace?"
            yield Static(self.question(), id="replace-question")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class PaletteExport:
    """One export from the palette: `render()` gives (text, number of annotations)."""

    def __init__(self, app: App, label: str, render: Callable[[], tuple[str, int]]):
        self.app = app
        self.label = label
        self.render = render

    def start(self, default: Path) -> None:
        self.app.push_screen(ExportPathDialog(self.label, default), self._chosen)

    def _chosen(self, path: Path | None) -> None:
        if path is None:
            return
        try:
            link_to = existing_entry(path, ADVICE)
        except NotWritable as exc:
            self._failed(str(exc), path)
            return
        if link_to is None:
            self._write(path, replace=False)
        else:
            self._ask(path, link_to)

    def _ask(self, path: Path, link_to: str) -> None:
        self.app.push_screen(ReplaceDialog(path, link_to), lambda yes: self._answered(path, yes))

    def _answered(self, path: Path, yes: bool | None) -> None:
        if yes:
            self._write(path, replace=True)
        else:  # back to the name, to choose another (escape there cancels)
            self.app.notify(f"{display_path(path)} left as it was; choose another name",
                            markup=False)
            self.start(path)

    def _write(self, path: Path, replace: bool) -> None:
        name = display_path(path)
        try:
            if replace:
                existing_entry(path, ADVICE)  # again: it may have become a folder or FIFO
            text, count = self.render()
            atomic_write_new(path, text, replace=replace)
        except NotWritable as exc:
            self._failed(str(exc), path)
        except FileExistsError:  # appeared since it was looked at: ask, never overwrite
            try:
                self._ask(path, existing_entry(path, ADVICE) or "")
            except NotWritable as exc:
                self._failed(str(exc), path)
        except StoreError as exc:
            self._failed(f"Not exported to {name}: {exc}", path)
        except OSError as exc:
            self._failed(f"Not exported to {name}: cannot write ({exc.strerror or exc})", path)
        else:
            self.app.notify(f"Exported {count} annotation(s) to {name}", markup=False)

    def _failed(self, message: str, path: Path) -> None:
        """Say why, then ask for the file again with what was typed (escape cancels)."""
        self.app.notify(message, severity="error", markup=False, timeout=10)
        self.start(path)
