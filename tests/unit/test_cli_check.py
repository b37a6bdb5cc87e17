"""`newsdesk check`: the load problems as a list on stdout, a summary on stderr, exit 1 / 0."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from tui.cli import COMMANDS
from tui.core import articles as articles_module
from tui.core.articles import LoadProblem, LoadResult
from tui.core.problems import ProblemCounts, summary

from .conftest import SEEDS_DIR
from .test_cli import run as run_cli

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]")
GOOD_SEED = "001_b68cc49679f9b57c.txt"
CP1252 = b"Caf\xe9 owners protest\n\nThe caf\xe9 closed on Monday.\n"


def run(argv, capsys):
    code, out, err = run_cli(argv, capsys)
    assert "Traceback" not in out + err
    return code, out, err


@pytest.fixture
def good(tmp_path):
    path = tmp_path / GOOD_SEED
    shutil.copy(SEEDS_DIR / GOOD_SEED, path)
    return path


@pytest.fixture
def empty(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    return path


@pytest.fixture
def noted(tmp_path):
    path = tmp_path / "cafe.txt"
    path.write_bytes(CP1252)
    return path


def test_check_is_a_listed_command(capsys):
    assert "check" in COMMANDS
    code, out, _err = run(["--help"], capsys)
    assert code == 0 and "check" in out


def test_all_good_exits_0_and_prints_no_problem(good, capsys):
    code, out, err = run(["check", str(good)], capsys)
    assert code == 0
    assert out == ""
    assert err == "newsdesk: 1 article loaded, no problems\n"


def test_a_bad_file_exits_1_with_its_line(good, empty, capsys):
    code, out, err = run(["check", str(good), str(empty)], capsys)
    assert code == 1
    assert out == f"{empty}: empty file\n"
    assert err == "newsdesk: 1 article loaded; 1 file could not be read\n"


def test_only_notes_exit_0_and_are_marked(good, noted, capsys):
    code, out, err = run(["check", str(good), str(noted)], capsys)
    assert code == 0
    assert out == f"{noted}: note: not valid UTF-8 (byte 3); decoded as cp1252\n"
    assert "2 articles loaded; 1 file loaded with a note" in err


def test_folder_lists_failures_first_then_notes(tmp_path, capsys):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "a-cafe.txt").write_bytes(CP1252)
    (folder / "b-empty.txt").write_bytes(b"")
    (folder / "c-binary.txt").write_bytes(b"\x00\x01\x02" * 50)
    code, out, err = run(["check", str(folder)], capsys)
    assert code == 1
    lines = out.splitlines()
    assert lines == [f"{folder}/b-empty.txt: empty file",
                     f"{folder}/c-binary.txt: binary file (contains NUL bytes), not an article",
                     f"{folder}/a-cafe.txt: note: not valid UTF-8 (byte 3); decoded as cp1252"]
    assert "2 files could not be read and 1 loaded with a note" in err


def test_json_lists_path_reason_fatal(good, empty, noted, capsys):
    code, out, err = run(["check", str(good), str(empty), str(noted), "--json"], capsys)
    assert code == 1
    assert json.loads(out) == [
        {"path": str(empty), "reason": "empty file", "fatal": True},
        {"path": str(noted), "reason": "not valid UTF-8 (byte 3); decoded as cp1252",
         "fatal": False},
    ]
    assert err.startswith("newsdesk: ")  # the summary stays off stdout


def test_json_of_a_clean_library_is_an_empty_list(good, capsys):
    code, out, _err = run(["check", "--json", str(good)], capsys)
    assert code == 0 and json.loads(out) == []


def test_nonexistent_path_is_a_problem_line_not_a_traceback(tmp_path, capsys):
    missing = tmp_path / "nowhere.txt"
    code, out, err = run(["check", str(missing)], capsys)
    assert code == 1
    assert out == f"{missing}: no such file\n"
    assert "0 articles loaded; 1 file could not be read" in err


def test_a_path_given_twice_is_listed_once(empty, capsys):
    code, out, _err = run(["check", str(empty), str(empty)], capsys)
    assert code == 1 and out.splitlines() == [f"{empty}: empty file"]


def test_no_path_is_bad_usage(capsys):
    code, out, err = run(["check"], capsys)
    assert code == 1 and out == ""
    assert len(err.splitlines()) == 1 and err.startswith("newsdesk: error:")


def test_hostile_names_print_without_control_characters(tmp_path, capsys):
    evil = tmp_path / "evil\x1b]0;x\x07.txt"
    evil.write_bytes(b"")
    code, out, _err = run(["check", str(evil)], capsys)
    assert code == 1
    assert out == f"{tmp_path}/evil.txt: empty file\n"


def test_check_sanitizes_problems_it_did_not_make(monkeypatch, capsys):
    """Even a problem built without the loader's sanitizing prints clean, as line and JSON."""
    raw = LoadResult(problems=[LoadProblem("raw\x1b[2J\u202ename.txt", "odd\x07 reason\x9b31m")])
    monkeypatch.setattr(articles_module, "load_paths", lambda paths: raw)
    for flags in ([], ["--json"]):
        code, out, err = run(["check", "x", *flags], capsys)
        assert code == 1
        assert not CONTROL.search(out + err), repr(out + err)
        assert "rawname.txt" in out and "odd reason" in out


def test_summary_wording():
    assert summary(ProblemCounts(failed=2000, noted=3)) == (
        "2,000 files could not be read and 3 loaded with a note")
    assert summary(ProblemCounts(failed=1, noted=0)) == "1 file could not be read"
    assert summary(ProblemCounts(failed=0, noted=1)) == "1 file loaded with a note"
    assert summary(ProblemCounts(failed=0, noted=0)) == ""
