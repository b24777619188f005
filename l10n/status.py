"""``l10n status``: progress per locale and catalog, counted from the entry states."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from l10n.catalogs import store
from l10n.config import Config
from l10n.states import State, state
from l10n.workspace import existing_catalogs, selected_locales


@dataclass(frozen=True)
class CatalogStatus:
    locale: str
    catalog: str  # path relative to the workspace
    total: int
    approved: int
    machine: int
    needs_review: int
    untranslated: int
    words: int  # source words in the catalog's active entries
    words_approved: int
    obsolete: int
    orphaned: bool  # its template is gone (the article was removed); kept, never deleted

    @property
    def percent_approved(self) -> float:
        return 100.0 * self.approved / self.total if self.total else 100.0


@dataclass(frozen=True)
class StatusResult:
    catalogs: tuple[CatalogStatus, ...]

    def to_json(self) -> list[dict[str, object]]:
        return [asdict(c) for c in self.catalogs]


def count(locale: str, path: Path, shown_as: str, orphaned: bool = False) -> CatalogStatus:
    catalog = store.read(path, shown_as)
    states: Counter[State] = Counter()
    words = words_approved = 0
    for message in catalog.active:
        current = state(message)
        states[current] += 1
        n = len(message.msgid.split())
        words += n
        if current is State.APPROVED:
            words_approved += n
    return CatalogStatus(
        locale=locale,
        catalog=shown_as,
        total=len(catalog.active),
        approved=states[State.APPROVED],
        machine=states[State.MACHINE],
        needs_review=states[State.NEEDS_REVIEW],
        untranslated=states[State.UNTRANSLATED],
        words=words,
        words_approved=words_approved,
        obsolete=len(catalog.obsolete),
        orphaned=orphaned,
    )


def run(config: Config, locales: Iterable[str] = ()) -> StatusResult:
    chosen = selected_locales(config, locales)
    return StatusResult(tuple(count(ref.locale, ref.path, config.relative(ref.path), not ref.template.is_file()) for ref in existing_catalogs(config, chosen)))
