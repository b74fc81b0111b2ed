#!/usr/bin/env bash
# make bench-citus: the same synthetic data on a single PostgreSQL and on the local three-node
# Citus cluster (scripts/citus.sh), measured by the same harnesses one after the other: survey
# completion (BenchmarkCompleteSurvey, one agent completing surveys one after another) and the
# pages from outside (scripts/bench-pages.sh, beside the fortunes ceiling on the same cluster).
#
#   SURVEYS=200000       completed surveys seeded into each (once; a later run reuses them)
#   BENCHTIME=300x       completions per engine
#   PAGES, DUR, REPS     as for scripts/bench-pages.sh (default: the score pages, 15 s, 2)
#
# The Citus database is seeded as a single node's would be, then moved onto the cluster: the
# citus extension and the workers are added and `csidesk migrate up` distributes it, as a
# superuser, since row-level security forbids the schema's owner to copy rows into shards.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/pgbin.sh

surveys=${SURVEYS:-200000}
single=${BENCH_SINGLE_PORT:-54394} citus=${BENCH_CITUS_PORT:-54390}
db=scores_bench marker="synthetic: ${SURVEYS:-200000} surveys"
out=${1:-tmp/bench-citus}; mkdir -p "$out"
super() { PGPASSWORD=postgres "$(bindir)/psql" -q -X -t -A -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$1" -U postgres -d postgres "${@:2}"; }
url() { echo "postgres://$1:$1@127.0.0.1:$2/$db?sslmode=disable"; }

PG_EXTRA_OPTS="-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 \
-c shared_buffers=2GB" scripts/pg.sh start .data/bench-single "$single"
CITUS_EXTRA_OPTS="-c shared_buffers=1GB" scripts/citus.sh start .data/bench-citus "$citus"
trap 'scripts/pg.sh stop .data/bench-single; scripts/citus.sh stop .data/bench-citus' EXIT
go build -o bin/csidesk ./cmd/csidesk

# seed PORT: the synthetic groups in db on the cluster at PORT, unless they are there already.
seed() {
  local port=$1
  [ "$(super "$port" -c "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '$db'")" != "$marker" ] || return 0
  super "$port" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db OWNER csidesk"
  DATABASE_URL=$(url csidesk_app "$port") DATABASE_OWNER_URL=$(url csidesk "$port") sh -c \
    "bin/csidesk migrate up && bin/csidesk seed synthetic -surveys $surveys >/dev/null && bin/csidesk seed synthetic-complaints"
  if [ "$port" = "$citus" ]; then
    scripts/citus.sh attach "$citus" "$db"
    DATABASE_URL=$(url csidesk_app "$citus") DATABASE_OWNER_URL=$(url postgres "$citus") bin/csidesk migrate up >/dev/null
  fi
  super "$port" -c "COMMENT ON DATABASE $db IS '$marker'"
}
seed "$single"
seed "$citus"

for engine in single citus; do
  port=${!engine}
  echo "== $engine: survey completion"
  SCORES_BENCH_DATABASE_URL=$(url csidesk_app "$port") go test -count=1 -timeout 30m ./internal/server/ \
    -run '^$' -bench CompleteSurvey -benchtime "${BENCHTIME:-300x}" | grep Benchmark | tee "$out/complete-$engine.txt"
  echo "== $engine: pages"
  BENCH_PG_PORT=$port BENCH_DB=$db BIN=bin/csidesk PAGES=${PAGES:-gm trends} DUR=${DUR:-15} REPS=${REPS:-2} \
    scripts/bench-pages.sh "$out/$engine"
done
