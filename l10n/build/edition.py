"""One localized edition of one article: which text every passage shows, in which language.

Pure: ``render(article, catalogs, locale, policy, site, date)`` takes a separated article,
the locale's catalogs and the publish policy and returns an ``Edition``; it opens no file
(``l10n.build.pages`` turns an edition into HTML and Markdown, ``l10n.build.run`` reads and
writes).

Reading order: the headline; the site's chrome lines (the configured patterns: the
transparency note, the date line); the teaser; the rest of the body in the order of the
page (a chrome line that recurs across the site stays where it stands); the footer links.
A text the page dump repeats (its teaser three times, its headline twice) appears once.

Which text a passage shows:

* a text already in the edition's language is shown as written (the German chrome in the
  ``de`` edition, the English body in the ``en`` edition);
* else its approved translation;
* else, with ``Policy.allow_machine``, a current machine draft (the edition then carries a
  disclosure);
* else the source text, marked as a fallback in its own language, and the edition is
  partial. A rejected entry, or one a check found an error in, is never published.

The publication date is the one read at extraction (an ISO date); it is formatted for the
language of the line it stands in. A line whose placeholder has no value (an article
without a date) is left out, never shown with a hole or an invented date. Placeholders are
replaced only where a translation has the exact ``{name}`` of a known variable: nothing in
a translation is ever evaluated (``{date.__class__}`` stays text).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any

from l10n.build.records import EntryCounts, Policy
from l10n.catalogs.model import Catalog, Message
from l10n.dates import format_date
from l10n.states import FLAG, State, is_rejected, marker, state

if TYPE_CHECKING:
    from l10n.separate import Article, BodyText, ChromeText

PLACEHOLDER = re.compile(r"\{([A-Za-z_]\w*)\}")
CHROME = "chrome"  # the domain of the site's chrome; an article's body is "articles/<slug>"


def _empty_output_flag() -> str:
    """The flag of a draft the engine gave nothing for (imported on first need: a build
    with nothing changed imports no engine code)."""
    from l10n.mt.engine import FLAG_EMPTY_OUTPUT

    return FLAG_EMPTY_OUTPUT


class Source(str, Enum):
    """How a passage's text was chosen."""

    WRITTEN = "written"  # the text is in the edition's language already
    APPROVED = "approved"  # an approved translation
    MACHINE = "machine"  # a machine draft, published under --allow-machine
    FALLBACK = "fallback"  # no publishable translation: the source text, marked


@dataclass(frozen=True)
class Site:
    """What the workspace says about every edition: its languages and its chrome patterns."""

    chrome_language: str
    body_language: str
    locales: tuple[str, ...]  # every locale the site publishes (the editions link each other)
    patterns: tuple[str, ...] = ()  # the configured chrome patterns (their lines go on top)

    @property
    def date_pattern(self) -> str | None:
        """The pattern that carries the date: an article dated by its front matter gets its line."""
        return next((p for p in self.patterns if "{date}" in p), None)


@dataclass(frozen=True)
class Entry:
    """What the publish policy needs to know of one catalog entry."""

    msgstr: str
    state: State
    rejected: bool = False
    drafted_source: bool = False  # a machine draft that is only the source (the model gave nothing)

    @classmethod
    def of(cls, message: Message) -> Entry:
        flags = (marker(message, FLAG) or "").split(",")
        return cls(
            # a plural entry has no single text to show (extract writes none)
            msgstr="" if message.pluralizable else message.msgstr,
            state=state(message),
            rejected=is_rejected(message),
            drafted_source=_empty_output_flag() in (f.strip() for f in flags),
        )

    def to_json(self) -> list[object]:
        return [self.msgstr, self.state.value, self.rejected, self.drafted_source]

    @classmethod
    def from_json(cls, data: list[Any]) -> Entry:
        return cls(str(data[0]), State(data[1]), bool(data[2]), bool(data[3]))


