"""Exports of claims and article notes: Markdown, JSON, W3C Web Annotation, ClaimReview.

Plain Python (no textual, no rich). `export_claims` turns stored annotations
plus what is known about their articles into one text document; `write_export`
puts that text on stdout or, atomically, into a file (through a symlink; never
into a device, a FIFO or a folder).

Claim quotes, titles and sources come from untrusted articles: the Markdown
report escapes them so a quote can never become a link, an image, raw HTML,
a heading, a list, a table or a code block in the rendered report.
"""

from __future__ import annotations

import datetime as _dt
import re
import sys
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urldefrag

from . import jsonout
from .anchoring import Selector
from .articles import Article
from .atomic import atomic_write_text
from .paths import write_target
from .store import STATUSES, Annotation

if TYPE_CHECKING:
    from .coverage import StoryCoverage

FORMATS = ("markdown", "json", "w3c", "claimreview")

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
SCHEMA_CONTEXT = "https://schema.org"
DEFAULT_AUTHOR = "newsdesk user"
COLLECTION_LABEL = "newsdesk claims"

# Most damning first: the order of the report's sections.
REPORT_ORDER = ("false", "disputed", "unverified", "verified")
STATUS_LABELS = {
    "verified": "Verified",
    "unverified": "Unverified",
    "disputed": "Disputed",
    "false": "False",
}
# ClaimReview ratings on a 1 (worst) .. 5 (best) scale.
WORST_RATING, BEST_RATING = 1, 5
RATING_VALUES = {"false": 1, "disputed": 2, "unverified": 3, "verified": 5}
ORPHAN_NOTICE = "(text no longer found in the article)"
CHANGED_NOTICE = "Tagged on:"

assert set(REPORT_ORDER) == set(STATUSES) == set(RATING_VALUES) == set(STATUS_LABELS)


@dataclass(frozen=True)
class ArticleInfo:
    """What an export needs to know about an article (display metadata only)."""

    uri: str
    title: str
    source: str = ""
    date: str = ""
    url: str = ""

    @classmethod
    def from_article(cls, article: Article) -> ArticleInfo:
        return cls(uri=article.uri, title=article.title or article.uri, source=article.source,
                   date=article.date, url=article.url)

    @classmethod
    def unknown(cls, uri: str) -> ArticleInfo:
        return cls(uri=uri, title=uri)

    @property
    def link(self) -> str:
        """The article's public URL when known, else its uri — only an http(s) or file URL:
        a front matter's `javascript:` or `data:` URL is never exported as a link."""
        return safe_url(self.url) or safe_url(self.uri) or ""


SAFE_SCHEMES = ("http", "https", "file")


def safe_url(value: str) -> str | None:
    """`value` if it is an http, https or file URL with no space or control character."""
    if not value or any(ch.isspace() or ord(ch) < 32 for ch in value):
        return None
    scheme, sep, _rest = value.partition(":")
    return value if sep and scheme.lower() in SAFE_SCHEMES else None


def article_infos(articles: Iterable[Article]) -> dict[str, ArticleInfo]:
    """`{uri: ArticleInfo}` for loaded articles, as `export_claims` takes them."""
    return {article.uri: ArticleInfo.from_article(article) for article in articles}


