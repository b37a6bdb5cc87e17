"""Status colours that read on the theme in use.

The status colours (tui/render.py STATUS_COLOURS) were chosen on a dark background: the
green, amber and grey of verified, unverified and disputed fall to a contrast of about
1.5:1 on a light theme. Where a status colour is the colour of text or a mark, it is
taken through `legible`: blended towards black (light themes) or white (dark ones) just
enough to reach MIN_CONTRAST against the theme's surface, so the hue stays recognisable
and no theme needs colours of its own. Where a status colour is a background under dark
ink (the reader's " ✓ VERIFIED " badge), it is used as it is.
"""

from __future__ import annotations

from functools import lru_cache

from textual.app import App
from textual.color import Color

from .render import STATUS_COLOURS

NOTE_ONLY_COLOUR = "#5f87af"  # a claim with a note or tags but no status
MIN_CONTRAST = 3.0  # WCAG's floor for bold and large text; status words and marks are bold
BLEND_STEPS = 20


def _luminance(colour: Color) -> float:
    """WCAG relative luminance."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(colour.r) + 0.7152 * channel(colour.g) + 0.0722 * channel(colour.b)


def contrast(a: Color, b: Color) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@lru_cache(maxsize=256)
def legible(colour: str, background: str) -> str:
    """`colour`, moved towards black or white only as far as it must to read on `background`."""
    fg, bg = Color.parse(colour), Color.parse(background)
    away = Color(0, 0, 0) if _luminance(bg) > 0.18 else Color(255, 255, 255)
    for step in range(BLEND_STEPS + 1):
        candidate = fg.blend(away, step / BLEND_STEPS)
        if contrast(candidate, bg) >= MIN_CONTRAST:
            return candidate.hex
    return away.hex


# Theme name → its surface colour. Rows are drawn with status colours one by one and the
# theme's variables take a fraction of a millisecond to work out each time.
_SURFACES: dict[str, str] = {}


def theme_surface(app: App) -> str:
    """The background text is drawn on in this app's theme."""
    surface = _SURFACES.get(app.theme)
    if surface is None:
        surface = _SURFACES[app.theme] = app.get_css_variables().get("surface") or "#1e1e1e"
    return surface


def status_colour(app: App, status: str | None) -> str:
    """The colour of a status as text or a mark on this app's theme (a note-only claim's when
    `status` is None or not a status)."""
    return legible(STATUS_COLOURS.get(status or "", NOTE_ONLY_COLOUR), theme_surface(app))
