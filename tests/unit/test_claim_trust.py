"""Claims a fact-checker can trust: changed words are flagged, rows are read defensively,
stale writes are refused, batches are one write, faults name the file.

Real files and a real TinyDB database in tmp_path; the lock is held by a real subprocess.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui.cli import main
from tui.core import storage as storage_module
from tui.core.anchoring import make_selector
from tui.core.articles import load_file
from tui.core.claims import follow_moved_files, library_annotations, reanchor
from tui.core.export import export_claims
from tui.core.store import SCHEMA_VERSION, LockBusy, StaleClaim, Store, StoreError

from ..store_files import shard_path, stored_rows

ORIGINAL = "She won by a 134-to-63 vote."
EDITED = "She won by a 134-63 vote, according to aides."
OPENING = "The council met on Tuesday to choose a new speaker for the coming term."
CLOSING = "The new speaker takes office next month after a short handover period."
OSC = "\x1b]0;pwned\x07\x1b]52;c;ZXZpbA==\x07\x1b[2J"


def write_article(path: Path, claim_sentence: str) -> None:
    path.write_text(f"Council vote\n\n{OPENING} {claim_sentence} {CLOSING}\n", "utf-8")


def article_at(path: Path):
    loaded = load_file(path)
    assert loaded.articles, [str(p) for p in loaded.problems]
    return loaded.articles[0]


def reworded_claim(tmp_path: Path, db: Path):
    """A claim tagged verified on ORIGINAL, then re-anchored after the file says EDITED."""
    path = tmp_path / "vote.txt"
    write_article(path, ORIGINAL)
    store = Store(db)
    tag_quote(store, article_at(path), ORIGINAL)
    write_article(path, EDITED)
    (claim,) = reanchor(store, article_at(path))
    return store, path, claim


def tag_quote(store: Store, article, quote: str, status: str = "verified", **fields):
    start = article.text.index(quote)
    return store.tag_claim(article.uri, make_selector(article.text, start, start + len(quote)),
                           text_hash=article.text_hash, status=status, **fields)


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "data" / "newsdesk.json"


@pytest.fixture
def count_writes(monkeypatch):
    """How many times the database file is rewritten."""
    writes = []
    original = storage_module.AtomicJSONStorage.write

    def counting(self, data):
        writes.append(self.path)
        return original(self, data)

    monkeypatch.setattr(storage_module.AtomicJSONStorage, "write", counting)
    return writes


# ----------------------------------------------------------------- 1. changed text

def test_a_reworded_claim_keeps_its_status_but_is_flagged_changed(tmp_path, db):
    path = tmp_path / "vote.txt"
    write_article(path, ORIGINAL)
    store = Store(db)
    tagged = tag_quote(store, article_at(path), ORIGINAL)
    assert not tagged.changed and tagged.tagged_quote == ORIGINAL

    write_article(path, EDITED)
    (claim,) = reanchor(store, article_at(path))
    assert claim.anchored and claim.status == "verified"
    assert claim.selector.exact.startswith("She won by a 134-63 vote")
    assert claim.changed, "a status given to other words must not pass silently"
    assert claim.tagged_quote == ORIGINAL, "the words that were checked are kept"
    assert claim.modified == tagged.modified, "re-anchoring is not the user's edit"
    assert store.get(claim.id).changed  # on disk, not only in memory


def test_accepting_the_new_wording_or_retagging_clears_changed(tmp_path, db):
    store, path, claim = reworded_claim(tmp_path, db)

    accepted = store.update(claim.id, expected_rev=claim.rev, accept=True)
    assert not accepted.changed and accepted.tagged_quote == claim.selector.exact
    assert accepted.status == "verified" and accepted.rev == claim.rev + 1

    write_article(path, ORIGINAL)
    (again,) = reanchor(store, article_at(path))
    assert again.changed
    retagged = store.update(again.id, status="disputed")
    assert not retagged.changed, "giving a status is checking the current words"


def test_a_note_alone_does_not_accept_changed_words(tmp_path, db):
    store, path, claim = reworded_claim(tmp_path, db)
    assert store.update(claim.id, note="aides' figure").changed


def test_claims_json_and_markdown_report_say_what_changed(tmp_path, db, capsys, monkeypatch):
    monkeypatch.setenv("NEWSDESK_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "vote.txt"
    write_article(path, ORIGINAL)
    tag_quote(Store(db), article_at(path), ORIGINAL)
    write_article(path, EDITED)

    assert main(["claims", "--json", "--db", str(db)]) == 0
    (view,) = json.loads(capsys.readouterr().out)
    assert view["changed"] is True and view["tagged_quote"] == ORIGINAL
    assert view["status"] == "verified" and view["quote"].startswith("She won by a 134-63")

    assert main(["export", "--format", "markdown", "--db", str(db)]) == 0
    report = capsys.readouterr().out
    assert "### Changed since tagged (1)" in report
    assert "134-to-63" in report and "134-63" in report
    assert "### Verified" not in report, "the status was given to other words"


# ----------------------------------------------------------------- 2. batches

def test_reanchoring_many_claims_is_one_write(tmp_path, db, count_writes):
    sentences = [f"Official number {i} reported {i * 7} new cases today." for i in range(300)]
    path = tmp_path / "long.txt"
    path.write_text("Daily figures\n\n" + " ".join(sentences) + "\n", "utf-8")
    store = Store(db)
    article = article_at(path)
    text = article.text
    records = []
    for sentence in sentences:
        start = text.index(sentence)
        records.append(store_module_annotation(article, make_selector(text, start, start + len(sentence))))
    store.insert(records)

    path.write_text("Daily figures, corrected\n\n" + " ".join(sentences) + "\n", "utf-8")
    count_writes.clear()
    claims = reanchor(store, article_at(path))
    assert len(count_writes) == 1, "every re-attached claim rewrote the whole file"
    assert len(claims) == 300 and all(c.anchored and not c.changed for c in claims)
    assert all(c.text_hash == article_at(path).text_hash for c in store.claims())

    count_writes.clear()
    library_annotations(store, [article_at(path)])
    assert count_writes == [], "nothing changed: nothing is written"


def store_module_annotation(article, selector):
    import uuid

    from tui.core.records import Annotation

    return Annotation(id=str(uuid.uuid4()), uri=article.uri, selector=selector,
                      status="unverified", created="2026-01-01T00:00:00Z",
                      modified="2026-01-01T00:00:00Z", text_hash=article.text_hash,
                      tagged_quote=selector.exact, rev=1)


def test_a_moved_file_takes_all_its_claims_in_one_write(tmp_path, db, count_writes):
    path = tmp_path / "vote.txt"
    write_article(path, ORIGINAL)
    store = Store(db)
    article = article_at(path)
    for quote in (OPENING, ORIGINAL, CLOSING):
        tag_quote(store, article, quote)
    store.set_article_note(article.uri, "whole article", article.text_hash)
    moved = tmp_path / "moved.txt"
    path.rename(moved)

    count_writes.clear()
    assert follow_moved_files(store, [article_at(moved)]) == 4
    assert len(count_writes) == 1
    assert {a.uri for a in store.annotations()} == {article_at(moved).uri}


# ----------------------------------------------------------------- 3. rows read defensively

def test_bad_rows_are_reported_once_skipped_and_kept(tmp_path, db):
    store = Store(db)
    good = store.tag_claim("file:///a.txt", make_selector("Some text here.", 0, 15),
                           status="verified")
    shard = shard_path(db, "file:///a.txt")
    data = json.loads(shard.read_text("utf-8"))
    rows = data["annotations"]
    rows["7"] = {"uri": "file:///a.txt", "selector": None, "note": "no id"}
    rows["8"] = {**rows["1"], "id": "bogus-status", "status": "bogus"}
    rows["9"] = {**rows["1"], "id": "number-note", "note": 42}
    rows["10"] = "not even an object"
    shard.write_text(json.dumps(data), "utf-8")

    assert [a.id for a in store.annotations()] == [good.id]
    problems = store.new_problems()
    assert len(problems) == 4
    assert all(p.startswith(f"{db}: annotation row ") for p in problems)
    assert any("row 8: unknown status 'bogus'" in p for p in problems)
    assert any("row 7: id is missing" in p for p in problems)
    assert any("row 9: note is not a string" in p for p in problems)
    store.annotations()
    assert store.new_problems() == [], "each bad row is reported once"

    store.update(good.id, note="still writable")
    kept = json.loads(shard.read_text("utf-8"))["annotations"]
    assert kept["8"]["status"] == "bogus" and kept["9"]["note"] == 42 and "7" in kept
    assert kept["10"] == "not even an object", "a row newsdesk cannot read is never dropped"


def test_text_read_back_from_the_database_is_sanitized(tmp_path, db, capsys, monkeypatch):
    monkeypatch.setenv("NEWSDESK_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "vote.txt"
    write_article(path, ORIGINAL)
    store = Store(db)
    claim = tag_quote(store, article_at(path), ORIGINAL)
    shard = shard_path(db, claim.uri)
    data = json.loads(shard.read_text("utf-8"))
    row = next(iter(data["annotations"].values()))
    row["note"] = f"check {OSC}this"
    row["tags"] = [f"tag{OSC}"]
    shard.write_text(json.dumps(data), "utf-8")

    read = store.get(claim.id)
    assert "\x1b" not in read.note and read.note == "check this"
    assert read.tags == ("tag",)
    for argv in (["claims"], ["claims", "--json"], ["export", "--format", "markdown"]):
        assert main([*argv, "--db", str(db)]) == 0
        out = capsys.readouterr()
        assert "\x1b" not in out.out and "\x07" not in out.out, argv
    assert "\x1b" not in export_claims(store.annotations(), {}, "markdown")


def test_an_old_file_is_migrated_to_keep_tagged_words(tmp_path, db):
    db.parent.mkdir(parents=True)
    db.write_text(json.dumps({
        "meta": {"1": {"schema_version": 1}},
        "annotations": {"1": {
            "id": "old-claim", "uri": "file:///a.txt", "status": "verified", "tags": [],
            "note": "", "created": "2025-01-01T00:00:00Z", "modified": "2025-01-01T00:00:00Z",
            "anchored": True, "text_hash": "",
            "selector": {"start": 0, "end": 9, "exact": "Some text", "prefix": "",
                         "suffix": " here."}}},
    }), "utf-8")
    store = Store(db)
    (row,) = stored_rows(db)
    assert json.loads(db.read_text("utf-8"))["meta"]["1"]["schema_version"] == SCHEMA_VERSION
    assert row["tagged_quote"] == "Some text" and row["rev"] == 1
    assert not store.get("old-claim").changed


# ----------------------------------------------------------------- 4. stale writes

def test_a_write_from_a_stale_view_is_refused(tmp_path, db):
    path = tmp_path / "vote.txt"
    write_article(path, ORIGINAL)
    window_a, window_b = Store(db), Store(db)
    claim = tag_quote(window_a, article_at(path), ORIGINAL)
    seen_by_b = window_b.get(claim.id)

    window_a.update(claim.id, expected_rev=claim.rev, note="A's note")
    with pytest.raises(StaleClaim, match="changed in another newsdesk window"):
        window_b.update(seen_by_b.id, expected_rev=seen_by_b.rev, note="B's note")
    assert window_a.get(claim.id).note == "A's note"

    current = window_a.update(claim.id, note="")
    assert window_a.clear_status(current.id, expected_rev=current.rev) is None  # removed
    with pytest.raises(StaleClaim, match="removed in another newsdesk window"):
        window_b.update(current.id, expected_rev=current.rev, note="typed on a cleared claim")
    with pytest.raises(StaleClaim):
        window_b.clear_status(current.id, expected_rev=current.rev)
    assert window_b.annotations() == []


# ----------------------------------------------------------------- 5. faults name the file

HOLD_LOCK = """
import sys, time
from filelock import FileLock
lock = FileLock(sys.argv[1])
lock.acquire()
print("held", flush=True)
time.sleep(60)
"""


@pytest.mark.process
def test_a_lock_held_by_another_process_fails_fast_when_asked(db):
    store = Store(db)
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(db) + ".lock"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        with store.lock_wait(0), pytest.raises(LockBusy, match=str(db)):
            store.set_read("file:///a.txt")
        assert time.monotonic() - started < 2
    finally:
        holder.kill()
        holder.wait()
    store.set_read("file:///a.txt")
    assert store.read_uris() == {"file:///a.txt"}


def test_an_unwritable_folder_is_a_store_error_naming_the_file(tmp_path, db):
    store = Store(db)
    store.set_read("file:///a.txt")
    folder = db.parent
    folder.rename(tmp_path / "elsewhere")
    folder.write_text("a file where the database folder was")  # its parent is now a file
    with pytest.raises(StoreError, match=f"{db}: cannot write"):
        store.set_read("file:///b.txt")


def test_damage_found_while_running_makes_the_session_read_only(db):
    store = Store(db)
    store.set_read("file:///a.txt")
    db.write_bytes(b'{"meta": {"1": {"schema_version": 2}}, "annotations": {"1": {"id": "x')
    damaged = db.read_bytes()
    assert store.read_uris() == {"file:///a.txt"}, "the last good copy is still shown"
    assert store.read_only and str(db) in store.read_only and "--reset-db" in store.read_only
    with pytest.raises(StoreError, match="Nothing more is saved"):
        store.set_read("file:///b.txt")
    assert db.read_bytes() == damaged, "a damaged file is never overwritten"


def test_a_fifo_put_in_place_of_the_database_is_not_read(tmp_path, db):
    import os

    store = Store(db)
    store.set_read("file:///a.txt")
    db.unlink()
    os.mkfifo(db)  # nobody writes to it: reading it would block forever
    started = time.monotonic()
    assert store.read_uris() == {"file:///a.txt"}, "the last good copy is shown"
    assert store.read_only and "no longer a regular file" in store.read_only
    assert time.monotonic() - started < 2


def test_an_empty_article_note_removes_the_note(db):
    store = Store(db)
    store.set_article_note("file:///a.txt", "first thoughts")
    assert store.set_article_note("file:///a.txt", "   ") is None
    assert store.annotations() == []
    assert store.set_article_note("file:///b.txt", "") is None and store.annotations() == []
