"""Publication dates: read once from an article, kept as ISO dates, shown per locale.

``read_date(text, languages)`` understands what news pages and front matter carry: ISO
dates (``2026-03-12``, also with a time), German and other day-first numeric dates
(``12.03.2026``, ``12/03/2026``, ``12.03.26``), and written-out dates in the languages
given: a build gives the site's two, its chrome's and its body's (``12. März 2026``,
``March 12, 2026``; ``12 mars 2026`` for a site that writes French), month and weekday
names taken from Babel's locale data; a weekday before the date and a time after it are
left aside (``Donnerstag, 12. März 2026, 14:30 Uhr``). It returns ``None`` for anything
else: a date is never guessed.
``format_date(date, locale)`` is Babel's long format for the locale (``1er`` for the first
of a month in French).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable

from l10n import localefacts

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][0-9:.+\-Z]*)?$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4}|\d{2})$")
# A time after the date, as pages give it: "12.03.2026, 14:30 Uhr", "12 March 2026 at 2:30
# p.m.", "12/03/2026 - 14h30 CET". The date stands without it (editions show dates only).
_TIME_AFTER = re.compile(
    r"(?:\s*,\s*|\s+)(?:(?:um|at|à|a las|alle|kl\.?|-|–|\|)\s*)?\d{1,2}(?:[:.h]\d{2}){1,2}\s*"
    r"(?:Uhr|h|[ap]\.?\s?m\.?|MEZ|MESZ|CET|CEST|UTC|GMT|[+-]\d{2}:?\d{2})?\.?$", re.IGNORECASE)
# A weekday before it: "Donnerstag, 12. März 2026", "Thu 12.03.2026".
_FIRST_WORD = re.compile(r"^([^\W\d_]+)\.?,?\s+(?=\S)")
_WORDS = re.compile(r"[^\W\d_]+\.?|\d+\.?|,", re.UNICODE)


def _fold(word: str) -> str:
    word = unicodedata.normalize("NFKD", word.lower().rstrip("."))
    return "".join(c for c in word if not unicodedata.combining(c))


def _calendar_names(languages: tuple[str, ...], field: str, widths: tuple[str, ...]) -> list[tuple[str, int]]:
    """Babel's names of months or days (``field``) in ``languages``, folded, with their
    numbers, in the order of the languages given."""
    from babel import Locale, UnknownLocaleError

    names: list[tuple[str, int]] = []
    for language in languages:
        try:
            locale = Locale.parse(language)
        except (UnknownLocaleError, ValueError):
            continue
        for context in ("format", "stand-alone"):
            for width in widths:
                names += [(_fold(name), int(number))
                          for number, name in getattr(locale, field).get(context, {}).get(width, {}).items()]
    return names


def _month_names(languages: tuple[str, ...]) -> dict[str, int]:
    def ask() -> dict[str, int]:
        names: dict[str, int] = {}
        for name, number in _calendar_names(languages, "months", ("wide", "abbreviated")):
            names.setdefault(name, number)
        return names

    return localefacts.answer(f"months:{','.join(languages)}", ask, localefacts.is_month_table)


def month_number(name: str, language: str) -> int | None:
    """The month ``name`` (wide or abbreviated, any case and accents) stands for in
    ``language``, as Babel names them; None for another word."""
    return _month_names((language,)).get(_fold(name))


def _weekday_names(languages: tuple[str, ...]) -> frozenset[str]:
    def ask() -> list[str]:
        return sorted({name for name, _ in _calendar_names(languages, "days", ("wide", "abbreviated", "short"))})

    return frozenset(localefacts.answer(f"weekdays:{','.join(languages)}", ask, localefacts.is_texts))


def _full_year(year: str) -> int:
    """A year as written: "12.03.26" as strptime's %y reads it (69-99: the 1900s)."""
    number = int(year)
    if len(year) == 2:
        number += 1900 if number >= 69 else 2000
    return number


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# A day's date in figures: ISO (2026-06-26), or day first with dots, slashes or hyphens
# (26.06.2026, 26/06/2026, 1.5.26); and written out, day first (26. Juni 2026, 1er mai
# 2026, 26 de junio de 2026) or month first (June 26, 2026).
_FIGURES_DATE = re.compile(r"(?<![\d.,/-])(?:(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})([./-])(\d{1,2})\5(\d{4}|\d{2}))"
                           r"(?!\d|[.,/-]\d)")
_DAY_MONTH_YEAR = re.compile(r"(?<![\d.,])(\d{1,2})(?:\.º|\.|er|º|o|st|nd|rd|th)?\s+(?:de\s+|of\s+)?([^\W\d_]+)\.?,?"
                             r"\s+(?:de\s+)?(\d{4})(?!\d)")
