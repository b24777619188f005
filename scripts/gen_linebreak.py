#!/usr/bin/env python3
"""Regenerate l10n/catalogs/linebreak.txt: the Unicode Line_Break property as libunistring
resolves it, for the PO writer's line breaking (l10n/catalogs/linebreak.py).

The table is the Unicode 14.0.0 Line_Break property (libunistring 1.0, which GNU gettext
0.21 uses to wrap strings, is at Unicode 14 too), written as "first code point:class"
ranges (hexadecimal, ascending, adjacent ranges of one class merged), with the classes
resolved as libunistring resolves them:

    SA, XX (unassigned), SG -> AL    CJ -> NS    CB -> ID    CR, LF, NL -> BK
    H2, H3 -> HG (one range AC00..D7A3; linebreak.py computes H2/H3 from the code point)
    AI stays (AL, or ID when the catalog's charset is a CJK one)

The property comes from one of:

* Perl's Unicode Character Database (the default): ``perl -MUnicode::UCD`` and its
  ``prop_invmap("Line_Break")``. The script refuses a Perl whose Unicode is not 14.0.0
  (``perl -MUnicode::UCD -e 'print Unicode::UCD::UnicodeVersion()'``); Perl 5.36 (Debian 12)
  has 14.0.0.
* A UCD file, ``--linebreak-txt LineBreak.txt`` (https://www.unicode.org/Public/14.0.0/ucd/
  LineBreak.txt): its explicit entries over the defaults for code points it does not list
  (its ``@missing`` lines, or, in files that have only the catch-all one, as Unicode 14's
  does, the default ranges its header describes: ID for the CJK blocks and planes 2 and 3,
  PR for Currency Symbols).

Run from the repository root:

    python3 scripts/gen_linebreak.py            # write l10n/catalogs/linebreak.txt
    python3 scripts/gen_linebreak.py --check    # exit 1 if the file is not what it would write

Verified (2026, Debian 12, Perl 5.36.0 with Unicode 14.0.0): the Perl source reproduces
the table that was committed inside pofile.py (1,772 ranges) exactly. The LineBreak.txt
reader was checked without a download, on a file written from Perl's data that lists only
the assigned code points (general category other than Cn): it gives the same table, so its
defaults for unlisted code points agree with Perl's. (tests/test_linebreak.py repeats both
checks when a Perl with Unicode 14.0.0 is present.)
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import textwrap
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "l10n" / "catalogs" / "linebreak.txt"
UNICODE_VERSION = "14.0.0"
CODE_POINTS = 0x110000

# libunistring's resolutions of the classes its algorithm does not handle itself.
RESOLVED = {
    "XX": "AL", "SA": "AL", "SG": "AL", "CJ": "NS", "CB": "ID", "CR": "BK", "LF": "BK", "NL": "BK",
    "H2": "HG", "H3": "HG",
}  # fmt: skip

# Unicode 14's LineBreak.txt gives these defaults in its header comments only (one
# "@missing" line covers the rest): unlisted code points in these ranges are ID or PR.
UNICODE_14_DEFAULTS = (
    (0x3400, 0x4DBF, "ID"), (0x4E00, 0x9FFF, "ID"), (0xF900, 0xFAFF, "ID"),
    (0x20000, 0x2FFFD, "ID"), (0x30000, 0x3FFFD, "ID"),
    (0x1F000, 0x1FAFF, "ID"), (0x1FC00, 0x1FFFD, "ID"),
    (0x20A0, 0x20CF, "PR"),
)  # fmt: skip

_PERL_INVMAP = r"""
use Unicode::UCD qw(prop_invmap);
my ($starts, $values) = prop_invmap($ARGV[0]);
print "$starts->[$_] $values->[$_]\n" for 0 .. $#$starts;
"""
_LINE = re.compile(r"^([0-9A-Fa-f]+)(?:\.\.([0-9A-Fa-f]+))?\s*;\s*(\w+)")
_MISSING = re.compile(r"^#\s*@missing:\s*([0-9A-Fa-f]+)\.\.([0-9A-Fa-f]+)\s*;\s*(\w+)")


def perl_unicode_version() -> str:
    return subprocess.run(
        ["perl", "-MUnicode::UCD", "-e", "print Unicode::UCD::UnicodeVersion()"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip


def perl_ranges(prop: str = "Line_Break") -> list[tuple[int, str]]:
    """Perl's inversion map of ``prop``: (first code point, value) ranges, ascending."""
    out = subprocess.run(["perl", "-e", _PERL_INVMAP, prop], capture_output=True, text=True, check=True).stdout
    ranges = []
    for line in out.splitlines():
        start, value = line.split(" ", 1)
        ranges.append((int(start), "XX" if value == "Unknown" else value))
    return ranges


