#!/usr/bin/env bash
# Measures how many tasks the packaged service holds in flight at once against a mock model that answers every call
# after 1 s (WireMock, from the Maven repository), and its resident memory at that load. Each task is a calculator
# call then an answer, so two model calls: about 2 s when nothing waits.
#
# A batch is N plain POST /v1/tasks sent all at once (src/bench/LoadTest.java), each request open until its task's
# answer: when all N are answered with the right result, the service held N tasks in flight at once (queued or
# running, each on a virtual thread). Their model calls go through at most task-agent.model.max-concurrent-calls at a
# time, so the wall time of a batch is about N x 2 s / (model calls at once).
#  1. shipped limits for the service (20 model calls at once, 100 running + 1000 queued tasks): a batch of CAPPED;
#  2. those lifted (model calls, connections, running tasks: 100000): batches of LEVELS tasks.
# The one API key sending them has its per-key limits lifted in both runs. For each batch: the client's figures,
# the peak of open connections to the model, and the peak RSS of the service.
#
# usage: src/bench/concurrency-bench.sh [LEVELS (default "1000 2000 4000")] [CAPPED (default 200)]
# needs: a JDK >= 21 on PATH or JAVA_HOME, python3, curl, ss; builds the jar with ./mvnw when it is missing.
# Loopback only; every loop and request is bounded, and both servers are stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
LEVELS=${1:-"1000 2000 4000"}
CAPPED=${2:-200}
source src/bench/bench-common.sh

MOCK_PID=
APP_PID=
SAMPLER_PID=
cleanup() {
  if [[ -n $SAMPLER_PID ]]; then kill "$SAMPLER_PID" 2>/dev/null || true; fi
  if [[ -n $APP_PID ]]; then kill "$APP_PID" 2>/dev/null || true; fi
  if [[ -n $MOCK_PID ]]; then kill "$MOCK_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT
# async responses: a delayed answer holds no WireMock thread, so the mock is not what limits concurrency
start_mock --async-response-enabled true --async-response-threads 64 --container-threads 256 \
  --jetty-accept-queue-size 8192
mock_latency 1000

KEY="bench-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
KEY_HASH=$(printf %s "$KEY" | sha256sum | cut -d' ' -f1)
MANY=100000

# Samples the app's resident memory and its open connections to the model every 100 ms (at most 20 minutes) until
# the stop file appears; writes "peak_rss_mb peak_model_connections".
sample() {
  local pid=$1 stop=$2 result=$3 rss=0 conns=0 now n
  for _ in $(seq 12000); do
    [[ -f $stop ]] && break
    now=$(rss_mb "$pid")
    n=$(ss -Htn state established "( dport = :$MOCK_PORT )" | wc -l)
    (( now > rss )) && rss=$now
    (( n > conns )) && conns=$n
    sleep 0.1
  done
  echo "$rss $conns" >"$result"
}

start_app() {
  PORT=$(free_port)
  env "$@" TASK_AGENT_MODEL_BASE_URL="http://127.0.0.1:$MOCK_PORT/v1/" PUTER_AUTH_TOKEN=bench-token \
    QUARKUS_HTTP_PORT="$PORT" TASK_AGENT_AUTH_API_KEY_HASHES="$KEY_HASH" \
    TASK_AGENT_LIMITS_REQUESTS_PER_MINUTE=$MANY TASK_AGENT_LIMITS_BURST=$MANY TASK_AGENT_LIMITS_CONCURRENT_TASKS=$MANY \
    "$JAVA" -jar target/quarkus-app/quarkus-run.jar >"$OUT/app-concurrency.log" 2>&1 &
  APP_PID=$!
  for _ in $(seq 300); do
    curl -fs "http://127.0.0.1:$PORT/q/health/ready" >/dev/null && break
    kill -0 "$APP_PID" 2>/dev/null || { echo "the service did not start: see $OUT/app-concurrency.log" >&2; exit 1; }
    sleep 0.1
  done
  # a few tasks first, so that the figures are not those of a cold JVM
  "$JAVA" src/bench/LoadTest.java "http://127.0.0.1:$PORT/v1/tasks" "$KEY" 20 7006652 >/dev/null
  echo "  idle after warm-up: RSS $(rss_mb "$APP_PID") MB"
}

batch() {
  local tasks=$1 stop=$OUT/sampler.stop result=$OUT/sampler.out status=0
  rm -f "$stop" "$result"
  sample "$APP_PID" "$stop" "$result" &
  SAMPLER_PID=$!
  "$JAVA" src/bench/LoadTest.java "http://127.0.0.1:$PORT/v1/tasks" "$KEY" "$tasks" 7006652 | sed 's/^/  /' \
    || status=$?
  touch "$stop"; wait "$SAMPLER_PID"; SAMPLER_PID=
  read -r rss conns <"$result"
  echo "  peak open connections to the model: $conns, peak RSS of the service: $rss MB"
  [[ $status == 0 ]] || { echo "  not every task completed" >&2; exit 1; }
}

stop_app() { kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=; }

echo "1. shipped limits (task-agent.model.max-concurrent-calls=20):"
start_app
batch "$CAPPED"
stop_app

echo "2. limits lifted (model calls at once, connections to the model, running tasks: $MANY):"
start_app TASK_AGENT_MODEL_MAX_CONCURRENT_CALLS=$MANY TASK_AGENT_MODEL_MAX_CONNECTIONS=$MANY \
  TASK_AGENT_TASKS_MAX_RUNNING=$MANY
for tasks in $LEVELS; do
  echo " $tasks tasks at once:"
  batch "$tasks"
done
stop_app
