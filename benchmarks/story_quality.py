"""Story grouping quality: pairwise precision and recall per half of the real events.

The gold is tests/data/story_gold/gold.json: the seeds (one story) and the events of
../shared/real/basil split into a `tune` half (thresholds in tui/core/stories.py were
tuned on it) and a `heldout` half (never looked at while tuning). Each article's gold
story is its own `event` front-matter field. Each half is grouped on its own, as a
library of 60 articles (the tune half with the seeds in it), and then all of them
together. Printed per run: pairwise precision (pairs put in one story that report one
event) and recall (pairs of one event put in one story), and events recovered exactly.

Run: python benchmarks/story_quality.py [--verbose]
Analyses are cached under NEWSDESK_CACHE_DIR (default: a folder in the temp dir).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from itertools import combinations
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "tests" / "data" / "story_gold" / "gold.json"


def real_dir() -> Path:
    override = os.environ.get("NEWSDESK_REAL_DIR")
    return Path(override) if override else REPO.parent / "shared" / "real" / "basil"


def gold_of(article, seeds: set[str]) -> str:
    """The gold story of an article: its front matter's event, or 'seeds'."""
    if article.path is not None and article.path.name in seeds:
        return "seeds"
    from tui.core.front_matter import parse_markdown

    meta = parse_markdown(article.path.read_text("utf-8")).meta
    return str(meta.get("event") or article.path.parent.name)


def measure(name: str, paths: list[Path], seeds: set[str], verbose: bool,
            undated: bool = False) -> None:
    from tui.core.analysis_cache import Analyser
    from tui.core.articles import load_paths
    from tui.core.stories import group_stories
    from tui.core.story_pairs import PairCache

    articles = load_paths(paths).articles
    if undated:  # the words alone: every article as if it carried no date
        for article in articles:
            article.date = ""
    analyser = Analyser()
    analyses = {a.uri: analyser.analyse(a.text, a.text_hash) for a in articles}
    cache = PairCache()

    def share(a, a_an, b, b_an) -> float:
        return cache.shared(a, a_an, b, b_an).fraction()

    started = time.perf_counter()
    stories = group_stories(articles, analyses, share)
    seconds = time.perf_counter() - started
    gold = {a.uri: gold_of(a, seeds) for a in articles}
    predicted = {a.uri: s.id for s in stories for a in s.articles}
    tp = fp = fn = 0
    for a, b in combinations(articles, 2):
        same_gold = gold[a.uri] == gold[b.uri]
        same_story = predicted[a.uri] == predicted[b.uri]
        tp += same_gold and same_story
        fp += same_story and not same_gold
        fn += same_gold and not same_story
    events = set(gold.values())
    members = {g: {u for u, x in gold.items() if x == g} for g in events}
    story_members = {s.id: {a.uri for a in s.articles} for s in stories}
    exact = sum(1 for g in events if members[g] in story_members.values())
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(f"{name:<8} {len(articles):>3} articles  {len(stories):>3} stories  "
          f"pairs P {precision:.2f} ({tp}/{tp + fp})  R {recall:.2f} ({tp}/{tp + fn})  "
          f"events exact {exact}/{len(events)}  ({seconds:.1f} s)")
    if "seeds" in events:
        print(f"{'':<8} seeds in one story: {'yes' if members['seeds'] in story_members.values() else 'NO'}")
    if verbose:
        for story in stories:
            labels = sorted({gold[a.uri] for a in story.articles})
            if len(labels) > 1 or any(len(members[g]) != len(story.articles) for g in labels):
                print(f"  {story.id} {len(story.articles)}: {[g[:40] for g in labels]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", "-v", action="store_true",
                        help="list stories that mix events or split one")
    parser.add_argument("--undated", action="store_true",
                        help="also group every half with the articles' dates removed")
    args = parser.parse_args()
    os.environ.setdefault("NEWSDESK_CACHE_DIR",
                          str(Path(tempfile.gettempdir()) / "newsdesk-bench-cache"))
    sys.path.insert(0, str(REPO))
    gold = json.loads(GOLD.read_text("utf-8"))
    seeds = set(gold["seeds"])
    seed_paths = [REPO / "seeds" / name for name in gold["seeds"]]
    base = real_dir()
    if not base.is_dir():
        print(f"{base} not found: measuring the seeds alone")
        measure("seeds", seed_paths, seeds, args.verbose)
        return 0
    tune = [base / event for event in gold["tune"]]
    heldout = [base / event for event in gold["heldout"]]
    measure("tune", seed_paths + tune, seeds, args.verbose)
    measure("heldout", heldout, seeds, args.verbose)
    measure("all", seed_paths + tune + heldout, seeds, args.verbose)
    if args.undated:
        print("without dates (the words alone):")
        measure("tune", seed_paths + tune, seeds, args.verbose, undated=True)
        measure("heldout", heldout, seeds, args.verbose, undated=True)
        measure("all", seed_paths + tune + heldout, seeds, args.verbose, undated=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
