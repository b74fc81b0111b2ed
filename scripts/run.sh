#!/usr/bin/env bash
# make run: serve the app with demo data. Without DATABASE_URL it uses a private PostgreSQL
# cluster under .data/pg, started here and stopped when the app stops; with CITUS=1, a private
# Citus cluster under .data/citus instead (a coordinator and two workers, scripts/citus.sh), on
# which migrate up distributes the schema.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${DATABASE_URL:-}" ] && [ -n "${CITUS:-}" ]; then
  port=${DEV_CITUS_PORT:-54360}
  scripts/citus.sh start .data/citus "$port"
  trap 'scripts/citus.sh stop .data/citus' EXIT
  scripts/citus.sh attach "$port" csidesk
  export DATABASE_URL="postgres://csidesk_app:csidesk_app@127.0.0.1:$port/csidesk?sslmode=disable"
  export DATABASE_OWNER_URL="postgres://csidesk:csidesk@127.0.0.1:$port/csidesk?sslmode=disable"
elif [ -z "${DATABASE_URL:-}" ]; then
  port=${DEV_PG_PORT:-54329}
  scripts/pg.sh start .data/pg "$port"
  trap 'scripts/pg.sh stop .data/pg' EXIT
  export DATABASE_URL="postgres://csidesk_app:csidesk_app@127.0.0.1:$port/csidesk?sslmode=disable"
  export DATABASE_OWNER_URL="postgres://csidesk:csidesk@127.0.0.1:$port/csidesk?sslmode=disable"
fi
go build -o bin/csidesk ./cmd/csidesk
bin/csidesk migrate up
bin/csidesk seed demo
bin/csidesk serve
