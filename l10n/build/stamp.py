"""The build's stamp: what changed since the last build, in one pass of stat.

A build that ends with the workspace as it reports it saves a *stamp*
(``.l10n/cache/build-stamp.json``): the stat signature (size, modification and change
times in nanoseconds, inode) of every file in the folders a build reads and writes
(articles, templates, the catalogs of the locales built, the build folder), the settings
and options the build ran with, and the summary it printed. The next build stats the
same folders first and compares, file by file (a changed file has a new change time:
``ctime`` cannot be set back, unlike ``mtime``):

- nothing differs: the build reports the remembered summary without reading any file
  (this is what makes a build with nothing to do take a small fraction of a full one);
- some files differ: they are the only ones the build must look at (``Stamp.changes``):
  the stages take the stamp's word for every other file (``cache.Trust``), and when only
  articles changed, each stage does their work alone (``pipeline.run_changed``).

The picture a stamp keeps is the first scan with the build's own writes
(``after_build``): a file someone else saved while the build ran keeps its old signature
there, so the next build sees that save. Files are "racily clean" (git's term) when they
changed within a clock tick of a scan: their times might not move on a second change in
that tick. So the stamp's picture is taken once the build's last write is ``SETTLE_NS``
old, a file changed just before the first scan must be as that scan found it, and the
next build counts a file changed within ``SETTLE_NS`` of the stamp as changed. On a file
system with coarse times (whole seconds) a real second scan is taken instead.

A stamp is saved only when the build had no errors and, with machine translation, left no
entry untranslated (a model installed since could draft it: the stamp does not look at
models). Nothing here is a source of truth: without a stamp (or with one of other
settings) a build does all its stages, each with its own memory of what it did.
"""

from __future__ import annotations

import array
import base64
import contextlib
import functools
import operator
import os
import stat
import time
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from l10n import cache, fsio
from l10n.config import Config
from l10n.errors import L10nError

STAMP_NAME = "build-stamp.json"
STAMP_VERSION = 4  # bump when the summary's shape changes (3: every file's signature kept; 4: racy files)
SETTLE_NS = 50_000_000  # a file changed this close to the scan is not trusted by its times
COARSE_SETTLE_NS = 2_000_000_000  # the same on a file system with whole-second times


@dataclass(frozen=True)
class Scan:
    """What one pass over the folders found: paths (absolute) and their signatures."""

    files: dict[str, fsio.Signature]
    missing: tuple[str, ...]  # folders that did not exist
    taken_ns: int = 0  # when the pass began
    # the paths of the hidden files and folders seen (a killed writer's temporary file is
    # one), and of the folders listed below the roots, not through a link; None: not noted
    hidden: tuple[str, ...] | None = None
    listed: tuple[str, ...] | None = None

    def newest(self) -> int:
        """The latest modification or change time of any file (0 when there is none)."""
        values = self.files.values()
        return max(max(map(operator.itemgetter(1), values), default=0),
                   max(map(operator.itemgetter(2), values), default=0))

    def coarse(self) -> bool:
        """Whether the file system keeps whole seconds only (no file has a finer time)."""
        return bool(self.files) and all(sig[2] % 1_000_000_000 == 0 for sig in self.files.values())


def folders(config: Config, locales: Iterable[str]) -> list[tuple[str, bool]]:
    """The folders a build of ``locales`` reads and writes, and whether what is below
    them counts (the templates and catalogs) or only their own files (the articles
    folder, where only files are articles; the build folder and each locale's)."""
    build = str(config.build_path)
    return [(str(config.articles_path), False), (str(config.templates_path), True),
            *((str(config.locales_path / loc), True) for loc in locales),
            (build, False), *((os.path.join(build, loc), False) for loc in locales)]


# A picture of the workspace a build server kept (``l10n.build.monitor``) for the build it
# forks: the workspace's root, the folders scanned, and what a scan would find.
_OFFERED: list[tuple[str, list[tuple[str, bool]], Scan]] = []


def offer(picture: tuple[str, list[tuple[str, bool]], Scan] | None) -> None:
    """Make ``picture`` the next scan of these folders (None: no picture)."""
    _OFFERED[:] = [picture] if picture is not None else []


