"""Ctrl+C (and SIGTERM) for the commands that stay up (``build --watch``, ``serve``).

Python raises KeyboardInterrupt where the main thread happens to be when the signal's
handler runs; when that is a finalizer (a ``__del__`` the garbage collector runs, and
filelock's locks have one), Python prints it and swallows it, and a command that waits
for Ctrl+C goes on. The flag of ``stopped_by_signals`` is set all the same: the loops of
those commands look at it.
"""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Iterator
from typing import Any, Protocol


class Stop(Protocol):
    """What a loop that stays up looks at (a ``Flag``, a ``threading.Event``)."""

    def is_set(self) -> bool: ...


class Flag:
    """Set once, read anywhere, without a lock: a signal handler sets it, and a second
    handler may run inside the first (``threading.Event.set`` takes a lock that is not
    re-entrant, and would wait forever)."""

    __slots__ = ("_set",)

    def __init__(self) -> None:
        self._set = False

    def set(self) -> None:
        self._set = True

    def is_set(self) -> bool:
        return self._set


@contextlib.contextmanager
def stopped_by_signals() -> Iterator[Flag]:
    """A flag Ctrl+C (SIGINT) and SIGTERM (``kill``, ``systemctl stop``, ``docker stop``)
    set, as well as raising KeyboardInterrupt: the command stops as on Ctrl+C, saying so,
    instead of dying where it stands. A KeyboardInterrupt that lands in a finalizer is
    swallowed, silently (Python would print a traceback of it): the flag still says to
    stop. A signal ignored at start (SIGINT of a script's background job, ``nohup``)
    stays ignored, as Python leaves it."""
    stop = Flag()

    def interrupted(signum: int, frame: object) -> None:
        stop.set()
        raise KeyboardInterrupt

    def unraisable(report: Any) -> None:
        if not (stop.is_set() and report.exc_type is KeyboardInterrupt):
            hook(report)

    hook = sys.unraisablehook
    previous = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM)}
    for signum, handler in previous.items():
        if handler is not signal.SIG_IGN:
            signal.signal(signum, interrupted)
    sys.unraisablehook = unraisable
    try:
        yield stop
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
        sys.unraisablehook = hook
