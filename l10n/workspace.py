"""Where the catalogs of a workspace live, and which exist. Paths only, no parsing."""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

from l10n.config import Config
from l10n.errors import CatalogError, OutsideWorkspaceError, UsageError


@dataclass(frozen=True)
class CatalogRef:
    locale: str
    domain: str  # "chrome" or "articles/<slug>"
    path: Path
    template: Path


def selected_locales(config: Config, requested: Iterable[str] = ()) -> tuple[str, ...]:
    """The workspace's locales named by ``requested`` (all when none), as people type them:
    ``FR``, ``fr-FR`` and ``fr_FR`` are ``fr`` where the workspace has ``fr``."""
    chosen = [resolve_locale(config, raw) for raw in requested]
    return tuple(dict.fromkeys(chosen)) or config.locales


def resolve_locale(config: Config, raw: str) -> str:
    if raw in config.locales:
        return raw
    by_lower = {loc.lower(): loc for loc in config.locales}
    typed = raw.strip().replace("-", "_")
    if typed.lower() in by_lower:
        return by_lower[typed.lower()]
    language = typed.split("_")[0].lower()
    if language in by_lower and "_" not in by_lower[language] and _a_variant(typed):
        return by_lower[language]
    close = difflib.get_close_matches(typed.lower(), list(by_lower), n=1, cutoff=0.5)
    hint = f"did you mean {by_lower[close[0]]}? " if close else ""
    raise UsageError(f"-l {raw}: not a locale of this workspace (locales: {', '.join(config.locales)}); {hint}"
                     f"to add it, put it in `locales` in [tool.l10n] of pyproject.toml, then run l10n update")


def _a_variant(typed: str) -> bool:
    """Whether ``typed`` (``fr_FR``, ``de_CH``, ``sr_Latn``) is a locale Babel knows: only
    such a variant stands for its language (``de_XX`` is no German)."""
    if "_" not in typed:
        return True
    from babel import Locale, UnknownLocaleError  # (on first need: only a typed variant asks)

    try:
        Locale.parse(typed)
    except (UnknownLocaleError, ValueError):
        return False
    return True


def guard_inside(config: Config, path: Path) -> Path:
    """``path``, refused when it resolves (links followed) outside the workspace."""
    if not config.inside(path):
        raise OutsideWorkspaceError(config.shown(path), os.path.realpath(path))
    return path


def guard_entry(config: Config, path: Path) -> Path:
    """``guard_inside`` for a file found by walking a folder already guarded (the walk does
    not enter linked folders): only a symbolic link can lead outside."""
    return guard_inside(config, path) if os.path.islink(path) else path


# Catalogs linked out of the workspace, each with its error, when the caller collects them
# (each is then left out of the list, never read, and the others go on); None: the first
# one stops everything (OutsideWorkspaceError).
Refused = list[tuple[CatalogRef, CatalogError]]


def _linked_out(config: Config, ref: CatalogRef, refused: Refused | None) -> bool:
    """Whether the catalog ``ref`` (a symbolic link, or in a folder that could not be
    listed) resolves outside the workspace: recorded in ``refused``, or raised."""
    if config.inside(ref.path):
        return False
    if refused is None:
        raise OutsideWorkspaceError(config.shown(ref.path), os.path.realpath(ref.path))
    refused.append((ref, linked_out_error(config, ref.path)))
    return True


def linked_out_error(config: Config, path: Path) -> CatalogError:
    """A catalog linked out of the workspace, as an error of that catalog alone."""
    return CatalogError(config.shown(path), 0, f"resolves to {os.path.realpath(path)}, outside the workspace; "
                                               "l10n reads and writes only inside it (skipped)")


def catalog_path(config: Config, locale: str, domain: str) -> Path:
    return Path(f"{config.locales_path}/{locale}/LC_MESSAGES/{domain}.po")


