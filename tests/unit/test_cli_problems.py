"""Every command that reads article paths reports files that did not load the same way:
one `newsdesk: PATH: reason` line each, past ten files one summary line, and exit 1
with one more line when nothing loaded."""

from __future__ import annotations

import shutil

import pytest

from tui import cli_analyze
from tui.cli_problems import PROBLEM_LINES

from .test_cli import run, seed

COMMANDS = ("list", "stories", "quotes", "timeline")
NOTHING = {"list": "no articles to show", "stories": "no articles to group",
           "quotes": "no article to read quotations from",
           "timeline": "no article to put on a timeline", "analyze": "no article to analyse"}


@pytest.fixture
def in_process(shared_pipeline, monkeypatch):
    """Analyse with the session's model in this process, not over a worker pool."""
    monkeypatch.setattr(cli_analyze, "analyse_uncached", lambda articles, model: None)
    return shared_pipeline


def _folder(tmp_path, bad: int, good: bool = True):
    folder = tmp_path / "library"
    folder.mkdir()
    if good:
        shutil.copy(seed("001"), folder / "good.txt")
    for n in range(bad):
        (folder / f"empty-{n:02}.txt").write_bytes(b"")
    return folder


def _problem_lines(err: str, folder) -> list[str]:
    """The lines about the empty files (timeline also notes the undated good one)."""
    return [line for line in err.splitlines() if line.startswith(f"newsdesk: {folder / 'empty-'}")]


@pytest.mark.parametrize("command", COMMANDS)
def test_a_file_that_did_not_load_is_one_line_naming_it(command, in_process, tmp_path, capsys):
    folder = _folder(tmp_path, bad=1)
    code, out, err = run([command, "--json", str(folder)], capsys)
    assert code == 0 and out, err
    assert "Traceback" not in err
    (line,) = _problem_lines(err, folder)
    assert line.startswith(f"newsdesk: {folder / 'empty-00.txt'}: ")


def test_every_command_words_the_same_problem_the_same_way(in_process, tmp_path, capsys):
    folder = _folder(tmp_path, bad=2)
    lines = set()
    for command in COMMANDS:
        _code, _out, err = run([command, "--json", str(folder)], capsys)
        lines.add(tuple(_problem_lines(err, folder)))
    assert len(lines) == 1 and len(next(iter(lines))) == 2, lines


@pytest.mark.parametrize("command", COMMANDS)
def test_past_ten_files_one_summary_line_points_to_check(command, in_process, tmp_path, capsys):
    folder = _folder(tmp_path, bad=PROBLEM_LINES + 1)
    code, _out, err = run([command, "--json", str(folder)], capsys)
    assert code == 0
    assert _problem_lines(err, folder) == []
    assert (f"newsdesk: {PROBLEM_LINES + 1} files could not be read; newsdesk check PATH... "
            "lists them") in err.splitlines()


@pytest.mark.parametrize("command", (*COMMANDS, "analyze"))
def test_nothing_loadable_names_each_file_then_exits_1(command, tmp_path, capsys):
    folder = _folder(tmp_path, bad=2, good=False)
    code, out, err = run([command, str(folder)], capsys)
    assert (code, out) == (1, "")
    assert len(_problem_lines(err, folder)) == 2, err
    assert err.splitlines()[-1] == f"newsdesk: {NOTHING[command]}"
    assert "Traceback" not in err
