"""The feed list as OPML 2.0, the format newsboat and every other reader import and export.

Reading uses the standard library's `xml.etree`, which does not fetch external
entities but does expand internal ones (a "billion laughs" document), so any
document type declaration or entity declaration is refused before parsing:
OPML never needs one. The file is read with the loader's bounded reader (a
regular file, at most 5 MiB). Every `<outline>` with an `xmlUrl`, at any depth
(folders are outlines holding outlines), is a feed.
"""

from __future__ import annotations

import datetime as _dt
import re
import xml.etree.ElementTree as ET
from email.utils import format_datetime
from pathlib import Path

from .articles import display_path
from .decoding import ArticleLoadError, read_bytes
from .feeds import Feed
from .sanitize import sanitize_line

_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.I)


class OpmlError(ValueError):
    """The file is not OPML newsdesk can read; the message names it."""


def read_opml(path: Path) -> list[tuple[str, str]]:
    """(url, title) of every feed outline of the OPML file at `path`."""
    shown = display_path(path)
    try:
        data = read_bytes(path)
    except ArticleLoadError as exc:
        raise OpmlError(f"{shown}: {exc}") from None
    return parse_opml(data, shown)


def parse_opml(data: bytes, shown: str = "OPML") -> list[tuple[str, str]]:
    if _DECLARATION.search(data):
        raise OpmlError(f"{shown}: has a DOCTYPE or ENTITY declaration; refused (OPML needs none)")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise OpmlError(f"{shown}: not valid XML ({sanitize_line(str(exc))})") from None
    if root.tag.lower() != "opml":
        raise OpmlError(f"{shown}: not OPML (the document is <{sanitize_line(root.tag)[:40]}>)")
    feeds = []
    for outline in root.iter("outline"):
        url = outline.get("xmlUrl") or outline.get("xmlurl")
        if url:
            title = outline.get("title") or outline.get("text") or ""
            feeds.append((url.strip(), sanitize_line(title)))
    return feeds


def opml_text(feeds: list[Feed], now: _dt.datetime | None = None) -> str:
    """OPML 2.0 listing `feeds` (type rss, text and title the feed's title)."""
    now = now or _dt.datetime.now(_dt.UTC)
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = "newsdesk feeds"
    ET.SubElement(head, "dateCreated").text = format_datetime(now)
    body = ET.SubElement(root, "body")
    for feed in feeds:
        title = sanitize_line(feed.title) or feed.url
        ET.SubElement(body, "outline", type="rss", text=title, title=title, xmlUrl=feed.url)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"
