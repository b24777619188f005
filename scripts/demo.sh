#!/usr/bin/env bash
# The main job on this sample workspace, as an editor runs it: extract, update, install the
# models the workspace needs (when the package index is reachable), translate, status,
# compile. A missing model is reported, not fatal: the rest of the pipeline still runs.
# Where Apertium's English-Spanish pair is installed (Debian: apertium-eng-spa), it drafts
# the Spanish article catalogs with no download at all.
set -u
L10N=.venv/bin/l10n
step() { printf '\n== %s\n' "$*"; }

step "l10n extract"; $L10N extract || exit $?
step "l10n update";  $L10N update || exit $?

step "l10n models install --needed"
$L10N models install --needed || echo "   -> translate will draft what the installed models cover; see above for what is missing"

if command -v apertium >/dev/null && apertium -l 2>/dev/null | grep -qx '  eng-spa'; then
    echo "   -> Apertium's en->es is installed: it drafts the Spanish article catalogs"
else
    echo "   -> for real Spanish drafts with no download: sudo apt-get install apertium apertium-eng-spa"
fi

step "l10n translate"; $L10N translate; rc=$?
[ $rc -le 1 ] || exit $rc
step "l10n status";  $L10N status || exit $?
step "l10n compile"; $L10N compile || exit $?

cat <<'DONE'

Results:
  templates   locales/templates/chrome.pot, locales/templates/articles/<slug>.pot
  catalogs    locales/<locale>/LC_MESSAGES/chrome.po and articles/<slug>.po (+ .mo)
DONE
