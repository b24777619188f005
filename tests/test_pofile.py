"""The PO reader/validator and writer against GNU gettext itself.

* ``tests/data/bad/*.po``: each starts with ``# expect: LINE FRAGMENT``; ``parse`` must
  raise ``CatalogError`` at LINE with FRAGMENT in the reason, ``msgfmt --check`` must reject
  the file too, and name the same line when it names lines at all.
* ``tests/data/good/*.po``: ``msgfmt --check`` and ``parse`` accept them, and ``dump`` of
  what ``parse`` read is exactly what ``msgcat`` writes for the file.
* Catalogs built here (and random ones) written by ``dump`` come back unchanged through
  ``msgcat`` and through ``parse``.
"""

from __future__ import annotations

import codecs
import random
import re
import subprocess
from pathlib import Path

import pytest

from l10n.catalogs import pofile
from l10n.catalogs.model import Catalog, Message
from l10n.errors import CatalogError

DATA = Path(__file__).parent / "data"
BAD = sorted((DATA / "bad").glob("*.po"))
GOOD = sorted((DATA / "good").glob("*.po"))


def _expectation(data: bytes) -> tuple[int, str]:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16")
    else:
        text = data.removeprefix(codecs.BOM_UTF8).decode("utf-8", "replace")
    match = re.match(r"# expect: (\d+) (.+)", text)
    assert match, "a bad catalog starts with '# expect: LINE FRAGMENT'"
    return int(match.group(1)), match.group(2).strip()


def _msgfmt_check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)


def _msgcat(path: Path) -> bytes:
    # --force-po: without it msgcat writes nothing at all for a catalog that has only a header.
    result = subprocess.run(["msgcat", "--force-po", str(path)], capture_output=True)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    return result.stdout


def _without_linenos(catalog: Catalog) -> Catalog:
    for message in catalog.messages:
        message.lineno = 0
    return catalog


# -- bad catalogs ---------------------------------------------------------------------


def test_there_are_enough_bad_catalogs() -> None:
    assert len(BAD) >= 25


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.stem)
def test_bad_catalog_is_rejected_where_msgfmt_rejects_it(path: Path) -> None:
    data = path.read_bytes()
    line, fragment = _expectation(data)

    with pytest.raises(CatalogError) as caught:
        pofile.parse(data, str(path))
    error = caught.value
    assert (error.line, fragment in error.reason) == (line, True), str(error)
    assert str(error).startswith(f"{path}:{line}: ")
    assert error.exit_code == 2

    check = _msgfmt_check(path)
    assert check.returncode != 0, "msgfmt --check accepts this file"
    named = {int(n) for n in re.findall(re.escape(str(path)) + r":(\d+):", check.stderr)}
    assert not named or line in named, f"msgfmt names lines {sorted(named)}:\n{check.stderr}"


# -- good catalogs --------------------------------------------------------------------


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.stem)
def test_good_catalog_is_accepted_by_both(path: Path) -> None:
    check = _msgfmt_check(path)
    assert check.returncode == 0, check.stderr
    pofile.parse(path.read_bytes(), str(path))


WRITABLE = [p for p in GOOD if b"charset=CHARSET" not in p.read_bytes()]


# A template with the placeholder charset=CHARSET is left out: msgcat refuses to write
# one (test_dump_is_stable covers it).
@pytest.mark.parametrize("path", WRITABLE, ids=lambda p: p.stem)
def test_dump_writes_what_msgcat_writes(path: Path) -> None:
    catalog = pofile.parse(path.read_bytes(), str(path))
    expected = _msgcat(path)
    if path.stem == "crlf":
        # msgcat keeps a CRLF file's CR in its comments only (a file of mixed line ends);
        # l10n reads the CR as the line end it is (and writes such a file back with CRLF
        # throughout: catalogs.store)
        expected = re.sub(rb"^(#[^\n]*)\r$", rb"\1", expected, flags=re.M)
    assert pofile.dump(catalog) == expected


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.stem)
def test_dump_is_stable(path: Path) -> None:
    written = pofile.dump(pofile.parse(path.read_bytes(), str(path)))
    again = pofile.parse(written, "again.po")
    assert pofile.dump(again) == written
    assert _without_linenos(again) == _without_linenos(pofile.parse(path.read_bytes(), str(path)))


