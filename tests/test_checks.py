"""The quality checks of ``l10n check``: each finds its defect and leaves a close, correct
case alone; correct professional translations of real news sentences raise no error."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from l10n import checks
from l10n.checks import CHECK_NAMES, ERROR, WARNING, Finding, Subject, UnknownCheckError, run
from l10n.errors import InputError
from l10n.glossary import Glossary

NBSP = "\u00a0"
NNBSP = "\u202f"  # narrow no-break space: French before ?!;: and in 1 000 (Babel's fr group)


def subject(source: str, translation: str, target: str = "fr", **fields: object) -> Subject:
    return replace(Subject(source, translation, "en", target), **fields)  # type: ignore[arg-type]


def found(check: str, source: str, translation: str, target: str = "fr", **fields: object) -> list[Finding]:
    return run(subject(source, translation, target, **fields), only=[check])


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == ERROR]


# ---------------------------------------------------------------------------------------
# The table
# ---------------------------------------------------------------------------------------


def test_check_names_are_the_stable_names_in_order() -> None:
    assert CHECK_NAMES == ("number", "placeholder", "glossary", "markup", "social", "emoji", "repetition",
                           "untranslated", "whitespace", "length", "invisible", "punctuation", "brackets",
                           "mt-flag")  # fmt: skip
    assert tuple(checks.CHECKS) == CHECK_NAMES


def test_every_finding_names_its_check_and_a_severity() -> None:
    messy = subject("On {date}, 15 people came.", "Le, 51 et et et personnes\u200b <b>", draft_unchanged=True,
                    approved=True, mt_flags=("repetition",))  # fmt: skip
    findings = run(messy)
    assert {f.check for f in findings} >= {"number", "placeholder", "markup", "repetition", "invisible",
                                           "punctuation", "mt-flag"}  # fmt: skip
    for finding in findings:
        assert finding.check in CHECK_NAMES
        assert finding.severity in (ERROR, WARNING)
        assert finding.message and "\n" not in finding.message


# ---------------------------------------------------------------------------------------
# number
# ---------------------------------------------------------------------------------------

NUMBER_CORRECT = [
    pytest.param("The economy grew 4.2% last year.", "L’économie a progressé de 4,2 % l’an dernier.", "fr",
                 id="fr-decimal-comma-percent-space"),
    pytest.param("The economy grew 4.2% last year.", f"L’économie a progressé de 4,2{NBSP}% l’an dernier.", "fr",
                 id="fr-percent-nbsp"),
    pytest.param("The economy grew 4.2% last year.", f"L’économie a progressé de 4,2{NNBSP}% l’an dernier.", "fr",
                 id="fr-percent-narrow-nbsp"),
    pytest.param("Prices rose 15% in May.", "Les prix ont augmenté de 15 % en mai.", "fr", id="fr-15-percent"),
    pytest.param("More than 1,000 people came.", "Plus de 1 000 personnes sont venues.", "fr",
                 id="fr-group-space"),
    pytest.param("More than 1,000 people came.", f"Plus de 1{NNBSP}000 personnes sont venues.", "fr",
                 id="fr-group-narrow-nbsp"),
    pytest.param("More than 1,000 people came.", f"Plus de 1{NBSP}000 personnes sont venues.", "fr",
                 id="fr-group-nbsp"),
    pytest.param("It costs 1,234,567.89 euros.", f"Cela coûte 1{NNBSP}234{NNBSP}567,89 euros.", "fr",
                 id="fr-millions-with-decimals"),
    pytest.param("More than 1,000 people came.", "Mehr als 1.000 Menschen kamen.", "de", id="de-group-dot"),
    pytest.param("The economy grew 4.2%.", "Die Wirtschaft wuchs um 4,2 %.", "de", id="de-decimal-comma"),
    pytest.param("Spending climbs to 1,500.5 million.", "Die Ausgaben steigen auf 1.500,5 Millionen.", "de",
                 id="de-group-and-decimal"),
    pytest.param("More than 1,000 people came.", "Mehr als 1’000 Menschen kamen.", "de_CH", id="de_CH-apostrophe"),
    pytest.param("More than 1,000 people came.", "Mehr als 1'000 Menschen kamen.", "de_CH",
                 id="de_CH-ascii-apostrophe"),
    pytest.param("It grew 4.2%.", "Es wuchs um 4.2 %.", "de_CH", id="de_CH-decimal-point"),
    pytest.param("More than 48,000 runners.", "Más de 48.000 corredores.", "es", id="es-group-dot"),
    pytest.param("More than 48,000 runners.", "Más de 48 000 corredores.", "es", id="es-group-space"),
    pytest.param("It grew 4.2%.", "Cresceu 4,2%.", "pt_BR", id="pt_BR-decimal-comma"),
    pytest.param("The plan will cost 4.2 billion euros.", "El plan costará 4.200 millones de euros.", "es",
                 id="es-billion-as-millones"),
    pytest.param("The plan will cost 4.2 billion euros.", "Le plan coûtera 4,2 milliards d’euros.", "fr",
                 id="fr-milliards"),
    pytest.param("The plan will cost 4.2 billion euros.", "Der Plan kostet 4,2 Mrd. Euro.", "de", id="de-Mrd"),
    pytest.param("The plan will cost 4.2 billion euros.", "O plano custará 4,2 mil milhões de euros.", "pt",
                 id="pt-mil-milhoes"),
    pytest.param("Spending of €520 billion.", "支出5200亿欧元。", "zh", id="zh-yi"),
    pytest.param("It grew 4.2%.", "نما بنسبة ٤٫٢٪.", "ar", id="ar-arabic-indic-digits"),
    pytest.param("About 100,000 came.", "लगभग 1,00,000 लोग आए।", "hi", id="hi-indian-grouping"),
    pytest.param("Rates rose 5%.", "Oranlar %5 arttı.", "tr", id="tr-percent-first"),
    pytest.param("Temperatures fell to -5 degrees.", "Les températures sont tombées à −5 degrés.", "fr",
                 id="negative-minus-sign"),
    pytest.param("Temperatures fell to -5 degrees.", "Die Temperaturen fielen auf -5 Grad.", "de",
                 id="negative-hyphen"),
    pytest.param("It happened in 2026.", "C’est arrivé en 2026.", "fr", id="year-stays"),
    pytest.param("From 2020-2025 the share fell.", "De 2020 à 2025, la part a baissé.", "fr",
                 id="range-is-two-years"),
    pytest.param("It marks the 80th anniversary on September 3, 2025.",
                 "Il marque le 80e anniversaire, le 3 septembre 2025.", "fr", id="fr-ordinal-and-date"),
    pytest.param("It marks the 80th anniversary on September 3, 2025.",
                 "Er markiert am 3. September 2025 den 80. Jahrestag.", "de", id="de-ordinal-dot"),
    pytest.param("It marks the 80th anniversary.", "Marca el 80.º aniversario.", "es", id="es-ordinal"),
    pytest.param("The G20 met in Rome.", "Le G20 s’est réuni à Rome.", "fr", id="code-G20"),
    pytest.param("COVID-19 cases rose.", "Les cas de Covid‑19 ont augmenté.", "fr", id="code-COVID-19"),
    pytest.param("Two F-35 jets landed.", "Deux F-35 ont atterri.", "fr", id="code-F-35-not-negative"),
    pytest.param("Emissions of CO2 fell.", "Les émissions de CO₂ ont baissé.", "fr", id="code-CO2-subscript"),
    pytest.param("Shortly after 1 p.m. on Sunday.", "Peu après 13 heures dimanche.", "fr", id="pm-24-hour"),
    pytest.param("Shortly after 1 p.m. on Sunday.", "Kurz nach 13 Uhr am Sonntag.", "de", id="pm-de"),
    pytest.param("The meeting starts at 18:00.", "Die Sitzung beginnt um 18 Uhr.", "de", id="whole-hour-no-00-de"),
    pytest.param("The meeting starts at 18:00.", "La réunion commence à 18 h.", "fr", id="whole-hour-no-00-fr"),
    pytest.param("The meeting starts at 18:00.", "La réunion commence à 18 h 00.", "fr", id="whole-hour-fr-h-00"),
    pytest.param("The meeting starts at 6 p.m.", "Die Sitzung beginnt um 18:00 Uhr.", "de", id="pm-as-18-00"),
    pytest.param("Polls close at 8 p.m.", "Die Wahllokale schließen um 20.00 Uhr.", "de", id="dotted-time-de"),
    pytest.param("Polls close at 10:15 pm.", "Die Wahllokale schließen um 22.15 Uhr.", "de", id="dotted-minutes-de"),
    pytest.param("It starts at 6:30 p.m.", "Empieza a las 18.30 horas.", "es", id="dotted-time-es"),
    pytest.param("It starts at 18:00.", "It starts at 6 p.m.", "en_GB", id="18-00-as-pm"),
    pytest.param("The vote is expected between 2 and 4 p.m.", "Die Abstimmung wird zwischen 14 und 16 Uhr erwartet.",
                 "de", id="pm-range-and"),
    pytest.param("On weekends from 6 to 11 p.m.", "Le week-end de 18 h à 23 h.", "fr", id="pm-range-to"),
    pytest.param("Results are due at 11.30pm.", "Ergebnisse werden gegen 23.30 Uhr erwartet.", "de", id="dotted-pm"),
    pytest.param("Results are due at 11.30pm.", "Les résultats sont attendus vers 23\u00a0h\u00a030.", "fr",
                 id="dotted-pm-fr"),
    pytest.param("Shortly after 1 p.m. on Sunday.", "Poco después de la 1 de la tarde del domingo.", "es",
                 id="pm-as-time-of-day-words"),
    pytest.param("It starts at noon and ends at midnight.", "Es beginnt um 12 Uhr und endet um Mitternacht.", "de",
                 id="noon-midnight"),
    pytest.param("It starts at 12 noon.", "Cela commence à midi.", "fr", id="12-noon-as-midi"),
    pytest.param("Prices have doubled since the 1990s.", "Die Preise haben sich seit den 90er-Jahren verdoppelt.",
                 "de", id="decade-de"),
    pytest.param("Prices have doubled since the 1990s.", "Les prix ont doublé depuis les années 90.", "fr",
                 id="decade-fr"),
    pytest.param("He played in the 2015/16 season.", "Er spielte in der Saison 2015/2016.", "de", id="season"),
    pytest.param("From 1939-45 and in ’24.", "Von 1939 bis 1945 und 2024.", "de", id="short-years"),
    pytest.param("The update to iOS 18.2 and Python 3.12 fixes Bluetooth 5.3 bugs.",
                 "Das Update auf iOS 18.2 und Python 3.12 behebt Fehler in Bluetooth 5.3.", "de", id="named-versions"),
    pytest.param("She earns £50k a year; the house cost £1.2m.",
                 "Sie verdient 50.000 Pfund im Jahr; das Haus kostete 1,2 Mio. Pfund.", "de", id="k-and-m"),
    pytest.param("The fine was $1,500,000.", "L’amende s’élevait à 1,5\u202fM$.", "fr", id="fr-M"),
    pytest.param("The deal is worth €3,200,000,000.", "L’accord est évalué à 3,2\u202fMd€.", "fr", id="fr-Md"),
    pytest.param("The fine was $1,500,000.", "La multa fue de 1,5 mill. de dólares.", "es", id="es-mill"),
    pytest.param("The office is open 24/7.", "Das Büro ist rund um die Uhr besetzt.", "de", id="24-7-in-words"),
    pytest.param("The office is open 24/7.", "Le bureau est ouvert 24\u00a0h/24, 7\u00a0j/7.", "fr", id="24-7-fr"),
    pytest.param("Temperatures will reach 35°C (95°F).", "Es werden 35 Grad erwartet.", "de", id="fahrenheit-dropped"),
    pytest.param("Temperatures will reach 35°C (95°F).", "Es werden 35 °C (95 °F) erwartet.", "de",
                 id="fahrenheit-kept"),
    pytest.param("New borrowing of 80 billion euros.", "Neue Schulden von 80 billion euros.", "de",
                 id="english-scale-word-left-in-a-draft"),
    pytest.param("It rose 5 percentage points.", "Er stieg um 5 Prozentpunkte.", "de", id="percentage-points"),
    pytest.param("It rose 5%.", "Subió un 5 por ciento.", "es", id="por-ciento"),
    pytest.param("It was -5°C at kick-off.", "Beim Anpfiff waren es minus 5 Grad.", "de", id="minus-as-a-word"),
    pytest.param("It was -5°C at kick-off.", "Il faisait moins 5\u00a0degrés au coup d’envoi.", "fr",
                 id="moins-as-a-word"),
    pytest.param("In the 21st century.", "Au XXIe siècle.", "fr", id="fr-roman-century"),
    pytest.param("The 5th Republic.", "La Ve République.", "fr", id="fr-roman-ordinal"),
    pytest.param("He finished in 2:01:02.", "Il a terminé en 2 h 01 min 02 s.", "fr", id="time-as-units"),
    pytest.param("The area is 20 km².", "La superficie est de 20 km².", "fr", id="superscript-unit"),
    pytest.param("Send {count} files.", "Envoyez {count} fichiers.", "fr", id="placeholder-not-a-number"),
    pytest.param("See <h2>Results</h2> and https://example.org/2025/report.",
                 "Voir <h2>Results</h2> et https://example.org/2025/report.", "fr", id="markup-not-a-number"),
    pytest.param("It grew 4.2%.", "It grew 4.2%.", "en_GB", id="same-language"),
    # Measures converted into the reader's metric units, rounded as translators round them.
    pytest.param("He ran 26.2 miles in the rain.", "Er lief 42,195 Kilometer im Regen.", "de", id="miles-as-km"),
    pytest.param("He ran 26.2 miles in the rain.", "Il a couru 42\u00a0km sous la pluie.", "fr", id="miles-as-km-rounded"),
    pytest.param("The player is 6'2\" tall.", "Der Spieler ist 1,88 m groß.", "de", id="feet-inches-as-metres"),
    pytest.param("The player is 6 feet 2 inches tall.", "El jugador mide 1,88 metros.", "es", id="feet-inches-words"),
    pytest.param("He is 5'11\".", "Il mesure 1,80\u00a0m.", "fr", id="feet-inches-as-cm-rounded"),
    pytest.param("It was 95°F in the shade.", "Es war 35 °C im Schatten.", "de", id="fahrenheit-as-celsius"),
    pytest.param("It was 95°F (35°C) in the shade.", "Es war 35 °C im Schatten.", "de", id="fahrenheit-first-dropped"),
    pytest.param("It weighs 150 pounds.", "Il pèse 68\u00a0kilos.", "fr", id="pounds-as-kg"),
    pytest.param("The lake covers 3,000 acres.", "Der See umfasst 1.214 Hektar.", "de", id="acres-as-hectares"),
    pytest.param("Trains run at 125 mph.", "Die Züge fahren 200 km/h.", "de", id="mph-as-kmh"),
    pytest.param("The summit is 29,032 feet high.", "Der Gipfel ist 8,8 km hoch.", "de", id="feet-as-km"),
    pytest.param("A 5,000-foot climb.", "Ein Aufstieg von 1.500 Metern.", "de", id="hyphenated-feet"),
    pytest.param("The fuel tank holds 15 gallons.", "Der Tank fasst 57 Liter.", "de", id="gallons-as-litres"),
    pytest.param("He ran 26.2 miles in the rain.", "Er lief 26,2 Meilen (42 km) im Regen.", "de",
                 id="conversion-added-in-brackets"),
    pytest.param("Office hours are 9-5 on weekdays.", "Die Bürozeiten sind werktags von 9 bis 17 Uhr.", "de",
                 id="office-hours-24h"),
    pytest.param("The shop is open 9-5.", "Le magasin est ouvert de 9\u00a0h à 17\u00a0h.", "fr", id="office-hours-fr"),
    pytest.param("The shop is open 9-5.", "La tienda abre de 9:00 a 17:00.", "es", id="office-hours-es"),
    pytest.param("Turnout rose by ¾ of a point.", "Die Beteiligung stieg um 0,75 Punkte.", "de", id="fraction-as-decimal"),
    pytest.param("About ¾ of voters agreed.", "Environ 3/4 des électeurs étaient d'accord.", "fr", id="fraction-as-slash"),
    pytest.param("About 3/4 of voters agreed.", "Environ ¾ des électeurs étaient d'accord.", "fr", id="slash-as-fraction"),
    pytest.param("About ⅓ of voters agreed.", "Environ un tiers des électeurs étaient d'accord.", "fr",
                 id="fraction-in-words"),
    pytest.param("He ran 2½ miles.", "Er lief 2,5 Meilen.", "de", id="whole-and-fraction"),
]


@pytest.mark.parametrize("source,translation,target", NUMBER_CORRECT)
def test_number_accepts_localized_formats(source: str, translation: str, target: str) -> None:
    assert found("number", source, translation, target) == []


NUMBER_WRONG = [
    pytest.param("He is 15 years old.", "Il a 51 ans.", "fr", "number 15 of the source is missing (found 51)",
                 id="15-became-51"),
    pytest.param("Prices rose 15% in May.", "Les prix ont augmenté en mai.", "fr", "number 15 of the source is missing",
                 id="vanished"),
    pytest.param("The economy grew 4.2%.", "L’économie a progressé de 42 %.", "fr",
                 "number 4.2 of the source is missing (found 42)", id="decimal-lost"),
    pytest.param("More than 1,000 people came.", "Plus de 1 500 personnes sont venues.", "fr",
                 "number 1,000 of the source is missing (found 1 500)", id="grouped-value-changed"),
    pytest.param("More than 1,000 people came.", "Mehr als 1,000 Menschen kamen.", "fr",
                 "not as in fr (1\u202f000)", id="copied-grouping-is-only-a-warning"),
    pytest.param("In 2018 and 2022 it dropped.", "En 2018 et 2023, il a baissé.", "fr",
                 "number 2022 of the source is missing (found 2023)", id="year-changed"),
    pytest.param("The plan will cost 4.2 billion euros.", "El plan costará 42 mil millones de euros.", "es",
                 "number 4.2 billion of the source is missing (found 42 mil millones)", id="es-scale-does-not-hide-a-change"),
    pytest.param("Kiprono finished in 2:01:02.", "Kiprono a terminé en 2:10:02.", "fr",
                 "number 01 of the source is missing (found 10)", id="time-changed"),
    pytest.param("The meeting starts at 18:00.", "Die Sitzung beginnt um 19 Uhr.", "de",
                 "number 18 of the source is missing (found 19)", id="hour-changed"),
    pytest.param("The session opens at 6 p.m.", "Die Sitzung beginnt um 6 Uhr.", "de",
                 "number 6 p.m. of the source is missing (found 6)", id="pm-lost-for-a-24-hour-reader"),
    pytest.param("It will cost $3.5 billion.", "Es wird 3,5 Billionen Dollar kosten.", "de",
                 "number 3.5 billion of the source is missing (found 3,5 Billionen)", id="false-friend-billion"),
    pytest.param("It will cost €4.5 billion.", "Costará 4,5 billones de euros.", "es",
                 "number 4.5 billion of the source is missing (found 4,5 billones)", id="false-friend-billones"),
    pytest.param("It carries 1.2 million people.", "Sie befördert 1,2 Milliarden Menschen.", "de",
                 "number 1.2 million of the source is missing (found 1,2 Milliarden)", id="scale-changed"),
    pytest.param("Support rose from 41% to 58 percent.", "Die Zustimmung stieg von 41 auf 58 Prozent.", "de",
                 "2 percentages in the source (41%, 58 percent), 1 percent sign or word in the translation",
                 id="percent-sign-lost"),
    pytest.param("Support rose to 58 percent.", "Die Zustimmung stieg auf 58 Promille.", "de",
                 "a percentage in the source (58 percent), 0 percent signs or words in the translation",
                 id="percent-became-per-mille"),
    pytest.param("Reiter spoke on March 14, 2025.", "Reiter sprach am 14. Mai 2025.", "de",
                 "date March 14, 2025 of the source is not in the translation (found 14. Mai 2025)",
                 id="month-changed"),
    pytest.param("The update to iOS 18.2 is out.", "Das Update auf iOS 18.3 ist da.", "de",
                 "number 18.2 of the source is missing (found 18.3)", id="named-version-changed"),
    pytest.param("He played in the 2015/16 season.", "Er spielte in der Saison 2015/2017.", "de",
                 "number 16 of the source is missing (found 2017)", id="season-changed"),
    pytest.param("The meeting starts at 18:30.", "Die Sitzung beginnt um 18 Uhr.", "de",
                 "number 30 of the source is missing", id="minutes-lost"),
    pytest.param("Polls close at 8 p.m.", "Die Wahllokale schließen um 21.00 Uhr.", "de",
                 "number 8 p.m. of the source is missing (found 21.00)", id="dotted-hour-changed"),
    pytest.param("She won in 2:00:35.", "Sie gewann in 2:35.", "de",
                 "number 00 of the source is not in the translation", id="race-time-keeps-its-00"),
    pytest.param("It costs €20.00.", "Es kostet 20.00 €.", "de",
                 "not as in de (20,00)", id="a-price-is-no-dotted-time"),
    pytest.param("He ran 26.2 miles in the rain.", "Er lief 52 Kilometer im Regen.", "de",
                 "number 26.2 of the source is missing (found 52)", id="miles-converted-wrong"),
    pytest.param("It was 95°F in the shade.", "Es war 45 °C im Schatten.", "de",
                 "number 95 of the source is missing (found 45)", id="fahrenheit-converted-wrong"),
    pytest.param("The score was 9-5 at halftime.", "Es stand 9:17 zur Halbzeit.", "de",
                 "number 5 of the source is missing (found 17)", id="a-score-is-no-office-hours"),
    pytest.param("About 40 miles away, 12 people died.", "Etwa 64 km entfernt starben 19 Menschen.", "de",
                 "number 12 of the source is missing (found 19)", id="a-conversion-hides-no-other-change"),
    pytest.param("It was 2½ hours.", "Es waren 4,5 Stunden.", "de", "number 2½ of the source is missing (found 4,5)",
                 id="fraction-changed"),
    pytest.param("About ⅓ of voters agreed.", "Environ 2/3 des électeurs étaient d'accord.", "fr",
                 "number ⅓ of the source is missing (found 2)", id="third-changed"),
]


@pytest.mark.parametrize("source,translation,target,message", NUMBER_WRONG)
def test_number_finds_changed_and_missing_numbers(source: str, translation: str, target: str, message: str) -> None:
    findings = found("number", source, translation, target)
    assert any(message in f.message for f in findings), findings


@pytest.mark.parametrize("source,translation,target", [
    pytest.param("He is 15 years old.", "Il a 51 ans.", "fr", id="15-became-51"),
    pytest.param("Prices rose 15% in May.", "Les prix ont augmenté en mai.", "fr", id="vanished"),
    pytest.param("The economy grew 4.2%.", "L’économie a progressé de 42 %.", "fr", id="decimal-lost"),
])  # fmt: skip
def test_a_changed_or_vanished_number_is_an_error(source: str, translation: str, target: str) -> None:
    assert [f.severity for f in found("number", source, translation, target)] == [ERROR]


@pytest.mark.parametrize("target,translation,hint", [
    pytest.param("es", "El comercio alcanzó 4.2 miles de millones de dólares.", "4,2", id="es-apertium-4.2"),
    pytest.param("fr", "Le commerce a atteint 4.2 milliards de dollars.", "4,2", id="fr-4.2"),
    pytest.param("de", "Der Handel erreichte 4.2 Milliarden Dollar.", "4,2", id="de-4.2"),
])  # fmt: skip
def test_a_number_copied_in_the_source_format_is_a_warning_not_an_error(target: str, translation: str,
                                                                        hint: str) -> None:  # fmt: skip
    findings = found("number", "Trade reached 4.2 billion dollars.", translation, target)
    assert [f.severity for f in findings] == [WARNING]
    assert "4.2 is written as in the source (en)" in findings[0].message and f"({hint})" in findings[0].message


@pytest.mark.parametrize("source,translation,target,hint", [
    pytest.param("The euro fell to $1.0825.", "El euro cayó hasta 1.0825 dólares.", "es", "1,0825", id="four-places"),
    pytest.param("It costs 9.50 euros.", "Cela coûte 9.50 euros.", "fr", "9,50", id="cents"),
    pytest.param("Growth was 2.0 percent.", "La croissance a été de 2.0 %.", "fr", "2,0", id="a-zero-place"),
    pytest.param("It fell to -1.5 degrees.", "Il est tombé à -1.5 degrés.", "fr", "-1,5", id="signed"),
    pytest.param("They paid 12,500.75 dollars.", "Ils ont payé 12,500.75 dollars.", "fr", "12\u202f500,75", id="grouped"),
])  # fmt: skip
def test_the_suggested_form_keeps_every_digit(source: str, translation: str, target: str, hint: str) -> None:
    (finding,) = found("number", source, translation, target)
    assert finding.message.endswith(f"not as in {target} ({hint})"), finding.message


@pytest.mark.parametrize("source,translation", [
    ("It was fixed in version 3.1.4.", "Le défaut a été corrigé dans la version 3.1.4."),
    ("The app v2.0 is out.", "L’app v2.0 est sortie."),
    ("Release 2.5 brings dark mode.", "La release 2.5 apporte le mode sombre."),
])  # fmt: skip
def test_a_version_number_is_written_alike_in_every_language(source: str, translation: str) -> None:
    assert found("number", source, translation, "fr") == []


@pytest.mark.parametrize("translation,expected", [
    ("ACME-Corp publicó la versión 2,0,5 el lunes.", [(ERROR, "version 2.0.5 of the source is not in the "
                                                             "translation as written (found 2,0,5)")]),
    ("ACME-Corp publicó la versión 2.1.5 el lunes.", [(ERROR, "version 2.0.5 of the source is not in the translation "
                                                             "as written (found 2.1.5)")]),
    ("ACME-Corp publicó una versión el lunes.", [(ERROR, "version 2.0.5 of the source is not in the translation as "
                                                        "written")]),
    ("ACME-Corp publicó la 2.0.5 el lunes.", []),
])  # fmt: skip
def test_a_version_number_is_one_number_written_as_the_source_writes_it(translation: str,
                                                                        expected: list[tuple[str, str]]) -> None:
    findings = found("number", "ACME-Corp released version 2.0.5 on Monday.", translation, "es")
    # (one finding: the version's digits written otherwise are not numbers 2,0 and 5 as well)
    assert [(f.severity, f.message) for f in findings] == expected


def test_a_days_date_is_no_version_number() -> None:
    findings = found("number", "Die Wahl findet am 12.05.2024 statt.", "Les élections auront lieu le 12 mai 2024.",
                     "fr", source_language="de")
    assert not [f for f in findings if "version" in f.message or f.severity == ERROR], findings
    assert found("number", "Update to version 12.05.24 now.", "Mettez à jour vers la version 12.05.24.", "fr") == []


def test_french_vers_and_german_update_are_no_version_words() -> None:
    assert found("number", "Prices rose about 2.5%.", "Les prix ont augmenté vers 2.5 %.", "fr")
    assert found("number", "An update for 2.5 million users.", "Ein Update 2.5 Millionen Nutzer.", "de")


@pytest.mark.parametrize("source,translation,target", [
    ("He has 3 dogs.", "Il a trois chiens.", "fr"),
    ("He has 30 dogs.", "Il a trente chiens.", "fr"),
    ("Gregor Kobel made 11 saves.", "Gregor Kobel parierte elfmal.", "de"),
    ("With 12 games left, they lead.", "Zwölf Spieltage vor Schluss führen sie.", "de"),
    ("The 11 players and 12 substitutes arrived.", "Les onze joueurs et douze remplaçants sont arrivés.", "fr"),
    ("The flight took 2.5 hours, 1.5 times longer.", "Der Flug dauerte zweieinhalb Stunden, anderthalbmal so lange.", "de"),
    ("The flight took 2.5 hours.", "Le vol a duré deux heures et demie.", "fr"),
    ("Prices have doubled since the 1990s.", "Die Preise haben sich seit den Neunzigerjahren verdoppelt.", "de"),
    ("Prices have doubled since the 1990s.", "Los precios se han duplicado desde los noventa.", "es"),
    ("It has 3 million visitors.", "Es hat drei Millionen Besucher.", "de"),
    ("She came 21st.", "Sie wurde Einundzwanzigste.", "de"),
])  # fmt: skip
def test_a_number_written_out_as_words_is_no_finding(source: str, translation: str, target: str) -> None:
    assert found("number", source, translation, target) == []


@pytest.mark.parametrize("source,translation,target", [
    ("He has 3 dogs.", "Il a quatre chiens.", "fr"),  # (another number's words)
    ("He has 3 dogs.", "Er hat dreißig Hunde.", "de"),  # ("drei" begins "dreißig": no word of its own)
    ("He has 4 dogs.", "Er hat ein Viertel der Hunde.", "de"),
])  # fmt: skip
def test_a_number_not_written_out_is_still_missing(source: str, translation: str, target: str) -> None:
    assert found("number", source, translation, target)


def test_a_large_number_written_out_wrong_is_an_error() -> None:
    assert errors(found("number", "He has 30 dogs.", "Il a vingt chiens."))


def test_a_small_number_changed_into_another_is_an_error() -> None:
    assert [f.message for f in found("number", "He has 3 dogs.", "Il a 5 chiens.")] == [
        "number 3 of the source is missing (found 5)"]


def test_a_finding_met_several_times_in_one_translation_is_given_once() -> None:
    findings = run(Subject("Results of the day.", "Le 18 : 18, 18 et 18 (18).", "en", "fr"))
    assert [(f.check, f.message) for f in findings].count(("number", "number 18 is not in the source")) == 1


def test_an_extra_number_is_a_warning() -> None:
    findings = found("number", "Prices rose sharply in May.", "Les prix ont augmenté de 7 % en mai.")
    assert [(f.severity, f.message) for f in findings] == [(WARNING, "number 7 is not in the source")]


def test_a_repeated_number_given_once_is_a_warning() -> None:
    findings = found("number", "In 2025 sales rose; by the end of 2025 they fell.",
                     "En 2025, les ventes ont augmenté, puis elles ont baissé à la fin de l’année.")  # fmt: skip
    assert [f.severity for f in findings] == [WARNING]
    assert "2025 is 2 times in the source, 1 in the translation" in findings[0].message


def test_a_number_given_more_often_than_the_source_gives_it_is_not_said_to_be_missing_from_it() -> None:
    # (a decoder loop: "2026" is in the source, once)
    findings = found("number", "A ruling is expected by the end of 2026.",
                     "Une décision est attendue d’ici la fin de 2026 de 2026 de 2026.")  # fmt: skip
    assert [(f.severity, f.message) for f in findings] == [
        (WARNING, "number 2026 is 3 times in the translation, once in the source")]


def test_a_number_changed_into_another_languages_grouping_is_one_error_not_a_copy_of_the_source() -> None:
    # "1.200" in French is neither 1,200 (1 200) nor the English 1.2 copied: one changed number.
    findings = found("number", "Dock workers walked out, leaving 1,200 containers on the quay.",
                     "Les dockers ont débrayé, ce qui laisse 1.200 conteneurs sur le quai.")  # fmt: skip
    assert [(f.severity, f.message) for f in findings] == [
        (ERROR, "number 1,200 of the source is missing (found 1.200)")]


def test_a_lost_sign_is_a_warning() -> None:
    findings = found("number", "Temperatures fell to -5 degrees.", "Les températures sont tombées à 5 degrés.")
    assert [(f.severity, f.message) for f in findings] == [(WARNING, "the sign of -5 is lost in the translation")]


def test_a_code_number_that_changed_is_an_error() -> None:
    assert [(f.severity, f.message) for f in found("number", "The G20 met in Rome.", "Le G21 s’est réuni à Rome.")] == [
        (ERROR, "number 20 of the source is missing (found 21)")]


def test_a_code_number_gone_with_its_code_is_a_warning() -> None:
    findings = found("number", "Emissions of CO2 fell.", "Les émissions de dioxyde de carbone ont baissé.")
    assert [f.severity for f in findings] == [WARNING]


def test_a_number_inside_a_word_is_not_read_as_negative() -> None:
    # "F-35" is not -35: reading it so would find "-35 missing" against "F-35".
    assert found("number", "Two F-35 jets landed.", "Zwei F-35-Jets landeten.", "de") == []


def test_a_roman_numeral_does_not_count_when_the_source_has_no_number() -> None:
    assert found("number", "Louis XIV built it.", "Louis XIV l’a construit.") == []


@pytest.mark.parametrize("translation", [
    pytest.param("Le vote a eu lieu.", id="Le-is-not-50"),
    pytest.param("Ce vote a eu lieu.", id="Ce-is-not-100"),
])  # fmt: skip
def test_a_french_article_is_not_a_roman_numeral(translation: str) -> None:
    assert errors(found("number", "The 50 votes took place.", translation))
    assert errors(found("number", "The 100 votes took place.", translation))


# ---------------------------------------------------------------------------------------
# placeholder
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("source,translation,flags,message", [
    pytest.param("Published on {date}", "Publié le", (), "placeholder {date} of the source is missing",
                 id="lost-date"),
    pytest.param("Published on {date}", "Publié le {data}", (), "placeholder {data} is not in the source",
                 id="renamed"),
    pytest.param("{0} of {1}", "{0} sur {0}", ("python-brace-format",), "placeholder {1} of the source is missing",
                 id="positional"),
    pytest.param("Files: {}", "Fichiers :", (), "placeholder {} of the source is missing", id="empty-braces"),
    pytest.param("Hello %(name)s", "Bonjour", ("python-format",), "placeholder %(name)s of the source is missing",
                 id="python-format"),
    pytest.param("%d files", "%s fichiers", ("c-format",), "placeholder %d of the source is missing",
                 id="c-format"),
    pytest.param("Published on {date}", "Publié le {date} {date}", (), "placeholder {date} is not in the source",
                 id="doubled"),
])  # fmt: skip
def test_placeholder_finds(source: str, translation: str, flags: tuple[str, ...], message: str) -> None:
    findings = found("placeholder", source, translation, flags=flags)
    assert message in [f.message for f in findings]
    assert all(f.severity == ERROR for f in findings)


@pytest.mark.parametrize("source,translation,flags", [
    pytest.param("Published on {date}", "Publié le {date}", (), id="kept"),
    pytest.param("{0} of {1}", "{1} sur {0}", ("python-brace-format",), id="reordered"),
    pytest.param("Use {{braces}} here", "Utilisez {{accolades}} ici", (), id="escaped-braces"),
    pytest.param("Rose 15%", "Hausse de 15 %", (), id="percent-without-format-flag"),
    pytest.param("100%% sure, %(name)s", "Sûr à 100 %%, %(name)s", ("python-format",), id="percent-percent"),
])  # fmt: skip
def test_placeholder_accepts(source: str, translation: str, flags: tuple[str, ...]) -> None:
    assert found("placeholder", source, translation, flags=flags) == []


# ---------------------------------------------------------------------------------------
# glossary
# ---------------------------------------------------------------------------------------

GLOSSARY = ("Kim Jong Un", "Xi Jinping", "Un")


def test_glossary_finds_a_lost_term() -> None:
    findings = found("glossary", "Kim Jong Un met Xi Jinping.", "Kim Jong-un a rencontré Xi Jinping.",
                     glossary=GLOSSARY)  # fmt: skip
    assert [(f.severity, f.message) for f in findings] == [(ERROR, "glossary term 'Kim Jong Un' is missing")]


@pytest.mark.parametrize("source,translation,target", [
    pytest.param("Kim Jong Un met Xi Jinping.", "Kim Jong Un a rencontré Xi Jinping.", "fr", id="kept"),
    pytest.param("Kim Jong Un's Bold Return", "Kim Jong Uns kühne Rückkehr", "de", id="inside-a-german-genitive"),
    pytest.param("The United Nations met.", "Les Nations unies se sont réunies.", "fr", id="not-a-whole-word"),
    pytest.param("Mr Xi met him.", "M. Xi l’a rencontré.", "fr", id="not-in-the-source"),
])  # fmt: skip
def test_glossary_accepts(source: str, translation: str, target: str) -> None:
    assert found("glossary", source, translation, target, glossary=GLOSSARY) == []


PUTIN = ("Vladimir Putin", "Xi Jinping")
FRENCH_FORMS = (("Vladimir Putin", "Vladimir Poutine"),)


@pytest.mark.parametrize("translation", [
    pytest.param("Vladimir Poutine a rencontré Xi Jinping.", id="the-locale-form"),
    pytest.param("Vladimir Putin a rencontré Xi Jinping.", id="the-term-verbatim-still"),
    pytest.param("Le président Vladimir Poutine, reçu par Xi Jinping.", id="the-form-anywhere"),
])  # fmt: skip
def test_glossary_accepts_the_locale_form_of_a_term(translation: str) -> None:
    assert found("glossary", "Vladimir Putin met Xi Jinping.", translation, "fr", glossary=PUTIN,
                 glossary_forms=FRENCH_FORMS) == []  # fmt: skip


def test_glossary_with_a_locale_form_still_finds_a_lost_term() -> None:
    findings = found("glossary", "Vladimir Putin met Xi Jinping.", "Poutine a rencontré Xi Jinping.", "fr",
                     glossary=PUTIN, glossary_forms=FRENCH_FORMS)  # fmt: skip
    assert [(f.severity, f.message) for f in findings] == [
        (ERROR, "glossary term 'Vladimir Putin' is missing (nor its fr form 'Vladimir Poutine')")]


def test_glossary_form_of_one_term_does_not_stand_for_another() -> None:
    findings = found("glossary", "Vladimir Putin met Xi Jinping.", "Vladimir Poutine a rencontré Xi.", "fr",
                     glossary=PUTIN, glossary_forms=FRENCH_FORMS)  # fmt: skip
    assert [f.message for f in findings] == ["glossary term 'Xi Jinping' is missing"]


# ---------------------------------------------------------------------------------------
# markup
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("translation,message", [
    pytest.param("Le vote a eu lieu.<script>alert(1)</script>", "tag <script> is not in the source", id="script"),
    pytest.param("Le vote a eu <b>lieu</b>.", "tag <b> is not in the source", id="bold"),
    pytest.param("Le vote a eu lieu &amp; fini.", "entity &amp; is not in the source", id="entity"),
    pytest.param("Le vote a eu lieu&#39;.", "entity &#39; is not in the source", id="numeric-entity"),
    pytest.param("Le vote a eu lieu, voir https://spam.example/win.", "URL https://spam.example/win is not in the "
                 "source", id="url"),
    pytest.param("Le vote a eu lieu (www.spam.example).", "URL www.spam.example is not in the source", id="www"),
    pytest.param("Le vote a eu lieu, écrivez à win@spam.example.",
                 "e-mail address win@spam.example is not in the source", id="email"),
])  # fmt: skip
def test_markup_finds_added_markup(translation: str, message: str) -> None:
    findings = found("markup", "The vote took place.", translation)
    assert message in [f.message for f in findings]
    assert all(f.severity == ERROR for f in findings)


@pytest.mark.parametrize("source,translation", [
    pytest.param("See <a href=\"https://example.org/x\">the report</a>.",
                 "Voir <a href=\"https://example.org/x\">le rapport</a>.", id="same-link"),
    pytest.param("Details at https://example.org/report.", "Détails sur https://example.org/report.",
                 id="url-before-full-stop"),
    pytest.param("Rates fell < 2 points & more.", "Les taux ont baissé de < 2 points & plus.",
                 id="lone-less-than-and-ampersand"),
    pytest.param("Write to press@example.org today.", "Écrivez à press@example.org aujourd’hui.",
                 id="same-email"),
    pytest.param("« Wir schaffen das »", "« Wir schaffen das »", id="guillemets-are-not-tags"),
])  # fmt: skip
def test_markup_accepts(source: str, translation: str) -> None:
    assert found("markup", source, translation) == []


def test_markdown_links_and_code_are_markup_too() -> None:
    """A Markdown article's link (by address) and code span: one the source lacks is an
    error, a source's one that a translation broke or lost a warning."""
    source = "Read [the report](https://example.org/r) and run `make test`."
    assert found("markup", source, "Lisez [le rapport](https://example.org/r) et lancez `make test`.") == []
    broken = found("markup", source, "Lisez [le rapport] (https://example.org/r) et lancez make test.")
    assert [(f.severity, f.message) for f in broken] == [
        (WARNING, "Markdown link to https://example.org/r of the source is missing"),
        (WARNING, "code `make test` of the source is missing")]
    added = found("markup", "Read the report.", "Lisez [le rapport](/elsewhere) et `rm -rf`.")
    assert [(f.severity, f.message) for f in added] == [
        (ERROR, "Markdown link to /elsewhere is not in the source"), (ERROR, "code `rm -rf` is not in the source")]
    assert found("markup", "A [bad](javascript:x) one.", "Un [mauvais](javascript:x).") == []  # never a link


