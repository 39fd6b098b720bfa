#!/usr/bin/env bash
# Runs the browser tests (node's test runner, playwright-core, Debian's
# chromium) against bin/safezone. `make e2e` builds the binary, installs
# chromium and the npm packages first. Screenshots go to e2e/artifacts/.
set -euo pipefail
cd "$(dirname "$0")"
[ -x ../bin/safezone ] || { echo "e2e: bin/safezone is missing: run make build" >&2; exit 1; }
[ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund
rm -rf artifacts && mkdir -p artifacts
exec node --test --test-concurrency=1 "$@" messages.test.mjs map.test.mjs fixes.test.mjs place.test.mjs orient.test.mjs search.test.mjs language.test.mjs tiles.test.mjs scale.test.mjs patrol.test.mjs district.test.mjs audit_district.test.mjs admin.test.mjs ledger.test.mjs decide.test.mjs kinds.test.mjs