def export_claims(
    annotations: list[Annotation],
    articles: dict[str, ArticleInfo],
    fmt: str,
    *,
    author: str | None = None,
    now: _dt.datetime | None = None,
    coverage: Sequence[StoryCoverage] = (),
) -> str:
    """Render `annotations` (claims and article notes) as `fmt`; the text ends with a newline.

    `author` names who reviewed the claims (ClaimReview `author`: config `reviewer`, default
    "newsdesk user");
    `now` fixes the export time (tests);
    `coverage`: stories whose coverage matrix ends the Markdown report (coverage_report.py).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    stamp = (now or _dt.datetime.now(_dt.UTC)).astimezone(_dt.UTC).replace(microsecond=0)
    claims = sorted((a for a in annotations if a.is_claim), key=_claim_order)
    notes = sorted((a for a in annotations if not a.is_claim), key=lambda a: (a.uri, a.created, a.id))

    def info(uri: str) -> ArticleInfo:
        return articles.get(uri) or ArticleInfo.unknown(uri)

    if fmt == "markdown":
        report = _markdown(claims, notes, info, stamp)
        if coverage:
            from .coverage_report import coverage_section

            report += "\n" + "\n".join(coverage_section(coverage)).rstrip("\n") + "\n"
        return report
    if fmt == "json":
        return _dump(_json_document(claims, notes, info, stamp))
    if fmt == "w3c":
        return _dump(_w3c_collection(claims, notes, info))
    return _dump(_claimreviews(claims, info, author or DEFAULT_AUTHOR, stamp))


def _selector_of(claim: Annotation) -> Selector:
    """A claim's selector: every claim has one (article notes have none)."""
    assert claim.selector is not None
    return claim.selector


def _claim_order(annotation: Annotation) -> tuple[str, int, int, str, str]:
    selector = _selector_of(annotation)
    return (annotation.uri, selector.start, selector.end,
            annotation.created, annotation.id)


def _dump(document: Any) -> str:
    """Strict JSON, safe to paste into a web page's `<script>` block (JSON-LD)."""
    return jsonout.dumps(document, indent=2, embed=True) + "\n"


def _iso_z(stamp: _dt.datetime) -> str:
    return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")


def utc_datetime(value: str) -> str | None:
    """An ISO 8601 timestamp as xsd:dateTime in UTC with a "Z" (W3C requires it), or None.

    Naive timestamps are taken as UTC (the store writes UTC).
    """
    if not value:
        return None
    try:
        parsed = _dt.datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=_dt.UTC)
    return _iso_z(parsed.astimezone(_dt.UTC).replace(microsecond=0))


def _iso_date(value: str) -> str | None:
    """YYYY-MM-DD from a date or timestamp string, or None if it is not one."""
    if not value:
        return None
    stamp = utc_datetime(value)
    if stamp:
        return stamp[:10]
    try:
        return _dt.date.fromisoformat(value.strip()[:10]).isoformat()
    except ValueError:
        return None


# --------------------------------------------------------------------------- JSON


_Info = Callable[[str], "ArticleInfo"]  # an article's uri → what the export says about it


def _json_document(claims: list[Annotation], notes: list[Annotation], info: _Info,
                   stamp: _dt.datetime) -> dict[str, Any]:
    return {
        "exported": _iso_z(stamp),
        "claims": [
            {
                "id": a.id, "uri": a.uri, "title": info(a.uri).title, "quote": _selector_of(a).exact,
                "status": a.status, "tags": list(a.tags), "note": a.note, "anchored": a.anchored,
                "created": a.created, "modified": a.modified, "selector": _selector_of(a).to_dict(),
                # What `claims import` needs to restore the claim exactly (a backup).
                "tagged_quote": a.tagged_quote, "changed": a.changed, "rev": a.rev,
                "text_hash": a.text_hash,
            }
            for a in claims
        ],
        "article_notes": [
            {"id": a.id, "uri": a.uri, "title": info(a.uri).title, "note": a.note,
             "created": a.created, "modified": a.modified, "text_hash": a.text_hash,
             "rev": a.rev}
            for a in notes
        ],
    }


# --------------------------------------------------------------------------- W3C Web Annotation


def annotation_iri(annotation_id: str) -> str:
    """`urn:uuid:` IRI for an annotation id; a non-UUID id maps to a stable name-based UUID."""
    try:
        value = uuid.UUID(annotation_id)
    except (ValueError, AttributeError, TypeError):
        value = uuid.uuid5(uuid.NAMESPACE_URL, f"newsdesk:annotation:{annotation_id}")
    return f"urn:uuid:{value}"


