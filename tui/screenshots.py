"""`newsdesk screenshots [DIR]`: SVGs of every screen, driven headless on the seeds."""

from __future__ import annotations

import asyncio
import os
import tempfile
from pathlib import Path

SIZE = (120, 36)


class ScreenshotsError(ValueError):
    """The folder given cannot take the screenshots; the message names it."""


def screenshots_folder(directory: str | None) -> Path:
    """The folder to write into: an existing folder, or a new one in an existing folder.
    Never a file, and never a chain of new folders from a mistyped path."""
    from .core.articles import display_path

    folder = Path(directory or "screenshots")
    shown = display_path(folder)
    if folder.is_dir():
        return folder
    if folder.exists() or folder.is_symlink():
        raise ScreenshotsError(f"{shown}: not a folder; give a folder for the screenshots")
    parent = folder.parent
    if not parent.is_dir():
        raise ScreenshotsError(f"{shown}: {display_path(parent)} does not exist; "
                               "give an existing folder or a new one inside one")
    try:
        folder.mkdir()
    except OSError as exc:
        raise ScreenshotsError(f"{shown}: cannot be created ({exc.strerror or exc})") from None
    return folder


async def _wait_for(pilot, predicate, timeout: float = 60.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise TimeoutError("the app did not reach the expected state")
        await pilot.pause(0.05)


async def capture(directory: Path, model: str | None = None) -> list[Path]:
    from .app import NewsdeskApp
    from .core.articles import bundled_seeds_dir, load_paths
    from .core.config import Settings
    from .core.store import Store

    directory.mkdir(parents=True, exist_ok=True)
    articles = load_paths([bundled_seeds_dir()]).articles
    written = []
    with tempfile.TemporaryDirectory() as scratch:
        store = Store(Path(scratch) / "screenshots.json")
        app = NewsdeskApp(articles, settings=Settings(model=model, db=store.path), store=store)
        async with app.run_test(size=SIZE) as pilot:
            await _wait_for(pilot, lambda: app.analysis_progress[1] and
                            app.analysis_progress[0] == app.analysis_progress[1])
            await pilot.pause()
            await pilot.press("j", "j", "enter")
            await _wait_for(pilot, lambda: getattr(app.screen, "analysis", None) is not None)
            await pilot.press("j", "v", "j", "j", "d", "j", "f", "j", "j", "u", "n")
            await pilot.press(*"Check against the SBU statement", "ctrl+s")
            await pilot.press(*"jjjj")
            app.clear_notifications()
            await pilot.pause()
            written.append(Path(app.save_screenshot("reader.svg", str(directory))))
            await pilot.press("question_mark")
            await pilot.pause()
            written.append(Path(app.save_screenshot("help.svg", str(directory))))
            await pilot.press("escape", "C")
            await pilot.pause()
            written.append(Path(app.save_screenshot("claims.svg", str(directory))))
            await pilot.press("escape", "escape")
            await pilot.pause()
            written.append(Path(app.save_screenshot("library.svg", str(directory))))
            await pilot.press("space", "space", "c")
            await _wait_for(pilot, lambda: getattr(app.screen, "alignment", None) is not None)
            await pilot.press("right_square_bracket")
            app.clear_notifications()
            await pilot.pause()
            written.append(Path(app.save_screenshot("compare.svg", str(directory))))
            await pilot.press("escape", "g", "j", "j", "enter")
            await _wait_for(pilot, lambda: getattr(app.screen, "analysis", None) is not None)
            await pilot.press("g", "j", "Q")
            await _wait_for(pilot, lambda: getattr(app.screen, "groups", None) is not None)
            await pilot.press("a")
            app.clear_notifications()
            await pilot.pause()
            written.append(Path(app.save_screenshot("quotes.svg", str(directory))))
            await pilot.press("escape", "escape", "t")
            from .screens.library import LibraryScreen

            library = app.screen
            assert isinstance(library, LibraryScreen)
            await _wait_for(pilot, lambda: library.stories_ready() is not None)
            await pilot.press("g")
            app.clear_notifications()
            await pilot.pause()
            written.append(Path(app.save_screenshot("stories.svg", str(directory))))
            await pilot.press("enter")
            await _wait_for(pilot, lambda: getattr(app.screen, "coverage", None) is not None)
            await pilot.pause()
            written.append(Path(app.save_screenshot("story.svg", str(directory))))
            await pilot.press("M")
            await pilot.pause()
            written.append(Path(app.save_screenshot("coverage.svg", str(directory))))
            await pilot.press("escape", "T")  # the story's timeline
            await _wait_for(pilot, lambda: getattr(app.screen, "timeline", None) is not None)
            await pilot.press("j", "j", "j", "j", "j", "j", "j")
            app.clear_notifications()
            await pilot.pause()
            written.append(Path(app.save_screenshot("timeline.svg", str(directory))))
    return written


def run(directory: str | None, model: str | None = None) -> list[Path]:
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
    return asyncio.run(capture(Path(directory or "screenshots"), model))
