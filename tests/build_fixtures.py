"""Workspaces for the build tests: the sample articles, the shipped chrome translations,
and a handful of body translations in every state (tests/data/build/translations.json)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from conftest import DATA, SAMPLE_WORKSPACE, CliCall
from l10n import config as config_mod
from l10n.build import run as build_run
from l10n.catalogs import pofile
from l10n.states import ORIGIN, REJECTED, origin_value, set_marker
from l10n.workspace import catalog_path

REPO = Path(__file__).resolve().parent.parent
TRANSLATIONS = DATA / "build" / "translations.json"
# The status page says when it was built; the golden one was built then.
BUILT = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.timezone.utc)


def sample_workspace(root: Path) -> Path:
    """The sample articles with the approved chrome the repository ships for en, fr, es."""
    shutil.copytree(SAMPLE_WORKSPACE, root)
    for locale in ("en", "fr", "es"):
        target = root / "locales" / locale / "LC_MESSAGES"
        target.mkdir(parents=True)
        shutil.copy(REPO / "locales" / locale / "LC_MESSAGES" / "chrome.po", target / "chrome.po")
    return root


@pytest.fixture
def built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliCall:
    """The sample workspace, built once without MT, as the current folder."""
    root = sample_workspace(tmp_path / "ws")
    monkeypatch.chdir(root)
    cli = CliCall(root)
    cli("build", "--no-mt")
    return cli


def set_entry(root: Path, locale: str, domain: str, msgid: str, msgstr: str, how: str = "approved",
              brace_flag: bool | None = None, flags: tuple[str, ...] = ()) -> None:
    """Give one entry a translation in a state (approved, machine, needs_review, rejected)."""
    config = config_mod.load(root)
    path = catalog_path(config, locale, domain)
    catalog = pofile.parse(path.read_bytes(), str(path))
    message = catalog.get(msgid)
    assert message is not None, (path, msgid)
    message.msgstr = msgstr
    message.fuzzy = how in ("machine", "needs_review")
    message.previous_msgid = None
    if how == "machine":
        set_marker(message, ORIGIN, origin_value("mt test en->xx", "2026-11-29", msgid))
    elif how == "needs_review":
        message.previous_msgid = msgid + " (before the source changed)"
    elif how == "rejected":
        set_marker(message, REJECTED, "2026-11-29 by claire: wrong meaning")
    if brace_flag is not None:
        kept = [f for f in message.flags if f != "python-brace-format"]
        message.flags = kept + (["python-brace-format"] if brace_flag else [])
    message.flags += list(flags)
    path.write_bytes(pofile.dump(catalog))


def apply_translations(root: Path) -> None:
    for row in json.loads(TRANSLATIONS.read_text(encoding="utf-8")):
        set_entry(root, row["locale"], row["catalog"], row["msgid"], row["msgstr"], row["state"])


def translated_workspace(root: Path) -> Path:
    """The sample workspace, built once (catalogs made), then given the test translations."""
    sample_workspace(root)
    config = config_mod.load(root)
    build_run.run(config, now=BUILT)
    apply_translations(root)
    return root
