"""Which sentences pair: decisions on the scored candidate pairs.

A pair stands only where nothing clearly better exists for either sentence:
1. identical sentences pair first;
2. links are taken most likely first; a link opens a new pair when it is likely
   (OPEN) and near the best either sentence has, or when it is less likely
   (OPEN_MUTUAL) but the two are each other's best and share strong evidence
   (a quotation, a figure, most of their words, or MIN_SHARED of IDF weight);
3. a sentence may join a pair that has one sentence on the other side (up to
   three, when an outlet spread over several sentences what the other says in
   one) when that pair is its own best and the merged match is clearly better;
4. finally, the sentence right after (or before) a pair may pair with the one
   right after (before) its partner when the two still share something:
   outlets keep runs of sentences together.
"""

from __future__ import annotations

from dataclasses import dataclass

from .candidates import candidate_pairs
from .scoring import LEAD, QUOTE_SAME, Context, Evidence, evidence, merged, probability
from .sentences import Sent

OPEN = 0.5  # a link this likely opens a pair on its own
OPEN_MUTUAL = 0.25  # … this likely, when the two are each other's best with strong evidence
MIN_SHARED = 2.5  # shared weight (in unique words) that is strong evidence on its own
STRONG_DICE = 0.5  # … or most of both sentences' weight shared
BEST_MARGIN = 0.06  # a link this close to a sentence's best is still among its best
HEADING_MIN = 0.7  # a heading or caption pairs only when nearly the same
SPLIT_GAIN = 0.05  # a sentence joins a pair when the merged match is this much more likely
DISTANT_GAIN = 0.12  # … or this much, when it is not next to the sentences it joins
NEIGHBOUR_MIN = 0.15  # how likely a link between neighbours of a pair must be
MAX_GROUP = 3  # sentences on one side of a pair
JOIN_ALONE = 0.5  # a sentence this likely with one side of a pair joins it on its own


@dataclass
class Group:
    a: list[int]
    b: list[int]
    score: float


def _strong(ev: Evidence) -> bool:
    return (ev.quote >= QUOTE_SAME or ev.figures > 0 or ev.echoes > 0
            or ev.shared >= MIN_SHARED or ev.dice >= STRONG_DICE)


def scored_candidates(fa: list[Sent], fb: list[Sent], idf: dict[str, float]
                      ) -> dict[tuple[int, int], tuple[Evidence, Context]]:
    """Evidence and context for every candidate pair (also used to fit the weights)."""
    found: dict[tuple[int, int], Evidence] = {
        (i, j): evidence(fa[i], fb[j], idf) for i, j in candidate_pairs(fa, fb, idf)}
    best_a: dict[int, float] = {}
    best_b: dict[int, float] = {}
    for (i, j), ev in found.items():
        best_a[i] = max(best_a.get(i, 0.0), ev.base)
        best_b[j] = max(best_b.get(j, 0.0), ev.base)

    def base(i: int, j: int) -> float:
        if not (0 <= i < len(fa) and 0 <= j < len(fb)):
            return 0.0
        ev = found.get((i, j))
        return ev.base if ev is not None else 0.0

    na, nb = max(1, len(fa) - 1), max(1, len(fb) - 1)
    out = {}
    for (i, j), ev in found.items():
        ctx = Context(
            best_a=ev.base > 0 and ev.base >= best_a[i],
            best_b=ev.base > 0 and ev.base >= best_b[j],
            distance=abs(i / na - j / nb),
            lead=i < LEAD and j < LEAD,
            neighbour=max(base(i - 1, j - 1), base(i + 1, j + 1)),
        )
        out[(i, j)] = (ev, ctx)
    return out


