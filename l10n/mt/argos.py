"""The Argos Translate engine: installed Argos packages driven through CTranslate2 directly.

Argos's own ``translate()`` splits sentences with MiniSBD (which downloads a model on first
use and fails offline) and calls the model once per paragraph. This engine reads the same
installed packages and does the work itself, for a whole batch of texts at once:

1. split every text into sentences with pysbd (rules, offline), keeping the whitespace;
2. replace placeholders (``{date}``) and glossary terms by sentinels the model copies (a
   term comes back in the target locale's form, ``[tool.l10n.glossary_forms]``);
3. tokenize every distinct sentence with the package's SentencePiece model; a sentence over
   ``max_input_tokens`` is cut at clause or word boundaries (and flagged), never truncated;
4. sort by length and cut them into batches of ``batch_size`` examples, which a batch
   runner translates: ``LocalRunner`` queues them all on this process's CTranslate2
   translator; ``l10n.mt.ray.RayRunner`` sends the very same batches to Ray actors (so
   both give the same output, byte for byte);
5. flag outputs that hit ``max_output_tokens`` or loop, decode, restore the sentinels
   (re-inserting and flagging any the model lost), and reassemble the texts.

CTranslate2 and SentencePiece are imported when a model is first loaded; argostranslate is
never imported here (importing it creates folders under $HOME).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from l10n.config import MTConfig
from l10n.errors import EngineFailed
from l10n.glossary import Glossary
from l10n.mt.engine import (
    FLAG_LENGTH_BOUND,
    FLAG_REPETITION,
    Pair,
    PivotEngine,
    Progress,
    Translation,
    merge_flags,
    missing_model,
)
from l10n.mt.packages import ModelInfo, list_installed
from l10n.mt.segment import (
    SENTINEL_PREFIXES,
    Piece,
    Protected,
    glossary_pattern,
    has_repetition,
    protect,
    reassemble,
    restore,
    split_text,
    split_tokens,
)

# Special tokens a model may add to its input (BOS/EOS) count against CTranslate2's
# max_input_length; our own bound applies to the text's tokens.
SPECIAL_TOKEN_MARGIN = 2


def decoding_options(config: MTConfig) -> dict[str, Any]:
    """The CTranslate2 ``translate_batch`` options for ``config`` (the benchmark reuses them).

    ``length_penalty`` and ``replace_unknowns`` are Argos Translate's own choices.
    """
    return {
        "max_batch_size": config.batch_size,
        "batch_type": "examples",
        "beam_size": config.beam_size,
        "max_input_length": config.max_input_tokens + SPECIAL_TOKEN_MARGIN,
        "max_decoding_length": config.max_output_tokens,
        "length_penalty": 0.2,
        "replace_unknowns": True,
    }


@dataclass
class LoadedModel:
    """One installed package, loaded: its translator and tokenizer."""

    info: ModelInfo
    translator: Any  # ctranslate2.Translator (tests may wrap it in a spy)
    tokenizer: Any  # sentencepiece.SentencePieceProcessor
    sentinel_prefixes: tuple[str, ...] = SENTINEL_PREFIXES
    # Multilingual Argos packages name the target language with a first token
    # ("target_prefix" in metadata.json): it is forced in and stripped out, as Argos does.
    target_prefix: str = ""

    @property
    def origin(self) -> str:
        source, target = self.info.pair
        return f"mt argos {source}->{target} {self.info.package_name} {self.info.version}"

    def encode(self, texts: list[str]) -> list[list[str]]:
        return [list(t) for t in self.tokenizer.encode(texts, out_type=str)]

    def decode(self, tokens: list[str]) -> str:
        # An unknown piece copied by replace_unknowns keeps its "▁" word marker.
        return str(self.tokenizer.decode(tokens)).replace("▁", " ").strip()


def load_model(info: ModelInfo, config: MTConfig, *, translator: bool = True) -> LoadedModel:
    """Load a package's tokenizer and (unless ``translator`` is false: another process
    translates) its CTranslate2 translator."""
    import sentencepiece

    assert info.path is not None
    try:
        tokenizer = sentencepiece.SentencePieceProcessor(model_file=str(info.path / "sentencepiece.model"))
        loaded = load_translator(info.path / "model", config.threads) if translator else None
    except (RuntimeError, OSError, ValueError) as exc:  # a damaged package (a file cut short, a bad payload)
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise EngineFailed(
            f"the installed model {info.from_code}->{info.to_code} ({info.path}) does not load: {reason}; "
            f"install it again: `l10n models install FILE.argosmodel`, or remove that folder and run "
            f"`l10n models install {info.from_code} {info.to_code}`", (info.from_code, info.to_code)) from None
    model = LoadedModel(info, loaded, tokenizer, target_prefix=info.target_prefix)
    model.sentinel_prefixes = _round_tripping_prefixes(model)
    return model


def load_translator(model_dir: Path, threads: int,
                    files: dict[str, bytes] | None = None) -> Any:
    """A CTranslate2 translator on the CPU: one batch at a time, ``threads`` threads each
    (the settings every runner uses, so they all compute alike). ``files`` (name -> bytes)
    loads the model from memory, ``model_dir`` then only naming it."""
    import ctranslate2

    return ctranslate2.Translator(str(model_dir), device="cpu", inter_threads=1,
                                  intra_threads=threads, files=files)


Batch = list[list[str]]
"""Token sequences translated together in one CTranslate2 call."""


class BatchRunner(Protocol):
    """Runs the engine's batches through a pair's model, here or elsewhere.

    Runners must translate each batch exactly as given (same examples, same order, the
    ``decoding_options`` of ``config``, ``config.threads`` intra-op threads): CTranslate2's
    output may depend on a batch's composition, and every runner must give the same.
    """

    loads_translator: bool
    """Whether the engine must load the CTranslate2 translator in this process."""

    def run(self, model: LoadedModel, config: MTConfig,
            batches: Sequence[Batch]) -> Iterator[tuple[int, Batch]]:
        """Yield ``(index, outputs)`` for every batch, as each is done (in any order):
        the best hypothesis's tokens of every example, the target prefix included."""
        ...


