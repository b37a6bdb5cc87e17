"""Helps build and check alignment golds (see align_gold.py for the format).

    python benchmarks/gold_tool.py sentences EVENT/outlet   numbered sentences and their figures
    python benchmarks/gold_tool.py check FILE...            every phrase found once, every sentence covered
    python benchmarks/gold_tool.py diff FILE                this aligner against a tune gold: wrong and missed

`diff` refuses held-out golds: they are for reporting, not for tuning.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from align_gold import GoldError, align_gold, errors, load_gold, load_side, score  # noqa: E402


def cmd_sentences(ref: str) -> int:
    side = load_side(ref)
    text = side.article.text
    print(f"# {ref}: {side.article.title} ({side.article.source}, {side.article.date})")
    for s in side.analysis.sentences:
        figures = [f"{text[e.start:e.end]}={e.iso or e.value}" for e in side.analysis.entities
                   if e.kind == "figure" and s.start <= e.start < s.end]
        print(f"[{s.index}] {text[s.start:s.end]}")
        if figures:
            print(f"      figures: {'; '.join(figures)}")
    return 0


def cmd_check(files: list[str]) -> int:
    bad = 0
    for name in files:
        try:
            gold = load_gold(Path(name))
        except (GoldError, KeyError, ValueError) as exc:
            print(f"{name}: {exc}")
            bad += 1
            continue
        for problem in gold.problems:
            print(f"{name}: {problem}")
        bad += bool(gold.problems)
        print(f"{name}: {len(gold.links)} links, {len(gold.also)} also, "
              f"{len(gold.only_a)} only A, {len(gold.only_b)} only B, "
              f"{len(gold.conflicts)} conflicts, {len(gold.no_conflicts)} must-not-conflict "
              f"[{gold.split}]")
    return 1 if bad else 0


def cmd_diff(name: str) -> int:
    gold = load_gold(Path(name))
    if gold.split != "tune":
        print(f"{name}: a {gold.split} gold; diff only shows tune golds", file=sys.stderr)
        return 1
    s = score(gold, align_gold(gold))
    print(f"pairs P={s.precision:.2f} ({s.correct}/{s.predicted}) R={s.recall:.2f} "
          f"({s.found}/{s.gold}); conflicts {s.flagged_ok}/{s.flagged} right, "
          f"{s.conflicts_found}/{s.gold_conflicts} found")
    for kind, item in errors(s):
        print(f"{kind + ':':<10}{item}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("sentences").add_argument("ref")
    sub.add_parser("check").add_argument("files", nargs="+")
    sub.add_parser("diff").add_argument("file")
    args = parser.parse_args()
    if args.command == "sentences":
        return cmd_sentences(args.ref)
    if args.command == "check":
        return cmd_check(args.files)
    return cmd_diff(args.file)


if __name__ == "__main__":
    sys.exit(main())
