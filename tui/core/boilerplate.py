"""Boilerplate: the lines of a page that are not the article.

Copied and scraped articles keep what surrounded them on the page: a list of
related headlines ("Articles You May Like" and five unrelated stories), "Follow
X on Facebook and Twitter.", "Read the full article here", newsletter sign-ups,
cookie banners, share bars, copyright lines. `boilerplate_spans` finds them so
the reader can draw them dim and analysis, alignment and corroboration can
leave them out; nothing is deleted.

Detection works on whole lines and is conservative, because a false positive
hides reporting. A line is boilerplate only when it is short and one of the
named rules below says so:

- `CALL_TO_ACTION`: the line *starts* with an imperative addressed to the
  reader — follow/like/join us on a social network, share this, sign up /
  subscribe, read more / read the full article / continue reading / click here.
  A sentence that merely contains "follow" or "share" ("Officials will follow
  the plan", "Shares fell 3%") is never caught: the cue must open the line and
  be the imperative form.
- `CUE_PREFIX`: "Related: …", "Read more: …", "See also — …": a cue word and a
  separator, then a headline.
- `SHARE_BAR`: every word of the line is share-bar vocabulary, at least half
  of them, and two different ones, the names of share buttons ("Share Tweet
  Email", "Facebook Twitter LinkedIn", "Share on Facebook Share on X"), and no
  full stop ends it.
- `NEWSLETTER` / `COOKIES`: the line names a newsletter (or cookies) *and*
  addresses the reader ("you", "your", "our", "we"), which reporting about
  newsletters or cookie law does not do in the same short line.
- `COPYRIGHT`: "© 2024 …", "Copyright 2024 …", "All rights reserved".
- `PUBLICATION_NOTE`: "A version of this article appears in print on …",
  "This story originally appeared in …".
- `HEADLINE_LIST`: a cue heading ("Articles You May Like", "More from Sky
  News:", "Related stories", "Most read") followed by a run of headline lines:
  short, starting with a capital, a digit or a quote, with no sentence-final
  full stop. The run ends at the first line that is not a headline (a
  sentence ending in a full stop, a long paragraph).
- `TRAILING_BLOCK`: a cue heading whose every following line, to the end of
  the text, is short (a headline, a call to action, a one-line sentence), with
  no more one-line sentences than headlines right under the heading: the
  page's footer, from the heading to the end.
- `AUTHOR_PROMO`: at the end of the text only (every non-blank line after it
  is boilerplate), a short, unquoted line that holds an @handle or an e-mail
  address (with "follow", "email", "contact" … unless it is only a few words),
  or a bio line ("Jane Doe is a reporter for …") that also says where to
  follow or reach the author.

Markdown markup (list bullets, `#` headings, `>` quotes, emphasis, links
`[text](url)`) is read through, so `- [Headline](https://…)` is a headline.
Spans are (start, end) character offsets, sorted and not overlapping; each
covers whole lines without their surrounding spaces, and consecutive
boilerplate lines (blank lines between them included) form one span.
Plain Python, linear in the text: lines longer than `MAX_LINE_CHARS` are never
boilerplate and are not looked at.
"""

from __future__ import annotations

import re

MAX_LINE_CHARS = 400  # no rule applies to a longer line
CTA_MAX_WORDS = 25  # a call to action, a cue prefix, a copyright or publication line
NEWSLETTER_MAX_WORDS = 40  # sign-up and cookie prompts run a little longer
HEADING_MAX_WORDS = 8  # a cue heading ("Articles You May Like")
HEADLINE_MAX_WORDS = 20  # a headline in a list of related stories
TRAILING_MAX_WORDS = 30  # a line of a page footer after a cue heading
PROMO_MAX_WORDS = 40  # an author's bio or handle line at the end
HANDLE_ALONE_MAX_WORDS = 6  # "@jdoe", "Jane Doe @jdoe": a handle line that needs no other cue

_NETWORKS = (r"(?:facebook|twitter|x|instagram|linkedin|tiktok|youtube|threads|bluesky|"
             r"telegram|whatsapp|mastodon|snapchat|pinterest|reddit|flipboard|google news)")
