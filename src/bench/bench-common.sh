# Sourced by the bench scripts, from the project root: the JDK to use, the output folder, the packaged jar and the
# WireMock jar (both made when missing), and the helpers they share. start_mock serves src/bench/mock-model.
# a kill or Ctrl-C ends the script through its EXIT trap, which stops the processes it started
trap 'exit 130' INT TERM
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
OUT=target/bench
mkdir -p "$OUT"

[[ -f target/quarkus-app/quarkus-run.jar ]] || ./mvnw -B -q package -DskipTests
WIREMOCK_JAR=$OUT/wiremock-standalone.jar
if [[ ! -f $WIREMOCK_JAR ]]; then
  ./mvnw -B -q dependency:copy -Dartifact=org.wiremock:wiremock-standalone:3.13.2 -DoutputDirectory="$OUT" \
    -Dmdep.stripVersion=true
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# wait_for URL: until it answers 2xx, at most a minute
wait_for() { for _ in $(seq 300); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.2; done; echo "not up: $1" >&2; return 1; }
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }

# start_mock [WIREMOCK OPTION...]: starts the mock model on loopback, sets MOCK_PORT and MOCK_PID, waits until it serves
start_mock() {
  MOCK_PORT=$(free_port)
  "$JAVA" -jar "$WIREMOCK_JAR" --port "$MOCK_PORT" --bind-address 127.0.0.1 --root-dir src/bench/mock-model \
    --disable-banner --no-request-journal "$@" >"$OUT/mock.log" 2>&1 &
  MOCK_PID=$!
  until curl -fs "http://127.0.0.1:$MOCK_PORT/__admin/mappings" >/dev/null; do
    kill -0 "$MOCK_PID" 2>/dev/null || { echo "the mock model exited; see $OUT/mock.log" >&2; exit 1; }
    sleep 0.2
  done
}

# mock_latency MILLIS: every answer of the mock model comes after MILLIS
mock_latency() {
  curl -fs -X POST -H 'Content-Type: application/json' -d "{\"fixedDelay\": $1}" \
    "http://127.0.0.1:$MOCK_PORT/__admin/settings" >/dev/null
}
