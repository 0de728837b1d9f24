#!/usr/bin/env bash
# Runs a command (the web server) together with one background worker (`pusula db_worker`: PDFs,
# e-mail). Ctrl-C or either process ending stops both. Usage: scripts/with-worker.sh COMMAND [ARGS...]
# WORKER=0 runs the command alone (when the workers run elsewhere, see docs/deploy.md).
set -uo pipefail
BIN=${BIN:-.venv/bin}

if [ "${WORKER:-1}" = 0 ]; then
  exec "$@"
fi

"$BIN/pusula" db_worker --queue-name '*' --no-reload &
worker=$!
"$@" &
server=$!

stop() {
  trap - INT TERM EXIT
  kill -TERM "$server" "$worker" 2>/dev/null
  wait "$server" "$worker" 2>/dev/null
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap stop EXIT

wait -n "$server" "$worker"
status=$?
stop
exit "$status"
