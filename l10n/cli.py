"""The ``l10n`` command: parse options, call one operation, render its result.

Operations raise ``l10n.errors`` for what stops them and return results that carry the
errors of single items (with ``exit_code``); both become one line each on stderr and the
process status here, in ``L10nGroup.invoke`` and ``_finish``, and nowhere else. Every
command ends by saying what happened and what to run next; a long one shows progress on
a terminal and prints a line per item as it is done, so a log shows it too.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import select
import stat
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, Protocol

import click

from l10n import config as config_mod
from l10n.errors import L10nError, UsageError, from_os_error, shown_path

if TYPE_CHECKING:
    from l10n import translate as translate_op

# The commands in the order of the pipeline, for `l10n --help`.
PIPELINE = ("extract", "update", "translate", "review", "check", "status", "compile", "build", "serve", "models",
            "server")


class L10nGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        names = super().list_commands(ctx)
        return sorted(names, key=lambda name: (PIPELINE.index(name) if name in PIPELINE else len(PIPELINE), name))

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: Any) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as exc:  # (an option of l10n itself)
            _usage(exc, info_name or "l10n")

    def invoke(self, ctx: click.Context) -> Any:
        _leavable_stdout()
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:  # a command's options and arguments, or an unknown command
            _usage(exc, " ".join(filter(None, [ctx.command_path, ctx.invoked_subcommand])))
        except L10nError as exc:
            _fail(str(exc), exc.exit_code)
        except BrokenPipeError:
            # The reader went away (`l10n status | head`): nothing more to say to it.
            _stdout_gone()
            sys.exit(0)
        except OSError as exc:
            error = from_os_error(exc, "access")
            _fail(str(error), error.exit_code)
        except KeyboardInterrupt:  # Ctrl+C (forked workers leave it to this process)
            click.echo("", err=True)  # past the ^C the terminal shows
            click.echo(f"l10n: interrupted: every file is written whole or not at all, so what was done "
                       f"stands; run `l10n {ctx.invoked_subcommand}` again to finish", err=True)
            sys.exit(1)


def _fail(message: str, code: int) -> NoReturn:
    click.echo(f"l10n: error: {message}", err=True)
    sys.exit(code)


def _usage(exc: click.UsageError, command: str) -> NoReturn:
    """Bad usage in one line, as every other error, with where to read the usage. A group
    given no command (``l10n``, ``l10n models``) shows its help, as ``--help`` does."""
    no_args = getattr(click.exceptions, "NoArgsIsHelpError", None)  # (click 8.2 on; 8.1 prints the help itself)
    if no_args is not None and isinstance(exc, no_args) and exc.ctx is not None:
        click.echo(exc.ctx.get_help())
        sys.exit(exc.exit_code)
    if exc.ctx is not None and len(exc.ctx.command_path) > len(command):
        command = exc.ctx.command_path  # (the deepest command known: `l10n review edit`)
    message = " ".join(exc.format_message().split()).rstrip(".")
    _fail(f"{message[:1].lower()}{message[1:]} (see {command} --help)", exc.exit_code)


class Finished(Protocol):
    @property
    def exit_code(self) -> int: ...


def _finish(result: Finished, errors: tuple[L10nError, ...] | None = None) -> None:
    """Report the per-item errors a result carries (one line each) and exit with its code."""
    for error in errors if errors is not None else getattr(result, "errors", ()):
        click.echo(f"l10n: error: {error}", err=True)
    if result.exit_code:
        sys.exit(result.exit_code)


class _Outlet(io.RawIOBase):
    """Standard output (or error) that its reader may leave (``l10n check | head -1``): once the
    pipe is closed, what is still written goes nowhere, and the command goes on to its
    end and its own exit code (a build saves its stamp; ``check`` still exits 1 on errors).
    Before, the first write after the reader left stopped the command with exit 0."""

    def __init__(self, fd: int) -> None:
        super().__init__()
        self.fd = fd
        self.gone = False

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self.fd

    def isatty(self) -> bool:
        return os.isatty(self.fd)

    def write(self, data: Any) -> int:
        size = len(memoryview(data))
        if self.gone:
            return size
        try:
            return os.write(self.fd, data)
        except BrokenPipeError:
            self.gone = True
            return size


def _reader_gone() -> bool:
    """Whether the reader of standard output went away (``_Outlet``): a write found it
    gone, or the pipe says so (a closed pipe polls as an error, with nothing written)."""
    binary = getattr(sys.stdout, "buffer", None)
    raw = binary if isinstance(binary, _Outlet) else getattr(binary, "raw", None)
    if not isinstance(raw, _Outlet):
        return False
    if not raw.gone:
        with contextlib.suppress(OSError, ValueError):
            sys.stdout.flush()
    if not raw.gone and hasattr(select, "poll"):
        with contextlib.suppress(OSError, ValueError):
            if stat.S_ISFIFO(os.fstat(raw.fd).st_mode):
                poller = select.poll()
                poller.register(raw.fd, select.POLLOUT)
                raw.gone = any(events & (select.POLLERR | select.POLLHUP) for _, events in poller.poll(0))
    return raw.gone


def _leavable_stdout() -> None:
    """Put ``_Outlet`` under the process's standard output and error (not under a stream a
    caller set in its place: a test's runner). Error too: ``l10n build --strict 2>&1 |
    head`` must still end with the build's exit code."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None or stream is not getattr(sys, f"__{name}__") or not isinstance(stream, io.TextIOWrapper):
            continue
        try:
            fd = stream.fileno()
        except (OSError, ValueError):
            continue
        stream.flush()
        # Buffered as the stream was: stderr (and stdout under python -u) writes through at
        # once, so that a warning is not held back behind what click flushes.
        outlet = _Outlet(fd)
        binary: Any = io.BufferedWriter(outlet) if isinstance(stream.buffer, io.BufferedWriter) else outlet
        setattr(sys, name, io.TextIOWrapper(binary, encoding=stream.encoding, errors=stream.errors,
                                            line_buffering=stream.line_buffering,
                                            write_through=stream.write_through or binary is outlet))


