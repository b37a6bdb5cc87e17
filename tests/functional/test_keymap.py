"""Keys remapped in the config file's [keymap] table take effect."""

from __future__ import annotations

from tui.app import NewsdeskApp
from tui.core.config import load_settings
from tui.core.pool import AnalysisPool
from tui.core.store import Store
from tui.screens.reader import ReaderScreen
from tui.widgets.article_view import ArticleView

from .conftest import wait_for


async def test_config_keymap_remaps_reader_keys(tmp_path, monkeypatch, seed_articles, warm_cache):
    config = tmp_path / "config.toml"
    config.write_text('[keymap]\n"reader.next" = "w"\n"library.search" = "x"\n', "utf-8")
    monkeypatch.setenv("NEWSDESK_CONFIG", str(config))
    settings = load_settings(db=str(tmp_path / "db.json"))
    app = NewsdeskApp(seed_articles, settings=settings, store=Store(settings.db),
                      pool=AnalysisPool(cache=warm_cache))
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.analysis)
        view = app.screen.query_one(ArticleView)
        await pilot.press("w", "w")
        assert view.cursor == 2
        await pilot.press("j")  # no longer bound to next sentence
        assert view.cursor == 2
        await pilot.press("escape", "x")
        assert app.screen.query_one("#search").has_focus


def keymap_app(tmp_path, monkeypatch, seed_articles, warm_cache, keymap: str) -> NewsdeskApp:
    config = tmp_path / "config.toml"
    config.write_text("[keymap]\n" + keymap, "utf-8")
    monkeypatch.setenv("NEWSDESK_CONFIG", str(config))
    settings = load_settings(db=str(tmp_path / "db.json"))
    return NewsdeskApp(seed_articles, settings=settings, store=Store(settings.db),
                       pool=AnalysisPool(cache=warm_cache))


async def test_a_keymap_entry_never_steals_another_bindings_key(
        tmp_path, monkeypatch, seed_articles, warm_cache):
    """README's old example took n from Note: n stays Note, j and down still move, and
    the start says so once, naming the file and the entry."""
    from tui.screens.dialogs import NoteDialog

    app = keymap_app(tmp_path, monkeypatch, seed_articles, warm_cache,
                     '"reader.next" = "j,down,n"\n"reader.nope" = "z"\n')
    async with app.run_test(size=(120, 36)) as pilot:
        notices = [n.message for n in app._notifications]
        assert len(notices) == 1
        assert str(tmp_path / "config.toml") in notices[0]
        assert '"reader.next" = "j,down,n": n is already Note (reader.note); n left out' in notices[0]
        assert '"reader.nope": no binding has this id' in notices[0]
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.analysis)
        view = app.screen.query_one(ArticleView)
        await pilot.press("j", "down")
        assert view.cursor == 2
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, NoteDialog))
