# shellcheck shell=bash
# Sourced by .ci/run: starts a local PostgreSQL for the ledger store's integration tests and exports
# LADDER_TEST_PG_URL. Run as root on Debian; quiet unless something fails.

LADDER_PG_ROLE=ladder
LADDER_PG_PASSWORD=ladder
LADDER_PG_DB=ladder_test

ladder_start_postgres() {
  if ! command -v pg_lsclusters >/dev/null 2>&1 || [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq postgresql >/dev/null
  fi
  if [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
    pg_createcluster "$(ls /usr/lib/postgresql | sort -V | tail -n 1)" main >/dev/null
  fi
  local version cluster port status
  read -r version cluster port status _ < <(pg_lsclusters -h | head -n 1)
  if [ "$status" != "online" ]; then
    pg_ctlcluster "$version" "$cluster" start
  fi
  # psql runs as the postgres user from a directory it may enter.
  local psql=(ladder_as_postgres)
  "${psql[@]}" "psql -p $port -qtAc \"SELECT 1 FROM pg_roles WHERE rolname = '$LADDER_PG_ROLE'\"" | grep -q 1 \
    || "${psql[@]}" "psql -p $port -qc \"CREATE ROLE $LADDER_PG_ROLE LOGIN PASSWORD '$LADDER_PG_PASSWORD'\""
  "${psql[@]}" "psql -p $port -qtAc \"SELECT 1 FROM pg_database WHERE datname = '$LADDER_PG_DB'\"" | grep -q 1 \
    || "${psql[@]}" "createdb -p $port -O $LADDER_PG_ROLE $LADDER_PG_DB"
  export LADDER_TEST_PG_URL="jdbc:postgresql://127.0.0.1:$port/$LADDER_PG_DB?user=$LADDER_PG_ROLE&password=$LADDER_PG_PASSWORD"
}

ladder_as_postgres() {
  (cd /tmp && su postgres -c "$1")
}
