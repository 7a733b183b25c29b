#!/usr/bin/env bash
# Runs the tests again against a real PostgreSQL server.
# The generated Prisma client is provider-specific (one `provider` per schema), so this pass
# generates the PostgreSQL client, runs vitest with TEST_DATABASE_URL (each test database is a
# scratch database on that server, see test/db.ts), then puts the SQLite client back, even when
# the tests fail. While it runs, the checkout's client is the PostgreSQL one: run it alone.
# Usage: scripts/test-postgres.sh [vitest arguments…]   (default server: 127.0.0.1:5432, user postgres)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node22.sh

export TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
case "$TEST_DATABASE_URL" in
  postgres://* | postgresql://*) ;;
  *) echo "TEST_DATABASE_URL must be a postgres:// URL, got: $TEST_DATABASE_URL" >&2; exit 2 ;;
esac

restore_sqlite_client() {
  env -u DATABASE_URL npx prisma generate >/dev/null
}
trap restore_sqlite_client EXIT

DATABASE_URL="$TEST_DATABASE_URL" npx prisma generate >/dev/null
# app/db.server.ts builds its shared client from DATABASE_URL on import; it must match the build.
# Without arguments, as `npm test`: everything but the browser, then the browser tests one file at a time.
if [ $# -eq 0 ]; then
  DATABASE_URL="$TEST_DATABASE_URL" npx vitest run --project unit
  DATABASE_URL="$TEST_DATABASE_URL" npx vitest run --project browser
else
  DATABASE_URL="$TEST_DATABASE_URL" npx vitest run "$@"
fi
