"""The Argos engine on tiny random-weight models: the real install, load and translate path.

The output is nonsense; the tests assert on structure (one output per input, placeholders
and glossary terms survive, flags, batching), sometimes with the model swapped for a
scripted one so the rest of the pipeline can be checked exactly.
"""

from __future__ import annotations

import math
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from l10n.config import MTConfig
from l10n.errors import MissingModelError
from l10n.glossary import Glossary
from l10n.mt.engine import PivotEngine
from l10n.mt.argos import ArgosEngine, LoadedModel
from l10n.mt.packages import install_file, list_installed
from mt_fixtures import (  # noqa: F401  (fixtures)
    argos_env,
    argos_packages,
    installed_models,
    tiny_model,
)
from tinymodel import article_sentences

SMALL = MTConfig(beam_size=2, batch_size=8, threads=1, max_input_tokens=64, max_output_tokens=12)


@dataclass
class Result:
    hypotheses: list[list[str]]

    def result(self) -> Result:  # as CTranslate2's AsyncTranslationResult
        return self


class Spy:
    """Wraps a translator and records every translate_batch call."""

    def __init__(self, translator: Any, script: Callable[[list[str]], list[str]] | None = None):
        self.translator = translator
        self.script = script
        self.calls: list[tuple[list[list[str]], dict[str, Any]]] = []

    def translate_batch(self, batch: list[list[str]], **options: Any) -> list[Any]:
        self.calls.append((batch, options))
        if self.script is None:
            return self.translator.translate_batch(batch, **options)
        return [Result([self.script(list(tokens))]) for tokens in batch]


def spy_on(engine: ArgosEngine, source: str, target: str,
           script: Callable[[list[str]], list[str]] | None = None) -> Spy:
    model: LoadedModel = engine.model(source, target)
    spy = Spy(model.translator, script)
    model.translator = spy
    return spy


def echo(tokens: list[str]) -> list[str]:
    return tokens


def reverse_words(tokens: list[str]) -> list[str]:
    words: list[list[str]] = []
    for token in tokens:
        if token.startswith("▁") or not words:
            words.append([])
        words[-1].append(token)
    return [token for word in reversed(words) for token in word]


ROOMY = MTConfig(beam_size=1, batch_size=8, threads=1, max_input_tokens=256, max_output_tokens=256)


def paragraphs(count: int, per_paragraph: int, seed: int = 0) -> list[str]:
    sentences = article_sentences("en", count * per_paragraph, seed)
    return [" ".join(sentences[i:i + per_paragraph]) for i in range(0, len(sentences), per_paragraph)]


def test_one_output_per_input_from_the_real_model(installed_models: dict) -> None:  # noqa: F811
    texts = paragraphs(12, 4) + ["", "Short."]
    results = ArgosEngine(SMALL).translate(texts, "en", "de")
    assert len(results) == len(texts)
    assert results[-2].text == ""
    assert all(r.text for r in results[:-2])
    assert {r.origin for r in results} == {"mt argos en->de translate-en_de 1.0"}


def test_all_sentences_go_to_the_model_in_sorted_batches(installed_models: dict) -> None:  # noqa: F811
    engine = ArgosEngine(SMALL)
    spy = spy_on(engine, "en", "de")
    texts = paragraphs(10, 5)  # 50 sentences in 10 paragraphs
    sentence_count = len({s for s in article_sentences("en", 50)})
    engine.translate(texts, "en", "de")

    assert len(spy.calls) == math.ceil(sentence_count / SMALL.batch_size)
    assert sum(len(batch) for batch, _ in spy.calls) == sentence_count
    lengths = [[len(tokens) for tokens in batch] for batch, _ in spy.calls]
    assert all(max(a) <= min(b) for a, b in zip(lengths, lengths[1:]))  # sorted by length
    options = spy.calls[0][1]
    assert options["max_batch_size"] == SMALL.batch_size
    assert options["batch_type"] == "examples"
    assert options["beam_size"] == SMALL.beam_size
    assert options["max_decoding_length"] == SMALL.max_output_tokens
    assert options["max_input_length"] >= SMALL.max_input_tokens
    assert options["asynchronous"] is True  # all batches queued at once


def test_a_repeated_sentence_is_translated_once(installed_models: dict) -> None:  # noqa: F811
    engine = ArgosEngine(SMALL)
    spy = spy_on(engine, "en", "de")
    teaser = "Kim Jong Un will visit China."
    results = engine.translate([teaser, f"{teaser} Again.", teaser], "en", "de")
    assert sum(len(batch) for batch, _ in spy.calls) == 2
    assert results[0] == results[2]


