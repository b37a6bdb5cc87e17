"""The one place that touches the database: library state in one file, claims in shards.

`NAME` (TinyDB, schema 3) keeps the library's own state: read state and the schema
version. Every article's claims and notes are in their own TinyDB file in `NAME.claims/`
(see shards.py for why, with the measurements), with a small rebuildable index for the
library's counts. Every file is written atomically (temp file, fsync, `os.replace`, fsync
of the folder) under one file lock for the whole store, so a crash never leaves a
half-written file and two processes never interleave writes; a file that cannot be
parsed is never overwritten. A write reads and rewrites only the shards it changes.
Older files are upgraded on open, after a byte-identical backup (store_migrate.py).
"""

from __future__ import annotations

import datetime as _dt
import os
import threading
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

from filelock import FileLock
from tinydb import TinyDB
from tinydb.table import Table

from . import store_migrate
from .anchoring import Selector
from .articles import display_path
from .atomic import fsync_dir
from .paths import DB_ADVICE, NotWritable, write_target
from .records import (  # noqa: F401
    STATUSES,
    Annotation,
    BadRecord,
    check_status,
    clean_changes,
    clean_note,
    clean_tags,
    next_row_id,
    now_iso,
    parsed_rows,
)
from .shards import Shards, StatKey, shard_name
from .storage import AtomicJSONStorage, LockBusy, StaleClaim, StoreDamaged, StoreError, StoreReadOnly  # noqa: F401
from .store_files import StoreFiles

__all__ = ["STATUSES", "Annotation", "Store", "StoreError", "StoreDamaged", "StoreReadOnly",
           "LockBusy", "StaleClaim", "clean_note", "clean_tags"]

SCHEMA_VERSION = 3
LOCK_TIMEOUT_SECONDS = 10
# A write's temp file left behind by a killed process is removed at open once this old
# (a live write takes milliseconds, so an hour-old temp file is never in use).
STALE_TEMP_SECONDS = 3600

# Migrations from schema N to N+1, run under the lock when an older file is opened.
MIGRATIONS: dict[int, Callable[[Store], None]] = {1: store_migrate.to_v2,
                                                   2: store_migrate.to_v3}


