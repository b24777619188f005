"""l10n update / status / compile on a workspace: catalogs gettext accepts, work never lost."""

from __future__ import annotations

import os
import json
import re
import subprocess

import pytest
from pathlib import Path

from babel.messages.plurals import get_plural

from l10n.catalogs import pofile

LOCALES = ("de", "en", "fr", "es")
KIM = "articles/kim-jong-un-china-parade"


def po_path(root: Path, locale: str, domain: str) -> Path:
    return root / "locales" / locale / "LC_MESSAGES" / f"{domain}.po"


def msgfmt_check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)


def set_translation(path: Path, msgid: str, msgstr: str, fuzzy: bool = False) -> None:
    """What a translator does in a PO editor: edit one entry and save."""
    catalog = pofile.parse(path.read_bytes(), str(path))
    entry = catalog.get(msgid)
    assert entry is not None, msgid
    entry.msgstr = msgstr
    entry.fuzzy = fuzzy
    path.write_bytes(pofile.dump(catalog))


def entry(path: Path, msgid: str, obsolete: bool = False):  # type: ignore[no-untyped-def]
    for message in pofile.parse(path.read_bytes(), str(path)).messages:
        if message.msgid == msgid and message.obsolete == obsolete:
            return message
    return None


def test_update_creates_every_catalog_gettext_accepts(cli) -> None:  # type: ignore[no-untyped-def]
    cli("extract")
    cli("update")
    root = cli.root
    pos = sorted(p.relative_to(root / "locales").as_posix() for p in (root / "locales").rglob("*.po"))
    slugs = sorted(p.stem for p in (root / "articles").iterdir())
    expected = sorted(
        [f"{loc}/LC_MESSAGES/chrome.po" for loc in LOCALES if loc != "de"]
        + [f"{loc}/LC_MESSAGES/articles/{slug}.po" for loc in LOCALES if loc != "en" for slug in slugs]
    )
    assert pos == expected
    for path in (root / "locales").rglob("*.po"):
        proc = msgfmt_check(path)
        assert proc.returncode == 0 and proc.stderr == "", (path, proc.stderr)
    catalog = pofile.parse(po_path(root, "fr", "chrome").read_bytes())
    assert catalog.header("Language") == "fr"
    assert catalog.header("Plural-Forms") == get_plural("fr").plural_forms  # Babel's CLDR data
    assert catalog.header("Content-Type") == "text/plain; charset=UTF-8"
    assert catalog.header("Project-Id-Version") == "chrome"
    de = pofile.parse(po_path(root, "de", KIM).read_bytes())
    assert de.header("Plural-Forms") == "nplurals=2; plural=(n != 1);"
    assert de.header("Language-Team") == "German"


def _mtimes(root: Path) -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in (root / "locales").rglob("*.po")}


def test_update_with_nothing_to_do_writes_nothing(cli) -> None:  # type: ignore[no-untyped-def]
    cli("extract")
    cli("update")
    before = _mtimes(cli.root)
    result = cli("update")
    assert "0 catalogs written" in result.output and "next: l10n translate" in result.output
    assert _mtimes(cli.root) == before


def _edit_article(root: Path, old: str, new: str) -> None:
    path = root / "articles" / "kim-jong-un-china-parade.txt"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


SUBHEADING = "Maintaining Alliances"


def test_human_translation_survives_a_changed_and_a_removed_source(cli) -> None:  # type: ignore[no-untyped-def]
    cli("extract")
    cli("update")
    de = po_path(cli.root, "de", KIM)
    para = next(m.msgid for m in pofile.parse(de.read_bytes()).messages if m.msgid.startswith("China has invited Kim"))
    set_translation(de, para, "China hat Kim eingeladen ...")
    set_translation(de, SUBHEADING, "Bündnisse pflegen")

    changed = para.replace("26 other foreign leaders", "25 other foreign leaders")
    _edit_article(cli.root, para, changed)
    _edit_article(cli.root, SUBHEADING + "\n", "")
    cli("extract")
    said = cli("update").stdout
    # The changed text's translation waits for a reviewer (translate leaves a fuzzy entry
    # alone); in the locales with none it is a new text to draft.
    assert "next: l10n review (1 translation of a changed text to check)" in said
    assert "next: l10n translate (drafts the 2 new texts for review)" in said
    assert msgfmt_check(de).returncode == 0
    fuzzy = entry(de, changed)
    assert fuzzy.msgstr == "China hat Kim eingeladen ..." and fuzzy.fuzzy and fuzzy.previous_msgid == para
    gone = entry(de, SUBHEADING, obsolete=True)
    assert gone is not None and gone.msgstr == "Bündnisse pflegen"
    assert "#~ msgid \"Maintaining Alliances\"" in de.read_text(encoding="utf-8")
    assert "#| msgid " in de.read_text(encoding="utf-8")

    # The text comes back: so does its translation, approved.
    _edit_article(cli.root, "The Significance of the Visit\n", f"The Significance of the Visit\n\n{SUBHEADING}\n")
    cli("extract")
    cli("update")
    back = entry(de, SUBHEADING)
    assert back is not None and back.msgstr == "Bündnisse pflegen" and not back.fuzzy


