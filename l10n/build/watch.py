"""``l10n build --watch``: build, then build again whenever a source changes.

An editor saving an article, a translator saving a catalog in Poedit, a change to
``pyproject.toml``: each wakes the watcher (the operating system's file notifications,
through ``watchfiles``; no polling), which runs the build again in the same process. The
build itself decides what to do, as always: the stamp proves what changed (see
``l10n.build.stamp``) and only that is rebuilt; a wake-up by the build's own writes finds
nothing changed and stays quiet. Staying up is what makes a rebuild quick: Python, the
stages, Babel's locale data and the compiled templates are loaded once.

The folders watched are the sources a build reads (the articles folder, the locales
folder, ``pyproject.toml``); the build folder and l10n's own memory are not (what is
written there is the build's work). Changes that happen while a build runs are kept and
wake the next one.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from l10n import fsio
from l10n.config import Config
from l10n.interrupts import Stop

# Milliseconds of quiet after a change before the build starts (an editor's save is a
# write and a rename, a few milliseconds apart), and the longest a burst is gathered.
STEP_MS = 20
DEBOUNCE_MS = 1600
# After this long without a change, a quiet build looks anyway (the stamp's one pass of
# stat): a notification the system dropped (a full queue, a network file system) is then
# late, not lost.
RESCAN_SECONDS = 15.0


def sources(config: Config) -> list[Path]:
    """What a build reads, as the watcher sees it: folders and files that exist."""
    wanted = [config.articles_path, config.locales_path, config.root / "pyproject.toml"]
    return [path for path in wanted if path.exists()]


# GNU sed -i writes its result to a temporary beside the file ("sedAbC123") first.
_EDITOR_TEMPORARY = re.compile(r"^sed[A-Za-z0-9]{6}$")


def _watched(config: Config) -> Callable[[object, str], bool]:
    """Which changed paths wake a build: not temporaries of a writer (l10n's own or an
    editor's), not the workspace lock, not the build folder or l10n's memory."""
    ignored = (os.path.join(str(config.build_path), ""), os.path.join(str(config.state_path), ""))
    from watchfiles import DefaultFilter

    editors = DefaultFilter()  # swap files, backups, ~ files

    def watched(change: object, path: str) -> bool:
        name = os.path.basename(path)
        if (path.startswith(ignored) or name == fsio.LOCK_NAME or fsio.is_temporary(name)
                or _EDITOR_TEMPORARY.match(name)):
            return False
        return bool(editors(change, path))  # type: ignore[arg-type]

    return watched


def _marks(paths: Iterable[Path]) -> tuple[tuple[str, int | None], ...]:
    """Each watched path's inode: a file or folder replaced by a rename (an editor's
    atomic save of pyproject.toml) is a new one, which the old watch no longer sees."""
    marks: list[tuple[str, int | None]] = []
    for path in paths:
        try:
            marks.append((str(path), os.stat(path).st_ino))
        except OSError:
            marks.append((str(path), None))
    return tuple(marks)


def changes(current: Callable[[], Config], stop: Stop | None = None) -> Iterator[list[str]]:
    """Each burst of changes to the sources of the workspace ``current()`` describes (it
    is read again after each burst: pyproject.toml may move the folders), as the
    workspace-relative paths that changed (sorted), for as long as the caller iterates;
    first an empty one as soon as the watcher is up (what changed before it was, since
    the caller's last build, is for the caller to find: the build's stamp does). Ctrl+C
    ends it (KeyboardInterrupt), and so does ``stop`` being set.

    After ``RESCAN_SECONDS`` without a change, another empty one: the caller's build then
    looks anyway, in case the system dropped a notification.

    Without an articles folder, the workspace's own entries are watched until one appears.
    When the sources change (a build made the locales folder, pyproject.toml names other
    folders, a source was replaced by a rename), the watcher starts anew over them, and
    says so with another empty burst."""
    from watchfiles import watch

    while stop is None or not stop.is_set():
        config = current()
        paths = sources(config)
        recursive = config.articles_path.is_dir()
        watched = paths if recursive else [config.root]
        marks = _marks(watched)
        up = False
        looked = time.monotonic()
        for burst in watch(*watched, watch_filter=_watched(config), step=STEP_MS, debounce=DEBOUNCE_MS,
                           rust_timeout=200, yield_on_timeout=True, raise_interrupt=True, recursive=recursive,
                           stop_event=stop):
            if not up or (not burst and time.monotonic() - looked >= RESCAN_SECONDS):
                up = True
                yield []
                looked = time.monotonic()
            elif burst:
                yield sorted({config.relative(Path(path)) for _, path in burst})
                looked = time.monotonic()
            now = current()
            if sources(now) != paths or now.articles_path.is_dir() != recursive or _marks(watched) != marks:
                break  # (watched anew)
        else:
            return  # (stopped)


def as_left(config: Config, changed: Iterable[str], written: Mapping[str, fsio.Signature | None]) -> bool:
    """Whether every path of ``changed`` is a file the last build wrote (or removed), still
    as it left it: its own writes, which wake the watcher but change nothing."""
    for rel in changed:
        path = os.path.abspath(os.path.join(config.root, rel))
        if path not in written:
            return False
        try:
            now: fsio.Signature | None = fsio.signature_of(os.stat(path))
        except FileNotFoundError:
            now = None
        except OSError:
            return False
        if now != written[path]:
            return False
    return True


def describe(paths: Iterable[str], most: int = 3) -> str:
    """``articles/a.txt, locales/fr/... and 4 more``: what woke the build, briefly."""
    listed = list(paths)
    shown = ", ".join(listed[:most])
    return shown + (f" and {len(listed) - most} more" if len(listed) > most else "")
