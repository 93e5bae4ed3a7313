#!/usr/bin/env bash
# Tutor-upload benchmark: the gateway's /tusupload (tus-java-server, bin/jvm-options) against @tus/server
# (Node, file store), each driven by the same client in the same run: tus-js-client, then tus-java-client.
# Then 4 uploads at once to the gateway. Reports throughput ratios and the gateway's peak RSS (VmHWM).
#
#   bench/tus-upload.sh [SIZE_MIB]        (default 1024; needs node >= 20, npm ci in standalone/src/test/js
#                                          and in bench/tus, and the jars built: ./mvnw -q -DskipTests package)
#
# The gateway runs alone; Kafka comes from a standalone process whose stages are switched off, so the uploaded
# recordings are published but not processed (nothing but the upload is measured).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
size_mib="${1:-1024}"
work="$(mktemp -d "${TMPDIR:-/tmp}/tus-bench.XXXXXX")"
secret="bench-grant-secret"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_http() { for _ in $(seq 1 1200); do curl -s -o /dev/null "$1" && return 0; sleep 0.5; done; echo "timeout waiting for $1" >&2; exit 1; }
peak_rss_mib() { awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
rss_mib() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }

# An upload grant, signed as the website does (docs/tus.md).
grant() {
  local payload
  payload=$(printf '{"ace_id":"%s","exp":%d,"max_size":%d}' "$1" "$(( $(date +%s) + 86400 ))" $(( 64 * 1024 * 1024 * 1024 )) \
    | base64 -w0 | tr '+/' '-_' | tr -d '=')
  printf '%s.%s' "$payload" "$(printf '%s' "$payload" | openssl dgst -sha256 -hmac "$secret" -hex | awk '{print $NF}')"
}

gateway_jar="$root/gateway/target/gateway-1.0.0-SNAPSHOT-exec.jar"
standalone_jar="$root/standalone/target/standalone-1.0.0-SNAPSHOT.jar"
client_jar="$HOME/.m2/repository/io/tus/java/client/tus-java-client/0.5.1/tus-java-client-0.5.1.jar"
js_upload="$root/standalone/src/test/js/upload.js"
for f in "$gateway_jar" "$standalone_jar" "$client_jar" "$root/standalone/src/test/js/node_modules/tus-js-client" "$root/bench/tus/node_modules/@tus/server"; do
  [ -e "$f" ] || { echo "missing $f (see the header of this script)" >&2; exit 1; }
done

echo "creating a ${size_mib} MiB test file"
head -c "$(( size_mib * 1024 * 1024 ))" /dev/urandom > "$work/upload.bin"
head -c "$(( 64 * 1024 * 1024 ))" /dev/urandom > "$work/warmup.bin"

kafka_port=$(free_port); controller_port=$(free_port); kafka_http=$(free_port)
# both include the gateway's operator port (default 9010): each gets a free one, or the second cannot start
java -Xmx512m -jar "$standalone_jar" --server.port="$kafka_http" --pipeline.data-dir="$work/kafka-host" \
  --pipeline.gateway.operator-port="$(free_port)" \
  --pipeline.standalone.kafka-port="$kafka_port" --pipeline.standalone.controller-port="$controller_port" \
  --spring.kafka.listener.auto-startup=false > "$work/kafka-host.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$kafka_http/recordings"

. "$root/bin/jvm-options"
gw_port=$(free_port)
# shellcheck disable=SC2086
java $PIPELINE_JVM_OPTIONS -jar "$gateway_jar" --server.port="$gw_port" --pipeline.data-dir="$work/gateway" \
  --pipeline.gateway.operator-port="$(free_port)" \
  --spring.kafka.bootstrap-servers="127.0.0.1:$kafka_port" --pipeline.tus.grant-secret="$secret" \
  --pipeline.tus.max-size=64GB > "$work/gateway.log" 2>&1 &
gw_pid=$!; pids+=($gw_pid)
wait_http "http://127.0.0.1:$gw_port/recordings"