def test_a_gettext_formatted_file_is_written_back_byte_for_byte() -> None:
    for name in ("de_articles", "template_like", "c_format", "unchecked_entries"):
        data = (DATA / "good" / f"{name}.po").read_bytes()
        assert pofile.dump(pofile.parse(data, name)) == data, name


# -- what parse fills in --------------------------------------------------------------


@pytest.fixture(scope="module")
def articles() -> Catalog:
    path = DATA / "good" / "de_articles.po"
    return pofile.parse(path.read_bytes(), str(path))


def _find(catalog: Catalog, msgid: str, msgctxt: str | None = None, obsolete: bool = False) -> Message:
    for message in catalog.messages:
        if (message.msgid, message.msgctxt, message.obsolete) == (msgid, msgctxt, obsolete):
            return message
    raise AssertionError(f"no message {msgid!r}")


def test_header(articles: Catalog) -> None:
    assert articles.headers[0] == ("Project-Id-Version", "l10n articles 1.0")
    assert ("Report-Msgid-Bugs-To", "") in articles.headers
    assert articles.header("plural-forms") == "nplurals=2; plural=(n != 1);"
    assert articles.header_comments == [
        "German translation of the sample articles.",
        "Copyright (C) 2026 The l10n authors",
        "Erika Mustermann <erika@example.com>, 2026.",
        "",
    ]
    assert articles.header_flags == ["fuzzy"]


def test_comments_references_and_lines(articles: Catalog) -> None:
    message = _find(articles, articles.messages[1].msgid)
    assert message.msgid.startswith("North Korean leader") and message.msgid.endswith("country’s state media reported.")
    assert message.extracted_comments == ["paragraph"]
    assert message.references == [
        "articles/kim-jong-un-china-parade.txt:3",
        "articles/kim-jong-un-china-parade.txt:17",
        "articles/another-long-article-name.txt:42",
    ]
    assert message.lineno == 31  # the msgid keyword's line (its text starts on the next)
    assert _find(articles, "Kim Jong Un's Bold Return: Heading to China for Historic Parade!").lineno == 23


def test_context_plural_flags_previous(articles: Catalog) -> None:
    assert _find(articles, "Imprint", "footer").msgstr == "Impressum"
    plural = _find(articles, "{n} comment")
    assert plural.msgid_plural == "{n} comments"
    assert plural.msgstr_plural == {0: "{n} Kommentar", 1: "{n} Kommentare"}
    assert plural.msgstr == ""
    changed = _find(articles, "Transparency: written and checked by the editorial team.")
    assert changed.flags == ["fuzzy", "python-brace-format"]
    assert changed.previous_msgid == "Transparency: written and checked by the newsroom"
    machine = articles.messages[10]
    assert machine.translator_comments == ["l10n-origin: mt argos en->de translate-en_de 1.9 2026-11-28"]


def test_escapes_and_non_ascii(articles: Catalog) -> None:
    quoted = _find(articles, 'He said: "It’s a “historic” day" — with a backslash \\ and a tab\there.')
    assert quoted.msgstr == 'Er sagte: "Es ist ein „historischer“ Tag" – mit einem Backslash \\ und einem Tab\thier.'
    lines = articles.messages[7]
    assert lines.msgid.startswith("Line one\nLine two\n") and lines.msgid.endswith("wrap around\n")


def test_obsolete_entries(articles: Catalog) -> None:
    old = _find(articles, "Old headline", obsolete=True)
    assert old.msgstr == "Alte Schlagzeile"
    wording = [m for m in articles.obsolete if m.previous_msgid][0]
    assert wording.previous_msgid == "Older wording of a paragraph"
    assert wording.fuzzy
    assert articles.get("Old headline") is None


def test_the_last_flags_line_wins_and_gettext_order_is_kept() -> None:
    data = (DATA / "good" / "minimal.po").read_bytes() + (
        b'\n#, fuzzy\n#, no-wrap, xyz-unknown, python-brace-format, c-format, possible-python-format\n'
        b'msgid "a"\nmsgstr "b"\n'
    )
    message = pofile.parse(data).messages[0]
    assert message.flags == ["c-format", "python-format", "python-brace-format", "no-wrap"]
    assert not message.fuzzy


