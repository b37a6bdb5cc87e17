"""The one place untrusted text is cleaned.

Everything that comes from outside (article bodies, titles, metadata, file
names shown back to the user) passes through here once, at load time, so no
terminal control sequence, bidi override or invisible character can reach the
screen and every later offset indexes the cleaned text.

What goes, in this order:

1. Lone surrogates (from JSON ``\\ud800`` escapes, or from file names that are
   not valid UTF-8) become U+FFFD; a high and a low surrogate in a row are the
   one character they encode. Text with a surrogate cannot be written as UTF-8,
   so without this one bad character would stop every export and ``--json``.
2. Line separators (CRLF, CR, NEL, U+2028, U+2029) become ``\\n``.
3. Escape sequences, whole, so their parameters do not survive as junk.
4. C0 controls (except tab and newline), DEL, C1 controls; every format
   character (Unicode category Cf: bidi controls, zero-width characters, soft
   hyphen, invisible operators, interlinear annotation, Arabic number signs,
   Unicode tags...); and the other invisible "default ignorable" characters
   that are not Cf: U+034F, the Hangul fillers U+115F, U+1160, U+3164, U+FFA0,
   U+17B4/17B5, the Mongolian variation selectors U+180B-180F, and the
   unassigned default-ignorable code points (U+2065, U+FFF0-FFF8, U+E0000-E0FFF
   outside the variation selectors).
5. Variation selectors are kept one per character: a run of them after one
   character is how data is hidden in plain sight ("emoji smuggling"); the
   first selects the glyph, the others do nothing visible.
6. ZERO WIDTH JOINER (U+200D) is the one format character kept on purpose,
   and only between two emoji (optionally a variation selector after the
   first), where it makes one picture of them: "👩‍💻" stays a woman
   technologist, "🏳️‍🌈" a rainbow flag. Everywhere else it goes (it is
   invisible between letters and would split a name for search). ZWNJ
   (U+200C) always goes: it changes only the shape of Persian and Indic
   letters, never which letters they are.
7. NFC normalisation.
"""

from __future__ import annotations

import re
import unicodedata

_SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT_CHARACTER = "\ufffd"

# Whole escape sequences first, so their parameters do not survive as junk.
# A string sequence (OSC, DCS ...) never runs past the end of its line, so a
# stray ESC ] cannot swallow the rest of an article. 8-bit C1 introducers are
# removed whole only in shapes that cannot be ordinary text: in real articles a
# C1 character is nearly always mojibake (the UTF-8 bytes of ” read as Latin-1
# end in \x9d, those of “ in \x9c, Cyrillic is full of \x90-\x9f), and cutting
# from one to the next would silently delete sentences. Any C1 character left
# over is dropped on its own by _FORBIDDEN below, which is what makes it inert.
_ESCAPE_SEQUENCES = re.compile(
    r"""
      \x1b\[[0-?]*[ -/]*[@-~]                      # CSI ... final byte
    | \x1b\][^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?  # OSC ... BEL or ST
    | \x1b[PX^_][^\x1b\x9c\n]*(?:\x1b\\|\x9c)?       # DCS / SOS / PM / APC ... ST
    | \x1b[ -/]*[0-~]                              # two/three byte escapes (ESC c, ESC ( B ...)
    | \x9b[0-?]+[ -/]*[@-~]                        # 8-bit CSI with parameters (\x9b31m)
    | \x9d[^\x07\x1b\x9c\x9d\n]*\x07                # 8-bit OSC ended by BEL
    """,
    re.VERBOSE,
)

# Every format character (category Cf) of Unicode 15.1 except ZWJ, listed so
# no table is built at import; tests check the list against unicodedata.
_FORMAT = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f"
    "\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
# Invisible characters of other categories, and unassigned default ignorables.
_OTHER_INVISIBLE = (
    "\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180d\u180f\u3164\uffa0"
    "\u2065\ufff0-\ufff8\U000e0000-\U000e00ff\U000e01f0-\U000e0fff"
)
_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f"
_FORBIDDEN = re.compile(f"[{_CONTROLS}{_FORMAT}{_OTHER_INVISIBLE}]")

