"""The bundled sample story: five reports of the same event, all loadable."""

from __future__ import annotations

from tui.core.articles import TITLE_MAX_CHARS, bundled_seeds_dir, load_paths

from .conftest import SEEDS_DIR


def test_all_five_seeds_load_without_problems():
    result = load_paths([SEEDS_DIR])
    assert result.problems == []
    assert [a.path.name[:3] for a in result.articles] == ["000", "001", "002", "003", "004"]


def test_bundled_seeds_dir_holds_the_seeds():
    folder = bundled_seeds_dir()
    assert folder.is_dir()
    result = load_paths([folder])
    assert result.problems == []
    assert len(result.articles) == 5
    assert sorted(p.name for p in folder.glob("*.txt")) == sorted(p.name for p in SEEDS_DIR.glob("*.txt"))


def test_seed_metadata(seeds):
    assert seeds["001"].title == "Zelenskyy offers captured North Korean soldiers for Ukrainians held by Russia"
    assert seeds["001"].source == "Sky News"
    assert seeds["002"].date == "2025-01-13"
    assert seeds["002"].title.startswith("Ukrainian President Volodymyr Zelensky has offered")
    assert not seeds["002"].title.startswith("date")
    # 000 cites AFP and 003 the Guardian; neither is the publisher.
    assert seeds["000"].source == ""
    assert seeds["003"].source == ""


def test_seed_titles_are_short_single_lines(seeds):
    for article in seeds.values():
        assert article.title
        assert "\n" not in article.title
        assert len(article.title) <= TITLE_MAX_CHARS


def test_seeds_are_distinct_articles(seeds):
    assert len({a.uri for a in seeds.values()}) == 5
    assert len({a.text_hash for a in seeds.values()}) == 5
    for article in seeds.values():
        assert article.words > 150
        assert article.uri.startswith("file://")


def test_loading_the_folder_twice_gives_each_seed_once():
    result = load_paths([SEEDS_DIR, SEEDS_DIR, bundled_seeds_dir()])
    assert len(result.articles) == 5
    assert result.problems == []