def test_references_are_normalised() -> None:
    data = (DATA / "good" / "minimal.po").read_bytes() + b'\n#: ./a.py:07 b.py:1 a.py:7\n#: c.py\nmsgid "a"\nmsgstr "b"\n'
    assert pofile.parse(data).messages[0].references == ["a.py:7", "b.py:1", "c.py"]


def test_a_latin1_catalog_is_decoded_with_its_charset() -> None:
    catalog = pofile.parse((DATA / "good" / "latin1.po").read_bytes())
    assert catalog.get("Size") is not None and catalog.get("Size").msgstr == "Größe"  # type: ignore[union-attr]


@pytest.mark.parametrize("content_type", [
    b'"Content-Type: text/plain; charset=ISO-8859-1\\n"',  # as every writer writes it
    b'"Content-Type: text/plain; charset=ISO-"\n"8859-1\\n"',  # split in two strings: the slow look
    b'"Content-Type: text/plain; charset=\\x49SO-8859-1\\n"',  # an escape ("I"): the slow look
    # the first "charset=" counts (as gettext reads it), not a later one the quick look would take
    b'"Content-Type: text/plain; charset=\\x49SO-8859-1\\n"\n"X-Old: text/plain; charset=UTF-8\\n"',
    b'"Content-Type: text/plain; charset=ISO-"\n"8859-1\\n"\n"X-Old: text/plain; charset=ASCII\\n"',
])
def test_the_quick_look_at_the_charset_and_the_catalog_read_with_it(content_type: bytes) -> None:
    from l10n.catalogs.reader import _sniff_charset

    data = (b'msgid ""\nmsgstr ""\n"Language: de\\n"\n' + content_type + b'\n\nmsgid "Size"\nmsgstr "Gr\xf6\xdfe"\n')
    assert _sniff_charset(data) == "ISO-8859-1"
    assert pofile.parse(data).get("Size").msgstr == "Größe"  # type: ignore[union-attr]


def test_unusual_layout_is_read_like_gettext_reads_it() -> None:
    catalog = pofile.parse((DATA / "good" / "unusual_layout.po").read_bytes())
    assert catalog.get("Twostrings on one line").msgstr == "Zwei Zeichenketten"  # type: ignore[union-attr]
    assert catalog.get("blank lines").msgstr == "Leerzeilencontinue the msgstr after a blank line"  # type: ignore[union-attr]
    assert catalog.get("Empty context", "").msgstr == "Leerer Kontext"  # type: ignore[union-attr]
    assert catalog.get("Empty context").msgstr == "Kein Kontext"  # type: ignore[union-attr]
    hello = catalog.get("Hello %s")
    assert hello is not None and hello.flags == ["python-format"]  # the last "#," line wins
    assert hello.references == ["a.py:1", "b.py:2", "c.py:3"]
    assert hello.translator_comments == ["no space after the hash"]
    assert hello.extracted_comments == ["no space in an extracted comment"]


def test_continuation_lines_join_like_gettext() -> None:
    catalog = pofile.parse((DATA / "good" / "continuation.po").read_bytes())
    message = catalog.messages[0]
    assert message.msgid == "split word"
    assert message.translator_comments == ["a comment that continues on the next line"]


def test_parse_reads_what_the_fast_and_the_careful_reader_both_read() -> None:
    """The same entries, one formatted by gettext and one laid out by hand, read the same."""
    head = (DATA / "good" / "minimal.po").read_bytes()
    tidy = head + b'\n# c\n#, fuzzy\nmsgctxt "x"\nmsgid "a\\n"\nmsgstr "b\\n"\n'
    odd = head + b'\n#c\n#,fuzzy\nmsgctxt\t"x"\nmsgid "a" "\\n" msgstr "b\\n"\n'
    assert _without_linenos(pofile.parse(tidy)) == _without_linenos(pofile.parse(odd))


# -- round trips through msgcat -------------------------------------------------------


