"""The workspace's articles, found, read and separated into chrome and body.

Shared by the stages that need the articles themselves (extract, build): the files of
the articles folder (refusing any that resolve outside the workspace), each read and
parsed (a bad one is an error of its own), then separated with the rules of
``l10n.separate`` across the whole collection (a line that recurs across articles is
chrome).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from l10n import articles as articles_mod
from l10n.config import Config
from l10n.dates import read_date
from l10n.errors import ArticleError, InputError, L10nError
from l10n import cache
from l10n.langid import Confidence, body_confidence
from l10n.separate import Article, BodyText, ChromeText, Separator
from l10n.workspace import guard_entry, guard_inside

# The article's publication date (ISO), written by extract into its template's header:
# the build and the review queue read it there.
ARTICLE_DATE_HEADER = "X-Article-Date"


def article_date(article: Article, config: Config) -> dt.date | None:
    """The publication date of ``article``, read from its page or front matter."""
    return read_date(article.metadata.get("date"), (config.chrome_language, config.body_language))


@dataclass(frozen=True)
class ArticleFiles:
    files: tuple[Path, ...]  # the articles to read, by name
    errors: tuple[L10nError, ...]  # files that are articles but cannot be (bad names)
    warnings: tuple[str, ...]  # files that are not articles at all


def article_files(config: Config) -> ArticleFiles:
    """The article files of the workspace. A file or folder that resolves outside the
    workspace stops everything (OutsideWorkspaceError): nothing may be read from there."""
    folder = config.articles_path
    if not folder.is_dir():
        raise InputError(f"{config.shown(folder)}: no articles folder (articles go in "
                         f"{config.articles_dir}/ as SLUG.txt or SLUG.md)")
    guard_inside(config, folder)
    files: list[Path] = []
    errors: list[L10nError] = []
    warnings: list[str] = []
    slugs: dict[str, Path] = {}
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        guard_entry(config, path)  # the folder is inside: only a link can lead out
        if path.suffix not in articles_mod.ARTICLE_SUFFIXES:
            kind = "folder" if path.is_dir() else "file"
            warnings.append(f"{config.shown(path)}: not an article (articles are .txt or .md files); "
                            f"{kind} ignored")
            continue
        problem = articles_mod.slug_problem(path.stem)
        if problem:
            errors.append(ArticleError(config.shown(path), problem))
            continue
        if path.stem in slugs:
            errors.append(ArticleError(config.shown(path), f"same slug as {config.shown(slugs[path.stem])}; "
                                                            "rename or remove one"))
            continue
        slugs[path.stem] = path
        files.append(path)
    if not files and not errors:
        raise InputError(f"{config.shown(folder)}: no articles (SLUG.txt or SLUG.md)")
    return ArticleFiles(tuple(files), tuple(errors), tuple(warnings))


@dataclass(frozen=True)
class LoadedArticles:
    articles: tuple[Article, ...]
    errors: tuple[L10nError, ...]  # articles that could not be read: reported and skipped
    skipped: frozenset[str]  # their slugs: their templates are kept as they are
    warnings: tuple[str, ...]


def load_articles(config: Config, remember: bool = True) -> LoadedArticles:
    """Read and separate every article of the workspace (all read before anything is
    written); a bad article is an error of its own and the others are still read.

    When every article file is as it was when they were last separated (and the settings
    that separate them too), the separated articles come from ``.l10n/cache`` instead: a
    run with nothing changed does not read the articles again (``remember=False``: what
    was read is not written there, for a run that must write nothing)."""
    found = article_files(config)
    ledger = cache.Ledger.open(config, "articles")
    settings = cache.digest(repr((SEPARATION_VERSION, config.chrome, config.chrome_language,
                                  config.body_language)).encode("utf-8"))
    remembered = ledger.get("separated")
    if (not found.errors and isinstance(remembered, dict) and remembered.get("settings") == settings
            and remembered.get("files") == [config.relative(p) for p in found.files]
            and all(ledger.unchanged(path, record) for path, record in zip(found.files, remembered["records"]))):
        articles = tuple(_article_from_json(item) for item in remembered["articles"])
        return LoadedArticles(articles, (), frozenset(), found.warnings)
    loaded = _separate(config, found, remember)
    if remember and not loaded.errors:
        ledger.put("separated", {"settings": settings, "files": [config.relative(p) for p in found.files],
                                 "records": [cache.record(p) for p in found.files],
                                 "articles": [_article_to_json(a) for a in loaded.articles]})
        ledger.save()
    return loaded


SEPARATION_VERSION = 1  # bump when separating the same article gives something else


def _article_to_json(article: Article) -> dict[str, object]:
    return {"slug": article.slug, "path": article.path, "format": article.format,
            "chrome": [[c.msgid, c.line, c.role, [list(v) for v in c.variables]] for c in article.chrome],
            "body": [[b.text, b.line, b.role] for b in article.body], "metadata": article.metadata}


def _article_from_json(item: dict[str, Any]) -> Article:
    return Article(
        slug=item["slug"], path=item["path"], format=item["format"],
        chrome=tuple(ChromeText(msgid, line, role, tuple((k, v) for k, v in variables))
                     for msgid, line, role, variables in item["chrome"]),
        body=tuple(BodyText(text, line, role) for text, line, role in item["body"]),
        metadata=dict(item["metadata"]),
    )


def _separate(config: Config, found: ArticleFiles, remember: bool) -> LoadedArticles:
    sources = []
    errors = list(found.errors)
    skipped = {Path(e.path).stem for e in found.errors if isinstance(e, ArticleError)}
    for path in found.files:
        try:
            sources.append(articles_mod.read(path, config.relative(path), config.shown(path)))
        except ArticleError as exc:
            errors.append(exc)
            skipped.add(path.stem)
    ledger = cache.Ledger.open(config, f"langid-{config.chrome_language}-{config.body_language}")
    separator = Separator(config.chrome, sources, _remembered_confidence(config, ledger))
    if remember:
        ledger.save()
    return LoadedArticles(tuple(separator.separate(source) for source in sources), tuple(errors),
                          frozenset(skipped), found.warnings)




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
