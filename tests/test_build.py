"""l10n build: golden editions, hostile text, dates, the publish policy, incremental builds."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from build_fixtures import BUILT, sample_workspace, set_entry, translated_workspace
from conftest import DATA, CliCall
from l10n import config as config_mod
from l10n import inline
from l10n.build import pages
from l10n.build import run as build_run
from l10n.build.edition import Catalogs, Entry, Site, Source, fill, render
from l10n.build.records import Policy
from l10n.catalogs.model import Message
from l10n.errors import InputError
from l10n.separate import Article, BodyText, ChromeText
from l10n.catalogs import pofile
from l10n.states import FLAG, ORIGIN, origin_value, set_marker

GOLDEN = DATA / "golden" / "build"
UPDATE_GOLDEN = os.environ.get("L10N_UPDATE_GOLDEN") == "1"
LOCALES = ("de", "en", "fr", "es")
SLUGS = sorted(p.stem for p in (DATA / "workspace" / "articles").iterdir())
EDITIONS = [(loc, slug) for loc in LOCALES for slug in SLUGS]


# ---------------------------------------------------------------------------------------
# Golden editions: the sample articles with the shipped chrome and the test translations


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = translated_workspace(tmp_path_factory.mktemp("golden") / "ws")
    result = build_run.run(config_mod.load(root), now=BUILT)
    assert not result.errors, result.errors
    return root


def _check_golden(name: str, data: str) -> None:
    golden = GOLDEN / name
    if UPDATE_GOLDEN:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(data, encoding="utf-8")
    assert golden.is_file(), f"no golden file {golden}; run with L10N_UPDATE_GOLDEN=1 and review it"
    assert data == golden.read_text(encoding="utf-8"), f"{name} differs from its golden file"


@pytest.mark.parametrize(("locale", "slug"), EDITIONS, ids=[f"{loc}/{slug}" for loc, slug in EDITIONS])
def test_edition_matches_golden(built: Path, locale: str, slug: str) -> None:
    for suffix in ("html", "md"):
        name = f"{locale}/{slug}.{suffix}"
        _check_golden(name, (built / "build" / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", [f"{loc}/index.html" for loc in LOCALES] + ["index.html"])
def test_index_and_status_page_match_golden(built: Path, name: str) -> None:
    _check_golden(name, (built / "build" / name).read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------------
# What an edition shows


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text outside <style>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if not self._in_style:
            self.text.append(data)


def parse_html(path: Path) -> _Tags:
    parser = _Tags()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def body_text(path: Path) -> str:
    """The page's text, runs of ASCII whitespace as one space (a no-break space is kept)."""
    return re.sub(r"[ \t\r\n]+", " ", " ".join(parse_html(path).text)).strip()


def test_english_edition_has_english_chrome_and_the_body_as_written(built: Path) -> None:
    page = built / "build" / "en" / "eu-ai-act-enforcement.html"
    text = body_text(page)
    assert "Transparency: Produced and reviewed by our editorial team." in text
    assert "Published on March 12, 2026" in text
    assert "Legal notice" in text and "Editorial guidelines" in text
    assert "Transparenz" not in text and "Veröffentlicht" not in text and "Impressum" not in text
    assert "EU's AI Act Gets Teeth" in text
    tags = parse_html(page).tags
    assert ("html", {"lang": "en"}) in tags
    assert not any("lang" in attrs for tag, attrs in tags if tag in ("p", "h1", "h2")), "nothing falls back in en"


def test_german_edition_keeps_the_chrome_as_written_and_translates_the_body(built: Path) -> None:
    text = body_text(built / "build" / "de" / "eu-ai-act-enforcement.html")
    assert "Transparenz: Redaktionell erstellt und geprüft." in text
    assert "Veröffentlicht am 12. März 2026" in text
    assert "Der AI Act der EU bekommt Zähne" in text and "Wer kontrolliert die Maschinen?" in text


def test_a_fallback_passage_carries_its_language_and_a_class(built: Path) -> None:
    tags = parse_html(built / "build" / "fr" / "eu-ai-act-enforcement.html").tags
    fallbacks = [attrs for _, attrs in tags if "fallback" in (attrs.get("class") or "").split()]
    assert fallbacks and all(attrs.get("lang") == "en" for attrs in fallbacks)
    md = (built / "build" / "fr" / "eu-ai-act-enforcement.md").read_text(encoding="utf-8")
    assert "Who Checks the Machines? [^en]" in md  # a machine draft is not published by default
    assert "[^en]: Pas encore traduit" in md and "(anglais)" in md


def test_an_edition_is_the_article_once_in_reading_order(built: Path) -> None:
    md = (built / "build" / "en" / "kim-jong-un-china-parade.md").read_text(encoding="utf-8")
    headline = "Kim Jong Un's Bold Return: Heading to China for Historic Parade\\!"
    teaser = "North Korean leader Kim Jong Un will visit China"
    assert md.count(headline) == 1 and md.count(teaser) == 1
    order = [md.index(headline), md.index("Transparency:"), md.index(teaser), md.index("## The Significance of the Visit"),
             md.index("Legal notice")]
    assert order == sorted(order)


def alternates(page: Path, own: bool = False) -> dict[str, str]:
    """A page's ``<link rel="alternate">`` addresses by ``hreflang``: the other
    locales', or with ``own`` its own too."""
    tags = parse_html(page).tags
    lang = next(a["lang"] for t, a in tags if t == "html")
    return {a["hreflang"]: a["href"] for t, a in tags
            if t == "link" and a.get("rel") == "alternate" and (own or a["hreflang"] != lang)}


def test_alternates_and_indexes(built: Path) -> None:
    assert alternates(built / "build" / "fr" / "bundestag-budget-vote.html") == {"de": "../de/bundestag-budget-vote.html", "en": "../en/bundestag-budget-vote.html",
                          "es": "../es/bundestag-budget-vote.html"}
    # a set of hreflang links names the page itself too (search engines ask for it)
    assert alternates(built / "build" / "fr" / "bundestag-budget-vote.html", own=True)["fr"] == "../fr/bundestag-budget-vote.html"
    assert alternates(built / "build" / "de" / "index.html", own=True) == {
        loc: f"../{loc}/index.html" for loc in LOCALES}
    index = (built / "build" / "de" / "index.html").read_text(encoding="utf-8")
    positions = [index.index(f'href="{slug}.html"') for slug in
                 ("bundestag-budget-vote", "solar-power-milestone", "eu-ai-act-enforcement", "rhine-low-water-shipping")]
    assert positions == sorted(positions), "newest first"
    assert index.index("berlin-marathon-record.html") > positions[-1], "undated last"


# ---------------------------------------------------------------------------------------
# Dates


@pytest.mark.parametrize(("locale", "line"), [
    ("de", "Veröffentlicht am 27. November 2026"),
    ("en", "Published on November 27, 2026"),
    ("fr", "Publié le 27 novembre 2026"),
    ("es", "Publicado el 27 de noviembre de 2026"),
])
def test_the_date_is_formatted_for_the_locale(built: Path, locale: str, line: str) -> None:
    page = built / "build" / locale / "bundestag-budget-vote.html"
    assert line in body_text(page)
    assert '<time datetime="2026-11-27">' in page.read_text(encoding="utf-8")
    assert line in (built / "build" / locale / "bundestag-budget-vote.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(("day", "locale", "expected"), [
    (1, "fr", "1er octobre 2025"), (1, "fr_CA", "1er octobre 2025"), (11, "fr", "11 octobre 2025"),
    (21, "fr", "21 octobre 2025"), (1, "en", "October 1, 2025"), (1, "de", "1. Oktober 2025"),
    (1, "es", "1 de octubre de 2025"),
])
def test_french_writes_the_first_of_a_month_as_an_ordinal(day: int, locale: str, expected: str) -> None:
    from l10n.dates import format_date

    assert format_date(dt.date(2025, 10, day), locale) == expected


@pytest.mark.parametrize("locale", LOCALES)
def test_front_matter_dates_show_in_the_site_s_date_line(built: Path, locale: str) -> None:
    expected = {"de": "Veröffentlicht am 21. Juni 2026", "en": "Published on June 21, 2026",
                "fr": "Publié le 21 juin 2026", "es": "Publicado el 21 de junio de 2026"}[locale]
    assert expected in body_text(built / "build" / locale / "solar-power-milestone.html")


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("slug", ["berlin-marathon-record", "kim-jong-un-china-parade"])
def test_an_undated_article_shows_no_date_line(built: Path, locale: str, slug: str) -> None:
    for suffix in ("html", "md"):
        page = (built / "build" / locale / f"{slug}.{suffix}").read_text(encoding="utf-8")
        for word in ("Veröffentlicht", "Published", "Publié", "Publicado", "<time", "dateline"):
            assert word not in page, (locale, slug, suffix, word)


def test_a_date_that_cannot_be_read_is_a_warning_naming_the_article(cli: CliCall) -> None:
    path = cli.root / "articles" / "rhine-low-water-shipping.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("04.08.2025", "next Tuesday"), encoding="utf-8")
    result = cli("build", "--no-mt")
    assert re.search(r"warning: articles/rhine-low-water-shipping\.txt: publication date 'next Tuesday'", result.stderr)
    page = (cli.root / "build" / "de" / "rhine-low-water-shipping.html").read_text(encoding="utf-8")
    assert "Veröffentlicht" not in page and "Tuesday" not in page


def test_a_page_date_with_a_weekday_and_a_time_is_read_as_its_date(cli: CliCall) -> None:
    path = cli.root / "articles" / "rhine-low-water-shipping.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("04.08.2025", "Montag, 04.08.2025, 14:30 Uhr"),
                    encoding="utf-8")
    result = cli("build", "--no-mt")
    assert "publication date" not in result.stderr
    for locale in ("de", "en", "fr", "es"):  # (the chrome is not translated here: the German line, its date)
        page = (cli.root / "build" / locale / "rhine-low-water-shipping.html").read_text(encoding="utf-8")
        assert '>Veröffentlicht am <time datetime="2025-08-04">4. August 2025</time></p>' in page, locale
        assert "14:30" not in page and "Montag" not in page


@pytest.mark.parametrize(("published", "shown", "why"), [
    ("2026-02-30", "2026-02-30", "is no day of the calendar"), ("2026-13-01", "2026-13-01", "is no day of the calendar"),
    ("31.02.2026", "31.02.2026", "is no day of the calendar"),
    ("!!timestamp 2026-3-x", "2026-3-x", r"is not a date l10n can read \(like 12\.03\.2026 or 2026-03-12\)")])