def test_markup_lost_is_a_warning() -> None:
    findings = found("markup", "Details at https://example.org/report.", "Détails dans le rapport.")
    assert [(f.severity, f.message) for f in findings] == [
        (WARNING, "URL https://example.org/report of the source is missing")]


# ---------------------------------------------------------------------------------------
# social, emoji
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("source,translation,expected", [
    pytest.param("Join the campaign #TramNord today.", "Rejoignez la campagne #TranNord aujourd’hui.",
                 [(ERROR, "hashtag #TramNord of the source is #TranNord in the translation")], id="hashtag-changed"),
    pytest.param("Read more from @SZ_Muenchen.", "Plus d’informations chez @SZ_Munchen.",
                 [(ERROR, "handle @SZ_Muenchen of the source is @SZ_Munchen in the translation")], id="handle-changed"),
    pytest.param("Kane (@HarryKane) scored twice.", "Kane a marqué deux fois.",
                 [(ERROR, "handle @HarryKane of the source is missing")], id="handle-lost"),
    pytest.param("Join the #ClimateStrike.", "Rejoignez la #GrèveDuClimat.",
                 [(ERROR, "hashtag #ClimateStrike of the source is #GrèveDuClimat in the translation")],
                 id="hashtag-translated"),
    pytest.param("Join #TramNord today.", "Rejoignez TramNord aujourd’hui.",
                 [(ERROR, "hashtag #TramNord of the source is missing")], id="hash-sign-dropped"),
    pytest.param("The tram line opens.", "La ligne de tram ouvre #TramNord.",
                 [(ERROR, "hashtag #TramNord is not in the source")], id="hashtag-added"),
    pytest.param("Follow @tram@mastodon.social for news.", "Suivez @tram@mastodon.example pour les nouvelles.",
                 [(ERROR, "handle @tram@mastodon.social of the source is @tram@mastodon.example in the translation")],
                 id="mastodon-handle-changed"),
    pytest.param("Use #TramNord.", "Utilisez #tramnord.",
                 [(WARNING, "hashtag #TramNord of the source is #tramnord in the translation (only the case differs)")],
                 id="case-only"),
    pytest.param("#TramNord, #TramNord, #TramNord!", "#TramNord !",
                 [(WARNING, "hashtag #TramNord is once in the translation, 3 times in the source")], id="fewer-times"),
    pytest.param("Follow @SZ and #TramNord", "Suivez @SZ_de et #TramSud",
                 [(ERROR, "handle @SZ of the source is @SZ_de in the translation"),
                  (ERROR, "hashtag #TramNord of the source is #TramSud in the translation")], id="paired-by-kind"),
])  # fmt: skip
def test_social_finds_lost_and_changed_names(source: str, translation: str, expected: list[tuple[str, str]]) -> None:
    assert [(f.severity, f.message) for f in found("social", source, translation)] == expected


