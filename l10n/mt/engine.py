"""The machine-translation interface the core talks to, a fake for tests, and pivoting.

The core never knows which engine it drives: it is handed an ``Engine`` (as httpx is
handed a transport) and calls ``translate(texts, source, target)``. Implementations:

    FakeEngine      deterministic, instant: "[de] text"; for tests of other layers
    ArgosEngine     (l10n.mt.argos) installed Argos Translate models through CTranslate2
    ApertiumEngine  (l10n.mt.apertium) installed Apertium pairs (Debian packages), rule-based
    ChoosingEngine  (l10n.mt.choose) one engine per pair, by configuration and what is installed
    PivotEngine     wraps any engine: de->fr through en when only de->en and en->fr exist

Every engine returns one ``Translation`` per input text, in order, saying where it came
from (``origin``, written into the catalog comment) and what looked wrong (``flags``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from l10n.errors import MissingModelError

Progress = Callable[[int, int], None]
"""Called as ``progress(done, total)`` while an engine works; the last call is (total, total)."""

Pair = tuple[str, str]

# Flags an engine may set on a translation (stable names: checks and reports use them).
FLAG_LENGTH_BOUND = "length-bound"        # input over the token bound, or output hit it
FLAG_REPETITION = "repetition"            # the output loops (an n-gram repeated)
FLAG_PLACEHOLDER_LOST = "placeholder-lost"  # the model dropped a placeholder; re-appended
FLAG_GLOSSARY_LOST = "glossary-lost"      # the model dropped a glossary term; re-appended
FLAG_PIVOT = "pivot"                      # translated through an intermediate language
FLAG_EMPTY_OUTPUT = "empty-output"        # the model gave nothing; the core drafts the source


@dataclass(frozen=True)
class Translation:
    """One machine translation: the text, where it came from, what looked wrong."""

    text: str
    origin: str  # e.g. "mt argos en->de translate-en_de 1.0"
    flags: tuple[str, ...] = ()


@runtime_checkable
class Engine(Protocol):
    def pairs(self) -> list[Pair]:
        """The installed (source, target) language pairs, sorted."""
        ...

    def translate(self, texts: Sequence[str], source: str, target: str,
                  progress: Progress | None = None) -> list[Translation]:
        """One translation per text, in order; ``MissingModelError`` for an unknown pair."""
        ...


Explain = Callable[[str, str, "str | None"], MissingModelError]
"""``explain(source, target, pivot)``: the error for a pair nothing translates; ``pivot``
is given when one leg of the route through it is installed."""

PackageFor = Callable[[str, str], "str | None"]
"""``package_for(source, target)``: the Debian package with Apertium's pair, if any."""


def missing_model(source: str, target: str, installed: Sequence[Pair],
                  pivot: str | None = None, *,
                  package_for: PackageFor | None = None) -> MissingModelError:
    """The one-line error for a pair no model (nor a pivot) translates. With ``pivot``
    (one leg of the route through it installed), it names the leg that would complete the
    route. ``package_for`` names the Debian package of Apertium's pair, the other way to
    get a pair (or a leg)."""
    have = ", ".join(f"{a}->{b}" for a, b in sorted(installed)) or "none"
    wanted = [(source, target)]
    then = f" (then {source}->{target} goes through {pivot})"
    if pivot:
        wanted.append((pivot, target) if (source, pivot) in installed else (source, pivot))
    argos = [f"`l10n models install {a} {b}`" + (then if (a, b) != (source, target) else "")
             for a, b in wanted]
    packages = [(package_for(a, b) if package_for else None, (a, b)) for a, b in wanted]
    debian = [f"`apt-get install apertium {package}`" + (then if leg != (source, target) else "")
              for package, leg in packages if package]
    apertium = f", or Apertium's with {' or '.join(debian)}" if debian else ""
    return MissingModelError(
        f"no translation model for {source}->{target} (installed: {have}); "
        f"install one with {' or '.join(argos)} "
        f"or `l10n models install FILE.argosmodel`{apertium}")


