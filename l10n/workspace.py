"""Where the catalogs of a workspace live, and which exist. Paths only, no parsing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from l10n.config import Config
from l10n.errors import InputError


@dataclass(frozen=True)
class CatalogRef:
    locale: str
    domain: str  # "chrome" or "articles/<slug>"
    path: Path
    template: Path


def selected_locales(config: Config, requested: Iterable[str] = ()) -> tuple[str, ...]:
    requested = tuple(requested)
    for locale in requested:
        if locale not in config.locales:
            raise InputError(f"-l {locale}: not a target locale of this workspace (locales: {', '.join(config.locales)})")
    return requested or config.locales


def catalog_path(config: Config, locale: str, domain: str) -> Path:
    return config.locales_path / locale / "LC_MESSAGES" / f"{domain}.po"


def template_for(config: Config, domain: str) -> Path:
    return config.templates_path / f"{domain}.pot"


def source_language(config: Config, domain: str) -> str:
    return config.chrome_language if domain == "chrome" else config.body_language


def domains(config: Config) -> list[str]:
    """Every domain that has a template: chrome, then articles/<slug> by slug."""
    found = ["chrome"] if template_for(config, "chrome").is_file() else []
    folder = config.templates_path / "articles"
    found += [f"articles/{p.stem}" for p in sorted(folder.glob("*.pot"))]
    return found


def expected_catalogs(config: Config, locales: Iterable[str]) -> list[CatalogRef]:
    """Every catalog the templates call for in ``locales`` (chrome: not in the chrome language)."""
    refs = []
    for locale in locales:
        for domain in domains(config):
            if source_language(config, domain) == locale:
                continue
            refs.append(CatalogRef(locale, domain, catalog_path(config, locale, domain), template_for(config, domain)))
    return refs


def existing_catalogs(config: Config, locales: Iterable[str]) -> list[CatalogRef]:
    """Every .po file present in ``locales``, templates or not."""
    refs = []
    for locale in locales:
        base = config.locales_path / locale / "LC_MESSAGES"
        for path in sorted(base.rglob("*.po")):
            domain = path.relative_to(base).with_suffix("").as_posix()
            refs.append(CatalogRef(locale, domain, path, template_for(config, domain)))
    return refs