@pytest.mark.parametrize("source,translation,target", [
    pytest.param("Follow #TramNord and @SZ_Muenchen.", "Suivez @SZ_Muenchen et #TramNord.", "fr", id="moved"),
    pytest.param("Written in C# and F#.", "Geschrieben in C sharp und F sharp.", "de", id="c-sharp-f-sharp"),
    pytest.param("He is the world’s #1 player.", "Il est le numéro 1 mondial.", "fr", id="ranking-1"),
    pytest.param("She was ranked No. #3, then #2nd.", "Elle était classée n° 3, puis 2e.", "fr", id="ranking-3"),
    pytest.param("Doors open @5pm.", "Einlass um 17 Uhr.", "de", id="at-a-time"),
    pytest.param("Write to press@sz.de.", "Schreiben Sie an presse@sz.de.", "de", id="e-mail-at"),
    pytest.param("See https://example.org/lines#TramNord now.", "Voir https://example.org/lignes#TramNord.", "fr",
                 id="url-fragment"),
    pytest.param("It&#39;s <a href=\"#top\">up</a>.", "C&#39;est <a href=\"#haut\">en haut</a>.", "fr",
                 id="entity-and-tag"),
    pytest.param("# Results", "# Résultats", "fr", id="markdown-heading"),
    pytest.param("Follow #TramNord.", "请关注＃TramNord。", "zh", id="full-width-hash-after-cjk"),
    pytest.param("Follow @SZ_Muenchen.", "请关注@SZ_Muenchen。", "zh", id="handle-after-cjk"),
    pytest.param("Go #Cafe\u0301!", "Allez #Caf\u00e9 !", "fr", id="composed-or-not"),
    pytest.param("Vote #भारत!", "Votez #भारत !", "fr", id="indic-hashtag-whole"),
    pytest.param("Press #️⃣ or #\u20e3 then 1️⃣", "Appuyez sur 1️⃣", "fr", id="keycaps-are-emoji-not-hashtags"),
])  # fmt: skip
def test_social_accepts(source: str, translation: str, target: str) -> None:
    assert found("social", source, translation, target) == []


