#!/usr/bin/env bash
# Installs the web map's npm dependencies (pinned by web/package-lock.json) when web/package.json
# exists. Needs Node.js and npm (Debian packages nodejs npm, installed if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f web/package.json ] || exit 0
command -v npm >/dev/null 2>&1 || ./scripts/install-deps.sh npm
if [ ! -d web/node_modules ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then
  (cd web && npm ci --no-audit --no-fund --loglevel=error)
fi
if [ -x web/build.sh ]; then web/build.sh; fi
