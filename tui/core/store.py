"""The one place that touches the database file.

TinyDB over a storage that writes atomically (temp file, fsync, `os.replace`,
fsync of the folder) under a file lock, so a crash never leaves a
half-written file and two processes never interleave writes. A file that
cannot be parsed is never overwritten.
"""

from __future__ import annotations

import datetime as _dt
import os
import threading
import uuid
from collections import Counter
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Iterator

from filelock import FileLock, Timeout
from tinydb import TinyDB
from tinydb.table import Table

from .anchoring import Selector
from .articles import display_path
from .atomic import fsync_dir
from .paths import DB_ADVICE, NotWritable, write_target
from .storage import (AtomicJSONStorage, LockBusy, StaleClaim, StoreDamaged,  # noqa: F401
                      StoreError, StoreReadOnly)
from .records import (STATUSES, Annotation, BadRecord, check_status, clean_changes,  # noqa: F401
                      clean_note, clean_tags, next_row_id, now_iso, parsed_rows)

__all__ = ["STATUSES", "Annotation", "Store", "StoreError", "StoreDamaged", "StoreReadOnly",
           "LockBusy", "StaleClaim", "clean_note", "clean_tags"]

SCHEMA_VERSION = 2
LOCK_TIMEOUT_SECONDS = 10
# A write's temp file left behind by a killed process is removed at open once this old
# (a live write takes milliseconds, so an hour-old temp file is never in use).
STALE_TEMP_SECONDS = 3600

# Migrations from schema N to N+1, run under the lock when an older file is opened.
MIGRATIONS: dict[int, Callable[["Store"], None]] = {}


