"""``l10n update``: templates -> one catalog per target locale, merged msgmerge-style."""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from l10n import cache, fsio, parallel
from l10n.catalogs import pofile, store
from l10n.catalogs.merge import MergeStats, merge
from l10n.catalogs.model import Catalog
from l10n.config import Config
from l10n.errors import CatalogError, FileError, InputError, L10nError, ONE_CATALOG, exit_code
from l10n.workspace import CatalogRef, Refused, expected_catalogs, selected_locales, source_language


@dataclass(frozen=True)
class CatalogUpdate:
    locale: str
    catalog: str
    created: bool
    written: bool
    added: int
    fuzzy: int
    obsoleted: int
    revived: int


@dataclass(frozen=True)
class UpdateResult:
    catalogs: tuple[CatalogUpdate, ...]
    errors: tuple[L10nError, ...] = ()  # broken catalogs or templates: reported, left alone

    @property
    def written(self) -> int:
        return sum(c.written for c in self.catalogs)

    @property
    def exit_code(self) -> int:
        return exit_code(self.errors, done_any=bool(self.catalogs))

    def to_json(self) -> dict[str, object]:
        return {"catalogs": [c.__dict__ for c in self.catalogs], "errors": [str(e) for e in self.errors]}


def plural_forms(locale: str) -> tuple[int, str]:
    # Babel (CLDR data) is imported only when a catalog is made or lacks its plural forms.
    from babel import UnknownLocaleError
    from babel.messages.plurals import get_plural

    try:
        plural = get_plural(locale)
    except (UnknownLocaleError, ValueError):
        return 2, "nplurals=2; plural=(n != 1);"
    return plural.num_plurals, plural.plural_forms


def language_name(locale: str) -> str:
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(locale).english_name or locale
    except (UnknownLocaleError, ValueError):
        return locale


def new_catalog(domain: str, locale: str, source: str, now: dt.datetime) -> Catalog:
    _, forms = plural_forms(locale)
    return Catalog(
        header_comments=[f"{language_name(locale)} translations of {domain}.", "Kept up to date by l10n update; edit translations freely."],
        headers=[
            ("Project-Id-Version", domain),
            ("Report-Msgid-Bugs-To", ""),
            ("PO-Revision-Date", now.strftime("%Y-%m-%d %H:%M%z")),
            ("Last-Translator", ""),
            ("Language-Team", language_name(locale)),
            ("Language", locale),
            ("MIME-Version", "1.0"),
            ("Content-Type", "text/plain; charset=UTF-8"),
            ("Content-Transfer-Encoding", "8bit"),
            ("Plural-Forms", forms),
            ("X-Source-Language", source),
            ("X-Generator", "l10n"),
        ],
    )


def _complete_header(catalog: Catalog, locale: str) -> None:
    """Fill header fields PO editors need, never overriding what is there."""
    if catalog.header("Language") is None:
        catalog.set_header("Language", locale)
    if catalog.header("Content-Type") is None:
        catalog.set_header("Content-Type", "text/plain; charset=UTF-8")
    if catalog.header("Plural-Forms") is None:
        catalog.set_header("Plural-Forms", plural_forms(locale)[1])


def _changer(ref: CatalogRef, template: Callable[[], Catalog], config: Config, now: dt.datetime,
             stats: list[MergeStats]) -> Callable[[Catalog | None], Catalog]:
    """The change that brings ``ref``'s catalog up to its template (read when first
    needed); the merge's counts go to ``stats``. It leaves the catalog it is given as it
    is (``store.prepare`` need not copy it)."""
    source = source_language(config, ref.domain)

    def change(existing: Catalog | None) -> Catalog:
        if existing is None:
            base = new_catalog(ref.domain, ref.locale, source, now)
        else:  # merge copies what it keeps: only the header, completed here, is new
            base = Catalog(headers=list(existing.headers), header_comments=existing.header_comments,
                           header_flags=existing.header_flags, messages=existing.messages)
        _complete_header(base, ref.locale)
        nplurals = int(_nplurals(base) or plural_forms(ref.locale)[0])
        merged, done = merge(template(), base, nplurals)
        stats[:] = [done]
        return merged

    return change


@dataclass(frozen=True)
class _Plan:
    """One catalog's update worked out (maybe in a worker process), not yet written."""

    prepared: store.Prepared | None
    stats: MergeStats
    created: bool
    error: tuple[str, int] | None  # (message, exit code): the catalog or its template is bad


# Templates a planning process has read, by path (a worker reads each once).
_TEMPLATES: dict[str, Catalog | tuple[str, int]] = {}


