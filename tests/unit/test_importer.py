"""Importing pages, feeds and files into the import folder, against a real server on 127.0.0.1."""

from __future__ import annotations

import threading
import time

import pytest

from tests.httpserve import InFlight, article_page, atom, empty_page, full_html, rss, words
from tui.core.article_files import ArticleFolder, NewArticle, canonical_url, slug
from tui.core.articles import load_paths
from tui.core.importer import ImportReport, import_sources

from .conftest import SEEDS_DIR

BOILERPLATE = ("Sign up for our newsletter", "Cookie settings", "Most read", "Weather",
               "Ten gadgets you need")


def loaded(folder):
    result = load_paths([folder])
    assert not [p for p in result.problems if p.fatal], result.problems
    return {a.path.name: a for a in result.articles}


def serve_page(site, path, title, topic, **kwargs):
    site.expect_request(path).respond_with_data(
        article_page(title, words(topic), **kwargs), content_type="text/html; charset=utf-8")
    return site.url_for(path)


def test_a_page_is_saved_with_its_metadata_and_without_its_boilerplate(site, tmp_path, quick):
    url = serve_page(site, "/news/budget", "Council approves budget", "budget",
                     site_name="Example News", author="Jane Doe", date="2025-01-13")
    report = import_sources([url], tmp_path, options=quick)
    assert report.failures == [] and report.duplicates == 0 and len(report.saved) == 1
    (saved,) = report.saved
    assert saved.parent == tmp_path
    assert saved.name == "2025-01-13-example-news-council-approves-budget.md"
    article = loaded(tmp_path)[saved.name]
    assert (article.title, article.source, article.date, article.url, article.author) == (
        "Council approves budget", "Example News", "2025-01-13", url, "Jane Doe")
    assert "budget: The city council approved a budget of 100 million pounds" in article.text
    for junk in BOILERPLATE:
        assert junk not in article.text
    assert "fetched: '" in saved.read_text("utf-8")


def test_the_canonical_url_is_kept_resolved_against_the_page(site, tmp_path, quick):
    url = serve_page(site, "/amp/budget", "Budget", "budget",
                     canonical="https://news.example/2025/budget")
    report = import_sources([url], tmp_path, options=quick)
    assert loaded(tmp_path)[report.saved[0].name].url == "https://news.example/2025/budget"


def test_a_page_without_article_text_is_a_failure_not_an_empty_article(site, tmp_path, quick):
    site.expect_request("/app").respond_with_data(empty_page(), content_type="text/html")
    report = import_sources([site.url_for("/app")], tmp_path, options=quick)
    assert report.saved == [] and list(tmp_path.iterdir()) == []
    assert report.failures == [f"{site.url_for('/app')}: no article text found in the HTML"]


def test_text_that_is_not_a_page_or_a_feed_is_a_failure(site, tmp_path, quick):
    site.expect_request("/notes").respond_with_data("just some words", content_type="text/plain")
    report = import_sources([site.url_for("/notes")], tmp_path, options=quick)
    assert report.failures == [f"{site.url_for('/notes')}: not a web page or feed (text/plain)"]


def serve_full_text_feed(site, path: str, channel: str, title: str, links: str,
                         seed: str, entries: int = 3) -> None:
    """An RSS feed at `path` whose entries carry their whole text (no page to fetch)."""
    items = [{"title": f"{title} {n}", "link": f"{links}/{n}",
              "content": full_html(words(f"{seed}{n}"))} for n in range(entries)]
    site.expect_request(path).respond_with_data(rss(channel, items),
                                                content_type="application/rss+xml")


def test_an_rss_feed_with_full_text_imports_every_entry_without_fetching_pages(site, tmp_path,
                                                                                quick):
    serve_full_text_feed(site, "/feed.xml", "Daily Wire Service", "Story", "/story", "t")
    report = import_sources([site.url_for("/feed.xml")], tmp_path, options=quick)
    assert len(report.saved) == 3 and not report.failures
    assert [entry[0].path for entry in site.log] == ["/feed.xml"]
    articles = sorted(loaded(tmp_path).values(), key=lambda a: a.title)
    assert [a.title for a in articles] == ["Story 0", "Story 1", "Story 2"]
    assert {a.source for a in articles} == {"Daily Wire Service"}
    assert articles[1].url == site.url_for("/story/1")  # relative link resolved
    assert articles[0].date == "2025-01-13"


