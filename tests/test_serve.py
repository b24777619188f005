"""The review desk through Flask's test client: every page and action, the token, CSRF and
Host guards, hostile text, two reviewers at once, a translator saving meanwhile; and the
pure pieces under it (suggestions, glossary marks, the article preview, the addresses)."""

from __future__ import annotations

import datetime as dt
import html
import ipaddress
import json
import re
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polib
import pytest
from flask.testing import FlaskClient
from markupsafe import escape
from werkzeug.test import TestResponse

from l10n import config as config_mod
from l10n import status, translate
from l10n.mt.engine import FakeEngine, PivotEngine
from l10n.review import actions, preview, suggest
from l10n.review import queue as queue_mod
from l10n.review.queue import Entry
from l10n.review.terms import Span, mark_terms
from l10n.serve import server
from l10n.serve.app import create_app
from l10n.states import REJECTED, State

TODAY = dt.date(2026, 11, 28)
TOKEN = "t0ken-for-tests"
HOST = "127.0.0.1:8400"
BASE = f"http://{HOST}"
KIM = "kim-jong-un-china-parade"
HOSTILE = """Bundestag Passes 2028 Budget After Long Debate

Transparenz: Redaktionell erstellt und geprüft.
Veröffentlicht am 28.11.2026
Impressum · Kontakt · Redaktionskodex

The <script>window.pwned = 1</script> tag and <img src=x onerror="window.pwned = 2"> must show as text.

Kim Jong Un met Xi Jinping in Beijing on Friday.
"""


class Browser:
    """One browser: its own session cookie, at the address the desk is served as."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client
        self.csrf = ""

    def get(self, path: str, **kwargs: Any) -> TestResponse:
        return self.client.get(path, base_url=BASE, **kwargs)

    def post(self, path: str, data: dict[str, str] | None = None, csrf: bool = True, **kwargs: Any) -> TestResponse:
        form = dict(data or {})
        if csrf:
            form.setdefault("csrf", self.csrf)
        return self.client.post(path, data=form, base_url=BASE, **kwargs)

    def sign_in(self) -> Browser:
        response = self.get(f"/?token={TOKEN}")
        assert response.status_code == 303 and response.headers["Location"] == "/"
        self.csrf = csrf_of(self.get("/"))
        return self


def csrf_of(response: TestResponse) -> str:
    match = re.search(r'<meta name="csrf-token" content="([^"]+)">', response.text)
    assert match, response.text[:500]
    return match.group(1)


def form_fields(page: str) -> dict[str, str]:
    """The hidden fields of the entry page's main form."""
    form = page[page.index('id="main"'):]
    form = form[: form.index("</form>")]
    return {m.group(1): html.unescape(m.group(2))
            for m in re.finditer(r'<input type="hidden" name="(\w+)" value="([^"]*)">', form)}


class Desk:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.config = config_mod.load(root)
        self.app = create_app(self.config, reviewer="Ada Reviewer", token=TOKEN,
                              hosts=server.allowed_hosts("127.0.0.1", 8400))

    def browser(self, signed_in: bool = True) -> Browser:
        browser = Browser(self.app.test_client())
        return browser.sign_in() if signed_in else browser

    def workspace(self, locale: str = "fr") -> queue_mod.Workspace:
        return queue_mod.load(self.config, [locale])

    def queue(self, locale: str = "fr", **kwargs: Any) -> list[Entry]:
        return self.workspace(locale).queue(locale, **kwargs)

    def entry(self, entry_id: str) -> Entry:
        found = self.workspace().find(entry_id)
        assert found is not None
        return found

    def po(self, entry: Entry) -> polib.POFile:
        return polib.pofile(str(self.root / entry.catalog))

    def message(self, entry: Entry) -> polib.POEntry:
        found = self.po(entry).find(entry.msgid, msgctxt=entry.msgctxt)
        assert found is not None
        return found

    def log(self, locale: str = "fr") -> list[dict[str, Any]]:
        path = self.root / "locales" / locale / "review.jsonl"
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []

    def snapshot(self) -> dict[str, bytes]:
        return {str(p.relative_to(self.root)): p.read_bytes() for p in sorted((self.root / "locales").rglob("*"))
                if p.is_file()}