def _w3c_annotation(annotation: Annotation, info: ArticleInfo) -> dict[str, Any]:
    body: list[dict[str, Any]] = []
    if annotation.status:
        body.append({"type": "TextualBody", "value": annotation.status, "purpose": "tagging"})
    for tag in annotation.tags:
        body.append({"type": "TextualBody", "value": tag, "purpose": "tagging"})
    if annotation.note:
        body.append({"type": "TextualBody", "value": annotation.note, "format": "text/plain",
                     "purpose": "commenting"})

    if annotation.status:
        motivation = "assessing"
    elif annotation.note:
        motivation = "commenting"
    elif annotation.tags:
        motivation = "tagging"
    else:
        motivation = "highlighting"

    item: dict[str, Any] = {
        # Required on every Annotation (model §3.1); valid JSON-LD when nested too.
        "@context": ANNO_CONTEXT,
        "id": annotation_iri(annotation.id),
        "type": "Annotation",
        "motivation": motivation,
    }
    for key in ("created", "modified"):
        stamp = utc_datetime(getattr(annotation, key))
        if stamp:
            item[key] = stamp
    if body:  # bodiless annotations omit `body` (model §3.2.6)
        item["body"] = body
    selector = annotation.selector
    # The target is the article: its public address when its front matter gives one, else its
    # URI as stored (a local file), unless that is not a URL one may follow. With a public
    # address, the copy the offsets were counted in is named as the TimeState's `cached`.
    stored = safe_url(annotation.uri) or f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, annotation.uri)}"
    public = safe_url(info.url) if info.url and info.url.startswith(("http:", "https:")) else None
    source = public or stored
    if selector is None:
        item["target"] = source
    else:
        # The words the status was given to: when they have changed since, the verdict
        # is about the original quote, not about what the text says now.
        quote = {"type": "TextQuoteSelector",
                 "exact": annotation.tagged_quote if annotation.changed else selector.exact,
                 "prefix": selector.prefix, "suffix": selector.suffix}
        if annotation.anchored and not annotation.changed and 0 <= selector.start <= selector.end:
            # Both selectors describe the same segment, as the model asks of multiple selectors.
            selectors = [{"type": "TextPositionSelector", "start": selector.start, "end": selector.end},
                         quote]
        else:
            # An orphan's old offsets no longer point at its quote in the current text, and a
            # changed claim's offsets point at other words than its quote (offsets that cannot
            # be valid are never exported either).
            selectors = [quote]
        item["target"] = {"type": "SpecificResource", "source": source, "selector": selectors}
        if public and public != stored:
            item["target"]["state"] = {"type": "TimeState", "cached": stored}
    return item


def _w3c_collection(claims: list[Annotation], notes: list[Annotation], info: _Info) -> dict[str, Any]:
    items = [_w3c_annotation(a, info(a.uri)) for a in [*claims, *notes]]
    collection_id = f"urn:uuid:{uuid.uuid4()}"
    collection: dict[str, Any] = {
        "@context": ANNO_CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": COLLECTION_LABEL,
        "total": len(items),
    }
    if items:  # a Page must hold at least one Annotation, so an empty Collection has none
        page_id = f"urn:uuid:{uuid.uuid4()}"
        collection["first"] = {
            "id": page_id,
            "type": "AnnotationPage",
            "partOf": collection_id,
            "startIndex": 0,
            "items": items,
        }
        collection["last"] = page_id
    return collection


# --------------------------------------------------------------------------- schema.org ClaimReview


