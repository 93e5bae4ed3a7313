#!/usr/bin/env bash
# Heap the gateway's status view holds per recording (docs/operations.md, "Memory limits").
# Usage: bench/status-view-memory.sh [recordings=10000] [clean|failing]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
cp_file="$root/gateway/target/bench-classpath.txt"
./mvnw -B -q -o -pl gateway -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null
# A heap big enough for the largest run; the figure printed is what the view itself retains.
PIPELINE_HEAP=${PIPELINE_HEAP:-1g}
. "$root/bin/jvm-options"
# shellcheck disable=SC2086
exec java $PIPELINE_JVM_OPTIONS \
  -cp "$root/gateway/target/test-classes:$root/gateway/target/classes:$root/pipeline-core/target/classes:$(cat "$cp_file")" \
  academy.pipeline.gateway.status.StatusViewMemoryBench "${1:-10000}" "${2:-clean}"
