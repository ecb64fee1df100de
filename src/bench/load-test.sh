#!/usr/bin/env bash
# Load test of the packaged service: TASKS tasks sent at once, each one tool call (calculator) and an answer, against
# a local mock model that takes LATENCY_MS to answer every call (so a task needs at least twice that). Prints
# throughput, p50/p90/p99 latency and the service's peak resident memory; fails unless every task completed.
# usage: src/bench/load-test.sh [TASKS (default 1000)] [LATENCY_MS (default 1000)]
# needs: a JDK >= 21 on PATH or JAVA_HOME, python3, curl; builds the jar with ./mvnw when it is missing.
# Loopback only; every loop and request is bounded, and both servers are stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
TASKS=${1:-1000}
LATENCY_MS=${2:-1000}
source src/bench/bench-common.sh
kib() { awk -v k="$2" '$1 == k":" {print $2}' "/proc/$1/status"; }

# the mock answers from threads of its own while it waits, so a thousand slow replies need no thousand threads
MOCK_PID=
APP_PID=
cleanup() { [[ -n $APP_PID ]] && kill "$APP_PID" 2>/dev/null; [[ -n $MOCK_PID ]] && kill "$MOCK_PID" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT
start_mock --async-response-enabled true --async-response-threads 32 --container-threads 256 \
  --jetty-accept-queue-size 2048
mock_latency "$LATENCY_MS"

KEY="load-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
PORT=$(free_port)
# one key sends every task, so its limits are lifted; every task may run and call the model at once, and the model
# client may hold a connection per running call
TASK_AGENT_MODEL_BASE_URL="http://127.0.0.1:$MOCK_PORT/v1/" PUTER_AUTH_TOKEN=load-token QUARKUS_HTTP_PORT=$PORT \
  TASK_AGENT_AUTH_API_KEY_HASHES=$(printf %s "$KEY" | sha256sum | cut -d' ' -f1) \
  TASK_AGENT_LIMITS_REQUESTS_PER_MINUTE=1000000 TASK_AGENT_LIMITS_BURST=1000000 \
  TASK_AGENT_LIMITS_CONCURRENT_TASKS="$TASKS" TASK_AGENT_MODEL_MAX_CONNECTIONS="$TASKS" \
  TASK_AGENT_MODEL_MAX_CONCURRENT_CALLS="$TASKS" TASK_AGENT_TASKS_MAX_RUNNING="$TASKS" \
  "$JAVA" -jar target/quarkus-app/quarkus-run.jar >"$OUT/load-app.log" 2>&1 &
APP_PID=$!
wait_for "http://127.0.0.1:$PORT/q/health/ready"

echo "warm-up: 100 tasks, then $TASKS at once; mock model latency $LATENCY_MS ms per call, 2 calls per task"
"$JAVA" src/bench/LoadTest.java "http://127.0.0.1:$PORT/v1/tasks" "$KEY" 100 "7006652" >/dev/null
echo "RSS after warm-up: $(( $(kib "$APP_PID" VmRSS) / 1024 )) MB"
"$JAVA" src/bench/LoadTest.java "http://127.0.0.1:$PORT/v1/tasks" "$KEY" "$TASKS" "7006652"
echo "peak RSS of the service: $(( $(kib "$APP_PID" VmHWM) / 1024 )) MB (now $(( $(kib "$APP_PID" VmRSS) / 1024 )) MB)"