def template_for(config: Config, domain: str) -> Path:
    return Path(f"{config.templates_path}/{domain}.pot")


def orphaned(config: Config, domain: str) -> bool:
    """Whether the catalogs of ``domain`` are orphaned: the workspace has templates, but
    none for this domain (its article was removed). Such a catalog is kept, never deleted,
    and its entries are in no review queue: no edition reads them. This is the one rule
    ``status``, ``review``, ``translate``'s next step and ``build`` count the queue by.
    (No templates folder at all, nothing extracted yet: no catalog is orphaned.)"""
    return config.templates_path.is_dir() and not template_for(config, domain).is_file()


def orphan_test(config: Config) -> Callable[[str], bool]:
    """``orphaned`` for the thousands of domains a build asks about: the templates folder
    listed once, on the first question (a file, or a link to one, named DOMAIN.pot), not
    two stats a domain."""
    listed: list[set[str] | None] = []

    def walk(folder: str, prefix: str, present: set[str]) -> None:
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.name.endswith(".pot") and entry.is_file():
                        present.add(prefix + entry.name[:-4])
                    elif entry.is_dir():
                        walk(entry.path, f"{prefix}{entry.name}/", present)
        except OSError:
            return

    def test(domain: str) -> bool:
        if not listed:
            root = str(config.templates_path)
            present: set[str] | None = None
            if os.path.isdir(root):  # (no templates at all: nothing extracted yet, no catalog orphaned)
                present = set()
                walk(root, "", present)
            listed.append(present)
        present = listed[0]
        return present is not None and domain not in present

    return test


def source_language(config: Config, domain: str) -> str:
    return config.chrome_language if domain == "chrome" else config.body_language


def _files(config: Config, folder: Path, suffix: str) -> list[str]:
    """Names of the files in ``folder`` ending in ``suffix``, sorted (none when there is
    no folder); a file linked out of the workspace stops everything."""
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return []
    names = []
    for entry in entries:
        if entry.name.endswith(suffix) and not entry.is_dir():
            if entry.is_symlink():
                guard_inside(config, Path(entry.path))
            names.append(entry.name)
    return sorted(names)


def domains(config: Config) -> list[str]:
    """Every domain that has a template: chrome, then articles/<slug> by slug."""
    guard_inside(config, config.templates_path)
    chrome = template_for(config, "chrome")
    found = ["chrome"] if guard_inside(config, chrome).is_file() else []
    folder = guard_inside(config, config.templates_path / "articles")
    found += [f"articles/{name[:-4]}" for name in _files(config, folder, ".pot")]
    return found


def expected_catalogs(config: Config, locales: Iterable[str], only: Collection[str] | None = None,
                      coming: Collection[str] = (), refused: Refused | None = None) -> list[CatalogRef]:
    """Every catalog the templates call for in ``locales`` (chrome: not in the chrome
    language); with ``only``, those of these domains alone (of those that have a template).
    ``coming``: domains whose templates are not written yet but will be (a dry run).
    ``refused``: collects the catalogs linked out of the workspace (see ``Refused``)."""
    refs = []
    every = domains(config) if only is None else [d for d in sorted(only) if template_for(config, d).is_file()]
    every += sorted(set(coming) - set(every))
    templates = {domain: template_for(config, domain) for domain in every}
    for locale in locales:
        folder = config.locales_path / locale / "LC_MESSAGES"
        guard_inside(config, folder)
        linked = set()  # catalogs that are symbolic links: each must lie inside
        unlisted = False  # a folder that may not be listed: each catalog's path is resolved
        for sub in {d.rpartition("/")[0] for d in every}:
            base = folder / sub if sub else folder
            guard_inside(config, base)
            try:
                linked |= {f"{sub}/{e.name}" if sub else e.name for e in _scandir(base) if e.is_symlink()}
            except PermissionError:
                unlisted = True
        for domain in every:
            if source_language(config, domain) == locale:
                continue
            ref = CatalogRef(locale, domain, Path(f"{folder}/{domain}.po"), templates[domain])
            if (unlisted or f"{domain}.po" in linked) and _linked_out(config, ref, refused):
                continue
            refs.append(ref)
    return refs


