"""The status page and the editions in a real browser: headless Chromium through Selenium.

Debian's ``chromium`` and ``chromium-driver`` (``.ci/run`` installs them). Without them the
tests are skipped on a developer's machine and fail in CI (``CI`` set): CI must run them.
Screenshots go to the test's temporary folder (``L10N_SCREENSHOTS=DIR`` keeps them there).
"""

from __future__ import annotations

import base64
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from build_fixtures import BUILT, translated_workspace
from l10n import config as config_mod
from l10n.build import run as build_run

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
HOSTILE = """\
Headline <script>window.__pwned = 1</script> <img src=x onerror="window.__pwned = 2">

Transparenz: Redaktionell erstellt und geprüft.
Veröffentlicht am 01.02.2026
Impressum · Kontakt · Redaktionskodex

"><svg onload="window.__pwned = 3"> A teaser that tries to break out of an attribute.

A paragraph with [a link](javascript:window.__pwned=4).
"""


def _require_browser() -> None:
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not os.path.exists(p)]
    if not missing:
        return
    message = f"headless Chromium needs {' and '.join(missing)} (apt-get install chromium chromium-driver)"
    if os.environ.get("CI"):
        pytest.fail(message)  # CI installs them: a missing browser there is a broken CI, not a skip
    pytest.skip(message)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    _require_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="l10n-chromium-")
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--window-size=1280,900"):
        options.add_argument(flag)
    # The driver is Debian's: Selenium Manager (which would download one) is never asked.
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = translated_workspace(tmp_path_factory.mktemp("browser") / "ws")
    (root / "articles" / "zz-hostile.txt").write_text(HOSTILE, encoding="utf-8")
    result = build_run.run(config_mod.load(root), now=BUILT)
    assert not result.errors, result.errors
    return root / "build"


def _screenshot(driver: Any, name: str, folder: Path) -> Path:
    keep = os.environ.get("L10N_SCREENSHOTS")
    target = Path(keep) if keep else folder
    target.mkdir(parents=True, exist_ok=True)
    path = target / name
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
    path.write_bytes(base64.b64decode(shot["data"]))
    return path


def test_the_status_page_lists_every_article_and_reads_well(browser: Any, site: Path, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    browser.get((site / "index.html").as_uri())
    assert browser.title == "Translation status"
    rows = browser.find_elements(By.CSS_SELECTOR, "tbody tr")
    titles = [row.find_element(By.CSS_SELECTOR, "th .title").text for row in rows]
    assert len(titles) == 7 and "Bundestag Passes 2027 Budget After Marathon Debate" in titles
    assert any("<script>" in t for t in titles), "the hostile headline is shown as text"
    assert browser.execute_script("return window.__pwned === undefined")
    # every cell links to its edition, and every edition is there
    links = browser.find_elements(By.CSS_SELECTOR, "td.cell a")
    assert len(links) == 7 * 4
    for link in links:
        target = site / link.get_attribute("href").split("/build/", 1)[1]
        assert target.is_file(), target
    # a bar shows each state it counts, proportionally, and the page does not scroll sideways
    bar = browser.find_element(By.CSS_SELECTOR, "tbody tr:nth-child(3) td:nth-child(4) .bar")
    widths = {seg.get_attribute("class").split()[-1]: seg.size["width"]
              for seg in bar.find_elements(By.CSS_SELECTOR, ".seg")}
    assert widths and all(width > 0 for width in widths.values())
    assert sum(widths.values()) == pytest.approx(bar.size["width"], abs=2)
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
    queue = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".locale .queue")]
    assert queue[0].startswith("1 waiting for review")
    _screenshot(browser, "status.png", tmp_path)


def test_an_edition_reads_well_and_marks_what_is_not_translated(browser: Any, site: Path, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    browser.get((site / "fr" / "eu-ai-act-enforcement.html").as_uri())
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr"
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("L’AI Act de l’UE montre les dents")
    assert "Publié le 12 mars 2026" in browser.find_element(By.CSS_SELECTOR, ".dateline").text
    fallbacks = browser.find_elements(By.CSS_SELECTOR, ".fallback")
    assert fallbacks and {f.get_attribute("lang") for f in fallbacks} == {"en"}
    # the language badge shows before an untranslated passage
    badge = browser.execute_script(
        "return getComputedStyle(document.querySelector('p.fallback'), '::before').content")
    assert badge == '"en"'
    note = browser.find_element(By.CSS_SELECTOR, ".notice.partial")
    assert note.is_displayed() and "pas encore traduites" in note.text
    text_width = browser.find_element(By.TAG_NAME, "article").size["width"]
    assert 500 <= text_width <= 720, "a readable measure"
    _screenshot(browser, "edition-fr.png", tmp_path)


def test_hostile_text_stays_text_in_the_browser(browser: Any, site: Path, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    for locale in ("de", "en", "fr"):
        browser.get((site / locale / "zz-hostile.html").as_uri())
        assert browser.execute_script("return window.__pwned === undefined")
        assert "<script>" in browser.find_element(By.TAG_NAME, "h1").text
        assert not browser.find_elements(By.CSS_SELECTOR, "article script, article img, article svg")
        assert not browser.find_elements(By.CSS_SELECTOR, "a[href^='javascript']")
    _screenshot(browser, "hostile.png", tmp_path)
