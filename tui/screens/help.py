"""`?`: every key the current screen answers to, as bound (config keymaps included)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close", id="help.close")]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 96; max-width: 100%; height: auto; max-height: 90%;
        border: round $accent; background: $panel; padding: 0 1; }
    """

    def __init__(self, title: str, keys: list[tuple[str, str, str]], legend: Text | None = None):
        super().__init__()
        self._screen_name = title
        self._key_rows = keys
        self._legend = legend

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold")
        table.add_column()
        table.add_column(style="dim")
        for key, description, binding_id in self._key_rows:
            table.add_row(Text(key), Text(description), Text(binding_id))
        with VerticalScroll() as scroll:
            scroll.border_title = f"Keys: {self._screen_name}"
            scroll.border_subtitle = Text("escape closes · [keymap] ids: newsdesk config keys")
            yield Static(table)
            if self._legend is not None:
                yield Static(Text("\n").join([Text(""), self._legend]), id="help-legend")


GLOBAL_ACTIONS = ("quit", "app.quit", "command_palette")


def keys_for(screen) -> list[tuple[str, str, str]]:
    """(keys, description, binding id) for every binding on `screen`'s chain, grouped by
    action; the id is what a [keymap] entry names ("" for Textual's own).

    Walks the whole chain (focused widget, its ancestors, screen, app), so a
    screen binding shadowed by a widget's own key is still listed.
    """
    grouped: dict[str, tuple[list[str], str, str]] = {}
    for _node, bindings_map in screen._binding_chain:
        for _key, binding in bindings_map:
            # Our bindings carry ids (remappable via [keymap]); skip Textual's generic scrolling.
            if not binding.description or not (binding.id or binding.action in GLOBAL_ACTIONS):
                continue
            # Our bindings' tooltips, where there is one, are the longer description.
            described = (binding.tooltip if binding.id else "") or binding.description
            keys, _, _ = grouped.setdefault(binding.action, ([], described, binding.id or ""))
            shown = screen.app.get_key_display(binding)
            if shown not in keys:
                keys.append(shown)
    return [(" / ".join(keys), description, binding_id)
            for keys, description, binding_id in grouped.values()]
