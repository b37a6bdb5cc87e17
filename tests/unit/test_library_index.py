"""The library index: a start reads no article text, changes are picked up, damage is rebuilt."""

from __future__ import annotations

import os
import shutil
import sqlite3

import pytest

from tui.core import articles as articles_module
from tui.core import library_index as index_module
from tui.core.articles import load_file, load_paths
from tui.core.library import Library, open_index
from tui.core.paths import library_index_path

from .conftest import SEEDS_DIR


@pytest.fixture
def folder(tmp_path):
    target = tmp_path / "library"
    shutil.copytree(SEEDS_DIR, target)
    return target


@pytest.fixture
def reads(monkeypatch):
    """Every article file the loader reads from disk, by path."""
    seen: list[str] = []
    real = articles_module.read_text_file

    def counting(path, *args, **kwargs):
        seen.append(os.fsdecode(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(articles_module, "read_text_file", counting)
    return seen


def test_index_lives_in_the_cache_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSDESK_CACHE_DIR", str(tmp_path / "c"))
    assert library_index_path() == tmp_path / "c" / "library-index.sqlite3"


def test_a_warm_start_reads_no_article_text(folder, reads):
    cold = Library.load([folder], index=open_index())
    assert len(reads) == len(cold.articles) == len(list(folder.iterdir()))
    reads.clear()
    warm = Library.load([folder], index=open_index())
    assert reads == []
    plain = load_paths([folder]).articles
    reads.clear()
    assert [a.uri for a in warm.articles] == [a.uri for a in plain]
    for indexed, loaded in zip(warm.articles, plain):
        assert not indexed.text_loaded
        assert (indexed.title, indexed.source, indexed.date, indexed.url, indexed.author) == (
            loaded.title, loaded.source, loaded.date, loaded.url, loaded.author)
        assert indexed.words == loaded.words and indexed.text_hash == loaded.text_hash
    assert reads == []  # metadata, words and hash come from the index


def test_text_is_read_on_first_use(folder, reads):
    Library.load([folder], index=open_index())
    reads.clear()
    article = Library.load([folder], index=open_index()).articles[1]
    assert article.text == load_file(article.path).articles[0].text
    assert reads == [os.fsdecode(article.path)] * 2  # once lazily, once by this test
    assert article.text_loaded and article.text_hash == load_file(article.path).articles[0].text_hash


def test_changed_new_and_deleted_files_are_picked_up(folder, reads):
    first = Library.load([folder], index=open_index())
    changed, gone = first.articles[0].path, first.articles[1].path
    changed.write_text("A brand new headline\n\nSome text about Quagadoo.\n", encoding="utf-8")
    gone.unlink()
    (folder / "new.txt").write_text("Another story\n\nText of it.\n", encoding="utf-8")
    reads.clear()
    second = Library.load([folder], index=open_index())
    assert sorted(reads) == sorted([os.fsdecode(changed), os.fsdecode(folder / "new.txt")])
    titles = {a.path.name: a.title for a in second.articles}
    assert titles[changed.name] == "A brand new headline" and titles["new.txt"] == "Another story"
    assert gone.name not in titles
    assert open_index().row_count() == len(second.articles)  # the deleted file's row dropped
    assert second.search("quagad") == [a for a in second.articles if a.path == changed]


def test_a_file_outside_this_load_keeps_its_row(folder, tmp_path):
    Library.load([folder], index=open_index())
    single = tmp_path / "one.txt"
    single.write_text("One story\n\nIts text.\n", encoding="utf-8")
    Library.load([single], index=open_index())
    assert open_index().row_count() == len(list(folder.iterdir())) + 1


def test_files_that_do_not_load_are_remembered_with_their_reason(folder, reads):
    (folder / "empty.txt").write_text("   \n", encoding="utf-8")
    cold = Library.load([folder], index=open_index())
    reads.clear()
    warm = Library.load([folder], index=open_index())
    assert reads == []
    assert [str(p) for p in warm.problems] == [str(p) for p in cold.problems]
    assert any("empty.txt" in str(p) and p.fatal for p in warm.problems)


def test_a_damaged_index_is_rebuilt_silently(folder):
    Library.load([folder], index=open_index())
    library_index_path().write_bytes(b"not a database at all" * 100)
    for suffix in ("-wal", "-shm"):
        library_index_path().with_name(library_index_path().name + suffix).unlink(missing_ok=True)
    library = Library.load([folder], index=open_index())
    assert len(library.articles) == len(list(folder.iterdir()))
    assert open_index().row_count() == len(library.articles)


def test_an_index_of_another_version_is_rebuilt(folder, monkeypatch, reads):
    Library.load([folder], index=open_index())
    monkeypatch.setattr(index_module, "INDEX_VERSION", "older")
    reads.clear()
    Library.load([folder], index=open_index())
    assert len(reads) == len(list(folder.iterdir()))


def test_an_unwritable_cache_folder_means_an_index_in_memory(folder, tmp_path, monkeypatch):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    monkeypatch.setenv("NEWSDESK_CACHE_DIR", str(blocker / "cache"))
    library = Library.load([folder], index=open_index())
    assert len(library.articles) == len(list(folder.iterdir()))
    assert library.search("sky news")


def test_a_locked_index_means_reading_the_files(folder, monkeypatch, reads):
    Library.load([folder], index=open_index())
    (folder / "new.txt").write_text("Another story\n\nText of it.\n", encoding="utf-8")
    monkeypatch.setattr(index_module, "BUSY_TIMEOUT_S", 0.05)
    index = open_index()
    other = sqlite3.connect(library_index_path(), isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another process in the middle of a write
    try:
        reads.clear()
        library = Library.load([folder], index=index)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert library.index is None and len(library.articles) == len(list(folder.iterdir()))
    # Readers are not blocked (WAL), the write of the new file's row is: then every file
    # is read as if there were no index.
    assert set(reads) == {os.fsdecode(a.path) for a in library.articles}


def test_many_new_files_are_left_for_the_background_and_join_in_order(folder, reads,
                                                                       monkeypatch):
    from tui.core import library as library_module

    plain = load_paths([folder]).articles
    Library.load([plain[0].path], index=open_index())  # one file already indexed
    monkeypatch.setattr(library_module, "FOREGROUND_READS", 2)
    reads.clear()
    library = Library.load([folder], index=open_index(), defer=True)
    assert reads == [] and [a.uri for a in library.articles] == [plain[0].uri]
    assert library.pending == [a.path for a in plain[1:]]
    progress = []
    for loaded, done, total in library.read_pending(batch=2):
        library.take(loaded)
        progress.append((done, total))
    assert progress == [(2, 4), (4, 4)] and library.pending == []
    assert [a.uri for a in library.articles] == [a.uri for a in plain]
    reads.clear()
    assert len(Library.load([folder], index=open_index(), defer=True).articles) == len(plain)
    assert reads == []  # what the background read was indexed


def test_a_few_new_files_are_read_at_once_in_order(folder, monkeypatch):
    plain = load_paths([folder]).articles
    Library.load([plain[2].path], index=open_index())
    library = Library.load([folder], index=open_index(), defer=True)
    assert library.pending == [] and [a.uri for a in library.articles] == [a.uri for a in plain]
