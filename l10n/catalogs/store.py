"""Reading and writing catalog files without ever losing anyone's work.

``modify(path, change)`` is the one way l10n changes a catalog on disk:

1. under the workspace lock (other l10n processes wait), read and validate the file;
2. ``change`` returns the new catalog (or ``None``: nothing to do, nothing written);
3. just before the atomic replace, read the file again: if a translator saved it in the
   meantime, merge per entry, and their version of an entry wins;
4. write atomically (temp file, fsync, ``os.replace``, mode kept).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar
from pathlib import Path

from l10n import fsio
from l10n.catalogs import pofile
from l10n.catalogs.model import Catalog, Key, Message
from l10n.errors import CatalogError, from_os_error

T = TypeVar("T")

REREAD_ATTEMPTS = 5
SETTLE_PAUSE = 0.05  # seconds between two reads of a file that does not parse
SETTLE_QUIET = 1.0  # a file unchanged this long (by mtime) is not being saved right now
SETTLE_SECONDS = 5.0  # how long a file may keep changing before its last state is judged


@dataclass(frozen=True)
class Snapshot:
    data: bytes | None
    catalog: Catalog | None


def read_bytes(path: Path) -> bytes | None:
    """The file's bytes, None when there is none; a machine failure names the file."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise from_os_error(exc, "read", path) from None


def read(path: Path, shown_as: str | None = None, *, strict: bool = True) -> Catalog:
    """Parse and validate one catalog file (CatalogError names FILE:LINE).

    A file that does not parse is read again until two reads agree: an editor that saves
    in place (truncate, then write) can be caught half-way, and that is not a broken file.
    """
    snapshot = _snapshot(path, shown_as or str(path), strict)
    if snapshot.catalog is None:
        raise from_os_error(FileNotFoundError(2, "No such file or directory"), "read", path)
    return snapshot.catalog


def _snapshot(path: Path, shown_as: str, strict: bool = True) -> Snapshot:
    """The file and its catalog, read until stable (see ``read``): a file that does not
    parse is judged once it has not changed for SETTLE_QUIET seconds (an editor writing
    it right now changes it sooner), or after SETTLE_SECONDS at most."""
    data = read_bytes(path)
    if data is None:
        return Snapshot(None, None)
    try:
        return Snapshot(data, pofile.parse(data, shown_as, check=strict))
    except CatalogError:
        failed = data
    deadline = time.monotonic() + SETTLE_SECONDS
    while True:
        try:
            age = time.time() - path.stat().st_mtime
        except OSError:
            age = 0.0
        if age >= SETTLE_QUIET or time.monotonic() > deadline:
            again = read_bytes(path)
            if again == failed:
                return Snapshot(failed, pofile.parse(failed, shown_as, check=strict))  # raises: it is broken
        else:
            time.sleep(SETTLE_PAUSE)
            again = read_bytes(path)
        if again is None:
            return Snapshot(None, None)
        if again != failed:
            try:
                return Snapshot(again, pofile.parse(again, shown_as, check=strict))
            except CatalogError:
                failed = again


def same_catalog(a: Catalog, b: Catalog) -> bool:
    return a == b  # Message equality ignores the line a message was read from


def _slot(message: Message) -> tuple[bool, Key]:
    return (message.obsolete, message.key)


def _pick(base: T | None, ours: T, theirs: T) -> T:
    return theirs if theirs != base else ours


def _merge_headers(base: Catalog | None, ours: Catalog, theirs: Catalog) -> list[tuple[str, str]]:
    """Field by field, as for entries: theirs where they changed it, ours elsewhere."""
    base_fields = {k.lower(): v for k, v in base.headers} if base else {}
    our_fields = {k.lower(): (k, v) for k, v in ours.headers}
    their_fields = {k.lower(): (k, v) for k, v in theirs.headers}
    out: list[tuple[str, str]] = []
    for key in list(their_fields) + [k for k in our_fields if k not in their_fields]:
        theirs_value = their_fields[key][1] if key in their_fields else None
        if theirs_value != base_fields.get(key) or key not in our_fields:
            if key in their_fields:
                out.append(their_fields[key])
        else:
            out.append(our_fields[key])
    return out


def merge3(base: Catalog | None, ours: Catalog, theirs: Catalog) -> Catalog:
    """Per entry: theirs where they changed it since ``base``, ours everywhere else.

    Entries are matched by (obsolete, msgctxt, msgid). An entry they removed stays removed
    unless ours changed it too (then ours is kept: nothing is lost). An obsolete entry
    whose text is active in the result is dropped (no duplicate msgids).
    """
    base_index = {_slot(m): m for m in base.messages} if base else {}
    our_index = {_slot(m): m for m in ours.messages}
    their_index = {_slot(m): m for m in theirs.messages}
    slots = list(our_index) + [s for s in their_index if s not in our_index]
    out: list[Message] = []
    for slot in slots:
        base_m, mine, theirs_m = base_index.get(slot), our_index.get(slot), their_index.get(slot)
        chosen = mine
        if theirs_m != base_m:  # they changed, added or removed it
            chosen = theirs_m if theirs_m is not None or mine == base_m else mine
        if chosen is not None:
            out.append(chosen)
    active_keys = {m.key for m in out if not m.obsolete}
    return Catalog(
        headers=_merge_headers(base, ours, theirs),
        header_comments=list(_pick(base.header_comments if base else None, ours.header_comments, theirs.header_comments)),
        header_flags=list(_pick(base.header_flags if base else None, ours.header_flags, theirs.header_flags)),
        messages=[m for m in out if not m.obsolete] + [m for m in out if m.obsolete and m.key not in active_keys],
    )


