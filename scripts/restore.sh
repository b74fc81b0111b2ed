#!/usr/bin/env bash
# Restores a backup written by scripts/backup.sh into a new database, which it creates; an
# existing database is never written over.
#
#   scripts/restore.sh FILE DATABASE
#
# RESTORE_DATABASE_URL names a superuser connection to the target cluster (restoring sets the
# owner of every object and writes rows past row-level security); OWNER_ROLE (default csidesk)
# owns the new database. The roles of the schema owner and the application must exist in the
# target cluster. Without RESTORE_DATABASE_URL, the private cluster of `make run` is used.
set -euo pipefail
. "$(dirname "$0")/pgbin.sh"

[ $# -eq 2 ] || die "usage: restore.sh FILE DATABASE"
file=$1 db=$2 owner=${OWNER_ROLE:-csidesk}
[ -r "$file" ] || die "cannot read $file"
url=${RESTORE_DATABASE_URL:-postgres://postgres:postgres@127.0.0.1:${DEV_PG_PORT:-54329}/postgres?sslmode=disable}
b=$(bindir)
"$b/psql" -X -q -v ON_ERROR_STOP=1 -d "$url" -v db="$db" -v owner="$owner" <<'SQL'
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'owner') \gexec
SQL
base=${url%%\?*} query=${url#"${url%%\?*}"}
target=${base%/*}/$db$query
"$b/pg_restore" --exit-on-error --single-transaction --no-password --dbname="$target" "$file"
echo "restore.sh: restored $file into database $db"
