"""`l10n translate --ray`: the machine-translation batches on a local Ray instance.

One Ray instance (2 CPUs) serves the whole module (``ray_cluster``, started once). The
models are the tiny random-weight ones: their output is nonsense, but it depends on every
detail (batch composition, decoding options, threads), so "byte-identical to the run
without Ray" is a real check.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from l10n import config as config_mod
from l10n import translate
from l10n.catalogs import pofile
from l10n.config import MTConfig
from l10n.mt.argos import ArgosEngine, LocalRunner
from l10n.mt.engine import PivotEngine, Progress, Translation
from l10n.errors import MachineError
from l10n.mt.ray import INSTALL_HINT, TranslatorActor, check_address, check_reachable, open_runner
from mt_fixtures import (  # noqa: F401  (fixtures)
    argos_env,
    argos_packages,
    closed_port,
    installed_models,
    tiny_model,
)
from apertium_fixtures import without_apertium  # noqa: F401  (fixture)
from ray_fixtures import RAY_CPUS, ray_cluster  # noqa: F401  (fixture)
from tinymodel import article_sentences

# One CTranslate2 thread per actor, so the 2-CPU instance holds 2 actors; small batches,
# so every pair is several batches and they come back out of order.
MT_SETTINGS = """[tool.l10n.mt]
beam_size = 2
batch_size = 8
threads = 1
max_input_tokens = 64
max_output_tokens = 16
"""
SMALL = MTConfig(beam_size=2, batch_size=4, threads=1, max_input_tokens=64, max_output_tokens=12)
LOCALES = ("-l", "de", "-l", "en", "-l", "fr")  # es: no model (the tiny set has none)


REVISION_DATE = re.compile(rb'^"PO-Revision-Date: [^"]*"\n', re.M)


def catalogs(root: Path) -> dict[str, bytes]:
    """Every catalog's bytes, but for the revision stamp a writer may set to the minute it
    wrote (two runs a minute apart differ there, with or without Ray)."""
    return {p.relative_to(root).as_posix(): REVISION_DATE.sub(b"", p.read_bytes())
            for p in sorted((root / "locales").rglob("*.po"))}


def put_back(root: Path, snapshot: dict[str, bytes]) -> None:
    for name, data in snapshot.items():
        (root / name).write_bytes(data)


def paragraphs(count: int, per_paragraph: int, seed: int = 0) -> list[str]:
    sentences = article_sentences("en", count * per_paragraph, seed)
    return [" ".join(sentences[i:i + per_paragraph]) for i in range(0, len(sentences), per_paragraph)]


@pytest.fixture
def ready(cli, installed_models):  # type: ignore[no-untyped-def]  # noqa: F811
    """The sample workspace, extracted and updated, with the tiny models' settings."""
    pyproject = cli.root / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    pyproject.write_text(re.sub(r"\[tool\.l10n\.mt\].*", MT_SETTINGS, text, flags=re.S),
                         encoding="utf-8")
    cli("extract")
    cli("update")
    return cli


def test_translate_on_ray_writes_the_same_catalogs_as_one_machine(ready, ray_cluster, monkeypatch) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    root = ready.root
    pristine = catalogs(root)
    here = ready("translate", *LOCALES)
    alone = catalogs(root)
    assert sum(alone[name] != pristine[name] for name in alone) >= 10

    put_back(root, pristine)

    def not_here(*args: object) -> None:
        raise AssertionError("with --ray no batch runs in this process")

    monkeypatch.setattr(LocalRunner, "run", not_here)
    # `--ray` with no address before another option: the flag's value is "local" (this
    # process is already connected to the test instance, which is used).
    on_ray = ready("translate", "--ray", *LOCALES)
    assert catalogs(root) == alone
    assert on_ray.output == here.output


