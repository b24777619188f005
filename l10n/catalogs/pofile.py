"""Read, validate and write gettext PO/POT files the way GNU gettext 0.21 does.

``parse(data, path)`` turns the bytes of a .po/.pot file into a ``Catalog`` and rejects,
as ``CatalogError(path, line, reason)``, every file that ``msgfmt --check`` rejects, at
the line msgfmt names (the lexical and grammar rules are here, the checks msgfmt makes
after reading in ``l10n.catalogs.validate``). It is built for speed: a gettext-formatted
entry is recognised by one regular expression; anything unusual (a hand-made layout,
errors, obsolete entries) goes through a token-by-token reader that follows gettext's
lexer and grammar, quirks included.

``generate(catalog)`` yields the file as msgcat and msgmerge write it, byte for byte:
comment order, normalised flags, references and strings wrapped at 79 columns with
libunistring's Unicode line breaking, never inside an escape sequence or a C or Python
format directive; ``dump(catalog)`` encodes it in the catalog's charset.

The model keeps what gettext keeps: flags are the set gettext understands (the last ``#,``
line of an entry wins, unknown flags are dropped, fuzzy first, formats in gettext's
order), references are de-duplicated ``file:line`` tokens without ``./``, obsolete
entries are written last and only if translated. Known differences from gettext: header
lines are normalised to ``Name: value`` (a header line without a colon, or without the
space after it, is written with them), and a comment that ends with a backslash is
written as it is, although any reader (gettext's too) joins it with the next line.
"""

from __future__ import annotations

import bisect
import codecs
import contextlib
import functools
import gc
import re
import unicodedata
from collections.abc import Iterator, Sequence
from typing import NamedTuple, overload

from l10n.catalogs import validate
from l10n.catalogs.model import Catalog, Message
from l10n.errors import CatalogError

PAGE_WIDTH = 79

# gettext 0.21's format languages, in the order msgcat writes their flags.
FORMAT_LANGUAGES = (
    "c", "objc", "python", "python-brace", "java", "java-printf", "csharp", "javascript",
    "scheme", "lisp", "elisp", "librep", "ruby", "sh", "awk", "lua", "object-pascal",
    "smalltalk", "qt", "qt-plural", "kde", "kde-kuit", "boost", "tcl", "perl", "perl-brace",
    "php", "gcc-internal", "gfc-internal", "ycp",
)  # fmt: skip
_FORMAT_INDEX = {name: i for i, name in enumerate(FORMAT_LANGUAGES)}

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

_WHITESPACE = " \t\r\f\v"
_FLAG_SEPARATORS = re.compile(r"[\n \t\r\f\v,]+")
_RANGE = re.compile(r"([0-9]+)\.\.([0-9]+)")
_SURROGATE = re.compile("[\udc80-\udcff]")


class _Slow(Exception):
    """The fast path met something it does not handle: re-read the entry token by token."""


# ---------------------------------------------------------------------------------------
# Charsets
# ---------------------------------------------------------------------------------------


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


def _codec(charset: str | None) -> tuple[str, bool]:
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
    """The Python codec to encode ``catalog``'s strings with (its declared charset)."""
    return _codec(charset_of(catalog.header("Content-Type")))[0]


_HEADER_SNIFF = re.compile(
    rb'(?m)^[ \t]*msgid[ \t]+""[ \t\r]*\n[ \t]*msgstr[ \t]+((?:"[^\n]*\n[ \t]*)+)'
)


def _sniff_charset(data: bytes) -> str | None:
    """The charset of the header, from a quick look at the bytes (``parse`` checks it)."""
    match = _HEADER_SNIFF.search(data)
    if match is None:
        return None
    pieces = re.findall(r'"((?:[^"\\\n]|\\.)*)"', match.group(1).decode("latin-1"))
    try:
        return charset_of("".join(_token_value(piece, "latin-1") for piece in pieces))
    except _BadEscape:
        return None


def _decode(data: bytes, charset: str | None) -> tuple[str, str, bool, bool]:
    """Text, Python codec, whether strings are checked against it, whether bytes were bad."""
    codec, checked = _codec(charset)
    try:
        return data.decode(codec), codec, checked, False
    except UnicodeDecodeError:
        pass
    # Bad bytes are kept (as surrogates) and reported only where gettext reports them:
    # inside strings that follow the header.
    return data.decode(codec, "surrogateescape"), codec, checked, True


# ---------------------------------------------------------------------------------------
# Flags and references: what gettext keeps of them
# ---------------------------------------------------------------------------------------


def normalize_flags(text: str) -> list[str]:
    """The flags of one ``#,`` line as gettext keeps and writes them (fuzzy first, format
    flags in gettext's order, ``range: a..b``, ``no-wrap``; unknown flags are dropped)."""
    fuzzy = False
    formats: dict[int, str] = {}
    flag_range: tuple[int, int] | None = None
    no_wrap: bool | None = None
    tokens = [t for t in _FLAG_SEPARATORS.split(text) if t]
    i = 0
    while i < len(tokens):
        token = tokens[i]
        i += 1
        if token == "fuzzy":
            fuzzy = True
        elif token == "range:":
            if i < len(tokens):
                match = _RANGE.match(tokens[i])
                i += 1
                if match:
                    low, high = (min(int(v), 2**31 - 1) for v in match.groups())
                    if low <= high:
                        flag_range = (low, high)
        elif token == "wrap":
            no_wrap = False
        elif token == "no-wrap":
            no_wrap = True
        elif token.endswith("-format"):
            name = token[: -len("-format")]
            state = "yes"
            for prefix in ("no-", "possible-", "impossible-"):
                if name.startswith(prefix) and name[len(prefix):] in _FORMAT_INDEX:
                    name, state = name[len(prefix):], prefix[:-1]
                    break
            index = _FORMAT_INDEX.get(name)
            if index is not None:
                formats[index] = state
    flags = ["fuzzy"] if fuzzy else []
    for index in sorted(formats):
        state = formats[index]
        if state == "no":
            flags.append(f"no-{FORMAT_LANGUAGES[index]}-format")
        elif state in ("yes", "possible"):
            flags.append(f"{FORMAT_LANGUAGES[index]}-format")
    if flag_range is not None:
        flags.append(f"range: {flag_range[0]}..{flag_range[1]}")
    if no_wrap:
        flags.append("no-wrap")
    return flags


def normalize_reference(token: str) -> str:
    """A ``#:`` token as gettext writes it back: ``./`` dropped, the line number reformatted."""
    while token.startswith("./"):
        token = token[2:]
    colon = token.rfind(":")
    number = token[colon + 1 :]
    if colon >= 0 and number.isascii() and number.isdigit():
        line = int(number) % 2**64
        if line >= 2**63:
            line -= 2**64
        return f"{token[:colon]}:{line}"
    return token


def _add_references(references: list[str], text: str) -> None:
    for token in text.split():
        ref = normalize_reference(token)
        if ref not in references:
            references.append(ref)


# ---------------------------------------------------------------------------------------
# Strings
# ---------------------------------------------------------------------------------------

_SIMPLE_ESCAPES = {
    "n": "\n", "t": "\t", "b": "\b", "r": "\r", "f": "\f", "v": "\v", "a": "\a",
    "\\": "\\", '"': '"',
}  # fmt: skip
_ESCAPE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9A-Fa-f]+)|(.)|$)", re.S)


class _BadEscape(Exception):
    """A string gettext rejects: a bad escape sequence, or the msgctxt separator in it."""


def _escape_value(match: re.Match[str]) -> str:
    octal, hexadecimal, other = match.groups()
    if other is not None:
        value = _SIMPLE_ESCAPES.get(other)
        if value is None:
            raise _BadEscape
        return value
    if octal is None and hexadecimal is None:
        raise _BadEscape
    byte = int(octal or hexadecimal, 8 if octal else 16) & 0xFF
    # A byte >= 0x80 is part of a multibyte character in the file's charset: keep it as a
    # raw byte (surrogateescape) and let _unescape put the characters back together.
    return chr(byte) if byte < 0x80 else chr(0xDC00 + byte)


def _first_bad_escape(raw: str) -> int:
    for match in _ESCAPE.finditer(raw):
        try:
            _escape_value(match)
        except _BadEscape:
            return match.start()
    return 0


def _token_value(raw: str, codec: str) -> str:
    """The value of one string token's contents (between the quotes), as gettext's lexer
    computes it. Raises _BadEscape on an escape gettext rejects."""
    value = _unescape(raw, codec)
    if "\x00" in value:
        # gettext keeps C strings: a NUL ends the token's value.
        value = value[: value.index("\x00")]
    if "\x04" in value:
        raise _BadEscape("context separator <EOT> within string")
    return value


def _unescape(raw: str, codec: str) -> str:
    """String contents with their escape sequences replaced (NULs and EOTs kept)."""
    value = raw
    if "\\" in value:
        if "\\\\" not in value:
            # No escaped backslash: every backslash starts an escape, and the usual three
            # can be replaced in place.
            value = value.replace("\\n", "\n").replace('\\"', '"').replace("\\t", "\t")
        if "\\" in value:
            value = _ESCAPE.sub(_escape_value, value)
            if _SURROGATE.search(value):
                value = value.encode(codec, "surrogateescape").decode(codec, "surrogateescape")
    return value


# ---------------------------------------------------------------------------------------
# The token-by-token reader (gettext's po-lex.c and po-gram-gen.y)
# ---------------------------------------------------------------------------------------


class _Token(NamedTuple):
    kind: str  # COMMENT DOMAIN MSGCTXT MSGID MSGID_PLURAL MSGSTR PREV_MSGCTXT PREV_MSGID
    #            PREV_MSGID_PLURAL STRING PREV_STRING NUMBER [ ] NAME JUNK EOF
    value: str | int | None
    line: int
    obsolete: bool
    first: bool  # the first token of its line (a point where the fast path may resume)
    line_start: int
    offset: int
    last_line: int = 0  # where a comment ends (lines joined by a backslash), if not ``line``


