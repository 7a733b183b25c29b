#!/usr/bin/env bash
# One command for the whole check, as CI runs it: set up, lint, typecheck, format check, the test suite on
# SQLite, the migration and Shopify configuration checks, then the suite again on a real PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# The browser tests drive Debian's Chromium; the review test paints COA pages with poppler's pdftoppm.
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing Debian's ${need[*]} for the browser tests…" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
# shellcheck source=scripts/node22.sh
source scripts/node22.sh
npm run -s validate
npm run -s db:migrate:check
npm run -s check:shopify
scripts/ensure-postgres.sh
npm run -s test:postgres