def test_a_catalog_saved_with_crlf_keeps_crlf_on_every_line(cli) -> None:  # type: ignore[no-untyped-def]
    """A Windows editor saved the catalog with CRLF: update writes CRLF throughout (GNU
    msgmerge would leave it in the comments only: a file of mixed line ends)."""
    cli("extract")
    cli("update", "-l", "de")
    de = po_path(cli.root, "de", KIM)
    para = next(m.msgid for m in pofile.parse(de.read_bytes()).messages if m.msgid.startswith("China has invited Kim"))
    set_translation(de, para, "China hat Kim eingeladen ...")
    de.write_bytes(de.read_bytes().replace(b"\n", b"\r\n"))
    _edit_article(cli.root, para, para.replace("26 other foreign leaders", "25 other foreign leaders"))
    cli("extract")
    cli("update", "-l", "de")
    data = de.read_bytes()
    assert data.count(b"\n") == data.count(b"\r\n") > 20 and b"\r\r" not in data
    assert msgfmt_check(de).returncode == 0
    fuzzy = entry(de, para.replace("26 other", "25 other"))
    assert fuzzy.msgstr == "China hat Kim eingeladen ..." and fuzzy.fuzzy
    # a catalog with LF stays LF
    fr = po_path(cli.root, "fr", KIM)
    cli("update", "-l", "fr")
    assert b"\r" not in fr.read_bytes()


def test_status_agrees_with_msgfmt_statistics(cli) -> None:  # type: ignore[no-untyped-def]
    cli("extract")
    cli("update")
    de = po_path(cli.root, "de", KIM)
    ids = [m.msgid for m in pofile.parse(de.read_bytes()).messages]
    set_translation(de, ids[0], "Approved")
    set_translation(de, ids[1], "Draft", fuzzy=True)
    set_translation(de, ids[2], "Another approved")
    set_translation(de, ids[3], "", fuzzy=True)  # fuzzy with no text: untranslated, as msgfmt counts it
    with de.open("a", encoding="utf-8") as handle:  # msgfmt judges a plural entry by its first form
        handle.write('\nmsgid "a house"\nmsgid_plural "houses"\nmsgstr[0] "ein Haus"\nmsgstr[1] ""\n'
                     '\nmsgid "a tree"\nmsgid_plural "trees"\nmsgstr[0] ""\nmsgstr[1] "Bäume"\n')
    report = json.loads(cli("status", "--json").stdout)
    assert isinstance(report, list)  # (issue 3: a list of objects, one per catalog)
    assert {"locale", "catalog", "total", "approved", "machine", "needs_review", "untranslated", "flagged"} <= set(report[0])
    for row in report:
        proc = subprocess.run(
            ["msgfmt", "--statistics", "-o", "/dev/null", str(cli.root / row["catalog"])], capture_output=True, text=True
        )
        numbers = dict((kind, int(n)) for n, kind in re.findall(r"(\d+) (translated|fuzzy|untranslated)", proc.stderr))
        assert row["approved"] == numbers.get("translated", 0), row
        assert row["machine"] + row["needs_review"] == numbers.get("fuzzy", 0), row
        assert row["untranslated"] == numbers.get("untranslated", 0), row
    kim = next(r for r in report if r["catalog"] == f"locales/de/LC_MESSAGES/{KIM}.po")
    assert (kim["approved"], kim["needs_review"]) == (3, 1) and kim["untranslated"] == len(ids) - 3 + 1
    only_fr = json.loads(cli("status", "-l", "fr", "--json").stdout)
    assert {r["locale"] for r in only_fr} == {"fr"}
    fr_totals = json.loads(cli("status", "-l", "fr", "--json", "--totals").stdout)
    assert [(t["locale"], t["needs_review"], t["queue"]) for t in fr_totals] == [("fr", 0, 0)]
    de_total = json.loads(cli("status", "-l", "de", "--json", "--totals").stdout)[0]
    assert (de_total["approved"], de_total["needs_review"], de_total["queue"]) == (3, 1, 1)
    table = cli("status", "-l", "de").stdout
    assert "= all 6 catalogs" in table and "de: 1 waiting: 0 machine, 1 needs review" in table


