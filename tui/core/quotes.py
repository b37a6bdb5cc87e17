"""Quote fidelity: every outlet's version of what each speaker said.

Quotations are found in each article's sentences, each with the speaker its
sentence attributes it to (attribution.py), then matched across articles: two
outlets quoting the same statement word for word, reworded, or translated
differently ("ready to hand over Kim Jong Un's soldiers to him" vs "ready to
send Kim Jong-un soldiers") end up in one group. A group says whether the
wordings differ, and whether outlets attribute the statement to different
speakers; a group holding one article's quotation alone is a quote that outlet
alone carries.

Quotations are read by a scanner that follows an open quotation mark across
sentences (the aligner's per-sentence `quotations()` sees only stems, and
only what opens and closes in one sentence), so "“A. B,” he said" gives both
sentences to the speaker. Plain Python: never imports textual or rich.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from rapidfuzz import fuzz

from .align.tokens import MIN_QUOTE_WORDS, WORD, is_content, norm_word, stem
from .align.worddiff import word_diff
from .analysis import Analysis
from .articles import Article
from .attribution import (
    Cue,
    Speaker,
    cue,
    lead_person,
    same_speaker,
    speaker_of,
    titled_people,
)
from .entity_spans import Entity

OPENING = "“"
CLOSING = "”"
STRAIGHT = '"'
MAX_OPEN_SENTENCES = 8  # a quotation left open longer than this was a stray mark
PRONOUN_REACH = 8  # "he said" resolves to a speaker named at most this many sentences back
MIN_SHARED_STEMS = 3  # two quotations share at least this many content words to match
# …or one is a fragment of the other: all its (at least two) content words shared, and its
# words found in the other nearly as they stand (rapidfuzz partial ratio, 0-100).
MIN_FRAGMENT_STEMS = 2
FRAGMENT_PARTIAL = 80
# The same words, in the same order, are one quotation however few content words they hold.
IDENTICAL_MIN_WORDS = 5
# A pair's score (mean of content-word overlap and rapidfuzz token-set similarity, 0-1)
# must reach, by what the two outlets say about the speaker:
SAME_SPEAKER_MATCH = 0.7
UNKNOWN_SPEAKER_MATCH = 0.8  # one side names nobody
OTHER_SPEAKER_MATCH = 0.85  # different speakers: only a near-identical statement is one…
OTHER_SPEAKER_RATIO = 90  # …word for word (rapidfuzz ratio, 0-100), not merely contained


@dataclass(frozen=True)
class Quote:
    """One quotation in one article's sentence."""

    uri: str
    source: str
    sentence_index: int
    sentence: str
    text: str  # the quoted words, as the outlet prints them
    speaker: Speaker | None
    stems: frozenset[str]  # content-word stems, to match
    words: tuple[str, ...]  # normalised words, to tell a rewording

    def as_json(self) -> dict[str, Any]:
        return {"uri": self.uri, "sentence": self.sentence, "quote": self.text,
                "sentence_index": self.sentence_index,
                "speaker": self.speaker.name if self.speaker else ""}


@dataclass
class QuoteGroup:
    """One statement as the articles quote it."""

    speaker: str
    versions: list[Quote]
    wording_differs: bool
    speakers_differ: bool

    @property
    def uris(self) -> list[str]:
        return list(dict.fromkeys(v.uri for v in self.versions))

    @property
    def one_outlet(self) -> bool:
        return len(self.uris) == 1

    def as_json(self) -> dict[str, Any]:
        return {"speaker": self.speaker, "versions": [v.as_json() for v in self.versions],
                "wording_differs": self.wording_differs,
                "speakers_differ": self.speakers_differ}


