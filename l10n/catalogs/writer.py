"""Write gettext PO/POT files exactly as GNU msgcat 0.21 writes them (gettext's write-po.c).

``generate(catalog)`` yields the lines of the file, byte for byte what msgcat and msgmerge
write: the header first, comments in gettext's order, normalised flags, references and
strings wrapped at 79 columns with libunistring's Unicode line breaking
(``l10n.catalogs.linebreak``), never inside an escape sequence or a C or Python format
directive; obsolete entries last, and only if translated. ``dump(catalog)`` encodes it in
the catalog's charset.

Known differences from gettext: header lines are normalised to ``Name: value`` (a header
line without a colon, or without the space after it, is written with them), and a comment
that ends with a backslash is written as it is, although any reader (gettext's too) joins
it with the next line.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from l10n.catalogs import validate
from l10n.catalogs.charsets import catalog_codec, charset_of, codec_for
from l10n.catalogs.comments import normalize_flags, normalize_reference
from l10n.catalogs.linebreak import break_points, is_cjk_charset, must_break
from l10n.catalogs.model import Catalog, Message
from l10n.errors import CatalogError

PAGE_WIDTH = 79


def dump(catalog: Catalog) -> bytes:
    """The PO file for ``catalog``, as msgcat writes it, in the catalog's charset."""
    codec = catalog_codec(catalog)
    text = "".join(_lines(catalog))
    try:
        return text.encode(codec, "surrogateescape")
    except UnicodeEncodeError as exc:
        line = text.count("\n", 0, exc.start) + 1
        raise CatalogError("<catalog>", line, f"{exc.object[exc.start:exc.end]!r} cannot be written in the "
                                              f"catalog's charset ({codec})") from None  # fmt: skip


def generate(catalog: Catalog) -> Iterator[str]:
    """The lines of the PO file for ``catalog`` (each ending in ``\\n``), exactly as GNU
    msgcat writes them: the header first, then the active entries in order, then the
    obsolete ones (those with an empty msgstr are dropped, as gettext drops them)."""
    return iter(_lines(catalog))


def _lines(catalog: Catalog) -> list[str]:
    """``generate``'s lines, as a list (made at once: the writer's hot loop)."""
    entries: list[Message] = []
    header = catalog.header_text()
    if catalog.headers or catalog.header_comments or catalog.header_flags:
        entries.append(Message(msgid="", msgstr=header, flags=list(catalog.header_flags),
                               translator_comments=list(catalog.header_comments)))  # fmt: skip
    entries.extend(m for m in catalog.messages if not m.obsolete)
    entries.extend(m for m in catalog.messages if m.obsolete and _first_msgstr(m))
    charset = charset_of(header)  # the first charset= of the header (as catalog_codec, as the reader)
    codec = codec_for(charset)[0]
    cjk = is_cjk_charset(charset)
    out: list[str] = []
    for index, message in enumerate(entries):
        if index:
            out.append("\n")
        _entry_lines(out, message, codec, cjk)
    return out


def _first_msgstr(message: Message) -> str:
    if message.msgid_plural is None:
        return message.msgstr
    return message.msgstr_plural.get(0, "") if message.msgstr_plural else ""


def _entry_lines(out: list[str], message: Message, codec: str, cjk: bool) -> None:
    """Append the lines of one entry to ``out``."""
    for comment in message.translator_comments:
        for line in comment.split("\n"):
            out.append(f"# {line}\n" if line else "#\n")
    for comment in message.extracted_comments:
        # (gettext would write a newline in an extracted comment as it is, breaking the file)
        for line in comment.split("\n"):
            out.append(f"#. {line}\n" if line else "#.\n")
    if message.references:
        out.extend(_reference_lines(message.references, codec))
    flags = normalize_flags(", ".join(message.flags)) if message.flags else []
    if flags and flags[0] == "fuzzy" and not _first_msgstr(message):
        flags = flags[1:]  # gettext does not write fuzzy on an untranslated entry
    if message.obsolete:
        flags = [f for f in flags if not f.startswith("range: ")]
    if flags:
        out.append(f"#, {', '.join(flags)}\n")
    wrap = "no-wrap" not in flags
    previous_prefix = "#~| " if message.obsolete else "#| "
    if message.previous_msgctxt is not None:
        out.extend(_wrap(previous_prefix, "msgctxt", message.previous_msgctxt, wrap, flags, cjk))
    if message.previous_msgid is not None:
        out.extend(_wrap(previous_prefix, "msgid", message.previous_msgid, wrap, flags, cjk))
    if message.previous_msgid_plural is not None:
        out.extend(_wrap(previous_prefix, "msgid_plural", message.previous_msgid_plural, wrap, flags, cjk))
    prefix = "#~ " if message.obsolete else ""
    if message.msgctxt is not None:
        out.extend(_wrap(prefix, "msgctxt", message.msgctxt, wrap, flags, cjk))
    out.extend(_wrap(prefix, "msgid", message.msgid, wrap, flags, cjk))
    if message.msgid_plural is None:
        out.extend(_wrap(prefix, "msgstr", message.msgstr, wrap, flags, cjk))
        return
    out.extend(_wrap(prefix, "msgid_plural", message.msgid_plural, wrap, flags, cjk))
    forms = message.msgstr_plural or {0: "", 1: ""}
    for index in sorted(forms):
        out.extend(_wrap(prefix, f"msgstr[{index}]", forms[index], wrap, flags, cjk))