def test_progress_counts_batches(installed_models: dict) -> None:  # noqa: F811
    calls: list[tuple[int, int]] = []
    ArgosEngine(SMALL).translate(paragraphs(4, 5), "en", "de", progress=lambda d, t: calls.append((d, t)))
    assert calls == [(8, 20), (16, 20), (20, 20)]


def test_an_identity_model_gives_the_text_back_exactly(installed_models: dict) -> None:  # noqa: F811
    engine = ArgosEngine(ROOMY, glossary=["Kim Jong Un", "Xi Jinping"])
    spy_on(engine, "en", "de", echo)
    texts = [
        "Kim Jong Un met Xi Jinping in Beijing on {date}. It was the first visit in 6 years!",
        "Published on {date}",
        "  Two spaces before.\n\nAnd a paragraph after.  ",
    ]
    results = engine.translate(texts, "en", "de")
    assert [r.text for r in results] == texts
    assert all(r.flags == () for r in results)


def test_markup_goes_through_the_model_as_sentinels_and_comes_back_as_it_was(
        installed_models: dict) -> None:  # noqa: F811
    """Tags, entities, URLs and e-mail addresses (what the markup check wants kept) reach
    the model as sentinels, set apart from the words they touch, and come back exactly."""
    engine = ArgosEngine(ROOMY)
    spy = spy_on(engine, "en", "de", echo)
    text = ("Read <b>the report</b> at [the site](https://example.org/r?a=1&amp;b=2) &amp; write to "
            "press@example.org.")
    [result] = engine.translate([text], "en", "de")
    assert result.text == text and result.flags == ()
    sent = "".join(token for batch, _ in spy.calls for tokens in batch for token in tokens)
    assert "example" not in sent and "<b>" not in sent and "&amp;" not in sent


def test_a_glossary_term_comes_out_in_the_target_locale_s_form(installed_models: dict) -> None:  # noqa: F811
    """With [tool.l10n.glossary_forms], a protected term comes back as the target locale
    writes it; through a pivot, the pivot language's form is still known as the term and
    ends in the target's form."""
    glossary = Glossary.of(["Wladimir Putin", "Kim Jong Un"],
                           {"en": {"Wladimir Putin": "Vladimir Putin"}, "fr": {"Wladimir Putin": "Vladimir Poutine"}})
    engine = ArgosEngine(ROOMY, glossary=glossary)
    spies = [spy_on(engine, *pair, echo) for pair in (("en", "de"), ("de", "en"), ("en", "fr"))]
    [direct] = engine.translate(["Vladimir Putin met Kim Jong Un."], "en", "de")
    assert direct.text == "Wladimir Putin met Kim Jong Un." and direct.flags == ()
    [pivoted] = PivotEngine(engine).translate(["Wladimir Putin traf Kim Jong Un."], "de", "fr")
    assert pivoted.text == "Vladimir Poutine traf Kim Jong Un."
    sent = "".join(token for spy in spies for batch, _ in spy.calls for tokens in batch for token in tokens)
    assert "Putin" not in sent and "Kim" not in sent


def test_hashtags_and_handles_go_through_the_model_as_sentinels(installed_models: dict) -> None:  # noqa: F811
    engine = ArgosEngine(ROOMY)
    spy = spy_on(engine, "en", "de", echo)
    text = "Follow @SZ_Muenchen and #TramNord for news."
    [result] = engine.translate([text], "en", "de")
    assert result.text == text and result.flags == ()
    sent = "".join(token for batch, _ in spy.calls for tokens in batch for token in tokens)
    assert "Tram" not in sent and "Muenchen" not in sent


def test_markup_the_real_model_lost_is_put_back_and_flagged(argos_packages: Path,  # noqa: F811
                                                            tiny_model: Callable[..., Path]) -> None:  # noqa: F811
    install_file(tiny_model("en", "de", eos_bias=50.0), argos_packages)  # stops after 1 token
    [result] = ArgosEngine(SMALL).translate(["See https://example.org/report."], "en", "de")
    assert result.flags == ("placeholder-lost",)
    assert result.text.endswith("https://example.org/report")


def test_sentinels_moved_by_the_model_are_restored(installed_models: dict) -> None:  # noqa: F811
    engine = ArgosEngine(ROOMY, glossary=["Kim Jong Un"])
    spy_on(engine, "en", "de", reverse_words)
    [result] = engine.translate(["Kim Jong Un arrives on {date}"], "en", "de")
    assert result.text == "{date} on arrives Kim Jong Un"
    assert result.flags == ()


