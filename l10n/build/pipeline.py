"""The stages of a build, and the rendering: what ``l10n.build.run`` runs when something
changed since the last build.

Incremental: ``build/.l10n-build.json`` (the manifest) records, per edition, a key of
everything its output depends on (the separated article and its date, the translations of
its two catalogs and their check findings, the policy, the templates and this code's
version) and the size, modification and change times of the files written. A build
re-renders an edition only when its key changed or its files were touched, writes a file
only when its bytes differ, and rewrites a locale index or the status page only when what
it shows changed (the status page's unchanged rows are not rendered again). Catalogs are
fingerprinted by content (their bytes, hashed), never by mtime, so a file saved twice
within a clock tick cannot be missed, and parsed only when their bytes changed; articles
are read and separated again only where they changed (``sources.load_articles``).

Two ways in: ``run_stages`` runs every stage over the whole workspace (each checking its
files against its own memory, or taking the stamp's word for those it proves unchanged:
``cache.Trust``); ``run_changed``, when the stamp shows that only articles changed, runs
each stage over those articles alone and takes everything else from the last build.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import os
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from l10n import cache
from l10n import compile as compile_op
from l10n import extract as extract_op
from l10n import fsio, inline, parallel
from l10n import update as update_op
from l10n.build import pages
from l10n.build.edition import CHROME, Catalogs, Edition, Entry, Site, render
from l10n.build.records import EntryCounts, Policy
from l10n.build.run import (
    MANIFEST_NAME,
    MANIFEST_VERSION,
    STATUS_PAGE,
    BuildResult,
    EditionReport,
    Finding,
    LocaleReport,
    ProgressFactory,
    _Clock,
    _key,
    _sha,
)
from l10n.catalogs import pofile, store
from l10n.catalogs.model import Catalog
from l10n.config import Config
from l10n.errors import InputError, L10nError, ONE_CATALOG
from l10n.glossary import forms_of
from l10n.separate import Article
from l10n.sources import LoadedArticles, article_date, load_articles
from l10n.states import FLAG, QUEUE_STATES, State, fillable, is_rejected, marker, state
from l10n.workspace import guard_inside, linked_out_error, orphan_test, orphaned

if TYPE_CHECKING:
    from l10n import translate as translate_op
    from l10n.mt.engine import Engine

# ---------------------------------------------------------------------------------------
# The check stage


def check_catalogs(config: Config, catalogs: Mapping[str, Catalog], remember: bool = True) -> list[Finding]:
    """The check stage: ``l10n check``'s quality checks on the catalogs that changed since
    the last build (by workspace-relative path). An entry with an error finding is not
    published and its edition counts as failed; warnings are reported only."""
    from l10n import quality
    from l10n.workspace import CatalogRef, template_for

    refs = []
    for rel in catalogs:
        parts = Path(rel).parts  # locales_dir..., <locale>, LC_MESSAGES, <domain>.po
        at = parts.index("LC_MESSAGES")
        locale, domain = parts[at - 1], Path(*parts[at + 1:]).with_suffix("").as_posix()
        refs.append(CatalogRef(locale, domain, config.root / rel, template_for(config, domain)))
    with quality.Remembered(config, save=remember) as remembered:
        found = quality.catalogs_findings(config, list(zip(refs, catalogs.values())), remembered)
    return [Finding(rel, item.entry.msgid, item.finding.check, item.finding.severity, item.finding.message)
            for rel, items in zip(catalogs, found) for item in items]


# ---------------------------------------------------------------------------------------
# Fingerprints and the manifest


def _read_fingerprint(path: Path) -> str | None:
    try:
        return _sha(path.read_bytes())
    except FileNotFoundError:
        return None
    except OSError as exc:  # unreadable: whoever reads it for real reports it
        return f"unreadable {exc.errno}"


def article_key(article: Article, date: dt.date | None) -> str:
    """Everything of a separated article its editions show."""
    return _key(article.format, [[c.msgid, c.line, c.role, list(c.variables)] for c in article.chrome],
                [[b.text, b.line, b.role] for b in article.body], sorted(article.metadata.items()),
                date.isoformat() if date else None, [list(link) for link in article.links])


def translations_key(catalog: Catalog, findings: Iterable[Finding]) -> str:
    """The part of a catalog an edition can show: references and comments do not count."""
    entries = [[m.msgid, m.msgstr, state(m).value, is_rejected(m), marker(m, FLAG) or ""]
               for m in catalog.messages if not m.obsolete and m.msgctxt is None]
    errors = sorted({f.msgid for f in findings if f.severity == "error"})
    return _key(sorted(entries), errors)


def catalog_counts(catalog: Catalog) -> tuple[EntryCounts, int, int, int]:
    """The catalog's entries by state; of the untranslated ones those a reviewer rejected
    and those ``translate`` would draft; and the plural entries that wait for review in a
    PO editor (the review queue shows no plural forms: not in its size). One pass: a build
    counts thousands."""
    values = []
    rejected = drafted = plurals = 0
    for message in catalog.messages:
        if message.obsolete or not message.msgid:
            continue
        value = state(message)
        values.append(value)
        if message.pluralizable and value in (State.MACHINE, State.NEEDS_REVIEW):
            plurals += 1
        if value is State.UNTRANSLATED:
            if is_rejected(message):
                rejected += 1
            elif fillable(message):
                drafted += 1
    counts = EntryCounts(values.count(State.APPROVED), values.count(State.MACHINE),
                         values.count(State.NEEDS_REVIEW), values.count(State.UNTRANSLATED))
    return counts, rejected, drafted, plurals


def _stat(path: Path | str) -> list[int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns]  # ctime: an mtime set back still shows


@dataclass(frozen=True)
class Layout:
    """Workspace-relative paths of catalogs and build files, as plain strings: a build
    looks up thousands of them, and pathlib would be most of a no-op build's time."""

    locales: str  # "locales/" (with the slash; "" when the locales are the workspace root)
    build: str  # "build/"

    @classmethod
    def of(cls, config: Config) -> Layout:
        def prefix(path: Path) -> str:
            rel = config.relative(path)
            return "" if rel in (".", "") else rel + "/"

        return cls(prefix(config.locales_path), prefix(config.build_path))

    def catalog(self, locale: str, domain: str) -> str:
        return f"{self.locales}{locale}/LC_MESSAGES/{domain}.po"  # as l10n.workspace.catalog_path

    def output(self, rel: str) -> str:
        return f"{self.build}{rel}"


