"""The command palette lists every key of the screen it was opened on, so an action is
found by name as well as in the footer and help ("Sort", "Next article", "Unread only"):
choosing one runs it as its key would. Disabled actions (check_action False) are not
listed; each binding once, with its key."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual.app import App, SystemCommand
from textual.screen import Screen

# Already in the palette, or the palette itself.
LEFT_OUT = {"command_palette", "app.command_palette", "quit", "app.quit"}


def key_commands(app: App, screen: Screen) -> Iterator[SystemCommand]:
    seen: set[tuple[int, str]] = set()
    for active in screen.active_bindings.values():
        binding = active.binding
        if not active.enabled or binding.action in LEFT_OUT or not binding.description:
            continue
        mark = (id(active.node), binding.action)
        if mark in seen:
            continue
        seen.add(mark)
        title = binding.tooltip or binding.description
        yield SystemCommand(title, f"key {app.get_key_display(binding)}",
                            partial(app.call_later, app.run_action, binding.action, active.node))
