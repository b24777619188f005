"""What l10n remembers between runs so that a run with nothing to do does (almost) nothing.

A ``Ledger`` is a file under the workspace's ``.l10n/cache/`` (``NAME.ledger``) that maps a
name (a catalog, a template, an edition) to what a stage last saw and made of it: the
signatures of its input files and a result. A file's signature is its ``stat``
(modification and change times in nanoseconds, size, inode) and a hash of its contents. The stat is
trusted the way git trusts its index: only when the file was last changed well before the
ledger was written (a file changed in the same moment might change again without its
stat changing: "racily clean"); otherwise the contents are hashed and compared. Each entry
is kept as JSON text and decoded when asked for.

A build that knows from its stamp which files changed since the last build lends every
ledger its word for the others (``Trust``, ``trusting``): a stage then takes what it
recorded of such a file as still true, without a stat.

A ledger written by other code (an upgrade, an edit of l10n) is not read: what that code
made of a file proves nothing about what this code makes of it.

Nothing here is a source of truth: deleting ``.l10n/`` only makes the next run slower.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import itertools
import os
import time
import zlib
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from l10n import fsio
from l10n.config import Config

VERSION = 5  # 2: signatures carry the change time; 3: each entry kept as JSON text; 4: not in one JSON; 5: a CRC
_CRC_SIZE = 8  # a ledger file ends with the CRC-32 of all before it, as 8 hex digits: a damaged one is not read
RACY_SECONDS = 1.0  # a file changed this close to the ledger's writing is hashed, not trusted


# What a build server (``l10n.server``) read of a file of l10n's memory before it forked
# the build: (path, kind) -> (the file's signature then, what it was read as). A build
# takes it instead of reading the file again, once, and only while the file is the one
# read (``kept``); nothing else keeps anything here.
_KEPT: dict[tuple[str, str], tuple[fsio.Signature, Any]] = {}


def keep(path: str, kind: str, read: Callable[[], Any]) -> None:
    """In a build server: read ``path`` as ``kind`` (``read()``) for the builds to come,
    if it stays the same file while it is read."""
    _KEPT.pop((path, kind), None)
    try:
        before = fsio.signature_of(os.stat(path))
        value = read()
        if fsio.signature_of(os.stat(path)) == before:
            _KEPT[(path, kind)] = (before, value)
    except OSError:
        return


def forget() -> None:
    _KEPT.clear()


# Ledgers saved while saves are deferred, by path (the last save of each), and whether they are.
_DEFERRED: dict[Path, Ledger] = {}
_DEFERRING: list[bool] = []


def defer_saves() -> None:
    """Write the ledgers this process saves from now on at its end (``write_deferred``), not
    as it saves them: a build server's build lets its client go once it reported, and its
    caches are written after (a ledger opened meanwhile reads as saved)."""
    _DEFERRING[:] = [True]


def write_deferred() -> None:
    """Write the ledgers whose saves were deferred, and save at once from now on."""
    _DEFERRING.clear()
    pending = list(_DEFERRED.values())
    _DEFERRED.clear()
    for ledger in pending:
        ledger._write()


def kept(path: str, kind: str) -> Any:
    """What the build server read of ``path`` as ``kind``, if the file is still the one it
    read (its size, times and inode); None otherwise. Once: a second read reads the file."""
    entry = _KEPT.pop((path, kind), None)
    if entry is None:
        return None
    try:
        return entry[1] if fsio.signature_of(os.stat(path)) == entry[0] else None
    except OSError:
        return None


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def dumps(data: Any, sort_keys: bool = False, default: Callable[[Any], Any] | None = None) -> bytes:
    """Compact UTF-8 JSON of ``data``, fast (orjson): caches of several MB are written
    by a build that changed one article. ``default``: what to make of other values."""
    option = orjson.OPT_NON_STR_KEYS | (orjson.OPT_SORT_KEYS if sort_keys else 0)
    return orjson.dumps(data, option=option, default=default)


def loads(raw: bytes | memoryview | str) -> Any:
    """JSON to data (ValueError when it is not JSON)."""
    return orjson.loads(raw)


def ledger_bytes(data: Mapping[str, Any]) -> bytes:
    """A ledger's file: a line of JSON with everything but its entries, their keys and the
    sizes of their values, then the values' JSON texts, one after the other. (Not one JSON
    object with the values as strings in it: every quote of them would be escaped, and a
    ledger of a thousand articles would be decoded and encoded whole for one article.)"""
    entries = data["entries"]
    values = [text.encode("utf-8") if isinstance(text, str) else text for text in entries.values()]
    head = {k: v for k, v in data.items() if k != "entries"}
    head.update(keys=list(entries), sizes=[len(v) for v in values])
    body = b"".join([dumps(head), b"\n", *values])
    return body + b"%08x" % zlib.crc32(body)


def ledger_data(raw: bytes) -> dict[str, Any]:
    """What ``ledger_bytes`` wrote (ValueError when it is something else). The values are
    not decoded, nor copied: each is a view of ``raw``, its JSON text, decoded when asked
    for. A file whose CRC does not match (a damaged disk, a bit flipped) is no ledger."""
    limit = len(raw) - _CRC_SIZE
    if limit < 0 or b"%08x" % zlib.crc32(memoryview(raw)[:limit]) != raw[limit:]:
        raise ValueError("damaged")
    end = raw.find(b"\n", 0, limit)
    data = loads(raw[:end]) if end >= 0 else None
    if not isinstance(data, dict):
        raise ValueError("not a ledger")
    keys, sizes = data.pop("keys"), data.pop("sizes")
    if not (isinstance(keys, list) and isinstance(sizes, list) and len(keys) == len(sizes)
            and all(isinstance(key, str) for key in keys) and all(isinstance(n, int) and n >= 0 for n in sizes)):
        raise ValueError("not a ledger")
    ends = list(itertools.accumulate(sizes, initial=end + 1))
    if ends[-1] != limit:
        raise ValueError("cut short")
    view = memoryview(raw)
    data["entries"] = {key: view[a:b] for key, a, b in zip(keys, ends, ends[1:])}
    return data


@functools.cache
def code_version() -> str:
    """Changes whenever l10n's own code or data does (an upgrade, an edit): what other code
    made of the same inputs (a ledger's results, a build's stamp, its editions) proves
    nothing about what this code makes of them. Worked out once a process: a process runs
    the code it started with."""
    package = Path(__file__).resolve().parent
    marks = []
    for folder, _, names in sorted(os.walk(package)):
        for name in sorted(names):
            if name.endswith((".py", ".j2", ".css", ".po", ".txt", ".json")):
                st = os.stat(os.path.join(folder, name))
                marks.append(f"{os.path.relpath(folder, package)}/{name}:{st.st_size}:{st.st_mtime_ns}")
    return digest("\n".join(marks).encode("utf-8"))


Record = list[Any]  # [mtime_ns, size, inode, ctime_ns, content digest]


def signature(path: Path) -> list[int] | None:
    """The file's stat signature, or None when it does not exist."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return [st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns]


