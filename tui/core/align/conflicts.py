"""Figure conflicts: two outlets' figures that count the same thing and disagree.

Only a discrepancy a fact-checker would call one is flagged:
- the two figures are of one kind (counts, money in one currency, percentages,
  dates, durations) and count the same thing: the same noun counted, no
  different verb ("seats held" ≠ "seats lost") or subject ("Republicans'" ≠
  "Democrats'"), not "17 other soldiers" against "11,000 troops";
- neither allows the other's value once hedges, stated ranges and rounding
  are read ("at least 37" allows 41; "$700 billion" allows $716 billion);
- outside aligned sentences, they must also share what surrounds them;
- a value the other article states too, about the same thing, is accounted
  for and conflicts with nothing.
Each disagreement is stated once, in the row where both figures sit or between
the rows that hold them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from ..amounts import intervals_disagree
from .dates import dates_disagree
from .model import FigureConflict
from .quantities import ESTIMATE_VERBS, REPORTING_VERBS, WEAK_VERBS, Quantity

# What two figures count: evidence weights and the total needed.
SAME_NOUN = 1  # the same noun counted ("seats")
SAME_ACT = 1  # the same verb ("need")
SAME_OWNER = 1  # the same subject ("the Democrats")
ALIGNED = 2  # the sentences are aligned
SAME_CONTEXT = 1  # their clauses (or sentences) share this much (Jaccard of stems):
UNPAIRED_CONTEXT = 0.2
CLOSE_VALUES = 1  # large figures about one noun, within CLOSE_RATIO of each other
CLOSE_RATIO = 1.25
CLOSE_MIN_VALUE = 1000
SAME_BOUND = 1  # both state a bound of one kind ("as many as" / "up to", or a range's top)
SAME_THING_THRESHOLD = 3
# Dates of one event: evidence weights and the total needed.
EVENT_SAME_ACT = 2  # the same verb ("left" / "quit")
EVENT_OTHER_ACT = 3  # different verbs count against ("appointed" / "confirmed")
EVENT_SAME_THING = 2  # the same event noun or object ("the primary")
EVENT_SAME_ACTOR = 1  # the same subject
EVENT_ALIGNED = 2  # the sentences are aligned
EVENT_SAME_CONTEXT = 1  # … or their sentences share this much (Jaccard of stems):
UNPAIRED_EVENT_CONTEXT = 0.15
EVENT_THRESHOLD = 3
# A precise figure this close to another, in sentences naming the same thing, is the
# same figure misreported ("$5,587.75" / "$5,687.75").
NEAR_MISS = 0.05
MAX_COUNT_RATIO = 10.0  # counts further apart than this count different sets
MAX_COMPARISONS = 20000  # figures compared across two articles, at most


def _jaccard(x: frozenset[str], y: frozenset[str]) -> float:
    return len(x & y) / len(x | y) if x and y else 0.0


def _comparable(q: Quantity) -> bool:
    return q.surface.strip().lower() not in ("one", "a", "an", "single")


def disagree(x: Quantity, y: Quantity) -> bool:
    """Neither figure allows the other's value."""
    if x.cls == "date":
        return x.when is not None and y.when is not None and dates_disagree(x.when, y.when)
    if x.allowed is None or y.allowed is None:
        return False
    return intervals_disagree(x.allowed, y.allowed)


def _verbs_differ(x: Quantity, y: Quantity) -> bool:
    """Two acts named on both sides that differ ("held" vs "lost"); "was" and "said"
    name no act of their own."""
    if not x.verb or not y.verb or x.verb == y.verb:
        return False
    quiet = WEAK_VERBS | ESTIMATE_VERBS
    return not (x.verb in quiet or y.verb in quiet)


def _different_owner(x: Quantity, y: Quantity) -> bool:
    """The same act by different subjects ("Republicans won 63" vs "Democrats won 20");
    the subject of "estimated" or "said" is a source, not an owner."""
    if not (x.subject and y.subject and x.subject != y.subject):
        return False
    return x.verb == y.verb and x.verb not in ESTIMATE_VERBS


