#!/usr/bin/env bash
# make bench-pages: the pages staff use all day, measured from outside as users hit them, against
# the bare-stack ceiling (fortunes: chi + pgx + templ, one query, no middleware) on the same
# PostgreSQL cluster, with the same wrk settings, alternated. It is ../shared/bench/side-by-side.sh
# with the call screen added (an agent of each group opens a random open call of the group) and
# the complaint queues (customer service, a department head and the GM of each group open theirs).
# Absolute figures vary between machines and runs; the ratio to fortunes is what to compare.
#
#   scripts/bench-pages.sh [OUTDIR]        (default tmp/bench-pages)
#   BENCH_PG_PORT=54331 BENCH_DB=scores_bench   the cluster under .data/pgbench and its database;
#                        a cluster not yet running is seeded (or reused) by bench-scores.sh first
#   BIN=bin/csidesk      the server to measure (built afresh when not given)
#   FORTUNES=../shared/bench/fortunes           the ceiling's source
#   DUR=15 REPS=2 CONNS=32                      seconds per page, repetitions, connections
#   PAGES="gm trends"    the pages to measure, of: gm trends worklist search call queues
#   PROFILE=1            also takes a CPU profile of the server over each page's first run, kept
#                        as OUTDIR/cpu-PAGE.pprof with its top entries in OUTDIR/cpu-PAGE.txt
# Needs wrk (apt-get install wrk). Prints rep, page, req/s, % of fortunes, p50, p99, non-2xx and
# the server's resident memory, and keeps wrk's raw output in OUTDIR.
set -euo pipefail
cd "$(dirname "$0")/.."

port=${BENCH_PG_PORT:-54331} db=${BENCH_DB:-scores_bench}
out=${1:-tmp/bench-pages}; mkdir -p "$out"; out=$(cd "$out" && pwd)
fort=$(cd "${FORTUNES:-../shared/bench/fortunes}" && pwd)
DUR=${DUR:-15} REPS=${REPS:-2} C=${CONNS:-32}
bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
su() { PGPASSWORD=postgres "$bindir/psql" -q -X -t -A -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres "$@"; }

# The cluster as bench-scores.sh leaves it: seeded, then stopped; started here with its settings.
if ! su -d postgres -c 'SELECT 1' >/dev/null 2>&1; then
  BENCH_PG_PORT=$port BENCH='^$' BENCHTIME=1x scripts/bench-scores.sh
  PG_EXTRA_OPTS="-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 \
-c shared_buffers=4GB -c effective_cache_size=16GB -c maintenance_work_mem=1GB \
-c max_wal_size=16GB -c checkpoint_timeout=30min" scripts/pg.sh start .data/pgbench "$port"
  stop_pg=1
fi
bin=${BIN:-}
if [ -z "$bin" ]; then go build -o bin/csidesk ./cmd/csidesk; bin=bin/csidesk; fi

if [ -z "$(su -d postgres -c "SELECT 1 FROM pg_database WHERE datname = 'fortunes'")" ]; then
  su -d postgres -c "CREATE DATABASE fortunes"; su -d fortunes -f "$fort/schema.sql" >/dev/null
fi
(cd "$fort" && go build -o "$out/fortunes-server" .)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap 'cleanup; [ -z "${stop_pg:-}" ] || scripts/pg.sh stop .data/pgbench' EXIT
DATABASE_URL="postgres://postgres:postgres@127.0.0.1:$port/fortunes?sslmode=disable" "$out/fortunes-server" >"$out/fortunes.log" 2>&1 &
pids+=($!)
DATABASE_URL="postgres://csidesk_app:csidesk_app@127.0.0.1:$port/$db?sslmode=disable" \
DATABASE_OWNER_URL="postgres://csidesk:csidesk@127.0.0.1:$port/$db?sslmode=disable" \
LISTEN_ADDR=127.0.0.1:8095 METRICS_ADDR=127.0.0.1:9095 "$bin" serve >"$out/csidesk.log" 2>&1 &
spid=$!; pids+=($spid)
for _ in $(seq 100); do
  curl -sf -o /dev/null http://127.0.0.1:8095/healthz && curl -sf -o /dev/null http://127.0.0.1:8081/db && break
  sleep 0.2
done

# The first serve of a freshly seeded database generates each group's periodic and birthday
# calls (about 110,000 a group): measure once no generation job is left to run.
since=$(date -u +%FT%TZ)
for _ in $(seq 900); do
  left=$(su -d "$db" -c "SELECT (SELECT count(*) FROM river_job WHERE kind LIKE 'followups.generate%'
    AND state IN ('available', 'running', 'retryable'))
    + (SELECT CASE WHEN EXISTS (SELECT FROM river_job WHERE kind = 'followups.generate_all'
                                AND finalized_at > '$since') THEN 0 ELSE 1 END)")
  [ "$left" = 0 ] && break
  sleep 2
done

# login JAR WHO G: logs the group's user in and prints the session cookie for wrk.
login() {
  curl -s -c "$1" -b "$1" -o /dev/null http://127.0.0.1:8095/login
  curl -s -c "$1" -b "$1" -o /dev/null -H "Origin: http://127.0.0.1:8095" \
    --data-urlencode "email=$2@t$3.synthetic.test" --data-urlencode "password=Synthetic@2026" http://127.0.0.1:8095/login
  sed "s/^#HttpOnly_//" "$1" | awk '!/^#/ && NF>=7 {printf "%s=%s; ", $6, $7}'
}