def test_an_atom_feed_is_a_feed_too(site, tmp_path, quick):
    items = [{"title": "Atom story", "link": "/a/1", "content": full_html(words("atom")),
              "author": "Sam Roe"}]
    site.expect_request("/atom").respond_with_data(atom("Atom Desk", items),
                                                   content_type="application/atom+xml")
    report = import_sources([site.url_for("/atom")], tmp_path, options=quick)
    (article,) = loaded(tmp_path).values()
    assert len(report.saved) == 1
    assert (article.title, article.author, article.source, article.date) == (
        "Atom story", "Sam Roe", "Atom Desk", "2025-01-14")


def test_a_feed_served_as_xml_or_html_is_sniffed(site, tmp_path, quick):
    items = [{"title": "Sniffed", "link": "/s", "content": full_html(words("sniff"))}]
    site.expect_request("/rss").respond_with_data(rss("Sniff", items), content_type="text/html")
    report = import_sources([site.url_for("/rss")], tmp_path, options=quick)
    assert len(report.saved) == 1


def test_summary_only_entries_fetch_their_pages_by_relative_links(site, tmp_path, quick):
    for n in range(2):
        serve_page(site, f"/news/2025/story-{n}.html", f"Page title {n}", f"page{n}",
                   author="Ann Page")
    items = [{"title": f"Entry {n}", "link": f"2025/story-{n}.html", "summary": "In brief."}
             for n in range(2)]
    site.expect_request("/news/feed").respond_with_data(rss("Wire", items, link="/"),
                                                        content_type="application/rss+xml")
    report = import_sources([site.url_for("/news/feed")], tmp_path, options=quick)
    assert not report.failures and len(report.saved) == 2
    articles = {a.title: a for a in loaded(tmp_path).values()}
    assert set(articles) == {"Entry 0", "Entry 1"}
    assert "page1: The city council approved" in articles["Entry 1"].text
    assert "In brief." not in articles["Entry 1"].text
    assert articles["Entry 0"].url == site.url_for("/news/2025/story-0.html")
    assert articles["Entry 0"].author == "Ann Page" and articles["Entry 0"].source == "Wire"


def test_an_entry_whose_page_fails_is_one_line_and_the_others_still_come(site, tmp_path, quick):
    serve_page(site, "/ok", "Fine", "fine")
    site.expect_request("/missing").respond_with_data("", status=404)
    items = [{"title": "Good", "link": "/ok"}, {"title": "Bad", "link": "/missing"}]
    site.expect_request("/feed").respond_with_data(rss("Wire", items),
                                                   content_type="application/rss+xml")
    report = import_sources([site.url_for("/feed")], tmp_path, options=quick)
    assert len(report.saved) == 1
    assert report.failures == [f"{site.url_for('/missing')}: HTTP 404 NOT FOUND"]


def test_fetches_to_one_host_are_limited_and_still_concurrent(site, tmp_path, quick):
    in_flight = InFlight(delay=0.3)

    def page(request):
        from werkzeug.wrappers import Response

        with in_flight:
            n = request.path.rsplit("/", 1)[1]
            return Response(article_page(f"P{n}", words(f"host{n}")), content_type="text/html")

    site.expect_request("/p/0").respond_with_handler(page)
    items = [{"title": f"E{n}", "link": f"/p/{n}"} for n in range(6)]
    for n in range(6):
        site.expect_request(f"/p/{n}").respond_with_handler(page)
    site.expect_request("/feed").respond_with_data(rss("Wire", items),
                                                   content_type="application/rss+xml")
    started = time.monotonic()
    report = import_sources([site.url_for("/feed")], tmp_path, options=quick)
    elapsed = time.monotonic() - started
    assert len(report.saved) == 6
    assert in_flight.most == 2, f"{in_flight.most} pages of one host fetched at once"
    assert elapsed < 6 * 0.3, "the two slots must be used at the same time"


def test_duplicates_are_skipped_across_runs_and_within_one(site, tmp_path, quick):
    url = serve_page(site, "/story", "Same story", "same")
    first = import_sources([url], tmp_path, options=quick)
    assert len(first.saved) == 1
    again = import_sources([url, url + "?utm_source=feed#top"], tmp_path, options=quick)
    assert again.saved == [] and again.duplicates == 2
    assert len(list(tmp_path.glob("*.md"))) == 1
    assert len(site.log) == 1, "a known URL is not fetched again"
    # Same text at another address (a syndicated copy): a duplicate by its text hash.
    site.expect_request("/copy").respond_with_data(article_page("Same story", words("same")),
                                                   content_type="text/html")
    copy = import_sources([site.url_for("/copy")], tmp_path, options=quick)
    assert copy.saved == [] and copy.duplicates == 1


