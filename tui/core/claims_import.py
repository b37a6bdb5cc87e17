"""Import claims and article notes: restore a backup, or bring annotations from elsewhere.

Reads newsdesk's JSON export, W3C Web Annotation JSON-LD (a collection, a page, a
list or one annotation) and Hypothesis annotations (API search results or a list).
The file is untrusted: every record passes the validator the database itself uses
(`Annotation.from_record`), so neither a bad row nor an escape sequence gets in; a
record that cannot be used is reported and the others still import.

Claims are attached by quote to the article's current text as re-anchoring does
(position, then quote, then fuzzy); one whose words are gone is kept as an orphan,
never dropped. Nothing is written until every record is read and placed, and then
it is one `Store.insert`. Plain Python (no textual).
"""

from __future__ import annotations

import datetime as _dt
import json
import stat
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

from .anchoring import anchor, make_selector
from .articles import Article, display_path, load_file
from .claims import file_path
from .inference import shorten
from .records import STATUSES, Annotation, BadRecord
from .sanitize import sanitize_line
from .store import Store

# A year of heavy use exports to a few MiB; anything far larger is not a claims file.
MAX_IMPORT_BYTES = 64 * 1024 * 1024
QUOTE_CHARS = 60  # a claim's quote in a report line, shortened to this
URN_UUID = "urn:uuid:"
# Name-based ids for annotations that come without one, so importing the same file
# twice finds them already in the database instead of adding them again.
ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "newsdesk:import")
# A W3C or Hypothesis annotation does not count edits; it enters the database as one.
IMPORTED_REV = 1
# The fields of a stored row that newsdesk's JSON export carries.
ROW_FIELDS = ("id", "uri", "selector", "status", "tags", "note", "created", "modified",
              "anchored", "text_hash", "tagged_quote", "rev")
UNKNOWN_SHAPE = ("not a recognised file: expected newsdesk's JSON export, W3C Web Annotations "
                 "or Hypothesis annotations")


class ImportFileError(Exception):
    """The file cannot be read at all; the message is the one line to show."""


@dataclass
class ParsedFile:
    """A file's records: usable ones as (where it sits, e.g. `claims[3]`, annotation)."""

    name: str  # the file, safe to print
    records: int = 0
    candidates: list[tuple[str, Annotation]] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (label, reason)


@dataclass
class ImportReport:
    """What an import did, for the summary line and one line per record worth naming."""

    name: str
    records: int = 0
    added: list[Annotation] = field(default_factory=list)
    duplicates: int = 0
    orphans: list[tuple[str, Annotation]] = field(default_factory=list)
    unchecked: dict[str, tuple[int, str]] = field(default_factory=dict)  # uri -> (claims, why)
    rejected: list[tuple[str, str]] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """0 once the file was read, unless it held records and none of them could be used."""
        return 1 if self.records and not (self.added or self.duplicates) else 0

    def lines(self) -> list[str]:
        """The report, one line each (a record's quote is cleaned by `_named`)."""
        out = [f"{self.name}: {label}: {reason}; not imported" for label, reason in self.rejected]
        out += [f"{self.name}: {_named(label, orphan.selector.exact if orphan.selector else '')}: not found in "
                f"{orphan.uri}; kept as an orphan" for label, orphan in self.orphans]
        out += [f"{self.name}: {count} claim(s) on {uri} not checked ({why}); imported as given"
                for uri, (count, why) in self.unchecked.items()]
        claims = sum(1 for a in self.added if a.is_claim)
        summary = (f"imported {claims} claim(s) and {len(self.added) - claims} article note(s) "
                   f"from {self.name}")
        for count, what in ((self.duplicates, "already in the database"),
                            (len(self.orphans), "did not anchor (kept as orphans)"),
                            (sum(n for n, _ in self.unchecked.values()),
                             "not checked against an article"),
                            (len(self.rejected), "not imported")):
            if count:
                summary += f"; {count} {what}"
        return [*out, summary]


def _named(label: str, text: str) -> str:
    """`claims[3] "the quote, shortened…"`: where a record sits and what it says.

    The one place raw text of the file reaches a report line (everything else in one
    comes from `Annotation.from_record` or `display_path`, already clean); sanitized
    before it is cut, so half an escape sequence never survives.
    """
    text = shorten(sanitize_line(text), QUOTE_CHARS)
    return f'{label} "{text}"' if text else label


