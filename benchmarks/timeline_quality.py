"""Timeline quality against the hand-made gold (tests/data/timeline_gold), per half.

    python benchmarks/timeline_quality.py [--show tune|held-out]

Events: a dated mention the timeline lists (file, words said) is right when the gold lists
the same words in that file (its `near` words in the sentence, when two share the words)
with the same ISO date. Precision = right / listed, recall = right / gold.
Conflicts: a listed conflict is right when it holds two mentions of one gold conflict, from
different files, with different dates; recall = gold conflicts found / gold conflicts.
Stories whose articles are absent (../shared/real not here) are skipped and named.
`--show HALF` prints every miss and wrong date of that half (tune on `tune` only). The
analysis cache is a temporary folder unless NEWSDESK_CACHE_DIR says where.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tui.core.analysis import Analyser, AnalysisCache  # noqa: E402
from tui.core.articles import load_paths  # noqa: E402
from tui.core.timeline import Mention, TimelineArticle, build_timeline  # noqa: E402

GOLD = REPO / "tests" / "data" / "timeline_gold"
BASIL = REPO.parent / "shared" / "real" / "basil"
HALVES = ("tune", "held-out")


@dataclass
class Score:
    right: int = 0
    listed: int = 0
    gold: int = 0
    conflicts_right: int = 0
    conflicts_listed: int = 0
    conflicts_found: int = 0
    conflicts_gold: int = 0
    notes: list[str] = field(default_factory=list)

    @staticmethod
    def ratio(a: int, b: int) -> str:
        return f"{a / b:.2f}" if b else "n/a"


def _path(entry: str) -> Path:
    return REPO / entry if entry == "seeds" else BASIL / entry.removeprefix("basil/")


def _analyser() -> Analyser:
    directory = os.environ.get("NEWSDESK_CACHE_DIR")
    cache = Path(directory) if directory else Path(tempfile.mkdtemp(prefix="nd-timeline-"))
    return Analyser(cache=AnalysisCache(cache / "analysis"))


def _matches(gold: list, m: Mention) -> bool:
    file, said, _date, near = gold
    return Path(m.uri).name == file and m.said.lower() == said.lower() and near.lower() in m.sentence.lower()


def score_story(story: dict, analyser: Analyser, score: Score, name: str) -> None:
    loaded = load_paths([_path(p) for p in story["paths"]]).articles
    articles = [TimelineArticle(a.uri, a.text, analyser.analyse(a.text, a.text_hash, roles=True),
                                a.date, a.source) for a in loaded]
    timeline = build_timeline(articles)
    mentions = [m for e in timeline.events for m in e.mentions]
    gold = [list(g) for g in story["events"]]
    used: set[int] = set()
    score.listed += len(mentions)
    score.gold += len(gold)
    for m in mentions:
        hit = next((i for i, g in enumerate(gold) if i not in used and _matches(g, m)
                    and g[2] == m.when.iso), None)
        if hit is None:
            hit = next((i for i, g in enumerate(gold) if i not in used and _matches(g, m)), None)
            if hit is None:
                score.notes.append(f"{name}: not in gold: {Path(m.uri).name} {m.said!r} → "
                                   f"{m.when.iso} ({m.what})")
                continue
            score.notes.append(f"{name}: wrong date: {Path(m.uri).name} {m.said!r} → "
                               f"{m.when.iso}, gold {gold[hit][2]} ({m.when.how})")
            used.add(hit)
            continue
        used.add(hit)
        score.right += 1
    for i, g in enumerate(gold):
        if i not in used:
            score.notes.append(f"{name}: missed: {g[0]} {g[1]!r} {g[2]} ({g[3]})")
    gold_conflicts = [{(f, s.lower()) for f, s in c} for c in story["conflicts"]]
    found = set()
    score.conflicts_listed += len(timeline.conflicts)
    score.conflicts_gold += len(gold_conflicts)
    for conflict in timeline.conflicts:
        keys = {(Path(m.uri).name, m.said.lower()): m for m in conflict.mentions}
        hit = None
        for n, members in enumerate(gold_conflicts):
            inside = [keys[k] for k in members if k in keys]
            if len({Path(m.uri).name for m in inside}) >= 2 and len({m.when.iso for m in inside}) >= 2:
                hit = n
                break
        if hit is None:
            score.notes.append(f"{name}: conflict not in gold: {conflict.what} "
                               f"{sorted((m.when.iso, Path(m.uri).name, m.said) for m in conflict.mentions)}")
        else:
            score.conflicts_right += 1
            found.add(hit)
    score.conflicts_found += len(found)
    for n, members in enumerate(gold_conflicts):
        if n not in found:
            score.notes.append(f"{name}: conflict missed: {sorted(members)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", choices=HALVES, help="print every miss and wrong date of a half")
    args = parser.parse_args()
    analyser = _analyser()
    scores = {half: Score() for half in HALVES}
    for path in sorted(GOLD.glob("*.json")):
        story = json.loads(path.read_text(encoding="utf-8"))
        if not all(_path(p).exists() for p in story["paths"]):
            print(f"skipped {path.stem}: its articles are not here", file=sys.stderr)
            continue
        score_story(story, analyser, scores[story["half"]], path.stem)
    for half, s in scores.items():
        print(f"{half:9} events: precision {s.ratio(s.right, s.listed)} ({s.right}/{s.listed}), "
              f"recall {s.ratio(s.right, s.gold)} ({s.right}/{s.gold}) · conflicts: precision "
              f"{s.ratio(s.conflicts_right, s.conflicts_listed)} ({s.conflicts_right}/{s.conflicts_listed}), "
              f"recall {s.ratio(s.conflicts_found, s.conflicts_gold)} ({s.conflicts_found}/{s.conflicts_gold})")
        if args.show == half:
            for note in s.notes:
                print(f"  {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
