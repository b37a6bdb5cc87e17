"""An article's web address: whether it may be opened, and which browser opens it.

The address comes from the article's front matter, which is untrusted: only an
http(s) address with a host and no space or control character is ever handed to a
browser (a `file:` or `javascript:` address in a file must not run anything).

Browsers are Python's `webbrowser` registry (so `BROWSER=w3m` works, as in other
terminal programs). A browser that runs in the terminal (w3m, lynx, links, elinks,
or any BROWSER command, which `webbrowser` runs in the foreground) needs the
terminal to itself: the app suspends while it runs. A graphical one is started in
the background and the app keeps the terminal.
"""

from __future__ import annotations

import webbrowser
from dataclasses import dataclass
from urllib.parse import urlsplit

WEB_SCHEMES = ("http", "https")


def openable_url(value: str | None) -> str | None:
    """`value` when it is an http(s) address with a host and nothing hidden in it."""
    if not value or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() not in WEB_SCHEMES or not parts.hostname:
        return None
    return value


@dataclass(frozen=True)
class Browser:
    """A browser found in the registry, and whether it takes over the terminal."""

    controller: webbrowser.BaseBrowser
    in_terminal: bool

    @property
    def name(self) -> str:
        return getattr(self.controller, "name", "") or type(self.controller).__name__

    def open(self, url: str) -> bool:
        return bool(self.controller.open(url, new=2))


def runs_in_terminal(controller: webbrowser.BaseBrowser) -> bool:
    """True for a controller that runs the browser in the foreground, on this terminal."""
    if isinstance(controller, webbrowser.BackgroundBrowser):
        return False
    if isinstance(controller, webbrowser.UnixBrowser):
        return not controller.background
    return isinstance(controller, webbrowser.GenericBrowser)


def find_browser() -> Browser | None:
    """The user's preferred browser (BROWSER, then the platform's), or None if none."""
    try:
        controller = webbrowser.get()
    except webbrowser.Error:
        return None
    return Browser(controller, runs_in_terminal(controller))