@pytest.mark.parametrize("source,translation,expected", [
    pytest.param("Take the tram 🚋 to the stadium.", "Prenez le tram pour le stade.",
                 ["emoji 🚋 of the source is missing"], id="lost"),
    pytest.param("Gold 🏆 for Kane!", "De l’or 🥇 pour Kane !", ["emoji 🏆 of the source is 🥇 in the translation"],
                 id="changed"),
    pytest.param("Kane scored.", "Kane a marqué 🎉.", ["emoji 🎉 is not in the source"], id="added"),
    pytest.param("Trams 🚋🚋 everywhere.", "Des trams 🚋 partout.", ["emoji 🚋 is once in the translation, 2 times "
                 "in the source"], id="fewer"),
    pytest.param("Well done 👍🏽", "Bravo 👍", ["emoji 👍🏽 of the source is 👍 in the translation"],
                 id="skin-tone-lost"),
    pytest.param("Welcome 🇩🇪", "Bienvenue 🇫🇷", ["emoji 🇩🇪 of the source is 🇫🇷 in the translation"], id="flag"),
])  # fmt: skip
def test_emoji_finds_lost_and_changed_emoji(source: str, translation: str, expected: list[str]) -> None:
    findings = found("emoji", source, translation)
    assert [f.message for f in findings] == expected
    assert {f.severity for f in findings} == {WARNING}


def test_emoji_a_broken_zwj_sequence_is_a_change() -> None:
    findings = found("emoji", "Family day 👨\u200d👩\u200d👧", "Journée des familles 👨👩👧")
    assert findings and findings[0].message == "emoji 👨\u200d👩\u200d👧 of the source is 👨 in the translation"
    assert {f.severity for f in findings} == {WARNING}


@pytest.mark.parametrize("source,translation", [
    pytest.param("🚋 The new line opens 🎉", "La nouvelle ligne ouvre 🎉🚋", id="moved"),
    pytest.param("I ❤️ Munich", "J’aime Munich ❤", id="variation-selector-dropped"),
    pytest.param("I ❤ Munich", "J’❤️ Munich", id="variation-selector-added"),
    pytest.param("Well done 👍🏽 👨\u200d👩\u200d👧", "Bravo 👨\u200d👩\u200d👧 👍🏽", id="skin-tone-and-zwj-whole"),
    pytest.param("Scotland 🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f and 🇩🇪 won",
                 "L’Écosse 🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f et 🇩🇪 ont gagné",
                 id="tag-sequence-and-flag"),
    pytest.param("Press 1️⃣ then #️⃣", "Appuyez sur 1️⃣ puis #️⃣", id="keycaps"),
    pytest.param("© 2025 SZ™ → more", "(c) 2025 SZ, plus", id="typography-is-no-emoji"),
])  # fmt: skip
def test_emoji_accepts(source: str, translation: str) -> None:
    assert found("emoji", source, translation) == []


def test_social_and_emoji_are_silenced_each_by_its_flag() -> None:
    lost = subject("Kane 🏆 (@HarryKane) wins.", "Kane gagne.")
    assert {f.check for f in run(lost, only=["social", "emoji"])} == {"social", "emoji"}
    assert {f.check for f in run(replace(lost, flags=("ignore-emoji",)), only=["social", "emoji"])} == {"social"}
    assert {f.check for f in run(replace(lost, flags=("ignore-social",)), only=["social", "emoji"])} == {"emoji"}


SOCIAL_NEWS = [
    ("Tram line 23 to the north opens on Saturday 🚋 Follow #TramNord and @SWM_Muenchen for updates.", {
        "fr": "La ligne de tram 23 vers le nord ouvre samedi 🚋 Suivez #TramNord et @SWM_Muenchen pour les "
              "dernières nouvelles.",
        "de": "Die Tramlinie 23 in den Norden öffnet am Samstag 🚋 Folgen Sie #TramNord und @SWM_Muenchen für "
              "Neuigkeiten.",
        "es": "La línea de tranvía 23 hacia el norte abre el sábado 🚋 Sigue #TramNord y @SWM_Muenchen para "
              "estar al día.",
    }),
    ("“What a night! 🏆🎉” Kane (@HarryKane) wrote after the 3–1 win.", {
        "fr": f"«{NBSP}Quelle soirée{NNBSP}! 🎉🏆{NBSP}», a écrit Kane (@HarryKane) après la victoire 3–1.",
        "de": "„Was für eine Nacht! 🏆🎉“, schrieb Kane (@HarryKane) nach dem 3:1-Sieg.",
        "es": "«¡Qué noche! 🏆🎉», escribió Kane (@HarryKane) tras la victoria por 3-1.",
    }),
]


@pytest.mark.parametrize("source,translation,target", [
    pytest.param(source, translations[language], language, id=f"{language}-{index}")
    for index, (source, translations) in enumerate(SOCIAL_NEWS) for language in translations
])  # fmt: skip
def test_correct_translations_of_social_news_raise_no_finding(source: str, translation: str, target: str) -> None:
    assert run(subject(source, translation, target, approved=True)) == []


# ---------------------------------------------------------------------------------------
# repetition
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("translation,phrase", [
    pytest.param("Le budget et et et et la dette.", "et", id="et-et-et-et"),
    pytest.param("La hausse de la de la de la dette.", "de la", id="de-la-three-times"),
    pytest.param("Der Haushalt Der Haushalt der Haushalt wurde beschlossen.", "Der Haushalt", id="case-insensitive"),
    pytest.param("Kim Jong Un Kim Jong Un Kim Jong Un Kim Jong Un", "Kim Jong Un", id="three-word-phrase"),
])  # fmt: skip
def test_repetition_finds_loops(translation: str, phrase: str) -> None:
    findings = found("repetition", "The budget and the debt went up.", translation)
    assert [f.severity for f in findings] == [ERROR]
    assert repr(phrase) in findings[0].message


def test_repetition_finds_loops_in_a_script_without_spaces() -> None:
    findings = found("repetition", "The budget was approved on Friday.", "预算在星期五获得批准的的的的的的。", "zh")
    assert [f.severity for f in findings] == [ERROR]


def test_repetition_finds_a_long_word_looped_without_spaces() -> None:
    findings = found("repetition", "Kontakt", "beimarschierten" * 55, "es")
    assert [f.severity for f in findings] == [ERROR] and "'beimarschierten' repeated 55 times" in findings[0].message


@pytest.mark.parametrize("source,translation", [
    pytest.param("It was very, very cold.", "Il faisait très très froid.", id="very-very"),
    pytest.param("The Walla Walla river.", "La rivière Walla Walla.", id="reduplicated-name"),
    pytest.param("Baden-Baden hosted it.", "Baden-Baden l’a accueilli.", id="hyphenated-name"),
    pytest.param("A steamship company.", "Donaudampfschifffahrtsgesellschaft.", id="a-long-compound"),
    pytest.param("“No, no, no,” he said.", "« Non, non, non », a-t-il dit.", id="the-source-repeats-too"),
    pytest.param("It cost one billion euros.", "Cela a coûté 1 000 000 000 euros.", id="digit-groups"),
    pytest.param("Kim met Kim's sister and Kim's aide.", "Kim a vu la sœur de Kim et l’aide de Kim.",
                 id="a-name-three-times-not-in-a-row"),
])  # fmt: skip
def test_repetition_accepts(source: str, translation: str) -> None:
    assert found("repetition", source, translation) == []


def test_a_phrase_that_loops_in_several_places_is_said_once() -> None:
    translation = "warim warim warim warim warim. Und warim warim warim, dann warim warim warim warim warim warim warim"
    findings = found("repetition", "The parade was long.", translation)
    assert [(f.severity, f.message) for f in findings] == [(ERROR, "'warim' repeated 7 times")]


def test_a_loop_broken_by_punctuation_is_a_warning() -> None:
    findings = found("repetition", "“No,” he said.", "« Non, non, non », a-t-il dit.")
    assert [f.severity for f in findings] == [WARNING]


# ---------------------------------------------------------------------------------------
# untranslated
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("source,target", [
    pytest.param("North Korean leader Kim Jong Un will visit China.", "fr", id="sentence"),
    pytest.param("The Significance of the Visit", "de", id="headline"),
    pytest.param("What Comes Next", "fr", id="short-title-case-heading"),
    pytest.param("Why Now Matters", "fr", id="short-heading-with-a-question-word"),
    pytest.param("Transparenz: Redaktionell erstellt und geprüft.", "fr", id="german-chrome"),
])  # fmt: skip
def test_untranslated_finds_a_copy(source: str, target: str) -> None:
    language = "de" if source.startswith("Transparenz") else "en"
    findings = run(Subject(source, "  " + source.upper() + " ", language, target), only=["untranslated"])
    assert [(f.severity, f.message) for f in findings] == [(WARNING, "the translation is a copy of the source")]


