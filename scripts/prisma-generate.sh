#!/usr/bin/env bash
# `prisma generate` offline: the CLI insists on locating a native schema engine at start-up even
# though generate never runs it (the client runs on WASM with @prisma/adapter-pg). Point it at any
# existing file so no download is attempted; see README, "Prisma offline".
set -euo pipefail
cd "$(dirname "$0")/.."
export PRISMA_SCHEMA_ENGINE_BINARY="${PRISMA_SCHEMA_ENGINE_BINARY:-$(command -v node)}"
export PRISMA_HIDE_UPDATE_MESSAGE=1 CHECKPOINT_DISABLE=1
exec npx --no-install prisma generate "$@"
