"""Fetching over HTTP against a real server on 127.0.0.1: every way a fetch can go wrong is a
one-line reason, and no bound (time, size, redirects, content type) can be stretched."""

from __future__ import annotations

import socket
import time

import pytest
from werkzeug.wrappers import Response

from tests.httpserve import Streamed, article_page, words
from tui.core.fetch import USER_AGENT, Fetcher, FetchError, FetchOptions

PAGE = article_page("Council approves budget", words("budget"))


def get(url: str, options: FetchOptions | None = None, **kwargs):
    with Fetcher(options) as fetcher:
        return fetcher.get(url, **kwargs)


def reason(url: str, options: FetchOptions | None = None) -> str:
    with pytest.raises(FetchError) as raised:
        get(url, options)
    message = str(raised.value)
    assert "\n" not in message and "Traceback" not in message
    return message


def test_a_page_is_fetched_with_newsdesks_user_agent(site):
    site.expect_request("/story", headers={"User-Agent": USER_AGENT}).respond_with_data(
        PAGE, content_type="text/html; charset=utf-8")
    fetched = get(site.url_for("/story"))
    assert fetched.status == 200 and fetched.content_type == "text/html"
    assert fetched.text() == PAGE
    assert USER_AGENT.startswith("newsdesk/") and "(+terminal news reader)" in USER_AGENT


def test_redirects_are_followed_to_the_final_url(site):
    site.expect_request("/old").respond_with_data("", status=301, headers={"Location": "/new"})
    site.expect_request("/new").respond_with_data(PAGE, content_type="text/html")
    fetched = get(site.url_for("/old"))
    assert fetched.url == site.url_for("/new") and fetched.body == PAGE.encode()


def test_a_redirect_loop_is_named(site):
    site.expect_request("/a").respond_with_data("", status=302, headers={"Location": "/b"})
    site.expect_request("/b").respond_with_data("", status=302, headers={"Location": "/a"})
    assert reason(site.url_for("/a")) == "redirect loop"
    assert len(site.log) == 2  # noticed at the first repeat, not after the cap


def test_redirects_past_the_cap_stop(site):
    for i in range(5):
        site.expect_request(f"/r{i}").respond_with_data(
            "", status=302, headers={"Location": f"/r{i + 1}"})
    assert reason(site.url_for("/r0"), FetchOptions(max_redirects=2)) == \
        "too many redirects (more than 2)"
    assert len(site.log) == 3


def test_a_redirect_to_another_scheme_is_refused(site):
    site.expect_request("/sneaky").respond_with_data(
        "", status=302, headers={"Location": "file:///etc/passwd"})
    assert reason(site.url_for("/sneaky")).startswith("not an http(s) URL")


def test_a_404_says_so(site):
    site.expect_request("/gone").respond_with_data("missing", status=404)
    assert reason(site.url_for("/gone")).startswith("HTTP 404")


@pytest.mark.parametrize("content_type", ["image/png", "application/octet-stream",
                                          "application/pdf", "video/mp4"])
def test_a_body_that_is_not_a_page_or_feed_is_refused_unread(site, content_type):
    body = Streamed(total=50 * 1024 * 1024)
    site.expect_request("/file").respond_with_handler(lambda _r: body.response(content_type))
    assert reason(site.url_for("/file")) == f"not a web page or feed ({content_type})"
    assert body.produced < 20 * 1024 * 1024, "the refused body must not be downloaded"


def test_a_huge_body_stops_at_the_cap_while_streaming(site):
    body = Streamed(total=200 * 1024 * 1024)  # no Content-Length: only counting stops it
    site.expect_request("/huge").respond_with_handler(lambda _r: body.response())
    limit = 256 * 1024
    started = time.monotonic()
    message = reason(site.url_for("/huge"), FetchOptions(max_bytes=limit))
    assert message == "too large (over 256 KiB; the limit is 256 KiB)"
    assert time.monotonic() - started < 5
    assert body.produced < 32 * 1024 * 1024, f"read on to {body.produced:,} bytes"


