"""The only place that writes files: atomic replacement and the workspace lock.

Every write goes to a temporary file in the target's folder, is flushed and fsynced, gets
the mode of the file it replaces, and is moved over it with ``os.replace``: a reader (or a
process killed half-way) sees either the old or the new file, never a mix.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
import threading
from collections.abc import Iterator
from typing import Any
from pathlib import Path

from l10n.errors import L10nError, from_os_error, shown_path

LOCK_NAME = ".l10n.lock"
DEFAULT_MODE = 0o644


class ChangedMeanwhile(Exception):
    """The file no longer holds what the writer expected to replace."""


_ANY = object()


def atomic_write(path: Path, data: bytes, expect: bytes | None | object = _ANY, durable: bool = True) -> None:
    """Replace ``path`` with ``data`` atomically, keeping the existing file's mode.

    ``durable=False`` skips the fsyncs, for files that can be made again (rendered
    editions): the replace is still atomic for readers, only a power loss may cost it.

    With ``expect`` (the bytes the caller read, or None for "no file"), the replace happens
    only if the file still holds exactly that, checked at the last moment; otherwise
    ``ChangedMeanwhile`` is raised and nothing is changed. A failure of the machine (disk
    full, permissions) is an ``L10nError`` naming ``path``; the old file is kept.
    """
    try:
        _atomic_write(path, data, expect, durable)
    except (ChangedMeanwhile, L10nError):
        raise
    except OSError as exc:
        raise from_os_error(exc, "write", path) from None


def _atomic_write(path: Path, data: bytes, expect: bytes | None | object, durable: bool = True) -> None:
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
            if durable:
                os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        if expect is not _ANY and _current(path) != expect:
            raise ChangedMeanwhile(str(path))
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    if durable:
        fsync_dir(path.parent)


def _current(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def differs(path: Path, data: bytes) -> bool:
    """Whether the file does not hold exactly ``data`` (or does not exist)."""
    try:
        return path.read_bytes() != data
    except FileNotFoundError:
        return True
    except OSError as exc:
        raise from_os_error(exc, "read", path) from None


def write_if_changed(path: Path, data: bytes, durable: bool = True) -> bool:
    """Write ``data`` unless the file already holds exactly it (mtime stays). True if written."""
    if not differs(path, data):
        return False
    atomic_write(path, data, durable=durable)
    return True


def remove(path: Path) -> bool:
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise from_os_error(exc, "remove", path) from None
    fsync_dir(path.parent)
    return True


# What atomic_write leaves behind when it is killed: ".NAME." + mkstemp's 8 characters + ".tmp".
_TEMPORARY = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")


def sweep(folder: Path) -> int:
    """Remove the temporary files killed writers left in ``folder``; the caller holds the
    workspace lock, so no live l10n writer owns one. Returns how many were removed."""
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if _TEMPORARY.match(entry.name) and entry.is_file(follow_symlinks=False):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed += 1
    return removed


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


class _HeldLock:
    """One workspace lock of this process: a thread lock, and the file lock taken once."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.thread_lock = threading.RLock()
        self.depth = 0
        self.file_lock: Any = None


_LOCKS: dict[str, _HeldLock] = {}
_LOCKS_GUARD = threading.Lock()


@contextlib.contextmanager
def workspace_lock(locales_path: Path, timeout: float = 120.0) -> Iterator[None]:
    """Serialize l10n processes (and threads) that write files of one workspace.

    Re-entrant: an operation that holds the lock for a whole run may call helpers that
    take it again for each file."""
    key = os.path.abspath(locales_path / LOCK_NAME)
    with _LOCKS_GUARD:
        held = _LOCKS.setdefault(key, _HeldLock(key))
    if not held.thread_lock.acquire(timeout=timeout):
        raise L10nError(f"{shown_path(key)}: another l10n command of this process holds the workspace lock")
    try:
        if held.depth == 0:
            from filelock import FileLock, Timeout

            try:
                locales_path.mkdir(parents=True, exist_ok=True)
                lock = FileLock(key, timeout=timeout)
                lock.acquire()
            except Timeout:
                raise L10nError(f"{shown_path(key)}: another l10n command is working on this workspace "
                                f"(waited {timeout:.0f} s); try again when it is done") from None
            except OSError as exc:
                raise from_os_error(exc, "lock", key) from None
            held.file_lock = lock
        held.depth += 1
        try:
            yield
        finally:
            held.depth -= 1
            if held.depth == 0:
                held.file_lock.release()
                held.file_lock = None
    finally:
        held.thread_lock.release()
