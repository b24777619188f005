"""The .mo compiler against msgfmt, msgunfmt and Python's ``gettext``."""

from __future__ import annotations

import gettext
import io
import os
import struct
import subprocess
from pathlib import Path

import pytest

from l10n.catalogs import mofile, pofile
from l10n.catalogs.model import Catalog, Message
from l10n.errors import CatalogError

DATA = Path(__file__).parent / "data"
GOOD = sorted((DATA / "good").glob("*.po"))


def _msgfmt(po: Path, mo: Path, *options: str) -> bytes:
    subprocess.run(["msgfmt", *options, "-o", str(mo), str(po)], check=True, capture_output=True)
    return mo.read_bytes()


def _entries(mo: Path) -> dict[tuple[str | None, str], tuple[str, str | None, dict[int, str]]]:
    """What msgunfmt finds in a .mo, read back with our own reader."""
    text = subprocess.run(["msgunfmt", "--force-po", str(mo)], check=True, capture_output=True).stdout
    catalog = pofile.parse(text, f"msgunfmt {mo.name}")
    entries = {m.key: (m.msgstr, m.msgid_plural, m.msgstr_plural) for m in catalog.messages}
    entries[(None, "")] = (catalog.header_text(), None, {})
    return entries


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.stem)
def test_our_mo_decodes_to_what_msgfmt_compiles(path: Path, tmp_path: Path) -> None:
    ours = tmp_path / "ours.mo"
    ours.write_bytes(mofile.compile_mo(pofile.parse(path.read_bytes(), str(path))))
    theirs = tmp_path / "theirs.mo"
    _msgfmt(path, theirs)
    assert _entries(ours) == _entries(theirs)


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.stem)
def test_our_mo_is_byte_for_byte_msgfmt_without_hash_table(path: Path, tmp_path: Path) -> None:
    ours = mofile.compile_mo(pofile.parse(path.read_bytes(), str(path)))
    assert ours == _msgfmt(path, tmp_path / "theirs.mo", "--no-hash")


def _catalog() -> Catalog:
    return Catalog(
        headers=[
            ("Project-Id-Version", "l10n tests"),
            ("POT-Creation-Date", "2026-11-28 09:00+0100"),
            ("Language", "de"),
            ("Content-Type", "text/plain; charset=UTF-8"),
            ("Plural-Forms", "nplurals=2; plural=(n != 1);"),
        ],
        header_flags=["fuzzy"],
        messages=[
            Message("Imprint", "Impressum"),
            Message("Imprint", "Impressum (Fußzeile)", msgctxt="footer"),
            Message("{n} comment", msgid_plural="{n} comments", msgstr_plural={0: "{n} Kommentar", 1: "{n} Kommentare"}),
            Message("Draft", "Entwurf", flags=["fuzzy"]),
            Message("Untranslated", ""),
            Message("{n} file", msgid_plural="{n} files", msgstr_plural={0: "", 1: "Dateien"}),
            Message("Gone", "Weg", obsolete=True),
            Message("Straße", "Street – “quoted”"),
        ],
    )


def test_python_gettext_reads_our_mo() -> None:
    translations = gettext.GNUTranslations(io.BytesIO(mofile.compile_mo(_catalog())))
    assert translations.gettext("Imprint") == "Impressum"
    assert translations.pgettext("footer", "Imprint") == "Impressum (Fußzeile)"
    assert translations.ngettext("{n} comment", "{n} comments", 1) == "{n} Kommentar"
    assert translations.ngettext("{n} comment", "{n} comments", 5) == "{n} Kommentare"
    assert translations.gettext("Straße") == "Street – “quoted”"
    # fuzzy, untranslated (first form empty) and obsolete entries are left out, as msgfmt does
    assert translations.gettext("Draft") == "Draft"
    assert translations.gettext("Untranslated") == "Untranslated"
    assert translations.ngettext("{n} file", "{n} files", 5) == "{n} files"
    assert translations.gettext("Gone") == "Gone"
    assert translations.info()["language"] == "de"
    assert "pot-creation-date" not in translations.info()