def _error(exc: L10nError, config: Config, path: Path) -> tuple[str, int]:
    """``exc``'s message and exit code. Files are read under their full names (working out
    how a message shows a name costs more than reading a catalog): a catalog error gets
    the name messages show here, when there is a message."""
    if isinstance(exc, CatalogError) and exc.path == str(path):
        exc = CatalogError(config.shown(path), exc.line, exc.reason)
    return str(exc), exc.exit_code


_COMING: dict[str, bytes] = {}  # a dry run's templates as extract would write them, by path


def _template(config: Config, path: Path) -> Catalog | tuple[str, int]:
    key = str(path)
    if key not in _TEMPLATES:
        try:
            coming = _COMING.get(key)
            _TEMPLATES[key] = store.read(path) if coming is None else pofile.parse(coming, config.shown(path))
        except ONE_CATALOG as exc:
            _TEMPLATES[key] = _error(exc, config, path)
    return _TEMPLATES[key]


def _plan_one(config: Config, ref: CatalogRef, now: dt.datetime) -> _Plan:
    template = _template(config, ref.template)
    if isinstance(template, tuple):
        return _Plan(None, MergeStats(), False, template)
    stats: list[MergeStats] = [MergeStats()]
    created = not os.path.exists(ref.path)
    try:
        prepared = store.prepare(ref.path, _changer(ref, lambda: template, config, now, stats),
                                 changes_argument=False)
    except L10nError as exc:
        return _Plan(None, MergeStats(), created, _error(exc, config, ref.path))
    return _Plan(prepared, stats[0], created, None)


def _plan_chunk(config: Config, now: dt.datetime, refs: list[CatalogRef]) -> list[_Plan]:
    try:
        return [_plan_one(config, ref, now) for ref in refs]
    finally:
        _TEMPLATES.clear()


PARALLEL_FROM = 200  # catalogs: fewer are planned in this process