def _encode(catalog: Catalog, like: bytes | None = None) -> bytes:
    """The catalog's bytes, with the line ends of ``like`` (the file as read: one a Windows
    editor saved with CRLF, most of its lines at least, is written with CRLF throughout,
    where GNU gettext would leave CRLF in comments only); a catalog whose charset cannot hold its new text (a Latin-1 catalog getting
    "„") is switched to UTF-8, which every PO tool reads."""
    data = _dump(catalog)
    if like and 2 * like.count(b"\r\n") > like.count(b"\n"):  # (most of its lines: CRLF)
        # (a raw CR or LF is never part of a character in the charsets gettext reads, and
        # never inside a string: the writer escapes those)
        data = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    return data


def _dump(catalog: Catalog) -> bytes:
    try:
        return pofile.dump(catalog)
    except CatalogError:
        # Every charset= of the header: the first, wherever it stands, is the one gettext
        # (and the writer) reads.
        catalog.headers = [(key, re.sub(r"charset=[^;\s]*", "charset=UTF-8", value)) for key, value in catalog.headers]
        content_type = catalog.header("Content-Type") or "text/plain"
        if "charset=" not in content_type:
            catalog.set_header("Content-Type", content_type + "; charset=UTF-8")
        return pofile.dump(catalog)


def modify(
    path: Path,
    change: Callable[[Catalog | None], Catalog | None],
    locales_path: Path,
    shown_as: str | None = None,
    dry_run: bool = False,
    strict: bool = True,
) -> bool:
    """Apply ``change`` to the catalog at ``path`` safely. True when the file was written
    (with ``dry_run``: when it would be; nothing is written). With ``strict=False`` a
    catalog whose translations break msgfmt's rules is still read (and may be mended)."""
    shown = shown_as or str(path)
    with fsio.workspace_lock(locales_path):
        before = _snapshot(path, shown, strict)
        wanted = change(before.catalog.copy() if before.catalog else None)
        if wanted is None or (before.catalog is not None and same_catalog(wanted, before.catalog)):
            return False
        if dry_run:
            return before.data != _encode(wanted, before.data)
        data = _encode(wanted, before.data)
        for _ in range(REREAD_ATTEMPTS):
            if read_bytes(path) != before.data:
                # Someone saved the file while we worked: their entries win.
                now = _snapshot(path, shown, strict)
                if now.catalog is not None:
                    wanted = merge3(before.catalog, wanted, now.catalog)
                    if same_catalog(wanted, now.catalog):
                        return False
                    data = _encode(wanted, now.data)
                before = now
            try:
                fsio.atomic_write(path, data, expect=before.data,
                                  on_conflict=lambda: _retry(path, change, locales_path, shown, strict))
            except fsio.ChangedMeanwhile:
                continue
            return True
        raise CatalogError(shown, 0, "the file keeps changing while l10n writes it; try again")


@dataclass(frozen=True)
class Prepared:
    """A change worked out from a file as it was read (maybe in another process), to be
    written by ``commit``: the file's bytes then (as a digest), and the new bytes (None:
    nothing to change)."""

    before: str | None  # digest of the bytes read; None: there was no file
    data: bytes | None


def _digest(data: bytes | None) -> str | None:
    return fsio.digest(data)  # as fsio.Holding compares it


def prepare(path: Path, change: Callable[[Catalog | None], Catalog | None], shown_as: str | None = None,
            strict: bool = True, changes_argument: bool = True) -> Prepared:
    """Read ``path`` and work out ``change`` on it; nothing is written (no lock needed:
    ``commit`` checks the file is still what was read). CatalogError for a bad file.
    ``changes_argument=False`` promises that ``change`` leaves the catalog it is given
    as it is (it builds a new one): it gets the one read, not a copy."""
    before = _snapshot(path, shown_as or str(path), strict)
    given = before.catalog.copy() if before.catalog and changes_argument else before.catalog
    wanted = change(given)
    if wanted is None or (before.catalog is not None and same_catalog(wanted, before.catalog)):
        return Prepared(_digest(before.data), None)
    return Prepared(_digest(before.data), _encode(wanted, before.data))


def commit(path: Path, prepared: Prepared, change: Callable[[Catalog | None], Catalog | None],
           locales_path: Path, shown_as: str | Callable[[], str] | None = None, strict: bool = True) -> bool:
    """Write what ``prepare`` worked out, safely: if the file changed since it was read,
    ``change`` is applied again through ``modify`` (a translator's entries win). True when
    the file was (or will be, in a batch) written. ``shown_as`` may be a function: it is
    called only if the name is needed (a message)."""
    if prepared.data is None:
        return False

    def shown() -> str:
        return shown_as() if callable(shown_as) else shown_as or str(path)

    with fsio.workspace_lock(locales_path):
        # The file must still be what was read: checked at the last moment (in a batch,
        # when it ends), without reading it here too; if not, the change is made again
        # from the file as it is then (their entries win).
        try:
            fsio.atomic_write(path, prepared.data, expect=fsio.Holding(prepared.before),
                              on_conflict=lambda: _retry(path, change, locales_path, shown(), strict))
        except fsio.ChangedMeanwhile:
            return modify(path, change, locales_path, shown(), strict=strict)
        return True


def _retry(path: Path, change: Callable[[Catalog | None], Catalog | None], locales_path: Path, shown: str,
           strict: bool) -> None:
    """A write staged in a batch found the file changed when the batch ended: do it again,
    from the file as it is now (their entries win, as always)."""
    modify(path, change, locales_path, shown, strict=strict)
