"""Annotation records: what one row of the database holds, read defensively.

The database is a file on the user's disk: an older newsdesk, another tool or a
text editor may have written it. So every row is checked and cleaned on the way
in (`Annotation.from_record`): a row of the wrong shape or with an unknown
status raises `BadRecord` (the store reports it once and skips it for display,
never dropping it from the file), and every string passes the one sanitizer, so
a note holding a terminal escape sequence cannot reach the screen or stdout.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .anchoring import Selector
from .sanitize import sanitize_line, sanitize_text

STATUSES = ("verified", "unverified", "disputed", "false")


class BadRecord(ValueError):
    """A database row newsdesk cannot use; the message says what is wrong with it."""


def clean_note(note: str | None) -> str | None:
    """A user's note, pasted from anywhere: no control or bidi characters reach the screen."""
    return None if note is None else sanitize_text(note).strip()


def clean_tags(tags: Iterable[object] | str | None) -> tuple[str, ...] | None:
    """Tags as one-line, sanitized, de-duplicated strings (a bare string is one tag)."""
    if tags is None:
        return None
    if isinstance(tags, str):
        tags = [tags]
    cleaned = (sanitize_line(str(tag)) for tag in tags)
    return tuple(dict.fromkeys(tag for tag in cleaned if tag))


def now_iso() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def check_status(status: Any) -> None:
    if status is not None and status not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}")


@dataclass(frozen=True)
class Annotation:
    """A claim (a selector with a status, tags, note) or an article note (no selector).

    `tagged_quote` is the text the status was given to. Re-anchoring moves the
    selector to the article's current text but never touches `tagged_quote`, so a
    claim whose words changed since it was tagged is `changed` until the user
    accepts the new wording or tags it again. `rev` counts the user's edits: a
    write made from a stale view of the claim is refused (see `Store.update`).
    """

    id: str
    uri: str
    selector: Selector | None
    status: str | None = None
    tags: tuple[str, ...] = ()
    note: str = ""
    created: str = ""
    modified: str = ""
    anchored: bool = True
    text_hash: str = ""
    tagged_quote: str = ""
    rev: int = 0

    @property
    def is_claim(self) -> bool:
        return self.selector is not None

    @property
    def claim_selector(self) -> Selector:
        """A claim's selector, for code that holds only claims (an article note has none)."""
        if self.selector is None:
            raise AttributeError("an article note has no selector")
        return self.selector

    @property
    def changed(self) -> bool:
        """The claim's words in the current text differ from the words it was tagged on."""
        return bool(self.selector is not None and self.anchored and self.tagged_quote
                    and self.selector.exact != self.tagged_quote)

    def to_record(self) -> dict[str, Any]:
        return {
            "id": self.id, "uri": self.uri,
            "selector": self.selector.to_dict() if self.selector else None,
            "status": self.status, "tags": list(self.tags), "note": self.note,
            "created": self.created, "modified": self.modified,
            "anchored": self.anchored, "text_hash": self.text_hash,
            "tagged_quote": self.tagged_quote, "rev": self.rev,
        }

    @classmethod
    def from_record(cls, record: Any) -> Annotation:
        """A checked, sanitized annotation from a stored row; `BadRecord` says why not."""
        if not isinstance(record, dict):
            raise BadRecord("not an object")
        ident = _required_str(record, "id")
        uri = _required_str(record, "uri")
        selector = _selector(record.get("selector"))
        status = record.get("status")
        if status is not None and status not in STATUSES:
            raise BadRecord(f"unknown status {sanitize_line(repr(status))[:40]}")
        tags = record.get("tags") or []
        if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
            raise BadRecord("tags is not a list of strings")
        tagged_quote = record.get("tagged_quote")
        if tagged_quote is None:  # written before newsdesk kept it: the best knowledge is now
            tagged_quote = selector.exact if selector else ""
        elif not isinstance(tagged_quote, str):
            raise BadRecord("tagged_quote is not a string")
        rev = record.get("rev", 0)
        if not isinstance(rev, int) or isinstance(rev, bool):
            raise BadRecord("rev is not a number")
        return cls(
            id=sanitize_line(ident), uri=sanitize_line(uri), selector=selector, status=status,
            tags=clean_tags(tags) or (), note=clean_note(_optional_str(record, "note")) or "",
            created=sanitize_line(_optional_str(record, "created")),
            modified=sanitize_line(_optional_str(record, "modified")),
            anchored=bool(record.get("anchored", True)),
            text_hash=sanitize_line(_optional_str(record, "text_hash")),
            tagged_quote=sanitize_text(tagged_quote), rev=rev,
        )


def _required_str(record: dict[str, Any], key: str) -> str:
    value = record.get(key)
    if not isinstance(value, str) or not value:
        raise BadRecord(f"{key} is missing or not a string")
    return value


def _optional_str(record: dict[str, Any], key: str) -> str:
    value = record.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise BadRecord(f"{key} is not a string")
    return value


def _selector(data: Any) -> Selector | None:
    if data is None:
        return None
    if not isinstance(data, dict):
        raise BadRecord("selector is not an object")
    start, end = data.get("start"), data.get("end")
    if not (isinstance(start, int) and not isinstance(start, bool)
            and isinstance(end, int) and not isinstance(end, bool)):
        raise BadRecord("selector start/end are not numbers")
    if not 0 <= start <= end:
        raise BadRecord("selector start/end are out of order")
    fields = {}
    for key in ("exact", "prefix", "suffix"):
        value = data.get(key, "")
        if not isinstance(value, str):
            raise BadRecord(f"selector {key} is not a string")
        fields[key] = sanitize_text(value)
    if not fields["exact"]:
        raise BadRecord("selector has no quote")
    return Selector(start, end, fields["exact"], fields["prefix"], fields["suffix"])


# --------------------------------------------------------------- rows of a table

def parsed_rows(rows: dict[str, Any], *, ids: set[str] | None = None,
            uri: str | None = None) -> Iterator[tuple[str, Annotation]]:
    """(row key, annotation) for the rows that parse, optionally only those with one of
    `ids` or on `uri` (checked on the raw row first: a write parses only what it changes).
    Bad rows are left as they are."""
    for key, row in rows.items():
        if not isinstance(row, dict):
            continue
        if ids is not None and row.get("id") not in ids:
            continue
        if uri is not None and row.get("uri") != uri:
            continue
        try:
            yield key, Annotation.from_record(row)
        except BadRecord:
            continue


def next_row_id(rows: dict[str, Any]) -> int:
    return max((int(k) for k in rows if k.isdigit()), default=0) + 1


def clean_changes(fields: dict[str, Any]) -> dict[str, Any]:
    fields = dict(fields)
    if "tags" in fields:
        fields["tags"] = clean_tags(fields["tags"]) or ()
    if "note" in fields:
        fields["note"] = clean_note(fields["note"]) or ""
    return fields
