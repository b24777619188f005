"""The checks ``msgfmt --check`` makes once a catalog has been read, as pure functions.

``problems(catalog)`` lists, as ``Problem(path, line, reason)``, every problem GNU msgfmt
0.21 reports after parsing, and ``check(catalog)`` raises them as one ``CatalogError``
named after the first (lexical and grammar errors, duplicates and bad bytes are found by
``l10n.catalogs.reader`` while reading):

* the header: a header entry with a non-empty msgstr must exist (``--check-header``);
* plural forms: the header's ``Plural-Forms`` must have ``nplurals=`` and ``plural=`` when
  plural entries exist, the expression must parse and stay within ``0..nplurals-1`` for
  n = 0..1000 without dividing by zero, and every translated plural entry must have exactly
  ``nplurals`` forms;
* per translated, non-fuzzy entry: msgid and every msgstr both begin, and both end, with
  ``\\n`` or neither does;
* per such entry with a ``c-format``, ``python-format`` or ``python-brace-format`` flag
  (also ``possible-...``): the msgstr uses the placeholders the msgid uses, with the rules
  of gettext's format-c.c, format-python.c and format-python-brace.c (relaxed, as msgfmt
  is, for plural forms that cover only a few values of n).

Untranslated (empty first msgstr), fuzzy and obsolete entries are not checked, as msgfmt
does not check them. The problems are the errors msgfmt counts ("found N fatal errors"),
at the lines it names: the msgstr line of an entry or of the header (of several errors in
a row at one line, msgfmt prints the first). The verdict on a ``Plural-Forms`` is cached
(``plural_forms``): all the catalogs of a locale share one. Not mirrored: the checks of
the other 27 format languages gettext knows (java, sh, ...): an entry flagged with one of
those is accepted as it is.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from l10n.catalogs.model import Catalog, Message
from l10n.errors import CatalogError, Problem

# ---------------------------------------------------------------------------------------
# Plural expressions (gettext's plural.y, evaluated as unsigned long like plural-eval.c)
# ---------------------------------------------------------------------------------------

_ULONG = 2**64
PluralFunction = Callable[[int], int]


class PluralError(ValueError):
    """A ``plural=`` expression gettext cannot parse."""


class _DivisionByZero(ArithmeticError):
    pass


_PLURAL_TOKEN = re.compile(r"[ \t]*(?:([0-9]+)|(==|!=|<=|>=|&&|\|\||[-+*/%<>!?:()n])|(.|$))", re.S)
_BINARY = {
    "||": 1, "&&": 2, "==": 3, "!=": 3, "<": 4, ">": 4, "<=": 4, ">=": 4,
    "+": 5, "-": 5, "*": 6, "/": 6, "%": 6,
}  # fmt: skip


def _plural_tokens(text: str) -> list[str | int]:
    tokens: list[str | int] = []
    pos = 0
    while True:
        match = _PLURAL_TOKEN.match(text, pos)
        assert match is not None
        number, operator, other = match.groups()
        pos = match.end()
        if number is not None:
            tokens.append(int(number) % _ULONG)
        elif operator is not None:
            tokens.append(operator)
        elif other in ("", ";", "\n"):
            return tokens
        else:
            raise PluralError(f"unexpected {other!r}")


def _binary(op: str, left: PluralFunction, right: PluralFunction) -> PluralFunction:
    if op == "||":
        return lambda n: 1 if left(n) or right(n) else 0
    if op == "&&":
        return lambda n: 1 if left(n) and right(n) else 0
    if op == "==":
        return lambda n: 1 if left(n) == right(n) else 0
    if op == "!=":
        return lambda n: 1 if left(n) != right(n) else 0
    if op == "<":
        return lambda n: 1 if left(n) < right(n) else 0
    if op == ">":
        return lambda n: 1 if left(n) > right(n) else 0
    if op == "<=":
        return lambda n: 1 if left(n) <= right(n) else 0
    if op == ">=":
        return lambda n: 1 if left(n) >= right(n) else 0
    if op == "+":
        return lambda n: (left(n) + right(n)) % _ULONG
    if op == "-":
        return lambda n: (left(n) - right(n)) % _ULONG
    if op == "*":
        return lambda n: (left(n) * right(n)) % _ULONG
    if op == "/":
        return lambda n: _divide(left(n), right(n))
    return lambda n: _modulo(left(n), right(n))


def _divide(a: int, b: int) -> int:
    if b == 0:
        raise _DivisionByZero
    return a // b


def _modulo(a: int, b: int) -> int:
    if b == 0:
        raise _DivisionByZero
    return a % b


class _PluralParser:
    def __init__(self, tokens: list[str | int]) -> None:
        self.tokens = tokens
        self.pos = 0

    def peek(self) -> str | int | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def next(self) -> str | int | None:
        token = self.peek()
        self.pos += 1
        return token

    def expression(self) -> PluralFunction:
        condition = self.binary(1)
        if self.peek() != "?":
            return condition
        self.next()
        when_true = self.expression()
        if self.next() != ":":
            raise PluralError("'?' without ':'")
        when_false = self.expression()
        return lambda n: when_true(n) if condition(n) else when_false(n)

    def binary(self, level: int) -> PluralFunction:
        left = self.unary()
        while True:
            op = self.peek()
            if not isinstance(op, str) or _BINARY.get(op, 0) < level:
                return left
            self.next()
            right = self.binary(_BINARY[op] + 1)
            left = _binary(op, left, right)

    def unary(self) -> PluralFunction:
        token = self.next()
        if token == "!":
            operand = self.unary()
            return lambda n: 0 if operand(n) else 1
        if token == "n":
            return lambda n: n
        if isinstance(token, int):
            value = token
            return lambda n: value
        if token == "(":
            inner = self.expression()
            if self.next() != ")":
                raise PluralError("unbalanced parentheses")
            return inner
        raise PluralError("unexpected end" if token is None else f"unexpected {token!r}")


def parse_plural(expression: str) -> PluralFunction:
    """The ``plural=`` expression (up to ``;`` or end of line) as a function of n."""
    parser = _PluralParser(_plural_tokens(expression))
    function = parser.expression()
    if parser.pos != len(parser.tokens):
        raise PluralError(f"unexpected {parser.peek()!r}")
    return function


@dataclass(frozen=True)
class PluralForms:
    nplurals: int
    function: PluralFunction
    often: tuple[bool, ...]  # form j is chosen for at least 5 values of n in 0..1000

    def histogram(self, low: int, high: int, form: int) -> int:
        low = max(low, 0)
        high = min(high, low + 1000)
        return sum(1 for n in range(low, high + 1) if _safe(self.function, n) == form)


def _safe(function: PluralFunction, n: int) -> int | None:
    try:
        return function(n)
    except _DivisionByZero:
        return None


_GERMANIC = PluralForms(2, lambda n: 1 if n != 1 else 0, (False, True))


# ---------------------------------------------------------------------------------------
# The catalog-level checks
# ---------------------------------------------------------------------------------------


def check(
    catalog: Catalog,
    path: str | None = None,
    *,
    msgstr_lines: Sequence[int] | None = None,
    header_line: int = 0,
    candidates: Iterable[int] | None = None,
) -> None:
    """Raise ``CatalogError`` if ``msgfmt --check`` would reject the catalog: named after
    the first problem, with all of them in ``CatalogError.problems`` (see ``problems``)."""
    found = problems(catalog, path, msgstr_lines=msgstr_lines, header_line=header_line, candidates=candidates)
    if found:
        raise CatalogError(found[0].path, found[0].line, found[0].reason, found)


def problems(
    catalog: Catalog,
    path: str | None = None,
    *,
    msgstr_lines: Sequence[int] | None = None,
    header_line: int = 0,
    candidates: Iterable[int] | None = None,
    formats: bool = True,
) -> list[Problem]:
    """Every problem ``msgfmt --check`` finds once it has read the catalog (each error it
    counts in "found N fatal errors"), in its order and at its lines: the header's and its
    plural forms' first, then the entries' (msgfmt prints only the first of several errors
    in a row at one line). A catalog without a header has that one problem: msgfmt checks
    nothing else then.

    ``msgstr_lines[i]`` is the line of ``catalog.messages[i]``'s msgstr (the line msgfmt
    names; without it, the msgid line ``Message.lineno`` is used), ``header_line`` that of
    the header's msgstr. ``candidates``, if given, are the indices of the only messages that
    can have a problem (a reader knows that a one-line singular entry without escapes or
    flags has none). ``formats=False`` leaves out the placeholder problems of format flags
    (``l10n check`` reports those entry by entry: its placeholder check)."""
    messages = catalog.messages
    lines: Sequence[int] = msgstr_lines if msgstr_lines is not None else [m.lineno for m in messages]
    header = catalog.header_text()
    where_header = header_line or 1
    if not header:
        return [Problem(path, where_header, "PO file header missing or invalid (msgfmt --check needs a header "
                                            "entry with a non-empty msgstr)")]  # fmt: skip
    # Entries msgfmt checks: active, not fuzzy, first msgstr non-empty. Singular entries
    # without flags whose newlines agree need nothing more and are not kept.
    checked = []
    for i in range(len(messages)) if candidates is None else candidates:
        message = messages[i]
        if message.obsolete:
            continue
        flags = message.flags
        if flags and "fuzzy" in flags:
            continue
        if message.msgid_plural is None:
            msgstr = message.msgstr
            if not msgstr:
                continue
            msgid = message.msgid
            if not flags and (not msgid or ((msgid[0] == "\n") == (msgstr[0] == "\n")
                                            and (msgid[-1] == "\n") == (msgstr[-1] == "\n"))):  # fmt: skip
                continue
        elif not message.msgstr_plural.get(0):
            continue
        checked.append(i)
    plural_entries = [i for i in checked if messages[i].msgid_plural is not None]
    plural, found = _plural_problems(header, messages, plural_entries, lines, path, where_header)
    for i in checked:
        message = messages[i]
        reasons = newline_problems(message)
        if message.flags and formats:
            reasons += format_problems(message, plural)
        found.extend(Problem(path, lines[i], reason) for reason in reasons)
    return found


def newline_problems(message: Message) -> list[str]:
    """msgfmt's rule: msgid, msgid_plural and every msgstr all begin (and all end) with a
    newline, or none does; a problem for each string that breaks it."""
    msgid = message.msgid
    if not msgid:
        return []
    problems = []
    translations = message.translations()
    for what, edge in (("begin", slice(None, 1)), ("end", slice(-1, None))):
        wanted = msgid[edge] == "\n"
        if message.msgid_plural is not None and (message.msgid_plural[edge] == "\n") != wanted:
            problems.append(f"'msgid' and 'msgid_plural' entries do not both {what} with '\\n'")
        for j, msgstr in enumerate(translations):
            if (msgstr[edge] == "\n") != wanted:
                problems.append(f"'msgid' and '{_name(message, j)}' entries do not both {what} with '\\n'")
    return problems


def _name(message: Message, j: int) -> str:
    return "msgstr" if message.msgid_plural is None else f"msgstr[{j}]"


# After a Plural-Forms problem msgfmt knows nothing of how often each form is used: it
# checks the format strings of a plural entry with more than one form as it checks a form
# used for few values of n (placeholders may be left out).
_NO_DISTRIBUTION = PluralForms(0, lambda n: 0, ())
_EXPRESSION = re.compile(r"[^;\n]*")  # the plural= expression, where gettext stops reading it


def _plural_problems(
    header: str, messages: list[Message], plural_entries: list[int], lines: Sequence[int], path: str | None,
    header_line: int,
) -> tuple[PluralForms, list[Problem]]:
    """msgfmt's checks of the Plural-Forms (msgl-check.c's check_plural): the plural forms
    to check format strings with, and the problems."""
    plural_at = header.find("plural=")
    nplurals_at = header.find("nplurals=")
    if plural_at < 0 or nplurals_at < 0:
        if not plural_entries:
            return _GERMANIC, []
        first = lines[plural_entries[0]]
        found = []
        if plural_at < 0:
            found.append(Problem(path, first, "message catalog has plural form translations, but the header lacks a "
                                              "\"plural=EXPRESSION\" attribute"))  # fmt: skip
        if nplurals_at < 0:
            found.append(Problem(path, first, "message catalog has plural form translations, but the header lacks a "
                                              "\"nplurals=INTEGER\" attribute"))  # fmt: skip
        return _NO_DISTRIBUTION, found
    expression = _EXPRESSION.match(header, plural_at + len("plural="))
    assert expression is not None
    digits = re.match(r"[ \t\n\r\f\v]*([0-9]+)", header[nplurals_at + len("nplurals="):])
    if digits is None:
        found = [Problem(path, header_line, "invalid nplurals value in the Plural-Forms header")]
        function = _parsed(expression.group())
        if isinstance(function, str):
            found.append(Problem(path, header_line, function))
        return _NO_DISTRIBUTION, found
    nplurals = int(digits.group(1)) % _ULONG
    forms = plural_forms(nplurals, expression.group())
    if isinstance(forms, str):
        return _NO_DISTRIBUTION, [Problem(path, header_line, forms)]
    if plural_entries:
        # msgfmt names the first entry with the fewest forms, or else with the most.
        fewest = min(plural_entries, key=lambda i: len(messages[i].msgstr_plural))
        most = max(plural_entries, key=lambda i: len(messages[i].msgstr_plural))
        if len(messages[fewest].msgstr_plural) < nplurals:
            reason = (f"nplurals = {nplurals} in the header, but this entry has only "
                      f"{len(messages[fewest].msgstr_plural)} plural form(s)")  # fmt: skip
            return _NO_DISTRIBUTION, [Problem(path, lines[fewest], reason)]
        if len(messages[most].msgstr_plural) > nplurals:
            reason = (f"nplurals = {nplurals} in the header, but this entry has "
                      f"{len(messages[most].msgstr_plural)} plural forms")  # fmt: skip
            return _NO_DISTRIBUTION, [Problem(path, lines[most], reason)]
    return forms, []


def _parsed(expression: str) -> PluralFunction | str:
    """The ``plural=`` expression as a function of n, or why gettext cannot parse it."""
    try:
        return parse_plural(expression)
    except PluralError as exc:
        return f"invalid plural expression in the Plural-Forms header: {exc}"


@functools.lru_cache(maxsize=64)
def plural_forms(nplurals: int, expression: str) -> PluralForms | str:
    """The plural forms of ``nplurals=NPLURALS; plural=EXPRESSION``, or why msgfmt rejects
    them: the expression must parse and, for n = 0..1000, choose a form in 0..nplurals-1
    without dividing by zero. Cached: every catalog of a locale has the same Plural-Forms,
    and evaluating it a thousand times costs as much as reading a small catalog."""
    function = _parsed(expression)
    if isinstance(function, str):
        return function
    counts = [0] * min(nplurals, 101)
    for n in range(1001):
        try:
            value = function(n)
        except _DivisionByZero:
            return "plural expression can produce division by zero"
        if value >= 2**63:
            return "plural expression can produce negative values"
        if value >= nplurals:
            return f"nplurals = {nplurals} but plural expression can produce values as large as {value}"
        if value < len(counts):
            counts[value] += 1
    return PluralForms(nplurals, function, tuple(c >= 5 for c in counts))


# ---------------------------------------------------------------------------------------
# Format strings
# ---------------------------------------------------------------------------------------


class _Invalid(Exception):
    """Not a valid format string of that language."""


def format_problems(message: Message, plural: PluralForms = _GERMANIC) -> list[str]:
    """What msgfmt --check-format says about ``message``'s placeholders: for each format
    language it is flagged with, a problem per msgstr that does not fit the msgid."""
    problems = []
    flags = message.flags
    for flag, parse, compare, language in _FORMATS:
        if flag not in flags and f"possible-{flag}" not in flags:
            continue
        source = message.msgid_plural if message.msgid_plural is not None else message.msgid
        source_name = "msgid_plural" if message.msgid_plural is not None else "msgid"
        try:
            expected = parse(source)
        except _Invalid:
            continue  # msgfmt checks nothing when the msgid is not a valid format string
        translations = message.translations()
        for j, msgstr in enumerate(translations):
            name = _name(message, j)
            try:
                found = parse(msgstr, None, True)
            except _Invalid as exc:
                problems.append(f"'{name}' is not a valid {language} format string, unlike '{source_name}'. "
                                f"Reason: {exc}")  # fmt: skip
                continue
            strict = message.msgid_plural is None or len(translations) == 1 or _often(message, plural, j)
            problem = compare(expected, found, strict, source_name, name)
            if problem:
                problems.append(problem)
    return problems


def _often(message: Message, plural: PluralForms, j: int) -> bool:
    if not (j < len(plural.often) and plural.often[j]):
        return False
    for flag in message.flags:
        if flag.startswith("range: "):
            low, _, high = flag[len("range: "):].partition("..")
            return plural.histogram(int(low), int(high), j) > 1
    return True


# -- python-brace-format (gettext 0.21: a field name must be given; the name compared is
#    everything between the braces) ---------------------------------------------------------

# A brace placeholder as the checks and the engines' protection read one: {name}, {0}, {},
# {name.attr}, {name[0]}, {name!r}, {name:>10}; not the escaped {{ and }}.
BRACE_PLACEHOLDER = (r"(?<!\{)\{(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+)?(?:\.[A-Za-z_][A-Za-z0-9_]*|\[[^\[\]{}]*\])*"
                     r"(?:![rsa])?(?::[^{}]*)?\}(?!\})")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NUMBER = re.compile(r"[0-9]+")


class _BraceInvalid(_Invalid):
    def __init__(self, reason: str, at: int, directive: int) -> None:
        super().__init__(reason)
        self.at = at  # where gettext's parser stopped
        self.directive = directive  # the "{" of the directive it was in


def _brace_field(text: str, pos: int, toplevel: bool) -> int:
    """Parse a ``{...}`` directive starting at ``pos`` (gettext 0.21's format-python-brace.c);
    return the index after it."""

    def invalid(reason: str, at: int) -> _BraceInvalid:
        return _BraceInvalid(reason, at, pos)

    i = pos + 1
    match = _IDENTIFIER.match(text, i) or _NUMBER.match(text, i)
    if match is None:
        raise invalid("a field name must start with a letter, '_' or a digit", i)
    i = match.end()
    while i < len(text) and text[i] in ".[":
        if text[i] == ".":
            match = _IDENTIFIER.match(text, i + 1)
            if match is None:
                raise invalid("a getattr argument must be an identifier", i + 1)
            i = match.end()
        else:
            match = _IDENTIFIER.match(text, i + 1) or _NUMBER.match(text, i + 1)
            if match is None:
                raise invalid("a getitem argument must be an identifier or a number", i + 1)
            if not text.startswith("]", match.end()):
                raise invalid("unterminated getitem argument", match.end())
            i = match.end() + 1
    if text.startswith(":", i):
        if not toplevel:
            raise invalid("no more nesting is allowed in a format specifier", i)
        i += 1
        if text.startswith("{", i):
            i = _brace_field(text, i, False)
        else:
            if i >= len(text):
                raise invalid("unterminated format directive", i)
            if text[i + 1 : i + 2] in ("<", ">", "=", "^") and len(text) > i + 1:
                i += 2
            elif text[i] in "<>=^":
                i += 1
            if text[i : i + 1] in ("+", "-", " ") and i < len(text):
                i += 1
            if text.startswith("#", i):
                i += 1
            if text.startswith("0", i):
                i += 1
            while i < len(text) and text[i].isascii() and text[i].isdigit():
                i += 1
            if text.startswith(".", i) and text[i + 1 : i + 2].isdigit() and text[i + 1].isascii():
                i += 1
                while i < len(text) and text[i].isascii() and text[i].isdigit():
                    i += 1
            if i < len(text) and text[i] in "bcdoxXneEfFgG%":
                i += 1
    if not text.startswith("}", i):
        raise invalid("unterminated format directive", i)
    return i + 1


def parse_python_brace(
    text: str, spans: list[tuple[int, int]] | None = None, translated: bool = False
) -> frozenset[str]:
    """The argument names of a Python brace format string (gettext 0.21's view: a name is
    all between the braces); the directives' (first, last) indices go to ``spans``."""
    names = set()
    i = text.find("{")
    while i >= 0:
        if text.startswith("{{", i):
            i = text.find("{", i + 2)
            continue
        end = _brace_field(text, i, True)
        names.add(text[i + 1 : end - 1])
        if spans is not None:
            spans.append((i, end - 1))
        i = text.find("{", end)
    return frozenset(names)


def _brace_no_break(text: str) -> frozenset[int]:
    """Where gettext 0.21 does not break a python-brace-format string. Its parser marks each
    directive at offsets from the directive's own "{" (not from the start of the string),
    so the protected stretch is at the start of the string, as long as the shortest
    directive; an invalid directive's mark can end it early, unprotected."""
    start, end, error = 1, 2, 4
    marks: dict[int, int] = {}
    spans: list[tuple[int, int]] = []
    try:
        parse_python_brace(text, spans)
    except _BraceInvalid as exc:
        marks[exc.at - exc.directive] = error
    for first, last in spans:
        marks[0] = marks.get(0, 0) | start
        marks[last - first] = marks.get(last - first, 0) | end
    if not marks.get(0, 0) & start:
        return frozenset()
    stop = min(offset for offset, bits in marks.items() if bits & (end | error))
    return frozenset() if marks[stop] & error else frozenset(range(1, stop + 1))


def _compare_brace(expected: frozenset[str], found: frozenset[str], strict: bool, source: str, target: str) -> str | None:
    # gettext 0.21 compares brace names only strictly: a plural form used for few values
    # of n may both add and drop names.
    if not strict:
        return None
    for name in sorted(expected ^ found):
        return f"a format specification for argument '{name}' doesn't exist in '{target if name in expected else source}'"
    return None


# -- python-format ------------------------------------------------------------------------

_PY_TYPES = {"c": "char", "s": "string", "r": "string", "i": "int", "d": "int", "u": "int", "o": "int",
             "x": "int", "X": "int", "e": "float", "E": "float", "f": "float", "F": "float", "g": "float",
             "G": "float"}  # fmt: skip


@dataclass(frozen=True)
class _PythonSpec:
    named: dict[str, str]
    unnamed: tuple[str, ...]


def parse_python(text: str, spans: list[tuple[int, int]] | None = None, translated: bool = False) -> _PythonSpec:
    """The arguments of a Python ``%`` format string, as gettext's format-python.c reads it;
    the directives' (first, last) indices go to ``spans``."""
    named: dict[str, str] = {}
    unnamed: list[str] = []
    end = len(text)
    number = 0
    i = text.find("%")
    while i >= 0:
        directive_start = i
        i += 1
        number += 1
        name = None
        if text.startswith("(", i):
            depth = 0
            j = i + 1
            while j < end and not (text[j] == ")" and depth == 0):
                depth += {"(": 1, ")": -1}.get(text[j], 0)
                j += 1
            if j >= end:
                raise _Invalid(f"the directive number {number} is unterminated")
            name = text[i + 1 : j]
            i = j + 1
        while i < end and text[i] in "-+ #0":
            i += 1
        if text.startswith("*", i):
            i += 1
            if named:
                raise _Invalid("named and unnamed directives are mixed")
            unnamed.append("int")
        while i < end and text[i] in "0123456789":
            i += 1
        zero_precision = False
        if text.startswith(".", i):
            i += 1
            if text.startswith("*", i):
                i += 1
                if named:
                    raise _Invalid("named and unnamed directives are mixed")
                unnamed.append("int")
            elif i < end and text[i] in "0123456789":
                zero_precision = True
                while i < end and text[i] in "0123456789":
                    zero_precision = zero_precision and text[i] == "0"
                    i += 1
        if i < end and text[i] in "hlL":
            i += 1
        conversion = text[i : i + 1]
        if conversion == "%":
            kind = None
        elif conversion in _PY_TYPES:
            kind = "any" if zero_precision and conversion in "sr" else _PY_TYPES[conversion]
        elif not conversion:
            raise _Invalid(f"the directive number {number} is unterminated")
        else:
            raise _Invalid(f"in the directive number {number}, the character {conversion!r} is not a valid "
                           "conversion specifier")  # fmt: skip
        if name is not None:
            if unnamed:
                raise _Invalid("named and unnamed directives are mixed")
            if kind is not None:
                old = named.get(name)
                if old is None or old == "any":
                    named[name] = kind
                elif kind != "any" and kind != old:
                    raise _Invalid(f"the string refers to the argument named '{name}' in incompatible ways")
        elif kind is not None:
            if named:
                raise _Invalid("named and unnamed directives are mixed")
            unnamed.append(kind)
        if spans is not None:
            spans.append((directive_start, i))
        i = text.find("%", i + 1)
    return _PythonSpec(named, tuple(unnamed))


def _compare_python(expected: _PythonSpec, found: _PythonSpec, strict: bool, source: str, target: str) -> str | None:
    if expected.named and found.unnamed:
        return f"format specifications in '{source}' expect a mapping, those in '{target}' expect a tuple"
    if expected.unnamed and found.named:
        return f"format specifications in '{source}' expect a tuple, those in '{target}' expect a mapping"
    for name in sorted(set(expected.named) | set(found.named)):
        if name not in expected.named:
            return f"a format specification for argument '{name}', as in '{target}', doesn't exist in '{source}'"
        if name not in found.named:
            if strict:
                return f"a format specification for argument '{name}' doesn't exist in '{target}'"
            continue
        if not _same_type(expected.named[name], found.named[name], strict):
            return f"format specifications in '{source}' and '{target}' for argument '{name}' are not the same"
    if expected.unnamed or found.unnamed:
        if len(expected.unnamed) != len(found.unnamed):
            return f"number of format specifications in '{source}' and '{target}' does not match"
        for number, (a, b) in enumerate(zip(expected.unnamed, found.unnamed), 1):
            if not _same_type(a, b, strict):
                return f"format specifications in '{source}' and '{target}' for argument {number} are not the same"
    return None


def _same_type(a: str, b: str, strict: bool) -> bool:
    return a == b or (not strict and "any" in (a, b))


# -- c-format -----------------------------------------------------------------------------

_C_DIRECTIVE = re.compile(
    r"%(?:([1-9][0-9]*)\$)?"  # argument number
    r"([-+ #0'I]*)"  # flags
    r"(\*(?:[1-9][0-9]*\$)?|[0-9]+)?"  # width
    r"(?:\.(\*(?:[1-9][0-9]*\$)?|[0-9]*))?"  # precision
    r"([hlLqjzZt]*)"  # size
    r"(<PRI[diouxX](?:8|16|32|64|LEAST8|LEAST16|LEAST32|LEAST64|FAST8|FAST16|FAST32|FAST64|MAX|PTR)>|.?)",
    re.S,
)
_C_INT_SIZES = {"": "int", "hh": "char", "h": "short", "l": "long", "ll": "long long", "j": "intmax_t",
                "z": "size_t", "t": "ptrdiff_t"}  # fmt: skip


def _c_size(modifiers: str) -> str:
    """The size the modifiers give, as gettext's format-c-parse.h combines them: hh and ll
    double up, any other one replaces what came before."""
    size = ""
    for modifier in modifiers:
        if modifier == "h":
            size = "hh" if size in ("h", "hh") else "h"
        elif modifier == "l":
            size = "ll" if size in ("l", "ll") else "l"
        elif modifier in "Lq":
            size = "ll"
        else:
            size = "z" if modifier == "Z" else modifier
    return size


def _c_type(size: str, conversion: str, number: int) -> str | None:
    if conversion in ("d", "i"):
        return f"signed {_C_INT_SIZES[size]}"
    if conversion in ("o", "u", "x", "X"):
        return f"unsigned {_C_INT_SIZES[size]}"
    if conversion.startswith("<PRI"):
        return f"{'signed' if conversion[4] in 'di' else 'unsigned'} {conversion[5:-1]}"
    if conversion in ("e", "E", "f", "F", "g", "G", "a", "A"):
        return "long double" if size == "ll" else "double"
    if conversion == "c":
        return "wint_t" if size == "l" else "int char"
    if conversion == "C":
        return "wint_t"
    if conversion == "s":
        return "wchar_t *" if size == "l" else "char *"
    if conversion == "S":
        return "wchar_t *"
    if conversion == "p":
        return "void *"
    if conversion == "n":
        return f"{_C_INT_SIZES[size]} *"
    if conversion in ("%", "m"):  # %m: glibc's strerror(errno), no argument
        return None
    if conversion == "":
        raise _Invalid(f"the directive number {number} is unterminated")
    raise _Invalid(f"in the directive number {number}, the character {conversion!r} is not a valid conversion "
                   "specifier")  # fmt: skip


def parse_c(text: str, spans: list[tuple[int, int]] | None = None, translated: bool = False) -> tuple[str, ...]:
    """The argument types of a C format string, in argument order; the directives'
    (first, last) indices go to ``spans``. glibc's ``I`` flag is allowed in a translation
    only."""
    numbered: dict[int, str] = {}
    unnumbered: list[str] = []
    i = text.find("%")
    number = 0
    while i >= 0:
        number += 1
        match = _C_DIRECTIVE.match(text, i)
        assert match is not None
        position, flags, width, precision, size, conversion = match.groups()
        if "I" in flags and not translated:
            raise _Invalid(f"in the directive number {number}, the character 'I' is not a valid conversion specifier")
        args: list[tuple[str | None, str]] = []
        for star in (width, precision):
            if star and star.startswith("*"):
                args.append((star[1:-1] or None, "signed int"))
        kind = _c_type(_c_size(size), conversion, number)
        if kind is not None:
            args.append((position, kind))
        elif position is not None:
            raise _Invalid("'%' with an argument number")
        for where, arg_type in args:
            if where is not None:
                if unnumbered:
                    raise _Invalid("numbered and unnumbered directives are mixed")
                old = numbered.setdefault(int(where), arg_type)
                if old != arg_type:
                    raise _Invalid(f"argument {where} is used with different types")
            else:
                if numbered:
                    raise _Invalid("numbered and unnumbered directives are mixed")
                unnumbered.append(arg_type)
        if spans is not None:
            spans.append((i, match.end() - 1))
        i = text.find("%", match.end())
    if numbered:
        for expected in range(1, len(numbered) + 1):
            if expected not in numbered:
                raise _Invalid(f"the argument {expected} is not used")
        return tuple(numbered[k] for k in range(1, len(numbered) + 1))
    return tuple(unnumbered)


def _compare_c(expected: tuple[str, ...], found: tuple[str, ...], strict: bool, source: str, target: str) -> str | None:
    if len(expected) != len(found) if strict else len(expected) < len(found):
        return f"number of format specifications in '{source}' and '{target}' does not match"
    for number, (a, b) in enumerate(zip(expected, found), 1):
        if a != b:
            return f"format specifications in '{source}' and '{target}' for argument {number} are not the same"
    return None


# A parser takes (text, spans, translated); a comparer (msgid's, msgstr's, strict, names).
_FORMATS: tuple[tuple[str, Callable[..., object], Callable[..., str | None], str], ...] = (
    ("c-format", parse_c, _compare_c, "C"),
    ("python-format", parse_python, _compare_python, "Python"),
    ("python-brace-format", parse_python_brace, _compare_brace, "Python brace"),
)


_DIRECTIVE_PARSERS: dict[str, Callable[..., object]] = {"c-format": parse_c, "python-format": parse_python}


def directive_interiors(text: str, flags: Sequence[str], translated: bool = False) -> frozenset[int]:
    """Indices inside the format directives of ``text`` (all but each directive's first
    character; ``translated``: text is a msgstr), for the first format language among
    ``flags`` (normalised flags, in gettext's order): gettext never breaks a line there."""
    for flag in flags:
        if flag.endswith("-format") and not flag.startswith("no-"):
            if flag == "python-brace-format":
                return _brace_no_break(text)
            parser = _DIRECTIVE_PARSERS.get(flag)
            if parser is None:
                return frozenset()
            spans: list[tuple[int, int]] = []
            try:
                parser(text, spans, translated)
            except _Invalid:
                pass  # the directives before the invalid one still count
            return frozenset(i for first, last in spans for i in range(first + 1, last + 1))
    return frozenset()
