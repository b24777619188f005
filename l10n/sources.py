"""The workspace's articles, found, read and separated into chrome and body.

Shared by the stages that need the articles themselves (extract, build): the files of
the articles folder (refusing any that resolve outside the workspace), each read and
parsed (a bad one is an error of its own), then separated with the rules of
``l10n.separate`` across the whole collection (a line that recurs across articles is
chrome).
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from l10n import articles as articles_mod
from l10n.config import Config
from l10n.dates import read_date
from l10n.errors import ArticleError, InputError, L10nError
from l10n import cache
from l10n.langid import Confidence, body_confidence
from l10n.articles import Source
from l10n.separate import Article, BodyText, ChromeText, Separator, template_text
from l10n.workspace import guard_inside

# The article's publication date (ISO), written by extract into its template's header:
# the build and the review queue read it there.
ARTICLE_DATE_HEADER = "X-Article-Date"


def article_date(article: Article, config: Config) -> dt.date | None:
    """The publication date of ``article``, read from its page or front matter."""
    return read_date(article.metadata.get("date"), (config.chrome_language, config.body_language))


@dataclass(frozen=True)
class ArticleFiles:
    files: tuple[Path, ...]  # the articles to read, by name
    errors: tuple[L10nError, ...]  # files that are articles but cannot be (bad names, linked out)
    warnings: tuple[str, ...]  # files that are not articles at all
    linked_out: tuple[Path, ...] = ()  # articles linked out of the workspace: never read, their editions kept


def article_files(config: Config) -> ArticleFiles:
    """The article files of the workspace. An articles folder that resolves outside the
    workspace stops everything (OutsideWorkspaceError): nothing may be read from there; an
    article linked out of it is an error of its own (skipped, the others go on)."""
    folder = config.articles_path
    if not folder.is_dir():
        raise InputError(f"{config.shown(folder)}: no articles folder (articles go in "
                         f"{config.articles_dir}/ as SLUG.txt or SLUG.md)")
    guard_inside(config, folder)
    files: list[Path] = []
    errors: list[L10nError] = []
    warnings: list[str] = []
    linked_out: list[Path] = []
    slugs: dict[str, Path] = {}
    with os.scandir(folder) as listing:  # (names, not Paths, sorted: thousands of articles)
        entries = sorted((entry for entry in listing if not entry.name.startswith(".")), key=lambda e: e.name)
    for entry in entries:
        path = folder / entry.name
        if entry.is_symlink() and not config.inside(path):  # (the folder is inside: only a link can lead out)
            # One article linked out of the workspace is reported and skipped, as an
            # unreadable one is: nothing is read from there, and the others go on.
            errors.append(ArticleError(config.shown(path), f"resolves to {os.path.realpath(path)}, outside the "
                                                           "workspace; l10n reads only inside it (copy the article in)"))
            linked_out.append(path)
            continue
        stem, suffix = os.path.splitext(entry.name)
        if suffix not in articles_mod.ARTICLE_SUFFIXES:
            kind = "folder" if entry.is_dir() else "file"
            warnings.append(f"{config.shown(path)}: not an article (articles are .txt or .md files); "
                            f"{kind} ignored")
            continue
        problem = articles_mod.slug_problem(stem)
        if problem:
            errors.append(ArticleError(config.shown(path), problem))
            continue
        if stem in slugs:
            errors.append(ArticleError(config.shown(path), f"same slug as {config.shown(slugs[stem])}; "
                                                            "rename or remove one"))
            continue
        slugs[stem] = path
        files.append(path)
    if not files and not errors:
        raise InputError(f"{config.shown(folder)}: no articles (SLUG.txt or SLUG.md)")
    return ArticleFiles(tuple(files), tuple(errors), tuple(warnings), tuple(linked_out))


@dataclass(frozen=True)
class LoadedArticles:
    articles: tuple[Article, ...]
    errors: tuple[L10nError, ...]  # articles that could not be read: reported and skipped
    skipped: Mapping[str, str]  # their slugs, each with its error: their templates and editions are kept as they are
    warnings: tuple[str, ...]
    # slug -> a digest of the separated article (what its template and editions show)
    digests: Mapping[str, str] = field(default_factory=dict)
    files: tuple[Path, ...] = ()  # every article file found, the unreadable ones too
    # slugs separated in this run (their file changed, or the recurring texts they have)
    separated: frozenset[str] = frozenset()
    # the separation remembered from before, of the articles separated again (where known)
    before: Mapping[str, Article] = field(default_factory=dict)


SEPARATION_VERSION = 22  # bump when separating the same article gives something else (3: stored as text; 4: links;
# 5: where a recurring line stands counts; 6: one headline a Markdown article; 7: a footer is links only, a date
# line's date no prose, a front matter's date first, a label no teaser, front matter text as written, problems;
# 8: two dates said; 9: a copyright footer, a repeated short teaser; 10: a footer label as a title, its final stop left out;
# 11: a repeated lede over a one-off line; 12: a date with a sentence after it is prose; 13: a headline is no chrome;
# 14: a date line with figures after its comma, a repeated text further down, a German sentence after the footer;
# 15: Markdown setext headings; 16: a masthead heading every page is chrome, figures in a sentence after a date;
# 17: a Markdown numbered list's items are numbered items; 18: a Markdown pipe table is one unit, a row a line;
# 19: a credit, a label or a byline is no subheading; 20: a breadcrumb is chrome;
# 21: a page dump's bulleted and numbered lines are list items; 22: a front matter date that is no date said)


def load_articles(config: Config, remember: bool = True, only: Collection[str] | None = None) -> LoadedArticles:
    """Read and separate every article of the workspace (all read before anything is
    written); a bad article is an error of its own and the others are still read.

    Separation looks across articles (a line found in two or more is a candidate for
    chrome), so ``.l10n/cache`` remembers, per article, the file it was separated from,
    the texts of its units (as digests) and the separated article, and the recurring
    texts of the whole collection. An article whose file is as it was is not read again,
    and keeps its remembered separation unless the recurring texts changed where it has
    some; a run with nothing changed reads no article. (``remember=False``: what was
    read is not written there, for a run that must write nothing. ``only``: the slugs
    whose articles the caller wants (a build that knows which files changed); the others
    are not even decoded from what was remembered, unless they had to be separated again.)"""
    found = article_files(config)
    # The ledger: "settings" (what separating depends on), "recurring" (digest -> [text,
    # whether it stands where a template's lines do in one article at least, whether it is
    # an article's headline]), "index" (slug -> the file's path and record, the article's
    # digest, its texts' digests run together, those of its texts where a template's stand
    # and those of its headline) and "article:SLUG" (the separated article, as JSON text).
    ledger = cache.Ledger.open(config, "articles")
    settings = cache.digest(repr((SEPARATION_VERSION, config.chrome, config.chrome_language,
                                  config.body_language)).encode("utf-8"))
    valid = ledger.get("settings") == settings
    known: dict[str, Any] = (ledger.get("index") or {}) if valid else {}
    remembered_recurring: dict[str, Any] = (ledger.get("recurring") or {}) if valid else {}

    errors: list[L10nError] = list(found.errors)
    skipped = {Path(e.path).stem: str(e) for e in found.errors if isinstance(e, ArticleError)}
    fresh: dict[str, tuple[Source, cache.Record]] = {}  # read now: the file changed (or is new)
    kept: dict[str, dict[str, Any]] = {}  # as remembered
    prefix = config.relative(config.articles_path)
    prefix = "" if prefix in ("", ".") else prefix + "/"
    for path in found.files:
        slug = path.stem
        record = known.get(slug)
        if (isinstance(record, dict) and record.get("path") == prefix + path.name
                and f"article:{slug}" in ledger.entries and ledger.unchanged(path, record.get("file"))):
            kept[slug] = record
            continue
        try:
            fresh[slug] = _read(config, path)
        except ArticleError as exc:
            errors.append(exc)
            skipped[path.stem] = str(exc)

    # The recurring texts: counted over every article, from what was remembered for those
    # not read now; where they changed, the articles that have such a text are separated again.
    languages = (config.chrome_language, config.body_language)  # (a date line's dates may be in either)
    # (where a template's lines stand)
    finder = Separator(config.chrome, [], None, recurring=[], date_languages=languages)
    texts_of = {slug: _split_digests(record["texts"]) for slug, record in kept.items()}
    placed_of = {slug: _split_digests(record.get("placed", "")) for slug, record in kept.items()}
    heads_of = {slug: _split_digests(record.get("heads", "")) for slug, record in kept.items()}
    by_digest: dict[str, str] = {d: item[0] for d, item in remembered_recurring.items()
                                 if isinstance(item, list) and item and isinstance(item[0], str)}

    def take(slug: str, source: Source) -> None:
        texts = {template_text(unit.text) for unit in source.units}
        texts_of[slug] = sorted(_text_digest(t) for t in texts)
        placed_of[slug] = sorted(_text_digest(t) for t in finder.template_places(source))
        heads_of[slug] = sorted(_text_digest(t) for t in finder.headlines(source))
        by_digest.update((_text_digest(t), t) for t in texts)

    for slug, (source, _) in fresh.items():
        take(slug, source)

    counts: Counter[str] = Counter()
    for listed in texts_of.values():
        counts.update(listed)
    placed = {d for listed in placed_of.values() for d in listed}
    heading = Counter(d for listed in heads_of.values() for d in listed)
    heads = {d for d, n in heading.items() if n == 1}  # (a line heading two articles is a masthead)
    recurring_state: dict[str, list[Any]] = {d: [by_digest[d], d in placed, d in heads]
                                             for d, n in counts.items() if n >= 2}
    moved = {d for d in recurring_state.keys() | remembered_recurring.keys()
             if recurring_state.get(d) != remembered_recurring.get(d)}
    files = {path.stem: path for path in found.files}
    for slug in [s for s in kept if moved.intersection(texts_of[s])]:
        del kept[slug]
        try:
            fresh[slug] = _read(config, files[slug])
            take(slug, fresh[slug][0])
        except ArticleError as exc:
            errors.append(exc)
            skipped[slug] = str(exc)
    recurring = set(recurring_state)

    confidence = cache.Ledger.open(config, f"langid-{config.chrome_language}-{config.body_language}")
    separator = Separator(config.chrome, [], _remembered_confidence(config, confidence),
                          recurring=[by_digest[d] for d in sorted(recurring)],
                          placed=[by_digest[d] for d in sorted(recurring) if recurring_state[d][1]],
                          date_languages=languages,
                          headlines=[by_digest[d] for d in sorted(recurring) if recurring_state[d][2]])
    articles: list[Article] = []
    digests: dict[str, str] = {}
    index: dict[str, Any] = {}
    before: dict[str, Article] = {}
    separated: dict[str, str] = {}  # slug -> the article as JSON text, for those separated now
    damaged: set[str] = set()  # remembered, but what was remembered does not read
    for path in found.files:
        slug = path.stem
        if slug in kept:
            record = kept[slug]
            if only is None or slug in only:
                try:
                    articles.append(_article_from_json(ledger.get(f"article:{slug}")))
                except (ValueError, TypeError, KeyError, AttributeError):  # damaged: separated again
                    del kept[slug]
                    damaged.add(slug)
            if slug in kept:
                index[slug] = record
                digests[slug] = record["digest"]
                continue
        if slug in skipped:
            continue
        try:
            source, file_record = fresh[slug] if slug in fresh else _read(config, path)
        except ArticleError as exc:
            errors.append(exc)
            skipped[slug] = str(exc)
            continue
        article = separator.separate(source)
        data = cache.dumps(_article_to_json(article), sort_keys=True)
        separated[slug] = data.decode("utf-8")
        index[slug] = record = {"path": source.path, "file": file_record, "texts": "".join(texts_of[slug]),
                                "placed": "".join(placed_of[slug]), "heads": "".join(heads_of[slug]),
                                "digest": cache.digest(data)}
        digests[slug] = record["digest"]
        articles.append(article)
        old = known.get(slug)
        if isinstance(old, dict) and old.get("path") == source.path:
            try:
                before[slug] = _article_from_json(ledger.get(f"article:{slug}"))
            except (ValueError, TypeError, KeyError, AttributeError):
                pass
    if remember:
        confidence.save()
        if not errors:
            ledger.put("settings", settings)
            ledger.put("recurring", {d: recurring_state[d] for d in sorted(recurring)})
            ledger.put("index", index)
            for slug, text in separated.items():
                ledger.put(f"article:{slug}", text)
            ledger.keep_only(["settings", "recurring", "index", *(f"article:{slug}" for slug in index)])
            ledger.save()
    # (an article linked out is one the build knows of, as an unreadable one: its editions are kept)
    every = tuple(sorted(found.files + found.linked_out, key=lambda p: p.name)) if found.linked_out else found.files
    return LoadedArticles(tuple(articles), tuple(errors), skipped, found.warnings, digests, every,
                          frozenset(fresh) | damaged, before)


def _split_digests(joined: str) -> list[str]:
    """The texts' digests of an article, run together in the index (32 characters each)."""
    return [joined[i:i + 32] for i in range(0, len(joined), 32)]