_KEYWORDS = {
    "domain": "DOMAIN", "msgctxt": "MSGCTXT", "msgid": "MSGID",
    "msgid_plural": "MSGID_PLURAL", "msgstr": "MSGSTR",
}  # fmt: skip
_PREV_KEYWORDS = {"msgctxt": "PREV_MSGCTXT", "msgid": "PREV_MSGID", "msgid_plural": "PREV_MSGID_PLURAL"}
_NAME_START = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$")
_NAME_CHARS = _NAME_START | frozenset("0123456789")
_DIGITS = frozenset("0123456789")
_DESCRIBE = {
    "STRING": "a string", "PREV_STRING": "a '#|' string", "NUMBER": "a number", "EOF": "end of file",
    "COMMENT": "a comment", "JUNK": "a stray character", "NAME": "an unknown keyword",
}  # fmt: skip


def _describe(token: _Token) -> str:
    if token.kind in _DESCRIBE:
        return _DESCRIBE[token.kind]
    if token.kind in ("[", "]"):
        return f"'{token.kind}'"
    word = token.kind.lower().replace("prev_", "#| ")
    return f"'{word}'"


# ---------------------------------------------------------------------------------------
# The fast path: one regular expression per gettext-formatted entry
# ---------------------------------------------------------------------------------------

_STRING_LINE = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"\n'
_STRINGS = f"{_STRING_LINE}(?:{_STRING_LINE})*"
# What may follow an entry for it to be complete: a comment, a keyword that starts the
# next entry, or the end. (A "#~" or "#|" line without a token could be followed by a
# string that continues this entry: such an entry is read token by token.)
_NEXT_ENTRY = r"#(?![~|])|#[~|]+[ \t]*[^ \t\n#]|msgid |msgctxt |\Z"
# A one-line string without escapes is its own value: a group of its own saves the work.
_PLAIN = r'"([^"\\\n\x00\x04]*)"\n(?!")'
_FAST_ENTRY = re.compile(
    r"((?:#(?:[^~\n][^\n]*)?\n)*)"  # 1: comments, "#|" lines included
    f"(?:msgctxt ({_STRINGS}))?"  # 2
    f"msgid (?:{_PLAIN}|({_STRINGS}))"  # 3, 4
    f"(?:msgstr (?:{_PLAIN}|({_STRINGS}))"  # 5, 6
    f"|msgid_plural ({_STRINGS})((?:msgstr\\[[0-9]+\\] {_STRINGS})+))"  # 7, 8
    r"\n*"
    rf"(?={_NEXT_ENTRY})"
)
# The most common entry of all, read with the least work: no comments, no context, and a
# non-empty msgid (so not the header).
_PLAIN_ENTRY = re.compile(rf'msgid "([^"\\\n\x00\x04]+)"\n(?!")msgstr {_PLAIN}(\n*)(?={_NEXT_ENTRY})')
_PLURAL_FORM = re.compile(f"msgstr\\[([0-9]+)\\] ({_STRINGS})")
_PREVIOUS_LINE = re.compile(r'#\| (?:(msgctxt|msgid|msgid_plural) )?("[^"\\\n]*(?:\\.[^"\\\n]*)*")$')


class _Reader:
    def __init__(self, text: str, path: str | None, codec: str, checked: bool, bad_bytes: bool) -> None:
        # gettext's lexer drops every backslash-newline pair before anything else, even in
        # comments; the positions where lines were joined keep the line numbers right.
        self.joined: list[int] = []
        if "\\\n" in text:
            pieces = text.split("\\\n")
            for piece in pieces[:-1]:
                self.joined.append((self.joined[-1] if self.joined else 0) + len(piece))
            text = "".join(pieces)
        self.text = text
        self.path = path
        self.codec = codec
        # Strings are checked for bytes invalid in the charset only once the header (which
        # names the charset) has been read, as gettext does.
        self.check_bytes = checked and bad_bytes
        self.bytes_checked = False
        self.messages: list[Message] = []
        # msgfmt names an entry's msgstr line: it is msgid's line plus this many lines.
        self.msgstr_deltas: list[int] = []
        # Indices of the messages validate.check must look at: all but the plain ones.
        self.candidates: list[int] = []
        self.header: Message | None = None
        self.header_msgstr_line = 0
        self.header_charset: str | None = None
        self.seen: dict[str, int] = {}  # entries without msgctxt, by msgid
        self.seen_in_context: dict[tuple[str | None, str], int] = {}

    def error(self, line: int, reason: str) -> CatalogError:
        return CatalogError(self.path, line, reason)

    def duplicate(self, message: Message) -> CatalogError:
        if message.msgctxt is None:
            first = self.seen[message.msgid]
        else:
            first = self.seen_in_context[(message.msgctxt, message.msgid)]
        return self.error(message.lineno, f"duplicate message definition (first defined at line {first})")

    def read(self) -> None:
        """Read every entry: the fast paths where they can, the token reader elsewhere."""
        text = self.text
        end = len(text)
        match_plain = _PLAIN_ENTRY.match
        match_entry = _FAST_ENTRY.match
        count = text.count
        new_message = Message
        messages = self.messages
        append = messages.append
        deltas = self.msgstr_deltas
        append_delta = deltas.append
        seen = self.seen
        seen_in_context = self.seen_in_context
        # Carriage returns (inside comments they are kept) and bad bytes are rare: the token
        # reader handles those files.
        fast = "\r" not in text and not self.check_bytes and not self.joined
        pos = 0
        line = 1  # the line at ``pos``
        while pos < end:
            if fast:
                plain = match_plain(text, pos)
                if plain is not None:
                    # The common case: no comments, no context, two plain one-line strings.
                    msgid, msgstr, blank_lines = plain.groups()
                    if msgid in seen:
                        raise self.error(line, f"duplicate message definition (first defined at line {seen[msgid]})")
                    seen[msgid] = line
                    append(new_message(msgid, msgstr, None, None, {}, [], [], [], [], None, None, None, False, line))
                    append_delta(1)
                    pos = plain.end()
                    line += 2 + len(blank_lines)
                    continue
                match = match_entry(text, pos)
                if match is not None:
                    try:
                        message, delta = self._entry(match, line)
                    except _Slow:
                        match = None
                if match is not None:
                    if message.msgctxt is None:
                        if message.msgid in seen:
                            raise self.duplicate(message)
                        seen[message.msgid] = message.lineno
                        if not message.msgid:
                            self._header(message, message.lineno + delta)
                            line += count("\n", pos, match.end())
                            pos = match.end()
                            continue
                    else:
                        key = (message.msgctxt, message.msgid)
                        if key in seen_in_context:
                            raise self.duplicate(message)
                        seen_in_context[key] = message.lineno
                    self.candidates.append(len(messages))
                    append(message)
                    append_delta(delta)
                    line += count("\n", pos, match.end())
                    pos = match.end()
                    continue
            pos, line = self._slow(pos, line)

    def _entry(self, match: re.Match[str], line: int) -> tuple[Message, int]:
        """The message of a fast-path match at ``line``, and its msgstr line delta."""
        comments, ctxt, plain_id, msgid_lines, plain_str, msgstr_lines, plural_lines, forms = match.groups()
        codec = self.codec
        translator: list[str] = []
        extracted: list[str] = []
        references: list[str] = []
        flags: list[str] = []
        previous = _NO_PREVIOUS
        if comments:
            previous = self._comment_lines(comments, translator, extracted, references, flags)
            line += comments.count("\n")
        msgctxt = None
        if ctxt is not None:
            msgctxt = _fast_string(ctxt, codec)
            line += ctxt.count("\n")
        if plain_id is not None:
            msgid = plain_id
            delta = 1
        else:
            msgid = _fast_string(msgid_lines, codec)
            delta = msgid_lines.count("\n")
        plural: dict[int, str] = {}
        if plural_lines is None:
            msgstr = plain_str if plain_str is not None else _fast_string(msgstr_lines, codec)
            msgid_plural = None
        else:
            msgstr = ""
            msgid_plural = _fast_string(plural_lines, codec)
            delta += plural_lines.count("\n")
            for index, form in _PLURAL_FORM.findall(forms):
                if int(index) != len(plural):
                    raise _Slow
                plural[len(plural)] = _fast_string(form, codec)
        message = Message(msgid, msgstr, msgctxt, msgid_plural, plural, flags, translator, extracted, references,
                          previous[0], previous[1], previous[2], False, line)  # fmt: skip
        return message, delta

    def _header(self, message: Message, msgstr_line: int) -> None:
        self.header = message
        self.header_msgstr_line = msgstr_line
        self.header_charset = charset_of(message.msgstr_plural.get(0, message.msgstr))
        self.bytes_checked = self.check_bytes

    def _comment_lines(
        self, block: str, translator: list[str], extracted: list[str], references: list[str], flags: list[str]
    ) -> tuple[str | None, str | None, str | None]:
        previous_lines: list[str] = []
        for comment in block.split("\n")[:-1]:
            kind = comment[1:2]
            if kind == "|":
                previous_lines.append(comment)
                continue
            if previous_lines:
                raise _Slow  # a comment between "#|" lines and the msgid: an error
            _apply_comment(comment[1:], translator, extracted, references, flags)
        if not previous_lines:
            return None, None, None
        values: dict[str, str] = {}
        keyword = ""
        for text in previous_lines:
            match = _PREVIOUS_LINE.match(text)
            if match is None:
                raise _Slow
            if match.group(1):
                keyword = match.group(1)
                if keyword in values or not _previous_order_ok(values, keyword):
                    raise _Slow
                values[keyword] = ""
            elif not keyword:
                raise _Slow
            values[keyword] += _fast_string(match.group(2) + "\n", self.codec)
        if "msgid" not in values:
            raise _Slow
        return values.get("msgctxt"), values["msgid"], values.get("msgid_plural")

    def add(self, message: Message, msgstr_line: int) -> None:
        """Add a message read by the token reader."""
        if message.msgctxt is None:
            if message.msgid in self.seen:
                raise self.duplicate(message)
            self.seen[message.msgid] = message.lineno
        else:
            key = (message.msgctxt, message.msgid)
            if key in self.seen_in_context:
                raise self.duplicate(message)
            self.seen_in_context[key] = message.lineno
        if message.msgctxt is None and not message.msgid and not message.obsolete:
            self._header(message, msgstr_line)
        else:
            self.candidates.append(len(self.messages))
            self.messages.append(message)
            self.msgstr_deltas.append(msgstr_line - message.lineno)

    # -- the slow path ------------------------------------------------------------------

    def _tokens(self, pos: int, line: int) -> Iterator[_Token]:
        """gettext's lexer (po-lex.c), from a line start at ``line``."""
        text = self.text
        end = len(text)
        joined = self.joined
        carried = False
        while pos < end:
            eol = text.find("\n", pos)
            if eol < 0:
                eol = end
            line_start = pos
            i = pos
            obsolete = False
            # gettext forgets "#|" at a newline its main loop reads; a comment reads its
            # own newline, so after "#| # ..." the next line is still a "#|" line.
            previous, carried = carried, False
            first = True
            while True:
                while i < eol and text[i] in _WHITESPACE:
                    i += 1
                if i >= eol:
                    break
                char = text[i]
                # ``line`` counts the lines of the joined text; ``at`` is the file's line.
                at = line + bisect.bisect_right(joined, i) if joined else line
                if char == "#":
                    following = text[i + 1 : i + 2]
                    if following == "~":
                        obsolete = True
                        i += 2
                        if text[i : i + 1] == "|":
                            previous = True
                            i += 1
                        continue
                    if following == "|":
                        previous = True
                        i += 2
                        continue
                    last = at + bisect.bisect_right(joined, eol) - bisect.bisect_right(joined, i) if joined else at
                    yield _Token("COMMENT", text[i + 1 : eol], at, obsolete, first, line_start, i, last)
                    carried = previous
                    i = eol
                    break
                if char == '"':
                    start = i
                    raw, i = self._string(i + 1, eol, at)
                    yield _Token("PREV_STRING" if previous else "STRING", raw, at, obsolete, first, line_start, start)
                elif char in _NAME_START:
                    j = i + 1
                    while j < eol and text[j] in _NAME_CHARS:
                        j += 1
                    word = text[i:j]
                    kind = (_PREV_KEYWORDS if previous else _KEYWORDS).get(word)
                    if kind is None:
                        raise self.error(at, f'keyword "{word}" unknown')
                    yield _Token(kind, word, at, obsolete, first, line_start, i)
                    i = j
                elif char in _DIGITS:
                    j = i + 1
                    while j < eol and text[j] in _DIGITS:
                        j += 1
                    yield _Token("NUMBER", int(text[i:j]), at, obsolete, first, line_start, i)
                    i = j
                elif char in "[]":
                    yield _Token(char, char, at, obsolete, first, line_start, i)
                    i += 1
                else:
                    yield _Token("JUNK", char, at, obsolete, first, line_start, i)
                    i += 1
                first = False
            line += 1
            pos = eol + 1
        at_end = (line if text.endswith("\n") or not text else line - 1) + len(joined)
        yield _Token("EOF", None, at_end, False, True, end, end)

    def _string(self, i: int, eol: int, line: int) -> tuple[str, int]:
        """A string token's value, its contents starting at ``i``; and the index after it."""
        text = self.text
        start = i
        while True:
            if i >= eol:
                if self.joined:  # the string went on over joined lines
                    line += bisect.bisect_right(self.joined, eol) - bisect.bisect_right(self.joined, start)
                if eol >= len(text):
                    raise self.error(line, "end-of-file within string")
                # gettext has read the newline when it notices: it names the next line.
                raise self.error(line + 1, "end-of-line within string")
            char = text[i]
            if char == '"':
                break
            i += 2 if char == "\\" else 1
        raw = text[start:i]

        def line_at(offset: int) -> int:
            """The file's line of ``text[offset]``, inside a string that may go on over
            joined lines (gettext names the line it is reading when it finds a problem)."""
            if not self.joined:
                return line
            return line + bisect.bisect_right(self.joined, offset) - bisect.bisect_right(self.joined, start)

        if self.bytes_checked:
            bad_byte = _SURROGATE.search(raw)
            if bad_byte:
                raise self.error(line_at(start + bad_byte.start()), f"invalid multibyte sequence (not valid {self.codec})")
        try:
            return _token_value(raw, self.codec), i + 1
        except _BadEscape as exc:
            if exc.args:
                raise self.error(line_at(i), str(exc.args[0])) from None
            bad = _first_bad_escape(raw)
            raise self.error(line_at(start + bad), f"invalid control sequence {raw[bad : bad + 2]!r}") from None

    def _slow(self, pos: int, line: int) -> tuple[int, int]:
        """Read at least one message token by token; stop where the fast path can resume."""
        tokens = self._tokens(pos, line)
        token = next(tokens)
        done = False
        while True:
            if token.kind == "EOF":
                return len(self.text), token.line
            if done and token.first:
                return token.line_start, token.line - bisect.bisect_right(self.joined, token.offset)
            token = _MessageReader(self, tokens).read(token)
            done = True


