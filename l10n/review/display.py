"""Texts as a reviewer's terminal shows them: widths in terminal columns, lines wrapped or
cut to fit the terminal's real width.

A terminal gives a wide character (CJK, most emoji) two columns and a combining mark none,
so ``len`` is not the width of a line: ``columns`` is. Nothing here changes a stored text;
it only decides how a copy of it is laid out on the screen.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_GAPS = re.compile(r"(\s+)")


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
