"""The build server's picture of a workspace's files, kept by the system's file
notifications (inotify) instead of a pass of stat before every build.

A build begins by stating every file of the folders it reads and writes (``stamp.scan``:
16,000 files at 1,000 articles, about 0.1 s). The build server (``l10n.server``), which
stays up between builds, makes that scan once, asks Linux to tell it of every change in
those folders, and states again only what a notification names. Before it forks a build
it reads the notifications still queued and hands the build its picture
(``stamp.offer``): what a scan at that moment would have found, so the build skips its
own. Every change made before the build asked is in the queue when the server reads it
(the kernel queues a notification in the call that makes the change).

The picture is given up, and made again by a new scan, when the notifications cannot
tell the whole story: a folder made, removed or renamed, the settings (pyproject.toml)
changed, the queue overflowed. There is none at all where notifications may miss changes:
a file system other than a local one (``fsio.LOCAL_TYPES``: network, FUSE and overlay file
systems may change without this kernel knowing), a symbolic link anywhere in the folders
(a change at its target is not a change in the watched folder), a folder that leads out of
the workspace, settings that do not read. Files written through a memory map raise no
notification; no editor writes so.

A file written through another name (a hard link made elsewhere, before or after the
picture) notifies the watchers of that name's folder and of the file itself, not of this
folder: so every file a build reads (the articles, templates, catalogs and the settings)
is watched itself too, and so is any other file seen with more than one name (a watch
each: about 5,000 at 1,000 articles in 4 locales; where the system allows fewer, there is
no picture). (A file
l10n writes, linked from elsewhere only after the picture was taken and edited there, is
the one change the picture misses: the next change of the article puts it back.)
"""

from __future__ import annotations

import ctypes
import errno
import os
import stat
import struct
import time
from collections.abc import Callable
from pathlib import Path

from l10n import cache, fsio
from l10n.build import stamp

# inotify(7)
IN_MODIFY, IN_ATTRIB = 0x002, 0x004
IN_MOVED_FROM, IN_MOVED_TO, IN_CREATE, IN_DELETE = 0x040, 0x080, 0x100, 0x200
IN_DELETE_SELF, IN_MOVE_SELF = 0x400, 0x800
IN_UNMOUNT, IN_Q_OVERFLOW, IN_IGNORED, IN_ISDIR = 0x2000, 0x4000, 0x8000, 0x40000000
IN_ONLYDIR, IN_DONT_FOLLOW = 0x01000000, 0x02000000
_MASK = (IN_MODIFY | IN_ATTRIB | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_DELETE_SELF
         | IN_MOVE_SELF | IN_ONLYDIR | IN_DONT_FOLLOW)
_LOST = IN_Q_OVERFLOW | IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF | IN_UNMOUNT
_FILE_MASK = IN_MODIFY | IN_ATTRIB | IN_DONT_FOLLOW  # (a file's own watch: its content and its links)
_EVENT = struct.Struct("iIII")


class _Inotify:
    def __init__(self) -> None:
        self.libc = ctypes.CDLL(None, use_errno=True)
        fd = self.libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        if fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1")
        self.fd: int = fd

    def watch(self, path: str, mask: int = _MASK) -> int:
        wd = self.libc.inotify_add_watch(self.fd, os.fsencode(path), mask)
        if wd < 0:
            raise OSError(ctypes.get_errno(), "inotify_add_watch", path)
        return int(wd)

    def unwatch(self, wd: int) -> None:
        self.libc.inotify_rm_watch(self.fd, wd)

    def read(self) -> list[tuple[int, int, str]]:
        """The queued events: (watch, mask, name)."""
        events: list[tuple[int, int, str]] = []
        while True:
            try:
                data = os.read(self.fd, 1 << 16)
            except BlockingIOError:
                return events
            except OSError as exc:
                if exc.errno == errno.EINTR:
                    continue
                raise
            at = 0
            while at < len(data):
                wd, mask, _, size = _EVENT.unpack_from(data, at)
                at += _EVENT.size
                name = os.fsdecode(data[at:at + size].rstrip(b"\0"))
                at += size
                events.append((wd, mask, name))

    def close(self) -> None:
        os.close(self.fd)