class _MessageReader:
    """One message, token by token, following gettext's grammar (po-gram-gen.y)."""

    def __init__(self, reader: _Reader, tokens: Iterator[_Token]) -> None:
        self.reader = reader
        self.tokens = tokens
        self.obsolete = False
        self.mixed: _Token | None = None

    def error(self, line: int, reason: str) -> CatalogError:
        return self.reader.error(line, reason)

    def syntax_error(self, at: _Token, expected: str) -> CatalogError:
        # gettext reports a syntax error where its lexer stands: after a comment, that is
        # the next line.
        line = at.last_line + 1 if at.kind == "COMMENT" else at.line
        return self.error(line, f"syntax error: {_describe(at)} where {expected} was expected")

    def take(self, token: _Token) -> _Token:
        """Accept ``token`` as part of this message; return the next one."""
        if token.obsolete != self.obsolete and self.mixed is None:
            self.mixed = token  # reported when the entry is complete, as gettext does
        return next(self.tokens)

    def mixed_error(self) -> CatalogError | None:
        if self.mixed is None:
            return None
        return self.error(self.mixed.line, "inconsistent use of #~ (obsolete and active lines in one entry)")

    def failure(self, error: CatalogError) -> CatalogError:
        """``error``, unless the entry mixes obsolete and active lines: gettext says that first."""
        return self.mixed_error() or error

    def strings(self, keyword: _Token, kind: str) -> tuple[str, _Token]:
        """The string list after ``keyword``; return it and the token after it."""
        token = self.take(keyword)
        if token.kind != kind:
            raise self.syntax_error(token, f"a string after {_describe(keyword)}")
        values = []
        while token.kind == kind:
            values.append(str(token.value))
            token = self.take(token)
        return "".join(values), token

    def read(self, token: _Token) -> _Token:
        """Read one message and the comments before it; return the token after it."""
        comments: list[str] = []
        while token.kind == "COMMENT":
            comments.append(str(token.value))
            token = next(self.tokens)
        if token.kind == "EOF":
            return token  # comments at the end of the file belong to nothing
        self.obsolete = token.obsolete
        if token.kind == "DOMAIN":
            name = self.take(token)
            if name.kind != "STRING":
                raise self.syntax_error(name, "a string after 'domain'")
            raise self.error(name.line, f"'domain {name.value}' directive ignored (msgfmt --check rejects it)")
        previous: list[str | None] = [None, None, None]
        if token.kind in ("PREV_MSGCTXT", "PREV_MSGID"):
            if token.kind == "PREV_MSGCTXT":
                previous[0], token = self.strings(token, "PREV_STRING")
                if token.kind != "PREV_MSGID":
                    raise self.syntax_error(token, "'#| msgid'")
            previous[1], token = self.strings(token, "PREV_STRING")
            if token.kind == "PREV_MSGID_PLURAL":
                previous[2], token = self.strings(token, "PREV_STRING")
        msgctxt = None
        if token.kind == "MSGCTXT":
            msgctxt, token = self.strings(token, "STRING")
            if token.kind != "MSGID":
                raise self.syntax_error(token, "'msgid'")
        if token.kind != "MSGID":
            raise self.syntax_error(token, "'msgid' or 'msgctxt'")
        msgid_line = token.line
        msgid, token = self.strings(token, "STRING")
        message = Message(msgid, "", msgctxt, None, {}, [], [], [], [], previous[0], previous[1],
                          previous[2], self.obsolete, msgid_line)  # fmt: skip
        for comment in comments:
            _apply_comment(comment, message.translator_comments, message.extracted_comments,
                           message.references, message.flags)  # fmt: skip
        if token.kind == "MSGID_PLURAL":
            message.msgid_plural, token = self.strings(token, "STRING")
            if token.kind != "MSGSTR":
                raise self.failure(self.error(msgid_line, "missing 'msgstr[]' section"))
            msgstr_line = token.line
            while token.kind == "MSGSTR":
                token = self.plural_form(token, message.msgstr_plural)
        elif token.kind == "MSGSTR":
            msgstr_line = token.line
            following = self.take(token)
            if following.kind == "[":
                # gettext reads the msgstr[N] forms before it notices what is missing.
                # (Its index check counts from the last msgid_plural: not worth mirroring.)
                token = self.plural_form(token, None, following)
                while token.kind == "MSGSTR":
                    token = self.plural_form(token, None)
                raise self.failure(self.error(msgid_line, "missing 'msgid_plural' section (msgstr[N] in a singular entry)"))
            if following.kind != "STRING":
                raise self.syntax_error(following, "a string after 'msgstr'")
            values = []
            while following.kind == "STRING":
                values.append(str(following.value))
                following = self.take(following)
            message.msgstr = "".join(values)
            token = following
        else:
            raise self.failure(self.error(msgid_line, "missing 'msgstr' section"))
        mixed = self.mixed_error()
        if mixed is not None:
            raise mixed
        self.reader.add(message, msgstr_line)
        return token

    def plural_form(self, keyword: _Token, forms: dict[int, str] | None, bracket: _Token | None = None) -> _Token:
        """``msgstr[N] "..."``: add it to ``forms`` (None: just read it); return the token
        after it. ``bracket`` is the token after ``msgstr`` when it has been read already."""
        token = bracket if bracket is not None else self.take(keyword)
        if token.kind != "[":
            raise self.syntax_error(token, "'[' after 'msgstr' in a plural entry")
        number = self.take(token)
        if number.kind != "NUMBER":
            raise self.syntax_error(number, "a plural form index")
        token = self.take(number)
        if token.kind != "]":
            raise self.syntax_error(token, "']'")
        value, following = self.strings(token, "STRING")
        if forms is None:
            return following
        if number.value != len(forms):
            if not forms:
                raise self.failure(self.error(keyword.line, f"first plural form has nonzero index msgstr[{number.value}]"))
            raise self.failure(self.error(keyword.line, f"plural form has wrong index msgstr[{number.value}] "
                                                        f"(expected {len(forms)})"))  # fmt: skip
        forms[len(forms)] = value
        return following


