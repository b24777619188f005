"""The build stage: localized editions of every article, locale indexes, a status page.

    edition.py   render(article, catalogs, locale, policy, site, date) -> Edition   (pure)
    pages.py     an Edition as HTML (Jinja2, autoescaped) and Markdown; indexes; status page
    texts.py     the words the build adds itself (disclosure, notes), shipped in locales/*.po
    run.py       ``l10n build``: extract, update, translate, check, compile, render; the
                 manifest that makes a build with nothing changed write nothing
    templates/   the Jinja templates and their CSS
"""
