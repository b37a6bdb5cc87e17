"""Stories: the library's articles grouped by the event they report.

Five outlets on one event share its people, places and figures, and many of its
sentences, and write within days of each other. Grouping runs in three steps:

1. Cheap candidates. Each article becomes a set of tokens (content stems, named
   entities, figure values: align.ranking's `article_tokens`), weighted by IDF over
   the articles grouped. An inverted index over the tokens in at most
   `CANDIDATE_MAX_DF` articles gives each article its `CANDIDATES_PER_ARTICLE` best
   partners among those dated within `MAX_DAY_GAP` days (or undated); only those
   pairs are scored, so cost stays near linear.
2. Pair scores. The IDF-weighted cosine of the two token sets. Articles dated more
   than `MAX_DAY_GAP` days apart are never linked. A pair in the uncertain band
   (`ALIGN_FROM` up to `SURE_LINK`) is also aligned sentence by sentence (align/,
   cached in story_pairs.py), and the share of the shorter article's sentences that
   align adds `ALIGN_WEIGHT` times itself. A pair without both dates needs
   `UNDATED_LINK` instead of `LINK`: the dates said nothing, the words must say more.
3. Average linkage: the two groups with the highest mean pair score (pairs not
   scored count 0) merge while that mean reaches the link threshold and the merged
   group spans at most `MAX_DAY_GAP` days, so a chain of loosely related articles
   does not snowball into one story.

A story's id is stable while its first member (by uri) stays in it; its title is
the title of its most central article (highest total score to the others).
Plain Python: never imports textual or rich.
"""

from __future__ import annotations

import hashlib
import heapq
import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from .analysis import Analysis
from .articles import Article

CANDIDATES_PER_ARTICLE = 8  # partners scored per article (the best by shared rare tokens)
CANDIDATE_MAX_DF = 200  # a token in more articles than this finds no partner (no event has more)
MAX_DAY_GAP = 5  # dated articles further apart than this many days are different stories
LINK = 0.13  # mean pair score at which two groups are one story
UNDATED_LINK = 0.18  # the same for a pair where either article has no date
SURE_LINK = 0.3  # a cosine this high needs no sentence alignment
ALIGN_FROM = 0.07  # pairs below this cosine are too unlike to be worth aligning
ALIGN_WEIGHT = 0.4  # what the share of aligned sentences adds to a pair's cosine
ID_DIGITS = 12  # hex digits of a story id


@dataclass
class Story:
    """Articles reporting one event, most central first in `central`."""

    id: str
    title: str
    articles: list[Article]
    central: Article
    scores: dict[tuple[str, str], float] = field(default_factory=dict, repr=False)

    def as_json(self) -> dict[str, object]:
        """The `stories --json` shape."""
        return {"id": self.id, "title": self.title,
                "articles": [{"uri": a.uri, "title": a.title, "source": a.source,
                              "date": a.date} for a in self.articles]}


# A pair's sentence alignment share (0..1), computed only for uncertain pairs.
AlignedShare = Callable[[Article, Analysis, Article, Analysis], float]


def story_id(uris: Sequence[str]) -> str:
    """Stable id of a story: a hash of the first of its members' uris in sorted order."""
    return hashlib.sha256(min(uris).encode("utf-8")).hexdigest()[:ID_DIGITS]


def outlet_name(article: Article) -> str:
    """The article's outlet for a heading: its source, else its file name."""
    if article.source:
        return article.source
    return article.path.name if article.path is not None else article.uri.rsplit("/", 1)[-1]


def day_of(article: Article) -> date | None:
    """The article's date as a day, or None when it has none that reads as ISO."""
    try:
        return date.fromisoformat(article.date.strip()[:10])
    except ValueError:
        return None


def _close(a: date | None, b: date | None) -> bool:
    """Whether two articles may report one event by their dates (either undated: yes)."""
    return a is None or b is None or abs((a - b).days) <= MAX_DAY_GAP


class _Profiles:
    """Token sets, IDF weights and norms of the articles being grouped."""

    def __init__(self, articles: list[Article], analyses: dict[str, Analysis]) -> None:
        # imported here: the aligner (and its stemmer) load only when something is grouped,
        # not with the library screen at every start
        from .align.ranking import article_tokens

        self.tokens = [article_tokens(a.text, analyses[a.uri]) for a in articles]
        df: dict[str, int] = defaultdict(int)
        for tokens in self.tokens:
            for token in tokens:
                df[token] += 1
        total = len(articles)
        # smoothed IDF: a token every article has still weighs 1, a rare one up to ~1+ln N
        self.weight = {t: (math.log((total + 1) / (n + 1)) + 1.0) ** 2 for t, n in df.items()}
        self.df = df
        self.norm = [math.sqrt(sum(self.weight[t] for t in tokens)) or 1.0
                     for tokens in self.tokens]

    def cosine(self, i: int, j: int) -> float:
        shared = self.tokens[i] & self.tokens[j]
        return sum(self.weight[t] for t in shared) / (self.norm[i] * self.norm[j])

    def candidates(self, days: list[date | None]) -> set[tuple[int, int]]:
        """Pairs (i < j) worth scoring: each article's best partners by shared rare tokens,
        among those dated close enough to it (or undated)."""
        limit = CANDIDATE_MAX_DF
        postings: dict[str, list[int]] = defaultdict(list)
        for i, tokens in enumerate(self.tokens):
            for token in tokens:
                if self.df[token] <= limit:
                    postings[token].append(i)
        found: set[tuple[int, int]] = set()
        day = [d.toordinal() if d is not None else None for d in days]
        for i, tokens in enumerate(self.tokens):
            acc: dict[int, float] = defaultdict(float)
            for token in tokens:
                weight = self.weight[token]
                for j in postings.get(token, ()):
                    acc[j] += weight
            acc.pop(i, None)
            mine = day[i]
            if mine is not None:
                acc = {j: w for j, w in acc.items()
                       if (theirs := day[j]) is None or abs(theirs - mine) <= MAX_DAY_GAP}
            best = sorted(acc.items(), key=lambda item: -item[1])[:CANDIDATES_PER_ARTICLE]
            found.update((min(i, j), max(i, j)) for j, _ in best)
        return found


