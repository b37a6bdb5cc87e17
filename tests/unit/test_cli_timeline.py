"""`newsdesk timeline PATH... [--json]`: the contract on the seeds and on bad input."""

from __future__ import annotations

import json
import shutil

import pytest

from tui import cli_analyze

from .conftest import SEEDS_DIR
from .test_cli import run, seed


@pytest.fixture
def in_process(shared_pipeline, monkeypatch):
    """Analyse with the session's model in this process, not over a worker pool."""
    monkeypatch.setattr(cli_analyze, "analyse_uncached", lambda articles, model: None)
    return shared_pipeline


def test_timeline_json_contract_on_the_seeds(in_process, capsys):
    code, out, err = run(["timeline", "--json", str(SEEDS_DIR)], capsys)
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"events", "conflicts"}
    assert data["events"], "the seeds date events"
    for event in data["events"]:
        assert set(event) == {"date", "what", "sources"} and event["what"]
        for source in event["sources"]:
            assert set(source) == {"uri", "sentence", "said", "how"}
            assert source["said"] in source["sentence"] and source["how"]
    dated = [e["date"] for e in data["events"] if not e["date"].startswith("--")]
    assert dated == sorted(dated, key=lambda d: d[:10])
    capture = next(e for e in data["events"] if e["date"] == "2025-01-09")
    assert {s["said"] for s in capture["sources"]} == {"January 9"}
    assert len({s["uri"] for s in capture["sources"]}) == 3
    sunday = next(e for e in data["events"] if e["date"] == "2025-01-12")
    assert sunday["sources"][0]["how"] == "Sunday before 2025-01-13 → 2025-01-12"
    (conflict,) = data["conflicts"]
    assert set(conflict) == {"what", "dates"}
    assert {d["date"] for d in conflict["dates"]} >= {"2025-01-05", "2025-01-09"}
    assert all(set(d) == {"date", "uri", "sentence", "said"} for d in conflict["dates"])
    # the four seeds without a date of their own say so, one line each
    lines = err.splitlines()
    assert len(lines) == 4, err
    assert all("no article date: relative dates not resolved" in line for line in lines)


def test_a_file_without_a_date_says_so_and_resolves_only_what_it_states(in_process, tmp_path, capsys):
    path = tmp_path / "undated.txt"
    path.write_text("Troops left the city on Sunday.\n\nThe treaty was signed on March 3, 2024.\n",
                    encoding="utf-8")
    code, out, err = run(["timeline", "--json", str(path)], capsys)
    assert code == 0
    assert err == f"newsdesk: {path}: no article date: relative dates not resolved (1)\n"
    events = json.loads(out)["events"]
    assert [(e["date"], [s["said"] for s in e["sources"]]) for e in events] == [
        ("2024-03-03", ["March 3, 2024"])]


def test_a_table_without_events_says_so(in_process, tmp_path, capsys):
    path = tmp_path / "undated.txt"
    path.write_text("Troops left the city on Sunday.\n", encoding="utf-8")
    code, out, _err = run(["timeline", str(path)], capsys)
    assert (code, out) == (0, "no dated event found\n")


def test_bad_input_is_one_line_and_exit_1(in_process, tmp_path, capsys):
    missing = tmp_path / "missing.txt"
    code, out, err = run(["timeline", str(missing)], capsys)
    assert (code, out) == (1, "")
    assert err.splitlines()[0].startswith(f"newsdesk: {missing}")
    assert err.splitlines()[-1] == "newsdesk: no article to put on a timeline"
    assert "Traceback" not in err


def test_timeline_table_marks_conflicts_and_shows_how(in_process, tmp_path, capsys):
    folder = tmp_path / "story"
    folder.mkdir()
    for number in ("000", "002"):
        shutil.copy(seed(number), folder)
    code, out, _err = run(["timeline", str(folder)], capsys)
    assert code == 0
    assert "2025-01-09 ⚠" in out and "Dated differently" in out
    assert "Sunday before" in out
