"""Which engine translates a pair, and the engine the core is handed.

    ChoosingEngine  several engines behind one: each pair goes to exactly one of them
    create_engine   PivotEngine(ChoosingEngine(Argos, Apertium)): what `l10n translate` uses
    covered_pairs   the pairs some engine translates directly (no model needed for them)

The rule: ``[tool.l10n.mt] engines`` names the engine of a pair (``"en-es" = "apertium"``);
any other pair uses the first engine, in preference order (Argos, then Apertium), that
has it installed. Pivoting sits on top, so one route may mix engines: German chrome goes
de->en with Argos and en->es with Apertium.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from l10n.config import MTConfig
from l10n.errors import MissingModelError
from l10n.mt import apertium
from l10n.mt.argos import ArgosEngine, BatchRunner
from l10n.mt.engine import (
    Engine,
    PackageFor,
    Pair,
    PivotEngine,
    Progress,
    Translation,
    missing_model,
)

Choice = Callable[[str, str], "str | None"]
"""``choice(source, target)``: the engine configured for a pair, or None for the default."""


def _no_choice(source: str, target: str) -> str | None:
    return None


class ChoosingEngine:
    """One engine per pair, from ``engines`` (name -> engine, in preference order).

    ``choice`` forces a pair onto a named engine (even one that lacks it: then the pair is
    missing, with that engine's hint); ``package`` names the Debian package for a missing
    pair's hint.
    """

    def __init__(self, engines: Mapping[str, Engine], choice: Choice = _no_choice,
                 package: PackageFor = apertium.debian_package) -> None:
        self.engines = dict(engines)
        self.choice = choice
        self.package = package

    def chosen(self, source: str, target: str) -> str | None:
        """The name of the engine that translates this pair; None when none can."""
        forced = self.choice(source, target)
        if forced is not None:
            engine = self.engines.get(forced)
            return forced if engine is not None and (source, target) in engine.pairs() else None
        return next((name for name, engine in self.engines.items()
                     if (source, target) in engine.pairs()), None)

    def pairs(self) -> list[Pair]:
        every = {pair for engine in self.engines.values() for pair in engine.pairs()}
        return sorted(pair for pair in every if self.chosen(*pair) is not None)

    def translate(self, texts: Sequence[str], source: str, target: str,
                  progress: Progress | None = None) -> list[Translation]:
        name = self.chosen(source, target)
        if name is None:
            raise self.missing(source, target)
        return self.engines[name].translate(texts, source, target, progress)

    def missing(self, source: str, target: str, pivot: str | None = None) -> MissingModelError:
        """The error for a pair no engine translates, naming every way to get it."""
        forced = self.choice(source, target)
        if forced is not None:
            way = (apertium.install_hint(source, target) if forced == "apertium" else
                   f"install one with `l10n models install {source} {target}` "
                   f"or `l10n models install FILE.argosmodel`")
            return MissingModelError(
                f"no translation model for {source}->{target} ([tool.l10n.mt] engines sets "
                f"{source}-{target} = \"{forced}\", which does not have it); {way}")
        return missing_model(source, target, self.pairs(), pivot, package_for=self.package)


def create_engine(config: MTConfig | None = None, glossary: Sequence[str] = (), *,
                  packages_dir: Path | None = None, pivot: str = "en",
                  apertium_command: str = "apertium", runner: BatchRunner | None = None) -> PivotEngine:
    """The engine the core uses: Argos models and Apertium pairs, chosen per pair by
    ``config.engines`` and what is installed, pivoting through ``pivot`` where needed.
    ``runner`` runs the Argos engine's batches (default: this process; ``l10n.mt.ray``: a
    cluster); Apertium runs here."""
    config = config or MTConfig()
    chooser = ChoosingEngine(
        {
            "argos": ArgosEngine(config, glossary, packages_dir=packages_dir, runner=runner),
            "apertium": apertium.ApertiumEngine(config, glossary, command=apertium_command),
        },
        choice=config.engine_for,
    )
    return PivotEngine(chooser, pivot, explain=chooser.missing)


def covered_pairs(config: MTConfig | None = None, *, packages_dir: Path | None = None,
                  apertium_command: str = "apertium") -> list[Pair]:
    """The pairs an installed engine translates directly, as ``config`` chooses: a pair
    Apertium has needs no Argos model (unless ``engines`` sends it to Argos)."""
    engine = create_engine(config, packages_dir=packages_dir, apertium_command=apertium_command)
    return engine.inner.pairs()


def model_hint(source: str, target: str, forced: str | None = None) -> str:
    """How to get a direct model for a pair: an Argos model, or Apertium's Debian package;
    only the engine's that ``[tool.l10n.mt] engines`` sets for it (``forced``), if it does."""
    argos = f"`l10n models install {source} {target}` or `l10n models install FILE.argosmodel`"
    package = apertium.debian_package(source, target)
    if forced == "argos":
        return f"{argos} ([tool.l10n.mt] engines sets {source}-{target} = \"argos\")"
    if forced == "apertium":
        setting = f"[tool.l10n.mt] engines sets {source}-{target} = \"apertium\""
        return (f"`apt-get install apertium {package}` ({setting})" if package else
                f"an Argos model: Debian has no Apertium package for {source}->{target}, and {setting}; "
                f"set it to \"argos\" (or remove it), then `l10n models install {source} {target}`")
    return argos + (f", or Apertium's with `apt-get install apertium {package}`" if package else "")