def _sample_catalog() -> Catalog:
    long_de = (
        "Der nordkoreanische Machthaber Kim Jong Un wird nächste Woche China besuchen, um an einer "
        "Militärparade zum 80. Jahrestag des Endes des Zweiten Weltkriegs teilzunehmen – „historisch“."
    )
    return Catalog(
        headers=[
            ("Project-Id-Version", "l10n tests"),
            ("Language", "de"),
            ("MIME-Version", "1.0"),
            ("Content-Type", "text/plain; charset=UTF-8"),
            ("Content-Transfer-Encoding", "8bit"),
            ("Plural-Forms", "nplurals=2; plural=(n != 1);"),
        ],
        header_comments=["German catalog written by the tests."],
        messages=[
            Message(
                "North Korean leader Kim Jong Un will visit China next week to attend a military parade "
                "marking the 80th anniversary of the end of World War II, the country’s state media reported.",
                long_de,
                references=[f"articles/kim-jong-un-china-parade-{i}.txt:{i * 7}" for i in range(1, 6)],
                extracted_comments=["paragraph"],
            ),
            Message("Imprint · Contact · Privacy", "Impressum · Kontakt · Datenschutz", msgctxt="footer"),
            Message('A "quote", a back\\slash,\ta tab\nand a new line\n', 'Ein „Zitat“, ein Back\\slash,\tein Tab\nund eine neue Zeile\n'),
            Message(
                "{n} comment",
                msgid_plural="{n} comments",
                msgstr_plural={0: "{n} Kommentar", 1: "{n} Kommentare"},
                flags=["python-brace-format"],
            ),
            Message(
                "Transparency: written and checked by the editorial team.",
                "Transparenz: Redaktionell erstellt und geprüft.",
                flags=["fuzzy"],
                previous_msgid="Transparency: written and checked by the newsroom, a long while ago, before the redesign",
                translator_comments=["l10n-origin: mt argos en->de", "second line"],
            ),
            Message("Untranslated", ""),
            Message("Gone", "Weg", obsolete=True, previous_msgctxt="old", previous_msgid="Went"),
            Message(
                "An obsolete entry long enough that gettext has to wrap its msgid over lines",
                "Ein veralteter Eintrag, lang genug, dass gettext auch seine Übersetzung umbricht",
                obsolete=True,
            ),
        ],
    )


def test_a_written_catalog_survives_msgcat_and_parse(tmp_path: Path) -> None:
    catalog = _sample_catalog()
    data = pofile.dump(catalog)
    path = tmp_path / "de.po"
    path.write_bytes(data)
    assert _msgcat(path) == data
    assert _msgfmt_check(path).returncode == 0
    assert _without_linenos(pofile.parse(data, str(path))) == catalog


def test_generate_yields_lines() -> None:
    lines = list(pofile.generate(_sample_catalog()))
    assert all(line.endswith("\n") for line in lines)
    assert "".join(lines).encode() == pofile.dump(_sample_catalog())
    assert max(len(line) for line in lines if not line.startswith("#")) <= 80


def test_obsolete_entries_go_last_and_empty_ones_are_dropped() -> None:
    catalog = _sample_catalog()
    catalog.messages.insert(0, Message("Old first", "Alt zuerst", obsolete=True))
    catalog.messages.append(Message("Old and empty", "", obsolete=True))
    text = pofile.dump(catalog).decode()
    assert text.index('#~ msgid "Old first"') > text.index('msgid "Untranslated"')
    assert "Old and empty" not in text


_WORDS = [
    "the", "quick", "brown", "fox", "Über", "Größe", "Straße", "naïve", "café", "’s", "“quoted”", "·", "—",
    "–", "…", "€", "中文", "日本語", "한국어", "well-known", "e.g.", "http://example.com/a/b?c=d", "%s", "%d",
    "%(name)s", "{name}", "{0}", "%%", "$5", "(paren)", "[br]", "x/y", "1,000.5", "foo_bar",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "\t", '"', "\\", "\n", "\n", "«guillemets»",
    "¿qué?", "¡hola!", "a.b.c", "😀",
]  # fmt: skip


def _text(rng: random.Random, words: int = 30) -> str:
    separators = [" ", " ", " ", "", ", ", ". "]
    return "".join(rng.choice(_WORDS) + rng.choice(separators) for _ in range(rng.randint(1, words)))


def _like(msgid: str, text: str) -> str:
    """``text`` with msgid's leading and trailing newline (or none), as msgfmt wants."""
    text = text.strip("\n") or "x"
    return ("\n" if msgid.startswith("\n") else "") + text + ("\n" if msgid.endswith("\n") else "")


