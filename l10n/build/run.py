"""``l10n build``: the whole pipeline, then the editions, the locale indexes and the status page.

Stages, in order: extract, update, translate (unless no engine is given: ``--no-mt``; a
pair without a model is one note and the build goes on), check, compile, render
(``l10n.build.pipeline``). Each stage is the operation its own command runs; the
pipeline only strings them together and renders.

This module is the entry and the results. Before any stage runs, the build's stamp
(``l10n.build.stamp``) is compared with the workspace: when nothing changed since the last
build, its summary is reported again and no stage runs (and none of their code is even
imported); when only articles changed, the stages do their work alone
(``pipeline.run_changed``); otherwise every stage runs, taking the stamp's word for the
files it proves unchanged. A build that left the workspace as it reports it saves a new
stamp.

``check=True`` writes nothing (extract and update run dry) and lists every template,
catalog and edition a build would change.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from l10n import cache, fsio, localefacts
from l10n.build import stamp
from l10n.build.records import EntryCounts, Policy
from l10n.config import Config
from l10n.errors import L10nError, exit_code
from l10n.memory import gc_paused
from l10n.workspace import guard_inside, selected_locales

if TYPE_CHECKING:
    from l10n import compile as compile_op
    from l10n import extract as extract_op
    from l10n import translate as translate_op
    from l10n import update as update_op
    from l10n.mt.engine import Engine

# What a build that has work to do imports beyond a build that finds nothing changed.
_STAGE_MODULES = ("l10n.build.pipeline", "l10n.build.pages", "l10n.extract", "l10n.update", "l10n.compile",
                  "l10n.quality", "l10n.dates", "l10n.catalogs.mofile", "filelock", "jinja2", "babel.dates",
                  "babel.numbers", "rapidfuzz.distance", "concurrent.futures", "tempfile")


def preload() -> None:
    """Import the stages: a process that stays up (``build --watch``) does it while it
    waits, so the first change is built as quickly as the next."""
    import importlib

    for name in _STAGE_MODULES:
        importlib.import_module(name)


MANIFEST_NAME = ".l10n-build.json"
MANIFEST_VERSION = 4  # 2: output stats carry the change time; 3: titles without Markdown's inline markup;
# 4: a catalog's plural entries waiting for a PO editor counted apart (not in the queue's size)
STATUS_PAGE = "index.html"

# (label, total) -> advance(done): a progress bar for one stage; the next call ends it.
ProgressFactory = Callable[[str, int], Callable[[int], None]]


# ---------------------------------------------------------------------------------------
# The check stage


@dataclass(frozen=True)
class Finding:
    """What a quality check found in one entry of one catalog."""

    catalog: str  # workspace-relative path of the .po
    msgid: str
    check: str  # the check's stable name ("placeholder", "markup", ...)
    severity: str  # "error" | "warning"
    message: str


# ---------------------------------------------------------------------------------------
# Results


class EditionReport(NamedTuple):
    """One edition in a build's report. (A named tuple: a build with nothing to do makes
    one for each of thousands of editions from its stamp, at once.)"""

    locale: str
    article: str  # slug
    path: str  # the HTML edition, workspace-relative
    markdown: str
    state: str  # complete | partial | failed
    counts: EntryCounts
    machine: int = 0  # passages that show machine drafts
    fallbacks: int = 0  # passages shown in the source language
    errors: int = 0  # entries with check errors
    written: bool = False  # a file of this edition changed in this build
    error: str | None = None  # why it could not be rendered (a broken catalog)

    def to_json(self) -> dict[str, object]:
        return {"locale": self.locale, "article": self.article, "path": self.path, "markdown": self.markdown,
                "state": self.state, "counts": self.counts.to_json(), "machine": self.machine,
                "fallbacks": self.fallbacks, "check_errors": self.errors, "written": self.written,
                "error": self.error}


@dataclass(frozen=True)
class LocaleReport:
    locale: str
    editions: int
    complete: int
    partial: int
    failed: int
    waiting: int  # editions with entries waiting for review
    queue: int  # entries waiting for review in the locale's catalogs
    untranslated: int  # entries without any translation in the catalogs its editions read
    machine: int  # editions that show machine drafts
    unrendered: int = 0  # editions not rendered: a catalog they read does not read (among ``failed``)
    rejected: int = 0  # of ``untranslated``, those a reviewer rejected (translate leaves them alone)
    # the pairs into this locale machine translation had no model for (or failed on) in
    # this build ("de->fr"), and whether an engine failed rather than a model was missing
    no_model: tuple[str, ...] = ()
    engine_failed: bool = False

    @property
    def next(self) -> str:
        if self.unrendered:
            # (the errors come last, on stderr, as every command's: the compile line says
            # "(see below)" too)
            return (f"fix the errors below, then l10n build -l {self.locale}: "
                    f"{self.unrendered} {'edition' if self.unrendered == 1 else 'editions'} not rendered")
        if self.failed:
            return f"l10n check -l {self.locale}: {self.failed} {'edition' if self.failed == 1 else 'editions'} with failed checks"
        if self.queue:
            return f"l10n review -l {self.locale}: {self.queue} {'draft' if self.queue == 1 else 'drafts'}"
        if self.untranslated > self.rejected and self.no_model:
            # (translate would stop at the same missing model: what it needs comes first)
            pairs = ", ".join(self.no_model)
            if self.engine_failed:
                return (f"mend the machine translation engine (see its error above), then l10n build -l "
                        f"{self.locale}: {self.untranslated - self.rejected} untranslated ({pairs} failed)")
            return (f"l10n models install --needed, then l10n build -l {self.locale}: "
                    f"{self.untranslated - self.rejected} untranslated (no model for {pairs})")
        if self.untranslated > self.rejected:
            return f"l10n translate -l {self.locale}: {self.untranslated - self.rejected} untranslated"
        if self.rejected:
            return (f"translate by hand, or l10n translate -l {self.locale} --retry-rejected: {self.rejected} "
                    f"rejected {'draft' if self.rejected == 1 else 'drafts'}")
        if self.complete < self.editions:  # (build --check in a new workspace: no catalog counted yet)
            rest = self.editions - self.complete
            return f"l10n build -l {self.locale}, then l10n status -l {self.locale}: {rest} " \
                   f"{'edition' if rest == 1 else 'editions'} not complete"
        return "nothing: every edition is complete"

    def to_json(self) -> dict[str, object]:
        return {"locale": self.locale, "editions": self.editions, "complete": self.complete,
                "partial": self.partial, "failed": self.failed, "waiting_for_review": self.waiting,
                "queue": self.queue, "untranslated": self.untranslated, "rejected": self.rejected,
                "machine": self.machine,
                "not_rendered": self.unrendered, "no_model": list(self.no_model), "next": self.next}


@dataclass(frozen=True)
class BuildResult:
    editions: tuple[EditionReport, ...]
    locales: tuple[LocaleReport, ...]
    extracted: extract_op.ExtractResult | None  # None: nothing changed, no stage ran
    updated: update_op.UpdateResult | None
    translated: translate_op.TranslateResult | None
    compiled: compile_op.CompileResult | None
    written: tuple[str, ...] = ()  # build files written (workspace-relative)
    removed: tuple[str, ...] = ()  # build files removed (their article or locale is gone)
    # with check: (workspace-relative path, what would happen: "template", "template removed",
    # "catalog", "edition", "page", "removed")
    would_change: tuple[tuple[str, str], ...] = ()
    notes: tuple[str, ...] = ()  # one-liners the editor should see (no MT model, ...)
    warnings: tuple[str, ...] = ()
    failures: tuple[L10nError, ...] = ()  # per-item errors of the stages (bad articles, broken catalogs)
    findings: tuple[Finding, ...] = ()  # check findings on the catalogs checked in this build
    timings: tuple[tuple[str, float], ...] = ()
    policy: Policy = field(default_factory=Policy)
    strict: bool = False
    check: bool = False
    status_page: str = ""
    unchanged: bool = False  # nothing changed since the last build: its summary, no stage run
    # the only articles that changed since the last build, when the stages did their work
    # alone (extracted, updated and compiled then speak of them alone); () for a whole build
    only: tuple[str, ...] = ()

    @property
    def partial(self) -> tuple[EditionReport, ...]:
        return tuple(e for e in self.editions if e.state == "partial")

    @property
    def failed(self) -> tuple[EditionReport, ...]:
        return tuple(e for e in self.editions if e.state == "failed")

    @property
    def errors(self) -> tuple[L10nError, ...]:
        """Everything that makes the build fail: stage errors (each once: a broken catalog
        stops update, check and compile alike), then --check and --strict."""
        problems = list({str(error): error for error in self.failures}.values())
        if self.check and self.would_change:
            problems.append(L10nError(f"--check: a build would change {len(self.would_change)} "
                                      f"{'file' if len(self.would_change) == 1 else 'files'}"))
        if self.strict:
            if self.partial:
                problems.append(L10nError(f"--strict: {len(self.partial)} partial "
                                          f"{'edition' if len(self.partial) == 1 else 'editions'} "
                                          "(not every text approved)"))
            checked = sum(e.errors for e in self.editions)
            if self.failed:
                problems.append(L10nError(f"--strict: {len(self.failed)} "
                                          f"{'edition' if len(self.failed) == 1 else 'editions'} "
                                          f"with failed checks ({checked} {'error' if checked == 1 else 'errors'})"))
        return tuple(problems)

    @property
    def exit_code(self) -> int:
        return exit_code(self.errors, done_any=bool(self.editions))

    def to_json(self) -> dict[str, object]:
        return {
            "locales": [loc.to_json() for loc in self.locales],
            "editions": [e.to_json() for e in self.editions],
            "status_page": self.status_page,
            "policy": self.policy.key(),
            "written": list(self.written),
            "removed": list(self.removed),
            "would_change": [{"path": path, "change": change} for path, change in self.would_change],
            "notes": list(self.notes),
            "warnings": list(self.warnings),
            "findings": [f.__dict__ for f in self.findings],
            "errors": [str(e) for e in self.errors],
            "unchanged": self.unchanged,
            "seconds": {name: round(seconds, 3) for name, seconds in self.timings},
        }

    def summary(self) -> dict[str, Any]:
        """What a build with nothing changed reports again (see ``stamp``)."""
        return {
            # rows in EditionReport's field order, counts as a row too: thousands of them
            "editions": [[e.locale, e.article, e.path, e.markdown, e.state,
                          [e.counts.approved, e.counts.machine, e.counts.needs_review, e.counts.untranslated],
                          e.machine, e.fallbacks, e.errors, e.error] for e in self.editions],
            "locales": [loc.__dict__ for loc in self.locales],
            "warnings": list(self.warnings),
            "notes": list(self.notes),
            "status_page": self.status_page,
        }

    @classmethod
    def again(cls, summary: Mapping[str, Any], policy: Policy, strict: bool, check: bool,
              timings: tuple[tuple[str, float], ...]) -> BuildResult:
        """The result of a build that found nothing changed since the one that reported
        ``summary``."""
        editions = tuple(EditionReport(locale, article, path, markdown, state, EntryCounts(*counts), machine,
                                       fallbacks, errors, False, error)
                         for locale, article, path, markdown, state, counts, machine, fallbacks, errors, error
                         in summary["editions"])
        warnings = tuple(summary["warnings"])
        return cls(
            editions=editions,
            locales=tuple(LocaleReport(**loc) for loc in summary["locales"]),
            extracted=None, updated=None, translated=None, compiled=None,
            notes=tuple(summary["notes"]), warnings=warnings, timings=timings, policy=policy, strict=strict,
            check=check, status_page=summary["status_page"], unchanged=True,
        )


# ---------------------------------------------------------------------------------------
# Fingerprints


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]


def _key(*parts: object) -> str:
    return _sha(cache.dumps(parts, sort_keys=True, default=str))


# ---------------------------------------------------------------------------------------
# The run


class _Clock:
    def __init__(self) -> None:
        self.timings: list[tuple[str, float]] = []

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings.append((name, time.perf_counter() - start))


def run(
    config: Config,
    locales: Iterable[str] = (),
    *,
    engine: Engine | None = None,
    policy: Policy = Policy(),
    strict: bool = False,
    check: bool = False,
    now: dt.datetime | None = None,
    progress: ProgressFactory | None = None,
    translate_chunk: translate_op.ChunkSize | None = None,
    done: Callable[[BuildResult], None] | None = None,
) -> BuildResult:
    """Run the pipeline for ``locales`` (all when none) and render their editions.

    ``engine`` drafts untranslated entries (None: no machine translation), handed
    ``translate_chunk`` texts at a time; ``check`` writes nothing and reports what a build
    would change. ``done`` hears of the result of a build that did work once every
    edition is written, before the stamp is saved (which may wait out its settle time:
    ``l10n build --watch`` reports the build then)."""
    chosen = selected_locales(config, locales)
    clock = _Clock()
    build = guard_inside(config, config.build_path)
    # (the code's version covers the templates and shipped texts: they are files of the package)
    stamp_key = _key(stamp.STAMP_VERSION, cache.code_version(), repr(config), chosen, policy.key(),
                     engine is not None)

    # Without the workspace lock: a writer that changes anything meanwhile makes the scan
    # differ from the stamp, and then this build takes the lock and does the work (that
    # writer's changes show as not this build's own, so it saves no stamp: see _restamp).
    with clock.stage("unchanged"), gc_paused():  # (see below)
        before = stamp.scan(config, chosen)
        remembered = stamp.load(config)
        holds = remembered is not None and remembered.holds(stamp_key, before)
    if remembered is not None and holds:
        try:
            with gc_paused():  # (thousands of reports made at once: no garbage for a collection)
                return BuildResult.again(remembered.summary, policy, strict, check, tuple(clock.timings))
        except (TypeError, ValueError, KeyError):  # a summary that does not read: the work is done again
            pass

    # Otherwise the stamp still says which files changed since the last build: the stages
    # take its word for every other file (cache.Trust) instead of checking each by stat.
    changes = remembered.changes(stamp_key, before) if remembered is not None else None
    if changes is not None and os.path.join(str(build), MANIFEST_NAME) in changes:
        changes = None  # the build's own memory was touched: nothing is taken on trust
    with fsio.writing_nothing() if check else nullcontext(), fsio.workspace_lock(config.locales_path):
        with fsio.recording() as written:
            from l10n.build import pipeline

            trust = cache.Trust(remembered.files, changes, written) if remembered and changes is not None else None
            clean = stamp.clean_folders(config, chosen, before)
            facts = localefacts.attached(config) if not check else nullcontext()
            with cache.trusting(trust), fsio.known_clean(clean), facts:
                result = None
                articles = _changed_articles(config, changes, remembered, before) if trust else None
                if articles and remembered and engine is None and not check:
                    # The cyclic collector paused: the work of a few articles makes little
                    # garbage, and a collection would go through every record of the
                    # build's memory (a tenth of such a build, in collections alone).
                    with gc_paused():
                        try:
                            last = BuildResult.again(remembered.summary, policy, strict, check, ())
                        except (TypeError, ValueError, KeyError):
                            last = None
                        if last is not None:
                            result = pipeline.run_changed(config, chosen, clock, build, policy, strict, now,
                                                          articles, last)
                if result is None:
                    result = pipeline.run_stages(config, chosen, clock, build, engine, policy, strict, check, now,
                                                 progress, translate_chunk)
    # Past the lock: a reader slow to take the report (`l10n build | less`) keeps no other
    # command waiting, nor does the stamp's settle time. A build that writes meanwhile
    # leaves files that differ from this stamp's picture: the next build sees them.
    if not check:
        if done is not None:
            done(result)
        with gc_paused():
            # (what changed since the last stamp, its racy files among them: the only files
            # that can have changed lately; None: every file is looked at)
            _restamp(config, chosen, stamp_key, result, engine is not None, before, written, changes)
    return result


def _changed_articles(config: Config, changes: Iterable[str] | None, last: stamp.Stamp | None,
                      now: stamp.Scan) -> frozenset[str] | None:
    """The slugs of the articles that changed since the last build, when nothing else
    did (a file that was there before and is still there; the articles folder's hidden
    files, which are no articles, do not count); otherwise None."""
    from l10n.articles import ARTICLE_SUFFIXES, slug_problem

    if changes is None or last is None:
        return None
    folder = str(config.articles_path)
    slugs = set()
    for path in changes:
        parent, name = os.path.split(path)
        if parent != folder or name.startswith("."):
            if parent == folder and not path.endswith(os.sep):
                continue  # a hidden file: not an article, never read
            return None
        stem, suffix = os.path.splitext(name)
        if suffix not in ARTICLE_SUFFIXES or slug_problem(stem) or path not in last.files or path not in now.files:
            return None
        slugs.add(stem)
    return frozenset(slugs) or None


def _restamp(config: Config, chosen: tuple[str, ...], key: str, result: BuildResult, with_mt: bool,
             before: stamp.Scan, written: Mapping[str, fsio.Signature | None],
             recent: Collection[str] | None = None) -> None:
    """Save the stamp of a build that left the workspace as it reports it (see ``stamp``),
    or forget the last one."""
    from l10n.build.pipeline import Manifest

    manifest_catalogs = Manifest.load(config.build_path / MANIFEST_NAME).catalogs if with_mt else {}
    # (what translate leaves alone, a rejected or a plural entry, no model changes)
    untranslated = sum(int(r.get("fillable", r.get("counts", {}).get("untranslated", 0)))
                       for r in manifest_catalogs.values())
    if result.failures or (with_mt and untranslated):
        stamp.forget(config)
        return
    pictured = stamp.picture(config, chosen, before, written, recent)
    if pictured is not None:
        # (made while the picture settles: the wait is spent, not added)
        encoded = stamp.encode(config, stamp.Stamp.of(key, pictured.ready_ns, result.summary(), pictured.scan))
        moved = stamp.moved(pictured)
        if moved:  # (an edit right after the build: the stamp says that file changed, and only that one)
            encoded = stamp.encode(config, stamp.Stamp.of(key, pictured.ready_ns, result.summary(), pictured.scan,
                                                          moved))
        stamp.write(config, encoded)
        return
    taken, after = stamp.final_scan(config, chosen, written)
    if not stamp.settled(after, taken) or not stamp.only_ours(before, after, written):
        stamp.forget(config)
        return
    stamp.save(config, stamp.Stamp.of(key, taken, result.summary(), after))
