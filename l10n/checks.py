"""Translation quality checks: small pure functions over one translation of one entry.

Each check takes a ``Subject`` (source, translation, languages, flags, glossary, what the
machine draft was flagged with) and returns ``Finding`` values; ``CHECKS`` holds them in a
table keyed by their stable names, in the order ``run`` applies them (as babel's
``babel/messages/checkers.py`` lists its checkers). Nothing here reads a file.

    check         finds                                                   severity
    ------------  ------------------------------------------------------  ----------------
    number        a number of the source missing or changed in the        error
                  translation (values read with Babel's number data for
                  the target locale: 4.2 -> 4,2, 1,000 -> 1 000 / 1.000)
                  a number copied in the source's own format (4.2 in      warning
                  Spanish), a repeated number given fewer times, a small
                  number (0-10) or a code's number (G20, CO2) not found
                  as digits, a number the source lacks, a lost sign
    placeholder   brace placeholders ({date}, {0}, {}), and %-directives  error
                  with c-format/python-format: not the same multiset
    glossary      a glossary term of the source not verbatim in the       error
                  translation (nor in the target locale's form of it,
                  [tool.l10n.glossary_forms])
    markup        a tag, entity, URL, e-mail address, Markdown link or    error
                  code span the source lacks
                  one of the source's that the translation lacks          warning
    social        a hashtag or @handle of the source lost or changed      error
                  (#TramNord -> #TranNord), or one the source lacks (not
                  C#, #1, an e-mail address's @)
                  one in other case only, or a different number of times  warning
    emoji         an emoji of the source lost or changed (a trophy for a   warning
                  medal), or one the source lacks, or a different number
                  of times: whole grapheme clusters (a skin tone, a ZWJ
                  sequence, a flag is one emoji), anywhere in the
                  sentence, with or without a variation selector
    repetition    a word or phrase (up to 4 words) looping 3+ times       error
                  the same, separated by punctuation ("non, non, non")    warning
    untranslated  a copy of a source of 3+ words (not a name, not a       warning
                  quote already in the target language)
    whitespace    leading/trailing whitespace differs, double spaces      warning
    length        far longer or shorter than the source (3x)              warning
    invisible     zero-width or bidi control characters the source lacks  error
                  (bidi isolates in a right-to-left language: warning)
    punctuation   the sentence ends with other punctuation                warning
    brackets      quotation marks or brackets that do not pair up («      warning
                  never closed, a lone ", a ")" that closes nothing)
                  where the source's do
    mt-flag       approved, unchanged machine draft that was flagged      error

A translator silences one check for one entry with the flag ``ignore-<check>`` (Weblate's
convention), e.g. ``#, ignore-number``. Checks are language-agnostic where they can be;
where they cannot (the number conventions, scale words such as "Milliarden", punctuation
of French and Greek, the quotation marks of German and Swedish), the locale data comes
from Babel or from the small tables below.
"""

from __future__ import annotations

import math
import operator
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache, partial
from itertools import product
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from l10n import tables
from l10n.catalogs.model import Message
from l10n.catalogs.validate import BRACE_PLACEHOLDER, directive_interiors, format_problems
from l10n.errors import InputError
from l10n.langid import body_confidence

if TYPE_CHECKING:
    import regex
    from babel import Locale

_T = TypeVar("_T")
_K = TypeVar("_K")

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """One problem a check found: the check's name, how bad it is, one line for people."""

    check: str  # one of CHECK_NAMES
    severity: str  # "error" | "warning"
    message: str


@dataclass(frozen=True)
class Subject:
    """What the checks look at: one translation of one entry."""

    source: str  # the msgid (or msgid_plural for plural forms > 0)
    translation: str  # the msgstr being checked (non-empty)
    source_language: str  # "en" (article bodies) or "de" (chrome)
    target_language: str  # the catalog's locale: "fr", "de", "es", "pt_BR", ...
    flags: tuple[str, ...] = ()  # the entry's PO flags ("python-brace-format", "ignore-number", ...)
    glossary: tuple[str, ...] = ()  # [tool.l10n] glossary terms
    mt_flags: tuple[str, ...] = ()  # the flags of the machine draft ("# l10n-flag:" comment)
    approved: bool = False  # the entry is approved (not fuzzy)
    draft_unchanged: bool = False  # the msgstr is still exactly the machine draft's text
    glossary_forms: tuple[tuple[str, str], ...] = ()  # (term, form): the target locale's, [tool.l10n.glossary_forms]


Check = Callable[[Subject], Iterable[Finding]]


def _error(check: str, message: str) -> Finding:
    return Finding(check, ERROR, message)


def _warning(check: str, message: str) -> Finding:
    return Finding(check, WARNING, message)


# ---------------------------------------------------------------------------------------
# Languages
# ---------------------------------------------------------------------------------------


def _base(language: str) -> str:
    """"pt_BR" -> "pt", "sr@latin" -> "sr"."""
    return re.split(r"[_@.-]", language, maxsplit=1)[0].lower()


@lru_cache(maxsize=64)
def _locale(language: str) -> Locale | None:
    from babel import Locale, UnknownLocaleError  # (on first need: Babel costs a start-up)

    try:
        return Locale.parse(re.split(r"[@.]", language, maxsplit=1)[0].replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return None


# ---------------------------------------------------------------------------------------
# What is not prose: placeholders and markup (shared by several checks)
# ---------------------------------------------------------------------------------------

_BRACE = re.compile(BRACE_PLACEHOLDER)
_PRINTF_FLAGS = ("c-format", "python-format")


def _has_format(flags: Sequence[str], flag: str) -> bool:
    return flag in flags or f"possible-{flag}" in flags


def _printf_spans(text: str, flags: Sequence[str], translated: bool) -> list[tuple[int, int]]:
    """The %-directives of ``text`` (as gettext's parsers in the validator read them) for
    the printf-like format flags among ``flags``, as (start, end) spans, ``%%`` left out."""
    spans: list[tuple[int, int]] = []
    for flag in _PRINTF_FLAGS:
        if not _has_format(flags, flag):
            continue
        # The validator gives the inside of each directive (all but its "%"): a run of
        # consecutive indices is one directive.
        inside = sorted(directive_interiors(text, [flag], translated))
        start = 0
        for k, index in enumerate(inside):
            if k == 0 or index != inside[k - 1] + 1:
                start = index - 1
            if k + 1 == len(inside) or inside[k + 1] != index + 1:
                if text[start : index + 1] != "%%":
                    spans.append((start, index + 1))
    return sorted(set(spans))


def _placeholders(text: str, flags: Sequence[str], translated: bool) -> list[tuple[int, int]]:
    spans = [m.span() for m in _BRACE.finditer(text)]
    return sorted(spans + _printf_spans(text, flags, translated))


_TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][A-Za-z0-9:._-]*(?:\s[^<>]*)?/?>", re.S)
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
_URL = re.compile(r"(?<![\w@])(?:(?:https?|ftp)://|www\.)[^\s<>\"«»“”„‘’]+", re.I)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])")
_URL_TAIL = ".,;:!?)]}'*"
_MARKUP_KINDS = (("tag", _TAG), ("entity", _ENTITY), ("URL", _URL), ("e-mail address", _EMAIL))


@dataclass(frozen=True)
class _Markup:
    kind: str
    text: str  # as compared: whitespace in tags collapsed, trailing punctuation off URLs
    span: tuple[int, int]


# The checks of one source text in every locale's catalog look at that text the same way:
# what they read of a text is kept for the next catalogs (pure functions, immutable values).
_MEMO = 1 << 15


@lru_cache(maxsize=_MEMO)
def _markup(text: str) -> tuple[_Markup, ...]:
    # Every kind needs one of these: a tag "<", an entity "&", an e-mail address "@", a URL
    # "://" or "www." (in any case). Prose has none of them most of the time.
    if not ("<" in text or "&" in text or "@" in text or "://" in text or "www." in text.lower()):
        return ()
    items: list[_Markup] = []
    for kind, pattern in _MARKUP_KINDS:
        for match in pattern.finditer(text):
            found = match.group()
            start, end = match.span()
            if kind == "URL":
                found = found.rstrip(_URL_TAIL)
                end = start + len(found)
            elif kind == "tag":
                found = " ".join(found.split())
            elif kind == "e-mail address":
                found = found.lower()
            items.append(_Markup(kind, found, (start, end)))
    return tuple(items)


