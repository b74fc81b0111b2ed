#!/usr/bin/env bash
# make test-faults: the fault suite (internal/faults, build tag faults) runs the built server
# through SIGKILLs, a PostgreSQL restart, a killed job, a guessed password and formulas in an
# imported file. The suite starts its own PostgreSQL cluster under .data/pgfaults (port
# FAULTS_PG_PORT, default 54331) through scripts/pg.sh, and stops it when it ends.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/pgbin.sh
bindir >/dev/null # installs Debian's postgresql when no server binaries are found
go build -o bin/csidesk ./cmd/csidesk
go test -tags faults -count=1 -timeout 10m "$@" ./internal/faults/