class LocalRunner:
    """Every batch on this process's translator, all queued at once (asynchronously), so
    the translator never waits for Python between batches; yielded in order."""

    loads_translator = True

    def run(self, model: LoadedModel, config: MTConfig,
            batches: Sequence[Batch]) -> Iterator[tuple[int, Batch]]:
        options = decoding_options(config)
        prefix = model.target_prefix
        pending = [
            model.translator.translate_batch(
                batch, asynchronous=True,
                target_prefix=[[prefix]] * len(batch) if prefix else None, **options)
            for batch in batches
        ]
        for index, results in enumerate(pending):
            yield index, [list(result.result().hypotheses[0]) for result in results]


def _round_tripping_prefixes(model: LoadedModel) -> tuple[str, ...]:
    """The sentinel prefixes this tokenizer encodes with known pieces and decodes intact."""
    unknown = model.tokenizer.unk_id()
    good = []
    for prefix in SENTINEL_PREFIXES:
        probe = f"a {prefix}0 b {prefix}12 c"
        pieces = model.encode([probe])[0]
        if model.decode(pieces) == probe and all(
                model.tokenizer.piece_to_id(p) != unknown for p in pieces):
            good.append(prefix)
    return tuple(good) or SENTINEL_PREFIXES  # a lost sentinel is re-inserted and flagged


@dataclass
class _Sentence:
    protected: Protected
    pieces: list[list[str]] = field(default_factory=list)  # its tokens, cut under the bound
    chunks: list[int] = field(default_factory=list)  # the pieces' indexes in the unique units
    flags: list[str] = field(default_factory=list)