def _previous_order_ok(values: dict[str, str], keyword: str) -> bool:
    order = ("msgctxt", "msgid", "msgid_plural")
    position = order.index(keyword)
    if keyword == "msgid_plural":
        return "msgid" in values
    return all(order.index(k) < position for k in values)


_NO_PREVIOUS: tuple[str | None, str | None, str | None] = (None, None, None)


def _fast_string(lines: str, codec: str) -> str:
    """The value of consecutive string lines ``"..."\\n"..."\\n`` (fast path)."""
    try:
        value = _unescape(lines[1:-2].replace('"\n"', ""), codec)
        if "\x00" in value or "\x04" in value:
            # A NUL ends only the token it is in: take the lines one by one.
            value = "".join(_token_value(line[1:-1], codec) for line in lines[:-1].split("\n"))
        return value
    except _BadEscape:
        raise _Slow from None


def _apply_comment(
    comment: str, translator: list[str], extracted: list[str], references: list[str], flags: list[str]
) -> None:
    """File one comment (the text after ``#``) where gettext files it."""
    kind = comment[:1]
    if kind == ".":
        extracted.append(comment[2:] if comment[1:2] == " " else comment[1:])
    elif kind == ":":
        _add_references(references, comment[1:])
    elif kind == "," or kind == "!":
        flags[:] = normalize_flags(comment[1:])
    else:
        translator.append(comment[1:] if kind == " " else comment)


# ---------------------------------------------------------------------------------------
# parse
# ---------------------------------------------------------------------------------------


def _reject_encoding(data: bytes, path: str | None) -> None:
    if data.startswith(codecs.BOM_UTF8):
        raise CatalogError(path, 1, "file starts with a UTF-8 byte order mark (msgfmt rejects it)")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (
        len(data) >= 2 and (data[0] == 0 or data[1] == 0)
    ):
        raise CatalogError(path, 1, "file is UTF-16 (or UTF-32) encoded; PO files must use an ASCII-compatible charset")


def _read(data: bytes, path: str | None, charset: str | None) -> _Reader:
    text, codec, checked, bad_bytes = _decode(data, charset)
    reader = _Reader(text, path, codec, checked, bad_bytes)
    reader.read()
    return reader


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Reading (and compiling) creates a few objects per entry and none of them is garbage:
    the cyclic collector would only cost time, a third of it on a large catalog."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def parse(data: bytes, path: str | None = None) -> Catalog:
    """Read and validate a PO/POT file; ``CatalogError(path, line, reason)`` where msgfmt
    --check would reject it."""
    with gc_paused():
        return _parse(data, path)


def _parse(data: bytes, path: str | None) -> Catalog:
    _reject_encoding(data, path)
    sniffed = _sniff_charset(data)
    reader = _read(data, path, sniffed)
    if _codec(reader.header_charset) != _codec(sniffed):
        # The header was not where the quick look expected it: read again, knowing.
        reader = _read(data, path, reader.header_charset)
    catalog = Catalog(messages=reader.messages)
    header_line = 0
    if reader.header is not None:
        header = reader.header
        catalog.headers = parse_header(header.msgstr_plural.get(0, header.msgstr))
        catalog.header_comments = header.translator_comments
        catalog.header_flags = header.flags
        header_line = reader.header_msgstr_line
    validate.check(catalog, path, msgstr_lines=_Lines(reader), header_line=header_line, candidates=reader.candidates)
    return catalog


class _Lines(Sequence[int]):
    """msgstr line numbers, computed only when a check reports one."""

    def __init__(self, reader: _Reader) -> None:
        self.messages = reader.messages
        self.deltas = reader.msgstr_deltas

    def __len__(self) -> int:
        return len(self.deltas)

    @overload
    def __getitem__(self, index: int) -> int: ...

    @overload
    def __getitem__(self, index: slice) -> list[int]: ...

    def __getitem__(self, index: int | slice) -> int | list[int]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return self.messages[index].lineno + self.deltas[index]


def parse_header(text: str) -> list[tuple[str, str]]:
    """``Name: value`` lines of a header msgstr as ordered pairs (a line without a colon
    becomes a name with an empty value, and is written back as ``Name: ``)."""
    headers = []
    for line in text.split("\n"):
        if not line:
            continue
        name, _, value = line.partition(":")
        headers.append((name, value[1:] if value.startswith(" ") else value))
    return headers


# ---------------------------------------------------------------------------------------
# Writing: generate / dump (gettext's write-po.c)
# ---------------------------------------------------------------------------------------


def dump(catalog: Catalog) -> bytes:
    """The PO file for ``catalog``, as msgcat writes it, in the catalog's charset."""
    codec = catalog_codec(catalog)
    text = "".join(generate(catalog))
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
    entries: list[Message] = []
    if catalog.headers or catalog.header_comments or catalog.header_flags:
        entries.append(Message("", catalog.header_text(), flags=list(catalog.header_flags),
                               translator_comments=list(catalog.header_comments)))  # fmt: skip
    entries.extend(m for m in catalog.messages if not m.obsolete)
    entries.extend(m for m in catalog.messages if m.obsolete and _first_msgstr(m))
    charset = charset_of(catalog.header("Content-Type"))
    codec = _codec(charset)[0]
    cjk = charset is not None and charset.upper() in _CJK_CHARSETS
    for index, message in enumerate(entries):
        if index:
            yield "\n"
        yield from _entry_lines(message, codec, cjk)


def _first_msgstr(message: Message) -> str:
    if message.msgid_plural is None:
        return message.msgstr
    return message.msgstr_plural.get(0, "") if message.msgstr_plural else ""


def _entry_lines(message: Message, codec: str, cjk: bool) -> Iterator[str]:
    for comment in message.translator_comments:
        for line in comment.split("\n"):
            yield f"# {line}\n" if line else "#\n"
    for comment in message.extracted_comments:
        # (gettext would write a newline in an extracted comment as it is, breaking the file)
        for line in comment.split("\n"):
            yield f"#. {line}\n" if line else "#.\n"
    if message.references:
        yield from _reference_lines(message.references, codec)
    flags = normalize_flags(", ".join(message.flags))
    if flags and flags[0] == "fuzzy" and not _first_msgstr(message):
        flags = flags[1:]  # gettext does not write fuzzy on an untranslated entry
    if message.obsolete:
        flags = [f for f in flags if not f.startswith("range: ")]
    if flags:
        yield f"#, {', '.join(flags)}\n"
    wrap = "no-wrap" not in flags
    previous_prefix = "#~| " if message.obsolete else "#| "
    if message.previous_msgctxt is not None:
        yield from _wrap(previous_prefix, "msgctxt", message.previous_msgctxt, wrap, flags, cjk)
    if message.previous_msgid is not None:
        yield from _wrap(previous_prefix, "msgid", message.previous_msgid, wrap, flags, cjk)
    if message.previous_msgid_plural is not None:
        yield from _wrap(previous_prefix, "msgid_plural", message.previous_msgid_plural, wrap, flags, cjk)
    prefix = "#~ " if message.obsolete else ""
    if message.msgctxt is not None:
        yield from _wrap(prefix, "msgctxt", message.msgctxt, wrap, flags, cjk)
    yield from _wrap(prefix, "msgid", message.msgid, wrap, flags, cjk)
    if message.msgid_plural is None:
        yield from _wrap(prefix, "msgstr", message.msgstr, wrap, flags, cjk)
        return
    yield from _wrap(prefix, "msgid_plural", message.msgid_plural, wrap, flags, cjk)
    forms = message.msgstr_plural or {0: "", 1: ""}
    for index in sorted(forms):
        yield from _wrap(prefix, f"msgstr[{index}]", forms[index], wrap, flags, cjk)


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


# -- wrapping strings: gettext's wrap() with libunistring's line breaking (UAX #14) ------

_ESCAPED = {
    "\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v",
    '"': '\\"', "\\": "\\\\",
}  # fmt: skip
_NEEDS_ESCAPE = re.compile('[\a\b\f\n\r\t\v"\\\\]')
_UNDEFINED, _PROHIBITED, _POSSIBLE, _MANDATORY = 0, 1, 2, 3
_NO_WRAP_WIDTH = 2**31 - 1
# Charsets in which libunistring resolves ambiguous characters as ideographs, two columns wide.
_CJK_CHARSETS = frozenset(("EUC-JP", "GB2312", "GBK", "EUC-TW", "BIG5", "EUC-KR", "CP949", "JOHAB"))


