"""The workspace lock: taken by ``flock`` at once when free, by filelock when it must wait.

Both take the same ``flock`` on the same file, so each excludes the other across
processes: a command that found the lock free and one that waits through filelock never
work on a workspace at the same time."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from filelock import FileLock, Timeout

from build_fixtures import sample_workspace

from l10n import fsio
from l10n.errors import L10nError

HOLD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from l10n import fsio
    with fsio.workspace_lock(Path(sys.argv[1])):
        print("held", flush=True)
        time.sleep(float(sys.argv[2]))
""")


def _holder(locales: Path, seconds: float) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(locales), str(seconds)], stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


def test_a_lock_taken_at_once_keeps_filelock_waiting(tmp_path: Path) -> None:
    locales = tmp_path / "locales"
    proc = _holder(locales, 1.5)
    try:
        with pytest.raises(Timeout):
            FileLock(str(locales / fsio.LOCK_NAME), timeout=0.3).acquire()
    finally:
        proc.wait(10)
        proc.stdout.close()  # type: ignore[union-attr]
    lock = FileLock(str(locales / fsio.LOCK_NAME), timeout=0.3)  # released with the process
    lock.acquire()
    lock.release()


def test_a_held_lock_makes_the_command_wait_then_go_on(tmp_path: Path) -> None:
    locales = tmp_path / "locales"
    proc = _holder(locales, 0.8)
    start = time.monotonic()
    with fsio.workspace_lock(locales, timeout=20):
        waited = time.monotonic() - start
    proc.wait(10)
    proc.stdout.close()  # type: ignore[union-attr]
    assert waited > 0.3  # it waited for the other process (which held it 0.8 s from its first line)


def test_a_lock_held_too_long_is_one_line(tmp_path: Path) -> None:
    locales = tmp_path / "locales"
    locales.mkdir()
    other = FileLock(str(locales / fsio.LOCK_NAME))
    other.acquire()
    try:
        proc = subprocess.run([sys.executable, "-c", textwrap.dedent("""
            import sys
            from pathlib import Path
            from l10n import fsio
            from l10n.errors import L10nError
            try:
                with fsio.workspace_lock(Path(sys.argv[1]), timeout=0.3):
                    print("taken")
            except L10nError as exc:
                print(exc)
        """), str(locales)], capture_output=True, text=True, timeout=30)
    finally:
        other.release()
    assert "another l10n command is working on this workspace (waited 0 s)" in proc.stdout
    assert "taken" not in proc.stdout


def test_the_lock_is_reentrant_and_released_whole(tmp_path: Path) -> None:
    locales = tmp_path / "locales"
    with fsio.workspace_lock(locales):
        with fsio.workspace_lock(locales):
            with pytest.raises(Timeout):
                FileLock(str(locales / fsio.LOCK_NAME), timeout=0.1).acquire()
        with pytest.raises(Timeout):  # still held by the outer block
            FileLock(str(locales / fsio.LOCK_NAME), timeout=0.1).acquire()
    lock = FileLock(str(locales / fsio.LOCK_NAME), timeout=0.1)
    lock.acquire()
    lock.release()


def test_a_lock_file_that_cannot_be_made_is_named(tmp_path: Path) -> None:
    blocker = tmp_path / "locales"
    blocker.write_text("a file where the locales folder goes", encoding="utf-8")
    with pytest.raises(L10nError, match="locales"):
        with fsio.workspace_lock(blocker):
            pass


def test_a_reader_slow_to_take_the_build_report_keeps_no_command_waiting(tmp_path: Path) -> None:
    """The report is printed past the workspace lock: ``l10n build --json | less`` left
    unread does not stop ``review accept`` or another build."""
    import fcntl

    root = sample_workspace(tmp_path / "ws")
    read_end, write_end = os.pipe()
    fcntl.fcntl(write_end, 1031, 4096)  # F_SETPIPE_SZ: a pipe of one page (the report is longer)
    proc = subprocess.Popen([sys.executable, "-m", "l10n", "-C", str(root), "build", "--no-mt", "--json"],
                            stdout=write_end, stderr=subprocess.DEVNULL)
    os.close(write_end)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (root / "build" / "index.html").exists():
            time.sleep(0.05)
        lock = FileLock(str(root / "locales" / fsio.LOCK_NAME), timeout=20)
        lock.acquire()  # (while the build waits for its reader: Timeout before)
        assert proc.poll() is None  # still waiting to be read
        lock.release()
    finally:
        with os.fdopen(read_end, "rb") as reader:
            report = reader.read()
        proc.wait(60)
    assert proc.returncode == 0 and b'"editions"' in report
