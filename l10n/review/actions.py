"""Review actions: accept, edit, reject; each saved at once, through the safe-write path.

    accept   approve the translation as it is: fuzzy cleared, the previous source (``#|``)
             dropped, the origin comment kept as history, the draft's flags dropped
    edit     a new translation, approved
    reject   the translation removed and the entry marked ``# l10n-rejected: DATE by WHO:
             REASON``; ``l10n translate`` leaves it alone until ``--retry-rejected``

Every action goes through ``catalogs.store.modify`` (workspace lock, re-read, three-way
merge with a translator's save, atomic replace), sets ``PO-Revision-Date`` and
``Last-Translator`` as a PO editor does, and is appended to the locale's audit log.

An action is refused, with one line naming the entry, when: the ID is unknown (or the
entry is gone); the translation in the file is no longer the one the reviewer saw (a
translator changed this very entry: their text wins); the text is blank (an edit, or the
draft an accept would approve); or (accept only) the draft has a check finding of
severity error and ``force`` is not given. The other requests are done.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from l10n.catalogs import store, validate
from l10n.catalogs.model import Catalog, Message
from l10n.config import Config
from l10n.errors import L10nError, UsageError, exit_code
from l10n.review import log as audit
from l10n.review.display import one_line
from l10n.review import queue as queue_mod
from l10n.review.queue import Entry, Workspace
from l10n.states import FLAG, ORIGIN, REJECTED, State, remove_marker, set_marker, touch_revision
from l10n.states import state as entry_state

ACTIONS = audit.ACTIONS


@dataclass(frozen=True)
class Request:
    id: str  # as typed: a unique prefix of the entry's key
    action: str  # accept | edit | reject
    text: str | None = None  # edit: the new translation
    reason: str | None = None  # reject: why
    expected: str | None = None  # the translation the reviewer saw (None: whatever is there)
    force: bool = False  # accept: even a draft with a check finding of severity error
    # the state the reviewer saw it in (None: any): a translator who approved the draft in
    # Poedit changed the entry, not its text
    expected_state: State | None = None


@dataclass(frozen=True)
class Done:
    entry: Entry  # as it was before the action
    action: str
    after: str
    now: Entry | None = None  # as the file has it after the action (for a caller that keeps it open)


@dataclass(frozen=True)
class ActionResult:
    done: tuple[Done, ...]
    errors: tuple[L10nError, ...]

    @property
    def exit_code(self) -> int:
        # (only IDs that are no IDs, and nothing done: bad usage, 2)
        return exit_code(self.errors, done_any=bool(self.done))

    def to_json(self) -> dict[str, object]:
        return {
            "done": [{"id": d.entry.id, "locale": d.entry.locale, "catalog": d.entry.catalog, "action": d.action,
                      "before": d.entry.msgstr, "after": d.after} for d in self.done],
            "errors": [str(e) for e in self.errors],
        }


class Refused(L10nError):
    """An action on one entry that was not done (it names the entry and why)."""


class Conflict(Refused):
    """An action refused because the translation in the file is no longer the one the
    reviewer saw: ``entry`` is the entry as it is now (the message shows its text)."""

    def __init__(self, message: str, entry: Entry) -> None:
        super().__init__(message)
        self.entry = entry


class Blocked(Refused):
    """An accept that a check's error finding stopped (``force`` accepts it anyway)."""


# Findings of severity error that block ``accept`` without ``force``: the caller passes a
# function (the checks live in l10n.quality) so this module stays free of them.
Blockers = Callable[[Entry], Sequence[str]]


@dataclass
class _Planned:
    request: Request
    entry: Entry
    after: str = ""
    applied: bool = False
    refused: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    now: Message | None = None  # the entry as the file has it, when someone changed it meanwhile