def scan(config: Config, locales: Iterable[str]) -> Scan:
    locales = tuple(locales)
    if _OFFERED:  # (once: a later scan, at the end of the build, is a scan)
        root, scanned, found = _OFFERED.pop()
        if root == str(config.root) and scanned == folders(config, locales):
            return found
    taken = time.time_ns()
    files: dict[str, fsio.Signature] = {}
    missing: list[str] = []
    pyproject = os.path.join(config.root, "pyproject.toml")
    try:
        files[pyproject] = fsio.signature_of(os.stat(pyproject))
    except OSError:
        missing.append(pyproject)
    hidden: list[str] = []
    listed: list[str] = []
    for folder, deep in folders(config, locales):
        if not config.inside(Path(folder)):  # linked out: the stages refuse it (nothing is read there)
            missing.append(f"outside: {folder}")
            continue
        try:
            _walk(config, folder, files, deep, set(), hidden, listed)
        except OSError:
            missing.append(folder)
    return Scan(files, tuple(missing), taken, tuple(hidden), tuple(listed))


_FORMAT, _FOLDER = stat.S_IFMT(0o177777), stat.S_IFDIR


def _walk(config: Config, folder: str, files: dict[str, fsio.Signature], deep: bool,
          seen: set[tuple[int, int]], hidden: list[str], listed: list[str]) -> None:
    """Every file below ``folder`` by its signature (a linked file by its target's: an
    edit of the target is an edit of the file), folders by their presence; linked
    folders are followed (each once), as the stages that read through them do. A link
    that leads out of the workspace is not followed (its own signature stands for it)."""
    below = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name[0] == ".":
                hidden.append(entry.path)
            link = entry.is_symlink()
            if link and not config.inside(Path(entry.path)):
                files[entry.path] = fsio.signature_of(entry.stat(follow_symlinks=False))
                continue
            try:
                st = entry.stat()
            except FileNotFoundError:
                try:  # a link to nothing: its own signature (pointing it somewhere shows)
                    st = entry.stat(follow_symlinks=False)
                except FileNotFoundError:  # removed since listed: the next scan will differ
                    continue
            if st.st_mode & _FORMAT == _FOLDER:
                files[entry.path + os.sep] = (0, 0, 0, 0) if not link else fsio.signature_of(
                    entry.stat(follow_symlinks=False))
                if deep and (st.st_dev, st.st_ino) not in seen:
                    seen.add((st.st_dev, st.st_ino))
                    below.append(entry.path)
                    if not link:
                        listed.append(entry.path)
                continue
            # (fsio.signature_of, written out: this runs for every file of the workspace)
            files[entry.path] = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
    for path in below:
        _walk(config, path, files, deep, seen, hidden, listed)


def settled(scan_: Scan, now_ns: int) -> bool:
    """Whether every file of ``scan_`` was last changed long enough before ``now_ns`` for
    its times to show any later change."""
    settle = COARSE_SETTLE_NS if scan_.coarse() else SETTLE_NS
    return scan_.newest() < now_ns - settle


def only_ours(before: Scan, after: Scan, written: Mapping[str, fsio.Signature | None]) -> bool:
    """Whether every file that differs between the scans is one this process wrote or
    removed, as it left it (a folder that appeared holds nothing else)."""
    for path in before.files.keys() | after.files.keys():
        new = after.files.get(path)
        if before.files.get(path) == new:
            continue
        if path.endswith(os.sep):  # a folder came or went: what is in it is checked as files
            continue
        if path not in written or written[path] != new:
            return False
    return True


