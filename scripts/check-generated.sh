#!/usr/bin/env bash
# Fails when a generated view differs from what `make generate` makes of its .templ source, so
# that the committed code is always the source's.
set -euo pipefail
cd "$(dirname "$0")/.."
templ=$(go tool -n templ)
stale=()
while IFS= read -r src; do
  if ! "$templ" generate -f "$src" -stdout 2>/dev/null | cmp -s - "${src%.templ}_templ.go"; then
    stale+=("$src")
  fi
done < <(git ls-files '*.templ')
if [ ${#stale[@]} -gt 0 ]; then
  echo "check-generated: these views differ from their source; run make generate:" >&2
  printf '  %s\n' "${stale[@]}" >&2
  exit 1
fi
