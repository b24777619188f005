"""Translation builds at scale: ``l10n build --no-mt`` on a generated workspace.

The workspace (``workspace_gen.py``): N page-dump articles in the samples' shape, 4
locales (de, en, fr, es), so 3 catalogs and 4 editions (8 files) per article. Every
measurement is a whole process, ``python -m l10n -C WS build --no-mt --json``, timed from
outside; the JSON's per-stage seconds show where the time goes (render is this stage's
own part: reading and fingerprinting catalogs, rendering, writing editions, indexes and
the status page).

    full          a fresh workspace (articles only): extract, update (every catalog
                  created), compile, render every edition
    translated    the same after translators worked (60% approved, 25% machine drafts):
                  every catalog changed, every edition rendered again
    no-op         nothing changed: must write no file (checked) and take <= 2% of full
                  (the median of 5 runs), as a user runs it: through the workspace's build
                  server (``l10n.launch``), which the full build started; and without it
                  (``L10N_BUILD_SERVER=off``: a process that starts Python and scans)
    one article   one paragraph of one article edited: <= 3% of full (the median of 5
                  runs, each on another article), with and without the server
    warm          the same in a process that has built before (imports done): what a
                  build process that stayed up between builds would take at best
    watch         one article saved while ``l10n build --watch`` runs: from the save to the
                  report of its build
    growth        the full build at 100, 300 and N articles: the cost per article must
                  stay flat (linear growth)

Run: .venv/bin/python benchmarks/bench_build.py [--articles 1000] (work in benchmarks/.work/build/)
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from workspace_gen import make_workspace, seed  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / ".work" / "build"


def build(workspace: Path, server: bool = True) -> tuple[float, dict[str, float]]:
    """One ``l10n build --no-mt`` command: wall seconds and the stages' own seconds. With
    ``server`` as a user runs it (the workspace's build server runs it, once the first
    build started one); without, as a process of its own (``L10N_BUILD_SERVER=off``)."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "CI")}
    env["L10N_BUILD_SERVER"] = "on" if server else "off"
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "l10n", "-C", str(workspace), "build", "--no-mt", "--json"],
                          capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    if proc.returncode not in (0, 1) or not proc.stdout:
        raise SystemExit(f"l10n build failed ({proc.returncode}):\n{proc.stderr}")
    data = json.loads(proc.stdout)
    if data["errors"]:
        raise SystemExit(f"l10n build reported errors: {data['errors'][:3]}")
    return wall, data["seconds"]


WARM = """
import contextlib, io, json, sys, time
from pathlib import Path
from l10n.cli import main

def build():
    out = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out):
        try:
            main(["-C", sys.argv[1], "build", "--no-mt", "--json"], standalone_mode=False)
        except SystemExit:
            pass
    return time.perf_counter() - start, json.loads(out.getvalue())

def edit(note):
    article = Path(sys.argv[2])
    text = article.read_text(encoding="utf-8").splitlines()
    text[15] = text[15] + note
    article.write_text("\\n".join(text), encoding="utf-8")

edit(" (Updated again.)")
build()  # the modules an article's build needs are imported here, once
edit(" (And again.)")
wall, data = build()
assert not data["errors"] and data["editions"], data["errors"]
print(json.dumps({"wall": wall, "seconds": data["seconds"]}))
"""