def record(path: Path) -> Record | None:
    """What to remember of a file: its signature and a hash of its contents."""
    sig, data = file_state(path)
    return None if sig is None or data is None else [*sig, digest(data)]


def record_written(path: Path, data: bytes) -> Record | None:
    """``record`` of a file this process has just written ``data`` to, without reading it
    back: its signature, and the hash of ``data`` (read back only when the size says the
    file holds something else: a save that came after)."""
    sig = signature(path)
    if sig is None or sig[1] != len(data):
        return record(path)
    return [*sig, digest(data)]


@dataclass(frozen=True)
class Trust:
    """What a build knows before it starts: every file of ``known`` is as the last build
    left it, except those of ``changed`` (proved by the build's stamp: one pass of stat
    against the last build's, see ``l10n.build.stamp``). A file this process has written
    since (``written``: ``fsio.recording``'s record) is not trusted either."""

    known: Collection[str]  # absolute paths
    changed: Collection[str]
    written: Mapping[str, object]

    def holds(self, path: str | os.PathLike[str]) -> bool:
        name = os.fspath(path)
        if not os.path.isabs(name):
            name = os.path.abspath(name)
        return name in self.known and name not in self.changed and name not in self.written


_TRUST: list[Trust] = []


@contextlib.contextmanager
def trusting(trust: Trust | None) -> Iterator[None]:
    """Inside the block, ``trusted`` (and so every ledger) takes ``trust``'s word for the
    files it covers instead of checking them (None: nothing is taken on trust)."""
    if trust is None:
        yield
        return
    _TRUST.append(trust)
    try:
        yield
    finally:
        _TRUST.remove(trust)


