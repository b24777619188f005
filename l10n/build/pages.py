"""Editions, locale indexes and the status page as HTML (Jinja2) and Markdown. Pure: text out.

HTML comes from the Jinja templates in ``templates/`` with autoescaping on for every one of
them: article text and translations are data, never markup. Markdown is written here, with
every character Markdown could read as markup escaped (``\\<``, ``\\[``, ``\\*``, ...), so an
article's ``<script>`` or ``[x](javascript:...)`` stays text there too. The one exception is
a Markdown article's own inline markup (emphasis, code, links): ``inline`` turns it into
the few elements it stands for, and escapes the rest the same way.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import os
import re
from collections.abc import Callable, Collection, Iterable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from markupsafe import Markup

from l10n import cache, fsio, inline, tables
from l10n.build import texts
from l10n.build.edition import Edition, Passage, Site, Source
from l10n.build.records import EntryCounts
from l10n.dates import format_date
from l10n.errors import L10nError

TEMPLATES = Path(__file__).parent / "templates"


_COMPILED_IN: list[str] = []  # where compiled templates are kept (``keep_compiled``)
_DIGEST_SIZE = 16


def keep_compiled(folder: Path | None) -> None:
    """Keep the templates compiled in ``folder`` (the workspace's cache) from now on: a
    build that renders a few editions does not compile every template again. None: keep
    them nowhere (a run that writes nothing, or another workspace's)."""
    wanted = [str(folder)] if folder is not None else []
    if _COMPILED_IN != wanted:
        _COMPILED_IN[:] = wanted
        environment.cache_clear()


@functools.lru_cache(maxsize=1)
def environment() -> Any:
    import jinja2

    class Compiled(jinja2.FileSystemBytecodeCache):
        """Jinja's cache of compiled templates (written atomically, with a digest of its
        bytes after them); one that cannot be read or written, or whose digest does not
        match (a damaged disk: loading damaged bytecode can crash Python), is compiled again."""

        def load_bytecode(self, bucket: Any) -> None:
            try:
                data = Path(self._get_cache_filename(bucket)).read_bytes()
            except OSError:
                return
            body, mark = data[:-_DIGEST_SIZE], data[-_DIGEST_SIZE:]
            if len(data) <= _DIGEST_SIZE or hashlib.blake2b(body, digest_size=_DIGEST_SIZE).digest() != mark:
                return  # (not loaded: compiled again, and written over)
            try:
                bucket.load_bytecode(io.BytesIO(body))
            except (ValueError, EOFError, TypeError):
                bucket.reset()

        def dump_bytecode(self, bucket: Any) -> None:
            out = io.BytesIO()
            bucket.write_bytecode(out)
            body = out.getvalue()
            try:
                os.makedirs(self.directory, exist_ok=True)
                cache.sweep_stale(Path(self.directory))
                fsio.atomic_write(Path(self._get_cache_filename(bucket)),
                                  body + hashlib.blake2b(body, digest_size=_DIGEST_SIZE).digest(), durable=False)
            except (OSError, L10nError):
                pass

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        bytecode_cache=Compiled(_COMPILED_IN[0]) if _COMPILED_IN else None,
        autoescape=True,  # every template, whatever its name: nothing rendered is trusted
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@functools.lru_cache(maxsize=1)
def version() -> str:
    """Changes whenever the output of the same inputs may: templates, shipped texts, l10n's code."""
    digest = hashlib.sha256(cache.code_version().encode())
    for path in sorted(TEMPLATES.iterdir()):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    digest.update(texts.version().encode())
    return digest.hexdigest()[:16]


def edition_path(locale: str, slug: str, suffix: str) -> str:
    """Where an edition goes, relative to the build folder."""
    return f"{locale}/{slug}.{suffix}"


# ---------------------------------------------------------------------------------------
# An edition as HTML


@dataclass(frozen=True)
class _Shown:
    """A passage as the templates need it."""

    role: str
    classes: str
    lang: str | None  # a ``lang`` attribute: only where the text is not in the page's language
    text: str
    before: str = ""
    date: str = ""
    after: str = ""
    iso: str = ""
    table: _HtmlTable | None = None  # a Markdown article's table: its cells as HTML


@dataclass(frozen=True)
class _HtmlTable:
    head: tuple[tuple[Markup, str], ...]  # (cell, alignment: "" | left | center | right)
    rows: tuple[tuple[tuple[Markup, str], ...], ...]


def _html_table(text: str, links: inline.Links) -> _HtmlTable | None:
    """A table's text as cells of HTML (inline markup as elements, the rest escaped); None
    when it holds no table (a translation that broke it: shown as a paragraph)."""
    found = tables.parse(text)
    if found is None:
        return None

    def row(cells: Sequence[str]) -> tuple[tuple[Markup, str], ...]:
        return tuple((inline.to_html(cell, links), found.align[i] if i < len(found.align) else "")
                     for i, cell in enumerate(cells))

    return _HtmlTable(row(found.header), tuple(row(r) for r in found.rows))


def _shown(passage: Passage, locale: str) -> _Shown:
    role_class = {"date": "dateline", "footer link": "footer-link", "list item": "item",
                  "numbered item": "item"}.get(passage.role, passage.role)
    classes = [role_class]
    if passage.source is Source.FALLBACK:
        classes.append("fallback")
    elif passage.source is Source.MACHINE:
        classes.append("machine")
    lang = texts.lang_tag(passage.lang) if passage.lang != locale else None
    if passage.role == "table" and passage.markdown:
        table = _html_table(passage.text, passage.links)
        if table is not None:
            return _Shown(passage.role, " ".join(classes), lang, "", table=table)
    if passage.markdown:
        return _Shown(passage.role, " ".join(classes), lang, inline.to_html(passage.text, passage.links))
    if passage.date is not None and passage.date_span is not None:
        start, end = passage.date_span
        return _Shown(passage.role, " ".join(classes), lang, passage.text, passage.text[:start],
                      passage.text[start:end], passage.text[end:], passage.date.isoformat())
    return _Shown(passage.role, " ".join(classes), lang, passage.text)


@dataclass(frozen=True)
class _Block:
    kind: str  # h1 | meta | teaser | h2 | p | chrome | ul | ol | blockquote | table
    items: tuple[_Shown, ...]

    @property
    def tag(self) -> str:
        """The element of each item (one of a fixed few: never taken from the text)."""
        return {"h1": "h1", "h2": "h2", "ul": "li", "ol": "li"}.get(self.kind, "p")


_BLOCK_OF = {"headline": "h1", "chrome": "meta", "date": "meta", "teaser": "teaser", "subheading": "h2",
             "paragraph": "p", "list item": "ul", "numbered item": "ol", "quote": "blockquote", "table": "table"}
_GROUPED = ("meta", "ul", "ol", "blockquote")


def _blocks(edition: Edition) -> list[_Block]:
    blocks: list[_Block] = []
    body_started = False
    for passage in edition.passages:
        if passage.role == "footer link":
            continue
        kind = _BLOCK_OF.get(passage.role, "p")
        if kind == "meta" and body_started:
            kind = "chrome"  # a recurring site line inside the body
        if kind not in ("h1", "meta"):
            body_started = True
        shown = _shown(passage, edition.locale)
        if kind == "table" and shown.table is None:
            kind = "p"  # (a translation that is no table any more: its text, as a paragraph)
        if kind in _GROUPED and blocks and blocks[-1].kind == kind:
            blocks[-1] = _Block(kind, blocks[-1].items + (shown,))
        else:
            blocks.append(_Block(kind, (shown,)))
    return blocks


@dataclass(frozen=True)
class _Note:
    kind: str
    text: str
    lang: str | None


def _note(kind: str, msgid: str, locale: str, **values: str) -> _Note:
    found = texts.text(msgid, locale, **values)
    same = found.lang.split("_")[0] == locale.replace("-", "_").split("_")[0]
    return _Note(kind, found.text, None if same else texts.lang_tag(found.lang))


@dataclass(frozen=True)
class _Alternate:
    hreflang: str
    href: str
    name: str


def _edition_href(locale: str, slug: str, suffix: str) -> str:
    """An edition's address from any locale's folder."""
    return f"../{edition_path(locale, slug, suffix)}"


def _index_href(locale: str) -> str:
    """A locale's index from any locale's folder."""
    return f"../{locale}/index.html"


def _alternates(edition: Edition, site: Site, suffix: str) -> list[_Alternate]:
    return [_Alternate(texts.lang_tag(loc), _edition_href(loc, edition.slug, suffix), texts.own_name(loc))
            for loc in site.locales if loc != edition.locale]


def _notices(edition: Edition) -> list[_Note]:
    notes = []
    if edition.machine:
        notes.append(_note("disclosure", texts.MACHINE_DISCLOSURE, edition.locale))
    if edition.fallbacks:
        notes.append(_note("partial", texts.PARTIAL_NOTE, edition.locale))
    return notes


def edition_html(edition: Edition, site: Site) -> str:
    headline = edition.headline
    return str(environment().get_template("edition.html.j2").render(
        lang=texts.lang_tag(edition.locale),
        title=headline.plain if headline is not None else edition.slug,
        title_lang=texts.lang_tag(headline.lang) if headline is not None and headline.lang != edition.locale else None,
        notices=_notices(edition),
        blocks=_blocks(edition),
        footer=[_shown(p, edition.locale) for p in edition.passages if p.role == "footer link"],
        alternates=_alternates(edition, site, "html"),
        own_href=_edition_href(edition.locale, edition.slug, "html"),  # (a set of hreflang names each page)
        also_in=_note("also", texts.ALSO_IN, edition.locale),
        all_articles=_note("index", texts.ALL_ARTICLES, edition.locale),
    ))


# ---------------------------------------------------------------------------------------
# An edition as Markdown

_LINE_BREAKS = re.compile(r"[ \t]*[\r\n]+[ \t]*")  # a line break would end a Markdown block
_MD_ANYWHERE = re.compile(r"([\\`*_\[\]<>&|~#!])")
_MD_LINE_START = re.compile(r"^(\s*)([-+=>])")
_MD_ORDERED = re.compile(r"^(\s*\d+)([.)])")


def md_escape(text: str) -> str:
    """``text`` as Markdown that shows exactly it: nothing in it becomes markup."""
    return _md_line_start(_md_chars(text.strip()))


def md_inline(text: str, links: inline.Links = ()) -> str:
    """A Markdown article's ``text`` as Markdown: its emphasis, code and links as such
    (``inline``; a ``[text][label]`` of ``links`` written out), nothing else in it markup."""
    return _md_line_start(inline.to_markdown(text, _md_chars, links))


def _md_chars(text: str) -> str:
    return _MD_ANYWHERE.sub(r"\\\1", _LINE_BREAKS.sub(" ", text))


def _md_line_start(text: str) -> str:
    text = _MD_LINE_START.sub(r"\1\\\2", text)
    return _MD_ORDERED.sub(r"\1\\\2", text)


def _footnote_label(lang: str) -> str:
    return re.sub(r"[^A-Za-z0-9-]", "-", texts.lang_tag(lang))


def _md_table(passage: Passage, shown: Callable[[Passage], str]) -> str:
    """A table passage as a pipe table: each cell's inline markup as such, the rest escaped
    (a pipe in a cell as ``\\|``); a fallback's footnote under it."""
    found = tables.parse(passage.text)
    assert found is not None
    written = found.write(lambda cell: md_inline(cell, passage.links) if cell else "")
    if passage.fallback:
        written += "\n\n" + shown(replace(passage, text="", markdown=False)).strip()
    return written


def edition_markdown(edition: Edition, site: Site) -> str:
    def shown(passage: Passage, wrap: str = "") -> str:
        """The passage's text escaped, in ``wrap`` (``**``, ``*``), and a footnote when it falls back."""
        text = md_inline(passage.text, passage.links) if passage.markdown else md_escape(passage.text)
        text = f"{wrap}{text}{wrap}" if text else text  # (an empty ``****`` would be a rule)
        return f"{text} [^{_footnote_label(passage.lang)}]" if passage.fallback else text

    out: list[str] = []
    notes = _notices(edition)
    if notes:
        out.append("\n".join(f"> {md_escape(note.text)}" if i else f"> **{md_escape(note.text)}**"
                             for i, note in enumerate(notes)))
    previous = ""
    numbered = 0  # (the number of a numbered list's item)
    for passage in edition.passages:
        role = passage.role
        if role == "footer link":
            continue
        if role in ("chrome", "date"):
            line = shown(passage, "*")
            if previous in ("chrome", "date"):
                out[-1] += "\\\n" + line  # the site's lines together, one under the other
            else:
                out.append(line)
        elif role == "headline":
            out.append(f"# {shown(passage)}")
        elif role == "teaser":
            out.append(shown(passage, "**"))
        elif role == "subheading":
            out.append(f"## {shown(passage)}")
        elif role in ("list item", "numbered item"):
            numbered = numbered + 1 if previous == role else 1
            line = f"{'-' if role == 'list item' else f'{numbered}.'} {shown(passage)}"
            if previous == role:
                out[-1] += "\n" + line
            else:
                out.append(line)
        elif role == "quote":
            out.append(f"> {shown(passage)}")
        elif role == "table" and passage.markdown and tables.parse(passage.text) is not None:
            out.append(_md_table(passage, shown))
        else:
            out.append(shown(passage))
        previous = role
    footer = [shown(p) for p in edition.passages if p.role == "footer link"]
    if footer:
        out.append("---")
        out.append(" · ".join(footer))
    others = _alternates(edition, site, "md")
    if others:
        also = _note("also", texts.ALSO_IN, edition.locale)
        out.append(md_escape(also.text) + " " + " · ".join(f"[{md_escape(a.name)}]({a.href})" for a in others))
    for lang in edition.fallback_languages:
        note = texts.text(texts.FALLBACK_NOTE, edition.locale,
                          language=texts.language_name(lang, edition.locale))
        out.append(f"[^{_footnote_label(lang)}]: {md_escape(note.text)}")
    return "\n\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------
# A locale's index


@dataclass(frozen=True)
class IndexEntry:
    """One edition as a locale's index lists it."""

    slug: str
    title: str
    title_lang: str  # the language the title is in (the source's when it is a fallback)
    date: str | None  # ISO
    machine: bool  # shows machine drafts

    def to_json(self) -> list[object]:
        return [self.slug, self.title, self.title_lang, self.date, self.machine]


_Item = TypeVar("_Item")


def _index_facts(entry: IndexEntry) -> tuple[str | None, str, str]:
    return entry.date, entry.title, entry.slug


def newest_first(items: Iterable[_Item], facts: Callable[[_Item], tuple[str | None, str, str]]) -> list[_Item]:
    """Dated items newest first, then the undated ones by title: the order of the locale
    indexes and of the status page's rows. ``facts``: an item's ISO date (or None),
    title and slug."""
    keyed = [(facts(item), item) for item in items]
    dated = sorted((k for k in keyed if k[0][0]), key=lambda k: (k[0][0] or "", k[0][2]), reverse=True)
    undated = sorted((k for k in keyed if not k[0][0]), key=lambda k: (k[0][1].casefold(), k[0][2]))
    return [item for _, item in dated + undated]


def index_html(locale: str, entries: Sequence[IndexEntry], site: Site) -> str:
    ordered = newest_first(entries, _index_facts)
    rows = []
    for entry in ordered:
        date = dt.date.fromisoformat(entry.date) if entry.date else None
        rows.append({
            "href": f"{entry.slug}.html",
            "title": entry.title,
            "lang": texts.lang_tag(entry.title_lang) if entry.title_lang != locale else None,
            "date": format_date(date, locale) if date else "",
            "iso": entry.date or "",
        })
    machine = _note("machine", texts.MACHINE_DISCLOSURE, locale)
    return str(environment().get_template("index.html.j2").render(
        lang=texts.lang_tag(locale),
        title=_note("title", texts.ARTICLES, locale),
        rows=[dict(row, machine=entry.machine) for row, entry in zip(rows, ordered)],
        machine=machine,
        alternates=[_Alternate(texts.lang_tag(loc), _index_href(loc), texts.own_name(loc))
                    for loc in site.locales if loc != locale],
        own_href=_index_href(locale),
    ))


# ---------------------------------------------------------------------------------------
# The status page


class StatusCell(NamedTuple):
    """One edition's cell. (Named tuples, these and the rows: a build makes thousands, for
    every article, and a frozen dataclass takes several times as long to make.)"""

    locale: str
    href: str | None  # the edition, relative to build/ (None: never rendered)
    state: str  # complete | partial | failed | missing
    counts: tuple[int, int, int, int]  # approved, machine, needs review, untranslated (EntryCounts.row)
    machine: bool = False  # shows machine drafts (--allow-machine)
    error: str | None = None  # not rendered: what it met (its article, or a catalog it reads, does not read)


class StatusRow(NamedTuple):
    slug: str
    title: str  # the headline as written
    date: str | None  # ISO
    cells: tuple[StatusCell, ...]


@dataclass(frozen=True)
class StatusLocale:
    locale: str
    queue: int  # entries waiting for a reviewer in the locale's catalogs
    complete: int
    partial: int
    failed: int
    indexed: bool = True  # its index page is there (a locale never built has none)
    policy: str = "approved"  # "machine": its editions (some) were built with --allow-machine
    unrendered: int = 0  # of ``failed``: not rendered (an article or a catalog that does not read)


@dataclass(frozen=True)
class StatusPage:
    locales: tuple[StatusLocale, ...]
    rows: tuple[StatusRow, ...]
    policy: str  # "approved" | "machine"
    chrome_language: str = "de"  # the site's lines are written in it
    body_language: str = "en"  # the articles are


_SEGMENTS = (("approved", "approved"), ("machine", "machine draft"), ("needs_review", "needs review"),
             ("untranslated", "untranslated"))


def _bar(counts: EntryCounts) -> list[dict[str, object]]:
    total = counts.total
    values = counts.to_json()
    return [{"kind": key, "label": label, "count": values[key],
             "percent": round(100 * values[key] / total, 2) if total else 0}
            for key, label in _SEGMENTS if values[key]]


def _summary(counts: EntryCounts) -> str:
    if not counts.total:
        return "nothing to translate"
    values = counts.to_json()
    return ", ".join(f"{values[key]} {label}" for key, label in _SEGMENTS if values[key])


def status_html(page: StatusPage, built: dt.datetime, rows: MutableMapping[str, list[str]] | None = None,
                only: Collection[str] | None = None) -> str:
    """The status page. ``rows``: each article's row as last rendered (slug -> [what it
    showed, its HTML]); a row that shows the same is not rendered again, and the mapping is
    left holding this page's rows. ``only``: the articles whose rows may have changed
    since (the caller knows the others' did not); None: any."""
    import markupsafe

    names = {loc.locale: texts.own_name(loc.locale) for loc in page.locales}
    remembered = rows if rows is not None else {}
    row_template = environment().get_template("status_row.html.j2")
    fragments = []
    for row in page.rows:
        hit = remembered.get(row.slug)
        if hit and only is not None and row.slug not in only:
            fragments.append(markupsafe.Markup(hit[1]))
            continue
        shows = repr(row)
        if not (hit and hit[0] == shows):
            hit = remembered[row.slug] = [shows, row_template.render(row=_row(row))]
        # Rendered above with autoescaping (and kept only in the workspace's own cache).
        fragments.append(markupsafe.Markup(hit[1]))
    for slug in set(remembered) - {row.slug for row in page.rows}:
        del remembered[slug]
    return str(environment().get_template("status.html.j2").render(
        locales=[{"code": loc.locale, "name": names[loc.locale], "queue": loc.queue, "complete": loc.complete,
                  "partial": loc.partial, "checks": loc.failed - loc.unrendered, "unrendered": loc.unrendered,
                  "indexed": loc.indexed, "policy": loc.policy}
                 for loc in page.locales],
        rows=fragments,
        legend=[{"kind": key, "label": label} for key, label in _SEGMENTS],
        built=built.strftime("%Y-%m-%d %H:%M UTC"),
        built_iso=built.isoformat(timespec="seconds"),
        policy=page.policy,
        chrome_language=page.chrome_language,
        body_language=page.body_language,
        chrome_name=texts.language_name(page.chrome_language, "en"),
        body_name=texts.language_name(page.body_language, "en"),
    ))


def _row(row: StatusRow) -> dict[str, object]:
    date = dt.date.fromisoformat(row.date) if row.date else None
    errors = {c.error for c in row.cells}
    shared = errors.pop() if len(errors) == 1 else None  # (the article's own: said once, for the row)
    cells = []
    for c in row.cells:
        counts = EntryCounts(*c.counts)
        summary = (("not rendered" + (f": {c.error}" if c.error != shared else "")) if c.error
                   else "not built" if c.state == "missing" else _summary(counts))
        cells.append({"locale": c.locale, "href": c.href, "state": c.state, "bar": _bar(counts) if counts.total else [],
                      "summary": summary, "machine": c.machine, "approved": counts.approved,
                      "total": counts.total, "error": c.error, "own_error": c.error if c.error != shared else None})
    return {
        "slug": row.slug,
        "title": row.title,
        "date": format_date(date, "en") if date else "no date",
        "iso": row.date or "",
        "cells": cells,
        "error": shared,
    }


def status_key(page: StatusPage) -> Mapping[str, object]:
    """What the status page shows, as data: the page is rewritten only when this changes."""
    return {
        "policy": page.policy,
        "languages": [page.chrome_language, page.body_language],
        "locales": [[loc.locale, loc.queue, loc.complete, loc.partial, loc.failed, loc.unrendered, loc.indexed,
                     loc.policy]
                    for loc in page.locales],
        "rows": [(row.slug, row.title, row.date, [tuple(cell) for cell in row.cells]) for row in page.rows],
    }
