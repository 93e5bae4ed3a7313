#!/usr/bin/env bash
# Pushes one recording of SIZE MiB (default 2048) through the standalone pipeline (embedded broker, local
# archive and stream folders) with the small-footprint JVM set-up of bin/jvm-options, and prints the peak RSS
# of the process (VmHWM) and the end-to-end time. Usage: bench/standalone-memory.sh [SIZE_MIB]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
size_mib="${1:-2048}"
work="$(mktemp -d /tmp/pipeline-bench.XXXXXX)"
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

jar="$root/standalone/target/standalone-1.0.0-SNAPSHOT.jar"
[ -f "$jar" ] || (cd "$root" && ./mvnw -B -q -DskipTests package)
. "$root/bin/jvm-options"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
port=$(free_port); kport=$(free_port); cport=$(free_port)

mkdir -p "$work/data/incoming"
head -c "$((size_mib * 1024 * 1024))" /dev/urandom > "$work/data/incoming/recording.mp4"

# shellcheck disable=SC2086
java $PIPELINE_JVM_OPTIONS -jar "$jar" --pipeline.data-dir="$work/data" --server.port="$port" \
  --pipeline.standalone.kafka-port="$kport" --pipeline.standalone.controller-port="$cport" > "$work/pipeline.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/recordings" > /dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { echo "standalone died:"; tail -50 "$work/pipeline.log"; exit 1; }
  sleep 0.5
done
idle_rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")

start=$(date +%s.%N)
answer=$(curl -s -X POST "http://127.0.0.1:$port/custom-upload" -H 'Content-Type: application/json' \
  -d "{\"path\":\"$work/data/incoming/recording.mp4\",\"title\":\"benchmark\"}")
id=$(echo "$answer" | python3 -c 'import json,sys; print(json.load(sys.stdin)["recordingId"])')
while :; do
  state=$(curl -s "http://127.0.0.1:$port/recordings/$id" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["stage"]+"/"+d["state"])')
  [ "$state" = "notify/succeeded" ] && break
  case "$state" in */dead-lettered) echo "recording dead-lettered"; exit 1;; esac
  sleep 0.5
done
end=$(date +%s.%N)
peak_kib=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
archived=$(find "$work/data/archive" -type f -name recording.mp4)
[ "$(sha1sum < "$archived")" = "$(sha1sum < "$work/data/incoming/recording.mp4")" ] || { echo "archived copy differs"; exit 1; }

printf '%-34s %s\n' "file size" "${size_mib} MiB"
printf '%-34s %s\n' "JVM options" "$PIPELINE_JVM_OPTIONS"
printf '%-34s %s MiB\n' "RSS after start (idle)" "$((idle_rss / 1024))"
printf '%-34s %s MiB\n' "peak RSS (VmHWM)" "$((peak_kib / 1024))"
printf '%-34s %.1f s\n' "end-to-end time" "$(echo "$end - $start" | bc)"