class Manifest:
    """The build's memory of its last run (see the module docstring). A manifest that does
    not read, or is of another version, is an empty one: everything is rebuilt."""

    def __init__(self, data: dict[str, Any] | None = None, raw: bytes | None = None) -> None:
        self.raw = raw  # the bytes read: a build that changed nothing does not even dump it
        data = data if data is not None else {}
        self.articles: dict[str, dict[str, Any]] = data.get("articles", {})
        self.catalogs: dict[str, dict[str, Any]] = data.get("catalogs", {})
        self.editions: dict[str, dict[str, Any]] = data.get("editions", {})
        self.pages: dict[str, dict[str, Any]] = data.get("pages", {})

    @classmethod
    def load(cls, path: Path) -> Manifest:
        ready = cache.kept(str(path), "manifest")  # (read by a build server before this build)
        if isinstance(ready, Manifest):
            return ready
        return cls.read(path)

    @classmethod
    def read(cls, path: Path) -> Manifest:
        try:
            raw = path.read_bytes()
            data = cache.loads(raw)
        except (OSError, ValueError):
            return cls()
        if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION:
            return cls()
        return cls(data, raw)

    def data(self) -> dict[str, Any]:
        return {"version": MANIFEST_VERSION, "articles": self.articles,
                "catalogs": self.catalogs, "editions": self.editions, "pages": self.pages}

    def dump(self) -> bytes:
        return cache.dumps(self.data(), sort_keys=True) + b"\n"

    def save(self, path: Path) -> None:
        """Write the records where they were read from, if they differ from what was read.
        Last, and like the editions not made durable (no fsync: a one-article build would
        wait for megabytes to reach the disk): a crash that loses this file leaves an
        older one, or none, and the build renders again what that one does not vouch for;
        one that loses an edition but keeps this file leaves a file without the size and
        times recorded here, and that edition is made again."""
        data = self.dump()
        if data != self.raw:
            fsio.write_if_changed(path, data, durable=False)
            self.raw = data


# ---------------------------------------------------------------------------------------
# The stages


def site_of(config: Config) -> Site:
    return Site(config.chrome_language, config.body_language, config.locales, config.chrome.patterns)


def run_stages(config: Config, chosen: tuple[str, ...], clock: _Clock, build: Path, engine: Engine | None,
               policy: Policy, strict: bool, check: bool, now: dt.datetime | None, progress: ProgressFactory | None,
               translate_chunk: translate_op.ChunkSize | None) -> BuildResult:
    """Every stage, then the editions and pages (``run.run``'s arguments; ``clock`` times
    the stages)."""
    manifest = Manifest.load(build / MANIFEST_NAME)
    failures: list[L10nError] = []
    notes: list[str] = []
    would_change: list[tuple[str, str]] = []

    # Articles: read and separated again only where one changed (see sources.load_articles).
    with clock.stage("extract"):
        loaded = load_articles(config, remember=not check)
        extracted = extract_op.run(config, dry_run=check, loaded=loaded)
        failures += extracted.errors
        if check:
            would_change += [(p, "template") for p in extracted.written]
            would_change += [(p, "template removed") for p in extracted.removed]

    with clock.stage("update"):
        updated = _update(config, chosen, check, progress, notes, extracted.coming)
        if updated is not None:
            failures += updated.errors
            if check:
                would_change += [(c.catalog, "catalog") for c in updated.catalogs if c.written]

    translated = None
    if engine is not None and not check:
        with clock.stage("translate"):
            translated = _translate(config, engine, chosen, progress, translate_chunk)
            failures += translated.errors
            absent = [m for m in translated.missing if not m.failed]
            if absent:
                pairs = ", ".join(f"{m.source}->{m.target}" for m in absent)
                notes.append(f"machine translation: no model for {pairs}; the build goes on without "
                             "drafts for them (l10n models install --needed)")
            # An engine that is there and failed: its own error, which says how to mend it
            # (the locale's next step points to it), once however many pairs it failed.
            for message in dict.fromkeys(m.message for m in translated.missing if m.failed):
                notes.append(f"machine translation: {message}; the build goes on without its drafts")

    slugs = [path.stem for path in loaded.files]
    with clock.stage("check"):
        scan = _CatalogScan(config, manifest, dry_run=check)
        for locale in chosen:
            for domain in _domains(config, locale, slugs):
                scan.visit(locale, domain)
        scan.forget_others(chosen)
        findings = scan.check()
        failures += scan.errors

    with clock.stage("compile"):
        compiled = _compile(config, chosen, progress, dry_run=check)
        failures += compiled.errors
        if check:  # (a .mo removed by hand, or older than its catalog: the build would write it)
            would_change += [(c.mo, "compiled catalog") for c in compiled.catalogs if c.written and c.mo]

    with clock.stage("render"):
        if not check:
            _sweep_build(config, build, chosen)
        renderer = _Renderer(config, manifest, scan, policy, check, progress, loaded)
        reports = renderer.run(chosen, slugs)
        renderer.write_pages(chosen, slugs, now or dt.datetime.now(dt.timezone.utc))
        failures += renderer.errors
        would_change += renderer.would_change
        if not check:
            manifest.save(build / MANIFEST_NAME)

    locales = _locale_reports(chosen, reports, lambda locale: renderer.pending(locale, slugs))
    if translated is not None and translated.missing:
        locales = tuple(_without_model(loc, translated.missing) for loc in locales)
    return BuildResult(
        editions=tuple(reports),
        locales=locales,
        extracted=extracted,
        updated=updated,
        translated=translated,
        compiled=compiled,
        written=tuple(renderer.written),
        removed=tuple(renderer.removed),
        would_change=tuple(would_change),
        notes=tuple(notes),
        warnings=tuple(extracted.warnings),
        failures=tuple(failures),
        findings=tuple(findings),
        timings=tuple(clock.timings),
        policy=policy,
        strict=strict,
        check=check,
        status_page=config.relative(build / STATUS_PAGE),
    )


