#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL server: initdb into a temp folder, start it on a free
# loopback port, export DATABASE_URL, run the command, stop the server and remove the folder.
# Usage: scripts/with-postgres.sh COMMAND [ARGS...]
set -euo pipefail

PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "PostgreSQL server binaries missing: installing Debian's postgresql package" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  else
    echo "PostgreSQL server binaries not found (set PG_BIN)" >&2
    exit 3
  fi
fi

as_owner=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home /var/lib/postgresql postgres
  as_owner=(runuser -u postgres --)  # initdb refuses to run as root
fi

DATA=$(mktemp -d /tmp/pusula-pg.XXXXXX)
chmod 755 "$DATA"
[ "$(id -u)" = 0 ] && chown postgres "$DATA"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')

cleanup() {
  "${as_owner[@]}" "$PG_BIN/pg_ctl" -D "$DATA/db" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DATA"
}
trap cleanup EXIT

"${as_owner[@]}" "$PG_BIN/initdb" -D "$DATA/db" -U pusula --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_owner[@]}" "$PG_BIN/pg_ctl" -D "$DATA/db" -l "$DATA/server.log" -w -t 60 \
  -o "-h 127.0.0.1 -p $PORT -k $DATA -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
"${as_owner[@]}" "$PG_BIN/createdb" -h 127.0.0.1 -p "$PORT" -U pusula pusula

export DATABASE_URL="postgres://pusula@127.0.0.1:$PORT/pusula"
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT" >&2
"$@"
