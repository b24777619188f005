"""Runs with nothing to do write nothing, and what l10n remembers between runs never hides
a change: an edit made right after a run, even one that keeps the file's size, is seen."""

from __future__ import annotations

import json
import os
from pathlib import Path

from l10n.catalogs import pofile

KIM = "locales/de/LC_MESSAGES/articles/kim-jong-un-china-parade.po"


def _files(root: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(root.rglob("*")) if p.is_file() and p.name != ".l10n.lock"}


def test_a_second_round_with_nothing_changed_writes_no_file(cli) -> None:  # type: ignore[no-untyped-def]
    for command in ("extract", "update", "compile", "status"):
        cli(command)
    first = _files(cli.root)
    for command in ("extract", "update", "compile", "status"):
        cli(command)
    assert _files(cli.root) == first


def test_an_edit_right_after_a_run_is_seen_even_with_the_same_size(cli) -> None:  # type: ignore[no-untyped-def]
    cli("extract")
    cli("update")
    cli("status")
    path = cli.root / KIM
    catalog = pofile.parse(path.read_bytes())
    entry = catalog.messages[0]
    entry.msgstr = "x"
    path.write_bytes(pofile.dump(catalog))
    size = path.stat().st_size
    report = json.loads(cli("status", "-l", "de", "--json").stdout)
    row = next(r for r in report if r["catalog"] == KIM)
    assert row["approved"] == 1
    # Same size, same inode, written in place: only the contents differ.
    data = path.read_bytes().replace(b'msgstr "x"', b'msgstr "y"')
    with open(path, "r+b") as handle:
        handle.write(data)
    assert path.stat().st_size == size
    cli("update", "-l", "de")
    assert b'msgstr "y"' in path.read_bytes()
    cli("compile", "-l", "de")
    import gettext

    with open(path.with_suffix(".mo"), "rb") as handle:
        assert gettext.GNUTranslations(handle).gettext(entry.msgid) == "y"


def test_an_old_edit_with_a_new_mtime_is_seen(cli) -> None:  # type: ignore[no-untyped-def]
    cli("extract")
    cli("update")
    cli("status")
    path = cli.root / KIM
    # Pretend the run was long ago, then edit: the stat changes, so the file is read.
    from l10n import cache

    ledger = cli.root / ".l10n/cache/status.ledger"
    data = cache.ledger_data(ledger.read_bytes())
    data["written_at"] -= 3600
    ledger.write_bytes(cache.ledger_bytes(data))
    catalog = pofile.parse(path.read_bytes())
    catalog.messages[0].msgstr = "Kim kehrt zurück"
    path.write_bytes(pofile.dump(catalog))
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    row = next(r for r in json.loads(cli("status", "-l", "de", "--json").stdout) if r["catalog"] == KIM)
    assert row["approved"] == 1


def test_what_other_code_remembered_is_not_read(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A ledger written by other code (an upgrade of l10n) is as good as none: the stage
    does its work again (and still writes only what differs)."""
    from l10n import cache, compile as compile_op, config as config_mod

    cli("extract")
    cli("update")
    config = config_mod.load(cli.root)
    paths = compile_op.workspace_catalogs(config)
    compiled: list[int] = []
    real = compile_op._build_all

    def counting(items, progress=None):  # type: ignore[no-untyped-def]
        compiled.append(len(items))
        return real(items, progress)

    monkeypatch.setattr(compile_op, "_build_all", counting)

    def compile_all() -> None:
        assert not compile_op.run(paths, locks=config.locales_path, config=config).errors

    compile_all()
    compile_all()  # remembered: nothing to do
    assert compiled == [len(paths), 0] and len(paths) > 1
    before = _files(cli.root / "locales")
    version = cache.code_version()
    monkeypatch.setattr(cache, "code_version", lambda: version + "-upgraded")
    compile_all()
    assert compiled == [len(paths), 0, len(paths)]  # every catalog compiled again
    assert _files(cli.root / "locales") == before  # the same bytes: nothing written
    compile_all()
    assert compiled[-1] == 0  # remembered anew, by this code


def test_a_ledger_keeps_any_key_and_value_and_a_damaged_one_is_none(workspace: Path) -> None:
    """A ledger keeps its keys, and each value as its JSON text: keys and values with tabs,
    newlines and any character come back as they were put, also after an entry was put
    again and one dropped; a file cut short or garbled reads as an empty ledger (only the
    next run is slower)."""
    from l10n import cache, config as config_mod

    config = config_mod.load(workspace)
    odd = {"tab\there": ["a\tb", "line\nbreak"], "line\nkey": {"ü": "„quoted“ \\ back"}, "": None,
           "article:x": '{"json": "as text"}', "n": 1.5, "gone": 1}
    ledger = cache.Ledger.open(config, "odd")
    for key, value in odd.items():
        ledger.put(key, value)
    ledger.save()
    again = cache.Ledger.open(config, "odd")
    assert {key: again.get(key) for key in again.entries} == odd
    assert again.written_at == ledger.written_at
    again.put("n", [2, "two"])
    again.drop(["gone"])
    again.save()
    odd.update(n=[2, "two"])
    del odd["gone"]
    third = cache.Ledger.open(config, "odd")
    assert {key: third.get(key) for key in third.entries} == odd

    path = workspace / ".l10n/cache/odd.ledger"
    raw = path.read_bytes()
    for damaged in (raw[:-5], raw + b" ", raw.replace(b'"sizes":[', b'"sizes":[1,', 1), b"", b"[]\n", b"{}\n",
                    raw.replace(b"\n", b" ", 1)):
        path.write_bytes(damaged)
        assert cache.Ledger.open(config, "odd").entries == {}, damaged[:40]
