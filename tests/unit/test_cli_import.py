"""`newsdesk import`, `feeds` and `refresh` through `tui.cli.main`, against a server on 127.0.0.1."""

from __future__ import annotations

import json
import re

import pytest
from werkzeug.wrappers import Response

from tests.httpserve import article_page, full_html, rss, words
from tui.cli import COMMANDS
from tui.core.articles import load_paths

from .conftest import SEEDS_DIR
from .test_cli import run as run_cli

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]")


def run(argv, capsys):
    code, out, err = run_cli(argv, capsys)
    assert "Traceback" not in out + err
    assert not CONTROL.search(out.replace("\n", "") + err.replace("\n", ""))
    return code, out, err


@pytest.fixture
def imports(isolated_newsdesk_env):
    return isolated_newsdesk_env / "articles"  # NEWSDESK_DATA_DIR/articles


def page(site, path, title, topic):
    site.expect_request(path).respond_with_data(article_page(title, words(topic)),
                                                content_type="text/html")
    return site.url_for(path)


def test_the_commands_are_listed(capsys):
    assert {"import", "feeds", "refresh"} <= set(COMMANDS)
    code, out, _ = run(["--help"], capsys)
    assert code == 0 and "import" in out and "refresh" in out


def test_import_json_and_summary(site, imports, capsys):
    url = page(site, "/a", "First story", "first")
    site.expect_request("/gone").respond_with_data("", status=404)
    code, out, err = run(["import", url, site.url_for("/gone"), "--json"], capsys)
    assert code == 0
    payload = json.loads(out)
    assert set(payload) == {"saved", "duplicates", "failures"}
    assert payload["duplicates"] == 0
    assert payload["failures"] == [f"{site.url_for('/gone')}: HTTP 404 NOT FOUND"]
    (saved,) = payload["saved"]
    assert saved.startswith(str(imports)) and saved.endswith("-first-story.md")
    assert f"newsdesk: {site.url_for('/gone')}: HTTP 404 NOT FOUND\n" in err
    assert f"newsdesk: 1 imported, 1 failed; saved in {imports}\n" in err
    assert "newsdesk: 1/2 " in err or "newsdesk: 2/2 " in err  # plain progress lines


def test_everything_failed_is_exit_1_and_everything_duplicate_is_exit_0(site, imports, capsys):
    site.expect_request("/png").respond_with_data(b"\x89PNG", content_type="image/png")
    code, _, err = run(["import", site.url_for("/png")], capsys)
    assert code == 1
    assert f"{site.url_for('/png')}: not a web page or feed (image/png)" in err
    url = page(site, "/a", "Story", "dup")
    assert run(["import", url], capsys)[0] == 0
    code, _, err = run(["import", url], capsys)
    assert code == 0 and "0 imported, 1 duplicate skipped" in err


def test_imported_articles_are_in_the_library_next_time(site, imports, capsys):
    from tui.core.config import load_settings
    from tui.core.library import library_sources

    url = page(site, "/a", "Library story", "lib")
    assert run(["import", url], capsys)[0] == 0
    settings = load_settings()
    titles = {a.title for a in load_paths(library_sources([], settings.library,
                                                           settings.import_dir)).articles}
    assert "Library story" in titles


def test_import_dir_from_config(site, isolated_newsdesk_env, tmp_path, capsys):
    target = tmp_path / "mine"
    (isolated_newsdesk_env / "config.toml").write_text(f'import_dir = "{target}"\n', "utf-8")
    url = page(site, "/a", "Configured", "conf")
    code, out, _ = run(["import", url, "--json"], capsys)
    assert code == 0 and json.loads(out)["saved"][0].startswith(str(target))


def test_hostile_text_reaches_the_terminal_sanitized(site, imports, capsys):
    site.expect_request("/x").respond_with_data("", status=302, headers={
        "Location": "/\x1b[31mred"})  # a Location with an escape in it
    code, out, err = run(["import", site.url_for("/x"), "/tmp/\x1b]0;title\x07nope"], capsys)
    assert code == 1 and "\x1b" not in err


def test_local_paths_are_copied_in(imports, capsys):
    code, out, err = run(["import", str(SEEDS_DIR), "--json"], capsys)
    assert code == 0 and len(json.loads(out)["saved"]) == len(list(SEEDS_DIR.glob("*.txt")))


def test_feeds_add_list_remove(capsys):
    code, _, err = run(["feeds", "add", "https://news.example/feed.xml", "bad-url"], capsys)
    assert code == 0 and "subscribed to https://news.example/feed.xml" in err
    assert "bad-url: not a feed address" in err
    code, out, _ = run(["feeds", "list", "--json"], capsys)
    assert json.loads(out) == [{"url": "https://news.example/feed.xml", "title": "",
                                "last_checked": None, "last_error": None, "new": 0}]
    code, out, _ = run(["feeds", "list"], capsys)
    assert out == "https://news.example/feed.xml  (no title yet)  (never checked)\n"
    assert run(["feeds", "add", "https://news.example/feed.xml"], capsys)[0] == 1
    assert run(["feeds", "remove", "https://news.example/feed.xml"], capsys)[0] == 0
    assert run(["feeds", "remove", "https://news.example/feed.xml"], capsys)[0] == 1
    code, out, err = run(["feeds", "list"], capsys)
    assert out == "" and "no subscribed feeds" in err


