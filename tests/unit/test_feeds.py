"""Subscriptions and refreshes (conditional GET against a real server on 127.0.0.1), and OPML."""

from __future__ import annotations

import json

import pytest
from werkzeug.wrappers import Response

from tests.httpserve import full_html, rss, words
from tui.core import feeds as feeds_module
from tui.core.feeds import Feed, FeedsError, FeedsFileError, Subscriptions, refresh_feeds
from tui.core.opml import OpmlError, opml_text, parse_opml

ETAG = '"feed-v1"'
LAST_MODIFIED = "Mon, 13 Jan 2025 10:00:00 GMT"


def items(*numbers):
    return [{"title": f"Story {n}", "link": f"/s/{n}", "content": full_html(words(f"f{n}"))}
            for n in numbers]


@pytest.fixture
def subs(tmp_path):
    return Subscriptions(tmp_path / "feeds.json")


def test_add_list_remove(subs):
    subs.add("https://news.example/feed.xml")
    subs.add("http://other.example/rss", title="Other")
    assert [(f.url, f.title) for f in subs.list()] == [
        ("https://news.example/feed.xml", ""), ("http://other.example/rss", "Other")]
    with pytest.raises(FeedsError, match="already subscribed"):
        subs.add("HTTPS://NEWS.example/feed.xml")
    assert subs.remove("https://news.example/feed.xml").url == "https://news.example/feed.xml"
    assert [f.url for f in subs.list()] == ["http://other.example/rss"]
    with pytest.raises(FeedsError, match="not subscribed"):
        subs.remove("https://news.example/feed.xml")


@pytest.mark.parametrize("url", ["news.example/feed", "ftp://x.example/f", "https://",
                                 "https://x.example/a b", "https://x.example/\x1b[31m"])
def test_only_feed_addresses_are_subscribed(subs, url):
    with pytest.raises(FeedsError, match="not a feed address"):
        subs.add(url)
    assert subs.list() == []


@pytest.mark.parametrize("content", [b"{not json", b'{"feeds": [{"title": "no url"}]}',
                                     b"[1, 2]", b"\xff\xfe"])
def test_a_damaged_feeds_file_is_named_and_never_overwritten(subs, content):
    subs.path.write_bytes(content)
    with pytest.raises(FeedsFileError) as raised:
        subs.add("https://news.example/feed.xml")
    assert str(raised.value).startswith(f"{subs.path}: damaged")
    assert subs.path.read_bytes() == content


def test_a_held_lock_is_a_message_not_a_wait_for_ever(subs, monkeypatch):
    from filelock import FileLock

    monkeypatch.setattr(feeds_module, "LOCK_TIMEOUT_S", 0.1)
    held = FileLock(str(subs.path.with_name("feeds.json.lock")))
    with held, pytest.raises(FeedsFileError, match="another newsdesk is using it"):
        Subscriptions(subs.path).add("https://news.example/feed.xml")


def test_refresh_uses_conditional_get_and_an_unchanged_feed_costs_one_304(site, tmp_path,
                                                                          subs, quick):
    requests = []

    def feed(request):
        requests.append(dict(request.headers))
        if (request.headers.get("If-None-Match") == ETAG
                and request.headers.get("If-Modified-Since") == LAST_MODIFIED):
            return Response(status=304, headers={"ETag": ETAG})
        return Response(rss("Wire", items(1, 2)), content_type="application/rss+xml",
                        headers={"ETag": ETAG, "Last-Modified": LAST_MODIFIED})

    site.expect_request("/feed").respond_with_handler(feed)
    subs.add(site.url_for("/feed"))
    dest = tmp_path / "articles"
    first = refresh_feeds(dest, subs.path, options=quick)
    assert len(first.report.saved) == 2 and first.feeds[0].new == 2
    assert first.feeds[0].title == "Wire" and not first.feeds[0].not_modified
    (stored,) = subs.list()
    assert (stored.etag, stored.last_modified, stored.new) == (ETAG, LAST_MODIFIED, 2)

    second = refresh_feeds(dest, subs.path, options=quick)
    assert len(requests) == 2, "one request per refresh"
    assert requests[1]["If-None-Match"] == ETAG
    assert requests[1]["If-Modified-Since"] == LAST_MODIFIED
    assert second.feeds[0].not_modified and second.report.saved == []
    assert second.report.duplicates == 0 and len(list(dest.glob("*.md"))) == 2
    assert "1 unchanged" in second.summary()
    assert subs.list()[0].new == 0 and subs.list()[0].last_checked


def test_a_changed_feed_brings_only_what_is_new(site, tmp_path, subs, quick):
    versions = [rss("Wire", items(1, 2)), rss("Wire", items(1, 2, 3))]
    site.expect_request("/feed").respond_with_handler(
        lambda _r: Response(versions.pop(0), content_type="application/rss+xml"))
    subs.add(site.url_for("/feed"))
    dest = tmp_path / "articles"
    refresh_feeds(dest, subs.path, options=quick)
    again = refresh_feeds(dest, subs.path, options=quick)
    assert [p.name for p in again.report.saved] == ["2025-01-13-wire-story-3.md"]
    assert again.feeds[0].new == 1 and again.report.duplicates == 0
    assert len(subs.list()[0].seen) == 3


