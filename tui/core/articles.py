"""Articles and their loaders (.txt, .md with front matter, .html, .json).

Loading is total and bounded: any bytes in any supported format give an
`Article` or one `LoadProblem` naming the file and the reason, never an
exception, so one bad file never stops the others from loading; and no file
takes more than bounded time and memory (5 MiB read at most, front matter and
HTML bounded as `front_matter` and `html_text` say, every metadata field capped
at a named length). Every text field passes `sanitize_text` / `sanitize_line`.
Reading and decoding bytes live in `decoding`, folder walks in `scan`.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from .decoding import (  # noqa: F401  (MAX_FILE_BYTES, decode_bytes: known as articles.*)
    MAX_FILE_BYTES,
    ArticleLoadError,
    decode_bytes,
    read_text_file,
    size_text,
)
from .front_matter import body_without_block, parse_markdown
from .html_text import extract as extract_html
from .inference import (  # noqa: F401  (known as articles.*)
    KNOWN_OUTLETS,
    SOURCE_SCAN_CHARS,
    TITLE_MAX_CHARS,
    infer_date,
    infer_source,
    infer_title,
    shorten,
)
from .sanitize import sanitize_line, sanitize_text
from .scan import DEFAULT_MAX_FILES, ScanBudget, limit_message, walk_folder

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".json")

# Caps on metadata given by the file (front matter, JSON fields, HTML metadata).
TITLE_FIELD_MAX_CHARS = 300
SOURCE_MAX_CHARS = 120
DATE_MAX_CHARS = 40
URL_MAX_CHARS = 2048
AUTHOR_MAX_CHARS = 200
FIELD_CAPS = {"title": TITLE_FIELD_MAX_CHARS, "source": SOURCE_MAX_CHARS, "date": DATE_MAX_CHARS,
              "url": URL_MAX_CHARS, "author": AUTHOR_MAX_CHARS}


@dataclass
class Article:
    """One article: sanitized text plus display metadata.

    An article from the library index (`Article.indexed`) knows its metadata, word
    count and text hash without its text; the text is read from its file the first
    time it is asked for, so a start reads no article text.
    """

    uri: str
    text: str
    title: str
    source: str = ""
    date: str = ""
    url: str = ""
    path: Path | None = None
    author: str = ""

    @classmethod
    def indexed(cls, uri: str, title: str, *, words: int, digest: str,
                load_text: Callable[[], str], **fields: Any) -> Article:
        """An article whose text `load_text()` gives on first use; `words` and `digest`
        (the text's sha256) answer until then."""
        article = cls(uri=uri, text=_NOT_LOADED, title=title, **fields)
        article.__dict__["_lazy"] = (load_text, words, digest)
        return article

    @property
    def text_loaded(self) -> bool:
        return self.__dict__.get("_text") is not _NOT_LOADED

    @property
    def text_hash(self) -> str:
        """sha256 of the text, computed once per text (it is asked for per claim)."""
        if not self.text_loaded:
            digest: str = self.__dict__["_lazy"][2]
            return digest
        known = self.__dict__.get("_hash_of")
        if known is None or known[0] is not self.text:
            known = self.__dict__["_hash_of"] = (self.text, text_hash(self.text))
        return known[1]

    @property
    def words(self) -> int:
        if not self.text_loaded:
            words: int = self.__dict__["_lazy"][1]
            return words
        return len(self.text.split())


_NOT_LOADED: Any = object()  # an indexed article's text, until it is read


def _get_text(article: Article) -> str:
    text = article.__dict__.get("_text")
    if text is _NOT_LOADED:
        text = article.__dict__["_text"] = article.__dict__["_lazy"][0]()
    return cast(str, text)  # set through the `text` property, always a str


def _set_text(article: Article, text: str) -> None:
    article.__dict__["_text"] = text


# After @dataclass: its __init__, __eq__ and __repr__ go through the property too.
Article.text = property(_get_text, _set_text)  # type: ignore[assignment]


@dataclass(frozen=True)
class LoadProblem:
    """A file that did not load (or loaded with a caveat), for one line of output."""

    path: str
    reason: str
    fatal: bool = True

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass
class LoadResult:
    articles: list[Article] = field(default_factory=list)
    problems: list[LoadProblem] = field(default_factory=list)

    def extend(self, other: LoadResult) -> None:
        self.articles.extend(other.articles)
        self.problems.extend(other.problems)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def display_path(path: Path | str) -> str:
    """A file name safe to print: file names are untrusted text too."""
    return sanitize_line(os.fsdecode(path)) or "?"


_size = size_text  # the old name


def _scalar_text(value: object) -> str | None:
    if isinstance(value, bool):
        return None  # YAML's "yes"/"no": not a title, a source or a date
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, (str, int, float)):
        return str(value)
    return None


