#!/usr/bin/env bash
# Checks graceful shutdown of the packaged service: a task still waiting for the model when the service gets SIGTERM
# is answered (200), and the process then exits by itself (status 143, the JVM's for a SIGTERM it shut down on)
# within quarkus.shutdown.timeout. A task sent during the shutdown is served too, on a connection Quarkus then
# closes; its status is printed for information.
# usage: src/bench/shutdown-check.sh [MODEL_LATENCY_MS (default 3000)]
# needs: a JDK >= 21 on PATH or JAVA_HOME, python3, curl; builds the jar with ./mvnw when it is missing. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/../.."
LATENCY_MS=${1:-3000}
source src/bench/bench-common.sh

MOCK_PID=
APP_PID=
cleanup() { [[ -n $APP_PID ]] && kill "$APP_PID" 2>/dev/null; [[ -n $MOCK_PID ]] && kill "$MOCK_PID" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT
start_mock
mock_latency "$LATENCY_MS"

KEY="shutdown-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
PORT=$(free_port)
TASK_AGENT_MODEL_BASE_URL="http://127.0.0.1:$MOCK_PORT/v1/" PUTER_AUTH_TOKEN=check-token QUARKUS_HTTP_PORT=$PORT \
  TASK_AGENT_AUTH_API_KEY_HASHES=$(printf %s "$KEY" | sha256sum | cut -d' ' -f1) \
  "$JAVA" -jar target/quarkus-app/quarkus-run.jar >"$OUT/shutdown-app.log" 2>&1 &
APP_PID=$!
wait_for "http://127.0.0.1:$PORT/q/health/ready"

task() {
  curl -s -o "$1" -w '%{http_code}' --max-time 60 -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
    -d '{"input":"What is 1234 times 5678?","tools":["calculator"]}' "http://127.0.0.1:$PORT/v1/tasks" || true
}
task "$OUT/shutdown-inflight.json" >"$OUT/shutdown-inflight.status" &
TASK_PID=$!
for _ in $(seq 100); do
  [[ $(curl -fs "http://127.0.0.1:$MOCK_PORT/__admin/requests/count" -H 'Content-Type: application/json' \
    -d '{"method":"POST","urlPath":"/v1/chat/completions"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["count"])') -ge 1 ]] && break
  sleep 0.1
done
stopped_at=$(date +%s%3N)
kill -TERM "$APP_PID"
sleep 0.5
late=$(task "$OUT/shutdown-late.json")
wait "$TASK_PID"
inflight=$(cat "$OUT/shutdown-inflight.status")
status=0
wait "$APP_PID" || status=$?
APP_PID=
echo "in-flight task: HTTP $inflight $(cut -c1-80 "$OUT/shutdown-inflight.json")"
echo "task sent 0.5 s after SIGTERM: HTTP $late (Quarkus serves it and closes the connection)"
echo "service exited with status $status, $(( $(date +%s%3N) - stopped_at )) ms after SIGTERM"
[[ $inflight == 200 && ($status == 0 || $status == 143) ]] || { echo "graceful shutdown check FAILED" >&2; exit 1; }
echo "graceful shutdown check passed"
