"""Build tiny Argos Translate packages at test time: random weights, real formats.

No real translation model can be downloaded where the tests run, so the tests build one:
a CTranslate2 Transformer with random numpy weights, a SentencePiece model trained on a
few KB of generated article-like text, and a ``metadata.json``, zipped as an
``.argosmodel`` laid out exactly as Argos Translate expects (one top-level folder holding
``metadata.json``, ``sentencepiece.model`` and ``model/``). The translations are nonsense;
everything around them (install, load, tokenize, batch, decode) is the real thing.

The benchmark builds a model of a real Argos model's shape with the same functions.
"""

from __future__ import annotations

import io
import json
import random
import shutil
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

ENGLISH_WORDS = (
    "the government said on Monday that the talks with China and Russia would continue "
    "after the summit in Beijing where leaders met to discuss trade security and the war "
    "officials told reporters the parade showed new missiles and drones while thousands of "
    "soldiers marched past the leaders who watched from a balcony above the square "
    "analysts expect sanctions to remain in place as the economy slows and prices rise "
    "the president visited the capital for the first time in six years according to state media "
    "in a statement the ministry warned of consequences if the agreement was not respected "
    "critics say the move could deepen tensions in the region and weaken the alliance"
).split()

GERMAN_WORDS = (
    "die regierung sagte am montag dass die gespräche mit china und russland nach dem gipfel "
    "in peking weitergehen würden wo sich die staatschefs trafen um über handel sicherheit "
    "und den krieg zu sprechen beamte sagten reportern die parade habe neue raketen und "
    "drohnen gezeigt während tausende soldaten an den staatschefs vorbeimarschierten "
    "analysten erwarten dass die sanktionen bestehen bleiben während die wirtschaft schwächelt "
    "der präsident besuchte die hauptstadt zum ersten mal seit sechs jahren laut staatsmedien "
    "in einer erklärung warnte das ministerium vor konsequenzen falls die vereinbarung nicht "
    "eingehalten werde kritiker sagen der schritt könnte die spannungen in der region verschärfen"
).split()

FRENCH_WORDS = (
    "le gouvernement a déclaré lundi que les discussions avec la chine et la russie se "
    "poursuivraient après le sommet de pékin où les dirigeants se sont réunis pour parler de "
    "commerce de sécurité et de la guerre les responsables ont déclaré que le défilé montrait "
    "de nouveaux missiles et des drones tandis que des milliers de soldats défilaient"
).split()

WORDS = {"en": ENGLISH_WORDS, "de": GERMAN_WORDS, "fr": FRENCH_WORDS}
NAMES = ("Kim Jong Un", "Xi Jinping", "Vladimir Putin", "Donald Trump", "Beijing", "Pyongyang")
LANGUAGE_NAMES = {"en": "English", "de": "German", "fr": "French", "es": "Spanish"}


def article_sentences(language: str, count: int, seed: int = 0) -> list[str]:
    """``count`` article-like sentences in (roughly) ``language``: for tokenizers and tests."""
    rng = random.Random(f"{language}-{seed}")
    words = WORDS.get(language, ENGLISH_WORDS)
    sentences = []
    for _ in range(count):
        chosen = rng.choices(words, k=rng.randint(6, 24))
        if rng.random() < 0.4:
            chosen.insert(rng.randrange(len(chosen)), rng.choice(NAMES))
        if rng.random() < 0.2:
            chosen.insert(rng.randrange(len(chosen)), str(rng.randint(1, 2025)))
        if rng.random() < 0.2:
            chosen[rng.randrange(len(chosen))] += ","
        sentence = " ".join(chosen)
        sentences.append(sentence[0].upper() + sentence[1:] + rng.choice(".....?!"))
    return sentences


