"""Argos Translate models on this machine: list, list the index, install safely.

    list_installed()                  the packages in the Argos packages folder
    list_available(timeout)           the Argos package index (index.json), fetched by us
    install_from_index(from, to)      download one package (bounded time), then install_file
    install_file(path)                unpack an .argosmodel after checking every member

The layout is Argos Translate's own, so ``argostranslate.package.get_installed_packages()``
finds what we install: one folder per package in the packages folder
(``$ARGOS_PACKAGES_DIR``, else Argos's default), holding ``metadata.json``,
``sentencepiece.model`` and the CTranslate2 model in ``model/``.

Nothing here calls Argos's ``update_package_index()`` (offline it recurses until
RecursionError) or its ``install_from_path()`` (``extractall`` of an unchecked zip). An
install unpacks into a hidden staging folder beside the installed packages and is renamed
into place in one step; a refused package leaves the installed ones untouched.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import stat
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from filelock import FileLock

from l10n.errors import L10nError, MissingModelError, NetworkError, PackageError
from l10n.fsio import fsync_dir

DEFAULT_INDEX = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"
INSTALL_HINT = "install from a file instead: l10n models install FILE.argosmodel"

MAX_TOTAL_BYTES = 4 * 1024**3     # the largest Argos models unpack to a few hundred MB
MAX_MEMBERS = 10_000
MAX_RATIO = 100                   # uncompressed:compressed, per member; weights are ~1:1
RATIO_FLOOR = 1024**2             # members smaller than this may compress as they like
MAX_METADATA_BYTES = 1024**2
DOWNLOAD_CHUNK = 1024**2

STAGING_PREFIX = ".l10n-staging-"
ASIDE_PREFIX = ".l10n-old-"
LOCK_NAME = ".l10n-install.lock"

_CODE_RE = re.compile(r"^[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})?$")
_REQUIRED_TEXT = ("from_code", "to_code", "package_version")
_OPTIONAL_TEXT = ("from_name", "to_name", "argos_version", "type", "code")


@dataclass(frozen=True)
class ModelInfo:
    """An Argos package: installed (``path`` set) or offered by the index (``links``)."""

    from_code: str
    to_code: str
    package_name: str  # argospm's name: "translate-en_de"
    version: str
    path: Path | None = None
    from_name: str = ""
    to_name: str = ""
    links: tuple[str, ...] = ()
    target_prefix: str = ""  # multilingual packages: the first target token naming the language

    @property
    def pair(self) -> tuple[str, str]:
        return (self.from_code, self.to_code)


# ---------------------------------------------------------------------------------------
# Where things are


def packages_dir(explicit: Path | None = None) -> Path:
    """The Argos packages folder: ``explicit``, ``$ARGOS_PACKAGES_DIR``, else Argos's default.

    The environment is read at call time; only without it is ``argostranslate.settings``
    imported (which creates Argos's folders, as Argos itself would).
    """
    if explicit is not None:
        return Path(explicit)
    env = os.environ.get("ARGOS_PACKAGES_DIR")
    if env:
        return Path(env)
    from argostranslate import settings

    return Path(settings.package_data_dir)


def index_url(explicit: str | None = None) -> str:
    """The index.json URL: from ``$ARGOS_PACKAGE_INDEX`` (a base URL, as Argos reads it)."""
    base = explicit or os.environ.get("ARGOS_PACKAGE_INDEX") or DEFAULT_INDEX
    if base.endswith(".json"):
        return base
    return base.rstrip("/") + "/index.json"


# ---------------------------------------------------------------------------------------
# Metadata


def _metadata_error(source: Path | str, metadata: Any) -> str | None:
    """Why ``metadata`` is not a usable translate package's metadata.json, or None."""
    if not isinstance(metadata, dict):
        return "metadata.json is not a JSON object"
    for key in _REQUIRED_TEXT:
        value = metadata.get(key)
        if not isinstance(value, str) or not value.strip():
            return f"metadata.json: {key} missing or not a non-empty string"
    for key in _OPTIONAL_TEXT:
        if key in metadata and not isinstance(metadata[key], str):
            return f"metadata.json: {key} is not a string"
    for key in ("from_code", "to_code"):
        if not _CODE_RE.match(metadata[key]):
            return f"metadata.json: {key} {metadata[key]!r} is not a language code"
    if metadata.get("type", "translate") != "translate":
        return f"metadata.json: type {metadata['type']!r} is not a translation package"
    links = metadata.get("links", [])
    if not isinstance(links, list) or not all(isinstance(link, str) for link in links):
        return "metadata.json: links is not a list of strings"
    return None


def _info(metadata: dict[str, Any], path: Path | None = None) -> ModelInfo:
    return ModelInfo(
        from_code=metadata["from_code"],
        to_code=metadata["to_code"],
        package_name=f"translate-{metadata['from_code']}_{metadata['to_code']}",
        version=metadata["package_version"],
        path=path,
        from_name=metadata.get("from_name", "") or "",
        to_name=metadata.get("to_name", "") or "",
        links=tuple(metadata.get("links", ())),
        target_prefix=prefix if isinstance(prefix := metadata.get("target_prefix", ""), str) else "",
    )


def _version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """Sortable: numeric parts compare as numbers ("1.10" > "1.9")."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"[.\-_]", version))


def read_installed(folder: Path) -> ModelInfo | None:
    """The ModelInfo of one installed package folder, or None if it is not one."""
    try:
        metadata = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    if _metadata_error(folder, metadata) is not None:
        return None
    if not (folder / "sentencepiece.model").is_file() or not (folder / "model").is_dir():
        return None
    return _info(metadata, folder)


def list_installed(folder: Path | None = None) -> list[ModelInfo]:
    """Installed translation packages, sorted by pair (newest version first within a pair).

    Folders that are not usable packages (no or bad metadata, BPE tokenizers, our hidden
    staging folders) are skipped, not fatal. What a killed install left is undone first
    (``recover``): a package it had set aside is put back (waiting for an install that is
    running to finish), its staging folder removed (unless an install is running now).
    """
    root = packages_dir(folder)
    try:
        names = [entry.name for entry in root.iterdir()]
    except FileNotFoundError:
        return []
    aside = any(name.startswith(ASIDE_PREFIX) for name in names)
    if aside or any(name.startswith(STAGING_PREFIX) for name in names):
        try:
            with FileLock(str(root / LOCK_NAME), timeout=60 if aside else 0):
                recover(root)
        except (OSError, TimeoutError):
            pass  # read-only or busy: list what is there; the next install recovers it
    return _installed_in(root)


def _installed_in(root: Path) -> list[ModelInfo]:
    """``list_installed`` of ``root`` as it is (nothing recovered)."""
    try:
        entries = sorted(root.iterdir())
    except FileNotFoundError:
        return []
    found = [info for entry in entries
             if entry.is_dir() and not entry.name.startswith(".")
             for info in [read_installed(entry)] if info is not None]
    found.sort(key=lambda i: _version_key(i.version), reverse=True)
    return sorted(found, key=lambda i: i.pair)


# ---------------------------------------------------------------------------------------
# The index


INSTALL_MARGIN = 2.0  # seconds of an install's budget kept for unpacking and start-up


class _Deadline:
    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        remaining = self.end - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("timed out")
        return remaining


def _reason(exc: BaseException) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code}"
    if isinstance(exc, urllib.error.URLError):
        exc = exc.reason if isinstance(exc.reason, BaseException) else exc
        if not isinstance(exc, BaseException):
            return str(exc)
    if isinstance(exc, (TimeoutError, socket.timeout)):
        return "timed out"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    return str(exc).strip() or type(exc).__name__


def _fetch(url: str, deadline: _Deadline, limit: int, sink: Any) -> None:
    """Stream ``url`` into ``sink`` (a binary file) within ``deadline`` and ``limit`` bytes."""
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise ValueError(f"unsupported URL scheme in {url}")
    request = urllib.request.Request(url, headers={"User-Agent": "l10n"})
    with urllib.request.urlopen(request, timeout=deadline.left()) as response:
        # The socket timeout bounds each read; shrink it as the deadline nears so a server
        # trickling bytes cannot stretch the total time.
        sock = getattr(getattr(getattr(response, "fp", None), "raw", None), "_sock", None)
        total = 0
        while True:
            left = deadline.left()
            if isinstance(sock, socket.socket):
                sock.settimeout(left)
            chunk = response.read1(DOWNLOAD_CHUNK)
            if not chunk:
                return
            total += len(chunk)
            if total > limit:
                raise ValueError(f"larger than {limit} bytes")
            sink.write(chunk)


def list_available(timeout: float = 10.0, url: str | None = None) -> list[ModelInfo]:
    """The translation packages the Argos package index offers, sorted by pair.

    Raises NetworkError (one line: what failed, and how to install without the index)
    when the index cannot be fetched within ``timeout`` seconds or is not an index.
    """
    return _list_available(_Deadline(timeout), index_url(url))


def _list_available(deadline: _Deadline, url: str) -> list[ModelInfo]:
    body = tempfile.SpooledTemporaryFile(max_size=8 * 1024**2)
    try:
        with body:
            _fetch(url, deadline, 64 * 1024**2, body)
            body.seek(0)
            index = json.loads(body.read().decode("utf-8"))
    except (OSError, ValueError, urllib.error.URLError) as exc:
        raise NetworkError(f"package index {url} unreachable ({_reason(exc)}); "
                           f"{INSTALL_HINT}") from None
    if not isinstance(index, list):
        raise NetworkError(f"package index {url} is not a list of packages; {INSTALL_HINT}")
    found = []
    for entry in index:
        if _metadata_error(url, entry) is None:
            info = _info(entry)
            links = tuple(urllib.parse.urljoin(url, link) for link in info.links)
            found.append(ModelInfo(**{**info.__dict__, "links": links}))
    return sorted(found, key=lambda i: i.pair)


def install_from_index(from_code: str, to_code: str, timeout: float = 30.0, *,
                       url: str | None = None, folder: Path | None = None) -> ModelInfo:
    """Download the index's package for a pair and install it, all within ``timeout`` s.

    NetworkError if the index or the download fails; MissingModelError if the index has
    no package for the pair; PackageError if the downloaded package is refused.
    """
    installed, failed = install_pairs([(from_code, to_code)], timeout, url=url, folder=folder)
    if failed:
        raise failed[0][1]
    return installed[0]


def install_pairs(pairs: list[tuple[str, str]], timeout: float = 30.0, *, url: str | None = None,
                  folder: Path | None = None) -> tuple[list[ModelInfo], list[tuple[tuple[str, str], L10nError]]]:
    """Install the index's package for each pair, the whole within ``timeout`` seconds: the
    index is fetched once, then the downloads share what is left of the budget. Returns
    the installed packages and, per pair that failed, why."""
    # A margin for unpacking and for the process itself keeps the whole command inside
    # ``timeout``; the index gets at most a third of it (it is small).
    deadline = _Deadline(max(timeout - INSTALL_MARGIN, 1.0))
    url = index_url(url)
    failed: list[tuple[tuple[str, str], L10nError]] = []
    if not pairs:
        return [], failed
    try:
        offers = _list_available(_Deadline(min(deadline.left(), max(timeout / 3, 1.0))), url)
    except (NetworkError, TimeoutError) as exc:
        error = exc if isinstance(exc, NetworkError) else NetworkError(f"package index {url} unreachable (timed out); {INSTALL_HINT}")
        return [], [(pair, error) for pair in pairs]
    installed = []
    for pair in pairs:
        try:
            installed.append(_install_offer(pair, offers, url, deadline, folder))
        except L10nError as exc:
            failed.append((pair, exc))
        except TimeoutError:
            failed.append((pair, NetworkError(f"download of {pair[0]}->{pair[1]} did not finish within "
                                              f"{timeout:.0f} s; {INSTALL_HINT}")))
    return installed, failed


def _install_offer(pair: tuple[str, str], offers: list[ModelInfo], url: str, deadline: _Deadline,
                   folder: Path | None) -> ModelInfo:
    from_code, to_code = pair
    candidates = [i for i in offers if i.pair == pair]
    if not candidates:
        raise MissingModelError(f"the package index {url} has no model for {from_code}->{to_code}")
    offer = max(candidates, key=lambda i: _version_key(i.version))
    if not offer.links:
        raise NetworkError(f"the package index lists {offer.package_name} {offer.version} "
                           f"without a download link; {INSTALL_HINT}")
    deadline.left()  # raises TimeoutError when the budget is spent
    with tempfile.TemporaryDirectory(prefix="l10n-download-") as work:
        archive = Path(work) / f"{offer.package_name}-{offer.version}.argosmodel"
        failures = []
        for link in offer.links:
            try:
                with open(archive, "wb") as sink:
                    _fetch(link, deadline, MAX_TOTAL_BYTES, sink)
                break
            except (OSError, ValueError, urllib.error.URLError) as exc:
                failures.append(f"{link}: {_reason(exc)}")
        else:
            raise NetworkError(f"download of {offer.package_name} {offer.version} failed "
                               f"({'; '.join(failures)}); {INSTALL_HINT}")
        try:
            return install_file(archive, folder, expect=(offer.pair, offer.version))
        except PackageError as exc:
            raise PackageError(link, exc.message.split(": ", 1)[-1]) from None


# ---------------------------------------------------------------------------------------
# Installing a file


def _member_problem(info: zipfile.ZipInfo) -> str | None:
    name = info.filename
    if "\x00" in name or "\\" in name:
        return f"member {name!r} has a forbidden character in its name"
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return f"member {name!r} has an absolute path"
    if any(part == ".." for part in name.split("/")):
        return f"member {name!r} would land outside the package folder"
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return f"member {name!r} is a symbolic link"
    if stat.S_IFMT(mode) and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        return f"member {name!r} is not a regular file or folder"
    if info.flag_bits & 0x1:
        return f"member {name!r} is encrypted"
    return None


def _package_root(names: list[str]) -> str | None:
    """The folder prefix holding metadata.json: "" (flat) or "top/" (Argos's layout)."""
    if "metadata.json" in names:
        return ""
    tops = {name.split("/", 1)[0] for name in names}
    if len(tops) == 1:
        top = tops.pop()
        if f"{top}/metadata.json" in names:
            return f"{top}/"
    return None


def _check_archive(path: Path, zf: zipfile.ZipFile, max_total: int) -> tuple[str, dict[str, Any]]:
    infos = zf.infolist()
    if not infos:
        raise PackageError(path, "the archive is empty")
    if len(infos) > MAX_MEMBERS:
        raise PackageError(path, f"{len(infos)} members, more than {MAX_MEMBERS}")
    seen: set[str] = set()
    total = 0
    for info in infos:
        problem = _member_problem(info)
        if problem:
            raise PackageError(path, problem)
        key = info.filename.rstrip("/")
        if key in seen:
            raise PackageError(path, f"member {info.filename!r} occurs twice")
        seen.add(key)
        total += info.file_size
        if total > max_total:
            raise PackageError(path, f"unpacks to more than {max_total} bytes")
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise PackageError(path, f"member {info.filename!r} expands {info.file_size} bytes "
                                     f"from {info.compress_size} (a zip bomb?)")
    names = [info.filename for info in infos]
    root = _package_root(names)
    if root is None:
        raise PackageError(path, "no metadata.json at the top of the package")
    meta_info = zf.getinfo(root + "metadata.json")
    if meta_info.file_size > MAX_METADATA_BYTES:
        raise PackageError(path, "metadata.json is implausibly large")
    try:
        metadata = json.loads(zf.read(meta_info).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PackageError(path, f"metadata.json is not valid JSON ({exc})") from None
    problem = _metadata_error(path, metadata)
    if problem:
        raise PackageError(path, problem)
    if root + "sentencepiece.model" not in names:
        reason = " (BPE packages are not supported)" if root + "bpe.model" in names else ""
        raise PackageError(path, f"no sentencepiece.model{reason}")
    if root + "model/model.bin" not in names:
        raise PackageError(path, "no CTranslate2 model (model/model.bin)")
    return root, metadata


def _extract(path: Path, zf: zipfile.ZipFile, root: str, staging: Path, max_total: int) -> None:
    written = 0
    base = staging.resolve()
    for info in zf.infolist():
        relative = info.filename[len(root):]
        if not relative:
            continue
        target = (staging / relative).resolve()
        if target != base and base not in target.parents:
            raise PackageError(path, f"member {info.filename!r} would land outside the package folder")
        if info.is_dir():
            target.mkdir(mode=0o755, parents=True, exist_ok=True)
            continue
        target.parent.mkdir(mode=0o755, parents=True, exist_ok=True)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(target, flags, 0o644)
        with os.fdopen(fd, "wb") as out, zf.open(info) as member:
            size = 0
            while chunk := member.read(DOWNLOAD_CHUNK):
                size += len(chunk)
                written += len(chunk)
                if size > info.file_size or written > max_total:
                    raise PackageError(path, f"member {info.filename!r} is larger than declared")
                out.write(chunk)


def _check_unpacked(path: Path, staging: Path) -> None:
    import sentencepiece

    try:
        sentencepiece.SentencePieceProcessor(model_file=str(staging / "sentencepiece.model"))
    except (OSError, RuntimeError) as exc:
        raise PackageError(path, f"sentencepiece.model does not load ({exc})") from None
    config = staging / "model" / "config.json"
    if config.exists():
        try:
            json.loads(config.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise PackageError(path, "model/config.json is not valid JSON") from None
    # The model itself, loaded as translate will load it: a damaged model.bin, or one made
    # for another CTranslate2, is refused here, before it takes an installed model's place.
    import ctranslate2

    try:
        translator = ctranslate2.Translator(str(staging / "model"), device="cpu", inter_threads=1, intra_threads=1)
    except (RuntimeError, ValueError, OSError) as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise PackageError(path, f"its translation model (model/) does not load: {reason}") from None
    del translator


def recover(root_dir: Path) -> list[str]:
    """Undo what a killed install left (the caller holds the install lock): a package set
    aside for a switch that never happened is put back when no package of its pair is in
    place; staging folders and retired packages are deleted. Returns what was restored."""
    restored = []
    installed_pairs = {info.pair for info in _installed_in(root_dir)}  # (not list_installed: it recovers)
    for stale in sorted(root_dir.glob(".l10n-*")):
        if not stale.is_dir():
            continue
        if stale.name.startswith(ASIDE_PREFIX):
            for inner in list(stale.iterdir()):
                info = read_installed(inner) if inner.is_dir() else None
                home = root_dir / inner.name
                if info is not None and info.pair not in installed_pairs and not home.exists():
                    os.rename(inner, home)
                    installed_pairs.add(info.pair)
                    restored.append(inner.name)
        shutil.rmtree(stale, ignore_errors=True)
    if restored:
        fsync_dir(root_dir)
    return restored


def _remove_aside(folder: Path, target: Path) -> None:
    """Rename ``target`` to a hidden name (one atomic step), then delete it."""
    aside = Path(tempfile.mkdtemp(dir=folder, prefix=f"{ASIDE_PREFIX}{target.name}-"))
    os.rename(target, aside / target.name)
    shutil.rmtree(aside, ignore_errors=True)


def _switch_in(staging: Path, target: Path, pair: tuple[str, str]) -> None:
    """Rename the unpacked package into place; retire any installed one for the same pair.

    Each step is one rename, so Argos and our engine see the old package or the new one,
    never a half-written folder. If the new one cannot be renamed in, the old one is put
    back.
    """
    root_dir = target.parent
    same_pair = [i.path for i in list_installed(root_dir)
                 if i.pair == pair and i.path is not None and i.path != target]
    if target.exists():
        aside = Path(tempfile.mkdtemp(dir=root_dir, prefix=f"{ASIDE_PREFIX}{target.name}-"))
        try:
            os.rename(target, aside / target.name)
        except OSError:
            os.rmdir(aside)
            raise
        try:
            os.rename(staging, target)
        except OSError:
            os.rename(aside / target.name, target)
            os.rmdir(aside)
            raise
        shutil.rmtree(aside, ignore_errors=True)
    else:
        os.rename(staging, target)
    for old in same_pair:
        _remove_aside(root_dir, old)
    fsync_dir(root_dir)


def install_file(path: Path, folder: Path | None = None, *,
                 max_total_bytes: int = MAX_TOTAL_BYTES,
                 expect: tuple[tuple[str, str], str] | None = None) -> ModelInfo:
    """Install an ``.argosmodel`` file after checking it; return the installed package.

    Refused (PackageError, one line naming the file and why): not a zip; a member that
    would land outside the package folder (``..``, absolute path, symlink, device); more
    than ``max_total_bytes`` unpacked or a zip-bomb ratio; missing or malformed
    metadata.json; no sentencepiece.model or no model/. The package replaces an installed
    one for the same pair (any version) by rename; nothing is changed if it is refused.
    """
    path = Path(path)
    root_dir = packages_dir(folder)
    if not path.is_file():
        raise PackageError(path, "no such file")
    root_dir.mkdir(parents=True, exist_ok=True)
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        reason = "not a zip archive (.argosmodel)" if isinstance(exc, zipfile.BadZipFile) else str(exc)
        raise PackageError(path, reason) from None
    with zf, FileLock(str(root_dir / LOCK_NAME), timeout=600):
        recover(root_dir)
        package_root, metadata = _check_archive(path, zf, max_total_bytes)
        info = _info(metadata)
        if expect is not None and (info.pair, info.version) != expect:
            (want_from, want_to), want_version = expect
            raise PackageError(path, f"is {info.from_code}->{info.to_code} {info.version}, not the "
                                     f"{want_from}->{want_to} {want_version} the index offers")
        target = root_dir / info.package_name
        try:
            staging = Path(tempfile.mkdtemp(dir=root_dir, prefix=STAGING_PREFIX))
        except OSError as exc:
            raise PackageError(path, f"cannot write into {root_dir} ({exc.strerror})") from None
        try:
            _extract(path, zf, package_root, staging, max_total_bytes)
            _check_unpacked(path, staging)
            os.chmod(staging, 0o755)
            _switch_in(staging, target, info.pair)
        except (zipfile.BadZipFile, EOFError, zlib.error) as exc:
            raise PackageError(path, f"corrupt archive ({exc})") from None
        except OSError as exc:
            raise PackageError(path, f"cannot install into {root_dir} ({exc.strerror or exc})") from None
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
    installed = read_installed(target)
    if installed is None:  # cannot happen after the checks above; never report success falsely
        raise PackageError(path, "installed, but the installed folder does not read back")
    return installed
