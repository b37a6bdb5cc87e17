"""The app's theme: started from the config or the palette's remembered choice
(tui/core/theme_choice.py), kept for the next start when changed from the palette, and a
config name that is not a theme said once instead of failing."""

from __future__ import annotations

from .core.theme_choice import DEFAULT_THEME, remember_theme, starting_theme
from .mixins import AppMixin


class ThemeAccess(AppMixin):
    """Mixed into NewsdeskApp (which provides `settings`, `theme`, `available_themes`)."""

    _theme_started = False

    def _start_theme(self) -> None:
        wanted = starting_theme(self.settings.theme)
        known = self.available_themes
        if wanted not in known:
            where = self.settings.config_file or "config"
            names = ", ".join(sorted(known))
            self.notify(
                f"{where}: theme: {wanted!r} is not a theme; using {DEFAULT_THEME} "
                f"(themes: {names})", severity="warning", markup=False, timeout=10)
            wanted = DEFAULT_THEME
        self.theme = wanted
        self._theme_started = True

    def watch_theme(self, theme: str) -> None:
        """A theme chosen in the app (the palette's "Change theme") is kept for next time."""
        if not self._theme_started:
            return
        try:
            remember_theme(theme, self.settings.theme)
        except OSError as exc:
            self.notify(f"Theme not remembered: {exc.strerror or exc}",
                        severity="warning", markup=False)