def test_a_feed_that_fails_keeps_its_error_until_it_works(site, tmp_path, subs, quick):
    answers = [Response("gone", status=404),
               Response(rss("Back", items(7)), content_type="application/rss+xml")]
    site.expect_request("/feed").respond_with_handler(lambda _r: answers.pop(0))
    subs.add(site.url_for("/feed"))
    failed = refresh_feeds(tmp_path / "a", subs.path, options=quick)
    assert failed.feeds[0].error == "HTTP 404 NOT FOUND"
    assert failed.report.failures == [f"{site.url_for('/feed')}: HTTP 404 NOT FOUND"]
    assert subs.list()[0].last_error == "HTTP 404 NOT FOUND"
    refresh_feeds(tmp_path / "a", subs.path, options=quick)
    assert subs.list()[0].last_error is None and subs.list()[0].title == "Back"


def test_a_subscribed_page_is_not_a_feed(site, tmp_path, subs, quick):
    site.expect_request("/page").respond_with_data("<html><body><p>hi</p></body></html>",
                                                   content_type="text/html")
    subs.add(site.url_for("/page"))
    result = refresh_feeds(tmp_path / "a", subs.path, options=quick)
    assert result.feeds[0].error == "not a feed (text/html)"


def test_a_feed_removed_during_a_refresh_is_not_written_back(site, tmp_path, subs, quick):
    def feed(_request):
        Subscriptions(subs.path).remove(site.url_for("/feed"))  # another newsdesk, meanwhile
        return Response(rss("Wire", items(1)), content_type="application/rss+xml")

    site.expect_request("/feed").respond_with_handler(feed)
    subs.add(site.url_for("/feed"))
    refresh_feeds(tmp_path / "a", subs.path, options=quick)
    assert subs.list() == []


def test_the_feeds_file_is_json_with_every_field(subs):
    subs.add("https://news.example/feed.xml", title="News")
    data = json.loads(subs.path.read_text("utf-8"))
    assert data["version"] == 1
    assert set(data["feeds"][0]) == {"url", "title", "etag", "last_modified", "last_checked",
                                     "last_error", "new", "seen"}


# ------------------------------------------------------------------ OPML

def test_opml_round_trip(subs):
    subs.add("https://news.example/feed.xml", title="News & <Views>")
    subs.add("http://other.example/rss?a=1&b=2")
    text = opml_text(subs.list())
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">')
    assert parse_opml(text.encode("utf-8")) == [
        ("https://news.example/feed.xml", "News & <Views>"),
        ("http://other.example/rss?a=1&b=2", "http://other.example/rss?a=1&b=2")]


def test_opml_from_another_reader_with_folders(tmp_path, subs):
    opml = b"""<?xml version="1.0"?><opml version="1.0"><head><title>newsboat</title></head>
<body><outline text="World"><outline text="BBC" type="rss" xmlUrl="https://feeds.example/bbc"/>
<outline title="Reuters" xmlUrl="https://feeds.example/reuters"/></outline>
<outline text="just a folder"/></body></opml>"""
    found = parse_opml(opml)
    assert found == [("https://feeds.example/bbc", "BBC"),
                     ("https://feeds.example/reuters", "Reuters")]
    added, skipped = subs.add_many(found + [("https://feeds.example/bbc", "again")])
    assert len(added) == 2 and skipped == ["https://feeds.example/bbc: already subscribed"]


@pytest.mark.parametrize("opml", [
    b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
    b"<opml><body><outline xmlUrl='https://x.example/&b;'/></body></opml>",
    b'<!doctype opml SYSTEM "http://evil.example/x.dtd"><opml/>',
    b"<opml><body><!ENTITY x 'y'></body></opml>",
])
def test_opml_with_a_doctype_or_entities_is_refused(opml):
    with pytest.raises(OpmlError, match="DOCTYPE or ENTITY declaration; refused"):
        parse_opml(opml, "feeds.opml")


@pytest.mark.parametrize("data, reason", [(b"<opml><body>", "not valid XML"),
                                          (b"<rss><channel/></rss>", "not OPML")])
def test_broken_or_foreign_xml_is_one_line(data, reason):
    with pytest.raises(OpmlError) as raised:
        parse_opml(data, "feeds.opml")
    assert str(raised.value).startswith(f"feeds.opml: {reason}")
    assert "\n" not in str(raised.value)


def test_feed_json_shape():
    assert Feed("https://x.example/f", "X", new=3).as_json() == {
        "url": "https://x.example/f", "title": "X", "last_checked": None, "last_error": None,
        "new": 3}
