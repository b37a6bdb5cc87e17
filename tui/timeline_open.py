"""Which articles the library's `T` puts on a timeline: the marked ones, else the story of
the row under the cursor (the library's story grouping, screens/library_stories.py),
grouped first in the background when the library has not been yet."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from .core.articles import Article
from .core.sanitize import sanitize_line
from .core.stories import Story, group_stories
from .core.story_pairs import aligned_share

if TYPE_CHECKING:
    from .screens.library import LibraryScreen


def open_timeline_for(screen: LibraryScreen, marked: list[Article]) -> None:
    """Open the timeline of `marked`, or of the current row's story."""
    app = screen.app
    if marked:
        app.open_timeline(marked, f"Timeline of the {len(marked)} marked article(s)")
        return
    if screen.stories_ready() is not None:
        story = screen.current_story()
        current = screen.current_article()
        if story is not None:
            _open_story(screen, story)
        elif current is not None:  # alone in its story
            app.open_timeline([current], f"Timeline: {current.title}")
        return
    current = screen.current_article()
    if current is None:
        screen.notify("No article here: the timeline needs one", severity="warning")
        return
    screen.notify(f"Finding the story of “{sanitize_line(current.title)}”: the timeline opens "
                  "when it is found", timeout=4, markup=False)
    screen.run_worker(_story_then_open(screen, current), group="timeline", exit_on_error=False)


def _open_story(screen: LibraryScreen, story: Story) -> None:
    screen.app.open_timeline(story.articles,
                             f"Timeline: {story.title} ({len(story.articles)} article(s))")


async def _story_then_open(screen: LibraryScreen, current: Article) -> None:
    """Group the library as `t` does (and keep the stories for it), then open the story."""
    app = screen.app
    articles = list(app.articles)
    analyses = await app.analyses_for(articles)
    stories = await asyncio.to_thread(group_stories, articles, analyses,
                                      aligned_share(app.pair_cache))
    screen._stories, screen._stories_for = stories, tuple(a.uri for a in articles)
    story = screen.story_of(current)
    if not screen.is_current:  # the user went on elsewhere meanwhile: do not jump there
        app.notify("Story found: press T in the library for its timeline", timeout=5)
        return
    if story is None:
        app.open_timeline([current], f"Timeline: {current.title}")
    else:
        _open_story(screen, story)
