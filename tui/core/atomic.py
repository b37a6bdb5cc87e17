"""All-or-nothing file writes: a temp file beside the target, fsynced, renamed over it.

`atomic_write_text` replaces a file's content (callers resolve symlinks first, so the
rename lands beside the real file); `atomic_write_new` puts a new file at a name and
never writes through what is there (replacing it only when asked).
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable (best effort where directories cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write_text(path: Path, text: str, *, durable: bool = True,
                      keep_mode: bool = False) -> None:
    """Replace `path` with `text` so readers see the old file or the new one, never half.

    The temp file is named `.NAME.XXXXXXXX.tmp` in the same folder. `durable` fsyncs the
    file and the folder so the write survives a crash; `keep_mode` gives the new file the
    old one's permissions (or the umask's default) instead of the temp file's 0600.
    """
    mode = None
    if keep_mode:
        try:
            mode = path.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = _default_mode()
    with _temp_beside(path, text, durable=durable, mode=mode) as tmp:
        os.replace(tmp, path)
    if durable:
        fsync_dir(path.parent)


def _default_mode() -> int:
    """The permissions a new file gets from the umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextmanager
def _temp_beside(path: Path, text: str, *, durable: bool, mode: int | None) -> Iterator[str]:
    """A temp file `.NAME.XXXXXXXX.tmp` beside `path` holding `text` (fsynced when
    `durable`, given `mode` if not None) for the block to move into place; removed if
    the block fails."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        yield tmp
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def atomic_write_new(path: Path, text: str, *, replace: bool) -> None:
    """Put a new file holding `text` at `path`, complete or not at all, never writing through
    whatever is there.

    With `replace`, the rename replaces the entry at `path` itself: a symlink there is
    replaced by the file, its target is left alone. Without, FileExistsError if anything
    is at `path` at the moment the file is linked in (the kernel checks, so a file that
    appeared after the caller looked is not overwritten). The file gets a replaced regular
    file's permissions, else the umask's default. Always durable (file and folder fsynced).
    """
    try:
        info = os.lstat(path)
        mode = info.st_mode & 0o7777 if stat.S_ISREG(info.st_mode) else None
    except OSError:
        mode = None
    with _temp_beside(path, text, durable=True,
                      mode=_default_mode() if mode is None else mode) as tmp:
        if replace:
            os.replace(tmp, path)
        else:
            _link_new(tmp, path)
    fsync_dir(path.parent)


def _link_new(tmp: str, path: Path) -> None:
    """Move `tmp` to `path` only if nothing is there (FileExistsError otherwise)."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS):
            raise
        # No hard links on this file system: claim the name first, then rename over it.
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600))
        try:
            os.replace(tmp, path)
        except BaseException:
            os.unlink(path)  # the empty name just claimed, nobody else's file
            raise
        return
    os.unlink(tmp)


def atomic_write_many(files: list[tuple[Path, str]]) -> None:
    """Replace many files at once, each all-or-nothing, with one flush to disk for all.

    Every temp file is written first, then the whole file system is synced once, then
    each is renamed over its target and the folders are fsynced: a crash leaves every
    file old or new, never half, at a cost of one sync instead of one fsync per file
    (thousands of files: seconds instead of minutes).
    """
    temps: list[tuple[str, Path]] = []
    try:
        for path, text in files:
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            temps.append((tmp, path))
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        os.sync()
        for tmp, path in temps:
            os.replace(tmp, path)
    except BaseException:
        for tmp, _path in temps:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        raise
    for folder in {path.parent for _tmp, path in temps}:
        fsync_dir(folder)
