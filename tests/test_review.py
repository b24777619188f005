"""The review queue: order, IDs, actions as a PO reader sees them, the audit log, conflicts,
states that survive other tools, and the interactive loop through a pseudo-terminal."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polib
import pytest

from l10n import config as config_mod
from l10n import translate
from l10n.catalogs import pofile
from l10n.mt.engine import FakeEngine, PivotEngine
from l10n.review import ids, log
from l10n.states import ORIGIN, REJECTED, State, marker, state

KIM = "articles/kim-jong-un-china-parade"
TODAY = dt.date(2026, 11, 28)


def po(root: Path, locale: str, domain: str) -> Path:
    return root / "locales" / locale / "LC_MESSAGES" / f"{domain}.po"


def drafted(cli, **kwargs):  # type: ignore[no-untyped-def]
    cli("extract")
    cli("update")
    return translate.run(config_mod.load(cli.root), PivotEngine(FakeEngine()), today=TODAY, **kwargs)


@pytest.fixture
def queue_cli(cli, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("L10N_REVIEWER", "Ada Reviewer")
    drafted(cli)
    return cli


def listing(cli, *args: str) -> list[dict]:  # type: ignore[type-arg]
    return json.loads(cli("review", "list", "--json", *args).stdout)


def test_the_queue_lists_every_draft_in_review_order(queue_cli) -> None:  # type: ignore[no-untyped-def]
    entries = listing(queue_cli, "-l", "fr")
    catalogs = {e["catalog"] for e in entries}
    fuzzy = {(str(p.relative_to(queue_cli.root)), m.msgid) for p in (queue_cli.root / "locales/fr").rglob("*.po")
             for m in polib.pofile(str(p)) if m.fuzzy}
    assert {(e["catalog"], e["msgid"]) for e in entries} == fuzzy and catalogs
    # Chrome first, then articles newest first (undated last), headline and teaser first.
    articles = [e["article"] for e in entries]
    assert articles[: articles.count(None)] == [None] * articles.count(None)
    order = list(dict.fromkeys(a for a in articles if a))
    dates = {e["article"]: e["date"] for e in entries if e["article"]}
    dated = [a for a in order if dates[a]]
    assert dated == sorted(dated, key=lambda a: dates[a], reverse=True)
    assert order[len(dated):] == [a for a in order if not dates[a]]
    for article in order:
        roles = [e["role"] for e in entries if e["article"] == article]
        assert roles[0] == "headline" and roles[1] == "teaser"
    assert {"id", "locale", "catalog", "article", "role", "msgctxt", "msgid", "msgstr", "state", "origin", "flags",
            "findings"} <= set(entries[0])
    text = queue_cli("review", "list", "-l", "fr").stdout
    assert re.search(r"^fr: \d+ waiting: \d+ machine, 0 needs review$", text, re.M)


def test_ids_are_short_and_stable_across_extract_update_translate(queue_cli) -> None:  # type: ignore[no-untyped-def]
    before = {(e["catalog"], e["msgid"]): e["id"] for e in listing(queue_cli)}
    assert all(len(i) == 7 for i in before.values())
    queue_cli("extract")
    queue_cli("update")
    translate.run(config_mod.load(queue_cli.root), PivotEngine(FakeEngine()), today=TODAY)
    after = {(e["catalog"], e["msgid"]): e["id"] for e in listing(queue_cli)}
    assert after == before


def test_short_ids_grow_only_where_two_collide() -> None:
    keys = ["abcdef1234", "abcdef1299", "0123456789"]
    short = ids.short_ids(keys)
    assert short["0123456789"] == "0123456"
    assert short["abcdef1234"] == "abcdef123" and short["abcdef1299"] == "abcdef129"


def test_accept_edit_reject_land_in_the_po_and_the_audit_log(queue_cli) -> None:  # type: ignore[no-untyped-def]
    root = queue_cli.root
    entries = [e for e in listing(queue_cli, "-l", "fr", "--article", "kim-jong-un-china-parade")]
    first, second, third = entries[:3]
    queue_cli("review", "accept", first["id"])
    queue_cli("review", "edit", second["id"], "--text", "Un titre revu par une personne")
    queue_cli("review", "reject", third["id"], "--reason", "wrong tense")
    catalog = polib.pofile(str(po(root, "fr", KIM)))
    accepted, edited, rejected = (catalog.find(e["msgid"]) for e in (first, second, third))
    assert not accepted.fuzzy and accepted.msgstr == first["msgstr"] and not accepted.previous_msgid
    assert ORIGIN in accepted.tcomment
    assert not edited.fuzzy and edited.msgstr == "Un titre revu par une personne"
    assert rejected.msgstr == "" and not rejected.fuzzy
    assert re.search(rf"{REJECTED} \d{{4}}-\d\d-\d\d by Ada Reviewer: wrong tense", rejected.tcomment)
    assert catalog.metadata["Last-Translator"] == "Ada Reviewer"
    assert re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d\+0000$", catalog.metadata["PO-Revision-Date"])
    assert subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po(root, "fr", KIM))]).returncode == 0
    lines = (root / "locales/fr/review.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["action"] for r in records] == ["accept", "edit", "reject"]
    for record, entry in zip(records, (first, second, third)):
        assert record["reviewer"] == "Ada Reviewer" and record["locale"] == "fr" and record["id"] == entry["id"]
        assert record["msgid"] == entry["msgid"] and record["before"] == entry["msgstr"]
        assert record["origin"] == entry["origin"] and record["catalog"] == f"locales/fr/LC_MESSAGES/{KIM}.po"
        assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", record["time"])
    assert records[1]["after"] == "Un titre revu par une personne" and records[2]["reason"] == "wrong tense"
    assert [r["action"] for r in json.loads(queue_cli("review", "log", "--json").stdout)] == ["accept", "edit", "reject"]
    remaining = {e["id"] for e in listing(queue_cli, "-l", "fr")}
    assert not {first["id"], second["id"], third["id"]} & remaining


def test_an_edit_a_check_finds_an_error_in_is_saved_and_said(queue_cli) -> None:  # type: ignore[no-untyped-def]
    """The reviewer's own text is saved as typed; an error a check finds in it is said (a
    build withholds such a translation), on the terminal and in --json."""
    root = queue_cli.root
    entry = next(e for e in listing(queue_cli, "-l", "fr") if e["article"] and not re.search(r"[<{\d]", e["msgid"]))
    result = queue_cli("review", "edit", entry["id"], "--text", "<b>Un titre</b> corrigé")
    assert f"edited {entry['id']}" in result.stdout
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("l10n: warning:")]
    assert f"{entry['id']}: saved, but " in line and "markup" in line and "a build withholds it" in line
    catalog = {m.msgid: m for m in polib.pofile(str(root / entry["catalog"]))}
    assert catalog[entry["msgid"]].msgstr == "<b>Un titre</b> corrigé" and not catalog[entry["msgid"]].fuzzy
    clean = queue_cli("review", "edit", entry["id"], "--text", "Un titre corrigé", "--json")
    assert json.loads(clean.stdout)["warnings"] == [] and "warning" not in clean.stderr


def test_an_edit_msgfmt_would_refuse_is_not_saved(queue_cli) -> None:  # type: ignore[no-untyped-def]
    """An edit that loses the source's ``{date}`` (a python-brace-format entry) or adds a
    newline at one end is refused in one line naming what msgfmt would say; the catalog is
    left as it was, and a good edit of the same entry is then saved."""
    root = queue_cli.root
    dated = next(e for e in listing(queue_cli, "-l", "fr") if "{date}" in e["msgid"])
    before = po(root, "fr", "chrome").read_bytes()
    result = queue_cli("review", "edit", dated["id"], "--text", "Publié le", code=1)
    assert result.stderr.count("\n") == 1 and f"{dated['id']}: not saved: " in result.stderr
    assert "'date'" in result.stderr and "keep the source's placeholders" in result.stderr
    queue_cli("review", "edit", dated["id"], "--text", "Publié le {date}\n", code=1)
    assert po(root, "fr", "chrome").read_bytes() == before
    # A draft that lost it is not accepted either, not even with --force (the catalog would not compile).
    catalog = polib.pofile(str(po(root, "fr", "chrome")))
    catalog.find(dated["msgid"]).msgstr = "Publié le"
    catalog.save()
    before = po(root, "fr", "chrome").read_bytes()
    queue_cli("review", "show", dated["id"])  # (what the reviewer saw)
    refused = queue_cli("review", "accept", dated["id"], "--force", code=1).stderr
    assert f"{dated['id']}: not accepted: " in refused and "'date'" in refused and "--force" not in refused
    assert po(root, "fr", "chrome").read_bytes() == before
    queue_cli("review", "edit", dated["id"], "--text", "Publié le {date}")
    assert subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po(root, "fr", "chrome"))]).returncode == 0
    assert polib.pofile(str(po(root, "fr", "chrome"))).find(dated["msgid"]).msgstr == "Publié le {date}"


def test_a_rejected_entry_is_not_refilled_until_asked(queue_cli) -> None:  # type: ignore[no-untyped-def]
    entry = listing(queue_cli, "-l", "de")[5]
    queue_cli("review", "reject", entry["id"])
    config = config_mod.load(queue_cli.root)
    translate.run(config, PivotEngine(FakeEngine()), today=TODAY)
    path = queue_cli.root / entry["catalog"]
    message = pofile.parse(path.read_bytes()).get(entry["msgid"])
    assert message.msgstr == "" and marker(message, REJECTED)
    translate.run(config, PivotEngine(FakeEngine()), today=TODAY, retry_rejected=True)
    message = pofile.parse(path.read_bytes()).get(entry["msgid"])
    assert message.msgstr and state(message) is State.MACHINE and not marker(message, REJECTED)


def test_origins_a_polib_script_wrapped_onto_several_lines_still_read(queue_cli) -> None:  # type: ignore[no-untyped-def]
    """polib wraps a comment longer than its width (76 characters by default; a real model's
    origin with both hashes is longer): the origin's end on lines of its own is still the
    origin's, and an action that removes the origin leaves none of it behind."""
    before = {e["id"]: e for e in listing(queue_cli, "-l", "de")}
    for path in (queue_cli.root / "locales/de").rglob("*.po"):
        catalog = polib.pofile(str(path), wrapwidth=40)
        catalog.wrapwidth = 40
        catalog.save()
    text = po(queue_cli.root, "de", KIM).read_text(encoding="utf-8")
    assert re.search(r"^# l10n-origin: mt fake en->de[^\n]*\n# (?:[^\n]* )?draft:[0-9a-f]{8}$", text, re.M)
    after = {e["id"]: e for e in listing(queue_cli, "-l", "de")}
    assert after.keys() == before.keys()
    assert all(after[i]["state"] == "machine" and after[i]["origin"] == before[i]["origin"] for i in after)
    entry = next(iter(after.values()))
    assert "edited by a person" not in queue_cli("review", "show", entry["id"]).stdout
    queue_cli("review", "reject", entry["id"], "--reason", "no")
    message = pofile.parse((queue_cli.root / entry["catalog"]).read_bytes()).get(entry["msgid"])
    assert message.msgstr == "" and marker(message, ORIGIN) is None
    assert not [c for c in message.translator_comments if "src:" in c or "draft:" in c], message.translator_comments


