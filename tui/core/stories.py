"""Stories: the library's articles grouped by the event they report.

Five outlets on one event share its people, places and figures, and many of its
sentences, and write within days of each other. Grouping runs in three steps:

1. Cheap candidates. Each article becomes a set of tokens (content stems, named
   entities, figure values: align.ranking's `article_tokens`), weighted by IDF over
   the articles grouped. An inverted index over the tokens rarer than
   `CANDIDATE_MAX_SHARE` gives each article its `CANDIDATES_PER_ARTICLE` best
   partners; only those pairs are scored, so cost stays near linear.
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
import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from .align.ranking import article_tokens
from .analysis import Analysis
from .articles import Article

CANDIDATES_PER_ARTICLE = 8  # partners scored per article (the best by shared rare tokens)
CANDIDATE_MAX_SHARE = 0.2  # tokens in more of the articles than this share find no partner
MIN_CANDIDATE_DF = 2  # ... and a token needs at least this many articles to be looked up
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


class _Profiles:
    """Token sets, IDF weights and norms of the articles being grouped."""

    def __init__(self, articles: list[Article], analyses: dict[str, Analysis]) -> None:
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

    def candidates(self) -> set[tuple[int, int]]:
        """Pairs (i < j) worth scoring: each article's best partners by shared rare tokens."""
        limit = max(MIN_CANDIDATE_DF, int(CANDIDATE_MAX_SHARE * len(self.tokens)))
        postings: dict[str, list[int]] = defaultdict(list)
        for i, tokens in enumerate(self.tokens):
            for token in tokens:
                if self.df[token] <= limit:
                    postings[token].append(i)
        found: set[tuple[int, int]] = set()
        for i, tokens in enumerate(self.tokens):
            acc: dict[int, float] = defaultdict(float)
            for token in tokens:
                for j in postings.get(token, ()):
                    if j != i:
                        acc[j] += self.weight[token]
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
    for i, j in sorted(profiles.candidates()):
        di, dj = days[i], days[j]
        if di is not None and dj is not None and abs((di - dj).days) > MAX_DAY_GAP:
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
    """Average-linkage groups of 0..count-1 (see the module's step 3)."""
    members: dict[int, list[int]] = {i: [i] for i in range(count)}
    span: dict[int, tuple[date, date] | None] = {i: (d, d) if d else None
                                                for i, d in enumerate(days)}
    sums: dict[tuple[int, int], float] = defaultdict(float)
    for (i, j), score in scores.items():
        sums[(i, j)] += score

    def mergeable(a: int, b: int) -> bool:
        sa, sb = span[a], span[b]
        if sa is None or sb is None:
            return True
        return (max(sa[1], sb[1]) - min(sa[0], sb[0])).days <= MAX_DAY_GAP

    while True:
        best, best_mean = None, 0.0
        for (a, b), total in sums.items():
            mean = total / (len(members[a]) * len(members[b]))
            if mean >= LINK and mean > best_mean and mergeable(a, b):
                best, best_mean = (a, b), mean
        if best is None:
            break
        a, b = best
        members[a].extend(members.pop(b))
        sa, sb = span[a], span.pop(b)
        span[a] = sa if sb is None else sb if sa is None else (min(sa[0], sb[0]),
                                                               max(sa[1], sb[1]))
        merged: dict[tuple[int, int], float] = defaultdict(float)
        for (x, y), total in sums.items():
            x, y = (a if x == b else x), (a if y == b else y)
            if x != y:
                merged[(min(x, y), max(x, y))] += total
        sums = merged
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
