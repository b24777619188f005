"""A word diff of two texts, for a needs-review entry: what changed in its source."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Piece:
    text: str
    change: str  # "same" | "removed" | "added"


def word_diff(old: str, new: str) -> list[Piece]:
    """``old`` -> ``new`` as runs of unchanged, removed and added words (spaces kept)."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    pieces: list[Piece] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(Piece("".join(a[i1:i2]), "same"))
            continue
        if i2 > i1:
            pieces.append(Piece("".join(a[i1:i2]), "removed"))
        if j2 > j1:
            pieces.append(Piece("".join(b[j1:j2]), "added"))
    return pieces


def as_text(pieces: list[Piece]) -> str:
    """The diff in plain text: ``[-removed-]`` and ``{+added+}``, as ``git diff --word-diff``."""
    marks = {"same": ("", ""), "removed": ("[-", "-]"), "added": ("{+", "+}")}
    return "".join(f"{marks[p.change][0]}{p.text}{marks[p.change][1]}" for p in pieces)
