"""The exception tree of l10n, with the process exit code on each class.

    L10nError                    exit 1   the work found a problem
    ├── MissingModelError        exit 1   no MT model for a requested pair
    │   └── EngineFailed                  the pair's engine is there and failed on it
    ├── NetworkError             exit 1   the package index is unreachable
    ├── MachineError             exit 1   the machine failed: disk full, permission, I/O
    │   └── FileError                     one file l10n may not read or write (permissions):
    │                                     that item is skipped, the others go on
    ├── (fsio.PartlyWritten)              a batch's files left as they were, the others in place
    └── InputError (ValueError)  exit 2   bad input or usage: names what and where
        ├── UsageError                    a bad option or argument
        ├── ConfigError                   a bad [tool.l10n] value, names the key
        ├── OutsideWorkspaceError         a path that resolves outside the workspace
        ├── ArticleError                  an unreadable / binary / empty article
        ├── CatalogError                  a .po/.pot that fails validation: FILE:LINE: reason
        └── PackageError                  an .argosmodel that is refused

Operations raise these for what stops them, and return the ones that stopped a single
item (one article, one catalog) in their result, having done the rest: ``exit_code``
decides the status of such a run. The CLI maps both to exit codes in one place
(``l10n.cli``); the core never exits.
"""

from __future__ import annotations

import errno
import os
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


class EngineFailed(MissingModelError):
    """The engine of a language pair is installed but failed on it (its message says how to
    mend it): not a model to install. ``pair``: the pair it failed on (a pivot's leg)."""

    def __init__(self, message: str, pair: tuple[str, str] | None = None) -> None:
        super().__init__(message)
        self.pair = pair


class NetworkError(L10nError):
    """The package index could not be reached (offline, timeout, bad answer)."""


class MachineError(L10nError):
    """The machine failed, not the input: disk full, no permission, an I/O error."""


class FileError(MachineError):
    """One file the machine would not let l10n read or write (its permissions). Unlike a
    full disk or a read-only file system, it says nothing of the other
    files: a command that works through many reports it and goes on with the rest, as
    with a catalog that does not read."""


class InputError(L10nError, ValueError):
    exit_code = 2


class UsageError(InputError):
    """A bad option or argument."""


class ConfigError(InputError):
    def __init__(self, key: str, reason: str, path: Path | str | None = None) -> None:
        where = f"{path}: " if path else ""
        table, _, name = key.rpartition(".")
        super().__init__(f"{where}[tool.l10n{'.' + table if table else ''}] {name}: {reason}")
        self.key = key

    @classmethod
    def at(cls, where: str, reason: str) -> ConfigError:
        """An error about the file itself (unreadable, not TOML), not about one key."""
        error = cls.__new__(cls)
        InputError.__init__(error, f"{where}: {reason}")
        error.key = ""
        return error


class OutsideWorkspaceError(InputError):
    """A file or folder that resolves (symbolic links followed) outside the workspace."""

    def __init__(self, shown: str, target: str) -> None:
        super().__init__(f"{shown}: resolves to {target}, outside the workspace; "
                         "l10n reads and writes only inside it")
        self.path = shown


class ArticleError(InputError):
    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)


@dataclass(frozen=True)
class Problem:
    """One problem found in a file: where (``path``, 1-based ``line``, 0 if none) and why."""

    path: str | None
    line: int
    reason: str

    def __str__(self) -> str:
        where = f"{self.path if self.path is not None else '<catalog>'}:{self.line}" if self.line else f"{self.path}"
        return f"{where}: {self.reason}"


class CatalogError(InputError):
    """A catalog that fails validation, located as ``FILE:LINE: reason``."""

    def __init__(self, path: Path | str | None, line: int, reason: str,
                 problems: Sequence[Problem] = ()) -> None:
        first = Problem(None if path is None else str(path), line, reason)
        super().__init__(str(first))
        self.path = first.path
        self.line = line
        self.reason = reason
        self.problems: tuple[Problem, ...] = tuple(problems) or (first,)


# What stops one catalog and no other: it does not read, or it may not be read or written.
# A command that works through many reports it and goes on with the rest.
ONE_CATALOG = (CatalogError, FileError)


class PackageError(InputError):
    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)


# ---------------------------------------------------------------------------------------
# OSError -> the error the user sees

# errno values that mean the input named does not exist or is the wrong kind of thing:
# bad input (exit 2). Everything else (ENOSPC, EACCES, EIO, EROFS, EFBIG, ...) is the
# machine (exit 1).
_INPUT_ERRNOS = {errno.ENOENT, errno.EISDIR, errno.ENOTDIR, errno.ENAMETOOLONG, errno.ELOOP}
# errno values that concern the one file (see FileError)
_ONE_FILE_ERRNOS = {errno.EACCES, errno.EPERM}  # (not EROFS: a read-only file system is every file on it)
_HINTS = {
    errno.ENOSPC: "disk full: free some space, then run the command again",
    errno.EDQUOT: "disk quota exceeded: free some space, then run the command again",
    errno.EFBIG: "disk full or file size limit reached",
    errno.EACCES: "check the file's permissions",
    errno.EPERM: "check the file's permissions",
    errno.EROFS: "the file system is read-only",
}


def shown_path(path: str | os.PathLike[str]) -> str:
    """A path as messages show it: relative to the folder l10n was started in."""
    text = os.fspath(path)
    try:
        if os.path.isabs(text) and os.path.normpath(text) == text:
            # The common case, a clean path below the current folder, without relpath's
            # work (messages about thousands of catalogs name each one).
            prefix = os.path.join(os.getcwd(), "")
            if text.startswith(prefix) and len(text) > len(prefix):
                return text[len(prefix):]
        relative = os.path.relpath(text)
    except (ValueError, OSError):
        return text
    return text if relative.startswith("../../..") else relative


def from_os_error(exc: OSError, action: str, path: str | os.PathLike[str] | None = None) -> L10nError:
    """``exc`` as one line naming the file and what failed (``action``: "write", "read")."""
    target = path if path is not None else exc.filename
    where = f"{shown_path(target)}: " if target is not None else ""
    reason = exc.strerror or str(exc) or type(exc).__name__
    hint = _HINTS.get(exc.errno or 0)
    message = f"{where}cannot {action}: {reason}" + (f" ({hint})" if hint else "")
    if exc.errno in _INPUT_ERRNOS:
        return InputError(message)
    if exc.errno in _ONE_FILE_ERRNOS:
        return FileError(message)
    return MachineError(message)


def exit_code(errors: Sequence[L10nError], done_any: bool = True) -> int:
    """The status of a run that met ``errors`` on single items and did the rest: 0 with
    none; 1 when other work was done (problems found); else the worst error's own code."""
    if not errors:
        return 0
    if done_any:
        return 1
    return max(error.exit_code for error in errors)
