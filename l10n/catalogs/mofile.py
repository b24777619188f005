"""Compile catalogs to GNU .mo files: byte for byte what ``msgfmt --no-hash`` writes.

``compile_mo(catalog)`` is pure: the little-endian .mo bytes, with the keys
(``msgctxt<EOT>msgid``; ``msgid<NUL>msgid_plural`` for plural entries) sorted by their
bytes, the header (less its ``POT-Creation-Date``, as msgfmt does) first. Like msgfmt it
leaves out obsolete, fuzzy (the header excepted) and untranslated entries (those whose
first msgstr is empty); strings stay in the catalog's charset. No hash table is written:
glibc and Python's ``gettext`` find strings without one. Strings with C's ``<PRIu64>``
macros stay as they are (msgfmt moves them to a table of system-dependent strings that only
glibc reads).

``compile_file(po, mo)`` reads and validates a .po (``reader.parse``, msgfmt --check's
rules) and only then writes the .mo atomically; a catalog that fails validation leaves any
existing .mo untouched.
"""

from __future__ import annotations

import sys
from array import array
from itertools import accumulate
from operator import add
from pathlib import Path

from l10n import fsio
from l10n.catalogs.charsets import catalog_codec
from l10n.catalogs.model import Catalog
from l10n.catalogs.reader import parse
from l10n.errors import CatalogError
from l10n.memory import gc_paused

MAGIC = 0x950412DE
_HEADER_SIZE = 28  # magic, revision, count, two table offsets, hash table size and offset


def compile_mo(catalog: Catalog) -> bytes:
    """The .mo file for ``catalog`` (which is assumed valid, e.g. read by ``reader.parse``)."""
    codec = catalog_codec(catalog)
    # msgfmt leaves out obsolete and fuzzy entries (the header excepted) and those whose
    # first msgstr is empty.
    table = {
        message.msgid if message.msgctxt is None else f"{message.msgctxt}\x04{message.msgid}": message.msgstr
        for message in catalog.messages
        if message.msgid_plural is None and message.msgstr and not message.obsolete
        and not (message.flags and "fuzzy" in message.flags)
    }  # fmt: skip
    for message in catalog.messages:
        forms = message.msgstr_plural
        if forms and forms.get(0) and not message.obsolete and "fuzzy" not in message.flags:
            key = f"{message.msgid}\x00{message.msgid_plural}"
            table[key if message.msgctxt is None else f"{message.msgctxt}\x04{key}"] = "\x00".join(
                [forms[i] for i in sorted(forms)]
            )
    header = catalog.header_text()
    if header:
        # msgfmt leaves the template's creation date out, so that a .mo only changes when
        # the translations do.
        table[""] = "".join(line for line in header.splitlines(keepends=True)
                            if not line.startswith("POT-Creation-Date:"))  # fmt: skip
    return _layout(*_encoded_and_sorted(table, codec))


def _encoded_and_sorted(table: dict[str, str], codec: str) -> tuple[list[bytes], list[bytes]]:
    """Keys and values in the catalog's charset, sorted by the keys' bytes as msgfmt sorts."""
    if codec == "utf-8":
        # UTF-8 bytes sort as their code points do: sort the strings, then encode each once.
        # A string that holds undecodable bytes (kept as surrogates) goes the general way.
        keys = sorted(table)
        try:
            return list(map(str.encode, keys)), list(map(str.encode, map(table.__getitem__, keys)))
        except UnicodeEncodeError:
            pass
    try:
        pairs = sorted((key.encode(codec, "surrogateescape"), value.encode(codec, "surrogateescape"))
                       for key, value in table.items())  # fmt: skip
    except UnicodeEncodeError as exc:
        raise CatalogError("<catalog>", 0, f"{exc.object[exc.start:exc.end]!r} in {exc.object[:60]!r} cannot be "
                                           f"written in the catalog's charset ({codec})") from None  # fmt: skip
    return [key for key, _ in pairs], [value for _, value in pairs]


def _layout(keys: list[bytes], values: list[bytes]) -> bytes:
    count = len(keys)
    key_blob = b"\x00".join(keys) + b"\x00" if keys else b""
    value_blob = b"\x00".join(values) + b"\x00" if values else b""
    keys_start = _HEADER_SIZE + 16 * count
    values_start = keys_start + len(key_blob)
    tables = array("I", [MAGIC, 0, count, _HEADER_SIZE, _HEADER_SIZE + 8 * count, 0, keys_start])
    tables.extend(_table(keys, keys_start))
    tables.extend(_table(values, values_start))
    if sys.byteorder == "big":  # pragma: no cover - .mo files are written little endian here
        tables.byteswap()
    return b"".join((tables.tobytes(), key_blob, value_blob))


def _table(strings: list[bytes], start: int) -> array[int]:
    """(length, offset) pairs of NUL-terminated ``strings`` laid out from ``start``."""
    lengths = array("I", map(len, strings))
    # The i-th string starts after the i earlier strings and their i NULs.
    offsets = array("I", map(add, accumulate(lengths, initial=start), range(len(strings))))
    table = array("I", bytes(8 * len(strings)))
    table[0::2] = lengths
    table[1::2] = offsets[: len(strings)]
    return table


def compile_file(po_path: Path, mo_path: Path | None = None, *, shown_as: str | None = None) -> Path:
    """Validate ``po_path`` and write its .mo (default: beside it, suffix ``.mo``)
    atomically; return the .mo path. On a ``CatalogError`` nothing is written."""
    target = mo_path if mo_path is not None else po_path.with_suffix(".mo")
    data = po_path.read_bytes()
    with gc_paused():
        mo = compile_mo(parse(data, shown_as if shown_as is not None else str(po_path)))
    fsio.atomic_write(target, mo)
    return target