_FOLLOW = re.compile(
    rf"^(?:(?:follow|like|find|join|connect with|add)\s+(?:us|me)\b"
    rf"|follow\s+(?:@\w+|(?:[\w.'’-]+\s+){{0,4}}on\s+{_NETWORKS}\b))", re.I)
_SHARE_START = re.compile(
    rf"^share(?:\s+(?:the|this|our)\s+(?:article|story|post|page|link|video)\b"
    rf"|\s+(?:on|via)\s+{_NETWORKS}\b|\s*:?\s*$)", re.I)
_SIGN_UP_START = re.compile(r"^(?:sign\s*up|subscribe)\b", re.I)
_READ_START = re.compile(
    r"^(?:read\s+more|read\s+the\s+(?:full|whole|rest|original|complete)\b|continue\s+reading|"
    r"keep\s+reading|click\s+here|tap\s+here|see\s+more|watch\s+the\s+full)\b", re.I)
_CLICK_HERE = re.compile(r"\b(?:click|tap)\s+here\b", re.I)
# Cue words that, followed by a separator, label a link to another story.
_PREFIX_CUE = re.compile(
    r"^(?:related(?:\s+(?:articles?|stories|story|coverage|content|links?|reading|news))?|"
    r"read\s+more|read\s+also|also\s+read|see\s+also|more\s+(?:from|on)\b[^:|\n]{0,40}|"
    r"recommended|further\s+reading|don['’]t\s+miss|must\s+read)"
    r"\s*(?::|\||»|>)", re.I)
# Cue phrases of a heading over a list of other stories, anywhere in a short heading.
_HEADING_CUE = re.compile(
    r"\b(?:related\b|you\s+(?:may|might)\s+(?:also\s+)?(?:like|enjoy|be\s+interested)|"
    r"recommended|more\s+(?:stories|articles|news|headlines|from|on\s+this|to\s+read|like\s+this)|"
    r"most\s+(?:read|popular|viewed|shared)|trending|top\s+stories|read\s+more|also\s+read|"
    r"see\s+also|further\s+reading|don['’]t\s+miss|editor['’]?s\s+picks|popular\s+(?:now|stories)|"
    r"what\s+to\s+read\s+next|latest\s+(?:news|stories|headlines)|around\s+the\s+web)", re.I)
_SHARE_WORDS = frozenset((
    "share", "shares", "tweet", "email", "e-mail", "mail", "print", "copy", "link", "save",
    "comment", "comments", "facebook", "twitter", "x", "linkedin", "whatsapp", "pinterest",
    "reddit", "telegram", "messenger", "flipboard", "threads", "bluesky", "sms", "this", "article",
    "story", "on", "via", "url", "copied", "the", "to", "clipboard", "pin", "more"))
_SHARE_ACTION = frozenset(("share", "tweet", "email", "e-mail", "print", "facebook", "twitter",
                           "linkedin", "whatsapp", "pinterest", "reddit", "pin", "flipboard"))
_SHARE_ALONE = frozenset(("share", "tweet"))  # the one word of a share bar that says so alone
_READER = re.compile(r"\b(?:you|your|yours|we|our|us)\b", re.I)
_NEWSLETTER = re.compile(r"\b(?:newsletters?|inbox|e-?mail\s+alerts|news\s+alerts)\b", re.I)
_SIGN_UP = re.compile(r"\b(?:sign(?:ing)?\s*up|subscribe|delivered|get\s+(?:our|the)|join)\b", re.I)
_COOKIES = re.compile(r"\bcookies?\b", re.I)
_COOKIE_ACT = re.compile(
    r"\b(?:accept\w*|consent|agree|browse|browsing|experience|we\s+use|"
    r"(?:cookie|privacy)\s+(?:policy|settings|notice|preferences)|(?:this|our)\s+(?:site|website))\b",
    re.I)
_COPYRIGHT = re.compile(
    r"^(?:©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\)|\d{4}))|\ball\s+rights\s+reserved\b|©\s*\d{4}",
    re.I)