def test_a_front_matter_date_that_is_no_date_is_a_warning_not_a_crash(cli: CliCall, published: str,
                                                                       shown: str, why: str) -> None:
    """YAML makes dates of such values and fails on impossible ones (a ValueError out of
    the loader stopped the build with a traceback): the value stays text, which the date
    reader cannot read, as any other."""
    path = cli.root / "articles" / "solar-power-milestone.md"
    path.write_text(path.read_text(encoding="utf-8").replace("published: 2026-06-21", f"published: {published}"),
                    encoding="utf-8")
    result = cli("build", "--no-mt")
    assert re.search(rf"warning: articles/solar-power-milestone\.md: publication date '{shown}' {why}; its "
                     "editions show no date", result.stderr), result.stderr
    page = (cli.root / "build" / "en" / "solar-power-milestone.html").read_text(encoding="utf-8")
    assert "<time" not in page


# ---------------------------------------------------------------------------------------
# Hostile article text and hostile translations

HOSTILE_ARTICLE = """\
Breaking <script>window.__pwned = 1</script> & "quotes" 'here'

Transparenz: Redaktionell erstellt und geprüft.
Veröffentlicht am 01.02.2026
Impressum · Kontakt · Redaktionskodex

A teaser with [a link](javascript:alert(1)) and <img src=x onerror="window.__pwned=2">.

"><svg onload="window.__pwned=3"> tries to break out of an attribute.

Braces {date.__class__} and {date} and {0} stay text; so does &amp; and <!-- a comment -->.

# Not a heading, * not a list, 1. not a list either
"""


def _hostile_workspace(cli: CliCall) -> None:
    (cli.root / "articles" / "zz-hostile.txt").write_text(HOSTILE_ARTICLE, encoding="utf-8")
    cli("build", "--no-mt")


def _assert_inert_html(page: Path) -> None:
    parsed = parse_html(page)
    for tag, attrs in parsed.tags:
        assert tag not in ("script", "img", "svg", "iframe"), (page, tag)
        assert not any(name.startswith("on") for name in attrs), (page, tag, attrs)
        assert not (attrs.get("href") or "").lower().startswith("javascript:"), (page, attrs)


def _assert_inert_markdown(page: Path) -> None:
    rendered = MarkdownIt("commonmark").render(page.read_text(encoding="utf-8"))  # raw HTML on: the worst reader
    for needle in ("<script", "<img", "<svg", "<!--", 'href="javascript'):
        assert needle not in rendered, (page, needle)


@pytest.mark.parametrize("locale", LOCALES)
def test_markup_in_article_text_is_shown_as_text(cli: CliCall, locale: str) -> None:
    _hostile_workspace(cli)
    html_page = cli.root / "build" / locale / "zz-hostile.html"
    md_page = cli.root / "build" / locale / "zz-hostile.md"
    _assert_inert_html(html_page)
    _assert_inert_markdown(md_page)
    text = body_text(html_page)
    assert 'Breaking <script>window.__pwned = 1</script> & "quotes"' in text
    assert "[a link](javascript:alert(1))" in text and '"><svg onload="window.__pwned=3">' in text
    assert "Braces {date.__class__} and {date} and {0} stay text; so does &amp; and <!-- a comment -->." in text
    rendered = MarkdownIt("commonmark").render(md_page.read_text(encoding="utf-8"))
    assert "Braces {date.__class__} and {date} and {0} stay text; so does &amp;amp; and &lt;!-- a comment --&gt;." in rendered
    assert "<h1>Not a heading" not in rendered and "<li>" not in rendered


MARKDOWN_ARTICLE = """\
---
title: The *Record* Day
published: 2026-06-22
---

# The *Record* Day

Solar output hit a **new record** at `12:00 CEST`, says [the grid operator](https://example.org/grid?x=1&y=2).

Links that stay text: [a bad one](javascript:alert(1)), <b>raw html</b>, ![a chart](https://evil.example/c.png).

- an item with _emphasis_
"""
MARKDOWN_PARAGRAPH = ("Solar output hit a **new record** at `12:00 CEST`, says "
                      "[the grid operator](https://example.org/grid?x=1&y=2).")


def test_a_markdown_articles_inline_markup_is_shown_as_such_and_nothing_else(cli: CliCall) -> None:
    """Emphasis, code and links of a Markdown article (and of its translations) become
    elements in HTML and stay markup in Markdown; a tag, a javascript: link or an image
    stays text; titles show no markup. A page dump's asterisks stay asterisks."""
    (cli.root / "articles" / "zz-inline.md").write_text(MARKDOWN_ARTICLE, encoding="utf-8")
    (cli.root / "articles" / "zz-hostile.txt").write_text(HOSTILE_ARTICLE + "\nPlain **stars** stay.\n",
                                                         encoding="utf-8")
    cli("build", "--no-mt")
    set_entry(cli.root, "fr", "articles/zz-inline", MARKDOWN_PARAGRAPH,
              "La production a atteint un **record** à `12:00 CEST`, selon [l'opérateur](https://example.org/grid?x=1&y=2).")
    cli("build", "--no-mt")
    for locale in LOCALES:
        page = cli.root / "build" / locale / "zz-inline.html"
        _assert_inert_html(page)
        _assert_inert_markdown(cli.root / "build" / locale / "zz-inline.md")
        html = page.read_text(encoding="utf-8")
        assert "<title" in html and ">The Record Day</title>" in html
        assert "<h1" in html and "The <em>Record</em> Day</h1>" in html
        assert "<li" in html and "an item with <em>emphasis</em></li>" in html
        assert ("[a bad one](javascript:alert(1)), &lt;b&gt;raw html&lt;/b&gt;, a chart.") in html
        index = (cli.root / "build" / locale / "index.html").read_text(encoding="utf-8")
        assert "The Record Day" in index and "*Record*" not in index
        hostile = cli.root / "build" / locale / "zz-hostile.html"
        assert "Plain **stars** stay." in body_text(hostile) and "<strong" not in hostile.read_text(encoding="utf-8")
    english = (cli.root / "build" / "en" / "zz-inline.html").read_text(encoding="utf-8")
    assert ('Solar output hit a <strong>new record</strong> at <code>12:00 CEST</code>, says '
            '<a href="https://example.org/grid?x=1&amp;y=2">the grid operator</a>.') in english
    french = (cli.root / "build" / "fr" / "zz-inline.html").read_text(encoding="utf-8")
    assert ('La production a atteint un <strong>record</strong> à <code>12:00 CEST</code>, selon '
            '<a href="https://example.org/grid?x=1&amp;y=2">l&#39;opérateur</a>.') in french
    german = (cli.root / "build" / "de" / "zz-inline.html").read_text(encoding="utf-8")  # a fallback, marked
    assert ('<p class="teaser fallback" lang="en">Solar output hit a <strong>new record</strong>') in german
    markdown = (cli.root / "build" / "fr" / "zz-inline.md").read_text(encoding="utf-8")
    assert ("La production a atteint un **record** à `12:00 CEST`, selon "
            "[l'opérateur](https://example.org/grid?x=1&y=2).") in markdown
    assert "# The *Record* Day" in markdown
    assert "\\[a bad one\\](javascript:alert(1)), \\<b\\>raw html\\</b\\>, a chart." in markdown


def test_a_markdown_articles_numbered_list_stays_numbered(cli: CliCall) -> None:
    """"1. 2. 3." is an ordered list in both editions (before: bullets, the steps' order
    lost); a bulleted list after it stays bulleted, and the template says which is which."""
    (cli.root / "articles" / "zz-steps.md").write_text(
        "---\ntitle: Three Steps to Safer Cycling\npublished: 2026-09-01\n---\n\n# Three Steps to Safer Cycling\n\n"
        "The city published advice for cyclists.\n\n1. Wear a helmet.\n2) Use lights after dark.\n"
        "3. Keep two metres from parked cars.\n\nOther tips:\n\n- Check your brakes.\n- Ride predictably.\n",
        encoding="utf-8")
    cli("build", "--no-mt")
    template = pofile.parse((cli.root / "locales/templates/articles/zz-steps.pot").read_bytes())
    assert [(m.msgid, m.extracted_comments) for m in template.messages][2:] == [
        ("Wear a helmet.", ["numbered item"]), ("Use lights after dark.", ["numbered item"]),
        ("Keep two metres from parked cars.", ["numbered item"]), ("Other tips:", ["paragraph"]),
        ("Check your brakes.", ["list item"]), ("Ride predictably.", ["list item"])]
    for locale in LOCALES:
        html = (cli.root / "build" / locale / "zz-steps.html").read_text(encoding="utf-8")
        ordered = html[html.index("<ol>"):html.index("</ol>")]
        assert re.findall(r"<li class=\"item[^\"]*\"[^>]*>([^<]*)</li>", ordered) == [
            "Wear a helmet.", "Use lights after dark.", "Keep two metres from parked cars."]
        bulleted = html[html.index("<ul>"):html.index("</ul>")]
        assert re.findall(r"<li[^>]*>([^<]*)</li>", bulleted) == ["Check your brakes.", "Ride predictably."]
        markdown = (cli.root / "build" / locale / "zz-steps.md").read_text(encoding="utf-8")
        tail = "" if locale == "en" else " [^en]"
        assert (f"1. Wear a helmet.{tail}\n2. Use lights after dark.{tail}\n3. Keep two metres from parked cars.{tail}"
                in markdown), markdown
        assert f"- Check your brakes.{tail}\n- Ride predictably.{tail}" in markdown
        rendered = MarkdownIt().render(markdown)
        assert "<ol>" in rendered and rendered.count("<li>") == 5


TABLE_ARTICLE = """\
---
title: Election Results at a Glance
published: 2026-11-20
---

# Election Results at a Glance

Voters in three districts elected new councils on Sunday.

| District | Turnout | Winner |
|:---|---:|:-:|
| North | 61% | **Greens** |
|  South  | 58% | [Social Democrats](https://example.org/sd?a=1&b=2) |
| East \\| Old Town | 55% | <script>alert(1)</script> |

Counting ended at midnight.
"""
TABLE_MSGID = ("| District | Turnout | Winner |\n| :-- | --: | :-: |\n| North | 61% | **Greens** |\n"
               "| South | 58% | [Social Democrats](https://example.org/sd?a=1&b=2) |\n"
               "| East \\| Old Town | 55% | <script>alert(1)</script> |")