def _training_lines(from_code: str, to_code: str, seed: int, lines: int,
                    extra: Sequence[str] = ()) -> Iterator[str]:
    # Every ASCII letter and digit and the usual punctuation appear, so placeholders and
    # sentinels never meet an unknown character.
    yield "ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz 0123456789"
    yield "{ } ( ) [ ] < > % # @ & * + - = / \\ | ~ ^ _ : ; , . ! ? ' \" · – —"
    half = max(1, lines // 2)
    yield from article_sentences(from_code, half, seed)
    yield from article_sentences(to_code, lines - half, seed + 1)
    yield from extra


def train_sentencepiece(from_code: str, to_code: str, *, vocab_size: int = 300, seed: int = 0,
                        lines: int = 400, extra_text: Sequence[str] = ()) -> bytes:
    """A SentencePiece unigram model trained on generated text (plus ``extra_text`` lines);
    returns the model bytes. ``vocab_size`` is a ceiling: a small corpus gives fewer pieces."""
    import sentencepiece as spm

    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=_training_lines(from_code, to_code, seed, lines, extra_text),
        model_writer=model,
        vocab_size=vocab_size,
        character_coverage=1.0,
        hard_vocab_limit=False,
        model_type="unigram",
        num_threads=1,
        minloglevel=2,
    )
    return model.getvalue()


def _vocabulary(sp_model: bytes) -> list[str]:
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_proto=sp_model)
    # SentencePiece's ids 0-2 are <unk>, <s>, </s>: exactly CTranslate2's special tokens.
    return [processor.id_to_piece(i) for i in range(processor.get_piece_size())]


def _random_transformer(vocabulary: list[str], *, layers: int, heads: int, d_model: int,
                        ffn: int, seed: int, eos_bias: float, quantization: str | None) -> object:
    from ctranslate2.specs import TransformerSpec

    rng = np.random.default_rng(seed)
    vocab = len(vocabulary)

    def weight(*shape: int) -> np.ndarray:
        return (rng.standard_normal(shape) / np.sqrt(shape[-1])).astype(np.float32)

    def zeros(*shape: int) -> np.ndarray:
        return np.zeros(shape, dtype=np.float32)

    def norm(spec: object) -> None:
        spec.gamma = np.ones(d_model, dtype=np.float32)  # type: ignore[attr-defined]
        spec.beta = zeros(d_model)  # type: ignore[attr-defined]

    def linear(spec: object, out_dim: int, in_dim: int) -> None:
        spec.weight = weight(out_dim, in_dim)  # type: ignore[attr-defined]
        spec.bias = zeros(out_dim)  # type: ignore[attr-defined]

    def feed_forward(spec: object) -> None:
        norm(spec.layer_norm)  # type: ignore[attr-defined]
        linear(spec.linear_0, ffn, d_model)  # type: ignore[attr-defined]
        linear(spec.linear_1, d_model, ffn)  # type: ignore[attr-defined]

    spec = TransformerSpec.from_config((layers, layers), heads)
    encoder, decoder = spec.encoder, spec.decoder
    encoder.embeddings[0].weight = weight(vocab, d_model)
    norm(encoder.layer_norm)
    for layer in encoder.layer:
        norm(layer.self_attention.layer_norm)
        linear(layer.self_attention.linear[0], 3 * d_model, d_model)  # fused q, k, v
        linear(layer.self_attention.linear[1], d_model, d_model)
        feed_forward(layer.ffn)

    decoder.embeddings.weight = weight(vocab, d_model)
    norm(decoder.layer_norm)
    for layer in decoder.layer:
        norm(layer.self_attention.layer_norm)
        linear(layer.self_attention.linear[0], 3 * d_model, d_model)
        linear(layer.self_attention.linear[1], d_model, d_model)
        norm(layer.attention.layer_norm)
        linear(layer.attention.linear[0], d_model, d_model)  # query
        linear(layer.attention.linear[1], 2 * d_model, d_model)  # fused k, v of the memory
        linear(layer.attention.linear[2], d_model, d_model)
        feed_forward(layer.ffn)
    linear(decoder.projection, vocab, d_model)
    decoder.projection.bias[vocabulary.index("</s>")] = eos_bias

    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    spec.validate()
    if quantization:  # real Argos models are saved as int8
        spec.optimize(quantization=quantization)
    return spec


