#!/usr/bin/env bash
# The full chaos suite: recordings through the pipeline as separate processes, archived on the B2 double and hosted
# on the Bunny Stream double, while services are SIGKILLed and restarted, the broker restarts once and the website
# goes down for a while. Prints "N passed, M failed".
# Usage: bench/chaos.sh [RECORDINGS] [KILLS]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
./mvnw -B -q -DskipTests package
./mvnw -B -q -pl standalone -am test -Dtest=ChaosTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dchaos.recordings="${1:-50}" -Dchaos.kills="${2:-16}" -Dchaos.minutes=20 || true
cat standalone/target/chaos/summary.txt
grep -q ' 0 failed' standalone/target/chaos/summary.txt
