"""Folder scans: they stay inside the folder, say what they could not read, and stop.

Every hostile folder is built inside tmp_path; the link to / is created there
too, and only read through. The tests that would walk outside tmp_path if a
protection broke set a small max_files, so a broken scan stops at once and fails
on the count instead of walking the disk.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tui.core import scan
from tui.core.articles import DEFAULT_MAX_FILES, load_paths
from tui.core.config import ConfigError, load_settings

SMALL_LIMIT = 25


def article(path: Path, title: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{title}\n\nBody of {title}.\n", "utf-8")
    return path


def test_symlink_to_root_is_not_followed(tmp_path):
    # Protection: walk_folder follows a linked folder only when it resolves inside the root.
    library = tmp_path / "library"
    article(library / "a.txt", "Alpha")
    os.symlink("/", library / "everything")
    started = time.perf_counter()
    result = load_paths([library], max_files=SMALL_LIMIT)
    assert time.perf_counter() - started < 5.0
    assert [a.title for a in result.articles] == ["Alpha"]
    (note,) = result.problems
    assert not note.fatal
    assert note.path.endswith("everything")
    assert note.reason == f"links to a folder outside {library}; not followed"


def test_symlink_to_a_sibling_outside_the_folder_is_not_followed(tmp_path):
    article(tmp_path / "private" / "secret.txt", "Secret")
    library = tmp_path / "library"
    article(library / "a.txt", "Alpha")
    os.symlink("../private", library / "up")
    result = load_paths([library], max_files=SMALL_LIMIT)
    assert [a.title for a in result.articles] == ["Alpha"]
    assert "not followed" in result.problems[0].reason


def test_symlinked_folder_inside_the_folder_is_followed_once(tmp_path):
    library = tmp_path / "library"
    article(library / "2024" / "b.txt", "Beta")
    os.symlink("2024", library / "latest")
    os.symlink("..", library / "2024" / "loop")
    result = load_paths([library], max_files=SMALL_LIMIT)
    assert [a.title for a in result.articles] == ["Beta"]
    assert result.problems == []


def test_symlinked_file_pointing_outside_is_followed(tmp_path):
    # Decision: a link to a file is followed wherever it points (one bounded read).
    outside = article(tmp_path / "elsewhere" / "wire.txt", "Wire copy")
    library = tmp_path / "library"
    library.mkdir()
    os.symlink(outside, library / "wire.txt")
    result = load_paths([library])
    assert [a.title for a in result.articles] == ["Wire copy"]
    assert result.articles[0].uri == outside.resolve().as_uri()


def refuse_listing(monkeypatch, ends_with: str) -> None:
    """Make os.walk's listing of folders whose path ends with `ends_with` fail as EACCES.

    Tests run as root, who can read any folder, so the refusal is simulated.
    """
    real_scandir = os.scandir

    def scandir(path="."):
        if os.fspath(path).endswith(ends_with):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)


def test_unreadable_subfolder_is_one_problem(tmp_path, monkeypatch):
    # Protection: os.walk(onerror=...); without it the folder is skipped in silence.
    library = tmp_path / "library"
    article(library / "a.txt", "Alpha")
    article(library / "locked" / "b.txt", "Beta")
    article(library / "open" / "c.txt", "Gamma")
    refuse_listing(monkeypatch, "locked")
    result = load_paths([library])
    assert [a.title for a in result.articles] == ["Alpha", "Gamma"]
    (problem,) = result.problems
    assert problem.fatal
    assert str(problem) == f"{library / 'locked'}: folder could not be read (Permission denied)"


def test_unreadable_folder_given_is_one_problem_not_two(tmp_path, monkeypatch):
    library = tmp_path / "library"
    article(library / "a.txt", "Alpha")
    refuse_listing(monkeypatch, "library")
    result = load_paths([library])
    assert result.articles == []
    assert [p.reason for p in result.problems] == ["folder could not be read (Permission denied)"]


def test_scan_stops_at_max_files_with_one_line(tmp_path, monkeypatch):
    # Protection: ScanBudget.take_file.
    monkeypatch.setenv("NEWSDESK_CONFIG", str(tmp_path / "config.toml"))
    library = tmp_path / "library"
    for n in range(12):
        article(library / f"{n:02}.txt", f"Story {n}")
    result = load_paths([library, tmp_path / "never-read.txt"], max_files=5)
    assert [a.title for a in result.articles] == [f"Story {n}" for n in range(5)]
    (problem,) = result.problems
    assert problem.fatal
    assert problem.reason == ("stopped after 5 files (the limit is max_files = 5); "
                              f"set max_files in {tmp_path / 'config.toml'} to load more")


def test_max_files_is_shared_by_every_path_of_a_load(tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    for n in range(3):
        article(first / f"{n}.txt", f"One {n}")
        article(second / f"{n}.txt", f"Two {n}")
    single = article(tmp_path / "single.txt", "Single")
    result = load_paths([first, single, second], max_files=5)
    assert [a.title for a in result.articles] == ["One 0", "One 1", "One 2", "Single", "Two 0"]
    assert len(result.problems) == 1 and "stopped after 5 files" in result.problems[0].reason


def test_scan_stops_after_many_entries_that_are_not_articles(tmp_path):
    # Protection: the entry budget (a folder of pictures costs as much to list).
    library = tmp_path / "library"
    library.mkdir()
    for n in range(scan.ENTRIES_PER_FILE * 3 + 1):
        (library / f"{n}.jpg").write_bytes(b"\xff\xd8")
    result = load_paths([library], max_files=3)
    assert result.articles == []
    (problem,) = result.problems
    assert problem.reason.startswith("stopped after looking at 30 folder entries")


def test_default_limit_is_generous():
    assert DEFAULT_MAX_FILES == 20_000
    assert scan.ScanBudget().max_files == DEFAULT_MAX_FILES


# --------------------------------------------------------------------------- the setting


def write_config(text: str) -> Path:
    path = Path(os.environ["NEWSDESK_CONFIG"])
    path.write_text(text, "utf-8")
    return path


def test_max_files_setting_defaults_and_reads_the_config():
    assert load_settings().max_files == DEFAULT_MAX_FILES
    write_config("max_files = 50000\n")
    assert load_settings().max_files == 50_000


def test_load_paths_uses_the_setting_when_not_given_a_limit(tmp_path):
    write_config("max_files = 2\n")
    for n in range(4):
        article(tmp_path / "library" / f"{n}.txt", f"Story {n}")
    result = load_paths([tmp_path / "library"])
    assert len(result.articles) == 2
    assert "max_files = 2" in result.problems[0].reason
    assert len(load_paths([tmp_path / "library"], max_files=3).articles) == 3


def test_a_broken_config_means_the_default_limit_while_loading(tmp_path):
    write_config("max_files = [\n")
    article(tmp_path / "library" / "a.txt", "Alpha")
    assert [a.title for a in load_paths([tmp_path / "library"]).articles] == ["Alpha"]


@pytest.mark.parametrize("value", ["0", "-3", '"many"', "true", "2.5"])
def test_max_files_setting_must_be_a_positive_whole_number(value):
    path = write_config(f"max_files = {value}\n")
    with pytest.raises(ConfigError) as raised:
        load_settings()
    assert str(raised.value).startswith(f"{path}: max_files must be a whole number of files")
