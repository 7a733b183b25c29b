#!/usr/bin/env bash
# Sets up a fresh checkout: Node 22, dependencies, the Prisma client and the local SQLite database.
# Safe to run again; it skips what is already done.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/node22.sh
source scripts/node22.sh
stamp="node_modules/.heady-install-stamp"
lock_sum="$(sha256sum package-lock.json | cut -d' ' -f1)-$(node -v)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sum" ]; then
  echo "Installing dependencies (npm ci)…" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
  echo "$lock_sum" >"$stamp"
fi
npm run -s db:generate >/dev/null
npm run -s db:migrate >&2
