"""Throughput of `l10n translate` on Ray against one process, on a random-weight model of a
real Argos model's shape (built as benchmarks/bench_translate.py builds it, and cached).

    driver alone   the `translate` operation with an instant model (a runner that returns
                   its input): what the driver can feed, the bound on any cluster's speed
    translate      one process, the engine's own runner, --threads CTranslate2 threads
    ray xN         `translate --ray` on a local Ray instance with N actors of --threads
                   threads each (N = 1, 2); start-up (Ray, the actors, loading the model in
                   each) is timed apart from the translation

All runs translate the same catalogs from the same pristine state with the same settings;
the catalogs after every Ray run are compared with those after `translate` (they must be
byte-identical). The model never emits </s>, so every sentence decodes exactly
--max-output steps: equal work per sentence whichever actor does it.

Besides wall-clock time, the CPU time of the translating processes is measured (this
process for `translate`; the actor processes, from /proc, for Ray): sentences per
CPU-second is the per-actor rate a cluster of idle CPUs gets, and what a backfill costs,
even when other work shares this machine's cores (the load average is printed, and
"cores": CPU seconds over wall seconds, the cores the run actually got).

Run: .venv/bin/python benchmarks/bench_ray.py   (needs the ray extra; about 2 minutes on
2 cores, plus a few seconds to build the model the first time)
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

import bench_translate  # noqa: E402  (its model, corpus and workspace builders)

WORK = bench_translate.WORK
REVISION_DATE = re.compile(rb'^"PO-Revision-Date: [^"]*"\n', re.M)


class EchoRunner:
    """A batch runner with an instant model: every output is its input."""

    loads_translator = False

    def run(self, model: Any, config: Any, batches: Sequence[list[list[str]]]) -> Iterator[tuple[int, list[list[str]]]]:
        for index, batch in enumerate(batches):
            yield index, [list(tokens) for tokens in batch]


def catalogs(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): REVISION_DATE.sub(b"", p.read_bytes())
            for p in sorted((root / "locales").rglob("*.po"))}


def timed_translate(root: Path, engine: Any) -> tuple[float, int, dict[str, bytes]]:
    seconds, filled = bench_translate.run_l10n_translate(root, engine)
    return seconds, filled, catalogs(root)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (all its threads)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sentences", type=int, default=400)
    parser.add_argument("--max-output", type=int, default=48)
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--batch", type=int, default=16, help="sentences per batch (a Ray task)")
    parser.add_argument("--threads", type=int, default=1, help="CTranslate2 threads per actor")
    parser.add_argument("--actors", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--layers", type=int, default=6)
    parser.add_argument("--heads", type=int, default=8)
    parser.add_argument("--d-model", type=int, default=512)
    parser.add_argument("--ffn", type=int, default=2048)
    parser.add_argument("--vocab", type=int, default=8000)
    args = parser.parse_args()

    WORK.mkdir(parents=True, exist_ok=True)
    bench_translate.isolate_argos(WORK)
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")

    from l10n.config import MTConfig
    from l10n.mt.argos import ArgosEngine
    from l10n.mt.packages import install_file
    from l10n.mt.ray import import_ray, open_runner
    from l10n.mt.segment import split_text
    from tinymodel import article_sentences

    archive = bench_translate.build_model(args)
    info = install_file(archive)
    config = MTConfig(beam_size=args.beam, batch_size=args.batch, threads=args.threads,
                      max_input_tokens=256, max_output_tokens=args.max_output)
    paragraphs, real, generated = bench_translate.corpus(args.sentences)
    sentences = [piece.text for p in paragraphs for piece in split_text(p, "en") if piece.translate]
    count = len(set(sentences))
    cpus = os.cpu_count() or 1
    print(f"model: {info.package_name} {args.layers} layers, {args.heads} heads, {args.d_model} wide, "
          f"{args.ffn} ffn, int8; {count} distinct sentences ({real} from the articles, {generated} "
          f"generated); beam {args.beam}, every output {args.max_output} tokens, batch {args.batch}, "
          f"{args.threads} thread(s) per actor; {cpus} CPUs", flush=True)
    root = bench_translate.bench_workspace(paragraphs, args)

    print(f"load average before: {os.getloadavg()[0]:.2f}", flush=True)
    # label, start-up, wall seconds, CPU seconds of the translating processes, note
    rows: list[tuple[str, float | None, float, float, str]] = []

    cpu = time.process_time()
    seconds, _, _ = timed_translate(root, ArgosEngine(config, runner=EchoRunner()))
    rows.append(("driver alone (instant model)", None, seconds, time.process_time() - cpu, ""))
    print(f"driver alone {seconds:.2f}s", flush=True)

    engine = ArgosEngine(config)
    started = time.perf_counter()
    engine.translate(["Warm up."], "en", "de")
    load = time.perf_counter() - started
    cpu = time.process_time()
    seconds, filled, alone = timed_translate(root, engine)
    rows.append((f"translate ({args.threads} thread)", load, seconds, time.process_time() - cpu,
                 "reference"))
    print(f"translate {seconds:.2f}s ({filled} entries)", flush=True)

    ray = import_ray()
    ray_temp = Path(tempfile.mkdtemp(prefix="l10n-ray-"))
    started = time.perf_counter()
    ray.init(num_cpus=max(args.actors) * args.threads, include_dashboard=False,
             _temp_dir=str(ray_temp), logging_level=logging.ERROR, log_to_driver=False)
    ray_start = time.perf_counter() - started
    print(f"ray.init {ray_start:.2f}s", flush=True)
    try:
        for actors in args.actors:
            with open_runner(actors=actors) as runner:
                engine = ArgosEngine(config, runner=runner)
                started = time.perf_counter()
                # One batch per actor: each starts and loads the model before the clock runs.
                warm = article_sentences("en", actors * args.batch, seed=99)
                engine.translate(warm, "en", "de")
                startup = time.perf_counter() - started
                pids = [pid for pid, _, _ in runner.describe()]
                cpu = sum(map(cpu_seconds, pids))
                seconds, _, on_ray = timed_translate(root, engine)
                cpu = sum(map(cpu_seconds, pids)) - cpu
            same = "identical" if on_ray == alone else "DIFFERENT catalogs"
            rows.append((f"translate --ray, {actors} actor(s)", startup, seconds, cpu, same))
            print(f"ray x{actors} start-up {startup:.2f}s, {seconds:.2f}s, {same}", flush=True)
    finally:
        ray.shutdown()
        shutil.rmtree(ray_temp, ignore_errors=True)

    print()
    print(f"load average after: {os.getloadavg()[0]:.2f} (on {cpus} CPUs: above {cpus}, other work "
          "shared the cores and wall-clock scaling understates)")
    print(f"Ray instance start (ray.init, once): {ray_start:.1f}s")
    print(f"{'':34} {'start-up s':>10} {'wall s':>7} {'sent/s':>7} {'scaling':>7} "
          f"{'CPU s':>6} {'cores':>5} {'sent/CPU-s':>10}  catalogs")
    one = next((wall for label, _, wall, _, _ in rows if label.endswith(", 1 actor(s)")), None)
    for label, began, wall, busy, note in rows:
        shown = f"{began:10.1f}" if began is not None else f"{'':10}"
        scale = f"{one / wall:6.2f}x" if one and "--ray" in label else f"{'':7}"
        print(f"{label:34} {shown} {wall:7.2f} {count / wall:7.1f} {scale} {busy:6.1f} "
              f"{busy / wall:5.2f} {count / busy:10.1f}  {note}")
    return 0 if all(note != "DIFFERENT catalogs" for *_, note in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
