"""Work shared out among processes, one a core, for stages that handle thousands of
catalogs (compile, update): chunks of pure work go to forked workers, results come back
in order.

A process forks only when it has no other threads (a Ray driver has some): a forked child
could find a lock another thread held at the moment of the fork, and wait forever. Where
fork is not available, or the work is small, one process does it all.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

C = TypeVar("C")
R = TypeVar("R")


def workers_for(count: int, threshold: int) -> int:
    """How many processes ``count`` items are worth: one below ``threshold``, else a core each."""
    cores = min(os.cpu_count() or 1, 8)
    if count < threshold or cores < 2 or threading.active_count() != 1:
        return 1
    return cores


def shares(items: list[C], workers: int, per_worker: int = 8) -> list[list[C]]:
    """``items`` cut into runs for ``workers`` processes, ``per_worker`` runs each (small
    enough that no core waits long for the last one), in order."""
    size = max(1, -(-len(items) // (workers * per_worker)))
    return [items[at:at + size] for at in range(0, len(items), size)]


def map_chunks(function: Callable[[C], list[R]], chunks: Sequence[C], workers: int,
               done: Callable[[C, list[R]], None] | None = None) -> list[R]:
    """``function`` on every chunk (on ``workers`` processes), the results joined in order;
    ``done(chunk, results)`` hears of each chunk as its results come back."""
    pool = None
    results: Iterable[list[R]] = map(function, chunks)
    if workers > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        try:
            pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                                       initializer=_leave_interrupts_to_the_parent, initargs=(os.getpid(),))
        except ValueError:  # no fork on this platform
            pool = None
        if pool is not None:
            results = pool.map(function, chunks)
    joined: list[R] = []
    try:
        for chunk, found in zip(chunks, results):
            joined += found
            if done is not None:
                done(chunk, found)
    except BaseException:
        if pool is not None:  # what is still to do is not wanted any more
            pool.shutdown(cancel_futures=True)
        raise
    if pool is not None:
        pool.shutdown()
    return joined


def _leave_interrupts_to_the_parent(parent: int) -> None:
    """In a worker: Ctrl+C reaches every process of the terminal's group; the parent stops
    the pool and says so once, where each worker would print a traceback of its own. A
    parent that stays up stops on SIGTERM too (``l10n.interrupts``): its workers take
    SIGTERM as a process does, so that a pool can still end them. A parent that is killed
    (SIGKILL, out of memory) takes its workers with it: they would wait for it forever,
    on a full pipe or a lock (Linux; elsewhere they end when their work is done)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        try:
            ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            return
        if os.getppid() != parent:  # (it died before the call above)
            os._exit(1)
