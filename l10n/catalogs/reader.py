"""Read and validate gettext PO/POT files the way GNU gettext 0.21 does.

``parse(data, path)`` turns the bytes of a .po/.pot file into a ``Catalog`` and rejects,
as ``CatalogError(path, line, reason)``, every file that ``msgfmt --check`` rejects, at
the line msgfmt names. The lexical and grammar rules are here, and a file that breaks one
is rejected at the first such error (msgfmt too gives up on a file after a syntax error);
the checks msgfmt makes after reading are ``l10n.catalogs.validate``'s, and the error
carries every problem they find (``CatalogError.problems``).

It is built for speed: a gettext-formatted entry is recognised by one regular expression;
anything unusual (a hand-made layout, errors, obsolete entries) goes through a
token-by-token reader that follows gettext's lexer and grammar, quirks included.

The catalog keeps what gettext keeps (``l10n.catalogs.comments``): flags are the set
gettext understands (the last ``#,`` line of an entry wins), references are de-duplicated
``file:line`` tokens without ``./``.
"""

from __future__ import annotations

import bisect
import codecs
import re
from collections.abc import Iterator, Sequence
from typing import NamedTuple, overload

from l10n.catalogs import validate
from l10n.catalogs.charsets import charset_of, codec_for, decode
from l10n.catalogs.comments import normalize_flags, reference_tokens, unique
from l10n.catalogs.model import Catalog, Message
from l10n.errors import CatalogError
from l10n.memory import gc_paused

# ---------------------------------------------------------------------------------------
# parse
# ---------------------------------------------------------------------------------------


def parse(data: bytes, path: str | None = None, *, check: bool = True) -> Catalog:
    """Read and validate a PO/POT file; ``CatalogError(path, line, reason)`` where msgfmt
    --check would reject it (``problems``: all that validation found, or the one error
    that stopped the reading). With ``check=False`` only the syntax is checked: a catalog
    whose translations break msgfmt's rules (a lost ``{date}`` in an approved entry) is
    read as it is, for the quality checks and the review queue to show what is wrong."""
    with gc_paused():
        return _parse(data, path, check)


def _parse(data: bytes, path: str | None, check: bool = True) -> Catalog:
    _reject_encoding(data, path)
    sniffed = _sniff_charset(data)
    reader = _read(data, path, sniffed)
    if codec_for(reader.header_charset) != codec_for(sniffed):
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
    if check:
        validate.check(catalog, path, msgstr_lines=_Lines(reader), header_line=header_line,
                       candidates=reader.candidates)
    return catalog


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


def _reject_encoding(data: bytes, path: str | None) -> None:
    if data.startswith(codecs.BOM_UTF8):
        raise CatalogError(path, 1, "file starts with a UTF-8 byte order mark (msgfmt rejects it)")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (
        len(data) >= 2 and (data[0] == 0 or data[1] == 0)
    ):
        raise CatalogError(path, 1, "file is UTF-16 (or UTF-32) encoded; PO files must use an ASCII-compatible charset")


_HEADER_SNIFF = re.compile(
    rb'(?m)^[ \t]*msgid[ \t]+""[ \t\r]*\n[ \t]*msgstr[ \t]+((?:"[^\n]*\n[ \t]*)+)'
)


_CHARSET_SNIFF = re.compile(rb'charset=([^ \t\n"\\]*)(\\n| |\t)')


def _sniff_charset(data: bytes) -> str | None:
    """The charset of the header, from a quick look at the bytes (``parse`` checks it)."""
    match = _HEADER_SNIFF.search(data)
    if match is None:
        return None
    block = match.group(1)
    # As every writer writes it ("...; charset=UTF-8\n"), the raw bytes say what the
    # decoded header says: one "charset=" and no escape but "\n" (an escape could spell
    # another "charset=" before it, or a split string the value).
    if block.count(b"charset=") == 1 and b"\\" not in block.replace(b"\\n", b""):
        usual = _CHARSET_SNIFF.search(block)
        if usual is not None:
            return usual.group(1).decode("latin-1")
    pieces = re.findall(r'"((?:[^"\\\n]|\\.)*)"', block.decode("latin-1"))
    try:
        return charset_of("".join(_token_value(piece, "latin-1") for piece in pieces))
    except _BadEscape:
        return None


def _read(data: bytes, path: str | None, charset: str | None) -> _Reader:
    text, codec, checked, bad_bytes = decode(data, charset)
    reader = _Reader(text, path, codec, checked, bad_bytes)
    reader.read()
    return reader


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


# ---------------------------------------------------------------------------------------
# Strings
# ---------------------------------------------------------------------------------------

