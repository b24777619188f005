"""Babel's answers a build asks for again and again, remembered in the workspace.

A build that changed one article still asks Babel the same few questions: the month and
weekday names that read a date (``12. März 2026``), each locale's name for itself (the
language menu of an edition), a date in a locale's long format. Importing Babel and
loading a locale's data for them costs such a build tens of milliseconds, more than the
article's own work. The answers depend on nothing but Babel's data and this code, so a
build keeps them in a ledger (``.l10n/cache/locale-facts.ledger``, keyed by Babel's
installed files: another Babel is asked again) and asks Babel only what it has not
answered before.

Outside a build (``attached`` not entered) every question goes to Babel, as before; each
process keeps its answers in memory, and hands those it already has to a build's ledger
that lacks them (a ``--watch`` process whose ledger was removed fills it again).
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from l10n import cache
    from l10n.config import Config

T = TypeVar("T")

_MEMORY: dict[str, Any] = {}  # this process's answers, by question
_LEDGER: list[cache.Ledger] = []  # the workspace's, while a build is attached


def _babel_mark() -> str:
    """Which Babel answers: the size and time of its installed package file (another
    version, another mark), without importing it."""
    try:
        spec = importlib.util.find_spec("babel")
        origin = spec.origin if spec is not None else None
        st = os.stat(origin) if origin else None
    except (OSError, ImportError, ValueError):
        return "?"
    return f"{st.st_size}:{st.st_mtime_ns}" if st is not None else "?"


@contextmanager
def attached(config: Config) -> Iterator[None]:
    """Inside the block, answers are read from and added to the workspace's ledger, saved
    when the block ends (only when something was added)."""
    from l10n import cache

    ledger = cache.Ledger.open(config, "locale-facts")
    mark = _babel_mark()
    if ledger.get("babel") != mark:
        ledger.keep_only(())
        ledger.put("babel", mark)
    _LEDGER.append(ledger)
    try:
        yield
    finally:
        _LEDGER.remove(ledger)
        ledger.save()


def answer(question: str, ask: Callable[[], T], shape: Callable[[Any], bool]) -> T:
    """What Babel answered to ``question`` (a key naming the function and its arguments),
    asking it with ``ask`` when nobody has. The answer must be plain JSON data, and
    ``shape`` says whether a remembered one is of the kind ``ask`` gives.

    Each answer is kept with a hash of the question and the answer: one the file no
    longer holds as written (a damaged disk, a stray edit) is asked of Babel again, never
    published as a date."""
    ledger = _LEDGER[-1] if _LEDGER else None
    if question in _MEMORY:
        found = _MEMORY[question]
        if ledger is not None and question not in ledger.entries:  # (asked in this process before)
            ledger.put(question, [found, _check(question, found)])
        return found  # type: ignore[no-any-return]
    kept = ledger.get(question) if ledger is not None else None
    if (isinstance(kept, list) and len(kept) == 2 and kept[1] == _check(question, kept[0])
            and shape(kept[0])):
        found = kept[0]
    else:
        found = ask()
        if ledger is not None:
            ledger.put(question, [found, _check(question, found)])
    _MEMORY[question] = found
    return found  # type: ignore[no-any-return]


def _check(question: str, value: Any) -> str:
    from l10n import cache

    return cache.digest(question.encode("utf-8") + b"\0" + cache.dumps(value, sort_keys=True))


def is_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value)


def is_texts(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def is_month_table(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(name, str) and type(number) is int and 1 <= number <= 12 for name, number in value.items())
