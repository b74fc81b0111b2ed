#!/usr/bin/env bash
# make test and make test-browser: the tests (those go test's arguments select) against a private
# PostgreSQL cluster under .data/pgtest (never the development cluster), with Debian's Chromium
# for the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

install_debs() {
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  fi
}
if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi "noto sans cjk"; then
  echo "test.sh: installing Debian's chromium and fonts-noto-cjk for the browser tests" >&2
  install_debs chromium fonts-noto-cjk
fi

scripts/check-generated.sh

port=${TEST_PG_PORT:-54330}
PG_EXTRA_OPTS="-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  scripts/pg.sh start .data/pgtest "$port"
trap 'scripts/pg.sh stop .data/pgtest' EXIT
export TEST_DATABASE_URL="postgres://postgres:postgres@127.0.0.1:$port/postgres?sslmode=disable"
go test -count=1 -timeout "${TEST_TIMEOUT:-20m}" "$@" ${TEST_PACKAGES:-./...}
