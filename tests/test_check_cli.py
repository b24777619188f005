"""l10n check over a workspace: approved French translations with planted defects are all
found, correct ones with French number formats are not, --strict fails, ignore-flags hold."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from l10n.catalogs import pofile

GOOD = {
    "Kenyan runner Daniel Kiprono smashed the Berlin Marathon course record on Sunday, crossing the line at the "
    "Brandenburg Gate in 2:01:02.":
        "Le Kényan Daniel Kiprono a pulvérisé dimanche le record du marathon de Berlin, franchissant la ligne à "
        "la porte de Brandebourg en 2:01:02.",
    "Germany’s solar panels generated more electricity than ever before on Sunday, briefly covering more than 80% "
    "of the country’s power demand around midday.":
        "Dimanche, les panneaux solaires allemands ont produit plus d’électricité que jamais, couvrant brièvement "
        "plus de 80 % de la demande du pays vers midi.",
    "After four days of heated debate, the Bundestag approved the federal budget for 2027, including record "
    "defence spending and new borrowing of more than 80 billion euros.":
        "Après quatre jours de débats animés, le Bundestag a adopté le budget fédéral pour 2027, avec des dépenses "
        "de défense record et de nouveaux emprunts de plus de 80 milliards d’euros.",
}
DEFECTS = {  # msgid -> (translation, the check that must find it)
    "Bundestag Passes 2027 Budget After Marathon Debate":
        ("Le Bundestag adopte le budget 2072 après un débat marathon", "number"),
    "Regulators across the EU are preparing the first fines under the AI Act as a key August 2026 deadline for "
    "high-risk systems draws closer.":
        ("Les régulateurs de l’UE préparent les premières amendes <b>au titre</b> de l’AI Act avant l’échéance "
         "d’août 2026.", "markup"),
    "North Korean leader Kim Jong Un will visit China to attend a military parade marking WWII's 80th anniversary "
    "on September 3, 2025.":
        ("Kim Jong Un se rendra en Chine en Chine en Chine en Chine pour le défilé du 80e anniversaire, le "
         "3 septembre 2025.", "repetition"),
    "The timing was no coincidence. June 21 brings the most daylight of the year, and a high-pressure system kept "
    "skies clear from the North Sea coast to the Alps.":
        ("The timing was no coincidence. June 21 brings the most daylight of the year, and a high-pressure system "
         "kept skies clear from the North Sea coast to the Alps.", "untranslated"),
    "Veröffentlicht am {date}": ("Publié le", "placeholder"),
}


def approve(root: Path, translations: dict[str, str], flags: dict[str, list[str]] | None = None) -> None:
    for path in (root / "locales/fr/LC_MESSAGES").rglob("*.po"):
        catalog = pofile.parse(path.read_bytes())
        for message in catalog.messages:
            if message.msgid in translations:
                message.msgstr = translations[message.msgid]
                message.fuzzy = False
                message.flags += (flags or {}).get(message.msgid, [])
        path.write_bytes(pofile.dump(catalog))


def test_planted_defects_are_found_and_good_french_is_not(cli) -> None:  # type: ignore[no-untyped-def]
    cli("extract")
    cli("update", "-l", "fr")
    approve(cli.root, {**GOOD, **{k: v for k, (v, _) in DEFECTS.items()}})
    result = cli("check", "-l", "fr", "--json")
    findings = json.loads(result.stdout)
    assert {"locale", "catalog", "id", "msgid", "msgstr", "check", "severity", "message"} <= set(findings[0])
    errors = {(f["msgid"], f["check"]) for f in findings if f["severity"] == "error"}
    for msgid, (_, check) in DEFECTS.items():
        if check == "untranslated":
            assert any(f["msgid"] == msgid and f["check"] == check for f in findings), msgid
        else:
            assert (msgid, check) in errors, (msgid, check, findings)
    assert not [f for f in findings if f["msgid"] in GOOD], [f for f in findings if f["msgid"] in GOOD]
    strict = cli("check", "-l", "fr", "--strict", code=1)
    assert "error: " in strict.stdout and "checked:" in strict.stdout
    # a reader that goes away (`l10n check --strict | head -1`) does not turn the verdict into 0
    # (``true`` goes before check has printed a line: every line meets a closed pipe)
    shell = f"set -o pipefail; {sys.executable} -m l10n check -l fr --strict | true"
    piped = subprocess.run(["bash", "-c", shell], cwd=cli.root, capture_output=True, text=True)
    assert piped.returncode == 1 and "Traceback" not in piped.stderr, piped.stderr


OZDEMIR = ("The phrase, made famous by former Chancellor Angela Merkel during the refugee crisis of 2015, was meant "
           "ironically. “They tell us to integrate people, and then they cut the money for the courses,” said Miriam "
           "Özdemir, a language teacher from Neukölln. The federal budget for integration courses is set to fall by "
           "about 12% compared with the previous year.")
OZDEMIR_FR = ("La formule, rendue célèbre par l’ancienne chancelière Angela Merkel pendant la crise des réfugiés de "
              "2015, se voulait ironique. «\u00a0On nous demande d’intégrer les gens, et ensuite on coupe l’argent des "
              "cours\u00a0», a déclaré Miriam Özdemir, enseignante de langues à Neukölln. Le budget fédéral des cours "
              "d’intégration devrait baisser d’environ 12\u00a0% par rapport à l’année précédente.")


def test_quotation_marks_that_do_not_pair_up_are_a_brackets_finding(cli) -> None:  # type: ignore[no-untyped-def]
    cli("extract")
    cli("update", "-l", "fr")
    approve(cli.root, {OZDEMIR: OZDEMIR_FR.replace("cours\u00a0»", "cours")})
    findings = [f for f in json.loads(cli("check", "-l", "fr", "--json").stdout) if f["msgid"] == OZDEMIR]
    assert [(f["check"], f["severity"]) for f in findings] == [("brackets", "warning")]
    assert findings[0]["message"].startswith("quotation mark « is not closed (")
    approve(cli.root, {OZDEMIR: OZDEMIR_FR})
    assert not [f for f in json.loads(cli("check", "-l", "fr", "--json").stdout) if f["msgid"] == OZDEMIR]


def test_an_ignore_flag_silences_a_check_and_survives_update(cli) -> None:  # type: ignore[no-untyped-def]
    cli("extract")
    cli("update", "-l", "fr")
    msgid = "Bundestag Passes 2027 Budget After Marathon Debate"
    approve(cli.root, {msgid: DEFECTS[msgid][0]}, {msgid: ["ignore-number"]})
    cli("update", "-l", "fr")
    findings = json.loads(cli("check", "-l", "fr", "--json").stdout)
    assert not [f for f in findings if f["msgid"] == msgid and f["check"] == "number"]
    assert "ignore-number" in (cli.root / "locales/fr/LC_MESSAGES/articles/bundestag-budget-vote.po").read_text()
    cli("check", "-l", "fr", "--strict")


def test_an_approved_unchanged_flagged_draft_is_an_mt_flag_error(cli) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from l10n import config as config_mod
    from l10n import translate
    from l10n.mt.engine import FakeEngine, PivotEngine

    cli("extract")
    cli("update", "-l", "fr")
    msgid = "Bundestag Passes 2027 Budget After Marathon Debate"
    engine = FakeEngine(flagged={msgid: ("length-bound", "repetition")})
    translate.run(config_mod.load(cli.root), PivotEngine(engine), ["fr"], today=dt.date(2026, 11, 28))
    path = cli.root / "locales/fr/LC_MESSAGES/articles/bundestag-budget-vote.po"
    catalog = pofile.parse(path.read_bytes())
    catalog.get(msgid).fuzzy = False  # approved in a PO editor without a look
    path.write_bytes(pofile.dump(catalog))
    findings = json.loads(cli("check", "-l", "fr", "--json").stdout)
    (flag,) = [f for f in findings if f["check"] == "mt-flag"]
    assert flag["msgid"] == msgid and flag["severity"] == "error" and "length-bound" in flag["message"]
    catalog = pofile.parse(path.read_bytes())
    catalog.get(msgid).msgstr = "Le Bundestag adopte le budget 2027 après un débat marathon"
    path.write_bytes(pofile.dump(catalog))
    findings = json.loads(cli("check", "-l", "fr", "--json").stdout)
    assert not [f for f in findings if f["check"] == "mt-flag"]


def test_a_catalog_msgfmt_refuses_for_what_no_entry_check_shows_fails_check(cli) -> None:  # type: ignore[no-untyped-def]
    """Four plural forms where the header says three: no check of one translation sees it,
    compile refuses the catalog, and check says so (one line, exit 1), once; a lost
    placeholder stays the placeholder check's finding, not a second report."""
    cli("extract")
    cli("update", "-l", "fr")
    approve(cli.root, {"Veröffentlicht am {date}": "Publié le"})
    chrome = cli.root / "locales/fr/LC_MESSAGES/chrome.po"
    with chrome.open("a", encoding="utf-8") as handle:
        handle.write('\nmsgid "one"\nmsgid_plural "many"\nmsgstr[0] "un"\nmsgstr[1] "deux"\nmsgstr[2] "trois"\n'
                     'msgstr[3] "quatre"\n')
    before = chrome.read_bytes()
    result = cli("check", "-l", "fr", "--json", code=1)
    findings = json.loads(result.stdout)
    assert [f["check"] for f in findings if f["severity"] == "error"] == ["placeholder"]
    refused = [line for line in result.stderr.splitlines() if "error:" in line]
    assert len(refused) == 1 and "chrome.po:" in refused[0] and "4 plural forms" in refused[0], result.stderr
    assert chrome.read_bytes() == before
    assert "4 plural forms" in cli("compile", "-l", "fr", code=1).stderr


def test_check_and_compile_with_nothing_yet_say_what_comes_first(cli) -> None:  # type: ignore[no-untyped-def]
    assert "next: l10n extract, then l10n update (no catalogs yet)" in cli("compile").stdout
    assert "next: l10n extract, then l10n update (no catalogs yet)" in cli("check").stdout
    cli("extract")
    cli("update", "-l", "fr")
    assert "next: l10n translate, then l10n review (nothing translated to check yet)" in cli("check", "-l", "fr").stdout
