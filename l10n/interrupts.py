"""Ctrl+C for the commands that stay up (``build --watch``, ``serve``).

Python raises KeyboardInterrupt where the main thread happens to be when the signal's
handler runs; when that is a finalizer (a ``__del__`` the garbage collector runs, and
filelock's locks have one), Python prints it and swallows it, and a command that waits
for Ctrl+C goes on. The event of ``stopped_by_ctrl_c`` is set all the same: the loops of
those commands look at it.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections.abc import Iterator
from typing import Any


@contextlib.contextmanager
def stopped_by_ctrl_c() -> Iterator[threading.Event]:
    """An event Ctrl+C sets, as well as raising KeyboardInterrupt. A KeyboardInterrupt
    that lands in a finalizer is swallowed, silently (Python would print a traceback of
    it): the event still says to stop."""
    stop = threading.Event()

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