def _quote_of(record: Any) -> str:
    """Best effort: the quote (or else the note) of a record that may be malformed."""
    if not isinstance(record, dict):
        return ""
    selector = record.get("selector")
    texts = [record.get("quote"), selector.get("exact") if isinstance(selector, dict) else None]
    for target in _as_list(record.get("target")):
        if isinstance(target, dict):
            texts += [item.get("exact") for item in _as_list(target.get("selector"))
                      if isinstance(item, dict)]
    texts += [record.get("note"), record.get("text")]
    return next((text for text in texts if isinstance(text, str) and text.strip()), "")


# --------------------------------------------------------------------------- reading


def read_file(path: Path) -> ParsedFile:
    """Every record of the file, checked; `ImportFileError` if the file cannot be read."""
    name = display_path(path)
    parsed = ParsedFile(name)
    seen: dict[str, str] = {}
    records = _records(_load_json(path, name), name)
    parsed.records = len(records)
    for label, parse, record in records:
        try:
            annotation = parse(record)
        except BadRecord as exc:
            parsed.rejected.append((_named(label, _quote_of(record)), str(exc)))
            continue
        if annotation.id in seen:
            parsed.rejected.append((_named(label, _quote_of(record)),
                                    f"same id as {seen[annotation.id]}"))
            continue
        seen[annotation.id] = label
        parsed.candidates.append((label, annotation))
    return parsed


