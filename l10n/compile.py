"""``l10n compile``: .po -> .mo beside it; a catalog that fails validation gets no .mo."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from l10n.config import Config
from l10n.errors import CatalogError, InputError


@dataclass(frozen=True)
class Compiled:
    catalog: str
    mo: str | None
    error: str | None


@dataclass(frozen=True)
class CompileResult:
    catalogs: tuple[Compiled, ...]

    @property
    def failed(self) -> tuple[Compiled, ...]:
        return tuple(c for c in self.catalogs if c.error)

    def to_json(self) -> list[dict[str, object]]:
        return [c.__dict__ for c in self.catalogs]


def run(paths: Iterable[Path], shown: Callable[[Path], str] = str) -> CompileResult:
    """Compile each catalog; a failure is recorded and the others still compile."""
    from l10n.catalogs.mofile import compile_file

    paths = list(paths)
    for path in paths:
        if path.suffix != ".po":
            raise InputError(f"{shown(path)}: not a .po file")
    results = []
    for path in paths:
        try:
            mo = compile_file(path, shown_as=shown(path))
        except CatalogError as exc:
            results.append(Compiled(shown(path), None, str(exc)))
        except OSError as exc:
            results.append(Compiled(shown(path), None, f"{shown(path)}: {exc.strerror or exc}"))
        else:
            results.append(Compiled(shown(path), shown(mo), None))
    return CompileResult(tuple(results))


def workspace_catalogs(config: Config) -> list[Path]:
    from l10n.workspace import existing_catalogs

    return [ref.path for ref in existing_catalogs(config, config.locales)]