def test_placeholders_lost_by_the_real_model_are_put_back_and_flagged(installed_models: dict) -> None:  # noqa: F811
    engine = ArgosEngine(SMALL, glossary=["Xi Jinping"])
    results = engine.translate(["Published on {date}.", "Xi Jinping spoke on {day} and {time}."],
                               "en", "de")
    for result, spans in zip(results, [["{date}"], ["Xi Jinping", "{day}", "{time}"]]):
        for span in spans:
            assert result.text.count(span) >= 1
        # The random model may copy a sentinel by chance; a lost one is always flagged.
        if any(result.text.count(s) == 1 and result.text.endswith((s, s + ".")) for s in spans):
            assert {"placeholder-lost", "glossary-lost"} & set(result.flags)


def test_over_long_input_is_cut_not_truncated_and_flagged(installed_models: dict) -> None:  # noqa: F811
    config = MTConfig(beam_size=1, batch_size=8, threads=1, max_input_tokens=8, max_output_tokens=12)
    engine = ArgosEngine(config)
    spy = spy_on(engine, "en", "de", echo)
    long = ("The parade, which marked the end of the war, showed new missiles; "
            "thousands of soldiers marched past the leaders on the square.")
    short = "The parade."
    results = engine.translate([long, short], "en", "de")
    sent = [tokens for batch, _ in spy.calls for tokens in batch]
    assert all(len(tokens) <= 8 for tokens in sent)
    assert results[0].text.split() == long.split()  # every word went through the model
    assert results[0].flags == ("length-bound",)
    assert results[1].flags == ()


def test_output_that_hits_the_decoding_bound_is_flagged(argos_packages: Path,  # noqa: F811
                                                        tiny_model: Callable[..., Path]) -> None:  # noqa: F811
    install_file(tiny_model("en", "de", eos_bias=-50.0), argos_packages)  # never stops
    results = ArgosEngine(SMALL).translate(["The parade.", "A second one."], "en", "de")
    assert all("length-bound" in r.flags for r in results)


def test_a_model_that_stops_at_once_raises_no_bound_flag(argos_packages: Path,  # noqa: F811
                                                         tiny_model: Callable[..., Path]) -> None:  # noqa: F811
    install_file(tiny_model("en", "de", eos_bias=50.0), argos_packages)  # stops after 1 token
    [result] = ArgosEngine(SMALL).translate(["Published on {date}."], "en", "de")
    assert result.flags == ("placeholder-lost",)
    assert result.text.endswith("{date}") and len(result.text.split()) == 2


@pytest.mark.parametrize("output, flag", [
    (["▁a", "▁b", "▁c"] * 4, "repetition"),
    (["▁w"] + [f"▁{i}" for i in range(11)], "length-bound"),
])
def test_looping_or_bounded_output_is_flagged(installed_models: dict, output: list[str],  # noqa: F811
                                              flag: str) -> None:
    engine = ArgosEngine(SMALL)
    spy_on(engine, "en", "de", lambda tokens: output)
    [result] = engine.translate(["The parade."], "en", "de")
    assert flag in result.flags
    assert result.text  # flagged, not dropped


def test_a_flag_on_one_sentence_marks_its_whole_text(installed_models: dict) -> None:  # noqa: F811
    engine = ArgosEngine(ROOMY)
    spy_on(engine, "en", "de", lambda tokens: ["▁x"] * 6 if "L" in "".join(tokens) else tokens)
    results = engine.translate(["Fine here. Loop now.", "Fine here."], "en", "de")
    assert results[0].flags == ("repetition",)
    assert results[1].flags == ()


def test_missing_pair_lists_the_installed_ones(installed_models: dict) -> None:  # noqa: F811
    with pytest.raises(MissingModelError) as caught:
        ArgosEngine(SMALL).translate(["Kontakt"], "de", "fr")
    assert "de->fr" in str(caught.value) and "en->de" in str(caught.value)