def test_a_markdown_articles_table_is_one_text_and_a_table_in_every_edition(cli: CliCall) -> None:
    """A pipe table is one unit, a row a line (before: its lines ran together into one
    paragraph of pipes); the editions show a <table> (cells' inline markup as such, a
    tag as text, the alignment kept) and a pipe table in Markdown; a translation that
    keeps the table is shown, one that breaks it is a check error and not published."""
    (cli.root / "articles" / "zz-table.md").write_text(TABLE_ARTICLE, encoding="utf-8")
    cli("build", "--no-mt")
    template = pofile.parse((cli.root / "locales/templates/articles/zz-table.pot").read_bytes())
    assert [(m.msgid, m.extracted_comments) for m in template.messages] == [
        ("Election Results at a Glance", ["headline"]),
        ("Voters in three districts elected new councils on Sunday.", ["teaser"]),
        (TABLE_MSGID, ["table"]), ("Counting ended at midnight.", ["paragraph"])]
    french = ("| Circonscription | Participation | Vainqueur |\n| :-- | --: | :-: |\n| Nord | 61 % | **Verts** |\n"
              "| Sud | 58 % | [Sociaux-démocrates](https://example.org/sd?a=1&b=2) |\n"
              "| Est \\| Vieille ville | 55 % | <script>alert(1)</script> |")
    set_entry(cli.root, "fr", "articles/zz-table", TABLE_MSGID, french)
    broken = TABLE_MSGID.replace("| North | 61% | **Greens** |\n", "")
    set_entry(cli.root, "es", "articles/zz-table", TABLE_MSGID, broken)
    result = cli("build", "--no-mt")
    for locale in LOCALES:
        page = cli.root / "build" / locale / "zz-table.html"
        _assert_inert_html(page)
        _assert_inert_markdown(cli.root / "build" / locale / "zz-table.md")
    html = (cli.root / "build" / "en" / "zz-table.html").read_text(encoding="utf-8")
    table = html[html.index("<table"):html.index("</table>")]
    assert table.startswith('<table class="table">')
    assert ('<thead><tr><th class="left">District</th><th class="right">Turnout</th><th class="center">Winner</th>'
            '</tr></thead>') in table
    assert '<tr><td class="left">North</td><td class="right">61%</td><td class="center"><strong>Greens</strong></td></tr>' \
        in table
    assert '<a href="https://example.org/sd?a=1&amp;b=2">Social Democrats</a>' in table
    assert '<td class="left">East | Old Town</td>' in table and "&lt;script&gt;alert(1)&lt;/script&gt;" in table
    assert "Counting ended at midnight." in html[html.index("</table>"):]
    fr = (cli.root / "build" / "fr" / "zz-table.html").read_text(encoding="utf-8")
    assert '<table class="table">' in fr and "<strong>Verts</strong>" in fr and "Vieille ville" in fr
    es = (cli.root / "build" / "es" / "zz-table.html").read_text(encoding="utf-8")  # (the broken one: the source)
    assert '<table class="table fallback" lang="en">' in es and "<strong>Greens</strong>" in es
    assert "l10n check -l es" in result.stdout
    checked = json.loads(cli("check", "-l", "es", "--json").stdout)
    assert any(f["check"] == "markup" and "the table has 3 rows in the translation, 4 in the source" in f["message"]
               for f in checked), checked
    markdown = (cli.root / "build" / "fr" / "zz-table.md").read_text(encoding="utf-8")
    assert ("| Circonscription | Participation | Vainqueur |\n| :-- | --: | :-: |\n| Nord | 61 % | **Verts** |\n"
            "| Sud | 58 % | [Sociaux-démocrates](https://example.org/sd?a=1&b=2) |\n"
            "| Est \\| Vieille ville | 55 % | \\<script\\>alert(1)\\</script\\> |") in markdown, markdown
    rendered = MarkdownIt("commonmark").enable("table").render(markdown)
    assert rendered.count("<tr>") == 4 and "<th style=\"text-align:right\">Participation</th>" in rendered
    assert "<td style=\"text-align:left\">Est | Vieille ville</td>" in rendered
    spanish = (cli.root / "build" / "es" / "zz-table.md").read_text(encoding="utf-8")
    assert "| North | 61% | **Greens** |\n" in spanish and "\n\n[^en]\n" in spanish


def test_an_article_that_stops_reading_stays_listed_as_failed(cli: CliCall) -> None:
    """Its last editions are kept; the status page, the locale index and --json still list
    them, failed, with the article's error (before: gone from the status page and --json)."""
    cli("build", "--no-mt")
    article = cli.root / "articles" / "berlin-marathon-record.txt"
    edition = cli.root / "build" / "fr" / "berlin-marathon-record.html"
    kept = edition.read_bytes()
    article.write_bytes(article.read_bytes() + b"\n\xff\xfe broken\n")
    data = json.loads(cli("build", "--no-mt", "--json", code=1).stdout)
    mine = [e for e in data["editions"] if e["article"] == "berlin-marathon-record"]
    assert {e["locale"] for e in mine} == set(LOCALES) and {e["state"] for e in mine} == {"failed"}
    assert all(e["error"].startswith("articles/berlin-marathon-record.txt:") and "not UTF-8" in e["error"] for e in mine)
    assert edition.read_bytes() == kept
    status = (cli.root / "build" / "index.html").read_text(encoding="utf-8")
    assert "berlin-marathon-record" in status
    # The status page says what it is, and why (once, for the article's row), not "failed checks".
    row = status[status.index("<code>berlin-marathon-record</code>"):]
    row = row[:row.index("</tr>")]
    assert row.count("not UTF-8") == 1 and "not rendered: articles/berlin-marathon-record.txt:" in row
    assert row.count('<span class="state">not rendered</span>') == len(LOCALES)
    assert '<span class="failed">1 not rendered</span>' in status and "with failed checks" not in status
    assert "berlin-marathon-record.html" in (cli.root / "build" / "fr" / "index.html").read_text(encoding="utf-8")
    text = cli("build", "--no-mt", code=1).stdout
    assert "next: fix the errors below, then l10n build -l fr: 1 edition not rendered" in text
    article.write_bytes(article.read_bytes().replace(b"\n\xff\xfe broken\n", b""))
    data = json.loads(cli("build", "--no-mt", "--json").stdout)
    assert {e["state"] for e in data["editions"] if e["article"] == "berlin-marathon-record"} <= {"complete", "partial"}


def test_build_json_says_what_its_paths_are_relative_to(cli: CliCall, monkeypatch: pytest.MonkeyPatch) -> None:
    """``l10n -C ws build --json`` from elsewhere: the paths of the report open from the
    ``workspace`` it names."""
    monkeypatch.chdir(cli.root.parent)
    data = json.loads(cli("-C", cli.root.name, "build", "--no-mt", "--json").stdout)
    root = Path(data["workspace"])
    assert root.is_absolute() and root == cli.root.resolve()
    assert {e["locale"] for e in data["editions"]} == set(LOCALES)
    for edition in data["editions"]:
        assert (root / edition["path"]).is_file() and (root / edition["markdown"]).is_file()
    assert (root / data["status_page"]).is_file()
    assert data["written"] and all((root / path).is_file() for path in data["written"])
    again = json.loads(cli("-C", cli.root.name, "build", "--no-mt", "--json").stdout)
    assert again["unchanged"] and again["workspace"] == data["workspace"]


def test_an_article_that_stops_reading_keeps_its_chrome(cli: CliCall) -> None:
    """The site's lines an article that does not read gave the chrome template (here a
    footer link only it has) stay in it, in their places, as its templates and
    editions do: no translation of them goes obsolete while it is broken (before: the
    template lost them, and every catalog marked them obsolete)."""
    cli("build", "--no-mt")
    article = cli.root / "articles" / "bundestag-budget-vote.txt"
    template = cli.root / "locales" / "templates" / "chrome.pot"
    catalog = cli.root / "locales" / "fr" / "LC_MESSAGES" / "chrome.po"
    before = template.read_bytes(), catalog.read_bytes()
    assert b'#: articles/bundestag-budget-vote.txt:5\nmsgid "Datenschutz"\n' in before[1]
    text = article.read_bytes()
    article.write_bytes(text + b"\n\xff\xfe broken\n")
    cli("build", "--no-mt", code=1)
    assert (template.read_bytes(), catalog.read_bytes()) == before
    article.write_bytes(text)
    cli("build", "--no-mt")
    assert (template.read_bytes(), catalog.read_bytes()) == before


def test_a_damaged_cache_is_made_again_not_trusted(cli: CliCall) -> None:
    """Bits flipped in the compiled templates and in a ledger (a damaged disk), sizes and
    mtimes kept: the next build compiles and renders again, and writes what a build from
    scratch writes (before: a crash of Python itself, a traceback, or corrupted pages)."""
    import subprocess
    import sys

    cli("build", "--no-mt")
    cached = cli.root / ".l10n" / "cache"
    damaged = sorted((cached / "compiled-pages").glob("*.cache")) + [cached / "status-rows.ledger"]
    assert len(damaged) >= 3, sorted(p.name for p in cached.rglob("*"))
    for path in damaged:
        data = bytearray(path.read_bytes())
        stat = path.stat()
        for at in (len(data) // 3, len(data) // 2, 2 * len(data) // 3):
            data[at] ^= 0x24
        path.write_bytes(bytes(data))
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    article = cli.root / "articles" / "eu-ai-act-enforcement.txt"
    article.write_text(article.read_text(encoding="utf-8").replace("Eighteen months", "Nineteen months"),
                       encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "l10n", "build", "--no-mt"], cwd=cli.root, capture_output=True,
                          text=True)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, (proc.returncode, proc.stderr[-2000:])
    made = {p.relative_to(cli.root).as_posix(): p.read_bytes() for p in (cli.root / "build").rglob("*.*")
            if p.name != ".l10n-build.json"}
    shutil.rmtree(cli.root / ".l10n")
    shutil.rmtree(cli.root / "build")
    cli("build", "--no-mt")
    again = {p.relative_to(cli.root).as_posix(): p.read_bytes() for p in (cli.root / "build").rglob("*.*")
             if p.name != ".l10n-build.json"}
    stamp = re.compile(rb"\d{4}-\d\d-\d\d \d\d:\d\d UTC|datetime=\"[^\"]*\"")
    assert {k: stamp.sub(b"", v) for k, v in made.items()} == {k: stamp.sub(b"", v) for k, v in again.items()}
    assert "Nineteen months" in (cli.root / "build" / "en" / "eu-ai-act-enforcement.html").read_text(encoding="utf-8")


