"""Per-locale forms of glossary terms: ``[tool.l10n.glossary_forms.<locale>]`` read and
validated, the ``Glossary`` they make, and ``l10n check`` accepting a locale's form."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from l10n.config import from_mapping
from l10n.errors import ConfigError
from l10n.glossary import Glossary, forms_for, replacements, written
from test_check_cli import approve

TERMS = ["Kim Jong Un", "Vladimir Putin"]
FORMS = {"fr": {"Vladimir Putin": "Vladimir Poutine", "Kim Jong Un": "Kim Jong-un"},
         "es": {"Vladimir Putin": "Vladímir Putin"},
         "pt": {"Vladimir Putin": "Vladimir Putin"},
         "pt_BR": {"Vladimir Putin": "Vladimir Pútin"}}


def config(tmp_path: Path, **section: Any):  # type: ignore[no-untyped-def]
    return from_mapping(tmp_path, {"glossary": TERMS, **section}, tmp_path / "pyproject.toml")


# -- the Glossary ------------------------------------------------------------------------


def test_the_glossary_is_still_its_list_of_terms(tmp_path: Path) -> None:
    glossary = config(tmp_path, glossary_forms=FORMS).glossary
    assert list(glossary) == TERMS and len(glossary) == 2 and glossary[0] == "Kim Jong Un"
    assert "Vladimir Putin" in glossary and "Vladimir Poutine" not in glossary
    assert config(tmp_path).glossary == Glossary(tuple(TERMS))  # (no forms: as before)


def test_a_locale_gets_its_forms_and_a_variant_its_language_s() -> None:
    glossary = Glossary.of(TERMS, FORMS)
    assert glossary.forms_for("fr") == {"Vladimir Putin": "Vladimir Poutine", "Kim Jong Un": "Kim Jong-un"}
    assert glossary.forms_for("fr_CA") == glossary.forms_for("fr")  # (no table of its own: French's)
    assert glossary.forms_for("pt_BR") == {"Vladimir Putin": "Vladimir Pútin"}  # (its own wins over pt's)
    assert glossary.forms_for("de") == {}
    assert forms_for(TERMS, "fr") == {}  # a plain list has no forms


def test_replacements_bring_every_written_form_to_the_locale_s() -> None:
    glossary = Glossary.of(TERMS, FORMS)
    assert set(written(glossary)) == {"Kim Jong Un", "Vladimir Putin", "Vladimir Poutine", "Kim Jong-un",
                                      "Vladímir Putin", "Vladimir Pútin"}
    # (a draft through a pivot language may carry that language's form: it ends as the target's)
    assert replacements(glossary, "es") == {"Kim Jong Un": "Kim Jong Un", "Vladimir Putin": "Vladímir Putin",
                                            "Vladimir Poutine": "Vladímir Putin", "Kim Jong-un": "Kim Jong Un",
                                            "Vladímir Putin": "Vladímir Putin", "Vladimir Pútin": "Vladímir Putin"}
    assert replacements(TERMS, "es") == {"Kim Jong Un": "Kim Jong Un", "Vladimir Putin": "Vladimir Putin"}


# -- configuration -------------------------------------------------------------------------


@pytest.mark.parametrize("forms,expected", [
    pytest.param({"xx_YY": {"Vladimir Putin": "X"}}, r"\[tool\.l10n\] glossary_forms: 'xx_YY' is no locale Babel knows",
                 id="unknown-locale"),
    pytest.param({"french": {"Vladimir Putin": "X"}}, r"glossary_forms: 'french' is not a locale code", id="not-a-code"),
    pytest.param({"fr": {"Vladimir Putn": "Vladimir Poutine"}},
                 r"\[tool\.l10n\.glossary_forms\] fr: 'Vladimir Putn' is not a glossary term \(glossary lists "
                 r"'Kim Jong Un', 'Vladimir Putin'\)", id="not-a-term"),
    pytest.param({"fr": {"Vladimir Putin": " "}}, r"glossary_forms: fr: the form of 'Vladimir Putin' must not be empty",
                 id="empty-form"),
    pytest.param({"fr": {"Vladimir Putin": 3}}, r"glossary_forms: fr: the form of 'Vladimir Putin' must be a string, "
                 r"not the integer 3", id="not-a-string"),
    pytest.param({"Vladimir Putin": "Vladimir Poutine"}, r"glossary_forms: 'Vladimir Putin' is not a table: write the "
                 r"forms of a locale as \[tool\.l10n\.glossary_forms\.fr\]", id="no-locale-table"),
    pytest.param(["Vladimir Poutine"], r"glossary_forms: must be a table of locales", id="a-list"),
])  # fmt: skip
def test_bad_glossary_forms_are_one_line_naming_the_key(tmp_path: Path, forms: object, expected: str) -> None:
    with pytest.raises(ConfigError) as caught:
        config(tmp_path, glossary_forms=forms)
    message = str(caught.value)
    assert "\n" not in message and re.search(expected, message), message
    assert caught.value.exit_code == 2


def test_a_misspelt_forms_table_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"glossary_form: unknown table; did you mean glossary_forms\?"):
        config(tmp_path, glossary_form={"fr": {"Vladimir Putin": "Vladimir Poutine"}})


FORMS_TOML = '\n[tool.l10n.glossary_forms.fr]\n"Kim Jong Un" = "Kim Jong-un"\n'


def test_a_bad_forms_table_in_the_workspace_exits_2(cli) -> None:  # type: ignore[no-untyped-def]
    path = cli.root / "pyproject.toml"
    path.write_text(path.read_text(encoding="utf-8") + FORMS_TOML.replace('"Kim Jong Un"', '"Kim Jong Il"'),
                    encoding="utf-8")
    result = cli("status", code=2)
    (line,) = result.stderr.strip().splitlines()
    assert line == ("l10n: error: pyproject.toml: [tool.l10n.glossary_forms] fr: 'Kim Jong Il' is not a glossary "
                    "term (glossary lists 'Kim Jong Un', 'Xi Jinping', 'Vladimir Putin', 'Donald Trump')")


# -- l10n check ------------------------------------------------------------------------------

KIM = ("North Korean leader Kim Jong Un will visit China to attend a military parade marking WWII's 80th "
       "anniversary on September 3, 2025.")
KIM_FR = ("Le dirigeant nord-coréen Kim Jong-un se rendra en Chine pour assister à un défilé militaire marquant "
          "le 80e anniversaire de la Seconde Guerre mondiale, le 3 septembre 2025.")


def glossary_findings(cli) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    findings = json.loads(cli("check", "-l", "fr", "--json").stdout)
    return [f for f in findings if f["check"] == "glossary"]


def test_check_accepts_the_locale_s_form_from_the_workspace_settings(cli) -> None:  # type: ignore[no-untyped-def]
    cli("extract")
    cli("update", "-l", "fr")
    approve(cli.root, {KIM: KIM_FR})
    assert [f["message"] for f in glossary_findings(cli)] == ["glossary term 'Kim Jong Un' is missing"]
    path = cli.root / "pyproject.toml"
    path.write_text(path.read_text(encoding="utf-8") + FORMS_TOML, encoding="utf-8")
    assert glossary_findings(cli) == []
