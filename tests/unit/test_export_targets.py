"""Exports say who reviewed (config `reviewer`) and point at the article's public address
when its front matter gives one, not at the local file."""

from __future__ import annotations

import json

from tui.cli import main
from tui.core.anchoring import make_selector
from tui.core.articles import load_file
from tui.core.config import load_settings
from tui.core.export import article_infos, export_claims
from tui.core.store import Store

FRONT = """---
title: Talks resume
source: Example Wire
url: https://news.example.org/talks
---
Negotiators met on Tuesday. Both sides said the talks would resume in March.
"""


def tagged(tmp_path):
    path = tmp_path / "talks.md"
    path.write_text(FRONT, "utf-8")
    article = load_file(path).articles[0]
    store = Store(tmp_path / "db.json")
    start = article.text.index("Both")
    store.tag_claim(article.uri, make_selector(article.text, start, len(article.text.rstrip())),
                    status="verified", text_hash=article.text_hash)
    return article, store


def test_w3c_target_is_the_article_url_and_claimreview_names_the_reviewer(tmp_path):
    article, store = tagged(tmp_path)
    infos = article_infos([article])
    w3c = json.loads(export_claims(store.annotations(), infos, "w3c"))
    target = w3c["first"]["items"][0]["target"]
    assert target["source"] == "https://news.example.org/talks"
    # the copy the offsets count in
    assert target["state"] == {"type": "TimeState", "cached": article.uri}
    reviews = json.loads(export_claims(store.annotations(), infos, "claimreview",
                                       author="Jane Doe, Desk"))
    assert reviews[0]["author"]["name"] == "Jane Doe, Desk"
    default = json.loads(export_claims(store.annotations(), infos, "claimreview"))
    assert default[0]["author"]["name"] == "newsdesk user"


def test_without_a_url_the_target_stays_the_file(tmp_path):
    path = tmp_path / "plain.txt"
    path.write_text("Negotiators met on Tuesday. The talks resume in March.\n", "utf-8")
    article = load_file(path).articles[0]
    store = Store(tmp_path / "db.json")
    store.tag_claim(article.uri, make_selector(article.text, 0, 27), status="disputed",
                    text_hash=article.text_hash)
    w3c = json.loads(export_claims(store.annotations(), article_infos([article]), "w3c"))
    assert w3c["first"]["items"][0]["target"]["source"] == article.uri


def test_reviewer_from_config_reaches_the_cli_export(tmp_path, monkeypatch, capsys):
    article, _store = tagged(tmp_path)
    config = tmp_path / "config.toml"
    config.write_text(f'reviewer = "Desk \\u001b[31mRed"\nlibrary = ["{tmp_path}"]\n', "utf-8")
    monkeypatch.setenv("NEWSDESK_CONFIG", str(config))
    assert load_settings().reviewer == "Desk Red"  # sanitized: no escape reaches a terminal
    monkeypatch.setenv("NEWSDESK_CACHE_DIR", str(tmp_path / "cache"))
    assert main(["export", "--format", "claimreview", "--db", str(tmp_path / "db.json")]) == 0
    out = capsys.readouterr().out
    assert json.loads(out)[0]["author"]["name"] == "Desk Red"


def test_a_reviewer_that_is_not_a_name_is_one_line_naming_the_key(tmp_path, monkeypatch, capsys):
    config = tmp_path / "config.toml"
    config.write_text("reviewer = 7\n", "utf-8")
    monkeypatch.setenv("NEWSDESK_CONFIG", str(config))
    assert main(["config", "check"]) == 1
    assert capsys.readouterr().err.strip() == (
        f'newsdesk: {config}: reviewer must be a name, e.g. reviewer = "Jane Doe, Desk"')
