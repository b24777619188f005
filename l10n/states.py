"""Entry states, stored in the .po files so every PO tool sees them.

| state        | in the .po                                                            |
|--------------|-----------------------------------------------------------------------|
| untranslated | empty msgstr, not fuzzy                                               |
| machine      | fuzzy, a translator comment ``l10n-origin: ...`` and no previous msgid|
|              | (and, where the origin records them, the source it was made from and  |
|              | the draft's own text, unchanged)                                      |
| needs_review | any other fuzzy entry: the source changed (previous msgid ``#|``      |
|              | kept), or a person changed the draft's text and left it fuzzy (work in|
|              | progress)                                                             |
| approved     | msgstr, not fuzzy (msgfmt's "translated")                             |

Clearing fuzzy in Poedit approves an entry, exactly like ``l10n review accept``. Markers
are translator comments (``# ...``) because every PO editor keeps those.

The origin comment ends with ``src:HASH``, a short hash of the source text the draft was
made from: other tools lose ``#|`` lines (``pybabel update`` turns them into comments) or
carry a comment to another entry with its translation (``msgmerge``), so a fuzzy entry
whose msgid no longer has that hash is a stale draft of an old text: needs review.

It also records ``draft:HASH``, a short hash of the draft's own text: a fuzzy entry whose
text no longer has that hash was changed by a person (a translator's work in progress,
left fuzzy in a PO editor). That is no machine draft any more: it needs review, a build
never publishes it as machine translation, and the flags the engine gave the draft
(``l10n-flag``) no longer speak of it (``draft_flags``).
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


# The states that wait for a reviewer: a locale's review queue is its entries in these
# states, in the catalogs whose article is still there (``workspace.orphaned``).
QUEUE_STATES = (State.MACHINE, State.NEEDS_REVIEW)

MARKERS = (ORIGIN, FLAG, REJECTED)
# The end of an origin comment that a tool wrapped onto lines of its own: polib (and so
# any script that saves with it) wraps a comment longer than 76 characters (its default
# width), and an origin with both hashes is longer ("# draft:7dc3b808" under the rest; a
# pivot's origin, or a narrower width, takes three lines or more).
_HASH_TAIL = re.compile(r"(?:^|\s)(?:src|draft):[0-9a-f]{8}$")
_DRAFT_TAIL = re.compile(r"(?:^|\s)draft:[0-9a-f]{8}$")
_WRAPPED_LINES = 6  # an origin's lines after its first, at most


def _origin_end(comments: list[str], first: int) -> int:
    """The end of the origin comment at ``first``: the lines after it up to the last that
    ends with its hashes (none after the one ending with ``draft:HASH``), through lines
    that are no marker of their own."""
    end = first + 1
    joined = comments[first].strip()
    while not _DRAFT_TAIL.search(joined):
        ahead = end
        while (ahead < len(comments) and ahead < end + _WRAPPED_LINES and not comments[ahead].startswith(MARKERS)
               and not _HASH_TAIL.search(comments[ahead].strip())):
            ahead += 1
        if (ahead >= len(comments) or ahead >= end + _WRAPPED_LINES or comments[ahead].startswith(MARKERS)
                or not _HASH_TAIL.search(comments[ahead].strip())):
            break
        joined = comments[ahead].strip()
        end = ahead + 1
    return end


_FLAG_LIST = re.compile(r"[a-z0-9][a-z0-9-]*(?:,\s*[a-z0-9][a-z0-9-]*)*,?")


def _flag_end(comments: list[str], first: int) -> int:
    """The end of the flag comment at ``first`` (``length-bound, repetition``): the lines
    after it that go on its list, where a wrapping tool cut it after a comma or a hyphen
    (or after the marker itself, at a narrow width)."""
    end = first + 1
    while (end < len(comments) and (comments[end - 1].rstrip().endswith((",", "-")) or comments[end - 1].strip() == FLAG)
           and not comments[end].startswith(MARKERS) and _FLAG_LIST.fullmatch(comments[end].strip())):
        end += 1
    return end


def _marker_lines(comments: list[str], prefix: str) -> list[tuple[int, int]]:
    """Where the ``prefix`` markers are among ``comments``: (first, end) index ranges, an
    origin's range taking the lines a wrapping tool cut off it."""
    found = []
    i = 0
    while i < len(comments):
        if not comments[i].startswith(prefix):
            i += 1
            continue
        end = _origin_end(comments, i) if prefix == ORIGIN else _flag_end(comments, i) if prefix == FLAG else i + 1
        found.append((i, end))
        i = end
    return found


def _unwrapped(pieces: list[str]) -> str:
    """Lines a wrapping tool cut one comment into, joined again (textwrap also breaks after
    a hyphen between letters: "translate-" / "en_de")."""
    out = ""
    for piece in (p.strip() for p in pieces):
        if out and not (out.endswith("-") and out[-2:-1].isalpha() and piece[:1].isalnum()):
            out += " "
        out += piece
    return out


def marker(message: Message, prefix: str) -> str | None:
    comments = message.translator_comments
    for first, end in _marker_lines(comments, prefix):
        return _unwrapped([comments[first][len(prefix):], *comments[first + 1:end]])
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


def _edited_since(message: Message, origin: str | None) -> bool:
    recorded = _origin_token(origin, DRAFT_PREFIX) if origin else None
    return recorded is not None and bool(message.msgstr) and recorded != source_hash(message.msgstr)


def edited_since_draft(message: Message) -> bool:
    """A person changed the text of the draft the origin comment names: the origin records
    the draft's hash, and the translation is no longer that text. (An origin that records
    no draft hash, written by an older l10n, cannot tell: False.)"""
    return _edited_since(message, marker(message, ORIGIN))


def _for_this_source(message: Message, origin: str | None) -> bool:
    """The origin comment was written for this entry's source text (or records none)."""
    if origin is None:
        return False
    recorded = origin_source_hash(origin)
    return recorded is None or recorded == source_hash(message.msgid)


def draft_flags(message: Message) -> tuple[str, ...]:
    """The flags the engine gave the entry's draft (``# l10n-flag: length-bound, repetition``),
    while the translation is still that draft: once a person changed its text, they speak
    of a text that is gone (none)."""
    flags = marker(message, FLAG)
    if not flags or edited_since_draft(message):
        return ()
    return tuple(f.strip() for f in flags.split(",") if f.strip())


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
        # A machine draft is the engine's text for this source, as it made it: not a draft
        # of an old source, and not a text a person has changed since (their work, even
        # in progress, is for a reviewer to see, never machine translation to publish).
        origin = marker(message, ORIGIN) if message.previous_msgid is None else None
        if _for_this_source(message, origin) and not _edited_since(message, origin):
            return State.MACHINE
        return State.NEEDS_REVIEW
    if message.translated:
        return State.APPROVED
    return State.UNTRANSLATED


def is_rejected(message: Message) -> bool:
    return marker(message, REJECTED) is not None


def fillable(message: Message, retry_rejected: bool = False) -> bool:
    """Whether ``translate`` drafts the entry: active, singular, untranslated, and not
    rejected (unless asked to retry those)."""
    return (
        not message.obsolete
        and not message.pluralizable
        and state(message) is State.UNTRANSLATED
        and (retry_rejected or not is_rejected(message))
        and bool(message.msgid)
    )
