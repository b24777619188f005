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
from l10n.states import State

FILE_NAME = "review-seen.json"
LIMIT = 50_000  # entries remembered; the oldest are forgotten first


def _path(config: Config) -> Path:
    return config.state_path / FILE_NAME


def _raw(config: Config) -> dict[str, object]:
    try:
        data = json.loads(_path(config).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def read(config: Config) -> dict[str, tuple[str, State | None]]:
    """Per entry key: the translation shown, and the state it was shown in (None: a record
    of an earlier l10n, which kept the text only)."""
    found: dict[str, tuple[str, State | None]] = {}
    for key, value in _raw(config).items():
        if isinstance(value, str):
            found[key] = (value, None)
        elif (isinstance(value, list) and len(value) == 2 and isinstance(value[0], str)
              and value[1] in {s.value for s in State}):
            found[key] = (value[0], State(value[1]))
    return found


def remember(config: Config, entries: Iterable[Entry]) -> None:
    """Record the translation each entry has now, and its state (as shown to the reviewer)."""
    shown = {e.key: [e.msgstr, e.state.value] for e in entries}
    if not shown:
        return
    with fsio.workspace_lock(config.locales_path):
        data = _raw(config)
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
        data = _raw(config)
        if keys & set(data):
            fsio.atomic_write(_path(config), json.dumps({k: v for k, v in data.items() if k not in keys},
                                                        ensure_ascii=False).encode("utf-8"))