def test_a_page_dumps_lists_are_lists(cli: CliCall) -> None:
    """Lines in a row that start with a bullet or that are numbered in order are a list's
    items, without their markers (before: "1. ..." lines were subheadings, <h2> each, and
    "- ..." lines paragraphs that kept their dash); one such line alone is none."""
    (cli.root / "articles" / "zz-tram-plan.txt").write_text(
        "Munich Approves Tram Expansion\n\nTransparenz: Redaktionell erstellt und geprüft.\n"
        "Veröffentlicht am 02.11.2026\n\nThe city council approved a four-part tram plan on Tuesday.\n\n"
        "The plan has four parts:\n\n1. the Westtangente line to Fürstenried\n2. a new depot in the north\n"
        "3. longer platforms\n4. night services\n\nCritics warned of delays:\n\n- construction noise\n"
        "- higher fares\n\n1. FC Köln fans travelled by tram to the match.\n\n"
        "Impressum · Kontakt · Redaktionskodex\n", encoding="utf-8")
    cli("build", "--no-mt")
    template = pofile.parse((cli.root / "locales/templates/articles/zz-tram-plan.pot").read_bytes())
    roles = {m.msgid: m.extracted_comments for m in template.messages}
    assert [m for m, r in roles.items() if r == ["numbered item"]] == [
        "the Westtangente line to Fürstenried", "a new depot in the north", "longer platforms", "night services"]
    assert [m for m, r in roles.items() if r == ["list item"]] == ["construction noise", "higher fares"]
    assert roles["1. FC Köln fans travelled by tram to the match."] == ["paragraph"]
    html = (cli.root / "build" / "en" / "zz-tram-plan.html").read_text(encoding="utf-8")
    assert '<ol>\n<li class="item">the Westtangente line to Fürstenried</li>' in html
    assert '<ul>\n<li class="item">construction noise</li>\n<li class="item">higher fares</li>\n</ul>' in html
    markdown = (cli.root / "build" / "en" / "zz-tram-plan.md").read_text(encoding="utf-8")
    assert "1. the Westtangente line to Fürstenried\n2. a new depot in the north\n3. longer platforms\n4. night" in markdown
    assert "- construction noise\n- higher fares" in markdown and "1\\. FC Köln fans" in markdown


def test_a_markdown_articles_reference_links_link_and_their_definitions_are_no_text(cli: CliCall) -> None:
    (cli.root / "articles" / "zz-refs.md").write_text(
        "# Refs\n\nSee [the report][r1] and [The Agency].\n\n[r1]: https://example.org/report.pdf \"Report\"\n"
        "[the agency]: <https://example.org/agency>\n[bad]: javascript:alert(1)\n\nA paragraph, [x][bad].\n"
        "[not]: a definition, it continues the paragraph\n", encoding="utf-8")
    cli("build", "--no-mt")
    template = (cli.root / "locales" / "templates" / "articles" / "zz-refs.pot").read_text(encoding="utf-8")
    assert "example.org" not in template and "[not]: a definition" in template and "[x][bad]" in template
    assert "javascript" not in template  # (a definition, if one no edition links to)
    set_entry(cli.root, "fr", "articles/zz-refs", "See [the report][r1] and [The Agency].",
              "Voir [le rapport][R1] et [l'agence][the agency].")
    cli("build", "--no-mt")
    english = (cli.root / "build" / "en" / "zz-refs.html").read_text(encoding="utf-8")
    assert ('See <a href="https://example.org/report.pdf">the report</a> and '
            '<a href="https://example.org/agency">The Agency</a>.') in english
    french = (cli.root / "build" / "fr" / "zz-refs.html").read_text(encoding="utf-8")
    assert ('Voir <a href="https://example.org/report.pdf">le rapport</a> et '
            '<a href="https://example.org/agency">l&#39;agence</a>.') in french
    markdown = (cli.root / "build" / "fr" / "zz-refs.md").read_text(encoding="utf-8")
    assert "Voir [le rapport](https://example.org/report.pdf) et [l'agence](https://example.org/agency)." in markdown
    _assert_inert_html(cli.root / "build" / "fr" / "zz-refs.html")
    assert "A paragraph, [x][bad]. [not]: a definition" in english  # (no link where none is allowed)


HOSTILE = {
    "EU's AI Act Gets Teeth: Brussels Moves From Rulebook to Enforcement": "</h1><script>window.__pwned=1</script><h1>",
    "Who Checks the Machines?": '" onmouseover="window.__pwned=2" x="',
    "What Changes for Companies": "[cliquez](javascript:alert(1)) <b>gras</b>",
    "Regulators across the EU are preparing the first fines under the AI Act as a key August 2026 deadline for "
    "high-risk systems draws closer.": "Le {date.__class__} et {date} {0}",
}
# Every check a hostile text trips, silenced, so that it is published and its escaping shows.
SILENCED = tuple(f"ignore-{name}" for name in ("markup", "number", "length", "punctuation", "untranslated",
                                               "placeholder", "glossary", "whitespace"))


def test_hostile_translations_fail_the_checks_and_are_not_published(cli: CliCall) -> None:
    cli("build", "--no-mt")
    domain = "articles/eu-ai-act-enforcement"
    for msgid, msgstr in HOSTILE.items():
        set_entry(cli.root, "fr", domain, msgid, msgstr)
    result = cli("build", "--no-mt", "--json", "--strict", code=1)
    edition = next(e for e in json.loads(result.stdout)["editions"]
                   if e["locale"] == "fr" and e["article"] == "eu-ai-act-enforcement")
    assert edition["state"] == "failed" and edition["check_errors"] >= 3
    text = body_text(cli.root / "build" / "fr" / "eu-ai-act-enforcement.html")
    assert "<script>" not in text and "javascript:" not in text  # the markup check kept them out


def test_markup_in_translations_is_shown_as_text(cli: CliCall) -> None:
    cli("build", "--no-mt")
    slug = "eu-ai-act-enforcement"
    domain = f"articles/{slug}"
    for msgid, msgstr in HOSTILE.items():
        set_entry(cli.root, "fr", domain, msgid, msgstr, flags=SILENCED)
    cli("build", "--no-mt")
    html_page = cli.root / "build" / "fr" / f"{slug}.html"
    _assert_inert_html(html_page)
    _assert_inert_markdown(cli.root / "build" / "fr" / f"{slug}.md")
    text = body_text(html_page)
    assert "</h1><script>window.__pwned=1</script><h1>" in text
    assert '" onmouseover="window.__pwned=2" x="' in text
    assert "[cliquez](javascript:alert(1)) <b>gras</b>" in text
    assert "Le {date.__class__} et {date} {0}" in text
    assert "<class" not in text


def test_a_translation_that_breaks_the_format_is_not_published_and_not_compiled(cli: CliCall) -> None:
    """msgfmt refuses the catalog (an attribute access under python-brace-format), so no
    .mo: compile says so and keeps the old one. The editions are still built: that entry
    fails its check and falls back to the source, every other one is published."""
    cli("build", "--no-mt")
    mo = cli.root / "locales" / "fr" / "LC_MESSAGES" / "chrome.mo"
    before = mo.read_bytes()
    set_entry(cli.root, "fr", "chrome", "Impressum", "Mentions légales")
    set_entry(cli.root, "fr", "chrome", "Veröffentlicht am {date}", "Publié le {date.__class__}", brace_flag=True)
    result = cli("build", "--no-mt", "--json", code=1)
    data = json.loads(result.stdout)
    assert any("chrome.po:" in error and "format specification" in error for error in data["errors"]), data["errors"]
    assert mo.read_bytes() == before
    fr = {e["article"]: e for e in data["editions"] if e["locale"] == "fr"}
    assert fr["eu-ai-act-enforcement"]["state"] == "failed" and not fr["eu-ai-act-enforcement"]["error"]
    page = (cli.root / "build" / "fr" / "eu-ai-act-enforcement.html").read_text(encoding="utf-8")
    assert "__class__" not in page and 'lang="de">Veröffentlicht am <time datetime="2026-03-12">' in page
    assert ">Mentions légales</li>" in page  # (the catalog's other entries are published)
    report = next(loc for loc in data["locales"] if loc["locale"] == "fr")
    assert report["not_rendered"] == 0 and report["next"].startswith("l10n check -l fr:")


def test_a_stray_brace_msgfmt_refuses_is_a_check_error_and_not_published(cli: CliCall) -> None:
    """``Publié le {date} {`` keeps its placeholder, but is no valid brace format: msgfmt
    refuses the catalog. The check finds it, the entry falls back to the source, and the
    build's compile line counts the catalog as failed (not unchanged)."""
    cli("build", "--no-mt")
    set_entry(cli.root, "fr", "chrome", "Veröffentlicht am {date}", "Publié le {date} {", brace_flag=True)
    checked = json.loads(cli("check", "-l", "fr", "--json", "--strict", code=1).stdout)
    assert any(f["check"] == "placeholder" and "not a valid Python brace format string" in f["message"]
               for f in checked), checked
    result = cli("build", "--no-mt", "-l", "fr", "--strict", code=1)
    assert "compile: 0 .mo files written, 6 unchanged, 1 failed (see below)" in result.stdout, result.stdout
    page = (cli.root / "build" / "fr" / "eu-ai-act-enforcement.html").read_text(encoding="utf-8")
    assert "Publié le" not in page and 'lang="de">Veröffentlicht am <time datetime="2026-03-12">' in page
    data = json.loads(cli("build", "--no-mt", "-l", "fr", "--json", code=1).stdout)
    assert {e["state"] for e in data["editions"] if e["article"] == "eu-ai-act-enforcement"} == {"failed"}


def test_an_attribute_access_in_a_brace_format_msgstr_is_shown_as_text() -> None:
    # msgfmt --check (and l10n's reader) refuse such a catalog; render never evaluates it anyway
    date_line = Message(msgid="Veröffentlicht am {date}", msgstr="Publié le {date.__class__} ({date}) {date!r}",
                        flags=["python-brace-format"])
    edition = render(_article(), Catalogs(chrome={date_line.msgid: Entry.of(date_line)}), "fr", Policy(), SITE,
                     dt.date(2026, 3, 12))
    shown = next(p for p in edition.passages if p.role == "date")
    assert shown.text == "Publié le {date.__class__} (12 mars 2026) {date!r}"
    html = pages.edition_html(edition, SITE)
    assert 'Publié le {date.__class__} (<time datetime="2026-03-12">12 mars 2026</time>) {date!r}' in html


def test_fill_replaces_only_exact_known_placeholders() -> None:
    assert fill("Publié le {date}", {"date": "12 mars"}) == ("Publié le 12 mars", {"date": (10, 17)})
    for template in ("{date.__class__}", "{date!r}", "{date:>10}", "{0}", "{other}", "{{date}", "{ date }"):
        text, _ = fill(template, {"date": "X"})
        assert "X" not in text or template == "{{date}", template


# ---------------------------------------------------------------------------------------
# The publish policy


def _edition(data: dict[str, object], locale: str, slug: str) -> dict[str, object]:
    return next(e for e in data["editions"] if e["locale"] == locale and e["article"] == slug)  # type: ignore[union-attr, index]


@pytest.fixture
def translated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliCall:
    root = translated_workspace(tmp_path / "ws")
    monkeypatch.chdir(root)
    return CliCall(root)


