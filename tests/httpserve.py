"""A real HTTP server on 127.0.0.1 for the import tests, and the documents it serves.

`pytest-httpserver` runs a werkzeug server in a thread; `site` (tests/unit/conftest.py)
starts a threaded one per test so slow handlers do not hold up the others.
The builders below write the kind of page and feed the web serves: article pages
wrapped in navigation, share bars and footers, RSS and Atom feeds with full text or
only summaries, relative links.
"""

from __future__ import annotations

import html
import threading
import time

from werkzeug.wrappers import Response

PARAGRAPH = ("The city council approved a budget of {n} million pounds on Monday after a "
             "debate that lasted more than six hours and drew hundreds of residents to the "
             "chamber, where councillors from every ward spoke for and against the plan. ")


def words(topic: str, count: int = 3) -> list[str]:
    """`count` paragraphs of realistic reporting about `topic` (distinct per topic)."""
    return [f"{topic}: " + PARAGRAPH.format(n=100 + i) +
            f"Officials said the {topic} figures for year {2000 + i} would be published "
            "in full next week, and opposition members asked for an independent review."
            for i in range(count)]


def article_page(title: str, paragraphs: list[str], *, site_name: str = "Example News",
                 author: str = "Jane Doe", date: str = "2025-01-13",
                 canonical: str | None = None, charset: str | None = "utf-8") -> str:
    """A news page: the article inside nav, share bar, related links and a footer."""
    meta_charset = f'<meta charset="{charset}">' if charset else ""
    link = f'<link rel="canonical" href="{html.escape(canonical)}">' if canonical else ""
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return f"""<!doctype html><html><head>{meta_charset}
<title>{html.escape(title)} | {html.escape(site_name)}</title>
<meta property="og:title" content="{html.escape(title)}">
<meta property="og:site_name" content="{html.escape(site_name)}">
<meta name="author" content="{html.escape(author)}">
<meta property="article:published_time" content="{date}T09:30:00Z">{link}</head>
<body><header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a>
<a href="/weather">Weather</a></nav></header>
<main><article><h1>{html.escape(title)}</h1><p class="byline">By {html.escape(author)}</p>
{body}</article>
<aside><h3>Most read</h3><ul><li><a href="/a">Celebrity chef opens restaurant</a></li>
<li><a href="/b">Ten gadgets you need this winter</a></li></ul></aside></main>
<footer><p>Sign up for our newsletter</p><p>Cookie settings</p>
<p>Copyright 2025 {html.escape(site_name)}. All rights reserved.</p></footer></body></html>"""


def empty_page() -> str:
    return ("<!doctype html><html><head><title>Loading</title></head><body>"
            "<nav><a href='/'>Home</a></nav><div id='app'></div></body></html>")


def rss(title: str, items: list[dict], *, link: str = "/") -> str:
    """RSS 2.0; each item: title, link, and `content` (full HTML) or `summary`."""
    parts = []
    for item in items:
        content = (f"<content:encoded><![CDATA[{item['content']}]]></content:encoded>"
                   if "content" in item else "")
        parts.append(
            f"<item><title>{html.escape(item['title'])}</title>"
            f"<link>{html.escape(item['link'])}</link><guid>{html.escape(item.get('guid', item['link']))}</guid>"
            f"<pubDate>{item.get('date', 'Mon, 13 Jan 2025 10:00:00 GMT')}</pubDate>"
            f"<description>{html.escape(item.get('summary', 'A short summary.'))}</description>"
            f"{content}</item>")
    return ('<?xml version="1.0" encoding="utf-8"?>'
            '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
            f"<channel><title>{html.escape(title)}</title><link>{link}</link>"
            f"<description>news</description>{''.join(parts)}</channel></rss>")


def atom(title: str, items: list[dict]) -> str:
    entries = "".join(
        f"<entry><title>{html.escape(i['title'])}</title><link href=\"{html.escape(i['link'])}\"/>"
        f"<id>{html.escape(i['link'])}</id><updated>2025-01-14T08:00:00Z</updated>"
        f"<author><name>{html.escape(i.get('author', 'Sam Roe'))}</name></author>"
        + (f"<content type=\"html\">{html.escape(i['content'])}</content>" if "content" in i
           else f"<summary>{html.escape(i.get('summary', 'Short.'))}</summary>")
        + "</entry>" for i in items)
    return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>{html.escape(title)}</title><id>urn:x</id><updated>2025-01-14T08:00:00Z"
            f"</updated>{entries}</feed>")


def full_html(paragraphs: list[str]) -> str:
    return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)


class Streamed:
    """A body of `total` bytes produced `chunk` at a time, counting what was produced,
    so a test can assert the client stopped reading early."""

    def __init__(self, total: int, chunk: int = 64 * 1024, delay: float = 0.0):
        self.total, self.chunk, self.delay = total, chunk, delay
        self.produced = 0

    def __iter__(self):
        while self.produced < self.total:
            if self.delay:
                time.sleep(self.delay)
            self.produced += self.chunk
            yield b"<p>" + b"x" * (self.chunk - 3)

    def response(self, content_type: str = "text/html") -> Response:
        return Response(iter(self), content_type=content_type, direct_passthrough=True)


class InFlight:
    """Counts requests being answered at once (for the concurrency limits)."""

    def __init__(self, delay: float):
        self.delay = delay
        self.now = self.most = 0
        self._lock = threading.Lock()

    def __enter__(self):
        with self._lock:
            self.now += 1
            self.most = max(self.most, self.now)
        time.sleep(self.delay)

    def __exit__(self, *_exc):
        with self._lock:
            self.now -= 1
