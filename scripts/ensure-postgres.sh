#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers on 127.0.0.1:5432 with the role postgres/postgres.
# These machines usually run one already (trust auth); elsewhere Debian's package is installed and started,
# bound to 127.0.0.1 only.
set -euo pipefail
ready() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
if command -v pg_isready >/dev/null && ready; then exit 0; fi
if ! command -v pg_ctlcluster >/dev/null; then
  echo "Installing PostgreSQL (Debian package)…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
fi
version="$(ls /etc/postgresql | sort -V | tail -n 1)"
conf="/etc/postgresql/$version/main/postgresql.conf"
grep -q "^listen_addresses = '127.0.0.1'" "$conf" || echo "listen_addresses = '127.0.0.1'" >>"$conf"
# Local connections from this machine only, without a password, as on the development machines.
hba="/etc/postgresql/$version/main/pg_hba.conf"
grep -q "^host all postgres 127.0.0.1/32 trust" "$hba" ||
  sed -i '1i host all postgres 127.0.0.1/32 trust' "$hba"
pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || true
for _ in $(seq 1 30); do ready && break; sleep 1; done
ready || { echo "PostgreSQL did not start on 127.0.0.1:5432" >&2; exit 1; }
