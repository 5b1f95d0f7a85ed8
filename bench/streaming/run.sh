#!/bin/bash
# The streaming benchmark (issue 4): `candela web`, `candela worker` and `candela streaming`
# (through Redis) against the reference broadcaster, with the clients of clients.py.
# Needs the data of bench/streaming/generate.py and wrk. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
ulimit -n "$(ulimit -Hn)"  # 10,000 sockets on each side
export CANDELA_DATABASE_URL="${CANDELA_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/candela_stream_bench}"
export CANDELA_REDIS_URL="${CANDELA_REDIS_URL:-redis://127.0.0.1:6379/3}"
export CANDELA_REALTIME_PREFIX="candela-stream-bench:" CANDELA_LOG_LEVEL=WARNING
WEB_PORT="${WEB_PORT:-8124}"
STREAM_PORT="${STREAM_PORT:-4124}"
REFERENCE_PORT="${REFERENCE_PORT:-4125}"
CLIENTS="${CLIENTS:-2000}"
IDLE="${IDLE:-10000}"
DURATION="${DURATION:-15s}"
OUT=bench/out/streaming
mkdir -p "$OUT"
PY=.venv/bin/python
CANDELA_URL="ws://127.0.0.1:$STREAM_PORT/api/v1/streaming?stream=public"
REFERENCE_URL="ws://127.0.0.1:$REFERENCE_PORT/"

.venv/bin/candela web --host 127.0.0.1 --port "$WEB_PORT" --workers 2 > "$OUT/web.log" 2>&1 &
WEB=$!
.venv/bin/candela worker > "$OUT/worker.log" 2>&1 &
WORKER=$!
.venv/bin/candela streaming --host 127.0.0.1 --port "$STREAM_PORT" > "$OUT/streaming.log" 2>&1 &
STREAMING=$!
$PY bench/streaming/reference.py --port "$REFERENCE_PORT" > "$OUT/reference.log" 2>&1 &
REFERENCE=$!
trap 'kill $WEB $WORKER $STREAMING $REFERENCE 2>/dev/null' EXIT
for _ in $(seq 100); do
  curl -fs "http://127.0.0.1:$STREAM_PORT/api/v1/streaming/health" > /dev/null \
    && curl -fs "http://127.0.0.1:$WEB_PORT/api/v1/instance" > /dev/null && break
  sleep 0.2
done
TOKEN="$($PY -c "import json; print(json.load(open('bench/out/streaming.json'))['readers'][0])")"
cheap() { wrk -t2 -c32 -d"$1" --latency -H "Authorization: Bearer $TOKEN" \
  "http://127.0.0.1:$WEB_PORT/api/v1/preferences"; }

uptime
echo "== 1. one event to $CLIENTS clients, then bursts: the reference"
$PY bench/streaming/clients.py broadcast --reference --url "$REFERENCE_URL" --clients "$CLIENTS"
echo "== 1. the same through Candela (publish_post, Redis, candela streaming)"
$PY bench/streaming/clients.py broadcast --url "$CANDELA_URL" --clients "$CLIENTS"

echo "== 2. a comment reaching its post's author, $CLIENTS other clients reading public"
$PY bench/streaming/clients.py comment --url "$CANDELA_URL" --web "http://127.0.0.1:$WEB_PORT" \
  --clients "$CLIENTS" --rounds "${ROUNDS:-200}"

echo "== 3. $IDLE idle connections: the reference, then Candela"
$PY bench/streaming/clients.py idle --url "$REFERENCE_URL" --clients "$IDLE" --server-pid $REFERENCE
$PY bench/streaming/clients.py idle --url "$CANDELA_URL" --clients "$IDLE" --server-pid $STREAMING

echo "== 4. GET /api/v1/preferences (candela web), alone"
cheap 5s > /dev/null
cheap "$DURATION" | grep -E "Requests/sec|50%|99%"
echo "== 4. the same while $CLIENTS clients read public and 10 posts a second are published"
if [ -n "${STREAMING_NICE:-}" ]; then
  # The deployment choice of docs/deployment.md for a machine shared with the web workers.
  renice -n "$STREAMING_NICE" -p $STREAMING > /dev/null
  echo "(candela streaming at nice $STREAMING_NICE)"
fi
# The clients and the publisher stand in for other machines: they run at a lower priority, so
# that what is measured is the streaming server's effect on the web workers, not theirs.
nice -n 10 $PY bench/streaming/clients.py load --url "$CANDELA_URL" --clients "$CLIENTS" \
  --seconds 30 > "$OUT/load.log" 2>&1 &
LOAD=$!
until grep -q publishing "$OUT/load.log"; do sleep 0.5; done
sleep 2
cheap "$DURATION" | grep -E "Requests/sec|50%|99%"
wait $LOAD
cat "$OUT/load.log"
uptime
