"""The Apertium engine: real Spanish from the installed apertium-eng-spa, the stream format,
a scripted `apertium` for what the real one rarely does (fail, lose a sentinel, loop), and
which engine a pair uses.

Tests marked with ``apertium_en_es`` run the real engine: they skip where it is absent,
and fail in CI (see tests/apertium_fixtures.py).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from l10n.config import MTConfig
from l10n.errors import MissingModelError
from l10n.glossary import Glossary
from l10n.mt import apertium
from l10n.mt.apertium import ApertiumEngine, decode_segment, encode_segment
from l10n.mt.choose import ChoosingEngine, create_engine
from l10n.mt.engine import FakeEngine, PivotEngine, Progress, Translation
from l10n.states import ORIGIN, State, marker, state
from apertium_fixtures import (  # noqa: F401  (fixtures)
    apertium_en_es,
    fake_apertium,
    without_apertium,
)
from mt_fixtures import argos_env, argos_packages, installed_models, tiny_model  # noqa: F401

GLOSSARY = ["Kim Jong Un", "Xi Jinping", "Donald Trump"]


@pytest.fixture
def engine(apertium_en_es: None) -> ApertiumEngine:  # noqa: F811
    return ApertiumEngine(glossary=GLOSSARY)


# ---------------------------------------------------------------------------------------
# The real engine


def test_known_sentences_come_out_in_spanish(engine: ApertiumEngine) -> None:
    results = engine.translate(["The house is big.", "Good morning.", "I have a house."], "en", "es")
    assert [r.text for r in results] == ["La casa es grande.", "Buenos días.", "Tengo una casa."]
    assert all(r.flags == () for r in results)


def test_the_origin_names_engine_pair_mode_and_package_version(engine: ApertiumEngine) -> None:
    [result] = engine.translate(["The house is big."], "en", "es")
    version = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", "apertium-eng-spa"],
                             capture_output=True, text=True).stdout
    assert result.origin == f"mt apertium en->es eng-spa {version or 'unknown'}"


def test_placeholders_survive_where_plain_apertium_translates_them(engine: ApertiumEngine) -> None:
    plain = subprocess.run(["apertium", "-u", "eng-spa"], input="Published on {date}.",
                           capture_output=True, text=True, timeout=60).stdout
    assert "{date}" not in plain  # Apertium on its own makes it "{cita}"
    [result] = engine.translate(["Published on {date}."], "en", "es")
    assert result.text == "Publicado en {date}."
    assert result.flags == ()


def test_glossary_names_survive_where_plain_apertium_translates_them(engine: ApertiumEngine) -> None:
    texts = ["North Korean leader Kim Jong Un will visit China.", "Donald Trump met Xi Jinping."]
    unprotected = ApertiumEngine().translate(texts, "en", "es")
    assert "Donald Trump" not in unprotected[1].text  # "Donald Triunfo"
    kim, trump = engine.translate(texts, "en", "es")
    assert kim.text == "Dirigente coreano del norte Kim Jong Un visitará China."
    # Not an echo, names verbatim, and no capital after a sentence-initial name.
    assert trump.text == "Donald Trump cumplió Xi Jinping."
    assert kim.flags == trump.flags == ()


def test_reserved_characters_of_the_stream_format_survive(engine: ApertiumEngine) -> None:
    source = r"Write to press@example.com or https://example.com/news [sic] <b> a\b ^x$ 5%."
    [result] = engine.translate([source], "en", "es")
    assert result.text.startswith("Escribe a press@example.com o https://example.com/news [sic] <b>")
    assert result.text.endswith(r"\b ^x$ 5%.")


def test_a_tilde_apertium_would_drop_comes_back(engine: ApertiumEngine) -> None:
    texts = ["It costs ~€50 now.", "Prices rose ~5% in March.", "Use ~/bin and x~y today."]
    results = engine.translate(texts, "en", "es")
    assert [r.text.count("~") for r in results] == [1, 1, 2], [r.text for r in results]
    assert results[0].text == "Cuesta ~€50 ahora." and "~5%" in results[1].text and "x~y" in results[2].text
    assert all(r.flags == () for r in results)


def test_markup_glued_to_words_is_translated_with_them(engine: ApertiumEngine) -> None:
    texts = ["Read <b>the full report</b> at [the agency site](https://example.org/report?a=1&b=2), "
             "or write to press@example.org.", "The <em>new</em> rules &amp; fines apply from www.example.eu/rules."]
    report, rules = engine.translate(texts, "en", "es")
    assert report.text == ("Leído <b>el informe lleno</b> en [el sitio de agencia](https://example.org/report?a=1&b=2), "
                           "o escribir a press@example.org.")
    assert rules.text == "El <em>nuevo</em> gobierna &amp; las multas aplican de www.example.eu/rules."
    assert report.flags == rules.flags == ()
    texts = ['Click <a href="{url}">here</a> or see https://x.com/{slug}/page now.', "Prices rose to {amount}00 euros.",
             "Use `pip install` and read [the docs](/reports/2024).", "Flights got cheap<!-- check -->. Trains did not."]
    assert [r.text for r in engine.translate(texts, "en", "es")] == [
        'Clic <a href="{url}">aquí</a> o ver https://x.com/{slug}/page ahora.', "Los precios ascendieron a {amount}00 euros.",
        "Uso `pip install` y leído [el docs](/reports/2024).", "Los vuelos cogían baratos<!-- check -->. Trenes no."]


def test_whitespace_between_sentences_and_paragraphs_is_kept(engine: ApertiumEngine) -> None:
    [result] = engine.translate(["The house is big.  I have a house.\n\nGood morning."], "en", "es")
    assert result.text == "La casa es grande.  Tengo una casa.\n\nBuenos días."


def test_many_segments_in_one_process_run_in_order(engine: ApertiumEngine,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    runs: list[int] = []
    real = engine._run_once

    def counted(pair: apertium.ApertiumPair, segments: list[str]) -> list[str]:
        runs.append(len(segments))
        return real(pair, segments)

    monkeypatch.setattr(engine, "_run_once", counted)
    texts = [f"I have {n} houses." for n in range(1, 120)]
    results = engine.translate(texts, "en", "es")
    assert runs == [119]
    assert [r.text for r in results] == [f"Tengo {n} casas." for n in range(1, 120)]


def test_segments_per_run_bounds_a_run_and_reports_progress(apertium_en_es: None) -> None:  # noqa: F811
    engine = ApertiumEngine(segments_per_run=2)
    calls: list[tuple[int, int]] = []
    results = engine.translate(["The house is big.", "Good morning.", "I have a house."], "en", "es",
                               progress=lambda done, total: calls.append((done, total)))
    assert calls == [(2, 3), (3, 3)]
    assert results[2].text == "Tengo una casa."


def test_list_pairs_names_mode_package_and_version(apertium_en_es: None) -> None:  # noqa: F811
    pairs = {p.pair: p for p in apertium.list_pairs()}
    en_es = pairs[("en", "es")]
    assert (en_es.mode, en_es.package) == ("eng-spa", "apertium-eng-spa")
    assert ("es", "en") in pairs
    assert en_es.version != "unknown" or subprocess.run(["which", "dpkg-query"]).returncode != 0


# ---------------------------------------------------------------------------------------
# Stream format and language codes (pure)


def test_a_segment_is_escaped_and_closed() -> None:
    assert encode_segment("a [b] {c} @d/e <f> ^g$ \\h") == r"a \[b\] \{c\} \@d\/e \<f\> \^g\$ \\h.[]"
    assert encode_segment("nul\0byte") == "nul byte.[]"


@pytest.mark.parametrize("raw, text", [
    ("Dejó..[]", "Dejó."),           # the period we added goes, the sentence's stays
    ("Dejó.[]", "Dejó"),
    ("Dejó", "Dejó"),               # closing lost: nothing else is taken away
    (r" Costó \$5,  dijo\/\@ \[x\].[]", "Costó $5, dijo/@ [x]"),
    ("a[ b ]c.[]", "a b c"),        # a superblank's content is kept as it is
])
def test_an_output_segment_is_decoded(raw: str, text: str) -> None:
    assert decode_segment(raw) == text


@pytest.mark.parametrize("mode, pair", [
    ("eng-spa", ("en", "es")), ("en-gl", ("en", "gl")), ("spa-eng_US", ("es", "en_US")),
    ("spa-ast", ("es", "ast")), ("eng-spa-tagger", None), ("eng", None),
])
def test_modes_map_to_workspace_codes(mode: str, pair: tuple[str, str] | None) -> None:
    assert apertium.pair_of_mode(mode) == pair


@pytest.mark.parametrize("source, target, package", [
    ("en", "es", "apertium-eng-spa"), ("es", "en", "apertium-eng-spa"),
    ("en", "gl", "apertium-en-gl"), ("fr", "es", "apertium-fr-es"), ("es", "ca", "apertium-spa-cat"),
    ("en", "de", None), ("en", "en", None),
])
def test_the_debian_package_of_a_pair(source: str, target: str, package: str | None) -> None:
    assert apertium.debian_package(source, target) == package


# ---------------------------------------------------------------------------------------
# A scripted `apertium`: failures and suspect output


def test_no_apertium_is_a_missing_pair_naming_the_package(without_apertium: None) -> None:  # noqa: F811
    engine = ApertiumEngine()
    assert engine.pairs() == []
    with pytest.raises(MissingModelError) as caught:
        engine.translate(["Hello."], "en", "es")
    message = str(caught.value)
    assert "\n" not in message and "en->es" in message and "Apertium is not installed" in message
    assert "`apt-get install apertium apertium-eng-spa`" in message
    assert apertium.list_pairs() == []


def test_a_pair_apertium_lacks_lists_what_it_has(fake_apertium: Callable[..., str]) -> None:
    engine = ApertiumEngine(command=fake_apertium())
    with pytest.raises(MissingModelError, match=r"en->gl \(Apertium pairs installed: en->es, es->en\); "
                                                r"install it with `apt-get install apertium apertium-en-gl`"):
        engine.translate(["Hello."], "en", "gl")


def test_a_failing_apertium_is_one_line_naming_pair_and_package(fake_apertium: Callable[..., str]) -> None:
    command = fake_apertium(body='sys.stderr.write("Error: Mode eng-spa does not exist.\\n"); sys.exit(1)\n')
    with pytest.raises(MissingModelError) as caught:
        ApertiumEngine(command=command).translate(["Hello."], "en", "es")
    message = str(caught.value)
    assert "\n" not in message
    assert "en->es" in message and "Error: Mode eng-spa does not exist." in message
    assert "apertium-eng-spa" in message


def test_a_broken_listing_is_reported_with_the_pair(fake_apertium: Callable[..., str], tmp_path: Path) -> None:
    script = Path(fake_apertium())
    script.write_text("#!/bin/sh\necho 'lt-proc: error while loading shared libraries' >&2\nexit 127\n")
    engine = ApertiumEngine(command=str(script))
    assert engine.pairs() == []
    with pytest.raises(MissingModelError, match=r"en->es \(`.*-l` failed: lt-proc: error while loading"):
        engine.translate(["Hello."], "en", "es")


def test_segments_that_run_together_are_an_error(fake_apertium: Callable[..., str]) -> None:
    body = 'sys.stdin.buffer.read(); sys.stdout.buffer.write(b"all in one.[]")\n'
    with pytest.raises(MissingModelError, match=r"2 segments in, 0 out"):
        ApertiumEngine(command=fake_apertium(body=body)).translate(["One.", "Two."], "en", "es")


def test_a_hanging_apertium_times_out_with_every_stage_stopped(fake_apertium: Callable[..., str]) -> None:
    script = Path(fake_apertium())
    # A pipeline as `apertium` is: stopping only the shell would leave `sleep | cat` holding
    # the output open for 60 s.
    sleep, cat = shutil.which("sleep"), shutil.which("cat")
    script.write_text(f"#!/bin/sh\nif [ \"$1\" = -l ]; then echo '  eng-spa'; exit 0; fi\n{sleep} 60 | {cat}\n")
    started = time.monotonic()
    with pytest.raises(MissingModelError, match=r"no answer within 0.5 s"):
        ApertiumEngine(command=str(script), timeout=0.5).translate(["Hello."], "en", "es")
    assert time.monotonic() - started < 15


def test_a_lost_sentinel_is_put_back_and_flagged(fake_apertium: Callable[..., str]) -> None:
    drop = "import re\ndef transform(s):\n    return re.sub(r' ?ZX\\d+ ?', '', s)\n"
    engine = ApertiumEngine(glossary=["Kim Jong Un"], command=fake_apertium(drop))
    placeholder, name = engine.translate(["Published on {date}.", "Kim Jong Un spoke."], "en", "es")
    assert placeholder.text == "Published on {date}." and placeholder.flags == ("placeholder-lost",)
    assert name.text == "spoke Kim Jong Un." and name.flags == ("glossary-lost",)


def test_a_glossary_term_comes_out_in_the_target_locale_s_form(fake_apertium: Callable[..., str]) -> None:
    """A per-locale form ([tool.l10n.glossary_forms.es]) replaces the term where the
    engine gave its sentinel back; the engine never sees either."""
    leak = "def transform(s):\n    return s.replace('Putin', 'LEAKED').replace('Kim', 'LEAKED')\n"
    glossary = Glossary.of(["Vladimir Putin", "Kim Jong Un"], {"es": {"Vladimir Putin": "Vladímir Putin"}})
    engine = ApertiumEngine(glossary=glossary, command=fake_apertium(leak))
    [result] = engine.translate(["Vladimir Putin met Kim Jong Un."], "en", "es")
    assert result.text == "Vladímir Putin met Kim Jong Un." and result.flags == ()


def test_absurdly_long_or_looping_output_is_flagged(fake_apertium: Callable[..., str]) -> None:
    script = ("def transform(s):\n"
              "    if s.startswith('Hi'):\n"
              "        return ' '.join(f'w{i}' for i in range(14)) + '.[]'\n"
              "    return s[:-3] + ' the' * 6 + '.[]'\n")
    engine = ApertiumEngine(command=fake_apertium(script))
    looping, long = engine.translate(["A short sentence.", "Hi."], "en", "es")
    assert looping.flags == ("repetition",)
    assert long.flags == ("length-bound",)  # 1 word in, 14 out
    echo = ApertiumEngine(command=fake_apertium())
    assert echo.translate(["the the the the the the"], "en", "es")[0].flags == ()  # the source loops


def test_marks_are_not_asked_for_and_the_stream_is_null_flushed(fake_apertium: Callable[..., str],
                                                               tmp_path: Path) -> None:
    log = tmp_path / "argv.json"
    body = (f"import json\nopen({str(log)!r}, 'w').write(json.dumps(sys.argv[1:]))\n"
            "data = sys.stdin.buffer.read()\nsys.stdout.buffer.write(data)\n")
    [result] = ApertiumEngine(command=fake_apertium(body=body)).translate(["Hello."], "en", "es")
    assert json.loads(log.read_text()) == ["-z", "-u", "-f", "none", "eng-spa"]
    assert result.text == "Hello."


# ---------------------------------------------------------------------------------------
# Which engine a pair uses


class Named(FakeEngine):
    """A fake whose origin names it, to see which engine translated."""

    def __init__(self, name: str, installed: Sequence[tuple[str, str]]) -> None:
        super().__init__(installed=installed)
        self.name = name

    def translate(self, texts: Sequence[str], source: str, target: str,
                  progress: Progress | None = None) -> list[Translation]:
        results = super().translate(texts, source, target, progress)
        return [Translation(r.text, f"mt {self.name} {source}->{target}", r.flags) for r in results]


def chooser(argos: Sequence[tuple[str, str]], apertium_pairs: Sequence[tuple[str, str]],
            engines: dict[str, str] | None = None) -> ChoosingEngine:
    config = MTConfig(engines=tuple((engines or {}).items()))
    return ChoosingEngine({"argos": Named("argos", argos), "apertium": Named("apertium", apertium_pairs)},
                          choice=config.engine_for)


def origin(engine: ChoosingEngine | PivotEngine, source: str, target: str) -> str:
    return engine.translate(["x"], source, target)[0].origin


def test_argos_wins_where_both_have_the_pair_else_apertium() -> None:
    engine = chooser(argos=[("en", "es"), ("en", "de")], apertium_pairs=[("en", "es"), ("en", "ca")])
    assert origin(engine, "en", "es") == "mt argos en->es"
    assert origin(engine, "en", "ca") == "mt apertium en->ca"
    assert engine.pairs() == [("en", "ca"), ("en", "de"), ("en", "es")]


def test_the_configuration_names_the_engine_of_a_pair() -> None:
    engine = chooser(argos=[("en", "es")], apertium_pairs=[("en", "es")], engines={"en-es": "apertium"})
    assert origin(engine, "en", "es") == "mt apertium en->es"


def test_a_pair_configured_for_an_engine_that_lacks_it_is_missing() -> None:
    engine = chooser(argos=[], apertium_pairs=[("en", "es")], engines={"en-es": "argos"})
    assert engine.pairs() == []
    with pytest.raises(MissingModelError) as caught:
        engine.translate(["x"], "en", "es")
    message = str(caught.value)
    assert message.startswith("no translation model for en->es")
    assert '[tool.l10n.mt] engines sets en-es = "argos"' in message
    assert "`l10n models install en es`" in message and "apt-get" not in message
    forced = chooser(argos=[("en", "gl")], apertium_pairs=[], engines={"en-gl": "apertium"})
    with pytest.raises(MissingModelError, match="install it with `apt-get install apertium apertium-en-gl`"):
        forced.translate(["x"], "en", "gl")


def test_the_missing_models_a_run_reports_follow_the_engines_setting(tmp_path: Path) -> None:
    """translate and models install --needed print these lines: a pair the configuration
    gives to one engine names that engine's way alone (Apertium installed or not)."""
    from l10n.config import Config
    from l10n.translate import missing_models

    engine = chooser(argos=[], apertium_pairs=[("en", "es")], engines={"en-es": "argos", "en-gl": "apertium"})
    config = Config(tmp_path, locales=("de", "en", "es", "gl", "fr"),
                    mt=MTConfig(engines=(("en-es", "argos"), ("en-gl", "apertium"))))
    lines = {(m.source, m.target): m.message for m in missing_models(config, engine, [("en", "es"), ("en", "gl"),
                                                                                     ("en", "fr")])}
    assert lines[("en", "es")].endswith("install one with `l10n models install en es` or `l10n models install "
                                        'FILE.argosmodel` ([tool.l10n.mt] engines sets en-es = "argos")')
    assert lines[("en", "gl")].endswith('install one with `apt-get install apertium apertium-en-gl` '
                                        '([tool.l10n.mt] engines sets en-gl = "apertium")')
    assert lines[("en", "fr")].endswith("install one with `l10n models install en fr` or `l10n models install "
                                        "FILE.argosmodel`")  # (not set: every way there is; Debian has none)
    pinned = Config(tmp_path, locales=("de", "en", "fr"), mt=MTConfig(engines=(("en-fr", "apertium"),)))
    (line,) = [m.message for m in missing_models(pinned, engine, [("en", "fr")])]
    assert line.endswith('install one with an Argos model: Debian has no Apertium package for en->fr, and '
                         '[tool.l10n.mt] engines sets en-fr = "apertium"; set it to "argos" (or remove it), then '
                         '`l10n models install en fr`')


