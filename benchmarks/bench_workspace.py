"""A newsroom at scale: l10n's catalog stages on generated workspaces, beside GNU gettext.

For each size (articles x 4 locales: 3 catalogs an article, plus the chrome), timed as
whole processes (`.venv/bin/l10n ...`), on a fresh copy of a generated workspace:

    extract          every template written (first run)
    extract no-op    nothing changed                     (goal: <= 2 s at 1,000, no file written)
    update           every catalog created (first run)
    update changed   every article edited, every catalog merged again (median of --repeat runs)
    update no-op     nothing changed                     (goal: <= 2 s at 1,000, no file written)
    status           first run / no-op                   (goal: <= 2 s at 1,000)
    compile          every .mo written / no-op           (goal: <= 2 s at 1,000, no file written)
    compile changed  after each 'update changed'          (median of --repeat runs)

and, side by side on the same catalogs, what gettext takes run once per catalog:

    msgmerge --previous   (update changed: l10n at least 5x faster)
    msgfmt -c             (compile: l10n at least 5x faster)

Growth: each stage's time per article at every size, against the smallest (the goal: no
step worse than 1.2x the linear line).

Run: .venv/bin/python benchmarks/bench_workspace.py [--sizes 100,1000,5000] [--gettext-sample N] [--repeat 3]
(work files in benchmarks/.work/; gettext is run on a sample of N catalogs and scaled when
N is smaller than the number of catalogs, as the table says).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from workspace_gen import change_one, generate  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / ".work" / "workspace"
L10N = [str(ROOT / ".venv" / "bin" / "l10n")]


def timed(args: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    proc = subprocess.run(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args)} failed in {cwd}: {proc.stderr.strip()}")
    return elapsed


def snapshot(root: Path) -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file() and p.name != ".l10n.lock"}


def edit_every_article(root: Path) -> None:
    for path in sorted((root / "articles").glob("*.txt")):
        index = int(path.stem.split("-")[-1])
        change_one(root, index)


def gettext_times(root: Path, sample: int) -> tuple[float, float, int, int]:
    """Seconds for msgmerge --previous and msgfmt -c over (a sample of) the catalogs."""
    catalogs = sorted((root / "locales").glob("*/LC_MESSAGES/**/*.po"))
    chosen = catalogs if sample <= 0 or sample >= len(catalogs) else catalogs[:: max(1, len(catalogs) // sample)][:sample]
    scratch = root.parent / f"{root.name}-gettext"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir()
    pairs = []
    for i, po in enumerate(chosen):
        parts = po.relative_to(root / "locales").parts  # locale, LC_MESSAGES, domain...
        template = root / "locales" / "templates" / Path(*parts[2:]).with_suffix(".pot")
        copy = scratch / f"{i}.po"
        shutil.copy(po, copy)
        pairs.append((copy, template))
    started = time.perf_counter()
    for copy, template in pairs:
        subprocess.run(["msgmerge", "--quiet", "--previous", "--update", "--backup=none", str(copy), str(template)],
                       check=True)
    merge = time.perf_counter() - started
    started = time.perf_counter()
    for copy, _ in pairs:
        subprocess.run(["msgfmt", "-c", "-o", str(copy.with_suffix(".mo")), str(copy)], check=True)
    fmt = time.perf_counter() - started
    shutil.rmtree(scratch, ignore_errors=True)
    return merge, fmt, len(pairs), len(catalogs)


def run_size(count: int, sample: int, repeat: int, runs: dict[str, list[float]]) -> dict[str, float]:
    root = WORK / f"ws{count}"
    generate(root, count)
    results: dict[str, float] = {}
    results["extract"] = timed([*L10N, "extract"], root)
    before = snapshot(root)
    results["extract no-op"] = timed([*L10N, "extract"], root)
    assert snapshot(root) == before, "a no-op extract wrote a file"
    results["update"] = timed([*L10N, "update"], root)
    results["status"] = timed([*L10N, "status"], root)
    results["compile"] = timed([*L10N, "compile"], root)
    before = snapshot(root)
    for stage in ("update", "status", "compile"):
        results[f"{stage} no-op"] = timed([*L10N, stage], root)
    assert snapshot(root) == before, "a no-op update, status or compile wrote a file"
    # A single run of a couple of seconds is at the mercy of the machine's moment (on a
    # shared 2-core machine the same run took 1.7 s and 2.4 s minutes apart): each article
    # is edited again ``repeat`` times, and the median run counts.
    changed: dict[str, list[float]] = {"update changed": [], "compile changed": []}
    for _ in range(repeat):
        edit_every_article(root)
        timed([*L10N, "extract"], root)
        changed["update changed"].append(timed([*L10N, "update"], root))
        changed["compile changed"].append(timed([*L10N, "compile"], root))
    for stage, times in changed.items():
        results[stage] = statistics.median(times)
        runs[stage] = times
    merge, fmt, sampled, catalogs = gettext_times(root, sample)
    scale = catalogs / sampled
    results["msgmerge --previous"] = merge * scale
    results["msgfmt -c"] = fmt * scale
    results["catalogs"] = catalogs
    results["sampled"] = sampled
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000,5000")
    parser.add_argument("--gettext-sample", type=int, default=600,
                        help="catalogs to run gettext on (0: all); its time is scaled to all")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of 'update changed' and 'compile changed' (each after a new edit); the median counts")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    runs: dict[int, dict[str, list[float]]] = {size: {} for size in sizes}
    table = {size: run_size(size, args.gettext_sample, max(1, args.repeat), runs[size]) for size in sizes}
    stages = ["extract", "extract no-op", "update", "update changed", "update no-op", "status", "status no-op",
              "compile", "compile changed", "compile no-op", "msgmerge --previous", "msgfmt -c"]
    print(f"\n{'stage':22}" + "".join(f"{f'{s} articles':>16}" for s in sizes))
    for stage in stages:
        print(f"{stage:22}" + "".join(f"{table[s][stage]:>15.2f}s" for s in sizes))
    print(f"{'catalogs':22}" + "".join(f"{int(table[s]['catalogs']):>16}" for s in sizes))
    for size in sizes:
        print(f"  {size} articles, each run: " + "; ".join(
            f"{stage} {', '.join(f'{t:.2f}' for t in times)} s" for stage, times in runs[size].items()))
    print("\nratios (goal: update changed and compile at least 5x faster than gettext once per catalog)")
    for size in sizes:
        r = table[size]
        print(f"  {size} articles: msgmerge/update = {r['msgmerge --previous'] / r['update changed']:.1f}x, "
              f"msgfmt -c/compile = {r['msgfmt -c'] / r['compile']:.1f}x "
              f"(gettext on {int(r['sampled'])} of {int(r['catalogs'])} catalogs, scaled)")
    base = sizes[0]
    print(f"\ngrowth: time per article against {base} articles (goal: at most 1.2x)")
    for stage in ("extract", "update", "update changed", "status", "compile"):
        per = {s: table[s][stage] / s for s in sizes}
        print(f"  {stage:16}" + "".join(f"{s:>7}: {per[s] / per[base]:.2f}x" for s in sizes))


if __name__ == "__main__":
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    main()
