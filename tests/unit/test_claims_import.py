"""`newsdesk claims import FILE`: restoring a backup, and annotations made elsewhere.

Real files in tmp_path, a copy of a bundled seed as the article, the real
command line (`main([...])`). Claims are written through `Store` on the test's
database (as `tag` writes them) and exported with `newsdesk export`, so what is
imported is what newsdesk writes; hand-written W3C and Hypothesis files stand
for other tools. Databases are compared through `Store.annotations()` records.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from tui.cli import main
from tui.core import claims_import
from tui.core.anchoring import make_selector
from tui.core.articles import Article, load_file
from tui.core.store import STATUSES, Annotation, Store

from ..store_files import stored_tables
from .conftest import SEEDS_DIR

QUOTES = {
    "video": "Video of two soldiers",
    "stay": "He also says he wants to stay in Ukraine when asked if he would like to return to "
            "his country.",
    "casualties": "Zelensky has estimated North Korean casualties at 4,000 in the Russian region of "
                  "Kursk, where according to kyiv’s security services 11,000 North Korean troops "
                  "have been deployed to support Russian troops.",
    "survived": "The soldier had survived and was found by Ukrainian special forces while they "
                "were clearing the area of enemy troops.",
    "verified": "International media have not yet verified Ukraine’s version of the prisoners and "
                "their capture.",
}
EDITED_CASUALTIES = QUOTES["casualties"].replace("4,000", "4,500")
WEB_URI = "https://example.org/news/elsewhere"
WEB_TEXT = "Officials said 12,000 troops were deployed."
ESCAPE = "\x1b]0;pwned\x07"
FIFO_GRACE_SECONDS = 5


# --------------------------------------------------------------------------- helpers


def run(argv, capsys):
    """main(argv) → (exit code, stdout, stderr)."""
    code = main([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    return code, out, err


def import_file(path, db, capsys):
    return run(["--db", db, "claims", "import", path], capsys)


def one_error_line(err: str) -> str:
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    return lines[0]


def article(path: Path) -> Article:
    (found,) = load_file(path).articles
    return found


def tag(store: Store, art: Article, key: str, **kwargs) -> str:
    start = art.text.index(QUOTES[key])
    selector = make_selector(art.text, start, start + len(QUOTES[key]))
    return store.tag_claim(art.uri, selector, text_hash=art.text_hash, **kwargs).id


def annotations(db: Path) -> dict[str, Annotation]:
    assert db.exists()  # opening a Store would create it
    return {a.id: a for a in Store(db).annotations()}


def records(db: Path) -> dict[str, dict]:
    return {ident: a.to_record() for ident, a in annotations(db).items()}


def export(fmt: str, folder: Path, capsys) -> Path:
    target = folder / f"backup-{fmt}.json"
    code, out, err = run(["export", "--format", fmt, "-o", target], capsys)
    assert (code, out) == (0, ""), err
    return target


def edit(story: Path) -> None:
    """A revised article: a new first line, a figure changed, a sentence removed."""
    text = story.read_text("utf-8")
    assert text.count("4,000") == 1 and text.count(QUOTES["survived"]) == 1
    story.write_text("Editor's note: this story was updated on Monday.\n\n"
                     + text.replace("4,000", "4,500").replace(QUOTES["survived"], ""), "utf-8")


@pytest.fixture
def db(isolated_newsdesk_env) -> Path:
    return Path(os.environ["NEWSDESK_DB"])


@pytest.fixture
def restored(tmp_path) -> Path:
    """A second, empty database to restore into."""
    return tmp_path / "restored" / "newsdesk.json"


@pytest.fixture
def story(tmp_path) -> Path:
    """A copy of seed 002 (so its uri is this test's own)."""
    (seed,) = SEEDS_DIR.glob("002_*.txt")
    path = tmp_path / "story.txt"
    shutil.copyfile(seed, path)
    return path


@pytest.fixture
def library(story, db, tmp_path) -> dict[str, str]:
    """Claims of every kind, an article note, claims on a web page and a vanished file."""
    store = Store(db)
    art = article(story)
    ids = {
        "video": tag(store, art, "video", status="verified", tags=["video", "pow"],
                     note="Seen the\nfootage."),
        "stay": tag(store, art, "stay", status="false", note="He said the opposite."),
        "casualties": tag(store, art, "casualties", status="disputed", tags=["figures"]),
        "survived": tag(store, art, "survived", status="unverified"),
        "verified": tag(store, art, "verified", note="Only a note, no status"),
    }
    assert store.update(ids["stay"], status="disputed").rev == 2
    ids["note"] = store.set_article_note(art.uri, "Machine-translated.", art.text_hash).id
    ids["web"] = store.tag_claim(WEB_URI, make_selector(WEB_TEXT, 0, len(WEB_TEXT)),
                                 status="verified").id
    gone = (tmp_path / "gone.txt").as_uri()
    ids["gone"] = store.tag_claim(gone, make_selector(WEB_TEXT, 15, 21), status="false").id
    return ids


# --------------------------------------------------------------------------- round trips


def test_json_backup_restores_every_record_exactly(shared_pipeline, library, story, db, restored,
                                                   tmp_path, capsys):
    edit(story)
    backup = export("json", tmp_path, capsys)
    source = records(db)  # as exported: re-anchored to the edited text
    assert source[library["casualties"]]["selector"]["exact"] == EDITED_CASUALTIES
    assert annotations(db)[library["casualties"]].changed
    assert source[library["survived"]]["anchored"] is False

    code, out, err = import_file(backup, restored, capsys)
    assert (code, out) == (0, "")
    assert records(restored) == source

    claims = [c["id"] for c in json.loads(backup.read_text("utf-8"))["claims"]]
    orphan = claims.index(library["survived"])
    assert err.splitlines() == [
        f'newsdesk: {backup}: claims[{orphan}] "The soldier had survived and was found by '
        f'Ukrainian…": not found in {article(story).uri}; kept as an orphan',
        f"newsdesk: {backup}: 1 claim(s) on {(tmp_path / 'gone.txt').as_uri()} not checked "
        "(article not on disk); imported as given",
        f"newsdesk: {backup}: 1 claim(s) on {WEB_URI} not checked (not a file on this computer); "
        "imported as given",
        f"newsdesk: imported 7 claim(s) and 1 article note(s) from {backup}; 1 did not anchor "
        "(kept as orphans); 2 not checked against an article",
    ]


W3C_FIELDS = ("id", "uri", "status", "tags", "note", "created", "modified", "tagged_quote",
              "anchored", "changed")


def test_w3c_export_restores_status_tags_note_quote_times_and_ids(shared_pipeline, library, story,
                                                                  db, restored, tmp_path, capsys):
    edit(story)
    backup = export("w3c", tmp_path, capsys)
    source = annotations(db)
    code, out, err = import_file(backup, restored, capsys)
    assert (code, out) == (0, ""), err
    target = annotations(restored)
    assert set(target) == set(source)
    for ident, before in source.items():
        after = target[ident]
        assert [getattr(after, f) for f in W3C_FIELDS] == [getattr(before, f) for f in W3C_FIELDS]
        if before.is_claim:
            assert after.selector.exact == before.selector.exact
    assert err.splitlines()[-1] == (
        f"newsdesk: imported 7 claim(s) and 1 article note(s) from {backup}; 1 did not anchor "
        "(kept as orphans); 2 not checked against an article")


def test_w3c_changed_claim_exports_its_original_quote_and_is_changed_again(
        shared_pipeline, library, story, db, restored, tmp_path, capsys):
    edit(story)
    backup = export("w3c", tmp_path, capsys)
    before = annotations(db)[library["casualties"]]
    assert before.changed and before.tagged_quote == QUOTES["casualties"]
    (item,) = [i for i in json.loads(backup.read_text("utf-8"))["first"]["items"]
               if i["id"] == f"urn:uuid:{before.id}"]
    (quote,) = item["target"]["selector"]  # no position: it would select the current words
    assert (quote["type"], quote["exact"]) == ("TextQuoteSelector", QUOTES["casualties"])

    assert import_file(backup, restored, capsys)[0] == 0
    after = annotations(restored)[before.id]
    assert after.tagged_quote == QUOTES["casualties"]
    assert after.selector == before.selector  # found again, fuzzily, on the current words
    assert after.selector.exact == EDITED_CASUALTIES and after.changed and after.anchored
    assert after.text_hash == article(story).text_hash


@pytest.mark.parametrize("shape", ["list", "page", "single"])
def test_w3c_lists_pages_and_single_annotations(shared_pipeline, library, db, restored, tmp_path,
                                                capsys, shape):
    collection = json.loads(export("w3c", tmp_path, capsys).read_text("utf-8"))
    items = collection["first"]["items"]
    document = {"list": items, "page": {**collection["first"], "@context": collection["@context"]},
                "single": items[0]}[shape]
    path = tmp_path / f"{shape}.jsonld"
    path.write_text(json.dumps(document), "utf-8")
    code, _, err = import_file(path, restored, capsys)
    assert code == 0, err
    chosen = [items[0]] if shape == "single" else items
    wanted = [item["id"].removeprefix("urn:uuid:") for item in chosen]
    assert sorted(annotations(restored)) == sorted(wanted)


# --------------------------------------------------------------------------- Hypothesis


def hypothesis_rows(art: Article) -> list[dict]:
    """Annotations as the Hypothesis API returns them: a claim, a page note and a reply."""
    quote = QUOTES["stay"]
    start = art.text.index(quote)
    end = start + len(quote)
    common = {"user": "acct:ana@hypothes.is", "group": "__world__", "uri": art.uri,
              "permissions": {"read": ["group:__world__"]}, "document": {"title": ["Story"]},
              "links": {"html": "https://hypothes.is/a/x"}}
    return [
        {**common, "id": "Qx3vT2hYEe-9aVt1bF6xXw", "created": "2025-01-14T09:12:03.123456+00:00",
         "updated": "2025-01-15T10:00:00.000000+00:00", "text": "He said the opposite on TV.",
         "tags": ["false", "interview"],
         "target": [{"source": art.uri, "selector": [
             {"type": "RangeSelector", "startContainer": "/main[1]/p[7]", "startOffset": 0,
              "endContainer": "/main[1]/p[7]", "endOffset": len(quote)},
             # Offsets in the browser's page, not in the text newsdesk loads: the quote decides.
             {"type": "TextPositionSelector", "start": start + 41, "end": end + 41},
             {"type": "TextQuoteSelector", "exact": quote, "prefix": art.text[start - 32:start],
              "suffix": art.text[end:end + 32]},
         ]}]},
        {**common, "id": "PageNote01", "created": "2025-01-14T09:00:00+00:00",
         "updated": "2025-01-14T09:00:00+00:00", "text": "Compare with the Yonhap version.",
         "tags": [], "target": [{"source": art.uri}]},
        {**common, "id": "Reply01", "created": "2025-01-16T08:00:00+00:00",
         "updated": "2025-01-16T08:00:00+00:00", "text": "Agreed.", "tags": [],
         "references": ["Qx3vT2hYEe-9aVt1bF6xXw"], "target": [{"source": art.uri}]},
    ]


@pytest.mark.parametrize("shape", ["search results", "list"])
def test_hypothesis_annotations_attach_by_quote(story, db, tmp_path, capsys, shape):
    art = article(story)
    rows = hypothesis_rows(art)
    path = tmp_path / "hypothesis.json"
    document = {"total": len(rows), "rows": rows} if shape == "search results" else rows
    path.write_text(json.dumps(document, ensure_ascii=False), "utf-8")

    code, out, err = import_file(path, db, capsys)
    assert (code, out) == (0, "")
    label = "rows[2]" if shape == "search results" else "[2]"
    assert err.splitlines() == [
        f'newsdesk: {path}: {label} "Agreed.": a reply to another annotation, not a claim; '
        "not imported",
        f"newsdesk: imported 1 claim(s) and 1 article note(s) from {path}; 1 not imported",
    ]
    found = annotations(db)
    claim, note = found["Qx3vT2hYEe-9aVt1bF6xXw"], found["PageNote01"]
    start = art.text.index(QUOTES["stay"])
    assert (claim.selector.start, claim.selector.exact) == (start, QUOTES["stay"])
    assert (claim.uri, claim.anchored, claim.text_hash) == (art.uri, True, art.text_hash)
    assert (claim.status, claim.tags, claim.note) == ("false", ("interview",),
                                                       "He said the opposite on TV.")
    assert (claim.created, claim.modified) == ("2025-01-14T09:12:03.123456+00:00",
                                               "2025-01-15T10:00:00.000000+00:00")
    assert claim.tagged_quote == QUOTES["stay"] and not claim.changed
    assert (note.is_claim, note.uri) == (False, art.uri)
    assert note.note == "Compare with the Yonhap version."


# --------------------------------------------------------------------------- a changed article


@pytest.fixture
def backup_then_edit(shared_pipeline, library, story, tmp_path, capsys) -> Path:
    """A JSON backup made before the article was revised."""
    backup = export("json", tmp_path, capsys)
    edit(story)
    return backup


def test_edited_words_attach_fuzzily_to_the_current_text(backup_then_edit, library, story, db,
                                                         restored, capsys):
    before = annotations(db)[library["casualties"]]
    assert import_file(backup_then_edit, restored, capsys)[0] == 0
    after = annotations(restored)[library["casualties"]]
    text = article(story).text
    assert after.anchored and after.selector.exact == EDITED_CASUALTIES
    assert after.selector.start == text.index(EDITED_CASUALTIES) != before.selector.start
    assert after.tagged_quote == QUOTES["casualties"] and after.changed  # the words it was given to
    assert after.text_hash == article(story).text_hash != before.text_hash
    assert (after.status, after.tags, after.rev) == (before.status, before.tags, before.rev)


def test_a_vanished_quote_is_kept_as_an_orphan_and_reported(backup_then_edit, library, story,
                                                            restored, capsys):
    code, out, err = import_file(backup_then_edit, restored, capsys)
    assert (code, out) == (0, "")
    orphan = annotations(restored)[library["survived"]]  # kept, never dropped
    assert not orphan.anchored and orphan.selector.exact == QUOTES["survived"]
    assert orphan.status == "unverified"
    (line,) = [line for line in err.splitlines() if "orphan" in line and "claims[" in line]
    assert '"The soldier had survived and was found by Ukrainian…"' in line
    assert line.endswith(f"not found in {article(story).uri}; kept as an orphan")
    assert "; 1 did not anchor (kept as orphans)" in err.splitlines()[-1]


# --------------------------------------------------------------------------- duplicates


def test_records_already_in_the_database_are_skipped_and_counted(shared_pipeline, library, db,
                                                                 restored, tmp_path, capsys):
    backup = export("json", tmp_path, capsys)
    assert import_file(backup, restored, capsys)[0] == 0
    first = stored_tables(restored)
    code, out, err = import_file(backup, restored, capsys)
    assert (code, out) == (0, "")
    assert err == (f"newsdesk: imported 0 claim(s) and 0 article note(s) from {backup}; "
                   "8 already in the database\n")
    assert stored_tables(restored) == first
    code, _, err = import_file(backup, db, capsys)  # into the database it came from
    assert code == 0 and "; 8 already in the database" in err


def test_a_repeated_id_and_a_second_article_note_are_reported(shared_pipeline, library, story,
                                                              restored, tmp_path, capsys):
    backup = export("json", tmp_path, capsys)
    document = json.loads(backup.read_text("utf-8"))
    document["claims"].append({**document["claims"][0], "note": "a second copy"})
    backup.write_text(json.dumps(document), "utf-8")
    other = Store(restored).set_article_note(article(story).uri, "Already noted here.")

    code, out, err = import_file(backup, restored, capsys)
    assert (code, out) == (0, "")
    last = len(document["claims"]) - 1
    quote = document["claims"][0]["quote"][:20]
    assert err.splitlines() == [
        f'newsdesk: {backup}: claims[{last}] "{quote}": same id as claims[0]; not imported',
        f'newsdesk: {backup}: article_notes[0] "Machine-translated.": {article(story).uri} '
        f"already has an article note ({other.id}); not imported",
        f"newsdesk: {backup}: 1 claim(s) on {(tmp_path / 'gone.txt').as_uri()} not checked "
        "(article not on disk); imported as given",
        f"newsdesk: {backup}: 1 claim(s) on {WEB_URI} not checked (not a file on this computer); "
        "imported as given",
        f"newsdesk: imported 7 claim(s) and 0 article note(s) from {backup}; "
        "2 not checked against an article; 2 not imported",
    ]
    found = annotations(restored)
    assert found[document["claims"][0]["id"]].note == document["claims"][0]["note"]
    assert [a.note for a in found.values() if not a.is_claim] == ["Already noted here."]


# --------------------------------------------------------------------------- unreadable files


def unblock_later(fifo: Path) -> None:
    """If the import ever opens the FIFO, give it a writer so the test fails instead of hanging."""
    def poke() -> None:
        time.sleep(FIFO_GRACE_SECONDS)
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:
            return  # nobody is reading it
        os.close(fd)

    threading.Thread(target=poke, daemon=True).start()


BAD_FILES = {
    "not json": (b"claims:\n  - one\n", "not JSON (line 1, column 1: Expecting value)"),
    "cut short": (b'{"exported": "2026-01-01T00:00:00Z", "claims": [',
                  "not JSON (line 1, column 49: Expecting value)"),
    "empty": (b"", "not JSON (line 1, column 1: Expecting value)"),
    "not utf-8": (b'{"claims": ["\xff\xfe"]}', "not UTF-8 text (byte 13), so not an export"),
    "nested too deeply": (b"[" * 100_000, "not usable JSON (nested too deeply)"),
    "an object of something else": (b'{"hello": "world"}', claims_import.UNKNOWN_SHAPE),
    "a list of numbers": (b"[1, 2, 3]", claims_import.UNKNOWN_SHAPE),
    "a string": (b'"claims"', claims_import.UNKNOWN_SHAPE),
    "claims not a list": (b'{"claims": "all of them"}', "claims is not a list"),
    "notes not a list": (b'{"claims": [], "article_notes": {}}', "article_notes is not a list"),
    "pages elsewhere": (b'{"type": "AnnotationCollection", "first": "https://example.org/p1"}',
                        "the collection's pages are not in the file"),
}


def make_bad_file(case: str, tmp_path: Path, monkeypatch) -> tuple[Path, str]:
    path = tmp_path / "incoming" / "claims.json"
    path.parent.mkdir()
    if case == "missing":
        return path, "no such file"
    if case == "directory":
        path.mkdir()
        return path, "is a directory"
    if case == "fifo":
        os.mkfifo(path)
        unblock_later(path)
        return path, "not a regular file"
    if case == "too large":
        monkeypatch.setattr(claims_import, "MAX_IMPORT_BYTES", 100)
        path.write_text(json.dumps({"claims": [], "padding": "x" * 100}), "utf-8")
        return path, f"too large ({path.stat().st_size} bytes; the limit is 100)"
    if case == "no permission":
        path.write_text('{"claims": []}', "utf-8")
        path.chmod(0)
        return path, "cannot read (Permission denied)"
    data, reason = BAD_FILES[case]
    path.write_bytes(data)
    return path, reason


@pytest.mark.parametrize("existing", [False, True], ids=["no database", "a database"])
@pytest.mark.parametrize("case", [*BAD_FILES, "missing", "directory", "fifo", "too large",
                                  "no permission"])
def test_a_file_that_cannot_be_read_is_one_line_exit_1_and_nothing_written(
        story, db, tmp_path, capsys, monkeypatch, case, existing):
    if case == "no permission" and os.geteuid() == 0:
        pytest.skip("root reads every file")
    path, reason = make_bad_file(case, tmp_path, monkeypatch)
    if existing:
        Store(db).set_article_note(article(story).uri, "kept as it is")
        before = db.read_bytes()
    folder = sorted(p.name for p in db.parent.iterdir()) if db.parent.exists() else None

    code, out, err = run(["claims", "import", path], capsys)
    assert (code, out) == (1, "")
    assert one_error_line(err) == f"newsdesk: {path}: {reason}"
    if existing:
        assert db.read_bytes() == before
    else:
        assert not db.exists()
    assert (sorted(p.name for p in db.parent.iterdir()) if db.parent.exists() else None) == folder


# --------------------------------------------------------------------------- bad records


@pytest.fixture
def good_backup(shared_pipeline, library, tmp_path, capsys) -> dict:
    return json.loads(export("json", tmp_path, capsys).read_text("utf-8"))


def write_json(path: Path, document) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=False), "utf-8")
    return path


