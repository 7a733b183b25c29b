#!/usr/bin/env bash
# One command for a newcomer: set up (first run only) and run the lab command on a COA PDF.
#   scripts/lab.sh test/fixtures/coa/01_sc-labs_cherry-punch.pdf
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
cd - >/dev/null
"$repo/scripts/setup.sh" >/dev/null
# shellcheck source=scripts/node22.sh
source "$repo/scripts/node22.sh"
# Paths the user gives are relative to where they stand; the command runs from the repository.
args=()
for arg in "$@"; do
  if [ -f "$arg" ]; then args+=("$(realpath "$arg")"); else args+=("$arg"); fi
done
cd "$repo"
exec npm run -s lab -- "${args[@]}"
