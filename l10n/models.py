"""``l10n models list / install``: which translation models there are, and getting more.

The operations return values; ``l10n.cli`` renders them. The package work itself (index,
download, safe unpacking) is ``l10n.mt.packages``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from l10n.config import Config
from l10n.errors import L10nError, NetworkError, UsageError, exit_code
from l10n.mt import apertium, packages
from l10n.mt.apertium import ApertiumPair
from l10n.mt.choose import covered_pairs
from l10n.mt.packages import ModelInfo
from l10n.workspace import model_uses, needed_pairs


def _row(info: ModelInfo) -> dict[str, object]:
    return {
        "pair": f"{info.from_code}->{info.to_code}",
        "from": info.from_code,
        "to": info.to_code,
        "name": info.package_name,
        "version": info.version,
        "path": str(info.path) if info.path else None,
    }


@dataclass(frozen=True)
class ModelList:
    folder: Path  # where installed Argos packages are looked for
    installed: tuple[ModelInfo, ...]
    available: tuple[ModelInfo, ...] | None  # None: the index could not be read
    index_error: str | None
    apertium: tuple[ApertiumPair, ...] = ()  # the Apertium pairs installed (Debian packages)

    def to_json(self) -> dict[str, object]:
        return {
            "folder": str(self.folder),
            "installed": [_row(i) for i in self.installed],
            "available": None if self.available is None else [_row(i) for i in self.available],
            "index_error": self.index_error,
            "apertium": [p.to_json() for p in self.apertium],
        }


def list_models(timeout: float = 10.0) -> ModelList:
    installed = packages.list_installed()
    available: tuple[ModelInfo, ...] | None
    try:
        available, error = tuple(packages.list_available(timeout=timeout)), None
    except NetworkError as exc:
        available, error = None, str(exc)
    return ModelList(packages.packages_dir(), tuple(installed), available, error, tuple(apertium.list_pairs()))


@dataclass(frozen=True)
class Failed:
    what: str  # "en->fr" or a file name
    error: L10nError


@dataclass(frozen=True)
class InstallResult:
    installed: tuple[ModelInfo, ...]
    failed: tuple[Failed, ...]
    wanted: tuple[str, ...]  # what was asked for ("en->fr", a file); empty: nothing needed
    already: tuple[ModelInfo, ...] = ()  # asked for (FROM TO, or needed), and installed before
    covered: tuple[str, ...] = ()  # with --needed: the pairs needed that an installed engine translates
    replaced: tuple[tuple[str, str], ...] = ()  # (package, the other version installed before) a file replaced

    @property
    def errors(self) -> tuple[L10nError, ...]:
        return tuple(f.error for f in self.failed)

    @property
    def exit_code(self) -> int:
        return exit_code(self.errors, done_any=bool(self.installed))

    def to_json(self) -> dict[str, object]:
        before = dict(self.replaced)
        return {
            "installed": [dict(_row(i), replaced=before.get(i.package_name)) for i in self.installed],
            "missing": [{"pair": f.what, "error": str(f.error)} for f in self.failed],
            "already_installed": [_row(i) for i in self.already],
            "covered": list(self.covered),
        }


def install_needed(config: Config, timeout: float) -> InstallResult:
    """Every model the workspace needs that no engine covers yet (an Apertium pair needs
    no Argos model), within ``timeout`` in all."""
    have = set(covered_pairs(config.mt))
    needed = needed_pairs(config)
    wanted = [pair for pair in needed if pair not in have]
    models = {(info.from_code, info.to_code): info for info in reversed(packages.list_installed())}  # (newest)
    already = tuple(models[pair] for pair in needed if pair in have and pair in models)
    done, failed = packages.install_pairs(wanted, timeout)
    uses = model_uses(config)
    return InstallResult(tuple(done), tuple(
        Failed(f"{a}->{b}", L10nError(f"no translation model for {a}->{b} (needed for {uses[(a, b)]}): {error}"
                                      + _apertium_hint(a, b, config.mt.engine_for(a, b))))
        for (a, b), error in failed), tuple(f"{a}->{b}" for a, b in wanted), already=already,
        covered=tuple(f"{a}->{b}" for a, b in needed if (a, b) in have))


def _apertium_hint(source: str, target: str, forced: str | None) -> str:
    """Apertium's way to the pair, unless ``[tool.l10n.mt] engines`` sends it to Argos
    (``forced``): installing Apertium's pair would not change what translates it."""
    package = apertium.debian_package(source, target)
    if not package:
        return ""
    if forced == "argos":
        return (f" ([tool.l10n.mt] engines sets {source}-{target} = \"argos\"; remove that to use "
                f"Apertium's pair instead: `apt-get install apertium {package}`)")
    return f"; or Apertium's pair: `apt-get install apertium {package}`"


def install(arguments: Sequence[str], timeout: float) -> InstallResult:
    """``FROM TO`` from the index, or one or more ``.argosmodel`` files."""
    if not arguments:
        raise UsageError("give FROM TO (e.g. `l10n models install en de`), FILE.argosmodel ..., or --needed")
    files = [arg for arg in arguments if arg.endswith(".argosmodel") or Path(arg).is_file()]
    if files and len(files) != len(arguments):
        odd = next(arg for arg in arguments if arg not in files)
        raise UsageError(f"{odd}: give FROM TO, or only .argosmodel files")
    if files:
        done: list[ModelInfo] = []
        failed: list[Failed] = []
        replaced: list[tuple[str, str]] = []
        for name in files:
            versions = {info.package_name: info.version for info in packages.list_installed()}
            try:
                info = packages.install_file(Path(name))
            except L10nError as exc:
                failed.append(Failed(name, exc))
                continue
            done.append(info)
            if versions.get(info.package_name, info.version) != info.version:  # (a newer one too: said)
                replaced.append((info.package_name, versions[info.package_name]))
        return InstallResult(tuple(done), tuple(failed), tuple(files), replaced=tuple(replaced))
    if len(arguments) != 2:
        raise UsageError(f"{' '.join(arguments)}: give FROM TO (e.g. `l10n models install en de`) or FILE.argosmodel")
    pair = (arguments[0], arguments[1])
    have = [info for info in packages.list_installed() if (info.from_code, info.to_code) == pair]
    if have:  # (the index is not asked: a model of the pair is there)
        return InstallResult((), (), (f"{pair[0]}->{pair[1]}",), tuple(have))
    installed, errors = packages.install_pairs([pair], timeout)
    return InstallResult(tuple(installed), tuple(Failed(f"{a}->{b}", e) for (a, b), e in errors),
                         (f"{pair[0]}->{pair[1]}",))