def test_a_bogus_status_is_rejected_and_reported_while_the_rest_import(good_backup, restored,
                                                                       tmp_path, capsys):
    good_backup["claims"][1]["status"] = "mostly true"
    path = write_json(tmp_path / "edited.json", good_backup)
    code, out, err = import_file(path, restored, capsys)
    assert (code, out) == (0, "")
    quote = claims_import._named("claims[1]", good_backup["claims"][1]["quote"])
    wanted = f"newsdesk: {path}: {quote}: unknown status 'mostly true'; not imported"
    assert wanted in err.splitlines()
    assert err.splitlines()[-1].endswith("; 1 not imported")
    found = annotations(restored)
    assert good_backup["claims"][1]["id"] not in found
    assert {c["id"] for c in good_backup["claims"][2:]} <= set(found)
    assert {a.status for a in found.values()} <= {None, *STATUSES}


BAD_CLAIMS = {
    "not an object": (lambda c: 42, "not an object"),
    "no selector": (lambda c: {**c, "selector": None}, "a claim needs a selector (its quote)"),
    "empty quote": (lambda c: {**c, "selector": {**c["selector"], "exact": ""}},
                    "selector has no quote"),
    "offsets out of order": (lambda c: {**c, "selector": {**c["selector"], "start": 9, "end": 3}},
                             "selector start/end are out of order"),
    "tags not a list": (lambda c: {**c, "tags": "video"}, "tags is not a list of strings"),
    "note not a string": (lambda c: {**c, "note": ["a"]}, "note is not a string"),
    "anchored not a bool": (lambda c: {**c, "anchored": "yes"}, "anchored is not true or false"),
    "created not a time": (lambda c: {**c, "created": "last Tuesday"},
                           "created is not an ISO 8601 timestamp"),
    "negative rev": (lambda c: {**c, "rev": -1}, "rev is negative"),
    "no id": (lambda c: {k: v for k, v in c.items() if k != "id"}, "id is missing or not a string"),
    "no uri": (lambda c: {**c, "uri": 7}, "uri is missing or not a string"),
}