def test_a_missing_pair_names_both_ways_to_get_it() -> None:
    engine = PivotEngine(inner := chooser(argos=[("de", "en")], apertium_pairs=[]), explain=inner.missing)
    with pytest.raises(MissingModelError) as caught:
        engine.translate(["x"], "en", "es")
    assert str(caught.value).endswith(
        "install one with `l10n models install en es` or `l10n models install FILE.argosmodel`, "
        "or Apertium's with `apt-get install apertium apertium-eng-spa`")
    with pytest.raises(MissingModelError) as caught:
        engine.translate(["x"], "de", "es")
    assert ("`l10n models install en es` (then de->es goes through en)" in str(caught.value)
            and "`apt-get install apertium apertium-eng-spa` (then de->es goes through en)" in str(caught.value))


def test_a_pivot_route_mixes_engines() -> None:
    inner = chooser(argos=[("de", "en")], apertium_pairs=[("en", "es")])
    engine = PivotEngine(inner, explain=inner.missing)
    assert origin(engine, "de", "es") == "pivot de->en->es: mt argos de->en + mt apertium en->es"


def test_real_pivot_argos_then_apertium(installed_models: dict, apertium_en_es: None) -> None:  # noqa: F811
    engine = create_engine(MTConfig(beam_size=1, batch_size=8, threads=1, max_input_tokens=64,
                                    max_output_tokens=12), GLOSSARY)
    [result] = engine.translate(["Veröffentlicht am {date}"], "de", "es")
    assert result.origin.startswith("pivot de->en->es: mt argos de->en translate-de_en 1.0 + mt apertium en->es eng-spa ")
    assert "{date}" in result.text and "pivot" in result.flags