def warm_build(workspace: Path, article: Path) -> tuple[float, dict[str, float]]:
    """One changed article built by a process that has built before (no start-up, no
    imports): what a build that stayed up between builds would take at best, with the
    build's memory still read from and written to its files."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    proc = subprocess.run([sys.executable, "-c", WARM, str(workspace), str(article)], capture_output=True,
                          text=True, env=env, cwd=ROOT)
    if proc.returncode != 0:
        raise SystemExit(f"warm build failed:\n{proc.stderr}")
    data = json.loads(proc.stdout)
    return data["wall"], data["seconds"]


def watched_builds(workspace: Path, edits: int = 5) -> list[float]:
    """``l10n build --watch --json`` on ``workspace``: for each of ``edits`` articles saved
    one after another, the seconds from the save to the report of its build (the watch's
    latency included)."""
    import selectors

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    proc = subprocess.Popen([sys.executable, "-m", "l10n", "-C", str(workspace), "build", "--no-mt", "--watch",
                             "--json"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    assert proc.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(proc.stdout, selectors.EVENT_READ)

    def report(timeout: float) -> dict[str, object] | None:
        return json.loads(proc.stdout.readline()) if selector.select(timeout=timeout) else None  # type: ignore[union-attr]

    took = []
    try:
        report(120)  # the first build
        while report(1.5) is not None:  # until the watch is up and quiet
            pass
        for k in range(edits):
            article = workspace / "articles" / f"report-{(k * 97 + 11) % 1000:05d}.txt"
            text = article.read_text(encoding="utf-8").splitlines()
            text[15] = text[15] + f" (Watched {k}.)"
            start = time.perf_counter()
            article.write_text("\n".join(text), encoding="utf-8")
            data = report(60)
            took.append(time.perf_counter() - start)
            if data is None or data["errors"]:
                raise SystemExit(f"l10n build --watch: {data}")
            while report(1.0) is not None:  # (its own writes: nothing is reported)
                pass
    finally:
        proc.terminate()
        proc.wait()
    return took


def server_up(workspace: Path, timeout: float = 60.0) -> None:
    """Wait until the workspace's build server (started by its first build) answers."""
    from l10n import launch

    deadline = time.monotonic() + timeout
    while launch.request(str(workspace), "ping") is None:
        if time.monotonic() > deadline:
            raise SystemExit("no build server came up (is L10N_BUILD_SERVER off, or CI set?)")
        time.sleep(0.1)


def stop_server(workspace: Path) -> None:
    from l10n import launch

    launch.request(str(workspace), "stop")


def snapshot(workspace: Path) -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for folder in ("build", "locales") for p in (workspace / folder).rglob("*")
            if p.is_file() and not p.name.endswith(".lock")}


def fresh(articles: int) -> Path:
    workspace = WORK / f"ws-{articles}"
    shutil.rmtree(workspace, ignore_errors=True)
    return make_workspace(workspace, articles)


def row(name: str, wall: float, stages: dict[str, float], full: float | None = None) -> str:
    ratio = f"{100 * wall / full:.1f}%" if full else ""
    parts = " ".join(f"{k} {v:.2f}" for k, v in stages.items())
    return f"| {name} | {wall:.2f} | {ratio} | {stages.get('render', 0):.2f} | {parts} |"


REPEAT = 5