def test_unknown_locale_is_a_usage_error(cli) -> None:  # type: ignore[no-untyped-def]
    cli("extract")
    result = cli("update", "-l", "xx", code=2)
    assert "-l xx: not a locale of this workspace" in result.stderr
    assert "put it in `locales` in [tool.l10n]" in result.stderr


@pytest.mark.parametrize("typed", ["FR", "fr-FR", "fr_FR", "Fr"])
def test_locales_as_people_type_them(cli, typed: str) -> None:  # type: ignore[no-untyped-def]
    cli("extract")
    cli("update", "-l", typed)
    assert sorted(p.name for p in (cli.root / "locales").iterdir() if p.name != "templates" and p.is_dir()) == ["fr"]


@pytest.mark.parametrize("typed", ["fr_XX", "fr-1", "fr_QQ"])
def test_a_variant_no_locale_has_is_not_its_language(cli, typed: str) -> None:  # type: ignore[no-untyped-def]
    cli("extract")
    result = cli("status", "-l", typed, code=2)
    assert f"-l {typed}: not a locale of this workspace" in result.stderr


def test_a_misspelt_locale_gets_a_suggestion(cli) -> None:  # type: ignore[no-untyped-def]
    cli("extract")
    result = cli("status", "-l", "fe", code=2)
    assert "did you mean fr?" in result.stderr


def test_a_broken_catalog_is_reported_and_every_other_one_is_updated(cli) -> None:  # type: ignore[no-untyped-def]
    cli("extract")
    cli("update")
    _edit_article(cli.root, SUBHEADING, "Keeping Alliances")
    (cli.root / "articles" / "zz-new.txt").write_text("A New Headline\n\nA new paragraph.\n", encoding="utf-8")
    cli("extract")
    bad = po_path(cli.root, "es", KIM)
    broken = bad.read_bytes() + b'\nmsgid "unterminated\nmsgstr ""\n'
    bad.write_bytes(broken)
    result = cli("update", code=1)
    errors = [line for line in result.stderr.splitlines() if line.startswith("l10n: error:")]
    assert len(errors) == 1 and re.match(rf"l10n: error: locales/es/LC_MESSAGES/{KIM}\.po:\d+: ", errors[0])
    assert "next: fix the 1 catalog named below (each line says where), then l10n update again" in result.stdout
    assert bad.read_bytes() == broken
    for locale in ("de", "fr"):
        assert "Keeping Alliances" in po_path(cli.root, locale, KIM).read_text(encoding="utf-8")
    assert po_path(cli.root, "es", "articles/zz-new").exists()
    status = cli("status", code=1)
    assert f"locales/es/LC_MESSAGES/{KIM}.po (invalid: see below)" in status.stdout
    assert re.search(rf"^l10n: error: locales/es/LC_MESSAGES/{KIM}\.po:\d+: ", status.stderr, re.M), status.stderr
    assert "= all" in status.stdout


