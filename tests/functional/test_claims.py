"""Tagging claims with single keys, notes and tags, and finding them again after a restart."""

from __future__ import annotations

import json

import pytest
from textual.widgets import DataTable, Static, TextArea

from tui.core.articles import load_file
from tui.core.store import Store
from tui.screens.claims import ClaimsScreen
from tui.screens.dialogs import NoteDialog, TagsDialog
from tui.screens.export_dialog import ExportPathDialog
from tui.screens.library import LibraryScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.article_view import ArticleView

from ..store_files import stored_rows
from .conftest import SEEDS_DIR, open_reader, wait_for

SIZE = (120, 36)


def stored(db_path) -> list[dict]:
    """What is on disk right now, read as plain JSON (no Store, no cache)."""
    return stored_rows(db_path)


async def test_status_keys_are_on_disk_before_the_screen_confirms(make_app, tmp_path):
    db = tmp_path / "newsdesk.json"
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        reader = await open_reader(pilot, app, 2)
        view = reader.query_one(ArticleView)
        await pilot.press("j", "v")
        # The key's effect is already durable: a plain read of the file finds it.
        on_disk = stored(db)
        assert [(r["status"], r["selector"]["start"]) for r in on_disk] == [
            ("verified", view.analysis.sentences[1].start)
        ]
        assert view.claim_status == {1: "verified"}
        await pilot.press("j", "d", "j", "f", "j", "u")
        assert sorted(r["status"] for r in stored(db)) == ["disputed", "false", "unverified",
                                                          "verified"]
        await pilot.press("v")  # re-tag the same sentence: updated, not duplicated
        assert sorted(r["status"] for r in stored(db)) == ["disputed", "false", "verified",
                                                          "verified"]
        await pilot.press("backspace")
        assert len(stored(db)) == 3
        panel = str(reader.query_one("#claim-panel", Static).render())
        assert "Untagged" in panel


@pytest.mark.slow
async def test_note_and_tags_then_restart_reads_everything_back(make_app, tmp_path):
    db = tmp_path / "newsdesk.json"
    app = make_app(db=db)
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_reader(pilot, app, 2)
        view = reader.query_one(ArticleView)
        target = next(s for s in view.analysis.sentences
                      if "11,000" in view.text[s.start:s.end])
        for _ in range(target.index):
            await pilot.press("j")
        await pilot.press("d", "n")
        assert isinstance(app.screen, NoteDialog)
        app.screen.query_one(TextArea).insert("ISW says about 12,000.\nSecond line.")
        await pilot.press("ctrl+s")
        await pilot.press("t")
        assert isinstance(app.screen, TagsDialog)
        await pilot.press(*"troops, numbers", "enter")
        await pilot.press("N")
        app.screen.query_one(TextArea).insert("Spanish outlet, machine translated")
        await pilot.press("ctrl+s")
        panel = str(reader.query_one("#claim-panel", Static).render())
        assert "DISPUTED" in panel and "#troops" in panel and "ISW says about 12,000." in panel
        assert "Spanish outlet" in panel

    # A fresh app on the same database: the claim is back on the same sentence.
    again = make_app(db=db)
    async with again.run_test(size=SIZE) as pilot:
        reader = await open_reader(pilot, again, 2)
        view = reader.query_one(ArticleView)
        assert view.claim_status == {target.index: "disputed"}
        await pilot.press("right_square_bracket")
        assert view.cursor == target.index
        claim = reader.current_claim()
        assert claim.note == "ISW says about 12,000.\nSecond line."
        assert claim.tags == ("troops", "numbers")
    assert Store(db).article_note(reader.article.uri).note == "Spanish outlet, machine translated"


async def test_cancelled_note_changes_nothing(make_app, tmp_path):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_reader(pilot, app, 0)
        await pilot.press("n")
        app.screen.query_one(TextArea).insert("draft")
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)
        assert not (tmp_path / "newsdesk.json").exists() or not stored(tmp_path / "newsdesk.json")


