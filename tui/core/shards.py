"""Claims on disk: one TinyDB file per article, and the small index the library counts from.

Why: with every claim in one TinyDB file, `v` at 10,000 claims parsed and rewrote ~5 MB
(benchmarks/store_scale.py, 2 cores: p95 ~1 s). A durable write of any small file costs
one fsync (~12 ms on that machine); everything beyond that scaled with the file. So each
article's claims live in their own file, `NAME.claims/<sha256 of the uri>.json` (TinyDB's
JSON layout, written by the same AtomicJSONStorage: temp file, fsync, rename, folder
fsync), and a key press rewrites a few kilobytes whatever the library's size.

The library's per-article status counts come from `NAME.claims/index/00.json` …
`ff.json` (buckets by the shard name's first two hex digits), so they never open 10,000
shards. The index is a cache: a bucket is rewritten atomically but without fsync, and
each entry records the `stat` of the shard it was computed from. An entry that does not
match its shard (a crash between the two writes, another tool's edit, a lost or damaged
bucket) is recomputed from the shard; a shard gone drops its entry. One `scandir` of the
folder is what checking costs (~20 ms at 10,000 shards).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .atomic import atomic_write_many, atomic_write_text, fsync_dir
from .storage import AtomicJSONStorage, StoreDamaged, StoreError, encode_tables, remove_stale_temp_files

SHARD_FILE = re.compile(r"[0-9a-f]{64}\.json")
# The temp files atomic writes leave when killed: shards' and index buckets'.
TEMP_FILE = re.compile(r"\.([0-9a-f]{64}|[0-9a-f]{2})\.json\.[a-z0-9_]{8}\.tmp")
INDEX_FOLDER = "index"
# A write touching more shards than this (an import, a migration, a moved folder) syncs
# the disk once for all of them instead of one fsync per file.
BULK_SHARDS = 8

# (inode, mtime_ns, size): a file rewritten or edited in place differs; ("memory", name) for rows in memory.
StatKey = tuple[int, int, int] | tuple[str, str]


def shard_name(uri: str) -> str:
    """The shard file's name (without .json) for an article uri."""
    return hashlib.sha256(uri.encode("utf-8", "surrogatepass")).hexdigest()


def stat_key(st: os.stat_result) -> StatKey:
    return (st.st_ino, st.st_mtime_ns, st.st_size)


