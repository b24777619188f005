"""``l10n status``: progress per locale and catalog, counted from the entry states."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from l10n import cache
from l10n.catalogs import store
from l10n.catalogs.model import Catalog
from l10n.config import Config
from l10n.errors import CatalogError, L10nError, ONE_CATALOG, exit_code
from l10n.states import State, draft_flags, state
from l10n.workspace import Refused, existing_catalogs, orphaned, selected_locales


@dataclass(frozen=True)
class Counts:
    total: int = 0
    approved: int = 0
    machine: int = 0
    needs_review: int = 0
    untranslated: int = 0
    flagged: int = 0  # drafts (machine or needs review) the engine flagged as suspect, their text still the draft
    words: int = 0  # source words in the active entries
    words_approved: int = 0
    obsolete: int = 0
    # plural entries (msgid_plural) among the machine and needs-review ones: the review
    # queue shows no plural forms, so they are reviewed in a PO editor, not waiting in it
    plural_review: int = 0
    plural_machine: int = 0  # of those, the machine drafts

    @property
    def queue(self) -> int:
        """Entries waiting in the review queue: machine drafts and needs-review entries,
        but for the plural ones (``plural_review``: for a PO editor)."""
        return self.machine + self.needs_review - self.plural_review

    @property
    def percent_approved(self) -> float:
        return 100.0 * self.approved / self.total if self.total else 100.0

    def __add__(self, other: Counts) -> Counts:
        return Counts(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(Counts)})


@dataclass(frozen=True)
class CatalogStatus:
    locale: str
    catalog: str  # path relative to the workspace
    counts: Counts
    # its template is gone (the article was removed: ``workspace.orphaned``); kept, never
    # deleted, and out of the review queue
    orphaned: bool
    # the catalog does not read, or msgfmt --check refuses it (then counted all the same): FILE:LINE: reason
    error: str | None = None

    @property
    def queue(self) -> int:
        """Its entries in the review queue: none for an orphaned catalog (no edition reads
        them; its machine and needs-review counts still say what the file holds)."""
        return 0 if self.orphaned else self.counts.queue

    def to_json(self) -> dict[str, object]:
        return {"locale": self.locale, "catalog": self.catalog, **asdict(self.counts),
                "queue": self.queue, "orphaned": self.orphaned,
                "state": "invalid" if self.error else "orphaned" if self.orphaned else "ok", "error": self.error}


@dataclass(frozen=True)
class LocaleStatus:
    locale: str
    catalogs: int
    invalid: int
    counts: Counts  # every catalog's entries, orphaned ones too
    # the review queue: machine drafts and needs-review entries of the catalogs whose
    # article is still there (the sum of their ``CatalogStatus.queue``), as ``review list``,
    # ``translate``'s next step and ``build`` count it
    waiting: int = 0
    waiting_machine: int = 0
    # plural entries of those catalogs that wait for review in a PO editor (not in the queue)
    plural_waiting: int = 0

    def to_json(self) -> dict[str, object]:
        return {"locale": self.locale, "catalogs": self.catalogs, "invalid": self.invalid, **asdict(self.counts),
                "queue": self.waiting, "waiting": self.waiting, "plural_waiting": self.plural_waiting,
                "percent_approved": round(self.counts.percent_approved, 1)}


@dataclass(frozen=True)
class StatusResult:
    catalogs: tuple[CatalogStatus, ...]
    locales: tuple[LocaleStatus, ...]

    @property
    def errors(self) -> tuple[L10nError, ...]:
        return tuple(L10nError(c.error) for c in self.catalogs if c.error)

    @property
    def exit_code(self) -> int:
        return exit_code(self.errors)



def count_catalog(catalog: Catalog) -> Counts:
    states: Counter[State] = Counter()
    words = words_approved = flagged = plural_review = plural_machine = 0
    active = 0
    for message in catalog.messages:
        if message.obsolete:
            continue
        active += 1
        current = state(message)
        states[current] += 1
        if message.pluralizable and current in (State.MACHINE, State.NEEDS_REVIEW):
            plural_review += 1
            plural_machine += current is State.MACHINE
        n = len(message.msgid.split())
        words += n
        if current is State.APPROVED:
            words_approved += n
        elif current is not State.UNTRANSLATED and draft_flags(message):
            flagged += 1
    return Counts(
        total=active,
        approved=states[State.APPROVED],
        machine=states[State.MACHINE],
        needs_review=states[State.NEEDS_REVIEW],
        untranslated=states[State.UNTRANSLATED],
        flagged=flagged,
        words=words,
        words_approved=words_approved,
        obsolete=len(catalog.messages) - active,
        plural_review=plural_review,
        plural_machine=plural_machine,
    )


def count(locale: str, path: Path, name: str, shown: str, orphaned: bool = False,
          ledger: cache.Ledger | None = None) -> CatalogStatus:
    """The counts of one catalog (from ``ledger`` when the file is as it was counted)."""
    seen = ledger.get(name) if ledger is not None else None
    if ledger is not None and seen and ledger.unchanged(path, seen.get("catalog")):
        return CatalogStatus(locale, name, Counts(**seen["counts"]), orphaned)
    try:
        counts = count_catalog(store.read(path, shown))
    except CatalogError as exc:
        # One that reads but that msgfmt --check refuses (a translation that lost its {date})
        # is counted all the same, as check and review read it; the row says why it is invalid.
        try:
            counts = count_catalog(store.read(path, shown, strict=False))
        except ONE_CATALOG:
            counts = Counts()
        return CatalogStatus(locale, name, counts, orphaned, exc.message)
    except ONE_CATALOG as exc:
        return CatalogStatus(locale, name, Counts(), orphaned, exc.message)
    if ledger is not None:
        ledger.put(name, {"catalog": cache.record(path), "counts": asdict(counts)})
    return CatalogStatus(locale, name, counts, orphaned)


def run(config: Config, locales: Iterable[str] = ()) -> StatusResult:
    chosen = selected_locales(config, locales)
    ledger = cache.Ledger.open(config, "status")
    outside: Refused = []  # (catalogs linked out of the workspace: named on their row, never read)
    found = {ref: count(ref.locale, ref.path, config.relative(ref.path), config.shown(ref.path),
                        orphaned(config, ref.domain), ledger)
             for ref in existing_catalogs(config, chosen, outside)}
    found.update((ref, CatalogStatus(ref.locale, config.relative(ref.path), Counts(), orphaned(config, ref.domain),
                                     error.message)) for ref, error in outside)
    catalogs = tuple(found[ref] for ref in sorted(found, key=lambda ref: (chosen.index(ref.locale), ref.domain)))
    ledger.save()
    totals = []
    for locale in chosen:
        mine = [c for c in catalogs if c.locale == locale]
        total = Counts()
        for c in mine:
            total = total + c.counts
        totals.append(LocaleStatus(locale, len(mine), sum(1 for c in mine if c.error), total,
                                   sum(c.queue for c in mine),
                                   sum(c.counts.machine - c.counts.plural_machine for c in mine if not c.orphaned),
                                   sum(c.counts.plural_review for c in mine if not c.orphaned)))
    return StatusResult(catalogs, tuple(totals))