def test_refresh_json_and_the_list_shows_what_it_did(site, isolated_newsdesk_env, capsys):
    items = [{"title": f"S{n}", "link": f"/s/{n}", "content": full_html(words(f"r{n}"))}
             for n in range(2)]
    site.expect_request("/feed").respond_with_handler(lambda _r: Response(
        rss("Wire \x1b[31m[bold]", items), content_type="application/rss+xml",
        headers={"ETag": '"1"'}))
    site.expect_request("/dead").respond_with_data("", status=500)
    assert run(["feeds", "add", site.url_for("/feed"), site.url_for("/dead")], capsys)[0] == 0
    code, out, err = run(["refresh", "--json"], capsys)
    assert code == 0
    payload = json.loads(out)
    assert set(payload) == {"feeds", "saved", "duplicates", "failures"}
    assert [f["new"] for f in payload["feeds"]] == [2, 0]
    assert payload["feeds"][1]["error"] == "HTTP 500 INTERNAL SERVER ERROR"
    assert "feed not refreshed: HTTP 500" in err
    code, out, _ = run(["feeds", "list"], capsys)
    lines = out.splitlines()
    assert lines[0].startswith(f"{site.url_for('/feed')}  Wire [bold]  (checked ")
    assert lines[0].endswith(", 2 new)")
    assert lines[2] == "  last error: HTTP 500 INTERNAL SERVER ERROR"


def test_refresh_with_every_feed_failing_is_exit_1(site, capsys):
    site.expect_request("/dead").respond_with_data("", status=500)
    run(["feeds", "add", site.url_for("/dead")], capsys)
    assert run(["refresh"], capsys)[0] == 1


def test_refresh_without_feeds_says_how_to_add_one(capsys):
    code, _, err = run(["refresh"], capsys)
    assert code == 0 and "newsdesk feeds add URL" in err


def test_opml_export_and_import(tmp_path, capsys):
    run(["feeds", "add", "https://a.example/feed", "https://b.example/rss"], capsys)
    out_file = tmp_path / "feeds.opml"
    assert run(["feeds", "export", "-o", str(out_file)], capsys)[0] == 0
    code, stdout, _ = run(["feeds", "export"], capsys)

    def undated(text: str) -> str:  # the two exports may straddle a second
        return re.sub(r"<dateCreated>[^<]*</dateCreated>", "", text)

    assert undated(stdout) == undated(out_file.read_text("utf-8"))
    assert "<opml version=\"2.0\">" in stdout and "<dateCreated>" in stdout
    run(["feeds", "remove", "https://a.example/feed"], capsys)
    code, _, err = run(["feeds", "import", str(out_file)], capsys)
    assert code == 0 and "1 of 2 feed(s) from" in err and "already subscribed" in err
    code, out, _ = run(["feeds", "list", "--json"], capsys)
    assert sorted(f["url"] for f in json.loads(out)) == ["https://a.example/feed",
                                                         "https://b.example/rss"]


def test_opml_problems_are_one_line(tmp_path, capsys):
    bomb = tmp_path / "bomb.opml"
    bomb.write_text('<!DOCTYPE x [<!ENTITY a "b">]><opml/>', "utf-8")
    code, _, err = run(["feeds", "import", str(bomb)], capsys)
    assert code == 1 and err.count("\n") == 1 and "refused" in err
    code, _, err = run(["feeds", "import", str(tmp_path / "missing.opml")], capsys)
    assert code == 1 and err == f"newsdesk: {tmp_path / 'missing.opml'}: no such file\n"
    assert run(["feeds", "export", "-o", str(tmp_path)], capsys)[0] == 1


def test_a_damaged_feeds_file_is_one_line_and_kept(isolated_newsdesk_env, capsys):
    feeds_file = isolated_newsdesk_env / "feeds.json"
    feeds_file.write_text("{oops", "utf-8")
    for argv in (["feeds", "list"], ["feeds", "add", "https://x.example/f"], ["refresh"]):
        code, _, err = run(argv, capsys)
        assert code == 1 and err == f"newsdesk: {feeds_file}: damaged, not a JSON feed list; " \
            "left untouched\n", argv
    assert feeds_file.read_text("utf-8") == "{oops"


def test_on_a_terminal_progress_is_a_bar_that_never_reads_labels_as_markup():
    import io

    from tui.cli_import import ProgressLines
    from tui.core.importer import ImportProgress

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    stream = Terminal()
    with ProgressLines(stream) as progress:
        assert progress._bar is not None
        progress(ImportProgress(0, None, "[bold red]https://x.example/[/]"))
        progress(ImportProgress(1, 3, "[link=https://evil.example]x[/link]"))
        task = progress._bar.tasks[0]
        assert (task.completed, task.total) == (1, 3)
        assert task.description == "[link=https://evil.example]x[/link]"
        rendered = progress._bar.get_renderable()
        from rich.console import Console

        console = Console(file=io.StringIO(), width=120, color_system=None)
        console.print(rendered)
        assert "[link=https://evil.example]x[/link]" in console.file.getvalue()
