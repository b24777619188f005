"""Safe writes: a killed update never breaks a catalog; racing writers lose no entry."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from l10n.catalogs import pofile, store
from l10n.fsio import atomic_write

KIM = "articles/kim-jong-un-china-parade"


def _l10n(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "l10n", *args], cwd=root, capture_output=True, text=True, check=True)


def _catalogs(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "locales").rglob("*.po"))}


def test_atomic_write_keeps_the_mode(tmp_path: Path) -> None:
    path = tmp_path / "x.po"
    path.write_bytes(b"old")
    path.chmod(0o600)
    atomic_write(path, b"new")
    assert path.read_bytes() == b"new" and (path.stat().st_mode & 0o777) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["x.po"]


def test_update_killed_at_random_moments_leaves_each_catalog_before_or_after(workspace: Path, tmp_path: Path) -> None:
    # Many articles, so that an update takes long enough to be killed in the middle.
    articles = workspace / "articles"
    for i in range(12):
        for source in list(articles.glob("*.txt"))[:4]:
            if "-copy" not in source.stem:
                shutil.copy(source, articles / f"{source.stem}-copy{i}.txt")
    _l10n(workspace, "extract")
    _l10n(workspace, "update")
    # Change every article, so that the next update rewrites every catalog.
    for path in articles.iterdir():
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(" the ", " THE ", 3), encoding="utf-8")
    _l10n(workspace, "extract")
    before = _catalogs(workspace)
    reference = tmp_path / "reference"
    shutil.copytree(workspace, reference)
    started = time.monotonic()
    _l10n(reference, "update")
    duration = time.monotonic() - started
    after = {name: data for name, data in _catalogs(reference).items()}
    assert after != before

    rng = random.Random(20261128)
    killed_midway = attempts = 0
    while attempts < 10 or (killed_midway < 5 and attempts < 30):  # (a loaded machine's timings vary)
        attempts += 1
        proc = subprocess.Popen([sys.executable, "-m", "l10n", "update"], cwd=workspace,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.0, duration))
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            killed_midway += 1
        proc.wait()
        now = _catalogs(workspace)
        assert set(now) == set(before)
        for name, data in now.items():
            assert data in (before[name], after[name]), f"{name} is neither as before nor as after"
            pofile.parse(data, name)
            check = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(workspace / name)], capture_output=True)
            assert check.returncode == 0, name
        # Start again from the old state for the next kill.
        for name, data in before.items():
            (workspace / name).write_bytes(data)
    assert killed_midway >= 5, "the update finished before it could be killed; make the workspace larger"
    leftovers = [p for p in (workspace / "locales").rglob("*.tmp")]
    for leftover in leftovers:  # as if killed long ago
        os.utime(leftover, (time.time() - 3600, time.time() - 3600))
    _l10n(workspace, "update")
    assert _catalogs(workspace) == after
    assert not [p for p in leftovers if p.exists()], "a later update cleans old temporary files up"


FILLER = """
import sys
import time
from pathlib import Path

import pytest
from l10n.catalogs import store
path, locales, prefix, msgids = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], sys.argv[4:]
for msgid in msgids:
    def change(catalog, msgid=msgid):
        entry = catalog.get(msgid)
        if entry is not None and not entry.msgstr:
            entry.msgstr = prefix + msgid
            entry.fuzzy = True
        return catalog
    store.modify(path, change, locales)
    time.sleep(0.05)
