"""Pixel-level (SVG) snapshots of every screen, on the seeds with the real model.

Regenerate after an intended visual change with `pytest --snapshot-update`.
"""

from __future__ import annotations

from tests.functional.conftest import wait_for

SIZE = (120, 36)


async def _library_ready(pilot) -> None:
    app = pilot.app
    await wait_for(pilot, lambda: app.analysis_progress == (5, 5))
    await pilot.pause()


async def _reader_ready(pilot) -> None:
    app = pilot.app
    await _library_ready(pilot)
    await pilot.press("j", "j", "enter")
    await wait_for(pilot, lambda: getattr(app.screen, "analysis", None) is not None)
    await pilot.press(*"jjjjjjjjjj")
    await pilot.pause()


def test_library_screen(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=_library_ready)


def test_reader_screen(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=_reader_ready)


def test_reader_with_a_label_hidden_and_entity_jump(snap_compare, make_app):
    async def run_before(pilot) -> None:
        await _reader_ready(pilot)
        await pilot.press("l", "down", "down", "down", "space", "e", "down", "enter")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_help_screen(snap_compare, make_app):
    async def run_before(pilot) -> None:
        await _library_ready(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


async def _tag_some_claims(pilot) -> None:
    """Open 002 and tag four sentences, one of each status, with a note on one."""
    app = pilot.app
    await _library_ready(pilot)
    await pilot.press("j", "j", "enter")
    await wait_for(pilot, lambda: getattr(app.screen, "analysis", None) is not None)
    await pilot.press("j", "v", "j", "j", "d", "j", "f", "j", "j", "u", "n")
    await pilot.press(*"Check against the SBU statement", "ctrl+s")
    await wait_for(pilot, lambda: not app._queued_writes)  # every tag on disk and confirmed
    app.clear_notifications()  # toasts time out; keep the snapshot independent of timing
    await pilot.pause()


def test_reader_with_tagged_claims(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=_tag_some_claims)


def test_claims_screen(snap_compare, make_app):
    async def run_before(pilot) -> None:
        await _tag_some_claims(pilot)
        await pilot.press("C")
        await wait_for(pilot, lambda: getattr(pilot.app.screen, "sources_ready", False))
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_compare_screen(snap_compare, make_app):
    async def run_before(pilot) -> None:
        app = pilot.app
        await _library_ready(pilot)
        await pilot.press("j", "j", "space", "space", "c")
        await wait_for(pilot, lambda: getattr(app.screen, "alignment", None) is not None)
        await pilot.press("right_square_bracket")
        app.clear_notifications()  # toasts time out; keep the snapshot independent of timing
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(140, 40), run_before=run_before)
