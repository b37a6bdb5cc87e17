"""Article text out of HTML, never refused for what it contains and in bounded time.

Character references first: a browser turns ``&#27;`` into ESC, so do we,
then sanitize the whole page like any other text. Left as a reference, lxml
refuses it (a control character is not XML) and takes the page's text with
it. Only references to characters the sanitizer removes are decoded (``&#60;``
stays a reference, so no markup appears); ``&#0;``, surrogates and code
points past U+10FFFF become U+FFFD and ``&#128;``-``&#159;`` are read as
windows-1252, as HTML says.

trafilatura's time grows with the page: measured on two cores, about 1 s per
10,000 elements for extraction plus as much again for the metadata, and about
0.3 s per million characters of text. A page over `MAX_HTML_ELEMENTS`
elements or `MAX_HTML_TEXT_CHARS` characters of text (scripts and styles not
counted) is not given to trafilatura: its text is taken whole, a paragraph a
line, with a note saying boilerplate was not removed. Real article pages have
a few thousand elements.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lxml.etree import _Element

from .decoding import ArticleLoadError, windows_1252
from .sanitize import REPLACEMENT_CHARACTER, is_unsafe_character, sanitize_text

MAX_HTML_ELEMENTS = 15_000
MAX_HTML_TEXT_CHARS = 1_000_000

_CHAR_REF = re.compile(r"&#(?:[xX]([0-9A-Fa-f]+)|([0-9]+));?")
_MAX_CODE_POINT = 0x10FFFF

_SKIPPED = frozenset({"script", "style", "noscript", "template", "head", "svg", "math",
                      "iframe", "object", "embed", "canvas", "select"})
_BLOCKS = frozenset({
    "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "li", "ul",
    "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "table", "br", "hr",
    "figure", "figcaption", "dd", "dt", "dl", "form", "address", "details", "summary", "td", "th",
})


def _reference(match: re.Match[str]) -> str:
    hex_digits, decimal = match.group(1), match.group(2)
    digits = (hex_digits or decimal).lstrip("0") or "0"
    if len(digits) > 8:
        return REPLACEMENT_CHARACTER
    code = int(digits, 16 if hex_digits else 10)
    if code == 0 or code > _MAX_CODE_POINT or 0xD800 <= code <= 0xDFFF:
        return REPLACEMENT_CHARACTER
    if 0x80 <= code <= 0x9F:
        return windows_1252(bytes([code]))
    char = chr(code)
    return char if is_unsafe_character(char) else match.group(0)


def decode_risky_references(html: str) -> str:
    """Numeric character references to characters the sanitizer removes, decoded (see module doc)."""
    return _CHAR_REF.sub(_reference, html) if "&#" in html else html


def _parse(html: str) -> _Element | None:
    """The page as a plain lxml tree (no lxml.html element classes: those cost a lookup per node)."""
    from lxml import etree

    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        return etree.fromstring(html.encode("utf-8"), parser=parser)
    except Exception:  # lxml: "Document is empty" and the like
        return None


def _title(tree: _Element) -> str:
    for path in (".//title", ".//h1"):
        found = tree.find(path)
        if found is not None:
            title = " ".join("".join(found.itertext()).split())
            if title:
                return title
    return ""


def plain_text(tree: _Element) -> str:
    """All visible text of `tree`, one block element a line, whitespace collapsed.

    Changes `tree`. lxml does the work in C but for one step per block element.
    """
    from lxml import etree

    etree.strip_elements(tree, *_SKIPPED, with_tail=False)
    for element in tree.iter(*_BLOCKS):
        element.text = "\n" + (element.text or "")
        element.tail = "\n" + (element.tail or "")
    text = etree.tostring(tree, method="text", encoding="unicode")
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def extract(raw: str) -> tuple[str, dict[str, Any], list[str]]:
    """(main text, metadata, notes) of an HTML page; ArticleLoadError when it holds no text."""
    from lxml import etree

    html = sanitize_text(decode_risky_references(raw))
    tree = _parse(html)
    if tree is None:
        raise ArticleLoadError("no article text found in the HTML")
    elements = int(tree.xpath("count(//*)"))
    etree.strip_elements(tree, "script", "style", "noscript", "template", with_tail=False)
    text_chars = int(tree.xpath("string-length(string(/*))"))
    if elements <= MAX_HTML_ELEMENTS and text_chars <= MAX_HTML_TEXT_CHARS:
        import trafilatura

        text = trafilatura.extract(html, include_comments=False, include_tables=False)
        metadata = trafilatura.extract_metadata(html)
        meta = {}
        if metadata is not None:
            meta = {"title": metadata.title, "source": metadata.sitename, "date": metadata.date,
                    "url": metadata.url, "author": metadata.author}
        notes: list[str] = []
    else:
        meta = {"title": _title(tree)}
        text = plain_text(tree)
        notes = [
            f"HTML too large for boilerplate removal ({elements:,} elements, {text_chars:,} "
            f"characters of text; the limits are {MAX_HTML_ELEMENTS:,} and "
            f"{MAX_HTML_TEXT_CHARS:,}); loaded all its text"
        ]
    if not text or not text.strip():
        raise ArticleLoadError("no article text found in the HTML")
    return text, meta, notes
