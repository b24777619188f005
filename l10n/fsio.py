"""The only place that writes files: atomic replacement and the workspace lock.

Every write goes to a temporary file in the target's folder, is flushed and fsynced, gets
the mode of the file it replaces, and is moved over it with ``os.replace``: a reader (or a
process killed half-way) sees either the old or the new file, never a mix.

Inside ``batch()`` (a stage writing thousands of files) each file goes to its temporary
file at once, but is made durable only when the block ends, many at once (concurrent
fsyncs share the disk's journal commits instead of paying one each), and only then
renamed into place, each after the same last-moment check: the guarantees are the same,
the cost of a thousand fsyncs is not paid one by one. A batch of many files on Linux
5.17 or later, on a local file system (ext4, XFS, Btrfs), is made durable by one
``syncfs`` of each file system it wrote to (which reports any write-back error on it
since the batch began, the batch's own or not) instead of an fsync a file. A block left
by an exception removes its temporary files and replaces nothing.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import hashlib
import os
import re
import stat
import threading
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from l10n.errors import FileError, L10nError, ONE_CATALOG, from_os_error, shown_path

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

LOCK_NAME = ".l10n.lock"
DEFAULT_MODE = 0o644


class ChangedMeanwhile(Exception):
    """The file no longer holds what the writer expected to replace."""


_ANY = object()


def digest(data: bytes | None) -> str | None:
    """What ``Holding`` compares: a short hash of a file's bytes (None: no file)."""
    return None if data is None else hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass(frozen=True)
class Holding:
    """An ``expect`` given by the ``digest`` of the bytes the caller read (None: no
    file), when the caller kept no bytes (they were read in another process)."""

    digest: str | None


def _still(path: Path, expect: object) -> bool:
    """Whether ``path`` holds what ``expect`` says (bytes, None for no file, or Holding)."""
    current = _current(path)
    return digest(current) == expect.digest if isinstance(expect, Holding) else current == expect


def atomic_write(path: Path, data: bytes, expect: bytes | None | object = _ANY,
                 on_conflict: Callable[[], None] | None = None, durable: bool = True) -> None:
    """Replace ``path`` with ``data`` atomically, keeping the existing file's mode.

    ``durable=False`` skips the fsyncs, for files that can be made again (rendered
    editions): the replace is still atomic for readers, only a power loss may cost it.

    With ``expect`` (the bytes the caller read, None for "no file", or their ``Holding``
    digest), the replace happens
    only if the file still holds exactly that, checked at the last moment; otherwise
    ``ChangedMeanwhile`` is raised and nothing is changed (inside ``batch()``, where the
    replace happens when the batch ends, ``on_conflict`` is called then instead). A failure
    of the machine (disk full, permissions) is an ``L10nError`` naming ``path``; the old
    file is kept.
    """
    try:
        current = _batch()
        if current is not None:
            current.stage(path, data, expect, on_conflict)
        else:
            _atomic_write(path, data, expect, durable)
    except (ChangedMeanwhile, L10nError):
        raise
    except OSError as exc:
        raise from_os_error(exc, "write", path) from None


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return DEFAULT_MODE & ~umask


def _write_temporary(path: Path, data: bytes, durable: bool) -> str:
    """``data`` in a new temporary file beside ``path`` (its folder made if missing), with
    the mode ``path`` has; fsynced if ``durable``. Returns the temporary file's path."""
    mode = _mode_for(path)
    folder = os.path.dirname(path)
    try:
        fd, tmp = _create_temporary(folder, path.name)
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)
        fd, tmp = _create_temporary(folder, path.name)
    try:
        try:
            os.fchmod(fd, mode)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return tmp


# ---------------------------------------------------------------------------------------
# What this process wrote: a build compares the files it finds changed at its end with
# this record, so it knows nothing else changed them meanwhile (see l10n/build/stamp.py).

# (size, mtime_ns, ctime_ns, inode) as os.stat gives them; None: removed, or unknown
Signature = tuple[int, int, int, int]
_RECORDS: list[dict[str, Signature | None]] = []
_RECORDS_LOCK = threading.Lock()


