"""The glossary terms of a text, marked: what a reviewer must see survive translation."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    text: str
    term: bool  # a glossary term (whole word, case-sensitive, as the glossary check reads it)


def mark_terms(text: str, glossary: Sequence[str]) -> list[Span]:
    """``text`` cut into runs of plain text and glossary terms (the longest term wins)."""
    terms = sorted({t for t in glossary if t.strip()}, key=len, reverse=True)
    if not terms:
        return [Span(text, False)] if text else []
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in terms) + r")(?!\w)")
    spans: list[Span] = []
    at = 0
    for match in pattern.finditer(text):
        if match.start() > at:
            spans.append(Span(text[at:match.start()], False))
        spans.append(Span(match.group(), True))
        at = match.end()
    if at < len(text):
        spans.append(Span(text[at:], False))
    return spans
