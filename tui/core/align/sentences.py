"""Per-sentence evidence: content stems, names, figures, quotations.

Each sentence of an analysed article becomes a `Sent`: the stems of its
content words, its named entities as one token each ("Volodymyr Zelensky" →
volody_zelens, and zelens for a person, since later mentions use the last
name), its figures' values as tokens ("#USD750000", "@04-30"), its quoted
statements, and its quantities (what each figure counts).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..analysis import Analysis
from ..entity_spans import Entity
from .lexicon import canonical
from .quantities import Quantity, Word, build, figure_token, words_of
from .tokens import STOPWORDS, WORD, is_heading, quotations, stem


@dataclass
class Sent:
    index: int
    start: int
    end: int
    text: str
    tokens: frozenset[str]  # everything that can be shared: stems, names, figure values
    names: frozenset[str]  # named-entity tokens alone
    figures: frozenset[str]  # figure-value tokens alone
    norm: str  # the stems in order, for fuzzy similarity
    quotes: tuple[str, ...]
    quantities: list[Quantity]
    key: str  # the words, lower case: identical sentences pair first
    heading: bool = False
    weight: float = 0.0  # IDF weight of `tokens`, set once IDF is known


def _name_tokens(words: list[Word], inside: list[Entity], spans: list[tuple[int, int]]
                 ) -> tuple[dict[int, str], set[str]]:
    """Word start → the token a multi-word name stands for ("" for its other words)."""
    names: dict[int, str] = {}
    found: set[str] = set()
    for entity, (lo, hi) in zip(inside, spans):
        if entity.kind != "entity":
            continue
        covered = words[lo:hi]
        if not covered:
            continue
        if len(covered) == 1:
            found.add(covered[0].stem)
            continue
        joined = "_".join(w.stem for w in covered)
        names[covered[0].start] = joined
        found.add(joined)
        for w in covered[1:]:
            names[w.start] = ""
        if entity.label == "PERSON":  # later mentions use the last name
            names[covered[-1].start] = covered[-1].stem
            found.add(covered[-1].stem)
    return names, found


# Titles an article uses alone for a person it names once in full ("Gov. Deval Patrick" … "the
# governor said"): a title alone stands for that person's name.
TITLES = frozenset(stem(w) for w in (
    "governor", "senator", "speaker", "president", "justice", "judge", "mayor", "secretary",
    "chairman", "chairwoman", "representative", "congressman", "congresswoman", "lieutenant",
    "minister", "spokesman", "spokeswoman", "prosecutor", "director", "commissioner", "sheriff"))


def _titled_people(text: str, entities: list[Entity]) -> dict[str, str]:
    """Title stem → the last-name stem of the one person the article gives that title."""
    found: dict[str, set[str]] = {}
    for entity in entities:
        if entity.label != "PERSON":
            continue
        before = WORD.findall(text[max(0, entity.start - 24):entity.start])
        names = WORD.findall(text[entity.start:entity.end])
        if before and names and stem(before[-1]) in TITLES:
            found.setdefault(stem(before[-1]), set()).add(stem(names[-1]))
    return {title: next(iter(people)) for title, people in found.items() if len(people) == 1}


def features(text: str, analysis: Analysis, article_date: str = "") -> list[Sent]:
    """Evidence for every sentence, in one pass over the entities.

    A boilerplate sentence (analysis.boilerplate_sentences) keeps its place, so
    relative positions are those of the whole article, but is inert: no
    evidence at all, and marked a heading, which no rule pairs by position."""
    entities = sorted(analysis.entities, key=lambda e: e.start)
    titled = _titled_people(text, entities)
    boilerplate = analysis.boilerplate_sentences
    out: list[Sent] = []
    e = 0
    for position, sentence in enumerate(analysis.sentences):
        if sentence.index in boilerplate:
            out.append(Sent(position, sentence.start, sentence.end,
                            text[sentence.start:sentence.end], frozenset(), frozenset(),
                            frozenset(), "", (), [], "", heading=True))
            continue
        while e < len(entities) and entities[e].end <= sentence.start:
            e += 1
        k = e
        inside: list[Entity] = []
        while k < len(entities) and entities[k].start < sentence.end:
            if entities[k].start >= sentence.start:
                inside.append(entities[k])
            k += 1
        words, spans = words_of(text, sentence.start, sentence.end, inside)
        name_at, names = _name_tokens(words, inside, spans)
        tokens: set[str] = set()
        stems: list[str] = []
        for word in words:
            if word.figure >= 0:
                continue
            if word.start in name_at:
                if name_at[word.start]:
                    tokens.add(name_at[word.start])
                    stems.append(name_at[word.start])
                continue
            if word.content:
                token = canonical(word.stem)
                tokens.add(token)
                stems.append(token)
                if word.stem in titled and not word.entity:  # "the governor" → patrick
                    tokens.add(titled[word.stem])
        figure_tokens: set[str] = set()
        for entity in inside:
            if entity.kind != "figure":
                continue
            surface = text[entity.start:entity.end]
            figure = figure_token(entity)
            if figure:
                figure_tokens.add(figure)
                stems.append(figure)
            else:  # "Sunday", "thousands": its words are ordinary tokens
                for w in WORD.findall(surface):
                    s = stem(w)
                    if len(s) >= 2 and w.lower() not in STOPWORDS:
                        tokens.add(s)
                        stems.append(s)
        quantities = build(text, words, inside, position, article_date)
        for q in quantities:
            if q.cls == "count" and q.counts and not q.other:
                tokens.add("f:" + q.counts)
        body = text[sentence.start:sentence.end]
        out.append(Sent(
            position, sentence.start, sentence.end, body, frozenset(tokens | figure_tokens),
            frozenset(names), frozenset(figure_tokens), " ".join(stems), quotations(body),
            quantities, " ".join(w.lower for w in words), is_heading(body),
        ))
    return out
