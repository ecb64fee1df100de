#!/usr/bin/env bash
# Benchmark of the file search core (dev.taskagent.tools.filesearch) against ripgrep.
#
# usage: src/bench/filesearch-bench.sh [TREE_DIR]
#   TREE_DIR            where the generated tree is cached (default: target/filesearch-bench-tree)
#   BENCH_FILES=50000   files in the generated tree
#   BENCH_MB=520        approximate total size in MB (MiB)
#   BENCH_ITERATIONS=5  timed runs per query (median reported)
#
# Installs nothing: needs rg on PATH (apt-get install ripgrep) and a JDK 21+ (JAVA_HOME, default temurin-25).
set -euo pipefail

cd "$(dirname "$0")/../.."

if ! command -v rg >/dev/null 2>&1; then
    echo "ripgrep (rg) is not installed; install it first, e.g.: apt-get install ripgrep" >&2
    exit 1
fi
if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then
    export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

TREE_DIR="${1:-target/filesearch-bench-tree}"
FILES="${BENCH_FILES:-50000}"
MB="${BENCH_MB:-520}"
ITERATIONS="${BENCH_ITERATIONS:-5}"

echo "== building test classes"
./mvnw -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/filesearch-bench.classpath
CP="target/test-classes:target/classes:$(cat target/filesearch-bench.classpath)"
MAIN=dev.taskagent.tools.filesearch.bench.FileSearchBench

echo "== tree"
"$JAVA" -cp "$CP" "$MAIN" generate "$TREE_DIR" "$FILES" "$MB"

echo "== timing (warm cache)"
"$JAVA" -Xmx2g -cp "$CP" "$MAIN" run "$TREE_DIR" "$ITERATIONS"
