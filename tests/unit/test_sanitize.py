"""The sanitizer: no control sequence, bidi override or invisible character survives."""

from __future__ import annotations

import string
import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tui.core.sanitize import sanitize_line, sanitize_text

C0_FORBIDDEN = {chr(c) for c in range(0x00, 0x20)} - {"\t", "\n"}
DEL = {"\x7f"}
C1 = {chr(c) for c in range(0x80, 0xA0)}
BIDI = {chr(c) for c in range(0x202A, 0x202F)} | {chr(c) for c in range(0x2066, 0x206A)} | {
    "\u200e", "\u200f", "\u061c"
}
ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\ufeff", "\u2060"}
FORBIDDEN = C0_FORBIDDEN | DEL | C1 | BIDI | ZERO_WIDTH


def assert_clean(text: str) -> None:
    bad = sorted({f"U+{ord(ch):04X}" for ch in text if ch in FORBIDDEN})
    assert not bad, f"forbidden characters survived: {bad} in {text!r}"


# --------------------------------------------------------------------------- escape sequences


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("\x1b[31mred\x1b[0m text", "red text"),
        ("\x1b[1;38;2;255;0;0mbold\x1b[m", "bold"),
        ("before\x1b[2J\x1b[Hafter", "beforeafter"),  # clear screen, cursor home
        ("\x1b]0;pwned title\x07Headline", "Headline"),  # OSC window title, BEL-terminated
        ("\x1b]0;pwned title\x1b\\Headline", "Headline"),  # OSC, ST-terminated
        ("\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\", "link"),  # OSC 8 hyperlink
        ("\x1bPq#0;2;0;0;0#1!20~\x1b\\after", "after"),  # DCS (sixel), ST-terminated
        ("\x1b_APC payload\x1b\\text", "text"),
        ("\x1bcreset", "reset"),  # ESC c: full terminal reset
        ("\x1b(Bascii", "ascii"),  # charset designation
        ("\x9b31mred", "red"),  # 8-bit CSI
        ("\x9b1;31mred", "red"),
        ("\x9d0;pwned\x07Headline", "Headline"),  # 8-bit OSC, BEL-terminated
    ],
)
def test_escape_sequences_are_removed_whole(raw, expected):
    # Parameters like "31m" or "0;pwned" must not be left behind as visible junk.
    assert sanitize_text(raw) == expected


def test_unterminated_osc_is_removed_to_the_end_of_its_line_only():
    cleaned = sanitize_text("Title\x1b]0;never terminated\nThe next paragraph survives.")
    assert cleaned == "Title\nThe next paragraph survives."


def test_unterminated_dcs_does_not_swallow_the_article():
    cleaned = sanitize_text("Lead\x1bP1;2|payload\nSecond line.\nThird line.")
    assert cleaned == "Lead\nSecond line.\nThird line."


def test_lone_escape_and_c1_characters_are_dropped():
    assert sanitize_text("end\x1b") == "end"
    assert sanitize_text("a\x1b\nb") == "a\nb"
    assert sanitize_text("a\x1b\tb") == "a\tb"
    assert sanitize_text("a\x85b") == "a\nb"  # NEL is a line break
    assert sanitize_text("a\x80\x8f\x9fb") == "ab"
    assert sanitize_text("safe\x9btext") == "safetext"  # no parameters: not a sequence


@pytest.mark.parametrize(
    "raw",
    ["\x9d0;pwned\x9cHeadline", "\x90q sixel data\x9cafter", "\x9fapc\x9cafter", "\x9d0;x"],
)
def test_eight_bit_string_sequences_lose_their_introducer(raw):
    # The C1 introducer is what a terminal acts on; without it the rest is inert text.
    cleaned = sanitize_text(raw)
    assert_clean(cleaned)
    assert cleaned == raw.translate(dict.fromkeys(range(128, 160)))


def test_mojibake_quotes_do_not_delete_article_text():
    # “Hello,” he said. — UTF-8 read as Latin-1: ” ends in \x9d (8-bit OSC), “ in \x9c (ST).
    mojibake = "\u00e2\x80\x9cHello,\u00e2\x80\x9d he said. \u00e2\x80\x9cBye.\u00e2\x80\x9d\nNext line"
    cleaned = sanitize_text(mojibake)
    assert_clean(cleaned)
    assert "he said." in cleaned
    assert cleaned.endswith("\nNext line")


def test_mojibake_cyrillic_keeps_every_line():
    # "Активист" as UTF-8 read as Latin-1 is full of \x90-\x9f bytes (DCS, SOS, PM, APC).
    mojibake = "Активист".encode().decode("latin-1") + " line one\nline two"
    cleaned = sanitize_text(mojibake)
    assert_clean(cleaned)
    assert cleaned.endswith(" line one\nline two")


# --------------------------------------------------------------------------- single characters


@pytest.mark.parametrize(
    "char",
    ["\x00", "\x07", "\x08", "\x0b", "\x0c", "\x1a", "\x7f", "\x9b", "\x9d", "\x9c", "\x9f"],
    ids=lambda c: f"U+{ord(c):04X}",
)
def test_control_characters_are_removed(char):
    assert sanitize_text(f"safe{char}text") == "safetext"