def _random_catalog(rng: random.Random) -> Catalog:
    catalog = _sample_catalog()
    catalog.messages = []
    for i in range(rng.randint(1, 12)):
        msgid = f"{_text(rng)} #{i}"
        flags = pofile.normalize_flags(", ".join(rng.sample(["fuzzy", "no-wrap", "c-format", "python-brace-format"], rng.randint(0, 2))))
        message = Message(msgid, flags=flags, obsolete=rng.random() < 0.15)
        translated = "fuzzy" in flags or not any(f.endswith("-format") for f in flags)
        if rng.random() < 0.3:
            message.msgid_plural = _like(msgid, _text(rng))
            forms = [_like(msgid, _text(rng)) if translated else message.msgid_plural for _ in range(2)]
            message.msgstr_plural = dict(enumerate(forms))
        else:
            message.msgstr = _like(msgid, _text(rng)) if translated else msgid
        if rng.random() < 0.3:
            message.msgctxt = _text(rng, 3)
        if rng.random() < 0.3:
            message.previous_msgid = _text(rng)
        if rng.random() < 0.5:
            message.references = [f"articles/{rng.choice(['a', 'ä', 'long-name'])}{k}.txt:{rng.randint(1, 999)}" for k in range(rng.randint(1, 9))]
        if rng.random() < 0.3:
            message.translator_comments = [_text(rng, 6).replace("\n", " ").rstrip("\\")]
        if message.obsolete:
            message.flags = [f for f in message.flags if not f.startswith("range")]
        catalog.messages.append(message)
    return catalog


@pytest.mark.parametrize("seed", range(40))
def test_random_catalogs_survive_msgcat_and_parse(seed: int, tmp_path: Path) -> None:
    catalog = _random_catalog(random.Random(seed))
    data = pofile.dump(catalog)
    path = tmp_path / "random.po"
    path.write_bytes(data)
    assert _msgcat(path) == data
    back = pofile.parse(data, str(path))
    assert pofile.dump(back) == data


def test_a_character_the_charset_cannot_hold_is_an_error() -> None:
    catalog = _sample_catalog()
    catalog.set_header("Content-Type", "text/plain; charset=ISO-8859-1")
    with pytest.raises(CatalogError, match="cannot be written in the catalog's charset"):
        pofile.dump(catalog)


_DIRECTIVES = {
    "python-brace-format": ["{a}", "{a.b}", "{name}", "{0}", "{a:>10}", "{a:{b}}", "{x[0]}", "{", "}", "{{", "{ a}", "{a"],
    "python-format": ["%(first name)s", "%(name)s", "%s", "%5.2f", "% d", "%- 5d", "%%", "%(x", "%y"],
    "c-format": ["%1$- 5d", "% d", "%s", "%-10.5e", "%<PRId64>", "%m", "%%", "%y"],
}


@pytest.mark.parametrize("seed", range(20))
def test_format_strings_wrap_like_msgcat(seed: int, tmp_path: Path) -> None:
    """gettext never breaks inside a format directive (and, in 0.21, protects the wrong
    stretch of a python-brace-format string): long format strings wrap as msgcat wraps them."""
    rng = random.Random(seed)
    catalog = _sample_catalog()
    catalog.messages = []
    for i, flag in enumerate(sorted(_DIRECTIVES) * 3):
        words = ["word", "longer-word", "x" * rng.randint(1, 40), *_DIRECTIVES[flag]]
        text = " ".join(rng.choice(words) for _ in range(rng.randint(3, 20))) + f" {i}"
        catalog.messages.append(Message(text, "übersetzt " + text, flags=["fuzzy", flag]))
    data = pofile.dump(catalog)
    path = tmp_path / "formats.po"
    path.write_bytes(data)
    assert _msgcat(path) == data


# polib fails on these valid catalogs (backslash-newline continuations, rare escapes such
# as \a and \v, keywords split over lines): one reason l10n reads catalogs itself.
POLIB_CANNOT = {"continuation", "escapes", "unusual_layout"}
UTF8_GOOD = [
    p for p in GOOD if b"charset=UTF-8" in p.read_bytes() and p.stem not in POLIB_CANNOT
]


