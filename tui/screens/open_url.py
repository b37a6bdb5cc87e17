"""`o`: open an article's web address in the user's browser, without hurting the app.

A terminal browser (w3m, lynx, a BROWSER command) gets the terminal while the app is
suspended, and the app comes back when it exits. A graphical browser is started from
a thread, so a slow start never freezes the keys. Every outcome is said in one line.
"""

from __future__ import annotations

from textual.screen import Screen

from ..core.articles import Article
from ..core.weblinks import find_browser, openable_url

NO_BROWSER_ADVICE = "set BROWSER (e.g. BROWSER=w3m) to choose one"


def open_article_url(screen: Screen, article: Article) -> None:
    """Open `article.url` (checked by `openable_url`) and tell the user what happened."""
    app = screen.app
    if not article.url:
        screen.notify("This article has no web address (url in its front matter)",
                      severity="warning", timeout=4)
        return
    url = openable_url(article.url)
    if url is None:
        screen.notify(f"Not opened: not an http(s) address: {article.url}",
                      severity="warning", timeout=6, markup=False)
        return
    browser = find_browser()
    if browser is None:
        screen.notify(f"No web browser found; {NO_BROWSER_ADVICE}. Address: {url}",
                      severity="warning", timeout=8, markup=False)
        return
    if browser.in_terminal and not app.is_headless:
        try:
            with app.suspend():
                opened = browser.open(url)
        except Exception as exc:  # SuspendNotSupported, or the browser failed to start
            screen.notify(f"Could not open the browser ({type(exc).__name__}); address: {url}",
                          severity="warning", timeout=8, markup=False)
            return
        _said(screen, opened, url)
        return

    def run() -> None:
        try:
            opened = browser.open(url)
        except Exception:
            opened = False
        app.call_from_thread(_said, screen, opened, url)

    screen.run_worker(run, thread=True, group="open-url", exit_on_error=False)
    screen.notify(f"Opening {url}", timeout=3, markup=False)


def _said(screen: Screen, opened: bool, url: str) -> None:
    if not opened:
        screen.notify(f"The browser did not open {url}; {NO_BROWSER_ADVICE}",
                      severity="warning", timeout=8, markup=False)

