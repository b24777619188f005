"""Read, validate and write gettext PO/POT files the way GNU gettext 0.21 does.

``parse(data, path)`` turns the bytes of a .po/.pot file into a ``Catalog`` and rejects,
as ``CatalogError(path, line, reason)``, every file that ``msgfmt --check`` rejects (the
lexical and grammar rules here, the semantic checks in ``l10n.catalogs.validate``).
It is built for speed: a whole, gettext-formatted entry is recognised by one regular
expression; anything unusual (hand-written layout, errors, obsolete entries) goes through a
token-by-token reader that mirrors gettext's lexer and grammar and reports the line msgfmt
reports.

``generate(catalog)`` yields the file text exactly as msgcat/msgmerge write it (comment
order, flag normalisation, reference and string wrapping at 79 columns with gettext's
Unicode line-breaking rules); ``dump(catalog)`` encodes it in the catalog's charset.

What the model keeps is what gettext keeps: flags are the normalised set gettext
understands (the last ``#,`` line of an entry wins, unknown flags are dropped, fuzzy
first), references are de-duplicated ``file:line`` tokens, and the header is a list of
``Name: value`` lines.
"""

from __future__ import annotations

import bisect
import codecs
import contextlib
import gc
import re
from collections.abc import Iterator, Sequence
from typing import NamedTuple

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
        try:
            return codecs.lookup(charset).name, False
        except LookupError:
            pass
    return "utf-8", False


def catalog_codec(catalog: Catalog) -> str:
    """The Python codec to encode ``catalog``'s strings with (its declared charset)."""
    return _codec(charset_of(catalog.header("Content-Type")))[0]


_HEADER_SNIFF = re.compile(
    rb'(?m)^[ \t]*msgid[ \t]+""[ \t\r]*\n[ \t]*msgstr[ \t]+((?:"[^\n]*\n[ \t]*)+)'
)


def _sniff_charset(data: bytes) -> str | None:
    match = _HEADER_SNIFF.search(data)
    if match is None:
        return None
    found = re.search(rb"charset=([^ \t\n\\\"]*)", match.group(1))
    return found.group(1).decode("ascii", "replace") if found else None


def _line_of_offset(data: bytes | str, offset: int) -> int:
    return data.count(b"\n" if isinstance(data, bytes) else "\n", 0, offset) + 1


def _decode(data: bytes, charset: str | None, path: str | None) -> tuple[str, str, bool, bool]:
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
    """An escape sequence gettext rejects."""


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


def _unescape(raw: str, codec: str) -> str:
    """The value of a string token's contents (between the quotes), as gettext's lexer
    computes it. Raises _BadEscape on an escape gettext rejects."""
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
    if "\x00" in value:
        # gettext keeps C strings: a NUL ends the token's value.
        value = value[: value.index("\x00")]
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
# A one-line string without escapes is its own value: a group of its own saves the work.
_PLAIN = r'"([^"\\\n\x00]*)"\n(?!")'
_FAST_ENTRY = re.compile(
    r"((?:#(?:[^~\n][^\n]*)?\n)*)"  # 1: comments, "#|" lines included
    f"(?:msgctxt ({_STRINGS}))?"  # 2
    f"msgid (?:{_PLAIN}|({_STRINGS}))"  # 3, 4
    f"(?:msgstr (?:{_PLAIN}|({_STRINGS}))"  # 5, 6
    f"|msgid_plural ({_STRINGS})((?:msgstr\\[[0-9]+\\] {_STRINGS})+))"  # 7, 8
    r"\n*"
    r"(?=#|msgid |msgctxt |\Z)"
)
_PLAIN_ENTRY = re.compile(f"msgid {_PLAIN}msgstr {_PLAIN}(\\n*)(?=#|msgid |msgctxt |\\Z)")
_PLURAL_FORM = re.compile(f"msgstr\\[([0-9]+)\\] ({_STRINGS})")
_PREVIOUS_LINE = re.compile(r'#\| (?:(msgctxt|msgid|msgid_plural) )?("[^"\\\n]*(?:\\.[^"\\\n]*)*")$')


