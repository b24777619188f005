"""What gettext keeps of an entry's flags (``#,``) and references (``#:``).

The reader and the writer both go through these functions, so a catalog holds, and a
file gets, what msgcat would write: the flags gettext understands (fuzzy first, format
flags in gettext's order, ``range: a..b``, ``no-wrap``; unknown flags are dropped) and
``file:line`` references without ``./``.
"""

from __future__ import annotations

import functools
import re

# gettext 0.21's format languages, in the order msgcat writes their flags.
FORMAT_LANGUAGES = (
    "c", "objc", "python", "python-brace", "java", "java-printf", "csharp", "javascript",
    "scheme", "lisp", "elisp", "librep", "ruby", "sh", "awk", "lua", "object-pascal",
    "smalltalk", "qt", "qt-plural", "kde", "kde-kuit", "boost", "tcl", "perl", "perl-brace",
    "php", "gcc-internal", "gfc-internal", "ycp",
)  # fmt: skip
_FORMAT_INDEX = {name: i for i, name in enumerate(FORMAT_LANGUAGES)}

_FLAG_SEPARATORS = re.compile(r"[\n \t\r\f\v,]+")
_RANGE = re.compile(r"([0-9]+)\.\.([0-9]+)")


_IGNORE = re.compile(r"^ignore-[a-z][a-z0-9-]*$")


def normalize_flags(text: str) -> list[str]:
    """The flags of one ``#,`` line as gettext keeps and writes them (fuzzy first, format
    flags in gettext's order, ``range: a..b``, ``no-wrap``; unknown flags are dropped),
    and then a translator's ``ignore-<check>`` flags (Weblate's convention: they silence a
    quality check for the entry), which gettext would drop but l10n keeps."""
    fuzzy = False
    ignore: list[str] = []
    formats: dict[int, str] = {}
    flag_range: tuple[int, int] | None = None
    no_wrap: bool | None = None
    tokens = [t for t in _FLAG_SEPARATORS.split(text) if t]
    i = 0
    while i < len(tokens):
        token = tokens[i]
        i += 1
        if token == "fuzzy":
            fuzzy = True
        elif token == "range:":
            if i < len(tokens):
                match = _RANGE.match(tokens[i])
                i += 1
                if match:
                    low, high = (min(int(v), 2**31 - 1) for v in match.groups())
                    if low <= high:
                        flag_range = (low, high)
        elif token == "wrap":
            no_wrap = False
        elif token == "no-wrap":
            no_wrap = True
        elif _IGNORE.match(token):
            if token not in ignore:
                ignore.append(token)
        elif token.endswith("-format"):
            name = token[: -len("-format")]
            state = "yes"
            for prefix in ("no-", "possible-", "impossible-"):
                if name.startswith(prefix) and name[len(prefix):] in _FORMAT_INDEX:
                    name, state = name[len(prefix):], prefix[:-1]
                    break
            index = _FORMAT_INDEX.get(name)
            if index is not None:
                formats[index] = state
    flags = ["fuzzy"] if fuzzy else []
    for index in sorted(formats):
        state = formats[index]
        if state == "no":
            flags.append(f"no-{FORMAT_LANGUAGES[index]}-format")
        elif state in ("yes", "possible"):
            flags.append(f"{FORMAT_LANGUAGES[index]}-format")
    if flag_range is not None:
        flags.append(f"range: {flag_range[0]}..{flag_range[1]}")
    if no_wrap:
        flags.append("no-wrap")
    return flags + ignore


# A catalog repeats its template's references, and every locale's catalog repeats them again.
@functools.lru_cache(maxsize=1 << 16)
def normalize_reference(token: str) -> str:
    """A ``#:`` token as gettext writes it back: ``./`` dropped, the line number reformatted."""
    while token.startswith("./"):
        token = token[2:]
    colon = token.rfind(":")
    number = token[colon + 1 :]
    if colon >= 0 and number.isascii() and number.isdigit():
        line = int(number) % 2**64
        if line >= 2**63:
            line -= 2**64
        return f"{token[:colon]}:{line}"
    return token


def reference_tokens(text: str) -> list[str]:
    """The tokens of one ``#:`` line (the text after it), as gettext writes them back.
    (An entry keeps each once: see ``unique``.)"""
    return [normalize_reference(token) for token in text.split()]


def unique(references: list[str]) -> list[str]:
    """``references`` without repeats, each where it first appears (as gettext keeps them)."""
    return list(dict.fromkeys(references)) if len(references) > 1 else references
