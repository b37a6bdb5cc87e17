"""The one place untrusted text is cleaned.

Everything that comes from outside (article bodies, titles, metadata, file
names shown back to the user) passes through here once, at load time, so no
terminal control sequence, bidi override or invisible character can reach the
screen and every later offset indexes the cleaned text.
"""

from __future__ import annotations

import re
import unicodedata

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

# C0 (except tab and newline), DEL, C1; bidi embeddings, overrides and
# isolates; zero-width and other invisible format characters; Unicode tags.
_FORBIDDEN = re.compile(
    "["
    "\x00-\x08\x0b-\x1f\x7f-\x9f"
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\u200b-\u200d\u2060-\u2064\ufeff\u180e"
    "\U000e0000-\U000e007f"
    "]"
)

_LINE_SEPARATORS = re.compile("\r\n|\r|\u2028|\u2029|\x85")


def sanitize_text(raw: str) -> str:
    """Return `raw` safe to display: no control, bidi or zero-width characters.

    Newlines are normalised to ``\\n`` (CRLF, CR, NEL, U+2028/2029), tabs are
    kept, escape sequences are removed whole, and the result is NFC-normalised.
    """
    text = _LINE_SEPARATORS.sub("\n", raw)
    text = _ESCAPE_SEQUENCES.sub("", text)
    text = _FORBIDDEN.sub("", text)
    return unicodedata.normalize("NFC", text)


def sanitize_line(raw: str) -> str:
    """Sanitize text meant for a single line (titles, file names, messages)."""
    return " ".join(sanitize_text(raw).replace("\t", " ").split())
