"""Words as the aligner compares them: crude stems, stop words, quotations, headings."""

from __future__ import annotations

import re
import threading
from functools import lru_cache

import snowballstemmer

STOPWORDS = frozenset(
    """a about above across after afterwards again against all almost along already also
    although always am among an and another any anyone anything are around as at be became
    because become been before being below beside besides between both but by can cannot could
    did do does doing done down during each either else enough etc even ever every few for
    from further had has have having he hence her here hers herself him himself his how however
    i if in into is it its itself just least less many may me meanwhile might more moreover
    most much must my myself namely neither never nevertheless no nobody none nor not nothing
    now of off often on once one only onto or other others otherwise our ours ourselves out
    over own per perhaps please quite rather re same several she should since so some somehow
    something still such than that the their theirs them themselves then there thereby
    therefore these they this those though through throughout thus to together too toward
    towards under unless until up upon us very via was we well were what whatever when whenever
    where whereas wherever whether which while who whoever whole whom whose why will with
    within without would yet you your yours yourself yourselves
    said says say saying told tells added adds according reportedly allegedly mr ms mrs dr
    st nd rd th""".split()
)
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
DIFF_WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W_]+(?:['’][^\W_]+)*")  # "11,000" is one word
QUOTE = re.compile(r"[“\"]([^“”\"]{12,})[”\"]|[“\"]([^“”\"]{12,})$|^([^“”\"]{12,})[”\"]")
MIN_QUOTE_WORDS = 3  # shorter quotations ("scare quotes") say nothing about the statement


# Titles and abbreviations news copy uses for the same word.
ABBREVIATIONS = {
    "gov": "governor", "govs": "governor", "sen": "senator", "sens": "senator",
    "rep": "representative", "reps": "representative", "lt": "lieutenant", "gen": "general",
    "pres": "president", "atty": "attorney", "dept": "department", "govt": "government",
    "admin": "administration", "gop": "republican", "dems": "democrat", "dem": "democrat",
    "mln": "million", "bn": "billion", "pct": "percent",
}
STEM_LENGTH = 7  # "Zelensky"/"Zelenskyy" → "zelensk"
_LOCAL = threading.local()  # a Snowball stemmer keeps state while it works: one per thread


def _stemmer() -> snowballstemmer.stemmer:
    stemmer = getattr(_LOCAL, "stemmer", None)
    if stemmer is None:
        stemmer = _LOCAL.stemmer = snowballstemmer.stemmer("english")
    return stemmer


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A word's stem (Snowball English), lower case, titles spelled out, cut to STEM_LENGTH.

    "deployed"/"deployment" → "deploy", "verify"/"verified" → "verifi", "Gov." →
    "governor", "Korean"/"Korea" → "korea", "Zelensky"/"Zelenskyy" → "zelensk".
    """
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.replace("'", "").rstrip(".")
    if w.isdigit():
        return w
    w = ABBREVIATIONS.get(w, w)
    w = _stemmer().stemWord(w)
    if w.endswith("ean"):
        w = w[:-1]
    return str(w[:STEM_LENGTH])


def is_content(lower: str, stemmed: str) -> bool:
    return len(stemmed) >= 2 and lower not in STOPWORDS and stemmed not in STOPWORDS


def norm_word(word: str) -> str:
    """Case- and punctuation-insensitive form for the word diff (possessive 's dropped)."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    return re.sub(r"[\W_]+", "", w)


def quotations(sentence: str) -> tuple[str, ...]:
    """The quoted statements of a sentence, as stem strings ("scare quotes" left out)."""
    found = []
    for match in QUOTE.finditer(sentence):
        quote = match.group(1) or match.group(2) or match.group(3) or ""
        words = WORD.findall(quote)
        if len(words) >= MIN_QUOTE_WORDS:
            found.append(" ".join(stem(w) for w in words))
    return tuple(found)


def is_heading(body: str) -> bool:
    """A heading, caption or label ("Video of two soldiers", "Image:"): not a claim."""
    body = body.rstrip()
    return len(body.split()) <= 6 and not body.endswith((".", "!", "?", "”", '"', "’"))