def _stdout_gone() -> None:
    """The reader of standard output went away: what is still written there (and what
    Python flushes at exit) goes nowhere, quietly."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _warn(message: str) -> None:
    click.echo(f"l10n: warning: {message}", err=True)


def _next(message: str) -> None:
    click.echo(f"next: {message}")


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _config(ctx: click.Context) -> config_mod.Config:
    root = ctx.obj.get("root") if ctx.obj else None
    return config_mod.load(Path(root) if root else None)


def _print_json(data: Any) -> None:
    click.echo(json_text(data))


def json_text(data: Any, indent: int = 0) -> str:
    """``data`` as JSON that reads well and is quick to write for thousands of items: the
    outer objects and lists indented, each item of a list of objects on one line, written
    compactly by orjson (the standard library's indenting encoder is not written in C)."""
    pad, inner = " " * indent, " " * (indent + 2)
    if isinstance(data, dict) and data:
        items = [f"{inner}{_JSON.encode(str(k))}: {json_text(v, indent + 2).lstrip()}" for k, v in data.items()]
        return pad + "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(data, list) and data and all(isinstance(v, (dict, list)) for v in data):
        from l10n.cache import dumps  # (orjson: thousands of rows)

        rows = [inner + dumps(v).decode("utf-8") for v in data]
        return pad + "[\n" + ",\n".join(rows) + "\n" + pad + "]"
    return pad + _JSON.encode(data)


_JSON = json.JSONEncoder(ensure_ascii=False)  # one encoder: json.dumps makes one a call


def _on_terminal(as_json: bool) -> bool:
    return not as_json and sys.stderr.isatty()


class Progress:
    """Progress bars on a terminal (stderr), and lines that go between them."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar: Any = None
        self._open: contextlib.ExitStack | None = None  # the bar ``next_bar`` opened

    def next_bar(self, label: str, total: int) -> Callable[[int], None]:
        """End the bar ``next_bar`` opened last, if any, and open one for ``total`` steps
        (a stage after another, one bar a line); ``close`` ends the last."""
        self.close()
        self._open = contextlib.ExitStack()
        return self._open.enter_context(self.bar_for(label, total))

    def close(self) -> None:
        if self._open is not None:
            self._open.close()
            self._open = None

    @contextmanager
    def bar_for(self, label: str, total: int) -> Iterator[Callable[[int], None]]:
        """A bar for ``total`` steps; the callback sets how many are done."""
        if not self.enabled:
            yield lambda done: None
            return
        with click.progressbar(length=max(total, 1), label=label, file=sys.stderr) as bar:
            self.bar = bar

            def advance(done: int) -> None:
                bar.update(max(0, done - bar.pos))

            try:
                yield advance
            finally:
                self.bar = None

    def line(self, text: str) -> None:
        if self.bar is not None:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()
        click.echo(text)
        if self.bar is not None:
            self.bar.render_progress()


json_option = click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
locale_option = click.option("-l", "--locale", "locales", multiple=True, metavar="LOCALE",
                             help="Only this locale (repeatable; FR, fr-FR and fr_FR all mean fr).")


@click.group(name="l10n", cls=L10nGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="l10n")
@click.option("-C", "--workspace", "root", type=click.Path(file_okay=False),
              help="Workspace folder (default: the nearest folder at or above this one whose "
                   "pyproject.toml has [tool.l10n]).")
@click.pass_context
def main(ctx: click.Context, root: str | None) -> None:
    """Localize news articles: separate the site's chrome from the article body, keep every
    text in gettext catalogs, draft translations offline, review them, build editions.

    The usual day: l10n extract, l10n update, l10n translate, l10n review, l10n build.
    """
    ctx.ensure_object(dict)
    ctx.obj["root"] = root


# ---------------------------------------------------------------------------------------
# extract


@main.command(short_help="Articles -> templates: chrome.pot and one .pot per article.")
@json_option
@click.pass_context
def extract(ctx: click.Context, as_json: bool) -> None:
    """Articles -> templates: locales/templates/chrome.pot (the site's chrome, shared by
    every article) and locales/templates/articles/SLUG.pot (one article's body).

    Only templates whose bytes change are written. A bad article is reported and skipped
    (its template is kept); the others are extracted.
    """
    from l10n import extract as op

    config = _config(ctx)
    result = op.run(config)
    if as_json:
        _print_json(result.to_json())
        return _finish(result)
    for warning in result.warnings:
        _warn(warning)
    written = set(result.written)
    for article in result.articles:
        if article.template in written:
            date = f", published {article.date}" if article.date else ", no date"
            click.echo(f"wrote {config.shown(article.template)} ({plural(article.entries, 'entry', 'entries')}{date})")
    if result.chrome_template in written:
        click.echo(f"wrote {config.shown(result.chrome_template)} ({plural(result.chrome_entries, 'chrome entry', 'chrome entries')})")
    for path in result.removed:
        click.echo(f"removed {config.shown(path)} (its article is gone)")
    current = {article.template for article in result.articles} | {result.chrome_template}
    unchanged = len(current - set(result.written) - set(result.refused)) if result.articles else 0
    skipped = len(result.errors) - len(result.refused)
    click.echo(f"{plural(len(result.articles), 'article')} read, {plural(len(result.written), 'template')} written, "
               f"{unchanged} unchanged" + (f", {plural(skipped, 'article')} skipped" if skipped else "")
               + (f", {plural(len(result.refused), 'template')} that may not be written (named below)"
                  if result.refused else ""))
    if result.articles:
        _next("l10n update (brings every locale's catalogs up to the templates)")
    _finish(result)


# ---------------------------------------------------------------------------------------
# update


@main.command(short_help="Templates -> a catalog per locale, merged; nothing is lost.")
@locale_option
@json_option
@click.pass_context
def update(ctx: click.Context, locales: tuple[str, ...], as_json: bool) -> None:
    """Templates -> locales/LOCALE/LC_MESSAGES/*.po for every target locale, merged as
    msgmerge does: new texts untranslated, changed texts fuzzy with the previous text kept,
    removed texts obsolete (and revived when they return). Translations are never dropped.
    """
    from l10n import update as op
    from l10n.workspace import expected_catalogs, selected_locales

    config = _config(ctx)
    progress = Progress(_on_terminal(as_json))
    chosen = selected_locales(config, locales)
    total = len(expected_catalogs(config, chosen, refused=[])) if progress.enabled else 0
    with progress.bar_for("Updating catalogs", total) as advance:
        done = 0

        def step(item: object) -> None:
            nonlocal done
            done += 1
            advance(done)

        def report(item: op.CatalogUpdate) -> None:
            if item.written and not as_json:
                what = "created" if item.created else "updated"
                progress.line(f"{what} {config.shown(item.catalog)} (+{item.added} new, {item.fuzzy} fuzzy, "
                              f"{item.obsoleted} obsolete, {item.revived} revived)")

        result = op.run(config, chosen, progress=step, on_catalog=report)
    if as_json:
        _print_json(result.to_json())
        return _finish(result)
    new = sum(c.added for c in result.catalogs)
    changed = sum(c.fuzzy for c in result.catalogs)
    click.echo(f"{plural(result.written, 'catalog')} written, {len(result.catalogs) - result.written} unchanged"
               + (f", {plural(len(result.errors), 'catalog')} skipped (named below)" if result.errors else ""))
    scope = "".join(f" -l {loc}" for loc in locales)
    if result.errors:  # (what a skipped catalog lacks reaches it only once it reads)
        _next(f"fix the {plural(len(result.errors), 'catalog')} named below (each line says where), "
              f"then l10n update{scope} again")
    if new:
        _next(f"l10n translate{scope} (drafts the {plural(new, 'new text')} for review)")
    if changed:  # (their old translations are kept, fuzzy: a reviewer's work, not translate's)
        _next(f"l10n review{scope} ({plural(changed, 'translation')} of a changed text to check)")
    if not new and not changed:
        _next(f"l10n translate{scope} (drafts what is untranslated), or l10n status")
    _finish(result)


# ---------------------------------------------------------------------------------------
# translate


def _batch_runner(address: str | None, actors: int | None) -> contextlib.AbstractContextManager[Any]:
    """``--ray [ADDRESS]``: the Argos engine's batches run on Ray actors; else here (None)."""
    if address is None:
        if actors is not None:
            raise UsageError("--ray-actors needs --ray")
        return contextlib.nullcontext(None)
    from l10n.mt import ray as mt_ray

    return mt_ray.open_runner(address, actors)


def _ray_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--ray [ADDRESS]`` and ``--ray-actors N``, for the commands that translate."""
    command = click.option("--ray-actors", type=click.IntRange(min=1), metavar="N",
                           help="Ray actors (default: as many as the cluster's CPUs hold).")(command)
    return click.option("--ray", "ray_address", is_flag=False, flag_value="local", default=None, metavar="[ADDRESS]",
                        help="Run machine translation on Ray: a local instance, or `auto`, HOST:PORT, "
                             "ray://HOST:PORT (needs l10n[ray]).")(command)


@main.command(short_help="Draft untranslated entries: translation memory, then machine translation.")
@locale_option
@click.option("--article", "articles", metavar="SLUG", multiple=True,
              help="Only this article's catalogs (repeatable).")
@click.option("--retry-rejected", is_flag=True, help="Also draft entries a reviewer rejected.")
@_ray_options
@json_option
@click.pass_context
def translate(ctx: click.Context, locales: tuple[str, ...], articles: tuple[str, ...], retry_rejected: bool,
              ray_address: str | None, ray_actors: int | None, as_json: bool) -> None:
    """Fill untranslated entries: translation memory first (the same text approved in
    another catalog of the locale), then machine translation.

    Every draft is fuzzy, with a comment naming where it came from; approved, human-edited
    and rejected entries are never touched. Exit 1 when a language pair has no model (the
    other pairs are done).
    """
    from l10n.mt.choose import create_engine

    config = _config(ctx)
    with _batch_runner(ray_address, ray_actors) as runner:
        engine = create_engine(config.mt, config.glossary, pivot=config.body_language, runner=runner)
        _translate(config, engine, locales, articles or None, retry_rejected, as_json, _chunk_texts(runner))


def _chunk_texts(runner: Any) -> translate_op.ChunkSize:
    """Texts a time for the engine (``translate.ChunkSize``): on a cluster, more the more
    CPUs it has, to keep every worker busy (worked out once there is work: a run with
    nothing to translate joins no cluster)."""
    from l10n.translate import CHUNK_TEXTS, CLUSTER_TEXTS_PER_CPU

    if runner is None:
        return CHUNK_TEXTS

    def size() -> int:
        runner.connect()
        return max(CHUNK_TEXTS, CLUSTER_TEXTS_PER_CPU * int(runner.cluster_cpus()))

    return size


def _translate(config: config_mod.Config, engine: Any, locales: tuple[str, ...], article: tuple[str, ...] | None,
               retry_rejected: bool, as_json: bool, chunk_texts: translate_op.ChunkSize) -> None:
    from l10n import translate as op

    progress = Progress(_on_terminal(as_json))

    def pair_progress(source: str, target: str) -> Callable[[int, int], None] | None:
        if as_json:
            return None
        if not progress.enabled:
            # No terminal (a log, CI): a line when a pair starts; each catalog written says so.
            said: list[bool] = []

            def log(done: int, total: int) -> None:
                if not said:
                    click.echo(f"translating {source}->{target}: {plural(total, 'text')}")
                    said.append(True)

            return log
        bar: list[Callable[[int], None]] = []

        def advance(done: int, total: int) -> None:
            if not bar:  # opened on the first report: a missing pair shows no bar
                bar.append(progress.next_bar(f"Translating {source}->{target}", total))
            bar[0](done)

        return advance

    def report(item: op.CatalogFilled) -> None:
        if item.written and not as_json:
            flagged = f", {item.flagged} flagged" if item.flagged else ""
            progress.line(f"wrote {config.shown(item.catalog)}: {item.memory} from memory, "
                          f"{item.machine} machine {'draft' if item.machine == 1 else 'drafts'}{flagged}")

    try:
        result = op.run(config, engine, locales, article, progress=pair_progress, on_catalog=report,
                        chunk_texts=chunk_texts,
                        retry_rejected=retry_rejected)
    finally:
        progress.close()
    if as_json:
        _print_json(result.to_json())
        return _finish(result, _translate_errors(result))
    filled = sum(c.written for c in result.catalogs)
    click.echo(f"{plural(result.drafts, 'draft')} written in {plural(filled, 'catalog')} "
               f"({plural(result.flagged, 'flagged draft')}), {len(result.catalogs) - filled} "
               f"{'catalog' if len(result.catalogs) - filled == 1 else 'catalogs'} unchanged")
    to_install = [m for m in result.missing_models if not m.failed]
    _review_hint(config, locales, "install the missing models (l10n models install --needed), then "
                                  "l10n translate again" if to_install else
                                  "mend the engine as the error says, then l10n translate again"
                                  if result.missing_models else None)
    _finish(result, _translate_errors(result))


def _translate_errors(result: Any) -> tuple[L10nError, ...]:
    return tuple(result.errors) + tuple(L10nError(m.message) for m in result.missing_models)


def _plurals_for_an_editor(n: int) -> str:
    """What to do with the plural entries that wait for review: the queue shows no plural
    forms (their count is not in its size)."""
    return (f"{plural(n, 'plural entry', 'plural entries')} {'waits' if n == 1 else 'wait'} for review in a PO "
            "editor (the review queue shows no plural forms)")


def _review_hint(config: config_mod.Config, locales: tuple[str, ...], otherwise: str | None = None) -> None:
    """``38 drafts wait for review: l10n review -l de``, per locale with a queue (as status and
    review list count it: not a removed article's catalogs); with none, ``otherwise`` (or:
    status, compile)."""
    from l10n import status as status_op

    queues = [(loc.locale, loc.waiting) for loc in status_op.run(config, locales).locales if loc.waiting]
    for locale, size in queues:
        _next(f"{plural(size, 'draft')} {'waits' if size == 1 else 'wait'} for review: l10n review -l {locale}")
    if not queues:
        _next(otherwise or "l10n status (progress per locale), l10n compile")


# ---------------------------------------------------------------------------------------
# status

STATUS_HELP = """Progress per locale and catalog, with a totals row per locale.

\b
Columns:
  total      entries to translate (obsolete ones not counted)
  approved   translated and approved (not fuzzy): what a build publishes
  machine    machine or memory drafts waiting for review, their text as the engine made it
  review     needs review: fuzzy after the source text changed, or a draft whose text
             a person changed and left fuzzy (work in progress)
  untransl.  no translation yet
  flagged    drafts the engine marked suspect (length-bound, repetition, ...), their
             text still the engine's
  words      source words in the catalog
\b
A catalog marked `orphaned` has no template any more (its article was removed); it is
kept, never deleted, and its entries are in no review queue: the `waiting` line leaves
them out, as l10n review list and build do (`queue` 0 in --json). A catalog marked
`invalid` does not read (the reason is shown); the others are still counted and the
exit code is 1.
"""


@main.command(short_help="Progress per locale and catalog, and the review queue sizes.", help=STATUS_HELP)
@locale_option
@click.option("--json", "as_json", is_flag=True,
              help="Print a JSON list, an object per catalog (locale, catalog, total, approved, machine, "
                   "needs_review, untranslated, flagged, words, queue, state, error).")
@click.option("--totals", is_flag=True,
              help="With --json: an object per locale instead (its totals, queue and percent approved).")
@click.pass_context
def status(ctx: click.Context, locales: tuple[str, ...], as_json: bool, totals: bool) -> None:
    from l10n import status as op

    config = _config(ctx)
    if totals and not as_json:
        _fail("--totals goes with --json (the table shows the totals per locale already)", 2)
    result = op.run(config, locales)
    if as_json:
        _print_json([loc.to_json() for loc in result.locales] if totals else [c.to_json() for c in result.catalogs])
        return _finish(result, ())
    if not result.catalogs:
        click.echo("no catalogs yet")
        _next("l10n extract, then l10n update")
        return
    header = ("locale", "catalog", "total", "approved", "machine", "review", "untransl.", "flagged", "words")
    rows: list[tuple[object, ...]] = []
    for loc in result.locales:
        for c in (c for c in result.catalogs if c.locale == loc.locale):
            name = config.shown(c.catalog) + (" (orphaned)" if c.orphaned else "")
            if c.error and not c.counts.total:
                rows.append((c.locale, f"{name} (invalid: see below)", "", "", "", "", "", "", ""))
                continue
            if c.error:  # (it reads, but msgfmt refuses it: counted all the same)
                name += " (invalid: see below)"
            n = c.counts
            rows.append((c.locale, name, n.total, n.approved, n.machine, n.needs_review, n.untranslated, n.flagged, n.words))
        n = loc.counts
        rows.append((loc.locale, f"= all {plural(loc.catalogs, 'catalog')}, {n.percent_approved:.0f}% approved",
                     n.total, n.approved, n.machine, n.needs_review, n.untranslated, n.flagged, n.words))
    widths = [max(len(str(v)) for v in col) for col in zip(header, *rows)]
    for row in (header, *rows):
        click.echo("  ".join(str(v).ljust(w) if i < 2 else str(v).rjust(w)
                             for i, (v, w) in enumerate(zip(row, widths))).rstrip())
    for loc in result.locales:
        if loc.waiting:  # (as the review queue counts: not the entries of a removed article's catalogs)
            click.echo(f"{loc.locale}: {loc.waiting} waiting: {loc.waiting_machine} machine, "
                       f"{loc.waiting - loc.waiting_machine} needs review")
        if loc.plural_waiting:
            click.echo(f"{loc.locale}: {_plurals_for_an_editor(loc.plural_waiting)}")
    _finish(result, tuple(L10nError(c.error) for c in result.catalogs if c.error))
    waiting = [loc for loc in result.locales if loc.waiting]
    if waiting:
        _next(" / ".join(f"l10n review -l {loc.locale}" for loc in waiting))
    elif any(loc.counts.untranslated for loc in result.locales):
        _next("l10n translate")
    else:
        _next("l10n compile")


# ---------------------------------------------------------------------------------------
# compile


@main.command(name="compile", short_help=".po -> .mo beside each catalog (approved entries only).")
@click.argument("catalogs", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@locale_option
@json_option
@click.pass_context
def compile_(ctx: click.Context, catalogs: tuple[Path, ...], locales: tuple[str, ...], as_json: bool) -> None:
    """.po -> .mo beside each catalog: the catalogs named, else every catalog of the
    workspace (of -l LOCALE). Only .mo files whose bytes change are written; a catalog that
    fails validation gets no .mo and keeps its old one, and the others still compile.
    """
    from l10n import compile as op

    if catalogs and locales:
        raise UsageError("give catalogs or -l LOCALE, not both")
    config = _config(ctx)
    if catalogs:
        outside = next((path for path in catalogs if not config.inside(path)), None)
        if outside is not None:  # (nothing is read or written outside the workspace; symlinks resolved)
            raise UsageError(f"{shown_path(outside)}: outside the workspace ({shown_path(config.root)}); "
                             "l10n compiles the workspace's catalogs")
        result = op.run(list(catalogs), config.shown, locks=config.locales_path, config=config)
    else:
        refused: list[op.Compiled] = []  # (catalogs linked out of the workspace: named on their row, never read)
        result = op.with_refused(op.run(op.workspace_catalogs(config, locales, refused), config.shown,
                                        locks=config.locales_path, config=config), refused)
    if as_json:
        _print_json(result.to_json())
        return _finish(result)
    for item in result.catalogs:
        if item.error is None:
            state = "compiled" if item.written else "unchanged"
            click.echo(f"{item.translated} of {item.total} messages ({item.percent}%) translated in {item.catalog}"
                       f" -> {item.mo} ({state})")
    written = sum(c.written for c in result.catalogs)
    click.echo(f"{plural(written, '.mo file')} written, {len(result.catalogs) - written - len(result.failed)} unchanged"
               + (f", {len(result.failed)} failed" if result.failed else ""))
    if not result.catalogs and not result.failed:
        _next("l10n extract, then l10n update (no catalogs yet)")
    elif not result.failed:
        _next("l10n build (the editions), or l10n status")
    _finish(result)


# ---------------------------------------------------------------------------------------
# build

BUILD_HELP = """The whole pipeline, then the localized editions: extract, update, translate
(unless --no-mt), check, compile, and render every article in every locale into
build/LOCALE/SLUG.html and .md, with build/LOCALE/index.html and the status page
build/index.html.

\b
An edition publishes approved translations only; anything else is shown in the original
language, marked, and the edition counts as partial. With --allow-machine, machine drafts
are published instead, under a visible disclosure. A rejected translation is never
published. Only what changed is rendered and written: a build with nothing changed
writes no file.
"""


@main.command(short_help="The whole pipeline, then localized editions and a status page in build/.",
              help=BUILD_HELP)
@locale_option
@click.option("--no-mt", is_flag=True, help="No machine translation: the translate stage is skipped.")
@click.option("--strict", is_flag=True, help="Exit 1 when an edition is partial or a check found an error.")
@click.option("--allow-machine", is_flag=True,
              help="Publish machine drafts where no approved translation exists (with a disclosure).")
@click.option("--check", is_flag=True,
              help="Write nothing; exit 1 naming every template, catalog and edition a build would change.")
@click.option("--watch", is_flag=True,
              help="Stay up: build again whenever an article, a catalog or pyproject.toml changes (Ctrl+C stops).")
@_ray_options
@json_option
@click.pass_context
def build(ctx: click.Context, locales: tuple[str, ...], no_mt: bool, strict: bool, allow_machine: bool,
          check: bool, watch: bool, ray_address: str | None, ray_actors: int | None, as_json: bool) -> None:
    config = _config(ctx)
    if (no_mt or check) and ray_address is not None:
        raise UsageError("--ray runs the machine translation: not with --no-mt or --check")
    if watch and check:
        raise UsageError("--watch builds whenever a source changes; --check writes nothing: not both")
    with _batch_runner(ray_address, ray_actors) as runner:
        engine = None
        if not (no_mt or check):
            from l10n.mt.choose import create_engine

            engine = create_engine(config.mt, config.glossary, pivot=config.body_language, runner=runner)
        chunk = None if runner is None else _chunk_texts(runner)
        if watch:
            made_for = (config.mt, config.glossary, config.body_language)

            def engine_for(now: config_mod.Config) -> Any:  # (pyproject.toml may change the MT settings)
                nonlocal engine, made_for
                settings = (now.mt, now.glossary, now.body_language)
                if engine is not None and settings != made_for:
                    engine = create_engine(now.mt, now.glossary, pivot=now.body_language, runner=runner)
                    made_for = settings
                return engine

            return _watch(ctx, config, locales, engine_for, strict, allow_machine, as_json, chunk)
        # (the default chunk without a cluster: a build with nothing to do imports no stage)
        _build(config, locales, engine, strict, allow_machine, check, as_json, chunk)


def _watch(ctx: click.Context, config: config_mod.Config, locales: tuple[str, ...],
           engine_for: Callable[[config_mod.Config], Any], strict: bool, allow_machine: bool, as_json: bool,
           chunk_texts: translate_op.ChunkSize | None) -> None:
    """``build --watch``: a build, then one for every burst of changes to the sources,
    each reported when its editions are written; a wake-up that finds nothing changed (the
    builds' own writes) says nothing. A build that fails says so and the watch goes on.
    ``engine_for`` gives the MT engine for the settings each build reads."""
    from l10n import fsio, interrupts
    from l10n.build import run as op
    from l10n.build import watch
    from l10n.build.records import Policy

    own: dict[str, fsio.Signature | None] = {}  # what the last build wrote, as it left it
    failed: list[str] = []  # the last build's error, when it failed
    outputs = tuple(os.path.join(str(folder), "") for folder in (config.locales_path, config.build_path))

    def build_once(woken_by: list[str] | None) -> None:
        nonlocal config
        progress = Progress(_on_terminal(as_json))
        reported: list[bool] = []

        def report(result: Any) -> None:
            progress.close()
            reported.append(True)
            # (a build that only checks, once the watcher is up, says something if it did something)
            if woken_by or woken_by is None or any(path.startswith(outputs) for path in written):
                _report_watched(config, result, woken_by, as_json)

        try:
            config = _config(ctx)  # (pyproject.toml may be what changed)
            with fsio.recording() as written:
                result = op.run(config, locales, engine=engine_for(config),
                                policy=Policy(allow_machine=allow_machine), strict=strict,
                                progress=progress.next_bar if progress.enabled else None,
                                translate_chunk=chunk_texts, done=report)
        except (L10nError, OSError) as exc:  # (a full disk, a file that vanished: said, and the watch goes on)
            progress.close()
            error = f"l10n: error: {exc if isinstance(exc, L10nError) else from_os_error(exc, 'access')}"
            if woken_by or failed != [error]:  # (a look that fails as the last build did says it once)
                click.echo(error, err=True)
            failed[:] = [error]
            return
        finally:
            progress.close()
        failed.clear()
        own.clear()
        own.update(written)
        if not reported and (woken_by is None or (woken_by and not result.unchanged)):
            _report_watched(config, result, woken_by, as_json)

    with interrupts.stopped_by_signals() as stop:
        try:
            build_once(None)
            if not as_json and not stop.is_set():
                shown = ", ".join(config.shown(path) for path in watch.sources(config))
                click.echo(f"watching {shown} for changes: each rebuilds what it touches (Ctrl+C stops)")
            if _reader_gone():
                stop.set()
            if not stop.is_set():
                op.preload()
            for changed in watch.changes(lambda: config, stop):
                if _reader_gone():  # (`l10n build --watch | head`: nobody reads the reports any more)
                    break
                if changed and watch.as_left(config, changed, own):
                    continue  # the last build's own writes: nothing to do
                build_once(changed)
                if _reader_gone():
                    break
        except KeyboardInterrupt:
            pass
    click.echo("", err=True)
    click.echo("stopped watching: every file is written whole or not at all, so what was built stands", err=True)


def _build_json(config: config_mod.Config, result: Any) -> dict[str, object]:
    """A build's report as ``--json`` prints it: with the workspace its paths are relative to."""
    return {"workspace": str(config.root), **result.to_json()}


def _report_watched(config: config_mod.Config, result: Any, woken_by: list[str] | None, as_json: bool) -> None:
    """One build of ``--watch``: the report a build prints (as one line of JSON with
    ``--json``, with the changes that woke it), its errors, never an exit."""
    if as_json:
        from l10n.cache import dumps

        data = _build_json(config, result)
        data["changed"] = woken_by or []
        click.echo(dumps(data).decode("utf-8"))
    else:
        if woken_by:
            from l10n.build import watch

            click.echo(f"changed: {watch.describe(woken_by)}")
        for warning in result.warnings:
            _warn(warning)
        _print_build(config, result)
    for error in result.errors:
        click.echo(f"l10n: error: {error}", err=True)


def _build(config: config_mod.Config, locales: tuple[str, ...], engine: Any, strict: bool, allow_machine: bool,
           check: bool, as_json: bool, chunk_texts: translate_op.ChunkSize | None) -> None:
    from l10n.build import run as op
    from l10n.build.records import Policy

    progress = Progress(_on_terminal(as_json))
    reported = []

    def report(result: Any) -> None:
        _report(result)
        for error in result.errors:  # (here, not after the stamp's settle time: the report is whole)
            click.echo(f"l10n: error: {error}", err=True)
        for hook in REPORTED:
            hook(result.exit_code, config)

    def _report(result: Any) -> None:
        """The build's report, printed as soon as its editions are written: while the
        build waits for its own writes to settle before it saves its stamp (``done``).
        A reader that goes away (``l10n build | head -1``) stops the report, not the
        build: it saves its stamp and exits with its own code (``--strict``)."""
        progress.close()
        reported.append(result)
        try:
            if as_json:
                from l10n.memory import gc_paused

                with gc_paused():  # (a report of thousands of editions: objects, and no garbage, made at once)
                    _print_json(_build_json(config, result))
            else:
                for warning in result.warnings:
                    _warn(warning)
                _print_build(config, result)
            sys.stdout.flush()
        except BrokenPipeError:
            _stdout_gone()

    try:
        result = op.run(config, locales, engine=engine, policy=Policy(allow_machine=allow_machine),
                        strict=strict, check=check, progress=progress.next_bar if progress.enabled else None,
                        translate_chunk=chunk_texts, done=report)
    finally:
        progress.close()
    if not reported:  # (nothing changed, or --check: no stamp to wait for)
        report(result)
    _finish(result, errors=())  # (said in the report)


# Called with a build's exit code once its report and errors are out, before it waits for
# its writes to settle and saves its stamp: a build server's forked build (l10n.server)
# lets its client end then, as the rest changes nothing the client says or shows.
REPORTED: list[Callable[[int, config_mod.Config], None]] = []


def _print_build(config: config_mod.Config, result: Any) -> None:
    """Per stage one line, then per locale what is published and what waits for whom."""
    if result.unchanged:
        click.echo(f"nothing changed since the last build ({plural(len(result.editions), 'edition')}): every "
                   "article, template, catalog and edition is as it left them; nothing written")
    else:
        _print_stages(result)
    for path, change in result.would_change:
        click.echo(f"would change {config.shown(path)} ({change})")
    if result.locales:
        header: tuple[str, ...] = ("locale", "articles", "complete", "partial", "waiting for review", "failed checks",
                                   "machine")
        rows: list[tuple[object, ...]] = [(loc.locale, loc.editions, loc.complete, loc.partial, loc.waiting,
                                           loc.failed - loc.unrendered, loc.machine) for loc in result.locales]
        if any(loc.unrendered for loc in result.locales):  # (a catalog that does not read)
            header += ("not rendered",)
            rows = [row + (loc.unrendered,) for row, loc in zip(rows, result.locales)]
        widths = [max(len(str(v)) for v in col) for col in zip(header, *rows)]
        for row in (header, *rows):
            click.echo("  ".join(str(v).ljust(w) if i == 0 else str(v).rjust(w)
                                 for i, (v, w) in enumerate(zip(row, widths))).rstrip())
    for loc in result.locales:
        if loc.complete < loc.editions:
            _next(loc.next)
    if not result.check:
        _next(f"open {config.shown(result.status_page)} (what is published, what waits for whom)")


def _print_stages(result: Any) -> None:
    """One line per stage of a build that ran them."""
    extracted = result.extracted
    if result.only:  # the stages did the work of the articles that changed alone
        names = ", ".join(result.only[:3]) + (", ..." if len(result.only) > 3 else "")
        click.echo(f"only {plural(len(result.only), 'article')} changed since the last build ({names}): "
                   f"the stages below did {'its' if len(result.only) == 1 else 'their'} work alone")
    click.echo(f"extract: {plural(len(extracted.articles), 'article')}, "
               f"{plural(len(extracted.written), 'template')} {'to write' if result.check else 'written'}")
    if result.updated is not None:
        written = result.updated.written
        failed = len(result.updated.errors)
        click.echo(f"update: {plural(written, 'catalog')} {'to write' if result.check else 'written'}, "
                   f"{len(result.updated.catalogs) - written} unchanged" + (f", {failed} failed" if failed else ""))
    if result.translated is not None:
        drafts = result.translated.drafts
        click.echo(f"translate: {plural(drafts, 'draft')} written")
    elif not result.check:
        click.echo("translate: skipped (--no-mt)")
    for note in result.notes:
        click.echo(note)
    errors = sum(f.severity == "error" for f in result.findings)
    click.echo(f"check: {plural(errors, 'error')}, {plural(len(result.findings) - errors, 'warning')} "
               "in the catalogs that changed")
    if result.compiled is not None:
        compiled = sum(c.written for c in result.compiled.catalogs)
        failed = len(result.compiled.failed)
        click.echo(f"compile: {plural(compiled, '.mo file')} {'to write' if result.check else 'written'}, "
                   f"{len(result.compiled.catalogs) - compiled - failed} unchanged"
                   + (f", {failed} failed (see below)" if failed else ""))
    rendered = sum(e.written for e in result.editions)
    unrendered = sum(loc.unrendered for loc in result.locales)  # (a catalog they read does not read)
    click.echo(f"render: {plural(len(result.editions), 'edition')}, {rendered} "
               f"{'to write' if result.check else 'written'}, {len(result.editions) - rendered - unrendered} unchanged"
               + (f", {unrendered} not rendered" if unrendered else "")
               + (f", {plural(len(result.removed), 'file')} removed" if result.removed else ""))


# ---------------------------------------------------------------------------------------
# models


@main.group(short_help="Argos Translate models: list, install from the index or from a file.")
def models() -> None:
    """Argos Translate models: where they are, which there are, and installing more.

    Models are installed in $ARGOS_PACKAGES_DIR (or Argos's own folder), from the Argos
    package index ($ARGOS_PACKAGE_INDEX) or from a local .argosmodel file.
    """


@models.command(name="list", short_help="Installed models and, when the index answers, the available ones.")
@json_option
@click.option("--timeout", default=10.0, show_default=True, help="Seconds to wait for the package index.")
def models_list(as_json: bool, timeout: float) -> None:
    """Installed models (and the folder they are in) and, when the package index is
    reachable, the available ones; beside them the installed Apertium pairs."""
    from l10n.models import list_models

    result = list_models(timeout)
    if as_json:
        _print_json(result.to_json())
        return
    click.echo(f"installed in {result.folder}:" if result.installed else f"installed: none (in {result.folder})")
    for info in result.installed:
        click.echo(f"  {info.from_code}->{info.to_code}  {info.package_name} {info.version}  {info.path}")
    click.echo("apertium:" if result.apertium else
               "apertium: none (pairs come from Debian: `apt-get install apertium apertium-eng-spa`)")
    for pair in result.apertium:
        click.echo(f"  {pair.source}->{pair.target}  {pair.mode}  {pair.package} {pair.version}")
    if result.available is None:
        click.echo(f"available: unknown ({result.index_error})")
    else:
        click.echo("available:" if result.available else "available: none")
        for info in result.available:
            click.echo(f"  {info.from_code}->{info.to_code}  {info.package_name} {info.version}")


@models.command(name="install", short_help="Install FROM TO from the index, FILE.argosmodel ..., or --needed.")
@click.argument("arguments", nargs=-1, metavar="[FROM TO | FILE.argosmodel ...]")
@click.option("--needed", is_flag=True, help="Every model this workspace needs that is not installed yet.")
@click.option("--timeout", default=30.0, show_default=True, help="Seconds for the whole command.")
@json_option
@click.pass_context
def models_install(ctx: click.Context, arguments: tuple[str, ...], needed: bool, timeout: float, as_json: bool) -> None:
    """Install FROM TO from the package index, one or more local FILE.argosmodel, or
    --needed: every model the workspace needs (body language -> each locale, chrome
    language -> body language; the rest of the chrome goes through the body language)."""
    from l10n import models as op

    if needed:
        if arguments:
            raise UsageError("--needed takes no FROM TO or FILE")
        result = op.install_needed(_config(ctx), timeout)
    else:
        result = op.install(arguments, timeout)
    if as_json:
        _print_json(result.to_json())
        return _finish(result)
    before = dict(result.replaced)
    for info in result.installed:
        click.echo(f"installed {info.package_name} {info.version} ({info.from_code}->{info.to_code}) in {info.path}"
                   + (f", in place of version {before[info.package_name]}" if info.package_name in before else ""))
    for info in result.already if not needed else ():
        click.echo(f"already installed: {info.package_name} {info.version} ({info.from_code}->{info.to_code}) in "
                   f"{info.path}")
        _next("l10n translate; a newer model installs from its file: l10n models install FILE.argosmodel")
    if needed and not result.wanted:
        click.echo("every model this workspace needs is installed"
                   + (f" ({', '.join(result.covered)})" if result.covered else ""))
    _finish(result)


# ---------------------------------------------------------------------------------------
# review

STATE_CHOICES = click.Choice(["machine", "needs_review"])
ORIGIN_CHOICES = click.Choice(["memory", "mt"])
reviewer_option = click.option("--reviewer", metavar="NAME",
                               help="Who is reviewing (default: $L10N_REVIEWER, git's user.name, the OS user).")


def _queue_filters(f: Callable[..., Any]) -> Callable[..., Any]:
    f = click.option("--origin", type=ORIGIN_CHOICES, help="Only drafts from translation memory or from MT.")(f)
    f = click.option("--state", "state_filter", type=STATE_CHOICES, help="Only machine drafts or needs-review entries.")(f)
    f = _one_article_option(f)
    return locale_option(f)


def _one_article(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> str | None:
    if len(set(value)) > 1:  # (click would keep the last one, silently)
        raise click.BadParameter(f"one article at a time (given: {', '.join(value)})")
    return value[0] if value else None


_one_article_option = click.option("--article", metavar="SLUG", multiple=True, callback=_one_article,
                                   help="Only this article's entries.")


def _states(state_filter: str | None) -> tuple[Any, ...]:
    from l10n.states import QUEUE_STATES, State

    return (State(state_filter),) if state_filter else QUEUE_STATES


def _load_queue(config: config_mod.Config, locales: tuple[str, ...], article: str | None,
                state_filter: str | None, origin: str | None) -> tuple[Any, list[Any]]:
    from l10n.review import queue as queue_mod
    from l10n.workspace import selected_locales

    chosen = selected_locales(config, locales)
    workspace = queue_mod.load(config, chosen, article)
    entries = [e for locale in chosen for e in workspace.queue(locale, article, _states(state_filter), origin)]
    return workspace, entries


def _plurals_waiting(workspace: Any, locale: str | None, article: str | None, state_filter: str | None) -> int:
    """The plural entries these filters select that wait for a PO editor (not in the queue)."""
    return len(workspace.plurals_waiting(locale, article, _states(state_filter)))


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: max(1, width - 1)] + "…"


NARROW = 72  # columns: a terminal narrower than this lists an entry on two lines


def _print_queue(config: config_mod.Config, entries: list[Any], chosen: tuple[str, ...], errors: list[L10nError],
                 plurals: Callable[[str], int] = lambda locale: 0) -> None:
    """One line an entry, every line cut to the terminal's width in columns; on a narrow
    terminal (under ``NARROW`` columns) two lines an entry, so that the texts still show."""
    import shutil

    from l10n.review.display import columns, cut, visible, wrap
    from l10n.states import State

    width = max(20, shutil.get_terminal_size((120, 24)).columns)
    for entry in entries:
        where = visible(entry.article or "chrome")
        notes = (["needs review"] if entry.state is State.NEEDS_REVIEW else []) + (
            [f"context: {' '.join(entry.msgctxt.split()) or '(empty)'}"] if entry.msgctxt is not None else [])
        kind = visible(entry.role + (f" ({'; '.join(notes)})" if notes else ""))
        source, candidate = visible(entry.msgid), visible(entry.msgstr or "(empty)")
        fixed = columns(entry.id) + columns(entry.locale) + columns(kind) + 6
        if width < NARROW:  # (the article last: what is cut off first)
            click.echo(cut(f"{entry.id}  {entry.locale}  {kind}  {cut(where, width)}", width, squeeze=False))
            room = width - 5  # ("  " before, " → " between)
            click.echo(f"  {cut(source, room // 2)} → {cut(candidate, room - room // 2)}")
            continue
        # The article's name gets up to 28 columns, less on a narrow terminal (the texts keep 30).
        head = cut(f"{entry.id}  {entry.locale}  {cut(where, max(8, min(28, width - fixed - 36)))}  {kind}",
                   width - 16, squeeze=False)
        room = width - columns(head) - 5  # ("  " after the head, " → " between the texts)
        click.echo(f"{head}  {cut(source, room // 2)} → {cut(candidate, room - room // 2)}")
    for locale in chosen:
        mine = [e for e in entries if e.locale == locale]
        machine = sum(e.state is State.MACHINE for e in mine)
        said = [f"{locale}: {len(mine)} waiting: {machine} machine, {len(mine) - machine} needs review"]
        if plurals(locale):
            said.append(f"{locale}: {_plurals_for_an_editor(plurals(locale))}")
        for line in said:
            click.echo("\n".join(wrap(line, width, "", "  ")))
    for error in errors:
        click.echo(f"l10n: error: {error}", err=True)


@main.group(invoke_without_command=True, short_help="The review queue: list, show, accept, edit, reject, log.")
@_queue_filters
@reviewer_option
@click.pass_context
def review(ctx: click.Context, locales: tuple[str, ...], article: str | None, state_filter: str | None,
           origin: str | None, reviewer: str | None) -> None:
    """The review queue of every locale: each machine draft and needs-review entry, chrome
    first, then articles newest first (headline, teaser, subheadings, paragraphs).

    Without a subcommand, on a terminal: walk the queue one entry a screen (a accept,
    e edit, r reject, s skip, b back, q quit, ? help); each action is saved at once.
    Without a terminal it prints the list.
    """
    if ctx.invoked_subcommand is not None:
        return
    from l10n import quality
    from l10n.review import actions, interactive, seen
    from l10n.review.log import reviewer_name
    from l10n.workspace import selected_locales

    config = _config(ctx)
    workspace, entries = _load_queue(config, locales, article, state_filter, origin)
    chosen = selected_locales(config, locales)
    waiting_plurals = _plurals_waiting(workspace, None, article, state_filter)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        seen.remember(config, entries)
        _print_queue(config, entries, chosen, workspace.errors,
                     lambda locale: _plurals_waiting(workspace, locale, article, state_filter))
        if workspace.errors:  # (as review list: a catalog that does not read is a problem found)
            sys.exit(1)
        return
    unread = [f"l10n: error: {error}" for error in workspace.errors]  # (their entries are not in the queue)
    if not entries:
        click.echo("the review queue is empty" + (f" for {', '.join(locales)}" if locales else "")
                   + (" of the catalogs that read" if unread else ""))
        if waiting_plurals:
            click.echo(_plurals_for_an_editor(waiting_plurals))
        _next("l10n status, l10n build")
        for line in unread:
            click.echo(line, err=True)
        sys.exit(1 if unread else 0)
    who = reviewer_name(reviewer, config.root)
    blockers = quality.blockers(config)

    current = [workspace]

    def perform(request: actions.Request) -> actions.ActionResult:
        result = actions.perform(config, current[0], [request], who, blockers=blockers)
        if any(isinstance(error, actions.Conflict) for error in result.errors):
            # (someone saved a catalog meanwhile: what the session knows of it is read again)
            current[0] = _load_queue(config, locales, article, state_filter, origin)[0]
        else:  # (what this session did is what its next action on the entry expects: b, then a key)
            current[0] = current[0].updated(d.now for d in result.done if d.now is not None)
        return result

    def findings(entry: Any) -> list[str]:
        return [f"{f.severity}: {f.check}: {f.message}" for f in quality.findings(entry, config.glossary)]

    notes = []
    if unread:  # (named again when the session ends)
        shown = unread[:3] + ([f"... and {len(unread) - 3} more"] if len(unread) > 3 else [])
        notes += [f"{plural(len(unread), 'catalog')} cannot be read; {'its' if len(unread) == 1 else 'their'} "
                  "entries are not in this queue:"] + [f"  {line}" for line in shown]
    if waiting_plurals:
        notes.append(f"not in this queue: {_plurals_for_an_editor(waiting_plurals)}")
    notice = "\n".join(notes)
    session = interactive.run(entries, ClickTerminal(), perform, findings, notice)
    if session.interrupted:
        click.echo("interrupted: what was being typed is not saved; every action before it is")
    click.echo(f"\nreviewed as {who}: {session.accepted} accepted, {session.edited} edited, {session.rejected} rejected, "
               f"{session.skipped} skipped" + (f", {session.refused} refused" if session.refused else ""))
    if waiting_plurals:
        click.echo(_plurals_for_an_editor(waiting_plurals))
    _next("l10n review log (what was done), l10n build")
    for line in unread:  # (as review list: a catalog that does not read is a problem found)
        click.echo(line, err=True)
    if unread:
        sys.exit(1)


class ClickTerminal:
    """The interactive review's terminal: single keys, prompts, the user's editor."""

    def __init__(self) -> None:
        self._ahead: list[str] = []  # keys read with an earlier one, not acted on yet

    def key(self) -> str:
        from l10n.review.interactive import split_keys

        if not self._ahead:
            self._ahead = split_keys(_read_terminal())
        return self._ahead.pop(0)

    def drawn(self) -> None:
        """Take what was typed before the screen came up: only keys that move about the
        queue are kept (a key that acts was meant for an earlier screen)."""
        from l10n.review.interactive import split_keys

        pending = _read_terminal(wait=False)
        if pending:
            self._ahead += split_keys(pending, first_acts=False)

    def settle(self) -> None:
        """Forget the keys typed ahead, those read and those the terminal still holds: after
        an action they were typed for the screen before (a double-tapped ``a`` must not
        approve the next entry unseen); before a line prompt they are not the line."""
        self._ahead.clear()
        try:
            import termios
        except ImportError:
            return
        try:
            termios.tcflush(sys.stdin.fileno(), termios.TCIFLUSH)
        except (termios.error, OSError, ValueError):  # (no terminal to flush)
            pass

    def show(self, text: str = "") -> None:
        click.echo(text)

    def clear(self) -> None:
        click.clear()

    def ask(self, prompt: str, default: str = "") -> str | None:
        self.settle()
        click.echo(f"{prompt}: ", nl=False)
        try:
            line = _read_line()
        except KeyboardInterrupt:
            click.echo()  # (past the ^C the terminal shows)
            raise
        if line is None:
            click.echo()  # (Ctrl+D leaves the cursor on the prompt's line)
            return None
        return line or default

    def page(self, text: str) -> None:
        self.settle()
        click.echo_via_pager(text)

    def edit(self, text: str) -> str | None:
        self.settle()
        if os.environ.get("VISUAL") or os.environ.get("EDITOR"):
            try:
                edited = _in_editor(text)
            except L10nError as exc:  # (the line prompt instead)
                click.echo(f"{exc}; type it here instead")
                return self._prompted(text)
            return None if edited is None else edited.rstrip("\n")
        return self._prompted(text)

    def _prompted(self, text: str) -> str | None:
        """The new translation typed at the prompt: one line, or for a text of several
        lines (a table) as many lines, ended by an empty one (none typed: the text kept)."""
        if "\n" not in text:
            return self.ask("new translation", default=text)
        count = text.count("\n") + 1
        typed: list[str] = []
        while True:
            line = self.ask(f"new translation, line {len(typed) + 1} of {count} (an empty line ends it)"
                            if len(typed) < count else "one more line (an empty line ends it)")
            if line is None:
                return None
            if not line:
                return "\n".join(typed) if typed else text
            typed.append(line)


def _read_line() -> str | None:
    """One line typed at a prompt, with the terminal's own line editing (Backspace, Ctrl+U,
    Ctrl+W); None when it was ended with Ctrl+D rather than Enter. (Python's ``input``
    takes a Ctrl+D after some text for a line end and cuts the last character off, and a
    Ctrl+D on an empty line needed two more: read raw from the terminal instead, where a
    read that ends without a line end is Ctrl+D's.)"""
    try:
        fd = sys.stdin.fileno()
    except (AttributeError, ValueError, OSError):
        fd = -1
    if fd < 0 or not os.isatty(fd):
        line = sys.stdin.readline()
        return line[:-1] if line.endswith("\n") else None
    data = os.read(fd, 1 << 16)  # (a terminal gives one line a read, at most 4096 bytes)
    if not data.endswith(b"\n"):
        return None  # Ctrl+D on an empty line (no bytes), or after some text (no line end)
    return data[:-1].decode(sys.stdin.encoding or "utf-8", "replace").rstrip("\r")


def _read_terminal(wait: bool = True) -> str:
    """What the terminal has for us, read raw: one key, or several typed in a burst;
    without ``wait``, only what is there already ("" for nothing). (click.getchar sets
    raw mode with TCSAFLUSH, which throws away the keys typed while the screen was being
    drawn; here they are kept, for the caller to judge.)"""
    try:
        import select
        import termios
        import tty
    except ImportError:  # (no termios: click's own)
        return click.getchar() if wait else ""
    fd = sys.stdin.fileno()
    try:
        before = termios.tcgetattr(fd)
    except termios.error:
        return click.getchar() if wait else ""
    data = b""
    try:
        tty.setraw(fd, termios.TCSANOW)
        if wait:
            data = os.read(fd, 1024)
        else:
            while select.select([fd], [], [], 0)[0]:
                chunk = os.read(fd, 1024)
                if not chunk:
                    break
                data += chunk
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, before)
    return data.decode(sys.stdin.encoding or "utf-8", "replace")


def _in_editor(text: str) -> str | None:
    """``text`` edited in $VISUAL or $EDITOR (None: not saved). One line, not click's
    ``Error:``, when the editor fails; with none set and no terminal to start one on, a
    usage error (a command run by a script gives the text with --text)."""
    if not (os.environ.get("VISUAL") or os.environ.get("EDITOR")) and not sys.stdin.isatty():
        raise UsageError("no editor to open: give the translation with --text (or set $EDITOR)")
    try:
        return click.edit(text, require_save=True)
    except click.ClickException as exc:
        raise L10nError(f"the editor failed ({exc.format_message()}); nothing saved: give the translation with "
                        "--text, or set $EDITOR to an editor that works") from None


@review.command(name="list", short_help="The queue, one line an entry, with totals per locale.")
@_queue_filters
@json_option
@click.pass_context
def review_list(ctx: click.Context, locales: tuple[str, ...], article: str | None, state_filter: str | None,
                origin: str | None, as_json: bool) -> None:
    """The review queue: one line an entry (ID, locale, article, role, source → candidate)
    and the number waiting per locale."""
    from l10n import quality
    from l10n.review import seen
    from l10n.workspace import selected_locales

    config = _config(ctx)
    workspace, entries = _load_queue(config, locales, article, state_filter, origin)
    seen.remember(config, entries)
    if as_json:
        _print_json([{**e.to_json(), "findings": [f.__dict__ for f in quality.findings(e, config.glossary)]}
                     for e in entries])
        for error in workspace.errors:
            click.echo(f"l10n: error: {error}", err=True)
        if workspace.errors:
            sys.exit(1)
        return
    _print_queue(config, entries, selected_locales(config, locales), workspace.errors,
                 lambda locale: _plurals_waiting(workspace, locale, article, state_filter))
    if entries:
        _next(f"l10n review show {entries[0].id}, l10n review accept ID..., or l10n review"
              + "".join(f" -l {loc}" for loc in locales) + " (one entry a screen)")
    if workspace.errors:
        sys.exit(1)


@review.command(name="show", short_help="Everything about one entry.")
@click.argument("entry_id", metavar="ID")
@json_option
@click.pass_context
def review_show(ctx: click.Context, entry_id: str, as_json: bool) -> None:
    """Everything about one entry: article, role, references with the article's lines,
    source, candidate, origin, flags, findings, and the previous source with a word diff."""
    from l10n import quality
    from l10n.review import queue as queue_mod
    from l10n.review import seen
    from l10n.review.diff import as_text, word_diff
    from l10n.review.display import visible

    config = _config(ctx)
    workspace = queue_mod.load(config)
    entry = workspace.find(entry_id)
    if entry is None:
        raise L10nError(f"{entry_id}: no such entry (unknown ID, or its source text changed; run l10n review list)")
    seen.remember(config, [entry])
    found = quality.findings(entry, config.glossary)
    lines = _reference_lines(config, entry.references)
    if as_json:
        _print_json({**entry.to_json(), "findings": [f.__dict__ for f in found],
                     "diff": as_text(word_diff(entry.previous_msgid, entry.msgid)) if entry.previous_msgid else None,
                     "lines": [{"reference": ref, "text": text} for ref, text in lines]})
        return
    def say(line: str) -> None:  # (a bidi override or an escape character shown, not obeyed)
        click.echo(visible(line))

    say(f"{entry.id}  {entry.locale}  {config.shown(entry.catalog)}")
    say(f"article:    {entry.article or '(site chrome)'}" + (f", published {entry.date}" if entry.date else ""))
    say(f"role:       {entry.role}")
    say(f"state:      {entry.state.value}")
    for ref, text in lines:
        say(f"reference:  {ref}: {_cut(text, 100)}")
    if entry.msgctxt is not None:
        say(f"context:    {entry.msgctxt}")
    say(f"source:     {entry.msgid}")
    if entry.previous_msgid is not None:
        say(f"previous:   {entry.previous_msgid}")
        say(f"word diff:  {as_text(word_diff(entry.previous_msgid, entry.msgid))}")
    say(f"candidate:  {entry.msgstr or '(empty)'}")
    say(f"origin:     {entry.provenance}")
    say(f"flags:      {', '.join(entry.flags) or 'none'}")
    if entry.rejected:
        say(f"rejected:   {entry.rejected}")
    say("findings:   " + ("none" if not found else ""))
    for f in found:
        say(f"  {f.severity}: {f.check}: {f.message}")
    _next(f"l10n review accept {entry.id} / edit {entry.id} --text TEXT / reject {entry.id} --reason TEXT")


def _reference_lines(config: config_mod.Config, references: tuple[str, ...]) -> list[tuple[str, str]]:
    """Each ``file:line`` reference with that line of the article (when it can be read)."""
    out = []
    cache: dict[str, list[str]] = {}
    for ref in references:
        name, _, number = ref.rpartition(":")
        text = ""
        if number.isdigit() and name:
            path = config.root / name
            if name not in cache:
                try:
                    cache[name] = path.read_text(encoding="utf-8").split("\n") if config.inside(path) else []
                except (OSError, UnicodeDecodeError):
                    cache[name] = []
            lines = cache[name]
            if 0 < int(number) <= len(lines):
                text = lines[int(number) - 1].strip()
        out.append((ref, text))
    return out


def _act(ctx: click.Context, requests: list[Any], reviewer: str | None, force: bool, as_json: bool,
         workspace: Any = None) -> None:
    from l10n import quality
    from l10n.review import actions, seen
    from l10n.review import queue as queue_mod
    from l10n.review.log import reviewer_name

    config = _config(ctx)
    workspace = workspace or queue_mod.load(config)
    remembered = seen.read(config)
    # What the reviewer was shown (by list or show) is what the file must still hold.
    planned = []
    for request in requests:
        try:
            entry = workspace.find(request.id)
        except L10nError:  # (not an ID, or an ambiguous one: perform says so; the others are done)
            entry = None
        shown = remembered.get(entry.key) if entry is not None and request.expected is None else None
        expected = shown[0] if shown is not None else request.expected
        planned.append(actions.Request(request.id, request.action, request.text, request.reason, expected,
                                       expected_state=shown[1] if shown is not None else None))
    who = reviewer_name(reviewer, config.root)
    blockers = quality.blockers(config)
    result = actions.perform(config, workspace, planned, who, force=force, blockers=blockers)
    seen.forget(config, [d.entry.key for d in result.done])
    # A translator's text a refusal just showed is what the reviewer has now seen.
    seen.remember(config, [e.entry for e in result.errors if isinstance(e, actions.Conflict)])
    # An edit is the reviewer's own text, saved as typed; an error a check finds in it is
    # said (a build withholds such a translation), as accept refuses a draft with one.
    warnings = [f"{done.entry.id}: saved, but {'; '.join(found)}: a build withholds it until it is fixed "
                f"(l10n review edit {done.entry.id})"
                for done in result.done if done.action == "edit"
                for found in [list(blockers(actions.updated_entry(done.entry, done.after, done.action)))] if found]
    if as_json:
        data = result.to_json()
        data["warnings"] = warnings
        _print_json(data)
        return _finish(result)
    for warning in warnings:
        _warn(warning)
    verbs = {"accept": "accepted", "edit": "edited", "reject": "rejected"}
    for done in result.done:
        click.echo(f"{verbs[done.action]} {done.entry.id} ({done.entry.locale}, {done.entry.article or 'chrome'}, "
                   f"{done.entry.role}) as {who}")
    click.echo(f"{plural(len(result.done), 'entry', 'entries')} saved"
               + (f", {len(result.errors)} refused" if result.errors else ""))
    if result.done:
        _next("l10n review list (what still waits), l10n review log")
    _finish(result)


@review.command(name="accept", short_help="Approve entries as they are.")
@click.argument("entry_ids", nargs=-1, metavar="ID...")
@click.option("--all", "accept_all", is_flag=True,
              help="Every machine draft of the queue the filters select; needs-review entries (a changed source, "
                   "or a text a person changed) only with --state needs_review.")
@_queue_filters
@click.option("--force", is_flag=True, help="Accept even a draft with a check finding of severity error.")
@reviewer_option
@json_option
@click.pass_context
def review_accept(ctx: click.Context, entry_ids: tuple[str, ...], accept_all: bool, locales: tuple[str, ...],
                  article: str | None, state_filter: str | None, origin: str | None, force: bool,
                  reviewer: str | None, as_json: bool) -> None:
    """Approve entries as they are: fuzzy cleared, the previous source dropped, the origin
    comment kept as history. With --all, every machine draft of the queue the filters
    select; a needs-review entry (its source changed, or a person changed the draft's text
    and left it fuzzy) only when --state needs_review asks for them."""
    from l10n.review import actions
    from l10n.states import State

    if accept_all == bool(entry_ids):
        raise UsageError("give entry IDs, or --all with filters (-l, --article, --state, --origin)")
    if not accept_all and (locales or article or state_filter or origin):
        raise UsageError("-l, --article, --state and --origin select entries for --all; with IDs, give only the IDs")
    workspace = None
    if accept_all:
        workspace, selected = _load_queue(_config(ctx), locales, article, state_filter, origin)
        for error in workspace.errors:  # (the entries of a catalog that does not read are not among them)
            click.echo(f"l10n: error: {error}", err=True)
        # A bulk accept approves what nobody looked at: without --state, the machine drafts
        # alone. A needs-review entry (a translation of an old source, or a person's text in
        # progress) is approved unseen only when asked for by its state.
        entries = [e for e in selected if state_filter or e.state is State.MACHINE]
        left = len(selected) - len(entries)
        requests = [actions.Request(e.id, "accept", expected=e.msgstr) for e in entries]
        if not requests:
            click.echo("nothing to accept: the queue the filters select is empty" if not left else
                       "nothing to accept: no machine draft among the entries the filters select")
        if left:  # (with --json on stderr: the output stays one JSON document)
            said = (f"left for a look: {plural(left, 'needs-review entry', 'needs-review entries')} (a changed "
                    "source, or a text a person changed): l10n review show ID, or accept them with --all "
                    "--state needs_review")
            if as_json:
                _warn(said)
            else:
                click.echo(said)
    else:
        requests = [actions.Request(i, "accept") for i in entry_ids]
    if requests:
        _act(ctx, requests, reviewer, force, as_json, workspace)
    if workspace is not None and workspace.errors:
        sys.exit(1)


@review.command(name="edit", short_help="A new translation for one entry, approved.")
@click.argument("entry_id", metavar="ID")
@click.option("--text", help="The new translation (default: open $VISUAL/$EDITOR on the candidate).")
@reviewer_option
@json_option
@click.pass_context
def review_edit(ctx: click.Context, entry_id: str, text: str | None, reviewer: str | None, as_json: bool) -> None:
    """A new translation for one entry, approved. Without --text it opens $VISUAL or
    $EDITOR on the candidate; an unchanged or empty result changes nothing."""
    from l10n.review import actions
    from l10n.review import queue as queue_mod

    if text is None:
        workspace = queue_mod.load(_config(ctx))
        entry = workspace.find(entry_id)
        if entry is None:
            raise L10nError(f"{entry_id}: no such entry (unknown ID, or its source text changed; run l10n review list)")
        edited = _in_editor(entry.msgstr)
        if edited is None or not edited.strip() or edited.rstrip("\n") == entry.msgstr:
            click.echo("unchanged: nothing saved")
            return
        return _act(ctx, [actions.Request(entry_id, "edit", text=edited.rstrip("\n"))], reviewer, False, as_json,
                    workspace)
    if not text.strip():
        raise UsageError("--text: the new translation must not be empty (to remove a translation, reject it)")
    _act(ctx, [actions.Request(entry_id, "edit", text=text)], reviewer, False, as_json)


@review.command(name="reject", short_help="Remove translations; machine translation leaves them alone.")
@click.argument("entry_ids", nargs=-1, required=True, metavar="ID...")
@click.option("--reason", help="Why (goes into the catalog comment and the audit log).")
@reviewer_option
@json_option
@click.pass_context
def review_reject(ctx: click.Context, entry_ids: tuple[str, ...], reason: str | None, reviewer: str | None,
                  as_json: bool) -> None:
    """Remove the translations of entries and mark them rejected (date, reviewer, reason);
    l10n translate leaves them alone until l10n translate --retry-rejected."""
    from l10n.review import actions

    _act(ctx, [actions.Request(i, "reject", reason=reason) for i in entry_ids], reviewer, False, as_json)


@review.command(name="log", short_help="The audit log: who accepted, edited or rejected what, when.")
@locale_option
@json_option
@click.pass_context
def review_log(ctx: click.Context, locales: tuple[str, ...], as_json: bool) -> None:
    """The audit log (locales/LOCALE/review.jsonl): every review action, oldest first."""
    from l10n.review import log
    from l10n.review.display import visible
    from l10n.workspace import selected_locales

    config = _config(ctx)
    records = log.read(config, selected_locales(config, locales))
    if as_json:
        _print_json([r.to_json() for r in records])
        return
    for r in records:
        what = f"{r.action} {r.id} ({r.locale}, {r.catalog})"
        detail = f": {_cut(r.before, 40)!r} -> {_cut(r.after, 40)!r}" if r.action == "edit" else (
            f": {r.reason}" if r.reason else "")
        click.echo(visible(f"{r.time}  {r.reviewer}  {what}{detail}"))  # (a name or reason written by hand)
    click.echo(f"{plural(len(records), 'action')}")


# ---------------------------------------------------------------------------------------
# check


@main.command(short_help="Quality checks on translations (numbers, placeholders, markup, ...).")
@locale_option
@_one_article_option
@click.option("--strict", is_flag=True, help="Exit 1 when any finding of severity error is found.")
@json_option
@click.pass_context
def check(ctx: click.Context, locales: tuple[str, ...], article: str | None, strict: bool, as_json: bool) -> None:
    """Quality checks over approved and machine entries: number, placeholder, glossary,
    markup, social, emoji, repetition, untranslated, whitespace, length, invisible,
    punctuation, brackets, mt-flag.
    Each finding has a severity (error or warning). A translator silences a check for one
    entry with the flag ignore-CHECK on it (#, ignore-number)."""
    from l10n import quality

    config = _config(ctx)
    result = quality.run(config, locales, article, strict)
    if as_json:
        _print_json(result.to_json())
        return _finish(result)
    for item in result.findings:
        e, f = item.entry, item.finding
        click.echo(f"{f.severity}: {e.id} {e.locale} {e.article or 'chrome'}: {f.check}: {f.message}")
    warnings = len(result.findings) - result.error_count
    click.echo(f"{plural(result.checked, 'translation')} checked: {plural(result.error_count, 'error')}, "
               f"{plural(warnings, 'warning')}")
    if result.findings:
        _next("l10n review show ID (the entry), l10n review edit ID --text TEXT")
    elif result.errors:
        pass  # (the catalogs that do not read are named below: fixing them comes first)
    elif not result.checked:
        from l10n.workspace import existing_catalogs, selected_locales

        if existing_catalogs(config, selected_locales(config, locales), []):
            _next("l10n translate, then l10n review (nothing translated to check yet)")
        else:
            _next("l10n extract, then l10n update (no catalogs yet)")
    else:
        _next("l10n build")
    _finish(result)


# ---------------------------------------------------------------------------------------
# serve


@main.command(short_help="The review desk in a browser: local, over the same .po files.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but this machine's loopback lets others reach the desk.")
@click.option("--port", default=8400, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0: any free one).")
@reviewer_option
@click.option("--open", "open_browser", is_flag=True, help="Open the desk in the default browser.")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, reviewer: str | None, open_browser: bool) -> None:
    """The review queue in a browser, for translators without a PO editor: the dashboard,
    the queue of each locale, one entry a page with its checks and translation-memory
    suggestions, and a preview of each article. Every action is written at once into the
    .po files and the review log, as l10n review does.

    It prints an address with a session token: only a browser that opened it can use the
    desk. Ctrl+C stops it.
    """
    import webbrowser

    from l10n import interrupts
    from l10n.review.log import reviewer_name
    from l10n.serve import server

    config = _config(ctx)
    who = reviewer_name(reviewer, config.root)
    desk = server.start(config, host, port, who)
    if not desk.local:
        _warn(f"listening on {host}: anyone who can reach this machine and has the address below can change "
              "the catalogs, and nothing is encrypted; use --host 127.0.0.1 unless you mean it")
    click.echo(f"the review desk of {config.root} is at {desk.url}")
    click.echo(f"reviewing as {who} (each browser can change its name); Ctrl+C stops it")
    if open_browser:
        webbrowser.open(desk.url)
    try:
        with interrupts.stopped_by_signals() as stop:
            desk.run(stop)
    except KeyboardInterrupt:
        pass
    finally:
        desk.close()
    click.echo("stopped")


# ---------------------------------------------------------------------------------------
# server


@main.group(short_help="The workspace's build server: status, stop.")
def server() -> None:
    """The build server: a process that imported what a build runs, so that each `l10n build`
    starts in a moment (the first build of a workspace starts it; it stops after 30 minutes
    without a build, L10N_BUILD_SERVER_IDLE seconds). Each build still runs in a process of
    its own, forked from the server, with this command's arguments, environment, folder and
    terminal. L10N_BUILD_SERVER=off builds without it (so does a CI variable, unless
    L10N_BUILD_SERVER=on)."""


@server.command(name="status")
@json_option
@click.pass_context
def server_status(ctx: click.Context, as_json: bool) -> None:
    """Whether the workspace's build server is up."""
    from l10n import launch

    config = _config(ctx)
    answer = launch.request(str(config.root), "ping")
    pid = int(answer.split()[1]) if answer and answer.startswith("pong ") else None
    if as_json:
        address = launch.socket_path(str(config.root))
        _print_json({"running": pid is not None, "pid": pid, "address": "@" + address[1:] if address else None,
                     "enabled": launch.switch(os.environ) != "off",
                     "starting": pid is None and launch.starting(str(config.root))})
        return
    if pid is None and launch.starting(str(config.root)):
        click.echo("a build server is starting for this workspace (builds use it once it answers)")
    elif pid is None:
        why = ("; the next `l10n build` starts one" if launch.autostarts(os.environ) else
               " (L10N_BUILD_SERVER=off: builds run without one)" if launch.switch(os.environ) == "off" else
               " (under CI builds run without one, unless L10N_BUILD_SERVER=on)")
        click.echo(f"no build server is up for this workspace{why}")
    else:
        click.echo(f"the build server is up (process {pid}); `l10n server stop` stops it")


@server.command(name="stop")
@json_option
@click.pass_context
def server_stop(ctx: click.Context, as_json: bool) -> None:
    """Stop the workspace's build server (the next build starts a new one)."""
    from l10n import launch

    config = _config(ctx)
    answer = launch.request(str(config.root), "stop")
    stopped = answer in ("stopping", "no stale")  # (one of l10n's older code stops when asked anything)
    if as_json:
        _print_json({"stopped": stopped})
        return
    click.echo("the build server stopped" if stopped else "no build server was up for this workspace")
