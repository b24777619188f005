"""Text preparation around a translation model: pure functions, no model, no I/O.

    split_text      a text -> sentences to translate and the whitespace between them (pysbd)
    reassemble      translated sentences -> the texts again, flags merged per text
    protect         placeholders, markup, hashtags, @handles and glossary terms -> sentinels
                    the model should copy
    restore         sentinels -> the originals (a glossary term in the target locale's form);
                    a lost one is re-inserted and flagged
    split_tokens    an over-long token sequence -> pieces under the model's input bound
    has_repetition  does a token sequence loop (the same n-gram many times)?

Sentence splitting uses pysbd (rules, no model download), never Argos's default MiniSBD,
which fetches a model on first use and fails offline.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from l10n import tables
from l10n.catalogs.validate import BRACE_PLACEHOLDER
from l10n.checks import markup_spans, social_spans
from l10n.mt.engine import FLAG_GLOSSARY_LOST, FLAG_PLACEHOLDER_LOST, Translation, merge_flags

# `{date}`, `{0}`, `{date!r}`, `%(name)s`: the placeholders catalogs carry (chrome uses
# `{name}`), as the placeholder check reads them (``BRACE_PLACEHOLDER``); escaped braces
# (`{{literal}}`) whole, so that they stay escaped; and a bare `%s`, `%d`, `%1$s` where it
# stands alone (not `50%` or `100%sure`): a model drops them.
PLACEHOLDER_RE = re.compile(r"\{\{[^{}]*\}\}|" + BRACE_PLACEHOLDER + r"|(?<!\{)\{[A-Za-z0-9_.\-]*\}(?!\})"
                            r"|%\([A-Za-z0-9_]+\)[sdifr]|(?<![\w%])%(?:\d\$)?[sdif](?![A-Za-z])")

# Sentinel prefixes, best first; the engine keeps the ones its tokenizer round-trips.
# Letters and digits only: every SentencePiece vocabulary has them, and a model copies an
# unknown proper-noun-like token far more reliably than punctuation.
SENTINEL_PREFIXES = ("ZX", "XQ", "QZ", "ZQX")

SENTENCE_END_RE = re.compile(r"[\s.!?:;…\"'»«”“’)\]]*$")


# ---------------------------------------------------------------------------------------
# Sentences


@dataclass(frozen=True)
class Piece:
    """A run of a text: a sentence to translate, or whitespace kept as it is."""

    text: str
    translate: bool


@functools.lru_cache(maxsize=None)
def _segmenter(language: str) -> object:
    import pysbd
    from pysbd.languages import LANGUAGE_CODES

    return pysbd.Segmenter(language=language if language in LANGUAGE_CODES else "en",
                           clean=False)


def split_text(text: str, language: str) -> list[Piece]:
    """Split ``text`` into sentences and the whitespace around them.

    Joining every piece's text gives ``text`` back exactly, so a translation can be
    reassembled with the original line breaks and spacing. A Markdown table's cells are
    translated each on its own, its pipes and delimiter row kept as they are.
    """
    if tables.looks_like_table(text) and tables.parse(text) is not None:
        return _table_pieces(text, language)
    pieces: list[Piece] = []
    for line in re.split(r"(\n)", text):
        if not line.strip():
            if line:
                pieces.append(Piece(line, False))
            continue
        sentences = _segmenter(language).segment(line)  # type: ignore[attr-defined]
        if "".join(sentences) != line:  # pysbd should never alter text; if it does, don't split
            sentences = [line]
        sentences = _uncut(line, sentences)
        for sentence in sentences:
            core = sentence.strip()
            if not core:
                pieces.append(Piece(sentence, False))
                continue
            start = sentence.index(core)
            if start:
                pieces.append(Piece(sentence[:start], False))
            pieces.append(Piece(core, True))
            if start + len(core) < len(sentence):
                pieces.append(Piece(sentence[start + len(core):], False))
    return pieces


_CELL_BOUNDARY = re.compile(r"(\s*(?<!\\)\|\s*)")


def _table_pieces(text: str, language: str) -> list[Piece]:
    pieces: list[Piece] = []
    for line in re.split(r"(\n)", text):
        if not line.strip() or tables.delimiter(line) is not None:
            if line:
                pieces.append(Piece(line, False))
            continue
        for part in _CELL_BOUNDARY.split(line):
            if _CELL_BOUNDARY.fullmatch(part) or not part.strip():
                if part:
                    pieces.append(Piece(part, False))
            else:
                pieces += split_text(part, language)
    return pieces


def _uncut(line: str, sentences: list[str]) -> list[str]:
    """``sentences`` joined again where a cut fell inside what the model must copy
    (``cheap<!-- check -->.``: pysbd cuts after ``<!``)."""
    if len(sentences) < 2:
        return sentences
    spans = _kept_spans(line)
    out = [sentences[0]]
    at = len(sentences[0])
    for sentence in sentences[1:]:
        if any(start < at < end for start, end, _ in spans):
            out[-1] += sentence
        else:
            out.append(sentence)
        at += len(sentence)
    return out


def reassemble(plans: Sequence[Sequence[Piece]], translated: Mapping[str, tuple[str, tuple[str, ...]]],
               origin: str) -> list[Translation]:
    """Each text of ``plans`` (as ``split_text`` cut it) put back together from the
    translations of its sentences (``translated[sentence] = (text, flags)``), its
    whitespace kept; a text's flags are those of its sentences."""
    results = []
    for plan in plans:
        pieces: list[str] = []
        text_flags: list[tuple[str, ...]] = []
        for piece in plan:
            if piece.translate:
                text, flags = translated[piece.text]
                pieces.append(text)
                text_flags.append(flags)
            else:
                pieces.append(piece.text)
        results.append(Translation("".join(pieces), origin, merge_flags(*text_flags)))
    return results