def test_a_damaged_installed_model_is_one_error_saying_how_to_mend_it(argos_packages: Path,  # noqa: F811
                                                                    tiny_model: Callable[..., Path]) -> None:  # noqa: F811
    """A package whose model file was cut short (a full disk, a copy stopped halfway):
    CTranslate2 refuses it with a RuntimeError; the engine says which model, where, and
    how to install it again, in one line."""
    info = install_file(tiny_model("en", "de"), argos_packages)
    weights = info.path / "model" / "model.bin"
    weights.write_bytes(weights.read_bytes()[:1000])
    with pytest.raises(MissingModelError) as caught:
        ArgosEngine(SMALL).translate(["The parade."], "en", "de")
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"the installed model en->de ({info.path}) does not load: ")
    assert message.endswith("`l10n models install FILE.argosmodel`, or remove that folder and run "
                            "`l10n models install en de`")


def test_no_models_installed(argos_packages: Path) -> None:  # noqa: F811
    engine = ArgosEngine(SMALL)
    assert engine.pairs() == []
    with pytest.raises(MissingModelError, match="installed: none"):
        engine.translate(["x"], "en", "de")


def test_threads_come_from_the_config(installed_models: dict) -> None:  # noqa: F811
    engine = ArgosEngine(MTConfig(threads=3))
    assert engine.model("en", "de").translator.num_active_batches == 0  # loaded, idle
    # CTranslate2 does not expose its thread counts; the load_model code passes
    # intra_threads=config.threads, checked here through the constructor arguments.
    import ctranslate2

    seen: dict[str, Any] = {}
    original = ctranslate2.Translator

    def recording(*args: Any, **kwargs: Any) -> Any:
        seen.update(kwargs)
        return original(*args, **kwargs)

    ctranslate2.Translator = recording  # type: ignore[misc]
    try:
        ArgosEngine(MTConfig(threads=3)).model("en", "fr")
    finally:
        ctranslate2.Translator = original  # type: ignore[misc]
    assert seen["intra_threads"] == 3 and seen["inter_threads"] == 1


def test_argostranslate_itself_finds_what_we_installed(installed_models: dict,  # noqa: F811
                                                       argos_packages: Path) -> None:  # noqa: F811
    from argostranslate import package, settings

    found = package.get_installed_packages(path=[argos_packages])
    assert sorted((p.from_code, p.to_code) for p in found) == sorted(installed_models)
    assert all(p.tokenizer is not None for p in found)
    # An isolated environment held when Argos was first imported (ours, or the one
    # tests/conftest.py sets even earlier): all its folders are temporary.
    temp = Path(tempfile.gettempdir()).resolve()
    for folder in (settings.home_dir, settings.data_dir, settings.config_dir, settings.cache_dir,
                   settings.package_data_dir):
        assert Path(folder).resolve().is_relative_to(temp), folder


def test_translating_imports_no_argostranslate(installed_models: dict) -> None:  # noqa: F811
    saved = {name: module for name, module in sys.modules.items()
             if name == "argostranslate" or name.startswith("argostranslate.")}
    for name in saved:
        del sys.modules[name]
    try:
        ArgosEngine(SMALL).translate(["The parade."], "en", "de")
        assert not any(name.startswith("argostranslate") for name in sys.modules)
    finally:
        sys.modules.update(saved)


def test_the_newest_installed_version_is_used(argos_packages: Path,  # noqa: F811
                                              tiny_model: Callable[..., Path]) -> None:  # noqa: F811
    install_file(tiny_model("en", "de", version="1.9"), argos_packages)
    assert [i.version for i in list_installed()] == ["1.9"]
    [result] = ArgosEngine(SMALL).translate(["x."], "en", "de")
    assert result.origin == "mt argos en->de translate-en_de 1.9"


def test_a_multilingual_package_gets_its_target_prefix_forced_and_stripped(installed_models: dict) -> None:  # noqa: F811
    engine = ArgosEngine(ROOMY)
    spy = spy_on(engine, "en", "de", lambda tokens: ["__de__", *echo(tokens)])
    engine.model("en", "de").target_prefix = "__de__"
    text = "The parade takes place in Beijing."
    (result,) = engine.translate([text], "en", "de")
    assert result.text == text
    (_, options), = spy.calls
    assert options["target_prefix"] == [["__de__"]]


def test_target_prefix_is_read_from_the_package_metadata(argos_packages: Path, tiny_model) -> None:  # noqa: F811
    import json
    import zipfile

    from l10n.mt.argos import load_model
    from l10n.mt.packages import install_file

    source = tiny_model("en", "de")
    patched = argos_packages.parent / "multi.argosmodel"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(patched, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename.endswith("metadata.json"):
                data = json.dumps({**json.loads(data), "target_prefix": "__de__"}).encode()
            zout.writestr(item, data)
    info = install_file(patched, argos_packages)
    assert load_model(info, SMALL).target_prefix == "__de__"
