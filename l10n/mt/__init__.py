"""Machine translation: the engine interface, the Argos engine, and model packages.

    engine.py    Engine, Translation, FakeEngine, PivotEngine   (the interface; no models)
    segment.py   sentences, placeholder/glossary protection, token bounds   (pure)
    argos.py     ArgosEngine, create_engine   (installed Argos models through CTranslate2)
    ray.py       open_runner, RayRunner   (the engine's batches on Ray actors; needs l10n[ray])
    packages.py  list_installed, list_available, install_from_index, install_file

Importing this package imports neither argostranslate nor CTranslate2 nor Ray: models
load on first use, and Ray when ``l10n.mt.ray.open_runner`` is called.
"""

from __future__ import annotations

from l10n.mt.argos import ArgosEngine, create_engine
from l10n.mt.engine import Engine, FakeEngine, PivotEngine, Translation
from l10n.mt.packages import (
    ModelInfo,
    install_file,
    install_from_index,
    list_available,
    list_installed,
)

__all__ = [
    "ArgosEngine",
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
]