def quote_spans(sentence: str, open_at_start: bool) -> tuple[list[tuple[int, int]], bool]:
    """Quoted stretches of a sentence (character spans, marks excluded), and whether a
    quotation is still open at its end. `open_at_start`: one opened before it."""
    spans: list[tuple[int, int]] = []
    start = 0 if open_at_start else -1
    for i, char in enumerate(sentence):
        if char == OPENING or (char == STRAIGHT and start < 0):
            if start < 0:  # a mark inside an open quotation is a quotation within it
                start = i + 1
        elif char in (CLOSING, STRAIGHT):
            if start < 0 and not spans:
                start = 0  # a closing mark whose opening the copy lost
            if start >= 0:
                spans.append((start, i))
            start = -1
    if start >= 0:
        spans.append((start, len(sentence)))
    return spans, start >= 0


def _is_statement(words: list[str]) -> bool:
    """Enough words to be a statement, and not a title in quotation marks."""
    if len(words) < MIN_QUOTE_WORDS:
        return False
    # A title capitalises every content word after its first ("State of the Union");
    # a statement's own names do not make it one ("Bob Etheridge has lost it").
    content = [w for w in words[1:] if is_content(w.lower(), stem(w))]
    return not content or not all(w[:1].isupper() for w in content)


@dataclass
class _Piece:
    sentence: int
    lo: int
    hi: int
    run: int  # pieces of one quotation across sentences share a run


def _make_quote(article: Article, index: int, sentence: str, lo: int, hi: int,
                speaker: Speaker | None) -> Quote:
    raw = sentence[lo:hi].strip(" ,.;:—–-\n\t")
    words = WORD.findall(raw)
    stems = frozenset(stem(w) for w in words if is_content(w.lower(), stem(w)))
    return Quote(article.uri, article.source, index, sentence, raw, speaker, stems,
                 tuple(n for n in (norm_word(w) for w in words) if n))


def article_quotes(article: Article, analysis: Analysis) -> list[Quote]:
    """The quotations of one analysed article, each with its speaker (or None)."""
    text = article.text
    entities = sorted(analysis.entities, key=lambda e: e.start)
    skip = analysis.boilerplate_sentences
    cues: dict[int, Cue] = {}
    leads: dict[int, Speaker] = {}
    mentioned: dict[int, Speaker] = {}
    pieces: list[_Piece] = []
    open_for, run, previous_end = 0, 0, 0
    e = 0
    for sentence in analysis.sentences:
        if sentence.index in skip:
            open_for = 0
            continue
        if "\n" in text[previous_end:sentence.start]:
            open_for = 0  # a paragraph reopens its quotation with a mark
        previous_end = sentence.end
        body = text[sentence.start:sentence.end]
        while e < len(entities) and entities[e].end <= sentence.start:
            e += 1
        inside = [x for x in entities[e:e + 400] if x.start < sentence.end]
        spans, still_open = quote_spans(body, open_for > 0)
        if not (open_for > 0 and spans and spans[0][0] == 0):
            run += 1
        for k, (lo, hi) in enumerate(spans):
            if k:
                run += 1
            pieces.append(_Piece(sentence.index, lo, hi, run))
        open_for = open_for + 1 if still_open and open_for < MAX_OPEN_SENTENCES else 0
        cues[sentence.index] = cue(text, sentence.start, sentence.end, inside, spans)
        outside = [x for x in inside  # a name inside a quotation is not who the copy follows
                   if not any(lo <= x.start - sentence.start < hi for lo, hi in spans)]
        lead = lead_person(text, sentence.start, outside)
        if lead:
            leads[sentence.index] = lead
        people = [x for x in outside if x.kind == "entity" and x.label == "PERSON"]
        if people:
            mentioned[sentence.index] = speaker_of(text, people[-1])
    named = _naming(text, entities)
    cues = {i: replace(c, speaker=named(c.speaker)) if c.speaker else c for i, c in cues.items()}
    titled = {role: named(sp) for role, sp in titled_people(text, entities).items()}
    resolved = _resolve(cues, {i: named(sp) for i, sp in leads.items()},
                        {i: named(sp) for i, sp in mentioned.items()}, titled)
    by_run: dict[int, list[_Piece]] = defaultdict(list)
    for piece in pieces:
        by_run[piece.run].append(piece)
    quotes: list[Quote] = []
    sentences = {s.index: s for s in analysis.sentences}
    previous_speaker: dict[int, Speaker | None] = {}
    for _, members in sorted(by_run.items()):
        indices = sorted({p.sentence for p in members})
        speaker = next((resolved[i] for i in indices if resolved.get(i)), None)
        first = indices[0]
        opening = sentences[first]
        alone = not text[opening.start:opening.start + members[0].lo].strip(" “\"'")
        if speaker is None and alone:  # a quotation standing alone continues the one before
            before = cues.get(first - 1)
            if before is not None and (before.introduces or first - 1 in previous_speaker):
                speaker = resolved.get(first - 1) or previous_speaker.get(first - 1)
        for piece in members:
            s = sentences[piece.sentence]
            body = text[s.start:s.end]
            if not _is_statement(WORD.findall(body[piece.lo:piece.hi])):
                continue
            quotes.append(_make_quote(article, piece.sentence, body, piece.lo, piece.hi,
                                      speaker))
            previous_speaker[piece.sentence] = speaker
    quotes.sort(key=lambda q: (q.sentence_index, q.sentence.find(q.text)))
    return quotes