def markup_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` has what the ``markup`` check wants kept in its translations (tags,
    entities, URLs, e-mail addresses; one may lie inside another, an entity in a URL):
    machine translation copies these spans instead of translating them."""
    return [item.span for item in _markup(text)]


def _mask(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with every span replaced by U+FFFC, which is neither a digit nor a letter
    nor a separator: numbers in ``{0}``, ``&#39;``, ``<h2>`` or a URL are not read."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = ["\ufffc"] * (end - start)
    return "".join(chars)


@lru_cache(maxsize=_MEMO)
def _prose(text: str, flags: tuple[str, ...], translated: bool) -> str:
    spans = _placeholders(text, flags, translated) + [item.span for item in _markup(text)]
    return _mask(text, spans)


# ---------------------------------------------------------------------------------------
# number
# ---------------------------------------------------------------------------------------

_SPACES = " \u00a0\u202f\u2009\u2007"  # space, no-break, narrow no-break, thin, figure
_APOSTROPHES = "'\u2019"
_SEPARATOR_CHARS = ".," + _SPACES + _APOSTROPHES + "\u066b\u066c"  # + Arabic decimal/group
# One class per kind of separator: every space is " ", every apostrophe "'".
_SEPARATOR_CLASS = str.maketrans({c: " " for c in _SPACES[1:]} | {"\u2019": "'"})
_NUMBER_TOKEN = re.compile(
    rf"(?P<run>\d+(?:[{re.escape(_SEPARATOR_CHARS)}]\d+)*)|(?P<script>[⁰¹²³⁴⁵⁶⁷⁸⁹]+|[₀₁₂₃₄₅₆₇₈₉]+)"
)
_SCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉", "01234567890123456789")
_MINUS = "-\u2212\u2013"  # hyphen-minus, minus sign, en dash
_HYPHENS = "-\u2010\u2011"
_AM_PM = re.compile(r"(?::\d\d)?[^\S\n]?(?:(?P<pm>p\.[^\S\n]?m\.|pm\b|PM\b)|(?P<am>a\.[^\S\n]?m\.|am\b|AM\b))")
# A clock time's minutes: "18:00", "18 h 00" (the "00" here), and "20.00 Uhr" / "20.30 h"
# (a dotted time, known as one by the word after it; "20.00" alone may be a price). Whole
# hours may be written without their ":00" ("18 Uhr", "18 h", "6 p.m." for "18:00").
_CLOCK_MINUTES_BEFORE = re.compile(r"(?<!\d)(?:[01]?\d|2[0-4])(?::|[^\S\n]?h[^\S\n]?)$")
_DOTTED_TIME = re.compile(r"(?P<hour>[01]?\d|2[0-4])\.(?P<minutes>[0-5]\d)")
_TIME_WORD = re.compile(r"[^\S\n]?(?:Uhr|h|horas?|hrs?|heures?|hod\.?)(?![^\W\d_])")
# Scale abbreviations that may also be units ("5m" is five million pounds or five metres,
# "50k", "1,5 M$", "3,2 Md€", "1,5 mill."): a reading they give is one more way to read
# the number, never the only one, unlike a scale word ("billion" is never a unit).
_SCALE_SHORT: dict[str, dict[str, int]] = {
    "en": {"k": 3, "m": 6, "mn": 6, "tn": 12, "trn": 12},
    "de": {"tsd.": 3, "tsd": 3, "md.": 9},
    "fr": {"k": 3, "m": 6, "md": 9, "mds": 9, "mrd": 9, "mrds": 9},
    "es": {"mill.": 6, "mill": 6, "m": 6, "mm": 9, "mmdd": 9},
    "it": {"mln": 6, "mld": 9, "mln.": 6, "mld.": 9},
    "pt": {"mi": 6, "bi": 9, "mil.": 3},
    "nl": {"mln": 6, "mld": 9, "mln.": 6, "mld.": 9},
}  # fmt: skip
# Languages whose news writes the time of day on a 24-hour clock ("18 Uhr", "18 h",
# "18:00"): "6 p.m." there is 18, and "6 Uhr" for it is a changed time.
_CLOCK_24 = frozenset({"de", "fr", "es", "it", "pt", "nl", "pl", "cs", "sk", "sl", "hr", "sr", "bs", "hu", "ro",
                       "bg", "ru", "uk", "be", "sv", "da", "nb", "nn", "no", "fi", "et", "lv", "lt", "is",
                       "tr", "el", "ca", "gl", "eu", "ja", "zh", "vi", "id", "he", "fa"})
# "from 6 to 11 p.m.", "between 2 and 4 p.m.": the first time is in the afternoon too, or
# may be ("from 10 to 2 p.m." is not): a second reading, never the only one.
_TIME_RANGE = re.compile(r"[^\S\n]*(?:-|–|to|and|until|till|through|or)[^\S\n]*\d{1,2}")
# A translation's time of day said in words after the hour ("la 1 de la tarde", "6 Uhr
# abends", "8 heures du soir"): the hour may be on a 12-hour clock, as "p.m." says.
_TIME_OF_DAY = re.compile(
    r"(?i)[^\S\n]*(?:(?:Uhr|h|heures?|horas?|ore)[^\S\n]+)?(?:"
    r"(?P<pm>de la tarde|de la noche|du soir|de l[’']après-midi|abends|nachmittags|am nachmittag|am abend|"
    r"da tarde|da noite|della sera|del pomeriggio|di sera|di pomeriggio|[’']s avonds|[’']s middags)|"
    r"(?P<am>de la mañana|du matin|morgens|am morgen|da manhã|del mattino|di mattina|[’']s ochtends))(?!\w)")
_MINUS_WORD_BEFORE = re.compile(r"(?i)(?<![^\W\d_])(?:minus|moins|menos|meno)[^\S\n]+$")
# A decade ("the 1990s", "the 1990’s") is "die 90er", "les années 90", "los noventa".
_DECADE_AFTER = re.compile(r"(?:’|')?s(?![^\W\d_])")
# A year shortened after a full one ("2015/16", "1939-45", "2020–24") or on its own ("’24").
_SHORT_YEAR_BEFORE = re.compile(r"(?<!\d)([12]\d{3})[/–-]$")
_APOSTROPHE_YEAR_BEFORE = re.compile(r"(?<![\w’'])[’']$")
# Readings a phrase gives that a translation may leave out, or write as words: a noon or a
# midnight ("12 Uhr", "midi"), "24/7" ("rund um die Uhr", "24 h/24, 7 j/7"), and a
# conversion into US units in brackets ("35°C (95°F)": Europe's readers need no °F).
_CLOCK_WORDS = {"noon": (12,), "midday": (12,), "midnight": (0, 24), "mittag": (12,), "mittags": (12,),
                "mitternacht": (0, 24), "midi": (12,), "minuit": (0, 24), "mediodía": (12,),
                "medianoche": (0, 24), "mezzogiorno": (12,), "mezzanotte": (0, 24), "meio-dia": (12,),
                "meia-noite": (0, 24), "middernacht": (0, 24)}  # fmt: skip
_CLOCK_WORD = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in sorted(_CLOCK_WORDS, key=len, reverse=True))
                         + r")(?![\w-])")
_AROUND_THE_CLOCK = re.compile(r"(?<![\d/])(?:(?P<always>24[^\S\n]?/[^\S\n]?7)|(?P<day>24[^\S\n]?h[^\S\n]?/[^\S\n]?24)|"
                               r"(?P<week>7[^\S\n]?j[^\S\n]?/[^\S\n]?7))(?![\d/])")
_US_UNITS = re.compile(r"\((?:about |around |some |roughly |nearly |almost )?(?P<us>[−-]?\d[\d,.]*)[^\S\n]?(?:°[^\S\n]?F|"
                       r"degrees Fahrenheit|miles?|mi|feet|foot|ft|inch(?:es)?|yards?|yd|pounds?|lbs?|ounces?|oz|"
                       r"gallons?|acres?|mph)\)")


_CLOCK_STEMS = re.compile("mid|noon|mitt|minuit|medi|mezz|mei[ao]")  # (a quick test first: most texts have none)


def _optional_phrases(text: str) -> list[tuple[tuple[int, int], str, tuple[tuple[Decimal, str], ...]]]:
    """The phrases of ``text`` a translation may leave out or write as words, each with its
    span, its text and its numbers (values as written): a noon or a midnight, "24/7",
    a conversion into US units in brackets. Each pattern runs only where its mark is."""
    found: list[tuple[tuple[int, int], str, tuple[tuple[Decimal, str], ...]]] = []
    lowered = text.lower()
    if len(lowered) == len(text) and _CLOCK_STEMS.search(lowered):
        for match in _CLOCK_WORD.finditer(lowered):
            for value in _CLOCK_WORDS[match.group()]:
                found.append((match.span(), text[match.start():match.end()], ((Decimal(value), str(value)),)))
    if "/" in text:
        for match in _AROUND_THE_CLOCK.finditer(text):
            values = (24, 7) if match.group("always") else (24,) if match.group("day") else (7,)
            found.append((match.span(), match.group(), tuple((Decimal(v), str(v)) for v in values)))
    if "(" in text:
        for match in _US_UNITS.finditer(text):
            run = match.group("us")
            sign = -1 if run[0] in "−-" else 1
            english = _convention("en")  # (US units: written as English writes numbers)
            assert english is not None
            read = _read_run(run.lstrip("−-"), english)
            found.append((match.span(), match.group(), tuple((sign * v, t) for v, t in read)))
    return found


_ROMAN_TOKEN = re.compile(r"(?<!\w)(?P<roman>[MDCLXVI]+)(?P<suffix>ᵉʳ|ᵉ|ème|er|re|e|\.)?(?!\w)")
_ROMAN = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_ROMAN_VALUES = {"M": 1000, "D": 500, "C": 100, "L": 50, "X": 10, "V": 5, "I": 1}
# Numbers up to this a translator may spell out rather than write as digits ("3" -> "trois").
_SPELLED_OUT_MAX = 10
# Words that scale the number before them ("4.2 billion" = "4.200 millones" = "4,2 Milliarden").
_SCALE_WORDS: dict[str, dict[str, int]] = {
    "en": {"thousand": 3, "million": 6, "millions": 6, "billion": 9, "billions": 9, "bn": 9,
           "trillion": 12, "trillions": 12},
    "de": {"tausend": 3, "million": 6, "millionen": 6, "mio.": 6, "mio": 6, "milliarde": 9,
           "milliarden": 9, "mrd.": 9, "mrd": 9, "billion": 12, "billionen": 12},
    "fr": {"mille": 3, "million": 6, "millions": 6, "milliard": 9, "milliards": 9, "billion": 12,
           "billions": 12},
    "es": {"mil": 3, "millón": 6, "millones": 6, "mil millones": 9, "miles de millones": 9,
           "billón": 12, "billones": 12},
    "pt": {"mil": 3, "milhão": 6, "milhões": 6, "mil milhões": 9, "bilhão": 9, "bilhões": 9,
           "bilião": 12, "biliões": 12, "trilhão": 12, "trilhões": 12},
    "it": {"mila": 3, "mille": 3, "milione": 6, "milioni": 6, "miliardo": 9, "miliardi": 9},
    "nl": {"duizend": 3, "miljoen": 6, "miljard": 9, "biljoen": 12},
    "zh": {"千": 3, "万": 4, "萬": 4, "亿": 8, "億": 8},
    "ja": {"千": 3, "万": 4, "億": 8},
    "ko": {"천": 3, "만": 4, "억": 8},
}  # fmt: skip
_MAX_COMBINATIONS = 4096  # readings tried exhaustively; beyond, one reading at a time


@dataclass(frozen=True)
class _Convention:
    """How a locale writes numbers: its decimal symbols and grouping separators (as
    separator classes) and group sizes (primary, secondary): (3, 3), or (3, 2) in India."""

    decimals: frozenset[str]
    groups: frozenset[str]
    groupings: frozenset[tuple[int, int]]


@lru_cache(maxsize=64)
def _convention(language: str) -> _Convention | None:
    from babel.numbers import UnsupportedNumberingSystemError, get_decimal_symbol, get_group_symbol

    locale = _locale(language)
    if locale is None:
        return None
    # A space groups digits in every language (ISO 31-0), as translators use it; the Arabic
    # separators mean one thing wherever they appear.
    decimals = {"\u066b"}
    groups = {" ", "\u066c"}
    for system in ("latn", "default"):
        try:
            decimal = get_decimal_symbol(locale, numbering_system=system)
            group = get_group_symbol(locale, numbering_system=system)
        except (UnsupportedNumberingSystemError, KeyError):
            continue
        # Babel's symbols may carry bidi marks (Arabic); keep the separator itself.
        for symbol, into in ((decimal, decimals), (group, groups)):
            symbol = "".join(c for c in symbol if c in _SEPARATOR_CHARS).translate(_SEPARATOR_CLASS)
            if len(symbol) == 1:
                into.add(symbol)
    pattern = locale.decimal_formats.get(None)
    grouping = tuple(pattern.grouping) if pattern is not None else (3, 3)
    return _Convention(frozenset(decimals), frozenset(groups - decimals),
                       frozenset({(3, 3), (grouping[0], grouping[1])}))  # fmt: skip


@dataclass(frozen=True)
class _Number:
    value: Decimal
    text: str  # as written
    attached: bool  # part of a code (G20, COVID-19, F-35) or a super/subscript (CO₂, km²)


@dataclass(frozen=True)
class _Reading:
    """One way to read a token: its numbers, and what choosing it costs and means."""

    numbers: tuple[_Number, ...]
    cost: int = 0  # readings that need a warning cost 1
    note: str = ""  # "source-format" | "sign" | ""
    hint: str = ""  # for "source-format": the number in the target's format
    version: bool = False  # for "source-format": a version number (3.1.4), written alike everywhere

    @property
    def values(self) -> tuple[Decimal, ...]:
        return tuple(n.value for n in self.numbers)


@dataclass(frozen=True)
class _Token:
    text: str
    readings: tuple[_Reading, ...]


def _grouped(groups: Sequence[str], grouping: tuple[int, int]) -> bool:
    primary, secondary = grouping
    return (len(groups[-1]) == primary and all(len(g) == secondary for g in groups[1:-1])
            and 1 <= len(groups[0]) <= secondary)  # fmt: skip


def _value(groups: Sequence[str], seps: Sequence[str], convention: _Convention) -> Decimal | None:
    """The value of digit groups joined by separators under a convention, or None."""
    fraction = None
    if seps and seps[-1] in convention.decimals:
        fraction, groups, seps = groups[-1], groups[:-1], seps[:-1]
    if seps:
        if len(set(seps)) != 1 or seps[0] not in convention.groups:
            return None
        if not any(_grouped(groups, grouping) for grouping in convention.groupings):
            return None
    return Decimal("".join(groups) + ("" if fraction is None else "." + fraction))


def _written_in(value: Decimal, language: str) -> str:
    """``value`` as ``language`` writes it, to the digit: 1.0825 -> 1,0825 and 9.50 ->
    9,50 in French (Babel's own formatting rounds to three places and drops the zero)."""
    from babel.numbers import format_decimal, get_decimal_symbol

    locale = _locale(language) or "en"
    exponent = value.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    whole = format_decimal(int(value), locale=locale)
    if not places:
        return whole
    fraction = f"{value:.{places}f}".rpartition(".")[2]
    return f"{whole}{get_decimal_symbol(locale)}{fraction}"


def _minus(language: str) -> str:
    from babel.numbers import get_minus_sign_symbol

    return str(get_minus_sign_symbol(_locale(language) or "en"))


_VERSION_WORD = re.compile(r"(?i)\b(?:v\.?|version|versión|versione|versão|release)\s*$")


def _is_version(run: str, text: str, start: int) -> bool:
    """A version number (3.1.4, version 2.0, v2.0): written alike in every language. A day's
    date (12.05.2024) is none, unless a version word stands before it."""
    if "." in run and _VERSION_WORD.search(text[max(0, start - 20):start]):
        return True
    parts = run.split(".")
    if _is_day_date(run):
        return False
    return len(parts) >= 3 and all(p.isdecimal() for p in parts) and not all(len(p) == 3 for p in parts[1:])


def _is_day_date(run: str) -> bool:
    """A day's date written with dots (26.06.2026, 1.5.26): its digits are checked as
    numbers, but writing it as the source does is no mistake of number format."""
    parts = run.split(".")
    return (len(parts) == 3 and all(p.isdecimal() for p in parts) and len(parts[2]) in (2, 4)
            and len(parts[0]) <= 2 and len(parts[1]) <= 2 and 1 <= int(parts[0]) <= 31 and 1 <= int(parts[1]) <= 12)


@lru_cache(maxsize=_MEMO)
def _read_run(run: str, convention: _Convention) -> tuple[tuple[Decimal, str], ...]:
    """The numbers of a run of digits and separators: the longest well-formed number from
    the left, then the next ("4.2" in German is 4 and 2, "2025 150" is 2025 and 150)."""
    if run.isdecimal():  # no separator (most numbers): itself
        return ((Decimal(run), run),)
    pieces = re.findall(r"\d+|\D", run.translate(_SEPARATOR_CLASS))
    groups, seps = pieces[0::2], pieces[1::2]
    offsets = [sum(len(p) for p in pieces[: 2 * k]) for k in range(len(groups))]
    numbers = []
    i = 0
    while i < len(groups):
        end, value = i, Decimal(groups[i])
        for j in range(i + 1, len(groups)):
            found = _value(groups[i : j + 1], seps[i:j], convention)
            if found is not None:
                end, value = j, found
        numbers.append((value, run[offsets[i] : offsets[end] + len(groups[end])]))
        i = end + 1
    return tuple(numbers)


@lru_cache(maxsize=64)
def _without_spaces(convention: _Convention) -> _Convention:
    return _Convention(convention.decimals, convention.groups - {" "}, convention.groupings)


@lru_cache(maxsize=128)
def _scale_pattern(language: str, short: bool) -> re.Pattern[str] | None:
    words = (_SCALE_SHORT if short else _SCALE_WORDS).get(language)
    if not words:
        return None
    alternatives = []
    for word in sorted(words, key=len, reverse=True):  # "mil millones" before "mil"
        pattern = re.escape(word).replace("\\ ", r"[^\S\n]+")
        # "万" scales "4.8万人" although a letter follows: scripts without spaces.
        if unicodedata.east_asian_width(word[0]) not in "WF":
            pattern += r"(?![^\W\d_])"
        alternatives.append(pattern)
    # (an abbreviation stands right after the number or after one space: "50k", "1,5 M$")
    space = r"[^\S\n]?" if short else r"[^\S\n]*"
    return re.compile(rf"{space}({'|'.join(alternatives)})", re.I)


class _Scaled(NamedTuple):
    power: int  # "Milliarden": 9
    end: int  # where the scale word ends
    only: bool  # a scale word (the number means nothing without it), not an abbreviation
    also: int = 0  # another power it may have (the word as the other language spells it)


def _scale(language: str, text: str, at: int) -> _Scaled | None:
    """The scale word or abbreviation right after a number (ending at ``at`` in
    ``text``): "4,2 Milliarden", "50k", "3,2 Md€"; None when there is none."""
    base = _base(language)
    for short, table in ((False, _SCALE_WORDS), (True, _SCALE_SHORT)):
        pattern = _scale_pattern(base, short)
        match = pattern.match(text, at) if pattern is not None else None
        if match is not None:
            return _Scaled(table[base][" ".join(match.group(1).casefold().split())], match.end(), not short)
    return None


def _roman(text: str) -> int | None:
    if not text or not _ROMAN.fullmatch(text):
        return None
    total = 0
    for k, char in enumerate(text):
        value = _ROMAN_VALUES[char]
        following = _ROMAN_VALUES[text[k + 1]] if k + 1 < len(text) else 0
        total += -value if value < following else value
    return total


def _dedupe(readings: Iterable[_Reading]) -> tuple[_Reading, ...]:
    kept: dict[tuple[Decimal, ...], _Reading] = {}
    for reading in readings:
        kept.setdefault(reading.values, reading)
    return tuple(kept.values())


# Unicode's vulgar fractions ("¾", "2½"): a value, or the figures of "3/4" and "2 1/2", or
# words ("drei Viertel", "la moitié") for one without a whole part.
_VULGAR_FRACTION = re.compile("[¼½¾⅐⅑⅒⅓⅔⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞]")
_FRACTION_TOKEN = re.compile(r"(?<![\d.,])(?:(?P<whole>\d+)[^\S\n]?)?(?P<fraction>" + _VULGAR_FRACTION.pattern + ")")


def _fraction_readings(match: re.Match[str]) -> list[_Reading]:
    numerator, _, denominator = unicodedata.decomposition(match.group("fraction")).partition("2044")
    top, bottom = int(chr(int(numerator.split()[-1], 16))), int("".join(chr(int(c, 16)) for c in denominator.split()))
    whole = Decimal(match.group("whole") or 0)
    text = match.group()
    readings = [_Reading(tuple(_Number(v, text, False) for v in (*([whole] if whole else []), Decimal(top),
                                                                 Decimal(bottom))))]
    value = whole + Decimal(top) / Decimal(bottom)
    if value == value.quantize(Decimal("0.001")):  # (a third has no such value: "1/3" or words)
        readings.insert(0, _Reading((_Number(value.normalize(), text, False),)))
    if not whole:
        readings.append(_Reading(()))
    return readings


@lru_cache(maxsize=_MEMO)
def _tokens(text: str, own: str, other: str | None, translated: bool,
            scales_both: bool = False, clock_24: bool = False) -> tuple[_Token, ...]:
    """The number tokens of ``text`` (placeholders and markup masked), each with the ways
    to read it: with the ``own`` language's conventions, or (cost 1: not localized) with
    the ``other``'s; scaled by a following "million"; 12 hours later after "p.m."; with
    or without its sign; Roman numerals ("XXIe siècle") in translations; a decade, a
    shortened year, and phrases a translation may leave out or write as words.

    ``scales_both``: both sides' languages write scale words, so "billion" reads as 10⁹
    alone (and "Billionen" for it is a changed number); ``clock_24``: the reader's clock has
    24 hours, so a source's "6 p.m." reads as 18 alone. (Flags, not the other side's
    language: a source's tokens are worked out once for every such locale.)"""
    own_convention = _convention(own) or _convention("en")
    assert own_convention is not None
    other_convention = _convention(other) if other else None
    tokens: list[_Token] = []
    optional = _optional_phrases(text)
    spans: dict[tuple[int, int], list[_Reading]] = {}
    for span, _phrase, values in optional:  # (none first: left out, or written as a word)
        spans.setdefault(span, [_Reading(())]).append(_Reading(tuple(_Number(v, t, False) for v, t in values)))
    if _VULGAR_FRACTION.search(text):
        for match in _FRACTION_TOKEN.finditer(text):
            if not any(a <= match.start() < b for a, b in spans):
                spans[match.span()] = _fraction_readings(match)
    for span, readings_of in spans.items():
        tokens.append(_Token(text[span[0]:span[1]], tuple(readings_of)))
    masked = _mask(text, list(spans)) if spans else text
    for match in _NUMBER_TOKEN.finditer(masked):
        start, end = match.span()
        before = text[start - 1] if start else ""
        # (a number at the very start has nothing before it: "" is in every string)
        signed = bool(before) and before in _MINUS and (
            start == 1 or text[start - 2].isspace() or text[start - 2] in "([{/\"'“«„")
        attached = before.isalpha() or (before in _HYPHENS and start >= 2 and text[start - 2].isalpha())
        readings: list[_Reading] = []
        am_pm = _AM_PM.match(text, end) or (_TIME_OF_DAY.match(text, end) if translated else None)
        if match.group("script"):
            readings.append(_Reading((_Number(Decimal(match.group().translate(_SCRIPT_DIGITS)), match.group(),
                                              True),)))  # fmt: skip
        else:
            run = match.group()
            plain: list[_Reading] = []
            for convention in (own_convention, _without_spaces(own_convention)):
                numbers = tuple(_Number(v, t, attached) for v, t in _read_run(run, convention))
                plain.append(_Reading(numbers))
            if other_convention is not None:
                own_values = {reading.values for reading in plain}
                for convention in (other_convention, _without_spaces(other_convention)):
                    numbers = tuple(_Number(v, t, attached) for v, t in _read_run(run, convention))
                    if tuple(n.value for n in numbers) not in own_values:
                        hint = " ".join(_written_in(n.value, own) for n in numbers)
                        if signed:  # (the token's text has its sign: so has the form suggested)
                            hint = _minus(own) + hint
                        plain.append(_Reading(numbers, 1, "source-format", hint, _is_version(run, text, start)))
            readings = plain
            dotted = _DOTTED_TIME.fullmatch(run)
            if dotted and (am_pm is not None or _TIME_WORD.match(text, end)):
                # "20.00 Uhr", "11.30pm": a time of day, no decimal
                readings = _dotted_time(dotted, attached, am_pm, clock_24)
                am_pm = None
            else:
                readings += _year_readings(run, text, start, end, attached)
        ranged = None
        if am_pm is None and not translated:
            following = _TIME_RANGE.match(text, end)
            ranged = _AM_PM.match(text, following.end()) if following else None
        scaled = _scale(own, text, end)
        if scaled is not None and other is not None:
            # A word that the other side's language spells alike (an English "billion" left
            # in a German draft) may mean what it means there: the two readings.
            theirs = _scale(other, text, end)
            if theirs is not None and theirs.end == scaled.end and theirs.power != scaled.power:
                scaled = _Scaled(scaled.power, scaled.end, False, theirs.power)
        # (a changed value is named with its word: "number 6 p.m. of the source is missing")
        written = text[start - signed : scaled.end] if scaled else text[start - signed : am_pm.end()] if am_pm else ""
        # (a translation's sign may be a word: "minus 5 Grad", "moins 5 degrés")
        said = translated and not signed and _MINUS_WORD_BEFORE.search(text, max(0, start - 8), start) is not None
        readings = _variants(readings, signed or said, scaled, am_pm or ranged, written.strip(),
                             scales_both, clock_24 and ranged is None)
        if (match.group() == "00" and _CLOCK_MINUTES_BEFORE.search(text, max(0, start - 4), start)
                and not text.startswith(":", end)):  # (not a race time's "2:00:35")
            readings.append(_Reading(()))  # (a whole hour's ":00", which "18 Uhr" leaves out)
        tokens.append(_Token(text[start - signed : end], _dedupe(readings)))
    if translated:
        for match in _ROMAN_TOKEN.finditer(text):
            roman, suffix = match.group("roman"), match.group("suffix")
            value = _roman(roman)
            # One letter only as an ordinal ("Ve République"), and never "Le", "De", "Ce", "Me".
            if value and (len(roman) > 1 or (suffix and roman in "IVX")):
                tokens.append(_Token(match.group(), (_Reading(()), _Reading((_Number(Decimal(value), match.group(),
                                                                                         False),)))))  # fmt: skip
    return tuple(tokens)


def _dotted_time(dotted: re.Match[str], attached: bool, am_pm: re.Match[str] | None,
                 clock_24: bool) -> list[_Reading]:
    """"20.00 Uhr" (20), "11.30pm" (23 and 30; 11 and 30 too, unless the reader's clock
    has 24 hours)."""
    hour = int(dotted.group("hour"))
    minutes = dotted.group("minutes")
    tail = () if minutes == "00" else (_Number(Decimal(minutes), minutes, False),)
    hours = [hour]
    if am_pm is not None and am_pm.group("pm") and 1 <= hour <= 11:
        hours = [hour + 12] if clock_24 else [hour, hour + 12]
    elif am_pm is not None and am_pm.group("am") and hour == 12:
        hours = [0, 24] if clock_24 else [12, 0]
    return [_Reading((_Number(Decimal(h), dotted.group(), attached), *tail)) for h in hours]


def _year_readings(run: str, text: str, start: int, end: int, attached: bool) -> list[_Reading]:
    """More readings of a year's figures: a decade's ("1990s": 90), a shortened year's
    ("2015/16": 2016, "’24": 1924 or 2024)."""
    if len(run) == 4 and run.isdecimal() and run.endswith("0") and _DECADE_AFTER.match(text, end):
        return [_Reading((_Number(Decimal(run[2:]), run, attached),))]
    if len(run) == 2 and run.isdecimal():
        full = _SHORT_YEAR_BEFORE.search(text, max(0, start - 5), start)
        if full:
            year = int(full.group(1))
            value = year - year % 100 + int(run)
            if value <= year:
                value += 100
            return [_Reading((_Number(Decimal(value), run, attached),))]
        if _APOSTROPHE_YEAR_BEFORE.search(text, max(0, start - 2), start):
            return [_Reading((_Number(Decimal(century + int(run)), run, attached),)) for century in (1900, 2000)]
    return []


def _variants(readings: list[_Reading], signed: bool, scale: _Scaled | None, am_pm: re.Match[str] | None,
              written: str, scales_both: bool, clock_24: bool) -> list[_Reading]:
    """The readings with a sign, a scale and a.m./p.m. applied. A scale word (where both
    languages write them) and a source's a.m./p.m. for a 24-hour reader replace the plain
    reading; otherwise they add one."""
    out = []
    for reading in readings:
        numbers = reading.numbers
        if signed:
            first = numbers[0]
            negative = (_Number(-first.value, "-" + first.text, first.attached),) + numbers[1:]
            out.append(_Reading(negative, reading.cost, reading.note, reading.hint, reading.version))
            out.append(_Reading(numbers, reading.cost + 1, reading.note or "sign", reading.hint, reading.version))
        else:
            out.append(reading)
    extra = []
    replaced = []
    for reading in out:
        last = reading.numbers[-1]
        integral = last.value == last.value.to_integral_value()
        changed: list[Decimal] = []
        only = False
        if scale is not None:
            changed.append(last.value.scaleb(scale.power))
            if scale.also:
                changed.append(last.value.scaleb(scale.also))
            # (but "in 2024 millions ..." may be a year before the word)
            only = scale.only and scales_both and not (integral and 1000 <= abs(last.value) < 3000)
        if am_pm is not None and integral:
            if am_pm.group("pm") and 1 <= last.value <= 11:
                changed.append(last.value + 12)
                only = clock_24
            elif am_pm.group("am") and last.value == 12:
                changed += [Decimal(0), Decimal(24)]
                only = clock_24
        if only:
            replaced.append(reading)
        for value in changed:
            numbers = reading.numbers[:-1] + (_Number(value, written or last.text, last.attached),)
            extra.append(_Reading(numbers, reading.cost, reading.note, reading.hint, reading.version))
    return [r for r in out if r not in replaced] + extra


def _mismatch(source: Iterable[_Reading], translation: Iterable[_Reading]) -> tuple[int, int]:
    wanted = Counter(v for r in source for v in r.values)
    found = Counter(v for r in translation for v in r.values)
    cost = sum(r.cost for r in source) + sum(r.cost for r in translation)
    return sum(((wanted - found) + (found - wanted)).values()), cost


def _choose(source: Sequence[_Token], translation: Sequence[_Token]) -> tuple[list[_Reading], list[_Reading]]:
    """The readings (one per token) under which the numbers of both sides agree best, then
    cost least; ties go to the first (the plain reading)."""
    tokens = [*source, *translation]
    split = len(source)
    choices = [token.readings for token in tokens]
    best = [readings[0] for readings in choices]
    best_score = _mismatch(best[:split], best[split:])
    if best_score == (0, 0):
        return best[:split], best[split:]
    if math.prod(len(c) for c in choices) <= _MAX_COMBINATIONS:
        for combination in product(*choices):
            score = _mismatch(combination[:split], combination[split:])
            if score < best_score:
                best, best_score = list(combination), score
    else:  # too many: improve one token at a time until nothing changes
        improved = True
        while improved:
            improved = False
            for k, readings in enumerate(choices):
                for reading in readings:
                    trial = best[:k] + [reading] + best[k + 1 :]
                    score = _mismatch(trial[:split], trial[split:])
                    if score < best_score:
                        best, best_score, improved = trial, score, True
    return best[:split], best[split:]


_DIGIT = re.compile(r"\d")


def _cut_dates(source: str, translation: str, source_language: str,
               target_language: str) -> tuple[str, str, list[tuple[str, str]]]:
    """The texts with each date of the source blanked out, and its day in the
    translation however the translation writes it (26/06/2026, 26. Juni 2026, 1er mai 2026):
    a date in the reader's format is no changed number. A day the translation changed or
    lost is left to be read as numbers, but for a date whose figures are all there and its
    month is not ("14 de mayo de 2025" for "March 14, 2025"): that pair is given, as
    written, with the texts."""
    if not _DIGIT.search(source):  # (no date without figures: most texts)
        return source, translation, []
    from l10n.dates import dates_in

    theirs_of_source = dates_in(source, _base(source_language), _base(source_language) == "en")
    if not theirs_of_source:
        return source, translation, []
    theirs = dates_in(translation, _base(target_language), _base(target_language) == "en")
    source_spans: list[tuple[int, int]] = []
    translation_spans: list[tuple[int, int]] = []
    unmatched = []
    for span, day in theirs_of_source:
        match = next((t_span for t_span, t_day in theirs if t_day == day and t_span not in translation_spans), None)
        if match is not None:
            source_spans.append(span)
            translation_spans.append(match)
        else:
            unmatched.append((span, day))
    changed = []
    for span, day in unmatched:  # (its day and year there, in another month: no figure differs)
        other = next((t_span for t_span, t_day in theirs if t_span not in translation_spans
                      and (t_day.year, t_day.day) == (day.year, day.day) and t_day.month != day.month), None)
        if other is not None:
            changed.append((source[span[0]:span[1]], translation[other[0]:other[1]]))
            source_spans.append(span)
            translation_spans.append(other)
    return _mask(source, source_spans), _mask(translation, translation_spans), changed


# A version named after its product, without the word "version": "iOS 18.2", "Python 3.12",
# "Bluetooth 5.3" (a name with a capital inside or after its first letter, or an acronym).
_NAMED_VERSION = re.compile(r"(?<![\w.])((?:[A-Za-z]*[A-Z][A-Za-z]*|[a-z]+[A-Z]\w*)[^\S\n])(\d+\.\d+(?:\.\d+)*)(?![\w.,]\d|\w)")


_DECIMAL_RUN = re.compile(r"\d\.\d")


def _named_versions(source: str, translation: str) -> tuple[str, ...]:
    """The source's numbers written after a name as versions are ("iOS 18.2"), which the
    translation keeps after the same name as written: those are versions, not decimals
    for the reader's format."""
    if not _DECIMAL_RUN.search(source):
        return ()
    found = []
    for match in _NAMED_VERSION.finditer(source):
        name, run = match.group(1).strip(), match.group(2)
        if re.search(rf"(?<![\w.]){re.escape(name)}[^\S\n]{re.escape(run)}(?![\w.,]\d|\w)", translation):
            found.append(run)
    return tuple(found)


# What may follow a number's word inside a word: "elfmal", "dreifach", "Neunzigerjahre",
# "zweieinhalb", "eine", "zehnte" (but not "dreißig" for "drei", "Viertel" for "vier").
_WORD_ENDINGS = "mal|fach|fache[nmrs]?|erjahre[n]?|er|ern|einhalb|e|en|es|em|s|te|ten|ter|tes|tem|ème|ième"
# A half after a number written out ("zweieinhalb", "deux heures et demie", "dos y media").
_HALF_WORDS = ("einhalb", "halb", "demi", "media", "medio", "mezzo", "mezza", "meia", "meio", "half", "anderhalf")
_ONE_AND_A_HALF = ("anderthalb", "eineinhalb", "anderhalf")


def _spelled_out(value: Decimal, language: str, text: str) -> bool:
    """Whether ``text`` writes ``value`` as words of ``language``: a whole number up to
    100, as a cardinal or an ordinal ("elf", "Zwölf", "douze", "Neunzigerjahre",
    "vigésimo"), one with a half ("zweieinhalb", "deux heures et demie"), or such a number
    before a scale word ("drei Millionen")."""
    folded = text.casefold()

    def written(number: int) -> bool:
        return any(re.search(rf"(?<![^\W\d_]){re.escape(word)}(?:{_WORD_ENDINGS})?(?![^\W\d_])", folded)
                   for word in _number_words(number, _base(language)))

    if value == value.to_integral_value():
        if 0 <= value <= 100:
            return written(int(value))
        for power in (12, 9, 6, 3):  # "drei Millionen": the number before the word, as words
            mantissa = value.scaleb(-power)
            if mantissa == mantissa.to_integral_value() and 1 <= mantissa <= 100:
                words = [w for w, p in _SCALE_WORDS.get(_base(language), {}).items() if p == power]
                return bool(words) and any(
                    re.search(rf"(?<![^\W\d_]){re.escape(number)}[^\S\n]+{re.escape(word)}(?![^\W\d_])", folded)
                    for number in _number_words(int(mantissa), _base(language)) for word in words)
        return False
    if value * 2 == (value * 2).to_integral_value() and 1 <= value <= 100:  # a half
        if value == Decimal("1.5") and any(word in folded for word in _ONE_AND_A_HALF):
            return True
        return written(int(value)) and any(re.search(rf"{half}", folded) for half in _HALF_WORDS)
    return False


def prepare(languages: Iterable[str]) -> None:
    """Load what the checks of ``languages`` load on their first need and keep (Babel's
    number symbols, num2words' language): a build server does it once for its builds."""
    for language in languages:
        _convention(language)
        _number_words(2, language)


@lru_cache(maxsize=1024)
def _number_words(value: int, language: str) -> tuple[str, ...]:
    from num2words import num2words  # type: ignore[import-untyped]

    words = []
    for kind in ("cardinal", "ordinal"):
        try:
            words.append(str(num2words(value, lang=language, to=kind)).casefold())
        except (NotImplementedError, OverflowError, KeyError, ValueError, TypeError, AttributeError):
            continue
    return tuple(dict.fromkeys(w for w in words if w))


# Imperial and US units a translator may convert into the reader's metric ones ("26.2 miles"
# as "42,195 km", "6'2\"" as "1,88 m", "95°F" as "35 °C"): each unit with its factor to a
# metric unit, and the other metric units the result may be written in (as factors of it).
_UNIT_FACTORS: dict[str, tuple[Decimal, tuple[Decimal, ...]]] = {
    "mile": (Decimal("1.609344"), (Decimal(1), Decimal(1000))),  # km, m
    "square mile": (Decimal("2.589988"), (Decimal(1), Decimal(100))),  # km², ha
    "mph": (Decimal("1.609344"), (Decimal(1),)),  # km/h
    "foot": (Decimal("0.3048"), (Decimal(1), Decimal("0.001"), Decimal(100))),  # m, km, cm
    "inch": (Decimal("2.54"), (Decimal(1), Decimal(10), Decimal("0.01"))),  # cm, mm, m
    "yard": (Decimal("0.9144"), (Decimal(1), Decimal("0.001"), Decimal(100))),  # m, km, cm
    "acre": (Decimal("0.40468564"), (Decimal(1), Decimal(10000), Decimal("0.01"))),  # ha, m², km²
    "pound": (Decimal("0.45359237"), (Decimal(1), Decimal(1000), Decimal("0.001"))),  # kg, g, t
    "ounce": (Decimal("28.349523"), (Decimal(1), Decimal("0.001"))),  # g, kg
    "gallon": (Decimal("3.785412"), (Decimal(1),)),  # litres
}
_UNIT_NAMES = (("square mile", r"square[^\S\n]miles?|sq\.?[^\S\n]?mi\b"), ("mph", r"mph|miles?[^\S\n]per[^\S\n]hour"),
               ("mile", r"miles?|mi\b"), ("foot", r"feet|foot|ft\b\.?"), ("inch", r"inch(?:es)?"),
               ("yard", r"yards?|yds?\b"), ("acre", r"acres?"), ("pound", r"pounds?|lbs?\b\.?"),
               ("ounce", r"ounces?|oz\b\.?"), ("gallon", r"gallons?|gal\b\.?"),
               ("fahrenheit", r"°[^\S\n]?F\b|degrees?[^\S\n]Fahrenheit|Fahrenheit"))
_IMPERIAL = re.compile(r"(?<![\w.,])(?P<n>\d[\d,]*(?:\.\d+)?)(?:[^\S\n]?|-)(?:"
                       + "|".join(f"(?P<u{i}>{pattern})" for i, (_, pattern) in enumerate(_UNIT_NAMES)) + r")(?!\w)")
_FEET_INCHES = re.compile(r"(?<![\w.,])(?P<ft>\d{1,2})[^\S\n]?(?:'|′|’|ft\b\.?|feet|foot)[^\S\n]?(?:and[^\S\n])?"
                          r"(?P<in>\d{1,2}(?:\.\d+)?)[^\S\n]?(?:\"|″|”|in\b\.?|inch(?:es)?)")
# Working hours written as a 12-hour range ("9-5"): the translation's 24-hour clock says 17.
_HOURS_RANGE = re.compile(r"(?<![\d.,:/-])(?P<a>[5-9]|1[01])[^\S\n]?[-–][^\S\n]?(?P<b>[1-9]|1[01])(?![\d:/-]|[.,]\d)")
_UNIT_MARK = re.compile(r"(?i)mi|mph|ft|feet|foot|inch|yard|yd|acre|pound|lb|ounce|oz|gal|°|fahrenheit|\d'|\d′|\d[-–]\d")
_CONVERSION_TOLERANCE = Decimal("0.05")  # a converted value rounded as a translator would (to 2 figures)


class _Conversion(NamedTuple):
    values: tuple[Decimal, ...]  # the source's numbers it converts (feet and inches: two)
    targets: tuple[Decimal, ...]  # what a translation may write instead
    absolute: Decimal | None = None  # a tolerance in the target's units (°C), else relative
    clock: bool = False  # an hour of a range: the translation's must be a time (17 Uhr, 17 h, 17:00)


def _conversions(text: str) -> list[_Conversion]:
    """The measures of ``text`` in imperial or US units, with their metric values."""
    english = _convention("en")
    assert english is not None
    found: list[_Conversion] = []
    taken: list[tuple[int, int]] = []
    for match in _FEET_INCHES.finditer(text):
        feet, inches = Decimal(match.group("ft")), Decimal(match.group("in"))
        metres = feet * Decimal("0.3048") + inches * Decimal("0.0254")
        found.append(_Conversion((feet, inches), (metres, metres * 100)))
        taken.append(match.span())
    for match in _IMPERIAL.finditer(text):
        if any(a <= match.start() < b for a, b in taken):
            continue
        read = _read_run(match.group("n"), english)
        if len(read) != 1:
            continue
        value = read[0][0]
        unit = next(name for i, (name, _) in enumerate(_UNIT_NAMES) if match.group(f"u{i}"))
        if unit == "fahrenheit":
            found.append(_Conversion((value,), ((value - 32) * 5 / 9,), Decimal("1.5")))
        else:
            factor, scales = _UNIT_FACTORS[unit]
            found.append(_Conversion((value,), tuple(value * factor * scale for scale in scales)))
    for match in _HOURS_RANGE.finditer(text):
        if int(match.group("b")) < int(match.group("a")):
            found.append(_Conversion((Decimal(match.group("b")),), (Decimal(match.group("b")) + 12,), Decimal(0), True))
    return found


def _near(value: Decimal, conversion: _Conversion) -> bool:
    if conversion.absolute is not None:
        return any(abs(value - target) <= conversion.absolute for target in conversion.targets)
    return any(target and abs(value - target) <= abs(target) * _CONVERSION_TOLERANCE for target in conversion.targets)


_CLOCK_AFTER = re.compile(_TIME_WORD.pattern + r"|:\d\d")  # (a time: "17 Uhr", "17 h", "17:00")


def _converted(source: str, translation: str, missing: list[_Number], extra: list[_Number],
               given: Iterable[Decimal]) -> tuple[list[_Number], list[_Number]]:
    """``missing`` and ``extra`` without the measures a translator converted into metric
    units (the source's number, and the translation's converted one in its place), the
    conversions a translation adds after a measure it kept ("26,2 Meilen (42 km)"), and a
    measure left out where the source gives it in metric units too ("95°F (35°C)": ``given``,
    the source's numbers)."""
    conversions = _conversions(source)
    if not conversions:
        return missing, extra
    missing, extra = list(missing), list(extra)
    for conversion in conversions:
        lost = [n for n in missing if n.value in conversion.values and not n.attached]
        match = next((n for n in extra if _near(n.value, conversion) and (not conversion.clock or re.search(
            rf"(?<![\d.,]){re.escape(n.text)}(?:{_CLOCK_AFTER.pattern})", translation))), None)
        in_source = match is None and not conversion.clock and any(
            v not in conversion.values and _near(v, conversion) for v in given)
        if (match is None and not in_source) or (conversion.clock and not lost):
            continue
        if match is not None:
            extra.remove(match)
        for value in conversion.values:
            taken = next((n for n in lost if n.value == value), None)
            if taken is not None:
                lost.remove(taken)
                missing.remove(taken)
    return missing, extra


def check_number(subject: Subject) -> Iterator[Finding]:
    """The numbers of the source, as values, are the numbers of the translation; its
    version numbers (``2.0.5``, ``version 2.0``) are in the translation as written; its
    dates (26.06.2026) may be written as the translation's language writes dates."""
    name = "number"
    source_prose, translation_prose, changed_dates = _cut_dates(
        _prose(subject.source, subject.flags, False), _prose(subject.translation, subject.flags, True),
        subject.source_language, subject.target_language)
    for theirs, ours in changed_dates:
        yield _error(name, f"date {theirs} of the source is not in the translation (found {ours})")
    source_text, versions = _cut_versions(source_prose, _named_versions(source_prose, translation_prose))
    translation_text, their_versions = _cut_versions(translation_prose, versions)
    extra_versions = _unmatched(their_versions, Counter(versions), _same)
    for version in _unmatched(versions, Counter(their_versions), _same):
        # Its digits written otherwise (2,0,5) or as another version: that run is said here,
        # not again as numbers that are not in the source.
        translation_text, found = _cut_digits(translation_text, version)
        if found is None and extra_versions:
            found = extra_versions.pop(0)
        yield _error(name, f"version {version} of the source is not in the translation as written"
                           + (f" (found {found})" if found else ""))
    for version in extra_versions:
        yield _warning(name, f"version {version} is not in the source")
    same = _base(subject.source_language) == _base(subject.target_language)
    scales_both = _base(subject.source_language) in _SCALE_WORDS and _base(subject.target_language) in _SCALE_WORDS
    source_tokens = _tokens(source_text, subject.source_language, None, False, scales_both,
                            _base(subject.target_language) in _CLOCK_24)
    translation_tokens = _tokens(translation_text, subject.target_language,
                                 None if same else subject.source_language, True, scales_both)  # fmt: skip
    if not source_tokens and not translation_tokens:
        return
    source_readings, translation_readings = _choose(source_tokens, translation_tokens)
    source_count = Counter(v for r in source_readings for v in r.values)
    translation_count = Counter(v for r in translation_readings for v in r.values)
    missing = _unmatched((n for r in source_readings for n in r.numbers), translation_count, _number_value)
    extra = _unmatched((n for r in translation_readings for n in r.numbers), source_count, _number_value)
    unpaired = {id(n) for n in extra}

    for token, reading in zip(translation_tokens, translation_readings):
        # Read in the source's format only to pair it with a changed number ("1.200" for
        # "1,200" in French: not 1.2 written the English way), it is no copy of a source number.
        copied = any(id(n) not in unpaired for n in reading.numbers)
        if reading.note == "source-format" and not reading.version and copied and not _is_day_date(token.text):
            yield _warning(name, f"number {token.text} is written as in the source ({subject.source_language}), "
                                 f"not as in {subject.target_language} ({reading.hint})")  # fmt: skip
    for side, tokens, readings in (("source", source_tokens, source_readings),
                                   ("translation", translation_tokens, translation_readings)):  # fmt: skip
        for token, reading in zip(tokens, readings):
            if reading.note == "sign":
                lost = "is lost in the translation" if side == "source" else "is not in the source"
                yield _warning(name, f"the sign of {token.text} {lost}")

    # A changed number is a missing one with an extra one in its place; a code's number
    # (G20 -> G21) pairs only with another code's.
    extra_plain = [n for n in extra if not n.attached]
    extra_attached = [n for n in extra if n.attached]
    if missing and not same:  # (numbers a translator wrote as words: "elf", "douze", "noventa")
        # (any reading of the token may be the one written out: "1990s" as "Neunzigerjahre")
        values_of = {id(n): {m.value for r in token.readings for m in r.numbers}
                     for token, reading in zip(source_tokens, source_readings) for n in reading.numbers}
        missing = [n for n in missing if n.attached or not any(
            _spelled_out(value, subject.target_language, translation_text) for value in values_of.get(id(n), {n.value}))]
    if (missing or extra_plain) and _UNIT_MARK.search(source_text):  # (measures converted into metric units)
        missing, extra_plain = _converted(source_text, translation_text, missing, extra_plain, source_count)
    for number in missing:
        in_its_place = extra_attached if number.attached else extra_plain
        if in_its_place:
            yield _error(name, f"number {number.text} of the source is missing (found {in_its_place.pop(0).text})")
        elif number.value in translation_count:
            yield _warning(name, f"number {number.text} is {source_count[number.value]} times in the source, "
                                 f"{translation_count[number.value]} in the translation")  # fmt: skip
        elif number.attached:
            yield _warning(name, f"number {number.text} of the source (in a name or code) is missing")
        elif 0 <= number.value <= _SPELLED_OUT_MAX and number.value == number.value.to_integral_value():
            yield _warning(name, f"number {number.text} of the source is not in the translation as digits")
        else:
            yield _error(name, f"number {number.text} of the source is missing")
    # Extra super/subscripts and codes (km², a footnote¹) are the translator's business.
    for number in extra_plain:
        if number.value in source_count:  # (given more often than the source gives it: "2026 de 2026")
            yield _warning(name, f"number {number.text} is {_times(translation_count[number.value])} in the "
                                 f"translation, {_times(source_count[number.value])} in the source")  # fmt: skip
        else:
            yield _warning(name, f"number {number.text} is not in the source")
    # A percentage whose sign or word the translation lost ("41%" as "41", "Prozent" as "Promille").
    # (said when every number is there: a missing one is said above)
    percents = (list(_SOURCE_PERCENT.finditer(source_text))
                if not missing and ("%" in source_text or "cent" in source_text) else [])
    marks = len(_PERCENT.findall(translation_text)) if percents else 0
    if percents and marks < len(percents):
        yield _warning(name, f"{_percentages(len(percents))} in the source "
                             f"({', '.join(m.group().strip() for m in percents)}), {marks} percent "
                             f"{'sign or word' if marks == 1 else 'signs or words'} in the translation")


# A percentage: its sign or word, in the source ("15%", "15 percent", "15 per cent"), and in
# a translation (any language's sign or word: "15 %", "15 Prozent", "15 pour cent", "15 ٪").
_SOURCE_PERCENT = re.compile(r"\d[\d.,]*[^\S\n]?(?:%|(?i:percent|per[^\S\n]cent)\b)")
_PERCENT = re.compile(r"[%٪％]|(?i:percent|per[^\S\n]?cent|prozent|pour[^\S\n]?cent|por[^\S\n]?ciento|por[^\S\n]?cento|"
                      r"per[^\S\n]?cento|procent|prosent|procento|pourcentage|porcentaje|percentual|percentuale|"
                      r"prozentpunkt|punto porcentual|puntos porcentuales)")


def _percentages(count: int) -> str:
    return "a percentage" if count == 1 else f"{count} percentages"


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


_VERSION_RUN = re.compile(r"(?<![\w.,])\d+(?:\.\d+)+(?!\w|[.,]\d)")


def _cut_versions(text: str, known: Sequence[str]) -> tuple[str, list[str]]:
    """``text`` with its version numbers blanked out, and those numbers: a run such as
    ``3.1.4`` (not ``1.000.000``), one after a version word (``version 2.0``), or a run
    written as one of ``known`` (the source's: ``la 2.5`` translating ``release 2.5``)."""
    found: list[str] = []

    def cut(match: re.Match[str]) -> str:
        run = match.group()
        if run in known or _is_version(run, text, match.start()):
            found.append(run)
            return " " * len(run)
        return run

    return _VERSION_RUN.sub(cut, text), found


def _cut_digits(text: str, version: str) -> tuple[str, str | None]:
    """``text`` with the first run of digits and separators that spells ``version``'s
    digits blanked out, and that run (None: there is none)."""
    digits = re.sub(r"\D", "", version)
    for match in _NUMBER_TOKEN.finditer(text):
        if match.group("run") and re.sub(r"\D", "", match.group()) == digits:
            return text[:match.start()] + " " * (match.end() - match.start()) + text[match.end():], match.group()
    return text, None


def _unmatched(items: Iterable[_T], other: Counter[_K], key: Callable[[_T], _K]) -> list[_T]:
    """The items left over once each of ``other`` has taken one whose ``key`` it is."""
    left = other.copy()
    unmatched = []
    for item in items:
        if left[key(item)] > 0:
            left[key(item)] -= 1
        else:
            unmatched.append(item)
    return unmatched


def _number_value(number: _Number) -> Decimal:
    return number.value


def _same(text: str) -> str:
    return text


# ---------------------------------------------------------------------------------------
# placeholder, glossary, markup
# ---------------------------------------------------------------------------------------


def check_placeholder(subject: Subject) -> Iterator[Finding]:
    """The same brace placeholders (and %-directives when the entry is a printf format)."""
    name = "placeholder"
    wanted = Counter(subject.source[a:b] for a, b in _placeholders(subject.source, subject.flags, False))
    found = Counter(subject.translation[a:b] for a, b in _placeholders(subject.translation, subject.flags, True))
    for placeholder in (wanted - found).elements():
        yield _error(name, f"placeholder {placeholder} of the source is missing")
    for placeholder in (found - wanted).elements():
        yield _error(name, f"placeholder {placeholder} is not in the source")
    if subject.flags and subject.translation:
        # What msgfmt --check refuses that no placeholder shows: a translation that is no
        # valid format string at all ("Published on {date} {": a stray brace).
        trial = Message(msgid=subject.source, msgstr=subject.translation, flags=list(subject.flags))
        for problem in format_problems(trial):
            if " is not a valid " in problem:
                yield _error(name, problem.replace("'msgstr'", "the translation").replace("'msgid'", "the source"))


def _nfc(text: str) -> str:
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def _contains_word(text: str, term: str) -> bool:
    return term in text and re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text) is not None


def check_glossary(subject: Subject) -> Iterator[Finding]:
    """A glossary term of the source (a whole word, case-sensitive) is in the translation
    verbatim (inside a longer word too: German "Kim Jong Uns" keeps it), or in the form the
    target locale writes it in ([tool.l10n.glossary_forms]: French "Vladimir Poutine").
    Compared in Unicode's composed form (NFC): "Zürich" typed with a combining umlaut, as
    some editors save it, is the same term."""
    source, translation = _nfc(subject.source), _nfc(subject.translation)
    forms = {_nfc(term): _nfc(form) for term, form in subject.glossary_forms}
    # Longest first; a term only inside a longer one ("Un" in "Kim Jong Un") is that one's.
    for term in sorted(dict.fromkeys(_nfc(t) for t in subject.glossary if t), key=len, reverse=True):
        if _contains_word(source, term):
            form = forms.get(term)
            if term not in translation and (form is None or form not in translation):
                written = f" (nor its {subject.target_language} form {form!r})" if form else ""
                yield _error("glossary", f"glossary term {term!r} is missing{written}")
            source = source.replace(term, "\ufffc")


@lru_cache(maxsize=_MEMO)
def _markdown(text: str) -> tuple[tuple[str, str], ...]:
    """The Markdown links (by address) and code spans of ``text``: a Markdown article's
    edition shows them as links and code (``l10n.inline``)."""
    if "](" not in text and "`" not in text:
        return ()
    from l10n.inline import Node, parse

    items: list[tuple[str, str]] = []

    def walk(nodes: tuple[Node, ...]) -> None:
        for node in nodes:
            if node.kind == "link":
                items.append(("Markdown link to", node.href))
            elif node.kind == "code":
                items.append(("code", f"`{node.text}`"))
            walk(node.children)

    walk(parse(text))
    return tuple(items)


