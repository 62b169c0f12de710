#!/usr/bin/env bash
# `npm test`: set up what is missing, type-check the tests too, then run every Jest project
# (unit, workflows, e2e) against real PostgreSQL, Redis and Temporal. Extra arguments go to Jest,
# e.g. `npm test -- --selectProjects unit`. The last line is "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npx --no-install tsc -p tsconfig.json --noEmit
exec npx --no-install jest "$@"