def signature_of(st: os.stat_result) -> Signature:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


@contextlib.contextmanager
def recording() -> Iterator[dict[str, Signature | None]]:
    """Inside the block, every file written or removed through this module is recorded
    (absolute path -> its signature just after the write, None when removed or when
    another writer replaced it at the same moment)."""
    record: dict[str, Signature | None] = {}
    with _RECORDS_LOCK:
        _RECORDS.append(record)
    try:
        yield record
    finally:
        with _RECORDS_LOCK:  # (this one, not an equal one: recordings may nest)
            del _RECORDS[next(i for i, held in enumerate(_RECORDS) if held is record)]


def _note(path: Path, inode: int | None) -> None:
    """Record ``path`` as this process left it; ``inode``: the one it wrote (None: removed)."""
    if not _RECORDS:
        return
    signature: Signature | None = None
    if inode is not None:
        try:
            st = os.stat(path)
        except OSError:
            st = None
        # Another inode: someone replaced the file right after us; it is not ours.
        signature = signature_of(st) if st is not None and st.st_ino == inode else None
    key = os.path.abspath(path)
    with _RECORDS_LOCK:
        for record in _RECORDS:
            record[key] = signature


def _inode(tmp: str) -> int | None:
    try:
        return os.stat(tmp).st_ino
    except OSError:
        return None


def _create_temporary(folder: str, name: str) -> tuple[int, str]:
    """A new file ".NAME.XXXXXXXX.tmp" in ``folder`` (as ``tempfile.mkstemp`` makes one:
    exclusive, readable by the owner only until its mode is set), open for writing."""
    for _ in range(100):
        tmp = os.path.join(folder, f".{name}.{os.urandom(4).hex()}.tmp")
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC | os.O_NOFOLLOW, 0o600), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no unused temporary file name", folder)


def _atomic_write(path: Path, data: bytes, expect: bytes | None | object, durable: bool = True) -> None:
    tmp = _write_temporary(path, data, durable=durable)
    try:
        if expect is not _ANY and not _still(path, expect):
            raise ChangedMeanwhile(str(path))
        inode = _inode(tmp) if _RECORDS else None
        os.replace(tmp, path)
        _note(path, inode)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    if durable:
        fsync_dir(path.parent)


@dataclass
class _Staged:
    path: Path
    expect: bytes | None | object
    on_conflict: Callable[[], None] | None
    tmp: str


