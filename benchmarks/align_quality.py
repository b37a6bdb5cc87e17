"""Alignment quality against hand-made golds: pairs, conflicts, false conflicts.

For every gold in tests/data/align_gold/ (seeds, real "tune" pairs the aligner
was tuned on, real "heldout" pairs it was not), aligns the two articles with
the real spaCy model and prints per pair and per split: pair precision and
recall (sentence links), conflict precision and recall, false conflicts.

Run: python benchmarks/align_quality.py [--split seeds|tune|heldout] [--verbose]
Real pairs need ../shared/real/basil beside the repository (or NEWSDESK_REAL_DIR);
without it only the seeds are measured.
"""

from __future__ import annotations

import argparse
import sys
import time

from align_gold import (
    Score,
    align_gold,
    errors,
    gold_files,
    load_gold,
    real_corpus_present,
    score,
)

SPLITS = ("seeds", "tune", "heldout")
TARGETS = "held-out targets: pair P ≥ 0.90, R ≥ 0.80, conflict R ≥ 0.90, ≤ 1 false conflict per 10 pairs"


def line(s: Score, pairs: int | None = None) -> str:
    text = (f"{s.name:<34} pairs P {s.precision:.2f} ({s.correct}/{s.predicted})  "
            f"R {s.recall:.2f} ({s.found}/{s.gold})  conflicts P {s.conflict_precision:.2f} "
            f"({s.flagged_ok}/{s.flagged})  R {s.conflict_recall:.2f} "
            f"({s.conflicts_found}/{s.gold_conflicts})  false {len(s.false_conflicts)}")
    if pairs:
        text += f" ({len(s.false_conflicts) / pairs * 10:.1f} per 10 pairs)"
    return text


def main() -> int:
    from tui.core.align import ALIGNER_VERSION

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=SPLITS, action="append",
                        help="only these splits (repeatable); default all")
    parser.add_argument("--verbose", "-v", action="store_true",
                        help="list wrong and missed links and conflicts (tune and seeds only)")
    args = parser.parse_args()
    splits = args.split or list(SPLITS)
    if not real_corpus_present():
        print("real corpus not found: measuring the seeds only", file=sys.stderr)
        splits = [s for s in splits if s == "seeds"]
    print(f"aligner version {ALIGNER_VERSION}")
    seconds = 0.0
    for split in splits:
        files = gold_files(split)
        if not files:
            continue
        total = Score(f"{split} overall ({len(files)} pairs)", split)
        print(f"\n== {split} ==")
        for path in files:
            gold = load_gold(path)
            started = time.perf_counter()
            result = align_gold(gold)
            seconds += time.perf_counter() - started
            s = score(gold, result)
            total.add(s)
            print(line(s))
            if args.verbose and split != "heldout":
                for kind, item in errors(s):
                    print(f"    {kind:<9}{item}")
        print(line(total, len(files)))
        for item in total.false_conflicts if split != "heldout" or args.verbose else []:
            print("    false ⚠ ", item)
    print(f"\n{TARGETS}\nalign() time, all pairs: {seconds:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