def test_local_files_are_copied_in_and_bad_ones_are_one_line_each(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    (source / "good.txt").write_text("Flood warning issued\n\nRivers rose overnight in the "
                                     "valley, the agency said.\n", "utf-8")
    (source / "binary.txt").write_bytes(b"\x00\x01\x02 binary")
    (source / "empty.md").write_bytes(b"")
    dest = tmp_path / "articles"
    report = import_sources([str(source), str(SEEDS_DIR / "001_b68cc49679f9b57c.txt"),
                             str(tmp_path / "nope.txt")], dest)
    assert len(report.saved) == 2
    assert sorted(line.split(": ", 1)[1] for line in report.failures) == [
        "binary file (contains NUL bytes), not an article", "empty file",
        "no such file or folder"]
    titles = {a.title for a in loaded(dest).values()}
    assert "Flood warning issued" in titles


def test_a_bare_host_name_is_told_to_start_with_https(tmp_path):
    report = import_sources(["example.com/feed.xml"], tmp_path / "d")
    assert report.failures == ["example.com/feed.xml: no such file or folder "
                               "(a web address starts with https://)"]


def test_hostile_titles_make_safe_file_names_and_front_matter(site, tmp_path, quick):
    title = "../../etc/\x1b[31mpasswd\x1b[0m [bold]Loud[/bold] \u202eevil\ntitle: injected"
    site.expect_request("/h").respond_with_data(
        article_page(title, words("hostile"), site_name="../Evil\x07 Site"),
        content_type="text/html")
    report = import_sources([site.url_for("/h")], tmp_path, options=quick)
    (saved,) = report.saved
    assert saved.parent == tmp_path and saved.name.isascii()
    assert ".." not in saved.name and "/" not in saved.name[:-3]
    assert saved.name.startswith("2025-01-13-evil-site-etc-passwd-bold-loud-bold")
    article = loaded(tmp_path)[saved.name]
    assert article.title == "../../etc/passwd [bold]Loud[/bold] evil title: injected"
    assert "\x1b" not in saved.read_text("utf-8") and "\u202e" not in saved.read_text("utf-8")


def test_a_front_matter_value_cannot_break_out_of_its_field(tmp_path):
    folder = ArticleFolder(tmp_path)
    path = folder.save(NewArticle(text="Body text here.", title="x\n---\nurl: http://evil",
                                  source="- a\n- list", author="!!python/object:os.system",
                                  url="https://ok.example/a", date="2025-02-01"))
    article = loaded(tmp_path)[path.name]
    assert article.url == "https://ok.example/a"
    assert article.title == "x --- url: http://evil"
    assert article.source == "- a - list" and article.author == "!!python/object:os.system"
    assert article.text == "Body text here."


def test_names_never_overwrite_and_stay_bounded(tmp_path):
    folder = ArticleFolder(tmp_path)
    paths = [folder.save(NewArticle(text=f"Different text {n}.", title="Same title",
                                    source="Wire", date="2025-03-04")) for n in range(3)]
    assert [p.name for p in paths] == ["2025-03-04-wire-same-title.md",
                                       "2025-03-04-wire-same-title-2.md",
                                       "2025-03-04-wire-same-title-3.md"]
    long = folder.save(NewArticle(text="Long one.", title="word " * 200, source="S" * 300))
    assert len(long.name) < 120
    assert slug("Café à Paris — «déjà»", 40) == "cafe-a-paris-deja" and slug("¿?", 10) == ""


def test_canonical_urls_ignore_what_does_not_name_the_page():
    assert canonical_url("HTTPS://News.Example:443/a?utm_source=x&id=3#c") == \
        "https://news.example/a?id=3"
    assert canonical_url("http://news.example:8080/a") == "http://news.example:8080/a"


def test_progress_counts_up_and_the_total_is_unknown_until_the_feed_is_read(site, tmp_path,
                                                                             quick):
    serve_full_text_feed(site, "/feed", "Wire", "S", "/s", "p")
    seen = []
    import_sources([site.url_for("/feed")], tmp_path, options=quick, on_progress=seen.append)
    assert seen[0].total is None and seen[0].current == site.url_for("/feed")
    assert seen[-1].done == seen[-1].total == 4  # the feed and its three entries
    assert [p.done for p in seen] == sorted(p.done for p in seen)


def test_cancel_stops_new_fetches_and_keeps_what_finished(site, tmp_path, quick):
    def slow_page(request):
        from werkzeug.wrappers import Response

        time.sleep(0.2)
        n = request.path.rsplit("/", 1)[1]
        return Response(article_page(f"C{n}", words(f"cancel{n}")), content_type="text/html")

    for n in range(6):
        site.expect_request(f"/c/{n}").respond_with_handler(slow_page)
    items = [{"title": f"C{n}", "link": f"/c/{n}"} for n in range(6)]
    site.expect_request("/feed").respond_with_data(rss("Wire", items),
                                                   content_type="application/rss+xml")
    cancel = threading.Event()

    def on_progress(progress):
        if progress.done >= 2:  # the feed and one page done
            cancel.set()

    report = import_sources([site.url_for("/feed")], tmp_path, options=quick,
                            on_progress=on_progress, cancel=cancel)
    assert 1 <= len(report.saved) < 6 and report.cancelled >= 1
    assert len(list(tmp_path.glob("*.md"))) == len(report.saved)
    assert len(site.log) < 7
    assert "not started (cancelled)" in report.summary()


def test_an_import_folder_that_is_a_file_is_one_line(tmp_path):
    dest = tmp_path / "articles"
    dest.write_text("not a folder")
    report = import_sources([str(SEEDS_DIR)], dest)
    assert report.failures == [f"{dest}: not a folder; set import_dir in the config to a folder"]


def test_summary_and_merge():
    a = ImportReport(saved=[SEEDS_DIR], duplicates=1, failures=["x: y"])
    b = ImportReport(saved=[SEEDS_DIR, SEEDS_DIR], failures=["z: w"])
    a.merge(b)
    assert a.summary() == "3 imported, 1 duplicate skipped, 2 failed"
    assert ImportReport(duplicates=2).summary() == "0 imported, 2 duplicates skipped"


# ------------------------------------------------------------------ paths and config

def test_data_root_holds_the_database_imports_and_feeds(monkeypatch, tmp_path):
    from tui.core import paths

    monkeypatch.setenv("NEWSDESK_DATA_DIR", str(tmp_path / "data"))
    assert paths.data_root() == tmp_path / "data"
    assert paths.default_db_path() == tmp_path / "data" / "newsdesk.json"
    assert paths.default_import_dir() == tmp_path / "data" / "articles"
    assert paths.feeds_path() == tmp_path / "data" / "feeds.json"


def test_import_dir_comes_from_config_with_tilde_expanded(isolated_newsdesk_env, monkeypatch):
    from tui.core.config import load_settings

    config = isolated_newsdesk_env / "config.toml"
    assert load_settings().import_dir == isolated_newsdesk_env / "articles"
    monkeypatch.setenv("HOME", str(isolated_newsdesk_env / "home"))
    config.write_text('import_dir = "~/news"\n', "utf-8")
    assert load_settings().import_dir == isolated_newsdesk_env / "home" / "news"


@pytest.mark.parametrize("value", ["42", "[\"a\"]", '""'])
def test_an_import_dir_that_is_not_a_path_is_one_line(isolated_newsdesk_env, value):
    from tui.core.config import ConfigError, load_settings

    config = isolated_newsdesk_env / "config.toml"
    config.write_text(f"import_dir = {value}\n", "utf-8")
    with pytest.raises(ConfigError) as raised:
        load_settings()
    assert str(raised.value).startswith(f"{config}: import_dir must be a folder path")


def test_the_import_folder_is_in_the_library_once_and_only_when_it_exists(tmp_path):
    from tui.core.articles import bundled_seeds_dir
    from tui.core.library import library_sources

    folder, imports = tmp_path / "lib", tmp_path / "imports"
    assert library_sources([], [folder], imports) == [bundled_seeds_dir(), folder]
    imports.mkdir()
    assert library_sources([], [folder], imports) == [bundled_seeds_dir(), folder, imports]
    assert library_sources([imports], [folder], imports) == [imports, folder]
    assert library_sources([], [imports], imports) == [bundled_seeds_dir(), imports]
