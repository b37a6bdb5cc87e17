"""Fetching one URL over HTTP(S), bounded in every way a hostile server could stretch.

One `Fetcher` (an `httpx.Client` underneath, safe to share between threads) gets
a URL and gives back a `Fetched` (final URL, content type, body bytes, validators)
or raises `FetchError` whose message is the reason alone, for a line
"URL: reason" ("HTTP 404 Not Found", "timed out", "redirect loop", "too large
(over 5 MiB; the limit is 5 MiB)", "not a web page or feed (image/png)", ...).

Bounds (all in `FetchOptions`, so tests can make them short):
- connect and read timeouts, and a deadline for the whole body, so a server
  that sends a byte a second cannot hold a fetch for ever;
- redirects followed by hand, at most `max_redirects`, each one checked: a
  redirect back to a URL already visited is a loop, one to another scheme
  (file:, ftp:) is refused;
- the content type is checked before the body is read: pictures, audio,
  archives and the like are refused without downloading them;
- the body is read in chunks and the read stops as soon as it passes
  `max_bytes` (the loader's 5 MiB article limit), whatever Content-Length says.

Conditional GET: `etag` and `last_modified` are sent back as If-None-Match and
If-Modified-Since; a 304 answer is a `Fetched` with `not_modified` and no body.
"""

from __future__ import annotations

import re
import socket
import time
from dataclasses import dataclass

import httpx

from .. import __version__
from .decoding import MAX_FILE_BYTES, decode_bytes, size_text

USER_AGENT = f"newsdesk/{__version__} (+terminal news reader)"
CONNECT_TIMEOUT_S = 10.0
READ_TIMEOUT_S = 20.0
BODY_DEADLINE_S = 60.0  # the whole body, however slowly it trickles in
MAX_REDIRECTS = 5
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})  # not 304: that is "unchanged"

ACCEPT = ("text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, "
          "application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1")

# Content types that are a page or a feed; others that may be one (sniffed); the rest refused.
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml",
                        "application/feed+json"})
SNIFFED_TYPES = frozenset({"", "text/xml", "application/xml", "text/plain", "application/json",
                           "text/rss+xml", "text/atom+xml"})


@dataclass(frozen=True)
class FetchOptions:
    connect_timeout: float = CONNECT_TIMEOUT_S
    read_timeout: float = READ_TIMEOUT_S
    body_deadline: float = BODY_DEADLINE_S
    max_redirects: int = MAX_REDIRECTS
    max_bytes: int = MAX_FILE_BYTES


class FetchError(Exception):
    """A URL could not be fetched; the message is the reason, one line, without the URL."""


@dataclass
class Fetched:
    url: str  # after redirects
    status: int
    content_type: str  # media type only, lower case ("text/html"), "" when not said
    charset: str | None  # as the server said it, or None
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False

    def text(self) -> str:
        """The body as text: the charset the server said, else the page's own
        `<meta charset>`, else what `decoding.decode_bytes` detects (a BOM, UTF-8,
        a legacy encoding)."""
        for charset in (self.charset, _meta_charset(self.body)):
            if charset:
                try:
                    return self.body.decode(charset, "replace")
                except LookupError:  # a charset Python does not know: detect instead
                    continue
        text, _note = decode_bytes(self.body)  # ArticleLoadError for binary data
        return text