def test_default_publishes_approved_only(translated: CliCall) -> None:
    data = json.loads(translated("build", "--no-mt", "--json").stdout)
    fr = _edition(data, "fr", "eu-ai-act-enforcement")
    assert fr["state"] == "partial" and fr["machine"] == 0
    # 5 chrome entries approved; 12 body texts: 2 approved, 1 machine draft, 1 rejected
    assert fr["counts"] == {"approved": 7, "machine": 1, "needs_review": 0, "untranslated": 9}
    text = body_text(translated.root / "build" / "fr" / "eu-ai-act-enforcement.html")
    assert "Qui contrôle les machines" not in text and "Who Checks the Machines?" in text
    assert "Traduction automatique" not in text
    assert data["editions"][0]["path"] == "build/de/berlin-marathon-record.html"
    assert {loc["locale"]: loc["complete"] for loc in data["locales"]} == {"de": 0, "en": 6, "fr": 0, "es": 0}


def test_allow_machine_publishes_drafts_under_a_disclosure_in_the_reader_s_language(translated: CliCall) -> None:
    data = json.loads(translated("build", "--no-mt", "--allow-machine", "--json").stdout)
    assert _edition(data, "fr", "eu-ai-act-enforcement")["machine"] == 1
    fr = body_text(translated.root / "build" / "fr" / "eu-ai-act-enforcement.html")
    assert "Qui contrôle les machines\u00a0?" in fr
    assert "Traduction automatique, pas encore relue par la rédaction" in fr
    de = body_text(translated.root / "build" / "de" / "eu-ai-act-enforcement.html")
    assert "Was sich für Unternehmen ändert" in de
    assert "Maschinelle Übersetzung, noch nicht von der Redaktion geprüft" in de
    md = (translated.root / "build" / "de" / "eu-ai-act-enforcement.md").read_text(encoding="utf-8")
    assert md.startswith("> **Maschinelle Übersetzung, noch nicht von der Redaktion geprüft**")
    # the rejected entry and the one that needs review are still not published
    assert "What Changes for Companies" in fr
    es = body_text(translated.root / "build" / "es" / "rhine-low-water-shipping.html")
    assert "Un patrón conocido" not in es and "A Familiar Pattern" in es
    # an edition without machine drafts carries no disclosure
    assert "Traduction automatique" not in body_text(translated.root / "build" / "fr" / "bundestag-budget-vote.html")
    index = (translated.root / "build" / "fr" / "index.html").read_text(encoding="utf-8")
    assert "Traduction automatique" in index


def test_allow_machine_does_not_publish_a_draft_whose_text_a_person_changed(translated: CliCall) -> None:
    """A translator replaced a machine draft's text in the .po and left it fuzzy (work in
    progress): no machine translation any more, but needs review, never published (before,
    it went out as "machine translation, not yet reviewed")."""
    path = translated.root / "locales/fr/LC_MESSAGES/articles/eu-ai-act-enforcement.po"
    catalog = pofile.parse(path.read_bytes(), str(path))
    message = catalog.get("Who Checks the Machines?")
    assert message is not None and message.fuzzy
    set_marker(message, ORIGIN, origin_value("mt test en->fr", "2026-11-29", message.msgid, message.msgstr))
    set_marker(message, FLAG, "length-bound")
    path.write_bytes(pofile.dump(catalog))
    draft = json.loads(translated("build", "--no-mt", "--allow-machine", "--json").stdout)
    assert _edition(draft, "fr", "eu-ai-act-enforcement")["machine"] == 1  # (the draft as the engine made it)
    message.msgstr = "Qui surveille les machines ? (brouillon de Claire, à relire)"
    path.write_bytes(pofile.dump(catalog))
    data = json.loads(translated("build", "--no-mt", "--allow-machine", "--json").stdout)
    fr = _edition(data, "fr", "eu-ai-act-enforcement")
    assert fr["machine"] == 0 and fr["counts"]["machine"] == 0 and fr["counts"]["needs_review"] == 1
    text = body_text(translated.root / "build" / "fr" / "eu-ai-act-enforcement.html")
    assert "brouillon de Claire" not in text and "Who Checks the Machines?" in text
    assert "Traduction automatique" not in text
    status = {loc["locale"]: loc for loc in json.loads(translated("status", "--json", "--totals").stdout)}
    assert next(loc for loc in data["locales"] if loc["locale"] == "fr")["queue"] == status["fr"]["queue"]


def test_rejected_entries_are_not_counted_as_work_for_translate(translated: CliCall) -> None:
    data = json.loads(translated("build", "--no-mt", "--json").stdout)
    fr = next(loc for loc in data["locales"] if loc["locale"] == "fr")
    assert fr["rejected"] == 1 and fr["untranslated"] > 1
    assert all(loc["rejected"] == 0 for loc in data["locales"] if loc["locale"] != "fr")
    from l10n.build.run import LocaleReport

    report = LocaleReport("fr", 6, 0, 6, 0, 0, 0, untranslated=5, machine=0, rejected=3)
    assert report.next == "l10n translate -l fr: 2 untranslated"
    report = LocaleReport("fr", 6, 0, 6, 0, 0, 0, untranslated=3, machine=0, rejected=3)
    assert report.next == "translate by hand, or l10n translate -l fr --retry-rejected: 3 rejected drafts"


def test_the_spanish_disclosure(translated: CliCall) -> None:
    set_entry(translated.root, "es", "articles/rhine-low-water-shipping", "A Familiar Pattern", "Un patrón conocido",
              "machine")
    translated("build", "--no-mt", "--allow-machine")
    es = body_text(translated.root / "build" / "es" / "rhine-low-water-shipping.html")
    assert "Traducción automática, aún no revisada por la redacción" in es and "Un patrón conocido" in es


def test_a_workspace_of_markdown_articles_alone_translates_its_date_line(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """No page dump has the site's date line: a Markdown article dated by its front matter
    puts it in chrome.pot (else update made the shipped translation obsolete, and every
    edition showed the German line)."""
    cli = CliCall(sample_workspace(tmp_path / "ws"))
    monkeypatch.chdir(cli.root)
    for path in (cli.root / "articles").glob("*.txt"):
        path.unlink()
    cli("build", "--no-mt", "-l", "fr", "-l", "en")
    chrome = (cli.root / "locales/templates/chrome.pot").read_text(encoding="utf-8")
    assert "#: articles/solar-power-milestone.md:1\n#, python-brace-format\nmsgid \"Veröffentlicht am {date}\"" in chrome
    assert "Publié le 21 juin 2026" in body_text(cli.root / "build/fr/solar-power-milestone.html")
    assert "Published on June 21, 2026" in body_text(cli.root / "build/en/solar-power-milestone.html")


def test_an_edition_not_rendered_is_not_linked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cli = CliCall(sample_workspace(tmp_path / "ws"))
    monkeypatch.chdir(cli.root)
    cli("extract")
    cli("update", "-l", "fr")
    (cli.root / "locales/fr/LC_MESSAGES/articles/bundestag-budget-vote.po").write_text('msgid "x"\nmsgid "y"\n')
    cli("build", "--no-mt", "-l", "de", "-l", "fr", code=1)
    assert not (cli.root / "build/fr/bundestag-budget-vote.html").exists()
    build = cli.root / "build"
    assert set(alternates(build / "de/bundestag-budget-vote.html", own=True)) == set()  # (nor itself, then)
    assert set(alternates(build / "de/solar-power-milestone.html")) == {"fr"}


def test_the_status_page_says_which_locales_publish_machine_drafts(translated: CliCall) -> None:
    def said() -> str:
        page = (translated.root / "build" / "index.html").read_text(encoding="utf-8")
        return " ".join(page.split("Editions publish ", 1)[1].split(";", 1)[0].split())

    translated("build", "--no-mt")
    assert said() == "approved translations only"
    translated("build", "--no-mt", "-l", "es", "--allow-machine")
    assert said() == ("approved translations only, and in es <strong>machine drafts</strong> too (built with "
                      "<code>--allow-machine</code>)")
    translated("build", "--no-mt", "--allow-machine")
    assert said() == "approved translations and <strong>machine drafts</strong> (<code>--allow-machine</code>)"
    translated("build", "--no-mt")
    assert said() == "approved translations only"


def test_a_rejected_entry_is_never_published(translated: CliCall) -> None:
    # a tool approved the rejected entry's text again without clearing the rejection
    set_entry(translated.root, "fr", "articles/eu-ai-act-enforcement", "What Changes for Companies",
              "Ce qui change pour les entreprises", "rejected")
    for flags in ((), ("--allow-machine",)):
        translated("build", "--no-mt", *flags)
        text = body_text(translated.root / "build" / "fr" / "eu-ai-act-enforcement.html")
        assert "Ce qui change" not in text and "What Changes for Companies" in text


def test_a_build_of_some_locales_links_only_editions_that_are_there(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """``build -l en -l fr`` in a new workspace: no link to a German or Spanish edition or
    index that no build made; once one is built, the next build of the others links it."""
    translated = CliCall(sample_workspace(tmp_path / "ws"))
    monkeypatch.chdir(translated.root)

    def links(rel: str) -> set[str]:
        return set(alternates(translated.root / "build" / rel))

    translated("build", "--no-mt", "-l", "en", "-l", "fr")
    assert links("en/bundestag-budget-vote.html") == {"fr"} and links("fr/index.html") == {"en"}
    md = (translated.root / "build" / "en" / "bundestag-budget-vote.md").read_text(encoding="utf-8")
    assert "(../fr/bundestag-budget-vote.md)" in md and "../de/" not in md and "../es/" not in md
    status = (translated.root / "build" / "index.html").read_text(encoding="utf-8")
    assert 'href="fr/index.html"' in status and 'href="de/index.html"' not in status
    assert "Not built yet: <code>l10n build -l de</code>" in status
    de_cell = status.split('<td class="cell missing">', 1)[1].split("</td>", 1)[0]  # (the first row's de cell)
    assert '<span class="state">not built</span>' in de_cell and "nothing to translate" not in de_cell
    translated("build", "--no-mt", "-l", "de")
    assert links("de/bundestag-budget-vote.html") == {"en", "fr"}
    assert links("en/bundestag-budget-vote.html") == {"fr"}  # (not built again: -l de)
    translated("build", "--no-mt")
    assert links("en/bundestag-budget-vote.html") == {"de", "fr", "es"} and links("en/index.html") == {"de", "fr", "es"}
    assert "Not built yet" not in (translated.root / "build" / "index.html").read_text(encoding="utf-8")


def test_strict_fails_on_partial_editions_and_passes_on_complete_ones(translated: CliCall) -> None:
    result = translated("build", "--no-mt", "--strict", code=1)
    assert "--strict: 18 partial editions" in result.stderr
    translated("build", "--no-mt", "--strict", "-l", "en")  # the shipped chrome is approved: all complete


def test_the_summary_says_what_waits_for_whom(translated: CliCall) -> None:
    out = translated("build", "--no-mt").stdout
    assert "next: l10n review -l fr: 1 draft" in out
    assert "next: l10n review -l de: 1 draft" in out
    assert re.search(r"^fr\s+6\s+0\s+6\s+1\s+0\s+0$", out, re.M), out


def test_no_model_is_one_line_and_the_build_goes_on(cli: CliCall) -> None:
    result = cli("build")
    lines = [line for line in result.stdout.splitlines() if "no model" in line and not line.startswith("next:")]
    assert len(lines) == 1 and "en->fr" in lines[0] and "l10n models install --needed" in lines[0]
    assert (cli.root / "build" / "index.html").is_file()
    # each locale's next step is the model, not translate (which would stop at the same model)
    hints = [line for line in result.stdout.splitlines() if line.startswith("next: ")]
    assert "next: l10n models install --needed, then l10n build -l fr: 78 untranslated " \
           "(no model for de->fr, en->fr)" in hints, hints
    assert not any("l10n translate" in line for line in hints), hints
    report = json.loads(cli("build", "--json").stdout)
    fr = next(loc for loc in report["locales"] if loc["locale"] == "fr")
    assert fr["next"].startswith("l10n models install --needed") and fr["no_model"] == ["de->fr", "en->fr"]


# ---------------------------------------------------------------------------------------
# The status page


def test_the_status_page_lists_every_article_and_links_every_edition(built: Path) -> None:
    page = built / "build" / "index.html"
    tags = parse_html(page).tags
    links = {attrs["href"] for tag, attrs in tags if tag == "a" and attrs.get("href")}
    for locale, slug in EDITIONS:
        assert f"{locale}/{slug}.html" in links
        assert (page.parent / locale / f"{slug}.html").is_file()
    text = body_text(page)
    assert "2 waiting for review" not in text and "1 waiting for review" in text
    assert "2026-11-30 12:00 UTC" in text


def test_the_status_page_lists_the_articles_in_the_order_of_the_locale_indexes(built: Path) -> None:
    def order(page: Path, prefix: str) -> list[str]:
        hrefs = [a["href"] or "" for t, a in parse_html(page).tags if t == "a" and a.get("href")]
        slugs = [h.removeprefix(prefix).removesuffix(".html") for h in hrefs if h.startswith(prefix)]
        return [s for s in dict.fromkeys(slugs) if s in SLUGS]

    index = order(built / "build" / "de" / "index.html", "")
    assert index[-2:] == ["berlin-marathon-record", "kim-jong-un-china-parade"], "undated last, by headline"
    assert order(built / "build" / "index.html", "de/") == index


# ---------------------------------------------------------------------------------------
# Incremental builds and --check


def _mtimes(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): p.stat().st_mtime_ns for p in root.rglob("*")
            if p.is_file() and ".l10n.lock" not in p.name}


def test_a_build_with_nothing_changed_writes_nothing(cli: CliCall) -> None:
    first = json.loads(cli("build", "--no-mt", "--json").stdout)
    before = _mtimes(cli.root)
    result = cli("build", "--no-mt")
    assert _mtimes(cli.root) == before
    assert "nothing changed since the last build (24 editions)" in result.stdout
    assert "render:" not in result.stdout  # no stage ran
    again = json.loads(cli("build", "--no-mt", "--json").stdout)
    assert again["unchanged"] is True and first["unchanged"] is False
    for data in (first, again):
        del data["seconds"], data["unchanged"]
        for edition in data["editions"]:
            edition["written"] = False
    assert again == {**first, "written": []}


def test_without_its_stamp_a_build_with_nothing_changed_still_writes_nothing(cli: CliCall) -> None:
    # The stages' own memory: each finds nothing to do (the stamp is only a shortcut).
    cli("build", "--no-mt")
    (cli.root / ".l10n" / "cache" / "build-stamp.json").unlink()
    before = _mtimes(cli.root / "build") | _mtimes(cli.root / "locales")
    out = cli("build", "--no-mt").stdout
    assert _mtimes(cli.root / "build") | _mtimes(cli.root / "locales") == before
    assert "render: 24 editions, 0 written, 24 unchanged" in out
    assert (cli.root / ".l10n" / "cache" / "build-stamp.json").is_file()  # saved again


def test_a_changed_article_rebuilds_its_editions_the_indexes_and_the_status_page(cli: CliCall) -> None:
    cli("build", "--no-mt")
    before = _mtimes(cli.root / "build")
    path = cli.root / "articles" / "rhine-low-water-shipping.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("fell to 89 centimetres", "fell to 88 centimetres"),
                    encoding="utf-8")
    data = json.loads(cli("build", "--no-mt", "--json").stdout)
    after = _mtimes(cli.root / "build")
    changed = {name for name in after if after[name] != before.get(name)}
    editions = {f"{loc}/rhine-low-water-shipping.{suffix}" for loc in LOCALES for suffix in ("html", "md")}
    pages_ = {".l10n-build.json", "index.html"} | {f"{loc}/index.html" for loc in LOCALES}
    assert editions <= changed <= editions | pages_
    assert sorted(e["article"] for e in data["editions"] if e["written"]) == ["rhine-low-water-shipping"] * 4