@pytest.mark.parametrize("case", BAD_CLAIMS)
def test_every_claim_of_a_json_file_is_validated(good_backup, restored, tmp_path, capsys, case):
    spoil, reason = BAD_CLAIMS[case]
    bad = good_backup["claims"][0]
    good_backup["claims"][0] = spoil(bad)
    path = write_json(tmp_path / "edited.json", good_backup)
    code, out, err = import_file(path, restored, capsys)
    assert (code, out) == (0, "")
    (line,) = [line for line in err.splitlines() if "claims[0]" in line]
    assert line.startswith(f"newsdesk: {path}: claims[0]")
    assert line.endswith(f": {reason}; not imported")
    found = annotations(restored)
    assert {c["id"] for c in good_backup["claims"][1:]} <= set(found)
    if case != "not an object":
        assert bad["id"] not in found


def w3c(source: str, **fields) -> dict:
    quote = {"type": "TextQuoteSelector", "exact": QUOTES["video"]}
    return {"@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation",
            "id": "urn:uuid:0b7c5d1e-0000-4000-8000-000000000001",
            "target": {"source": source, "selector": [quote]}, **fields}


BAD_ANNOTATIONS = {
    "a reference": (lambda a: "urn:uuid:0b7c5d1e-0000-4000-8000-000000000009",
                    "not an annotation object (given by reference?)"),
    "no target": (lambda a: {k: v for k, v in a.items() if k != "target"},
                  "no target (which article it is about)"),
    "position only": (lambda a: {**a, "target": {"source": a["target"]["source"], "selector": [
        {"type": "TextPositionSelector", "start": 0, "end": 5}]}},
        "no TextQuoteSelector: claims are attached by their quote"),
    "nothing at all": (lambda a: {**a, "target": a["target"]["source"]},
                       "nothing to import: no quote and no note"),
    "body without text": (lambda a: {**a, "body": [{"type": "TextualBody", "value": 3}]},
                          "a body has no text value"),
    "id not a string": (lambda a: {**a, "id": 12}, "id is not a string"),
    "bad position": (lambda a: {**a, "target": {"source": a["target"]["source"], "selector": [
        *a["target"]["selector"], {"type": "TextPositionSelector", "start": -4, "end": 2}]}},
        "selector start/end are out of order"),
}


