"""The only place that writes files: atomic replacement and the workspace lock.

Every write goes to a temporary file in the target's folder, is flushed and fsynced, gets
the mode of the file it replaces, and is moved over it with ``os.replace``: a reader (or a
process killed half-way) sees either the old or the new file, never a mix.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

LOCK_NAME = ".l10n.lock"
DEFAULT_MODE = 0o644


class ChangedMeanwhile(Exception):
    """The file no longer holds what the writer expected to replace."""


_ANY = object()


def atomic_write(path: Path, data: bytes, expect: bytes | None | object = _ANY) -> None:
    """Replace ``path`` with ``data`` atomically, keeping the existing file's mode.

    With ``expect`` (the bytes the caller read, or None for "no file"), the replace happens
    only if the file still holds exactly that, checked at the last moment; otherwise
    ``ChangedMeanwhile`` is raised and nothing is changed.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = DEFAULT_MODE & ~umask
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        if expect is not _ANY and _current(path) != expect:
            raise ChangedMeanwhile(str(path))
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)


def _current(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` unless the file already holds exactly it (mtime stays). True if written."""
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    atomic_write(path, data)
    return True


def remove(path: Path) -> bool:
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    fsync_dir(path.parent)
    return True


LEFTOVER_AGE = 60.0  # seconds: a temporary file this old belongs to no live writer


def remove_leftovers(path: Path, age: float = LEFTOVER_AGE) -> None:
    """Temporary files of ``path`` left by a killed writer (old ones only: another
    program may be writing right now)."""
    now = time.time()
    for leftover in path.parent.glob(f".{path.name}.*.tmp"):
        with contextlib.suppress(OSError):
            if now - leftover.stat().st_mtime > age:
                leftover.unlink()


def fsync_dir(folder: Path) -> None:
    """Make a rename or removal in ``folder`` durable (best effort)."""
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


@contextlib.contextmanager
def workspace_lock(locales_path: Path, timeout: float = 120.0) -> Iterator[None]:
    """Serialize l10n processes that write catalogs of one workspace."""
    from filelock import FileLock  # here: `l10n compile` takes no lock and skips the import

    locales_path.mkdir(parents=True, exist_ok=True)
    with FileLock(str(locales_path / LOCK_NAME), timeout=timeout):
        yield
