"""The reader's way back to the source: the URL shown, `o` opens it, `y` copies a sentence.

`o` is driven through Python's real `webbrowser` registry with a real browser command (a
small script that records the address it was given), so the test sees what a browser
would be handed.
"""

from __future__ import annotations

import sys
import textwrap
import webbrowser

import pytest

from tui.core.articles import load_paths
from tui.core.weblinks import openable_url, runs_in_terminal

from .conftest import open_reader, wait_for

ARTICLE = """---
title: Port strike ends after nine days
source: Harbour Gazette
date: 2025-03-04
url: {url}
---
Dock workers voted to end a nine-day strike on Monday.

The union said 4,200 members took part in the vote.
"""


def _article(tmp_path, url: str):
    path = tmp_path / "strike.md"
    path.write_text(ARTICLE.format(url=url), encoding="utf-8")
    return load_paths([path]).articles


@pytest.fixture
def recording_browser(tmp_path, monkeypatch):
    """A real browser command, preferred over any other, that writes what it opens."""
    record = tmp_path / "opened.txt"
    script = tmp_path / "browser.py"
    script.write_text(textwrap.dedent(f"""
        import sys
        with open({str(record)!r}, "a", encoding="utf-8") as out:
            out.write(sys.argv[1] + "\\n")
    """), encoding="utf-8")
    # Registration changes module state; the originals come back after the test.
    monkeypatch.setattr(webbrowser, "_browsers", dict(webbrowser._browsers))
    monkeypatch.setattr(webbrowser, "_tryorder", list(webbrowser._tryorder or []))
    webbrowser.register("newsdesk-test", None,
                        webbrowser.BackgroundBrowser([sys.executable, str(script), "%s"]),
                        preferred=True)
    return record


@pytest.fixture
def no_browser(monkeypatch):
    monkeypatch.setattr(webbrowser, "_browsers", {})
    monkeypatch.setattr(webbrowser, "_tryorder", [])


async def test_reader_shows_the_url_and_o_hands_it_to_the_browser(
        make_app, tmp_path, recording_browser):
    url = "https://news.example.org/2025/03/port-strike?ref=rss"
    app = make_app(_article(tmp_path, url), cold=True)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await open_reader(pilot, app, 0)
        shown = str(reader.query_one("#reader-url").render())
        assert url in shown
        await pilot.press("o")
        await wait_for(pilot, lambda: recording_browser.exists()
                       and recording_browser.read_text().strip(), timeout=20)
    assert recording_browser.read_text().splitlines() == [url]


@pytest.mark.parametrize("url", ["file:///etc/passwd", "javascript:alert(1)",
                                 "https://", "https://exa mple.org/"])
async def test_o_refuses_what_is_not_a_web_address(make_app, tmp_path, recording_browser, url):
    app = make_app(_article(tmp_path, url), cold=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_reader(pilot, app, 0)
        await pilot.press("o")
        await pilot.pause(0.5)
        messages = [n.message for n in app._notifications]
    assert any("Not opened" in m or "no web address" in m for m in messages), messages
    assert not recording_browser.exists()


async def test_o_without_a_browser_says_so_and_gives_the_address(make_app, tmp_path, no_browser):
    url = "https://news.example.org/strike"
    app = make_app(_article(tmp_path, url), cold=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_reader(pilot, app, 0)
        await pilot.press("o")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
    assert any("No web browser found" in m and url in m for m in messages), messages


async def test_o_on_an_article_without_url_says_so(make_app, recording_browser):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_reader(pilot, app, 0)
        await pilot.press("o")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
    assert any("no web address" in m for m in messages), messages
    assert not recording_browser.exists()


async def test_y_copies_the_current_sentence(make_app, tmp_path):
    app = make_app(_article(tmp_path, "https://news.example.org/strike"), cold=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_reader(pilot, app, 0)
        await pilot.press("j", "y")
        await pilot.pause()
        assert app.clipboard == "The union said 4,200 members took part in the vote."


def test_only_http_addresses_with_a_host_are_openable():
    assert openable_url("http://a.example/x") == "http://a.example/x"
    assert openable_url("HTTPS://a.example") == "HTTPS://a.example"
    for bad in ("", None, "ftp://a.example", "file:///x", "https:///path", "https://a\x1b.b",
                "javascript:alert(1)", "https://a.example/\u0085x"):
        assert openable_url(bad) is None, bad


def test_terminal_browsers_are_told_from_graphical_ones():
    assert runs_in_terminal(webbrowser.GenericBrowser(["w3m", "%s"]))
    assert not runs_in_terminal(webbrowser.BackgroundBrowser(["firefox", "%s"]))
