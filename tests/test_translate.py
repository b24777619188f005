"""l10n translate: memory first, then MT; drafts fuzzy with origin; never over a human."""

from __future__ import annotations

import datetime as dt
import os
import json
import time
import subprocess
from pathlib import Path

import pytest

from l10n import config as config_mod
from l10n import translate
from l10n.catalogs import pofile
from l10n.mt.engine import FakeEngine, PivotEngine
from l10n.states import ORIGIN, REJECTED, State, marker, source_hash, state
from apertium_fixtures import without_apertium  # noqa: F401  (fixture)

KIM = "articles/kim-jong-un-china-parade"
TODAY = dt.date(2026, 11, 28)


def po(root: Path, locale: str, domain: str) -> Path:
    return root / "locales" / locale / "LC_MESSAGES" / f"{domain}.po"


def load(path: Path):  # type: ignore[no-untyped-def]
    return pofile.parse(path.read_bytes(), str(path))


def save(path: Path, catalog) -> None:  # type: ignore[no-untyped-def]
    path.write_bytes(pofile.dump(catalog))


@pytest.fixture
def updated(cli):  # type: ignore[no-untyped-def]
    cli("extract")
    cli("update")
    return cli


def run(root: Path, engine, **kwargs):  # type: ignore[no-untyped-def]
    return translate.run(config_mod.load(root), engine, today=TODAY, **kwargs)


def test_fills_every_entry_fuzzy_with_origin_and_keeps_humans(updated) -> None:  # type: ignore[no-untyped-def]
    root = updated.root
    de = po(root, "de", KIM)
    catalog = load(de)
    ids = [m.msgid for m in catalog.messages]
    catalog.messages[0].msgstr = "Von Hand, freigegeben"  # approved
    catalog.messages[1].msgstr = "Von Hand, Entwurf"  # a human's draft
    catalog.messages[1].fuzzy = True
    catalog.messages[2].translator_comments.append(f"{REJECTED} 2026-11-27 by eva: wrong")
    save(de, catalog)

    result = run(root, PivotEngine(FakeEngine()), locales=["de"])
    assert result.missing == ()
    after = load(de)
    assert after.get(ids[0]).msgstr == "Von Hand, freigegeben" and state(after.get(ids[0])) is State.APPROVED
    assert after.get(ids[1]).msgstr == "Von Hand, Entwurf"
    assert after.get(ids[2]).msgstr == ""
    for msgid in ids[3:]:
        entry = after.get(msgid)
        assert entry.msgstr == f"[de] {msgid}" and entry.fuzzy
        assert marker(entry, ORIGIN) == (f"mt fake en->de 2026-11-28 src:{source_hash(msgid)} "
                                         f"draft:{source_hash(entry.msgstr)}")
        assert state(entry) is State.MACHINE
    assert subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(de)]).returncode == 0


def test_second_run_changes_nothing(updated) -> None:  # type: ignore[no-untyped-def]
    root = updated.root
    run(root, PivotEngine(FakeEngine()), locales=["de"])
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (root / "locales").rglob("*.po")}
    engine = FakeEngine()
    result = run(root, PivotEngine(engine), locales=["de"])
    assert not any(c.written for c in result.catalogs)
    assert engine.calls == []
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in before} == before


def test_translation_memory_comes_first_and_names_its_catalog(updated) -> None:  # type: ignore[no-untyped-def]
    root = updated.root
    # The same text, approved in another catalog of the same locale.
    other = po(root, "de", "articles/berlin-marathon-record")
    source = load(po(root, "de", KIM))
    text = source.messages[5].msgid
    catalog = load(other)
    catalog.messages.append(type(source.messages[5])(msgid=text, msgstr="Aus dem Gedächtnis"))
    save(other, catalog)
    engine = FakeEngine()
    run(root, PivotEngine(engine), locales=["de"], article="kim-jong-un-china-parade")
    entry = load(po(root, "de", KIM)).get(text)
    assert entry.msgstr == "Aus dem Gedächtnis" and entry.fuzzy
    assert marker(entry, ORIGIN) == (f"tm locales/de/LC_MESSAGES/articles/berlin-marathon-record.po {TODAY} "
                                     f"src:{source_hash(text)} draft:{source_hash('Aus dem Gedächtnis')}")
    assert all(text not in call[0] for call in engine.calls)


