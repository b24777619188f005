"""The workspace configuration: a frozen ``Config`` read once from ``[tool.l10n]``."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from l10n.errors import ConfigError

DEFAULT_VARIABLE_PATTERN = ".+"


@dataclass(frozen=True)
class ChromeConfig:
    patterns: tuple[str, ...] = ()
    footer_links: tuple[str, ...] = ()
    footer_separator: str = "·"
    variables: tuple[tuple[str, str], ...] = ()

    def variable_pattern(self, name: str) -> str:
        return dict(self.variables).get(name, DEFAULT_VARIABLE_PATTERN)


@dataclass(frozen=True)
class MTConfig:
    beam_size: int = 4
    batch_size: int = 64
    threads: int = 2
    max_input_tokens: int = 256
    max_output_tokens: int = 384


@dataclass(frozen=True)
class Config:
    root: Path
    chrome_language: str = "de"
    body_language: str = "en"
    locales: tuple[str, ...] = ("de", "en", "fr", "es")
    articles_dir: str = "articles"
    locales_dir: str = "locales"
    build_dir: str = "build"
    glossary: tuple[str, ...] = ()
    chrome: ChromeConfig = field(default_factory=ChromeConfig)
    mt: MTConfig = field(default_factory=MTConfig)

    @property
    def articles_path(self) -> Path:
        return self.root / self.articles_dir

    @property
    def locales_path(self) -> Path:
        return self.root / self.locales_dir

    @property
    def templates_path(self) -> Path:
        return self.locales_path / "templates"

    @property
    def build_path(self) -> Path:
        return self.root / self.build_dir

    def chrome_locales(self) -> tuple[str, ...]:
        """Locales that get a chrome catalog: all but the chrome's own language."""
        return tuple(loc for loc in self.locales if loc != self.chrome_language)

    def body_locales(self) -> tuple[str, ...]:
        """Locales that get article catalogs: all but the body's own language."""
        return tuple(loc for loc in self.locales if loc != self.body_language)

    def relative(self, path: Path) -> str:
        """A path as the user sees it: relative to the workspace, with forward slashes."""
        try:
            return Path(os.path.abspath(path)).relative_to(os.path.abspath(self.root)).as_posix()
        except ValueError:
            return str(path)


def find_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` whose pyproject.toml has [tool.l10n]."""
    start = start.resolve()
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                data = tomllib.loads(candidate.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                continue
            if "l10n" in data.get("tool", {}):
                return folder
    raise ConfigError("(workspace)", f"no pyproject.toml with [tool.l10n] at or above {start}")


def load(root: Path | None = None) -> Config:
    """Read ``[tool.l10n]`` from ``root/pyproject.toml`` (root found upwards from the cwd)."""
    root = find_root(Path.cwd()) if root is None else root.resolve()
    path = root / "pyproject.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError("(file)", f"cannot read: {exc.strerror}", path) from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError("(file)", f"not valid TOML: {exc}", path) from None
    section = data.get("tool", {}).get("l10n")
    if not isinstance(section, dict):
        raise ConfigError("(section)", "missing", path)
    return from_mapping(root, section, path)


def _get(section: dict[str, Any], key: str, kind: type, default: Any, path: Path, prefix: str = "") -> Any:
    value = section.get(key, default)
    if kind is tuple:
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            raise ConfigError(prefix + key, "must be a list of strings", path)
        return tuple(value)
    if kind is int and (isinstance(value, bool) or not isinstance(value, int) or value <= 0):
        raise ConfigError(prefix + key, "must be a positive integer", path)
    if kind is str and (not isinstance(value, str) or not value):
        raise ConfigError(prefix + key, "must be a non-empty string", path)
    return value


_LOCALE_RE = re.compile(r"^[a-z]{2,3}(?:_[A-Z]{2}|_[A-Za-z]{4})?$")


def from_mapping(root: Path, section: dict[str, Any], path: Path) -> Config:
    locales = _get(section, "locales", tuple, ("de", "en", "fr", "es"), path)
    for loc in locales:
        if not _LOCALE_RE.match(loc):
            raise ConfigError("locales", f"{loc!r} is not a locale code like 'de' or 'pt_BR'", path)
    chrome_section = section.get("chrome", {})
    if not isinstance(chrome_section, dict):
        raise ConfigError("chrome", "must be a table", path)
    variables = chrome_section.get("variables", {})
    if not isinstance(variables, dict) or not all(isinstance(v, str) for v in variables.values()):
        raise ConfigError("chrome.variables", "must map names to regular expressions", path)
    for name, pattern in variables.items():
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ConfigError(f"chrome.variables.{name}", f"not a regular expression: {exc}", path) from None
    chrome = ChromeConfig(
        patterns=_get(chrome_section, "patterns", tuple, (), path, "chrome."),
        footer_links=_get(chrome_section, "footer_links", tuple, (), path, "chrome."),
        footer_separator=_get(chrome_section, "footer_separator", str, "·", path, "chrome."),
        variables=tuple(sorted(variables.items())),
    )
    mt_section = section.get("mt", {})
    if not isinstance(mt_section, dict):
        raise ConfigError("mt", "must be a table", path)
    mt = MTConfig(**{
        key: _get(mt_section, key, int, getattr(MTConfig, key), path, "mt.")
        for key in ("beam_size", "batch_size", "threads", "max_input_tokens", "max_output_tokens")
    })
    return Config(
        root=root,
        chrome_language=_get(section, "chrome_language", str, "de", path),
        body_language=_get(section, "body_language", str, "en", path),
        locales=locales,
        articles_dir=_get(section, "articles", str, "articles", path),
        locales_dir=_get(section, "locales_dir", str, "locales", path),
        build_dir=_get(section, "build_dir", str, "build", path),
        glossary=_get(section, "glossary", tuple, (), path),
        chrome=chrome,
        mt=mt,
    )