def metadata(from_code: str, to_code: str, version: str = "1.0") -> dict[str, object]:
    return {
        "package_version": version,
        "argos_version": "1.0",
        "from_code": from_code,
        "from_name": LANGUAGE_NAMES.get(from_code, from_code),
        "to_code": to_code,
        "to_name": LANGUAGE_NAMES.get(to_code, to_code),
        "type": "translate",
        "links": [],
    }


def build_package_dir(folder: Path, from_code: str, to_code: str, *, layers: int = 2,
                      heads: int = 2, d_model: int = 64, ffn: int = 128, vocab_size: int = 300,
                      seed: int = 0, eos_bias: float = 0.0, version: str = "1.0",
                      quantization: str | None = None, training_text: Sequence[str] = ()) -> Path:
    """Write an unpacked Argos package into ``folder`` (created) and return it."""
    sp_model = train_sentencepiece(from_code, to_code, vocab_size=vocab_size, seed=seed,
                                   extra_text=training_text)
    spec = _random_transformer(_vocabulary(sp_model), layers=layers, heads=heads,
                               d_model=d_model, ffn=ffn, seed=seed, eos_bias=eos_bias,
                               quantization=quantization)
    (folder / "model").mkdir(parents=True, exist_ok=True)
    spec.save(str(folder / "model"))  # type: ignore[attr-defined]
    (folder / "sentencepiece.model").write_bytes(sp_model)
    (folder / "metadata.json").write_text(
        json.dumps(metadata(from_code, to_code, version), indent=2), encoding="utf-8")
    (folder / "README.md").write_text(
        f"Random-weight test model {from_code}->{to_code}; its output is nonsense.\n",
        encoding="utf-8")
    return folder


def zip_package(package_dir: Path, archive: Path, top: str | None = None) -> Path:
    """Zip an unpacked package as Argos does: everything under one top-level folder."""
    top = top or package_dir.name
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(package_dir.rglob("*")):
            if path.is_file():
                zf.write(path, f"{top}/{path.relative_to(package_dir).as_posix()}")
    return archive


def build_argosmodel(tmp_dir: Path, from_code: str, to_code: str, *, layers: int = 2,
                     heads: int = 2, d_model: int = 64, ffn: int = 128, vocab_size: int = 300,
                     seed: int = 0, eos_bias: float = 0.0, version: str = "1.0",
                     quantization: str | None = None, training_text: Sequence[str] = ()) -> Path:
    """Build ``translate-{from}_{to}-{version}.argosmodel`` in ``tmp_dir`` and return its path.

    ``eos_bias`` is added to the end-of-sentence logit: strongly negative makes every
    decoding run to ``max_decoding_length`` (a fixed amount of work, as the benchmark
    wants), strongly positive makes every output one token long (CTranslate2's minimum).
    ``quantization`` ("int8", as real Argos models) shrinks the weights;
    ``training_text`` adds lines to the SentencePiece training corpus.
    """
    tmp_dir.mkdir(parents=True, exist_ok=True)
    name = f"translate-{from_code}_{to_code}-{version.replace('.', '_')}"
    archive = tmp_dir / f"{name}.argosmodel"
    with tempfile.TemporaryDirectory(dir=tmp_dir) as work:
        package_dir = build_package_dir(
            Path(work) / name, from_code, to_code, layers=layers, heads=heads,
            d_model=d_model, ffn=ffn, vocab_size=vocab_size, seed=seed, eos_bias=eos_bias,
            version=version, quantization=quantization, training_text=training_text)
        zip_package(package_dir, archive)
        shutil.rmtree(package_dir)
    return archive
