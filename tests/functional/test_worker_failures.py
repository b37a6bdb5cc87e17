"""A background task that fails is one notification naming it; the app keeps running.
Every worker newsdesk starts opts out of Textual's exit-on-error."""

from __future__ import annotations

import ast
from pathlib import Path

import tui
from tui.screens.library import LibraryScreen
from tui.screens.reader import ReaderScreen

from .conftest import open_reader

SIZE = (100, 30)


async def test_a_failing_worker_is_one_notification_and_the_app_goes_on(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()

        async def broken() -> None:
            raise RuntimeError("index file vanished")

        app.run_worker(broken(), group="store-writes", exit_on_error=False)
        await pilot.pause(0.2)
        messages = [str(n.message) for n in app._notifications]
        assert "Saving failed: RuntimeError: index file vanished" in messages
        assert app.is_running and isinstance(app.screen, LibraryScreen)
        reader = await open_reader(pilot, app, 0)  # still answers keys
        reader.run_worker(broken(), group="analysis", exit_on_error=False)
        await pilot.pause(0.2)
        messages = [str(n.message) for n in app._notifications]
        assert "Analysis failed: RuntimeError: index file vanished" in messages
        assert isinstance(app.screen, ReaderScreen)


def test_every_worker_opts_out_of_exit_on_error():
    missing = []
    for path in Path(tui.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "run_worker"):
                flags = {k.arg: k.value for k in node.keywords}
                value = flags.get("exit_on_error")
                if not (isinstance(value, ast.Constant) and value.value is False):
                    missing.append(f"{path.name}:{node.lineno}")
    assert not missing, f"run_worker without exit_on_error=False: {missing}"
