"""``l10n translate``: fill untranslated entries, from translation memory, then by MT.

Every filled entry is fuzzy (a draft for review) and carries an ``l10n-origin`` comment:
the engine, model and version, and the date; or the catalog the memory came from. Never
touched: approved entries, entries with any translation (a human's), fuzzy entries, and
entries a reviewer rejected. All pending texts of one language pair go to the engine in
one call, so it can batch them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from l10n import fsio
from l10n.catalogs import store
from l10n.catalogs.model import Catalog, Message
from l10n.config import Config
from l10n.errors import CatalogError, EngineFailed, InputError, L10nError, MissingModelError, ONE_CATALOG, UsageError, exit_code
from l10n.mt.engine import FLAG_EMPTY_OUTPUT, Engine, Progress, Translation, merge_flags
from l10n.states import (
    FLAG,
    ORIGIN,
    REJECTED,
    State,
    fillable,
    origin_value,
    remove_marker,
    set_marker,
    state,
    touch_revision,
)
from l10n.workspace import CatalogRef, Refused, existing_catalogs, model_uses, selected_locales, source_language

Pair = tuple[str, str]


@dataclass(frozen=True)
class Fill:
    msgid: str
    msgctxt: str | None
    text: str
    origin: str
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class CatalogFilled:
    locale: str
    catalog: str
    memory: int
    machine: int
    flagged: int
    empty: int  # machine output was empty: the source is the draft, flagged empty-output
    written: bool


@dataclass(frozen=True)
class MissingPair:
    source: str
    target: str
    message: str
    failed: bool = False  # its engine is there and failed (EngineFailed): the message says what to do
    failed_on: tuple[str, str] | None = None  # the pair it failed on (a leg of the route to this one)


@dataclass(frozen=True)
class MissingModel:
    """A direct model that would translate pairs that were missing (with the pivot rule:
    chrome goes through the body language), or an engine that failed on a pair."""

    source: str
    target: str
    message: str
    failed: bool = False  # the pair's engine is there and failed: nothing to install


@dataclass(frozen=True)
class TranslateResult:
    catalogs: tuple[CatalogFilled, ...]
    missing: tuple[MissingPair, ...]
    errors: tuple[L10nError, ...] = ()  # broken catalogs: reported, left alone
    missing_models: tuple[MissingModel, ...] = ()

    @property
    def drafts(self) -> int:
        return sum(c.memory + c.machine for c in self.catalogs)

    @property
    def flagged(self) -> int:
        return sum(c.flagged for c in self.catalogs)

    @property
    def exit_code(self) -> int:
        problems: list[L10nError] = list(self.errors)
        problems += [MissingModelError(m.message) for m in self.missing]
        return exit_code(problems, done_any=bool(self.catalogs))

    def to_json(self) -> dict[str, object]:
        return {
            "catalogs": [c.__dict__ for c in self.catalogs],
            "missing": [m.__dict__ for m in self.missing],
            "missing_models": [m.__dict__ for m in self.missing_models],
            "errors": [str(e) for e in self.errors],
        }


@dataclass
class _Pending:
    ref: CatalogRef
    shown: str
    source: str
    fills: list[Fill] = field(default_factory=list)
    todo: list[Message] = field(default_factory=list)
    empty: int = 0


def memory_of(catalogs: Iterable[tuple[str, str, Catalog]]) -> dict[tuple[str, str], tuple[str, str]]:
    """(source language, msgid) -> (approved translation, catalog it is in)."""
    memory: dict[tuple[str, str], tuple[str, str]] = {}
    for shown, source, catalog in catalogs:
        for message in catalog.active:
            if state(message) is State.APPROVED and not message.pluralizable and message.msgctxt is None:
                memory.setdefault((source, message.msgid), (message.msgstr, shown))
    return memory


def apply(catalog: Catalog, fills: Iterable[Fill], retry_rejected: bool = False) -> list[Fill]:
    """Put ``fills`` into the entries that are still fillable (the file may have moved on
    since it was read); returns the fills that went in."""
    index = catalog.index()
    applied = []
    for fill in fills:
        message = index.get((fill.msgctxt, fill.msgid))
        if message is None or not fillable(message, retry_rejected):
            continue
        message.msgstr = fill.text
        message.fuzzy = True
        remove_marker(message, REJECTED)
        set_marker(message, ORIGIN, fill.origin)
        if fill.flags:
            set_marker(message, FLAG, ", ".join(fill.flags))
        else:
            remove_marker(message, FLAG)
        applied.append(fill)
    return applied


# Pending texts of one pair go to the engine in chunks of about this many, and the catalogs
# of a chunk are written as soon as it is done: a long run shows its progress in the files,
# and a run killed half way keeps what it finished.
CHUNK_TEXTS = 2000
# With --ray, this many a CPU of the cluster (at least CHUNK_TEXTS): enough batches to keep
# every actor busy, and no more than that is done again after a run is killed.
CLUSTER_TEXTS_PER_CPU = 250
ChunkSize = int | Callable[[], int]  # texts a chunk, or what works it out once there is work


def run(
    config: Config,
    engine: Engine,
    locales: Iterable[str] = (),
    article: str | Iterable[str] | None = None,
    today: dt.date | None = None,
    progress: Callable[[str, str], Progress | None] | None = None,
    on_catalog: Callable[[CatalogFilled], None] | None = None,
    retry_rejected: bool = False,
    now: dt.datetime | None = None,
    chunk_texts: ChunkSize = CHUNK_TEXTS,
) -> TranslateResult:
    """Fill every fillable entry of the chosen catalogs. ``progress(source, target)`` may
    return a callback for the engine's progress on that pair; ``on_catalog`` hears of each
    catalog as it is written (or found with nothing to do). ``chunk_texts``: how many texts go
    to the engine at a time (a cluster wants larger chunks to keep every worker busy)."""
    stamp = now or dt.datetime.now(dt.timezone.utc)
    date = (today or stamp.date()).isoformat()
    chosen = selected_locales(config, locales)
    outside: Refused = []  # (catalogs linked out of the workspace: named, never read, the others go on)
    every = existing_catalogs(config, chosen, outside)
    if not every and not outside:
        raise InputError("no catalogs yet: run l10n update first")
    refs = every
    errors: list[L10nError] = [error for _, error in outside]
    if article is not None:  # (one slug, or several)
        wanted = [article] if isinstance(article, str) else list(dict.fromkeys(article))
        for slug in wanted:
            if not any(r.domain == f"articles/{slug}" for r in [*every, *(r for r, _ in outside)]):
                raise UsageError(f"--article {slug}: no catalog for that article "
                                 f"(see {config.shown(config.templates_path / 'articles')})")
        domains = {f"articles/{slug}" for slug in wanted}
        refs = [r for r in every if r.domain in domains]
        errors = [error for ref, error in outside if ref.domain in domains]

    loaded: dict[Path, Catalog] = {}
    for ref in every:
        try:
            loaded[ref.path] = store.read(ref.path, config.shown(ref.path))
        except ONE_CATALOG as exc:
            if ref in refs:
                errors.append(exc)
    pending: list[_Pending] = []
    for locale in chosen:
        memory = memory_of(
            (config.relative(r.path), source_language(config, r.domain), loaded[r.path])
            for r in every if r.locale == locale and r.path in loaded
        )
        for ref in (r for r in refs if r.locale == locale and r.path in loaded):
            item = _Pending(ref, config.relative(ref.path), source_language(config, ref.domain))
            for message in loaded[ref.path].active:
                if not fillable(message, retry_rejected):
                    continue
                # Memory is by text alone: an entry with a context is translated for it.
                remembered = None if message.msgctxt is not None else memory.get((item.source, message.msgid))
                if remembered is not None and remembered[1] != item.shown:
                    item.fills.append(Fill(message.msgid, message.msgctxt, remembered[0],
                                           origin_value(f"tm {remembered[1]}", date, message.msgid, remembered[0])))
                else:
                    item.todo.append(message)
            pending.append(item)

    results: list[CatalogFilled] = []
    unreported: list[CatalogFilled] = []

    def write(item: _Pending) -> None:
        try:
            filled = _write(config, item, retry_rejected, stamp)
        except ONE_CATALOG as exc:  # (saved broken meanwhile, or not ours to write: the others go on)
            errors.append(exc)
            return
        if filled is not None:
            results.append(filled)
            unreported.append(filled)
        else:
            errors.append(CatalogError(item.shown, 0, "removed while l10n translated it; run l10n update"))

    @contextlib.contextmanager
    def batch() -> Iterator[None]:
        """``fsio.batch``, where a catalog a translator saved broken while the batch ran is
        reported and left as they saved it; the batch's other catalogs are in place."""
        try:
            with fsio.batch():
                yield
        except fsio.PartlyWritten as exc:
            errors.extend(error for _, error in exc.failures)
            failed = {config.relative(path) for path, _ in exc.failures}
            results[:] = [r for r in results if r.catalog not in failed]
            unreported[:] = [r for r in unreported if r.catalog not in failed]

    def report_written() -> None:
        """``on_catalog`` for each catalog written since, now in place (called after each
        batch: one that fails reports none, even one whose renames failed half-way)."""
        if on_catalog is not None:
            for filled in unreported:
                on_catalog(filled)
        unreported.clear()

    missing: dict[Pair, MissingPair] = {}
    by_pair: dict[Pair, list[_Pending]] = {}
    with fsio.workspace_lock(config.locales_path):
        for folder in sorted({item.ref.path.parent for item in pending}):
            fsio.sweep(folder)
        with batch():
            for item in pending:
                if item.todo:
                    by_pair.setdefault((item.source, item.ref.locale), []).append(item)
                else:
                    write(item)  # memory alone, or nothing to do
        report_written()
        size = (chunk_texts() if callable(chunk_texts) else chunk_texts) if by_pair else CHUNK_TEXTS
        for (source, target), items in sorted(by_pair.items()):
            report = progress(source, target) if progress else None
            total = len({m.msgid for item in items for m in item.todo})
            done_before = 0
            written = 0  # items of the chunks done
            for chunk in _chunks(items, size):
                texts = list(dict.fromkeys(m.msgid for item in chunk for m in item.todo))

                def advance(done: int, _total: int, offset: int = done_before) -> None:
                    if report is not None:
                        report(min(offset + done, total), total)

                try:
                    translations = engine.translate(texts, source, target, advance)
                except MissingModelError as exc:
                    failed_on = ((exc.pair or (source, target)) if isinstance(exc, EngineFailed) else None)
                    missing[(source, target)] = MissingPair(source=source, target=target, message=str(exc),
                                                            failed=failed_on is not None, failed_on=failed_on)
                    for item in items[written:]:  # the memory fills still go in (the chunks done are in)
                        item.todo = []
                        write(item)
                    report_written()
                    break
                done_before += len(texts)
                finished: dict[str, Translation] = dict(zip(texts, translations, strict=True))
                with batch():  # the chunk's catalogs are made durable together
                    for item in chunk:
                        _add_drafts(item, finished, date)
                        write(item)
                report_written()
                written += len(chunk)
    # (an engine that failed for the chrome's pivot and for the bodies fails once: said once)
    failed: list[MissingPair] = []
    for pair in missing.values():
        if pair.failed and all(f.message != pair.message for f in failed):
            failed.append(pair)
    return TranslateResult(tuple(results), tuple(missing.values()), tuple(errors),
                           tuple(MissingModel(*(m.failed_on or (m.source, m.target)), m.message, True) for m in failed)
                           + missing_models(config, engine, [pair for pair, m in missing.items() if not m.failed],
                                            chosen))


