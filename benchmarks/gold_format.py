"""Rewrite gold JSON files in the house layout: one link or phrase per line.

    python benchmarks/gold_format.py FILE...
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def dump(data: dict) -> str:
    """JSON with each top-level list item on a line of its own (diffs stay readable)."""
    lines = ["{"]
    items = list(data.items())
    for n, (k, v) in enumerate(items):
        comma = "," if n < len(items) - 1 else ""
        if isinstance(v, list) and v:
            lines.append(f'  {json.dumps(k)}: [')
            for m, x in enumerate(v):
                c = "," if m < len(v) - 1 else ""
                lines.append("    " + json.dumps(x, ensure_ascii=False) + c)
            lines.append("  ]" + comma)
        else:
            lines.append(f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    for f in sys.argv[1:]:
        p = Path(f)
        p.write_text(dump(json.loads(p.read_text("utf-8"))), "utf-8")
