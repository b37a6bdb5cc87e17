"""Figures as the aligner compares them: kind, value range, and what they count.

Each figure of a sentence becomes a `Quantity`: its class (count, money,
percent, date, duration), the values it allows (hedges and stated ranges as
ranges, dates as days), and what it counts — the noun it quantifies, the verb
it hangs from and that verb's subject and object, from the analysis' parse
(roles.py), falling back on the words right after it when there is no parse.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..amounts import Interval, hedge_inside, hedge_match, interval, is_vague
from ..entity_spans import Entity
from .dates import When, duration_days, when
from .tokens import WORD, is_content, stem

# Nouns that count the same thing in news copy.
NOUN_GROUPS = {
    "troop": ("soldier", "troop", "force", "fighter", "serviceman", "servicemen"),
    "people": ("person", "people", "civilian", "resident"),
    "casualty": ("casualty", "loss"),
    "death": ("dead", "death", "fatality", "victim", "killed"),
    "prisoner": ("prisoner", "captive", "pow", "pows"),
    "seat": ("seat", "district"),
    "member": ("member", "lawmaker", "legislator"),
    "bill": ("bill", "measure", "legislation", "resolution"),
}
# Verbs that name the same act (by lemma); reporting verbs date a statement, not the event.
VERB_SYNONYMS = {
    "leave": "leave", "quit": "leave", "resign": "leave", "depart": "leave", "exit": "leave",
    "step down": "leave", "die": "die", "kill": "die", "hold": "hold", "have": "hold",
    "control": "hold", "keep": "hold", "occupy": "hold", "lose": "lose", "drop": "lose",
    "gain": "gain", "pick up": "gain", "win": "gain", "take": "gain", "need": "need",
    "require": "need", "spend": "spend", "use": "spend", "divert": "spend",
    "misuse": "spend", "raise": "raise", "collect": "raise", "cut": "cut", "reduce": "cut",
    "slash": "cut", "deploy": "deploy", "send": "deploy", "capture": "capture",
    "seize": "capture", "vote": "vote", "pass": "vote", "approve": "vote", "adopt": "vote",
    "estimate": "estimate", "put": "estimate", "elect": "elect", "serve": "hold",
    "sentence": "sentence", "face": "face", "pay": "pay", "cost": "cost",
    "take up": "take up", "bring up": "take up", "consider": "take up",
}
REPORTING_VERBS = frozenset(
    "say tell announce state add note write report claim confirm deny insist argue explain "
    "warn reveal disclose publish post tweet".split())
# Verbs that state a figure without naming an act of their own ("estimates run from
# 500,000", "the class involves 1.5 million women", "deaths number 41").
WEAK_VERBS = frozenset({"be", "get", "make", "do", "come", "go", "include", "become", "remain",
                        "involve", "run", "range", "number", "total"})
# Verbs whose subject is a source, not an owner: "the commission put turnout at 58 percent".
ESTIMATE_VERBS = frozenset({"estimate", "project", "forecast", "calculate", "count", "report",
                            "say", "show", "find", "suggest"})
_HEAD_BEFORE = frozenset("at of to by as".split())  # "casualties at 4,000"
_TIME_WORDS = frozenset("later earlier ago before after since previously".split())
_OTHER = frozenset(("other", "others", "more", "additional", "further", "another", "extra"))
_CLAUSE_BREAK = re.compile(r"[,;:()\[\]–—]|\s-\s")
_CLAUSE_WORDS = frozenset("and but that which who while where when because although".split())
_HEDGE_WINDOW = 24  # characters before a figure searched for its hedge
_SMALL = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)"
# odds ("a 1 in 3 chance", "two-in-three"): complementary odds are common, not conflicts
_ODDS_AFTER = re.compile(rf"^[-\s]in[-\s]{_SMALL}\b", re.IGNORECASE)
_CLOCK = re.compile(r"\d:\d\d")
_ODDS_BEFORE = re.compile(rf"\b{_SMALL}[-\s]in[-\s]$", re.IGNORECASE)


@dataclass
class Word:
    start: int
    end: int
    lower: str
    stem: str
    content: bool
    entity: bool  # inside a named entity
    figure: int  # index into the sentence's entities, or -1


@dataclass
class Quantity:
    entity: Entity
    start: int  # with the hedge just before it ("around 10,000")
    end: int
    surface: str
    cls: str  # "count" | "money" | "percent" | "date" | "duration"
    value: float | None  # counts, money, percent (fractions as percent); days for durations
    high: float | None
    hedge: str | None
    allowed: Interval | None  # the values it allows (not for dates)
    when: When | None  # dates
    unit: str | None  # "%", "percentage points", a duration unit
    currency: str | None
    counts: str | None  # canonical noun counted
    verb: str | None  # canonical verb
    subject: str | None
    object: str | None
    about: str  # what it counts, for people
    context: frozenset[str]  # content stems of its clause
    sentence_context: frozenset[str]  # content stems of its whole sentence
    names: frozenset[str]  # named-entity stems in its clause
    sentence: int
    other: bool  # "17 other soldiers": a different set than the plain noun
    partitive: bool  # "one of them"

    @property
    def shown_value(self) -> int | float | str | None:
        if self.cls == "date":
            return self.when.shown() if self.when else None
        return self.entity.value


def canonical_verb(verb: str | None) -> str | None:
    """One name for verbs that name the same act ("quit" → leave); a phrasal verb keeps
    its particle unless listed ("take up" is not "take")."""
    if not verb:
        return None
    return VERB_SYNONYMS.get(verb, verb)


# Plurals the stemmer leaves apart from their singular (a parse gives the lemma; plain
# words, as in "how many women", do not).
_IRREGULAR_PLURALS = {"women": "woman", "men": "man", "children": "child", "people": "person"}
NOUN_SYNONYMS = {stem(word): group for group, words in NOUN_GROUPS.items() for word in words}


def canonical_noun(noun: str | None) -> str | None:
    """One name for nouns that count the same thing ("soldiers" → troop), else the stem."""
    if not noun:
        return None
    last = noun.split()[-1]
    s = stem(_IRREGULAR_PLURALS.get(last.lower(), last))
    return NOUN_SYNONYMS.get(s, s)


def _clause(text: str, words: list[Word], pos: int, step: int, limit: int) -> list[Word]:
    """Content words before (step -1) or after (step 1) words[pos] within its clause."""
    found: list[Word] = []
    k = pos + step
    while 0 <= k < len(words) and len(found) < limit:
        left, right = (words[k], words[k + 1]) if step < 0 else (words[k - 1], words[k])
        if _CLAUSE_BREAK.search(text[left.end:right.start]) or words[k].lower in _CLAUSE_WORDS:
            break
        if words[k].content and words[k].figure < 0:
            found.append(words[k])
        k += step
    return found


def _noun_after(text: str, words: list[Word], last: int) -> tuple[list[Word], bool, bool]:
    """The words right after a figure that name what it counts, and whether it is
    partitive ("one of them") or a different set ("17 other soldiers")."""
    run: list[Word] = []
    other = False
    k = last + 1
    if k < len(words) and words[k].lower == "of" and not _CLAUSE_BREAK.search(
            text[words[last].end:words[k].start]):
        return [], True, False
    while k < len(words):
        gap = text[words[k - 1].end:words[k].start]
        if _CLAUSE_BREAK.search(gap) or "." in gap:
            break
        word = words[k]
        if word.lower in _OTHER:
            other = True
            k += 1
            continue
        if not word.content or word.lower in _TIME_WORDS or word.figure >= 0:
            break
        run.append(word)
        if len(run) >= 4:
            break
        k += 1
    while len(run) >= 2 and run[-1].lower.endswith(("ed", "ing")) and not run[-1].entity:
        run.pop()  # "17 soldiers sent to Russia": a trailing participle is not the noun
    return run, False, other


def _class(entity: Entity) -> str | None:
    if entity.label == "MONEY":
        return "money"
    if entity.label == "PERCENT" or entity.unit == "fraction":
        return "percent"
    if entity.label in ("DATE", "TIME"):
        return "date"  # or a duration, once its length is read
    if entity.label in ("CARDINAL", "QUANTITY"):
        return "count"
    return None  # ORDINAL: "first", "second" rarely disagree about anything


def build(text: str, words: list[Word], entities: Sequence[Entity], sentence: int,
          article_date: str) -> list[Quantity]:
    """The quantities of one sentence (`entities` are the sentence's, `words` its words)."""
    out: list[Quantity] = []
    whole = frozenset(w.stem for w in words if w.content and w.figure < 0)
    positions: dict[int, list[int]] = {}
    for pos, word in enumerate(words):
        if word.figure >= 0:
            positions.setdefault(word.figure, []).append(pos)
    for n, entity in enumerate(entities):
        if entity.kind != "figure" or n not in positions:
            continue
        surface = text[entity.start:entity.end]
        cls = _class(entity)
        if cls is None or is_vague(surface):
            continue
        length = duration_days(surface, entity.value, entity.high) if cls == "date" else None
        if length:
            cls = "duration"
        if cls == "count" and (_ODDS_AFTER.match(text[entity.end:entity.end + 12])
                               or _ODDS_BEFORE.search(text[max(0, entity.start - 12):entity.start])
                               or _CLOCK.search(text[max(0, entity.start - 3):entity.end + 3])):
            continue  # odds, or a time of day ("21:40") the model read as numbers
        first, last = positions[n][0], positions[n][-1]
        start = entity.start
        hedge = hedge_inside(surface)
        if hedge is None:
            before = text[max(words[0].start, start - _HEDGE_WINDOW):start]
            found = hedge_match(before)
            if found:  # a hedge just outside the span is shown with it: "around 10,000"
                hedge = found[0]
                start -= len(before) - found[1]
                start += len(text[start:entity.start]) - len(text[start:entity.start].lstrip())
        value, high, unit, allowed, moment = entity.value, entity.high, entity.unit, None, None
        if cls == "date":
            moment = when(surface, entity.iso, article_date)
            if moment is None:
                continue
        elif cls == "duration":
            assert length is not None  # cls is "duration" only when there is one
            value, high, unit = length
            allowed = interval(value, high, hedge)
        else:
            if value is None:
                continue
            if entity.unit == "fraction":
                value, high, unit = value * 100, None, "%"
            allowed = interval(value, high, hedge)
        run: list[Word] = []
        partitive = other = False
        if cls in ("count", "money", "percent"):
            run, partitive, other = _noun_after(text, words, last)
            partitive = partitive and cls == "count"  # "61 percent of voters" is no part of a set
        counts = canonical_noun(entity.counts)
        verb = canonical_verb(entity.verb)
        subject = canonical_noun(entity.subject)
        if subject is not None and subject == counts:
            subject = None  # "41 people have died": the people counted, not an owner
        if counts is None and cls in ("percent", "money") and verb in WEAK_VERBS:
            counts = canonical_noun(entity.subject)  # "turnout was 61 percent"
        elif counts is None and cls in ("percent", "money") and verb in ESTIMATE_VERBS:
            counts = canonical_noun(entity.object)  # "put turnout at 58 percent"
        if counts is None and run:
            counts = canonical_noun(run[-1].lower)
        if counts is None and cls == "count" and first > 0 and words[first - 1].lower in _HEAD_BEFORE:
            head = _clause(text, words, first - 1, -1, 1)  # "casualties at 4,000"
            counts = canonical_noun(head[0].lower) if head else None
        if counts is None and cls == "count":
            counts = _asked_count(words)  # "estimates of how many women … run from 500,000"
        if partitive and counts:
            counts = "of:" + counts
        around = _clause(text, words, first, -1, 4) + _clause(text, words, last, 1, 4)
        context = frozenset(w.stem for w in around)
        names = frozenset(w.stem for w in around if w.entity)
        about = text[run[0].start:run[-1].end] if run else (entity.counts or "")
        if cls == "date" or not about:
            about = " ".join(x for x in (entity.verb, entity.object or entity.subject) if x)
        out.append(Quantity(
            entity, start, entity.end, text[start:entity.end], cls, value, high, hedge,
            allowed, moment, unit, entity.currency, counts, verb,
            subject, canonical_noun(entity.object), about, context,
            whole, names, sentence, other, partitive,
        ))
    return out


def _asked_count(words: list[Word]) -> str | None:
    """The noun of a "how many N" the sentence asks about: what a bare figure in the
    same sentence answers ("Estimates of how many women could be included run from
    500,000 to 1.6 million")."""
    for pos in range(len(words) - 2):
        if words[pos].lower == "how" and words[pos + 1].lower == "many" and words[pos + 2].content:
            return canonical_noun(words[pos + 2].lower)
    return None


def figure_token(entity: Entity) -> str | None:
    """A token standing for a figure's value, shared by sentences stating the same figure."""
    if entity.iso:
        iso = entity.iso
        if iso.startswith("--"):
            return "@" + iso[2:]
        if len(iso) == 10:
            return "@" + iso[5:]  # a day matches the same day stated without a year
        return "@" + iso
    if entity.value is None or entity.label in ("DATE", "TIME"):
        return None  # "two days later": the words say more than the number
    if entity.label == "ORDINAL":
        return f"o{entity.value}"
    prefix = entity.currency or ""
    return f"#{prefix}{entity.value}"


def words_of(text: str, start: int, end: int, entities: Sequence[Entity]) -> tuple[list[Word], list[tuple[int, int]]]:
    """The words of a sentence, marked with the entity or figure they belong to, and for
    each entity the range of word positions it covers."""
    words = []
    for match in WORD.finditer(text, start, end):
        lower = match.group().lower()
        s = stem(lower)
        words.append(Word(match.start(), match.end(), lower, s, is_content(lower, s), False, -1))
    starts = [w.start for w in words]
    spans = []
    for n, entity in enumerate(entities):
        lo = bisect.bisect_left(starts, entity.start)
        # a word the entity starts inside ("$750,000": "750") belongs to it too
        if lo > 0 and words[lo - 1].end > entity.start:
            lo -= 1
        hi = lo
        while hi < len(words) and words[hi].start < entity.end:
            if entity.kind == "figure":
                words[hi].figure = n
            else:
                words[hi].entity = True
            hi += 1
        spans.append((lo, hi))
    return words, spans


__all__ = ["Quantity", "Word", "build", "figure_token", "words_of", "canonical_verb",
           "canonical_noun", "REPORTING_VERBS", "WEAK_VERBS", "ESTIMATE_VERBS"]
