"""The entries of a workspace and the review queue, read from the .po files.

``load(config)`` reads every catalog once and returns a ``Workspace``: each active entry
as an ``Entry`` (with its short ID, article, role, state and where it came from). The
queue of a locale is every machine and needs-review entry, in the order a reviewer should
take them: chrome first (it is on every page), then articles newest first (by the
article's date; undated ones last), and inside an article the headline, the teaser, then
subheadings and paragraphs in reading order. Plural entries (msgid_plural) are not in it:
a PO editor shows their every plural form; ``Workspace.plurals`` names those that wait.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from l10n.catalogs import store, validate
from l10n.catalogs.model import Message
from l10n.config import Config
from l10n.errors import CatalogError, L10nError, ONE_CATALOG, UsageError
from l10n.review import ids
from l10n.sources import ARTICLE_DATE_HEADER
from l10n.states import (DRAFT_PREFIX, ORIGIN, QUEUE_STATES, REJECTED, State, draft_flags, draft_unchanged, marker,
                         state)
from l10n.workspace import CatalogRef, Refused, existing_catalogs, orphaned, selected_locales, source_language

ROLE_ORDER = {"headline": 0, "title": 0, "teaser": 1, "summary": 1}
_REFERENCE_LINE = re.compile(r":(\d+)$")


@dataclass(frozen=True)
class Entry:
    key: str  # the full hash; ``id`` is its short form
    id: str
    locale: str
    catalog: str  # the .po, relative to the workspace
    domain: str  # "chrome" or "articles/<slug>"
    article: str | None  # the slug; None for chrome
    role: str  # headline, teaser, subheading, paragraph, chrome, footer link, ...
    msgctxt: str | None
    msgid: str
    msgstr: str
    state: State
    origin: str | None  # the l10n-origin comment: engine, model, date, source hash
    flags: tuple[str, ...]  # what the machine draft was flagged with (l10n-flag), while its text is the draft
    po_flags: tuple[str, ...]  # the entry's PO flags (python-brace-format, ignore-..., fuzzy)
    previous_msgid: str | None  # the old source of a needs-review entry (#|)
    rejected: str | None  # the l10n-rejected comment
    draft_unchanged: bool  # the translation is still exactly the draft its origin names
    references: tuple[str, ...]
    source_language: str
    date: str | None  # the article's publication date (ISO)
    position: int  # the entry's place in its catalog
    line: int  # the first line it comes from in the article (0: unknown)

    @property
    def queued(self) -> bool:
        return self.state in QUEUE_STATES

    @property
    def edited_since(self) -> bool:
        """Whether a person changed the text of the machine draft its origin names."""
        return bool(self.origin and DRAFT_PREFIX in self.origin and self.msgstr and not self.draft_unchanged)

    @property
    def provenance(self) -> str:
        """Where the translation came from, as a reviewer reads it: the draft's origin, and
        whether a person has changed the text since (the origin records the draft's hash)."""
        if not self.origin:
            return "unknown (written in a PO editor?)" if self.msgstr else "none yet"
        return self.origin + ("  (the text edited by a person since)" if self.edited_since else "")

    def sort_key(self) -> tuple[object, ...]:
        chrome = self.domain == "chrome"
        # Newest first: dates as negative ordinals; undated after every dated article.
        date_rank = (0, "") if chrome else ((1, _negated(self.date)) if self.date else (2, ""))
        return (date_rank, self.article or "", ROLE_ORDER.get(self.role, 2) if not chrome else 0,
                self.line if not chrome else self.position, self.position)

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "locale": self.locale,
            "catalog": self.catalog,
            "article": self.article,
            "role": self.role,
            "msgctxt": self.msgctxt,
            "msgid": self.msgid,
            "msgstr": self.msgstr,
            "state": self.state.value,
            "origin": self.origin,
            "flags": list(self.flags),
            "po_flags": list(self.po_flags),
            "previous_msgid": self.previous_msgid,
            "references": list(self.references),
            "date": self.date,
        }


@dataclass(frozen=True)
class Plural:
    """A plural entry (msgid_plural) waiting for review: not in the queue, which shows one
    text an entry; a PO editor shows every plural form."""

    locale: str
    catalog: str  # relative to the workspace
    article: str | None
    msgctxt: str | None
    msgid: str
    state: State