def pair_scores(articles: list[Article], analyses: dict[str, Analysis],
                aligned_share: AlignedShare | None = None) -> dict[tuple[int, int], float]:
    """Score of every candidate pair (i < j) of `articles` (all analysed) that may link:
    pairs dated too far apart, or too unlike to reach a threshold, are left out."""
    profiles = _Profiles(articles, analyses)
    days = [day_of(a) for a in articles]
    scores: dict[tuple[int, int], float] = {}
    for i, j in sorted(profiles.candidates(days)):
        di, dj = days[i], days[j]
        if not _close(di, dj):
            continue
        score = profiles.cosine(i, j)
        if ALIGN_FROM <= score < SURE_LINK and aligned_share is not None:
            a, b = articles[i], articles[j]
            score += ALIGN_WEIGHT * aligned_share(a, analyses[a.uri], b, analyses[b.uri])
        needed = LINK if di is not None and dj is not None else UNDATED_LINK
        if score >= needed:
            scores[(i, j)] = score
    return scores


def _cluster(count: int, scores: dict[tuple[int, int], float],
             days: list[date | None]) -> list[list[int]]:
    """Average-linkage groups of 0..count-1 (see the module's step 3): the best pair of
    groups from a heap (entries of a group that changed since are skipped)."""
    members: dict[int, list[int]] = {i: [i] for i in range(count)}
    span: dict[int, tuple[date, date] | None] = {i: (d, d) if d else None
                                                for i, d in enumerate(days)}
    links: dict[int, dict[int, float]] = defaultdict(dict)  # group → neighbour → score sum
    for (i, j), score in scores.items():
        links[i][j] = links[j][i] = score
    version = [0] * count
    heap: list[tuple[float, int, int, int, int]] = []

    def push(a: int, b: int) -> None:
        mean = links[a][b] / (len(members[a]) * len(members[b]))
        if mean >= LINK:
            heapq.heappush(heap, (-mean, a, b, version[a], version[b]))

    def mergeable(a: int, b: int) -> bool:
        sa, sb = span[a], span[b]
        if sa is None or sb is None:
            return True
        return (max(sa[1], sb[1]) - min(sa[0], sb[0])).days <= MAX_DAY_GAP

    for (i, j) in scores:
        push(i, j)
    while heap:
        _mean, a, b, va, vb = heapq.heappop(heap)
        if a not in members or b not in members or version[a] != va or version[b] != vb:
            continue  # a group that changed or merged since: its fresh entries are in
        if not mergeable(a, b):
            continue  # spans only grow: never mergeable again
        members[a].extend(members.pop(b))
        sa, sb = span[a], span.pop(b)
        span[a] = sa if sb is None else sb if sa is None else (min(sa[0], sb[0]),
                                                               max(sa[1], sb[1]))
        for c, total in links.pop(b).items():
            del links[c][b]
            if c != a:
                links[a][c] = links[c][a] = links[a].get(c, 0.0) + total
        version[a] += 1
        for c in links[a]:
            push(min(a, c), max(a, c))
    return sorted((sorted(group) for group in members.values()), key=lambda g: g[0])


def group_stories(articles: Sequence[Article], analyses: dict[str, Analysis],
                  aligned_share: AlignedShare | None = None) -> list[Story]:
    """Every article of `articles` in exactly one story, stories in the order of their
    first article in `articles`; an article alone in its story is a story of one.
    `analyses` is by uri: an article without one is a story of its own. `aligned_share`
    defaults to the aligner through the alignment cache (story_pairs.py)."""
    if aligned_share is None:
        from .story_pairs import aligned_share as cached_share

        aligned_share = cached_share()
    ready = [a for a in articles if a.uri in analyses]
    scores = pair_scores(ready, analyses, aligned_share) if len(ready) > 1 else {}
    groups = _cluster(len(ready), scores, [day_of(a) for a in ready])
    position = {a.uri: n for n, a in enumerate(articles)}
    group_of = {i: n for n, group in enumerate(groups) for i in group}
    inside: list[dict[tuple[str, str], float]] = [{} for _ in groups]
    for (i, j), score in scores.items():
        if group_of[i] == group_of[j]:
            inside[group_of[i]][(ready[i].uri, ready[j].uri)] = score
    stories = [_story([ready[i] for i in group], inside[n]) for n, group in enumerate(groups)]
    stories.extend(_story([a], {}) for a in articles if a.uri not in analyses)
    stories.sort(key=lambda s: min(position[a.uri] for a in s.articles))
    return stories


def _story(members: list[Article], scores: dict[tuple[str, str], float]) -> Story:
    centrality: dict[str, float] = defaultdict(float)
    for (u, v), score in scores.items():
        centrality[u] += score
        centrality[v] += score
    central = max(members, key=lambda a: centrality[a.uri])  # ties: the first in order
    ordered = sorted(members, key=lambda a: (day_of(a) is None, day_of(a) or date.min))
    return Story(story_id([a.uri for a in members]), central.title, ordered, central, scores)
