"""Reading article files into text, the way a browser reads an unlabelled page.

`read_text_file` refuses what is not a readable regular file and reads at most
`MAX_FILE_BYTES` + 1 bytes whatever the file claims its size is (a /proc file
says 0 and can be endless). `decode_bytes` then never refuses text:

1. A BOM decides (UTF-8, UTF-16, UTF-32); bytes that break it become U+FFFD,
   with a note.
2. NUL bytes, or mostly control bytes, mean a binary file: the one refusal.
3. Valid UTF-8 is UTF-8.
4. Mostly UTF-8 with some other bytes (a UTF-8 article with a Latin-1
   signature pasted in): every valid UTF-8 sequence stays UTF-8 and only the
   other bytes are read in a single-byte legacy encoding, so "café" comes out
   right in both halves.
5. Otherwise the whole file is in a legacy encoding. charset_normalizer
   proposes one among the encodings browsers know (the WHATWG list, so no DOS
   code pages); windows-1252 is the default, as in a browser set to a Western
   language, and the proposal wins only when its text is clearly cleaner
   (charset_normalizer's mess ratio) or, as clean, has fewer symbols stuck to
   letters ("powiedzia³" is Polish read as windows-1252). windows-1252 is
   decoded as browsers do: the five bytes it leaves undefined (0x81, 0x8D,
   0x8F, 0x90, 0x9D) become the C1 controls the sanitizer removes, instead of
   refusing the file.

Every fallback leaves a note naming the encoding used.
"""

from __future__ import annotations

import codecs
import math
import os
import re
import stat
from pathlib import Path

MAX_FILE_BYTES = 5 * 1024 * 1024


class ArticleLoadError(Exception):
    """Raised inside the loaders; turned into a LoadProblem at the boundary."""


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

BINARY_CONTROL_SHARE = 0.05
_BINARY_SAMPLE = 65536
_TEXT_CONTROLS = "\t\n\r\x0c\x1b"

# windows-1252 as WHATWG defines it: Latin-1 with 0x80-0x9F remapped where
# cp1252 defines a character; the undefined five stay C1 controls.
_CP1252_C1 = {
    byte: bytes([byte]).decode("cp1252")
    for byte in range(0x80, 0xA0)
    if byte not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}
_DROP_C1 = dict.fromkeys(range(128, 160))
WESTERN = "cp1252"

# WHATWG legacy encodings, by Python codec name. Multi-byte ones last.
_SINGLE_BYTE = (
    "cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258",
    "cp874", "iso8859_2", "iso8859_3", "iso8859_4", "iso8859_5", "iso8859_6", "iso8859_7",
    "iso8859_8", "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_15", "iso8859_16",
    "koi8_r", "koi8_u", "mac_roman", "mac_cyrillic", "cp866",
)
# (ISO-2022-JP is 7-bit, so always valid UTF-8: it never gets here.)
_MULTI_BYTE = ("cp932", "euc_jp", "gb18030", "big5", "cp949")
BROWSER_ENCODINGS = _SINGLE_BYTE + _MULTI_BYTE

DETECT_SAMPLE_BYTES = 256 * 1024  # charset_normalizer looks at this much
SCORE_SAMPLE_CHARS = 64 * 1024  # the candidates' texts are compared on this much
MESS_MARGIN = 0.05  # how much cleaner the proposal must be to beat windows-1252
MIXED_MIN_UTF8_SHARE = 0.1  # of non-ASCII characters, to read a file as mostly UTF-8
# Punctuation that sits against letters in ordinary text, so it is not a sign of mojibake.
_LETTER_PUNCTUATION = set("“”‘’„‚«»‹›–—…¿¡·°'-")


def windows_1252(data: bytes) -> str:
    """`data` as windows-1252, total: undefined bytes become C1 controls (WHATWG)."""
    return data.decode("latin-1").translate(_CP1252_C1)


def _decode(data: bytes, encoding: str) -> str:
    return windows_1252(data) if encoding == WESTERN else data.decode(encoding, "replace")


