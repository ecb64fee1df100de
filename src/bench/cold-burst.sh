#!/usr/bin/env bash
# A burst on a cold service: starts the packaged service fresh against the mock model (every answer after LATENCY ms,
# streamed), sends BURST background tasks at once before any other traffic, waits for every one to end, and prints
# how they ended and how many requests the mock model received (upstream requests per task).
#
# usage: src/bench/cold-burst.sh [BURST (default 60)] [LATENCY (default 200)] [ENV=VALUE... for the service]
# needs: a JDK >= 21 on PATH or JAVA_HOME, python3, curl. Loopback only; both servers are stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
BURST=${1:-60}
LATENCY=${2:-200}
shift $(( $# > 2 ? 2 : $# ))
source src/bench/bench-common.sh

MOCK_PID=
APP_PID=
cleanup() {
  if [[ -n $APP_PID ]]; then kill "$APP_PID" 2>/dev/null || true; fi
  if [[ -n $MOCK_PID ]]; then kill "$MOCK_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT
# with the request journal (the count of requests is the point), asynchronous delayed answers
MOCK_PORT=$(free_port)
"$JAVA" -jar "$WIREMOCK_JAR" --port "$MOCK_PORT" --bind-address 127.0.0.1 --root-dir src/bench/mock-model \
  --disable-banner --async-response-enabled true --async-response-threads 64 --container-threads 256 \
  --jetty-accept-queue-size 8192 >"$OUT/mock.log" 2>&1 &
MOCK_PID=$!
until curl -fs "http://127.0.0.1:$MOCK_PORT/__admin/mappings" >/dev/null; do
  kill -0 "$MOCK_PID" 2>/dev/null || { echo "the mock model exited; see $OUT/mock.log" >&2; exit 1; }
  sleep 0.2
done
mock_latency "$LATENCY"

KEY="bench-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
KEY_HASH=$(printf %s "$KEY" | sha256sum | cut -d' ' -f1)
PORT=$(free_port)
env "$@" TASK_AGENT_MODEL_BASE_URL="http://127.0.0.1:$MOCK_PORT/v1/" PUTER_AUTH_TOKEN=bench-token \
  QUARKUS_HTTP_PORT="$PORT" TASK_AGENT_AUTH_API_KEY_HASHES="$KEY_HASH" \
  TASK_AGENT_LIMITS_REQUESTS_PER_MINUTE=100000 TASK_AGENT_LIMITS_BURST=100000 \
  TASK_AGENT_LIMITS_CONCURRENT_TASKS=100000 \
  "$JAVA" -jar target/quarkus-app/quarkus-run.jar >"$OUT/app-cold-burst.log" 2>&1 &
APP_PID=$!
for _ in $(seq 600); do
  curl -fs "http://127.0.0.1:$PORT/q/health/ready" >/dev/null && break
  kill -0 "$APP_PID" 2>/dev/null || { echo "the service did not start: see $OUT/app-cold-burst.log" >&2; exit 1; }
  sleep 0.1
done
curl -fs -X DELETE "http://127.0.0.1:$MOCK_PORT/__admin/requests" >/dev/null

python3 - "http://127.0.0.1:$PORT/v1/tasks" "$KEY" "$BURST" <<'PY'
import collections, json, sys, threading, time, urllib.request
url, key, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
headers = {"Authorization": "Bearer " + key, "Content-Type": "application/json"}
body = json.dumps({"input": "What is 1234 times 5678?", "tools": ["calculator"], "background": True}).encode()
ids, errors = [None] * n, []
start = threading.Barrier(n)
def post(i):
    start.wait()
    try:
        req = urllib.request.Request(url, data=body, headers=headers, method="POST")
        with urllib.request.urlopen(req, timeout=60) as r:
            ids[i] = json.load(r)["id"]
    except Exception as e:
        errors.append(str(e))
threads = [threading.Thread(target=post, args=(i,)) for i in range(n)]
[t.start() for t in threads]; [t.join() for t in threads]
ends = collections.Counter(); codes = collections.Counter()
deadline = time.time() + 600
for task in ids:
    if task is None:
        continue
    while True:
        with urllib.request.urlopen(urllib.request.Request(url + "/" + task, headers=headers), timeout=30) as r:
            t = json.load(r)
        if t["status"] not in ("queued", "in_progress") or time.time() > deadline:
            break
        time.sleep(0.2)
    ends[t["status"]] += 1
    if t.get("error"):
        codes[(t["error"].get("code"), t["error"].get("detail"))] += 1
print("tasks:", n, "refused at creation:", len(errors), "ended:", dict(ends))
for (code, detail), count in codes.items():
    print("  ", count, "x", code, "-", detail)
PY
REQUESTS=$(curl -fs "http://127.0.0.1:$MOCK_PORT/__admin/requests/count" -H 'Content-Type: application/json' \
  -d '{"method":"POST","url":"/v1/chat/completions"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["count"])')
echo "model requests: $REQUESTS ($(python3 -c "print(round($REQUESTS/$BURST, 2))") per task)"
grep -c "retrying" "$OUT/app-cold-burst.log" | sed 's/^/retries logged: /' || true
grep -i "circuit breaker is" "$OUT/app-cold-burst.log" | head -3 || true