# ---------------------------------------------------------------------------------------
# Through the command line: `l10n translate -l es` with Apertium and no Argos model


@pytest.fixture
def updated(cli):  # type: ignore[no-untyped-def]
    cli("extract")
    cli("update")
    return cli


def po_files(root: Path, locale: str) -> list[Path]:
    return sorted((root / "locales" / locale / "LC_MESSAGES" / "articles").glob("*.po"))


def test_translate_drafts_every_spanish_body_entry(updated, argos_packages, apertium_en_es) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from l10n.catalogs import pofile

    result = updated("translate", "-l", "es", code=1)  # chrome de->es: no de->en model
    (line,) = result.stderr.strip().splitlines()
    # (needed for the locales of this run only: -l es)
    assert line.startswith("l10n: error: no translation model for de->en (needed for the chrome in es (through en)); "
                           "install one with `l10n models install de en`")
    drafted, unchanged = 0, []
    for path in po_files(updated.root, "es"):
        catalog = pofile.parse(path.read_bytes(), str(path))
        for entry in catalog.active:
            assert state(entry) is State.MACHINE, (path.name, entry.msgid)
            assert marker(entry, ORIGIN).startswith("mt apertium en->es eng-spa "), entry.msgid
            assert entry.msgstr.strip(), entry.msgid
            for name in GLOSSARY:
                assert entry.msgid.count(name) == entry.msgstr.count(name), (name, entry.msgstr)
            drafted += 1
            if entry.msgstr == entry.msgid:
                unchanged.append(entry.msgid)
    assert drafted > 60
    assert unchanged == ["„Wir schaffen das“"]  # a German quote in the English body
    status = json.loads(updated("status", "-l", "es", "--json").stdout)
    body = [c for c in status if "/articles/" in c["catalog"]]
    assert sum(c["machine"] for c in body) == drafted
    queue = json.loads(updated("review", "list", "-l", "es", "--json").stdout)
    assert len([e for e in queue if e["article"]]) == drafted
    assert all(e["origin"].startswith("mt apertium en->es eng-spa ") for e in queue if e["article"])