# Targets: the GM of each group (all stores) on the score pages of a random store; the group's
# agent on the worklist, the search for 王 and the call screen of a random open call.
: >"$out/targets.txt"
for t in $(su -d "$db" -c "SELECT id FROM tenants WHERE name LIKE 'Synthetic Group %' ORDER BY id"); do
  g=$(printf %02d "$(su -d "$db" -c "SELECT substr(name, 17)::int FROM tenants WHERE id = $t")")
  ck=$(login "$out/jar-gm-$g" gm "$g"); gmck=$ck
  for s in $(curl -s -H "Cookie: $ck" http://127.0.0.1:8095/scores | grep -o '<option value="[0-9]*"' | grep -o '[0-9][0-9]*' | sort -u); do
    echo "gm $ck|/scores?store=$s" >>"$out/targets.txt"
    echo "trends $ck|/scores/trends?store=$s" >>"$out/targets.txt"
  done
  ck=$(login "$out/jar-agent-$g" agent "$g")
  echo "worklist $ck|/worklist" >>"$out/targets.txt"
  echo "search $ck|/customers?q=%E7%8E%8B" >>"$out/targets.txt"
  for task in $(su -d "$db" -c "SELECT id FROM follow_up_tasks WHERE tenant_id = $t AND status = 'open' ORDER BY random() LIMIT 100"); do
    echo "call $ck|/tasks/$task" >>"$out/targets.txt"
  done
  # the complaint queues as each role opens them: customer service, the department head, the GM
  # (whose session is the one above: a new login ends it)
  for who in csm manager; do
    ck=$(login "$out/jar-$who-$g" "$who" "$g")
    echo "queues $ck|/complaints" >>"$out/targets.txt"
  done
  echo "queues $gmck|/complaints" >>"$out/targets.txt"
done
pages=${PAGES:-gm trends worklist search call queues}

cat >"$out/pick.lua" <<'LUA'
local rows = {}
function init(args)
  for line in io.lines(args[1]) do
    local kind, ck, path = line:match("^(%S+) (.*)|(.*)$")
    if kind == args[2] then rows[#rows + 1] = {ck, path} end
  end
end
function request()
  local r = rows[math.random(#rows)]
  return wrk.format("GET", r[2], {Cookie = r[1]})
end
LUA
for k in $pages; do
  n=$(grep -c "^$k " "$out/targets.txt" || true)
  line=$(grep -m1 "^$k " "$out/targets.txt"); ck=${line#* }; ck=${ck%%|*}; path=${line#*|}
  code=$(curl -s -o "$out/sample-$k.html" -w '%{http_code}' -H "Cookie: $ck" "http://127.0.0.1:8095$path")
  [ "$code" = 200 ] || { echo "$k: $path answered $code, not 200" >&2; exit 1; }
  # unloaded: the fastest of five requests one after another, after the first
  ms=$(for _ in 1 2 3 4 5; do curl -s -o /dev/null -w '%{time_total}\n' -H "Cookie: $ck" "http://127.0.0.1:8095$path"; done |
    sort -n | head -1 | awk '{printf "%.1f", $1 * 1000}')
  echo "$k: $n targets, sample $path -> $code, $(wc -c <"$out/sample-$k.html") bytes, ${ms} ms unloaded"
done | tee "$out/targets-summary.txt"

# wrkrun PAGE DURATION [wrk options]: one wrk run of a page.
wrkrun() {
  local k=$1 d=$2; shift 2
  if [ "$k" = fortunes ]; then
    wrk -t2 -c"$C" -d"$d" "$@" http://127.0.0.1:8081/fortunes
  else
    wrk -t2 -c"$C" -d"$d" "$@" -s "$out/pick.lua" http://127.0.0.1:8095 -- "$out/targets.txt" "$k"
  fi
}
for k in fortunes $pages; do wrkrun "$k" 5s >/dev/null; done
echo -e "rep\tpage\treq_s\tvs_fortunes\tp50_ms\tp99_ms\tnon2xx\tsrv_rss_mb"
for rep in $(seq "$REPS"); do
  for k in fortunes $pages; do
    prof=
    if [ -n "${PROFILE:-}" ] && [ "$rep" = 1 ] && [ "$k" != fortunes ]; then
      curl -s -o "$out/cpu-$k.pprof" "http://127.0.0.1:9095/debug/pprof/profile?seconds=$((DUR - 2))" & prof=$!
    fi
    wrkrun "$k" "${DUR}s" --latency >"$out/wrk-$k-$rep.txt"
    if [ -n "$prof" ]; then
      wait "$prof"; go tool pprof -top -nodecount=30 "$bin" "$out/cpu-$k.pprof" >"$out/cpu-$k.txt" 2>&1 || true
    fi
    rss=$(awk '/VmRSS/{printf "%.0f", $2/1024}' /proc/$spid/status)
    awk -v rep="$rep" -v k="$k" -v rss="$rss" -v base="$(cat "$out/fortunes-rps" 2>/dev/null || echo 0)" '
      function ms(x) { if (x ~ /us$/) return x / 1000; if (x ~ /ms$/) return x + 0; if (x ~ /s$/) return x * 1000; return x }
      /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } /^Requests\/sec/ { r = $2 } /Non-2xx/ { e = $NF }
      END {
        if (k == "fortunes") { base = r; print r > "'"$out"'/fortunes-rps" }
        printf "%s\t%s\t%.0f\t%.0f%%\t%.2f\t%.2f\t%d\t%s\n", rep, k, r, 100 * r / base, p50, p99, e, rss
      }' "$out/wrk-$k-$rep.txt"
  done
done | tee "$out/summary.tsv"
rm -f "$out/fortunes-rps"