def _apply(message: Message, plan: _Planned, stamp: str, reviewer: str) -> None:
    request = plan.request
    message.fuzzy = False
    message.previous_msgctxt = message.previous_msgid = message.previous_msgid_plural = None
    remove_marker(message, FLAG)
    if request.action == "accept":
        remove_marker(message, REJECTED)
        plan.after = message.msgstr
    elif request.action == "edit":
        assert request.text is not None
        message.msgstr = request.text
        remove_marker(message, REJECTED)
        plan.after = request.text
    else:
        message.msgstr = ""
        remove_marker(message, ORIGIN)
        reason = request.reason or ""
        set_marker(message, REJECTED, f"{stamp} by {reviewer}" + (f": {reason}" if reason else ""))
        plan.after = ""


def refused_by_msgfmt(entry: Entry, text: str) -> str | None:
    """What ``msgfmt --check`` would say of ``entry`` approved with ``text``: a placeholder
    of a format flag (``{date}`` in a python-brace-format entry) lost or made up, or a
    newline at one end that the source does not have (None: nothing)."""
    trial = Message(msgid=entry.msgid, msgstr=text, flags=[f for f in entry.po_flags if f != "fuzzy"])
    found = validate.newline_problems(trial) + (validate.format_problems(trial) if trial.flags else [])
    return found[0] if found else None