def _scandir(folder: Path) -> list[os.DirEntry[str]]:
    try:
        return list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return []


def existing_catalogs(config: Config, locales: Iterable[str], refused: Refused | None = None) -> list[CatalogRef]:
    """Every .po file present in ``locales``, templates or not (``refused``: see
    ``Refused``)."""
    return [CatalogRef(locale, domain, path, template_for(config, domain))
            for locale in locales for domain, path in existing_domains(config, locale, refused)]


def existing_domains(config: Config, locale: str, refused: Refused | None = None) -> list[tuple[str, Path]]:
    """The domain and path of every .po file present in ``locale``, sorted by domain
    (``refused``: see ``Refused``)."""
    base = guard_inside(config, config.locales_path / locale / "LC_MESSAGES")
    found: list[str] = []  # domains, as relative paths without .po
    linked: list[str] = []
    try:
        _walk_po(str(base), "", found, linked)
    except PermissionError:
        # A folder that may not be listed (its files may still be read by name): the
        # catalogs the templates call for, where they are; reading one that may not be
        # read names it, as for any such catalog, and the others go on.
        found = [domain for domain in domains(config) if os.path.lexists(f"{base}/{domain}.po")]
        linked = found
    out = {domain for domain in linked if _linked_out(config, CatalogRef(
        locale, domain, Path(f"{base}/{domain}.po"), template_for(config, domain)), refused)}
    return [(domain, Path(f"{base}/{domain}.po")) for domain in sorted(found) if domain not in out]


def _walk_po(folder: str, prefix: str, found: list[str], linked: list[str]) -> None:
    """Like ``rglob("*.po")`` (which does not enter linked folders either); the domains
    found, and in ``linked`` those that are symbolic links."""
    for entry in _scandir(Path(folder)):
        if entry.is_dir(follow_symlinks=False):
            _walk_po(entry.path, f"{prefix}{entry.name}/", found, linked)
        elif entry.name.endswith(".po") and (entry.is_file() or entry.is_symlink()):
            if entry.is_symlink():
                linked.append(f"{prefix}{entry.name[:-3]}")
            found.append(f"{prefix}{entry.name[:-3]}")


def needed_pairs(config: Config) -> list[tuple[str, str]]:
    """The direct models a workspace needs: body -> every body locale, and chrome -> body
    language (the rest of the chrome pivots through it)."""
    pairs = [(config.body_language, locale) for locale in config.body_locales()]
    if config.chrome_locales():
        pairs.append((config.chrome_language, config.body_language))
    return sorted(set(pairs))


def model_uses(config: Config, locales: Iterable[str] | None = None) -> dict[tuple[str, str], str]:
    """What each model of ``needed_pairs`` is for, in words: "the articles in fr, and the
    chrome in fr (through en)" (for ``locales`` only, when given: a run of some)."""
    uses: dict[tuple[str, str], list[str]] = {}
    body, chrome = config.body_language, config.chrome_language
    keep = set(config.locales if locales is None else locales)
    chrome_locales = [loc for loc in config.chrome_locales() if loc in keep]
    for locale in config.body_locales():
        if locale in keep:
            uses.setdefault((body, locale), []).append(f"the articles in {locale}")
    through = [loc for loc in chrome_locales if loc != body]
    if body in chrome_locales:
        uses.setdefault((chrome, body), []).append(f"the chrome in {body}")
    if through:
        uses.setdefault((chrome, body), []).append(f"the chrome in {', '.join(through)} (through {body})")
        for locale in through:
            uses.setdefault((body, locale), []).append(f"the chrome in {locale} (through {body})")
    return {pair: ", and ".join(what) for pair, what in uses.items()}
