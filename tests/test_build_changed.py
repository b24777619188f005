"""A build after only articles changed (``pipeline.run_changed``): the stamp says which files
changed, and every stage does the work of those articles alone. Whatever the edit, the
workspace it leaves and the summary it reports are those of a build that ran every stage
over everything; where the article's work is not enough (its chrome moved, a text now
recurs in two articles, it does not read), the build runs every stage."""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from build_fixtures import sample_workspace
from l10n import config as config_mod
from l10n.build import run as build_run
from l10n.build import stamp
from l10n.build.run import MANIFEST_NAME, BuildResult

ARTICLE = "rhine-low-water-shipping"
OTHER = "berlin-marathon-record"
NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.timezone.utc)


def lines(root: Path, slug: str = ARTICLE) -> list[str]:
    return (root / "articles" / f"{slug}.txt").read_text(encoding="utf-8").split("\n")


def save(root: Path, text: list[str], slug: str = ARTICLE) -> None:
    (root / "articles" / f"{slug}.txt").write_text("\n".join(text), encoding="utf-8")


def edit_line(number: int, change: Callable[[str], str]) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        text = lines(root)
        text[number - 1] = change(text[number - 1])
        save(root, text)
    return edit


def insert_paragraph(root: Path) -> None:
    text = lines(root)
    save(root, text[:16] + ["", "A paragraph inserted: every later line moves down."] + text[16:])


def insert_above_the_chrome(root: Path) -> None:
    text = lines(root)
    save(root, text[:1] + ["", "A line above the chrome: its lines move down."] + text[1:])


def new_headline(root: Path) -> None:
    text = lines(root)
    old = text[0]
    save(root, [line.replace(old, "Rhine Runs Dry Again: Barges Sail Half Empty") for line in text])


def shared_paragraph(root: Path) -> None:
    """A paragraph of another article, now in this one too: a text that recurs."""
    other = [line for line in lines(root, OTHER) if len(line) > 80][-1]
    text = lines(root)
    text[15] = other
    save(root, text)


def emptied(root: Path) -> None:
    save(root, [""])


def markdown_date_removed(root: Path) -> None:
    """A Markdown article dated by its front matter shows the site's date line: without
    its date, the chrome template loses that reference (before, the build of this article
    alone left it there)."""
    path = root / "articles" / "solar-power-milestone.md"
    text = path.read_text(encoding="utf-8")
    assert "\npublished: " in text
    path.write_text("\n".join(line for line in text.split("\n") if not line.startswith("published: ")),
                    encoding="utf-8")


# edit -> whether the article's own work is enough (else every stage runs)
EDITS: dict[str, tuple[Callable[[Path], None], bool]] = {
    "paragraph edited": (edit_line(16, lambda line: line + " (Updated.)"), True),
    "paragraph emptied": (edit_line(20, lambda line: ""), True),
    "headline changed": (new_headline, True),
    "date changed": (edit_line(4, lambda line: "Veröffentlicht am 05.09.2024"), True),
    "markup and a format field": (edit_line(16, lambda line: '<script>alert(1)</script> "> {date.__class__}'), True),
    "paragraph inserted below the chrome": (insert_paragraph, True),
    "line inserted above the chrome (its lines move)": (insert_above_the_chrome, False),
    "date line removed (the chrome changes)": (edit_line(4, lambda line: ""), False),
    "a paragraph of another article (a recurring text)": (shared_paragraph, False),
    "emptied (does not read)": (emptied, False),
    "a Markdown article's front-matter date removed (the chrome changes)": (markdown_date_removed, False),
}


