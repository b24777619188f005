"""The build's stamp (l10n/build/stamp.py): a build with nothing changed since the last one
reports that build's summary without running a stage; anything that could change a
build's outcome makes it do the work again."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from build_fixtures import built  # noqa: F401 - (a fixture)
from conftest import CliCall
from l10n import config as config_mod
from l10n import cache, fsio
from l10n.build import run as build_run
from l10n.build import stamp
from l10n.mt.engine import FakeEngine

ARTICLE = "rhine-low-water-shipping"


def build_json(cli: CliCall, *args: str, code: int = 0) -> dict[str, object]:
    data: dict[str, object] = json.loads(cli("build", "--no-mt", "--json", *args, code=code).stdout)
    return data


def written_editions(data: dict[str, object]) -> list[str]:
    editions = data["editions"]
    assert isinstance(editions, list)
    return sorted(f"{e['locale']}/{e['article']}" for e in editions if e["written"])


def stamp_file(cli: CliCall) -> Path:
    return cli.root / ".l10n" / "cache" / stamp.STAMP_NAME


def test_right_after_a_build_nothing_changed(built: CliCall) -> None:
    assert build_json(built)["unchanged"] is True


def test_an_article_changed_in_place_with_its_old_size_and_mtime_is_seen(built: CliCall) -> None:
    # mtime can be set back (an editor, rsync -t, a restore); the change time cannot.
    path = built.root / "articles" / f"{ARTICLE}.txt"
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    changed = text.replace("fell to 89 centimetres", "fell to 88 centimetres")
    assert len(changed) == len(text) and changed != text
    with open(path, "r+", encoding="utf-8") as handle:  # in place: same inode
        handle.write(changed)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_mtime_ns == st.st_mtime_ns and path.stat().st_size == st.st_size
    data = build_json(built)
    assert data["unchanged"] is False
    assert "fell to 88 centimetres" in (built.root / "build" / "en" / f"{ARTICLE}.html").read_text(encoding="utf-8")
    assert build_json(built)["unchanged"] is True


@pytest.mark.parametrize("change", ["new article", "deleted edition", "edited catalog", "settings", "stray file"])
def test_anything_a_build_depends_on_makes_it_work_again(built: CliCall, change: str) -> None:
    root = built.root
    if change == "new article":
        source = root / "articles" / f"{ARTICLE}.txt"
        (root / "articles" / "a-new-report.txt").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    elif change == "deleted edition":
        (root / "build" / "fr" / f"{ARTICLE}.md").unlink()
    elif change == "edited catalog":
        path = root / "locales" / "fr" / "LC_MESSAGES" / "chrome.po"
        path.write_bytes(path.read_bytes() + b"\n")
    elif change == "settings":
        path = root / "pyproject.toml"
        path.write_text(path.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    else:
        (root / "build" / "fr" / "notes.txt").write_text("mine", encoding="utf-8")
    data = build_json(built)
    assert data["unchanged"] is False
    if change == "new article":
        assert "a-new-report" in {e["article"] for e in data["editions"]}  # type: ignore[index, union-attr]
    if change == "deleted edition":
        assert (root / "build" / "fr" / f"{ARTICLE}.md").is_file()
    assert build_json(built)["unchanged"] is True


def test_other_locales_or_another_policy_are_another_build(built: CliCall) -> None:
    assert build_json(built, "-l", "fr")["unchanged"] is False
    assert build_json(built, "-l", "fr")["unchanged"] is True
    assert build_json(built)["unchanged"] is False  # all locales: not the stamp of -l fr
    assert build_json(built, "--allow-machine")["unchanged"] is False


def test_check_and_strict_use_the_stamp(built: CliCall) -> None:
    data = json.loads(built("build", "--check", "--json").stdout)
    assert data["unchanged"] is True and data["would_change"] == []
    strict = build_json(built, "--strict", code=1)  # the sample's editions are partial
    assert strict["unchanged"] is True
    assert any("--strict" in e for e in strict["errors"])  # type: ignore[union-attr]


def test_a_failed_build_forgets_the_stamp_and_its_error_is_said_every_time(built: CliCall) -> None:
    broken = built.root / "locales" / "fr" / "LC_MESSAGES" / "articles" / f"{ARTICLE}.po"
    broken.write_text('msgid "a"\nmsgstr "b"\nmsgid "a"\nmsgstr "c"\n', encoding="utf-8")
    for _ in range(2):
        data = build_json(built, code=1)
        assert data["unchanged"] is False and data["errors"]
        assert not stamp_file(built).exists()


@pytest.mark.parametrize("saved", [ARTICLE, "berlin-marathon-record"])  # a catalog the build writes; one it reads
def test_a_file_saved_by_someone_else_during_a_build_is_seen_by_the_next_build(
        built: CliCall, monkeypatch: pytest.MonkeyPatch, saved: str) -> None:
    """A translator saving a catalog after the build read (or wrote) it: the build's
    outputs do not show that save, so the next build must not call the workspace
    unchanged (the stamp keeps what the build saw, not what is there now)."""
    from l10n.build import pipeline

    catalog = built.root / "locales" / "fr" / "LC_MESSAGES" / f"articles/{saved}.po"
    article = built.root / "articles" / f"{ARTICLE}.txt"
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more paragraph.\n", encoding="utf-8")
    real_compile = pipeline._compile

    def compile_then_a_save(*args: object, **kwargs: object) -> object:
        result = real_compile(*args, **kwargs)  # type: ignore[arg-type]
        with open(catalog, "ab") as handle:  # the translator's editor, not l10n
            handle.write(b"\n# a translator's comment\n")
        return result

    monkeypatch.setattr(pipeline, "_compile", compile_then_a_save)
    config = config_mod.load(built.root)
    assert build_run.run(config).unchanged is False
    monkeypatch.setattr(pipeline, "_compile", real_compile)
    again = build_run.run(config)
    assert again.unchanged is False
    assert build_run.run(config).unchanged is True


def test_with_machine_translation_a_stamp_needs_nothing_left_to_translate(built: CliCall) -> None:
    config = config_mod.load(built.root)
    partial = FakeEngine(installed=(("en", "fr"),))  # no model for de, es: entries stay untranslated
    build_run.run(config, engine=partial)
    assert not stamp_file(built).exists()
    assert build_run.run(config, engine=partial).unchanged is False
    everything = FakeEngine()
    build_run.run(config, engine=everything)
    assert everything.calls and stamp_file(built).exists()
    calls = len(everything.calls)
    assert build_run.run(config, engine=everything).unchanged is True
    assert len(everything.calls) == calls  # the second build asked the engine nothing
    # a rejected entry stays untranslated, but no model can change that: the stamp holds
    built("review", "reject", json.loads(built("review", "list", "-l", "fr", "--json").stdout)[0]["id"])
    build_run.run(config, engine=everything)
    calls = len(everything.calls)
    assert build_run.run(config, engine=everything).unchanged is True and len(everything.calls) == calls


def test_only_ours_accepts_the_files_this_process_wrote_as_it_left_them(tmp_path: Path) -> None:
    mine, theirs, gone = tmp_path / "mine.txt", tmp_path / "theirs.txt", tmp_path / "gone.txt"
    for path in (mine, theirs, gone):
        path.write_text("before", encoding="utf-8")

    def scan() -> stamp.Scan:
        return stamp.Scan({str(p): fsio.signature_of(p.stat()) for p in sorted(tmp_path.iterdir())}, ())

    before = scan()
    with fsio.recording() as written:
        fsio.atomic_write(mine, b"after")
        fsio.remove(gone)
    assert stamp.only_ours(before, scan(), written)
    theirs.write_text("changed by someone", encoding="utf-8")
    assert not stamp.only_ours(before, scan(), written)
    theirs.write_text("before", encoding="utf-8")  # the same bytes again: still not ours
    assert not stamp.only_ours(before, scan(), written)


def test_a_file_racy_at_the_stamp_counts_as_changed_while_its_signature_holds() -> None:
    """A file whose times are within a clock tick of the stamp might change again without
    its times moving: the stamp keeps it as racy, and the next build looks at it."""
    taken = 10_000_000_000
    settled_file = (5, taken - 10 * stamp.SETTLE_NS, taken - 10 * stamp.SETTLE_NS, 1)
    racy_file = (5, taken - 1, taken - 1, 2)  # (a time in the future when the stamp was made)
    scan = stamp.Scan({"/w/settled.txt": settled_file, "/w/racy.txt": racy_file}, (), taken - 20 * stamp.SETTLE_NS)
    saved = stamp.Stamp.of("key", taken, {}, scan)
    assert saved.racy == ("/w/racy.txt",)
    assert saved.changes("key", scan) == frozenset({"/w/racy.txt"})
    moved = stamp.Scan({"/w/settled.txt": (6, *settled_file[1:]), "/w/racy.txt": racy_file, "/w/new.txt": settled_file},
                       (), taken + stamp.SETTLE_NS)
    assert saved.changes("key", moved) == frozenset({"/w/settled.txt", "/w/racy.txt", "/w/new.txt"})
    gone = stamp.Scan({"/w/settled.txt": settled_file}, (), taken + stamp.SETTLE_NS)
    assert saved.changes("key", gone) == frozenset({"/w/racy.txt"})
    assert saved.changes("other settings", scan) is None


def test_a_stamp_that_cannot_be_saved_costs_only_speed(built: CliCall) -> None:
    where = stamp.path_of(config_mod.load(built.root))
    where.unlink()
    where.mkdir()  # (no file can be written there)
    (built.root / "articles" / f"{ARTICLE}.txt").write_text(
        (built.root / "articles" / f"{ARTICLE}.txt").read_text(encoding="utf-8") + "\nA new closing line.\n",
        encoding="utf-8")
    result = built("build", "--json")  # (with MT and no model: the stamp is removed, or would be)
    assert json.loads(result.stdout)["errors"] == [] and "l10n: error" not in result.stderr
    assert build_json(built)["errors"] == []  # (the stamp is written, or would be)
    assert build_json(built)["unchanged"] is False  # (no stamp: the work is looked at again)


def test_a_stamp_made_by_other_code_proves_nothing(built: CliCall, monkeypatch: pytest.MonkeyPatch) -> None:
    version = cache.code_version()
    assert version == cache.code_version()
    monkeypatch.setattr(cache, "code_version", lambda: version + "-upgraded")
    assert build_json(built)["unchanged"] is False
    assert build_json(built)["unchanged"] is True


def test_catalogs_in_a_linked_folder_are_watched_through_the_link(built: CliCall) -> None:
    folder = built.root / "locales" / "fr" / "LC_MESSAGES" / "articles"
    elsewhere = built.root / "shared" / "fr-articles"  # inside the workspace: allowed
    elsewhere.parent.mkdir()
    folder.rename(elsewhere)
    folder.symlink_to(elsewhere, target_is_directory=True)
    assert build_json(built)["unchanged"] is False
    assert build_json(built)["unchanged"] is True
    catalog = elsewhere / f"{ARTICLE}.po"
    catalog.write_bytes(catalog.read_bytes() + b"\n")  # edited where it really is
    assert build_json(built)["unchanged"] is False


def test_an_article_linked_to_a_file_in_the_workspace_is_watched_through_the_link(built: CliCall) -> None:
    article = built.root / "articles" / f"{ARTICLE}.txt"
    real = built.root / "drafts" / f"{ARTICLE}.txt"
    real.parent.mkdir()
    article.rename(real)
    article.symlink_to(real)
    assert build_json(built)["unchanged"] is False
    assert build_json(built)["unchanged"] is True
    real.write_text(real.read_text(encoding="utf-8").replace("89 centimetres", "88 centimetres"), encoding="utf-8")
    assert build_json(built)["unchanged"] is False
    assert "88 centimetres" in (built.root / "build" / "en" / f"{ARTICLE}.html").read_text(encoding="utf-8")


def test_a_catalog_linked_out_of_the_workspace_is_refused_not_trusted(built: CliCall, tmp_path: Path) -> None:
    catalog = built.root / "locales" / "fr" / "LC_MESSAGES" / "articles" / f"{ARTICLE}.po"
    outside = tmp_path / "outside.po"
    outside.write_bytes(catalog.read_bytes().replace(b'msgstr ""\n\n', b'msgstr "FROM OUTSIDE"\n\n', 3))
    catalog.unlink()
    catalog.symlink_to(outside)
    edition = built.root / "build" / "fr" / f"{ARTICLE}.html"
    before = edition.read_bytes()
    for _ in range(2):
        result = built("build", "--no-mt", code=1)
        (line,) = [line for line in result.stderr.splitlines() if "outside the workspace" in line]
        assert line.startswith(f"l10n: error: {catalog.relative_to(built.root)}: resolves to {outside}")
        assert "nothing changed" not in result.stdout
        assert edition.read_bytes() == before  # (not rendered from there)
        assert b"FROM OUTSIDE" not in b"".join(p.read_bytes() for p in (built.root / "build").rglob("*.*"))
        assert (built.root / "build" / "de" / f"{ARTICLE}.html").is_file()


def test_the_picture_a_build_leaves_is_what_a_scan_finds(built: CliCall) -> None:
    """The stamp's picture is the first scan with the build's own writes, not a second
    scan: after builds that write, remove and make folders, it is what a scan finds."""
    config = config_mod.load(built.root)
    chosen = tuple(config.locales)
    article = built.root / "articles" / f"{ARTICLE}.txt"

    def picture_is_a_scan() -> None:
        saved = stamp.load(config)
        assert saved is not None
        now = stamp.scan(config, chosen)
        assert saved.files == now.files and saved.missing == now.missing

    article.write_text(article.read_text(encoding="utf-8") + "\nOne more paragraph.\n", encoding="utf-8")
    assert build_run.run(config).only == (ARTICLE,)
    picture_is_a_scan()
    shutil.copy(article, built.root / "articles" / "a-new-report.txt")  # new catalogs, editions
    build_run.run(config)
    picture_is_a_scan()
    (built.root / "articles" / "a-new-report.txt").unlink()  # its files removed
    build_run.run(config)
    picture_is_a_scan()
    shutil.rmtree(built.root / "build" / "fr")  # a folder made again
    build_run.run(config)
    picture_is_a_scan()


def test_a_file_changed_just_before_the_scan_must_be_as_the_scan_found_it(built: CliCall) -> None:
    """Racily clean: a file changed within a clock tick of the first scan might change
    again without its times moving, so the picture is only made when it is still as the
    scan found it; otherwise a real scan decides."""
    config = config_mod.load(built.root)
    chosen = tuple(config.locales)
    catalog = built.root / "locales" / "fr" / "LC_MESSAGES" / "chrome.po"
    before = stamp.scan(config, chosen)
    changed_at = max(before.files[str(catalog)][1:3])
    just_after = stamp.Scan(before.files, before.missing, changed_at + 1)  # a scan right after that change
    assert stamp.after_build(config, chosen, just_after, {}) is not None
    catalog.write_bytes(catalog.read_bytes() + b"\n# a translator's comment\n")
    assert stamp.after_build(config, chosen, just_after, {}) is None
    long_after = stamp.Scan(before.files, before.missing, changed_at + 10 * stamp.SETTLE_NS)
    assert stamp.after_build(config, chosen, long_after, {}) is not None  # (the next build sees the change)


def test_an_edit_right_after_a_build_keeps_its_stamp(built: CliCall) -> None:
    """An article edited just before a build and again right after it reported (before
    its stamp is saved: a served build lets its client go first): the stamp still holds
    for every other file, and says that article changed, so the next build does that
    article alone."""
    config = config_mod.load(built.root)
    path = built.root / "articles" / f"{ARTICLE}.txt"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("fell to 89 centimetres", "fell to 87 centimetres"), encoding="utf-8")

    def edit_again(result: build_run.BuildResult) -> None:
        path.write_text(text.replace("fell to 89 centimetres", "fell to 86 centimetres"), encoding="utf-8")

    assert build_run.run(config, done=edit_again).only == (ARTICLE,)
    saved = stamp.load(config)
    assert saved is not None
    assert not saved.holds(saved.key, stamp.scan(config, tuple(config.locales)))
    again = build_run.run(config)
    assert again.only == (ARTICLE,)
    assert "fell to 86 centimetres" in (built.root / "build" / "en" / f"{ARTICLE}.html").read_text(encoding="utf-8")
    assert build_json(built)["unchanged"] is True


def test_clean_folders_are_those_listed_without_a_temporary(built: CliCall) -> None:
    config = config_mod.load(built.root)
    chosen = tuple(config.locales)
    fr_build = str(built.root / "build" / "fr")
    fr_articles = str(built.root / "locales" / "fr" / "LC_MESSAGES" / "articles")
    clean = stamp.clean_folders(config, chosen, stamp.scan(config, chosen))
    assert {fr_build, fr_articles} <= clean
    (built.root / "build" / "fr" / f".{ARTICLE}.html.a1b2c3d4.tmp").write_bytes(b"half written")
    (built.root / "build" / "fr" / "notes.tmp").write_bytes(b"not a temporary of ours")
    clean = stamp.clean_folders(config, chosen, stamp.scan(config, chosen))
    assert fr_build not in clean and fr_articles in clean


@pytest.mark.parametrize("pipe", ["| true", "2>&1 | true"])
def test_a_reader_that_goes_away_does_not_stop_the_build(built: CliCall, pipe: str) -> None:
    """``l10n build | head -1``: the build still saves its stamp, and exits with its own
    code (``--strict`` fails on the partial editions, as without the pipe); also when its
    errors go to the same reader."""
    article = built.root / "articles" / f"{ARTICLE}.txt"
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more closing paragraph.\n", encoding="utf-8")
    stamp_file = stamp.path_of(config_mod.load(built.root))
    stamp_file.unlink()
    # (``true`` goes before the build has anything to say: its first line meets a closed pipe)
    shell = f"set -o pipefail; {sys.executable} -m l10n build --no-mt --strict {pipe}"
    proc = subprocess.run(["bash", "-c", shell], cwd=built.root, capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "2>&1" in pipe or "--strict:" in proc.stderr
    assert stamp_file.is_file()
    assert "nothing changed since the last build" in built("build", "--no-mt").stdout
