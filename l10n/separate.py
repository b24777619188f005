"""Chrome versus body: which units are the site's template and which are the article.

A unit is chrome when it

* matches a configured chrome pattern (``Veröffentlicht am {date}``; the variable's value
  becomes article metadata and the msgid keeps the placeholder), unless the date it would
  hold is no date l10n can read and reads as prose ("Veröffentlicht am Ende der Saison,
  the report will show ...": a sentence of the article; "Veröffentlicht am demnächst" is
  the template's, with a date no one can read),
* is a footer line: nothing but links joined by the footer separator, at least one a
  known link and each a short label (each link becomes its own msgid, so a new link
  reuses the others; "Impressum · Kontakt is the line every site carries." is a sentence), or
* recurs, exactly, in two or more articles of the workspace (the site template), stands
  where a template's lines stand in one of them at least, is not plainly in the body's
  language and is not a quotation. Where: a line a pattern or the footer rule takes, a
  short line (five words at most) next to one of those, and so on (a chain of labels:
  "Teilen", "Abo"), and a short first or last line of a page (a label; a headline or a
  last paragraph is longer). A line that stands inside the article wherever it recurs
  (a subheading between paragraphs or before the last one: "Timeline", "Olaf Scholz") is
  body, unless it is plainly a sentence of the chrome's language: two words or more, one
  a small word of German grammar no name holds ("auch", "zum"; not "von"), lingua at
  most 10% sure of the body's language ("Lesen Sie auch", "Mehr zum Thema: Wirtschaft").
  "Plainly in the body's language": lingua, choosing between the two, is at least 85%
  sure, or 55% for a line of two words or more (single words like "Video", "Live" or
  "Abo" are ambiguous between the two). An English subheading two articles share ("What
  Comes Next") is body, and so is a quotation ("„Wir schaffen das“", "„Wir schaffen
  das“ – Angela Merkel").

Everything else is body, German or not. Body units get a role: headline, teaser,
subheading, paragraph (Markdown also: item, quote). The teaser is no short label (a
one-off "Video" under the date line) when a text follows that is one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

from l10n.articles import Source, Unit
from l10n.config import ChromeConfig
from l10n.dates import read_date
from l10n.langid import Confidence

PLACEHOLDER = re.compile(r"\{([A-Za-z_]\w*)\}")
SENTENCE_END = tuple(".:;…,\"”“’'»«)]")  # a subheading may ask ("Why Now?") or exclaim
SUBHEADING_MAX_WORDS = 12
BODY_SURE = 0.85  # a single word in the body language
BODY_LEANS = 0.55  # a line of two words or more
DATE_VARIABLES = frozenset({"date", "published"})  # a pattern's variables that hold the publication date
DATE_MAX_WORDS = 8  # "Donnerstag, den 12. März 2026, um 14:30 Uhr": a date with more words is prose
FOOTER_LINK_WORDS = 4  # a footer link the configuration does not name is a label this short ("Über uns"),
FOOTER_TITLE_WORDS = 8  # or this short and written as a title ("Hinweise zum Datenschutz und zu Cookies")
TEASER_LABEL_WORDS = 3  # a line this short with no sentence punctuation is a label, no teaser ("Video")
LEDE_WINDOW = 3  # a page dump's repeated teaser is among its first texts after the site's block


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
    problems: tuple[str, ...] = ()  # what is wrong with the file but did not stop it (``Source.problems``)


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


_SENTENCE_MARK = re.compile(r"[.,;:!?…](?:\s|$)")
# The lower-case words a date line has besides its dates and times ("zuletzt aktualisiert
# am 13. März um 10 Uhr", "updated March 13 at 10 a.m."): no sign of a sentence.
_DATE_LINE_WORDS = frozenset("""am um von vom bis zum zur seit ab uhr zuletzt aktualisiert geändert erstellt
    veröffentlicht stand on at by from to last updated modified published posted a m p h mis à jour actualizado""".split())
# a word, a mark of a sentence, and two words more: "Ende der Saison, the city's report"
_SENTENCE_GOES_ON = re.compile(r"[^\W\d_][.,;:!?…]\s+\S+\s+\S")


def is_label(text: str, max_words: int) -> bool:
    """A short line that is no sentence: ``max_words`` words at most, and no mark of a
    sentence after any of them ("Video", "Über uns", "Q&A"; not "Yes." or "Lesezeit: 4 Min.")."""
    return 0 < len(text.split()) <= max_words and not _SENTENCE_MARK.search(text)


_BREADCRUMB = re.compile(r"\s+›\s+")
_BREADCRUMB_GT = re.compile(r"\s+[>»]\s+")


def is_breadcrumb(text: str) -> bool:
    """A page's navigation trail: short labels between › ("Startseite › Wirtschaft ›
    Energie"), or three or more capitalized ones between > or » ("Home > News > Politics");
    not "»Wir schaffen das«", nor a sentence ("Prices rose > 5% in May > June")."""
    parts = _BREADCRUMB.split(text.strip())
    if len(parts) < 2:
        parts = _BREADCRUMB_GT.split(text.strip())
        if len(parts) < 3 or not all(p[:1].isupper() for p in parts):
            return False
    return all(is_label(p, FOOTER_LINK_WORDS) for p in parts)


def _footer_label(text: str) -> bool:
    """A footer link's label: a short one, or a longer one written as a title, a third of
    its words after the first capitalised ("Hinweise zum Datenschutz und zu Cookies"; not
    "All three links every page here carries")."""
    if is_label(text, FOOTER_LINK_WORDS):
        return True
    words = text.split()
    return (is_label(text, FOOTER_TITLE_WORDS)
            and 3 * sum(w[0].isupper() for w in words[1:]) >= len(words) - 1)


def reads_as_prose(value: str) -> bool:
    """Whether a pattern's date value is a sentence of prose rather than a date, of any
    shape: longer than any date (unless figures follow its first comma or stop: a date
    line's update time); with no digit in it (every date has some), a sentence
    that goes on after a comma or a stop ("Ende der Saison, the city's annual report will
    show ..."; not "demnächst", "next Tuesday", "Montag, 12. März"); or a day with a
    sentence after it: four lower-case words, or three and a final stop, not counting the
    words of a date line's update ("1. Mai, the last report went largely unnoticed",
    "1. Mai, the police said 3 men were arrested."; not "Freitag, den 14. November um 10
    Uhr", "12. März 2026, zuletzt aktualisiert am 13. März um 10 Uhr.")."""
    longer = len(value.split()) > DATE_MAX_WORDS
    if not any(c.isdigit() for c in value):
        return longer or _SENTENCE_GOES_ON.search(value) is not None
    mark = _SENTENCE_MARK.search(value)
    if mark is None:
        return longer
    lower = sum(word.isalpha() and word.islower() and word not in _DATE_LINE_WORDS
                for word in re.findall(r"[^\s.,;:!?…]+", value[mark.end():]))
    return lower >= 4 or (lower >= 3 and value.rstrip().endswith((".", "!", "?")))


CHROME_SURE = 0.1  # a line inside the article: the body's language this unlikely at most
LABEL_WORDS = 5  # a line next to the template's this short is the template's too, if it recurs


class Separator:
    """Tells chrome from body for the articles of one workspace."""

    def __init__(self, chrome: ChromeConfig, sources: Sequence[Source], body_confidence: Confidence | None = None,
                 recurring: Iterable[str] | None = None, placed: Collection[str] | None = None,
                 date_languages: Sequence[str] = ("de", "en"), headlines: Collection[str] | None = None) -> None:
        """``recurring``: the texts found in two or more of the workspace's articles, and
        ``placed``: those of them found where a template's lines stand in one article at
        least (``template_places``), when the caller knows them (``sources`` are then not
        counted: they may be a few). ``date_languages``: those whose written-out dates a
        pattern's date may be in (the chrome's and the body's). ``headlines``: the texts
        that are one article's headline (``headlines``): never the site's, though another
        article that links to one ("Mehr zum Thema" and its headline) makes it recur. (A
        line that heads two articles or more is the site's: a masthead.)"""
        self.config = chrome
        self.date_languages = tuple(date_languages)
        self.patterns = [_Pattern(t, compile_pattern(t, chrome)) for t in chrome.patterns]
        self.links = set(chrome.footer_links)
        if recurring is None:
            recurring = recurring_texts(sources)
            placed = {text for source in sources for text in self.template_places(source)}
            heading = Counter(text for source in sources for text in self.headlines(source))
            headlines = {text for text, n in heading.items() if n == 1}
        placed = set(placed) if placed is not None else set()
        heads = set(headlines) if headlines is not None else set()
        chrome_texts = []
        for text in recurring:
            if is_quotation(text) or text in heads:
                continue
            if body_confidence is None:
                chrome_texts.append(text)
            elif text in placed:
                if not _in_body_language(text, body_confidence):
                    chrome_texts.append(text)
            elif _plainly_chrome_sentence(text, body_confidence):
                chrome_texts.append(text)
        self.recurring = set(chrome_texts)

    def _anchored(self, text: str) -> bool:
        """Whether a pattern or the footer rule takes the line (whatever else recurs)."""
        return self._pattern_match(text) is not None or bool(self._footer_links(text))

    def _pattern_match(self, text: str) -> tuple[_Pattern, re.Match[str]] | None:
        """The first pattern that takes the line, and its match: one whose date would be
        prose does not (the line is the article's, a sentence that begins as the pattern)."""
        for pattern in self.patterns:
            match = pattern.regex.fullmatch(text)
            if match and not any(name in DATE_VARIABLES and value and reads_as_prose(value)
                                 and read_date(value, self.date_languages) is None
                                 for name, value in match.groupdict().items()):
                return pattern, match
        return None

    def template_places(self, source: Source) -> set[str]:
        """The texts of ``source`` that stand where a site's template does: the lines a
        pattern or the footer rule takes and the short lines next to those (a chain of
        them), and the first and the last line when short (a label, not the headline or
        the last paragraph)."""
        units = source.units
        if not units:
            return set()
        placed = {i for i, unit in enumerate(units) if self._anchored(unit.text)}
        todo = sorted(placed)
        while todo:
            i = todo.pop()
            for j in (i - 1, i + 1):
                if 0 <= j < len(units) and j not in placed and len(units[j].text.split()) <= LABEL_WORDS:
                    placed.add(j)
                    todo.append(j)
        # a short first or last line is a label, not a text (chained to nothing: a list
        # of short lines may end an article)
        placed |= {i for i in (0, len(units) - 1) if len(units[i].text.split()) <= LABEL_WORDS}
        return {template_text(units[i].text) for i in placed}

    @staticmethod
    def headlines(source: Source) -> set[str]:
        """The texts that are ``source``'s headline for sure: a Markdown title, or a page
        dump's first line that the page repeats (as page dumps repeat their headline)."""
        units = source.units
        found = {template_text(u.text) for u in units if u.kind == "title"}
        if units and source.format != "md" and sum(u.text == units[0].text for u in units) > 1:
            found.add(template_text(units[0].text))
        return found

    def chrome_of(self, unit: Unit) -> list[ChromeText] | None:
        """The chrome msgids this unit holds, or None when it is body."""
        text = unit.text
        found = self._pattern_match(text)
        if found:
            pattern, match = found
            values = tuple((k, v or "") for k, v in sorted(match.groupdict().items()))
            return [ChromeText(pattern.template, unit.line, "chrome", values)]
        links = self._footer_links(text)
        if links:
            return [ChromeText(link, unit.line, "footer link") for link in links]
        if unit.kind == "line" and is_breadcrumb(text):
            # The site's navigation ("Startseite › Wirtschaft › Energie"): its own for each
            # section, never the article's headline.
            return [ChromeText(template_text(text), unit.line, "chrome")]
        key = template_text(text)
        if key in self.recurring:
            return [ChromeText(key, unit.line, "chrome")]
        return None

    def _footer_links(self, text: str) -> list[str] | None:
        if text in self.links:
            return [text]
        separator = self.config.footer_separator
        if separator not in text:
            return None
        parts = [" ".join(p.split()) for p in text.split(separator)]
        # (a soft hyphen is a hint where to break, no other word: "Redaktions\u00adkodex")
        parts = [p if p in self.links or p.replace("\u00ad", "") not in self.links else p.replace("\u00ad", "")
                 for p in parts]
        while parts and not parts[-1]:  # "Impressum · Kontakt ·": a separator too many
            parts.pop()
        while parts and not parts[0]:
            parts.pop(0)
        if len(parts) < 2 or not all(parts) or not any(p in self.links for p in parts):
            return None
        # nothing but links: "Impressum · Kontakt is the line every site must carry." is a sentence
        # (a copyright line is one whatever its length; the last link may end the line with a stop)
        def link(part: str, titled: bool = True) -> bool:
            return bool(part) and (part in self.links or part.startswith("©")
                                   or (_footer_label(part) if titled else is_label(part, FOOTER_LINK_WORDS)))

        if parts[-1].endswith(".") and parts[-1] not in self.links:
            parts[-1] = parts[-1][:-1].rstrip()  # (the link is the same without it: a short one, not a sentence)
            if not link(parts[-1], titled=False):
                return None
        return parts if all(link(p) for p in parts) else None

    def separate(self, source: Source) -> Article:
        chrome: list[ChromeText] = []
        body_units: list[tuple[Unit, bool]] = []  # (unit, came after the chrome block)
        for unit in source.units:
            found = self.chrome_of(unit)
            if found is None:
                body_units.append((unit, bool(chrome)))
            else:
                chrome.extend(found)
        # Front matter and variables become metadata: the first non-empty value of a name
        # wins, the front matter's first (a Markdown article's date is its front matter's
        # when it has one); a variable matched without a value stays "" (never invented).
        metadata: dict[str, str] = {}

        def note(name: str, value: str) -> None:
            if not metadata.get(name):
                metadata[name] = value

        undated: list[str] = []
        for key, value in source.front_matter.items():
            if key in DATE_VARIABLES and isinstance(value, (bool, list, dict)):  # (YAML read it as no date)
                shape = "a list" if isinstance(value, list) else "a mapping" if isinstance(value, dict) else "yes or no"
                undated.append(f"front matter {key!r} is {shape}, not a date; the article shows no date line "
                               "(write it as 2026-03-12)")
            elif isinstance(value, (str, int, float)) or hasattr(value, "isoformat"):
                note(str(key), value.isoformat() if hasattr(value, "isoformat") else str(value))
        if "published" in metadata:
            note("date", metadata["published"])
        for item in chrome:
            for name, value in item.variables:
                note(name, value)
        if "published" in metadata:  # (a pattern's {published}, when nothing above gave a date)
            note("date", metadata["published"])
        problems = list(source.problems) + undated
        dated = [(item.line, value) for item in chrome for name, value in item.variables
                 if name in DATE_VARIABLES and value]
        # (the first is taken, never a guess between them: said; the same day written two
        # ways is one date; a front matter's date is the article's, whatever its lines say)
        if len({value for _, value in dated}) > 1 and not any(source.front_matter.get(key) for key in DATE_VARIABLES):
            # (read only where the lines differ: most articles have one date line)
            day = {value: read_date(value, self.date_languages) or value for _, value in dated}
            other = next((d for d in dated if day[d[1]] != day[dated[0][1]]), None)
            if other is not None:
                (line, value), (other_line, other_value) = dated[0], other
                problems.append(f"two publication dates, {value!r} (line {line}) and {other_value!r} "
                                f"(line {other_line}); the first is the article's")
        body = assign_roles(body_units, source.format)
        headline = next((b.text for b in body if b.role == "headline"), None)
        if headline is not None:
            metadata.setdefault("headline", headline)
        return Article(source.slug, source.path, source.format, tuple(chrome), tuple(body), metadata, source.links,
                       tuple(problems))


def recurring_texts(sources: Iterable[Source]) -> list[str]:
    """The texts of units found in two or more articles (a candidate for chrome)."""
    seen_in: Counter[str] = Counter()
    for source in sources:
        seen_in.update({template_text(unit.text) for unit in source.units})
    return [text for text, count in seen_in.items() if count >= 2]


_NO_BREAK = str.maketrans({"\u00a0": " ", "\u2007": " ", "\u202f": " "})


def template_text(text: str) -> str:
    """A line as a template's line is counted and kept: its no-break spaces as spaces (a
    page's template writes "Mehr zum Thema" with one here, without it there; an article's
    own text keeps them)."""
    return text.translate(_NO_BREAK)


def _in_body_language(text: str, confidence: Confidence) -> bool:
    score = confidence(text)
    return score >= BODY_SURE or (len(text.split()) >= 2 and score >= BODY_LEANS)


# Small words of German grammar that no name holds (unlike "von", "der", "zu": "Richard
# von Weizsäcker") and English does not share (unlike "in"): a line inside an article with
# one, and lingua sure it is not English, is the template's ("Lesen Sie auch").
_GERMAN_GRAMMAR = frozenset("""und oder aber auch noch nicht nur mehr hier jetzt ist sind war wird werden hat haben
sie wir ihr es zum zur im ins vom beim für mit auf aus nach bei über unter gegen ohne um durch ein eine einen einem
einer eines dem des die das""".split())
_ARTICLES = frozenset("der die das den dem des ein eine einen einem einer eines".split())


def _plainly_chrome_sentence(text: str, confidence: Confidence) -> bool:
    """Two words or more, one of them a small word of German grammar (so no name: "Olaf
    Scholz and Friedrich Merz", "Richard von Weizsäcker"), and lingua at most
    ``CHROME_SURE`` sure it is in the body's language: "Lesen Sie auch"."""
    words = re.findall(r"[^\W\d_]+", text)
    if len(words) < 2:
        return False
    # (a capitalized first word counts too, "Zum Weiterlesen", but not an article: "Die Linke")
    first = words[0].lower()
    if not (any(w in _GERMAN_GRAMMAR for w in words[1:]) or (first in _GERMAN_GRAMMAR and first not in _ARTICLES)):
        return False
    return confidence(text) <= CHROME_SURE


OPENING_QUOTES = "\"'„“”«»‚‘’‹›「『"
CLOSING_QUOTES = "\"'“”«»‘’‹›」』"


_QUOTATION = re.compile("[" + re.escape(OPENING_QUOTES) + "].+[" + re.escape(CLOSING_QUOTES) + "]"
                        r"(?:[.,;:!?…]*|\s*[–—]\s*\S.*|\s+-\s+\S.*)$")


def is_quotation(text: str) -> bool:
    """A line that is a quotation ("„Wir schaffen das“"), with a full stop or a dash and an
    attribution after it at most ("„Wir schaffen das“ – Angela Merkel"): something said,
    not a template's ("„Tagesschau“-App jetzt herunterladen" is no quotation)."""
    return _QUOTATION.fullmatch(text) is not None


_CLOSING_MARKS = "\"”’'»«›"
_ABBREVIATION_END = re.compile(r"(?:\b[A-Z]\.){2,}$")  # "U.S.", "E.U."


# Lines a page carries that are no headings though they look like one: a credit or a label
# ("Foto: dpa", "Lesezeit: 3 Min.", "Anzeige") and a byline ("Von Anna Schmidt", "By Jan Becker").
_LABEL = re.compile(r"(?i)^(?:fotos?|bild(?:er)?|grafik|quelle|video|audio|lesezeit|photos?|images?|pictures?|"
                    r"credits?|source|graphic|reading time)\s*:|"
                    r"^(?:anzeige|werbung|advertisement|sponsored|ad|video|audio|fotos?|galerie|bildergalerie|gallery)$")
_NAME_PARTICLES = frozenset({"von", "van", "der", "den", "de", "la", "le", "da", "di", "und", "and", "&"})


def _is_byline(words: Sequence[str]) -> bool:
    """"Von Anna Schmidt", "By Jan Becker and Eva Roth": a name (two capitalized words in a
    row at least) after "Von" or "By", nothing else but names and their particles."""
    if len(words) < 3 or words[0] not in ("Von", "By") or len(words) > 8:
        return False
    rest = [w.strip(",") for w in words[1:]]
    capitalized = [bool(w) and w[0].isupper() for w in rest]
    return (capitalized[0] and capitalized[-1]  # (not "Von der Leyen Under Pressure": a name starts it)
            and all(c or w.lower() in _NAME_PARTICLES for w, c in zip(rest, capitalized))
            and any(a and b for a, b in zip(capitalized, capitalized[1:])))


def is_subheading(text: str) -> bool:
    """A short line that is no sentence: it does not end as one ("Talks With the U.S." and
    "Merz’s “Autumn of Reforms”" do not: an abbreviation's dot, a quoted title's mark),
    and begins with a capital, a digit or a brand's small letter ("iPhone Sales Slump");
    a credit, a label or a byline ("Foto: dpa", "Anzeige", "Von Anna Schmidt") is none."""
    words = text.split()
    if not 0 < len(words) <= SUBHEADING_MAX_WORDS:
        return False
    if _LABEL.match(text) or _is_byline(words):
        return False
    end = text
    long_words = [w for w in re.findall(r"[^\W\d_]+", text) if len(w) > 3]
    if long_words and sum(w[0].isupper() for w in long_words) * 2 > len(long_words):  # title case
        if end.endswith(tuple(_CLOSING_MARKS)) and any(c in OPENING_QUOTES for c in end[:-1]):
            end = end.rstrip(_CLOSING_MARKS)  # a quoted title closes the line: how did it end inside?
        if _ABBREVIATION_END.search(end):
            end = end[:-1]
    if not end or end.endswith(SENTENCE_END):
        return False
    return text[0].isupper() or text[0].isdigit() or (text[0].islower() and text[1:2].isupper())


def _lede(candidates: Sequence[Unit], repeats: bool = True) -> Unit | None:
    """The teaser among ``candidates`` (in reading order). A page dump (``repeats``)
    repeats its teaser: the first text the page repeats, if it comes first ("Record falls
    again", of more than one word), or among the first few and longer than a label (a
    one-off "Stand: 26.06.2026, 14:30 Uhr", a photo credit or a pull quote before it, or
    "Video" above two videos, do not take it; "Foto: dpa" under two pictures does not
    either). Else the first that is no short label ("Video" under the date line); else
    the first."""
    if repeats:
        seen = Counter(u.text for u in candidates)
        first_of: dict[str, Unit] = {}
        for unit in candidates:
            first_of.setdefault(unit.text, unit)
        for place, (text, unit) in enumerate(list(first_of.items())[:LEDE_WINDOW]):
            words = len(text.split())
            if seen[text] > 1 and (words > LABEL_WORDS or (place == 0 and words > 1)):
                return unit
    return next((u for u in candidates if not is_label(u.text, TEASER_LABEL_WORDS)),
                candidates[0] if candidates else None)


def assign_roles(units: Sequence[tuple[Unit, bool]], fmt: str) -> tuple[BodyText, ...]:
    """Roles for the body units of one article; repeats of a text share its role."""
    if not units:
        return ()
    roles: dict[str, str] = {}
    if fmt == "md":
        # One headline: the front matter's title, else the first "# heading", else the
        # first text. Another "# heading" (one that says something else than the title) is
        # a subheading where it stands: the edition keeps the reading order.
        headline = next((u for u, _ in units if u.kind == "title"), None) or next(
            (u for u, _ in units if u.kind == "heading1"), None) or units[0][0]
        roles[headline.text] = "headline"
        summaries = [u for u, _ in units if u.kind == "summary"]
        for unit in summaries:
            roles.setdefault(unit.text, "teaser")
        if not summaries:  # else the lede is in the front matter; the first paragraph is body
            teaser = _lede([u for u, _ in units if u.kind == "paragraph" and u.text not in roles], repeats=False)
            if teaser is not None:
                roles[teaser.text] = "teaser"
        for unit, _ in units:
            kind = {"heading": "subheading", "heading1": "subheading", "item": "list item",
                    "numbered": "numbered item", "quote": "quote", "table": "table"}.get(unit.kind, "paragraph")
            roles.setdefault(unit.text, kind)
    else:
        first = units[0][0]
        roles[first.text] = "headline"
        after_chrome = [u for u, after in units if after and u.text != first.text]
        def long_texts(after_block: bool) -> set[str]:
            return {u.text for u, after in units
                    if after == after_block and u.text != first.text and len(u.text.split()) > LABEL_WORDS}

        # The teaser follows the site's block under the headline; a page whose chrome
        # comes after the article (more of its texts before the block than after it, not
        # counting short lines: a byline, a caption's credit) starts with its teaser.
        article_first = len(long_texts(False)) > len(long_texts(True))
        candidates = (after_chrome if not article_first else []) or [u for u, _ in units if u.text != first.text]
        teaser = _lede([u for u in candidates if u.kind == "line"] or candidates)  # (a list's item is no lede)
        if teaser is not None:
            roles[teaser.text] = "teaser"
        for unit, _ in units:
            list_role = {"item": "list item", "numbered": "numbered item"}.get(unit.kind)
            roles.setdefault(unit.text, list_role or ("subheading" if is_subheading(unit.text) else "paragraph"))
    return tuple(BodyText(unit.text, unit.line, roles[unit.text]) for unit, _ in units)