@pytest.mark.parametrize(
    "char",
    ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
     "\u200e", "\u200f", "\u061c"],
    ids=lambda c: f"U+{ord(c):04X}",
)
def test_bidi_controls_are_removed(char):
    # "Trojan Source": an RLO can make "11,000" render as "000,11".
    assert sanitize_text(f"troops: {char}11,000") == "troops: 11,000"


@pytest.mark.parametrize(
    "char", sorted(ZERO_WIDTH), ids=lambda c: f"U+{ord(c):04X}"
)
def test_zero_width_characters_are_removed(char):
    # A zero-width space inside a name would break search and matching.
    assert sanitize_text(f"Zel{char}ensky") == "Zelensky"


def test_line_endings_are_normalised_to_lf():
    assert sanitize_text("one\r\ntwo\rthree\nfour") == "one\ntwo\nthree\nfour"
    assert sanitize_text("para\u2028line\u2029next") == "para\nline\nnext"


def test_tabs_and_newlines_are_kept():
    assert sanitize_text("col\tcol\n\nnext paragraph\n") == "col\tcol\n\nnext paragraph\n"


@pytest.mark.parametrize(
    "text",
    [
        "Café crème, naïve façade, Zürich, São Paulo",
        "Володимир Зеленський",
        "김정은 北朝鮮 東京",
        "“curly quotes” and ‘single’ — em dash – en dash … ellipsis",
        "emoji 🇺🇦 👍🏽 🪖 and ≈ 11,000 € £ ¥ §",
        "العربية עברית",  # RTL scripts themselves are fine, only bidi *controls* go
    ],
)
def test_ordinary_unicode_is_kept(text):
    assert sanitize_text(text) == text


def test_output_is_nfc_normalised():
    decomposed = "Cafe\u0301"
    assert sanitize_text(decomposed) == "Café"
    assert len(sanitize_text(decomposed)) == 4


def test_hostile_markup_like_text_is_kept_literally():
    # The sanitizer removes controls; markup is not its business and must stay readable.
    assert sanitize_text("[@click=app.quit]x[/] [bold]y[/bold]") == "[@click=app.quit]x[/] [bold]y[/bold]"


# --------------------------------------------------------------------------- sanitize_line


def test_sanitize_line_gives_one_line_with_single_spaces():
    assert sanitize_line("  Breaking:\n\tTroops\r\n  deployed \x1b[31m now ") == "Breaking: Troops deployed now"


def test_sanitize_line_of_only_controls_is_empty():
    assert sanitize_line("\x1b[31m\x07\u202e\u200b") == ""


# --------------------------------------------------------------------------- properties

NASTY = sorted(FORBIDDEN) + ["\x1b[", "\x1b]", "\x1bP", "\x1b\\", "\r\n", "\r", "\u2028", "[", "m", ";", "0"]
hostile_text = st.lists(
    st.one_of(st.characters(), st.sampled_from(NASTY)), max_size=60
).map("".join)


@given(hostile_text)
@example("\x1b\x1b[31m[31m")
@example("e\u200b\u0301")
@example("\r\x1b]0;x\n\x07")
@settings(max_examples=400)
def test_output_never_contains_forbidden_characters(raw):
    assert_clean(sanitize_text(raw))
    cleaned_line = sanitize_line(raw)
    assert_clean(cleaned_line)
    assert "\n" not in cleaned_line and "\t" not in cleaned_line


@given(hostile_text)
@example("e\u200b\u0301")
@example("\x1b\x1b[31m[31m")
@settings(max_examples=400)
def test_sanitize_is_idempotent(raw):
    once = sanitize_text(raw)
    assert sanitize_text(once) == once
    line = sanitize_line(raw)
    assert sanitize_line(line) == line


@given(st.text(alphabet=string.printable.replace("\r", "").replace("\x0b", "").replace("\x0c", "")))
def test_printable_ascii_passes_through_unchanged(text):
    assert sanitize_text(text) == text


# Marks and letters that draw nothing (CGJ, Hangul fillers, Khmer inherent vowels,
# Mongolian variation selectors): removed on purpose, like format characters.
INVISIBLE_NON_FORMAT = set("\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180f\u3164\uffa0")
VARIATION_SELECTORS = {chr(c) for c in range(0xFE00, 0xFE10)} | {chr(c) for c in range(0xE0100, 0xE01F0)}


def _collapse_selector_runs(text: str) -> str:
    return "".join(ch for i, ch in enumerate(text)
                   if not (ch in VARIATION_SELECTORS and i and text[i - 1] in VARIATION_SELECTORS))


@given(st.text(alphabet=st.characters(categories=["L", "M", "N", "P", "S", "Zs"])))
@example("\u2764\ufe0f\ufe0f")
def test_visible_text_only_changes_by_normalisation(text):
    # Letters, marks, numbers, punctuation, symbols and spaces are never dropped, but for
    # the few that draw nothing and the second and later variation selectors of a character.
    kept = _collapse_selector_runs("".join(ch for ch in text if ch not in INVISIBLE_NON_FORMAT))
    assert sanitize_text(text) == unicodedata.normalize("NFC", kept.replace("\x85", "\n"))
