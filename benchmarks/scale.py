"""A real desk's volume, in one command: every scale benchmark, one after another.

    python benchmarks/scale.py            full sizes (10,000 articles, 10,000 claims; ~5 min)
    python benchmarks/scale.py --smoke    tiny sizes, no timing claims

Each benchmark generates its own corpus in a fresh temporary folder, measures each figure
beside its baseline in the same run and prints its table; this runs them in turn and says
which (if any) failed a check:

- library_scale.py   start-up beside a bare Textual app, search keystrokes (10,000 articles)
- store_scale.py     `v` with 1,000 / 10,000 claims, the claims screen and its filter
- analysis_scale.py  NER words/s against spaCy's full pipeline, `analyze --jobs`, what a
                     start queues, corroboration of one claim at 10,000 articles
- claims_scale.py    moved and edited articles with thousands of claims, tagging with 1,000
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = {  # name: arguments of its smoke run
    "library_scale.py": ["--articles", "12", "--runs", "1"],
    "store_scale.py": ["--sizes", "20,50", "--presses", "4"],
    "analysis_scale.py": ["--smoke"],
    "claims_scale.py": None,  # no smoke size: left out of --smoke
}


def main(argv: list[str]) -> int:
    smoke = "--smoke" in argv
    failed = []
    for name, smoke_args in BENCHMARKS.items():
        if smoke and smoke_args is None:
            continue
        args = smoke_args if smoke else []
        print(f"\n===== {name} {' '.join(args)}".rstrip(), flush=True)
        started = time.perf_counter()
        code = subprocess.call([sys.executable, str(HERE / name), *args])
        print(f"===== {name}: exit {code} in {time.perf_counter() - started:.0f} s", flush=True)
        if code:
            failed.append(name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
