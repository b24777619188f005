"""``l10n compile``: .po -> .mo beside it; a catalog that fails validation gets no .mo.

Only .mo files whose bytes change are written, so a compile with nothing changed leaves
every file (and its mtime) as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from l10n import cache, fsio
from l10n.catalogs import pofile
from l10n.catalogs.model import Catalog
from l10n.config import Config
from l10n.errors import CatalogError, L10nError, UsageError, exit_code, from_os_error, shown_path


@dataclass(frozen=True)
class Compiled:
    catalog: str
    mo: str | None
    written: bool  # False: the .mo already held exactly these bytes (or the catalog failed)
    translated: int  # entries that go into the .mo (approved)
    total: int  # active entries
    fuzzy: int
    error: str | None = None

    @property
    def percent(self) -> int:
        return self.translated * 100 // self.total if self.total else 0


@dataclass(frozen=True)
class CompileResult:
    catalogs: tuple[Compiled, ...]

    @property
    def failed(self) -> tuple[Compiled, ...]:
        return tuple(c for c in self.catalogs if c.error)

    @property
    def errors(self) -> tuple[L10nError, ...]:
        return tuple(L10nError(c.error) for c in self.failed if c.error)

    @property
    def exit_code(self) -> int:
        return exit_code(self.errors, done_any=len(self.failed) < len(self.catalogs))

    def to_json(self) -> list[dict[str, object]]:
        return [c.__dict__ for c in self.catalogs]


def statistics(catalog: Catalog) -> tuple[int, int, int]:
    """(translated, total, fuzzy) of the active entries, as pybabel --statistics counts."""
    active = [m for m in catalog.messages if not m.obsolete and m.msgid]
    return sum(m.translated for m in active), len(active), sum(m.fuzzy for m in active)


def compile_one(path: Path, shown: Callable[[Path], str], ledger: cache.Ledger | None = None) -> Compiled:
    """Compile one catalog; with ``ledger``, a catalog and .mo both as they were after the
    last compile are not read again."""
    name = shown(path)
    mo_path = path.with_suffix(".mo")
    key = str(path.resolve())
    seen = ledger.get(key) if ledger is not None else None
    if ledger is not None and seen and ledger.unchanged(path, seen.get("po")) and ledger.unchanged(mo_path, seen.get("mo")):
        return Compiled(name, shown(mo_path), False, *seen["stats"])
    return _compile(path, name, mo_path, shown)


def _remember(ledger: cache.Ledger, path: Path, done: Compiled) -> None:
    if done.error is None:
        ledger.put(str(path.resolve()), {"po": cache.record(path), "mo": cache.record(path.with_suffix(".mo")),
                                         "stats": [done.translated, done.total, done.fuzzy]})


def _compile(path: Path, name: str, mo_path: Path, shown: Callable[[Path], str]) -> Compiled:
    from l10n.catalogs.mofile import compile_mo

    try:
        data = path.read_bytes()
    except OSError as exc:
        return Compiled(name, None, False, 0, 0, 0, str(from_os_error(exc, "read", path)))
    try:
        with pofile.gc_paused():
            catalog = pofile.parse(data, name)
            mo = compile_mo(catalog)
    except CatalogError as exc:
        return Compiled(name, None, False, 0, 0, 0, str(exc))
    translated, total, fuzzy = statistics(catalog)
    try:
        written = fsio.write_if_changed(mo_path, mo)
    except L10nError as exc:  # the .mo cannot be written: it is named, not the .po
        return Compiled(name, shown(mo_path), False, translated, total, fuzzy, str(exc))
    return Compiled(name, shown(mo_path), written, translated, total, fuzzy)


def run(paths: Iterable[Path], shown: Callable[[Path], str] = shown_path,
        locks: Path | None = None, config: Config | None = None) -> CompileResult:
    """Compile each catalog; a failure is recorded and the others still compile. With
    ``locks`` (the workspace's locales folder) and ``config``, the workspace lock is held,
    stale temporary files are swept from the folders written, and catalogs unchanged since
    their last compile are skipped."""
    paths = list(paths)
    for path in paths:
        if path.suffix != ".po":
            raise UsageError(f"{shown(path)}: not a .po file")
    if locks is None or config is None:
        return CompileResult(tuple(compile_one(path, shown) for path in paths))
    ledger = cache.Ledger.open(config, "compile")
    with fsio.workspace_lock(locks):
        for folder in sorted({path.parent for path in paths}):
            fsio.sweep(folder)
        with fsio.batch():
            result = CompileResult(tuple(compile_one(path, shown, ledger) for path in paths))
        for path, done in zip(paths, result.catalogs):
            _remember(ledger, path, done)
        ledger.save()
    return result


def workspace_catalogs(config: Config, locales: Iterable[str] = ()) -> list[Path]:
    from l10n.workspace import existing_catalogs, selected_locales

    return [ref.path for ref in existing_catalogs(config, selected_locales(config, locales))]
