"""Every remappable binding of the app, read off its classes, and the config's [keymap]
checked against them (tui/core/keymap.py decides what may be applied)."""

from __future__ import annotations

from textual.binding import Binding
from textual.keys import _character_to_key

from .core.config import Settings
from .core.keymap import BindingInfo, KeymapCheck, check_keymap


def normalize_key(key: str) -> str:
    """A key as written in the config ("?") in the form bindings use ("question_mark"),
    as Textual reads a keymap."""
    return _character_to_key(key) if len(key) == 1 else key


def _classes() -> list[type]:
    from .app import NewsdeskApp
    from .screens.claims import ClaimsScreen
    from .screens.compare import CompareScreen
    from .screens.dialogs import NoteDialog, TagsDialog
    from .screens.export_dialog import ExportPathDialog, ReplaceDialog
    from .screens.help import HelpScreen
    from .screens.import_dialog import ImportDialog
    from .screens.library import LibraryScreen
    from .screens.pick import PickArticleScreen
    from .screens.problems import ProblemsScreen
    from .screens.quotes import QuotesScreen
    from .screens.reader import ReaderScreen
    from .screens.timeline import TimelineScreen
    from .widgets.article_view import ArticleView
    from .widgets.panel_lists import LabelToggles, PanelOptionList
    from .widgets.side_by_side import SideBySide

    return [NewsdeskApp, LibraryScreen, ReaderScreen, ArticleView, CompareScreen, SideBySide,
            ClaimsScreen, ProblemsScreen, HelpScreen, PickArticleScreen, NoteDialog, TagsDialog,
            ExportPathDialog, ReplaceDialog, ImportDialog, PanelOptionList, LabelToggles,
            TimelineScreen, QuotesScreen]


def all_bindings() -> list[BindingInfo]:
    """Every binding with an id, each once, with its default keys and description."""
    found: dict[str, BindingInfo] = {}
    for cls in _classes():
        for klass in cls.__mro__:
            for binding in klass.__dict__.get("BINDINGS", ()):
                if not isinstance(binding, Binding) or not binding.id or binding.id in found:
                    continue
                keys = tuple(normalize_key(k.strip()) for k in binding.key.split(",") if k.strip())
                found[binding.id] = BindingInfo(binding.id, keys,
                                                binding.tooltip or binding.description or
                                                binding.action)
    return sorted(found.values(), key=lambda b: b.id)


def checked_keymap(settings: Settings) -> KeymapCheck:
    """The settings' keymap as it may be applied, and what of the config file was left out
    (one line each: the settings' own notes first, then the keymap's)."""
    where = str(settings.config_file) if settings.config_file else "config"
    checked = check_keymap(settings.keymap, all_bindings(), where, normalize_key)
    checked.problems[:0] = settings.notes
    return checked