def test_an_approved_translation_rebuilds_only_its_edition(cli: CliCall) -> None:
    cli("build", "--no-mt")
    before = _mtimes(cli.root / "build")
    set_entry(cli.root, "fr", "articles/solar-power-milestone", "A Record at Noon", "Un record à midi")
    cli("build", "--no-mt")
    after = _mtimes(cli.root / "build")
    changed = {name for name in after if after[name] != before.get(name)}
    assert changed == {"fr/solar-power-milestone.html", "fr/solar-power-milestone.md", "index.html",
                       ".l10n-build.json"}


def test_the_status_page_from_remembered_rows_is_the_page_rendered_afresh(tmp_path: Path) -> None:
    root = sample_workspace(tmp_path / "ws")
    config = config_mod.load(root)
    build_run.run(config, now=BUILT)
    set_entry(root, "fr", "articles/solar-power-milestone", "A Record at Noon", "Un record à midi")
    build_run.run(config, now=BUILT)  # one row rendered again, the others as remembered
    page = root / "build" / "index.html"
    from_remembered_rows = page.read_text(encoding="utf-8")
    assert "Un record" not in from_remembered_rows  # (the status page shows counts, not texts)
    (root / ".l10n" / "cache" / "status-rows.ledger").unlink()
    page.unlink()
    build_run.run(config, now=BUILT)
    assert page.read_text(encoding="utf-8") == from_remembered_rows


def test_a_deleted_edition_is_written_again_and_a_removed_article_s_editions_go(cli: CliCall) -> None:
    cli("build", "--no-mt")
    (cli.root / "build" / "es" / "eu-ai-act-enforcement.html").unlink()
    (cli.root / "articles" / "berlin-marathon-record.txt").unlink()
    out = cli("build", "--no-mt").stdout
    assert (cli.root / "build" / "es" / "eu-ai-act-enforcement.html").is_file()
    assert not list((cli.root / "build").rglob("berlin-marathon-record.*"))
    assert "8 files removed" in out
    assert "berlin-marathon-record" not in (cli.root / "build" / "index.html").read_text(encoding="utf-8")


def test_check_writes_nothing_and_names_what_would_change(cli: CliCall) -> None:
    cli("build", "--no-mt")
    cli("build", "--check")
    path = cli.root / "articles" / "eu-ai-act-enforcement.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("Eighteen months", "Nineteen months"), encoding="utf-8")
    before = _mtimes(cli.root)
    result = cli("build", "--check", code=1)
    assert _mtimes(cli.root) == before
    out = result.stdout
    assert "would change locales/templates/articles/eu-ai-act-enforcement.pot (template)" in out
    assert "would change build/en/eu-ai-act-enforcement.html (edition)" in out
    assert "--check: a build would change" in result.stderr
    cli("build", "--no-mt")
    cli("build", "--check")


def test_check_names_a_compiled_catalog_removed_by_hand(cli: CliCall) -> None:
    """A .mo removed (or damaged) by hand is what a build writes again: --check names it
    and exits 1 (before: it said nothing would change)."""
    cli("build", "--no-mt")
    mo = cli.root / "locales" / "fr" / "LC_MESSAGES" / "chrome.mo"
    good = mo.read_bytes()
    mo.unlink()
    before = _mtimes(cli.root)
    result = cli("build", "--no-mt", "--check", code=1)
    assert "would change locales/fr/LC_MESSAGES/chrome.mo (compiled catalog)" in result.stdout
    assert "compile: 1 .mo file to write" in result.stdout
    assert _mtimes(cli.root) == before and not mo.exists()
    cli("build", "--no-mt")
    assert mo.read_bytes() == good
    cli("build", "--no-mt", "--check")
    mo.write_bytes(good[:-4])  # (damaged: a build compiles it again)
    data = json.loads(cli("build", "--no-mt", "--check", "--json", code=1).stdout)
    assert data["would_change"] == [{"path": "locales/fr/LC_MESSAGES/chrome.mo", "change": "compiled catalog"}]


def test_check_names_a_page_edited_by_hand_and_not_a_settings_change_that_shows_nothing(cli: CliCall) -> None:
    """--check renders a page whose file or key changed and compares bytes, as the build
    does: an index or status page edited by hand is named (before: exit 0, and the build
    then rewrote it); a chrome pattern that matches no line changes no byte, so nothing is
    named (before: every locale index, which the build then left alone)."""
    cli("build", "--no-mt")
    index = cli.root / "build" / "de" / "index.html"
    good = index.read_bytes()
    for page in (index, cli.root / "build" / "index.html"):
        original = page.read_bytes()
        page.write_bytes(original + b"<!-- edited by hand -->\n")
        before = _mtimes(cli.root)
        result = cli("build", "--no-mt", "--check", code=1)
        assert f"would change {page.relative_to(cli.root)} (page)" in result.stdout
        assert _mtimes(cli.root) == before  # (.l10n/ included)
        written = json.loads(cli("build", "--no-mt", "--json").stdout)["written"]
        assert written == [str(page.relative_to(cli.root))]
        assert b"edited by hand" not in page.read_bytes()
        cli("build", "--no-mt", "--check")
    assert index.read_bytes() == good
    pyproject = cli.root / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    assert '"Veröffentlicht am {date}",' in text
    pyproject.write_text(text.replace('"Veröffentlicht am {date}",', '"Veröffentlicht am {date}",\n    "Nie gesehen",'),
                         encoding="utf-8")
    before = _mtimes(cli.root)
    cli("build", "--no-mt", "--check")
    assert _mtimes(cli.root) == before
    assert json.loads(cli("build", "--no-mt", "--json").stdout)["written"] == []


