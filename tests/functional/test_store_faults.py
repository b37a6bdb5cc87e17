"""Database faults never crash the app or freeze it, and never lose what the user typed.

Real faults: a lock held by another process, a file damaged while the app runs, a
folder that stops being writable (a file where the folder was; a read-only mount),
a full disk (a small tmpfs), a claim removed by another window. The mount cases
skip where the test may not mount.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static, TextArea

from tui.core.anchoring import make_selector
from tui.core.articles import load_file
from tui.core.store import Store
from tui.screens.claims import ClaimsScreen
from tui.screens.dialogs import NoteDialog
from tui.screens.library import LibraryScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.article_view import ArticleView
from tui.widgets.store_banner import StoreBanner

from ..store_files import shard_path, stored_rows
from .conftest import SEEDS_DIR, open_reader, wait_for

SIZE = (120, 36)
HOLD_LOCK = """
import sys, time
from filelock import FileLock
lock = FileLock(sys.argv[1])
lock.acquire()
print("held", flush=True)
time.sleep(120)
"""


def messages(app) -> list[str]:
    """Every notification the app has shown so far (also those already timed out)."""
    if not hasattr(app, "_said"):
        app._said = []
        shown = app.notify

        def notify(message, *args, **kwargs):
            app._said.append(str(message))
            return shown(message, *args, **kwargs)

        app.notify = notify
    return list(app._said)


@contextmanager
def lock_held(db: Path):
    """Another process holds the database's lock until `release` (or the block's end)."""
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(db) + ".lock"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        yield holder
    finally:
        release(holder)


def release(holder: subprocess.Popen) -> None:
    holder.kill()
    holder.wait()


def stored(db: Path) -> list[dict]:
    return stored_rows(db)


def mount(*args: str) -> bool:
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


@pytest.fixture
def tmpfs(tmp_path):
    """A small tmpfs folder of our own, or a skip where mounting is not allowed."""
    folder = tmp_path / "mnt"
    folder.mkdir()
    if not mount("-t", "tmpfs", "-o", "size=256k", "tmpfs", str(folder)):
        pytest.skip("cannot mount a tmpfs here")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], capture_output=True)


async def test_a_held_lock_makes_writes_wait_without_freezing_the_screen(make_app, tmp_path):
    db = tmp_path / "newsdesk.json"
    app = make_app(db=db)
    messages(app)
    with lock_held(db) as holder:
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            reader = await open_reader(pilot, app, 2)
            view = reader.query_one(ArticleView)
            await pilot.press("v")
            assert any("waiting for another newsdesk" in m for m in messages(app))
            await pilot.press("j", "j")  # keys still work while the write waits
            assert view.cursor == 2
            assert not any(r.get("status") for r in stored(db))
            release(holder)
            await wait_for(pilot, lambda: any(r.get("status") == "verified" for r in stored(db)))
            await wait_for(pilot, lambda: view.claim_status == {0: "verified"})
            assert any("verified — saved" in m for m in messages(app))
            assert json.loads(db.read_text("utf-8"))["articles"], "the read state waited too"


async def test_damage_while_running_keeps_the_file_and_goes_read_only(make_app, tmp_path):
    db = tmp_path / "newsdesk.json"
    app = make_app(db=db)
    messages(app)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        damaged = b'{"meta": {"1": {"schema_version": 2}}, "annotations": {"1": {"id": "a'
        db.write_bytes(damaged)
        reader = await open_reader(pilot, app, 1)
        await pilot.press("v")
        assert any(m.startswith("NOT saved") for m in messages(app))
        banner = reader.query_one(StoreBanner)
        assert banner.display and "READ-ONLY" in str(banner.render())
        assert str(db) in str(banner.render())
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)
        assert app.screen.query_one(StoreBanner).display
        assert db.read_bytes() == damaged


async def test_a_row_with_an_unknown_status_is_named_and_kept(make_app, tmp_path, seed_articles):
    db = tmp_path / "newsdesk.json"
    Store(db)
    article = seed_articles[1]
    shard = shard_path(db, article.uri)
    shard.parent.mkdir()
    shard.write_text(json.dumps({"annotations": {"1": {
        "id": str(uuid.uuid4()), "uri": article.uri, "status": "bogus", "tags": [], "note": "",
        "selector": make_selector(article.text, 0, 20).to_dict(), "anchored": True}}}), "utf-8")
    app = make_app(db=db)
    messages(app)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        reader = await open_reader(pilot, app, 1)
        assert isinstance(reader, ReaderScreen)
        assert any(f"{db}: annotation row 1: unknown status 'bogus'" in m for m in messages(app))
        await pilot.press("v")
        assert any("verified — saved" in m for m in messages(app))
    assert [r["status"] for r in stored(db)] == ["bogus", "verified"]


async def test_a_folder_that_stops_being_writable_is_a_message(make_app, tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    db = folder / "newsdesk.json"
    app = make_app(db=db)
    messages(app)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        folder.rename(tmp_path / "moved-away")
        folder.write_text("a file where the database folder was")
        await pilot.press("enter")  # marks the article read: a write
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.analysis)
        await pilot.press("f")
        failures = [m for m in messages(app) if m.startswith("NOT saved")]
        assert failures and all(f"{db}: cannot write" in m for m in failures)
        await pilot.press("j")
        assert app.screen.query_one(ArticleView).cursor == 1


async def test_a_read_only_mount_is_a_message(make_app, tmpfs):
    db = tmpfs / "newsdesk.json"
    app = make_app(db=db)
    messages(app)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert mount("-o", "remount,ro", str(tmpfs))
        reader = await open_reader(pilot, app, 2)
        await pilot.press("v")
        assert any(m.startswith("NOT saved") and "Read-only file system" in m
                   for m in messages(app))
        assert reader.query_one(ArticleView).claim_status == {}


async def test_a_full_disk_is_a_message_and_the_file_stays_whole(make_app, tmpfs):
    db = tmpfs / "newsdesk.json"
    store = Store(db)
    article = load_file(SEEDS_DIR / sorted(p.name for p in SEEDS_DIR.iterdir())[2]).articles[0]
    store.set_article_note(article.uri, "x" * 20_000, article.text_hash)
    before = db.read_bytes()
    filler = tmpfs / "filler"
    with open(filler, "wb", buffering=0) as handle:  # fill what is left
        try:
            while True:
                handle.write(b"\0" * 1024)
        except OSError:
            pass
    app = make_app(db=db)
    messages(app)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_reader(pilot, app, 2)
        await pilot.press("f")
        assert any(m.startswith("NOT saved") and "No space left" in m for m in messages(app))
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)
    assert db.read_bytes() == before
    filler.unlink()


async def test_a_note_on_a_claim_cleared_elsewhere_stays_in_the_editor(make_app, tmp_path,
                                                                       seed_articles):
    db = tmp_path / "newsdesk.json"
    article = seed_articles[2]
    app = make_app(db=db)
    messages(app)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        reader = await open_reader(pilot, app, 2)
        await pilot.press("v")  # this window tags the first sentence
        (claim,) = stored(db)
        other_window = Store(db)
        other_window.clear_status(claim["id"])  # another window clears it: removed
        await pilot.press("n")
        assert isinstance(app.screen, NoteDialog)
        app.screen.query_one(TextArea).insert("typed with care")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert any("removed in another newsdesk window" in m for m in messages(app))
        assert isinstance(app.screen, NoteDialog), "the typed note must not be lost"
        assert app.screen.query_one(TextArea).text == "typed with care"
        assert stored(db) == []
        await pilot.press("ctrl+s")  # saving again tags the sentence as it is now
        await wait_for(pilot, lambda: [r["note"] for r in stored(db)] == ["typed with care"])
        assert isinstance(app.screen, ReaderScreen) and reader.current_claim().note
    assert article.uri == stored(db)[0]["uri"]


async def test_a_reworded_claim_is_marked_and_can_be_accepted(make_app, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    source = sorted(SEEDS_DIR.iterdir())[2]
    path = folder / source.name
    shutil.copy(source, path)
    article = load_file(path).articles[0]
    db = tmp_path / "newsdesk.json"
    store = Store(db)
    quote = next(line for line in article.text.splitlines() if "11,000" in line)
    quote = quote[:quote.index(".", quote.index("11,000")) + 1]
    start = article.text.index(quote)
    store.tag_claim(article.uri, make_selector(article.text, start, start + len(quote)),
                    text_hash=article.text_hash, status="verified")
    path.write_text(path.read_text("utf-8").replace("11,000", "12,000"), "utf-8")
    edited = load_file(path).articles[0]

    app = make_app([edited], db=db)
    messages(app)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        reader = await open_reader(pilot, app, 0)
        view = reader.query_one(ArticleView)
        assert len(view.changed_claims) == 1
        (index,) = view.changed_claims
        assert view.claim_status[index] == "verified", "the status stays, flagged"
        await pilot.press("C")
        claims = app.screen
        assert isinstance(claims, ClaimsScreen)
        await wait_for(pilot, lambda: claims.query_one("#claims", DataTable).row_count == 1)
        assert "Δ" in str(claims.query_one("#claims", DataTable).get_cell_at((0, 0)))
        detail = str(claims.query_one("#claims-detail", Static).render())
        assert "changed since tagged" in detail and "11,000" in detail and "12,000" in detail
        await pilot.press("escape")
        view.select_sentence(index)
        await pilot.pause()
        panel = str(reader.query_one("#claim-panel", Static).render())
        assert "CHANGED since tagged" in panel and "11,000" in panel
        await pilot.press("a")
        await wait_for(pilot, lambda: not view.changed_claims)
    (row,) = stored(db)
    assert "12,000" in row["tagged_quote"] and row["status"] == "verified"


async def test_an_edited_article_opens_with_its_claims_while_the_lock_is_held(make_app, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    path = folder / "story.txt"
    shutil.copy(sorted(SEEDS_DIR.iterdir())[2], path)
    article = load_file(path).articles[0]
    db = tmp_path / "newsdesk.json"
    first_line = article.text.splitlines()[0].strip()
    start = article.text.index(first_line)
    Store(db).tag_claim(article.uri, make_selector(article.text, start, start + len(first_line)),
                        text_hash=article.text_hash, status="disputed")
    path.write_text("Correction appended at the top.\n\n" + path.read_text("utf-8"), "utf-8")
    edited = load_file(path).articles[0]
    app = make_app([edited], db=db)
    messages(app)
    with lock_held(db) as holder:
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            reader = await open_reader(pilot, app, 0)
            assert holder.poll() is None, "the lock is still held by the other process"
            view = reader.query_one(ArticleView)
            (index,) = view.claim_status
            sentence = view.analysis.sentences[index]
            assert edited.text[sentence.start:sentence.end].startswith(first_line[:40])
            assert stored(db)[0]["selector"]["start"] == start, "not saved while locked"
            release(holder)
            new_start = edited.text.index(first_line)
            await wait_for(pilot, lambda: stored(db)[0]["selector"]["start"] == new_start)


async def test_a_lock_held_past_the_timeout_still_saves_when_free(make_app, tmp_path,
                                                                  monkeypatch):
    from tui.core import store as store_module

    monkeypatch.setattr(store_module, "LOCK_TIMEOUT_SECONDS", 0.3)
    db = tmp_path / "newsdesk.json"
    app = make_app(db=db)
    messages(app)
    with lock_held(db) as holder:
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_reader(pilot, app, 2)
            await pilot.press("v")
            await wait_for(pilot, lambda: any("still waiting" in m for m in messages(app)))
            assert not any(m.startswith("NOT saved") for m in messages(app))
            release(holder)
            await wait_for(pilot, lambda: any(r.get("status") == "verified" for r in stored(db)))


async def test_a_note_typed_while_read_only_stays_in_its_editor(make_app, tmp_path):
    db = tmp_path / "newsdesk.json"
    app = make_app(db=db)
    messages(app)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        db.write_bytes(b"{ damaged by another program")
        await open_reader(pilot, app, 1)
        await pilot.press("n")
        app.screen.query_one(TextArea).insert("checked with the ministry")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert any(m.startswith("NOT saved") for m in messages(app))
        assert isinstance(app.screen, NoteDialog), "what was typed must not be lost"
        assert app.screen.query_one(TextArea).text == "checked with the ministry"
        await pilot.press("N")  # not a key of the dialog: typed into it
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)


async def test_accepting_in_the_claims_screen_updates_the_open_reader(make_app, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    path = folder / "story.txt"
    shutil.copy(sorted(SEEDS_DIR.iterdir())[2], path)
    article = load_file(path).articles[0]
    db = tmp_path / "newsdesk.json"
    quote = next(line for line in article.text.splitlines() if "11,000" in line).strip()
    start = article.text.index(quote)
    Store(db).tag_claim(article.uri, make_selector(article.text, start, start + len(quote)),
                        text_hash=article.text_hash, status="verified")
    path.write_text(path.read_text("utf-8").replace("11,000", "12,000"), "utf-8")
    app = make_app([load_file(path).articles[0]], db=db)
    messages(app)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        reader = await open_reader(pilot, app, 0)
        view = reader.query_one(ArticleView)
        assert view.changed_claims
        await pilot.press("C")
        claims = app.screen
        await wait_for(pilot, lambda: claims.query_one("#claims", DataTable).row_count == 1)
        await pilot.press("a")
        await wait_for(pilot, lambda: not stored(db)[0]["tagged_quote"].count("11,000"))
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is reader and not view.changed_claims
        assert not any("another newsdesk window" in m for m in messages(app))
