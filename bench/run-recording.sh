#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Recording benchmark (issue 3): CPU per recorded stream on top of live HLS (LIVEPIPE_RECORDING
# off vs on, N paced 720p30 RTMP publishers), time from broadcast end to recording complete in S3
# (p50/p99), and sweeper throughput (10,000 expired recordings and their objects). Loopback only.
# See docs/benchmarks.md, "Recording (issue 3)".
#
#   bench/run-recording.sh [N ...] [--seconds T] [--only cpu|completion|sweep] [--help]
#
# Defaults: N = 1 8 32, T = 50 s per phase, 2 rounds x 8 broadcasts of 25 s, 10,000 recordings:
# about 11 minutes. Builds server/target/livepipe.jar and bench/target/livepipe-bench.jar when
# missing or older than the sources. The whole run is killed after BENCH_TIMEOUT_SECONDS (default
# 900); the benchmark's shutdown hooks then stop every server, PostgreSQL and S3 it started.
set -euo pipefail
cd "$(dirname "$0")/.."

# A JDK 21 or newer: $JAVA_HOME, else java on the PATH, else the newest under /usr/lib/jvm.
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'
}
pick_jdk() {
  local candidates=() c
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null; then candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"); fi
  for c in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do candidates+=("${c%/}"); done
  for c in "${candidates[@]}"; do
    if [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] && [ "$(java_major "$c/bin/java" || echo 0)" -ge 21 ] 2>/dev/null; then
      echo "$c"; return 0
    fi
  done
  return 1
}
JAVA_HOME=$(pick_jdk) || { echo "run-recording.sh needs a JDK 21 or newer (set JAVA_HOME)" >&2; exit 1; }
export JAVA_HOME
echo "JDK: $JAVA_HOME" >&2

# Build what is missing or stale (serialized with other builds in this checkout when flock exists).
jars=(server/target/livepipe.jar bench/target/livepipe-bench.jar)
modules=server,bench
case " $* " in *" --jar "*) jars=(bench/target/livepipe-bench.jar); modules=bench ;; esac
stale=0
for j in "${jars[@]}"; do
  if [ ! -f "$j" ] || [ -n "$(find pom.xml */pom.xml */src/main -newer "$j" -print -quit 2>/dev/null)" ]; then stale=1; fi
done
if [ "$stale" = 1 ]; then
  echo "Building ${jars[*]} ..." >&2
  build=(./mvnw -q -B -DskipTests -Djazzer.skip=true package -pl "$modules" -am)
  if command -v flock >/dev/null; then flock /tmp/livepipe-build.lock "${build[@]}"; else "${build[@]}"; fi
fi

exec timeout --foreground -k 30 "${BENCH_TIMEOUT_SECONDS:-900}" \
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED ${BENCH_JAVA_OPTS:-} \
  -cp bench/target/livepipe-bench.jar dev.livepipe.bench.RecordingBench "$@"
