"""Source articles -> units of text with line numbers. Pure: text in, values out.

Two formats:

* page dumps (``.txt``): the text of a published page as copied; every non-empty line is
  one unit (a page dump has one paragraph per line).
* Markdown (``.md``) with optional YAML front matter: headings, paragraphs (hard-wrapped
  lines joined), list items and quotes are units; so are the front matter's text fields
  (``title``, ``teaser``, ...: ``FRONT_MATTER_TEXT``), as written (``title: 1989`` is the
  text "1989", not a number).

Whitespace inside a unit is normalized (runs of whitespace become one space; no-break
spaces are kept), and so are its characters (Unicode NFC).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


from l10n import tables
from l10n.errors import ArticleError

ARTICLE_SUFFIXES = (".txt", ".md")
# Front matter fields that are text to translate, and the kind of unit each is.
FRONT_MATTER_TEXT = (
    ("title", "title"),
    ("subtitle", "summary"),
    ("description", "summary"),
    ("summary", "summary"),
    ("teaser", "summary"),
    ("lede", "summary"),
)


@dataclass(frozen=True)
class Unit:
    line: int  # 1-based line of the unit's first line in the file
    text: str  # whitespace-normalized text, markup markers removed
    kind: str = "line"  # line | heading1 | heading | paragraph | item | numbered | quote | table | title | summary


@dataclass(frozen=True)
class Source:
    """One article file, split into units, before chrome and body are told apart."""

    slug: str
    path: str  # as shown in references: relative to the workspace, forward slashes
    format: str  # "txt" | "md"
    units: tuple[Unit, ...]
    front_matter: dict[str, Any] = field(default_factory=dict)
    # a Markdown article's link reference definitions ("[1]: https://..."): label, address
    links: tuple[tuple[str, str], ...] = ()
    # what is wrong with the file but does not stop it being read (a front matter text
    # field that is a list): one line each, for a warning that names the file
    problems: tuple[str, ...] = ()


_SPACES = re.compile(r"[^\S\u00a0\u2007\u202f]+")  # whitespace, but the no-break spaces
_INVISIBLE_EDGES = "\u200b\u2060\ufeff"  # zero-width space, word joiner, BOM: at a line's ends, nothing


def normalize(text: str) -> str:
    """Runs of whitespace as one space (a no-break space is the writer's choice: "80\u00a0%"
    stays as written), and the characters in their composed form (NFC): "ü" typed as u
    and a combining diaeresis is the "ü" of the same text typed at once."""
    return unicodedata.normalize("NFC", _SPACES.sub(" ", text).strip().strip(_INVISIBLE_EDGES).strip())


def decode(data: bytes, path: str) -> str:
    """Bytes of an article -> text, or an ArticleError saying what is wrong with them."""
    if not data.strip():
        raise ArticleError(path, "empty article")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ArticleError(path, "UTF-16 text; save the article as UTF-8")
    if b"\x00" in data:
        raise ArticleError(path, "binary file (contains NUL bytes), not an article")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ArticleError(f"{path}:{line}", f"not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                                              "save it as UTF-8") from None
    control = re.search(r"[\x01-\x08\x0b\x0e-\x1f\x7f]", text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        raise ArticleError(f"{path}:{line}", f"binary content (control character {control.group()!r})")
    if not text.strip():
        raise ArticleError(path, "empty article")
    # Lines are counted by "\n" as gettext and editors count them; a stray "\r" is whitespace.
    return text.replace("\r\n", "\n")


def parse(text: str, slug: str, path: str, fmt: str, shown: str | None = None) -> Source:
    """``path`` is what references record (workspace-relative); ``shown`` what errors name."""
    if fmt == "md":
        return _parse_markdown(text, slug, path, shown or path)
    units = [Unit(n, normalize(raw)) for n, raw in enumerate(text.split("\n"), 1) if raw.strip()]
    return Source(slug, path, "txt", tuple(_page_lists(units)))


_PAGE_BULLET = re.compile(r"^[-•*▪]\s+(\S.*)$")
_PAGE_NUMBER = re.compile(r"^(\d{1,2})[.)]\s+(\S.*)$")


def _page_lists(units: list[Unit]) -> list[Unit]:
    """A page dump's lists: two lines or more in a row that start with a bullet ("- ",
    "• ") are list items, and two or more numbered in order ("1. ", "2. ") a numbered list,
    each without its marker (one line alone is no list: "1. FC Köln won on Sunday.")."""
    out = list(units)

    def run(start: int, pattern: re.Pattern[str], numbered: bool) -> int:
        """The end of the list starting at ``start``; its units marked when it has two."""
        first = pattern.match(out[start].text)
        end = start
        while end < len(out) and (found := pattern.match(out[end].text)) and (
                not numbered or first is None or int(found.group(1)) == int(first.group(1)) + end - start):
            end += 1
        if end - start >= 2:
            for k in range(start, end):
                found = pattern.match(out[k].text)
                assert found is not None
                out[k] = Unit(out[k].line, found.group(found.lastindex or 1), "numbered" if numbered else "item")
        return end

    i = 0
    while i < len(out):
        if _PAGE_BULLET.match(out[i].text):
            i = run(i, _PAGE_BULLET, False)
        elif _PAGE_NUMBER.match(out[i].text):
            i = run(i, _PAGE_NUMBER, True)
        else:
            i += 1
    return out


SLUG_RE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
SLUG_MAX = 120


def slug_problem(slug: str) -> str | None:
    """Why ``slug`` (an article's file name without its suffix) is not a safe slug, or None.

    Slugs name catalogs, templates and the published pages: lowercase ASCII letters and
    digits, words joined by single hyphens or underscores."""
    if SLUG_RE.match(slug) and len(slug) <= SLUG_MAX:
        return None
    suggestion = re.sub(r"[^a-z0-9]+", "-", unicodedata.normalize("NFKD", slug).encode("ascii", "ignore")
                        .decode().lower()).strip("-")[:SLUG_MAX] or "article"
    return (f"{slug!r} is not a safe article name: use lowercase letters, digits and hyphens "
            f"(at most {SLUG_MAX}), e.g. {suggestion}")


def read(path: Path, reference: str, shown: str | None = None) -> Source:
    """Read and parse one article file; any problem is an ArticleError naming the file.

    ``reference`` is the path templates record (workspace-relative), ``shown`` the one
    messages name (relative to where l10n was started)."""
    shown_as = shown or reference
    if path.suffix not in ARTICLE_SUFFIXES:
        raise ArticleError(shown_as, f"unknown article format {path.suffix!r} (expected .txt or .md)")
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise ArticleError(shown_as, "is a directory, not an article") from None
    except OSError as exc:
        raise ArticleError(shown_as, f"cannot read: {exc.strerror}") from None
    return from_bytes(path, data, reference, shown_as)


def from_bytes(path: Path, data: bytes, reference: str, shown: str | None = None) -> Source:
    """``read`` for the bytes of ``path`` read already."""
    shown_as = shown or reference
    return parse(decode(data, shown_as), path.stem, reference, path.suffix[1:], shown_as)


_HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")  # "# C#" keeps its "#"
_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|(?P<number>\d{1,9})[.)])\s+(.*)$")  # (numbered: an ordered list)
_QUOTE = re.compile(r"^\s{0,3}>\s?(.*)$")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_RULE = re.compile(r"^\s{0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$")
# "[label]: address" or "[label]: <address> 'title'": no prose; where the text says
# [text][label], the editions link there
_DEFINITION = re.compile(r"^ {0,3}\[((?:[^\[\]\\]|\\.){1,999})\]:[ \t]*(<[^<>\n]*>|\S+)"
                         r"(?:[ \t]+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?[ \t]*$")


_TEXT_KEYS = frozenset(key for key, _ in FRONT_MATTER_TEXT)
# What YAML makes of a plain scalar that a text field holds as text: "title: 1989" is a
# headline, "teaser: No" a teaser (YAML would read a number and a boolean).
_READ_AS_TEXT = frozenset(f"tag:yaml.org,2002:{name}" for name in ("int", "float", "bool", "timestamp"))


# A setext heading's underline (CommonMark): "Title" then "=====" (level 1) or "-----" (2).
_SETEXT = re.compile(r"^ {0,3}([=-])\1*[ \t]*$")


@functools.cache
def _front_matter_loader() -> Any:
    """YAML's safe loader, but a date that is no date (``published: 2026-02-30``) stays the
    text it is: the date reader then warns that it cannot read it, as for any other. And
    the text fields (``FRONT_MATTER_TEXT``) are the text as written (``title: 1989``)."""
    import yaml

    class Loader(yaml.SafeLoader):
        def timestamp(self, node: Any) -> Any:
            try:
                return self.construct_yaml_timestamp(node)
            except (ValueError, AttributeError):  # (an explicit !!timestamp on no timestamp: AttributeError)
                return self.construct_scalar(node)

        def construct_document(self, node: Any) -> Any:
            if isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    if (isinstance(key, yaml.ScalarNode) and key.value in _TEXT_KEYS
                            and isinstance(value, yaml.ScalarNode) and value.tag in _READ_AS_TEXT):
                        value.tag = "tag:yaml.org,2002:str"
            return super().construct_document(node)

    Loader.add_constructor("tag:yaml.org,2002:timestamp", Loader.timestamp)
    return Loader


def _front_matter(lines: list[str], path: str) -> tuple[dict[str, Any], int, dict[str, int]]:
    """YAML front matter between '---' lines: (data, lines it takes, line of each key)."""
    if not lines or lines[0].strip() != "---":
        return {}, 0, {}
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        raise ArticleError(f"{path}:1", "front matter opened with '---' is never closed")
    block = "\n".join(lines[1:end])
    import yaml  # (on first need: only front matter is YAML, and importing it costs a start-up)

    try:
        data = yaml.load(block, Loader=_front_matter_loader()) if block.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 2) if mark is not None else 1
        reason = getattr(exc, "problem", None) or "invalid YAML"
        raise ArticleError(f"{path}:{line}", f"front matter: {reason}") from None
    except (ValueError, OverflowError, TypeError, AttributeError) as exc:  # a value its tag cannot make (!!int abc)
        raise ArticleError(f"{path}:2", f"front matter: {exc}") from None
    except RecursionError:
        raise ArticleError(f"{path}:2", "front matter: nested too deeply") from None
    if not isinstance(data, dict):
        raise ArticleError(f"{path}:2", "front matter must be a mapping of keys to values")
    key_lines: dict[str, int] = {}
    for n in range(1, end):
        match = re.match(r"^([A-Za-z_][\w-]*)\s*:", lines[n])
        if match:
            key_lines.setdefault(match.group(1), n + 1)
    return data, end + 1, key_lines


def _parse_markdown(text: str, slug: str, path: str, shown: str) -> Source:
    lines = text.split("\n")
    meta, start, key_lines = _front_matter(lines, shown)
    units: list[Unit] = []
    problems: list[str] = []
    for key, kind in FRONT_MATTER_TEXT:
        value = meta.get(key)
        if isinstance(value, str) and value.strip():
            units.append(Unit(key_lines.get(key, 2), normalize(value), kind))
        elif isinstance(value, (list, dict)):
            shape = "a list" if isinstance(value, list) else "a mapping"
            problems.append(f"front matter {key!r} (line {key_lines.get(key, 2)}) is {shape}, not text; "
                            "it is left out (write it as one line of text)")
    para: list[str] = []
    para_start = 0
    para_kind = "paragraph"
    in_fence = False
    links: list[tuple[str, str]] = []

    def flush() -> None:
        nonlocal para
        if para:
            units.append(Unit(para_start, normalize(" ".join(para)), para_kind))
        para = []

    table_end = 0  # the last line of a table read ahead
    for number in range(start + 1, len(lines) + 1):
        if number <= table_end:
            continue
        raw = lines[number - 1]
        if _FENCE.match(raw):
            flush()
            in_fence = not in_fence
            continue
        if in_fence:
            continue  # code is not prose to translate
        underline = _SETEXT.match(raw)
        if underline and para and para_kind == "paragraph":  # (the paragraph above is a heading)
            units.append(Unit(para_start, normalize(" ".join(para)), "heading1" if underline.group(1) == "=" else "heading"))
            para = []
            continue
        if not raw.strip() or _RULE.match(raw):
            flush()
            continue
        definition = _DEFINITION.match(raw) if not para else None  # (it cannot interrupt a paragraph)
        if definition:
            links.append((definition.group(1), definition.group(2).removeprefix("<").removesuffix(">")))
            continue
        if tables.starts_table(raw, lines[number] if number < len(lines) else None):
            # A pipe table (it may end a paragraph, as in GitHub's Markdown): one unit, a row a
            # line (its cells are translated in place).
            flush()
            table_end = number + 1
            while table_end < len(lines) and lines[table_end].strip() and tables.cells(lines[table_end]) is not None:
                table_end += 1
            text = "\n".join(normalize(row) for row in tables.canonical(lines[number - 1:table_end]).split("\n"))
            units.append(Unit(number, text, "table"))
            continue
        heading = _HEADING.match(raw)
        item = _ITEM.match(raw)
        quote = _QUOTE.match(raw)
        if heading:
            flush()
            if heading.group(2).strip():
                units.append(Unit(number, normalize(heading.group(2)), "heading1" if len(heading.group(1)) == 1 else "heading"))
        elif item:
            flush()
            para, para_start, para_kind = [item.group(2)], number, "numbered" if item.group("number") else "item"
        elif quote:
            if not para or para_kind != "quote":
                flush()
                para_start, para_kind = number, "quote"
            para.append(quote.group(1))
        else:
            if not para:
                para_start, para_kind = number, "paragraph"
            para.append(raw)
    flush()
    return Source(slug, path, "md", tuple(u for u in units if u.text), meta, tuple(links), tuple(problems))