_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_.:-]{1,40})""",
                           re.I)
META_SNIFF_BYTES = 4096


def _meta_charset(body: bytes) -> str | None:
    match = _META_CHARSET.search(body[:META_SNIFF_BYTES])
    return match.group(1).decode("ascii") if match else None


def _media_type(header: str) -> tuple[str, str | None]:
    """("text/html", "utf-8") from 'text/html; charset="UTF-8"'."""
    parts = header.split(";")
    charset = None
    for part in parts[1:]:
        name, _, value = part.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip('"\''):
            charset = value.strip().strip('"\'')
    return parts[0].strip().lower(), charset


def acceptable_type(media_type: str) -> bool:
    """A page, a feed, or a type a page or a feed is sometimes served as."""
    return (media_type in HTML_TYPES or media_type in FEED_TYPES or media_type in SNIFFED_TYPES
            or media_type.endswith("+xml"))


class Fetcher:
    """Fetches URLs with one connection pool; `close()` (or `with`) when done."""

    def __init__(self, options: FetchOptions | None = None):
        self.options = options or FetchOptions()
        timeout = httpx.Timeout(self.options.read_timeout, connect=self.options.connect_timeout)
        self._client = httpx.Client(
            timeout=timeout, follow_redirects=False, trust_env=False,
            headers={"User-Agent": USER_AGENT, "Accept": ACCEPT},
            limits=httpx.Limits(max_connections=32, max_keepalive_connections=8),
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def get(self, url: str, *, etag: str | None = None,
            last_modified: str | None = None) -> Fetched:
        """GET `url` (redirects followed); FetchError with the reason when it fails."""
        try:
            return self._get(url, etag, last_modified)
        except FetchError:
            raise
        except httpx.HTTPError as exc:
            raise FetchError(http_failure(exc, self.options)) from None
        except (ValueError, UnicodeError) as exc:  # a URL httpx cannot even build
            raise FetchError(f"not a valid URL ({type(exc).__name__})") from None

    def _get(self, url: str, etag: str | None, last_modified: str | None) -> Fetched:
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        request = self._client.build_request("GET", url, headers=headers)
        seen = {str(request.url)}
        for _hop in range(self.options.max_redirects + 1):
            _check_scheme(request.url)
            response = self._client.send(request, stream=True)
            try:
                if response.status_code not in REDIRECT_CODES:
                    return self._finish(response)
                following = response.next_request
            finally:
                response.close()
            if following is None:
                raise FetchError(f"HTTP {response.status_code} redirect without a Location")
            if str(following.url) in seen:
                raise FetchError("redirect loop")
            seen.add(str(following.url))
            request = following
        raise FetchError(f"too many redirects (more than {self.options.max_redirects})")

    def _finish(self, response: httpx.Response) -> Fetched:
        media_type, charset = _media_type(response.headers.get("content-type", ""))
        fetched = Fetched(url=str(response.url), status=response.status_code,
                          content_type=media_type, charset=charset,
                          etag=response.headers.get("etag"),
                          last_modified=response.headers.get("last-modified"))
        if response.status_code == 304:
            fetched.not_modified = True
            return fetched
        if response.status_code >= 400:
            raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}".strip())
        if not 200 <= response.status_code < 300:
            raise FetchError(f"unexpected HTTP {response.status_code} {response.reason_phrase}")
        if not acceptable_type(media_type):
            raise FetchError(f"not a web page or feed ({media_type[:60]})")
        fetched.body = self._read_body(response)
        return fetched

    def _read_body(self, response: httpx.Response) -> bytes:
        limit = self.options.max_bytes
        too_large = f"too large (over {size_text(limit)}; the limit is {size_text(limit)})"
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(f"too large ({size_text(int(declared))}; the limit is "
                             f"{size_text(limit)})")
        deadline = time.monotonic() + self.options.body_deadline
        chunks, size = [], 0
        for chunk in response.iter_bytes():  # as they arrive: re-chunking would wait
            size += len(chunk)
            if size > limit:
                raise FetchError(too_large)
            if time.monotonic() > deadline:
                raise FetchError(f"timed out (the body took over {self.options.body_deadline:g} s)")
            chunks.append(chunk)
        return b"".join(chunks)


def _check_scheme(url: httpx.URL) -> None:
    if url.scheme not in ("http", "https"):
        raise FetchError(f"not an http(s) URL ({url.scheme or 'no scheme'}:)")
    if not url.host:
        raise FetchError("not a valid URL (no host)")


def _causes(exc: BaseException) -> list[BaseException]:
    """The errors `exc` was raised from (httpx wraps httpcore's, which wraps the OSError)."""
    chain, seen = [], set()
    current = exc.__cause__ or exc.__context__
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def http_failure(exc: httpx.HTTPError, options: FetchOptions) -> str:
    """The reason an httpx error stands for, one line for people."""
    message = str(exc)
    lowered = message.lower()
    if isinstance(exc, httpx.ConnectTimeout):
        return f"timed out connecting (after {options.connect_timeout:g} s)"
    if isinstance(exc, httpx.TimeoutException):
        return f"timed out (no answer for {options.read_timeout:g} s)"
    if isinstance(exc, httpx.UnsupportedProtocol):
        return "not an http(s) URL"
    if isinstance(exc, httpx.ConnectError):
        causes = _causes(exc)
        if "refused" in lowered or any(isinstance(c, ConnectionRefusedError) for c in causes):
            return "connection refused"
        dns_words = ("name or service", "nodename", "getaddrinfo", "name resolution", "no address",
                     "resolve")
        if any(isinstance(c, socket.gaierror) for c in causes) or any(w in lowered for w in dns_words):
            return "host not found (DNS)"
        if "ssl" in lowered or "certificate" in lowered:
            return "TLS error (certificate or handshake)"
        return "cannot connect"
    if isinstance(exc, (httpx.RemoteProtocolError, httpx.ReadError)):
        return "the server broke off the connection"
    if isinstance(exc, httpx.DecodingError):
        return "the server sent a body that cannot be decompressed"
    return f"fetch failed ({type(exc).__name__})"
