# Sourced by the scripts that run PostgreSQL's programs: bindir prints the folder of the
# PostgreSQL 15+ server binaries, installing Debian's postgresql package when none is found.
die() { echo "$(basename "$0"): $*" >&2; exit 1; }

find_bindir() {
  local dir best=""
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] || continue
    local v; v=$(basename "$(dirname "$dir")")
    [ "${v%%.*}" -ge 15 ] 2>/dev/null && best=$dir
  done
  echo "$best"
}

install_postgres() {
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "$(basename "$0"): PostgreSQL server binaries not found; installing Debian's postgresql package" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  elif command -v sudo >/dev/null && command -v apt-get >/dev/null; then
    echo "$(basename "$0"): PostgreSQL server binaries not found; installing with sudo apt-get" >&2
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
}

bindir() {
  local b; b=$(find_bindir)
  if [ -z "$b" ]; then install_postgres || true; b=$(find_bindir); fi
  [ -n "$b" ] || die "no PostgreSQL 15+ server binaries (/usr/lib/postgresql/*/bin) and they could not be installed.
Install Debian's 'postgresql' package, or point DATABASE_URL and DATABASE_OWNER_URL at an existing
database (see README), or run 'docker compose up'."
  echo "$b"
}

