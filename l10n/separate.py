"""Chrome versus body: which units are the site's template and which are the article.

A unit is chrome when it

* matches a configured chrome pattern (``Veröffentlicht am {date}``; the variable's value
  becomes article metadata and the msgid keeps the placeholder),
* is a footer line: links joined by the footer separator, at least one a known link
  (each link becomes its own msgid, so a new link reuses the others), or
* recurs, exactly, in two or more articles of the workspace (the site template), is not
  plainly in the body's language and is not a quotation: an English subheading two
  articles share ("What Comes Next", "Timeline") is body, and so is a quote two articles
  give on a line of its own ("„Wir schaffen das“"). "Plainly": lingua, choosing between
  the two languages, gives the body's at least 60% (55% for a line of two words or
  more); a word both languages write alike ("Video", "Update") scores about 50% and
  stays the template's. (At 85%, as before, "Timeline", "Analysis" and "Yes." became
  chrome; of 60 German words of news sites' templates, "Abo" is the only one lingua
  gives English 60% or more, beside loanwords written alike: "Service", "Shop".)

Everything else is body, German or not. Body units get a role: headline, teaser,
subheading, paragraph (Markdown also: item, quote).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from l10n.articles import Source, Unit
from l10n.config import ChromeConfig
from l10n.langid import Confidence

PLACEHOLDER = re.compile(r"\{([A-Za-z_]\w*)\}")
SENTENCE_END = tuple(".:;…,\"”“’'»«)]")  # a subheading may ask ("Why Now?") or exclaim
SUBHEADING_MAX_WORDS = 12
BODY_SURE = 0.6  # a single word in the body language
BODY_LEANS = 0.55  # a line of two words or more


@dataclass(frozen=True)
class ChromeText:
    msgid: str
    line: int
    role: str  # "chrome" | "footer link"
    variables: tuple[tuple[str, str], ...] = ()

    @property
    def has_placeholders(self) -> bool:
        return bool(PLACEHOLDER.search(self.msgid))


@dataclass(frozen=True)
class BodyText:
    text: str
    line: int
    role: str


@dataclass(frozen=True)
class Article:
    slug: str
    path: str
    format: str
    chrome: tuple[ChromeText, ...]
    body: tuple[BodyText, ...]
    metadata: dict[str, str] = field(default_factory=dict)
    links: tuple[tuple[str, str], ...] = ()  # a Markdown article's link reference definitions


@dataclass(frozen=True)
class _Pattern:
    template: str
    regex: re.Pattern[str]


def compile_pattern(template: str, chrome: ChromeConfig) -> re.Pattern[str]:
    """``Veröffentlicht am {date}`` -> a regex; a variable and the space before it may be
    absent, a colon may stand before a variable (``Veröffentlicht am: 12.03.2026``) and the
    final full stop may be missing (``… und geprüft``): the same line of the template."""
    parts: list[str] = []
    pos = 0
    for match in PLACEHOLDER.finditer(template):
        literal = template[pos:match.start()]
        stripped = literal.rstrip()
        parts.append(_literal(stripped))
        if stripped[-1:].isalnum():
            parts.append(":?")
        gap = r"\s+" if stripped != literal else ""
        name = match.group(1)
        parts.append(f"(?:{gap}(?P<{name}>{chrome.variable_pattern(name)}))?")
        pos = match.end()
    tail = template[pos:]
    parts.append(_literal(tail[:-1]) + r"\.?" if tail.endswith(".") else _literal(tail))
    return re.compile("".join(parts))


def _literal(text: str) -> str:
    return r"\s+".join(re.escape(word) for word in text.split(" "))


class Separator:
    """Tells chrome from body for the articles of one workspace."""

    def __init__(self, chrome: ChromeConfig, sources: Sequence[Source], body_confidence: Confidence | None = None,
                 recurring: Iterable[str] | None = None) -> None:
        """``recurring``: the texts found in two or more of the workspace's articles, when
        the caller knows them (``sources`` are then not counted: they may be a few)."""
        self.config = chrome
        self.patterns = [_Pattern(t, compile_pattern(t, chrome)) for t in chrome.patterns]
        self.links = set(chrome.footer_links)
        if recurring is None:
            recurring = recurring_texts(sources)
        recurring = list(recurring)
        if recurring and body_confidence is not None:
            recurring = [text for text in recurring if not _in_body_language(text, body_confidence)]
        self.recurring = {text for text in recurring if not is_quotation(text)}

    def chrome_of(self, unit: Unit) -> list[ChromeText] | None:
        """The chrome msgids this unit holds, or None when it is body."""
        text = unit.text
        for pattern in self.patterns:
            match = pattern.regex.fullmatch(text)
            if match:
                values = tuple((k, v or "") for k, v in sorted(match.groupdict().items()))
                return [ChromeText(pattern.template, unit.line, "chrome", values)]
        links = self._footer_links(text)
        if links:
            return [ChromeText(link, unit.line, "footer link") for link in links]
        if text in self.recurring:
            return [ChromeText(text, unit.line, "chrome")]
        return None

    def _footer_links(self, text: str) -> list[str] | None:
        if text in self.links:
            return [text]
        separator = self.config.footer_separator
        if separator not in text:
            return None
        parts = [" ".join(p.split()) for p in text.split(separator)]
        while parts and not parts[-1]:  # "Impressum · Kontakt ·": a separator too many
            parts.pop()
        while parts and not parts[0]:
            parts.pop(0)
        if len(parts) < 2 or not all(parts) or not any(p in self.links for p in parts):
            return None
        return parts

    def separate(self, source: Source) -> Article:
        chrome: list[ChromeText] = []
        body_units: list[tuple[Unit, bool]] = []  # (unit, came after the chrome block)
        for unit in source.units:
            found = self.chrome_of(unit)
            if found is None:
                body_units.append((unit, bool(chrome)))
            else:
                chrome.extend(found)
        # Variables and front matter become metadata: the first non-empty value of a name
        # wins; a variable matched without a value stays "" (never invented).
        metadata: dict[str, str] = {}

        def note(name: str, value: str) -> None:
            if not metadata.get(name):
                metadata[name] = value

        for item in chrome:
            for name, value in item.variables:
                note(name, value)
        for key, value in source.front_matter.items():
            if isinstance(value, (str, int, float)) or hasattr(value, "isoformat"):
                note(str(key), value.isoformat() if hasattr(value, "isoformat") else str(value))
        if "published" in metadata:
            note("date", metadata["published"])
        body = assign_roles(body_units, source.format)
        headline = next((b.text for b in body if b.role == "headline"), None)
        if headline is not None:
            metadata.setdefault("headline", headline)
        return Article(source.slug, source.path, source.format, tuple(chrome), tuple(body), metadata, source.links)


def recurring_texts(sources: Iterable[Source]) -> list[str]:
    """The texts of units found in two or more articles (a candidate for chrome)."""
    seen_in: Counter[str] = Counter()
    for source in sources:
        seen_in.update({unit.text for unit in source.units})
    return [text for text, count in seen_in.items() if count >= 2]


def _in_body_language(text: str, confidence: Confidence) -> bool:
    score = confidence(text)
    return score >= BODY_SURE or (len(text.split()) >= 2 and score >= BODY_LEANS)


OPENING_QUOTES = "\"'„“”«»‚‘’‹›「『"
CLOSING_QUOTES = "\"'“”«»‘’‹›」』"


def is_quotation(text: str) -> bool:
    """A line that is a quotation and nothing else: something said, not a template's."""
    return len(text) >= 3 and text[0] in OPENING_QUOTES and text[-1] in CLOSING_QUOTES


