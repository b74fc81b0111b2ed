#!/usr/bin/env bash
# make run: serve the app with demo data. Without DATABASE_URL it uses a private PostgreSQL
# cluster under .data/pg, started here and stopped when the app stops.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${DATABASE_URL:-}" ]; then
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
