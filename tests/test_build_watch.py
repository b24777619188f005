"""``l10n build --watch``: a real process, real file notifications, real edits."""

from __future__ import annotations

import json
import os
import selectors
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from conftest import SAMPLE_WORKSPACE, CliCall

SLUG = "rhine-low-water-shipping"


class Watcher:
    def __init__(self, root: Path) -> None:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        self.proc = subprocess.Popen([sys.executable, "-m", "l10n", "-C", str(root), "build", "--no-mt", "--watch",
                                      "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                     env=env, bufsize=1)
        assert self.proc.stdout is not None
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.proc.stdout, selectors.EVENT_READ)

    def build(self, timeout: float = 60.0) -> dict[str, Any] | None:
        """The next build's report, or None when none comes within ``timeout`` seconds."""
        assert self.proc.stdout is not None
        if not self.selector.select(timeout=timeout):
            return None
        line = self.proc.stdout.readline()
        return json.loads(line) if line else None

    def stop(self) -> tuple[int, str]:
        self.proc.send_signal(signal.SIGINT)
        try:
            _, err = self.proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()  # (not left running into the next test)
            _, err = self.proc.communicate()
            raise AssertionError(f"Ctrl+C did not stop the watch; it printed:\n{err}") from None
        return self.proc.returncode, err


@pytest.fixture
def watcher(tmp_path: Path) -> Any:
    root = tmp_path / "ws"
    shutil.copytree(SAMPLE_WORKSPACE, root)
    watching = Watcher(root)
    yield root, watching
    if watching.proc.poll() is None:
        watching.proc.kill()
        watching.proc.communicate()


def test_a_saved_article_is_rebuilt_alone_and_the_builds_own_writes_wake_nothing(watcher: Any) -> None:
    root, watching = watcher
    first = watching.build()
    assert first is not None and first["changed"] == [] and not first["errors"]
    assert len(first["editions"]) == 24 and (root / "build" / "fr" / f"{SLUG}.html").is_file()
    assert watching.build(timeout=1.5) is None  # its own writes: a build that found nothing, said nothing

    article = root / "articles" / f"{SLUG}.txt"
    article.write_text(article.read_text(encoding="utf-8").replace("Kaub", "Caub"), encoding="utf-8")
    second = watching.build()
    assert second is not None and second["changed"] == [f"articles/{SLUG}.txt"]
    editions = [p for p in second["written"] if p.endswith((".html", ".md")) and not p.endswith("index.html")]
    assert sorted(editions) == sorted(f"build/{loc}/{SLUG}.{ext}" for loc in ("de", "en", "fr", "es")
                                      for ext in ("html", "md"))
    assert "Caub" in (root / "build" / "en" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert watching.build(timeout=1.5) is None

    code, err = watching.stop()
    assert code == 0 and err.strip().splitlines()[-1].startswith("stopped watching")


def test_a_broken_catalog_is_reported_and_the_watch_goes_on(watcher: Any) -> None:
    root, watching = watcher
    assert watching.build() is not None
    assert watching.build(timeout=1.5) is None  # (up and watching)
    catalog = root / "locales" / "fr" / "LC_MESSAGES" / "articles" / f"{SLUG}.po"
    good = catalog.read_bytes()
    catalog.write_bytes(good + b'\nmsgid "unterminated\n')
    broken = watching.build()
    assert broken is not None and broken["changed"] == [f"locales/fr/LC_MESSAGES/articles/{SLUG}.po"]
    assert any(SLUG in error for error in broken["errors"])
    assert {e["state"] for e in broken["editions"] if e["article"] == SLUG and e["locale"] == "fr"} == {"failed"}
    catalog.write_bytes(good)
    fixed = watching.build()
    assert fixed is not None and not fixed["errors"]
    code, _ = watching.stop()
    assert code == 0


def test_a_change_made_while_the_first_build_runs_is_built_once_the_watch_is_up(watcher: Any) -> None:
    """The watcher starts after the first build: what changed meanwhile is found by the
    build that runs as soon as it is up (the stamp tells), not lost until the next save."""
    root, watching = watcher
    assert watching.build() is not None  # reported before the watcher is up
    article = root / "articles" / f"{SLUG}.txt"
    article.write_text(article.read_text(encoding="utf-8").replace("Kaub", "Caub"), encoding="utf-8")
    caught = watching.build(timeout=30)
    assert caught is not None and not caught["unchanged"]
    assert "Caub" in (root / "build" / "en" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert watching.stop()[0] == 0


def test_watch_and_check_are_not_both(cli: CliCall) -> None:
    result = cli("build", "--watch", "--check", code=2)
    assert "--watch" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_folders_that_appear_later_are_watched_too(tmp_path: Path) -> None:
    """Started where there are no articles yet: the first build says so, the watch goes
    on; the articles folder appearing wakes a build, which makes the catalogs, and a
    translator's save in those (a folder that did not exist when the watch began) wakes
    the next."""
    root = tmp_path / "ws"
    root.mkdir()
    shutil.copy(SAMPLE_WORKSPACE / "pyproject.toml", root / "pyproject.toml")
    watching = Watcher(root)
    try:
        assert watching.proc.stderr is not None
        assert watching.build(timeout=5) is None  # no report: an error line instead
        shutil.copytree(SAMPLE_WORKSPACE / "articles", root / "articles")
        built = watching.build()
        while built is not None and not built["editions"]:  # (the folder's first entries)
            built = watching.build()
        assert built is not None and len(built["editions"]) == 24 and not built["errors"]
        assert watching.build(timeout=1.5) is None
        catalog = root / "locales" / "fr" / "LC_MESSAGES" / "articles" / f"{SLUG}.po"
        catalog.write_bytes(catalog.read_bytes() + b'\nmsgid "unterminated\n')
        broken = watching.build()
        assert broken is not None and any(SLUG in error for error in broken["errors"])
    finally:
        code, err = watching.stop()
    assert code == 0 and err.count("no articles folder") == 1  # (said once, not at every look)


def test_without_a_stamp_its_own_writes_still_wake_no_build(tmp_path: Path) -> None:
    """A build with a problem saves no stamp, so a build woken by its own writes would do
    its stages again and report catalogs nobody touched: the watch knows its own writes."""
    root = tmp_path / "ws"
    shutil.copytree(SAMPLE_WORKSPACE, root)
    (root / "articles" / "broken.md").write_text("---\ntitle: [unclosed\n---\n\nText.\n", encoding="utf-8")
    watching = Watcher(root)
    try:
        first = watching.build()
        assert first is not None and any("broken.md" in error for error in first["errors"])
        assert watching.build(timeout=2.0) is None
        article = root / "articles" / f"{SLUG}.txt"
        article.write_text(article.read_text(encoding="utf-8") + "\nA new closing paragraph.\n", encoding="utf-8")
        rebuilt = watching.build()
        assert rebuilt is not None and rebuilt["changed"] == [f"articles/{SLUG}.txt"]
        catalog = root / "locales" / "fr" / "LC_MESSAGES" / "articles" / f"{SLUG}.po"
        assert "A new closing paragraph." in catalog.read_text(encoding="utf-8")  # (its own writes, watched)
        assert watching.build(timeout=2.0) is None
    finally:
        assert watching.stop()[0] == 0


def test_a_source_replaced_by_a_rename_and_moved_folders_stay_watched(tmp_path: Path) -> None:
    """An editor's atomic save of pyproject.toml (a new file renamed over it) and a
    pyproject.toml that names another articles folder: the watch follows both."""
    root = tmp_path / "ws"
    shutil.copytree(SAMPLE_WORKSPACE, root)
    watching = Watcher(root)
    try:
        assert watching.build() is not None
        assert watching.build(timeout=1.5) is None
        settings = (root / "pyproject.toml").read_text(encoding="utf-8")
        assert 'articles = "articles"' in settings
        shutil.copytree(root / "articles", root / "news")
        saved = root / ".pyproject.toml.saving"
        saved.write_text(settings.replace('articles = "articles"', 'articles = "news"'), encoding="utf-8")
        os.replace(saved, root / "pyproject.toml")
        moved = watching.build()
        assert moved is not None and not moved["errors"]
        while watching.build(timeout=1.5) is not None:
            pass
        article = root / "news" / f"{SLUG}.txt"
        article.write_text(article.read_text(encoding="utf-8").replace("Kaub", "Caub"), encoding="utf-8")
        rebuilt = watching.build()
        assert rebuilt is not None and rebuilt["changed"] == [f"news/{SLUG}.txt"]
        assert "Caub" in (root / "build" / "en" / f"{SLUG}.html").read_text(encoding="utf-8")
        saved.write_text(settings, encoding="utf-8")  # a second atomic save: the new file is watched too
        os.replace(saved, root / "pyproject.toml")
        back = watching.build()
        assert back is not None and not back["errors"]
    finally:
        assert watching.stop()[0] == 0


def test_a_quiet_watch_looks_anyway_now_and_then(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A notification the system dropped must make a change late, not lost: after
    RESCAN_SECONDS without a change, the watch asks for a build anyway (an empty burst:
    the stamp finds what changed, quietly when nothing did)."""
    from l10n import config as config_mod
    from l10n.build import watch

    root = tmp_path / "ws"
    shutil.copytree(SAMPLE_WORKSPACE, root)
    config = config_mod.load(root)
    monkeypatch.setattr(watch, "RESCAN_SECONDS", 0.5)
    bursts = watch.changes(lambda: config)
    start = time.monotonic()
    assert next(bursts) == []  # the watcher is up
    assert next(bursts) == []  # nothing changed for RESCAN_SECONDS: look anyway
    assert 0.4 < time.monotonic() - start < 5
    bursts.close()


def test_ctrl_c_swallowed_by_a_finalizer_still_stops_the_watch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                capfd: pytest.CaptureFixture[str]) -> None:
    """Python prints and swallows a KeyboardInterrupt raised while the garbage collector
    runs a ``__del__`` (filelock's locks have one): the watch went on, and Ctrl+C had to
    be pressed again, or never worked at all. The stop flag Ctrl+C also sets ends it,
    and the swallowed interrupt prints no traceback."""
    from l10n import config as config_mod
    from l10n import interrupts
    from l10n.build import watch

    root = tmp_path / "ws"
    shutil.copytree(SAMPLE_WORKSPACE, root)
    config = config_mod.load(root)
    monkeypatch.setattr(watch, "RESCAN_SECONDS", 0.5)

    class Finalized:
        def __del__(self) -> None:
            os.kill(os.getpid(), signal.SIGINT)  # (its handler runs here, inside the finalizer)
            time.sleep(0.01)

    previous = signal.getsignal(signal.SIGINT)
    with interrupts.stopped_by_signals() as stop:
        bursts = watch.changes(lambda: config, stop)
        assert next(bursts) == []  # the watcher is up
        Finalized()  # (collected at once: the KeyboardInterrupt is printed and lost)
        assert stop.is_set()
        start = time.monotonic()
        for _ in bursts:  # (a look every half second, so a watch that goes on fails the test)
            assert time.monotonic() - start < 5, "the watch went on after Ctrl+C"
    assert signal.getsignal(signal.SIGINT) is previous
    assert "KeyboardInterrupt" not in capfd.readouterr().err


def test_the_watch_takes_new_mt_settings_from_pyproject(cli: CliCall, monkeypatch: pytest.MonkeyPatch) -> None:
    """The MT engine is made for the settings a build reads: a glossary added to
    pyproject.toml while the watch runs reaches the next build's engine."""
    from l10n.build import run as build_run
    from l10n.build import watch
    from l10n.mt import choose

    made: list[tuple[str, ...]] = []
    used: list[object] = []

    def create_engine(mt: object, glossary: tuple[str, ...], **_: object) -> object:
        made.append(tuple(glossary))
        return ("engine", tuple(glossary))

    def run(config: object, locales: object, *, engine: object, done: Any = None, **_: object) -> Any:
        used.append(engine)
        raise build_run.L10nError("(stops here: the engine it got is what this test is about)")

    settings = cli.root / "pyproject.toml"

    def changes(current: Any, stop: Any = None) -> Any:
        yield []
        text = settings.read_text(encoding="utf-8")
        settings.write_text(text.replace('glossary = ["Kim Jong Un"', 'glossary = ["Olaf Scholz", "Kim Jong Un"'),
                            encoding="utf-8")
        yield ["pyproject.toml"]
        yield []  # (settings unchanged: the same engine)
        raise KeyboardInterrupt

    monkeypatch.setattr(choose, "create_engine", create_engine)
    monkeypatch.setattr(build_run, "run", run)
    monkeypatch.setattr(watch, "changes", changes)
    result = cli("build", "--watch", "--json")
    assert made == [("Kim Jong Un", "Xi Jinping", "Vladimir Putin", "Donald Trump"),
                    ("Olaf Scholz", "Kim Jong Un", "Xi Jinping", "Vladimir Putin", "Donald Trump")]
    assert used == [("engine", made[0]), ("engine", made[0]), ("engine", made[1]), ("engine", made[1])]
    assert "stopped watching" in result.stderr


def test_a_watch_started_with_ctrl_c_ignored_keeps_ignoring_it() -> None:
    """A background job of a script (or ``nohup``) starts with SIGINT ignored; Python
    leaves it so, and the watch must not make it interruptible."""
    from l10n import interrupts

    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with interrupts.stopped_by_signals() as stop:
            assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.05)
            assert not stop.is_set()
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, previous)


def test_sigterm_stops_the_watch_as_ctrl_c_does(watcher: Any) -> None:
    """``kill``, ``systemctl stop``, ``docker stop``: the watch says it stopped and exits 0."""
    root, watching = watcher
    assert watching.build() is not None
    watching.proc.send_signal(signal.SIGTERM)
    _, err = watching.proc.communicate(timeout=30)
    assert watching.proc.returncode == 0 and err.strip().splitlines()[-1].startswith("stopped watching")


def test_a_watch_whose_reader_goes_away_stops(tmp_path: Path) -> None:
    """``l10n build --watch | head -2``: once nobody reads the reports, the watch stops
    (exit 0), as it did when the first write to the closed pipe ended it."""
    root = tmp_path / "ws"
    shutil.copytree(SAMPLE_WORKSPACE, root)
    shell = f"{sys.executable} -m l10n build --no-mt -l en --watch | head -2 >/dev/null; echo \"rc=${{PIPESTATUS[0]}}\""
    started = time.monotonic()
    proc = subprocess.run(["bash", "-c", shell], cwd=root, capture_output=True, text=True, timeout=90)
    assert "rc=0" in proc.stdout, (proc.stdout, proc.stderr)
    assert time.monotonic() - started < 60 and "stopped watching" in proc.stderr
