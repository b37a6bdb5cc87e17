"""Commands that only read never make a database, a lock file or a folder: a typo in
--db must not leave a trail of folders, and listing claims must not create a database."""

from __future__ import annotations

import pytest

from tui.cli import main
from tui.core.anchoring import make_selector
from tui.core.articles import load_paths
from tui.core.store import Store

from .conftest import SEEDS_DIR


@pytest.mark.parametrize("argv", [["claims"], ["claims", "--json"], ["export", "--format", "json"],
                                  ["export", "--format", "markdown"], ["list"], ["list", "--json"]])
def test_a_missing_database_is_read_as_empty_and_nothing_is_made(argv, tmp_path, capsys):
    db = tmp_path / "no" / "such" / "folder" / "claims.json"
    assert main([*argv, "--db", str(db)]) == 0
    assert not (tmp_path / "no").exists()
    assert "Traceback" not in capsys.readouterr().err


def test_an_existing_database_is_read_as_before(tmp_path, capsys):
    db = tmp_path / "claims.json"
    article = load_paths([SEEDS_DIR]).articles[0]
    Store(db).tag_claim(article.uri, make_selector(article.text, 0, 30), status="false",
                        text_hash=article.text_hash)
    assert main(["claims", "--json", "--db", str(db)]) == 0
    assert '"false"' in capsys.readouterr().out


def test_writing_commands_still_create_the_database(tmp_path):
    db = tmp_path / "new" / "claims.json"
    store = Store(db)
    assert db.exists() and not store.absent
    reading = Store(tmp_path / "other" / "claims.json", create=False)
    assert reading.annotations() == [] and reading.read_uris() == set()
    assert reading.status_counts() == {}
    assert not (tmp_path / "other").exists()


def test_claims_with_no_claims_analyses_nothing(tmp_path, isolated_newsdesk_env, capsys):
    assert main(["claims", "--json", "--db", str(tmp_path / "none.json")]) == 0
    assert capsys.readouterr().out.strip() == "[]"
    analysis = isolated_newsdesk_env / "cache" / "analysis"
    assert not analysis.exists() or not any(analysis.rglob("*.json"))