def median_of(runs: list[tuple[float, dict[str, float]]]) -> tuple[float, dict[str, float]]:
    """The run of median wall time (its stages with it)."""
    return sorted(runs, key=lambda run: run[0])[len(runs) // 2]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1000)
    args = parser.parse_args()
    n = args.articles
    WORK.mkdir(parents=True, exist_ok=True)
    lines = ["| build | seconds | of full | render | stages (s) |", "|---|---|---|---|---|"]

    workspace = fresh(n)
    build(fresh(5), server=False)  # warm up: bytecode compiled, the file cache holds the package
    full_wall, full_stages = build(workspace)  # (a process of its own: it starts the build server)
    lines.append(row(f"full, {n} articles x 4 locales (fresh workspace)", full_wall, full_stages))
    server_up(workspace)

    seed(workspace)
    wall, stages = build(workspace)
    lines.append(row("translated: every catalog changed", wall, stages, full_wall))

    # The no-op and the one-article build take a fraction of a second: each is measured
    # REPEAT times (the median is the result; a single run swings by a third on a shared
    # machine). The files they wrote are those of the first.
    before = snapshot(workspace)
    noops = [build(workspace) for _ in range(REPEAT)]
    written = [p for p, m in snapshot(workspace).items() if before.get(p) != m]
    noop_wall, stages = median_of(noops)
    lines.append(row(f"no-op (median of {REPEAT}: {', '.join(f'{w:.2f}' for w, _ in noops)})",
                     noop_wall, stages, full_wall))

    ones = []
    changed: list[str] = []
    for i in range(REPEAT):
        article = workspace / "articles" / f"report-{n // 2 + i:05d}.txt"
        text = article.read_text(encoding="utf-8").splitlines()
        text[15] = text[15] + " (Updated.)"
        article.write_text("\n".join(text), encoding="utf-8")
        before = snapshot(workspace)
        ones.append(build(workspace))
        changed = changed or sorted(p for p, m in snapshot(workspace).items() if before.get(p) != m)
    one_wall, stages = median_of(ones)
    lines.append(row(f"one article changed (median of {REPEAT}: {', '.join(f'{w:.2f}' for w, _ in ones)})",
                     one_wall, stages, full_wall))

    # The same two without the build server: each build a process that starts Python,
    # imports what it runs and scans the workspace itself.
    before = snapshot(workspace)
    alone_noops = []
    for _ in range(REPEAT):
        snapshot(workspace)
        alone_noops.append(build(workspace, server=False))
    alone_written = [p for p, m in snapshot(workspace).items() if before.get(p) != m]
    alone_noop, stages = median_of(alone_noops)
    lines.append(row(f"no-op without the server (median of {REPEAT}: {', '.join(f'{w:.2f}' for w, _ in alone_noops)})",
                     alone_noop, stages, full_wall))
    alone_ones = []
    for i in range(REPEAT):
        article = workspace / "articles" / f"report-{n // 2 + REPEAT + i:05d}.txt"
        text = article.read_text(encoding="utf-8").splitlines()
        text[15] = text[15] + " (Updated.)"
        article.write_text("\n".join(text), encoding="utf-8")
        snapshot(workspace)
        alone_ones.append(build(workspace, server=False))
    alone_one, stages = median_of(alone_ones)
    lines.append(row(f"one article changed, without the server (median of {REPEAT}: "
                     f"{', '.join(f'{w:.2f}' for w, _ in alone_ones)})", alone_one, stages, full_wall))
    warm_wall, stages = warm_build(workspace, workspace / "articles" / f"report-{n // 3:05d}.txt")
    lines.append(row("one article changed, in a process that built before", warm_wall, stages, full_wall))
    watched = watched_builds(workspace)
    watch_wall = sorted(watched)[len(watched) // 2]
    lines.append(f"| one article saved, `l10n build --watch` (median of {len(watched)}: "
                 f"{', '.join(f'{t:.2f}' for t in watched)}) | {watch_wall:.2f} | {100 * watch_wall / full_wall:.1f}% | | |")

    stop_server(workspace)
    growth = ["| articles | full build (s) | per article (ms) | render (s) |", "|---|---|---|---|"]
    for size in (100, 300):
        wall, stages = build(fresh(size), server=False)
        growth.append(f"| {size} | {wall:.2f} | {1000 * wall / size:.1f} | {stages.get('render', 0):.2f} |")
        shutil.rmtree(WORK / f"ws-{size}", ignore_errors=True)
    growth.append(f"| {n} | {full_wall:.2f} | {1000 * full_wall / n:.1f} | {full_stages.get('render', 0):.2f} |")

    print("\n".join(lines))
    print()
    print("\n".join(growth))
    print()
    print(f"no-op wrote {len(written)} files{': ' + ', '.join(written[:5]) if written else ''}; "
          f"without the server {len(alone_written)}")
    print(f"one changed article wrote {len(changed)} files:")
    for path in changed:
        print(f"  {Path(path).relative_to(workspace)}")
    print(f"goals: no-op {100 * noop_wall / full_wall:.1f}% of full (<= 2%), "
          f"one article {100 * one_wall / full_wall:.1f}% (<= 3%); without the server: no-op "
          f"{100 * alone_noop / full_wall:.1f}%, one article {100 * alone_one / full_wall:.1f}%; in a process that "
          f"built before: {100 * warm_wall / full_wall:.1f}%; saved under --watch: {100 * watch_wall / full_wall:.1f}%")


if __name__ == "__main__":
    main()
