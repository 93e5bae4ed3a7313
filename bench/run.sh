#!/usr/bin/env bash
# The benchmark runner (issue 8, docs/benchmarks.md): the pipeline as separate processes (broker, gateway and
# the four stages, one JVM each with bin/jvm-options) against the testkit doubles (Zoom, B2, Bunny Stream,
# website). Prints a table of figures and ratios measured side by side in one run and writes it as JSON.
#
#   bench/run.sh [--size-mib N] [--json FILE]
#
# --size-mib  size of the big recording of the memory and throughput figures (default 4096 = 4 GiB)
# --json      where to write the results (default target/bench/results.json; the table goes to FILE.txt too)
# BENCH_OPTS  more -D settings, e.g. "-Dbench.webhooks=2000 -Dbench.clients=16 -Dbench.pipeline-mib=8
#             -Dbench.cap-mib-per-s=4 -Dbench.recordings=8 -Dbench.parts=hops,intake"
# Needs curl, and about 5x the size free on the disk of standalone/target.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
size=4096
json="$root/target/bench/results.json"
while [ $# -gt 0 ]; do
  case "$1" in
    --size-mib) size="$2"; shift 2 ;;
    --json) json="$(realpath -m "$2")"; shift 2 ;;
    *) echo "usage: bench/run.sh [--size-mib N] [--json FILE]" >&2; exit 2 ;;
  esac
done
command -v curl > /dev/null || { echo "bench/run.sh needs curl" >&2; exit 1; }
cd "$root"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
# the runner is a JUnit class skipped unless -Dbench=true; standalone's suites run under failsafe after package
# (which builds the service jars; never install), so only that class runs, and no unit test of the other modules
rm -f "$json" "$json.txt"
# shellcheck disable=SC2086
./mvnw -B -q -o -pl standalone -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=PipelineBenchmark -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dbench=true -Dbench.size-mib="$size" -Dbench.json="$json" ${BENCH_OPTS:-} \
  || { echo "benchmark failed; see standalone/target/failsafe-reports/*PipelineBenchmark* and standalone/target/bench/logs" >&2
       exit 1; }
cat "$json.txt"
echo "JSON: $json"
