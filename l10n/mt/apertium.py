"""The Apertium engine: rule-based translation by the ``apertium`` command, no download.

Apertium's language pairs come as Debian packages (``apt-get install apertium
apertium-eng-spa``) and run offline. This engine drives the installed command, many
segments per process run:

1. split every text into sentences (pysbd, as for Argos), keeping the whitespace;
2. replace placeholders (``{date}``) and glossary terms by sentinels (``ZX0``; a term comes
   back in the target locale's form, ``[tool.l10n.glossary_forms]``): Apertium
   copies an unknown word unchanged, and treating it as a word keeps the grammar around
   it (a superblank ``[...]`` is copied too, but reads as a gap: "Publicado encima [..]");
3. write every distinct sentence in Apertium's stream format (``-f none``: special
   characters escaped, the sentence-end period ``apertium-destxt`` would add, a closing
   superblank), each followed by NUL, to ``apertium -z -u -f none MODE``: null-flush
   mode answers each NUL-terminated segment with one, so segments never run together;
4. undo the stream format, restore the sentinels (re-inserting and flagging any that were
   lost), flag output absurdly longer than its input or looping, reassemble the texts.

``-u`` drops Apertium's marks for unknown words (``*``), untranslatable lemmas (``@``) and
generation errors (``#``). Apertium names languages its own way (``eng``, ``spa``, or
``en``, ``es`` in older pairs, ``spa-eng_US`` for a variant): modes are mapped to the
ISO 639-1 codes workspaces use.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass

from l10n.config import MTConfig
from l10n.errors import EngineFailed, MissingModelError
from l10n.glossary import Glossary
from l10n.mt.engine import (
    FLAG_LENGTH_BOUND,
    FLAG_REPETITION,
    Pair,
    Progress,
    Translation,
    merge_flags,
)
from l10n.mt.segment import Protected, glossary_pattern, has_repetition, protect, reassemble, restore, split_text

# Apertium's codes (ISO 639-3; older pairs use 639-1 already) -> ISO 639-1. A code with no
# 639-1 form (ast, frp, szl, hbs) stays as it is.
ISO_639_1 = {
    "afr": "af", "ara": "ar", "arg": "an", "bel": "be", "bre": "br", "bul": "bg", "cat": "ca",
    "ces": "cs", "cym": "cy", "dan": "da", "deu": "de", "ell": "el", "eng": "en", "epo": "eo",
    "est": "et", "eus": "eu", "fao": "fo", "fin": "fi", "fra": "fr", "gla": "gd", "gle": "ga",
    "glg": "gl", "heb": "he", "hin": "hi", "hrv": "hr", "hun": "hu", "ind": "id", "isl": "is",
    "ita": "it", "kaz": "kk", "lav": "lv", "lit": "lt", "mkd": "mk", "mlt": "mt", "msa": "ms",
    "nld": "nl", "nno": "nn", "nob": "nb", "nor": "no", "oci": "oc", "pol": "pl", "por": "pt",
    "ron": "ro", "rus": "ru", "slk": "sk", "slv": "sl", "sme": "se", "spa": "es", "sqi": "sq",
    "srd": "sc", "srp": "sr", "swe": "sv", "tat": "tt", "tur": "tr", "ukr": "uk", "urd": "ur",
    "zlm": "ms",
}

# The Debian packages of Apertium language pairs (Debian 12), for the hint that names the
# one to install; most of them translate both ways.
DEBIAN_PACKAGES = (
    "apertium-afr-nld", "apertium-arg-cat", "apertium-bel-rus", "apertium-br-fr",
    "apertium-cat-ita", "apertium-cat-srd", "apertium-dan-nor", "apertium-en-gl",
    "apertium-eng-cat", "apertium-eng-spa", "apertium-eo-ca", "apertium-eo-en",
    "apertium-eo-es", "apertium-eo-fr", "apertium-es-gl", "apertium-es-pt", "apertium-es-ro",
    "apertium-eu-en", "apertium-eu-es", "apertium-fr-es", "apertium-fra-cat",
    "apertium-fra-frp", "apertium-hbs-eng", "apertium-hbs-mkd", "apertium-hbs-slv",
    "apertium-ind-zlm", "apertium-isl-eng", "apertium-isl-swe", "apertium-mkd-bul",
    "apertium-mkd-eng", "apertium-nno-nob", "apertium-oc-ca", "apertium-oc-es",
    "apertium-oci-fra", "apertium-pol-szl", "apertium-por-cat", "apertium-pt-gl",
    "apertium-rus-ukr", "apertium-spa-arg", "apertium-spa-ast", "apertium-spa-cat",
    "apertium-spa-ita", "apertium-srd-ita", "apertium-swe-dan", "apertium-swe-nor",
    "apertium-urd-hin",
)

# Output more than LENGTH_FACTOR times the input's words plus LENGTH_SLACK is not a
# translation any more (a rule-based engine has no decoder to loop, but a broken pair can).
LENGTH_FACTOR = 3
LENGTH_SLACK = 10

# The characters Apertium's stream format reserves (apertium-destxt escapes the same).
_RESERVED_RE = re.compile(r"[\\\[\]^$@/<>{}]")
# What Apertium drops even escaped ("~" joins words inside its pipeline): sent as sentinels.
_DROPPED_RE = re.compile(r"~+")
# What closes each segment we send: destxt's sentence-end period and an empty superblank.
# A period right before the NUL would be taken as the end marker and dropped.
_SEGMENT_END = ".[]"
_SEGMENT_END_RE = re.compile(r"\.?\[\]\s*$")


def workspace_code(code: str) -> str:
    """Apertium's ``eng`` / ``en`` / ``eng_US`` -> the workspace's ``en`` / ``en`` / ``en_US``."""
    language, _, variant = code.partition("_")
    base = ISO_639_1.get(language, language)
    return f"{base}_{variant}" if variant else base


def pair_of_mode(mode: str) -> Pair | None:
    """``eng-spa`` -> ``("en", "es")``; None for a mode that is not one language pair."""
    parts = mode.split("-")
    if len(parts) != 2 or not all(parts):
        return None
    return workspace_code(parts[0]), workspace_code(parts[1])


def debian_package(source: str, target: str) -> str | None:
    """The Debian package with Apertium's pair for these languages, if Debian has one."""
    wanted = {source.split("_")[0], target.split("_")[0]}
    for package in DEBIAN_PACKAGES:
        pair = pair_of_mode(package.removeprefix("apertium-"))
        if pair is not None and set(pair) == wanted and len(wanted) == 2:
            return package
    return None