def _negated(date: str) -> str:
    """A string that sorts newest-first for ISO dates: each digit replaced by 9 - digit."""
    return "".join(str(9 - int(c)) if c.isdigit() else c for c in date)


@dataclass
class Workspace:
    """Every active entry of the chosen locales, with IDs unique across the workspace."""

    config: Config
    entries: list[Entry]
    errors: list[L10nError] = field(default_factory=list)  # catalogs that do not read
    # catalogs that read, but that msgfmt refuses for what no entry's check shows (plural
    # forms, the header, newlines at the ends): compile refuses them too
    refused: list[CatalogError] = field(default_factory=list)
    all_keys: set[str] = field(default_factory=set)  # every locale's keys (for IDs)
    # catalogs (workspace-relative) whose template is gone: their article was removed
    # (``workspace.orphaned``, as ``l10n status`` marks them); their entries wait for no one
    orphaned: frozenset[str] = frozenset()
    # the plural entries (msgid_plural) of the chosen catalogs that a reviewer would take
    # (machine or needs review): the queue shows no plural forms, a PO editor does
    plurals: list[Plural] = field(default_factory=list)

    def updated(self, entries: Iterable[Entry]) -> Workspace:
        """This workspace with ``entries`` as they are now (an action of this session made
        them so): a session that stays open compares its next action with them, not with
        what it read before its own action."""
        now = {e.key: e for e in entries}
        if not now:
            return self
        return replace(self, entries=[now.get(e.key, e) for e in self.entries])

    def by_key(self) -> dict[str, Entry]:
        return {e.key: e for e in self.entries}

    def find(self, typed: str) -> Entry | None:
        """The entry an ID names (any unique prefix); None for an unknown ID."""
        key = ids.resolve(typed, self.all_keys)
        return None if key is None else self.by_key().get(key)

    def plurals_waiting(self, locale: str | None = None, article: str | None = None,
                        states: Sequence[State] = QUEUE_STATES) -> list[Plural]:
        """The plural entries the queue of these filters would hold if it showed plural
        forms: they wait for review in a PO editor."""
        return [p for p in self.plurals if p.state in states and p.catalog not in self.orphaned
                and (locale is None or p.locale == locale) and (article is None or p.article == article)]

    def queue(self, locale: str | None = None, article: str | None = None,
              states: Sequence[State] = QUEUE_STATES, origin: str | None = None) -> list[Entry]:
        chosen = [e for e in self.entries if e.state in states and e.catalog not in self.orphaned
                  and (locale is None or e.locale == locale)
                  and (article is None or e.article == article)
                  and (origin is None or _origin_kind(e.origin) == origin)]
        return sorted(chosen, key=lambda e: (e.locale, *e.sort_key()))


def _origin_kind(origin: str | None) -> str | None:
    """"memory" for translation-memory drafts, "mt" for machine ones, else None."""
    if origin is None:
        return None
    if origin.startswith("tm "):
        return "memory"
    if origin.startswith(("mt ", "pivot ")):
        return "mt"
    return None


ORIGIN_KINDS = ("memory", "mt")


def role_of(message: Message, domain: str) -> str:
    for comment in message.extracted_comments:
        role = comment.strip()
        if role:
            return role
    return "chrome" if domain == "chrome" else "paragraph"


def _first_line(references: Sequence[str]) -> int:
    for reference in references:
        match = _REFERENCE_LINE.search(reference)
        if match:
            return int(match.group(1))
    return 0


def _template_dates(config: Config, refs: Iterable[CatalogRef]) -> dict[Path, str | None]:
    dates: dict[Path, str | None] = {}
    for ref in refs:
        if ref.domain == "chrome" or ref.template in dates:
            continue
        date = None
        try:
            date = store.read(ref.template, config.shown(ref.template)).header(ARTICLE_DATE_HEADER)
        except (CatalogError, L10nError):
            pass
        dates[ref.template] = date or None
    return dates


