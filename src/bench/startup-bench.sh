#!/usr/bin/env bash
# Measures the packaged service against a local mock model: time from spawn to the first correctly answered task (a
# calculator tool call, then an answer), and resident memory after it and after more tasks. Measures each form that
# is built: the plain JVM jar, the same jar with the JDK AOT cache (target/quarkus-app/app.aot from ./mvnw verify -Daot)
# or with an AppCDS archive (app-cds.jsa from ./mvnw package -Dquarkus.package.jar.aot.enabled=true), and the native
# executable (target/*-runner, -Dnative).
# usage: src/bench/startup-bench.sh [RUNS (default 5)] [TASKS after the first (default 200)]
# needs: a JDK >= 21 (25 for the AOT cache) as JAVA_HOME or on PATH, python3, curl; builds the jar when missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-5}
TASKS=${2:-200}
source src/bench/bench-common.sh
now_ms() { date +%s%3N; }

MOCK_PID=
APP_PID=
cleanup() {
  if [[ -n $APP_PID ]]; then kill "$APP_PID" 2>/dev/null || true; fi
  if [[ -n $MOCK_PID ]]; then kill "$MOCK_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT
start_mock

TASK='{"input":"What is 1234 times 5678?","tools":["calculator"]}'
# the packaged service runs the prod profile, which wants an API key: a fresh one, configured by its hash, with the
# per-key rate limit lifted for the TASKS requests in a row
KEY="bench-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
KEY_HASH=$(printf %s "$KEY" | sha256sum | cut -d' ' -f1)
ROWS=()

# measure NAME DIR COMMAND...: spawns COMMAND in DIR RUNS times
measure() {
  local name=$1 dir=$2; shift 2
  local firsts=() rss_first=() rss_after=0 run
  for run in $(seq "$RUNS"); do
    local port start body first log="$PWD/$OUT/$name-$run.log"
    port=$(free_port)
    start=$(now_ms)
    (cd "$dir" && exec env TASK_AGENT_MODEL_BASE_URL="http://127.0.0.1:$MOCK_PORT/v1/" PUTER_AUTH_TOKEN=bench-token \
      QUARKUS_HTTP_PORT="$port" TASK_AGENT_AUTH_API_KEY_HASHES="$KEY_HASH" \
      TASK_AGENT_LIMITS_REQUESTS_PER_MINUTE=1000000 TASK_AGENT_LIMITS_BURST=1000000 "$@") >"$log" 2>&1 &
    APP_PID=$!
    until body=$(curl -fs -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' -d "$TASK" \
        "http://127.0.0.1:$port/v1/tasks" 2>/dev/null); do
      kill -0 "$APP_PID" 2>/dev/null || { echo "$name exited; see $log" >&2; tail -3 "$log" >&2; exit 1; }
      sleep 0.02
    done
    first=$(( $(now_ms) - start ))
    grep -q '"output":"1234 × 5678 = 7006652"' <<<"$body" || { echo "wrong answer: $body" >&2; exit 1; }
    firsts+=("$first")
    rss_first+=("$(rss_mb "$APP_PID")")
    if [[ $run -eq 1 ]]; then
      for _ in $(seq "$TASKS"); do
        curl -fs -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' -d "$TASK" \
          "http://127.0.0.1:$port/v1/tasks" >/dev/null
      done
      rss_after=$(rss_mb "$APP_PID")
    fi
    kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=
  done
  local median rss
  median=$(printf '%s\n' "${firsts[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  rss=$(printf '%s\n' "${rss_first[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "$name: first answered task $(IFS=,; echo "${firsts[*]}") ms"
  ROWS+=("$(printf '| %-12s | %8s ms | %8s MB | %8s MB |' "$name" "$median" "$rss" "$rss_after")")
}

measure jvm target/quarkus-app "$JAVA" -jar quarkus-run.jar
if [[ -f target/quarkus-app/app.aot ]]; then
  measure jvm+aot target/quarkus-app "$JAVA" -XX:AOTCache=app.aot -jar quarkus-run.jar
fi
if [[ -f target/quarkus-app/app-cds.jsa ]]; then
  measure jvm+appcds target/quarkus-app "$JAVA" -XX:SharedArchiveFile=app-cds.jsa -jar quarkus-run.jar
fi
for runner in target/*-runner; do
  [[ -x $runner ]] && measure native target "./$(basename "$runner")"
done

echo
echo "| form         | spawn → first answered task (median of $RUNS) | RSS after it | RSS after $((TASKS + 1)) tasks |"
echo "| --- | --- | --- | --- |"
printf '%s\n' "${ROWS[@]}"
