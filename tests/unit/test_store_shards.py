"""Claims in per-article files: upgrading old databases, the index, what a write touches.

An old single-file database (schema 2, and older) is upgraded on first open with a
byte-identical backup and one notice, losing no row (bad rows included), also when
the upgrade was interrupted, the lock is held or the disk is read-only. The library's
counts come from the index without opening shards, and the index heals itself.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import uuid
from collections import Counter
from pathlib import Path

import pytest

from tui.core import shards as shards_module
from tui.core import store as store_module
from tui.core import store_migrate
from tui.core.anchoring import make_selector
from tui.core.records import Annotation
from tui.core.store import SCHEMA_VERSION, Store, StoreError, StoreReadOnly

from ..store_files import claims_folder, shard_files, shard_path, stored_rows
from .test_store import LOCK_HOLDER, Child

TEXT = " ".join(f"Sentence number {i} says something checkable." for i in range(50))
URIS = [f"file:///desk/report-{n}.txt" for n in range(3)]


def old_row(n: int, uri: str, status: str | None = "verified", **extra) -> dict:
    selector = make_selector(TEXT, 49 * n, 49 * n + 47).to_dict()
    return {"id": str(uuid.UUID(int=n + 1)), "uri": uri, "selector": selector, "status": status,
            "tags": ["t"], "note": f"note {n}", "created": "2025-01-13T10:00:00Z",
            "modified": "2025-01-13T10:00:00Z", "anchored": True, "text_hash": "",
            "tagged_quote": selector["exact"], "rev": 1, **extra}


def write_schema2(db: Path) -> bytes:
    """A database as newsdesk wrote it before schema 3: every claim in the one file."""
    rows = {str(n + 1): old_row(n, URIS[n % 3], ["verified", "false", None][n % 3])
            for n in range(9)}
    rows["10"] = {**old_row(9, URIS[0]), "status": "bogus"}  # a row newsdesk cannot read
    rows["11"] = {"id": "article-note", "uri": URIS[1], "selector": None, "note": "whole",
                  "created": "2025-01-13T10:00:00Z", "modified": "2025-01-13T10:00:00Z",
                  "rev": 1}
    data = {"meta": {"1": {"schema_version": 2}}, "annotations": rows,
            "articles": {"1": {"uri": URIS[2], "read": True}}}
    db.parent.mkdir(parents=True, exist_ok=True)
    raw = json.dumps(data, indent=1).encode()  # indented: not what newsdesk writes now
    db.write_bytes(raw)
    return raw


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "newsdesk.json"


# --------------------------------------------------------------------- upgrading

def test_a_schema2_database_is_upgraded_with_a_backup_and_one_notice(db):
    raw = write_schema2(db)
    old_rows = json.loads(raw)["annotations"]

    store = Store(db)
    backup = db.with_name("newsdesk.json.schema2-backup")
    assert backup.read_bytes() == raw, "the backup is the file as it was, byte for byte"
    (notice,) = store.new_notices()
    assert str(backup) in notice and str(db) in notice
    assert store.new_notices() == []

    data = json.loads(db.read_text("utf-8"))
    assert "annotations" not in data and data["meta"]["1"]["schema_version"] == SCHEMA_VERSION
    assert store.read_uris() == {URIS[2]}
    on_disk = stored_rows(db)
    assert sorted(r["id"] for r in on_disk) == sorted(r["id"] for r in old_rows.values())
    assert {json.dumps(r, sort_keys=True) for r in on_disk} == {
        json.dumps(r, sort_keys=True) for r in old_rows.values()}, "rows are moved as they are"
    assert len(shard_files(db)) == 3
    readable = [Annotation.from_record(r) for k, r in old_rows.items() if k != "10"]
    assert sorted(store.annotations(), key=lambda a: a.id) == sorted(readable,
                                                                   key=lambda a: a.id)
    assert any("unknown status 'bogus'" in p for p in store.new_problems())

    again = Store(db)
    assert again.new_notices() == [] and list(db.parent.glob("*backup*")) == [backup]
    assert len(again.annotations()) == 10


def test_an_earlier_backup_is_never_overwritten(db):
    write_schema2(db)
    earlier = db.with_name("newsdesk.json.schema2-backup")
    earlier.write_bytes(b"someone's older backup")
    store = Store(db)
    assert earlier.read_bytes() == b"someone's older backup"
    second = db.with_name("newsdesk.json.schema2-backup-2")
    assert second.exists() and str(second) in store.new_notices()[0]


def test_an_upgrade_interrupted_after_the_shards_is_finished_without_duplicates(db, monkeypatch):
    raw = write_schema2(db)
    real_write = store_module.AtomicJSONStorage.write

    def crash_on_the_database_file(self, data):
        if self.path == db:
            raise KeyboardInterrupt("killed")  # the shards are written, the file not yet
        return real_write(self, data)

    monkeypatch.setattr(store_module.AtomicJSONStorage, "write", crash_on_the_database_file)
    with pytest.raises(KeyboardInterrupt):
        Store(db)
    monkeypatch.setattr(store_module.AtomicJSONStorage, "write", real_write)
    assert db.read_bytes() == raw and shard_files(db), "the old file still holds every row"

    store = Store(db)
    assert len(stored_rows(db)) == 11, "each row once"
    assert len(store.annotations()) == 10


def test_an_upgrade_waits_for_the_lock_and_gives_up_leaving_everything(db, monkeypatch):
    raw = write_schema2(db)
    monkeypatch.setattr(store_module, "LOCK_TIMEOUT_SECONDS", 0.3)
    holder = Child(LOCK_HOLDER, str(db), stdin=True)
    try:
        assert holder.next_line() == "locked"
        with pytest.raises(StoreError, match="holds the lock"):
            Store(db)
        assert db.read_bytes() == raw
        assert not claims_folder(db).exists() and not list(db.parent.glob("*backup*"))
        holder.proc.stdin.write("done\n")
        holder.proc.stdin.flush()
        holder.finish()
    finally:
        holder.close()
    assert len(Store(db).annotations()) == 10


@pytest.fixture
def read_only_mount(tmp_path):
    """A tmpfs holding a schema-2 database, remounted read-only; a skip where we may not."""
    folder = tmp_path / "mnt"
    folder.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(folder)],
                      capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        raw = write_schema2(folder / "newsdesk.json")
        if subprocess.run(["mount", "-o", "remount,ro", str(folder)],
                          capture_output=True).returncode:
            pytest.skip("cannot remount read-only here")
        yield folder / "newsdesk.json", raw
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def test_an_old_database_on_a_read_only_disk_is_shown_read_only(read_only_mount):
    db, raw = read_only_mount
    store = Store(db)
    assert store.read_only and "nothing is saved" in store.read_only
    assert len(store.annotations()) == 10 and store.read_uris() == {URIS[2]}
    assert store.status_counts()[URIS[0]] == Counter(verified=3)
    with pytest.raises(StoreReadOnly):
        store.tag_claim(URIS[0], make_selector(TEXT, 0, 10), status="false")
    assert db.read_bytes() == raw


def test_a_damaged_claims_file_met_by_an_upgrade_leaves_everything_and_reads_old(db):
    raw = write_schema2(db)
    shard = shard_path(db, URIS[0])
    shard.parent.mkdir()
    shard.write_bytes(b'{"annotations": {"1": ')  # left by something else: never overwritten
    store = Store(db)
    assert store.read_only and str(shard) in store.read_only
    assert len(store.annotations()) == 10, "the old file's claims are shown"
    assert db.read_bytes() == raw and shard.read_bytes() == b'{"annotations": {"1": '


# --------------------------------------------------------------------- the index

def filled(db: Path) -> Store:
    store = Store(db)
    for n in range(12):
        store.tag_claim(URIS[n % 3], make_selector(TEXT, 49 * n, 49 * n + 47),
                        status=["verified", "disputed", "false", "unverified"][n % 4])
    return store


def test_counts_come_from_the_index_without_opening_a_shard(db, monkeypatch):
    expected = filled(db).status_counts()
    opened = []
    real_read = shards_module.Shards.read
    monkeypatch.setattr(shards_module.Shards, "read",
                        lambda self, name: opened.append(name) or real_read(self, name))
    fresh = Store(db)
    assert fresh.status_counts() == expected and fresh.uris() == set(URIS)
    assert opened == []


@pytest.mark.parametrize("harm", ["deleted", "damaged", "shard-edited"])
def test_a_lost_damaged_or_stale_index_is_rebuilt(db, harm):
    store = filled(db)
    if harm == "deleted":
        shutil.rmtree(claims_folder(db) / "index")
        expected = store.status_counts()
    elif harm == "damaged":
        for bucket in (claims_folder(db) / "index").glob("*.json"):
            bucket.write_bytes(b"{not json")
        expected = store.status_counts()
    else:  # another tool changed a shard behind the index's back
        shard = shard_path(db, URIS[0])
        data = json.loads(shard.read_text("utf-8"))
        for row in data["annotations"].values():
            row["status"] = "false"
        shard.write_text(json.dumps(data), "utf-8")
        expected = {**store.status_counts(), URIS[0]: Counter(false=4)}
    assert Store(db).status_counts() == expected
    assert Store(db).status_counts()[URIS[1]] == Counter(disputed=1, verified=1, false=1,
                                                         unverified=1)


def test_a_key_press_rewrites_one_small_file(db, monkeypatch):
    store = filled(db)
    before = {p: p.stat().st_mtime_ns for p in shard_files(db)}
    written = []
    real_write = store_module.AtomicJSONStorage.write
    monkeypatch.setattr(store_module.AtomicJSONStorage, "write",
                        lambda self, data: written.append(self.path) or real_write(self, data))
    claim = store.claims(URIS[1])[0]
    assert claim.status == "disputed"
    store.update(claim.id, expected_rev=claim.rev, status="false")
    assert written == [shard_path(db, URIS[1])]
    assert {p for p in shard_files(db) if p.stat().st_mtime_ns != before[p]} == {
        shard_path(db, URIS[1])}
    assert Store(db).status_counts()[URIS[1]] == Counter(false=2, verified=1, unverified=1)


def test_a_damaged_shard_is_left_untouched_and_the_session_goes_read_only(db):
    store = filled(db)
    shard = shard_path(db, URIS[0])
    shard.write_bytes(b'{"annotations": {"1": {"id": "cut')
    with pytest.raises(StoreReadOnly):
        store.tag_claim(URIS[0], make_selector(TEXT, 0, 5), status="verified")
    assert store.read_only and str(shard) in store.read_only
    assert shard.read_bytes() == b'{"annotations": {"1": {"id": "cut'
    with pytest.raises(StoreReadOnly):  # and nothing else is written either
        store.tag_claim(URIS[1], make_selector(TEXT, 0, 5), status="verified")
    assert len(Store(db).claims(URIS[1])) == 4


def test_a_claim_moved_to_another_article_is_in_one_shard_only(db):
    store = filled(db)
    claim = store.claims(URIS[0])[0]
    moved = store.update(claim.id, touch=False, uri="file:///desk/renamed.txt")
    assert moved.uri == "file:///desk/renamed.txt"
    ids = [r["id"] for r in stored_rows(db)]
    assert ids.count(claim.id) == 1 and len(ids) == 12
    assert Store(db).get(claim.id) == moved
    assert "file:///desk/renamed.txt" in Store(db).uris()


def test_backup_copy_is_byte_identical_for_any_bytes(tmp_path):
    path = tmp_path / "db.json"
    path.write_bytes(b'{"a":\r\n "\xc3\xa9"}\n\x00')
    assert store_migrate.backup_copy(path, 2).read_bytes() == path.read_bytes()