@pytest.mark.parametrize("source,target,glossary", [
    pytest.param("Kim Jong Un", "fr", (), id="name-equal-to-source"),
    pytest.param("Ursula von der Leyen", "fr", (), id="name-with-particles"),
    pytest.param("Unter den Linden", "fr", (), id="street-name"),
    pytest.param("Impressum", "fr", (), id="one-word"),
    pytest.param("2:01:02", "fr", (), id="numbers-alone"),
    pytest.param("https://example.org/a/long/path", "fr", (), id="url-alone"),
    pytest.param("Kim Jong Un and Xi Jinping", "fr", ("Kim Jong Un", "Xi Jinping"), id="glossary-terms"),
    pytest.param("„Wir schaffen das“", "de", (), id="a-quote-in-the-target-language"),
    pytest.param("Bank of England", "fr", (), id="a-name-with-of"),
    pytest.param("The New York Times", "fr", (), id="a-name-with-the"),
    pytest.param("The vote took place on Friday.", "en_GB", (), id="same-language"),
])  # fmt: skip
def test_untranslated_accepts(source: str, target: str, glossary: tuple[str, ...]) -> None:
    assert found("untranslated", source, source, target, glossary=glossary) == []


def test_glossary_and_untranslated_read_decomposed_text_as_composed() -> None:
    """A translation saved in decomposed form (NFD: "u" + combining diaeresis, as some
    editors write it) has its glossary terms (before: a false error), and a decomposed copy
    of the source is still a copy."""
    import unicodedata

    glossary = Glossary.of(["Vladimir Putin", "Zürich"], {"es": {"Vladimir Putin": "Vladímir Putin"}})
    source = "Vladimir Putin met officials in Zürich on Monday."
    nfd = unicodedata.normalize("NFD", "Vladímir Putin se reunió el lunes con funcionarios en Zürich.")
    assert nfd != unicodedata.normalize("NFC", nfd)
    assert found("glossary", source, nfd, "es", glossary=tuple(glossary),
                 glossary_forms=tuple(glossary.forms_for("es").items())) == []
    assert [f.message for f in found("glossary", source, "Putin se reunió en Zúrich.", "es", glossary=tuple(glossary),
                                     glossary_forms=tuple(glossary.forms_for("es").items()))] == [
        "glossary term 'Vladimir Putin' is missing (nor its es form 'Vladímir Putin')",
        "glossary term 'Zürich' is missing"]
    copy = found("untranslated", "The officials in Zürich met on Monday.",
                 unicodedata.normalize("NFD", "The officials in Zürich met on Monday."), "fr")
    assert [f.message for f in copy] == ["the translation is a copy of the source"]


def test_untranslated_accepts_a_translation() -> None:
    assert found("untranslated", "The vote took place on Friday.", "Le vote a eu lieu vendredi.") == []


TRAM = ("The mayor said the new tram line would open in spring, and that the council had approved the final "
        "budget on Tuesday.")


def test_untranslated_finds_a_translation_left_half_in_english() -> None:
    half = "Le maire a déclaré que la nouvelle ligne de tram ouvrirait au printemps, and that the council had " \
           "approved the final budget on Tuesday."
    (finding,) = found("untranslated", TRAM, half, "fr")
    assert finding.severity == "warning"
    assert finding.message == ("11 words of the source are copied untranslated "
                               "(“and that the council had approved the final budget on Tue…”)")


@pytest.mark.parametrize("source,translation,target", [
    pytest.param(TRAM, "Le maire a déclaré que la nouvelle ligne de tram ouvrirait au printemps et que le conseil "
                       "avait approuvé le budget final mardi.", "fr", id="translated"),
    pytest.param("Merkel said: „Wir schaffen das, und wir werden es gemeinsam schaffen“ on Monday in Berlin.",
                 "Merkel sagte am Montag in Berlin: „Wir schaffen das, und wir werden es gemeinsam schaffen“.", "de",
                 id="a-quote-in-the-readers-language"),
    pytest.param("The report by the International Committee of the Red Cross and Red Crescent was published.",
                 "Le rapport du International Committee of the Red Cross and Red Crescent a été publié.", "fr",
                 id="a-name-in-title-case"),
    pytest.param("The new law, he said, would change a great deal for the people of the city.",
                 "La nouvelle loi, a-t-il dit, changerait beaucoup de choses pour les habitants.", "fr",
                 id="short-shared-words"),
])
def test_untranslated_accepts_a_partial_copy_that_is_no_english_left_behind(source: str, translation: str,
                                                                             target: str) -> None:
    assert found("untranslated", source, translation, target) == []


# ---------------------------------------------------------------------------------------
# whitespace, length, invisible, punctuation
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("source,translation,message", [
    pytest.param("The vote.", " Le vote.", "leading whitespace ' ' differs from the source's ''", id="leading"),
    pytest.param("The vote.", "Le vote. ", "trailing whitespace ' ' differs from the source's ''", id="trailing"),
    pytest.param("The vote.\n", "Le vote.", "trailing whitespace '' differs from the source's '\\n'",
                 id="lost-newline"),
    pytest.param("The vote took place.", "Le vote  a eu lieu.", "double space (1 in the translation)",
                 id="double-space"),
])  # fmt: skip
def test_whitespace_finds(source: str, translation: str, message: str) -> None:
    findings = found("whitespace", source, translation)
    assert [(f.severity, f.message) for f in findings] == [(WARNING, message)]


@pytest.mark.parametrize("source,translation", [
    pytest.param(" The vote.\n", " Le vote.\n", id="same-edges"),
    pytest.param("Who checks?", f"Qui contrôle{NNBSP}?", id="french-narrow-nbsp"),
    pytest.param("Table:  A  B", "Tableau :  A  B", id="double-spaces-of-the-source"),
])  # fmt: skip
def test_whitespace_accepts(source: str, translation: str) -> None:
    assert found("whitespace", source, translation) == []


SENTENCE = "Germany's parliament on Friday approved the federal budget for 2027."


@pytest.mark.parametrize("translation", [
    pytest.param("Budget.", id="far-shorter"),
    pytest.param(SENTENCE * 4, id="far-longer"),
])  # fmt: skip
def test_length_finds(translation: str) -> None:
    assert [f.severity for f in found("length", SENTENCE, translation)] == [WARNING]


@pytest.mark.parametrize("source,translation", [
    pytest.param("Kontakt", "Contact" * 60, id="a-word-made-420-characters"),
    pytest.param("Datenschutz", "The protection of your personal data is important to us, and this page explains in "
                 "detail which data we collect.", id="a-label-made-a-sentence"),
])  # fmt: skip
def test_length_finds_a_short_source_grown_past_any_label(source: str, translation: str) -> None:
    assert [f.severity for f in found("length", source, translation)] == [WARNING]


@pytest.mark.parametrize("source,translation,target", [
    pytest.param(SENTENCE, "Le Parlement allemand a approuvé vendredi le budget fédéral pour 2027.", "fr",
                 id="normal"),
    pytest.param("AI", "Intelligence artificielle", "fr", id="short-source-may-grow"),
    pytest.param("Datenschutz", "Déclaration relative à la protection des données", "fr",
                 id="short-source-may-grow-to-a-long-label"),
    pytest.param(SENTENCE, "德国议会周五批准了2027年联邦预算。", "zh", id="chinese-counted-by-width"),
])  # fmt: skip
def test_length_accepts(source: str, translation: str, target: str) -> None:
    assert found("length", source, translation, target) == []


@pytest.mark.parametrize("translation,target,code", [
    pytest.param("Le\u200b vote.", "fr", "U+200B", id="zero-width-space"),
    pytest.param("Le vote\ufeff.", "fr", "U+FEFF", id="bom"),
    pytest.param("Le vote\u2060.", "fr", "U+2060", id="word-joiner"),
    pytest.param("Le \u202evote.", "fr", "U+202E", id="right-to-left-override"),
    pytest.param("Le \u2066vote\u2069.", "fr", "U+2066", id="isolate"),
    pytest.param("Le vote\u200f.", "fr", "U+200F", id="rtl-mark-in-french"),
    pytest.param("Le\u200d vote.", "fr", "U+200D", id="joiner-next-to-ascii"),
    pytest.param("التصويت \u202eجرى.", "ar", "U+202E", id="override-in-arabic"),
])  # fmt: skip
def test_invisible_finds(translation: str, target: str, code: str) -> None:
    findings = found("invisible", "The vote.", translation, target)
    assert findings and findings[0].severity == ERROR and code in findings[0].message


@pytest.mark.parametrize("source,translation,target", [
    pytest.param("The vote.", "Le vote.", "fr", id="none"),
    pytest.param("The\u200b vote.", "Le\u200b vote.", "fr", id="as-in-the-source"),
    pytest.param("The vote.", "رأی\u200cگیری انجام شد.", "fa", id="persian-zwnj"),
    pytest.param("The vote.", "मतदान हुआ, क्\u200dष।", "hi", id="devanagari-zwj"),
    pytest.param("The vote took place.", "التصويت \u200fجرى.", "ar", id="rtl-mark-in-arabic"),
    pytest.param("The vote took place.", "การลง\u200bคะแนน", "th", id="thai-word-break"),
    pytest.param("A family.", "Une famille 👨\u200d👩\u200d👧.", "fr", id="emoji-sequence"),
])  # fmt: skip
def test_invisible_accepts(source: str, translation: str, target: str) -> None:
    assert found("invisible", source, translation, target) == []


def test_bidi_isolates_in_a_right_to_left_language_are_a_warning() -> None:
    findings = found("invisible", "The vote.", "التصويت \u2066EU\u2069 جرى.", "ar")
    assert {f.severity for f in findings} == {WARNING}


@pytest.mark.parametrize("source,translation,message", [
    pytest.param("The vote took place.", "Le vote a eu lieu", "the source ends with '.', the translation with "
                 "no punctuation", id="lost-full-stop"),
    pytest.param("Who checks the machines?", "Qui contrôle les machines.", "the source ends with '?', the "
                 "translation with '.'", id="question-became-statement"),
    pytest.param("Kim's Bold Return", "Le retour audacieux de Kim !", "the source ends with no punctuation, "
                 "the translation with '!'", id="added"),
])  # fmt: skip
def test_punctuation_finds(source: str, translation: str, message: str) -> None:
    findings = found("punctuation", source, translation)
    assert [(f.severity, f.message) for f in findings] == [(WARNING, message)]


@pytest.mark.parametrize("source,translation,target", [
    pytest.param("Who checks the machines?", f"Qui contrôle les machines{NNBSP}?", "fr", id="fr-narrow-nbsp"),
    pytest.param("Who checks the machines?", "Qui contrôle les machines ?", "fr", id="fr-space"),
    pytest.param("Who checks the machines?", "¿Quién controla las máquinas?", "es", id="es-inverted"),
    pytest.param("Heading to China!", "¡Rumbo a China!", "es", id="es-exclamation"),
    pytest.param("“Berlin has been good to me.”", f"«{NBSP}Berlin m’a réussi.{NBSP}»", "fr",
                 id="fr-full-stop-inside-guillemets"),
    pytest.param("He said “no.”", "Il a dit « non ».", "fr", id="fr-full-stop-after-guillemets"),
    pytest.param("He said “no.”", "Er sagte „nein“.", "de", id="de-quotes"),
    pytest.param("It was only a test.", "这只是一个测试。", "zh", id="zh-full-stop"),
    pytest.param("Who checks?", "Ποιος ελέγχει;", "el", id="greek-question-mark"),
    pytest.param("Who checks?", "من يراقب؟", "ar", id="arabic-question-mark"),
    pytest.param("And then...", "Et puis…", "fr", id="ellipsis"),
    pytest.param("Three words:", "Trois mots :", "fr", id="colon"),
    pytest.param("Protest Outside the Reichstag", "Manifestation devant le Reichstag", "fr", id="headline"),
])  # fmt: skip
def test_punctuation_accepts(source: str, translation: str, target: str) -> None:
    assert found("punctuation", source, translation, target) == []


# ---------------------------------------------------------------------------------------
# brackets
# ---------------------------------------------------------------------------------------

KRUEGER = "“We will not be taken for fools,” said union spokesperson Jana Krüger. She added: „Wir bleiben hart.“"
KRUEGER_FR = (f"«{NBSP}Nous ne nous laisserons pas prendre pour des imbéciles{NBSP}», a déclaré la porte-parole du "
              f"syndicat Jana Krüger. Elle a ajouté{NBSP}: „Wir bleiben hart.“")
SCHOLZ = "Chancellor Olaf Scholz called the figures \"unacceptable\" and promised 40 billion euros by 2030."