_SURROGATE = re.compile("[\udc80-\udcff]")
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


_WHITESPACE = " \t\r\f\v"
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


class _Slow(Exception):
    """The fast path met something it does not handle: re-read the entry token by token."""


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
# The fast paths make a Message as ``Message(...)`` does, object then __init__, but call
# __init__ themselves: a class call hands keyword arguments over in a dict, a function
# call as they are, and that is a third of the cost of a message.
_new = object.__new__
_init = Message.__init__
# An entry's comments as l10n writes most of them: one "#. " line, then one "#:" line.
_USUAL_COMMENTS = re.compile(r"#\. ([^\n]*)\n#:([^\n]*)\n")
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
        # Where each key was first defined: the msgid of an entry without msgctxt (the
        # common case, and the fastest to look up), else (msgctxt, msgid).
        self.first_lines: dict[str | tuple[str, str], int] = {}

    def error(self, line: int, reason: str) -> CatalogError:
        return CatalogError(self.path, line, reason)

    def define(self, msgctxt: str | None, msgid: str, line: int) -> None:
        """Note that the entry (msgctxt, msgid) is defined at ``line``; a key defined a
        second time is an error there, as msgfmt reports it. (Obsolete entries count.)"""
        key: str | tuple[str, str] = msgid if msgctxt is None else (msgctxt, msgid)
        first = self.first_lines.get(key)
        if first is not None:
            raise self.error(line, f"duplicate message definition (first defined at line {first})")
        self.first_lines[key] = line

    def read(self) -> None:
        """Read every entry: the fast paths where they can, the token reader elsewhere."""
        text = self.text
        end = len(text)
        match_plain = _PLAIN_ENTRY.match
        match_entry = _FAST_ENTRY.match
        count = text.count
        messages = self.messages
        append = messages.append
        append_delta = self.msgstr_deltas.append
        define = self.define
        add = self.add
        new, init = _new, _init
        # Carriage returns (inside comments they are kept) and bad bytes are rare: the token
        # reader handles those files.
        fast = "\r" not in text and not self.check_bytes and not self.joined
        pos = 0
        line = 1  # the line at ``pos``
        while pos < end:
            if fast:
                plain = match_plain(text, pos)
                if plain is not None:
                    # The common case: no comments, no context, two plain one-line strings
                    # (nothing validate.check could find wrong: not a candidate).
                    msgid, msgstr, blank_lines = plain.groups()
                    define(None, msgid, line)
                    message = new(Message)
                    init(message, msgid=msgid, msgstr=msgstr, lineno=line)
                    append(message)
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
                    add(message, message.lineno + delta)
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
            usual = _USUAL_COMMENTS.fullmatch(comments)
            if usual is not None:  # what l10n and xgettext write: "#. what it is", "#: where"
                kind, where = usual.groups()
                extracted.append(kind)
                references += unique(reference_tokens(where))
                line += 2
            else:
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
        message = _new(Message)
        _init(
            message, msgid=msgid, msgstr=msgstr, msgctxt=msgctxt, msgid_plural=msgid_plural, msgstr_plural=plural,
            flags=flags, translator_comments=translator, extracted_comments=extracted, references=references,
            previous_msgctxt=previous[0], previous_msgid=previous[1], previous_msgid_plural=previous[2], lineno=line,
        )
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
        references[:] = unique(references)
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
        """Add a message (not a plain one: see ``read``) whose msgstr is at ``msgstr_line``."""
        self.define(message.msgctxt, message.msgid, message.lineno)
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
        message = Message(
            msgid=msgid, msgctxt=msgctxt, previous_msgctxt=previous[0], previous_msgid=previous[1],
            previous_msgid_plural=previous[2], obsolete=self.obsolete, lineno=msgid_line,
        )
        for comment in comments:
            _apply_comment(comment, message.translator_comments, message.extracted_comments,
                           message.references, message.flags)  # fmt: skip
        message.references = unique(message.references)
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
    """File one comment (the text after ``#``) where gettext files it. A carriage return
    ending it is the file's line end, not the comment's (GNU gettext keeps it: a CRLF
    file then gets comments that differ from the same file saved with LF; l10n writes a
    CRLF file back with CRLF, see ``store``)."""
    comment = comment.rstrip("\r")
    kind = comment[:1]
    if kind == ".":
        extracted.append(comment[2:] if comment[1:2] == " " else comment[1:])
    elif kind == ":":
        references += reference_tokens(comment[1:])  # made unique once the entry is read
    elif kind == "," or kind == "!":
        flags[:] = normalize_flags(comment[1:])
    else:
        translator.append(comment[1:] if kind == " " else comment)
