"""The review stage: every machine draft reviewed by a person, read from the .po files.

    ids.py          short, stable entry IDs (from locale, catalog, msgctxt, msgid)
    queue.py        the entries of a workspace, the review queue and its order
    actions.py      accept / edit / reject, through the catalogs' safe-write path
    log.py          the audit log locales/<locale>/review.jsonl, and who is reviewing
    diff.py         a word diff of an old and a new source text
    interactive.py  ``l10n review`` on a terminal: one entry a screen, single keys
    suggest.py      translation-memory suggestions: approved translations of similar sources
    terms.py        the glossary terms of a source, marked
    preview.py      one article's edition in one locale from its entries (the desk's preview)

There is no second store: approving in a PO editor (clearing fuzzy) and ``l10n review
accept`` are the same thing, and the queue is whatever the catalogs say it is.
"""
