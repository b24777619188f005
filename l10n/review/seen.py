"""What a reviewer was last shown of each entry, so a later action can tell whether a
translator changed the entry in between.

``l10n review list`` / ``show`` record the translation of every entry they print; ``accept``,
``edit`` and ``reject`` given on a later command line expect that translation to still be
in the file, and refuse the entry otherwise (the translator's text wins). The record is a
small JSON file under the workspace's ``.l10n/`` folder, written atomically under the
workspace lock; losing it only loses that protection for the next action, nothing else.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from l10n import fsio
from l10n.config import Config
from l10n.review.queue import Entry

FILE_NAME = "review-seen.json"
LIMIT = 50_000  # entries remembered; the oldest are forgotten first


def _path(config: Config) -> Path:
    return config.state_path / FILE_NAME


def read(config: Config) -> dict[str, str]:
    try:
        data = json.loads(_path(config).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)}


def remember(config: Config, entries: Iterable[Entry]) -> None:
    """Record the translation each entry has now (as shown to the reviewer)."""
    shown = {e.key: e.msgstr for e in entries}
    if not shown:
        return
    with fsio.workspace_lock(config.locales_path):
        data = read(config)
        for key in shown:
            data.pop(key, None)  # re-inserted last: the newest are kept
        data.update(shown)
        if len(data) > LIMIT:
            data = dict(list(data.items())[-LIMIT:])
        fsio.atomic_write(_path(config), json.dumps(data, ensure_ascii=False).encode("utf-8"))


def forget(config: Config, keys: Iterable[str]) -> None:
    keys = set(keys)
    if not keys:
        return
    with fsio.workspace_lock(config.locales_path):
        data = read(config)
        if keys & set(data):
            fsio.atomic_write(_path(config), json.dumps({k: v for k, v in data.items() if k not in keys},
                                                        ensure_ascii=False).encode("utf-8"))