@dataclass(frozen=True)
class Catalogs:
    """The translations one edition may use, by msgid (msgctxt-free entries, as extract writes)."""

    chrome: Mapping[str, Entry] = field(default_factory=dict)
    body: Mapping[str, Entry] = field(default_factory=dict)
    # (domain, msgid) of entries a check found an error in: never published
    blocked: frozenset[tuple[str, str]] = frozenset()

    @staticmethod
    def index(catalog: Catalog | None) -> dict[str, Entry]:
        if catalog is None:
            return {}
        return {m.msgid: Entry.of(m) for m in catalog.messages if not m.obsolete and m.msgctxt is None and m.msgid}


@dataclass(frozen=True)
class Passage:
    role: str  # headline | chrome | date | teaser | subheading | paragraph | list item | numbered item | quote | footer link
    text: str
    lang: str  # the locale code of the language ``text`` is in
    source: Source
    date: dt.date | None = None  # the publication date, when this line shows it
    date_span: tuple[int, int] | None = None  # where in ``text`` the formatted date stands
    markdown: bool = False  # ``text`` is Markdown (a Markdown article's, or its translation): see ``inline``
    links: tuple[tuple[str, str], ...] = ()  # the article's link reference definitions ([text][label])

    @property
    def fallback(self) -> bool:
        return self.source is Source.FALLBACK

    @property
    def plain(self) -> str:
        """The text without its inline markup (a title in ``<title>`` or an index)."""
        if not self.markdown:
            return self.text
        from l10n.inline import plain

        return plain(self.text)


@dataclass(frozen=True)
class Edition:
    slug: str
    locale: str
    passages: tuple[Passage, ...]  # in reading order
    counts: EntryCounts
    date: dt.date | None = None
    errors: int = 0  # entries of this edition a check found an error in

    @property
    def headline(self) -> Passage | None:
        return next((p for p in self.passages if p.role == "headline"), None)

    @property
    def machine(self) -> int:
        """Passages that show a machine draft."""
        return sum(p.source is Source.MACHINE for p in self.passages)

    @property
    def fallbacks(self) -> int:
        return sum(p.fallback for p in self.passages)

    @property
    def fallback_languages(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p.lang for p in self.passages if p.fallback))

    @property
    def state(self) -> str:
        """``failed`` (a check found an error), ``partial`` (a passage falls back), or ``complete``."""
        if self.errors:
            return "failed"
        return "partial" if self.fallbacks else "complete"


def fill(template: str, values: Mapping[str, str]) -> tuple[str, dict[str, tuple[int, int]]]:
    """``template`` with each exact ``{name}`` of a known variable replaced by its value, and
    where each replaced value landed (first occurrence). Nothing else is touched: no format
    spec, attribute or index is ever evaluated, a brace that is not such a token stays."""
    parts: list[str] = []
    spans: dict[str, tuple[int, int]] = {}
    length = 0
    pos = 0
    for match in PLACEHOLDER.finditer(template):
        name = match.group(1)
        if name not in values:
            continue
        literal = template[pos:match.start()]
        parts.append(literal)
        length += len(literal)
        value = values[name]
        spans.setdefault(name, (length, length + len(value)))
        parts.append(value)
        length += len(value)
        pos = match.end()
    parts.append(template[pos:])
    return "".join(parts), spans


class _Chooser:
    """Picks each text of one edition and counts the entries it used."""

    def __init__(self, locale: str, catalogs: Catalogs, policy: Policy) -> None:
        self.locale = locale
        self.catalogs = catalogs
        self.policy = policy
        self.states: dict[tuple[str, str], State] = {}
        self.errors: set[tuple[str, str]] = set()

    def choose(self, domain: str, msgid: str, source_language: str) -> tuple[str, str, Source]:
        """(text, its language, how it was chosen) for ``msgid`` of ``domain``."""
        if self.locale == source_language:
            return msgid, source_language, Source.WRITTEN
        table = self.catalogs.chrome if domain == CHROME else self.catalogs.body
        entry = table.get(msgid)
        current = entry.state if entry is not None else State.UNTRANSLATED
        self.states.setdefault((domain, msgid), current)
        shown: Source | None = None  # what the policy would publish, checks aside
        if entry is not None and not entry.rejected and entry.msgstr:
            if current is State.APPROVED:
                shown = Source.APPROVED
            elif current is State.MACHINE and self.policy.allow_machine and not entry.drafted_source:
                shown = Source.MACHINE
        if shown is None or entry is None:
            return msgid, source_language, Source.FALLBACK
        if (domain, msgid) in self.catalogs.blocked:
            # an error in what would be published: never shown, and the edition fails (an
            # error in a draft nobody would see yet is the review queue's business)
            self.errors.add((domain, msgid))
            return msgid, source_language, Source.FALLBACK
        return entry.msgstr, self.locale, shown

    def counts(self) -> EntryCounts:
        values = list(self.states.values())
        return EntryCounts(
            approved=values.count(State.APPROVED),
            machine=values.count(State.MACHINE),
            needs_review=values.count(State.NEEDS_REVIEW),
            untranslated=values.count(State.UNTRANSLATED),
        )


