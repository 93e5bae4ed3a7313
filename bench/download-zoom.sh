#!/usr/bin/env bash
# Benchmark: a Zoom recording of SIZE bytes (default 4 GiB) through stage-download's Zoom fetcher, in its own
# JVM with the small-footprint flags of bin/jvm-options, from the Zoom double (302 to storage, bearer token)
# running in another JVM. Reports the fetcher's peak RSS and its throughput next to curl downloading the same
# file from the same double (also to disk, following the redirect) in the same run.
#
#   bench/download-zoom.sh [SIZE_BYTES] [WORK_DIR]
#
# Targets (issue 5): peak RSS <= 256 MiB, throughput >= 0.9x curl. Exit status 1 when a target is missed.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
size="${1:-$((4 * 1024 * 1024 * 1024))}"
work="${2:-$(mktemp -d "${TMPDIR:-/tmp}/download-zoom.XXXXXX")}"
token="bench-$(date +%s)-$RANDOM"
mkdir -p "$work"

cd "$root"
./mvnw -B -q -o -pl stage-download -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
cp="$root/stage-download/target/classes:$root/stage-download/target/test-classes:$(cat "$root/stage-download/target/bench-classpath.txt")"
. "$root/bin/jvm-options"
main=academy.pipeline.download.zoom.ZoomDownloadBenchmark

source_file="$work/recording.mp4"
if [ ! -f "$source_file" ] || [ "$(stat -c %s "$source_file")" != "$size" ]; then
  echo "writing a $size-byte source file to $source_file"
  head -c "$size" /dev/urandom > "$source_file"
fi
expected_sha1="$(sha1sum "$source_file" | cut -d' ' -f1)"

# shellcheck disable=SC2086
java $PIPELINE_JVM_OPTIONS -cp "$cp" "$main" serve "$source_file" "$token" > "$work/server.out" 2> "$work/server.err" &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  [ -s "$work/server.out" ] && break
  sleep 0.2
done
url="$(head -1 "$work/server.out")"
[ -n "$url" ] || { echo "the Zoom double did not start:"; cat "$work/server.err"; exit 1; }

run_curl() {
  rm -f "$work/curl.out"
  curl -sS -L --fail -H "Authorization: Bearer $token" -o "$work/curl.out" -w '%{speed_download}' "$url"
  rm -f "$work/curl.out"
}

run_fetcher() {
  rm -rf "$work/spool"
  # shellcheck disable=SC2086
  java $PIPELINE_JVM_OPTIONS -cp "$cp" "$main" download "$url" "$token" "$size" "$work/spool" 2> "$work/fetcher.err"
  rm -rf "$work/spool"
}

echo "source: $size bytes, sha1 $expected_sha1; JVM flags: $PIPELINE_JVM_OPTIONS"
curl_bps="$(run_curl)"
fetcher="$(run_fetcher)"
echo "fetcher: $fetcher"
curl_bps2="$(run_curl)"

fetch_bytes="$(sed -E 's/.*bytes=([0-9]+).*/\1/' <<<"$fetcher")"
fetch_seconds="$(sed -E 's/.*seconds=([0-9.]+).*/\1/' <<<"$fetcher")"
fetch_sha1="$(sed -E 's/.*sha1=([0-9a-f]+).*/\1/' <<<"$fetcher")"
rss_kib="$(sed -E 's/.*peak_rss_kib=([0-9]+).*/\1/' <<<"$fetcher")"
python3 - "$size" "$fetch_bytes" "$fetch_seconds" "$fetch_sha1" "$expected_sha1" "$rss_kib" "$curl_bps" "$curl_bps2" <<'PY'
import sys
size, got, secs, sha1, expected, rss_kib, c1, c2 = sys.argv[1:]
mib = 1 << 20
fetch = int(got) / float(secs)
curl = (float(c1) + float(c2)) / 2
ratio = fetch / curl
rss = int(rss_kib) / 1024
print(f"curl (to disk, mean of 2 runs around the fetcher): {curl / mib:.1f} MiB/s ({float(c1) / mib:.1f}, {float(c2) / mib:.1f})")
print(f"stage-download Zoom fetcher (to the spool + SHA-1): {fetch / mib:.1f} MiB/s = {ratio:.2f}x curl")
print(f"fetcher peak RSS: {rss:.0f} MiB")
ok = int(got) == int(size) and sha1 == expected
print("content: " + ("byte-identical (SHA-1 matches)" if ok else "MISMATCH"))
print(f"targets: RSS <= 256 MiB {'met' if rss <= 256 else 'MISSED'}; throughput >= 0.9x curl {'met' if ratio >= 0.9 else 'MISSED'}")
sys.exit(0 if ok and rss <= 256 and ratio >= 0.9 else 1)
PY
