"""The library grouped by story: `t` toggles it, `o` (or enter on a story row) opens one.

Grouping needs every article's analysis: the app's analysis queue computes what is
missing over the worker pool, and the grouping itself (core/stories.py; alignments
cached) runs in a thread, so keys keep working; a notice says it is under way. The
stories found are kept for as long as the library holds the same articles.

Grouped, the list has a header row per story of two or more articles (its title and
how many of its articles are shown), its articles indented under it; an article
alone in its story is a plain row in its place.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from rich.text import Text

from ..core.articles import Article
from ..core.stories import Story, group_stories, outlet_name
from ..core.story_pairs import aligned_share

if TYPE_CHECKING:
    from textual import getters
    from textual.screen import Screen

    from ..app import NewsdeskApp

    class _Base(Screen[None]):
        app = getters.app(NewsdeskApp)

        def refresh_rows(self, follow: bool = False) -> None: ...
else:
    _Base = object

STORY_KEY_PREFIX = "story:"  # row keys of story header rows (article rows use their uri)
INDENT = "  "
# A grouped row: a story header (story, articles of it shown) or an article (indented?).
Entry = tuple[Story, int] | tuple[Article, bool]


class StoryGrouping(_Base):
    """Mixed into the library screen."""

    grouped = False
    _stories: list[Story] | None = None
    _stories_for: tuple[str, ...] | None = None  # the library's uris they were grouped from
    _entries: list[Entry] = []
    _grouping = False  # a grouping is under way

    # ------------------------------------------------------------------ state

    def stories_ready(self) -> list[Story] | None:
        """The stories of the library as it is now, or None until they are grouped."""
        if self._stories is not None and self._stories_for == self._library_key():
            return self._stories
        return None

    def _library_key(self) -> tuple[str, ...]:
        return tuple(a.uri for a in self.app.articles)

    def story_of(self, article: Article) -> Story | None:
        for story in self.stories_ready() or ():
            if any(a.uri == article.uri for a in story.articles):
                return story
        return None

    def grouped_entries(self, shown: list[Article]) -> list[Entry]:
        """The grouped rows for the articles `shown`, stories in order of their first
        article shown, each story's articles in the order shown."""
        stories = self.stories_ready()
        if stories is None:
            if not self._grouping:  # the library changed since (an import): group again
                self._start_grouping()
            self._entries = [(a, False) for a in shown]
            return self._entries
        story_of = {a.uri: s for s in stories if len(s.articles) > 1 for a in s.articles}
        members: dict[str, list[Article]] = {}
        order: list[Story | Article] = []
        for article in shown:
            story = story_of.get(article.uri)
            if story is None:
                order.append(article)
            else:
                if story.id not in members:
                    members[story.id] = []
                    order.append(story)
                members[story.id].append(article)
        entries: list[Entry] = []
        for item in order:
            if isinstance(item, Story):
                entries.append((item, len(members[item.id])))
                entries.extend((a, True) for a in members[item.id])
            else:
                entries.append((item, False))
        self._entries = entries
        return entries

    def story_header(self, story: Story, shown: int, width: int) -> list[Text]:
        """The cells of a story's header row: ▼ its title, the count of its articles."""
        count = f"{shown} of {len(story.articles)}" if shown < len(story.articles) else str(shown)
        title = Text("▼ ", style="bold")
        title.append(story.title, style="bold")
        title.truncate(width, overflow="ellipsis")
        outlets = len({outlet_name(a) for a in story.articles})
        return [Text(""), title, Text(f"{outlets} outlet{'s' * (outlets != 1)}", style="dim"),
                Text(""), Text(""), Text(f"{count} articles", style="italic")]

    def current_story(self) -> Story | None:
        """The story of the row under the cursor: its header's, or its article's."""
        from textual.widgets import DataTable

        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or ""
        if key.startswith(STORY_KEY_PREFIX):
            wanted = key[len(STORY_KEY_PREFIX):]
            return next((s for s in self.stories_ready() or () if s.id == wanted), None)
        article = self.app.article_by_uri(key)
        return self.story_of(article) if article is not None else None

    # ------------------------------------------------------------------ actions

    def action_group_stories(self) -> None:
        self.grouped = not self.grouped
        if not self.grouped:
            self.refresh_rows()
            self.notify("Articles one by one", timeout=2)
            return
        if self.stories_ready() is not None:
            self.refresh_rows()
            self._say_grouped()
            return
        self.refresh_rows()  # starts the grouping; the title line says it is under way

    def _start_grouping(self) -> None:
        count = len(self.app.articles)
        self._grouping = True
        self.notify(f"Grouping {count:,} articles into stories…", timeout=4)
        self.run_worker(self._group_work(), group="stories", exclusive=True, exit_on_error=False)

    async def _group_work(self) -> None:
        try:
            articles = list(self.app.articles)
            key = tuple(a.uri for a in articles)
            analyses = await self.app.analyses_for(articles)
            share = aligned_share(self.app.pair_cache)
            stories = await asyncio.to_thread(group_stories, articles, analyses, share)
            self._stories, self._stories_for = stories, key
        finally:
            self._grouping = False
        if self.grouped:
            self.refresh_rows()
            if self.stories_ready() is not None:
                self._say_grouped()

    def _say_grouped(self) -> None:
        stories = self.stories_ready() or []
        several = sum(1 for s in stories if len(s.articles) > 1)
        self.notify(f"{several:,} stor{'y' if several == 1 else 'ies'} of two or more "
                    f"articles; {len(stories) - several:,} article(s) alone", timeout=3)

    def action_open_story(self) -> None:
        story = self.current_story()
        if story is None:
            if self.stories_ready() is None:
                self.notify("Press t to group the library into stories first", timeout=3)
            else:
                self.notify("This article is alone in its story", timeout=3)
            return
        from .story import StoryScreen

        self.app.push_screen(StoryScreen(story))
