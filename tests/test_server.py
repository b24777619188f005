"""The build server (``l10n.launch``, ``l10n.server``): a build it runs is the build a
process of its own runs (output, exit code, files), for the client's folder, environment
and streams; it stops when idle, asked, stale or replaced, and never serves a client
whose start differs."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from l10n import launch
from conftest import SAMPLE_WORKSPACE

ROOT = Path(__file__).resolve().parent.parent


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "L10N_BUILD_SERVER")}
    env.update(L10N_BUILD_SERVER="on", L10N_BUILD_SERVER_IDLE="60")
    env.update(extra)
    return env


def l10n(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "l10n", *args], cwd=cwd, env=env if env is not None else _env(),
                          capture_output=True, text=True, timeout=120)


def _ping(root: Path, env: dict[str, str] | None = None) -> tuple[int, int] | None:
    """(the server's pid, builds it forked), or None when none answers."""
    out = l10n("server", "status", "--json", cwd=root, env=env)
    import json

    data = json.loads(out.stdout)
    if not data["running"]:
        return None
    answer = launch.request(str(root), "ping")
    assert answer is not None
    _, pid, builds = answer.split()
    return int(pid), int(builds)


def _wait_up(root: Path, timeout: float = 30.0) -> tuple[int, int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        answer = launch.request(str(root), "ping")
        if answer:
            _, pid, builds = answer.split()
            return int(pid), int(builds)
        time.sleep(0.1)
    raise AssertionError("no build server came up")


def _gone(pid: int, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        # (a zombie of a process this test did not start is not ours to reap: look at its state)
        try:
            if Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z":
                return True
        except OSError:
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def served(workspace: Path) -> Iterator[Path]:
    """The sample workspace after a first build, which started its server."""
    first = l10n("build", "--no-mt", cwd=workspace)
    assert first.returncode == 0, first.stderr
    assert "a build server now keeps l10n loaded" in first.stderr
    _wait_up(workspace)
    yield workspace
    l10n("server", "stop", cwd=workspace)


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for folder in ("build", "locales") for p in (root / folder).rglob("*")
            if p.is_file() and not p.name.startswith(".") and p != root / "build" / "index.html"}  # (the time it ran)


def test_a_workspace_with_a_server_copies_as_any_folder(served: Path, tmp_path: Path) -> None:
    """The server leaves no socket file in the workspace: a copy (shutil, cp) or an archive
    of it goes as without one."""
    _wait_up(served)
    assert not [p for p in served.rglob("*") if p.is_socket()]
    copy = tmp_path / "copy"
    shutil.copytree(served, copy)
    run = l10n("build", "--no-mt", cwd=copy)
    assert run.returncode == 0, run.stderr


def test_a_served_build_is_the_build_a_process_runs(served: Path, tmp_path: Path) -> None:
    cold = tmp_path / "cold"  # the same workspace, built by processes of their own
    shutil.copytree(SAMPLE_WORKSPACE, cold)
    assert l10n("build", "--no-mt", cwd=cold, env=_env(L10N_BUILD_SERVER="off")).returncode == 0
    for root in (served, cold):  # one article edited in both
        path = root / "articles" / "berlin-marathon-record.txt"
        path.write_text(path.read_text(encoding="utf-8") + "\nThe city council met again on Monday.\n", encoding="utf-8")
    _, before = _wait_up(served)
    warm = l10n("build", "--no-mt", "--strict", cwd=served)
    alone = l10n("build", "--no-mt", "--strict", cwd=cold, env=_env(L10N_BUILD_SERVER="off"))
    assert _wait_up(served)[1] == before + 1  # (the server ran it)
    assert warm.returncode == alone.returncode == 1  # (partial editions under --strict)
    assert warm.stdout.replace(str(served), "WS") == alone.stdout.replace(str(cold), "WS")
    assert warm.stderr.replace(str(served), "WS") == alone.stderr.replace(str(cold), "WS")
    assert _tree(served) == _tree(cold)
    # Nothing changed: the served build writes nothing, as a build of its own. (Started the
    # moment the last one's client ended, while that build may still be saving its stamp:
    # it waits for that stamp, and finds nothing changed.)
    files = {p: p.stat().st_mtime_ns for p in served.rglob("*") if p.is_file() and ".l10n" not in p.parts}
    again = l10n("build", "--no-mt", "--strict", cwd=served)
    assert again.returncode == 1
    assert again.stdout.startswith("nothing changed since the last build"), again.stdout
    assert files == {p: p.stat().st_mtime_ns for p in served.rglob("*") if p.is_file() and ".l10n" not in p.parts}
    assert _wait_up(served)[1] == before + 2


def test_usage_errors_and_folders_are_the_clients(served: Path) -> None:
    _, before = _wait_up(served)
    bad = l10n("build", "--no-such-option", cwd=served)
    assert bad.returncode == 2
    assert "no such option" in bad.stderr.lower()
    # From a folder below the workspace, without -C: the client's folder is the build's.
    inner = served / "articles"
    below = l10n("build", "--no-mt", cwd=inner)
    assert below.returncode == 0, below.stderr
    assert "next:" in below.stdout
    # -C from elsewhere: the server of that workspace builds it.
    elsewhere = l10n("-C", str(served), "build", "--no-mt", cwd=served.parent)
    assert elsewhere.returncode == 0, elsewhere.stderr
    assert _wait_up(served)[1] == before + 3


def test_a_served_build_imports_nothing_from_the_clients_folder(served: Path) -> None:
    """A module in the folder a build runs in (a `yaml.py` next to pyproject.toml) is not
    what the build imports: as for the `l10n` command run on its own, whose path begins
    with its own folder, not the working one."""
    command = Path(sys.executable).with_name("l10n")
    (served / "yaml.py").write_text(f"open({str(served / 'shadowed')!r}, 'w').close()\nraise ImportError('shadowed')\n",
                                     encoding="utf-8")
    article = served / "articles" / "solar-power-milestone.md"  # (front matter: YAML, imported on first need)
    article.write_text(article.read_text(encoding="utf-8") + "\nThe grid held all day.\n", encoding="utf-8")
    _, before = _wait_up(served)
    run = subprocess.run([str(command), "build", "--no-mt"], cwd=served, env=_env(), capture_output=True, text=True,
                         timeout=120)
    assert _wait_up(served)[1] == before + 1  # (served)
    assert run.returncode == 0, run.stderr
    assert not (served / "shadowed").exists()
    assert "The grid held all day." in (served / "build" / "de" / "solar-power-milestone.md").read_text(encoding="utf-8")


def test_the_environment_is_the_clients(served: Path) -> None:
    """What the build reads of its environment is the client's: here PATH, where the build
    looks for Apertium (without it, no engine for en->es)."""
    _, before = _wait_up(served)
    blind = l10n("build", cwd=served, env=_env(PATH="/nonexistent"))
    assert _wait_up(served)[1] == before + 1
    assert "en->es" in blind.stdout + blind.stderr
    if shutil.which("apertium") and Path("/usr/share/apertium/modes/en-es.mode").exists():
        seeing = l10n("build", cwd=served)
        assert _wait_up(served)[1] == before + 2
        assert "no model for" in seeing.stdout + seeing.stderr
        assert "en->es" not in seeing.stdout + seeing.stderr


def test_files_are_made_with_the_clients_umask(served: Path) -> None:
    """New files get the modes the client's umask gives, not the server's."""
    _, before = _wait_up(served)
    (served / "articles" / "harbour-reopens.txt").write_text(
        "Harbour Reopens After Storm\n\nThe harbour reopened on Tuesday after a week of repairs.\n", encoding="utf-8")
    run = subprocess.run(["sh", "-c", f"umask 077 && exec {sys.executable} -m l10n build --no-mt"], cwd=served,
                         env=_env(), capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert _wait_up(served)[1] == before + 1
    made = served / "build" / "fr" / "harbour-reopens.html"
    assert made.stat().st_mode & 0o777 == 0o600


def _recorder(folder: Path) -> tuple[dict[str, str], Path]:
    """An environment whose `apertium` (asked for its modes by a build that translates)
    writes down the priority, open-files limit and control groups it runs under: the
    build's, which it inherits."""
    bin_ = folder / "bin"
    bin_.mkdir(exist_ok=True)
    record = folder / "record.txt"
    fake = bin_ / "apertium"
    fake.write_text(f"#!/bin/sh\n{{ nice; ulimit -n; cat /proc/self/cgroup; }} > {record}\n")
    fake.chmod(0o755)
    return _env(PATH=f"{bin_}:{os.environ['PATH']}"), record


def test_a_served_build_runs_under_the_clients_share_of_the_system(served: Path, tmp_path: Path) -> None:
    """The priority (nice) and resource limits (ulimit) a client runs under are its
    build's; a control group it cannot take (here: another group of a cgroup v1 hierarchy)
    and the client builds on its own."""
    env, record = _recorder(tmp_path)
    _, before = _wait_up(served)
    run = subprocess.run(["sh", "-c", f"ulimit -n 512 && exec nice -n 5 {sys.executable} -m l10n build -l es"],
                         cwd=served, env=env, capture_output=True, text=True, timeout=120)
    assert _wait_up(served)[1] == before + 1, run.stderr  # (the server's)
    nice, files, *groups = record.read_text().splitlines()
    assert (nice, files) == ("5", "512")
    assert groups == Path("/proc/self/cgroup").read_text().splitlines()
    group = Path("/sys/fs/cgroup/pids/l10n-test")
    try:
        group.mkdir()
    except OSError:
        return  # (no cgroup v1 hierarchy this test may make a group in: the part above stands)
    try:
        moved = f"echo $$ > {group}/cgroup.procs && exec {sys.executable} -m l10n build -l es"
        run = subprocess.run(["sh", "-c", moved], cwd=served, env=env, capture_output=True, text=True, timeout=120)
        assert run.returncode in (0, 1), run.stderr
        assert ":pids:/l10n-test\n" in record.read_text()  # (built by the client itself, in its group)
        assert "a build server now keeps" not in run.stderr
    finally:
        time.sleep(0.2)
        group.rmdir()


def test_a_client_whose_start_differs_is_not_served(served: Path) -> None:
    """A client whose start read another environment, or under CI, builds on its own: a
    build of the server's would not run as it runs."""
    _, before = _wait_up(served)
    other = l10n("build", "--no-mt", cwd=served, env=_env(PYTHONHASHSEED="7", LC_ALL="C.UTF-8"))
    assert other.returncode == 0, other.stderr
    assert _wait_up(served)[1] == before  # built by the client itself
    assert "a build server now keeps" not in other.stderr  # (and no second server started)
    ci = _env(CI="true")
    del ci["L10N_BUILD_SERVER"]
    assert l10n("build", "--no-mt", cwd=served, env=ci).returncode == 0
    assert _wait_up(served)[1] == before  # (CI's builds are its own, even with a server up)
    assert l10n("build", "--no-mt", cwd=served, env=_env(CI="true")).returncode == 0  # (L10N_BUILD_SERVER=on)
    assert _wait_up(served)[1] == before + 1


def test_a_large_environment_is_served(served: Path) -> None:
    """An environment larger than the socket's buffer goes over whole."""
    _, before = _wait_up(served)
    run = l10n("build", "--no-mt", cwd=served, env=_env(**{f"L10N_LARGE_{i}": "x" * 100_000 for i in range(6)}))
    assert run.returncode == 0, run.stderr
    assert _wait_up(served)[1] == before + 1


def test_a_served_build_leaves_no_warning(workspace: Path) -> None:
    """Python's warnings shown (PYTHONWARNINGS=default: unclosed files and sockets): a
    served build's client leaves none."""
    env = _env(PYTHONWARNINGS="default")
    first = l10n("build", "--no-mt", cwd=workspace, env=env)
    assert first.returncode == 0, first.stderr
    _wait_up(workspace)
    try:
        for _ in range(2):
            run = l10n("build", "--no-mt", cwd=workspace, env=env)
            assert run.returncode == 0, run.stderr
            assert "Warning" not in run.stderr, run.stderr
        assert _wait_up(workspace)[1] == 2
    finally:
        l10n("server", "stop", cwd=workspace, env=env)


def test_signals_the_client_ignores_are_ignored_by_its_build(served: Path) -> None:
    """A build started with hang-ups ignored (nohup) or in the background of a script
    (Ctrl+C ignored): such a signal to the client does not stop the build."""
    source = sorted((served / "articles").iterdir())[0]
    for i in range(150):
        shutil.copy(source, served / "articles" / f"copy-{i:03d}{source.suffix}")
    for signum in (signal.SIGHUP, signal.SIGINT):
        _, before = _wait_up(served)
        (served / "articles" / f"copy-000{source.suffix}").write_text(f"Edited {signum}\n\nA text.\n")
        shutil.rmtree(served / "build")
        proc = subprocess.Popen([sys.executable, "-m", "l10n", "build", "--no-mt"], cwd=served, env=_env(),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                preexec_fn=lambda signum=signum: signal.signal(signum, signal.SIG_IGN))
        deadline = time.monotonic() + 30
        while _wait_up(served)[1] == before and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.3)
        proc.send_signal(signum)
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, (signum, out, err)
        assert _wait_up(served)[1] == before + 1


def test_other_commands_and_watch_are_not_served(served: Path) -> None:
    assert launch.servable(["status"], _env()) is None
    assert launch.servable(["build", "--watch"], _env()) is None
    assert launch.servable(["build", "--ray", "auto"], _env()) is None
    assert launch.servable(["-C", str(served), "build", "-l", "fr"], _env()) == str(served)
    assert launch.servable([f"--workspace={served}", "build"], _env()) == str(served)
    assert launch.servable(["-C", str(served), "build"], _env(L10N_BUILD_SERVER="off")) is None
    _, before = _wait_up(served)
    assert l10n("status", cwd=served).returncode in (0, 1)
    assert _wait_up(served)[1] == before


def test_stop_and_a_stale_server(served: Path) -> None:
    pid, _ = _wait_up(served)
    stopped = l10n("server", "stop", cwd=served)
    assert stopped.stdout.strip() == "the build server stopped"
    assert _gone(pid)
    assert launch.request(str(served), "ping") is None
    assert "no build server is up" in l10n("server", "status", cwd=served).stdout
    # The next build starts one again.
    l10n("build", "--no-mt", cwd=served)
    pid, _ = _wait_up(served)
    # l10n's code changes (an upgrade, an edit): the server says so, stops, and the build runs alone.
    marker = ROOT / "l10n" / "__init__.py"
    st = marker.stat()
    try:
        os.utime(marker, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
        run = l10n("build", "--no-mt", cwd=served)
        assert run.returncode == 0, run.stderr
        assert _gone(pid)
    finally:
        os.utime(marker, ns=(st.st_atime_ns, st.st_mtime_ns))
    new, _ = _wait_up(served)  # (the build started a new one)
    assert new != pid
    # Stale, and asked to stop: it stops (it says it is stale); stale, and asked nothing: it stops too.
    try:
        os.utime(marker, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
        assert l10n("server", "stop", cwd=served).stdout.strip() == "the build server stopped"
        assert _gone(new)
    finally:
        os.utime(marker, ns=(st.st_atime_ns, st.st_mtime_ns))
    l10n("build", "--no-mt", cwd=served)
    pid, _ = _wait_up(served)
    try:
        os.utime(marker, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
        assert _gone(pid, timeout=30)
    finally:
        os.utime(marker, ns=(st.st_atime_ns, st.st_mtime_ns))


def test_idle_and_replaced_servers_stop(workspace: Path) -> None:
    env = _env(L10N_BUILD_SERVER_IDLE="1")
    assert l10n("build", "--no-mt", cwd=workspace, env=env).returncode == 0
    pid, _ = _wait_up(workspace)
    # Idle, even while files it watches keep changing (each change wakes it: no build).
    article = workspace / "articles" / "berlin-marathon-record.txt"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not _gone(pid, timeout=0.2):
        os.utime(article)
    assert _gone(pid, timeout=1)
    # Asked how it is (l10n server status), and no build: it stops all the same.
    assert l10n("build", "--no-mt", cwd=workspace, env=env).returncode == 0
    pid, _ = _wait_up(workspace)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not _gone(pid, timeout=0.2):
        launch.request(str(workspace), "ping")
    assert _gone(pid, timeout=1)
    # The workspace's state deleted, or the workspace moved: it stops.
    assert l10n("build", "--no-mt", cwd=workspace).returncode == 0
    pid, _ = _wait_up(workspace)
    shutil.rmtree(workspace / ".l10n")
    assert _gone(pid, timeout=30)
    assert l10n("build", "--no-mt", cwd=workspace).returncode == 0
    pid, _ = _wait_up(workspace)
    moved = workspace.with_name("moved")
    workspace.rename(moved)
    assert _gone(pid, timeout=30)
    run = l10n("build", "--no-mt", cwd=moved)  # (built where it is now; a server of its own follows)
    assert run.returncode == 0, run.stderr
    _wait_up(moved)
    l10n("server", "stop", cwd=moved)


def test_no_server_under_ci_or_when_off(workspace: Path) -> None:
    env = _env()
    del env["L10N_BUILD_SERVER"]
    env["CI"] = "true"
    run = l10n("build", "--no-mt", cwd=workspace, env=env)
    assert run.returncode == 0 and "build server" not in run.stderr
    assert launch.request(str(workspace), "ping") is None
    run = l10n("build", "--no-mt", cwd=workspace, env=_env(L10N_BUILD_SERVER="off"))
    assert "build server" not in run.stderr
    time.sleep(0.5)
    assert launch.request(str(workspace), "ping") is None


def test_a_signal_to_the_client_reaches_the_build(served: Path) -> None:
    """Ctrl+C (SIGINT) to the client stops the served build as it stops a build of its own:
    the build's message, exit 1, and the build's process ends."""
    # A build that takes a while: many articles to separate.
    source = sorted((served / "articles").iterdir())[0]
    for i in range(400):
        shutil.copy(source, served / "articles" / f"copy-{i:03d}{source.suffix}")
    _, before = _wait_up(served)
    proc = subprocess.Popen([sys.executable, "-m", "l10n", "build", "--no-mt"], cwd=served, env=_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while _wait_up(served)[1] == before and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.3)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 1, (out, err)
    assert "interrupted" in err


def test_the_servers_picture_of_the_files_sees_every_change(served: Path) -> None:
    """The server keeps the workspace's files by notifications (``l10n.build.monitor``) and
    hands its picture to each build instead of a scan: a change made just before a build,
    of any kind, is seen by that build, as a scan would see it. After each served build, a
    build of its own (no server) finds nothing to do."""
    from l10n.build import monitor

    assert monitor.Monitor(str(served)).scan is not None  # (a local file system: the picture is used)

    def build() -> subprocess.CompletedProcess[str]:
        run = l10n("build", "--no-mt", cwd=served)
        assert run.returncode == 0, run.stderr
        check = l10n("build", "--no-mt", "--check", cwd=served, env=_env(L10N_BUILD_SERVER="off"))
        assert check.returncode == 0, check.stdout + check.stderr
        return run

    edition = served / "build" / "fr" / "berlin-marathon-record.html"
    article = served / "articles" / "berlin-marathon-record.txt"
    _, before = _wait_up(served)
    # An article edited: its editions follow.
    article.write_text(article.read_text(encoding="utf-8") + "\nThe mayor thanked the volunteers.\n", encoding="utf-8")
    build()
    assert "The mayor thanked the volunteers." in edition.read_text(encoding="utf-8")
    # An edition edited in place (same inode, the folder untouched): the build puts it back.
    good = edition.read_bytes()
    with edition.open("r+b") as f:
        f.write(b"<!-- hand-edited -->")
    build()
    assert edition.read_bytes() == good
    # An edition removed, a stray file and a hidden temporary beside the editions.
    edition.unlink()
    (served / "build" / "fr" / ".tmp-stray").write_text("x")
    build()
    assert edition.read_bytes() == good
    # A new article, then that article removed.
    (served / "articles" / "harbour-reopens.txt").write_text(
        "Harbour Reopens After Storm\n\nThe harbour reopened on Tuesday after a week of repairs.\n", encoding="utf-8")
    build()
    assert (served / "build" / "fr" / "harbour-reopens.html").exists()
    (served / "articles" / "harbour-reopens.txt").unlink()
    build()
    assert not (served / "build" / "fr" / "harbour-reopens.html").exists()
    # A translator's catalog saved by renaming over it (as editors do), then touched only.
    catalog = served / "locales" / "fr" / "LC_MESSAGES" / "chrome.po"
    text = catalog.read_text(encoding="utf-8")
    spare = catalog.with_name("chrome.po.new")
    spare.write_text(text.replace('"Language: fr\\n"', '"Language: fr\\n"\n"X-Note: saved\\n"'), encoding="utf-8")
    os.replace(spare, catalog)
    build()
    os.utime(catalog)
    build()
    # A new folder where the build writes (a new locale's editions come with a settings change).
    pyproject = served / "pyproject.toml"
    settings = pyproject.read_text(encoding="utf-8")
    assert 'locales = ["de", "en", "fr", "es"]' in settings
    pyproject.write_text(settings.replace('locales = ["de", "en", "fr", "es"]', 'locales = ["de", "en", "fr", "es", "it"]'),
                         encoding="utf-8")
    build()
    assert (served / "build" / "it" / "berlin-marathon-record.html").exists()
    assert _wait_up(served)[1] >= before + 8  # (every build above was the server's)


def test_a_build_waits_for_the_stamp_a_released_build_still_saves(workspace: Path) -> None:
    """A served build lets its client go once it reported, then saves its stamp holding the
    stamp's lock (``stamp.saving``): a build that starts meanwhile reads the stamp only once
    it is saved."""
    from l10n import config as config_mod
    from l10n.build import stamp

    assert l10n("build", "--no-mt", cwd=workspace, env=_env(L10N_BUILD_SERVER="off")).returncode == 0
    config = config_mod.load(workspace)
    ready, go = os.pipe()
    pid = os.fork()
    if pid == 0:  # the released build: holds the lock a while
        stamp.saving(config)
        os.write(go, b"x")
        time.sleep(0.6)
        os._exit(0)
    os.read(ready, 1)
    started = time.monotonic()
    assert stamp.load(config) is not None
    assert time.monotonic() - started >= 0.5
    os.waitpid(pid, 0)
    started = time.monotonic()
    assert stamp.load(config) is not None
    assert time.monotonic() - started < 0.5  # (no one saving: no wait)


def test_a_served_build_runs_on_the_clients_terminal(served: Path) -> None:
    """On a terminal the served build sees the client's terminal (its standard streams are
    the terminal's, and it shows what a build shows there), as a build of its own does."""
    import pexpect

    script = ("import sys, os; from l10n.launch import main; "
              "print('tty', os.isatty(0), os.isatty(1), os.isatty(2), flush=True); main()")
    article = served / "articles" / "berlin-marathon-record.txt"
    _, before = _wait_up(served)
    outputs = []
    for env, hour in ((_env(), "nine"), (_env(L10N_BUILD_SERVER="off"), "ten")):
        article.write_text(article.read_text(encoding="utf-8") + f"\nThe race starts at {hour}.\n", encoding="utf-8")
        child = pexpect.spawn(sys.executable, ["-c", script, "build", "--no-mt"], cwd=str(served), env=env,
                              encoding="utf-8", timeout=60, dimensions=(40, 120))
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 0, child.before
        outputs.append(child.before.replace("\r\n", "\n"))
    assert _wait_up(served)[1] == before + 1  # (the first through the server, the second on its own)
    served_out, alone_out = outputs
    assert served_out.startswith("tty True True True\n")
    assert "only 1 article changed since the last build (berlin-marathon-record)" in served_out
    import re

    assert re.sub(r"\d+", "N", served_out) == re.sub(r"\d+", "N", alone_out)  # (one more entry the second time)


def test_deferred_ledger_saves_read_as_saved_and_are_written_at_the_end(workspace: Path) -> None:
    """A served build writes its caches once its client is gone (``cache.defer_saves``): a
    ledger opened again before then reads as it was saved, and each is written after."""
    from l10n import cache, config as config_mod

    config = config_mod.load(workspace)
    path = config.state_path / "cache" / "trial.ledger"
    cache.defer_saves()
    try:
        ledger = cache.Ledger.open(config, "trial")
        ledger.put("a", [1, 2])
        ledger.save()
        ledger.put("a", [3])  # (changed after its save, not saved again: not in the file)
        assert not path.exists()
        again = cache.Ledger.open(config, "trial")
        assert again.get("a") == [1, 2]
        again.put("b", "x")
        again.save()
    finally:
        cache.write_deferred()
    written = cache.Ledger.open(config, "trial")
    assert (written.get("a"), written.get("b")) == ([1, 2], "x")
    written.put("c", 1)
    written.save()  # (no longer deferred: written at once)
    assert cache.Ledger.open(config, "trial").get("c") == 1


@pytest.mark.parametrize("server", ["on", "off"])
def test_a_build_started_without_standard_streams(served: Path, server: str) -> None:
    """``l10n build >&-`` (and without standard input): the build runs, its report goes
    nowhere, no traceback; served or not."""
    article = served / "articles" / "berlin-marathon-record.txt"
    article.write_text(article.read_text(encoding="utf-8") + f"\nStreams closed ({server}).\n", encoding="utf-8")
    run = subprocess.run(["sh", "-c", f"exec {sys.executable} -m l10n build --no-mt >&- <&-"], cwd=served,
                         env=_env(L10N_BUILD_SERVER=server), capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    check = l10n("build", "--no-mt", "--check", cwd=served, env=_env(L10N_BUILD_SERVER="off"))
    assert check.returncode == 0, check.stdout


def test_the_picture_sees_a_file_written_through_another_name(workspace: Path) -> None:
    """A hard link made elsewhere (before the picture, or after it) and written through:
    the notifications of that other folder are not the workspace's, and still the picture
    follows the file, for an article, a catalog and an edition alike; a file removed under
    one of its names stays in the picture under the others."""
    from l10n import fsio
    from l10n.build import monitor

    assert l10n("build", "--no-mt", cwd=workspace, env=_env(L10N_BUILD_SERVER="off")).returncode == 0
    elsewhere = workspace.parent / "elsewhere"
    elsewhere.mkdir()
    article = workspace / "articles" / "berlin-marathon-record.txt"
    edition = workspace / "build" / "fr" / "berlin-marathon-record.html"
    catalog = workspace / "locales" / "fr" / "LC_MESSAGES" / "chrome.po"
    os.link(article, elsewhere / "article.txt")  # (before the picture)
    os.link(edition, elsewhere / "edition.html")
    seen = monitor.Monitor(str(workspace))
    try:
        assert seen.scan is not None

        def check(*paths: Path) -> None:
            seen.refresh()
            assert seen.scan is not None
            for path in paths:
                assert seen.scan.files[str(path)] == fsio.signature_of(os.stat(path)), path

        time.sleep(0.01)
        with (elsewhere / "article.txt").open("a", encoding="utf-8") as f:
            f.write("\nA line written through the other name.\n")
        with (elsewhere / "edition.html").open("r+b") as f:
            f.write(b"<!-- by hand -->")
        check(article, edition)
        os.link(catalog, elsewhere / "chrome.po")  # (after the picture)
        time.sleep(0.01)
        with (elsewhere / "chrome.po").open("a", encoding="utf-8") as f:
            f.write("\n")
        check(catalog)
        # The workspace's name of a linked file replaced by a save (a new file): the old
        # one, still written elsewhere, no longer stands for it.
        spare = article.with_name(".berlin.new")
        spare.write_text("Berlin Marathon\n\nA new text.\n", encoding="utf-8")
        os.replace(spare, article)
        check(article)
        with (elsewhere / "article.txt").open("a", encoding="utf-8") as f:
            f.write("not the workspace's any more\n")
        check(article)
        assert article.read_text(encoding="utf-8") == "Berlin Marathon\n\nA new text.\n"
        # The other name removed: the workspace's file is as it was.
        (elsewhere / "chrome.po").unlink()
        check(catalog)
        assert seen.scan.files.keys() >= {str(article), str(edition), str(catalog)}
    finally:
        seen.close()


def test_status_says_a_server_is_starting(workspace: Path) -> None:
    """Between a first build's end and its server's first answer (it imports l10n), the
    status says one is starting, not that none is up."""
    import fcntl
    import json

    (workspace / ".l10n").mkdir(exist_ok=True)
    fd = os.open(workspace / ".l10n" / launch.LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # (as a server holds it)
        assert "a build server is starting" in l10n("server", "status", cwd=workspace).stdout
        data = json.loads(l10n("server", "status", "--json", cwd=workspace).stdout)
        assert data["starting"] is True and data["running"] is False
        # A build meanwhile (two first builds back to back) starts no second one, nor says so.
        build = l10n("build", "--no-mt", cwd=workspace)
        assert build.returncode == 0, build.stderr
        assert "a build server" not in build.stderr
    finally:
        os.close(fd)
    data = json.loads(l10n("server", "status", "--json", cwd=workspace).stdout)
    assert data["starting"] is False and data["running"] is False