"""


def test_two_l10n_processes_and_a_translator_racing_lose_nothing(workspace: Path) -> None:
    _l10n(workspace, "extract")
    _l10n(workspace, "update", "-l", "de")
    path = workspace / "locales" / "de" / "LC_MESSAGES" / f"{KIM}.po"
    msgids = [m.msgid for m in pofile.parse(path.read_bytes()).messages]
    assert len(msgids) >= 9
    human, first, second = msgids[0::3], msgids[1::3], msgids[2::3]
    procs = [
        subprocess.Popen([sys.executable, "-c", FILLER, str(path), str(workspace / "locales"), prefix, *ids])
        for prefix, ids in (("A:", first), ("B:", second))
    ]
    # The translator edits and saves the file meanwhile, without any lock (as Poedit does).
    deadline, saves = time.monotonic() + 3.0, 0
    while time.monotonic() < deadline or saves < len(human):
        msgid = human[saves % len(human)]
        catalog = pofile.parse(path.read_bytes())
        entry = catalog.get(msgid)
        assert entry is not None
        entry.msgstr = "HUMAN:" + msgid
        atomic_write(path, pofile.dump(catalog))
        saves += 1
        time.sleep(0.005)
    for proc in procs:
        assert proc.wait(timeout=120) == 0
    final = pofile.parse(path.read_bytes())
    assert [m.msgid for m in final.messages if not m.obsolete] == msgids, "no entry is lost"
    for msgid in human:
        assert final.get(msgid).msgstr == "HUMAN:" + msgid  # type: ignore[union-attr]
    # A machine fill a translator's stale save overwrote is simply still to do: a rerun
    # fills it, and the translator's entries stay theirs.
    subprocess.run([sys.executable, "-c", FILLER, str(path), str(workspace / "locales"), "A:", *first], check=True)
    subprocess.run([sys.executable, "-c", FILLER, str(path), str(workspace / "locales"), "B:", *second], check=True)
    final = pofile.parse(path.read_bytes())
    for prefix, ids in (("A:", first), ("B:", second), ("HUMAN:", human)):
        for msgid in ids:
            assert final.get(msgid).msgstr == prefix + msgid  # type: ignore[union-attr]


def test_a_save_during_a_batch_is_merged_when_the_batch_ends(tmp_path: Path) -> None:
    from l10n import fsio
    from l10n.catalogs.model import Catalog, Message

    path = tmp_path / "locales" / "de.po"
    catalog = Catalog(headers=[("Content-Type", "text/plain; charset=UTF-8")],
                      messages=[Message(msgid="one"), Message(msgid="two")])
    path.parent.mkdir()
    path.write_bytes(pofile.dump(catalog))

    def ours(current):  # type: ignore[no-untyped-def]
        current.get("one").msgstr = "eins (l10n)"
        return current

    with fsio.batch():
        assert store.modify(path, ours, tmp_path / "locales")
        assert b"eins" not in path.read_bytes()  # staged, not yet in place
        theirs = pofile.parse(path.read_bytes())
        theirs.get("two").msgstr = "zwei (translator)"
        path.write_bytes(pofile.dump(theirs))  # the translator saves meanwhile
    final = pofile.parse(path.read_bytes())
    assert final.get("one").msgstr == "eins (l10n)" and final.get("two").msgstr == "zwei (translator)"
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("in_batch", [False, True])
def test_a_save_between_prepare_and_commit_is_merged_not_overwritten(tmp_path: Path, in_batch: bool) -> None:
    """update works out a catalog in a worker (prepare), the main process writes it
    (commit): a translator's save in between is kept, and the change made again on it."""
    import contextlib

    from l10n import fsio
    from l10n.catalogs.model import Catalog, Message

    path = tmp_path / "locales" / "de.po"
    path.parent.mkdir()
    path.write_bytes(pofile.dump(Catalog(headers=[("Content-Type", "text/plain; charset=UTF-8")],
                                         messages=[Message(msgid="one"), Message(msgid="two")])))

    def ours(current):  # type: ignore[no-untyped-def]
        current.get("one").msgstr = "eins (l10n)"
        return current

    prepared = store.prepare(path, ours)
    theirs = pofile.parse(path.read_bytes())
    theirs.get("two").msgstr = "zwei (translator)"
    path.write_bytes(pofile.dump(theirs))
    with fsio.batch() if in_batch else contextlib.nullcontext():
        assert store.commit(path, prepared, ours, tmp_path / "locales")
    final = pofile.parse(path.read_bytes())
    assert final.get("one").msgstr == "eins (l10n)" and final.get("two").msgstr == "zwei (translator)"


def test_a_batch_left_by_an_exception_replaces_nothing_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    from l10n import fsio

    paths = [tmp_path / f"{i}.po" for i in range(3)]
    for path in paths:
        path.write_bytes(b"old")
    try:
        with fsio.batch():
            for path in paths:
                atomic_write(path, b"new", expect=b"old")
            raise RuntimeError("the stage failed")
    except RuntimeError:
        pass
    assert [p.read_bytes() for p in paths] == [b"old"] * 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["0.po", "1.po", "2.po"]


