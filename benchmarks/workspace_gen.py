"""Generated newsroom workspaces for the benchmarks: N articles like the sample ones.

``generate(root, n)`` writes ``root/pyproject.toml`` (the sample's [tool.l10n]) and ``n``
page dumps in ``root/articles/``: each has the site's chrome (transparency note, a date
line, the footer) and a body of a headline, a teaser written three times as page dumps
do, subheadings and paragraphs, built deterministically from the sample articles'
sentences shuffled and varied, so every article is different text of the same shape.
Nothing is read or written outside ``root`` but the sample articles of this project.
``seed(root)`` fills the catalogs as a workspace in use looks: approved chrome, and per body
entry a mix of approved translations, machine drafts and untranslated ones.
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "tests" / "data" / "workspace"
WORDS = ("regional", "federal", "early", "late", "record", "new", "small", "large", "northern", "southern",
         "coastal", "urban", "public", "private", "local", "national", "weekly", "annual")


def _sentences() -> list[str]:
    found: list[str] = []
    for path in sorted((SAMPLES / "articles").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if len(line) > 80 and not line.startswith(("Transparenz", "Veröffentlicht", "Impressum")):
                found.extend(s for s in re.split(r"(?<=[.!?])\s+", line) if len(s) > 30)
    return sorted(set(found))


def _vary(sentence: str, rng: random.Random) -> str:
    words = sentence.split()
    for _ in range(2):
        words.insert(rng.randrange(1, len(words)), rng.choice(WORDS))
    return " ".join(words)


def article_text(index: int, sentences: list[str]) -> str:
    rng = random.Random(index)
    headline = f"{_vary(rng.choice(sentences), rng).rstrip('.')[:90]} ({index})"
    teaser = _vary(rng.choice(sentences), rng) + f" Report {index}."
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.choice((2024, 2025, 2026))
    lines = [headline, "", "Transparenz: Redaktionell erstellt und geprüft.", f"Veröffentlicht am {day:02d}.{month:02d}.{year}",
             "Impressum · Kontakt · Redaktionskodex", "", teaser, "", teaser, teaser, "", headline, ""]
    for section in range(rng.randint(2, 4)):
        lines += [f"Section {section + 1} of report {index}", ""]
        for _ in range(rng.randint(2, 4)):
            lines += [" ".join(_vary(rng.choice(sentences), rng) for _ in range(rng.randint(2, 4))), ""]
    return "\n".join(lines)


def generate(root: Path, count: int) -> Path:
    """A workspace of ``count`` articles at ``root`` (replaced if it exists)."""
    shutil.rmtree(root, ignore_errors=True)
    (root / "articles").mkdir(parents=True)
    shutil.copy(SAMPLES / "pyproject.toml", root / "pyproject.toml")
    sentences = _sentences()
    for index in range(count):
        (root / "articles" / f"report-{index:05d}.txt").write_text(article_text(index, sentences), encoding="utf-8")
    return root


def change_one(root: Path, index: int = 0) -> None:
    """Edit one article's paragraph, as an editor would."""
    path = root / "articles" / f"report-{index:05d}.txt"
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    longest = max(range(len(lines)), key=lambda i: len(lines[i]))
    lines[longest] = lines[longest].replace(" the ", " the edited ", 1) + " An added sentence."
    path.write_text("\n".join(lines), encoding="utf-8")


def make_workspace(root: Path, articles: int) -> Path:
    """``generate`` under the name the build benchmark uses."""
    return generate(root, articles)


CHROME = {
    "en": ["Transparency: Produced and reviewed by our editorial team.", "Published on {date}", "Legal notice",
           "Contact", "Editorial guidelines", "Privacy"],
    "fr": ["Transparence : rédigé et vérifié par la rédaction.", "Publié le {date}", "Mentions légales",
           "Contact", "Charte éditoriale", "Protection des données"],
    "es": ["Transparencia: elaborado y revisado por la redacción.", "Publicado el {date}", "Aviso legal",
           "Contacto", "Principios editoriales", "Protección de datos"],
}


def seed(root: Path, rng_seed: int = 11) -> None:
    """Fill the workspace's catalogs as one in use looks (see the module docstring)."""
    from l10n import config as config_mod
    from l10n.catalogs import pofile
    from l10n.states import ORIGIN, origin_value, set_marker
    from l10n.workspace import existing_catalogs

    rng = random.Random(rng_seed)
    config = config_mod.load(root)
    for ref in existing_catalogs(config, config.locales):
        catalog = pofile.parse(ref.path.read_bytes(), str(ref.path))
        for message in catalog.active:
            if ref.domain == "chrome":
                order = ["Transparenz: Redaktionell erstellt und geprüft.", "Veröffentlicht am {date}", "Impressum",
                         "Kontakt", "Redaktionskodex", "Datenschutz"]
                if message.msgid in order:
                    message.msgstr = CHROME[ref.locale][order.index(message.msgid)]
                continue
            roll = rng.random()
            if roll < 0.6:
                message.msgstr = f"[{ref.locale}] {message.msgid}"
            elif roll < 0.85:
                message.msgstr = f"[{ref.locale} mt] {message.msgid}"
                message.fuzzy = True
                set_marker(message, ORIGIN, origin_value("mt bench", "2026-01-01", message.msgid))
        ref.path.write_bytes(pofile.dump(catalog))


if __name__ == "__main__":
    import sys

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "benchmarks" / ".work" / "ws"
    print(generate(target, int(sys.argv[2]) if len(sys.argv) > 2 else 1000))
