#!/usr/bin/env bash
# Starts the machine's PostgreSQL (Debian's; installed with apt when missing) for the
# backend's tests and benchmark, and makes the role `insights` (password `insights`)
# with CREATEDB, so @backstage/backend-test-utils can make a database per test file.
#   scripts/postgres.sh start   -> prints the connection string on its last line
#   scripts/postgres.sh stop    -> stops the cluster if this script started it
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '[postgres] %s\n' "$*" >&2; }
stamp=.cache/postgres-started-here

case "${1:-start}" in
start)
  if ! command -v pg_ctlcluster >/dev/null || [ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]; then
    log "installing Debian postgresql"
    sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq postgresql >/dev/null
  fi
  version=$(ls /usr/lib/postgresql | sort -n | tail -1)
  if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main"' | grep -q .; then
    log "creating cluster $version/main"
    pg_createcluster "$version" main >/dev/null
  fi
  if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $4 }' | grep -q online; then
    log "starting cluster $version/main"
    pg_ctlcluster "$version" main start
    mkdir -p .cache && echo "$version" > "$stamp"
  fi
  port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $3 }')
  su postgres -c "psql -q -p $port -tAc \"select 1 from pg_roles where rolname = 'insights'\"" | grep -q 1 ||
    su postgres -c "psql -q -p $port -c \"create role insights login createdb password 'insights'\""
  echo "postgresql://insights:insights@127.0.0.1:$port"
  ;;
stop)
  if [ -f "$stamp" ]; then
    pg_ctlcluster "$(cat "$stamp")" main stop || true
    rm -f "$stamp"
  fi
  ;;
esac