def _control_share(text: str) -> float:
    """Share of C0 control characters (other than tab, newlines, form feed, ESC) in a sample.

    A few stray controls in a short text are noise the sanitizer removes, not a binary file.
    """
    sample = text[:_BINARY_SAMPLE]
    controls = sum(1 for ch in sample if ch < " " and ch not in _TEXT_CONTROLS)
    return controls / len(sample) if controls >= 32 else 0.0


def _refuse_binary(text: str) -> None:
    if "\x00" in text:
        raise ArticleLoadError("binary file (contains NUL bytes), not an article")
    if _control_share(text) > BINARY_CONTROL_SHARE:
        raise ArticleLoadError("binary file (mostly control bytes), not an article")


def _junk(text: str) -> int:
    """Symbols stuck to letters: how mojibake of letters looks ("wróc¹", "¿o³nierze")."""
    count = 0
    for i, ch in enumerate(text):
        if ch.isascii() or ch.isalpha() or ch in _LETTER_PUNCTUATION or ch.isspace():
            continue
        if (i and text[i - 1].isalpha()) or (i + 1 < len(text) and text[i + 1].isalpha()):
            count += 1
    return count


def _mess(text: str) -> float:
    """charset_normalizer's measure of how garbled `text` looks (0 clean; 0.2 and up, mojibake)."""
    try:
        from charset_normalizer.md import mess_ratio

        return mess_ratio(text, maximum_threshold=1.0)
    except Exception:  # an internal module: if it moves or fails, only _junk decides
        return 0.0


def detect_legacy(data: bytes, candidates: tuple[str, ...] = BROWSER_ENCODINGS) -> str:
    """The legacy encoding `data` is most likely in: windows-1252 unless another is clearly better."""
    try:
        import charset_normalizer

        matches = charset_normalizer.from_bytes(data[:DETECT_SAMPLE_BYTES], cp_isolation=list(candidates))
        best = matches.best()
    except Exception:  # detection is advice; never let it stop a file
        best = None
    if best is None or best.encoding == WESTERN:
        return WESTERN
    sample = data[:DETECT_SAMPLE_BYTES]
    western = windows_1252(sample).translate(_DROP_C1)[:SCORE_SAMPLE_CHARS]
    other = sample.decode(best.encoding, "replace")[:SCORE_SAMPLE_CHARS]
    if other == western:
        return WESTERN
    mess_western, mess_other = _mess(western), _mess(other)
    if mess_other + MESS_MARGIN < mess_western:
        return best.encoding
    if mess_other <= mess_western + MESS_MARGIN and _junk(other) < _junk(western):
        return best.encoding
    return WESTERN


_ESCAPED = "[\udc80-\udcff]"  # bytes 0x80-0xFF that surrogateescape left undecoded
_ESCAPED_RUN = re.compile(f"{_ESCAPED}+")
_FOREIGN_CONTEXT = 40  # characters either side of an invalid run shown to the detector


def _raw_bytes(text: str) -> bytes:
    """The ASCII and the undecoded bytes of `text`, leaving out its valid non-ASCII UTF-8."""
    return bytes(ord(ch) - 0xDC00 if "\udc80" <= ch <= "\udcff" else ord(ch)
                 for ch in text if ch.isascii() or "\udc80" <= ch <= "\udcff")


def _mixed(data: bytes, first_bad: int) -> tuple[str, str] | None:
    """Mostly-UTF-8 `data` with its invalid bytes read in a legacy encoding; None if not mostly UTF-8."""
    escaped = data.decode("utf-8", "surrogateescape")
    decoded_chars = len(escaped.encode("utf-8", "ignore").decode("utf-8"))
    bad = len(escaped) - decoded_chars
    good = decoded_chars - len(escaped.encode("ascii", "ignore"))  # valid non-ASCII characters
    if good == 0 or good < MIXED_MIN_UTF8_SHARE * (good + bad):
        return None
    # The detector sees the invalid bytes with the ASCII around them (the UTF-8
    # around them would read as mojibake in any legacy encoding and mislead it).
    foreign = bytearray()
    for match in _ESCAPED_RUN.finditer(escaped):
        if len(foreign) >= DETECT_SAMPLE_BYTES:
            break
        start, end = match.span()
        foreign += _raw_bytes(escaped[max(0, start - _FOREIGN_CONTEXT):end + _FOREIGN_CONTEXT]) + b"\n"
    encoding = detect_legacy(bytes(foreign), _SINGLE_BYTE)
    # Single-byte: each undecoded byte is one character, so one table does it in C.
    table = {0xDC00 + byte: _decode(bytes([byte]), encoding) for byte in range(0x80, 0x100)}
    note = (f"not valid UTF-8 (byte {first_bad}): mixed encodings; {bad} byte(s) "
            f"decoded as {encoding}, the rest as UTF-8")
    return escaped.translate(table), note


