"""The cyclic garbage collector, paused where work makes objects and (almost) no garbage.

Python's collector runs after every few hundred new objects, and a full collection goes
through every object alive: in a process holding a build's records or a large catalog,
collections cost a third of reading that catalog and a tenth of a one-article build.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic collection inside the block (reference counting still frees what is no
    longer used); collecting resumes after it, if it was on."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
