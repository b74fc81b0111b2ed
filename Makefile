# CSI Desk. `make run` serves the demo, `make test` runs every test; both start their own
# private PostgreSQL cluster under .data/ when DATABASE_URL is not set.

.PHONY: run test bench build generate

run:
	scripts/run.sh

test:
	scripts/test.sh

# bench runs the Go benchmarks against the test cluster (figures in README).
bench:
	scripts/test.sh -run '^$$' -bench . -benchtime 2s

build:
	go build -o bin/csidesk ./cmd/csidesk

# generate regenerates the templ views (the generated files are committed).
generate:
	go tool templ generate
