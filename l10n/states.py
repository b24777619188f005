"""Entry states, stored in the .po files so every PO tool sees them.

| state        | in the .po                                                            |
|--------------|-----------------------------------------------------------------------|
| untranslated | empty msgstr, not fuzzy                                               |
| machine      | fuzzy, a translator comment ``l10n-origin: ...`` and no previous msgid|
| needs_review | any other fuzzy entry (source changed: previous msgid ``#|`` kept)    |
| approved     | msgstr, not fuzzy (msgfmt's "translated")                             |

Clearing fuzzy in Poedit approves an entry, exactly like ``l10n review accept``. Markers
are translator comments (``# ...``) because every PO editor keeps those.
"""

from __future__ import annotations

from enum import Enum

from l10n.catalogs.model import Message

ORIGIN = "l10n-origin:"  # "# l10n-origin: mt argos en->de translate-en_de 1.9 2026-11-28"
FLAG = "l10n-flag:"  # "# l10n-flag: length-bound" / "# l10n-flag: repetition"
REJECTED = "l10n-rejected:"  # "# l10n-rejected: 2026-11-28 by alice: wrong tense"


class State(str, Enum):
    UNTRANSLATED = "untranslated"
    MACHINE = "machine"
    NEEDS_REVIEW = "needs_review"
    APPROVED = "approved"


def marker(message: Message, prefix: str) -> str | None:
    for comment in message.translator_comments:
        if comment.startswith(prefix):
            return comment[len(prefix):].strip()
    return None


def set_marker(message: Message, prefix: str, value: str) -> None:
    message.translator_comments = [c for c in message.translator_comments if not c.startswith(prefix)]
    message.translator_comments.append(f"{prefix} {value}")


def state(message: Message) -> State:
    if message.fuzzy:
        if marker(message, ORIGIN) is not None and message.previous_msgid is None:
            return State.MACHINE
        return State.NEEDS_REVIEW
    if message.translated:
        return State.APPROVED
    return State.UNTRANSLATED


def is_rejected(message: Message) -> bool:
    return marker(message, REJECTED) is not None
