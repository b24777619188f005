"""Entry IDs: short and stable, like git's abbreviated hashes.

An entry's key is a hash of (locale, catalog domain, msgctxt, msgid): it does not change
when ``extract``, ``update`` or ``translate`` run, as long as the source text does not.
Its ID is the first 7 hex digits of the key, longer only where two keys of the workspace
share them. An ID typed by a user may be any unique prefix of 4 or more digits.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from l10n.errors import UsageError

SHORT = 7
MINIMUM = 4


def entry_key(locale: str, domain: str, msgctxt: str | None, msgid: str) -> str:
    context = "\x00" if msgctxt is None else "\x01" + msgctxt
    return hashlib.sha1(f"{locale}\x1f{domain}\x1f{context}\x1f{msgid}".encode()).hexdigest()


def short_ids(keys: Iterable[str]) -> dict[str, str]:
    """Each key's shortest prefix of at least SHORT digits that no other key shares."""
    ordered = sorted(set(keys))
    out: dict[str, str] = {}
    for i, key in enumerate(ordered):
        length = SHORT
        for neighbour in (ordered[i - 1] if i else None, ordered[i + 1] if i + 1 < len(ordered) else None):
            if neighbour is not None:
                common = next((n for n, (a, b) in enumerate(zip(key, neighbour)) if a != b), len(key))
                length = max(length, common + 1)
        out[key] = key[:length]
    return out


def resolve(typed: str, keys: Iterable[str]) -> str | None:
    """The one key ``typed`` abbreviates; None when none does. Ambiguous or malformed
    input is a UsageError naming it."""
    prefix = typed.strip().lower()
    if len(prefix) < MINIMUM or any(c not in "0123456789abcdef" for c in prefix):
        raise UsageError(f"{typed}: not an entry ID (IDs are {SHORT} or more hex digits, as `l10n review list` shows)")
    found = [key for key in keys if key.startswith(prefix)]
    if len(found) > 1:
        raise UsageError(f"{typed}: ambiguous ID ({len(found)} entries start with it); give more digits")
    return found[0] if found else None
