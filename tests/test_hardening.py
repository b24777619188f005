"""What trials on unseen workspaces found, each as a regression test: configuration
mistakes, symbolic links out of the workspace, a full disk, leftover temporary files, a
killed model install, and the first hour of a new user."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import SAMPLE_WORKSPACE
from mt_fixtures import argos_packages, tiny_model  # noqa: F401

PYPROJECT = SAMPLE_WORKSPACE / "pyproject.toml"


def _with(cli, old: str, new: str) -> None:  # type: ignore[no-untyped-def]
    path = cli.root / "pyproject.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# -- configuration ---------------------------------------------------------------------


@pytest.mark.parametrize("old, new, expected", [
    ("beam_size = 4", "beam_sise = 4", r"\[tool\.l10n\.mt\] beam_sise: unknown key; did you mean beam_size\?"),
    ('chrome_language = "de"', 'chrome_language = "de"\nbogus_key = 1', r"\[tool\.l10n\] bogus_key: unknown key"),
    ('chrome_language = "de"', 'chrome_language = "de"\nbeam_sise = 3',
     r"\[tool\.l10n\] beam_sise: unknown key; did you mean beam_size in \[tool\.l10n\.mt\]\?"),
    ("[tool.l10n.chrome]\n", "[tool.l10n.chromex]\n", r"\[tool\.l10n\] chromex: unknown table; did you mean chrome\?"),
    ("[tool.l10n.mt]\n", "[tool.l10n.MT]\n", r"\[tool\.l10n\] MT: unknown table; did you mean mt\?"),
    ("beam_size = 4", 'beam_size = "4"', r"\[tool\.l10n\.mt\] beam_size: must be an integer, not the string '4'"),
    ('glossary = ["Kim Jong Un", "Xi Jinping", "Vladimir Putin", "Donald Trump"]', "glossary = 5",
     r"\[tool\.l10n\] glossary: must be a list of strings, not the integer 5"),
    ('body_language = "en"', 'body_language = "../../etc"', r"body_language: '\.\./\.\./etc' is not a locale code"),
    ('chrome_language = "de"', 'chrome_language = "deutsch"', r"chrome_language: 'deutsch' is not a locale code"),
    ('locales = ["de", "en", "fr", "es"]', 'locales = ["de", "en", "xx_YY"]', r"locales: 'xx_YY' is no locale Babel knows"),
    ('locales = ["de", "en", "fr", "es"]', "locales = []", r"locales: must name at least one locale"),
    ('locales = ["de", "en", "fr", "es"]', 'locales = ["de", "fr", "de"]', r"locales: 'de' is listed twice"),
    ('articles = "articles"', 'articles = "../elsewhere"', r"articles: '\.\./elsewhere' lies outside the workspace"),
    ('locales_dir = "locales"', 'locales_dir = "/tmp"', r"locales_dir: '/tmp' lies outside the workspace"),
    ('build_dir = "build"', 'build_dir = "../build"', r"build_dir: '\.\./build' lies outside the workspace"),
    ("max_output_tokens = 384", "max_output_tokens = 0", r"max_output_tokens: must be a positive integer"),
    ('"Veröffentlicht am {date}"', '"Veröffentlicht am {date} ({date})"',
     r"\[tool\.l10n\.chrome\] patterns: 'Veröffentlicht am \{date\} \(\{date\}\)' names \{date\} twice"),
    ('"Veröffentlicht am {date}"', '" "', r"\[tool\.l10n\.chrome\] patterns: a pattern must not be empty"),
    ('"Veröffentlicht am {date}"', '"{date}: "', r"patterns: '\{date\}: ' has no words of its own"),
    ("[tool.l10n]\n", "[tool.l10m]\n", r"pyproject\.toml: unknown table \[tool\.l10m\]; did you mean \[tool\.l10n\]\?"),
])
def test_configuration_mistakes_are_one_line_and_exit_2(cli, old: str, new: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    _with(cli, old, new)
    result = cli("status", code=2)
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("l10n: error: pyproject.toml: ") and re.search(expected, line), line


@pytest.mark.parametrize("locale", ["zh_TW", "sr_RS", "pt_BR", "zh_Hans"])
def test_locales_babel_parses_are_accepted(cli, locale: str) -> None:  # type: ignore[no-untyped-def]
    _with(cli, 'locales = ["de", "en", "fr", "es"]', f'locales = ["de", "en", "{locale}"]')
    cli("status")


def test_a_broken_nearest_pyproject_is_the_error_not_the_parent_workspace(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    cli("extract")
    cli("update")
    before = {p: p.read_bytes() for p in (cli.root / "locales").rglob("*.po")}
    inner = cli.root / "inner"
    inner.mkdir()
    (inner / "pyproject.toml").write_text("[tool.l10n\nlocales = ['de']\n", encoding="utf-8")
    monkeypatch.chdir(inner)
    result = cli("update", code=2)
    (line,) = result.stderr.strip().splitlines()
    assert re.match(r"l10n: error: pyproject\.toml:1:\d+: not valid TOML: ", line), line
    assert {p: p.read_bytes() for p in before} == before
    # A pyproject without [tool.l10n] is passed over, as before.
    (inner / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    assert "catalogs written" in cli("update").stdout


# -- symbolic links ----------------------------------------------------------------------


@pytest.mark.parametrize("folder", ["locales", "build"])
def test_a_folder_linked_outside_the_workspace_is_refused(cli, tmp_path: Path, folder: str) -> None:  # type: ignore[no-untyped-def]
    outside = tmp_path / "outside"
    outside.mkdir()
    (cli.root / folder).symlink_to(outside)
    result = cli("extract", code=2)
    (line,) = result.stderr.strip().splitlines()
    assert "outside the workspace" in line and folder in line
    assert f"({folder} is a symbolic link to {outside})" in line
    assert list(outside.iterdir()) == []


def test_a_catalog_linked_outside_the_workspace_is_named_and_skipped(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """One catalog linked out of the workspace is one bad catalog: every command names it
    on one line, never reads it (nor writes its .mo there), and goes on with the others
    (before: it stopped every command with exit 2)."""
    cli("extract")
    cli("update", "-l", "de")
    folder = cli.root / "locales/de/LC_MESSAGES"
    target = sorted((folder / "articles").glob("*.po"))[0]
    name = str(target.relative_to(cli.root))
    (tmp_path / "elsewhere").mkdir()
    secret = tmp_path / "elsewhere" / "secret.po"
    secret.write_bytes(target.read_bytes())
    target.unlink()
    target.symlink_to(secret)
    before = secret.read_bytes()
    others = sorted(str(p.relative_to(cli.root)) for p in folder.rglob("*.po") if not p.is_symlink())
    for command in (("status",), ("update",), ("compile",), ("check",), ("review", "list"), ("build", "--no-mt")):
        result = cli(*command, code=1)
        lines = [line for line in result.stderr.splitlines() if name in line]
        assert lines == [f"l10n: error: {name}: resolves to {secret}, outside the workspace; "
                         "l10n reads and writes only inside it (skipped)"], (command, result.stderr)
    rows = json.loads(cli("status", "--json", code=1).stdout)
    assert [r["catalog"] for r in rows if r["locale"] == "de" and not r["error"]] == others
    assert [r["catalog"] for r in rows if r["error"]] == [name]
    assert sorted(p.with_suffix(".po").relative_to(cli.root).as_posix() for p in folder.rglob("*.mo")) == others
    from l10n import config as config_mod
    from l10n import translate
    from l10n.mt.engine import FakeEngine, PivotEngine

    result = translate.run(config_mod.load(cli.root), PivotEngine(FakeEngine()), ["de"])
    assert [str(e) for e in result.errors] == [lines[0].removeprefix("l10n: error: ")]
    assert b", fuzzy" in (cli.root / others[-1]).read_bytes()  # (the others drafted)
    assert secret.read_bytes() == before and sorted(p.name for p in secret.parent.iterdir()) == ["secret.po"]


# -- the machine fails -------------------------------------------------------------------


def test_a_full_disk_names_the_file_and_exits_1(cli) -> None:  # type: ignore[no-untyped-def]
    cli("extract")
    # A file size limit makes every write past 2 kB fail as a full disk would (EFBIG).
    code = ("import resource, sys; resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048)); "
            "from l10n.cli import main; sys.argv = ['l10n', 'update']; main()")
    proc = subprocess.run([sys.executable, "-c", code], cwd=cli.root, capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr
    (line,) = [line for line in proc.stderr.splitlines() if line.startswith("l10n: error:")]
    assert re.search(r"locales/\S+\.po: cannot write: File too large \(disk full or file size limit reached\)", line)
    assert "Traceback" not in proc.stderr
    assert not list((cli.root / "locales").rglob("*.tmp"))
    # Only catalogs that are in place are reported as written (the failed batch put none).
    claimed = re.findall(r"^(?:created|updated) (\S+\.po) ", proc.stdout, re.M)
    assert [name for name in claimed if not (cli.root / name).is_file()] == []


def test_a_mo_that_cannot_be_written_is_named(cli) -> None:  # type: ignore[no-untyped-def]
    cli("extract")
    cli("update", "-l", "fr")
    mo = cli.root / "locales/fr/LC_MESSAGES/chrome.mo"
    mo.mkdir()  # something in the way of the .mo
    result = cli("compile", "-l", "fr", code=1)
    assert "locales/fr/LC_MESSAGES/chrome.mo" in result.stderr


# -- leftovers ---------------------------------------------------------------------------


def test_each_command_removes_the_temporaries_a_killed_one_left(cli) -> None:  # type: ignore[no-untyped-def]
    cli("extract")
    cli("update", "-l", "de")
    templates = cli.root / "locales/templates/articles"
    catalogs = cli.root / "locales/de/LC_MESSAGES/articles"
    leftovers = [templates / ".x.pot.a1b2c3d4.tmp", catalogs / ".x.mo.abcdefgh.tmp", catalogs / ".x.po.zz_9zz_9.tmp"]
    for path in leftovers:
        path.write_bytes(b"half")
    unrelated = catalogs / "notes.tmp"
    unrelated.write_bytes(b"a translator's own file")
    cli("extract")
    assert not leftovers[0].exists()
    cli("compile", "-l", "de")
    assert not leftovers[1].exists() and not leftovers[2].exists()
    assert unrelated.exists()


def test_temporaries_a_killed_writer_left_in_the_caches_go_once_stale(cli) -> None:  # type: ignore[no-untyped-def]
    cli("build", "--no-mt")
    caches = cli.root / ".l10n/cache"
    old, young = caches / ".articles.ledger.a1b2c3d4.tmp", caches / ".update.ledger.e5f6g7h8.tmp"
    for path in (old, young):
        path.write_bytes(b"half")
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    article = cli.root / "articles/bundestag-budget-vote.txt"
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    from l10n import cache

    cache._SWEPT.clear()  # (the next command is a new process: this test runs them in one)
    cli("build", "--no-mt")
    assert not old.exists()
    assert young.exists()  # (a live writer's, maybe: the caches are written without the workspace lock)


def test_a_package_set_aside_by_a_killed_install_is_restored(argos_packages, tiny_model) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from l10n.mt import packages

    info = packages.install_file(tiny_model("en", "de"), argos_packages)
    # Killed between the two renames: the old package is aside, no package in place.
    aside = argos_packages / f"{packages.ASIDE_PREFIX}{info.path.name}-x1y2z3"
    aside.mkdir()
    os.rename(info.path, aside / info.path.name)
    staging = argos_packages / f"{packages.STAGING_PREFIX}abc123"  # an unpacking the kill cut short
    staging.mkdir()
    (staging / "model.bin").write_bytes(b"half")
    started = time.monotonic()
    assert [i.pair for i in packages.list_installed(argos_packages)] == [("en", "de")]
    assert time.monotonic() - started < 30  # (it waited 60 s for its own lock)
    assert info.path.is_dir() and not aside.exists() and not staging.exists()
    # a staging folder alone is cleared too, when no install is running
    staging.mkdir()
    assert [i.pair for i in packages.list_installed(argos_packages)] == [("en", "de")] and not staging.exists()
    # The next install's clean-up keeps a package whose pair is in place.
    packages.install_file(tiny_model("en", "fr"), argos_packages)
    assert sorted(i.pair for i in packages.list_installed(argos_packages)) == [("en", "de"), ("en", "fr")]


# -- the first hour of a new user --------------------------------------------------------


def test_help_lists_the_commands_in_pipeline_order_with_whole_descriptions(cli) -> None:  # type: ignore[no-untyped-def]
    text = cli("--help").stdout
    commands = re.findall(r"^  (\w+)\s{2,}(.+)$", text.split("Commands:")[1], re.M)
    names = [name for name, _ in commands]
    assert names[:7] == ["extract", "update", "translate", "review", "check", "status", "compile"]
    assert names[-2:] == ["models", "server"] and "serve" in names
    assert not [d for _, d in commands if d.endswith("...")]
    status_help = cli("status", "--help").stdout
    for column in ("approved", "machine", "review", "untransl.", "flagged", "words", "orphaned", "invalid"):
        assert column in status_help


def test_plurals_read_right(cli) -> None:  # type: ignore[no-untyped-def]
    for path in list((cli.root / "articles").iterdir())[1:]:
        path.unlink()
    out = cli("extract").stdout
    assert "1 article read" in out and " 1 articles" not in out
    assert not re.search(r"\b1 (entries|templates|articles)\b", out)


def test_paths_in_messages_can_be_pasted_from_where_l10n_ran(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(cli.root.parent)
    out = cli("-C", cli.root.name, "extract").stdout
    written = re.findall(r"^wrote (\S+)", out, re.M)
    assert written and all(Path(p).is_file() for p in written), written
    (cli.root / "articles" / "zz.txt").write_bytes(b"")
    err = cli("-C", cli.root.name, "extract", code=1).stderr
    assert f"l10n: error: {cli.root.name}/articles/zz.txt: empty article" in err
    gone = cli("-C", "no-such-newsroom", "build", code=2).stderr
    assert gone == ("l10n: error: no-such-newsroom: no such folder (the workspace: a folder with a pyproject.toml "
                    "with [tool.l10n])\n")


def test_translate_prints_each_catalog_as_it_is_written_without_a_terminal(cli) -> None:  # type: ignore[no-untyped-def]
    cli("extract")
    cli("update", "-l", "es")
    with subprocess.Popen([sys.executable, "-m", "l10n", "translate", "-l", "es"], cwd=cli.root,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        first = proc.stdout.readline()
        rest = proc.stdout.read()
        proc.stderr.read()
    if shutil.which("apertium") or os.environ.get("CI"):
        assert first.startswith("translating en->es: ")
        assert rest.startswith("wrote locales/es/LC_MESSAGES/articles/")
    assert "next: " in first + rest


def test_translate_ends_with_the_review_hint(cli) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from l10n import config as config_mod
    from l10n import translate
    from l10n.mt.engine import FakeEngine, PivotEngine

    cli("extract")
    cli("update")
    translate.run(config_mod.load(cli.root), PivotEngine(FakeEngine()), ["de"], today=dt.date(2026, 11, 28))
    status = cli("status").stdout
    assert re.search(r"^de: \d+ waiting: \d+ machine, 0 needs review$", status, re.M)
    assert "next: l10n review -l de" in status


def test_ctrl_c_says_what_stands_and_what_to_run_in_one_line(cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from l10n.build import run as build_run

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(build_run, "run", interrupted)
    result = cli("build", "--no-mt", code=1)
    lines = result.stderr.strip().splitlines()
    assert lines == ["l10n: interrupted: every file is written whole or not at all, so what was done stands; "
                     "run `l10n build` again to finish"]


@pytest.mark.parametrize(("args", "line"), [
    (["compile", "--bogus"], "no such option '--bogus' (see l10n compile --help)"),
    (["stauts"], "no such command 'stauts'. Did you mean 'status'? (see l10n --help)"),
    (["--bogus", "status"], "no such option '--bogus' (see l10n --help)"),
    (["review", "edit"], "missing argument 'ID' (see l10n review edit --help)"),
    (["status", "-l"], "option '-l' requires an argument (see l10n status --help)"),
    (["review", "list", "--state", "bogus"],
     "invalid value for '--state': 'bogus' is not one of 'machine', 'needs_review' (see l10n review list --help)"),
])
def test_bad_usage_is_one_line_saying_where_to_read_the_usage(cli, args, line) -> None:  # type: ignore[no-untyped-def]
    result = cli(*args, code=2)
    assert result.stderr == f"l10n: error: {line}\n" and result.stdout == ""


def test_standard_error_writes_through_as_before_behind_a_leavable_outlet() -> None:
    """The outlet under stdout and stderr keeps Python's buffering: what goes to stderr
    without click (a warning of Python's own) is not held back behind stdout's lines."""
    code = ("import sys, click; from l10n.cli import _leavable_stdout; _leavable_stdout(); "
            "print('E1', file=sys.stderr); click.echo('O1'); print('E2', file=sys.stderr); click.echo('O2')")
    proc = subprocess.run(["bash", "-c", f"{sys.executable} -c \"{code}\" 2>&1 | cat"], capture_output=True, text=True)
    assert proc.stdout.split() == ["E1", "O1", "E2", "O2"]
