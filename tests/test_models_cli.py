"""l10n models list / install through the command line, offline and against a local index."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest

from apertium_fixtures import without_apertium  # noqa: F401  (fixture)


def _index(folder: Path, url: str, tiny_model, pairs) -> None:  # type: ignore[no-untyped-def]
    entries = []
    for a, b in pairs:
        archive = tiny_model(a, b)
        shutil.copy(archive, folder / archive.name)
        entries.append({
            "package_version": "1.0", "argos_version": "1.0", "from_code": a, "to_code": b,
            "from_name": a, "to_name": b, "type": "translate", "links": [url + archive.name],
        })
    (folder / "index.json").write_text(json.dumps(entries))


def test_install_file_then_list(cli, argos_packages, tiny_model) -> None:  # type: ignore[no-untyped-def]
    archive = tiny_model("en", "de")
    cli("models", "install", str(archive))
    report = json.loads(cli("models", "list", "--json", "--timeout", "2").stdout)
    assert [(m["pair"], m["name"], m["version"]) for m in report["installed"]] == [("en->de", "translate-en_de", "1.0")]
    assert Path(report["installed"][0]["path"]).parent == argos_packages
    assert report["available"] is None and "unreachable" in report["index_error"]


def test_a_file_that_replaces_another_version_says_so(cli, argos_packages, tiny_model) -> None:  # type: ignore[no-untyped-def]
    cli("models", "install", str(tiny_model("en", "de", version="1.1")))
    older = cli("models", "install", str(tiny_model("en", "de", version="1.0"))).stdout
    assert older.startswith("installed translate-en_de 1.0 (en->de) in ") and older.rstrip().endswith(
        ", in place of version 1.1")
    again = json.loads(cli("models", "install", str(tiny_model("en", "de", version="1.0")), "--json").stdout)
    assert [(m["version"], m["replaced"]) for m in again["installed"]] == [("1.0", None)]


def test_install_of_an_installed_pair_says_so_without_the_index(cli, argos_packages, tiny_model) -> None:  # type: ignore[no-untyped-def]
    cli("models", "install", str(tiny_model("en", "de")))
    result = cli("models", "install", "en", "de")  # (the index is unreachable here: not asked)
    assert result.stdout.startswith("already installed: translate-en_de 1.0 (en->de) in ") and result.stderr == ""
    report = json.loads(cli("models", "install", "en", "de", "--json").stdout)
    assert [m["pair"] for m in report["already_installed"]] == ["en->de"] and report["missing"] == []


def test_install_a_refused_file_is_exit_2_and_one_line(cli, argos_packages, tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.argosmodel"
    bad.write_bytes(b"not a zip")
    result = cli("models", "install", str(bad), code=2)
    assert result.stderr.strip().count("\n") == 0 and "bad.argosmodel" in result.stderr
    assert list(argos_packages.iterdir()) == [] or all(p.name.startswith(".") for p in argos_packages.iterdir())


def test_install_from_unreachable_index_fails_fast_with_a_hint(cli, argos_packages) -> None:  # type: ignore[no-untyped-def]
    started = time.monotonic()
    result = cli("models", "install", "en", "de", code=1)
    assert time.monotonic() - started < 30
    (line,) = result.stderr.strip().splitlines()
    assert "unreachable" in line and "l10n models install FILE.argosmodel" in line


def test_install_needed_from_a_local_index(cli, argos_packages, tiny_model, local_http, monkeypatch, without_apertium) -> None:  # type: ignore[no-untyped-def]
    folder, url = local_http
    _index(folder, url, tiny_model, [("en", "de"), ("en", "fr"), ("de", "en")])
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", url)
    result = cli("models", "install", "--needed", "--json", code=1)
    report = json.loads(result.stdout)
    assert sorted(i["pair"] for i in report["installed"]) == ["de->en", "en->de", "en->fr"]
    assert [m["pair"] for m in report["missing"]] == ["en->es"]
    listed = json.loads(cli("models", "list", "--json").stdout)
    assert sorted(m["pair"] for m in listed["available"]) == ["de->en", "en->de", "en->fr"]
    # Nothing left to do for what is there; en->es is still missing.
    again = json.loads(cli("models", "install", "--needed", "--json", code=1).stdout)
    assert again["installed"] == [] and [m["pair"] for m in again["missing"]] == ["en->es"]
    assert sorted(m["pair"] for m in again["already_installed"]) == ["de->en", "en->de", "en->fr"]
    assert sorted(again["covered"]) == ["de->en", "en->de", "en->fr"]


@pytest.mark.parametrize("args", [(), ("--needed", "en")])
def test_install_usage_errors(cli, args) -> None:  # type: ignore[no-untyped-def]
    result = cli("models", "install", *args, code=2)
    assert result.stderr.startswith("l10n: error:")


def test_a_package_that_is_not_what_the_index_offers_is_refused(cli, argos_packages, tiny_model, local_http, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    folder, url = local_http
    _index(folder, url, tiny_model, [("en", "de")])
    entries = json.loads((folder / "index.json").read_text())
    entries[0].update(to_code="fr", package_version="3.0")  # the link still serves en->de 1.0
    (folder / "index.json").write_text(json.dumps(entries))
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", url)
    result = cli("models", "install", "en", "fr", code=2)
    (line,) = result.stderr.strip().splitlines()
    assert url in line and "not the en->fr 3.0 the index offers" in line
    assert not [p for p in argos_packages.iterdir() if not p.name.startswith(".")]


def test_an_index_that_never_answers_fails_within_the_timeout(cli, argos_packages, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import socket

    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(5)  # accepts connections (the kernel does), never answers
        monkeypatch.setenv("ARGOS_PACKAGE_INDEX", f"http://127.0.0.1:{server.getsockname()[1]}/")
        started = time.monotonic()
        result = cli("models", "install", "en", "de", "--timeout", "6", code=1)
        assert time.monotonic() - started < 6
    assert "timed out" in result.stderr and "l10n models install FILE.argosmodel" in result.stderr


def test_needed_and_translate_name_the_same_missing_models(cli, argos_packages, without_apertium) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    import re

    cli("extract")
    cli("update")
    translated = cli("translate", code=1).stderr
    needed = cli("models", "install", "--needed", "--timeout", "3", code=1).stderr
    pattern = r"no translation model for (\w+->\w+) \(needed for ([^)]*\)?)\)"
    from_translate = dict(re.findall(pattern, translated))
    from_needed = dict(re.findall(pattern, needed))
    assert from_translate == from_needed
    assert set(from_translate) == {"de->en", "en->de", "en->fr", "en->es"}
    assert "through en" in from_translate["de->en"]


def test_two_model_files_in_one_install_both_install(cli, argos_packages, tiny_model) -> None:  # type: ignore[no-untyped-def]
    result = cli("models", "install", str(tiny_model("en", "de")), str(tiny_model("en", "fr")))
    assert result.stdout.count("installed ") == 2
    listed = json.loads(cli("models", "list", "--json", "--timeout", "1").stdout)
    assert sorted(m["pair"] for m in listed["installed"]) == ["en->de", "en->fr"]
    assert listed["folder"] == str(argos_packages)


def test_needed_stays_within_its_budget_against_an_index_that_never_answers(cli, argos_packages, monkeypatch, without_apertium) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    import socket

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)  # accepts connections, never answers
    try:
        monkeypatch.setenv("ARGOS_PACKAGE_INDEX", f"http://127.0.0.1:{server.getsockname()[1]}/")
        started = time.monotonic()
        cli("models", "install", "--needed", "--timeout", "6", code=1)
        assert time.monotonic() - started < 6
    finally:
        server.close()


def test_needed_does_not_offer_apertium_for_a_pair_the_configuration_sends_to_argos(cli, argos_packages, tiny_model, local_http, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    folder, url = local_http
    _index(folder, url, tiny_model, [("en", "de"), ("en", "fr"), ("de", "en")])
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", url)
    config = cli.root / "pyproject.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "[tool.l10n.mt]\n", '[tool.l10n.mt]\nengines = { "en-es" = "argos" }\n'), encoding="utf-8")
    report = json.loads(cli("models", "install", "--needed", "--json", code=1).stdout)
    (missing,) = report["missing"]
    assert missing["pair"] == "en->es"
    assert missing["error"].endswith(
        '([tool.l10n.mt] engines sets en-es = "argos"; remove that to use Apertium\'s pair instead: '
        '`apt-get install apertium apertium-eng-spa`)'), missing["error"]
    config.write_text(config.read_text(encoding="utf-8").replace('engines = { "en-es" = "argos" }\n', ""),
                      encoding="utf-8")
    monkeypatch.setenv("PATH", "/nonexistent")  # (no apertium: its pair is offered as the other way)
    report = json.loads(cli("models", "install", "--needed", "--json", code=1).stdout)
    assert report["missing"][0]["error"].endswith("; or Apertium's pair: `apt-get install apertium apertium-eng-spa`")