def test_all_pending_texts_of_a_pair_go_in_one_call(updated) -> None:  # type: ignore[no-untyped-def]
    engine = FakeEngine()
    run(updated.root, PivotEngine(engine), locales=["de"])
    assert [(s, t) for _, s, t in engine.calls] == [("en", "de")]
    assert len(engine.calls[0][0]) == len(set(engine.calls[0][0])) > 40


def test_chrome_pivots_through_english_and_missing_pair_is_reported(updated) -> None:  # type: ignore[no-untyped-def]
    root = updated.root
    engine = FakeEngine(installed=(("de", "en"), ("en", "fr"), ("en", "de")))
    result = run(root, PivotEngine(engine), locales=["fr", "es"])
    chrome = load(po(root, "fr", "chrome")).get("Impressum")
    assert chrome.msgstr == "[fr] [en] Impressum"
    assert marker(chrome, ORIGIN).startswith("pivot de->en->fr: mt fake de->en + mt fake en->fr")
    assert {(m.source, m.target) for m in result.missing} == {("de", "es"), ("en", "es")}
    assert load(po(root, "es", KIM)).messages[0].msgstr == ""


def test_placeholders_survive_the_fake_engine_and_cli_exit_codes(updated, without_apertium) -> None:  # type: ignore[no-untyped-def]
    # No model installed at all (no Argos model, no Apertium): every pair is missing, exit 1, one line per pair.
    result = updated("translate", "-l", "es", code=1)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2 and all(line.startswith("l10n: error: no translation model for") for line in lines)
    assert "l10n models install" in lines[0]
    assert result.stdout.strip().endswith(
        "next: install the missing models (l10n models install --needed), then l10n translate again")


def test_unknown_article_is_a_usage_error(updated) -> None:  # type: ignore[no-untyped-def]
    result = updated("translate", "--article", "nope", code=2)
    assert "--article nope" in result.stderr


def test_translate_takes_several_articles_and_review_and_check_one(updated) -> None:  # type: ignore[no-untyped-def]
    slugs = sorted(p.stem for p in (updated.root / "articles").iterdir())[:2]
    result = run(updated.root, PivotEngine(FakeEngine()), locales=["de"], article=slugs)
    assert {Path(c.catalog).stem for c in result.catalogs} == set(slugs)
    assert "--article nope" in updated("translate", "--article", slugs[0], "--article", "nope", code=2).stderr
    for command in (["review", "list"], ["check"]):
        said = updated(*command, "--article", slugs[0], "--article", slugs[1], code=2).stderr
        assert "one article at a time" in said, command


# --- the real engine: tiny random-weight models installed from files ---------------------


@pytest.fixture
def short_models(argos_packages: Path, tiny_model):  # type: ignore[no-untyped-def]
    """en->de, de->en, en->fr tiny models installed from files. Their end-of-sentence
    bias makes them stop early, as trained models do; a random model without it decodes to
    the length bound every time, which costs minutes and is tested in test_mt_*."""
    from l10n.mt.packages import install_file

    return {pair: install_file(tiny_model(*pair, eos_bias=4.0), argos_packages) for pair in (("en", "de"), ("de", "en"), ("en", "fr"))}


