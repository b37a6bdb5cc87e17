"""Side panel: label toggles (the legend) and entities with counts."""

from __future__ import annotations

import heapq
from collections import Counter

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Label, OptionList, SelectionList
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from ..core.analysis import LABEL_NAMES, Analysis
from ..render import label_counts, label_style
from .panel_lists import LabelToggles, PanelOptionList

# Distinct entities listed, commonest first: a very long article has tens of thousands,
# which took a second to list (the interface waits) and are past reading through anyway.
MAX_LISTED = 500


def label_prompt(label: str, kind: str, count: int, shown: bool) -> Text:
    """A label's line in the toggles: its colour swatch, name and count; a hidden label is
    struck through, dimmed and says "hidden", so the state does not rest on colour alone."""
    name = f" {LABEL_NAMES.get(label, label.lower())} "
    if shown:
        return Text.assemble(" ", (f" {label} ", label_style(label, kind)), name,
                             (str(count), "dim"))
    return Text.assemble(" ", (f" {label} ", "dim strike"), (name, "dim strike"),
                         (str(count), "dim strike"), (" hidden", "italic"))


class EntityPanel(Vertical):
    """Per-label toggles and the list of entities; choosing one jumps through it."""

    DEFAULT_CSS = """
    EntityPanel { width: 40; border-left: tall $panel; padding: 0 0 0 1; }
    EntityPanel > Label { color: $text-muted; text-style: bold; margin-top: 1; }
    EntityPanel #labels { height: auto; max-height: 14; border: none; }
    EntityPanel #entities { height: 1fr; border: none; }
    """

    class LabelsChanged(Message):
        def __init__(self, hidden: frozenset[str]) -> None:
            super().__init__()
            self.hidden = hidden

    class EntityChosen(Message):
        def __init__(self, label: str, surface: str) -> None:
            super().__init__()
            self.label = label
            self.surface = surface

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._labels: dict[str, tuple[str, int]] = {}

    def compose(self) -> ComposeResult:
        yield Label("Labels (space toggles)")
        yield LabelToggles(id="labels")
        yield Label("Entities (enter: next occurrence)")
        yield PanelOptionList(id="entities")

    def show_analysis(self, text: str, analysis: Analysis, hidden: frozenset[str]) -> None:
        kinds = {e.label: e.kind for e in analysis.entities}
        labels = self.query_one("#labels", SelectionList)
        labels.clear_options()
        self._labels = {label: (kind, count) for label, kind, count in label_counts(analysis)}
        labels.add_options(
            Selection(label_prompt(label, kind, count, label not in hidden), label,
                      label not in hidden)
            for label, (kind, count) in self._labels.items()
        )
        entity_counts: Counter[tuple[str, str]] = Counter(
            (e.label, text[e.start:e.end]) for e in analysis.entities
        )
        # Only the listed ones in order (as sorted(...)[:MAX_LISTED], without sorting them all).
        ordered = heapq.nsmallest(
            MAX_LISTED, entity_counts.items(),
            key=lambda kv: (kinds[kv[0][0]] == "figure", -kv[1], kv[0]))
        listed = [
            Option(
                Text.assemble(
                    (surface, label_style(label, kinds[label])),
                    (f" {label} ×{count}", "dim"),
                ),
                id=f"{label}\x00{surface}",
            )
            for (label, surface), count in ordered
        ]
        if len(entity_counts) > MAX_LISTED:
            listed.append(Option(Text(f"… {len(entity_counts) - MAX_LISTED:,} more, each rarer",
                                      style="dim italic"), disabled=True))
        options = self.query_one("#entities", OptionList)
        options.clear_options()
        options.add_options(listed)
        for widget in (labels, options):  # filled while focused: highlight as on focus
            if widget.has_focus and widget.highlighted is None and widget.option_count:
                widget.action_first()

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged) -> None:
        event.stop()
        labels = self.query_one("#labels", SelectionList)
        shown = set(labels.selected)
        every = [labels.get_option_at_index(i).value for i in range(labels.option_count)]
        for index, label in enumerate(every):
            kind, count = self._labels[label]
            labels.replace_option_prompt_at_index(
                index, label_prompt(label, kind, count, label in shown))
        self.post_message(self.LabelsChanged(frozenset(set(every) - shown)))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        label, surface = (event.option.id or "\x00").split("\x00", 1)
        self.post_message(self.EntityChosen(label, surface))