def test_a_batch_of_many_files_syncs_them_in_groups_and_puts_each_in_place(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from l10n import fsio

    synced: list[str] = []
    real_fsync = os.fsync
    monkeypatch.setattr(fsio, "_SYNC_GROUP", 4)
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(os.readlink(f"/proc/self/fd/{fd}")), real_fsync(fd)))
    paths = [tmp_path / "sub" / f"{i}.po" for i in range(11)]  # the folder is made when missing
    with fsio.batch():
        for i, path in enumerate(paths):
            atomic_write(path, f"catalog {i}".encode())
        assert not any(path.exists() for path in paths)  # staged, not yet in place
    assert [p.read_bytes() for p in paths] == [f"catalog {i}".encode() for i in range(11)]
    assert sorted(p.name for p in (tmp_path / "sub").iterdir()) == sorted(p.name for p in paths)
    temporaries = [name for name in synced if name.endswith(".tmp")]
    assert len(temporaries) == 11 and len(set(temporaries)) == 11  # each file made durable before the rename


def _many_files_batch(folders: list[Path], monkeypatch, syncfs_usable: bool):  # type: ignore[no-untyped-def]
    """A batch of more files than syncfs is used from, spread over ``folders``; the files
    that were fsynced on the way, and how many files there were."""
    from l10n import fsio

    synced: list[str] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(os.readlink(f"/proc/self/fd/{fd}")), real_fsync(fd)))
    if not syncfs_usable:
        monkeypatch.setattr(fsio, "_SYNCFS", [None])
    count = fsio._SYNCFS_FROM + 5
    paths = [folders[i % len(folders)] / f"{i}.po" for i in range(count)]
    for path in paths[:3]:
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(b"old")
    with fsio.batch():
        for i, path in enumerate(paths):
            atomic_write(path, f"catalog {i}".encode())
    assert [p.read_bytes() for p in paths] == [f"catalog {i}".encode() for i in range(count)]
    assert not [p for folder in folders for p in folder.iterdir() if p.name.endswith(".tmp")]
    return synced, count


def _syncfs_here(*folders: Path) -> bool:
    from l10n import fsio

    return fsio._syncfs_usable() and all(fsio._syncfs_reports(os.stat(f).st_dev) for f in folders)


def _open_files() -> list[str]:
    targets = []
    for name in os.listdir("/proc/self/fd"):
        try:
            targets.append(os.readlink(f"/proc/self/fd/{name}"))
        except FileNotFoundError:  # (the listing's own descriptor, closed since)
            pass
    return targets