def test_build_on_ray_writes_the_same_catalogs_and_editions(ready, ray_cluster, monkeypatch, without_apertium) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    root = ready.root
    pristine = catalogs(root)
    ready("build", *LOCALES)
    alone = catalogs(root)
    editions = {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "build").rglob("*.html"))
                if p.name != "index.html"}
    put_back(root, pristine)
    shutil.rmtree(root / "build")

    def not_here(*args: object) -> None:
        raise AssertionError("with --ray no batch runs in this process")

    monkeypatch.setattr(LocalRunner, "run", not_here)
    ready("build", "--ray", *LOCALES)
    assert catalogs(root) == alone
    assert {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "build").rglob("*.html"))
            if p.name != "index.html"} == editions
    assert ready("build", "--no-mt", "--ray", code=2).stderr.startswith("l10n: error: --ray runs the machine")


def test_progress_is_fed_from_the_actors(installed_models, ray_cluster) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    texts = paragraphs(10, 4)
    local: list[tuple[int, int]] = []
    expected = ArgosEngine(SMALL).translate(texts, "en", "de", lambda d, t: local.append((d, t)))
    reports: list[tuple[int, int]] = []
    with open_runner(actors=2) as runner:
        got = ArgosEngine(SMALL, runner=runner).translate(
            texts, "en", "de", lambda d, t: reports.append((d, t)))
    assert got == expected
    total = local[-1][1]
    assert len(reports) == len(local) and reports[-1] == (total, total)
    dones = [done for done, _ in reports]
    assert dones == sorted(dones) and all(t == total for _, t in reports)


def test_a_worker_killed_mid_run_is_retried_and_changes_nothing(installed_models, ray_cluster) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    texts = paragraphs(40, 3)  # 120 sentences: 30 batches of 4
    expected = ArgosEngine(SMALL).translate(texts, "en", "de")
    with open_runner(actors=2) as runner:
        runner.start(SMALL.threads)
        before = runner.describe()
        killed: list[int] = []

        def progress(done: int, total: int) -> None:
            if not killed:  # the first batch is back: both actors are busy with others
                os.kill(before[0][0], signal.SIGKILL)
                killed.append(done)

        got = ArgosEngine(SMALL, runner=runner).translate(texts, "en", "de", progress)
        after = runner.describe()
    assert killed and killed[0] < 120
    assert after[0][0] != before[0][0]  # restarted: a new process
    assert after[1][0] == before[1][0]
    assert got == expected


class Recording:
    """Wraps an engine and records every text it is asked to translate."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.texts: list[str] = []

    def pairs(self) -> list[tuple[str, str]]:
        return list(self.inner.pairs())

    def translate(self, texts: Sequence[str], source: str, target: str,
                  progress: Progress | None = None) -> list[Translation]:
        self.texts.extend(texts)
        return list(self.inner.translate(texts, source, target, progress))


KILLED_DRIVER = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from l10n import config, translate
    from l10n.mt.argos import ArgosEngine
    from l10n.mt.engine import PivotEngine
    from l10n.mt.ray import open_runner

    cfg = config.load(Path(sys.argv[1]))
    pairs = []

    def progress(source, target):
        pairs.append((source, target))

        def report(done, total):
            if len(pairs) >= 2:  # the first pair is done, the second under way
                os.kill(os.getpid(), signal.SIGKILL)
        return report

    with open_runner(sys.argv[2]) as runner:
        engine = PivotEngine(ArgosEngine(cfg.mt, cfg.glossary, runner=runner), cfg.body_language)
        translate.run(cfg, engine, ["de", "en", "fr"], progress=progress)
""")


def test_a_run_killed_half_way_resumes_without_losing_or_redoing_work(ready, ray_cluster) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    root = ready.root
    pristine = catalogs(root)
    ready("translate", *LOCALES)
    complete = catalogs(root)
    put_back(root, pristine)

    # A driver joins the test's Ray instance and is killed (SIGKILL) during its second pair.
    address = ray_cluster.get_runtime_context().gcs_address
    killed = subprocess.run([sys.executable, "-c", KILLED_DRIVER, str(root), address],
                            capture_output=True, text=True, timeout=120)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    after_kill = catalogs(root)
    for name, data in after_kill.items():
        assert data in (pristine[name], complete[name]), f"{name} is neither old nor new"

    cfg = config_mod.load(root)
    with open_runner(actors=RAY_CPUS) as runner:
        engine = Recording(PivotEngine(ArgosEngine(cfg.mt, cfg.glossary, runner=runner), cfg.body_language))
        translate.run(cfg, engine, ["de", "en", "fr"])
    resumed = catalogs(root)

    left = {name for name in after_kill if after_kill[name] == pristine[name] != complete[name]}
    for name in after_kill.keys() - left:  # done before the kill: not redone
        assert resumed[name] == after_kill[name]
    wanted = {m.msgid for name in left
              for m in pofile.parse(pristine[name], name).messages if translate.fillable(m)}
    assert set(engine.texts) == wanted  # only what was still missing went to the engine
    assert resumed == complete  # as if never interrupted
    for name, data in resumed.items():  # nothing lost: no entry is left to fill
        if name.split("/")[1] not in ("de", "en", "fr"):
            continue  # es: not asked for
        assert not [m for m in pofile.parse(data, name).messages if translate.fillable(m)], name