def test_a_locale_taken_out_of_the_settings_leaves_no_folder_in_build(cli: CliCall) -> None:
    cli("build", "--no-mt")
    assert (cli.root / "build" / "fr" / "index.html").is_file()
    pyproject = cli.root / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    pyproject.write_text(re.sub(r'(\nlocales = \[[^\]]*?), "fr"', r"\1", text, count=1), encoding="utf-8")
    assert '"fr"' not in re.search(r"\nlocales = \[[^\]]*\]", pyproject.read_text(encoding="utf-8")).group()
    cli("build", "--no-mt")
    assert not (cli.root / "build" / "fr").exists()
    assert (cli.root / "locales" / "fr" / "LC_MESSAGES" / "chrome.po").is_file()  # (catalogs are kept)


def test_check_names_every_template_catalog_and_page_the_build_then_writes(cli: CliCall) -> None:
    """An edited article and a new one: --check names the templates, the catalogs merged
    with the templates as extract would write them, the editions and pages; the build
    then writes exactly those (and the .mo files compiled from those catalogs)."""
    cli("build", "--no-mt")
    path = cli.root / "articles" / "eu-ai-act-enforcement.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("Eighteen months", "Nineteen months"), encoding="utf-8")
    (cli.root / "articles" / "zz-new.md").write_text("---\ntitle: A New One\n---\n\nIts only paragraph.\n",
                                                    encoding="utf-8")
    data = json.loads(cli("build", "--check", "--json", code=1).stdout)
    named = {item["path"] for item in data["would_change"]}
    before = _mtimes(cli.root)
    cli("build", "--no-mt")
    after = _mtimes(cli.root)
    written = {p for p, m in after.items() if before.get(p) != m and p.startswith(("locales/", "build/"))
               and not p.endswith((".mo", ".l10n-build.json"))}
    assert named == written, (sorted(named - written), sorted(written - named))
    assert "locales/fr/LC_MESSAGES/articles/eu-ai-act-enforcement.po" in named
    assert "locales/fr/LC_MESSAGES/articles/zz-new.po" in named and "build/fr/zz-new.html" in named


def test_check_on_a_fresh_workspace_names_the_catalogs(cli: CliCall) -> None:
    cli("extract")
    result = cli("build", "--check", "--json", code=1)
    data = json.loads(result.stdout)
    assert {"path": "locales/fr/LC_MESSAGES/chrome.po", "change": "catalog"} in data["would_change"]
    assert not (cli.root / "build").exists() and not (cli.root / "locales" / "fr").exists()


def test_check_on_a_new_workspace_writes_not_even_the_lock(cli: CliCall) -> None:
    result = cli("build", "--no-mt", "--check", code=1)
    assert "--check: a build would change" in result.stderr
    assert "every edition is complete" not in result.stdout  # (it is not: no catalog counted yet)
    assert "next: l10n build -l fr, then l10n status -l fr: 6 editions not complete" in result.stdout
    assert sorted(p.name for p in cli.root.iterdir()) == ["articles", "pyproject.toml"]


def test_a_locale_build_keeps_the_other_locales(cli: CliCall) -> None:
    cli("build", "--no-mt")
    before = _mtimes(cli.root / "build" / "de")
    data = json.loads(cli("build", "--no-mt", "-l", "FR", "--json").stdout)
    assert {e["locale"] for e in data["editions"]} == {"fr"}
    assert _mtimes(cli.root / "build" / "de") == before
    assert "de/bundestag-budget-vote.html" in (cli.root / "build" / "index.html").read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------
# render() and the Markdown writer, directly


SITE = Site("de", "en", ("de", "en", "fr"), ("Transparenz: Redaktionell erstellt und geprüft.", "Veröffentlicht am {date}"))


def _article() -> Article:
    return Article(
        slug="a", path="articles/a.txt", format="txt",
        chrome=(ChromeText("Veröffentlicht am {date}", 3, "chrome", (("date", "12.03.2026"),)),
                ChromeText("Impressum", 4, "footer link")),
        body=(BodyText("Head", 1, "headline"), BodyText("Lede", 6, "teaser"), BodyText("Lede", 7, "teaser"),
              BodyText("Head", 8, "headline"), BodyText("Body", 9, "paragraph")),
    )


def test_render_chooses_each_text_by_the_policy() -> None:
    machine = Message(msgid="Body", msgstr="Corps", flags=["fuzzy"],
                      translator_comments=[f"{ORIGIN} {origin_value('mt test', '2026-01-01', 'Body')}"])
    catalogs = Catalogs(chrome={"Veröffentlicht am {date}": Entry.of(Message(msgid="Veröffentlicht am {date}",
                                                                              msgstr="Publié le {date}"))},
                        body={"Head": Entry.of(Message(msgid="Head", msgstr="Tête")), "Body": Entry.of(machine)})
    edition = render(_article(), catalogs, "fr", Policy(), SITE, dt.date(2026, 3, 12))
    assert [(p.role, p.text, p.source) for p in edition.passages] == [
        ("headline", "Tête", Source.APPROVED),
        ("date", "Publié le 12 mars 2026", Source.APPROVED),
        ("teaser", "Lede", Source.FALLBACK),
        ("paragraph", "Body", Source.FALLBACK),
        ("footer link", "Impressum", Source.FALLBACK),
    ]
    assert edition.state == "partial" and edition.counts.machine == 1
    allowed = render(_article(), catalogs, "fr", Policy(allow_machine=True), SITE, dt.date(2026, 3, 12))
    assert allowed.passages[3].text == "Corps" and allowed.machine == 1
    blocked = Catalogs(chrome=catalogs.chrome, body=catalogs.body, blocked=frozenset({("articles/a", "Head")}))
    failed = render(_article(), blocked, "fr", Policy(), SITE, None)
    assert failed.state == "failed" and failed.passages[0].text == "Head"
    assert not any(p.role == "date" for p in failed.passages), "no date, no date line"
    # An error in a draft the policy would not publish anyway: the review queue's business,
    # the edition is partial; under --allow-machine it would be published: failed.
    draft_error = Catalogs(chrome=catalogs.chrome, body=catalogs.body, blocked=frozenset({("articles/a", "Body")}))
    assert render(_article(), draft_error, "fr", Policy(), SITE, None).state == "partial"
    shown = render(_article(), draft_error, "fr", Policy(allow_machine=True), SITE, None)
    body = next(p for p in shown.passages if p.role == "paragraph")
    assert shown.state == "failed" and body.text == "Body" and body.fallback and shown.machine == 0


def test_markdown_escapes_everything_that_could_be_markup() -> None:
    hostile = "<b>x</b> [y](javascript:z) *a* _b_ `c` # d & e | f ~g~ !h"
    rendered = MarkdownIt("commonmark").render(pages.md_escape(hostile))
    assert rendered == "<p>&lt;b&gt;x&lt;/b&gt; [y](javascript:z) *a* _b_ `c` # d &amp; e | f ~g~ !h</p>\n"
    for start in ("- x", "+ x", "1. x", "2) x", "> x", "# x", "=== x"):
        assert MarkdownIt("commonmark").render(pages.md_escape(start)) == f"<p>{start.replace('>', '&gt;')}</p>\n"


INLINE_TEXTS = [
    "The **record** came *at noon* with `code` and [a link](https://x.org/a?b=1&c=\"2\") and __more__.",
    "[bad](javascript:alert(1)) [worse](<vbscript:x>) <javascript:alert(2)> <b>raw</b> <!-- c --> &amp; &lt;",
    "An image: ![a *chart*](https://evil.example/c.png \"t\"), escapes \\*kept\\*, a_b_c, 2 * 3 * 4",
    "``a ` b`` and ` lead`, `` `x` ``, [x](<a b>) and [y](https://e.org/\"><script>) and <https://e.org/q?a=1>",
    "[parens](<https://en.wikipedia.org/wiki/Bonn_(city)>) and [p2](https://e.org/a_(b)) and [t](/x 'title')",
    "*nested **strong** in em* and **strong *em* strong** [link *em* `code`](/rel/path)",
    "- not a list *but* em", "1. not ordered, *em*", "> not a quote", "# not a heading **but** strong",
]


def _assert_inert_inline(text: str) -> str:
    """The Markdown edition's line for ``text``: one paragraph, nothing active in it or in
    the HTML edition's, the same words as the HTML shows."""
    written = pages.md_inline(text)
    rendered = MarkdownIt("commonmark").render(written)  # raw HTML on: the worst reader
    if written:
        assert rendered.startswith("<p>") and rendered.count("<p>") == 1 and "<hr" not in rendered, (text, rendered)
    html = inline.to_html(text)
    for needle in ("<script", "<img", "<b>", "<!--", 'href="javascript', 'href="vbscript', 'href="data', "<pre"):
        assert needle not in rendered.lower() and needle not in html.lower(), (text, needle)
    assert " ".join(inline.plain(written).split()) == " ".join(inline.plain(text).split()), (text, written)
    return written


@pytest.mark.parametrize("text", INLINE_TEXTS)
def test_a_markdown_articles_inline_markup_reads_the_same_in_both_outputs(text: str) -> None:
    """The Markdown edition writes the markup that the HTML shows, and nothing more: read
    again, it is the same tree (whitespace tidied); rendered by a reader with raw HTML on,
    nothing is active."""
    written = _assert_inert_inline(text)
    assert inline._tidy(inline.parse(written)) == inline._tidy(inline.parse(text)), written


ODD_INLINE = {
    # emphasis next to emphasis, which Markdown would read otherwise: written without it
    "El *alcalde*_habló_ hoy.": "El alcaldehabló hoy.",  # (as the HTML shows it: <em>alcalde</em><em>habló</em>)
    "**a**__b__ and [c](/d)": "ab and [c](/d)",
    # whitespace an entity makes: no list, no code block, no rule
    "*&#32;a* b": "*a* b", "&#32;&#32;&#32;&#32;code": "code", "**&#32;**": "", "&#9;&#9;x": "x",
    # data: links (markdown-it lets images through) stay text
    "[x](data:image/png;base64,AAAA) <DATA:image/gif;base64,R0lG>": None,
    # an entity in an address, read once
    "[x](http://a/?b&amp;amp;c)": "[x](http://a/?b\\&amp;c)",
}


@pytest.mark.parametrize("text", ODD_INLINE)
def test_odd_inline_markup_is_written_safely_with_its_words(text: str) -> None:
    written = _assert_inert_inline(text)
    if ODD_INLINE[text] is not None:
        assert written == ODD_INLINE[text]
    assert "<a" not in inline.to_html(text) or "data:" not in text


