#!/usr/bin/env bash
# Starts (creating it on first use) a private PostgreSQL cluster for development or tests.
#
#   scripts/pg.sh start DIR PORT   create DIR on first use, start it, create the csidesk roles and database
#   scripts/pg.sh stop DIR         stop the cluster in DIR
#
# The cluster listens on 127.0.0.1:PORT only. Roles (passwords equal to names, local use only):
#   postgres     superuser, used by the tests to create databases
#   csidesk      owner of the schema: migrations and seeding
#   csidesk_app  the application: not superuser, owns nothing, no BYPASSRLS
#   csidesk_backup  scripts/backup.sh: reads every row (BYPASSRLS, pg_read_all_data), writes nothing
set -euo pipefail

. "$(dirname "$0")/pgbin.sh"

# as_db runs a command as the cluster's operating-system user: initdb refuses root.
as_db() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# cluster_dir prints where the cluster asked for in DIR lives. As root, the cluster runs as user
# postgres, which may not reach DIR (a checkout under /root, whose mode is 0700): the cluster then
# lives under /var/lib/csidesk/, in a folder named after DIR's absolute path.
cluster_dir() {
  local dir=$1
  [ "$(id -u)" -eq 0 ] || { echo "$dir"; return; }
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
  mkdir -p "$dir"
  chown postgres: "$dir"
  chmod 700 "$dir"
  if runuser -u postgres -- test -w "$dir"; then echo "$dir"; return; fi
  rmdir "$dir" 2>/dev/null || true
  local hash; hash=$(printf '%s' "$dir" | sha256sum | cut -c1-12)
  local alt=/var/lib/csidesk/$hash/$(basename "$dir")
  mkdir -p "$alt"
  chmod 755 /var/lib/csidesk "/var/lib/csidesk/$hash"
  chown postgres: "$alt"
  chmod 700 "$alt"
  echo "pg.sh: user postgres cannot reach $dir (a parent directory is private); the cluster lives in $alt" >&2
  echo "$alt"
}

# absolute prints DIR as an absolute path, creating its parent.
absolute() {
  local dir=$1
  mkdir -p "$(dirname "$dir")"
  echo "$(cd "$(dirname "$dir")" && pwd)/$(basename "$dir")"
}

psql_super() {
  local b=$1 dir=$2 port=$3; shift 3
  PGPASSWORD=postgres "$b/psql" -q -X -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres "$@"
}

bootstrap_roles() {
  local b=$1 dir=$2 port=$3
  psql_super "$b" "$dir" "$port" >/dev/null <<'SQL'
SELECT 'CREATE ROLE csidesk LOGIN PASSWORD ''csidesk'''
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'csidesk') \gexec
SELECT 'CREATE ROLE csidesk_app LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD ''csidesk_app'''
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'csidesk_app') \gexec
SELECT 'CREATE ROLE csidesk_backup LOGIN NOSUPERUSER BYPASSRLS IN ROLE pg_read_all_data PASSWORD ''csidesk_backup'''
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'csidesk_backup') \gexec
SELECT 'CREATE DATABASE csidesk OWNER csidesk'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'csidesk') \gexec
SQL
}

start() {
  local dir port=$2 b; b=$(bindir)
  dir=$(cluster_dir "$(absolute "$1")")
  if [ ! -f "$dir/PG_VERSION" ]; then
    echo "pg.sh: creating a PostgreSQL cluster in $dir" >&2
    local pw; pw=$(mktemp); echo postgres >"$pw"; chmod 644 "$pw"
    as_db "$b/initdb" -D "$dir" -U postgres --pwfile="$pw" --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$pw"
  fi
  if ! as_db "$b/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
    as_db "$b/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 start \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 ${PG_EXTRA_OPTS:-}" >/dev/null ||
      die "PostgreSQL did not start; see $dir/server.log"
  fi
  bootstrap_roles "$b" "$dir" "$port"
}

stop() {
  local dir b; b=$(bindir)
  dir=$(cluster_dir "$(absolute "$1")" 2>/dev/null)
  [ -f "$dir/PG_VERSION" ] || return 0
  as_db "$b/pg_ctl" -D "$dir" -m fast -w stop >/dev/null 2>&1 || true
}

case "${1:-}" in
  start) [ $# -eq 3 ] || die "usage: pg.sh start DIR PORT"; start "$2" "$3" ;;
  stop) [ $# -eq 2 ] || die "usage: pg.sh stop DIR"; stop "$2" ;;
  *) die "usage: pg.sh start DIR PORT | stop DIR" ;;
esac
