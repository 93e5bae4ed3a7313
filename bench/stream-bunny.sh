#!/usr/bin/env bash
# Benchmark of the stream stage's Bunny provider (issue 4): one file (default 4 GiB) uploaded over tus to the
# Bunny Stream double (1) by plain tus-java-client, (2) through the stream stage in its own JVM started with
# bin/jvm-options (embedded Kafka broker, RecordingEvent published to recordings.stream), (3) plainly again.
# Prints both throughputs, their ratio, and the stage JVM's peak RSS (VmHWM).
#
# Usage: bench/stream-bunny.sh [size-bytes] [work-dir]
#   BENCH_CHUNK / BENCH_REQUEST override the tus chunk and request sizes (default 2 MiB / 32 MiB, the
#   provider's defaults); PIPELINE_HEAP overrides the stage's -Xmx (bin/jvm-options, default 256m).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
size="${1:-$((4 * 1024 * 1024 * 1024))}"
work="${2:-$(mktemp -d "${TMPDIR:-/tmp}/stream-bunny-bench.XXXXXX")}"
chunk="${BENCH_CHUNK:-$((2 * 1024 * 1024))}"
request="${BENCH_REQUEST:-$((32 * 1024 * 1024))}"
mkdir -p "$work"
trap 'rm -rf "$work/spool" "$work/bunny"' EXIT

cd "$root"
# package (never install): builds the stage's executable jar and the driver's test classes in the reactor
./mvnw -B -q -o -pl stage-stream -am package -DskipTests \
  dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
classpath="stage-stream/target/test-classes:stage-stream/target/classes:$(cat stage-stream/target/bench-classpath.txt)"
jar="$(ls stage-stream/target/stage-stream-*-exec.jar)"

. "$root/bin/jvm-options"
# shellcheck disable=SC2086
java -Xmx1g -Dlogback.configurationFile="$root/bench/logback-bench.xml" -cp "$classpath" academy.pipeline.stream.bunny.StreamBunnyBenchmark \
  "$work" "$size" "$jar" "$chunk" "$request" $PIPELINE_JVM_OPTIONS