# ---------------------------------------------------------------------------------------
# Placeholders and glossary terms


@dataclass(frozen=True)
class Protected:
    """A sentence with its protected spans replaced by sentinels ``{prefix}{index}``."""

    text: str
    prefix: str
    spans: tuple[str, ...]  # the originals, by sentinel index
    kinds: tuple[str, ...]  # "placeholder", "markup" or "glossary", by sentinel index
    # by sentinel index: a space was put before / after it, where the original touched a
    # word ("<b>the" -> "ZX0 the": the model reads the word), and comes off again
    pads: tuple[tuple[bool, bool], ...] = ()


def glossary_pattern(glossary: Iterable[str]) -> re.Pattern[str] | None:
    """One regular expression matching any glossary term as a whole word, longest first."""
    terms = sorted({term for term in glossary if term.strip()}, key=len, reverse=True)
    if not terms:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in terms) + r")(?!\w)")


# Markdown's code spans and link addresses (``](...)``): what the markup check wants kept
# besides tags, entities, URLs and e-mail addresses. (Hashtags and @handles, the social
# check's, are names: kept as markup is.)
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(?:.+?)(?<!`)\1(?!`)")
_LINK_ADDRESS = re.compile(r"(?<=\])\((?:<[^<>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)"
                           r"(?:\s+(?:\"[^\"]*\"|'[^']*'))?\)")


def _kept_spans(text: str) -> list[tuple[int, int, str]]:
    """What a model must copy, in order, none overlapping another: placeholders, and markup
    (a span of markup holding a placeholder is kept whole; one that cuts across one is not)."""
    placeholders = [(m.start(), m.end()) for m in PLACEHOLDER_RE.finditer(text)]
    markup: list[tuple[int, int]] = []
    candidates = markup_spans(text) + social_spans(text) + [m.span() for m in _CODE_SPAN.finditer(text)] + \
        [m.span() for m in _LINK_ADDRESS.finditer(text)]
    for start, end in sorted(candidates):
        if any(ps < end and start < pe and not (start <= ps and pe <= end) for ps, pe in placeholders):
            continue
        if markup and start < markup[-1][1]:  # (one inside another, an entity in a URL: the two as one)
            markup[-1] = (markup[-1][0], max(end, markup[-1][1]))
        else:
            markup.append((start, end))
    kept = [(s, e, "markup") for s, e in markup]
    kept += [(s, e, "placeholder") for s, e in placeholders if not any(ms <= s and e <= me for ms, me in markup)]
    return sorted(kept)


def protect(sentence: str, glossary: re.Pattern[str] | None,
            prefixes: Sequence[str] = SENTINEL_PREFIXES, keep: re.Pattern[str] | None = None) -> Protected:
    """Replace placeholders, markup (what the ``markup`` check wants kept: tags, entities,
    URLs, e-mail addresses, Markdown's code spans and link addresses; and the ``social``
    check's hashtags and @handles) and glossary terms by sentinels the model can copy.

    A sentinel is set apart by a space from a word that markup touched (``<b>the`` ->
    ``ZX0 the``: the model reads the word) and from a digit that follows any span
    (``{amount}00`` -> ``ZX0 00``: not sentinel 000); ``restore`` takes those spaces away.
    ``keep``: more that the engine must not see (kept as markup is)."""
    matches = _kept_spans(sentence)
    if keep is not None:  # what an engine would lose (Apertium drops every "~")
        for m in keep.finditer(sentence):
            if not any(s < m.end() and m.start() < e for s, e, _ in matches):
                matches.append((m.start(), m.end(), "markup"))
    if glossary is not None:
        for m in glossary.finditer(sentence):
            if not any(s < m.end() and m.start() < e for s, e, _ in matches):
                matches.append((m.start(), m.end(), "glossary"))
    if not matches:
        return Protected(sentence, prefixes[0] if prefixes else "", (), ())
    # A prefix that already occurs in the sentence could be mistaken for a sentinel.
    prefix = next((p for p in prefixes if p not in sentence), None)
    if prefix is None:  # (every one is there, "ZX, XQ, QZ, ZQX and ZQXQ0": one longer than any)
        prefix = (prefixes[-1] if prefixes else "ZQX") + "Q"
        while prefix in sentence:
            prefix += "Q"
    matches.sort()
    out: list[str] = []
    spans: list[str] = []
    kinds: list[str] = []
    pads: list[tuple[bool, bool]] = []
    last = 0
    for start, end, kind in matches:
        before = kind == "markup" and start > 0 and sentence[start - 1].isalnum()
        after = end < len(sentence) and (sentence[end].isdigit() or (kind == "markup" and sentence[end].isalnum()))
        out.append(sentence[last:start])
        out.append(f"{' ' if before else ''}{prefix}{len(spans)}{' ' if after else ''}")
        spans.append(sentence[start:end])
        kinds.append(kind)
        pads.append((before, after))
        last = end
    out.append(sentence[last:])
    return Protected("".join(out), prefix, tuple(spans), tuple(kinds), tuple(pads))


