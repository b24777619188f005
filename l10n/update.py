"""``l10n update``: templates -> one catalog per target locale, merged msgmerge-style."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural

from l10n.catalogs import store
from l10n.catalogs.merge import MergeStats, merge
from l10n.catalogs.model import Catalog
from l10n.config import Config
from l10n.errors import InputError
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

    @property
    def written(self) -> int:
        return sum(c.written for c in self.catalogs)

    def to_json(self) -> list[dict[str, object]]:
        return [c.__dict__ for c in self.catalogs]


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


def update_one(ref: CatalogRef, template: Catalog, config: Config, now: dt.datetime) -> CatalogUpdate:
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

    written = store.modify(ref.path, change, config.locales_path, config.relative(ref.path))
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
) -> UpdateResult:
    chosen = selected_locales(config, locales)
    refs = expected_catalogs(config, chosen)
    if not refs:
        raise InputError(f"{config.relative(config.templates_path)}: no templates; run l10n extract first")
    # Every catalog and template is read (validated) before any is written: one bad file
    # stops the update with nothing touched.
    templates = {path: store.read(path, config.relative(path)) for path in {ref.template for ref in refs}}
    for ref in refs:
        if ref.path.exists():
            store.read(ref.path, config.relative(ref.path))
    stamp = now or dt.datetime.now(dt.timezone.utc)
    results = []
    for ref in refs:
        results.append(update_one(ref, templates[ref.template], config, stamp))
        if progress:
            progress(ref)
    return UpdateResult(tuple(results))
