"""Hostile and huge files: each loads as an article or one clear problem, fast.

Each test names the protection it checks; removing that protection makes it fail
(not hang: sizes are chosen so the unprotected code is slow, not endless).
"""

from __future__ import annotations

import codecs
import json
import os
import time
import unicodedata

import pytest

from tui.core import articles, decoding, html_text
from tui.core.articles import display_path, load_file, load_paths
from tui.core.sanitize import sanitize_line, sanitize_text

GOOD = "First good article\n\nBody one.\n"


def only_article(result):
    assert len(result.articles) == 1, [str(p) for p in result.problems]
    return result.articles[0]


def notes(result) -> list[str]:
    return [p.reason for p in result.problems]


def assert_encodable(article) -> None:
    """Every field writes as strict UTF-8, as `show --json` and the exports do."""
    for name in ("uri", "title", "source", "date", "url", "author", "text"):
        getattr(article, name).encode("utf-8")
    json.dumps(article.__dict__ | {"path": None}, ensure_ascii=False).encode("utf-8")


# --------------------------------------------------------------------------- lone surrogates


def test_lone_surrogate_in_json_text_loads_beside_a_good_article(tmp_path):
    # Protection: the sanitizer replaces lone surrogates.
    bad = tmp_path / "surrogate.json"
    bad.write_text('{"text": "Officials said 11,000 troops moved \\ud800 today."}', "utf-8")
    good = tmp_path / "good.txt"
    good.write_text(GOOD, "utf-8")
    result = load_paths([bad, good])
    assert len(result.articles) == 2 and result.problems == []
    article = result.articles[0]
    assert article.text == "Officials said 11,000 troops moved \ufffd today."
    assert_encodable(article)


def test_lone_surrogate_in_json_title_is_replaced(tmp_path):
    path = tmp_path / "t.json"
    path.write_text('{"title": "Kyiv \\udc80 swap", "source": "\\ud83d", "text": "Body."}', "utf-8")
    article = only_article(load_file(path))
    assert article.title == "Kyiv \ufffd swap" and article.source == "\ufffd"
    assert_encodable(article)


def test_surrogate_pair_escapes_in_yaml_become_their_character(tmp_path):
    path = tmp_path / "pair.md"
    path.write_text('---\ntitle: "Flag \\ud83c\\uddfa\\ud83c\\udde6"\n---\nBody.\n', "utf-8")
    assert only_article(load_file(path)).title == "Flag 🇺🇦"


def test_file_name_with_invalid_utf8_gives_printable_title_and_problem(tmp_path):
    # Protection: the sanitizer replaces the surrogates os.fsdecode makes of bad bytes.
    folder = os.fsencode(tmp_path)
    titled = os.path.join(folder, b"caf\xe9 report.txt")
    with open(titled, "wb") as handle:
        handle.write(b"---\n***\n")  # no line with words: the title is the file name
    binary = os.path.join(folder, b"bad\xff.txt")
    with open(binary, "wb") as handle:
        handle.write(b"\x00\x01binary")
    result = load_paths([tmp_path])
    article = only_article(result)
    assert article.title == "caf\ufffd report"
    assert_encodable(article)
    (problem,) = result.problems
    str(problem).encode("utf-8")
    assert "bad\ufffd.txt" in str(problem)


# --------------------------------------------------------------------------- YAML front matter


