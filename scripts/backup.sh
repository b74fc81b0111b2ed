#!/usr/bin/env bash
# Writes a backup of the database, every dealer group's rows included, to FILE (pg_dump's custom
# format; scripts/restore.sh reads it).
#
#   scripts/backup.sh FILE
#
# BACKUP_DATABASE_URL names the connection: a role that reads every row and writes nothing
# (BYPASSRLS and pg_read_all_data; README, "Backups"). Row-level security hides every group's
# rows from any other role, the schema owner included, whose dump would hold no rows at all.
# Without it, the private cluster of `make run` is backed up as csidesk_backup.
set -euo pipefail
. "$(dirname "$0")/pgbin.sh"

[ $# -eq 1 ] || die "usage: backup.sh FILE"
url=${BACKUP_DATABASE_URL:-postgres://csidesk_backup:csidesk_backup@127.0.0.1:${DEV_PG_PORT:-54329}/csidesk?sslmode=disable}
b=$(bindir)
"$b/psql" -X -q -At -v ON_ERROR_STOP=1 -d "$url" -c \
  "SELECT 1 FROM pg_roles WHERE rolname = current_user AND (rolbypassrls OR rolsuper)" | grep -q 1 ||
  die "the backup role must have BYPASSRLS, or the backup would hold no dealer group's rows (README, Backups)"
"$b/pg_dump" --format=custom --no-password --file="$1" "$url"
echo "backup.sh: wrote $1"