def test_random_inline_markup_is_written_safely_with_its_words() -> None:
    import random

    pieces = ["*", "**", "_", "__", "`", "``", "[", "]", "(", ")", "<", ">", "!", "&", "&amp;", "&#32;", "\\",
              "#", "-", " ", "  ", "a", "word", "x1", "https://e.org/p", "javascript:alert(1)", "data:image/png,x",
              "<b>", "</b>", "](", "](/rel)", "|", "~", ":", "/", '"', "'", "\t"]
    generator = random.Random(20261202)
    for _ in range(3000):
        _assert_inert_inline("".join(generator.choice(pieces) for _ in range(generator.randint(1, 14))))


def test_inline_markup_as_html() -> None:
    assert inline.to_html(INLINE_TEXTS[0]) == (
        'The <strong>record</strong> came <em>at noon</em> with <code>code</code> and '
        '<a href="https://x.org/a?b=1&amp;c=%222%22">a link</a> and <strong>more</strong>.')
    assert inline.to_html(INLINE_TEXTS[1]) == (
        "[bad](javascript:alert(1)) [worse](&lt;vbscript:x&gt;) &lt;javascript:alert(2)&gt; &lt;b&gt;raw&lt;/b&gt; "
        "&lt;!-- c --&gt; &amp; &lt;")
    assert inline.to_html(INLINE_TEXTS[2]) == "An image: a <em>chart</em>, escapes *kept*, a_b_c, 2 * 3 * 4"
    assert inline.plain("The *Record* Day: `x < y` and [more](https://e.org)") == "The Record Day: x < y and more"
    assert inline.plain("") == "" and inline.to_html("") == ""


def test_the_manifest_that_does_not_read_rebuilds_everything(cli: CliCall) -> None:
    cli("build", "--no-mt")
    (cli.root / "build" / ".l10n-build.json").write_text("{not json", encoding="utf-8")
    data = json.loads(cli("build", "--no-mt", "--json").stdout)
    assert len(data["editions"]) == 24 and not data["errors"]
    json.loads((cli.root / "build" / ".l10n-build.json").read_text(encoding="utf-8"))


def test_the_untranslated_a_build_reports_are_the_entries_status_counts(cli: CliCall) -> None:
    """Each entry once, as l10n status counts it: the chrome a locale's editions all read
    is not counted once an edition."""
    built = json.loads(cli("build", "--no-mt", "--json").stdout)
    status = {loc["locale"]: loc for loc in json.loads(cli("status", "--json", "--totals").stdout)}
    for loc in built["locales"]:
        assert loc["untranslated"] == status[loc["locale"]]["untranslated"] > 0, loc
        assert loc["next"] == f"l10n translate -l {loc['locale']}: {loc['untranslated']} untranslated"


def test_the_review_queue_a_build_reports_is_the_one_status_and_review_list_count(cli: CliCall) -> None:
    """Not the drafts of an orphaned catalog (its template gone): here the chrome's, its
    template removed by hand and not written again by a build --check. (Before, the build
    counted them; status and review list did not.)"""
    from l10n import translate
    from l10n.mt.engine import FakeEngine, PivotEngine

    cli("extract")
    cli("update", "-l", "fr")
    translate.run(config_mod.load(cli.root), PivotEngine(FakeEngine()), ["fr"], today=dt.date(2026, 11, 28))
    cli("build", "--no-mt", "-l", "fr")
    (cli.root / "locales/templates/chrome.pot").unlink()
    data = json.loads(cli("build", "--check", "--no-mt", "-l", "fr", "--json", code=1).stdout)
    status = json.loads(cli("status", "-l", "fr", "--json", "--totals").stdout)[0]
    listed = json.loads(cli("review", "list", "-l", "fr", "--json").stdout)
    assert [(loc["locale"], loc["queue"]) for loc in data["locales"]] == [("fr", status["queue"])]
    assert status["queue"] == len(listed) > 0 and not any(e["article"] is None for e in listed)
    assert status["machine"] > len(listed)  # (the chrome's drafts are still in its file)


def test_a_catalog_that_does_not_read_is_named_and_the_rest_is_built(cli: CliCall) -> None:
    """Its editions are not rendered (and say so), the others are; the next step is to fix
    the catalog, not to run the checks."""
    cli("build", "--no-mt")
    slug = "eu-ai-act-enforcement"
    catalog = cli.root / "locales" / "fr" / "LC_MESSAGES" / "articles" / f"{slug}.po"
    catalog.write_text(catalog.read_text(encoding="utf-8") + '\nmsgid "unterminated\n', encoding="utf-8")
    (cli.root / "articles" / "solar-power-milestone.md").write_text(
        (cli.root / "articles" / "solar-power-milestone.md").read_text(encoding="utf-8") + "\nOne more line.\n",
        encoding="utf-8")
    result = cli("build", "--no-mt", "--json", code=1)
    data = json.loads(result.stdout)
    assert any(f"{slug}.po:" in error for error in data["errors"]), data["errors"]
    broken = [e for e in data["editions"] if e["error"]]
    assert [(e["locale"], e["article"]) for e in broken] == [("fr", slug)]
    fr = next(loc for loc in data["locales"] if loc["locale"] == "fr")
    assert fr["not_rendered"] == 1 and fr["failed"] >= 1
    assert fr["next"] == "fix the errors below, then l10n build -l fr: 1 edition not rendered"
    assert "One more line." in (cli.root / "build" / "fr" / "solar-power-milestone.html").read_text(encoding="utf-8")
    status = (cli.root / "build" / "index.html").read_text(encoding="utf-8")
    row = status[status.index(f"<code>{slug}</code>"):]
    row = row[:row.index("</tr>")]
    assert row.count('<span class="state">not rendered</span> · last edition kept') == 1  # (fr's cell alone)
    assert row.count('<span class="error">') == 1 and f'<span class="error">locales/fr/LC_MESSAGES/articles/{slug}.po:' in row
    shown = cli("build", "--no-mt", code=1)
    assert "not rendered" in shown.stdout and "Traceback" not in shown.stdout + shown.stderr
    assert re.search(r"render: 24 editions, 0 written, 23 unchanged, 1 not rendered", shown.stdout), shown.stdout
    assert re.search(r"update: 0 catalogs written, \d+ unchanged, 1 failed", shown.stdout), shown.stdout
    assert "next: fix the errors below, then l10n build -l fr: 1 edition not rendered" in shown.stdout
    # The errors come after the report, on stderr, as the next step says (and the compile
    # line's "(see below)"): before, it sent the reader to errors "above" that were not.
    lines = shown.output.splitlines()
    step = lines.index("next: fix the errors below, then l10n build -l fr: 1 edition not rendered")
    errors = [i for i, line in enumerate(lines) if line.startswith("l10n: error: ") and f"{slug}.po:" in line]
    assert errors and min(errors) > step, lines


def test_build_with_no_articles_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = sample_workspace(tmp_path / "ws")
    shutil.rmtree(root / "articles")
    (root / "articles").mkdir()
    monkeypatch.chdir(root)
    result = CliCall(root)("build", "--no-mt", code=2)
    assert "no articles" in result.stderr and "Traceback" not in result.stderr


def test_a_build_folder_linked_out_of_the_workspace_is_refused(cli: CliCall, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (cli.root / "build").mkdir()
    (cli.root / "build" / "fr").symlink_to(outside)
    result = cli("build", "--no-mt", code=2)
    assert "outside the workspace" in result.stderr
    assert not list(outside.iterdir())


def test_an_article_linked_out_of_the_workspace_is_named_and_the_others_built(cli: CliCall, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("Secret headline\n\nNothing from here may be read.\n", encoding="utf-8")
    (cli.root / "articles" / "linked.txt").symlink_to(outside)
    result = cli("build", "--no-mt", "-l", "en", code=1)
    assert "articles/linked.txt: resolves to" in result.stderr and "Traceback" not in result.stderr
    built = sorted(p.stem for p in (cli.root / "build" / "en").glob("*.html") if p.stem != "index")
    assert built == sorted(p.stem for p in (cli.root / "articles").iterdir() if p.name != "linked.txt")
    assert "Secret headline" not in "".join(p.read_text(encoding="utf-8") for p in (cli.root / "build").rglob("*.*"))
    # An article built before, then linked out: as an unreadable one, its last editions are
    # kept and listed (before: removed, as if the article had been deleted).
    article = cli.root / "articles" / "eu-ai-act-enforcement.txt"
    edition = cli.root / "build" / "en" / "eu-ai-act-enforcement.html"
    kept = edition.read_bytes()
    (tmp_path / "moved.txt").write_bytes(article.read_bytes().replace(b"Eighteen months", b"Secret headline"))
    article.unlink()
    article.symlink_to(tmp_path / "moved.txt")
    result = cli("build", "--no-mt", "-l", "en", code=1)
    assert "articles/eu-ai-act-enforcement.txt: resolves to" in result.stderr
    assert edition.read_bytes() == kept
    assert "eu-ai-act-enforcement.html" in (cli.root / "build" / "en" / "index.html").read_text(encoding="utf-8")
    assert (cli.root / "locales" / "templates" / "articles" / "eu-ai-act-enforcement.pot").is_file()


# ---------------------------------------------------------------------------------------
# Rendering shared out among processes


def test_editions_rendered_by_forked_processes_are_the_golden_ones(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """From RENDER_PARALLEL_FROM editions on, forked processes render and this one writes:
    the same files as one process makes. An edition a worker cannot render (an error it
    met) is rendered again here."""
    from l10n import parallel
    from l10n.build import pipeline

    root = translated_workspace(tmp_path / "ws")
    shutil.rmtree(root / "build")  # every edition rendered in the build below
    shares: list[int] = []
    real_map = parallel.map_chunks

    def recording(function, chunks, workers, done=None):  # type: ignore[no-untyped-def]
        shares.append(workers)
        return real_map(function, chunks, workers, done)

    parent = os.getpid()
    real_draft = pipeline._Renderer._draft

    def failing_in_workers(self, locale, slug, key):  # type: ignore[no-untyped-def]
        if os.getpid() != parent and (locale, slug) == ("fr", SLUGS[0]):
            raise InputError("met in a worker only")
        return real_draft(self, locale, slug, key)

    monkeypatch.setattr(pipeline, "RENDER_PARALLEL_FROM", 4)
    monkeypatch.setattr(parallel, "map_chunks", recording)
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(pipeline._Renderer, "_draft", failing_in_workers)
    result = build_run.run(config_mod.load(root), now=BUILT)
    assert not result.errors, result.errors
    assert 2 in shares  # the editions were shared out between two processes
    assert sum(e.written for e in result.editions) == len(EDITIONS)
    for locale, slug in EDITIONS:
        for ext in ("html", "md"):
            name = f"{locale}/{slug}.{ext}"
            assert (root / "build" / name).read_text(encoding="utf-8") == (GOLDEN / name).read_text(encoding="utf-8")
