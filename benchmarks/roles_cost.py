"""What reading "what a figure counts" costs: analysis words/s with and without roles.

Compares, on the same articles and the same loaded model, in one process:
- the analysis the reader needs (sentences, entities, figures: the NER pass),
- the same plus roles (a parse of the sentences that hold figures), as compare does,
- spaCy's full en_core_web_sm pipeline over every line (`nlp.pipe`), for reference.
Best of several runs each, on the seeds plus the real BASIL articles when present.

Run: python benchmarks/roles_cost.py [--runs 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tui.core.analysis import analyse_text, choose_model, load_pipeline  # noqa: E402
from tui.core.articles import load_paths  # noqa: E402


def best_of(runs: int, work) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    folders = [REPO / "seeds"]
    real = REPO.parent / "shared" / "real" / "basil"
    if real.is_dir():
        folders.append(real)
    articles = load_paths(folders).articles
    words = sum(len(a.text.split()) for a in articles)
    nlp, choice = load_pipeline(choose_model())
    lines = [line for a in articles for line in a.text.split("\n") if line.strip()]
    analyse_text(nlp, choice.model_id, articles[0].text, "warm", roles=True)

    plain = best_of(args.runs, lambda: [analyse_text(nlp, choice.model_id, a.text, "h")
                                        for a in articles])
    roles = best_of(args.runs, lambda: [analyse_text(nlp, choice.model_id, a.text, "h", roles=True)
                                        for a in articles])
    full = best_of(args.runs, lambda: list(nlp.pipe(lines, batch_size=64)))
    print(f"{len(articles)} articles, {words} words, model {choice.model_id}, best of {args.runs}")
    for name, seconds in (("analysis (reader: NER, figures)", plain),
                          ("analysis + roles (compare)", roles),
                          ("full en_core_web_sm pipeline", full)):
        print(f"  {name:<34} {seconds:6.2f} s  {words / seconds:8.0f} words/s")
    print(f"  roles cost: +{roles / plain - 1:.0%} over the reader's analysis")
    return 0


if __name__ == "__main__":
    sys.exit(main())
