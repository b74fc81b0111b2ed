#!/usr/bin/env bash
# A private Citus cluster for development and tests: a coordinator and two workers, each a
# PostgreSQL cluster started by scripts/pg.sh with Citus loaded, on three consecutive ports.
#
#   scripts/citus.sh install          build and install Citus for PostgreSQL 15 from
#                                     ../shared/vendor/citus (CITUS_SRC) unless it is installed
#   scripts/citus.sh start DIR PORT   the coordinator in DIR/coordinator on PORT, the workers in
#                                     DIR/worker1 and DIR/worker2 on PORT+1 and PORT+2
#   scripts/citus.sh stop DIR         stops all three
#   scripts/citus.sh attach PORT DB   makes the coordinator's database DB a cluster's: creates DB
#                                     on the workers too, the citus extension everywhere, and
#                                     registers the workers with the coordinator
#
# The nodes reach each other as the session's role with the passwords pg.sh gives its roles,
# kept in each database's pg_dist_authinfo. Elsewhere, install Citus's own packages or run the
# citusdata/citus image (docker compose --profile citus up).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/pgbin.sh

# The settings every node runs with. The application sets its tenant and scope with SET LOCAL,
# which the coordinator passes on to the workers (citus.propagate_set_commands, set by the
# application per connection too); a test database's tables have 4 shards each, enough to spread
# groups over both workers without thousands of shard tables per test.
# Each database with Citus runs a daemon of its own: a test run holds dozens at once.
node_opts="-c shared_preload_libraries=citus -c max_connections=300 -c max_prepared_transactions=300 \
-c max_worker_processes=256 \
-c citus.shard_count=${CITUS_SHARD_COUNT:-4} -c citus.max_client_connections=300 \
-c fsync=off -c synchronous_commit=off -c full_page_writes=off ${CITUS_EXTRA_OPTS:-}"

# installed says whether the server binaries bindir finds have Citus beside them.
installed() {
  local v; v=$(basename "$(dirname "$(bindir)")")
  [ -f "/usr/share/postgresql/$v/extension/citus.control" ] && [ -f "/usr/lib/postgresql/$v/lib/citus.so" ]
}

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

install() {
  installed && return 0
  local src=${CITUS_SRC:-../shared/vendor/citus}
  [ -f "$src/citus-13.2.2.tar.gz" ] || die "Citus is not installed and its source is not in $src;
install Citus for PostgreSQL 15 from its packages (https://docs.citusdata.com) or set CITUS_SRC"
  src=$(cd "$src" && pwd) # the build runs in another directory
  echo "citus.sh: building Citus 13.2.2 from $src (about 4 minutes)" >&2
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-server-dev-15 liblz4-dev \
    libzstd-dev libkrb5-dev libssl-dev libselinux1-dev libxslt1-dev libpam0g-dev libreadline-dev \
    libcurl4-openssl-dev make gcc >/dev/null
  local build; build=$(mktemp -d)
  tar xzf "$src/citus-13.2.2.tar.gz" -C "$build"
  (cd "$build/citus-13.2.2" && patch -s -p1 <"$src/pg15.20-have_createdb_privilege.patch" &&
    ./configure --without-libcurl >/dev/null && make -s -j"$(nproc)" >/dev/null 2>&1 && as_root make -s install >/dev/null)
  rm -rf "$build"
  installed || die "Citus did not install; see the build above"
}

# passfile prints a password file with the roles' passwords that the nodes' own background
# work (a rebalance's shard moves) reads when it connects to another node, in a place the
# cluster's operating-system user can read.
passfile() {
  local port=$1 file
  if [ "$(id -u)" -eq 0 ]; then
    mkdir -p /var/lib/csidesk && chmod 755 /var/lib/csidesk
    file=/var/lib/csidesk/citus-$port.pgpass
  else
    file=$(absolute_dir "$2")/citus.pgpass
  fi
  printf '127.0.0.1:*:*:%s:%s\n' postgres postgres csidesk csidesk csidesk_app csidesk_app >"$file"
  chmod 600 "$file"
  [ "$(id -u)" -ne 0 ] || chown postgres: "$file"
  echo "$file"
}

absolute_dir() { mkdir -p "$1" && (cd "$1" && pwd); }

start() {
  local dir=$1 port=$2
  install
  id postgres >/dev/null 2>&1 || [ "$(id -u)" -ne 0 ] || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
  PGPASSFILE=$(passfile "$port" "$dir")
  export PGPASSFILE
  local i=0 node
  for node in coordinator worker1 worker2; do
    PG_EXTRA_OPTS="$node_opts" scripts/pg.sh start "$dir/$node" $((port + i))
    i=$((i + 1))
  done
}

stop() {
  local node
  for node in coordinator worker1 worker2; do scripts/pg.sh stop "$1/$node"; done
}

psql_at() {
  local port=$1 db=$2; shift 2
  PGPASSWORD=postgres "$(bindir)/psql" -q -X -t -A -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d "$db" "$@"
}

attach() {
  local port=$1 db=$2 w
  for w in $((port + 1)) $((port + 2)); do
    [ -n "$(psql_at "$w" postgres -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" ] ||
      psql_at "$w" postgres -c "CREATE DATABASE \"$db\" OWNER csidesk"
    psql_at "$w" "$db" -c "CREATE EXTENSION IF NOT EXISTS citus"
  done
  psql_at "$port" "$db" <<SQL
CREATE EXTENSION IF NOT EXISTS citus;
INSERT INTO pg_dist_authinfo (nodeid, rolename, authinfo)
SELECT 0, r, 'password=' || r FROM unnest(ARRAY['postgres', 'csidesk', 'csidesk_app']) r
ON CONFLICT DO NOTHING;
SELECT citus_set_coordinator_host('127.0.0.1', $port);
SELECT citus_add_node('127.0.0.1', $((port + 1)));
SELECT citus_add_node('127.0.0.1', $((port + 2)));
SQL
}

case "${1:-}" in
  install) install ;;
  start) [ $# -eq 3 ] || die "usage: citus.sh start DIR PORT"; start "$2" "$3" ;;
  stop) [ $# -eq 2 ] || die "usage: citus.sh stop DIR"; stop "$2" ;;
  attach) [ $# -eq 3 ] || die "usage: citus.sh attach PORT DB"; attach "$2" "$3" ;;
  *) die "usage: citus.sh install | start DIR PORT | stop DIR | attach PORT DB" ;;
esac
