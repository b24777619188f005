"""A preview of one article's edition in one locale, from its catalog entries as they are now.

A stand-in for the build stage's renderer, kept to one function (``edition``) so that the
review desk can swap it for that one: the article once, in reading order (headline, the
site's chrome lines, teaser, subheadings and paragraphs, footer links), each passage the
approved translation where there is one and the source text otherwise, marked as such.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from l10n.dates import format_date
from l10n.review.queue import Entry
from l10n.states import State

FOOTER_ROLE = "footer link"
_PLACE = {"headline": 0, "title": 0, "chrome": 1, "teaser": 2, "summary": 2, FOOTER_ROLE: 4}
_BODY = 3


@dataclass(frozen=True)
class Passage:
    id: str  # the entry it comes from
    role: str
    text: str
    lang: str  # the language the text is in: the locale's, or the source's when not approved
    state: State
    rejected: bool = False  # a reviewer removed its translation
    markdown: bool = False  # the text is a Markdown article's (its inline markup shows as such)
    withheld: bool = False  # approved, but a check found an error in it: a build publishes the source

    @property
    def approved(self) -> bool:
        return self.state is State.APPROVED and not self.withheld

    @property
    def shown(self) -> str:
        """The text as HTML shows it: a Markdown article's inline markup as elements
        (everything else escaped: ``l10n.inline``), any other text as it is (to be escaped)."""
        if not self.markdown:
            return self.text
        from l10n.inline import to_html

        return to_html(self.text)


@dataclass(frozen=True)
class Preview:
    article: str
    locale: str
    date: str | None  # ISO
    passages: tuple[Passage, ...]

    @property
    def pending(self) -> int:
        return sum(not p.approved for p in self.passages)


def _split_reference(reference: str) -> tuple[str, int]:
    name, _, line = reference.rpartition(":")
    return (name, int(line)) if name and line.isdigit() else (reference, 0)


def _with_date(text: str, date: dt.date | None, language: str) -> str:
    """The site's date line with the date; none at all (as a build shows it) without one."""
    if "{date}" not in text:
        return text
    return text.replace("{date}", format_date(date, language)).strip() if date else ""


def edition(article: str, locale: str, entries: Iterable[Entry],
            withheld: Callable[[Entry], bool] | None = None) -> Preview:
    """The edition of ``article`` in ``locale`` from ``entries`` (the locale's entries: the
    article's own and the chrome ones, which count where their references name its file).
    ``withheld``: whether a build would not publish an approved entry (a check found an
    error in it): its source is shown, as the build shows it."""
    entries = [e for e in entries if e.locale == locale]
    own = [e for e in entries if e.article == article]
    files = {_split_reference(r)[0] for e in own for r in e.references}
    markdown = any(name.endswith(".md") for name in files)  # (the editions show its inline markup)
    date = next((e.date for e in own if e.date), None)
    try:
        day = dt.date.fromisoformat(date[:10]) if date else None
    except ValueError:
        day = None
    placed: list[tuple[tuple[int, int, int], Passage]] = []
    for entry in entries:
        lines = [line for name, line in map(_split_reference, entry.references) if name in files]
        if entry.article != article and not (entry.article is None and lines):
            continue
        kept_back = entry.state is State.APPROVED and withheld is not None and withheld(entry)
        approved = entry.state is State.APPROVED and not kept_back
        language = entry.locale if approved else entry.source_language
        text = entry.msgstr if approved else entry.msgid
        if entry.article is None:  # (the site's date line: an article's own text is shown as written)
            text = _with_date(text, day, language)
        if not text:
            continue
        rank = _PLACE.get(entry.role, _BODY)
        if entry.article is None and rank != _PLACE[FOOTER_ROLE]:
            rank = _PLACE["chrome"]
        placed.append(((rank, min(lines) if lines else entry.line, entry.position),
                       Passage(entry.id, entry.role, text, language, entry.state,
                               rejected=entry.rejected is not None and not approved,
                               markdown=markdown and entry.article == article, withheld=kept_back)))
    placed.sort(key=lambda item: item[0])
    return Preview(article, locale, date, tuple(p for _, p in placed))