def _wrap(prefix: str, keyword: str, value: str, wrap: bool, flags: list[str], cjk: bool) -> Iterator[str]:
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
        while True:
            start_column = (len(keyword) + 1 if first_line else 0) + len(prefix) + 1 - after_break
            breaks = _break_points(escaped, no_break, width, start_column, cjk)
            if first_line and escaped and (stop < end or start_column > width or breaks):
                # A string that does not fit on the keyword's line starts with "".
                yield f'{prefix}{keyword} ""\n'
                first_line = False
                continue
            break
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
    if not _NEEDS_ESCAPE.search(portion) and not inside_directives:
        return portion, []
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
            no_break.append(column + 1)
            column += 2
    if portion.endswith("\n"):
        no_break.append(column - 2)
    return "".join(pieces), no_break


def _break_points(escaped: str, no_break: list[int], width: int, start_column: int, cjk: bool = False) -> list[int]:
    """Where gettext starts a new line in ``escaped``: libunistring's ulc_width_linebreaks
    (UAX #14 break opportunities, filled greedily by display width) with gettext's
    overrides ``no_break``."""
    room = width - start_column
    if len(escaped) <= room and (escaped.isascii() or 2 * len(escaped) <= room):
        return []  # it fits whatever the widths (a character is at most two columns wide)
    widths = [_ASCII_WIDTHS[ord(char)] if char < "\x80" else _char_width(char, cjk) for char in escaped]
    if sum(widths) <= room:
        return []
    marks = _possible_linebreaks(escaped, cjk)
    for index in no_break:
        marks[index] = _PROHIBITED
    result: list[int] = []
    last_point = -1
    last_column = start_column
    piece_width = 0
    for i in range(len(escaped)):
        mark = marks[i]
        if mark == _POSSIBLE or mark == _MANDATORY:
            if last_point >= 0 and last_column + piece_width > width:
                result.append(last_point)
                last_column = 0
        if mark == _MANDATORY:
            last_point = -1
            last_column = 0
            piece_width = 0
            continue
        if mark == _POSSIBLE:
            last_point = i
            last_column += piece_width
            piece_width = 0
        piece_width += widths[i]
    if last_point >= 0 and last_column + piece_width > width:
        result.append(last_point)
    return result


def _char_width(char: str, cjk: bool = False) -> int:
    """Columns a character takes (libunistring's uc_width; control characters: none)."""
    if char < "\x7f":
        return 1 if char >= " " else 0
    category = unicodedata.category(char)
    if category in ("Mn", "Me", "Cf", "Cc") or "\u1160" <= char < "\u1200" or "\ud7b0" <= char < "\ud800":
        return 0
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 2
    # In the legacy CJK charsets almost everything is as wide as an ideograph.
    return 2 if cjk and "\xa1" <= char < "\uff61" and char != "\u20a9" else 1


# Line breaking classes (UAX #14), in the order of libunistring's pair table; the others
# are handled by the algorithm itself.
_LB_NAMES = "WJ GL B2 BA BB HY CL CP EX IN NS OP QU IS NU PO PR SY AL H2 H3 ID JL JV JT HL RI EB EM ZWJ".split()
_BK, _CM, _ZW, _SP = 30, 31, 32, 33
_AI = 34  # ambiguous: resolved by the charset
_LB_INDEX = {name: i for i, name in enumerate(_LB_NAMES)} | {"BK": _BK, "CM": _CM, "ZW": _ZW, "SP": _SP, "AI": _AI}
_AL, _ID, _H2, _H3 = (_LB_INDEX[name] for name in ("AL", "ID", "H2", "H3"))

# libunistring 1.0's pair table: row = class before, column = class after; D: a break is
# allowed, I: only with spaces between, P: never. (Measured from libunistring itself: it
# is the UAX #14 pair table with gnulib's adjustments. The ZWJ row and column, and RI
# after RI, are decided by the algorithm, not by the table.)
_PAIRS = (
    "PIIIIIPPPIIIIPIIIPIIIIIIIIIIII",  # WJ
    "PIIIIIPPPIIIIPIIIPIIIIIIIIIIII",  # GL
    "PIPIDIPPPIIDIPDDDPDDDDDDDDDDDI",  # B2
    "PDDIDIPPPIIDIPDDDPDDDDDDDDDDDI",  # BA
    "PIIIIIPPPIIIIPIIIPIIIIIIIIIIII",  # BB
    "PDDIDIPPPIIDIPIDDPDDDDDDDDDDDI",  # HY
    "PIDIDIPPPIPDIPDIIPDDDDDDDDDDDI",  # CL
    "PIDIDIPPPIIDIPIIIPIDDDDDDIDDDI",  # CP
    "PIDIDIPPPIIDIPDDDPDDDDDDDDDDDI",  # EX
    "PIDIDIPPPIIDIPDDDPDDDDDDDDDDDI",  # IN
    "PIDIDIPPPIIDIPDDDPDDDDDDDDDDDI",  # NS
    "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPI",  # OP
    "PIIIIIPPPIIPIPIIIPIIIIIIIIIIII",  # QU
    "PIDIDIPPPIIDIPIDDPDDDDDDDDDDDI",  # IS
    "PIDIDIPPPIIIIPIIIPIDDDDDDIDDDI",  # NU
    "PIDIDIPPPIIIIPIDDPIDDDDDDIDDDI",  # PO
    "PIDIDIPPPIIIIPIDDPIIIIIIIIDIII",  # PR
    "PIDIDIPPPIIDIPIDDPDDDDDDDIDDDI",  # SY
    "PIDIDIPPPIIIIPIIIPIDDDDDDIDDDI",  # AL
    "PIDIDIPPPIIDIPDIDPDDDDDIIDDDDI",  # H2
    "PIDIDIPPPIIDIPDIDPDDDDDDIDDDDI",  # H3
    "PIDIDIPPPIIDIPDIDPDDDDDDDDDDDI",  # ID
    "PIDIDIPPPIIDIPDIDPDIIDIIDDDDDI",  # JL
    "PIDIDIPPPIIDIPDIDPDDDDDIIDDDDI",  # JV
    "PIDIDIPPPIIDIPDIDPDDDDDDIDDDDI",  # JT
    "PIDIDIPPPIIIIPIIIPIDDDDDDIDDDI",  # HL
    "PIDIDIPPPIIDIPDDDPDDDDDDDDIDDI",  # RI
    "PIDIDIPPPIIDIPDIDPDDDDDDDDDDII",  # EB
    "PIDIDIPPPIIDIPDIDPDDDDDDDDDDDI",  # EM
    "PIIIIIPPPIIIIPIIIPIIIIIIIIIIII",  # ZWJ
)
_HL, _HY, _BA, _RI, _ZWJ = (_LB_INDEX[name] for name in ("HL", "HY", "BA", "RI", "ZWJ"))
_OP = _LB_INDEX["OP"]
_LB30 = (_LB_INDEX["AL"], _HL, _LB_INDEX["NU"])
_HL_BA = -1  # a Hebrew letter followed by a hyphen or break-after character (LB21a)


def _possible_linebreaks(text: str, cjk: bool = False) -> list[int]:
    """libunistring's u8_possible_linebreaks: a mark per character (before it)."""
    marks = [_PROHIBITED] * len(text)
    previous = _BK  # class of the previous character
    last = _BK  # class of the last character that is neither a space nor combining
    seen_space = False
    regional_indicators = 0  # consecutive RI characters before this one
    ascii_classes = _ascii_classes()
    for i, char in enumerate(text):
        prop = ascii_classes[ord(char)] if char < "\x80" else _line_break_class(char, cjk)
        if prop == _BK:
            marks[i] = _MANDATORY
            previous = last = _BK
            seen_space = False
            regional_indicators = 0
            continue
        if prop == _SP:
            seen_space = True
        elif prop == _ZW:
            last = _ZW
            seen_space = False
        elif prop == _CM or prop == _ZWJ:
            # A combining character goes with the character before it, except at the start
            # of a line or after a space or zero-width space, where it counts as a letter.
            if last == _BK:
                last = _AL
                seen_space = False
            elif last == _ZW or seen_space:
                marks[i] = _POSSIBLE
                last = _AL
                seen_space = False
        else:
            if last == _BK or previous == _ZWJ or previous == _HL_BA:
                pass  # LB4-6: not at the start of a line; LB8a; LB21a
            elif last == _ZW:
                marks[i] = _POSSIBLE
            elif last == _RI and prop == _RI:
                if seen_space or regional_indicators % 2 == 0:
                    marks[i] = _POSSIBLE
            else:
                rule = _PAIRS[last][prop]
                if rule == "D" or (rule == "I" and seen_space):
                    marks[i] = _POSSIBLE
                elif prop == _OP and last in _LB30 and unicodedata.east_asian_width(char) in "FWH":
                    marks[i] = _POSSIBLE  # LB30 holds only for opening punctuation that is not wide
            last = prop
            seen_space = False
        previous = _HL_BA if previous == _HL and (prop == _HY or prop == _BA) else prop
        regional_indicators = regional_indicators + 1 if prop == _RI else 0
    return marks


_ASCII_WIDTHS = [0] * 32 + [1] * 95 + [0]  # control characters take no room


@functools.cache
def _ascii_classes() -> list[int]:
    return [_line_break_class(chr(code)) for code in range(128)]


def _line_break_class(char: str, cjk: bool = False) -> int:
    code = ord(char)
    if 0xAC00 <= code <= 0xD7A3:
        return _H2 if (code - 0xAC00) % 28 == 0 else _H3
    starts, classes = _line_break_table()
    found = classes[bisect.bisect_right(starts, code) - 1]
    if found == _AI:
        return _ID if cjk else _AL
    return found


_LINE_BREAK_TABLE: tuple[list[int], list[int]] | None = None


def _line_break_table() -> tuple[list[int], list[int]]:
    global _LINE_BREAK_TABLE
    if _LINE_BREAK_TABLE is None:
        starts: list[int] = []
        classes: list[int] = []
        for token in _LINE_BREAK_DATA.split():
            start, _, name = token.partition(":")
            starts.append(int(start, 16))
            classes.append(_LB_INDEX.get(name, _AL))
        _LINE_BREAK_TABLE = (starts, classes)
    return _LINE_BREAK_TABLE