node_port=$(free_port)
node "$root/bench/tus/node-server.js" "$node_port" "$work/node-files" > "$work/node-server.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$node_port/files"

gateway_url="http://127.0.0.1:$gw_port/tusupload"
node_url="http://127.0.0.1:$node_port/files"
ace=0
js_ms() { # endpoint file
  ace=$((ace + 1))
  node "$js_upload" --endpoint "$1" --file "$2" --grant "$(grant "bench-$ace")" --meta "ace_id=bench-$ace" \
    --meta filename=bench.mp4 | python3 -c 'import json,sys; print(round(json.load(sys.stdin)["millis"]))'
}
java_ms() { # endpoint file
  ace=$((ace + 1))
  java -cp "$client_jar" "$root/bench/tus/TusJavaUpload.java" "$1" "$2" "$(grant "bench-$ace")" "bench-$ace"
}
clear_uploads() { rm -rf "$work/gateway/tus/uploads"/* "$work/node-files"/* 2>/dev/null || true; }
mib_s() { python3 -c "print(f'{$size_mib / ($1 / 1000):.0f}')"; }

# the raw disk limit as context: the same file written to the gateway's data disk with one fsync at the end
dd_mib_s() {
  local start end
  start=$(date +%s%N)
  dd if="$work/upload.bin" of="$work/dd.out" bs=4M conv=fsync status=none
  end=$(date +%s%N)
  rm -f "$work/dd.out"
  python3 -c "print(f'{$size_mib / (($end - $start) / 1e9):.0f}')"
}
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
dd_before=$(dd_mib_s)

echo "warming up both servers"
js_ms "$gateway_url" "$work/warmup.bin" > /dev/null; js_ms "$node_url" "$work/warmup.bin" > /dev/null
java_ms "$gateway_url" "$work/warmup.bin" > /dev/null; java_ms "$node_url" "$work/warmup.bin" > /dev/null
clear_uploads
sync
idle_rss=$(rss_mib "$gw_pid")

results=()
for client in js java; do
  ms_gw=$("${client}_ms" "$gateway_url" "$work/upload.bin"); clear_uploads; sync
  ms_node=$("${client}_ms" "$node_url" "$work/upload.bin"); clear_uploads; sync
  ratio=$(python3 -c "print(f'{$ms_node / $ms_gw:.2f}')")
  results+=("tus-${client}-client: /tusupload $(mib_s "$ms_gw") MiB/s (${ms_gw} ms), @tus/server $(mib_s "$ms_node") MiB/s (${ms_node} ms), ratio ${ratio}x")
done
single_peak=$(peak_rss_mib "$gw_pid")

echo "4 uploads of ${size_mib} MiB at once to /tusupload"
start=$(date +%s%N)
uploads=()
for i in 1 2 3 4; do js_ms "$gateway_url" "$work/upload.bin" > "$work/concurrent-$i.ms" & uploads+=($!); done
for upload in "${uploads[@]}"; do wait "$upload"; done
concurrent_s=$(python3 -c "print(f'{($(date +%s%N) - $start) / 1e9:.1f}')")
concurrent_peak=$(peak_rss_mib "$gw_pid")
clear_uploads

dd_after=$(dd_mib_s)

echo
echo "== tus upload benchmark, ${size_mib} MiB, $(nproc) cores, gateway with bin/jvm-options =="
echo "load average before ${load_before}, after $(cut -d' ' -f1-3 /proc/loadavg)"
echo "limit: dd of the file with fsync to the data disk: ${dd_before} MiB/s before, ${dd_after} MiB/s after"
printf '%s\n' "${results[@]}"
echo "gateway RSS: idle ${idle_rss} MiB, peak after single uploads ${single_peak} MiB (goal <= 256)"
echo "4 concurrent uploads: ${concurrent_s} s total, gateway peak ${concurrent_peak} MiB" \
  "(+$(python3 -c "print(f'{($concurrent_peak - $single_peak) * 100 / $single_peak:.1f}')")%, goal <= 10%)"
