"""A local Ray instance for the tests that need one: import ``ray_cluster`` where it is used.

It starts once per session, on first use (about 3 s), with 2 CPUs, no dashboard, no usage
report, and workers' output kept out of the test output. Everything Ray writes (sockets,
logs, object spill, and the cluster's authentication token, which Ray keeps in
``~/.ray``) goes into one fresh folder under the system temp folder (short, as Ray's
socket paths must be); ``RAY_AUTH_TOKEN_PATH`` lets a child process (a CLI run) join. It
is shut down at the end of the session, and Ray's environment variables undone. Tests that
never ask for it never import Ray.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

RAY_CPUS = 2


@pytest.fixture(scope="session")
def ray_cluster() -> Iterator[Any]:
    """The ``ray`` module, initialized: ``ray.get_runtime_context().gcs_address`` lets
    another process (a CLI run) join the same instance."""
    import ray

    temp = Path(tempfile.mkdtemp(prefix="l10n-ray-"))
    before = {k: v for k, v in os.environ.items() if k.startswith("RAY_")}
    home = os.environ["HOME"]
    os.environ["RAY_USAGE_STATS_ENABLED"] = "0"
    os.environ["HOME"] = str(temp)  # where Ray saves the token it makes (.ray/auth_token)
    try:
        ray.init(num_cpus=RAY_CPUS, include_dashboard=False, _temp_dir=str(temp / "ray"),
                 logging_level=logging.ERROR, log_to_driver=False,
                 object_store_memory=128 * 1024**2)
    finally:
        os.environ["HOME"] = home
    token = temp / ".ray" / "auth_token"
    if token.exists():
        os.environ["RAY_AUTH_TOKEN_PATH"] = str(token)
    try:
        yield ray
    finally:
        ray.shutdown()
        for key in [k for k in os.environ if k.startswith("RAY_")]:
            del os.environ[key]
        os.environ.update(before)
        shutil.rmtree(temp, ignore_errors=True)


__all__ = ["RAY_CPUS", "ray_cluster"]
