"""Which theme the app starts in: the config's `theme`, or the one last chosen from the
command palette.

A palette choice is remembered in a small file in the data folder (`ui-state.json`) with
the config value it was made over. At the next start the remembered choice wins while the
config still says what it said then; once the user edits `theme` in the config, the
config wins again (the newer decision). Plain Python: the app checks the name against the
themes Textual has and says so once when it is not one.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .atomic import atomic_write_text
from .paths import ui_state_path
from .sanitize import sanitize_line

DEFAULT_THEME = "textual-dark"


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}  # missing or damaged: only a preference, start from the config
    return data if isinstance(data, dict) else {}


def starting_theme(config_theme: str | None, path: Path | None = None) -> str:
    """The theme to start in."""
    state = _read(path or ui_state_path())
    remembered = state.get("theme")
    if isinstance(remembered, str) and remembered and state.get("over") == config_theme:
        return sanitize_line(remembered)
    return config_theme or DEFAULT_THEME


def remember_theme(theme: str, config_theme: str | None, path: Path | None = None) -> None:
    """Keep a theme chosen in the app for the next start (raises OSError if it cannot)."""
    target = path or ui_state_path()
    state = _read(target)
    if state.get("theme") == theme and state.get("over") == config_theme:
        return
    state.update(theme=theme, over=config_theme)
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(target, json.dumps(state, indent=1) + "\n", durable=False)