@pytest.mark.parametrize("source,translation,target,message", [
    pytest.param(KRUEGER, KRUEGER_FR.replace(f"{NBSP}»", ""), "fr",
                 f"quotation mark « is not closed («{NBSP}Nous ne nous laisseron…)", id="fr-guillemet-never-closed"),
    pytest.param(KRUEGER, KRUEGER_FR.replace(f"«{NBSP}", "“").replace(f"{NBSP}»", ""), "fr",
                 "quotation mark “ is not closed (“Nous ne nous laisserons…)", id="en-quote-never-closed"),
    pytest.param(KRUEGER, KRUEGER_FR[:-1], "fr", "quotation mark „ is not closed („Wir bleiben hart.)",
                 id="final-closing-quote-lost"),
    pytest.param(SCHOLZ, "Le chancelier Olaf Scholz a qualifié ces chiffres d'\"inacceptables et promis 40 milliards "
                 "d’euros d’ici 2030.", "fr", 'straight quotation mark " has no partner ("inacceptables et promis…)',
                 id="fr-straight-quote-after-apostrophe"),
    pytest.param(SCHOLZ, "Le chancelier Olaf Scholz a qualifié ces chiffres d’« inacceptables et promis 40 milliards "
                 "d’euros d’ici 2030.", "fr", "quotation mark « is not closed (« inacceptables et promi…)",
                 id="fr-guillemet-after-apostrophe"),
    pytest.param(SCHOLZ, 'Kanzler Olaf Scholz nannte die Zahlen "inakzeptabel" und "versprach 40 Milliarden Euro bis '
                 '2030.', "de", 'an odd number of straight quotation marks " (3)', id="three-straight-quotes"),
    pytest.param(SCHOLZ, "Kanzler Olaf Scholz nannte die Zahlen inakzeptabel“ und versprach 40 Milliarden Euro bis 2030.",
                 "de", "closing quotation mark “ has no opening one (…die Zahlen inakzeptabel“)",
                 id="de-closing-without-opening"),
    pytest.param(SCHOLZ, "El canciller Olaf Scholz calificó las cifras de «inaceptables y prometió 40.000 millones de "
                 "euros hasta 2030.", "es", "quotation mark « is not closed («inaceptables y prometió…)",
                 id="es-guillemet-never-closed"),
    pytest.param("The agency (BNetzA) hired staff.", "L’agence (BNetzA a recruté du personnel.", "fr",
                 "bracket ( is not closed ((BNetzA a recruté du per…)", id="bracket-never-closed"),
    pytest.param("The agency hired staff.", "L’agence BNetzA) a recruté du personnel.", "fr",
                 "closing bracket ) has no opening one (L’agence BNetzA))", id="bracket-closes-nothing"),
    pytest.param("He said “no” (twice).", "Er sagte »nein (zweimal).", "de",
                 "quotation mark » is not closed (»nein (zweimal).)", id="de-chevron-never-closed"),
    pytest.param("He said “no” (twice).", "Er sagte nein« (zweimal).", "de",
                 "closing quotation mark « has no opening one (Er sagte nein«)", id="de-chevron-closes-nothing"),
    pytest.param("He said “no” (twice).", "Er sagte «nein (zweimal).", "de_CH",
                 "quotation mark « is not closed («nein (zweimal).)", id="de_CH-guillemet-never-closed"),
    pytest.param("He called it 'a farce', she said.", "Er nannte es ‚eine Farce, sagte sie.", "de",
                 "quotation mark ‚ is not closed (‚eine Farce, sagte sie.)", id="de-single-low-never-closed"),
    pytest.param('He said "it was \'a farce\' indeed".', "Er sagte „es war ‚eine Farce in der Tat“.", "de",
                 "quotation mark ‚ is not closed (‚eine Farce in der Tat“.)", id="de-single-low-inside-double"),
])  # fmt: skip
def test_brackets_finds_marks_that_do_not_pair_up(source: str, translation: str, target: str, message: str) -> None:
    findings = found("brackets", source, translation, target)
    assert [(f.severity, f.message) for f in findings] == [(WARNING, message)]


@pytest.mark.parametrize("translation", [
    "Er nannte es ‚eine Farce‘, sagte sie.",
    "Er sagte „es war ‚eine Farce‘ in der Tat“.",
    "Wie geht‘s, sagte sie.",  # (‘ written as an apostrophe: no quotation mark)
])
def test_brackets_reads_german_single_quotes(translation: str) -> None:
    assert found("brackets", "He called it 'a farce', she said.", translation, "de") == []


@pytest.mark.parametrize("source,translation,target,source_language", [
    pytest.param(KRUEGER, KRUEGER_FR, "fr", "en", id="fr-guillemets-and-a-german-quote"),
    pytest.param(KRUEGER, KRUEGER_FR.replace(NBSP, NNBSP), "fr", "en", id="fr-narrow-no-break-spaces"),
    pytest.param(KRUEGER, "„Wir lassen uns nicht für dumm verkaufen“, sagte Gewerkschaftssprecherin Jana Krüger. "
                 "Sie fügte hinzu: „Wir bleiben hart.“", "de", "en", id="de-low-high-quotes"),
    pytest.param(KRUEGER, "»Wir lassen uns nicht für dumm verkaufen«, sagte Gewerkschaftssprecherin Jana Krüger. "
                 "Sie fügte hinzu: »Wir bleiben hart.«", "de", "en", id="de-chevrons"),
    pytest.param(KRUEGER, "«No nos dejaremos tomar por tontos», dijo la portavoz sindical Jana Krüger. Añadió: "
                 "«Wir bleiben hart» (“Seguiremos firmes”).", "es", "en", id="es-angular-nested-english"),
    pytest.param(SCHOLZ, "Le chancelier Olaf Scholz a qualifié ces chiffres d’« inacceptables » et promis "
                 "40 milliards d’euros d’ici 2030.", "fr", "en", id="fr-apostrophe-before-guillemet"),
    pytest.param(SCHOLZ, "Le chancelier Olaf Scholz a qualifié ces chiffres d'\"inacceptables\" et promis 40 milliards "
                 "d'euros d'ici 2030.", "fr", "en", id="fr-straight-quotes-and-apostrophes"),
    pytest.param(SCHOLZ, "Kanzler Olaf Scholz nannte die Zahlen „inakzeptabel“ und versprach bis 2030 "
                 "40 Milliarden Euro.", "de", "en", id="de-straight-to-curly"),
    pytest.param("“It’s the workers’ money,” she said. ‘Ours,’ he added (in English).",
                 "« C’est l’argent des travailleurs », a-t-elle dit. ‹ Le nôtre ›, a-t-il ajouté "
                 "(en anglais).", "fr", "en", id="apostrophes-never-quotes"),
    pytest.param("He said: “The ‘so-called’ deal is dead.”", "Er sagte: „Der ‚sogenannte‘ Deal ist tot.“", "de",
                 "en", id="de-nested-single-quotes"),
    pytest.param("He said: “The ‘so-called’ deal is dead.”", "Dijo: «El “supuesto” acuerdo está muerto».", "es",
                 "en", id="es-nested-english-quotes"),
    pytest.param("Published on {date} [updated]", "Publié le {date} [mis à jour]", "fr", "en", id="placeholders"),
    pytest.param("Escaped {{ braces", "Accolades {{ échappées", "fr", "en", id="braces-are-left-out"),
    pytest.param('See <a href="https://example.org/a">the report</a>.', 'Voir <a href="https://example.org/a">le '
                 'rapport</a>.', "fr", "en", id="quotes-in-markup"),
    pytest.param("„Wir schaffen das“, sagte Merkel.", "“We can do this,” Merkel said.", "en", "de",
                 id="en-from-german"),
    pytest.param("„Wir schaffen das“, sagte Merkel.", "\"We can do this,\" Merkel said.", "en", "de",
                 id="en-straight-from-german"),
    pytest.param("Er sagte: „Das ist ‚unfair‘.“", "He said: “That’s ‘unfair’.”", "en", "de", id="en-nested-single"),
    pytest.param("“The river is telling us something,” he said. “Low water is no longer an exception.",
                 "« Le fleuve nous dit quelque chose », a-t-il dit. « Les basses eaux ne sont plus "
                 "une exception.", "fr", "en", id="a-quote-running-on-in-the-source"),
    pytest.param("1) The vote.", "1. Le vote.", "fr", "en", id="source-brackets-do-not-pair"),
    pytest.param("“Maybe,” he said.", "”Kanske”, sade han.", "sv", "en", id="sv-same-mark-quotes"),
    pytest.param("“Maybe,” he said.", "「たぶんね」と彼は言った。", "ja", "en", id="ja-corner-brackets"),
])  # fmt: skip
def test_brackets_accepts_marks_that_pair_up(source: str, translation: str, target: str, source_language: str) -> None:
    assert found("brackets", source, translation, target, source_language=source_language) == []


def test_brackets_is_silenced_by_its_ignore_flag() -> None:
    broken = subject(KRUEGER, KRUEGER_FR[:-1], approved=True)
    assert {f.check for f in run(broken)} == {"brackets"}
    assert run(replace(broken, flags=("ignore-brackets",))) == []


# ---------------------------------------------------------------------------------------
# mt-flag
# ---------------------------------------------------------------------------------------

FLAGGED = {"approved": True, "draft_unchanged": True, "mt_flags": ("length-bound", "repetition")}


def test_mt_flag_finds_an_unchanged_flagged_draft_approved() -> None:
    findings = found("mt-flag", "The vote.", "Le vote.", **FLAGGED)
    assert [(f.severity, f.message) for f in findings] == [
        (ERROR, "approved unchanged machine draft flagged length-bound, repetition")]


@pytest.mark.parametrize("fields", [
    pytest.param({**FLAGGED, "approved": False}, id="still-a-draft"),
    pytest.param({**FLAGGED, "draft_unchanged": False}, id="edited-before-approval"),
    pytest.param({**FLAGGED, "mt_flags": ()}, id="draft-not-flagged"),
    pytest.param({**FLAGGED, "mt_flags": ("pivot",)}, id="only-informational-flag"),
])  # fmt: skip
def test_mt_flag_accepts(fields: dict[str, object]) -> None:
    assert found("mt-flag", "The vote.", "Le vote.", **fields) == []


# ---------------------------------------------------------------------------------------
# run: ignore-<check> flags, only
# ---------------------------------------------------------------------------------------

DEFECTIVE = subject("Published on {date}: 15 people came.", "Publié : 51 personnes sont venues.")


def test_run_finds_every_check() -> None:
    assert {f.check for f in run(DEFECTIVE)} == {"number", "placeholder"}


@pytest.mark.parametrize("check", ["number", "placeholder"])
def test_an_ignore_flag_silences_its_check_only(check: str) -> None:
    silenced = replace(DEFECTIVE, flags=("python-brace-format", f"ignore-{check}"))
    assert {f.check for f in run(silenced)} == {"number", "placeholder"} - {check}


def test_ignore_flags_for_every_check() -> None:
    every = replace(DEFECTIVE, flags=tuple(f"ignore-{name}" for name in CHECK_NAMES))
    assert run(every) == []


def test_only_runs_the_named_checks() -> None:
    assert {f.check for f in run(DEFECTIVE, only=["placeholder", "glossary"])} == {"placeholder"}


def test_an_unknown_check_name_is_a_usage_error() -> None:
    with pytest.raises(UnknownCheckError, match="unknown check 'numbers'") as caught:
        run(DEFECTIVE, only=["numbers"])
    assert isinstance(caught.value, InputError) and caught.value.exit_code == 2


def test_an_empty_translation_is_not_checked() -> None:
    assert run(replace(DEFECTIVE, translation="")) == []


# ---------------------------------------------------------------------------------------
# Acceptance: planted defects in approved French translations are all found; correct
# translations with French number formats are not flagged
# ---------------------------------------------------------------------------------------

PLANTED = [
    pytest.param("In the final vote, 374 members voted in favour and 293 against.",
                 "Lors du vote final, 374 députés ont voté pour et 239 contre.", "number",
                 id="changed-number"),
    pytest.param("The budget foresees total spending of around €520 billion.",
                 "Le budget prévoit des dépenses totales d’environ 520 milliards d’euros <a href=\"https://x.example\">"
                 "ici</a>.", "markup", id="added-markup"),
    pytest.param("Kim’s attendance has been confirmed by North Korea’s state news agency.",
                 "La présence de Kim a été confirmée par l’agence de presse d’État de l’agence de presse "
                 "de l’agence de presse de l’agence de presse nord-coréenne.", "repetition", id="loop"),
    pytest.param("Economists warn that the debate will only get harder.",
                 "Economists warn that the debate will only get harder.", "untranslated", id="untranslated-copy"),
    pytest.param("Published on {date}", "Publié le", "placeholder", id="lost-date"),
]


@pytest.mark.parametrize("source,translation,check", PLANTED)
def test_acceptance_planted_defects_are_found(source: str, translation: str, check: str) -> None:
    approved = subject(source, translation, "fr", approved=True, glossary=GLOSSARY)
    assert check in {f.check for f in run(approved)}


FRENCH_NUMBERS = [
    ("Net borrowing is expected to reach about €84 billion.",
     "L’emprunt net devrait atteindre environ 84 milliards d’euros."),
    ("More than 48,000 runners from over 150 countries started the race.",
     f"Plus de 48{NNBSP}000 coureurs venus de plus de 150 pays ont pris le départ."),
    ("A whopping 97% of North Korea’s external trade flows through its neighbor.",
     f"Pas moins de 97{NNBSP}% du commerce extérieur de la Corée du Nord transite par son voisin."),
    ("Spending is set to climb to roughly 3.5% of economic output.",
     f"Les dépenses devraient grimper à environ 3,5{NBSP}% de la production économique."),
    ("Germany’s installed solar capacity now exceeds 115 gigawatts.",
     "La capacité solaire installée de l’Allemagne dépasse désormais 115 gigawatts."),
    ("The budget for integration courses is set to fall by about 12.5%.",
     "Le budget des cours d’intégration devrait baisser d’environ 12,5 %."),
    ("A gap of more than €1,250 million has not yet been closed.",
     "Un trou de plus de 1 250 millions d’euros n’a pas encore été comblé."),
]


@pytest.mark.parametrize("source,translation", FRENCH_NUMBERS, ids=[f"fr-{i}" for i in range(len(FRENCH_NUMBERS))])
def test_acceptance_french_number_formats_are_not_flagged(source: str, translation: str) -> None:
    assert run(subject(source, translation, "fr", approved=True, glossary=GLOSSARY)) == []


# ---------------------------------------------------------------------------------------
# Precision: correct professional translations of real news sentences (the sample
# workspace's articles) raise no finding at all
# ---------------------------------------------------------------------------------------

