"""``l10n translate``: fill untranslated entries, from translation memory, then by MT.

Every filled entry is fuzzy (a draft for review) and carries an ``l10n-origin`` comment:
the engine, model and version, and the date; or the catalog the memory came from. Never
touched: approved entries, entries with any translation (a human's), fuzzy entries, and
entries a reviewer rejected. All pending texts of one language pair go to the engine in
one call, so it can batch them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from l10n.catalogs import store
from l10n.catalogs.model import Catalog, Message
from l10n.config import Config
from l10n.errors import InputError, MissingModelError
from l10n.mt.engine import FLAG_EMPTY_OUTPUT, Engine, Progress, Translation, merge_flags
from l10n.states import FLAG, ORIGIN, State, is_rejected, set_marker, state
from l10n.workspace import CatalogRef, existing_catalogs, selected_locales, source_language

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


@dataclass(frozen=True)
class TranslateResult:
    catalogs: tuple[CatalogFilled, ...]
    missing: tuple[MissingPair, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "catalogs": [c.__dict__ for c in self.catalogs],
            "missing": [m.__dict__ for m in self.missing],
        }


@dataclass
class _Pending:
    ref: CatalogRef
    shown: str
    source: str
    fills: list[Fill] = field(default_factory=list)
    todo: list[Message] = field(default_factory=list)
    empty: int = 0


def needed_pairs(config: Config) -> list[Pair]:
    """The direct models a workspace needs: body -> every body locale, and chrome -> body
    language (the rest of the chrome pivots through it)."""
    pairs = [(config.body_language, locale) for locale in config.body_locales()]
    if config.chrome_locales():
        pairs.append((config.chrome_language, config.body_language))
    return sorted(set(pairs))


def fillable(message: Message) -> bool:
    return (
        not message.obsolete
        and not message.pluralizable
        and state(message) is State.UNTRANSLATED
        and not is_rejected(message)
        and bool(message.msgid)
    )


def memory_of(catalogs: Iterable[tuple[str, str, Catalog]]) -> dict[tuple[str, str], tuple[str, str]]:
    """(source language, msgid) -> (approved translation, catalog it is in)."""
    memory: dict[tuple[str, str], tuple[str, str]] = {}
    for shown, source, catalog in catalogs:
        for message in catalog.active:
            if state(message) is State.APPROVED and not message.pluralizable and message.msgctxt is None:
                memory.setdefault((source, message.msgid), (message.msgstr, shown))
    return memory


def apply(catalog: Catalog, fills: Iterable[Fill]) -> list[Fill]:
    """Put ``fills`` into the entries that are still fillable (the file may have moved on
    since it was read); returns the fills that went in."""
    index = catalog.index()
    applied = []
    for fill in fills:
        message = index.get((fill.msgctxt, fill.msgid))
        if message is None or not fillable(message):
            continue
        message.msgstr = fill.text
        message.fuzzy = True
        set_marker(message, ORIGIN, fill.origin)
        if fill.flags:
            set_marker(message, FLAG, ", ".join(fill.flags))
        applied.append(fill)
    return applied


def run(
    config: Config,
    engine: Engine,
    locales: Iterable[str] = (),
    article: str | None = None,
    today: dt.date | None = None,
    progress: Callable[[str, str], Progress | None] | None = None,
) -> TranslateResult:
    """Fill every fillable entry of the chosen catalogs. ``progress(source, target)`` may
    return a callback for the engine's progress on that pair."""
    date = (today or dt.date.today()).isoformat()
    chosen = selected_locales(config, locales)
    every = existing_catalogs(config, chosen)
    if not every:
        raise InputError("no catalogs yet: run l10n update first")
    refs = every
    if article is not None:
        refs = [r for r in every if r.domain == f"articles/{article}"]
        if not refs:
            raise InputError(f"--article {article}: no catalog for that article (see locales/templates/articles/)")

    loaded = {r.path: store.read(r.path, config.relative(r.path)) for r in every}
    pending: list[_Pending] = []
    for locale in chosen:
        memory = memory_of(
            (config.relative(r.path), source_language(config, r.domain), loaded[r.path]) for r in every if r.locale == locale
        )
        for ref in (r for r in refs if r.locale == locale):
            item = _Pending(ref, config.relative(ref.path), source_language(config, ref.domain))
            for message in loaded[ref.path].active:
                if not fillable(message):
                    continue
                # Memory is by text alone: an entry with a context is translated for it.
                remembered = None if message.msgctxt is not None else memory.get((item.source, message.msgid))
                if remembered is not None and remembered[1] != item.shown:
                    item.fills.append(Fill(message.msgid, message.msgctxt, remembered[0], f"tm {remembered[1]} {date}"))
                else:
                    item.todo.append(message)
            pending.append(item)

    missing: dict[Pair, MissingPair] = {}
    by_pair: dict[Pair, list[_Pending]] = {}
    for item in pending:
        if item.todo:
            by_pair.setdefault((item.source, item.ref.locale), []).append(item)
    for (source, target), items in sorted(by_pair.items()):
        texts = list(dict.fromkeys(m.msgid for item in items for m in item.todo))
        try:
            translations = engine.translate(texts, source, target, progress(source, target) if progress else None)
        except MissingModelError as exc:
            missing[(source, target)] = MissingPair(source, target, str(exc))
            continue
        done: dict[str, Translation] = dict(zip(texts, translations, strict=True))
        for item in items:
            for message in item.todo:
                t = done[message.msgid]
                text, flags = t.text, t.flags
                if not text.strip():
                    # The model gave nothing: the draft is the source, flagged, so the
                    # entry reaches a reviewer instead of looking untouched.
                    text, flags = message.msgid, merge_flags(flags, (FLAG_EMPTY_OUTPUT,))
                    item.empty += 1
                item.fills.append(Fill(message.msgid, message.msgctxt, text, f"{t.origin} {date}", flags))

    results = []
    for item in pending:
        fills: list[Fill] = []

        def change(catalog: Catalog | None, wanted: list[Fill] = item.fills) -> Catalog | None:
            if catalog is None:
                return None  # the catalog was removed meanwhile
            fills[:] = apply(catalog, wanted)
            return catalog

        written = bool(item.fills) and store.modify(item.ref.path, change, config.locales_path, item.shown)
        results.append(
            CatalogFilled(
                locale=item.ref.locale,
                catalog=item.shown,
                memory=sum(f.origin.startswith("tm ") for f in fills),
                machine=sum(not f.origin.startswith("tm ") for f in fills),
                flagged=sum(bool(f.flags) for f in fills),
                empty=item.empty,
                written=written,
            )
        )
    return TranslateResult(tuple(results), tuple(missing.values()))
