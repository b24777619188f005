"""The glossary: names and terms that survive translation, and how a locale writes them.

``[tool.l10n] glossary`` lists the terms (``Vladimir Putin``); a translation keeps each
verbatim. Where a locale's press writes a name its own way (``Vladimir Poutine`` in French,
``Vladímir Putin`` in Spanish), ``[tool.l10n.glossary_forms.<locale>]`` gives that form, and
a translation into the locale may use it instead. A locale without a table of its own
uses its language's (``pt_BR`` takes ``pt``'s forms; its own table wins where both name a
term).

A ``Glossary`` is a sequence of its terms, so whatever reads the terms alone (marking them
for a reviewer, the ``untranslated`` check) takes it as the plain list it always was; the
checks and the machine-translation engines ask it for a locale's forms.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import overload

Forms = tuple[tuple[str, tuple[tuple[str, str], ...]], ...]
"""locale -> ((term, form), ...), sorted: hashable, comparable, as ``Config`` keeps tables."""


@dataclass(frozen=True)
class Glossary(Sequence[str]):
    """The glossary terms, in the order configured, with each locale's forms of some."""

    terms: tuple[str, ...] = ()
    forms: Forms = ()

    @classmethod
    def of(cls, terms: Sequence[str], forms: Mapping[str, Mapping[str, str]] | None = None) -> Glossary:
        tables = forms or {}
        return cls(tuple(terms), tuple(sorted((locale, tuple(sorted(table.items()))) for locale, table in tables.items())))

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...

    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        return self.terms[index]

    def __len__(self) -> int:
        return len(self.terms)

    def __iter__(self) -> Iterator[str]:
        return iter(self.terms)

    def forms_for(self, locale: str) -> dict[str, str]:
        """term -> the form ``locale`` writes it in, for the terms it writes its own way."""
        tables = dict(self.forms)
        language = re.split(r"[_@.-]", locale, maxsplit=1)[0].lower()
        found = dict(tables.get(language, ()))
        if locale != language:
            found.update(tables.get(locale, ()))
        return found

    def written(self) -> tuple[str, ...]:
        """Every way a term is written: the terms, and each locale's forms of them."""
        return tuple(dict.fromkeys([*self.terms, *(form for _, table in self.forms for _, form in table)]))

    def replacements(self, locale: str) -> dict[str, str]:
        """What each way of writing a term (``written``) becomes in ``locale``: its form
        there, else the term itself. A draft that went through a pivot language, where the
        name took that language's form, comes out in the target's (or as the term)."""
        own = self.forms_for(locale)
        out = {term: own.get(term, term) for term in self.terms}
        for _, table in self.forms:
            for term, form in table:
                out.setdefault(form, own.get(term, term))
        return out


def forms_for(glossary: Sequence[str], locale: str) -> dict[str, str]:
    """``Glossary.forms_for``; a plain list of terms has no forms."""
    return glossary.forms_for(locale) if isinstance(glossary, Glossary) else {}


def written(glossary: Sequence[str]) -> tuple[str, ...]:
    """``Glossary.written``; a plain list of terms is written as it is."""
    return glossary.written() if isinstance(glossary, Glossary) else tuple(glossary)


def replacements(glossary: Sequence[str], locale: str) -> dict[str, str]:
    """``Glossary.replacements``; a plain list of terms keeps every term as it is."""
    return glossary.replacements(locale) if isinstance(glossary, Glossary) else {t: t for t in glossary}


def forms_of(glossary: Sequence[str]) -> Forms:
    """Every locale's forms (for a key of what was checked with them)."""
    return glossary.forms if isinstance(glossary, Glossary) else ()
