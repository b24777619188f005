"""Translation-memory suggestions for one entry: approved translations of similar sources.

The memory is the workspace itself: every approved entry of the same locale and source
language. Similarity is RapidFuzz's normalized edit-distance ratio of the two sources (0 to
100); a suggestion is shown from ``THRESHOLD`` up, the best ``LIMIT`` first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from l10n.review.queue import Entry
from l10n.states import State

THRESHOLD = 70.0
LIMIT = 3


@dataclass(frozen=True)
class Suggestion:
    source: str  # the similar source text
    translation: str  # its approved translation
    similarity: int  # percent, 100 for the same text
    id: str  # the entry it comes from
    article: str | None  # None for chrome


def suggestions(entry: Entry, pool: Iterable[Entry], limit: int = LIMIT,
                threshold: float = THRESHOLD) -> list[Suggestion]:
    """The approved translations in ``pool`` whose source is most like ``entry``'s."""
    memory: dict[tuple[str, str], Entry] = {}
    for other in pool:
        if (other.state is State.APPROVED and other.msgstr and other.key != entry.key
                and other.locale == entry.locale and other.source_language == entry.source_language):
            memory.setdefault((other.msgid, other.msgstr), other)  # one per distinct pair
    if not memory:
        return []
    candidates = list(memory.values())
    found = process.extract(entry.msgid, [c.msgid for c in candidates], scorer=fuzz.ratio,
                            limit=None, score_cutoff=threshold)
    # Best first; among equals the one that is read first in the queue.
    ranked = sorted(found, key=lambda hit: (-hit[1], candidates[hit[2]].sort_key()))
    return [Suggestion(source=candidates[i].msgid, translation=candidates[i].msgstr, similarity=int(score),
                       id=candidates[i].id, article=candidates[i].article)
            for _, score, i in ranked[:limit]]
