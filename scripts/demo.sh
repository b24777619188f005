#!/usr/bin/env bash
# The main job on this sample workspace, as an editor runs it: install the translation
# models the workspace needs (when the package index is reachable), then one translation
# build (extract, update, translate, check, compile, render), then a look at the review
# queue. A missing model is reported, not fatal: the rest of the build still runs. Where
# Apertium's English-Spanish pair is installed (Debian: apertium-eng-spa), it drafts the
# Spanish article catalogs with no download at all.
set -u
L10N=.venv/bin/l10n
step() { printf '\n== %s\n' "$*"; }

step "l10n models install --needed   (offline this fails in seconds: expected)"
$L10N models install --needed --timeout 20 || echo "   -> the build drafts what the installed engines cover; the lines above say what is missing"
if command -v apertium >/dev/null && apertium -l 2>/dev/null | grep -qx '  eng-spa'; then
    echo "   -> Apertium's en->es is installed: it drafts the Spanish article catalogs"
else
    echo "   -> for real Spanish drafts with no download: sudo apt-get install apertium apertium-eng-spa"
fi

step "l10n build   (extract, update, translate, check, compile, render editions)"
$L10N build; rc=$?
[ $rc -le 1 ] || exit $rc

step "l10n review list -l es   (the review queue: every draft waits for a person; the first lines)"
$L10N review list -l es | head -n 6

step "l10n status -l es"
$L10N status -l es | tail -n 4

cat <<'DONE'

What happened:
  templates   locales/templates/chrome.pot, locales/templates/articles/<slug>.pot
  catalogs    locales/<locale>/LC_MESSAGES/chrome.po and articles/<slug>.po (+ .mo)
  drafts      fuzzy entries with an "# l10n-origin:" comment, waiting in the review queue
  editions    build/<locale>/<slug>.html and .md (approved text only; the rest falls back
              to the source, marked), build/<locale>/index.html, and the status page
              build/index.html

Try next (l10n is in .venv/bin; `source .venv/bin/activate` puts it on your PATH):
  .venv/bin/l10n review -l es          walk the Spanish queue on this terminal (a/e/r/s/b/q)
  .venv/bin/l10n serve                 the same queue in a browser (prints its address)
  .venv/bin/l10n build --allow-machine publish the drafts too, with a disclosure
  .venv/bin/l10n build --watch         rebuild whenever an article or a catalog is saved
  .venv/bin/l10n --help                every command, in pipeline order
To undo the demo's changes to the sample catalogs: git checkout -- locales && git clean -fdX locales build
DONE
