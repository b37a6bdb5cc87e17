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
    config.write_text('[keymap]\n"reader.next" = "n"\n"library.search" = "s"\n', "utf-8")
    monkeypatch.setenv("NEWSDESK_CONFIG", str(config))
    settings = load_settings(db=str(tmp_path / "db.json"))
    app = NewsdeskApp(seed_articles, settings=settings, store=Store(settings.db),
                      pool=AnalysisPool(cache=warm_cache))
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.analysis)
        view = app.screen.query_one(ArticleView)
        await pilot.press("n", "n")
        assert view.cursor == 2
        await pilot.press("j")  # no longer bound to next sentence
        assert view.cursor == 2
        await pilot.press("escape", "s")
        assert app.screen.query_one("#search").has_focus
