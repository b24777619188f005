"""The audit log of review actions: ``locales/<locale>/review.jsonl``, one JSON object a line.

Each record is appended in one ``write`` of a whole line to a file opened with
``O_APPEND`` and fsynced: two reviewers at once never interleave, and a crash never
leaves half a line that breaks the reader (a reader skips a torn last line anyway).
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import subprocess
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from l10n.config import Config
from l10n.errors import from_os_error
from l10n.review.display import one_line

LOG_NAME = "review.jsonl"
ACTIONS = ("accept", "edit", "reject")


@dataclass(frozen=True)
class Record:
    time: str  # UTC, ISO 8601
    reviewer: str
    locale: str
    catalog: str
    id: str
    msgctxt: str | None
    msgid: str
    action: str  # accept | edit | reject
    before: str  # the translation before the action
    after: str  # ... and after it ("" for a rejection)
    origin: str | None  # the origin of the draft that was reviewed
    reason: str | None  # why it was rejected

    def to_json(self) -> dict[str, object]:
        return asdict(self)


def log_path(config: Config, locale: str) -> Path:
    return config.locales_path / locale / LOG_NAME


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def timestamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).isoformat().replace("+00:00", "Z")


def append(config: Config, record: Record) -> None:
    """Append one record as one line, atomically with respect to other appenders."""
    path = log_path(config, record.locale)
    line = (json.dumps(record.to_json(), ensure_ascii=False, sort_keys=False) + "\n").encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
        try:
            written = os.write(fd, line)
            if written != len(line):  # a full disk: never leave half a record behind
                os.ftruncate(fd, os.fstat(fd).st_size - written)
                raise OSError(28, "No space left on device")
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise from_os_error(exc, "append to", path) from None


def read(config: Config, locales: Iterable[str]) -> list[Record]:
    """Every record of ``locales``, oldest first; lines that are not records are skipped."""
    records: list[Record] = []
    fields = set(Record.__dataclass_fields__)
    for locale in locales:
        path = log_path(config, locale)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise from_os_error(exc, "read", path) from None
        for raw in data.splitlines():
            try:
                item = json.loads(raw)
            except (UnicodeDecodeError, json.JSONDecodeError):
                continue
            if isinstance(item, dict) and set(item) >= fields:
                records.append(Record(**{k: item[k] for k in fields}))
    return sorted(records, key=lambda r: r.time)


def reviewer_name(explicit: str | None, root: Path) -> str:
    """``--reviewer``, else ``$L10N_REVIEWER``, else git's ``user.name``, else the OS user;
    on one line, without characters that do not show (a bidi override in a name would turn
    the ``Last-Translator`` header around in every PO editor: see ``display.one_line``)."""
    for name in (explicit, os.environ.get("L10N_REVIEWER")):
        if name and one_line(name):
            return one_line(name)
    try:
        found = one_line(subprocess.run(["git", "config", "user.name"], cwd=root, capture_output=True, text=True,
                                        timeout=5, check=False).stdout)
    except (OSError, subprocess.SubprocessError):
        found = ""
    if found:
        return found
    try:
        return one_line(getpass.getuser()) or "unknown"
    except (KeyError, OSError):
        return "unknown"
