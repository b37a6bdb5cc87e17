"""JSON as newsdesk prints and exports it: strict, and safe to embed in a web page.

Strict: no NaN or Infinity (not JSON; `json.dumps` writes them by default) — a
value that is not a finite number becomes null. Embeddable: `<`, `>` and `&` are
written as `\\u003c`, `\\u003e`, `\\u0026`, so a quote holding `</script>` cannot end
the `<script type="application/ld+json">` block a JSON-LD export is pasted into.
The JSON means the same either way.
"""

from __future__ import annotations

import json
import math
from typing import Any

_EMBED_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


def finite(value: Any) -> Any:
    """`value` with every non-finite float (inf, nan) replaced by None, recursively."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(item) for item in value]
    return value


def dumps(value: Any, *, indent: int | None = 1, embed: bool = False) -> str:
    """Strict JSON text of `value` (UTF-8 characters kept as they are); with `embed`,
    also safe inside an HTML `<script>` block (exports)."""
    text = json.dumps(finite(value), ensure_ascii=False, indent=indent, allow_nan=False)
    if embed:
        for character, escape in _EMBED_ESCAPES.items():
            text = text.replace(character, escape)
    return text
