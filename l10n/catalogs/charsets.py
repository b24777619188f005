"""The charset a PO file declares, and the Python codec that reads and writes it.

A catalog names its charset in the header (``Content-Type: text/plain; charset=UTF-8``).
gettext knows a fixed list of charset names (po-charset.c) and checks the bytes of a file
against the charset only when it knows the name; a name it does not know only gets a
warning, and the bytes are taken as they are. ``codec_for`` mirrors that: the codec, and
whether the bytes are checked against it.
"""

from __future__ import annotations

import codecs
import functools

from l10n.catalogs.model import Catalog

# The charsets gettext knows by name (po-charset.c), with the Python codec for each; a
# charset gettext does not know is not validated (msgfmt only warns), nor is one Python
# lacks.
_GETTEXT_CHARSETS: dict[str, str | None] = {
    "ASCII": "ascii", "ANSI_X3.4-1968": "ascii", "US-ASCII": "ascii",
    **{f"ISO{sep}8859-{n}": f"iso8859_{n}" for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 14, 15) for sep in "-_"},
    "KOI8-R": "koi8_r", "KOI8-U": "koi8_u", "KOI8-T": "koi8_t",
    "CP850": "cp850", "CP866": "cp866", "CP874": "cp874", "CP932": "cp932", "CP949": "cp949",
    "CP950": "cp950", **{f"CP125{n}": f"cp125{n}" for n in range(8)},
    "GB2312": "gb2312", "EUC-JP": "euc_jp", "EUC-KR": "euc_kr", "EUC-TW": None, "BIG5": "big5",
    "BIG5-HKSCS": "big5hkscs", "GBK": "gbk", "GB18030": "gb18030", "SHIFT_JIS": "shift_jis",
    "JOHAB": "johab", "TIS-620": "tis_620", "VISCII": None, "GEORGIAN-PS": None, "UTF-8": "utf-8",
}  # fmt: skip


def charset_of(header_value: str | None) -> str | None:
    """The ``charset=`` of a header (or of a Content-Type value), as gettext finds it."""
    if header_value is None:
        return None
    start = header_value.find("charset=")
    if start < 0:
        return None
    start += len("charset=")
    end = start
    while end < len(header_value) and header_value[end] not in " \t\n":
        end += 1
    return header_value[start:end]


def codec_for(charset: str | None) -> tuple[str, bool]:
    """Python codec for a declared charset, and whether gettext validates bytes against it."""
    if charset is not None:
        python_codec = _GETTEXT_CHARSETS.get(charset.upper())
        if python_codec is not None:
            return python_codec, True
        # A name gettext does not know (gettext takes the bytes as they are): if it is
        # another name of a charset it knows ("latin1", "utf8"), decode with that.
        if charset.isascii() and charset.isprintable():
            try:
                name = codecs.lookup(charset).name
            except LookupError:
                name = ""
            if name in _known_codecs():
                return name, False
    return "utf-8", False


@functools.cache
def _known_codecs() -> frozenset[str]:
    return frozenset(codecs.lookup(name).name for name in _GETTEXT_CHARSETS.values() if name)


def catalog_codec(catalog: Catalog) -> str:
    """The Python codec to encode ``catalog``'s strings with (its declared charset, found
    as the reader and gettext find it: the first ``charset=`` of the whole header)."""
    return codec_for(charset_of(catalog.header_text()))[0]


def decode(data: bytes, charset: str | None) -> tuple[str, str, bool, bool]:
    """Text, Python codec, whether strings are checked against it, whether bytes were bad."""
    codec, checked = codec_for(charset)
    try:
        return data.decode(codec), codec, checked, False
    except UnicodeDecodeError:
        pass
    # Bad bytes are kept (as surrogates) and reported only where gettext reports them:
    # inside strings that follow the header.
    return data.decode(codec, "surrogateescape"), codec, checked, True