# The Unicode 14 Line_Break property (libunistring 1.0, which GNU gettext 0.21 uses here,
# is at Unicode 14 too) as "first code point:class" ranges, with the classes resolved as
# libunistring resolves them: SA, XX -> AL, CJ -> NS, CB -> ID, CR, LF, NL -> BK; AI stays
# (AL, or ID in a CJK charset). Hangul syllables (AC00-D7A3) are computed. Generated from the Unicode
# Character Database (Perl's Unicode::UCD prop_invmap("Line_Break")).
_LINE_BREAK_DATA = """
0:CM 9:BA A:BK E:CM 20:SP 21:EX 22:QU 23:AL 24:PR 25:PO 26:AL 27:QU 28:OP 29:CP 2A:AL
2B:PR 2C:IS 2D:HY 2E:IS 2F:SY 30:NU 3A:IS 3C:AL 3F:EX 40:AL 5B:OP 5C:PR 5D:CP 5E:AL
7B:OP 7C:BA 7D:CL 7E:AL 7F:CM 85:BK 86:CM A0:GL A1:OP A2:PO A3:PR A6:AL A7:AI A9:AL
AA:AI AB:QU AC:AL AD:BA AE:AL B0:PO B1:PR B2:AI B4:BB B5:AL B6:AI BB:QU BC:AI BF:OP
C0:AL D7:AI D8:AL F7:AI F8:AL 2C7:AI 2C8:BB 2C9:AI 2CC:BB 2CD:AI 2CE:AL 2D0:AI 2D1:AL
2D8:AI 2DC:AL 2DD:AI 2DE:AL 2DF:BB 2E0:AL 300:CM 34F:GL 350:CM 35C:GL 363:CM 370:AL
37E:IS 37F:AL 483:CM 48A:AL 589:IS 58A:BA 58B:AL 58F:PR 590:AL 591:CM 5BE:BA 5BF:CM
5C0:AL 5C1:CM 5C3:AL 5C4:CM 5C6:EX 5C7:CM 5C8:AL 5D0:HL 5EB:AL 5EF:HL 5F3:AL 609:PO
60C:IS 60E:AL 610:CM 61B:EX 61C:CM 61D:EX 620:AL 64B:CM 660:NU 66A:PO 66B:NU 66D:AL
670:CM 671:AL 6D4:EX 6D5:AL 6D6:CM 6DD:AL 6DF:CM 6E5:AL 6E7:CM 6E9:AL 6EA:CM 6EE:AL
6F0:NU 6FA:AL 711:CM 712:AL 730:CM 74B:AL 7A6:CM 7B1:AL 7C0:NU 7CA:AL 7EB:CM 7F4:AL
7F8:IS 7F9:EX 7FA:AL 7FD:CM 7FE:PR 800:AL 816:CM 81A:AL 81B:CM 824:AL 825:CM 828:AL
829:CM 82E:AL 859:CM 85C:AL 898:CM 8A0:AL 8CA:CM 8E2:AL 8E3:CM 904:AL 93A:CM 93D:AL
93E:CM 950:AL 951:CM 958:AL 962:CM 964:BA 966:NU 970:AL 981:CM 984:AL 9BC:CM 9BD:AL
9BE:CM 9C5:AL 9C7:CM 9C9:AL 9CB:CM 9CE:AL 9D7:CM 9D8:AL 9E2:CM 9E4:AL 9E6:NU 9F0:AL
9F2:PO 9F4:AL 9F9:PO 9FA:AL 9FB:PR 9FC:AL 9FE:CM 9FF:AL A01:CM A04:AL A3C:CM A3D:AL
A3E:CM A43:AL A47:CM A49:AL A4B:CM A4E:AL A51:CM A52:AL A66:NU A70:CM A72:AL A75:CM
A76:AL A81:CM A84:AL ABC:CM ABD:AL ABE:CM AC6:AL AC7:CM ACA:AL ACB:CM ACE:AL AE2:CM
AE4:AL AE6:NU AF0:AL AF1:PR AF2:AL AFA:CM B00:AL B01:CM B04:AL B3C:CM B3D:AL B3E:CM
B45:AL B47:CM B49:AL B4B:CM B4E:AL B55:CM B58:AL B62:CM B64:AL B66:NU B70:AL B82:CM
B83:AL BBE:CM BC3:AL BC6:CM BC9:AL BCA:CM BCE:AL BD7:CM BD8:AL BE6:NU BF0:AL BF9:PR
BFA:AL C00:CM C05:AL C3C:CM C3D:AL C3E:CM C45:AL C46:CM C49:AL C4A:CM C4E:AL C55:CM
C57:AL C62:CM C64:AL C66:NU C70:AL C77:BB C78:AL C81:CM C84:BB C85:AL CBC:CM CBD:AL
CBE:CM CC5:AL CC6:CM CC9:AL CCA:CM CCE:AL CD5:CM CD7:AL CE2:CM CE4:AL CE6:NU CF0:AL
D00:CM D04:AL D3B:CM D3D:AL D3E:CM D45:AL D46:CM D49:AL D4A:CM D4E:AL D57:CM D58:AL
D62:CM D64:AL D66:NU D70:AL D79:PO D7A:AL D81:CM D84:AL DCA:CM DCB:AL DCF:CM DD5:AL
DD6:CM DD7:AL DD8:CM DE0:AL DE6:NU DF0:AL DF2:CM DF4:AL E3F:PR E40:AL E50:NU E5A:BA
E5C:AL ED0:NU EDA:AL F01:BB F05:AL F06:BB F08:GL F09:BB F0B:BA F0C:GL F0D:EX F12:GL
F13:AL F14:EX F15:AL F18:CM F1A:AL F20:NU F2A:AL F34:BA F35:CM F36:AL F37:CM F38:AL
F39:CM F3A:OP F3B:CL F3C:OP F3D:CL F3E:CM F40:AL F71:CM F7F:BA F80:CM F85:BA F86:CM
F88:AL F8D:CM F98:AL F99:CM FBD:AL FBE:BA FC0:AL FC6:CM FC7:AL FD0:BB FD2:BA FD3:BB
FD4:AL FD9:GL FDB:AL 1040:NU 104A:BA 104C:AL 1090:NU 109A:AL 1100:JL 1160:JV 11A8:JT
1200:AL 135D:CM 1360:AL 1361:BA 1362:AL 1400:BA 1401:AL 1680:BA 1681:AL 169B:OP 169C:CL
169D:AL 16EB:BA 16EE:AL 1712:CM 1716:AL 1732:CM 1735:BA 1737:AL 1752:CM 1754:AL 1772:CM
1774:AL 17D4:BA 17D6:NS 17D7:AL 17D8:BA 17D9:AL 17DA:BA 17DB:PR 17DC:AL 17E0:NU 17EA:AL
1802:EX 1804:BA 1806:BB 1807:AL 1808:EX 180A:AL 180B:CM 180E:GL 180F:CM 1810:NU 181A:AL
1885:CM 1887:AL 18A9:CM 18AA:AL 1920:CM 192C:AL 1930:CM 193C:AL 1944:EX 1946:NU 1950:AL
19D0:NU 19DA:AL 1A17:CM 1A1C:AL 1A7F:CM 1A80:NU 1A8A:AL 1A90:NU 1A9A:AL 1AB0:CM 1ACF:AL
1B00:CM 1B05:AL 1B34:CM 1B45:AL 1B50:NU 1B5A:BA 1B5C:AL 1B5D:BA 1B61:AL 1B6B:CM 1B74:AL
1B7D:BA 1B7F:AL 1B80:CM 1B83:AL 1BA1:CM 1BAE:AL 1BB0:NU 1BBA:AL 1BE6:CM 1BF4:AL 1C24:CM
1C38:AL 1C3B:BA 1C40:NU 1C4A:AL 1C50:NU 1C5A:AL 1C7E:BA 1C80:AL 1CD0:CM 1CD3:AL 1CD4:CM
1CE9:AL 1CED:CM 1CEE:AL 1CF4:CM 1CF5:AL 1CF7:CM 1CFA:AL 1DC0:CM 1E00:AL 1FFD:BB 1FFE:AL
2000:BA 2007:GL 2008:BA 200B:ZW 200C:CM 200D:ZWJ 200E:CM 2010:BA 2011:GL 2012:BA 2014:B2
2015:AI 2017:AL 2018:QU 201A:OP 201B:QU 201E:OP 201F:QU 2020:AI 2022:AL 2024:IN 2027:BA
2028:BK 202A:CM 202F:GL 2030:PO 2038:AL 2039:QU 203B:AI 203C:NS 203E:AL 2044:IS 2045:OP
2046:CL 2047:NS 204A:AL 2056:BA 2057:AL 2058:BA 205C:AL 205D:BA 2060:WJ 2061:AL 2066:CM
2070:AL 2074:AI 2075:AL 207D:OP 207E:CL 207F:AI 2080:AL 2081:AI 2085:AL 208D:OP 208E:CL
208F:AL 20A0:PR 20A7:PO 20A8:PR 20B6:PO 20B7:PR 20BB:PO 20BC:PR 20BE:PO 20BF:PR 20C0:PO
20C1:PR 20D0:CM 20F1:AL 2103:PO 2104:AL 2105:AI 2106:AL 2109:PO 210A:AL 2113:AI 2114:AL
2116:PR 2117:AL 2121:AI 2123:AL 212B:AI 212C:AL 2154:AI 2156:AL 215B:AI 215C:AL 215E:AI
215F:AL 2160:AI 216C:AL 2170:AI 217A:AL 2189:AI 218A:AL 2190:AI 219A:AL 21D2:AI 21D3:AL
21D4:AI 21D5:AL 2200:AI 2201:AL 2202:AI 2204:AL 2207:AI 2209:AL 220B:AI 220C:AL 220F:AI
2210:AL 2211:AI 2212:PR 2214:AL 2215:AI 2216:AL 221A:AI 221B:AL 221D:AI 2221:AL 2223:AI
2224:AL 2225:AI 2226:AL 2227:AI 222D:AL 222E:AI 222F:AL 2234:AI 2238:AL 223C:AI 223E:AL
2248:AI 2249:AL 224C:AI 224D:AL 2252:AI 2253:AL 2260:AI 2262:AL 2264:AI 2268:AL 226A:AI
226C:AL 226E:AI 2270:AL 2282:AI 2284:AL 2286:AI 2288:AL 2295:AI 2296:AL 2299:AI 229A:AL
22A5:AI 22A6:AL 22BF:AI 22C0:AL 22EF:IN 22F0:AL 2308:OP 2309:CL 230A:OP 230B:CL 230C:AL
2312:AI 2313:AL 231A:ID 231C:AL 2329:OP 232A:CL 232B:AL 23F0:ID 23F4:AL 2460:AI 24FF:AL
2500:AI 254C:AL 2550:AI 2575:AL 2580:AI 2590:AL 2592:AI 2596:AL 25A0:AI 25A2:AL 25A3:AI
25AA:AL 25B2:AI 25B4:AL 25B6:AI 25B8:AL 25BC:AI 25BE:AL 25C0:AI 25C2:AL 25C6:AI 25C9:AL
25CB:AI 25CC:AL 25CE:AI 25D2:AL 25E2:AI 25E6:AL 25EF:AI 25F0:AL 2600:ID 2604:AL 2605:AI
2607:AL 2609:AI 260A:AL 260E:AI 2610:AL 2614:ID 2616:AI 2618:ID 2619:AL 261A:ID 261D:EB
261E:ID 2620:AL 2639:ID 263C:AL 2640:AI 2641:AL 2642:AI 2643:AL 2660:AI 2662:AL 2663:AI
2666:AL 2667:AI 2668:ID 2669:AI 266B:AL 266C:AI 266E:AL 266F:AI 2670:AL 267F:ID 2680:AL
269E:AI 26A0:AL 26BD:ID 26C9:AI 26CD:ID 26CE:AL 26CF:ID 26D2:AI 26D3:ID 26D5:AI 26D8:ID
26DA:AI 26DC:ID 26DD:AI 26DF:ID 26E2:AL 26E3:AI 26E4:AL 26E8:AI 26EA:ID 26EB:AI 26F1:ID
26F6:AI 26F7:ID 26F9:EB 26FA:ID 26FB:AI 26FD:ID 2705:AL 2708:ID 270A:EB 270E:AL 2757:AI
2758:AL 275B:QU 2761:AL 2762:EX 2764:ID 2765:AL 2768:OP 2769:CL 276A:OP 276B:CL 276C:OP
276D:CL 276E:OP 276F:CL 2770:OP 2771:CL 2772:OP 2773:CL 2774:OP 2775:CL 2776:AI 2794:AL
27C5:OP 27C6:CL 27C7:AL 27E6:OP 27E7:CL 27E8:OP 27E9:CL 27EA:OP 27EB:CL 27EC:OP 27ED:CL
27EE:OP 27EF:CL 27F0:AL 2983:OP 2984:CL 2985:OP 2986:CL 2987:OP 2988:CL 2989:OP 298A:CL
298B:OP 298C:CL 298D:OP 298E:CL 298F:OP 2990:CL 2991:OP 2992:CL 2993:OP 2994:CL 2995:OP
2996:CL 2997:OP 2998:CL 2999:AL 29D8:OP 29D9:CL 29DA:OP 29DB:CL 29DC:AL 29FC:OP 29FD:CL
29FE:AL 2B55:AI 2B5A:AL 2CEF:CM 2CF2:AL 2CF9:EX 2CFA:BA 2CFD:AL 2CFE:EX 2CFF:BA 2D00:AL
2D70:BA 2D71:AL 2D7F:CM 2D80:AL 2DE0:CM 2E00:QU 2E0E:BA 2E16:AL 2E17:BA 2E18:OP 2E19:BA
2E1A:AL 2E1C:QU 2E1E:AL 2E20:QU 2E22:OP 2E23:CL 2E24:OP 2E25:CL 2E26:OP 2E27:CL 2E28:OP
2E29:CL 2E2A:BA 2E2E:EX 2E2F:AL 2E30:BA 2E32:AL 2E33:BA 2E35:AL 2E3A:B2 2E3C:BA 2E3F:AL
2E40:BA 2E42:OP 2E43:BA 2E4B:AL 2E4C:BA 2E4D:AL 2E4E:BA 2E50:AL 2E53:EX 2E55:OP 2E56:CL
2E57:OP 2E58:CL 2E59:OP 2E5A:CL 2E5B:OP 2E5C:CL 2E5D:BA 2E5E:AL 2E80:ID 2E9A:AL 2E9B:ID
2EF4:AL 2F00:ID 2FD6:AL 2FF0:ID 2FFC:AL 3000:BA 3001:CL 3003:ID 3005:NS 3006:ID 3008:OP
3009:CL 300A:OP 300B:CL 300C:OP 300D:CL 300E:OP 300F:CL 3010:OP 3011:CL 3012:ID 3014:OP
3015:CL 3016:OP 3017:CL 3018:OP 3019:CL 301A:OP 301B:CL 301C:NS 301D:OP 301E:CL 3020:ID
302A:CM 3030:ID 3035:CM 3036:ID 303B:NS 303D:ID 3040:AL 3041:NS 3042:ID 3043:NS 3044:ID
3045:NS 3046:ID 3047:NS 3048:ID 3049:NS 304A:ID 3063:NS 3064:ID 3083:NS 3084:ID 3085:NS
3086:ID 3087:NS 3088:ID 308E:NS 308F:ID 3095:NS 3097:AL 3099:CM 309B:NS 309F:ID 30A0:NS
30A2:ID 30A3:NS 30A4:ID 30A5:NS 30A6:ID 30A7:NS 30A8:ID 30A9:NS 30AA:ID 30C3:NS 30C4:ID
30E3:NS 30E4:ID 30E5:NS 30E6:ID 30E7:NS 30E8:ID 30EE:NS 30EF:ID 30F5:NS 30F7:ID 30FB:NS
30FF:ID 3100:AL 3105:ID 3130:AL 3131:ID 318F:AL 3190:ID 31E4:AL 31F0:NS 3200:ID 321F:AL
3220:ID 3248:AI 3250:ID 4DC0:AL 4E00:ID A015:NS A016:ID A48D:AL A490:ID A4C7:AL A4FE:BA
A500:AL A60D:BA A60E:EX A60F:BA A610:AL A620:NU A62A:AL A66F:CM A673:AL A674:CM A67E:AL
A69E:CM A6A0:AL A6F0:CM A6F2:AL A6F3:BA A6F8:AL A802:CM A803:AL A806:CM A807:AL A80B:CM
A80C:AL A823:CM A828:AL A82C:CM A82D:AL A838:PO A839:AL A874:BB A876:EX A878:AL A880:CM
A882:AL A8B4:CM A8C6:AL A8CE:BA A8D0:NU A8DA:AL A8E0:CM A8F2:AL A8FC:BB A8FD:AL A8FF:CM
A900:NU A90A:AL A926:CM A92E:BA A930:AL A947:CM A954:AL A960:JL A97D:AL A980:CM A984:AL
A9B3:CM A9C1:AL A9C7:BA A9CA:AL A9D0:NU A9DA:AL A9F0:NU A9FA:AL AA29:CM AA37:AL AA43:CM
AA44:AL AA4C:CM AA4E:AL AA50:NU AA5A:AL AA5D:BA AA60:AL AAEB:CM AAF0:BA AAF2:AL AAF5:CM
AAF7:AL ABE3:CM ABEB:BA ABEC:CM ABEE:AL ABF0:NU ABFA:AL AC00:HG D7A4:AL D7B0:JV D7C7:AL
D7CB:JT D7FC:AL F900:ID FB00:AL FB1D:HL FB1E:CM FB1F:HL FB29:AL FB2A:HL FB37:AL FB38:HL
FB3D:AL FB3E:HL FB3F:AL FB40:HL FB42:AL FB43:HL FB45:AL FB46:HL FB50:AL FD3E:CL FD3F:OP
FD40:AL FDFC:PO FDFD:AL FE00:CM FE10:IS FE11:CL FE13:IS FE15:EX FE17:OP FE18:CL FE19:IN
FE1A:AL FE20:CM FE30:ID FE35:OP FE36:CL FE37:OP FE38:CL FE39:OP FE3A:CL FE3B:OP FE3C:CL
FE3D:OP FE3E:CL FE3F:OP FE40:CL FE41:OP FE42:CL FE43:OP FE44:CL FE45:ID FE47:OP FE48:CL
FE49:ID FE50:CL FE51:ID FE52:CL FE53:AL FE54:NS FE56:EX FE58:ID FE59:OP FE5A:CL FE5B:OP
FE5C:CL FE5D:OP FE5E:CL FE5F:ID FE67:AL FE68:ID FE69:PR FE6A:PO FE6B:ID FE6C:AL FEFF:WJ
FF00:AL FF01:EX FF02:ID FF04:PR FF05:PO FF06:ID FF08:OP FF09:CL FF0A:ID FF0C:CL FF0D:ID
FF0E:CL FF0F:ID FF1A:NS FF1C:ID FF1F:EX FF20:ID FF3B:OP FF3C:ID FF3D:CL FF3E:ID FF5B:OP
FF5C:ID FF5D:CL FF5E:ID FF5F:OP FF60:CL FF62:OP FF63:CL FF65:NS FF66:ID FF67:NS FF71:ID
FF9E:NS FFA0:ID FFBF:AL FFC2:ID FFC8:AL FFCA:ID FFD0:AL FFD2:ID FFD8:AL FFDA:ID FFDD:AL
FFE0:PO FFE1:PR FFE2:ID FFE5:PR FFE7:AL FFF9:CM FFFC:ID FFFD:AI FFFE:AL 10100:BA
10103:AL 101FD:CM 101FE:AL 102E0:CM 102E1:AL 10376:CM 1037B:AL 1039F:BA 103A0:AL
103D0:BA 103D1:AL 104A0:NU 104AA:AL 10857:BA 10858:AL 1091F:BA 10920:AL 10A01:CM
10A04:AL 10A05:CM 10A07:AL 10A0C:CM 10A10:AL 10A38:CM 10A3B:AL 10A3F:CM 10A40:AL
10A50:BA 10A58:AL 10AE5:CM 10AE7:AL 10AF0:BA 10AF6:IN 10AF7:AL 10B39:BA 10B40:AL
10D24:CM 10D28:AL 10D30:NU 10D3A:AL 10EAB:CM 10EAD:BA 10EAE:AL 10F46:CM 10F51:AL
10F82:CM 10F86:AL 11000:CM 11003:AL 11038:CM 11047:BA 11049:AL 11066:NU 11070:CM
11071:AL 11073:CM 11075:AL 1107F:CM 11083:AL 110B0:CM 110BB:AL 110BE:BA 110C2:CM
110C3:AL 110F0:NU 110FA:AL 11100:CM 11103:AL 11127:CM 11135:AL 11136:NU 11140:BA
11144:AL 11145:CM 11147:AL 11173:CM 11174:AL 11175:BB 11176:AL 11180:CM 11183:AL
111B3:CM 111C1:AL 111C5:BA 111C7:AL 111C8:BA 111C9:CM 111CD:AL 111CE:CM 111D0:NU
111DA:AL 111DB:BB 111DC:AL 111DD:BA 111E0:AL 1122C:CM 11238:BA 1123A:AL 1123B:BA
1123D:AL 1123E:CM 1123F:AL 112A9:BA 112AA:AL 112DF:CM 112EB:AL 112F0:NU 112FA:AL
11300:CM 11304:AL 1133B:CM 1133D:AL 1133E:CM 11345:AL 11347:CM 11349:AL 1134B:CM
1134E:AL 11357:CM 11358:AL 11362:CM 11364:AL 11366:CM 1136D:AL 11370:CM 11375:AL
11435:CM 11447:AL 1144B:BA 1144F:AL 11450:NU 1145A:BA 1145C:AL 1145E:CM 1145F:AL
114B0:CM 114C4:AL 114D0:NU 114DA:AL 115AF:CM 115B6:AL 115B8:CM 115C1:BB 115C2:BA
115C4:EX 115C6:AL 115C9:BA 115D8:AL 115DC:CM 115DE:AL 11630:CM 11641:BA 11643:AL
11650:NU 1165A:AL 11660:BB 1166D:AL 116AB:CM 116B8:AL 116C0:NU 116CA:AL 11730:NU
1173A:AL 1173C:BA 1173F:AL 1182C:CM 1183B:AL 118E0:NU 118EA:AL 11930:CM 11936:AL
11937:CM 11939:AL 1193B:CM 1193F:AL 11940:CM 11941:AL 11942:CM 11944:BA 11947:AL
11950:NU 1195A:AL 119D1:CM 119D8:AL 119DA:CM 119E1:AL 119E2:BB 119E3:AL 119E4:CM
119E5:AL 11A01:CM 11A0B:AL 11A33:CM 11A3A:AL 11A3B:CM 11A3F:BB 11A40:AL 11A41:BA
11A45:BB 11A46:AL 11A47:CM 11A48:AL 11A51:CM 11A5C:AL 11A8A:CM 11A9A:BA 11A9D:AL
11A9E:BB 11AA1:BA 11AA3:AL 11C2F:CM 11C37:AL 11C38:CM 11C40:AL 11C41:BA 11C46:AL
11C50:NU 11C5A:AL 11C70:BB 11C71:EX 11C72:AL 11C92:CM 11CA8:AL 11CA9:CM 11CB7:AL
11D31:CM 11D37:AL 11D3A:CM 11D3B:AL 11D3C:CM 11D3E:AL 11D3F:CM 11D46:AL 11D47:CM
11D48:AL 11D50:NU 11D5A:AL 11D8A:CM 11D8F:AL 11D90:CM 11D92:AL 11D93:CM 11D98:AL
11DA0:NU 11DAA:AL 11EF3:CM 11EF7:AL 11FDD:PO 11FE1:AL 11FFF:BA 12000:AL 12470:BA
12475:AL 13258:OP 1325B:CL 1325E:AL 13282:CL 13283:AL 13286:OP 13287:CL 13288:OP
13289:CL 1328A:AL 13379:OP 1337A:CL 1337C:AL 13430:GL 13437:OP 13438:CL 13439:AL
145CE:OP 145CF:CL 145D0:AL 16A60:NU 16A6A:AL 16A6E:BA 16A70:AL 16AC0:NU 16ACA:AL
16AF0:CM 16AF5:BA 16AF6:AL 16B30:CM 16B37:BA 16B3A:AL 16B44:BA 16B45:AL 16B50:NU
16B5A:AL 16E97:BA 16E99:AL 16F4F:CM 16F50:AL 16F51:CM 16F88:AL 16F8F:CM 16F93:AL
16FE0:NS 16FE4:GL 16FE5:AL 16FF0:CM 16FF2:AL 17000:ID 187F8:AL 18800:ID 18B00:AL
18D00:ID 18D09:AL 1B000:ID 1B123:AL 1B150:NS 1B153:AL 1B164:NS 1B168:AL 1B170:ID
1B2FC:AL 1BC9D:CM 1BC9F:BA 1BCA0:CM 1BCA4:AL 1CF00:CM 1CF2E:AL 1CF30:CM 1CF47:AL
1D165:CM 1D16A:AL 1D16D:CM 1D183:AL 1D185:CM 1D18C:AL 1D1AA:CM 1D1AE:AL 1D242:CM
1D245:AL 1D7CE:NU 1D800:AL 1DA00:CM 1DA37:AL 1DA3B:CM 1DA6D:AL 1DA75:CM 1DA76:AL
1DA84:CM 1DA85:AL 1DA87:BA 1DA8B:AL 1DA9B:CM 1DAA0:AL 1DAA1:CM 1DAB0:AL 1E000:CM
1E007:AL 1E008:CM 1E019:AL 1E01B:CM 1E022:AL 1E023:CM 1E025:AL 1E026:CM 1E02B:AL
1E130:CM 1E137:AL 1E140:NU 1E14A:AL 1E2AE:CM 1E2AF:AL 1E2EC:CM 1E2F0:NU 1E2FA:AL
1E2FF:PR 1E300:AL 1E8D0:CM 1E8D7:AL 1E944:CM 1E94B:AL 1E950:NU 1E95A:AL 1E95E:OP
1E960:AL 1ECAC:PO 1ECAD:AL 1ECB0:PO 1ECB1:AL 1F000:ID 1F100:AI 1F10D:ID 1F110:AI
1F12E:AL 1F130:AI 1F16A:AL 1F16D:ID 1F170:AI 1F1AD:ID 1F1E6:RI 1F200:ID 1F385:EB
1F386:ID 1F39C:AL 1F39E:ID 1F3B5:AL 1F3B7:ID 1F3BC:AL 1F3BD:ID 1F3C2:EB 1F3C5:ID
1F3C7:EB 1F3C8:ID 1F3CA:EB 1F3CD:ID 1F3FB:EM 1F400:ID 1F442:EB 1F444:ID 1F446:EB
1F451:ID 1F466:EB 1F479:ID 1F47C:EB 1F47D:ID 1F481:EB 1F484:ID 1F485:EB 1F488:ID
1F48F:EB 1F490:ID 1F491:EB 1F492:ID 1F4A0:AL 1F4A1:ID 1F4A2:AL 1F4A3:ID 1F4A4:AL
1F4A5:ID 1F4AA:EB 1F4AB:ID 1F4AF:AL 1F4B0:ID 1F4B1:AL 1F4B3:ID 1F500:AL 1F507:ID
1F517:AL 1F525:ID 1F532:AL 1F54A:ID 1F574:EB 1F576:ID 1F57A:EB 1F57B:ID 1F590:EB
1F591:ID 1F595:EB 1F597:ID 1F5D4:AL 1F5DC:ID 1F5F4:AL 1F5FA:ID 1F645:EB 1F648:ID
1F64B:EB 1F650:AL 1F676:QU 1F679:NS 1F67C:AL 1F680:ID 1F6A3:EB 1F6A4:ID 1F6B4:EB
1F6B7:ID 1F6C0:EB 1F6C1:ID 1F6CC:EB 1F6CD:ID 1F700:AL 1F774:ID 1F780:AL 1F7D5:ID
1F800:AL 1F80C:ID 1F810:AL 1F848:ID 1F850:AL 1F85A:ID 1F860:AL 1F888:ID 1F890:AL
1F8AE:ID 1F900:AL 1F90C:EB 1F90D:ID 1F90F:EB 1F910:ID 1F918:EB 1F920:ID 1F926:EB
1F927:ID 1F930:EB 1F93A:ID 1F93C:EB 1F93F:ID 1F977:EB 1F978:ID 1F9B5:EB 1F9B7:ID
1F9B8:EB 1F9BA:ID 1F9BB:EB 1F9BC:ID 1F9CD:EB 1F9D0:ID 1F9D1:EB 1F9DE:ID 1FA00:AL
1FA54:ID 1FAC3:EB 1FAC6:ID 1FAF0:EB 1FAF7:ID 1FB00:AL 1FBF0:NU 1FBFA:AL 1FC00:ID
1FFFE:AL 20000:ID 2FFFE:AL 30000:ID 3FFFE:AL E0001:CM E0002:AL E0020:CM E0080:AL
E0100:CM E01F0:AL
"""
