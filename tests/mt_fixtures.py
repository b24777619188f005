"""Fixtures for machine-translation tests: an isolated Argos environment and tiny models.

Import them where they are needed (a test module, or tests/conftest.py for all tests):

    from mt_fixtures import argos_env, argos_packages, tiny_model, installed_models, local_http

``argos_env`` is autouse (module scope): every test of a module that imports it runs with
HOME, the XDG folders and ARGOS_PACKAGES_DIR in a temporary folder, and
ARGOS_PACKAGE_INDEX at a closed port on 127.0.0.1, so importing argostranslate (which
creates folders at import, and freezes its settings then) or asking the index never
touches the real home or the network. Setting the same variables at the top of
tests/conftest.py, before anything is imported, is stronger still; both together are
harmless. Every fixture here is idempotent.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tinymodel import build_argosmodel

PAIRS = (("en", "de"), ("de", "en"), ("en", "fr"))


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def isolated_argos_env(root: Path) -> dict[str, str]:
    """The environment keeping Argos Translate inside ``root``: set it BEFORE importing it.

    argostranslate.settings creates $XDG_DATA_HOME/argos-translate, $XDG_CONFIG_HOME/...,
    $XDG_CACHE_HOME/... (defaults under $HOME) and the packages folder when imported.
    """
    env = {
        "HOME": root / "home",
        "XDG_DATA_HOME": root / "data",
        "XDG_CONFIG_HOME": root / "config",
        "XDG_CACHE_HOME": root / "cache",
        "ARGOS_PACKAGES_DIR": root / "packages",
    }
    for folder in env.values():
        folder.mkdir(parents=True, exist_ok=True)
    values = {key: str(value) for key, value in env.items()}
    values["ARGOS_PACKAGE_INDEX"] = f"http://127.0.0.1:{closed_port()}/"
    values["ARGOS_DEVICE_TYPE"] = "cpu"
    return values


@pytest.fixture(scope="module", autouse=True)
def argos_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """For every test of the module that imports it: HOME, XDG_* and ARGOS_* point into a
    temporary folder (the same one for every module); undone after the module."""
    root = tmp_path_factory.getbasetemp() / "argos-env"
    with pytest.MonkeyPatch.context() as patch:
        env = isolated_argos_env(root)
        for key, value in env.items():
            patch.setenv(key, value)
        yield env


@pytest.fixture
def argos_packages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                   argos_env: dict[str, str]) -> Path:
    """An empty Argos packages folder of this test's own, as $ARGOS_PACKAGES_DIR."""
    folder = tmp_path / "argos-packages"
    folder.mkdir()
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(folder))
    return folder


@functools.cache
def _cached_model(folder: str, from_code: str, to_code: str,
                  options: tuple[tuple[str, object], ...]) -> Path:
    return build_argosmodel(Path(folder), from_code, to_code, **dict(options))  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """``tiny_model("en", "de", **options) -> Path`` of an .argosmodel, built once per session."""
    root = tmp_path_factory.getbasetemp() / "tiny-models"

    def build(from_code: str, to_code: str, **options: object) -> Path:
        name = "-".join(f"{k}={v}" for k, v in sorted(options.items())) or "default"
        return _cached_model(str(root / name), from_code, to_code, tuple(sorted(options.items())))

    return build


@pytest.fixture
def installed_models(argos_packages: Path, tiny_model: Callable[..., Path]) -> dict[tuple[str, str], object]:
    """en->de, de->en and en->fr tiny models installed (the real install path) into
    ``argos_packages``; returns their ModelInfo by pair."""
    from l10n.mt.packages import install_file

    return {pair: install_file(tiny_model(*pair), argos_packages) for pair in PAIRS}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextlib.contextmanager
def serve_folder(folder: Path,
                 handler: type[http.server.BaseHTTPRequestHandler] | None = None) -> Iterator[str]:
    """Serve ``folder`` over HTTP on 127.0.0.1 in a thread; yields the base URL."""
    handler_class = handler or functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler_class)  # type: ignore[arg-type]
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def local_http(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """``(folder, base_url)``: files put in ``folder`` are served at ``base_url``."""
    folder = tmp_path / "www"
    folder.mkdir()
    with serve_folder(folder) as url:
        yield folder, url


__all__ = [
    "argos_env",
    "argos_packages",
    "closed_port",
    "installed_models",
    "isolated_argos_env",
    "local_http",
    "serve_folder",
    "tiny_model",
]
