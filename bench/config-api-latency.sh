#!/usr/bin/env bash
# GET latency of the config API under load, served by `noops local` (Dynoxide behind it), measured
# with wrk (installed here with apt-get when missing). Prints wrk's latency distribution and a
# one-line p50/p99 summary for a plain GET and for a conditional GET answered 304.
#
#   bench/config-api-latency.sh [duration=30s] [connections=16] [threads=2]
#
# The figure is for this machine, loopback only: it includes the local HTTP adapter, the proxy
# event round trip, the handler and a strongly consistent GetItem on the emulator — not API
# Gateway, Lambda or DynamoDB in AWS.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
duration="${1:-30s}" connections="${2:-16}" threads="${3:-2}"

if ! command -v wrk >/dev/null 2>&1; then
  echo "installing wrk…" >&2
  if [ "$(id -u)" -eq 0 ]; then apt-get install -y wrk >/dev/null; else sudo apt-get install -y wrk >/dev/null; fi
fi

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
key="bench-api-key-$RANDOM$RANDOM$RANDOM"
url="http://localhost:$port"
log="$(mktemp)"
"$root/noops" local --in-memory --port "$port" --api-key "$key" >"$log" 2>&1 &
noops_pid=$!
# TERM, not INT: a background job of a non-interactive shell starts with SIGINT ignored
stop() { kill -TERM "$noops_pid" 2>/dev/null || true; wait "$noops_pid" 2>/dev/null || true; rm -f "$log"; }
trap stop EXIT

for _ in $(seq 1 600); do
  grep -q 'Ctrl-C stops it.' "$log" && break
  kill -0 "$noops_pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.5
done
grep -q 'Ctrl-C stops it.' "$log" || { echo "noops local did not start" >&2; cat "$log" >&2; exit 1; }

curl -sf -X PUT -H "x-api-key: $key" -H 'Content-Type: application/json' \
  -d '{"value": "jdbc:postgresql://db.internal:5432/orders?ssl=true"}' "$url/config/bench/db-url" >/dev/null
# warm the JIT before measuring
wrk -t"$threads" -c"$connections" -d10s -H "x-api-key: $key" "$url/config/bench/db-url" >/dev/null

summary() { # $1 = label; stdin = wrk --latency output
  local out; out="$(cat)"; echo "$out"
  local p50 p99 rps
  p50="$(awk '$1 == "50%" {print $2}' <<<"$out")"
  p99="$(awk '$1 == "99%" {print $2}' <<<"$out")"
  rps="$(awk '/^Requests\/sec/ {print $2}' <<<"$out")"
  echo "RESULT $1: p50=$p50 p99=$p99 requests/s=$rps (wrk -t$threads -c$connections -d$duration, $(nproc) cores)"
}

wrk -t"$threads" -c"$connections" -d"$duration" --latency -H "x-api-key: $key" "$url/config/bench/db-url" | summary "GET 200"
wrk -t"$threads" -c"$connections" -d"$duration" --latency -H "x-api-key: $key" -H 'If-None-Match: "1"' \
  "$url/config/bench/db-url" | summary "GET 304"
