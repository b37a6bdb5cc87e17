import pytest

from tests.functional.conftest import make_app, seed_articles, warm_cache  # noqa: F401


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch):
    """Claims carry their modification time on screen; pin it so snapshots are stable."""
    monkeypatch.setattr("tui.core.store.now_iso", lambda: "2025-01-14T09:30:00Z")