def file_ranges(text: str) -> list[tuple[int, str]]:
    """The ranges of a UCD LineBreak.txt: explicit entries over the defaults."""
    classes = ["XX"] * CODE_POINTS
    missing = [(int(m[1], 16), int(m[2], 16), m[3]) for m in map(_MISSING.match, text.splitlines()) if m]
    defaults = missing if len(missing) > 1 else [*missing, *UNICODE_14_DEFAULTS]
    for first, last, value in defaults:
        classes[first : last + 1] = [value] * (last + 1 - first)
    for line in text.splitlines():
        match = _LINE.match(line)
        if match:
            first = int(match[1], 16)
            last = int(match[2] or match[1], 16)
            classes[first : last + 1] = [match[3]] * (last + 1 - first)
    return [(code, value) for code, value in enumerate(classes) if code == 0 or classes[code - 1] != value]


def resolve(ranges: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """libunistring's classes, adjacent ranges of one class merged."""
    merged: list[tuple[int, str]] = []
    for start, value in ranges:
        if start >= CODE_POINTS:
            break
        value = RESOLVED.get(value, value)
        if not merged or merged[-1][1] != value:
            merged.append((start, value))
    return merged


def render(ranges: list[tuple[int, str]]) -> str:
    header = (
        f"# The Unicode {UNICODE_VERSION} Line_Break property as libunistring 1.0 resolves it, for the PO\n"
        "# writer's line breaking (l10n/catalogs/linebreak.py): \"first code point:class\" ranges.\n"
        "# Generated from the Unicode Character Database by scripts/gen_linebreak.py; do not edit.\n"
    )
    body = textwrap.wrap(" ".join(f"{start:X}:{value}" for start, value in ranges), 88)
    return header + "\n".join(body) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--linebreak-txt", type=Path, help="read this UCD LineBreak.txt instead of asking Perl")
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT)
    parser.add_argument("--check", action="store_true", help="compare with --output instead of writing it")
    args = parser.parse_args()
    if args.linebreak_txt is not None:
        text = args.linebreak_txt.read_text(encoding="utf-8")
        version = re.search(r"LineBreak-(\d+\.\d+\.\d+)\.txt", text)
        if version is not None and version[1] != UNICODE_VERSION:
            print(f"{args.linebreak_txt} is Unicode {version[1]}, not {UNICODE_VERSION}", file=sys.stderr)
            return 2
        ranges = file_ranges(text)
    else:
        version_found = perl_unicode_version()
        if version_found != UNICODE_VERSION:
            print(f"this Perl's Unicode is {version_found}, not {UNICODE_VERSION}: "
                  f"pass --linebreak-txt with Unicode {UNICODE_VERSION}'s LineBreak.txt", file=sys.stderr)  # fmt: skip
            return 2
        ranges = perl_ranges()
    table = render(resolve(ranges))
    if args.check:
        if not args.output.exists() or args.output.read_text(encoding="ascii") != table:
            print(f"{args.output} is not what this script writes", file=sys.stderr)
            return 1
        return 0
    args.output.write_text(table, encoding="ascii")
    return 0


if __name__ == "__main__":
    sys.exit(main())
