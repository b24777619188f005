"""Fixtures for tests of the Apertium engine: the real one, none at all, or a scripted one.

    apertium_en_es      the installed `apertium` with its en->es pair (apertium-eng-spa)
    without_apertium    PATH without any `apertium`: as on a machine that lacks it
    fake_apertium(...)  an `apertium` program that behaves as a test tells it to

Tests that need the real engine skip where it is absent, except in CI (``CI`` set in the
environment, as `.ci/run` does): there its absence fails them, so CI always runs them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

MODE = "eng-spa"
INSTALL = "apt-get install apertium apertium-eng-spa"


def apertium_has(mode: str = MODE) -> bool:
    if shutil.which("apertium") is None:
        return False
    try:
        listed = subprocess.run(["apertium", "-l"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return mode in listed.stdout.split()


def require_apertium(mode: str = MODE) -> None:
    """Skip the test where Apertium's ``mode`` is not installed; fail instead in CI."""
    if apertium_has(mode):
        return
    reason = f"Apertium's {mode} is not installed (`{INSTALL}`)"
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must run the Apertium tests (.ci/run installs it)")
    pytest.skip(reason)


@pytest.fixture
def apertium_en_es() -> None:
    require_apertium()


@pytest.fixture
def without_apertium(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """PATH as it is, less `apertium`: one folder linking every other program on it."""
    folder = tmp_path / "path-without-apertium"
    folder.mkdir()
    for directory in os.environ.get("PATH", "").split(os.pathsep):
        try:
            names = os.listdir(directory or ".")
        except OSError:
            continue
        for name in names:
            link = folder / name
            if name != "apertium" and not os.path.lexists(link):
                link.symlink_to(Path(directory or ".", name).absolute())
    monkeypatch.setenv("PATH", str(folder))
    assert shutil.which("apertium") is None


FAKE = """\
#!{python}
# A scripted `apertium`: `-l` lists {modes!r}; a translation run applies TRANSFORM to each
# NUL-terminated segment of the stream and writes it back with its NUL.
import sys
args = sys.argv[1:]
if args == ["-l"]:
    sys.stdout.write("".join("  " + m + "\\n" for m in {modes!r}))
    sys.exit(0)
{body}
"""

ECHO = """\
data = sys.stdin.buffer.read().decode("utf-8")
segments = data.split("\\0")[:-1]
out = [transform(s) for s in segments]
sys.stdout.buffer.write(("".join(s + "\\0" for s in out) + "\\0\\0").encode("utf-8"))
"""


@pytest.fixture
def fake_apertium(tmp_path: Path) -> Callable[..., str]:
    """``fake_apertium(transform=..., body=..., modes=...) -> command``.

    ``transform`` is Python source of ``def transform(segment: str) -> str`` (the stream
    format in and out); ``body`` replaces the whole translation run instead.
    """
    count = 0

    def make(transform: str = "def transform(s):\n    return s\n", body: str | None = None,
             modes: tuple[str, ...] = (MODE, "spa-eng")) -> str:
        nonlocal count
        count += 1
        script = tmp_path / f"apertium-{count}"
        code = body if body is not None else transform + ECHO
        script.write_text(FAKE.format(python=sys.executable, modes=list(modes),
                                      body=textwrap.dedent(code)))
        script.chmod(0o755)
        return str(script)

    return make


__all__ = ["apertium_en_es", "apertium_has", "fake_apertium", "require_apertium", "without_apertium"]
