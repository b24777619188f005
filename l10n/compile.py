"""``l10n compile``: .po -> .mo beside it; a catalog that fails validation gets no .mo.

Only .mo files whose bytes change are written, so a compile with nothing changed leaves
every file (and its mtime) as it was.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from l10n import cache, fsio, parallel
from l10n.catalogs import pofile
from l10n.catalogs.model import Catalog
from l10n.config import Config
from l10n.errors import CatalogError, InputError, L10nError, UsageError, exit_code, from_os_error, shown_path


@dataclass(frozen=True)
class Compiled:
    catalog: str
    mo: str | None
    written: bool  # False: the .mo already held exactly these bytes (or the catalog failed)
    translated: int  # entries that go into the .mo (approved)
    total: int  # active entries
    fuzzy: int
    error: str | None = None
    error_code: int = 1  # 2: the catalog is bad input (msgfmt --check refuses it); 1: the machine failed

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
        return tuple((InputError if c.error_code == 2 else L10nError)(c.error) for c in self.failed if c.error)

    @property
    def exit_code(self) -> int:
        return exit_code(self.errors, done_any=len(self.failed) < len(self.catalogs))

    def to_json(self) -> list[dict[str, object]]:
        return [{k: v for k, v in c.__dict__.items() if k != "error_code"} for c in self.catalogs]


def statistics(catalog: Catalog) -> tuple[int, int, int]:
    """(translated, total, fuzzy) of the active entries, as pybabel --statistics counts."""
    active = [m for m in catalog.messages if not m.obsolete and m.msgid]
    return sum(m.translated for m in active), len(active), sum(m.fuzzy for m in active)


@dataclass(frozen=True)
class _Built:
    """One catalog read, validated and compiled (in a worker process, maybe)."""

    mo: bytes | None
    error: str | None
    stats: tuple[int, int, int]
    po_record: cache.Record | None
    error_code: int = 1


def _build(path: str, name: str) -> _Built:
    """Read, validate and compile one catalog: pure work, no file written."""
    from l10n.catalogs.mofile import compile_mo

    try:
        with open(path, "rb") as handle:
            st = os.fstat(handle.fileno())
            data = handle.read()
    except OSError as exc:
        return _Built(None, str(from_os_error(exc, "read", path)), (0, 0, 0), None)
    try:
        with pofile.gc_paused():
            catalog = pofile.parse(data, name)
            mo = compile_mo(catalog)
    except CatalogError as exc:
        return _Built(None, str(exc), (0, 0, 0), None, exc.exit_code)
    record = [st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns, cache.digest(data)]  # as cache.record
    return _Built(mo, None, statistics(catalog), record)


def _build_chunk(items: list[tuple[str, str]]) -> list[_Built]:
    return [_build(path, name) for path, name in items]


PARALLEL_FROM = 200  # catalogs: fewer are compiled in this process


def _build_all(items: list[tuple[str, str]], progress: Callable[[int], None] | None = None) -> list[_Built]:
    """``_build`` every catalog; many are shared out among processes, one a core.
    ``progress(done)`` hears how many are built."""
    workers = parallel.workers_for(len(items), PARALLEL_FROM)
    chunks = parallel.shares(items, workers, per_worker=4)
    built = 0

    def done(_chunk: list[tuple[str, str]], found: list[_Built]) -> None:
        nonlocal built
        built += len(found)
        if progress is not None:
            progress(built)

    return parallel.map_chunks(_build_chunk, chunks, workers, done)


def run(paths: Iterable[Path], shown: Callable[[Path], str] = shown_path,
        locks: Path | None = None, config: Config | None = None,
        progress: Callable[[int], None] | None = None, dry_run: bool = False) -> CompileResult:
    """Compile each catalog; a failure is recorded and the others still compile. With
    ``locks`` (the workspace's locales folder) and ``config``, the workspace lock is held,
    stale temporary files are swept from the folders written, and catalogs unchanged since
    their last compile are skipped. ``progress(done)`` hears how many catalogs are done.
    ``dry_run``: nothing is written nor remembered; ``written`` says whether a .mo would be."""
    paths = list(paths)
    for path in paths:
        if path.suffix != ".po":
            raise UsageError(f"{shown(path)}: not a .po file")
        if not path.exists():
            raise UsageError(f"{shown(path)}: no such catalog")
    ledger = cache.Ledger.open(config, "compile") if config is not None else None
    with fsio.workspace_lock(locks) if locks is not None else contextlib.nullcontext():
        if locks is not None and not dry_run:
            for folder in sorted({path.parent for path in paths}):
                fsio.sweep(folder)
        results: dict[int, Compiled] = {}
        todo: list[int] = []
        for index, path in enumerate(paths):
            seen = ledger.get(os.path.abspath(path)) if ledger is not None else None
            if (ledger is not None and seen and ledger.unchanged(path, seen.get("po"))
                    and ledger.unchanged(path.with_suffix(".mo"), seen.get("mo"))):
                results[index] = Compiled(shown(path), shown(path.with_suffix(".mo")), False, *seen["stats"])
            else:
                todo.append(index)
        skipped = len(paths) - len(todo)
        if progress is not None:
            progress(skipped)
        built = _build_all([(str(paths[i]), shown(paths[i])) for i in todo],
                           None if progress is None else (lambda done: progress(skipped + done)))
        if dry_run:
            for index, item in zip(todo, built):
                mo = paths[index].with_suffix(".mo")
                results[index] = (_write(paths[index], item, shown) if item.mo is None else  # (its error)
                                  Compiled(shown(paths[index]), shown(mo), fsio.differs(mo, item.mo), *item.stats))
            return CompileResult(tuple(results[i] for i in range(len(paths))))
        try:
            with fsio.batch():
                for index, item in zip(todo, built):
                    results[index] = _write(paths[index], item, shown)
        except fsio.PartlyWritten as exc:  # (a .mo that may not be replaced: named; the others are in place)
            failed = {str(path): error for path, error in exc.failures}
            for index in todo:
                error = failed.pop(str(paths[index].with_suffix(".mo")), None)
                if error is not None:
                    results[index] = replace(results[index], written=False, error=str(error))
            if failed:  # (a file of no row: not ours to swallow)
                raise
        if ledger is not None:
            for index, item in zip(todo, built):
                if results[index].error is None and item.mo is not None:
                    mo_path = paths[index].with_suffix(".mo")
                    signature = cache.signature(mo_path)
                    if signature is not None:
                        ledger.put(os.path.abspath(paths[index]), {
                            "po": item.po_record, "mo": [*signature, cache.digest(item.mo)],
                            "stats": list(item.stats)})
            ledger.save()
    return CompileResult(tuple(results[i] for i in range(len(paths))))


def _write(path: Path, item: _Built, shown: Callable[[Path], str]) -> Compiled:
    name = shown(path)
    if item.mo is None:
        return Compiled(name, None, False, 0, 0, 0, item.error, item.error_code)
    mo_path = path.with_suffix(".mo")
    try:
        written = fsio.write_if_changed(mo_path, item.mo)
    except L10nError as exc:  # the .mo cannot be written: it is named, not the .po
        return Compiled(name, shown(mo_path), False, *item.stats, str(exc))
    return Compiled(name, shown(mo_path), written, *item.stats)


def workspace_catalogs(config: Config, locales: Iterable[str] = (),
                       refused: list[Compiled] | None = None) -> list[Path]:
    """The catalogs of ``locales`` (all when none). ``refused``: collects a failed row for
    each catalog linked out of the workspace (never read; without it, the first stops all)."""
    from l10n.workspace import Refused, existing_domains, selected_locales

    outside: Refused | None = [] if refused is not None else None
    paths = [path for locale in selected_locales(config, locales)
             for _, path in existing_domains(config, locale, outside)]
    if refused is not None and outside:
        refused.extend(Compiled(config.shown(ref.path), None, False, 0, 0, 0, error.message, 2)
                       for ref, error in outside)
    return paths


def with_refused(result: CompileResult, refused: Sequence[Compiled]) -> CompileResult:
    """``result`` with the rows of the catalogs ``workspace_catalogs`` refused."""
    return replace(result, catalogs=result.catalogs + tuple(refused)) if refused else result