def test_real_models_fill_de_pivot_fr_chrome_and_report_es(updated, short_models, without_apertium) -> None:  # type: ignore[no-untyped-def]
    root = updated.root
    de = po(root, "de", KIM)
    catalog = load(de)
    approved_id = catalog.messages[0].msgid
    catalog.messages[0].msgstr = "Kim Jong Uns kühne Rückkehr"
    save(de, catalog)

    result = updated("translate", "--json", code=1)
    report = json.loads(result.stdout)
    assert {(m["source"], m["target"]) for m in report["missing"]} == {("de", "es"), ("en", "es")}
    # One line per missing model, which both pairs need (the chrome goes through English).
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("l10n: error: no translation model for en->es (needed for the articles in es, and the "
                           "chrome in es (through en)); install one with `l10n models install en es`")
    assert [(m["source"], m["target"]) for m in report["missing_models"]] == [("en", "es")]

    after = load(de)
    assert after.get(approved_id).msgstr == "Kim Jong Uns kühne Rückkehr" and not after.get(approved_id).fuzzy
    for entry in after.active[1:]:
        assert entry.fuzzy and entry.msgstr, entry.msgid
        origin = marker(entry, ORIGIN)
        assert origin.startswith("mt argos en->de translate-en_de") and f" {dt.date.today().isoformat()} src:" in origin
    fr_chrome = load(po(root, "fr", "chrome"))
    published = fr_chrome.get("Veröffentlicht am {date}")
    assert published.fuzzy and "{date}" in published.msgstr
    assert marker(published, ORIGIN).startswith("pivot de->en->fr")
    for path in (root / "locales").rglob("*.po"):
        assert subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)]).returncode == 0

    before = {p: p.read_bytes() for p in (root / "locales").rglob("*.po")}
    again = updated("translate", code=1)
    assert "0 drafts written in 0 catalogs" in again.stdout
    assert {p: p.read_bytes() for p in before} == before


def test_memory_is_not_used_for_an_entry_with_a_context(updated) -> None:  # type: ignore[no-untyped-def]
    from l10n.catalogs.model import Message

    root = updated.root
    other, mine = po(root, "de", "articles/berlin-marathon-record"), po(root, "de", KIM)
    catalog = load(other)
    catalog.messages.append(Message(msgid="Kontakt", msgstr="Kontakt (Fußzeile)"))
    save(other, catalog)
    catalog = load(mine)
    catalog.messages.append(Message(msgid="Kontakt", msgctxt="verb"))
    save(mine, catalog)
    run(root, PivotEngine(FakeEngine()), locales=["de"])
    entry = load(mine).get("Kontakt", "verb")
    assert entry.msgstr == "[de] Kontakt" and marker(entry, ORIGIN).startswith("mt fake")


def test_an_empty_machine_output_drafts_the_source_flagged(updated) -> None:  # type: ignore[no-untyped-def]
    from l10n.mt.engine import Translation
    from l10n.states import FLAG

    class Mute(FakeEngine):
        def translate(self, texts, source, target, progress=None):  # type: ignore[no-untyped-def]
            return [Translation("" if i == 0 else f"[{target}] {t}", f"mt mute {source}->{target}") for i, t in enumerate(texts)]

    root = updated.root
    result = run(root, PivotEngine(Mute()), locales=["de"], article="kim-jong-un-china-parade")
    first = load(po(root, "de", KIM)).messages[0]
    assert first.msgstr == first.msgid and first.fuzzy and marker(first, FLAG) == "empty-output"
    assert sum(c.empty for c in result.catalogs) == 1
    again = run(root, PivotEngine(Mute()), locales=["de"], article="kim-jong-un-china-parade")
    assert not any(c.written for c in again.catalogs)


def test_a_model_that_goes_missing_after_some_chunks_reports_each_catalog_once(updated) -> None:  # type: ignore[no-untyped-def]
    """The chunks already translated are in; the rest get their memory fills alone; no
    catalog is written or reported twice, and each is reported once it is in place."""
    from l10n.mt.engine import missing_model

    class Vanishing(FakeEngine):
        def translate(self, texts, source, target, progress=None):  # type: ignore[no-untyped-def]
            if self.calls:  # the model is gone after the first chunk
                raise missing_model(source, target, [])
            return super().translate(texts, source, target, progress)

    root = updated.root
    config = config_mod.load(root)
    reported: list[str] = []

    def heard(filled) -> None:  # type: ignore[no-untyped-def]
        assert (root / filled.catalog).is_file()
        reported.append(filled.catalog)

    result = translate.run(config, Vanishing(), ["de"], progress=None, on_catalog=heard, chunk_texts=1,
                           today=TODAY)
    catalogs = [c.catalog for c in result.catalogs]
    assert len(catalogs) == len(set(catalogs)) and sorted(reported) == sorted(catalogs)
    assert result.missing and any(c.machine for c in result.catalogs)  # the first chunk's drafts went in


