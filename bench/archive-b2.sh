#!/usr/bin/env bash
# Benchmark of the B2 archive: archives one file (default 4G; any numfmt IEC size, e.g. 512M) through the archive
# stage running as its own JVM with the small-footprint flags of bin/jvm-options, to the B2 double, and in the same
# run POSTs the same bytes with curl to an upload URL of the same double. Reports the stage's peak RSS and both
# throughputs. Needs java 17, curl, jq, sha1sum, numfmt.
#   bench/archive-b2.sh [size]
# BENCH_DIR=... chooses the scratch folder (deleted at the start; needs 4x the size free);
# STAGE_ARGS="--pipeline.archive.b2.upload-threads=4 ..." passes settings to the stage.
set -euo pipefail
size_arg="${1:-4G}"
bytes=$(numfmt --from=iec "$size_arg")
root="$(cd "$(dirname "$0")/.." && pwd)"
work="${BENCH_DIR:-$root/target/bench-archive-b2}"
rm -rf "$work"
mkdir -p "$work/data/spool/bench-b2"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

echo "== building stage-archive (offline, no install)"
(cd "$root" && ./mvnw -B -q -o -pl stage-archive -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test)
cp="$root/stage-archive/target/test-classes:$root/stage-archive/target/classes:$(cat "$root/stage-archive/target/bench.classpath")"
driver=(java -Xmx512m -cp "$cp" academy.pipeline.archive.b2.bench.ArchiveBenchDriver)

echo "== starting broker + B2 double (helper JVM)"
"${driver[@]}" serve "$work" "$work/services.env" > "$work/services.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do [ -s "$work/services.env" ] && break; sleep 0.5; done
# shellcheck disable=SC1091
. "$work/services.env"

file="$work/data/spool/bench-b2/video.mp4"
echo "== writing $size_arg ($bytes bytes) of random data"
head -c "$bytes" /dev/urandom > "$file"
sha1=$(sha1sum "$file" | cut -d' ' -f1)

# Each timed phase starts with no dirty pages left to write back, so no phase pays for the previous one's writes.
curl_upload() {  # $1: file name in the bucket; prints seconds
  local auth token api account bucket_id upload out status seconds
  auth=$(curl -sf -X POST -u "$KEY_ID:$KEY" -d '{}' "${MASTER_URL}b2api/v2/b2_authorize_account")
  token=$(jq -r .authorizationToken <<<"$auth"); api=$(jq -r .apiUrl <<<"$auth"); account=$(jq -r .accountId <<<"$auth")
  bucket_id=$(curl -sf -X POST -H "Authorization: $token" -d "{\"accountId\":\"$account\",\"bucketName\":\"$BUCKET\"}" \
    "$api/b2api/v2/b2_list_buckets" | jq -r '.buckets[0].bucketId')
  upload=$(curl -sf -X POST -H "Authorization: $token" -d "{\"bucketId\":\"$bucket_id\"}" "$api/b2api/v2/b2_get_upload_url")
  sync
  out=$(curl -s -o "$work/curl-response.json" -w '%{http_code} %{time_total}' -X POST -T "$file" \
    -H "Authorization: $(jq -r .authorizationToken <<<"$upload")" -H "X-Bz-File-Name: $1" \
    -H "Content-Type: video/mp4" -H "X-Bz-Content-Sha1: $sha1" "$(jq -r .uploadUrl <<<"$upload")")
  read -r status seconds <<<"$out"
  [ "$status" = 200 ] || { echo "curl upload failed: $status $(cat "$work/curl-response.json")" >&2; exit 1; }
  echo "$seconds"
}

echo "== curl baseline (before): one POST of the file to a b2_upload_file URL of the double"
curl_before=$(curl_upload bench/curl-before.mp4)

echo "== archive stage JVM (bin/jvm-options) archiving the same file"
# shellcheck disable=SC1091
. "$root/bin/jvm-options"
# shellcheck disable=SC2086
B2_APPLICATION_KEY_ID="$KEY_ID" B2_APPLICATION_KEY="$KEY" B2_BUCKET_NAME="$BUCKET" \
  java $PIPELINE_JVM_OPTIONS -jar "$root/stage-archive/target/stage-archive-1.0.0-SNAPSHOT-exec.jar" \
  --spring.kafka.bootstrap-servers="$BROKERS" --pipeline.data-dir="$work/data" \
  --pipeline.archive.b2.master-url="$MASTER_URL" ${STAGE_ARGS:-} > "$work/stage.log" 2>&1 &
stage=$!
pids+=($stage)
for _ in $(seq 1 240); do grep -q "Started ArchiveStageApplication" "$work/stage.log" && break; kill -0 "$stage" 2>/dev/null || break; sleep 0.5; done
grep -q "Started ArchiveStageApplication" "$work/stage.log" || { echo "stage did not start"; tail -50 "$work/stage.log"; exit 1; }
idle_rss=$(awk '/VmRSS/ {print $2}' "/proc/$stage/status")
peak_rss=0
( while kill -0 "$stage" 2>/dev/null; do awk '/VmRSS/ {print $2}' "/proc/$stage/status" 2>/dev/null; sleep 0.2; done ) \
  > "$work/rss.samples" &
pids+=($!)

sync
"${driver[@]}" publish "$BROKERS" bench-b2 "$file" "$sha1"
stage_ms=$("${driver[@]}" await "$BROKERS" bench-b2 | sed -n 's/^DURATION_MS=//p')
hwm=$(awk '/VmHWM/ {print $2}' "/proc/$stage/status")
peak_rss=$(sort -n "$work/rss.samples" | tail -1)

echo "== curl baseline (after)"
curl_after=$(curl_upload bench/curl-after.mp4)
curl_seconds=$(echo "scale=3; ($curl_before + $curl_after) / 2" | bc)

mib() { echo "scale=1; $1 / 1024" | bc; }
rate() { echo "scale=1; $bytes / 1048576 / $1" | bc; }
stage_seconds=$(echo "scale=3; $stage_ms / 1000" | bc)
echo
echo "file size:                 $size_arg ($bytes bytes), SHA-1 $sha1"
echo "curl POST to the double:   before ${curl_before}s, after ${curl_after}s; mean ${curl_seconds}s  $(rate "$curl_seconds") MiB/s"
echo "archive stage (b2 step):   ${stage_seconds}s  $(rate "$stage_seconds") MiB/s  (${STAGE_ARGS:-default settings})"
echo "throughput vs curl:        $(echo "scale=2; $curl_seconds / $stage_seconds" | bc)x"
echo "stage RSS idle after start: $(mib "$idle_rss") MiB; peak while archiving (sampled): $(mib "$peak_rss") MiB; VmHWM: $(mib "$hwm") MiB"
