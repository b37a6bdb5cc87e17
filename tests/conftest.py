"""Shared test setup: every test runs against its own cache, database and config.

No test may read or write the user's real analysis cache, annotation database
or config file, and a developer's NEWSDESK_MODEL must not change results.
"""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def isolated_newsdesk_env(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("newsdesk-env")
    monkeypatch.setenv("NEWSDESK_CACHE_DIR", str(home / "cache"))
    monkeypatch.setenv("NEWSDESK_DB", str(home / "newsdesk.json"))
    monkeypatch.setenv("NEWSDESK_CONFIG", str(home / "config.toml"))
    monkeypatch.delenv("NEWSDESK_MODEL", raising=False)
    return home