def _near_miss(x: Quantity, y: Quantity) -> bool:
    if x.value is None or y.value is None or not x.value or x.hedge or y.hedge:
        return False
    precise = float(x.value) != round(float(x.value), -2) and float(y.value) != round(float(y.value), -2)
    close = abs(x.value - y.value) <= NEAR_MISS * max(abs(x.value), abs(y.value))
    return precise and close and bool(x.names & y.names)


def same_thing(x: Quantity, y: Quantity, paired: bool) -> bool:
    """Do the two figures count the same thing (noun, act, owner; the event a date dates)?

    Different nouns, acts or owners rule it out. Otherwise the evidence is weighed:
    the same noun counted, the same act, the same owner, the sentences aligned, the
    words around the figures."""
    if x.cls != y.cls or x.other or y.other or x.partitive or y.partitive:
        return False
    if x.cls == "money" and x.currency != y.currency:
        return False
    if x.unit != y.unit and x.cls in ("percent", "duration"):
        return False
    if x.cls == "date":
        return _same_event(x, y, paired)
    if _near_miss(x, y):
        return True
    if x.counts and y.counts and x.counts != y.counts:
        return False
    if _verbs_differ(x, y) or (not paired and _different_owner(x, y)):
        return False  # in aligned sentences a subject named twice ways is still one owner
    if x.cls == "count":
        if not (x.counts and y.counts):
            return False  # a bare number: what it counts is unknown
        low, high = sorted((abs(x.value or 0), abs(y.value or 0)))
        if low == 0 or high / low > MAX_COUNT_RATIO:
            return False  # "two soldiers" and "11,000 troops" count different sets
    weight = 0
    if x.counts and x.counts == y.counts:
        weight += SAME_NOUN
    if x.verb and x.verb == y.verb and x.verb not in WEAK_VERBS:
        weight += SAME_ACT
    if x.subject and x.subject == y.subject:
        weight += SAME_OWNER
    if x.counts and x.counts == y.counts and _close(x, y):
        weight += CLOSE_VALUES
    if _same_bound(x, y):
        weight += SAME_BOUND
    if paired:
        weight += ALIGNED
    if _jaccard(x.context, y.context) >= UNPAIRED_CONTEXT:
        weight += SAME_CONTEXT
    if _jaccard(x.sentence_context, y.sentence_context) >= UNPAIRED_EVENT_CONTEXT:
        weight += SAME_CONTEXT
    return weight >= SAME_THING_THRESHOLD


def _close(x: Quantity, y: Quantity) -> bool:
    """Two large figures of a like size: the nearest of their stated values (a range's
    ends included) within CLOSE_RATIO."""
    ends_x = [abs(v) for v in (x.value, x.high) if v]
    ends_y = [abs(v) for v in (y.value, y.high) if v]
    return any(min(u, v) >= CLOSE_MIN_VALUE and max(u, v) / min(u, v) <= CLOSE_RATIO
               for u in ends_x for v in ends_y)


def _same_bound(x: Quantity, y: Quantity) -> bool:
    """Both figures state a ceiling ("as many as", "up to", a range's top) or both a floor
    ("at least", "more than"): two outlets' estimates of one quantity."""
    kinds = {x.allowed.kind if x.allowed else None, y.allowed.kind if y.allowed else None}
    return kinds in ({"at_most"}, {"at_least"}, {"at_most", "range"})


