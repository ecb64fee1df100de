#!/usr/bin/env bash
# Throughput and latency of one replica with the memory store beside two replicas sharing one Redis
# (task-agent.store=redis), under the same load: TASKS tasks sent at once (round robin over the replicas), each one
# tool call and an answer from a local mock model that takes LATENCY_MS per call. Prints LoadTest's figures for each.
# usage: src/bench/scale-out-bench.sh [TASKS (default 400)] [LATENCY_MS (default 500)]
# needs: a JDK >= 21, python3, curl, redis-server; builds the jar with ./mvnw when it is missing.
# Loopback only; every process it starts is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
TASKS=${1:-400}
LATENCY_MS=${2:-500}
source src/bench/bench-common.sh

PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
start_mock --async-response-enabled true --async-response-threads 32 --container-threads 256 \
  --jetty-accept-queue-size 2048
PIDS+=("$MOCK_PID")
mock_latency "$LATENCY_MS"

KEY="scale-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
REDIS_PORT=$(free_port)
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no >"$OUT/scale-redis.log" 2>&1 &
PIDS+=("$!")

# serve PORT [VAR=VALUE...]: one replica, limits lifted for the one key that sends every task
serve() {
  local port=$1; shift
  env "$@" TASK_AGENT_MODEL_BASE_URL="http://127.0.0.1:$MOCK_PORT/v1/" PUTER_AUTH_TOKEN=load-token \
    QUARKUS_HTTP_PORT="$port" TASK_AGENT_AUTH_API_KEY_HASHES="$(printf %s "$KEY" | sha256sum | cut -d' ' -f1)" \
    TASK_AGENT_LIMITS_REQUESTS_PER_MINUTE=1000000 TASK_AGENT_LIMITS_BURST=1000000 \
    TASK_AGENT_LIMITS_CONCURRENT_TASKS="$TASKS" TASK_AGENT_MODEL_MAX_CONNECTIONS="$TASKS" \
    TASK_AGENT_MODEL_MAX_CONCURRENT_CALLS="$TASKS" TASK_AGENT_TASKS_MAX_RUNNING="$TASKS" \
    "$JAVA" -jar target/quarkus-app/quarkus-run.jar >"$OUT/scale-$port.log" 2>&1 &
  PIDS+=("$!")
  wait_for "http://127.0.0.1:$port/q/health/ready"
}

# run NAME URLS: a warm-up (its first unexpected answer shown, if any), then the measured burst
run() {
  echo "== $1: warm-up 100 tasks, then $TASKS at once; mock latency $LATENCY_MS ms per call, 2 calls per task"
  "$JAVA" src/bench/LoadTest.java "$2" "$KEY" 100 "7006652" | grep '^first unexpected' || true
  "$JAVA" src/bench/LoadTest.java "$2" "$KEY" "$TASKS" "7006652"
}

ONE=$(free_port)
serve "$ONE"
run "one replica, memory store" "http://127.0.0.1:$ONE/v1/tasks"
kill "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null || true

A=$(free_port); B=$(free_port)
serve "$A" TASK_AGENT_STORE=redis QUARKUS_REDIS_HOSTS="redis://127.0.0.1:$REDIS_PORT"
serve "$B" TASK_AGENT_STORE=redis QUARKUS_REDIS_HOSTS="redis://127.0.0.1:$REDIS_PORT"
run "two replicas, one Redis" "http://127.0.0.1:$A/v1/tasks,http://127.0.0.1:$B/v1/tasks"
echo "Redis: $(redis-cli -p "$REDIS_PORT" info stats | grep -E 'total_commands_processed' | tr -d '\r')"
