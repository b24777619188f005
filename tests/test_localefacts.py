"""Babel's answers remembered by builds (``.l10n/cache/locale-facts.ledger``): the editions
show what Babel says, whatever became of the ledger."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
from babel.dates import format_date

from build_fixtures import built  # noqa: F401 - (a fixture)
from conftest import CliCall
from l10n import localefacts

ARTICLE = "eu-ai-act-enforcement"  # Veröffentlicht am 12.03.2026
DATE = dt.date(2026, 3, 12)


def ledger(cli: CliCall) -> Path:
    return cli.root / ".l10n" / "cache" / "locale-facts.ledger"


def shown_dates(cli: CliCall) -> dict[str, bool]:
    """Whether each locale's edition shows the date as Babel writes it there."""
    return {locale: format_date(DATE, "long", locale=locale) in
            (cli.root / "build" / locale / f"{ARTICLE}.md").read_text(encoding="utf-8")
            for locale in ("de", "en", "fr", "es")}


def rebuild(cli: CliCall) -> None:
    """The editions made again, by a build that knows only what the ledger holds (as a
    command's own process would: this one's answers are forgotten)."""
    shutil.rmtree(cli.root / "build")
    localefacts._MEMORY.clear()
    cli("build", "--no-mt")


def test_a_build_remembers_the_answers_and_shows_babels_dates(built: CliCall) -> None:
    assert shown_dates(built) == {"de": True, "en": True, "fr": True, "es": True}
    data = ledger(built).read_bytes()
    assert format_date(DATE, "long", locale="fr").encode("utf-8") in data and b"months:de,en" in data
    rebuild(built)  # from what the ledger remembers
    assert shown_dates(built) == {"de": True, "en": True, "fr": True, "es": True}


@pytest.mark.parametrize("damage", [
    ("12. März 2026".encode("utf-8"), "6. Januar 2099".encode("utf-8")),  # another date
    ("12. März 2026".encode("utf-8"), b"9999999999999"),  # a number
    (b'"marz":3', b'"marz":4'),  # March read as April
])
def test_an_answer_the_ledger_no_longer_holds_as_written_is_asked_again(built: CliCall,
                                                                       damage: tuple[bytes, bytes]) -> None:
    old, new = damage
    article = built.root / "articles" / f"{ARTICLE}.txt"  # (its date written out: read by month names)
    article.write_text(article.read_text(encoding="utf-8").replace("am 12.03.2026", "am 12. März 2026"),
                       encoding="utf-8")
    rebuild(built)
    data = ledger(built).read_bytes()
    assert old in data
    # a value of the same length keeps the ledger's sizes: the damage reads as JSON
    ledger(built).write_bytes(data.replace(old, new[:len(old)].ljust(len(old), b" ")))
    rebuild(built)
    assert shown_dates(built) == {"de": True, "en": True, "fr": True, "es": True}


def test_a_ledger_that_does_not_read_is_no_error(built: CliCall) -> None:
    ledger(built).write_bytes(os.urandom(4000))
    rebuild(built)
    assert shown_dates(built) == {"de": True, "en": True, "fr": True, "es": True}
    ledger(built).unlink()
    ledger(built).mkdir()
    rebuild(built)
    assert shown_dates(built) == {"de": True, "en": True, "fr": True, "es": True}