class ArgosEngine:
    """Translate with the installed Argos packages; see the module docstring.

    ``packages_dir`` defaults to Argos's own (``$ARGOS_PACKAGES_DIR`` or its default).
    Models are loaded on first use and kept. ``runner`` translates the batches (default:
    ``LocalRunner``, this process).
    """

    def __init__(self, config: MTConfig | None = None, glossary: Sequence[str] = (), *,
                 packages_dir: Path | None = None, runner: BatchRunner | None = None) -> None:
        self.config = config or MTConfig()
        self.glossary = glossary if isinstance(glossary, Glossary) else Glossary(tuple(glossary))
        self.packages_dir = packages_dir
        self.runner: BatchRunner = runner or LocalRunner()
        self._glossary_re = glossary_pattern(self.glossary.written())
        self._installed: dict[Pair, ModelInfo] | None = None
        self._loaded: dict[Pair, LoadedModel] = {}

    # -- models

    def installed(self) -> dict[Pair, ModelInfo]:
        if self._installed is None:
            newest: dict[Pair, ModelInfo] = {}
            for info in list_installed(self.packages_dir):  # newest version first
                newest.setdefault(info.pair, info)
            self._installed = newest
        return self._installed

    def pairs(self) -> list[Pair]:
        return sorted(self.installed())

    def model(self, source: str, target: str) -> LoadedModel:
        """The loaded model for a pair; MissingModelError if none is installed."""
        pair = (source, target)
        if pair not in self._loaded:
            info = self.installed().get(pair)
            if info is None:
                raise missing_model(source, target, self.pairs())
            self._loaded[pair] = load_model(info, self.config,
                                            translator=self.runner.loads_translator)
        return self._loaded[pair]

    # -- translation

    def translate(self, texts: Sequence[str], source: str, target: str,
                  progress: Progress | None = None) -> list[Translation]:
        model = self.model(source, target)
        plans = [split_text(text, source) for text in texts]
        sentences = self._prepare(model, plans)
        units = _unique_units(sentences)
        outputs = self._run(model, units, progress)

        translated: dict[str, tuple[str, tuple[str, ...]]] = {}
        forms = self.glossary.replacements(target)
        for original, sentence in sentences.items():
            flags = list(sentence.flags)
            parts = []
            for index in sentence.chunks:
                tokens = outputs[index]
                if len(tokens) >= self.config.max_output_tokens:
                    flags.append(FLAG_LENGTH_BOUND)
                # a loop the input did not have (its sentinels, a list: the input repeats too)
                if has_repetition(tokens) and not has_repetition(units[index]):
                    flags.append(FLAG_REPETITION)
                parts.append(model.decode(tokens))
            text, restore_flags = restore(" ".join(p for p in parts if p), sentence.protected, forms)
            translated[original] = (text, merge_flags(flags, restore_flags))

        return reassemble(plans, translated, model.origin)

    def _prepare(self, model: LoadedModel, plans: list[list[Piece]]) -> dict[str, _Sentence]:
        """Protect and tokenize every distinct sentence; cut the over-long ones."""
        sentences: dict[str, _Sentence] = {}
        for plan in plans:
            for piece in plan:
                if piece.translate and piece.text not in sentences:
                    sentences[piece.text] = _Sentence(
                        protect(piece.text, self._glossary_re, model.sentinel_prefixes))
        if not sentences:
            return sentences
        tokenized = model.encode([s.protected.text for s in sentences.values()])
        bound = self.config.max_input_tokens
        for sentence, tokens in zip(sentences.values(), tokenized, strict=True):
            if len(tokens) > bound:
                sentence.flags.append(FLAG_LENGTH_BOUND)
            sentence.pieces = split_tokens(tokens, bound)
        return sentences

    def _run(self, model: LoadedModel, units: list[list[str]],
             progress: Progress | None) -> list[list[str]]:
        """Translate token sequences: sorted by length, ``batch_size`` per batch, through
        the runner; progress is reported as batches come back."""
        outputs: list[list[str]] = [[] for _ in units]
        order = sorted(range(len(units)), key=lambda i: len(units[i]))
        size = self.config.batch_size
        chosen = [order[start:start + size] for start in range(0, len(order), size)]
        prefix = model.target_prefix
        done = 0
        for number, results in self.runner.run(model, self.config,
                                               [[units[i] for i in batch] for batch in chosen]):
            for index, tokens in zip(chosen[number], results, strict=True):
                outputs[index] = tokens[1:] if prefix and tokens[:1] == [prefix] else tokens
            done += len(chosen[number])
            if progress is not None:
                progress(done, len(order))
        if progress is not None and not order:
            progress(0, 0)
        return outputs


def _unique_units(sentences: dict[str, _Sentence]) -> list[list[str]]:
    """Each distinct token sequence once; every sentence points at its chunks' indexes."""
    index: dict[tuple[str, ...], int] = {}
    units: list[list[str]] = []
    for sentence in sentences.values():
        sentence.chunks = []
        for chunk in sentence.pieces:
            key = tuple(chunk)
            if key not in index:
                index[key] = len(units)
                units.append(chunk)
            sentence.chunks.append(index[key])
    return units


def create_engine(config: MTConfig | None = None, glossary: Sequence[str] = (), *,
                  packages_dir: Path | None = None, pivot: str = "en",
                  runner: BatchRunner | None = None) -> PivotEngine:
    """Moved to ``l10n.mt.choose.create_engine`` (Argos and Apertium, chosen per pair);
    kept here so callers importing it from this module get the same engine."""
    from l10n.mt.choose import create_engine as choosing

    return choosing(config, glossary, packages_dir=packages_dir, pivot=pivot, runner=runner)