def trusted(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is known to be as the last build left it (see ``Trust``)."""
    return bool(_TRUST) and _TRUST[-1].holds(path)


@dataclass
class Ledger:
    """Each entry is kept as its JSON text and decoded when asked for: a run that looks
    at a few of thousands of entries decodes a few (and writes the others back as read)."""

    path: Path
    entries: dict[str, bytes | memoryview] = field(default_factory=dict)  # key -> the value's JSON text
    written_at: float = 0.0  # when the ledger was last saved (time.time())
    dirty: bool = False
    _values: dict[str, Any] = field(default_factory=dict)  # the entries decoded so far

    @classmethod
    def open(cls, config: Config, name: str) -> Ledger:
        path = config.state_path / "cache" / f"{name}.ledger"
        pending = _DEFERRED.get(path) if _DEFERRING else None
        if pending is not None:  # saved by this process, to be written at its end: as saved
            return cls(path, dict(pending.entries), pending.written_at)
        try:
            data = kept(str(path), "ledger")  # (read by a build server before this build)
            if not isinstance(data, dict):
                data = ledger_data(path.read_bytes())
            if data.get("version") != VERSION or data.get("code") != code_version():
                raise ValueError("another version, or made by other code")
            return cls(path, data["entries"], float(data["written_at"]))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls(path)

    def get(self, key: str) -> Any:
        if key in self._values:
            return self._values[key]
        text = self.entries.get(key)
        if text is None:
            return None
        try:
            value = loads(text)
        except ValueError:  # (damaged: as if it were not there)
            return None
        self._values[key] = value
        return value

    def put(self, key: str, value: Any) -> None:
        text = dumps(value)
        self._values[key] = value
        if self.entries.get(key) != text:
            self.entries[key] = text
            self.dirty = True

    def drop(self, keys: Iterable[str]) -> None:
        for key in list(keys):
            self._values.pop(key, None)
            if self.entries.pop(key, None) is not None:
                self.dirty = True

    def keep_only(self, keys: Iterable[str]) -> None:
        wanted = set(keys)
        self.drop([k for k in self.entries if k not in wanted])

    def save(self) -> None:
        """Write the ledger if it changed (atomically; a failure only costs speed); while
        saves are deferred (``deferring``), at the end of the process instead."""
        if not self.dirty:
            return
        self.written_at = time.time()
        if _DEFERRING:
            _DEFERRED[self.path] = Ledger(self.path, dict(self.entries), self.written_at, True)
            self.dirty = False
            return
        self._write()

    def _write(self) -> None:
        sweep_stale(self.path.parent)
        data = {"version": VERSION, "code": code_version(), "written_at": self.written_at, "entries": self.entries}
        try:
            # (not made durable: a ledger a power loss takes only makes the next run slower)
            fsio.atomic_write(self.path, ledger_bytes(data), durable=False)
            fsio.remove(self.path.with_suffix(".json"))  # (the same ledger, as l10n 0.1 kept it)
        except Exception:  # noqa: BLE001 - a cache that cannot be written is only a slower next run
            return
        self.dirty = False

    def unchanged(self, path: Path, recorded: Record | None) -> bool:
        """Whether ``path`` is still the file ``recorded`` describes."""
        if not recorded or len(recorded) != 5:
            return False
        if trusted(path):  # as the last build left it: what a stage recorded then stands
            return True
        now = signature(path)
        if now != recorded[:4]:
            return False
        # The change time, not the modification time: that one can be set back (an
        # editor, ``touch -d``, a restore), the change time cannot.
        if recorded[3] / 1e9 < self.written_at - RACY_SECONDS:
            return True
        # Racily clean (changed about when the ledger was written): compare the contents.
        _, data = file_state(path)
        return data is not None and digest(data) == recorded[4]


STALE_SECONDS = 600  # a temporary file of the caches this old is a killed writer's
_SWEPT: set[str] = set()


def sweep_stale(folder: Path) -> None:
    """Remove the temporary files (``*.tmp``) killed writers left in a folder of the caches,
    once a process: those older than ``STALE_SECONDS`` (a live writer's is younger; the
    caches are written without the workspace lock). Everything in these folders is
    l10n's own."""
    name = os.fspath(folder)
    if name in _SWEPT:
        return
    _SWEPT.add(name)
    limit = time.time() - STALE_SECONDS
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        with contextlib.suppress(OSError):
            if entry.name.endswith(".tmp") and entry.is_file(follow_symlinks=False) and \
                    entry.stat(follow_symlinks=False).st_mtime < limit:
                os.unlink(entry.path)


def file_state(path: Path) -> tuple[list[int] | None, bytes | None]:
    """Signature and contents of a file (None, None when it does not exist)."""
    try:
        with open(path, "rb") as handle:
            st = os.fstat(handle.fileno())
            return [st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns], handle.read()
    except FileNotFoundError:
        return None, None
