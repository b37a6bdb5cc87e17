"""`newsdesk list [PATH ...] [--search Q] [--json]`: the library screen's rows, for scripts."""

from __future__ import annotations

import json
import shutil

from tui.cli import main
from tui.core.store import Store

from .conftest import SEEDS_DIR
from .test_cli import run


def test_list_json_is_the_library_in_order_with_read_state_and_claim_counts(tmp_path, capsys):
    from tui.core.anchoring import make_selector
    from tui.core.articles import load_paths

    articles = load_paths([SEEDS_DIR]).articles
    db = tmp_path / "db.json"
    store = Store(db)
    store.set_read(articles[1].uri, True)
    text = articles[2].text
    store.tag_claim(articles[2].uri, make_selector(text, 0, 20), status="disputed")
    code, out, err = run(["list", "--db", str(db), "--json", str(SEEDS_DIR)], capsys)
    assert code == 0, err
    rows = json.loads(out)
    assert [r["uri"] for r in rows] == [a.uri for a in articles]
    assert set(rows[0]) == {"uri", "title", "source", "date", "words", "read", "claims"}
    assert [r["read"] for r in rows[:3]] == [False, True, False]
    assert rows[2]["claims"] == {"verified": 0, "unverified": 0, "disputed": 1, "false": 0}
    assert [(r["title"], r["source"], r["date"], r["words"]) for r in rows] == [
        (a.title, a.source, a.date, a.words) for a in articles]


def test_list_search_is_the_library_search(tmp_path, capsys):
    folder = tmp_path / "lib"
    shutil.copytree(SEEDS_DIR, folder)
    (folder / "p.txt").write_text("Pelosi’s office\n\nIt said no.\n", encoding="utf-8")
    for _ in range(2):  # cold index, then warm
        code, out, err = run(["list", "--json", "--search", "pelosi's", str(folder)], capsys)
        assert code == 0, err
        assert [r["title"] for r in json.loads(out)] == ["Pelosi’s office"]
    code, out, _err = run(["list", "--search", "sky news", str(folder)], capsys)
    assert code == 0 and "Sky News" in out


def test_list_of_nothing_loadable_is_exit_1(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    assert main(["list", str(empty)]) == 1
    assert "no articles to show" in capsys.readouterr().err


def test_export_finds_moved_files_from_the_index_without_reading_the_library(
        tmp_path, capsys, monkeypatch):
    """`claims` and `export` look for moved files by text hash: with a warm index only the
    annotated articles are read, not every file of the library."""
    import os

    from tui.core import articles as articles_module
    from tui.core.anchoring import make_selector
    from tui.core.articles import load_paths
    from tui.core.library import Library, open_index

    articles = load_paths([SEEDS_DIR]).articles
    db = tmp_path / "db.json"
    Store(db).tag_claim(articles[0].uri, make_selector(articles[0].text, 0, 20),
                        status="verified")
    Library.load([SEEDS_DIR], index=open_index())  # the index is warm, as after any start
    reads: list[str] = []
    real = articles_module.read_text_file

    def counting(path, *args, **kwargs):
        reads.append(os.fsdecode(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(articles_module, "read_text_file", counting)
    code, out, err = run(["export", "--db", str(db), "--format", "json"], capsys)
    assert code == 0, err
    assert "verified" in out
    assert reads == [os.fsdecode(articles[0].path)]
