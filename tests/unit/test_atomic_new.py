"""New files that never replace what is at their name unasked (the palette exports).

`atomic_write_new` without `replace` refuses anything at the name — a file, a
symlink, a dangling symlink — at the moment it links the file in; with
`replace` it replaces the entry itself, so a symlink's target is never touched.
"""

from __future__ import annotations

import errno
import os
import stat

import pytest

from tui.core import atomic as atomic_module
from tui.core.atomic import atomic_write_new


def is_regular(path) -> bool:
    return stat.S_ISREG(os.lstat(path).st_mode)


@pytest.mark.parametrize("hard_links", [True, False], ids=["link", "no-hard-links"])
def test_a_new_file_never_replaces_what_appeared_at_its_name(tmp_path, monkeypatch, hard_links):
    if not hard_links:  # a file system without hard links: claim the name, then rename
        def refuse(*args, **kwargs):
            raise OSError(errno.EPERM, "Operation not permitted")
        monkeypatch.setattr(atomic_module.os, "link", refuse)
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"keep\n")
    (tmp_path / "file").write_bytes(b"mine\n")
    (tmp_path / "link").symlink_to(victim)
    (tmp_path / "dangling").symlink_to(tmp_path / "made.txt")
    for name in ("file", "link", "dangling"):
        with pytest.raises(FileExistsError):
            atomic_write_new(tmp_path / name, "new\n", replace=False)
    assert (tmp_path / "file").read_bytes() == b"mine\n" and victim.read_bytes() == b"keep\n"
    assert not (tmp_path / "made.txt").exists()
    atomic_write_new(tmp_path / "fresh.txt", "new\n", replace=False)
    assert (tmp_path / "fresh.txt").read_text() == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "dangling", "file", "fresh.txt", "link", "victim.txt"]  # no temp file left


def test_replacing_a_symlink_replaces_the_link_not_its_target(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"keep\n")
    link = tmp_path / "report.json"
    link.symlink_to(victim)
    atomic_write_new(link, "new\n", replace=True)
    assert is_regular(link) and link.read_text() == "new\n"
    assert victim.read_bytes() == b"keep\n"
