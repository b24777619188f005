"""Template + existing catalog -> updated catalog, with msgmerge's semantics. Pure.

* a text that is still there keeps its translation, state and translator comments;
* a new text is untranslated, unless a translated text close to it existed (a changed
  paragraph): then it gets that translation as fuzzy, the old text kept as ``#|`` msgid;
* a text that is gone becomes obsolete (``#~``) with its translation, and comes back with
  it, in the same state, when the text returns;
* an approved translation is never dropped: when it seeds a fuzzy match it also stays as
  an obsolete entry, so a reverted edit finds it again, approved.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


from l10n.catalogs.model import Catalog, Key, Message

FUZZY_THRESHOLD = 0.6  # msgmerge's own threshold for a fuzzy match
TEMPLATE_ONLY_FLAGS = {"fuzzy"}
TRANSLATOR_FLAG_PREFIX = "ignore-"


@dataclass(frozen=True)
class MergeStats:
    added: int = 0
    fuzzy: int = 0
    obsoleted: int = 0
    revived: int = 0
    kept: int = 0


def _best_match(msgid: str, msgctxt: str | None, candidates: Iterable[Message]) -> Message | None:
    """The first candidate (in their order) of the highest similarity to ``msgid``, at
    least ``FUZZY_THRESHOLD``; None when there is none.

    The similarity is msgmerge's (gettext's ``fstrcmp``): the characters two texts have
    in common in order (their longest common subsequence), twice, over their total length.
    rapidfuzz works it out in microseconds where ``difflib`` took milliseconds a paragraph."""
    from rapidfuzz.distance import Indel  # (on first need: most merges find no fuzzy match to make)

    best, best_score = None, FUZZY_THRESHOLD
    for candidate in candidates:
        if candidate.msgctxt != msgctxt:
            continue
        score = Indel.normalized_similarity(msgid, candidate.msgid, score_cutoff=best_score)
        if score >= best_score and (best is None or score > best_score):
            best, best_score = candidate, score
    return best


def _refresh(target: Message, template: Message, nplurals: int) -> Message:
    """``target``'s translation and state, ``template``'s source-side data. A translation
    moving between singular and plural keeps its text in the first form, fuzzy."""
    # Flags: the template's (formats), plus the translator's own (ignore-<check>).
    flags = [f for f in template.flags if f not in TEMPLATE_ONLY_FLAGS] if template.flags else []
    if target.flags:
        flags = (["fuzzy"] if target.fuzzy else []) + flags + [f for f in target.flags
                                                              if f.startswith(TRANSLATOR_FLAG_PREFIX)]
    merged = Message(
        msgid=target.msgid, msgstr=target.msgstr, msgctxt=target.msgctxt, msgid_plural=template.msgid_plural,
        msgstr_plural=dict(target.msgstr_plural), flags=flags,
        translator_comments=list(target.translator_comments),
        extracted_comments=list(template.extracted_comments), references=list(template.references),
        previous_msgctxt=target.previous_msgctxt, previous_msgid=target.previous_msgid,
        previous_msgid_plural=target.previous_msgid_plural, obsolete=False, lineno=target.lineno,
    )
    if target.msgid_plural is None and template.msgid_plural is not None:
        merged.msgstr_plural = {i: target.msgstr if i == 0 else "" for i in range(nplurals)}
        merged.msgstr = ""
        merged.fuzzy = merged.fuzzy or bool(target.msgstr)
    elif target.msgid_plural is not None and template.msgid_plural is None:
        merged.msgstr = target.msgstr_plural.get(0, "")
        merged.msgstr_plural = {}
        merged.fuzzy = merged.fuzzy or bool(merged.msgstr)
    return merged


def _new(template: Message, nplurals: int) -> Message:
    message = Message(
        msgid=template.msgid,
        msgctxt=template.msgctxt,
        msgid_plural=template.msgid_plural,
        flags=[f for f in template.flags if f not in TEMPLATE_ONLY_FLAGS],
        extracted_comments=list(template.extracted_comments),
        references=list(template.references),
    )
    if template.msgid_plural is not None:
        message.msgstr_plural = {i: "" for i in range(nplurals)}
    return message


def merge(template: Catalog, existing: Catalog, nplurals: int = 2) -> tuple[Catalog, MergeStats]:
    """The catalog ``existing`` brought up to ``template``. Header: ``existing``'s."""
    active: dict[Key, Message] = {m.key: m for m in existing.messages if not m.obsolete}
    obsolete = {m.key: m for m in existing.messages if m.obsolete and m.key not in active}
    template_keys = {m.key for m in template.messages if not m.obsolete}
    # Translated texts that left the template: the pool for fuzzy matches.
    pool = [m for m in existing.messages if m.key not in template_keys and m.has_translation]
    used: set[Key] = set()
    result: list[Message] = []
    added = fuzzy = revived = kept = 0
    for tmpl in template.messages:
        if tmpl.obsolete:
            continue
        if tmpl.key in active:
            result.append(_refresh(active[tmpl.key], tmpl, nplurals))
            kept += 1
        elif tmpl.key in obsolete:
            result.append(_refresh(obsolete[tmpl.key], tmpl, nplurals))
            revived += 1
        else:
            match = _best_match(tmpl.msgid, tmpl.msgctxt, (m for m in pool if m.key not in used))
            if match is None:
                result.append(_new(tmpl, nplurals))
                added += 1
                continue
            message = _refresh(match, tmpl, nplurals)
            message.msgid = tmpl.msgid
            message.fuzzy = True
            if match.previous_msgid is None:
                message.previous_msgctxt = match.msgctxt
                message.previous_msgid = match.msgid
                message.previous_msgid_plural = match.msgid_plural
            elif (message.previous_msgid, message.previous_msgctxt, message.previous_msgid_plural) == (
                    message.msgid, message.msgctxt, message.msgid_plural):
                # The source is back to the text the translation was made for (a change
                # undone): nothing changed for it to review. A machine draft is a draft again.
                message.previous_msgctxt = message.previous_msgid = message.previous_msgid_plural = None
            used.add(match.key)
            result.append(message)
            fuzzy += 1
    # What left the template stays, obsolete, with its translation. A text whose
    # translation seeded a fuzzy entry is dropped only if it was not approved: that
    # translation lives on in the fuzzy entry; an approved one stays findable.
    gone: dict[Key, Message] = {}
    obsoleted = 0
    for message in existing.messages:
        if message.key in template_keys or message.key in gone:
            continue
        if not message.obsolete:
            if not (message.has_translation or message.translator_comments):
                continue
            if message.key in used and not message.translated:
                continue
            obsoleted += 1
        kept_copy = message.copy()
        kept_copy.obsolete = True
        kept_copy.references = []
        gone[message.key] = kept_copy
    merged = Catalog(
        headers=list(existing.headers),
        header_comments=list(existing.header_comments),
        header_flags=list(existing.header_flags),
        messages=result + list(gone.values()),
    )
    return merged, MergeStats(added, fuzzy, obsoleted, revived, kept)
