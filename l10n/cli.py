"""The ``l10n`` command: parse options, call one operation, render its result.

Errors from the core (``l10n.errors``) become one line on stderr and their exit code here,
in ``L10nGroup.invoke``, and nowhere else.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import click

from l10n import config as config_mod
from l10n.errors import L10nError


class L10nGroup(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except L10nError as exc:
            _fail(str(exc), exc.exit_code)
        except BrokenPipeError:
            # The reader went away (`l10n status | head`): nothing more to say to it.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(0)
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            _fail(f"{where}{exc.strerror or exc}", 2)


def _fail(message: str, code: int) -> NoReturn:
    click.echo(f"l10n: error: {message}", err=True)
    sys.exit(code)


def _exit_if(problems: list[str], code: int) -> None:
    """Per-item failures of an operation that did the rest: one line each, then the code."""
    for problem in problems:
        click.echo(f"l10n: error: {problem}", err=True)
    if problems:
        sys.exit(code)


def _config(ctx: click.Context) -> config_mod.Config:
    root = ctx.obj.get("root") if ctx.obj else None
    return config_mod.load(Path(root) if root else None)


def _print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False))


def _progress_wanted(as_json: bool) -> bool:
    return not as_json and sys.stderr.isatty()


json_option = click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
locale_option = click.option("-l", "--locale", "locales", multiple=True, metavar="LOCALE", help="Only this locale (repeatable).")


@click.group(cls=L10nGroup)
@click.version_option(package_name="l10n")
@click.option("-C", "--workspace", "root", type=click.Path(file_okay=False), help="Workspace folder (default: found upwards from the current folder).")
@click.pass_context
def main(ctx: click.Context, root: str | None) -> None:
    """Localize news articles: extract, update, translate, status, compile, models."""
    ctx.ensure_object(dict)
    ctx.obj["root"] = root


@main.command()
@json_option
@click.pass_context
def extract(ctx: click.Context, as_json: bool) -> None:
    """Articles -> templates: chrome.pot and one .pot per article."""
    from l10n import extract as op

    result = op.run(_config(ctx))
    if as_json:
        _print_json(result.to_json())
        return
    click.echo(f"{result.chrome_template}: {result.chrome_entries} chrome entries")
    for article in result.articles:
        date = article.metadata.get("date")
        shown = f", date {date!r}" if date is not None else ""
        click.echo(f"{article.template}: {article.entries} entries{shown}")
    for path in result.removed:
        click.echo(f"removed {path} (its article is gone)")
    for warning in result.warnings:
        click.echo(f"l10n: warning: {warning}", err=True)
    click.echo(f"{len(result.written)} template(s) written, {len(result.articles) + 1 - len(result.written)} unchanged")


@main.command()
@locale_option
@json_option
@click.pass_context
def update(ctx: click.Context, locales: tuple[str, ...], as_json: bool) -> None:
    """Templates -> catalogs for every target locale (merged, nothing lost)."""
    from l10n import update as op

    config = _config(ctx)
    if _progress_wanted(as_json):
        from l10n.workspace import expected_catalogs, selected_locales

        total = len(expected_catalogs(config, selected_locales(config, locales)))
        with click.progressbar(length=total, label="Updating catalogs", file=sys.stderr) as bar:
            result = op.run(config, locales, progress=lambda _ref: bar.update(1))
    else:
        result = op.run(config, locales)
    if as_json:
        _print_json(result.to_json())
        return
    for item in result.catalogs:
        if item.written:
            what = "created" if item.created else "updated"
            click.echo(f"{item.catalog}: {what} (+{item.added} new, {item.fuzzy} fuzzy, {item.obsoleted} obsolete, {item.revived} revived)")
    click.echo(f"{result.written} catalog(s) written, {len(result.catalogs) - result.written} unchanged")


@main.command()
@locale_option
@json_option
@click.pass_context
def status(ctx: click.Context, locales: tuple[str, ...], as_json: bool) -> None:
    """Progress per locale and catalog."""
    from l10n import status as op

    result = op.run(_config(ctx), locales)
    if as_json:
        _print_json(result.to_json())
        return
    if not result.catalogs:
        click.echo("no catalogs yet: run l10n update")
        return
    header = ("locale", "catalog", "total", "approved", "machine", "review", "untransl.", "words")
    rows = [
        (c.locale, c.catalog + (" (no template)" if c.orphaned else ""), c.total, c.approved, c.machine, c.needs_review, c.untranslated, c.words)
        for c in result.catalogs
    ]
    widths = [max(len(str(v)) for v in col) for col in zip(header, *rows)]
    for row in (header, *rows):
        click.echo("  ".join(str(v).ljust(w) if i < 2 else str(v).rjust(w) for i, (v, w) in enumerate(zip(row, widths))))


@main.command(name="compile")
@click.argument("catalogs", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@json_option
@click.pass_context
def compile_(ctx: click.Context, catalogs: tuple[Path, ...], as_json: bool) -> None:
    """.po -> .mo beside each catalog (all catalogs of the workspace when none is named)."""
    from l10n import compile as op

    shown: Callable[[Path], str] = str
    if catalogs:
        paths = list(catalogs)
    else:
        config = _config(ctx)
        paths = op.workspace_catalogs(config)
        shown = config.relative
    result = op.run(paths, shown)
    if as_json:
        _print_json(result.to_json())
    else:
        for item in result.catalogs:
            if item.error is None:
                click.echo(f"{item.catalog} -> {item.mo}")
    _exit_if([str(item.error) for item in result.failed], 2)


def _batch_runner(address: str | None, actors: int | None) -> contextlib.AbstractContextManager[Any]:
    """``--ray [ADDRESS]``: the engine's batches run on Ray actors; else here (None)."""
    if address is None:
        if actors is not None:
            from l10n.errors import UsageError

            raise UsageError("--ray-actors needs --ray")
        return contextlib.nullcontext(None)
    from l10n.mt import ray as mt_ray

    return mt_ray.open_runner(address, actors)