_PUBLICATION_NOTE = re.compile(
    r"^(?:a\s+version\s+of\s+this\s+(?:article|story|report)\s+(?:appears|appeared)|"
    r"this\s+(?:article|story|piece|report)\s+(?:was\s+)?(?:originally|first)\s+"
    r"(?:appeared|published|ran|posted)|"
    r"this\s+(?:article|story|piece)\s+(?:has\s+been|was)\s+(?:updated|republished))", re.I)
_HANDLE = re.compile(r"(?:^|\s)@\w{2,}|\b[\w.+-]+@[\w-]+\.[\w.]+\b")
_BIO = re.compile(
    r"^[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}\s+(?:is|was)\s+an?\s+(?:[\w-]+\s+){0,3}"
    r"(?:reporter|writer|correspondent|editor|contributor|columnist|journalist|producer)\b")
_QUOTES = re.compile(r"[\"“”]")  # a quoted tweet or statement is reporting
_BIO_CONTACT = re.compile(r"\b(?:follow|twitter|facebook|instagram|e-?mail|reach|contact)\b|@",
                          re.I)

# Markdown read through: leading bullets, numbers, headings, quotes; links; emphasis.
_MD_LEAD = re.compile(r"^(?:[#>*+•·|-]+\s*|\d{1,2}[.)]\s+)+")
_MD_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")
# The emphasised words hold no marker, so an unclosed "*" costs one scan, not one per "*".
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=[^\s*_`])([^*_`\n]+?)(?<=\S)\1")
_WORD = re.compile(r"[^\W_](?:[\w'’.&-]*[^\W_])?")
_CLOSERS = "\"'”’)]»*_ "
_SENTENCE_INSIDE = re.compile(r"[a-z0-9\"”’)][.!?]\s+[A-Z“\"]")


def _plain(line: str) -> str:
    """A line with its Markdown markup read through, for matching."""
    text = _MD_LINK.sub(r"\1", line.strip())
    text = _MD_EMPHASIS.sub(r"\2", text)  # first: "**Related:**" is emphasis, not a bullet
    text = _MD_LEAD.sub("", text)
    return text.strip()


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _last_char(text: str) -> str:
    stripped = text.rstrip(_CLOSERS)
    return stripped[-1] if stripped else ""


def _is_call_to_action(text: str, words: list[str]) -> str | None:
    """The rule that makes one line boilerplate on its own, or None."""
    n = len(words)
    if n == 0:
        return None
    if n <= CTA_MAX_WORDS:
        if (_FOLLOW.match(text) or _SHARE_START.match(text) or _SIGN_UP_START.match(text)
                or _READ_START.match(text) or _CLICK_HERE.search(text)):
            return "CALL_TO_ACTION"
        if _PREFIX_CUE.match(text):
            return "CUE_PREFIX"
        if _COPYRIGHT.search(text):
            return "COPYRIGHT"
    lowered = [w.lower() for w in words]
    actions = [w for w in lowered if w in _SHARE_ACTION]
    if (all(w in _SHARE_WORDS for w in lowered) and _last_char(text) != "."
            and (len(set(actions)) >= 2 and 2 * len(actions) >= n
                 or n == 1 and lowered[0] in _SHARE_ALONE)):
        return "SHARE_BAR"
    if n <= NEWSLETTER_MAX_WORDS and _READER.search(text):
        if _NEWSLETTER.search(text) and _SIGN_UP.search(text):
            return "NEWSLETTER"
        if _COOKIES.search(text) and _COOKIE_ACT.search(text):
            return "COOKIES"
    if n <= NEWSLETTER_MAX_WORDS * 2 and _PUBLICATION_NOTE.match(text):
        return "PUBLICATION_NOTE"
    return None


def _is_heading_cue(text: str, words: list[str]) -> bool:
    """A short heading over a list of other stories ("Articles You May Like")."""
    return (0 < len(words) <= HEADING_MAX_WORDS and _last_char(text) not in ".,;!?"
            and bool(_HEADING_CUE.search(text)))