def missing_models(config: Config, engine: Engine, missing: Iterable[Pair],
                   locales: Iterable[str] | None = None) -> tuple[MissingModel, ...]:
    """The direct models that would translate the ``missing`` pairs: a chrome pair goes
    through the body language (its legs the engine lacks), a body pair needs itself."""
    from l10n.mt.choose import model_hint

    have = set(engine.pairs())
    wanted: list[Pair] = []
    for source, target in sorted(missing):
        if source == config.chrome_language and config.body_language not in (source, target):
            legs = [(source, config.body_language), (config.body_language, target)]
            wanted += [leg for leg in legs if leg not in have]
        else:
            wanted.append((source, target))
    uses = model_uses(config, locales)
    return tuple(
        MissingModel(a, b, f"no translation model for {a}->{b}"
                           + (f" (needed for {uses[(a, b)]})" if (a, b) in uses else "")
                           + f"; install one with {model_hint(a, b, config.mt.engine_for(a, b))}")
        for a, b in dict.fromkeys(wanted))


def _chunks(items: list[_Pending], size: int = CHUNK_TEXTS) -> Iterator[list[_Pending]]:
    """Whole catalogs, grouped until a group holds about ``size`` distinct texts."""
    chunk: list[_Pending] = []
    texts: set[str] = set()
    for item in items:
        chunk.append(item)
        texts.update(m.msgid for m in item.todo)
        if len(texts) >= size:
            yield chunk
            chunk, texts = [], set()
    if chunk:
        yield chunk


