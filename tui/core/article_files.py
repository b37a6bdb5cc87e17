"""Imported articles as files a person owns: Markdown with front matter, findable names.

`ArticleFolder` is the import folder: it knows which articles are already there
(by canonical URL and by text hash, read with the app's own loader) so the same
story is never saved twice, in one run or across runs, and it writes each new
article as `DATE-SOURCE-TITLE.md` (ASCII, bounded, never a path outside the
folder, never over an existing file: `-2`, `-3`, ... instead), all or nothing
(`atomic.atomic_write_new`).

The front matter holds `title`, `source`, `date`, `url`, `author` and `fetched`
(ISO 8601, UTC). Every value comes from the web or a file, so each is one
sanitized line capped as the loader caps it, and written with `yaml.safe_dump`:
no value can close the block, start a new key or carry a YAML tag.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import yaml

from .articles import FIELD_CAPS, load_paths
from .atomic import atomic_write_new
from .inference import shorten
from .sanitize import sanitize_line, sanitize_text

SLUG_MAX_CHARS = 60  # of the title part of a file name
SOURCE_SLUG_MAX_CHARS = 30
MAX_NAME_SUFFIX = 1000  # -2 … -1000: past that, something is wrong with the folder
# Query parameters that only track who clicked, dropped when URLs are compared.
TRACKING_PARAMS = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid)$", re.I)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


@dataclass
class NewArticle:
    """An article about to be saved: metadata as found (cleaned when written) and its text."""

    text: str
    title: str = ""
    source: str = ""
    date: str = ""  # ISO date (YYYY-MM-DD) when known
    url: str = ""
    author: str = ""


def canonical_url(url: str) -> str:
    """`url` as compared for duplicates: scheme and host lower case, default port,
    fragment and tracking parameters (utm_*, fbclid, …) dropped. "" for no URL."""
    url = (url or "").strip()
    if not url:
        return ""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        return url
    if port and (parts.scheme, port) not in (("http", 80), ("https", 443)):
        host = f"{host}:{port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not TRACKING_PARAMS.match(k)])
    return urlunsplit((parts.scheme.lower(), host, parts.path or "/", query, ""))


def content_hash(text: str) -> str:
    """Hash of an article's words, whitespace ignored: the same text re-wrapped is the same."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def slug(text: str, limit: int) -> str:
    """ASCII words of `text` joined by '-', at most `limit` characters, "" if none.

    Accents are dropped (é → e), everything that is not a letter or digit is a
    separator, so "../", "/" and "\\" can never reach a file name.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > limit:
            if not out:
                out = word[:limit]
            break
        out = candidate
    return out


def file_stem(article: NewArticle, fetched: _dt.datetime) -> str:
    """`2025-01-13-source-title-words`: the article's date (else the day it was
    fetched), then its source and title, so `ls` sorts by day and reads as a list."""
    date = article.date[:10] if _ISO_DATE.match(article.date) else fetched.date().isoformat()
    parts = [date, slug(article.source, SOURCE_SLUG_MAX_CHARS),
             slug(article.title, SLUG_MAX_CHARS) or "article"]
    return "-".join(part for part in parts if part)


def front_matter_text(article: NewArticle, fetched: _dt.datetime) -> str:
    """The whole file: a YAML block of cleaned, capped values, then the text."""
    fields = {}
    for name in ("title", "source", "date", "url", "author"):
        value = sanitize_line(getattr(article, name) or "")
        if name == "url":
            value = value if len(value) <= FIELD_CAPS["url"] else ""  # cut, it would mislead
        else:
            value = shorten(value, FIELD_CAPS[name])
        if value:
            fields[name] = value
    fields["fetched"] = fetched.astimezone(_dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    block = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{block}---\n\n{clean_body(article.text)}\n"


def clean_body(text: str) -> str:
    """The text as the loader will read it back (sanitized, outer blank lines gone).
    A leading `---` line is the one thing that could pass for a second front matter
    block, so the body never starts with one."""
    body = sanitize_text(text).strip()
    return re.sub(r"\A-{3,}[ \t]*\n", "", body).strip()


class ArticleFolder:
    """The import folder: what it holds, and new articles written into it (thread-safe)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._lock = threading.Lock()
        self.urls: set[str] = set()
        self.hashes: set[str] = set()
        if folder.is_dir():
            for existing in load_paths([folder]).articles:
                self.remember(existing.url, existing.text)

    def remember(self, url: str, text: str) -> None:
        if url:
            self.urls.add(canonical_url(url))
        self.hashes.add(content_hash(text))

    def has_url(self, url: str) -> bool:
        with self._lock:
            return bool(url) and canonical_url(url) in self.urls

    def save(self, article: NewArticle, fetched: _dt.datetime | None = None) -> Path | None:
        """Write `article`; None when it is a duplicate (same canonical URL or same text).

        OSError (full disk, no permission) propagates, for the caller's failure line.
        """
        fetched = fetched or _dt.datetime.now(_dt.UTC)
        body = clean_body(article.text)
        with self._lock:
            url = canonical_url(article.url)
            digest = content_hash(body)
            if (url and url in self.urls) or digest in self.hashes:
                return None
            self.folder.mkdir(parents=True, exist_ok=True)
            path = self._write_new(file_stem(article, fetched),
                                   front_matter_text(article, fetched))
            if url:
                self.urls.add(url)
            self.hashes.add(digest)
            return path

    def _write_new(self, stem: str, text: str) -> Path:
        for number in range(1, MAX_NAME_SUFFIX + 1):
            name = f"{stem}.md" if number == 1 else f"{stem}-{number}.md"
            path = self.folder / name
            try:
                atomic_write_new(path, text, replace=False)
            except FileExistsError:
                continue
            return path
        raise OSError(f"{MAX_NAME_SUFFIX} files named {stem}*.md already")