@pytest.mark.parametrize("case", BAD_ANNOTATIONS)
def test_every_web_annotation_is_validated(story, db, tmp_path, capsys, case):
    spoil, reason = BAD_ANNOTATIONS[case]
    uri = article(story).uri
    good = w3c(uri, id="urn:uuid:0b7c5d1e-0000-4000-8000-000000000002",
               body=[{"type": "TextualBody", "value": "false", "purpose": "tagging"}])
    path = write_json(tmp_path / "annotations.jsonld", [spoil(w3c(uri)), good])
    code, out, err = import_file(path, db, capsys)
    assert (code, out) == (0, "")
    assert err.splitlines()[0].startswith(f"newsdesk: {path}: [0]")
    assert err.splitlines()[0].endswith(f": {reason}; not imported")
    (claim,) = annotations(db).values()
    assert (claim.id, claim.status, claim.selector.exact) == (
        "0b7c5d1e-0000-4000-8000-000000000002", "false", QUOTES["video"])


def test_a_file_whose_every_record_is_rejected_exits_1_and_writes_nothing(db, tmp_path, capsys):
    path = write_json(tmp_path / "bad.json", {"claims": [{"id": "x"}, 7], "article_notes": []})
    code, out, err = import_file(path, db, capsys)
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f'newsdesk: {path}: claims[0]: a claim needs a selector (its quote); not imported',
        f"newsdesk: {path}: claims[1]: not an object; not imported",
        f"newsdesk: imported 0 claim(s) and 0 article note(s) from {path}; 2 not imported",
    ]
    assert not db.exists()
    empty = write_json(tmp_path / "empty.json", {"claims": [], "article_notes": []})
    assert import_file(empty, db, capsys)[:2] == (0, "")  # nothing to import is not an error
    assert not db.exists()


