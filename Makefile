# CSI Desk. `make run` serves the demo, `make test` runs every test; both start their own
# private PostgreSQL cluster under .data/ when DATABASE_URL is not set.

.PHONY: run test build generate bench screenshots

run:
	scripts/run.sh

test:
	scripts/test.sh

build:
	go build -o bin/csidesk ./cmd/csidesk

# generate regenerates the templ views (the generated files are committed).
generate:
	go tool templ generate