def test_a_catalog_that_may_not_be_written_or_read_is_named_and_the_others_go_on(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Permissions on one locale's folder or one catalog:
    that catalog is named, the other locales' catalogs are updated, --json still reports,
    and status counts the others (before, the first such catalog stopped the command)."""
    import errno

    from l10n import fsio
    from l10n.catalogs import store

    cli("extract")
    cli("update")
    _edit_article(cli.root, SUBHEADING, "Keeping Alliances")
    cli("extract")
    create = fsio._create_temporary

    def refusing(folder: str, name: str):  # type: ignore[no-untyped-def]
        if "/fr/" in folder + "/":
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), folder)
        return create(folder, name)

    monkeypatch.setattr(fsio, "_create_temporary", refusing)
    result = cli("update", "--json", code=1)
    report = json.loads(result.stdout)
    assert any(e.startswith(f"locales/fr/LC_MESSAGES/{KIM}.po: cannot write: Permission denied") for e in report["errors"]), report
    assert "Keeping Alliances" in po_path(cli.root, "de", KIM).read_text(encoding="utf-8")
    assert "Keeping Alliances" not in po_path(cli.root, "fr", KIM).read_text(encoding="utf-8")
    monkeypatch.setattr(fsio, "_create_temporary", create)

    unreadable = po_path(cli.root, "es", KIM)
    read = store.read_bytes

    def forbidden(path: Path) -> bytes | None:
        if path == unreadable:
            raise fsio.from_os_error(PermissionError(errno.EACCES, os.strerror(errno.EACCES)), "read", path)
        return read(path)

    monkeypatch.setattr(store, "read_bytes", forbidden)
    status = cli("status", "--json", code=1)
    rows = {row["catalog"]: row for row in json.loads(status.stdout)}
    assert rows[f"locales/es/LC_MESSAGES/{KIM}.po"]["state"] == "invalid"
    assert "cannot read: Permission denied" in rows[f"locales/es/LC_MESSAGES/{KIM}.po"]["error"]
    assert rows[f"locales/de/LC_MESSAGES/{KIM}.po"]["state"] == "ok" and len(rows) > 10
    queue = cli("review", "list", "-l", "es", code=1)
    assert f"locales/es/LC_MESSAGES/{KIM}.po: cannot read: Permission denied" in queue.stderr


def test_status_counts_a_catalog_msgfmt_refuses_as_check_and_review_read_it(cli) -> None:  # type: ignore[no-untyped-def]
    """A catalog that reads but that msgfmt --check refuses (an approved translation lost
    its {date}) is named invalid, with its counts, as check and the review queue read it
    (before: no counts, and the locale's totals left it out)."""
    cli("extract")
    cli("update", "-l", "fr")
    chrome = po_path(cli.root, "fr", "chrome")
    text = chrome.read_text(encoding="utf-8")
    text = re.sub(r'(msgid "Veröffentlicht am \{date\}"\nmsgstr ")[^"]*(")', r"\1Publié le\2", text)
    chrome.write_text(text, encoding="utf-8")
    assert subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(chrome)], capture_output=True).returncode == 1
    rows = {row["catalog"]: row for row in json.loads(cli("status", "--json", "-l", "fr", code=1).stdout)}
    row = rows["locales/fr/LC_MESSAGES/chrome.po"]
    assert row["state"] == "invalid" and "'date'" in row["error"]
    stats = subprocess.run(["msgfmt", "--statistics", "-o", "/dev/null", str(chrome)], capture_output=True,
                           text=True).stderr
    entries = sum(int(n) for n in re.findall(r"\d+", stats))  # (msgfmt counts it all the same)
    assert row["total"] == entries > 0 and row["approved"] == 1, (row, stats)
    table = cli("status", "-l", "fr", code=1).stdout
    assert re.search(r"^fr\s+locales/fr/LC_MESSAGES/chrome\.po \(invalid: see below\)\s+" + str(entries) + r"\s+1\s",
                     table, re.M), table
    checked = json.loads(cli("check", "-l", "fr", "--json").stdout)  # (exit 1 with --strict alone)
    assert any("placeholder {date}" in f["message"] for f in checked), checked


