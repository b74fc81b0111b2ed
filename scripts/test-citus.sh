#!/usr/bin/env bash
# make test-citus: the tests of the packages that run on Citus (TEST_PACKAGES, or those go
# test's arguments select) on a private Citus cluster under .data/citustest, a coordinator and two workers on
# TEST_CITUS_PORT (default 54370) and the two ports after it. Citus is built from
# ../shared/vendor/citus when it is not installed (scripts/citus.sh install). Each test's
# database is distributed as Migrator.Up distributes a production database (pgtest).
set -euo pipefail
cd "$(dirname "$0")/.."

port=${TEST_CITUS_PORT:-54370}
# every statement Citus cannot route to one shard is logged with its text and role, for
# scripts/citus-multishard.sh
CITUS_EXTRA_OPTS="-c citus.multi_task_query_log_level=warning -c log_min_error_statement=warning -c log_line_prefix=%u:" \
  scripts/citus.sh start .data/citustest "$port"
trap 'scripts/citus.sh stop .data/citustest' EXIT
# templates of an earlier run may have been distributed by other code: made afresh each run
for p in "$port" $((port + 1)) $((port + 2)); do
  for db in $(PGPASSWORD=postgres psql -X -At -h 127.0.0.1 -p "$p" -U postgres -d postgres \
      -c "SELECT datname FROM pg_database WHERE datname LIKE 'citus\_tpl\_%'"); do
    PGPASSWORD=postgres psql -X -q -h 127.0.0.1 -p "$p" -U postgres -d postgres \
      -c "UPDATE pg_database SET datistemplate = false WHERE datname = '$db'" -c "DROP DATABASE \"$db\" WITH (FORCE)"
  done
done
export TEST_DATABASE_URL="postgres://postgres:postgres@127.0.0.1:$port/postgres?sslmode=disable"
export TEST_CITUS_WORKERS="127.0.0.1:$((port + 1)),127.0.0.1:$((port + 2))"
if [ $# -eq 0 ]; then set -- -skip '^TestBrowser'; fi
# Every package with tests on the database but internal/pgtest, whose backup and restore are a
# single node's (pg_dump of a coordinator holds no shards); the browser journeys are skipped by
# default, as in make test. The synthetic seed's test checks that the seed refuses a cluster.
packages="./internal/postgres/ ./internal/tenancy/ ./internal/auth/ ./internal/calendar/
  ./internal/customers/ ./internal/changes/ ./internal/app/ ./internal/home/
  ./internal/scores/ ./internal/links/ ./internal/jobs/ ./internal/imports/ ./internal/orders/
  ./internal/apikeys/ ./internal/benchmarks/ ./internal/followups/ ./internal/complaints/...
  ./internal/surveys/ ./internal/notify/ ./internal/incentives/ ./internal/improve/
  ./internal/demo/ ./internal/synthetic/ ./internal/server/ ./cmd/csidesk/"
# the coordinator's log, where scripts/pg.sh has it write
log=$(PGPASSWORD=postgres psql -X -At -h 127.0.0.1 -p "$port" -U postgres -d postgres \
  -c "SELECT current_setting('data_directory') || '/server.log'")
from=$(stat -c %s "$log")
go test -count=1 -timeout "${TEST_TIMEOUT:-40m}" "$@" ${TEST_PACKAGES:-$packages}
scripts/citus-multishard.sh "$log" "$from"
