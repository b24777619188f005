"""The exception tree of l10n, with the process exit code on each class.

    L10nError                    exit 1   the work found a problem
    ├── MissingModelError        exit 1   no MT model for a requested pair
    ├── NetworkError             exit 1   the package index is unreachable
    └── InputError (ValueError)  exit 2   bad input or usage: names what and where
        ├── ConfigError                   a bad [tool.l10n] value, names the key
        ├── ArticleError                  an unreadable / binary / empty article
        ├── CatalogError                  a .po/.pot that fails validation: FILE:LINE: reason
        │                                 (all its problems: .problems, each a Problem)
        └── PackageError                  an .argosmodel that is refused

The CLI maps these to exit codes in exactly one place (``l10n.cli``); the core never exits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


class L10nError(Exception):
    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class MissingModelError(L10nError):
    """No installed model translates a requested language pair."""


class NetworkError(L10nError):
    """The package index could not be reached (offline, timeout, bad answer)."""


class InputError(L10nError, ValueError):
    exit_code = 2


class ConfigError(InputError):
    def __init__(self, key: str, reason: str, path: Path | str | None = None) -> None:
        where = f"{path}: " if path else ""
        super().__init__(f"{where}[tool.l10n] {key}: {reason}")
        self.key = key


class ArticleError(InputError):
    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, where it is: shown as ``FILE:LINE: reason`` (line 0:
    the file as a whole; path None: a catalog that was not read from a file)."""

    path: str | None
    line: int
    reason: str

    def __str__(self) -> str:
        where = f"{self.path if self.path is not None else '<catalog>'}:{self.line}" if self.line else f"{self.path}"
        return f"{where}: {self.reason}"


class CatalogError(InputError):
    """A catalog that fails validation, located as ``FILE:LINE: reason`` (its first
    problem); ``problems`` holds every problem found, the first one included."""

    def __init__(self, path: Path | str | None, line: int, reason: str, problems: Sequence[Problem] = ()) -> None:
        first = Problem(None if path is None else str(path), line, reason)
        super().__init__(str(first))
        self.path = first.path
        self.line = line
        self.reason = reason
        self.problems: tuple[Problem, ...] = tuple(problems) or (first,)

    @classmethod
    def of(cls, problems: Sequence[Problem]) -> CatalogError:
        """The error for ``problems`` (at least one), named after the first."""
        first = problems[0]
        return cls(first.path, first.line, first.reason, problems)


class PackageError(InputError):
    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