def meta_field(value: object, cap: int) -> str | None:
    """A metadata value as one sanitized line, cut near `cap` characters; None if not text.

    Strings, numbers and dates are text; a list of them (authors, sources) is
    joined with commas; anything else (a table, a boolean) is not. The value is
    cut to four times `cap` before it is cleaned, so a huge field costs nothing.
    """
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        items = [_scalar_text(item) for item in value[:cap]]
        texts = [item for item in items if item is not None]
        if len(texts) < len(items):
            return None
        text = ", ".join(texts)
    else:
        scalar = _scalar_text(value)
        if scalar is None:
            return None
        text = scalar
    return sanitize_line(text[: cap * 4])


def _metadata(meta: dict[str, Any], notes: list[str]) -> dict[str, str]:
    """Every known field of `meta`, capped and sanitized; a field that is not text is noted."""
    given = {"source": meta.get("source") or meta.get("sitename"),
             "author": meta.get("author") or meta.get("authors")}
    fields = {}
    for name, cap in FIELD_CAPS.items():
        value = given[name] if name in given else meta.get(name)
        text = meta_field(value, cap)
        if text is None:
            notes.append(f'the "{name}" field is not text ({type(value).__name__}); ignored')
            text = ""
        elif name == "url" and len(text) > cap:  # a shortened URL would be a wrong one
            notes.append(f'the "url" field is over {cap:,} characters; ignored')
            text = ""
        fields[name] = shorten(text, cap)
    return fields


def _make_article(path: Path, text: str, meta: dict[str, Any], notes: list[str]) -> Article:
    if not text.strip():
        raise ArticleLoadError("no article text")
    fields = _metadata(meta, notes)
    stem = shorten(sanitize_line(path.stem), TITLE_FIELD_MAX_CHARS)
    return Article(
        uri=path.resolve().as_uri(),
        text=text,
        title=fields["title"] or sanitize_line(infer_title(text)) or stem or "untitled",
        source=fields["source"] or infer_source(text),
        date=fields["date"] or infer_date(text),
        url=fields["url"],
        path=path,
        author=fields["author"],
    )


# --------------------------------------------------------------------------- loaders


def _load_plain(path: Path, raw: str) -> tuple[Article, list[str]]:
    notes: list[str] = []
    return _make_article(path, sanitize_text(raw), {}, notes), notes


def _load_markdown(path: Path, raw: str) -> tuple[Article, list[str]]:
    parsed = parse_markdown(raw)
    notes = list(parsed.notes)
    if parsed.whole_file:
        # Nothing is lost: the whole file is the text, but the title comes from the body.
        title = infer_title(sanitize_text(body_without_block(raw)))
        return _make_article(path, sanitize_text(raw), {"title": title}, notes), notes
    return _make_article(path, sanitize_text(parsed.body), parsed.meta, notes), notes


def _load_html(path: Path, raw: str) -> tuple[Article, list[str]]:
    text, meta, notes = extract_html(raw)
    return _make_article(path, sanitize_text(text), meta, notes), notes