@pytest.mark.parametrize("width", [78, 60, 40, 30])
def test_a_long_origin_wrapped_at_any_width_reads_whole_and_is_removed_whole(width: int) -> None:
    import textwrap

    from l10n.catalogs.model import Message
    from l10n.states import remove_marker

    origin = ("mt pivot argos de->en translate-de_en 1.9 + argos en->fr translate-en_fr 1.9 2026-11-28 "
              "src:1234abcd draft:5678ef90")
    lines = textwrap.wrap(f"{ORIGIN} {origin}", width - 2, break_long_words=False)  # as polib wraps it
    assert len(lines) >= 2
    message = Message(msgid="x", msgstr="y", translator_comments=["a translator's note", *lines, "another note"])
    assert marker(message, ORIGIN) == origin
    remove_marker(message, ORIGIN)
    assert message.translator_comments == ["a translator's note", "another note"]


@pytest.mark.parametrize("width", [78, 30, 24, 16])
def test_a_flag_list_wrapped_at_any_width_reads_whole_and_is_removed_whole(width: int) -> None:
    import textwrap

    from l10n.catalogs.model import Message
    from l10n.states import FLAG, remove_marker

    flags = "length-bound, repetition, glossary-lost, placeholder-lost"
    lines = textwrap.wrap(f"{FLAG} {flags}", width - 2, break_long_words=False)  # as polib wraps it
    assert len(lines) >= 2 or width == 78
    message = Message(msgid="x", msgstr="y", translator_comments=[*lines, "a translator's note, ok", "two-words"])
    assert marker(message, FLAG) == flags
    remove_marker(message, FLAG)
    assert message.translator_comments == ["a translator's note, ok", "two-words"]


def test_unknown_ids_are_named_and_the_others_done(queue_cli) -> None:  # type: ignore[no-untyped-def]
    good = listing(queue_cli, "-l", "de")[0]
    result = queue_cli("review", "accept", "deadbeef", good["id"], code=1)
    errors = [line for line in result.stderr.splitlines() if line.startswith("l10n: error:")]
    assert len(errors) == 1 and "deadbeef" in errors[0]
    assert "1 entry saved" in result.stdout
    assert queue_cli("review", "accept", "zz", code=2).stderr.count("\n") == 1
    other = listing(queue_cli, "-l", "de")[0]
    result = queue_cli("review", "accept", "zzzzzzz", other["id"], "deadbee", code=1)  # (issue 8: the others done)
    assert "zzzzzzz: not an entry ID" in result.stderr and "deadbee: no such entry" in result.stderr
    assert "1 entry saved, 2 refused" in result.stdout
    assert other["id"] not in {e["id"] for e in listing(queue_cli, "-l", "de")}
    assert queue_cli("review", "list", "--state", "bogus", code=2).exit_code == 2
    assert "give entry IDs, or --all" in queue_cli("review", "accept", code=2).stderr


def test_an_empty_catalog_is_reported_not_taken_for_one_with_nothing_to_review(queue_cli) -> None:  # type: ignore[no-untyped-def]
    waiting = listing(queue_cli, "-l", "fr")
    po(queue_cli.root, "fr", KIM).write_bytes(b"")
    result = queue_cli("review", "list", "-l", "fr", code=1)
    (error,) = result.stderr.splitlines()
    assert error == (f"l10n: error: locales/fr/LC_MESSAGES/{KIM}.po:1: PO file header missing or invalid (msgfmt "
                     "--check needs a header entry with a non-empty msgstr)")
    others = [e for e in waiting if e["article"] != "kim-jong-un-china-parade"]
    assert others and [e["id"] for e in json.loads(queue_cli("review", "list", "-l", "fr", "--json", code=1).stdout)] \
        == [e["id"] for e in others]
    assert error in queue_cli("review", "-l", "fr", code=1).stderr  # (no terminal: the list, and the same exit)
    emptied = queue_cli("review", "accept", "--all", "-l", "fr", "--article", "kim-jong-un-china-parade", code=1)
    assert "nothing to accept" in emptied.stdout and error in emptied.stderr


@pytest.mark.parametrize("columns", [120, 80, 60, 40, 24])
def test_the_list_fits_the_terminal(queue_cli, monkeypatch, columns: int) -> None:  # type: ignore[no-untyped-def]
    """Every line of it (before, at 40 columns lines of 41 to 56 were printed); on a narrow
    terminal an entry takes two lines, so that its texts still show."""
    from l10n.review.display import columns as width_of

    path = po(queue_cli.root, "fr", KIM)  # (a needs-review entry: the longest head a line has)
    catalog = polib.pofile(str(path))
    entry = next(m for m in catalog if m.fuzzy)
    entry.previous_msgid = "An older source text"
    entry.tcomment = ""
    catalog.save()
    monkeypatch.setenv("COLUMNS", str(columns))
    lines = [line for line in queue_cli("review", "list").stdout.splitlines() if not line.startswith("next:")]
    assert any("(needs review)" in line and ("kim-" in line or columns < 60) for line in lines) or columns < 40
    assert max(map(width_of, lines)) <= columns, [line for line in lines if width_of(line) > columns][:2]
    assert any(" → " in line and re.search(r"\w{4}", line.split(" → ")[1]) for line in lines)  # (texts show)