def _resolve(cues: dict[int, Cue], leads: dict[int, Speaker], mentioned: dict[int, Speaker],
             titled: dict[str, Speaker]) -> dict[int, Speaker | None]:
    """Each sentence's speaker. A role noun the article gives one person is that person;
    other pronouns and role nouns resolve to the nearest preceding named speaker of their
    kind, or the person a more recent sentence opens with, else the person last named."""
    out: dict[int, Speaker | None] = {}
    last: dict[str, tuple[int, Speaker]] = {}
    last_lead: tuple[int, Speaker] | None = None
    last_named: Speaker | None = None
    for index in sorted(cues):
        c = cues[index]
        speaker = c.speaker
        if speaker is None and c.role in titled:
            speaker = titled[c.role]
        elif speaker is None and c.refers:
            kind = "PERSON" if c.refers == "person" else "ORG"
            known = last.get(kind)
            if known and index - known[0] > PRONOUN_REACH:
                known = None
            if kind == "PERSON" and last_lead and (known is None or last_lead[0] > known[0]):
                known = last_lead
            speaker = known[1] if known else (last_named if kind == "PERSON" else None)
        if speaker is not None:
            last[speaker.label] = (index, speaker)
        out[index] = speaker
        if index in leads:
            last_lead = (index, leads[index])
        last_named = mentioned.get(index, last_named)
    return out


def _naming(text: str, entities: list[Entity]) -> Callable[[Speaker], Speaker]:
    """How the article names each speaker: under the fullest name it gives them
    ("Zelensky" → "Volodymyr Zelensky"), so a group shows one name whichever mention
    attributed it; where it names two people of one last name (Mary and Liz Cheney),
    each full name is its own key and a bare "Cheney" stays as it is."""
    names: dict[str, Counter[str]] = defaultdict(Counter)
    firsts: dict[str, set[str]] = defaultdict(set)
    for entity in entities:
        if entity.kind == "entity" and entity.label == "PERSON":
            person = speaker_of(text, entity)
            words = person.name.split()
            if len(words) > 1:
                names[person.key][person.name] += 1
                firsts[person.key].add(words[0].lower())

    def named(speaker: Speaker) -> Speaker:
        if speaker.label == "ORG" and speaker.key in names:  # "Trump said", tagged ORG
            speaker = replace(speaker, label="PERSON")
        if speaker.label != "PERSON" or speaker.key not in names:
            return speaker
        words = speaker.name.split()
        if len(firsts[speaker.key]) > 1:
            if len(words) < 2:
                return replace(speaker, ambiguous=True)
            return replace(speaker, key=f"{stem(words[0])}_{speaker.key}")
        counts = names[speaker.key]
        return replace(speaker, name=max(counts, key=lambda n: (counts[n], len(n))))

    return named


