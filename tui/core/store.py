"""The one place that touches the database file.

TinyDB over a storage that writes atomically (temp file, fsync, `os.replace`,
fsync of the folder) under a file lock, so a crash never leaves a
half-written file and two processes never interleave writes. A file that
cannot be parsed is never overwritten.
"""

from __future__ import annotations

import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from filelock import FileLock, Timeout
from tinydb import Query, TinyDB
from tinydb.storages import Storage

SCHEMA_VERSION = 1
LOCK_TIMEOUT_SECONDS = 10


class StoreError(Exception):
    """The database cannot be used; the message names the file and the problem."""


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class AtomicJSONStorage(Storage):
    """JSON storage whose writes are all-or-nothing."""

    def __init__(self, path: str | Path):
        self.path = Path(path)

    def read(self) -> dict[str, Any] | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot be read ({exc.strerror})") from None
        if not raw.strip():
            return None
        try:
            data = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise StoreError(f"{self.path}: not UTF-8 text (byte {exc.start}); left untouched") from None
        except json.JSONDecodeError as exc:
            raise StoreError(
                f"{self.path}: damaged, not valid JSON (line {exc.lineno}, column {exc.colno}); "
                "left untouched"
            ) from None
        if not isinstance(data, dict):
            raise StoreError(f"{self.path}: not a newsdesk database (top level is not an object)")
        return data

    def write(self, data: dict[str, Any]) -> None:
        folder = self.path.parent
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{self.path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, ensure_ascii=False, indent=1)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
        _fsync_dir(folder)

    def close(self) -> None:
        pass


class Store:
    """Read state (and later annotations) for the library, in one TinyDB file."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._lock = FileLock(str(self.path) + ".lock", timeout=LOCK_TIMEOUT_SECONDS)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"{self.path.parent}: cannot create folder ({exc.strerror})") from None
        self._db = TinyDB(self.path, storage=AtomicJSONStorage)
        self._check_schema()

    @contextmanager
    def _writing(self) -> Iterator[None]:
        try:
            with self._lock:
                yield
        except Timeout:
            raise StoreError(
                f"{self.path}: another newsdesk process holds the lock; try again"
            ) from None

    def _check_schema(self) -> None:
        meta = self._db.table("meta")
        rows = meta.all()
        version = rows[0].get("schema_version") if rows else None
        if version is None:
            with self._writing():
                if not meta.all():
                    meta.insert({"schema_version": SCHEMA_VERSION})
        elif version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: written by a newer newsdesk (schema {version}, this one reads "
                f"{SCHEMA_VERSION}); left untouched"
            )

    # ----------------------------------------------------------------- read state

    def read_uris(self) -> set[str]:
        return {row["uri"] for row in self._db.table("articles").all() if row.get("read")}

    def set_read(self, uri: str, read: bool = True) -> None:
        with self._writing():
            self._db.table("articles").upsert({"uri": uri, "read": read}, Query().uri == uri)
