"""The annotation store: what is tagged stays tagged.

Round trips through a fresh Store, writes that survive SIGKILL, two processes
writing at once, damaged files left untouched (and moved aside on request),
schema migrations, the claim operations, and the write lock's timeout.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import queue
import random
import re
import signal
import subprocess
import sys
import threading
import time
import types
from collections import Counter
from pathlib import Path

import pytest
from filelock import FileLock

from tui.core import store as store_module
from tui.core.anchoring import make_selector
from tui.core.store import SCHEMA_VERSION, Store, StoreError

from ..store_files import claims_folder, stored_rows

REPO = Path(__file__).resolve().parents[2]
TEXT = " ".join(f"Sentence number {i} says something checkable." for i in range(400))
URI = "file:///articles/kursk.txt"
OTHER_URI = "file:///articles/pyongyang.txt"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# The names AtomicJSONStorage.write gives its temp files (tempfile.mkstemp).
TEMP_NAME = re.compile(r"\.newsdesk\.json\.[a-z0-9_]{8}\.tmp")
SHARD_NAME = re.compile(r"[0-9a-f]{64}\.json")
SHARD_TEMP = re.compile(r"\.[0-9a-f]{64}\.json\.[a-z0-9_]{8}\.tmp")


def sel(start: int, end: int):
    return make_selector(TEXT, start, end)


def load_json(path: Path) -> dict:
    return json.loads(path.read_bytes().decode("utf-8"))


def schema_versions(path: Path) -> list:
    return [row.get("schema_version") for row in load_json(path)["meta"].values()]


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "newsdesk.json"


# --------------------------------------------------------------------- subprocesses

# Tags claims in a loop with the real Store and prints each claim's id once
# tag_claim has returned (that is, once the write is acknowledged).
WRITER = r"""
import os, sys, time
from tui.core.anchoring import make_selector
from tui.core.store import Store

path, uri, offset, count, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
text = "abcdefghij" * 5000
store = Store(path)
print("ready", flush=True)
while go != "-" and not os.path.exists(go):
    time.sleep(0.005)
i = 0
while count < 0 or i < count:
    start = offset + 10 * i
    claim = store.tag_claim(uri, make_selector(text, start, start + 5), status="disputed",
                            note=f"claim {i}\nfrom {uri}", tags=["kill-test"])
    print(claim.id, flush=True)
    i += 1
"""

# Holds the store's lock until it reads a line on stdin.
LOCK_HOLDER = r"""
import sys
from filelock import FileLock
with FileLock(sys.argv[1] + ".lock"):
    print("locked", flush=True)
    sys.stdin.readline()
