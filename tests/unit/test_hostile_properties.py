"""Properties: any bytes load as an article or a problem, quickly; sanitized text is clean.

The sanitizer is checked against an independent, character-by-character model
built from Unicode categories, so its hand-written character lists cannot drift.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tui.core.articles import load_file
from tui.core.sanitize import _EMOJI, sanitize_line, sanitize_text

# --------------------------------------------------------------------------- the model

ZWJ = "\u200d"
NEWLINES = ("\r\n", "\r", "\u2028", "\u2029", "\x85")
INVISIBLE = set("\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180f\u3164\uffa0")
SELECTORS = {chr(c) for c in range(0xFE00, 0xFE10)} | {chr(c) for c in range(0xE0100, 0xE01F0)}
IGNORABLE_RANGES = ((0x2065, 0x2065), (0xFFF0, 0xFFF8), (0xE0000, 0xE0FFF))
_IS_EMOJI = re.compile(f"[{_EMOJI}]")


def emoji(char: str) -> bool:
    return bool(char) and bool(_IS_EMOJI.fullmatch(char))


def dropped(char: str) -> bool:
    category = unicodedata.category(char)
    if category == "Cc":
        return char not in "\t\n"
    if category == "Cf":
        return char != ZWJ  # decided by its neighbours below
    code = ord(char)
    in_ignorable = any(low <= code <= high for low, high in IGNORABLE_RANGES)
    return char in INVISIBLE or (in_ignorable and char not in SELECTORS)


def join_surrogates(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        char = text[i]
        if "\ud800" <= char <= "\udbff" and i + 1 < len(text) and "\udc00" <= text[i + 1] <= "\udfff":
            out.append(chr(0x10000 + ((ord(char) - 0xD800) << 10) + ord(text[i + 1]) - 0xDC00))
            i += 2
            continue
        out.append("\ufffd" if "\ud800" <= char <= "\udfff" else char)
        i += 1
    return "".join(out)


def one_selector_each(text: str) -> str:
    return "".join(c for i, c in enumerate(text)
                   if not (c in SELECTORS and i and text[i - 1] in SELECTORS))


def joiners(text: str) -> str:
    out = []
    for i, char in enumerate(text):
        if char == ZWJ:
            before = text[i - 1] if i else ""
            if before in "\ufe0e\ufe0f" and i >= 2:
                before = text[i - 2] if emoji(text[i - 2]) else ""
            if not (emoji(before) and i + 1 < len(text) and emoji(text[i + 1])):
                continue
        out.append(char)
    return "".join(out)


def model(raw: str) -> str:
    """What sanitize_text must return for text without escape-sequence introducers."""
    text = join_surrogates(raw)
    for newline in NEWLINES:
        text = text.replace(newline, "\n")
    text = one_selector_each("".join(c for c in text if not dropped(c)))
    text = one_selector_each(joiners(text))
    return unicodedata.normalize("NFC", text)


def assert_clean(text: str) -> None:
    for i, char in enumerate(text):
        category = unicodedata.category(char)
        where = f"U+{ord(char):04X} at {i} in {text!r}"
        assert category not in ("Cs", "Zl", "Zp"), where
        assert category != "Cc" or char in "\t\n", where
        assert category != "Cf" or char == ZWJ, where
        assert not dropped(char) or char == ZWJ, where
        assert not (char in SELECTORS and i and text[i - 1] in SELECTORS), where
    assert joiners(text) == text, f"a ZWJ not between two emoji in {text!r}"
    text.encode("utf-8")


# --------------------------------------------------------------------------- sanitizer

_SPECIAL = sorted(
    {chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf"}
    | INVISIBLE | set(NEWLINES) | {"\t", "\n", "\x00", "\x07", "\x7f", "\x80", "\x9c", "\x9f"}
    | {"\ufe0e", "\ufe0f", "\U000e0100", "\U000e01ef", "\u2065", "\ufff0", "\U000e0000"}
    | {"\ud800"}
    | set("👩💻🏳🌈❤🔥🇺🇦©") | {"\u0301", "e", "a", " ", "\u00e9", "\u1100", "\u1161"}
)
# No ESC, 8-bit CSI or 8-bit OSC: those start escape sequences, removed whole (test_sanitize).
_NO_INTRODUCERS = st.characters(codec=None, exclude_characters="\x1b\x9b\x9d",
                                exclude_categories=())
plain_text = st.lists(st.one_of(st.sampled_from(_SPECIAL), _NO_INTRODUCERS), max_size=40).map("".join)
any_text = st.lists(st.one_of(plain_text, st.sampled_from(["\x1b[", "\x1b]0;", "\x9b3", "\x9d", "m", "\x07"])),
                    max_size=6).map("".join)


@given(plain_text)
@example("👩\ufe0f\ufe0f\u200d💻")
@example("a\ufe0f\u200d\ufe0f")
@example("\ud83d\u00ad\ude00")
@example("e\u00ad\u0301\r\n\u2028x")
@settings(max_examples=300, deadline=None)
def test_sanitizer_removes_exactly_the_forbidden_characters(raw):
    cleaned = sanitize_text(raw)
    assert_clean(cleaned)
    assert cleaned == model(raw)


@given(any_text)
@example("\x1b\u00ad[31m")
@settings(max_examples=300, deadline=None)
def test_sanitizer_output_is_clean_and_idempotent(raw):
    once = sanitize_text(raw)
    assert_clean(once)
    assert sanitize_text(once) == once
    line = sanitize_line(raw)
    assert_clean(line)
    assert "\n" not in line and "\t" not in line
    assert sanitize_line(line) == line


# --------------------------------------------------------------------------- loading

FRAGMENTS = [
    codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE,
    b"---\n", b"title: ", b"&a [*a, *a]", b"*a", b"!!binary ", b"date: 2025-02-30\n", b"[[[[",
    b'{"text": "', b'", "title": ', b"\\ud800", b"}", b"null", b"1e999999",
    b"<html><body><p>", b"</p>", b"&#27;", b"&#0;", b"&#x110000;", b"<script>", b"<![CDATA[",
    b"\x1b[31m", b"\x9b", b"\xe2\x80\xae", b"\xc3\xa9", b"\xe9", b"\x81\x8d\x90", b"\xff\xfe",
    b"\x00", b"\r\n", b"\n", b"Officials said 11,000 troops moved. ", b"\xf0\x9f\x91\xa9",
]
hostile_bytes = st.one_of(
    st.binary(max_size=2048),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.binary(max_size=24)), max_size=40).map(b"".join),
)


@pytest.fixture(scope="module", autouse=True)
def _parsers_imported():
    """Import the parsers once, so no example pays for it against its deadline."""
    import frontmatter  # noqa: F401
    import trafilatura  # noqa: F401

    load_file  # noqa: B018


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", ".json"])
@given(data=hostile_bytes)
@example(data=b'{"text": "a \\ud800 b", "title": {"x": [1]}}')
@example(data=b"---\na: &a [x]\ntitle: *a\n---\nBody")
@example(data=b"<p>&#27;[31mred&#27;[0m</p>")
@settings(max_examples=200, deadline=2000,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_any_bytes_load_as_an_article_or_a_problem(tmp_path, suffix, data):
    path = tmp_path / f"hostile{suffix}"
    path.write_bytes(data)
    result = load_file(path)  # must not raise
    assert len(result.articles) <= 1
    if result.articles:
        assert not any(p.fatal for p in result.problems)
        article = result.articles[0]
        assert article.text.strip()
        for text in (article.title, article.source, article.date, article.url, article.author):
            assert_clean(text)
            assert "\n" not in text and "\t" not in text
        assert_clean(article.text)
    else:
        assert len(result.problems) == 1 and result.problems[0].fatal
    for problem in result.problems:
        assert_clean(str(problem))
        assert "\n" not in str(problem)
