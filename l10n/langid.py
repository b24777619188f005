"""Which of two languages a short line leans to: lingua, restricted to the two, offline.

Used by the separator: a line that recurs across articles is the site's template only
when it is not plainly in the body's language (chrome.pot's source language is the
chrome's, so an English subheading two articles share is body, not chrome).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

Confidence = Callable[[str], float]
"""``confidence(text)``: how sure (0..1) that ``text`` is in the body language."""


@lru_cache(maxsize=None)
def _detector(chrome: str, body: str) -> object:
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = [Language.from_iso_code_639_1(IsoCode639_1.from_str(code)) for code in (chrome, body)]
    return LanguageDetectorBuilder.from_languages(*languages).build()


def body_confidence(chrome_language: str, body_language: str) -> Confidence:
    """A ``Confidence`` for this pair of languages; neutral (0.5) where lingua lacks one."""
    try:
        detector = _detector(chrome_language.split("_")[0], body_language.split("_")[0])
    except (ValueError, AttributeError):
        return lambda text: 0.5
    from lingua import IsoCode639_1, Language

    body = Language.from_iso_code_639_1(IsoCode639_1.from_str(body_language.split("_")[0]))

    def confidence(text: str) -> float:
        return float(detector.compute_language_confidence(text, body))  # type: ignore[attr-defined]

    return confidence