def similarity(a: Quote, b: Quote) -> float:
    """How surely two quotations are one statement (0-1): content-word overlap (of
    the shorter) and rapidfuzz's token-set similarity, averaged."""
    if a.words == b.words and len(a.words) >= IDENTICAL_MIN_WORDS:
        return 1.0
    shared = len(a.stems & b.stems)
    smaller = min(len(a.stems), len(b.stems))
    if shared < MIN_SHARED_STEMS and not MIN_FRAGMENT_STEMS <= shared == smaller:
        return 0.0
    words_a, words_b = " ".join(a.words), " ".join(b.words)
    if shared < MIN_SHARED_STEMS and fuzz.partial_ratio(words_a, words_b) < FRAGMENT_PARTIAL:
        return 0.0
    overlap = shared / smaller
    fuzzy = fuzz.token_set_ratio(words_a, words_b) / 100.0
    return (overlap + fuzzy) / 2


def _unnamed(quote: Quote) -> bool:
    return quote.speaker is None or quote.speaker.ambiguous


def _matches(a: Quote, b: Quote) -> bool:
    """Whether two quotations are one statement, by what the outlets say of the speaker."""
    score = similarity(a, b)
    if a.speaker is None or b.speaker is None or _unnamed(a) or _unnamed(b):
        return score >= UNKNOWN_SPEAKER_MATCH
    if same_speaker(a.speaker, b.speaker):
        return score >= SAME_SPEAKER_MATCH
    return (score >= OTHER_SPEAKER_MATCH
            and fuzz.ratio(" ".join(a.words), " ".join(b.words)) >= OTHER_SPEAKER_RATIO)


def _candidates(quotes: list[Quote]) -> Iterable[tuple[int, int]]:
    """Pairs from different articles sharing at least MIN_SHARED_STEMS content words."""
    index: dict[str, list[int]] = defaultdict(list)
    for i, q in enumerate(quotes):
        for s in q.stems:
            index[s].append(i)
    same_words: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, q in enumerate(quotes):
        if len(q.words) >= IDENTICAL_MIN_WORDS:
            same_words[q.words].append(i)
    for held in same_words.values():  # word for word, whatever content words they have
        for k, i in enumerate(held):
            yield from ((i, j) for j in held[k + 1:]
                        if quotes[i].uri != quotes[j].uri and len(quotes[i].stems) < MIN_SHARED_STEMS)
    for i, q in enumerate(quotes):
        counts: Counter[int] = Counter()
        for s in q.stems:
            counts.update(j for j in index[s] if j > i)
        for j, n in counts.items():
            fragment = MIN_FRAGMENT_STEMS <= n == min(len(q.stems), len(quotes[j].stems))
            if (n >= MIN_SHARED_STEMS or fragment) and quotes[j].uri != q.uri:
                yield i, j


def _wording(a: Quote, b: Quote) -> float:
    return fuzz.ratio(" ".join(a.words), " ".join(b.words))


def _strong(a: Quote, b: Quote) -> bool:
    """A link on shared content words, not a fragment's or the same few words: only such a
    link may give a group a second version from an article it already holds ("To pay for
    Obamacare" in an ad is not also Ryan's "not raiding Medicare to pay for ObamaCare")."""
    return len(a.stems & b.stems) >= MIN_SHARED_STEMS


def _compatible(a: list[Quote], b: list[Quote]) -> bool:
    """Two groups may merge unless one names a speaker the other contradicts in a
    statement that is not word for word the same: a link through an unnamed version
    ("Freedom means freedom for everyone", she added) must not join Mary Cheney's
    words to her father's "I think that freedom means freedom for everyone"."""
    for x in a:
        for y in b:
            if (not _unnamed(x) and not _unnamed(y) and x.speaker and y.speaker
                    and not same_speaker(x.speaker, y.speaker) and not _matches(x, y)):
                return False
    return True


