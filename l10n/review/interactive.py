"""``l10n review`` on a terminal: the queue one entry a screen, single keys.

    a accept   e edit   r reject   s skip   b back   q quit   ? help   v view a long entry whole
    A accept a draft a check found an error in (the CLI's --force)

Each action is saved when it is made (``actions.perform``), so quitting, or a terminal
that is closed, loses nothing. At the line prompt of an edit or a reason, Ctrl+D cancels
that edit or reason (nothing saved, the entry's screen again), as an empty edit does;
Ctrl+C ends the session, as it does at the keys, with what was done before it kept. The loop talks to the terminal through ``Terminal`` (click
in the CLI), so it can be driven by anything that reads keys and prints lines.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from l10n.review import actions
from l10n.review.diff import as_text, word_diff
from l10n.review.display import cut, visible, wrap, wrap_items
from l10n.review.queue import Entry

KEYS = (
    ("a", "accept"), ("e", "edit"), ("r", "reject"), ("s", "skip"), ("b", "back"), ("q", "quit"), ("?", "help"),
)


class Terminal(Protocol):
    def key(self) -> str: ...
    def show(self, text: str = "") -> None: ...
    def clear(self) -> None: ...
    # A line typed at a prompt (Enter on nothing: ``default``); None when it was ended with
    # Ctrl+D instead of Enter: the reviewer cancelled it. Ctrl+C raises KeyboardInterrupt.
    def ask(self, prompt: str, default: str = "") -> str | None: ...
    def edit(self, text: str) -> str | None: ...  # None: not saved (cancelled)
    def page(self, text: str) -> None: ...
    def settle(self) -> None: ...  # forget keys typed ahead (an action was done or refused)
    def drawn(self) -> None: ...  # a screen is up: keys typed before it only move about the queue


@dataclass
class Session:
    accepted: int = 0
    edited: int = 0
    rejected: int = 0
    skipped: int = 0
    refused: int = 0
    interrupted: bool = False  # ended with Ctrl+C (at a prompt, or while a screen was drawn)


Perform = Callable[[actions.Request], actions.ActionResult]
Findings = Callable[[Entry], Sequence[str]]


def screen(entry: Entry, position: int, total: int, findings: Sequence[str], width: int,
           height: int | None = None, below: int = 0) -> str:
    """One entry, as the reviewer sees it, every line at most ``width`` columns (a
    terminal's real width), characters that do not show made visible (``⟨U+202E⟩``). With ``height``, long texts (a draft the engine looped on) are
    cut so that the screen fits, the entry's head and keys included, and ``below`` lines
    of a message under it; ``v`` shows them whole."""
    width = max(10, width)

    def block(title: str, text: str) -> list[str]:
        return wrap(f"{title}:", width) + wrap(visible(text), width, "  ")

    where = entry.article or "site chrome"
    rule = "-" * min(width, 100)
    head = wrap(visible(f"{position} / {total}   {entry.locale}   {where} · {entry.role}   [{entry.id}] "
                        f"{entry.state.value.replace('_', ' ')}"), width, "", "  ") + [rule]
    if entry.msgctxt is not None:  # (two entries of one source text: "Kontakt" the button, and the link)
        head += wrap(visible(f"context: {entry.msgctxt or '(empty)'}"), width, "", "  ")
    texts = [block(f"source ({entry.source_language})", entry.msgid)]
    if entry.previous_msgid is not None:
        texts.append(block("source changed (word diff)", as_text(word_diff(entry.previous_msgid, entry.msgid))))
    texts.append(block(f"candidate ({entry.locale})", entry.msgstr or "(empty)"))
    tail = wrap(visible(f"origin: {entry.provenance}"), width, "", "  ")
    if entry.flags:
        tail += wrap(visible(f"flagged: {', '.join(entry.flags)}"), width, "", "  ")
    tail.append("findings: " + ("none" if not findings else ""))
    tail += [line for finding in findings for line in wrap(visible(finding), width, "  - ", "    ")]
    tail.append(rule)
    keys = [f"[{key}] {name}" for key, name in KEYS]
    if height is not None:
        fitted = _fitted(texts, max(2 * len(texts), height - len(head) - len(tail) - 3 - below), width)
        if fitted != texts:
            keys.append("[v] view all")
        texts = fitted
    return "\n".join(head + [line for lines in texts for line in lines] + tail + wrap_items(keys, width))


def fit_message(message: str, width: int) -> str:
    """A message under the screen, wrapped to the terminal's width (its lines' indents kept)."""
    width = max(10, width)
    lines = []
    for line in visible(message).split("\n"):
        indent = line[: len(line) - len(line.lstrip(" "))]
        lines += wrap(line[len(indent):], width, indent, indent + "  ")
    return "\n".join(lines)


def _fitted(blocks: list[list[str]], room: int, width: int = 100) -> list[list[str]]:
    """``blocks`` cut to ``room`` lines in all: the longest are cut first, each keeping its
    title, its first lines and a line saying how many more there are."""
    if sum(len(b) for b in blocks) <= room:
        return blocks
    sizes = [len(b) for b in blocks]
    while sum(sizes) > room:
        longest = max(range(len(sizes)), key=lambda i: sizes[i])
        if sizes[longest] <= 3:
            break
        sizes[longest] -= 1
    fitted = []
    for lines, size in zip(blocks, sizes):
        if size >= len(lines):
            fitted.append(lines)
        else:
            hidden = len(lines) - (size - 1)
            fitted.append(lines[:size - 1] + ["  " + cut(f"… {hidden} more lines (v shows them all)", width - 2)])
    return fitted


# Keys that only move about the queue: typed ahead (faster than the screens are drawn),
# they are honoured, until an action is saved (then every key typed ahead is dropped). A
# key that acts on an entry (a, A, e, r) is only taken once its screen is up: one typed
# ahead would approve or reject an entry no one has looked at.
MOVING_KEYS = frozenset({"s", "b", "v", "q", "?", "\r", "\n", " "})


def split_keys(read: str, first_acts: bool = True) -> list[str]:
    """The keys in one read of the terminal: several when typed faster than the screen
    is drawn (``ss``: skip two), each escape sequence one key (an arrow key: ``\x1b[A``;
    Alt with a key: ``\x1ba``). After the first (from the first on, unless ``first_acts``:
    keys typed before the screen they would act on was drawn), only keys that move about
    the queue are kept (``MOVING_KEYS``): the rest of the read is dropped at the first
    other key."""
    keys: list[str] = []
    i = 0
    while i < len(read):
        if read[i] == "\x1b" and i + 1 < len(read) and read[i + 1] in "[O":
            j = i + 2
            while j < len(read) and not ("\x40" <= read[j] <= "\x7e"):  # (parameters, up to the final byte)
                j += 1
            key = read[i:j + 1]
            i = j + 1
        elif read[i] == "\x1b" and i + 1 < len(read):  # (Alt and a key)
            key = read[i:i + 2]
            i += 2
        else:
            key = read[i]
            i += 1
        if (keys or not first_acts) and key not in MOVING_KEYS:
            break
        keys.append(key)
    if not first_acts:
        return keys
    return keys or ["\x04"]  # (nothing read: the terminal is gone)


HELP = """a  accept the candidate as it is (approved); A  accept it even with an error finding
e  edit it (in $VISUAL/$EDITOR, or a line prompt when none is set); the result is approved
r  reject it (asks for a reason): the translation is removed until it is drafted again
s  skip to the next entry, b  go back one, q  quit (everything done so far is saved)
v  view the entry whole, when its texts were cut to fit the screen"""


def run(queue: list[Entry], terminal: Terminal, perform: Perform, findings: Findings,
        notice: str = "") -> Session:
    """Walk ``queue``; every action is performed (and saved) as it is made. ``notice`` is
    shown under the first screen (the catalogs that do not read, whose entries are not in
    the queue)."""
    session = Session()
    index = 0
    message = notice
    typed: dict[int, str] = {}  # an edit a conflict refused, by place: ``e`` starts from it
    while 0 <= index < len(queue):
        entry = queue[index]
        try:
            # (Ctrl+C is a key in raw mode, but a signal while a screen is drawn or a line
            # is typed: either way the session ends, what was saved stays)
            size = shutil.get_terminal_size((100, 24))
            terminal.clear()
            message = fit_message(message, size.columns) if message else ""
            below = message.count("\n") + 1 if message else 0
            terminal.show(screen(entry, index + 1, len(queue), findings(entry), size.columns, size.lines, below))
            if message:
                terminal.show(message)
                message = ""
            terminal.drawn()
            key = terminal.key()
            if key in ("q", "\x03", "\x04"):
                break
            if key == "?":
                message = HELP
                continue
            if key == "v":  # the entry whole, however long
                terminal.page(screen(entry, index + 1, len(queue), findings(entry), size.columns))
                continue
            if key == "s" or key in ("\r", "\n", " "):
                session.skipped += 1
                index += 1
                continue
            if key == "b":
                index = max(0, index - 1)
                continue
            request: actions.Request
            if key in ("a", "A"):
                request = actions.Request(entry.id, "accept", expected=entry.msgstr, force=key == "A",
                                          expected_state=entry.state)
            elif key == "e":
                text = terminal.edit(typed.pop(index, entry.msgstr))
                if text is None:
                    message = "edit cancelled: nothing saved"
                    continue
                if not text.strip() or text == entry.msgstr:
                    message = "unchanged: nothing saved"
                    continue
                request = actions.Request(entry.id, "edit", text=text, expected=entry.msgstr,
                                          expected_state=entry.state)
            elif key == "r":
                reason = terminal.ask("reason for rejecting (Enter: none, Ctrl+D: do not reject)")
                if reason is None:
                    message = "reject cancelled: nothing saved"
                    continue
                request = actions.Request(entry.id, "reject", reason=reason or None, expected=entry.msgstr,
                                          expected_state=entry.state)
            else:
                message = f"unknown key {key!r}: press ? for help"
                continue
        except KeyboardInterrupt:
            session.interrupted = True
            break
        result = perform(request)
        terminal.settle()  # (keys typed while it was saved were meant for the screen before)
        if result.errors:
            session.refused += 1
            said = "; ".join(str(e) for e in result.errors)
            message = said if " not saved: " in said or " not accepted: " in said else "not saved: " + said
            conflict = next((error for error in result.errors if isinstance(error, actions.Conflict)), None)
            if conflict is not None:
                # Someone saved the entry meanwhile (a translator in Poedit): the screen
                # shows it as it is now, and the next key acts on that.
                queue[index] = conflict.entry
                message += "\n  the screen shows it as it is now: a, e, r act on this text"
                if request.action == "edit" and request.text:
                    typed[index] = request.text
                    message += " (e starts from the text you typed)"
            elif any(isinstance(error, actions.Blocked) for error in result.errors):  # (here a key, not --force)
                message += "\n  here: e edits it, A accepts it anyway"
            elif " would refuse the catalog" in said:
                message += "\n  here: e edits it"
            continue
        done = result.done[0]
        queue[index] = done.now or actions.updated_entry(entry, done.after, done.action)
        if done.action == "accept":
            session.accepted += 1
        elif done.action == "edit":
            session.edited += 1
            errors = [finding for finding in findings(queue[index]) if finding.startswith("error")]
            if errors:  # (saved as typed; said, since a build withholds it)
                message = (f"saved, but {'; '.join(errors)}: a build withholds it until it is fixed "
                           "(b goes back to it)")
        else:
            session.rejected += 1
        index += 1
    return session
