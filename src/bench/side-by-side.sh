#!/usr/bin/env bash
# task-agent beside the peers of the shared side-by-side benchmark (BENCH, default ../shared/bench: Spring AI, the
# OpenAI Agents SDK on Node, bare Quarkus + quarkus-langchain4j with and without its AOT cache), all against the
# same mock model, one calculator task each; prints the bench's table (spawn to first correct answer, req/s,
# latency, CPU ms per task, RSS after warm-up and after load). task-agent runs in two forms:
#   task-agent-jvm  the plain jar (./mvnw package), java -jar as the bench's README shows
#   task-agent-aot  target/task-agent serve, as README.md shows: the launcher's JVM options and the AOT cache of
#                   ./mvnw package -Daot (trained in place, since the cache is tied to its paths)
# The bench is copied to target/side-by-side/bench and built there once (wrk, WireMock, the peers). Every knob of
# the bench's run.sh applies (RUNS, DURATION_S, ...). SKIP_BUILD=1 reuses the task-agent builds already made.
# usage: [BENCH=DIR] src/bench/side-by-side.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
PROJECT=$PWD
BENCH=${BENCH:-../shared/bench}
WORK=$PROJECT/target/side-by-side
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
java=$JAVA_HOME/bin/java

[[ -x $BENCH/run.sh ]] || { echo "side-by-side: no bench at $BENCH (set BENCH)" >&2; exit 2; }
if [[ ! -d $WORK/bench ]]; then
  mkdir -p "$WORK"
  cp -r "$BENCH" "$WORK/bench"
  chmod -R u+w "$WORK/bench"
fi
if [[ ! -f $WORK/bench/peers/bare-quarkus/target/quarkus-app/app.aot ]]; then
  (cd "$WORK/bench" && ./build.sh)
fi

if [[ ${SKIP_BUILD:-} != 1 ]]; then
  # the plain jar first, kept aside; then the aot-jar with its cache, left where it was trained
  ./mvnw -B -q package -DskipTests
  rm -rf "$WORK/plain" && mkdir -p "$WORK/plain" && cp -a target/quarkus-app "$WORK/plain/"
  ./mvnw -B -q package -DskipTests -Daot
fi

targets=$WORK/targets.txt
{
  grep -v '^[[:space:]]*#' "$WORK/bench/targets.txt" | grep -v '^[[:space:]]*$'
  echo "task-agent-jvm|bash -c 'source peers/task-agent/env.sh; exec $java -jar $WORK/plain/quarkus-app/quarkus-run.jar'|18105"
  echo "task-agent-aot|bash -c 'source peers/task-agent/env.sh; exec $PROJECT/target/task-agent serve'|18106"
} >"$targets"
echo "side-by-side: load average $(cut -d' ' -f1-3 /proc/loadavg) (the figures mean little on a busy machine)" >&2
(cd "$WORK/bench" && ./run.sh "$targets")
