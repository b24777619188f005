"""Installing Argos packages: from a file (safely), from an index on 127.0.0.1, offline."""

from __future__ import annotations

import hashlib
import http.server
import json
import shutil
import socket
import stat
import struct
import threading
import time
import warnings
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from l10n.config import MTConfig
from l10n.errors import MissingModelError, NetworkError, PackageError
from l10n.mt import packages
from l10n.mt.argos import ArgosEngine
from l10n.mt.packages import (
    ModelInfo,
    index_url,
    install_file,
    install_from_index,
    list_available,
    list_installed,
)
from mt_fixtures import (  # noqa: F401  (fixtures)
    argos_env,
    argos_packages,
    closed_port,
    installed_models,
    local_http,
    serve_folder,
    tiny_model,
)

SMALL = MTConfig(beam_size=1, batch_size=8, threads=1, max_input_tokens=64, max_output_tokens=8)
TOP = "translate-en_de-1_0"  # the top folder of tiny_model("en", "de")


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with a hash of its bytes (symlinks by their target)."""
    tree = {}
    for path in sorted(folder.rglob("*")):
        key = path.relative_to(folder).as_posix()
        if path.is_symlink():
            tree[key] = "-> " + str(path.readlink())
        elif path.is_file():
            tree[key] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            tree[key] = "dir"
    return tree


def members(archive: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(archive) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def rebuild(archive: Path, out: Path, *, drop: tuple[str, ...] = (),
            replace: dict[str, bytes] | None = None,
            extra: list[tuple[zipfile.ZipInfo | str, bytes]] | None = None) -> Path:
    """A copy of ``archive`` with members dropped, replaced (relative to the top folder)
    or added (names as given)."""
    replace = replace or {}
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        warnings.simplefilter("ignore")  # duplicate names are one of the cases
        for name, data in members(archive).items():
            relative = name[len(TOP) + 1:]
            if relative in drop:
                continue
            zf.writestr(name, replace.pop(relative, data))
        for relative, data in replace.items():
            zf.writestr(f"{TOP}/{relative}", data)
        for name_or_info, data in extra or []:
            zf.writestr(name_or_info, data)
    return out


def declare_size(archive: Path, member: str, size: int) -> None:
    """Patch the sizes ``member`` declares (central directory and local header)."""
    data = bytearray(archive.read_bytes())
    name = member.encode()
    for signature, size_at, name_at in ((b"PK\x01\x02", 24, 46), (b"PK\x03\x04", 22, 30)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            length = struct.unpack_from("<H", data, start + (28 if signature == b"PK\x01\x02" else 26))[0]
            if bytes(data[start + name_at:start + name_at + length]) == name:
                struct.pack_into("<I", data, start + size_at, size)
            start += 4
    archive.write_bytes(bytes(data))


def metadata_bytes(**changes: object) -> bytes:
    base: dict[str, object] = {"package_version": "1.0", "argos_version": "1.0",
                               "from_code": "en", "from_name": "English", "to_code": "de",
                               "to_name": "German", "type": "translate", "links": []}
    base.update(changes)
    return json.dumps({k: v for k, v in base.items() if v is not None}).encode()


def special_member(name: str, file_type: int) -> zipfile.ZipInfo:
    """A member whose Unix mode says symlink (S_IFLNK), FIFO (S_IFIFO), ..."""
    info = zipfile.ZipInfo(name)
    info.external_attr = (file_type | 0o777) << 16
    info.create_system = 3
    return info


# ---------------------------------------------------------------------------------------
# Installing from a file


def test_install_lays_the_package_out_as_argos_does(argos_packages: Path,  # noqa: F811
                                                    tiny_model: Callable[..., Path]) -> None:  # noqa: F811
    info = install_file(tiny_model("en", "de"))
    assert info == ModelInfo("en", "de", "translate-en_de", "1.0", argos_packages / "translate-en_de",
                             "English", "German")
    assert sorted(p.name for p in info.path.iterdir()) == [  # type: ignore[union-attr]
        "README.md", "metadata.json", "model", "sentencepiece.model"]
    assert list_installed() == [info]
    assert [p.name for p in argos_packages.iterdir() if p.is_dir()] == ["translate-en_de"]


def test_a_new_version_replaces_the_old_one(argos_packages: Path,  # noqa: F811
                                            tiny_model: Callable[..., Path]) -> None:  # noqa: F811
    install_file(tiny_model("en", "de"))
    install_file(tiny_model("en", "de", version="1.1", seed=1))
    assert [(i.pair, i.version) for i in list_installed()] == [(("en", "de"), "1.1")]
    assert sorted(p.name for p in argos_packages.iterdir()) == [".l10n-install.lock", "translate-en_de"]
    [result] = ArgosEngine(SMALL).translate(["The parade."], "en", "de")
    assert result.origin.endswith("1.1")


def test_a_package_installed_by_argos_itself_is_replaced(argos_packages: Path,  # noqa: F811
                                                         tiny_model: Callable[..., Path]) -> None:  # noqa: F811
    with zipfile.ZipFile(tiny_model("en", "de")) as zf:  # what argostranslate's install does
        zf.extractall(argos_packages)
    assert [i.path.name for i in list_installed()] == [TOP]  # type: ignore[union-attr]
    install_file(tiny_model("en", "de", version="1.1"))
    assert [(i.path.name, i.version) for i in list_installed()] == [("translate-en_de", "1.1")]  # type: ignore[union-attr]


def test_a_flat_archive_is_accepted(argos_packages: Path, tiny_model: Callable[..., Path],  # noqa: F811
                                    tmp_path: Path) -> None:
    flat = tmp_path / "flat.argosmodel"
    with zipfile.ZipFile(flat, "w") as zf:
        for name, data in members(tiny_model("en", "fr")).items():
            zf.writestr(name.split("/", 1)[1], data)
    assert install_file(flat).pair == ("en", "fr")


def test_a_failed_switch_keeps_the_old_package(argos_packages: Path,  # noqa: F811
                                               tiny_model: Callable[..., Path],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    install_file(tiny_model("en", "de"))
    before = snapshot(argos_packages)
    real_rename = packages.os.rename

    def failing_rename(src: object, dst: object) -> None:
        if packages.STAGING_PREFIX in str(src):
            raise OSError(28, "No space left on device")
        real_rename(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(packages.os, "rename", failing_rename)
    with pytest.raises(PackageError, match="No space left on device"):
        install_file(tiny_model("en", "de", version="1.1"))
    assert snapshot(argos_packages) == before
    assert [i.version for i in list_installed()] == ["1.0"]


MALFORMED = {
    "no-metadata": ({"drop": ("metadata.json",)}, "no metadata.json"),
    "metadata-not-json": ({"replace": {"metadata.json": b"{not json"}}, "not valid JSON"),
    "metadata-a-list": ({"replace": {"metadata.json": b"[]"}}, "not a JSON object"),
    "no-from-code": ({"replace": {"metadata.json": metadata_bytes(from_code=None)}}, "from_code"),
    "no-version": ({"replace": {"metadata.json": metadata_bytes(package_version=None)}},
                   "package_version"),
    "code-a-path": ({"replace": {"metadata.json": metadata_bytes(to_code="../../x")}},
                    "not a language code"),
    "name-not-text": ({"replace": {"metadata.json": metadata_bytes(from_name=3)}}, "from_name"),
    "sbd-package": ({"replace": {"metadata.json": metadata_bytes(type="sbd")}},
                    "not a translation package"),
    "no-sentencepiece": ({"drop": ("sentencepiece.model",)}, "no sentencepiece.model"),
    "bpe-only": ({"drop": ("sentencepiece.model",), "replace": {"bpe.model": b"x"}},
                 "BPE packages are not supported"),
    "no-model": ({"drop": ("model/model.bin",)}, "model/model.bin"),
    "broken-sentencepiece": ({"replace": {"sentencepiece.model": b"garbage"}}, "does not load"),
    "broken-model-bin": ({"replace": {"model/model.bin": b"garbage" * 100}}, "translation model (model/) does not load"),
    "zip-slip": ({"extra": [(f"{TOP}/../../escaped.txt", b"x")]}, "outside the package folder"),
    "dotdot-first": ({"extra": [("../escaped.txt", b"x")]}, "outside the package folder"),
    "symlink": ({"extra": [(special_member(f"{TOP}/model/link", stat.S_IFLNK), b"../../../escaped.txt")]},
                "symbolic link"),
    "fifo": ({"extra": [(special_member(f"{TOP}/fifo", stat.S_IFIFO), b"")]}, "not a regular file"),
    "duplicate": ({"extra": [(f"{TOP}/README.md", b"again")]}, "occurs twice"),
    "backslash": ({"extra": [(f"{TOP}\\..\\escaped.txt", b"x")]}, "forbidden character"),
    "zip-bomb": ({"extra": [(f"{TOP}/padding.bin", bytes(16 * 1024**2))]}, "zip bomb"),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_a_malformed_package_is_refused_and_changes_nothing(  # noqa: F811
        case: str, installed_models: dict, argos_packages: Path,  # noqa: F811
        tiny_model: Callable[..., Path], tmp_path: Path) -> None:  # noqa: F811
    options, reason = MALFORMED[case]
    archive = rebuild(tiny_model("en", "de"), tmp_path / f"{case}.argosmodel",
                      **options)  # type: ignore[arg-type]
    before = snapshot(tmp_path)

    with pytest.raises(PackageError) as caught:
        install_file(archive)

    message = str(caught.value)
    assert str(archive) in message and reason in message and "\n" not in message
    assert caught.value.exit_code == 2
    assert snapshot(tmp_path) == before  # nothing written, nothing left behind, nothing outside
    assert not (tmp_path.parent / "escaped.txt").exists()
    assert [(i.pair, i.version) for i in list_installed()] == [
        (("de", "en"), "1.0"), (("en", "de"), "1.0"), (("en", "fr"), "1.0")]
    assert len(ArgosEngine(SMALL).translate(["Still works."], "en", "de")) == 1


def test_an_absolute_member_is_refused(installed_models: dict, argos_packages: Path,  # noqa: F811
                                       tiny_model: Callable[..., Path], tmp_path: Path) -> None:  # noqa: F811
    target = tmp_path / "absolute-escape.txt"
    archive = rebuild(tiny_model("en", "de"), tmp_path / "abs.argosmodel",
                      extra=[(zipfile.ZipInfo(str(target)), b"x")])
    assert str(target) in members(archive)  # the name really is absolute
    with pytest.raises(PackageError, match="absolute path"):
        install_file(archive)
    assert not target.exists()


def test_a_huge_declared_size_is_refused(installed_models: dict, argos_packages: Path,  # noqa: F811
                                         tiny_model: Callable[..., Path], tmp_path: Path) -> None:  # noqa: F811
    archive = shutil.copy(tiny_model("en", "de"), tmp_path / "huge.argosmodel")
    declare_size(Path(archive), f"{TOP}/model/model.bin", 0xF000_0000)
    declare_size(Path(archive), f"{TOP}/sentencepiece.model", 0xF000_0000)
    before = snapshot(argos_packages)
    with pytest.raises(PackageError, match="unpacks to more than|zip bomb"):
        install_file(Path(archive))
    assert snapshot(argos_packages) == before


def test_the_total_size_bound(argos_packages: Path, tiny_model: Callable[..., Path]) -> None:  # noqa: F811
    with pytest.raises(PackageError, match="unpacks to more than 100000 bytes"):
        install_file(tiny_model("en", "de"), max_total_bytes=100_000)
    assert list_installed() == []


def test_a_member_larger_than_it_declares_is_refused(argos_packages: Path,  # noqa: F811
                                                     tiny_model: Callable[..., Path],
                                                     tmp_path: Path) -> None:
    archive = Path(shutil.copy(tiny_model("en", "de"), tmp_path / "liar.argosmodel"))
    declare_size(archive, f"{TOP}/model/model.bin", 1000)
    with pytest.raises(PackageError, match="corrupt archive|larger than declared"):
        install_file(archive)
    assert list_installed() == []
    assert [p.name for p in argos_packages.iterdir()] == [".l10n-install.lock"]


@pytest.mark.parametrize("content, reason", [
    (None, "no such file"),
    (b"just text", "not a zip archive"),
])
def test_not_a_package_file(argos_packages: Path, tmp_path: Path, content: bytes | None,  # noqa: F811
                            reason: str) -> None:
    path = tmp_path / "model.argosmodel"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(PackageError, match=reason):
        install_file(path)


def test_an_empty_archive_is_refused(argos_packages: Path, tmp_path: Path) -> None:  # noqa: F811
    path = tmp_path / "empty.argosmodel"
    zipfile.ZipFile(path, "w").close()
    with pytest.raises(PackageError, match="empty"):
        install_file(path)


def test_stale_staging_folders_are_cleaned_up(argos_packages: Path,  # noqa: F811
                                              tiny_model: Callable[..., Path]) -> None:
    stale = argos_packages / ".l10n-staging-killed"
    (stale / "model").mkdir(parents=True)
    install_file(tiny_model("en", "de"))
    assert not stale.exists()


def test_list_installed_skips_what_is_not_a_package(argos_packages: Path,  # noqa: F811
                                                    tiny_model: Callable[..., Path]) -> None:
    install_file(tiny_model("en", "de"))
    (argos_packages / "junk").mkdir()
    (argos_packages / "bad-json").mkdir()
    (argos_packages / "bad-json" / "metadata.json").write_text("{")
    (argos_packages / "stray-file.txt").write_text("x")
    assert [i.pair for i in list_installed()] == [("en", "de")]


def test_list_installed_of_a_missing_folder(tmp_path: Path) -> None:
    assert list_installed(tmp_path / "nowhere") == []


# ---------------------------------------------------------------------------------------
# The package index


@pytest.mark.parametrize("setting, url", [
    ("http://127.0.0.1:8000/argos/", "http://127.0.0.1:8000/argos/index.json"),
    ("http://127.0.0.1:8000/argos", "http://127.0.0.1:8000/argos/index.json"),
    ("http://127.0.0.1:8000/custom.json", "http://127.0.0.1:8000/custom.json"),
])
def test_index_url_reads_argos_setting(monkeypatch: pytest.MonkeyPatch, setting: str, url: str) -> None:
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", setting)
    assert index_url() == url


def publish(folder: Path, base_url: str, tiny_model: Callable[..., Path]) -> None:  # noqa: F811
    shutil.copy(tiny_model("en", "de"), folder / "translate-en_de-1_0.argosmodel")
    shutil.copy(tiny_model("en", "fr"), folder / "en_fr.argosmodel")
    index = [
        json.loads(metadata_bytes(links=["translate-en_de-1_0.argosmodel"])),  # relative link
        json.loads(metadata_bytes(to_code="fr", to_name="French",
                                  links=[f"{base_url}en_fr.argosmodel"])),
        json.loads(metadata_bytes(to_code="es", links=[f"{base_url}missing.argosmodel"])),
        {"type": "sbd", "from_code": "en", "package_version": "1.0"},  # not a translation
        {"nonsense": True},
    ]
    (folder / "index.json").write_text(json.dumps(index))


def test_list_available_from_a_local_index(local_http: tuple[Path, str],  # noqa: F811
                                           tiny_model: Callable[..., Path],  # noqa: F811
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    folder, url = local_http
    publish(folder, url, tiny_model)
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", url)
    available = list_available(timeout=5)
    assert [i.pair for i in available] == [("en", "de"), ("en", "es"), ("en", "fr")]
    assert available[0].links == (f"{url}translate-en_de-1_0.argosmodel",)
    assert all(i.path is None for i in available)


def test_install_from_a_local_index(local_http: tuple[Path, str], argos_packages: Path,  # noqa: F811
                                    tiny_model: Callable[..., Path],  # noqa: F811
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    folder, url = local_http
    publish(folder, url, tiny_model)
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", url)
    info = install_from_index("en", "de", timeout=10)
    assert info.path == argos_packages / "translate-en_de"
    install_from_index("en", "fr", timeout=10)
    assert [i.pair for i in list_installed()] == [("en", "de"), ("en", "fr")]
    assert len(ArgosEngine(SMALL).translate(["The parade."], "en", "fr")) == 1


def test_a_pair_the_index_lacks(local_http: tuple[Path, str], argos_packages: Path,  # noqa: F811
                                tiny_model: Callable[..., Path]) -> None:  # noqa: F811
    folder, url = local_http
    publish(folder, url, tiny_model)
    with pytest.raises(MissingModelError, match="de->fr"):
        install_from_index("de", "fr", timeout=5, url=url)


def test_a_failed_download_is_a_network_error(local_http: tuple[Path, str],  # noqa: F811
                                              argos_packages: Path,  # noqa: F811
                                              tiny_model: Callable[..., Path]) -> None:  # noqa: F811
    folder, url = local_http
    publish(folder, url, tiny_model)
    with pytest.raises(NetworkError) as caught:
        install_from_index("en", "es", timeout=5, url=url)
    message = str(caught.value)
    assert "HTTP 404" in message and "l10n models install FILE.argosmodel" in message
    assert list_installed() == []


def test_a_bad_index_is_a_network_error(local_http: tuple[Path, str]) -> None:  # noqa: F811
    folder, url = local_http
    (folder / "index.json").write_text("<html>captive portal</html>")
    with pytest.raises(NetworkError, match="unreachable"):
        list_available(timeout=5, url=url)
    (folder / "index.json").write_text('{"not": "a list"}')
    with pytest.raises(NetworkError, match="not a list"):
        list_available(timeout=5, url=url)


def test_an_unreachable_index_fails_fast_with_one_line(argos_packages: Path,  # noqa: F811
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"http://127.0.0.1:{closed_port()}/"
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", url)
    started = time.monotonic()
    with pytest.raises(NetworkError) as caught:
        install_from_index("en", "de")
    assert time.monotonic() - started < 5
    message = str(caught.value)
    assert message == (f"package index {url}index.json unreachable (connection refused); "
                       "install from a file instead: l10n models install FILE.argosmodel")
    assert caught.value.exit_code == 1
    assert list_installed() == []


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A server that accepts connections and never answers."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/"


def test_a_silent_index_times_out(silent_server: str) -> None:
    started = time.monotonic()
    with pytest.raises(NetworkError, match="timed out"):
        list_available(timeout=1.0, url=silent_server)
    assert time.monotonic() - started < 3


class TrickleHandler(http.server.BaseHTTPRequestHandler):
    """Answers index.json at once, then sends any package one byte every 50 ms."""

    index = b"[]"

    def do_GET(self) -> None:  # noqa: N802
        if self.path.endswith("index.json"):
            body = self.index
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        self.send_response(200)
        self.send_header("Content-Length", "100000")
        self.end_headers()
        try:
            for _ in range(200):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.05)
        except OSError:
            pass

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def test_the_timeout_bounds_the_whole_install(tmp_path: Path, argos_packages: Path) -> None:  # noqa: F811
    # Every read succeeds within a socket timeout; only a total deadline stops this.
    TrickleHandler.index = json.dumps([json.loads(metadata_bytes(links=["slow.argosmodel"]))]).encode()
    with serve_folder(tmp_path, TrickleHandler) as url:
        started = time.monotonic()
        with pytest.raises(NetworkError, match="timed out"):
            install_from_index("en", "de", timeout=1.0, url=url)
        assert time.monotonic() - started < 3
    assert list_installed() == []


def test_argos_update_package_index_is_never_called(local_http: tuple[Path, str],  # noqa: F811
                                                    argos_packages: Path,  # noqa: F811
                                                    tiny_model: Callable[..., Path],  # noqa: F811
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from argostranslate import package

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("argostranslate's network code was called")

    monkeypatch.setattr(package, "update_package_index", forbidden)
    monkeypatch.setattr(package, "install_from_path", forbidden)
    monkeypatch.setattr(package, "get_available_packages", forbidden)
    folder, url = local_http
    publish(folder, url, tiny_model)
    install_from_index("en", "de", timeout=10, url=url)


def test_threads_in_the_server_are_not_leaked() -> None:
    assert all(t.daemon or t is threading.main_thread() for t in threading.enumerate())