def _same_event(x: Quantity, y: Quantity, paired: bool) -> bool:
    """Two dates of the same event, weighing what each dates: the same act (verb), the
    same thing it happens to (event noun, object), the same actor, and whether the
    sentences are aligned. Statements ("said on Monday") are compared only with
    statements."""
    if (x.verb in REPORTING_VERBS) != (y.verb in REPORTING_VERBS):
        return False  # when something was said is not when it happened
    if x.counts and y.counts and x.counts != y.counts:
        return False  # "the debate on Tuesday" / "the hearing on Wednesday"
    weight = 0
    if x.verb and x.verb == y.verb:
        weight += EVENT_SAME_ACT
    elif _verbs_differ(x, y) and not (x.counts and x.counts == y.counts):
        weight -= EVENT_OTHER_ACT
    things_x, things_y = {x.counts, x.object, x.subject} - {None}, {y.counts, y.object, y.subject} - {None}
    if (things_x & things_y) - ({x.subject} & {y.subject}):
        weight += EVENT_SAME_THING  # the same event noun or the same thing acted on
    elif x.subject and x.subject == y.subject:
        weight += EVENT_SAME_ACTOR
    if paired:
        weight += EVENT_ALIGNED
    elif _jaccard(x.sentence_context, y.sentence_context) >= UNPAIRED_EVENT_CONTEXT:
        weight += EVENT_SAME_CONTEXT
    return weight >= EVENT_THRESHOLD


def _value_key(q: Quantity) -> tuple[object, ...]:
    if q.cls == "date":
        return ("date", q.when.shown() if q.when else None)
    return (q.cls, q.currency, q.unit, q.value, q.high)


def _agrees(x: Quantity, y: Quantity, paired: bool) -> bool:
    """The same figure stated on both sides: it is accounted for."""
    if x.cls != y.cls or disagree(x, y):
        return False
    if x.cls == "date":
        return paired or bool(x.verb and x.verb == y.verb)
    if paired:
        return True
    return not (x.counts and y.counts and x.counts != y.counts)


def conflict_of(x: Quantity, y: Quantity) -> FigureConflict:
    about = x.about if len(x.about) >= len(y.about) else y.about
    unit = x.currency or x.unit or ("date" if x.cls == "date" else x.counts)
    return FigureConflict(
        x.surface, y.surface, x.shown_value, y.shown_value, x.start, x.end, y.start, y.end,
        about, unit, x.currency, x.sentence, y.sentence,
    )


def find_conflicts(
    figs_a: Sequence[Quantity], figs_b: Sequence[Quantity], paired_of: dict[int, set[int]]
) -> list[FigureConflict]:
    """Every disagreement between two articles' figures, each once, in A's order.

    `paired_of` maps A sentence → the B sentences aligned with it."""
    def paired(x: Quantity, y: Quantity) -> bool:
        return y.sentence in paired_of.get(x.sentence, ())

    candidates_a = [x for x in figs_a if _comparable(x)]
    candidates_b = [y for y in figs_b if _comparable(y)]
    agreed: set[int] = set()
    by_key: dict[tuple[str], list[Quantity]] = defaultdict(list)
    for y in candidates_b:
        by_key[(y.cls,)].append(y)
    budget = MAX_COMPARISONS
    for x in candidates_a:
        for y in by_key.get((x.cls,), ()):
            budget -= 1
            if budget < 0:
                break
            aligned = paired(x, y)
            if not _agrees(x, y, aligned):
                continue
            # a date agrees only about the same event; a number stated in the aligned
            # sentence, or about the same thing anywhere, is accounted for
            if same_thing(x, y, aligned) if x.cls == "date" else (aligned or same_thing(x, y, True)):
                agreed.update((id(x), id(y)))
    found: list[FigureConflict] = []
    seen: set[tuple[object, ...]] = set()
    budget = MAX_COMPARISONS
    for x in candidates_a:
        if id(x) in agreed:
            continue
        for y in by_key.get((x.cls,), ()):
            budget -= 1
            if budget < 0:
                return found
            if id(y) in agreed or not disagree(x, y) or not same_thing(x, y, paired(x, y)):
                continue
            key = (_value_key(x), _value_key(y), x.sentence, y.sentence)
            loose = (_value_key(x), _value_key(y), x.counts or x.verb)
            if key in seen or loose in seen:
                continue  # the same two values about the same thing: said once
            seen.update((key, loose))
            found.append(conflict_of(x, y))
    found.sort(key=lambda c: (c.a_start, c.b_start))
    return found
