"""The Line_Break table the PO writer wraps with (l10n/catalogs/linebreak.txt, package data)
is what scripts/gen_linebreak.py makes of the Unicode 14 Character Database.

The script's sources are Perl's Unicode::UCD or a UCD LineBreak.txt; the checks that run it
need a Perl at Unicode 14.0.0 (Debian 12's), the version libunistring 1.0 and gettext 0.21
use. How the table is used (wrapping as msgcat wraps) is tested in test_pofile.py.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tomllib
from importlib import resources
from pathlib import Path
from types import ModuleType

import pytest

from conftest import DATA
from l10n.catalogs import linebreak

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "gen_linebreak.py"


def _perl_unicode() -> str | None:
    try:
        result = subprocess.run(["perl", "-MUnicode::UCD", "-e", "print Unicode::UCD::UnicodeVersion()"],
                                capture_output=True, text=True)  # fmt: skip
    except FileNotFoundError:
        return None
    return result.stdout.strip() if result.returncode == 0 else None


needs_unicode_14_perl = pytest.mark.skipif(
    _perl_unicode() != "14.0.0", reason="regenerating the table needs Perl's Unicode::UCD at Unicode 14.0.0"
)


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_linebreak", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@needs_unicode_14_perl
def test_the_script_regenerates_the_shipped_table() -> None:
    result = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@needs_unicode_14_perl
def test_a_linebreak_txt_gives_the_same_table(tmp_path: Path) -> None:
    """A LineBreak.txt lists assigned code points; the script fills in the rest with the
    defaults of Unicode 14's file. Written here from Perl's data, assigned code points only."""
    script = _script()

    def expand(ranges: list[tuple[int, str]]) -> list[str]:
        values: list[str] = []
        for (start, value), (end, _) in zip(ranges, [*ranges[1:], (script.CODE_POINTS, "")]):
            values.extend([value] * (min(end, script.CODE_POINTS) - start))
        return values

    classes = expand(script.perl_ranges("Line_Break"))
    categories = expand(script.perl_ranges("General_Category"))
    lines = ["# LineBreak-14.0.0.txt", "# @missing: 0000..10FFFF; XX"]
    code = 0
    while code < script.CODE_POINTS:
        last = code
        while last + 1 < script.CODE_POINTS and categories[last + 1] != "Cn" and classes[last + 1] == classes[code]:
            last += 1
        if categories[code] != "Cn":
            lines.append(f"{code:04X}..{last:04X};{classes[code]}")
        code = last + 1
    ucd = tmp_path / "LineBreak.txt"
    ucd.write_text("\n".join(lines) + "\n", encoding="utf-8")

    result = subprocess.run([sys.executable, str(SCRIPT), "--linebreak-txt", str(ucd), "--check"],
                            capture_output=True, text=True)  # fmt: skip
    assert result.returncode == 0, result.stderr


def test_the_table_is_package_data() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "catalogs/linebreak.txt" in pyproject["tool"]["setuptools"]["package-data"]["l10n"]
    assert resources.files("l10n.catalogs").joinpath("linebreak.txt").is_file()


def test_the_table_gives_the_classes_of_unicode_14() -> None:
    # Ideographs break anywhere, except before a small kana (NS) or a closing mark (CL);
    # a no-break space (GL) and a word joiner (WJ) join; U+1FAF0 (EB, new in Unicode 14)
    # takes a modifier (EM) without a break.
    marks = linebreak.possible_linebreaks("日本ッ語。a\u00a0b\u2060c \U0001faf0\U0001f3fb")
    P, B = linebreak.PROHIBITED, linebreak.POSSIBLE
    assert marks == [P, B, P, B, P, B, P, P, P, P, P, B, P]


def _texts() -> list[str]:
    import random

    rng = random.Random(20261201)
    alphabet = ("abc XYZ 09,.;:!?'\"()[]{}-–—/\\%$€#&*+=<>@_|~’“”«»„…日本語。、ア한국어\u00a0\u2060\u200b\u0301"
                "\u05d0\u05d1-\u200d🇩🇪😀🏻（）\t")
    texts = [(DATA / "workspace" / "articles" / name).read_text(encoding="utf-8")
             for name in ("kim-jong-un-china-parade.txt", "solar-power-milestone.md")]
    texts = [line for text in texts for line in text.splitlines()]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 60))) for _ in range(3000)]
    texts += ["".join(rng.choice(alphabet) * rng.randint(1, 4) for _ in range(rng.randint(1, 20))) for _ in range(3000)]
    return texts


def test_the_fast_paths_agree_with_the_full_algorithm() -> None:
    for text in _texts():
        for cjk in (False, True):
            marks = linebreak.possible_linebreaks(text, cjk)
            fast = linebreak._opportunities(text, cjk)
            if linebreak.MANDATORY in marks:
                assert fast is None, text
            else:
                assert fast == [i for i, mark in enumerate(marks) if mark == linebreak.POSSIBLE], (text, cjk)
            for width in (12, 40, 77):
                prefix = [0]
                for char in text:
                    prefix.append(prefix[-1] + linebreak.char_width(char, cjk))
                slow = linebreak._break_points_marks(text, [3], width, 5, cjk, prefix) if prefix[-1] > width - 5 else []
                assert linebreak.break_points(text, [3], width, 5, cjk) == slow, (text, width, cjk)


def test_text_classified_a_byte_at_a_time_gets_the_classes_and_widths_of_its_characters() -> None:
    """Text that fits in Windows-1252 is translated as bytes: the same classes and widths
    as character by character, for every character it can hold."""
    chars = "".join(bytes([b]).decode("cp1252") for b in range(256) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D))
    for cjk in (False, True):
        assert linebreak._class_string(chars, cjk) == chars.translate(linebreak._CLASS_TABLES[cjk])
        assert linebreak._width_string(chars, cjk) == chars.translate(linebreak._WIDTH_TABLES[cjk])
        other = "日本語 and ünïcödé’s “quotes” – \u0301\u200b"  # not all in Windows-1252
        assert linebreak._class_string(other, cjk) == other.translate(linebreak._CLASS_TABLES[cjk])


def test_must_break_says_whether_break_points_finds_a_break() -> None:
    for text in _texts():
        for cjk in (False, True):
            for width, start, no_break in ((12, 5, [3]), (40, 0, []), (77, 7, [1, 2])):
                found = linebreak.break_points(text, no_break, width, start, cjk)
                assert linebreak.must_break(text, no_break, width, start, cjk) == bool(found), (text, width, cjk)
