"""Sentence alignment of two articles, word-level diff and figure conflicts.

Outlets reorder everything, so this is not a line diff: every sentence of A
may match any sentence of B. Cost stays near n·log n:

1. each sentence becomes a set of content tokens — crude stems of its words,
   its entities, its figures' values — weighted by IDF over both articles;
2. an inverted index over B (and over A) yields the top-k candidates for
   every sentence, scanning the rarest tokens first within a fixed budget;
3. only candidates are scored (IDF-weighted Dice of the token sets, rapidfuzz
   similarity of the stem strings, a bonus for a shared quotation);
4. pairs are taken greedily by score; a sentence may take two adjacent
   sentences of the other side when a source split it and the two together
   match clearly better than either alone.

Figures conflict when they are of the same kind, are about the same thing
(the noun they count, the event a date belongs to) and differ in value.

Plain Python: never imports textual or rich.
"""

from __future__ import annotations

import bisect
import heapq
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable, Sequence

from rapidfuzz import fuzz

from .analysis import Analysis, Entity

ALIGNER_VERSION = 1

# --------------------------------------------------------------------------- public types


@dataclass(frozen=True)
class FigureConflict:
    """Two figures about the same thing that disagree.

    `a`/`b` are the figures' surfaces (a hedge just before a figure, "around
    10,000", is included); values are numbers, or ISO strings for dates.
    Offsets index into each article's text.
    """

    a: str
    b: str
    a_value: int | float | str | None
    b_value: int | float | str | None
    a_start: int
    a_end: int
    b_start: int
    b_end: int
    about: str


@dataclass(frozen=True)
class Pair:
    a: tuple[int, ...]
    b: tuple[int, ...]
    score: float
    conflicts: tuple[FigureConflict, ...] = ()


@dataclass
class Alignment:
    pairs: list[Pair]
    only_a: list[int]
    only_b: list[int]
    figure_conflicts: list[FigureConflict]  # article-wide, including those inside pairs

    def rows(self) -> list[tuple[tuple[int, ...], tuple[int, ...], Pair | None]]:
        """Display rows for a side-by-side view.

        Rows follow A's order; a pair sits at its first A sentence; a B-only
        sentence sits right after the row holding the nearest earlier B
        sentence (or right before the row of the nearest later one). Every
        index of either side appears exactly once.
        """
        keyed: list[tuple[tuple, tuple[tuple[int, ...], tuple[int, ...], Pair | None]]] = []
        row_of_b: dict[int, float] = {}
        for pair in self.pairs:
            anchor = min(pair.a) if pair.a else 0
            keyed.append(((anchor, 0, 0), (pair.a, pair.b, pair)))
            for j in pair.b:
                row_of_b[j] = anchor
        for i in self.only_a:
            keyed.append(((i, 0, 0), ((i,), (), None)))
        paired_b = sorted(row_of_b)
        a_count = len(self.only_a) + sum(len(p.a) for p in self.pairs)
        b_count = len(self.only_b) + sum(len(p.b) for p in self.pairs)
        for j in self.only_b:
            pos = bisect.bisect_left(paired_b, j)
            if pos > 0:
                key = (row_of_b[paired_b[pos - 1]], 1, j)
            elif pos < len(paired_b):
                key = (row_of_b[paired_b[pos]], -1, j)
            else:  # nothing paired at all: spread B evenly along A
                key = (j * a_count / max(1, b_count), 0.5, j)
            keyed.append((key, ((), (j,), None)))
        keyed.sort(key=lambda item: item[0])
        return [row for _, row in keyed]