@dataclass(frozen=True)
class Stamp:
    key: str  # the settings and options of the build
    taken_ns: int  # when the scan began
    summary: dict[str, Any]  # what the build reported (see run.BuildResult.summary)
    names: tuple[str, ...] = ()  # the scan's files (absolute paths) ...
    values: array.array[int] = field(default_factory=lambda: array.array("q"))  # ... and 4 values each
    missing: tuple[str, ...] = ()
    # the files changed so close to ``taken_ns`` that a later change might not move their
    # times (none, but for a time in the future: a stamp is taken once its files settled)
    racy: tuple[str, ...] = ()

    @classmethod
    def of(cls, key: str, taken_ns: int, summary: dict[str, Any], scan_: Scan, moved: Iterable[str] = ()) -> Stamp:
        """The stamp of ``scan_``; ``moved``: files ``scan_`` holds as they were before a
        change it did not see (see ``moved``), which the next build takes as changed."""
        racy = _recent(scan_.files, taken_ns - SETTLE_NS)
        racy.extend(path for path in moved if path in scan_.files and path not in racy)
        return cls(key, taken_ns, summary, tuple(scan_.files),
                   array.array("q", [v for sig in scan_.files.values() for v in sig]), scan_.missing, tuple(racy))

    @functools.cached_property
    def files(self) -> dict[str, fsio.Signature]:
        """The scan's signatures by path (made on first need: a build with nothing
        changed never needs them)."""
        values = self.values
        return dict(zip(self.names, zip(values[0::4], values[1::4], values[2::4], values[3::4])))

    def holds(self, key: str, now: Scan) -> bool:
        return (not self.racy and key == self.key and now.missing == self.missing and now.files == self.files
                and settled(now, self.taken_ns))

    def changes(self, key: str, now: Scan) -> frozenset[str] | None:
        """The files that differ between the stamp's scan and ``now`` (added, removed or
        changed; a file changed so close to the stamp's scan that its times may not show a
        later change counts as changed), or None when the stamp cannot say (other
        settings or options, other folders, a file system with whole-second times)."""
        if key != self.key or now.missing != self.missing or not self.files or now.coarse():
            return None
        # (as sets of items: a workspace of thousands of files is compared at C speed)
        changed = {path for path, _ in now.files.items() - self.files.items()}
        changed.update(self.files.keys() - now.files.keys())
        changed.update(path for path in self.racy if path in now.files)
        return frozenset(changed)


def path_of(config: Config) -> Path:
    return config.state_path / "cache" / STAMP_NAME


def saving(config: Config) -> None:
    """Hold the stamp's lock until this process ends: a build that let its client go once
    it reported (``l10n.server``) and saves its stamp now. A build that starts meanwhile
    waits for that stamp (``load``), at most the settle time."""
    import fcntl

    try:
        fd = os.open(_lock_path(config), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX)  # (kept open: the lock goes with the process)
    except OSError:
        return


def _lock_path(config: Config) -> str:
    return str(config.state_path / "cache" / "build-stamp.lock")


def _wait_for_saving(config: Config) -> None:
    import fcntl

    try:
        fd = os.open(_lock_path(config), os.O_RDONLY | os.O_CLOEXEC)
    except OSError:  # (none: no build ever let its client go early here)
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)
    except OSError:
        pass
    finally:
        os.close(fd)


def load(config: Config) -> Stamp | None:
    _wait_for_saving(config)
    ready = cache.kept(str(path_of(config)), "stamp")  # (read by a build server before this build)
    if isinstance(ready, Stamp):
        return ready
    return read(config)


