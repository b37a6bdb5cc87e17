"""Library search: word starts, any apostrophe, the same answers from FTS5 and from the regex."""

from __future__ import annotations

import shutil

import pytest

from tui.core import search_index as search_index_module
from tui.core.articles import Article
from tui.core.library import Library, filter_articles, open_index
from tui.core.search import fts_query, matches_words

from .conftest import SEEDS_DIR

STORIES = {
    "pelosi.txt": "Pelosi’s office denies report\n\nNancy Pelosi’s office said the figure of "
                  "11,000 troops was “deeply misleading”.\n",
    "plain.txt": "Talks in Geneva\n\nPelosi's aides said nothing. The Red Cross was there.\n",
    "zelensky.txt": "Zelensky in Kursk\n\nVolodymyr Zelensky visited Kursk on Monday.\n",
    "sky.md": "---\ntitle: Seoul reacts\nsource: Sky News\ndate: 2025-01-13\n---\n\nText.\n",
}
QUERIES = ["pelosi's", "pelosi’s", "pelosi'", "pelosi", "sky", "sky news", "sky n", "kursk",
           "zel", "2025-01", "2025", "red cross", '"red cross"', "cross red", "11,000",
           "11,0", "deeply misleading", "“deeply", "nothing", "xyz", "—", "geneva kursk"]


@pytest.fixture
def library(tmp_path):
    folder = tmp_path / "library"
    shutil.copytree(SEEDS_DIR, folder)
    for name, text in STORIES.items():
        (folder / name).write_text(text, encoding="utf-8")
    Library.load([folder], index=open_index())  # cold: every file read and indexed
    return Library.load([folder], index=open_index())


def names(articles) -> list[str]:
    return [a.path.name for a in articles]


def test_apostrophes_and_quotes_are_one_character():
    assert matches_words(["Nancy Pelosi’s office"], "pelosi's")
    assert matches_words(["Nancy Pelosi's office"], "pelosi’s")
    assert matches_words(["“deeply misleading”"], '"deeply misleading"')


def test_terms_match_at_word_starts_only():
    assert matches_words(["Sky News"], "sky")
    assert not matches_words(["Zelensky"], "sky")
    assert not matches_words(["Sky News"], "ky")
    assert matches_words(["Sky News"], "sky ne") and not matches_words(["Sky News"], "sky ew")


def test_fts_query_is_one_prefix_phrase_per_term():
    assert fts_query('pelosi’s "red cross"') == '"pelosi s"* AND "red cross"*'
    assert fts_query("—") is None and fts_query("") == ""


@pytest.mark.parametrize("query", QUERIES)
def test_the_index_answers_as_the_regex_does(library, query):
    plain = [Article(uri=a.uri, text=a.text, title=a.title, source=a.source, date=a.date,
                     path=a.path) for a in Library.load([library.articles[0].path.parent]).articles]
    assert names(library.search(query)) == names(filter_articles(plain, query))


def test_an_indexed_search_reads_no_text(library):
    found = library.search("pelosi's")
    assert names(found) == ["pelosi.txt", "plain.txt"]
    assert not any(a.text_loaded for a in library.articles)


def test_search_without_fts5_falls_back_to_the_regex(library, monkeypatch, tmp_path):
    monkeypatch.setattr(search_index_module, "_CREATE", "CREATE VIRTUAL TABLE docs USING nope()")
    monkeypatch.setenv("NEWSDESK_CACHE_DIR", str(tmp_path / "other-cache"))
    folder = library.articles[0].path.parent
    without = Library.load([folder], index=open_index())
    assert not without.index.search.available
    assert names(without.search("pelosi's")) == ["pelosi.txt", "plain.txt"]
    assert names(without.search("sky")) == names(library.search("sky"))


def test_articles_outside_the_index_are_searched_by_regex(library):
    extra = Article(uri="urn:x", text="Pelosi’s staff", title="Extra")
    library.add([extra])
    assert extra in library.search("pelosi's")
    assert extra not in library.search("sky")
