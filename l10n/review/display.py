"""Texts as a reviewer is shown them: characters that do not show made visible, widths in
terminal columns, lines wrapped or cut to fit the terminal's real width.

A bidi control (U+202E RIGHT-TO-LEFT OVERRIDE) shown as it is turns the text after it
around, a zero-width space or a terminal's escape character shows as nothing: ``visible``
shows each as ``⟨U+202E⟩`` (the desk marks the same ``segments``). Joiners between two
letters (Persian, Devanagari, emoji sequences) are part of how a script is written and
are left alone. ``one_line`` takes them out of what a reviewer types that goes into a
catalog's header or comments (a name, a reason).

A terminal gives a wide character (CJK, most emoji) two columns and a combining mark none,
so ``len`` is not the width of a line: ``columns`` is. Nothing here changes a stored text;
it only decides how a copy of it is shown.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_GAPS = re.compile(r"(\s+)")
_JOINERS = "\u200c\u200d"  # zero-width non-joiner and joiner


def _joins_letters(text: str, index: int) -> bool:
    before = text[index - 1] if index else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    return all(not c.isascii() and not c.isspace() and unicodedata.category(c)[0] not in "CZ" for c in (before, after))


def _hidden(text: str, index: int, keep: str = "\n\t") -> bool:
    """Whether the character at ``index`` shows as nothing, or changes how others show:
    control characters (but ``keep``), format characters (bidi controls, zero-width
    spaces, the BOM; not a joiner between two letters), line and paragraph separators."""
    char = text[index]
    if char in keep:
        return False
    category = unicodedata.category(char)
    if category in ("Cc", "Zl", "Zp"):
        return True
    return category == "Cf" and not (char in _JOINERS and _joins_letters(text, index))


def marker(char: str) -> str:
    return f"⟨U+{ord(char):04X}⟩"


def segments(text: str) -> list[tuple[str, str | None]]:
    """``text`` as runs: (text, None) as it is, (marker, name) for each character that
    ``visible`` shows as a marker."""
    if text.isprintable():  # (the usual text: no marker at all)
        return [(text, None)] if text else []
    out: list[tuple[str, str | None]] = []
    plain = ""
    for index, char in enumerate(text):
        if _hidden(text, index):
            if plain:
                out.append((plain, None))
                plain = ""
            out.append((marker(char), unicodedata.name(char, "control character")))
        else:
            plain += char
    if plain:
        out.append((plain, None))
    return out


def visible(text: str) -> str:
    """``text`` with every character that does not show (or turns others around) shown as
    ``⟨U+XXXX⟩``; line breaks and tabs stay. For display only."""
    if text.isprintable():
        return text
    return "".join(piece for piece, _ in segments(text))


def one_line(text: str) -> str:
    """What a reviewer typed, for a catalog's header or a comment (a name, a reason): the
    characters that do not show taken out (a bidi override would turn the rest of the
    line around in every PO editor), white space runs made one space."""
    text = " ".join(text.split())  # (line breaks and tabs: spaces)
    kept = "".join(char for index, char in enumerate(text) if not _hidden(text, index, keep=""))
    return " ".join(kept.split())


def char_columns(char: str) -> int:
    """The columns one character takes on a terminal (0, 1 or 2)."""
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf", "Cc"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def columns(text: str) -> int:
    """The columns ``text`` (one line) takes on a terminal."""
    if text.isascii():
        return sum(1 for c in text if " " <= c <= "~")
    return sum(char_columns(c) for c in text)


def cut(text: str, width: int, *, squeeze: bool = True) -> str:
    """``text`` on one line (its white space runs made one space; without ``squeeze``, a
    line already, as it is), cut with "…" to at most ``width`` columns."""
    if squeeze:
        text = " ".join(text.split())
    width = max(1, width)
    if columns(text) <= width:
        return text
    kept, used = [], 0
    for char in text:
        size = char_columns(char)
        if used + size > width - 1:
            break
        kept.append(char)
        used += size
    return "".join(kept) + "…"


def _chop(word: str, width: int) -> list[str]:
    """A word longer than a line, in pieces of at most ``width`` columns."""
    pieces, piece, used = [], "", 0
    for char in word:
        size = char_columns(char)
        if piece and used + size > width:
            pieces.append(piece)
            piece, used = "", 0
        piece += char
        used += size
    return pieces + [piece] if piece else pieces


def wrap(text: str, width: int, indent: str = "", subsequent: str | None = None) -> list[str]:
    """``text`` as lines of at most ``width`` columns, broken at white space (a word longer
    than a line is broken where it must be). Each line of ``text`` starts a new line; the
    first line of each is prefixed with ``indent``, the others with ``subsequent`` (by
    default ``indent``). Spaces inside a line are kept as they are (two spaces show as two)."""
    subsequent = indent if subsequent is None else subsequent
    out: list[str] = []
    for paragraph in text.split("\n"):
        prefix = indent
        line, used, gap = "", 0, ""
        room = max(1, width - columns(prefix))
        for token in _GAPS.split(paragraph):
            if not token:
                continue
            if token.isspace():
                gap = token.replace("\t", " ").replace("\r", " ")
                continue
            size = columns(token)
            if used + columns(gap) + size <= room:
                line, used = line + gap + token, used + columns(gap) + size
                gap = ""
                continue
            if line:  # (the word goes to the next line; the gap before it is dropped)
                out.append(prefix + line)
                prefix = subsequent
                room = max(1, width - columns(prefix))
            gap = ""
            pieces = _chop(token, room) if size > room else [token]
            for piece in pieces[:-1]:
                out.append(prefix + piece)
                prefix = subsequent
                room = max(1, width - columns(prefix))
            line, used = pieces[-1], columns(pieces[-1])
        out.append(prefix + line)
    return out


def wrap_items(items: Iterable[str], width: int, separator: str = "  ") -> list[str]:
    """``items`` (``[a] accept``) on as few lines of ``width`` columns as they fit on, none
    broken across two lines (unless one alone is wider than a line)."""
    lines: list[str] = []
    line = ""
    for item in items:
        if line and columns(line + separator + item) > width:
            lines.append(line)
            line = ""
        line = line + separator + item if line else item
    if line:
        lines.append(line)
    return [piece for line in lines for piece in (wrap(line, width) if columns(line) > width else [line])]
