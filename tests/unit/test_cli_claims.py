"""The claim commands of the command line: tag, note, claims, export, --reset-db.

What they print (the contract: an id or JSON on stdout, one-line messages on
stderr, exit 0 / 1) and what is on disk when they return, read back as plain
JSON from the database file rather than through `Store`. In-process calls reuse
the session's spaCy model; the few real processes find the article's analysis
already in the (shared, per-test) cache, so they never load spaCy either.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import types
import uuid
from pathlib import Path

import pytest

from tui.cli import main, open_store
from tui.core.anchoring import CONTEXT_CHARS
from tui.core.articles import load_file
from tui.core.claims import follow_moved_files
from tui.core.config import load_settings
from tui.core.store import SCHEMA_VERSION, Store, StoreError

from ..store_files import stored_rows
from .conftest import REPO, SEEDS_DIR

VIEW_KEYS = {"id", "uri", "title", "quote", "sentence", "status", "tags", "note", "anchored",
             "changed", "tagged_quote",
             "created", "modified", "sources"}
DAMAGED_JSON = b'{"meta": {"1": {"schema_version": 1}}, "annotations": {"1": {"id": "ab'  # cut short
NOT_UTF8 = b"\x00\x01garbage\xff\xfe"
NOT_A_DB = b"[1, 2, 3]"
REPORT = ("exported", "claims", "article_notes")


# --------------------------------------------------------------------------- helpers


def run(argv, capsys):
    """main(argv) → (exit code, stdout, stderr)."""
    code = main([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    return code, out, err


def one_error_line(err: str) -> str:
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("newsdesk: ")
    return lines[0]


def seed(number: str) -> Path:
    (path,) = SEEDS_DIR.glob(f"{number}_*.txt")
    return path


def records(db: Path) -> list[dict]:
    """The annotation records, read as plain JSON from the file."""
    return stored_rows(db)


def show(path, capsys) -> dict:
    code, out, err = run(["show", path, "--json"], capsys)
    assert (code, err) == (0, ""), err
    return json.loads(out)


def tag(path, capsys, *options) -> str:
    code, out, err = run(["tag", path, *options], capsys)
    assert (code, err) == (0, ""), err
    (line,) = out.splitlines()
    return line


def claims_json(capsys, *options) -> list[dict]:
    code, out, err = run(["claims", "--json", *options], capsys)
    assert (code, err) == (0, ""), err
    return json.loads(out)


def subprocess_env() -> dict[str, str]:
    """This test's environment (its NEWSDESK_DB, cache and config) for a child process."""
    env = dict(os.environ)
    for name in ("FORCE_COLOR", "NEWSDESK_MODEL", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        env.pop(name, None)
    return env


def newsdesk(*argv, timeout=120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tui", *map(str, argv)], capture_output=True,
                          text=True, encoding="utf-8", env=subprocess_env(), cwd=REPO,
                          timeout=timeout)


@pytest.fixture
def db(isolated_newsdesk_env) -> Path:
    return Path(os.environ["NEWSDESK_DB"])


@pytest.fixture
def story(tmp_path) -> Path:
    """A copy of seed 002 (so its uri is this test's own)."""
    path = tmp_path / "story.txt"
    shutil.copyfile(seed("002"), path)
    return path


@pytest.fixture
def analysed(shared_pipeline, story, capsys) -> dict:
    """`show --json` of the story (which also puts its analysis in the cache)."""
    return show(story, capsys)


def sentence(data: dict, index: int) -> dict:
    return data["sentences"][index]


# --------------------------------------------------------------------------- tag


def test_tag_prints_only_the_id_and_the_record_is_already_on_disk(analysed, story, db, capsys):
    code, out, err = run(["tag", story, "--sentence", 1, "--status", "disputed",
                          "--note", "Checked against the\nTelegram post", "--tag", "pow",
                          "--tag", "exchange"], capsys)
    assert (code, err) == (0, "")
    assert out.endswith("\n") and len(out.splitlines()) == 1
    claim_id = out.strip()
    assert uuid.UUID(claim_id).version == 4 and str(uuid.UUID(claim_id)) == claim_id

    (record,) = records(db)
    text, wanted = analysed["text"], sentence(analysed, 1)
    assert record["id"] == claim_id
    assert record["uri"] == analysed["uri"] == story.resolve().as_uri()
    assert record["selector"] == {
        "start": wanted["start"], "end": wanted["end"], "exact": wanted["text"],
        "prefix": text[max(0, wanted["start"] - CONTEXT_CHARS):wanted["start"]],
        "suffix": text[wanted["end"]:wanted["end"] + CONTEXT_CHARS],
    }
    assert record["status"] == "disputed"
    assert record["note"] == "Checked against the\nTelegram post"
    assert record["tags"] == ["pow", "exchange"]
    assert record["anchored"] is True
    assert record["created"] == record["modified"]
    assert record["created"].endswith("Z")


def test_tag_by_quote_takes_the_whole_sentence_or_sentences(analysed, story, db, capsys):
    inside = tag(story, capsys, "--quote", "sent to the front on January 3", "--status", "unverified")
    s2, s3 = sentence(analysed, 2), sentence(analysed, 3)
    across = s2["text"][-12:] + " " + s3["text"][:15]  # the end of one and the start of the next
    assert across in analysed["text"]
    both = tag(story, capsys, "--quote", across, "--status", "false")

    by_id = {r["id"]: r for r in records(db)}
    assert set(by_id) == {inside, both}
    assert by_id[inside]["selector"]["exact"] == sentence(analysed, 9)["text"]
    assert (by_id[both]["selector"]["start"], by_id[both]["selector"]["end"]) == (s2["start"], s3["end"])
    assert by_id[both]["selector"]["exact"] == analysed["text"][s2["start"]:s3["end"]]
    assert by_id[both]["status"] == "false"


def test_tagging_the_same_sentence_again_updates_the_one_record(analysed, story, db, capsys):
    first = tag(story, capsys, "--sentence", 5, "--status", "verified", "--note", "seen the video",
                "--tag", "video")
    assert sentence(analysed, 5)["text"] == "Video of two soldiers"
    again = tag(story, capsys, "--quote", "Video of two", "--status", "false")
    assert again == first
    (record,) = records(db)
    assert (record["status"], record["note"], record["tags"]) == ("false", "seen the video", ["video"])
    assert record["modified"] >= record["created"]

    assert tag(story, capsys, "--sentence", 5, "--status", "disputed", "--tag", "a", "--tag", "b",
               "--note", "") == first
    (record,) = records(db)
    assert (record["status"], record["note"], record["tags"]) == ("disputed", "", ["a", "b"])


def _bad_tag_cases(tmp_path: Path, story: Path):
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02binary\x00data")
    missing = tmp_path / "missing.txt"
    return {
        "sentence out of range": (["tag", story, "--sentence", 999, "--status", "verified"],
                                  [str(story), "no sentence 999"]),
        "negative sentence": (["tag", story, "--sentence", -1, "--status", "verified"],
                              [str(story), "no sentence -1"]),
        "quote not found": (["tag", story, "--quote", "troops landed on the Moon", "--status", "false"],
                            [str(story), "quote not found"]),
        "bad status": (["tag", story, "--sentence", 1, "--status", "bogus"],
                       ["invalid choice: 'bogus'", "(see newsdesk --help)"]),
        "no status": (["tag", story, "--sentence", 1], ["--status"]),
        "sentence and quote": (["tag", story, "--sentence", 1, "--quote", "x", "--status", "false"],
                               ["not allowed with argument"]),
        "missing file": (["tag", missing, "--sentence", 0, "--status", "verified"],
                         [f"{missing}: no such file"]),
        "binary file": (["tag", binary, "--sentence", 0, "--status", "verified"],
                        [str(binary), "binary file"]),
    }


@pytest.mark.parametrize("case", ["sentence out of range", "negative sentence", "quote not found",
                                  "bad status", "no status", "sentence and quote", "missing file",
                                  "binary file"])
def test_tag_errors_are_one_line_exit_1_and_write_nothing(analysed, story, db, tmp_path, capsys, case):
    argv, expected = _bad_tag_cases(tmp_path, story)[case]

    code, out, err = run(argv, capsys)  # no database yet: none is created
    assert (code, out) == (1, "")
    line = one_error_line(err)
    assert all(part in line for part in expected), line
    assert not db.exists()

    tag(story, capsys, "--sentence", 4, "--status", "verified")
    before = db.read_bytes()
    code, out, err = run(argv, capsys)  # an existing database is left exactly as it was
    assert (code, out) == (1, "")
    assert one_error_line(err) == line
    assert db.read_bytes() == before


# --------------------------------------------------------------------------- note


def test_note_sets_then_updates_the_one_article_note(analysed, story, db, capsys):
    claim = tag(story, capsys, "--sentence", 0, "--status", "unverified")
    code, out, err = run(["note", story, "--text", "Outlet relies on the SBU statement."], capsys)
    assert (code, err) == (0, "")
    (note_id,) = out.splitlines()
    assert uuid.UUID(note_id) and note_id != claim

    notes = [r for r in records(db) if r["selector"] is None]
    assert [(r["id"], r["uri"], r["note"]) for r in notes] == [
        (note_id, analysed["uri"], "Outlet relies on the SBU statement.")]

    code, out, err = run(["note", story, "--text", "Second look:\nsee the video."], capsys)
    assert (code, out, err) == (0, f"{note_id}\n", "")
    notes = [r for r in records(db) if r["selector"] is None]
    assert [(r["id"], r["note"]) for r in notes] == [(note_id, "Second look:\nsee the video.")]
    assert len(records(db)) == 2
    assert [c["id"] for c in claims_json(capsys)] == [claim]  # a note is not a claim


def test_note_on_a_missing_file_writes_nothing(db, tmp_path, capsys):
    missing = tmp_path / "gone.txt"
    code, out, err = run(["note", missing, "--text", "x"], capsys)
    assert (code, out) == (1, "")
    assert one_error_line(err) == f"newsdesk: {missing}: no such file"
    assert not db.exists()


# --------------------------------------------------------------------------- claims


def test_claims_json_lists_every_claim_with_the_documented_keys(analysed, story, capsys):
    disputed = tag(story, capsys, "--sentence", 15, "--status", "disputed", "--note", "SBU figure",
                   "--tag", "casualties")
    verified = tag(story, capsys, "--sentence", 5, "--status", "verified")
    run(["note", story, "--text", "article note"], capsys)

    views = claims_json(capsys)
    assert all(set(view) == VIEW_KEYS for view in views)
    assert [v["id"] for v in views] == [verified, disputed]  # in text order
    view = views[1]
    assert view["uri"] == analysed["uri"]
    assert view["title"] == analysed["title"]
    assert view["quote"] == sentence(analysed, 15)["text"]
    assert view["sentence"] == 15
    assert (view["status"], view["tags"], view["note"], view["anchored"]) == (
        "disputed", ["casualties"], "SBU figure", True)
    assert view["created"] and view["modified"]
    assert view["sources"] is None or isinstance(view["sources"], int)

    assert [v["id"] for v in claims_json(capsys, "--status", "verified")] == [verified]
    assert [v["id"] for v in claims_json(capsys, "--status", "disputed")] == [disputed]
    assert claims_json(capsys, "--status", "false") == []


def test_claims_with_an_empty_database(db, capsys):
    assert claims_json(capsys) == []
    code, out, err = run(["claims", "--status", "maybe"], capsys)
    assert (code, out) == (1, "")
    assert "invalid choice: 'maybe'" in one_error_line(err)


def test_claims_table_shows_quote_and_status_without_escape_codes(analysed, story, capsys, monkeypatch):
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    tag(story, capsys, "--sentence", 5, "--status", "verified")
    tag(story, capsys, "--sentence", 10, "--status", "false")
    code, out, err = run(["claims"], capsys)
    assert (code, err) == (0, "")
    assert "\x1b" not in out
    rows = [line for line in out.splitlines() if "Video of two soldiers" in line]
    assert len(rows) == 1 and "verified" in rows[0]
    assert "false" in out and "He also says he wants to stay in Ukraine" in out
    assert analysed["title"][:30] in out


def test_claims_follow_edits_and_keep_orphans(analysed, story, db, capsys):
    edited = tag(story, capsys, "--sentence", 15, "--status", "disputed", "--note", "casualties")
    deleted = tag(story, capsys, "--sentence", 12, "--status", "verified")
    old_15, old_12 = sentence(analysed, 15)["text"], sentence(analysed, 12)["text"]
    modified_before = {r["id"]: r["modified"] for r in records(db)}
    original = story.read_text("utf-8")

    assert old_15.count("4,000") == 1 and original.count(old_12) == 1
    story.write_text("Editor's note: this story was updated on Monday. Figures were revised.\n\n"
                     + original.replace("4,000", "4,500").replace(old_12, ""), "utf-8")
    now = show(story, capsys)
    new_15 = old_15.replace("4,000", "4,500")
    (new_index,) = [s["index"] for s in now["sentences"] if s["text"] == new_15]
    assert new_index != 15

    views = {v["id"]: v for v in claims_json(capsys)}
    assert set(views) == {edited, deleted}
    assert views[edited]["anchored"] is True
    assert views[edited]["quote"] == new_15
    assert views[edited]["sentence"] == new_index
    assert views[edited]["note"] == "casualties"
    assert views[deleted]["anchored"] is False
    assert views[deleted]["quote"] == old_12
    assert views[deleted]["sentence"] is None
    assert views[deleted]["status"] == "verified"

    on_disk = {r["id"]: r for r in records(db)}
    assert set(on_disk) == {edited, deleted}  # the orphan is kept, never deleted
    start = on_disk[edited]["selector"]["start"]
    assert now["text"][start:start + len(new_15)] == new_15
    assert on_disk[deleted]["selector"]["exact"] == old_12 and on_disk[deleted]["anchored"] is False
    assert {i: r["modified"] for i, r in on_disk.items()} == modified_before  # not a user's edit

    code, out, err = run(["claims", "--status", "verified"], capsys)
    assert (code, err) == (0, "")
    assert "orphan" in out

    story.write_text(original, "utf-8")  # the sentence comes back: so does its claim
    views = {v["id"]: v for v in claims_json(capsys)}
    assert views[deleted]["anchored"] is True and views[deleted]["sentence"] == 12
    assert views[edited]["anchored"] is True and views[edited]["quote"] == old_15


@pytest.fixture
def own_text(tmp_path) -> Path:
    """An article whose text is not a bundled seed's (so nothing else can claim its hash)."""
    path = tmp_path / "own.txt"
    path.write_text(seed("004").read_text("utf-8") + "\nA closing line only this copy has.\n", "utf-8")
    return path


def test_claims_of_a_file_moved_elsewhere_stay_listed_under_the_old_uri(shared_pipeline, own_text,
                                                                        db, tmp_path, capsys):
    data = show(own_text, capsys)
    claim = tag(own_text, capsys, "--sentence", 2, "--status", "disputed")
    note = run(["note", own_text, "--text", "about this one"], capsys)[1].strip()
    moved = tmp_path / "archive" / "renamed.txt"
    moved.parent.mkdir()
    own_text.rename(moved)

    # `claims` only knows the bundled seeds and the files the database names, so it
    # cannot find the file's new place: the claim stays listed (never lost) as it was.
    (view,) = claims_json(capsys)
    assert (view["id"], view["uri"], view["title"]) == (claim, data["uri"], data["uri"])
    assert view["quote"] == sentence(data, 2)["text"] and view["sentence"] is None

    # Tagging the file at its new place brings its annotations along instead of
    # starting a second set: the same sentence is the same claim.
    assert tag(moved, capsys, "--sentence", 2, "--status", "false") == claim
    new_uri = moved.resolve().as_uri()
    assert {(r["id"], r["uri"]) for r in records(db)} == {(claim, new_uri), (note, new_uri)}
    (view,) = claims_json(capsys)
    assert (view["uri"], view["sentence"], view["status"], view["anchored"]) == (new_uri, 2, "false", True)


def test_follow_moved_files_moves_claims_orphans_and_the_article_note(shared_pipeline, own_text, db,
                                                                      tmp_path, capsys):
    data = show(own_text, capsys)
    kept = tag(own_text, capsys, "--sentence", 1, "--status", "verified")
    lost = tag(own_text, capsys, "--sentence", 3, "--status", "false")
    note = run(["note", own_text, "--text", "note"], capsys)[1].strip()
    own_text.write_text(data["text"].replace(sentence(data, 3)["text"], ""), "utf-8")
    assert {v["id"]: v["anchored"] for v in claims_json(capsys)} == {kept: True, lost: False}

    moved = tmp_path / "elsewhere" / "own.txt"
    moved.parent.mkdir()
    own_text.rename(moved)
    (article,) = load_file(moved).articles
    store = Store(db)
    assert follow_moved_files(store, [article]) == 3
    assert {r["uri"] for r in records(db)} == {article.uri}
    assert {r["id"] for r in records(db)} == {kept, lost, note}
    views = {v["id"]: v for v in claims_json(capsys)}
    assert views[kept]["uri"] == article.uri and views[kept]["sentence"] == 1
    assert views[lost]["anchored"] is False
    assert follow_moved_files(store, [article]) == 0


def test_claims_of_a_deleted_copy_of_a_seed_follow_the_bundled_seed(analysed, story, db, capsys):
    claim = tag(story, capsys, "--sentence", 9, "--status", "unverified")
    story.unlink()
    (view,) = claims_json(capsys)
    assert view["id"] == claim
    assert view["uri"] == seed("002").resolve().as_uri()  # same text as the bundled seed
    assert (view["anchored"], view["sentence"]) == (True, 9)
    assert [r["uri"] for r in records(db)] == [view["uri"]]


# --------------------------------------------------------------------------- export


@pytest.fixture
def tagged(analysed, story, capsys) -> dict:
    ids = {
        "verified": tag(story, capsys, "--sentence", 5, "--status", "verified", "--tag", "video"),
        "false": tag(story, capsys, "--sentence", 10, "--status", "false", "--note", "He said the opposite."),
    }
    code, out, _ = run(["note", story, "--text", "Compare with the SBU release."], capsys)
    assert code == 0
    ids["note"] = out.strip()
    return ids


def check_export(fmt: str, text: str, analysed: dict, ids: dict) -> None:
    quotes = {key: sentence(analysed, index)["text"] for key, index in (("verified", 5), ("false", 10))}
    if fmt == "markdown":
        assert text.startswith("# Fact-check report")
        for quote in quotes.values():
            assert f"> {quote}" in text
        assert "### False (1)" in text and "### Verified (1)" in text
        assert "Compare with the SBU release." in text and "He said the opposite." in text
        return
    data = json.loads(text)
    if fmt == "json":
        assert set(data) == set(REPORT)
        assert {c["id"]: c["quote"] for c in data["claims"]} == {ids[k]: q for k, q in quotes.items()}
        assert [n["id"] for n in data["article_notes"]] == [ids["note"]]
    elif fmt == "w3c":
        assert data["type"] == "AnnotationCollection" and data["total"] == 3
        items = data["first"]["items"]
        assert {item["id"] for item in items} == {f"urn:uuid:{i}" for i in ids.values()}
        exact = {sel["exact"] for item in items if isinstance(item["target"], dict)
                 for sel in item["target"]["selector"] if sel["type"] == "TextQuoteSelector"}
        assert exact == set(quotes.values())
    else:
        assert {r["claimReviewed"] for r in data} == set(quotes.values())
        assert {r["url"].rsplit("#claim-", 1)[1] for r in data} == {ids["verified"], ids["false"]}
        ratings = {r["claimReviewed"]: r["reviewRating"]["alternateName"] for r in data}
        assert ratings == {quotes["verified"]: "Verified", quotes["false"]: "False"}


@pytest.mark.parametrize("fmt", ["markdown", "json", "w3c", "claimreview"])
def test_export_to_stdout_and_to_a_file(tagged, analysed, tmp_path, capsys, fmt):
    code, out, err = run(["export", "--format", fmt], capsys)
    assert (code, err) == (0, "")
    check_export(fmt, out, analysed, tagged)

    target = tmp_path / "out" / f"report.{fmt}"
    target.parent.mkdir()
    code, out, err = run(["export", "--format", fmt, "-o", target], capsys)
    assert (code, out) == (0, "")
    assert err == f"newsdesk: wrote 3 annotation(s) to {target}\n"
    check_export(fmt, target.read_text("utf-8"), analysed, tagged)
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no temp file left


def test_export_of_nothing_and_bad_format(db, tmp_path, capsys):
    code, out, err = run(["export", "--format", "json"], capsys)
    assert (code, err) == (0, "")
    assert json.loads(out)["claims"] == []
    code, out, err = run(["export", "--format", "pdf"], capsys)
    assert (code, out) == (1, "")
    assert "invalid choice: 'pdf'" in one_error_line(err)
    target = tmp_path / "no" / "such" / "dir" / "out.json"
    code, out, err = run(["export", "--format", "json", "-o", target], capsys)
    assert (code, out) == (1, "")
    assert one_error_line(err) == f"newsdesk: {target}: cannot write (No such file or directory)"
    assert not target.parent.exists()


# --------------------------------------------------------------------------- damaged database


def damaged_commands(story: Path, tmp_path: Path) -> dict[str, list]:
    return {
        "claims": ["claims", "--json"],
        "claims table": ["claims"],
        "tag": ["tag", story, "--sentence", 1, "--status", "false"],
        "note": ["note", story, "--text", "x"],
        "export": ["export", "--format", "markdown"],
        "export to file": ["export", "--format", "json", "-o", tmp_path / "out.json"],
    }


@pytest.mark.parametrize("command", ["claims", "claims table", "tag", "note", "export", "export to file"])
def test_damaged_database_is_refused_and_left_untouched(analysed, story, db, tmp_path, capsys, command):
    db.write_bytes(DAMAGED_JSON)
    before = sorted(p.name for p in db.parent.iterdir())
    code, out, err = run(damaged_commands(story, tmp_path)[command], capsys)
    assert (code, out) == (1, "")
    line = one_error_line(err)
    assert str(db) in line and "damaged" in line and "--reset-db" in line
    assert db.read_bytes() == DAMAGED_JSON
    assert sorted(p.name for p in db.parent.iterdir()) == before  # no backup, no lock left over
    assert not (tmp_path / "out.json").exists()


@pytest.mark.parametrize("garbage", [NOT_UTF8, NOT_A_DB, b'{"annotations": [1, 2]}'],
                         ids=["not-utf8", "not-an-object", "table-not-records"])
def test_other_unreadable_databases_are_refused_and_left_untouched(db, capsys, garbage):
    db.write_bytes(garbage)
    code, out, err = run(["claims", "--json"], capsys)
    assert (code, out) == (1, "")
    line = one_error_line(err)
    assert str(db) in line and "--reset-db" in line
    assert db.read_bytes() == garbage


@pytest.fixture
def fake_app(monkeypatch):
    """Stands in for tui.app so launching the app path never starts a TUI."""
    launched = []

    class FakeApp:
        def __init__(self, articles, **kwargs):
            launched.append(kwargs)
            self.return_code = 0

        def run(self):
            pass

    monkeypatch.setitem(sys.modules, "tui.app", types.SimpleNamespace(NewsdeskApp=FakeApp))
    return launched


def test_app_launch_with_a_damaged_database(db, capsys, fake_app):
    db.write_bytes(DAMAGED_JSON)
    settings = load_settings()
    with pytest.raises(StoreError) as caught:
        open_store(argparse.Namespace(reset_db=False), settings)
    message = str(caught.value)
    assert str(db) in message and "damaged" in message and "--reset-db" in message
    assert "\n" not in message
    assert db.read_bytes() == DAMAGED_JSON

    code, out, err = run([seed("004")], capsys)
    assert (code, out, fake_app) == (1, "", [])
    assert one_error_line(err) == f"newsdesk: {message}"
    assert db.read_bytes() == DAMAGED_JSON

    code, out, err = run(["--reset-db", seed("004")], capsys)
    assert code == 0 and len(fake_app) == 1
    store = fake_app[0]["store"]
    assert store.path == db
    (backup,) = db.parent.glob(f"{db.name}.damaged-*")
    assert backup.read_bytes() == DAMAGED_JSON
    assert err == f"newsdesk: moved the damaged database aside to {backup}; starting a fresh one\n"
    assert store.annotations() == []


def test_open_store_with_reset_db_moves_the_file_aside(db, capsys):
    db.write_bytes(NOT_UTF8)
    store = open_store(argparse.Namespace(reset_db=True), load_settings())
    (backup,) = db.parent.glob(f"{db.name}.damaged-*")
    assert backup.read_bytes() == NOT_UTF8
    assert str(backup) in one_error_line(capsys.readouterr().err)
    assert store.set_article_note("file:///x.txt", "works").note == "works"
    assert [r["note"] for r in records(db)] == ["works"]


@pytest.mark.parametrize("command", ["claims", "tag", "note", "export to file"])
@pytest.mark.parametrize("where", ["before", "after"])
def test_reset_db_moves_the_damaged_file_aside_and_carries_on(analysed, story, db, tmp_path, capsys,
                                                              command, where):
    db.write_bytes(DAMAGED_JSON)
    argv = damaged_commands(story, tmp_path)[command]
    argv = ["--reset-db", *argv] if where == "before" else [*argv, "--reset-db"]
    code, out, err = run(argv, capsys)
    assert code == 0, err
    (backup,) = db.parent.glob(f"{db.name}.damaged-*")
    assert backup.read_bytes() == DAMAGED_JSON
    assert err.splitlines()[0] == (
        f"newsdesk: moved the damaged database aside to {backup}; starting a fresh one")

    fresh = json.loads(db.read_text("utf-8"))
    assert fresh["meta"] == {"1": {"schema_version": SCHEMA_VERSION}}
    if command in ("tag", "note"):
        assert [r["id"] for r in records(db)] == [out.strip()]
    assert [v["id"] for v in claims_json(capsys)] == ([out.strip()] if command == "tag" else [])
    added = tag(story, capsys, "--sentence", 3, "--status", "verified", "--reset-db")
    assert added in {r["id"] for r in records(db)}  # the new database works
    assert len(list(db.parent.glob(f"{db.name}.damaged-*"))) == 1  # a healthy file is not moved


# --------------------------------------------------------------------------- real processes


def test_tag_in_a_real_process_is_on_disk_when_its_id_is_printed(analysed, story, db):
    done = newsdesk("tag", story, "--sentence", 6, "--status", "unverified", "--tag", "video")
    assert (done.returncode, done.stderr) == (0, "")
    (claim_id,) = done.stdout.splitlines()
    by_id = {r["id"]: r for r in records(db)}  # read at once, as plain JSON
    assert by_id[claim_id]["selector"]["exact"] == sentence(analysed, 6)["text"]
    assert by_id[claim_id]["tags"] == ["video"]

    done = newsdesk("claims")  # a pipe is not a terminal: no escape codes
    assert (done.returncode, done.stderr) == (0, "")
    assert "\x1b" not in done.stdout and "unverified" in done.stdout


@pytest.mark.process
def test_concurrent_processes_each_keep_their_claim(analysed, story, db):
    sentences = (1, 4, 8, 11)
    procs = [subprocess.Popen([sys.executable, "-m", "tui", "tag", str(story), "--sentence", str(n),
                               "--status", "disputed"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, env=subprocess_env(), cwd=REPO) for n in sentences]
    results = [proc.communicate(timeout=120) for proc in procs]
    assert [proc.returncode for proc in procs] == [0] * len(procs), results
    ids = [out.strip() for out, _ in results]
    by_id = {r["id"]: r for r in records(db)}
    assert set(by_id) == set(ids)
    assert [by_id[i]["selector"]["exact"] for i in ids] == [sentence(analysed, n)["text"] for n in sentences]


def test_process_errors_exit_1_with_one_line(analysed, story, db):
    done = newsdesk("tag", story, "--sentence", 1, "--status", "bogus")
    assert (done.returncode, done.stdout) == (1, "")  # not argparse's 2
    assert "invalid choice: 'bogus'" in one_error_line(done.stderr)

    db.write_bytes(DAMAGED_JSON)
    done = newsdesk("tag", story, "--sentence", 1, "--status", "false")
    assert (done.returncode, done.stdout) == (1, "")
    line = one_error_line(done.stderr)
    assert str(db) in line and "damaged" in line and "--reset-db" in line
    assert db.read_bytes() == DAMAGED_JSON