class _Batch:
    def __init__(self) -> None:
        self.staged: list[_Staged] = []
        self.unsynced: list[str] = []  # temporary files not yet handed to the syncing threads
        self.syncing: list[Future[None]] = []
        self.pool: ThreadPoolExecutor | None = None
        # With syncfs: a descriptor on each file system written to, open since before the
        # batch's first file there was written (syncfs on it reports every write-back error
        # of the file system since it was opened), by device; and the folders seen
        self.devices: dict[int, int] | None = {} if _kernel_reports_syncfs() else None
        self.folders: set[str] = set()

    def stage(self, path: Path, data: bytes, expect: bytes | None | object,
              on_conflict: Callable[[], None] | None) -> None:
        """Write ``data`` to a temporary file now; it is made durable with the others
        (without syncfs: in the background, a group at a time), and put in place when the
        batch ends."""
        if self.devices is not None:
            self._watch(os.path.dirname(path) or ".")
        self.staged.append(_Staged(path, expect, on_conflict, _write_temporary(path, data, durable=False)))
        self.unsynced.append(self.staged[-1].tmp)
        if self.devices is None and len(self.unsynced) >= _SYNC_GROUP:
            self._sync_unsynced()

    def _watch(self, folder: str) -> None:
        """Keep a descriptor on ``folder``'s file system, if none is kept yet."""
        assert self.devices is not None
        if folder in self.folders:
            return
        os.makedirs(folder, exist_ok=True)
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        device = os.fstat(fd).st_dev
        if device in self.devices:
            os.close(fd)
        else:
            self.devices[device] = fd
        self.folders.add(folder)

    def _close_devices(self) -> None:
        devices, self.devices = self.devices or {}, None
        for fd in devices.values():
            with contextlib.suppress(OSError):
                os.close(fd)

    def _make_durable(self) -> None:
        """Every staged file durable: many, on file systems whose syncfs reports their
        errors, with one ``syncfs`` each; otherwise an fsync a file (the groups not yet
        handed over, then waiting for all)."""
        try:
            if (self.devices is not None and len(self.staged) >= _SYNCFS_FROM and _syncfs_usable()
                    and all(_syncfs_reports(device) for device in self.devices)):
                self.unsynced = []
                for fd in self.devices.values():
                    _syncfs(fd)
            else:
                self._sync_unsynced()
                self._wait()
        finally:
            self._close_devices()

    def _sync_unsynced(self) -> None:
        files, self.unsynced = self.unsynced, []
        if not files:
            return
        if self.pool is None and len(files) <= _SYNC_INLINE:  # (a few files: no threads to start)
            _sync_files(files)
            return
        if self.pool is None:
            from concurrent.futures import ThreadPoolExecutor

            self.pool = ThreadPoolExecutor(max_workers=_SYNC_THREADS)
        threads = min(_SYNC_THREADS, len(files))
        self.syncing += [self.pool.submit(_sync_files, files[i::threads]) for i in range(threads)]

    def _wait(self) -> None:
        """Wait for every background sync; the first failure is raised."""
        syncing, self.syncing = self.syncing, []
        try:
            for future in syncing:
                future.result()
        finally:
            if self.pool is not None:
                self.pool.shutdown(wait=True, cancel_futures=True)
                self.pool = None

    def discard(self) -> None:
        """The block failed: nothing it staged is put in place."""
        staged, self.staged = self.staged, []
        self.unsynced = []
        self._close_devices()
        with contextlib.suppress(OSError):
            self._wait()
        for item in staged:
            with contextlib.suppress(OSError):
                os.unlink(item.tmp)

    def commit(self) -> None:
        """Wait until every staged temporary file is durable, then rename each into place
        after the last-moment check."""
        if not self.staged:
            self._close_devices()
            return
        try:
            self._make_durable()
        except OSError as exc:
            staged, self.staged = self.staged, []
            for item in staged:
                with contextlib.suppress(OSError):
                    os.unlink(item.tmp)
            raise from_os_error(exc, "write", staged[0].path) from None
        staged, self.staged = self.staged, []
        conflicts = []
        failures: list[tuple[Path, L10nError]] = []
        for position, item in enumerate(staged):
            try:
                if item.expect is not _ANY and not _still(item.path, item.expect):
                    os.unlink(item.tmp)
                    conflicts.append(item)
                    continue
                inode = _inode(item.tmp) if _RECORDS else None
                os.replace(item.tmp, item.path)
                _note(item.path, inode)
            except OSError as exc:
                error = from_os_error(exc, "write", item.path)
                if isinstance(error, FileError):  # (that file may not be replaced: the others are)
                    with contextlib.suppress(OSError):
                        os.unlink(item.tmp)
                    failures.append((item.path, error))
                    continue
                for rest in staged[position:]:
                    with contextlib.suppress(OSError):
                        os.unlink(rest.tmp)
                raise error from None
        for folder in sorted({os.path.dirname(item.path) for item in staged}):
            fsync_dir(Path(folder))
        for item in conflicts:  # someone saved the file meanwhile: its writer starts over
            if item.on_conflict is not None:
                try:
                    item.on_conflict()
                except ONE_CATALOG as exc:  # (their file, as saved, does not read: the others stand)
                    failures.append((item.path, exc))
        if failures:
            raise PartlyWritten(failures)


