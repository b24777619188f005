"""The review desk end to end: ``l10n serve`` in a subprocess, walked by a real headless
Chromium (Debian's ``chromium`` and ``chromium-driver``, through Selenium) with the
keyboard; then the .po files and the audit log are read back.

Without Chromium the test is skipped on a developer's machine and fails in CI (``CI`` set:
``.ci/run`` installs both). ``L10N_SCREENSHOTS=DIR`` keeps a screenshot of every page.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import selectors
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import polib
import pytest

from l10n import config as config_mod
from l10n import translate
from l10n.mt.engine import FakeEngine, PivotEngine
from l10n.review import queue as queue_mod

TODAY = dt.date(2026, 11, 28)
KIM = "kim-jong-un-china-parade"
HOSTILE = """Bundestag Passes 2028 Budget After Long Debate

The <script>window.pwned = 1</script> tag and <img src=x onerror="window.pwned = 2"> must show as text.
"""
CHROME_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1360,1000")


def _chromium() -> tuple[str, str]:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if browser and driver:
        return browser, driver
    message = "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def workspace_with_drafts(cli: Any) -> Path:
    (cli.root / "articles" / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    cli("extract")
    cli("update")
    translate.run(config_mod.load(cli.root), PivotEngine(FakeEngine()), today=TODAY)
    return Path(cli.root)


class Served:
    def __init__(self, process: subprocess.Popen[str], url: str, root: Path | None = None) -> None:
        self.root = root
        self.process = process
        self.url = url  # with the token
        self.base = url.split("?", 1)[0].rstrip("/")


@pytest.fixture
def served(workspace_with_drafts: Path) -> Iterator[Served]:
    yield from _serve(workspace_with_drafts)


def _serve(root: Path) -> Iterator[Served]:
    """``l10n serve`` on ``root`` as Eve Browser, until the test is done."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("L10N_REVIEWER", None)
    process = subprocess.Popen([sys.executable, "-m", "l10n", "serve", "--port", "0", "--reviewer", "Eve Browser"],
                               cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
    assert process.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    line = process.stdout.readline() if selector.select(timeout=60) else ""
    match = re.search(r"is at (http://127\.0\.0\.1:\d+/\?token=\S+)", line)
    if not match:
        process.kill()
        pytest.fail(f"l10n serve did not print its address: {line!r} {process.stdout.read()!r}")
    try:
        yield Served(process, match.group(1), root)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        selector.close()
        process.stdout.close()  # (left to the collector, it warns in whichever test runs then)


@pytest.fixture
def chrome(tmp_path: Path) -> Iterator[Any]:
    browser, driver_path = _chromium()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in (*CHROME_FLAGS, f"--user-data-dir={tmp_path / 'chromium-profile'}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=driver_path))
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def test_a_reviewer_walks_the_queue_with_the_keyboard(served: Served, chrome: Any,
                                                      workspace_with_drafts: Path) -> None:
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.select import Select
    from selenium.webdriver.support.wait import WebDriverWait

    root = workspace_with_drafts
    config = config_mod.load(root)
    kim = queue_mod.load(config, ["fr"]).queue("fr", KIM)
    first, second, third, fourth, fifth = kim[:5]
    shots = os.environ.get("L10N_SCREENSHOTS")

    def shot(name: str) -> None:
        if shots:
            Path(shots).mkdir(parents=True, exist_ok=True)
            chrome.save_screenshot(str(Path(shots) / f"{name}.png"))

    def keys(*sequence: str) -> None:
        ActionChains(chrome).send_keys(*sequence).perform()

    def ctrl(key: str) -> None:
        ActionChains(chrome).key_down(Keys.CONTROL).send_keys(key).key_up(Keys.CONTROL).perform()

    def wait(condition: Callable[[Any], Any], what: str) -> None:
        WebDriverWait(chrome, 20).until(condition, message=f"waited for {what}; at {chrome.current_url}")

    def at_entry(entry: queue_mod.Entry) -> None:
        wait(lambda d: urlsplit(d.current_url).path == f"/fr/entry/{entry.id}"
             and d.execute_script("return document.readyState") == "complete", f"entry {entry.id}")

    def pwned() -> Any:
        return chrome.execute_script("return window.pwned === undefined ? null : window.pwned")

    # The address with the token signs the browser in; the token leaves the address bar.
    chrome.get(served.url)
    assert urlsplit(chrome.current_url).query == ""
    assert "What waits for review" in chrome.find_element(By.TAG_NAME, "h1").text
    shot("1-dashboard")

    # The queue of French, narrowed to one article with the filter form.
    chrome.find_element(By.CSS_SELECTOR, 'a[href="/fr/queue"]').click()
    Select(chrome.find_element(By.NAME, "article")).select_by_value(KIM)
    chrome.find_element(By.CSS_SELECTOR, ".filters button").click()
    wait(lambda d: f"article={KIM}" in d.current_url, "the filtered queue")
    rows = chrome.find_elements(By.CSS_SELECTOR, "table.entries a.id")
    assert [r.get_attribute("href").split("/fr/entry/")[1].split("?")[0] for r in rows] == [e.id for e in kim]
    shot("2-queue")

    # Enter opens the first entry; "a" accepts it and the next one opens.
    keys(Keys.ENTER)
    at_entry(first)
    shot("3-entry")
    keys("a")
    at_entry(second)
    assert f"Accepted {first.id}." in chrome.find_element(By.CSS_SELECTOR, ".notice.done").text

    # "e" goes into the text box; the checks follow the typing; Ctrl+Enter saves, approved.
    keys("e")
    assert chrome.switch_to.active_element.get_attribute("id") == "text"
    ctrl("a")
    keys("Le dirigeant nord-coréen ira en Chine.")
    wait(lambda d: "glossary term 'Kim Jong Un' is missing" in d.find_element(By.ID, "findings").text,
         "the live glossary finding")
    assert chrome.find_element(By.ID, "accept").get_attribute("disabled") is not None
    shot("4-entry-edited")
    ctrl("a")
    edited = "Le dirigeant Kim Jong Un assistera au défilé du 80e anniversaire le 3 septembre 2025."
    keys(edited)
    wait(lambda d: "Kim Jong Un" not in d.find_element(By.ID, "findings").text, "the finding to go")
    ctrl(Keys.ENTER)
    at_entry(third)

    # "r" goes to the reason; Enter rejects.
    keys("r")
    assert chrome.switch_to.active_element.get_attribute("id") == "reason"
    keys("contresens", Keys.ENTER)
    at_entry(fourth)

    # "s" skips, "b" comes back; nothing is written by either.
    keys("s")
    at_entry(fifth)
    keys("b")
    at_entry(fourth)
    # An edit not saved is not lost to one "s": the first press says so, the second leaves.
    keys("e", "un ajout", Keys.ESCAPE, "s")
    wait(lambda d: d.find_element(By.ID, "leave-hint").is_displayed(), "the hint about the unsaved edit")
    at_entry(fourth)
    keys("s")
    at_entry(fifth)
    keys("b")
    at_entry(fourth)
    # The same with the Skip link: the first click says so, the second leaves.
    keys("e", "un autre ajout", Keys.ESCAPE)
    chrome.find_element(By.ID, "next").click()
    wait(lambda d: d.find_element(By.ID, "leave-hint").is_displayed(), "the hint, after a click on Skip")
    at_entry(fourth)
    chrome.find_element(By.ID, "next").click()
    at_entry(fifth)
    keys("b")
    at_entry(fourth)
    # Any other way off the page (a breadcrumb, the preview link, a reload) has the browser
    # ask first: the page cancels its beforeunload while an edit is not saved. (WebDriver
    # answers the browser's own question itself, so the event is what is looked at.)
    asks = ("const e = new Event('beforeunload', {cancelable: true}); window.dispatchEvent(e); "
            "return e.defaultPrevented;")
    assert chrome.execute_script(asks) is False  # (nothing typed)
    keys("e", "encore un ajout", Keys.ESCAPE)
    assert chrome.execute_script(asks) is True
    # Alt+PageDown, as s: the unsaved edit is pointed out first
    chrome.find_element(By.ID, "text").send_keys(Keys.ALT, Keys.PAGE_DOWN)
    wait(lambda d: d.find_element(By.ID, "leave-hint").is_displayed(), "the hint, after Alt+PageDown")
    at_entry(fourth)
    chrome.refresh()  # (the hint forgotten; WebDriver answers the browser's question itself)
    at_entry(fourth)
    keys("e", "encore un ajout", Keys.ESCAPE)
    # another form of the page sent (the reviewer's name) leaves it too: still asked
    chrome.execute_script("document.querySelector('form[action$=\"/reviewer\"]')"
                          ".dispatchEvent(new Event('submit', {cancelable: true}));")
    assert chrome.execute_script(asks) is True
    chrome.refresh()
    at_entry(fourth)
    keys("e", "encore un ajout", Keys.ESCAPE)
    keys("s")  # (pointed out, then s leaves without asking again)
    assert chrome.execute_script(asks) is False
    keys("s")
    at_entry(fifth)
    keys("b")
    at_entry(fourth)

    catalog = polib.pofile(str(root / first.catalog))
    accepted, saved, rejected, skipped = (catalog.find(e.msgid) for e in (first, second, third, fourth))
    assert not accepted.fuzzy and accepted.msgstr == first.msgstr
    assert not saved.fuzzy and saved.msgstr == edited
    assert rejected.msgstr == "" and re.search(r"l10n-rejected: \S+ by Eve Browser: contresens", rejected.tcomment)
    assert skipped.fuzzy and skipped.msgstr == fourth.msgstr
    assert catalog.metadata["Last-Translator"] == "Eve Browser"
    log = [json.loads(line) for line in (root / "locales/fr/review.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(r["action"], r["id"], r["reviewer"]) for r in log] == [
        ("accept", first.id, "Eve Browser"), ("edit", second.id, "Eve Browser"), ("reject", third.id, "Eve Browser")]
    assert log[1]["after"] == edited and log[2]["reason"] == "contresens"

    # Markup in an article and in its draft is shown as text on every page, and never runs.
    hostile = next(e for e in queue_mod.load(config, ["fr"]).queue("fr", "hostile") if "<script>" in e.msgid)
    for path, name in (("/fr/queue?article=hostile", "5-queue-hostile"), (f"/fr/entry/{hostile.id}", "6-entry-hostile"),
                       ("/fr/article/hostile", "7-article-hostile"), (f"/fr/article/{KIM}", "8-article")):
        chrome.get(served.base + path)
        assert "<script>window.pwned = 1</script>" in chrome.find_element(By.TAG_NAME, "main").text or path.endswith(KIM)
        assert pwned() is None, path
        with pytest.raises(NoAlertPresentException):
            chrome.switch_to.alert.text
        shot(name)
    chrome.get(served.base + f"/fr/entry/{hostile.id}")
    assert chrome.find_element(By.ID, "text").get_attribute("value") == hostile.msgstr

    # Ctrl+C stops the server cleanly.
    served.process.send_signal(signal.SIGINT)
    out, _ = served.process.communicate(timeout=20)
    assert served.process.returncode == 0 and out.strip().endswith("stopped"), out


def test_sigterm_stops_the_desk_as_ctrl_c_does(served: Served) -> None:
    """``kill``, ``systemctl stop``: the desk stops, says so, and exits 0."""
    import http.client

    address = urlsplit(served.url)
    asking = http.client.HTTPConnection(address.hostname or "", address.port, timeout=10)
    asking.request("GET", f"{address.path}?{address.query}")
    assert asking.getresponse().status == 303  # (serving: signed in, on to the desk)
    asking.close()
    served.process.send_signal(signal.SIGTERM)
    out, _ = served.process.communicate(timeout=20)
    assert served.process.returncode == 0 and out.strip().endswith("stopped"), out


@pytest.fixture
def arabic_served(cli: Any) -> Iterator[Served]:
    """A workspace with Arabic drafts, one of them holding a right-to-left override."""
    pyproject = cli.root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace(
        'locales = ["de", "en", "fr", "es"]', 'locales = ["ar"]', 1), encoding="utf-8")
    cli("extract")
    cli("update")
    translate.run(config_mod.load(cli.root), PivotEngine(FakeEngine(installed=(("en", "ar"), ("de", "en")))),
                  today=TODAY)
    first = queue_mod.load(config_mod.load(cli.root), ["ar"]).queue("ar", KIM)[0]
    catalog = polib.pofile(str(cli.root / first.catalog))
    found = catalog.find(first.msgid)
    assert found is not None
    found.msgstr = "عودة \u202eكيم\u202c الجريئة"
    catalog.save()
    yield from _serve(Path(cli.root))


def test_an_arabic_entry_reads_right_to_left_and_a_bidi_override_shows(arabic_served: Served, chrome: Any) -> None:
    """The text box of an Arabic entry is right to left, the breadcrumb keeps the language's
    name apart from the ID, and a right-to-left override in the draft is shown as a marker
    (the box keeps it as it is)."""
    from selenium.webdriver.common.by import By

    assert arabic_served.root is not None
    config = config_mod.load(arabic_served.root)
    first = queue_mod.load(config, ["ar"]).queue("ar", KIM)[0]
    chrome.get(arabic_served.url)
    chrome.get(f"{arabic_served.base}/ar/entry/{first.id}")
    box = chrome.find_element(By.ID, "text")
    assert chrome.execute_script("return getComputedStyle(arguments[0]).direction", box) == "rtl"
    assert box.get_attribute("value") == first.msgstr  # (as it is: the override kept)
    crumbs = chrome.find_element(By.CSS_SELECTOR, "nav.crumbs").text
    assert crumbs.endswith(f"› {first.id}") and "العربية" in crumbs, crumbs
    source = chrome.find_element(By.CSS_SELECTOR, "section.source p.text")
    assert chrome.execute_script("return getComputedStyle(arguments[0]).direction", source) == "ltr"
    shown = chrome.find_element(By.CSS_SELECTOR, "#hidden-chars p.text").text
    assert "⟨U+202E⟩" in shown and "\u202e" not in shown
    shots = os.environ.get("L10N_SCREENSHOTS")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
        chrome.save_screenshot(str(Path(shots) / "arabic-entry.png"))
