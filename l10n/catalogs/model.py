"""The in-memory PO model. Pure data: no file access here.

A ``Catalog`` is a header plus an ordered list of ``Message`` (obsolete ones included,
flagged ``obsolete``). Keys are ``(msgctxt, msgid)`` as in GNU gettext.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Key = tuple["str | None", str]


@dataclass
class Message:
    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    # msgstr[n] for plural entries; empty for singular ones.
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    translator_comments: list[str] = field(default_factory=list)  # "# ..." lines, text only
    extracted_comments: list[str] = field(default_factory=list)  # "#. ..." lines, text only
    references: list[str] = field(default_factory=list)  # "#: " tokens, e.g. "articles/a.txt:12"
    previous_msgctxt: str | None = None  # "#| msgctxt"
    previous_msgid: str | None = None  # "#| msgid"
    previous_msgid_plural: str | None = None  # "#| msgid_plural"
    obsolete: bool = False
    # Line of the msgid keyword in the file it was read from (0: not read); where a message
    # was read is not part of what it is, so equality ignores it.
    lineno: int = field(default=0, compare=False)

    @property
    def key(self) -> Key:
        return (self.msgctxt, self.msgid)

    def copy(self) -> Message:
        """An independent copy (its lists and dict copied; strings are immutable anyway):
        what ``copy.deepcopy`` gives, at a fraction of the cost."""
        return Message(
            msgid=self.msgid,
            msgstr=self.msgstr,
            msgctxt=self.msgctxt,
            msgid_plural=self.msgid_plural,
            msgstr_plural=dict(self.msgstr_plural),
            flags=list(self.flags),
            translator_comments=list(self.translator_comments),
            extracted_comments=list(self.extracted_comments),
            references=list(self.references),
            previous_msgctxt=self.previous_msgctxt,
            previous_msgid=self.previous_msgid,
            previous_msgid_plural=self.previous_msgid_plural,
            obsolete=self.obsolete,
            lineno=self.lineno,
        )

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @fuzzy.setter
    def fuzzy(self, value: bool) -> None:
        if value and "fuzzy" not in self.flags:
            self.flags.insert(0, "fuzzy")
        elif not value:
            self.flags = [f for f in self.flags if f != "fuzzy"]

    @property
    def pluralizable(self) -> bool:
        return self.msgid_plural is not None

    def translations(self) -> list[str]:
        """Every msgstr of this entry (one for singular, n for plural entries)."""
        if self.pluralizable:
            return [self.msgstr_plural[i] for i in sorted(self.msgstr_plural)]
        return [self.msgstr]

    @property
    def translated(self) -> bool:
        """msgfmt's notion: not fuzzy, not obsolete, and the first msgstr non-empty (msgfmt
        --statistics counts, and the .mo holds, a plural entry whose other forms are empty
        as translated: it judges the forms by the first)."""
        if self.obsolete or self.fuzzy:
            return False
        return bool(self.msgstr_plural.get(0) if self.msgid_plural is not None else self.msgstr)

    @property
    def has_translation(self) -> bool:
        return any(self.translations())


@dataclass
class Catalog:
    # Header: the msgid "" entry. Fields keep their order; comments and flags are kept too.
    headers: list[tuple[str, str]] = field(default_factory=list)
    header_comments: list[str] = field(default_factory=list)
    header_flags: list[str] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)

    def copy(self) -> Catalog:
        """An independent copy (see ``Message.copy``)."""
        return Catalog(
            headers=list(self.headers),
            header_comments=list(self.header_comments),
            header_flags=list(self.header_flags),
            messages=[m.copy() for m in self.messages],
        )

    def header(self, name: str) -> str | None:
        lname = name.lower()
        for key, value in self.headers:
            if key.lower() == lname:
                return value
        return None

    def set_header(self, name: str, value: str) -> None:
        lname = name.lower()
        for i, (key, _) in enumerate(self.headers):
            if key.lower() == lname:
                self.headers[i] = (key, value)
                return
        self.headers.append((name, value))

    def header_text(self) -> str:
        return "".join(f"{key}: {value}\n" for key, value in self.headers)

    @property
    def active(self) -> list[Message]:
        return [m for m in self.messages if not m.obsolete]

    @property
    def obsolete(self) -> list[Message]:
        return [m for m in self.messages if m.obsolete]

    def index(self) -> dict[Key, Message]:
        """Active messages by key."""
        return {m.key: m for m in self.messages if not m.obsolete}

    def get(self, msgid: str, msgctxt: str | None = None) -> Message | None:
        for m in self.messages:
            if not m.obsolete and m.msgid == msgid and m.msgctxt == msgctxt:
                return m
        return None
