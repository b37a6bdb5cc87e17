"""Upgrading an older database file, run by the Store under its lock when it opens one.

Before the first step the file is copied byte for byte to `NAME.schemaN-backup` (never
over an earlier backup), so whatever a migration does, the user's file as it was is
kept. Schema 2 → 3 moves every annotation row, as it is (rows newsdesk cannot read
included), into the per-article shards (see shards.py); the database file then keeps
only the library's own state (read state, schema version). The shards are written and
synced before the file stops holding the rows, so a crash at any point loses nothing:
the file is still schema 2 and the move is made again (a row already in its shard is
kept once).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .atomic import fsync_dir
from .records import next_row_id
from .shards import shard_name
from .storage import StoreDamaged, StoreError

if TYPE_CHECKING:  # pragma: no cover
    from .store import Store


def backup_copy(path: Path, version: int) -> Path:
    """A byte-identical, durable copy of `path` beside it, at a name nothing holds yet."""
    base = path.with_name(f"{path.name}.schema{version}-backup")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{base.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out, open(path, "rb") as src:
            shutil.copyfileobj(src, out)
            out.flush()
            os.fsync(out.fileno())
        target, counter = base, 1
        while True:
            try:
                os.link(tmp, target)  # fails if the name is taken: an older backup stays
                break
            except FileExistsError:
                counter += 1
                target = base.with_name(f"{base.name}-{counter}")
    finally:
        os.unlink(tmp)
    fsync_dir(path.parent)
    return target


def upgrade_v2_rows(rows: Mapping[Any, Any]) -> None:
    """Schema 2: claims remember the words they were tagged on, and count their edits."""
    for row in rows.values():
        if not isinstance(row, dict):
            continue
        selector = row.get("selector")
        if "tagged_quote" not in row and isinstance(selector, dict):
            row["tagged_quote"] = selector.get("exact", "")
        row.setdefault("rev", 1)


def split_rows(rows: dict[str, Any], tables: dict[str, dict[str, Any]]) -> None:
    """Add every row to its article's shard in `tables` (shard name → rows); a row whose
    id the shard already holds is not added twice, a row with no uri goes to the shard
    of the empty uri (kept, and reported as unreadable like any bad row)."""
    for row in rows.values():
        uri = row.get("uri") if isinstance(row, dict) else None
        name = shard_name(uri if isinstance(uri, str) else "")
        table = tables.setdefault(name, {})
        ident = row.get("id") if isinstance(row, dict) else None
        if ident is not None and any(isinstance(r, dict) and r.get("id") == ident
                                     for r in table.values()):
            continue
        table[str(next_row_id(table))] = row


def _row_uri(row: Any) -> str:
    uri = row.get("uri") if isinstance(row, dict) else None
    return uri if isinstance(uri, str) else ""


def to_v2(store: Store) -> None:
    store._table("annotations")._update_table(upgrade_v2_rows)


def to_v3(store: Store) -> None:
    """Move the file's annotation rows into shards, then drop them from the file."""
    data = store._db.storage.read() or {}
    rows = data.get("annotations", {})
    if rows:
        names = {shard_name(_row_uri(r)) for r in rows.values()}
        try:
            tables = {name: dict(store.shards.read(name)) for name in names}
        except StoreDamaged as exc:
            # Not the database file's damage: --reset-db must not be offered for it.
            raise StoreError(f"{exc}; move that file aside and start again") from None
        split_rows(rows, tables)
        store.shards.write(tables)
        store.index_written(tables)
    data.pop("annotations", None)
    data.setdefault("meta", {}).setdefault("1", {})["schema_version"] = 3
    store._db.storage.write(data)


def legacy_view(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The shards an old file's rows would make, in memory (nothing is written)."""
    rows = {k: (dict(v) if isinstance(v, dict) else v)
            for k, v in data.get("annotations", {}).items()}
    upgrade_v2_rows(rows)
    tables: dict[str, dict[str, Any]] = {}
    split_rows(rows, tables)
    return tables