def group_quotes(quotes: list[Quote]) -> list[QuoteGroup]:
    """Quotations of many articles grouped into statements (see the module docstring);
    the statements most outlets carry first."""
    parent = list(range(len(quotes)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    links = [(similarity(quotes[i], quotes[j]), _wording(quotes[i], quotes[j]), i, j)
             for i, j in _candidates(quotes) if _matches(quotes[i], quotes[j])]
    members: dict[int, list[int]] = {i: [i] for i in range(len(quotes))}
    for _score, _ratio, i, j in sorted(links, reverse=True):  # surest first
        a, b = root(i), root(j)
        if a == b:
            continue
        group_a, group_b = [quotes[k] for k in members[a]], [quotes[k] for k in members[b]]
        if _compatible(group_a, group_b) and (
                _strong(quotes[i], quotes[j])
                or not {q.uri for q in group_a} & {q.uri for q in group_b}):
            parent[a] = b
            members[b] += members.pop(a)
    groups = [_group([quotes[k] for k in sorted(held)]) for held in members.values()]
    order = {q.uri: n for n, q in reversed(list(enumerate(quotes)))}
    groups.sort(key=lambda g: (-len(g.uris), g.speaker.lower() or "\uffff",
                               order[g.versions[0].uri], g.versions[0].sentence_index))
    return groups


def _group(versions: list[Quote]) -> QuoteGroup:
    """A group: its speaker (the name most versions give), whether the wording differs
    between articles, whether outlets name speakers who cannot be one person."""
    names = Counter(v.speaker.name for v in versions if v.speaker)
    speaker = max(names, key=lambda n: (names[n], len(n))) if names else ""
    known = [v.speaker for v in versions if v.speaker and not v.speaker.ambiguous]
    differ = any(not same_speaker(a, b) for a in known for b in known)
    wordings = {v.words for v in versions}
    differs = len({v.uri for v in versions}) > 1 and len(wordings) > 1
    return QuoteGroup(speaker, versions, differs, differ)


def find_quotes(analysed: Iterable[tuple[Article, Analysis]]) -> list[QuoteGroup]:
    """Every quotation of the articles, grouped across them."""
    quotes: list[Quote] = []
    for article, analysis in analysed:
        quotes.extend(article_quotes(article, analysis))
    return group_quotes(quotes)


def differences(group: QuoteGroup) -> list[list[tuple[int, int, bool]]]:
    """Per version, its words' spans in `quote` with shared=False where the wording
    differs: the first version against every other article's, the others against it."""
    first = group.versions[0]
    others = " ".join(v.text for v in group.versions if v.uri != first.uri)
    out = [word_diff(first.text, others or first.text)[0]]
    for version in group.versions[1:]:
        out.append(word_diff(first.text, version.text)[1])
    return out


def groups_at(groups: list[QuoteGroup], uri: str, sentence_index: int) -> list[QuoteGroup]:
    """The groups holding a quotation of this article's sentence."""
    return [g for g in groups
            if any(v.uri == uri and v.sentence_index == sentence_index for v in g.versions)]


SEARCH_WORDS = 3  # the longest content words of a quotation, each searched with its speaker


def search_queries(quotes: list[Quote]) -> list[str]:
    """Library searches likely to find other outlets' versions of these quotations, for a
    library too big to read whole: the speaker's last name with each of the quotation's
    longest content words, and its two longest words together (a reworded version keeps
    some of its words)."""
    queries: list[str] = []
    for quote in quotes:
        words = sorted({w for w in WORD.findall(quote.text) if is_content(w.lower(), stem(w))},
                       key=lambda w: (-len(w), w))[:SEARCH_WORDS]
        last = quote.speaker.name.split()[-1] if quote.speaker else ""
        queries.extend(f"{last} {w}" for w in words if last)
        if len(words) >= 2:
            queries.append(f"{words[0]} {words[1]}")
    return list(dict.fromkeys(queries))
