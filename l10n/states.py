"""Entry states, stored in the .po files so every PO tool sees them.

| state        | in the .po                                                            |
|--------------|-----------------------------------------------------------------------|
| untranslated | empty msgstr, not fuzzy                                               |
| machine      | fuzzy, a translator comment ``l10n-origin: ...`` and no previous msgid|
|              | (and, where the origin records it, the source it was made from)       |
| needs_review | any other fuzzy entry (source changed: previous msgid ``#|`` kept)    |
| approved     | msgstr, not fuzzy (msgfmt's "translated")                             |

Clearing fuzzy in Poedit approves an entry, exactly like ``l10n review accept``. Markers
are translator comments (``# ...``) because every PO editor keeps those.

The origin comment ends with ``src:HASH``, a short hash of the source text the draft was
made from: other tools lose ``#|`` lines (``pybabel update`` turns them into comments) or
carry a comment to another entry with its translation (``msgmerge``), so a fuzzy entry
whose msgid no longer has that hash is a stale draft of an old text: needs review.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from enum import Enum

from l10n.catalogs.model import Catalog, Message

ORIGIN = "l10n-origin:"  # "# l10n-origin: mt argos en->de translate-en_de 1.9 2026-11-28"
FLAG = "l10n-flag:"  # "# l10n-flag: length-bound" / "# l10n-flag: repetition"
REJECTED = "l10n-rejected:"  # "# l10n-rejected: 2026-11-28 by alice: wrong tense"


class State(str, Enum):
    UNTRANSLATED = "untranslated"
    MACHINE = "machine"
    NEEDS_REVIEW = "needs_review"
    APPROVED = "approved"


MARKERS = (ORIGIN, FLAG, REJECTED)
# The end of an origin comment that a tool wrapped onto a line of its own: polib (and so
# any script that saves with it) wraps a comment longer than 76 characters, and an origin
# with both hashes is longer ("# draft:7dc3b808" under the rest).
_HASH_TAIL = re.compile(r"(?:^|\s)(?:src|draft):[0-9a-f]{8}$")


def _marker_lines(comments: list[str], prefix: str) -> list[tuple[int, int]]:
    """Where the ``prefix`` markers are among ``comments``: (first, end) index ranges, an
    origin's range taking the lines a wrapping tool cut off it."""
    found = []
    i = 0
    while i < len(comments):
        if not comments[i].startswith(prefix):
            i += 1
            continue
        end = i + 1
        if prefix == ORIGIN:
            while (end < len(comments) and not comments[end].startswith(MARKERS)
                   and _HASH_TAIL.search(comments[end].strip())):
                end += 1
        found.append((i, end))
        i = end
    return found


def marker(message: Message, prefix: str) -> str | None:
    comments = message.translator_comments
    for first, end in _marker_lines(comments, prefix):
        return " ".join([comments[first][len(prefix):].strip(), *(c.strip() for c in comments[first + 1:end])])
    return None


def set_marker(message: Message, prefix: str, value: str) -> None:
    remove_marker(message, prefix)
    message.translator_comments.append(f"{prefix} {value}")


SOURCE_PREFIX = "src:"
DRAFT_PREFIX = "draft:"


def source_hash(text: str) -> str:
    """The short hash of a text (a source, or a draft) that an origin comment records."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def origin_value(origin: str, date: str, msgid: str, draft: str | None = None) -> str:
    """The ``l10n-origin`` comment of a draft of ``msgid``: where it came from, when, of
    what source, and (a hash of) the draft text itself."""
    value = f"{origin} {date} {SOURCE_PREFIX}{source_hash(msgid)}"
    return value if draft is None else f"{value} {DRAFT_PREFIX}{source_hash(draft)}"


def _origin_token(origin: str, prefix: str) -> str | None:
    for token in reversed(origin.split()):
        if token.startswith(prefix):
            return token[len(prefix):]
    return None


def origin_source_hash(origin: str) -> str | None:
    return _origin_token(origin, SOURCE_PREFIX)


def draft_unchanged(message: Message) -> bool:
    """The translation is still exactly the draft the origin comment was written for."""
    origin = marker(message, ORIGIN)
    recorded = _origin_token(origin, DRAFT_PREFIX) if origin else None
    return recorded is not None and recorded == source_hash(message.msgstr)


def draft_is_current(message: Message) -> bool:
    """The origin comment was written for this entry's source text (or records none)."""
    origin = marker(message, ORIGIN)
    if origin is None:
        return False
    recorded = origin_source_hash(origin)
    return recorded is None or recorded == source_hash(message.msgid)


def remove_marker(message: Message, prefix: str) -> None:
    """Remove the ``prefix`` markers (with the lines a wrapping tool cut off them)."""
    comments = message.translator_comments
    spans = _marker_lines(comments, prefix)
    if spans:
        gone = {i for first, end in spans for i in range(first, end)}
        message.translator_comments = [c for i, c in enumerate(comments) if i not in gone]


def revision_date(now: dt.datetime) -> str:
    """A ``PO-Revision-Date`` as PO editors write it: ``2026-11-28 14:05+0000``."""
    return now.strftime("%Y-%m-%d %H:%M%z")


def touch_revision(catalog: Catalog, now: dt.datetime, translator: str | None = None) -> None:
    """Set the header fields a PO editor sets when it saves a translator's change."""
    catalog.set_header("PO-Revision-Date", revision_date(now))
    if translator is not None:
        catalog.set_header("Last-Translator", translator)


def state(message: Message) -> State:
    if message.fuzzy and message.has_translation:  # (fuzzy with no text is untranslated, as msgfmt counts it)
        if message.previous_msgid is None and draft_is_current(message):
            return State.MACHINE
        return State.NEEDS_REVIEW
    if message.translated:
        return State.APPROVED
    return State.UNTRANSLATED


def is_rejected(message: Message) -> bool:
    return marker(message, REJECTED) is not None
