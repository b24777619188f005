"""The workspace configuration: a frozen ``Config`` read once from ``[tool.l10n]``.

The nearest ``pyproject.toml`` at or above the current folder that has a ``[tool.l10n]``
table is the workspace; a nearer one that cannot be read or parsed is an error (it might
be the workspace), never silently skipped. Every key is checked against ``SCHEMA``: an
unknown key or table is an error naming the nearest known one, a wrong type names the
expected one, and the folders (``articles``, ``locales_dir``, ``build_dir``) must lie
inside the workspace, symbolic links resolved.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from l10n.errors import ConfigError, shown_path
from l10n.glossary import Glossary

DEFAULT_VARIABLE_PATTERN = ".+"
ENGINE_NAMES = ("argos", "apertium")
LOCALE_RE = re.compile(r"^[a-z]{2,3}(?:_[A-Z]{2}|_[A-Za-z]{4})?$")


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
    # "en-es" -> "apertium": the engine a pair must use (default: Argos where a model is
    # installed, else Apertium where the pair is installed).
    engines: tuple[tuple[str, str], ...] = ()

    def engine_for(self, source: str, target: str) -> str | None:
        return dict(self.engines).get(f"{source}-{target}")


@dataclass(frozen=True)
class Config:
    root: Path
    chrome_language: str = "de"
    body_language: str = "en"
    locales: tuple[str, ...] = ("de", "en", "fr", "es")
    articles_dir: str = "articles"
    locales_dir: str = "locales"
    build_dir: str = "build"
    glossary: Glossary = Glossary()  # [tool.l10n] glossary, with [tool.l10n.glossary_forms.<locale>]
    chrome: ChromeConfig = field(default_factory=ChromeConfig)
    mt: MTConfig = field(default_factory=MTConfig)

    @functools.cached_property  # asked for thousands of times in a run
    def articles_path(self) -> Path:
        return self.root / self.articles_dir

    @functools.cached_property
    def locales_path(self) -> Path:
        return self.root / self.locales_dir

    @functools.cached_property
    def templates_path(self) -> Path:
        return self.locales_path / "templates"

    @functools.cached_property
    def build_path(self) -> Path:
        return self.root / self.build_dir

    @functools.cached_property
    def state_path(self) -> Path:
        """l10n's own bookkeeping (caches): hidden, inside the workspace, not committed."""
        return self.root / ".l10n"

    def chrome_locales(self) -> tuple[str, ...]:
        """Locales that get a chrome catalog: all but the chrome's own language."""
        return tuple(loc for loc in self.locales if loc != self.chrome_language)

    def body_locales(self) -> tuple[str, ...]:
        """Locales that get article catalogs: all but the body's own language."""
        return tuple(loc for loc in self.locales if loc != self.body_language)

    def relative(self, path: Path) -> str:
        """A path as catalogs record it: relative to the workspace, with forward slashes."""
        full, root = os.path.abspath(path), os.path.abspath(self.root)
        if full == root:
            return "."
        if full.startswith(root.rstrip(os.sep) + os.sep):
            return full[len(root.rstrip(os.sep)) + 1:].replace(os.sep, "/")
        return str(path)

    def shown(self, path: Path | str) -> str:
        """A path as messages show it: relative to the folder the command was run in, so
        it can be pasted back into a command (``path`` may be workspace-relative)."""
        text = os.fspath(path)
        return shown_path(text if os.path.isabs(text) else os.path.join(self.root, text))

    def inside(self, path: Path) -> bool:
        """Whether ``path``, symbolic links resolved, lies inside the workspace."""
        return is_inside(path, self.root)


def is_inside(path: Path, root: Path) -> bool:
    resolved = Path(os.path.realpath(path))
    base = Path(os.path.realpath(root))
    return resolved == base or base in resolved.parents


# ---------------------------------------------------------------------------------------
# Finding the workspace


def _toml_error(path: Path, exc: tomllib.TOMLDecodeError) -> ConfigError:
    # tomllib says "Expected '=' after a key in a key/value pair (at line 3, column 5)".
    text = str(exc)
    match = re.search(r"\s*\(at line (\d+), column (\d+)\)$", text)
    where = f"{path}:{match.group(1)}:{match.group(2)}" if match else str(path)
    reason = text[: match.start()] if match else text
    return ConfigError.at(where, f"not valid TOML: {reason}")