@pytest.mark.skipif(not _syncfs_here(Path("/tmp")), reason="syncfs(2) as used here: Linux 5.17+, a local file system")
def test_a_batch_of_many_files_is_made_durable_by_one_syncfs_a_file_system(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from l10n import fsio

    shm = Path("/dev/shm")
    other = Path(tempfile.mkdtemp(dir=shm)) if shm.is_dir() and _syncfs_here(shm) else None
    try:
        folders = [tmp_path / "a", tmp_path / "b"] + ([other / "c"] if other else [])
        calls: list[int] = []
        real_syncfs = fsio._syncfs
        monkeypatch.setattr(fsio, "_syncfs", lambda fd: (calls.append(os.fstat(fd).st_dev), real_syncfs(fd)))
        synced, _ = _many_files_batch(folders, monkeypatch, syncfs_usable=True)
        assert sorted(calls) == sorted({os.stat(folder).st_dev for folder in folders})  # once a file system
        assert not [name for name in synced if name.endswith(".tmp")]  # no fsync a file
        assert not [t for t in _open_files() if t.startswith(str(tmp_path)) or (other and t.startswith(str(other)))]
    finally:
        if other:
            shutil.rmtree(other)


def test_each_file_system_is_watched_before_the_batch_writes_there(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """syncfs reports the errors since its descriptor was opened: the descriptor must be
    open before the first file of the batch is written there."""
    from l10n import fsio

    if not fsio._syncfs_usable():
        pytest.skip("syncfs(2) as used here: Linux 5.17+")
    events: list[str] = []
    real_watch, real_write = fsio._Batch._watch, fsio._write_temporary
    monkeypatch.setattr(fsio._Batch, "_watch", lambda self, folder: (events.append(f"watch {folder}"),
                                                                      real_watch(self, folder))[1])
    monkeypatch.setattr(fsio, "_write_temporary", lambda path, data, durable: (
        events.append(f"write {os.path.dirname(path)}"), real_write(path, data, durable))[1])
    with fsio.batch():
        for i in range(4):
            atomic_write(tmp_path / ("x" if i % 2 else "y") / f"{i}.po", b"new")
    for folder in ("x", "y"):
        first_write = events.index(f"write {tmp_path / folder}")
        assert f"watch {tmp_path / folder}" in events[:first_write]


def test_without_syncfs_every_file_of_a_batch_is_fsynced(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    synced, count = _many_files_batch([tmp_path / "a", tmp_path / "b"], monkeypatch, syncfs_usable=False)
    temporaries = [name for name in synced if name.endswith(".tmp")]
    assert len(temporaries) == count and len(set(temporaries)) == count


def test_on_a_file_system_syncfs_does_not_answer_for_every_file_is_fsynced(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from l10n import fsio

    monkeypatch.setattr(fsio, "_syncfs_reports", lambda device: False)  # FUSE, overlayfs, NFS...
    monkeypatch.setattr(fsio, "_syncfs", lambda fd: pytest.fail("syncfs on a file system it does not answer for"))
    synced, count = _many_files_batch([tmp_path / "a"], monkeypatch, syncfs_usable=True)
    assert len({name for name in synced if name.endswith(".tmp")}) == count


def test_a_batch_of_files_named_relative_to_the_current_folder(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from l10n import fsio

    monkeypatch.chdir(tmp_path)
    with fsio.batch():
        atomic_write(Path("x.po"), b"new")
    assert (tmp_path / "x.po").read_bytes() == b"new"


@pytest.mark.skipif(not _syncfs_here(Path("/tmp")), reason="syncfs(2) as used here: Linux 5.17+, a local file system")
def test_a_batch_whose_syncfs_fails_replaces_nothing_and_says_where(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import errno
    import re

    from l10n import fsio
    from l10n.errors import L10nError

    def failing(fd: int) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(fsio, "_syncfs", failing)
    paths = [tmp_path / f"{i}.po" for i in range(fsio._SYNCFS_FROM)]
    for path in paths:
        path.write_bytes(b"old")
    with pytest.raises(L10nError) as failure:
        with fsio.batch():
            for path in paths:
                atomic_write(path, b"new")
    assert re.search(r"(^|/)0\.po: .*Input/output error", str(failure.value))
    assert [p.read_bytes() for p in paths] == [b"old"] * len(paths)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in paths)


def test_recordings_nest(tmp_path: Path) -> None:
    """A recording inside another (a build inside ``build --watch``'s): each hears of
    what was written while it was open, and each ends as itself (an equal record of the
    same writes was once removed in its place)."""
    from l10n import fsio

    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    with fsio.recording() as outer:
        with fsio.recording() as inner:
            fsio.atomic_write(first, b"one")
        fsio.atomic_write(second, b"two")
    assert set(inner) == {str(first)} and set(outer) == {str(first), str(second)}
    fsio.atomic_write(first, b"three")  # (no recording left open)
    assert set(outer) == {str(first), str(second)}


def test_a_file_of_a_batch_that_may_not_be_replaced_is_named_and_the_others_are_in_place(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import errno

    from l10n import fsio
    from l10n.errors import FileError

    paths = [tmp_path / f"{i}.po" for i in range(3)]
    for path in paths:
        path.write_bytes(b"old")
    replace = os.replace

    def refusing(src, dst):  # type: ignore[no-untyped-def]
        if str(dst).endswith("1.po"):  # (an immutable file, another user's in a sticky folder)
            raise PermissionError(errno.EPERM, os.strerror(errno.EPERM), str(dst))
        return replace(src, dst)

    monkeypatch.setattr(fsio.os, "replace", refusing)
    with pytest.raises(fsio.PartlyWritten) as failure:
        with fsio.batch():
            for path in paths:
                atomic_write(path, b"new")
    assert [(p.name, type(e)) for p, e in failure.value.failures] == [("1.po", FileError)]
    assert [p.read_bytes() for p in paths] == [b"new", b"old", b"new"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["0.po", "1.po", "2.po"]  # (no temporary left)