def check_markup(subject: Subject) -> Iterator[Finding]:
    """No tag, entity, URL, e-mail address, Markdown link or code span the source does not
    have (an error); one of the source's missing (a warning)."""
    name = "markup"
    wanted = Counter([(m.kind, m.text) for m in _markup(subject.source)] + list(_markdown(subject.source)))
    found = Counter([(m.kind, m.text) for m in _markup(subject.translation)] + list(_markdown(subject.translation)))
    for kind, text in (found - wanted).elements():
        yield _error(name, f"{kind} {text} is not in the source")
    for kind, text in (wanted - found).elements():
        yield _warning(name, f"{kind} {text} of the source is missing")
    if tables.looks_like_table(subject.source):
        yield from _table_shape(subject)


def _table_shape(subject: Subject) -> Iterator[Finding]:
    """A Markdown table's translation is a table of the same rows and cells (an edition
    shows it as one: a row or cell lost or added would shift the others)."""
    source = tables.parse(subject.source)
    if source is None:
        return
    translation = tables.parse(subject.translation)
    if translation is None:
        yield _error("markup", "the table is no table in the translation (keep a row a line, its cells "
                               "between | and the delimiter row | --- | under the first)")
        return
    if translation.shape != source.shape:
        at = next((i for i, (a, b) in enumerate(zip(source.shape, translation.shape)) if a != b), None)
        if at is None:
            yield _error("markup", f"the table has {len(translation.shape)} rows in the translation, "
                                   f"{len(source.shape)} in the source")
        else:
            yield _error("markup", f"row {at + 1} of the table has {translation.shape[at]} cells in the translation, "
                                   f"{source.shape[at]} in the source")