class _Reader:
    def __init__(self, text: str, path: str | None, codec: str, checked: bool, bad_bytes: bool) -> None:
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
        codec = self.codec
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
        fast = "\r" not in text and not self.check_bytes
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
                            self._header(message)
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

    def _header(self, message: Message) -> None:
        self.header = message
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
            self._header(message)
        else:
            self.candidates.append(len(self.messages))
            self.messages.append(message)
            self.msgstr_deltas.append(msgstr_line - message.lineno)

    # -- the slow path ------------------------------------------------------------------

    def _tokens(self, pos: int, line: int) -> Iterator[_Token]:
        """gettext's lexer, from a line start."""
        text = self.text
        end = len(text)
        while pos < end:
            eol = text.find("\n", pos)
            if eol < 0:
                eol = end
            line_start = pos
            i = pos
            obsolete = previous = False
            first = True
            while True:
                while i < eol and text[i] in _WHITESPACE:
                    i += 1
                if i >= eol:
                    break
                char = text[i]
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
                    yield _Token("COMMENT", text[i + 1 : eol], line, obsolete, first, line_start, i)
                    i = eol
                    break
                if char == '"':
                    token_line, token_start = line, i
                    raw, i, eol, line = self._string(i + 1, eol, line)
                    kind = "PREV_STRING" if previous else "STRING"
                    yield _Token(kind, raw, token_line, obsolete, first, line_start, token_start)
                elif char in _NAME_START:
                    j = i + 1
                    while j < eol and text[j] in _NAME_CHARS:
                        j += 1
                    word = text[i:j]
                    kind_or_none = (_PREV_KEYWORDS if previous else _KEYWORDS).get(word)
                    if kind_or_none is None:
                        raise self.error(line, f'keyword "{word}" unknown')
                    yield _Token(kind_or_none, word, line, obsolete, first, line_start, i)
                    i = j
                elif char in _DIGITS:
                    j = i + 1
                    while j < eol and text[j] in _DIGITS:
                        j += 1
                    yield _Token("NUMBER", int(text[i:j]), line, obsolete, first, line_start, i)
                    i = j
                elif char in "[]":
                    yield _Token(char, char, line, obsolete, first, line_start, i)
                    i += 1
                else:
                    yield _Token("JUNK", char, line, obsolete, first, line_start, i)
                    i += 1
                first = False
            pos = eol + 1
            line += 1
        yield _Token("EOF", None, line if text.endswith("\n") or not text else line - 1, False, True, end, end)

    def _string(self, i: int, eol: int, line: int) -> tuple[str, int, int, int]:
        """Scan a string's contents; return (value, index after it, eol, line)."""
        text = self.text
        pieces: list[str] = []
        start = i
        while True:
            if i >= eol:
                if eol >= len(text):
                    raise self.error(line, "end-of-file within string")
                raise self.error(line, "end-of-line within string")
            char = text[i]
            if char == '"':
                pieces.append(text[start:i])
                break
            if char == "\\":
                if i + 1 == eol and eol < len(text):
                    # A backslash-newline continues the line.
                    pieces.append(text[start:i])
                    line += 1
                    start = i = eol + 1
                    eol = text.find("\n", i)
                    if eol < 0:
                        eol = len(text)
                    continue
                i += 2
                continue
            i += 1
        raw = "".join(pieces)
        if self.bytes_checked and _SURROGATE.search(raw):
            raise self.error(line, f"invalid multibyte sequence (not valid {self.codec})")
        try:
            return _unescape(raw, self.codec), i + 1, eol, line
        except _BadEscape:
            bad = _first_bad_escape(raw)
            raise self.error(line, f"invalid control sequence {raw[bad : bad + 2]!r}") from None

    def _slow(self, pos: int, line: int) -> tuple[int, int]:
        """Read at least one message token by token; stop where the fast path can resume."""
        tokens = self._tokens(pos, line)
        token = next(tokens)
        done = False
        while True:
            if token.kind == "EOF":
                return len(self.text), token.line
            if done and token.first:
                return token.line_start, token.line
            token = _MessageReader(self, tokens).read(token)
            done = True