def decode_bytes(data: bytes) -> tuple[str, str | None]:
    """Decode file bytes; return (text, note) where note explains a fallback.

    Raises ArticleLoadError only for a binary file.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text, note = data.decode(encoding), None
            except UnicodeDecodeError as exc:
                text = data.decode(encoding, "replace")
                note = f"not valid {encoding} (byte {exc.start}); the bad bytes became \ufffd"
            _refuse_binary(text)
            return text, note
    if b"\x00" in data:
        raise ArticleLoadError("binary file (contains NUL bytes), not an article")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    else:
        _refuse_binary(text)
        return text, None
    _refuse_binary(data[:_BINARY_SAMPLE].decode("latin-1"))
    mixed = _mixed(data, first_bad)
    if mixed is not None:
        return mixed
    encoding = detect_legacy(data)
    return _decode(data, encoding), f"not valid UTF-8 (byte {first_bad}); decoded as {encoding}"


def size_text(n: int) -> str:
    """A byte count for people, rounded up so a file just over the limit never reads as equal."""
    if n < 1024:
        return f"{n} bytes"
    unit, scale = ("KiB", 1024) if n < 1_048_576 else ("MiB", 1_048_576)
    return f"{math.ceil(n * 10 / scale) / 10:g} {unit}"


def _too_large(size: int | None) -> ArticleLoadError:
    """`size` None: the file said it was smaller than it is (a /proc or /sys file)."""
    shown = size_text(size) if size is not None else f"over {size_text(MAX_FILE_BYTES)}"
    return ArticleLoadError(f"too large ({shown}; the limit is {size_text(MAX_FILE_BYTES)})")


def read_bytes(path: Path) -> bytes:
    """The bytes of the regular file at `path` (links followed), at most MAX_FILE_BYTES."""
    try:
        resolved = path.resolve(strict=True)
    except RuntimeError:
        raise ArticleLoadError("symlink loop") from None
    except FileNotFoundError:
        if path.is_symlink():
            raise ArticleLoadError("broken symlink") from None
        raise ArticleLoadError("no such file") from None
    except OSError as exc:
        if exc.errno == 40:  # ELOOP
            raise ArticleLoadError("symlink loop") from None
        raise ArticleLoadError(exc.strerror or str(exc)) from None
    try:
        if resolved.is_dir():
            raise ArticleLoadError("is a directory")
        if not resolved.is_file():
            raise ArticleLoadError("not a regular file")
        # Non-blocking and no controlling terminal: if the path became a FIFO or a
        # terminal since the check above, opening it neither hangs nor adopts it.
        flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
        fd = os.open(resolved, flags)
    except OSError as exc:
        raise ArticleLoadError(exc.strerror or str(exc)) from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise ArticleLoadError("not a regular file")
        if info.st_size > MAX_FILE_BYTES:
            raise _too_large(info.st_size)
        try:
            data = handle.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise ArticleLoadError(exc.strerror or str(exc)) from None
    if len(data) > MAX_FILE_BYTES:
        raise _too_large(None)
    return data


def read_text_file(path: Path) -> tuple[str, str | None]:
    """Read and decode one file, checking the things that make it unreadable."""
    data = read_bytes(path)
    if not data.strip():
        raise ArticleLoadError("empty file")
    return decode_bytes(data)