def _read_toml(path: Path, shown: str) -> dict[str, Any]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError.at(shown, f"cannot read: {exc.strerror or exc}") from None
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError.at(shown, "not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise _toml_error(Path(shown), exc) from None


def find_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` whose pyproject.toml has [tool.l10n].

    A pyproject.toml without [tool.l10n] is passed over; one that cannot be read or
    parsed stops the search with an error (it may be the workspace the user meant).
    """
    start = Path(os.path.abspath(start))
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            data = _read_toml(candidate, _shown_from(candidate, start))
            tool = data.get("tool", {})
            if isinstance(tool, dict) and ("l10n" in tool or _misspelt(tool)):
                return folder  # (load names a misspelt table)
    raise ConfigError.at(str(start), "no workspace: no pyproject.toml with [tool.l10n] here or above (run l10n "
                                     "inside a workspace, give one with -C FOLDER, or make this one: a "
                                     "pyproject.toml with a [tool.l10n] table: see the README, \"The workspace\")")


def _misspelt(tool: dict[str, Any]) -> str | None:
    """A table of ``[tool]`` named almost as l10n's (``l10m``, ``l1On``): meant to be it."""
    import difflib  # (on first need: a workspace's settings without a stray key never need it)

    return next((name for name in tool
                 if name != "l10n" and difflib.SequenceMatcher(None, name.lower(), "l10n").ratio() >= 0.75), None)


def _shown_from(path: Path, cwd: Path) -> str:
    try:
        return os.path.relpath(path, cwd)
    except ValueError:
        return str(path)


def load(root: Path | None = None) -> Config:
    """Read ``[tool.l10n]`` from ``root/pyproject.toml`` (root found upwards from the cwd)."""
    cwd = Path.cwd()
    root = find_root(cwd) if root is None else Path(os.path.abspath(root))
    path = root / "pyproject.toml"
    shown = _shown_from(path, cwd)
    if not root.is_dir():
        raise ConfigError.at(_shown_from(root, cwd), "no such folder (the workspace: a folder with a pyproject.toml "
                                                      "with [tool.l10n])")
    if not path.is_file():
        raise ConfigError.at(shown, "no such file: a workspace has a pyproject.toml with [tool.l10n]")
    data = _read_toml(path, shown)
    tool = data.get("tool", {})
    section = tool.get("l10n") if isinstance(tool, dict) else None
    misspelt = _misspelt(tool) if isinstance(tool, dict) else None
    if misspelt is not None:  # [tool.l10m]: its settings would be ignored without a word
        raise ConfigError.at(shown, f"unknown table [tool.{misspelt}]; did you mean [tool.l10n]?")
    if not isinstance(section, dict):
        raise ConfigError.at(shown, "no [tool.l10n] table: this folder is not an l10n workspace")
    return from_mapping(root, section, Path(shown))


# ---------------------------------------------------------------------------------------
# The schema


@dataclass(frozen=True)
class Key:
    kind: str  # "str" | "int" | "strings" | "table" | "mapping" | "forms"
    default: Any = None
    check: Callable[[str, Any], str | None] | None = None  # (key, value) -> why it is wrong
    keys: Mapping[str, Key] | None = None  # for "table"


def _locale_problem(_key: str, value: Any) -> str | None:
    values = value if isinstance(value, (list, tuple)) else [value]
    for item in values:
        if not LOCALE_RE.match(item):
            return f"{item!r} is not a locale code like 'de' or 'pt_BR'"
    for item in values:
        if not _babel_has_data(item) and not _babel_parses(item):  # (zh_TW is zh_Hant_TW: parsed)
            return (f"{item!r} is no locale Babel knows (its plural forms, number and date formats come from "
                    "Babel's CLDR data)")
    if isinstance(value, (list, tuple)):
        if not value:
            return "must name at least one locale"
        seen = set()
        for item in value:
            if item in seen:
                return f"{item!r} is listed twice"
            seen.add(item)
    return None


@functools.cache
def _babel_data() -> str | None:
    """Babel's locale-data folder, found without importing Babel (every command reads the
    configuration; most never need Babel)."""
    spec = importlib.util.find_spec("babel")
    locations = spec.submodule_search_locations if spec is not None else None
    return os.path.join(list(locations)[0], "locale-data") if locations else None


def _babel_has_data(code: str) -> bool:
    """Whether Babel has a data file of its own for ``code`` (babel.localedata.exists)."""
    folder = _babel_data()
    return folder is not None and os.path.isfile(os.path.join(folder, f"{code}.dat"))


def _babel_parses(code: str) -> bool:
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return False
    return True


def _patterns_problem(_key: str, value: Any) -> str | None:
    for pattern in value:
        if not pattern.strip():
            return "a pattern must not be empty"
        names = re.findall(r"\{([A-Za-z_]\w*)\}", pattern)
        if not re.search(r"[^\W\d_]", re.sub(r"\{[A-Za-z_]\w*\}", "", pattern)):
            return f"{pattern!r} has no words of its own: it would take every line of every article"
        twice = next((name for name in names if names.count(name) > 1), None)
        if twice is not None:
            return f"{pattern!r} names {{{twice}}} twice; a variable stands once in a pattern"
    return None


def _regex_problem(key: str, value: Any) -> str | None:
    for name, pattern in value.items():
        if not re.fullmatch(r"[A-Za-z_]\w*", name):
            return f"{name!r} is not a variable name"
        try:
            re.compile(pattern)
        except re.error as exc:
            return f"{name}: not a regular expression: {exc}"
    return None


def _engines_problem(_key: str, value: Any) -> str | None:
    for pair, engine in value.items():
        if not re.fullmatch(r"[a-z]{2,3}(?:_[A-Za-z]{2,4})?-[a-z]{2,3}(?:_[A-Za-z]{2,4})?", pair):
            return f"{pair!r} is not a language pair like \"en-es\""
        if engine not in ENGINE_NAMES:
            return f"{pair}: unknown engine {engine!r} (known: {', '.join(ENGINE_NAMES)})"
    return None


def _positive(_key: str, value: Any) -> str | None:
    return None if value > 0 else "must be a positive integer"


def _nonempty_terms(_key: str, value: Any) -> str | None:
    return "terms must not be empty" if any(not term.strip() for term in value) else None


def _forms_problem(_key: str, value: Any) -> str | None:
    """[tool.l10n.glossary_forms.<locale>]: a table per locale of "term" = "form"."""
    for locale, table in value.items():
        if not isinstance(table, dict):
            return (f"{locale!r} is not a table: write the forms of a locale as [tool.l10n.glossary_forms.fr] "
                    '"Vladimir Putin" = "Vladimir Poutine"')
        problem = _locale_problem(locale, locale)
        if problem:
            return problem
        for term, form in table.items():
            if not isinstance(form, str):
                return f"{locale}: the form of {term!r} must be a string, not {_toml_type(form)}"
            if not form.strip():
                return f"{locale}: the form of {term!r} must not be empty"
    return None


SCHEMA: dict[str, Key] = {
    "chrome_language": Key("str", "de", _locale_problem),
    "body_language": Key("str", "en", _locale_problem),
    "locales": Key("strings", ("de", "en", "fr", "es"), _locale_problem),
    "articles": Key("str", "articles"),
    "locales_dir": Key("str", "locales"),
    "build_dir": Key("str", "build"),
    "glossary": Key("strings", (), _nonempty_terms),
    "glossary_forms": Key("forms", {}, _forms_problem),
    "chrome": Key("table", keys={
        "patterns": Key("strings", (), _patterns_problem),
        "footer_links": Key("strings", ()),
        "footer_separator": Key("str", "·"),
        "variables": Key("mapping", {}, _regex_problem),
    }),
    "mt": Key("table", keys={
        "beam_size": Key("int", MTConfig.beam_size, _positive),
        "batch_size": Key("int", MTConfig.batch_size, _positive),
        "threads": Key("int", MTConfig.threads, _positive),
        "max_input_tokens": Key("int", MTConfig.max_input_tokens, _positive),
        "max_output_tokens": Key("int", MTConfig.max_output_tokens, _positive),
        "engines": Key("mapping", {}, _engines_problem),
    }),
}

_EXPECTED = {
    "str": "a non-empty string",
    "int": "an integer",
    "strings": "a list of strings",
    "table": "a table ([tool.l10n.NAME])",
    "mapping": "a table of strings",
    "forms": "a table of locales ([tool.l10n.glossary_forms.LOCALE]), each of \"term\" = \"form\"",
}


def _type_ok(kind: str, value: Any) -> bool:
    if kind == "str":
        return isinstance(value, str) and bool(value.strip())
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "strings":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if kind in ("table", "forms"):  # (a forms table's shape: its own check, which can say more)
        return isinstance(value, dict)
    return isinstance(value, dict) and all(isinstance(v, str) for v in value.values())


def _validated(section: dict[str, Any], schema: Mapping[str, Key], prefix: str, path: Path) -> dict[str, Any]:
    """``section`` checked against ``schema``; defaults filled in; tables recursed."""
    for name in section:
        if name not in schema:
            import difflib

            table = isinstance(section[name], dict)
            known = [k for k, key in schema.items() if (key.kind in ("table", "forms")) == table] or list(schema)
            close = difflib.get_close_matches(name.lower(), known, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]}?" if close else f" (known: {', '.join(known)})"
            if not close and not table:  # a key of a table below, written at this level (beam_size)
                below = {f"{k}.{inner}": inner for k, key in schema.items() if key.kind == "table" and key.keys
                         for inner in key.keys}
                near = difflib.get_close_matches(name.lower(), list(below.values()), n=1, cutoff=0.8)
                where = next((full for full, inner in below.items() if near and inner == near[0]), None)
                if where is not None:
                    table_name, key_name = where.rsplit(".", 1)
                    hint = f"; did you mean {key_name} in [tool.l10n.{prefix[:-1] + '.' if prefix else ''}{table_name}]?"
            raise ConfigError(prefix + name, f"unknown {'table' if table else 'key'}{hint}", path)
    out: dict[str, Any] = {}
    for name, key in schema.items():
        if key.kind == "table":
            value = section.get(name, {})
            if not _type_ok("table", value):
                raise ConfigError(prefix + name, f"must be {_EXPECTED['table']}", path)
            assert key.keys is not None
            out[name] = _validated(value, key.keys, f"{prefix}{name}.", path)
            continue
        value = section.get(name, key.default)
        if not _type_ok(key.kind, value) and name in section:
            raise ConfigError(prefix + name, f"must be {_EXPECTED[key.kind]}, not {_toml_type(value)}", path)
        if key.check is not None and name in section:
            problem = key.check(name, value)
            if problem:
                raise ConfigError(prefix + name, problem, path)
        out[name] = value
    return out


def _toml_type(value: Any) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int):
        return f"the integer {value}"
    if isinstance(value, float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the string {value!r}" if value.strip() else "an empty string"
    if isinstance(value, list):
        return "a list of other things"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def _folder(root: Path, key: str, value: str, path: Path) -> str:
    """A folder setting: relative to the workspace, and inside it once links are resolved."""
    if "\x00" in value:
        raise ConfigError(key, "must be a folder name", path)
    if not is_inside(root / value, root):
        named = root / value
        # (the link that leads out, if one does: between the workspace and the folder named)
        link = next((p for p in (named, *named.parents) if p != root and root in p.parents and p.is_symlink()), None)
        how = (f" ({link.relative_to(root).as_posix()} is a symbolic link to {os.path.realpath(link)})"
               if link is not None else "")
        raise ConfigError(key, f"{value!r} lies outside the workspace ({root}){how}; "
                               "l10n reads and writes only inside it", path)
    if Path(os.path.realpath(root / value)) == Path(os.path.realpath(root)):
        raise ConfigError(key, f"{value!r} is the workspace itself; name a folder inside it", path)
    return value


def from_mapping(root: Path, section: dict[str, Any], path: Path) -> Config:
    values = _validated(section, SCHEMA, "", path)
    chrome, mt = values["chrome"], values["mt"]
    if values["chrome_language"] == values["body_language"]:
        raise ConfigError("body_language", "must differ from chrome_language (the site's own language)", path)
    for locale, table in values["glossary_forms"].items():
        stray = next((term for term in table if term not in values["glossary"]), None)
        if stray is not None:  # (a form of a term nothing protects or checks: a typo, or a term left out)
            raise ConfigError(f"glossary_forms.{locale}", f"{stray!r} is not a glossary term (glossary lists "
                                                          f"{', '.join(map(repr, values['glossary'])) or 'none'})", path)
    folders = {key: _folder(root, key, values[key], path) for key in ("articles", "locales_dir", "build_dir")}
    if len({os.path.realpath(root / v) for v in folders.values()}) < 3:
        raise ConfigError("articles", "articles, locales_dir and build_dir must be three different folders", path)
    return Config(
        root=root,
        chrome_language=values["chrome_language"],
        body_language=values["body_language"],
        locales=tuple(values["locales"]),
        articles_dir=folders["articles"],
        locales_dir=folders["locales_dir"],
        build_dir=folders["build_dir"],
        glossary=Glossary.of(values["glossary"], values["glossary_forms"]),
        chrome=ChromeConfig(
            patterns=tuple(chrome["patterns"]),
            footer_links=tuple(chrome["footer_links"]),
            footer_separator=chrome["footer_separator"],
            variables=tuple(sorted(chrome["variables"].items())),
        ),
        mt=MTConfig(
            beam_size=mt["beam_size"],
            batch_size=mt["batch_size"],
            threads=mt["threads"],
            max_input_tokens=mt["max_input_tokens"],
            max_output_tokens=mt["max_output_tokens"],
            engines=tuple(sorted(mt["engines"].items())),
        ),
    )
