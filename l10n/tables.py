"""Markdown tables (GitHub's pipe tables) in Markdown articles: one translation unit each.

A table is kept as one text, a row a line, in a canonical form (``| North | 61% |``, its
delimiter row ``| --- | :-: |``), so that a translator translates its cells in place and
the editions show it as a table: in HTML a ``<table>`` whose cells are Markdown inline
text (``inline``), in Markdown the same canonical rows. Pure: text in, rows out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

# A delimiter row: cells of dashes, with a colon at either end for the alignment.
_DELIMITER_CELL = re.compile(r"^:?-+:?$")
_SPLIT = re.compile(r"(?<!\\)\|")  # a cell boundary: a pipe not escaped ("\|" is a pipe in a cell)


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    align: tuple[str, ...]  # per column: "" | "left" | "center" | "right"
    rows: tuple[tuple[str, ...], ...]

    @property
    def shape(self) -> tuple[int, ...]:
        """The cells of each row, the header's first (what a translation must keep)."""
        return (len(self.header), *(len(row) for row in self.rows))

    def write(self, cell: Callable[[str], str]) -> str:
        """The table as pipe-table lines, each cell written by ``cell``."""
        def row(found: Sequence[str]) -> str:
            return "| " + " | ".join(cell(text) for text in found) + " |"

        delimiter_row = "| " + " | ".join(_MARKS[a] for a in self.align) + " |"
        return "\n".join([row(self.header), delimiter_row, *(row(r) for r in self.rows)])


_MARKS = {"": "---", "left": ":--", "center": ":-:", "right": "--:"}  # a delimiter cell, by alignment


def cells(line: str) -> list[str] | None:
    """The cells of one table line (None: no pipe in it, so no table line)."""
    stripped = line.strip()
    if "|" not in stripped:
        return None
    if stripped.startswith("|"):
        stripped = stripped[1:]
    if stripped.endswith("|") and not stripped.endswith("\\|"):
        stripped = stripped[:-1]
    return [cell.strip() for cell in _SPLIT.split(stripped)]


def delimiter(line: str) -> list[str] | None:
    """The alignments of a delimiter row (``|---|:-:|``), or None when it is none."""
    found = cells(line)
    if not found or not all(_DELIMITER_CELL.match(cell) for cell in found):
        return None
    return [("center" if c.startswith(":") and c.endswith(":") else "left" if c.startswith(":")
             else "right" if c.endswith(":") else "") for c in found]


def starts_table(line: str, following: str | None) -> bool:
    """Whether ``line`` is a table's header row: a line with a pipe, a delimiter row of as
    many cells under it."""
    head = cells(line)
    align = delimiter(following) if following is not None else None
    return head is not None and align is not None and len(head) == len(align)


def canonical(lines: Sequence[str]) -> str:
    """A table's lines (header, delimiter, rows: ``starts_table`` said so) as its one text:
    a row a line, each as ``| a | b |``, the whitespace in cells tidied."""
    table = parse("\n".join(lines))
    assert table is not None
    return table.write(lambda text: " ".join(text.split()))


def parse(text: str) -> Table | None:
    """The table a text (a table's, or its translation) holds; None when it holds none:
    fewer than two lines, or no delimiter row under the first."""
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) < 2:
        return None
    head, align = cells(lines[0]), delimiter(lines[1])
    if head is None or align is None or len(head) != len(align):
        return None
    rows = []
    for line in lines[2:]:
        found = cells(line)
        if found is None:
            return None
        rows.append(tuple(found))
    return Table(tuple(head), tuple(align), tuple(rows))


def looks_like_table(text: str) -> bool:
    """Quick: whether ``text`` may be a table (a line break and a pipe at a line's start)."""
    return "\n" in text and ("\n|" in text or text.startswith("|"))
