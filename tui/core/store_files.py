"""How the Store reaches its files: the lock, the database file, the shards and the index.

`StoreFiles` is the Store's base: every read and write goes through here, so the
rules live in one place — writes only under the lock (waiting at most the lock's
timeout, or what `lock_wait` says), the database file read and rewritten whole in
`_transaction`, shards read fresh and rewritten in `_editing` (fsynced, then their
index entries), damage never overwritten and turning the session read-only, and
bad rows reported once and kept.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from filelock import Timeout

from .articles import display_path
from .records import Annotation, BadRecord, next_row_id, parsed_rows
from .shards import StatKey, damaged_shard_message, shard_name
from .storage import LockBusy, StoreDamaged, StoreError, StoreReadOnly

# A write that must not wait for another process ("lock_wait(0)") still waits this long
# for a write of another thread of this process: those hold the lock for milliseconds.
SAME_PROCESS_WAIT_SECONDS = 1.0

if TYPE_CHECKING:  # pragma: no cover
    from filelock import FileLock
    from tinydb import TinyDB

    from .shards import Shards


class StoreFiles:
    """File access for the Store (see the module docstring); holds no API of its own."""

    path: Any
    shown: str
    read_only: str | None
    shards: Shards
    _db: TinyDB
    _lock: FileLock
    _last_good: dict[str, Any] | None
    _problems: dict[str, None]
    _reported: set[str]
    _parsed: dict[str, tuple[StatKey | None, list[Annotation]]]
    _local: threading.local  # per thread: the lock timeout `lock_wait` sets
    _in_process: threading.RLock  # this process's writers, one at a time

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
        timeout = self._lock.timeout if timeout is None else timeout
        # Another thread's write is not "another newsdesk": wait for it, briefly.
        if not self._in_process.acquire(timeout=max(timeout, SAME_PROCESS_WAIT_SECONDS)):
            raise LockBusy(f"{self.shown}: a write of this newsdesk is still running; "
                           "try again in a moment")
        try:
            with self._lock.acquire(timeout=timeout):
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
        finally:
            self._in_process.release()

    @contextmanager
    def _transaction(self) -> Iterator[dict[str, Any]]:
        """Under the lock: the file's current tables, written back once when the block ends."""
        with self._writing():
            data = self._db.storage.read() or {}
            yield data
            self._db.storage.write(data)
            self._last_good = data

    # ----------------------------------------------------------------- shards

    def _shard_rows(self, name: str) -> dict[str, Any]:
        """A shard's rows as stored; a damaged shard turns the session read-only."""
        try:
            return self.shards.read(name)
        except StoreDamaged as exc:
            if self.read_only is None:
                self.read_only = damaged_shard_message(exc)
            raise StoreReadOnly(self.read_only) from None

    def _shard(self, name: str, key: StatKey | None) -> list[Annotation]:
        """A shard's usable rows, parsed again only when its file changed."""
        if key is None:
            return []
        cached = self._parsed.get(name)
        if cached is not None and cached[0] == key:
            return cached[1]
        try:
            rows = self._parse(self._shard_rows(name), name)
        except StoreReadOnly:
            return cached[1] if cached else []  # the last good copy
        self._parsed[name] = (key, rows)
        return rows

    def _all_annotations(self) -> list[Annotation]:
        found: list[Annotation] = []
        for name, key in self.shards.stats().items():
            found.extend(self._shard(name, key))
        return found

    @contextmanager
    def _editing(self) -> Iterator[_Edit]:
        """Under the lock: shards read fresh as the block asks for them, each one asked
        for written back once (fsynced) when the block ends, and the index updated."""
        with self._writing():
            edit = _Edit(self)
            yield edit
            self.shards.write(edit.ordered())
            self.index_written(edit.tables)

    def index_written(self, tables: dict[str, dict[str, Any]]) -> None:
        """Record freshly written shards' uri and status counts in the index."""
        self.shards.note({name: _summary(self._parse(rows, name, report=False))
                          for name, rows in tables.items()})

    def _locate(self, ids: set[str]) -> dict[str, list[str]]:
        """Annotation id → the shards holding it (from the cached view of every shard):
        one, unless a move was cut off between its two writes (then the new copy and the
        old one)."""
        found: dict[str, list[str]] = {}
        for name, key in self.shards.stats().items():
            for annotation in self._shard(name, key):
                if annotation.id in ids:
                    found.setdefault(annotation.id, []).append(name)
        return found

    # ----------------------------------------------------------------- bad rows

    def _parse(self, rows: dict[str, Any], name: str, report: bool = True) -> list[Annotation]:
        found = []
        for doc_id, row in rows.items():
            try:
                found.append(Annotation.from_record(row))
            except BadRecord as exc:
                if report:
                    self._problems.setdefault(
                        f"{self.shown}: annotation row {doc_id}: {exc}; not shown (kept in "
                        f"{display_path(self.shards.path(name))})")
        return found

    def new_problems(self) -> list[str]:
        """Bad rows not yet reported: each is reported once per session."""
        fresh = [p for p in self._problems if p not in self._reported]
        self._reported.update(fresh)
        return fresh

    def _index(self) -> dict[str, dict[str, Any]]:
        """Shard → {uri, counts} from the index; stale entries recomputed and (when the
        lock is free and the session writable) written back."""
        def recompute(name: str) -> tuple[str | None, Counter[str]]:
            return _summary(self._shard(name, self.shards.stat(name)))

        entries, stale = self.shards.entries(self.shards.stats(), recompute)
        if stale and self.read_only is None:
            try:
                with self.lock_wait(0), self._writing():
                    self.shards.write_buckets(stale)
            except StoreError:
                pass  # a cache: rebuilt again next time
        return entries

