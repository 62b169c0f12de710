#!/usr/bin/env bash
# `npm test`: set up what is missing, type-check the tests too, then run every Jest project
# (unit, db, workflows, e2e, browser) against real PostgreSQL, Redis and Temporal, and Chromium. Extra arguments go to Jest,
# e.g. `npm test -- --selectProjects unit`. The last line is "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || { echo "0 passed, 1 failed"; exit 1; }
if ! npx --no-install tsc -p tsconfig.json --noEmit || ! npx --no-install tsc -p apps/web/tsconfig.json; then
  echo "type errors: see above"; echo "0 passed, 1 failed"; exit 1
fi
mkdir -p test-output
rm -f test-output/jest-results.json
npx --no-install jest --json --outputFile=test-output/jest-results.json "$@"
status=$?
node scripts/test-summary.js test-output/jest-results.json
exit $status