"""


class Child:
    """A Python subprocess whose stdout lines are collected by a thread."""

    def __init__(self, script: str, *args: str, stdin: bool = False):
        self.proc = subprocess.Popen(
            [sys.executable, "-c", script, *args], cwd=REPO, text=True,
            stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            if line.endswith("\n"):  # only whole lines are acknowledgements
                self.lines.put(line.rstrip("\n"))

    def next_line(self, timeout: float = 20.0) -> str:
        try:
            line = self.lines.get(timeout=timeout)
        except queue.Empty:
            self.kill()
            pytest.fail(f"child printed nothing for {timeout}s; stderr: {self.proc.stderr.read()}")
        self.seen.append(line)
        return line

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=20)
        self._reader.join(timeout=20)

    def finish(self, timeout: float = 60.0) -> list[str]:
        """Wait for a normal exit; return every line it printed."""
        try:
            rc = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            pytest.fail("child did not finish")
        self._reader.join(timeout=20)
        assert rc == 0, self.proc.stderr.read()
        return self.drain()

    def drain(self) -> list[str]:
        while True:
            try:
                self.seen.append(self.lines.get_nowait())
            except queue.Empty:
                return self.seen

    def close(self) -> None:
        if self.proc.poll() is None:
            self.kill()
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if stream:
                stream.close()


def acknowledged(lines: list[str]) -> list[str]:
    return [line for line in lines if UUID.fullmatch(line)]


# --------------------------------------------------------------------- 1. round trip


def test_everything_written_is_read_back_by_a_new_store(db):
    store = Store(db)
    note = "First line of the note.\nSecond line — with “quotes” and ünïcode.\n\n  indented last line"
    disputed = store.tag_claim(URI, sel(0, 48), status="disputed", tags=["numbers", "kursk"],
                               note=note, text_hash="a" * 64)
    verified = store.tag_claim(URI, sel(49, 97), status="verified")
    tagged_only = store.tag_claim(OTHER_URI, sel(98, 146), tags=["follow-up"])
    article_note = store.set_article_note(URI, "Check the ISW report.\nAsk the desk about casualties.")
    store.set_read(URI)
    store.set_read(OTHER_URI)
    store.set_read(OTHER_URI, False)

    reopened = Store(db)
    assert reopened.annotations() == store.annotations()
    assert reopened.get(disputed.id) == disputed
    assert reopened.get(disputed.id).note == note
    assert reopened.get(disputed.id).tags == ("numbers", "kursk")
    assert reopened.get(disputed.id).selector == sel(0, 48)
    assert reopened.get(disputed.id).text_hash == "a" * 64
    assert reopened.get(verified.id).status == "verified"
    assert reopened.get(tagged_only.id).status is None
    assert reopened.get(tagged_only.id).tags == ("follow-up",)
    assert [c.id for c in reopened.claims(URI)] == [disputed.id, verified.id]
    assert [c.id for c in reopened.claims(OTHER_URI)] == [tagged_only.id]
    assert reopened.article_note(URI) == article_note
    assert reopened.article_note(OTHER_URI) is None
    assert reopened.read_uris() == {URI}
    for annotation in reopened.annotations():
        created = dt.datetime.fromisoformat(annotation.created.replace("Z", "+00:00"))
        assert created.tzinfo is not None

    data = load_json(db)
    assert schema_versions(db) == [SCHEMA_VERSION]
    assert "annotations" not in data, "claims live in the per-article files"
    assert len(stored_rows(db)) == 4


def test_reading_does_not_write(db):
    store = Store(db)
    store.tag_claim(URI, sel(0, 48), status="verified")
    before = (db.read_bytes(), db.stat().st_mtime_ns)
    reopened = Store(db)
    reopened.annotations(), reopened.claims(URI), reopened.read_uris(), reopened.status_counts()
    assert (db.read_bytes(), db.stat().st_mtime_ns) == before


# --------------------------------------------------------------------- 2. SIGKILL


def test_acknowledged_claims_survive_sigkill(db):
    rng = random.Random(20250113)
    acked: set[str] = set()
    # (acknowledgements to wait for, or None to kill before the store is even open)
    rounds = [None, 0, 1, 2, rng.randint(3, 15), rng.randint(10, 40), rng.randint(10, 40)]
    for number, wait_for in enumerate(rounds):
        child = Child(WRITER, str(db), URI, str(number * 1000), "-1", "-")
        try:
            if wait_for is not None:
                assert child.next_line() == "ready"
                for _ in range(wait_for):
                    acked.add(child.next_line())
                time.sleep(rng.uniform(0, 0.01))  # land somewhere inside the next write
            child.kill()
            acked.update(acknowledged(child.drain()))
        finally:
            child.close()

        if db.exists():
            load_json(db)  # parses: never a half-written file
        store = Store(db)
        stored = {c.id for c in store.claims(URI)}
        assert acked <= stored, f"round {number}: lost {acked - stored}"
        leftovers = {p.name for p in db.parent.iterdir()} - {db.name, db.name + ".lock",
                                                             db.name + ".claims"}
        assert all(TEMP_NAME.fullmatch(name) for name in leftovers), leftovers
        for shard in claims_folder(db).glob("*.json"):
            load_json(shard)  # each shard parses too
        shard_leftovers = ({p.name for p in claims_folder(db).iterdir()} - {"index"}
                           if claims_folder(db).is_dir() else set())
        assert all(SHARD_NAME.fullmatch(name) or SHARD_TEMP.fullmatch(name)
                   for name in shard_leftovers), shard_leftovers

    assert len(acked) >= 3
    # Any temp file a kill left behind is harmless: the store still reads and writes.
    store = Store(db)
    store.tag_claim(URI, sel(0, 5), status="verified")
    assert acked <= {c.id for c in Store(db).claims(URI)}


def test_leftover_temp_files_are_ignored_and_stale_ones_removed(db):
    store = Store(db)
    kept = store.tag_claim(URI, sel(0, 48), status="verified")
    old, fresh = db.parent / ".newsdesk.json.k1ll3d_x.tmp", db.parent / ".newsdesk.json.abcd1234.tmp"
    lookalikes = [db.parent / name for name in (
        "newsdesk.json.k1ll3d_y.tmp",       # no leading dot
        ".other.json.k1ll3d_z.tmp",         # another database's temp file
        ".newsdesk.json.toolongname.tmp",   # not a mkstemp name
        ".newsdesk.json.abcd1234.tmp.bak",
    )]
    for path in (old, fresh, *lookalikes):
        path.write_bytes(b'{"annotations": {"1": {"half": ')
    hours_ago = time.time() - 3 * 3600
    for path in (old, *lookalikes):
        os.utime(path, (hours_ago, hours_ago))

    reopened = Store(db)
    assert [c.id for c in reopened.claims(URI)] == [kept.id]
    reopened.tag_claim(URI, sel(49, 97), status="disputed")
    assert len(Store(db).claims(URI)) == 2
    assert not old.exists(), "a stale temp file of this database should be cleaned up at open"
    assert fresh.exists(), "a recent temp file may belong to a write in progress"
    assert all(path.exists() for path in lookalikes)


# --------------------------------------------------------------------- 3. two processes


def test_two_processes_writing_at_once_lose_nothing(db, tmp_path):
    go = tmp_path / "go"
    children = [Child(WRITER, str(db), URI, str(offset), "40", str(go)) for offset in (0, 5)]
    try:
        for child in children:
            assert child.next_line() == "ready"
        go.touch()
        acked = [acknowledged(child.finish()) for child in children]
    finally:
        for child in children:
            child.close()

    assert [len(ids) for ids in acked] == [40, 40]
    claims = Store(db).claims(URI)
    ids = [c.id for c in claims]
    assert len(ids) == 80 and len(set(ids)) == 80
    assert set(ids) == set(acked[0]) | set(acked[1])
    assert sorted(c.selector.start for c in claims) == sorted(
        offset + 10 * i for offset in (0, 5) for i in range(40))
    assert len(stored_rows(db)) == 80
    assert schema_versions(db) == [SCHEMA_VERSION]


def test_an_open_store_does_not_drop_records_another_process_wrote(db):
    a = Store(db)
    first = a.tag_claim(URI, sel(0, 48), status="verified")
    a.set_read(URI)

    child = Child(WRITER, str(db), OTHER_URI, "0", "5", "-")
    try:
        from_b = acknowledged(child.finish())
    finally:
        child.close()
    assert len(from_b) == 5

    # A sees B's records without reopening, and its own writes keep them.
    assert {c.id for c in a.claims(OTHER_URI)} == set(from_b)
    second = a.tag_claim(URI, sel(49, 97), status="false")
    a.set_read(OTHER_URI)
    a.set_article_note(URI, "after B")
    a.update(first.id, note="edited after B wrote")

    for store in (a, Store(db)):
        assert {c.id for c in store.claims(OTHER_URI)} == set(from_b)
        assert [c.id for c in store.claims(URI)] == [first.id, second.id]
        assert store.get(first.id).note == "edited after B wrote"
        assert store.article_note(URI).note == "after B"
        assert store.read_uris() == {URI, OTHER_URI}
    assert len(stored_rows(db)) == 8


# --------------------------------------------------------------------- 4. damaged files

VALID = json.dumps({
    "meta": {"1": {"schema_version": 1}},
    "annotations": {"1": {"id": "x", "uri": URI, "selector": None, "note": "keep me"}},
}).encode()

DAMAGED = {
    "truncated": (VALID[: len(VALID) // 2], "not valid JSON"),
    "garbage": (b"PK\x03\x04 this is a zip file, not a database {{{", "not valid JSON"),
    "not-utf8": (b'{"meta": {"1": {"schema_version": 1}}, "x": "\xff\xfe\xfa"}', "not UTF-8"),
    "array": (b'[{"schema_version": 1}]', "not an object"),
    "table-not-object": (b'{"meta": {"1": {"schema_version": 1}}, "annotations": "oops"}',
                         "not an object"),
    "future-schema": (json.dumps({"meta": {"1": {"schema_version": SCHEMA_VERSION + 7}}}).encode(),
                      "newer"),
    "schema-not-number": (b'{"meta": {"1": {"schema_version": "one"}}}', "not a number"),
    "schema-bool": (b'{"meta": {"1": {"schema_version": true}}}', "not a number"),
}


@pytest.mark.parametrize("kind", DAMAGED)
def test_damaged_file_is_refused_left_untouched_and_can_be_moved_aside(db, kind):
    content, problem = DAMAGED[kind]
    db.write_bytes(content)

    with pytest.raises(StoreError) as caught:
        Store(db)
    message = str(caught.value)
    assert str(db) in message
    assert problem.lower() in message.lower()
    assert db.read_bytes() == content
    if kind == "future-schema":
        assert str(SCHEMA_VERSION + 7) in message
    with pytest.raises(StoreError):  # still refused the second time: nothing was "repaired"
        Store(db)
    assert db.read_bytes() == content

    backup = Store.move_aside(db)
    assert backup.parent == db.parent
    assert backup.name.startswith("newsdesk.json.damaged-")
    assert not db.exists()
    assert backup.read_bytes() == content

    fresh = Store(db)
    assert fresh.annotations() == [] and fresh.read_uris() == set()
    fresh.tag_claim(URI, sel(0, 48), status="verified")
    assert len(Store(db).claims(URI)) == 1
    assert backup.read_bytes() == content


def test_moving_aside_twice_in_the_same_second_keeps_both_backups(db, monkeypatch):
    class FrozenDatetime(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return cls(2025, 1, 13, 12, 0, 0, tzinfo=tz)

    monkeypatch.setattr(store_module, "_dt", types.SimpleNamespace(
        datetime=FrozenDatetime, timezone=dt.timezone, UTC=dt.UTC))
    db.write_bytes(b"first damaged file")
    first = Store.move_aside(db)
    db.write_bytes(b"second damaged file")
    second = Store.move_aside(db)
    assert first != second
    assert first.read_bytes() == b"first damaged file"
    assert second.read_bytes() == b"second damaged file"


# --------------------------------------------------------------------- 5. migrations


def test_opening_an_older_file_runs_its_migration_once(db, monkeypatch):
    old = Store(db)
    claim = old.tag_claim(URI, sel(0, 48), status="verified")
    old.set_read(URI)
    assert schema_versions(db) == [SCHEMA_VERSION]

    calls = []

    def to_next(store):
        calls.append(store.path)
        store._table("articles").update({"migrated": True})

    monkeypatch.setattr(store_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setattr(store_module, "MIGRATIONS", {SCHEMA_VERSION: to_next})
    migrated = Store(db)
    assert calls == [db]
    assert schema_versions(db) == [SCHEMA_VERSION + 1]
    assert [row.get("migrated") for row in load_json(db)["articles"].values()] == [True]
    assert migrated.get(claim.id) == claim

    Store(db)
    assert calls == [db], "an up-to-date file must not be migrated again"


def test_a_migration_another_process_finished_meanwhile_is_not_repeated(db, monkeypatch):
    Store(db).tag_claim(URI, sel(0, 48), status="verified")
    calls = []
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setattr(store_module, "MIGRATIONS", {SCHEMA_VERSION: lambda store: calls.append(1)})

    held = FileLock(str(db) + ".lock")
    held.acquire()
    opened, errors = [], []

    def open_store():
        try:
            opened.append(Store(db))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    try:
        opener = threading.Thread(target=open_store)
        opener.start()
        time.sleep(0.4)  # the opener has read the old schema and waits for the lock
        data = load_json(db)  # meanwhile "another process" migrates the file
        data["meta"]["1"]["schema_version"] = SCHEMA_VERSION + 1
        store_module.AtomicJSONStorage(db).write(data)
    finally:
        held.release()
    opener.join(timeout=20)
    assert not errors and opened
    assert calls == []
    assert schema_versions(db) == [SCHEMA_VERSION + 1]


# --------------------------------------------------------------------- 6. claim operations


def test_clear_status_removes_a_bare_claim_and_keeps_a_noted_one(db):
    store = Store(db)
    bare = store.tag_claim(URI, sel(0, 48), status="disputed")
    noted = store.tag_claim(URI, sel(49, 97), status="false", note="source: ISW, Jan 11")
    tagged = store.tag_claim(URI, sel(98, 146), status="verified", tags=["numbers"])

    assert store.clear_status(bare.id) is None
    assert store.get(bare.id) is None

    kept = store.clear_status(noted.id)
    assert kept is not None and kept.status is None and kept.note == "source: ISW, Jan 11"
    kept_tags = store.clear_status(tagged.id)
    assert kept_tags is not None and kept_tags.status is None and kept_tags.tags == ("numbers",)

    reopened = Store(db)
    assert [c.id for c in reopened.claims(URI)] == [noted.id, tagged.id]
    assert reopened.get(noted.id).status is None
    assert reopened.get(noted.id).note == "source: ISW, Jan 11"
    assert store.clear_status("no-such-id") is None


def test_tagging_the_same_span_again_updates_the_claim(db):
    store = Store(db)
    first = store.tag_claim(URI, sel(0, 48), status="unverified", note="check", tags=["a"])
    again = store.tag_claim(URI, sel(0, 48), status="verified")
    assert again.id == first.id
    assert again.created == first.created
    assert (again.status, again.note, again.tags) == ("verified", "check", ("a",))
    store.tag_claim(URI, sel(0, 48), tags=["a", "b"], note="")
    reopened = Store(db)
    assert len(reopened.claims(URI)) == 1
    only = reopened.claims(URI)[0]
    assert (only.id, only.status, only.note, only.tags) == (first.id, "verified", "", ("a", "b"))
    # The same span in another article is another claim.
    assert store.tag_claim(OTHER_URI, sel(0, 48), status="false").id != first.id
    assert len(Store(db).claims()) == 2


def test_an_invalid_status_is_refused_and_nothing_is_written(db):
    store = Store(db)
    claim = store.tag_claim(URI, sel(0, 48), status="verified")
    before = (db.read_bytes(), db.stat().st_mtime_ns)
    with pytest.raises(ValueError):
        store.tag_claim(URI, sel(49, 97), status="true")
    with pytest.raises(ValueError):
        store.tag_claim(URI, sel(0, 48), status="Verified")
    with pytest.raises(ValueError):
        store.update(claim.id, status="mostly-true")
    assert (db.read_bytes(), db.stat().st_mtime_ns) == before
    assert Store(db).claims(URI) == [claim]


def test_status_counts_per_article(db):
    store = Store(db)
    for i, status in enumerate(["verified", "verified", "disputed", None]):
        store.tag_claim(URI, sel(50 * i, 50 * i + 40), status=status, tags=["t"])
    store.tag_claim(OTHER_URI, sel(0, 40), status="false")
    cleared = store.tag_claim(OTHER_URI, sel(50, 90), status="false", note="n")
    store.clear_status(cleared.id)
    store.set_article_note(URI, "not a claim")

    counts = Store(db).status_counts()
    assert counts == {URI: Counter(verified=2, disputed=1), OTHER_URI: Counter(false=1)}


# --------------------------------------------------------------------- 7. lock timeout


def test_a_write_gives_up_with_a_store_error_while_another_process_holds_the_lock(db, monkeypatch):
    Store(db).tag_claim(URI, sel(0, 48), status="verified")
    monkeypatch.setattr(store_module, "LOCK_TIMEOUT_SECONDS", 0.3)
    store = Store(db)  # builds its FileLock with the short timeout

    holder = Child(LOCK_HOLDER, str(db), stdin=True)
    try:
        assert holder.next_line() == "locked"
        before = db.read_bytes()
        started = time.monotonic()
        with pytest.raises(StoreError) as caught:
            store.tag_claim(URI, sel(49, 97), status="disputed")
        assert time.monotonic() - started < 5
        assert str(db) in str(caught.value)
        with pytest.raises(StoreError):
            store.set_read(URI)
        assert db.read_bytes() == before

        holder.proc.stdin.write("done\n")
        holder.proc.stdin.flush()
        holder.finish()
    finally:
        holder.close()

    store.tag_claim(URI, sel(49, 97), status="disputed")
    assert len(Store(db).claims(URI)) == 2


def test_a_write_that_must_not_wait_waits_for_this_process_s_other_threads(db):
    """Another thread's write (the library index, a queued write) is not "another
    newsdesk": a `lock_wait(0)` write waits for it instead of failing as if it were."""
    store = Store(db)
    holding, release = threading.Event(), threading.Event()

    def background_write() -> None:
        with store._writing():  # what a thread's write holds while it writes
            holding.set()
            release.wait(5)

    thread = threading.Thread(target=background_write)
    thread.start()
    assert holding.wait(5)
    threading.Timer(0.2, release.set).start()
    with store.lock_wait(0):  # how the UI writes: never waiting for another process
        store.tag_claim(URI, sel(0, 48), status="verified")
    thread.join(5)
    assert [c.status for c in Store(db).claims(URI)] == ["verified"]


def test_notes_and_tags_pasted_with_control_characters_are_stored_clean(tmp_path):
    from tui.core.anchoring import make_selector

    store = Store(tmp_path / "db.json")
    text = "One sentence here. Another sentence there."
    claim = store.tag_claim("file:///x", make_selector(text, 0, 18), status="verified",
                            note="checked\x1b]0;PWNED\x07 with \u202eAFP\n",
                            tags=["a\x1b[31mb", "a\x1b[31mb", " "])
    assert claim.note == "checked with AFP" and claim.tags == ("ab",)
    updated = store.update(claim.id, note="x\x9b2Jy", tags="solo")
    assert updated.note == "xy" and updated.tags == ("solo",)
    assert store.set_article_note("file:///x", "\x07bell\u200b").note == "bell"
    assert Store(tmp_path / "db.json").get(claim.id).note == "xy"