def run_changed(config: Config, chosen: tuple[str, ...], clock: _Clock, build: Path, policy: Policy, strict: bool,
                now: dt.datetime | None, changed: frozenset[str], last: BuildResult) -> BuildResult | None:
    """The build when the only files that changed since the last one (``last``, its
    summary) are the articles ``changed`` (slugs), as the stamp proved: every stage does
    the work of these articles alone (their templates, catalogs, checks, .mo files and
    editions), then the locale indexes and the status page are made as always. Without
    machine translation and ``--check`` (``run.run`` sees to it).

    None, having written nothing but the articles' remembered separation, when that is
    not enough: an article does not read, its chrome changed (the chrome template and
    every locale's chrome catalog with it) or the texts that recur across articles did
    (other articles are separated anew). The caller then runs every stage."""
    manifest = Manifest.load(build / MANIFEST_NAME)
    slugs = list(dict.fromkeys(e.article for e in last.editions))  # every article, in the build's order
    if not changed <= set(slugs) or not manifest.raw:
        return None
    with clock.stage("extract"):
        loaded = load_articles(config, only=changed)
        if loaded.errors or loaded.separated != changed or set(loaded.before) != changed:
            return None
        if any(extract_op.chrome_items(a, config) != extract_op.chrome_items(loaded.before[a.slug], config)
               for a in loaded.articles):  # (the chrome template changes: a Markdown date gained or lost too)
            return None
        extracted = extract_op.run(config, loaded=loaded, only=changed)
    mine = [slug for slug in slugs if slug in changed]
    with clock.stage("update"):
        updated = update_op.run(config, chosen, only=[f"articles/{slug}" for slug in mine])
    with clock.stage("check"):
        scan = _CatalogScan(config, manifest)
        for locale in chosen:
            for domain in _domains(config, locale, mine):
                if domain != CHROME:
                    scan.visit(locale, domain)
        findings = scan.check()
    with clock.stage("compile"):
        compiled = _compile(config, chosen, None,
                            sorted(path for path in (config.root / rel for rel in scan.visited) if path.is_file()))
    with clock.stage("render"):
        _sweep_build(config, build, chosen)
        renderer = _Renderer(config, manifest, scan, policy, False, None, loaded)
        fresh = renderer.run_only(chosen, mine)
        reports = [fresh.get((e.locale, e.article), e) for e in last.editions]
        renderer.write_pages(chosen, slugs, now or dt.datetime.now(dt.timezone.utc))
        manifest.save(build / MANIFEST_NAME)

    files = {path.stem: path for path in loaded.files}
    built = set(slugs)

    @functools.cache
    def article_of(warning: str) -> str | None:
        # (a warning about an article begins with its file as messages show it: worked
        # out for the few warnings there are, not for the thousands of articles)
        where = warning.split(": ", 1)[0]
        slug = os.path.splitext(os.path.basename(where))[0]
        path = files.get(slug)
        return slug if slug in built and path is not None and config.shown(path) == where else None

    # the warnings in a whole build's order: the articles folder's own, then article by article
    warnings = [w for w in last.warnings if article_of(w) is None]
    by_article: dict[str, list[str]] = {}
    for warning in [w for w in last.warnings if article_of(w) not in changed] + list(extracted.warnings):
        slug = article_of(warning)
        if slug is not None:
            by_article.setdefault(slug, []).append(warning)
    warnings += [w for slug in slugs for w in by_article.get(slug, [])]

    failures = [*extracted.errors, *updated.errors, *scan.errors, *compiled.errors, *renderer.errors]
    return BuildResult(
        editions=tuple(reports),
        locales=_locale_reports(chosen, reports, lambda locale: renderer.pending(locale, slugs)),
        extracted=extracted,
        updated=updated,
        translated=None,
        compiled=compiled,
        written=tuple(renderer.written),
        warnings=tuple(warnings),
        failures=tuple(failures),
        findings=tuple(findings),
        timings=tuple(clock.timings),
        policy=policy,
        strict=strict,
        status_page=config.relative(build / STATUS_PAGE),
        only=tuple(mine),
    )


def _domains(config: Config, locale: str, slugs: Iterable[str]) -> list[str]:
    """The catalogs an edition of ``locale`` reads: chrome and body, where not as written."""
    domains = [CHROME] if locale != config.chrome_language else []
    if locale != config.body_language:
        domains += [f"articles/{slug}" for slug in slugs]
    return domains


def _update(config: Config, chosen: tuple[str, ...], check: bool, progress: ProgressFactory | None,
            notes: list[str], coming: Mapping[Path, bytes]) -> update_op.UpdateResult | None:
    advance = None
    if progress is not None:
        from l10n.workspace import expected_catalogs

        advance = progress("Updating catalogs", len(expected_catalogs(config, chosen, refused=[])))
    done = 0

    def step(_ref: object) -> None:
        nonlocal done
        done += 1
        if advance is not None:
            advance(done)

    try:
        return update_op.run(config, chosen, progress=step, dry_run=check, coming=coming)
    except InputError as exc:
        if not check:
            raise
        notes.append(f"--check: update not simulated ({exc})")
        return None


