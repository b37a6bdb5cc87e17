"""The timeline screen as a user drives it: T in the library, rows in date order, ⚠ for an
event two outlets date differently, enter opens the source at its sentence."""

from __future__ import annotations

from textual.widgets import DataTable, Static

from tui.screens.pick_mention import PickMentionScreen
from tui.screens.reader import ReaderScreen
from tui.screens.timeline import TimelineScreen

from .conftest import wait_for
from .test_app import screen_text

SIZE = (130, 40)


async def _timeline(pilot, app) -> TimelineScreen:
    await wait_for(pilot, lambda: isinstance(app.screen, TimelineScreen)
                   and app.screen.timeline is not None, timeout=120)
    await pilot.pause()
    return app.screen


async def test_marked_articles_timeline_rows_conflict_and_open_at_sentence(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")  # 000 (undated), the cursor moves to 001
        await pilot.press("j", "space")  # 002 (dated 2025-01-13)
        await pilot.press("T")
        screen = await _timeline(pilot, app)
        table = screen.query_one(DataTable)
        timeline = screen.timeline
        assert timeline is not None
        assert table.row_count == len(timeline.events) > 3
        text = screen_text(app)
        assert "Timeline of the 2 marked article(s)" in text
        assert "2025-01-09 ⚠" in text and "⚠ also 2025-01-05" in text
        assert "Sunday before 2025-01-13" in text
        assert "1 article(s) without a date: relative dates not resolved" in text
        firsts = [e.first for e in timeline.events if not e.date.startswith("--")]
        assert firsts == sorted(firsts)
        # j/k move the cursor and the pane shows the event's sources with their sentences
        sunday = next(n for n, e in enumerate(timeline.events) if e.date == "2025-01-12")
        for _ in range(sunday):
            await pilot.press("j")
        await pilot.press("j", "k")
        assert table.cursor_row == sunday
        detail = str(screen.query_one("#timeline-detail", Static).render())
        assert "Zelensky said this Sunday" in detail and "→ 2025-01-12" in detail
        await pilot.press("enter")  # one source: the reader opens at its sentence
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.analysis)
        await pilot.pause()
        reader = app.screen
        mention = timeline.events[sunday].mentions[0]
        assert reader.article.uri == mention.uri
        view = reader.query_one("#article")
        assert view.cursor == mention.sentence_index


async def test_event_with_several_sources_asks_which_to_open(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "j", "space", "T")
        screen = await _timeline(pilot, app)
        assert screen.timeline is not None
        shared = next(n for n, e in enumerate(screen.timeline.events)
                      if len({m.uri for m in e.mentions}) > 1)
        screen.query_one(DataTable).move_cursor(row=shared)
        await pilot.press("enter")
        assert isinstance(app.screen, PickMentionScreen)
        await pilot.press("escape")
        assert app.screen is screen


async def test_T_without_marks_opens_the_current_articles_story(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j", "T")  # 002
        screen = await _timeline(pilot, app)
        assert screen.heading.startswith("Timeline: ")
        uris = {a.uri for a in screen.articles}
        assert len(uris) >= 2 and any(u.endswith("002_ec2e81d4f7f7b7c8.txt") for u in uris)
        await pilot.press("escape")
        assert not isinstance(app.screen, TimelineScreen)


async def test_story_view_opens_its_timeline(make_app):
    from tui.screens.story import StoryScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        library = app.screen
        await pilot.press("t")  # group the library by story
        await wait_for(pilot, lambda: library.stories_ready() is not None, timeout=120)
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, StoryScreen))
        story = app.screen.story
        await pilot.press("T")
        screen = await _timeline(pilot, app)
        assert [a.uri for a in screen.articles] == [a.uri for a in story.articles]
        assert screen.heading.startswith(f"Timeline: {story.title}")


async def test_at_80_columns_every_column_stays_on_screen(make_app):
    app = make_app()
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.press("j", "j", "space", "T")
        await _timeline(pilot, app)
        header = next(line for line in screen_text(app).splitlines() if "Date" in line)
        assert "How" in header and len(header.rstrip()) <= 80