_MONTH_DAY_YEAR = re.compile(r"(?<![^\W\d_])([^\W\d_]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?!\d)")


def _day(year: str, month: str, day: str) -> dt.date | None:
    return _date(_full_year(year), int(month), int(day))


def dates_in(text: str, language: str | None, slashes_month_first: bool = False) -> list[tuple[tuple[int, int], dt.date]]:
    """The dates found in ``text`` (spans and days), for the number check: in figures,
    and with ``language`` written out with its month names too; ``slashes_month_first``:
    6/26/2026 is read as English writes it as well. (``read_date`` reads a text that is a
    date; this finds the dates in a sentence.)"""
    found = []
    for m in _FIGURES_DATE.finditer(text):
        if m.group(1):
            day = _day(m.group(1), m.group(2), m.group(3))
        else:
            day = _day(m.group(7), m.group(6), m.group(4))
            if day is None and slashes_month_first and m.group(5) == "/":
                day = _day(m.group(7), m.group(4), m.group(6))
        if day is not None:
            found.append((m.span(), day))
    if language is not None and any(c.isalpha() for c in text):
        for m in _DAY_MONTH_YEAR.finditer(text):
            month = month_number(m.group(2), language)
            day = _day(m.group(3), str(month), m.group(1)) if month else None
            if day is not None:
                found.append((m.span(), day))
        for m in _MONTH_DAY_YEAR.finditer(text):
            month = month_number(m.group(1), language)
            day = _day(m.group(3), str(month), m.group(2)) if month else None
            if day is not None:
                found.append((m.span(), day))
    return found


def read_date(text: object, languages: Iterable[str] = ("de", "en")) -> dt.date | None:
    """The date ``text`` names, or None. ``text`` may already be a date (YAML gives those)."""
    if isinstance(text, dt.datetime):
        return text.date()
    if isinstance(text, dt.date):
        return text
    if not isinstance(text, str):
        return None
    value = " ".join(text.split())
    if not value:
        return None
    match = _ISO.match(value)
    if match:
        year, month, day = map(int, match.groups())
        return _date(year, month, day)
    languages = tuple(languages)
    months = _month_names(languages)
    weekday = _FIRST_WORD.match(value)
    if weekday and _fold(weekday.group(1)) in _weekday_names(languages) and _fold(weekday.group(1)) not in months:
        value = value[weekday.end():]  # (not "Mar 12, 2026": "mar" is Tuesday in French, March in English)
    for candidate in (value, _TIME_AFTER.sub("", value)):  # (the date alone first: "12.03.26" is no time)
        match = _DAY_FIRST.match(candidate)
        if match:
            day, month = int(match.group(1)), int(match.group(2))
            return _date(_full_year(match.group(3)), month, day)
    return _written_out(_TIME_AFTER.sub("", value), months)


def shaped_like_a_date(text: object) -> bool:
    """Whether ``text`` has a date's digits (``31.02.2026``, ``2026-02-30``), whether or not
    they make a day of the calendar."""
    value = " ".join(str(text).split())
    return bool(_ISO.match(value) or _DAY_FIRST.match(_TIME_AFTER.sub("", value)))


def _written_out(value: str, months: dict[str, int]) -> dt.date | None:
    """``12. März 2026``, ``March 12, 2026``, ``12 de marzo de 2026``: one month name, one
    day (1-31) and one four-digit year, nothing else but commas and small words."""
    month = day = year = None
    for token in _WORDS.findall(value):
        if token == ",":
            continue
        bare = token.rstrip(".")
        if bare.isdigit():
            if len(bare) == 4 and year is None:
                year = int(bare)
            elif len(bare) <= 2 and day is None:
                day = int(bare)
            else:
                return None
            continue
        number = months.get(_fold(bare))
        if number is not None and month is None:
            month = number
        elif len(bare) > 3:  # "de", "of", "am" may stand between the parts; words may not
            return None
    if month is None or day is None or year is None:
        return None
    return _date(year, month, day)


def format_date(date: dt.date, locale: str) -> str:
    """``date`` in the long format of ``locale``: ``12. März 2026``, ``March 12, 2026``;
    French writes the first of a month as an ordinal, which Babel's pattern (``d MMMM y``)
    does not: ``1er octobre 2025``."""
    text = _long_date(date, locale)
    if date.day == 1 and locale.split("_")[0] == "fr" and text.startswith("1 "):
        return "1er " + text[2:]
    return text


def _long_date(date: dt.date, locale: str) -> str:
    def ask() -> str:
        from babel import UnknownLocaleError
        from babel.dates import format_date as babel_format

        try:
            return str(babel_format(date, "long", locale=locale))
        except (UnknownLocaleError, ValueError):
            return date.isoformat()

    return localefacts.answer(f"date:{date.isoformat()}:{locale}", ask, localefacts.is_text)
