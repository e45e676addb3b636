#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# WHIP benchmark (issue 4): set-up time over 20 headless-Chromium publishes (POST → ICE → DTLS →
# first keyframe → first HLS segment), then headless WHIP load clients (ice4j + BC DTLS + SRTP,
# replaying H.264/Opus RTP) at N = 8 and 32 plus up to two more N bracketing the largest N ≤ 64
# the node holds. Loopback only. See docs/benchmarks.md.
#
#   bench/run-whip.sh [N ...] [--publishes P] [--seconds T] [--warmup W] [--only setup|load] [--no-search]
#
# Needs a JDK 21+ and Chromium at /usr/bin/chromium. Builds server/target/livepipe.jar and
# bench/target/livepipe-bench.jar when missing or older than the sources. Every process it starts
# (server, Playwright driver, Chromium) is stopped at the end, also on failure or Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."

. bench/common.sh
use_jdk run-whip.sh
[ -x /usr/bin/chromium ] || { echo "run-whip.sh needs Chromium at /usr/bin/chromium (apt-get install chromium)" >&2; exit 1; }

# The bench uses ingest's test classes (TestWebRtcPeer, RtpTestPacketizer) from its test-jar, so
# tests are compiled (not run): -DskipTests, not -Dmaven.test.skip.
build_bench_jars 0

export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# Kill the whole tree of the benchmark JVM on any exit (its own hooks do this too; this also
# covers a JVM that is killed hard).
kill_tree() {
  local p
  for p in $(ps -o pid= --ppid "$1" 2>/dev/null); do kill_tree "$p"; done
  kill -KILL "$1" 2>/dev/null || true
}
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED ${BENCH_JAVA_OPTS:-} \
  -cp "bench/target/livepipe-bench.jar:bench/target/lib/*" dev.livepipe.bench.WhipBench "$@" &
bench_pid=$!
trap 'kill -TERM "$bench_pid" 2>/dev/null; sleep 3; kill_tree "$bench_pid"' INT TERM
trap 'kill_tree "$bench_pid"' EXIT
set +e
wait "$bench_pid"
status=$?
set -e
exit "$status"
