#!/usr/bin/env bash
# Refreshes test/shopify/admin_<version>.json.gz: Shopify's published Admin GraphQL introspection,
# as shipped inside the npm package @shopify/dev-mcp (dist/data/). Taken from the package tarball
# with `npm pack` so dev-mcp never becomes a dependency of the app.
#   scripts/refresh-admin-schema.sh [dev-mcp version] [API version]
set -euo pipefail
DEV_MCP_VERSION="${1:-1.16.0}"
API_VERSION="${2:-2026-10}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && npm pack --silent "@shopify/dev-mcp@${DEV_MCP_VERSION}" >/dev/null && tar xzf ./*.tgz)
SRC="$WORK/package/dist/data/admin_${API_VERSION}.json.gz"
[ -f "$SRC" ] || { echo "no admin_${API_VERSION}.json.gz in @shopify/dev-mcp@${DEV_MCP_VERSION}" >&2; exit 1; }
# Check it is an introspection result before replacing the committed copy.
HEAD="$(gzip -dc "$SRC" 2>/dev/null | head -c 64 || true)"
[[ "$HEAD" == *'"__schema"'* ]] || { echo "not an introspection result" >&2; exit 1; }
cp "$SRC" "$ROOT/test/shopify/admin_${API_VERSION}.json.gz"
echo "test/shopify/admin_${API_VERSION}.json.gz <- @shopify/dev-mcp@${DEV_MCP_VERSION} ($(wc -c <"$SRC") bytes)"
