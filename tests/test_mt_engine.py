"""The engine contract, passed by every engine (fake, Argos, Apertium, each behind the
pivot, and a route mixing Argos and Apertium), and the pivot's own behaviour."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from l10n.config import MTConfig
from l10n.errors import MissingModelError
from l10n.mt.apertium import ApertiumEngine
from l10n.mt.argos import ArgosEngine
from l10n.mt.choose import create_engine
from l10n.mt.engine import Engine, FakeEngine, PivotEngine, Progress, Translation
from apertium_fixtures import apertium_en_es  # noqa: F401  (fixture)
from mt_fixtures import (  # noqa: F401  (fixtures)
    argos_env,
    argos_packages,
    installed_models,
    tiny_model,
)

TEXTS = [
    "North Korean leader Kim Jong Un will visit China.",
    "Veröffentlicht am {date}",
    "",
    "First sentence. Second sentence!\n\nA new paragraph.",
    "North Korean leader Kim Jong Un will visit China.",
    "   ",
]

SMALL = MTConfig(beam_size=2, batch_size=4, threads=1, max_input_tokens=64, max_output_tokens=12)


class EngineContract:
    """What the core may rely on, whatever the engine. Subclasses provide ``engine``."""

    source, target = "en", "de"

    @pytest.fixture
    def engine(self) -> Engine:
        raise NotImplementedError

    def test_is_an_engine(self, engine: Engine) -> None:
        assert isinstance(engine, Engine)

    def test_pairs_are_sorted_pairs_of_codes(self, engine: Engine) -> None:
        pairs = engine.pairs()
        assert pairs == sorted(pairs)
        assert (self.source, self.target) in pairs
        assert all(isinstance(a, str) and isinstance(b, str) for a, b in pairs)

    def test_one_translation_per_text_in_order(self, engine: Engine) -> None:
        results = engine.translate(TEXTS, self.source, self.target)
        assert len(results) == len(TEXTS)
        assert all(isinstance(r, Translation) for r in results)
        assert all(isinstance(r.text, str) and r.origin for r in results)
        assert all(isinstance(r.flags, tuple) and all(isinstance(f, str) for f in r.flags)
                   for r in results)

    def test_no_texts_no_translations(self, engine: Engine) -> None:
        assert engine.translate([], self.source, self.target) == []

    def test_empty_and_blank_texts_stay_as_they_are(self, engine: Engine) -> None:
        results = engine.translate(["", "   ", "\n"], self.source, self.target)
        assert [r.text for r in results] == ["", "   ", "\n"]

    def test_identical_texts_get_identical_translations(self, engine: Engine) -> None:
        results = engine.translate(TEXTS, self.source, self.target)
        assert results[0] == results[4]

    def test_placeholders_survive(self, engine: Engine) -> None:
        results = engine.translate(["Published on {date}.", "{count} soldiers marched."],
                                   self.source, self.target)
        assert "{date}" in results[0].text
        assert "{count}" in results[1].text

    def test_paragraph_breaks_survive(self, engine: Engine) -> None:
        [result] = engine.translate(["One thing. Another thing.\n\nA new paragraph."],
                                    self.source, self.target)
        assert result.text.count("\n\n") == 1

    def test_origin_names_the_pair(self, engine: Engine) -> None:
        [result] = engine.translate(["The parade."], self.source, self.target)
        assert f"{self.source}->" in result.origin and f"{self.target}" in result.origin

    def test_a_missing_pair_names_the_pair(self, engine: Engine) -> None:
        with pytest.raises(MissingModelError, match="xx->yy"):
            engine.translate(["text"], "xx", "yy")

    def test_progress_ends_at_the_total(self, engine: Engine) -> None:
        calls: list[tuple[int, int]] = []
        engine.translate(TEXTS, self.source, self.target, progress=lambda d, t: calls.append((d, t)))
        assert calls
        done, total = calls[-1]
        assert done == total
        assert [d for d, _ in calls] == sorted(d for d, _ in calls)


class TestFakeEngine(EngineContract):
    @pytest.fixture
    def engine(self) -> Engine:
        return FakeEngine()

    def test_marks_the_target_language(self) -> None:
        assert FakeEngine().translate(["Hello"], "en", "de")[0].text == "[de] Hello"

    def test_flags_what_it_is_told_to(self) -> None:
        engine = FakeEngine(flagged={"Loop": ("repetition",)})
        assert [r.flags for r in engine.translate(["Loop", "Fine"], "en", "de")] == [("repetition",), ()]

    def test_records_calls(self) -> None:
        engine = FakeEngine()
        engine.translate(["a", "b"], "en", "fr")
        assert engine.calls == [(("a", "b"), "en", "fr")]


class TestPivotOverFake(EngineContract):
    source, target = "de", "fr"  # only through English

    @pytest.fixture
    def engine(self) -> Engine:
        return PivotEngine(FakeEngine(installed=[("de", "en"), ("en", "fr"), ("en", "de")]))


class TestArgosEngine(EngineContract):
    @pytest.fixture
    def engine(self, installed_models: dict) -> Engine:  # noqa: F811
        return ArgosEngine(SMALL, glossary=["Kim Jong Un"])


class TestPivotOverArgos(EngineContract):
    source, target = "de", "fr"

    @pytest.fixture
    def engine(self, installed_models: dict) -> Engine:  # noqa: F811
        return create_engine(SMALL, glossary=["Kim Jong Un"])


class TestApertiumEngine(EngineContract):
    source, target = "en", "es"

    @pytest.fixture
    def engine(self, apertium_en_es: None) -> Engine:  # noqa: F811
        return ApertiumEngine(SMALL, glossary=["Kim Jong Un"])


class TestPivotOverArgosThenApertium(EngineContract):
    source, target = "de", "es"  # de->en by an Argos model, en->es by Apertium

    @pytest.fixture
    def engine(self, installed_models: dict, apertium_en_es: None) -> Engine:  # noqa: F811
        return create_engine(SMALL, glossary=["Kim Jong Un"])


# ---------------------------------------------------------------------------------------
# Pivoting


class FlaggingFake(FakeEngine):
    def translate(self, texts: Sequence[str], source: str, target: str,
                  progress: Progress | None = None) -> list[Translation]:
        results = super().translate(texts, source, target, progress)
        return [Translation(r.text, r.origin, (f"flag-{source}{target}",)) for r in results]


def test_pivot_goes_through_english_and_says_so() -> None:
    inner = FlaggingFake(installed=[("de", "en"), ("en", "fr")])
    [result] = PivotEngine(inner).translate(["Impressum"], "de", "fr")
    assert result.text == "[fr] [en] Impressum"
    assert result.origin == "pivot de->en->fr: mt fake de->en + mt fake en->fr"
    assert result.flags == ("pivot", "flag-deen", "flag-enfr")
    assert [call[1:] for call in inner.calls] == [("de", "en"), ("en", "fr")]


def test_a_direct_model_wins_over_the_pivot() -> None:
    inner = FakeEngine(installed=[("de", "en"), ("en", "fr"), ("de", "fr")])
    [result] = PivotEngine(inner).translate(["Kontakt"], "de", "fr")
    assert result.origin == "mt fake de->fr"
    assert len(inner.calls) == 1


def test_pivot_pairs_include_the_pivoted_ones() -> None:
    engine = PivotEngine(FakeEngine(installed=[("de", "en"), ("en", "fr"), ("en", "de")]))
    assert engine.pairs() == [("de", "en"), ("de", "fr"), ("en", "de"), ("en", "fr")]


def test_pivot_without_either_leg_lists_what_is_installed() -> None:
    engine = PivotEngine(FakeEngine(installed=[("en", "fr")]))
    with pytest.raises(MissingModelError) as caught:
        engine.translate(["Kontakt"], "de", "fr")
    message = str(caught.value)
    assert "de->fr" in message and "en->fr" in message
    assert "\n" not in message


def test_pivot_progress_covers_both_legs() -> None:
    calls: list[tuple[int, int]] = []
    engine = PivotEngine(FakeEngine(installed=[("de", "en"), ("en", "fr")]))
    engine.translate(["a", "b", "c"], "de", "fr", progress=lambda d, t: calls.append((d, t)))
    assert calls == [(3, 6), (6, 6)]


def test_same_language_is_not_pivoted() -> None:
    engine = PivotEngine(FakeEngine(installed=[("de", "en"), ("en", "de")]))
    with pytest.raises(MissingModelError, match="de->de"):
        engine.translate(["Kontakt"], "de", "de")


def test_a_missing_pivot_leg_is_named_in_the_hint() -> None:
    from l10n.errors import MissingModelError

    engine = PivotEngine(FakeEngine(installed=(("de", "en"), ("en", "fr"))))
    with pytest.raises(MissingModelError) as caught:
        engine.translate(["Impressum"], "de", "es")
    assert "`l10n models install de es` or `l10n models install en es` (then de->es goes through en)" in str(caught.value)