def files(root: Path) -> dict[str, bytes]:
    """Every template, catalog, .mo and build file (the build's manifest records stat
    values of its outputs: not comparable between two workspaces)."""
    found = {}
    for folder in ("locales", "build"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and path.name != MANIFEST_NAME and not path.name.endswith(".lock"):
                found[path.relative_to(root).as_posix()] = path.read_bytes()
    return found


def report(result: BuildResult) -> dict[str, object]:
    data = result.to_json()
    for key in ("seconds", "written"):
        del data[key]
    for edition in data["editions"]:  # type: ignore[attr-defined]
        del edition["written"]
    return data


def build(root: Path) -> BuildResult:
    """A build; and the stamp it leaves (if any) pictures the workspace as a scan finds it."""
    with contextlib.chdir(root):  # (paths in messages are shown from where l10n runs)
        config = config_mod.load(root)
        result = build_run.run(config, now=NOW)
    saved = stamp.load(config)
    if saved is not None:
        now = stamp.scan(config, tuple(config.locales))
        assert saved.files == now.files and saved.missing == now.missing
    return result


@pytest.fixture
def built(tmp_path: Path) -> Path:
    root = sample_workspace(tmp_path / "ws")
    assert build(root).errors == ()
    return root


@pytest.mark.parametrize("name", list(EDITS))
def test_an_article_edit_builds_as_a_whole_build_would(built: Path, tmp_path: Path, name: str) -> None:
    edit, alone = EDITS[name]
    edit(built)
    whole = tmp_path / "whole"
    shutil.copytree(built, whole, symlinks=True)
    (whole / ".l10n" / "cache" / stamp.STAMP_NAME).unlink()  # no stamp: every stage, every file

    result = build(built)
    reference = build(whole)

    assert result.only == ((ARTICLE,) if alone else ())
    assert reference.only == ()
    assert report(result) == report(reference)
    assert files(built) == files(whole)
    if alone:
        assert result.extracted is not None and [a.slug for a in result.extracted.articles] == [ARTICLE]
        assert all(ARTICLE in path or path.endswith("index.html") for path in result.written)


def test_what_it_leaves_is_what_a_whole_build_leaves(built: Path) -> None:
    """After builds of the article's work alone, every stage's memory agrees with the
    files: a build with no stamp (every stage, every file checked) writes nothing."""
    for step, (edit, _) in enumerate([EDITS["paragraph edited"], EDITS["date changed"], EDITS["headline changed"]]):
        edit(built)
        assert build(built).only == (ARTICLE,), step
    text = lines(built, OTHER)
    text[-2] = text[-2] + " (Corrected.)"
    save(built, text, OTHER)
    assert build(built).only == (OTHER,)
    assert build(built).unchanged

    before = {p: p.stat().st_mtime_ns for p in built.rglob("*") if p.is_file() and ".l10n" not in p.parts}
    (built / ".l10n" / "cache" / stamp.STAMP_NAME).unlink()
    whole = build(built)
    assert whole.only == () and not whole.unchanged
    assert whole.written == () and whole.updated is not None and whole.updated.written == 0
    assert whole.extracted is not None and whole.extracted.written == ()
    after = {p: p.stat().st_mtime_ns for p in built.rglob("*") if p.is_file() and ".l10n" not in p.parts}
    assert after == before


def test_two_articles_changed_together(built: Path, tmp_path: Path) -> None:
    EDITS["paragraph edited"][0](built)
    text = lines(built, OTHER)
    text[-2] = text[-2] + " (Corrected.)"
    save(built, text, OTHER)
    whole = tmp_path / "whole"
    shutil.copytree(built, whole, symlinks=True)
    (whole / ".l10n" / "cache" / stamp.STAMP_NAME).unlink()
    result = build(built)
    assert result.only == tuple(sorted((ARTICLE, OTHER)))
    assert report(result) == report(build(whole))
    assert files(built) == files(whole)


@pytest.mark.parametrize("change", ["a catalog saved", "a new article", "an edition deleted"])
def test_anything_besides_articles_runs_every_stage(built: Path, change: str) -> None:
    EDITS["paragraph edited"][0](built)
    if change == "a catalog saved":
        path = built / "locales" / "fr" / "LC_MESSAGES" / "chrome.po"
        path.write_bytes(path.read_bytes() + b"\n")
    elif change == "a new article":
        shutil.copy(built / "articles" / f"{OTHER}.txt", built / "articles" / "a-new-report.txt")
    else:
        (built / "build" / "fr" / f"{OTHER}.md").unlink()
    result = build(built)
    assert result.only == () and result.errors == ()
    if change == "an edition deleted":
        assert (built / "build" / "fr" / f"{OTHER}.md").is_file()


def test_a_hidden_file_in_the_articles_folder_does_not_count(built: Path) -> None:
    EDITS["paragraph edited"][0](built)
    (built / "articles" / f".{ARTICLE}.txt.swp").write_bytes(b"an editor's swap file")
    assert build(built).only == (ARTICLE,)


def test_with_machine_translation_or_check_every_stage_runs(built: Path) -> None:
    from l10n.mt.engine import FakeEngine

    EDITS["paragraph edited"][0](built)
    config = config_mod.load(built)
    checked = build_run.run(config, check=True, now=NOW)
    assert checked.only == () and checked.would_change
    drafted = build_run.run(config, engine=FakeEngine(), now=NOW)
    assert drafted.only == () and drafted.translated is not None


def test_the_cli_says_only_that_article_was_worked_on(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from conftest import CliCall

    monkeypatch.chdir(built)
    EDITS["paragraph edited"][0](built)
    out = CliCall(built)("build", "--no-mt").stdout
    assert f"only 1 article changed since the last build ({ARTICLE})" in out
    assert "extract: 1 article, 1 template written" in out


def test_leftover_temporaries_are_swept_where_the_build_writes(built: Path) -> None:
    """A killed writer's temporary files: the scan that starts a build sees them (a
    change besides the article: every stage runs), and the folders holding them are
    swept although the scan proved the others clean."""
    leftovers = [built / "build" / "fr" / f".{OTHER}.html.a1b2c3d4.tmp",
                 built / "locales" / "fr" / "LC_MESSAGES" / "articles" / f".{ARTICLE}.po.zz_9zz_9.tmp",
                 built / "locales" / "templates" / "articles" / f".{ARTICLE}.pot.abcdefgh.tmp"]
    for path in leftovers:
        path.write_bytes(b"half written")
    unrelated = built / "build" / "fr" / "notes.tmp"
    unrelated.write_bytes(b"not ours")
    EDITS["paragraph edited"][0](built)
    assert build(built).only == ()
    assert [path for path in leftovers if path.exists()] == []
    assert unrelated.exists()


@pytest.mark.parametrize("locales", [("fr",), ("en",), ("de", "es")])
def test_builds_of_some_locales_alone(built: Path, tmp_path: Path, locales: tuple[str, ...]) -> None:
    """`l10n build -l fr`: the stamp is that build's own; an article edit then does the
    article's work in those locales alone, as a whole build of them would."""
    def build_some(root: Path) -> BuildResult:
        with contextlib.chdir(root):
            return build_run.run(config_mod.load(root), locales, now=NOW)

    build_some(built)
    EDITS["paragraph edited"][0](built)
    whole = tmp_path / "whole"
    shutil.copytree(built, whole, symlinks=True)
    (whole / ".l10n" / "cache" / stamp.STAMP_NAME).unlink()
    result = build_some(built)
    assert result.only == (ARTICLE,)
    assert {e.locale for e in result.editions} == set(locales)
    assert report(result) == report(build_some(whole))
    assert files(built) == files(whole)


def test_warnings_keep_a_whole_builds_order(built: Path, tmp_path: Path) -> None:
    """The warnings of an article that changed replace its old ones, in their place among
    the others (the articles folder's own first, then article by article)."""
    (built / "articles" / "notes.docx").write_bytes(b"not an article")
    solar = built / "articles" / "solar-power-milestone.md"
    solar.write_text(solar.read_text(encoding="utf-8").replace("published: 2026-06-21", "published: sometime in May"),
                     encoding="utf-8")
    first = build(built)
    assert len(first.warnings) == 2
    solar.write_text(solar.read_text(encoding="utf-8").replace("sometime in May", "late in May"), encoding="utf-8")
    EDITS["paragraph edited"][0](built)
    whole = tmp_path / "whole"
    shutil.copytree(built, whole, symlinks=True)
    (whole / ".l10n" / "cache" / stamp.STAMP_NAME).unlink()
    result = build(built)
    assert result.only == tuple(sorted((ARTICLE, "solar-power-milestone")))
    assert any("late in May" in w for w in result.warnings) and not any("sometime" in w for w in result.warnings)
    assert result.warnings == build(whole).warnings