def _claimreviews(claims: list[Annotation], info: _Info, author: str, stamp: _dt.datetime) -> list[dict[str, Any]]:
    reviews = []
    for annotation in claims:
        if not annotation.status:
            continue
        article = info(annotation.uri)
        link = article.link
        appearance: dict[str, Any] = {"@type": "CreativeWork", "headline": article.title}
        if link:
            appearance["url"] = link
        claim: dict[str, Any] = {"@type": "Claim", "appearance": appearance}
        published = _iso_date(article.date)
        if published:
            appearance["datePublished"] = published
            claim["datePublished"] = published
        if article.source:
            claim["author"] = {"@type": "Organization", "name": article.source}
        review: dict[str, Any] = {
            "@context": SCHEMA_CONTEXT,
            "@type": "ClaimReview",
            "url": (f"{urldefrag(link).url}#claim-{annotation.id}" if link
                    else annotation_iri(annotation.id)),
            "claimReviewed": _selector_of(annotation).exact,
            "itemReviewed": claim,
            "author": {"@type": "Organization", "name": author},
            "datePublished": (_iso_date(annotation.modified) or _iso_date(annotation.created)
                              or stamp.date().isoformat()),
            "reviewRating": {
                "@type": "Rating",
                "ratingValue": RATING_VALUES[annotation.status],
                "bestRating": BEST_RATING,
                "worstRating": WORST_RATING,
                "alternateName": STATUS_LABELS[annotation.status],
            },
        }
        if annotation.note:
            review["reviewBody"] = annotation.note
        if annotation.tags:
            review["keywords"] = ", ".join(annotation.tags)
        reviews.append(review)
    return reviews


# --------------------------------------------------------------------------- Markdown

# Characters that start Markdown (or GFM) syntax anywhere in a line. Escaping any ASCII
# punctuation with a backslash renders it literally, so this never changes what is shown.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#])")
# Syntax that only counts at the start of a line: lists, setext underlines, thematic
# breaks (headings, quotes and the rest are escaped everywhere above).
_LINE_START = re.compile(r"^([+\-=]|\d+(?=[.)]))")
# Bare URLs and www. names that GFM-style renderers turn into links.
_BARE_URL = re.compile(r"(?i)(?:(?<=http)|(?<=https)|(?<=ftp))(:)(?=//)|(?<![\w.])(www)(\.)")
_SAFE_LINK = re.compile(r"^https?://[^\s<>`\"\\]+$", re.I)


def md_escape(text: str, *, keep_bare_urls: bool = False) -> str:
    """Escape untrusted `text` so Markdown renders it as the same plain text, nothing more.

    Works line by line (callers add their own prefixes/indentation to each line).
    """
    lines = []
    for line in text.split("\n"):
        line = _INLINE_SPECIAL.sub(r"\\\1", line.strip(" \t"))
        if not keep_bare_urls:
            line = _BARE_URL.sub(lambda m: "\\:" if m.group(1) else f"{m.group(2)}\\.", line)
        match = _LINE_START.match(line)
        if match:
            if match.group(1)[0].isdigit():  # "1." / "1)" would start an ordered list
                end = match.end()
                line = f"{line[:end]}\\{line[end:]}"
            else:
                line = "\\" + line
        lines.append(line)
    return "\n".join(lines)


def _md_line(text: str) -> str:
    """One line of escaped text (titles, sources, tags): newlines become spaces."""
    return md_escape(" ".join(text.split()))


def _md_link(value: str) -> str:
    if _SAFE_LINK.match(value):
        return f"<{value}>"
    return _md_line(value)


def _indent(text: str, prefix: str) -> str:
    return "\n".join(f"{prefix}{line}" if line else "" for line in text.split("\n"))


def _hard_breaks(text: str) -> str:
    """Keep a note's line breaks: two trailing spaces before each line that follows text."""
    lines = text.split("\n")
    out = []
    for i, line in enumerate(lines):
        follows = i + 1 < len(lines) and lines[i + 1].strip()
        out.append(line + "  " if line.strip() and follows else line)
    return "\n".join(out)


def _md_note(note: str) -> str:
    """A user's (multi-line) note as plain text; bare URLs may still be linked by the renderer."""
    note = "\n".join(line.rstrip() for line in note.strip("\n").split("\n"))
    note = re.sub(r"\n{3,}", "\n\n", note)
    return _hard_breaks(md_escape(note, keep_bare_urls=True))


