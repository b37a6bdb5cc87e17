"""Alignment quality against the hand-made golds (tests/data/align_gold/).

The golds name sentences by short phrases; benchmarks/align_gold.py resolves
them and scores an alignment. The floors below are the measured numbers
(`python benchmarks/align_quality.py`) minus a margin: they catch a change
that makes pairing or conflicts clearly worse. Real pairs need
../shared/real/basil and skip without it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "benchmarks"))

from align_gold import (  # noqa: E402
    GOLD_DIR,
    Score,
    align_gold,
    gold_files,
    load_gold,
    real_corpus_present,
    score,
)

# (pair precision, pair recall) floors per split, and false conflicts allowed per split
FLOORS = {"seeds": (0.85, 0.50), "tune": (0.80, 0.32), "heldout": (0.55, 0.20)}
MAX_FALSE_CONFLICTS = {"seeds": 0, "tune": 1, "heldout": 1}


@pytest.fixture(scope="module")
def gold_cache(tmp_path_factory):
    import os

    os.environ.setdefault("NEWSDESK_CACHE_DIR", str(tmp_path_factory.mktemp("gold-cache")))
    return {}


def measure(split: str, cache: dict) -> Score:
    total = Score(split, split)
    for path in gold_files(split):
        if path not in cache:
            cache[path] = load_gold(path)
        gold = cache[path]
        assert not gold.problems, gold.problems  # every sentence covered once
        total.add(score(gold, align_gold(gold)))
    return total


def test_golds_are_phrases_not_articles():
    """A gold quotes short phrases of the outlets' text, never whole paragraphs."""
    for path in sorted(GOLD_DIR.glob("*.json")):
        data = json.loads(path.read_text("utf-8"))
        assert data["split"] in ("seeds", "tune", "heldout"), path.name
        phrases = [p for link in data.get("links", []) + data.get("also", []) for p in link]
        phrases += data.get("only_a", []) + data.get("only_b", [])
        assert all(len(p.split()) <= 14 for p in phrases), path.name


@pytest.mark.parametrize("split", ["seeds", "tune", "heldout"])
def test_quality_floors(split, gold_cache):
    if split != "seeds" and not real_corpus_present():
        pytest.skip("../shared/real/basil is not here")
    total = measure(split, gold_cache)
    print(f"\n{split}: pairs P {total.precision:.2f} R {total.recall:.2f}; conflicts "
          f"P {total.conflict_precision:.2f} R {total.conflict_recall:.2f}; "
          f"false {len(total.false_conflicts)}")
    floor_p, floor_r = FLOORS[split]
    assert total.precision >= floor_p and total.recall >= floor_r
    assert len(total.false_conflicts) <= MAX_FALSE_CONFLICTS[split], total.false_conflicts
    assert total.must_not_flagged == 0, total.false_conflicts  # listed must-not pairs never flag


def test_the_seed_troop_conflict_is_found(gold_cache):
    total = measure("seeds", gold_cache)
    assert total.gold_conflicts >= 1 and total.conflicts_found == total.gold_conflicts
