"""A generated workspace for the build benchmark: N page-dump articles in the sample's shape.

Every article is a page dump like the samples: headline, the site's chrome (transparency
note, date line, footer), the teaser three times, the headline again, then paragraphs and
subheadings. Texts are assembled from the sample articles' sentences with a per-article
marker, so every article's texts are its own (no accidental translation memory); about
one article in seven has no date, as some real page dumps do.

After extract and update, ``seed`` fills the catalogs as a workspace in use looks: about
60% of the entries approved, 25% machine drafts, the rest untranslated; the chrome is
approved in every locale.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PYPROJECT = """\
[tool.l10n]
chrome_language = "de"
body_language = "en"
locales = ["de", "en", "fr", "es"]
articles = "articles"
locales_dir = "locales"
build_dir = "build"

[tool.l10n.chrome]
patterns = [
    "Transparenz: Redaktionell erstellt und geprüft.",
    "Veröffentlicht am {date}",
]
footer_links = ["Impressum", "Kontakt", "Redaktionskodex", "Datenschutz"]
footer_separator = "·"
"""


def _sentences() -> list[str]:
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "articles").glob("*.txt")))
    found = [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if 40 <= len(s.strip()) <= 220]
    return [s for s in found if not any(w in s for w in ("Veröffentlicht", "Transparenz", "„", "“"))]


def article_text(number: int, pool: list[str], rng: random.Random) -> str:
    def paragraph() -> str:
        return " ".join(rng.sample(pool, rng.randint(2, 4)))

    headline = f"Story {number}: {rng.choice(pool)[:60].rstrip(' ,.;:')}"
    teaser = f"In brief ({number}): {rng.choice(pool)}"
    date = "" if number % 7 == 3 else (dt.date(2024, 1, 1) + dt.timedelta(days=number % 900)).strftime(" %d.%m.%Y")
    lines = [headline, "", "Transparenz: Redaktionell erstellt und geprüft.", f"Veröffentlicht am{date}",
             "Impressum · Kontakt · Redaktionskodex", "", teaser, "", teaser, teaser, "", headline, ""]
    for section in range(3):
        if section:
            lines += [f"Part {section} of story {number}", ""]
        for _ in range(3):
            lines += [f"{paragraph()} ({number}.{len(lines)})", ""]
    return "\n".join(lines)


def make_workspace(root: Path, articles: int, seed: int = 7) -> Path:
    rng = random.Random(seed)
    pool = _sentences()
    (root / "articles").mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    for number in range(articles):
        (root / "articles" / f"story-{number:04d}.txt").write_text(article_text(number, pool, rng), encoding="utf-8")
    return root


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