def _translate(config: Config, engine: Engine, chosen: tuple[str, ...], progress: ProgressFactory | None,
               chunk_texts: translate_op.ChunkSize | None) -> translate_op.TranslateResult:
    from l10n import translate as translate_op  # (on first need: a build without MT never does)

    def pair_progress(source: str, target: str) -> Callable[[int, int], None] | None:
        if progress is None:
            return None
        bar: list[Callable[[int], None]] = []

        def advance(done: int, total: int) -> None:
            if not bar:  # opened on the first report: a pair without a model shows none
                bar.append(progress(f"Translating {source}->{target}", total))
            bar[0](done)

        return advance

    return translate_op.run(config, engine, chosen, progress=pair_progress,
                            chunk_texts=chunk_texts or translate_op.CHUNK_TEXTS)


def _compile(config: Config, chosen: tuple[str, ...], progress: ProgressFactory | None,
             paths: list[Path] | None = None, dry_run: bool = False) -> compile_op.CompileResult:
    """Compile the catalogs of ``chosen`` (``paths``: these alone; ``dry_run``: see
    ``compile.run``)."""
    refused: list[compile_op.Compiled] = []  # (catalogs linked out of the workspace: named, never read)
    if paths is None:
        paths = compile_op.workspace_catalogs(config, chosen, refused)
    advance = progress("Compiling catalogs", len(paths)) if progress else None
    return compile_op.with_refused(
        compile_op.run(paths, config.shown, locks=config.locales_path, config=config, progress=advance,
                       dry_run=dry_run), refused)


class _CatalogScan:
    """The catalogs the editions read: fingerprinted by content, parsed (and checked) only
    when their bytes changed since the last build."""

    def __init__(self, config: Config, manifest: Manifest, dry_run: bool = False) -> None:
        self.config = config
        self.manifest = manifest
        self.dry_run = dry_run  # --check: what is found is not remembered
        self.parsed: dict[str, Catalog] = {}
        self.changed: dict[str, Catalog] = {}
        self.broken: dict[str, str] = {}
        self.errors: list[L10nError] = []
        self.visited: set[str] = set()
        self.layout = Layout.of(config)
        self.checks_key = _key(list(config.glossary), forms_of(config.glossary))

    def forget_others(self, locales: Iterable[str]) -> None:
        """Drop the records of catalogs of ``locales`` no edition reads any more."""
        folders = tuple(f"{self.layout.locales}{loc}/" for loc in locales)
        for rel in [r for r in self.manifest.catalogs if r.startswith(folders) and r not in self.visited]:
            del self.manifest.catalogs[rel]

    def visit(self, locale: str, domain: str) -> None:
        rel = self.layout.catalog(locale, domain)
        path = self.config.root / rel
        self.visited.add(rel)
        old = self.manifest.catalogs.get(rel)
        # A catalog the stamp proves as the last build left it is not even read again.
        trusted = bool(old and old.get("sha") and cache.trusted(path))
        if not trusted and os.path.islink(path) and not self.config.inside(path):
            # Linked out of the workspace: never read (update and compile name it too);
            # its editions are not rendered, the others are.
            error = linked_out_error(self.config, path)
            self.broken[rel] = str(error)
            self.errors.append(error)
            self.manifest.catalogs.pop(rel, None)
            return
        fingerprint = old["sha"] if trusted and old else _read_fingerprint(path)
        if fingerprint is None:
            self.manifest.catalogs.pop(rel, None)
            return
        if old is not None and old.get("sha") == fingerprint and old.get("checked") == self.checks_key:
            if old.get("error"):  # as broken as last time: said again, not parsed again
                self.broken[rel] = old["error"]
                self.errors.append(InputError(old["error"]))
            return
        try:
            catalog = self._parse(rel)
        except ONE_CATALOG as exc:
            self.broken[rel] = str(exc)
            self.errors.append(exc)
            self.manifest.catalogs[rel] = {"sha": fingerprint, "checked": self.checks_key, "error": str(exc)}
            return
        self.changed[rel] = catalog
        # The fingerprint read before parsing: a save after it shows as a change next time.
        self.manifest.catalogs[rel] = {"sha": fingerprint, "checked": self.checks_key}

    def _parse(self, rel: str) -> Catalog:
        if rel not in self.parsed:
            path = self.config.root / rel
            with pofile.gc_paused():
                # Not strict: a translation that breaks msgfmt's rules (a lost {date}) is the
                # check stage's error, that entry is not published, the others are (compile
                # still refuses the catalog, as msgfmt does). A file that does not parse is
                # an error of the catalog, and its editions are not rendered.
                self.parsed[rel] = store.read(path, self.config.shown(path), strict=False)
        return self.parsed[rel]

    def check(self) -> list[Finding]:
        """Run the checks on the catalogs that changed and record what they found."""
        findings = check_catalogs(self.config, self.changed, remember=not self.dry_run) if self.changed else []
        by_catalog: dict[str, list[Finding]] = {}
        for finding in findings:
            by_catalog.setdefault(finding.catalog, []).append(finding)
        for rel, catalog in self.changed.items():
            mine = by_catalog.get(rel, [])
            counts, rejected, drafted, plurals = catalog_counts(catalog)
            self.manifest.catalogs[rel].update({
                "key": translations_key(catalog, mine),
                "counts": counts.to_json(),
                "plural_review": plurals,  # (of the machine and needs-review counts: for a PO editor)
                "rejected": rejected,
                "fillable": drafted,  # (what translate would draft)
                "errors": sorted({f.msgid for f in mine if f.severity == "error"}),
            })
            if rel.endswith(f"/{CHROME}.po"):
                # Every edition of the locale reads it, and it is large (a reference per
                # article): its few entries are kept here so an unchanged one is never parsed.
                self.manifest.catalogs[rel]["entries"] = {k: e.to_json() for k, e in Catalogs.index(catalog).items()}
        return findings

    def entries(self, rel: str) -> dict[str, Entry]:
        """The entries of a catalog, by msgid (empty when there is none)."""
        record = self.manifest.catalogs.get(rel)
        if record is None:
            return {}
        if "entries" in record and rel not in self.parsed:
            return {k: Entry.from_json(v) for k, v in record["entries"].items()}
        return Catalogs.index(self._parse(rel))

    def key(self, rel: str) -> str | None:
        """The translations key of a catalog (None: there is none)."""
        record = self.manifest.catalogs.get(rel)
        return record.get("key") if record else None

    def blocked(self, rel: str) -> list[str]:
        record = self.manifest.catalogs.get(rel)
        return list(record.get("errors", [])) if record else []