def test_too_many_actors_for_the_cluster_is_a_usage_error(ready, ray_cluster) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    result = ready("translate", "--ray", "--ray-actors", str(RAY_CPUS + 1), *LOCALES, code=2)
    assert result.stderr.strip().splitlines() == [
        f"l10n: error: --ray-actors {RAY_CPUS + 1} at 1 thread(s) each ([tool.l10n.mt] threads) "
        f"need {RAY_CPUS + 1} CPUs; the Ray cluster has {RAY_CPUS}"]


def test_without_ray_installed_one_line_says_how_to_install_it(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` raises ImportError
    result = cli("translate", "--ray", code=2)
    assert result.stderr == f"l10n: error: {INSTALL_HINT}\n"
    assert INSTALL_HINT == "--ray needs Ray: pip install 'l10n[ray]'"
    result = cli("translate", "--ray", "ray://cluster:10001", code=2)
    assert result.stderr == f"l10n: error: {INSTALL_HINT}\n"


def test_ray_actors_without_ray_is_a_usage_error(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("translate", "--ray-actors", "2", code=2)
    assert result.stderr == "l10n: error: --ray-actors needs --ray\n"


@pytest.mark.parametrize("address", ["not a host", "http://x:1", "ray://", "host:", "ray://host:port"])
def test_an_address_that_is_no_ray_address_is_a_usage_error_at_once(cli, address: str) -> None:  # type: ignore[no-untyped-def]
    result = cli("translate", "--ray", address, code=2)
    assert result.stderr == (f"l10n: error: --ray {address}: not a Ray address (give HOST:PORT or ray://HOST:PORT "
                             "of a cluster's head, auto, or no address for a Ray on this machine)\n")
    for fine in (None, "local", "auto", "head.example:10001", "ray://10.0.0.5:10001", "[::1]:6379"):
        check_address(fine)


def test_a_cluster_address_nobody_answers_is_one_line_at_once() -> None:
    port = closed_port()
    for address in (f"127.0.0.1:{port}", f"ray://127.0.0.1:{port}"):
        with pytest.raises(MachineError, match=rf"^Ray at {re.escape(address)}: nothing answers there \("):
            check_reachable(address, timeout=2)
    check_reachable("auto")  # Ray finds it (or says it found none)


NODE_WITHOUT_L10N = textwrap.dedent("""
    import pickle, sys
    sys.modules["l10n"] = None  # a cluster node: Ray and CTranslate2, no l10n
    actor = pickle.loads(sys.stdin.buffer.read())()
    load = type(actor).translate.__globals__["load_translator"]
    translator = load(sys.argv[1], 1)
    print(actor.describe()[2], len(translator.translate_batch([["▁the"]])[0].hypotheses[0]) > 0)
""")


def test_the_actor_class_travels_by_value(installed_models, ray_cluster) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    import ctranslate2

    info = installed_models[("en", "de")]
    with open_runner():
        shipped = ray_cluster.cloudpickle.dumps(TranslatorActor)
    node = subprocess.run([sys.executable, "-c", NODE_WITHOUT_L10N, str(info.path / "model")],
                          input=shipped, capture_output=True, timeout=60)
    assert node.returncode == 0, node.stderr.decode()
    assert node.stdout.decode().split() == [ctranslate2.__version__, "True"]