def _md_claim(annotation: Annotation, lead: str = "") -> list[str]:
    quote = md_escape(_selector_of(annotation).exact.strip("\n"))
    quote_lines = [f"> {line}" if line else ">" for line in quote.split("\n")]
    block = ["- " + lead + quote_lines[0], *[f"  {line}" for line in quote_lines[1:]]]
    if lead:
        block = ["- " + lead.strip(), "", "  " + quote_lines[0],
                 *[f"  {line}" for line in quote_lines[1:]]]
    if not annotation.anchored:
        block += ["", f"  **Orphaned:** *{md_escape(ORPHAN_NOTICE)}*"]
    if annotation.changed:
        tagged = md_escape(" ".join(annotation.tagged_quote.split()))
        block += ["", f"  **{CHANGED_NOTICE}** *{tagged}*"]
    if annotation.tags:
        block += ["", "  **Tags:** " + ", ".join(_md_line(tag) for tag in annotation.tags)]
    if annotation.note.strip():
        block += ["", _indent("**Note:**  \n" + _md_note(annotation.note), "  ")]
    return block + [""]


def _totals_line(claims: list[Annotation], notes: list[Annotation], n_articles: int) -> str:
    counts = Counter(a.status for a in claims)
    parts = [f"{STATUS_LABELS[s].lower()} {counts.get(s, 0)}" for s in REPORT_ORDER]
    parts.append(f"no status {counts.get(None, 0)}")
    orphans = sum(1 for a in claims if not a.anchored)

    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    return (f"**Totals:** {' · '.join(parts)} — {plural(len(claims), 'claim')} in "
            f"{plural(n_articles, 'article')}, {orphans} orphaned, "
            f"{plural(len(notes), 'article note')}.")


def _markdown(claims: list[Annotation], notes: list[Annotation], info: _Info,
              stamp: _dt.datetime) -> str:
    uris = sorted({a.uri for a in [*claims, *notes]},
                  key=lambda uri: (info(uri).title.casefold(), uri))
    out = [f"# Fact-check report, {stamp.date().isoformat()}", "",
           f"Exported {_iso_z(stamp)} by newsdesk.", "",
           _totals_line(claims, notes, len(uris)), ""]
    if not uris:
        out += ["No claims or notes yet.", ""]
    for uri in uris:
        article = info(uri)
        out += [f"## {_md_line(article.title)}", ""]
        if article.source:
            out.append(f"- **Source:** {_md_line(article.source)}")
        if article.date:
            out.append(f"- **Date:** {_md_line(article.date)}")
        out.append(f"- **Link:** {_md_link(article.link)}")
        if article.url and article.url != uri:
            out.append(f"- **File:** {_md_line(uri)}")
        out.append("")
        for note in (n for n in notes if n.uri == uri and n.note.strip()):
            out += ["**Article note:**  ", _md_note(note.note), ""]
        mine = [a for a in claims if a.uri == uri]
        changed = [a for a in mine if a.changed]
        if changed:
            # Apart and first: a status given to other words must not read as given to these.
            out += [f"### Changed since tagged ({len(changed)}) — check again", ""]
            for annotation in changed:
                label = STATUS_LABELS.get(annotation.status or "", "No status")
                out += _md_claim(annotation, lead=f"**{label}** (status kept; the words are now:) ")
            mine = [a for a in mine if not a.changed]
        groups = [(STATUS_LABELS[s], [a for a in mine if a.status == s]) for s in REPORT_ORDER]
        groups.append(("No status", [a for a in mine if a.status not in STATUSES]))
        for label, group in groups:
            if not group:
                continue
            out += [f"### {label} ({len(group)})", ""]
            for annotation in group:
                out += _md_claim(annotation)
    return "\n".join(out).rstrip("\n") + "\n"


# --------------------------------------------------------------------------- output


def write_export(text: str, output: Path | None, advice: str = "choose another file") -> None:
    """Write `text` to stdout (`output` None) or atomically to `output`.

    The file appears complete or not at all: a temp file in the same folder is
    written, fsynced and renamed over `output`. A symlink is written through (the
    temp file sits beside its target). Anything but a regular file (a device, a
    FIFO, a folder) raises NotWritable and nothing is written.
    """
    if output is None:
        try:
            sys.stdout.write(text)
        except UnicodeEncodeError:  # a non-UTF-8 terminal or pipe
            sys.stdout.flush()
            sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
        return
    atomic_write_text(write_target(output, advice), text, keep_mode=True)
