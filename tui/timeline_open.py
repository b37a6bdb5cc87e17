"""Which articles the library's `T` puts on a timeline: the marked ones, else the story of
the article under the cursor (core/stories.py), found in the background."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from .core.articles import Article
from .core.sanitize import sanitize_line
from .core.stories import group_stories

if TYPE_CHECKING:
    from textual.screen import Screen


def open_timeline_for(screen: Screen, marked: list[Article], current: Article | None) -> None:
    """Open the timeline of `marked`, or of `current`'s story once the library is grouped."""
    app = screen.app
    if marked:
        app.open_timeline(marked, f"Timeline of the {len(marked)} marked article(s)")  # type: ignore[attr-defined]
        return
    if current is None:
        screen.notify("No article here: the timeline needs one", severity="warning")
        return
    screen.notify(f"Finding the story of “{sanitize_line(current.title)}”: the timeline opens "
                  "when it is found", timeout=4, markup=False)
    screen.run_worker(_story_then_open(screen, current), group="timeline", exit_on_error=False)


async def _story_then_open(screen: Screen, current: Article) -> None:
    app = screen.app
    articles = list(app.articles)  # type: ignore[attr-defined]
    analyses = await app.analyses_for(articles)  # type: ignore[attr-defined]
    stories = await asyncio.to_thread(group_stories, articles, analyses)
    story = next((s for s in stories if any(a.uri == current.uri for a in s.articles)), None)
    members = story.articles if story is not None else [current]
    title = story.title if story is not None else current.title
    if not screen.is_current:  # the user went on elsewhere meanwhile: do not jump there
        app.notify(f"Story found ({len(members)} article(s)): press T in the library for its "
                   "timeline", timeout=5)
        return
    app.open_timeline(members, f"Timeline: {title} ({len(members)} article(s))")  # type: ignore[attr-defined]
