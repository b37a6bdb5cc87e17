"""`newsdesk analyze`: many articles into the cache over a pool, never twice; Ctrl-C
keeps what finished; batched analysis equals one article at a time."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui.cli import main
from tui.core.analysis import AnalysisCache, analyse_text, analyse_texts, choose_model
from tui.core.articles import load_paths
from tui.core.bulk import to_analyse
from tui.core.sentence_index import SentenceIndex

from .conftest import REPO, SEEDS_DIR


def cache_files(env_home: Path) -> list[Path]:
    folder = env_home / "cache" / "analysis"
    return sorted(folder.iterdir()) if folder.is_dir() else []


def test_analyze_caches_every_article_then_skips_them(capsys, isolated_newsdesk_env):
    assert main(["analyze", str(SEEDS_DIR), "--jobs", "2", "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert first["articles"] == 5 and first["analysed"] == 5 and first["cached"] == 0
    assert not first["failed"]
    assert len(cache_files(isolated_newsdesk_env)) == 5
    # Its sentences joined the corroboration index too: claims need not index them again.
    index = SentenceIndex(first["model"])
    assert len(index.known()) == 5 and index.total() > 100

    assert main(["analyze", str(SEEDS_DIR), "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["analysed"] == 0 and again["cached"] == 5


def test_analyze_fills_the_cache_the_app_and_show_read(capsys, isolated_newsdesk_env, seeds,
                                                       pipeline):
    nlp, choice = pipeline
    assert main(["analyze", str(SEEDS_DIR / seeds["002"].path.name), "--jobs", "1"]) == 0
    assert "1 analysed" in capsys.readouterr().err
    cached = AnalysisCache().get(seeds["002"].text_hash, choice.model_id)
    assert cached is not None
    direct = analyse_text(nlp, choice.model_id, seeds["002"].text, seeds["002"].text_hash)
    assert cached.to_dict() == direct.to_dict()


def test_one_pipe_over_many_articles_equals_one_at_a_time(pipeline, seeds):
    nlp, choice = pipeline
    items = [(a.text, a.text_hash) for a in seeds.values()]
    together = analyse_texts(nlp, choice.model_id, items)
    apart = [analyse_text(nlp, choice.model_id, text, key) for text, key in items]
    assert [a.to_dict() for a in together] == [a.to_dict() for a in apart]


def test_analyze_refuses_zero_jobs_and_nothing_to_analyse(capsys, tmp_path):
    assert main(["analyze", str(SEEDS_DIR), "--jobs", "0"]) == 1
    assert "--jobs" in capsys.readouterr().err
    assert main(["analyze", str(tmp_path / "missing")]) == 1
    err = capsys.readouterr().err
    assert "no article to analyse" in err and "Traceback" not in err


@pytest.mark.process
def test_ctrl_c_keeps_what_finished_and_ends_with_one_line(tmp_path, isolated_newsdesk_env):
    folder = tmp_path / "many"
    folder.mkdir()
    seed_text = (SEEDS_DIR / sorted(os.listdir(SEEDS_DIR))[2]).read_text("utf-8")
    for n in range(120):
        (folder / f"{n:03}.txt").write_text(f"Copy {n}\n{seed_text}", "utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    process = subprocess.Popen([sys.executable, "-m", "tui", "analyze", str(folder), "--jobs", "1"],
                               stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env,
                               cwd=REPO)
    deadline = time.monotonic() + 120
    while not cache_files(isolated_newsdesk_env):
        assert process.poll() is None, process.stderr.read()
        assert time.monotonic() < deadline, "no analysis finished in time"
        time.sleep(0.1)
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if "interrupted" in line]
    assert len(lines) == 1 and "kept in the cache" in lines[0]
    kept = len(cache_files(isolated_newsdesk_env))
    assert 0 < kept < 120

    # Plain progress lines, not a bar, when stderr is not a terminal.
    assert "newsdesk: analysed 0/120" in err
    # The next run analyses only what is not cached yet.
    articles = load_paths([folder]).articles
    assert len(to_analyse(articles, AnalysisCache(), choose_model().model_id)) == 120 - kept


def test_analyze_uses_the_model_the_app_would_and_says_when_it_is_missing(
        capsys, isolated_newsdesk_env, monkeypatch):
    monkeypatch.setenv("NEWSDESK_MODEL", "no_such_model_xyz")
    assert main(["analyze", str(SEEDS_DIR / sorted(os.listdir(SEEDS_DIR))[0]), "--json",
                 "--jobs", "1"]) == 0
    captured = capsys.readouterr()
    assert "no_such_model_xyz" in captured.err and "not installed" in captured.err
    assert json.loads(captured.out)["model"] == choose_model("no_such_model_xyz").model_id