ZWJ = "\u200d"
_VARIATION_SELECTORS = "\ufe00-\ufe0f\U000e0100-\U000e01ef"
_SELECTOR_RUN = re.compile(f"([{_VARIATION_SELECTORS}])[{_VARIATION_SELECTORS}]+")

# Characters that can stand on either side of a ZWJ in an emoji ZWJ sequence:
# the Extended_Pictographic ranges of Unicode's emoji data, slightly widened to
# whole blocks (skin-tone modifiers and regional indicators fall inside them).
_EMOJI = (
    "\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u2199\u21a9\u21aa\u231a\u231b\u2328"
    "\u2388\u23cf\u23e9-\u23f3\u23f8-\u23fa\u24c2\u25aa\u25ab\u25b6\u25c0\u25fb-\u25fe"
    "\u2600-\u27bf\u2934\u2935\u2b05-\u2b07\u2b1b\u2b1c\u2b50\u2b55\u3030\u303d"
    "\u3297\u3299\U0001f000-\U0001faff"
)
_JOINER = re.compile(f"([{_EMOJI}][\ufe0e\ufe0f]?{ZWJ})(?=[{_EMOJI}])|{ZWJ}")

_LINE_SEPARATORS = re.compile("\r\n|\r|\u2028|\u2029|\x85")
# Every character some step of `sanitize_text` acts on: escape sequences start with a
# control character, surrogates, line separators, the forbidden set, selectors, ZWJ.
# Text with none of them (and already NFC) is returned as it is: the common case of
# stored rows, read back by the thousand.
_ANY_UNSAFE = re.compile(
    f"[{_CONTROLS}{_FORMAT}{_OTHER_INVISIBLE}{_VARIATION_SELECTORS}\ud800-\udfff"
    f"\r\u2028\u2029\x85{ZWJ}]"
)


def _surrogates(text: str) -> str:
    """Pairs of surrogates joined into their character, lone ones replaced by U+FFFD."""
    text = _SURROGATE_PAIR.sub(
        lambda m: m.group().encode("utf-16-le", "surrogatepass").decode("utf-16-le"), text
    )
    return _SURROGATE.sub(REPLACEMENT_CHARACTER, text)


def _joiners(text: str) -> str:
    """ZWJ kept between two emoji (it joins them into one), removed everywhere else."""
    return _JOINER.sub(lambda m: m.group(1) or "", text)


def is_unsafe_character(char: str) -> bool:
    """True when `sanitize_text` would remove or replace `char` (or may, for ZWJ) on its own.

    For callers that must decide about one decoded character before the text it
    sits in is sanitized (HTML character references).
    """
    return bool(
        _FORBIDDEN.match(char) or _SURROGATE.match(char) or _LINE_SEPARATORS.match(char)
        or char == ZWJ or char == "\x1b"
    )


def sanitize_text(raw: str) -> str:
    """Return `raw` safe to display: no control, bidi, format or invisible characters.

    Newlines are normalised to ``\\n``, tabs are kept, escape sequences are
    removed whole, lone surrogates become U+FFFD, and the result is
    NFC-normalised (see the module docstring for the full list and order).
    """
    if not _ANY_UNSAFE.search(raw) and unicodedata.is_normalized("NFC", raw):
        return raw  # nothing below would change it (one scan instead of six)
    text = _surrogates(raw)
    text = _LINE_SEPARATORS.sub("\n", text)
    text = _ESCAPE_SEQUENCES.sub("", text)
    text = _FORBIDDEN.sub("", text)
    text = _SELECTOR_RUN.sub(r"\1", text)
    if ZWJ in text:
        # Removing a joiner can bring two selectors together: collapse again.
        text = _SELECTOR_RUN.sub(r"\1", _joiners(text))
    return unicodedata.normalize("NFC", text)


def sanitize_line(raw: str) -> str:
    """Sanitize text meant for a single line (titles, file names, messages)."""
    return " ".join(sanitize_text(raw).replace("\t", " ").split())