CORPUS: list[tuple[str, dict[str, str]]] = [
    ("North Korean leader Kim Jong Un will visit China to attend a military parade marking WWII's 80th "
     "anniversary on September 3, 2025.", {
        "fr": "Le dirigeant nord-coréen Kim Jong Un se rendra en Chine pour assister à un défilé militaire "
              "marquant le 80e anniversaire de la Seconde Guerre mondiale, le 3 septembre 2025.",
        "de": "Der nordkoreanische Machthaber Kim Jong Un wird China besuchen, um am 3. September 2025 an einer "
              "Militärparade zum 80. Jahrestag des Endes des Zweiten Weltkriegs teilzunehmen.",
        "es": "El líder norcoreano Kim Jong Un visitará China para asistir a un desfile militar con motivo del "
              "80.º aniversario de la Segunda Guerra Mundial, el 3 de septiembre de 2025.",
    }),
    ("Kim Jong Un's Bold Return: Heading to China for Historic Parade!", {
        "fr": f"Le retour audacieux de Kim Jong Un{NBSP}: cap sur la Chine pour un défilé historique{NNBSP}!",
        "de": "Kim Jong Uns kühne Rückkehr: Auf nach China zur historischen Parade!",
        "es": "El audaz regreso de Kim Jong Un: ¡rumbo a China para un desfile histórico!",
    }),
    ("Kim’s attendance has been confirmed by North Korea’s state news agency, though the details regarding his "
     "departure and length of stay remain unclear. Despite this uncertainty, his presence at the parade "
     "underscores the close ties between North Korea and China, especially given that a whopping 97% of North "
     "Korea’s external trade flows through its neighbor, according to Hindustan Times.", {
        "fr": "La présence de Kim a été confirmée par l’agence de presse officielle nord-coréenne, mais les détails "
              "de son départ et la durée de son séjour restent flous. Malgré cette incertitude, sa présence au "
              "défilé souligne les liens étroits entre la Corée du Nord et la Chine, d’autant que 97 % du commerce "
              "extérieur nord-coréen transite par son voisin, selon le Hindustan Times.",
        "de": "Kims Teilnahme wurde von der staatlichen Nachrichtenagentur Nordkoreas bestätigt, Einzelheiten zu "
              "seiner Abreise und zur Dauer seines Aufenthalts sind jedoch unklar. Trotz dieser Ungewissheit "
              "unterstreicht seine Anwesenheit bei der Parade die engen Beziehungen zwischen Nordkorea und China, "
              "zumal laut Hindustan Times satte 97 % des nordkoreanischen Außenhandels über den Nachbarn laufen.",
        "es": "La asistencia de Kim ha sido confirmada por la agencia estatal de noticias de Corea del Norte, "
              "aunque los detalles sobre su salida y la duración de su estancia siguen sin estar claros. Pese a "
              "esta incertidumbre, su presencia en el desfile subraya los estrechos lazos entre Corea del Norte y "
              "China, sobre todo porque nada menos que el 97 % del comercio exterior norcoreano pasa por su "
              "vecino, según el Hindustan Times.",
    }),
    ("This visit arrives at a time when Kim Jong Un has significantly ramped up his international engagements "
     "since taking power in 2011. His first journey outside of North Korea was to China in March 2018, where he "
     "met with President Xi Jinping.", {
        "fr": "Cette visite intervient alors que Kim Jong Un a nettement multiplié ses engagements internationaux "
              "depuis son arrivée au pouvoir en 2011. Son premier voyage hors de Corée du Nord l’avait mené en "
              "Chine en mars 2018, où il avait rencontré le président Xi Jinping.",
        "de": "Der Besuch fällt in eine Zeit, in der Kim Jong Un seine internationalen Kontakte seit seiner "
              "Machtübernahme 2011 deutlich ausgebaut hat. Seine erste Reise ins Ausland führte ihn im März 2018 "
              "nach China, wo er Präsident Xi Jinping traf.",
        "es": "Esta visita llega en un momento en que Kim Jong Un ha intensificado notablemente su actividad "
              "internacional desde que asumió el poder en 2011. Su primer viaje fuera de Corea del Norte fue a "
              "China en marzo de 2018, donde se reunió con el presidente Xi Jinping.",
    }),
    ("In the final vote, 374 members voted in favour and 293 against, with a handful of abstentions. The budget "
     "foresees total spending of around €520 billion.", {
        "fr": "Lors du vote final, 374 députés ont voté pour et 293 contre, avec une poignée d’abstentions. Le "
              "budget prévoit des dépenses totales d’environ 520 milliards d’euros.",
        "de": "In der Schlussabstimmung stimmten 374 Abgeordnete dafür und 293 dagegen, bei einer Handvoll "
              "Enthaltungen. Der Haushalt sieht Gesamtausgaben von rund 520 Milliarden Euro vor.",
        "es": "En la votación final, 374 diputados votaron a favor y 293 en contra, con un puñado de abstenciones. "
              "El presupuesto prevé un gasto total de unos 520.000 millones de euros.",
    }),
    ("“They tell us to integrate people, and then they cut the money for the courses,” said Miriam Özdemir, a "
     "language teacher from Neukölln. The federal budget for integration courses is set to fall by about 12% "
     "compared with the previous year.", {
        "fr": f"«{NBSP}On nous demande d’intégrer les gens, et ensuite on coupe l’argent des cours{NBSP}», a "
              f"déclaré Miriam Özdemir, enseignante de langues à Neukölln. Le budget fédéral des cours "
              f"d’intégration devrait baisser d’environ 12{NBSP}% par rapport à l’année précédente.",
        "de": "„Sie sagen uns, wir sollen Menschen integrieren, und dann streichen sie das Geld für die Kurse“, "
              "sagte Miriam Özdemir, Sprachlehrerin aus Neukölln. Der Bundesetat für Integrationskurse soll im "
              "Vergleich zum Vorjahr um etwa 12 Prozent sinken.",
        "es": "«Nos piden que integremos a la gente y luego recortan el dinero de los cursos», dijo Miriam "
              "Özdemir, profesora de idiomas de Neukölln. El presupuesto federal para los cursos de integración "
              "caerá alrededor de un 12 % respecto al año anterior.",
    }),
    ("The stakes are considerable. Breaches of the prohibited-practices rules can cost a company up to €35 "
     "million or 7% of its global annual turnover, whichever is higher.", {
        "fr": "Les enjeux sont considérables. Une infraction aux règles sur les pratiques interdites peut coûter à "
              "une entreprise jusqu’à 35 millions d’euros ou 7 % de son chiffre d’affaires annuel mondial, le "
              "montant le plus élevé étant retenu.",
        "de": "Es steht viel auf dem Spiel. Verstöße gegen die Regeln zu verbotenen Praktiken können ein "
              "Unternehmen bis zu 35 Millionen Euro oder 7 % seines weltweiten Jahresumsatzes kosten, je nachdem, "
              "welcher Betrag höher ist.",
        "es": "Lo que está en juego es considerable. Infringir las normas sobre prácticas prohibidas puede costar "
              "a una empresa hasta 35 millones de euros o el 7 % de su facturación anual mundial, lo que sea mayor.",
    }),
    ("Kenyan runner Daniel Kiprono smashed the Berlin Marathon course record on Sunday, crossing the line at the "
     "Brandenburg Gate in 2:01:02.", {
        "fr": "Le Kényan Daniel Kiprono a pulvérisé dimanche le record de l’épreuve du marathon de Berlin, en "
              "franchissant la ligne à la porte de Brandebourg en 2 h 01 min 02 s.",
        "de": "Der Kenianer Daniel Kiprono hat am Sonntag den Streckenrekord beim Berlin-Marathon pulverisiert "
              "und überquerte die Ziellinie am Brandenburger Tor nach 2:01:02 Stunden.",
        "es": "El keniano Daniel Kiprono pulverizó el domingo el récord del circuito del maratón de Berlín al "
              "cruzar la meta en la Puerta de Brandeburgo en 2:01:02.",
    }),
    ("According to the organisers, more than 48,000 runners from over 150 countries started the race, a new "
     "participation record.", {
        "fr": f"Selon les organisateurs, plus de 48{NNBSP}000 coureurs venus de plus de 150 pays ont pris le "
              f"départ, un nouveau record de participation.",
        "de": "Nach Angaben der Veranstalter gingen mehr als 48.000 Läuferinnen und Läufer aus über 150 Ländern "
              "an den Start, ein neuer Teilnehmerrekord.",
        "es": "Según los organizadores, más de 48 000 corredores de más de 150 países tomaron la salida, un nuevo "
              "récord de participación.",
    }),
    ("Shortly after 1 p.m. on the summer solstice, photovoltaic systems across Germany fed roughly 62 gigawatts "
     "into the grid. That beat the previous peak, set last summer, by about 7%.", {
        "fr": "Peu après 13 heures, le jour du solstice d’été, les installations photovoltaïques de toute "
              "l’Allemagne ont injecté environ 62 gigawatts dans le réseau. C’est environ 7 % de plus que le "
              "précédent pic, établi l’été dernier.",
        "de": "Kurz nach 13 Uhr speisten Photovoltaikanlagen in ganz Deutschland am Tag der Sommersonnenwende rund "
              "62 Gigawatt ins Netz ein. Das übertraf den bisherigen Höchstwert vom vergangenen Sommer um etwa "
              "7 Prozent.",
        "es": "Poco después de la 1 de la tarde del solsticio de verano, las instalaciones fotovoltaicas de toda "
              "Alemania inyectaron unos 62 gigavatios a la red, alrededor de un 7 % más que el récord anterior, "
              "establecido el verano pasado.",
    }),
    ("The situation revives memories of 2018 and 2022, when the Kaub gauge dropped to around 30 centimetres and "
     "parts of the river became almost impassable for larger vessels.", {
        "fr": "La situation ravive le souvenir de 2018 et 2022, lorsque l’échelle de Kaub était tombée à environ "
              "30 centimètres et que certains tronçons du fleuve étaient devenus presque impraticables pour les "
              "grands bateaux.",
        "de": "Die Lage weckt Erinnerungen an 2018 und 2022, als der Pegel Kaub auf rund 30 Zentimeter fiel und "
              "Teile des Flusses für größere Schiffe nahezu unpassierbar wurden.",
        "es": "La situación reaviva el recuerdo de 2018 y 2022, cuando el indicador de Kaub bajó a unos 30 "
              "centímetros y algunos tramos del río se volvieron casi intransitables para los buques más grandes.",
    }),
    ("Germany’s installed solar capacity now exceeds 115 gigawatts, and the government’s target is 215 gigawatts "
     "by 2030. Reaching it will require adding around 20 gigawatts a year.", {
        "fr": "La capacité solaire installée en Allemagne dépasse désormais 115 gigawatts, et l’objectif du "
              "gouvernement est de 215 gigawatts d’ici à 2030. Pour l’atteindre, il faudra ajouter environ "
              "20 gigawatts par an.",
        "de": "Die installierte Solarleistung in Deutschland liegt inzwischen bei über 115 Gigawatt, das Ziel der "
              "Bundesregierung sind 215 Gigawatt bis 2030. Dafür müssten jedes Jahr rund 20 Gigawatt "
              "hinzukommen.",
        "es": "La capacidad solar instalada en Alemania supera ya los 115 gigavatios, y el objetivo del Gobierno "
              "es llegar a 215 gigavatios en 2030. Para lograrlo habrá que añadir unos 20 gigavatios al año.",
    }),
    ("Who Checks the Machines?", {
        "fr": f"Qui contrôle les machines{NNBSP}?",
        "de": "Wer kontrolliert die Maschinen?",
        "es": "¿Quién controla a las máquinas?",
    }),
    ("One hand-painted banner carried just three words:", {
        "fr": f"Une banderole peinte à la main ne portait que trois mots{NBSP}:",
        "de": "Auf einem handbemalten Transparent standen nur drei Worte:",
        "es": "Una pancarta pintada a mano llevaba solo tres palabras:",
    }),
    ("„Wir schaffen das“", {
        "fr": f"«{NBSP}Wir schaffen das{NBSP}» (Nous y arriverons)",
        "de": "„Wir schaffen das“",
        "es": "«Wir schaffen das» (Lo lograremos)",
    }),
    ("Kiprono’s time still falls short of the world record, but the margin is shrinking. Asked whether he would "
     "return next year to attack it, he smiled. “Maybe,” he said. “Berlin has been good to me.”", {
        "fr": f"Le temps de Kiprono reste en deçà du record du monde, mais l’écart se réduit. Quand on lui a "
              f"demandé s’il reviendrait l’an prochain pour s’y attaquer, il a souri. «{NBSP}Peut-être{NBSP}», "
              f"a-t-il dit. «{NBSP}Berlin m’a toujours réussi.{NBSP}»",
        "de": "Kipronos Zeit reicht noch nicht an den Weltrekord heran, doch der Abstand schrumpft. Auf die Frage, "
              "ob er im nächsten Jahr zurückkehren werde, um ihn anzugreifen, lächelte er. „Vielleicht“, sagte er. "
              "„Berlin war gut zu mir.“",
        "es": "El tiempo de Kiprono todavía no alcanza el récord mundial, pero la diferencia se reduce. Cuando le "
              "preguntaron si volvería el año próximo para intentarlo, sonrió. «Quizá», dijo. «Berlín se ha "
              "portado bien conmigo».",
    }),
]
CORPUS_CASES = [
    pytest.param(source, translations[language], language, id=f"{language}-{index}")
    for index, (source, translations) in enumerate(CORPUS)
    for language in ("fr", "de", "es")
]
SAMPLE_GLOSSARY = ("Kim Jong Un", "Xi Jinping", "Vladimir Putin", "Donald Trump")


@pytest.mark.parametrize("source,translation,target", CORPUS_CASES)
def test_correct_professional_translations_raise_no_finding(source: str, translation: str, target: str) -> None:
    findings = run(subject(source, translation, target, approved=True, glossary=SAMPLE_GLOSSARY))
    assert findings == []


