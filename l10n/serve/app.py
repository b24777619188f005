"""The review desk's web app: Flask routes over the review core, Jinja templates beside.

    GET  /                              the dashboard: progress and queue size per locale
    GET  /<locale>/queue                the queue in review order (?article=, ?state=, ?origin=)
    GET  /<locale>/entry/<id>           one entry: source, candidate, findings, suggestions
    POST /<locale>/entry/<id>           accept / save (an edit, approved) / reject; then the next
    POST /<locale>/entry/<id>/checks    the findings for an edited text (the page's live checks)
    GET  /<locale>/article/<slug>       the article's edition in the locale, as it stands now
    POST /reviewer                      the name this browser reviews as

Every request passes ``_guard`` first: the ``Host`` header must be one the desk is served
as (no DNS rebinding), the session must have shown the token (once, as ``?token=`` in the
address ``l10n serve`` prints, then the signed session cookie, as Jupyter does), and a POST
must carry the session's CSRF token. Pages keep no state: each request reads the catalogs,
and each action is written at once through ``review.actions`` (lock, re-read, three-way
merge, audit log), refused when the file no longer holds the text the page showed.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import threading
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import urlencode

from babel import Locale, UnknownLocaleError
from flask import Flask, abort, current_app, flash, jsonify, redirect, render_template, \
    request, session, url_for
from jinja2 import StrictUndefined
from markupsafe import Markup, escape
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from l10n import glossary, quality, status
from l10n.config import Config
from l10n.errors import InputError, L10nError
from l10n.review import actions, preview, suggest
from l10n.review import queue as queue_mod
from l10n.review.diff import word_diff
from l10n.review.display import one_line, segments
from l10n.review.queue import Entry, Workspace
from l10n.review.terms import mark_terms
from l10n.states import QUEUE_STATES, State
from l10n.workspace import existing_catalogs

CHROME = ".chrome"  # the article filter for the site's chrome (no slug starts with a dot)
PAGE_SIZE = 100
STATE_NAMES = {State.MACHINE: "machine", State.NEEDS_REVIEW: "needs review", State.APPROVED: "approved",
               State.UNTRANSLATED: "untranslated"}
SHORTCUTS = (
    ("Ctrl+Enter", "save the text and go to the next entry (unchanged: accept it)"),
    ("a", "accept the draft as it is, next"),
    ("e", "edit: into the text box (Esc leaves it)"),
    ("r", "reject: type a reason, Enter"),
    ("s", "skip to the next entry"),
    ("b", "back to the previous entry"),
    ("?", "show or hide these keys"),
)


@dataclass(frozen=True)
class Settings:
    config: Config
    reviewer: str  # the default name; a browser may set its own
    token: str
    hosts: frozenset[str]  # the Host header values the desk answers, lower case


def create_app(config: Config, *, reviewer: str, token: str, hosts: Collection[str],
               cookie_name: str = "l10n_desk") -> Flask:
    """The desk for ``config``'s workspace, answering only requests for ``hosts``
    (``"127.0.0.1:8400"``) that have shown ``token``."""
    app = Flask(__name__)
    app.secret_key = secrets.token_bytes(32)  # sessions end with the process, as the token does
    app.config.update(SESSION_COOKIE_NAME=cookie_name, SESSION_COOKIE_HTTPONLY=True,
                      SESSION_COOKIE_SAMESITE="Lax", MAX_CONTENT_LENGTH=1 << 20)
    app.jinja_env.undefined = StrictUndefined
    app.jinja_env.trim_blocks = app.jinja_env.lstrip_blocks = True
    app.extensions["l10n_desk"] = Settings(config, reviewer, token, frozenset(h.lower() for h in hosts))
    app.extensions["l10n_workspaces"] = Workspaces()
    app.before_request(_guard)
    app.after_request(_headers)
    app.context_processor(_globals)
    app.add_template_filter(origin_text, "origin")
    app.add_template_filter(visible_html, "visible")
    app.register_error_handler(L10nError, _l10n_error)
    app.register_error_handler(HTTPException, _http_error)
    app.add_url_rule("/", "dashboard", dashboard)
    app.add_url_rule("/reviewer", "reviewer", set_reviewer, methods=["POST"])
    app.add_url_rule("/<locale>/", "locale", lambda locale: redirect(url_for("queue", locale=locale)))
    app.add_url_rule("/<locale>/queue", "queue", queue_page)
    app.add_url_rule("/<locale>/entry/<entry_id>", "entry", entry_page)
    app.add_url_rule("/<locale>/entry/<entry_id>", "act", entry_action, methods=["POST"])
    app.add_url_rule("/<locale>/entry/<entry_id>/checks", "checks", entry_checks, methods=["POST"])
    app.add_url_rule("/<locale>/article/<slug>", "article", article_page)
    return app


def _settings() -> Settings:
    return cast(Settings, current_app.extensions["l10n_desk"])


# ---------------------------------------------------------------------------------------
# the guard: Host, token, CSRF


def _refuse(status_code: int, title: str, message: str) -> Response:
    return Response(render_template("error.html", title=title, message=message, kept=None, back=None),
                    status=status_code, content_type="text/html; charset=utf-8")


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def _guard() -> Response | None:
    settings = _settings()
    host = request.headers.get("Host", "").lower()
    if host not in settings.hosts:
        # A page of another site whose name was pointed at this machine (DNS rebinding).
        return _refuse(400, "Wrong address", "This review desk answers only at the address l10n serve printed.")
    given = request.args.get("token")
    if given is not None:
        if request.method != "GET":  # (the token opens the desk by its address, never with a form)
            return _refuse(403, "Refused", "The token signs in by opening the address l10n serve printed; a "
                                           "form is sent from a page of the desk, with its security token.")
        if not _same(given, settings.token):
            return _refuse(403, "Wrong token", "This token does not open the desk: use the address that "
                                               "l10n serve printed when it started.")
        session.clear()
        session["signed_in"] = True
        session["csrf"] = secrets.token_urlsafe(32)
        # The token leaves the address bar (and the history) at once.
        rest = [(k, v) for k, v in request.args.items(multi=True) if k != "token"]
        return redirect(request.path + (f"?{urlencode(rest)}" if rest else ""), 303)
    if not session.get("signed_in"):
        return _refuse(403, "Token needed", "This review desk needs its token: open the address that "
                                            "l10n serve printed when it started (it ends in ?token=...).")
    if request.method == "POST":
        origin = request.headers.get("Origin")
        if origin is not None and origin.lower() not in {f"http://{h}" for h in settings.hosts}:
            return _refuse(403, "Refused", "A form from another site cannot change the catalogs.")
        sent = request.form.get("csrf") or request.headers.get("X-CSRF-Token") or ""
        if not _same(sent, str(session.get("csrf", ""))):
            return _refuse(403, "Refused", "The form was missing its security token (it may be from before the "
                                           "desk restarted): reload the page and try again.")
    return None


def _headers(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"  # Origin stays on our own POSTs
    response.headers["Cache-Control"] = "no-store"
    return response


def _l10n_error(exc: L10nError) -> tuple[str, int]:
    code = 400 if isinstance(exc, InputError) else 500
    return render_template("error.html", title="Something went wrong", message=str(exc), kept=None, back=None), code


def _http_error(exc: HTTPException) -> tuple[str, int]:
    code = exc.code or 500
    return render_template("error.html", title=exc.name, message=exc.description or "", kept=None, back=None), code


def _globals() -> dict[str, Any]:
    return {"csrf_token": session.get("csrf", ""), "signed_in": bool(session.get("signed_in")),
            "reviewer": _reviewer(), "state_names": STATE_NAMES,
            "language_name": _language_name, "shortcuts": SHORTCUTS, "hidden_in": _hidden_in,
            "dir_attr": dir_attr}


def origin_text(origin: str) -> str:
    """An origin comment for people: what drafted it and when, without the hashes."""
    words = [w for w in origin.split() if not w.startswith(("src:", "draft:"))]
    text = " ".join(words)
    for prefix, said in (("tm ", "translation memory: "), ("mt ", "machine translation: "),
                         ("pivot ", "machine translation through a second language: ")):
        if text.startswith(prefix):
            return said + text[len(prefix):]
    return text


def visible_html(text: object) -> Markup:
    """``text`` escaped, each character that does not show (a bidi override, a zero-width
    space) as a visible marker: ``⟨U+202E⟩`` named in its title. For display only: a form
    field keeps the text as it is."""
    out = []
    for piece, name in segments(str(text)):
        out.append(escape(piece) if name is None
                   else Markup('<span class="invisible" title="{}">{}</span>').format(name, piece))
    return Markup("").join(out)


def _hidden_in(text: str) -> list[str]:
    """The names of the characters of ``text`` that do not show, once each."""
    return list(dict.fromkeys(f"{piece} {name}" for piece, name in segments(text) if name is not None))


def _where(entry: Entry) -> str:
    """Where an entry is read: its lines in the article, or how many articles show it."""
    files: dict[str, list[str]] = {}
    for reference in entry.references:
        name, _, line = reference.rpartition(":")
        files.setdefault(name or reference, []).append(line)
    if entry.article is not None and len(files) == 1:
        lines = next(iter(files.values()))
        return ("line " if len(lines) == 1 else "lines ") + ", ".join(lines)
    return f"{len(files)} article" + ("" if len(files) == 1 else "s")


def _reviewer() -> str:
    return str(session.get("reviewer") or _settings().reviewer)


def _language_name(code: str) -> Markup:
    """The language's own name for itself, isolated (``<bdi>``) so that an Arabic name next
    to an ID or a "›" does not reorder them."""
    try:
        name = Locale.parse(code).get_display_name(code)
    except (UnknownLocaleError, ValueError, TypeError):
        name = None
    shown = name[:1].upper() + name[1:] if name else code
    return Markup('<bdi lang="{}"{}>{}</bdi>').format(code, dir_attr(code), shown)


def direction(code: str) -> str:
    """"rtl" for a language written right to left (Arabic, Hebrew, Persian, Urdu), else "ltr"."""
    try:
        found = Locale.parse(code).text_direction
    except (UnknownLocaleError, ValueError, TypeError):
        return "ltr"
    return "rtl" if found == "rtl" else "ltr"


def dir_attr(code: str, within: str = "ltr") -> Markup:
    """`` dir="rtl"`` for a text in ``code`` inside a block written ``within`` the other
    way (the desk's pages are left to right); nothing when they agree."""
    wanted = direction(code)
    return Markup(' dir="{}"').format(wanted) if wanted != within else Markup("")


# ---------------------------------------------------------------------------------------
# the queue, as the filters select it


@dataclass(frozen=True)
class Filters:
    article: str = ""  # "" every article and the chrome; CHROME the chrome; else a slug
    state: str = ""  # "" both; "machine"; "needs_review"
    origin: str = ""  # "" any; "memory"; "mt"

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> Filters:
        state = args.get("state", "")
        origin = args.get("origin", "")
        return cls(args.get("article", ""), state if state in ("machine", "needs_review") else "",
                   origin if origin in queue_mod.ORIGIN_KINDS else "")

    def query(self) -> dict[str, Any]:
        return {k: v for k, v in (("article", self.article), ("state", self.state), ("origin", self.origin)) if v}

    def select(self, workspace: Workspace, locale: str) -> list[Entry]:
        states = (State(self.state),) if self.state else QUEUE_STATES
        article = self.article if self.article and self.article != CHROME else None
        chosen = workspace.queue(locale, article, states, self.origin or None)
        return [e for e in chosen if e.article is None] if self.article == CHROME else chosen

    def plurals(self, workspace: Workspace, locale: str) -> int:
        """The plural entries this view would hold if the desk showed plural forms (they
        wait for a PO editor)."""
        states = (State(self.state),) if self.state else QUEUE_STATES
        article = self.article if self.article and self.article != CHROME else None
        chosen = workspace.plurals_waiting(locale, article, states)
        return sum(p.article is None for p in chosen) if self.article == CHROME else len(chosen)


def _order(entry: Entry) -> tuple[object, ...]:
    return (*entry.sort_key(), entry.key)


class Workspaces:
    """The workspace as last read, per locale, for as long as no catalog or template has
    changed (by stat: size, mtime, inode; a save through the safe-write path is a new
    inode). Browsing and live checks then cost a stat per file, not a parse. A stale read
    cannot lose work: every action is checked against the file itself."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._read: dict[str, tuple[tuple[object, ...], Workspace]] = {}

    @staticmethod
    def _fingerprint(config: Config) -> tuple[object, ...]:
        marks: list[object] = []
        for ref in existing_catalogs(config, config.locales, []):  # (one linked out is named by the queue's load)
            for path in (ref.path, ref.template):
                try:
                    st = os.stat(path)
                    marks.append((str(path), st.st_size, st.st_mtime_ns, st.st_ino))
                except OSError:
                    marks.append((str(path), None))
        return tuple(marks)

    def load(self, config: Config, locale: str) -> Workspace:
        mark = self._fingerprint(config)
        with self._lock:
            known = self._read.get(locale)
        if known is not None and known[0] == mark:
            return known[1]
        workspace = queue_mod.load(config, [locale])
        with self._lock:
            self._read[locale] = (mark, workspace)
        return workspace


def _load(locale: str) -> Workspace:
    config = _settings().config
    if locale not in config.locales:
        abort(404, f"This workspace has no locale {locale!r} (it has {', '.join(config.locales)}).")
    return cast(Workspaces, current_app.extensions["l10n_workspaces"]).load(config, locale)


def _broken(workspace: Workspace, ending: str = "") -> list[str]:
    """The catalogs that do not read (as their errors say it), of those whose path ends so."""
    return [str(e) for e in workspace.errors if str(e).split(":", 1)[0].endswith(ending)]


def _abort_for_broken(workspace: Workspace, what: str, ending: str = "") -> None:
    """A page that found nothing, where a catalog that does not read may hold it: that
    catalog is named (409)."""
    broken = _broken(workspace, ending)
    if broken:
        abort(409, f"{what} ({broken[0]}). Fix the file (or run l10n update), then reload this page.")


def _find(workspace: Workspace, locale: str, entry_id: str) -> Entry:
    entry = workspace.find(entry_id)
    if entry is None or entry.locale != locale:
        typed = entry_id.strip().lower()
        if entry is None and not any(key.startswith(typed) for key in workspace.all_keys):
            # (an ID no catalog that reads has: it may be in one that does not)
            _abort_for_broken(workspace, f"There is no entry {entry_id} in {locale} that reads; it may be in a "
                                         "catalog that does not read")
        abort(404, f"There is no entry {entry_id} in {locale}: its source text may have changed since the page "
                   "was made. The queue lists what waits now.")
    return entry


def _seen(entry: Entry) -> str:
    """What the page shows of an entry, sent back with an action: its translation (browsers
    rewrite line breaks in form fields, so the text itself cannot make the trip unchanged)
    and its state (a translator who approved it in Poedit changed the entry, not its text)."""
    shown = "\0".join((entry.msgstr, entry.state.value, entry.rejected or "", " ".join(entry.po_flags)))
    return hashlib.sha256(shown.encode("utf-8")).hexdigest()[:24]


def _typed(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _entry_url(entry: Entry, filters: Filters) -> str:
    return url_for("entry", locale=entry.locale, entry_id=entry.id, **filters.query())


# ---------------------------------------------------------------------------------------
# pages


def dashboard() -> str:
    config = _settings().config
    result = status.run(config)
    rows = []
    for loc in result.locales:
        counts = loc.counts
        total = counts.total or 1
        bar, x = [], 0.0
        for name, value in (("approved", counts.approved), ("machine", counts.machine),
                            ("needs-review", counts.needs_review), ("untranslated", counts.untranslated)):
            width = 100.0 * value / total
            bar.append({"name": name, "x": round(x, 3), "width": round(width, 3), "value": value})
            x += width
        rows.append({"locale": loc.locale, "counts": counts, "waiting": loc.waiting, "bar": bar,
                     "catalogs": loc.catalogs, "plurals": loc.plural_waiting,
                     "invalid": loc.invalid, "percent": round(counts.percent_approved)})
    broken = [c for c in result.catalogs if c.error]
    return render_template("dashboard.html", rows=rows, broken=broken, root=config.root.name,
                           plurals=sum(loc.plural_waiting for loc in result.locales))


def set_reviewer() -> Response:
    name = one_line(request.form.get("name", ""))[:80]  # (no bidi override into Last-Translator)
    if name:
        session["reviewer"] = name
    else:
        session.pop("reviewer", None)
    back = request.form.get("next", "/")
    # Only a path of this desk: never a redirect to another site. (Browsers drop tabs and
    # line breaks from a URL, so "/\t/evil.com" would lead to //evil.com; a line break in a
    # header is an error of the server: a path with either is none of the desk's.)
    if (not back.startswith("/") or back.startswith("//") or "\\" in back
            or any(char.isspace() or ord(char) < 32 or ord(char) == 127 for char in back)):
        back = "/"
    flash(f"Reviewing as {_reviewer()}.")
    return redirect(back, 303)


def queue_page(locale: str) -> str:
    config = _settings().config
    workspace = _load(locale)
    filters = Filters.from_args(request.args)
    entries = filters.select(workspace, locale)
    pages = max(1, -(-len(entries) // PAGE_SIZE))
    try:
        page = min(max(1, int(request.args.get("page", "1"))), pages)
    except ValueError:
        page = 1
    shown = entries[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
    rows = []
    for entry in shown:
        found = quality.findings(entry, config.glossary)
        worst = "error" if any(f.severity == "error" for f in found) else "warning" if found else ""
        errors = sum(f.severity == "error" for f in found)
        label = ", ".join(part for part in (_count(errors, "error"), _count(len(found) - errors, "warning")) if part)
        rows.append({"entry": entry, "findings": found, "worst": worst, "label": label,
                     "url": _entry_url(entry, filters)})
    mine = sorted((e for e in workspace.entries if e.locale == locale and e.catalog not in workspace.orphaned),
                  key=_order)  # (a removed article's catalogs: no article to review)
    articles: dict[str, dict[str, Any]] = {}
    for entry in mine:
        if entry.article is None:
            continue
        info = articles.setdefault(entry.article, {"slug": entry.article, "date": entry.date, "total": 0,
                                                   "approved": 0, "waiting": 0})
        info["total"] += 1
        info["approved"] += entry.state is State.APPROVED
        info["waiting"] += entry.queued
    waiting = workspace.queue(locale)
    unknown = []  # filters a link or a hand-typed address got wrong: said, not silently dropped
    if request.args.get("state", "") not in ("", *(f.value for f in QUEUE_STATES)):
        unknown.append(f"There is no state {request.args['state']!r} to filter by (machine, needs_review): "
                       "showing both.")
    if request.args.get("origin", "") not in ("", *queue_mod.ORIGIN_KINDS):
        unknown.append(f"There is no origin {request.args['origin']!r} to filter by "
                       f"({', '.join(queue_mod.ORIGIN_KINDS)}): showing every one.")
    if filters.article and filters.article != CHROME and filters.article not in articles and not _broken(
            workspace, f"/{filters.article}.po"):
        unknown.append(f"There is no article {filters.article!r} in {locale}.")  # (a broken catalog is named above)
    return render_template(
        "queue.html", locale=locale, rows=rows, filters=filters, total=len(entries), page=page, pages=pages,
        page_size=PAGE_SIZE, articles=list(articles.values()), chrome=CHROME,
        machine=sum(e.state is State.MACHINE for e in waiting), needs_review=sum(
            e.state is State.NEEDS_REVIEW for e in waiting), first=rows[0]["url"] if rows else None,
        errors=[str(e) for e in workspace.errors] + unknown,
        plurals=filters.plurals(workspace, locale),
        page_url=lambda n: url_for("queue", locale=locale, page=n, **filters.query()))


def _diff(old: str, new: str) -> list[tuple[str, str, str, str]]:
    """The word diff as (change, leading space, words, trailing space): only words are marked."""
    out = []
    for piece in word_diff(old, new):
        core = piece.text.strip()
        if not core:
            out.append(("same", piece.text, "", ""))
            continue
        start = piece.text.index(core)
        out.append((piece.change, piece.text[:start], core, piece.text[start + len(core):]))
    return out


def _count(n: int, word: str) -> str:
    return "" if not n else f"{n} {word}" + ("" if n == 1 else "s")


def entry_page(locale: str, entry_id: str) -> str:
    workspace = _load(locale)
    entry = _find(workspace, locale, entry_id)
    return _render_entry(workspace, entry, Filters.from_args(request.args))


def _render_entry(workspace: Workspace, entry: Entry, filters: Filters, *, text: str | None = None,
                  problems: Sequence[str] = (), blocked: Sequence[str] = (), conflict: bool = False,
                  ) -> str:
    config = _settings().config
    chosen = filters.select(workspace, entry.locale)
    key = _order(entry)
    before = [e for e in chosen if _order(e) < key]
    after = [e for e in chosen if _order(e) > key]
    position = next((i for i, e in enumerate(chosen) if e.key == entry.key), None)
    shown = entry.msgstr if text is None else text
    return render_template(
        "entry.html", entry=entry, locale=entry.locale, filters=filters, text=shown, seen=_seen(entry),
        source=mark_terms(entry.msgid, config.glossary),
        diff=_diff(entry.previous_msgid, entry.msgid) if entry.previous_msgid is not None else None,
        findings=quality.findings(entry, config.glossary, shown if text is not None else None),
        suggestions=suggest.suggestions(entry, workspace.entries),
        terms=_terms(entry, config.glossary),
        position=None if position is None else position + 1, total=len(chosen),
        prev_url=_entry_url(before[-1], filters) if before else None,
        next_url=_entry_url(after[0], filters) if after else None,
        queue_url=url_for("queue", locale=entry.locale, **filters.query()),
        problems=problems, blocked=blocked, conflict=conflict, where=_where(entry))


def _terms(entry: Entry, terms: Sequence[str]) -> list[tuple[str, str]]:
    """The glossary terms of the entry's source, each with the form its locale writes it in
    (the term itself, or its ``[tool.l10n.glossary_forms.<locale>]`` form)."""
    forms = glossary.forms_for(terms, entry.locale)
    return [(term, forms.get(term, term))
            for term in dict.fromkeys(s.text for s in mark_terms(entry.msgid, terms) if s.term)]


VERBS = {"accept": "Accepted", "edit": "Saved your edit of", "reject": "Rejected"}


def entry_action(locale: str, entry_id: str) -> Response | tuple[str, int]:
    settings = _settings()
    config = settings.config
    filters = Filters.from_args(request.args)
    workspace = _load(locale)
    action = request.form.get("action", "")
    text = _typed(request.form.get("text", ""))
    found = workspace.find(entry_id)
    typed = entry_id.strip().lower()
    unread = _broken(workspace, "") if found is None and not any(
        key.startswith(typed) for key in workspace.all_keys) else []
    if unread:  # (a catalog that does not read may hold it: a translator's half-saved file)
        return render_template("error.html", title="Not saved: a catalog does not read", message=(
            f"The entry is in {'it' if len(unread) == 1 else 'one of them'}: {'; '.join(unread)}. Fix the file "
            "(or run l10n update), then send it again."),
            kept=text if action == "save" and text.strip() else None,
            back=url_for("queue", locale=locale, **filters.query())), 409
    if found is None or found.locale != locale:
        # The source changed under the page (a new extract): the entry is another one now.
        return render_template("error.html", title="Not saved: this entry is gone", message=(
            "Its source text was changed or removed since the page was opened, so it is a new entry "
            "now. The queue lists what waits."), kept=text if action == "save" and text.strip() else None,
            back=url_for("queue", locale=locale, **filters.query())), 409
    entry = found
    reason = one_line(request.form.get("reason", "")) or None
    force = request.form.get("force") == "1"
    if action not in ("save", "accept", "reject"):
        abort(400, f"Unknown action {action!r}.")
    if request.form.get("seen") != _seen(entry):
        # Someone saved this entry since the page was made: their text stays, ours is kept
        # in the box, and saving again (knowingly) replaces theirs.
        return _render_entry(workspace, entry, filters, text=text if action == "save" else None, conflict=True), 409
    if action == "save":
        if not text.strip():
            return _render_entry(workspace, entry, filters, text=text, problems=[
                "An empty translation cannot be saved: to remove the translation, reject it."]), 422
        action = "accept" if text == entry.msgstr else "edit"
    if action == "accept" and not entry.msgstr.strip():  # (as an empty save: no blank translation is approved)
        return _render_entry(workspace, entry, filters, problems=[
            "A blank translation cannot be accepted: type one in the box and save it, or reject the entry."]), 422
    blockers = quality.blockers(config)
    broken = actions.refused_by_msgfmt(entry, entry.msgstr) if action == "accept" and entry.msgstr else None
    if broken:  # (no "accept anyway": the catalog would not compile)
        return _render_entry(workspace, entry, filters, problems=[
            f"Not accepted: msgfmt --check (and so compile) would refuse the catalog: {broken}. Edit the "
            "translation in the box, then save it."]), 422
    if action == "accept" and not force:
        errors = blockers(entry)
        if errors:
            return _render_entry(workspace, entry, filters, blocked=errors), 422
    request_ = actions.Request(entry.id, action, text=text if action == "edit" else None,
                               reason=reason if action == "reject" else None, expected=entry.msgstr,
                               expected_state=entry.state)
    result = actions.perform(config, workspace, [request_], _reviewer(), force=force, blockers=blockers)
    fresh = _load(locale)
    if result.errors:
        now = fresh.find(entry.key) or entry
        changed = now.msgstr != entry.msgstr or now.state is not entry.state
        return _render_entry(fresh, now, filters, text=text if action == "edit" else None, conflict=changed,
                             problems=[] if changed else [str(e) for e in result.errors]), 409
    flash(f"{VERBS[action]} {entry.id}.")
    if action == "edit":  # (saved as typed; said, since a build withholds it)
        errors = blockers(actions.updated_entry(entry, text, action))
        if errors:
            flash(f"Saved, but {'; '.join(errors)}: a build withholds it until it is fixed.")
    key = _order(entry)
    following = [e for e in filters.select(fresh, locale) if _order(e) > key]
    if following:
        return redirect(_entry_url(following[0], filters), 303)
    flash("That was the last entry of the queue." + (" Skipped entries still wait above." if filters.select(
        fresh, locale) else ""))
    return redirect(url_for("queue", locale=locale, **filters.query()), 303)


def entry_checks(locale: str, entry_id: str) -> Response:
    config = _settings().config
    data = request.get_json(silent=True)
    text = data.get("text") if isinstance(data, dict) else None
    if not isinstance(text, str):
        abort(400, "Send the text as JSON: {\"text\": ...}.")
    entry = _find(_load(locale), locale, entry_id)
    found = quality.findings(entry, config.glossary, _typed(text))
    return jsonify(findings=[{"check": f.check, "severity": f.severity, "message": f.message} for f in found])


def article_page(locale: str, slug: str) -> str:
    workspace = _load(locale)
    if not any(e.article == slug for e in workspace.entries):
        _abort_for_broken(workspace, f"The article {slug!r} cannot be shown: its catalog does not read", f"/{slug}.po")
        abort(404, f"There is no article {slug!r} in {locale}.")
    blockers = quality.blockers(_settings().config)
    edition = preview.edition(slug, locale, workspace.entries,
                              withheld=lambda entry: bool(blockers(entry)))
    footer = [p for p in edition.passages if p.role == preview.FOOTER_ROLE]
    body = [p for p in edition.passages if p.role != preview.FOOTER_ROLE]
    return render_template("article.html", locale=locale, edition=edition, body=body, footer=footer,
                           separator=_settings().config.chrome.footer_separator,
                           queue_url=url_for("queue", locale=locale, article=slug))