@pytest.mark.parametrize("when", ["before its catalog is written", "while the batch is made durable"])
def test_a_catalog_a_translator_saves_broken_meanwhile_is_left_as_saved_and_the_others_are_drafted(
        updated, monkeypatch, when: str) -> None:  # type: ignore[no-untyped-def]
    """A half-finished edit saved while translate runs (before the catalog is written, or
    after it was staged and before the batch ends): that catalog is named and left as the
    translator saved it; every other catalog gets its drafts (before, the whole run stopped
    with exit 2 and the drafts of every catalog were lost)."""
    from l10n import fsio

    root = updated.root
    victim = po(root, "de", KIM)
    broken = victim.read_bytes() + b'\nmsgid "half\nmsgstr ""\n'

    def save_broken() -> None:
        victim.write_bytes(broken)
        stamp = time.time() - 60  # (as if saved a while ago: no wait for the editor to finish)
        os.utime(victim, (stamp, stamp))

    if when == "before its catalog is written":
        class Saving(FakeEngine):
            def translate(self, texts, source, target, progress=None):  # type: ignore[no-untyped-def]
                if not self.calls:
                    save_broken()
                return super().translate(texts, source, target, progress)

        engine = Saving()
    else:
        durable = fsio._Batch._make_durable

        def saving_meanwhile(batch) -> None:  # type: ignore[no-untyped-def]
            if any(item.path == victim for item in batch.staged) and victim.read_bytes() != broken:
                save_broken()
            durable(batch)

        monkeypatch.setattr(fsio._Batch, "_make_durable", saving_meanwhile)
        engine = FakeEngine()
    config = config_mod.load(root)
    result = translate.run(config, PivotEngine(engine), locales=["de"], today=TODAY)
    assert victim.read_bytes() == broken
    assert len(result.errors) == 1 and str(result.errors[0]).startswith(f"{config.shown(victim)}:"), result.errors
    assert result.exit_code == 1
    written = {c.catalog for c in result.catalogs if c.written}
    assert config.relative(victim) not in written and len(written) >= 2
    for catalog in (root / "locales" / "de" / "LC_MESSAGES").rglob("*.po"):
        if catalog != victim:
            assert "mt fake" in catalog.read_text(encoding="utf-8"), catalog


def test_a_chunk_size_given_as_a_function_is_worked_out_once_and_only_when_there_is_work(updated) -> None:  # type: ignore[no-untyped-def]
    """(--ray works it out from the cluster's CPUs: a run with nothing to translate joins
    no cluster.)"""
    asked: list[int] = []

    def size() -> int:
        asked.append(1)
        return 3

    engine = FakeEngine()
    result = translate.run(config_mod.load(updated.root), PivotEngine(engine), ["de"], chunk_texts=size, today=TODAY)
    assert asked == [1] and result.drafts > 3
    assert len(engine.calls) > 2  # (one a pair with the default size: here a chunk a catalog or so)
    again = translate.run(config_mod.load(updated.root), PivotEngine(FakeEngine()), ["de"], chunk_texts=size,
                          today=TODAY)
    assert asked == [1] and again.drafts == 0


def test_a_pivot_leg_that_fails_is_reported_for_each_locale_it_leaves_without_drafts(updated) -> None:  # type: ignore[no-untyped-def]
    """The chrome of fr and es goes through de->en; that leg failing leaves both without
    drafts: each locale's pair is in ``missing`` (what the build's locale reports read),
    and the failure is said once, naming the leg."""
    from l10n.errors import EngineFailed

    class Broken(FakeEngine):
        def translate(self, texts, source, target, progress=None):  # type: ignore[no-untyped-def]
            if (source, target) == ("de", "en"):
                raise EngineFailed("the engine failed on de->en; mend it", ("de", "en"))
            return super().translate(texts, source, target, progress)

    result = run(updated.root, PivotEngine(Broken()), locales=["fr", "es"])
    assert sorted((m.source, m.target) for m in result.missing) == [("de", "es"), ("de", "fr")]
    assert all(m.failed and m.failed_on == ("de", "en") for m in result.missing)
    assert [(m.source, m.target, m.failed) for m in result.missing_models] == [("de", "en", True)]
