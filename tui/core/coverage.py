"""Coverage of a story: what each article alone reports, and who reports what.

Every pair of the story's articles is aligned (story_pairs.py, cached). A sentence
in no aligned pair with any other member is one its article alone reports. Linking
every aligned pair's sentences across the story gives its claims as groups of
sentences (the same statement in each outlet's words); the coverage matrix lists
those groups against the outlets, with the status of any claim tagged on them.
Plain Python: never imports textual or rich.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import combinations

from .analysis import Analysis
from .articles import Article
from .claims import claim_sentence
from .quotes import QuoteGroup, find_quotes
from .store import Annotation
from .stories import Story, outlet_name
from .story_pairs import PairCache

Node = tuple[int, int]  # (article position in the story, sentence index)


@dataclass(frozen=True)
class ClaimGroup:
    """Sentences of the story's articles linked by the aligner: one statement.
    `sentences` maps an article's position in the story to its sentence indices."""

    sentences: Mapping[int, tuple[int, ...]]
    text: str  # the statement as its first article in story order words it

    @property
    def outlets(self) -> int:
        return len(self.sentences)


@dataclass
class Coverage:
    """What the story's articles share and what each alone reports."""

    articles: list[Article]
    alone: list[int]  # per article: sentences aligned with no other member's
    sentences: list[int]  # per article: sentences that can align (boilerplate left out)
    groups: list[ClaimGroup] = field(default_factory=list)  # most outlets first


def outlet_names(articles: list[Article]) -> list[str]:
    """One heading per article: its outlet, numbered when an outlet has several."""
    names = [outlet_name(a) for a in articles]
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if names.count(name) == 1 else f"{name} {seen[name]}")
    return out


def _find(parent: dict[Node, Node], node: Node) -> Node:
    while parent[node] != node:
        parent[node] = parent[parent[node]]
        node = parent[node]
    return node


def story_coverage(articles: list[Article], analyses: Mapping[str, Analysis],
                   cache: PairCache | None = None) -> Coverage:
    """Align every pair of `articles` (all analysed) and sum up what they share."""
    cache = cache or PairCache()
    parent: dict[Node, Node] = {}
    countable: list[list[int]] = []
    for n, article in enumerate(articles):
        analysis = analyses[article.uri]
        skip = analysis.boilerplate_sentences
        countable.append([s.index for s in analysis.sentences if s.index not in skip])
        for index in countable[-1]:
            parent[(n, index)] = (n, index)
    matched: list[set[int]] = [set() for _ in articles]
    for x, y in combinations(range(len(articles)), 2):
        a, b = articles[x], articles[y]
        shared = cache.shared(a, analyses[a.uri], b, analyses[b.uri])
        for a_side, b_side in shared.pairs:
            matched[x].update(a_side)
            matched[y].update(b_side)
            nodes = [(x, i) for i in a_side] + [(y, j) for j in b_side]
            for node in nodes:
                parent.setdefault(node, node)
            root = _find(parent, nodes[0])
            for node in nodes[1:]:
                parent[_find(parent, node)] = root
    members: dict[Node, list[Node]] = {}
    for node in parent:
        members.setdefault(_find(parent, node), []).append(node)
    groups = []
    for nodes in members.values():
        nodes.sort()
        by_article: dict[int, list[int]] = {}
        for n, index in nodes:
            by_article.setdefault(n, []).append(index)
        first, indices = nodes[0][0], by_article[nodes[0][0]]
        text = " ".join(_sentence_text(articles[first], analyses[articles[first].uri], i)
                        for i in indices)
        groups.append(ClaimGroup({n: tuple(v) for n, v in by_article.items()}, text))
    groups.sort(key=lambda g: (-g.outlets, min(g.sentences), min(g.sentences.values())))
    alone = [len([i for i in countable[n] if i not in matched[n]]) for n in range(len(articles))]
    return Coverage(list(articles), alone, [len(c) for c in countable], groups)


def _sentence_text(article: Article, analysis: Analysis, index: int) -> str:
    sentence = analysis.sentences[index]
    return article.text[sentence.start:sentence.end].strip()


def tagged_statuses(coverage: Coverage, analyses: Mapping[str, Analysis],
                    claims: Iterable[Annotation]) -> dict[Node, str]:
    """(article position, sentence) → the status of the claim tagged on that sentence."""
    position = {a.uri: n for n, a in enumerate(coverage.articles)}
    found: dict[Node, str] = {}
    for claim in claims:
        n = position.get(claim.uri)
        if n is None or not claim.status or not claim.is_claim:
            continue
        index = claim_sentence(claim, analyses[claim.uri])
        if index is not None:
            found[(n, index)] = claim.status
    return found


def cell_status(group: ClaimGroup, article: int, statuses: Mapping[Node, str]) -> str | None:
    """The status tagged on any of the group's sentences in `article`, if any."""
    for index in group.sentences.get(article, ()):
        status = statuses.get((article, index))
        if status:
            return status
    return None


@dataclass(frozen=True)
class StoryCoverage:
    """A story with its coverage and the statuses tagged on its sentences (for reports)."""

    title: str
    coverage: Coverage
    statuses: Mapping[Node, str]
    # the story's quotations, grouped across its articles (core/quotes.py)
    quotes: list[QuoteGroup] = field(default_factory=list)


def cover_stories(stories: Iterable[Story], analyses: Mapping[str, Analysis],
                  claims: list[Annotation], cache: PairCache | None = None) -> list[StoryCoverage]:
    """Coverage of every story of two or more analysed articles holding a claim of `claims`."""
    claimed = {c.uri for c in claims if c.is_claim}
    found = []
    for story in stories:
        members = [a for a in story.articles if a.uri in analyses]
        if len(members) < 2 or not claimed & {a.uri for a in members}:
            continue
        coverage = story_coverage(members, analyses, cache)
        found.append(StoryCoverage(story.title, coverage,
                                   tagged_statuses(coverage, analyses, claims),
                                   find_quotes((a, analyses[a.uri]) for a in members)))
    return found