def billion_laughs(levels: int = 8) -> str:
    lines = ["---", 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    names = "abcdefghijk"
    for prev, name in zip(names, names[1:levels]):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    lines += [f"title: *{names[levels - 1]}", "---", "Billion laughs headline", "", "The body."]
    return "\n".join(lines) + "\n"


def test_billion_laughs_front_matter_is_ignored_at_once(tmp_path):
    # Protection: the SafeLoader subclass that refuses aliases.
    path = tmp_path / "laughs.md"
    path.write_text(billion_laughs(), "utf-8")
    assert path.stat().st_size < 700
    started = time.perf_counter()
    result = load_file(path)
    assert time.perf_counter() - started < 1.0
    article = only_article(result)
    assert article.title == "Billion laughs headline"
    assert article.text == "Billion laughs headline\n\nThe body."
    assert notes(result) == ["front matter uses YAML aliases; ignored"]
    assert not result.problems[0].fatal


def test_front_matter_over_the_size_cap_is_ignored(tmp_path):
    # Protection: MAX_FRONT_MATTER_CHARS.
    path = tmp_path / "big.md"
    path.write_text("---\nsummary: " + "x" * 70_000 + "\ntitle: Set\n---\nBody headline\n\nText.\n", "utf-8")
    result = load_file(path)
    assert only_article(result).title == "Body headline"
    assert notes(result) == ["front matter is over 32 KiB; ignored"]


@pytest.mark.parametrize(
    ("field", "cap"),
    [("title", articles.TITLE_FIELD_MAX_CHARS), ("source", articles.SOURCE_MAX_CHARS),
     ("date", articles.DATE_MAX_CHARS), ("author", articles.AUTHOR_MAX_CHARS)],
)
def test_every_metadata_field_is_capped(tmp_path, field, cap):
    # Protection: FIELD_CAPS.
    path = tmp_path / "long.md"
    path.write_text(f"---\n{field}: " + "word " * 5_000 + "\n---\nBody.\n", "utf-8")
    value = getattr(only_article(load_file(path)), field)
    assert 0 < len(value) <= cap
    assert value.endswith("…")


def test_over_long_url_is_ignored_not_cut(tmp_path):
    path = tmp_path / "url.json"
    path.write_text(json.dumps({"url": "https://x.example/" + "a" * 5000, "text": "Body."}), "utf-8")
    result = load_file(path)
    assert only_article(result).url == ""
    assert notes(result) == [f'the "url" field is over {articles.URL_MAX_CHARS:,} characters; ignored']


def test_metadata_that_is_not_text(tmp_path):
    path = tmp_path / "kinds.md"
    path.write_text("---\ntitle: {a: 1}\nsource: [Reuters, AP]\ndate: yes\nauthor: 42\n---\n"
                    "Inferred headline\n\nBody.\n", "utf-8")
    result = load_file(path)
    article = only_article(result)
    assert (article.title, article.source, article.date, article.author) == (
        "Inferred headline", "Reuters, AP", "", "42")
    assert sorted(notes(result)) == ['the "date" field is not text (bool); ignored',
                                     'the "title" field is not text (dict); ignored']


@pytest.mark.parametrize(
    ("front", "reason"),
    [("date: 2025-02-30", "front matter could not be read (ValueError)"),
     ("title: " + "[" * 3000 + "]" * 3000, "front matter is nested too deeply")],
    ids=["impossible-date", "nested-3000-deep"],
)
def test_front_matter_the_loader_cannot_build_loads_as_plain_text(tmp_path, front, reason):
    # Protection: parse_markdown catches what SafeLoader raises besides YAMLError.
    path = tmp_path / "odd.md"
    path.write_text(f"---\n{front}\n---\nHeadline here\n\nBody.\n", "utf-8")
    result = load_file(path)
    article = only_article(result)
    assert article.title == "Headline here"
    (note,) = notes(result)
    assert note.startswith(reason) and note.endswith("loaded the file as plain text")


def test_deeply_nested_json_is_one_problem(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, "utf-8")
    assert notes(load_file(path)) == ["JSON nested too deeply to read"]


# --------------------------------------------------------------------------- decoding


def test_latin1_with_bytes_cp1252_leaves_undefined_loads(tmp_path):
    # Protection: windows-1252 decoded as browsers do (0x81, 0x8D, 0x90 become C1, then removed).
    path = tmp_path / "latin1.txt"
    path.write_bytes("Le café est fermé, dit le maître d'hôtel.".encode("latin-1") + b" \x81\x8d\x90 fin")
    result = load_file(path)
    article = only_article(result)
    assert article.text == "Le café est fermé, dit le maître d'hôtel.  fin"
    assert notes(result) == ["not valid UTF-8 (byte 6); decoded as cp1252"]


def test_mixed_utf8_and_latin1_reads_both_halves_right(tmp_path):
    # Protection: _mixed keeps valid UTF-8 and reads only the invalid bytes as legacy.
    first = "Le café a rouvert à Besançon, dit le maître d'hôtel.\n"
    second = "Signé : le café « Chez Hélène », Besançon.\n"
    path = tmp_path / "mixed.txt"
    path.write_bytes(first.encode("utf-8") + second.encode("latin-1"))
    result = load_file(path)
    assert only_article(result).text == first + second
    (note,) = notes(result)
    assert "mixed encodings" in note and "cp1252" in note


@pytest.mark.parametrize(
    ("text", "encoding"),
    [("Президент заявил, что войска были выведены из региона в понедельник.", "cp1251"),
     ("Prezydent powiedział, że żołnierze wrócą do domów w środę.", "cp1250"),
     ("Le café est fermé aujourd'hui, dit le maître d'hôtel à Besançon.", "cp1252"),
     ("Ο πρωθυπουργός δήλωσε ότι η κυβέρνηση θα στηρίξει τις οικογένειες.", "cp1253")],
)
def test_legacy_encodings_are_detected(tmp_path, text, encoding):
    # Protection: detect_legacy (charset_normalizer alone reads this French as cp1250: "ŕ").
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode(encoding))
    result = load_file(path)
    assert only_article(result).text == text
    assert notes(result)[0].endswith(f"decoded as {encoding}")


