"""l10n extract: golden templates for every sample article, separation rules, bad input."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import DATA, SAMPLE_WORKSPACE
from l10n import config as config_mod
from l10n import extract
from l10n.articles import Source, Unit, decode
from l10n.catalogs import pofile
from l10n.errors import ArticleError
from l10n.langid import body_confidence
from l10n.separate import Separator

GOLDEN = DATA / "golden" / "extract"
ARTICLES = sorted(p.name for p in (SAMPLE_WORKSPACE / "articles").iterdir())
UPDATE_GOLDEN = os.environ.get("L10N_UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    root = tmp_path_factory.mktemp("golden") / "ws"
    shutil.copytree(SAMPLE_WORKSPACE, root)
    cfg = config_mod.load(root)
    out = extract.render(extract.load_articles(cfg).articles, cfg)
    return {cfg.relative(path).removeprefix("locales/templates/"): data for path, data in out.items()}


def _check_golden(name: str, data: bytes) -> None:
    golden = GOLDEN / name
    if UPDATE_GOLDEN:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(data)
    assert golden.is_file(), f"no golden file {golden}; run with L10N_UPDATE_GOLDEN=1 and review it"
    assert data.decode() == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("article", ARTICLES, ids=ARTICLES)
def test_article_template_matches_golden(rendered: dict[str, bytes], article: str) -> None:
    slug = Path(article).stem
    _check_golden(f"articles/{slug}.pot", rendered[f"articles/{slug}.pot"])


def test_chrome_template_matches_golden(rendered: dict[str, bytes]) -> None:
    _check_golden("chrome.pot", rendered["chrome.pot"])


def test_every_template_is_read_by_gettext(rendered: dict[str, bytes], tmp_path: Path) -> None:
    for name, data in rendered.items():
        path = tmp_path / name.replace("/", "_")
        path.write_bytes(data)
        proc = subprocess.run(["msgcat", str(path)], capture_output=True, text=True)
        assert proc.returncode == 0, (name, proc.stderr)
        assert proc.stdout.encode() == data, f"msgcat would reformat {name}"


def _entries(data: bytes) -> dict[str, object]:
    return {m.msgid: m for m in pofile.parse(data, "x.pot").messages}


def test_sample_teaser_and_headline_are_one_entry_each(rendered: dict[str, bytes]) -> None:
    entries = _entries(rendered["articles/kim-jong-un-china-parade.pot"])
    headline = entries["Kim Jong Un's Bold Return: Heading to China for Historic Parade!"]
    teaser = entries[
        "North Korean leader Kim Jong Un will visit China to attend a military parade marking "
        "WWII's 80th anniversary on September 3, 2025."
    ]
    path = "articles/kim-jong-un-china-parade.txt"
    assert headline.references == [f"{path}:1", f"{path}:12"]  # type: ignore[attr-defined]
    assert headline.extracted_comments == ["headline"]  # type: ignore[attr-defined]
    assert teaser.references == [f"{path}:7", f"{path}:9", f"{path}:10"]  # type: ignore[attr-defined]
    assert teaser.extracted_comments == ["teaser"]  # type: ignore[attr-defined]
    assert entries["The Significance of the Visit"].extracted_comments == ["subheading"]  # type: ignore[attr-defined]
    assert not any(msgid.startswith(("Transparenz", "Veröffentlicht", "Impressum")) for msgid in entries)


def test_chrome_template_holds_patterns_and_footer_links_only(rendered: dict[str, bytes]) -> None:
    entries = _entries(rendered["chrome.pot"])
    assert list(entries) == [
        "Transparenz: Redaktionell erstellt und geprüft.",
        "Veröffentlicht am {date}",
        "Impressum",
        "Kontakt",
        "Redaktionskodex",
        "Datenschutz",
    ]
    assert entries["Veröffentlicht am {date}"].flags == ["python-brace-format"]  # type: ignore[attr-defined]
    # Every page dump's chrome lines are references; the Markdown article has none.
    assert len(entries["Impressum"].references) == 5  # type: ignore[attr-defined]
    assert entries["Datenschutz"].references == ["articles/bundestag-budget-vote.txt:5"]  # type: ignore[attr-defined]


def test_german_body_line_is_body(rendered: dict[str, bytes]) -> None:
    entries = _entries(rendered["articles/bundestag-budget-vote.pot"])
    assert "„Wir schaffen das“" in entries


def test_dates_become_metadata_and_empty_stays_empty(workspace: Path) -> None:
    cfg = config_mod.load(workspace)
    meta = {a.slug: a.metadata for a in extract.load_articles(cfg).articles}
    assert meta["eu-ai-act-enforcement"]["date"] == "12.03.2026"
    assert meta["kim-jong-un-china-parade"]["date"] == ""
    assert meta["berlin-marathon-record"]["date"] == ""
    assert meta["solar-power-milestone"]["date"] == "2026-06-21"


def _separator(*texts_per_article: list[str]) -> tuple[Separator, list[Source]]:
    cfg = config_mod.load(SAMPLE_WORKSPACE)
    sources = [
        Source(f"a{i}", f"articles/a{i}.txt", "txt", tuple(Unit(n, t) for n, t in enumerate(texts, 1)))
        for i, texts in enumerate(texts_per_article)
    ]
    return Separator(cfg.chrome, sources, body_confidence("de", "en")), sources


def test_a_line_recurring_across_articles_is_chrome_and_german_alone_is_not() -> None:
    sep, sources = _separator(
        ["Headline one", "Mehr zum Thema", "Ein deutscher Satz steht hier."],
        ["Headline two", "Mehr zum Thema", "Body text."],
    )
    first = sep.separate(sources[0])
    assert [c.msgid for c in first.chrome] == ["Mehr zum Thema"]
    assert [b.text for b in first.body] == ["Headline one", "Ein deutscher Satz steht hier."]


@pytest.mark.parametrize("shared", ["What Comes Next", "Why Now?", "Background", "Jobs at Risk?", "Timeline", "Yes.",
                                    "Analysis", "Q&A", "„Wir schaffen das“", "«Wir schaffen das»", "Olaf Scholz",
                                    "„Wir schaffen das“.", "„Wir schaffen das“ – Angela Merkel", "Berlin"])
def test_an_english_line_two_articles_share_stays_body(shared: str) -> None:
    sep, sources = _separator(
        ["Headline one", "Veröffentlicht am 01.02.2026", "The teaser of the first story, in a few words.", shared,
         "The first story goes on for a while.", "And ends here, after more words."],
        ["Headline two", "Veröffentlicht am 02.02.2026", "The teaser of the second story, in a few words.", shared,
         "The second story goes on for a while.", "And ends there, after more words."])
    for source in sources:
        article = sep.separate(source)
        assert [c.msgid for c in article.chrome] == ["Veröffentlicht am {date}"]
        assert shared in [b.text for b in article.body]
    # a quotation or a subheading is body next to the site's block too
    if shared.startswith(("„", "«")) or shared in ("What Comes Next", "Background"):
        sep, sources = _separator(["Headline one", "Veröffentlicht am 01.02.2026", shared, "The story, in words."],
                                  ["Headline two", "Veröffentlicht am 02.02.2026", shared, "Another story, in words."])
        assert shared in [b.text for b in sep.separate(sources[0]).body]


@pytest.mark.parametrize("shared", ["Mehr zum Thema", "Lesezeit: 4 Minuten", "Anzeige", "Video", "Newsletter abonnieren",
                                    "Ja.", "Hintergrund", "Kommentar", "Teilen", "Newsletter", "Update"])
def test_a_german_or_ambiguous_line_two_articles_share_is_chrome(shared: str) -> None:
    """Next to the site's block (where a template's lines stand)."""
    sep, sources = _separator(
        ["Headline of the first story", "Veröffentlicht am 01.02.2026", shared, "The teaser of the first story."],
        ["Headline of the second story", "Veröffentlicht am 02.02.2026", shared, "The teaser of the second story."])
    assert [c.msgid for c in sep.separate(sources[0]).chrome] == ["Veröffentlicht am {date}", shared]


def test_a_page_whose_chrome_comes_after_the_article_starts_with_its_teaser() -> None:
    teaser, one, two = "The teaser of the story, in words.", "A paragraph of the story, in words.", "Another one."
    sep, sources = _separator(["Headline", teaser, one, two, "Transparenz: Redaktionell erstellt und geprüft.",
                               "Veröffentlicht am 01.02.2026", "A line after the site's block."])
    roles = {b.text: b.role for b in sep.separate(sources[0]).body}
    assert roles == {"Headline": "headline", teaser: "teaser", one: "paragraph", two: "paragraph",
                     "A line after the site's block.": "paragraph"}
    # a byline and a reading time above the site's block are no article before it
    sep, sources = _separator(["Headline", "Von Peter Schmidt", "Lesezeit: 7 Min.", "Veröffentlicht am 01.02.2026",
                               "The teaser, in a few more words.", "A paragraph."])
    assert [b.role for b in sep.separate(sources[0]).body] == ["headline", "paragraph", "paragraph", "teaser",
                                                               "paragraph"]  # (a byline is no subheading)
    # a photo caption and a byline above the site's block neither
    caption = "Protesters gather in front of the Reichstag on Monday morning."
    sep, sources = _separator(["Headline", caption, "Von Peter Schmidt", "Veröffentlicht am 01.02.2026",
                               "The teaser, in a few more words.", "A paragraph of the story, in words.",
                               "Another paragraph of the story, in words."])
    roles = {b.text: b.role for b in sep.separate(sources[0]).body}
    assert roles["The teaser, in a few more words."] == "teaser" and roles[caption] == "paragraph"
    # the usual page: the site's block under the headline, the teaser after it
    sep, sources = _separator(["Headline", "Veröffentlicht am 01.02.2026", "The teaser.", "A paragraph."])
    assert [b.role for b in sep.separate(sources[0]).body] == ["headline", "teaser", "paragraph"]


def test_a_breadcrumb_is_the_sites_and_never_the_headline() -> None:
    """A section's navigation trail on the first line ("Startseite › Wirtschaft › Energie",
    its own per section, so it recurs nowhere) is chrome; the headline is the line under it
    (before: the trail was the headline, and the real one a subheading after the teaser)."""
    sep, sources = _separator(
        ["Startseite › Wirtschaft › Energie", "Gas Prices Fall Below Pre-Crisis Level", "Veröffentlicht am 20.11.2026",
         "Wholesale gas prices fell below their 2021 level on Thursday.",
         "Wholesale gas prices fell below their 2021 level on Thursday.", "Storage sites are full, the agency said."],
        ["Home > News > Politics", "Vote Delayed Again", "The vote was delayed again on Friday, officials said."])
    first, second = (sep.separate(source) for source in sources)
    assert [(c.msgid, c.role) for c in first.chrome][:1] == [("Startseite › Wirtschaft › Energie", "chrome")]
    assert [(b.text, b.role) for b in first.body][:2] == [("Gas Prices Fall Below Pre-Crisis Level", "headline"),
                                                         ("Wholesale gas prices fell below their 2021 level on Thursday.",
                                                          "teaser")]
    assert second.chrome[0].msgid == "Home > News > Politics" and second.body[0].role == "headline"


@pytest.mark.parametrize(("line", "trail"), [
    ("Startseite › Wirtschaft › Energie", True), ("Startseite › Politik", True), ("Home > News > Politics", True),
    ("Start » Politik » Bund", True), ("»Wir schaffen das«", False), ("Er sagte » Nein", False),
    ("Prices rose > 5% in May > June", False), ("Home > News", False),
    ("The index › a measure of prices › rose sharply in the last three months of the year", False),
])
def test_what_is_a_breadcrumb(line: str, trail: bool) -> None:
    from l10n.separate import is_breadcrumb

    assert is_breadcrumb(line) is trail


@pytest.mark.parametrize(("line", "heading"), [
    ("What Changes for Passengers", True), ("By the Numbers", True), ("Berlin: A City Divided", True),
    ("Von der Leyen Under Pressure", True), ("Foto: dpa", False), ("Fotos: Jan Becker", False),
    ("Lesezeit: 3 Min.", False), ("Source: Reuters", False), ("Anzeige", False), ("Video", False),
    ("Von Anna Schmidt", False), ("By Jan Becker and Eva Roth", False),
])
def test_a_credit_a_label_or_a_byline_is_no_subheading(line: str, heading: bool) -> None:
    """(Before, "Foto: dpa" and "Von Anna Schmidt" became headings of every edition.)"""
    from l10n.separate import is_subheading

    assert is_subheading(line) is heading


@pytest.mark.parametrize(("line", "msgids"), [
    ("Transparenz: Redaktionell erstellt und geprüft", ["Transparenz: Redaktionell erstellt und geprüft."]),
    ("Impressum · Kontakt · Redaktionskodex · ", ["Impressum", "Kontakt", "Redaktionskodex"]),
    ("· Impressum · Kontakt", ["Impressum", "Kontakt"]),
    ("Impressum · Kontakt · Redaktions\u00adkodex", ["Impressum", "Kontakt", "Redaktionskodex"]),
])
def test_a_line_of_the_template_with_a_stop_or_separator_more_or_less_is_chrome(line: str, msgids: list[str]) -> None:
    sep, sources = _separator(["Head", " ".join(line.split())])
    assert [c.msgid for c in sep.separate(sources[0]).chrome] == msgids


def test_a_text_typed_decomposed_is_the_text_typed_composed_and_no_break_spaces_stay() -> None:
    from l10n.articles import normalize

    assert normalize("Engineers from Zu\u0308rich") == normalize("Engineers from Zürich") == "Engineers from Zürich"
    assert normalize("  up by 80\u00a0%,\tthe  highest \u00a0") == "up by 80\u00a0%, the highest"
    assert normalize("\ufeffTransparenz: Redaktionell erstellt und geprüft.\u200b ") == \
        "Transparenz: Redaktionell erstellt und geprüft."


def test_a_template_line_written_with_a_no_break_space_somewhere_still_recurs() -> None:
    sep, sources = _separator(["Headline one", "Mehr\u00a0zum Thema", "Text one, with more words."],
                              ["Headline two", "Mehr\u00a0zum Thema", "Text two, with more words."],
                              ["Headline three", "Mehr zum Thema", "Text three, with more words."])
    for source in sources:
        assert [c.msgid for c in sep.separate(source).chrome] == ["Mehr zum Thema"]


@pytest.mark.parametrize("shared", ["Outlook", "Christine Lagarde", "Richard von Weizsäcker",
                                    "Olaf Scholz and Friedrich Merz", "Deutsche Bahn in Crisis"])
def test_a_subheading_before_the_last_paragraph_or_a_name_with_small_words_is_body(shared: str) -> None:
    """The sample's shape: the site's block under the headline, the last line a paragraph.
    A subheading two articles share just before their last paragraph is the article's."""
    def page(n: int) -> list[str]:
        return [f"Headline number {n} of the day", "Transparenz: Redaktionell erstellt und geprüft.",
                "Veröffentlicht am 01.02.2026", "Impressum · Kontakt · Redaktionskodex",
                f"The teaser of story {n}, in a few more words.", f"Story {n} goes on for a while, as stories do.",
                shared, f"Story {n} ends here, after a few more words."]

    sep, sources = _separator(page(1), page(2))
    for source in sources:
        article = sep.separate(source)
        assert shared in [b.text for b in article.body]
        assert [c.msgid for c in article.chrome] == ["Transparenz: Redaktionell erstellt und geprüft.",
                                                    "Veröffentlicht am {date}", "Impressum", "Kontakt",
                                                    "Redaktionskodex"]