class _Edit:
    """The shards one transaction reads and rewrites: each read fresh once, under the lock."""

    def __init__(self, store: StoreFiles):
        self.store = store
        self.tables: dict[str, dict[str, Any]] = {}
        self._first: list[str] = []  # shards rows moved into: written before those left

    def rows(self, name: str) -> dict[str, Any]:
        if name not in self.tables:
            self.tables[name] = dict(self.store._shard_rows(name))
        return self.tables[name]

    def find(self, ids: set[str]) -> dict[str, tuple[str, str, Annotation]]:
        """id → (shard, row key, annotation) for the ids stored now. A claim a cut-off
        move left in two shards is kept once: the other copy's row is dropped here, so
        whatever this transaction does to it, it is written back once."""
        found: dict[str, tuple[str, str, Annotation]] = {}
        located = self.store._locate(ids)
        for name in sorted({name for names in located.values() for name in names}):
            for key, annotation in list(parsed_rows(self.rows(name), ids=ids)):
                if annotation.id in found:
                    del self.rows(name)[key]
                    continue
                found[annotation.id] = (name, key, annotation)
        return found

    def put(self, name: str, key: str, annotation: Annotation) -> tuple[str, str, Annotation]:
        """Store `annotation` at its row; a new uri moves it to that article's shard (the
        copy there is written first, so a crash between the two files loses nothing)."""
        target = shard_name(annotation.uri)
        if target != name:
            del self.rows(name)[key]
            rows = self.rows(target)
            key = next((k for k, r in rows.items() if isinstance(r, dict)
                        and r.get("id") == annotation.id), None) or str(next_row_id(rows))
            if target not in self._first:
                self._first.append(target)
        self.rows(target)[key] = annotation.to_record()
        return target, key, annotation

    def ordered(self) -> dict[str, dict[str, Any]]:
        return {**{n: self.tables[n] for n in self._first}, **self.tables}


def _summary(annotations: Iterable[Annotation]) -> tuple[str | None, Counter[str]]:
    """A shard's entry in the index: its article's uri and its claims' status counts."""
    annotations = list(annotations)
    return (annotations[0].uri if annotations else None,
            Counter(a.status for a in annotations if a.is_claim and a.status))
