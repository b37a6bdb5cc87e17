"""Writes only go to regular files: the database and `export -o`.

A symlink is written through (the link stays a link, the file it names is
updated, the temp file and the lock sit beside that file); a directory, a
device, a FIFO or a socket is refused with one line, before anything is
created, read or written. Devices and FIFOs are made inside tmp_path only:
no test ever points a write at a real device.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import stat
import subprocess
import sys
import threading
import types
from pathlib import Path

import pytest
from filelock import FileLock

from tui.cli import open_store
from tui.core.anchoring import make_selector
from tui.core.config import load_settings
from tui.core.export import write_export
from tui.core.paths import NotWritable, write_target
from tui.core.store import LockBusy, Store, StoreError

from ..store_files import stored_rows
from .conftest import REPO
from .test_cli_claims import one_error_line as one_line
from .test_cli_claims import run

TEXT = "The ferry sank at dawn. Forty people were rescued. The captain was arrested."
URI = "file:///articles/ferry.txt"
DB_ADVICE = "choose another with --db or NEWSDESK_DB"


# --------------------------------------------------------------------------- helpers


def make_fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def make_char_device(path: Path) -> Path:
    """A character device node inside tmp_path (the same numbers as a null device)."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 3))
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot make a device node here ({exc})")
    return path


def make_socket(path: Path) -> Path:
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(path))
    except OSError as exc:
        pytest.skip(f"cannot bind a unix socket here ({exc})")
    finally:
        sock.close()
    return path


def kind_of(path: Path) -> str:
    mode = os.lstat(path).st_mode
    return next(name for test, name in ((stat.S_ISLNK, "link"), (stat.S_ISFIFO, "fifo"),
                                        (stat.S_ISCHR, "chardev"), (stat.S_ISDIR, "dir"),
                                        (stat.S_ISSOCK, "socket"), (stat.S_ISREG, "file"))
                if test(mode))


def within(seconds: float, fn):
    """fn() in a thread; fail (not hang) if it has not returned in time."""
    outcome: dict = {}

    def run():
        try:
            outcome["value"] = fn()
        except BaseException as exc:  # handed back to the test
            outcome["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "blocked: the path was opened instead of checked"
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]




def newsdesk(*argv, env_db: Path, timeout: float = 60) -> subprocess.CompletedProcess:
    """A real newsdesk process on `env_db` (killed after `timeout`: a hang fails the test)."""
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NEWSDESK_MODEL")}
    env["NEWSDESK_DB"] = str(env_db)
    return subprocess.run([sys.executable, "-m", "tui", *map(str, argv)], capture_output=True,
                          text=True, encoding="utf-8", env=env, cwd=REPO, timeout=timeout)


def tag(store: Store, start: int = 0, end: int = 23, status: str = "false"):
    return store.tag_claim(URI, make_selector(TEXT, start, end), status=status)


def stored(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))


# --------------------------------------------------------------------------- write_target


def test_write_target_follows_symlinks_to_the_file_they_name(tmp_path):
    real = tmp_path / "data" / "real.json"
    real.parent.mkdir()
    real.write_text("{}")
    (tmp_path / "relative").symlink_to("data/real.json")
    (tmp_path / "absolute").symlink_to(real)
    (tmp_path / "chain").symlink_to("relative")
    assert write_target(real) == real
    for name in ("relative", "absolute", "chain"):
        assert os.path.samefile(write_target(tmp_path / name), real)
        assert kind_of(write_target(tmp_path / name)) == "file"
    assert write_target(tmp_path / "new.json") == tmp_path / "new.json"
    (tmp_path / "dangling").symlink_to("later/made.json")
    assert write_target(tmp_path / "dangling") == tmp_path / "later" / "made.json"


@pytest.mark.parametrize("kind", ["fifo", "chardev", "dir", "socket", "fifo via link"])
def test_write_target_refuses_what_is_not_a_regular_file_without_opening_it(tmp_path, kind):
    target = tmp_path / "thing"
    {"fifo": make_fifo, "fifo via link": make_fifo, "chardev": make_char_device,
     "dir": Path.mkdir, "socket": make_socket}[kind](target)
    given = target
    if kind == "fifo via link":
        given = tmp_path / "link"
        given.symlink_to(target)
    with pytest.raises(NotWritable) as caught:
        within(5, lambda: write_target(given, DB_ADVICE))
    message = str(caught.value)
    named = {"fifo": "a FIFO", "fifo via link": "a FIFO", "chardev": "a character device",
             "dir": "a directory", "socket": "a socket"}[kind]
    assert message.startswith(f"{given}: ") and "\n" not in message
    assert f"{named}, not a regular file; {DB_ADVICE}" in message
    if given != target:
        assert f"a symlink to {target}" in message