def test_the_default_cap_is_the_loaders_article_limit():
    from tui.core.articles import MAX_FILE_BYTES

    assert FetchOptions().max_bytes == MAX_FILE_BYTES == 5 * 1024 * 1024


def test_a_declared_length_over_the_cap_is_refused_before_reading(site):
    site.expect_request("/big").respond_with_data("x" * 2048, content_type="text/html")
    assert reason(site.url_for("/big"), FetchOptions(max_bytes=1024)) == \
        "too large (2 KiB; the limit is 1 KiB)"


def test_a_slow_server_times_out_at_the_read_timeout(site, quick):
    def slow(_request):
        time.sleep(2)
        return Response(PAGE, content_type="text/html")

    site.expect_request("/slow").respond_with_handler(slow)
    started = time.monotonic()
    assert reason(site.url_for("/slow"), quick) == "timed out (no answer for 0.5 s)"
    assert time.monotonic() - started < 1.5


def test_a_trickling_body_stops_at_the_deadline(site):
    body = Streamed(total=1024 * 1024, chunk=16, delay=0.05)  # never silent for a read timeout
    site.expect_request("/drip").respond_with_handler(lambda _r: body.response())
    options = FetchOptions(read_timeout=1.0, body_deadline=0.5)
    started = time.monotonic()
    assert reason(site.url_for("/drip"), options) == "timed out (the body took over 0.5 s)"
    assert time.monotonic() - started < 2


def test_connection_refused_is_named():
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    assert reason(f"http://127.0.0.1:{port}/") == "connection refused"


def test_an_unknown_host_is_a_dns_failure():
    assert reason("http://no-such-host.invalid/feed.xml") == "host not found (DNS)"


def test_the_charset_the_server_says_decodes_the_body(site):
    text = "Путин заявил о переговорах"
    site.expect_request("/ru").respond_with_data(
        f"<html><body><p>{text}</p></body></html>".encode("cp1251"),
        content_type="text/html; charset=windows-1251")
    assert text in get(site.url_for("/ru")).text()


def test_without_a_charset_the_page_meta_or_detection_decides(site):
    site.expect_request("/meta").respond_with_data(
        '<html><head><meta charset="iso-8859-7"></head><body>Αθήνα</body></html>'.encode(
            "iso-8859-7"), content_type="text/html")
    site.expect_request("/bare").respond_with_data(
        "<html><body>Le café a fermé lundi.</body></html>".encode("cp1252"),
        content_type="text/html")
    assert "Αθήνα" in get(site.url_for("/meta")).text()
    assert "Le café a fermé lundi." in get(site.url_for("/bare")).text()


def test_validators_are_sent_back_and_a_304_has_no_body(site):
    site.expect_request("/feed", headers={"If-None-Match": '"v1"',
                                          "If-Modified-Since": "Mon, 13 Jan 2025 10:00:00 GMT"}
                        ).respond_with_data("", status=304, headers={"ETag": '"v1"'})
    fetched = get(site.url_for("/feed"), etag='"v1"',
                  last_modified="Mon, 13 Jan 2025 10:00:00 GMT")
    assert fetched.not_modified and fetched.body == b"" and fetched.etag == '"v1"'


# ------------------------------------------------------------------ the loopback guard

def test_the_suite_cannot_reach_beyond_loopback(loopback_only):
    with pytest.raises(OSError):
        socket.create_connection(("192.0.2.1", 80), timeout=0.5)  # TEST-NET-1
    with pytest.raises(OSError):
        socket.getaddrinfo("example.com", 443)
    assert len(loopback_only.attempts) == 2, loopback_only.attempts
    loopback_only.attempts.clear()  # this test meant to: the guard must not fail it


def test_the_guard_catches_what_the_code_under_test_swallows(loopback_only):
    # httpx turns the refusal into a failure line; the attempt is still on record.
    assert reason("http://192.0.2.1/feed.xml") == "connection refused"
    assert loopback_only.attempts
    loopback_only.attempts.clear()
