"""What a database holds on disk, read as plain JSON (no Store, no cache), for tests.

The database file keeps the library state; each article's annotations are in
`NAME.claims/<sha256 of its uri>.json` beside the real file (see tui/core/shards.py).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path


def claims_folder(db: Path) -> Path:
    real = Path(os.path.realpath(db))
    return real.with_name(real.name + ".claims")


def shard_path(db: Path, uri: str) -> Path:
    return claims_folder(db) / f"{hashlib.sha256(uri.encode('utf-8')).hexdigest()}.json"


def shard_files(db: Path) -> list[Path]:
    folder = claims_folder(db)
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def stored_tables(db: Path) -> dict[str, dict]:
    """Shard file name → its rows (row key → row), as written."""
    return {p.name: json.loads(p.read_bytes().decode("utf-8"))["annotations"]
            for p in shard_files(db)}


def stored_rows(db: Path) -> list:
    """Every annotation row on disk, shard by shard, in row order."""
    return [row for rows in stored_tables(db).values() for row in rows.values()]