@pytest.mark.slow
async def test_library_shows_counts_and_claims_screen_opens_article_at_claim(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_reader(pilot, app, 3)
        await pilot.press("j", "j", "j", "j", "f", "j", "v")
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)
        row = app.screen.query_one(DataTable).get_row_at(3)
        assert str(row[5]).split() == ["1", "0", "0", "1"]
        await pilot.press("C")
        assert isinstance(app.screen, ClaimsScreen)
        table = app.screen.query_one("#claims", DataTable)
        assert table.row_count == 2
        await wait_for(pilot, lambda: app.screen.sources_ready)
        await pilot.pause()
        # Corroboration: each claim's count of other articles carrying it, computed by the aligner.
        assert all(str(table.get_row_at(i)[-1]).strip().isdigit() for i in range(2))
        await pilot.press("s")  # status filter: verified
        assert table.row_count == 1
        await pilot.press("s", "s", "s")  # … false
        assert table.row_count == 1 and "false" in str(table.get_row_at(0)[0])
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.analysis)
        await pilot.pause()
        assert app.screen.query_one(ArticleView).cursor == 4
        assert reader.article.uri == app.screen.article.uri


@pytest.mark.slow
async def test_edited_article_keeps_tags_and_lists_orphans(make_app, tmp_path):
    source = (tmp_path / "story.txt")
    text = load_file(SEEDS_DIR / "003_6320ab84b7753d6a.txt").articles[0].text
    source.write_text(text, "utf-8")
    db = tmp_path / "newsdesk.json"
    app = make_app([load_file(source).articles[0]], cold=True, db=db)
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_reader(pilot, app, 0)
        view = reader.query_one(ArticleView)
        sentences = view.analysis.sentences
        troops = next(s for s in sentences if "about 12,000" in view.text[s.start:s.end])
        asylum = next(s for s in sentences if "political asylum" in view.text[s.start:s.end])
        for _ in range(asylum.index):
            await pilot.press("j")
        await pilot.press("v")
        for _ in range(troops.index - asylum.index):
            await pilot.press("j")
        await pilot.press("d")
    troops_text = text[troops.start:troops.end]
    asylum_text = text[asylum.start:asylum.end]
    # The outlet edits the story: a new first paragraph, a changed figure, a deleted sentence.
    edited = ("UPDATE: this story has been updated.\n\n" + text) \
        .replace("about 12,000", "about 13,000").replace(asylum_text, "")
    source.write_text(edited, "utf-8")
    again = make_app([load_file(source).articles[0]], cold=True, db=db)
    async with again.run_test(size=SIZE) as pilot:
        reader = await open_reader(pilot, again, 0)
        view = reader.query_one(ArticleView)
        tagged = {view.text[view.analysis.sentences[i].start:view.analysis.sentences[i].end]: s
                  for i, s in view.claim_status.items()}
        assert tagged == {troops_text.replace("12,000", "13,000"): "disputed"}
        panel = str(reader.query_one("#claim-panel", Static).render())
        assert "1 claim(s) no longer found" in panel
        await pilot.press("C")
        orphans = again.screen.query_one("#orphans", DataTable)
        assert orphans.row_count == 1
        assert asylum_text[:40] in str(orphans.get_row_at(0)[1]).replace("…", "")
    orphan = [c for c in Store(db).claims() if not c.anchored]
    assert len(orphan) == 1 and orphan[0].status == "verified"


async def test_command_palette_exports_claims(make_app, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_reader(pilot, app, 1)
        await pilot.press("j", "f")
        await pilot.press("ctrl+p")
        await pilot.press(*"export claims w3c")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportPathDialog))
        await pilot.press("enter")  # the default file name
        await pilot.pause()
    written = list(tmp_path.glob("newsdesk-claims-*.w3c.jsonld"))
    assert len(written) == 1
    data = json.loads(written[0].read_text("utf-8"))
    assert data["type"] == "AnnotationCollection" and data["total"] == 1
    item = data["first"]["items"][0]
    assert {"type": "TextualBody", "value": "false", "purpose": "tagging"}.items() <= \
        next(b for b in item["body"] if b.get("value") == "false").items()
