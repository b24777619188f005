#!/usr/bin/env bash
# The main job on this sample workspace, as an editor runs it: extract, update, install the
# models the workspace needs (when the package index is reachable), translate, look at the
# review queue, status, compile. A missing model is reported, not fatal: the rest of the
# pipeline still runs. Where Apertium's English-Spanish pair is installed (Debian:
# apertium-eng-spa), it drafts the Spanish article catalogs with no download at all.
set -u
L10N=.venv/bin/l10n
step() { printf '\n== %s\n' "$*"; }

step "l10n extract   (articles -> templates)"; $L10N extract || exit $?
step "l10n update    (templates -> a catalog per locale)";  $L10N update || exit $?

step "l10n models install --needed   (offline this fails in seconds: expected)"
$L10N models install --needed --timeout 20 || echo "   -> translate drafts what the installed engines cover; the lines above say what is missing"

if command -v apertium >/dev/null && apertium -l 2>/dev/null | grep -qx '  eng-spa'; then
    echo "   -> Apertium's en->es is installed: it drafts the Spanish article catalogs"
else
    echo "   -> for real Spanish drafts with no download: sudo apt-get install apertium apertium-eng-spa"
fi

step "l10n translate   (translation memory, then machine drafts, all fuzzy for review)"
$L10N translate; rc=$?
[ $rc -le 1 ] || exit $rc
step "l10n review list -l es   (the review queue; the first lines)"
$L10N review list -l es | head -n 8
step "l10n status";  $L10N status; rc=$?
[ $rc -le 1 ] || exit $rc
step "l10n compile"; $L10N compile | tail -n 3; rc=${PIPESTATUS[0]}
[ $rc -le 1 ] || exit $rc

cat <<'DONE'

What happened:
  templates   locales/templates/chrome.pot, locales/templates/articles/<slug>.pot
  catalogs    locales/<locale>/LC_MESSAGES/chrome.po and articles/<slug>.po (+ .mo)
  drafts      fuzzy entries with an "# l10n-origin:" comment, waiting in the review queue

Try next (l10n is in .venv/bin; `source .venv/bin/activate` puts it on your PATH):
  .venv/bin/l10n review -l es          walk the Spanish queue on this terminal (a/e/r/s/b/q)
  .venv/bin/l10n check -l es           quality checks on the drafts
  .venv/bin/l10n status                progress per locale
  .venv/bin/l10n --help                every command, in pipeline order
To undo the demo's changes to the sample catalogs: git checkout -- locales && git clean -fdX locales
DONE