class PartlyWritten(L10nError):
    """Files of a batch left as they were: ones someone saved while it ran, whose writer
    could not start over from what they saved (a half-finished edit that does not read),
    and ones that may not be replaced (their permissions). Every other file of the batch
    is in place."""

    def __init__(self, failures: list[tuple[Path, L10nError]]) -> None:
        super().__init__("; ".join(str(error) for _, error in failures))
        self.failures = failures
        self.exit_code = max(error.exit_code for _, error in failures)


def _sync_files(paths: list[str]) -> None:
    for path in paths:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# Staged files are synced by this many threads at once (concurrent fsyncs share the disk's
# journal commits), handed over in groups of this many while the batch goes on.
_SYNC_THREADS = 16
_SYNC_GROUP = 256
_SYNC_INLINE = 4  # so few are fsynced in the batch's own thread, one after the other

# A batch of at least this many files is made durable by syncfs where it is usable: one
# flush of the disk instead of one a file, and no threads (measured on 3,000 catalogs of
# ``update``: the main process's time falls by a third). Fewer files are fsynced one by
# one: syncfs also writes back whatever else the file system holds unwritten.
_SYNCFS_FROM = 64
_SYNCFS: list[Callable[[int], int] | None] = []  # libc's syncfs once looked up (None: not usable)
# File systems whose own sync reaches their disk and reports its failures through syncfs
# (not FUSE, whose daemon may never hear of it, nor overlayfs, whose upper layer's errors
# stay there): elsewhere an fsync a file.
_SYNCFS_TYPES = frozenset({"ext2", "ext3", "ext4", "xfs", "btrfs", "tmpfs"})


@functools.cache
def _kernel_reports_syncfs() -> bool:
    """Linux 5.17 or later: syncfs reports the write-back errors that occurred since the
    descriptor it is given was opened (5.8) and the file system's own sync failing (5.17);
    earlier kernels return 0 whatever happened."""
    system = os.uname() if hasattr(os, "uname") else None
    match = re.match(r"(\d+)\.(\d+)", system.release) if system and system.sysname == "Linux" else None
    return bool(match) and (int(match[1]), int(match[2])) >= (5, 17)  # type: ignore[index]


def _syncfs_usable() -> bool:
    """Such a kernel (``_kernel_reports_syncfs``), and libc's syncfs found (looked up on
    first need: a batch of a few files does without ctypes)."""
    if not _SYNCFS:
        function = None
        if _kernel_reports_syncfs():
            import ctypes

            with contextlib.suppress(OSError, AttributeError):
                function = ctypes.CDLL(None, use_errno=True).syncfs
        _SYNCFS.append(function)
    return _SYNCFS[0] is not None


def _syncfs_reports(device: int) -> bool:
    """Whether the file system on ``device`` is one of ``_SYNCFS_TYPES`` (as this process's
    mount table says; unknown: no)."""
    return file_system_type(device) in _SYNCFS_TYPES


# File systems where every change is made through this machine's kernel, so that its file
# notifications (inotify) see them all: not network, FUSE or overlay file systems.
LOCAL_TYPES = _SYNCFS_TYPES


def file_system_type(device: int) -> str | None:
    """The type of the file system on ``device`` (``ext4``), as this process's mount table
    says; None when it does not say."""
    wanted = f"{os.major(device)}:{os.minor(device)}"
    try:
        with open("/proc/self/mountinfo", encoding="utf-8", errors="replace") as table:
            for line in table:
                fields = line.split(" ")
                if len(fields) > 4 and fields[2] == wanted and " - " in line:
                    return line.split(" - ", 1)[1].split(" ", 1)[0]
    except OSError:
        pass
    return None


def _syncfs(fd: int) -> None:
    """syncfs(2) of the file system ``fd`` is on; OSError when it reports a failure."""
    function = _SYNCFS[0] if _SYNCFS else None
    assert function is not None
    if function(fd) != 0:
        import ctypes

        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code))


_BATCHES = threading.local()


def _batch() -> _Batch | None:
    return getattr(_BATCHES, "current", None)