def _add_drafts(item: _Pending, done: dict[str, Translation], date: str) -> None:
    for message in item.todo:
        t = done[message.msgid]
        text, flags = t.text, t.flags
        if not text.strip():
            # The model gave nothing: the draft is the source, flagged, so the entry
            # reaches a reviewer instead of looking untouched.
            text, flags = message.msgid, merge_flags(flags, (FLAG_EMPTY_OUTPUT,))
            item.empty += 1
        item.fills.append(Fill(message.msgid, message.msgctxt, text, origin_value(t.origin, date, message.msgid, text), flags))
    item.todo = []


def _write(config: Config, item: _Pending, retry_rejected: bool, stamp: dt.datetime) -> CatalogFilled | None:
    """Write one catalog's fills through the safe-write path; None if the file is gone."""
    fills: list[Fill] = []
    gone = False

    def change(catalog: Catalog | None) -> Catalog | None:
        nonlocal gone
        if catalog is None:
            gone = True
            return None
        fills[:] = apply(catalog, item.fills, retry_rejected)
        if fills:
            touch_revision(catalog, stamp)
        return catalog

    written = bool(item.fills) and store.modify(item.ref.path, change, config.locales_path, config.shown(item.ref.path))
    if gone:
        return None
    return CatalogFilled(
        locale=item.ref.locale,
        catalog=item.shown,
        memory=sum(f.origin.startswith("tm ") for f in fills),
        machine=sum(not f.origin.startswith("tm ") for f in fills),
        flagged=sum(bool(f.flags) for f in fills),
        empty=item.empty,
        written=written,
    )
