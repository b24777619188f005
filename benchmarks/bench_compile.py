"""Compiling a large real catalog: GNU msgfmt vs ``l10n compile``, as whole processes.

The catalog: every .mo under /usr/share/locale/de/LC_MESSAGES, decompiled with msgunfmt
and joined with ``msgcat --use-first`` (tens of thousands of entries on a usual Debian).
A catalog that ``msgfmt --check`` rejects is left out (``l10n compile`` validates like
``msgfmt --check`` and would refuse the whole file); if German is thin on this machine,
other locales' catalogs are added (msgcat keeps the first translation of each msgid).

Timed, best of --runs, runs interleaved:

    msgfmt           msgfmt -o X.mo big.po
    msgfmt --check   msgfmt --check -o X.mo big.po      (what l10n's validation matches)
    l10n compile     .venv/bin/python -m l10n compile big.po
    compile_file     .venv/bin/python -c "...compile_file(...)"   (no CLI, no click)

and, in this process, l10n's parse (reading + validation) and compile_mo alone.

Python runs with bytecode caching on (PYTHONDONTWRITEBYTECODE removed from its
environment, after one warm-up run), as an installed l10n does.

Run: .venv/bin/python benchmarks/bench_compile.py   (work files in benchmarks/.work/)
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / ".work" / "compile"
LOCALE_DIR = Path("/usr/share/locale")
ENOUGH = 20_000  # entries below which German counts as thin


def build_catalog(work: Path) -> tuple[Path, int, list[str]]:
    """big.po from the system's .mo files; returns it, its entry count and notes."""
    notes: list[str] = []
    pieces = work / "pieces"
    shutil.rmtree(pieces, ignore_errors=True)
    pieces.mkdir(parents=True)
    locales = ["de"] + sorted(p.name for p in LOCALE_DIR.iterdir() if p.name != "de" and (p / "LC_MESSAGES").is_dir())
    sources: list[Path] = []
    entries = 0
    for locale in locales:
        if locale != "de" and entries >= ENOUGH:
            break
        if locale != "de":
            notes.append(f"German is thin here ({entries} entries): adding {locale}")
        for mo in sorted((LOCALE_DIR / locale / "LC_MESSAGES").glob("*.mo")):
            po = pieces / f"{locale}-{mo.stem}.po"
            if subprocess.run(["msgunfmt", "-o", str(po), str(mo)], capture_output=True).returncode != 0:
                notes.append(f"msgunfmt cannot read {mo}")
                continue
            if subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], capture_output=True).returncode != 0:
                notes.append(f"left out {mo} (msgfmt --check rejects it)")
                continue
            sources.append(po)
            entries += po.read_bytes().count(b"\nmsgid ")
    if not sources:
        raise SystemExit(f"no usable .mo files under {LOCALE_DIR}")
    big = work / "big.po"
    big.unlink(missing_ok=True)
    joined = subprocess.run(["msgcat", "--use-first", "-o", str(big), *map(str, sources)], capture_output=True, text=True)
    if not big.exists():
        raise SystemExit(f"msgcat failed:\n{joined.stderr}")
    if joined.returncode != 0:
        # e.g. a msgid used with and without plural in two catalogs: msgcat complains,
        # keeps the first and writes the rest.
        complaint = next(line for line in joined.stderr.splitlines() if "warning" not in line)
        notes.append(complaint.strip())
    check = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(big)], capture_output=True, text=True)
    if check.returncode != 0:
        raise SystemExit(f"msgfmt --check rejects the joined catalog:\n{check.stderr}")
    count = big.read_bytes().count(b"\nmsgid ")  # the header's msgid is the first line
    notes.insert(0, f"{len(sources)} catalogs from {LOCALE_DIR}, {count} entries, {big.stat().st_size / 1e6:.1f} MB")
    return big, count, notes


def best_of(runs: int, commands: dict[str, list[str]], env: dict[str, str]) -> dict[str, float]:
    best = {name: float("inf") for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, env=env, cwd=WORK)
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def best_in_process(runs: int, function: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    for tool in ("msgfmt", "msgunfmt", "msgcat"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} (GNU gettext) is needed")
    WORK.mkdir(parents=True, exist_ok=True)
    big, count, notes = build_catalog(WORK)
    for note in notes:
        print(note)

    python = str(ROOT / ".venv" / "bin" / "python")
    if not Path(python).exists():
        python = sys.executable
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    ours_mo = big.with_suffix(".mo")
    commands = {
        "msgfmt": ["msgfmt", "-o", str(WORK / "msgfmt.mo"), str(big)],
        "msgfmt --check": ["msgfmt", "--check", "-o", str(WORK / "msgfmt.mo"), str(big)],
        "l10n compile": [python, "-m", "l10n", "compile", str(big)],
        "compile_file": [python, "-c", f"from pathlib import Path; from l10n.catalogs.mofile import compile_file; "
                                       f"compile_file(Path({str(big)!r}))"],
    }  # fmt: skip
    for command in commands.values():  # warm-up: page cache, Python bytecode
        subprocess.run(command, check=True, capture_output=True, env=env, cwd=WORK)
    times = best_of(args.runs, commands, env)

    subprocess.run(["msgfmt", "--no-hash", "-o", str(WORK / "nohash.mo"), str(big)], check=True)
    same = ours_mo.read_bytes() == (WORK / "nohash.mo").read_bytes()
    # msgunfmt marks the strings msgfmt put in its table of system-dependent strings
    # (<PRIu64> and the like) "#, c-format"; l10n keeps those strings as they are.
    decoded = [
        sorted(
            b"\n".join(line for line in entry.strip().split(b"\n") if not line.startswith(b"#,"))
            for entry in subprocess.run(["msgunfmt", str(mo)], check=True, capture_output=True).stdout.split(b"\n\n")
        )
        for mo in (ours_mo, WORK / "msgfmt.mo")
    ]

    sys.path.insert(0, str(ROOT))
    from l10n.catalogs import mofile, pofile

    data = big.read_bytes()
    with pofile.gc_paused():
        parse_time = best_in_process(args.runs, lambda: pofile.parse(data, str(big)))
        catalog = pofile.parse(data, str(big))
        mo_time = best_in_process(args.runs, lambda: mofile.compile_mo(catalog))

    base = times["msgfmt"]
    print(f"\n{count} entries, best of {args.runs} (wall clock, seconds)\n")
    print(f"{'':16} {'time':>7} {'vs msgfmt':>10}")
    for name, seconds in times.items():
        print(f"{name:16} {seconds:7.3f} {seconds / base:9.2f}x")
    print(f"\nin process:      parse {parse_time:.3f}  compile_mo {mo_time:.3f}")
    print(f"our .mo == msgfmt --no-hash .mo: {same}"
          + ("" if same else " (msgfmt moves strings with <PRIu64>-style macros to a table of its own)"))
    print(f"msgunfmt finds the same strings in ours and in msgfmt's: {decoded[0] == decoded[1]}")
    goal = times["l10n compile"] / base
    print(f"goal (l10n compile within 1.5x msgfmt): {'met' if goal <= 1.5 else 'NOT met'} ({goal:.2f}x)")


if __name__ == "__main__":
    main()