class Shards:
    """The claims folder: list, read and write shards, and keep the index in step."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.index_folder = folder / INDEX_FOLDER
        # Rows held in memory instead of files: the view of a database that could not be
        # upgraded (read-only session). None in normal use.
        self.memory: dict[str, dict[str, Any]] | None = None
        self._buckets: dict[str, tuple[StatKey | None, dict[str, Any]]] = {}

    def path(self, name: str) -> Path:
        return self.folder / f"{name}.json"

    # ----------------------------------------------------------------- reading

    def stats(self) -> dict[str, StatKey]:
        """Every shard's name and stat key (one scandir)."""
        if self.memory is not None:
            return {name: ("memory", name) for name in self.memory}
        try:
            entries = os.scandir(self.folder)
        except FileNotFoundError:
            return {}
        except OSError as exc:
            raise StoreError(f"{self.folder}: cannot be read ({exc.strerror})") from None
        found = {}
        with entries:
            for entry in entries:
                if SHARD_FILE.fullmatch(entry.name):
                    try:
                        found[entry.name[:-5]] = stat_key(entry.stat(follow_symlinks=False))
                    except OSError:
                        continue  # removed meanwhile
        return found

    def stat(self, name: str) -> StatKey | None:
        if self.memory is not None:
            return ("memory", name) if name in self.memory else None
        try:
            return stat_key(os.stat(self.path(name), follow_symlinks=False))
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StoreError(f"{self.path(name)}: cannot be read ({exc.strerror})") from None

    def read(self, name: str) -> dict[str, Any]:
        """The shard's rows as stored (row key → row); StoreDamaged if it cannot be parsed."""
        if self.memory is not None:
            return self.memory.get(name, {})
        data = AtomicJSONStorage(self.path(name)).read() or {}
        annotations: dict[str, Any] = data.get("annotations", {})
        return annotations

    def remove_stale_temp_files(self, max_age: float) -> None:
        """Delete temp files of killed writes older than `max_age` seconds."""
        for folder in (self.folder, self.index_folder):
            remove_stale_temp_files(folder, TEMP_FILE, max_age)

    # ----------------------------------------------------------------- writing

    def write(self, tables: dict[str, dict[str, Any]]) -> None:
        """Replace each named shard with its rows (an empty one is removed), durably."""
        self.folder.mkdir(parents=True, exist_ok=True)
        kept = [(self.path(name), encode_tables({"annotations": rows}))
                for name, rows in tables.items() if rows]
        if len(kept) > BULK_SHARDS:
            atomic_write_many(kept)
        else:
            for name, rows in tables.items():
                if rows:
                    AtomicJSONStorage(self.path(name)).write({"annotations": rows})
        gone = [name for name, rows in tables.items() if not rows]
        for name in gone:
            try:
                os.unlink(self.path(name))
            except FileNotFoundError:
                pass
        if gone:
            fsync_dir(self.folder)

    # ----------------------------------------------------------------- the index

    def _bucket_path(self, bucket: str) -> Path:
        return self.index_folder / f"{bucket}.json"

    def _bucket(self, bucket: str) -> dict[str, Any]:
        """A bucket's entries, re-read only when its file changed; damaged reads as empty."""
        path = self._bucket_path(bucket)
        try:
            key = stat_key(os.stat(path))
        except OSError:
            key = None
        cached = self._buckets.get(bucket)
        if cached is not None and cached[0] == key and key is not None:
            return cached[1]
        entries: dict[str, Any] = {}
        if key is not None:
            try:
                loaded = json.loads(path.read_bytes().decode("utf-8"))
                if isinstance(loaded, dict):
                    entries = {k: v for k, v in loaded.items() if isinstance(v, dict)}
            except (OSError, ValueError):
                entries = {}  # a cache: rebuilt from the shards below
        self._buckets[bucket] = (key, entries)
        return entries

    def entries(self, stats: dict[str, StatKey],
                recompute: Callable[[str], tuple[str | None, Counter[str]]]
                ) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
        """(shard name → index entry {uri, counts}, the buckets that need rewriting).

        An entry whose recorded stat differs from the shard's is recomputed by
        `recompute(name)` → (uri, status counts)."""
        found: dict[str, dict[str, Any]] = {}
        stale: dict[str, dict[str, Any]] = {}
        by_bucket: dict[str, list[str]] = {}
        for name in stats:
            by_bucket.setdefault(name[:2], []).append(name)
        for bucket in {*by_bucket, *self._known_buckets()}:
            entries = self._bucket(bucket)
            names = by_bucket.get(bucket, [])
            fresh = {}
            for name in names:
                entry = entries.get(name)
                if entry is None or entry.get("stat") != list(stats[name]):
                    uri, counts = recompute(name)
                    entry = {"uri": uri, "counts": dict(counts), "stat": list(stats[name])}
                fresh[name] = found[name] = entry
            if fresh != entries:
                stale[bucket] = fresh
        return found, stale

    def _known_buckets(self) -> list[str]:
        try:
            return [p.stem for p in self.index_folder.glob("??.json")]
        except OSError:
            return []

    def write_buckets(self, buckets: dict[str, dict[str, Any]]) -> None:
        """Replace index buckets (atomically, not fsynced: the index is rebuilt if lost)."""
        if self.memory is not None or not buckets:
            return
        self.index_folder.mkdir(parents=True, exist_ok=True)
        for bucket, entries in buckets.items():
            path = self._bucket_path(bucket)
            if entries:
                atomic_write_text(path, json.dumps(entries, ensure_ascii=False,
                                                   separators=(",", ":")), durable=False)
            else:
                try:
                    os.unlink(path)
                except FileNotFoundError:
                    pass
            self._buckets.pop(bucket, None)

    def note(self, written: dict[str, tuple[str | None, Counter[str]]]) -> None:
        """Record freshly written shards in their buckets (under the store's lock)."""
        if self.memory is not None:
            return
        changed: dict[str, dict[str, Any]] = {}
        for name, (uri, counts) in written.items():
            bucket = name[:2]
            if bucket not in changed:
                self._buckets.pop(bucket, None)  # re-read: another process may have written it
                changed[bucket] = dict(self._bucket(bucket))
            key = self.stat(name)
            if key is None:
                changed[bucket].pop(name, None)
            else:
                changed[bucket][name] = {"uri": uri, "counts": dict(counts), "stat": list(key)}
        self.write_buckets(changed)


def damaged_shard_message(exc: StoreDamaged) -> str:
    return (f"{exc}. Nothing more is saved this session; quit, move that file aside "
            "(the claims in it stay in it) and start again")