def read(config: Config) -> Stamp | None:
    try:
        data = cache.loads(path_of(config).read_bytes())
        if data.get("version") != STAMP_VERSION:
            return None
        root = str(config.root).rstrip(os.sep) + os.sep
        values = array.array("q")
        values.frombytes(base64.b64decode(data["values"]))
        names = tuple(root + name for name in data["names"])
        if len(values) != 4 * len(names):
            return None
        return Stamp(str(data["key"]), int(data["taken_ns"]), dict(data["summary"]), names,
                     values, tuple(str(m) for m in data["missing"]), tuple(root + name for name in data["racy"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def encode(config: Config, stamp: Stamp) -> bytes:
    """The stamp's file (``write`` saves it)."""
    cut = len(str(config.root).rstrip(os.sep)) + 1
    data = {"version": STAMP_VERSION, "key": stamp.key, "taken_ns": stamp.taken_ns,
            "summary": stamp.summary, "names": [path[cut:] for path in stamp.names],
            "values": base64.b64encode(stamp.values.tobytes()).decode("ascii"), "missing": list(stamp.missing),
            "racy": [path[cut:] for path in stamp.racy]}
    return cache.dumps(data)


def write(config: Config, encoded: bytes) -> None:
    """Save the stamp; one that cannot be written (a full disk) costs only the next
    build's speed, never this build's result (the report is out already)."""
    try:
        fsio.write_if_changed(path_of(config), encoded, durable=False)
    except (L10nError, OSError):
        forget(config)


def save(config: Config, stamp: Stamp) -> None:
    write(config, encode(config, stamp))


class Picture(NamedTuple):
    """What a scan at the end of a build would find (``picture``), once it holds."""

    ready_ns: int  # when it holds: this build's last write is SETTLE_NS old (the stamp's taken_ns)
    scan: Scan
    racy: tuple[tuple[str, fsio.Signature], ...]  # files to find as they are here, once ready


def picture(config: Config, locales: Iterable[str], before: Scan,
            written: Mapping[str, fsio.Signature | None], recent: Collection[str] | None = None) -> Picture | None:
    """What a scan at the end of a build would find, without taking it: the scan taken
    when the build began, with the files this build wrote as it left them (``written``)
    and those it removed gone; and when that picture holds (the stamp's ``taken_ns``,
    once this build's last write is ``SETTLE_NS`` old). It is made at once, so that a
    build saves its stamp as soon as it holds (``confirm`` waits for that).

    A file someone else changed during the build keeps the signature it had before, so
    the next build sees the change. A file changed so shortly before the first scan that
    a later change might not have moved its times must be as the first scan found it
    once the picture holds (``confirm`` looks). None when the picture cannot be made so
    (the build made a folder, the file system keeps whole seconds): then a real scan
    decides (``final_scan`` and ``only_ours``).

    ``recent``: the only files of ``before`` that can have changed lately, when a stamp
    says so (those it found changed, and its own racy files); otherwise every file is
    looked at."""
    if before.coarse():
        return None
    roots = folders(config, locales)
    deep = tuple(folder + os.sep for folder, below in roots if below)
    flat = {folder for folder, below in roots if not below}
    pyproject = os.path.join(config.root, "pyproject.toml")
    files = dict(before.files)
    since = before.taken_ns - SETTLE_NS
    racy = tuple((path, files[path]) for path in _recent(files, since, recent) if path not in written)
    newest = max((max(sig[1], sig[2]) for _, sig in racy), default=0)
    was_missing = tuple(folder + os.sep for folder in before.missing)
    for path, sig in written.items():
        parent = os.path.dirname(path)
        if path.startswith(was_missing):
            return None  # in a folder that was not there: a scan would list it now
        if parent in flat or path == pyproject:
            pass
        elif path.startswith(deep):
            if not any(parent + os.sep == root for root in deep) and parent + os.sep not in files:
                return None  # in a folder this build made: a scan would list the folder too
        else:
            continue  # not in the folders a build watches (its caches)
        if sig is None:
            files.pop(path, None)
        else:
            files[path] = sig
            newest = max(newest, sig[1], sig[2])
    return Picture(_ready_at(newest), Scan(files, before.missing, before.taken_ns), racy)


def _recent(files: Mapping[str, fsio.Signature], since_ns: int, among: Iterable[str] | None = None) -> list[str]:
    """The files changed at ``since_ns`` or later (of those ``among``, when given)."""
    paths = files if among is None else [path for path in among if path in files]
    return [path for path in paths if files[path][1] >= since_ns or files[path][2] >= since_ns]


def confirm(pictured: Picture) -> bool:
    """Wait until ``pictured`` holds, then whether the files changed just before its scan
    are still as it found them."""
    return not moved(pictured)


def moved(pictured: Picture) -> tuple[str, ...]:
    """Wait until ``pictured`` holds, then the files changed just before its scan that are
    no longer as it found them (changed again, or removed: by a writer that did not wait
    for this build, an editor saving right after it reported). The picture still holds
    for every other file, and the stamp made of it says those files changed."""
    _sleep_until(pictured.ready_ns)
    return tuple(path for path, sig in pictured.racy if not _as_scanned(path, sig))


def _as_scanned(path: str, sig: fsio.Signature) -> bool:
    """Whether a scan would find ``path`` with ``sig`` (see ``_walk``: a folder by its
    presence, or its link's own signature; a file by its target's, or by its link's own
    when the link leads out of the workspace or to nothing)."""
    try:
        if path.endswith(os.sep):
            st = os.lstat(path[:-1])
            return sig == (0, 0, 0, 0) and stat.S_ISDIR(st.st_mode) or sig == fsio.signature_of(st)
        own = os.lstat(path)
        if sig == fsio.signature_of(own):
            return True
        return stat.S_ISLNK(own.st_mode) and sig == fsio.signature_of(os.stat(path))
    except OSError:
        return False


def after_build(config: Config, locales: Iterable[str], before: Scan,
                written: Mapping[str, fsio.Signature | None]) -> tuple[int, Scan] | None:
    """``picture`` and ``confirm`` at once: the picture and when it holds, or None."""
    pictured = picture(config, locales, before, written)
    if pictured is None or not confirm(pictured):
        return None
    return pictured.ready_ns, pictured.scan


def clean_folders(config: Config, locales: Iterable[str], scan_: Scan) -> frozenset[str]:
    """The folders ``scan_`` listed in full (not through a link) that hold no temporary
    file of a killed writer: nothing there for ``fsio.sweep`` to remove."""
    roots = folders(config, locales)
    deep = tuple(folder + os.sep for folder, below in roots if below)
    listed = {folder for folder, _ in roots if folder not in scan_.missing and f"outside: {folder}" not in scan_.missing}
    if scan_.listed is not None:
        listed.update(scan_.listed)
    else:
        listed.update(path[:-1] for path, sig in scan_.files.items()
                      if path.endswith(os.sep) and sig == (0, 0, 0, 0) and path.startswith(deep))
    hidden = scan_.hidden if scan_.hidden is not None else [
        path for path in scan_.files if os.path.basename(path.rstrip(os.sep)).startswith(".")]
    dirty = {folder for folder, _, name in (path.rpartition(os.sep) for path in hidden) if fsio.is_temporary(name)}
    return frozenset(listed - dirty)


def forget(config: Config) -> None:
    """Remove the stamp. One that cannot be removed, like one that cannot be written, is
    no error of the build: it pictures the workspace as an earlier build left it, and any
    file changed since shows as a change to the next build."""
    with contextlib.suppress(L10nError, OSError):
        fsio.remove(path_of(config))


def final_scan(config: Config, locales: Iterable[str],
               written: Mapping[str, fsio.Signature | None]) -> tuple[int, Scan]:
    """The scan a stamp is made of, and when it began: taken once the newest file (this
    process's last write, or an edit made just before the build) is ``SETTLE_NS`` old,
    waiting for that at most twice ``SETTLE_NS``."""
    _wait_until(max((max(sig[1], sig[2]) for sig in written.values() if sig is not None), default=0))
    taken = time.time_ns()
    after = scan(config, locales)
    if not settled(after, taken) and not after.coarse():
        _wait_until(after.newest())
        taken = time.time_ns()
        after = scan(config, locales)
    return taken, after


def _ready_at(newest_ns: int) -> int:
    """When ``newest_ns`` is ``SETTLE_NS`` in the past: now when it is already, or when it
    is later than a clock tick from now (a file with a time in the future)."""
    now = time.time_ns()
    ready = newest_ns + SETTLE_NS + 1_000_000
    return ready if 0 < ready - now <= SETTLE_NS + 1_000_000 else now


def _wait_until(newest_ns: int) -> None:
    """Sleep until ``newest_ns`` is ``SETTLE_NS`` in the past (see ``_ready_at``)."""
    _sleep_until(_ready_at(newest_ns))


def _sleep_until(moment_ns: int) -> None:
    wait = moment_ns - time.time_ns()
    if wait > 0:
        time.sleep(wait / 1e9)
