#!/usr/bin/env bash
# `npm run stack`: set up what is missing, then run the local stack with the demo (Ctrl-C stops it).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec node dist/scripts/stack.js
