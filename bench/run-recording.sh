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

. bench/common.sh
use_jdk run-recording.sh

case " $* " in *" --jar "*) build_bench_jars 1 ;; *) build_bench_jars 0 ;; esac

exec timeout --foreground -k 30 "${BENCH_TIMEOUT_SECONDS:-900}" \
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED ${BENCH_JAVA_OPTS:-} \
  -cp bench/target/livepipe-bench.jar dev.livepipe.bench.RecordingBench "$@"