class Monitor:
    """The files of the workspace at ``root`` a build scans, kept current."""

    def __init__(self, root: str) -> None:
        self.root = root
        self.inotify: _Inotify | None = None
        self.scan: stamp.Scan | None = None  # None: no picture to hand over (see above)
        self.folders: list[tuple[str, bool]] = []
        self.hidden: set[str] = set()
        # watch -> (its folder, whether its files are in the picture, the names in it that
        # lead to a scanned folder or are the settings: a change to one of them is a change
        # of the picture's shape)
        self.watches: dict[int, tuple[str, bool, frozenset[str]]] = {}
        self.generation = 0  # one more each time it begins again (with another descriptor)
        self.memory: dict[str, Callable[[], None]] = {}  # files of l10n's memory read ahead: path -> reader
        self.memory_watch = -1  # the watch on the folder of the build's stamp
        self.memory_folder = ""
        # the files watched themselves (see above): watch -> the paths of its file, path -> watch
        self.file_watches: dict[int, set[str]] = {}
        self.file_watch_of: dict[str, int] = {}
        self.inputs: tuple[str, ...] = ()  # the folders of the files a build reads (and the settings)
        self.settings = ""
        self.rebuild()

    def fileno(self) -> int:
        return self.inotify.fd if self.inotify is not None else -1

    def forget(self) -> None:
        """In a forked build: let go of the notifications (the server keeps them)."""
        if self.inotify is not None:
            os.close(self.inotify.fd)
            self.inotify = None

    def close(self) -> None:
        if self.inotify is not None:
            self.inotify.close()
            self.inotify = None

    def rebuild(self) -> None:
        """Watch the folders again and scan them (what a build's scan does)."""
        from l10n import config as config_mod
        from l10n.errors import L10nError

        self.close()
        self.generation += 1
        self.scan, self.watches, self.hidden = None, {}, set()
        self.memory, self.memory_watch = {}, -1
        self.file_watches, self.file_watch_of = {}, {}
        cache.forget()
        try:
            self.inotify = _Inotify()
        except (OSError, AttributeError):
            return
        try:
            config = config_mod.load(Path(self.root))
        except (L10nError, OSError):
            self._watch_shape(self.root, frozenset({"pyproject.toml"}))  # (settings that read again)
            return
        try:
            safe = self._watch_all(config)
        except Exception:  # noqa: BLE001 - (anything unforeseen: no picture)
            safe = False
        if not safe:
            self.close()  # (no picture: the builds scan, as they do without a server)
            self.scan = None

    def _watch_all(self, config: object) -> bool:
        """Watch every folder a build scans and take the scan; False where the picture
        could be wrong (see above)."""
        from l10n.config import Config

        assert isinstance(config, Config)
        try:
            if fsio.file_system_type(os.stat(self.root).st_dev) not in fsio.LOCAL_TYPES:
                return False
            self.folders = stamp.folders(config, config.locales)
            root = str(config.root)
            shape: dict[str, set[str]] = {root: {"pyproject.toml"}}
            for folder, _ in self.folders:
                below = os.path.relpath(folder, root)
                if below.startswith(os.pardir) or os.path.isabs(below):
                    return False  # (a folder set outside the workspace: scanned, and refused, by the build)
                parts = below.split(os.sep)
                for at in range(len(parts)):
                    shape.setdefault(os.path.join(root, *parts[:at]), set()).add(parts[at])
            scanned = {folder for folder, _ in self.folders}
            for folder, names in shape.items():
                if folder not in scanned and os.path.isdir(folder):
                    self._watch_shape(folder, frozenset(names))
            for folder, deep in self.folders:
                if os.path.lexists(folder) and not self._watch_files(folder, deep, shape.get(folder, set())):
                    return False
            found = stamp.scan(config, config.locales)
            if any(m.startswith("outside: ") for m in found.missing):
                return False
            build = str(config.build_path)
            self.settings = os.path.join(root, "pyproject.toml")
            self.inputs = tuple(os.path.join(folder, "") for folder, _ in self.folders
                                if not (folder + os.sep).startswith(os.path.join(build, "")))
            for path in found.files:
                if not path.endswith(os.sep):  # (a folder: watched above, as a folder)
                    self._watch_file(path, None)
        except OSError:
            return False
        self.hidden = set(found.hidden or ())
        self.scan = found
        self._read_ahead(config)
        return True

    def _read_ahead(self, config: object) -> None:
        """Read the build's stamp and manifest for the builds to come (``cache.keep``), and
        watch them, to read them again whenever a build wrote them."""
        from l10n.build.pipeline import Manifest
        from l10n.build.run import MANIFEST_NAME
        from l10n.config import Config

        assert isinstance(config, Config) and self.inotify is not None
        stamp_path = str(stamp.path_of(config))
        manifest_path = os.path.join(str(config.build_path), MANIFEST_NAME)
        self.memory = {
            stamp_path: lambda: cache.keep(stamp_path, "stamp", lambda: stamp.read(config)),
            manifest_path: lambda: cache.keep(manifest_path, "manifest", lambda: Manifest.read(Path(manifest_path))),
        }
        self.memory_folder = os.path.dirname(stamp_path)
        try:
            self.memory_watch = self.inotify.watch(self.memory_folder)
        except OSError:
            self.memory.pop(stamp_path)
        try:
            with os.scandir(self.memory_folder) as entries:
                for entry in entries:
                    if entry.name.endswith(".ledger"):
                        self.memory[entry.path] = _ledger_reader(entry.path)
        except OSError:
            pass
        for read in self.memory.values():
            read()

    def _watch_shape(self, folder: str, names: frozenset[str]) -> None:
        assert self.inotify is not None
        self.watches[self.inotify.watch(folder)] = (folder, False, names)

    def _watch_files(self, folder: str, deep: bool, names: set[str]) -> bool:
        """Watch ``folder`` (and below it, when ``deep``); False where a link makes the
        picture unsafe."""
        assert self.inotify is not None
        if os.path.islink(folder):
            return False
        self.watches[self.inotify.watch(folder)] = (folder, True, frozenset(names))
        with os.scandir(folder) as entries:
            below = []
            for entry in entries:
                if entry.is_symlink():
                    return False
                if deep and entry.is_dir(follow_symlinks=False):
                    below.append(entry.path)
        return all(self._watch_files(path, True, set()) for path in below)

    def _input(self, path: str) -> bool:
        """Whether a build reads the file at ``path`` (not one it writes: an edition, a
        compiled catalog)."""
        return path == self.settings or (path.startswith(self.inputs) and not path.endswith(".mo"))

    def _watch_file(self, path: str, links: int | None) -> None:
        """Watch the file at ``path`` itself when a build reads it, or when it has other
        names (``links``: its count of names, None: not known yet). (A file gone meanwhile
        is not: its folder's notification of that is queued.)"""
        assert self.inotify is not None
        try:
            if not self._input(path):
                if links is None:
                    links = os.lstat(path).st_nlink
                if links < 2:
                    self._unwatch_file(path)
                    return
            wd = self.inotify.watch(path, _FILE_MASK)
        except FileNotFoundError:
            self._unwatch_file(path)
            return
        if self.file_watch_of.get(path) != wd:
            self._unwatch_file(path)
            self.file_watches.setdefault(wd, set()).add(path)
            self.file_watch_of[path] = wd

    def _unwatch_file(self, path: str) -> None:
        """No longer watch the file that was at ``path`` for its sake."""
        wd = self.file_watch_of.pop(path, None)
        if wd is None:
            return
        paths = self.file_watches.get(wd, set())
        paths.discard(path)
        if not paths:
            self.file_watches.pop(wd, None)
            if self.inotify is not None:
                self.inotify.unwatch(wd)

    def refresh(self) -> None:
        """Take in the queued notifications: the picture is what a scan begun now would find.
        (Anything unforeseen: no picture from then on; the builds scan, as without a server.)"""
        try:
            self._refresh()
        except Exception:  # noqa: BLE001 - the picture is only a shortcut
            self.close()
            self.scan = None
            stamp.offer(None)

    def _refresh(self) -> None:
        if self.inotify is None:
            return
        taken = time.time_ns()
        try:
            events = self.inotify.read()
        except OSError:
            self.rebuild()
            return
        if self.scan is None:  # settings that did not read: they may read now
            if any(name in self.watches.get(wd, ("", False, frozenset()))[2] for wd, _, name in events):
                self.rebuild()
            return
        changed: set[str] = set()
        reread: set[str] = set()
        memory_folder = self.memory_folder
        for wd, mask, name in events:
            if wd == self.memory_watch:
                if not mask & _LOST:
                    reread.add(os.path.join(memory_folder, name))
                continue
            watch = self.watches.get(wd)
            if watch is None and wd in self.file_watches:  # (a file's own watch: its paths look again)
                if mask & IN_IGNORED:  # (the file is gone, under every name)
                    for path in self.file_watches.pop(wd):
                        self.file_watch_of.pop(path, None)
                        changed.add(path)
                elif not mask & IN_Q_OVERFLOW:
                    changed.update(self.file_watches[wd])
                    continue
            if mask & _LOST or watch is None:
                if mask & IN_IGNORED and watch is None:
                    continue  # (a watch this monitor gave up itself, or a file's that is gone)
                self.rebuild()
                return
            folder, files, shape = watch
            if name in shape or (files and mask & IN_ISDIR):
                self.rebuild()
                return
            if files and name:
                changed.add(os.path.join(folder, name))
        files_ = self.scan.files
        for path in reread:
            if path.endswith(".ledger") and path not in self.memory:
                self.memory[path] = _ledger_reader(path)
        for path in (changed | reread) & self.memory.keys():
            self.memory[path]()
        if self.settings in changed:
            self.rebuild()
            return
        for path in changed:
            try:
                st = os.lstat(path)
            except FileNotFoundError:
                files_.pop(path, None)
                self.hidden.discard(path)
                self._unwatch_file(path)
                continue
            except OSError:
                self.rebuild()
                return
            if not stat.S_ISREG(st.st_mode):  # a link, a folder, a pipe: as a new scan sees it
                self.rebuild()
                return
            self._watch_file(path, st.st_nlink)
            files_[path] = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
            if os.path.basename(path).startswith("."):
                self.hidden.add(path)
        self.scan = stamp.Scan(files_, self.scan.missing, taken, tuple(self.hidden), self.scan.listed)

    def offer(self) -> None:
        """Hand the picture to the build about to be forked (None: it scans itself)."""
        stamp.offer(None if self.scan is None else (self.root, self.folders, self.scan))


def _ledger_reader(path: str) -> Callable[[], None]:
    """Read the ledger at ``path`` for the builds to come (as ``cache.Ledger.open`` would)."""
    return lambda: cache.keep(path, "ledger", lambda: cache.ledger_data(Path(path).read_bytes()))
