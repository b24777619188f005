"""Validation lists every problem ``msgfmt --check`` finds after reading a catalog, not
only the first: ``CatalogError.problems``, each a ``Problem(path, line, reason)``.

msgfmt counts each error ("found N fatal errors") and prints it at the entry's msgstr line
(a Plural-Forms error also names the header), except that it prints only the first of
several errors in a row at one line. The problems are the errors it counts, at the lines it
prints; the error's message stays that of the first problem.
"""

from __future__ import annotations

import random
import re
import subprocess
from pathlib import Path

import pytest

from l10n.catalogs import pofile, validate
from l10n.errors import CatalogError, Problem

HEADER = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"""


def _msgfmt(path: Path) -> tuple[int, set[int]]:
    """The number of errors ``msgfmt --check`` counts, and the lines it names."""
    stderr = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True).stderr
    count = re.search(r"found (\d+) fatal errors?", stderr)
    lines = {int(n) for n in re.findall(re.escape(str(path)) + r":(\d+): (?!warning)", stderr)}
    return (int(count.group(1)) if count else 0), lines


def _problems(path: Path) -> tuple[Problem, ...]:
    try:
        pofile.parse(path.read_bytes(), str(path))
    except CatalogError as error:
        assert str(error) == str(error.problems[0])
        return error.problems
    return ()


def test_three_format_problems_are_three_problems_where_msgfmt_names_them(tmp_path: Path) -> None:
    path = tmp_path / "de.po"
    path.write_text(HEADER + """
#, c-format
msgid "%d apples"
msgstr "%s Äpfel"

msgid "fine"
msgstr "gut"

#, python-format
msgid "%(name)s is here"
msgstr "%(nom)s ist da"

#, python-brace-format
msgid "{count} items"
msgstr "{anzahl} Dinge"
""", encoding="utf-8")  # fmt: skip

    problems = _problems(path)

    assert problems == (
        Problem(str(path), 7, "format specifications in 'msgid' and 'msgstr' for argument 1 are not the same"),
        Problem(str(path), 14, "a format specification for argument 'name' doesn't exist in 'msgstr'"),
        Problem(str(path), 18, "a format specification for argument 'anzahl' doesn't exist in 'msgid'"),
    )
    assert _msgfmt(path) == (3, {7, 14, 18})


def test_every_problem_of_one_entry_is_listed(tmp_path: Path) -> None:
    """msgfmt counts three errors here and prints one: the problems are all three."""
    path = tmp_path / "de.po"
    path.write_text(HEADER + """
#, c-format
msgid "\\n%d lines\\n"
msgstr "%s Zeilen"
""", encoding="utf-8")  # fmt: skip

    problems = _problems(path)

    assert [(p.line, p.reason) for p in problems] == [
        (7, "'msgid' and 'msgstr' entries do not both begin with '\\n'"),
        (7, "'msgid' and 'msgstr' entries do not both end with '\\n'"),
        (7, "format specifications in 'msgid' and 'msgstr' for argument 1 are not the same"),
    ]
    assert _msgfmt(path) == (3, {7})


def test_a_reading_error_is_the_one_problem(tmp_path: Path) -> None:
    path = tmp_path / "de.po"
    path.write_text(HEADER + '\nmsgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n\nmsgid "x"\nmsgstr\n', encoding="utf-8")

    assert _problems(path) == (Problem(str(path), 8, "duplicate message definition (first defined at line 5)"),)


def test_a_valid_catalog_has_no_problems() -> None:
    path = Path(__file__).parent / "data" / "good" / "de_articles.po"
    catalog = pofile.parse(path.read_bytes(), str(path))
    assert validate.problems(catalog, str(path)) == []


def test_an_error_is_named_after_its_first_problem() -> None:
    error = CatalogError("de.po", 3, "first", [Problem("de.po", 3, "first"), Problem("de.po", 9, "second")])
    assert (str(error), error.path, error.line, error.reason) == ("de.po:3: first", "de.po", 3, "first")
    assert error.problems == (Problem("de.po", 3, "first"), Problem("de.po", 9, "second"))
    assert error.exit_code == 2
    assert CatalogError("de.po", 4, "alone").problems == (Problem("de.po", 4, "alone"),)
    assert str(Problem(None, 2, "x")) == "<catalog>:2: x"


def test_the_plural_forms_verdict_is_reached_once_per_formula(tmp_path: Path) -> None:
    validate.plural_forms.cache_clear()
    for name in ("a", "b", "c"):
        path = tmp_path / f"{name}.po"
        path.write_text(f"""\
msgid ""
msgstr ""
"Project-Id-Version: {name}\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"

msgid "{{n}} file"
msgid_plural "{{n}} files"
msgstr[0] "{{n}} plik"
msgstr[1] "{{n}} pliki"
msgstr[2] "{{n}} plików"
""", encoding="utf-8")  # fmt: skip
        pofile.parse(path.read_bytes(), str(path))
    info = validate.plural_forms.cache_info()
    assert (info.misses, info.hits) == (1, 2)


# -- random catalogs against msgfmt ------------------------------------------------------

_MSGIDS = ["%d files", "%s and %d", "%(name)s here", "{count} items", "\nstart", "end\n", "plain", "%1$s %2$d",
           "100%% sure", "{a} {b}", "%(a)d %(b)s"]  # fmt: skip
_MSGSTRS = ["%d Dateien", "%s und %d", "%(nom)s hier", "{anzahl} Dinge", "\nAnfang", "Ende\n", "schlicht",
            "%2$d %1$s", "100%% sicher", "{b} {a}", "%(a)s %(b)d", "%", "%z", "{", "\nx\n", ""]  # fmt: skip
_FLAGS = ["", "c-format", "python-format", "python-brace-format", "c-format, python-format", "fuzzy, c-format"]
_PLURAL_FORMS = [
    "nplurals=2; plural=n != 1;",
    "nplurals=3; plural=n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2;",
    "nplurals=1; plural=0;",
    "nplurals=2; plural=n/0;",
    "nplurals=x; plural=n!=1 +;",
    "plural=n!=1;",
    None,
]


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _random_catalog(rng: random.Random) -> str:
    lines = HEADER.splitlines()
    plural_forms = rng.choice(_PLURAL_FORMS)
    if plural_forms:
        lines.append(f'"Plural-Forms: {plural_forms}\\n"')
    for k in range(rng.randint(1, 8)):
        lines.append("")
        flags = rng.choice(_FLAGS)
        if flags:
            lines.append(f"#, {flags}")
        lines.append(f"msgid {_quoted(rng.choice(_MSGIDS) + f' #{k}')}")
        if rng.random() < 0.35:
            lines.append(f"msgid_plural {_quoted(rng.choice(_MSGIDS))}")
            lines.extend(f"msgstr[{j}] {_quoted(rng.choice(_MSGSTRS))}" for j in range(rng.choice([1, 2, 2, 3])))
        else:
            lines.append(f"msgstr {_quoted(rng.choice(_MSGSTRS))}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("seed", range(60))
def test_random_catalogs_have_the_problems_msgfmt_finds(seed: int, tmp_path: Path) -> None:
    path = tmp_path / "random.po"
    path.write_text(_random_catalog(random.Random(seed)), encoding="utf-8")

    problems = _problems(path)
    count, lines = _msgfmt(path)

    assert len(problems) == count
    ours = {p.line for p in problems}
    # A Plural-Forms problem names an entry and the header's msgstr (line 2); ours, the entry.
    assert ours <= lines and lines - ours <= {2}
