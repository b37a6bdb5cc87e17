"""Dated events from several articles on one axis: who dates what, and who dates it otherwise.

Each DATE figure of an analysed article (analysis.py, with roles: the verb
the date hangs from, its subject and object) becomes a mention: the words
said, the days they name (timeline_dates.py, with the reasoning shown), and
a short "what" — the words of the sentence around the date and its verb.

Mentions of the same event are merged across articles when their dates agree:
the same predicate (the verb, or a near synonym: "captured"/"seized"; or the
event noun: "Tuesday's arguments") with words of their sentences in common
(more for "said" and the like), or sentences the aligner links. Mentions of one
specific predicate, with no differing subject or object, whose dates cannot be
the same day are a conflict ("captured on January 9" in one outlet, "captured
two days later" than January 3 in another), each date with its sources.
Events come in date order.

An article without a date has its relative dates ("Sunday", "last week")
left unresolved, and says so in `notices`, instead of guessing a week.

Plain Python: never imports textual or rich.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .align.tokens import WORD, is_content, stem
from .analysis import Analysis
from .figures import parse_value
from .timeline_dates import Resolved, needs_article_date, resolve
from .timeline_what import clip_what

# Verbs news copy uses for the same act: one predicate for merging.
VERB_GROUPS = (
    frozenset({"capture", "seize", "catch", "detain", "arrest", "apprehend"}),
    frozenset({"say", "tell", "announce", "state", "write", "declare", "claim", "add"}),
    frozenset({"publish", "release", "share", "post", "air", "broadcast"}),
    frozenset({"offer", "propose", "suggest"}),
    frozenset({"send", "deploy", "dispatch"}),
    frozenset({"apologize", "apologise"}),
    frozenset({"sign", "approve", "pass", "enact"}),
    frozenset({"kill", "die"}),
)
_DATE_LINE = re.compile(r"^\s*(?:date|published|posted|updated|dated)\s*:?\s*$", re.IGNORECASE)
_BOUND_BEFORE = re.compile(r"\b(?:since|until|till|through|throughout)\s+(?:the\s+)?$",
                           re.IGNORECASE)
_BOUND_START = re.compile(r"^(?:since|until|till|through|throughout)\b", re.IGNORECASE)
_OPENING_QUOTES = ("“", '"')  # “Today” is a show's name, not a day
_POSSESSIVE_AFTER = re.compile(r"^['’]s\b")
_DATE_WORD = re.compile(r"^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|"
                        r"fri|sat|sun|day|week|month|year|today|yesterday|later|earlier|ago)",
                        re.IGNORECASE)
# Verbs that say little about which event it is: their mentions need more words in common.
GENERIC_VERBS = frozenset({"say", "tell", "be", "have", "do", "make", "get", "go", "come",
                           "announce", "state", "write", "add", "claim", "report", "show"})
SHARED_WORDS = 1  # content words two sentences share for one event (a specific predicate)
SHARED_WORDS_GENERIC = 2  # with a generic predicate, or none
SHARED_WORDS_NO_VERB = 3  # when a date hangs from no verb ("Russia's 2022 invasion")
FLOATING_COMPARE_DAYS = 62  # a day with no year is compared with ranges up to two months
MAX_ALIGNED_ARTICLES = 30  # more articles than this: no pairwise sentence alignment
PREVIOUS_WITHIN_SENTENCES = 2  # "two days later" counts from an event at most this far back
UNDATED_NOTICE = "no article date: relative dates not resolved"


@dataclass(frozen=True)
class TimelineArticle:
    """One article as the timeline needs it (the caller loads and analyses)."""

    uri: str
    text: str
    analysis: Analysis
    date: str = ""  # the article's own date, ISO ("" when unknown)
    source: str = ""  # the outlet


@dataclass(frozen=True)
class Mention:
    """One dated phrase of one article: what happened, when, and how that date was read."""

    uri: str
    source: str
    sentence_index: int
    sentence: str
    said: str
    start: int  # offsets of the date phrase in the article's text
    end: int
    when: Resolved
    what: str
    verb: str | None  # the verb the date hangs from (a lemma)
    noun: str | None  # or the event noun it dates ("the debate on Tuesday" → debate)
    keys: frozenset[str]  # content words of the sentence, as stems
    subject: str | None = None  # the verb's subject and object (lemmas, from the parse)
    object: str | None = None


@dataclass
class Event:
    """One event on the axis: its date (the most precise of its mentions'), what, sources."""

    date: str
    what: str
    mentions: list[Mention]
    first: int  # ordinal of the first day, for the order


@dataclass
class Conflict:
    """One event dated differently by outlets: the mentions of every dating."""

    what: str
    mentions: list[Mention]  # at least two dates that cannot be the same day


@dataclass
class Timeline:
    """Events in date order, conflicts, and what could not be done (undated articles)."""

    events: list[Event] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    notices: list[tuple[str, str]] = field(default_factory=list)  # (uri, what was not done)


def _group(verb: str | None) -> frozenset[str] | None:
    if not verb:
        return None
    head = verb.split()[0]
    for group in VERB_GROUPS:
        if head in group:
            return group
    return frozenset({head})


def _keys(sentence: str, start: int, end: int, verb: str | None) -> frozenset[str]:
    """Content words of the sentence as stems, less the date phrase, the verb and figures."""
    skip = {stem(verb.split()[0])} if verb else set()
    keys = set()
    for match in WORD.finditer(sentence):
        if match.start() < end and match.end() > start:
            continue
        word = match.group()
        stemmed = stem(word)
        if word.isdigit() or stemmed in skip or _DATE_WORD.match(word) or \
                parse_value(word, "CARDINAL") is not None:
            continue
        if is_content(word.lower(), stemmed):
            keys.add(stemmed)
    return frozenset(keys)


def mentions_of(article: TimelineArticle) -> tuple[list[Mention], int]:
    """The dated phrases of one article, and how many relative ones went unresolved
    for want of the article's date."""
    text, analysis = article.text, article.analysis
    out: list[Mention] = []
    unresolved = 0
    previous: tuple[int, Resolved] | None = None  # the last dated day: sentence, days
    skip = analysis.boilerplate_sentences
    for sentence in analysis.sentences:
        if sentence.index in skip:
            continue
        inside = [e for e in analysis.entities if sentence.start <= e.start < sentence.end]
        body = text[sentence.start:sentence.end]
        for e in inside:
            if e.label != "DATE" or e.kind != "figure":
                continue
            said = text[e.start:e.end]
            line_start = text.rfind("\n", 0, e.start) + 1
            before = text[max(line_start, sentence.start):e.start]
            if _DATE_LINE.match(text[line_start:e.start]) or _BOUND_BEFORE.search(before) \
                    or _BOUND_START.match(said) \
                    or (said[:1].isupper() and before.endswith(_OPENING_QUOTES)) \
                    or (said.lower() == "today" and _POSSESSIVE_AFTER.match(text[e.end:e.end + 3])):
                continue
            near = previous[1] if previous and \
                sentence.index - previous[0] <= PREVIOUS_WITHIN_SENTENCES else None
            what = clip_what(body, e.start - sentence.start, e.end - sentence.start, e.verb)
            resolved = resolve(said, e.iso, article.date, what, near)
            if resolved is None:
                if not article.date and needs_article_date(said):
                    unresolved += 1
                continue
            if resolved.is_day and not resolved.floating:
                previous = (sentence.index, resolved)
            out.append(Mention(
                uri=article.uri, source=article.source, sentence_index=sentence.index,
                sentence=body, said=said, start=e.start, end=e.end, when=resolved,
                what=what,
                verb=e.verb, noun=e.counts, subject=e.subject, object=e.object,
                keys=_keys(body, e.start - sentence.start, e.end - sentence.start, e.verb)))
    return out, unresolved


def _same_event(a: Mention, b: Mention, strict: bool = False) -> bool:
    """Whether two mentions tell of one event: the same predicate (a verb of one group, or
    the same event noun) and words of their sentences in common. `strict`, for calling two
    datings a conflict: a specific verb or noun on both sides, not "said" or none."""
    if a.uri == b.uri and a.sentence_index == b.sentence_index:
        return False  # two dates of one sentence are two events ("sent on 3, captured on 9")
    ga, gb = _group(a.verb), _group(b.verb)
    if ga is not None and gb is not None and not ga & gb:
        return False
    shared = len(a.keys & b.keys)
    same_noun = ga is None and gb is None and bool(a.noun) and a.noun == b.noun
    if strict:
        specific = ga is not None and gb is not None and not ga & GENERIC_VERBS
        return (specific or same_noun) and shared >= SHARED_WORDS and _same_arguments(a, b)
    if same_noun:
        return shared >= SHARED_WORDS  # "Tuesday's arguments", "the arguments on Tuesday"
    if ga is None or gb is None:
        return shared >= SHARED_WORDS_NO_VERB
    return shared >= (SHARED_WORDS_GENERIC if ga & GENERIC_VERBS else SHARED_WORDS)


def _same_arguments(a: Mention, b: Mention) -> bool:
    """No two different subjects, nor two different objects: "Scott was appointed in
    December" and "Patrick appointed Cowan on Wednesday" are two appointments."""
    pairs = ((a.subject, b.subject), (a.object, b.object))
    return all(not (x and y) or stem(x) == stem(y) for x, y in pairs)


def _verbs_agree(a: Mention, b: Mention) -> bool:
    ga, gb = _group(a.verb), _group(b.verb)
    return ga is not None and gb is not None and bool(ga & gb)


def _agree(a: Resolved, b: Resolved) -> bool | None:
    """Whether two dates can be the same day; None when that cannot be told (a day with no
    year against a whole year)."""
    if not (a.floating or b.floating):
        return a.first <= b.last and b.first <= a.last
    if not a.floating:
        a, b = b, a  # a is the one with no year
    if b.last - b.first > FLOATING_COMPARE_DAYS:
        return None
    day = dt.date.fromordinal(a.first)
    lo, hi = dt.date.fromordinal(b.first), dt.date.fromordinal(b.last)
    if b.floating:
        return (day.month, day.day) == (lo.month, lo.day)
    for year in {lo.year, hi.year}:
        try:
            if lo <= day.replace(year=year) <= hi:
                return True
        except ValueError:  # February 29
            continue
    return False


def _comparable(a: Resolved, b: Resolved) -> bool:
    """Dates of like precision: a year against a day is background, not a second dating."""
    def wide(r: Resolved) -> bool:
        return r.last - r.first > FLOATING_COMPARE_DAYS
    return wide(a) == wide(b)


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _best(mentions: list[Mention]) -> Mention:
    """The mention whose date says most: a known year first, then the narrowest."""
    return min(mentions, key=lambda m: (m.when.floating, m.when.last - m.when.first))


SentenceKey = tuple[str, int]  # (uri, sentence index)


def aligned_sentences(articles: Sequence[TimelineArticle]) -> set[frozenset[SentenceKey]]:
    """Sentence pairs the aligner links (align/), for every two of `articles` — none when
    there are more than MAX_ALIGNED_ARTICLES (n² alignments; the predicate still merges)."""
    from .align import align

    linked: set[frozenset[SentenceKey]] = set()
    if len(articles) > MAX_ALIGNED_ARTICLES:
        return linked
    for n, a in enumerate(articles):
        for b in articles[n + 1:]:
            alignment = align(a.text, a.analysis, b.text, b.analysis, a.date, b.date)
            for pair in alignment.pairs:
                linked.update(frozenset({(a.uri, i), (b.uri, j)}) for i in pair.a for j in pair.b)
    return linked


def _one_date_each(a: Mention, b: Mention, per_sentence: dict[SentenceKey, int]) -> bool:
    return per_sentence[(a.uri, a.sentence_index)] == 1 == per_sentence[(b.uri, b.sentence_index)]


def build_timeline(articles: Sequence[TimelineArticle], align_sentences: bool = True) -> Timeline:
    """Every article's dated events on one axis, merged across articles, with conflicts.

    With `align_sentences`, two mentions in sentences the aligner links are one event
    when their verbs agree or each is its sentence's only date, and their dates agree; a
    conflict still needs the same specific predicate (linked sentences often tell two
    events: "grabbed … this weekend" and "apologised on Monday for grabbing")."""
    timeline = Timeline()
    mentions: list[Mention] = []
    for article in articles:
        found, unresolved = mentions_of(article)
        mentions.extend(found)
        if not article.date:
            note = UNDATED_NOTICE + (f" ({unresolved})" if unresolved else "")
            timeline.notices.append((article.uri, note))
    linked = aligned_sentences(articles) if align_sentences else set()
    per_sentence: dict[SentenceKey, int] = {}
    for m in mentions:
        per_sentence[(m.uri, m.sentence_index)] = per_sentence.get((m.uri, m.sentence_index), 0) + 1
    parent = list(range(len(mentions)))
    disagree: list[tuple[int, int]] = []
    for i, a in enumerate(mentions):
        for j in range(i + 1, len(mentions)):
            b = mentions[j]
            aligned = frozenset({(a.uri, a.sentence_index), (b.uri, b.sentence_index)}) in linked \
                and (_verbs_agree(a, b) or _one_date_each(a, b, per_sentence))
            if not (aligned or _same_event(a, b)):
                continue
            agree = _agree(a.when, b.when)
            if agree:
                parent[_find(parent, i)] = _find(parent, j)
            elif agree is False and a.uri != b.uri and _comparable(a.when, b.when) \
                    and _same_event(a, b, strict=True):  # aligned alone: often two events
                disagree.append((i, j))
    groups: dict[int, list[int]] = {}
    for i in range(len(mentions)):
        groups.setdefault(_find(parent, i), []).append(i)
    for members in groups.values():
        ms = [mentions[i] for i in members]
        best = _best(ms)
        timeline.events.append(Event(best.when.iso, ms[0].what, ms, best.when.first))
    timeline.events.sort(key=lambda e: (_order(e, mentions), e.what))
    seen: set[tuple[int, int]] = set()
    for i, j in disagree:
        gi, gj = _find(parent, i), _find(parent, j)
        pair = (min(gi, gj), max(gi, gj))
        if gi == gj or pair in seen:
            continue
        seen.add(pair)
        both = [mentions[k] for k in groups[pair[0]] + groups[pair[1]]]
        both.sort(key=lambda m: (m.when.first, m.uri))
        timeline.conflicts.append(Conflict(mentions[i].what, both))
    return timeline


def _order(event: Event, mentions: list[Mention]) -> int:
    """Day to sort on: a date with no year sits in the latest year the timeline knows."""
    best = _best(event.mentions).when
    if not best.floating:
        return best.first
    years = [dt.date.fromordinal(m.when.first).year for m in mentions if not m.when.floating]
    day = dt.date.fromordinal(best.first)
    try:
        return day.replace(year=max(years)).toordinal() if years else best.first
    except ValueError:  # February 29
        return best.first


def timeline_json(timeline: Timeline) -> dict[str, Any]:
    """The `timeline --json` contract: events in date order, then conflicts."""
    return {
        "events": [{"date": e.date, "what": e.what,
                    "sources": [{"uri": m.uri, "sentence": m.sentence, "said": m.said,
                                 "how": m.when.how} for m in e.mentions]}
                   for e in timeline.events],
        "conflicts": [{"what": c.what,
                       "dates": [{"date": m.when.iso, "uri": m.uri, "sentence": m.sentence,
                                  "said": m.said} for m in c.mentions]}
                      for c in timeline.conflicts],
    }