@pytest.mark.parametrize(("text", "subheading"), [
    ("Talks With the U.S.", True), ("Merz’s “Autumn of Reforms”", True), ("iPhone Sales Slump", True),
    ("Why Now?", True), ("He left.", False), ("“We will not give up.”", False), ("and then some", False),
    ("The president flew back to the U.S.", False), ("He said it was “historic”", False),
])
def test_what_reads_as_a_subheading(text: str, subheading: bool) -> None:
    from l10n.separate import is_subheading

    assert is_subheading(text) is subheading


@pytest.mark.parametrize(("text", "quotation"), [
    ("„Wir schaffen das“", True), ("„Wir schaffen das“.", True), ("„Wir schaffen das“ – Angela Merkel", True),
    ("„Tagesschau“-App jetzt herunterladen", False), ("»Spiegel+«-Abo abschließen", False),
    ("'90s Nostalgia Isn't Dead", False),
])
def test_what_reads_as_a_quotation(text: str, quotation: bool) -> None:
    from l10n.separate import is_quotation

    assert is_quotation(text) is quotation


@pytest.mark.parametrize(("shared", "chrome"), [
    ("Zum Weiterlesen", True), ("Für Sie empfohlen", True), ("Im Überblick", True), ("Die Linke", False),
])
def test_a_german_line_inside_articles_may_begin_with_its_small_word(shared: str, chrome: bool) -> None:
    def page(n: int) -> list[str]:
        return [f"Headline number {n} of the day", "Veröffentlicht am 01.02.2026",
                f"The teaser of story {n}, in a few more words.", f"Story {n} goes on for a while, as stories do.",
                shared, f"Story {n} ends here, after a few more words."]

    sep, sources = _separator(page(1), page(2))
    assert (shared in [c.msgid for c in sep.separate(sources[0]).chrome]) is chrome


