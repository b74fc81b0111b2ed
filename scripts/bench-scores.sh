#!/usr/bin/env bash
# make bench-scores: the score pages' speed target on realistic volume. Starts a private
# PostgreSQL cluster under .data/pgbench, loads SURVEYS (default 5,000,000) completed surveys
# across 10 dealer groups and 50 stores into its database scores_bench once (a later run with
# the same SURVEYS reuses them; another SURVEYS starts the database afresh), runs
# BenchmarkScorePages and BenchmarkScorePagesAfresh against it (SCORES_BENCH_DATABASE_URL), and
# stops the cluster.
#
#   SURVEYS=200000 make bench-scores      a smaller database, to try things out
#   BENCHTIME=500x make bench-scores      fewer iterations (default 2000x)
#   BENCH='ScorePages|CompleteSurvey' ... other benchmarks over the same database
#   SEED_FLAGS='-parallel 1' ...          further flags for csidesk seed synthetic
#   RESEED=1 make bench-scores            seed afresh even when the database is ready
set -euo pipefail
cd "$(dirname "$0")/.."

port=${BENCH_PG_PORT:-54331}
dir=.data/pgbench
db=scores_bench
surveys=${SURVEYS:-5000000}
marker="synthetic: $surveys surveys"

# Durability off as for the tests; memory for a database of several GB on a 24 GB machine.
PG_EXTRA_OPTS="-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 \
-c shared_buffers=4GB -c effective_cache_size=16GB -c maintenance_work_mem=1GB \
-c max_wal_size=16GB -c checkpoint_timeout=30min" \
  scripts/pg.sh start "$dir" "$port"
trap 'scripts/pg.sh stop "$dir"' EXIT

bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
psql_super() {
  PGPASSWORD=postgres "$bindir/psql" -q -X -t -A -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres "$@"
}

export DATABASE_URL="postgres://csidesk_app:csidesk_app@127.0.0.1:$port/$db?sslmode=disable"
export DATABASE_OWNER_URL="postgres://csidesk:csidesk@127.0.0.1:$port/$db?sslmode=disable"
go build -o bin/csidesk ./cmd/csidesk

# The seed marks the database when it has finished; a database without the mark (none yet, an
# interrupted seed, another size) is made afresh.
seeded=$(psql_super -c "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '$db'")
if [ "$seeded" = "$marker" ] && [ -z "${RESEED:-}" ]; then
  echo "bench-scores.sh: $db holds $surveys synthetic surveys already"
  bin/csidesk migrate up
else
  psql_super -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
  psql_super -c "CREATE DATABASE $db OWNER csidesk"
  bin/csidesk migrate up
  start=$(date +%s)
  bin/csidesk seed synthetic -surveys "$surveys" ${SEED_FLAGS:-}
  echo "bench-scores.sh: seeded in $(( $(date +%s) - start )) s; database size $(psql_super -c "SELECT pg_size_pretty(pg_database_size('$db'))")"
  psql_super -c "COMMENT ON DATABASE $db IS '$marker'"
fi
# complaints for the queues, added to a database seeded before synthetic groups had them
bin/csidesk seed synthetic-complaints

SCORES_BENCH_DATABASE_URL=$DATABASE_URL go test -count=1 -timeout 60m ./internal/server/ \
  -run '^$' -bench "${BENCH:-BenchmarkScorePages}" -benchtime "${BENCHTIME:-2000x}"