def test_layout() -> None:
    data = mofile.compile_mo(_catalog())
    magic, revision, count, originals, translations, hash_size, hash_offset = struct.unpack("<7I", data[:28])
    assert (magic, revision, count, originals, translations, hash_size) == (0x950412DE, 0, 5, 28, 28 + 8 * 5, 0)
    keys = []
    for i in range(count):
        length, offset = struct.unpack("<2I", data[originals + 8 * i : originals + 8 * i + 8])
        assert data[offset + length] == 0
        keys.append(data[offset : offset + length])
    assert keys == sorted(keys)
    assert keys[0] == b""  # the header
    assert b"footer\x04Imprint" in keys and b"{n} comment\x00{n} comments" in keys


def test_strings_stay_in_the_catalogs_charset() -> None:
    catalog = pofile.parse((DATA / "good" / "latin1.po").read_bytes())
    data = mofile.compile_mo(catalog)
    assert "Größe".encode("latin-1") in data
    assert gettext.GNUTranslations(io.BytesIO(data)).gettext("Size") == "Größe"


def test_a_string_the_charset_cannot_hold_is_an_error() -> None:
    catalog = _catalog()
    catalog.set_header("Content-Type", "text/plain; charset=ASCII")
    with pytest.raises(CatalogError, match="ascii"):
        mofile.compile_mo(catalog)


def test_an_empty_catalog_compiles(tmp_path: Path) -> None:
    path = tmp_path / "empty.mo"
    path.write_bytes(mofile.compile_mo(Catalog()))
    with path.open("rb") as stream:
        assert gettext.GNUTranslations(stream).gettext("x") == "x"
    assert subprocess.run(["msgunfmt", str(path)], capture_output=True).returncode == 0


# -- compile_file ---------------------------------------------------------------------


def test_compile_file_writes_the_mo_beside_the_po(tmp_path: Path) -> None:
    po = tmp_path / "de.po"
    po.write_bytes((DATA / "good" / "de_articles.po").read_bytes())
    mo = mofile.compile_file(po)
    assert mo == tmp_path / "de.mo"
    assert mo.read_bytes() == _msgfmt(po, tmp_path / "theirs.mo", "--no-hash")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["de.mo", "de.po", "theirs.mo"]


def test_compile_file_to_another_path(tmp_path: Path) -> None:
    po = tmp_path / "de.po"
    po.write_bytes((DATA / "good" / "russian_plurals.po").read_bytes())
    target = tmp_path / "LC_MESSAGES" / "messages.mo"
    assert mofile.compile_file(po, target) == target
    with target.open("rb") as stream:
        translations = gettext.GNUTranslations(stream)
    assert translations.ngettext("{n} file", "{n} files", 3) == "{n} файла"
    assert translations.ngettext("{n} file", "{n} files", 5) == "{n} файлов"


def test_a_catalog_that_fails_validation_leaves_the_old_mo_alone(tmp_path: Path) -> None:
    po = tmp_path / "de.po"
    po.write_bytes((DATA / "bad" / "brace_placeholder_renamed.po").read_bytes())
    mo = tmp_path / "de.mo"
    mo.write_bytes(b"the old .mo")
    os.utime(mo, (1_000_000_000, 1_000_000_000))
    with pytest.raises(CatalogError) as caught:
        mofile.compile_file(po, shown_as="locales/de/chrome.po")
    assert str(caught.value).startswith("locales/de/chrome.po:16: ")
    assert mo.read_bytes() == b"the old .mo"
    assert mo.stat().st_mtime == 1_000_000_000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["de.mo", "de.po"]


def test_a_catalog_that_fails_validation_gets_no_mo(tmp_path: Path) -> None:
    po = tmp_path / "de.po"
    po.write_bytes((DATA / "bad" / "duplicate_msgid.po").read_bytes())
    with pytest.raises(CatalogError):
        mofile.compile_file(po)
    assert [p.name for p in tmp_path.iterdir()] == ["de.po"]