class Store:
    """Read state, claims and notes for the library, in one TinyDB file.

    Every write is one transaction: under the lock, read the file once, change it,
    write it once (fsynced) — so a batch of re-anchored claims costs one rewrite.
    """

    def __init__(self, path: str | Path):
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
        self._last_good: dict[str, Any] | None = None
        self._parsed_key: tuple | None = None  # the file's identity when last parsed
        self._parsed_rows: list[Annotation] = []
        self._local = threading.local()
        # Beside the real file: processes reaching it through different links share the lock.
        self._lock = FileLock(str(self.file) + ".lock", timeout=LOCK_TIMEOUT_SECONDS)
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"{self.file.parent}: cannot create folder ({exc.strerror})") from None
        self._db = TinyDB(self.file, storage=AtomicJSONStorage)
        self._check_schema()
        self._db.storage.remove_stale_temp_files(STALE_TEMP_SECONDS)

    # ----------------------------------------------------------------- file access

    def _load(self) -> dict[str, Any]:
        """The whole file as tables of rows; after damage, the last good copy (read-only)."""
        if self.read_only is not None and self._last_good is not None:
            return self._last_good
        try:
            data = self._db.storage.read() or {}
        except StoreDamaged as exc:
            if self._last_good is None:
                raise  # at open: the caller decides (--reset-db)
            self.read_only = (f"{exc}. Nothing more is saved this session; quit and run "
                              "newsdesk --reset-db to move it aside")
            return self._last_good
        self._last_good = data
        return data

    @contextmanager
    def lock_wait(self, seconds: float) -> Iterator[None]:
        """Within this block (in this thread), wait at most `seconds` for the lock."""
        previous = getattr(self._local, "timeout", None)
        self._local.timeout = seconds
        try:
            yield
        finally:
            self._local.timeout = previous

    @contextmanager
    def _writing(self) -> Iterator[None]:
        if self.read_only is not None:
            raise StoreReadOnly(self.read_only)
        timeout = getattr(self._local, "timeout", None)
        try:
            with self._lock.acquire(timeout=LOCK_TIMEOUT_SECONDS if timeout is None else timeout):
                yield
        except Timeout:
            raise LockBusy(f"{self.shown}: another newsdesk process holds the lock; "
                           "try again when it is done") from None
        except StoreDamaged as exc:
            self._load()  # switches to read-only when the file was good before
            raise (StoreReadOnly(self.read_only) if self.read_only else exc) from None
        except OSError as exc:
            raise StoreError(
                f"{self.shown}: cannot write ({exc.strerror or exc}); check the folder's "
                "permissions and free space, or choose another database with --db"
            ) from None

    @contextmanager
    def _transaction(self) -> Iterator[dict[str, Any]]:
        """Under the lock: the file's current tables, written back once when the block ends."""
        with self._writing():
            data = self._db.storage.read() or {}
            yield data
            self._db.storage.write(data)
            self._last_good = data

    # ----------------------------------------------------------------- schema

    def _schema_version(self) -> Any:
        rows = list(self._load().get("meta", {}).values())
        return rows[0].get("schema_version") if rows else None

    def _check_schema(self) -> None:
        version = self._schema_version()
        if version is None:
            with self._transaction() as data:
                meta = data.setdefault("meta", {})
                if not meta:
                    meta["1"] = {"schema_version": SCHEMA_VERSION}
        elif not isinstance(version, int) or isinstance(version, bool):
            raise StoreDamaged(f"{self.shown}: schema_version {version!r} is not a number; left untouched")
        elif version < SCHEMA_VERSION:
            with self._writing():
                # Another process may have migrated the file while this one waited for the lock.
                version = self._schema_version()
                for step in range(version, SCHEMA_VERSION):
                    MIGRATIONS[step](self)
                    self._table("meta").update({"schema_version": step + 1})
            self._load()
        elif version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.shown}: written by a newer newsdesk (schema {version}, this one reads "
                f"{SCHEMA_VERSION}); left untouched"
            )

    def _table(self, name: str) -> Table:
        """A fresh, uncached TinyDB view of a table (for migrations)."""
        return Table(self._db.storage, name, cache_size=0)

    # ----------------------------------------------------------------- bad rows

    def _parse(self, rows: dict[str, Any]) -> list[Annotation]:
        found = []
        for doc_id, row in rows.items():
            try:
                found.append(Annotation.from_record(row))
            except BadRecord as exc:
                self._problems.setdefault(
                    f"{self.shown}: annotation row {doc_id}: {exc}; not shown (kept in the file)")
        return found

    def new_problems(self) -> list[str]:
        """Bad rows not yet reported: each is reported once per session."""
        fresh = [p for p in self._problems if p not in self._reported]
        self._reported.update(fresh)
        return fresh

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

    # ----------------------------------------------------------------- annotations
    # Every write below returns only after the file is replaced and fsynced.

    def _all_annotations(self) -> list[Annotation]:
        """Every usable row, parsed again only when the file changed (a write replaces it:
        new inode; an edit in place: new mtime or size)."""
        try:
            st = os.stat(self._db.storage.path)
            key = (st.st_ino, st.st_mtime_ns, st.st_size)
        except OSError:
            key = None
        if key is not None and key == self._parsed_key and self.read_only is None:
            return self._parsed_rows
        rows = self._parse(self._load().get("annotations", {}))
        self._parsed_key, self._parsed_rows = key, rows
        return rows

    def annotations(self, uri: str | None = None) -> list[Annotation]:
        found = self._all_annotations()
        if uri is not None:
            found = [a for a in found if a.uri == uri]
        return sorted(found, key=lambda a: (a.uri, a.selector.start if a.selector else -1,
                                            a.created))

    def claims(self, uri: str | None = None) -> list[Annotation]:
        return [a for a in self.annotations(uri) if a.is_claim]

    def get(self, annotation_id: str) -> Annotation | None:
        return next((a for a in self.annotations() if a.id == annotation_id), None)

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
        note, tags = clean_note(note), clean_tags(tags)
        with self._transaction() as data:
            rows = data.setdefault("annotations", {})
            key, existing = next(
                ((k, a) for k, a in parsed_rows(rows, uri=uri)
                 if a.uri == uri and a.is_claim and a.anchored
                 and (a.selector.start, a.selector.end) == (selector.start, selector.end)),
                (None, None),
            )
            stamp = now_iso()
            if existing is None:
                key = str(next_row_id(rows))
                annotation = Annotation(
                    id=str(uuid.uuid4()), uri=uri, selector=selector, status=status,
                    tags=tuple(tags or ()), note=note or "", created=stamp, modified=stamp,
                    anchored=True, text_hash=text_hash, tagged_quote=selector.exact, rev=1,
                )
            else:
                annotation = replace(
                    existing, selector=selector, modified=stamp, rev=existing.rev + 1,
                    status=status if status is not None else existing.status,
                    note=note if note is not None else existing.note,
                    tags=tuple(tags) if tags is not None else existing.tags,
                    text_hash=text_hash or existing.text_hash,
                    tagged_quote=selector.exact if status is not None else existing.tagged_quote,
                )
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
        """Change many annotations in one locked read and one write; return them as stored.

        Each change is `(id, {field: value})`; the pseudo-field `accept=True` makes the
        claim's current text its `tagged_quote`. Ids no longer in the file are skipped,
        unless `expected` names them (then `StaleClaim`, and nothing is written).
        """
        if not changes:
            return []
        with self._transaction() as data:
            rows = data.setdefault("annotations", {})
            wanted = {ident for ident, _ in changes} | set(expected or ())
            by_id = {a.id: (k, a) for k, a in parsed_rows(rows, ids=wanted)}
            for ident, rev in (expected or {}).items():
                if ident not in by_id:
                    raise StaleClaim("this claim was removed in another newsdesk window; "
                                     "nothing was saved")
                if by_id[ident][1].rev != rev:
                    raise StaleClaim("this claim was changed in another newsdesk window "
                                     "since this screen showed it; nothing was saved")
            stamp = now_iso()
            done = []
            for ident, fields in changes:
                if ident not in by_id:
                    continue
                key, current = by_id[ident]
                fields = clean_changes(fields)
                if fields.pop("accept", False) and current.selector is not None:
                    fields["tagged_quote"] = (fields.get("selector") or current.selector).exact
                updated = replace(current, **fields)
                if touch:
                    updated = replace(updated, modified=stamp, rev=current.rev + 1)
                rows[key] = updated.to_record()
                by_id[ident] = (key, updated)
                done.append(updated)
        return done

    def insert(self, annotations: list[Annotation]) -> list[Annotation]:
        """Add annotations as they are (ids kept) in one write; ids already stored are skipped."""
        with self._transaction() as data:
            rows = data.setdefault("annotations", {})
            known = {row.get("id") for row in rows.values() if isinstance(row, dict)}
            added = []
            next_id = next_row_id(rows)
            for annotation in annotations:
                if annotation.id in known:
                    continue
                rows[str(next_id)] = annotation.to_record()
                known.add(annotation.id)
                next_id += 1
                added.append(annotation)
        return added

    def clear_status(self, annotation_id: str, expected_rev: int | None = None) -> Annotation | None:
        """Clear a claim's status; a claim left with no note and no tags is removed."""
        with self._transaction() as data:
            rows = data.setdefault("annotations", {})
            key, current = next(((k, a) for k, a in parsed_rows(rows, ids={annotation_id})
                                 if a.id == annotation_id),
                                (None, None))
            if current is None or (expected_rev is not None and current.rev != expected_rev):
                if expected_rev is None:
                    return None
                raise StaleClaim("this claim was changed or removed in another newsdesk "
                                 "window; nothing was saved")
            if not current.note and not current.tags:
                del rows[key]
                return None
            updated = replace(current, status=None, modified=now_iso(), rev=current.rev + 1)
            rows[key] = updated.to_record()
        return updated

    def article_note(self, uri: str) -> Annotation | None:
        return next((a for a in self.annotations(uri) if not a.is_claim), None)

    def set_article_note(self, uri: str, text: str, text_hash: str = "") -> Annotation | None:
        """Set the article's note; an empty text removes it (and returns None)."""
        text = clean_note(text) or ""
        with self._transaction() as data:
            rows = data.setdefault("annotations", {})
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
            rows[key] = annotation.to_record()
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


def _to_v2(store: "Store") -> None:
    """Schema 2: claims remember the words they were tagged on, and count their edits."""
    def upgrade(rows: dict) -> None:
        for row in rows.values():
            if not isinstance(row, dict):
                continue
            selector = row.get("selector")
            if "tagged_quote" not in row and isinstance(selector, dict):
                row["tagged_quote"] = selector.get("exact", "")
            row.setdefault("rev", 1)

    store._table("annotations")._update_table(upgrade)


MIGRATIONS[1] = _to_v2