def restore(translated: str, protected: Protected,
            glossary_forms: Mapping[str, str] | None = None) -> tuple[str, tuple[str, ...]]:
    """Put the protected spans back, taking away the spaces ``protect`` set them apart
    with; re-insert (and flag) any the model lost. ``glossary_forms``: what a glossary
    term (as the source writes it) becomes in the target locale (``Glossary.replacements``:
    "Vladimir Putin" -> "Vladimir Poutine" in French); a term it does not name stays."""
    if not protected.spans:
        return translated, ()
    forms = glossary_forms or {}
    spans = [forms.get(span, span) if kind == "glossary" else span
             for span, kind in zip(protected.spans, protected.kinds)]
    count = len(protected.spans)
    pads = protected.pads or ((False, False),) * count
    sentinel = re.compile(re.escape(protected.prefix) + r"\s?(\d+)")
    matches = [m for m in sentinel.finditer(translated) if int(m.group(1)) < count]
    padding: set[int] = set()  # where a space protect added stands
    for match in matches:
        before, after = pads[int(match.group(1))]
        if before and match.start() > 0 and translated[match.start() - 1] == " ":
            padding.add(match.start() - 1)
        if after and match.end() < len(translated) and translated[match.end()] == " ":
            padding.add(match.end())

    def between(start: int, end: int) -> str:
        return "".join(ch for i, ch in enumerate(translated[start:end], start) if i not in padding)

    parts: list[str] = []
    found: set[int] = set()
    last = 0
    for match in matches:
        index = int(match.group(1))
        parts += [between(last, match.start()), spans[index]]
        found.add(index)
        last = match.end()
    parts.append(between(last, len(translated)))
    text = "".join(parts)
    flags: list[str] = []
    lost = [i for i in range(count) if i not in found]
    if lost:
        # Before the closing punctuation: "Er traf Xi Jinping." rather than "Er traf. Xi Jinping"
        tail = SENTENCE_END_RE.search(text)
        cut = tail.start() if tail else len(text)
        missing = " ".join(spans[i] for i in lost)
        text = (text[:cut] + (" " if text[:cut] else "") + missing + text[cut:]).strip()
        kinds = {protected.kinds[i] for i in lost}
        if "placeholder" in kinds or "markup" in kinds:
            flags.append(FLAG_PLACEHOLDER_LOST)
        if "glossary" in kinds:
            flags.append(FLAG_GLOSSARY_LOST)
    return text, tuple(flags)


# ---------------------------------------------------------------------------------------
# Tokens


def split_tokens(tokens: Sequence[str], bound: int) -> list[list[str]]:
    """Cut a SentencePiece token sequence into pieces of at most ``bound`` tokens.

    Cuts after clause punctuation where possible, else before a word start, else anywhere;
    nothing is dropped: the pieces concatenate to ``tokens``.
    """
    if bound <= 0:
        raise ValueError("bound must be positive")
    pieces: list[list[str]] = []
    rest = list(tokens)
    while len(rest) > bound:
        window = rest[: bound + 1]
        cut = next((i + 1 for i in range(bound - 1, 0, -1)
                    if window[i].rstrip().endswith((",", ";", ":", "–", "—", ")"))), 0)
        if not cut:
            cut = next((i for i in range(bound, 0, -1) if window[i].startswith("▁")), bound)
        pieces.append(rest[:cut])
        rest = rest[cut:]
    if rest or not pieces:
        pieces.append(rest)
    return pieces


def has_repetition(tokens: Sequence[str], n: int = 3, times: int = 4) -> bool:
    """True when one n-gram occurs ``times`` or more: the signature of a looping decoder."""
    if len(tokens) < n + times - 1:
        return False
    counts = Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
    return max(counts.values()) >= times