def test_bom_does_not_let_a_binary_file_in(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(codecs.BOM_UTF8 + b"\x00\x00\x00binary\x00")
    assert notes(load_file(path)) == ["binary file (contains NUL bytes), not an article"]


def test_a_file_that_understates_its_size_is_read_only_to_the_limit(tmp_path, monkeypatch):
    # Protection: read_bytes reads at most MAX_FILE_BYTES + 1 (a /proc file says it is empty).
    monkeypatch.setattr(decoding, "MAX_FILE_BYTES", 100)
    link = tmp_path / "maps.txt"
    os.symlink("/proc/self/maps", link)  # st_size 0, several KiB to read
    assert notes(load_file(link)) == ["too large (over 100 bytes; the limit is 100 bytes)"]


def test_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert notes(load_file(fifo)) == ["not a regular file"]


# --------------------------------------------------------------------------- HTML

PARAGRAPH = ("<p>Officials said on Monday that about 12,000 troops had been deployed to the region, "
             "a figure that could not be independently verified by reporters.</p>")


def test_html_control_character_reference_does_not_reject_the_page(tmp_path):
    # Protection: decode_risky_references (left to lxml, &#27; loses the page's text).
    path = tmp_path / "esc.html"
    path.write_text("<html><body><article>" + PARAGRAPH * 3 + "<p>Red &#27;[31malert&#27;[0m and "
                    "&#x202E;flipped, dash &#150; and nothing &#0; &#xD800; &#99999999;.</p>"
                    "</article></body></html>", "utf-8")
    article = only_article(load_file(path))
    assert "Red alert and flipped, dash – and nothing \ufffd \ufffd \ufffd." in article.text
    assert "\x1b" not in article.text and "[31m" not in article.text


def test_markup_references_stay_markup_safe(tmp_path):
    path = tmp_path / "lt.html"
    path.write_text("<html><body><article>" + PARAGRAPH * 3 + "<p>&#60;script&#62; is text</p>"
                    "</article></body></html>", "utf-8")
    assert "<script> is text" in only_article(load_file(path)).text


def test_html_over_the_element_limit_is_not_given_to_trafilatura(tmp_path, monkeypatch):
    # Protection: MAX_HTML_ELEMENTS (trafilatura takes about 1 s per 10,000 elements).
    import trafilatura

    monkeypatch.setattr(html_text, "MAX_HTML_ELEMENTS", 50)
    monkeypatch.setattr(trafilatura, "extract", lambda *a, **k: pytest.fail("trafilatura ran"))
    path = tmp_path / "huge.html"
    path.write_text("<html><head><title>Big page</title><script>var x;</script></head><body>"
                    + PARAGRAPH * 60 + "</body></html>", "utf-8")
    result = load_file(path)
    article = only_article(result)
    assert article.title == "Big page"
    assert len(article.text.splitlines()) == 60 and "var x" not in article.text
    (note,) = notes(result)
    assert note.startswith("HTML too large for boilerplate removal (")
    assert "the limits are 50 and" in note


# --------------------------------------------------------------------------- time


def test_text_of_blank_lines_loads_in_linear_time(tmp_path):
    # Protection: infer_source's line starts allow horizontal space only (was quadratic).
    path = tmp_path / "blank.txt"
    path.write_text("\n" * 30_000 + "Headline at the end\n", "utf-8")
    started = time.perf_counter()
    assert only_article(load_file(path)).title == "Headline at the end"
    assert time.perf_counter() - started < 1.0


# --------------------------------------------------------------------------- sanitizer

INVISIBLE = ["\u00ad", "\u034f", "\u115f", "\u1160", "\u3164", "\uffa0", "\u17b4", "\u17b5",
             *map(chr, range(0x206A, 0x2070)), "\ufff9", "\ufffa", "\ufffb",
             *map(chr, range(0x180B, 0x1810)), "\u0600", "\U000e0041", "\U0001d173"]


@pytest.mark.parametrize("char", INVISIBLE, ids=lambda c: f"U+{ord(c):04X}")
def test_invisible_characters_are_removed(char):
    assert sanitize_text(f"Zel{char}ensky") == "Zelensky"


def test_invisible_characters_in_a_file_never_reach_the_article(tmp_path):
    path = tmp_path / "invisible.txt"
    path.write_text("Head" + "".join(INVISIBLE) + "line\n\nBody.\n", "utf-8")
    article = only_article(load_file(path))
    assert article.title == "Headline"


def test_every_format_character_is_removed_between_letters():
    # The sanitizer lists Cf by hand (no table built at import): check it against unicodedata.
    # ZWJ included: it is kept only between emoji.
    kept = [f"U+{cp:04X}" for cp in range(0x110000)
            if unicodedata.category(chr(cp)) == "Cf" and sanitize_text("a" + chr(cp) + "b") != "ab"]
    assert kept == []


@pytest.mark.parametrize("emoji", ["👩‍💻", "👨‍👩‍👧", "🏳️‍🌈", "👩🏽‍💻", "❤️‍🔥", "🐻‍❄️"])
def test_zwj_between_emoji_is_kept(emoji):
    assert sanitize_text(f"coder {emoji}!") == f"coder {emoji}!"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [("Zel\u200densky", "Zelensky"), ("a\u200d💻", "a💻"), ("👩\u200d", "👩"),
     ("👩\u200d\u200d💻", "👩💻"), ("\u200d👩", "👩"), ("1\u200d2", "12")],
)
def test_zwj_elsewhere_is_removed(raw, clean):
    assert sanitize_text(raw) == clean


def test_variation_selectors_are_kept_one_per_character():
    smuggled = "😀" + "\ufe0f" * 20 + "\U000e0100" * 50 + " ok"
    assert sanitize_text(smuggled) == "😀\ufe0f ok"
    assert sanitize_text("\u2764\ufe0f and 葛\U000e0100") == "\u2764\ufe0f and 葛\U000e0100"


def test_surrogates_in_lines_and_text():
    assert sanitize_text("x\ud800y\udfff") == "x\ufffdy\ufffd"
    assert sanitize_text("\ud83d\ude00") == "😀"
    assert sanitize_line("a\udc80\tb") == "a\ufffd b"
    assert display_path("caf\udce9.txt") == "caf\ufffd.txt"
