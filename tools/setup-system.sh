#!/usr/bin/env bash
# Installs the Debian packages that the browser and PostgreSQL tests use, when they are
# missing and we can (root + apt-get). Tests that need them skip with a visible reason
# when they are still absent.
set -uo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 && ! command -v postgres >/dev/null 2>&1; then
  need+=(postgresql)
fi
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-system: cannot install ${need[*]} (not root or no apt-get); those tests will skip" >&2
  exit 0
fi
echo "setup-system: installing ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || true
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null 2>&1 \
  || echo "setup-system: apt-get install ${need[*]} failed; those tests will skip" >&2
exit 0
