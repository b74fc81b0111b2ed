#!/usr/bin/env bash
# Lists the statements the application (role csidesk_app) ran across shards, from the Citus
# coordinator's log (LOG, from byte FROM on), and fails on one not in scripts/citus-multishard.txt.
# make test-citus runs the coordinator with citus.multi_task_query_log_level = warning, so that
# every statement Citus cannot route to one group's shard is logged with its text. A group's
# pages and actions must stay on its shard; only what is listed there may span shards, each with
# its reason.
#
#   scripts/citus-multishard.sh LOG FROM
set -euo pipefail
cd "$(dirname "$0")/.."
log=$1 from=$2
allowed=scripts/citus-multishard.txt
found=$(tail -c +"$((from + 1))" "$log" | awk '
  # lines are "role:LEVEL:  text"; a statement goes on over lines that begin with a tab
  /^\t/ { if (inside) stmt = stmt " " $0; next }
  { if (stmt != "") print stmt; stmt = ""; inside = 0 }
  /^csidesk_app:WARNING:  multi-task query about to be executed/ { want = 1; next }
  want && /^csidesk_app:STATEMENT:  / { sub(/^csidesk_app:STATEMENT:  /, ""); stmt = $0; inside = 1; want = 0 }
  END { if (stmt != "") print stmt }' |
  tr -s ' \t' '  ' | sed -E 's/[0-9]+/0/g; s/^ +//; s/ +$//' | sort -u)
# a statement is allowed when it begins with one of the list's lines
new=$(printf '%s\n' "$found" | sed '/^$/d' | while IFS= read -r stmt; do
  allowed_by=$(grep -v '^#' "$allowed" | sed '/^$/d' | while IFS= read -r line; do
    if [ "${stmt#"$line"}" != "$stmt" ]; then echo y; break; fi
  done)
  [ -n "$allowed_by" ] || printf '%s\n' "$stmt"
done)
n=$(printf '%s\n' "$found" | sed '/^$/d' | wc -l)
echo "citus-multishard: the application ran $n distinct statements across shards"
if [ -n "$new" ]; then
  echo "citus-multishard: statements across shards not in $allowed:" >&2
  printf '  %s\n' "$new" >&2
  exit 1
fi