class Store(StoreFiles):
    """Read state, claims and notes for the library.

    Every write is one transaction under the lock: read the files it changes once,
    change them, write each once (fsynced) — a batch of re-anchored claims costs one
    rewrite per article, a key press one small file.
    """

    def __init__(self, path: str | Path, *, create: bool = True):
        """Open the database at `path`. With `create=False` (commands that only read) a
        database that does not exist yet is read as empty and nothing is made on disk:
        no folder, no file, no lock file."""
        # `path` names the database in messages; `file` is what is read and written: the
        # end of its symlinks, so a linked database is updated in place and stays linked.
        # Checked before anything touches the disk: a device, FIFO or folder is refused.
        self.path = Path(path)
        self.shown = display_path(self.path)  # a file name is untrusted text too
        try:
            self.file = write_target(self.path, DB_ADVICE)
        except NotWritable as exc:
            raise StoreError(str(exc)) from None
        self.read_only: str | None = None  # why nothing more is written, once damage is seen
        self._problems: dict[str, None] = {}  # bad rows, in the order found
        self._reported: set[str] = set()
        self._notices: list[str] = []  # said once: an upgrade and where its backup is
        self._last_good: dict[str, Any] | None = None
        self._parsed: dict[str, tuple[StatKey | None, list[Annotation]]] = {}  # shard → (stat, rows)
        self._local = threading.local()
        # This process's threads take turns here first: the file lock is for other processes.
        self._in_process = threading.RLock()
        # Beside the real file: processes reaching it through different links share the lock.
        self._lock = FileLock(str(self.file) + ".lock", timeout=LOCK_TIMEOUT_SECONDS)
        self.absent = not create and not os.path.lexists(self.file)
        if not self.absent:
            try:
                self.file.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"{self.file.parent}: cannot create folder ({exc.strerror})") from None
        self.shards = Shards(self.file.with_name(self.file.name + ".claims"))
        self._db = TinyDB(self.file, storage=AtomicJSONStorage)
        if self.absent:
            self.shards.memory = {}  # nothing stored yet, and nothing is made by reading
            return
        self._check_schema()
        cast(AtomicJSONStorage, self._db.storage).remove_stale_temp_files(STALE_TEMP_SECONDS)
        if self.shards.memory is None:
            self.shards.remove_stale_temp_files(STALE_TEMP_SECONDS)

    # ----------------------------------------------------------------- schema

    def _schema_version(self) -> Any:
        rows = list(self._load().get("meta", {}).values())
        return rows[0].get("schema_version") if rows else None

    def _check_schema(self) -> None:
        version = self._schema_version()
        if version is None and self._load().get("annotations"):
            version = 1  # rows written before the file had a schema version
        if version is None:
            with self._transaction() as data:
                meta = data.setdefault("meta", {})
                if not meta:
                    meta["1"] = {"schema_version": SCHEMA_VERSION}
        elif not isinstance(version, int) or isinstance(version, bool):
            raise StoreDamaged(f"{self.shown}: schema_version {version!r} is not a number; left untouched")
        elif version < SCHEMA_VERSION:
            self._migrate()
        elif version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.shown}: written by a newer newsdesk (schema {version}, this one reads "
                f"{SCHEMA_VERSION}); left untouched"
            )

    def _migrate(self) -> None:
        """Upgrade an older file, after a byte-identical backup; one notice names it.

        A file that cannot be upgraded where it is (a read-only folder or disk) is shown
        as it is, read-only; another process holding the lock is an error at open."""
        backup = None
        try:
            with self._writing():
                # Another process may have migrated the file while this one waited for the lock.
                version = self._schema_version()
                if version is None and self._load().get("annotations"):
                    version = 1
                if isinstance(version, int) and version < SCHEMA_VERSION:
                    backup = store_migrate.backup_copy(self.file, version)
                    for step in range(version, SCHEMA_VERSION):
                        MIGRATIONS[step](self)
                        self._table("meta").update({"schema_version": step + 1})
        except LockBusy:
            raise
        except StoreError as exc:
            if isinstance(exc, StoreDamaged):
                raise
            self._last_good = self._last_good or self._db.storage.read() or {}
            self.shards.memory = store_migrate.legacy_view(self._last_good)
            self.read_only = (f"{exc} — so it cannot be upgraded to this newsdesk's format; "
                              "its claims are shown, nothing is saved this session")
            return
        self._load()
        if backup is not None:
            self._notices.append(f"{self.shown}: upgraded to this newsdesk's format (schema "
                                 f"{SCHEMA_VERSION}); the file as it was is kept in "
                                 f"{display_path(backup)}")

    def new_notices(self) -> list[str]:
        """What the user should hear once (an upgrade and its backup); then empty."""
        notices, self._notices = self._notices, []
        return notices

    def _table(self, name: str) -> Table:
        """A fresh, uncached TinyDB view of a table (for migrations)."""
        return Table(self._db.storage, name, cache_size=0)

    # ----------------------------------------------------------------- read state

    def read_uris(self) -> set[str]:
        rows = self._load().get("articles", {}).values()
        return {row["uri"] for row in rows
                if isinstance(row, dict) and row.get("read") and isinstance(row.get("uri"), str)}

    def set_read(self, uri: str, read: bool = True) -> None:
        with self._transaction() as data:
            rows = data.setdefault("articles", {})
            key = next((k for k, row in rows.items()
                        if isinstance(row, dict) and row.get("uri") == uri), None)
            if key is None:
                key = str(next_row_id(rows))
            rows[key] = {**rows.get(key, {}), "uri": uri, "read": read}

    def set_read_many(self, uris: list[str], read: bool = True) -> int:
        """Mark many articles read (or unread) in one write; how many changed."""
        with self._transaction() as data:
            rows = data.setdefault("articles", {})
            by_uri = {row.get("uri"): key for key, row in rows.items() if isinstance(row, dict)}
            changed = 0
            for uri in uris:
                key = by_uri.get(uri)
                if key is None:
                    key = str(next_row_id(rows))
                    by_uri[uri] = key
                elif bool(rows[key].get("read")) == read:
                    continue
                rows[key] = {**rows.get(key, {}), "uri": uri, "read": read}
                changed += 1
            return changed

    # ----------------------------------------------------------------- annotations
    # Every write below returns only after the files are replaced and fsynced.

    def annotations(self, uri: str | None = None) -> list[Annotation]:
        """Every annotation, or those of one article (then only its shard is read)."""
        if uri is None:
            found = self._all_annotations()
        else:
            name = shard_name(uri)
            found = [a for a in self._shard(name, self.shards.stat(name)) if a.uri == uri]
        return sorted(found, key=lambda a: (a.uri, a.selector.start if a.selector else -1,
                                            a.created))

    def claims(self, uri: str | None = None) -> list[Annotation]:
        return [a for a in self.annotations(uri) if a.is_claim]

    def get(self, annotation_id: str) -> Annotation | None:
        return next((a for a in self._all_annotations() if a.id == annotation_id), None)

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
        """Create or update the claim at `selector` (same uri and span); durable on return.

        Giving a status is checking the words: the claim's `tagged_quote` becomes the
        selector's text.
        """
        check_status(status)
        note, cleaned_tags = clean_note(note), clean_tags(tags)
        with self._editing() as edit:
            rows = edit.rows(shard_name(uri))
            key, existing = next(
                ((k, a) for k, a in parsed_rows(rows, uri=uri)
                 if a.uri == uri and a.selector is not None and a.anchored
                 and (a.selector.start, a.selector.end) == (selector.start, selector.end)),
                (None, None),
            )
            stamp = now_iso()
            if existing is None:
                key = str(next_row_id(rows))
                annotation = Annotation(
                    id=str(uuid.uuid4()), uri=uri, selector=selector, status=status,
                    tags=tuple(cleaned_tags or ()), note=note or "", created=stamp, modified=stamp,
                    anchored=True, text_hash=text_hash, tagged_quote=selector.exact, rev=1,
                )
            else:
                annotation = replace(
                    existing, selector=selector, modified=stamp, rev=existing.rev + 1,
                    status=status if status is not None else existing.status,
                    note=note if note is not None else existing.note,
                    tags=tuple(cleaned_tags) if cleaned_tags is not None else existing.tags,
                    text_hash=text_hash or existing.text_hash,
                    tagged_quote=selector.exact if status is not None else existing.tagged_quote,
                )
            assert key is not None  # set with `existing`, or just now
            rows[key] = annotation.to_record()
        return annotation

    def update(self, annotation_id: str, *, touch: bool = True, expected_rev: int | None = None,
               **changes: Any) -> Annotation | None:
        """Change fields of one annotation (status, note, tags, selector, anchored, uri, ...).

        `touch=False` keeps `modified` and `rev` (re-anchoring is not a user's edit).
        With `expected_rev` (the revision the user's screen showed), a claim removed or
        edited elsewhere since raises `StaleClaim` and nothing is written; without it, a
        missing claim returns None.
        """
        if "status" in changes:
            check_status(changes["status"])
            if changes["status"] is not None and "tagged_quote" not in changes:
                changes["accept"] = True  # a status given is a check of the current words
        updated = self.apply([(annotation_id, changes)], touch=touch,
                             expected={annotation_id: expected_rev} if expected_rev is not None
                             else None)
        return updated[0] if updated else None

    def apply(self, changes: list[tuple[str, dict[str, Any]]], *, touch: bool = False,
              expected: dict[str, int] | None = None) -> list[Annotation]:
        """Change many annotations in one locked transaction; return them as stored.

        Each change is `(id, {field: value})`; the pseudo-field `accept=True` makes the
        claim's current text its `tagged_quote`; a new `uri` moves the row to that
        article's shard. Ids no longer stored are skipped, unless `expected` names them
        (then `StaleClaim`, and nothing is written).
        """
        if not changes:
            return []
        wanted = {ident for ident, _ in changes} | set(expected or ())
        with self._editing() as edit:
            by_id = edit.find(wanted)
            for ident, rev in (expected or {}).items():
                if ident not in by_id:
                    raise StaleClaim("this claim was removed in another newsdesk window; "
                                     "nothing was saved")
                if by_id[ident][2].rev != rev:
                    raise StaleClaim("this claim was changed in another newsdesk window "
                                     "since this screen showed it; nothing was saved")
            stamp = now_iso()
            done = []
            for ident, fields in changes:
                if ident not in by_id:
                    continue
                name, key, current = by_id[ident]
                fields = clean_changes(fields)
                if fields.pop("accept", False) and current.selector is not None:
                    fields["tagged_quote"] = (fields.get("selector") or current.selector).exact
                updated = replace(current, **fields)
                if touch:
                    updated = replace(updated, modified=stamp, rev=current.rev + 1)
                by_id[ident] = edit.put(name, key, updated)
                done.append(updated)
        return done

    def insert(self, annotations: list[Annotation]) -> list[Annotation]:
        """Add annotations as they are (ids kept) in one transaction; ids already stored
        are skipped."""
        with self._editing() as edit:
            known = {a.id for a in self._all_annotations()}
            added = []
            for annotation in annotations:
                rows = edit.rows(shard_name(annotation.uri))
                if annotation.id in known or any(
                        isinstance(r, dict) and r.get("id") == annotation.id
                        for r in rows.values()):
                    continue
                rows[str(next_row_id(rows))] = annotation.to_record()
                known.add(annotation.id)
                added.append(annotation)
        return added

    def clear_status(self, annotation_id: str, expected_rev: int | None = None) -> Annotation | None:
        """Clear a claim's status; a claim left with no note and no tags is removed."""
        with self._editing() as edit:
            name, key, current = edit.find({annotation_id}).get(annotation_id,
                                                                (None, None, None))
            if current is None or (expected_rev is not None and current.rev != expected_rev):
                if expected_rev is None:
                    return None
                raise StaleClaim("this claim was changed or removed in another newsdesk "
                                 "window; nothing was saved")
            assert name is not None and key is not None  # found with `current`
            if not current.note and not current.tags:
                del edit.rows(name)[key]
                return None
            updated = replace(current, status=None, modified=now_iso(), rev=current.rev + 1)
            edit.rows(name)[key] = updated.to_record()
        return updated

    def article_note(self, uri: str) -> Annotation | None:
        return next((a for a in self.annotations(uri) if not a.is_claim), None)

    def set_article_note(self, uri: str, text: str, text_hash: str = "") -> Annotation | None:
        """Set the article's note; an empty text removes it (and returns None)."""
        text = clean_note(text) or ""
        with self._editing() as edit:
            rows = edit.rows(shard_name(uri))
            key, current = next(((k, a) for k, a in parsed_rows(rows, uri=uri)
                                 if a.uri == uri and not a.is_claim), (None, None))
            if not text:
                if key is not None:
                    del rows[key]
                return None
            stamp = now_iso()
            if current is not None:
                annotation = replace(current, note=text, modified=stamp, rev=current.rev + 1,
                                     text_hash=text_hash or current.text_hash)
            else:
                key = str(next_row_id(rows))
                annotation = Annotation(id=str(uuid.uuid4()), uri=uri, selector=None, note=text,
                                        created=stamp, modified=stamp, text_hash=text_hash, rev=1)
            assert key is not None  # found with `current`, or just made
            rows[key] = annotation.to_record()
        return annotation

    def status_counts(self) -> dict[str, Counter[str]]:
        """Per article uri: how many claims carry each status (from the index)."""
        return {entry["uri"]: Counter(entry["counts"]) for entry in self._index().values()
                if entry.get("uri") and entry.get("counts")}

    def uris(self) -> set[str]:
        """Every article uri that has annotations (from the index)."""
        return {entry["uri"] for entry in self._index().values() if entry.get("uri")}

    # ----------------------------------------------------------------- damaged files

    @staticmethod
    def move_aside(path: str | Path) -> Path:
        """Rename a damaged database to a timestamped backup beside it; return the backup."""
        path = Path(path)
        stamp = _dt.datetime.now(_dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        backup = path.with_name(f"{path.name}.damaged-{stamp}")
        counter = 1
        while backup.exists():  # never overwrite an earlier backup made in the same second
            counter += 1
            backup = path.with_name(f"{path.name}.damaged-{stamp}-{counter}")
        os.replace(path, backup)
        fsync_dir(path.parent)
        return backup

