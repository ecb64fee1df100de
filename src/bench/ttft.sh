#!/usr/bin/env bash
# Time to the first streamed token: through POST /v1/tasks ("stream": true, first output.delta event) and
# POST /v1/chat/completions ("stream": true, first content chunk), against the mock model's own time for the same
# two calls (the calculator tool call, answered whole, then the streamed answer to its first chunk), asked of the mock
# directly. The difference is what the service adds. Runs the packaged service through target/task-agent (with its
# AOT cache when one is built) after WARMUP tasks; prints medians over RUNS.
# usage: src/bench/ttft.sh [RUNS (default 50)] [WARMUP (default 200)]
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-50}
WARMUP=${2:-200}
source src/bench/bench-common.sh

APP_PID=
cleanup() {
  if [[ -n $APP_PID ]]; then kill "$APP_PID" 2>/dev/null || true; fi
  if [[ -n $MOCK_PID ]]; then kill "$MOCK_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT
start_mock

PORT=$(free_port)
TASK_AGENT_MODEL_BASE_URL="http://127.0.0.1:$MOCK_PORT/v1/" PUTER_AUTH_TOKEN=bench-token QUARKUS_HTTP_PORT=$PORT \
  TASK_AGENT_AUTH_ENABLED=false TASK_AGENT_LIMITS_REQUESTS_PER_MINUTE=1000000 TASK_AGENT_LIMITS_BURST=1000000 \
  TASK_AGENT_LIMITS_CONCURRENT_TASKS=1000 target/task-agent serve >"$OUT/ttft-service.log" 2>&1 &
APP_PID=$!
wait_for "http://127.0.0.1:$PORT/q/health/ready"

QUESTION='What is 1234 times 5678?'
TASK="{\"input\":\"$QUESTION\",\"stream\":true}"
CHAT="{\"model\":\"task-agent\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"$QUESTION\"}]}"
TOOL_CALL="{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"$QUESTION\"}]}"
ANSWER="{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"$QUESTION\"},{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"calculator\",\"arguments\":\"{}\"}}]},{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"7006652\"}]}"

# ms URL BODY PATTERN: milliseconds from sending BODY until the first streamed line matching PATTERN
ms() {
  local start end
  start=$(date +%s%N)
  curl -sN -H 'Content-Type: application/json' -d "$2" "$1" | grep -m1 -q -- "$3"
  end=$(date +%s%N)
  echo $(((end - start) / 1000))
}
whole() { curl -s -o /dev/null -w '%{time_total}\n' -H 'Content-Type: application/json' -d "$2" "$1" | awk '{printf "%d\n", $1 * 1000000}'; }
median() { sort -n | awk '{a[NR]=$1} END {m = NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%.2f", m / 1000}'; }

service="http://127.0.0.1:$PORT"
mock="http://127.0.0.1:$MOCK_PORT/v1/chat/completions"
for _ in $(seq "$WARMUP"); do
  curl -s -o /dev/null -H 'Content-Type: application/json' -d "$TASK" "$service/v1/tasks"
  curl -s -o /dev/null -H 'Content-Type: application/json' -d "$CHAT" "$service/v1/chat/completions"
done
: >"$OUT/ttft.tsv"
for _ in $(seq "$RUNS"); do
  mock_us=$(($(whole "$mock" "$TOOL_CALL") + $(ms "$mock" "$ANSWER" '"content":"[^"]')))
  task_us=$(ms "$service/v1/tasks" "$TASK" '^event: output.delta')
  chat_us=$(ms "$service/v1/chat/completions" "$CHAT" '"content":"[^"]')
  printf '%s\t%s\t%s\n' "$mock_us" "$task_us" "$chat_us" >>"$OUT/ttft.tsv"
done
mock_ms=$(cut -f1 "$OUT/ttft.tsv" | median)
task_ms=$(cut -f2 "$OUT/ttft.tsv" | median)
chat_ms=$(cut -f3 "$OUT/ttft.tsv" | median)
echo "time to first streamed token, median of $RUNS after $WARMUP warm-up tasks each (curl and grep included in every figure):"
printf '| path | first token, ms | added to the mock model'"'"'s own, ms |\n| --- | ---: | ---: |\n'
printf '| mock model alone (tool call whole + streamed answer to its first chunk) | %s | - |\n' "$mock_ms"
printf '| POST /v1/tasks, stream (first output.delta) | %s | %.2f |\n' "$task_ms" "$(echo "$task_ms - $mock_ms" | bc -l)"
printf '| POST /v1/chat/completions, stream (first content chunk) | %s | %.2f |\n' "$chat_ms" "$(echo "$chat_ms - $mock_ms" | bc -l)"