def test_a_catalog_half_saved_by_an_editor_is_read_again(cli) -> None:  # type: ignore[no-untyped-def]
    import threading
    import time

    cli("extract")
    cli("update")
    de = po_path(cli.root, "de", KIM)
    whole = de.read_bytes()
    de.write_bytes(whole[: len(whole) // 2])  # the editor truncated and is writing

    def finish_saving() -> None:
        time.sleep(0.3)
        de.write_bytes(whole)

    saver = threading.Thread(target=finish_saving)
    saver.start()
    cli("status")
    saver.join()


def test_compile_writes_mo_files_gettext_reads(cli) -> None:  # type: ignore[no-untyped-def]
    import gettext

    cli("extract")
    cli("update")
    de = po_path(cli.root, "de", KIM)
    set_translation(de, SUBHEADING, "Bündnisse pflegen")
    cli("compile")
    mo = de.with_suffix(".mo")
    with mo.open("rb") as handle:
        assert gettext.GNUTranslations(handle).gettext(SUBHEADING) == "Bündnisse pflegen"
    assert len(list((cli.root / "locales").rglob("*.mo"))) == len(list((cli.root / "locales").rglob("*.po")))


def test_compile_a_bad_catalog_gets_no_mo_the_others_do(cli) -> None:  # type: ignore[no-untyped-def]
    cli("extract")
    cli("update")
    de = po_path(cli.root, "de", KIM)
    de.write_bytes(de.read_bytes() + b'\nmsgid "x"\nmsgstr "y" junk\n')
    fr = po_path(cli.root, "fr", "chrome")
    result = cli("compile", str(de), str(fr), code=1)
    assert not de.with_suffix(".mo").exists()
    assert fr.with_suffix(".mo").exists()
    assert result.stderr.count("l10n: error:") == 1
    # The bad catalog alone: bad input, nothing done (exit 2, as issue 3 asks).
    alone = cli("compile", str(de), code=2)
    (line,) = alone.stderr.splitlines()
    assert line.startswith(f"l10n: error: {de.relative_to(cli.root)}:") and not de.with_suffix(".mo").exists()


def test_compile_refuses_a_catalog_outside_the_workspace(cli, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    cli("extract")
    cli("update", "-l", "fr")
    outside = tmp_path_factory.mktemp("elsewhere") / "x.po"
    outside.write_bytes(po_path(cli.root, "fr", "chrome").read_bytes())
    linked = cli.root / "locales" / "linked.po"
    linked.symlink_to(outside)
    for given in (str(outside), "locales/linked.po"):
        result = cli("compile", given, code=2)
        (line,) = result.stderr.splitlines()
        assert "outside the workspace" in line, line
    assert sorted(p.name for p in outside.parent.iterdir()) == ["x.po"]  # (no .mo written there)


def test_a_latin1_catalog_that_cannot_hold_new_text_becomes_utf8(cli) -> None:  # type: ignore[no-untyped-def]
    cli("extract")
    cli("update", "-l", "de")
    de = po_path(cli.root, "de", KIM)
    catalog = pofile.parse(de.read_bytes())
    catalog.set_header("Content-Type", "text/plain; charset=ISO-8859-1")
    catalog.messages = [m for m in catalog.messages if "’" not in m.msgid]
    catalog.messages[0].msgstr = "Kühne Rückkehr"
    de.write_bytes(pofile.dump(catalog))
    assert msgfmt_check(de).returncode == 0
    cli("update", "-l", "de")
    assert msgfmt_check(de).returncode == 0
    after = pofile.parse(de.read_bytes())
    assert after.header("Content-Type") == "text/plain; charset=UTF-8"
    assert after.messages[0].msgstr == "Kühne Rückkehr"
    assert any("’" in m.msgid for m in after.messages)


def test_a_catalog_naming_its_charset_in_another_field_too_becomes_utf8_everywhere(cli) -> None:  # type: ignore[no-untyped-def]
    """The first charset= of the header is the catalog's, wherever it stands: switching
    to UTF-8 rewrites each (Content-Type's alone left the catalog unwritable)."""
    cli("extract")
    cli("update", "-l", "de")
    de = po_path(cli.root, "de", KIM)
    catalog = pofile.parse(de.read_bytes())
    catalog.set_header("Language-Team", "German; charset=ISO-8859-1")
    catalog.headers.sort(key=lambda item: item[0] != "Language-Team")  # (before Content-Type)
    catalog.set_header("Content-Type", "text/plain; charset=ISO-8859-1")
    catalog.messages = [m for m in catalog.messages if "’" not in m.msgid]
    de.write_bytes(pofile.dump(catalog))
    assert msgfmt_check(de).returncode == 0
    cli("update", "-l", "de")  # (the template's "’" cannot be written in Latin-1)
    assert msgfmt_check(de).returncode == 0
    after = pofile.parse(de.read_bytes())
    assert after.header("Language-Team") == "German; charset=UTF-8"
    assert after.header("Content-Type") == "text/plain; charset=UTF-8"
    assert any("’" in m.msgid for m in after.messages)


def test_compile_checks_every_name_before_compiling_any(cli) -> None:  # type: ignore[no-untyped-def]
    cli("extract")
    cli("update")
    fr = po_path(cli.root, "fr", "chrome")
    result = cli("compile", str(fr), "notes.txt", code=2)
    assert "notes.txt: not a .po file" in result.stderr
    assert not fr.with_suffix(".mo").exists()
    result = cli("compile", str(fr), "locales/nope.po", code=2)
    assert result.stderr.strip() == "l10n: error: locales/nope.po: no such catalog"
    assert not fr.with_suffix(".mo").exists()


def test_status_marks_the_catalog_of_a_removed_article(cli) -> None:  # type: ignore[no-untyped-def]
    cli("extract")
    cli("update")
    (cli.root / "articles" / "berlin-marathon-record.txt").unlink()
    cli("extract")
    report = json.loads(cli("status", "-l", "de", "--json").stdout)
    orphaned = {r["catalog"] for r in report if r["orphaned"]}
    assert orphaned == {"locales/de/LC_MESSAGES/articles/berlin-marathon-record.po"}
    assert "berlin-marathon-record.po (orphaned)" in cli("status", "-l", "de").stdout


def test_a_broken_template_is_one_error_naming_it_and_its_catalogs_are_left_alone(cli) -> None:  # type: ignore[no-untyped-def]
    cli("extract")
    cli("update")
    template = cli.root / "locales" / "templates" / f"{KIM}.pot"
    template.write_bytes(template.read_bytes() + b'\nmsgid "unterminated\nmsgstr ""\n')
    before = {loc: po_path(cli.root, loc, KIM).read_bytes() for loc in ("de", "fr", "es")}
    result = cli("update", code=1)
    errors = [line for line in result.stderr.splitlines() if line.startswith("l10n: error:")]
    # Met by every locale's catalog, reported once, by the name a user can paste back.
    assert len(errors) == 1 and re.match(rf"l10n: error: locales/templates/{KIM}\.pot:\d+: ", errors[0]), errors
    assert {loc: po_path(cli.root, loc, KIM).read_bytes() for loc in ("de", "fr", "es")} == before


def test_a_catalog_a_translator_saves_broken_during_update_is_left_as_saved(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Saved broken after update planned it and before its batch ended: named, left as
    saved; the batch's other catalogs are updated and reported (before: the command
    stopped with exit 2 and reported nothing)."""
    import time

    from l10n import fsio

    cli("extract")
    cli("update")
    _edit_article(cli.root, SUBHEADING, "Keeping Alliances")
    cli("extract")
    victim = po_path(cli.root, "fr", KIM)
    broken = victim.read_bytes() + b'\nmsgid "half\nmsgstr ""\n'
    durable = fsio._Batch._make_durable

    def saving_meanwhile(batch) -> None:  # type: ignore[no-untyped-def]
        if any(item.path == victim for item in batch.staged) and victim.read_bytes() != broken:
            victim.write_bytes(broken)
            stamp = time.time() - 60
            os.utime(victim, (stamp, stamp))
        durable(batch)

    plain = fsio._Batch
    monkeypatch.setattr(fsio, "_Batch", type("Saving", (plain,), {"_make_durable": saving_meanwhile}))
    result = cli("update", "--json", code=1)
    report = json.loads(result.stdout)
    assert len(report["errors"]) == 1 and report["errors"][0].startswith(f"locales/fr/LC_MESSAGES/{KIM}.po:"), report
    assert victim.read_bytes() == broken
    assert f"locales/fr/LC_MESSAGES/{KIM}.po" not in {c["catalog"] for c in report["catalogs"] if c["written"]}
    for locale in ("de", "es"):
        assert "Keeping Alliances" in po_path(cli.root, locale, KIM).read_text(encoding="utf-8")
    monkeypatch.setattr(fsio, "_Batch", plain)
    again = json.loads(cli("update", "--json", code=1).stdout)  # (not recorded as up to date: said again)
    assert [e.split(":")[0] for e in again["errors"]] == [f"locales/fr/LC_MESSAGES/{KIM}.po"]
    victim.write_bytes(broken[:-len(b'\nmsgid "half\nmsgstr ""\n')])  # (the translator finishes)
    cli("update")
    assert "Keeping Alliances" in victim.read_text(encoding="utf-8")


def test_compile_names_a_mo_that_may_not_be_replaced_and_reports_the_others(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import errno

    from l10n import fsio

    cli("extract")
    cli("update")
    replace = os.replace

    def refusing(src, dst):  # type: ignore[no-untyped-def]
        if "/fr/" in str(dst) and str(dst).endswith(".mo"):
            raise PermissionError(errno.EPERM, os.strerror(errno.EPERM), str(dst))
        return replace(src, dst)

    monkeypatch.setattr(fsio.os, "replace", refusing)
    report = json.loads(cli("compile", "--json", code=1).stdout)
    rows = report
    failed = [r for r in rows if r["error"]]
    assert failed and all("/fr/" in r["catalog"] and "cannot write: Operation not permitted" in r["error"] for r in failed)
    assert all(r["written"] for r in rows if "/de/" in r["catalog"])
    assert not list((cli.root / "locales" / "fr").rglob("*.mo"))


def test_a_locale_folder_that_may_not_be_listed_is_worked_through_by_name(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A locale folder with execute but no read permission (its files can be read by name,
    not listed): update, status, compile and the review queue work on the catalogs the
    templates call for (before, the first listing stopped the command for every locale)."""
    import errno

    from l10n import workspace

    cli("extract")
    cli("update")
    _edit_article(cli.root, SUBHEADING, "Keeping Alliances")
    cli("extract")
    scandir = os.scandir
    fr = cli.root / "locales" / "fr" / "LC_MESSAGES"

    def refusing(folder):  # type: ignore[no-untyped-def]
        if str(folder).startswith(str(fr)):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(folder))
        return scandir(folder)

    monkeypatch.setattr(workspace.os, "scandir", refusing)
    report = json.loads(cli("update", "--json").stdout)
    assert {(c["locale"], c["catalog"]) for c in report["catalogs"] if c["written"]} >= {
        ("fr", f"locales/fr/LC_MESSAGES/{KIM}.po"), ("de", f"locales/de/LC_MESSAGES/{KIM}.po")}, report
    assert "Keeping Alliances" in po_path(cli.root, "fr", KIM).read_text(encoding="utf-8")
    rows = {row["catalog"]: row for row in json.loads(cli("status", "--json").stdout)}
    assert rows[f"locales/fr/LC_MESSAGES/{KIM}.po"]["state"] == "ok"
    assert len([c for c in rows if "/fr/" in c]) == len([c for c in rows if "/es/" in c]) > 1
    compiled = json.loads(cli("compile", "-l", "fr", "--json").stdout)
    assert len(compiled) == len([c for c in rows if "/fr/" in c]) and all(r["error"] is None for r in compiled)
    catalog = po_path(cli.root, "fr", KIM)
    monkeypatch.setattr(workspace.os, "scandir", scandir)
    text = catalog.read_text(encoding="utf-8").replace(
        'msgid "Keeping Alliances"\nmsgstr ""', '#, fuzzy\nmsgid "Keeping Alliances"\nmsgstr "Garder ses alliés"')
    catalog.write_text(text, encoding="utf-8")
    monkeypatch.setattr(workspace.os, "scandir", refusing)
    queue = cli("review", "list", "-l", "fr", "--json").stdout
    assert "Garder ses alliés" in queue


def test_orphan_test_answers_as_orphaned_does(tmp_path: Path) -> None:
    """The build's one listing of the templates (``workspace.orphan_test``) says what
    ``orphaned`` says of each domain: a template there, a link to one, a link to nothing,
    none at all, and no templates folder (nothing extracted yet)."""
    from l10n import config as config_mod, workspace

    root = tmp_path / "ws"
    (root / "articles").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[tool.l10n]\nlocales = ["de", "fr"]\n', encoding="utf-8")
    config = config_mod.load(root)
    domains = ["chrome", "articles/a", "articles/b", "articles/linked", "articles/dangling", "articles/c", "other"]
    assert not any(workspace.orphan_test(config)(d) for d in domains)  # (no templates folder)
    templates = config.templates_path / "articles"
    templates.mkdir(parents=True)
    (config.templates_path / "chrome.pot").write_text("", encoding="utf-8")
    (templates / "a.pot").write_text("", encoding="utf-8")
    (templates / "b.pot").write_text("", encoding="utf-8")
    (templates / "linked.pot").symlink_to(templates / "a.pot")
    (templates / "dangling.pot").symlink_to(templates / "gone.pot")
    test = workspace.orphan_test(config)
    answers = {d: test(d) for d in domains}
    assert answers == {d: workspace.orphaned(config, d) for d in domains}
    assert [d for d, gone in answers.items() if gone] == ["articles/dangling", "articles/c", "other"]
