"""What a fetched body is (a feed, a page), and a feed's entries as articles.

`feedparser` is only ever given bytes already fetched (a string that looks
like a URL would make it fetch by itself). Entry links are resolved against the
feed's own URL, so a feed that writes `<link>/2025/story.html</link>` imports
`https://site.example/2025/story.html`. An entry whose text is only a summary
(fewer than `FULL_TEXT_MIN_WORDS` words) is marked `needs_page`: its page is
fetched and extracted instead.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from .article_files import NewArticle
from .decoding import ArticleLoadError
from .fetch import FEED_TYPES, HTML_TYPES, Fetched
from .html_text import extract as extract_html
from .html_text import plain_text
from .sanitize import sanitize_line, sanitize_text

FULL_TEXT_MIN_WORDS = 120  # fewer words in the feed: a summary, so the page is fetched
MIN_PAGE_WORDS = 15  # what a page must hold, once extracted, to be an article
SNIFF_BYTES = 2048
_PROLOGUE = re.compile(rb"\A(?:\s+|<\?.*?\?>|<!--.*?-->)*", re.S)
_FEED_ROOTS = (b"<rss", b"<feed", b"<rdf:rdf", b"<rdf")
_PAGE_ROOTS = (b"<!doctype html", b"<html")


def kind_of(fetched: Fetched) -> str | None:
    """"feed", "page" or None: by what the document starts with, else by content type.

    The start wins over the type: servers send feeds as text/html and pages as
    text/xml often enough.
    """
    head = fetched.body[:SNIFF_BYTES]
    head = head[3:] if head.startswith(b"\xef\xbb\xbf") else head
    prologue = _PROLOGUE.match(head)
    assert prologue is not None  # the pattern matches the empty string
    head = head[prologue.end():].lower()
    if head.startswith(_FEED_ROOTS):
        return "feed"
    if head.startswith(_PAGE_ROOTS):
        return "page"
    if fetched.content_type in FEED_TYPES:
        return "feed"
    if head.startswith(b"{") and b"jsonfeed.org" in head:
        return "feed"
    if fetched.content_type in HTML_TYPES or b"<body" in head or b"<head" in head:
        return "page"
    return None


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def web_url(base: str, link: str | None) -> str:
    """`link` resolved against `base`; "" unless the result is an http(s) URL."""
    if not link or not isinstance(link, str):
        return ""
    resolved = urljoin(base, link.strip())
    return resolved if urlsplit(resolved).scheme in ("http", "https") else ""


def page_article(html: str, url: str) -> NewArticle:
    """Main text and metadata of a page, as the loader extracts HTML files (trafilatura,
    bounded). ArticleLoadError "no article text found in the HTML" when there is none."""
    text, meta, _notes = extract_html(html)
    if len(text.split()) < MIN_PAGE_WORDS:  # a menu or a "Loading…" shell, not an article
        raise ArticleLoadError("no article text found in the HTML")
    canonical = web_url(url, meta.get("url")) or url
    source = meta.get("source") or re.sub(r"^www\.", "", host_of(url))
    return NewArticle(text=text, title=meta.get("title") or "", source=source or "",
                      date=meta.get("date") or "", url=canonical, author=meta.get("author") or "")


@dataclass
class Entry:
    """One feed entry: its identity (for refreshes), its link, and what the feed gave."""

    key: str
    link: str
    article: NewArticle
    needs_page: bool


@dataclass
class ParsedFeed:
    title: str
    entries: list[Entry]


class NotAFeed(ValueError):
    """The body could not be read as a feed (the message says why)."""


def parse_feed(fetched: Fetched) -> ParsedFeed:
    """Every entry of a fetched feed; NotAFeed when it holds none and is not a feed."""
    import feedparser

    parsed = feedparser.parse(fetched.body, response_headers={
        "content-location": fetched.url,
        "content-type": fetched.content_type + (f"; charset={fetched.charset}"
                                                if fetched.charset else ""),
    })
    if not parsed.entries and (parsed.bozo or not parsed.version):
        reason = getattr(parsed.get("bozo_exception"), "getMessage", lambda: "")() or "no entries"
        raise NotAFeed(f"not a valid feed ({sanitize_line(str(reason))[:80]})")
    title = sanitize_line(parsed.feed.get("title") or "") or host_of(fetched.url)
    return ParsedFeed(title, [_entry(item, fetched.url, title) for item in parsed.entries])


def _entry(item: Mapping[str, Any], feed_url: str, feed_title: str) -> Entry:
    link = web_url(feed_url, item.get("link"))
    text = _entry_text(item)
    article = NewArticle(text=text, title=item.get("title") or "", source=feed_title,
                         date=_entry_date(item), url=link, author=item.get("author") or "")
    key = sanitize_line(str(item.get("id") or link or item.get("title") or ""))
    needs_page = bool(link) and len(text.split()) < FULL_TEXT_MIN_WORDS
    return Entry(key=key, link=link, article=article, needs_page=needs_page)


def _entry_text(item: Mapping[str, Any]) -> str:
    """The entry's longest content (else its summary) as plain text."""
    bodies = [(c.get("value") or "", c.get("type") or "") for c in item.get("content") or []]
    if item.get("summary"):
        bodies.append((item.get("summary"), (item.get("summary_detail") or {}).get("type", "")))
    texts = [html_to_text(value) if "html" in kind or "<" in value else sanitize_text(value)
             for value, kind in bodies if isinstance(value, str)]
    return max(texts, key=len, default="").strip()


def html_to_text(fragment: str) -> str:
    """The visible text of an HTML fragment, a block a line."""
    from lxml import etree

    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        tree = etree.fromstring(f"<html><body>{sanitize_text(fragment)}</body></html>"
                                .encode(), parser=parser)
    except Exception:  # lxml refusing hostile markup: nothing usable
        return ""
    return plain_text(tree) if tree is not None else ""


def _entry_date(item: Mapping[str, Any]) -> str:
    for name in ("published_parsed", "updated_parsed", "created_parsed"):
        value = item.get(name)
        if value:
            try:
                return _dt.date(value.tm_year, value.tm_mon, value.tm_mday).isoformat()
            except (ValueError, AttributeError):
                continue
    return ""