def test_write_target_refuses_a_symlink_loop_and_a_file_used_as_a_folder(tmp_path):
    (tmp_path / "a").symlink_to("b")
    (tmp_path / "b").symlink_to("a")
    with pytest.raises(NotWritable, match="too many levels of symlinks"):
        write_target(tmp_path / "a")
    (tmp_path / "plain").write_text("x")
    with pytest.raises(NotWritable, match="a file where a folder should be"):
        write_target(tmp_path / "plain" / "db.json")


def test_file_names_in_the_message_are_sanitized(tmp_path):
    hostile = tmp_path / "evil\x1b]0;owned\x07\x1b[2J.json"
    os.mkfifo(hostile)
    with pytest.raises(NotWritable) as caught:
        write_target(hostile)
    assert "\x1b" not in str(caught.value) and "\x07" not in str(caught.value)


# --------------------------------------------------------------------------- the database


@pytest.mark.parametrize("write", ["tag", "read state"])
def test_a_symlinked_database_is_written_through_and_stays_a_link(tmp_path, write):
    real = tmp_path / "sync" / "newsdesk.json"
    real.parent.mkdir()
    link = tmp_path / "home" / "newsdesk.json"
    link.parent.mkdir()
    link.symlink_to(real)
    store = Store(link)
    assert store.path == link  # messages name the database as the user gave it
    if write == "tag":
        claim = tag(store)
        assert [r["id"] for r in stored_rows(real)] == [claim.id]
    else:
        store.set_read(URI)
        assert [r["uri"] for r in stored(real)["articles"].values()] == [URI]
    assert kind_of(link) == "link" and os.readlink(link) == str(real)
    assert sorted(p.name for p in link.parent.iterdir()) == ["newsdesk.json"]  # no lock, no temp
    assert sorted(p.name for p in real.parent.iterdir()) == [
        "newsdesk.json", *(["newsdesk.json.claims"] if write == "tag" else []),
        "newsdesk.json.lock"]
    assert Store(real).read_uris() == ({URI} if write == "read state" else set())


def test_two_links_to_one_database_share_one_lock(tmp_path):
    real = tmp_path / "real.json"
    Store(real)
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "newsdesk.json").symlink_to(real)
    first, second = Store(tmp_path / "a" / "newsdesk.json"), Store(tmp_path / "b" / "newsdesk.json")
    with FileLock(str(real) + ".lock"):  # what a process writing through either link holds
        for store in (first, second):
            with store.lock_wait(0.2), pytest.raises(LockBusy):
                store.set_read(URI)
    tag(first)
    tag(second, 24, 50, "verified")
    assert len(stored_rows(real)) == 2


def test_a_dangling_symlink_database_creates_its_target(tmp_path):
    link = tmp_path / "newsdesk.json"
    link.symlink_to("elsewhere/real.json")
    tag(Store(link))
    assert kind_of(link) == "link"
    assert len(stored_rows(tmp_path / "elsewhere" / "real.json")) == 1


@pytest.mark.process
def test_a_fifo_database_is_refused_without_hanging(tmp_path):
    fifo = make_fifo(tmp_path / "newsdesk.json")
    code = ("import sys\nfrom tui.core.store import Store, StoreError\ntry:\n"
            "    Store(sys.argv[1])\nexcept StoreError as exc:\n    print(exc)\n")
    done = subprocess.run([sys.executable, "-c", code, str(fifo)], capture_output=True,
                          text=True, cwd=REPO, timeout=30)
    assert done.stdout == f"{fifo}: is a FIFO, not a regular file; {DB_ADVICE}\n", done.stderr
    assert kind_of(fifo) == "fifo"
    assert [p.name for p in tmp_path.iterdir()] == ["newsdesk.json"]  # no lock, no temp file


@pytest.mark.parametrize("kind", ["chardev", "dir", "chardev via link"])
def test_a_device_or_folder_database_is_refused_and_nothing_is_made(tmp_path, kind):
    target = tmp_path / "thing"
    make_char_device(target) if kind.startswith("chardev") else target.mkdir()
    db = target
    if kind == "chardev via link":
        db = tmp_path / "newsdesk.json"
        db.symlink_to(target)
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(StoreError) as caught:
        Store(db)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"{db}: ")
    assert ("a character device" if kind.startswith("chardev") else "a directory") in message
    assert message.endswith(f"not a regular file; {DB_ADVICE}")
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert kind_of(target) == ("chardev" if kind.startswith("chardev") else "dir")


def test_the_command_line_on_a_fifo_database_says_so_in_one_line(tmp_path):
    fifo = make_fifo(tmp_path / "newsdesk.json")
    done = newsdesk("claims", "--json", env_db=fifo, timeout=60)
    assert (done.returncode, done.stdout) == (1, "")
    assert one_line(done.stderr) == f"newsdesk: {fifo}: is a FIFO, not a regular file; {DB_ADVICE}"
    assert kind_of(fifo) == "fifo"


