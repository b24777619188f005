"""``l10n check``: the quality checks of ``l10n.checks`` over a workspace's translations.

The checks themselves are pure functions of one translation (``l10n.checks``); this module
feeds them the entries of the catalogs (approved and machine entries: what is or may soon
be published) and gathers their findings. The review queue shows the same findings per
entry, and ``accept`` refuses an entry with an error finding unless forced.

A catalog that reads but that msgfmt (so ``l10n compile``) refuses for what no check of one
translation shows (its plural forms, its header, a newline at one end only) is reported
as an error of that catalog, in one line (exit 1): ``check`` passing means it compiles.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from l10n import cache, checks
from l10n.catalogs.model import Catalog
from l10n.config import Config
from l10n.errors import L10nError, exit_code
from l10n.glossary import forms_for
from l10n.review import queue as queue_mod
from l10n.review.queue import Entry
from l10n.states import State
from l10n.workspace import CatalogRef

CHECKED_STATES = (State.APPROVED, State.MACHINE)


@dataclass(frozen=True)
class EntryFinding:
    entry: Entry
    finding: checks.Finding

    def to_json(self) -> dict[str, object]:
        e, f = self.entry, self.finding
        return {"locale": e.locale, "catalog": e.catalog, "article": e.article, "id": e.id, "msgctxt": e.msgctxt,
                "msgid": e.msgid, "msgstr": e.msgstr, "state": e.state.value, "check": f.check,
                "severity": f.severity, "message": f.message}


def subject(entry: Entry, glossary: Sequence[str]) -> checks.Subject:
    """What the checks look at for ``entry``; ``glossary`` (``Config.glossary``) with the
    forms of its terms in the entry's locale."""
    return checks.Subject(
        source=entry.msgid,
        translation=entry.msgstr,
        source_language=entry.source_language,
        target_language=entry.locale,
        flags=entry.po_flags,
        glossary=tuple(glossary),
        glossary_forms=tuple(sorted(forms_for(glossary, entry.locale).items())),
        mt_flags=entry.flags,
        approved=entry.state is State.APPROVED,
        draft_unchanged=entry.draft_unchanged,
    )


def findings(entry: Entry, glossary: Sequence[str], text: str | None = None) -> list[checks.Finding]:
    """The findings for ``entry``'s translation (or for ``text`` in its place)."""
    translation = entry.msgstr if text is None else text
    if not translation:
        return []
    found = subject(entry, glossary)
    if text is not None:
        from dataclasses import replace

        found = replace(found, translation=text, draft_unchanged=entry.draft_unchanged and text == entry.msgstr)
    return checks.run(found)


def blockers(config: Config) -> Callable[[Entry], list[str]]:
    """For ``review accept``: the error findings of an entry, as lines."""

    def errors_of(entry: Entry) -> list[str]:
        return [f"{f.check}: {f.message}" for f in findings(entry, config.glossary) if f.severity == "error"]

    return errors_of


@dataclass(frozen=True)
class CheckResult:
    findings: tuple[EntryFinding, ...]
    checked: int
    strict: bool
    errors: tuple[L10nError, ...] = ()  # catalogs that do not read

    @property
    def error_count(self) -> int:
        return sum(1 for f in self.findings if f.finding.severity == "error")

    @property
    def exit_code(self) -> int:
        if self.strict and self.error_count:
            return 1
        return exit_code(self.errors)

    def to_json(self) -> list[dict[str, object]]:
        return [f.to_json() for f in self.findings]


class Remembered:
    """Findings remembered between runs, by everything a check looks at (a ledger under
    ``.l10n/``): a stage that checks whole catalogs checks again only the entries that
    changed. Use as a context manager; the ledger is saved at the end."""

    LIMIT = 300_000  # entries remembered before the ones not looked at are forgotten

    def __init__(self, config: Config, save: bool = True) -> None:
        self.ledger = cache.Ledger.open(config, "checks")
        self.used: set[str] = set()
        self.save = save

    def __enter__(self) -> Remembered:
        return self

    def __exit__(self, *exc: object) -> None:
        if not self.save:
            return
        if len(self.ledger.entries) > self.LIMIT:  # forget what this run did not look at
            self.ledger.keep_only(self.used)
        self.ledger.save()

    def run(self, found: checks.Subject) -> list[checks.Finding]:
        return self.run_all([found])[0]

    def run_all(self, subjects: Sequence[checks.Subject]) -> list[list[checks.Finding]]:
        """``checks.run_all`` on the subjects not remembered (each distinct one once)."""
        keys = [cache.digest(repr(found).encode("utf-8")) for found in subjects]
        self.used.update(keys)
        known: dict[str, list[checks.Finding]] = {}
        missing: dict[str, checks.Subject] = {}
        for key, found in zip(keys, subjects):
            if key in known or key in missing:
                continue
            remembered = self.ledger.get(key)
            if isinstance(remembered, list):
                known[key] = [checks.Finding(*item) for item in remembered]
            else:
                missing[key] = found
        for key, result in zip(missing, checks.run_all(list(missing.values()))):
            self.ledger.put(key, [[f.check, f.severity, f.message] for f in result])
            known[key] = result
        return [known[key] for key in keys]


def catalog_findings(config: Config, ref: CatalogRef, catalog: Catalog,
                     remembered: Remembered | None = None) -> list[EntryFinding]:
    """The findings of one catalog's approved and machine entries (for a stage that has
    the catalog in hand: the build's check stage)."""
    return catalogs_findings(config, [(ref, catalog)], remembered)[0]


def catalogs_findings(config: Config, catalogs: Sequence[tuple[CatalogRef, Catalog]],
                      remembered: Remembered | None = None) -> list[list[EntryFinding]]:
    """``catalog_findings`` of each catalog, their entries checked together (by a process
    a core when there are thousands: ``checks.run_all``)."""
    checked = [[entry for entry in queue_mod.entries_of(config, ref, catalog.messages, None)
                if entry.state in CHECKED_STATES] for ref, catalog in catalogs]
    subjects = [subject(entry, config.glossary) for entries in checked for entry in entries]
    results = iter(remembered.run_all(subjects) if remembered is not None else checks.run_all(subjects))
    return [[EntryFinding(entry, finding) for entry in entries for finding in next(results)]
            for entries in checked]


def run(config: Config, locales: Iterable[str] = (), article: str | None = None, strict: bool = False,
        only: Iterable[str] | None = None) -> CheckResult:
    workspace = queue_mod.load(config, locales, article, refusals=True)
    wanted = list(only) if only is not None else None
    results: list[EntryFinding] = []
    entries = list(workspace.queue(states=CHECKED_STATES))
    found = checks.run_all([subject(entry, config.glossary) for entry in entries], wanted)
    for entry, findings_of_entry in zip(entries, found):
        results += [EntryFinding(entry, finding) for finding in findings_of_entry]
    return CheckResult(tuple(results), len(entries), strict, (*workspace.errors, *workspace.refused))