# ---------------------------------------------------------------------------------------
# social, emoji
# ---------------------------------------------------------------------------------------

# Hashtags and @handles are names: a translation keeps each verbatim (a hashtag is not
# translated: #TramNord is what readers search for). One may start after anything but a
# letter, digit, "#", "@" or "&" ("C#", "F#", an e-mail address's "@", "&#39;"), and right
# after a letter of a script written without spaces ("東京#TramNord"). Full-width ＃ and ＠
# (Chinese and Japanese text) are the same marks.
_TOKEN_START = r"(?:(?<![\w#＃@＠&])|(?<=[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]))"
# A name starts with a letter, digit or "_" (not a mark: "#️⃣" is a keycap emoji).
_SOCIAL = (rf"(?P<hashtag>{_TOKEN_START}[#＃][\p{{L}}\p{{N}}_]\w*)"
           rf"|(?P<handle>{_TOKEN_START}[@＠][\p{{L}}\p{{N}}_](?:[\w.]*\w)?(?:@[\w-]+(?:\.[\w-]+)+)?)")  # (Mastodon's @user@host)
# No name: digits and at most three letters: "#1", "No. #3", "#2nd" (rankings), "@5pm" (a time).
_NOT_A_NAME = r"\d+\p{L}{0,3}"
_FULL_WIDTH_MARKS = str.maketrans({"＃": "#", "＠": "@"})
# What may be an emoji, found before the grapheme clusters are read (most text has none):
# pictographs and dingbats, the emoji planes, a variation selector, a keycap.
_EMOJI_CANDIDATE = re.compile("[\u20e3\u231a-\u2b55\ufe0f\U0001f000-\U0001faff]")
# The run of non-spaces around one (a cluster never spans a space): only these are cut into
# grapheme clusters, which is slow in Python for a whole paragraph.
_EMOJI_RUN = re.compile(r"\S*" + _EMOJI_CANDIDATE.pattern + r"\S*")
_PRESENTATION_SELECTORS = str.maketrans("", "", "\ufe0e\ufe0f")


