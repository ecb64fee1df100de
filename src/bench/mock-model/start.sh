#!/usr/bin/env bash
# A mock of the model endpoint, so that task-agent can be tried without a Puter account: WireMock serving the
# mappings next to this script (every task gets a `calculator` call for 1234*5678, then an answer built from the
# calculator's result — for a typed answer, a `final_answer` call with {"result": <the product>}; streamed when the
# service asks for a stream). Runs until stopped (Ctrl-C).
#
#   src/bench/mock-model/start.sh [--port PORT] [--delay MILLIS]
#
# --port   where it listens, on 127.0.0.1 (default 8089); point the service at http://localhost:PORT/v1/
# --delay  every answer comes after MILLIS (default 0): slow enough to watch a task queue, stream heartbeats or be
#          cancelled
# The WireMock jar comes from the Maven repository through ./mvnw the first time (target/mock-model/).
set -euo pipefail
cd "$(dirname "$0")/../../.."

port=8089
delay=0
while [[ $# -gt 0 ]]; do
  case $1 in
    --port) port=$2; shift 2 ;;
    --delay) delay=$2; shift 2 ;;
    -h|--help) sed -n '2,12s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "start.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
  esac
done

java=${JAVA_HOME:+$JAVA_HOME/bin/}java
jar=target/mock-model/wiremock-standalone.jar
if [[ ! -f $jar ]]; then
  echo "start.sh: fetching WireMock into target/mock-model/ (once)" >&2
  ./mvnw -B -q dependency:copy -Dartifact=org.wiremock:wiremock-standalone:3.13.2 \
    -DoutputDirectory=target/mock-model -Dmdep.stripVersion=true
fi

"$java" -jar "$jar" --port "$port" --bind-address 127.0.0.1 --root-dir src/bench/mock-model --disable-banner \
  --max-request-journal-entries 100 &
mock=$!
trap 'kill $mock 2>/dev/null || true' EXIT
trap 'exit 130' INT TERM

for _ in $(seq 300); do
  curl -fs "http://127.0.0.1:$port/__admin/mappings" >/dev/null 2>&1 && break
  kill -0 $mock 2>/dev/null || { echo "start.sh: WireMock exited" >&2; exit 1; }
  sleep 0.2
done
if [[ $delay != 0 ]]; then
  curl -fs -X POST -H 'Content-Type: application/json' -d "{\"fixedDelay\": $delay}" \
    "http://127.0.0.1:$port/__admin/settings" >/dev/null
fi
echo "mock model on http://localhost:$port/v1/ (answers after ${delay} ms); Ctrl-C stops it" >&2
wait $mock
