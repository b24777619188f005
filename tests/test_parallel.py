"""update and compile share their work out among processes when there is much of it: the
files they write are the same as when one process does it all. Run in fresh interpreters:
a process pool is only used by a process without other threads (the test process may
have some)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

# Runs `l10n ARGS` with the parallel threshold set (argv[1]), counting the process pools made.
RUNNER = """
import concurrent.futures, sys
from l10n import compile as compile_op, update as update_op
from l10n.cli import main
made = []
class Counted(concurrent.futures.ProcessPoolExecutor):
    def __init__(self, *args, **kwargs):
        made.append(1)
        super().__init__(*args, **kwargs)
concurrent.futures.ProcessPoolExecutor = Counted
update_op.PARALLEL_FROM = compile_op.PARALLEL_FROM = int(sys.argv[1])
try:
    main(sys.argv[2:])
finally:
    print("pools:", len(made), file=sys.stderr)
"""


def l10n(root: Path, threshold: int, *args: str) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([sys.executable, "-c", RUNNER, str(threshold), *args], cwd=root, capture_output=True,
                          text=True)
    assert proc.returncode == 0, proc.stderr
    return proc


def _files(root: Path, pattern: str) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): b"\n".join(line for line in p.read_bytes().split(b"\n")
                                                       if b"PO-Revision-Date" not in line)
            for p in sorted((root / "locales").rglob(pattern))}


def test_parallel_update_and_compile_write_what_one_process_writes(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli("extract")
    serial = tmp_path / "serial"
    shutil.copytree(cli.root, serial)
    assert "pools: 1" in l10n(cli.root, 1, "update").stderr
    assert "pools: 1" in l10n(cli.root, 1, "compile").stderr
    assert "pools: 0" in l10n(serial, 10**9, "update").stderr
    assert "pools: 0" in l10n(serial, 10**9, "compile").stderr
    assert _files(cli.root, "*.po") == _files(serial, "*.po")
    assert _files(cli.root, "*.mo").keys() == _files(serial, "*.mo").keys()
    # An article changes: the parallel update merges (fuzzy, previous text) as the serial one.
    for root in (cli.root, serial):
        article = root / "articles" / "kim-jong-un-china-parade.txt"
        article.write_text(article.read_text(encoding="utf-8").replace("six years", "seven years"), encoding="utf-8")
        l10n(root, 10**9, "extract")
    parallel = json.loads(l10n(cli.root, 1, "update", "--json").stdout)
    one = json.loads(l10n(serial, 10**9, "update", "--json").stdout)
    assert [c for c in one["catalogs"] if c not in parallel["catalogs"]] == [], parallel  # (what differs, if any)
    assert one == parallel
    assert sum(c["added"] for c in parallel["catalogs"]) == 3  # the changed paragraph, in de, fr, es
    assert _files(cli.root, "*.po") == _files(serial, "*.po")


INTERRUPTED = """
import os, signal, sys, time
from l10n import parallel

def slow(chunk):  # the first share is done at once: its worker then waits for work, idle
    time.sleep(0 if chunk == 0 else 1.0)
    return [chunk]

def done(chunk, results):
    if chunk == 0:  # Ctrl+C, as a terminal sends it: to every process of the group
        os.killpg(os.getpgid(0), signal.SIGINT)

try:
    parallel.map_chunks(slow, [0, 1], 2, done)
except KeyboardInterrupt:
    print("interrupted")
"""


def test_ctrl_c_stops_the_workers_without_a_traceback_from_each() -> None:
    """Ctrl+C reaches the workers too: they leave it to the parent, which stops the pool
    and raises KeyboardInterrupt once (the command then says so in one line)."""
    root = Path(__file__).resolve().parent.parent
    proc = subprocess.run([sys.executable, "-c", INTERRUPTED], capture_output=True, text=True, timeout=60,
                          cwd=root, start_new_session=True)
    assert proc.stdout.strip() == "interrupted", (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr and "KeyboardInterrupt" not in proc.stderr, proc.stderr


# Within build --watch's signal handling, a pool's workers: what SIGINT and SIGTERM do there.
WORKER_SIGNALS = """
import signal
from l10n import interrupts, parallel

def handlers(chunk):
    return [(signal.getsignal(signal.SIGINT) is signal.SIG_IGN, signal.getsignal(signal.SIGTERM) is signal.SIG_DFL)]

with interrupts.stopped_by_signals():
    assert signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL  # (the parent stops on it, saying so)
    print(parallel.map_chunks(handlers, [1, 2, 3, 4], workers=2))
"""


def test_workers_leave_ctrl_c_to_the_parent_and_die_on_sigterm() -> None:
    """A parent that stays up handles SIGINT and SIGTERM itself; its forked workers must
    not inherit that: they ignore Ctrl+C (the parent says it once) and end on SIGTERM (or
    a pool could not end them)."""
    proc = subprocess.run([sys.executable, "-c", WORKER_SIGNALS], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == str([(True, True)] * 4)


# A pool whose workers note their pids in a folder (argv[1]), then wait a long time.
ORPHANED = """
import os, sys, time
from pathlib import Path
from l10n import parallel

def slow(chunk):
    (Path(sys.argv[1]) / str(os.getpid())).touch()
    time.sleep(60)
    return [chunk]

parallel.map_chunks(slow, [1, 2], workers=2)
"""


def test_workers_die_with_a_parent_that_is_killed(tmp_path: Path) -> None:
    """A parent killed outright (SIGKILL, out of memory) takes its workers with it: they
    would otherwise wait for it forever (on a full pipe, or a lock)."""
    import os
    import signal
    import time

    parent = subprocess.Popen([sys.executable, "-c", ORPHANED, str(tmp_path)])
    try:
        deadline = time.monotonic() + 30
        while len(list(tmp_path.iterdir())) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        workers = [int(p.name) for p in tmp_path.iterdir()]
        assert len(workers) == 2
    finally:
        parent.kill()
        parent.wait()

    def alive(pid: int) -> bool:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[-1][:1] != "Z"  # (a zombie is gone)

    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    still = [pid for pid in workers if alive(pid)]
    for pid in still:
        os.kill(pid, signal.SIGKILL)
    assert not still, f"workers outlived their killed parent: {still}"
