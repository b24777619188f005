"""Machine translation on a Ray cluster: ``l10n translate --ray [ADDRESS]``.

Only the CTranslate2 step leaves this process (the driver). The engine
(``l10n.mt.argos.ArgosEngine``) splits, protects, tokenizes, deduplicates, sorts and cuts
the sentences into batches here, exactly as without Ray, and decodes and restores the
outputs here too; ``RayRunner`` is its batch runner: it sends each batch, unchanged, to a
pool of Ray actors and hands the outputs back as they arrive. So the catalogs are
byte-identical to a run on one machine, and catalog files never travel: the driver alone
reads and writes them, through the same safe-write path.

What travels where::

    driver (this process)                      Ray actors (any node of the cluster)
    catalogs, memory, sentences, tokenizer
    model/ folder of the installed package  -> object store, once per pair (ray.put)
                                               each actor loads it once, from memory
    batches of tokens (batch_size each)     -> translate_batch, as the local engine would
    progress bar, decode, restore, write    <- best hypothesis tokens per batch

An actor that dies mid-batch is restarted by Ray and its batch sent again (``max_restarts``,
``max_task_retries``); translation is a pure function of the batch, so a retry changes
nothing. Actors need Ray and CTranslate2 (the driver's version: the actors check) and
nothing else: no l10n, no package index, no model files.

Ray is an optional extra (``pip install 'l10n[ray]'``) imported here only, when a runner
is opened.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import re
import socket
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from l10n.config import MTConfig
from l10n.errors import InputError, MachineError
from l10n.mt.argos import Batch, LoadedModel, decoding_options, load_translator

INSTALL_HINT = "--ray needs Ray: pip install 'l10n[ray]'"
LOCAL = "local"

# A killed worker process is restarted and its batch retried this many times; past that
# the run stops (a batch that kills its worker every time is not worth a fifth try).
MAX_RESTARTS = 4
# Pivot routes alternate two models (de->en, en->fr): an actor keeps both loaded.
MODELS_PER_ACTOR = 2


def import_ray() -> Any:
    """The ``ray`` module, or InputError naming the extra that installs it."""
    try:
        return importlib.import_module("ray")
    except ImportError:
        raise InputError(INSTALL_HINT) from None


def model_files(model_dir: Path) -> dict[str, bytes]:
    """A CTranslate2 model folder as ``{relative name: bytes}``, as ``Translator(files=)``
    loads it from memory."""
    return {path.relative_to(model_dir).as_posix(): path.read_bytes()
            for path in sorted(model_dir.rglob("*")) if path.is_file()}


_ADDRESS = re.compile(r"(?:ray://)?(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+):\d{1,5}")


def check_address(address: str | None) -> None:
    """InputError (bad usage) unless ``address`` is one Ray takes: none or ``local`` (a Ray
    here), ``auto``, ``HOST:PORT`` or ``ray://HOST:PORT``. Ray itself would try ``ray://``
    without a host for half a minute, and log gRPC's complaints while it does."""
    if address is None or address in (LOCAL, "auto") or _ADDRESS.fullmatch(address):
        return
    raise InputError(f"--ray {address}: not a Ray address (give HOST:PORT or ray://HOST:PORT of a cluster's head, "
                     "auto, or no address for a Ray on this machine)")


def check_reachable(address: str, timeout: float = 5.0) -> None:
    """MachineError unless something listens at a ``HOST:PORT`` or ``ray://HOST:PORT``
    address (Ray itself would retry an unreachable head for minutes); ``auto`` passes."""
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        return
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=timeout).close()
    except OSError as exc:
        raise MachineError(f"Ray at {address}: nothing answers there "
                           f"({exc.strerror or type(exc).__name__})") from None


class TranslatorActor:
    """A Ray actor's state: up to ``MODELS_PER_ACTOR`` loaded translators, each loaded once
    from the package files the driver put in the object store.

    It imports nothing of l10n at run time (``load_translator`` is shipped with the class):
    a cluster node needs Ray and CTranslate2 only.
    """

    def __init__(self) -> None:
        self.translators: OrderedDict[tuple[str, int], Any] = OrderedDict()

    def describe(self) -> tuple[int, str, str]:
        """(process id, host name, CTranslate2 version)."""
        import ctranslate2

        return os.getpid(), socket.gethostname(), str(ctranslate2.__version__)

    def translate(self, key: str, package: list[Any], threads: int, index: int, batch: Batch,
                  prefix: str, options: dict[str, Any]) -> tuple[int, Batch]:
        """Batch ``index`` through the model ``key`` (``package`` holds the reference of its
        files, in a list so Ray fetches them only when this actor has not loaded them)."""
        translator = self.translators.get((key, threads))
        if translator is None:
            import ray

            while len(self.translators) >= MODELS_PER_ACTOR:
                self.translators.popitem(last=False)
            translator = load_translator(Path(key), threads, files=ray.get(package[0]))
            self.translators[(key, threads)] = translator
        self.translators.move_to_end((key, threads))
        results = translator.translate_batch(
            batch, target_prefix=[[prefix]] * len(batch) if prefix else None, **options)
        return index, [list(result.hypotheses[0]) for result in results]


