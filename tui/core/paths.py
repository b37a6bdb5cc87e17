"""Where newsdesk keeps its files: one place for every location.

Defaults are platformdirs' per-user folders; each can be moved:
database (`--db`, NEWSDESK_DB, `db =` in config — resolved in config.py),
config (NEWSDESK_CONFIG), caches (NEWSDESK_CACHE_DIR, which holds the analysis
and alignment caches as subfolders).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "newsdesk"


def config_path() -> Path:
    override = os.environ.get("NEWSDESK_CONFIG")
    if override:
        return Path(override)
    return platformdirs.user_config_path(APP) / "config.toml"


def default_db_path() -> Path:
    return platformdirs.user_data_path(APP) / "newsdesk.json"


def cache_root() -> Path:
    """The cache folder: NEWSDESK_CACHE_DIR, else the user cache folder. Everything in it
    can be deleted; it is rebuilt."""
    override = os.environ.get("NEWSDESK_CACHE_DIR")
    return Path(override) if override else platformdirs.user_cache_path(APP)


def analysis_cache_dir() -> Path:
    return cache_root() / "analysis"


def alignment_cache_dir() -> Path:
    return cache_root() / "alignments"