def test_a_correct_corpus_with_one_planted_defect_each_is_caught() -> None:
    """Each corpus translation, with its first number changed, fails the number check."""
    caught = 0
    for source, translations in CORPUS:
        for language, translation in translations.items():
            index = next((i for i, c in enumerate(translation) if c.isdigit()), None)
            if index is None:
                continue
            digit = translation[index]
            broken = translation[:index] + str((int(digit) + 1) % 10) + translation[index + 1 :]
            findings = run(subject(source, broken, language, glossary=SAMPLE_GLOSSARY), only=["number"])
            assert errors(findings), (language, broken)
            caught += 1
    assert caught >= 30


def test_a_correct_corpus_with_its_last_quotation_mark_or_bracket_lost_is_caught() -> None:
    """Each corpus translation with quotation marks or brackets, its last one deleted (a
    closing one, in a text whose marks pair up), fails the brackets check."""
    marks = "“”„«»‹›()[]\""
    caught = 0
    for source, translations in CORPUS:
        for language, translation in translations.items():
            last = max((i for i, c in enumerate(translation) if c in marks), default=None)
            if last is None:
                continue
            broken = translation[:last] + translation[last + 1 :]
            assert found("brackets", source, broken, language), (language, broken)
            caught += 1
    assert caught >= 9


def test_the_quick_test_for_loops_never_hides_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """_loops skips the word-by-word search when _may_loop says no loop is possible: on
    texts with and without loops, it finds what the search of every word finds."""
    import random

    from l10n import checks

    rng = random.Random(3)
    words = ["the", "river", "fell", "to", "89", "centimetres", "and", "barges", "wait", "1", "000"]
    texts = []
    for _ in range(500):
        parts = [rng.choice(words) for _ in range(rng.randint(0, 30))]
        if parts and rng.random() < 0.5:
            at, n = rng.randrange(len(parts)), rng.randint(1, 4)
            parts[at:at] = parts[at:at + n] * rng.randint(1, 4)
        texts.append(" ".join(parts))
    quick = [checks._loops(t) for t in texts]
    monkeypatch.setattr(checks, "_may_loop", lambda keys: True)
    assert quick == [checks._loops(t) for t in texts]
    assert sum(map(bool, quick)) > 50  # loops were there to find


# ---------------------------------------------------------------------------------------
# Many subjects at once


def _many() -> list[Subject]:
    """Subjects with and without findings, the same sources in several languages."""
    pairs = [("It costs 4.2 million euros.", "Cela coûte 4,2 millions d'euros.", "fr"),
             ("It costs 4.2 million euros.", "Cela coûte 5,2 millions d'euros.", "fr"),
             ("It costs 4.2 million euros.", "Es kostet 4,2 Millionen Euro.", "de"),
             ("Say {name}.", "Dis {nom}.", "fr"),
             ("Three <b>bold</b> words.", "Tres palabras.", "es"),
             ("No no no.", "Non non non non non non.", "fr"),
             ("A quiet sentence.", "Une phrase calme.", "fr")]
    return [subject(s, t, target, flags=("python-brace-format",) if "{" in s else ())
            for _ in range(12) for s, t, target in pairs]


def test_run_all_gives_each_subject_its_own_findings_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    from l10n import parallel

    subjects = _many()
    expected = [run(s) for s in subjects]
    assert any(expected) and not all(expected)
    assert checks.run_all(subjects) == expected  # below PARALLEL_FROM: this process

    shares: list[int] = []
    real = parallel.map_chunks

    def recording(function, chunks, workers, done=None):  # type: ignore[no-untyped-def]
        shares.append(workers)
        return real(function, chunks, workers, done)

    monkeypatch.setattr(checks, "PARALLEL_FROM", 10)
    monkeypatch.setattr(parallel, "map_chunks", recording)
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)
    assert checks.run_all(subjects) == expected
    assert checks.run_all(subjects, ["number"]) == [run(s, ["number"]) for s in subjects]
    assert shares == [2, 2]  # shared out between two forked processes


def test_run_all_refuses_an_unknown_check_even_with_nothing_to_check() -> None:
    with pytest.raises(UnknownCheckError):
        checks.run_all([], ["numbers"])


def test_remembered_checks_each_distinct_subject_once_and_then_not_again(
        workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from l10n import config as config_mod, quality

    config = config_mod.load(workspace)
    subjects = _many()
    expected = [run(s) for s in subjects]
    calls: list[int] = []
    real = checks.run_all

    def counting(found, only=None):  # type: ignore[no-untyped-def]
        calls.append(len(found))
        return real(found, only)

    monkeypatch.setattr(checks, "run_all", counting)
    with quality.Remembered(config) as remembered:
        assert remembered.run_all(subjects) == expected
    assert calls == [7]  # 84 subjects, 7 distinct
    with quality.Remembered(config) as remembered:  # read back from .l10n/cache
        assert remembered.run_all(subjects) == expected
    assert calls == [7, 0]
    from l10n import cache

    version = cache.code_version()
    monkeypatch.setattr(cache, "code_version", lambda: version + "-upgraded")
    with quality.Remembered(config) as remembered:  # findings of other checks prove nothing
        assert remembered.run_all(subjects) == expected
    assert calls == [7, 0, 7]


@pytest.mark.parametrize(("source", "translation"), [("3", "3"), ("7", "7 -"), ("3 apples", "3 pommes -"),
                                                      ("3 apples -", "3 pommes")])
def test_a_number_at_the_very_start_has_no_sign_before_it(source: str, translation: str) -> None:
    """Nothing stands before a number that starts the text (a one-digit translation
    crashed the check: the empty string is "in" every string)."""
    assert found("number", source, translation) == []


@pytest.mark.parametrize(("source", "translation", "source_language", "target"), [
    ("The vote is on 26.06.2026 in Berlin.", "La votación es el 26.06.2026 en Berlín.", "en", "es"),
    ("The vote is on 26.06.2026 in Berlin.", "Le vote a lieu le 26.06.2026 à Berlin.", "en", "fr"),
    ("Abstimmung am 1.5.26", "Vote on 1.5.26", "de", "en"),
])
def test_a_day_s_date_written_as_in_the_source_is_no_number_format_mistake(
        source: str, translation: str, source_language: str, target: str) -> None:
    assert run(Subject(source, translation, source_language, target, approved=True), only=["number"]) == []


def test_a_changed_day_in_a_date_is_still_found() -> None:
    found = run(Subject("The vote is on 26.06.2026.", "Le vote a lieu le 27.06.2026.", "en", "fr", approved=True),
                only=["number"])
    assert [f.severity for f in found] == [ERROR] and "26.06" in found[0].message


@pytest.mark.parametrize(("source", "translation", "target"), [
    ("a 5-inch display", 'ein 5"-Display', "de"),
    ("a 5-inch screen", 'un écran de 5"', "fr"),
    ("6 feet 2", "6'2\" groß", "de"),
    ("Options: first, second", "Optionen: a) eins, b) zwei", "de"),
    ("Points: one, two", "Puntos: 1) uno, 2) dos", "es"),
    ("We will see", "Mal sehen ;-)", "de"),
    ("ok", "d'accord :)", "fr"),
    ("a plan (plan B).", "ein Plan (Plan B).", "de"),
    ("(about 2 in 3)", "(environ 2 électeurs sur 3).", "fr"),
    ("(up from 54)", "(frente a 54)", "es"),
    ("“Stuttgart 21”", '"Stuttgart 21"', "de"),
    ("“Industry 4.0”", '"Industrie 4.0"', "fr"),
])
def test_marks_that_pair_with_nothing_by_nature_are_no_brackets_finding(source: str, translation: str,
                                                                       target: str) -> None:
    assert run(Subject(source, translation, "en", target, approved=True), only=["brackets"]) == []


def test_a_bracket_left_open_next_to_an_item_marker_is_still_found() -> None:
    found = run(Subject("It (the plan) works.", "Il (le plan marche.", "en", "fr", approved=True), only=["brackets"])
    assert [f.message for f in found] == ["bracket ( is not closed ((le plan marche.)"]


@pytest.mark.parametrize(("source", "translation", "target", "message"), [
    ("The runner (aged 26) won.", "Der Läufer (26 a gewann.", "de", "bracket ( is not closed ((26 a gewann.)"),
    ("Vitamins (especially vitamin D) help.", "Les vitamines (surtout la vitamine D aident.", "fr",
     "bracket ( is not closed ((surtout la vitamine D a…)"),
    ("“Smart,” he said.", "Inteligentes», dijo.", "es", "closing quotation mark » has no opening one (Inteligentes»)"),
])
def test_a_bracket_group_ending_in_a_number_or_letter_is_checked(source: str, translation: str, target: str,
                                                                 message: str) -> None:
    found = run(Subject(source, translation, "en", target, approved=True), only=["brackets"])
    assert [f.message for f in found] == [message]


@pytest.mark.parametrize(("source", "translation", "source_language", "target"), [
    ("The vote is on 26.06.2026.", "Le vote a lieu le 26/06/2026.", "en", "fr"),
    ("The vote is on 26.06.2026.", "La votación es el 26/06/2026.", "en", "es"),
    ("The vote is on 26.06.2026.", "Die Abstimmung ist am 26. Juni 2026.", "en", "de"),
    ("It starts on 1.5.2026.", "Es beginnt am 01.05.2026.", "en", "de"),
    ("It starts on 1.5.2026.", "Cela commence le 1er mai 2026.", "en", "fr"),
    ("It starts on 1.5.2026.", "Empieza el 1 de mayo de 2026.", "en", "es"),
    ("Abstimmung am 26.06.2026", "Vote on June 26, 2026", "de", "en"),
    ("Abstimmung am 26.06.2026", "Vote on 6/26/2026", "de", "en"),
    ("It is due on 2026-06-26.", "C’est prévu le 26 juin 2026.", "en", "fr"),
])
def test_a_date_written_as_the_translation_s_language_writes_dates_is_no_number_finding(
        source: str, translation: str, source_language: str, target: str) -> None:
    assert run(Subject(source, translation, source_language, target, approved=True), only=["number"]) == []


@pytest.mark.parametrize("translation", ["Le vote a lieu le 27/06/2026.", "Le vote a lieu le 26 juillet 2026."])
def test_a_date_whose_day_changed_in_the_translation_is_still_an_error(translation: str) -> None:
    found = run(Subject("The vote is on 26.06.2026.", translation, "en", "fr", approved=True), only=["number"])
    assert ERROR in [f.severity for f in found]


@pytest.mark.parametrize(("source", "translation"), [
    ("“It is,” she said. “They are.”", "»Es ist«, sagte sie. »Sie sind es.«"),
    ("“It is,” she said. “Or is it?”", "›Es ist‹, sagte sie. ›Oder?‹"),
    ("No pressure ;)", "Kein Druck ;)"),
])
def test_a_sentence_ending_inside_german_guillemets_or_a_smiley_is_no_punctuation_finding(source: str,
                                                                                          translation: str) -> None:
    assert run(Subject(source, translation, "en", "de", approved=True), only=["punctuation"]) == []


@pytest.mark.parametrize(("source", "translation", "source_language", "target"), [
    ("see figure 8", "siehe (Abbildung 8)", "en", "de"),  # ("8)" is no smiley)
    ("a 5-inch display and “Stuttgart 21”", 'ein 5"-Display und "Stuttgart 21"', "en", "de"),
    ("Die Mauer fiel am 9.11.89.", "Le mur est tombé le 9 novembre 1989.", "de", "fr"),
    ("The vote is on June 26, 2026.", "Die Abstimmung ist am 26.06.2026.", "en", "de"),
    ("The vote is on 6/26/2026.", "Le vote a lieu le 26 juin 2026.", "en", "fr"),
    ("Abstimmung am 26.06.2026.", "Vote on 26th June 2026.", "de", "en"),
    ("Great, see the list (option b) for more.", "Toll :-) siehe die Liste (Option b) für mehr.", "en", "de"),
])
def test_more_correct_translations_the_number_and_brackets_checks_leave_alone(
        source: str, translation: str, source_language: str, target: str) -> None:
    assert run(Subject(source, translation, source_language, target, approved=True), only=["number", "brackets"]) == []


@pytest.mark.parametrize(("translation", "target", "message"), [
    ("wie berichtet (siehe Abbildung 8.", "de", "bracket ( is not closed ((siehe Abbildung 8.)"),
    ("Intelligent», dit-il.", "de_CH", "closing quotation mark » has no opening one (Intelligent»)"),
    ("Klug«, sagte er.", "de", "closing quotation mark « has no opening one (Klug«)"),
])
def test_lone_marks_are_named_as_the_language_writes_its_quotes(translation: str, target: str, message: str) -> None:
    source = "as reported (see figure 8)." if "(" in translation else "“Smart,” he said."
    found = run(Subject(source, translation, "en", target, approved=True), only=["brackets"])
    assert [f.message for f in found] == [message]



TABLE = "| District | Turnout |\n| --- | --: |\n| North | 61% |\n| South | 58% |"


@pytest.mark.parametrize("translation,message", [
    ("| Bezirk | Beteiligung |\n| --- | --: |\n| Nord | 61 % |", "the table has 2 rows in the translation, 3 in the source"),
    ("| Bezirk | Beteiligung |\n| --- | --: |\n| Nord | 61 % | x |\n| Süd | 58 % |",
     "row 2 of the table has 3 cells in the translation, 2 in the source"),
    ("Bezirk Beteiligung Nord 61 % Süd 58 %", "the table is no table in the translation"),
])
def test_markup_finds_a_table_whose_rows_or_cells_changed(translation: str, message: str) -> None:
    findings = found("markup", TABLE, translation, "de")
    assert [f.severity for f in findings] == [ERROR] and message in findings[0].message, findings


def test_markup_accepts_a_table_translated_cell_by_cell() -> None:
    assert found("markup", TABLE, "| Bezirk | Beteiligung |\n|---|---:|\n| Nord | 61 % |\n|Süd|58 %|", "de") == []
