"""`newsdesk stories PATH... [--json]`: the contract on the seeds and on mixed folders."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tui.core.articles import load_paths

from .conftest import SEEDS_DIR
from .test_cli import run

REAL = Path(__file__).resolve().parents[3] / "shared" / "real" / "basil"
ETHERIDGE = "2010/rep-etheridge-apologizes-for-grabbing-a-young-man"
ARTICLE_KEYS = {"uri", "title", "source", "date"}


def _stories(argv, capsys) -> list[dict]:
    code, out, err = run(["stories", "--json", *argv], capsys)
    assert code == 0, err
    found = json.loads(out)
    for story in found:
        assert set(story) == {"id", "title", "articles"}
        assert story["title"] in {a["title"] for a in story["articles"]}
        for article in story["articles"]:
            assert set(article) == ARTICLE_KEYS
    return found


def test_the_seeds_are_one_story_with_every_seed_once(capsys, shared_pipeline):
    (story,) = _stories([str(SEEDS_DIR)], capsys)
    seeds = load_paths([SEEDS_DIR]).articles
    assert sorted(a["uri"] for a in story["articles"]) == sorted(a.uri for a in seeds)
    by_uri = {a.uri: a for a in seeds}
    for article in story["articles"]:
        seed = by_uri[article["uri"]]
        assert (article["title"], article["source"], article["date"]) == (
            seed.title, seed.source, seed.date)
    assert len(story["id"]) == 12 and int(story["id"], 16) >= 0
    again = _stories([str(SEEDS_DIR)], capsys)  # the same id run after run
    assert again[0]["id"] == story["id"]


def test_an_unrelated_article_is_a_story_of_its_own(tmp_path, capsys, shared_pipeline):
    folder = tmp_path / "lib"
    shutil.copytree(SEEDS_DIR, folder)
    (folder / "bridge.md").write_text(
        "---\ntitle: Council reopens the Elm Street bridge\ndate: 2024-03-02\n---\n"
        "The city council reopened the Elm Street bridge on Saturday after eight months of "
        "repairs costing $2.4 million.\nMayor Ana Ruiz said traffic would return to normal "
        "by Monday.\n", encoding="utf-8")
    found = _stories([str(folder)], capsys)
    assert sorted(len(s["articles"]) for s in found) == [1, 5]
    (alone,) = [s for s in found if len(s["articles"]) == 1]
    assert alone["title"] == "Council reopens the Elm Street bridge"


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real/basil is absent")
def test_a_folder_mixing_two_events_gives_two_stories(tmp_path, capsys, shared_pipeline):
    folder = tmp_path / "mixed"
    shutil.copytree(SEEDS_DIR, folder / "seeds")
    shutil.copytree(REAL / ETHERIDGE, folder / "etheridge")
    found = _stories([str(folder)], capsys)
    groups = sorted(sorted(Path(a["uri"]).parent.name for a in s["articles"]) for s in found)
    assert groups == [["etheridge"] * 3, ["seeds"] * 5]
    code, out, _err = run(["stories", str(folder)], capsys)  # the table
    assert code == 0 and "3 articles" in out and "5 articles" in out


def test_a_missing_path_is_one_line_on_stderr(tmp_path, capsys):
    code, out, err = run(["stories", str(tmp_path / "nothing.md")], capsys)
    assert code == 1 and out == ""
    lines = err.strip().splitlines()
    assert lines[0].startswith("newsdesk: ") and "nothing.md" in lines[0]
    assert "Traceback" not in err
