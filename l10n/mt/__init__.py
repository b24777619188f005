"""Machine translation: the engine interface, the engines, choosing one, and model packages.

    engine.py    Engine, Translation, FakeEngine, PivotEngine   (the interface; no models)
    segment.py   sentences, placeholder/glossary protection, token bounds   (pure)
    argos.py     ArgosEngine   (installed Argos models through CTranslate2)
    apertium.py  ApertiumEngine, list_pairs   (installed Apertium pairs, the `apertium` command)
    choose.py    ChoosingEngine, create_engine   (which engine a pair uses; pivoting on top)
    ray.py       open_runner, RayRunner   (the Argos engine's batches on Ray actors; needs l10n[ray])
    packages.py  list_installed, list_available, install_from_index, install_file

Importing this package imports neither argostranslate nor CTranslate2 nor Ray (nor its
own engines, until a name is asked for), and runs nothing: models load, and `apertium -l` runs, on first use; Ray when
``l10n.mt.ray.open_runner`` is called.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from l10n.mt.apertium import ApertiumEngine, list_pairs
    from l10n.mt.argos import ArgosEngine
    from l10n.mt.choose import ChoosingEngine, create_engine
    from l10n.mt.engine import Engine, FakeEngine, PivotEngine, Translation
    from l10n.mt.packages import ModelInfo, install_file, install_from_index, list_available, list_installed

# Where each name lives: loaded on first use, so that ``l10n.mt.engine`` (the interface,
# which the build's edition code needs) does not bring the engines and packages along.
_HOMES = {
    "ApertiumEngine": "apertium", "list_pairs": "apertium", "ArgosEngine": "argos",
    "ChoosingEngine": "choose", "create_engine": "choose", "Engine": "engine", "FakeEngine": "engine",
    "PivotEngine": "engine", "Translation": "engine", "ModelInfo": "packages", "install_file": "packages",
    "install_from_index": "packages", "list_available": "packages", "list_installed": "packages",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'l10n.mt' has no attribute {name!r}")
    return getattr(importlib.import_module(f"l10n.mt.{_HOMES[name]}"), name)


__all__ = [
    "ApertiumEngine",
    "ArgosEngine",
    "ChoosingEngine",
    "Engine",
    "FakeEngine",
    "ModelInfo",
    "PivotEngine",
    "Translation",
    "create_engine",
    "install_file",
    "install_from_index",
    "list_available",
    "list_installed",
    "list_pairs",
]
