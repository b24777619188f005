"""Ctrl+C for the commands that stay up (``build --watch``, ``serve``).

Python raises KeyboardInterrupt where the main thread happens to be when the signal's
handler runs; when that is a finalizer (a ``__del__`` the garbage collector runs, and
filelock's locks have one), Python prints it and swallows it, and a command that waits
for Ctrl+C goes on. The flag of ``stopped_by_ctrl_c`` is set all the same: the loops of
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
def stopped_by_ctrl_c() -> Iterator[Flag]:
    """A flag Ctrl+C sets, as well as raising KeyboardInterrupt. A KeyboardInterrupt
    that lands in a finalizer is swallowed, silently (Python would print a traceback of
    it): the flag still says to stop. Where SIGINT is ignored (a job started in the
    background by a script, ``nohup``), it stays ignored, as Python leaves it."""
    stop = Flag()
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        yield stop
        return

    def interrupted(signum: int, frame: object) -> None:
        stop.set()
        raise KeyboardInterrupt

    def unraisable(report: Any) -> None:
        if not (stop.is_set() and report.exc_type is KeyboardInterrupt):
            hook(report)

    hook = sys.unraisablehook
    previous = signal.signal(signal.SIGINT, interrupted)
    sys.unraisablehook = unraisable
    try:
        yield stop
    finally:
        signal.signal(signal.SIGINT, previous)
        sys.unraisablehook = hook