# --------------------------------------------------------------------------- tokens

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
# Words that end a noun phrase when looking for what a figure counts.
_HEAD_BEFORE = frozenset("at of to by as".split())  # "casualties at 4,000"
_TIME_WORDS = frozenset("later earlier ago before after since previously".split())
_HEDGE_BEFORE = re.compile(
    r"(?:\b(?:about|around|some|approximately|roughly|nearly|almost|over|more than|less than|"
    r"fewer than|up to|at least|an estimated|close to|circa)\s+)$",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_DIFF_WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W_]+(?:['’][^\W_]+)*")  # "11,000" is one word
_QUOTE = re.compile(r"[“\"]([^“”\"]{12,})[”\"]|[“\"]([^“”\"]{12,})$")
_CLAUSE_BREAK = re.compile(r"[,;:()\[\]–—]|\s-\s")
_CLAUSE_WORDS = frozenset("and but that which who while where when because although".split())
_WEEKDAYS = (
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
)
_DURATION_UNITS = {
    "second": "second", "minute": "minute", "hour": "hour", "day": "day", "week": "week",
    "month": "month", "year": "year", "decade": "decade", "century": "century",
}
# Nouns that count the same thing in news copy.
_SYNONYMS = {
    "soldie": "troop", "troop": "troop", "force": "troop", "fighte": "troop",
    "servic": "troop", "person": "people", "people": "people", "civili": "people",
    "casual": "casual", "loss": "casual", "losses": "casual", "dead": "death",
    "death": "death", "killed": "death", "fatali": "death", "victim": "death",
    "prison": "prison", "captiv": "prison", "pow": "prison", "pows": "prison",
}


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude, fast stem: lower case, common suffixes off, first six letters.

    "deployed"/"deployment" → "deploy", "soldiers" → "soldie", "Korean"/"Korea"
    → "korea", "Zelensky"/"Zelenskyy" → "zelens".
    """
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.replace("'", "")
    if w.isdigit():
        return w
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 5 and w.endswith("ing"):
        w = w[:-3]
    elif len(w) > 4 and w.endswith("ed"):
        w = w[:-2]
    elif len(w) > 4 and w.endswith(("ches", "shes", "sses", "xes", "zes")):
        w = w[:-2]
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if w.endswith("ean"):
        w = w[:-1]
    return w[:6]


def _norm_word(word: str) -> str:
    """Case- and punctuation-insensitive form for the word diff (possessive 's dropped)."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    return re.sub(r"[\W_]+", "", w)


# --------------------------------------------------------------------------- sentence features


@dataclass
class _Word:
    start: int  # absolute offsets
    end: int
    lower: str
    stem: str
    content: bool
    entity: bool  # inside a named entity
    figure: int  # index into the sentence's figure list, or -1


@dataclass
class _Figure:
    entity: Entity
    start: int
    end: int
    surface: str
    cls: str  # "count" | "money" | "percent" | "date"
    value: Any  # number; ("iso", y, m, d) | ("wd", name) | ("dur", unit, n) for dates
    shown_value: int | float | str | None
    head: str | None
    about: str
    context: frozenset[str]
    event: frozenset[str]
    sentence: int  # sentence position in its article
    other: bool  # "17 other soldiers": a different set than the plain noun
    partitive: bool  # "one of them"


@dataclass
class _Sent:
    index: int
    start: int
    end: int
    text: str
    tokens: frozenset[str]
    norm: str
    quotes: tuple[str, ...]
    figures: list[_Figure]
    key: str = ""  # the words, lower case: identical sentences pair first
    heading: bool = False
    weight: float = 0.0


def _figure_class(label: str) -> str | None:
    if label in ("CARDINAL", "QUANTITY"):
        return "count"
    if label == "MONEY":
        return "money"
    if label == "PERCENT":
        return "percent"
    if label in ("DATE", "TIME"):
        return "date"
    return None  # ORDINAL: "first", "second" rarely disagree about anything


def _date_value(entity: Entity, surface: str) -> Any:
    lower = surface.lower()
    if entity.iso:
        parts = entity.iso.split("-")
        if entity.iso.startswith("--"):  # "--01-09": no year stated
            return ("iso", None, int(parts[2]), int(parts[3]))
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else None
        day = int(parts[2]) if len(parts) > 2 else None
        return ("iso", year, month, day)
    for day in _WEEKDAYS:
        if re.search(rf"\b{day}\b", lower):
            return ("wd", day)
    if isinstance(entity.value, (int, float)):
        for word in _WORD.findall(lower):
            unit = word.rstrip("s")
            if unit in _DURATION_UNITS:
                return ("dur", _DURATION_UNITS[unit], entity.value)
    return None


def _shown_date(value: Any, surface: str) -> str | None:
    if not value:
        return None
    if value[0] == "iso":
        _, year, month, day = value
        if year is None:
            return f"--{month:02d}-{day:02d}"
        return "-".join(
            [f"{year:04d}"] + ([f"{month:02d}"] if month else []) + ([f"{day:02d}"] if day else [])
        )
    if value[0] == "wd":
        return value[1]
    return f"{value[2]} {value[1]}"


def _words_of(
    text: str, start: int, end: int, entities: Sequence[Entity]
) -> tuple[list[_Word], list[tuple[int, int]]]:
    """The words of a sentence, marked with the entity or figure they belong to, and
    for each entity the range of word positions it covers."""
    words = []
    for match in _WORD.finditer(text, start, end):
        lower = match.group().lower()
        s = stem(lower)
        content = len(s) >= 2 and lower not in STOPWORDS and s not in STOPWORDS
        words.append(_Word(match.start(), match.end(), lower, s, content, False, -1))
    starts = [w.start for w in words]
    spans = []
    for n, entity in enumerate(entities):
        lo = bisect.bisect_left(starts, entity.start)
        hi = lo
        while hi < len(words) and words[hi].end <= entity.end:
            if entity.kind == "figure":
                words[hi].figure = n
            else:
                words[hi].entity = True
            hi += 1
        spans.append((lo, hi))
    return words, spans


def _clause_before(text: str, words: list[_Word], pos: int, limit: int) -> list[_Word]:
    """Content words before words[pos] within its clause (nearest first)."""
    found = []
    k = pos - 1
    while k >= 0 and len(found) < limit:
        gap = text[words[k].end:words[k + 1].start] if k + 1 < len(words) else ""
        if _CLAUSE_BREAK.search(gap) or words[k].lower in _CLAUSE_WORDS:
            break
        if words[k].content and words[k].figure < 0:
            found.append(words[k])
        k -= 1
    return found


def _clause_after(text: str, words: list[_Word], pos: int, limit: int) -> list[_Word]:
    found = []
    k = pos + 1
    while k < len(words) and len(found) < limit:
        gap = text[words[k - 1].end:words[k].start]
        if _CLAUSE_BREAK.search(gap) or words[k].lower in _CLAUSE_WORDS:
            break
        if words[k].content and words[k].figure < 0:
            found.append(words[k])
        k += 1
    return found


def _noun_phrase_after(text: str, words: list[_Word], last: int) -> tuple[list[_Word], bool, bool]:
    """The run of words right after a figure that names what it counts.

    Returns (words, partitive, other): "11,000 North Korean troops have" →
    North, Korean, troops; "one of them" → partitive; "17 other soldiers" → other.
    """
    run: list[_Word] = []
    other = False
    k = last + 1
    if k < len(words) and words[k].lower == "of" and not _CLAUSE_BREAK.search(
        text[words[last].end:words[k].start]
    ):
        return [], True, False
    while k < len(words):
        gap = text[words[k - 1].end:words[k].start]
        if _CLAUSE_BREAK.search(gap) or "." in gap:
            break
        word = words[k]
        if word.lower in ("other", "others", "more", "additional", "further", "another"):
            other = True
            k += 1
            continue
        if not word.content or word.lower in _TIME_WORDS or word.figure >= 0:
            break
        run.append(word)
        if len(run) >= 4:
            break
        k += 1
    # "17 soldiers sent to Russia": a trailing participle is not the noun
    while len(run) >= 2 and run[-1].lower.endswith(("ed", "ing")) and not run[-1].entity:
        run.pop()
    return run, False, other


def _build_figures(
    text: str, words: list[_Word], entities: Sequence[Entity], sentence: int
) -> list[_Figure]:
    figures: list[_Figure] = []
    by_entity: dict[int, list[int]] = defaultdict(list)
    for pos, word in enumerate(words):
        if word.figure >= 0:
            by_entity[word.figure].append(pos)
    for n, positions in sorted(by_entity.items()):
        entity = entities[n]
        cls = _figure_class(entity.label)
        if cls is None:
            continue
        surface = text[entity.start:entity.end]
        first, last = positions[0], positions[-1]
        # a hedge just outside the span ("around 10,000") is shown with the figure
        start = entity.start
        hedge = _HEDGE_BEFORE.search(text[max(words[0].start, start - 20):start])
        if hedge and cls != "date" and not entity.approx:
            start -= len(hedge.group())
            surface = text[start:entity.end]
        if cls == "date":
            value = _date_value(entity, surface)
            shown = _shown_date(value, surface)
        else:
            value = entity.value
            shown = entity.value
        if value is None:
            continue
        run, partitive, other = ([], False, False)
        head = None
        about = ""
        if cls != "date":
            run, partitive, other = _noun_phrase_after(text, words, last)
            if run:
                head = run[-1].stem
                about = text[run[0].start:run[-1].end]
            elif not partitive and first > 0 and words[first - 1].lower in _HEAD_BEFORE:
                # "casualties at 4,000", "a death toll of 120"
                before = _clause_before(text, words, first - 1, 1)
                if before:
                    head = before[0].stem
                    about = before[0].lower
            if head:
                head = _SYNONYMS.get(head, head)
                if partitive:
                    head = "of:" + head
        before = _clause_before(text, words, first, 4)
        after = _clause_after(text, words, last, 4)
        context = frozenset(w.stem for w in before + after)
        if cls == "date":
            event_words = _clause_before(text, words, first, 3)
            if not event_words:
                event_words = _clause_after(text, words, last, 5)
            event = frozenset(w.stem for w in event_words if not w.entity)
            about = " ".join(w.lower for w in reversed(event_words)) if event_words else ""
        else:
            event = frozenset()
            if not about:  # money, percentages: what follows says what they measure
                about = " ".join(w.lower for w in after[:3])
        figures.append(_Figure(
            entity, start, entity.end, surface, cls, value, shown, head, about,
            context, event, sentence, other, partitive,
        ))
    return figures


def _quotes(sentence: str) -> tuple[str, ...]:
    found = []
    for match in _QUOTE.finditer(sentence):
        quote = match.group(1) or match.group(2) or ""
        if len(quote) >= 12:
            found.append(" ".join(stem(w) for w in _WORD.findall(quote)))
    return tuple(found)


def _features(text: str, analysis: Analysis) -> list[_Sent]:
    """Per-sentence tokens, stem strings, quotes and figures, in one pass over the entities."""
    sentences = analysis.sentences
    entities = sorted(analysis.entities, key=lambda e: e.start)
    out: list[_Sent] = []
    e = 0
    for position, sentence in enumerate(sentences):
        while e < len(entities) and entities[e].end <= sentence.start:
            e += 1
        k = e
        inside: list[Entity] = []
        while k < len(entities) and entities[k].start < sentence.end:
            if entities[k].start >= sentence.start:
                inside.append(entities[k])
            k += 1
        words, spans = _words_of(text, sentence.start, sentence.end, inside)
        tokens: set[str] = set()
        stems: list[str] = []
        # A multi-word name is one token ("Volodymyr Zelensky" → volody_zelens, plus
        # zelens for a person): a lead's full name must not outweigh the claim.
        names: dict[int, str] = {}
        for entity, (lo, hi) in zip(inside, spans):
            if entity.kind != "entity":
                continue
            covered = words[lo:hi]
            if len(covered) < 2:
                continue
            names[covered[0].start] = "_".join(w.stem for w in covered)
            for w in covered[1:]:
                names[w.start] = ""
            if entity.label == "PERSON":
                names[covered[-1].start] = covered[-1].stem
        for word in words:
            if word.figure >= 0:
                continue
            if word.start in names:
                if names[word.start]:
                    tokens.add(names[word.start])
                    stems.append(names[word.start])
                continue
            if word.content:
                tokens.add(word.stem)
                stems.append(word.stem)
        for entity in inside:
            if entity.kind == "figure":
                token = _figure_token(entity, text[entity.start:entity.end])
                if token:
                    tokens.add(token)
                    stems.append(token)
                else:  # "Sunday", "thousands": its words are ordinary tokens
                    for w in _WORD.findall(text[entity.start:entity.end]):
                        s = stem(w)
                        if len(s) >= 2 and w.lower() not in STOPWORDS:
                            tokens.add(s)
                            stems.append(s)
        figures = _build_figures(text, words, inside, position)
        for f in figures:
            if f.cls == "count" and f.head and not f.other:
                tokens.add("f:" + f.head)
        body = text[sentence.start:sentence.end]
        out.append(_Sent(
            position, sentence.start, sentence.end, body, frozenset(tokens), " ".join(stems),
            _quotes(body), figures, " ".join(w.lower for w in words), _is_heading(body),
        ))
    return out


def _figure_token(entity: Entity, surface: str) -> str | None:
    if entity.iso:
        iso = entity.iso
        if iso.startswith("--"):
            return "@" + iso[2:]
        if len(iso) == 10:
            return "@" + iso[5:]  # a day matches the same day stated without a year
        return "@" + iso
    if entity.value is None:
        return None
    if entity.label == "ORDINAL":
        return f"o{entity.value}"
    if entity.label in ("DATE", "TIME"):
        return None  # "two days later": the words say more than the number
    return f"#{entity.value}"


# --------------------------------------------------------------------------- scoring

CANDIDATES_PER_SENTENCE = 8
POSTING_BUDGET = 300  # postings scanned per sentence when gathering candidates
HIGH_SCORE = 0.38  # taken on its own
LOW_SCORE = 0.20  # taken when the two are each other's best remaining match
MIN_SHARED = 6.0  # IDF weight two weakly matching sentences must share
HEADING_SCORE = 0.6  # a heading or caption pairs only when nearly the same
SPLIT_GAIN = 0.03
IDF_FLOOR = 0.1


def _idf(sentences: Iterable[_Sent], total: int) -> dict[str, float]:
    df: dict[str, int] = defaultdict(int)
    for s in sentences:
        for t in s.tokens:
            df[t] += 1
    # a floor: words every sentence shares still say a little (repetitive text)
    return {t: max(IDF_FLOOR, math.log((total + 1.0) / n)) for t, n in df.items()}


def _weight(tokens: Iterable[str], idf: dict[str, float]) -> float:
    return sum(idf.get(t, 0.0) for t in tokens)


def _quote_match(qa: tuple[str, ...], qb: tuple[str, ...]) -> float:
    best = 0.0
    for x in qa:
        for y in qb:
            shorter = min(len(x), len(y))
            if shorter < 20:
                continue
            best = max(best, fuzz.partial_ratio(x, y) / 100.0)
    return best


def _score(
    ta: frozenset[str] | set[str], tb: frozenset[str] | set[str], wa: float, wb: float,
    na: str, nb: str, qa: tuple[str, ...], qb: tuple[str, ...], idf: dict[str, float],
) -> float:
    if not wa or not wb:
        return 0.0
    shared = _weight(ta & tb, idf)
    if shared <= 0:
        return 0.0
    # Figures stated differently on both sides ("11,000" / "about 12,000") are what a
    # fact-checker wants side by side: they count only half against the match.
    figures_a = [t for t in ta if t[0] in "#@" and t not in tb]
    if figures_a:
        figures_b = [t for t in tb if t[0] in "#@" and t not in ta]
        if figures_b:
            wa -= 0.5 * _weight(figures_a, idf)
            wb -= 0.5 * _weight(figures_b, idf)
    dice = 2.0 * shared / (wa + wb)
    fz = fuzz.token_sort_ratio(na, nb) / 100.0
    fz = max(0.0, (fz - 0.35) / 0.65)  # unrelated text still shares letters
    score = 0.75 * dice + 0.25 * fz
    quote = _quote_match(qa, qb) if qa and qb else 0.0
    if quote >= 0.9:  # a shared quotation: the same statement, however framed
        score = max(score, 0.4 + 0.4 * dice + 0.2 * (quote - 0.9) / 0.1)
    return min(1.0, score)


@dataclass
class _Unit:
    a: tuple[int, ...]
    b: tuple[int, ...]
    score: float


def _candidate_pairs(
    src: list[_Sent], dst: list[_Sent], idf: dict[str, float], k: int
) -> set[tuple[int, int]]:
    index: dict[str, list[int]] = defaultdict(list)
    for s in dst:
        for t in s.tokens:
            index[t].append(s.index)
    found: set[tuple[int, int]] = set()
    for s in src:
        acc: dict[int, float] = defaultdict(float)
        scanned = 0
        expected = s.index * len(dst) / max(1, len(src))
        for t in sorted(s.tokens, key=lambda t: len(index.get(t, ()))):
            postings = index.get(t)
            if not postings:
                continue
            if scanned and scanned + len(postings) > POSTING_BUDGET:
                break
            if len(postings) > POSTING_BUDGET:
                # even the rarest word is everywhere: look around the same relative position
                middle = bisect.bisect_left(postings, int(expected))
                low = max(0, min(middle - POSTING_BUDGET // 2, len(postings) - POSTING_BUDGET))
                postings = postings[low:low + POSTING_BUDGET]
            scanned += len(postings)
            w = idf[t]
            for j in postings:
                acc[j] += w
        # ties (repeated sentences) go to the candidates nearest the same relative position
        for j, _ in heapq.nlargest(
            k, acc.items(), key=lambda item: (round(item[1], 6), -abs(item[0] - expected))
        ):
            found.add((s.index, j))
    return found


def _is_heading(body: str) -> bool:
    """A heading, caption or label ("Video of two soldiers", "Image:"): not a claim."""
    body = body.rstrip()
    return len(body.split()) <= 6 and not body.endswith((".", "!", "?", "”", '"', "’"))


def _heading(s: _Sent) -> bool:
    return s.heading


def _assign(fa: list[_Sent], fb: list[_Sent], idf: dict[str, float]) -> list[_Unit]:
    """Pairs of sentence groups, best first, each index used at most once.

    Pass 1 takes confident units (singles and 1-to-2 splits) greedily by score.
    Pass 2 takes weaker pairs only when they are each other's best remaining
    match and share enough weight — paraphrase that shares few words. Finally a
    pair may take an unpaired neighbour that the source split off.
    """
    k = CANDIDATES_PER_SENTENCE
    cands = _candidate_pairs(fa, fb, idf, k)
    cands |= {(i, j) for j, i in _candidate_pairs(fb, fa, idf, k)}

    single: dict[tuple[int, int], float] = {}
    shared: dict[tuple[int, int], float] = {}
    for i, j in cands:
        x, y = fa[i], fb[j]
        shared[(i, j)] = _weight(x.tokens & y.tokens, idf)
        score = _score(x.tokens, y.tokens, x.weight, y.weight, x.norm, y.norm,
                       x.quotes, y.quotes, idf)
        if (_heading(x) or _heading(y)) and score < HEADING_SCORE:
            continue
        single[(i, j)] = score

    def merged_score(one: _Sent, two: tuple[_Sent, _Sent]) -> float:
        tokens = two[0].tokens | two[1].tokens
        weight = _weight(tokens, idf)
        return _score(one.tokens, tokens, one.weight, weight, one.norm,
                      two[0].norm + " " + two[1].norm, one.quotes, two[0].quotes + two[1].quotes,
                      idf)

    def split_ok(one: _Sent, base: _Sent, extra: _Sent) -> bool:
        """`extra` adds content of `one` that `base` lacks, and is mostly about `one`."""
        if not extra.weight or not one.weight or _heading(extra):
            return False
        new = (one.tokens & extra.tokens) - base.tokens
        if _weight(new, idf) < 0.12 * one.weight:
            return False
        return _weight(one.tokens & extra.tokens, idf) >= 0.3 * extra.weight

    def splits(i: int, j: int, s: float, free_a, free_b) -> list[_Unit]:
        found = []
        for j2 in (j - 1, j + 1):  # one A sentence, two adjacent B sentences
            if 0 <= j2 < len(fb) and free_b(j2) and split_ok(fa[i], fb[j], fb[j2]):
                b = (min(j, j2), max(j, j2))
                m = merged_score(fa[i], (fb[b[0]], fb[b[1]]))
                if m >= max(s, single.get((i, j2), 0.0)) + SPLIT_GAIN:
                    found.append(_Unit((i,), b, m))
        for i2 in (i - 1, i + 1):  # two adjacent A sentences, one B sentence
            if 0 <= i2 < len(fa) and free_a(i2) and split_ok(fb[j], fa[i], fa[i2]):
                a = (min(i, i2), max(i, i2))
                m = merged_score(fb[j], (fa[a[0]], fa[a[1]]))
                if m >= max(s, single.get((i2, j), 0.0)) + SPLIT_GAIN:
                    found.append(_Unit(a, (j,), m))
        return found

    used_a: set[int] = set()
    used_b: set[int] = set()
    chosen: list[_Unit] = []

    def take(unit: _Unit) -> bool:
        if used_a.isdisjoint(unit.a) and used_b.isdisjoint(unit.b):
            chosen.append(unit)
            used_a.update(unit.a)
            used_b.update(unit.b)
            return True
        return False

    # pass 1: identical sentences, then confident units, greedily
    units = [_Unit((i,), (j,), s) for (i, j), s in single.items() if s >= HIGH_SCORE]
    same: dict[str, list[int]] = defaultdict(list)
    for y in reversed(fb):
        if y.key:
            same[y.key].append(y.index)
    for x in fa:  # the k-th copy in A with the k-th copy in B
        if x.key and same.get(x.key):
            units.append(_Unit((x.index,), (same[x.key].pop(),), 1.0))
    for (i, j), s in single.items():
        if s >= LOW_SCORE:
            units.extend(u for u in splits(i, j, s, lambda _: True, lambda _: True)
                         if u.score >= HIGH_SCORE)
    units.sort(key=lambda u: (-u.score, u.a, u.b))
    for unit in units:
        take(unit)

    # pass 2: weak pairs that are each other's best remaining match (one round: a
    # second would pair leftovers merely because everything better is gone)
    best_a: dict[int, tuple[float, int]] = {}
    best_b: dict[int, tuple[float, int]] = {}
    for (i, j), s in sorted(single.items()):
        if i in used_a or j in used_b:
            continue
        if s > best_a.get(i, (-1.0, -1))[0]:
            best_a[i] = (s, j)
        if s > best_b.get(j, (-1.0, -1))[0]:
            best_b[j] = (s, i)
    weak = sorted(
        ((s, i, j) for (i, j), s in single.items()
         if LOW_SCORE <= s < HIGH_SCORE and shared[(i, j)] >= MIN_SHARED),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    for s, i, j in weak:
        if best_a.get(i, (0, -1))[1] == j and best_b.get(j, (0, -1))[1] == i:
            take(_Unit((i,), (j,), s))

    # a pair takes an unpaired neighbour that the source split off
    for n, unit in enumerate(chosen):
        if len(unit.a) == 1 and len(unit.b) == 1:
            i, j = unit.a[0], unit.b[0]
            options = splits(i, j, unit.score, lambda x: x not in used_a,
                             lambda y: y not in used_b)
            if options:
                best = max(options, key=lambda u: u.score)
                chosen[n] = best
                used_a.update(best.a)
                used_b.update(best.b)

    chosen.sort(key=lambda u: (u.a, u.b))
    return chosen


# --------------------------------------------------------------------------- figures


def _values_differ(x: _Figure, y: _Figure) -> bool:
    if x.cls != "date":
        return x.value != y.value
    vx, vy = x.value, y.value
    if vx[0] != vy[0]:
        return False  # an ISO date and a weekday cannot be compared
    if vx[0] == "iso":
        return any(p is not None and q is not None and p != q for p, q in zip(vx[1:], vy[1:]))
    if vx[0] == "wd":
        return vx[1] != vy[1]
    return vx[1] == vy[1] and vx[2] != vy[2]  # durations in the same unit


def _jaccard(x: frozenset[str], y: frozenset[str]) -> float:
    if not x or not y:
        return 0.0
    return len(x & y) / len(x | y)


MAX_RATIO = 3.0  # counts further apart than this, outside paired sentences, are different sets


def _close_in_size(x: Any, y: Any, ratio: float) -> bool:
    if not isinstance(x, (int, float)) or not isinstance(y, (int, float)):
        return False
    low, high = sorted((abs(x), abs(y)))
    return low > 0 and high / low <= ratio


def _same_thing(x: _Figure, y: _Figure, paired: bool) -> bool:
    """Are the two figures about the same thing (noun counted, event dated)?"""
    if x.cls != y.cls:
        return False
    if x.cls == "date":
        shared = x.event & y.event
        return bool(shared) and (paired or _jaccard(x.context, y.context) >= 0.2)
    if x.other or y.other:
        return False
    if x.cls == "count":
        if x.partitive or y.partitive:  # "one of them", "23 of them"
            return False
        if not x.head or x.head != y.head:
            return False
        if not _close_in_size(x.value, y.value, 10.0 if paired else MAX_RATIO):
            return False  # "two soldiers" and "11,000 troops" count different sets
        if paired:
            return True
        return _jaccard(x.context, y.context) >= 0.15 or len(x.context & y.context) >= 3
    # money, percent: no reliable head; what surrounds them must agree
    if x.head and y.head and x.head != y.head:
        return False
    threshold = 0.3 if paired else 0.4
    return _jaccard(x.context, y.context) >= threshold


def _comparable(f: _Figure) -> bool:
    surface = f.surface.strip().lower()
    return surface not in ("one", "a", "an", "single")


def _conflict(x: _Figure, y: _Figure, paired: bool) -> FigureConflict | None:
    if not (_comparable(x) and _comparable(y)):
        return None
    if x.cls != y.cls or not _values_differ(x, y) or not _same_thing(x, y, paired):
        return None
    about = x.about if len(x.about) >= len(y.about) else y.about
    return FigureConflict(
        x.surface, y.surface, x.shown_value, y.shown_value, x.start, x.end, y.start, y.end, about,
    )


def _value_key(f: _Figure) -> Any:
    if f.cls == "date" and f.value[0] == "iso":
        return ("iso", f.value[2], f.value[3])  # a year may be left out on one side
    return f.value


def _agrees(x: _Figure, y: _Figure, paired: bool) -> bool:
    """The same figure stated on both sides (so neither disagrees with anything else)."""
    if x.cls != y.cls or _value_key(x) != _value_key(y) or _values_differ(x, y):
        return False
    if paired:
        return True
    if x.cls == "count":  # "23 of them" / "23 survivors": nothing says they differ
        return x.head == y.head or not x.head or not y.head
    if x.cls == "date":
        return bool(x.event & y.event)
    return _jaccard(x.context, y.context) >= 0.2


def _bucket(f: _Figure) -> tuple:
    if f.cls == "count":
        return ("count", f.head)
    if f.cls == "date":
        return ("date", f.value[0])
    return (f.cls,)


MAX_BUCKET_COMPARISONS = 4000
MAX_SAME_VALUE = 50


MAX_PAIR_CONFLICTS = 12


def _pair_conflicts(figs_a: list[_Figure], figs_b: list[_Figure]) -> list[FigureConflict]:
    """Disagreeing figures inside one pair of sentence groups.

    A figure the other side states too ("158 survivors" / "158 people") is
    accounted for; only the rest can disagree. Figures repeating the same value
    about the same noun are compared once.
    """
    values_a = {(x.cls, _value_key(x)) for x in figs_a}
    values_b = {(y.cls, _value_key(y)) for y in figs_b}

    def distinct(figures: list[_Figure], other_values: set) -> list[_Figure]:
        out, keys = [], set()
        for f in figures:
            key = (f.cls, _value_key(f), f.head)
            if (f.cls, _value_key(f)) in other_values or key in keys:
                continue
            keys.add(key)
            out.append(f)
        return out

    conflicts: list[FigureConflict] = []
    seen: set[tuple] = set()
    for x in distinct(figs_a, values_b):
        for y in distinct(figs_b, values_a):
            conflict = _conflict(x, y, paired=True)
            if conflict is None:
                continue
            key = (conflict.a_value, conflict.b_value, x.head, y.head)
            if key not in seen:
                seen.add(key)
                conflicts.append(conflict)
                if len(conflicts) >= MAX_PAIR_CONFLICTS:
                    return conflicts
    return conflicts


def _article_conflicts(
    fa: list[_Sent], fb: list[_Sent], paired_of: dict[int, set[int]]
) -> list[FigureConflict]:
    """Figures stated differently anywhere in the two articles, one per disagreement.

    A figure the other article also states (same kind, same value, about the
    same thing as far as can be told) is accounted for and disagrees with
    nothing; the others are compared within buckets of the same kind and noun.
    """
    all_a = [f for s in fa for f in s.figures]
    all_b = [f for s in fb for f in s.figures]
    by_value: dict[tuple, list[_Figure]] = defaultdict(list)
    for y in all_b:
        by_value[(y.cls, _value_key(y))].append(y)
    by_value_a: dict[tuple, list[_Figure]] = defaultdict(list)
    for x in all_a:
        by_value_a[(x.cls, _value_key(x))].append(x)
    agreed: set[int] = set()  # id() of accounted-for figures
    for key, xs in by_value_a.items():
        ys = by_value.get(key, ())
        for x in xs[:MAX_SAME_VALUE]:
            for y in ys[:MAX_SAME_VALUE]:
                if _agrees(x, y, y.sentence in paired_of.get(x.sentence, ())):
                    agreed.add(id(x))
                    agreed.add(id(y))
        if len(xs) > MAX_SAME_VALUE and ys:  # a value stated over and over: accounted for
            agreed.update(id(f) for f in xs + list(ys))
    buckets_a: dict[tuple, list[_Figure]] = defaultdict(list)
    buckets_b: dict[tuple, list[_Figure]] = defaultdict(list)
    for figures, buckets in ((all_a, buckets_a), (all_b, buckets_b)):
        repeats: dict[tuple, int] = defaultdict(int)
        for f in figures:
            if id(f) not in agreed and (f.cls != "count" or f.head):
                # a value repeated about the same noun is compared a few times, not each time
                key = (_bucket(f), _value_key(f))
                repeats[key] += 1
                if repeats[key] <= 3:
                    buckets[_bucket(f)].append(f)
    found: list[tuple[int, int, FigureConflict]] = []
    seen: set[tuple] = set()
    # comparisons stay proportional to the number of figures
    budget = MAX_BUCKET_COMPARISONS + 50 * (len(all_a) + len(all_b))
    for key, xs in buckets_a.items():
        ys = buckets_b.get(key)
        if not ys:
            continue
        for x in xs:
            for y in ys:
                budget -= 1
                if budget < 0:
                    break
                paired = y.sentence in paired_of.get(x.sentence, ())
                conflict = _conflict(x, y, paired)
                if conflict is None:
                    continue
                dedupe = (conflict.a_value, conflict.b_value, key)
                if dedupe in seen:
                    continue
                seen.add(dedupe)
                found.append((x.start, y.start, conflict))
            if budget < 0:
                break
    found.sort(key=lambda item: (item[0], item[1]))
    return [c for _, _, c in found]


# --------------------------------------------------------------------------- align


def align(a_text: str, a: Analysis, b_text: str, b: Analysis, a_date: str = "", b_date: str = "") -> Alignment:
    """Align the sentences of two analysed articles by meaning, wherever they sit."""
    fa = _features(a_text, a)
    fb = _features(b_text, b)
    idf = _idf(fa + fb, len(fa) + len(fb))
    for s in fa + fb:
        s.weight = _weight(s.tokens, idf)
    units = _assign(fa, fb, idf)

    pairs: list[Pair] = []
    paired_of: dict[int, set[int]] = defaultdict(set)
    for unit in units:
        conflicts = _pair_conflicts(
            [f for i in unit.a for f in fa[i].figures], [f for j in unit.b for f in fb[j].figures]
        )
        for i in unit.a:
            paired_of[i].update(unit.b)
        pairs.append(Pair(unit.a, unit.b, round(unit.score, 4), tuple(conflicts)))

    used_a = {i for p in pairs for i in p.a}
    used_b = {j for p in pairs for j in p.b}
    article_wide = _article_conflicts(fa, fb, paired_of)
    # article-wide: one entry per disagreement (the same two values about the same thing)
    figure_conflicts: list[FigureConflict] = []
    seen: set[tuple] = set()
    for c in [c for p in pairs for c in p.conflicts] + article_wide:
        key = (c.a_value, c.b_value, c.about.lower())
        if key not in seen and (c.a_start, c.b_start) not in seen:
            seen.add(key)
            seen.add((c.a_start, c.b_start))
            figure_conflicts.append(c)
    figure_conflicts.sort(key=lambda c: (c.a_start, c.b_start))
    return Alignment(
        pairs=pairs,
        only_a=[s.index for s in fa if s.index not in used_a],
        only_b=[s.index for s in fb if s.index not in used_b],
        figure_conflicts=figure_conflicts,
    )


# --------------------------------------------------------------------------- word diff


def word_diff(
    a_sentence: str, b_sentence: str
) -> tuple[list[tuple[int, int, bool]], list[tuple[int, int, bool]]]:
    """Character spans of the words on each side, with shared=True when the word
    also appears on the other side (case- and punctuation-insensitive)."""
    words_a = [(m.start(), m.end(), _norm_word(m.group())) for m in _DIFF_WORD.finditer(a_sentence)]
    words_b = [(m.start(), m.end(), _norm_word(m.group())) for m in _DIFF_WORD.finditer(b_sentence)]
    set_a = {w for _, _, w in words_a if w}
    set_b = {w for _, _, w in words_b if w}
    return (
        [(s, e, w in set_b) for s, e, w in words_a],
        [(s, e, w in set_a) for s, e, w in words_b],
    )


# --------------------------------------------------------------------------- whole articles


def _article_tokens(text: str, analysis: Analysis) -> set[str]:
    tokens: set[str] = set()
    for match in _WORD.finditer(text):
        lower = match.group().lower()
        if lower in STOPWORDS:
            continue
        s = stem(lower)
        if len(s) >= 3 and not s.isdigit():
            tokens.add(s)
    for entity in analysis.entities:
        if entity.kind == "figure":
            token = _figure_token(entity, text[entity.start:entity.end])
            if token:
                tokens.add(token)
        else:
            words = _WORD.findall(text[entity.start:entity.end])
            tokens.add("e:" + "_".join(stem(w) for w in words))
    return tokens


def similarity(a_text: str, a: Analysis, b_text: str, b: Analysis) -> float:
    """How much two articles are about the same thing, 0..1; cheap, for ranking candidates.

    Cosine of their sets of content stems, entities and figures.
    """
    ta = _article_tokens(a_text, a)
    tb = _article_tokens(b_text, b)
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / math.sqrt(len(ta) * len(tb))


# --------------------------------------------------------------------------- JSON


def _conflict_json(conflict: FigureConflict) -> dict[str, Any]:
    return {"a": conflict.a, "b": conflict.b, "a_value": conflict.a_value,
            "b_value": conflict.b_value}


def _side_json(article: Any, analysis: Analysis) -> dict[str, Any]:
    text = article.text
    return {
        "uri": article.uri,
        "title": article.title,
        "sentences": [
            {"index": s.index, "start": s.start, "end": s.end, "text": text[s.start:s.end]}
            for s in analysis.sentences
        ],
    }


def _sentence_index(analysis: Analysis, offset: int) -> int | None:
    sentence = analysis.sentence_at(offset)
    return sentence.index if sentence else None


def alignment_json(
    a_article: Any, a_analysis: Analysis, b_article: Any, b_analysis: Analysis,
    alignment: Alignment,
) -> dict[str, Any]:
    """The `compare --json` shape of DESIGN.md, plus article-wide "figure_conflicts"."""
    return {
        "a": _side_json(a_article, a_analysis),
        "b": _side_json(b_article, b_analysis),
        "pairs": [
            {
                "a": list(p.a),
                "b": list(p.b),
                "score": round(max(0.0, min(1.0, p.score)), 3),
                "conflicts": [_conflict_json(c) for c in p.conflicts],
            }
            for p in alignment.pairs
        ],
        "only_a": list(alignment.only_a),
        "only_b": list(alignment.only_b),
        "figure_conflicts": [
            {
                **_conflict_json(c),
                "about": c.about,
                "a_start": c.a_start, "a_end": c.a_end, "b_start": c.b_start, "b_end": c.b_end,
                "a_sentence": _sentence_index(a_analysis, c.a_start),
                "b_sentence": _sentence_index(b_analysis, c.b_start),
            }
            for c in alignment.figure_conflicts
        ],
    }
