"""Random inputs, seeded: whatever a translator, an editor or a broken tool hands l10n,
it answers with findings or one-line errors, never an exception of its own.

Each test found a real defect when it was written: a one-digit translation crashed the
number check; an impossible front-matter date stopped the build with a traceback; a
header naming two charsets was written in another than it was read in.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import DATA, SAMPLE_WORKSPACE
from l10n import checks
from l10n.catalogs import pofile
from l10n.cli import main
from l10n.errors import L10nError

PIECES = list("0123456789-−–., \u00a0\u202f’'%{}()[]<>&@/\\\"«»“”„¹²₁xX\u200b\u200d\u200e\u2066。！？…;:") + [
    "p.m.", "a.m.", "million", "Millionen", "XXI", "XXIe", "Ve", "{0}", "{name}", "{date}", "%s", "%(x)s", "<b>", "</b>",
    "&amp;", "www.", "https://", "a@b.cd", "  ", "\n", "Kim Jong Un", "1,000", "4.2", "1 000", "1.000,5", "no no no no",
    "哈哈哈哈哈哈哈哈哈哈哈哈", "ß", "Straße", "مرحبا", "ไทย"]
LANGUAGES = ["fr", "de", "es", "en", "ar", "th", "el", "pt_BR", "zh", "hi", "ru"]
FLAGS = [(), ("python-brace-format",), ("c-format",), ("python-format",), ("ignore-number",)]


def _text(rng: random.Random, most: int) -> str:
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(0, most)))


def test_the_checks_find_or_pass_but_never_raise() -> None:
    rng = random.Random(20261202)
    for _ in range(6000):
        subject = checks.Subject(_text(rng, 10), _text(rng, 10) or "x", rng.choice(["en", "de"]), rng.choice(LANGUAGES),
                                 rng.choice(FLAGS), ("Kim Jong Un",), ("long",) if rng.random() < 0.1 else (),
                                 rng.random() < 0.5, rng.random() < 0.3)
        for finding in checks.run(subject):
            assert finding.check in checks.CHECK_NAMES and finding.severity in (checks.ERROR, checks.WARNING)


TOKENS = [b"msgid ", b"msgstr ", b"msgctxt ", b"msgid_plural ", b"msgstr[0] ", b"msgstr[1] ", b"#, fuzzy", b"#| msgid ",
          b"#~ ", b'"', b"\\", b"\\n", b'\\"', b"\n", b"\r\n", b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"charset=",
          b"Content-Type: text/plain; charset=latin-1\\n", b"Plural-Forms: nplurals=2; plural=(n != 1);\\n",
          b"Plural-Forms: nplurals=x;\\n", b"#: ", b"#. ", b"# ", b"{", b"}", b"%s", b"\xc3", b"msgstr[9] ", b"\t"]


def test_a_mangled_catalog_is_a_catalog_error_and_a_read_one_writes_back_the_same() -> None:
    """Bytes removed, inserted or flipped in real catalogs: the reader either reads them
    or says what is wrong (CatalogError); what it reads, the writer writes so that it
    reads back the same."""
    rng = random.Random(7)
    seeds = [p.read_bytes() for p in sorted((DATA / "good").glob("*.po"))]
    assert len(seeds) >= 5
    read = 0
    for _ in range(3000):
        data = bytearray(rng.choice(seeds))
        for _ in range(rng.randint(1, 5)):
            at = rng.randrange(len(data) + 1)
            choice = rng.random()
            if choice < 0.45:
                data[at:at] = rng.choice(TOKENS)
            elif choice < 0.85:
                del data[at:at + rng.randint(1, 30)]
            elif data:
                data[rng.randrange(len(data))] = rng.randrange(256)
        try:
            catalog = pofile.parse(bytes(data), "x.po")
        except L10nError:
            continue
        read += 1
        written = pofile.dump(catalog)
        again = pofile.parse(written, "x.po")
        assert [(m.msgctxt, m.msgid, m.msgstr, m.msgstr_plural, m.obsolete) for m in again.messages] == \
            [(m.msgctxt, m.msgid, m.msgstr, m.msgstr_plural, m.obsolete) for m in catalog.messages]
    assert read > 300  # (the mutations leave many catalogs readable: the second half is tested)


LINES = ["Transparenz: Redaktionell erstellt und geprüft.", "Veröffentlicht am 12.03.2026", "Veröffentlicht am 31.02.2026",
         "Veröffentlicht am ", "Impressum · Kontakt · Redaktionskodex", "# Heading", "## Sub", "- item", "1. first",
         "> quote", "", "", "A sentence about 4.2 billion euros.", "Kim Jong Un met Xi Jinping.", "<script>x()</script>",
         "[link](javascript:alert(1))", "{date.__class__}", "%s %d", "\u200b\u202e reversed", "🙂", "x" * 2000, "---",
         "\x00", "\x1b[31m", "«Guillemets»", "<!-- c -->", "&amp;", "\r", "msgid \"x\"", "\\", "\"q\""]
FRONT = ["title: T", "published: 2026-06-21", "published: 2026-02-30", "published: 2026-13-01", "published: yesterday",
         "title: [x", "count: !!int abc", "tags: [a, b]", "title:", ": bad", "date: 2025-01-01"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_articles_are_built_or_reported_in_one_line(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    root = tmp_path / "ws"
    shutil.copytree(SAMPLE_WORKSPACE, root)
    for n in range(8):
        fmt = rng.choice(["txt", "md"])
        lines = [rng.choice(LINES) for _ in range(rng.randint(0, 20))]
        if fmt == "md" and rng.random() < 0.7:
            lines = ["---", *rng.sample(FRONT, k=rng.randint(0, 3)), "---", *lines]
        data = "\n".join(lines).encode("utf-8")
        data = rng.choice([data, b"\xef\xbb\xbf" + data, data.replace(b"\n", b"\r\n"), data + b"\xff"])
        (root / "articles" / f"{rng.choice(['art', 'Art x', 'ü'])}-{n}.{fmt}").write_bytes(data)
    runner = CliRunner()
    for args in (["build", "--no-mt"], ["build", "--no-mt", "--json"], ["check"], ["status"], ["build", "--no-mt", "--strict"]):
        result = runner.invoke(main, ["-C", str(root), *args], catch_exceptions=True)
        assert result.exit_code in (0, 1, 2), (args, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), (args, result.exception)
        for line in result.stderr.splitlines():
            assert line.startswith(("l10n: error: ", "l10n: warning: ", "Rendering", "Updating")) or not line.strip(), line
