#!/usr/bin/env bash
# Benchmark: a Zoom recording of SIZE bytes (default 4 GiB) through stage-download's Zoom fetcher, in its own
# JVM with the small-footprint flags of bin/jvm-options, from the Zoom double (302 to storage, bearer token)
# running in another JVM. The fetcher downloads RUNS times in one JVM, as a long-running stage would: run 1 is
# the cold start, later runs the warmed-up service. curl downloads the same file from the same double (to
# disk, following the redirect) before and after. Reports the fetcher's peak RSS and each run's throughput
# against curl.
#
#   bench/download-zoom.sh [SIZE_BYTES] [WORK_DIR] [RUNS=2]
#
# Targets (issue 5): peak RSS <= 256 MiB, throughput >= 0.9x curl (judged on the last, warmed-up run).
# Exit status 1 when a target is missed or the download is not byte-identical.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
size="${1:-$((4 * 1024 * 1024 * 1024))}"
work="${2:-$(mktemp -d "${TMPDIR:-/tmp}/download-zoom.XXXXXX")}"
runs="${3:-2}"
token="bench-$(date +%s)-$RANDOM"
mkdir -p "$work"

cd "$root"
./mvnw -B -q -o -pl stage-download -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
# private copies of the compiled classes, so a rebuild during the run cannot change them under the JVMs
rm -rf "$work/classes" && mkdir -p "$work/classes"
for dir in pipeline-core/target/classes pipeline-testkit/target/classes stage-download/target/classes stage-download/target/test-classes; do
  mkdir -p "$work/classes/$dir" && cp -r "$root/$dir/." "$work/classes/$dir/"
done
deps="$(sed -e "s#$root/#$work/classes/#g" "$root/stage-download/target/bench-classpath.txt")"
cp="$work/classes/stage-download/target/classes:$work/classes/stage-download/target/test-classes:$deps"
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
for _ in $(seq 1 150); do
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

echo "source: $size bytes, sha1 $expected_sha1; JVM flags: $PIPELINE_JVM_OPTIONS"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
curl_before="$(run_curl)"
rm -rf "$work/spool"
# shellcheck disable=SC2086
java $PIPELINE_JVM_OPTIONS -cp "$cp" "$main" download "$url" "$token" "$size" "$work/spool" "$runs" \
  > "$work/fetcher.out" 2> "$work/fetcher.err"
rm -rf "$work/spool"
curl_after="$(run_curl)"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$size" "$expected_sha1" "$curl_before" "$curl_after" "$work/fetcher.out" <<'PY'
import re, sys
size, expected, c1, c2, out = sys.argv[1:]
mib = 1 << 20
curl = (float(c1) + float(c2)) / 2
print(f"curl (to disk): {curl / mib:.1f} MiB/s mean of before {float(c1) / mib:.1f} and after {float(c2) / mib:.1f}")
text = open(out).read()
runs = re.findall(r"run=(\d+) bytes=(\d+) seconds=([\d.]+) mib_per_s=[\d.]+ sha1=([0-9a-f]+)", text)
rss = int(re.search(r"peak_rss_kib=(\d+)", text).group(1)) / 1024
identical = bool(runs) and all(int(b) == int(size) and s == expected for _, b, _, s in runs)
ratio = 0
for run, b, secs, _ in runs:
    rate = int(b) / float(secs)
    ratio = rate / curl
    label = "cold start" if run == "1" else "warm"
    print(f"fetcher run {run} ({label}, to the spool + SHA-1): {rate / mib:.1f} MiB/s = {ratio:.2f}x curl")
print(f"fetcher peak RSS (VmHWM): {rss:.0f} MiB")
print("content: " + ("byte-identical on every run (SHA-1 matches)" if identical else "MISMATCH"))
print(f"targets: RSS <= 256 MiB {'met' if rss <= 256 else 'MISSED'}; "
      f"throughput >= 0.9x curl (last run) {'met' if ratio >= 0.9 else 'MISSED'}")
sys.exit(0 if identical and rss <= 256 and ratio >= 0.9 else 1)
PY
