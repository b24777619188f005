"""``l10n serve``: the review desk in a browser, over the workspace's own .po files.

    app.py        the Flask app: routes, the guard (Host, token, CSRF), what each page shows
    server.py     binding the socket, the token, the addresses it answers to, waitress
    templates/    the pages (Jinja, autoescaped): dashboard, queue, entry, article, error
    static/       desk.css, and desk.js (keyboard shortcuts and live checks; optional)

Routes and templates only: the queue, the actions, the checks, the audit log, suggestions
and the article preview are ``l10n.review``'s and ``l10n.quality``'s, exactly as
``l10n review`` uses them.
"""
