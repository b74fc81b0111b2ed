# CSI Desk. `make run` serves the demo, `make test` runs every test but the browser journeys,
# which `make test-browser` runs; each starts its own private PostgreSQL cluster under .data/.

.PHONY: run test test-browser test-faults test-citus bench bench-import bench-search bench-scores bench-pages bench-citus build generate

run:
	scripts/run.sh

test:
	scripts/test.sh -skip '^TestBrowser'

# test-browser runs the journeys in headless Chromium (TestBrowser_…), which leave their
# screenshots in tmp/screenshots.
test-browser:
	TEST_TIMEOUT=30m TEST_PACKAGES=./internal/server/ scripts/test.sh -run '^TestBrowser'

# test-faults runs the fault suite (internal/faults): the built server killed, PostgreSQL
# restarted, a job killed while it runs, on a cluster of its own under .data/pgfaults.
test-faults:
	scripts/test-faults.sh

# test-citus runs the tests on a private Citus cluster (a coordinator and two workers under
# .data/citustest), building Citus from ../shared/vendor/citus when it is not installed.
test-citus:
	scripts/test-citus.sh

# bench runs the page benchmarks against the test cluster; bench-import loads 1,000,000 service
# orders from CSV and bench-search searches 1,000,000 customers (figures in README).
bench:
	TEST_PACKAGES=./internal/server/ scripts/test.sh -run '^$$' -bench . -benchtime 2s

bench-import:
	IMPORT_ROWS=1000000 TEST_PACKAGES=./internal/imports/ scripts/test.sh -run '^$$' -bench Import -benchtime 1x

bench-search:
	TEST_PACKAGES=./internal/customers/ scripts/test.sh -run '^$$' -bench Search -benchtime 300x

# bench-scores measures the score pages on 5,000,000 synthetic surveys (SURVEYS overrides) in
# their own cluster under .data/pgbench; the first run seeds it.
bench-scores:
	scripts/bench-scores.sh

# bench-pages measures the worklist, the customer search, the call screen and the score pages from
# outside with wrk, side by side with the fortunes ceiling, over the bench-scores database.
bench-pages:
	scripts/bench-pages.sh

# bench-citus measures survey completion and the score pages on a single PostgreSQL and on the
# local three-node Citus cluster, over the same synthetic data.
bench-citus:
	scripts/bench-citus.sh

build:
	go build -o bin/csidesk ./cmd/csidesk

# generate regenerates the templ views (the generated files are committed; make test fails when
# one differs from its source, scripts/check-generated.sh).
generate:
	go tool templ generate