@pytest.fixture
def desk(cli: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Desk]:
    monkeypatch.setenv("L10N_REVIEWER", "Ada Reviewer")
    (cli.root / "articles" / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    cli("extract")
    cli("update")
    translate.run(config_mod.load(cli.root), PivotEngine(FakeEngine()), today=TODAY)
    yield Desk(cli.root)


def entry_url(entry: Entry, query: str = "") -> str:
    return f"/{entry.locale}/entry/{entry.id}" + (f"?{query}" if query else "")


def act(browser: Browser, entry: Entry, action: str, page: str | None = None, query: str = "",
        **fields: str) -> TestResponse:
    """Send an action from the entry's page, as its form would."""
    shown = page if page is not None else browser.get(entry_url(entry, query)).text
    data = {**form_fields(shown), "action": action, **fields}
    if action != "reject":
        data.setdefault("text", entry.msgstr)
    return browser.post(entry_url(entry, query), data)


# ---------------------------------------------------------------------------------------
# the guard


def test_every_page_needs_the_token_once_then_the_cookie(desk: Desk) -> None:
    stranger = desk.browser(signed_in=False)
    entry = desk.queue()[0]
    for path in ("/", "/fr/queue", entry_url(entry), f"/fr/article/{KIM}", "/fr/queue?token="):
        response = stranger.get(path)
        assert response.status_code == 403, path
        assert ("needs its token" in response.text or "Wrong token" in response.text) and entry.msgstr not in response.text
        response.close()
    # Every request needs it, the stylesheet and script too.
    style = stranger.get("/static/desk.css")
    assert style.status_code == 403 and "--ink" not in style.text
    style.close()
    for path in ("/static/../fr/queue", "/static/%2e%2e/pyproject.toml", "/static/../../../pyproject.toml"):
        response = stranger.get(path)
        assert response.status_code in (403, 404) and "tool.l10n" not in response.text, path
        response.close()
    assert stranger.get("/?token=wrong").status_code == 403
    assert stranger.get("/").status_code == 403  # a wrong token signs nothing in
    # The token leaves the address at once; other parameters stay.
    response = stranger.get(f"/fr/queue?token={TOKEN}&state=machine")
    assert response.status_code == 303 and response.headers["Location"] == "/fr/queue?state=machine"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and TOKEN not in cookie
    assert stranger.get("/fr/queue").status_code == 200
    style = stranger.get("/static/desk.css")
    assert style.status_code == 200 and "--ink" in style.text
    style.close()
    script = stranger.get("/static/desk.js")
    assert script.status_code == 200 and "X-CSRF-Token" in script.text
    script.close()
    # Another browser without the token is still refused.
    assert desk.browser(signed_in=False).get("/").status_code == 403


def test_a_request_without_the_token_changes_nothing(desk: Desk) -> None:
    before = desk.snapshot()
    stranger = desk.browser(signed_in=False)
    entry = desk.queue()[0]
    response = stranger.post(entry_url(entry), {"action": "accept", "text": entry.msgstr}, csrf=False)
    assert response.status_code == 403
    assert desk.snapshot() == before and desk.log() == []


def test_a_wrong_host_is_refused_even_with_the_cookie(desk: Desk) -> None:
    browser = desk.browser()
    entry = desk.queue()[0]
    page = browser.get(entry_url(entry)).text
    before = desk.snapshot()
    for host in ("attacker.example:8400", "attacker.example", "127.0.0.1:8401", ""):
        assert browser.get("/", headers={"Host": host}).status_code == 400, host
        data = {**form_fields(page), "action": "accept", "text": entry.msgstr}
        response = browser.client.post(entry_url(entry), data=data, base_url=BASE, headers={"Host": host})
        assert response.status_code == 400 and "Wrong address" in response.text
    assert desk.snapshot() == before and desk.log() == []
    assert browser.get("/", headers={"Host": "127.0.0.1:8400"}).status_code == 200
    for host in ("localhost:8400", "LOCALHOST:8400", "[::1]:8400"):
        # Served names: past the Host check (a cookie is per name, so this one asks for the token).
        response = desk.browser(signed_in=False).get(f"/?token={TOKEN}", headers={"Host": host})
        assert response.status_code == 303, host


def test_a_post_without_the_csrf_token_changes_nothing(desk: Desk) -> None:
    browser = desk.browser()
    entry = desk.queue()[0]
    fields = form_fields(browser.get(entry_url(entry)).text)
    before = desk.snapshot()
    for csrf in (None, "", "forged"):
        data = {k: v for k, v in fields.items() if k != "csrf"} | {"action": "accept", "text": entry.msgstr}
        if csrf is not None:
            data["csrf"] = csrf
        response = browser.post(entry_url(entry), data, csrf=False)
        assert response.status_code == 403 and "security token" in response.text
    # The right token from another site's page (its Origin) is refused as well.
    for origin in ("http://attacker.example", "null", "http://127.0.0.1:8401"):
        response = browser.post(entry_url(entry), {**fields, "action": "accept", "text": entry.msgstr},
                                headers={"Origin": origin})
        assert response.status_code == 403, origin
    # A session's token is its own: another browser's does not work here.
    other = desk.browser()
    assert other.csrf != browser.csrf
    response = browser.post(entry_url(entry), {**fields, "csrf": other.csrf, "action": "accept", "text": entry.msgstr},
                            csrf=False)
    assert response.status_code == 403
    assert browser.post("/reviewer", {"name": "Mallory"}, csrf=False).status_code == 403
    # The desk's own token in the address of a form, without the session: refused, and said why.
    stranger = desk.browser(signed_in=False)
    response = stranger.post(entry_url(entry, f"token={TOKEN}"), {"action": "accept", "text": entry.msgstr}, csrf=False)
    assert response.status_code == 403 and "a form is sent from a page of the desk" in response.text
    checks = browser.client.post(f"{entry_url(entry)}/checks", json={"text": "x"}, base_url=BASE)
    assert checks.status_code == 403
    assert desk.snapshot() == before and desk.log() == []


def test_pages_forbid_inline_script_and_framing(desk: Desk) -> None:
    response = desk.browser().get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


# ---------------------------------------------------------------------------------------
# pages


def test_the_dashboard_shows_each_locale_progress_and_queue(desk: Desk) -> None:
    page = desk.browser().get("/").text
    for loc in status.run(desk.config).locales:
        row = page[page.index(f'href="/{loc.locale}/queue">'):]
        row = row[: row.index("</tr>")]
        numbers = [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', row)]
        counts = loc.counts
        assert numbers == [counts.approved, counts.machine, counts.needs_review, counts.untranslated]
        assert f"{counts.queue} waiting" in row and counts.queue


def test_a_fuzzy_plural_entry_is_not_counted_as_waiting_but_named_for_a_po_editor(desk: Desk) -> None:
    """The desk shows no plural forms: its dashboard counts the queue it shows, and says
    that the plural entry waits for a PO editor (before: counted as waiting, never shown)."""
    chrome = desk.root / "locales/fr/LC_MESSAGES/chrome.po"
    chrome.write_text(chrome.read_text(encoding="utf-8") + '\n#, fuzzy\nmsgid "{n} comment"\nmsgid_plural '
                      '"{n} comments"\nmsgstr[0] "{n} commentaire"\nmsgstr[1] "{n} commentaires"\n'
                      'msgstr[2] "{n} de commentaires"\n', encoding="utf-8")
    browser = desk.browser()
    shown = len(desk.queue())
    page = browser.get("/").text
    row = page[page.index('href="/fr/queue">'):]
    row = row[: row.index("</tr>")]
    assert f"{shown} waiting" in row and "1 plural entry: in a PO editor" in row
    assert "1 plural entry waits for review in a PO editor" in " ".join(page.split())
    queue_page = " ".join(browser.get("/fr/queue").text.split())
    assert "1 plural entry waits for review in a PO editor" in queue_page
    assert "plural entry" not in browser.get(f"/fr/queue?article={KIM}").text
    assert "plural entry" in browser.get("/fr/queue?article=.chrome").text


def test_the_queue_is_in_review_order_and_filters(desk: Desk) -> None:
    browser = desk.browser()
    ids = re.findall(r'href="/fr/entry/(\w+)" class="id"', browser.get("/fr/queue").text)
    assert ids == [e.id for e in desk.queue()][:100] and len(ids) > 10
    only = re.findall(r'href="/fr/entry/(\w+)\?article=kim-jong-un-china-parade" class="id"',
                      browser.get(f"/fr/queue?article={KIM}").text)
    assert only == [e.id for e in desk.queue(article=KIM)]
    chrome = re.findall(r'href="/fr/entry/(\w+)\?article=.chrome" class="id"', browser.get("/fr/queue?article=.chrome").text)
    assert chrome == [e.id for e in desk.queue() if e.article is None] and chrome
    page = browser.get("/fr/queue?state=needs_review").text
    assert "Nothing waits here" in page
    # A filter value that means nothing is said, not silently dropped.
    page = browser.get("/fr/queue?state=bogus&article=nope&origin=x").text
    assert "There is no state &#39;bogus&#39; to filter by (machine, needs_review): showing both." in page
    assert "There is no article &#39;nope&#39; in fr." in page and "There is no origin &#39;x&#39;" in page
    assert "There is no" not in browser.get(f"/fr/queue?state=machine&article={KIM}").text
    # Links from the filtered queue keep the filter, so skip and next stay inside it.
    first = desk.queue(article=KIM)[0]
    page = browser.get(entry_url(first, f"article={KIM}")).text
    assert f'href="/fr/entry/{desk.queue(article=KIM)[1].id}?article={KIM}" rel="next"' in page


def test_the_queue_and_the_entry_show_the_context_of_an_entry(desk: Desk) -> None:
    """Two ``Kontakt``: the footer link and the button (msgctxt); the queue tells them apart."""
    chrome = desk.root / "locales/fr/LC_MESSAGES/chrome.po"
    chrome.write_text(chrome.read_text(encoding="utf-8") + '\n#. chrome\n#, fuzzy\nmsgctxt "button"\n'
                      'msgid "Kontakt"\nmsgstr "Contact (bouton)"\n', encoding="utf-8")
    (button,) = [e for e in desk.queue() if e.msgctxt == "button"]
    browser = desk.browser()
    page = browser.get("/fr/queue").text
    row = page[page.index(f'href="/fr/entry/{button.id}" class="id"'):]
    row = row[: row.index("</tr>")]
    assert '<span class="context">context: button</span>' in row
    assert '<p class="context">Context: button</p>' in browser.get(entry_url(button)).text


def test_the_entry_page_names_a_term_as_the_locale_writes_it(desk: Desk) -> None:
    """A term with a form of its own in the locale ([tool.l10n.glossary_forms.fr]: Putin is
    Poutine in French) is listed with that form, which is what the glossary check asks for;
    a term without one is kept as written (before: "Keep as written: Vladimir Putin", which
    the check then called an error in French)."""
    pyproject = desk.root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8") + '\n[tool.l10n.glossary_forms.fr]\n'
                         '"Vladimir Putin" = "Vladimir Poutine"\n\n[tool.l10n.glossary_forms.es]\n'
                         '"Vladimir Putin" = "Vladímir Putin"\n', encoding="utf-8")
    desk = Desk(desk.root)
    browser = desk.browser()
    entry = next(e for e in desk.queue(article=KIM) if "Vladimir Putin" in e.msgid)
    page = browser.get(entry_url(entry)).text
    terms = page[page.index('<p class="terms">'):]
    terms = terms[: terms.index("</p>")]
    assert ('<mark class="term">Vladimir Putin</mark> as <mark class="term" lang="fr">Vladimir Poutine</mark>'
            in terms), terms
    es = desk.workspace("es").queue("es", article=KIM)
    spanish = next(e for e in es if "Vladimir Putin" in e.msgid)
    assert 'as <mark class="term" lang="es">Vladímir Putin</mark>' in browser.get(entry_url(spanish)).text
    kim = next(e for e in desk.queue(article="hostile") if e.msgid.startswith("Kim Jong Un met"))
    terms = browser.get(entry_url(kim)).text
    terms = terms[terms.index('<p class="terms">'):]
    assert terms[: terms.index("</p>")] == ('<p class="terms">Keep as written: <mark class="term">Kim Jong Un</mark>, '
                                            '<mark class="term">Xi Jinping</mark>')


def test_the_entry_page_shows_source_candidate_origin_findings_and_terms(desk: Desk) -> None:
    browser = desk.browser()
    entry = next(e for e in desk.queue(article="hostile") if e.msgid.startswith("Kim Jong Un met"))
    page = browser.get(entry_url(entry)).text
    assert '<mark class="term" title="Glossary term: keep it as it is">Kim Jong Un</mark> met' in page
    assert '<mark class="term" title="Glossary term: keep it as it is">Xi Jinping</mark>' in page
    assert '<textarea id="text" name="text" lang="fr"' in page and f"\n{entry.msgstr}</textarea>" in page
    assert "machine translation: fake en-&gt;fr 2026-11-28" in page and "src:" not in page
    assert "edited by a person" not in page
    assert ">hostile</strong>" in page and '<span class="role">paragraph</span>' in page
    # A draft that lost a glossary term: the finding, and accept refused unless forced.
    message_path = desk.root / entry.catalog
    po = polib.pofile(str(message_path))
    po.find(entry.msgid).msgstr = "Le dirigeant a rencontré Xi Jinping à Pékin vendredi."
    po.save()
    entry = desk.entry(entry.id)
    page = browser.get(entry_url(entry)).text
    assert "glossary term &#39;Kim Jong Un&#39; is missing" in page
    assert "fake en-&gt;fr 2026-11-28, the text edited by a person since" in page  # (saved in a PO editor)
    response = act(browser, entry, "accept", page)
    assert response.status_code == 422 and "Not accepted: the checks found an error" in response.text
    assert desk.message(entry).fuzzy and desk.log() == []
    response = act(browser, entry, "accept", response.text, force="1")
    assert response.status_code == 303
    assert not desk.message(entry).fuzzy and [r["action"] for r in desk.log()] == ["accept"]

    # A draft msgfmt would refuse (a lost {date}) is not accepted, and nothing offers to force it.
    dated = next(e for e in desk.queue() if "{date}" in e.msgid)
    po = polib.pofile(str(desk.root / dated.catalog))
    po.find(dated.msgid).msgstr = "Publié le"
    po.save()
    dated = desk.entry(dated.id)
    response = act(browser, dated, "accept", browser.get(entry_url(dated)).text)
    assert response.status_code == 422 and "msgfmt --check (and so compile) would refuse the catalog" in response.text
    assert "anyway" not in response.text.split("msgfmt --check", 1)[1].split("</form>", 1)[0]
    assert act(browser, dated, "accept", response.text, force="1").status_code == 422
    assert desk.message(dated).fuzzy and desk.message(dated).msgstr == "Publié le"


def test_live_checks_answer_for_the_text_being_typed(desk: Desk) -> None:
    browser = desk.browser()
    entry = next(e for e in desk.queue(article="hostile") if e.msgid.startswith("Kim Jong Un met"))
    url = f"{entry_url(entry)}/checks"
    headers = {"X-CSRF-Token": browser.csrf}
    found = browser.client.post(url, json={"text": "Il a rencontré Xi Jinping."}, base_url=BASE, headers=headers).json
    assert found is not None
    assert {"check": "glossary", "severity": "error", "message": "glossary term 'Kim Jong Un' is missing"} in found["findings"]
    clean = browser.client.post(url, json={"text": "Kim Jong Un a rencontré Xi Jinping à Pékin vendredi."},
                                base_url=BASE, headers=headers).json
    assert clean == {"findings": []}
    unclosed = browser.client.post(url, json={"text": "«\u00a0Kim Jong Un a rencontré Xi Jinping à Pékin vendredi."},
                                   base_url=BASE, headers=headers).json
    assert unclosed is not None and [(f["check"], f["severity"]) for f in unclosed["findings"]] == [
        ("brackets", "warning")]
    assert browser.client.post(url, json={"nothing": 1}, base_url=BASE, headers=headers).status_code == 400


def test_a_needs_review_entry_shows_the_word_diff_of_its_source(desk: Desk, cli: Any) -> None:
    entry = desk.queue(article=KIM)[0]
    actions.perform(desk.config, desk.workspace(), [actions.Request(entry.id, "accept")], "Ada Reviewer")
    article = desk.root / "articles" / f"{KIM}.txt"
    article.write_text(article.read_text(encoding="utf-8").replace(entry.msgid, entry.msgid.replace("Bold", "Bolder")),
                       encoding="utf-8")
    cli("extract")
    cli("update")
    changed = desk.queue(article=KIM, states=(State.NEEDS_REVIEW,))
    assert len(changed) == 1
    page = desk.browser().get(entry_url(changed[0])).text
    assert "The source changed" in page and "<del>Bold</del><ins>Bolder</ins>" in page.replace("\n", "")
    assert '<span class="state needs_review">needs review</span>' in page


def test_a_draft_a_person_changed_and_left_fuzzy_is_needs_review_on_the_desk(desk: Desk) -> None:
    """As status and review list count it: no machine draft, not flagged as the draft was;
    the entry page says why (the text edited by a person since)."""
    entry = desk.queue(article=KIM)[2]
    assert entry.state is State.MACHINE
    catalog = desk.po(entry)
    message = catalog.find(entry.msgid, msgctxt=entry.msgctxt)
    message.msgstr = "Mon texte, en cours : " + entry.msgstr
    message.tcomment += "\nl10n-flag: length-bound"
    catalog.save()
    now = desk.entry(entry.id)
    assert (now.state, now.flags) == (State.NEEDS_REVIEW, ())
    assert [e.id for e in desk.queue(article=KIM, states=(State.NEEDS_REVIEW,))] == [entry.id]
    browser = desk.browser()
    page = browser.get(entry_url(now)).text
    assert '<span class="state needs_review">needs review</span>' in page
    assert "the text edited by a person since" in page and "flagged" not in page
    queue = " ".join(browser.get(f"/fr/queue?article={KIM}").text.split())
    assert "needs-review entry (a changed source, or a draft a person changed) wait for review" in queue
    assert f'{len(desk.queue()) - 1} machine drafts and 1 needs-review entry' in queue  # (the locale's)


def test_suggestions_come_from_approved_similar_sources(desk: Desk) -> None:
    budget = desk.queue(article="bundestag-budget-vote")[0]
    assert budget.role == "headline"
    actions.perform(desk.config, desk.workspace(), [actions.Request(budget.id, "edit", text="Le Bundestag adopte le budget 2027")],
                    "Ada Reviewer")
    similar = desk.queue(article="hostile")[0]
    assert similar.msgid == "Bundestag Passes 2028 Budget After Long Debate"
    page = desk.browser().get(entry_url(similar)).text
    section = page[page.index('class="suggestions"'):]
    assert "Le Bundestag adopte le budget 2027" in section and re.search(r"\b\d\d% similar", section)
    assert 'data-text="Le Bundestag adopte le budget 2027"' in section


def test_the_article_preview_marks_what_is_not_approved(desk: Desk) -> None:
    entries = desk.queue(article=KIM)
    headline = entries[0]
    actions.perform(desk.config, desk.workspace(), [actions.Request(headline.id, "edit", text="Le grand retour de Kim Jong Un")],
                    "Ada Reviewer")
    page = desk.browser().get(f"/fr/article/{KIM}").text
    article = page[page.index('<article class="edition"'):]
    assert article.index("Le grand retour de Kim Jong Un") < article.index(str(escape(entries[1].msgid)))
    assert '<h1 class="passage headline approved" lang="fr">Le grand retour de Kim Jong Un</h1>' in article
    teaser = entries[1]
    assert re.search(rf'<p class="passage teaser pending" lang="en">{re.escape(str(escape(teaser.msgid)))} '
                     rf'<a class="review-link" href="/fr/entry/{teaser.id}\?article={KIM}"', article)
    assert f"{len(preview.edition(KIM, 'fr', desk.workspace().entries).passages) - 1} of" in page
    assert desk.browser().get("/fr/article/no-such-article").status_code == 404

    # A catalog that does not read is named on the pages that cannot show its entries,
    # and by an action sent from a page opened before it broke (the typed text kept).
    open_page = desk.browser()
    shown = open_page.get(entry_url(teaser)).text
    path = desk.config.root / headline.catalog
    path.write_bytes(path.read_bytes() + b'\nmsgid "broken\n')
    answer = act(open_page, teaser, "save", shown, text="Mon chapeau")
    assert answer.status_code == 409 and "a catalog does not read" in answer.text, answer.text
    assert f"{headline.catalog}:" in answer.text and "Mon chapeau" in answer.text and "is gone" not in answer.text
    for url in (f"/fr/article/{KIM}", entry_url(teaser)):
        answer = desk.browser().get(url)
        assert answer.status_code == 409 and f"{headline.catalog}:" in answer.text, url
    german = queue_mod.load(desk.config, ["de"]).queue("de")[0]  # (an entry of another locale: a plain 404)
    assert desk.browser().get(f"/fr/entry/{german.id}").status_code == 404
    filtered = desk.browser().get(f"/fr/queue?article={KIM}").text  # (its catalog is named, not said missing)
    assert f"{headline.catalog}:" in filtered and "There is no article" not in filtered


def test_unknown_locales_and_entries_are_a_404_page(desk: Desk) -> None:
    browser = desk.browser()
    assert browser.get("/xx/queue").status_code == 404
    response = browser.get("/fr/entry/0000000")
    assert response.status_code == 404 and "There is no entry 0000000 in fr" in response.text
    de_entry = desk.queue("de")[0]
    assert browser.get(f"/fr/entry/{de_entry.id}").status_code == 404  # an entry of another locale


# ---------------------------------------------------------------------------------------
# actions


def test_accept_save_and_reject_are_written_at_once_with_the_reviewer(desk: Desk) -> None:
    browser = desk.browser()
    first, second, third, fourth = desk.queue(article=KIM)[:4]
    query = f"article={KIM}"
    response = act(browser, first, "accept", query=query)
    assert response.status_code == 303 and response.headers["Location"] == entry_url(second, query)
    message = desk.message(first)
    assert not message.fuzzy and message.msgstr == first.msgstr
    assert f"Accepted {first.id}." in browser.get(response.headers["Location"]).text
    response = act(browser, second, "save", query=query, text="Un texte revu\r\nsur deux lignes")
    assert response.status_code == 303 and response.headers["Location"] == entry_url(third, query)
    message = desk.message(second)
    assert not message.fuzzy and message.msgstr == "Un texte revu\nsur deux lignes"
    response = act(browser, third, "reject", query=query, reason="  wrong   tense ")
    assert response.status_code == 303 and response.headers["Location"] == entry_url(fourth, query)
    message = desk.message(third)
    assert message.msgstr == "" and not message.fuzzy
    assert re.search(rf"{REJECTED} \d{{4}}-\d\d-\d\d by Ada Reviewer: wrong tense", message.tcomment)
    # Saving the text as it stands is accepting it.
    response = act(browser, fourth, "save", query=query)
    assert response.status_code == 303 and not desk.message(fourth).fuzzy
    records = desk.log()
    assert [(r["action"], r["id"], r["reviewer"]) for r in records] == [
        ("accept", first.id, "Ada Reviewer"), ("edit", second.id, "Ada Reviewer"),
        ("reject", third.id, "Ada Reviewer"), ("accept", fourth.id, "Ada Reviewer")]
    assert records[1]["after"] == "Un texte revu\nsur deux lignes" and records[2]["reason"] == "wrong tense"
    assert desk.po(first).metadata["Last-Translator"] == "Ada Reviewer"


def test_the_last_entry_leads_back_to_the_queue(desk: Desk) -> None:
    browser = desk.browser()
    entries = desk.queue(article="hostile")
    page = browser.get(entry_url(entries[-1], "article=hostile")).text
    assert 'rel="next"' not in page and 'id="next" class="button quiet-button" href="/fr/queue?article=hostile"' in page
    response = act(browser, entries[-1], "reject", page, query="article=hostile")
    assert response.headers["Location"] == "/fr/queue?article=hostile"
    assert "That was the last entry of the queue." in browser.get(response.headers["Location"]).text


def test_a_saved_edit_with_a_check_error_is_said(desk: Desk) -> None:
    browser = desk.browser()
    entry = next(e for e in desk.queue(article=KIM) if "<" not in e.msgid and "{" not in e.msgid)
    response = act(browser, entry, "save", text="<b>Un titre</b>")
    assert response.status_code == 303 and desk.message(entry).msgstr == "<b>Un titre</b>"
    shown = browser.get(response.headers["Location"]).text
    assert "Saved, but " in shown and "a build withholds it until it is fixed" in shown


def test_an_empty_save_is_refused_and_reject_is_offered(desk: Desk) -> None:
    browser = desk.browser()
    entry = desk.queue()[0]
    response = act(browser, entry, "save", text="   ")
    assert response.status_code == 422 and "to remove the translation, reject it" in response.text
    assert desk.message(entry).fuzzy and desk.log() == []


def test_a_blank_draft_cannot_be_accepted(desk: Desk) -> None:
    """A draft of white space only: the accept button is off, and an accept sent anyway is
    refused, as an empty save is (before: approved)."""
    browser = desk.browser()
    entry = next(e for e in desk.queue(article=KIM) if "{" not in e.msgid)
    po = desk.po(entry)
    found = po.find(entry.msgid)
    assert found is not None
    found.msgstr = "  "
    po.save()
    entry = desk.entry(entry.id)
    page = browser.get(entry_url(entry)).text
    assert re.search(r'id="accept"\s+disabled>', page)
    before = desk.snapshot()
    response = act(browser, entry, "accept", page)
    assert response.status_code == 422 and "A blank translation cannot be accepted" in response.text
    assert desk.snapshot() == before and desk.message(entry).fuzzy


def test_two_reviewers_both_work_and_the_second_save_of_one_entry_is_refused(desk: Desk) -> None:
    ada, bea = desk.browser(), desk.browser()
    assert bea.post("/reviewer", {"name": "Bea Second", "next": "/fr/queue"}).headers["Location"] == "/fr/queue"
    first, second = desk.queue(article=KIM)[:2]
    ada_page = ada.get(entry_url(first)).text
    bea_page = bea.get(entry_url(first)).text
    assert act(ada, first, "save", ada_page, text="Le texte d'Ada").status_code == 303
    response = act(bea, first, "save", bea_page, text="Le texte de Bea")
    assert response.status_code == 409
    assert "Not saved: this entry was changed by someone else" in response.text
    assert '<blockquote class="winner" lang="fr">Le texte d&#39;Ada</blockquote>' in response.text
    assert "\nLe texte de Bea</textarea>" in response.text  # her text is not lost from the page
    assert desk.message(first).msgstr == "Le texte d'Ada"
    # Both keep working on other entries, each under their own name.
    assert act(bea, second, "accept").status_code == 303
    assert [(r["id"], r["reviewer"], r["action"]) for r in desk.log()] == [
        (first.id, "Ada Reviewer", "edit"), (second.id, "Bea Second", "accept")]
    # Bea saves again, knowingly, over Ada's text: the page she got carries the text that won.
    response = act(bea, desk.entry(first.id), "save", response.text, text="Le texte de Bea")
    assert response.status_code == 303 and desk.message(first).msgstr == "Le texte de Bea"


def test_a_translator_saving_in_a_po_editor_meanwhile_keeps_their_work(desk: Desk) -> None:
    browser = desk.browser()
    first, second, third = desk.queue(article=KIM)[:3]
    page = browser.get(entry_url(first)).text
    # Poedit saves the file: another entry approved, with the translator's text.
    po = desk.po(first)
    other = po.find(second.msgid)
    other.msgstr = "Traduit dans Poedit"
    other.flags.remove("fuzzy")
    po.save()
    assert act(browser, first, "accept", page).status_code == 303
    assert desk.message(second).msgstr == "Traduit dans Poedit" and not desk.message(second).fuzzy
    assert not desk.message(first).fuzzy
    # Poedit saves this very entry while its page is open: the translator's text wins.
    page = browser.get(entry_url(third)).text
    po = desk.po(third)
    po.find(third.msgid).msgstr = "La version du traducteur"
    po.save()
    response = act(browser, third, "reject", page, reason="bad")
    assert response.status_code == 409 and "La version du traducteur</blockquote>" in response.text
    assert desk.message(third).msgstr == "La version du traducteur"
    assert [r["id"] for r in desk.log()] == [first.id]


def test_an_approval_in_a_po_editor_meanwhile_is_not_undone_by_a_stale_page(desk: Desk) -> None:
    """The translator approves the draft as it is (clears fuzzy in Poedit): the text is the
    same, the entry is not. An action from the page opened before is refused."""
    browser = desk.browser()
    entry = desk.queue(article=KIM)[0]
    page = browser.get(entry_url(entry)).text
    po = desk.po(entry)
    po.find(entry.msgid).flags.remove("fuzzy")
    po.save()
    response = act(browser, entry, "reject", page, reason="stale")
    assert response.status_code == 409 and "Not saved: this entry was changed by someone else" in response.text
    assert not desk.message(entry).fuzzy and desk.message(entry).msgstr == entry.msgstr
    assert desk.log() == []


def test_an_entry_whose_source_changed_meanwhile_keeps_the_typed_text_on_the_page(desk: Desk, cli: Any) -> None:
    browser = desk.browser()
    entry = desk.queue(article=KIM)[0]
    page = browser.get(entry_url(entry)).text
    article = desk.root / "articles" / f"{KIM}.txt"
    article.write_text(article.read_text(encoding="utf-8").replace(entry.msgid, "A New Headline"), encoding="utf-8")
    cli("extract")
    cli("update")
    before = desk.snapshot()
    response = act(browser, entry, "save", page, text="Mon <em>titre</em>")
    assert response.status_code == 409 and "Not saved: this entry is gone" in response.text
    assert "Mon &lt;em&gt;titre&lt;/em&gt;</blockquote>" in response.text
    assert desk.snapshot() == before and desk.log() == []


def test_a_concurrent_write_inside_the_save_is_caught(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    """The page's text was still in the file when the request came, but another save lands
    between reading and writing: the core's re-check refuses, and the page says whose text won."""
    browser = desk.browser()
    entry = desk.queue(article=KIM)[0]
    page = browser.get(entry_url(entry)).text
    real = actions.perform

    def racing(config: Any, workspace: Any, requests: Any, reviewer: str, **kwargs: Any) -> actions.ActionResult:
        po = desk.po(entry)
        po.find(entry.msgid).msgstr = "Sauvé entre-temps"
        po.save()
        return real(config, workspace, requests, reviewer, **kwargs)

    monkeypatch.setattr(actions, "perform", racing)
    response = act(browser, entry, "save", page, text="Mon texte")
    assert response.status_code == 409 and "Sauvé entre-temps</blockquote>" in response.text
    assert desk.message(entry).msgstr == "Sauvé entre-temps" and desk.log() == []


# ---------------------------------------------------------------------------------------
# hostile text


def test_markup_in_articles_translations_and_names_is_shown_as_text(desk: Desk) -> None:
    browser = desk.browser()
    browser.post("/reviewer", {"name": '<img src=x onerror="window.pwned=3">', "next": "/"})
    teaser = next(e for e in desk.queue(article="hostile") if "<script>" in e.msgid)
    assert "<script>" in teaser.msgstr  # the draft carries the markup too
    pages = [browser.get(p).text for p in ("/", "/fr/queue", "/fr/queue?article=hostile", entry_url(teaser),
                                           "/fr/article/hostile")]
    for page in pages:
        assert "<script>window" not in page and "<img src=x" not in page and 'onerror="window' not in page
    entry_page = pages[3]
    assert "The &lt;script&gt;window.pwned = 1&lt;/script&gt; tag and &lt;img src=x onerror=&#34;window.pwned = 2&#34;&gt;" \
        in entry_page
    assert "&lt;img src=x onerror=&#34;window.pwned=3&#34;&gt;" in pages[0]
    assert "&lt;script&gt;window.pwned = 1&lt;/script&gt;" in pages[4]
    # Saved with markup, the text is stored as typed and still shown as text.
    assert act(browser, teaser, "save", text=teaser.msgstr + " <b>x</b>").status_code == 303
    assert desk.message(teaser).msgstr.endswith("<b>x</b>")
    assert "<b>x</b>" not in browser.get(entry_url(teaser)).text


def test_bidi_controls_show_as_markers_and_are_kept_out_of_names_and_reasons(desk: Desk) -> None:
    """A right-to-left override in a draft shows as a marker (before: the text showed
    turned around), the box keeps the text as it is; in a reviewer's name or a reason it
    is taken out (before: it went into Last-Translator and the rejected comment)."""
    rlo, zwsp = "\u202e", "\u200b"
    browser = desk.browser()
    first, second = [e for e in desk.queue(article=KIM) if "{" not in e.msgid][:2]
    po = desk.po(first)
    found = po.find(first.msgid)
    assert found is not None
    hostile = f"Le {rlo}port ferme{zwsp}"
    found.msgstr = hostile
    po.save()
    first = desk.entry(first.id)
    marker = '<span class="invisible" title="RIGHT-TO-LEFT OVERRIDE">⟨U+202E⟩</span>'
    page = browser.get(entry_url(first)).text
    assert f"Le {marker}port ferme" in page and "⟨U+200B⟩" in page
    assert re.search(r'<textarea id="text"[^>]*>\n' + re.escape(hostile) + "</textarea>", page)  # (as it is)
    outside = re.sub(r'<textarea[^>]*>.*?</textarea>|data-draft="[^"]*"', "", page, flags=re.S)
    assert rlo not in outside
    queue = browser.get(f"/fr/queue?article={KIM}").text
    assert f"Le {marker}port" in queue and rlo not in queue

    browser.post("/reviewer", {"name": f"Zoë {rlo}evil\u200b", "next": "/"})
    assert "Reviewing as <strong>Zoë evil</strong>" in browser.get("/").text
    response = act(browser, second, "reject", reason=f"bad {rlo}grammar")
    assert response.status_code == 303
    message = desk.message(second)
    assert desk.po(second).metadata["Last-Translator"] == "Zoë evil"
    assert "by Zoë evil: bad grammar" in message.tcomment and rlo not in message.tcomment
    assert [(r["reviewer"], r["reason"]) for r in desk.log()] == [("Zoë evil", "bad grammar")]
    assert desk.message(first).msgstr == hostile


def test_an_rtl_locale_gets_its_direction_and_the_breadcrumb_is_isolated(desk: Desk, cli: Any) -> None:
    """Arabic: the text box and the texts in Arabic are right to left, the source and an
    untranslated passage of the preview left to right; the Arabic name of the language is
    isolated (before: the breadcrumb read "العربيةfcbaa", and the box was left to right)."""
    pyproject = desk.root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace(
        'locales = ["de", "en", "fr", "es"]', 'locales = ["de", "en", "fr", "es", "ar"]', 1), encoding="utf-8")
    cli("update", "-l", "ar")
    arabic = FakeEngine(installed=(("en", "ar"), ("de", "en")))
    translate.run(config_mod.load(desk.root), PivotEngine(arabic), today=TODAY, locales=("ar",))
    desk = Desk(desk.root)
    entry = desk.workspace("ar").queue("ar", article=KIM)[0]
    browser = desk.browser()
    page = browser.get(entry_url(entry)).text
    assert '<textarea id="text" name="text" lang="ar" dir="rtl"' in page
    assert f'<bdi lang="ar" dir="rtl">العربية</bdi></a> <span aria-hidden="true">›</span> <bdi>{entry.id}</bdi>' in page
    assert '<p class="text" lang="en">' in page  # (the source: as the page, left to right)
    queue = browser.get("/ar/queue").text
    assert '<td class="text" lang="ar" dir="rtl">' in queue and '<td class="text" lang="en">' in queue
    assert '<h1><bdi lang="ar" dir="rtl">العربية</bdi> <span class="code">ar</span></h1>' in queue
    preview = browser.get(f"/ar/article/{KIM}").text
    assert '<article class="edition" lang="ar" dir="rtl">' in preview
    assert re.search(r'<p class="passage [\w ]*pending" lang="en" dir="ltr">', preview)  # (not approved: English)
    french = browser.get(entry_url(desk.queue()[0])).text
    assert '<textarea id="text" name="text" lang="fr" spellcheck' in french  # (left to right: nothing to say)


def test_redirects_after_naming_stay_on_the_desk(desk: Desk) -> None:
    browser = desk.browser()
    for target in ("//attacker.example/", "http://attacker.example/", "\\\\attacker.example", "/\\attacker.example",
                   "/\t/attacker.example", "/\n/attacker.example", "/\r\n/attacker.example", "/ /attacker.example"):
        response = browser.post("/reviewer", {"name": "Ada", "next": target})
        assert response.headers["Location"] == "/", target


# ---------------------------------------------------------------------------------------
# the pieces under the pages


def _entry(**changes: Any) -> Entry:
    base = dict(key="k" * 40, id="kkkkkkk", locale="fr", catalog="c.po", domain="articles/a", article="a",
                role="paragraph", msgctxt=None, msgid="The budget passed on Friday.", msgstr="", state=State.MACHINE,
                origin=None, flags=(), po_flags=(), previous_msgid=None, rejected=None, draft_unchanged=False,
                references=("articles/a.txt:3",), source_language="en", date=None, position=0, line=3)
    base.update(changes)
    return Entry(**base)  # type: ignore[arg-type]


def test_suggestions_rank_similar_approved_sources_and_leave_the_rest() -> None:
    wanted = _entry()
    pool = [
        _entry(key="a" * 40, id="a", msgid="The budget passed on Thursday.", msgstr="Le budget a passé jeudi.",
               state=State.APPROVED),
        _entry(key="b" * 40, id="b", msgid="The budget passed on Friday.", msgstr="Adopté vendredi.",
               state=State.APPROVED),
        _entry(key="c" * 40, id="c", msgid="The budget passed on Friday.", msgstr="[fr] draft", state=State.MACHINE),
        _entry(key="d" * 40, id="d", msgid="Rain fell all week.", msgstr="Il a plu.", state=State.APPROVED),
        _entry(key="e" * 40, id="e", msgid="The budget passed on Friday.", msgstr="Otro", locale="es",
               state=State.APPROVED),
        _entry(key="f" * 40, id="f", msgid="The budget passed on Friday.", msgstr="Chrome", source_language="de",
               state=State.APPROVED),
        wanted,
    ]
    found = suggest.suggestions(wanted, pool)
    assert [(s.id, s.similarity) for s in found] == [("b", 100), ("a", found[1].similarity)]
    assert 70 <= found[1].similarity < 100
    assert suggest.suggestions(wanted, pool, limit=1)[0].translation == "Adopté vendredi."


def test_glossary_terms_are_marked_longest_first_as_whole_words() -> None:
    glossary = ["Kim Jong Un", "Un", "Xi Jinping"]
    assert mark_terms("Kim Jong Un met Xi Jinping. Unity.", glossary) == [
        Span("Kim Jong Un", True), Span(" met ", False), Span("Xi Jinping", True), Span(". Unity.", False)]
    assert mark_terms("plain", []) == [Span("plain", False)]


def test_the_preview_reads_headline_chrome_teaser_body_then_footer() -> None:
    def at(role: str, line: int, **kw: Any) -> Entry:
        return _entry(key=f"{role}{line}".ljust(40, "0"), id=f"{role}{line}", role=role, line=line, position=line,
                      msgid=f"{role} {line}", references=(f"articles/a.txt:{line}",), **kw)

    entries = [
        at("paragraph", 12), at("teaser", 7, msgstr="Chapeau", state=State.APPROVED), at("subheading", 10),
        at("headline", 1), at("paragraph", 9),
        _entry(key="c1".ljust(40, "0"), id="c1", domain="chrome", article=None, role="chrome", source_language="de",
               msgid="Veröffentlicht am {date}", msgstr="Publié le {date}", state=State.APPROVED,
               references=("articles/other.txt:4", "articles/a.txt:4"), line=4),
        _entry(key="c2".ljust(40, "0"), id="c2", domain="chrome", article=None, role="footer link",
               source_language="de", msgid="Impressum", references=("articles/a.txt:5",), line=5),
        _entry(key="c3".ljust(40, "0"), id="c3", domain="chrome", article=None, role="chrome", msgid="Elsewhere",
               references=("articles/other.txt:3",), line=3),
    ]
    entries = [e if e.article is None else Entry(**{**e.__dict__, "date": "2026-09-03"}) for e in entries]
    edition = preview.edition("a", "fr", entries)
    assert [(p.role, p.text, p.lang) for p in edition.passages] == [
        ("headline", "headline 1", "en"), ("chrome", "Publié le 3 septembre 2026", "fr"),
        ("teaser", "Chapeau", "fr"), ("paragraph", "paragraph 9", "en"), ("subheading", "subheading 10", "en"),
        ("paragraph", "paragraph 12", "en"), ("footer link", "Impressum", "de")]
    assert edition.pending == 5
    # without a date (none read from the article), no date line at all, as in the editions
    undated = preview.edition("a", "fr", [e if e.article is None else Entry(**{**e.__dict__, "date": None})
                                          for e in entries])
    assert [p.role for p in undated.passages] == [
        "headline", "teaser", "paragraph", "subheading", "paragraph", "footer link"]


def test_the_preview_shows_what_a_build_publishes_of_an_articles_own_date_and_a_withheld_entry() -> None:
    """An article's own ``{date}`` is text (only the site's date line takes the date), and
    an approved translation a check found an error in is withheld, as a build does: its
    source is shown, marked."""
    def at(line: int, msgid: str, msgstr: str = "", **kw: Any) -> Entry:
        return _entry(key=f"p{line}".ljust(40, "0"), id=f"p{line}", role="paragraph", line=line, position=line,
                      msgid=msgid, msgstr=msgstr, references=(f"articles/a.txt:{line}",), date="2026-03-12", **kw)

    entries = [at(3, "The upper house votes on {date}."),
               at(4, "Kim met Xi.", "Kim a vu Xi <script>x</script>.", state=State.APPROVED),
               at(5, "Rain fell.", "Il a plu.", state=State.APPROVED)]
    edition = preview.edition("a", "fr", entries, withheld=lambda e: "<script>" in e.msgstr)
    assert [(p.text, p.lang, p.approved, p.withheld) for p in edition.passages] == [
        ("The upper house votes on {date}.", "en", False, False), ("Kim met Xi.", "en", False, True),
        ("Il a plu.", "fr", True, False)]
    assert edition.pending == 2


def test_the_preview_shows_a_markdown_articles_inline_markup_as_its_editions_do() -> None:
    def at(article: str, suffix: str, msgid: str, msgstr: str = "", **kw: Any) -> Entry:
        return _entry(key=f"{article}{msgid}".ljust(40, "0")[:40], id=f"{article}{len(msgid)}", role="paragraph",
                      article=article, msgid=msgid, msgstr=msgstr, references=(f"articles/{article}.{suffix}:3",),
                      line=3, position=3, **kw)

    text = "A **record** at [the grid](https://example.org/g), not <b>this</b> or [that](javascript:x)."
    entries = [at("md", "md", text), at("txt", "txt", text),
               at("md", "md", "Approved *here*", "Approuvé *ici*", state=State.APPROVED),
               _entry(key="c".ljust(40, "0"), id="c", domain="chrome", article=None, role="chrome",
                      source_language="de", msgid="Nur *so*", references=("articles/md.md:2",), line=2)]
    md = {p.text: str(p.shown) for p in preview.edition("md", "fr", entries).passages}
    assert md[text] == ('A <strong>record</strong> at <a href="https://example.org/g">the grid</a>, not '
                        '&lt;b&gt;this&lt;/b&gt; or [that](javascript:x).')
    assert md["Approuvé *ici*"] == "Approuvé <em>ici</em>"
    assert md["Nur *so*"] == "Nur *so*"  # the site's chrome is no Markdown
    [plain] = preview.edition("txt", "fr", entries).passages
    assert plain.shown == text  # (escaped by the template, as any text)


def test_the_desk_answers_only_at_the_addresses_that_reach_it() -> None:
    hosts = server.allowed_hosts("127.0.0.1", 8400)
    assert {"127.0.0.1:8400", "localhost:8400", "[::1]:8400"} <= hosts
    assert not any(h.startswith(("0.0.0.0", "attacker")) for h in hosts) and "localhost" not in hosts
    assert "localhost" in server.allowed_hosts("localhost", 80)
    everywhere = server.allowed_hosts("0.0.0.0", 9000)
    assert f"{socket.gethostname().lower()}:9000" in everywhere and "127.0.0.1:9000" in everywhere
    assert server.is_loopback("127.0.0.2") and server.is_loopback("::1") and not server.is_loopback("0.0.0.0")



def test_a_desk_on_every_address_answers_at_the_machines_own_addresses(monkeypatch: pytest.MonkeyPatch) -> None:
    """The host name may resolve to a loopback address only (``vm`` -> 127.0.1.1): the
    addresses of the interfaces the routes leave by are allowed too, and the URL shown
    uses one of them."""
    real = server._outward_addresses()
    assert all(not server.is_loopback(a) and ipaddress.ip_address(a) for a in real)
    monkeypatch.setattr(server, "_outward_addresses", lambda: ["198.51.100.7", "2001:db8::7"])
    everywhere = server.allowed_hosts("0.0.0.0", 8482)
    assert {"198.51.100.7:8482", "[2001:db8::7]:8482"} <= everywhere
    assert "198.51.100.7:8482" not in server.allowed_hosts("127.0.0.1", 8482)


def test_serve_refuses_a_port_in_use_in_one_line(cli: Any) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = cli("serve", "--port", str(port), code=2)
    assert result.stderr.strip() == (f"l10n: error: --port {port}: already in use on 127.0.0.1 (another l10n serve? "
                                     "choose another port with --port)")


def test_start_binds_a_free_port_and_closes(cli: Any) -> None:
    running = server.start(config_mod.load(cli.root), "127.0.0.1", 0, "Ada")
    try:
        assert running.port > 0 and running.local
        assert re.fullmatch(rf"http://127\.0\.0\.1:{running.port}/\?token=[\w-]{{32}}", running.url)
    finally:
        running.close()
    assert not running.server.task_dispatcher.threads  # (a desk closed unrun leaves no thread behind)


def test_a_desk_on_every_address_shows_a_url_of_its_sockets_family(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(server, "_outward_addresses", lambda: ["2001:db8::7", "198.51.100.7"])
    running = server.start(config_mod.load(cli.root), "0.0.0.0", 0, "Ada")  # (an IPv4 socket)
    try:
        assert running.address == f"http://198.51.100.7:{running.port}/" and not running.local
    finally:
        running.close()


def test_the_desk_stops_when_told_even_if_ctrl_c_was_swallowed(cli: Any) -> None:
    """Ctrl+C that lands in a finalizer raises nothing here, but sets the stop flag: the
    desk's loop looks at it every second, and ends (and answered until then); closing it
    closes the connections a browser kept open too."""
    import http.client
    import threading

    from l10n import interrupts

    running = server.start(config_mod.load(cli.root), "127.0.0.1", 0, "Ada")
    stop = interrupts.Flag()
    serving = threading.Thread(target=running.run, args=(stop,), daemon=True)
    asking = http.client.HTTPConnection("127.0.0.1", running.port, timeout=10)
    try:
        serving.start()
        asking.request("GET", running.url.split(str(running.port), 1)[1])
        answer = asking.getresponse()
        assert answer.status == 303  # (signed in: on to the desk)
        answer.read()  # (and the connection kept open, as a browser keeps it)
        stop.set()
        serving.join(timeout=5)
        assert not serving.is_alive()
        assert not running.server.task_dispatcher.threads  # (the requests under way were let finish)
    finally:
        running.close()
    assert running.sockets == {}
    assert asking.sock is not None and asking.sock.recv(1) == b""  # (closed by the desk)
    asking.close()


def test_serve_warns_off_loopback_prints_the_address_and_stops_on_ctrl_c(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    started: dict[str, Any] = {}
    opened: list[str] = []

    class Interrupted:
        url = "http://box:8400/?token=abc"
        local = False
        closed = False

        def run(self, stop: Any) -> None:
            raise KeyboardInterrupt  # what the desk turns into a clean return; here as the worst case

        def close(self) -> None:
            self.closed = True

    desk = Interrupted()

    def start(config: Any, host: str, port: int, reviewer: str) -> Interrupted:
        started.update(host=host, port=port, reviewer=reviewer)
        return desk

    monkeypatch.setattr(server, "start", start)
    monkeypatch.setattr("webbrowser.open", opened.append)
    result = cli("serve", "--host", "0.0.0.0", "--port", "9000", "--reviewer", "Ada", "--open")
    assert started == {"host": "0.0.0.0", "port": 9000, "reviewer": "Ada"} and opened == [desk.url] and desk.closed
    assert "l10n: warning: listening on 0.0.0.0: anyone who can reach this machine" in result.stderr
    assert f"is at {desk.url}" in result.stdout and "reviewing as Ada" in result.stdout
    assert result.stdout.rstrip().endswith("stopped")
