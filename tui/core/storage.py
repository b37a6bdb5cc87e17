"""The database file as TinyDB sees it: JSON written all-or-nothing, damage never overwritten.

`AtomicJSONStorage` is TinyDB's storage: a write goes to a temp file beside the
database, is fsynced and renamed over it (then the folder is fsynced), so a
crash leaves the old file or the new one, never half. A file that cannot be
parsed raises `StoreDamaged` and is left untouched.
"""

from __future__ import annotations

import json
import os
import re
import stat
import time
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from .articles import display_path
from .atomic import atomic_write_text


class StoreError(Exception):
    """The database cannot be used; the message names the file and the problem."""


class StoreDamaged(StoreError):
    """The file's content cannot be parsed: it is kept untouched and may be moved aside."""


class StoreReadOnly(StoreError):
    """The file was damaged by another program while newsdesk ran: nothing more is written."""


class LockBusy(StoreError):
    """Another newsdesk process holds the lock (longer than this call was willing to wait)."""


class StaleClaim(StoreError):
    """A write was based on a view of a claim that another window has changed or removed."""


class AtomicJSONStorage(Storage):
    """JSON storage whose writes are all-or-nothing."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.shown = display_path(self.path)

    def read(self) -> dict[str, Any] | None:
        try:
            raw = _read_regular_file(self.path)
        except FileNotFoundError:
            return None
        except IsADirectoryError:
            raise StoreDamaged(f"{self.shown}: is no longer a regular file; left untouched") from None
        except OSError as exc:
            raise StoreError(f"{self.shown}: cannot be read ({exc.strerror})") from None
        if not raw.strip():
            return None
        try:
            data = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise StoreDamaged(f"{self.shown}: damaged, not UTF-8 text (byte {exc.start}); left untouched") from None
        except json.JSONDecodeError as exc:
            raise StoreDamaged(
                f"{self.shown}: damaged, not valid JSON (line {exc.lineno}, column {exc.colno}); "
                "left untouched"
            ) from None
        if not isinstance(data, dict):
            raise StoreDamaged(f"{self.shown}: damaged, not a newsdesk database (top level is not an object)")
        for name, table in data.items():
            # A row of the wrong shape is the store's to report and skip; only the
            # schema's own table must be all records.
            if not isinstance(table, dict) or (
                    name == "meta" and not all(isinstance(row, dict) for row in table.values())):
                raise StoreDamaged(
                    f"{self.shown}: not a newsdesk database (table {name!r} is not an object of "
                    "records); left untouched"
                )
        return data

    def write(self, data: dict[str, Any]) -> None:
        folder = self.path.parent
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write_text(self.path, encode_tables(data))

    def close(self) -> None:
        pass

    def remove_stale_temp_files(self, max_age: float) -> None:
        """Delete this file's own temp files (`write` makes them) older than `max_age` seconds."""
        pattern = re.compile(rf"\.{re.escape(self.path.name)}\.[a-z0-9_]{{8}}\.tmp")
        remove_stale_temp_files(self.path.parent, pattern, max_age)


def remove_stale_temp_files(folder: Path, pattern: re.Pattern[str], max_age: float) -> None:
    """Delete the regular files in `folder` named by `pattern` (the temp files of writes a
    killed process left) older than `max_age` seconds; what cannot be read or removed is
    left as it is."""
    cutoff = time.time() - max_age
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        try:
            if (pattern.fullmatch(entry.name) and entry.is_file(follow_symlinks=False)
                    and entry.stat(follow_symlinks=False).st_mtime < cutoff):
                os.unlink(entry.path)
        except OSError:
            pass




def encode_tables(data: dict[str, Any]) -> str:
    """A database file's text. Compact: json's C encoder only runs without indent
    (several times faster)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _read_regular_file(path: Path) -> bytes:
    """The bytes of `path`; something else put in its place (a FIFO, a device, a folder)
    raises IsADirectoryError instead of being read — opening never blocks."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise IsADirectoryError(path)
        with os.fdopen(fd, "rb") as handle:
            fd = -1
            return handle.read()
    finally:
        if fd != -1:
            os.close(fd)
