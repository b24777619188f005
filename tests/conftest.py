"""Shared fixtures. Before anything is imported, every per-user folder points into a
temporary directory: tests never touch $HOME or the network (argostranslate creates
folders under $HOME and the XDG folders at import)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

_SANDBOX = Path(tempfile.mkdtemp(prefix="l10n-tests-"))
for _name in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "ARGOS_PACKAGES_DIR"):
    os.environ[_name] = str(_SANDBOX / _name.lower())
    Path(os.environ[_name]).mkdir(parents=True, exist_ok=True)
# No build server (l10n.launch): a test's builds are processes of their own, and none is
# left running; the server's own tests turn it on for the processes they start.
os.environ["L10N_BUILD_SERVER"] = "off"
# An index nobody answers: a test that forgets to point it somewhere fails fast, offline.
os.environ["ARGOS_PACKAGE_INDEX"] = "http://127.0.0.1:9/index.json"
# Ctrl+C as a terminal's foreground job gets it, whatever started the tests: a shell without
# job control starts a background job (`pytest &`) with SIGINT ignored, its processes would
# inherit that, and the tests of Ctrl+C would see it ignored (as it rightly is there).
import signal  # noqa: E402

if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

import pytest  # noqa: E402
from click.testing import CliRunner, Result  # noqa: E402

from l10n.cli import main  # noqa: E402

TESTS = Path(__file__).parent
DATA = TESTS / "data"
SAMPLE_WORKSPACE = DATA / "workspace"


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(_SANDBOX, ignore_errors=True)


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    """The tests that start Ray in this process run last, whatever the order asked for: Ray
    leaves threads behind after ``ray.shutdown()``, and a process with other threads never
    forks (``l10n.parallel``), so a test of the forked stages that ran after them would
    find them run in one process."""
    items.sort(key=lambda item: "ray_cluster" in getattr(item, "fixturenames", ()))


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A fresh copy of the small sample workspace (pyproject.toml + articles/)."""
    root = tmp_path / "ws"
    shutil.copytree(SAMPLE_WORKSPACE, root)
    return root


@pytest.fixture
def cli(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator["CliCall"]:
    monkeypatch.chdir(workspace)
    yield CliCall(workspace)


class CliCall:
    """Run ``l10n ARGS`` in the workspace through click's CliRunner."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.runner = CliRunner()

    def __call__(self, *args: str, code: int | None = 0) -> Result:
        result = self.runner.invoke(main, list(args), catch_exceptions=False)
        if code is not None:
            assert result.exit_code == code, (result.exit_code, result.output, result.stderr)
        return result


from mt_fixtures import argos_env, argos_packages, installed_models, local_http, tiny_model  # noqa: E402,F401