ray_options = [
    click.option("--ray", "ray_address", is_flag=False, flag_value="local", default=None, metavar="[ADDRESS]",
                 help="Run machine translation on Ray: a local instance, or `auto`, HOST:PORT, ray://HOST:PORT (needs l10n[ray])."),
    click.option("--ray-actors", type=click.IntRange(min=1), metavar="N", help="Ray actors (default: as many as the cluster's CPUs hold)."),
]


def _ray_options(command: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed(ray_options):
        command = option(command)
    return command


@main.command()
@locale_option
@click.option("--article", metavar="SLUG", help="Only this article's catalogs.")
@_ray_options
@json_option
@click.pass_context
def translate(ctx: click.Context, locales: tuple[str, ...], article: str | None, ray_address: str | None, ray_actors: int | None, as_json: bool) -> None:
    """Fill untranslated entries: translation memory first, then machine translation.

    Every draft is fuzzy, with a comment naming where it came from; approved, human-edited
    and rejected entries are never touched. Exit 1 when a language pair has no model.
    """
    from l10n import translate as op
    from l10n.mt.argos import create_engine

    config = _config(ctx)
    with _batch_runner(ray_address, ray_actors) as runner, contextlib.ExitStack() as bars:
        engine = create_engine(config.mt, config.glossary, pivot=config.body_language, runner=runner)

        def progress(source: str, target: str) -> Callable[[int, int], None] | None:
            if not _progress_wanted(as_json):
                return None
            bar: Any = None

            def advance(done: int, total: int) -> None:
                nonlocal bar
                if bar is None:  # opened on the first report: a missing pair shows no bar
                    bars.close()  # the previous pair's bar is done: one bar a line
                    bar = bars.enter_context(click.progressbar(length=max(total, 1), label=f"Translating {source}->{target}", file=sys.stderr))
                bar.update(done - bar.pos)

            return advance

        result = op.run(config, engine, locales, article, progress=progress)
    if as_json:
        _print_json(result.to_json())
    else:
        for item in result.catalogs:
            if item.written:
                flagged = f", {item.flagged} flagged" if item.flagged else ""
                click.echo(f"{item.catalog}: {item.memory} from memory, {item.machine} machine drafts{flagged}")
        filled = sum(c.written for c in result.catalogs)
        click.echo(f"{filled} catalog(s) filled, {len(result.catalogs) - filled} unchanged")
    _exit_if([missing.message for missing in result.missing], 1)


@main.group()
def models() -> None:
    """Argos Translate models: list, install from the package index or from a file."""


@models.command(name="list")
@json_option
@click.option("--timeout", default=10.0, show_default=True, help="Seconds to wait for the package index.")
def models_list(as_json: bool, timeout: float) -> None:
    """Installed models and, when the package index is reachable, the available ones."""
    from l10n.errors import NetworkError
    from l10n.mt import packages

    installed = packages.list_installed()
    available: list[packages.ModelInfo] | None
    index_error = None
    try:
        available = packages.list_available(timeout=timeout)
    except NetworkError as exc:
        available, index_error = None, str(exc)

    def row(info: packages.ModelInfo) -> dict[str, object]:
        return {
            "pair": f"{info.from_code}->{info.to_code}",
            "from": info.from_code,
            "to": info.to_code,
            "name": info.package_name,
            "version": info.version,
            "path": str(info.path) if info.path else None,
        }

    if as_json:
        _print_json({
            "installed": [row(i) for i in installed],
            "available": None if available is None else [row(i) for i in available],
            "index_error": index_error,
        })
        return
    click.echo("installed:" if installed else "installed: none")
    for info in installed:
        click.echo(f"  {info.from_code}->{info.to_code}  {info.package_name} {info.version}  {info.path}")
    if available is None:
        click.echo(f"available: unknown ({index_error})")
    else:
        click.echo("available:" if available else "available: none")
        for info in available:
            click.echo(f"  {info.from_code}->{info.to_code}  {info.package_name} {info.version}")


@models.command(name="install")
@click.argument("source", required=False)
@click.argument("target", required=False)
@click.option("--needed", is_flag=True, help="Every model this workspace needs that is not installed yet.")
@click.option("--timeout", default=30.0, show_default=True, help="Seconds for the whole download.")
@json_option
@click.pass_context
def models_install(ctx: click.Context, source: str | None, target: str | None, needed: bool, timeout: float, as_json: bool) -> None:
    """Install FROM TO from the package index, a local FILE.argosmodel, or --needed."""
    from l10n.errors import InputError, L10nError
    from l10n.mt import packages

    if needed:
        if source or target:
            raise InputError("--needed takes no FROM TO or FILE")
        from l10n.translate import needed_pairs

        installed = {i.pair for i in packages.list_installed()}
        wanted = [pair for pair in needed_pairs(_config(ctx)) if pair not in installed]
        done, missing = [], []
        for a, b in wanted:
            try:
                info = packages.install_from_index(a, b, timeout=timeout)
            except L10nError as exc:
                missing.append({"pair": f"{a}->{b}", "error": str(exc)})
            else:
                done.append({"pair": f"{a}->{b}", "name": info.package_name, "version": info.version, "path": str(info.path)})
        if as_json:
            _print_json({"installed": done, "missing": missing})
        else:
            for item in done:
                click.echo(f"installed {item['name']} {item['version']} ({item['pair']})")
            if not wanted:
                click.echo("every model this workspace needs is installed")
        _exit_if([f"missing model {item['pair']}: {item['error']}" for item in missing], 1)
        return
    if source is None:
        raise InputError("give FROM TO (e.g. `l10n models install en de`), a FILE.argosmodel, or --needed")
    if target is None:
        if not source.endswith(".argosmodel") and not Path(source).is_file():
            raise InputError(f"{source}: give FROM TO (e.g. `l10n models install en de`) or a FILE.argosmodel")
        info = packages.install_file(Path(source))
    else:
        info = packages.install_from_index(source, target, timeout=timeout)
    if as_json:
        _print_json({"pair": f"{info.from_code}->{info.to_code}", "name": info.package_name,
                     "version": info.version, "path": str(info.path)})
    else:
        click.echo(f"installed {info.package_name} {info.version} ({info.from_code}->{info.to_code}) in {info.path}")