@dataclass(frozen=True)
class _Kept:
    kind: str  # "hashtag" | "handle" | "emoji"
    text: str  # as written
    key: str  # as compared: NFC, ＃ as #; an emoji without its variation selector
    span: tuple[int, int]


@dataclass(frozen=True)
class _Unicode:
    """The patterns that need Unicode's grapheme clusters and emoji properties (``regex``)."""

    social: regex.Pattern[str]
    not_a_name: regex.Pattern[str]
    cluster: regex.Pattern[str]
    emoji_alone: regex.Pattern[str]  # shown as an emoji by default, a flag's letter
    pictograph: regex.Pattern[str]


@lru_cache(maxsize=1)
def _unicode() -> _Unicode:
    import regex  # (on first need: text with a "#", "@" or a possible emoji)

    return _Unicode(regex.compile(_SOCIAL), regex.compile(_NOT_A_NAME), regex.compile(r"\X"),
                    regex.compile(r"\p{Emoji_Presentation}|\p{Regional_Indicator}"),
                    regex.compile(r"\p{Extended_Pictographic}"))


@lru_cache(maxsize=_MEMO)
def _social(text: str, flags: tuple[str, ...], translated: bool) -> tuple[_Kept, ...]:
    """The hashtags and handles of ``text``, placeholders, tags, entities and URLs left out
    (``x.com/@SZ`` is an address; an e-mail address has a letter before its "@")."""
    if not ("#" in text or "@" in text or "＃" in text or "＠" in text):
        return ()
    patterns = _unicode()
    spans = _placeholders(text, flags, translated) + [m.span for m in _markup(text) if m.kind != "e-mail address"]
    tokens = []
    for match in patterns.social.finditer(_mask(text, spans)):
        found = match.group()
        if patterns.not_a_name.fullmatch(found[1:].partition("@")[0]):
            continue
        key = unicodedata.normalize("NFC", found.translate(_FULL_WIDTH_MARKS))
        tokens.append(_Kept(match.lastgroup or "", found, key, match.span()))
    return tuple(tokens)