class _MessageReader:
    """One message, token by token, following gettext's grammar (po-gram-gen.y)."""

    def __init__(self, reader: _Reader, tokens: Iterator[_Token]) -> None:
        self.reader = reader
        self.tokens = tokens
        self.obsolete = False

    def error(self, line: int, reason: str) -> CatalogError:
        return self.reader.error(line, reason)

    def syntax_error(self, at: _Token, expected: str) -> CatalogError:
        # gettext reports a syntax error where its lexer stands: after a comment, that is
        # the next line.
        line = at.line + 1 if at.kind == "COMMENT" else at.line
        return self.error(line, f"syntax error: {_describe(at)} where {expected} was expected")

    def take(self, token: _Token) -> _Token:
        """Accept ``token`` as part of this message; return the next one."""
        if token.obsolete != self.obsolete:
            raise self.error(token.line, "inconsistent use of #~ (obsolete and active lines in one entry)")
        return next(self.tokens)

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
            name, _ = self.strings(token, "STRING")
            raise self.error(token.line, f"'domain {name}' directive ignored (msgfmt --check rejects it)")
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
                raise self.error(msgid_line, "missing 'msgstr[]' section")
            msgstr_line = token.line
            while token.kind == "MSGSTR":
                token = self.plural_form(token, message.msgstr_plural)
        elif token.kind == "MSGSTR":
            msgstr_line = token.line
            following = self.take(token)
            if following.kind == "[":
                raise self.error(msgid_line, "missing 'msgid_plural' section (msgstr[N] in a singular entry)")
            if following.kind != "STRING":
                raise self.syntax_error(following, "a string after 'msgstr'")
            values = []
            while following.kind == "STRING":
                values.append(str(following.value))
                following = self.take(following)
            message.msgstr = "".join(values)
            token = following
        else:
            raise self.error(msgid_line, "missing 'msgstr' section")
        self.reader.add(message, msgstr_line)
        return token

    def plural_form(self, keyword: _Token, forms: dict[int, str]) -> _Token:
        """``msgstr[N] "..."``: add it to ``forms``; return the token after it."""
        token = self.take(keyword)
        if token.kind != "[":
            raise self.syntax_error(token, "'[' after 'msgstr' in a plural entry")
        number = self.take(token)
        if number.kind != "NUMBER":
            raise self.syntax_error(number, "a plural form index")
        token = self.take(number)
        if token.kind != "]":
            raise self.syntax_error(token, "']'")
        if number.value != len(forms):
            if not forms:
                raise self.error(keyword.line, f"first plural form has nonzero index msgstr[{number.value}]")
            raise self.error(keyword.line, f"plural form has wrong index msgstr[{number.value}] (expected {len(forms)})")
        forms[len(forms)], token = self.strings(token, "STRING")
        return token


def _previous_order_ok(values: dict[str, str], keyword: str) -> bool:
    order = ("msgctxt", "msgid", "msgid_plural")
    position = order.index(keyword)
    if keyword == "msgid_plural":
        return "msgid" in values
    return all(order.index(k) < position for k in values)


_NO_PREVIOUS = (None, None, None)


def _fast_string(lines: str, codec: str) -> str:
    """The value of consecutive string lines ``"..."\\n"..."\\n`` (fast path)."""
    try:
        return _unescape(lines[1:-2].replace('"\n"', ""), codec)
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
    text, codec, checked, bad_bytes = _decode(data, charset, path)
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
        header_line = header.lineno
    validate.check(catalog, path, msgstr_lines=_Lines(reader), header_line=header_line, candidates=reader.candidates)
    return catalog


class _Lines(Sequence[int]):
    """msgstr line numbers, computed only when a check reports one."""

    def __init__(self, reader: _Reader) -> None:
        self.messages = reader.messages
        self.deltas = reader.msgstr_deltas

    def __len__(self) -> int:
        return len(self.deltas)

    def __getitem__(self, index):  # type: ignore[no-untyped-def,override]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return self.messages[index].lineno + self.deltas[index]


def parse_header(text: str) -> list[tuple[str, str]]:
    """``Name: value`` lines of a header msgstr as ordered pairs."""
    headers = []
    for line in text.split("\n"):
        if not line:
            continue
        name, _, value = line.partition(":")
        headers.append((name, value[1:] if value.startswith(" ") else value))
    return headers