def test_launching_the_app_on_a_device_database_is_one_line_and_no_app(tmp_path, capsys,
                                                                         monkeypatch):
    launched = []

    class FakeApp:
        def __init__(self, articles, **kwargs):
            launched.append(kwargs)
            self.return_code = 0

        def run(self):
            pass

    monkeypatch.setitem(sys.modules, "tui.app", types.SimpleNamespace(NewsdeskApp=FakeApp))
    device = make_char_device(tmp_path / "dev")
    code, out, err = run(["--db", device], capsys)
    assert (code, out, launched) == (1, "", [])
    assert one_line(err) == (f"newsdesk: {device}: is a character device, not a regular file; "
                             f"{DB_ADVICE}")
    assert kind_of(device) == "chardev"


def test_reset_db_moves_a_linked_damaged_file_aside_and_keeps_the_link(tmp_path, capsys):
    real = tmp_path / "real.json"
    real.write_bytes(b"{not json")
    link = tmp_path / "newsdesk.json"
    link.symlink_to(real)
    settings = load_settings(db=str(link))
    store = open_store(argparse.Namespace(reset_db=True), settings)
    (backup,) = tmp_path.glob("real.json.damaged-*")
    assert backup.read_bytes() == b"{not json"
    assert kind_of(link) == "link"
    tag(store)
    assert len(stored_rows(real)) == 1
    assert str(backup) in one_line(capsys.readouterr().err)


# --------------------------------------------------------------------------- export -o


@pytest.mark.parametrize("kind", ["fifo", "chardev", "dir", "fifo via link"])
def test_export_refuses_a_target_that_is_not_a_regular_file(tmp_path, capsys, kind):
    target = tmp_path / "out"
    {"fifo": make_fifo, "fifo via link": make_fifo, "chardev": make_char_device,
     "dir": Path.mkdir}[kind](target)
    output = target
    if kind == "fifo via link":
        output = tmp_path / "report.json"
        output.symlink_to(target)
    before = sorted(p.name for p in tmp_path.iterdir())
    code, out, err = within(60, lambda: run(["export", "--format", "json", "-o", output], capsys))
    assert (code, out) == (1, "")
    line = one_line(err)
    assert line.startswith(f"newsdesk: {output}: ") and "not a regular file" in line
    assert line.endswith("choose another file with -o (or -o - for stdout)")
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert kind_of(target) == kind.split()[0]


def test_write_export_itself_refuses_a_fifo(tmp_path):
    fifo = make_fifo(tmp_path / "out.json")
    with pytest.raises(NotWritable, match="is a FIFO"):
        within(5, lambda: write_export("{}\n", fifo))
    assert kind_of(fifo) == "fifo" and [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_export_dash_o_dash_writes_to_stdout(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, plain, err = run(["export", "--format", "json"], capsys)
    assert (code, err) == (0, "")
    code, dashed, err = run(["export", "--format", "json", "-o", "-"], capsys)
    assert (code, err) == (0, "")
    assert json.loads(dashed)["claims"] == [] and set(json.loads(dashed)) == set(json.loads(plain))
    assert list(tmp_path.iterdir()) == []  # no file named "-"


def test_export_through_a_symlink_updates_its_target_and_keeps_the_link(tmp_path, capsys):
    real = tmp_path / "reports" / "claims.json"
    real.parent.mkdir()
    real.write_text("old\n")
    os.chmod(real, 0o640)
    link = tmp_path / "latest.json"
    link.symlink_to("reports/claims.json")
    code, out, err = run(["export", "--format", "json", "-o", link], capsys)
    assert (code, out) == (0, "")
    assert err == f"newsdesk: wrote 0 annotation(s) to {link}\n"
    assert kind_of(link) == "link" and os.readlink(link) == "reports/claims.json"
    assert json.loads(real.read_text("utf-8"))["claims"] == []
    assert oct(real.stat().st_mode & 0o777) == oct(0o640)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["latest.json", "reports"]
    assert [p.name for p in real.parent.iterdir()] == ["claims.json"]  # no temp file left


def test_export_is_refused_before_the_database_is_touched(tmp_path, capsys, monkeypatch):
    db = tmp_path / "newsdesk.json"
    db.write_bytes(b"{damaged")
    monkeypatch.setenv("NEWSDESK_DB", str(db))
    fifo = make_fifo(tmp_path / "out.json")
    code, out, err = run(["export", "--format", "json", "-o", fifo, "--reset-db"], capsys)
    assert (code, out) == (1, "")
    assert "is a FIFO" in one_line(err)
    assert db.read_bytes() == b"{damaged"  # not moved aside by --reset-db
    assert sorted(p.name for p in tmp_path.iterdir()) == ["newsdesk.json", "out.json"]
