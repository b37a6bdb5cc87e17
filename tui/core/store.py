"""The one place that touches the database file.

TinyDB over a storage that writes atomically (temp file, fsync, `os.replace`,
fsync of the folder) under a file lock, so a crash never leaves a
half-written file and two processes never interleave writes. A file that
cannot be parsed is never overwritten.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
import time
import uuid
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Iterator

from filelock import FileLock, Timeout
from tinydb import Query, TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from .anchoring import Selector
from .atomic import atomic_write_text, fsync_dir
from .sanitize import sanitize_line, sanitize_text

SCHEMA_VERSION = 1
LOCK_TIMEOUT_SECONDS = 10
# A write's temp file left behind by a killed process is removed at open once this old
# (a live write takes milliseconds, so an hour-old temp file is never in use).
STALE_TEMP_SECONDS = 3600
STATUSES = ("verified", "unverified", "disputed", "false")

# Migrations from schema N to N+1, run under the lock when an older file is opened.
MIGRATIONS: dict[int, Callable[["Store"], None]] = {}


def clean_note(note: str | None) -> str | None:
    """A user's note, pasted from anywhere: no control or bidi characters reach the screen."""
    return None if note is None else sanitize_text(note).strip()


def clean_tags(tags) -> tuple[str, ...] | None:
    """Tags as one-line, sanitized, de-duplicated strings (a bare string is one tag)."""
    if tags is None:
        return None
    if isinstance(tags, str):
        tags = [tags]
    cleaned = (sanitize_line(str(tag)) for tag in tags)
    return tuple(dict.fromkeys(tag for tag in cleaned if tag))


