"""What the app's and the screens' mixins are type-checked against.

A mixin adds methods to NewsdeskApp or to a screen and calls theirs (`notify`,
`run_worker`, `query_one` ...) and the app's own (`store`, `library` ...). At run
time its base is `object`; for mypy it is the textual class it is mixed into, with
the app's attributes the mixins use declared, so those calls are checked too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from textual import getters
    from textual.app import App
    from textual.screen import Screen

    from .app import NewsdeskApp
    from .core.articles import Article, LoadProblem
    from .core.config import Settings
    from .core.library import Library
    from .core.pool import AnalysisPool
    from .core.store import Store
    from .importing import ImportState

    class AppMixin(App[int]):
        """NewsdeskApp as its mixins see it: what one mixin uses of the app or of another."""

        settings: Settings
        library: Library
        store: Store
        pool: AnalysisPool
        import_progress: ImportState | None
        index_progress: ImportState | None

        @property
        def articles(self) -> list[Article]: ...
        @property
        def problems(self) -> list[LoadProblem]: ...
        def _refresh_library(self) -> None: ...
        def write_store(self, write: Callable[[], Any], confirmation: str | None, *,
                        done: Callable[[Any], None] | None = None,
                        failed: Callable[[Exception], None] | None = None) -> None: ...

    class ScreenMixin(Screen[None]):
        """A screen of NewsdeskApp, as the screens' mixins see it."""

        app = getters.app(NewsdeskApp)
else:
    AppMixin = object
    ScreenMixin = object