@contextlib.contextmanager
def batch() -> Iterator[None]:
    """Writes inside are made durable together when the block ends (see the module
    docstring). Nested batches join the outermost one."""
    if _batch() is not None:
        yield
        return
    current = _BATCHES.current = _Batch()
    try:
        yield
    except BaseException:
        current.discard()
        raise
    finally:
        _BATCHES.current = None
    current.commit()


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
    _note(path, None)
    fsync_dir(path.parent)
    return True


# What atomic_write leaves behind when it is killed: ".NAME." + mkstemp's 8 characters + ".tmp".
_TEMPORARY = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")


_CLEAN: list[Collection[str]] = []


@contextlib.contextmanager
def known_clean(folders: Collection[str]) -> Iterator[None]:
    """Inside the block, ``sweep`` leaves ``folders`` (absolute paths) alone: a scan has
    just listed every file in them and found no temporary file (thousands of editions
    are not listed again to find none)."""
    _CLEAN.append(folders)
    try:
        yield
    finally:
        _CLEAN.remove(folders)


def is_temporary(name: str) -> bool:
    """Whether a file name is one of the temporary files writers here make."""
    return _TEMPORARY.match(name) is not None


def sweep(folder: Path) -> int:
    """Remove the temporary files killed writers left in ``folder``; the caller holds the
    workspace lock, so no live l10n writer owns one. Returns how many were removed."""
    if _CLEAN and os.fspath(folder) in _CLEAN[-1]:
        return 0
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
                _note(Path(entry.path), None)
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


class _Flock:
    """The workspace lock taken by ``flock`` at once, as filelock takes it on Unix (the
    same call on the same file: a filelock waiting for it in another process waits for
    this one). Importing filelock costs a command more than taking a free lock does."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def release(self) -> None:
        import fcntl

        try:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
        finally:
            os.close(self.fd)


def _flock_at_once(path: str) -> _Flock | None:
    """The lock at ``path`` when it is free and ``flock`` works there; None otherwise
    (held by another process, no flock on this system or file system, a lock file this
    process may not open for writing): then filelock waits for it, or falls back."""
    try:
        import fcntl
    except ImportError:  # (Windows)
        return None
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return _Flock(fd)


_LOCKS: dict[str, _HeldLock] = {}
_HELD: dict[Path, _HeldLock] = {}  # by an absolute locales folder: a stage takes its lock for every file
_LOCKS_GUARD = threading.Lock()


_WRITING_NOTHING: list[bool] = []


@contextlib.contextmanager
def writing_nothing() -> Iterator[None]:
    """A run that writes nothing (``build --check``): the workspace lock does not make the
    locales folder it lives in where there is none (a new workspace: nothing to guard)."""
    _WRITING_NOTHING.append(True)
    try:
        yield
    finally:
        _WRITING_NOTHING.pop()


@contextlib.contextmanager
def workspace_lock(locales_path: Path, timeout: float = 120.0) -> Iterator[None]:
    """Serialize l10n processes (and threads) that write files of one workspace.

    Re-entrant: an operation that holds the lock for a whole run may call helpers that
    take it again for each file."""
    held = _HELD.get(locales_path) if locales_path.is_absolute() else None
    if held is None:
        key = os.path.abspath(locales_path / LOCK_NAME)
        with _LOCKS_GUARD:
            held = _LOCKS.setdefault(key, _HeldLock(key))
            if locales_path.is_absolute():  # its lock file does not depend on the current folder
                _HELD[locales_path] = held
    key = held.path
    if _WRITING_NOTHING and not locales_path.is_dir():  # (nothing there to guard: not made for a lock)
        yield
        return
    if not held.thread_lock.acquire(timeout=timeout):
        raise L10nError(f"{shown_path(key)}: another l10n command of this process holds the workspace lock")
    try:
        if held.depth == 0:
            try:
                locales_path.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise from_os_error(exc, "lock", key) from None
            held.file_lock = _flock_at_once(key)
            if held.file_lock is None:
                from filelock import FileLock, Timeout

                try:
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