def entries_of(config: Config, ref: CatalogRef, messages: Iterable[Message], date: str | None) -> list[Entry]:
    source = source_language(config, ref.domain)
    article = ref.domain.split("/", 1)[1] if ref.domain.startswith("articles/") else None
    out = []
    for position, message in enumerate(messages):
        if message.obsolete or not message.msgid or message.pluralizable:
            continue
        key = ids.entry_key(ref.locale, ref.domain, message.msgctxt, message.msgid)
        out.append(Entry(
            key=key, id=key[:ids.SHORT], locale=ref.locale, catalog=config.relative(ref.path), domain=ref.domain,
            article=article, role=role_of(message, ref.domain), msgctxt=message.msgctxt, msgid=message.msgid,
            msgstr=message.msgstr, state=state(message), origin=marker(message, ORIGIN),
            flags=draft_flags(message), po_flags=tuple(message.flags), previous_msgid=message.previous_msgid,
            rejected=marker(message, REJECTED), draft_unchanged=draft_unchanged(message),
            references=tuple(message.references), source_language=source,
            date=date, position=position, line=_first_line(message.references),
        ))
    return out


def plurals_of(config: Config, ref: CatalogRef, messages: Iterable[Message]) -> list[Plural]:
    """The plural entries of a catalog that wait for a reviewer (see ``Plural``)."""
    article = ref.domain.split("/", 1)[1] if ref.domain.startswith("articles/") else None
    found = []
    for message in messages:
        if message.obsolete or not message.msgid or not message.pluralizable:
            continue
        current = state(message)
        if current in QUEUE_STATES:
            found.append(Plural(ref.locale, config.relative(ref.path), article, message.msgctxt, message.msgid,
                                current))
    return found


def entry_now(entry: Entry, message: Message) -> Entry:
    """``entry`` as ``message`` (the same entry, read from its catalog again) has it now."""
    return replace(entry, msgstr=message.msgstr, state=state(message), origin=marker(message, ORIGIN),
                   flags=draft_flags(message), po_flags=tuple(message.flags), previous_msgid=message.previous_msgid,
                   rejected=marker(message, REJECTED), draft_unchanged=draft_unchanged(message))


def load(config: Config, locales: Iterable[str] = (), article: str | None = None,
         refusals: bool = False) -> Workspace:
    """Read the catalogs of ``locales`` (all when none). IDs are made unique over every
    catalog of the workspace, so an entry's ID does not depend on the filter used.
    ``refusals``: also find what msgfmt would refuse in the chosen catalogs (``refused``:
    for ``l10n check``)."""
    chosen = selected_locales(config, locales)
    outside: Refused = []  # (catalogs linked out of the workspace: named, never read, the others go on)
    every = existing_catalogs(config, config.locales, outside)
    if article is not None and not any(ref.domain == f"articles/{article}" for ref in [*every, *(r for r, _ in outside)]):
        raise UsageError(f"--article {article}: no catalog for that article "
                         f"(articles are named by their slug, as in {config.shown(config.templates_path / 'articles')})")
    dates = _template_dates(config, every)
    entries: list[Entry] = []
    errors: list[L10nError] = [error for ref, error in outside
                               if ref.locale in chosen and (article is None or ref.domain == f"articles/{article}")]
    refused: list[CatalogError] = []
    plurals: list[Plural] = []
    all_keys: set[str] = set()
    gone: set[str] = set()
    for ref in every:
        wanted = ref.locale in chosen and (article is None or ref.domain == f"articles/{article}")
        try:
            catalog = store.read(ref.path, config.shown(ref.path), strict=False)
        except ONE_CATALOG as exc:
            if wanted:
                errors.append(exc)
            continue
        if not catalog.header_text():  # (an empty file reads, as no entries; msgfmt and status refuse it)
            if wanted:
                problem = validate.problems(catalog, config.shown(ref.path))[0]
                errors.append(CatalogError(problem.path, problem.line, problem.reason))
            continue
        found = entries_of(config, ref, catalog.messages, dates.get(ref.template))
        all_keys.update(e.key for e in found)
        if wanted:
            entries.extend(found)
            plurals.extend(plurals_of(config, ref, catalog.messages))
            if orphaned(config, ref.domain):
                gone.add(config.relative(ref.path))
            problems = validate.problems(catalog, config.shown(ref.path), formats=False) if refusals else []
            if problems:
                refused.append(CatalogError(problems[0].path, problems[0].line, problems[0].reason, problems))
    short = ids.short_ids(all_keys)
    entries = [_with_id(e, short[e.key]) for e in entries]
    return Workspace(config, entries, errors, refused, all_keys, frozenset(gone), plurals)


def _with_id(entry: Entry, short: str) -> Entry:
    from dataclasses import replace

    return entry if entry.id == short else replace(entry, id=short)
