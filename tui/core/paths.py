"""Where newsdesk keeps its files: one place for every location.

Defaults are platformdirs' per-user folders; each can be moved:
data (NEWSDESK_DATA_DIR: the database, the imported articles and the feed list live
there by default), database (`--db`, NEWSDESK_DB, `db =` in config — resolved in
config.py), imported articles (`import_dir =` in config), config (NEWSDESK_CONFIG),
caches (NEWSDESK_CACHE_DIR, which holds the analysis and alignment caches and the
corroboration index as subfolders, and the library index).

`write_target` checks a path before anything is written to it: writes only ever
go to regular files (never into a device, a FIFO or a folder someone pointed a
path at), and a symlink is written through to the file it names.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import platformdirs

from .articles import display_path

APP = "newsdesk"


def config_path() -> Path:
    override = os.environ.get("NEWSDESK_CONFIG")
    if override:
        return Path(override)
    return platformdirs.user_config_path(APP) / "config.toml"


def data_root() -> Path:
    """The data folder: NEWSDESK_DATA_DIR, else the user data folder. What is in it is
    the user's own (claims, imported articles, subscriptions), never rebuilt."""
    override = os.environ.get("NEWSDESK_DATA_DIR")
    return Path(override) if override else platformdirs.user_data_path(APP)


def default_db_path() -> Path:
    return data_root() / "newsdesk.json"


def default_import_dir() -> Path:
    """Where `newsdesk import` and feed refreshes save articles, unless config moves it."""
    return data_root() / "articles"


def feeds_path() -> Path:
    """The subscribed feeds (JSON), as `newsdesk feeds` and `newsdesk refresh` keep them."""
    return data_root() / "feeds.json"


def ui_state_path() -> Path:
    """What the app remembers between starts that is not in the config (the theme chosen
    from the command palette)."""
    return data_root() / "ui-state.json"


# How a refused database path ends its message (see write_target).
DB_ADVICE = "choose another with --db or NEWSDESK_DB"


def cache_root() -> Path:
    """The cache folder: NEWSDESK_CACHE_DIR, else the user cache folder. Everything in it
    can be deleted; it is rebuilt."""
    override = os.environ.get("NEWSDESK_CACHE_DIR")
    return Path(override) if override else platformdirs.user_cache_path(APP)


def analysis_cache_dir() -> Path:
    return cache_root() / "analysis"


def alignment_cache_dir() -> Path:
    return cache_root() / "alignments"


def corroboration_index_dir() -> Path:
    """The sentence index corroboration looks claims up in (sentence_index.py)."""
    return cache_root() / "corroboration"


def library_index_path() -> Path:
    """The library index (SQLite): each article file's metadata and search terms, so a
    start reads no article text. A cache: deleted, it is rebuilt from the files."""
    return cache_root() / "library-index.sqlite3"


# ----------------------------------------------------------------------------- write targets

# Kernels give up after 40 links in a row (ELOOP); so does write_target.
MAX_SYMLINKS = 40


class NotWritable(ValueError):
    """A path meant to be written names something other than a regular file (one line)."""


def not_regular(mode: int) -> str | None:
    """What a non-regular file is ("a FIFO", …), from its `st_mode`; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    for test, name in ((stat.S_ISDIR, "a directory"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISFIFO, "a FIFO"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "a special file"


def write_target(path: Path | str, advice: str = "choose another file") -> Path:
    """The file a write to `path` should replace: `path`, or the end of its symlink chain.

    Raises NotWritable ("PATH: is a FIFO, not a regular file; ADVICE") when that is a
    directory, a device, a FIFO or a socket, or when the chain loops. A path that does
    not exist yet (or a dangling symlink's target) is returned as is, to be created.
    Writing to the returned path atomically (a temp file beside it, renamed over it)
    updates the file every link points at, and leaves the links links.

    Only `lstat` and `readlink` are used: opening a FIFO to look at it would block.
    """
    given = Path(path)
    current = given
    for _ in range(MAX_SYMLINKS + 1):
        # How the message names what was reached: the path itself, or the end of its links.
        what = "is" if current == given else f"is a symlink to {display_path(current)},"
        try:
            info = os.lstat(current)
        except FileNotFoundError:
            return current
        except OSError as exc:
            problem = _lstat_problem(exc)
            raise NotWritable(f"{display_path(given)}: {what} which {problem}; {advice}"
                              if current != given else
                              f"{display_path(given)}: {problem}; {advice}") from None
        if not stat.S_ISLNK(info.st_mode):
            kind = not_regular(info.st_mode)
            if kind is None:
                return current
            raise NotWritable(f"{display_path(given)}: {what} {kind}, not a regular file; "
                              f"{advice}")
        # A relative link is read from the link's own folder, as the kernel does.
        current = current.parent / os.readlink(current)
    raise NotWritable(f"{display_path(given)}: too many levels of symlinks (a loop?); {advice}")


def _lstat_problem(exc: OSError) -> str:
    """Why a path could not even be looked at, for a message."""
    if exc.errno == errno.ENOTDIR:
        return "has a file where a folder should be"
    return f"cannot be checked ({exc.strerror})"


def existing_entry(path: Path | str, advice: str = "choose another file") -> str | None:
    """What a new file put at `path` would replace, without following a symlink there.

    None when nothing is there; "" for a regular file; for a symlink (dangling or not)
    the target it names. A directory, device, FIFO or socket raises NotWritable. For
    writes that replace the entry itself (the palette exports) rather than write through.
    """
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise NotWritable(f"{display_path(path)}: {_lstat_problem(exc)}; {advice}") from None
    if stat.S_ISLNK(info.st_mode):
        return os.readlink(path)
    kind = not_regular(info.st_mode)
    if kind is not None:
        raise NotWritable(f"{display_path(path)}: is {kind}, not a regular file; {advice}")
    return ""