def is_subheading(text: str) -> bool:
    words = text.split()
    return (
        0 < len(words) <= SUBHEADING_MAX_WORDS
        and not text.endswith(SENTENCE_END)
        and (text[0].isupper() or text[0].isdigit())
    )


def assign_roles(units: Sequence[tuple[Unit, bool]], fmt: str) -> tuple[BodyText, ...]:
    """Roles for the body units of one article; repeats of a text share its role."""
    if not units:
        return ()
    roles: dict[str, str] = {}
    if fmt == "md":
        for unit, _ in units:
            if unit.kind in ("title", "heading1"):
                roles.setdefault(unit.text, "headline")
        if not roles:
            roles[units[0][0].text] = "headline"
        summaries = [u for u, _ in units if u.kind == "summary"]
        for unit in summaries:
            roles.setdefault(unit.text, "teaser")
        if not summaries:  # else the lede is in the front matter; the first paragraph is body
            teaser = next((u for u, _ in units if u.kind == "paragraph" and u.text not in roles), None)
            if teaser is not None:
                roles[teaser.text] = "teaser"
        for unit, _ in units:
            kind = {"heading": "subheading", "item": "list item", "quote": "quote"}.get(unit.kind, "paragraph")
            roles.setdefault(unit.text, kind)
    else:
        first = units[0][0]
        roles[first.text] = "headline"
        after_chrome = [u for u, after in units if after and u.text != first.text]
        before_chrome = {u.text for u, after in units if not after and u.text != first.text}
        # The teaser follows the site's block under the headline; a page whose chrome
        # comes only after the article (two texts or more before it) starts with its teaser.
        candidates = (after_chrome if len(before_chrome) < 2 else []) or [u for u, _ in units if u.text != first.text]
        if candidates:
            roles[candidates[0].text] = "teaser"
        for unit, _ in units:
            roles.setdefault(unit.text, "subheading" if is_subheading(unit.text) else "paragraph")
    return tuple(BodyText(unit.text, unit.line, roles[unit.text]) for unit, _ in units)
