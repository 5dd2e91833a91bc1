#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers on 127.0.0.1:5432 as user "postgres" without a
# password, installing and starting Debian's cluster if needed. Safe to run repeatedly.
set -euo pipefail

PGHOST=127.0.0.1
PGPORT=5432
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
ready() { psql -w -h "$PGHOST" -p "$PGPORT" -U postgres -d postgres -Atc 'select 1' >/dev/null 2>&1; }

if ready; then echo "postgres: ready on $PGHOST:$PGPORT"; exit 0; fi

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "postgres: not installed; installing Debian's postgresql"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >/dev/null
fi

version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$version" ]; then
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  as_root pg_createcluster "$version" main --port "$PGPORT" >/dev/null
fi

# Local test clusters trust loopback connections; a fresh Debian cluster asks for a password.
hba="/etc/postgresql/$version/main/pg_hba.conf"
if ! grep -Eq '^host\s+all\s+all\s+127\.0\.0\.1/32\s+trust' "$hba"; then
  echo "postgres: trusting loopback connections in $hba"
  as_root sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
fi

if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" && $4 == "online"' | grep -q .; then
  echo "postgres: starting cluster $version/main"
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start
else
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main reload
fi

for _ in $(seq 1 30); do
  if ready; then echo "postgres: ready on $PGHOST:$PGPORT"; exit 0; fi
  sleep 1
done
echo "postgres: not reachable on $PGHOST:$PGPORT after start" >&2
exit 1