def _plan_all(config: Config, refs: list[CatalogRef], now: dt.datetime,
              done: Callable[[list[CatalogRef], list[_Plan]], None]) -> None:
    """``_plan_one`` for every catalog; many are shared out among processes, one a core,
    in runs of whole domains (each worker reads a template once). ``done`` gets each run
    of catalogs and their plans, in order, as soon as it is planned."""
    workers = parallel.workers_for(len(refs), PARALLEL_FROM)
    size = max(1, len(refs) // (workers * 8)) if workers > 1 else max(1, len(refs))
    chunks: list[list[CatalogRef]] = []
    for ref in refs:  # refs come domain by domain: a chunk never splits a domain's locales
        if chunks and (len(chunks[-1]) < size or chunks[-1][-1].domain == ref.domain):
            chunks[-1].append(ref)
        else:
            chunks.append([ref])
    parallel.map_chunks(functools.partial(_plan_chunk, config, now), chunks, workers, done)


def _nplurals(catalog: Catalog) -> int | None:
    forms = catalog.header("Plural-Forms") or ""
    for part in forms.split(";"):
        name, _, value = part.partition("=")
        if name.strip() == "nplurals" and value.strip().isdigit():
            return int(value.strip())
    return None


def run(
    config: Config,
    locales: Iterable[str] = (),
    now: dt.datetime | None = None,
    progress: Callable[[CatalogRef], None] | None = None,
    on_catalog: Callable[[CatalogUpdate], None] | None = None,
    dry_run: bool = False,
    only: Collection[str] | None = None,
    coming: Mapping[Path, bytes] | None = None,
) -> UpdateResult:
    """Bring every catalog of ``locales`` up to its template. A broken template or catalog
    is reported and left as it is; every other catalog is updated. With ``dry_run``
    nothing is written: ``written`` says which catalogs would be.

    The merges are worked out in runs of whole domains (by a process a core when there are
    many); each run is written as it comes back, while the next ones are worked out, through
    the safe-write path (its files made durable together, then put in place): a file someone
    saved meanwhile is merged again from what it holds now.

    ``only``: the domains whose templates changed (a build that knows it); the catalogs
    of the others are not looked at, and the result speaks of these alone.

    ``coming``: with ``dry_run``, the templates as extract's dry run would write them (by
    path): the catalogs are merged with those, as the real run would."""
    chosen = selected_locales(config, locales)
    coming = dict(coming or {}) if dry_run else {}
    new_domains = [path.relative_to(config.templates_path).with_suffix("").as_posix()
                   for path in coming if not path.exists()]
    # By domain, its locales together: a template is read once and its texts, the same in
    # every locale's catalog, are written while the writer still remembers them.
    outside: Refused = []  # (catalogs linked out of the workspace: named, never read, the others go on)
    refs = sorted(expected_catalogs(config, chosen, only, new_domains, refused=outside),
                  key=lambda ref: (ref.domain != "chrome", ref.domain))
    if not refs and not outside and only is None:
        raise InputError(f"{config.shown(config.templates_path)}: no templates; run l10n extract first")
    stamp = now or dt.datetime.now(dt.timezone.utc)
    # A catalog whose template and file are both as they were after its last update has
    # nothing to do: merging them again would give the same bytes.
    ledger = cache.Ledger.open(config, "update")
    results: list[CatalogUpdate] = []
    errors: list[L10nError] = [error for _, error in outside]
    reported: set[str] = set()
    merged: list[tuple[str, CatalogRef, bytes | None]] = []  # recorded in the ledger once in place
    names: dict[CatalogRef, str] = {}  # each catalog's workspace-relative name

    def name(ref: CatalogRef) -> str:
        if ref not in names:
            names[ref] = config.relative(ref.path)
        return names[ref]

    def template(ref: CatalogRef) -> Catalog:
        found = _template(config, ref.template)
        if isinstance(found, tuple):
            raise L10nError(found[0])
        return found

    def write(ref: CatalogRef, plan: _Plan) -> None:
        """Write one planned catalog (staged in the batch), record the result."""
        if plan.error is not None:
            message, code = plan.error
            if message not in reported:  # a bad template is one error, not one a locale
                reported.add(message)
                errors.append(InputError(message) if code == 2 else L10nError(message))
            return
        assert plan.prepared is not None
        if dry_run:
            written = plan.prepared.data is not None
            done = plan.stats
        else:
            stats = [plan.stats]
            try:
                written = store.commit(ref.path, plan.prepared,
                                       _changer(ref, functools.partial(template, ref), config, stamp, stats),
                                       config.locales_path, functools.partial(config.shown, ref.path))
            except FileError as exc:  # (this catalog's folder or file may not be written: the others go on)
                errors.append(exc)
                return
            merged.append((name(ref), ref, plan.prepared.data))
            done = stats[0]
        results.append(CatalogUpdate(
            locale=ref.locale, catalog=name(ref), created=plan.created and written, written=written,
            added=done.added, fuzzy=done.fuzzy, obsoleted=done.obsoleted, revived=done.revived))

    templates: dict[Path, cache.Record | None] = {}  # a template is recorded once, not once a locale

    def planned(chunk: list[CatalogRef], plans: list[_Plan]) -> None:
        # Each run of catalogs is written (made durable together, then put in place) and
        # recorded as it comes back, while the next runs are worked out.
        for ref in chunk:
            if progress:
                progress(ref)
        recorded, first_result = len(merged), len(results)
        try:
            with fsio.batch():
                for ref, plan in zip(chunk, plans):
                    write(ref, plan)
        except fsio.PartlyWritten as exc:  # (saved broken by a translator meanwhile: left as they saved it)
            errors.extend(error for _, error in exc.failures)
            failed = {config.relative(path) for path, _ in exc.failures}
            results[first_result:] = [r for r in results[first_result:] if r.catalog not in failed]
            merged[recorded:] = [m for m in merged[recorded:] if m[0] not in failed]
        if on_catalog:  # once in place (a failed batch reports none, even if some renames were done)
            for item in results[first_result:]:
                on_catalog(item)
        for key, ref, data in merged[recorded:]:
            if ref.template not in templates:
                templates[ref.template] = cache.record(ref.template)
            # (what was just written: its hash is known; if a save came after, the racy
            # check of the next run finds that the bytes differ)
            catalog = cache.record(ref.path) if data is None else cache.record_written(ref.path, data)
            ledger.put(key, {"template": templates[ref.template], "catalog": catalog})

    _COMING.update({str(path): data for path, data in coming.items()})
    try:
        with fsio.workspace_lock(config.locales_path):
            todo = []
            for ref in refs:
                seen = ledger.get(name(ref)) or {}
                if (str(ref.template) not in _COMING and ledger.unchanged(ref.template, seen.get("template"))
                        and ledger.unchanged(ref.path, seen.get("catalog"))):
                    results.append(CatalogUpdate(ref.locale, name(ref), False, False, 0, 0, 0, 0))
                    if progress:
                        progress(ref)
                else:
                    todo.append(ref)
            for folder in sorted({os.path.dirname(ref.path) for ref in todo}) if not dry_run else ():
                fsio.sweep(Path(folder))
            _plan_all(config, todo, stamp, planned)
    finally:
        _TEMPLATES.clear()
        _COMING.clear()
    if not dry_run:
        ledger.save()
    return UpdateResult(tuple(results), tuple(errors))
