#!/usr/bin/env bash
# Installs the Node.js packages of the interoperability tests (exact versions, lock file
# committed) into tests/interop/node_modules with `npm ci`, using a cache folder. Skipped
# quietly when node/npm are missing or node is older than 20: the interop tests then skip
# with a visible reason. Nothing here runs at test time; the tests never use the network.
set -uo pipefail
cd "$(dirname "$0")"
[ -f package.json ] || exit 0
command -v npm >/dev/null 2>&1 || { echo "interop setup: npm missing; interop tests will skip" >&2; exit 0; }
major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$major" -lt 20 ]; then
  echo "interop setup: node >= 20 needed (found ${major}); interop tests will skip" >&2
  exit 0
fi
if [ -d node_modules ] && [ node_modules/.stamp -nt package-lock.json ] \
   && [ node_modules/.stamp -nt package.json ]; then
  exit 0
fi
npm ci --no-audit --no-fund --prefer-offline --loglevel=error \
  --cache "${NPM_CACHE:-$PWD/../../.cache/npm}" && touch node_modules/.stamp