def _once(items: Iterable[BodyText]) -> list[BodyText]:
    seen: set[str] = set()
    out = []
    for item in items:
        if item.text not in seen:
            seen.add(item.text)
            out.append(item)
    return out


def render(article: Article, catalogs: Catalogs, locale: str, policy: Policy, site: Site,
           date: dt.date | None) -> Edition:
    """The edition of ``article`` in ``locale`` (see the module docstring)."""
    from l10n.separate import BodyText, ChromeText  # here: importing this module needs no separator

    chooser = _Chooser(locale, catalogs, policy)
    body = _once(article.body)
    headline = next((b for b in body if b.role == "headline"), None)
    teaser = next((b for b in body if b.role == "teaser"), None)
    first_body_line = min((b.line for b in body if b is not headline), default=None)

    top: list[ChromeText] = []  # the configured lines, after the headline
    placed: list[tuple[int, ChromeText]] = []  # recurring lines, where they stand
    footer: list[ChromeText] = []
    seen: set[str] = set()
    for item in article.chrome:
        if item.msgid in seen:
            continue
        seen.add(item.msgid)
        if item.role == "footer link":
            footer.append(item)
        elif item.msgid in site.patterns or first_body_line is None or item.line < first_body_line:
            top.append(item)
        else:
            placed.append((item.line, item))
    pattern = site.date_pattern
    if date is not None and pattern is not None and not any("{date}" in c.msgid for c in top + [p for _, p in placed]):
        # Dated by its front matter, the article has no date line of its own: the site's.
        top.append(ChromeText(pattern, 0, "chrome", (("date", date.isoformat()),)))

    passages: list[Passage] = []
    markdown = article.format == "md"  # its texts are Markdown, and so are their translations

    def add_body(item: BodyText) -> None:
        text, lang, source = chooser.choose(f"articles/{article.slug}", item.text, site.body_language)
        passages.append(Passage(item.role, text, lang, source, markdown=markdown, links=article.links))

    def add_chrome(item: ChromeText, role: str | None = None) -> None:
        names = PLACEHOLDER.findall(item.msgid)
        values = {name: value for name, value in item.variables if value}
        if "date" in names:
            if date is None:
                return  # no date line rather than a hole or an invented date
            values.pop("date", None)
        if any(name not in values for name in names if name != "date"):
            return
        text, lang, source = chooser.choose(CHROME, item.msgid, site.chrome_language)
        if "date" in names and date is not None:
            values["date"] = format_date(date, lang)
        shown, spans = fill(text, values)
        span = spans.get("date")
        passages.append(Passage(role or ("date" if span else item.role), shown, lang, source,
                                date if span else None, span))

    if headline is not None:
        add_body(headline)
    for item in top:
        add_chrome(item)
    if teaser is not None:
        add_body(teaser)
    rest = [(b.line, b) for b in body if b is not headline and b is not teaser]
    for _, entry in sorted(rest + placed, key=lambda pair: pair[0]):  # type: ignore[operator]
        if isinstance(entry, BodyText):
            add_body(entry)
        else:
            add_chrome(entry)
    for item in footer:
        add_chrome(item, "footer link")
    return Edition(article.slug, locale, tuple(passages), chooser.counts(), date, len(chooser.errors))