@pytest.mark.parametrize("path", UTF8_GOOD, ids=lambda p: p.stem)
def test_polib_reads_the_same_entries(path: Path) -> None:
    """A second, independent reader agrees on what each valid catalog holds."""
    import polib

    ours = pofile.parse(path.read_bytes(), str(path))
    theirs = polib.pofile(str(path))
    assert [(m.msgctxt, m.msgid, m.msgstr if not m.pluralizable else m.msgstr_plural, m.fuzzy) for m in ours.active] == [
        (e.msgctxt, e.msgid, e.msgstr if not e.msgid_plural else {int(k): v for k, v in e.msgstr_plural.items()}, e.fuzzy)
        for e in theirs
        if not e.obsolete
    ]


def test_a_catalog_is_written_in_the_charset_it_was_read_in(tmp_path: Path) -> None:
    """The charset is the header's first ``charset=``, as gettext finds it, for reading
    and writing alike: a header that names one in an earlier field (a mangled line)
    than Content-Type's was read in that one and written in the other, and every save
    garbled its text once more."""
    data = ('msgid ""\nmsgstr ""\n"Language-Team: French; charset=ISO-8859-1\\n"\n'
            '"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "caf\\u00e9"\nmsgstr "caf\u00e9 cr\u00e8me"\n')
    raw = data.replace("\\u00e9", "\u00e9").encode("latin-1")
    catalog = pofile.parse(raw, "fr.po")
    assert catalog.get("café").msgstr == "café crème"  # type: ignore[union-attr]
    written = pofile.dump(catalog)
    assert written == raw
    again = pofile.parse(written, "fr.po")
    assert again.get("café").msgstr == "café crème"  # type: ignore[union-attr]
    path = tmp_path / "fr.po"
    path.write_bytes(written)
    shown = subprocess.run(["msgunfmt", "-o", "-", "-"], input=subprocess.run(
        ["msgfmt", "-o", "-", str(path)], capture_output=True, check=True).stdout,
        capture_output=True, check=True).stdout
    assert "café crème".encode("latin-1") in shown  # msgfmt reads (and writes) it as l10n does


def test_escaped_bytes_that_are_no_character_are_written_back_as_escapes(tmp_path: Path) -> None:
    """``\\303`` and ``\\244`` with text between them: no UTF-8 character, yet msgfmt takes
    the bytes. Written back as raw bytes they made a file that reads as an invalid
    multibyte sequence; written as the same escapes, it reads again, the same."""
    data = (b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
            b'msgid "a"\nmsgstr "x \\303 y \\244 z \\303\\244"\n')
    catalog = pofile.parse(data, "fr.po")
    written = pofile.dump(catalog)
    assert b'"x \\303 y \\244 z \xc3\xa4"' in written  # (the pair that is a character is one)
    assert pofile.parse(written, "fr.po").get("a").msgstr == catalog.get("a").msgstr  # type: ignore[union-attr]
    path = tmp_path / "fr.po"
    path.write_bytes(written)
    assert subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True).returncode == 0


def test_a_long_string_is_never_broken_inside_an_octal_escape() -> None:
    catalog = pofile.parse(b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr "'
                           + b"word \\303 " * 30 + b'"\n', "fr.po")
    written = pofile.dump(catalog)
    for line in written.decode("utf-8").splitlines():
        assert not re.search(r"\\[0-7]{0,2}\"$", line), line  # a line never ends inside "\303"
    assert pofile.parse(written, "fr.po").get("a").msgstr == catalog.get("a").msgstr  # type: ignore[union-attr]


def test_a_catalog_reads_the_same_with_crlf_or_lf_line_ends() -> None:
    """The same file saved by another editor with other line ends is the same catalog (a
    save that only converted them is no change of a translator's: merge3 keeps ours)."""
    data = (b'# A translator\'s note\n#. paragraph\n#: articles/a.txt:3\nmsgid ""\nmsgstr ""\n'
            b'"Content-Type: text/plain; charset=UTF-8\\n"\n\n# keep the tone\n#, fuzzy\nmsgid "Hello"\n'
            b'msgstr "Bonjour"\n')
    lf, crlf = pofile.parse(data), pofile.parse(data.replace(b"\n", b"\r\n"))
    assert lf == crlf and lf.messages[0].translator_comments == ["keep the tone"]