def test_where_a_recurring_line_stands_counts() -> None:
    """Short lines next to the site's block (a chain of labels) are the template's when
    they recur and are not plainly English; inside the article, a recurring line is body
    (a name as a subheading, a single word) unless it is plainly a German sentence."""
    def article(n: int) -> list[str]:
        return [f"Headline {n}", "Teilen", "Abo", "Veröffentlicht am 01.02.2026", "Live",
                f"The teaser of story {n}, in a few more words.", "Olaf Scholz", "Anzeige",
                f"Story {n} goes on for a while, as stories do.", "Lesen Sie auch: Bahnstreik legt Verkehr lahm",
                f"Story {n} ends here, after a few more words."]

    sep, sources = _separator(article(1), article(2), article(3))
    first = sep.separate(sources[0])
    assert [c.msgid for c in first.chrome] == ["Teilen", "Abo", "Veröffentlicht am {date}", "Live",
                                              "Lesen Sie auch: Bahnstreik legt Verkehr lahm"]
    assert [b.text for b in first.body] == ["Headline 1", "The teaser of story 1, in a few more words.", "Olaf Scholz",
                                            "Anzeige", "Story 1 goes on for a while, as stories do.",
                                            "Story 1 ends here, after a few more words."]


def test_footer_with_a_new_link_reuses_the_known_ones() -> None:
    sep, sources = _separator(["Head", "Impressum · Kontakt · Redaktionskodex · Barrierefreiheit"])
    chrome = sep.separate(sources[0]).chrome
    assert [c.msgid for c in chrome] == ["Impressum", "Kontakt", "Redaktionskodex", "Barrierefreiheit"]
    assert {c.role for c in chrome} == {"footer link"}


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("Veröffentlicht am 12.03.2026", "12.03.2026"),
        ("Veröffentlicht am", ""),
        ("Veröffentlicht  am   3. September 2025", "3. September 2025"),
        ("Veröffentlicht am: 04.05.2026", "04.05.2026"),
    ],
)
def test_date_pattern(line: str, date: str) -> None:
    sep, sources = _separator(["Head", " ".join(line.split())])
    article = sep.separate(sources[0])
    assert [c.msgid for c in article.chrome] == ["Veröffentlicht am {date}"]
    assert article.metadata["date"] == date


@pytest.mark.parametrize(("text", "iso"), [
    ("12.03.2026", "2026-03-12"), ("12.3.2026", "2026-03-12"), ("12/03/2026", "2026-03-12"),
    ("12.03.26", "2026-03-12"), ("12.03.98", "1998-03-12"), ("2026-03-12", "2026-03-12"),
    ("12. März 2026", "2026-03-12"), ("March 12, 2026", "2026-03-12"),
    # a weekday before the date, a time after it: left aside
    ("Donnerstag, 12. März 2026", "2026-03-12"), ("Do, 12.03.2026", "2026-03-12"),
    ("Thursday, March 12, 2026", "2026-03-12"), ("12.03.2026, 14:30 Uhr", "2026-03-12"),
    ("12.03.2026 um 14:30 Uhr", "2026-03-12"), ("12.03.2026 14:30", "2026-03-12"),
    ("Donnerstag, 12. März 2026, 14.30 Uhr", "2026-03-12"), ("March 12, 2026 at 2:30 p.m.", "2026-03-12"),
    ("12/03/2026 - 14h30 CET", "2026-03-12"), ("Do, 12.03.26", "2026-03-12"), ("Thu 12.03.26", "2026-03-12"),
    # never guessed
    ("next Tuesday", None), ("Heute, 14:30 Uhr", None), ("Freitag", None), ("12.03.2026 foo", None),
    ("31.02.2026", None), ("12.13.2026", None), ("2026", None), ("14:30", None), ("Mai 2026", None),
])
def test_read_date(text: str, iso: str | None) -> None:
    from l10n.dates import read_date

    found = read_date(text, ("de", "en"))
    assert (found.isoformat() if found else None) == iso


@pytest.mark.parametrize("languages", [("en", "fr"), ("en", "es"), ("it",)])
def test_a_month_that_is_also_a_weekday_stays_a_month(languages: tuple[str, ...]) -> None:
    """"mar" is Tuesday in French and Spanish, March in English and Italian."""
    from l10n.dates import read_date

    found = read_date("Mar 12, 2026", languages)
    assert found is not None and found.isoformat() == "2026-03-12"


# --- the command ------------------------------------------------------------------------


def _snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted((root / "locales").rglob("*"))
        if p.is_file() and p.name != ".l10n.lock"
    }


