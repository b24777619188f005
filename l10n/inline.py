"""Markdown's inline markup in the texts of Markdown articles: emphasis, strong, code, links.

A Markdown article's paragraph is Markdown (``The **record** came [at noon](https://...)``),
and so is its translation: its editions show the markup as such, where a page dump's text
is shown exactly as written. Pure: text in, text out.

The text is read by markdown-it (CommonMark) with raw HTML off, then turned into a small
tree of the few things an edition shows: text, emphasis, strong emphasis, code and links.
Everything else stays text: a tag is shown as written, a link markdown-it does not allow
(``javascript:``, ``vbscript:``, ``file:``, ``data:``) stays ``[text](url)``, an image shows
its description (an edition loads nothing from elsewhere). The HTML is made here from that
tree with every text and address escaped, and so is the Markdown (the same few constructs,
the rest escaped): nothing in an article or a translation becomes other markup.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Node:
    kind: str  # text | em | strong | code | link
    text: str = ""  # of text and code
    href: str = ""  # of a link: as markdown-it normalized it (percent-encoded)
    children: tuple[Node, ...] = ()


_MARKUP = re.compile(r"[\\`*_\[\]<>&!]")  # what could be inline markup at all
_UNSAFE_LINK = re.compile(r"\s*(?:javascript|vbscript|file|data):", re.I)


@functools.lru_cache(maxsize=1)
def _parser() -> Any:
    from markdown_it import MarkdownIt

    parser: Any = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    allowed = parser.validateLink  # (which lets data:image/... through: no data: link at all here)
    parser.validateLink = lambda url: not _UNSAFE_LINK.match(url) and allowed(url)
    return parser


Links = tuple[tuple[str, str], ...]  # link reference definitions: (label, address)


def parse(text: str, links: Links = ()) -> tuple[Node, ...]:
    """The inline markup of ``text`` as a tree (plain text is one text node); a
    ``[text][label]`` links where ``links`` (the article's definitions) say."""
    if not _MARKUP.search(text):
        return (Node("text", text),) if text else ()
    tokens = _parser().parseInline(text, {"references": _references(links)} if links else None)
    children = tokens[0].children if tokens else None
    return _merged(_nodes(iter(children or ()), None))


def _references(links: Links) -> dict[str, dict[str, str]]:
    """``links`` as markdown-it keeps the definitions it reads (the first of a label wins;
    one whose address it would not link is left out)."""
    from markdown_it.common.utils import normalizeReference

    parser = _parser()
    found: dict[str, dict[str, str]] = {}
    for label, address in links:
        href = parser.normalizeLink(address)
        if parser.validateLink(href):
            found.setdefault(normalizeReference(label), {"href": href, "title": ""})
    return found


_CLOSES = {"em_open": "em_close", "strong_open": "strong_close", "link_open": "link_close"}
_KINDS = {"em_open": "em", "strong_open": "strong", "link_open": "link"}


def _nodes(tokens: Iterator[Any], until: str | None) -> list[Node]:
    out: list[Node] = []
    for token in tokens:
        kind = token.type
        if kind == until:
            break
        if kind in _CLOSES:
            inner = _merged(_nodes(tokens, _CLOSES[kind]))
            href = str(token.attrs.get("href", "")) if kind == "link_open" else ""
            out.append(Node(_KINDS[kind], href=href, children=inner))
        elif kind == "code_inline":
            out.append(Node("code", token.content))
        elif kind == "image":  # its description, as text
            out.extend(_nodes(iter(token.children or ()), None))
        elif kind in ("softbreak", "hardbreak"):
            out.append(Node("text", " "))
        else:  # text, and whatever else carries content (never markup)
            out.append(Node("text", token.content))
    return out


def _merged(nodes: Sequence[Node]) -> tuple[Node, ...]:
    out: list[Node] = []
    for node in nodes:
        if node.kind == "text" and not node.text:
            continue
        if node.kind == "text" and out and out[-1].kind == "text":
            out[-1] = Node("text", out[-1].text + node.text)
        else:
            out.append(node)
    return tuple(out)


def plain(text: str) -> str:
    """``text`` without its markup: what a title shows where markup cannot be (``<title>``,
    an index)."""
    return "".join(_plain(node) for node in parse(text))


def _plain(node: Node) -> str:
    return node.text if node.kind in ("text", "code") else "".join(_plain(child) for child in node.children)


def to_html(text: str, links: Links = ()) -> Markup:
    """``text`` as HTML: its inline markup as elements, everything else escaped."""
    return Markup("".join(_html(node) for node in parse(text, links)))


def _html(node: Node) -> str:
    if node.kind == "text":
        return str(escape(node.text))
    if node.kind == "code":
        return f"<code>{escape(node.text)}</code>"
    inner = "".join(_html(child) for child in node.children)
    if node.kind == "link":
        return f'<a href="{escape(node.href)}">{inner}</a>'
    return f"<{node.kind}>{inner}</{node.kind}>"  # em, strong: from a fixed few, never from the text


def to_markdown(text: str, escape_text: Callable[[str], str], links: Links = ()) -> str:
    """``text`` as one line of Markdown that reads as the same tree (whitespace tidied:
    runs of it as one space, none at either end or just inside an emphasis): its emphasis,
    code and links written again, every other character passed through ``escape_text``
    (which must escape every character that could be markup).

    What is written is read back and compared. Where Markdown would read it otherwise
    (emphasis right next to emphasis: ``*a*_b_``), the emphasis is left out; where that is
    not enough, the links and code too: then it is the text alone. A ``[text][label]`` of
    ``links`` is written out as ``[text](address)``."""
    tree = _tidy(parse(text, links))
    written = ""
    for kept in (("em", "strong", "link", "code"), ("link", "code"), ()):
        wanted = _tidy(_only(tree, kept))
        written = "".join(_markdown(node, escape_text) for node in wanted)
        if _tidy(parse(written)) == wanted:
            break
    return written


def _only(nodes: tuple[Node, ...], kept: tuple[str, ...]) -> tuple[Node, ...]:
    """``nodes`` with every node of a kind not ``kept`` replaced by its text."""
    out: list[Node] = []
    for node in nodes:
        if node.kind == "text" or node.kind in kept:
            out.append(Node(node.kind, node.text, node.href, _only(node.children, kept)))
        elif node.kind == "code":
            out.append(Node("text", node.text))
        else:
            out.extend(_only(node.children, kept))
    return _merged(out)


_SPACES = re.compile(r"\s+")
_ENTITY_LIKE = re.compile(r"&(?=#?[A-Za-z0-9]+;)")


def _tidy(nodes: tuple[Node, ...], top: bool = True) -> tuple[Node, ...]:
    """The tree as one line shows it: whitespace runs as one space, an emphasis's spaces
    outside it, no empty emphasis; at the top, no space at either end."""
    out: list[Node] = []
    for node in nodes:
        if node.kind == "text":
            out.append(Node("text", _SPACES.sub(" ", node.text)))
            continue
        if node.kind == "code":
            out.append(node)
            continue
        children = list(_tidy(node.children, top=False))
        lead = trail = ""
        if node.kind in ("em", "strong"):
            if children and children[0].kind == "text" and children[0].text.startswith(" "):
                lead, children[0] = " ", Node("text", children[0].text[1:])
            if children and children[-1].kind == "text" and children[-1].text.endswith(" "):
                trail, children[-1] = " ", Node("text", children[-1].text[:-1])
            children = list(_merged(children))
        out.append(Node("text", lead))
        if children or node.kind == "link":
            out.append(Node(node.kind, node.text, node.href, tuple(children)))
        out.append(Node("text", trail))
    merged = list(_merged([Node("text", _SPACES.sub(" ", n.text)) if n.kind == "text" else n for n in out]))
    if top and merged and merged[0].kind == "text":
        merged[0] = Node("text", merged[0].text.lstrip())
    if top and merged and merged[-1].kind == "text":
        merged[-1] = Node("text", merged[-1].text.rstrip())
    return _merged(merged)


def _markdown(node: Node, escape_text: Callable[[str], str]) -> str:
    if node.kind == "text":
        return escape_text(node.text)
    if node.kind == "code":
        return _code_span(node.text)
    inner = "".join(_markdown(child, escape_text) for child in node.children)
    if node.kind == "link":
        # (a normalized address has no space, < or >; one with parentheses goes between
        # angle brackets, where they need no escaping; an & that would read as an entity
        # is escaped: the address's entities were read once already)
        href = _ENTITY_LIKE.sub(r"\\&", node.href)
        return f"[{inner}]({f'<{href}>' if '(' in href or ')' in href else href})"
    mark = "**" if node.kind == "strong" else "*"
    return f"{mark}{inner}{mark}"


def _code_span(text: str) -> str:
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    if text.startswith("`") or text.endswith("`") or (text.startswith(" ") and text.endswith(" ") and text.strip()):
        text = f" {text} "  # (CommonMark takes one space off each side)
    return f"{fence}{text}{fence}"