def install_hint(source: str, target: str) -> str:
    package = debian_package(source, target)
    if package is None:
        return f"Debian has no Apertium package for {source}->{target}"
    return f"install it with `apt-get install apertium {package}`"


@dataclass(frozen=True)
class ApertiumPair:
    """One installed Apertium translation direction."""

    source: str
    target: str
    mode: str  # what `apertium` calls it: "eng-spa"
    package: str  # the Debian package that installed it: "apertium-eng-spa"
    version: str  # its version ("0.8.1-2"), "unknown" where dpkg does not know it

    @property
    def pair(self) -> Pair:
        return self.source, self.target

    @property
    def origin(self) -> str:
        return f"mt apertium {self.source}->{self.target} {self.mode} {self.version}"

    def to_json(self) -> dict[str, str]:
        return {"pair": f"{self.source}->{self.target}", "from": self.source, "to": self.target,
                "mode": self.mode, "package": self.package, "version": self.version}


@dataclass(frozen=True)
class _Scan:
    pairs: tuple[ApertiumPair, ...]
    problem: str | None  # why there are none: not installed, or `apertium -l` failed


def _first_line(text: bytes | str | None) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    line = next((line.strip() for line in (text or "").splitlines() if line.strip()), "")
    return line[:200]


def _package_versions(candidates: Sequence[str]) -> dict[str, str]:
    """Installed Debian package -> version, for those of ``candidates`` dpkg knows."""
    if not candidates or shutil.which("dpkg-query") is None:
        return {}
    try:
        done = subprocess.run(
            ["dpkg-query", "-W", "-f", "${Package}\t${Version}\t${db:Status-Abbrev}\n", *candidates],
            capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return {}
    versions = {}
    for line in done.stdout.decode("utf-8", "replace").splitlines():
        fields = line.split("\t")
        if len(fields) == 3 and fields[2].startswith("ii") and fields[1]:
            versions[fields[0]] = fields[1]
    return versions


def _candidates(mode: str) -> list[str]:
    """The Debian package names that may hold ``mode`` (its languages in either order)."""
    a, b = (part.split("_")[0] for part in mode.split("-"))
    return [f"apertium-{a}-{b}", f"apertium-{b}-{a}"]


def _scan_installed(command: str) -> _Scan:
    if shutil.which(command) is None:
        return _Scan((), "Apertium is not installed")
    try:
        done = subprocess.run([command, "-l"], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        return _Scan((), f"`{command} -l` failed: {exc}")
    if done.returncode != 0:
        reason = _first_line(done.stderr) or _first_line(done.stdout) or f"exit status {done.returncode}"
        return _Scan((), f"`{command} -l` failed: {reason}")
    modes = sorted({line.strip() for line in done.stdout.decode("utf-8", "replace").splitlines()
                    if pair_of_mode(line.strip()) is not None},
                   # Two modes for one pair (an old `en-es` beside `eng-spa`): the newer codes win.
                   key=lambda mode: (-len(mode.split("-")[0].split("_")[0]), mode))
    versions = _package_versions(sorted({c for mode in modes for c in _candidates(mode)}))
    found: dict[Pair, ApertiumPair] = {}
    for mode in modes:
        pair = pair_of_mode(mode)
        if pair is None or pair in found:
            continue
        candidates = _candidates(mode)
        package = next((c for c in candidates if c in versions),
                       next((c for c in candidates if c in DEBIAN_PACKAGES), candidates[0]))
        found[pair] = ApertiumPair(pair[0], pair[1], mode, package, versions.get(package, "unknown"))
    return _Scan(tuple(found[pair] for pair in sorted(found)), None)


def list_pairs(command: str = "apertium") -> list[ApertiumPair]:
    """The installed Apertium pairs, sorted; none where Apertium is absent or broken."""
    return list(_scan_installed(command).pairs)


# ---------------------------------------------------------------------------------------
# Apertium's stream format


def encode_segment(sentence: str) -> str:
    """A sentence as one null-flush segment of Apertium's stream format (without the NUL)."""
    return _RESERVED_RE.sub(lambda m: "\\" + m.group(0), sentence.replace("\0", " ")) + _SEGMENT_END


def decode_segment(raw: str) -> str:
    """An output segment back to text: our closing period and superblank removed, escapes
    and superblanks undone, the double spaces of dropped words (pronouns) closed."""
    raw = _SEGMENT_END_RE.sub("", raw)
    out: list[str] = []
    escaped = in_blank = False
    for char in raw:
        if escaped:
            out.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[" and not in_blank:
            in_blank = True
        elif char == "]" and in_blank:
            in_blank = False
        else:
            out.append(char)
    return re.sub(r" {2,}", " ", "".join(out)).strip()


# ---------------------------------------------------------------------------------------
# The engine


class ApertiumEngine:
    """Translate with the installed Apertium pairs; see the module docstring.

    ``command`` is the ``apertium`` program to run; ``segments_per_run`` bounds one process
    run (progress is reported after each), ``timeout`` (seconds) bounds each run.
    """

    def __init__(self, config: MTConfig | None = None, glossary: Sequence[str] = (), *,
                 command: str = "apertium", timeout: float = 300.0,
                 segments_per_run: int = 2000) -> None:
        self.config = config or MTConfig()
        self.glossary = glossary if isinstance(glossary, Glossary) else Glossary(tuple(glossary))
        self.command = command
        self.timeout = timeout
        self.segments_per_run = segments_per_run
        self._glossary_re = glossary_pattern(self.glossary.written())
        self._scanned: _Scan | None = None

    # -- pairs

    def _scan(self) -> _Scan:
        if self._scanned is None:
            self._scanned = _scan_installed(self.command)
        return self._scanned

    def installed(self) -> dict[Pair, ApertiumPair]:
        return {p.pair: p for p in self._scan().pairs}

    def pairs(self) -> list[Pair]:
        return sorted(self.installed())

    def pair(self, source: str, target: str) -> ApertiumPair:
        """The installed pair; MissingModelError naming the package to install if none."""
        found = self.installed().get((source, target))
        if found is not None:
            return found
        problem = self._scan().problem
        if problem is None:
            have = ", ".join(f"{a}->{b}" for a, b in self.pairs()) or "none"
            problem = f"Apertium pairs installed: {have}"
        raise MissingModelError(
            f"no translation model for {source}->{target} ({problem}); {install_hint(source, target)}")

    # -- translation

    def translate(self, texts: Sequence[str], source: str, target: str,
                  progress: Progress | None = None) -> list[Translation]:
        pair = self.pair(source, target)
        plans = [split_text(text, source) for text in texts]
        sentences: dict[str, Protected] = {}
        for plan in plans:
            for piece in plan:
                if piece.translate and piece.text not in sentences:
                    sentences[piece.text] = protect(piece.text, self._glossary_re, keep=_DROPPED_RE)
        outputs = self._run(pair, [p.text for p in sentences.values()], progress)

        translated: dict[str, tuple[str, tuple[str, ...]]] = {}
        forms = self.glossary.replacements(target)
        for (original, protected), output in zip(sentences.items(), outputs, strict=True):
            text, restore_flags = restore(_after_leading_sentinel(protected, output), protected, forms)
            translated[original] = (text, merge_flags(_suspect(protected.text, output), restore_flags))

        return reassemble(plans, translated, pair.origin)

    def _run(self, pair: ApertiumPair, segments: list[str],
             progress: Progress | None) -> list[str]:
        """Translate ``segments`` (protected sentences), ``segments_per_run`` per process."""
        outputs: list[str] = []
        step = max(self.segments_per_run, 1)
        for start in range(0, len(segments), step):
            outputs.extend(self._run_once(pair, segments[start:start + step]))
            if progress is not None:
                progress(len(outputs), len(segments))
        if progress is not None and not segments:
            progress(0, 0)
        return outputs

    def _run_once(self, pair: ApertiumPair, segments: list[str]) -> list[str]:
        stream = "".join(encode_segment(s) + "\0" for s in segments).encode("utf-8")
        argv = [self.command, "-z", "-u", "-f", "none", pair.mode]
        try:
            # Its own process group: `apertium` is a shell pipeline, and a timeout must stop
            # every stage of it, not only the shell (the others would hold the pipes open).
            with subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, start_new_session=True) as process:
                try:
                    stdout, stderr = process.communicate(stream, timeout=self.timeout)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.communicate()
                    raise self._broken(pair, f"no answer within {self.timeout:g} s") from None
        except OSError as exc:
            raise self._broken(pair, str(exc)) from None
        if process.returncode != 0:
            raise self._broken(pair, _first_line(stderr) or f"exit status {process.returncode}")
        # Null-flush: one NUL after each segment; some stages add NULs of their own at the end.
        parts = stdout.decode("utf-8", "replace").split("\0")
        if len(parts) < len(segments) or any(p.strip() for p in parts[len(segments):]):
            raise self._broken(pair, f"{len(segments)} segments in, {len(parts) - 1} out")
        return [decode_segment(part) for part in parts[:len(segments)]]

    def _broken(self, pair: ApertiumPair, reason: str) -> EngineFailed:
        return EngineFailed(
            f"Apertium failed on {pair.source}->{pair.target} ({self.command} {pair.mode}: "
            f"{reason}); reinstall it with `apt-get install --reinstall apertium {pair.package}`",
            (pair.source, pair.target))


def _after_leading_sentinel(protected: Protected, output: str) -> str:
    """Undo Apertium's capital on the word after a sentence-initial sentinel.

    Apertium takes the first word it knows for the start of the sentence: "Kim Jong Un met
    him" comes back as "Kim Jong Un Cumplió". Where the source's word after the leading
    sentinels is lower case, so is the translation's (unless it is an acronym).
    """
    if not protected.spans:
        return output
    lead = re.compile(rf"^\W*{re.escape(protected.prefix)}\d+(?:\W*{re.escape(protected.prefix)}\d+)*"
                      rf"[^\w\s]*\s+(\w)(\w?)")
    source, target = lead.match(protected.text), lead.match(output)
    if source is None or target is None or not source.group(1).islower():
        return output
    first, second = target.group(1), target.group(2)
    if not first.isupper() or second.isupper():
        return output
    return output[:target.start(1)] + first.lower() + output[target.end(1):]


def _suspect(source: str, output: str) -> tuple[str, ...]:
    """Flags for an output that is absurdly long for its source, or loops."""
    words, out_words = source.split(), output.split()
    flags = []
    if len(out_words) > LENGTH_FACTOR * len(words) + LENGTH_SLACK:
        flags.append(FLAG_LENGTH_BOUND)
    if has_repetition(out_words) and not has_repetition(words):
        flags.append(FLAG_REPETITION)
    return tuple(flags)