def _is_headline(text: str, words: list[str]) -> bool:
    """A line that reads as a headline: short, capitalised, no sentence-final full stop."""
    if not 0 < len(words) <= HEADLINE_MAX_WORDS or not text:
        return False
    first = text.lstrip("\"'“‘(")[:1]
    if not (first.isupper() or first.isdigit()):
        return False
    return _last_char(text) not in ".,;:" and not _SENTENCE_INSIDE.search(text)


class _Line:
    __slots__ = ("start", "end", "text", "words", "rule")

    def __init__(self, start: int, end: int, raw: str):
        self.start, self.end = start, end
        self.text = _plain(raw) if len(raw) <= MAX_LINE_CHARS else ""
        self.words = _words(self.text) if self.text else []
        self.rule: str | None = None


def _lines(text: str) -> list[_Line]:
    """Every non-blank line, its offsets trimmed of surrounding white space."""
    out = []
    offset = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            start = offset + len(raw) - len(raw.lstrip())
            out.append(_Line(start, start + len(stripped), raw))
        offset += len(raw) + 1
    return out


def _mark_lists(lines: list[_Line]) -> None:
    """HEADLINE_LIST and TRAILING_BLOCK: a cue heading and the story list under it.

    Which lines are neither boilerplate nor headlines ("others"), and how many of
    them follow each line, is counted once from the end: linear in the lines."""
    n = len(lines)
    other = [not line.rule and not _is_headline(line.text, line.words) for line in lines]
    others_after = [0] * (n + 1)
    long_after = [False] * (n + 1)  # a line after this one too long for a footer
    for k in range(n - 1, -1, -1):
        others_after[k] = others_after[k + 1] + other[k]
        long_after[k] = long_after[k + 1] or (
            other[k] and not 0 < len(lines[k].words) <= TRAILING_MAX_WORDS)
    i = 0
    while i < n:
        heading = lines[i]
        if not (heading.text and (_is_heading_cue(heading.text, heading.words)
                                  or heading.rule == "CUE_PREFIX"
                                  and _last_char(heading.text) == ":")):
            i += 1
            continue
        j = i + 1
        while j < n and not other[j]:
            j += 1
        listed = j - i - 1  # headlines and calls to action right under the heading
        # Short sentences after them are the footer's too, if they are not the most of it.
        if j < n and others_after[j] <= listed and not long_after[j]:
            for line in lines[i:]:
                line.rule = line.rule or "TRAILING_BLOCK"
            return
        if j > i + 1 or j == n:
            for line in lines[i:j]:
                line.rule = line.rule or "HEADLINE_LIST"
        i = max(j, i + 1)


def _is_author_promo(line: _Line) -> bool:
    """A handle or address line ("Email: jdoe@example.com", "@jdoe"), not a quoted tweet;
    or a bio that says where to follow or reach the author."""
    if not 0 < len(line.words) <= PROMO_MAX_WORDS or _QUOTES.search(line.text):
        return False
    if _HANDLE.search(line.text) and (len(line.words) <= HANDLE_ALONE_MAX_WORDS
                                      or _BIO_CONTACT.search(line.text)):
        return True
    return bool(_BIO.match(line.text) and _BIO_CONTACT.search(line.text))


def _mark_author_promo(lines: list[_Line]) -> None:
    """AUTHOR_PROMO: handle and bio lines in the run of boilerplate that ends the text."""
    for line in reversed(lines):
        if line.rule:
            continue
        if _is_author_promo(line):
            line.rule = "AUTHOR_PROMO"
        else:
            return


def classify_lines(text: str) -> list[tuple[int, int, str]]:
    """(start, end, rule) of every boilerplate line, in text order."""
    lines = _lines(text)
    for line in lines:
        if line.text:
            line.rule = _is_call_to_action(line.text, line.words)
    _mark_lists(lines)
    _mark_author_promo(lines)
    return [(line.start, line.end, line.rule) for line in lines if line.rule]


def boilerplate_spans(text: str) -> list[tuple[int, int]]:
    """Sorted, non-overlapping (start, end) spans of boilerplate in `text`.

    Consecutive boilerplate lines, with only blank lines between them, are one span."""
    spans: list[tuple[int, int]] = []
    for start, end, _rule in classify_lines(text):
        if spans and not text[spans[-1][1]:start].strip():
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans
