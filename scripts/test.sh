#!/usr/bin/env bash
# One command for the whole check, as CI runs it: set up, lint, typecheck, format check, the test suite on
# SQLite, then the suite again on a real PostgreSQL on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# shellcheck source=scripts/node22.sh
source scripts/node22.sh
npm run -s validate
scripts/ensure-postgres.sh
scripts/test-postgres.sh