def _load_json(path: Path, name: str) -> Any:
    def fail(reason: str) -> ImportFileError:
        return ImportFileError(f"{name}: {reason}")

    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise fail("is a directory")
        if not stat.S_ISREG(info.st_mode):  # a FIFO or a device would block or never end
            raise fail("not a regular file")
        if info.st_size > MAX_IMPORT_BYTES:
            raise fail(f"too large ({info.st_size} bytes; the limit is {MAX_IMPORT_BYTES})")
        data = path.read_bytes()
    except FileNotFoundError:
        raise fail("no such file") from None
    except OSError as exc:
        raise fail(f"cannot read ({exc.strerror or exc})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise fail(f"not UTF-8 text (byte {exc.start}), so not an export") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise fail(f"not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    except RecursionError:
        raise fail("not usable JSON (nested too deeply)") from None


def _as_list(value: Any) -> list[Any]:
    return [] if value is None else value if isinstance(value, list) else [value]


def _types(node: Any) -> list[Any]:
    return _as_list(node.get("type", node.get("@type"))) if isinstance(node, dict) else []


def _records(data: Any, name: str) -> list[tuple[str, Any, Any]]:
    """(label, parser, record) for every record, by the shape of the document."""
    def listed(items: Any, prefix: str, parse: Callable[[Any], Annotation]) -> list[tuple[str, Any, Any]]:
        if not isinstance(items, list):
            raise ImportFileError(f"{name}: {prefix} is not a list")
        return [(f"{prefix}[{i}]", parse, item) for i, item in enumerate(items)]

    if isinstance(data, list):
        if data and not any(isinstance(item, dict) and "target" in item for item in data):
            raise ImportFileError(f"{name}: {UNKNOWN_SHAPE}")
        return listed(data, "", _web_annotation)
    if not isinstance(data, dict):
        raise ImportFileError(f"{name}: {UNKNOWN_SHAPE}")
    kinds = _types(data)
    if "claims" in data:
        return (listed(data["claims"], "claims", partial(_export_row, claim=True))
                + listed(data.get("article_notes", []), "article_notes",
                         partial(_export_row, claim=False)))
    if "rows" in data:
        return listed(data["rows"], "rows", _web_annotation)
    if "AnnotationCollection" in kinds:
        items, page = [], data.get("first")
        while isinstance(page, dict):  # pages embedded one in the next
            items += _as_list(page.get("items"))
            page = page.get("next")
        if page is not None:
            raise ImportFileError(f"{name}: the collection's pages are not in the file")
        return listed(items, "items", _web_annotation)
    if "AnnotationPage" in kinds:
        return listed(_as_list(data.get("items")), "items", _web_annotation)
    if "Annotation" in kinds or "target" in data:
        return [("annotation", _web_annotation, data)]
    raise ImportFileError(f"{name}: {UNKNOWN_SHAPE}")


# --------------------------------------------------------------------------- records


def _checked(row: dict[str, Any]) -> Annotation:
    """The database's own validation and sanitizing, plus what a file must also get right."""
    for key in ("created", "modified"):
        value = row.get(key)
        try:
            if isinstance(value, str) and value:
                _dt.datetime.fromisoformat(value.strip())
        except ValueError:
            raise BadRecord(f"{key} is not an ISO 8601 timestamp") from None
    if not isinstance(row.get("anchored", True), bool):
        raise BadRecord("anchored is not true or false")
    rev = row.get("rev", 0)
    if isinstance(rev, int) and rev < 0:
        raise BadRecord("rev is negative")
    return Annotation.from_record(row)


def _export_row(record: Any, *, claim: bool) -> Annotation:
    """A claim or article note of newsdesk's JSON export: its fields are the database row's."""
    if not isinstance(record, dict):
        raise BadRecord("not an object")
    row = {key: record[key] for key in ROW_FIELDS if key in record}
    if not claim:
        row["selector"] = None  # a note on the whole article
    elif not isinstance(row.get("selector"), dict):
        raise BadRecord("a claim needs a selector (its quote)")
    return _checked(row)


def _web_annotation(record: Any) -> Annotation:
    """A W3C Web Annotation or a Hypothesis annotation, as a database row.

    The first tagging body (or Hypothesis tag) that is one of the four statuses is
    the status; other tagging bodies are tags; commenting bodies (and Hypothesis's
    `text`) are the note. The quote is the words the status was given to.
    """
    if not isinstance(record, dict):
        raise BadRecord("not an annotation object (given by reference?)")
    if record.get("references"):
        raise BadRecord("a reply to another annotation, not a claim")
    target = next((t for t in _as_list(record.get("target")) if isinstance(t, (str, dict))), None)
    if target is None:
        raise BadRecord("no target (which article it is about)")
    selectors: list[dict[str, Any]] = []
    source: Any = target
    if isinstance(target, dict):
        source = target.get("source", target.get("id"))
        source = source.get("id") if isinstance(source, dict) else source
        selectors = [s for s in _as_list(target.get("selector")) if isinstance(s, dict)]
    uri = source if isinstance(source, str) and source else record.get("uri")
    quote = next((s for s in selectors if "TextQuoteSelector" in _types(s)), None)
    position = next((s for s in selectors if "TextPositionSelector" in _types(s)), None)
    if selectors and quote is None:
        raise BadRecord("no TextQuoteSelector: claims are attached by their quote")
    tags, notes = _bodies(record)
    status = next((tag for tag in tags if tag in STATUSES), None)
    if status is not None:
        tags.remove(status)
    selector = tagged = None
    if quote is not None:
        exact = quote.get("exact")
        # No position: a stand-in; anchoring finds the quote (and says it is not placed yet).
        where = position or {"start": 0, "end": len(exact) if isinstance(exact, str) else 0}
        selector = {"start": where.get("start"), "end": where.get("end"), "exact": exact,
                    "prefix": quote.get("prefix", ""), "suffix": quote.get("suffix", "")}
        tagged = exact
    elif not (notes or tags or status):
        raise BadRecord("nothing to import: no quote and no note")
    return _checked({
        "id": _web_id(record), "uri": uri, "selector": selector, "status": status,
        "tags": tags, "note": "\n\n".join(notes), "created": record.get("created"),
        "modified": record.get("modified", record.get("updated")),
        # Without a position it is not known where the quote is until it is found.
        "anchored": selector is None or position is not None, "text_hash": "",
        "tagged_quote": tagged, "rev": IMPORTED_REV,
    })


def _bodies(record: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(tags, note paragraphs) from W3C bodies and Hypothesis fields."""
    motivations = _as_list(record.get("motivation"))
    tags: list[str] = []
    notes: list[str] = []
    for body in _as_list(record.get("body")):
        if isinstance(body, str):
            continue  # an external resource by IRI: nothing newsdesk can hold
        value = body.get("value") if isinstance(body, dict) else None
        if not isinstance(value, str):
            raise BadRecord("a body has no text value")
        purposes = _as_list(body.get("purpose")) or motivations
        (tags if "tagging" in purposes else notes).append(value)
    extra_tags = record.get("tags", [])
    if not isinstance(extra_tags, list) or not all(isinstance(t, str) for t in extra_tags):
        raise BadRecord("tags is not a list of strings")
    for key in ("bodyValue", "text"):
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            raise BadRecord(f"{key} is not a string")
        if value:
            notes.append(value)
    return tags + extra_tags, notes


def _web_id(record: dict[str, Any]) -> str:
    ident = record.get("id", record.get("@id"))
    if ident is None:
        canonical = json.dumps(record, sort_keys=True, ensure_ascii=False, default=str)
        return str(uuid.uuid5(ID_NAMESPACE, canonical))
    if not isinstance(ident, str):
        raise BadRecord("id is not a string")
    return ident[len(URN_UUID):] if ident.lower().startswith(URN_UUID) else ident


# --------------------------------------------------------------------------- attaching


def _article(uri: str, cache: dict[str, tuple[Article | None, str]]) -> tuple[Article | None, str]:
    """The article a uri names, each file loaded once; else None and why it is not checked."""
    if uri not in cache:
        path = file_path(uri)
        loaded = load_file(path) if path is not None and path.exists() else None
        if loaded is None:
            cache[uri] = (None, "not a file on this computer" if path is None
                          else "article not on disk")
        elif not loaded.articles:
            reasons = "; ".join(p.reason for p in loaded.problems if p.fatal)
            cache[uri] = (None, f"article unreadable: {reasons}")
        else:
            cache[uri] = (loaded.articles[0], "")
    return cache[uri]


def _attach(annotation: Annotation, cache: dict[str, tuple[Article | None, str]]) -> tuple[Annotation, str]:
    """The annotation placed on its article's current text, and how: "anchored",
    "orphan", "note", or why it was not checked (then it is as the file gave it)."""
    article, why = _article(annotation.uri, cache)
    if article is None:
        return annotation, why
    if annotation.selector is None:
        return replace(annotation, uri=article.uri,
                       text_hash=annotation.text_hash or article.text_hash), "note"
    found = anchor(article.text, annotation.selector)
    if found is None:
        return replace(annotation, uri=article.uri, anchored=False), "orphan"
    return replace(annotation, uri=article.uri, anchored=True, text_hash=article.text_hash,
                   selector=make_selector(article.text, found.start, found.end)), "anchored"


def import_into(parsed: ParsedFile, open_store: Callable[[], Store]) -> ImportReport:
    """Attach every usable record and add them all to the store in one write.

    The store is opened only when there is something to add, so a file with no
    usable record leaves the database (or its absence) exactly as it was.
    """
    report = ImportReport(parsed.name, parsed.records, rejected=list(parsed.rejected))
    if not parsed.candidates:
        return report
    store = open_store()
    cache: dict[str, tuple[Article | None, str]] = {}
    placed = [(label, *_attach(annotation, cache)) for label, annotation in parsed.candidates]
    existing = store.annotations()
    known = {a.id for a in existing}
    # One note per article: a second would never be shown beside the first.
    notes = {a.uri: a.id for a in existing if not a.is_claim}
    ready = []
    for label, annotation, how in placed:
        if not annotation.is_claim and annotation.id not in known:
            other = notes.setdefault(annotation.uri, annotation.id)
            if other != annotation.id:
                report.rejected.append((_named(label, annotation.note),
                                        f"{annotation.uri} already has an article note ({other})"))
                continue
        ready.append((label, annotation, how))
    report.added = store.insert([annotation for _, annotation, _ in ready]) if ready else []
    added = {a.id for a in report.added}
    report.duplicates = len(ready) - len(added)
    for label, annotation, how in ready:  # what is worth a line: only what was added
        if annotation.id in added and how == "orphan":
            report.orphans.append((label, annotation))
        elif annotation.id in added and annotation.is_claim and how != "anchored":
            count = report.unchecked.get(annotation.uri, (0, how))[0]
            report.unchecked[annotation.uri] = (count + 1, how)
    return report
