#!/usr/bin/env bash
# Installs the Node.js packages of the interoperability tests (lock file committed) into
# tests/interop/node_modules. Skipped quietly when node/npm are missing: the interop tests
# then skip with a visible reason.
set -uo pipefail
cd "$(dirname "$0")"
[ -f package.json ] || exit 0
command -v npm >/dev/null 2>&1 || { echo "interop setup: npm missing; interop tests will skip" >&2; exit 0; }
if [ -d node_modules ] && [ node_modules/.stamp -nt package-lock.json ]; then exit 0; fi
npm ci --no-audit --no-fund --loglevel=error --cache "${NPM_CACHE:-$PWD/../../.cache/npm}" && touch node_modules/.stamp