def _text_digest(text: str) -> str:
    return cache.digest(text.encode("utf-8"))


def _read(config: Config, path: Path) -> tuple[Source, cache.Record]:
    """One article, parsed from the bytes whose signature is recorded with it (a save
    after the read shows as a change next time)."""
    shown = config.shown(path)
    try:
        signature, data = cache.file_state(path)
    except IsADirectoryError:
        raise ArticleError(shown, "is a directory, not an article") from None
    except OSError as exc:
        raise ArticleError(shown, f"cannot read: {exc.strerror}") from None
    if signature is None or data is None:
        raise ArticleError(shown, "cannot read: it is gone")
    return articles_mod.from_bytes(path, data, config.relative(path), shown), [*signature, cache.digest(data)]


def _article_to_json(article: Article) -> dict[str, object]:
    return {"slug": article.slug, "path": article.path, "format": article.format,
            "chrome": [[c.msgid, c.line, c.role, [list(v) for v in c.variables]] for c in article.chrome],
            "body": [[b.text, b.line, b.role] for b in article.body], "metadata": article.metadata,
            "links": [list(link) for link in article.links], "problems": list(article.problems)}


def _article_from_json(stored: Any) -> Article:
    """The article kept as JSON text in the cache (ValueError, TypeError or KeyError when
    what is kept there is no such text)."""
    item = cache.loads(stored)
    return Article(
        slug=item["slug"], path=item["path"], format=item["format"],
        chrome=tuple(ChromeText(msgid, line, role, tuple((k, v) for k, v in variables))
                     for msgid, line, role, variables in item["chrome"]),
        body=tuple(BodyText(text, line, role) for text, line, role in item["body"]),
        metadata=dict(item["metadata"]),
        links=tuple((str(label), str(address)) for label, address in item["links"]),
        problems=tuple(str(problem) for problem in item["problems"]),
    )


def _remembered_confidence(config: Config, ledger: cache.Ledger) -> Confidence:
    """lingua's confidence for the recurring lines, remembered between runs by text."""
    measure: Confidence | None = None

    def confidence(text: str) -> float:
        nonlocal measure
        key = cache.digest(text.encode("utf-8"))
        known = ledger.get(key)
        if isinstance(known, float):
            return known
        if measure is None:
            measure = body_confidence(config.chrome_language, config.body_language)
        score = measure(text)
        ledger.put(key, score)
        return score

    return confidence
