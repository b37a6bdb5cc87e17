"""One corroboration: `newsdesk claims` and the claims screen count over the same articles."""

from __future__ import annotations

import json
import shutil

import pytest

from tui.cli import main
from tui.core.articles import load_paths
from tui.core.config import load_settings
from tui.core.library import library_sources
from tui.screens.claims import ClaimsScreen

from .conftest import SEEDS_DIR, wait_for

SIZE = (120, 36)


def cli_sources(capsys) -> dict[str, int]:
    assert main(["claims", "--json"]) == 0
    return {view["id"]: view["sources"] for view in json.loads(capsys.readouterr().out)}


@pytest.mark.slow
async def test_cli_and_claims_screen_count_the_same_sources(make_app, tmp_path, capsys,
                                                            isolated_newsdesk_env):
    seeds = sorted(SEEDS_DIR.iterdir())
    story = seeds[2]
    assert main(["tag", str(story), "--quote", "11,000", "--status", "verified"]) == 0
    assert main(["tag", str(story), "--sentence", "1", "--status", "disputed"]) == 0
    capsys.readouterr()
    without_folder = cli_sources(capsys)

    # A library folder in the config holds another outlet's version of the story.
    folder = tmp_path / "clippings"
    folder.mkdir()
    copy = folder / "003-copy.txt"
    shutil.copy(seeds[3], copy)
    copy.write_text(copy.read_text("utf-8") + "\nUpdated with a correction.\n", "utf-8")
    config = isolated_newsdesk_env / "config.toml"
    config.write_text(f'library = ["{folder}"]\n', "utf-8")
    from_cli = cli_sources(capsys)
    assert sum(from_cli.values()) > sum(without_folder.values()), \
        "the config's library folder must count"

    settings = load_settings()
    articles = load_paths(library_sources([], settings.library, settings.import_dir)).articles
    assert any(a.path == copy for a in articles)
    app = make_app(articles, db=settings.db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("C")
        screen = app.screen
        assert isinstance(screen, ClaimsScreen)
        await wait_for(pilot, lambda: screen.sources_ready, timeout=120)
        assert screen._sources == from_cli


async def test_claims_library_option_counts_as_the_app_does_on_those_paths(make_app, tmp_path,
                                                                          capsys):
    folder = tmp_path / "story"
    folder.mkdir()
    for seed in sorted(SEEDS_DIR.iterdir())[1:4]:
        shutil.copy(seed, folder / seed.name)
    story = sorted(folder.iterdir())[1]
    assert main(["tag", str(story), "--quote", "11,000", "--status", "verified"]) == 0
    capsys.readouterr()
    assert set(cli_sources(capsys).values()) == {None}, "not in the default library"
    assert main(["claims", "--json", "--library", str(folder)]) == 0
    from_cli = {v["id"]: v["sources"] for v in json.loads(capsys.readouterr().out)}
    assert all(isinstance(count, int) for count in from_cli.values())

    settings = load_settings()
    app = make_app(load_paths(library_sources([folder], settings.library,
                                                   settings.import_dir)).articles,
                   db=settings.db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("C")
        screen = app.screen
        await wait_for(pilot, lambda: screen.sources_ready, timeout=120)
        assert screen._sources == from_cli
