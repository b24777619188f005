"""Gettext PO/POT files, read and written the way GNU gettext 0.21 does: one import for
the public API of the modules that do the work.

* ``parse(data, path)``: ``l10n.catalogs.reader`` (with ``l10n.catalogs.validate``, the
  checks msgfmt --check makes after reading);
* ``generate(catalog)`` and ``dump(catalog)``: ``l10n.catalogs.writer`` (with
  ``l10n.catalogs.linebreak``, libunistring's line breaking);
* charsets: ``l10n.catalogs.charsets``; flags and references: ``l10n.catalogs.comments``.
"""

from __future__ import annotations

from l10n.catalogs.charsets import catalog_codec, charset_of
from l10n.catalogs.comments import FORMAT_LANGUAGES, normalize_flags, normalize_reference
from l10n.catalogs.reader import parse, parse_header
from l10n.catalogs.writer import PAGE_WIDTH, dump, generate
from l10n.memory import gc_paused

__all__ = [
    "FORMAT_LANGUAGES",
    "PAGE_WIDTH",
    "catalog_codec",
    "charset_of",
    "dump",
    "gc_paused",
    "generate",
    "normalize_flags",
    "normalize_reference",
    "parse",
    "parse_header",
]
