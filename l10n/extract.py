"""``l10n extract``: articles -> templates (chrome.pot and one .pot per article).

The pure part builds ``Catalog`` values from separated articles; ``run`` reads the
workspace, writes only templates whose bytes changed, and removes templates of articles
that are gone. A bad article, or one linked out of the workspace, is reported and skipped
(its template is kept); an articles folder that resolves outside the workspace stops
everything.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from l10n import cache, fsio
from l10n.catalogs import pofile
from l10n.catalogs.model import Catalog, Message
from l10n.config import Config
from l10n.dates import read_date, shaped_like_a_date
from l10n.errors import FileError, L10nError, exit_code
from l10n.separate import DATE_VARIABLES, Article
from l10n.sources import ARTICLE_DATE_HEADER, LoadedArticles, article_date, load_articles
from l10n.workspace import template_for

CHROME_DOMAIN = "chrome"
TEMPLATE_FORMAT = 1  # bump when the same article gives another template


@dataclass(frozen=True)
class ArticleSummary:
    slug: str
    path: str
    template: str
    entries: int
    chrome_lines: int
    metadata: dict[str, str]
    date: str | None  # the publication date, ISO; None when the article has none we can read


@dataclass(frozen=True)
class ExtractResult:
    chrome_template: str
    chrome_entries: int
    articles: tuple[ArticleSummary, ...]
    written: tuple[str, ...]  # templates whose bytes changed
    removed: tuple[str, ...]  # templates of articles that no longer exist
    warnings: tuple[str, ...] = ()
    errors: tuple[L10nError, ...] = ()  # bad articles (skipped, templates kept), and templates refused
    refused: tuple[str, ...] = ()  # templates that may not be written or removed (named in errors)
    # a dry run's templates that would be written, as they would be (by path)
    coming: Mapping[Path, bytes] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        return exit_code(self.errors, done_any=bool(self.articles))

    def to_json(self) -> dict[str, object]:
        return {
            "chrome_template": self.chrome_template,
            "chrome_entries": self.chrome_entries,
            "articles": [a.__dict__ for a in self.articles],
            "written": list(self.written),
            "removed": list(self.removed),
            "warnings": list(self.warnings),
            "errors": [str(e) for e in self.errors],
            "refused": list(self.refused),
        }


def template_header(project: str, source_language: str, date: dt.date | None = None) -> list[tuple[str, str]]:
    header = [
        ("Project-Id-Version", project),
        ("Report-Msgid-Bugs-To", ""),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
        ("X-Source-Language", source_language),
    ]
    if date is not None:
        header.append((ARTICLE_DATE_HEADER, date.isoformat()))
    header.append(("X-Generator", "l10n extract"))
    return header


def _add(entries: dict[str, Message], msgid: str, reference: str, role: str, brace: bool) -> None:
    entry = entries.get(msgid)
    if entry is None:
        entry = entries[msgid] = Message(msgid=msgid, flags=["python-brace-format"] if brace else [])
    if role not in entry.extracted_comments:
        entry.extracted_comments.append(role)
    if reference not in entry.references:
        entry.references.append(reference)


def chrome_items(article: Article, config: Config) -> list[tuple[str, int, str, bool]]:
    """What an article gives the chrome template: (msgid, line, role, has placeholders) of
    its chrome lines, and of the site's date line where its front matter dates it (see
    build.edition.render: its text is the template's, from the article's first line)."""
    items = [(item.msgid, item.line, item.role, item.has_placeholders) for item in article.chrome]
    if not any("{date}" in item.msgid for item in article.chrome) and article_date(article, config) is not None:
        date_pattern = next((p for p in config.chrome.patterns if "{date}" in p), None)
        if date_pattern is not None:
            items.append((date_pattern, 1, "chrome", True))
    return items


_ChromeItem = tuple[str, str, tuple[str, ...], bool]  # msgid, reference, roles, has placeholders


def chrome_catalog(articles: Iterable[Article], config: Config,
                   kept: Mapping[str, list[_ChromeItem]] | None = None) -> Catalog:
    """The chrome template of ``articles``; ``kept``: what articles that do not read gave
    it when they last did (by article path), in their places."""
    given: dict[str, list[_ChromeItem]] = {
        str(article.path): [(msgid, f"{article.path}:{line}", (role,), placeholders)
                            for msgid, line, role, placeholders in chrome_items(article, config)]
        for article in articles}
    if kept:
        given.update((path, items) for path, items in kept.items() if path not in given)
        given = {path: given[path] for path in sorted(given, key=lambda p: Path(p).name)}  # (as articles are read)
    entries: dict[str, Message] = {}
    for items in given.values():
        for msgid, reference, roles, placeholders in items:
            for role in roles:
                _add(entries, msgid, reference, role, placeholders)
    return Catalog(
        headers=template_header(CHROME_DOMAIN, config.chrome_language),
        header_comments=[f"Site chrome (source language {config.chrome_language}). Written by l10n extract: do not edit."],
        header_flags=["fuzzy"],
        messages=list(entries.values()),
    )


def _unreadable_chrome(config: Config, skipped: Collection[str]) -> dict[str, list[_ChromeItem]]:
    """What the articles that do not read now (``skipped``, by slug) gave the chrome
    template when they last did, read from it: kept, as their templates and editions are,
    so that a translator's work on a line only they have is not made obsolete by an article
    that is broken for a while."""
    if not skipped:
        return {}
    from l10n.catalogs import reader

    path = template_path(config)
    try:
        template = reader.parse(path.read_bytes(), str(path), check=False)
    except (OSError, L10nError, ValueError):
        return {}
    kept: dict[str, list[_ChromeItem]] = {}
    for message in template.messages:
        if not message.msgid or message.obsolete:
            continue
        for reference in message.references:
            source = reference.rpartition(":")[0] or reference
            if Path(source).stem in skipped:
                kept.setdefault(source, []).append((message.msgid, reference, tuple(message.extracted_comments),
                                                     "python-brace-format" in message.flags))
    return kept


def article_catalog(article: Article, config: Config) -> Catalog:
    entries: dict[str, Message] = {}
    for block in article.body:
        _add(entries, block.text, f"{article.path}:{block.line}", block.role, False)
    return Catalog(
        headers=template_header(f"articles/{article.slug}", config.body_language, article_date(article, config)),
        header_comments=[f"Article {article.slug} (source language {config.body_language}). Written by l10n extract: do not edit."],
        header_flags=["fuzzy"],
        messages=list(entries.values()),
    )


def template_path(config: Config, slug: str | None = None) -> Path:
    return template_for(config, CHROME_DOMAIN if slug is None else f"articles/{slug}")


def catalogs(articles: Sequence[Article], config: Config) -> dict[Path, Catalog]:
    """Every template of the workspace, as catalogs, by path."""
    out = {template_path(config): chrome_catalog(articles, config)}
    for article in articles:
        out[template_path(config, article.slug)] = article_catalog(article, config)
    return out


def render(articles: Sequence[Article], config: Config) -> dict[Path, bytes]:
    """Every template of the workspace, as bytes, by path."""
    return {path: pofile.dump(catalog) for path, catalog in catalogs(articles, config).items()}


# Names that hold another date than the publication's (an update's): no hint for those.
_OTHER_DATES = ("updat", "modif", "lastmod", "edit", "expir", "aktualisiert", "geändert", "stand")


def misnamed_dates(articles: Sequence[Article], config: Config) -> list[str]:
    """One warning per pattern variable or front-matter key that holds dates in articles
    with no publication date: ``Veröffentlicht am {datum}`` or ``pubDate:`` would leave
    every edition silently undated, since l10n reads the date from ``date`` (or
    ``published``) alone."""
    found: dict[tuple[str, bool], list[tuple[Article, str]]] = {}
    for article in articles:
        if article.metadata.get("date"):
            continue
        variables = {name for item in article.chrome for name, _ in item.variables}
        for name, value in article.metadata.items():
            if (name in DATE_VARIABLES or any(word in name.lower() for word in _OTHER_DATES)
                    or not value or read_date(value, (config.chrome_language, config.body_language)) is None):
                continue
            found.setdefault((name, name in variables), []).append((article, value))
    warnings = []
    for (name, in_pattern), seen in found.items():
        first, value = seen[0]
        more = f", and {len(seen) - 1} more" if len(seen) > 1 else ""
        where = f"{config.shown(config.root / first.path)}: {value!r}{more}"
        if in_pattern:
            warnings.append(f"the chrome pattern's {{{name}}} holds dates ({where}), but l10n reads an "
                            f"article's publication date from {{date}} or {{published}}: rename it in "
                            f"[tool.l10n.chrome] patterns; until then these articles show no date")
        else:
            warnings.append(f"front matter key {name!r} holds dates ({where}), but l10n reads an "
                            f"article's publication date from 'date' or 'published': rename the key; "
                            f"until then these articles show no date")
    return warnings


def run(config: Config, dry_run: bool = False, loaded: LoadedArticles | None = None,
        only: Collection[str] | None = None) -> ExtractResult:
    """Write the templates of every good article. With ``dry_run`` nothing is written:
    ``written`` and ``removed`` say what would be. ``loaded``: the workspace's articles,
    when the caller has just read them (the build), so they are not read twice.

    ``only``: the slugs of the only articles that changed (a build that knows it, and
    has made sure that their chrome did not): their templates alone are made, and the
    result speaks of them alone."""
    if loaded is None:
        loaded = load_articles(config, remember=not dry_run, only=only)
    articles = loaded.articles if only is None else tuple(a for a in loaded.articles if a.slug in only)
    warnings = list(loaded.warnings)
    errors = list(loaded.errors)
    refused: list[str] = []
    written: list[str] = []
    removed: list[str] = []
    coming: dict[Path, bytes] = {}
    if articles:
        # What each template is made of: for the chrome, its catalog; for an article, the
        # separated article (its digest, when the articles were loaded with them).
        wanted: dict[Path, tuple[str, Callable[[], Catalog]]] = {}
        if only is None:
            chrome = chrome_catalog(articles, config, _unreadable_chrome(config, loaded.skipped))
            wanted[template_path(config)] = (cache.digest(repr(chrome).encode("utf-8")), lambda: chrome)
        for article in articles:
            digest = loaded.digests.get(article.slug)
            make: Callable[[], Catalog] = functools.partial(article_catalog, article, config)
            made_of = (cache.digest(f"{TEMPLATE_FORMAT}\0{digest}\0{config.chrome_language}\0"
                                    f"{config.body_language}".encode("utf-8")) if digest
                       else cache.digest(repr(make()).encode("utf-8")))
            wanted[template_path(config, article.slug)] = (made_of, make)
        # A template whose input is what it was when the file was last written, and whose
        # file is as it was then, is not made again (making and writing is the work).
        ledger = cache.Ledger.open(config, "extract")
        made: list[tuple[str, str, Path]] = []
        with fsio.workspace_lock(config.locales_path):
            if not dry_run:
                fsio.sweep(config.templates_path)
                fsio.sweep(config.templates_path / "articles")
            try:
                with fsio.batch():
                    for path, (made_of, make) in wanted.items():
                        key = config.relative(path)
                        seen = ledger.get(key) or {}
                        if seen.get("input") == made_of and ledger.unchanged(path, seen.get("output")):
                            continue
                        data = pofile.dump(make())
                        try:
                            changed = fsio.differs(path, data) if dry_run else fsio.write_if_changed(path, data)
                        except FileError as exc:  # (this template may not be written: the others are)
                            errors.append(exc)
                            refused.append(key)
                            continue
                        if changed:
                            written.append(key)
                            if dry_run:
                                coming[path] = data
                        made.append((key, made_of, path))
            except fsio.PartlyWritten as exc:  # (templates that may not be replaced: named, kept as they were)
                errors.extend(error for _, error in exc.failures)
                failed = {config.relative(path) for path, _ in exc.failures}
                refused.extend(sorted(failed))
                written = [key for key in written if key not in failed]
                made = [item for item in made if item[0] not in failed]
            if not dry_run:
                for key, made_of, path in made:
                    ledger.put(key, {"input": made_of, "output": cache.record(path)})
                ledger.save()
            stale_dir = config.templates_path / "articles"
            keep = {template_path(config, slug) for slug in loaded.skipped}
            for stale in sorted(stale_dir.glob("*.pot")) if only is None else ():
                if stale in wanted or stale in keep:
                    continue
                try:
                    if dry_run or fsio.remove(stale):
                        removed.append(config.relative(stale))
                except FileError as exc:  # (may not be removed: named, the others are)
                    errors.append(exc)
                    refused.append(config.relative(stale))
    chrome_entries = len({item.msgid for a in articles for item in a.chrome})
    warnings += misnamed_dates(articles, config)
    summaries = []
    for a in articles:
        warnings += [f"{config.shown(config.root / a.path)}: {problem}" for problem in a.problems]
        date = article_date(a, config)
        raw = a.metadata.get("date")
        if raw and date is None:
            why = ("is no day of the calendar" if shaped_like_a_date(raw)
                   else "is not a date l10n can read (like 12.03.2026 or 2026-03-12)")
            warnings.append(f"{config.shown(config.root / a.path)}: publication date {raw!r} {why}; "
                            "its editions show no date")
        entries = len({b.text for b in a.body})
        if not entries:
            warnings.append(f"{config.shown(config.root / a.path)}: no body text (only chrome or front matter)")
        elif all(b.role == "headline" for b in a.body):  # (a stub saved too early: its editions are a title)
            warnings.append(f"{config.shown(config.root / a.path)}: a headline alone, no article text "
                            f"(its one text is taken as the headline)")
        summaries.append(ArticleSummary(
            slug=a.slug,
            path=a.path,
            template=config.relative(template_path(config, a.slug)),
            entries=entries,
            chrome_lines=len({c.line for c in a.chrome}),
            metadata=dict(a.metadata),
            date=date.isoformat() if date else None,
        ))
    return ExtractResult(config.relative(template_path(config)), chrome_entries, tuple(summaries),
                         tuple(written), tuple(removed), tuple(warnings), tuple(errors), tuple(refused), coming)