def _failing_apertium(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An `apertium` first on PATH that lists the real pairs and fails to translate."""
    real = shutil.which("apertium")
    assert real is not None
    wrapper = tmp_path / "bin" / "apertium"  # lists the real pairs, fails to translate
    wrapper.parent.mkdir()
    wrapper.write_text(f'#!/bin/sh\nif [ "$1" = "-l" ]; then exec {real} "$@"; fi\n'
                       "echo \"Error: Cannot open file '/usr/share/apertium/modes/eng-spa.mode'\" >&2\nexit 1\n")
    wrapper.chmod(0o755)
    monkeypatch.setenv("PATH", f"{wrapper.parent}{os.pathsep}{os.environ['PATH']}")


def test_an_apertium_that_fails_is_reported_as_failing_not_as_missing(updated, installed_models, apertium_en_es,  # type: ignore[no-untyped-def]  # noqa: F811
                                                                     tmp_path, monkeypatch) -> None:
    # (with de->en installed, the chrome reaches Apertium through English too: one failure, said once)
    _failing_apertium(tmp_path, monkeypatch)
    result = updated("translate", "-l", "es", code=1)
    lines = result.stderr.strip().splitlines()
    assert ("l10n: error: Apertium failed on en->es (apertium eng-spa: Error: Cannot open file "
            "'/usr/share/apertium/modes/eng-spa.mode'); reinstall it with `apt-get install --reinstall apertium "
            "apertium-eng-spa`") in lines
    assert len([line for line in lines if "Apertium failed on en->es" in line]) == 1, lines
    assert not [line for line in lines if "no translation model for en->es" in line]
    models = json.loads(updated("translate", "-l", "es", "--json", code=1).stdout)["missing_models"]
    assert [(m["source"], m["target"]) for m in models if m["failed"]] == [("en", "es")]
    # a build says to mend it too, not to run translate (which would fail the same way)
    es = json.loads(updated("build", "-l", "es", "--json").stdout)["locales"][0]
    assert "en->es" in es["no_model"] and not es["next"].startswith("l10n translate"), es


def test_a_build_shows_the_engine_error_its_next_step_points_to(updated, installed_models, apertium_en_es,  # type: ignore[no-untyped-def]  # noqa: F811
                                                                 tmp_path, monkeypatch) -> None:
    """`next: mend the machine translation engine (see its error above)`: the error is
    there, above it (before, the build said only "no model for en->es" and to install it)."""
    _failing_apertium(tmp_path, monkeypatch)
    lines = updated("build", "-l", "es").output.splitlines()
    step = next(i for i, line in enumerate(lines) if line.startswith("next: mend the machine translation engine"))
    assert "(see its error above)" in lines[step]
    said = [i for i, line in enumerate(lines) if "Apertium failed on en->es" in line]
    assert said and said[0] < step, lines
    assert not any("no model for en->es" in line or "install --needed" in line for line in lines[:step]), lines


def test_models_list_shows_the_apertium_pairs(cli, argos_packages, apertium_en_es) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    listed = json.loads(cli("models", "list", "--json", "--timeout", "1").stdout)
    assert {"pair": "en->es", "from": "en", "to": "es", "mode": "eng-spa", "package": "apertium-eng-spa"}.items() \
        <= next(p for p in listed["apertium"] if p["pair"] == "en->es").items()
    human = cli("models", "list", "--timeout", "1").stdout
    assert "apertium:\n  en->es  eng-spa  apertium-eng-spa " in human


def test_models_list_without_apertium(cli, argos_packages, without_apertium) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    assert json.loads(cli("models", "list", "--json", "--timeout", "1").stdout)["apertium"] == []
    assert "apertium: none" in cli("models", "list", "--timeout", "1").stdout


def test_install_needed_skips_a_pair_apertium_has(cli, argos_packages, apertium_en_es) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    report = json.loads(cli("models", "install", "--needed", "--json", "--timeout", "2", code=1).stdout)
    assert sorted(m["pair"] for m in report["missing"]) == ["de->en", "en->de", "en->fr"]
    assert report["covered"] == ["en->es"] and report["already_installed"] == []  # (Apertium's: no Argos model)


def test_covered_pairs_follow_the_configuration(argos_packages, fake_apertium) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from l10n.mt.choose import covered_pairs

    command = fake_apertium()
    assert covered_pairs(MTConfig(), apertium_command=command) == [("en", "es"), ("es", "en")]
    forced = MTConfig(engines=(("en-es", "argos"),))
    assert covered_pairs(forced, apertium_command=command) == [("es", "en")]