def test_extract_writes_templates_and_a_second_run_changes_nothing(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("extract")
    assert "wrote locales/templates/chrome.pot (6 chrome entries)" in result.output
    assert "next: l10n update" in result.output
    first = _snapshot(cli.root)
    assert set(first) == {"locales/templates/chrome.pot"} | {
        f"locales/templates/articles/{Path(a).stem}.pot" for a in ARTICLES
    }
    second = cli("extract")
    assert "0 templates written" in second.output and "wrote" not in second.output
    assert _snapshot(cli.root) == first


def test_extract_json_report(cli) -> None:  # type: ignore[no-untyped-def]
    import json

    report = json.loads(cli("extract", "--json").stdout)
    assert report["chrome_template"] == "locales/templates/chrome.pot"
    by_slug = {a["slug"]: a for a in report["articles"]}
    assert by_slug["rhine-low-water-shipping"]["metadata"]["date"] == "04.08.2025"
    assert by_slug["kim-jong-un-china-parade"]["template"] == "locales/templates/articles/kim-jong-un-china-parade.pot"


def test_removed_article_loses_its_template(cli) -> None:  # type: ignore[no-untyped-def]
    cli("extract")
    (cli.root / "articles" / "berlin-marathon-record.txt").unlink()
    result = cli("extract")
    assert "removed locales/templates/articles/berlin-marathon-record.pot" in result.output
    assert not (cli.root / "locales/templates/articles/berlin-marathon-record.pot").exists()


BAD_ARTICLES = {
    "empty": (b"", "empty article"),
    "blank": (b"\n  \n\t\n", "empty article"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    "latin1": ("Überschrift\n\nSchön".encode("latin-1"), "not UTF-8"),
    "utf16": ("Headline\n".encode("utf-16"), "UTF-16"),
}


@pytest.mark.parametrize("kind", sorted(BAD_ARTICLES))
def test_a_bad_article_is_reported_and_skipped_the_others_are_extracted(cli, kind: str) -> None:  # type: ignore[no-untyped-def]
    data, reason = BAD_ARTICLES[kind]
    (cli.root / "articles" / f"zz-{kind}.txt").write_bytes(data)
    result = cli("extract", code=1)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and f"articles/zz-{kind}.txt" in lines[0] and reason in lines[0]
    assert "1 article skipped" in result.stdout
    written = {p.stem for p in (cli.root / "locales/templates/articles").glob("*.pot")}
    assert written == {Path(a).stem for a in ARTICLES}


def test_a_bad_article_keeps_its_template(cli) -> None:  # type: ignore[no-untyped-def]
    cli("extract")
    template = cli.root / "locales/templates/articles/berlin-marathon-record.pot"
    before = template.read_bytes()
    (cli.root / "articles/berlin-marathon-record.txt").write_bytes(b"")
    result = cli("extract", code=1)
    assert "articles/berlin-marathon-record.txt: empty article" in result.stderr
    assert template.read_bytes() == before and "removed" not in result.stdout


def test_only_bad_articles_is_exit_2_and_nothing_written(cli) -> None:  # type: ignore[no-untyped-def]
    for path in (cli.root / "articles").iterdir():
        path.unlink()
    (cli.root / "articles" / "zz-empty.txt").write_bytes(b"")
    result = cli("extract", code=2)
    assert "articles/zz-empty.txt: empty article" in result.stderr
    assert not (cli.root / "locales").exists()


@pytest.mark.parametrize("kind", ["directory", "dangling-link"])
def test_unreadable_article(cli, kind: str) -> None:  # type: ignore[no-untyped-def]
    path = cli.root / "articles" / "zz-unreadable.txt"
    if kind == "directory":
        path.mkdir()
    else:
        path.symlink_to(cli.root / "nowhere.txt")
    result = cli("extract", code=1)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "articles/zz-unreadable.txt" in lines[0]
    assert (cli.root / "locales/templates/chrome.pot").exists()


def test_files_that_are_not_articles_get_a_warning_and_bad_names_an_error(cli) -> None:  # type: ignore[no-untyped-def]
    (cli.root / "articles" / "notes.docx").write_bytes(b"PK")
    (cli.root / "articles" / "My Article (Draft).txt").write_text("Head\n\nBody text here.\n")
    result = cli("extract", code=1)
    assert "l10n: warning: articles/notes.docx: not an article (articles are .txt or .md files)" in result.stderr
    error = next(line for line in result.stderr.splitlines() if "My Article" in line)
    assert error.startswith("l10n: error: articles/My Article (Draft).txt: ")
    assert "lowercase letters, digits and hyphens" in error and "my-article-draft" in error


def test_an_articles_folder_outside_the_workspace_is_refused_and_nothing_written(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    secret = tmp_path / "outside"
    secret.mkdir()
    (secret / "passwd.txt").write_text("root:x:0:0:root:/root:/bin/bash\n")
    shutil.rmtree(cli.root / "articles")
    (cli.root / "articles").symlink_to(secret)
    result = cli("extract", code=2)
    (line,) = result.stderr.strip().splitlines()
    assert "outside the workspace" in line and "articles" in line
    assert not (cli.root / "locales").exists()


def test_an_article_linked_outside_the_workspace_is_skipped_and_the_others_extracted(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    secret = tmp_path / "outside"
    secret.mkdir()
    (secret / "passwd.txt").write_text("root:x:0:0:root:/root:/bin/bash\n")
    (cli.root / "articles" / "x.txt").symlink_to(secret / "passwd.txt")
    result = cli("extract", code=1)
    (line,) = [line for line in result.stderr.splitlines() if "x.txt" in line]
    assert line.startswith("l10n: error: articles/x.txt: resolves to ") and "outside the workspace" in line
    assert "1 article skipped" in result.stdout
    templates = cli.root / "locales" / "templates"
    assert (templates / "chrome.pot").is_file() and not (templates / "articles" / "x.pot").exists()
    assert len(list((templates / "articles").glob("*.pot"))) == len(list((cli.root / "articles").iterdir())) - 1
    assert "root:x:0:0" not in "".join(p.read_text(encoding="utf-8") for p in templates.rglob("*.pot"))


def test_decode_names_the_line_of_a_bad_byte() -> None:
    with pytest.raises(ArticleError, match=r"^a\.txt:3: not UTF-8"):
        decode(b"one\ntwo\nthr\xe9e\n", "a.txt")


@pytest.mark.parametrize("front", ["title: [unclosed", "count: !!int abc", "title: !!python/name:os.system",
                                   "x: " + "[" * 3000 + "]" * 3000])
def test_bad_front_matter(cli, front: str) -> None:  # type: ignore[no-untyped-def]
    (cli.root / "articles" / "zz.md").write_text(f"---\n{front}\n---\n\nText.\n")
    result = cli("extract", code=1)
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("l10n: error: articles/zz.md:") and "front matter" in line


def test_no_workspace_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from l10n.cli import main

    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["extract"])
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"l10n: error: {tmp_path}: no workspace: no pyproject.toml with [tool.l10n]")
    assert "-C FOLDER" in line and "README" in line


def test_a_misspelt_table_alone_is_named_from_below(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from l10n.cli import main

    (tmp_path / "pyproject.toml").write_text('[tool.l10m]\nlocales = ["fr"]\n', encoding="utf-8")
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    result = CliRunner().invoke(main, ["status"])
    assert result.exit_code == 2
    assert result.stderr == "l10n: error: ../pyproject.toml: unknown table [tool.l10m]; did you mean [tool.l10n]?\n"


@pytest.mark.parametrize("args", [[], ["models"]])
def test_a_group_given_no_command_shows_its_help(args: list[str]) -> None:
    from click.testing import CliRunner

    from l10n.cli import main

    result = CliRunner().invoke(main, args)
    assert result.stdout.startswith(f"Usage: {' '.join(['l10n', *args])} [OPTIONS] COMMAND [ARGS]...\n")
    assert "Commands:" in result.stdout and result.stderr == ""


def test_markdown_front_matter_text_and_wrapped_paragraphs(cli) -> None:  # type: ignore[no-untyped-def]
    (cli.root / "articles" / "zz-notes.md").write_text(
        "---\ntitle: Grid Notes\ndescription: A short  summary\n  of the notes.\npublished: 2026-01-02\n---\n\n"
        "# Grid Notes\n\nFirst paragraph,\nwrapped over\ntwo lines.\n\n## Details\n\n- an item\n> a quote\n\n```\ncode is not prose\n```\n",
        encoding="utf-8",
    )
    cli("extract")
    catalog = pofile.parse((cli.root / "locales/templates/articles/zz-notes.pot").read_bytes())
    assert [(m.msgid, m.references, m.extracted_comments) for m in catalog.messages] == [
        ("Grid Notes", ["articles/zz-notes.md:2", "articles/zz-notes.md:8"], ["headline"]),
        ("A short summary of the notes.", ["articles/zz-notes.md:3"], ["teaser"]),
        ("First paragraph, wrapped over two lines.", ["articles/zz-notes.md:10"], ["paragraph"]),
        ("Details", ["articles/zz-notes.md:14"], ["subheading"]),
        ("an item", ["articles/zz-notes.md:16"], ["list item"]),
        ("a quote", ["articles/zz-notes.md:17"], ["quote"]),
    ]


def test_a_markdown_heading_other_than_the_title_is_a_subheading_where_it_stands(cli) -> None:  # type: ignore[no-untyped-def]
    (cli.root / "articles" / "zz-two-titles.md").write_text(
        "---\ntitle: The Title in the Front Matter\nlede: What it is about.\n---\n\n"
        "# Another Heading in the Body\n\nThe first paragraph.\n\n# A Third One\n\nThe second paragraph.\n",
        encoding="utf-8")
    cli("extract")
    catalog = pofile.parse((cli.root / "locales/templates/articles/zz-two-titles.pot").read_bytes())
    assert [(m.msgid, m.extracted_comments) for m in catalog.messages] == [
        ("The Title in the Front Matter", ["headline"]), ("What it is about.", ["teaser"]),
        ("Another Heading in the Body", ["subheading"]), ("The first paragraph.", ["paragraph"]),
        ("A Third One", ["subheading"]), ("The second paragraph.", ["paragraph"])]
    (cli.root / "articles" / "zz-no-title.md").write_text("# The Heading\n\nA lede.\n\n# Later\n\nText.\n",
                                                          encoding="utf-8")
    cli("extract")
    catalog = pofile.parse((cli.root / "locales/templates/articles/zz-no-title.pot").read_bytes())
    assert [m.extracted_comments[0] for m in catalog.messages] == ["headline", "teaser", "subheading", "paragraph"]


def test_lines_are_counted_by_newline_only(cli) -> None:  # type: ignore[no-untyped-def]
    (cli.root / "articles" / "zz-cr.txt").write_bytes(b"Head line\r\n\r\nOne para.\r\r\nTwo para.\r\n")
    cli("extract")
    catalog = pofile.parse((cli.root / "locales/templates/articles/zz-cr.pot").read_bytes())
    assert [(m.msgid, m.references) for m in catalog.messages] == [
        ("Head line", ["articles/zz-cr.txt:1"]),
        ("One para.", ["articles/zz-cr.txt:3"]),
        ("Two para.", ["articles/zz-cr.txt:4"]),
    ]


def test_a_later_date_fills_an_empty_one_and_headings_keep_their_hashes() -> None:
    sep, sources = _separator(["Head", "Veröffentlicht am", "Body.", "Veröffentlicht am 1. Mai 2026"])
    assert sep.separate(sources[0]).metadata["date"] == "1. Mai 2026"
    from l10n.articles import parse

    md = parse("# Learning C#\n\n## Closing hashes ##\n", "x", "articles/x.md", "md")
    assert [u.text for u in md.units] == ["Learning C#", "Closing hashes"]


def test_an_article_with_only_chrome_is_a_warning(cli) -> None:  # type: ignore[no-untyped-def]
    (cli.root / "articles" / "zz-chrome-only.txt").write_text(
        "Transparenz: Redaktionell erstellt und geprüft.\nVeröffentlicht am 01.01.2026\n", encoding="utf-8"
    )
    result = cli("extract")
    assert "l10n: warning: articles/zz-chrome-only.txt: no body text" in result.stderr


@pytest.mark.parametrize(("name", "text"), [
    ("zz-stub.txt", "Only A Headline Here\n"),
    ("zz-stub.md", "---\ntitle: Only A Headline Here\ndate: 2026-01-02\n---\n"),
])
def test_an_article_with_only_a_headline_is_a_warning(cli, name: str, text: str) -> None:  # type: ignore[no-untyped-def]
    (cli.root / "articles" / name).write_text(text, encoding="utf-8")
    result = cli("extract")
    assert (f"l10n: warning: articles/{name}: a headline alone, no article text (its one text is taken as the "
            "headline)") in result.stderr
    assert result.stderr.count("no article text") == 1  # (the sample articles have text)


# ---------------------------------------------------------------------------------------
# Separation remembered between runs (l10n.sources.load_articles)


def test_remembered_separation_is_what_separating_everything_again_gives(workspace: Path) -> None:
    """Each step changes which lines recur across articles; after each, the articles as
    loaded with the cache (only changed files read) are exactly those separated afresh."""
    from l10n.sources import load_articles

    config = config_mod.load(workspace)
    folder = workspace / "articles"
    shared = "Jetzt abonnieren und unabhängigen Journalismus unterstützen."  # German: chrome when it recurs
    rhine = folder / "rhine-low-water-shipping.txt"

    def check(step: str) -> None:
        incremental = load_articles(config)
        cache_file = workspace / ".l10n" / "cache" / "articles.ledger"
        saved = cache_file.read_bytes()
        cache_file.unlink()
        fresh = load_articles(config, remember=False)
        cache_file.write_bytes(saved)
        assert incremental.articles == fresh.articles, step
        assert set(incremental.digests) == {a.slug for a in fresh.articles}, step

    check("first run")
    check("nothing changed")
    (folder / "berlin-marathon-record.txt").write_text(
        (folder / "berlin-marathon-record.txt").read_text(encoding="utf-8") + f"\n{shared}\n", encoding="utf-8")
    check("a line in one article only: body")
    rhine.write_text(rhine.read_text(encoding="utf-8") + f"\n{shared}\n", encoding="utf-8")
    check("the same line in a second article: now chrome in both")
    marathon = [a for a in load_articles(config).articles if a.slug == "berlin-marathon-record"][0]
    assert shared in [c.msgid for c in marathon.chrome]
    shutil.copy(rhine, folder / "a-copy-of-the-rhine.txt")
    check("a new article repeating every line of another")
    (folder / "a-copy-of-the-rhine.txt").unlink()
    rhine.write_text(rhine.read_text(encoding="utf-8").replace(shared, "A line of its own."), encoding="utf-8")
    check("removed again: body in the first article once more")
    marathon = [a for a in load_articles(config).articles if a.slug == "berlin-marathon-record"][0]
    assert shared in [b.text for b in marathon.body]


def test_a_damaged_remembered_separation_is_separated_again(workspace: Path) -> None:
    """The cache loses (or garbles) one article's separation: that article is read and
    separated again; the others come from the cache; the result is the same."""
    from l10n import cache
    from l10n.sources import load_articles

    config = config_mod.load(workspace)
    first = load_articles(config)
    cache_file = workspace / ".l10n" / "cache" / "articles.ledger"
    data = cache.ledger_data(cache_file.read_bytes())
    del data["entries"]["article:rhine-low-water-shipping"]
    data["entries"]["article:berlin-marathon-record"] = '"not an article"'
    cache_file.write_bytes(cache.ledger_bytes(data))
    again = load_articles(config)
    assert again.articles == first.articles
    assert again.separated == {"rhine-low-water-shipping", "berlin-marathon-record"}
    assert load_articles(config).separated == frozenset()
    assert load_articles(config).articles == first.articles


# ---------------------------------------------------------------------------------------
# Acceptance defects: body lines that begin as the template's, front matter as written,
# a label under the date line

SITE_BLOCK = ["Transparenz: Redaktionell erstellt und geprüft.", "Veröffentlicht am 03.09.2025",
              "Impressum · Kontakt · Redaktionskodex"]
FOOTER_SENTENCE = "Impressum · Kontakt · Redaktionskodex is the line every German website must carry, a lawyer noted."
DATE_SENTENCE = "Veröffentlicht am Ende der Saison, the city's annual report will show whether attendance suffered."


@pytest.mark.parametrize("line", [FOOTER_SENTENCE, "Impressum · Kontakt: both are required by law in Germany",
                                  "Kontakt · Impressum · Redaktionskodex · All three links every page here carries"])
def test_a_body_line_that_begins_with_the_footer_is_body(line: str) -> None:
    sep, sources = _separator(["Cathedral Story", *SITE_BLOCK, line, "Second paragraph."])
    article = sep.separate(sources[0])
    assert [c.msgid for c in article.chrome] == ["Transparenz: Redaktionell erstellt und geprüft.",
                                                "Veröffentlicht am {date}", "Impressum", "Kontakt", "Redaktionskodex"]
    assert line in [b.text for b in article.body]


@pytest.mark.parametrize(("line", "links"), [
    ("Impressum · Über uns · Erklärung zur Barrierefreiheit", ["Impressum", "Über uns", "Erklärung zur Barrierefreiheit"]),
    ("Datenschutz · Hilfe & Kontakt · © 2026", ["Datenschutz", "Hilfe & Kontakt", "© 2026"]),
])
def test_a_footer_of_short_labels_the_configuration_does_not_name_is_still_the_footer(line: str,
                                                                                      links: list[str]) -> None:
    sep, sources = _separator(["Head", line])
    assert [(c.msgid, c.role) for c in sep.separate(sources[0]).chrome] == [(link, "footer link") for link in links]


def test_a_body_line_that_begins_with_the_date_pattern_but_is_prose_is_body() -> None:
    markdown_sentence = "Veröffentlicht am Montag hieß es noch, man rechne mit drei Geboten."
    sep, sources = _separator(["Beer Story", *SITE_BLOCK, DATE_SENTENCE, markdown_sentence])
    article = sep.separate(sources[0])
    assert [c.msgid for c in article.chrome].count("Veröffentlicht am {date}") == 1
    assert article.metadata["date"] == "03.09.2025"
    assert [b.text for b in article.body] == ["Beer Story", DATE_SENTENCE, markdown_sentence]


@pytest.mark.parametrize(("line", "date"), [
    ("Veröffentlicht am demnächst", "demnächst"), ("Veröffentlicht am next Tuesday", "next Tuesday"),
    ("Veröffentlicht am Montag, 12. März", "Montag, 12. März"),  # no year: unreadable, but a date's shape
    ("Veröffentlicht am Donnerstag, 12. März 2026, 14:30 Uhr", "Donnerstag, 12. März 2026, 14:30 Uhr"),
    ("Veröffentlicht am Thursday, March 12, 2026 at 2:30 p.m.", "Thursday, March 12, 2026 at 2:30 p.m."),
    ("Veröffentlicht am 31.02.2026", "31.02.2026"),
    ("Veröffentlicht am Freitag, den 14. November um 10 Uhr.", "Freitag, den 14. November um 10 Uhr."),
    ("Veröffentlicht am 12. März 2026, zuletzt aktualisiert am 13. März", "12. März 2026, zuletzt aktualisiert am 13. März"),
])
def test_a_date_line_whose_date_is_short_or_readable_stays_chrome(line: str, date: str) -> None:
    sep, sources = _separator(["Head", line, "The teaser, in a few more words."])
    article = sep.separate(sources[0])
    assert [c.msgid for c in article.chrome] == ["Veröffentlicht am {date}"]
    assert article.metadata["date"] == date


@pytest.mark.parametrize(("value", "prose"), [
    ("Ende der Saison, the city's annual report will show whether attendance suffered.", True),
    ("Montag hieß es noch, man rechne mit drei Geboten.", True), ("demnächst", False), ("next Tuesday", False),
    ("Montag, 12. März", False), ("12.03.2026, 14:30 Uhr", False), ("", False),
    ("1. Mai, the last report went largely unnoticed.", True), ("3. März, the report said.", True),
    ("1. Mai, the last report went largely unnoticed", True), ("Freitag, den 14. November um 10 Uhr.", False),
    ("12. März 2026, aktualisiert am 13. März um 10 Uhr.", False), ("12. März 2026, zuletzt aktualisiert am 13. März.", False),
    ("12.03.2026, zuletzt geändert am 13.03.2026 von der Redaktion", False),
    ("March 12, 2026, updated March 13 at 10 a.m.", False),
    ("1. Mai, the police said 3 men were arrested.", True),
    ("1. Mai, und die Polizei sagte, 3 Männer seien festgenommen worden.", True),
])
def test_what_reads_as_prose_in_a_date_line(value: str, prose: bool) -> None:
    from l10n.separate import reads_as_prose

    assert reads_as_prose(value) is prose


def test_an_unreadable_short_date_stays_chrome_with_a_warning_and_prose_after_the_pattern_is_body(cli) -> None:  # type: ignore[no-untyped-def]
    lines = ["Beer Story", "", *SITE_BLOCK[:1], "Veröffentlicht am demnächst", SITE_BLOCK[2], "", DATE_SENTENCE]
    (cli.root / "articles" / "zz-beer.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cli("extract")
    assert "l10n: warning: articles/zz-beer.txt: publication date 'demnächst' is not a date l10n can read" \
        in result.stderr
    catalog = pofile.parse((cli.root / "locales/templates/articles/zz-beer.pot").read_bytes())
    assert [(m.msgid, m.extracted_comments) for m in catalog.messages] == [
        ("Beer Story", ["headline"]), (DATE_SENTENCE, ["teaser"])]
    chrome = pofile.parse((cli.root / "locales/templates/chrome.pot").read_bytes())
    assert [m.msgid for m in chrome.messages] == ["Transparenz: Redaktionell erstellt und geprüft.",
                                                 "Veröffentlicht am {date}", "Impressum", "Kontakt",
                                                 "Redaktionskodex", "Datenschutz"]


def test_a_body_line_that_begins_with_the_footer_stays_out_of_the_chrome_template(cli) -> None:  # type: ignore[no-untyped-def]
    lines = ["Cathedral Story", "", *SITE_BLOCK, "", FOOTER_SENTENCE, "", "Second paragraph."]
    (cli.root / "articles" / "zz-cathedral.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    cli("extract")
    chrome = pofile.parse((cli.root / "locales/templates/chrome.pot").read_bytes())
    assert [(m.msgid, m.extracted_comments) for m in chrome.messages][2:] == [
        ("Impressum", ["footer link"]), ("Kontakt", ["footer link"]), ("Redaktionskodex", ["footer link"]),
        ("Datenschutz", ["footer link"])]
    catalog = pofile.parse((cli.root / "locales/templates/articles/zz-cathedral.pot").read_bytes())
    assert [m.msgid for m in catalog.messages] == ["Cathedral Story", FOOTER_SENTENCE, "Second paragraph."]


def test_a_markdown_articles_date_is_its_front_matters_and_prose_after_the_pattern_is_body(cli) -> None:  # type: ignore[no-untyped-def]
    sentence = "Veröffentlicht am Montag hieß es noch, man rechne mit drei Geboten."
    (cli.root / "articles" / "zz-wind.md").write_text(
        f"---\ntitle: Wind Auction\ndate: 2026-08-14\n---\n\nFirst paragraph.\n\n{sentence}\n", encoding="utf-8")
    result = cli("extract")
    assert "zz-wind" not in result.stderr
    template = (cli.root / "locales/templates/articles/zz-wind.pot").read_bytes()
    assert b'"X-Article-Date: 2026-08-14\\n"' in template
    assert [m.msgid for m in pofile.parse(template).messages] == ["Wind Auction", "First paragraph.", sentence]
    # a date line that is the template's, in the body, does not date the article either
    (cli.root / "articles" / "zz-wind.md").write_text(
        "---\ntitle: Wind Auction\npublished: 2026-08-14\n---\n\nVeröffentlicht am 01.01.2020\n\nFirst paragraph.\n",
        encoding="utf-8")
    cli("extract")
    assert b'"X-Article-Date: 2026-08-14\\n"' in (cli.root / "locales/templates/articles/zz-wind.pot").read_bytes()


def test_front_matter_text_fields_are_the_text_as_written() -> None:
    import datetime as dt

    from l10n.articles import parse

    source = parse("---\ntitle: 1989\nsubtitle: 3.50\ndescription: 2026-11-09\nteaser: No\nsummary: ~\nlede: true\n"
                   "date: 2026-11-09\ncount: 7\n---\n\nThe wall fell 37 years ago today.\n", "x", "articles/x.md", "md")
    assert [(u.text, u.kind) for u in source.units] == [
        ("1989", "title"), ("3.50", "summary"), ("2026-11-09", "summary"), ("No", "summary"), ("true", "summary"),
        ("The wall fell 37 years ago today.", "paragraph")]
    # the other keys keep what YAML makes of them
    assert source.front_matter["date"] == dt.date(2026, 11, 9) and source.front_matter["count"] == 7
    assert source.problems == ()


def test_a_number_or_boolean_title_and_teaser_are_the_headline_and_the_teaser(cli) -> None:  # type: ignore[no-untyped-def]
    (cli.root / "articles" / "zz-wall.md").write_text(
        "---\ntitle: 1989\nteaser: No\ndate: 2026-11-09\n---\n\nThe wall fell 37 years ago today.\n", encoding="utf-8")
    cli("extract")
    template = (cli.root / "locales/templates/articles/zz-wall.pot").read_bytes()
    assert [(m.msgid, m.extracted_comments) for m in pofile.parse(template).messages] == [
        ("1989", ["headline"]), ("No", ["teaser"]), ("The wall fell 37 years ago today.", ["paragraph"])]
    assert b'"X-Article-Date: 2026-11-09\\n"' in template


@pytest.mark.parametrize(("value", "shape"), [("[2026-03-12]", "a list"), ("{day: 12}", "a mapping"),
                                              ("yes", "yes or no")])
def test_a_front_matter_date_that_is_no_date_is_a_warning(cli, value: str, shape: str) -> None:  # type: ignore[no-untyped-def]
    """(Before: no date and not a word about it, where every other unreadable date warns.)"""
    (cli.root / "articles" / "zz-dated.md").write_text(f"---\ntitle: Dated\ndate: {value}\n---\n\nA paragraph.\n",
                                                       encoding="utf-8")
    warnings = [line for line in cli("extract").stderr.splitlines() if "zz-dated" in line]
    assert warnings == [f"l10n: warning: articles/zz-dated.md: front matter 'date' is {shape}, not a date; the article "
                        "shows no date line (write it as 2026-03-12)"]
    assert b"X-Article-Date" not in (cli.root / "locales/templates/articles/zz-dated.pot").read_bytes()


def test_a_front_matter_text_field_that_is_a_list_or_mapping_is_one_warning_each_run(cli) -> None:  # type: ignore[no-untyped-def]
    (cli.root / "articles" / "zz-listed.md").write_text(
        "---\ntitle: [One, Two]\nteaser:\n  text: A lede\n---\n\nThe only paragraph of it.\n", encoding="utf-8")
    for _ in range(2):  # the second run reads the separation remembered: the warnings stay
        result = cli("extract")
        warnings = [line for line in result.stderr.splitlines() if "zz-listed" in line]
        assert warnings == [
            "l10n: warning: articles/zz-listed.md: front matter 'title' (line 2) is a list, not text; it is left out "
            "(write it as one line of text)",
            "l10n: warning: articles/zz-listed.md: front matter 'teaser' (line 3) is a mapping, not text; it is left "
            "out (write it as one line of text)",
            # (its title left out, its one paragraph is the headline)
            "l10n: warning: articles/zz-listed.md: a headline alone, no article text (its one text is taken as the "
            "headline)"]
    catalog = pofile.parse((cli.root / "locales/templates/articles/zz-listed.pot").read_bytes())
    assert [m.msgid for m in catalog.messages] == ["The only paragraph of it."]


def test_a_one_off_label_under_the_date_line_is_no_teaser() -> None:
    """The page dump of an acceptance tester: "Video" under the date line appears in this
    article only (body), but the lede (repeated, as page dumps do) is the teaser."""
    lede = "Only 58.3% of Deutsche Bahn long-distance trains arrived on time last year, the company said on Wednesday."
    headline = "Deutsche Bahn Punctuality Falls to a New Low"
    sep, sources = _separator([
        headline, "Transparenz: Redaktionell erstellt und geprüft.", "Veröffentlicht am Donnerstag, 12.03.2026, 14:30 Uhr",
        "Video", "Impressum · Kontakt · Redaktionskodex · Datenschutz", lede, lede, lede, headline,
        "Chancellor Olaf Scholz called the figures unacceptable.", "Why Trains Are Late",
        "Passengers can claim 25% of the fare back after a delay of 60 minutes."])
    roles = {b.text: b.role for b in sep.separate(sources[0]).body}
    assert roles[lede] == "teaser" and roles["Video"] != "teaser"
    assert [text for text, role in roles.items() if role == "teaser"] == [lede]
    # with nothing but labels after the site's block, the first is still the teaser
    sep, sources = _separator(["Headline", "Veröffentlicht am 01.02.2026", "Video", "Live"])
    assert [b.role for b in sep.separate(sources[0]).body] == ["headline", "teaser", "subheading"]


def test_a_one_off_label_before_the_first_paragraph_of_markdown_is_no_teaser() -> None:
    from l10n.articles import parse
    from l10n.separate import assign_roles

    source = parse("# The Headline\n\nVideo\n\nThe real lede, in a few words.\n\nA paragraph.\n", "x", "x.md", "md")
    roles = [b.role for b in assign_roles([(u, False) for u in source.units], "md")]
    assert roles == ["headline", "paragraph", "teaser", "paragraph"]


@pytest.mark.parametrize(("text", "label"), [
    ("Video", True), ("Über uns", True), ("Q&A", True), ("Hilfe & Kontakt", True), ("Yes.", False),
    ("Lesezeit: 4 Min.", False), ("Why Now?", False), ("Four words are here", False),
])
def test_what_reads_as_a_label(text: str, label: bool) -> None:
    from l10n.separate import is_label

    assert is_label(text, 3) is label


def test_an_article_with_two_date_lines_takes_the_first_and_says_so(cli) -> None:  # type: ignore[no-untyped-def]
    (cli.root / "articles" / "zz-two-dates.txt").write_text(
        "Two Dates Headline\n\nTransparenz: Redaktionell erstellt und geprüft.\nVeröffentlicht am 14.05.2026\n"
        "The lede of the article.\n\nA paragraph.\n\nVeröffentlicht am 15.05.2026\n", encoding="utf-8")
    for _ in range(2):  # (the second run reads the separation remembered)
        result = cli("extract")
        warnings = [line for line in result.stderr.splitlines() if "zz-two-dates" in line]
        assert warnings == ["l10n: warning: articles/zz-two-dates.txt: two publication dates, '14.05.2026' (line 4) "
                            "and '15.05.2026' (line 9); the first is the article's"], result.stderr
    catalog = pofile.parse((cli.root / "locales/templates/articles/zz-two-dates.pot").read_bytes())
    assert catalog.header("X-Article-Date") == "2026-05-14"


def test_a_footer_with_a_copyright_line_or_a_final_stop_is_still_the_footer() -> None:
    sep, sources = _separator(["Headline", "Veröffentlicht am 01.02.2026", "The lede of it, long enough.",
                               "Impressum · Kontakt · © 2026 Beispiel Verlag GmbH",
                               "Impressum · Kontakt · AGB.",
                               "Impressum · Kontakt · Redaktionskodex · Hinweise zum Datenschutz und zu Cookies"])
    article = sep.separate(sources[0])
    assert [b.text for b in article.body] == ["Headline", "The lede of it, long enough."]
    assert "Hinweise zum Datenschutz und zu Cookies" in [c.msgid for c in article.chrome]
    assert [c.msgid for c in article.chrome if c.role == "footer link"] == [
        "Impressum", "Kontakt", "© 2026 Beispiel Verlag GmbH", "Impressum", "Kontakt", "AGB",
        "Impressum", "Kontakt", "Redaktionskodex", "Hinweise zum Datenschutz und zu Cookies"]


def test_the_same_day_written_twice_or_a_front_matter_date_is_no_two_dates_warning() -> None:
    sep, sources = _separator(["Headline", "Veröffentlicht am 03.09.2025", "The lede.",
                               "Veröffentlicht am 3. September 2025"])
    assert sep.separate(sources[0]).problems == ()
    dated = Source("md", "articles/md.md", "md", (Unit(1, "Title", "title"), Unit(5, "Veröffentlicht am 01.02.2026"),
                                                  Unit(6, "Veröffentlicht am 02.02.2026")),
                   {"date": "2026-01-15"})
    article = sep.separate(dated)
    assert article.problems == () and article.metadata["date"] == "2026-01-15"


def test_a_short_teaser_the_page_repeats_is_the_teaser() -> None:
    sep, sources = _separator(["Headline", "Veröffentlicht am 01.02.2026", "Record falls again", "Record falls again",
                               "The record fell for the third year running, the agency said."])
    roles = {b.text: b.role for b in sep.separate(sources[0]).body}
    assert roles["Record falls again"] == "teaser"


@pytest.mark.parametrize("before", ["Stand: 26.06.2026, 14:30 Uhr", "Foto: picture alliance / dpa | Kay Nietfeld",
                                    "„Wir schaffen das“ – Angela Merkel", "Video"])
def test_a_one_off_line_or_a_repeated_label_before_the_repeated_lede_is_no_teaser(before: str) -> None:
    lede = "The river rose two metres overnight, and the city closed its old town."
    sep, sources = _separator(["Flood Warning for Passau", "Veröffentlicht am 26.06.2026", before, lede, lede,
                               "Video", "Residents were told to move their cars.", lede])
    roles = {b.text: b.role for b in sep.separate(sources[0]).body}
    assert roles[lede] == "teaser" and roles[before] != "teaser"


def test_an_article_s_headline_another_article_links_to_is_no_chrome(cli) -> None:  # type: ignore[no-untyped-def]
    """A "Mehr zum Thema" list names other articles by their headlines: a short headline
    then recurs, even where a template's lines stand (an article's last line), and the
    language guesser is unsure of names. It stays its article's headline."""
    block = "Transparenz: Redaktionell erstellt und geprüft.\nVeröffentlicht am 16.05.2026\nImpressum · Kontakt · Redaktionskodex\n"
    articles = cli.root / "articles"
    (articles / "zz-kane.txt").write_text(
        "Bayern Edge Dortmund\n\n" + block + "\nHarry Kane scored twice, and Bayern won the title race.\n\n"
        "Bayern Edge Dortmund\n\nThe England captain struck twice in the 2-1 win.\n", encoding="utf-8")
    (articles / "zz-rhine.txt").write_text(
        "Rhine Runs Dry Again\n\n" + block + "\nWater levels at Kaub have fallen below 80 centimetres.\n\n"
        "Mehr zum Thema\nBayern Edge Dortmund\n", encoding="utf-8")
    cli("extract")
    chrome = pofile.parse((cli.root / "locales/templates/chrome.pot").read_bytes())
    assert "Bayern Edge Dortmund" not in [m.msgid for m in chrome.messages]
    kane = pofile.parse((cli.root / "locales/templates/articles/zz-kane.pot").read_bytes())
    headline = kane.get("Bayern Edge Dortmund")
    assert headline is not None and "headline" in headline.extracted_comments[0]


@pytest.mark.parametrize("texts", [
    ["The river rose two metres overnight, the city said.", "Foto: dpa", "Residents were told to move their cars.",
     "Foto: dpa", "The water fell by noon."],
    ["The river rose two metres overnight, the city said.", "Residents were told to move their cars.",
     "The water fell by noon.", "“We are ready,” the mayor said to the reporters.", "More rain is due.",
     "“We are ready,” the mayor said to the reporters."],
])
def test_a_text_the_page_repeats_further_down_does_not_take_the_teaser_from_the_first(texts: list[str]) -> None:
    sep, sources = _separator(["Flood Warning for Passau", "Veröffentlicht am 26.06.2026", *texts])
    roles = {b.text: b.role for b in sep.separate(sources[0]).body}
    assert roles[texts[0]] == "teaser"


def test_a_markdown_paragraph_repeated_later_is_no_teaser() -> None:
    from l10n.separate import assign_roles

    units = [Unit(1, "Title", "title"), *(Unit(n, text, "paragraph") for n, text in [
        (3, "The lede of the story."), (5, "A body paragraph."), (7, "Stay tuned for updates."), (9, "Another one."),
        (11, "Stay tuned for updates.")])]
    roles = {b.text: b.role for b in assign_roles([(u, False) for u in units], "md")}
    assert roles["The lede of the story."] == "teaser" and roles["Stay tuned for updates."] == "paragraph"


def test_a_german_sentence_after_the_footer_links_is_no_footer_link() -> None:
    sep, sources = _separator(["Headline", "The lede of it, long enough.",
                               "Impressum · Kontakt ist Pflicht auf jeder Seite."])
    assert [b.text for b in sep.separate(sources[0]).body][-1] == "Impressum · Kontakt ist Pflicht auf jeder Seite."


def test_an_empty_front_matter_date_leaves_the_two_dates_warning() -> None:
    sep, _ = _separator(["Headline"])
    dated = Source("md", "articles/md.md", "md", (Unit(1, "Title", "title"), Unit(5, "Veröffentlicht am 01.02.2026"),
                                                  Unit(6, "Veröffentlicht am 02.02.2026")), {"date": None})
    assert len(sep.separate(dated).problems) == 1


def test_markdown_setext_headings_are_headings() -> None:
    from l10n.articles import _parse_markdown

    source = _parse_markdown("---\ntitle: Electric Car Sales Stall\n---\n\nElectric Car Sales Stall\n"
                             "========================\n\nThe lede.\n\nWhy Buyers Hesitate\n-------------------\n\n"
                             "Body text.\n\n---\n\nAfter a rule.\n", "x", "articles/x.md", "articles/x.md")
    assert [(u.line, u.text, u.kind) for u in source.units] == [
        (2, "Electric Car Sales Stall", "title"), (5, "Electric Car Sales Stall", "heading1"),
        (8, "The lede.", "paragraph"), (10, "Why Buyers Hesitate", "heading"), (13, "Body text.", "paragraph"),
        (17, "After a rule.", "paragraph")]


def test_a_masthead_that_heads_every_page_and_recurs_is_chrome_not_a_headline() -> None:
    """A line that heads two articles or more (and the page repeats) is the site's."""
    block = ["Transparenz: Redaktionell erstellt und geprüft.", "Veröffentlicht am 16.05.2026",
             "Impressum · Kontakt · Redaktionskodex"]
    sep, sources = _separator(
        ["Stadtanzeiger", "Bayern Edge Dortmund", *block, "Harry Kane scored twice, and Bayern won.",
         "Bayern Edge Dortmund", "Stadtanzeiger"],
        ["Stadtanzeiger", "Rhine Runs Dry Again", *block, "Water levels at Kaub have fallen below 80 centimetres.",
         "Stadtanzeiger"],
        ["Stadtanzeiger", "Libraries Stay Open Late", *block, "Students welcomed the change, the city said.",
         "Stadtanzeiger"])
    article = sep.separate(sources[0])
    assert "Stadtanzeiger" in [c.msgid for c in article.chrome]
    assert [b.role for b in article.body if b.text == "Bayern Edge Dortmund"][0] == "headline"


def test_a_pattern_variable_or_front_matter_key_that_holds_dates_under_another_name_is_named_once(cli) -> None:  # type: ignore[no-untyped-def]
    # `Veröffentlicht am {datum}` is a valid pattern, but l10n reads the date from {date}:
    # without a word, every edition would be silently undated.
    config = cli.root / "pyproject.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("{date}", "{datum}"), encoding="utf-8")
    (cli.root / "articles" / "zz-astro.md").write_text(
        "---\ntitle: Astro Page\npubDate: 2026-08-14\nupdated: 2026-08-15\n---\n\nFirst paragraph.\n",
        encoding="utf-8")
    result = cli("extract", "--json")
    warnings = json.loads(result.stdout)["warnings"]
    datum = [w for w in warnings if "{datum}" in w]
    assert len(datum) == 1, warnings
    assert re.fullmatch(r"the chrome pattern's \{datum\} holds dates \(articles/[\w-]+\.txt: '[\d.]+', and \d+ more\), "
                        r"but l10n reads an article's publication date from \{date\} or \{published\}: rename it in "
                        r"\[tool\.l10n\.chrome\] patterns; until then these articles show no date", datum[0])
    assert [w for w in warnings if "pubDate" in w] == [
        "front matter key 'pubDate' holds dates (articles/zz-astro.md: '2026-08-14'), but l10n reads an article's "
        "publication date from 'date' or 'published': rename the key; until then these articles show no date"]
    assert not [w for w in warnings if "updated" in w]  # (an update's date is no publication date)
    # named as l10n reads it, no word
    config.write_text(config.read_text(encoding="utf-8").replace("{datum}", "{date}"), encoding="utf-8")
    (cli.root / "articles" / "zz-astro.md").write_text(
        "---\ntitle: Astro Page\ndate: 2026-08-14\nupdated: 2026-08-15\n---\n\nFirst paragraph.\n", encoding="utf-8")
    assert not [w for w in json.loads(cli("extract", "--json").stdout)["warnings"] if "holds dates" in w]


def test_a_template_that_may_not_be_written_or_removed_is_named_and_the_others_are_written(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Permissions on one template (staging its write, replacing it, removing it when its
    article is gone): that template is named, the others are written, and the next run,
    allowed, writes it (before, the batch's error stopped extract with nothing reported)."""
    import errno

    from l10n import fsio

    cli("extract")
    articles, templates = cli.root / "articles", cli.root / "locales/templates/articles"
    for path in articles.glob("*.txt"):
        path.write_text(path.read_text(encoding="utf-8") + "\nOne more paragraph.\n", encoding="utf-8")
    (articles / "bundestag-budget-vote.txt").unlink()
    create, replace, unlink = fsio._create_temporary, os.replace, Path.unlink

    def refusing_create(folder: str, name: str):  # type: ignore[no-untyped-def]
        if name.startswith("berlin"):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), folder)
        return create(folder, name)

    def refusing_replace(src, dst):  # type: ignore[no-untyped-def]
        if str(dst).endswith("rhine-low-water-shipping.pot"):
            raise PermissionError(errno.EPERM, os.strerror(errno.EPERM), str(dst))
        return replace(src, dst)

    def refusing_unlink(path: Path, missing_ok: bool = False) -> None:
        if path.name == "bundestag-budget-vote.pot":
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        unlink(path, missing_ok)

    monkeypatch.setattr(fsio, "_create_temporary", refusing_create)
    monkeypatch.setattr(fsio.os, "replace", refusing_replace)
    monkeypatch.setattr(Path, "unlink", refusing_unlink)
    text = cli("extract", code=1)
    assert "5 articles read, 3 templates written, 1 unchanged, 3 templates that may not be written (named below)" \
        in text.stdout, text.stdout
    assert "l10n: error: locales/templates/articles/berlin-marathon-record.pot: cannot write" in text.stderr
    report = json.loads(cli("extract", "--json", code=1).stdout)
    assert sorted(report["refused"]) == sorted(e.split(":")[0] for e in report["errors"])
    assert sorted(e.split(":")[0] for e in report["errors"]) == [
        "locales/templates/articles/berlin-marathon-record.pot",
        "locales/templates/articles/bundestag-budget-vote.pot",
        "locales/templates/articles/rhine-low-water-shipping.pot"], report["errors"]
    assert all("Permission denied" in e or "Operation not permitted" in e for e in report["errors"])
    assert "wrote locales/templates/articles/eu-ai-act-enforcement.pot" in text.stdout
    assert "berlin" not in text.stdout and "rhine" not in text.stdout
    assert report["written"] == []  # (the others were written by the first run; these two still may not be)
    assert report["removed"] == []
    assert "One more paragraph." in (templates / "eu-ai-act-enforcement.pot").read_text(encoding="utf-8")
    for refused in ("berlin-marathon-record", "rhine-low-water-shipping"):
        assert "One more paragraph." not in (templates / f"{refused}.pot").read_text(encoding="utf-8")
    assert not [p for p in templates.iterdir() if p.name.endswith(".tmp")]
    monkeypatch.setattr(fsio, "_create_temporary", create)
    monkeypatch.setattr(fsio.os, "replace", replace)
    monkeypatch.setattr(Path, "unlink", unlink)
    report = json.loads(cli("extract", "--json").stdout)  # allowed now: what was refused is done
    assert sorted(report["written"]) == ["locales/templates/articles/berlin-marathon-record.pot",
                                         "locales/templates/articles/rhine-low-water-shipping.pot"]
    assert report["removed"] == ["locales/templates/articles/bundestag-budget-vote.pot"]