def merge_flags(*groups: Sequence[str]) -> tuple[str, ...]:
    """Flags of several steps, each once, in first-seen order."""
    return tuple(dict.fromkeys(flag for group in groups for flag in group))


@dataclass
class FakeEngine:
    """A deterministic engine for tests of other layers: ``"[de] text"``.

    ``flagged`` maps a source text to the flags its translation carries (to test how
    other layers show them); ``calls`` records every ``translate`` call as
    ``(texts, source, target)``.
    """

    installed: Sequence[Pair] = (("en", "de"), ("en", "fr"), ("en", "es"), ("de", "en"))
    flagged: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    calls: list[tuple[tuple[str, ...], str, str]] = field(default_factory=list)

    def pairs(self) -> list[Pair]:
        return sorted(set(self.installed))

    def translate(self, texts: Sequence[str], source: str, target: str,
                  progress: Progress | None = None) -> list[Translation]:
        if (source, target) not in self.installed:
            raise missing_model(source, target, self.pairs())
        self.calls.append((tuple(texts), source, target))
        origin = f"mt fake {source}->{target}"
        results = [Translation(f"[{target}] {text}" if text.strip() else text, origin,
                               tuple(self.flagged.get(text, ())))
                   for text in texts]
        if progress is not None:
            progress(len(texts), len(texts))
        return results


class PivotEngine:
    """Wraps an engine: a pair it lacks is translated through ``pivot`` when both legs exist.

    A direct model always wins. The origin of a pivoted translation names both legs, and
    it carries the ``pivot`` flag plus every flag either leg raised. ``explain`` words the
    error for a pair with no route (default: ``missing_model`` over the inner pairs).
    """

    def __init__(self, inner: Engine, pivot: str = "en", explain: Explain | None = None) -> None:
        self.inner = inner
        self.pivot = pivot
        self.explain = explain

    def pairs(self) -> list[Pair]:
        direct = set(self.inner.pairs())
        via = {(a, d) for a, b in direct for c, d in direct
               if b == self.pivot and c == self.pivot and a != d}
        return sorted(direct | via)

    def route(self, source: str, target: str) -> list[Pair]:
        """The legs that translate ``source`` to ``target``: one (direct) or two (pivot)."""
        direct = set(self.inner.pairs())
        if (source, target) in direct:
            return [(source, target)]
        legs = [(source, self.pivot), (self.pivot, target)]
        pivotable = source != target and self.pivot not in (source, target)
        if pivotable and all(leg in direct for leg in legs):
            return legs
        via = self.pivot if pivotable and any(leg in direct for leg in legs) else None
        if self.explain is not None:
            raise self.explain(source, target, via)
        raise missing_model(source, target, sorted(direct), via)

    def translate(self, texts: Sequence[str], source: str, target: str,
                  progress: Progress | None = None) -> list[Translation]:
        legs = self.route(source, target)
        if len(legs) == 1:
            return self.inner.translate(texts, source, target, progress)

        first_total = 0

        def first_leg(done: int, total: int) -> None:
            nonlocal first_total
            first_total = total
            if progress is not None:
                progress(done, 2 * total)

        def second_leg(done: int, total: int) -> None:
            if progress is not None and first_total:
                progress(first_total + (done * first_total) // max(total, 1), 2 * first_total)

        middle = self.inner.translate(texts, source, self.pivot, first_leg)
        final = self.inner.translate([t.text for t in middle], self.pivot, target, second_leg)
        chain = f"{source}->{self.pivot}->{target}"
        return [
            Translation(
                text=last.text,
                origin=f"pivot {chain}: {first.origin} + {last.origin}",
                flags=merge_flags((FLAG_PIVOT,), first.flags, last.flags),
            )
            for first, last in zip(middle, final, strict=True)
        ]