class _Renderer:
    """Renders the editions whose inputs changed; keeps the manifest's records up to date."""

    def __init__(self, config: Config, manifest: Manifest, scan: _CatalogScan, policy: Policy, check: bool,
                 progress: ProgressFactory | None, loaded: LoadedArticles) -> None:
        self.config = config
        self.build = config.build_path
        self.manifest = manifest
        self.scan = scan
        self.policy = policy
        self.check = check
        self.progress = progress
        self.loaded = loaded
        self.site = site_of(config)
        # (--check writes nothing, not even a cache)
        pages.keep_compiled(None if check else config.state_path / "cache" / "compiled-pages")
        self.version = pages.version()
        self.layout = Layout.of(config)
        self.build_dir = str(self.build)
        self.fixed = _key(self.version, self.policy.key(), repr(self.site))  # in every edition's key
        self.written: list[str] = []
        self.removed: list[str] = []
        self.would_change: list[tuple[str, str]] = []
        self.errors: list[L10nError] = []
        self._articles: dict[str, Article] | None = None
        self.only: set[str] | None = None  # the only articles whose editions can differ (run_only)
        self.chosen: tuple[str, ...] = ()  # the locales this build renders
        self._chrome_tables: dict[str, dict[str, Entry]] = {}
        self._guarded: set[Path] = set()
        self._pending: dict[str, tuple[int, int, int]] = {}
        self._orphaned = orphan_test(config)  # (the templates listed once a build)

    # -- articles -------------------------------------------------------------------

    def articles(self) -> dict[str, Article]:
        """The separated articles by slug (separated on first need)."""
        if self._articles is None:
            self._articles = {a.slug: a for a in self.loaded.articles}
        return self._articles

    def _article_records(self, slugs: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Per article: the key of what its editions show, its headline and date (made
        again only for an article whose separation changed)."""
        articles = self.articles()
        languages = f"{self.config.chrome_language} {self.config.body_language}"  # how its date reads
        records: dict[str, dict[str, Any]] = {}
        for slug in slugs:
            article = articles.get(slug)
            if article is None:  # could not be read: its editions are left as they are, and listed as failed
                records[slug] = self.manifest.articles.get(slug) or {"title": slug, "date": None}
                continue
            separated = self.loaded.digests.get(slug)
            old = self.manifest.articles.get(slug)
            if separated and old and old.get("separated") == separated and old.get("languages") == languages:
                records[slug] = old
                continue
            date = article_date(article, self.config)
            headline = next((b.text for b in article.body if b.role == "headline"), slug)
            if article.format == "md":
                headline = inline.plain(headline)
            records[slug] = {"content": article_key(article, date), "title": headline,
                             "date": date.isoformat() if date else None, "separated": separated,
                             "languages": languages}
        return records

    # -- editions -------------------------------------------------------------------

    def run(self, chosen: tuple[str, ...], slugs: list[str]) -> list[EditionReport]:
        self.manifest.articles = self._article_records(slugs)
        reports = self._editions(chosen, slugs)
        self._remove_stale(chosen, slugs)
        return [reports[(loc, slug)] for loc in chosen for slug in slugs if (loc, slug) in reports]

    def run_only(self, chosen: tuple[str, ...], slugs: list[str]) -> dict[tuple[str, str], EditionReport]:
        """``run`` for the editions of ``slugs`` alone: the only articles that changed
        (the others' records are kept as they are, and none is removed)."""
        self.manifest.articles.update(self._article_records(slugs))
        self.only = set(slugs)
        return self._editions(chosen, slugs)

    def _editions(self, chosen: tuple[str, ...], slugs: list[str]) -> dict[tuple[str, str], EditionReport]:
        """Render the editions of ``slugs`` in ``chosen`` whose inputs changed; report all."""
        todo: list[tuple[str, str, str]] = []
        reports: dict[tuple[str, str], EditionReport] = {}
        self.chosen = chosen
        unreadable = self.loaded.skipped  # (slug -> why it does not read)
        for locale in chosen:
            for slug in slugs:
                if slug not in self.manifest.articles:
                    continue
                if slug in unreadable:  # (the article does not read: its editions as they were, failed)
                    reports[(locale, slug)] = self._broken(locale, slug, unreadable[slug])
                    continue
                broken = [self.scan.broken[rel] for rel in self._catalogs_of(locale, slug) if rel in self.scan.broken]
                if broken:
                    reports[(locale, slug)] = self._broken(locale, slug, broken[0])
                    continue
                key = self._edition_key(locale, slug)
                record = self.manifest.editions.get(f"{locale}/{slug}")
                if record is None or record.get("key") != key or not self._outputs_intact(record):
                    todo.append((locale, slug, key))
                else:
                    reports[(locale, slug)] = self._report(locale, slug, record, False)
        advance = self.progress("Rendering editions", len(todo)) if self.progress and todo else None
        done = 0

        def commit(locale: str, slug: str, key: str, drafted: _Draft | None) -> None:
            nonlocal done
            if drafted is None:  # a worker met an error: met again here, where it is reported
                drafted = self._draft(locale, slug, key)
            reports[(locale, slug)] = self._commit(locale, slug, *drafted)
            done += 1
            if advance is not None:
                advance(done)

        workers = parallel.workers_for(len(todo), RENDER_PARALLEL_FROM)
        if workers == 1:
            for locale, slug, key in todo:
                commit(locale, slug, key, self._draft(locale, slug, key))
            return reports
        # Rendering is pure work: forked processes render shares of the editions, this one
        # writes each share's files as it comes back (and lets go of their bytes).
        self.articles()  # separated before the fork, not in every worker
        pages.environment().get_template("edition.html.j2")  # compiled (or loaded) once, likewise
        chunks = parallel.shares(todo, workers)

        def written(chunk: list[tuple[str, str, str]], drafts: list[_Draft | None]) -> None:
            for (locale, slug, key), drafted in zip(chunk, drafts):
                commit(locale, slug, key, drafted)
                if drafted is not None:
                    drafted[0].clear()  # the files' bytes, written: let go (map_chunks keeps the drafts)

        global _FORKED
        _FORKED = self
        try:
            parallel.map_chunks(_draft_chunk, chunks, workers, written)
        finally:
            _FORKED = None
        return reports

    def _rel(self, locale: str, domain: str) -> str:
        return self.layout.catalog(locale, domain)

    def _catalogs_of(self, locale: str, slug: str) -> list[str]:
        return [self._rel(locale, domain) for domain in _domains(self.config, locale, [slug])]

    def _edition_key(self, locale: str, slug: str) -> str:
        chrome = self.scan.key(self._rel(locale, CHROME)) if locale != self.config.chrome_language else "-"
        body = self.scan.key(self._rel(locale, f"articles/{slug}")) if locale != self.config.body_language else "-"
        return _sha("\0".join((self.fixed, locale, self.manifest.articles[slug]["content"], chrome or "",
                                body or "", " ".join(self._linked(slug)))).encode())

    def _linked(self, slug: str) -> tuple[str, ...]:
        """The locales whose edition of ``slug`` its editions link to: those built now and
        those a build made before (``build -l fr`` in a new workspace links no German
        edition that is not there; the next build of fr after one of de links it)."""
        editions = self.manifest.editions
        broken = self.scan.broken
        return tuple(loc for loc in self.config.locales
                     if (loc in self.chosen and not any(rel in broken for rel in self._catalogs_of(loc, slug)))
                     or editions.get(f"{loc}/{slug}", {}).get("outputs"))

    def _indexed(self) -> tuple[str, ...]:
        """The locales with an index page: built now, or by a build before."""
        return tuple(loc for loc in self.config.locales
                     if loc in self.chosen or f"{loc}/index.html" in self.manifest.pages)

    def _outputs_intact(self, record: Mapping[str, Any]) -> bool:
        outputs: Mapping[str, Any] = record.get("outputs", {})
        folder = self.build_dir
        return bool(outputs) and all(cache.trusted(f"{folder}/{rel}") or _stat(f"{folder}/{rel}") == stat
                                     for rel, stat in outputs.items())

    def _broken(self, locale: str, slug: str, error: str) -> EditionReport:
        """An edition whose catalog does not read: failed, its files left as they were."""
        record = self.manifest.editions.setdefault(f"{locale}/{slug}", {})
        record.update({"key": "broken", "state": "failed", "error": error})
        return self._report(locale, slug, record, False)

    def _draft(self, locale: str, slug: str, key: str) -> _Draft:
        """An edition's files (by build-relative path) and its manifest record: pure work,
        which a forked process may do."""
        article = self.articles()[slug]
        chrome_rel = self._rel(locale, CHROME)
        body_rel = self._rel(locale, f"articles/{slug}")
        catalogs = Catalogs(
            chrome=self._chrome(chrome_rel) if locale != self.config.chrome_language else {},
            body=self.scan.entries(body_rel) if locale != self.config.body_language else {},
            blocked=frozenset([(CHROME, m) for m in self.scan.blocked(chrome_rel)]
                              + [(f"articles/{slug}", m) for m in self.scan.blocked(body_rel)]),
        )
        edition = render(article, catalogs, locale, self.policy, self.site, article_date(article, self.config))
        site = dataclasses.replace(self.site, locales=self._linked(slug))  # (the editions it links to)
        outputs = {
            pages.edition_path(locale, slug, "html"): pages.edition_html(edition, site).encode("utf-8"),
            pages.edition_path(locale, slug, "md"): pages.edition_markdown(edition, site).encode("utf-8"),
        }
        return outputs, self._record(edition, key)

    def _commit(self, locale: str, slug: str, outputs: dict[str, bytes], record: dict[str, Any]) -> EditionReport:
        """Write an edition's files where they differ and remember them."""
        changed = self._write(outputs)
        record["outputs"] = {rel: _stat(self.build / rel) for rel in outputs}
        self.manifest.editions[f"{locale}/{slug}"] = record
        return self._report(locale, slug, record, changed)

    def _chrome(self, rel: str) -> dict[str, Entry]:
        if rel not in self._chrome_tables:
            self._chrome_tables[rel] = self.scan.entries(rel)
        return self._chrome_tables[rel]

    def _record(self, edition: Edition, key: str) -> dict[str, Any]:
        headline = edition.headline
        return {
            "key": key,
            "state": edition.state,
            "counts": edition.counts.to_json(),
            "machine": edition.machine,
            "fallbacks": edition.fallbacks,
            "errors": edition.errors,
            "title": headline.plain if headline else edition.slug,
            "title_lang": headline.lang if headline else edition.locale,
            "policy": self.policy.key(),  # (a build of some locales may publish otherwise)
            "date": edition.date.isoformat() if edition.date else None,
        }

    def _report(self, locale: str, slug: str, record: Mapping[str, Any], written: bool) -> EditionReport:
        return EditionReport(
            locale=locale,
            article=slug,
            path=self.layout.output(pages.edition_path(locale, slug, "html")),
            markdown=self.layout.output(pages.edition_path(locale, slug, "md")),
            state=record.get("state", "failed"),
            counts=EntryCounts.from_json(record.get("counts", {})),
            machine=int(record.get("machine", 0)),
            fallbacks=int(record.get("fallbacks", 0)),
            errors=int(record.get("errors", 0)),
            written=written,
            error=record.get("error"),
        )

    def _write(self, outputs: Mapping[str, bytes]) -> bool:
        """Write each output whose bytes differ (with check: list it). True if any differs."""
        changed = False
        for rel, data in outputs.items():
            path = self.build / rel
            if path.parent not in self._guarded:  # a locale folder linked out of the workspace
                guard_inside(self.config, path.parent)
                self._guarded.add(path.parent)
            shown = self.layout.output(rel)
            if self.check:
                if fsio.differs(path, data):
                    self.would_change.append((shown, "page" if rel.endswith("index.html") else "edition"))
                    changed = True
            elif fsio.write_if_changed(path, data, durable=False):  # made again if a crash loses it
                self.written.append(shown)
                changed = True
        return changed

    def _remove(self, rel: str) -> None:
        path = self.build / rel
        shown = self.layout.output(rel)
        if self.check:
            if path.exists():
                self.would_change.append((shown, "removed"))
        elif fsio.remove(path):
            self.removed.append(shown)

    def _remove_stale(self, chosen: tuple[str, ...], slugs: list[str]) -> None:
        """Editions whose article is gone (in the locales built) or whose locale is gone."""
        current = set(slugs)
        for name in sorted(self.manifest.editions):
            locale, _, slug = name.partition("/")
            if locale in self.config.locales and (locale not in chosen or slug in current):
                continue
            for rel in self.manifest.editions[name].get("outputs", {}):
                self._remove(rel)
            if not self.check:
                del self.manifest.editions[name]

    # -- indexes and the status page ------------------------------------------------------

    def write_pages(self, chosen: tuple[str, ...], slugs: list[str], now: dt.datetime) -> str:
        self.chosen = chosen
        indexed = self._indexed()
        site = dataclasses.replace(self.site, locales=indexed)  # (the indexes an index links to)
        for locale in chosen:
            listed = []  # as IndexEntry.to_json
            for slug in slugs:
                record = self.manifest.editions.get(f"{locale}/{slug}")
                if record and record.get("outputs"):
                    listed.append([slug, record["title"], record["title_lang"], record["date"],
                                   bool(record.get("machine"))])
            key = _key(self.version, repr(site), locale, listed)
            self._page(f"{locale}/index.html", key,
                       lambda: pages.index_html(locale, [pages.IndexEntry(*item) for item in listed], site))
        for name in sorted(self.manifest.pages):
            locale = name.split("/")[0]
            if name != STATUS_PAGE and locale not in self.config.locales:
                self._remove(name)
                if not self.check:
                    del self.manifest.pages[name]
                    _remove_if_empty(self.build / locale)  # (a locale no longer built leaves no folder)
        page = self._status(slugs, indexed)
        key = _key(self.version, pages.status_key(page))
        self._page(STATUS_PAGE, key, lambda: self._status_html(page, now.astimezone(dt.timezone.utc)))
        return STATUS_PAGE

    def _status_html(self, page: pages.StatusPage, now: dt.datetime) -> str:
        """The status page, its rows as last rendered kept in ``.l10n/cache``: a changed
        article renders its own row again, not the thousands of others."""
        ledger = cache.Ledger.open(self.config, "status-rows")
        if ledger.get("version") != self.version:  # rendered by other templates: none holds
            ledger.keep_only([])
            ledger.put("version", self.version)
        html = pages.status_html(page, now, _Rows(ledger), self.only)
        if not self.check:  # (--check writes nothing, .l10n/ included)
            ledger.save()
        return html

    def _page(self, rel: str, key: str, make: Callable[[], str]) -> None:
        record = self.manifest.pages.get(rel)
        if record is not None and record.get("key") == key and (
                cache.trusted(self.build / rel) or _stat(self.build / rel) == record.get("stat")):
            return
        # Its key changed, or the file is not as the last build left it: made again, and
        # written (with --check: named) where its bytes differ, as the build would do.
        self._write({rel: make().encode("utf-8")})
        if not self.check:
            self.manifest.pages[rel] = {"key": key, "stat": _stat(self.build / rel)}

    def pending(self, locale: str, slugs: list[str]) -> tuple[int, int, int]:
        """The entries waiting for review and the untranslated ones in the catalogs the
        editions of ``locale`` read, each once (worked out once: the status page and the
        report both show them)."""
        if locale not in self._pending:
            self._pending[locale] = _pending(self.manifest, self.config, locale, slugs, self._orphaned)
        return self._pending[locale]

    def _status(self, slugs: list[str], indexed: Collection[str]) -> pages.StatusPage:
        locales = []
        for locale in self.config.locales:
            records = [self.manifest.editions.get(f"{locale}/{slug}") or {} for slug in slugs]
            states = [r.get("state") for r in records if r]
            policy = "machine" if any(r.get("policy") == "machine" for r in records if r) else "approved"
            locales.append(pages.StatusLocale(locale, self.pending(locale, slugs)[0], states.count("complete"),
                                              states.count("partial"), states.count("failed"), locale in indexed,
                                              policy, sum(1 for r in records if r and r.get("error"))))
        rows = []
        article_records = [(slug, self.manifest.articles[slug]) for slug in slugs if slug in self.manifest.articles]
        for slug, info in pages.newest_first(article_records,
                                             lambda i: (i[1].get("date"), str(i[1].get("title", i[0])), i[0])):
            cells = []
            for locale in self.config.locales:
                record = self.manifest.editions.get(f"{locale}/{slug}")
                if not record:
                    cells.append(pages.StatusCell(locale, None, "missing", (0, 0, 0, 0)))
                    continue
                href = pages.edition_path(locale, slug, "html") if record.get("outputs") else None
                cells.append(pages.StatusCell(locale, href, record.get("state", "failed"),
                                              EntryCounts.row_of(record.get("counts", {})),
                                              bool(record.get("machine")), record.get("error") or None))
            rows.append(pages.StatusRow(slug, info.get("title", slug), info.get("date"), tuple(cells)))
        return pages.StatusPage(tuple(locales), tuple(rows), self.policy.key(), self.config.chrome_language,
                                self.config.body_language)


# Editions rendered in this process below this many; from it on (a full build, a build
# after translators worked) a process a core renders a share of them.
RENDER_PARALLEL_FROM = 200

_Draft = tuple[dict[str, bytes], dict[str, Any]]  # an edition's files and its manifest record
_FORKED: _Renderer | None = None  # the renderer whose work forked processes share


def _draft_chunk(chunk: list[tuple[str, str, str]]) -> list[_Draft | None]:
    """In a forked process: the drafts of a share of the editions (None for one that met
    an error: the parent renders it again, and reports the error as one process would)."""
    renderer = _FORKED
    assert renderer is not None
    drafts: list[_Draft | None] = []
    for locale, slug, key in chunk:
        try:
            drafts.append(renderer._draft(locale, slug, key))
        except L10nError:
            drafts.append(None)
    return drafts


class _Rows(MutableMapping[str, list[str]]):
    """The status page's rows as last rendered (slug -> [what it showed, its HTML]), one
    ledger entry a row: a build that changed one row decodes and encodes that one."""

    def __init__(self, ledger: cache.Ledger) -> None:
        self.ledger = ledger

    def __getitem__(self, slug: str) -> list[str]:
        value = self.ledger.get(f"row:{slug}")
        if not isinstance(value, list):
            raise KeyError(slug)
        return value

    def __setitem__(self, slug: str, value: list[str]) -> None:
        self.ledger.put(f"row:{slug}", value)

    def __delitem__(self, slug: str) -> None:
        self.ledger.drop([f"row:{slug}"])

    def __iter__(self) -> Iterator[str]:
        return (key[4:] for key in list(self.ledger.entries) if key.startswith("row:"))

    def __len__(self) -> int:
        return sum(key.startswith("row:") for key in self.ledger.entries)


def _pending(manifest: Manifest, config: Config, locale: str, slugs: list[str],
             gone: Callable[[str], bool] | None = None) -> tuple[int, int, int]:
    """Entries waiting for review, untranslated ones, and of those the rejected ones, in
    the catalogs the editions of ``locale`` read (an entry once, as ``l10n status``
    counts: not once an edition; the review queue as status and review list count it,
    in the catalogs that are not orphaned: ``gone``, ``workspace.orphaned`` by default)."""
    layout, records = Layout.of(config), manifest.catalogs
    gone = gone or functools.partial(orphaned, config)
    queued = untranslated = rejected = 0
    for domain in _domains(config, locale, slugs):  # (thousands: counted without making EntryCounts)
        record = records.get(layout.catalog(locale, domain), {})
        counts = record.get("counts", {})
        waiting = sum(int(counts.get(s.value, 0)) for s in QUEUE_STATES) - int(record.get("plural_review", 0))
        if waiting and not gone(domain):  # (an edition's article has its template; the chrome may not;
            queued += waiting  # as the review queue: no plural entries)
        untranslated += int(counts.get("untranslated", 0))
        rejected += int(record.get("rejected", 0))
    return queued, untranslated, rejected


def _locale_reports(chosen: tuple[str, ...], reports: Iterable[EditionReport],
                    pending: Callable[[str], tuple[int, int, int]]) -> tuple[LocaleReport, ...]:
    """Per locale built: its editions' states and what waits for whom."""
    by_locale: dict[str, list[EditionReport]] = {loc: [] for loc in chosen}
    for report in reports:
        if report.locale in by_locale:
            by_locale[report.locale].append(report)
    return tuple(_locale_report(loc, by_locale[loc], *pending(loc)) for loc in chosen)


def _without_model(report: LocaleReport, missing: Iterable[translate_op.MissingPair]) -> LocaleReport:
    """``report`` with the pairs into its locale that machine translation lacked."""
    mine = [pair for pair in missing if pair.target == report.locale]
    if not mine:
        return report
    return dataclasses.replace(report, no_model=tuple(sorted({f"{p.source}->{p.target}" for p in mine})),
                               engine_failed=all(p.failed for p in mine))


def _remove_if_empty(folder: Path) -> None:
    """Remove ``folder`` if nothing is left in it (a killed writer's temporary is swept first)."""
    try:
        fsio.sweep(folder)
        folder.rmdir()
    except OSError:  # (not empty, gone already, or not ours to remove: left as it is)
        pass


def _sweep_build(config: Config, build: Path, chosen: tuple[str, ...]) -> None:
    """Remove killed writers' temporaries from the build folder and the locales' folders."""
    for folder in [build] + [build / loc for loc in chosen]:
        fsio.sweep(guard_inside(config, folder))


def _locale_report(locale: str, reports: list[EditionReport], queue: int, untranslated: int,
                   rejected: int) -> LocaleReport:
    return LocaleReport(
        locale=locale,
        editions=len(reports),
        complete=sum(r.state == "complete" for r in reports),
        partial=sum(r.state == "partial" for r in reports),
        failed=sum(r.state == "failed" for r in reports),
        waiting=sum(r.counts.queue > 0 for r in reports),
        queue=queue,
        untranslated=untranslated,
        machine=sum(r.machine > 0 for r in reports),
        unrendered=sum(r.error is not None for r in reports),
        rejected=rejected,
    )
