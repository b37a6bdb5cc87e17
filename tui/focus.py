"""Keys typed into an input stay in the input, however fast they come.

When keys arrive in one burst (a paste, a macro, a fast typist, keys typed during
start-up), Textual hands each to the widget that had the focus when it arrived. After `/`
the rest of the burst had already gone to the list, and once `/` moved the focus to the
search box they reached the app as commands (`C` opened the claims screen, `r` toggled read
state) or were dropped. Two parts put them where the user meant:

- `focus_now` moves the focus before the next queued key, not after them all
  (`Widget.focus()` only schedules the change);
- `redirect_stray_key`, called by the app for every key that bubbled up to it unhandled:
  a key the focused widget would have typed (its `check_consume_key`) is handed to it, in
  order, instead of being lost.
"""

from __future__ import annotations

from textual import events
from textual.app import App
from textual.widget import Widget


def focus_now(widget: Widget) -> None:
    """Give `widget` the focus of its screen immediately."""
    widget.screen.set_focus(widget)


def redirect_stray_key(app: App, event: events.Key) -> bool:
    """Hand `event` to the focused widget if it would have typed it; True when handed.

    A key the focused input received itself never bubbles up to the app (the input stops
    it), so one that arrives here left before the focus moved."""
    focused = app.focused
    if focused is None or not focused.check_consume_key(event.key, event.character):
        return False
    event.stop()
    event.prevent_default()
    focused.post_message(events.Key(event.key, event.character))
    return True