def social_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` has the hashtags and @handles the ``social`` check wants kept:
    machine translation copies these spans instead of translating them."""
    return [token.span for token in _social(text, (), False)]


def _is_emoji(cluster: str) -> bool:
    """Whether a grapheme cluster is an emoji: a pictograph shown as one by default, with
    U+FE0F, as a sequence (skin tone, ZWJ, tags), or any of the emoji planes, the
    pictographs and the dingbats (❤ ☀ ✈, written with or without U+FE0F); a flag; a
    keycap. ©, ®, ™ and arrows are typography unless U+FE0F asks for their emoji."""
    base = cluster[0]
    if "\u20e3" in cluster or _unicode().emoji_alone.match(base):
        return True
    if not _unicode().pictograph.match(base):
        return False
    return ("\ufe0f" in cluster or "\u200d" in cluster or ord(base) >= 0x1F000 or 0x2600 <= ord(base) <= 0x27BF
            or any(0x1F3FB <= ord(c) <= 0x1F3FF for c in cluster))


@lru_cache(maxsize=_MEMO)
def _clusters(text: str) -> tuple[tuple[str, tuple[int, int]], ...]:
    """The grapheme clusters of ``text`` that hold a possible emoji, with their spans."""
    if not _EMOJI_CANDIDATE.search(text):
        return ()
    cluster = _unicode().cluster
    return tuple((m.group(), (run.start() + m.start(), run.start() + m.end())) for run in _EMOJI_RUN.finditer(text)
                 for m in cluster.finditer(run.group()) if _EMOJI_CANDIDATE.search(m.group()))


def _emoji(text: str, also: frozenset[str] = frozenset()) -> tuple[_Kept, ...]:
    """The emoji of ``text``, each a whole grapheme cluster (👍🏽, 👨‍👩‍👧, 🇩🇪, #️⃣ are one
    each); ``also``: clusters counted whatever they are (a source's ❤️ written ❤ here)."""
    return tuple(_Kept("emoji", cluster, key, span) for cluster, span in _clusters(text)
                 for key in [cluster.translate(_PRESENTATION_SELECTORS)] if key in also or _is_emoji(cluster))


def _how_often(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


def _compared(name: str, wanted: Sequence[_Kept], found: Sequence[_Kept],
              severity: Callable[[str, str], Finding]) -> Iterator[Finding]:
    """Findings for tokens of the source lost, changed (a lost one and a new one of the same
    kind, in the order they stand) or added (``severity``), and for a count that differs
    or only the case changed (a warning). Order does not matter; count does."""
    want, have = Counter(t.key for t in wanted), Counter(t.key for t in found)
    shown = {t.key: t.text for t in (*found, *wanted)}  # (as the source writes it, where it does)
    kinds = {t.key: t.kind for t in (*found, *wanted)}
    lost = [key for key in dict.fromkeys(t.key for t in wanted) if not have[key]]
    new = [key for key in dict.fromkeys(t.key for t in found) if not want[key]]
    for key in lost:
        same_kind = [other for other in new if kinds[other] == kinds[key]]
        # (the same name in other case first: "#tramnord" for "#TramNord" is that one, retyped)
        into = next((o for o in same_kind if o.casefold() == key.casefold()), same_kind[0] if same_kind else None)
        if into is None:
            yield severity(name, f"{kinds[key]} {shown[key]} of the source is missing")
            continue
        new.remove(into)
        if into.casefold() == key.casefold():
            yield _warning(name, f"{kinds[key]} {shown[key]} of the source is {shown[into]} in the translation "
                                 "(only the case differs)")
        else:
            yield severity(name, f"{kinds[key]} {shown[key]} of the source is {shown[into]} in the translation")
    for key in new:
        yield severity(name, f"{kinds[key]} {shown[key]} is not in the source")
    for key in dict.fromkeys(t.key for t in (*wanted, *found)):
        if want[key] and have[key] and want[key] != have[key]:
            yield _warning(name, f"{kinds[key]} {shown[key]} is {_how_often(have[key])} in the translation, "
                                 f"{_how_often(want[key])} in the source")


def check_social(subject: Subject) -> Iterator[Finding]:
    """The source's hashtags and @handles, verbatim, as many times (names: never
    translated); none the source does not have."""
    yield from _compared("social", _social(subject.source, subject.flags, False),
                         _social(subject.translation, subject.flags, True), _error)


def check_emoji(subject: Subject) -> Iterator[Finding]:
    """The source's emoji, as many times, anywhere in the translation (whole grapheme
    clusters, variation selectors aside); none the source does not have."""
    wanted = _emoji(subject.source)
    found = _emoji(subject.translation, frozenset(t.key for t in wanted))
    if wanted or found:
        yield from _compared("emoji", wanted, found, _warning)


# ---------------------------------------------------------------------------------------
# repetition, untranslated
# ---------------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_LONGEST_PHRASE = 4
_LOOP = 3  # a phrase three times in a row is a loop; "very very" is not
# A run inside one "word": scripts written without spaces, or a decoder that looped
# without them ("beimarschiertenbeimarschierten...").
_CHAR_LOOP = re.compile(r"(\w{1,24}?)\1{3,}")


@dataclass(frozen=True)
class _Loop:
    phrase: str
    times: int
    clean: bool  # nothing but spaces between the repeats


def _may_loop(keys: list[str]) -> bool:
    """Whether words may loop: a phrase of n words said ``_LOOP`` times in a row is
    (``_LOOP`` - 1) x n words in a row each equal to the one n words on (worked out at C
    speed; prose has no such run, and is then not searched word by word)."""
    return any(b"\x01" * ((_LOOP - 1) * n) in bytes(map(operator.eq, keys, keys[n:]))
               for n in range(1, _LONGEST_PHRASE + 1))


@lru_cache(maxsize=_MEMO)
def _loops(text: str) -> tuple[_Loop, ...]:
    found = _WORD.findall(text)
    keys = [word.casefold() for word in found]
    loops = []
    may = _may_loop(keys)
    words = list(_WORD.finditer(text)) if may else []  # (where the words are: only for a loop)
    i = 0 if may else len(keys)
    while i < len(keys):
        best = (0, 0)
        for n in range(1, _LONGEST_PHRASE + 1):
            times = 1
            while keys[i + times * n : i + (times + 1) * n] == keys[i : i + n] and i + (times + 1) * n <= len(keys):
                times += 1
            # Digits alone are no loop: "1 000 000 000" groups a number.
            if times >= _LOOP and times * n > best[0] * best[1] and not all(k.isdigit() for k in keys[i : i + n]):
                best = (times, n)
        times, n = best
        if not times:
            i += 1
            continue
        last = i + times * n - 1
        gaps = (text[words[k].end() : words[k + 1].start()] for k in range(i, last))
        clean = all(gap.isspace() for gap in gaps)
        loops.append(_Loop(text[words[i].start() : words[i + n - 1].end()], times, clean))
        i = last + 1
    for word in found:
        if len(word) >= 12:  # a sentence of a script without spaces is one "word"
            for match in _CHAR_LOOP.finditer(word):
                if not match.group(1).isdigit():
                    loops.append(_Loop(match.group(1), len(match.group()) // len(match.group(1)), True))
    return tuple(loops)


def check_repetition(subject: Subject) -> Iterator[Finding]:
    """A word or phrase of up to four words repeated three or more times in a row (a
    machine translation loop), unless the source repeats itself too."""
    if _loops(subject.source):
        return
    worst: dict[str, _Loop] = {}  # a phrase that loops in several places: said once, its longest run
    for loop in _loops(subject.translation):
        seen = worst.get(loop.phrase)
        if seen is None or (loop.clean, loop.times) > (seen.clean, seen.times):
            worst[loop.phrase] = loop
    for loop in worst.values():
        finding = _error if loop.clean else _warning
        yield finding("repetition", f"{loop.phrase!r} repeated {loop.times} times")


_LETTER_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_SEVERAL_WORDS = 3
_NAME_WORDS = 4  # "Kim Jong Un", "Ursula von der Leyen", "Unter den Linden"


def _normalized(text: str) -> str:
    return " ".join(_nfc(text).casefold().split())


# Words of English grammar no name is made of: a title-case line with one ("What Comes
# Next", "Why Now") is a heading, not a name. Not the particles names have ("Bank of
# England", "The New York Times", "Marks and Spencer").
_ENGLISH_GRAMMAR = frozenset("""is are was were be been has have had do does did will would can could should may might
must what why how who whom whose when where which this that these those it its not no if than then""".split())


def _looks_like_name(words: Sequence[str], language: str) -> bool:
    """A few words, each capitalized or a short particle ("von", "der", "de"), and none a
    word of the language's grammar (English: "What Comes Next" is no name)."""
    if _base(language) == "en" and any(w.casefold() in _ENGLISH_GRAMMAR for w in words):
        return False
    return len(words) <= _NAME_WORDS and all(w[0].isupper() or len(w) <= 3 for w in words)


def _without_terms(text: str, glossary: Sequence[str]) -> str:
    """``text`` with its glossary terms blanked out, the longest first (they stay as written)."""
    for term in sorted(glossary, key=len, reverse=True):
        if term:
            text = text.replace(term, " ")
    return text


def check_untranslated(subject: Subject) -> Iterator[Finding]:
    """A translation that is a copy of a source of several words; names, numbers,
    glossary terms and URLs alone may stay as they are, and so may a source that is
    already in the target language (lingua decides, between the two languages)."""
    if _base(subject.source_language) == _base(subject.target_language):
        return
    if _normalized(subject.translation) != _normalized(subject.source):
        yield from _partly_untranslated(subject)
        return
    words = _LETTER_WORD.findall(_without_terms(_prose(subject.source, subject.flags, False), subject.glossary))
    if len(words) < _SEVERAL_WORDS or _looks_like_name(words, subject.source_language):
        return
    # A quote in the target language stays as it is: „Wir schaffen das“ in German.
    if body_confidence(_base(subject.target_language), _base(subject.source_language))(subject.source) < 0.5:
        return
    yield _warning("untranslated", "the translation is a copy of the source")


_COPIED_WORDS = 8  # a run of the source's words this long, copied into a translation, is left untranslated


def _copied_run(source: str, translation: str) -> tuple[int, str] | None:
    """The longest run of ``_COPIED_WORDS`` words or more of ``source`` that ``translation``
    has word for word (case aside): how many words, and the run as the translation has it."""
    words = _LETTER_WORD.findall(source.casefold())
    if len(words) < _COPIED_WORDS:
        return None
    k = _COPIED_WORDS
    found = list(_LETTER_WORD.finditer(translation))
    theirs = [m.group().casefold() for m in found]
    whole, their_text = " ".join(words), " ".join(theirs)
    at = their_text.find(whole)
    if at >= 0 and (at == 0 or their_text[at - 1] == " ") and their_text[at + len(whole):at + len(whole) + 1] in ("", " "):
        # (the whole source, word for word: a draft that only put a mark before it)
        first = their_text.count(" ", 0, at)
        return len(words), translation[found[first].start():found[first + len(words) - 1].end()]
    grams = {tuple(words[i:i + k]) for i in range(len(words) - k + 1)}
    best: tuple[int, int] | None = None
    i = 0
    while i <= len(theirs) - k:
        if tuple(theirs[i:i + k]) not in grams:
            i += 1
            continue
        j = i + k
        while j < len(theirs) and tuple(theirs[j - k + 1:j + 1]) in grams:
            j += 1
        if best is None or j - i > best[1] - best[0]:
            best = (i, j)
        i = j
    if best is None:
        return None
    return best[1] - best[0], translation[found[best[0]].start():found[best[1] - 1].end()]


# A quotation in a source: what a translation may keep as it is (a German quote of an
# English article, in its German translation).
_QUOTED = re.compile(r"„[^“”\n]*[“”]|“[^”\n]*”|«[^»\n]*»|»[^«\n]*«|‚[^‘\n]*‘|\"[^\"\n]*\"")


def _quoted_in(source: str, run: str) -> bool:
    """Whether ``run`` (words) stands inside one of the source's quotations."""
    words = " ".join(_LETTER_WORD.findall(run.casefold()))
    return any(words in " ".join(_LETTER_WORD.findall(quote.group().casefold())) for quote in _QUOTED.finditer(source))


def _partly_untranslated(subject: Subject) -> Iterator[Finding]:
    """A translation that keeps a long run of the source's words as they are (a sentence
    left in English after a French start); a quotation of the source kept as it is (a
    German quote of an English article, in its German translation) is no finding."""
    shared = set(subject.source.casefold().split()).intersection(subject.translation.casefold().split())
    if len(shared) < _COPIED_WORDS - 2:  # (a quick test first: most translations share a few words at most)
        return
    translation = _without_terms(_prose(subject.translation, subject.flags, True), subject.glossary)
    copied = _copied_run(_prose(subject.source, subject.flags, False), translation)
    if copied is None:
        return
    count, run = copied
    long_words = [w for w in _LETTER_WORD.findall(run) if len(w) > 3]
    if long_words and sum(w[0].isupper() for w in long_words) * 5 >= len(long_words) * 3:
        return  # (a name or a title, in title case: "International Committee of the Red Cross")
    if _quoted_in(subject.source, run):
        return
    shown = run if len(run) <= 60 else run[:57].rstrip() + "…"
    yield _warning("untranslated", f"{count} words of the source are copied untranslated (“{shown}”)")


# ---------------------------------------------------------------------------------------
# whitespace, length, invisible, punctuation
# ---------------------------------------------------------------------------------------

_DOUBLE_SPACE = re.compile(r"[^\S\n]{2,}")


def _edges(text: str) -> tuple[str, str]:
    stripped = text.strip()
    if not stripped:
        return text, ""
    start = text.index(stripped)
    return text[:start], text[start + len(stripped) :]


def check_whitespace(subject: Subject) -> Iterator[Finding]:
    """The same leading and trailing whitespace as the source; no double spaces added."""
    name = "whitespace"
    (source_lead, source_trail), (lead, trail) = _edges(subject.source), _edges(subject.translation)
    if lead != source_lead:
        yield _warning(name, f"leading whitespace {lead!r} differs from the source's {source_lead!r}")
    if trail != source_trail:
        yield _warning(name, f"trailing whitespace {trail!r} differs from the source's {source_trail!r}")
    doubles = len(_DOUBLE_SPACE.findall(subject.translation.strip()))
    if doubles > len(_DOUBLE_SPACE.findall(subject.source.strip())):
        yield _warning(name, f"double space ({doubles} in the translation)")


_MIN_LENGTH = 20  # shorter sources ("Impressum", "AI") may grow or shrink a lot (up to 60 columns)
_MAX_RATIO = 3.0


class _WideTable(dict[int, "str | None"]):
    """A ``str.translate`` table keeping East Asian wide characters (one mark each) and
    dropping the others, filled as characters are first seen."""

    def __missing__(self, code: int) -> str | None:
        value = self[code] = "w" if unicodedata.east_asian_width(chr(code)) in "WF" else None
        return value


_WIDE = _WideTable()


def _width(text: str) -> int:
    """Length in columns: an East Asian wide character counts twice, so Chinese and
    Japanese are not "far shorter" than the English they translate."""
    text = text.strip()
    return len(text) if text.isascii() else len(text) + len(text.translate(_WIDE))


def check_length(subject: Subject) -> Iterator[Finding]:
    """A translation of a source of some length is not far longer or shorter than it; that
    of a short source (a word, a label) may grow a lot, but not past what a source of that
    length may grow to (``Kontakt`` is not a paragraph)."""
    source, translation = _width(subject.source), _width(subject.translation)
    if source < _MIN_LENGTH and translation <= _MIN_LENGTH * _MAX_RATIO:
        return
    ratio = translation / max(source, 1)
    if ratio > _MAX_RATIO or ratio < 1 / _MAX_RATIO:
        yield _warning("length", f"the translation is {ratio:.1f} times as long as the source "
                                 f"({translation} and {source} characters)")  # fmt: skip


_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_BIDI_MARKS = "\u200e\u200f\u061c"
_BIDI_EMBEDDINGS = "\u202a\u202b\u202c\u202d\u202e"
_BIDI_ISOLATES = "\u2066\u2067\u2068\u2069"
_INVISIBLE = _ZERO_WIDTH + _BIDI_MARKS + _BIDI_EMBEDDINGS + _BIDI_ISOLATES
_HAS_INVISIBLE = re.compile(f"[{_INVISIBLE}]")  # (most translations have none: one search at C speed)
_JOINERS = "\u200c\u200d"
_WORD_BREAK_HINTS = {"th", "lo", "km", "my"}  # write no spaces; U+200B marks word breaks


def _joins_letters(text: str, index: int) -> bool:
    """A joiner between two non-ASCII characters (Persian, Devanagari, an emoji
    sequence) does its job; next to ASCII, a space or an edge it is a stray."""
    before = text[index - 1] if index else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    return all(not c.isascii() and not c.isspace() and c not in _INVISIBLE for c in (before, after))


def check_invisible(subject: Subject) -> Iterator[Finding]:
    """No zero-width or bidi control characters the source does not have (except where
    the target's script uses them: joiners inside joining scripts, marks in right-to-left
    languages, word-break hints in Thai, Lao, Khmer and Burmese)."""
    if not _HAS_INVISIBLE.search(subject.translation):
        return
    locale = _locale(subject.target_language)
    rtl = locale is not None and locale.text_direction == "rtl"
    language = _base(subject.target_language)
    wanted = Counter(c for c in subject.source if c in _INVISIBLE)
    found: Counter[str] = Counter()
    for index, char in enumerate(subject.translation):
        if char not in _INVISIBLE:
            continue
        if char in _JOINERS and _joins_letters(subject.translation, index):
            continue
        if (char in _BIDI_MARKS and rtl) or (char == "\u200b" and language in _WORD_BREAK_HINTS):
            continue
        found[char] += 1
    for char, count in sorted((found - wanted).items()):
        finding = _warning if rtl and char in _BIDI_ISOLATES else _error
        yield finding("invisible", f"invisible U+{ord(char):04X} {unicodedata.name(char, '')} ({count}) "
                                   "is not in the source")  # fmt: skip


# Sentence ends of other scripts, as the ASCII one they stand for.
_END_EQUIVALENTS = str.maketrans({"。": ".", "．": ".", "।": ".", "॥": ".", "۔": ".", "።": ".", "։": ".",
                                  "！": "!", "？": "?", "؟": "?", "：": ":", "；": ";", "؛": ";", "…": "…"})  # fmt: skip
_CLOSERS = "\"'”’»›«‹“‘「」『』)]}）】》〉"  # (« and ‹ close German »…« and ›…‹)
_SMILEY_TEXT = r"(?<!\w)[:;=][-^'o]?[()\[\]]"  # :-) ;) =] (not "8)": "page 8)")
_SMILEY_END = re.compile(_SMILEY_TEXT + r"\s*$")  # (";)" ends no sentence with ";")
_ENDS = ".!?:;…"


def _sentence_end(text: str, language: str) -> str:
    """The punctuation that ends ``text``, past closing quotes and brackets and the
    (no-break) spaces French puts before them: "." "!" "?" ":" ";" "…" or ""."""
    text = _SMILEY_END.sub("", text.rstrip()).rstrip()
    while text and (text[-1] in _CLOSERS or text[-1].isspace()):
        text = text[:-1]
    if text.endswith("..."):
        return "…"
    end = text[-1:].translate(_END_EQUIVALENTS)
    if _base(language) == "el" and end in (";", "\u037e"):
        return "?"  # the Greek question mark
    return end if end in _ENDS else ""


def check_punctuation(subject: Subject) -> Iterator[Finding]:
    """The translation ends a sentence as the source does."""
    wanted = _sentence_end(subject.source, subject.source_language)
    found = _sentence_end(subject.translation, subject.target_language)
    if wanted != found:
        def ending(mark: str) -> str:
            return repr(mark) if mark else "no punctuation"

        yield _warning("punctuation", f"the source ends with {ending(wanted)}, the translation with {ending(found)}")


# ---------------------------------------------------------------------------------------
# brackets
# ---------------------------------------------------------------------------------------

# What each closing mark closes. A mark may close in one language and open in another:
# “ closes German „…“ and opens English “…”; « closes German »…« and opens French « … ».
# One that closes nothing open opens, if it may. Single quotes other than ‹ › are left
# out: ’ and ' are apostrophes ("l’État", "workers’"), so ‘…’ cannot pair up; in German
# (and the languages quoting „…“) ‚ opens and ‘ closes. Braces are placeholders, the
# placeholder check's.
_QUOTES_CLOSE = {"”": "“„", "“": "„", "»": "«", "«": "»", "›": "‹", "‹": "›", "」": "「", "』": "『", "﹂": "﹁",
                 "﹄": "﹃", "〞": "〝", "〟": "〝"}  # fmt: skip
_QUOTES_OPEN = "“„«»‹›「『﹁﹃〝"
# Swedish and Finnish open and close with one mark: ”…” and »…».
_SAME_MARK_QUOTES = {"sv": {"”": "”", "»": "»"}, "fi": {"”": "”", "»": "»"}}
# Languages where a mark that also opens elsewhere closes: German „…“ and »…«. A lone one
# of these in their text is said to be a closing mark with no opening one.
_LOW_HIGH = frozenset({"de", "cs", "sk", "sl", "hr", "sr", "mk", "bg", "lt", "et", "is", "ka"})
# Languages that open with « and close with »: a lone » in their text closes nothing.
_GUILLEMETS = frozenset({"fr", "es", "it", "ca", "pt", "ru", "uk", "be", "el", "nb", "nn", "no", "pl", "tr", "eu",
                         "gl", "ro", "ar", "fa", "hy"})
_INWARD = frozenset({"de", "da"})  # »…« and ›…‹
_GUILLEMETS_OPEN = frozenset({"CH", "LI"})  # Swiss (and Liechtenstein) German quotes « … » as French does


def _closes_first(mark: str, language: str) -> bool:
    """Whether a lone ``mark`` in ``language``'s text is a closing mark there."""
    base = _base(language)
    if mark == "“":
        return base in _LOW_HIGH
    if mark not in "«‹»›":
        return False
    locale = _locale(language)
    outward = base not in _INWARD or (locale is not None and locale.territory in _GUILLEMETS_OPEN)
    return (mark in "»›") == outward if (base in _INWARD or base in _GUILLEMETS) else False
_BRACKETS_CLOSE = {")": "(", "]": "[", "）": "（", "］": "［", "】": "【", "〕": "〔", "〗": "〖", "》": "《", "〉": "〈"}
_BRACKETS_OPEN = "([（［【〔〖《〈"
_STRAIGHT = '"'  # opens, or closes the innermost open one: what pairs up is their count
_EXCERPT = 24


@dataclass(frozen=True)
class _Marks:
    """One family of marks that pair up: the quotation marks, or the brackets."""

    kind: str  # "quotation mark" | "bracket"
    closes: dict[str, str]  # closing mark -> the opening marks it closes
    opens: str
    pattern: re.Pattern[str]


def _family(kind: str, closes: dict[str, str], opens: str) -> _Marks:
    marks = "".join(dict.fromkeys(opens + "".join(closes) + (_STRAIGHT if kind == "quotation mark" else "")))
    return _Marks(kind, closes, opens, re.compile(f"[{re.escape(marks)}]"))


@lru_cache(maxsize=64)
def _families(language: str) -> tuple[_Marks, _Marks]:
    quotes = dict(_QUOTES_CLOSE)
    opens = _QUOTES_OPEN + "".join(_SAME_MARK_QUOTES.get(_base(language), {}))
    for mark, closed in _SAME_MARK_QUOTES.get(_base(language), {}).items():
        quotes[mark] = quotes.get(mark, "") + closed
    if _base(language) in _LOW_HIGH:  # German ‚…‘ (‚ is never an apostrophe; a lone ‘ may be one: _LONE_OK)
        quotes["‘"] = "‚"
        opens += "‚"
    return (_family("quotation mark", quotes, opens), _family("bracket", _BRACKETS_CLOSE, _BRACKETS_OPEN))


# A closing mark that may stand alone: ‘, which many write as an apostrophe ("geht‘s").
_LONE_OK = "‘"


@dataclass(frozen=True)
class _Unpaired:
    mark: str
    at: int
    closing: bool  # a closing mark with nothing open (else an opening mark never closed)


def _unpaired(text: str, marks: _Marks) -> list[_Unpaired]:
    """The marks of one family in ``text`` that do not pair up: a closing mark closes the
    innermost open mark it may close (those opened inside it and left open are unpaired);
    one that may stand alone (``_LONE_OK``) and closes nothing is none."""
    open_marks: list[tuple[str, int]] = []
    unpaired: list[_Unpaired] = []
    for match in marks.pattern.finditer(text):
        mark, at = match.group(), match.start()
        closes = _STRAIGHT if mark == _STRAIGHT else marks.closes.get(mark, "")
        depth = next((k for k in range(len(open_marks) - 1, -1, -1) if open_marks[k][0] in closes), None)
        if depth is not None:
            unpaired += [_Unpaired(m, i, False) for m, i in open_marks[depth + 1 :]]
            del open_marks[depth:]
        elif mark == _STRAIGHT or mark in marks.opens:
            open_marks.append((mark, at))
        elif mark not in _LONE_OK:
            unpaired.append(_Unpaired(mark, at, True))
    return sorted(unpaired + [_Unpaired(m, i, False) for m, i in open_marks], key=lambda u: u.at)


# Marks that pair with nothing, by their nature: an inch after a number (5" screen, 6'2"),
# the bracket of a list's item (a) one, 1) two, iv) four) and of a smiley (:-) ;) =]).
_INCH = re.compile(r'(?<=\d)["\u2033]')
_ITEM = re.compile(r"(?<![\w(])(?:[A-Za-z]|\d{1,2}|[ivxIVX]{1,4})\)")
_SMILEY = re.compile(_SMILEY_TEXT + r"(?!\w)")


def _bracket_prose(text: str, flags: tuple[str, ...], translated: bool) -> str:
    """``_prose``, with the marks that pair with nothing by their nature blanked out too:
    an item's bracket where no bracket is open before it ("(Plan B)" closes one), an inch
    mark where no straight quote is ("Stuttgart 21" closes one)."""
    prose = _prose(text, flags, translated)
    prose = _mask(prose, [m.span() for m in _SMILEY.finditer(prose)])  # (first: a smiley's bracket counts for nothing)
    spans: list[tuple[int, int]] = []
    candidates = sorted([(m.start(), m.end(), "item") for m in _ITEM.finditer(prose)]
                        + [(m.start(), m.end(), "inch") for m in _INCH.finditer(prose)])
    # One pass from the left, counting the brackets and straight quotes open so far (an
    # inch mark taken as one is no quote: it does not count).
    depth, quotes, last = 0, 0, 0
    for start, end, kind in candidates:
        between = prose[last:start]
        depth += between.count("(") - between.count(")")
        quotes += between.count('"')
        last = start
        if kind == "item" and depth <= 0:
            spans.append((start, end))
            last = end
            depth = max(depth, 0)
        elif kind == "inch" and (prose[start] == "\u2033" or quotes % 2 == 0):
            spans.append((start, end))
            last = end
    return _mask(prose, spans)


@lru_cache(maxsize=_MEMO)
def _pairs_up(text: str, flags: tuple[str, ...], language: str) -> tuple[bool, bool]:
    """Whether the quotation marks, and the brackets, of a source pair up."""
    prose = _bracket_prose(text, flags, False)
    quotes, brackets = _families(language)
    return not _unpaired(prose, quotes), not _unpaired(prose, brackets)


def _excerpt(text: str, at: int, closing: bool) -> str:
    """A few words of ``text`` from the mark at ``at`` on (up to it, for a closing mark)."""
    if closing:
        start = max(0, at + 1 - _EXCERPT)
        return ("…" if start else "") + text[start : at + 1].lstrip()
    end = at + _EXCERPT
    return text[at:end].rstrip() + ("…" if end < len(text) else "")


def check_brackets(subject: Subject) -> Iterator[Finding]:
    """Quotation marks and brackets that pair up in the source pair up in the translation:
    « closed by », „ by “, “ by ”, ( by ); straight quotes " come in pairs."""
    name = "brackets"
    translation = _bracket_prose(subject.translation, subject.flags, True)
    for marks, source_pairs in zip(_families(subject.target_language),
                                   _pairs_up(subject.source, subject.flags, subject.source_language)):  # fmt: skip
        if not source_pairs:  # (a quote that runs on into the next paragraph, a list's "1)")
            continue
        odd = translation.count(_STRAIGHT) % 2 == 1
        for item in _unpaired(translation, marks):
            closing = item.closing or _closes_first(item.mark, subject.target_language)
            where = _excerpt(subject.translation, item.at, closing)
            if item.mark == _STRAIGHT and odd:
                # (which of them lacks its partner no mark says: an opening one or a closing one)
                count = translation.count(_STRAIGHT)
                yield _warning(name, f"straight quotation mark {_STRAIGHT} has no partner ({where})" if count == 1
                                     else f"an odd number of straight quotation marks {_STRAIGHT} ({count})")  # fmt: skip
            elif closing:
                yield _warning(name, f"closing {marks.kind} {item.mark} has no opening one ({where})")
            else:
                yield _warning(name, f"{marks.kind} {item.mark} is not closed ({where})")


# ---------------------------------------------------------------------------------------
# mt-flag
# ---------------------------------------------------------------------------------------

# Draft flags that say where a draft came from rather than what is wrong with it.
_INFORMATIONAL_MT_FLAGS = frozenset({"pivot"})


def check_mt_flag(subject: Subject) -> Iterator[Finding]:
    """An approved entry that is still exactly a machine draft the engine flagged:
    approved in a PO editor without a look."""
    flags = [f for f in subject.mt_flags if f not in _INFORMATIONAL_MT_FLAGS]
    if subject.approved and subject.draft_unchanged and flags:
        yield _error("mt-flag", f"approved unchanged machine draft flagged {', '.join(flags)}")


# ---------------------------------------------------------------------------------------
# The table, and running it
# ---------------------------------------------------------------------------------------

CHECKS: dict[str, Check] = {
    "number": check_number,
    "placeholder": check_placeholder,
    "glossary": check_glossary,
    "markup": check_markup,
    "social": check_social,
    "emoji": check_emoji,
    "repetition": check_repetition,
    "untranslated": check_untranslated,
    "whitespace": check_whitespace,
    "length": check_length,
    "invisible": check_invisible,
    "punctuation": check_punctuation,
    "brackets": check_brackets,
    "mt-flag": check_mt_flag,
}
CHECK_NAMES: tuple[str, ...] = tuple(CHECKS)
IGNORE_PREFIX = "ignore-"


class UnknownCheckError(InputError):
    def __init__(self, name: str) -> None:
        super().__init__(f"unknown check {name!r} (known: {', '.join(CHECK_NAMES)})")
        self.name = name


def silenced(flags: Iterable[str]) -> frozenset[str]:
    """The checks an entry's ``ignore-<check>`` flags silence."""
    return frozenset(flag.strip()[len(IGNORE_PREFIX) :] for flag in flags if flag.strip().startswith(IGNORE_PREFIX))


def run(subject: Subject, only: Iterable[str] | None = None) -> list[Finding]:
    """Every check (or the named ones) on one subject, minus those silenced by
    ignore-<check> flags; ``UnknownCheckError`` for a name that is no check."""
    names = set(CHECK_NAMES) if only is None else set(only)
    for name in names - set(CHECK_NAMES):
        raise UnknownCheckError(name)
    if not subject.translation:
        return []
    names -= silenced(subject.flags)
    # (a number the source lacks, found 14 times, is one finding: the same line once)
    return list(dict.fromkeys(finding for name in CHECK_NAMES if name in names for finding in CHECKS[name](subject)))


# Subjects checked in this process below this many; from it on (a build after translators
# worked, ``l10n check`` of a whole archive) a process a core checks a share of them.
PARALLEL_FROM = 2000


def run_all(subjects: Sequence[Subject], only: Iterable[str] | None = None) -> list[list[Finding]]:
    """``run`` on every subject: the findings of each, in order. Thousands are shared
    out among a process a core (``l10n.parallel``), grouped by source text: what the
    checks read of a source (its numbers, markup, repetitions) is worked out in one
    process for all its translations."""
    wanted = None if only is None else tuple(only)
    if wanted is not None:
        for name in set(wanted) - set(CHECK_NAMES):  # (said here, not in a worker)
            raise UnknownCheckError(name)
    from l10n import parallel

    workers = parallel.workers_for(len(subjects), PARALLEL_FROM)
    if workers == 1:
        return [run(subject, wanted) for subject in subjects]
    order = sorted(range(len(subjects)), key=lambda i: (subjects[i].source, subjects[i].source_language))
    chunks = [[subjects[i] for i in share] for share in parallel.shares(order, workers)]
    found = parallel.map_chunks(partial(_run_chunk, wanted), chunks, workers)
    results: list[list[Finding]] = [[] for _ in subjects]
    for index, findings in zip(order, found):
        results[index] = findings
    return results


def _run_chunk(only: tuple[str, ...] | None, subjects: list[Subject]) -> list[list[Finding]]:
    return [run(subject, only) for subject in subjects]
