"""The side panel's lists, made for the keyboard: the first item is highlighted as soon as a
list takes focus (so the first enter or space acts, instead of only highlighting), and j/k
move as they do everywhere else in newsdesk."""

from __future__ import annotations

from textual import events
from textual.binding import Binding, BindingType
from textual.widgets import OptionList, SelectionList

PANEL_BINDINGS: list[BindingType] = [
    Binding("j", "cursor_down", "Down", show=False, id="panel.down"),
    Binding("k", "cursor_up", "Up", show=False, id="panel.up"),
]


class _PanelKeys:
    """A highlight on focus when there is none yet (Textual reads BINDINGS only off
    widget classes, so each list below names PANEL_BINDINGS itself)."""

    def on_focus(self, _event: events.Focus) -> None:
        if self.highlighted is None and self.option_count:  # type: ignore[attr-defined]
            self.action_first()  # type: ignore[attr-defined]


class PanelOptionList(_PanelKeys, OptionList):
    """The entity list."""

    BINDINGS = PANEL_BINDINGS


class LabelToggles(_PanelKeys, SelectionList[str]):
    """The label toggles (space shows or hides a label's colour)."""

    BINDINGS = PANEL_BINDINGS