def test_an_article_that_cannot_be_loaded_leaves_its_claims_unchecked(db, tmp_path, capsys):
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01binary\x00")
    path = write_json(tmp_path / "one.jsonld", w3c(binary.as_uri()))
    code, _, err = import_file(path, db, capsys)
    assert code == 0
    assert err.splitlines()[0] == (
        f"newsdesk: {path}: 1 claim(s) on {binary.as_uri()} not checked (article unreadable: "
        "binary file (contains NUL bytes), not an article); imported as given")
    (claim,) = annotations(db).values()
    assert (claim.anchored, claim.text_hash, claim.rev) == (False, "", claims_import.IMPORTED_REV)


# --------------------------------------------------------------------------- hostile text


def test_escape_sequences_in_a_file_never_reach_the_terminal_or_the_database(shared_pipeline, story,
                                                                             db, tmp_path, capsys):
    art = article(story)
    start = art.text.index(QUOTES["video"])
    selector = make_selector(art.text, start, start + len(QUOTES["video"])).to_dict()
    document = {"claims": [
        {"id": "c1", "uri": art.uri, "selector": selector, "status": "verified",
         "note": f"Checked.{ESCAPE} Done.", "tags": [f"ta{ESCAPE}g"]},
        {"id": "c2", "uri": art.uri, "status": f"\x1b[31mbogus{ESCAPE}",
         "selector": {**selector, "exact": f"{ESCAPE}Video of two"}},
        {"id": "c3", "uri": art.uri, "status": "false",
         "selector": {**selector, "exact": f"Gone {ESCAPE}words nowhere in the text at all"}},
    ], "article_notes": [{"id": "n1", "uri": art.uri, "note": f"Note {ESCAPE}here"},
                         {"id": "n2", "uri": art.uri, "note": f"{ESCAPE}Second note",
                          "created": "soon"}]}
    path = write_json(tmp_path / "hostile.json", document)

    code, out, err = import_file(path, db, capsys)
    assert code == 0
    assert out == ""
    assert "\x1b" not in err and "\x07" not in err
    assert any('"Video of two": unknown status' in line for line in err.splitlines())
    assert '"Gone words nowhere in the text at all": not found' in err
    assert f'{path}: article_notes[1] "Second note": created is not an ISO 8601 timestamp' in err
    on_disk = db.read_text("utf-8")
    assert "\x1b" not in on_disk and "\\u001b" not in on_disk and "\x07" not in on_disk
    found = annotations(db)
    assert (found["c1"].note, found["c1"].tags, found["n1"].note) == ("Checked. Done.", ("tag",),
                                                                       "Note here")
    code, out, err = run(["export", "--format", "json"], capsys)
    assert code == 0 and "\x1b" not in out + err and "\\u001b" not in out