def now_iso() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class Annotation:
    """A claim (a selector with a status, tags, note) or an article note (no selector)."""

    id: str
    uri: str
    selector: Selector | None
    status: str | None = None
    tags: tuple[str, ...] = ()
    note: str = ""
    created: str = ""
    modified: str = ""
    anchored: bool = True
    text_hash: str = ""

    @property
    def is_claim(self) -> bool:
        return self.selector is not None

    def to_record(self) -> dict[str, Any]:
        return {
            "id": self.id, "uri": self.uri,
            "selector": self.selector.to_dict() if self.selector else None,
            "status": self.status, "tags": list(self.tags), "note": self.note,
            "created": self.created, "modified": self.modified,
            "anchored": self.anchored, "text_hash": self.text_hash,
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> "Annotation":
        selector = record.get("selector")
        return cls(
            id=record["id"], uri=record["uri"],
            selector=Selector.from_dict(selector) if selector else None,
            status=record.get("status"), tags=tuple(record.get("tags") or ()),
            note=record.get("note") or "", created=record.get("created", ""),
            modified=record.get("modified", ""), anchored=bool(record.get("anchored", True)),
            text_hash=record.get("text_hash", ""),
        )


class StoreError(Exception):
    """The database cannot be used; the message names the file and the problem."""


class StoreDamaged(StoreError):
    """The file's content cannot be parsed: it is kept untouched and may be moved aside."""


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
            raise StoreDamaged(f"{self.path}: damaged, not UTF-8 text (byte {exc.start}); left untouched") from None
        except json.JSONDecodeError as exc:
            raise StoreDamaged(
                f"{self.path}: damaged, not valid JSON (line {exc.lineno}, column {exc.colno}); "
                "left untouched"
            ) from None
        if not isinstance(data, dict):
            raise StoreDamaged(f"{self.path}: damaged, not a newsdesk database (top level is not an object)")
        for name, table in data.items():
            if not isinstance(table, dict) or not all(isinstance(row, dict) for row in table.values()):
                raise StoreDamaged(
                    f"{self.path}: not a newsdesk database (table {name!r} is not an object of "
                    "records); left untouched"
                )
        return data

    def write(self, data: dict[str, Any]) -> None:
        folder = self.path.parent
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write_text(self.path, json.dumps(data, ensure_ascii=False, indent=1))

    def close(self) -> None:
        pass

    def remove_stale_temp_files(self, max_age: float) -> None:
        """Delete this file's own temp files (`write` makes them) older than `max_age` seconds."""
        pattern = re.compile(rf"\.{re.escape(self.path.name)}\.[a-z0-9_]{{8}}\.tmp")
        cutoff = time.time() - max_age
        try:
            entries = list(os.scandir(self.path.parent))
        except OSError:
            return
        for entry in entries:
            try:
                if (pattern.fullmatch(entry.name) and entry.is_file(follow_symlinks=False)
                        and entry.stat(follow_symlinks=False).st_mtime < cutoff):
                    os.unlink(entry.path)
            except OSError:
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
        self._db.storage.remove_stale_temp_files(STALE_TEMP_SECONDS)

    def _table(self, name: str) -> Table:
        """A fresh, uncached view of a table: another process may have written since."""
        return Table(self._db.storage, name, cache_size=0)

    @contextmanager
    def _writing(self) -> Iterator[None]:
        try:
            with self._lock:
                yield
        except Timeout:
            raise StoreError(
                f"{self.path}: another newsdesk process holds the lock; try again"
            ) from None

    def _schema_version(self) -> Any:
        rows = self._table("meta").all()
        return rows[0].get("schema_version") if rows else None

    def _check_schema(self) -> None:
        version = self._schema_version()
        if version is None:
            with self._writing():
                if not self._table("meta").all():
                    self._table("meta").insert({"schema_version": SCHEMA_VERSION})
        elif not isinstance(version, int) or isinstance(version, bool):
            raise StoreDamaged(f"{self.path}: schema_version {version!r} is not a number; left untouched")
        elif version < SCHEMA_VERSION:
            with self._writing():
                # Another process may have migrated the file while this one waited for the lock.
                version = self._schema_version()
                for step in range(version, SCHEMA_VERSION):
                    MIGRATIONS[step](self)
                    self._table("meta").update({"schema_version": step + 1})
        elif version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: written by a newer newsdesk (schema {version}, this one reads "
                f"{SCHEMA_VERSION}); left untouched"
            )

    # ----------------------------------------------------------------- read state

    def read_uris(self) -> set[str]:
        return {row["uri"] for row in self._table("articles").all() if row.get("read")}

    def set_read(self, uri: str, read: bool = True) -> None:
        with self._writing():
            self._table("articles").upsert({"uri": uri, "read": read}, Query().uri == uri)

    # ----------------------------------------------------------------- annotations
    # Every write below returns only after the file is replaced and fsynced.

    def annotations(self, uri: str | None = None) -> list[Annotation]:
        table = self._table("annotations")
        rows = table.all() if uri is None else table.search(Query().uri == uri)
        return sorted((Annotation.from_record(r) for r in rows),
                      key=lambda a: (a.uri, a.selector.start if a.selector else -1, a.created))

    def claims(self, uri: str | None = None) -> list[Annotation]:
        return [a for a in self.annotations(uri) if a.is_claim]

    def get(self, annotation_id: str) -> Annotation | None:
        rows = self._table("annotations").search(Query().id == annotation_id)
        return Annotation.from_record(rows[0]) if rows else None

    def _put(self, annotation: Annotation) -> Annotation:
        with self._writing():
            self._table("annotations").upsert(annotation.to_record(), Query().id == annotation.id)
        return annotation

    def tag_claim(
        self,
        uri: str,
        selector: Selector,
        *,
        text_hash: str = "",
        status: str | None = None,
        note: str | None = None,
        tags: list[str] | None = None,
    ) -> Annotation:
        """Create or update the claim at `selector` (same uri and span); durable on return."""
        if status is not None and status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}")
        note, tags = clean_note(note), clean_tags(tags)
        with self._writing():
            existing = next(
                (a for a in self.claims(uri)
                 if a.anchored and (a.selector.start, a.selector.end) == (selector.start, selector.end)),
                None,
            )
            stamp = now_iso()
            if existing is None:
                annotation = Annotation(
                    id=str(uuid.uuid4()), uri=uri, selector=selector, status=status,
                    tags=tuple(tags or ()), note=note or "", created=stamp, modified=stamp,
                    anchored=True, text_hash=text_hash,
                )
            else:
                annotation = replace(
                    existing, selector=selector, modified=stamp,
                    status=status if status is not None else existing.status,
                    note=note if note is not None else existing.note,
                    tags=tuple(tags) if tags is not None else existing.tags,
                    text_hash=text_hash or existing.text_hash,
                )
            self._table("annotations").upsert(annotation.to_record(), Query().id == annotation.id)
        return annotation

    def update(self, annotation_id: str, *, touch: bool = True, **changes: Any) -> Annotation | None:
        """Change fields of one annotation (status, note, tags, selector, anchored, uri).

        `touch=False` keeps `modified` (re-anchoring is not a user's edit).
        """
        if "status" in changes and changes["status"] not in (None, *STATUSES):
            raise ValueError(f"status must be one of {', '.join(STATUSES)}")
        if "tags" in changes:
            changes["tags"] = clean_tags(changes["tags"])
        if "note" in changes:
            changes["note"] = clean_note(changes["note"]) or ""
        with self._writing():
            current = self.get(annotation_id)
            if current is None:
                return None
            annotation = replace(current, **changes, modified=now_iso() if touch else current.modified)
            self._table("annotations").upsert(annotation.to_record(), Query().id == annotation_id)
        return annotation

    def clear_status(self, annotation_id: str) -> Annotation | None:
        """Clear a claim's status; a claim left with no note and no tags is removed."""
        with self._writing():
            current = self.get(annotation_id)
            if current is None:
                return None
            if not current.note and not current.tags:
                self._table("annotations").remove(Query().id == annotation_id)
                return None
            return self.update(annotation_id, status=None)

    def article_note(self, uri: str) -> Annotation | None:
        return next((a for a in self.annotations(uri) if not a.is_claim), None)

    def set_article_note(self, uri: str, text: str, text_hash: str = "") -> Annotation:
        text = clean_note(text) or ""
        with self._writing():
            current = self.article_note(uri)
            stamp = now_iso()
            annotation = (
                replace(current, note=text, modified=stamp,
                        text_hash=text_hash or current.text_hash) if current
                else Annotation(id=str(uuid.uuid4()), uri=uri, selector=None, note=text,
                                created=stamp, modified=stamp, text_hash=text_hash)
            )
            self._table("annotations").upsert(annotation.to_record(), Query().id == annotation.id)
        return annotation

    def status_counts(self) -> dict[str, Counter]:
        """Per article uri: how many claims carry each status."""
        counts: dict[str, Counter] = {}
        for annotation in self.claims():
            if annotation.status:
                counts.setdefault(annotation.uri, Counter())[annotation.status] += 1
        return counts

    # ----------------------------------------------------------------- damaged files

    @staticmethod
    def move_aside(path: str | Path) -> Path:
        """Rename a damaged database to a timestamped backup beside it; return the backup."""
        path = Path(path)
        stamp = _dt.datetime.now(_dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        backup = path.with_name(f"{path.name}.damaged-{stamp}")
        counter = 1
        while backup.exists():  # never overwrite an earlier backup made in the same second
            counter += 1
            backup = path.with_name(f"{path.name}.damaged-{stamp}-{counter}")
        os.replace(path, backup)
        fsync_dir(path.parent)
        return backup
