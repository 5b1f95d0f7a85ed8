#!/bin/sh
# The feed benchmark: home timeline vs the reference endpoint, then fan-out while serving.
# Needs the data of bench/generate.py and wrk (apt-get install -y wrk). See bench/README.md.
set -eu
cd "$(dirname "$0")/.."
export CANDELA_DATABASE_URL="${CANDELA_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/candela_bench}"
export CANDELA_BENCH=1 CANDELA_LOG_LEVEL=WARNING
PORT="${PORT:-8123}"
DURATION="${DURATION:-20s}"
CONNECTIONS="${CONNECTIONS:-32}"
BASE="http://127.0.0.1:$PORT"
TOKEN="$(cat bench/out/token)"

.venv/bin/candela web --host 127.0.0.1 --port "$PORT" --workers 2 > bench/out/server.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null' EXIT
for _ in $(seq 50); do curl -fs "$BASE/bench/reference" > /dev/null && break; sleep 0.2; done

home() { wrk -t2 -c"$CONNECTIONS" -d"$1" --latency -H "Authorization: Bearer $TOKEN" \
  "$BASE/api/v1/timelines/home?limit=20"; }
reference() { wrk -t2 -c"$CONNECTIONS" -d"$1" --latency "$BASE/bench/reference"; }

echo "== warm-up"; reference 5s > /dev/null; home 5s > /dev/null
curl -fs -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/timelines/home?limit=20" \
  | .venv/bin/python -c "import json,sys; print(len(json.load(sys.stdin)), 'statuses per page')"
echo "== reference: 20 indexed rows with the ORM"; reference "$DURATION"
echo "== GET /api/v1/timelines/home?limit=20"; home "$DURATION"
echo "== fan-out while the home timeline is being read"
home 40s > bench/out/home-during-fanout.txt &
WRK=$!
sleep 2
.venv/bin/python bench/fanout.py --posts "${FANOUT_POSTS:-20}"
wait $WRK
grep -E "Requests/sec|50%|99%" bench/out/home-during-fanout.txt