# --------------------------------------------------------------------------- the command line


def test_claims_without_import_lists_claims_as_before(shared_pipeline, library, story, capsys,
                                                      monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    code, out, err = run(["claims", "--json", "--status", "disputed"], capsys)
    assert (code, err) == (0, "")
    assert sorted(view["id"] for view in json.loads(out)) == sorted(
        [library["stay"], library["casualties"]])
    code, out, err = run(["claims"], capsys)
    assert (code, err) == (0, "") and "Video of two soldiers" in out


@pytest.mark.parametrize("argv, message", [
    (["claims", "import"], "claims import needs the FILE to import"),
    (["claims", "import", "x.json", "--json"], "claims import takes no --status or --json"),
    (["claims", "import", "x.json", "--status", "false"],
     "claims import takes no --status or --json"),
    (["claims", "x.json"], "argument action: invalid choice: 'x.json'"),
])
def test_claims_import_usage_errors(db, capsys, argv, message):
    code, out, err = run(argv, capsys)
    assert (code, out) == (1, "")
    assert message in one_error_line(err)
    assert not db.exists()


def test_import_honours_db_given_after_the_command(story, db, restored, tmp_path, capsys):
    path = write_json(tmp_path / "one.jsonld", w3c(article(story).uri))
    code, _, err = run(["claims", "import", path, "--db", restored], capsys)
    assert code == 0, err
    assert len(annotations(restored)) == 1 and not db.exists()


def test_a_damaged_database_is_refused_and_left_untouched(story, db, tmp_path, capsys):
    damaged = b'{"meta": {"1": {"schema_version": 2}}, "annotations": {"1": {"id": "ab'
    db.write_bytes(damaged)
    path = write_json(tmp_path / "one.jsonld", w3c(article(story).uri))
    code, out, err = run(["claims", "import", path], capsys)
    assert (code, out) == (1, "")
    line = one_error_line(err)
    assert str(db) in line and "--reset-db" in line
    assert db.read_bytes() == damaged
