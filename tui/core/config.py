"""Settings: command-line option, then environment, then config file, then default."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class ConfigError(Exception):
    """The config file exists but cannot be used; the message names it."""


from .paths import config_path, default_db_path, default_import_dir  # noqa: E402,F401  (locations live in paths.py)
from .sanitize import sanitize_line  # noqa: E402
from .scan import DEFAULT_MAX_FILES  # noqa: E402

DEFAULT_MAX_WIDTH = 100  # columns an article's lines run to at most, however wide the terminal
MIN_MAX_WIDTH = 30


@dataclass
class Settings:
    model: str | None = None
    db: Path = field(default_factory=default_db_path)
    keymap: dict[str, str] = field(default_factory=dict)
    config_file: Path | None = None
    library: list[Path] = field(default_factory=list)  # folders always in the library
    max_files: int = DEFAULT_MAX_FILES  # files one load takes at most (folder scans stop there)
    import_dir: Path = field(default_factory=default_import_dir)  # where imports are saved
    max_width: int = DEFAULT_MAX_WIDTH  # the reader's measure, in columns
    theme: str | None = None  # a Textual theme name; None: the remembered one or the default
    reviewer: str | None = None  # who reviews the claims (ClaimReview author in exports)
    # What of the config file was left out (unknown keys, keymap values that are not
    # keys), one line each naming the file and key; the rest applies.
    notes: list[str] = field(default_factory=list)


REVIEWER_MAX_CHARS = 200  # as an article's author

KNOWN_KEYS = ("model", "db", "library", "max_files", "import_dir", "max_width", "theme", "reviewer",
              "keymap")


def _text(value: object, path: Path, key: str) -> str | None:
    """A config string as newsdesk shows it (sanitized), None when unset."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ConfigError(f"{path}: {key} must be a string, e.g. {key} = \"en_core_web_sm\"")
    return sanitize_line(value) or None


def load_settings(model: str | None = None, db: str | None = None) -> Settings:
    """Resolve settings; raises ConfigError for an unreadable config file."""
    path = config_path()
    data: dict[str, Any] = {}
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text("utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: not valid TOML ({exc})") from None
        except OSError as exc:
            raise ConfigError(f"{path}: {exc.strerror}") from None
    keymap = data.get("keymap", {})
    if not isinstance(keymap, dict):
        raise ConfigError(f"{path}: [keymap] must be a table of binding id = \"keys\"")
    notes = [f"{path}: {sanitize_line(str(key))}: not a newsdesk setting; ignored (settings: "
             f"{', '.join(KNOWN_KEYS)})" for key in data if key not in KNOWN_KEYS]
    for key, value in list(keymap.items()):
        if not isinstance(value, str):
            notes.append(f'{path}: [keymap] "{sanitize_line(str(key))}": keys must be a string, '
                         'e.g. "j,down"; ignored')
            del keymap[key]
    db_setting = data.get("db")
    if db_setting is not None and (not isinstance(db_setting, str) or not db_setting.strip()):
        raise ConfigError(f"{path}: db must be a file path, e.g. db = \"~/news/claims.json\"")
    library = data.get("library", [])
    if isinstance(library, str):
        library = [library]
    if not isinstance(library, list) or not all(isinstance(p, str) for p in library):
        raise ConfigError(f"{path}: library must be a list of folder paths, e.g. "
                          'library = ["~/news"]')
    max_files = data.get("max_files", DEFAULT_MAX_FILES)
    if isinstance(max_files, bool) or not isinstance(max_files, int) or max_files < 1:
        raise ConfigError(f"{path}: max_files must be a whole number of files, at least 1, "
                          f"e.g. max_files = {DEFAULT_MAX_FILES * 2}")
    max_width = data.get("max_width", DEFAULT_MAX_WIDTH)
    if isinstance(max_width, bool) or not isinstance(max_width, int) or max_width < MIN_MAX_WIDTH:
        raise ConfigError(f"{path}: max_width must be a whole number of columns, at least "
                          f"{MIN_MAX_WIDTH}, e.g. max_width = {DEFAULT_MAX_WIDTH}")
    import_dir = data.get("import_dir")
    if import_dir is not None and (not isinstance(import_dir, str) or not import_dir.strip()):
        raise ConfigError(f"{path}: import_dir must be a folder path, e.g. "
                          'import_dir = "~/news/imported"')
    theme = data.get("theme")
    if theme is not None and (not isinstance(theme, str) or not theme.strip()):
        raise ConfigError(f'{path}: theme must be a theme name, e.g. theme = "textual-light"')
    reviewer = data.get("reviewer")
    if reviewer is not None and (not isinstance(reviewer, str) or not sanitize_line(reviewer).strip()):
        raise ConfigError(f'{path}: reviewer must be a name, e.g. reviewer = "Jane Doe, Desk"')
    return Settings(
        reviewer=sanitize_line(reviewer).strip()[:REVIEWER_MAX_CHARS] if reviewer else None,
        theme=sanitize_line(theme.strip()) if theme else None,
        max_files=max_files,
        max_width=max_width,
        import_dir=Path(import_dir).expanduser() if import_dir else default_import_dir(),
        library=[Path(p).expanduser() for p in library],
        model=_text(model or os.environ.get("NEWSDESK_MODEL") or data.get("model"), path, "model"),
        db=Path(db or os.environ.get("NEWSDESK_DB")
                or (Path(db_setting).expanduser() if db_setting else default_db_path())),
        # Config text is shown back (status bar, help): one-line and sanitized like any other.
        keymap={sanitize_line(str(k)): sanitize_line(str(v)) for k, v in keymap.items()},
        config_file=path if path.is_file() else None,
        notes=notes,
    )