class RayRunner:
    """The engine's batch runner on Ray: a pool of ``TranslatorActor`` actors, each using
    ``config.threads`` CPUs (and as many CTranslate2 threads, as the local engine does).

    Ray is joined (``address``, see ``open_runner``) and the actors started when the first
    batches come, so a run with nothing to translate starts nothing. ``actors`` defaults to
    as many as the cluster's CPUs hold. Use it through ``open_runner``, which cleans up.
    """

    loads_translator = False

    def __init__(self, ray: Any, address: str | None = LOCAL, actors: int | None = None) -> None:
        self.ray = ray
        self.address = address
        self.actors = actors
        self._connected = False  # this runner called ray.init (and so calls ray.shutdown)
        self._pool: Any = None
        self._handles: list[Any] = []
        self._threads = 0
        self._shipped: dict[str, Any] = {}  # model folder -> object reference of its files

    # -- the cluster and the actors

    def connect(self) -> None:
        """Join Ray, unless this process already has (``ray.init`` was called)."""
        if self.ray.is_initialized():
            return
        local = self.address in (None, LOCAL)
        if not local:
            check_reachable(str(self.address))
        if local:
            # A local instance is this run's own: no usage report (l10n works offline).
            os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
        try:
            self.ray.init(address=LOCAL if local else self.address,
                          include_dashboard=False if local else None,
                          logging_level=logging.ERROR, log_to_driver=False)
        except (ConnectionError, ValueError, RuntimeError) as exc:
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise MachineError(f"Ray at {self.address}: {first}") from None
        self._connected = True

    def cluster_cpus(self) -> int:
        return int(self.ray.cluster_resources().get("CPU", 0))

    def start(self, threads: int) -> list[Any]:
        """Start the pool (once) for actors of ``threads`` CPUs each; returns their handles."""
        if self._handles and self._threads == threads:
            return self._handles
        self.stop()
        self.connect()
        cpus = self.cluster_cpus()
        count = self.actors or max(1, cpus // threads)
        if count * threads > cpus:
            raise InputError(
                f"--ray-actors {count} at {threads} thread(s) each ([tool.l10n.mt] threads) "
                f"need {count * threads} CPUs; the Ray cluster has {cpus}")
        actor_class = self.ray.remote(TranslatorActor).options(
            num_cpus=threads, max_restarts=MAX_RESTARTS, max_task_retries=MAX_RESTARTS)
        self._handles = [actor_class.remote() for _ in range(count)]
        self._threads = threads
        self._pool = self.ray.util.ActorPool(list(self._handles))
        self._check_versions()
        return self._handles

    def _check_versions(self) -> None:
        import ctranslate2

        mine = str(ctranslate2.__version__)
        for _pid, host, version in self._get([a.describe.remote() for a in self._handles]):
            if version != mine:
                raise MachineError(
                    f"Ray node {host} has CTranslate2 {version}, this machine {mine}: "
                    "install the same version on every node (outputs would differ)")

    def describe(self) -> list[tuple[int, str, str]]:
        """(process id, host, CTranslate2 version) of every actor, in pool order."""
        return list(self._get([a.describe.remote() for a in self._handles]))

    def stop(self) -> None:
        for handle in self._handles:
            self.ray.kill(handle)
        self._handles, self._pool, self._threads = [], None, 0

    def close(self) -> None:
        """Stop the actors; leave Ray if this runner joined it."""
        if self.ray.is_initialized():
            self.stop()
        self._shipped.clear()  # the object store frees the model files
        if self._connected:
            self.ray.shutdown()
            self._connected = False

    # -- running batches

    def run(self, model: LoadedModel, config: MTConfig,
            batches: Sequence[Batch]) -> Iterator[tuple[int, Batch]]:
        if not batches:
            return
        self.start(config.threads)
        assert model.info.path is not None
        key = str(model.info.path / "model")
        if key not in self._shipped:
            self._shipped[key] = self.ray.put(model_files(Path(key)))
        package = [self._shipped[key]]
        options = decoding_options(config)
        prefix = model.target_prefix
        # The engine sorts by length, so the last batches are the longest: sent first, they
        # do not leave the other actors idle at the end. (Which actor runs a batch, and when,
        # does not change its output.)
        work = self._pool.map_unordered(
            lambda actor, item: actor.translate.remote(
                key, package, config.threads, item[0], item[1], prefix, options),
            list(enumerate(batches))[::-1])
        with self._ray_errors():
            yield from work

    def _get(self, refs: list[Any]) -> list[Any]:
        with self._ray_errors():
            return list(self.ray.get(refs))

    @contextlib.contextmanager
    def _ray_errors(self) -> Iterator[None]:
        try:
            yield
        except self.ray.exceptions.RayError as exc:
            # A worker that kept dying, a lost node, a failing task: one line, not Ray's
            # multi-line report.
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            raise MachineError(f"Ray: {type(exc).__name__}: {first}") from None


@contextlib.contextmanager
def open_runner(address: str | None = LOCAL, actors: int | None = None) -> Iterator[RayRunner]:
    """A ``RayRunner`` for ``address``; on exit its actors are stopped and Ray left.

    ``address``: ``local`` or None starts a Ray instance on this machine; ``auto``,
    ``HOST:PORT`` or ``ray://HOST:PORT`` joins an existing cluster. A process already
    connected to Ray (``ray.init`` was called) keeps its connection. Without Ray installed,
    InputError says how to install it.
    """
    if actors is not None and actors < 1:
        raise InputError(f"--ray-actors {actors}: give at least 1")
    check_address(address)
    ray = import_ray()
    importlib.import_module("ray.util.actor_pool")
    # The actor class travels by value: cluster nodes need not have l10n installed.
    for module in (__name__, load_translator.__module__):
        ray.cloudpickle.register_pickle_by_value(importlib.import_module(module))
    runner = RayRunner(ray, address, actors)
    try:
        yield runner
    finally:
        runner.close()