def test_an_editor_that_fails_or_none_at_all_is_one_line(queue_cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    entry = listing(queue_cli, "-l", "de")[0]
    before = (queue_cli.root / entry["catalog"]).read_bytes()
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", "false")
    failed = queue_cli("review", "edit", entry["id"], code=1)
    assert failed.stderr.splitlines() == ["l10n: error: the editor failed (false: Editing failed); nothing saved: "
                                          "give the translation with --text, or set $EDITOR to an editor that works"]
    monkeypatch.delenv("EDITOR")
    none = queue_cli("review", "edit", entry["id"], code=2)  # (no terminal here to start one on)
    assert none.stderr.splitlines() == ["l10n: error: no editor to open: give the translation with --text (or set "
                                        "$EDITOR)"]
    assert (queue_cli.root / entry["catalog"]).read_bytes() == before


def test_accept_all_with_filters(queue_cli) -> None:  # type: ignore[no-untyped-def]
    queue_cli("review", "accept", "--all", "-l", "es", "--article", "kim-jong-un-china-parade")
    left = listing(queue_cli, "-l", "es")
    assert left and not [e for e in left if e["article"] == "kim-jong-un-china-parade"]
    assert queue_cli("review", "accept", "--all", "-l", "es", "--origin", "memory").stdout.startswith("nothing to accept")


def test_an_error_finding_blocks_accept_without_force(queue_cli) -> None:  # type: ignore[no-untyped-def]
    root = queue_cli.root
    entry = next(e for e in listing(queue_cli, "-l", "de") if "{date}" in e["msgid"] or re.search(r"\d", e["msgid"]))
    path = _saved_by_a_translator(root, entry, lambda m: setattr(m, "msgstr", "<script>alert(1)</script> " + m.msgstr))
    listing(queue_cli, "-l", "de")  # the reviewer looks again
    result = queue_cli("review", "accept", entry["id"], code=1)
    assert "markup" in result.stderr and "--force" in result.stderr
    assert pofile.parse(path.read_bytes()).get(entry["msgid"]).fuzzy
    queue_cli("review", "accept", entry["id"], "--force")
    assert not pofile.parse(path.read_bytes()).get(entry["msgid"]).fuzzy
    again = queue_cli("review", "accept", entry["id"], "abcdef0", code=1)  # approved now; an unknown ID
    assert f"l10n: error: {entry['id']}: already approved; nothing to accept" in again.stderr
    assert again.stdout.splitlines()[-1] == "0 entries saved, 2 refused"


def test_a_translator_saving_between_list_and_accept(queue_cli) -> None:  # type: ignore[no-untyped-def]
    entries = [e for e in listing(queue_cli, "-l", "fr", "--article", "kim-jong-un-china-parade")]
    theirs, other = entries[0], entries[1]
    path = queue_cli.root / theirs["catalog"]
    # The translator edits two entries in Poedit and saves (polib writes the whole file).
    catalog = polib.pofile(str(path))
    catalog.find(theirs["msgid"]).msgstr = "Leur propre titre"
    mine_untouched = catalog.find(entries[2]["msgid"])
    mine_untouched.msgstr = "Une autre modification"
    catalog.save()
    result = queue_cli("review", "accept", theirs["id"], other["id"], code=1)
    (error,) = [line for line in result.stderr.splitlines() if "error" in line]
    assert theirs["id"] in error and "Leur propre titre" in error
    after = polib.pofile(str(path))
    assert after.find(theirs["msgid"]).msgstr == "Leur propre titre" and after.find(theirs["msgid"]).fuzzy
    assert after.find(entries[2]["msgid"]).msgstr == "Une autre modification"
    assert not after.find(other["msgid"]).fuzzy
    # The refusal showed their text: the same command again acts on it (as after review show).
    assert "the same command again acts on this text" in error
    queue_cli("review", "accept", theirs["id"], "--force")  # (--force: their title lacks a glossary term)
    accepted = polib.pofile(str(path)).find(theirs["msgid"])
    assert accepted.msgstr == "Leur propre titre" and not accepted.fuzzy


def test_an_approval_in_a_po_editor_between_list_and_reject_is_not_undone(queue_cli) -> None:  # type: ignore[no-untyped-def]
    """The translator approves the draft as it is (clears fuzzy): the text is the same,
    the entry is not. A reject given after the listing is refused; once shown, it acts."""
    entry = listing(queue_cli, "-l", "fr", "--article", "kim-jong-un-china-parade")[1]
    path = queue_cli.root / entry["catalog"]
    catalog = polib.pofile(str(path))
    catalog.find(entry["msgid"]).flags.remove("fuzzy")
    catalog.save()
    result = queue_cli("review", "reject", entry["id"], "--reason", "stale", code=1)
    assert "machine then, approved now" in result.stderr, result.stderr
    kept = polib.pofile(str(path)).find(entry["msgid"])
    assert kept.msgstr == entry["msgstr"] and not kept.fuzzy
    queue_cli("review", "reject", entry["id"], "--reason", "seen now")  # (the refusal showed it: it acts)
    assert polib.pofile(str(path)).find(entry["msgid"]).msgstr == ""


def _append_many(root: str, who: str, count: int) -> None:
    config = config_mod.load(Path(root))
    for i in range(count):
        log.append(config, log.Record(time=f"2026-11-28T10:00:{i % 60:02d}Z", reviewer=who, locale="de",
                                      catalog="locales/de/LC_MESSAGES/chrome.po", id=f"{i:07x}", msgctxt=None,
                                      msgid="x" * (i % 3000), action="accept", before="b" * 500, after="a", origin=None,
                                      reason=None))


def test_two_processes_appending_to_the_audit_log_never_interleave(cli) -> None:  # type: ignore[no-untyped-def]
    context = multiprocessing.get_context("spawn")
    procs = [context.Process(target=_append_many, args=(str(cli.root), who, 300)) for who in ("ana", "ben")]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(60)
        assert proc.exitcode == 0
    lines = (cli.root / "locales/de/review.jsonl").read_bytes().splitlines()
    assert len(lines) == 600
    records = [json.loads(line) for line in lines]
    assert sorted(r["reviewer"] for r in records) == ["ana"] * 300 + ["ben"] * 300
    assert len(log.read(config_mod.load(cli.root), ["de"])) == 600


def test_a_torn_last_line_does_not_break_the_reader(cli) -> None:  # type: ignore[no-untyped-def]
    _append_many(str(cli.root), "ana", 2)
    with open(cli.root / "locales/de/review.jsonl", "ab") as handle:
        handle.write(b'{"time": "2026-11-28T10:')
    assert len(log.read(config_mod.load(cli.root), ["de"])) == 2


def _entry_states(path: Path) -> dict[str, State]:
    return {m.msgid: state(m) for m in pofile.parse(path.read_bytes()).active}


def test_states_survive_msgmerge_and_pybabel_update(queue_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = queue_cli.root
    de = po(root, "de", KIM)
    template = root / "locales/templates" / f"{KIM}.pot"
    old = pofile.parse(template.read_bytes())
    changed = old.messages[4].msgid
    # The article's paragraph changes: the new template has a new text close to the old one.
    new_template = tmp_path / "new.pot"
    new_template.write_bytes(template.read_bytes().replace(
        changed.split()[-1].encode(), b"CHANGED" + changed.split()[-1].encode()))
    new_msgid = next(m.msgid for m in pofile.parse(new_template.read_bytes()).messages if "CHANGED" in m.msgid)
    for tool in ("msgmerge", "pybabel"):
        work = tmp_path / f"{tool}.po"
        shutil.copy(de, work)
        if tool == "msgmerge":
            subprocess.run(["msgmerge", "--quiet", "--update", "--backup=none", str(work), str(new_template)], check=True)
        else:
            subprocess.run([str(Path(sys.executable).parent / "pybabel"), "update", "-i", str(new_template),
                            "-o", str(work), "-l", "de", "--previous"], check=True, capture_output=True)
        states = _entry_states(work)
        assert states[new_msgid] is State.NEEDS_REVIEW, tool
        others = {k: v for k, v in states.items() if k != new_msgid}
        assert set(others.values()) == {State.MACHINE}, tool


def test_bad_options_are_usage_errors(queue_cli) -> None:  # type: ignore[no-untyped-def]
    assert queue_cli("review", "list", "-l", "xx", code=2).stderr.count("\n") == 1
    assert queue_cli("review", "list", "--article", "nope", code=2).stderr.count("\n") == 1
    assert "must not be empty" in queue_cli("review", "edit", "abcdef0", "--text", " ", code=2).stderr
    assert "no such entry" in queue_cli("review", "show", "abcdef0", code=1).stderr


def test_show_has_everything_about_an_entry(queue_cli) -> None:  # type: ignore[no-untyped-def]
    entry = listing(queue_cli, "-l", "de")[0]
    shown = json.loads(queue_cli("review", "show", entry["id"], "--json").stdout)
    assert shown["msgid"] == entry["msgid"] and shown["lines"]
    assert all(line["text"] for line in shown["lines"])
    text = queue_cli("review", "show", entry["id"]).stdout
    for label in ("article:", "role:", "reference:", "source:", "candidate:", "origin:", "flags:", "findings:"):
        assert label in text
    assert "edited by a person" not in text
    queue_cli("review", "edit", entry["id"], "--text", "Von Hand geschrieben")
    origin = next(line for line in queue_cli("review", "show", entry["id"]).stdout.splitlines()
                  if line.startswith("origin:"))
    assert origin.endswith("(the text edited by a person since)") and "mt " in origin


def test_show_gives_a_word_diff_for_a_needs_review_entry(queue_cli) -> None:  # type: ignore[no-untyped-def]
    root = queue_cli.root
    article = root / "articles/kim-jong-un-china-parade.txt"
    article.write_text(article.read_text(encoding="utf-8").replace("six years", "seven years"), encoding="utf-8")
    queue_cli("extract")
    queue_cli("update")
    entry = next(e for e in listing(queue_cli, "-l", "de", "--state", "needs_review"))
    shown = json.loads(queue_cli("review", "show", entry["id"], "--json").stdout)
    assert "[-six-]{+seven+}" in shown["diff"]


def _saved_by_a_translator(root: Path, entry: dict[str, Any], change: Callable[[Any], None]) -> Path:
    """``entry`` (as review list gives it) changed in its catalog as a PO editor saves it:
    ``change`` gets the message; returns the catalog's path."""
    path = root / entry["catalog"]
    catalog = pofile.parse(path.read_bytes())
    change(catalog.get(entry["msgid"]))
    path.write_bytes(pofile.dump(catalog))
    return path


def _review_on_a_terminal(root: Path, *args: str, columns: int = 100, lines: int = 40) -> Any:
    """``l10n review ARGS`` in a pseudo-terminal of 100 x 40, as Tess Terminal, with the line
    prompt for ``e`` (no $VISUAL or $EDITOR)."""
    import pexpect

    env = {**os.environ, "L10N_REVIEWER": "Tess Terminal", "COLUMNS": str(columns), "LINES": str(lines)}
    env.pop("VISUAL", None)
    env.pop("EDITOR", None)
    return pexpect.spawn(sys.executable, ["-m", "l10n", "review", *args], cwd=str(root), env=env, encoding="utf-8",
                         timeout=30, dimensions=(lines, columns))


def test_interactive_review_through_a_pseudo_terminal(queue_cli) -> None:  # type: ignore[no-untyped-def]
    import pexpect

    root = queue_cli.root
    entries = listing(queue_cli, "-l", "fr")
    child = _review_on_a_terminal(root, "-l", "fr")
    child.expect(rf"1 / {len(entries)}")
    child.send("a")  # accept the first
    child.expect(rf"2 / {len(entries)}")
    child.send("s")  # skip the second
    child.expect(rf"3 / {len(entries)}")
    child.send("e")  # edit the third on a line prompt
    child.expect("new translation")
    child.sendline("\x15Titre corrigé à la main")  # Ctrl+U clears the prefilled line first
    child.expect(rf"4 / {len(entries)}")
    child.send("r")
    child.expect("reason")
    child.sendline("nonsense")
    child.expect(rf"5 / {len(entries)}")
    child.send("?")
    child.expect("go back one")
    child.send("b")
    child.expect(rf"4 / {len(entries)}")
    child.send("q")
    child.expect("1 accepted, 1 edited, 1 rejected, 1 skipped")
    child.expect(pexpect.EOF)
    by_id = {e["id"]: e for e in entries}
    records = [json.loads(line) for line in (root / "locales/fr/review.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(r["action"], r["reviewer"]) for r in records] == [("accept", "Tess Terminal"), ("edit", "Tess Terminal"),
                                                              ("reject", "Tess Terminal")]
    assert [r["id"] for r in records] == [entries[0]["id"], entries[2]["id"], entries[3]["id"]]
    catalog = {m.msgid: m for p in (root / "locales/fr").rglob("*.po") for m in polib.pofile(str(p))}
    assert not catalog[by_id[entries[0]["id"]]["msgid"]].fuzzy
    assert catalog[entries[1]["msgid"]].fuzzy
    assert catalog[entries[2]["msgid"]].msgstr == "Titre corrigé à la main" and not catalog[entries[2]["msgid"]].fuzzy
    assert catalog[entries[3]["msgid"]].msgstr == "" and "nonsense" in catalog[entries[3]["msgid"]].tcomment


def test_interactive_review_acts_on_every_key_of_a_burst(queue_cli) -> None:  # type: ignore[no-untyped-def]
    import pexpect

    entries = listing(queue_cli, "-l", "fr")
    assert len(entries) >= 6
    child = _review_on_a_terminal(queue_cli.root, "-l", "fr")
    child.expect(rf"1 / {len(entries)}")
    child.send("ss")  # two keys in one read (fast typing, key repeat): two skips, not an unknown key "ss"
    child.expect(rf"3 / {len(entries)}")
    child.send("s")
    child.send("\x1b[A")  # an arrow key is one (unknown) key, not four
    child.send("b")  # sent before the screen is drawn: kept, not flushed
    child.expect_exact("unknown key '\\x1b[A'")
    child.expect(rf"3 / {len(entries)}")
    child.send("rq")  # a key typed after one that asks for a line was meant for the line
    child.expect("reason")
    child.sendline("")
    child.expect(rf"4 / {len(entries)}")
    child.send("aa")  # a double tap: the second a must not approve the next entry, unseen
    child.expect(rf"5 / {len(entries)}")
    child.send("sa")  # an action key typed ahead of a skip is dropped too
    child.expect(rf"6 / {len(entries)}")
    child.send("q")
    child.expect("1 accepted, 0 edited, 1 rejected, 4 skipped")
    child.expect(pexpect.EOF)
    assert "unknown key 'ss'" not in (child.before or "")


def test_split_keys() -> None:
    from l10n.review.interactive import split_keys

    assert split_keys("ss") == ["s", "s"]
    assert split_keys("sbq") == ["s", "b", "q"]
    assert split_keys("sa") == ["s"] and split_keys("aa") == ["a"]  # (an action key only as the first of a read)
    assert split_keys("s\x1b[Ab") == ["s"]
    assert split_keys("\x1b[1;5Cs") == ["\x1b[1;5C", "s"]
    assert split_keys("\x1ba") == ["\x1ba"]  # (Alt+a: no accept)
    assert split_keys("\x1b") == ["\x1b"]
    # typed before the screen came up: nothing that acts, not even as the first key
    assert split_keys("ss", first_acts=False) == ["s", "s"] and split_keys("as", first_acts=False) == []
    assert split_keys("sa", first_acts=False) == ["s"] and split_keys("", first_acts=False) == []
    assert split_keys("é") == ["é"]
    assert split_keys("") == ["\x04"]


def test_interactive_review_accepts_a_draft_with_an_error_only_with_a_capital_a(queue_cli) -> None:  # type: ignore[no-untyped-def]
    import pexpect

    root = queue_cli.root
    first = listing(queue_cli, "-l", "fr")[0]
    # markup the source lacks: an error
    path = _saved_by_a_translator(root, first, lambda m: setattr(m, "msgstr", "<b>" + first["msgstr"]))
    child = _review_on_a_terminal(root, "-l", "fr")
    child.expect("1 / ")
    child.send("a")
    child.expect("here: e edits it, A accepts it anyway")
    assert pofile.parse(path.read_bytes()).get(first["msgid"]).fuzzy
    child.send("A")
    child.expect("2 / ")
    child.send("q")
    child.expect("1 accepted, 0 edited, 0 rejected, 0 skipped, 1 refused")
    child.expect(pexpect.EOF)
    accepted = pofile.parse(path.read_bytes()).get(first["msgid"])
    assert not accepted.fuzzy and accepted.msgstr.startswith("<b>")


def test_interactive_review_acts_on_a_translators_save_after_one_refusal(queue_cli) -> None:  # type: ignore[no-untyped-def]
    """A translator saves the entry on screen (Poedit): the action is refused once, the
    screen shows their text, and the next key acts on it; a refused edit is kept for ``e``."""
    import pexpect

    KIM_SLUG = "kim-jong-un-china-parade"
    root = queue_cli.root
    plain = [e for e in listing(queue_cli, "-l", "fr", "--article", KIM_SLUG) if "{" not in e["msgid"]]
    first, second = plain[:2]
    child = _review_on_a_terminal(root, "-l", "fr", "--article", KIM_SLUG)
    assert [e["id"] for e in listing(queue_cli, "-l", "fr", "--article", KIM_SLUG)][:2] == [first["id"], second["id"]]

    def translator_saves(entry: dict[str, str], text: str) -> None:
        _saved_by_a_translator(root, entry, lambda m: setattr(m, "msgstr", text))

    child.expect("1 / ")
    translator_saves(first, "Le texte du traducteur")
    child.send("a")
    child.expect("1 / ")  # the screen again, with their text, then why
    child.expect("candidate \\(fr\\):\\s+Le texte du traducteur")
    child.expect("the screen shows it as it is now")
    child.send("A")  # now accepted: their text (A: a short stand-in text has check findings)
    child.expect("2 / ")
    translator_saves(second, "Encore le traducteur")
    child.send("e")
    child.expect("new translation")
    child.sendline("\x15Mon texte")
    child.expect("e starts from the text you typed")
    child.send("e")
    child.expect("new translation")
    child.sendline("")  # (Enter keeps the prompt's text: the refused edit)
    child.expect("3 / ")
    child.send("q")
    child.expect("1 accepted, 1 edited, 0 rejected, 0 skipped, 2 refused")
    child.expect(pexpect.EOF)
    catalog = {m.msgid: m for p in (root / "locales/fr").rglob("*.po") for m in polib.pofile(str(p))}
    assert catalog[first["msgid"]].msgstr == "Le texte du traducteur" and not catalog[first["msgid"]].fuzzy
    assert catalog[second["msgid"]].msgstr == "Mon texte" and not catalog[second["msgid"]].fuzzy


def test_the_entries_of_a_removed_article_wait_for_no_one(queue_cli) -> None:  # type: ignore[no-untyped-def]
    """Its catalogs stay (orphaned, as status says), but their entries leave the queue:
    one queue size in review list, status (per locale and per catalog), translate's next
    step and build. (Before, translate's next step and status --json's `queue` counted
    the orphaned catalog's drafts too.)"""
    before = listing(queue_cli, "-l", "fr")
    assert any(e["article"] == KIM.split("/", 1)[1] for e in before)
    (queue_cli.root / "articles" / "kim-jong-un-china-parade.txt").unlink()
    queue_cli("extract")
    after = listing(queue_cli, "-l", "fr")
    assert after == [e for e in before if e["article"] != KIM.split("/", 1)[1]]
    assert (queue_cli.root / "locales/fr/LC_MESSAGES" / f"{KIM}.po").is_file()
    size = len(after)
    status = queue_cli("status", "-l", "fr").stdout
    assert f"{KIM}.po (orphaned)" in status
    assert f"fr: {size} waiting: " in status  # (as the queue counts them)
    totals = json.loads(queue_cli("status", "-l", "fr", "--json", "--totals").stdout)
    assert totals[0]["waiting"] == totals[0]["queue"] == size
    # (what the files hold is still counted as what it is: the orphaned drafts are machine drafts)
    assert totals[0]["machine"] + totals[0]["needs_review"] > size
    catalogs = json.loads(queue_cli("status", "-l", "fr", "--json").stdout)
    orphan = next(c for c in catalogs if c["catalog"].endswith(f"{KIM}.po"))
    assert (orphan["state"], orphan["queue"]) == ("orphaned", 0) and orphan["machine"] > 0
    assert sum(c["queue"] for c in catalogs) == size
    translated = queue_cli("translate", "-l", "fr")  # (nothing left to draft)
    assert translated.stdout.splitlines()[-1] == f"next: {size} drafts wait for review: l10n review -l fr"
    built = json.loads(queue_cli("build", "-l", "fr", "--no-mt", "--json").stdout)
    assert [(loc["locale"], loc["queue"]) for loc in built["locales"]] == [("fr", size)]


def test_a_draft_a_person_changed_and_left_fuzzy_needs_review_and_no_bulk_accept_takes_it_unasked(queue_cli) -> None:  # type: ignore[no-untyped-def]
    """A translator put their own text in place of a machine draft and left it fuzzy (work
    in progress). It is no machine draft any more, nor flagged as the draft was: it needs
    review, and `accept --all` leaves it (and says so) unless --state needs_review asks for
    it. (Before: `machine`, with the draft's flags, approved by a bare `accept --all`.)"""
    root = queue_cli.root
    first = listing(queue_cli, "-l", "fr", "--article", "kim-jong-un-china-parade")[2]
    path = root / first["catalog"]

    def saved_in_a_po_editor(change: Callable[[Any], None]) -> None:
        catalog = polib.pofile(str(path))  # (polib wraps the long origin comment: it still reads)
        change(catalog.find(first["msgid"]))
        catalog.save()

    def status_fr() -> dict[str, Any]:
        return json.loads(queue_cli("status", "-l", "fr", "--json", "--totals").stdout)[0]  # type: ignore[no-any-return]

    saved_in_a_po_editor(lambda e: setattr(e, "tcomment", e.tcomment + "\nl10n-flag: length-bound, repetition"))
    drafted_ = next(e for e in listing(queue_cli, "-l", "fr") if e["id"] == first["id"])
    assert (drafted_["state"], drafted_["flags"]) == ("machine", ["length-bound", "repetition"])
    before = status_fr()

    mine = "Mon paragraphe : " + first["msgstr"]  # (the source's numbers and names kept: no check stops it)

    def own_text(entry: Any) -> None:
        entry.msgstr = mine
        entry.tcomment = "TRANSLATOR: not ready\n" + entry.tcomment

    saved_in_a_po_editor(own_text)
    now = next(e for e in listing(queue_cli, "-l", "fr") if e["id"] == first["id"])
    assert (now["state"], now["flags"]) == ("needs_review", [])
    after = status_fr()
    assert (after["machine"], after["needs_review"], after["flagged"], after["queue"]) == \
        (before["machine"] - 1, before["needs_review"] + 1, before["flagged"] - 1, before["queue"])
    assert f"fr: {after['queue']} waiting: {after['machine']} machine, 1 needs review" in \
        queue_cli("status", "-l", "fr").stdout
    shown = queue_cli("review", "show", first["id"]).stdout
    assert "state:      needs_review" in shown and "(the text edited by a person since)" in shown
    assert "flags:      none" in shown

    bulk = queue_cli("review", "accept", "--all", "-l", "fr", "--article", "kim-jong-un-china-parade")
    assert "left for a look: 1 needs-review entry (a changed source, or a text a person changed)" in bulk.stdout
    kept = polib.pofile(str(path)).find(first["msgid"])
    assert kept.fuzzy and kept.msgstr == mine
    left = listing(queue_cli, "-l", "fr", "--article", "kim-jong-un-china-parade")
    assert [e["id"] for e in left] == [first["id"]]
    assert "nothing to accept: no machine draft" in \
        queue_cli("review", "accept", "--all", "-l", "fr", "--article", "kim-jong-un-china-parade").stdout
    # asked for by its state, the bulk accept takes it
    queue_cli("review", "accept", "--all", "-l", "fr", "--article", "kim-jong-un-china-parade",
              "--state", "needs_review")
    approved = polib.pofile(str(path)).find(first["msgid"])
    assert not approved.fuzzy and approved.msgstr == mine
    assert not listing(queue_cli, "-l", "fr", "--article", "kim-jong-un-china-parade")


def test_a_table_is_edited_a_line_at_a_time_at_the_line_prompt(cli) -> None:  # type: ignore[no-untyped-def]
    """A text of several lines (a Markdown table) is typed a line at a time, an empty line
    ending it (before: one line only, so a table could not be edited without $EDITOR)."""
    import pexpect

    from build_fixtures import set_entry
    from test_build import TABLE_ARTICLE, TABLE_MSGID

    (cli.root / "articles" / "zz-table.md").write_text(TABLE_ARTICLE, encoding="utf-8")
    cli("extract")
    cli("update", "-l", "fr")
    set_entry(cli.root, "fr", "articles/zz-table", TABLE_MSGID, TABLE_MSGID.replace("North", "Nord"), "machine")
    child = _review_on_a_terminal(cli.root, "-l", "fr", "--article", "zz-table")
    child.expect("1 / 1")
    child.expect("table")
    child.send("e")
    rows = ["| Circonscription | Participation | Vainqueur |", "| :-- | --: | :-: |", "| Nord | 61 % | **Verts** |",
            "| Sud | 58 % | [Sociaux-démocrates](https://example.org/sd?a=1&b=2) |",
            "| Est \\| Vieille ville | 55 % | <script>alert(1)</script> |"]
    for number, row in enumerate(rows, 1):
        child.expect(f"line {number} of 5")
        child.sendline(row)
    child.expect("an empty line ends it")
    child.sendline("")
    child.expect("1 accepted|1 edited|reviewed as")
    child.expect(pexpect.EOF)
    message = polib.pofile(str(cli.root / "locales/fr/LC_MESSAGES/articles/zz-table.po")).find(TABLE_MSGID)
    assert message.msgstr == "\n".join(rows) and "fuzzy" not in message.flags


def test_ctrl_d_at_an_edit_or_reason_prompt_cancels_it_and_ctrl_c_ends_the_session(queue_cli) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+D ends a line without Enter: the edit or the reason being typed is cancelled
    (before, Python's input() saved the text less its last character). Ctrl+C at a prompt
    ends the session with its summary, as at the keys; what was done before it stands."""
    import pexpect

    root = queue_cli.root
    entries = listing(queue_cli, "-l", "fr")
    before = {p: p.read_bytes() for p in (root / "locales/fr").rglob("*.po")}
    child = _review_on_a_terminal(root, "-l", "fr")
    child.expect(rf"1 / {len(entries)}")
    child.send("e")
    child.expect("new translation")
    child.send("Votent les turbines")
    child.send("\x04")  # Ctrl+D after some text
    child.expect("edit cancelled: nothing saved")
    child.send("e")
    child.expect("new translation")
    child.send("\x04")  # Ctrl+D on an empty line
    child.expect("edit cancelled: nothing saved")
    child.send("r")
    child.expect("reason")
    child.send("half typed\x04")
    child.expect("reject cancelled: nothing saved")
    assert {p: p.read_bytes() for p in before} == before  # nothing saved, nothing logged
    assert not (root / "locales/fr/review.jsonl").exists()
    child.send("a")
    child.expect(rf"2 / {len(entries)}")
    child.send("r")
    child.expect("reason")
    child.send("half typed")
    child.sendintr()  # Ctrl+C at the prompt
    child.expect("interrupted: ")
    child.expect("reviewed as Tess Terminal: 1 accepted, 0 edited, 0 rejected, 0 skipped")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0 and "Aborted" not in (child.before or "")
    records = [json.loads(line) for line in (root / "locales/fr/review.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(r["action"], r["id"]) for r in records] == [("accept", entries[0]["id"])]
    catalog = {m.msgid: m for p in (root / "locales/fr").rglob("*.po") for m in polib.pofile(str(p))}
    assert catalog[entries[1]["msgid"]].msgstr == entries[1]["msgstr"] and catalog[entries[1]["msgid"]].fuzzy


def test_going_back_to_an_entry_the_session_acted_on_acts_on_it_as_the_session_left_it(queue_cli) -> None:  # type: ignore[no-untyped-def]
    """``b`` to an entry this session accepted or rejected: the screen shows it as it is
    now, and a second action works on that (before: refused as "changed in the file since
    it was listed", and the screen showed the text from before the session's own action)."""
    import pexpect

    root = queue_cli.root
    slug = KIM.split("/", 1)[1]
    entries = listing(queue_cli, "-l", "fr", "--article", slug)
    first, second = entries[:2]
    assert "{" not in first["msgid"] + second["msgid"]  # (an edit keeps placeholders: none here)
    child = _review_on_a_terminal(root, "-l", "fr", "--article", slug)
    child.expect(rf"1 / {len(entries)}")
    child.send("a")
    child.expect(rf"2 / {len(entries)}")
    child.send("b")
    child.expect(rf"1 / {len(entries)} .*\] approved")
    child.send("a")
    child.expect("already approved; nothing to accept")
    child.send("e")
    child.expect("new translation")
    child.sendline("Premier texte revu")
    child.expect(rf"2 / {len(entries)}")
    child.send("r")
    child.expect("reason")
    child.sendline("faux")
    child.expect(rf"3 / {len(entries)}")
    child.send("b")
    child.expect(rf"2 / {len(entries)} .*\] untranslated")
    child.expect(r"candidate \(fr\):\s+\(empty\)")
    child.send("e")
    child.expect("new translation")
    child.sendline("Deuxième texte écrit")
    child.expect(rf"3 / {len(entries)}")
    child.send("q")
    child.expect("1 accepted, 2 edited, 1 rejected, 0 skipped, 1 refused")
    child.expect(pexpect.EOF)
    assert "changed in the file" not in (child.before or "")
    records = [json.loads(line) for line in (root / "locales/fr/review.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(r["action"], r["id"], r["before"]) for r in records] == [
        ("accept", first["id"], first["msgstr"]), ("edit", first["id"], first["msgstr"]),
        ("reject", second["id"], second["msgstr"]), ("edit", second["id"], "")]
    catalog = {m.msgid: m for p in (root / "locales/fr").rglob("*.po") for m in polib.pofile(str(p))}
    assert catalog[first["msgid"]].msgstr == "Premier texte revu" and not catalog[first["msgid"]].fuzzy
    assert catalog[second["msgid"]].msgstr == "Deuxième texte écrit" and not catalog[second["msgid"]].fuzzy
    assert REJECTED not in catalog[second["msgid"]].tcomment


def test_the_interactive_review_names_a_catalog_that_does_not_read_and_exits_1(queue_cli) -> None:  # type: ignore[no-untyped-def]
    """As review list does (before: the session skipped it silently and exited 0)."""
    import pexpect

    root = queue_cli.root
    path = po(root, "fr", KIM)
    text = path.read_text(encoding="utf-8")
    path.write_text(text + '\nmsgid "Beijing"\nmsgstr "Pékin"\n\nmsgid "Beijing"\nmsgstr "Pékin"\n', encoding="utf-8")
    listed = queue_cli("review", "list", "-l", "fr", code=1)
    (error,) = [line for line in listed.stderr.splitlines() if line.startswith("l10n: error:")]
    assert f"{KIM}.po" in error
    child = _review_on_a_terminal(root, "-l", "fr")
    child.expect("1 / ")
    child.expect_exact("1 catalog cannot be read; its entries are not in this queue:")
    child.expect(r"\s+".join(re.escape(word) for word in error[len("l10n: error: "):].split()))  # (wrapped)
    child.send("q")
    child.expect("reviewed as Tess Terminal: ")
    child.expect_exact(error)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    # only that catalog chosen: nothing to walk, and still named, exit 1
    child = _review_on_a_terminal(root, "-l", "fr", "--article", KIM.split("/", 1)[1])
    child.expect("the review queue is empty for fr of the catalogs that read")
    child.expect_exact(error)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1


def test_interactive_review_does_not_undo_an_approval_made_in_a_po_editor(queue_cli) -> None:  # type: ignore[no-untyped-def]
    import pexpect

    root = queue_cli.root
    first = listing(queue_cli, "-l", "fr", "--article", "kim-jong-un-china-parade")[0]
    child = _review_on_a_terminal(root, "-l", "fr", "--article", "kim-jong-un-china-parade")
    child.expect("1 / ")
    # approved in Poedit, its text unchanged
    path = _saved_by_a_translator(root, first, lambda m: setattr(m, "fuzzy", False))
    child.send("r")
    child.expect("reason")
    child.sendline("stale")
    child.expect("machine then, approved now")
    child.expect("the screen shows it as it is now")
    child.send("q")
    child.expect("0 accepted, 0 edited, 0 rejected, 0 skipped, 1 refused")
    child.expect(pexpect.EOF)
    kept = pofile.parse(path.read_bytes()).get(first["msgid"])
    assert kept.msgstr == first["msgstr"] and not kept.fuzzy


def test_review_without_a_terminal_prints_the_list(queue_cli) -> None:  # type: ignore[no-untyped-def]
    result = queue_cli("review", "-l", "de")
    assert re.search(r"^de: \d+ waiting", result.stdout, re.M)


def test_a_needs_review_entry_stays_so_after_pybabel_turns_its_previous_msgid_into_a_comment(queue_cli) -> None:  # type: ignore[no-untyped-def]
    root = queue_cli.root
    article = root / "articles/kim-jong-un-china-parade.txt"
    article.write_text(article.read_text(encoding="utf-8").replace("six years", "seven years"), encoding="utf-8")
    queue_cli("extract")
    queue_cli("update", "-l", "de")
    de = po(root, "de", KIM)
    assert b"#| msgid" in de.read_bytes()
    before = _entry_states(de)
    assert list(before.values()).count(State.NEEDS_REVIEW) == 1
    subprocess.run([str(Path(sys.executable).parent / "pybabel"), "update", "-i",
                    str(root / "locales/templates" / f"{KIM}.pot"), "-o", str(de), "-l", "de"],
                   check=True, capture_output=True)
    assert b"#| msgid" not in de.read_bytes()
    assert _entry_states(de) == before


def _long_entry(msgstr: str) -> Any:
    from l10n.review.queue import Entry
    from l10n.states import State

    return Entry(key="k" * 40, id="abc1234", locale="fr", catalog="locales/fr/LC_MESSAGES/articles/a.po",
                 domain="articles/a", article="a", role="paragraph", msgctxt=None,
                 msgid="The port will stay closed until the end of 2026.", msgstr=msgstr, state=State.MACHINE,
                 origin="argos", flags=(), po_flags=("fuzzy",), previous_msgid=None, rejected=None,
                 draft_unchanged=True, references=("articles/a.txt:3",), source_language="en", date=None,
                 position=1, line=3)


class _ScriptedTerminal:
    """The interactive review's terminal, played from a list of keys; it records what the
    loop told it (``events``) and what it paged."""

    def __init__(self, keys: list[str]) -> None:
        self.keys = keys
        self.events: list[str] = []
        self.paged: list[str] = []

    def key(self) -> str:
        self.events.append("key")
        return self.keys.pop(0)

    def show(self, text: str = "") -> None:
        if text.startswith("1 / "):
            self.events.append("screen")

    def clear(self) -> None:
        pass

    def ask(self, prompt: str, default: str = "") -> str:
        raise AssertionError("no prompt")

    def edit(self, text: str) -> str | None:
        raise AssertionError("no edit")

    def page(self, text: str) -> None:
        self.paged.append(text)

    def settle(self) -> None:
        self.events.append("settle")

    def drawn(self) -> None:
        self.events.append("drawn")


def test_a_long_entry_is_cut_to_fit_the_screen_and_v_shows_it_whole() -> None:
    from l10n.review import interactive

    loop = "Le port restera fermé jusqu'à la fin de 2026 " * 250 + "FIN"
    entry = _long_entry(loop)
    lines = interactive.screen(entry, 1, 9, ["error: repetition: a loop"], 100, 40).split("\n")
    assert len(lines) <= 38  # (room left for a message and the key)
    assert lines[0].startswith("1 / 9") and lines[-1].startswith("[a] accept") and lines[-1].endswith("[v] view all")
    with_help = interactive.screen(entry, 1, 9, ["error: repetition: a loop"], 100, 40, below=5).split("\n")
    assert len(with_help) <= 38 - 5  # (room for a message of five lines under it)
    assert any("more lines (v shows them all)" in line for line in lines)
    assert "  - error: repetition: a loop" in lines and "FIN" not in "\n".join(lines)
    short = interactive.screen(_long_entry("Le port restera fermé."), 1, 9, [], 100, 40)
    assert short == interactive.screen(_long_entry("Le port restera fermé."), 1, 9, [], 100)  # (nothing to cut)

    terminal = _ScriptedTerminal(["v", "q"])
    interactive.run([entry], terminal, lambda request: (_ for _ in ()).throw(AssertionError("no action")),
                    lambda e: [])
    assert len(terminal.paged) == 1 and terminal.paged[0].rstrip().endswith("[?] help") and "FIN" in terminal.paged[0]


def test_the_review_loop_takes_keys_only_once_a_screen_is_up_and_forgets_them_after_an_action() -> None:
    """The loop tells the terminal when a screen is up (keys typed before it then only
    move about the queue) and when an action was saved (keys typed meanwhile are dropped)."""
    from l10n.review import actions, interactive

    terminal = _ScriptedTerminal(["a", "q"])
    events = terminal.events
    entry = _long_entry("Le port restera fermé.")

    def perform(request: actions.Request) -> actions.ActionResult:
        events.append("perform")
        return actions.ActionResult((), (actions.Conflict("saved meanwhile", entry),))

    interactive.run([entry], terminal, perform, lambda e: [])
    assert events == ["screen", "drawn", "key", "perform", "settle", "screen", "drawn", "key"]


FUZZY_PLURAL = ('\n#, fuzzy\nmsgid "{n} comment"\nmsgid_plural "{n} comments"\n'
                'msgstr[0] "{n} commentaire"\nmsgstr[1] "{n} commentaires"\nmsgstr[2] "{n} de commentaires"\n')


def test_a_fuzzy_plural_entry_waits_for_a_po_editor_and_every_count_agrees(queue_cli) -> None:  # type: ignore[no-untyped-def]
    """The queue shows no plural forms: a fuzzy plural entry is not counted as waiting in
    it (status, review list, the build) but named as waiting for a PO editor (before:
    status and the build counted it, and the queue never showed it)."""
    root = queue_cli.root
    chrome = po(root, "fr", "chrome")
    chrome.write_text(chrome.read_text(encoding="utf-8") + FUZZY_PLURAL, encoding="utf-8")
    assert sum(1 for m in polib.pofile(str(chrome)) if m.msgid_plural and m.fuzzy) == 1
    entries = listing(queue_cli, "-l", "fr")
    assert not any(e["msgid"] == "{n} comment" for e in entries)
    (totals,) = json.loads(queue_cli("status", "-l", "fr", "--json", "--totals").stdout)
    assert totals["waiting"] == totals["queue"] == len(entries) and totals["plural_waiting"] == 1
    said = "fr: 1 plural entry waits for review in a PO editor (the review queue shows no plural forms)"
    status_out = queue_cli("status", "-l", "fr").stdout
    assert f"fr: {len(entries)} waiting: " in status_out and said in status_out
    listed = queue_cli("review", "list", "-l", "fr").stdout
    assert f"fr: {len(entries)} waiting: " in listed and said in listed
    assert said not in queue_cli("review", "list", "-l", "fr", "--article", KIM.split("/", 1)[1]).stdout
    report = json.loads(queue_cli("build", "--no-mt", "-l", "fr", "--json", code=None).stdout)
    (fr,) = [loc for loc in report["locales"] if loc["locale"] == "fr"]
    assert fr["queue"] == len(entries)


def test_a_blank_draft_is_not_accepted_as_a_blank_edit_is_not_saved(queue_cli) -> None:  # type: ignore[no-untyped-def]
    """Before: ``msgstr " "`` (fuzzy) was approved by accept, though an edit to " " was refused."""
    first = next(e for e in listing(queue_cli, "-l", "fr") if "{" not in e["msgid"])
    path = _saved_by_a_translator(queue_cli.root, first, lambda m: setattr(m, "msgstr", " \t "))
    before = path.read_bytes()
    assert next(e for e in listing(queue_cli, "-l", "fr") if e["id"] == first["id"])["msgstr"] == " \t "
    refused = queue_cli("review", "accept", first["id"], code=1)
    assert f"{first['id']}: not accepted: its translation is blank" in refused.stderr
    assert "0 entries saved, 1 refused" in refused.stdout
    # (a draft a person changed is needs review: a bulk accept takes it only when asked for)
    everything = queue_cli("review", "accept", "--all", "-l", "fr", "--force", "--state", "needs_review", code=1)
    assert f"{first['id']}: not accepted: its translation is blank" in everything.stderr
    message = pofile.parse(path.read_bytes()).get(first["msgid"])
    assert message.fuzzy and message.msgstr == " \t "
    assert not any(r.id == first["id"] for r in log.read(config_mod.load(queue_cli.root), ["fr"]))
    assert before == path.read_bytes()


def test_the_interactive_screen_fits_a_narrow_terminal(queue_cli) -> None:  # type: ignore[no-untyped-def]
    """At 40 columns every line of the screen, its head, findings and keys included, fits
    (before: texts were wrapped at 42 columns, and the head, origin, findings and keys not
    at all, so the terminal broke them and the position line scrolled off)."""
    import pexpect

    from l10n.review.display import columns

    root = queue_cli.root
    entries = listing(queue_cli, "-l", "fr", "--article", KIM.split("/", 1)[1])
    longest = max(entries, key=lambda e: len(e["msgid"]))
    _saved_by_a_translator(root, longest, lambda m: setattr(m, "msgstr", "全角の文字 <b>" + longest["msgstr"] * 3))
    position = next(i for i, e in enumerate(entries) if e["id"] == longest["id"])
    import io

    child = _review_on_a_terminal(root, "-l", "fr", "--article", KIM.split("/", 1)[1], columns=40, lines=60)
    child.logfile_read = seen = io.StringIO()
    child.expect("1 / ")
    child.send("s" * position)
    child.expect(rf"\[{longest['id']}\]")
    child.expect(r"\[\?\] help")
    child.send("?")
    child.expect("cut to fit the screen")
    child.send("q")
    child.expect(pexpect.EOF)
    drawn = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "\n", seen.getvalue().replace("\r", ""))
    screen = drawn[drawn.rindex(f"{position + 1} / {len(entries)}"):drawn.rindex("reviewed as")]
    lines = screen.split("\n")
    assert lines[0].startswith(f"{position + 1} / {len(entries)}   fr   ")
    assert any("error: markup:" in line for line in lines) and any("全角" in line for line in lines)
    assert max(map(columns, lines)) <= 40, [line for line in lines if columns(line) > 40]


BUTTON = '\n#. chrome\n#, fuzzy\nmsgctxt "button"\nmsgid "Kontakt"\nmsgstr "Contact (bouton)"\n'


def test_the_context_of_an_entry_is_shown_where_entries_are_listed(queue_cli) -> None:  # type: ignore[no-untyped-def]
    """``Kontakt`` the button (msgctxt) and ``Kontakt`` the footer link are two entries:
    the list and the interactive screen say which is which (before: they looked alike)."""
    import pexpect

    root = queue_cli.root
    chrome = po(root, "fr", "chrome")
    chrome.write_text(chrome.read_text(encoding="utf-8") + BUTTON, encoding="utf-8")
    (button,) = [e for e in listing(queue_cli, "-l", "fr") if e["msgctxt"] == "button"]
    line = next(line for line in queue_cli("review", "list", "-l", "fr").stdout.splitlines()
                if line.startswith(button["id"]))
    assert "chrome (needs review; context: button)" in line, line
    child = _review_on_a_terminal(root, "-l", "fr", "--state", "needs_review")
    child.expect(rf"1 / \d+ .*\[{button['id']}\]")
    child.expect(r"-{20,}\r\ncontext: button\r\nsource \(de\):\r\n  Kontakt")
    child.send("q")
    child.expect(pexpect.EOF)


RLO, ZWSP, PDF = "\u202e", "\u200b", "\u202c"


def test_characters_that_do_not_show_are_made_visible_for_display_only() -> None:
    from l10n.review.display import one_line, segments, visible

    assert visible(f"abc {RLO}evil{PDF} zw{ZWSP}sp \x1b[31m") == "abc ⟨U+202E⟩evil⟨U+202C⟩ zw⟨U+200B⟩sp ⟨U+001B⟩[31m"
    assert visible("line\nnext\tcell") == "line\nnext\tcell"
    persian, family = "می\u200cخواهم", "👨\u200d👩\u200d👧"  # (joiners between letters: how the script is written)
    assert visible(persian) == persian and visible(family) == family
    assert visible("a\u200db") == "a⟨U+200D⟩b"  # (between ASCII letters: a stray)
    assert segments(f"a{RLO}b") == [("a", None), ("⟨U+202E⟩", "RIGHT-TO-LEFT OVERRIDE"), ("b", None)]
    assert one_line(f"Zoë {RLO}evil{ZWSP}\n  Tester\x07") == "Zoë evil Tester"


def test_bidi_controls_show_as_markers_in_the_terminal_and_stay_in_the_file(queue_cli) -> None:  # type: ignore[no-untyped-def]
    """Before: shown raw, so a reviewer read the text turned around (and an escape
    character reached the terminal); a name or reason with them went into the catalog."""
    import pexpect

    root = queue_cli.root
    slug = KIM.split("/", 1)[1]
    first, second = listing(queue_cli, "-l", "fr", "--article", slug)[:2]
    hostile = f"Le {RLO}port{PDF} ferme{ZWSP} \x1b[2J"
    path = _saved_by_a_translator(root, first, lambda m: setattr(m, "msgstr", hostile))
    listed = queue_cli("review", "list", "-l", "fr", "--article", slug).stdout
    shown = queue_cli("review", "show", first["id"]).stdout
    assert "Le ⟨U+202E⟩port⟨U+202C⟩ ferme⟨U+200B⟩ ⟨U+001B⟩[2J" in shown and "→ Le ⟨U+202E⟩port" in listed
    for out in (listed, shown):
        assert RLO not in out and ZWSP not in out and "\x1b" not in out
    child = _review_on_a_terminal(root, "-l", "fr", "--article", slug)
    child.logfile_read = seen = __import__("io").StringIO()
    child.expect("1 / ")
    child.expect(r"\[\?\] help")
    child.send("s")
    child.expect("2 / ")
    child.send("q")
    child.expect(pexpect.EOF)
    screen = seen.getvalue()
    assert "Le ⟨U+202E⟩port⟨U+202C⟩ ferme⟨U+200B⟩ ⟨U+001B⟩[2J" in screen and RLO not in screen
    assert pofile.parse(path.read_bytes()).get(first["msgid"]).msgstr == hostile  # (display only)

    rejected = queue_cli("review", "reject", second["id"], "--reason", f"bad {RLO}grammar{ZWSP}\nhere",
                         "--reviewer", f"Eve {RLO}lived")
    assert "as Eve lived" in rejected.stdout
    catalog = polib.pofile(str(root / second["catalog"]))
    assert catalog.metadata["Last-Translator"] == "Eve lived"
    assert "by Eve lived: bad grammar here" in catalog.find(second["msgid"]).tcomment
    (record,) = [r for r in log.read(config_mod.load(root), ["fr"]) if r.id == second["id"]]
    assert (record.reviewer, record.reason) == ("Eve lived", "bad grammar here")
