"""``l10n extract``: articles -> templates (chrome.pot and one .pot per article).

The pure part builds ``Catalog`` values from separated articles; ``run`` reads the
workspace, writes only templates whose bytes changed, and removes templates of articles
that are gone. Nothing is written when any article is bad.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from l10n import articles as articles_mod
from l10n import fsio
from l10n.catalogs import pofile
from l10n.catalogs.model import Catalog, Message
from l10n.config import Config
from l10n.errors import InputError
from l10n.langid import body_confidence
from l10n.workspace import template_for
from l10n.separate import Article, Separator

CHROME_DOMAIN = "chrome"


@dataclass(frozen=True)
class ArticleSummary:
    slug: str
    path: str
    template: str
    entries: int
    chrome_lines: int
    metadata: dict[str, str]


@dataclass(frozen=True)
class ExtractResult:
    chrome_template: str
    chrome_entries: int
    articles: tuple[ArticleSummary, ...]
    written: tuple[str, ...]  # templates whose bytes changed
    removed: tuple[str, ...]  # templates of articles that no longer exist

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(f"{a.path}: no body text (only chrome or front matter)" for a in self.articles if not a.entries)

    def to_json(self) -> dict[str, object]:
        return {
            "chrome_template": self.chrome_template,
            "chrome_entries": self.chrome_entries,
            "articles": [a.__dict__ for a in self.articles],
            "written": list(self.written),
            "removed": list(self.removed),
            "warnings": list(self.warnings),
        }


def template_header(project: str, source_language: str) -> list[tuple[str, str]]:
    return [
        ("Project-Id-Version", project),
        ("Report-Msgid-Bugs-To", ""),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
        ("X-Source-Language", source_language),
        ("X-Generator", "l10n extract"),
    ]


def _add(entries: dict[str, Message], msgid: str, reference: str, role: str, brace: bool) -> None:
    entry = entries.get(msgid)
    if entry is None:
        entry = entries[msgid] = Message(msgid=msgid, flags=["python-brace-format"] if brace else [])
    if role not in entry.extracted_comments:
        entry.extracted_comments.append(role)
    if reference not in entry.references:
        entry.references.append(reference)


def chrome_catalog(articles: Iterable[Article], config: Config) -> Catalog:
    entries: dict[str, Message] = {}
    for article in articles:
        for item in article.chrome:
            _add(entries, item.msgid, f"{article.path}:{item.line}", item.role, item.has_placeholders)
    return Catalog(
        headers=template_header(CHROME_DOMAIN, config.chrome_language),
        header_comments=[f"Site chrome (source language {config.chrome_language}). Written by l10n extract: do not edit."],
        header_flags=["fuzzy"],
        messages=list(entries.values()),
    )


def article_catalog(article: Article, config: Config) -> Catalog:
    entries: dict[str, Message] = {}
    for block in article.body:
        _add(entries, block.text, f"{article.path}:{block.line}", block.role, False)
    return Catalog(
        headers=template_header(f"articles/{article.slug}", config.body_language),
        header_comments=[f"Article {article.slug} (source language {config.body_language}). Written by l10n extract: do not edit."],
        header_flags=["fuzzy"],
        messages=list(entries.values()),
    )


def article_files(config: Config) -> list[Path]:
    folder = config.articles_path
    if not folder.is_dir():
        raise InputError(f"{config.relative(folder)}: no articles folder")
    files = sorted(p for p in folder.iterdir() if p.suffix in articles_mod.ARTICLE_SUFFIXES and not p.name.startswith("."))
    if not files:
        raise InputError(f"{config.relative(folder)}: no articles (*.txt, *.md)")
    slugs: dict[str, Path] = {}
    for path in files:
        if path.stem in slugs:
            raise InputError(f"{config.relative(path)}: same slug as {config.relative(slugs[path.stem])}; rename one")
        slugs[path.stem] = path
    return files


def load_articles(config: Config) -> list[Article]:
    """Read and separate every article of the workspace (all read before anything is written)."""
    sources = [articles_mod.read(path, config.relative(path)) for path in article_files(config)]
    separator = Separator(config.chrome, sources, body_confidence(config.chrome_language, config.body_language))
    return [separator.separate(source) for source in sources]


def template_path(config: Config, slug: str | None = None) -> Path:
    return template_for(config, CHROME_DOMAIN if slug is None else f"articles/{slug}")


def render(articles: Sequence[Article], config: Config) -> dict[Path, bytes]:
    """Every template of the workspace, as bytes, by path."""
    out = {template_path(config): pofile.dump(chrome_catalog(articles, config))}
    for article in articles:
        out[template_path(config, article.slug)] = pofile.dump(article_catalog(article, config))
    return out


def run(config: Config) -> ExtractResult:
    articles = load_articles(config)
    rendered = render(articles, config)
    written: list[str] = []
    removed: list[str] = []
    with fsio.workspace_lock(config.locales_path):
        for path, data in rendered.items():
            if fsio.write_if_changed(path, data):
                written.append(config.relative(path))
        stale_dir = config.templates_path / "articles"
        for stale in sorted(stale_dir.glob("*.pot")):
            if stale not in rendered and fsio.remove(stale):
                removed.append(config.relative(stale))
    chrome_entries = len({item.msgid for a in articles for item in a.chrome})
    summaries = tuple(
        ArticleSummary(
            slug=a.slug,
            path=a.path,
            template=config.relative(template_path(config, a.slug)),
            entries=len({b.text for b in a.body}),
            chrome_lines=len({c.line for c in a.chrome}),
            metadata=dict(a.metadata),
        )
        for a in articles
    )
    return ExtractResult(config.relative(template_path(config)), chrome_entries, summaries, tuple(written), tuple(removed))