def _reference_lines(references: list[str], codec: str) -> Iterator[str]:
    line = "#:"
    column = 2
    seen: set[str] = set()
    for reference in references:
        reference = normalize_reference(reference)
        if reference in seen:
            continue
        seen.add(reference)
        # gettext counts bytes here (file names are "usually entirely ASCII").
        width = (len(reference) if reference.isascii() else len(reference.encode(codec, "surrogateescape"))) + 1
        if column > 2 and column + width > PAGE_WIDTH:
            yield line + "\n"
            line = "#:"
            column = 2
        line += " " + reference
        column += width
    yield line + "\n"


# -- wrapping strings: gettext's wrap() ---------------------------------------------------

_ESCAPED = {
    "\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v",
    '"': '\\"', "\\": "\\\\",
    # A byte the file gave as an escape and that is no character of its charset (half of
    # a UTF-8 sequence, "\303" alone): written back as the same escape, so that the file
    # reads again (as bytes in the file it would be an invalid multibyte sequence).
    **{chr(0xDC00 + byte): f"\\{byte:03o}" for byte in range(0x80, 0x100)},
}  # fmt: skip
_NEEDS_ESCAPE = re.compile('[\a\b\f\n\r\t\v"\\\\\udc80-\udcff]')
_NO_WRAP_WIDTH = 2**31 - 1


def _wrap(prefix: str, keyword: str, value: str, wrap: bool, flags: list[str], cjk: bool) -> tuple[str, ...]:
    """``keyword "value"`` as lines of at most 79 columns, broken where gettext breaks."""
    if not value:
        return (f'{prefix}{keyword} ""\n',)
    return _wrapped(prefix, keyword, value, wrap, tuple(flags), cjk)


# The same string is written again and again (a msgid in every locale's catalog and in
# its template, an old text as "#|" in each): its lines are remembered.
@functools.lru_cache(maxsize=1 << 14)
def _wrapped(prefix: str, keyword: str, value: str, wrap: bool, flags: tuple[str, ...], cjk: bool) -> tuple[str, ...]:
    return tuple(_wrap_lines(prefix, keyword, value, wrap, list(flags), cjk))


def _wrap_lines(prefix: str, keyword: str, value: str, wrap: bool, flags: list[str], cjk: bool) -> Iterator[str]:
    """``keyword "value"`` as lines of at most 79 columns, broken where gettext breaks."""
    after_break = len(prefix) + 1  # a continuation line starts with the prefix and a quote
    width = (PAGE_WIDTH if wrap else _NO_WRAP_WIDTH) - 1 - after_break  # room for the closing quote
    inside_directives = validate.directive_interiors(value, flags, keyword.startswith("msgstr")) if flags else frozenset()
    first_line = True
    start = 0
    end = len(value)
    while True:
        stop = value.find("\n", start)
        stop = end if stop < 0 else stop + 1
        escaped, no_break = _escape(value, start, stop, inside_directives)
        start_column = (len(keyword) + 1 if first_line else 0) + len(prefix) + 1 - after_break
        if first_line and escaped and (stop < end or start_column > width
                                       or must_break(escaped, no_break, width, start_column, cjk)):
            # A string that does not fit on the keyword's line starts with "".
            yield f'{prefix}{keyword} ""\n'
            first_line = False
            start_column = len(prefix) + 1 - after_break
        breaks = break_points(escaped, no_break, width, start_column, cjk)
        head = f'{prefix}{keyword} "' if first_line else f'{prefix}"'
        previous = 0
        for point in breaks:
            yield f'{head}{escaped[previous:point]}"\n'
            head = f'{prefix}"'
            previous = point
        yield f'{head}{escaped[previous:]}"\n'
        first_line = False
        start = stop
        if start >= end:
            return


def _escape(value: str, start: int, stop: int, inside_directives: frozenset[int]) -> tuple[str, list[int]]:
    """``value[start:stop]`` as written in a PO string, and the positions in it before which
    gettext never breaks: the second character of an escape sequence, the ``\\n`` ending
    the portion, and the inside of a format directive."""
    portion = value[start:stop]
    if not inside_directives:
        first = _NEEDS_ESCAPE.search(portion)
        if first is None:
            return portion, []
        if first.start() == len(portion) - 1 and portion[-1] == "\n":  # a header line, say
            end = len(portion) - 1
            return portion[:end] + "\\n", [end + 1, end]
        return _escape_plain(portion)
    pieces: list[str] = []
    no_break: list[int] = []
    column = 0
    for index in range(start, stop):
        char = value[index]
        if index in inside_directives:
            no_break.append(column)
        escape = _ESCAPED.get(char)
        if escape is None:
            pieces.append(char)
            column += 1
        else:
            pieces.append(escape)
            no_break.extend(range(column + 1, column + len(escape)))  # never inside an escape
            column += len(escape)
    if portion.endswith("\n"):
        no_break.append(column - 2)
    return "".join(pieces), no_break


def _escape_plain(portion: str) -> tuple[str, list[int]]:
    """``_escape`` for a portion without format directives: only its escape sequences."""
    pieces: list[str] = []
    no_break: list[int] = []
    last = shift = 0  # shift: the columns the escapes so far added
    for match in _NEEDS_ESCAPE.finditer(portion):
        at = match.start()
        escape = _ESCAPED[portion[at]]
        pieces.append(portion[last:at])
        pieces.append(escape)
        no_break.extend(range(at + shift + 1, at + shift + len(escape)))  # never inside an escape
        shift += len(escape) - 1
        last = at + 1
    pieces.append(portion[last:])
    if portion.endswith("\n"):
        no_break.append(len(portion) + shift - 2)
    return "".join(pieces), no_break
