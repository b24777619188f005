#!/usr/bin/env bash
# The main job on this sample workspace, as an editor runs it.
set -u
L10N=.venv/bin/l10n
$L10N extract || exit $?
$L10N status