def assign(fa: list[Sent], fb: list[Sent], idf: dict[str, float]) -> list[Group]:
    """Pairs of sentence groups, each sentence in at most one."""
    likely: dict[tuple[int, int], float] = {}
    proof: dict[tuple[int, int], tuple[Evidence, Context]] = {}
    for (i, j), (ev, ctx) in scored_candidates(fa, fb, idf).items():
        p = probability(ev, ctx)
        if (fa[i].heading or fb[j].heading) and p < HEADING_MIN:
            continue
        if p >= min(OPEN_MUTUAL, NEIGHBOUR_MIN):
            likely[(i, j)] = p
            proof[(i, j)] = (ev, ctx)
    best_a: dict[int, float] = {}
    best_b: dict[int, float] = {}
    for (i, j), p in likely.items():
        best_a[i] = max(best_a.get(i, 0.0), p)
        best_b[j] = max(best_b.get(j, 0.0), p)

    group_a: dict[int, Group] = {}
    group_b: dict[int, Group] = {}
    groups: list[Group] = []

    def open_group(i: int, j: int, p: float) -> None:
        g = Group([i], [j], p)
        groups.append(g)
        group_a[i], group_b[j] = g, g

    same: dict[str, list[int]] = {}  # identical sentences: the k-th copy in A with the k-th in B
    for y in reversed(fb):
        if y.key:
            same.setdefault(y.key, []).append(y.index)
    for x in fa:
        if x.key and same.get(x.key):
            open_group(x.index, same[x.key].pop(), 1.0)

    for (i, j), p in sorted(likely.items(), key=lambda item: (-item[1], item[0])):
        in_a, in_b = group_a.get(i), group_b.get(j)
        near_a = p >= best_a[i] - BEST_MARGIN
        near_b = p >= best_b[j] - BEST_MARGIN
        if in_a is None and in_b is None:
            if p >= OPEN and (near_a or near_b) or p >= OPEN_MUTUAL and near_a and near_b and _strong(proof[(i, j)][0]):
                open_group(i, j, p)
        elif in_a is not None and in_b is None and len(in_a.a) == 1 and len(in_a.b) < MAX_GROUP:
            if near_b and p >= JOIN_ALONE and p >= best_b[j]:
                in_a.b.append(j)
                in_a.b.sort()
            elif near_b and p >= OPEN_MUTUAL:
                _join(in_a, "b", j, fa[i], [fb[k] for k in in_a.b], fb[j], proof[(i, j)][1], idf)
            if j in in_a.b:
                group_b[j] = in_a
        elif in_b is not None and in_a is None and len(in_b.b) == 1 and len(in_b.a) < MAX_GROUP:  # noqa: SIM102
            if near_a and p >= JOIN_ALONE and p >= best_a[i]:
                in_b.a.append(i)
                in_b.a.sort()
            elif near_a and p >= OPEN_MUTUAL:
                _join(in_b, "a", i, fb[j], [fa[k] for k in in_b.a], fa[i], proof[(i, j)][1], idf)
            if i in in_b.a:
                group_a[i] = in_b
    _neighbours(fa, fb, idf, groups, group_a, group_b)
    groups.sort(key=lambda g: (g.a, g.b))
    return groups


def _join(group: Group, side: str, index: int, one: Sent, members: list[Sent], extra: Sent,
          ctx: Context, idf: dict[str, float]) -> None:
    """Add `extra` to the `side` of `group` when it adds what `one` says and the
    members lack: the merged match is clearly more likely (more so when `extra` is
    not next to them)."""
    if extra.heading or not extra.weight:
        return
    adjacent = any(abs(extra.index - s.index) == 1 for s in members)
    gain = SPLIT_GAIN if adjacent else DISTANT_GAIN
    together = merged(sorted(members + [extra], key=lambda s: s.index), idf)
    ev = evidence(one, together, idf) if side == "b" else evidence(together, one, idf)
    p = probability(ev, ctx)
    if p >= group.score + gain:
        getattr(group, side).append(index)
        getattr(group, side).sort()
        group.score = p


def _neighbours(fa: list[Sent], fb: list[Sent], idf: dict[str, float], groups: list[Group],
                group_a: dict[int, Group], group_b: dict[int, Group]) -> None:
    """An unpaired sentence right after (or before) a pair pairs with the sentence
    right after (before) its partner when the link is likely enough."""
    for g in list(groups):
        if len(g.a) != 1 or len(g.b) != 1:
            continue
        for step in (1, -1):
            i, j = g.a[0] + step, g.b[0] + step
            if not (0 <= i < len(fa) and 0 <= j < len(fb)) or i in group_a or j in group_b:
                continue
            if fa[i].heading or fb[j].heading:
                continue
            ev = evidence(fa[i], fb[j], idf)
            p = probability(ev, Context(False, False, 0.0, False, 1.0))
            if p >= NEIGHBOUR_MIN:
                n = Group([i], [j], p)
                groups.append(n)
                group_a[i], group_b[j] = n, n
