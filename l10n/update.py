"""``l10n update``: templates -> one catalog per target locale, merged msgmerge-style."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural

from l10n import cache, fsio
from l10n.catalogs import store
from l10n.catalogs.merge import MergeStats, merge
from l10n.catalogs.model import Catalog
from l10n.config import Config
from l10n.errors import CatalogError, InputError, L10nError, exit_code
from l10n.workspace import CatalogRef, expected_catalogs, selected_locales, source_language


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
    try:
        plural = get_plural(locale)
    except (UnknownLocaleError, ValueError):
        return 2, "nplurals=2; plural=(n != 1);"
    return plural.num_plurals, plural.plural_forms


def language_name(locale: str) -> str:
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


def update_one(ref: CatalogRef, template: Catalog, config: Config, now: dt.datetime,
               dry_run: bool = False) -> CatalogUpdate:
    source = source_language(config, ref.domain)
    stats = MergeStats()
    created = not ref.path.exists()

    def change(existing: Catalog | None) -> Catalog:
        nonlocal stats
        base = existing if existing is not None else new_catalog(ref.domain, ref.locale, source, now)
        _complete_header(base, ref.locale)
        nplurals = int(_nplurals(base) or plural_forms(ref.locale)[0])
        merged, stats = merge(template, base, nplurals)
        return merged

    written = store.modify(ref.path, change, config.locales_path, config.shown(ref.path), dry_run=dry_run)
    return CatalogUpdate(
        locale=ref.locale,
        catalog=config.relative(ref.path),
        created=created and written,
        written=written,
        added=stats.added,
        fuzzy=stats.fuzzy,
        obsoleted=stats.obsoleted,
        revived=stats.revived,
    )


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
) -> UpdateResult:
    """Bring every catalog of ``locales`` up to its template. A broken template or catalog
    is reported and left as it is; every other catalog is updated. With ``dry_run``
    nothing is written: ``written`` says which catalogs would be."""
    chosen = selected_locales(config, locales)
    # By domain, its locales together: a template is read once and its texts, the same in
    # every locale's catalog, are written while the writer still remembers them.
    refs = sorted(expected_catalogs(config, chosen), key=lambda ref: (ref.domain != "chrome", ref.domain))
    if not refs:
        raise InputError(f"{config.shown(config.templates_path)}: no templates; run l10n extract first")
    errors: list[L10nError] = []
    templates: dict[Path, Catalog | None] = {}  # read when first needed; None: broken

    def template_of(path: Path) -> Catalog | None:
        if path not in templates:
            try:
                templates[path] = store.read(path, config.shown(path))
            except CatalogError as exc:
                errors.append(exc)
                templates[path] = None
        return templates[path]

    stamp = now or dt.datetime.now(dt.timezone.utc)
    # A catalog whose template and file are both as they were after its last update has
    # nothing to do: merging them again would give the same bytes.
    ledger = cache.Ledger.open(config, "update")
    results = []
    merged: list[tuple[str, CatalogRef]] = []  # recorded in the ledger once written
    with fsio.workspace_lock(config.locales_path), fsio.batch():
        for folder in sorted({ref.path.parent for ref in refs}) if not dry_run else ():
            fsio.sweep(folder)
        for ref in refs:
            key = config.relative(ref.path)
            seen = ledger.get(key) or {}
            if ledger.unchanged(ref.template, seen.get("template")) and ledger.unchanged(ref.path, seen.get("catalog")):
                results.append(CatalogUpdate(ref.locale, key, False, False, 0, 0, 0, 0))
            else:
                template = template_of(ref.template)
                if template is not None:
                    try:
                        results.append(update_one(ref, template, config, stamp, dry_run))
                    except CatalogError as exc:
                        errors.append(exc)
                    else:
                        if not dry_run:
                            merged.append((key, ref))
                        if on_catalog:
                            on_catalog(results[-1])
            if progress:
                progress(ref)
    if not dry_run:
        for key, ref in merged:
            ledger.put(key, {"template": cache.record(ref.template), "catalog": cache.record(ref.path)})
        ledger.save()
    return UpdateResult(tuple(results), tuple(errors))
