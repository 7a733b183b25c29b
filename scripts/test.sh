#!/usr/bin/env bash
# One command for the whole check, as CI runs it: set up, lint, typecheck, format check, the test suite on
# SQLite, the migration and Shopify configuration checks, then the suite again on a real PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# shellcheck source=scripts/node22.sh
source scripts/node22.sh
npm run -s validate
npm run -s db:migrate:check
npm run -s check:shopify
scripts/ensure-postgres.sh
npm run -s test:postgres
