# Starts a throwaway PostgreSQL cluster on 127.0.0.1:${PGPORT_TEST:-54329} and exports TEST_DATABASE_URL.
# Installs Debian's postgresql package when no server binaries are present.
start_postgres() {
  local port="${PGPORT_TEST:-54329}"
  local bindir
  bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
  if [ -z "$bindir" ] || [ ! -x "$bindir/postgres" ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq postgresql >/dev/null
    bindir="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  fi
  local data="/tmp/junction-pg-$port"
  if ! "$bindir/pg_isready" -h 127.0.0.1 -p "$port" -q; then
    rm -rf "$data"
    mkdir -p "$data"
    chown postgres:postgres "$data" 2>/dev/null || true
    local as=(); [ "$(id -u)" = 0 ] && as=(runuser -u postgres --)
    "${as[@]}" "$bindir/initdb" -D "$data" -U postgres --auth=trust -E UTF8 >/dev/null
    "${as[@]}" "$bindir/pg_ctl" -D "$data" -l "$data/log" -w \
      -o "-p $port -k /tmp -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=200" start >/dev/null
  fi
  export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
  echo "PostgreSQL ready at $TEST_DATABASE_URL"
}