def perform(config: Config, workspace: Workspace, requests: Sequence[Request], reviewer: str, *,
            force: bool = False, blockers: Blockers | None = None,
            now: dt.datetime | None = None) -> ActionResult:
    """Carry out ``requests`` (grouped by catalog, one safe write per catalog)."""
    moment = now or audit.now_utc()
    stamp = moment.date().isoformat()
    errors: list[L10nError] = []
    plans: list[_Planned] = []
    # (into the header and a comment: on one line, without a bidi override or other
    # characters that do not show, whoever called)
    reviewer = one_line(reviewer) or "unknown"
    for request in requests:
        if request.reason is not None:
            request = replace(request, reason=one_line(request.reason) or None)
        if request.action not in ACTIONS:
            raise UsageError(f"unknown action {request.action!r} (known: {', '.join(ACTIONS)})")
        if request.action == "edit" and not (request.text or "").strip():
            errors.append(Refused(f"{request.id}: an edit needs a non-empty text; nothing changed"))
            continue
        try:
            entry = workspace.find(request.id)
        except UsageError as exc:  # not an ID, or an ambiguous one: said, and the others are done
            errors.append(exc)
            continue
        if entry is None:
            errors.append(Refused(f"{request.id}: no such entry (unknown ID, or its source text changed since "
                                  "it was listed: run l10n review list)"))
            continue
        if request.action == "edit":
            broken = refused_by_msgfmt(entry, request.text or "")
            if broken:
                errors.append(Refused(f"{entry.id}: not saved: {broken} (msgfmt --check, and so compile, would "
                                      f"refuse the catalog: keep the source's placeholders and newlines)"))
                continue
        if request.expected is not None and request.expected != entry.msgstr:
            errors.append(Conflict(f"{entry.id}: was changed in the file since it was listed; their text wins: "
                                   f"{entry.msgstr!r} (the same command again acts on this text)", entry))
            continue
        if request.expected_state is not None and request.expected_state is not entry.state:
            errors.append(Conflict(_state_changed(entry.id, request.expected_state, entry.state), entry))
            continue
        if request.action == "accept" and entry.state is State.APPROVED:
            errors.append(Refused(f"{entry.id}: already approved; nothing to accept"))
            continue
        if request.action == "accept" and not entry.msgstr:
            errors.append(Refused(f"{entry.id}: has no translation to accept; use l10n review edit {entry.id}"))
            continue
        if request.action == "accept" and not entry.msgstr.strip():  # (as a blank edit is refused)
            errors.append(Refused(f"{entry.id}: not accepted: its translation is blank (only white space); give "
                                  f"one with l10n review edit {entry.id}, or reject it"))
            continue
        broken = refused_by_msgfmt(entry, entry.msgstr) if request.action == "accept" and entry.msgstr else None
        if broken:  # (not even with --force: the catalog would not compile)
            errors.append(Refused(f"{entry.id}: not accepted: {broken} (msgfmt --check, and so compile, would refuse "
                                  f"the catalog: fix it with l10n review edit {entry.id})"))
            continue
        if request.action == "accept" and not (force or request.force) and blockers is not None:
            found = list(blockers(entry))
            if found:
                errors.append(Blocked(f"{entry.id}: not accepted: {'; '.join(found)} (fix it with l10n review "
                                      f"edit {entry.id}, or accept anyway with --force)"))
                continue
        plans.append(_Planned(request, entry))

    by_catalog: dict[str, list[_Planned]] = {}
    for plan in plans:
        by_catalog.setdefault(plan.entry.catalog, []).append(plan)
    done: list[Done] = []
    for catalog_name, group in by_catalog.items():
        path = config.root / catalog_name

        def change(catalog: Catalog | None, group: list[_Planned] = group) -> Catalog | None:
            if catalog is None:
                for plan in group:
                    plan.refused = "its catalog is gone"
                return None
            index = catalog.index()
            changed = False
            for plan in group:
                plan.applied = False
                message = index.get((plan.entry.msgctxt, plan.entry.msgid))
                if message is None:
                    plan.refused = "is no longer in its catalog (run l10n review list)"
                    continue
                expected = plan.request.expected if plan.request.expected is not None else plan.entry.msgstr
                if message.msgstr != expected:
                    plan.refused = (f"was changed in the file since it was listed; their text wins: "
                                    f"{message.msgstr!r} (the same command again acts on this text)")
                    plan.now = message
                    continue
                seen_as = plan.request.expected_state if plan.request.expected_state is not None else plan.entry.state
                if entry_state(message) is not seen_as:
                    plan.refused = _state_changed(None, seen_as, entry_state(message))
                    plan.now = message
                    continue
                plan.refused = None
                _apply(message, plan, stamp, reviewer)
                plan.applied = changed = True
            if changed:
                touch_revision(catalog, moment, reviewer)
            return catalog

        store.modify(path, change, config.locales_path, config.shown(path), strict=False)
        # A translator who saved this very entry while we wrote wins the three-way merge:
        # only what is in the file now counts as done.
        now_there = store.read(path, config.shown(path), strict=False).index()
        for plan in group:
            message = now_there.get((plan.entry.msgctxt, plan.entry.msgid))
            if plan.now is not None:  # (a caller that keeps the entry open shows it as it is now)
                errors.append(Conflict(f"{plan.entry.id}: {plan.refused}",
                                       queue_mod.entry_now(plan.entry, message or plan.now)))
                continue
            if plan.refused is not None or not plan.applied:
                errors.append(Refused(f"{plan.entry.id}: {plan.refused or 'not changed'}"))
                continue
            if message is None or message.msgstr != plan.after or message.fuzzy:
                error = f"{plan.entry.id}: was changed in the file while it was saved; their text wins"
                errors.append(Conflict(error, queue_mod.entry_now(plan.entry, message)) if message is not None
                              else Refused(error))
                continue
            audit.append(config, audit.Record(
                time=audit.timestamp(moment), reviewer=reviewer, locale=plan.entry.locale, catalog=catalog_name,
                id=plan.entry.id, msgctxt=plan.entry.msgctxt, msgid=plan.entry.msgid, action=plan.request.action,
                before=plan.entry.msgstr, after=plan.after, origin=plan.entry.origin, reason=plan.request.reason,
            ))
            done.append(Done(plan.entry, plan.request.action, plan.after, queue_mod.entry_now(plan.entry, message)))
    return ActionResult(tuple(done), tuple(errors))


def _state_changed(entry_id: str | None, seen: State, now: State) -> str:
    said = f"was changed in the file since it was listed: {seen.value.replace('_', ' ')} then, " \
           f"{now.value.replace('_', ' ')} now (the same command again acts on it as it is)"
    return f"{entry_id}: {said}" if entry_id else said


def updated_entry(entry: Entry, after: str, action: str) -> Entry:
    """The entry as it stands after ``action`` (for a caller that keeps a queue open)."""
    state = State.UNTRANSLATED if action == "reject" else State.APPROVED
    return replace(entry, msgstr=after, state=state, previous_msgid=None, flags=())
