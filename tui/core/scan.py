"""Finding the article files in a folder, without leaving it and without running forever.

A scan follows a symlinked folder only when its real path is inside the
folder being scanned (the root, itself resolved), and enters each folder once
by device and inode, so a link back up the tree is not a loop and a link to
``/`` or ``~`` is one note ("links to a folder outside …; not followed"), not
a walk of the whole disk. Symlinked *files* are followed wherever they point:
whoever put the link there asked for that file, reading it is one bounded read
of a regular file (devices, FIFOs and oversized files are refused when read),
and the article shows its real path.

Folders that cannot be read are one problem each (``os.walk``'s onerror).
Hidden entries (a leading dot) are skipped. A scan stops after `budget`
article files, shared by every path of one load, or after
`ENTRIES_PER_FILE` times as many directory entries of any kind (a folder of a
million pictures is no faster to list than a million articles); either stop is
one problem saying how to raise the limit.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MAX_FILES = 20_000
ENTRIES_PER_FILE = 10

Report = Callable[[str, str, bool], None]  # (path, reason, fatal)


@dataclass
class ScanBudget:
    """How many more files one load may still take, shared by its paths."""

    max_files: int = DEFAULT_MAX_FILES
    files: int = 0
    entries: int = 0
    exhausted: bool = False

    def take_file(self) -> bool:
        if self.files >= self.max_files:
            self.exhausted = True
            return False
        self.files += 1
        return True

    def take_entries(self, count: int) -> bool:
        self.entries += count
        if self.entries > self.max_files * ENTRIES_PER_FILE:
            self.exhausted = True
        return not self.exhausted


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def limit_message(budget: ScanBudget, what: str) -> str:
    """The one line saying a scan stopped, and how to let it go further."""
    from .paths import config_path  # late: paths imports the loaders

    return (f"stopped after {what} (the limit is max_files = {budget.max_files}); "
            f"set max_files in {config_path()} to load more")


def walk_folder(folder: Path, suffixes: tuple[str, ...], budget: ScanBudget,
                report: Report) -> Iterator[Path]:
    """Article files below `folder` (names ending in `suffixes`), sorted, within `budget`."""
    from .articles import display_path

    root_real = os.path.realpath(folder)
    seen: set[tuple[int, int]] = set()

    def unreadable(exc: OSError) -> None:
        where = exc.filename if exc.filename is not None else folder
        report(display_path(where), f"folder could not be read ({exc.strerror or exc})", True)

    for root, dirs, files in os.walk(folder, onerror=unreadable, followlinks=True):
        try:
            info = os.stat(root)
        except OSError as exc:
            unreadable(exc)
            dirs[:] = []
            continue
        if (info.st_dev, info.st_ino) in seen:
            dirs[:] = []
            continue
        seen.add((info.st_dev, info.st_ino))
        if not budget.take_entries(len(dirs) + len(files)):
            report(display_path(root), limit_message(
                budget, f"looking at {budget.max_files * ENTRIES_PER_FILE:,} folder entries"), True)
            return
        kept = []
        for name in sorted(dirs):
            if name.startswith("."):
                continue
            path = os.path.join(root, name)
            if os.path.islink(path) and not _inside(os.path.realpath(path), root_real):
                report(display_path(path), f"links to a folder outside {display_path(folder)}; "
                       "not followed", False)
                continue
            kept.append(name)
        dirs[:] = kept
        base = Path(root)
        for name in sorted(files):
            # os.path, not a Path per name: a folder of 10,000 articles is walked at every start.
            if name.startswith(".") or os.path.splitext(name)[1].lower() not in suffixes:
                continue
            if not budget.take_file():
                report(display_path(root), limit_message(budget, f"{budget.max_files:,} files"), True)
                return
            yield base / name
