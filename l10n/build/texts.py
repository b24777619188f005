"""The few words the build itself puts around an edition, in the reader's language.

The disclosure on machine-translated editions, the note on untranslated passages, the
links between editions: English in the code, translated in ``locales/<lang>.po`` beside
this module (shipped with l10n, reviewed and approved; read with l10n's own PO reader, and
only approved entries are used). A reader whose language has no translation gets English,
and the text says so with its ``lang``.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path

from l10n import localefacts

FOLDER = Path(__file__).parent / "locales"
SOURCE_LANGUAGE = "en"

MACHINE_DISCLOSURE = "Machine translation, not yet reviewed by an editor"
PARTIAL_NOTE = "Parts of this article are not yet translated and are shown in the original language."
FALLBACK_NOTE = "Not yet translated: shown in the original language ({language})."
ALSO_IN = "Also available in:"
ALL_ARTICLES = "All articles"
ARTICLES = "Articles"


@dataclass(frozen=True)
class Text:
    text: str
    lang: str  # the language ``text`` is in (a locale code)


@functools.lru_cache(maxsize=None)
def _approved(lang: str) -> dict[str, str]:
    from l10n.catalogs import pofile  # here: the build's version() needs no catalog reader
    from l10n.states import State, state

    path = FOLDER / f"{lang}.po"
    if not path.is_file():
        return {}
    catalog = pofile.parse(path.read_bytes(), str(path))
    return {m.msgid: m.msgstr for m in catalog.active if state(m) is State.APPROVED}


def candidates(locale: str) -> list[str]:
    """``pt_BR`` -> ``pt_BR``, ``pt``: the catalogs that may speak to a reader of ``locale``."""
    language = locale.replace("-", "_").split("_")[0]
    return list(dict.fromkeys([locale.replace("-", "_"), language]))


def text(msgid: str, locale: str, **values: str) -> Text:
    """``msgid`` in ``locale`` (or in English), with ``{name}`` tokens replaced by ``values``."""
    found = Text(msgid, SOURCE_LANGUAGE)
    for lang in candidates(locale):
        if lang.split("_")[0] == SOURCE_LANGUAGE:
            break
        translated = _approved(lang).get(msgid)
        if translated:
            found = Text(translated, lang)
            break
    shown = found.text
    for name, value in values.items():
        shown = shown.replace("{" + name + "}", value)
    return Text(shown, found.lang)


def version() -> str:
    """Changes whenever a shipped translation does: part of every edition's input key."""
    digest = hashlib.sha256()
    for path in sorted(FOLDER.glob("*.po")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def language_name(code: str, in_locale: str) -> str:
    """The name of language ``code`` as a reader of ``in_locale`` says it (``anglais``)."""
    def ask() -> str:
        from babel import Locale, UnknownLocaleError

        try:
            reader = Locale.parse(in_locale.replace("-", "_"))
            name = reader.languages.get(code.replace("-", "_")) or reader.languages.get(code.split("_")[0])
        except (UnknownLocaleError, ValueError):
            return code
        return str(name or code)

    return localefacts.answer(f"language:{code}:{in_locale}", ask, localefacts.is_text)


def own_name(code: str) -> str:
    """A language's name in itself, capitalized as a language menu shows it (``Français``)."""
    def ask() -> str:
        from babel import Locale, UnknownLocaleError

        try:
            name = str(Locale.parse(code.replace("-", "_")).get_display_name() or code)
        except (UnknownLocaleError, ValueError):
            return code
        return name[:1].upper() + name[1:]

    return localefacts.answer(f"own-name:{code}", ask, localefacts.is_text)


def lang_tag(locale: str) -> str:
    """A gettext locale as HTML's ``lang`` and ``hreflang`` want it (BCP 47): ``pt_BR`` -> ``pt-BR``."""
    return locale.replace("_", "-")