def _load_json(path: Path, raw: str) -> tuple[Article, list[str]]:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ArticleLoadError(f"invalid JSON at line {exc.lineno}: {exc.msg}") from None
    except RecursionError:
        raise ArticleLoadError("JSON nested too deeply to read") from None
    except ValueError as exc:  # a number too long to convert, and the like
        raise ArticleLoadError(f"invalid JSON ({sanitize_line(str(exc))[:80]})") from None
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise ArticleLoadError('JSON article needs an object with a "text" string')
    notes: list[str] = []
    return _make_article(path, sanitize_text(data["text"]), data, notes), notes


_LOADERS = {
    ".txt": _load_plain,
    ".md": _load_markdown,
    ".markdown": _load_markdown,
    ".html": _load_html,
    ".htm": _load_html,
    ".json": _load_json,
}


def load_file(path: Path) -> LoadResult:
    """Load one file into a LoadResult holding the article or the reason it failed; never raises."""
    result = LoadResult()
    shown = display_path(path)
    loader = _LOADERS.get(path.suffix.lower(), _load_plain)
    try:
        raw, note = read_text_file(path)
        article, notes = loader(path, raw)
    except ArticleLoadError as exc:
        result.problems.append(LoadProblem(shown, str(exc)))
        return result
    except RecursionError:
        result.problems.append(LoadProblem(shown, "nested too deeply to read"))
        return result
    except MemoryError:
        result.problems.append(LoadProblem(shown, "too large to read in memory"))
        return result
    except Exception as exc:  # a parser library failing on hostile input
        result.problems.append(LoadProblem(shown, f"could not be parsed ({type(exc).__name__})"))
        return result
    result.articles.append(article)
    for message in ([note] if note else []) + notes:
        result.problems.append(LoadProblem(shown, message, fatal=False))
    return result


def configured_max_files() -> int:
    """The `max_files` setting of the config file; the default if it cannot be read.

    A config file that cannot be used is reported where the settings are loaded
    (at start-up); here it only means the default limit.
    """
    from .config import ConfigError, load_settings  # late: config imports this module

    try:
        return load_settings().max_files
    except (ConfigError, OSError):
        return DEFAULT_MAX_FILES


def load_paths(paths: Iterable[Path | str], max_files: int | None = None,
               loader: Callable[[Path], LoadResult] = load_file) -> LoadResult:
    """Load files and folders; duplicates (same file) are loaded once.

    At most `max_files` files (when not given, the `max_files` setting of the
    config, by default `DEFAULT_MAX_FILES`) are loaded in all; past it, one
    problem says the load stopped. Folders are scanned as `scan.walk_folder`
    says: symlinked folders outside the folder are not followed, unreadable
    folders are one problem each. Each file goes through `loader` (the library
    index passes its own, which reads only new and changed files).
    """
    result = LoadResult()
    budget = ScanBudget(configured_max_files() if max_files is None else max_files)
    seen_uris: set[str] = set()

    def report(path: str, reason: str, fatal: bool) -> None:
        result.problems.append(LoadProblem(path, reason, fatal))

    for raw_path in paths:
        if budget.exhausted:
            break
        path = Path(raw_path)
        loaded = LoadResult()
        if path.is_dir():
            before = len(result.problems)
            files = list(walk_folder(path, SUPPORTED_SUFFIXES, budget, report))
            if not files and not any(p.fatal for p in result.problems[before:]):
                report(display_path(path), "folder holds no .txt, .md, .html or .json articles", True)
            for file in files:
                loaded.extend(loader(file))
        elif budget.take_file():
            loaded = loader(path)
        else:
            report(display_path(path), limit_message(budget, f"{budget.max_files:,} files"), True)
            break
        for article in loaded.articles:
            if article.uri not in seen_uris:
                seen_uris.add(article.uri)
                result.articles.append(article)
        result.problems.extend(loaded.problems)
    return result


def bundled_seeds_dir() -> Path:
    """The sample articles shipped with the package (or the checkout's seeds/)."""
    packaged = Path(__file__).resolve().parent.parent / "seeds"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "seeds"
